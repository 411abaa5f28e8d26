"""Evidence screens: a list per kind, a record's page, its form, the verification queue, the
staff member's own evidence, the closure of years and the export of a filtered list.

Lists are scoped by `visible_to(user)`; every record is checked against the rules of
`permissions.py`, and every change goes through an action of `actions.py`.
"""

from datetime import date, datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from thidua.core.actions import ActionRefused
from thidua.core.views import ScopedListView, is_partial_request
from thidua.evidence import forms
from thidua.evidence.actions import (
    closed_years,
    do_close_year,
    do_delete_evidence,
    do_reject_evidence,
    do_reopen_year,
    do_save_evidence,
    do_save_initiative_claims,
    do_verify_evidence,
    refusal,
)
from thidua.evidence.kinds import KINDS, EvidenceKind, get_kind
from thidua.evidence.models import Initiative, Verification, YearClosure
from thidua.evidence.permissions import verifiable_by
from thidua.evidence.tables import record_url
from thidua.organization.models import Assignment


def may_propose(user, kind: EvidenceKind) -> bool:
    """Tell whether to offer "Thêm" on a kind: the action decides for the record itself."""
    if not user.is_authenticated or user.organization_id is None:
        return False
    if user.edits_personnel or user.headed_unit_ids:
        return True
    return user.person_id is not None and not kind.for_units


def with_current_unit(queryset, kind: EvidenceKind):
    """Annotate a single-person record with the name of its person's unit (one subquery)."""
    if kind.team or kind.for_units:
        return queryset
    current = Assignment.objects.current().filter(person=OuterRef("person"))
    return queryset.annotate(current_unit_name=Subquery(current.values("unit__name")[:1]))


def with_first_author(queryset, kind: EvidenceKind):
    """Annotate a team record with its first member's sort key, to sort by name."""
    if not kind.team:
        return queryset
    rows = kind.team_model.objects.filter(**{kind.model._meta.model_name: OuterRef("pk")})
    return queryset.annotate(
        first_sort_key=Subquery(rows.order_by("person__sort_key").values("person__sort_key")[:1])
    )


class KindMixin:
    """Resolve the kind named in the URL."""

    def dispatch(self, request, *args, **kwargs):
        self.kind = get_kind(kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        context["kinds"] = KINDS.values()
        return context


# Lists ---------------------------------------------------------------------------------------


def filtered(kind: EvidenceKind, request):
    """Return the kind's filterset over what the user may see (shared by list and export)."""
    queryset = with_first_author(with_current_unit(kind.queryset(request.user), kind), kind)
    return kind.filterset(request.GET or None, queryset=queryset, user=request.user)


class EvidenceHubView(LoginRequiredMixin, View):
    """The evidence menu opens the first list (a staff member's own records are among them)."""

    def get(self, request):
        return redirect("achievements:evidence_list", kind="grades")


class EvidenceListView(KindMixin, ScopedListView):
    template_name = "achievements/evidence_list.html"
    partial_template_name = "achievements/evidence_table.html"

    def get_queryset(self):
        rows = with_current_unit(self.kind.queryset(self.request.user), self.kind)
        return with_first_author(rows, self.kind)

    def get_filterset_class(self):
        return self.kind.filterset

    def get_table_class(self):
        return self.kind.table

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = may_propose(user, self.kind)
        if not is_partial_request(self.request):  # the badge sits outside the table
            context["pending_count"] = pending_count(user)
        context["query"] = self.request.GET.urlencode()
        return context


class EvidenceExportView(LoginRequiredMixin, View):
    """Download the rows of a list, with its current filters, as an Excel file."""

    def get(self, request, kind):
        from thidua.spreadsheets.kinds import export_queryset_bytes
        from thidua.spreadsheets.views import wants_office, xlsx_response

        kind = get_kind(kind)
        filterset = filtered(kind, request)
        if filterset.is_bound and not filterset.is_valid():
            queryset = kind.model.objects.none()
        else:
            queryset = filterset.qs
        year = request.GET.get("year", "")
        office = wants_office(request)
        content = export_queryset_bytes(
            kind.slug,
            request.user.organization,
            queryset,
            office=office,
            year=int(year) if year.isdigit() else None,
        )
        name = "{}-{}{}{}.xlsx".format(
            kind.slug,
            request.user.organization.abbreviation,
            "-" + year if year.isdigit() else "",
            "-ban-in" if office else "",
        )
        return xlsx_response(content, name)


# One record ----------------------------------------------------------------------------------


def shown(record, model_field) -> str:
    """Return a field's value as a person reads it: choices by label, dates dd/mm/yyyy."""
    value = getattr(record, model_field.name)
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return getattr(record, "get_{}_display".format(model_field.name))()
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime):
        return formats.date_format(value, "d/m/Y H:i")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return formats.number_format(value, use_l10n=True)
    return str(value)


def record_fields(kind: EvidenceKind, record) -> list[tuple[str, str]]:
    """Return (label, value) for the fields a record's form edits."""
    names = list(kind.form._meta.fields)
    rows = []
    for name in names:
        model_field = kind.model._meta.get_field(name)
        rows.append((model_field.verbose_name.capitalize(), shown(record, model_field)))
    return rows


def get_record(kind: EvidenceKind, user, pk: int):
    """Return a record the user may see: 404 outside their scope, 403 when not allowed."""
    record = get_object_or_404(kind.queryset(user), pk=pk)
    if not user.has_perm("achievements.view_evidence", record):
        raise PermissionDenied("Bạn không xem được minh chứng này.")
    return record


class EvidenceView(LoginRequiredMixin, KindMixin, TemplateView):
    template_name = "achievements/evidence.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        record = get_record(self.kind, user, kwargs["pk"])
        context.update(
            object=record, fields=record_fields(self.kind, record),
            team=self.team(record), closed=closed_years(record),
            can_change=user.has_perm("achievements.change_evidence", record),
            can_delete=user.has_perm("achievements.delete_evidence", record),
            can_verify=user.has_perm("achievements.verify_evidence", record),
            reject_form=forms.RejectForm(),
        )  # fmt: skip
        if isinstance(record, Initiative):
            context["claims"] = record.claims.select_related("person")
            context["can_edit_claims"] = user.has_perm("achievements.claim_initiative", record)
        return context

    def team(self, record):
        if not self.kind.team:
            return None
        rows = list(getattr(record, self.kind.team.related).all())
        return sorted(rows, key=lambda row: row.person.sort_key)


class EvidenceFormView(LoginRequiredMixin, View):
    """Create (no pk) or edit a record, with its team for initiatives, research and works."""

    template_name = "achievements/evidence_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.kind = get_kind(kwargs["kind"])
        pk = kwargs.get("pk")
        if pk is None:
            self.record = self.kind.model(organization=request.user.organization)
        else:
            self.record = get_record(self.kind, request.user, pk)
            if not request.user.has_perm("achievements.change_evidence", self.record):
                raise PermissionDenied(refusal(request.user, self.record, "change"))
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        user = self.request.user
        form = self.kind.form(data, instance=self.record, user=user)
        formset = None
        if self.kind.team is not None:
            initial = None
            if self.record.pk is None and user.person_id and forms.only_self(user):
                initial = [{"person": user.person_id}]
            formset = self.kind.team.formset(
                data, instance=self.record, user=user, prefix="team", initial=initial
            )
        return form, formset

    def get(self, request, *args, **kwargs):
        return self.render(*self.forms())

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        valid = form.is_valid()
        valid = (formset is None or formset.is_valid()) and valid
        if not valid:
            return self.render(form, formset)
        try:
            record = do_save_evidence(
                form.instance,
                acting_user=request.user,
                team=formset.team() if formset is not None else None,
            )
        except ActionRefused as exc:
            form.add_error(None, str(exc))
            return self.render(form, formset)
        if record.verification == Verification.VERIFIED:
            messages.success(request, "Đã lưu minh chứng (đã xác nhận).")
        else:
            messages.success(request, "Đã gửi minh chứng, chờ xác nhận.")
        return redirect(record_url(record))

    def render(self, form, formset):
        return render(self.request, self.template_name, {
            "kind": self.kind, "object": self.record if self.record.pk else None,
            "form": form, "formset": formset,
        })  # fmt: skip


class EvidenceDeleteView(LoginRequiredMixin, View):
    template_name = "achievements/evidence_delete.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.kind = get_kind(kwargs["kind"])
        self.record = get_record(self.kind, request.user, kwargs["pk"])
        if not request.user.has_perm("achievements.delete_evidence", self.record):
            raise PermissionDenied(refusal(request.user, self.record, "delete"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"kind": self.kind, "object": self.record})

    def post(self, request, *args, **kwargs):
        try:
            do_delete_evidence(self.record, acting_user=request.user)
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect(record_url(self.record))
        messages.success(request, "Đã xoá minh chứng «{}».".format(self.record))
        return redirect("achievements:evidence_list", kind=self.kind.slug)


class DecisionView(LoginRequiredMixin, View):
    """Verify or reject a record (POST); htmx gets the record's row of the queue back."""

    http_method_names = ["post"]
    decision = "verify"

    def post(self, request, kind, pk):
        kind = get_kind(kind)
        record = get_record(kind, request.user, pk)
        if not request.user.has_perm("achievements.verify_evidence", record):
            raise PermissionDenied(refusal(request.user, record, "verify"))
        error = None
        reject_form = forms.RejectForm(request.POST if self.decision == "reject" else None)
        try:
            if self.decision == "verify":
                record = do_verify_evidence(record, acting_user=request.user)
                done = "Đã xác nhận minh chứng."
            elif not reject_form.is_valid():
                raise ActionRefused(reject_form.errors["reason"][0])
            else:
                record = do_reject_evidence(
                    record, reason=reject_form.cleaned_data["reason"], acting_user=request.user
                )
                done = "Đã ghi không xác nhận minh chứng."
        except ActionRefused as exc:
            error = str(exc)
        if is_partial_request(request):
            return render(request, "achievements/pending_row.html", {
                "row": queue_row(kind, record, request.user), "error": error,
                "done": "" if error else done,
                "reason_error": bool(error) and self.decision == "reject",
                "reject_form": forms.RejectForm(),
            })  # fmt: skip
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = record_url(record)
        return redirect(target or record_url(record))


class ClaimsView(LoginRequiredMixin, View):
    """The titles and years an initiative was counted for; kept by the secretary."""

    template_name = "achievements/claims_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.initiative = get_record(KINDS["initiatives"], request.user, kwargs["pk"])
        if not request.user.has_perm("achievements.claim_initiative", self.initiative):
            raise PermissionDenied("Chỉ Thường trực Hội đồng ghi được sáng kiến đã dùng để xét.")
        return super().dispatch(request, *args, **kwargs)

    def formset(self, data=None):
        authors = self.initiative.authors.order_by("sort_key")
        return forms.ClaimFormSet(data, instance=self.initiative, authors=authors, prefix="claims")

    def get(self, request, *args, **kwargs):
        return self.render(self.formset())

    def post(self, request, *args, **kwargs):
        formset = self.formset(request.POST)
        if formset.is_valid():
            try:
                do_save_initiative_claims(
                    self.initiative, formset.claims(), acting_user=request.user
                )
            except ActionRefused as exc:
                messages.error(request, str(exc))
                return self.render(formset)
            messages.success(request, "Đã lưu các lần dùng sáng kiến để xét danh hiệu.")
            return redirect(record_url(self.initiative))
        return self.render(formset)

    def render(self, formset):
        return render(
            self.request, self.template_name, {"object": self.initiative, "formset": formset}
        )


# The queue, one's own evidence, closed years ------------------------------------------------


def queue_row(kind: EvidenceKind, record, user, *, can_verify=None) -> dict:
    """Return a row of the queue; `can_verify` when the caller already knows (from SQL)."""
    if can_verify is None:
        can_verify = user.has_perm("achievements.verify_evidence", record)
    subject = subject_names(kind, record)
    return {
        "kind": kind, "record": record, "url": record_url(record),
        "subject": subject,
        "years": ", ".join(str(year) for year in sorted(record.years())),
        "can_verify": can_verify,
        "name": record_name(kind, record, subject),
    }  # fmt: skip


def record_name(kind: EvidenceKind, record, subject: str) -> str:
    """Say which record a row's buttons act on, for a screen reader reading them out of their
    row: «xếp loại cán bộ «Lê Văn A 2022: …»», with whose it is unless its text says so."""
    text = str(record)
    name = "{} «{}»".format(kind.label.lower(), text)
    return name if subject in text else "{} của {}".format(name, subject)


def subject_names(kind: EvidenceKind, record) -> str:
    if kind.for_units:
        return str(record.unit)
    if kind.team:
        rows = sorted(getattr(record, kind.team.related).all(), key=lambda r: r.person.sort_key)
        return ", ".join(row.person.full_name for row in rows)
    return record.person.full_name


def _pending(kind: EvidenceKind, user, closed):
    """Return the kind's proposed records the user may verify, found in SQL."""
    return verifiable_by(user, kind.queryset(user).pending(), closed_years=closed)


def _closed_years(user) -> list[int]:
    return list(
        YearClosure.objects.filter(organization_id=user.organization_id).values_list(
            "year", flat=True
        )
    )


def pending_for(user) -> list[dict]:
    """Return, kind by kind, the proposed records the user may verify.

    The rule is applied in SQL (`verifiable_by`), so the queue costs the same few queries for
    five records or five hundred.
    """
    if not (user.edits_personnel or user.headed_unit_ids):
        return []
    closed = _closed_years(user)
    groups = []
    for kind in KINDS.values():
        rows = [
            queue_row(kind, record, user, can_verify=True)
            for record in _pending(kind, user, closed).select_related("proposed_by")
        ]
        if rows:
            groups.append({"kind": kind, "rows": rows})
    return groups


def pending_count(user) -> int:
    """Count the records waiting for this user's verification (none for plain staff): one
    query a kind, whatever their number."""
    if not (user.edits_personnel or user.headed_unit_ids):
        return 0
    closed = _closed_years(user)
    return sum(
        verifiable_by(
            user,
            kind.model.objects.visible_to(user).filter(kind.subject).pending(),
            closed_years=closed,
        ).count()
        for kind in KINDS.values()
    )


class PendingView(LoginRequiredMixin, TemplateView):
    """ "Chờ xác nhận": what the user may verify now."""

    template_name = "achievements/pending.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = pending_for(self.request.user)
        context["reject_form"] = forms.RejectForm()
        return context


class MineView(LoginRequiredMixin, TemplateView):
    """ "Minh chứng của tôi": a staff member's own records of every kind, and what to propose."""

    template_name = "achievements/mine.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        if user.person_id is None:
            raise PermissionDenied("Tài khoản này không gắn với cán bộ nào.")
        groups = []
        for kind in KINDS.values():
            if kind.for_units:
                continue
            path = kind.model.person_path
            rows = kind.queryset(user).filter(**{path: user.person_id})
            groups.append({
                "kind": kind,
                "rows": [
                    {"record": r, "url": record_url(r), "label": kind.describe(r),
                     "years": ", ".join(str(y) for y in sorted(r.years())),
                     "can_change": user.has_perm("achievements.change_evidence", r)}
                    for r in rows
                ],
                "proposable": kind.proposable(user),
            })  # fmt: skip
        context = super().get_context_data(**kwargs)
        context["groups"] = groups
        return context


class YearClosureView(LoginRequiredMixin, View):
    """The secretary closes a year's evidence or reopens it."""

    template_name = "achievements/year_closures.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm("achievements.close_year"):
            raise PermissionDenied("Chỉ Thường trực Hội đồng được khóa năm.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(forms.CloseYearForm())

    def post(self, request):
        action = request.POST.get("action")
        try:
            if action == "reopen":
                year = int(request.POST.get("year", ""))
                do_reopen_year(year, acting_user=request.user)
                messages.success(request, "Đã mở lại năm {}.".format(year))
            else:
                form = forms.CloseYearForm(request.POST)
                if not form.is_valid():
                    return self.render(form)
                year = form.cleaned_data["year"]
                do_close_year(year, acting_user=request.user)
                messages.success(
                    request,
                    "Đã khóa năm {}: từ nay chỉ Thường trực Hội đồng thay đổi minh chứng của "
                    "năm này.".format(year),
                )
        except ValueError:
            messages.error(request, "Năm không hợp lệ.")
        except ActionRefused as exc:
            messages.error(request, str(exc))
        return redirect("achievements:year_closures")

    def render(self, form):
        closures = YearClosure.objects.filter(
            organization_id=self.request.user.organization_id
        ).select_related("closed_by")
        return render(self.request, self.template_name, {"form": form, "closures": closures})
