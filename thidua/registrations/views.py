"""Registration screens: a unit's registration (its head fills and sends it, the secretary
accepts or returns it) and the secretary's board of completeness per unit."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from thidua.core.actions import ActionRefused
from thidua.documents.registry import DocumentError
from thidua.documents.views import document_response
from thidua.organization.models import STAFF_UNIT_KINDS, Assignment, Person, Unit
from thidua.registrations.actions import (
    do_accept_unit_registration,
    do_return_unit_registration,
    do_save_own_registration,
    do_save_unit_registration,
    do_submit_unit_registration,
)
from thidua.registrations.documents import REGISTRATIONS, find_list
from thidua.registrations.forms import (
    NAMES,
    OwnRegistrationForm,
    ReturnForm,
    UnitRegistrationForm,
)
from thidua.registrations.hooks import latest_plan_year, plan_deadline
from thidua.registrations.models import EDITABLE, Registration, RegistrationState


def chosen_year(request) -> int:
    """Return ?year= when it is a year, else the latest plan's year, else this year."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return latest_plan_year(request.user) or timezone.localdate().year


def deadline(user, year):
    return plan_deadline(user, year)


def is_late(registration: Registration, due) -> bool:
    """Tell whether a registration was sent, or is still unsent, after the plan's deadline."""
    if due is None:
        return False
    if registration.submitted_at is not None:
        return timezone.localdate(registration.submitted_at) > due
    if registration.state in (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED):
        return False  # sent (or accepted as handed in on paper) on a day not recorded
    return timezone.localdate() > due


class UnitRegistrationView(LoginRequiredMixin, View):
    template_name = "registrations/unit_registration.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.unit = get_object_or_404(
            Unit.objects.visible_to(request.user).filter(kind__in=STAFF_UNIT_KINDS), pk=kwargs["pk"]
        )
        if not request.user.has_perm("registrations.view_unit", self.unit):
            raise PermissionDenied("Bạn không xem được bản đăng ký của đơn vị này.")
        self.year = chosen_year(request)
        self.registration = Registration.objects.filter(unit=self.unit, year=self.year).first()
        self.members = list(Person.objects.in_unit([self.unit.pk]).order_by("sort_key"))
        return super().dispatch(request, *args, **kwargs)

    def url(self):
        return "{}?year={}".format(reverse("registrations:unit", args=[self.unit.pk]), self.year)

    def form(self, data=None):
        rows = Registration.objects.filter(year=self.year, person__in=self.members)
        return UnitRegistrationForm(
            data,
            members=self.members,
            unit_titles=self.registration.titles if self.registration else [],
            member_titles={r.person_id: r.titles for r in rows},
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.form(), ReturnForm())

    def post(self, request, *args, **kwargs):
        user, action = request.user, request.POST.get("action")
        try:
            if action in ("save", "submit"):
                if not user.has_perm("registrations.edit_unit", self.unit):
                    raise PermissionDenied("Chỉ trưởng đơn vị được đăng ký cho đơn vị.")
                form = self.form(request.POST)
                if not form.is_valid():
                    return self.render(form, ReturnForm())
                do_save_unit_registration(
                    self.unit, self.year, unit_titles=form.cleaned_data["unit_titles"],
                    member_titles=form.member_titles(), acting_user=user,
                )  # fmt: skip
                if action == "submit":
                    do_submit_unit_registration(self.unit, self.year, acting_user=user)
                    messages.success(request, "Đã gửi bản đăng ký thi đua.")
                else:
                    messages.success(request, "Đã lưu bản đăng ký (chưa gửi).")
            elif action in ("accept", "return"):
                if not user.has_perm("registrations.decide_unit", self.unit):
                    raise PermissionDenied("Chỉ thường trực Hội đồng được duyệt bản đăng ký.")
                if action == "accept":
                    do_accept_unit_registration(self.unit, self.year, acting_user=user)
                    messages.success(request, "Đã chấp nhận bản đăng ký.")
                else:
                    returned = ReturnForm(request.POST)
                    if not returned.is_valid():
                        return self.render(self.form(), returned)
                    do_return_unit_registration(
                        self.unit, self.year, reason=returned.cleaned_data["reason"],
                        acting_user=user,
                    )  # fmt: skip
                    messages.success(request, "Đã trả lại bản đăng ký cho đơn vị.")
            else:
                messages.error(request, "Thao tác không hợp lệ.")
        except ActionRefused as exc:
            messages.error(request, str(exc))
        return redirect(self.url())

    def render(self, form, return_form):
        user = self.request.user
        state = self.registration.state if self.registration else RegistrationState.DRAFT
        editable = state in EDITABLE
        due = deadline(user, self.year)
        return render(self.request, self.template_name, {
            "unit": self.unit, "year": self.year, "registration": self.registration,
            "state_label": RegistrationState(state).label, "state": state,
            "form": form, "return_form": return_form, "due": due,
            "late": bool(self.registration) and is_late(self.registration, due),
            "can_edit": editable and user.has_perm("registrations.edit_unit", self.unit),
            "can_decide": state == RegistrationState.SUBMITTED
            and user.has_perm("registrations.decide_unit", self.unit),
            "names": NAMES,
        })  # fmt: skip


class BoardView(LoginRequiredMixin, TemplateView):
    """The secretary's board: for each unit, its state and how many of its people registered."""

    template_name = "registrations/board.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        if not user.has_perm("registrations.view_board"):
            raise PermissionDenied("Bảng tổng hợp đăng ký dành cho lãnh đạo và Hội đồng.")
        year = chosen_year(self.request)
        due = deadline(user, year)
        units = list(
            Unit.objects.visible_to(user)
            .filter(kind__in=STAFF_UNIT_KINDS)
            .annotate(
                members=Count(
                    "assignments", filter=Q(assignments__ended_on__isnull=True), distinct=True
                )
            )
        )
        # People with at least one title registered this year, counted in their current unit.
        with_titles = {
            pk
            for pk, titles in Registration.objects.filter(
                year=year, person__isnull=False, organization=user.organization
            ).values_list("person_id", "titles")
            if titles
        }
        registered = Counter(
            unit_pk
            for unit_pk, person_pk in Assignment.objects.current()
            .filter(unit__in=units)
            .values_list("unit_id", "person_id")
            if person_pk in with_titles
        )
        unit_rows = {r.unit_id: r for r in Registration.objects.filter(unit__in=units, year=year)}
        rows, people, done = [], 0, 0
        for unit in units:
            registration = unit_rows.get(unit.pk)
            count = registered.get(unit.pk, 0)
            people += unit.members
            done += count
            rows.append({
                "unit": unit, "members": unit.members, "registered": count,
                "percent": round(100 * count / unit.members) if unit.members else 100,
                "state": registration.state if registration else RegistrationState.DRAFT,
                "label": registration.get_state_display() if registration else "Chưa đăng ký",
                "submitted_at": registration.submitted_at if registration else None,
                "late": is_late(registration, due) if registration else False,
            })  # fmt: skip
        context = super().get_context_data(**kwargs)
        context.update(
            year=year, rows=rows, due=due, percent=round(100 * done / people) if people else 0,
            accepted=sum(r["state"] == RegistrationState.ACCEPTED for r in rows),
            # The consolidated list holds what was sent: offer it once something was.
            any_sent=any(
                r["state"] in (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED)
                for r in rows
            ),
        )  # fmt: skip
        return context


class OwnRegistrationView(LoginRequiredMixin, View):
    """A staff member's own registration for the year."""

    template_name = "registrations/own_registration.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        person = request.user.person
        if person is None or person.organization_id != request.user.organization_id:
            raise PermissionDenied("Tài khoản này không gắn với cán bộ nào của cơ quan.")
        self.person, self.year = request.user.person, chosen_year(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        row = Registration.objects.filter(person=self.person, year=self.year).first()
        form = OwnRegistrationForm(
            initial={"titles": row.titles if row else []}, person=self.person
        )
        return self.render(form, row)

    def post(self, request, *args, **kwargs):
        form = OwnRegistrationForm(request.POST, person=self.person)
        if form.is_valid():
            try:
                do_save_own_registration(
                    self.person, self.year, titles=form.cleaned_data["titles"],
                    acting_user=request.user,
                )  # fmt: skip
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "Đã lưu đăng ký của bạn.")
            return redirect("{}?year={}".format(reverse("registrations:own"), self.year))
        return self.render(form, None)

    def render(self, form, row):
        return render(self.request, self.template_name, {
            "form": form, "row": row, "year": self.year, "person": self.person,
            "due": deadline(self.request.user, self.year),
        })  # fmt: skip


@login_required
@require_GET
def registrations_document(request, year, fmt):
    """The year's registration list: of one unit (?unit=<pk>) for its head and the organisation-wide
    roles, or consolidated for the organisation-wide roles only (the board's readers)."""
    user = request.user
    if user.organization_id is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    unit = None
    raw = request.GET.get("unit", "")
    if raw:
        if not raw.isdigit():
            raise Http404("Đơn vị không hợp lệ.")
        unit = get_object_or_404(
            Unit.objects.visible_to(user).filter(kind__in=STAFF_UNIT_KINDS), pk=int(raw)
        )
        if not user.has_perm("registrations.view_unit", unit):
            raise PermissionDenied("Bạn không xem được danh sách đăng ký của đơn vị này.")
    elif not user.has_perm("registrations.view_board"):
        raise PermissionDenied("Danh sách tổng hợp dành cho lãnh đạo và Hội đồng.")
    try:
        record = find_list(user.organization, year, unit=unit)
    except DocumentError as error:
        raise Http404(str(error)) from error
    return document_response(REGISTRATIONS, record, fmt)
