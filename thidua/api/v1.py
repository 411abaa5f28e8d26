"""Version 1 of thidua's JSON API (`/api/v1/`): what the screens show, scoped exactly as they
are (each model's `visible_to(user)`), read through a token.

Why django-ninja: the schema (OpenAPI 3.1) comes from the type hints the code already needs,
validation is pydantic's, and the Swagger UI it serves is packaged with it (no CDN); it runs in
Django's own views, so the apps' querysets, permissions and actions are called as they are.
"""

import hashlib
from typing import Literal

from django.db.models import Prefetch, Q
from django.http import HttpResponseNotModified
from ninja import NinjaAPI, Query, Router, Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.utils import normalize_path

from thidua.api import problems
from thidua.api.auth import BearerToken
from thidua.api.common import (
    LIST_ERRORS,
    ONE_ERRORS,
    ChangedSince,
    Cursor,
    Limit,
    one,
    utc,
)
from thidua.api.national import national
from thidua.api.pagination import paginate
from thidua.api.problems import ApiProblem
from thidua.api.schemas import (
    AwardOut,
    AwardPage,
    OrganizationOut,
    OrganizationPage,
    PersonOut,
    PersonPage,
    UnitOut,
    UnitPage,
)
from thidua.api.writes import writes
from thidua.awards.models import Award, body_of, codes_decided_by
from thidua.core.choices import COMMENDATION_FORMS, TitleCode
from thidua.organization.models import Assignment, Organization, Person, Unit, descendant_ids
from thidua.rules import authority

DESCRIPTION = """API JSON của thidua, phiên bản 1: đọc những gì màn hình cho xem, trong đúng
phạm vi của tài khoản (trưởng đơn vị thấy đơn vị mình, cán bộ thấy hồ sơ của mình).

**Xác thực.** Mỗi yêu cầu gửi tiêu đề `Authorization: Bearer <khóa>`; khóa được tạo ở trang
«Khóa API» của tài khoản (hoặc lệnh `python manage.py create_api_token`), chỉ hiện một lần.

**Trang.** Danh sách trả về `items` và `next_cursor`; gửi lại `next_cursor` trong tham số
`cursor` (giữ nguyên bộ lọc) để lấy trang sau. Thứ tự theo mã bản ghi, không đổi giữa các trang.

**Bộ nhớ đệm.** Mỗi câu trả lời có `ETag`; gửi lại trong `If-None-Match` để nhận `304` khi dữ
liệu không đổi.

**Ghi.** Khóa đọc và ghi; mỗi lần ghi gửi tiêu đề `Idempotency-Key` (mới cho mỗi lần ghi): gửi
lại cùng khóa, cùng nội dung nhận lại câu trả lời đầu tiên mà không ghi lần nữa.

**Giới hạn.** Mỗi khóa có số yêu cầu tối đa mỗi phút; quá giới hạn: `429` với `Retry-After`.

**Lỗi.** Theo RFC 9457 (`application/problem+json`), bằng tiếng Việt, `errors` nêu từng trường
sai. Bản ghi ngoài phạm vi của tài khoản trả `404` như không có."""


class ThiduaAPI(NinjaAPI):
    """NinjaAPI with ETags on reads and problem documents typed as such in the schema."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = '"{}"'.format(hashlib.sha256(response.content).hexdigest()[:32])
            response["ETag"] = etag
            response["Cache-Control"] = "private, no-cache"
            response["Vary"] = "Authorization"
            asked = request.headers.get("If-None-Match", "")
            tags = {tag.strip().removeprefix("W/") for tag in asked.split(",")}
            if etag in tags or "*" in tags:
                not_modified = HttpResponseNotModified()
                for header in ("ETag", "Cache-Control", "Vary"):
                    not_modified[header] = response[header]
                return not_modified
        return response

    def _get_urls(self):
        """One URL for each path, whichever routers add its methods: Django takes the first
        pattern matching a path, so the reads of /awards and the write on it must share one
        view (each area's routers live in their own module)."""
        views = {}
        for bound in self._get_bound_routers():
            for path, view in list(bound.path_operations.items()):
                route = normalize_path("/".join(part for part in (bound.prefix, path) if part))
                first = views.setdefault(route, view)
                if first is not view:
                    first.operations.extend(view.operations)
                    del bound.path_operations[path]
        return super()._get_urls()

    def get_openapi_schema(self, *, path_prefix=None, path_params=None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[problems.MEDIA_TYPE] = content.pop("application/json")
        return schema


api = ThiduaAPI(
    title="thidua – API thi đua, khen thưởng",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=BearerToken(),
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False,
                           "deepLinking": False}),
)
problems.install(api)

# Organisations and units ---------------------------------------------------------------------

organization = Router(tags=["Cơ quan, đơn vị"])


@organization.get("/organizations", response={200: OrganizationPage, **LIST_ERRORS},
                  summary="Danh sách cơ quan")  # fmt: skip
def list_organizations(request, cursor: str | None = Cursor, limit: int = Limit):
    """Cơ quan của tài khoản (người ngoài cơ quan: danh sách rỗng)."""
    user = request.user
    queryset = Organization.objects.filter(pk=user.organization_id or 0)
    return paginate(queryset, cursor=cursor, limit=limit, filters={})


@organization.get("/organizations/{organization_id}", response={200: OrganizationOut, **ONE_ERRORS},
                  summary="Một cơ quan")  # fmt: skip
def get_organization(request, organization_id: int):
    return one(Organization.objects.filter(pk=request.user.organization_id or 0), organization_id)


def _unit(unit: Unit) -> dict:
    return {
        "id": unit.pk, "organization_id": unit.organization_id, "parent_id": unit.parent_id,
        "name": unit.name, "kind": unit.kind, "kind_name": unit.get_kind_display(),
        "position": unit.position,
    }  # fmt: skip


@organization.get("/units", response={200: UnitPage, **LIST_ERRORS}, summary="Danh sách đơn vị")
def list_units(request, cursor: str | None = Cursor, limit: int = Limit):
    """Mọi đơn vị của cơ quan, như trang «Đơn vị»."""
    page = paginate(Unit.objects.visible_to(request.user), cursor=cursor, limit=limit, filters={})
    page["items"] = [_unit(unit) for unit in page["items"]]
    return page


@organization.get("/units/{unit_id}", response={200: UnitOut, **ONE_ERRORS}, summary="Một đơn vị")
def get_unit(request, unit_id: int):
    return _unit(one(Unit.objects.visible_to(request.user), unit_id))


# People ---------------------------------------------------------------------------------------

people = Router(tags=["Cán bộ"])


def _people(user):
    return Person.objects.visible_to(user).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit"))
    )


def _person(person: Person, *, personal_ids: bool) -> dict:
    assignments = sorted(person.assignments.all(), key=lambda a: (a.started_on, a.pk),
                         reverse=True)  # fmt: skip
    current = next((a.unit_id for a in assignments if a.ended_on is None), None)
    return {
        "id": person.pk, "organization_id": person.organization_id,
        "staff_code": person.staff_code, "full_name": person.full_name,
        "family_and_middle": person.family_and_middle, "given": person.given,
        "gender": person.gender, "birth_date": person.birth_date,
        "academic_title": person.academic_title, "position": person.position,
        "category": person.category, "party_member": person.party_member,
        "union_member": person.union_member, "hired_on": person.hired_on,
        "left_on": person.left_on,
        "personal_id": person.personal_id if personal_ids else None,
        "current_unit_id": current,
        "assignments": [
            {"unit_id": a.unit_id, "unit_name": a.unit.name, "started_on": a.started_on,
             "ended_on": a.ended_on}
            for a in assignments
        ],
    }  # fmt: skip


def _sees_personal_ids(user) -> bool:
    # Asked once for the list: every listed person is of the user's organisation already.
    return user.has_perm("organization.view_personal_id", None)


def _visible_unit(user, unit_id: int, field: str = "unit") -> Unit:
    unit = Unit.objects.visible_to(user).filter(pk=unit_id).first()
    if unit is None:
        message = "{}: không có đơn vị này.".format(problems.label(field))
        raise ApiProblem(422, message, kind="validation", errors=[(field, message)])
    return unit


PEOPLE_UNIT = Query(None, description="Chỉ người đang công tác ở đơn vị này (và các đơn vị cấp "
                    "dưới).")  # fmt: skip


@people.get("/people", response={200: PersonPage, **LIST_ERRORS}, summary="Danh sách cán bộ")
def list_people(
    request,
    unit: int | None = PEOPLE_UNIT,
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Cán bộ mà tài khoản được xem (như trang «Cán bộ»), với quá trình công tác."""
    user = request.user
    queryset = _people(user)
    if unit is not None:
        found = _visible_unit(user, unit)
        queryset = queryset.in_unit(
            descendant_ids([found.pk], organization_id=found.organization_id)
        )
    page = paginate(queryset, cursor=cursor, limit=limit, filters={"unit": unit})
    personal_ids = _sees_personal_ids(user)
    page["items"] = [_person(person, personal_ids=personal_ids) for person in page["items"]]
    return page


@people.get("/people/{person_id}", response={200: PersonOut, **ONE_ERRORS}, summary="Một cán bộ")
def get_person(request, person_id: int):
    user = request.user
    return _person(one(_people(user), person_id), personal_ids=_sees_personal_ids(user))


# The award register ---------------------------------------------------------------------------

awards = Router(tags=["Sổ khen thưởng"])

Code = Literal[tuple(TitleCode.values)]


Body = Literal[tuple(authority.BODY_NAMES)]


def _award(award: Award) -> dict:
    return {
        "id": award.pk, "organization_id": award.organization_id,
        "person_id": award.person_id, "unit_id": award.unit_id,
        "subject_name": award.subject_name, "year": award.year, "code": award.code,
        "code_name": award.get_code_display(), "occasion": award.occasion,
        "kind": "hinh_thuc" if award.is_commendation_form else "danh_hieu",
        "body": body_of(award.code), "body_name": award.body_name, "source": award.source,
        "decision_number": award.decision_number, "decided_on": award.decided_on,
        "issued_by": award.issued_by, "revoked_on": award.revoked_on,
        "revocation_reason": award.revocation_reason, "changed_at": award.changed_at,
    }  # fmt: skip


def _awards(user):
    return Award.objects.visible_to(user).select_related("person", "unit", "organization")


YEAR = Query(None, ge=1975, le=2100, description="Năm được khen.")
CODE = Query(None, description="Danh hiệu, hình thức (mã).")
KIND = Query(None, description="danh_hieu: danh hiệu thi đua; hinh_thuc: hình thức khen thưởng.")
BODY = Query(None, description="Cấp quyết định.")
UNIT = Query(None, description="Đơn vị: khen thưởng của đơn vị (và các đơn vị cấp dưới) và của "
             "người đang công tác ở đó.")  # fmt: skip
PERSON = Query(None, description="Cán bộ được khen.")
CHANGED_SINCE = Query(None, description="Chỉ bản ghi được ghi (thêm, sửa, thu hồi) từ thời điểm "
                      "này (ISO 8601, có múi giờ).")  # fmt: skip


@awards.get("/awards", response={200: AwardPage, **LIST_ERRORS}, summary="Sổ khen thưởng")
def list_awards(
    request,
    year: int | None = YEAR,
    code: Code | None = CODE,
    kind: Literal["danh_hieu", "hinh_thuc"] | None = KIND,
    body: Body | None = BODY,
    unit: int | None = UNIT,
    person: int | None = PERSON,
    changed_since: ChangedSince | None = CHANGED_SINCE,
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Sổ khen thưởng trong phạm vi của tài khoản, với các bộ lọc của màn hình «Sổ khen thưởng».

    Thu hồi cũng là một lần ghi: đồng bộ bằng `changed_since` thấy cả khen thưởng bị thu hồi."""
    user = request.user
    queryset = _awards(user)
    if year is not None:
        queryset = queryset.filter(year=year)
    if code is not None:
        queryset = queryset.filter(code=code)
    if kind == "hinh_thuc":
        queryset = queryset.filter(code__in=COMMENDATION_FORMS)
    elif kind == "danh_hieu":
        queryset = queryset.exclude(code__in=COMMENDATION_FORMS)
    if body is not None:
        queryset = queryset.filter(code__in=codes_decided_by(body))
    if unit is not None:
        found = _visible_unit(user, unit)
        ids = descendant_ids([found.pk], organization_id=found.organization_id)
        queryset = queryset.filter(Q(unit_id__in=ids) | Q(person__in=Person.objects.in_unit(ids)))
    if person is not None:
        queryset = queryset.filter(person_id=person)
    if changed_since is not None:
        queryset = queryset.filter(changed_at__gte=utc(changed_since))
    filters = {"year": year, "code": code, "kind": kind, "body": body, "unit": unit,
               "person": person, "changed_since": changed_since}  # fmt: skip
    page = paginate(queryset, cursor=cursor, limit=limit, filters=filters)
    page["items"] = [_award(award) for award in page["items"]]
    return page


@awards.get("/awards/{award_id}", response={200: AwardOut, **ONE_ERRORS}, summary="Một khen thưởng")
def get_award(request, award_id: int):
    return _award(one(_awards(request.user), award_id))


api.add_router("/", organization)
api.add_router("/", people)
api.add_router("/", awards)
api.add_router("/", "thidua.api.evidence.router")
api.add_router("/", "thidua.api.registrations.router")
api.add_router("/", "thidua.api.eligibility.router")
api.add_router("/", "thidua.api.plans.router")
api.add_router("/", "thidua.api.decisions.router")
api.add_router("/", "thidua.api.proposals.router")
api.add_router("/", "thidua.api.inbox.router")
api.add_router("/", "thidua.api.nominations.router")
api.add_router("/", "thidua.api.documents.router")
api.add_router("/", "thidua.api.council.router")
api.add_router("/", "thidua.api.clusters.router")
api.add_router("/", "thidua.api.rewards.router")
api.add_router("/", writes)
api.add_router("/", national)
api.add_router("/", "thidua.api.attachments.router")
api.add_router("/", "thidua.api.todo.router")
api.add_router("/", "thidua.api.audit.router")
