"""Cluster screens: the list, a cluster-year's page (members, covenant, table, ranking, vote),
the self-score and the leader's check, the table's configuration, and the documents."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, ListView

from thidua.clusters import documents
from thidua.clusters.actions import (
    CREATE_ONLY,
    LEADER_ONLY,
    do_add_criterion,
    do_add_group,
    do_add_member,
    do_cast_vote,
    do_change_criterion,
    do_check_scores,
    do_close_review,
    do_create_cluster,
    do_delete_criterion,
    do_remove_member,
    do_self_score,
    do_sign_covenant,
)
from thidua.clusters.forms import (
    ClusterForm,
    CovenantForm,
    CriterionForm,
    DayForm,
    GroupForm,
    MemberForm,
    named_organization,
)
from thidua.clusters.models import Cluster, ClusterMember, Criterion, Vote
from thidua.clusters.permissions import represents
from thidua.clusters.results import standings, tally
from thidua.core.actions import ActionRefused, NotAllowed
from thidua.core.views import ScopedObjectMixin
from thidua.documents.registry import FORMATS
from thidua.documents.views import document_response
from thidua.organization.models import Organization

KINDS = {
    "covenant": documents.CLUSTER_COVENANT,
    "scores": documents.CLUSTER_SCORES,
    "minutes": documents.CLUSTER_MINUTES,
}


def can(user, permission: str, obj) -> bool:
    """Ask the clusters' rule itself, as the actions do: Django's backend would grant a
    superuser a self-score the action then refuses."""
    return rules.has_perm(permission, user, obj)


def _cluster(request, pk) -> Cluster:
    """A cluster the user may read (404 outside their clusters)."""
    cluster = get_object_or_404(Cluster.objects.visible_to(request.user), pk=pk)
    if not can(request.user, "clusters.view_cluster", cluster):
        raise PermissionDenied("Bạn không có quyền xem cụm thi đua này.")
    return cluster


def _member(request, pk) -> ClusterMember:
    member = get_object_or_404(ClusterMember.objects.select_related("cluster"), pk=pk)
    _cluster(request, member.cluster_id)
    return member


class ClusterListView(LoginRequiredMixin, ListView):
    template_name = "clusters/cluster_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = can(self.request.user, "clusters.add_cluster", None)
        return context

    def get_queryset(self):
        return Cluster.objects.visible_to(self.request.user).prefetch_related("members")


class ClusterAddView(LoginRequiredMixin, View):
    """Create a cluster-year with its members and who was elected to lead it."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can(request.user, "clusters.add_cluster", None):
            raise PermissionDenied(CREATE_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(ClusterForm())

    def post(self, request):
        form = ClusterForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                cluster = do_create_cluster(
                    name=data["name"], year=data["year"], level=data["level"],
                    tie_break=data["tie_break"], notice=data["notice"],
                    members=form.members(Organization.objects.all()), acting_user=request.user,
                )  # fmt: skip
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã lập {}.".format(cluster))
                return redirect("clusters:cluster", pk=cluster.pk)
        return self.render(form)

    def render(self, form):
        return render(self.request, "clusters/cluster_add.html", {"form": form})


class ClusterView(ScopedObjectMixin, DetailView):
    model = Cluster
    template_name = "clusters/cluster.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cluster, user = self.object, self.request.user
        members = list(cluster.members.select_related("organization"))
        rows = standings(cluster)
        votes = {m.pk: n for m, n in tally(cluster)}
        voted = set(Vote.objects.filter(cluster=cluster).values_list("voter_id", flat=True))
        own = next((m for m in members if represents(user, m)), None)
        leads = can(user, "clusters.change_cluster", cluster)
        closed = cluster.voted_leader_id is not None
        # Who the user casts a ballot for: its own school; the leader's officer also records
        # the ballots of the schools entered by name (the others vote through their own accounts).
        voters = [m for m in members if m.pk not in voted and (
            m == own or (leads and m.organization_id is None and m.account_id is None))]
        context.update({
            "members": [{
                "member": m,
                "can_self_score": can(user, "clusters.self_score", m) and not m.checked_on,
                "can_check": can(user, "clusters.check_score", m) and bool(m.self_scored_on),
                "voted": m.pk in voted,
            } for m in members],
            "groups": list(cluster.groups.prefetch_related("criteria")),
            "standings": rows,
            "votes": [(r.member, votes.get(r.member.pk, 0)) for r in rows],
            "can_change": leads and not closed,
            "table_open": leads and not any(m.self_scored_on for m in members),
            # Members are added or removed until the first self-score, like the table.
            "members_open": leads and not any(m.self_scored_on for m in members),
            "own": own,
            "can_vote": not closed and all(m.checked_on for m in members) and bool(voters),
            "voters": voters if leads else [],
            "close_form": DayForm(label="Ngày tổng kết, suy tôn"),
            "documents": _documents(cluster, user),
        })  # fmt: skip
        return context


def _documents(cluster, user) -> list[tuple[str, str, str]]:
    """(label, DOCX url, PDF url) of the documents the user's organisation may print."""
    if user.organization_id is None or not cluster.members.filter(
        organization_id=user.organization_id
    ).exists():
        return []
    labels = {"covenant": "Giao ước thi đua", "scores": "Bảng chấm điểm của đơn vị",
              "minutes": "Biên bản tổng kết, suy tôn"}  # fmt: skip
    return [
        (label, *(reverse("clusters:document", args=[cluster.pk, kind, fmt]) for fmt in FORMATS))
        for kind, label in labels.items()
    ]


class _LeaderFormView(LoginRequiredMixin, View):
    """A form of the cluster leader's secretary over the cluster (covenant, table)."""

    form_class = None
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.cluster = _cluster(request, kwargs["pk"])
        if not can(request.user, "clusters.change_cluster", self.cluster):
            raise PermissionDenied(LEADER_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data=None):
        return self.form_class(data)

    def get(self, request, pk, **kwargs):
        return self.render(self.make_form())

    def post(self, request, pk, **kwargs):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                self.act(form.cleaned_data)
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã lưu.")
                return redirect("clusters:cluster", pk=self.cluster.pk)
        return self.render(form)

    def render(self, form):
        return render(self.request, "clusters/form.html",
                      {"form": form, "cluster": self.cluster, "title": self.title})  # fmt: skip


class CovenantView(_LeaderFormView):
    form_class = CovenantForm
    title = "Giao ước thi đua"

    def make_form(self, data=None):
        initial = {
            "signed_on": self.cluster.covenant_signed_on,
            "place": self.cluster.covenant_place,
            "targets": "\n".join(t.text for t in self.cluster.targets.all()),
        }
        return self.form_class(data, initial=initial)

    def act(self, data):
        do_sign_covenant(self.cluster, targets=data["targets"].splitlines(),
                         signed_on=data["signed_on"], place=data["place"],
                         acting_user=self.request.user)  # fmt: skip


class GroupAddView(_LeaderFormView):
    form_class = GroupForm
    title = "Thêm nhóm tiêu chí"

    def act(self, data):
        do_add_group(self.cluster, name=data["name"], acting_user=self.request.user)


class MemberAddView(_LeaderFormView):
    form_class = MemberForm
    title = "Thêm thành viên"

    def act(self, data):
        organization = named_organization(data["name"], Organization.objects.all())
        do_add_member(self.cluster, name=data["name"], role=data["role"],
                      organization=organization,
                      acting_user=self.request.user)  # fmt: skip


@login_required
@require_POST
def member_remove(request, pk):
    member = _member(request, pk)
    try:
        do_remove_member(member, acting_user=request.user)
    except NotAllowed:
        raise
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã bỏ {} khỏi cụm.".format(member.name))
    return redirect("clusters:cluster", pk=member.cluster_id)


class CriterionAddView(_LeaderFormView):
    form_class = CriterionForm
    title = "Thêm tiêu chí chấm điểm"

    def make_form(self, data=None):
        return self.form_class(data, cluster=self.cluster)

    def act(self, data):
        do_add_criterion(data["group"], text=data["text"], kind=data["kind"],
                         max_points=data["max_points"],
                         evidence_required=data["evidence_required"],
                         acting_user=self.request.user)  # fmt: skip


class CriterionEditView(_LeaderFormView):
    form_class = CriterionForm
    title = "Sửa tiêu chí chấm điểm"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.criterion = get_object_or_404(Criterion.objects.select_related("group"),
                                           pk=kwargs["criterion"])  # fmt: skip
        if self.criterion.group.cluster_id != kwargs["pk"]:
            raise Http404("Tiêu chí không thuộc cụm này.")
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data=None):
        c = self.criterion
        initial = {"group": c.group, "text": c.text, "kind": c.kind,
                   "max_points": c.max_points, "evidence_required": c.evidence_required}
        form = self.form_class(data, cluster=self.cluster, initial=initial)
        del form.fields["group"]  # a criterion stays in its group
        return form

    def act(self, data):
        do_change_criterion(self.criterion, text=data["text"], kind=data["kind"],
                            max_points=data["max_points"],
                            evidence_required=data["evidence_required"],
                            acting_user=self.request.user)  # fmt: skip


@login_required
@require_POST
def criterion_delete(request, pk, criterion):
    cluster = _cluster(request, pk)
    found = get_object_or_404(Criterion, pk=criterion, group__cluster=cluster)
    try:
        do_delete_criterion(found, acting_user=request.user)
    except NotAllowed:
        raise
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã xoá tiêu chí «{}».".format(found.text))
    return redirect("clusters:cluster", pk=pk)


class _ScoreView(LoginRequiredMixin, View):
    """A member's sheet, one row per criterion (the self-score, or the leader's check)."""

    permission = ""
    refused = ""
    template_name = ""
    day_label = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.member = _member(request, kwargs["pk"])
        if not can(request.user, self.permission, self.member):
            raise PermissionDenied(self.refused)
        return super().dispatch(request, *args, **kwargs)

    def rows(self, data=None):
        scores = {s.criterion_id: s for s in self.member.scores.all()}
        criteria = Criterion.objects.filter(group__cluster=self.member.cluster).select_related(
            "group")
        return [self.row(c, scores.get(c.pk), data) for c in criteria]

    def get(self, request, pk):
        return self.render(self.rows(), DayForm(label=self.day_label))

    def post(self, request, pk):
        form = DayForm(request.POST, label=self.day_label)
        rows = self.rows(request.POST)
        if form.is_valid():
            try:
                self.act(rows, form.cleaned_data["on"])
            except NotAllowed:
                raise
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, self.done)
                return redirect("clusters:cluster", pk=self.member.cluster_id)
        return self.render(rows, form)

    def render(self, rows, form):
        return render(self.request, self.template_name,
                      {"member": self.member, "cluster": self.member.cluster, "rows": rows,
                       "form": form})  # fmt: skip


def _points_text(value) -> str:
    return "" if value is None else documents.points_text(value)


class SelfScoreView(_ScoreView):
    permission = "clusters.self_score"
    refused = "Chỉ thường trực thi đua của chính đơn vị được tự chấm điểm."
    template_name = "clusters/self_score.html"
    day_label = "Ngày tự chấm"
    done = "Đã ghi điểm tự chấm."

    def row(self, criterion, score, data):
        key = str(criterion.pk)
        if data is not None:
            points, evidence = data.get("points_" + key, ""), data.get("evidence_" + key, "")
        else:
            points = _points_text(score.self_points) if score else ""
            evidence = score.evidence if score else ""
        return {"criterion": criterion, "points": points, "evidence": evidence}

    def act(self, rows, day):
        scores = {r["criterion"].pk: (r["points"] or "0", r["evidence"]) for r in rows}
        do_self_score(self.member, scores=scores, scored_on=day, acting_user=self.request.user)


class CheckView(_ScoreView):
    permission = "clusters.check_score"
    refused = "Chỉ thường trực thi đua của đơn vị cụm trưởng được chấm lại điểm của thành viên."
    template_name = "clusters/check.html"
    day_label = "Ngày chấm điểm"
    done = "Đã ghi điểm cụm trưởng chấm."

    def row(self, criterion, score, data):
        key = str(criterion.pk)
        if data is not None:
            points, reason = data.get("points_" + key, ""), data.get("reason_" + key, "")
        else:
            shown = score and (score.self_points if score.checked_points is None
                               else score.checked_points)  # fmt: skip
            points = _points_text(shown) if score else ""
            reason = score.reason if score else ""
        return {"criterion": criterion, "score": score, "points": points, "reason": reason}

    def act(self, rows, day):
        checks = {r["criterion"].pk: (r["points"], r["reason"]) for r in rows}
        do_check_scores(self.member, checks=checks, checked_on=day,
                        acting_user=self.request.user)  # fmt: skip


@login_required
@require_POST
def vote(request, pk):
    cluster = _cluster(request, pk)
    members = {str(m.pk): m for m in cluster.members.all()}
    chosen = members.get(request.POST.get("chosen", ""))
    voter = members.get(request.POST.get("voter", "")) if request.POST.get("voter") else None
    if chosen is None:
        messages.error(request, "Chọn đơn vị được suy tôn.")
        return redirect("clusters:cluster", pk=pk)
    try:
        do_cast_vote(cluster, chosen=chosen, voter=voter, acting_user=request.user)
    except NotAllowed:
        raise  # answered 403, as a page the user may not open
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã ghi phiếu suy tôn.")
    return redirect("clusters:cluster", pk=pk)


@login_required
@require_POST
def close_review(request, pk):
    cluster = _cluster(request, pk)
    form = DayForm(request.POST, label="Ngày tổng kết, suy tôn")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("on", [])))
        return redirect("clusters:cluster", pk=pk)
    try:
        cluster = do_close_review(cluster, reviewed_on=form.cleaned_data["on"],
                                  acting_user=request.user)  # fmt: skip
    except NotAllowed:
        raise
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "{} được suy tôn dẫn đầu cụm năm {}.".format(
            cluster.voted_leader.name, cluster.year))
    return redirect("clusters:cluster", pk=pk)


@login_required
@require_GET
def cluster_document(request, pk, kind, fmt):
    """A cluster document for the user's own organisation's membership."""
    cluster = _cluster(request, pk)
    if kind not in KINDS or fmt not in FORMATS:
        raise Http404("Không có văn bản này.")
    member = None
    if request.user.organization_id is not None:
        member = cluster.members.filter(organization_id=request.user.organization_id).first()
    if member is None:
        raise Http404("Cơ quan của bạn không là thành viên cụm này.")
    return document_response(KINDS[kind], member, fmt)
