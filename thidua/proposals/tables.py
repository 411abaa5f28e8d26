import django_tables2 as tables

from thidua.core.tables import YearColumn
from thidua.proposals.models import Proposal


class ProposalTable(tables.Table):
    # The table sits in an hx-boost container (sorting, paging); the link opts out of the swap.
    number = tables.Column(
        verbose_name="Số", accessor="document_number", linkify=True, order_by=("number",),
        attrs={"a": {"hx-boost": "false"}},
    )  # fmt: skip
    year = YearColumn(verbose_name="Năm")
    body = tables.Column(verbose_name="Cấp trình")
    dated_on = tables.DateColumn(verbose_name="Ngày", format="d/m/Y")
    state = tables.Column(verbose_name="Trạng thái")
    decision_number = tables.Column(verbose_name="Quyết định của cấp trên")

    class Meta:
        model = Proposal
        fields = ["number", "year", "body", "dated_on", "state", "decision_number"]
        order_by = ("-year", "-number")
        empty_text = "Chưa có tờ trình nào."
        attrs = {"class": "table table-sm table-hover align-middle", "id": "proposals"}
