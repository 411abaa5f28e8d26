"""Proposal screens: the list, drafting from a closed session, the proposal page with its
entries and dossier, sending (the principal) and the higher level's answer (the secretary)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from django.views.decorators.http import require_GET, require_POST

from thidua.core import jobs
from thidua.core.actions import ActionRefused
from thidua.core.views import ScopedListView
from thidua.council.models import CouncilSession
from thidua.council.results import session_day
from thidua.documents.views import document_response, requested_layout
from thidua.proposals.achievement_report import (
    ACHIEVEMENT_REPORT,
    COLLECTIVE_NOTE,
    PERSON_NOTE,
    annex_for,
    report_for_entry,
)
from thidua.proposals.actions import (
    EntryAnswer,
    do_draft_proposal_from_session,
    do_record_answers,
    do_record_rejection,
    do_send_proposal,
    routes_of,
    sign_date_refusal,
    sign_number,
)
from thidua.proposals.documents import PROPOSAL, legal_bases
from thidua.proposals.dossier import dossier_archive, dossier_filename
from thidua.proposals.forms import AnswersForm, RejectionForm, SendForm
from thidua.proposals.models import (
    EntryOutcome,
    Proposal,
    ProposalEntry,
    ProposalState,
    Receipt,
)
from thidua.proposals.routing import addressee, default_issuer, route_source
from thidua.proposals.tables import ProposalTable
from thidua.proposals.tasks import make_proposal_document

# Where the receiving organisation's council stands on a received entry, as the agency reads it.
_COUNCIL_TEXTS = {
    "on_agenda": "đang chờ Hội đồng Thi đua – Khen thưởng của {} bỏ phiếu",
    "passed": "Hội đồng Thi đua – Khen thưởng của {} đã thông qua, chờ quyết định",
    "failed": "Hội đồng Thi đua – Khen thưởng của {} không thông qua",
}


def council_text(received, receipt) -> str:
    """Return what the receiving council did with an entry still waiting for its answer ("" when
    the entry is not before that council)."""
    if received is None or receipt is None or received.nomination_id is None:
        return ""
    text = _COUNCIL_TEXTS.get(received.nomination.state)
    return text.format(receipt.receiver.name) if text else ""


class ProposalListView(ScopedListView):
    model = Proposal
    table_class = ProposalTable
    filterset_class = None
    filterset_fields: list = []
    template_name = "proposals/proposal_list.html"
    partial_template_name = "proposals/proposal_table.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organization")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_draft"] = self.request.user.has_perm("proposals.draft_proposal")
        return context


class ProposalDraftView(LoginRequiredMixin, View):
    """The closed, valid sessions whose results still wait for a proposal, per higher body."""

    template_name = "proposals/proposal_draft.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm("proposals.draft_proposal"):
            raise PermissionDenied("Chỉ thường trực Hội đồng được lập tờ trình.")
        return super().dispatch(request, *args, **kwargs)

    def sessions(self):
        return CouncilSession.objects.visible_to(self.request.user).filter(
            closed_at__isnull=False, annulled_at__isnull=True
        )

    def get(self, request):
        rows = []
        for session in self.sessions():
            routes = routes_of(session)
            if routes:
                rows.append({"session": session, "routes": routes})
        return render(request, self.template_name, {"rows": rows})

    def post(self, request):
        raw = request.POST.get("session", "")
        if not raw.isdigit():
            raise Http404("Không có phiên họp này.")
        # Only the user's own organisation's sessions exist here: a forged id is a 404.
        session = get_object_or_404(self.sessions(), pk=int(raw))
        try:
            proposal = do_draft_proposal_from_session(
                session, body=request.POST.get("body", ""), acting_user=request.user
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("proposals:proposal_draft")
        messages.success(request, "Đã lập dự thảo tờ trình {}.".format(proposal.document_number))
        return redirect(proposal)


def visible_proposal(request, pk) -> Proposal:
    """Return a proposal the user may read: outside their scope a 404, as the lists say."""
    proposal = get_object_or_404(
        Proposal.objects.visible_to(request.user).select_related(
            "organization", "session", "signer__person"
        ),
        pk=pk,
    )
    if not request.user.has_perm("proposals.view_proposal", proposal):
        raise PermissionDenied("Bạn không xem được tờ trình này.")
    return proposal


class ProposalView(LoginRequiredMixin, View):
    """A proposal: its entries, its dossier, and the action its state allows to whom."""

    template_name = "proposals/proposal.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.proposal = visible_proposal(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        user, proposal = request.user, self.proposal
        action = request.POST.get("action", "")
        if action not in ("answer", "reject"):
            # Signing has its own page with a last look (ProposalSendView): no one-click send.
            messages.error(request, "Thao tác không hợp lệ.")
            return redirect(proposal)
        if not user.has_perm("proposals.record_answer", proposal):
            raise PermissionDenied("Chỉ thường trực Hội đồng ghi kết quả của cấp trên.")
        try:
            if action == "answer":
                if proposal.state != ProposalState.SENT:
                    # A double-clicked or late submit: the action says why nothing is written.
                    do_record_answers(proposal, [], acting_user=user)
                form = AnswersForm(request.POST, entries=self.pending())
                if not form.is_valid():
                    return self.render(answers_form=form)
                answers = [EntryAnswer(**row) for row in form.answers()]
                awards = do_record_answers(proposal, answers, acting_user=user)
                proposal.refresh_from_db()
                left = proposal.entries.filter(outcome=EntryOutcome.PENDING).count()
                messages.success(request, "Đã ghi kết quả {} dòng; {} khen thưởng vào sổ.{}".format(
                    len(answers), len(awards),
                    " Còn {} dòng chờ kết quả.".format(left) if left else "",
                ))  # fmt: skip
            else:
                form = RejectionForm(request.POST)
                if not form.is_valid():
                    return self.render(rejection_form=form)
                do_record_rejection(proposal, reason=form.cleaned_data["reason"],
                                    acting_user=user)  # fmt: skip
                messages.success(request, "Đã ghi kết quả: cấp trên không chấp thuận.")
        except ActionRefused as exc:
            messages.error(request, str(exc))
        return redirect(proposal)

    def pending(self):
        return self.proposal.entries.filter(outcome=EntryOutcome.PENDING).select_related(
            "person", "unit"
        )

    def render(self, **forms):
        user, proposal = self.request.user, self.proposal
        entries = list(proposal.entries.select_related(
            "person", "unit", "nomination", "received__nomination", "received__decision",
            "received__returned_by__person", "replaces", "resubmitted_as__proposal__organization",
        ))  # fmt: skip
        receipt = Receipt.objects.filter(proposal=proposal).select_related("receiver").defer(
            "dossier"
        ).first()
        results = {r["nomination"]: r for r in proposal.session.results.get("items", [])}
        dossier = user.has_perm("proposals.download_dossier", proposal)
        rows = []
        for entry in entries:
            own = entry.person_id is not None and entry.person_id == user.person_id
            rows.append({
                "entry": entry, "result": results.get(entry.council_nomination_id),
                "route": route_source(entry.title, proposal.dated_on),
                "report": dossier or own,
                "returned": getattr(entry, "received", None) if receipt else None,
                "council": council_text(getattr(entry, "received", None), receipt),
                # The receiving office's decision that answered it, once issued: the agency
                # downloads it whole (proposals.received_decision_document).
                "decision": issued_decision(entry) if receipt else None,
            })  # fmt: skip
        sent = proposal.state == ProposalState.SENT
        # What the prefilled reports leave to their authors and the form they follow: said here,
        # beside the downloads, not printed on the reports.
        annex, annex_note = annex_for(proposal.dated_on)
        report_notes = [
            PERSON_NOTE,
            "Tập thể: " + COLLECTIVE_NOTE[:1].lower() + COLLECTIVE_NOTE[1:],
            "Báo cáo cá nhân theo {}{}.".format(
                annex, " ({})".format(annex_note) if annex_note else ""
            ),
        ]
        answered = sum(1 for e in entries if e.outcome != EntryOutcome.PENDING)
        # Returned entries not yet sent again: the secretary may draft a supplementary tờ trình.
        again = [row["entry"] for row in rows if row["returned"] is not None
                 and row["returned"].returned_on is not None
                 and getattr(row["entry"], "resubmitted_as", None) is None]  # fmt: skip
        context = {
            "proposal": proposal, "rows": rows, "dossier": dossier, "report_notes": report_notes,
            "receipt": receipt,
            "can_send": proposal.state == ProposalState.DRAFT
            and user.has_perm("proposals.send_proposal", proposal),
            "can_answer": sent and user.has_perm("proposals.record_answer", proposal),
            "answered": answered, "answering": sent and 0 < answered < len(entries),
            "outcomes_known": proposal.state != ProposalState.DRAFT,
            "again": again if user.has_perm("proposals.draft_proposal", proposal.session) else [],
            # A long list is made into a file by a worker (thidua.proposals.tasks).
            "background": len(entries) > settings.BACKGROUND_DOCUMENT_ROWS
            and not jobs.runs_inline(make_proposal_document),
        }  # fmt: skip
        if context["can_answer"]:
            issuer = default_issuer(proposal.body, proposal.organization.place_name)
            context["answers_form"] = forms.get("answers_form") or AnswersForm(
                initial={"issued_by": issuer}, entries=self.pending()
            )
            context["rejection_form"] = forms.get("rejection_form") or RejectionForm()
        return render(self.request, self.template_name, context)


class ProposalSendView(LoginRequiredMixin, View):
    """The principal's last look before signing: the number and date the tờ trình will carry,
    whom it addresses, its list and legal bases, the draft to preview, then one confirming
    button. GET and a POST without `confirm` only show the look; the confirming form carries
    the values shown, so what is signed is what was read."""

    template_name = "proposals/proposal_send.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.proposal = visible_proposal(request, kwargs["pk"])
        if not (
            self.proposal.state == ProposalState.DRAFT
            and request.user.has_perm("proposals.send_proposal", self.proposal)
        ):
            raise PermissionDenied("Chỉ Hiệu trưởng ký và gửi dự thảo tờ trình.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = SendForm({"dated_on": timezone.localdate().strftime("%d/%m/%Y"), "number": ""})
        return self.render(form)

    def post(self, request, *args, **kwargs):
        form = SendForm(request.POST)
        if form.is_valid() and request.POST.get("confirm") == "1":
            data = form.cleaned_data
            try:
                proposal = do_send_proposal(self.proposal, sent_on=data["dated_on"],
                                            number=data["number"], acting_user=request.user)
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã ký và gửi tờ trình {} ngày {:%d/%m/%Y}.".format(
                    proposal.document_number, proposal.dated_on))  # fmt: skip
                return redirect(proposal)
        return self.render(form)

    def render(self, form):
        proposal, look = self.proposal, None
        if form.is_valid() and not form.non_field_errors():
            day, wanted = form.cleaned_data["dated_on"], form.cleaned_data["number"]
            refusal = sign_date_refusal(proposal, day)
            if refusal:
                form.add_error("dated_on", refusal)
            clash = None
            if wanted:
                clash = (
                    Proposal.objects.filter(organization_id=proposal.organization_id,
                                            number_year=day.year, number=wanted)
                    .exclude(pk=proposal.pk).first()
                )  # fmt: skip
                if clash is not None:
                    form.add_error("number", "Số tờ trình {} đã được dùng trong năm {} (tờ trình "
                                             "{}); chọn số khác.".format(
                                                 wanted, day.year, clash.document_number))
            if not refusal and clash is None:
                shown = Proposal(organization=proposal.organization, body=proposal.body,
                                 number=wanted or sign_number(proposal, day))  # fmt: skip
                user = self.request.user
                look = {
                    "number": shown.document_number, "dated_on": day,
                    "signer": user.person.display_name if user.person_id else user.get_username(),
                    "addressee": addressee(proposal.body, proposal.organization.place_name),
                    "bases": legal_bases(day),
                    "values": {"dated_on": day.strftime("%d/%m/%Y"),
                               "number": "" if wanted is None else str(wanted)},
                }  # fmt: skip
        context = {
            "proposal": proposal, "form": form, "look": look,
            "entries": proposal.entries.select_related("person", "unit"),
            "met_on": session_day(proposal.session),
        }  # fmt: skip
        return render(self.request, self.template_name, context)


def issued_decision(entry):
    """Return the issued decision of the receiving office that answered a received entry."""
    from thidua.proposals.models import ReceivedDecisionState

    received = getattr(entry, "received", None)
    decision = received.decision if received is not None else None
    if decision is None or decision.state != ReceivedDecisionState.ISSUED:
        return None
    return decision


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def proposal_document(request, pk, fmt):
    """The tờ trình with its nomination list, for everyone who may read the proposal."""
    proposal = visible_proposal(request, pk)
    return document_response(PROPOSAL, proposal, fmt, requested_layout(request))


@login_required
@require_POST
def proposal_background(request, pk, fmt):
    """Ask a worker for the tờ trình of a long list; the job's page shows its progress and
    offers the file. Where tasks run in the request itself, it is downloaded."""
    proposal = visible_proposal(request, pk)
    layout = request.POST.get("layout") or None
    if layout not in (None, "party", "state"):
        raise Http404("Thể thức văn bản không hợp lệ.")
    if jobs.runs_inline(make_proposal_document):
        return redirect("proposals:proposal_" + fmt, pk=proposal.pk)
    job = jobs.enqueue(make_proposal_document, request.user, proposal.pk, fmt, layout,
                       proposal.entries.count())  # fmt: skip
    return redirect("core:job", job=job)


@login_required
@require_GET
def report_document(request, pk, entry_pk, fmt):
    """One nominee's achievement report: the organisation-wide roles', and the nominee's own."""
    proposal = visible_proposal(request, pk)
    entry = get_object_or_404(
        ProposalEntry.objects.select_related(
            "person__organization", "unit__organization", "proposal__organization"
        ),
        pk=entry_pk, proposal=proposal,
    )  # fmt: skip
    own = entry.person_id is not None and entry.person_id == request.user.person_id
    if not (own or request.user.has_perm("proposals.download_dossier", proposal)):
        raise PermissionDenied("Bạn không tải được báo cáo thành tích của người khác.")
    return document_response(
        ACHIEVEMENT_REPORT, report_for_entry(entry), fmt, requested_layout(request)
    )


@login_required
@require_GET
def dossier_zip(request, pk):
    """The whole dossier as DOCX in one ZIP (Luật 2022 Điều 84.1; NĐ 98/2023 Điều 34): the tờ
    trình (with its list of the nominees' initiative certificates), the council's minutes, its
    vote-count sheet and each nominee's achievement report, a collective's included."""
    proposal = visible_proposal(request, pk)
    if not request.user.has_perm("proposals.download_dossier", proposal):
        raise PermissionDenied("Hồ sơ đầy đủ dành cho lãnh đạo và Hội đồng.")
    data, _names = dossier_archive(proposal)
    return attachment(data, dossier_filename(proposal), "application/zip")
