"""Word layout of a review list as printed from a screen (bản in): the eligibility overview of a
year, the nominations put to a council session. Four columns after STT, named by the context's
``headers``, so one layout serves every such list."""

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

KIND = "review_list"
NUMBERED = False
WIDTHS_MM = (10, 45, 35, 37, 38)


def body(document):
    para(document, "")
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ title }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ subtitle }}", align=CENTER, italic=True, indent=False)
    tag(document, "{%p if rows %}")
    widths = WIDTHS_MM
    table = grid_table(document, widths)
    table_row(table, ["STT", "{{ headers[0] }}", "{{ headers[1] }}", "{{ headers[2] }}",
                      "{{ headers[3] }}"], widths, bold=True, size=12)  # fmt: skip
    tag_row(table, "{%tr for row in rows %}", widths)
    cells = ["{{ row.number }}", "{{ row.cells[0] }}", "{{ row.cells[1] }}",
             "{{ row.cells[2] }}", "{{ row.cells[3] }}"]  # fmt: skip
    row = table_row(table, cells, widths, size=12)
    for cell in row[1:]:
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)
    para(document, "{{ count }}", indent=False)
    tag(document, "{%p else %}")
    para(document, "{{ empty }}", italic=True, indent=False)
    tag(document, "{%p endif %}")
    tag(document, "{%p if note %}")
    para(document, "{{ note }}", italic=True, indent=False)
    tag(document, "{%p endif %}")
    para(document, "")
    recipients_and_signature(document)
