"""Screens of closing the year: a phase's summary with its commendations, the year-end report's
sections edited on screen, and the downloads of both documents."""


from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.closing.actions import (
    do_commend,
    do_draft_phase_decision,
    do_record_phase_summary,
    do_save_year_report,
)
from thidua.closing.documents import PHASE_REPORT, YEAR_REPORT, YearRecord
from thidua.closing.models import KIND_CHOICES, PhaseSummary, YearReport
from thidua.closing.report import SECTION_TITLES
from thidua.closing.tasks import make_year_report, readable_plan
from thidua.core import jobs
from thidua.core.actions import ActionRefused, NotAllowed
from thidua.documents.views import document_response, requested_layout
from thidua.organization.models import Person, Unit
from thidua.plans.models import Phase, Plan

READERS_ONLY = "Tổng kết thi đua dành cho lãnh đạo, Hội đồng và thường trực Hội đồng."


def _phase(request, pk) -> Phase:
    """Return a phase of the user's organisation (404 outside it) the user may read (403)."""
    phase = get_object_or_404(
        Phase.objects.select_related("plan__organization").filter(
            plan__in=Plan.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    if not request.user.has_perm("closing.view_closing", phase.plan):
        raise PermissionDenied(READERS_ONLY)
    return phase


class SummaryForm(forms.Form):
    summed_up_on = forms.DateField(
        label="Ngày tổng kết", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    achievements = forms.CharField(
        label="Kết quả đạt được so với mục đích của đợt (mỗi đoạn một dòng)",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields["result_{}".format(unit.pk)] = forms.CharField(
                label="Kết quả của {}".format(unit.name), required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip
            self.fields["evidence_{}".format(unit.pk)] = forms.CharField(
                label="Minh chứng của {}".format(unit.name), required=False
            )

    def unit_rows(self):
        data = self.cleaned_data
        return [(u, data["result_{}".format(u.pk)], data["evidence_{}".format(u.pk)])
                for u in self.units]  # fmt: skip

    def unit_fields(self):
        return [(self["result_{}".format(u.pk)], self["evidence_{}".format(u.pk)])
                for u in self.units]  # fmt: skip


class CommendForm(forms.Form):
    kind = forms.ChoiceField(label="Loại khen thưởng", choices=KIND_CHOICES)
    person = forms.ModelChoiceField(label="Cán bộ", queryset=Person.objects.none(),
                                    required=False)  # fmt: skip
    unit = forms.ModelChoiceField(label="hoặc tập thể", queryset=Unit.objects.none(),
                                  required=False)  # fmt: skip
    movement = forms.ModelChoiceField(
        label="Phong trào (khen theo chuyên đề)", queryset=None, required=False
    )
    reason = forms.CharField(label="Thành tích", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, phase, **kwargs):
        super().__init__(*args, **kwargs)
        organization = phase.plan.organization
        self.fields["person"].queryset = Person.objects.filter(
            organization=organization, left_on__isnull=True
        ).order_by("sort_key")
        self.fields["unit"].queryset = Unit.objects.filter(organization=organization)
        self.fields["movement"].queryset = phase.plan.movements.all()


def _units(plan):
    return Unit.objects.filter(organization=plan.organization).order_by("position", "name")


@login_required
@require_GET
def phase_summary(request, pk):
    phase = _phase(request, pk)
    summary = PhaseSummary.objects.filter(phase=phase).first()
    can_sum_up = request.user.has_perm("closing.sum_up_phase", phase.plan)
    context = {
        "phase": phase, "plan": phase.plan, "summary": summary, "can_sum_up": can_sum_up,
        "ended": phase.status() in ("reviewing", "done"),
    }  # fmt: skip
    if summary is not None:
        context["unit_results"] = summary.unit_results.select_related("unit")
        context["commendations"] = summary.commendations.select_related("person", "unit",
                                                                        "movement")  # fmt: skip
        decision = summary.live_decision
        context["decision"] = decision
        if decision is not None and not request.user.has_perm("decisions.view_decision",
                                                              decision):  # fmt: skip
            context["decision"] = None
        if can_sum_up and decision is None:
            context["commend_form"] = CommendForm(phase=phase)
        context["can_draft"] = decision is None and request.user.has_perm(
            "decisions.draft_decisions", phase.plan
        )
    return render(request, "closing/phase_summary.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def phase_summary_edit(request, pk):
    phase = _phase(request, pk)
    if not request.user.has_perm("closing.sum_up_phase", phase.plan):
        raise PermissionDenied("Chỉ thường trực Hội đồng TĐ-KT ghi tổng kết đợt thi đua.")
    summary = PhaseSummary.objects.filter(phase=phase).first()
    units = _units(phase.plan)
    # The plan's review day by default (an event's date, entered by the user), never the future.
    initial = {"summed_up_on": min(phase.review_on, timezone.localdate())}
    if summary is not None:
        initial = {"summed_up_on": summary.summed_up_on, "achievements": summary.achievements}
        for row in summary.unit_results.all():
            initial["result_{}".format(row.unit_id)] = row.result
            initial["evidence_{}".format(row.unit_id)] = row.evidence
    form = SummaryForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_record_phase_summary(
                phase, summed_up_on=form.cleaned_data["summed_up_on"],
                achievements=form.cleaned_data["achievements"], unit_results=form.unit_rows(),
                acting_user=request.user,
            )  # fmt: skip
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Đã ghi tổng kết {}.".format(phase.name))
            return redirect("closing:phase_summary", pk=phase.pk)
    return render(request, "closing/phase_summary_edit.html",
                  {"phase": phase, "plan": phase.plan, "form": form})  # fmt: skip


@login_required
@require_POST
def phase_commend(request, pk):
    phase = _phase(request, pk)
    if not request.user.has_perm("closing.sum_up_phase", phase.plan):
        raise PermissionDenied("Chỉ thường trực Hội đồng TĐ-KT ghi khen thưởng tổng kết đợt.")
    summary = PhaseSummary.objects.filter(phase=phase).first()
    if summary is None:
        messages.error(request, "Đợt thi đua chưa được tổng kết.")
        return redirect("closing:phase_summary", pk=phase.pk)
    form = CommendForm(request.POST, phase=phase)
    if not form.is_valid():
        messages.error(request, "Khen thưởng chưa ghi: " + "; ".join(
            "{}: {}".format(form.fields[f].label if f in form.fields else "", " ".join(e))
            for f, e in form.errors.items()))  # fmt: skip
        return redirect("closing:phase_summary", pk=phase.pk)
    data = form.cleaned_data
    try:
        commendation = do_commend(
            summary, kind=data["kind"], person=data["person"], unit=data["unit"],
            movement=data["movement"], reason=data["reason"], acting_user=request.user,
        )  # fmt: skip
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Đã ghi khen thưởng: {}.".format(commendation))
    return redirect("closing:phase_summary", pk=phase.pk)


@login_required
@require_POST
def phase_decision(request, pk):
    """Draft the decision of the phase's commendations, then show it (the decisions app)."""
    phase = _phase(request, pk)
    summary = get_object_or_404(PhaseSummary, phase=phase)
    try:
        decision = do_draft_phase_decision(summary, acting_user=request.user)
    except NotAllowed:
        raise
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("closing:phase_summary", pk=phase.pk)
    messages.success(request, "Đã soạn dự thảo quyết định khen thưởng của {}.".format(phase.name))
    return redirect(decision.get_absolute_url())


@login_required
@require_GET
def phase_report_document(request, pk, fmt):
    pk = int(pk)
    phase = _phase(request, pk)
    summary = (
        PhaseSummary.objects.filter(phase=phase).select_related("phase__plan__organization").first()
    )
    if summary is None:
        raise Http404("Đợt thi đua chưa được tổng kết.")
    return document_response(PHASE_REPORT, summary, fmt, requested_layout(request))


def _year_plan(request, year) -> Plan:
    return readable_plan(request.user, year)


class SectionsForm(forms.ModelForm):
    class Meta:
        model = YearReport
        fields = YearReport.SECTIONS
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in YearReport.SECTIONS}


@login_required
@require_http_methods(["GET", "POST"])
def year_report(request, year):
    plan = _year_plan(request, year)
    report = YearReport.objects.filter(organization=plan.organization, year=year).first()
    can_write = request.user.has_perm("closing.write_year_report", plan)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Chỉ thường trực Hội đồng TĐ-KT sửa báo cáo tổng kết.")
        form = SectionsForm(request.POST, instance=report)
        if form.is_valid():
            do_save_year_report(
                plan.organization, year, acting_user=request.user,
                **{name: form.cleaned_data[name] for name in YearReport.SECTIONS},
            )  # fmt: skip
            messages.success(request, "Đã lưu các phần của báo cáo tổng kết năm {}.".format(year))
            return redirect("closing:year_report", year=year)
    else:
        form = SectionsForm(instance=report)
    for name, heading in SECTION_TITLES.items():
        form.fields[name].label = heading.format(next=year + 1)
    return render(request, "closing/year_report.html", {
        "plan": plan, "year": year, "report": report, "form": form, "can_write": can_write,
        "phases": list(plan.phases.all()),
        "summed": set(PhaseSummary.objects.filter(phase__plan=plan).values_list("phase_id",
                                                                                flat=True)),
    })  # fmt: skip


@login_required
@require_GET
def year_report_document(request, year, fmt):
    year = int(year)
    plan = _year_plan(request, year)
    return document_response(YEAR_REPORT, YearRecord(plan), fmt, requested_layout(request))


# The year-end report made by a background worker (issue 19, item 5; thidua.core.jobs) --------


@login_required
@require_POST
def year_report_background(request, year, fmt):
    """Ask a worker for the year-end report; the job's page shows its progress. Where tasks run
    in the request itself (TASKS_BACKEND=immediate), the file is simply downloaded."""
    year = int(year)
    _year_plan(request, year)
    layout = request.POST.get("layout") or None
    if layout not in (None, "party", "state"):
        raise Http404("Thể thức văn bản không hợp lệ.")
    if jobs.runs_inline(make_year_report):
        return redirect("closing:year_report_document", year=year, fmt=fmt)
    return redirect("core:job", job=jobs.enqueue(make_year_report, request.user, year, fmt, layout))
