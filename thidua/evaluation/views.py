"""Eligibility screens: one person's verdicts criterion by criterion, and the year's overview."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from thidua import rules
from thidua.core import exports
from thidua.core.views import is_partial_request
from thidua.documents.registry import FORMATS, DocumentError
from thidua.documents.render import build_context
from thidua.documents.views import document_file
from thidua.evaluation.facts import organization_unit_id
from thidua.evaluation.overview import (
    PER_PAGE_CHOICES,
    OverviewChoice,
    _searched,
    overview_rows,
    people_shown,
    person_title_codes,
    verdict_counts,
)
from thidua.evaluation.services import (
    MAIN_UNIT_TITLES,
    VERDICT_LABELS,
    default_year,
    evaluate_organization,
    person_eligibility,
)
from thidua.organization.models import STAFF_UNIT_KINDS, Person, Unit
from thidua.spreadsheets.engine import review_list_workbook

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
        found = person_eligibility(person, year)
        context = super().get_context_data(**kwargs)
        context.update(person=person, form=form, year=year, rule_set=found.rule_set, rows=[])
        if not found.judged:
            # Hired after the year or gone before it: nothing to judge that year.
            context["not_working"] = True
            return context
        context.update(
            **_to_confirm(self.request.user, found.rule_set),
            rows=found.rows,
            next_steps=found.next_steps,
        )
        return context


class OverviewForm(YearForm):
    """The overview's filters (year, unit, one title, a verdict, a name), order and page size."""

    title = forms.ChoiceField(label="Danh hiệu", required=False)
    verdict = forms.ChoiceField(
        label="Kết quả", required=False,
        choices=[("", "Mọi kết quả"), *VERDICT_LABELS.items()],
    )  # fmt: skip
    q = forms.CharField(label="Tìm theo tên", required=False, max_length=100)
    per_page = forms.TypedChoiceField(
        label="Số dòng mỗi trang", required=False, coerce=int, empty_value=None,
        choices=[(n, str(n)) for n in PER_PAGE_CHOICES],
    )  # fmt: skip
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = person_title_codes()
        self.fields["title"].choices = [("", "Mọi danh hiệu")] + [
            (code, rules.TITLE_NAMES[code]) for code in codes
        ]
        keys = ["name", "unit", *codes]
        self.fields["sort"].choices = [(k, k) for k in keys] + [("-" + k, k) for k in keys]
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["class"] = "form-control"
        self.fields["per_page"].initial = PER_PAGE_CHOICES[0]

    def _data(self) -> dict:
        """Return the well-formed fields; a malformed one is ignored, as a bad year is."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def chosen_year(self) -> int:
        return self._data().get("year") or self.default

    def chosen_unit(self):
        return self._data().get("unit")

    def choice(self) -> OverviewChoice:
        data = self._data()
        return OverviewChoice(
            unit=data.get("unit"),
            title=data.get("title") or "",
            verdict=data.get("verdict") or "",
            search=(data.get("q") or "").strip(),
            sort=data.get("sort") or "name",
        )

    def chosen_per_page(self) -> int:
        return self._data().get("per_page") or PER_PAGE_CHOICES[0]


class EligibilityView(LoginRequiredMixin, TemplateView):
    """Xét điều kiện: the year's verdicts of the visible people, a page at a time, filtered and
    sorted; the counts by title, the quotas and the collectives arrive in a second request
    (htmx, `?part=summary`), since they judge the whole organisation."""

    template_name = "evaluation/eligibility.html"

    def get_template_names(self):
        if self._summary_only():
            return ["evaluation/eligibility_summary.html"]
        return [self.template_name]

    def _summary_only(self) -> bool:
        return is_partial_request(self.request) and self.request.GET.get("part") == "summary"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = OverviewForm(self.request.GET or None, user=user)
        year = form.chosen_year()
        context = super().get_context_data(**kwargs)
        context.update(form=form, year=year, verdict_labels=VERDICT_LABELS)
        if user.organization is None:
            return context
        choice = form.choice()
        with_summary = self.request.GET.get("part") == "summary"
        result = evaluate_organization(user.organization, year) if with_summary else None
        if with_summary:
            context.update(_summary_context(user, year, choice.unit, result))
        if self._summary_only():
            return context
        found = overview_rows(
            user.organization, user, year, choice, result=result,
            page_number=self.request.GET.get("page"), per_page=form.chosen_per_page(),
        )  # fmt: skip
        query = self.request.GET.copy()
        for key in ("page", "part"):
            query.pop(key, None)
        query = query.urlencode()
        summary_query = self.request.GET.copy()
        summary_query.pop("page", None)
        summary_query["part"] = "summary"
        context.update(
            rule_set=found.rule_set,
            **_to_confirm(user, found.rule_set),
            choice=choice,
            person_titles=found.titles,
            people=found.rows,
            page_obj=found.page,
            page_range=list(found.page.paginator.get_elided_page_range(found.page.number))
            if found.page is not None else [],
            people_count=found.count,
            with_summary=with_summary,
            summary_url="?" + summary_query.urlencode(),
            columns=_columns(choice, found.titles, query),
            print_links=[
                (fmt.upper(), "{}{}".format(
                    reverse("evaluation:eligibility_document", args=[fmt]),
                    "?" + query if query else "",
                ))
                for fmt in (*FORMATS, "xlsx")
            ],
        )
        return context


def _columns(choice: OverviewChoice, titles, query: str) -> list[dict]:
    """Return the table's sortable columns: header, the link that sorts by it, aria-sort."""
    params = QueryDict(query, mutable=True)
    columns = []
    for key, header in [("name", "Họ và tên"), ("unit", "Đơn vị"), *titles]:
        current = choice.sort_field == key
        params["sort"] = "-" + key if current and not choice.descending else key
        columns.append({
            "key": key,
            "header": header,
            "url": "?" + params.urlencode(),
            "sorted": ("descending" if choice.descending else "ascending") if current else "",
        })  # fmt: skip
    return columns


def _summary_context(user, year: int, unit, result) -> dict:
    """Return the counts by title of the people shown, the quotas and the collectives."""
    pks = list(people_shown(user.organization, user, year, unit).values_list("pk", flat=True))
    return {
        "summary": verdict_counts(result, pks, person_title_codes()),
        # A quota is the organisation's: only organisation-wide roles see it.
        "quotas": [
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
        "unit_titles": [(t, rules.TITLE_NAMES[t]) for t in MAIN_UNIT_TITLES],
        "units": _unit_rows(result, user)
        if user.sees_whole_organization or user.headed_unit_ids
        else [],
    }


def overview_people(organization, user, year: int, unit=None, *, result=None):
    """Return every row of the overview ({"person", "cells": [(title, verdict, label)]}), the
    titles shown as (code, name) and how many of the year's rules await confirmation: the people
    `user` sees (every one of the organisation without a user), of `unit` and below if given."""
    found = overview_rows(organization, user, year, OverviewChoice(unit=unit), result=result)
    return found.rows, found.titles, found.to_confirm


@login_required
@require_GET
def eligibility_document(request, fmt: str):
    """The overview as filtered and sorted on screen, every page of it: DOCX, PDF or XLSX. Past
    BACKGROUND_DOCUMENT_ROWS people a worker makes it (thidua.core.exports): the link queues
    the job and opens its page."""
    from thidua.evaluation.tasks import make_eligibility_document

    if fmt not in (*FORMATS, "xlsx"):
        raise Http404("Định dạng không hỗ trợ.")
    user = request.user
    if user.organization is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    form = OverviewForm(request.GET or None, user=user)
    year, choice = form.chosen_year(), form.choice()
    # The people before the verdicts' filter: a bound, counted without judging anyone.
    people = people_shown(user.organization, user, year, choice.unit)
    bound = _searched(people, choice.search).count()
    job = exports.offer(request, make_eligibility_document, fmt, bound, exact=False)
    if job is not None:
        return job
    try:
        built = build_eligibility_document(user, fmt, request.GET)
    except DocumentError as refusal:
        messages.error(request, str(refusal))
        return redirect("{}?{}".format(reverse("evaluation:eligibility"), request.GET.urlencode()))
    return exports.file_response(built, fmt)


def build_eligibility_document(user, fmt: str, query) -> exports.Built:
    """The overview's file as the query asks (the link's view and its job)."""
    from thidua.evaluation.documents import ELIGIBILITY_OVERVIEW, Overview, check_size

    if user.organization is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    form = OverviewForm(query or None, user=user)
    year, choice = form.chosen_year(), form.choice()
    found = overview_rows(user.organization, user, year, choice)
    check_size(found.rows)
    record = Overview(user.organization, year, found.rows, found.titles, choice.in_words(),
                      found.to_confirm)  # fmt: skip
    if fmt == "xlsx":
        data = review_list_workbook(build_context(ELIGIBILITY_OVERVIEW, record))
        name = "{}.xlsx".format(ELIGIBILITY_OVERVIEW.filename(record))
    else:
        data, name = document_file(ELIGIBILITY_OVERVIEW, record, fmt)
    return exports.Built(data, name, len(found.rows))


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
