"""The receiving office's overview page and its XLSX (issue 19, item 3): same readers as the
inbox (`proposals.view_inbox`, `Receipt.objects.visible_to`)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.utils.html import format_html_join
from django.views.decorators.http import require_GET

from thidua.core import exports
from thidua.core.choices import TitleCode
from thidua.organization.models import Organization
from thidua.proposals.inbox_views import _require_inbox
from thidua.proposals.models import Receipt
from thidua.proposals.overview import DAYS, STATUSES, entries_of, overview, years_of
from thidua.spreadsheets.stream import CONTENT_TYPE, StreamedSheet, stream_workbook

CHUNK = 2000  # entries read per round trip by the export


class OverviewFilter(forms.Form):
    year = forms.TypedChoiceField(label="Năm đề nghị khen thưởng", coerce=int, required=False)
    sender = forms.ModelChoiceField(
        label="Cơ quan gửi", queryset=Organization.objects.none(), required=False,
        empty_label="Tất cả cơ quan",
    )  # fmt: skip

    def __init__(self, data, *, receipts, years):
        super().__init__(data)
        # Years and pks are never printed localized ("2.022").
        self.fields["year"].choices = [(str(y), str(y)) for y in years]
        senders = receipts.order_by().values("sender_id")
        self.fields["sender"].queryset = Organization.objects.filter(pk__in=senders).order_by(
            "name"
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


def _filters(user, query):
    """Return (receipts, years, form, year, sender pk) of the query's filters; a value not
    offered is a form error shown on the page, and the latest year is used."""
    _require_inbox(user)
    receipts = Receipt.objects.visible_to(user)
    years = years_of(receipts)
    form = OverviewFilter(query or None, receipts=receipts, years=years)
    year = sender = None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or None
        sender = form.cleaned_data["sender"].pk if form.cleaned_data["sender"] else None
    return receipts, years, form, year, sender


def _days(value) -> str:
    if value is None:
        return "–"
    return "{:g}".format(value).replace(".", ",")


@login_required
@require_GET
def overview_page(request):
    """The tờ trình received, by agency, by title and by status; answer times; quotas."""
    _receipts, _years, form, year, sender = _filters(request.user, request.GET)
    office = request.user.organization
    found = overview(request.user, office=office, year=year, sender=sender)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "found": found, "statuses": STATUSES, "office": office,
        "export_query": query.urlencode(), "days": _days,
        "agency_rows": _agency_rows(found.agencies),
        "sender_options": _sender_options(form, sender),
        "total_days": (_days(found.total.median_days), _days(found.total.longest_days)),
    }  # fmt: skip
    return render(request, "proposals/overview.html", context)


# One row of the agencies' table: 500 agencies are 5,000 cells, formatted here in one pass
# (each value escaped) rather than through as many template lookups.
_AGENCY_ROW = (
    '<tr data-agency="{}"><th scope="row" class="fw-normal">{}</th>'
    + '<td class="text-end">{}</td>' * 8
    + "</tr>"
)


def _agency_rows(rows):
    return format_html_join("\n", _AGENCY_ROW, (
        (str(row.key), row.label, row.receipts, row.total, row.waiting, row.returned,
         row.granted, row.refused, _days(row.median_days), _days(row.longest_days))
        for row in rows
    ))  # fmt: skip


def _sender_options(form, chosen):
    """The agencies' <option>s, from their pks and names (500 agencies: no model instance and
    no widget template per option)."""
    agencies = form.fields["sender"].queryset.values_list("pk", "name")
    return format_html_join("", '<option value="{}"{}>{}</option>', (
        (str(pk), " selected" if pk == chosen else "", name) for pk, name in agencies
    ))  # fmt: skip


def _number(value):
    return "" if value is None else value


@login_required
@require_GET
def overview_xlsx(request):
    """The overview as XLSX: by agency, by title, the quotas, and every entry received. Past
    BACKGROUND_DOCUMENT_ROWS entries a worker makes it (thidua.core.exports): the link only
    queues the job and opens its page."""
    from thidua.proposals.tasks import make_overview_xlsx

    receipts, years, _form, year, sender = _filters(request.user, request.GET)
    year = year or (years[0] if years else None)  # as `overview` chooses it
    rows = entries_of(receipts, year=year, sender=sender).count()
    if (job := exports.offer(request, make_overview_xlsx, "xlsx", rows)) is not None:
        return job
    spool, name, _rows = _overview_workbook(request.user, request.GET)
    response = FileResponse(spool, content_type=CONTENT_TYPE, as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


def build_overview_xlsx(user, fmt: str, query) -> exports.Built:
    """The overview's XLSX for a job (thidua.proposals.tasks)."""
    spool, name, rows = _overview_workbook(user, query)
    with spool:
        return exports.Built(spool.read(), name, rows)


def _overview_workbook(user, query):
    """Return the overview's workbook (a spooled file, rewound), its name and its entries:
    by agency, by title, the quotas, and every entry received (read in chunks and streamed
    into a write-only workbook: memory does not grow with entries)."""
    receipts, _years, _form, year, sender = _filters(user, query)
    office = user.organization
    found = overview(user, office=office, year=year, sender=sender)
    counted = _Counted()
    labels = tuple(label for _key, label in STATUSES)
    year_text = "năm {}".format(found.year) if found.year else "mọi năm"
    lead = ("TỔNG HỢP TỜ TRÌNH ĐÃ NHẬN – {} – {}".format(office.name.upper(), year_text.upper()),)
    agencies = StreamedSheet(
        "Theo cơ quan",
        ("Cơ quan gửi", "Số tờ trình", "Số dòng", *labels, "Số dòng đã trả lời",
         "Số ngày đến khi trả lời (trung vị)", "Số ngày đến khi trả lời (dài nhất)"),
        [
            (row.label, row.receipts, row.total, row.waiting, row.returned, row.granted,
             row.refused, row.answered, _number(row.median_days), _number(row.longest_days))
            for row in [*found.agencies, found.total]
        ],
        widths=(50, 12, 10, 12, 12, 16, 20, 16, 22, 22), lead=lead,
    )  # fmt: skip
    titles = StreamedSheet(
        "Theo danh hiệu",
        ("Danh hiệu, hình thức", "Số dòng", *labels),
        [(row.label, row.total, row.waiting, row.returned, row.granted, row.refused)
         for row in found.titles],
        widths=(50, 10, 12, 12, 16, 20), lead=lead,
    )  # fmt: skip
    quotas = StreamedSheet(
        "Tỷ lệ giữa các cơ quan",
        ("Danh hiệu, hình thức", "Quy định", "Căn cứ", "Số tập thể làm căn cứ", "Tối đa",
         "Đã đề nghị", "Ghi chú"),
        [
            *((line.title, line.text, line.source, _number(line.basis), _number(line.max),
               _number(line.proposed), line.to_confirm) for line in found.quotas),
            *(("", note, "", "", "", "", "") for note in found.notes),
        ],
        widths=(14, 70, 50, 14, 10, 12, 60), lead=lead,
    )  # fmt: skip
    rows = (
        entries_of(receipts, year=found.year, sender=sender)
        .annotate(days=DAYS)
        .order_by("receipt__sender__name", "receipt__received_on", "receipt_id", "position", "pk")
        .values_list(
            "receipt__sender__name", "receipt__document_number", "receipt__received_on",
            "position", "subject_name", "title", "returned_on", "return_reason",
            "entry__outcome", "entry__decision_number", "entry__decided_on",
            "entry__refusal_reason", "days",
        )
        .iterator(chunk_size=CHUNK)
    )  # fmt: skip
    entries = StreamedSheet(
        "Từng dòng",
        ("Cơ quan gửi", "Số tờ trình", "Ngày nhận", "Thứ tự", "Người, tập thể được đề nghị",
         "Danh hiệu, hình thức", "Trạng thái", "Ngày trả lại", "Lý do trả lại",
         "Số quyết định", "Ngày quyết định", "Lý do không khen thưởng",
         "Số ngày đến khi trả lời"),
        (counted(_entry_row(line)) for line in rows),
        widths=(40, 18, 12, 8, 32, 30, 20, 12, 40, 18, 14, 40, 12),
    )  # fmt: skip
    spool = stream_workbook([agencies, titles, quotas, entries])
    name = "Tong-hop-to-trinh-da-nhan-{}.xlsx".format(found.year or "moi-nam")
    return spool, name, counted.rows


class _Counted:
    """Counts the rows that pass through it (the entries written to the workbook)."""

    rows = 0

    def __call__(self, row):
        self.rows += 1
        return row


def _entry_row(line):
    (agency, number, received, position, subject, title, returned_on, reason, outcome,
     decision, decided_on, refusal, days) = line  # fmt: skip
    if returned_on is not None:
        status = "Đã trả lại"
    else:
        status = dict(STATUSES)["waiting" if outcome == "pending" else outcome]
    return (agency, number, received, position, subject, TitleCode(title).label, status,
            returned_on, reason, decision, decided_on, refusal, _number(days))  # fmt: skip
