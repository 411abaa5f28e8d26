import django_tables2 as tables

from thidua.organization.models import Person


class PersonTable(tables.Table):
    # The table sits in an hx-boost container (sorting, paging); the person link opts out so it
    # opens a whole page instead of being swapped into the table.
    full_name = tables.Column(
        verbose_name="Họ và tên",
        linkify=True,
        order_by=("sort_key", "pk"),
        accessor="full_name",
        attrs={"a": {"hx-boost": "false"}},
    )
    staff_code = tables.Column(verbose_name="Mã")
    current_unit_name = tables.Column(verbose_name="Đơn vị", order_by=("current_unit_name",))
    position = tables.Column(verbose_name="Chức vụ")
    category = tables.Column(verbose_name="Ngạch, loại")
    gender = tables.Column(verbose_name="Giới tính")
    # What an import left blank (no category column in the office's list), to complete later.
    missing = tables.TemplateColumn(
        verbose_name="Còn thiếu",
        orderable=False,
        empty_values=(),
        template_code='{% if record.missing_facts %}<span class="badge text-bg-warning">'
        'Thiếu: {{ record.missing_facts|join:", " }}</span>{% endif %}',
    )

    class Meta:
        model = Person
        fields = ["full_name", "staff_code", "current_unit_name", "position", "category", "gender",
                  "missing"]
        order_by = ("full_name",)
        empty_text = "Không có cán bộ nào phù hợp."
        attrs = {"class": "table table-sm table-hover align-middle", "id": "people"}
