"""Plan screens: the list, the plan itself, its dashboard of targets, and the secretary's edits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from thidua.core.actions import ActionRefused
from thidua.core.choices import TitleCode
from thidua.core.views import ScopedObjectMixin
from thidua.documents.views import document_response
from thidua.plans.actions import do_copy_plan, do_save_plan, do_save_plan_part
from thidua.plans.documents import PLAN, plans_for_documents
from thidua.plans.forms import (
    ContentItemForm,
    LegalBasisForm,
    MovementForm,
    PhaseForm,
    PlanForm,
    TargetForm,
)
from thidua.plans.measures import STATUS_LABELS, measure_for
from thidua.plans.models import ContentItem, LegalBasis, Movement, Phase, Plan, Target
from thidua.plans.timeline import timeline


class PlanListView(LoginRequiredMixin, ListView):
    model = Plan
    template_name = "plans/plan_list.html"

    def get_queryset(self):
        return Plan.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("plans.add_plan")
        # The dashboard view's own permission (staff have none): no link that answers 403.
        context["can_see_dashboard"] = self.request.user.has_perm("plans.view_dashboard")
        return context


class PlanView(ScopedObjectMixin, DetailView):
    model = Plan
    template_name = "plans/plan.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organization", "signer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_change"] = user.has_perm("plans.change_plan", self.object)
        context["can_see_dashboard"] = user.has_perm("plans.view_dashboard", self.object)
        context["groups"] = _grouped_targets(self.object)
        names = dict(TitleCode.choices)
        context["proposed_titles"] = [names[c] for c in self.object.proposed_titles]
        context["proposed_forms"] = [names[c] for c in self.object.proposed_forms]
        return context


def _grouped_targets(plan):
    groups: dict[str, list[Target]] = {}
    for target in plan.targets.all():
        groups.setdefault(target.group, []).append(target)
    return list(groups.items())


class DashboardView(ScopedObjectMixin, DetailView):
    """Every target with its value, goal and status; by unit; a chart; the phase timeline.

    Forecasts from the eligibility engine arrive in a second request (htmx), so the page itself
    stays within a fixed, small number of queries however large the organisation.
    """

    model = Plan
    permission_action = "view_dashboard"
    template_name = "plans/dashboard.html"

    def get_permission_name(self):
        return "plans.view_dashboard"

    def get_template_names(self):
        if self.request.htmx and self.request.GET.get("forecast"):
            return ["plans/dashboard_targets.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        with_forecast = bool(self.request.GET.get("forecast"))
        scope, results = measure_for(plan, user, forecast=with_forecast)
        phases = list(plan.phases.all())
        context.update(
            scope=scope,
            results=results,
            with_forecast=with_forecast,
            summary=_summary(results),
            phases=timeline(phases),
            # The year-end report's page (thidua.closing) opens to the organisation-wide roles.
            can_see_year_report=user.sees_whole_organization,
            chart=_chart(results),
        )
        return context


def _summary(results):
    counts = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    return [(status, label, counts.get(status, 0)) for status, label in STATUS_LABELS.items()]


def _chart(results) -> dict:
    """Return the share targets as chart data (json_script; no inline script under the CSP)."""
    rows = [r for r in results if r.target.is_share and r.awarded.percent is not None]
    return {
        "labels": ["CT {}".format(r.target.position) for r in rows],
        "titles": [r.target.text[:90] for r in rows],
        "values": [float(r.awarded.percent) for r in rows],
        "goals": [float(r.target.goal) for r in rows],
    }


class PlanCreateView(LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    model = Plan
    form_class = PlanForm
    permission_required = "plans.add_plan"
    template_name = "plans/plan_edit.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        do_save_plan(form.instance, acting_user=self.request.user)
        messages.success(self.request, "Đã tạo {}.".format(form.instance))
        return redirect(form.instance)


class PlanEditView(ScopedObjectMixin, UpdateView):
    model = Plan
    form_class = PlanForm
    permission_action = "change"
    template_name = "plans/plan_edit.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        do_save_plan(form.instance, acting_user=self.request.user)
        messages.success(self.request, "Đã lưu kế hoạch.")
        return redirect(form.instance)


class PlanCopyView(LoginRequiredMixin, View):
    """Start next year's plan from this one (POST)."""

    def post(self, request, pk):
        plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
        if not request.user.has_perm("plans.change_plan", plan):
            raise PermissionDenied("Chỉ thường trực Hội đồng được sao chép kế hoạch.")
        try:
            copy = do_copy_plan(plan, acting_user=request.user)
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect(plan)
        messages.success(request, "Đã tạo {} từ kế hoạch năm {}.".format(copy, plan.year))
        return redirect(copy)


class PlanPartView(LoginRequiredMixin, View):
    """Add or edit a target or a phase of a plan the user may change."""

    model = None
    form_class = None
    template_name = "plans/part_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=kwargs["pk"])
        if not request.user.has_perm("plans.change_plan", self.plan):
            raise PermissionDenied("Chỉ thường trực Hội đồng được sửa kế hoạch.")
        part_pk = kwargs.get("part_pk")
        self.part = (
            get_object_or_404(self.model, plan=self.plan, pk=part_pk)
            if part_pk
            else self.model(plan=self.plan)
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render(self.form_class(instance=self.part))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, instance=self.part)
        if form.is_valid():
            do_save_plan_part(form.instance, acting_user=request.user)
            messages.success(request, "Đã lưu {}.".format(self.model._meta.verbose_name))
            return redirect(self.plan)
        return self.render(form)

    def render(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "plan": self.plan,
                "part": self.part,
                "kind": self.model._meta.verbose_name,
            },  # fmt: skip
        )


class TargetEditView(PlanPartView):
    model = Target
    form_class = TargetForm


class PhaseEditView(PlanPartView):
    model = Phase
    form_class = PhaseForm


class ContentItemEditView(PlanPartView):
    model = ContentItem
    form_class = ContentItemForm


class MovementEditView(PlanPartView):
    model = Movement
    form_class = MovementForm


class LegalBasisEditView(PlanPartView):
    model = LegalBasis
    form_class = LegalBasisForm


@login_required
@require_GET
def plan_document(request, pk, fmt):
    """The plan as a document (DOCX or PDF), for whoever may see the plan."""
    plan = get_object_or_404(plans_for_documents().visible_to(request.user), pk=pk)
    return document_response(PLAN, plan, fmt)
