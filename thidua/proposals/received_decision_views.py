"""The receiving office's decisions (proposals.received_decisions): their list, a draft made by
ticking received entries, the draft's page (each entry granted or not, removed, the signed
number and date recorded) and the issued decision with its documents. Only the office's
officers open these pages; an agency downloads an issued decision that names its entries, from
its own tờ trình page."""

import django_filters
import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_GET

from thidua.core.actions import ActionRefused, FieldRefused
from thidua.core.choices import TitleCode
from thidua.documents.registry import CONTENT_TYPES, check_format
from thidua.documents.render import render as render_document
from thidua.organization.models import Organization
from thidua.proposals.forms import ReceivedDecisionIssueForm, ReceivedOutcomeForm
from thidua.proposals.inbox_views import _require_inbox
from thidua.proposals.models import (
    Proposal,
    ReceivedDecision,
    ReceivedDecisionState,
    ReceivedEntry,
)
from thidua.proposals.received_decision_document import (
    RECEIVED_DECISION,
    received_decision_filename,
)
from thidua.proposals.received_decisions import (
    decidable_entries,
    do_add_to_received_decision,
    do_delete_received_decision_draft,
    do_draft_received_decision,
    do_issue_received_decision,
    do_remove_from_received_decision,
    do_set_received_outcome,
    titles_of,
)
from thidua.proposals.views import attachment

_OFFICE_ONLY = (
    "Quyết định của cấp trên do thường trực Hội đồng Thi đua – Khen thưởng của cơ quan nhận tờ "
    "trình lập và ghi."
)


def office_decision(request, pk) -> ReceivedDecision:
    """Return a decision of the officer's organisation: another's is a 404."""
    _require_inbox(request.user)
    decision = get_object_or_404(
        ReceivedDecision.objects.visible_to(request.user).select_related("receiver"), pk=pk
    )
    if not rules.has_perm("proposals.handle_receipt", request.user, decision):
        raise PermissionDenied(_OFFICE_ONLY)
    return decision


class ReceivedDecisionListView(LoginRequiredMixin, View):
    """The decisions of the office: drafts first, then the issued ones."""

    def get(self, request):
        _require_inbox(request.user)
        decisions = list(
            ReceivedDecision.objects.visible_to(request.user).order_by("state", "-signed_on", "-pk")
        )
        counts = dict(
            ReceivedEntry.objects.filter(decision__in=decisions)
            .values_list("decision_id")
            .annotate(n=Count("pk"))
        )
        for decision in decisions:
            decision.entry_count = counts.get(decision.pk, 0)
        waiting = decidable_entries(request.user.organization).count()
        return render(request, "proposals/received_decision_list.html",
                      {"decisions": decisions, "waiting": waiting})  # fmt: skip


class EntryFilterSet(django_filters.FilterSet):
    """The received entries a draft may take, by agency and title."""

    sender = django_filters.ModelChoiceFilter(
        label="Cơ quan gửi", field_name="receipt__sender", queryset=Organization.objects.none(),
        empty_label="Tất cả cơ quan",
    )  # fmt: skip
    title = django_filters.ChoiceFilter(label="Danh hiệu, hình thức", choices=TitleCode.choices,
                                        empty_label="Tất cả")  # fmt: skip

    class Meta:
        model = ReceivedEntry
        fields = ["sender", "title"]

    def __init__(self, *args, receiver, **kwargs):
        super().__init__(*args, **kwargs)
        senders = decidable_entries(receiver).values("receipt__sender_id")
        self.filters["sender"].queryset = Organization.objects.filter(pk__in=senders)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"


def _candidates(request):
    receiver = request.user.organization
    rows = decidable_entries(receiver).select_related("receipt__sender", "receipt__proposal")
    rows = rows.order_by("receipt__sender__name", "receipt_id", "position", "pk")
    return EntryFilterSet(request.GET or None, queryset=rows, receiver=receiver)


def _chosen(request) -> list[ReceivedEntry]:
    pks = [int(v) for v in request.POST.getlist("entries") if v.isdigit()]
    # Only through the office's own entries: another's pk is never looked up here.
    found = list(ReceivedEntry.objects.filter(pk__in=pks,
                                              receipt__receiver_id=request.user.organization_id))
    if len(found) != len(set(pks)):
        raise ActionRefused("Có dòng đã chọn không có trong các tờ trình đã nhận; tải lại trang.")
    return found


class ReceivedDecisionDraftView(LoginRequiredMixin, View):
    """A new draft: tick received entries of one body and one kind of award (filtered by agency
    and title)."""

    template_name = "proposals/received_decision_new.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        _require_inbox(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"filter": _candidates(request)})

    def post(self, request):
        try:
            decision = do_draft_received_decision(request.user.organization, _chosen(request),
                                                  acting_user=request.user)  # fmt: skip
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("proposals:received_decision_new")
        messages.success(request, "Đã lập dự thảo quyết định với {} dòng.".format(
            decision.entries.count()))  # fmt: skip
        return redirect(decision)


class ReceivedDecisionView(LoginRequiredMixin, View):
    """One decision: its entries (agency, name, title, outcome); a draft is changed here, its
    signed number and date recorded (issued), or discarded."""

    template_name = "proposals/received_decision.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.decision = office_decision(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render()

    def row(self, request) -> ReceivedEntry:
        raw = request.POST.get("entry", "")
        row = self.decision.entries.filter(pk=int(raw)).first() if raw.isdigit() else None
        if row is None:
            raise Http404("Không có dòng này trong quyết định.")
        return row

    def post(self, request, *args, **kwargs):
        user, decision = request.user, self.decision
        action = request.POST.get("action", "")
        try:
            if action == "issue":
                form = ReceivedDecisionIssueForm(request.POST, prefix="issue")
                if not form.is_valid():
                    return self.render(issue_form=form)
                try:
                    do_issue_received_decision(decision, acting_user=user, **form.cleaned_data)
                except FieldRefused as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                    return self.render(issue_form=form)
                messages.success(request, "Đã ban hành {}; kết quả đã gửi đến từng cơ quan."
                                 .format(ReceivedDecision.objects.get(pk=decision.pk)))  # fmt: skip
            elif action == "outcome":
                row = self.row(request)
                form = ReceivedOutcomeForm(request.POST, prefix="row{}".format(row.pk))
                if not form.is_valid():
                    raise ActionRefused("{}: chọn kết quả.".format(row.subject_name))
                do_set_received_outcome(decision, row, acting_user=user, **form.cleaned_data)
                messages.success(request, "Đã ghi kết quả của {}.".format(row.subject_name))
            elif action == "remove":
                row = self.row(request)
                do_remove_from_received_decision(decision, row, acting_user=user)
                messages.success(request, "Đã bỏ {} khỏi dự thảo.".format(row.subject_name))
            elif action == "add":
                do_add_to_received_decision(decision, _chosen(request), acting_user=user)
                messages.success(request, "Đã thêm vào dự thảo.")
            elif action == "delete":
                do_delete_received_decision_draft(decision, acting_user=user)
                messages.success(request, "Đã xoá dự thảo quyết định.")
                return redirect("proposals:received_decision_list")
            else:
                messages.error(request, "Thao tác không hợp lệ.")
        except ActionRefused as exc:
            messages.error(request, str(exc))
        return redirect(decision)

    def render(self, **forms):
        decision = self.decision
        draft = decision.state == ReceivedDecisionState.DRAFT
        rows = list(
            decision.entries.select_related("receipt__sender", "entry")
            .order_by("receipt__sender__name", "receipt_id", "position", "pk")
        )  # fmt: skip
        for row in rows:
            row.form = ReceivedOutcomeForm(
                prefix="row{}".format(row.pk),
                initial={"granted": "yes" if row.decision_granted else "no",
                         "reason": row.decision_reason},
            )  # fmt: skip
        context = {"decision": decision, "rows": rows, "draft": draft,
                   "titles": [TitleCode(c).label for c in titles_of(decision)]}  # fmt: skip
        if draft:
            context["issue_form"] = forms.get("issue_form") or ReceivedDecisionIssueForm(
                prefix="issue",
                initial={"signer_position": decision.signer_position,
                         "signed_on": timezone.localdate().strftime("%d/%m/%Y")},
            )  # fmt: skip
            context["more"] = list(
                decidable_entries(decision.receiver)
                .filter(receipt__proposal__body=decision.body,
                        receipt__proposal__year=decision.year)
                .select_related("receipt__sender")
                .order_by("receipt__sender__name", "receipt_id", "position", "pk")
            )  # fmt: skip
        return render(self.request, self.template_name, context)


def readable_decision(user, pk) -> ReceivedDecision:
    """Return a decision the user may download: any of the office's for its officers; an issued
    one naming an entry of a tờ trình the user may read, for an agency's user. Else a 404."""
    decision = get_object_or_404(ReceivedDecision.objects.select_related("receiver"), pk=pk)
    if ReceivedDecision.objects.visible_to(user).filter(pk=pk).exists() and rules.has_perm(
        "proposals.handle_receipt", user, decision
    ):
        return decision
    if decision.state == ReceivedDecisionState.ISSUED and Proposal.objects.visible_to(user).filter(
        entries__received__decision=decision
    ).exists():
        return decision
    raise Http404("Không có quyết định này.")


@login_required
@require_GET
def received_decision_document(request, pk, fmt):
    """The decision's DOCX or PDF: the whole decision, as it is sent to every unit named in it
    (received_decision_document's docstring)."""
    decision = readable_decision(request.user, pk)
    data = render_document(RECEIVED_DECISION, decision, check_format(fmt))
    name = "{}.{}".format(received_decision_filename(decision), fmt)
    return attachment(data, name, CONTENT_TYPES[fmt])
