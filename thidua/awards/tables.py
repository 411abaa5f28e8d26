import django_tables2 as tables
from django.utils.html import format_html

from thidua.awards.models import Award


class AwardTable(tables.Table):
    year = tables.Column(verbose_name="Năm", order_by=("year", "pk"))
    subject = tables.Column(
        verbose_name="Cá nhân, tập thể",
        empty_values=(),
        order_by=("person__sort_key", "unit__name"),
    )
    code = tables.Column(verbose_name="Danh hiệu, hình thức")
    decision = tables.Column(
        verbose_name="Số, ngày quyết định", empty_values=(), order_by=("decided_on", "pk")
    )
    issued_by = tables.Column(verbose_name="Cơ quan quyết định")
    source = tables.Column(verbose_name="Nguồn")

    class Meta:
        model = Award
        fields = ["year", "subject", "code", "decision", "issued_by", "source"]
        order_by = ("-year",)
        empty_text = "Sổ khen thưởng chưa có khen thưởng nào phù hợp."
        attrs = {"class": "table table-sm table-hover align-middle", "id": "awards"}
        row_attrs = {"class": lambda record: "text-decoration-line-through text-body-secondary"
                     if record.revoked_on else ""}  # fmt: skip

    def render_year(self, value):
        return str(value)

    def render_subject(self, record):
        # The link opens a whole page rather than being swapped into the table (hx-boost).
        return format_html(
            '<a href="{}" hx-boost="false">{}</a>', record.get_absolute_url(), record.subject_name
        )

    def render_decision(self, record):
        text = "{}, {:%d/%m/%Y}".format(record.decision_number, record.decided_on)
        if record.revoked_on:
            text += " (đã thu hồi)"
        return text
