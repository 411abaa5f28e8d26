"""Word layout of the achievement report: an individual's (sections of NĐ 91/2017 Mẫu số 02) or,
when ``collective``, a unit's (Mẫu số 01: its grades, its members' titles, awards received)."""

from thidua.documents.build_templates import (
    CENTER,
    LEFT,
    cell_para,
    grid_table,
    keep_with_next,
    para,
    row_properties,
    table_row,
    tag,
    tag_row,
    title_block,
    two_columns,
)

KIND = "achievement_report"
NUMBERED = False

BIO_MM = (70, 95)
GRADES_MM = (30, 135)
AWARDS_MM = (20, 60, 85)
LIST_MM = (12, 73, 30, 50)
MEMBERS_MM = (20, 50, 20, 75)


def bio_table(document):
    table = grid_table(document, BIO_MM)
    tag_row(table, "{%tr for row in bio %}", BIO_MM)
    cells = table_row(table, ["{{ row[0] }}", "{{ row[1] }}"], BIO_MM, size=13)
    for cell in cells:
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", BIO_MM)


def awards_table(document, rows, head):
    table = grid_table(document, AWARDS_MM)
    table_row(table, ["Năm", head, "Số, ngày, tháng, năm của quyết định; cơ quan ban hành"],
              AWARDS_MM, bold=True, size=11)  # fmt: skip
    tag_row(table, "{%tr for row in " + rows + " %}", AWARDS_MM)
    cells = table_row(table, ["{{ row.year }}", "{{ row.title }}", "{{ row.decision }}"],
                      AWARDS_MM)  # fmt: skip
    cells[1].paragraphs[0].alignment = cells[2].paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", AWARDS_MM)


def listing(document, rows, heads, cells):
    table = grid_table(document, LIST_MM)
    table_row(table, heads, LIST_MM, bold=True, size=11)
    tag_row(table, "{%tr for row in " + rows + " %}", LIST_MM)
    row = table_row(table, ["{{ loop.index }}"] + cells, LIST_MM)
    for cell in row[1:]:
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", LIST_MM)


def optional_section(document, rows, line, heads, cells):
    para(document, line, indent=False)
    tag(document, "{%p if " + rows + " %}")
    listing(document, rows, heads, cells)
    tag(document, "{%p else %}")
    para(document, "Không có.", italic=True)
    tag(document, "{%p endif %}")


def body(document):
    para(document, "{{ annex }}", align=CENTER, italic=True, indent=False, size=12, after=0)
    title_block(document)
    para(document, "I. SƠ LƯỢC LÝ LỊCH", bold=True, indent=False)
    bio_table(document)
    para(document, "")
    para(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, indent=False)
    tag(document, "{%p if collective %}")
    para(document, "1. Chức năng, nhiệm vụ: {{ duties }}")
    tag(document, "{%p else %}")
    para(document, "1. Quyền hạn, nhiệm vụ được giao: {{ duties }}")
    tag(document, "{%p endif %}")
    para(document, "2. Thành tích đạt được", indent=False)
    para(document, "a) Kết quả xếp loại chất lượng:", indent=False)
    table = grid_table(document, GRADES_MM)
    table_row(table, ["Năm", "Xếp loại chất lượng (Nghị định 90/2020/NĐ-CP)"], GRADES_MM,
              bold=True, size=11)  # fmt: skip
    tag_row(table, "{%tr for row in grades %}", GRADES_MM)
    table_row(table, ["{{ row.year }}", "{{ row.grade }}"], GRADES_MM)
    tag_row(table, "{%tr endfor %}", GRADES_MM)
    tag(document, "{%p if collective %}")
    para(document, "b) Danh hiệu thi đua của các thành viên:", indent=False)
    tag(document, "{%p if members_titles %}")
    table = grid_table(document, MEMBERS_MM)
    table_row(table, ["Năm", "Danh hiệu thi đua", "Số người", "Họ và tên"], MEMBERS_MM,
              bold=True, size=11)  # fmt: skip
    tag_row(table, "{%tr for row in members_titles %}", MEMBERS_MM)
    cells = table_row(table, ["{{ row.year }}", "{{ row.title }}", "{{ row.count }}",
                              "{{ row.names }}"], MEMBERS_MM)  # fmt: skip
    cells[1].paragraphs[0].alignment = cells[3].paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", MEMBERS_MM)
    tag(document, "{%p else %}")
    para(document, "Không có.", italic=True)
    tag(document, "{%p endif %}")
    tag(document, "{%p else %}")
    optional_section(document, "initiatives", "b) Sáng kiến được công nhận:",
                     ["STT", "Tên sáng kiến", "Cấp công nhận", "Quyết định công nhận"],
                     ["{{ row.title }}", "{{ row.level }}", "{{ row.decision }}"])  # fmt: skip
    optional_section(document, "research", "c) Đề tài, đề án nghiên cứu khoa học:",
                     ["STT", "Tên đề tài, đề án", "Cấp, vai trò", "Nghiệm thu"],
                     ["{{ row.title }}", "{{ row.level }}, {{ row.role }}",
                      "{{ row.accepted }}"])  # fmt: skip
    optional_section(document, "works", "d) Bài báo, giáo trình, bài giảng:",
                     ["STT", "Tên công trình", "Loại, năm", "Nơi đăng, xuất bản"],
                     ["{{ row.title }}", "{{ row.kind }}, {{ row.year }}",
                      "{{ row.venue }}"])  # fmt: skip
    optional_section(document, "trainings", "đ) Đào tạo, bồi dưỡng:",
                     ["STT", "Loại, chương trình", "Kết quả", "Cơ sở đào tạo"],
                     ["{{ row.kind }} {{ row.program }}", "{{ row.result }}",
                      "{{ row.institution }}"])  # fmt: skip
    tag(document, "{%p endif %}")
    para(document, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True, indent=False)
    para(document, "1. Danh hiệu thi đua:", indent=False)
    awards_table(document, "titles_held", "Danh hiệu thi đua")
    para(document, "2. Hình thức khen thưởng:", indent=False)
    tag(document, "{%p if forms_held %}")
    awards_table(document, "forms_held", "Hình thức khen thưởng")
    tag(document, "{%p else %}")
    para(document, "Không có.", italic=True)
    tag(document, "{%p endif %}")
    tag(document, "{%p if not collective %}")
    para(document, "IV. KỶ LUẬT: {{ discipline }}", bold=True, indent=False)
    tag(document, "{%p endif %}")
    signatures(document)


def signatures(document):
    """The signing block, one borderless table that never leaves its page alone: the titles and
    room to sign (row 1), the two names on one line (row 2: at the same height whatever the
    titles), and "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG" across both columns with room to sign
    (row 3). Rows 1–2 keep with the next row, so the block stays on one page with the two
    paragraphs before it."""
    left, right = two_columns(document, 80)
    table = left._parent
    cell_para(left, "THỦ TRƯỞNG ĐƠN VỊ", bold=True)
    cell_para(left, "XÁC NHẬN, ĐỀ NGHỊ", bold=True)
    cell_para(left, "{{ head_title }}", italic=True, size=12)
    cell_para(right, "{{ reporter }}", bold=True)
    cell_para(right, "(Ký, ghi rõ họ và tên)", italic=True, size=12)
    cell_para(right, "")
    for cell in (left, right):
        for _ in range(3):
            cell_para(cell, "")
    names = table.add_row()
    row_properties(names)
    first, second = names.cells
    for cell in (first, second):
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    cell_para(first, "{{ head_name }}", bold=True)
    cell_para(second, "{{ person_name }}", bold=True)
    higher = table.add_row()
    row_properties(higher)
    merged = higher.cells[0].merge(higher.cells[1])
    merged.paragraphs[0]._element.getparent().remove(merged.paragraphs[0]._element)
    cell_para(merged, "")
    cell_para(merged, "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", bold=True)
    cell_para(merged, "(Ký, ghi rõ họ và tên, đóng dấu)", italic=True, size=12)
    for _ in range(4):
        cell_para(merged, "")
    for row in table.rows[:2]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                keep_with_next(paragraph)
