"""Word layout of a review list as printed from a screen (bản in): the eligibility overview of a
year, the nominations put to a council session. Four columns after STT, named by the context's
``headers``, so one layout serves every such list.

The PDF (templates/documents/review_list.html) reads ``WIDTHS_MM`` through the ``column_widths``
tag and pads its cells as ``grid_table`` does (1 mm each side, 2 pt above and below), so a row
wraps at the same words and is as high in Word as in the PDF: both run to the same pages.
"""

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
# STT 12 mm (bold 12 pt "STT" is 8.0 mm), then 153 mm: a name with its academic title ("Nguyễn
# Thị Thu Bình" 37.5 mm at 12 pt), a unit ("Khoa Xây dựng Đảng" 37.2 mm), the two lists of titles.
WIDTHS_MM = (12, 42, 40, 36, 35)


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
