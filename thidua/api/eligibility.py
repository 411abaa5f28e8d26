"""Eligibility (xét điều kiện) of a person or a unit for a year: every title with its verdict and
every criterion with its result, fact and legal source, exactly as the screens show them — the
same functions of thidua.evaluation.services build the screen and this answer."""

from ninja import Field, Query, Router, Schema

from thidua.api.common import ONE_ERRORS, one
from thidua.council.subjects import organization_titles
from thidua.evaluation.facts import organization_unit_id
from thidua.evaluation.services import (
    MAIN_UNIT_TITLES,
    VERDICT_LABELS,
    Eligibility,
    default_year,
    evaluate_organization,
    person_eligibility,
    unit_eligibility,
    verdict_rows,
)
from thidua.organization.models import STAFF_UNIT_KINDS, Organization, Person, Unit

router = Router(tags=["Xét điều kiện"])

FIRST_YEAR = 2015  # the screens' first year under review (evaluation.views)
YEAR = Query(None, ge=FIRST_YEAR, le=2100, description="Năm xét; mặc định như màn hình: năm gần "
             "nhất cơ quan đã có xếp loại.")  # fmt: skip
RESULTS = {True: "Đạt", False: "Không đạt", None: "Hội đồng xem xét"}


class CriterionOut(Schema):
    code: str = Field(description="Mã tiêu chí.")
    passed: bool | None = Field(description="true: đạt; false: không đạt; null: Hội đồng xem "
                                "xét.")  # fmt: skip
    result: str = Field(description="Kết quả như màn hình: Đạt, Không đạt, Hội đồng xem xét.")
    detail: str = Field(description="Tiêu chí và dữ kiện của năm, như màn hình ghi.")
    source: str = Field(description="Căn cứ pháp lý: văn bản, điều, khoản.")
    source_key: str = Field(description="Mã căn cứ trong thidua.rules.")
    to_confirm: bool = Field(description="Quy định chưa được xác nhận (tham số của cơ quan).")
    route: str | None = Field(description="Nhánh điều kiện (khi danh hiệu có nhiều cách đạt).")


class VerdictOut(Schema):
    code: str = Field(description="Mã danh hiệu, hình thức.")
    name: str
    verdict: str = Field(description="eligible (đủ điều kiện), ineligible (chưa đủ), review "
                         "(Hội đồng xem xét).")  # fmt: skip
    verdict_name: str
    to_review: list[str] = Field(description="Các tiêu chí Hội đồng phải xem xét.")
    criteria: list[CriterionOut]


class EligibilityOut(Schema):
    year: int
    person_id: int | None
    unit_id: int | None
    subject_name: str
    regime: str = Field(description="Chế độ pháp luật áp dụng cho năm: 2017 hoặc 2023.")
    instruments: list[str] = Field(description="Căn cứ: các văn bản áp dụng cho năm.")
    to_confirm: int = Field(description="Số quy định của năm còn chờ cơ quan xác nhận.")
    judged: bool = Field(description="false: năm đó không có gì để xét (cán bộ không công tác "
                         "trong năm; đơn vị không thuộc diện xét).")  # fmt: skip
    verdicts: list[VerdictOut]
    next_steps: list[str] = Field(description="Còn thiếu gì (cá nhân), như màn hình.")


class OrganizationEligibilityOut(EligibilityOut):
    organization_id: int
    nominable: list[str] = Field(
        description="Danh hiệu, hình thức cơ quan được đề nghị cho chính mình (do cấp trên quyết "
        "định), như màn hình «Đề nghị»."
    )


def _answer(found: Eligibility, *, person=None, unit=None, organization=None) -> dict:
    rule_set = found.rule_set
    subject = person.full_name if person else unit.name if unit else organization.name
    return {
        "year": found.year,
        "person_id": person.pk if person else None,
        "unit_id": unit.pk if unit else None,
        "subject_name": subject,
        "regime": rule_set.regime,
        "instruments": list(rule_set.instruments),
        "to_confirm": len(rule_set.to_confirm()),
        "judged": found.judged,
        "verdicts": [
            {"code": row["code"], "name": row["name"], "verdict": row["verdict"],
             "verdict_name": VERDICT_LABELS[row["verdict"]], "to_review": list(row["to_review"]),
             "criteria": [
                 {"code": c.code, "passed": c.passed, "result": RESULTS[c.passed],
                  "detail": c.detail, "source": c.source, "source_key": c.source_key,
                  "to_confirm": c.to_confirm, "route": c.route}
                 for c in row["criteria"]
             ]}
            for row in found.rows
        ],
        "next_steps": [step.summary for step in found.next_steps],
    }  # fmt: skip


@router.get("/people/{person_id}/eligibility", response={200: EligibilityOut, **ONE_ERRORS},
            summary="Xét điều kiện của một cán bộ")  # fmt: skip
def get_person_eligibility(request, person_id: int, year: int | None = YEAR):
    """Mọi danh hiệu cá nhân của năm, mỗi tiêu chí với kết quả, dữ kiện và căn cứ pháp lý, như
    mục «Xét điều kiện» của trang cán bộ."""
    person = one(Person.objects.visible_to(request.user).select_related("organization"),
                 person_id)  # fmt: skip
    year = year or default_year(person.organization)
    return _answer(person_eligibility(person, year), person=person)


@router.get("/units/{unit_id}/eligibility", response={200: EligibilityOut, **ONE_ERRORS},
            summary="Xét điều kiện của một tập thể")  # fmt: skip
def get_unit_eligibility(request, unit_id: int, year: int | None = YEAR):
    """Các danh hiệu tập thể của năm, mỗi tiêu chí với kết quả, dữ kiện và căn cứ pháp lý; cho
    những ai màn hình «Xét điều kiện» cho xem tập thể: lãnh đạo, Hội đồng (mọi khoa, phòng),
    trưởng đơn vị (đơn vị mình)."""
    user = request.user
    units = Unit.objects.visible_to(user).filter(kind__in=STAFF_UNIT_KINDS)
    if not user.sees_whole_organization:
        units = units.filter(pk__in=user.headed_unit_ids)
    unit = one(units.select_related("organization"), unit_id)
    year = year or default_year(unit.organization)
    return _answer(unit_eligibility(unit, year), unit=unit)


@router.get("/organizations/{organization_id}/eligibility",
            response={200: OrganizationEligibilityOut, **ONE_ERRORS},
            summary="Xét điều kiện của chính cơ quan")  # fmt: skip
def get_organization_eligibility(request, organization_id: int, year: int | None = YEAR):
    """Các danh hiệu tập thể của chính cơ quan (như một tập thể được xét), mỗi tiêu chí với kết
    quả, dữ kiện và căn cứ pháp lý; cho những ai màn hình «Xét điều kiện» cho xem cơ quan: lãnh
    đạo và Hội đồng. `nominable`: những danh hiệu cơ quan được đề nghị cho chính mình."""
    user = request.user
    mine = Organization.objects.filter(pk=user.organization_id or 0)
    if not user.sees_whole_organization:
        mine = mine.none()
    organization = one(mine, organization_id)
    year = year or default_year(organization)
    evaluation = evaluate_organization(organization, year).evaluation
    key = organization_unit_id(organization.pk)
    if key in evaluation.units:
        rows = verdict_rows(evaluation.verdicts(key, unit=True), main=MAIN_UNIT_TITLES)
        found = Eligibility(year, evaluation.rule_set, judged=True, rows=rows)
    else:
        found = Eligibility(year, evaluation.rule_set, judged=False)
    return {**_answer(found, organization=organization), "organization_id": organization.pk,
            "nominable": list(organization_titles(year))}  # fmt: skip
