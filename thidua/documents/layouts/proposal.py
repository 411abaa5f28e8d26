"""Word layout of the tờ trình: request, nomination list and the initiative certificate list."""

from thidua.documents.build_templates import (
    CENTER,
    LEFT,
    grid_table,
    loop,
    para,
    recipients_and_signature,
    table_row,
    tag,
    tag_row,
    title_rule,
)

KIND = "proposal"
NUMBERED = True

ROWS_MM = (12, 43, 42, 38, 30)
EVIDENCE_MM = (12, 33, 50, 25, 45)


def nomination_table(document):
    table = grid_table(document, ROWS_MM)
    table_row(table, ["STT", "Họ và tên (tên tập thể)", "Chức vụ, đơn vị",
                      "Danh hiệu, hình thức đề nghị", "Kết quả bỏ phiếu của Hội đồng"],
              ROWS_MM, bold=True, size=11)  # fmt: skip
    tag_row(table, "{%tr for row in rows %}", ROWS_MM)
    cells = table_row(table, ["{{ row.number }}", "{{ row.name }}", "{{ row.position }}",
                              "{{ row.title }}", "{{ row.vote }}"], ROWS_MM)  # fmt: skip
    for cell in cells[1:4]:
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", ROWS_MM)


def evidence_table(document):
    table = grid_table(document, EVIDENCE_MM)
    table_row(table, ["STT", "Họ và tên", "Tên sáng kiến, đề tài", "Cấp công nhận",
                      "Quyết định, giấy chứng nhận"], EVIDENCE_MM, bold=True, size=11)  # fmt: skip
    tag_row(table, "{%tr for row in evidence %}", EVIDENCE_MM)
    cells = table_row(table, ["{{ row.number }}", "{{ row.name }}",
                              "{{ row.kind }}: {{ row.work }}", "{{ row.level }}",
                              "{{ row.decision }}"], EVIDENCE_MM)  # fmt: skip
    for cell in cells[1:]:
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", EVIDENCE_MM)


def body(document):
    para(document, "")
    tag(document, "{%p if draft %}")
    para(document, "DỰ THẢO", align=CENTER, bold=True, italic=True, indent=False, after=0)
    tag(document, "{%p endif %}")
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ title }}", align=CENTER, bold=True, indent=False, after=2)
    title_rule(document)
    para(document, "Kính gửi: {{ addressee }}", align=CENTER, indent=False)
    loop(document, "line in bases", "{{ line }}", italic=True)
    para(document, "{{ request }}")
    loop(document, "line in groups", "{{ line }}")
    para(document, "DANH SÁCH ĐỀ NGHỊ", align=CENTER, bold=True, indent=False, after=0)
    nomination_table(document)
    para(document, "")
    tag(document, "{%p if evidence %}")
    para(document, "DANH SÁCH SÁNG KIẾN, ĐỀ TÀI ĐÃ ĐƯỢC CÔNG NHẬN", align=CENTER, bold=True,
         indent=False, after=0)  # fmt: skip
    evidence_table(document)
    para(document, "")
    tag(document, "{%p endif %}")
    para(document, "{{ attached }}", italic=True)
    para(document, "{{ closing }}")
    para(document, "")
    recipients_and_signature(document)
