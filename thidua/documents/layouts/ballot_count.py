"""Word layout of the vote-count sheet (biên bản kiểm phiếu) of a council session."""

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

KIND = "ballot_count"
NUMBERED = False
WIDTHS_MM = (12, 29, 28, 13, 13, 13, 14, 14, 14, 15)


def count_table(document):
    widths = WIDTHS_MM
    table = grid_table(document, widths)
    heads = ["STT", "Họ và tên / tập thể", "Danh hiệu, hình thức", "Phiếu phát ra",
             "Phiếu thu vào", "Phiếu hợp lệ", "Phiếu không hợp lệ", "Đồng ý", "Không đồng ý",
             "Đồng ý mức thấp hơn"]  # fmt: skip
    table_row(table, heads, widths, bold=True, size=10)
    tag_row(table, "{%tr for row in rows %}", widths)
    cells = ["{{ row.number }}", "{{ row.subject }}", "{{ row.title_name }}", "{{ row.issued }}",
             "{{ row.received }}", "{{ row.valid }}", "{{ row.invalid }}", "{{ row.agree }}",
             "{{ row.disagree }}", "{{ row.lower }}"]  # fmt: skip
    row = table_row(table, cells, widths)
    for cell in (row[1], row[2]):
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)


def body(document):
    title_block(document)

    para(document, "Hồi {{ closed }}, tại {{ place }}, Ban kiểm phiếu gồm:")
    loop(document, "m in committee",
         "{{ loop.index }}. {{ m.name }} – {{ m.role }}, {{ m.duty }}.")  # fmt: skip
    para(document, "đã kiểm phiếu bầu của Hội đồng Thi đua – Khen thưởng với kết quả như sau:")
    para(
        document,
        "Tổng số thành viên Hội đồng: {{ total_members }}; có mặt: {{ present_members }}; "
        "số phiếu phát ra (thành viên biểu quyết): {{ voting_members }}.",
    )
    count_table(document)
    tag(document, "{%p for row in rows %}")
    tag(document, "{%p if row.lower != '0' %}")
    para(document, "{{ row.subject }}: đồng ý ở mức thấp hơn – {{ row.lower_detail }}.",
         italic=True, size=12)  # fmt: skip
    tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")
    para(document, "Hình thức bỏ phiếu: {{ voting_method }}.")
    para(document, "{{ seal_line }}", size=11, align=LEFT)  # not justified: it ends in a hash
    para(document, "Biên bản kiểm phiếu được lập và công bố trước Hội đồng.")

    signers(document)
