"""Word layout of a certificate (Giấy khen, giấy chứng nhận danh hiệu), A4 landscape."""

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from thidua.documents.build_templates import CENTER, cell_para, para, two_columns

KIND = "certificate"
NUMBERED = False
# The PDF's frame (certificate.html: ``border: 3pt double #8a1c1c; padding: 8mm 12mm``) as a Word
# page border: double, 3 pt (w:sz in eighths of a point), 8 mm (≈ 23 pt) from the text.
FRAME_COLOR = "8A1C1C"


def frame(section) -> None:
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "text")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement("w:{}".format(side))
        for key, value in (("w:val", "double"), ("w:sz", "24"), ("w:space", "23"),
                           ("w:color", FRAME_COLOR)):  # fmt: skip
            border.set(qn(key), value)
        borders.append(border)
    # pgBorders follows pgSz, pgMar and paperSrc in a section's properties.
    properties = section._sectPr
    margins = properties.find(qn("w:pgMar"))
    margins.addnext(borders)


def body(document):
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(25)
    frame(section)
    para(document, "")
    para(document, "{{ authority }}", align=CENTER, bold=True, indent=False, size=16)
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, size=36)
    para(document, "{{ verb }}", align=CENTER, bold=True, indent=False, size=16)
    para(document, "{{ name }}", align=CENTER, bold=True, indent=False, size=26)
    para(document, "{{ where }}", align=CENTER, italic=True, indent=False, size=16)
    para(document, "{{ reason }}", align=CENTER, indent=False, size=18)
    para(document, "{{ reference }}", align=CENTER, italic=True, indent=False, size=13)
    left, right = two_columns(document, 80)
    cell_para(left, "")
    cell_para(right, "{{ signer_title }}", bold=True)
    for _ in range(3):
        cell_para(right, "")
    cell_para(right, "{{ signer_name }}", bold=True)
    cell_para(right, "{{ revoked }}", italic=True, size=11)
