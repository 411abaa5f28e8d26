"""Tables of the evidence lists: the subject first, in Vietnamese order, then the record's own
columns and its verification state."""

import django_tables2 as tables
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst

from thidua.core.tables import YearColumn
from thidua.evidence.models import (
    Initiative,
    Leave,
    Research,
    Work,
    YearGrade,
)


def kind_slug(record) -> str:
    """Return the URL name of a record's kind (a grade is a person's or a unit's)."""
    from thidua.evidence.kinds import kind_of  # the registry reads the tables

    return kind_of(record).slug


def record_url(record) -> str:
    return reverse("achievements:evidence", args=[kind_slug(record), record.pk])


# The table sits in an hx-boost container (sorting, paging); links to a record opt out so they
# open a whole page instead of being swapped into the table.
LINK_ATTRS = {"a": {"hx-boost": "false"}}


class DateColumn(tables.DateColumn):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, format="d/m/Y", **kwargs)


class TeamColumn(tables.Column):
    """The names of a record's authors or members, in Vietnamese order (prefetched rows)."""

    def __init__(self, related, *args, **kwargs):
        self.related = related
        kwargs.setdefault("orderable", True)
        kwargs.setdefault("order_by", ("first_sort_key", "pk"))
        kwargs.setdefault("accessor", "pk")
        super().__init__(*args, **kwargs)

    def render(self, record):
        rows = sorted(getattr(record, self.related).all(), key=lambda row: row.person.sort_key)
        return ", ".join(row.person.full_name for row in rows)


class EvidenceTable(tables.Table):
    verification = tables.TemplateColumn(
        verbose_name="Xác nhận",
        template_name="achievements/verification_badge.html",
        order_by=("verification",),
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "evidence"}
        empty_text = "Chưa có minh chứng nào phù hợp."
        row_attrs = {"data-pk": lambda record: record.pk}


class PersonEvidenceTable(EvidenceTable):
    """A record about one person: their name links to the record."""

    person = tables.Column(
        verbose_name="Cán bộ",
        linkify=record_url,
        order_by=("person__sort_key", "pk"),
        accessor="person__full_name",
        attrs=LINK_ATTRS,
    )
    current_unit_name = tables.Column(
        verbose_name="Đơn vị", order_by=("current_unit_name",), default="—"
    )


class UnitGradeTable(EvidenceTable):
    unit = tables.Column(verbose_name="Đơn vị", linkify=record_url, attrs=LINK_ATTRS)
    year = YearColumn(verbose_name="Năm")

    class Meta(EvidenceTable.Meta):
        model = YearGrade
        fields = ["unit", "year", "grade", "verification"]
        order_by = ("unit", "-year")


class InitiativeTable(EvidenceTable):
    title = tables.Column(verbose_name="Tên sáng kiến", linkify=record_url, attrs=LINK_ATTRS)
    authors = TeamColumn("authorships", verbose_name="Tác giả")
    year = YearColumn(verbose_name="Năm")

    class Meta(EvidenceTable.Meta):
        model = Initiative
        fields = ["title", "authors", "year", "level", "decision_number", "verification"]
        order_by = ("-year", "title")


class ResearchTable(EvidenceTable):
    title = tables.Column(verbose_name="Tên đề tài, đề án", linkify=record_url, attrs=LINK_ATTRS)
    members = TeamColumn("memberships", verbose_name="Thành viên")
    started_year = YearColumn(verbose_name="Năm bắt đầu")
    accepted_on = DateColumn(verbose_name="Nghiệm thu")

    class Meta(EvidenceTable.Meta):
        model = Research
        fields = [
            "title", "members", "kind", "level", "started_year", "accepted_on", "result",
            "verification",
        ]  # fmt: skip
        order_by = ("-started_year", "title")


class WorkTable(EvidenceTable):
    title = tables.Column(verbose_name="Tên công trình", linkify=record_url, attrs=LINK_ATTRS)
    authors = TeamColumn("authorships", verbose_name="Tác giả")
    year = YearColumn(verbose_name="Năm")

    class Meta(EvidenceTable.Meta):
        model = Work
        fields = ["title", "authors", "kind", "venue", "year", "verification"]
        order_by = ("-year", "title")


class LeaveTable(PersonEvidenceTable):
    started_on = DateColumn(verbose_name="Từ ngày")
    ended_on = DateColumn(verbose_name="Đến ngày")
    days = tables.Column(verbose_name="Số ngày", orderable=False)

    class Meta(EvidenceTable.Meta):
        model = Leave
        fields = [
            "person", "current_unit_name", "kind", "started_on", "ended_on", "days",
            "verification",
        ]  # fmt: skip
        order_by = ("person", "-started_on")


def person_table(model, fields: tuple[str, ...], order_by: tuple[str, ...]) -> type:
    """Return the list of a kind about one person, made from its model: the person and their
    unit, the record's own `fields` headed by their verbose names (dates as dd/mm/yyyy, years
    as written), then its verification; a kind whose list needs more declares its own table."""
    columns = {}
    for name in fields:
        field = model._meta.get_field(name)
        header = capfirst(field.verbose_name)
        if isinstance(field, models.DateField):
            columns[name] = DateColumn(verbose_name=header)
        elif name == "year" or name.endswith("_year"):
            columns[name] = YearColumn(verbose_name=header)
    meta = type(
        "Meta",
        (EvidenceTable.Meta,),
        {
            "model": model,
            "fields": ["person", "current_unit_name", *fields, "verification"],
            "order_by": order_by,
        },
    )
    return type("{}Table".format(model.__name__), (PersonEvidenceTable,), {**columns, "Meta": meta})
