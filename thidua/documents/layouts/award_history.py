"""Word layout of a person's or a unit's award history (trích sổ khen thưởng)."""

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

KIND = "award_history"
NUMBERED = False
WIDTHS_MM = (12, 14, 53, 36, 50)


def body(document):
    para(document, "")
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ title }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ subtitle }}", align=CENTER, italic=True, indent=False)
    tag(document, "{%p if details %}")
    para(document, "{{ details }}", indent=False)
    tag(document, "{%p endif %}")
    tag(document, "{%p if rows %}")
    widths = WIDTHS_MM
    table = grid_table(document, widths)
    table_row(table, ["STT", "Năm", "Danh hiệu, hình thức", "Số, ngày quyết định",
                      "Cơ quan quyết định"], widths, bold=True, size=12)  # fmt: skip
    tag_row(table, "{%tr for row in rows %}", widths)
    cells = ["{{ row.number }}", "{{ row.period }}",
             "{{ row.title }}{% if row.note %} ({{ row.note }}){% endif %}",
             "{{ row.decision }}", "{{ row.issued_by }}"]  # fmt: skip
    row = table_row(table, cells, widths, size=12)
    for cell in (row[2], row[3], row[4]):
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)
    para(document, "{{ count }}", indent=False)
    tag(document, "{%p else %}")
    para(document, "{{ empty }}", italic=True, indent=False)
    tag(document, "{%p endif %}")
    para(document, "")
    recipients_and_signature(document)
