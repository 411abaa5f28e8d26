"""Registrations (đăng ký thi đua): a unit's and each person's titles aimed at for a year, with
the state of the unit's workflow, scoped as the board, the unit's page and "Đăng ký của tôi"."""

from datetime import datetime
from typing import Literal

from django.db.models import Q
from ninja import Field, Query, Router, Schema

from thidua.api.common import LIST_ERRORS, ONE_ERRORS, Cursor, Limit, one
from thidua.api.pagination import paginate
from thidua.api.reads import unit_and_below, visible_unit
from thidua.core.choices import TitleCode
from thidua.organization.models import Person
from thidua.registrations.models import Registration, RegistrationState

router = Router(tags=["Đăng ký thi đua"])

NAMES = dict(TitleCode.choices)


class RegisteredTitleOut(Schema):
    code: str
    name: str


class RegistrationOut(Schema):
    id: int
    organization_id: int
    person_id: int | None = Field(description="Cán bộ đăng ký; null nếu là đăng ký của đơn vị.")
    unit_id: int | None = Field(description="Đơn vị đăng ký (danh hiệu tập thể); null nếu là "
                                "của một cán bộ.")  # fmt: skip
    subject_name: str
    year: int
    titles: list[RegisteredTitleOut] = Field(description="Danh hiệu đăng ký.")
    state: str = Field(description="draft (đang soạn), submitted (đã gửi), returned (trả lại), "
                       "accepted (đã chấp nhận).")  # fmt: skip
    state_name: str
    submitted_at: datetime | None
    decided_at: datetime | None = Field(description="Thời điểm chấp nhận hoặc trả lại.")
    return_reason: str


class RegistrationPage(Schema):
    items: list[RegistrationOut]
    next_cursor: str | None


def _registration(registration: Registration) -> dict:
    subject = registration.person.full_name if registration.person_id else registration.unit.name
    return {
        "id": registration.pk, "organization_id": registration.organization_id,
        "person_id": registration.person_id, "unit_id": registration.unit_id,
        "subject_name": subject, "year": registration.year,
        "titles": [{"code": code, "name": NAMES.get(code, code)}
                   for code in registration.titles or []],
        "state": registration.state, "state_name": registration.get_state_display(),
        "submitted_at": registration.submitted_at, "decided_at": registration.decided_at,
        "return_reason": registration.return_reason,
    }  # fmt: skip


def _registrations(user):
    return Registration.objects.visible_to(user).select_related("person", "unit")


@router.get("/registrations", response={200: RegistrationPage, **LIST_ERRORS},
            summary="Đăng ký thi đua")  # fmt: skip
def list_registrations(
    request,
    year: int | None = Query(None, ge=1975, le=2100, description="Năm đăng ký."),
    unit: int | None = Query(
        None,
        description="Đơn vị: đăng ký của đơn vị (và các đơn vị cấp "
        "dưới) và của người đang công tác ở đó.",
    ),  # fmt: skip
    person: int | None = Query(None, description="Cán bộ: đăng ký của người này."),
    state: Literal[tuple(RegistrationState.values)] | None = Query(
        None, description="Trạng thái."
    ),  # fmt: skip
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Đăng ký thi đua trong phạm vi của tài khoản: Thường trực, lãnh đạo mọi đăng ký của cơ
    quan (như bảng tổng hợp); trưởng đơn vị của đơn vị mình và người của đơn vị; cán bộ của
    chính mình."""
    user = request.user
    queryset = _registrations(user)
    if year is not None:
        queryset = queryset.filter(year=year)
    if unit is not None:
        ids = unit_and_below(visible_unit(user, unit))
        queryset = queryset.filter(Q(unit_id__in=ids) | Q(person__in=Person.objects.in_unit(ids)))
    if person is not None:
        queryset = queryset.filter(person_id=person)
    if state is not None:
        queryset = queryset.filter(state=state)
    filters = {"year": year, "unit": unit, "person": person, "state": state}
    page = paginate(queryset, cursor=cursor, limit=limit, filters=filters)
    page["items"] = [_registration(registration) for registration in page["items"]]
    return page


@router.get("/registrations/{registration_id}", response={200: RegistrationOut, **ONE_ERRORS},
            summary="Một đăng ký")  # fmt: skip
def get_registration(request, registration_id: int):
    return _registration(one(_registrations(request.user), registration_id))
