"""Views of units and people: lists scoped by visible_to(user), objects checked by rules."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import CreateView, DeleteView, DetailView, TemplateView, UpdateView

from thidua.core.views import ScopedListView, ScopedObjectMixin
from thidua.organization.actions import (
    ActionRefused,
    do_delete_person,
    do_delete_unit,
    do_save_person,
    do_save_unit,
)
from thidua.organization.filtersets import PersonFilterSet
from thidua.organization.forms import PersonForm, UnitForm
from thidua.organization.models import Assignment, Person, Unit
from thidua.organization.tables import PersonTable

# Units ---------------------------------------------------------------------------------------


class UnitListView(LoginRequiredMixin, TemplateView):
    """The organisation's units as a tree, with the number of current members of each."""

    template_name = "organization/unit_list.html"

    def get_context_data(self, **kwargs):
        units = list(
            Unit.objects.visible_to(self.request.user).annotate(
                member_count=Count("assignments", filter=Q(assignments__ended_on__isnull=True))
            )
        )
        children: dict[int | None, list[Unit]] = {}
        for unit in units:
            children.setdefault(unit.parent_id, []).append(unit)
        for unit in units:
            unit.child_nodes = children.get(unit.pk, [])
        context = super().get_context_data(**kwargs)
        context["roots"] = children.get(None, [])
        context["can_add"] = self.request.user.has_perm("organization.add_unit")
        return context


class UnitView(ScopedObjectMixin, DetailView):
    model = Unit
    template_name = "organization/unit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["members"] = (
            Person.objects.visible_to(user).in_unit([self.object.pk]).order_by("sort_key")
        )
        context["children"] = self.object.children.all()
        context["can_change"] = user.has_perm("organization.change_unit", self.object)
        context["can_delete"] = user.has_perm("organization.delete_unit", self.object)
        return context


class UnitEditView(ScopedObjectMixin, UpdateView):
    model = Unit
    form_class = UnitForm
    permission_action = "change"
    template_name = "organization/unit_edit.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        do_save_unit(form.instance, acting_user=self.request.user)
        messages.success(self.request, "Đã lưu đơn vị «{}».".format(form.instance))
        return redirect(form.instance)


class UnitCreateView(LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    model = Unit
    form_class = UnitForm
    permission_required = "organization.add_unit"
    template_name = "organization/unit_edit.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        do_save_unit(form.instance, acting_user=self.request.user)
        messages.success(self.request, "Đã thêm đơn vị «{}».".format(form.instance))
        return redirect(form.instance)


class UnitDeleteView(ScopedObjectMixin, DeleteView):
    model = Unit
    permission_action = "delete"
    template_name = "organization/unit_delete.html"
    success_url = reverse_lazy("organization:unit_list")

    def form_valid(self, form):
        try:
            do_delete_unit(self.object, acting_user=self.request.user)
        except ActionRefused as exc:
            messages.error(self.request, str(exc))
            return redirect(self.object)
        messages.success(self.request, "Đã xoá đơn vị «{}».".format(self.object))
        return redirect(self.success_url)


# People --------------------------------------------------------------------------------------


class PersonListView(ScopedListView):
    model = Person
    table_class = PersonTable
    filterset_class = PersonFilterSet
    template_name = "organization/person_list.html"
    partial_template_name = "organization/person_table.html"

    def get_queryset(self):
        return super().get_queryset().with_current_unit()

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("organization.add_person")
        return context


class PersonView(ScopedObjectMixin, DetailView):
    model = Person
    template_name = "organization/person.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("assignments", queryset=Assignment.objects.select_related("unit")),
                "grades",
                "awards",
                "disciplines",
                "leaves",
                "authorships__initiative",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_change"] = user.has_perm("organization.change_person", self.object)
        context["can_delete"] = user.has_perm("organization.delete_person", self.object)
        return context


class PersonFormMixin:
    model = Person
    form_class = PersonForm
    template_name = "organization/person_edit.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            do_save_person(
                form.instance,
                acting_user=self.request.user,
                unit=form.cleaned_data["unit"],
                unit_since=form.cleaned_data.get("unit_since"),
            )
        except ActionRefused as exc:
            form.add_error("unit_since", str(exc))
            return self.form_invalid(form)
        messages.success(self.request, "Đã lưu hồ sơ của {}.".format(form.instance))
        return redirect(form.instance)


class PersonCreateView(LoginRequiredMixin, PermissionRequiredMixin, PersonFormMixin, CreateView):
    permission_required = "organization.add_person"


class PersonEditView(ScopedObjectMixin, PersonFormMixin, UpdateView):
    permission_action = "change"


class PersonDeleteView(ScopedObjectMixin, DeleteView):
    model = Person
    permission_action = "delete"
    template_name = "organization/person_delete.html"

    def get_success_url(self):
        return reverse("organization:person_list")

    def form_valid(self, form):
        try:
            do_delete_person(self.object, acting_user=self.request.user)
        except ActionRefused as exc:
            messages.error(self.request, str(exc))
            return redirect(self.object)
        messages.success(self.request, "Đã xoá hồ sơ của {}.".format(self.object))
        return redirect(self.get_success_url())
