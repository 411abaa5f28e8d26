"""Word layout of the year-end report (báo cáo tổng kết phong trào thi đua; thidua.closing):
every target with its result, the awards, the proposals, the cluster, charts as pictures and the
officer's sections."""

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

KIND = "year_report"
NUMBERED = True
TARGET_WIDTHS_MM = (10, 75, 35, 45)
AWARD_WIDTHS_MM = (12, 70, 20, 63)
PROPOSAL_WIDTHS_MM = (12, 55, 45, 53)
CLUSTER_WIDTHS_MM = (12, 95, 25, 33)


def _table(document, rows, columns, cells, widths):
    table = grid_table(document, widths)
    table_row(table, columns, widths, bold=True, size=12)
    tag_row(table, "{%tr for row in " + rows + " %}", widths)
    row = table_row(table, cells, widths, size=12)
    for cell in row[1:]:
        cell.paragraphs[0].alignment = LEFT
    tag_row(table, "{%tr endfor %}", widths)


def _chart(document, name):
    tag(document, "{%p if " + name + " %}")
    para(document, "{{ " + name + " }}", align=CENTER, indent=False)
    tag(document, "{%p endif %}")


def body(document):
    para(document, "")
    para(document, "{{ document_type }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ title }}", align=CENTER, bold=True, indent=False, after=0)
    para(document, "{{ subtitle }}", align=CENTER, italic=True, indent=False)
    para(document, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True, indent=False)
    para(document, "{{ targets_summary }}")
    _table(document, "targets", ["CT", "Chỉ tiêu (mục tiêu)", "Kết quả", "Đánh giá"],
           ["{{ row.number }}", "{{ row.text }}{% if row.goal %} ({{ row.goal }}){% endif %}"
            "{% if row.by_unit %} Theo đơn vị: {{ row.by_unit }}{% endif %}",
            "{{ row.result }}", "{{ row.status }}{% if row.why %}: {{ row.why }}{% endif %}"],
           TARGET_WIDTHS_MM)  # fmt: skip
    _chart(document, "targets_chart")
    para(document, "II. DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG", bold=True, indent=False)
    para(document, "1. Nhà trường quyết định", bold=True, indent=False)
    tag(document, "{%p if school_awards %}")
    _table(document, "school_awards", ["STT", "Danh hiệu, hình thức", "Số lượng",
                                       "Cơ quan quyết định"],
           ["{{ loop.index }}", "{{ row.title }}", "{{ row.count }}", "{{ row.issued_by }}"],
           AWARD_WIDTHS_MM)  # fmt: skip
    tag(document, "{%p else %}")
    para(document, "Chưa có.", italic=True, indent=False)
    tag(document, "{%p endif %}")
    para(document, "2. Cấp trên và tổ chức khác quyết định", bold=True, indent=False)
    tag(document, "{%p if higher_awards %}")
    _table(document, "higher_awards", ["STT", "Danh hiệu, hình thức", "Số lượng",
                                       "Cơ quan quyết định"],
           ["{{ loop.index }}", "{{ row.title }}", "{{ row.count }}", "{{ row.issued_by }}"],
           AWARD_WIDTHS_MM)  # fmt: skip
    tag(document, "{%p else %}")
    para(document, "Chưa có.", italic=True, indent=False)
    tag(document, "{%p endif %}")
    _chart(document, "awards_chart")
    para(document, "III. ĐỀ NGHỊ CẤP TRÊN KHEN THƯỞNG VÀ KẾT QUẢ", bold=True, indent=False)
    tag(document, "{%p if proposals %}")
    _table(document, "proposals", ["STT", "Tờ trình", "Đề nghị", "Kết quả"],
           ["{{ loop.index }}", "{{ row.proposal }}", "{{ row.proposed }}", "{{ row.answer }}"],
           PROPOSAL_WIDTHS_MM)  # fmt: skip
    tag(document, "{%p else %}")
    para(document, "Không có tờ trình trong năm.", italic=True, indent=False)
    tag(document, "{%p endif %}")
    para(document, "IV. KẾT QUẢ BÌNH XÉT CỦA CỤM THI ĐUA", bold=True, indent=False)
    tag(document, "{%p for cluster in clusters %}")
    para(document, "{{ loop.index }}. {{ cluster.heading }}", bold=True, indent=False)
    para(document, "{{ cluster.roles }}")
    tag(document, "{%p if cluster.scores %}")
    _table(document, "cluster.scores", ["STT", "Tiêu chí chấm điểm", "Điểm tối đa", "Điểm đạt"],
           ["{{ row.number }}", "{{ row.criterion }}", "{{ row.max }}", "{{ row.points }}"],
           CLUSTER_WIDTHS_MM)  # fmt: skip
    tag(document, "{%p endif %}")
    para(document, "{{ cluster.standing }}")
    para(document, "{{ cluster.vote }}")
    tag(document, "{%p if cluster.notice %}")
    para(document, "{{ cluster.notice }}", italic=True)
    tag(document, "{%p endif %}")
    tag(document, "{%p else %}")
    para(document, "{{ cluster_none }}")
    tag(document, "{%p endfor %}")
    tag(document, "{%p if phases %}")
    para(document, "V. CÁC ĐỢT THI ĐUA ĐÃ TỔNG KẾT", bold=True, indent=False)
    tag(document, "{%p for line in phases %}")
    para(document, "- {{ line }}")
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")
    para(document, "VI. ĐÁNH GIÁ, BÀI HỌC VÀ PHƯƠNG HƯỚNG", bold=True, indent=False)
    tag(document, "{%p for section in sections %}")
    para(document, "{{ loop.index }}. {{ section.heading }}", bold=True, indent=False)
    tag(document, "{%p for line in section.paragraphs %}")
    para(document, "{{ line }}")
    tag(document, "{%p endfor %}")
    tag(document, "{%p endfor %}")
    para(document, "")
    recipients_and_signature(document)
