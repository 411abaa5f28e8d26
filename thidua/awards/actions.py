"""Business actions on the award register: awards decided outside thidua.

A higher body's decision thidua did not propose, the union's titles, and every award of the years
before the school adopted thidua are entered here by the secretary (or the administrator), with
the deciding body, the decision's number and date and, optionally, its scan. Each action is one
transaction, checks the permission itself, writes its audit entry, and refuses in Vietnamese
naming the field. Awards written by thidua's own decisions or by the recorded answers to its tờ
trình (sources "own" and "higher") change only through those.

`do_add_awards` is the bulk variant the spreadsheet import uses: the same checks row by row
(`check_award`), one insert and one audit entry for the whole file.
"""

from dataclasses import dataclass, field
from datetime import date

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.awards.checks import NAMES, awards_already_held
from thidua.awards.models import Award, AwardSource
from thidua.core import text
from thidua.core.actions import ActionRefused, locked, require_perm
from thidua.core.audit import set_actor
from thidua.organization.models import Organization, Person, Unit
from thidua.rules import authority, codes

#: The fields a refusal may name, as the forms and the spreadsheet label them.
FIELD_LABELS = {
    "person": "Cán bộ",
    "unit": "Tập thể",
    "year": "Năm",
    "code": "Danh hiệu, hình thức",
    "issued_by": "Cơ quan quyết định",
    "decision_number": "Số quyết định",
    "decided_on": "Ngày quyết định",
    "attachment": "Tệp quyết định",
    "reason": "Lý do thu hồi",
    "revoked_on": "Ngày thu hồi",
}
FIRST_YEAR = 1975


class AwardRefused(ActionRefused):
    """A refusal tied to one field of the award (``field``; None for the whole award)."""

    def __init__(self, field_name: str | None, message: str):
        self.field = field_name
        self.message = message
        label = FIELD_LABELS.get(field_name)
        super().__init__("{}: {}".format(label, message) if label else message)


@dataclass
class AwardData:
    """What an award says: subject (a person, a unit, or neither: the organisation), year, title
    or form, who decided it, the decision's number and date."""

    year: int
    code: str
    decision_number: str
    decided_on: date
    issued_by: str = ""
    person: Person | None = None
    unit: Unit | None = None
    organization_name: str = ""
    # Empty for the year's own award; else the phase, movement or one-off it is for.
    occasion: str = ""
    # Filled by check_award, for the duplicate check (a line of awards.checks).
    person_id: int | None = field(default=None, init=False)
    unit_id: int | None = field(default=None, init=False)

    @property
    def title(self) -> str:
        return self.code

    @property
    def subject_name(self) -> str:
        if self.person is not None:
            return self.person.full_name
        if self.unit is not None:
            return self.unit.name
        return self.organization_name or "cơ quan"


def default_issuer(organization: Organization, code: str) -> str:
    """Return who decides ``code`` as the register writes it ("Chủ tịch UBND tỉnh Hà Tĩnh")."""
    body = authority.authority(code, "2023").body
    if body == authority.SCHOOL:
        return "{} {}".format(authority.BODY_NAMES[body], organization.name)
    if body == authority.UNION:
        return authority.BODY_NAMES[body]
    return authority.issuer(body, organization.place_name)


def check_award(organization: Organization, data: AwardData, *, today: date) -> list[AwardRefused]:
    """Return every refusal of an award's own content (no database query but the subjects').

    The duplicate check needs the register and is done apart (`_refuse_duplicate`).
    """
    data = _clean(data, organization)
    found = []
    person, unit = data.person, data.unit
    data.person_id = person.pk if person is not None else None
    data.unit_id = unit.pk if unit is not None else None
    if person is not None and unit is not None:
        found.append(
            AwardRefused("unit", "một khen thưởng thuộc về một cán bộ hoặc một tập thể, "
                                 "không cả hai.")  # fmt: skip
        )
    if person is not None and person.organization_id != organization.pk:
        found.append(AwardRefused("person", "cán bộ không thuộc {}.".format(organization.name)))
    if unit is not None and unit.organization_id != organization.pk:
        found.append(AwardRefused("unit", "đơn vị không thuộc {}.".format(organization.name)))
    if data.code not in NAMES:
        found.append(AwardRefused("code", "«{}» không có trong danh mục.".format(data.code)))
    elif person is not None and data.code not in codes.PERSON_TITLES:
        found.append(
            AwardRefused("code", "«{}» là danh hiệu, hình thức của tập thể, không tặng cho cá "
                                 "nhân.".format(NAMES[data.code]))
        )  # fmt: skip
    elif person is None and data.code not in (*codes.UNIT_TITLES, *codes.OTHER_CODES):
        found.append(
            AwardRefused("code", "«{}» là danh hiệu, hình thức của cá nhân, không tặng cho tập "
                                 "thể.".format(NAMES[data.code]))
        )  # fmt: skip
    year = data.year
    if year is None or not FIRST_YEAR <= year <= today.year:
        found.append(
            AwardRefused("year", "năm phải từ {} đến năm nay ({}).".format(FIRST_YEAR, today.year))
        )
    if not text.clean(data.decision_number):
        found.append(AwardRefused("decision_number", "bắt buộc, không được để trống."))
    if not text.clean(data.issued_by):
        found.append(AwardRefused("issued_by", "bắt buộc, không được để trống."))
    decided_on = data.decided_on
    if decided_on is None:
        found.append(AwardRefused("decided_on", "bắt buộc, không được để trống."))
        return found
    if decided_on > today:
        found.append(
            AwardRefused("decided_on", "ngày {:%d/%m/%Y} ở tương lai (hôm nay là {:%d/%m/%Y})."
                                       .format(decided_on, today))
        )  # fmt: skip
    if year is not None and decided_on.year < year:
        found.append(
            AwardRefused(
                "decided_on",
                "khen thưởng năm {} không thể quyết định ngày {:%d/%m/%Y}, trước năm được khen: "
                "thành tích của một năm chỉ được xét khen từ năm đó trở đi.".format(
                    year, decided_on
                ),
            )
        )
    if person is not None and person.hired_on and person.hired_on > decided_on:
        found.append(
            AwardRefused(
                "person",
                "{} vào làm việc ngày {:%d/%m/%Y}, sau ngày quyết định {:%d/%m/%Y}.".format(
                    person.full_name, person.hired_on, decided_on
                ),
            )
        )
    if person is not None and person.left_on and person.left_on <= decided_on:
        found.append(
            AwardRefused(
                "person",
                "{} đã thôi việc từ ngày {:%d/%m/%Y}, trước ngày quyết định {:%d/%m/%Y}.".format(
                    person.full_name, person.left_on, decided_on
                ),
            )
        )
    return found


def _refuse_duplicate(organization_id: int, data: AwardData, *, exclude: int | None = None):
    """Refuse when the subject already holds the title or form for the year (awards.checks).

    Locks the organisation's row first, as every writer of the register does.
    """
    Organization.objects.select_for_update().filter(pk=organization_id).first()
    found = [
        award
        for _, award in awards_already_held(organization_id, data.year, [data])
        if award.pk != exclude
    ]
    if found:
        award = found[0]
        raise AwardRefused(
            "code",
            "{} đã có «{}»{} năm {} trong sổ (Quyết định số {} ngày {:%d/%m/%Y} của {}); một "
            "thành tích chỉ được khen một lần.".format(
                data.subject_name, NAMES.get(data.code, data.code),
                " ({})".format(data.occasion) if data.occasion else "", data.year,
                award.decision_number, award.decided_on, award.issued_by,
            ),
        )  # fmt: skip


def _refuse_written_by_thidua(award: Award) -> None:
    if award.entered_in_register:
        return
    through = "quyết định đó" if award.source == AwardSource.OWN_DECISION else "tờ trình đó"
    raise AwardRefused(
        None,
        "Khen thưởng này được ghi vào sổ theo Quyết định số {} ngày {:%d/%m/%Y} của {} ({}); "
        "chỉ sửa hoặc thu hồi được qua {}.".format(
            award.decision_number, award.decided_on, award.issued_by,
            "quyết định khen thưởng trong thidua" if award.source == AwardSource.OWN_DECISION
            else "kết quả tờ trình trong thidua",
            through,
        ),
    )  # fmt: skip


def _clean(data: AwardData, organization: Organization) -> AwardData:
    data.decision_number = text.clean(data.decision_number)
    data.issued_by = text.clean(data.issued_by)
    data.occasion = text.clean(data.occasion)
    data.organization_name = organization.name
    if not data.issued_by and data.code in NAMES:
        data.issued_by = default_issuer(organization, data.code)
    return data


def _raise_first(refusals: list[AwardRefused]) -> None:
    if refusals:
        raise refusals[0]


def _attach(award: Award, attachment, acting_user) -> None:
    if attachment is None:
        return
    from thidua.attachments.actions import do_attach

    try:
        do_attach(award, attachment, acting_user=acting_user)
    except ValidationError as error:
        raise AwardRefused("attachment", " ".join(error.messages)) from None


@transaction.atomic
def do_add_award(
    organization: Organization, data: AwardData, *, acting_user, attachment=None
) -> Award:
    """Enter an award decided outside thidua (a higher body, the union, or before adoption)."""
    require_perm(
        acting_user, "register.add_award", organization,
        message="Chỉ Thường trực Hội đồng và quản trị hệ thống ghi vào sổ khen thưởng.",
    )  # fmt: skip
    data = _clean(data, organization)
    _raise_first(check_award(organization, data, today=timezone.localdate()))
    _refuse_duplicate(organization.pk, data)
    award = Award(
        organization=organization, person=data.person, unit=data.unit, year=data.year,
        code=data.code, occasion=data.occasion, source=AwardSource.REGISTER,
        decision_number=data.decision_number,
        decided_on=data.decided_on, issued_by=data.issued_by,
    )  # fmt: skip
    with set_actor(acting_user):
        award.full_clean()
        award.save()
    _attach(award, attachment, acting_user)
    return award


@transaction.atomic
def do_correct_award(award: Award, data: AwardData, *, acting_user, attachment=None) -> Award:
    """Correct an award entered in the register (its subject, year, title, decision)."""
    require_perm(
        acting_user, "register.change_award", award,
        message="Chỉ Thường trực Hội đồng và quản trị hệ thống sửa sổ khen thưởng.",
    )  # fmt: skip
    award = locked(award, "organization")
    _refuse_written_by_thidua(award)
    if award.revoked_on:
        raise AwardRefused(None, "Khen thưởng đã thu hồi ngày {:%d/%m/%Y}; không sửa được."
                           .format(award.revoked_on))  # fmt: skip
    organization = award.organization
    data = _clean(data, organization)
    _raise_first(check_award(organization, data, today=timezone.localdate()))
    _refuse_duplicate(organization.pk, data, exclude=award.pk)
    award.person, award.unit = data.person, data.unit
    award.year, award.code, award.occasion = data.year, data.code, data.occasion
    award.decision_number, award.decided_on = data.decision_number, data.decided_on
    award.issued_by = data.issued_by
    with set_actor(acting_user):
        award.full_clean()
        award.save()
    _attach(award, attachment, acting_user)
    return award


@transaction.atomic
def do_revoke_award(
    award: Award, *, reason: str, revoked_on: date | None = None, acting_user
) -> Award:
    """Revoke an award entered in the register, with its reason: it stays, marked revoked, and
    the engine no longer reads it."""
    require_perm(
        acting_user, "register.change_award", award,
        message="Chỉ Thường trực Hội đồng và quản trị hệ thống thu hồi khen thưởng.",
    )  # fmt: skip
    award = locked(award)
    _refuse_written_by_thidua(award)
    if award.revoked_on:
        raise AwardRefused(
            None, "Khen thưởng đã thu hồi ngày {:%d/%m/%Y}.".format(award.revoked_on)
        )
    reason = text.clean(reason)
    if not reason:
        raise AwardRefused("reason", "bắt buộc, cần ghi lý do thu hồi.")
    today = timezone.localdate()
    revoked_on = revoked_on or today
    if revoked_on > today:
        raise AwardRefused("revoked_on", "ngày {:%d/%m/%Y} ở tương lai.".format(revoked_on))
    if revoked_on < award.decided_on:
        raise AwardRefused(
            "revoked_on",
            "ngày {:%d/%m/%Y} trước ngày quyết định khen thưởng ({:%d/%m/%Y}).".format(
                revoked_on, award.decided_on
            ),
        )
    award.revoked_on = revoked_on
    award.revocation_reason = reason
    with set_actor(acting_user):
        award.save()
    return award


# The spreadsheet's bulk variant ------------------------------------------------------------


@dataclass
class BulkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def check_write_permission(organization: Organization, acting_user) -> None:
    """Refuse an import by anyone but the secretary or the administrator; the command run
    without --user (the server's operator) writes as the system, as the other kinds do."""
    if acting_user is None or not acting_user.pk:
        return
    require_perm(
        acting_user, "register.add_award", organization,
        message="Chỉ Thường trực Hội đồng và quản trị hệ thống ghi vào sổ khen thưởng.",
    )  # fmt: skip


def key_of(award) -> tuple:
    return (award.person_id, award.unit_id, award.code, award.year)


def plan_bulk(organization: Organization, rows: list[tuple[int, AwardData]]):
    """Match rows to the register: (new awards, corrections, unchanged, refusals by line).

    A row for a subject, title and year already in force is the same award: unchanged when it
    says the same, a correction when the stored award was entered in the register, refused when
    thidua's own decision or answer wrote it (it changes only through that).
    """
    years = {data.year for _, data in rows}
    stored = {
        key_of(award): award
        for award in Award.objects.in_force().filter(organization=organization, year__in=years)
    }
    new, corrections, unchanged, refusals = [], [], 0, []
    for line, data in rows:
        award = stored.get(key_of(data))
        if award is None:
            new.append(
                Award(
                    organization=organization, person_id=data.person_id, unit_id=data.unit_id,
                    year=data.year, code=data.code, source=AwardSource.REGISTER,
                    decision_number=data.decision_number, decided_on=data.decided_on,
                    issued_by=data.issued_by,
                )
            )  # fmt: skip
            continue
        same = (award.decision_number, award.decided_on, award.issued_by) == (
            data.decision_number, data.decided_on, data.issued_by,
        )  # fmt: skip
        if same:
            unchanged += 1
        elif not award.entered_in_register:
            try:
                _refuse_written_by_thidua(award)
            except AwardRefused as refusal:
                refusals.append((line, refusal))
        else:
            award.decision_number = data.decision_number
            award.decided_on = data.decided_on
            award.issued_by = data.issued_by
            corrections.append(award)
    return new, corrections, unchanged, refusals


def do_add_awards(organization: Organization, new: list[Award], corrections: list[Award], *,
                  acting_user, rows: int, batch_size: int = 1000) -> BulkResult:  # fmt: skip
    """Write checked rows (`check_award`, `plan_bulk`) in bulk, inside the caller's transaction,
    with one audit entry for the whole file (bulk writes bypass auditlog's signals)."""
    check_write_permission(organization, acting_user)
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    Award.objects.bulk_create(new, batch_size=batch_size)
    now = timezone.now()
    for award in corrections:
        award.changed_at = now
    Award.objects.bulk_update(
        corrections, ["decision_number", "decided_on", "issued_by", "changed_at"],
        batch_size=batch_size,
    )
    result = BulkResult(created=len(new), updated=len(corrections))
    if not new and not corrections:
        return result  # every row as the register has it: nothing written, no audit entry
    actor = acting_user if acting_user is not None and acting_user.pk else None
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Award),
        object_pk=str(organization.pk),
        object_id=organization.pk,
        object_repr="Nhập Excel sổ khen thưởng của {}: {} dòng, {} thêm mới, {} cập nhật".format(
            organization.abbreviation, rows, result.created, result.updated
        ),
        action=LogEntry.Action.CREATE,
        changes={"nhập Excel": ["", "{} dòng: {} thêm, {} cập nhật".format(
            rows, result.created, result.updated)]},
        changes_text="",
        actor=actor,
        additional_data={"kind": "awards", "rows": rows, "created": result.created,
                         "updated": result.updated},
    )  # fmt: skip
    return result
