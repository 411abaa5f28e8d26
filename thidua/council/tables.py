import django_tables2 as tables

from thidua.core.tables import YearColumn
from thidua.council.models import CouncilSession, Nomination


class NominationTable(tables.Table):
    # The table sits in an hx-boost container (sorting, paging); the link opts out of the swap.
    subject = tables.Column(
        verbose_name="Đề nghị cho",
        accessor="subject_name",
        linkify=True,
        order_by=("person__sort_key", "unit__name"),
        attrs={"a": {"hx-boost": "false"}},
    )
    title = tables.Column(verbose_name="Danh hiệu, hình thức")
    year = YearColumn(verbose_name="Năm")
    verdict = tables.TemplateColumn(
        verbose_name="Xét điều kiện", template_name="council/verdict_cell.html"
    )
    state = tables.Column(verbose_name="Trạng thái")
    proposed_at = tables.DateTimeColumn(verbose_name="Đề nghị lúc", format="d/m/Y H:i")

    class Meta:
        model = Nomination
        fields = ["subject", "title", "year", "verdict", "state", "proposed_at"]
        order_by = ("-proposed_at",)
        empty_text = "Chưa có đề nghị nào."
        attrs = {"class": "table table-sm table-hover align-middle", "id": "nominations"}


class CouncilSessionTable(tables.Table):
    name = tables.Column(verbose_name="Phiên họp", linkify=True,
                         attrs={"a": {"hx-boost": "false"}})  # fmt: skip
    year = YearColumn(verbose_name="Năm")
    # The day the council met, as entered; not when the record was opened.
    meeting_on = tables.DateColumn(verbose_name="Ngày họp", format="d/m/Y")
    place = tables.Column(verbose_name="Địa điểm")
    state = tables.Column(verbose_name="Trạng thái", accessor="get_state_display",
                          orderable=False)  # fmt: skip

    class Meta:
        model = CouncilSession
        fields = ["name", "year", "meeting_on", "place", "state"]
        order_by = ("-meeting_on",)
        empty_text = "Chưa có phiên họp nào."
        attrs = {"class": "table table-sm table-hover align-middle", "id": "sessions"}
