""""Việc cần làm": what a user must do next, computed when read from the stored states and the
plan's calendar (no scheduler; shared/design/style.md, 4).

The number of queries does not depend on the data: each kind of item is one aggregate or one
bounded list, asked only of the roles it concerns.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from thidua.accounts.models import Role
from thidua.council.models import AgendaItem, CouncilMember, VoteRecord
from thidua.decisions.models import Decision, DecisionState
from thidua.evidence.views import pending_count
from thidua.organization.models import STAFF_UNIT_KINDS, Unit
from thidua.plans.models import Plan
from thidua.proposals.models import Proposal, ProposalState, ReceivedEntry
from thidua.registrations.models import EDITABLE, Registration, RegistrationState

#: The most drafts and tờ trình listed one by one; the rest are counted in one line.
LISTED = 10


@dataclass(frozen=True)
class Item:
    """One thing to do: what, where to do it (a path of this site) and by when."""

    kind: str
    text: str
    url: str
    due: date | None = None
    today: date | None = None

    @property
    def days_left(self) -> int | None:
        return None if self.due is None or self.today is None else (self.due - self.today).days

    @property
    def when(self) -> str:
        """Say the deadline in words: "hạn 31/03/2022, còn 5 ngày", "quá hạn 2 ngày"."""
        if self.due is None:
            return ""
        day, left = self.due.strftime("%d/%m/%Y"), self.days_left
        if left is None:
            return "hạn {}".format(day)
        if left > 0:
            return "hạn {}, còn {} ngày".format(day, left)
        if left == 0:
            return "hạn {}, hôm nay".format(day)
        return "hạn {}, quá hạn {} ngày".format(day, -left)


def horizon() -> int:
    return settings.TODO_HORIZON_DAYS


def todo_for(user, today: date | None = None) -> list[Item]:
    """Return the user's items, the most urgent first (those with a deadline, by date)."""
    if not user.is_authenticated or user.organization_id is None:
        return []
    today = today or timezone.localdate()
    plans = _plans(user, today)
    items: list[Item] = []
    roles = user.roles
    heads = [g.unit_id for g in user.role_grants if g.role == Role.UNIT_HEAD and g.unit_id]
    if heads:
        items += _registrations_to_send(user, heads, plans, today)
        items += _nominations_due(heads, plans, today)
    if Role.SECRETARY in roles:
        items += _registrations_to_accept(user, plans, today)
    waiting = pending_count(user)
    if waiting:
        items.append(Item("evidence", "{} minh chứng chờ bạn xác nhận".format(waiting),
                          reverse("achievements:pending")))  # fmt: skip
    items += _sessions_to_vote(user)
    if Role.PRINCIPAL in roles:
        items += _decisions_to_sign(user)
    if Role.SECRETARY in roles:
        items += _proposals_waiting(user, today)
        items += _entries_returned(user)
        items += _calendar(plans, today)
    elif user.person_id:
        items += _evidence_closing(plans, today)
    undated = [item for item in items if item.due is None]
    dated = sorted((item for item in items if item.due is not None), key=lambda i: i.due)
    return dated + undated


def _plans(user, today: date) -> list[Plan]:
    """The plans whose calendar may still run: this year's, next year's, and last year's (its
    dossiers go up early in the year). One query, and one for their phases."""
    return list(
        Plan.objects.visible_to(user)
        .filter(year__gte=today.year - 1, year__lte=today.year + 1)
        .prefetch_related("phases")
        .order_by("year")
    )


def _ahead(day: date | None, today: date) -> bool:
    """Tell whether a date is within the horizon from today (today included)."""
    return day is not None and today <= day <= today + timedelta(days=horizon())


def _open_or_late(day: date | None, today: date, plan: Plan) -> bool:
    """A task still undone: shown from the horizon before its deadline, and after it while the
    plan's year lasts (a late registration is still sent)."""
    return (
        day is not None
        and day - timedelta(days=horizon()) <= today
        and today.year <= plan.year
    )


def _registrations_to_send(user, heads, plans, today) -> list[Item]:
    """A headed unit's registration not sent yet (missing, draft or returned)."""
    due = [p for p in plans if _open_or_late(p.registration_deadline, today, p)]
    if not due:
        return []
    units = list(
        Unit.objects.filter(pk__in=heads, kind__in=STAFF_UNIT_KINDS).only("pk", "name")
    )
    sent = set(
        Registration.objects.filter(unit__in=units, year__in=[p.year for p in due])
        .exclude(state__in=EDITABLE)
        .values_list("unit_id", "year")
    )
    items = []
    for plan in due:
        for unit in units:
            if (unit.pk, plan.year) in sent:
                continue
            url = "{}?year={}".format(reverse("registrations:unit", args=[unit.pk]), plan.year)
            text = "Gửi bản đăng ký thi đua năm {} của {}".format(plan.year, unit.name)
            items.append(Item("registration_send", text, url, plan.registration_deadline, today))
    return items


def _registrations_to_accept(user, plans, today) -> list[Item]:
    """Units' registrations sent and waiting for the secretary, counted per year."""
    deadlines = {p.year: p.registration_deadline for p in plans}
    counts = (
        Registration.objects.filter(
            organization_id=user.organization_id, unit__isnull=False,
            state=RegistrationState.SUBMITTED,
        )  # fmt: skip
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    return [
        Item(
            "registration_accept",
            "{} bản đăng ký thi đua năm {} của đơn vị chờ chấp nhận".format(count, year),
            "{}?year={}".format(reverse("registrations:board"), year),
            deadlines.get(year),
            today,
        )
        for year, count in counts
    ]


def _nominations_due(heads, plans, today) -> list[Item]:
    """The units' proposals for commendation (đề nghị) before the plan's deadline."""
    return [
        Item(
            "nominations",
            "Gửi đề nghị khen thưởng năm {} của đơn vị".format(plan.year),
            reverse("council:nominate"),
            plan.nomination_deadline,
            today,
        )
        for plan in plans
        if _ahead(plan.nomination_deadline, today)
    ]


def _sessions_to_vote(user) -> list[Item]:
    """Open sessions (voting on screen) where the user holds a vote and items wait for it.

    Only how many items wait: never what they are about, nor any vote (a digest travels by
    e-mail)."""
    seats = CouncilMember.objects.filter(
        Q(present=True) | Q(written_vote=True),
        user=user,
        session__organization_id=user.organization_id,
        session__closed_at__isnull=True,
        session__annulled_at__isnull=True,
        session__on_paper=False,
    )
    voted = VoteRecord.objects.filter(item=OuterRef("pk"), member__user=user)
    rows = (
        AgendaItem.objects.filter(session__members__in=seats)
        .exclude(Exists(voted))
        .values_list("session_id", "session__name", "session__meeting_on")
        .annotate(n=Count("pk", distinct=True))
        .order_by("session__meeting_on", "session_id")
    )
    return [
        Item(
            "ballot",
            "Bỏ phiếu tại {} (họp ngày {}): còn {} nội dung".format(
                name, meeting_on.strftime("%d/%m/%Y"), count
            ),
            reverse("council:ballot"),
        )
        for _, name, meeting_on, count in rows
    ]


def _decisions_to_sign(user) -> list[Item]:
    drafts = list(
        Decision.objects.filter(organization_id=user.organization_id, state=DecisionState.DRAFT)
        .select_related("organization")
        .order_by("pk")[: LISTED + 1]
    )
    items = [
        Item("decision", "Ký ban hành: {}".format(decision), decision.get_absolute_url())
        for decision in drafts[:LISTED]
    ]
    if len(drafts) > LISTED:
        items.append(Item("decision", "Còn dự thảo quyết định khác chờ ký",
                          reverse("decisions:decision_list")))  # fmt: skip
    return items


def _proposals_waiting(user, today) -> list[Item]:
    """Tờ trình sent to a higher body more than TODO_PROPOSAL_WAIT_DAYS ago, still unanswered."""
    limit = today - timedelta(days=settings.TODO_PROPOSAL_WAIT_DAYS)
    waiting = list(
        Proposal.objects.filter(
            organization_id=user.organization_id, state=ProposalState.SENT, sent_on__lt=limit
        )
        .select_related("organization")
        .order_by("sent_on", "pk")[: LISTED + 1]
    )
    items = [
        Item(
            "proposal",
            "{} gửi ngày {}: chưa có kết quả sau {} ngày".format(
                proposal, proposal.sent_on.strftime("%d/%m/%Y"), (today - proposal.sent_on).days
            ),
            proposal.get_absolute_url(),
        )
        for proposal in waiting[:LISTED]
    ]
    if len(waiting) > LISTED:
        items.append(Item("proposal", "Còn tờ trình khác chờ kết quả của cấp trên",
                          reverse("proposals:proposal_list")))  # fmt: skip
    return items


def _entries_returned(user) -> list[Item]:
    """Entries of the organisation's tờ trình that the receiving office returned and no
    supplementary tờ trình sends again yet: one line per tờ trình (one query)."""
    returned = list(
        ReceivedEntry.objects.filter(
            entry__proposal__organization_id=user.organization_id, returned_on__isnull=False,
            entry__resubmitted_as__isnull=True,
            # An annulled session's results go before a new session, not in a supplement.
            entry__proposal__session__annulled_at__isnull=True,
        )
        .values("entry__proposal_id", "receipt__document_number", "receipt__receiver__name")
        .annotate(count=Count("pk"), last=Max("returned_on"))
        .order_by("last", "entry__proposal_id")[: LISTED + 1]
    )  # fmt: skip
    items = [
        Item(
            "proposal",
            "Tờ trình {}: {} dòng bị {} trả lại (ngày {}); bổ sung hồ sơ và lập tờ trình bổ "
            "sung".format(row["receipt__document_number"], row["count"],
                          row["receipt__receiver__name"], row["last"].strftime("%d/%m/%Y")),
            reverse("proposals:proposal", args=[row["entry__proposal_id"]]),
        )  # fmt: skip
        for row in returned[:LISTED]
    ]
    if len(returned) > LISTED:
        items.append(Item("proposal", "Còn tờ trình khác có dòng bị trả lại",
                          reverse("proposals:proposal_list")))  # fmt: skip
    return items


def _calendar(plans, today) -> list[Item]:
    """For the secretary: the plan's deadlines and phases ending within the horizon."""
    items = []
    for plan in plans:
        url = plan.get_absolute_url()
        for entry in plan.calendar(today):
            if entry["field"] != "registration_deadline" and _ahead(entry["date"], today):
                text = "{} (kế hoạch năm {})".format(capfirst(entry["label"]), plan.year)
                items.append(Item("calendar", text, url, entry["date"], today))
        for phase in plan.phases.all():
            if _ahead(phase.ends_on, today):
                items.append(Item("phase", "Kết thúc {}".format(phase.name), url,
                                  phase.ends_on, today))  # fmt: skip
            elif phase.ends_on < today and _ahead(phase.review_on, today):
                items.append(Item("phase", "Sơ kết, tổng kết {}".format(phase.name), url,
                                  phase.review_on, today))  # fmt: skip
    return items


def _evidence_closing(plans, today) -> list[Item]:
    """For everyone with a record: the evidence closes on the plan's date."""
    return [
        Item(
            "evidence_closing",
            "Bổ sung minh chứng năm {} trước khi chốt".format(plan.year),
            reverse("achievements:mine"),
            plan.evidence_deadline,
            today,
        )
        for plan in plans
        if _ahead(plan.evidence_deadline, today)
    ]
