"""Screens of the register ("Sổ khen thưởng"): the list across people, units and the
organisation, one award with its scanned decision, the secretary's add, correct and revoke forms,
and the history ("tra cứu") of one person or one unit across all years, printable."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import DetailView

from thidua.awards.actions import AwardRefused, do_add_award, do_correct_award, do_revoke_award
from thidua.awards.documents import (
    AWARD_HISTORY,
    AWARD_REGISTER,
    History,
    RegisterExtract,
    history_awards,
    register_awards,
)
from thidua.awards.filtersets import AwardFilterSet
from thidua.awards.forms import AwardForm, RevokeForm
from thidua.awards.models import Award
from thidua.awards.tables import AwardTable
from thidua.core import exports
from thidua.core.forms import refuse_oversized_upload
from thidua.core.views import ScopedListView, ScopedObjectMixin
from thidua.documents.registry import FORMATS, DocumentError
from thidua.documents.views import document_file, document_response
from thidua.organization.models import Person, Unit


def _scoped(user):
    return Award.objects.visible_to(user).select_related("person", "unit", "organization")


class AwardListView(ScopedListView):
    model = Award
    table_class = AwardTable
    filterset_class = AwardFilterSet
    template_name = "awards/award_list.html"
    partial_template_name = "awards/award_table.html"

    def get_queryset(self):
        return _scoped(self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = user.has_perm("register.add_award", user.organization)
        context["query"] = self.request.GET.urlencode()
        context["formats"] = FORMATS
        return context


def _filtered(request):
    return _filtered_for(request.user, request.GET)


def _filtered_for(user, query):
    """The list's rows under the query's filters (shared by the list's downloads); invalid
    filters give no row rather than every row. An account of no organisation (a cluster member's
    officer from outside the installation) has no register to download."""
    if user.organization_id is None:
        raise Http404("Tài khoản không thuộc cơ quan nào trong hệ thống.")
    filterset = AwardFilterSet(query or None, queryset=_scoped(user), user=user)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, Award.objects.none()
    return filterset, filterset.qs


def _criteria(filterset) -> str:
    """The filters as a reader of the printed list reads them: "Năm 2021; Chiến sĩ thi đua…"."""
    if not filterset.is_bound or not filterset.is_valid():
        return ""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, ""):
            continue
        field = filterset.form.fields[name]
        if name == "q":
            parts.append("tên có “{}”".format(value))
        elif name == "year":
            parts.append("Năm {}".format(int(value)))
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            parts.append(str(dict(field.choices).get(value, value)))
        else:
            parts.append(str(value))
    return "; ".join(parts)


@login_required
@require_GET
def register_export(request):
    """The list's rows, with its current filters, as the `awards` spreadsheet (re-importable).
    Past BACKGROUND_DOCUMENT_ROWS rows a worker makes it (thidua.core.exports)."""
    return _export(request, "xlsx")


@login_required
@require_GET
def register_document(request, fmt: str):
    """The list's rows, with its current filters, as a printable DOCX or PDF. Past
    BACKGROUND_DOCUMENT_ROWS rows a worker makes it (thidua.core.exports)."""
    if fmt not in FORMATS:
        raise Http404("Định dạng không hỗ trợ.")
    return _export(request, fmt)


def _export(request, fmt: str):
    from thidua.awards.tasks import make_register_file

    _, queryset = _filtered(request)
    if (job := exports.offer(request, make_register_file, fmt, queryset.count())) is not None:
        return job
    try:
        built = build_register_file(request.user, fmt, request.GET)
    except DocumentError as refusal:
        messages.error(request, str(refusal))
        query = request.GET.urlencode()
        return redirect("{}{}".format(reverse("awards:award_list"), "?" + query if query else ""))
    return exports.file_response(built, fmt)


def build_register_file(user, fmt: str, query) -> exports.Built:
    """The register's rows under the query's filters as a file: the `awards` spreadsheet
    (XLSX, `ban_in=1` its office look) or the printable extract (DOCX, PDF)."""
    from thidua.spreadsheets.kinds import export_queryset_bytes
    from thidua.spreadsheets.views import OFFICE_PARAMETER

    filterset, queryset = _filtered_for(user, query)
    if fmt == "xlsx":
        year = query.get("year", "")
        office = query.get(OFFICE_PARAMETER) == "1"
        content = export_queryset_bytes("awards", user.organization, queryset, office=office,
                                        year=int(year) if year.isdigit() else None)  # fmt: skip
        name = "so-khen-thuong-{}{}{}.xlsx".format(
            user.organization.abbreviation,
            "-" + year if year.isdigit() else "",
            "-ban-in" if office else "",
        )
        return exports.Built(content, name, queryset.count())
    awards = register_awards(queryset)
    extract = RegisterExtract(user.organization, awards, _criteria(filterset))
    data, name = document_file(AWARD_REGISTER, extract, fmt)
    return exports.Built(data, name, len(awards))


class AwardView(ScopedObjectMixin, DetailView):
    model = Award
    template_name = "awards/award.html"

    def get_queryset(self):
        return _scoped(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        award, user = self.object, self.request.user
        context["can_change"] = (
            user.has_perm("register.change_award", award)
            and award.entered_in_register
            and not award.revoked_on
        )
        return context


def _refused(form, refusal: AwardRefused) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message
                   if refusal.field in form.fields else str(refusal))  # fmt: skip


class AwardCreateView(LoginRequiredMixin, View):
    template_name = "awards/award_edit.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.has_perm("register.add_award", user.organization):
            raise PermissionDenied("Chỉ Thường trực Hội đồng và quản trị hệ thống ghi vào sổ.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        initial = {}
        person = request.GET.get("person", "")
        if person.isdigit():
            initial = {"subject_kind": "person", "person": int(person)}
        form = AwardForm(organization=request.user.organization, initial=initial)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = AwardForm(request.POST, request.FILES, organization=request.user.organization)
        if not refuse_oversized_upload(request, form) and form.is_valid():
            try:
                award = do_add_award(request.user.organization, form.award_data(),
                                     acting_user=request.user,
                                     attachment=form.cleaned_data.get("attachment"))  # fmt: skip
            except AwardRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, "Đã ghi vào sổ: {}.".format(award))
                return redirect(award)
        return render(request, self.template_name, {"form": form}, status=200)


class AwardEditView(ScopedObjectMixin, View):
    model = Award
    permission_action = "change"
    template_name = "awards/award_edit.html"

    def get_queryset(self):
        return _scoped(self.request.user)

    def get_object(self):
        award = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not self.request.user.has_perm(self.get_permission_name(), award):
            raise PermissionDenied("Bạn không có quyền sửa khen thưởng này.")
        return award

    def get(self, request, pk):
        award = self.get_object()
        form = AwardForm(organization=award.organization, initial=AwardForm.initial_of(award))
        return render(request, self.template_name, {"form": form, "object": award})

    def post(self, request, pk):
        award = self.get_object()
        form = AwardForm(request.POST, request.FILES, organization=award.organization)
        if not refuse_oversized_upload(request, form) and form.is_valid():
            try:
                award = do_correct_award(
                    award, form.award_data(), acting_user=request.user,
                    attachment=form.cleaned_data.get("attachment"),
                )  # fmt: skip
            except AwardRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, "Đã sửa: {}.".format(award))
                return redirect(award)
        return render(request, self.template_name, {"form": form, "object": award})


class AwardRevokeView(AwardEditView):
    template_name = "awards/award_revoke.html"

    def get(self, request, pk):
        return render(request, self.template_name,
                      {"form": RevokeForm(), "object": self.get_object()})  # fmt: skip

    def post(self, request, pk):
        award = self.get_object()
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                do_revoke_award(award, reason=form.cleaned_data["reason"],
                                revoked_on=form.cleaned_data.get("revoked_on"),
                                acting_user=request.user)  # fmt: skip
            except AwardRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, "Đã thu hồi: {}.".format(award))
                return redirect(award)
        return render(request, self.template_name, {"form": form, "object": award})


# History ("tra cứu") of one person or one unit -------------------------------------------


def _subject(request, kind: str, pk: int):
    if kind == "person":
        return get_object_or_404(Person.objects.visible_to(request.user), pk=pk), None
    return None, get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)


def _history(request, kind: str, pk: int) -> History:
    person, unit = _subject(request, kind, pk)
    organization = request.user.organization
    found = history_awards(organization, person=person, unit=unit)
    visible = set(Award.objects.visible_to(request.user).values_list("pk", flat=True)
                  .filter(pk__in=[a.pk for a in found]))  # fmt: skip
    return History(organization, person, unit, [a for a in found if a.pk in visible])


@login_required
@require_GET
def history_view(request, kind: str, pk: int):
    history = _history(request, kind, pk)
    user = request.user
    return render(request, "awards/history.html", {
        "history": history,
        "subject": history.person or history.unit,
        "kind": kind,
        "can_add": user.has_perm("register.add_award", user.organization) and kind == "person",
        "formats": FORMATS,
    })  # fmt: skip


@login_required
@require_GET
def history_document(request, kind: str, pk: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404("Định dạng không hỗ trợ.")
    return document_response(AWARD_HISTORY, _history(request, kind, pk), fmt)
