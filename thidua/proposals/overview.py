"""The receiving office's own overview of what the agencies sent it (issue 19, item 3): the
entries received per agency and per title by status (waiting, returned, granted, refused), the
days from sending to answer (median and longest) and the quotas the province applies across
agencies where the rules module states one, with its citation.

Every figure is aggregated in the database: one GROUP BY per table, the medians by
PostgreSQL's percentile_cont (on SQLite from a histogram of answer days per agency, its size
bounded by agencies × distinct day counts, not by entries), so the page's queries do not grow
with the entries received. The export streams the entries one chunk
at a time into a write-only workbook.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DateField,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Q,
    When,
)

from thidua import rules
from thidua.core.choices import TitleCode
from thidua.organization.models import Organization
from thidua.proposals.models import EntryOutcome, Receipt, ReceivedEntry
from thidua.rules import quotas as quota_rules
from thidua.rules.citations import cite

#: The statuses of a received entry, in the order the overview shows them.
STATUSES = (
    ("waiting", "Đang chờ"),
    ("returned", "Đã trả lại"),
    ("granted", "Được khen thưởng"),
    ("refused", "Không được khen thưởng"),
)

# A returned entry is closed for its tờ trình whatever its outcome; the others by their outcome.
_NOT_RETURNED = Q(returned_on__isnull=True)
CONDITIONS = {
    "waiting": _NOT_RETURNED & Q(entry__outcome=EntryOutcome.PENDING),
    "returned": Q(returned_on__isnull=False),
    "granted": _NOT_RETURNED & Q(entry__outcome=EntryOutcome.GRANTED),
    "refused": _NOT_RETURNED & Q(entry__outcome=EntryOutcome.REFUSED),
}

#: The day an entry was answered: returned on its return day, granted on its decision's date,
#: refused on the day the refusal was recorded (a refusal carries no date of its own).
ANSWER_DAY = Case(
    When(returned_on__isnull=False, then=F("returned_on")),
    When(entry__outcome=EntryOutcome.GRANTED, then=F("entry__decided_on")),
    When(entry__outcome=EntryOutcome.REFUSED, then=F("entry__answered_on")),
    default=None,
    output_field=DateField(),
)


class DaysBetween(Func):
    """`later - earlier` in whole days, NULL when either is: PostgreSQL subtracts dates into an
    integer of days, SQLite through julianday."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(", **extra,
        )  # fmt: skip


class Median(Aggregate):
    """PostgreSQL's median (percentile_cont ignores NULLs, as Max does)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


#: The days from sending (the day the tờ trình arrived) to the entry's answer; NULL while waiting.
DAYS = DaysBetween(ANSWER_DAY, F("receipt__received_on"))


def _timing() -> dict:
    """The answer days' aggregates: the median too where the database computes one."""
    found = {"longest": Max(DAYS), "answered": Count(DAYS)}
    if connection.vendor == "postgresql":
        found["median"] = Median(DAYS)
    return found


def _status_counts() -> dict:
    return {key: Count("pk", filter=condition) for key, condition in CONDITIONS.items()}


@dataclass
class Row:
    """One line of a table: its counts by status and, for an agency or the total, the days
    from sending to answer of its answered entries."""

    key: object
    label: str
    receipts: int = 0
    waiting: int = 0
    returned: int = 0
    granted: int = 0
    refused: int = 0
    answered: int = 0
    median_days: float | None = None
    longest_days: int | None = None

    @property
    def total(self) -> int:
        return self.waiting + self.returned + self.granted + self.refused

    def timed(self, line: dict) -> "Row":
        self.answered, self.longest_days = line["answered"], line["longest"]
        if "median" in line:
            self.median_days = line["median"]
        return self


def _medians(entries, agencies: dict, total: Row) -> None:
    histograms = {key: Counter() for key in agencies}
    overall = Counter()
    days = (
        entries.filter(~CONDITIONS["waiting"])
        .values("receipt__sender_id")
        .annotate(days=DAYS, n=Count("pk"))
    )
    for line in days.values_list("receipt__sender_id", "days", "n").order_by():
        agency, day, count = line
        if day is not None:
            histograms[agency][day] += count
            overall[day] += count
    for key, row in agencies.items():
        row.median_days = median(histograms[key])
    total.median_days = median(overall)


def median(histogram: Counter) -> float | None:
    """Return the median of the values a histogram {value: count} counts (None when empty)."""
    total = sum(histogram.values())
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]  # the 0-based ranks of the middle one or two
    found, seen = [], 0
    for value in sorted(histogram):
        count = histogram[value]
        while middle and middle[0] < seen + count:
            found.append(value)
            middle.pop(0)
        seen += count
    return (found[0] + found[1]) / 2


@dataclass(frozen=True)
class QuotaLine:
    """A quota across agencies as the rules module states it, live: `max` None when the law
    sets a way of choosing but no number the province can compute here."""

    title: str
    text: str
    source: str
    basis: int | None = None
    max: int | None = None
    proposed: int | None = None
    to_confirm: str = ""

    @property
    def over(self) -> bool:
        return self.max is not None and self.proposed is not None and self.proposed > self.max


@dataclass
class Overview:
    year: int | None
    years: list[int]
    agencies: list[Row]
    titles: list[Row]
    total: Row
    quotas: list[QuotaLine]
    # What the law says of the other titles received, and the rule set's own note on quotas.
    notes: list[str]
    rule_set_name: str = ""


def entries_of(receipts, *, year=None, sender=None):
    """The received entries of `receipts` (already scoped by `visible_to`), for a year's
    tờ trình and one agency when given."""
    rows = ReceivedEntry.objects.filter(receipt__in=receipts)
    if year is not None:
        rows = rows.filter(receipt__proposal__year=year)
    if sender is not None:
        rows = rows.filter(receipt__sender_id=sender)
    return rows


def years_of(receipts) -> list[int]:
    """The years proposed for in the received tờ trình, the latest first (one query)."""
    found = receipts.order_by().values_list("proposal__year", flat=True).distinct()
    return sorted(set(found), reverse=True)


def overview(user, *, office, year=None, sender=None) -> Overview:
    """Return the overview of the tờ trình received by the user's office (`visible_to`), for a
    year (default: the latest) and one agency when given. Six queries, whatever the entries
    (seven with an agency; one more on SQLite for the medians)."""
    receipts = Receipt.objects.visible_to(user)
    years = years_of(receipts)
    if year is None and years:
        year = years[0]
    entries = entries_of(receipts, year=year, sender=sender)

    # Grouped by the agency's key only: its name is read once per agency, not joined per entry.
    by_agency = list(
        entries.values("receipt__sender_id")
        .annotate(receipts=Count("receipt_id", distinct=True), **_status_counts(), **_timing())
        .order_by()
    )
    names = dict(
        Organization.objects.filter(pk__in=[line["receipt__sender_id"] for line in by_agency])
        .values_list("pk", "name")
    )  # fmt: skip
    agencies: dict[int, Row] = {}
    for line in sorted(by_agency, key=lambda line: names[line["receipt__sender_id"]]):
        agencies[line["receipt__sender_id"]] = Row(
            line["receipt__sender_id"], names[line["receipt__sender_id"]], line["receipts"],
            *(line[key] for key, _label in STATUSES),
        ).timed(line)  # fmt: skip
    total = Row(None, "Tổng cộng").timed(entries.aggregate(**_timing()))
    if connection.vendor != "postgresql":
        # No median in SQLite: counted from a histogram of answer days per agency (its size
        # bounded by agencies × distinct day counts, not by entries).
        _medians(entries, agencies, total)

    by_title = entries.values("title").annotate(**_status_counts()).order_by()
    counted = {line["title"]: line for line in by_title}
    titles = []
    for code, label in TitleCode.choices:
        line = counted.get(code)
        if line is not None:
            titles.append(Row(code, label, 0, *(line[key] for key, _label in STATUSES)))
    for row in agencies.values():
        total.receipts += row.receipts
        for key, _label in STATUSES:
            setattr(total, key, getattr(total, key) + getattr(row, key))

    quotas, notes, name = [], [], ""
    if year is not None:
        # A quota is across every agency: counted without the agency filter.
        if sender is not None:
            across = entries_of(receipts, year=year).values("title").annotate(**_status_counts())
            counted = {line["title"]: line for line in across.order_by()}
        quotas, notes, name = quota_lines(year, counted, office)
    return Overview(year, years, list(agencies.values()), titles, total, quotas, notes, name)


def quota_lines(year: int, counted: dict, office) -> tuple[list[QuotaLine], list[str], str]:
    """Return the quotas across agencies the rules module states for `year` (the province's
    own parameters applied), live from the counts by title; what it says of the other titles
    received; and the rule set's name. Only what `thidua.rules` states, with its citation."""
    rule_set = rules.rule_set_for(year).with_overrides(office.overrides_for(year))

    def count(title, *keys):
        line = counted.get(title) or {}
        return sum(line.get(key, 0) for key in keys)

    lines = []
    # Cờ thi đua của Chính phủ: a share of the province's units qualified for its own flag.
    flag_units = count("CO_TINH", "granted")
    proposed = count("CO_CP", "waiting", "granted", "refused")
    found = quota_rules.quota_co_cp(flag_units, rule_set)
    if found is not None:
        lines.append(QuotaLine(
            "CO_CP", "{}: không quá {:.0%} tổng số tập thể đủ điều kiện Cờ thi đua cấp tỉnh "
            "({:.0%} × {} = tối đa {}).".format(TitleCode("CO_CP").label, found.share,
                                                 found.share, flag_units, found.max),
            found.source, flag_units, found.max, proposed,
            to_confirm="Số tập thể đủ điều kiện Cờ thi đua cấp tỉnh tính từ các dòng đề nghị Cờ "
            "thi đua cấp tỉnh đã được khen thưởng trong các tờ trình nhận qua hệ thống; tập thể "
            "đủ điều kiện không trình qua hệ thống cần được cộng thêm.",
        ))  # fmt: skip
    else:
        info = quota_rules.higher_level_quota(rule_set)
        if info is not None:
            lines.append(QuotaLine(
                info.title, "{}: {}.".format(TitleCode(info.title).label, info.basis_text),
                info.source, proposed=proposed,
            ))  # fmt: skip
    with_quota = {line.title for line in lines}
    others = [TitleCode(code).label for code, _ in TitleCode.choices
              if code in counted and code not in with_quota]  # fmt: skip
    notes = []
    if others:
        notes.append(
            "Các văn bản áp dụng cho năm {} ({}) không quy định tỷ lệ hoặc số lượng tối đa chung "
            "giữa các cơ quan, đơn vị đối với: {}; số lượng đề nghị do từng cơ quan, đơn vị xét "
            "theo tiêu chuẩn.".format(year, "; ".join(rule_set.instruments), "; ".join(others))
        )
    info = rule_set.info("quotas")
    if info.note:
        notes.append(
            "{} ({}{})".format(
                info.note, cite(info.source), "; cần xác nhận" if info.to_confirm else ""
            )
        )
    return lines, notes, rule_set.name
