"""Decision screens: the list, a decision with its annexed list and its actions (issue, revoke,
discard a draft), drafting from a council session, and the documents to download."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_GET, require_POST

from thidua.core import jobs
from thidua.core.actions import ActionRefused
from thidua.core.views import ScopedListView
from thidua.council.models import CouncilSession
from thidua.council.results import session_day
from thidua.decisions.actions import (
    date_refusal,
    default_legal_bases,
    do_delete_draft,
    do_draft_decision_from_session,
    do_issue_decision,
    do_record_union_decision,
    do_revoke_decision,
    is_default_legal_bases,
    parse_number,
    preview_number,
    union_results,
)
from thidua.decisions.certificate import CERTIFICATE, Certificate
from thidua.decisions.documents import DECISION
from thidua.decisions.filtersets import DecisionFilterSet
from thidua.decisions.forms import DraftForm, IssueForm, RevokeForm, UnionDecisionForm
from thidua.decisions.models import CERTIFICATES, Decision, DecisionState
from thidua.decisions.tables import DecisionTable
from thidua.decisions.tasks import make_decision_document
from thidua.documents.views import document_response, requested_layout


class DecisionListView(ScopedListView):
    model = Decision
    table_class = DecisionTable
    filterset_class = DecisionFilterSet
    template_name = "decisions/decision_list.html"
    partial_template_name = "decisions/decision_table.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("organization")
            .annotate(entry_count=Count("entries"))
            .order_by("-year", "-number", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_draft"] = self.request.user.has_perm("decisions.draft_decisions")
        context["can_record_union"] = self.request.user.has_perm(
            "decisions.record_union_decision"
        )
        return context


def visible_decision(request, pk) -> Decision:
    """Return a decision the user may read; one outside their scope (another organisation's,
    a draft for staff) is a 404, so its existence is not revealed."""
    decision = get_object_or_404(
        Decision.objects.visible_to(request.user).select_related("organization", "session"),
        pk=pk,
    )
    if not request.user.has_perm("decisions.view_decision", decision):
        raise PermissionDenied("Dự thảo quyết định chỉ dành cho lãnh đạo và Hội đồng.")
    return decision


class DecisionView(LoginRequiredMixin, View):
    """A decision, its annexed list, its documents; the principal issues or revokes it here."""

    template_name = "decisions/decision.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.decision = visible_decision(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        permission = {
            "revoke": "decisions.revoke_decision",
            "delete": "decisions.change_decision",
        }.get(action)
        if permission is None:
            messages.error(request, "Thao tác không hợp lệ.")
            return redirect(self.decision)
        if not request.user.has_perm(permission, self.decision):
            raise PermissionDenied("Bạn không được thực hiện thao tác này với quyết định.")
        try:
            return getattr(self, "on_" + action)(request)
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect(self.decision)

    def on_revoke(self, request):
        form = RevokeForm(request.POST)
        if not form.is_valid():
            return self.render(revoke_form=form)
        data = form.cleaned_data
        decision = do_revoke_decision(
            self.decision, reason=data["reason"], revoked_on=data["revoked_on"],
            acting_user=request.user,
        )  # fmt: skip
        messages.success(request, "Đã thu hồi {}.".format(decision))
        return redirect(decision)

    def on_delete(self, request):
        do_delete_draft(self.decision, acting_user=request.user)
        messages.success(request, "Đã bỏ dự thảo quyết định.")
        return redirect(reverse("decisions:decision_list"))

    def render(self, **forms):
        decision, user = self.decision, self.request.user
        entries = decision.entries.select_related("person", "unit", "award").order_by(
            "position", "pk"
        )
        today = timezone.localdate()
        context = {
            "decision": decision,
            "entries": entries,
            "can_issue": user.has_perm("decisions.issue_decision", decision),
            "can_revoke": user.has_perm("decisions.revoke_decision", decision),
            "can_delete": user.has_perm("decisions.change_decision", decision),
            "issued": decision.state != DecisionState.DRAFT,
            # The session is named to everyone who reads the decision, linked only for those
            # who may open it (a staff member would meet a 404).
            "session_link": bool(decision.session_id)
            and user.has_perm("council.view_session", decision.session),
            # A long list is made into a file by a worker (thidua.decisions.tasks).
            "background": len(entries) > settings.BACKGROUND_DOCUMENT_ROWS
            and not jobs.runs_inline(make_decision_document),
            "background_formats": (("docx", "Word"), ("pdf", "PDF")),
        }
        if context["can_revoke"]:
            context["revoke_form"] = forms.get("revoke_form") or RevokeForm(
                initial={"revoked_on": today}
            )
        return render(self.request, self.template_name, context)


def issue_refusals(decision, day, raw_number, wanted) -> list[tuple[str, str]]:
    """Return what the look can tell before issuing, per field: a date in the future or
    before the council met, a malformed or used number (the action checks them all again)."""
    found = []
    if day > timezone.localdate():
        found.append(("decided_on", "Ngày quyết định {:%d/%m/%Y} ở tương lai; chỉ ghi ngày đã "
                                    "ký.".format(day)))  # fmt: skip
    elif refusal := date_refusal(decision, day):
        found.append(("decided_on", refusal))
    if raw_number and (wanted is None or wanted < 1):
        found.append(("number", "Số quyết định «{}» không hợp lệ.".format(raw_number)))
    elif wanted is not None:
        clash = Decision.objects.filter(organization_id=decision.organization_id,
                                        number_year=day.year, number=wanted).first()  # fmt: skip
        if clash is not None:
            found.append(("number", "Số {} đã được dùng cho quyết định ngày {:%d/%m/%Y}; chọn "
                                    "số khác.".format(clash.document_number, clash.decided_on)))
    return found


class DecisionIssueView(LoginRequiredMixin, View):
    """The principal's last look before issuing: the number, date, signer, annexed list and
    legal bases the decision will carry, the draft to preview, then one confirming button.

    GET and a POST without `confirm` only show the look (with the values typed); the confirming
    form carries the values shown, so what is issued is what was read."""

    template_name = "decisions/decision_issue.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.decision = visible_decision(request, kwargs["pk"])
        if not request.user.has_perm("decisions.issue_decision", self.decision):
            raise PermissionDenied("Chỉ Hiệu trưởng ký ban hành dự thảo quyết định.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        form = IssueForm({"decided_on": today.strftime("%d/%m/%Y"), "number": "",
                          "signer_name": self.decision.signer_name})  # fmt: skip
        return self.render(form, form.cleaned_data if form.is_valid() else None)

    def post(self, request, *args, **kwargs):
        form = IssueForm(request.POST)
        if not form.is_valid():
            return self.render(form, None)
        data = form.cleaned_data
        if request.POST.get("confirm") != "1":
            return self.render(form, data)
        try:
            decision = do_issue_decision(
                self.decision, decided_on=data["decided_on"], number=data["number"],
                signer_name=data["signer_name"], acting_user=request.user,
            )  # fmt: skip
        except ActionRefused as exc:
            form.add_error(None, str(exc))
            return self.render(form, None)
        messages.success(request, "Đã ban hành {}; đã ghi vào sổ khen thưởng.".format(decision))
        return redirect(decision)

    def render(self, form, data):
        """Render the look; `data` (the values read) is None when they cannot be issued."""
        decision = self.decision
        look = None
        if data is not None:
            day = data["decided_on"]
            wanted = parse_number(data["number"]) if data["number"] else None
            refusals = issue_refusals(decision, day, data["number"], wanted)
            for field, message in refusals:
                form.add_error(field, message)
            if not refusals:
                number = wanted or preview_number(decision, day)
                shown = Decision(organization=decision.organization, symbol=decision.symbol,
                                 number=number)  # fmt: skip
                bases = decision.legal_bases
                if is_default_legal_bases(decision.organization, bases):
                    bases = default_legal_bases(decision.organization, day)
                look = {
                    "number": shown.document_number,
                    "decided_on": day,
                    "signer_name": data["signer_name"] or decision.signer_name
                    or (self.request.user.person.display_name
                        if self.request.user.person_id else ""),
                    "legal_bases": [line.strip() for line in bases.splitlines() if line.strip()],
                    "values": {
                        "decided_on": day.strftime("%d/%m/%Y"),
                        "number": data["number"],
                        "signer_name": data["signer_name"],
                    },
                }
        context = {
            "decision": decision,
            "entries": decision.entries.select_related("person", "unit").order_by("position",
                                                                                 "pk"),
            "form": form,
            "look": look,
            "met_on": session_day(decision.session) if decision.session_id else None,
        }  # fmt: skip
        return render(self.request, self.template_name, context)


class DecisionDraftView(LoginRequiredMixin, View):
    """Draft a decision from a closed session's results (the secretary or the principal)."""

    template_name = "decisions/decision_draft.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm("decisions.draft_decisions"):
            raise PermissionDenied("Chỉ thường trực Hội đồng hoặc Hiệu trưởng soạn quyết định.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        initial = {}
        if request.GET.get("session", "").isdigit():
            initial["session"] = int(request.GET["session"])
        return render(request, self.template_name,
                      {"form": DraftForm(initial=initial, user=request.user)})  # fmt: skip

    def post(self, request):
        form = DraftForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = do_draft_decision_from_session(
                    data["session"], titles=data["titles"] or None,
                    signer_name=data["signer_name"], signer_position=data["signer_position"],
                    legal_bases=data["legal_bases"], acting_user=request.user,
                )  # fmt: skip
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã soạn dự thảo quyết định ({} dòng).".format(
                    decision.entries.count()
                ))  # fmt: skip
                return redirect(decision)
        return render(request, self.template_name, {"form": form})


@login_required
@require_GET
def decision_document(request, pk, fmt):
    return document_response(
        DECISION, visible_decision(request, pk), fmt, requested_layout(request)
    )


@login_required
@require_POST
def decision_background(request, pk, fmt):
    """Ask a worker for the document of a decision with a long list; the job's page shows its
    progress and offers the file. Where tasks run in the request itself, it is downloaded."""
    decision = visible_decision(request, pk)
    layout = request.POST.get("layout") or None
    if layout not in (None, "party", "state"):
        raise Http404("Thể thức văn bản không hợp lệ.")
    if jobs.runs_inline(make_decision_document):
        return redirect("decisions:decision_" + fmt, pk=decision.pk)
    job = jobs.enqueue(make_decision_document, request.user, decision.pk, fmt, layout,
                       decision.entries.count())  # fmt: skip
    return redirect("core:job", job=job)


@login_required
@require_GET
def certificate_document(request, pk, entry, fmt):
    decision = visible_decision(request, pk)
    if decision.state == DecisionState.DRAFT:
        raise PermissionDenied("Quyết định chưa ban hành; chưa in được giấy khen.")
    # Only the lines that come with a certificate (CSTĐCS, Giấy khen) have one to print.
    line = get_object_or_404(
        decision.entries.select_related("person", "unit").filter(title__in=CERTIFICATES),
        pk=entry,
    )
    return document_response(CERTIFICATE, Certificate(decision, line), fmt)


class UnionDecisionView(LoginRequiredMixin, View):
    """The union's titles the council passed (never in the principal's decision): the secretary
    records the union's decision for them, session by session; the register then holds them."""

    template_name = "decisions/union_decisions.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm("decisions.record_union_decision"):
            raise PermissionDenied("Chỉ thường trực Hội đồng ghi quyết định của Công đoàn.")
        return super().dispatch(request, *args, **kwargs)

    def sessions(self):
        return CouncilSession.objects.visible_to(self.request.user).filter(
            closed_at__isnull=False, annulled_at__isnull=True
        ).order_by("-closed_at")  # fmt: skip

    def rows(self, bound=None):
        rows = []
        for session in self.sessions():
            results = union_results(session)
            if not results:
                continue
            waiting = [n for n in results if n.award is None]
            form = None
            if waiting:
                if bound is not None and bound[0] == session.pk:
                    form = bound[1]
                else:
                    form = UnionDecisionForm(waiting=waiting, prefix="s{}".format(session.pk),
                                             initial={"decided_on": timezone.localdate()})
            rows.append({"session": session, "met_on": session_day(session),
                         "results": results, "form": form})  # fmt: skip
        return rows

    def get(self, request):
        return render(request, self.template_name, {"rows": self.rows()})

    def post(self, request):
        raw = request.POST.get("session", "")
        if not raw.isdigit():
            raise Http404("Không có phiên họp này.")
        session = get_object_or_404(self.sessions(), pk=int(raw))
        waiting = [n for n in union_results(session) if n.award is None]
        form = UnionDecisionForm(request.POST, waiting=waiting, prefix="s{}".format(session.pk))
        if form.is_valid():
            data = form.cleaned_data
            try:
                awards = do_record_union_decision(
                    session, [int(pk) for pk in data["nominations"]],
                    decision_number=data["decision_number"], decided_on=data["decided_on"],
                    issued_by=data["issued_by"], acting_user=request.user,
                )  # fmt: skip
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã ghi quyết định {} của Công đoàn; {} khen thưởng vào "
                                          "sổ.".format(data["decision_number"], len(awards)))
                return redirect("decisions:union_decisions")
        return render(request, self.template_name, {"rows": self.rows((session.pk, form))})
