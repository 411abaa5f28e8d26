"""Word layout of the award decision and its annexed list (decisions/documents.py: the context).

Nghị định 30/2020/NĐ-CP Phụ lục I (quyết định cá biệt) and Hướng dẫn 36-HD/VPTW: the type and
subject centred in bold, the authority in capitals, the legal bases, "QUYẾT ĐỊNH:", the articles,
recipients on the left and the signature on the right; the annex on a new page.
"""

from docx.enum.text import WD_BREAK
from docx.shared import Pt

from thidua.documents.build_templates import (
    BODY_PT,
    CENTER,
    LEFT,
    grid_table,
    para,
    recipients_and_signature,
    table_row,
    tag,
    tag_row,
    title_rule,
)

KIND = "decision"
NUMBERED = True
# STT, họ và tên, chức vụ/đơn vị: 165 mm of text width; one table per title (its heading above).
ANNEX_WIDTHS_MM = (12, 65, 88)


def article(document, label, text):
    """ "Điều 2. …": the label in bold and the text in the same paragraph, one run each."""
    paragraph = para(document, label, bold=True)
    run = paragraph.add_run(text)
    run.font.size = Pt(BODY_PT)
    return paragraph


def annex_table(document):
    """One section per title: its heading, then its numbered list."""
    widths = ANNEX_WIDTHS_MM
    tag(document, "{%p for section in sections %}")
    para(document, "{{ section.heading }}", bold=True, indent=False, after=3)
    table = grid_table(document, widths)
    table_row(table, ["STT", "{{ section.name_header }}", "Chức vụ, đơn vị"], widths, bold=True)
    tag_row(table, "{%tr for row in section.rows %}", widths)
    cells = table_row(table, ["{{ row.number }}", "{{ row.name }}", "{{ row.where }}"], widths)
    for cell in cells[1:]:
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)
    tag(document, "{%p endfor %}")


def body(document):
    para(document, "")
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ title }}", align=CENTER, bold=True, indent=False, after=2)
    title_rule(document)
    para(document, "{{ authority }}", align=CENTER, bold=True, indent=False)
    tag(document, "{%p for line in bases %}")
    para(document, "{{ line }}", italic=True)
    tag(document, "{%p endfor %}")
    para(document, "QUYẾT ĐỊNH:", align=CENTER, bold=True, indent=False)
    para(document, "Điều 1.", bold=True)
    tag(document, "{%p for line in article_one %}")
    para(document, "{{ line }}")
    tag(document, "{%p endfor %}")
    para(document, "{{ article_one_note }}", italic=True)
    article(document, "Điều 2. ", "{{ article_two }}")
    article(document, "Điều 3. ", "{{ article_three }}")
    tag(document, "{%p if revoked %}")
    para(document, "{{ revoked }}", bold=True, italic=True)
    tag(document, "{%p endif %}")
    para(document, "")
    recipients_and_signature(document)

    # The annex starts on its own page.
    para(document, "", indent=False, after=0).add_run().add_break(WD_BREAK.PAGE)
    para(document, "{{ annex_title }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ annex_subtitle }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ annex_reference }}", align=CENTER, italic=True, indent=False)
    annex_table(document)
    para(document, "Tổng số: {{ count }}", bold=True, indent=False)
