"""Views of units and people: lists scoped by visible_to(user), objects checked by rules."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    FormView,
    TemplateView,
    UpdateView,
)

from thidua.core.actions import ActionRefused
from thidua.core.views import ScopedListView, ScopedObjectMixin
from thidua.organization import panels
from thidua.organization.actions import (
    FirstAdministrator,
    ReasonRequired,
    do_create_organization,
    do_delete_person,
    do_delete_unit,
    do_restore_rule_parameter,
    do_save_organization,
    do_save_person,
    do_save_unit,
    do_set_rule_parameter,
)
from thidua.organization.filtersets import PersonFilterSet
from thidua.organization.forms import (
    BallotRuleForm,
    FirstAdministratorForm,
    OrganizationForm,
    PersonForm,
    RuleParameterForm,
    UnitForm,
)
from thidua.organization.models import Assignment, Organization, Person, Unit
from thidua.organization.tables import PersonTable
from thidua.rules import cite, parameters, rule_set_for
from thidua.rules.codes import TITLE_NAMES

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
        context["closing_lines"] = panels.unit_lines(self.object, user)
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
        context["can_view_personal_id"] = user.has_perm(
            "organization.view_personal_id", self.object
        )
        context["next_year_missing"] = panels.person_summary(self.object)
        context["closing_lines"] = panels.person_lines(self.object, user)
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


# Legal parameters (tham số pháp lý) -------------------------------------------------------------


def default_regime(organization) -> str:
    """Return the regime of the year the organisation is reviewing (its latest graded year)."""
    return rule_set_for(panels.review_year(organization)).regime


def _distinct(pairs: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Return (period, item) pairs, or one pair without a period when every rule set agrees."""
    items = [item for _, item in pairs]
    if all(item == items[0] for item in items):
        return [("", items[0])]
    return pairs


def parameter_rows(organization, regime: str) -> list[dict]:
    """Return every parameter of a regime as a row: what it means, the value in force (the law's
    or the organisation's own), the law's value and source, and whether it awaits confirmation."""
    law_sets = parameters.rule_sets_of(regime)
    own = organization.overrides_for_regime(regime)
    try:
        current = law_sets[-1].with_overrides(own)
    except (KeyError, TypeError, ValueError):
        current = law_sets[-1]  # a stored value the rules no longer accept: the law's applies
    rows = []
    for name in parameters.overridable(law_sets[-1]):
        description = parameters.describe(name)
        infos = [rs.info(name) for rs in law_sets]
        periods = [parameters.RULE_SET_PERIODS[rs.name] for rs in law_sets]
        law_values = _distinct(
            [(p, parameters.render_lines(name, getattr(rs, name)))
             for p, rs in zip(periods, law_sets, strict=True)]
        )
        sources = _distinct([(p, cite(i.source)) for p, i in zip(periods, infos, strict=True)])
        notes = [parameters.public_note(i.note) for i in infos if i.to_confirm]
        below_law = ""
        if name in own:
            # A value stored before the law's floor was checked (or by hand) that asks less.
            mine = own[name]
            value = ({t: getattr(current, name).get(t) for t in mine} if name == "ballots"
                     else getattr(current, name))
            below_law = parameters.below_law(regime, name, value) or ""
        rows.append(
            {
                "name": name,
                "description": description,
                "overridden": name in own,
                "value_lines": parameters.render_lines(name, getattr(current, name)),
                "law_values": law_values,
                "sources": sources,
                "to_confirm": any(i.to_confirm for i in infos),
                "note": next((n for n in reversed(notes) if n), ""),
                "own_ballots": sorted(own.get("ballots", {})) if name == "ballots" else [],
                "below_law": below_law,
            }
        )
    return rows


class RuleParameterMixin(LoginRequiredMixin):
    """Resolve the regime (and parameter) of the URL and check who may do what."""

    permission_required = "organization.change_rule_parameters"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organization = request.user.organization
        if self.organization is None or not request.user.has_perm(
            self.permission_required, self.organization
        ):
            raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
        self.regime = kwargs.get("regime") or request.GET.get("regime")
        if self.regime is None:
            self.regime = default_regime(self.organization)
        if self.regime not in parameters.REGIMES:
            raise Http404("Chế độ pháp lý không tồn tại.")
        name = kwargs.get("name")
        if name is not None:
            if name not in parameters.DESCRIPTIONS:
                raise Http404("Tham số pháp lý không tồn tại.")
            self.description = parameters.describe(name)
        return super().dispatch(request, *args, **kwargs)

    def list_url(self, anchor: str = "") -> str:
        url = "{}?regime={}".format(reverse("organization:rule_parameters"), self.regime)
        return url + ("#param-" + anchor if anchor else "")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            regime=self.regime,
            regime_name=parameters.REGIME_NAMES[self.regime],
            regime_years=parameters.REGIME_YEARS[self.regime],
            list_url=self.list_url(getattr(self, "description", None) and self.description.name),
        )
        return context


class RuleParametersView(RuleParameterMixin, TemplateView):
    """Tham số pháp lý: each parameter of a regime in legal language, with its value in force."""

    permission_required = "organization.view_rule_parameters"
    template_name = "organization/rule_parameters.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = parameter_rows(self.organization, self.regime)
        context.update(
            regimes=[
                (code, parameters.REGIME_NAMES[code], parameters.REGIME_YEARS[code])
                for code in parameters.REGIMES
            ],
            groups=[
                (key, name, [r for r in rows if r["description"].group == key])
                for key, name in parameters.GROUPS
            ],
            to_confirm_count=sum(1 for r in rows if r["to_confirm"] and not r["overridden"]),
            overridden_count=sum(1 for r in rows if r["overridden"]),
            can_change=self.request.user.has_perm(
                "organization.change_rule_parameters", self.organization
            ),
        )
        return context


class RuleParameterEditView(RuleParameterMixin, FormView):
    """Set one parameter with a form typed by its kind, or restore the law's value."""

    template_name = "organization/rule_parameter_edit.html"
    form_class = RuleParameterForm

    def setup_parameter(self):
        if not self.description.editable:
            raise Http404("Tham số này không sửa được trên màn hình.")
        law_sets = parameters.rule_sets_of(self.regime)
        own = self.organization.overrides_for_regime(self.regime)
        self.overridden = self.description.name in own
        try:
            current = law_sets[-1].with_overrides(own)
        except (KeyError, TypeError, ValueError):
            current = law_sets[-1]
        self.current_value = getattr(current, self.description.name)

    def get_form_kwargs(self):
        self.setup_parameter()
        return {
            **super().get_form_kwargs(),
            "description": self.description,
            "value": self.current_value,
            "reason_required": parameters.needs_reason(self.regime, self.description.name),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = next(
            r for r in parameter_rows(self.organization, self.regime)
            if r["name"] == self.description.name
        )
        context.update(
            row=row, description=self.description, overridden=self.overridden,
            limit=parameters.limit_text(self.regime, self.description.name),
        )
        return context

    def form_valid(self, form):
        value = form.cleaned_data["value"]
        if self.description.kind == "titles":
            value = frozenset(value)
        try:
            do_set_rule_parameter(
                self.organization, self.regime, self.description.name, value,
                acting_user=self.request.user, reason=form.cleaned_data.get("reason"),
            )
        except ReasonRequired as exc:
            form.add_error("reason", str(exc))
            return self.form_invalid(form)
        except ActionRefused as exc:
            form.add_error("value", str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Đã lưu «{}»: {}.".format(
                self.description.label,
                parameters.render(self.description.name, value).rstrip("."),
            ),
        )
        return redirect(self.list_url(self.description.name))


class RuleParameterRestoreView(RuleParameterMixin, View):
    """Drop the organisation's own value (or one title's ballot rule): the law's applies again."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        title = request.POST.get("title") or None
        if title is not None and title not in parameters.BALLOT_TITLES:
            raise Http404("Danh hiệu không tồn tại.")
        try:
            do_restore_rule_parameter(
                self.organization, self.regime, self.description.name, title=title,
                acting_user=request.user,
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, "Đã áp dụng lại quy định chung cho «{}».".format(self.description.label)
            )
        return redirect(self.list_url(self.description.name))


class RuleBallotEditView(RuleParameterMixin, FormView):
    """Set the share of agreeing votes the organisation's council needs for one title."""

    template_name = "organization/rule_ballot_edit.html"
    form_class = BallotRuleForm

    def dispatch(self, request, *args, **kwargs):
        kwargs["name"] = "ballots"
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "regime": self.regime}

    def get_initial(self):
        title = self.request.GET.get("title")
        return {"title": title} if title in parameters.BALLOT_TITLES else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = next(
            r for r in parameter_rows(self.organization, self.regime) if r["name"] == "ballots"
        )
        own = self.organization.overrides_for_regime(self.regime).get("ballots", {})
        floors = []
        for rule_set in parameters.rule_sets_of(self.regime):
            for title in parameters.BALLOT_TITLES:
                law = parameters.ballot_binds_school(rule_set, title)
                if law is not None:
                    floors.append((parameters.RULE_SET_PERIODS[rule_set.name],
                                   parameters.render_lines("ballots", {title: law})[0],
                                   cite(rule_set.info("ballots").source)))
        context.update(
            row=row,
            description=self.description,
            law_floors=floors,
            own_ballots=[
                (title, TITLE_NAMES.get(title, title)) for title in parameters.BALLOT_TITLES
                if title in own
            ],
        )
        return context

    def form_valid(self, form):
        title = form.cleaned_data["title"]
        try:
            do_set_rule_parameter(
                self.organization, self.regime, "ballots", {title: form.ballot()},
                acting_user=self.request.user, reason=form.cleaned_data.get("reason"),
            )
        except ReasonRequired as exc:
            form.add_error("reason", str(exc))
            return self.form_invalid(form)
        except ActionRefused as exc:
            form.add_error("threshold", str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Đã lưu tỷ lệ phiếu: {}.".format(parameters.render_lines(
                "ballots", {title: form.ballot()})[0]),
        )
        return redirect(self.list_url("ballots"))


# The organisations of the installation -------------------------------------------------------


class OrganizationListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Every organisation of the installation as a tree (its administrator's page)."""

    permission_required = "organization.view_organizations"
    template_name = "organization/organization_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organizations = list(
            Organization.objects.annotate(
                account_count=Count("users", distinct=True),
                unit_count=Count("units", distinct=True),
            ).order_by("name")
        )
        by_parent = {}
        for organization in organizations:
            by_parent.setdefault(organization.parent_id, []).append(organization)
        for organization in organizations:
            organization.child_nodes = by_parent.get(organization.pk, [])
        context["roots"] = by_parent.get(None, [])
        return context


class OrganizationCreateView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A new organisation with its first administrator; the initial password is shown once,
    on the page answering the form, and stored hashed only."""

    permission_required = "organization.add_organization"
    template_name = "organization/organization_add.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", OrganizationForm(prefix="org"))
        context.setdefault("admin_form", FirstAdministratorForm(prefix="admin"))
        return context

    def post(self, request, *args, **kwargs):
        form = OrganizationForm(request.POST, prefix="org")
        admin_form = FirstAdministratorForm(request.POST, prefix="admin")
        if form.is_valid() and admin_form.is_valid():
            try:
                organization, account, password = do_create_organization(
                    form.instance,
                    administrator=FirstAdministrator(**admin_form.cleaned_data),
                    acting_user=request.user,
                )
            except ValidationError as error:
                _error_to_forms(error, form, admin_form)
            except ActionRefused as error:
                admin_form.add_error("username", str(error))
            else:
                response = self.render_to_response(
                    {"organization": organization, "account": account, "password": password}
                )
                # The password is in this answer only: no cache keeps it.
                response["Cache-Control"] = "no-store"
                return response
        return self.render_to_response(self.get_context_data(form=form, admin_form=admin_form))


def _error_to_forms(error, form, admin_form) -> None:
    """Put a model's validation errors on the field of the form that has it."""
    for field, messages_ in error.message_dict.items():
        target = next((f for f in (form, admin_form) if field in f.fields), None)
        for message in messages_:
            if target is None:
                form.add_error(None, message)
            else:
                target.add_error(field, message)


class OrganizationEditView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    model = Organization
    form_class = OrganizationForm
    permission_required = "organization.change_organization"
    template_name = "organization/organization_edit.html"

    def form_valid(self, form):
        try:
            do_save_organization(form.instance, acting_user=self.request.user)
        except ValidationError as error:
            _error_to_forms(error, form, form)
            return self.form_invalid(form)
        messages.success(self.request, "Đã lưu cơ quan «{}».".format(form.instance))
        return redirect("organization:organization_list")
