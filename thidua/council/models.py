"""Nominations (bình xét) and the council's sessions with their secret ballot.

The secret is kept by keeping two things apart: `VoteRecord` says *who has voted* on an agenda
item (and so stops anyone voting twice), `Ballot` says *what was voted* and has no link to a
member, no timestamp and a random primary key. While a session is open a paper cast on screen is
only a `BallotEnvelope`, its choice encrypted under a key kept outside the database (see
ballot_box), so a copy of the database files taken at any moment ties no member to a choice;
the envelopes become `Ballot` rows, in content order, when the session closes.
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from thidua.core.choices import TitleCode
from thidua.core.querysets import OrganizationQuerySet
from thidua.core.workflow import Move, Workflow


class NominationState(models.TextChoices):
    PROPOSED = "proposed", "Đã đề nghị"
    WITHDRAWN = "withdrawn", "Đã rút"
    ON_AGENDA = "on_agenda", "Đưa ra Hội đồng"
    PASSED = "passed", "Hội đồng thông qua"
    FAILED = "failed", "Không được thông qua"


# A nomination in one of these states still counts: the same subject cannot be nominated again
# for the same title and year (and phase) until it is withdrawn or has failed.
LIVE_STATES = (NominationState.PROPOSED, NominationState.ON_AGENDA, NominationState.PASSED)

_RUN_SESSION = Move("council.manage_session", "Chỉ thường trực Hội đồng được điều hành phiên họp.")

#: The workflow of a nomination, in one place: (from, to) → who may make the move. The unit
#: that proposed it (its proposer, the head of the unit or of the nominee's unit) withdraws it
#: while proposed; the council's secretary puts it on a session's agenda, the session's close
#: passes or fails it, and annulling the session's results returns it to proposed (the
#: permission is asked over the session). `NOMINATION_FLOW.move` is the one way it changes.
NOMINATION_FLOW = Workflow(
    NominationState,
    {
        (NominationState.PROPOSED, NominationState.WITHDRAWN): Move(
            "council.withdraw_nomination", "Chỉ đơn vị đề nghị mới rút được đề nghị này."
        ),
        (NominationState.PROPOSED, NominationState.ON_AGENDA): _RUN_SESSION,
        (NominationState.ON_AGENDA, NominationState.PASSED): _RUN_SESSION,
        (NominationState.ON_AGENDA, NominationState.FAILED): _RUN_SESSION,
        (NominationState.ON_AGENDA, NominationState.PROPOSED): _RUN_SESSION,
        (NominationState.PASSED, NominationState.PROPOSED): _RUN_SESSION,
        (NominationState.FAILED, NominationState.PROPOSED): _RUN_SESSION,
    },
    noun="đề nghị",
)


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return what a user may read: the organisation-wide roles every nomination, a unit head
        those of their units and their own proposals, anyone else the ones about themself."""
        from thidua.organization.models import Assignment

        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        mine = self.filter(organization_id=user.organization_id)
        if user.sees_whole_organization:
            return mine
        own = Q(person_id=user.person_id) if user.person_id else Q(pk__in=[])
        heads = user.headed_unit_ids
        if heads:
            in_units = Exists(
                Assignment.objects.current().filter(person=OuterRef("person_id"), unit_id__in=heads)
            )
            return mine.filter(own | Q(proposed_by=user) | Q(unit_id__in=heads) | Q(in_units))
        return mine.filter(own)


class Nomination(models.Model):
    """A proposal of a person, a unit, or neither — the organisation itself — for a title
    (đề nghị, bình xét): a unit head proposes their unit and its people, the council's secretary
    anyone of the organisation and the organisation's own collective titles (its flags).

    `explanation` is the engine's verdict as it stood when the unit proposed: the council reads
    what the unit read, even if the evidence changes later.
    """

    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    year = models.PositiveSmallIntegerField("năm")
    phase = models.ForeignKey(
        "plans.Phase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name="đợt thi đua",
    )
    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name="cán bộ",
    )
    unit = models.ForeignKey(
        "organization.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name="tập thể",
    )
    # A nominee of another organisation, proposed to this one's council by a tờ trình it
    # received (the province's council on an agency's entries): its name as received and the
    # agency. Such a nomination is neither a person or unit of this organisation nor the
    # organisation itself.
    outside_name = models.CharField("người, tập thể của cơ quan khác", max_length=255, blank=True)
    outside_organization = models.ForeignKey(
        "organization.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan đề nghị",
    )
    title = models.CharField("danh hiệu, hình thức", max_length=12, choices=TitleCode.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người đề nghị",
    )
    proposed_at = models.DateTimeField("đề nghị lúc", auto_now_add=True)
    verdict = models.CharField("kết quả xét điều kiện", max_length=12)
    explanation = models.JSONField("giải trình của hệ thống (lưu khi đề nghị)", default=dict)
    justification = models.TextField("lý do đề nghị", blank=True)
    state = models.CharField(
        "trạng thái",
        max_length=10,
        choices=NominationState.choices,
        default=NominationState.PROPOSED,
    )
    withdraw_reason = models.TextField("lý do rút", blank=True)
    # The unit's own review meeting (họp bình xét của đơn vị).
    meeting_on = models.DateField("ngày họp bình xét", null=True, blank=True)
    meeting_attendance = models.PositiveSmallIntegerField("số người dự họp", null=True, blank=True)
    meeting_votes = models.PositiveSmallIntegerField("số phiếu đồng ý", null=True, blank=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"
        ordering = ["-year", "title", "pk"]
        constraints = [
            # Neither person nor unit: the organisation itself (its TTLĐXS, its flags).
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(unit__isnull=True),
                name="council_nomination_at_most_one_subject",
                violation_error_message="Đề nghị dành cho một cán bộ, một tập thể hoặc cơ quan.",
            ),
            # A nominee of another organisation is named and has no person or unit here.
            models.CheckConstraint(
                condition=(
                    Q(outside_organization__isnull=True, outside_name="")
                    | (
                        Q(outside_organization__isnull=False, person__isnull=True)
                        & Q(unit__isnull=True)
                        & ~Q(outside_name="")
                    )
                ),
                name="council_nomination_outside_subject",
                violation_error_message="Đề nghị của cơ quan khác cần tên và cơ quan đề nghị.",
            ),
            models.CheckConstraint(
                condition=Q(meeting_votes__isnull=True)
                | Q(meeting_attendance__isnull=True)
                | Q(meeting_votes__lte=models.F("meeting_attendance")),
                name="council_nomination_votes_within_attendance",
                violation_error_message="Số phiếu đồng ý không vượt số người dự họp.",
            ),
            models.CheckConstraint(
                condition=Q(verdict="eligible") | ~Q(justification=""),
                name="council_nomination_justified",
                violation_error_message="Trường hợp chưa đủ điều kiện, cần xem xét phải có lý do.",
            ),
            # Partial constraints (SQLite lacks nulls_distinct=False): with and without a phase.
            models.UniqueConstraint(
                fields=["person", "year", "title"],
                condition=Q(state__in=LIVE_STATES, phase__isnull=True),
                name="council_nomination_unique_person_year",
                violation_error_message="Cán bộ đã được đề nghị danh hiệu này trong năm.",
            ),
            models.UniqueConstraint(
                fields=["person", "phase", "title"],
                condition=Q(state__in=LIVE_STATES, phase__isnull=False),
                name="council_nomination_unique_person_phase",
                violation_error_message="Cán bộ đã được đề nghị danh hiệu này trong đợt.",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "title"],
                condition=Q(state__in=LIVE_STATES, phase__isnull=True),
                name="council_nomination_unique_unit_year",
                violation_error_message="Tập thể đã được đề nghị danh hiệu này trong năm.",
            ),
            models.UniqueConstraint(
                fields=["unit", "phase", "title"],
                condition=Q(state__in=LIVE_STATES, phase__isnull=False),
                name="council_nomination_unique_unit_phase",
                violation_error_message="Tập thể đã được đề nghị danh hiệu này trong đợt.",
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "title"],
                condition=Q(
                    state__in=LIVE_STATES,
                    phase__isnull=True,
                    person__isnull=True,
                    unit__isnull=True,
                    outside_organization__isnull=True,
                ),  # fmt: skip
                name="council_nomination_unique_organization_year",
                violation_error_message="Cơ quan đã được đề nghị danh hiệu này trong năm.",
            ),
            models.UniqueConstraint(
                fields=["organization", "phase", "title"],
                condition=Q(
                    state__in=LIVE_STATES,
                    phase__isnull=False,
                    person__isnull=True,
                    unit__isnull=True,
                    outside_organization__isnull=True,
                ),  # fmt: skip
                name="council_nomination_unique_organization_phase",
                violation_error_message="Cơ quan đã được đề nghị danh hiệu này trong đợt.",
            ),
        ]

    def __str__(self):
        return "{}: {} ({})".format(self.subject_name, self.get_title_display(), self.year)

    @property
    def is_outside(self) -> bool:
        """Whether the nominee belongs to another organisation (a received tờ trình's entry)."""
        return self.outside_organization_id is not None

    @property
    def is_organization(self) -> bool:
        """Whether the nominee is the organisation itself (no person, unit or outside nominee)."""
        return not self.person_id and not self.unit_id and not self.is_outside

    @property
    def subject_key(self) -> tuple:
        """Return who the nominee is, comparable across nominations of one organisation: the
        person, the unit, the organisation itself, or an outside nominee by agency and name."""
        if self.is_outside:
            return ("outside", self.outside_organization_id, self.outside_name.casefold())
        return (self.person_id, self.unit_id)

    @property
    def subject_name(self) -> str:
        """Return the nominee's name, an outside one with its agency: "name (agency)" (reads
        person, unit or organisation: one query if not loaded)."""
        if self.person_id:
            return self.person.full_name
        if self.unit_id:
            return str(self.unit)
        if self.is_outside:
            agency = self.outside_organization.name
            if self.outside_name == agency:  # the agency itself (its flag, its TTLĐXS)
                return agency
            return "{} ({})".format(self.outside_name, agency)
        return self.organization.name

    def get_absolute_url(self):
        return reverse("council:nomination", args=[self.pk])


class SessionState(models.TextChoices):
    OPEN = "open", "Đang họp, đang bỏ phiếu"
    CLOSED = "closed", "Đã kết thúc"
    ANNULLED = "annulled", "Kết quả bị huỷ"


#: The workflow of a council session. Its state is derived from timestamps (closed_at,
#: annulled_at), so the table only checks the moves; the actions set the timestamps. The
#: secretary closes an open session, and annuls the results of an open or closed one (an open
#: one is closed and sealed at the same moment).
SESSION_FLOW = Workflow(
    SessionState,
    {
        (SessionState.OPEN, SessionState.CLOSED): _RUN_SESSION,
        (SessionState.OPEN, SessionState.ANNULLED): _RUN_SESSION,
        (SessionState.CLOSED, SessionState.ANNULLED): _RUN_SESSION,
    },
    noun="phiên họp",
)


class CouncilSessionQuerySet(OrganizationQuerySet):
    def visible_to(self, user):
        """Return the sessions of the user's organisation for its organisation-wide roles, and
        every session the user sits on (a unit head may also be a member)."""
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        mine = self.filter(organization_id=user.organization_id)
        if user.sees_whole_organization:
            return mine
        return mine.filter(members__user=user).distinct()

    def open(self):
        return self.filter(closed_at__isnull=True, annulled_at__isnull=True)


class CouncilSession(models.Model):
    """A meeting of the council (phiên họp Hội đồng TĐ-KT) with its agenda and ballot.

    Its state is read from its dates: open until closed; closed sessions are locked and sealed;
    an annulled one keeps its record, but its results count for nothing.
    """

    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    year = models.PositiveSmallIntegerField("năm")
    phase = models.ForeignKey(
        "plans.Phase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_sessions",
        verbose_name="đợt thi đua",
    )
    name = models.CharField("tên phiên họp", max_length=255)
    # When and where the council met, as the secretary enters them (the meeting may be entered
    # after it was held on paper); opened_at/closed_at only say when the record was opened/sealed.
    meeting_on = models.DateField("ngày họp")
    starts_at = models.TimeField("giờ bắt đầu")
    ends_at = models.TimeField("giờ kết thúc", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=255, blank=True)
    on_paper = models.BooleanField(
        "kiểm phiếu bằng phiếu giấy",
        default=False,
        help_text="Hội đồng bỏ phiếu trên giấy; thư ký nhập kết quả kiểm phiếu từng nội dung.",
    )
    opened_at = models.DateTimeField("khai mạc lúc")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="mở bởi"
    )
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kết thúc bởi",
    )
    annulled_at = models.DateTimeField("huỷ kết quả lúc", null=True, blank=True)
    annulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="huỷ bởi",
    )
    annul_reason = models.TextField("lý do huỷ", blank=True)
    # The meeting elects its counting committee (ban kiểm phiếu) from the members present; the
    # time of that vote, within the meeting's hours (the members carry their duty).
    counting_elected_at = models.TimeField("giờ bầu Ban kiểm phiếu", null=True, blank=True)
    results = models.JSONField("kết quả (chốt khi kết thúc)", default=dict, blank=True)
    seal = models.CharField("dấu niêm phong (SHA-256)", max_length=64, blank=True)
    # The signed paper minutes (biên bản giấy có chữ ký), scanned.
    attachments = GenericRelation("attachments.Attachment")

    objects = CouncilSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "phiên họp Hội đồng"
        verbose_name_plural = "phiên họp Hội đồng"
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annulled_at__isnull=True) | ~Q(annul_reason=""),
                name="council_councilsession_annul_has_reason",
                violation_error_message="Huỷ kết quả phải ghi lý do.",
            ),
            models.CheckConstraint(
                condition=Q(annulled_at__isnull=True) | Q(closed_at__isnull=False),
                name="council_councilsession_annulled_after_closing",
                violation_error_message="Chỉ huỷ được kết quả của phiên đã kết thúc.",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="council_councilsession_ends_after_start",
                violation_error_message="Giờ kết thúc không được trước giờ bắt đầu.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("council:session", args=[self.pk])

    @property
    def state(self) -> str:
        """Return open, closed or annulled, from the stored dates."""
        if self.annulled_at is not None:
            return SessionState.ANNULLED
        if self.closed_at is not None:
            return SessionState.CLOSED
        return SessionState.OPEN

    def get_state_display(self) -> str:
        return SessionState(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state == SessionState.OPEN


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chủ tịch Hội đồng"
    STANDING_VICE_CHAIR = "standing_vice_chair", "Phó Chủ tịch thường trực"
    SECRETARY = "secretary", "Thư ký Hội đồng"
    MEMBER = "member", "Ủy viên"


class CountingDuty(models.TextChoices):
    HEAD = "head", "Trưởng ban kiểm phiếu"
    MEMBER = "member", "Thành viên ban kiểm phiếu"


class StandingMember(models.Model):
    """A member of the organisation's council as its founding decision names them; each new
    session seats them (absent until the secretary marks attendance)."""

    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="standing_seats",
        verbose_name="tài khoản",
    )
    role = models.CharField(
        "chức danh", max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )

    class Meta:
        verbose_name = "thành viên Hội đồng (thường xuyên)"
        verbose_name_plural = "thành viên Hội đồng (thường xuyên)"
        ordering = ["organization", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                name="council_standingmember_unique_user",
                violation_error_message="Người này đã là thành viên Hội đồng.",
            ),
        ]

    def __str__(self):
        return "{} ({})".format(self.user, self.get_role_display())


class CouncilMember(models.Model):
    """A member of the council at one session, with their attendance."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.PROTECT, related_name="members", verbose_name="phiên họp"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="council_seats",
        verbose_name="tài khoản",
    )
    role = models.CharField(
        "chức danh", max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    present = models.BooleanField("có mặt", default=False)
    written_vote = models.BooleanField(
        "vắng, được gửi phiếu bằng văn bản",
        default=False,
        help_text="Thành viên vắng mặt gửi ý kiến bằng văn bản (NĐ 91/2017 Điều 45.8).",
    )
    counting = models.CharField(
        "nhiệm vụ trong Ban kiểm phiếu", max_length=6, choices=CountingDuty.choices, blank=True
    )

    class Meta:
        verbose_name = "thành viên Hội đồng"
        verbose_name_plural = "thành viên Hội đồng"
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                name="council_councilmember_unique_user",
                violation_error_message="Người này đã là thành viên của phiên họp.",
            ),
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(role="chair"),
                name="council_councilmember_one_chair",
                violation_error_message="Phiên họp đã có Chủ tịch Hội đồng.",
            ),
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(role="secretary"),
                name="council_councilmember_one_secretary",
                violation_error_message="Phiên họp đã có Thư ký Hội đồng.",
            ),
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(counting="head"),
                name="council_councilmember_one_counting_head",
                violation_error_message="Ban kiểm phiếu chỉ có một Trưởng ban.",
            ),
            # The committee is elected from the members present at the meeting.
            models.CheckConstraint(
                condition=Q(counting="") | Q(present=True),
                name="council_councilmember_counter_present",
                violation_error_message="Thành viên Ban kiểm phiếu phải có mặt tại cuộc họp.",
            ),
        ]

    def __str__(self):
        name = self.user.person.full_name if self.user.person_id else self.user.get_username()
        return "{} ({})".format(name, self.get_role_display())

    @property
    def may_vote(self) -> bool:
        """Present members vote; an absent one only when allowed to vote in writing."""
        return self.present or self.written_vote


#: What an agenda item's subject name reads (Nomination.subject_name), for select_related.
AGENDA_SUBJECTS = ("nomination__person", "nomination__unit", "nomination__outside_organization")


class AgendaItem(models.Model):
    """A nomination put before one session; `rank` orders those passing beyond a quota."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.PROTECT, related_name="items", verbose_name="phiên họp"
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="agenda_items", verbose_name="đề nghị"
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    rank = models.PositiveSmallIntegerField("xếp hạng trong chỉ tiêu", null=True, blank=True)
    # A session counted on paper: the counting committee's figures (the agree/disagree/lower
    # papers themselves are stored as anonymous Ballot rows, so tally and seal read them alike).
    paper_issued = models.PositiveSmallIntegerField("số phiếu phát ra", null=True, blank=True)
    paper_returned = models.PositiveSmallIntegerField("số phiếu thu về", null=True, blank=True)
    paper_valid = models.PositiveSmallIntegerField("số phiếu hợp lệ", null=True, blank=True)

    class Meta:
        verbose_name = "nội dung bỏ phiếu"
        verbose_name_plural = "nội dung bỏ phiếu"
        ordering = ["session", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nomination"],
                name="council_agendaitem_unique_nomination",
                violation_error_message="Đề nghị đã có trong chương trình phiên họp.",
            ),
            models.CheckConstraint(
                condition=Q(paper_issued__isnull=True)
                | (
                    Q(paper_returned__lte=models.F("paper_issued"))
                    & Q(paper_valid__lte=models.F("paper_returned"))
                ),
                name="council_agendaitem_paper_counts_ordered",
                violation_error_message="Số phiếu hợp lệ ≤ số phiếu thu về ≤ số phiếu phát ra.",
            ),
        ]

    def __str__(self):
        return "{}. {}".format(self.position, self.nomination)

    @property
    def paper_counted(self) -> bool:
        return self.paper_issued is not None


class VoteRecord(models.Model):
    """Who has voted on which item; never what. The unique pair stops a second vote.

    The primary key is random too, so the order members voted in is not written anywhere.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        CouncilSession, on_delete=models.PROTECT, related_name="vote_records"
    )
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="vote_records")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="vote_records")

    class Meta:
        verbose_name = "lượt bỏ phiếu"
        verbose_name_plural = "lượt bỏ phiếu"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "item"],
                name="council_voterecord_unique_member_item",
                violation_error_message="Thành viên đã bỏ phiếu cho nội dung này.",
            ),
        ]

    def __str__(self):
        return "{} – {}".format(self.member, self.item)


class BallotChoice(models.TextChoices):
    AGREE = "agree", "Đồng ý"
    DISAGREE = "disagree", "Không đồng ý"
    LOWER_TITLE = "lower_title", "Đồng ý ở danh hiệu, hình thức thấp hơn"


class Ballot(models.Model):
    """One secret ballot paper: what was chosen on an item, and nothing about who or when.

    Deliberately without a member, a timestamp or a sequential key; not audited (an audit row
    would carry the actor) and not in the Django admin. Written only by the closing of a session
    (from its envelopes, all in one transaction, in content order) and by a paper count.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField("lựa chọn", max_length=12, choices=BallotChoice.choices)
    lower_title = models.CharField(
        "danh hiệu thấp hơn", max_length=12, choices=TitleCode.choices, blank=True
    )

    class Meta:
        verbose_name = "phiếu bầu"
        verbose_name_plural = "phiếu bầu"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(choice="lower_title") & ~Q(lower_title=""))
                | (~Q(choice="lower_title") & Q(lower_title="")),
                name="council_ballot_lower_title_with_choice",
                violation_error_message="Chỉ phiếu đồng ý danh hiệu thấp hơn mới ghi danh hiệu đó.",
            ),
        ]

    def __str__(self):
        return "Phiếu {}".format(self.id)


class BallotEnvelope(models.Model):
    """A paper cast on screen in an open session, sealed: its choice is encrypted (AES-256-GCM,
    random nonce, one padded length) under the session's key, which is not in the database.

    It shows only its item, which the who-voted row shows already. Opened and deleted when the
    session closes (ballot_box); never audited, never in the admin.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="envelopes")
    nonce = models.BinaryField("số dùng một lần", max_length=12)
    sealed = models.BinaryField("phiếu đã mã hoá", max_length=64)

    class Meta:
        verbose_name = "phong bì phiếu bầu"
        verbose_name_plural = "phong bì phiếu bầu"

    def __str__(self):
        return "Phong bì {}".format(self.id)


class PublicationQuerySet(OrganizationQuerySet):
    def visible_to(self, user):
        """Return the publications of the user's organisation: every staff member reads them."""
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        return self.filter(organization_id=user.organization_id)


class ResultsPublication(models.Model):
    """The council's proposed results published inside the organisation for comments before the
    decision (công khai kết quả xét chọn), over a period the secretary enters.

    Its state is read from its dates: not yet open, open for comments, or ended. When the
    organisation's regulation requires a publication (`Organization.results_publication_required`)
    no decision on the session is issued before the period has ended.
    """

    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    session = models.OneToOneField(
        CouncilSession,
        on_delete=models.PROTECT,
        related_name="publication",
        verbose_name="phiên họp",
    )
    starts_on = models.DateField("công khai từ ngày")
    ends_on = models.DateField("đến hết ngày")
    note = models.TextField(
        "ghi chú gửi kèm",
        blank=True,
        help_text="Ví dụ: nơi niêm yết, cách gửi ý kiến bằng văn bản.",
    )
    published_at = models.DateTimeField("công khai lúc", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người công khai",
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "công khai kết quả xét chọn"
        verbose_name_plural = "công khai kết quả xét chọn"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="council_resultspublication_ends_after_start",
                violation_error_message="Ngày kết thúc công khai không được trước ngày bắt đầu.",
            ),
        ]

    def __str__(self):
        return "Công khai kết quả {}".format(self.session)

    def get_absolute_url(self):
        return reverse("council:publication", args=[self.pk])

    def is_open_on(self, day) -> bool:
        """Whether comments are received on `day` (the period, both ends included)."""
        return self.starts_on <= day <= self.ends_on

    def state_on(self, day) -> str:
        """Return "Chưa đến thời gian công khai", "Đang công khai" or "Đã hết thời gian"."""
        if day < self.starts_on:
            return "Chưa đến thời gian công khai"
        if day <= self.ends_on:
            return "Đang công khai, nhận ý kiến"
        return "Đã hết thời gian công khai"


class PublicationComment(models.Model):
    """A comment on a publication: sent on screen by a member of the organisation, or received
    on paper and recorded by the secretary with its date and author."""

    publication = models.ForeignKey(
        ResultsPublication,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name="công khai",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tài khoản gửi",
    )
    author_name = models.CharField("người góp ý", max_length=255)
    received_on = models.DateField("ngày nhận")
    text = models.TextField("nội dung ý kiến")
    on_paper = models.BooleanField("nhận bằng văn bản", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người ghi nhận",
    )
    recorded_at = models.DateTimeField("ghi lúc", auto_now_add=True)

    class Meta:
        verbose_name = "ý kiến về kết quả công khai"
        verbose_name_plural = "ý kiến về kết quả công khai"
        ordering = ["publication", "received_on", "pk"]

    def __str__(self):
        return "{} ({:%d/%m/%Y})".format(self.author_name, self.received_on)


auditlog.register(Nomination, exclude_fields=["explanation"])
auditlog.register(CouncilSession, exclude_fields=["results"])
auditlog.register(CouncilMember)
auditlog.register(StandingMember)
auditlog.register(AgendaItem)
# Who voted, as the paper sign-in sheet shows it; the ballot itself is never registered.
auditlog.register(VoteRecord)
auditlog.register(ResultsPublication)
auditlog.register(PublicationComment)
