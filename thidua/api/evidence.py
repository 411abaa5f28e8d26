"""Evidence of every kind, read through the evidence registry (thidua.evidence.kinds): each kind
registered there gets its list and its record here, with a schema built from the fields of its
screen form, so a new kind appears in the API without touching it."""

from typing import Literal

from django.db.models import Q
from ninja import Field, Query, Router, Schema

from thidua.api.common import LIST_ERRORS, ONE_ERRORS, Cursor, Limit, one
from thidua.api.pagination import paginate
from thidua.api.reads import (
    field_values,
    form_refusal,
    make_schema,
    schema_fields,
    visible_unit,
)
from thidua.evidence.kinds import KINDS, EvidenceKind
from thidua.evidence.models import FIRST_YEAR, LAST_YEAR, Verification

router = Router(tags=["Minh chứng"])

SUBJECTS = ("person", "unit")
YEAR = Query(None, ge=FIRST_YEAR, le=LAST_YEAR,
             description="Năm: những minh chứng có liên quan đến năm đó (như bộ lọc của màn hình: "
             "khóa học, kỳ nghỉ, kỷ luật còn hiệu lực, đề tài đang làm trong năm).")  # fmt: skip
UNIT = Query(None, description="Đơn vị (khoa, phòng): minh chứng của người đang công tác ở đó "
             "(xếp loại đơn vị: của đơn vị và các đơn vị cấp dưới).")  # fmt: skip
PERSON = Query(None, description="Cán bộ: minh chứng về người này (kể cả là đồng tác giả, "
               "thành viên).")  # fmt: skip
VERIFICATION = Query(None, description="Trạng thái xác nhận: proposed (chờ xác nhận), verified "
                     "(đã xác nhận), rejected (không xác nhận).")  # fmt: skip


class EvidenceKindOut(Schema):
    slug: str = Field(description="Mã loại, dùng trong đường dẫn /evidence/{mã}.")
    label: str = Field(description="Tên loại như trên màn hình.")
    subject: str = Field(description="person (về một cán bộ), unit (về một đơn vị) hoặc team "
                         "(về nhiều cán bộ: tác giả, thành viên).")  # fmt: skip
    fields: list[str] = Field(description="Các trường riêng của loại này.")


class TeamMemberOut(Schema):
    person_id: int
    full_name: str


def _subject(kind: EvidenceKind) -> str:
    if kind.team:
        return "team"
    return "unit" if kind.for_units else "person"


def _fields(kind: EvidenceKind) -> list[str]:
    return [name for name in kind.form._meta.fields if name not in SUBJECTS]


@router.get("/evidence", response={200: list[EvidenceKindOut], 401: LIST_ERRORS[401]},
            summary="Các loại minh chứng")  # fmt: skip
def list_evidence_kinds(request):
    """Các loại minh chứng, theo thứ tự các thẻ của màn hình «Minh chứng»."""
    return [
        {"slug": kind.slug, "label": kind.label, "subject": _subject(kind),
         "fields": _fields(kind)}
        for kind in KINDS.values()
    ]  # fmt: skip


def _schemas(kind: EvidenceKind):
    """The record and page schemas of a kind, named after its model and slug."""
    name = "".join(part.capitalize() for part in kind.slug.split("_"))
    common = {
        "id": (int, ...),
        "evidence_kind": (str, Field(description="Loại minh chứng (mã của /evidence).")),
        "organization_id": (int, ...),
        "subject_name": (str, Field(description="Cán bộ, đơn vị hoặc các tác giả được ghi.")),
    }
    if kind.team:
        extra = schema_fields(kind.team_model, kind.team.extra)
        member = make_schema(name + "TeamMemberOut", TeamMemberOut, **extra)
        common["team"] = (list[member], Field(description="{} (theo thứ tự nhập).".format(
            kind.team.label)))  # fmt: skip
    elif kind.for_units:
        common["unit_id"] = (int, Field(description="Đơn vị được xếp loại."))
    else:
        common["person_id"] = (int, Field(description="Cán bộ."))
    common.update(schema_fields(kind.model, _fields(kind)))
    common.update(schema_fields(kind.model, ["verification", "rejection_reason", "verified_at"]))
    record = make_schema(name + "EvidenceOut", **common)
    page = make_schema(name + "EvidencePage", items=(list[record], ...),
                       next_cursor=(str | None, ...))  # fmt: skip
    return record, page


def _record(kind: EvidenceKind, record) -> dict:
    values = {"id": record.pk, "evidence_kind": kind.slug,
              "organization_id": record.organization_id}  # fmt: skip
    if kind.team:
        rows = list(getattr(record, kind.team.related).all())
        values["team"] = [
            {"person_id": row.person_id, "full_name": row.person.full_name,
             **field_values(row, kind.team_model, kind.team.extra)}
            for row in rows
        ]  # fmt: skip
        values["subject_name"] = ", ".join(row.person.full_name for row in rows)
    elif kind.for_units:
        values["unit_id"], values["subject_name"] = record.unit_id, record.unit.name
    else:
        values["person_id"], values["subject_name"] = record.person_id, record.person.full_name
    values.update(field_values(record, kind.model, _fields(kind)))
    values.update(field_values(record, kind.model,
                               ["verification", "rejection_reason", "verified_at"]))  # fmt: skip
    return values


def _about(queryset, person_id: int):
    """Keep the records about this person (as author or member too: each record once)."""
    model = queryset.model
    condition = Q(**{model.person_path: person_id})
    if model.several_people:
        return queryset.filter(pk__in=model.objects.filter(condition).values("pk"))
    return queryset.filter(condition)


def _add_routes(kind: EvidenceKind) -> None:
    record_schema, page_schema = _schemas(kind)
    path = "/evidence/{}".format(kind.slug)

    def list_records(
        request,
        year: int | None = YEAR,
        unit: int | None = UNIT,
        person: int | None = PERSON,
        verification: Literal[tuple(Verification.values)] | None = VERIFICATION,
        cursor: str | None = Cursor,
        limit: int = Limit,
    ):
        user = request.user
        queryset = kind.queryset(user)
        data = {"year": year, "verification": verification}
        if unit is not None:
            data["unit"] = visible_unit(user, unit).pk
        screen = kind.filterset({k: v for k, v in data.items() if v is not None},
                                queryset=queryset, user=user)  # fmt: skip
        if not screen.form.is_valid():
            raise form_refusal(screen.form)
        queryset = screen.qs
        if person is not None:
            queryset = _about(queryset, person)
        filters = {"year": year, "unit": unit, "person": person, "verification": verification}
        page = paginate(queryset, cursor=cursor, limit=limit, filters=filters)
        page["items"] = [_record(kind, record) for record in page["items"]]
        return page

    def get_record(request, record_id: int):
        return _record(kind, one(kind.queryset(request.user), record_id))

    list_records.__doc__ = (
        "Minh chứng «{}» trong phạm vi của tài khoản, như thẻ «{}» của màn hình «Minh chứng»."
    ).format(kind.label, kind.label)
    router.get(path, response={200: page_schema, **LIST_ERRORS}, summary=kind.label,
               operation_id="list_evidence_" + kind.slug,
               url_name="list_evidence_" + kind.slug)(list_records)  # fmt: skip
    router.get(path + "/{record_id}", response={200: record_schema, **ONE_ERRORS},
               summary="Một minh chứng: " + kind.label[:1].lower() + kind.label[1:],
               operation_id="get_evidence_" + kind.slug,
               url_name="get_evidence_" + kind.slug)(get_record)  # fmt: skip


for _kind in KINDS.values():
    _add_routes(_kind)
