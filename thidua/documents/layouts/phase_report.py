"""Word layout of a phase's summary report (báo cáo tổng kết đợt thi đua; thidua.closing)."""

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

KIND = "phase_report"
NUMBERED = True
UNIT_WIDTHS_MM = (12, 40, 63, 50)
COMMENDATION_WIDTHS_MM = (12, 53, 100)


def body(document):
    para(document, "")
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ title }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ subtitle }}", align=CENTER, italic=True, indent=False)
    para(document, "I. KẾT QUẢ ĐẠT ĐƯỢC SO VỚI MỤC ĐÍCH CỦA ĐỢT", bold=True, indent=False)
    tag(document, "{%p for line in achievements %}")
    para(document, "{{ line }}")
    tag(document, "{%p endfor %}")
    para(document, "II. KẾT QUẢ CỦA CÁC ĐƠN VỊ", bold=True, indent=False)
    tag(document, "{%p if units %}")
    widths = UNIT_WIDTHS_MM
    table = grid_table(document, widths)
    table_row(table, ["STT", "Đơn vị", "Kết quả", "Minh chứng"], widths, bold=True, size=12)
    tag_row(table, "{%tr for row in units %}", widths)
    row = table_row(table, ["{{ row.number }}", "{{ row.unit }}", "{{ row.result }}",
                            "{{ row.evidence }}"], widths, size=12)  # fmt: skip
    for cell in row[1:]:
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)
    tag(document, "{%p else %}")
    para(document, "Chưa ghi kết quả theo đơn vị.", italic=True, indent=False)
    tag(document, "{%p endif %}")
    para(document, "III. KHEN THƯỞNG", bold=True, indent=False)
    tag(document, "{%p if commendations %}")
    widths = COMMENDATION_WIDTHS_MM
    table = grid_table(document, widths)
    table_row(table, ["STT", "Cá nhân, tập thể", "Loại khen thưởng, thành tích"], widths,
              bold=True, size=12)  # fmt: skip
    tag_row(table, "{%tr for row in commendations %}", widths)
    row = table_row(table, ["{{ row.number }}", "{{ row.subject }}",
                            "{{ row.kind }}: {{ row.reason }}"], widths, size=12)  # fmt: skip
    for cell in row[1:]:
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)
    tag(document, "{%p for source in sources %}")
    para(document, "Căn cứ: {{ source }}.", indent=False, size=12)
    tag(document, "{%p endfor %}")
    para(document, "{{ commendations_note }}", italic=True, indent=False, size=12)
    tag(document, "{%p else %}")
    para(document, "Không có khen thưởng trong đợt.", italic=True, indent=False)
    tag(document, "{%p endif %}")
    para(document, "")
    recipients_and_signature(document)
