import django_tables2 as tables

from thidua.core.tables import YearColumn
from thidua.decisions.models import Decision


class DecisionTable(tables.Table):
    # The table sits in an hx-boost container (sorting, paging); the link opts out of the swap.
    document_number = tables.Column(
        verbose_name="Số, ký hiệu", linkify=True, order_by=("number",),
        attrs={"a": {"hx-boost": "false"}}, empty_values=(),
    )  # fmt: skip
    year = YearColumn(verbose_name="Năm")
    decided_on = tables.DateColumn(verbose_name="Ngày ký", format="d/m/Y")
    titles = tables.Column(verbose_name="Danh hiệu", accessor="title_names", orderable=False)
    entries = tables.Column(verbose_name="Số người, tập thể", accessor="entry_count",
                            orderable=False)  # fmt: skip
    state = tables.Column(verbose_name="Trạng thái")

    class Meta:
        model = Decision
        fields = ["document_number", "year", "decided_on", "titles", "entries", "state"]
        order_by = ("-year", "-document_number")
        empty_text = "Chưa có quyết định nào."
        attrs = {"class": "table table-sm table-hover align-middle", "id": "decisions"}

    def render_document_number(self, record):
        return record.document_number or "Dự thảo #{}".format(record.pk)
