"""Proposals (tờ trình) to a higher body for the titles the school cannot award, and their
entries; each follows one closed council session. The higher level answers entry by entry (a
granted entry carries its decision's number and date and is written into the award register),
possibly in several goes; once every entry is answered the tờ trình is approved, partly approved
or rejected."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from thidua.core.choices import COMMENDATION_FORMS, TitleCode
from thidua.core.subjects import SubjectMixin, person_field, unit_field
from thidua.core.workflow import Move, Workflow
from thidua.documents import formatting
from thidua.organization.models import DocumentStyle
from thidua.proposals.routing import HigherBody
from thidua.rules import authority

# The symbol of a tờ trình (Nghị định 30/2020/NĐ-CP: TTr); the Party form is "5-TTr/TCTTP".
SYMBOL = "TTr"


class ProposalState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SENT = "sent", "Đã gửi cấp trên"
    APPROVED = "approved", "Cấp trên đã quyết định khen thưởng"
    PARTIAL = "partial", "Được chấp thuận một phần"
    REJECTED = "rejected", "Cấp trên không chấp thuận"
    # Every entry returned by the receiving office: closed for this tờ trình; the agency may
    # send the entries again in a supplementary one (ProposalEntry.replaces).
    RETURNED = "returned", "Cấp trên trả lại"


#: The states of a tờ trình whose every entry has the higher body's answer (a returned entry is
#: closed for its tờ trình: it counts as answered).
ANSWERED_STATES = (
    ProposalState.APPROVED,
    ProposalState.PARTIAL,
    ProposalState.REJECTED,
    ProposalState.RETURNED,
)

_ANSWER = Move(
    "proposals.record_answer",
    "Chỉ thường trực Hội đồng được lập tờ trình và ghi kết quả của cấp trên.",
)

#: The workflow of a tờ trình, in one place: (from, to) → who may make the move. The principal
#: signs and sends a draft; the secretary records the higher level's answer, and the last
#: entry answered moves the tờ trình to approved, partly approved or rejected.
#: `PROPOSAL_FLOW.move` is the one way the state changes.
PROPOSAL_FLOW = Workflow(
    ProposalState,
    {
        (ProposalState.DRAFT, ProposalState.SENT): Move(
            "proposals.send_proposal", "Chỉ Hiệu trưởng ký và gửi tờ trình."
        ),
        **{(ProposalState.SENT, answered): _ANSWER for answered in ANSWERED_STATES},
    },
    noun="tờ trình",
)


class EntryOutcome(models.TextChoices):
    """The higher body's answer for one entry of a tờ trình."""

    PENDING = "pending", "Chưa có kết quả"
    GRANTED = "granted", "Được khen thưởng"
    REFUSED = "refused", "Không được khen thưởng"


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return what a user may read: the organisation-wide roles every proposal of their
        organisation; anyone else those naming themself or (a unit head) their units' people."""
        from thidua.organization.models import Assignment

        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        mine = self.filter(organization_id=user.organization_id)
        if user.sees_whole_organization:
            return mine
        entries = ProposalEntry.objects.filter(proposal=OuterRef("pk"))
        condition = Q(pk__in=[])
        if user.person_id:
            condition |= Q(Exists(entries.filter(person_id=user.person_id)))
        heads = user.headed_unit_ids
        if heads:
            in_units = Assignment.objects.current().filter(unit_id__in=heads).values("person_id")
            condition |= Q(Exists(entries.filter(Q(unit_id__in=heads) | Q(person_id__in=in_units))))
        return mine.filter(condition)


class Proposal(models.Model):
    """A tờ trình to the province, the Academy or (through the province) the Government."""

    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    year = models.PositiveSmallIntegerField("năm")
    body = models.CharField("cấp trình", max_length=12, choices=HigherBody.choices)
    number = models.PositiveIntegerField("số tờ trình")
    number_year = models.PositiveSmallIntegerField(
        "năm của số", help_text="Năm của ngày tờ trình: số chạy theo năm dương lịch."
    )
    dated_on = models.DateField("ngày tờ trình")
    session = models.ForeignKey(
        "council.CouncilSession",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name="theo phiên họp Hội đồng",
    )
    state = models.CharField(
        "trạng thái", max_length=10, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name="người lập",
    )  # fmt: skip
    drafted_at = models.DateTimeField("lập lúc", auto_now_add=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ký",
    )
    sent_on = models.DateField("ngày gửi", null=True, blank=True)
    answered_on = models.DateField("ngày ghi kết quả", null=True, blank=True)
    decision_number = models.CharField("số quyết định của cấp trên", max_length=50, blank=True)
    decided_on = models.DateField("ngày quyết định của cấp trên", null=True, blank=True)
    issued_by = models.CharField("cơ quan quyết định", max_length=255, blank=True)
    rejection_reason = models.TextField("lý do không chấp thuận", blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "tờ trình"
        verbose_name_plural = "tờ trình"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number_year", "number"],
                name="proposals_proposal_unique_number",
                violation_error_message="Số tờ trình này đã được dùng trong năm.",
            ),
            models.UniqueConstraint(
                fields=["organization", "body", "year", "decision_number"],
                condition=~Q(decision_number=""),
                name="proposals_proposal_unique_decision",
                violation_error_message="Quyết định này của cấp trên đã được ghi nhận.",
            ),
        ]

    def __str__(self):
        return "Tờ trình {} ({})".format(self.document_number, self.get_body_display())

    def get_absolute_url(self):
        return reverse("proposals:proposal", args=[self.pk])

    @property
    def symbol(self) -> str:
        """Return "TTr/TCTTP", the symbol in the Party form (formatting turns it to state form)."""
        return "{}/{}".format(SYMBOL, self.organization.abbreviation)

    @property
    def layout_choice(self):
        """The tờ trình's format and its source: the state one for a state body (the Chủ tịch
        UBND tỉnh, the Thủ tướng), else the organisation's (thidua.rules.layout)."""
        from thidua.rules.layout import layout_for

        return layout_for("proposal", self.body, self.organization.document_style)

    @property
    def layout(self) -> str:
        return self.layout_choice.layout

    @property
    def document_number(self) -> str:
        """Return "5-TTr/TCTTP" (Party, HD 36) or "5/TTr-TCTTP" (state, NĐ 30/2020); reads the
        organisation (one query if not loaded)."""
        if self.layout == DocumentStyle.PARTY:
            return "{}-{}".format(self.number, self.symbol)
        return "{}/{}".format(self.number, formatting.state_symbol(self.symbol))


class ProposalEntry(SubjectMixin, models.Model):
    """One nominee of a proposal: a person, a unit, or (neither) the organisation itself."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="entries", verbose_name="tờ trình"
    )
    person = person_field("proposal_entries")
    unit = unit_field("proposal_entries")
    title = models.CharField("danh hiệu, hình thức", max_length=12, choices=TitleCode.choices)
    # One nomination goes up once: a second proposal of the same council result is refused.
    nomination = models.OneToOneField(
        "council.Nomination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_entry",
        verbose_name="đề nghị của đơn vị",
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    outcome = models.CharField(
        "kết quả", max_length=10, choices=EntryOutcome.choices, default=EntryOutcome.PENDING
    )
    decision_number = models.CharField("số quyết định của cấp trên", max_length=50, blank=True)
    decided_on = models.DateField("ngày quyết định của cấp trên", null=True, blank=True)
    issued_by = models.CharField("cơ quan quyết định", max_length=255, blank=True)
    refusal_reason = models.TextField("lý do không được khen thưởng", blank=True)
    answered_on = models.DateField("ngày ghi kết quả", null=True, blank=True)
    award = models.OneToOneField(
        "register.Award",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_entry",
        verbose_name="khen thưởng trong sổ",
    )
    # An entry of a supplementary tờ trình sending again one the receiving office returned
    # (its nomination stays with the returned entry; the vote is read through it): once each.
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resubmitted_as",
        verbose_name="trình lại dòng bị trả lại",
    )

    class Meta:
        verbose_name = "người, tập thể được đề nghị"
        verbose_name_plural = "người, tập thể được đề nghị"
        ordering = ["proposal", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(unit__isnull=True),
                name="proposals_proposalentry_one_subject",
                violation_error_message="Mỗi dòng là một cán bộ, một tập thể hoặc cả cơ quan.",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="granted")
                | (~Q(decision_number="") & Q(decided_on__isnull=False)),
                name="proposals_proposalentry_granted_has_decision",
                violation_error_message="Dòng được khen thưởng cần số và ngày quyết định.",
            ),
        ]

    subject_owner = "proposal.organization"

    def __str__(self):
        return "{}: {}".format(self.subject_name, self.get_title_display())

    @property
    def council_nomination_id(self) -> int | None:
        """The council's nomination this entry rests on: its own, or (sent again after a
        return) the returned entry's (one query per return, when not loaded)."""
        entry = self
        while entry.nomination_id is None and entry.replaces_id is not None:
            entry = entry.replaces
        return entry.nomination_id


auditlog.register(Proposal)
auditlog.register(ProposalEntry)


# The receiving organisation's inbox --------------------------------------------------------------


class ReceiptState(models.TextChoices):
    RECEIVED = "received", "Đã nhận, đang xem xét"
    RETURNED = "returned", "Đã trả lại cả tờ trình"
    ANSWERED = "answered", "Đã trả lời mọi dòng"


class ReceiptQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return what an officer of the receiving organisation may read: the tờ trình sent to
        the organisation they work in, for its council's secretary and its administrators.
        Nobody else reads a receipt (an agency reads its own tờ trình, never the receipt)."""
        from thidua.accounts.models import Role

        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        if not user.has_role(Role.SECRETARY, Role.ADMIN):
            return self.none()
        return self.filter(receiver_id=user.organization_id)


class Receipt(models.Model):
    """A tờ trình as it arrived in the inbox of the organisation that receives for its body
    (`Organization.receiver_for`): the dossier frozen at sending, so that what the agency
    changes later never changes what was received."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="receipt", verbose_name="tờ trình"
    )
    receiver = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, related_name="receipts",
        verbose_name="cơ quan nhận",
    )  # fmt: skip
    sender = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, related_name="+",
        verbose_name="cơ quan gửi",
    )  # fmt: skip
    document_number = models.CharField("số tờ trình khi gửi", max_length=60)
    received_on = models.DateField("ngày nhận")
    received_at = models.DateTimeField("nhận lúc", auto_now_add=True)
    state = models.CharField(
        "trạng thái xử lý", max_length=10, choices=ReceiptState.choices,
        default=ReceiptState.RECEIVED,
    )  # fmt: skip
    # Frozen with the entries (a sent tờ trình's entries never change): the list counts none.
    entry_count = models.PositiveIntegerField("số dòng đề nghị", default=0)
    # The documents of the dossier as they were at sending: one ZIP (the tờ trình, the
    # council's minutes and vote count, each nominee's achievement report) and its file names.
    dossier = models.BinaryField("hồ sơ khi gửi", editable=False)
    dossier_files = models.JSONField("các tệp của hồ sơ", default=list, blank=True)
    returned_on = models.DateField("ngày trả lại", null=True, blank=True)
    return_reason = models.TextField("lý do trả lại", blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="người trả lại",
    )  # fmt: skip

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = "tờ trình đã nhận"
        verbose_name_plural = "tờ trình đã nhận"
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["receiver", "received_on"], name="proposals_receipt_inbox")]

    def __str__(self):
        return "Tờ trình {} của {}".format(self.document_number, self.sender)

    def get_absolute_url(self):
        return reverse("proposals:receipt", args=[self.pk])


class ReceivedEntry(models.Model):
    """One entry of a received tờ trình, with the engine's explanation frozen at sending; the
    receiving office may return it (with a reason) until it is answered."""

    receipt = models.ForeignKey(
        Receipt, on_delete=models.CASCADE, related_name="entries", verbose_name="tờ trình đã nhận"
    )
    entry = models.OneToOneField(
        ProposalEntry, on_delete=models.PROTECT, related_name="received",
        verbose_name="dòng của tờ trình",
    )  # fmt: skip
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    subject_name = models.CharField("người, tập thể được đề nghị", max_length=255)
    title = models.CharField("danh hiệu, hình thức", max_length=12, choices=TitleCode.choices)
    # {"verdict", "label", "name", "criteria": [{"passed", "detail", "source"}]}, or {} when the
    # engine judged nothing for this subject (a collective outside the reviewed ones).
    explanation = models.JSONField("giải trình của hệ thống khi gửi", default=dict, blank=True)
    returned_on = models.DateField("ngày trả lại", null=True, blank=True)
    return_reason = models.TextField("lý do trả lại", blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="người trả lại",
    )  # fmt: skip
    # The receiving organisation's own council takes the entry up: the nomination it put on
    # the agenda (its state and the session's results say what the council decided).
    nomination = models.OneToOneField(
        "council.Nomination", on_delete=models.PROTECT, null=True, blank=True,
        related_name="received_entry", verbose_name="đề nghị trước Hội đồng",
    )  # fmt: skip
    # The higher body's decision that answers this entry, drafted and issued by the receiving
    # office (proposals.received_decisions), and the entry's outcome in it.
    decision = models.ForeignKey(
        "ReceivedDecision", on_delete=models.PROTECT, null=True, blank=True,
        related_name="entries", verbose_name="quyết định của cấp trên",
    )  # fmt: skip
    decision_granted = models.BooleanField("được khen thưởng theo quyết định", default=True)
    decision_reason = models.TextField("lý do không khen thưởng theo quyết định", blank=True)

    class Meta:
        verbose_name = "dòng của tờ trình đã nhận"
        verbose_name_plural = "dòng của tờ trình đã nhận"
        ordering = ["receipt", "position", "pk"]

    def __str__(self):
        return "{}: {}".format(self.subject_name, self.get_title_display())


auditlog.register(Receipt, exclude_fields=["dossier"])
auditlog.register(ReceivedEntry)


# The higher body's decision, issued in the receiving organisation ---------------------------------


class ReceivedDecisionState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"


class TitleFamily(models.TextChoices):
    """What one decision awards: emulation titles (danh hiệu) or forms of commendation (Bằng
    khen…). A province issues them in separate decisions ("tặng danh hiệu …", "tặng Bằng
    khen …"), so one decision holds one family."""

    TITLES = "titles", "Danh hiệu thi đua"
    FORMS = "forms", "Hình thức khen thưởng"


def title_family(code: str) -> str:
    return TitleFamily.FORMS if code in COMMENDATION_FORMS else TitleFamily.TITLES


#: The one move of a received decision: the receiving office records the decision its body's
#: head signed (the Chủ tịch UBND tỉnh signs on paper; thidua keeps its number and date).
RECEIVED_DECISION_FLOW = Workflow(
    ReceivedDecisionState,
    {
        (ReceivedDecisionState.DRAFT, ReceivedDecisionState.ISSUED): Move(
            "proposals.handle_receipt",
            "Chỉ thường trực Hội đồng Thi đua – Khen thưởng hoặc quản trị của cơ quan nhận tờ "
            "trình được ban hành quyết định.",
        ),
    },
    noun="quyết định",
)

#: Who signs a body's decision by default (NĐ 30/2020: the head of the body).
SIGNER_POSITIONS = {
    "province": "Chủ tịch Ủy ban nhân dân tỉnh",
    "academy": authority.BODY_NAMES[authority.ACADEMY],
}


class ReceivedDecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return what an officer of the receiving organisation may read (the same people as
        its inbox); an agency reads an issued decision through its own tờ trình only."""
        from thidua.accounts.models import Role

        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        if not user.has_role(Role.SECRETARY, Role.ADMIN):
            return self.none()
        return self.filter(receiver_id=user.organization_id)


class ReceivedDecision(models.Model):
    """A decision of the higher body (the Chủ tịch UBND tỉnh's quyết định khen thưởng) issued
    in the organisation that receives for it: entries of tờ trình of many agencies, each
    granted or not; issuing answers every entry in its agency's tờ trình and register."""

    receiver = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT,
        related_name="received_decisions", verbose_name="cơ quan nhận tờ trình",
    )  # fmt: skip
    body = models.CharField("cấp quyết định", max_length=12, choices=HigherBody.choices)
    family = models.CharField("loại khen thưởng", max_length=10, choices=TitleFamily.choices)
    year = models.PositiveSmallIntegerField("năm xét khen thưởng")
    number = models.CharField("số quyết định", max_length=50, blank=True)
    signed_on = models.DateField("ngày ký", null=True, blank=True)
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    signer_position = models.CharField("chức vụ người ký", max_length=120)
    state = models.CharField(
        "trạng thái", max_length=10, choices=ReceivedDecisionState.choices,
        default=ReceivedDecisionState.DRAFT,
    )  # fmt: skip
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name="người lập",
    )  # fmt: skip
    drafted_at = models.DateTimeField("lập lúc", auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="người ghi ban hành",
    )  # fmt: skip

    objects = ReceivedDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "quyết định của cấp trên"
        verbose_name_plural = "quyết định của cấp trên"
        ordering = ["-year", "-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft")
                | (~Q(number="") & Q(signed_on__isnull=False) & ~Q(signer_name="")),
                name="proposals_receiveddecision_issued_has_number",
                violation_error_message="Quyết định đã ban hành phải có số, ngày và người ký.",
            ),
            models.UniqueConstraint(
                fields=["receiver", "body", "number"],
                condition=~Q(number=""),
                name="proposals_receiveddecision_unique_number",
                violation_error_message="Số quyết định này đã được dùng.",
            ),
        ]

    def __str__(self):
        if self.state == ReceivedDecisionState.DRAFT:
            return "Dự thảo quyết định {} năm {}".format(self.get_family_display().lower(),
                                                          self.year)  # fmt: skip
        return "Quyết định số {} ngày {:%d/%m/%Y}".format(self.number, self.signed_on)

    def get_absolute_url(self):
        return reverse("proposals:received_decision", args=[self.pk])


auditlog.register(ReceivedDecision)
