"""Write the Word templates of templates_docx/ (docxtpl tags in a python-docx document).

    .venv/bin/python -m thidua.documents.build_templates

The committed .docx files are what renders; this script is how they were made, so a maintainer can
change the layout here and regenerate, or open the .docx in Word and edit it there (type each
``{{ tag }}`` in one go so it stays in one run). Layout per Nghị định 30/2020/NĐ-CP (state) and
Hướng dẫn 36-HD/VPTW (Party): A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New
Roman 14 pt body; header as two borderless columns.
"""

from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TEMPLATES_DOCX = Path(__file__).resolve().parent / "templates_docx"
FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_MM = 210 - 30 - 15
FIXED_TIME = datetime(2022, 3, 8)

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
    normal.paragraph_format.line_spacing = 1.15
    document.core_properties.language = "vi-VN"
    document.core_properties.author = "thidua"
    # Fixed, so regenerating an unchanged layout gives the same files.
    document.core_properties.created = document.core_properties.modified = FIXED_TIME
    document.core_properties.last_modified_by = "thidua"
    document.core_properties.revision = 1
    return document


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


def two_columns(document, left_mm):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Mm(left_mm), Mm(TEXT_WIDTH_MM - left_mm))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    return table.rows[0].cells


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
    left, right = two_columns(document, 80)
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
    left, right = two_columns(document, 70)
    tag(left, "{%p if parent_body %}")
    cell_para(left, "{{ parent_body }}", size=13)
    tag(left, "{%p endif %}")
    cell_para(left, "{{ issuer }}", bold=True, size=13)
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
    cell_para(right, "{{ signer_title }}", bold=True)
    for _ in range(4):
        cell_para(right, "")
    cell_para(right, "{{ signer_name }}", bold=True)


def plan_body(document):
    para(document, "")
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ title }}", align=CENTER, bold=True, indent=False, after=0)
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
LIST_WIDTHS_MM = (10, 44, 28, 12, 12, 12, 12, 12, 23)
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
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def table_row(table, texts, widths_mm, **style):
    """One row, one paragraph per cell (a docxtpl tag in it stays in one run)."""
    style.setdefault("size", TABLE_PT)
    cells = table.add_row().cells
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
    widths = (10, 95, 30, 30)
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


def build(path: Path, header, body=None) -> None:
    document = new_document()
    if body is None:
        header(document)
        plan_body(document)
    else:
        header(document, number=False)
        body(document)
    document.save(path)


def layouts() -> dict:
    """Return {kind name: body builder}: this module's, then one per module of `layouts/`.

    A kind added later writes its layout in ``thidua/documents/layouts/<kind>.py`` with ``KIND``
    (its name), ``body(document)`` and optionally ``NUMBERED = True`` (a numbered header), using
    the helpers here; it is picked up without touching this file.
    """
    import importlib
    import pkgutil

    from thidua.documents import layouts as package

    found = {"plan": (None, True), "registrations": (registrations_body, False)}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module("{}.{}".format(package.__name__, info.name))
        found[module.KIND] = (module.body, getattr(module, "NUMBERED", False))
    return found


def build_layout(path: Path, header, body, numbered: bool) -> None:
    document = new_document()
    header(document, number=numbered)
    body(document)
    document.save(path)


def main() -> None:
    TEMPLATES_DOCX.mkdir(exist_ok=True)
    for kind, (body, numbered) in layouts().items():
        for style, header in (("party", party_header), ("state", state_header)):
            path = TEMPLATES_DOCX / "{}_{}.docx".format(kind, style)
            if body is None:
                build(path, header)
            else:
                build_layout(path, header, body, numbered)
    print("Đã ghi {}".format(", ".join(sorted(p.name for p in TEMPLATES_DOCX.glob("*.docx")))))


if __name__ == "__main__":
    main()
