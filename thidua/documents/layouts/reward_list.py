"""Word layout of a decision's bảng kê tiền thưởng (rewards app): the lines with coefficient,
base salary and amount, the totals, the law it was computed under."""

from thidua.documents.build_templates import (
    CENTER,
    LEFT,
    grid_table,
    para,
    recipients_and_signature,
    table_row,
    tag,
    tag_row,
)

KIND = "reward_list"
NUMBERED = False
WIDTHS_MM = (12, 38, 33, 13, 24, 24, 21)


def body(document):
    para(document, "")
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ title }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ subtitle }}", align=CENTER, italic=True, indent=False)
    tag(document, "{%p if revoked %}")
    para(document, "{{ revoked }}", bold=True, indent=False)
    tag(document, "{%p endif %}")
    tag(document, "{%p if rows %}")
    widths = WIDTHS_MM
    table = grid_table(document, widths)
    table_row(table, ["STT", "Cá nhân, tập thể", "Danh hiệu, hình thức", "Hệ số",
                      "Lương cơ sở", "Số tiền", "Ghi chú"], widths, bold=True,
              size=11)  # fmt: skip
    tag_row(table, "{%tr for row in rows %}", widths)
    cells = ["{{ row.number }}", "{{ row.name }}{% if row.detail %} ({{ row.detail }}){% endif %}",
             "{{ row.title }}", "{{ row.coefficient }}", "{{ row.base_salary }}",
             "{{ row.amount }}", "{{ row.note }}"]  # fmt: skip
    row = table_row(table, cells, widths, size=11)
    for cell in (row[1], row[2], row[6]):
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)
    total = table_row(table, ["", "Tổng cộng", "", "", "", "{{ total }}", ""], widths,
                      bold=True, size=11)  # fmt: skip
    total[1].paragraphs[0].alignment = LEFT
    para(document, "{{ totals }}", indent=False, after=0)
    para(document, "{{ in_words }}", indent=False)
    tag(document, "{%p else %}")
    para(document, "{{ empty }}", italic=True, indent=False)
    tag(document, "{%p endif %}")
    para(document, "Căn cứ tính:", bold=True, indent=False, after=0, size=12)
    tag(document, "{%p for line in sources %}")
    para(document, "- {{ line }}", indent=False, after=0, size=12)
    tag(document, "{%p endfor %}")
    tag(document, "{%p if review %}")
    para(document, "{{ review }}", italic=True, indent=False, size=12)
    tag(document, "{%p endif %}")
    para(document, "")
    recipients_and_signature(document)
