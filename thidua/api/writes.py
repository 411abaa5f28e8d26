"""The API's writes: what an officer types on a screen, sent by another system (a personnel
system's people and assignments, evidence records, awards decided outside thidua, a higher
body's answer to an entry of a tờ trình).

Each write goes through the screen's own form (the same fields, the same limits for each role,
the same Vietnamese messages) and the same `do_*` action (the same permission, validation and
audit entry, the acting user being the token's owner); a refusal becomes a problem document
naming the field. Every write carries an `Idempotency-Key` (thidua.api.idempotency)."""

from datetime import date
from typing import Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Prefetch
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.utils.text import capfirst
from ninja import Body, Field, Router, Schema
from pydantic import ConfigDict

from thidua.api.common import one
from thidua.api.idempotency import KEY, once
from thidua.api.problems import FIELD_LABELS, ApiProblem, Problem, label
from thidua.api.schemas import AwardOut, PersonOut
from thidua.awards.actions import AwardRefused, do_add_award, do_correct_award, do_revoke_award
from thidua.awards.forms import AwardForm, RevokeForm
from thidua.core.actions import ActionRefused, NotAllowed, require_perm
from thidua.core.choices import TitleCode
from thidua.evidence.actions import do_save_evidence, refusal
from thidua.evidence.kinds import KINDS
from thidua.evidence.models import Verification
from thidua.organization.actions import PEOPLE_REFUSED, do_end_assignment, do_save_person
from thidua.organization.forms import PersonForm
from thidua.organization.models import Assignment, Gender, Person, StaffCategory
from thidua.proposals.actions import EntryAnswer, do_record_answers
from thidua.proposals.models import Proposal

WRITE_ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 413: Problem,
                422: Problem, 429: Problem}  # fmt: skip

writes = Router()


class In(Schema):
    """A body of a write: a field the API does not know is refused (naming it), not ignored."""

    model_config = ConfigDict(extra="forbid")


# How a refusal is answered ---------------------------------------------------------------------


def _json(request, schema, data, status: int) -> HttpResponse:
    from thidua.api.v1 import api

    body = schema.model_validate(data).model_dump(mode="json")
    return api.create_response(request, body, status=status)


def form_problem(form, rename: dict) -> ApiProblem:
    """A 422 problem naming each field the screen's form refused, with its message."""
    errors = []
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS:
            field, label = "body", None
        else:
            field = rename.get(name, name)
            label = form.fields[name].label if name in form.fields else None
        text = " ".join(messages)
        prefix = "«{}» ({})".format(field, capfirst(label)) if label else "«{}»".format(field)
        errors.append((field, "{}: {}".format(prefix, text)))
    detail = " ".join(message for _, message in errors)
    return ApiProblem(422, detail, kind="validation", errors=errors)


def refused(error: ActionRefused, field: str | None, rename: dict | None = None) -> ApiProblem:
    """The problem of an action's refusal: 403 when the user may not act at all, else 422
    naming the refusal's own field (renamed to the API's) or ``field``."""
    if isinstance(error, NotAllowed):
        return ApiProblem(403, str(error), kind="forbidden")
    own = getattr(error, "field", None)
    name = (rename or {}).get(own, own) if own else field
    message = str(error)
    return ApiProblem(422, message, kind="refused", errors=[(name, message)] if name else [])


def _reject_fields(sent, allowed, message: str) -> None:
    """Refuse (403) fields the user's form does not have: a unit head's form has only the
    contact details and the unit; the rest is not theirs to write."""
    extra = [name for name in sent if name not in allowed]
    if extra:
        errors = [(name, "«{}»: {}".format(name, message)) for name in extra]
        raise ApiProblem(403, " ".join(m for _, m in errors), kind="forbidden", errors=errors)


# People and assignments ------------------------------------------------------------------------

Category = Literal[tuple(StaffCategory.values)]


class PersonIn(In):
    """A person as a personnel system sends them: on creation the names, gender and unit are
    required; on update only the fields sent change."""

    family_and_middle: str | None = Field(None, max_length=100, description="Họ và tên đệm.")
    given: str | None = Field(None, max_length=40, description="Tên (một từ).")
    gender: Literal[tuple(Gender.values)] | None = Field(None, description="M (nam), F (nữ).")
    birth_date: date | None = None
    staff_code: str | None = Field(None, max_length=20, description="Mã cán bộ.")
    personal_id: str | None = Field(
        None, max_length=12, description="Số định danh cá nhân (12 chữ số)."
    )
    academic_title: str | None = Field(None, max_length=30, description="Học hàm, học vị.")
    position: str | None = Field(None, max_length=120, description="Chức vụ.")
    category: Category | None = Field(None, description="Ngạch, loại (mã).")
    party_member: bool | None = None
    union_member: bool | None = None
    hired_on: date | None = Field(None, description="Ngày vào làm việc.")
    left_on: date | None = Field(None, description="Ngày thôi việc.")
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=20)
    unit_id: int | None = Field(
        None, description="Đơn vị công tác; khác đơn vị hiện tại: chuyển công tác."
    )
    unit_since: date | None = Field(
        None, description="Về đơn vị từ ngày (khi chuyển); để trống: hôm nay."
    )


PERSON_RENAME = {"unit": "unit_id"}
FORM_NAMES = {"unit_id": "unit"}


def _person_out(user, person_id: int) -> dict:
    from thidua.api import v1

    person = Person.objects.prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit"))
    ).get(pk=person_id)
    return v1._person(person, personal_ids=user.has_perm("organization.view_personal_id", person))


def _save_person(request, person: Person, sent: dict, *, status: int, moved: bool = False):
    """Validate ``sent`` (API names) over the stored record through the screen's form and save
    it with `do_save_person`, as the screen does."""
    user = request.user
    data = {FORM_NAMES.get(name, name): value for name, value in sent.items()}
    form = PersonForm(instance=person, user=user)
    allowed = set(form.fields)
    _reject_fields(
        data, allowed, "trưởng đơn vị chỉ sửa thư điện tử, điện thoại và đơn vị công tác; hồ sơ "
        "cán bộ do Thường trực Hội đồng TĐ-KT sửa.",
    )  # fmt: skip
    # What is not sent keeps its stored value (a new person: the model's default).
    initial = model_to_dict(person, fields=[n for n in allowed if n not in ("unit", "unit_since")])
    initial["unit"] = None
    if person.pk is not None:
        current = person.assignments.current().first()
        initial["unit"] = current.unit_id if current is not None else None
        if moved and current is not None and current.unit_id == data.get("unit"):
            message = "«unit_id» (Đơn vị): {} đang công tác ở đơn vị này từ {:%d/%m/%Y}.".format(
                person, current.started_on
            )
            raise ApiProblem(422, message, kind="validation", errors=[("unit_id", message)])
    values = {name: ("" if value is None and name not in ("unit",) else value)
              for name, value in {**initial, **data}.items()}  # fmt: skip
    for name in ("birth_date", "hired_on", "left_on", "unit_since"):
        if values.get(name) == "":
            values[name] = None
    form = PersonForm(values, instance=person, user=user)
    if not form.is_valid():
        raise form_problem(form, PERSON_RENAME)
    try:
        saved = do_save_person(form.instance, acting_user=user, unit=form.cleaned_data["unit"],
                               unit_since=form.cleaned_data.get("unit_since"))  # fmt: skip
    except ActionRefused as error:
        raise refused(error, "unit_since") from None
    return _json(request, PersonOut, _person_out(user, saved.pk), status)


@writes.post("/people", response={201: PersonOut, **WRITE_ERRORS}, tags=["Cán bộ"],
             summary="Thêm cán bộ")  # fmt: skip
def create_person(request, payload: PersonIn, idempotency_key: str = KEY):
    """Thêm một cán bộ như màn hình «Thêm cán bộ» (Thường trực Hội đồng, quản trị hệ thống):
    cần họ và tên đệm, tên, giới tính và đơn vị công tác."""
    user = request.user

    def write():
        person = Person(organization=user.organization)
        require_perm(user, "organization.add_person", person, message=PEOPLE_REFUSED)
        return _save_person(request, person, payload.model_dump(exclude_unset=True), status=201)

    return once(request, idempotency_key, write)


@writes.patch("/people/{person_id}", response={200: PersonOut, **WRITE_ERRORS}, tags=["Cán bộ"],
              summary="Sửa hồ sơ cán bộ")  # fmt: skip
def update_person(request, person_id: int, payload: PersonIn, idempotency_key: str = KEY):
    """Sửa các trường gửi lên (các trường khác giữ nguyên), như màn hình «Sửa hồ sơ»: Thường
    trực Hội đồng sửa mọi trường; trưởng đơn vị chỉ thư điện tử, điện thoại và đơn vị (trong
    các đơn vị mình phụ trách)."""
    user = request.user

    def write():
        person = one(Person.objects.visible_to(user), person_id)
        if not user.has_perm("organization.change_person", person):
            raise ApiProblem(403, PEOPLE_REFUSED, kind="forbidden")
        return _save_person(request, person, payload.model_dump(exclude_unset=True), status=200)

    return once(request, idempotency_key, write)


class AssignmentIn(In):
    unit_id: int = Field(description="Đơn vị mới.")
    started_on: date | None = Field(
        None, description="Về đơn vị mới từ ngày; để trống: hôm nay. Công tác hiện tại kết thúc "
        "ngày này."
    )  # fmt: skip


@writes.post("/people/{person_id}/assignments", response={201: PersonOut, **WRITE_ERRORS},
             tags=["Cán bộ"], summary="Chuyển cán bộ sang đơn vị khác")  # fmt: skip
def add_assignment(request, person_id: int, payload: AssignmentIn, idempotency_key: str = KEY):
    """Thêm một quá trình công tác: cán bộ về đơn vị mới từ `started_on`, quá trình hiện tại
    kết thúc ngày đó (như đổi đơn vị trên màn hình «Sửa hồ sơ»)."""
    user = request.user

    def write():
        person = one(Person.objects.visible_to(user), person_id)
        if not user.has_perm("organization.change_person", person):
            raise ApiProblem(403, PEOPLE_REFUSED, kind="forbidden")
        sent = {"unit_id": payload.unit_id, "unit_since": payload.started_on}
        try:
            return _save_person(request, person, sent, status=201, moved=True)
        except ApiProblem as problem:  # the screen's "unit_since" is this body's "started_on"
            for error in problem.errors:
                if error["field"] == "unit_since":
                    error["field"] = "started_on"
            raise

    return once(request, idempotency_key, write)


class AssignmentEndIn(In):
    ended_on: date = Field(description="Ngày thôi công tác ở đơn vị hiện tại.")


@writes.post("/people/{person_id}/assignments/end", response={200: PersonOut, **WRITE_ERRORS},
             tags=["Cán bộ"], summary="Kết thúc công tác ở đơn vị hiện tại")  # fmt: skip
def end_assignment(request, person_id: int, payload: AssignmentEndIn,
                   idempotency_key: str = KEY):  # fmt: skip
    """Kết thúc quá trình công tác hiện tại mà không về đơn vị nào (nghỉ hưu, thôi việc, đi
    biệt phái): quá trình công tác giữ lại với ngày kết thúc."""
    user = request.user

    def write():
        person = one(Person.objects.visible_to(user), person_id)
        try:
            do_end_assignment(person, ended_on=payload.ended_on, acting_user=user)
        except ActionRefused as error:
            raise refused(error, "ended_on") from None
        return _json(request, PersonOut, _person_out(user, person.pk), 200)

    return once(request, idempotency_key, write)


# The award register: awards decided outside thidua ---------------------------------------------


class AwardIn(In):
    """An award as the register's «Ghi khen thưởng» screen takes it: a person's, a unit's, or
    (neither given) the organisation's."""

    person_id: int | None = Field(None, description="Cán bộ được khen (khen cá nhân).")
    unit_id: int | None = Field(None, description="Tập thể được khen (khen đơn vị).")
    year: int = Field(ge=1975, le=2100, description="Năm được khen.")
    code: Literal[tuple(TitleCode.values)] = Field(description="Danh hiệu, hình thức (mã).")
    occasion: str = Field("", max_length=200, description="Dịp khen; trống: khen cả năm.")
    decision_number: str = Field(max_length=50, description="Số quyết định, ví dụ 35/QĐ-UBND.")
    decided_on: date = Field(description="Ngày quyết định.")
    issued_by: str = Field(
        "", max_length=255, description="Cơ quan quyết định; trống: cấp có thẩm quyền."
    )


AWARD_RENAME = {"person": "person_id", "unit": "unit_id"}


@writes.post("/awards", response={201: AwardOut, **WRITE_ERRORS}, tags=["Sổ khen thưởng"],
             summary="Ghi vào sổ một khen thưởng quyết định ngoài thidua")  # fmt: skip
def add_award(request, payload: AwardIn, idempotency_key: str = KEY):
    """Ghi vào sổ khen thưởng một khen thưởng do cấp trên, công đoàn quyết định hoặc quyết định
    trước khi dùng thidua (Thường trực Hội đồng, quản trị hệ thống), như màn hình «Ghi khen
    thưởng»: cùng kiểm tra (đối tượng, danh hiệu, ngày, trùng lặp)."""
    user = request.user

    def write():
        from thidua.api import v1

        organization = user.organization
        require_perm(
            user, "register.add_award", organization,
            message="Chỉ Thường trực Hội đồng và quản trị hệ thống ghi vào sổ khen thưởng.",
        )  # fmt: skip
        sent = payload.model_dump()
        kind = "person" if payload.person_id else "unit" if payload.unit_id else "organization"
        if payload.person_id and payload.unit_id:
            message = ("«unit_id» (Tập thể): một khen thưởng thuộc về một cán bộ hoặc một tập "
                       "thể, không cả hai.")  # fmt: skip
            raise ApiProblem(422, message, kind="validation", errors=[("unit_id", message)])
        data = {**sent, "subject_kind": kind, "person": sent.pop("person_id"),
                "unit": sent.pop("unit_id")}  # fmt: skip
        form = AwardForm(data, organization=organization)
        if not form.is_valid():
            raise form_problem(form, AWARD_RENAME)
        try:
            award = do_add_award(organization, form.award_data(), acting_user=user)
        except AwardRefused as error:
            raise refused(error, None, AWARD_RENAME) from None
        return _json(request, AwardOut, v1._award(award), 201)

    return once(request, idempotency_key, write)


class AwardCorrectionIn(In):
    """The fields of the register's «Sửa» screen; only those sent change. A person's award made
    a unit's sends `unit_id` and `person_id: null` (and the reverse); both null: the
    organisation's."""

    person_id: int | None = Field(None, description="Cán bộ được khen (khen cá nhân).")
    unit_id: int | None = Field(None, description="Tập thể được khen (khen đơn vị).")
    year: int | None = Field(None, ge=1975, le=2100, description="Năm được khen.")
    code: Literal[tuple(TitleCode.values)] | None = Field(
        None, description="Danh hiệu, hình thức (mã)."
    )
    occasion: str | None = Field(None, max_length=200, description="Dịp khen; trống: cả năm.")
    decision_number: str | None = Field(None, max_length=50, description="Số quyết định.")
    decided_on: date | None = Field(None, description="Ngày quyết định.")
    issued_by: str | None = Field(
        None, max_length=255, description="Cơ quan quyết định; trống: cấp có thẩm quyền."
    )


problems_labels = {
    "occasion": "Dịp khen thưởng", "decision_number": "Số quyết định",
    "decided_on": "Ngày quyết định", "issued_by": "Cơ quan quyết định",
    "reason": "Lý do thu hồi", "revoked_on": "Ngày thu hồi",
}  # fmt: skip
FIELD_LABELS.update({name: text for name, text in problems_labels.items()
                     if name not in FIELD_LABELS})  # fmt: skip

#: A field that cannot be null once the award is written (its value is required on the screen).
AWARD_REQUIRED = ("year", "code", "decision_number", "decided_on")


def _award_to_change(user, award_id: int, action: str):
    """The award as the register's «Sửa», «Thu hồi» screens find it: 404 outside the user's
    register, 403 when the user may not change it."""
    from thidua.api import v1

    award = one(v1._awards(user), award_id)
    if not user.has_perm("register.change_award", award):
        raise ApiProblem(403, "Chỉ Thường trực Hội đồng và quản trị hệ thống {} khen thưởng."
                         .format(action), kind="forbidden")  # fmt: skip
    return award


@writes.patch("/awards/{award_id}", response={200: AwardOut, **WRITE_ERRORS},
              tags=["Sổ khen thưởng"], summary="Sửa một khen thưởng ghi vào sổ")  # fmt: skip
def correct_award(request, award_id: int, payload: AwardCorrectionIn,
                  idempotency_key: str = KEY):  # fmt: skip
    """Sửa các trường gửi lên (các trường khác giữ nguyên), như màn hình «Sửa» của sổ khen
    thưởng (Thường trực Hội đồng, quản trị hệ thống): chỉ khen thưởng ghi vào sổ (quyết định
    ngoài thidua), chưa thu hồi; cùng kiểm tra như khi ghi."""
    user = request.user

    def write():
        from thidua.api import v1

        award = _award_to_change(user, award_id, "sửa")
        sent = payload.model_dump(exclude_unset=True)
        nulls = [name for name in AWARD_REQUIRED if name in sent and sent[name] is None]
        if nulls:
            errors = [(name, "{}: bắt buộc, không được để trống.".format(label(name)))
                      for name in nulls]  # fmt: skip
            raise ApiProblem(422, " ".join(m for _, m in errors), kind="validation",
                             errors=errors)  # fmt: skip
        initial = AwardForm.initial_of(award)
        merged = {"person_id": initial["person"], "unit_id": initial["unit"], **{
            name: initial[name] for name in ("year", "code", "occasion", "decision_number",
                                             "decided_on", "issued_by")}}  # fmt: skip
        merged.update(sent)
        if merged["person_id"] and merged["unit_id"]:
            field = "unit_id" if "unit_id" in sent else "person_id"
            message = ("{}: một khen thưởng thuộc về một cán bộ hoặc một tập thể, không cả hai; "
                       "gửi trường kia là null.".format(label(field)))  # fmt: skip
            raise ApiProblem(422, message, kind="validation", errors=[(field, message)])
        kind = ("person" if merged["person_id"] else "unit" if merged["unit_id"]
                else "organization")  # fmt: skip
        data = {**merged, "subject_kind": kind, "person": merged.pop("person_id"),
                "unit": merged.pop("unit_id")}  # fmt: skip
        data = {name: "" if value is None else value for name, value in data.items()}
        form = AwardForm(data, organization=award.organization)
        if not form.is_valid():
            raise form_problem(form, AWARD_RENAME)
        try:
            award = do_correct_award(award, form.award_data(), acting_user=user)
        except AwardRefused as error:
            raise refused(error, None, AWARD_RENAME) from None
        return _json(request, AwardOut, v1._award(one(v1._awards(user), award.pk)), 200)

    return once(request, idempotency_key, write)


class RevocationIn(In):
    reason: str = Field(max_length=2000, description="Lý do thu hồi.")
    revoked_on: date | None = Field(None, description="Ngày thu hồi; để trống: hôm nay.")


@writes.post("/awards/{award_id}/revocation", response={200: AwardOut, **WRITE_ERRORS},
             tags=["Sổ khen thưởng"], summary="Thu hồi một khen thưởng ghi vào sổ")  # fmt: skip
def revoke_award(request, award_id: int, payload: RevocationIn, idempotency_key: str = KEY):
    """Thu hồi như màn hình «Thu hồi» của sổ khen thưởng (Thường trực Hội đồng, quản trị hệ
    thống), với lý do và ngày thu hồi (không ở tương lai, không trước ngày quyết định): khen
    thưởng còn trong sổ, ghi đã thu hồi, và không còn được tính khi xét điều kiện."""
    user = request.user

    def write():
        from thidua.api import v1

        award = _award_to_change(user, award_id, "thu hồi")
        form = RevokeForm({"reason": payload.reason, "revoked_on": payload.revoked_on or ""})
        if not form.is_valid():
            raise form_problem(form, {})
        try:
            award = do_revoke_award(award, reason=form.cleaned_data["reason"],
                                    revoked_on=form.cleaned_data.get("revoked_on"),
                                    acting_user=user)  # fmt: skip
        except AwardRefused as error:
            raise refused(error, None) from None
        return _json(request, AwardOut, v1._award(one(v1._awards(user), award.pk)), 200)

    return once(request, idempotency_key, write)


# Evidence --------------------------------------------------------------------------------------

#: A field's value (a scalar) or the team (a list of objects of scalars), checked in
#: `_save_evidence` so a wrong shape is named by its field (a union would name its branches).
Value = Any
TEAM = "team"


def _fields_of(kind) -> str:
    names = ["`{}`".format(name) for name in kind.form._meta.fields]
    if kind.team is not None:
        names.append("`team` ({}: `person`{})".format(
            kind.team.label, "".join(", `{}`".format(name) for name in kind.team.extra)))
    return ", ".join(names)


EVIDENCE_FIELDS = "\n".join(
    "- `{}` ({}): {}".format(slug, kind.label, _fields_of(kind)) for slug, kind in KINDS.items()
)


class EvidenceOut(Schema):
    id: int
    kind: str = Field(description="Loại minh chứng (mã).")
    description: str = Field(description="Minh chứng, như màn hình ghi.")
    verification: str = Field(description="proposed, verified hoặc rejected.")
    verification_name: str


def _evidence_out(slug: str, record) -> dict:
    return {"id": record.pk, "kind": slug, "description": str(record),
            "verification": record.verification,
            "verification_name": Verification(record.verification).label}  # fmt: skip


def _team_formset(kind, record, rows: list, user):
    """The screen's formset of the team, bound to ``rows`` ({"person": id, and the kind's
    extra fields}) as the whole new team: the stored rows are sent as deleted, ``rows`` as new
    (the action keeps a stored row whose person is still named)."""
    link = kind.team_link
    stored = list(getattr(record, kind.team.related).all()) if record.pk else []
    prefix = "team"
    data = {
        prefix + "-TOTAL_FORMS": len(stored) + len(rows),
        prefix + "-INITIAL_FORMS": len(stored),
        prefix + "-MIN_NUM_FORMS": 0,
        prefix + "-MAX_NUM_FORMS": 1000,
    }
    allowed = {"person", *kind.team.extra}
    for index, row in enumerate(stored):
        form = "{}-{}-".format(prefix, index)
        data.update({form + "id": row.pk, form + link: record.pk, form + "DELETE": "on",
                     form + "person": row.person_id})  # fmt: skip
        for name in kind.team.extra:
            data[form + name] = getattr(row, name)
    errors = []
    known = ", ".join(sorted(allowed))
    for index, row in enumerate(rows):
        for name in row:
            if name not in allowed:
                field = "{}.{}.{}".format(TEAM, index, name)
                errors.append((field, "«{}»: trường không có ở một dòng «{}» (chỉ: {}).".format(
                    field, kind.team.label, known)))  # fmt: skip
        form = "{}-{}-".format(prefix, len(stored) + index)
        for name in allowed:
            value = row.get(name)
            data[form + name] = "" if value is None else value
    if errors:
        raise ApiProblem(422, " ".join(m for _, m in errors), kind="validation", errors=errors)
    formset = kind.team.formset(data, instance=record, user=user, prefix=prefix)
    if not formset.is_valid():
        errors = []
        for index, form in enumerate(formset.forms[len(stored):]):
            for name, messages in form.errors.items():
                field = "{}.{}.{}".format(TEAM, index, name)
                errors.append((field, "«{}»: {}".format(field, " ".join(messages))))
        for message in formset.non_form_errors():
            errors.append((TEAM, "«{}» ({}): {}".format(TEAM, kind.team.label, message)))
        raise ApiProblem(422, " ".join(m for _, m in errors), kind="validation", errors=errors)
    return formset


def _save_evidence(request, slug: str, record, sent: dict, status: int):
    user = request.user
    kind = KINDS[slug]
    form = kind.form(instance=record, user=user)
    sent = dict(sent)
    rows = sent.pop(TEAM, None) if kind.team is not None else None
    unknown = [name for name in sent if name not in form.fields]
    if unknown:
        errors = [(name, "«{}»: trường không có ở loại minh chứng «{}».".format(name, kind.label))
                  for name in unknown]  # fmt: skip
        raise ApiProblem(422, " ".join(m for _, m in errors), kind="validation", errors=errors)
    errors = [(name, "«{}»: phải là một giá trị (chuỗi, số, true/false hoặc null).".format(name))
              for name, value in sent.items() if isinstance(value, (list, dict))]  # fmt: skip
    if rows is not None and not isinstance(rows, list):
        errors.append((TEAM, "«team»: phải là một danh sách."))
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        if not isinstance(row, dict):
            errors.append(("{}.{}".format(TEAM, index), "«{}.{}»: phải là một đối tượng JSON."
                           .format(TEAM, index)))  # fmt: skip
            continue
        for name, value in row.items():
            if isinstance(value, (list, dict)):
                field = "{}.{}.{}".format(TEAM, index, name)
                errors.append((field, "«{}»: phải là một giá trị.".format(field)))
    if errors:
        raise ApiProblem(422, " ".join(m for _, m in errors), kind="validation", errors=errors)
    # What is not sent keeps its stored value (a new record: the model's default).
    initial = model_to_dict(record, fields=list(form.fields))
    values = {name: ("" if value is None else value)
              for name, value in {**initial, **sent}.items()}  # fmt: skip
    form = kind.form(values, instance=record, user=user)
    if not form.is_valid():
        raise form_problem(form, {})
    team = None
    if kind.team is not None and (record.pk is None or rows is not None):
        team = _team_formset(kind, record, rows or [], user).team()
    try:
        saved = do_save_evidence(form.instance, acting_user=user, team=team)
    except ActionRefused as error:
        if str(error) == refusal(user, form.instance, "change"):  # not theirs to write: 403
            raise ApiProblem(403, str(error), kind="forbidden") from None
        raise refused(error, None) from None
    return _json(request, EvidenceOut, _evidence_out(slug, saved), status)


EVIDENCE_BODY = Body(..., description="Các trường của loại minh chứng (như biểu mẫu trên màn "
                     "hình; ngày dạng NNNN-TT-NN, cán bộ và đơn vị bằng mã số); sáng kiến, đề tài, "
                     "công trình có thêm `team`, danh sách tác giả, thành viên (gửi: thay cả danh "
                     "sách):\n\n" + EVIDENCE_FIELDS)  # fmt: skip


def _evidence_routes(slug: str, kind) -> None:
    """POST and PATCH of one evidence kind, on the same paths as its reads
    (thidua/api/evidence.py), so each kind's request body is its own in the schema."""

    def create_evidence(request, payload: dict[str, Value] = EVIDENCE_BODY,
                        idempotency_key: str = KEY):  # fmt: skip
        user = request.user

        def write():
            record = kind.model(organization=user.organization)
            return _save_evidence(request, slug, record, payload, 201)

        return once(request, idempotency_key, write)

    def update_evidence(request, record_id: int, payload: dict[str, Value] = EVIDENCE_BODY,
                        idempotency_key: str = KEY):  # fmt: skip
        user = request.user

        def write():
            record = one(kind.queryset(user), record_id)
            if not user.has_perm("achievements.view_evidence", record):
                raise ApiProblem(403, "Bạn không xem được minh chứng này.", kind="forbidden")
            if not user.has_perm("achievements.change_evidence", record):
                raise ApiProblem(403, refusal(user, record, "change"), kind="forbidden")
            return _save_evidence(request, slug, record, payload, 200)

        return once(request, idempotency_key, write)

    create_evidence.__doc__ = (
        "Ghi một minh chứng «{}» như màn hình «Thêm minh chứng»: người được xác nhận thì ghi là"
        " đã xác nhận, người khác thì đề nghị (cán bộ chỉ đề nghị minh chứng của chính mình)."
        " Sáng kiến, đề tài, công trình cần `team`: các dòng {{\"person\": mã cán bộ, và `share`"
        " (tỷ lệ %, sáng kiến) hoặc `role` (lead, member: đề tài)}}.").format(kind.label)
    update_evidence.__doc__ = (
        "Sửa các trường gửi lên của một minh chứng «{}» (các trường khác giữ nguyên), như màn"
        " hình «Sửa minh chứng».").format(kind.label)
    path = "/evidence/" + slug
    writes.post(path, response={201: EvidenceOut, **WRITE_ERRORS}, tags=["Minh chứng"],
                summary="Ghi một minh chứng: " + kind.label[:1].lower() + kind.label[1:],
                operation_id="create_evidence_" + slug,
                url_name="create_evidence_" + slug)(create_evidence)  # fmt: skip
    writes.patch(path + "/{record_id}", response={200: EvidenceOut, **WRITE_ERRORS},
                 tags=["Minh chứng"],
                 summary="Sửa một minh chứng: " + kind.label[:1].lower() + kind.label[1:],
                 operation_id="update_evidence_" + slug,
                 url_name="update_evidence_" + slug)(update_evidence)  # fmt: skip


for _slug, _kind in KINDS.items():
    _evidence_routes(_slug, _kind)


def _unknown_kind(kind: str) -> ApiProblem:
    return ApiProblem(422, "«kind»: không có loại minh chứng «{}» (có: {}).".format(
        kind, ", ".join(KINDS)), kind="validation",
        errors=[("kind", "không có loại minh chứng «{}».".format(kind))])  # fmt: skip


# A kind that is not in the registry: a problem naming «kind», not a page (the kinds' own
# paths come first).
@writes.post("/evidence/{kind}", include_in_schema=False)
def create_unknown_evidence(request, kind: str):
    raise _unknown_kind(kind)


@writes.patch("/evidence/{kind}/{record_id}", include_in_schema=False)
def update_unknown_evidence(request, kind: str, record_id: int):
    raise _unknown_kind(kind)


# A higher body's answer to an entry of a tờ trình ----------------------------------------------


class AnswerIn(In):
    granted: bool = Field(description="true: được khen thưởng; false: không được.")
    decision_number: str = Field("", max_length=50, description="Số quyết định (khi được khen).")
    decided_on: date | None = Field(None, description="Ngày quyết định (khi được khen).")
    issued_by: str = Field("", max_length=255, description="Cơ quan quyết định (khi được khen).")
    reason: str = Field("", max_length=2000, description="Lý do (khi không được khen).")


class EntryOut(Schema):
    id: int
    proposal_id: int
    proposal_state: str = Field(description="Trạng thái của tờ trình sau khi ghi.")
    subject_name: str
    title: str = Field(description="Danh hiệu, hình thức đề nghị (mã).")
    outcome: str = Field(description="pending, granted hoặc refused.")
    outcome_name: str
    decision_number: str
    decided_on: date | None
    issued_by: str
    refusal_reason: str
    answered_on: date | None
    award_id: int | None = Field(description="Khen thưởng ghi vào sổ khi được khen.")


#: Which field of the answer an action's refusal is about, by the words it uses.
@writes.post("/proposals/{proposal_id}/entries/{entry_id}/answer",
             response={200: EntryOut, **WRITE_ERRORS}, tags=["Tờ trình"],
             summary="Ghi kết quả của cấp trên cho một dòng của tờ trình")  # fmt: skip
def answer_entry(request, proposal_id: int, entry_id: int, payload: AnswerIn,
                 idempotency_key: str = KEY):  # fmt: skip
    """Ghi kết quả cấp trên trả lời cho một dòng của tờ trình đã gửi, như màn hình «Ghi kết
    quả»: được khen (ghi khen thưởng vào sổ) hoặc không (với lý do); khi mọi dòng có kết quả,
    tờ trình được duyệt, duyệt một phần hoặc không được duyệt."""
    user = request.user

    def write():
        proposal = one(Proposal.objects.visible_to(user), proposal_id)
        entry = one(proposal.entries.all(), entry_id)
        answer = EntryAnswer(entry, payload.granted, payload.decision_number, payload.decided_on,
                             payload.issued_by, payload.reason)  # fmt: skip
        try:
            do_record_answers(proposal, [answer], acting_user=user)
        except ActionRefused as error:
            raise refused(error, getattr(error, "field", None)) from None
        entry.refresh_from_db()
        proposal.refresh_from_db()
        return _json(request, EntryOut, {
            "id": entry.pk, "proposal_id": proposal.pk, "proposal_state": proposal.state,
            "subject_name": entry.subject_name, "title": entry.title,
            "outcome": entry.outcome, "outcome_name": entry.get_outcome_display(),
            "decision_number": entry.decision_number, "decided_on": entry.decided_on,
            "issued_by": entry.issued_by, "refusal_reason": entry.refusal_reason,
            "answered_on": entry.answered_on, "award_id": entry.award_id,
        }, 200)  # fmt: skip

    return once(request, idempotency_key, write)
