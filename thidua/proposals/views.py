"""Proposal screens: the list, drafting from a closed session, the proposal page with its
entries and dossier, sending (the principal) and the higher level's answer (the secretary)."""

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views import View
from django.views.decorators.http import require_GET

from thidua.core.actions import ActionRefused
from thidua.core.views import ScopedListView
from thidua.council.models import CouncilSession
from thidua.documents.kinds.achievement_report import (
    ACHIEVEMENT_REPORT,
    COLLECTIVE_NOTE,
    PERSON_NOTE,
    annex_for,
    report_for_entry,
)
from thidua.documents.kinds.ballot_count import BALLOT_COUNT
from thidua.documents.kinds.proposal import PROPOSAL
from thidua.documents.registry import KINDS
from thidua.documents.render import render as render_document
from thidua.documents.views import document_response
from thidua.proposals.actions import (
    do_draft_proposal_from_session,
    do_record_approval,
    do_record_rejection,
    do_send_proposal,
    routes_of,
)
from thidua.proposals.forms import ApprovalForm, RejectionForm
from thidua.proposals.models import Proposal, ProposalEntry, ProposalState
from thidua.proposals.routing import default_issuer, route_source
from thidua.proposals.tables import ProposalTable


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
        try:
            if action == "send":
                if not user.has_perm("proposals.send_proposal", proposal):
                    raise PermissionDenied("Chỉ Hiệu trưởng ký và gửi tờ trình.")
                do_send_proposal(proposal, acting_user=user)
                messages.success(request, "Đã ký và gửi tờ trình.")
            elif action in ("approve", "reject"):
                if not user.has_perm("proposals.record_answer", proposal):
                    raise PermissionDenied("Chỉ thường trực Hội đồng ghi kết quả của cấp trên.")
                if action == "approve":
                    form = ApprovalForm(request.POST)
                    if not form.is_valid():
                        return self.render(approval_form=form)
                    awards = do_record_approval(proposal, acting_user=user, **form.cleaned_data)
                    messages.success(
                        request, "Đã ghi quyết định; {} khen thưởng vào sổ.".format(len(awards))
                    )
                else:
                    form = RejectionForm(request.POST)
                    if not form.is_valid():
                        return self.render(rejection_form=form)
                    do_record_rejection(proposal, reason=form.cleaned_data["reason"],
                                        acting_user=user)  # fmt: skip
                    messages.success(request, "Đã ghi kết quả: cấp trên không chấp thuận.")
            else:
                messages.error(request, "Thao tác không hợp lệ.")
        except ActionRefused as exc:
            messages.error(request, str(exc))
        return redirect(proposal)

    def render(self, **forms):
        user, proposal = self.request.user, self.proposal
        entries = list(proposal.entries.select_related("person", "unit", "nomination"))
        results = {r["nomination"]: r for r in proposal.session.results.get("items", [])}
        dossier = user.has_perm("proposals.download_dossier", proposal)
        rows = []
        for entry in entries:
            own = entry.person_id is not None and entry.person_id == user.person_id
            rows.append({
                "entry": entry, "result": results.get(entry.nomination_id),
                "route": route_source(entry.title, proposal.dated_on),
                "report": dossier or own,
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
        context = {
            "proposal": proposal, "rows": rows, "dossier": dossier, "report_notes": report_notes,
            "can_send": proposal.state == ProposalState.DRAFT
            and user.has_perm("proposals.send_proposal", proposal),
            "can_answer": sent and user.has_perm("proposals.record_answer", proposal),
        }  # fmt: skip
        if context["can_answer"]:
            issuer = default_issuer(proposal.body, proposal.organization.place_name)
            context["approval_form"] = forms.get("approval_form") or ApprovalForm(
                initial={"issued_by": issuer}
            )
            context["rejection_form"] = forms.get("rejection_form") or RejectionForm()
        return render(self.request, self.template_name, context)


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
    return document_response(PROPOSAL, proposal, fmt)


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
    return document_response(ACHIEVEMENT_REPORT, report_for_entry(entry), fmt)


@login_required
@require_GET
def dossier_zip(request, pk):
    """The whole dossier as DOCX in one ZIP (Luật 2022 Điều 84.1; NĐ 98/2023 Điều 34): the tờ
    trình (with its list of the nominees' initiative certificates), the council's minutes, its
    vote-count sheet and each nominee's achievement report, a collective's included."""
    proposal = visible_proposal(request, pk)
    if not request.user.has_perm("proposals.download_dossier", proposal):
        raise PermissionDenied("Hồ sơ đầy đủ dành cho lãnh đạo và Hội đồng.")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(kind, record):
            archive.writestr(
                "{}.docx".format(kind.filename(record)), render_document(kind, record, "docx")
            )

        add(PROPOSAL, proposal)
        # The council's minutes and vote count: the ballot results the dossier must carry.
        minutes = KINDS.get("minutes")
        if minutes is not None:
            add(minutes, minutes.find(proposal.organization, proposal.year,
                                      session=proposal.session))  # fmt: skip
        add(BALLOT_COUNT, proposal.session)
        for entry in proposal.entries.select_related(
            "person__organization", "unit__organization", "proposal__organization"
        ):
            add(ACHIEVEMENT_REPORT, report_for_entry(entry))
    name = "Ho-so-{}.zip".format(PROPOSAL.filename(proposal))
    return attachment(out.getvalue(), name, "application/zip")
