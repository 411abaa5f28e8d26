"""Word layout of the council's minutes (biên bản họp Hội đồng Thi đua – Khen thưởng)."""

from thidua.documents.build_templates import (
    LEFT,
    grid_table,
    loop,
    para,
    signers,
    table_row,
    tag,
    tag_row,
    title_block,
)

KIND = "minutes"
NUMBERED = False
MEMBER_WIDTHS_MM = (12, 68, 50, 35)
RESULT_WIDTHS_MM = (12, 31, 27, 29, 15, 17, 17, 17)


def members_table(document):
    widths = MEMBER_WIDTHS_MM
    table = grid_table(document, widths)
    table_row(table, ["STT", "Họ và tên", "Chức danh", "Điểm danh"], widths, bold=True)
    tag_row(table, "{%tr for m in members %}", widths)
    row = table_row(
        table, ["{{ m.number }}", "{{ m.name }}", "{{ m.role }}", "{{ m.attendance }}"], widths
    )
    row[1].paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)


def results_table(document):
    widths = RESULT_WIDTHS_MM
    table = grid_table(document, widths)
    heads = ["STT", "Họ và tên / tập thể", "Danh hiệu, hình thức", "Đồng ý / mẫu số", "Tỷ lệ",
             "Ngưỡng", "Hình thức bỏ phiếu", "Kết quả"]  # fmt: skip
    table_row(table, heads, widths, bold=True, size=11)
    tag_row(table, "{%tr for row in results %}", widths)
    cells = ["{{ row.number }}", "{{ row.subject }}", "{{ row.title_name }}",
             "{{ row.approvals }} ({{ row.denominator }})", "{{ row.percent }}",
             "{{ row.threshold }}", "{{ row.ballot_type }}", "{{ row.verdict }}"]  # fmt: skip
    row = table_row(table, cells, widths)
    for cell in (row[1], row[2]):
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)


def body(document):
    title_block(document)

    para(document, "I. THỜI GIAN, ĐỊA ĐIỂM", bold=True)
    para(document, "Thời gian: bắt đầu lúc {{ opened }}; kết thúc lúc {{ closed }}.")
    para(document, "Địa điểm: {{ place }}.")
    para(document, "Hình thức bỏ phiếu: {{ voting_method }}.")

    para(document, "II. THÀNH PHẦN", bold=True)
    para(document, "Chủ trì: {{ chair_name }}, Chủ tịch Hội đồng.")
    para(document, "Thư ký: {{ secretary_name }}, Thư ký Hội đồng.")
    para(
        document,
        "Tổng số thành viên Hội đồng: {{ total_members }}; có mặt: {{ present_members }}; "
        "biểu quyết (có mặt và gửi phiếu bằng văn bản): {{ voting_members }}.",
    )
    para(document, "Vắng mặt: {{ absent_names }}. Gửi phiếu bằng văn bản: {{ written_names }}.")
    para(document, "{{ counting_line }}")
    members_table(document)
    para(document, "{{ quorum }}")

    para(document, "III. NỘI DUNG", bold=True)
    para(document, "Hội đồng xét các đề nghị khen thưởng sau:")
    loop(document, "line in agenda", "{{ loop.index }}. {{ line }}")

    para(document, "IV. KẾT QUẢ BỎ PHIẾU", bold=True)
    results_table(document)
    para(document, "Bộ quy tắc: {{ rule_set }}. Căn cứ ngưỡng:", italic=True, size=12, after=0)
    loop(document, "source in sources", "- {{ source }}", italic=True, size=12, after=0)
    tag(document, "{%p if rankings %}")
    para(document, "Xếp hạng trong chỉ tiêu", bold=True)
    tag(document, "{%p for group in rankings %}")
    para(document, "{{ group.title_name }}:", italic=True)
    loop(document, "r in group.rows", "{{ r.rank }}. {{ r.subject }} – {{ r.verdict }}")
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")

    para(document, "V. KẾT LUẬN", bold=True)
    loop(document, "line in conclusions", "- {{ line }}")
    # Left-aligned: a justified line would spread the 64-character hash with wide gaps.
    para(document,
         "Kết quả bỏ phiếu đã được chốt và niêm phong ({{ seal_method }}): {{ seal }}",
         size=11, align=LEFT)
    para(document, "Phiên họp kết thúc lúc {{ closed }}. Biên bản đã được thông qua tại phiên họp.")

    signers(document)
