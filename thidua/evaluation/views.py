"""Eligibility screens: one person's verdicts criterion by criterion, and the year's overview."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from thidua import rules
from thidua.documents.registry import FORMATS, DocumentError
from thidua.documents.render import build_context
from thidua.documents.views import document_response
from thidua.evaluation.facts import organization_unit_id, person_pk
from thidua.evaluation.services import (
    MAIN_PERSON_TITLES,
    MAIN_UNIT_TITLES,
    VERDICT_LABELS,
    default_year,
    evaluate_organization,
    evaluate_person,
)
from thidua.organization.models import STAFF_UNIT_KINDS, Person, Unit, descendant_ids
from thidua.spreadsheets.engine import review_list_response

FIRST_YEAR = 2015


class YearForm(forms.Form):
    """The year under review; the law in force that year decides."""

    year = forms.TypedChoiceField(label="Năm xét", coerce=int, required=False, empty_value=None)
    unit = forms.ModelChoiceField(
        label="Đơn vị", queryset=Unit.objects.none(), required=False, empty_label="Tất cả đơn vị"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        last = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(last, FIRST_YEAR - 1, -1)]
        self.default = default_year(user.organization)
        self.fields["year"].initial = self.default
        self.fields["unit"].queryset = Unit.objects.visible_to(user).filter(
            kind__in=STAFF_UNIT_KINDS
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def chosen_year(self) -> int:
        return (self.cleaned_data.get("year") if self.is_valid() else None) or self.default

    def chosen_unit(self):
        return self.cleaned_data.get("unit") if self.is_valid() else None


def _rows(verdicts: dict[str, rules.Verdict]) -> list[dict]:
    """Return the verdicts as rows for a template, the main titles first."""
    order = {code: index for index, code in enumerate(MAIN_PERSON_TITLES)}
    rows = []
    for code, verdict in sorted(verdicts.items(), key=lambda item: order.get(item[0], 99)):
        rows.append(
            {
                "code": code,
                "name": verdict.name,
                "verdict": verdict.verdict,
                "label": VERDICT_LABELS[verdict.verdict],
                "criteria": verdict.criteria,
                "to_review": verdict.to_review,
            }
        )
    return rows


class PersonEligibilityView(LoginRequiredMixin, TemplateView):
    """A person's verdicts for a year, every criterion with its fact and legal source.

    Served as a fragment that the person's page loads with htmx, and as a page of its own.
    """

    def get_template_names(self):
        if self.request.htmx:
            return ["evaluation/person_eligibility_fragment.html"]
        return ["evaluation/person_eligibility.html"]

    def get_context_data(self, **kwargs):
        person = get_object_or_404(Person.objects.visible_to(self.request.user), pk=kwargs["pk"])
        form = YearForm(self.request.GET or None, user=self.request.user)
        year = form.chosen_year()
        evaluation, key = evaluate_person(person, year)
        context = super().get_context_data(**kwargs)
        context.update(person=person, form=form, year=year, rule_set=evaluation.rule_set, rows=[])
        if key not in evaluation.people:
            # Hired after the year or gone before it: nothing to judge that year.
            context["not_working"] = True
            return context
        context.update(
            **_to_confirm(self.request.user, evaluation.rule_set),
            rows=_rows(evaluation.verdicts(key)),
            next_steps=rules.missing_for(evaluation, key),
        )
        return context


class EligibilityView(LoginRequiredMixin, TemplateView):
    """Xét điều kiện: the year's verdicts for every visible person and collective, with quotas."""

    template_name = "evaluation/eligibility.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = YearForm(self.request.GET or None, user=user)
        year = form.chosen_year()
        context = super().get_context_data(**kwargs)
        context.update(form=form, year=year)
        if user.organization is None:
            return context
        result = evaluate_organization(user.organization, year)
        people, person_titles, _ = overview_people(
            user.organization, user, year, form.chosen_unit(), result=result
        )
        query = self.request.GET.urlencode()
        context.update(
            rule_set=result.rule_set,
            **_to_confirm(user, result.rule_set),
            person_titles=person_titles,
            people=people,
            print_links=[
                (fmt.upper(), "{}{}".format(
                    reverse("evaluation:eligibility_document", args=[fmt]),
                    "?" + query if query else "",
                ))
                for fmt in (*FORMATS, "xlsx")
            ],
            summary=[
                {
                    "code": t,
                    "name": name,
                    "counts": {
                        v: sum(1 for p in people if result.person_status(p["person"].pk, t) == v)
                        for v in VERDICT_LABELS
                    },
                }
                for t, name in person_titles
            ],
            # A quota is the organisation's: only organisation-wide roles see it.
            quotas=[
                {
                    "use": use,
                    "name": rules.TITLE_NAMES[code],
                    "source": rules.cite(use.quota.source_key),
                    # the basis whose pending reviews may still raise the maximum
                    "basis_name": rules.TITLE_NAMES.get(use.quota.basis, ""),
                }
                for code, use in result.quotas().items()
            ]
            if user.sees_whole_organization
            else [],
            unit_titles=[(t, rules.TITLE_NAMES[t]) for t in MAIN_UNIT_TITLES],
            units=_unit_rows(result, user)
            if user.sees_whole_organization or user.headed_unit_ids
            else [],
            verdict_labels=VERDICT_LABELS,
        )
        return context


def overview_people(organization, user, year: int, unit=None, *, result=None):
    """Return the overview's people rows ({"person", "cells": [(title, verdict, label)]}), the
    titles shown as (code, name) and how many of the year's rules await confirmation: the people
    `user` sees (every one of the organisation without a user), of `unit` and below if given."""
    result = result or evaluate_organization(organization, year)
    people = (
        Person.objects.visible_to(user) if user is not None
        else Person.objects.filter(organization=organization)
    ).with_current_unit()
    if unit is not None:
        people = people.in_unit(descendant_ids([unit.pk], organization_id=unit.organization_id))
    people = list(people.filter(pk__in=_evaluated_pks(result)))
    titles = [t for t in MAIN_PERSON_TITLES if t in rules.PERSON_TITLES]
    rows = [
        {
            "person": p,
            "cells": [
                (t, result.person_status(p.pk, t), VERDICT_LABELS[result.person_status(p.pk, t)])
                for t in titles
            ],
        }
        for p in people
    ]
    return rows, [(t, rules.TITLE_NAMES[t]) for t in titles], len(result.rule_set.to_confirm())


@login_required
@require_GET
def eligibility_document(request, fmt: str):
    """The overview as filtered on screen (year, unit), as a printable DOCX or PDF."""
    from thidua.evaluation.documents import ELIGIBILITY_OVERVIEW, Overview, check_size

    if fmt not in (*FORMATS, "xlsx"):
        raise Http404("Định dạng không hỗ trợ.")
    user = request.user
    if user.organization is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    form = YearForm(request.GET or None, user=user)
    year, unit = form.chosen_year(), form.chosen_unit()
    people, titles, to_confirm = overview_people(user.organization, user, year, unit)
    try:
        check_size(people)
    except DocumentError as refusal:
        messages.error(request, str(refusal))
        return redirect("{}?{}".format(reverse("evaluation:eligibility"), request.GET.urlencode()))
    criteria = "Đơn vị: {}".format(unit.name) if unit is not None else ""
    record = Overview(user.organization, year, people, titles, criteria, to_confirm)
    if fmt == "xlsx":
        return review_list_response(build_context(ELIGIBILITY_OVERVIEW, record),
                                    ELIGIBILITY_OVERVIEW.filename(record))  # fmt: skip
    return document_response(ELIGIBILITY_OVERVIEW, record, fmt)


def _to_confirm(user, rule_set: rules.RuleSet) -> dict:
    """Return how many of the year's legal parameters await confirmation, and for those who keep
    or read the parameters a link to them; the values themselves are never shown here."""
    from thidua.rules.parameters import REGIMES

    count = len(rule_set.to_confirm())
    url = ""
    if count and user.organization and user.has_perm(
        "organization.view_rule_parameters", user.organization
    ) and rule_set.regime in REGIMES:
        url = "{}?regime={}".format(reverse("organization:rule_parameters"), rule_set.regime)
    return {"to_confirm": count, "parameters_url": url}


def _evaluated_pks(result) -> list[int]:
    return [person_pk(key) for key in result.evaluation.people]


def _unit_cells(result, key) -> list[tuple[str, str, str]]:
    """Return (title, verdict, label) for each collective title shown, for one unit id."""
    return [
        (title, result.unit_status(key, title), VERDICT_LABELS[result.unit_status(key, title)])
        for title in MAIN_UNIT_TITLES
    ]


def _unit_rows(result, user) -> list[dict]:
    """Return the collectives a user may see: the school and every unit, or the units they head."""
    units = Unit.objects.visible_to(user).filter(kind__in=STAFF_UNIT_KINDS)
    rows = []
    if user.sees_whole_organization:
        own = organization_unit_id(user.organization_id)
        rows.append({"name": user.organization.name, "cells": _unit_cells(result, own)})
    else:
        units = units.filter(pk__in=user.headed_unit_ids)
    rows.extend({"name": u.name, "cells": _unit_cells(result, u.pk)} for u in units)
    return rows
