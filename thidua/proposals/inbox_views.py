"""The receiving organisation's inbox: the tờ trình received, one received tờ trình with its
frozen entries, explanations and dossier, and the office's actions on it (return an entry or
the whole tờ trình, answer entries). Only through the receipt: the receiving office never opens
the agency's own pages (people, evidence, its proposal page)."""

import io
import zipfile

import django_filters
import django_tables2 as tables
import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_GET

from thidua.core.actions import ActionRefused
from thidua.core.choices import TitleCode
from thidua.core.views import ScopedListView
from thidua.council.models import CouncilSession, NominationState
from thidua.organization.models import Organization
from thidua.proposals.actions import EntryAnswer
from thidua.proposals.forms import AgendaChoiceForm, AnswersForm, ReturnForm
from thidua.proposals.inbox import (
    council_outcomes,
    do_answer_received,
    do_put_received_on_agenda,
    do_return_entry,
    do_return_receipt,
)
from thidua.proposals.models import EntryOutcome, Receipt, ReceiptState, ReceivedEntry
from thidua.proposals.routing import default_issuer
from thidua.proposals.views import attachment

_INBOX_ONLY = (
    "Hộp thư tờ trình dành cho thường trực Hội đồng Thi đua – Khen thưởng của cơ quan nhận tờ "
    "trình của các cơ quan cấp dưới."
)


def _require_inbox(user) -> None:
    # The rule itself: Django grants a superuser every permission, but the installation's
    # administrator working in an agency reads no inbox (the rules say who does).
    if not rules.has_perm("proposals.view_inbox", user):
        raise PermissionDenied(_INBOX_ONLY)


class ReceiptFilterSet(django_filters.FilterSet):
    sender = django_filters.ModelChoiceFilter(
        label="Cơ quan gửi", queryset=Organization.objects.none(), empty_label="Tất cả cơ quan"
    )
    title = django_filters.ChoiceFilter(
        label="Danh hiệu, hình thức", choices=TitleCode.choices, method="with_title",
        empty_label="Tất cả",
    )  # fmt: skip
    state = django_filters.ChoiceFilter(
        label="Trạng thái", choices=ReceiptState.choices, empty_label="Tất cả"
    )

    class Meta:
        model = Receipt
        fields = ["sender", "title", "state"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        senders = Receipt.objects.visible_to(user).values("sender_id")
        self.filters["sender"].queryset = Organization.objects.filter(pk__in=senders)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"

    def with_title(self, queryset, name, value):
        rows = ReceivedEntry.objects.filter(receipt=OuterRef("pk"), title=value)
        return queryset.filter(Exists(rows))


class ReceiptTable(tables.Table):
    number = tables.Column(
        verbose_name="Số tờ trình", accessor="document_number", linkify=True,
        order_by=("document_number",), attrs={"a": {"hx-boost": "false"}},
    )  # fmt: skip
    sender = tables.Column(verbose_name="Cơ quan gửi", order_by=("sender__name",))
    received_on = tables.DateColumn(verbose_name="Ngày nhận", format="d/m/Y")
    entry_count = tables.Column(verbose_name="Số dòng đề nghị", orderable=True)
    state = tables.Column(verbose_name="Trạng thái")

    class Meta:
        model = Receipt
        fields = ["number", "sender", "received_on", "entry_count", "state"]
        order_by = ("-received_on",)
        empty_text = "Chưa nhận tờ trình nào."
        attrs = {"class": "table table-sm table-hover align-middle", "id": "receipts"}


class InboxView(ScopedListView):
    """The tờ trình received by the organisation the officer works in."""

    model = Receipt
    table_class = ReceiptTable
    filterset_class = ReceiptFilterSet
    template_name = "proposals/inbox.html"
    partial_template_name = "proposals/inbox_table.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        _require_inbox(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("sender").defer("dossier")

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs


def received(request, pk) -> Receipt:
    """Return a receipt of the officer's organisation: another's is a 404, as the list says."""
    _require_inbox(request.user)
    receipt = get_object_or_404(
        Receipt.objects.visible_to(request.user).select_related("sender", "receiver", "proposal"),
        pk=pk,
    )
    if not rules.has_perm("proposals.handle_receipt", request.user, receipt):
        raise PermissionDenied(_INBOX_ONLY)
    return receipt


class ReceiptView(LoginRequiredMixin, View):
    """One received tờ trình: each entry as received, with the engine's explanation frozen at
    sending and its status; the dossier; returning and answering."""

    template_name = "proposals/receipt.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.receipt = received(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render()

    def rows(self):
        return list(self.receipt.entries.select_related(
            "entry__person", "entry__unit", "entry__proposal__organization", "nomination",
            "decision",
        ))

    def waiting(self, rows):
        """Return the entries still to answer: neither returned nor answered, and not on an
        open agenda of the council (its vote comes first)."""
        return [r.entry for r in rows
                if r.returned_on is None and r.entry.outcome == EntryOutcome.PENDING
                and not self.before_council(r)]  # fmt: skip

    @staticmethod
    def before_council(row) -> bool:
        return row.nomination_id is not None and row.nomination.state == NominationState.ON_AGENDA

    def for_agenda(self, rows):
        """Return the rows the council may take up: waiting, and never before it (or back
        after its session's results were annulled)."""
        return [
            r for r in rows
            if r.returned_on is None and r.entry.outcome == EntryOutcome.PENDING
            and (r.nomination_id is None or r.nomination.state == NominationState.PROPOSED)
        ]  # fmt: skip

    def sessions(self):
        """The open sessions of the receiving organisation's council for the tờ trình's year."""
        receipt = self.receipt
        return CouncilSession.objects.filter(
            organization_id=receipt.receiver_id, year=receipt.proposal.year
        ).open().order_by("-meeting_on", "-pk")

    def may_run_council(self) -> bool:
        return rules.has_perm("council.manage_sessions", self.request.user)

    def post(self, request, *args, **kwargs):
        user, receipt = request.user, self.receipt
        action = request.POST.get("action", "")
        try:
            if action == "agenda":
                if not self.may_run_council():
                    raise PermissionDenied("Chỉ thường trực Hội đồng được điều hành phiên họp.")
                rows = self.for_agenda(self.rows())
                form = AgendaChoiceForm(request.POST, sessions=self.sessions(), rows=rows)
                if not form.is_valid():
                    return self.render(agenda_form=form)
                session, chosen = form.cleaned_data["session"], set(form.cleaned_data["rows"])
                items = do_put_received_on_agenda(
                    session, [r for r in rows if r.pk in chosen], acting_user=user
                )
                messages.success(request, "Đã đưa {} dòng ra Hội đồng, phiên họp «{}».".format(
                    len(items), session.name))  # fmt: skip
            elif action == "answer":
                form = AnswersForm(request.POST, entries=self.waiting(self.rows()))
                if not form.is_valid():
                    return self.render(answers_form=form)
                answers = [EntryAnswer(**row) for row in form.answers()]
                awards = do_answer_received(receipt, answers, acting_user=user)
                messages.success(request, "Đã ghi kết quả {} dòng; {} khen thưởng vào sổ của {}."
                                 .format(len(answers), len(awards), receipt.sender))  # fmt: skip
            elif action in ("return_entry", "return_all"):
                form = ReturnForm(request.POST, prefix=action)
                if not form.is_valid():
                    return self.render(**{action + "_form": form})
                data = form.cleaned_data
                if action == "return_all":
                    do_return_receipt(receipt, reason=data["reason"],
                                      returned_on=data["returned_on"], acting_user=user)
                    messages.success(request, "Đã trả lại tờ trình {}.".format(
                        receipt.document_number))  # fmt: skip
                else:
                    raw = request.POST.get("entry", "")
                    row = receipt.entries.filter(pk=int(raw)).first() if raw.isdigit() else None
                    if row is None:
                        raise Http404("Không có dòng này trong tờ trình đã nhận.")
                    do_return_entry(row, reason=data["reason"], returned_on=data["returned_on"],
                                    acting_user=user)  # fmt: skip
                    messages.success(request, "Đã trả lại dòng {} ({}).".format(
                        row.subject_name, row.get_title_display()))  # fmt: skip
            else:
                messages.error(request, "Thao tác không hợp lệ.")
        except ActionRefused as exc:
            messages.error(request, str(exc))
        return redirect(receipt)

    def render(self, **forms):
        receipt = self.receipt
        rows = self.rows()
        waiting = self.waiting(rows)
        today = timezone.localdate().strftime("%d/%m/%Y")
        open_ = receipt.state != ReceiptState.RETURNED and bool(waiting)
        context = {
            "receipt": receipt, "rows": rows, "open": open_,
            "files": list(enumerate(receipt.dossier_files)),
            "waiting_pks": {e.pk for e in waiting},
            "council": council_outcomes(rows),
        }  # fmt: skip
        for row in rows:
            row.council = context["council"].get(row.pk)
        agenda_rows = self.for_agenda(rows) if receipt.state != ReceiptState.RETURNED else []
        if agenda_rows and self.may_run_council():
            sessions = self.sessions()
            context["agenda_pks"] = {r.pk for r in agenda_rows}
            context["agenda_form"] = forms.get("agenda_form") or AgendaChoiceForm(
                sessions=sessions, rows=agenda_rows
            )
            context["has_sessions"] = sessions.exists()
        if open_:
            issuer = default_issuer(receipt.proposal.body, receipt.receiver.place_name)
            context["answers_form"] = forms.get("answers_form") or AnswersForm(
                initial={"issued_by": issuer}, entries=waiting
            )
            for action in ("return_entry", "return_all"):
                context[action + "_form"] = forms.get(action + "_form") or ReturnForm(
                    prefix=action, initial={"returned_on": today}
                )
        return render(self.request, self.template_name, context)


@login_required
@require_GET
def receipt_dossier(request, pk):
    """The dossier exactly as it was at sending (one ZIP of DOCX files)."""
    receipt = received(request, pk)
    name = "Ho-so-{}.zip".format(receipt.document_number.replace("/", "-"))
    return attachment(bytes(receipt.dossier), name, "application/zip")


@login_required
@require_GET
def receipt_file(request, pk, index):
    """One document of the dossier as it was at sending."""
    receipt = received(request, pk)
    if not 0 <= index < len(receipt.dossier_files):
        raise Http404("Không có tài liệu này trong hồ sơ.")
    name = receipt.dossier_files[index]
    with zipfile.ZipFile(io.BytesIO(bytes(receipt.dossier))) as archive:
        data = archive.read(name)
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return attachment(data, name, docx)
