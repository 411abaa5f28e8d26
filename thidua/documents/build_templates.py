"""Write the Word templates of templates_docx/ (docxtpl tags in a python-docx document).

    .venv/bin/python -m thidua.documents.build_templates

The committed .docx files are what renders; this script is how they were made, so a maintainer can
change the layout here and regenerate, or open the .docx in Word and edit it there (type each
``{{ tag }}`` in one go so it stays in one run). Layout per Nghị định 30/2020/NĐ-CP (state) and
Hướng dẫn 36-HD/VPTW (Party): A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New
Roman 14 pt body; header as two borderless columns wide enough for its lines; page numbers from
page 2, centred at the top; Vietnamese (vi-VN) as the language. docs/document-layout.md gives the
rule and source of each element; tests/integration/test_documents_office.py checks them in
LibreOffice.
"""

import io
import zipfile
from datetime import datetime
from functools import partial
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

TEMPLATES_DOCX = Path(__file__).resolve().parent / "templates_docx"
FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_MM = 210 - 30 - 15
FIXED_TIME = datetime(2022, 3, 8)
LANGUAGE = "vi-VN"
PAGE_NUMBER_PT = 13
# The header table is wider than the text (it reaches 15 mm into the left margin, as the forms of
# NĐ 30 Phụ lục I are laid out) so its lines never wrap: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in
# bold 13 pt measures 95.7 mm in Times New Roman (Liberation Serif's metrics), "ĐẢNG CỘNG SẢN VIỆT
# NAM" in bold 15 pt 72.9 mm, "TRƯỜNG CHÍNH TRỊ TRẦN PHÚ" in bold 14 pt 76.9 mm (13 pt: 71.4 mm).
HEADER_OUTDENT_MM = 15
HEADER_WIDTH_MM = TEXT_WIDTH_MM + HEADER_OUTDENT_MM
STATE_HEADER_LEFT_MM = 80  # right: 100 mm for the national heading
PARTY_HEADER_LEFT_MM = 90  # right: 90 mm for "ĐẢNG CỘNG SẢN VIỆT NAM" and the place-date line
# Grid tables: 1 mm padding each side (Word's default is 1.9 mm), so a 12 mm "STT" column holds
# "STT" in bold 12 pt (8.0 mm) and "100" without wrapping.
CELL_PADDING_MM = 1
# … and 2 pt above and below the text, as the PDF's tables (``padding: 2pt …``): a row is as high in
# Word as in the PDF, so a long list (the 5,000-name annex) runs to the same pages.
CELL_PADDING_PT = 2

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    # Single spacing (NĐ 30: at least single, at most 1.5 lines): Word's single line of Times New
    # Roman is 1.15 em, the PDF's CSS line-height 1.15, so both set the same lines per page.
    normal.paragraph_format.line_spacing = 1.0
    document.core_properties.language = LANGUAGE
    set_language(document)
    page_numbers(section)
    document.core_properties.author = "thidua"
    # Fixed, so regenerating an unchanged layout gives the same files.
    document.core_properties.created = document.core_properties.modified = FIXED_TIME
    document.core_properties.last_modified_by = "thidua"
    document.core_properties.revision = 1
    return document


def set_language(document) -> None:
    """Vietnamese as the language of every style and of the defaults (Word checks spelling by it),
    and Times New Roman as the default font (not the theme's)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for style in [defaults] + list(styles.iter(qn("w:rPr"))):
        lang = style.find(qn("w:lang"))
        if lang is None and style is not defaults:
            continue
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), LANGUAGE)
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)


def field(paragraph, instruction: str, size=PAGE_NUMBER_PT):
    """A Word field (PAGE) in its own run: begin, instruction, separate, a placeholder, end."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " {} ".format(instruction)
            run._r.append(element)
        else:
            run.text = text


def page_numbers(section) -> None:
    """NĐ 30 Phụ lục I: the page number from page 2, centred in the top margin; none on page 1."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Mm(0)
    paragraph.paragraph_format.space_after = Pt(0)
    field(paragraph, "PAGE")
    section.first_page_header.paragraphs[0].paragraph_format.space_after = Pt(0)


def keep_with_next(paragraph, keep=True):
    paragraph.paragraph_format.keep_with_next = keep
    return paragraph


def row_properties(row, *, header=False):
    """A row never splits across pages; a header row repeats on each page the table runs to."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


# The order WordprocessingML requires of a table's properties (Word refuses another order).
TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                "shd", "tblLayout", "tblCellMar", "tblLook")  # fmt: skip


def insert_ordered(parent, child, order) -> None:
    name = child.tag.split("}")[1]
    later = order[order.index(name) + 1 :]
    for index, existing in enumerate(parent):
        if existing.tag.split("}")[1] in later:
            parent.insert(index, child)
            return
    parent.append(child)


def twips(mm) -> str:
    return str(int(Mm(mm).twips))


def table_properties(table, *, indent_mm=0, padding_mm=None, padding_pt=0):
    """The table's indent from the text's left edge, its cells' left and right padding (mm) and
    top and bottom padding (pt)."""
    properties = table._tbl.tblPr
    if indent_mm:
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), twips(indent_mm))
        indent.set(qn("w:type"), "dxa")
        insert_ordered(properties, indent, TBL_PR_ORDER)
    if padding_mm is not None:
        margins = OxmlElement("w:tblCellMar")
        sides = (("top", str(padding_pt * 20)), ("left", twips(padding_mm)),
                 ("bottom", str(padding_pt * 20)), ("right", twips(padding_mm)))  # fmt: skip
        for side, width in sides:
            margin = OxmlElement("w:{}".format(side))
            margin.set(qn("w:w"), width)
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        insert_ordered(properties, margins, TBL_PR_ORDER)


def para(container, text="", *, align=JUSTIFY, bold=False, italic=False, underline=False,
         size=BODY_PT, indent=True, after=6):  # fmt: skip
    """Add one paragraph with one run (so a docxtpl tag in it is never split)."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Mm(10) if indent else Mm(0)
    fmt.space_after = Pt(after)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)
    return paragraph


def tag(container, text):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); docxtpl removes it."""
    return para(container, text, indent=False, after=0)


def loop(container, expression, line, **style):
    """Three paragraphs: {%p for … %}, the repeated line, {%p endfor %}."""
    tag(container, "{%p for " + expression + " %}")
    para(container, line, **style)
    tag(container, "{%p endfor %}")


def cell_para(cell, text="", **style):
    style.setdefault("align", CENTER)
    style.setdefault("indent", False)
    style.setdefault("after", 0)
    return para(cell, text, **style)


def two_columns(document, left_mm, *, total_mm=TEXT_WIDTH_MM, outdent_mm=0, keep=True):
    """A borderless table of one row and two columns (header, signature blocks).

    The row never splits across pages (a signer's title never parts from the name) and, with
    ``keep``, the two paragraphs before it keep with it, so a signature never stands alone on
    the last page. ``outdent_mm`` pulls a wider table into the left margin (the header).
    """
    if keep:
        keep_previous(document)
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    if outdent_mm:
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table_properties(table, indent_mm=-outdent_mm, padding_mm=0)
    else:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    row_properties(table.rows[0])
    widths = (Mm(left_mm), Mm(total_mm - left_mm))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    return table.rows[0].cells


def signers(document, left_mm=80):
    """The signature blocks of a paper two sides sign (a council's minutes, its vote count):
    the context's ``signers``, two of them, each a title over a space to sign and a name, once
    for each of its ``names`` (the counting committee's members sign one under another). The
    HTML twin is ``documents/signers.html``."""
    for index, cell in enumerate(two_columns(document, left_mm)):
        signer = "signers[{}]".format(index)
        cell_para(cell, "{{ " + signer + ".title }}", bold=True)
        cell_para(cell, "{%p for name in " + signer + ".names %}")
        for _ in range(4):
            cell_para(cell, "")
        cell_para(cell, "{{ name }}", bold=True)
        cell_para(cell, "{%p endfor %}")


def keep_previous(document, count=2) -> None:
    """Keep the last ``count`` paragraphs of the body (docxtpl tags aside) with what follows."""
    body = document.element.body
    kept = 0
    for element in reversed(list(body)):
        if element.tag == qn("w:sectPr"):
            continue
        if element.tag != qn("w:p"):
            break
        text = "".join(node.text or "" for node in element.iter(qn("w:t")))
        if text.startswith("{%"):
            continue
        keep_with_next(Paragraph(element, document._body))
        kept += 1
        if kept == count:
            break


def rule(cell, width_mm, column_mm):
    """A short solid line centred under the line above it (NĐ 30 Phụ lục I: under the issuing
    body's name and under the trích yếu, 1/3 to 1/2 of the line's length): an empty paragraph
    indented to the line's width, with a bottom border."""
    paragraph = para(cell, "", align=CENTER, indent=False, after=0)
    side = Mm((column_mm - width_mm) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.line_spacing = Pt(4)
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr comes after keepNext/keepLines/pageBreakBefore… and before spacing and indent.
    for index, child in enumerate(properties):
        if child.tag in (qn("w:shd"), qn("w:tabs"), qn("w:spacing"), qn("w:ind"), qn("w:jc")):
            properties.insert(index, borders)
            break
    else:
        properties.append(borders)
    return paragraph


def optional(cell, line, always, **style):
    """The number line: always there (the plan), or only when the context gives one (a list)."""
    if not always:
        tag(cell, "{%p if number_line %}")
    cell_para(cell, line, **style)
    if not always:
        tag(cell, "{%p endif %}")


def party_header(document, *, number=True):
    """Hướng dẫn 36-HD/VPTW: parent body, issuing body in bold, '*', "Số 3-KH/TCTTP" | heading.

    ``number=False``: a list has no number; the line is kept only if the context has one.
    """
    left, right = two_columns(document, PARTY_HEADER_LEFT_MM, total_mm=HEADER_WIDTH_MM,
                              outdent_mm=HEADER_OUTDENT_MM, keep=False)  # fmt: skip
    tag(left, "{%p if parent_body %}")
    cell_para(left, "{{ parent_body }}")
    tag(left, "{%p endif %}")
    cell_para(left, "{{ issuer }}", bold=True)
    cell_para(left, "*")
    optional(left, "{{ number_line }}", number)
    cell_para(right, "{{ heading }}", bold=True, underline=True, size=15)
    cell_para(right, "")
    cell_para(right, "{{ place_date }}", italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


def state_header(document, *, number=True):
    """Nghị định 30/2020: parent and issuing body, "Số: …" | national heading, motto, place-date."""
    left, right = two_columns(document, STATE_HEADER_LEFT_MM, total_mm=HEADER_WIDTH_MM,
                              outdent_mm=HEADER_OUTDENT_MM, keep=False)  # fmt: skip
    tag(left, "{%p if parent_body %}")
    cell_para(left, "{{ parent_body }}", size=13)
    tag(left, "{%p endif %}")
    cell_para(left, "{{ issuer }}", bold=True, size=13)
    rule(left, 30, STATE_HEADER_LEFT_MM)
    cell_para(left, "")
    optional(left, "{{ number_line }}", number, size=13)
    cell_para(right, "{{ heading }}", bold=True, size=13)
    cell_para(right, "{{ motto }}", bold=True, underline=True)
    cell_para(right, "")
    cell_para(right, "{{ place_date }}", italic=True)


def recipients_and_signature(document):
    """The footer of a decision, a plan or a tờ trình: "Nơi nhận:" and its lines on the left,
    the signer's title, room to sign and name on the right (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""
    left, right = two_columns(document, 80)
    cell_para(left, "Nơi nhận:", bold=True, italic=True, size=12, align=LEFT)
    tag(left, "{%p for line in recipients %}")
    cell_para(left, "- {{ line }}", size=11, align=LEFT)
    tag(left, "{%p endfor %}")
    tag(right, "{%p if signer_authority %}")
    cell_para(right, "{{ signer_authority }}", bold=True)
    tag(right, "{%p endif %}")
    cell_para(right, "{{ signer_title }}", bold=True)
    for _ in range(4):
        cell_para(right, "")
    cell_para(right, "{{ signer_name }}", bold=True)


def plan_body(document):
    para(document, "")
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ title }}", align=CENTER, bold=True, indent=False, after=0)
    title_rule(document)
    tag(document, "{%p if slogan %}")
    para(document, "{{ slogan }}", align=CENTER, bold=True, italic=True, indent=False)
    tag(document, "{%p endif %}")
    para(document, "")
    loop(document, "line in preamble", "{{ line }}")

    para(document, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    loop(document, "line in purposes", "- {{ line }}")

    para(document, "II. CHỦ ĐỀ, NỘI DUNG, CHỈ TIÊU", bold=True)
    para(document, "1. Chủ đề", bold=True)
    para(document, "{{ theme }}")
    para(document, "2. Nội dung", bold=True)
    loop(document, "item in content_items", "- {{ item }}")
    # The seed numbers the targets "2." too; kept as the seed writes it.
    para(document, "2. Chỉ tiêu", bold=True)
    tag(document, "{%p for group in target_groups %}")
    tag(document, "{%p if group.name %}")
    para(document, "{{ group.name }}:", italic=True)
    tag(document, "{%p endif %}")
    loop(document, "line in group.lines", "- {{ line }}")
    tag(document, "{%p endfor %}")

    para(document, "III. TỔ CHỨC THỰC HIỆN", bold=True)
    loop(document, "item in organization_items", "{{ loop.index }}. {{ item }}")

    para(document, "IV. ĐỀ XUẤT VÀ KIẾN NGHỊ", bold=True)
    para(document, "1. Đề xuất danh hiệu thi đua: {{ proposed_titles }}")
    para(document, "2. Đề xuất các hình thức khen thưởng: {{ proposed_forms }}")
    para(document, "")

    recipients_and_signature(document)


# The registration list's table: STT, name, position, one column per individual title, note.
# The title columns are as many as registrations.actions.PERSON_REGISTRABLE (a test checks it);
# their heads come from the context (``columns``).
LIST_WIDTHS_MM = (12, 40, 27, 13, 13, 13, 13, 13, 21)
LIST_TITLE_COLUMNS = len(LIST_WIDTHS_MM) - 4
TABLE_PT = 12


def set_cell_width(cell, width_mm):
    cell.width = Mm(width_mm)


def grid_table(document, widths_mm):
    """A bordered table with fixed column widths (style "Table Grid")."""
    table = document.add_table(rows=0, cols=len(widths_mm))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table_properties(table, padding_mm=CELL_PADDING_MM, padding_pt=CELL_PADDING_PT)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def table_row(table, texts, widths_mm, **style):
    """One row, one paragraph per cell (a docxtpl tag in it stays in one run)."""
    style.setdefault("size", TABLE_PT)
    row = table.add_row()
    # The first row is the table's head: repeated on every page; no row splits across pages.
    row_properties(row, header=len(table.rows) == 1)
    cells = row.cells
    for cell, content, width in zip(cells, texts, widths_mm, strict=True):
        set_cell_width(cell, width)
        paragraph = cell.paragraphs[0]
        paragraph.alignment = style.get("align", CENTER)
        paragraph.paragraph_format.first_line_indent = Mm(0)
        paragraph.paragraph_format.space_after = Pt(0)
        if content:
            run = paragraph.add_run(content)
            run.bold, run.italic = style.get("bold", False), style.get("italic", False)
            run.font.size = Pt(style["size"])
    return cells


def tag_row(table, text, widths_mm):
    """A row holding only a docxtpl row tag ({%tr … %}); docxtpl removes the row."""
    return table_row(table, [text] + [""] * (len(widths_mm) - 1), widths_mm)


def title_block(document):
    """A blank line, the type and title in bold and the subtitle in italics, centred (the lists,
    the minutes, the vote-count sheet, the achievement report)."""
    para(document, "")
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ title }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ subtitle }}", align=CENTER, italic=True, indent=False)


def list_body(document, layout):
    """The body of every printed list (documents.lists): title block, the optional details line,
    the table of STT and the context's ``headers`` with its ``rows`` in the layout's column
    widths, the count (or the empty message), the optional note, and the signature."""
    title_block(document)
    tag(document, "{%p if details %}")
    para(document, "{{ details }}", indent=False)
    tag(document, "{%p endif %}")
    tag(document, "{%p if rows %}")
    widths = layout.widths_mm
    columns = range(len(widths) - 1)
    table = grid_table(document, widths)
    heads = ["STT"] + ["{{{{ headers[{}] }}}}".format(i) for i in columns]
    table_row(table, heads, widths, bold=True, size=12)
    tag_row(table, "{%tr for row in rows %}", widths)
    cells = ["{{ row.number }}"] + ["{{{{ row.cells[{}] }}}}".format(i) for i in columns]
    row = table_row(table, cells, widths, size=12)
    for index, cell in enumerate(row):
        if index not in layout.centred:
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


def list_table(document):
    widths = LIST_WIDTHS_MM
    table = grid_table(document, widths)
    heads = ["STT", "Họ và tên", "Chức vụ"]
    heads += ["{{{{ columns[{}] }}}}".format(i) for i in range(LIST_TITLE_COLUMNS)]
    heads += ["Ghi chú"]
    table_row(table, heads, widths, bold=True, size=11)
    tag_row(table, "{%tr for row in section.rows %}", widths)
    cells = ["{{ row.number }}", "{{ row.name }}", "{{ row.position }}"]
    cells += ["{{{{ row.marks[{}] }}}}".format(i) for i in range(LIST_TITLE_COLUMNS)]
    cells += ["{{ row.note }}"]
    row = table_row(table, cells, widths)
    for cell in (row[1], row[2], row[-1]):
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)
    totals = ["", "Cộng: {{ section.count }} người", ""]
    totals += ["{{{{ section.totals[{}] }}}}".format(i) for i in range(LIST_TITLE_COLUMNS)]
    totals += [""]
    row = table_row(table, totals, widths, bold=True)
    row[1].paragraphs[0].alignment = LEFT


def totals_table(document):
    widths = (12, 93, 30, 30)
    table = grid_table(document, widths)
    table_row(table, ["STT", "Danh hiệu", "Đối tượng", "Số đăng ký"], widths, bold=True)
    tag_row(table, "{%tr for row in totals %}", widths)
    row = table_row(
        table, ["{{ row.number }}", "{{ row.label }}", "{{ row.subject }}", "{{ row.count }}"],
        widths,
    )  # fmt: skip
    row[1].paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)


def registrations_body(document):
    para(document, "")
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ title }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ subtitle }}", align=CENTER, bold=True, indent=False)
    para(document, "")
    tag(document, "{%p for section in sections %}")
    tag(document, "{%p if consolidated %}")
    para(document, "{{ section.number }}. {{ section.heading }}", bold=True, indent=False)
    tag(document, "{%p endif %}")
    tag(document, "{%p if section.unit_titles %}")
    para(document, "Danh hiệu tập thể đăng ký: {{ section.unit_titles }}", indent=False)
    tag(document, "{%p endif %}")
    tag(document, "{%p if section.rows %}")
    list_table(document)
    tag(document, "{%p else %}")
    para(document, "Chưa có cán bộ đăng ký.", italic=True, indent=False)
    tag(document, "{%p endif %}")
    para(document, "", after=0)
    tag(document, "{%p endfor %}")
    tag(document, "{%p if consolidated %}")
    para(document, "TỔNG HỢP", bold=True, indent=False)
    para(document, "Số cán bộ trong danh sách: {{ people_count }}", indent=False)
    totals_table(document)
    tag(document, "{%p endif %}")
    para(document, "Ghi chú: {{ legend }}", italic=True, indent=False, size=12, after=0)
    para(document, "{{ footnote }}", italic=True, indent=False, size=12)

    left, right = two_columns(document, 55)
    cell_para(left, "")
    tag(right, "{%p for line in signer_lines %}")
    cell_para(right, "{{ line }}", bold=True)
    tag(right, "{%p endfor %}")
    for _ in range(4):
        cell_para(right, "")
    cell_para(right, "{{ signer_name }}", bold=True)


def end(document) -> None:
    """The paragraph Word needs after a final table, 1 pt high: a table that ends at the foot of
    a page does not push it onto an empty last page."""
    paragraph = para(document, "", indent=False, after=0)
    paragraph.paragraph_format.line_spacing = Pt(1)
    paragraph.paragraph_format.space_before = Pt(0)
    run = paragraph.add_run()
    run.font.size = Pt(1)


def title_rule(document, width_mm=40):
    """State layout: the short line under the trích yếu (NĐ 30 Phụ lục I); none in Party papers."""
    tag(document, "{%p if layout == 'state' %}")
    keep_with_next(rule(document, width_mm, TEXT_WIDTH_MM))
    tag(document, "{%p endif %}")


def build(path: Path, header, body=None) -> None:
    document = new_document()
    if body is None:
        header(document)
        plan_body(document)
    else:
        header(document, number=False)
        body(document)
    end(document)
    save_stable(document, path)


def save_stable(document, path: Path) -> bool:
    """Write the document as a zip whose every entry has the same fixed date, order and mode, so
    an unchanged layout gives a byte-identical file (python-docx stamps each entry with the time
    of saving); a file already identical is left untouched. Return whether it was written."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    stamp = FIXED_TIME.timetuple()[:6]
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    data = out.getvalue()
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def layouts() -> dict:
    """Return {kind name: body builder}: this module's, then one per module of `layouts/`.

    A kind added later writes its layout in ``thidua/documents/layouts/<kind>.py`` with ``KIND``
    (its name), ``body(document)`` and optionally ``NUMBERED = True`` (a numbered header), using
    the helpers here; it is picked up without touching this file. A printed list adds its columns
    to ``documents.lists.LISTS`` instead.
    """
    import importlib
    import pkgutil

    from thidua.documents import layouts as package
    from thidua.documents.lists import LISTS

    found = {"plan": (None, True), "registrations": (registrations_body, False)}
    # Every printed list has the one list layout, in its own column widths.
    for name, layout in LISTS.items():
        found[name] = (partial(list_body, layout=layout), False)
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module("{}.{}".format(package.__name__, info.name))
        found[module.KIND] = (module.body, getattr(module, "NUMBERED", False))
    return found


def build_layout(path: Path, header, body, numbered: bool) -> None:
    document = new_document()
    header(document, number=numbered)
    body(document)
    end(document)
    save_stable(document, path)


def main(target: Path = TEMPLATES_DOCX) -> None:
    target.mkdir(exist_ok=True)
    for kind, (body, numbered) in layouts().items():
        for style, header in (("party", party_header), ("state", state_header)):
            path = target / "{}_{}.docx".format(kind, style)
            if body is None:
                build(path, header)
            else:
                build_layout(path, header, body, numbered)
    print("Đã ghi {}".format(", ".join(sorted(p.name for p in target.glob("*.docx")))))


if __name__ == "__main__":
    main()
