"""Council screens: a unit head's nominations, the secretary's sessions (members, agenda, live
tally, closing, annulment, ranking) and a member's ballot papers."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import DetailView

from thidua import rules
from thidua.core.actions import ActionRefused
from thidua.core.views import ScopedListView, ScopedObjectMixin
from thidua.council.actions import (
    FieldRefused,
    NominationRow,
    NominationsRefused,
    do_add_member,
    do_annul_session,
    do_cast_ballot,
    do_cast_ballots,
    do_close_session,
    do_comment_on_publication,
    do_elect_counting_committee,
    do_nominate,
    do_nominate_many,
    do_open_session,
    do_publish_results,
    do_put_on_agenda,
    do_rank_results,
    do_record_paper_comment,
    do_record_paper_counts,
    do_set_attendance,
    do_set_meeting_details,
    do_withdraw_nomination,
)
from thidua.council.documents import notice_rows
from thidua.council.filtersets import NominationFilterSet
from thidua.council.forms import (
    BULK_UNIT_TITLES,
    AgendaForm,
    AnnulForm,
    BallotForm,
    BulkNominationForm,
    CloseForm,
    CommentForm,
    CountingCommitteeForm,
    MeetingDetailsForm,
    MemberForm,
    NominationForm,
    PaperCommentForm,
    PaperCountForm,
    PublishForm,
    SessionForm,
    WithdrawForm,
)
from thidua.council.models import (
    AGENDA_SUBJECTS,
    AgendaItem,
    CouncilMember,
    CouncilSession,
    Nomination,
    ResultsPublication,
    SessionState,
    VoteRecord,
)
from thidua.council.results import (
    DENOMINATOR_LABELS,
    LOWER_TITLES,
    ballot_type_text,
    may_pass_at,
    passed_lower,
    passed_title_name,
    rule_set_for,
    rule_set_label,
    shown_source,
)
from thidua.council.subjects import nominates_anyone, nomination_subjects, organization_titles
from thidua.council.tables import CouncilSessionTable, NominationTable
from thidua.documents.registry import FORMATS, DocumentError, get_kind
from thidua.documents.render import build_context
from thidua.documents.views import document_response
from thidua.evaluation.facts import organization_unit_id
from thidua.evaluation.services import (
    MAIN_PERSON_TITLES,
    VERDICT_LABELS,
    default_year,
    evaluate_organization,
)
from thidua.organization.models import STAFF_UNIT_KINDS, Person, Unit
from thidua.registrations.models import Registration, RegistrationState
from thidua.spreadsheets.engine import review_list_response


def chosen_year(request) -> int:
    """Return ?year= when it is a year, else the year under review."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return default_year(request.user.organization)


# --- nominations --------------------------------------------------------------------------------


class NominationListView(ScopedListView):
    model = Nomination
    table_class = NominationTable
    filterset_class = NominationFilterSet
    template_name = "council/nomination_list.html"
    partial_template_name = "council/nomination_table.html"

    def get_queryset(self):
        return super().get_queryset().select_related(
            "person", "unit", "organization", "outside_organization"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_nominate"] = self.request.user.has_perm("council.nominate")
        return context


class NominateView(LoginRequiredMixin, View):
    """The eligibility list of what the user may nominate, and the nomination form above it:
    a unit head's units and people; for the council's secretary the organisation itself, the
    leadership and every unit."""

    template_name = "council/nominate.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm("council.nominate"):
            raise PermissionDenied(
                "Chỉ trưởng đơn vị và thường trực Hội đồng được đề nghị khen thưởng."
            )
        self.year = chosen_year(request)
        self.people, self.units = nomination_subjects(request.user)
        self.organization = request.user.organization if nominates_anyone(request.user) else None
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        initial = {k: self.request.GET[k] for k in ("subject", "title") if k in self.request.GET}
        return NominationForm(data, initial=initial, user=self.request.user, year=self.year,
                              people=self.people, units=self.units,
                              organization=self.organization)  # fmt: skip

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        try:
            nomination = do_nominate(
                year=self.year, title=data["title"], phase=data["phase"],
                justification=data["justification"], meeting_on=data["meeting_on"],
                meeting_attendance=data["meeting_attendance"],
                meeting_votes=data["meeting_votes"], acting_user=request.user,
                **form.subject_kwargs(),
            )  # fmt: skip
        except ActionRefused as exc:
            form.add_error(None, str(exc))
            return self.render(form)
        messages.success(request, "Đã đề nghị: {}.".format(nomination))
        return redirect(nomination)

    def render(self, form):
        result = evaluate_organization(self.request.user.organization, self.year)
        evaluated = {int(key[1:]) for key in result.evaluation.people}
        titles = MAIN_PERSON_TITLES[:2]  # LĐTT and CSTĐCS: what a unit proposes
        rows = []
        for person in self.people:
            if person.pk in evaluated:
                statuses = [(t, result.person_status(person.pk, t)) for t in titles]
                cells = [(t, status, VERDICT_LABELS[status], rules.TITLE_NAMES[t])
                         for t, status in statuses]  # fmt: skip
                rows.append({"person": person, "cells": cells})
        organization_rows = []
        if self.organization is not None:
            key = organization_unit_id(self.organization.pk)
            for code in organization_titles(self.year):
                status = result.unit_status(key, code)
                organization_rows.append((code, rules.TITLE_NAMES[code], status,
                                          VERDICT_LABELS[status]))  # fmt: skip
        return render(self.request, self.template_name, {
            "form": form, "year": self.year, "rows": rows,
            "titles": [(t, rules.TITLE_NAMES[t]) for t in titles],
            "organization": self.organization, "organization_rows": organization_rows,
            "units": self.units,
        })  # fmt: skip


class NominateManyView(LoginRequiredMixin, View):
    """A unit's nomination list: several of its people and the unit itself in one form, after
    one unit meeting (do_nominate_many: all of them or none)."""

    template_name = "council/nomination_bulk.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.unit = get_object_or_404(
            Unit, pk=kwargs["unit_pk"], organization_id=request.user.organization_id,
            kind__in=STAFF_UNIT_KINDS,
        )  # fmt: skip
        if not request.user.has_perm("council.nominate_unit", self.unit):
            raise PermissionDenied("Chỉ trưởng đơn vị và thường trực Hội đồng đề nghị được.")
        self.year = chosen_year(request)
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        people = list(
            Person.objects.filter(organization_id=self.unit.organization_id, left_on__isnull=True)
            .in_unit([self.unit.pk])
            .order_by("sort_key")
        )
        result = evaluate_organization(self.request.user.organization, self.year)
        evaluated = {int(key[1:]) for key in result.evaluation.people}
        people = [p for p in people if p.pk in evaluated]
        registered = {
            (person_pk or "unit"): titles
            for person_pk, titles in Registration.objects.filter(
                Q(person__in=people) | Q(unit=self.unit), year=self.year,
                state=RegistrationState.ACCEPTED,
            ).values_list("person_id", "titles")
        }  # fmt: skip
        verdicts = {}
        for person in people:
            verdicts[person.pk] = [
                (rules.TITLE_NAMES[t], status, VERDICT_LABELS[status])
                for t in MAIN_PERSON_TITLES[:2]
                for status in [result.person_status(person.pk, t)]
            ]
        verdicts["unit"] = [
            (rules.TITLE_NAMES[t], status, VERDICT_LABELS[status])
            for t in BULK_UNIT_TITLES
            for status in [result.unit_status(self.unit.pk, t)]
        ]
        return BulkNominationForm(data, user=self.request.user, year=self.year, unit=self.unit,
                                  people=people, registered=registered,
                                  verdicts=verdicts)  # fmt: skip

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        rows = [NominationRow(person, title, why) for person, title, why in form.picked()]
        try:
            done = do_nominate_many(
                year=self.year, unit=self.unit, rows=rows, phase=data["phase"],
                meeting_on=data["meeting_on"], meeting_attendance=data["meeting_attendance"],
                meeting_votes=data["meeting_votes"], acting_user=request.user,
            )  # fmt: skip
        except NominationsRefused as exc:
            form.add_row_errors(exc.errors)
            form.add_error(None, "Chưa gửi đề nghị nào: {} dòng cần sửa (xem từng dòng).".format(
                len(exc.errors)))  # fmt: skip
            return self.render(form)
        except ActionRefused as exc:
            form.add_error(None, str(exc))
            return self.render(form)
        messages.success(request, "Đã gửi {} đề nghị của {}.".format(len(done), self.unit.name))
        return redirect("{}?year={}".format(reverse("council:nomination_list"), self.year))

    def render(self, form):
        return render(self.request, self.template_name,
                      {"form": form, "unit": self.unit, "year": self.year})  # fmt: skip


class NominationView(ScopedObjectMixin, DetailView):
    model = Nomination
    template_name = "council/nomination.html"

    def get_object(self, queryset=None):
        # Visible is enough to read; the scoped queryset already says who may see it.
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_withdraw"] = self.object.state == "proposed" and self.request.user.has_perm(
            "council.withdraw_nomination", self.object
        )
        context["withdraw_form"] = WithdrawForm()
        context["verdict_label"] = VERDICT_LABELS.get(self.object.verdict, self.object.verdict)
        return context

    def post(self, request, *args, **kwargs):
        nomination = self.get_object()
        form = WithdrawForm(request.POST)
        form.is_valid()
        try:
            do_withdraw_nomination(
                nomination, reason=form.cleaned_data.get("reason", ""), acting_user=request.user
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã rút đề nghị.")
        return redirect(nomination)


# --- sessions -----------------------------------------------------------------------------------


class SessionListView(ScopedListView):
    model = CouncilSession
    table_class = CouncilSessionTable
    filterset_class = None
    filterset_fields: list = []
    template_name = "council/session_list.html"
    partial_template_name = "council/session_table.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_open"] = self.request.user.has_perm("council.manage_sessions")
        return context


class SessionCreateView(LoginRequiredMixin, View):
    template_name = "council/session_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("council.manage_sessions"):
            raise PermissionDenied("Chỉ thường trực Hội đồng được mở phiên họp.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = SessionForm(initial={"year": chosen_year(request)}, user=request.user)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = SessionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                session = do_open_session(acting_user=request.user, **form.cleaned_data)
            except FieldRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã mở phiên họp «{}».".format(session))
                return redirect(session)
        return render(request, self.template_name, {"form": form})


class SessionView(LoginRequiredMixin, View):
    """A session: members and attendance, agenda, live tally, closing, annulment and ranking.

    GET for everyone who may see the session; each POST action is the secretary's.
    """

    template_name = "council/session.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.session = get_object_or_404(
            CouncilSession.objects.visible_to(request.user).select_related("phase"),
            pk=kwargs["pk"],
        )
        if not request.user.has_perm("council.view_session", self.session):
            raise PermissionDenied("Bạn không xem được phiên họp này.")
        self.manages = request.user.has_perm("council.manage_session", self.session)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        if not self.manages:
            raise PermissionDenied("Chỉ thường trực Hội đồng được điều hành phiên họp.")
        action = request.POST.get("action", "")
        handler = getattr(self, "on_" + action, None) if action.isidentifier() else None
        if handler is None:
            messages.error(request, "Thao tác không hợp lệ.")
            return redirect(self.session)
        try:
            answer = handler(request)
        except ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect(self.session)
        return answer or redirect(self.session)

    # Each action below answers None (back to the page) or a page with a form's errors.

    def on_add_member(self, request):
        form = MemberForm(request.POST, session=self.session)
        if not form.is_valid():
            return self.render(member_form=form)
        do_add_member(self.session, form.cleaned_data["user"], role=form.cleaned_data["role"],
                      acting_user=request.user)  # fmt: skip
        messages.success(request, "Đã thêm thành viên.")

    def on_attendance(self, request):
        # The sheet is saved whole or not at all: one refused line leaves every line as it was.
        with transaction.atomic():
            for member in self.session.members.order_by("pk"):
                present = request.POST.get("present_{}".format(member.pk)) == "on"
                written = request.POST.get("written_{}".format(member.pk)) == "on"
                if (present, written and not present) != (member.present, member.written_vote):
                    do_set_attendance(member, present=present, written_vote=written,
                                      acting_user=request.user)  # fmt: skip
        messages.success(request, "Đã ghi điểm danh.")

    def on_counting(self, request):
        form = CountingCommitteeForm(request.POST, session=self.session)
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_elect_counting_committee(
                    self.session, head=data["head"], members=data["members"],
                    elected_at=data["elected_at"], acting_user=request.user,
                )  # fmt: skip
            except FieldRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, "Đã ghi Ban kiểm phiếu do Hội đồng bầu.")
                return None
        return self.render(counting_form=form)

    def on_agenda(self, request):
        select = request.POST.get("select", "")
        if select:
            # A "select all" button: tick its group (keeping what was ticked), put nothing yet.
            form = AgendaForm(session=self.session)
            ticked = {int(v) for v in request.POST.getlist("nominations") if v.isdigit()}
            chosen = set() if select == "none" else ticked | set(form.select(select))
            form = AgendaForm(initial={"nominations": sorted(chosen)}, session=self.session)
            messages.info(request, "Đã chọn {} đề nghị; bấm «Đưa vào chương trình» để xác "
                                   "nhận.".format(len(chosen)))  # fmt: skip
            return self.render(agenda_form=form)
        form = AgendaForm(request.POST, session=self.session)
        if not form.is_valid():
            return self.render(agenda_form=form)
        do_put_on_agenda(self.session, form.cleaned_data["nominations"], acting_user=request.user)
        messages.success(request, "Đã đưa đề nghị vào chương trình bỏ phiếu.")

    def on_rank(self, request):
        title = request.POST.get("title", "")
        ranks = []
        for item in self.session.items.select_related("nomination"):
            if not may_pass_at(item.nomination.title, title):
                continue
            raw = request.POST.get("rank_{}".format(item.pk), "").strip()
            if raw:
                if not raw.isdigit():
                    raise ActionRefused("Thứ hạng phải là số nguyên dương.")
                ranks.append((int(raw), item.pk))
        if len({r for r, _ in ranks}) != len(ranks):
            raise ActionRefused("Hai nội dung không được cùng thứ hạng.")
        do_rank_results(self.session, title, [pk for _, pk in sorted(ranks)],
                        acting_user=request.user)  # fmt: skip
        messages.success(request, "Đã lưu thứ tự xếp hạng.")

    def on_details(self, request):
        form = MeetingDetailsForm(request.POST, session=self.session)
        if form.is_valid():
            try:
                do_set_meeting_details(self.session, acting_user=request.user, **form.cleaned_data)
            except FieldRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, "Đã lưu thông tin cuộc họp.")
                return None
        return self.render(details_form=form)

    def on_paper(self, request):
        # One page, one submit: every row is checked, and saved together or not at all.
        items = self.session.items.select_related(*AGENDA_SUBJECTS)
        paper_forms = [PaperCountForm(request.POST, item=item) for item in items]
        valid = [f.is_valid() for f in paper_forms]  # every row, so each shows its errors
        if all(valid):
            try:
                do_record_paper_counts(
                    self.session, {f.item: f.count() for f in paper_forms}, acting_user=request.user
                )
            except FieldRefused as exc:
                row = next((f for f in paper_forms if f.item.pk == exc.row), None)
                if row is None:
                    raise
                field = exc.field if exc.field in row.fields else None
                if exc.field == "lower" and row.lower_codes:
                    field = "lower_" + row.lower_codes[0]
                row.add_error(field, str(exc))
            else:
                messages.success(request, "Đã ghi kết quả kiểm phiếu giấy.")
                return None
        return self.render(paper_forms=paper_forms, paper_error=True)

    def on_close(self, request):
        form = CloseForm(request.POST, session=self.session)
        if not form.is_valid():
            return self.render(close_form=form)
        try:
            do_close_session(self.session, ends_at=form.cleaned_data["ends_at"],
                             acting_user=request.user)  # fmt: skip
        except FieldRefused as exc:
            form.add_error("ends_at" if exc.field == "ends_at" else None, str(exc))
            return self.render(close_form=form)
        messages.success(request, "Đã kết thúc phiên họp; kết quả đã được chốt và niêm phong.")

    def on_annul(self, request):
        form = AnnulForm(request.POST)
        if not form.is_valid():
            return self.render(annul_form=form)
        do_annul_session(self.session, reason=form.cleaned_data["reason"],
                         acting_user=request.user)  # fmt: skip
        messages.success(request, "Đã huỷ kết quả phiên họp.")

    def render(self, **forms):
        session = self.session
        is_open = session.state == SessionState.OPEN
        members = list(session.members.select_related("user__person"))
        items = list(session.items.select_related(*AGENDA_SUBJECTS))
        rule_set = rule_set_for(session.organization, session.year)
        # A quota-capped title may also be reached by lower-title votes on a higher nomination.
        voted = {i.nomination.title for i in items}
        reachable = voted | {c for t in voted for c in LOWER_TITLES.get(t, ())}
        capped = sorted(reachable & {q.title for q in rule_set.quotas})
        context = {
            "session": session, "members": members,
            "items": items, "manages": self.manages,
            "counters": sorted((m for m in members if m.counting),
                               key=lambda m: (m.counting != "head", m.pk)),
            "is_open": is_open,
            "results": [
                {**row, "ballot_type": ballot_type_text(row), "lower_pass": passed_lower(row),
                 "passed_name": passed_title_name(row),
                 "rule_source": shown_source(row["rule_source"]),
                 "lower_named": [(rules.TITLE_NAMES.get(code, code), n)
                                 for code, n in row.get("lower", {}).items()]}
                for row in session.results.get("items", [])
            ],
            "summary": session.results, "denominators": DENOMINATOR_LABELS,
            "criteria_law": rule_set_label(session.results.get("rule_set", "")),
            "capped": [
                (code, rules.TITLE_NAMES[code],
                 [i for i in items if may_pass_at(i.nomination.title, code)])
                for code in capped
            ],
        }  # fmt: skip
        if self.manages and is_open:
            context.update(
                member_form=forms.get("member_form") or MemberForm(session=session),
                agenda_form=forms.get("agenda_form") or AgendaForm(session=session),
                details_form=forms.get("details_form") or MeetingDetailsForm(session=session),
                close_form=forms.get("close_form") or CloseForm(session=session),
                counting_form=forms.get("counting_form")
                or CountingCommitteeForm(session=session),
            )
            if session.on_paper:
                context["paper_forms"] = forms.get("paper_forms") or [
                    PaperCountForm(item=item) for item in items
                ]
                context["paper_error"] = forms.get("paper_error", False)
        if self.manages and session.state != SessionState.ANNULLED:
            context["annul_form"] = forms.get("annul_form") or AnnulForm()
        context.update(tally_context(session))
        return render(self.request, self.template_name, context)


def tally_context(session) -> dict:
    """Return the live tally: per item how many have voted, never how (three queries).

    Nothing here counts ballots: while the session is open no one, the secretary included,
    sees how many agree or whether an item reaches its threshold (or a quota)."""
    voters = {m.pk for m in session.members.all() if m.may_vote}
    counts: dict[int, int] = {}
    per_member: dict[int, int] = {}
    for item_id, member_id in VoteRecord.objects.filter(session=session).values_list(
        "item_id", "member_id"
    ):
        counts[item_id] = counts.get(item_id, 0) + 1
        per_member[member_id] = per_member.get(member_id, 0) + 1
    rows = [
        {"item": item, "votes": counts.get(item.pk, 0)}
        for item in session.items.select_related(*AGENDA_SUBJECTS)
    ]
    expected = len(voters) * len(rows)
    cast = sum(n for member_id, n in per_member.items() if member_id in voters)
    not_done = sum(1 for pk in voters if per_member.get(pk, 0) < len(rows)) if rows else 0
    return {
        "tally": rows, "voting": len(voters), "total_votes": sum(counts.values()),
        "not_voted_members": not_done, "missing_votes": max(expected - cast, 0),
    }  # fmt: skip


class SessionTallyView(LoginRequiredMixin, View):
    """The tally fragment the secretary's page polls (htmx) while the session is open."""

    def get(self, request, pk):
        session = get_object_or_404(CouncilSession.objects.visible_to(request.user), pk=pk)
        if not request.user.has_perm("council.view_session", session):
            raise PermissionDenied("Bạn không xem được phiên họp này.")
        context = {
            "session": session, "is_open": session.state == SessionState.OPEN,
            "manages": request.user.has_perm("council.manage_session", session),
        }  # fmt: skip
        context.update(tally_context(session))
        return render(request, "council/session_tally.html", context)


# --- the member's ballot ------------------------------------------------------------------------


class BallotView(LoginRequiredMixin, View):
    """Phiếu bầu: every open session's items on one page, one paper each, sent all at once
    (do_cast_ballots) or one paper at a time; items already voted are shown as voted."""

    template_name = "council/ballot.html"

    def seats(self):
        user = self.request.user
        return CouncilMember.objects.filter(
            user=user, session__closed_at__isnull=True, session__annulled_at__isnull=True,
            session__organization_id=user.organization_id,
            session__on_paper=False,  # a session held on paper has no papers on screen
        )  # fmt: skip

    def open_items(self, *, voted: bool = False):
        """Return the items of the member's open sessions still to vote on (or, `voted`, those
        already voted)."""
        seats = self.seats()
        mine = VoteRecord.objects.filter(item=OuterRef("pk"), member__user=self.request.user)
        items = AgendaItem.objects.filter(session__members__in=seats)
        items = items.filter(Exists(mine)) if voted else items.exclude(Exists(mine))
        return (
            items.select_related("session", *AGENDA_SUBJECTS, "nomination__organization")
            .prefetch_related(Prefetch("session__members", queryset=seats, to_attr="mine"))
            .distinct()
            .order_by("session", "position", "pk")
        )  # fmt: skip

    def get(self, request):
        return self.render()

    def render(self, errors=None, *, summary=None):
        rows, sessions = [], {}
        for item in self.open_items():
            seat = item.session.mine[0] if item.session.mine else None
            form = (errors or {}).get(item.pk) or BallotForm(item=item)
            row = {"item": item, "form": form, "may_vote": seat is not None and seat.may_vote}
            rows.append(row)
            sessions.setdefault(item.session.pk, {"session": item.session, "rows": [],
                                                  "voted": [], "may_vote": row["may_vote"]})
            sessions[item.session.pk]["rows"].append(row)  # fmt: skip
        for item in self.open_items(voted=True):
            if item.session.pk in sessions:
                sessions[item.session.pk]["voted"].append(item)
            else:
                sessions[item.session.pk] = {"session": item.session, "rows": [],
                                             "voted": [item], "may_vote": True}  # fmt: skip
        return render(self.request, self.template_name, {
            "rows": rows, "sessions": list(sessions.values()), "summary": summary or [],
        })  # fmt: skip

    def post(self, request):
        if "item" in request.POST:
            return self.post_one(request)
        raw = request.POST.get("session", "")
        if not raw.isdigit():
            raise Http404("Không có phiên họp này.")
        # Only sessions of the voter's organisation exist for them: a forged id is a 404.
        session = get_object_or_404(
            CouncilSession, pk=int(raw), organization_id=request.user.organization_id
        )
        items = [i for i in self.open_items() if i.session_id == session.pk]
        forms = {item.pk: BallotForm(request.POST, item=item) for item in items}
        invalid = [f for f in forms.values() if not f.is_valid()]
        if invalid:
            summary = [e for f in invalid for errs in f.errors.values() for e in errs]
            return self.render(errors=forms, summary=summary)
        papers = [
            (form.item, form.cleaned_data["choice"], form.cleaned_data.get("lower_title", ""))
            for form in forms.values()
        ]
        try:
            count = do_cast_ballots(session, papers, acting_user=request.user)
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã ghi {} phiếu của phiên họp «{}».".format(count, session))
        return redirect(reverse("council:ballot"))

    def post_one(self, request):
        raw = request.POST.get("item", "")
        if not raw.isdigit():
            raise Http404("Không có nội dung bỏ phiếu này.")
        # Only items of the voter's organisation exist for them: a forged id of another is a 404.
        item = get_object_or_404(
            AgendaItem.objects.select_related("session", *AGENDA_SUBJECTS),
            pk=int(raw), session__organization_id=request.user.organization_id,
        )  # fmt: skip
        form = BallotForm(request.POST, item=item)
        if not form.is_valid():
            return self.render(errors={item.pk: form}, summary=[
                e for errs in form.errors.values() for e in errs])  # fmt: skip
        try:
            do_cast_ballot(item.session, item, form.cleaned_data["choice"],
                           lower_title=form.cleaned_data.get("lower_title", ""),
                           acting_user=request.user)  # fmt: skip
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã ghi phiếu cho «{}».".format(item.nomination.subject_name))
        return redirect(reverse("council:ballot"))


# --- the session's documents --------------------------------------------------------------------

SESSION_DOCUMENTS = ("minutes", "ballot_count", "session_nominations")


@login_required
@require_GET
def session_document(request, pk, kind, fmt):
    """Download a closed session's minutes or vote-count sheet (DOCX or PDF), for those who may
    read the session: the organisation-wide roles and the session's members."""
    # The nominations before a meeting also come as an Excel list, like the other lists.
    xlsx = kind == "session_nominations" and fmt == "xlsx"
    if kind not in SESSION_DOCUMENTS or (fmt not in FORMATS and not xlsx):
        raise Http404("Không có văn bản này.")
    session = get_object_or_404(CouncilSession.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("council.view_session", session):
        raise PermissionDenied("Bạn không xem được phiên họp này.")
    document_kind = get_kind(kind)
    try:
        record = document_kind.find(session.organization, session.year, session=session)
    except DocumentError as error:
        raise Http404(str(error)) from error
    if xlsx:
        return review_list_response(build_context(document_kind, record),
                                    document_kind.filename(record))  # fmt: skip
    return document_response(document_kind, record, fmt)


# --- công khai kết quả xét chọn -----------------------------------------------------------------


class PublishView(LoginRequiredMixin, View):
    """The secretary publishes a closed session's proposed results for comments."""

    template_name = "council/publication_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.session = get_object_or_404(
            CouncilSession.objects.filter(organization_id=request.user.organization_id),
            pk=kwargs["pk"],
        )
        if not request.user.has_perm("council.manage_session", self.session):
            raise PermissionDenied("Chỉ thường trực Hội đồng được công khai kết quả xét chọn.")
        publication = ResultsPublication.objects.filter(session=self.session).first()
        if publication is not None:
            messages.info(request, "Kết quả phiên họp này đã được công khai.")
            return redirect(publication)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        start = max(today, self.session.meeting_on)
        form = PublishForm(initial={"starts_on": start, "ends_on": start + timedelta(days=6)})
        return self.render(form)

    def post(self, request, *args, **kwargs):
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                publication = do_publish_results(self.session, acting_user=request.user,
                                                 **form.cleaned_data)  # fmt: skip
            except FieldRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã công khai kết quả xét chọn.")
                return redirect(publication)
        return self.render(form)

    def render(self, form):
        return render(self.request, self.template_name,
                      {"session": self.session, "form": form, "tab": "publications",
                       "rows": notice_rows_of(self.session)})  # fmt: skip


def notice_rows_of(session) -> list[dict]:
    """The results a publication of `session` would list (for the secretary's preview)."""
    return notice_rows(ResultsPublication(session=session, organization=session.organization))


class PublicationListView(LoginRequiredMixin, View):
    """Every publication of the organisation, for every member of it."""

    def get(self, request):
        publications = (
            ResultsPublication.objects.visible_to(request.user)
            .select_related("session")
            .annotate(comment_count=Count("comments"))
        )
        return render(request, "council/publication_list.html", {
            "publications": publications, "today": timezone.localdate(), "tab": "publications",
        })  # fmt: skip


class PublicationView(LoginRequiredMixin, View):
    """A publication: the proposed results and the period for everyone of the organisation, a
    comment form while it is open; the comments for the secretary and the council, and the
    secretary's form for a comment received on paper."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.publication = get_object_or_404(
            ResultsPublication.objects.visible_to(request.user).select_related("session"),
            pk=kwargs["pk"],
        )
        if not request.user.has_perm("council.view_publication", self.publication):
            raise PermissionDenied("Bạn không xem được thông báo này.")
        self.manages = request.user.has_perm("council.manage_session", self.publication.session)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "paper":
            if not self.manages:
                raise PermissionDenied("Chỉ thường trực Hội đồng ghi nhận ý kiến bằng văn bản.")
            form = PaperCommentForm(request.POST)
            if form.is_valid():
                try:
                    do_record_paper_comment(self.publication, acting_user=request.user,
                                            **form.cleaned_data)  # fmt: skip
                except FieldRefused as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                else:
                    messages.success(request, "Đã ghi nhận ý kiến bằng văn bản.")
                    return redirect(self.publication)
            return self.render(paper_form=form)
        if not request.user.has_perm("council.comment_on_publication", self.publication):
            raise PermissionDenied("Bạn không góp ý được về thông báo này.")
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                do_comment_on_publication(self.publication, text=form.cleaned_data["text"],
                                          acting_user=request.user)  # fmt: skip
            except FieldRefused as exc:
                form.add_error("text", str(exc))
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã gửi ý kiến của bạn tới Thường trực Hội đồng.")
                return redirect(self.publication)
        return self.render(comment_form=form)

    def render(self, **forms):
        publication, user = self.publication, self.request.user
        today = timezone.localdate()
        context = {
            "publication": publication, "session": publication.session,
            "rows": notice_rows(publication), "state": publication.state_on(today),
            "is_open": publication.is_open_on(today), "manages": self.manages,
            "tab": "publications",
            "sees_comments": user.has_perm("council.view_publication_comments", publication),
            "own_comments": publication.comments.filter(author=user),
        }  # fmt: skip
        if context["sees_comments"]:
            context["comments"] = publication.comments.select_related("recorded_by")
        if context["is_open"]:
            context["comment_form"] = forms.get("comment_form") or CommentForm()
        if self.manages:
            context["paper_form"] = forms.get("paper_form") or PaperCommentForm()
        return render(self.request, "council/publication.html", context)


@login_required
@require_GET
def publication_notice(request, pk, fmt):
    """Download the printable notice of a publication (DOCX or PDF), for the organisation."""
    if fmt not in FORMATS:
        raise Http404("Không có văn bản này.")
    publication = get_object_or_404(ResultsPublication.objects.visible_to(request.user), pk=pk)
    return document_response(get_kind("results_notice"), publication, fmt)
