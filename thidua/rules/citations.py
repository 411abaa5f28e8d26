"""Legal sources, as data: a key used by the rules → the text shown to a reader.

Every text reads "document, article, clause". ``mark`` copies how sure the research is
(``shared/domain/law.md`` and ``law-2.md``): ``V`` verified, ``R`` recalled, ``I`` inferred
(a decision of thidua, not a legal rule). A rule citing an ``R`` or ``I`` source is flagged
"cần xác nhận" through its parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

L2003 = "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013)"
L2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15"
ND91 = "Nghị định 91/2017/NĐ-CP"
ND98 = "Nghị định 98/2023/NĐ-CP"
ND152 = "Nghị định 152/2025/NĐ-CP"
TT01 = "Thông tư 01/2024/TT-BNV"
TT15 = "Thông tư 15/2025/TT-BNV"


@dataclass(frozen=True, slots=True)
class Citation:
    key: str
    text: str
    mark: str  # "V", "R" or "I"


def _c(key: str, text: str, mark: str = "V") -> tuple[str, Citation]:
    return key, Citation(key, text, mark)


CITATIONS: dict[str, Citation] = dict(
    [
        # --- regime 2017: Luật 2003/2013, NĐ 91/2017, TT 12/2019 -----------------------------
        _c("L2003.10", f"{L2003}, Điều 10 (căn cứ xét: đăng ký tham gia thi đua)"),
        _c("L2003.21", f"{L2003}, Điều 21"),
        _c("L2003.22", f"{L2003}, Điều 22"),
        _c("L2003.23", f"{L2003}, Điều 23"),
        _c("L2003.24", f"{L2003}, Điều 24"),
        _c("L2003.25", f"{L2003}, Điều 25"),
        _c("L2003.26", f"{L2003}, Điều 26", "R"),
        _c("L2003.27", f"{L2003}, Điều 27"),
        _c("L2003.28", f"{L2003}, Điều 28, khoản 1"),
        _c("L2003.75", f"{L2003}, Điều 75–76", "R"),
        _c("ND91.9.3", f"{ND91}, Điều 9, khoản 3"),
        _c("ND91.10.1", f"{ND91}, Điều 10, khoản 1"),
        _c("ND91.10.2", f"{ND91}, Điều 10, khoản 2"),
        _c("ND91.10.3", f"{ND91}, Điều 10, khoản 3"),
        _c("ND91.10.4", f"{ND91}, Điều 10, khoản 4"),
        _c("ND91.10.5", f"{ND91}, Điều 10, khoản 5"),
        _c("ND91.11", f"{ND91}, Điều 11"),
        _c("ND91.12", f"{ND91}, Điều 12"),
        _c("ND91.38.1", f"{ND91}, Điều 38, khoản 1"),
        _c("ND91.38.2", f"{ND91}, Điều 38, khoản 2", "R"),
        _c("ND91.39.1", f"{ND91}, Điều 39, khoản 1"),
        _c("ND91.39.2", f"{ND91}, Điều 39, khoản 2", "R"),
        _c("ND91.45.8", f"{ND91}, Điều 45, khoản 8"),
        _c("ND91.48.1a", f"{ND91}, Điều 48, khoản 1, điểm a"),
        # --- regime 2023: Luật 2022, NĐ 98/2023 → NĐ 152/2025, TT 01/2024 → TT 15/2025 ------
        _c("L2022.5", f"{L2022}, Điều 5"),
        _c("L2022.7", f"{L2022}, Điều 7 (bỏ căn cứ đăng ký thi đua)"),
        _c("L2022.21", f"{L2022}, Điều 21"),
        _c("L2022.22", f"{L2022}, Điều 22"),
        _c("L2022.23", f"{L2022}, Điều 23"),
        _c("L2022.24.1", f"{L2022}, Điều 24, khoản 1"),
        _c("L2022.25", f"{L2022}, Điều 25"),
        _c("L2022.26.1", f"{L2022}, Điều 26, khoản 1"),
        _c("L2022.26.2", f"{L2022}, Điều 26, khoản 2"),
        _c("L2022.27.1", f"{L2022}, Điều 27, khoản 1"),
        _c("L2022.28.1", f"{L2022}, Điều 28, khoản 1", "R"),
        _c("L2022.73.1", f"{L2022}, Điều 73, khoản 1"),
        _c("L2022.73.2", f"{L2022}, Điều 73, khoản 2", "R"),
        _c("L2022.74.1", f"{L2022}, Điều 74, khoản 1"),
        _c("L2022.74.2", f"{L2022}, Điều 74, khoản 2", "R"),
        _c("L2022.75.2", f"{L2022}, Điều 75, khoản 2"),
        _c("ND98.4.4", f"{ND98}, Điều 4, khoản 4"),
        _c("ND98.4.5", f"{ND98}, Điều 4, khoản 5"),
        _c("ND98.30.7", f"{ND98}, Điều 30, khoản 7"),
        _c("ND152.4.4", f"{ND152}, Điều 4, khoản 4"),
        _c("ND152.4.5", f"{ND152}, Điều 4, khoản 5"),
        _c("ND152.30.7", f"{ND152} (quy định về bỏ phiếu: chưa thấy văn bản)", "R"),
        _c("TT01.2024", f"{TT01} (các trường hợp đặc biệt khi xét LĐTT; số điều chưa xác minh)"),
        _c("TT15.2025", f"{TT15} (hướng dẫn NĐ 152/2025; nội dung về LĐTT chưa xác minh)", "R"),
        _c("ND48.2023",
           "Nghị định 48/2023/NĐ-CP sửa đổi Nghị định 90/2020/NĐ-CP (bị kỷ luật → KHTNV)"),
        _c("CV5007.2023",
           "Công văn 5007/BNV-TĐKT năm 2023, mục III.5.c (một sáng kiến, một lần khen)"),
        _c("TT35.2015",
           "Thông tư 35/2015/TT-BGDĐT (ví dụ của ngành giáo dục: Hội đồng họp khi có ít nhất 2/3"
           " thành viên)", "R"),
        _c("BN86.2025",
           "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh, Điều 4, khoản 2 (ví dụ cấp tỉnh)"),
        # --- authority: who decides each title and form (rules/authority.py) -------------------
        _c("ND91.43.2b", f"{ND91}, Điều 43, khoản 2, điểm b"),
        _c("L2022.80.1", f"{L2022}, Điều 80, khoản 1"),
        _c("L2003.AUTH", f"{L2003}, Điều 77–80 (thẩm quyền quyết định khen thưởng)", "R"),
        _c("L2022.AUTH", f"{L2022}, Điều 78–79 (thẩm quyền quyết định khen thưởng)", "R"),
        _c("L2022.3.5", f"{L2022}, Điều 3, khoản 5 (Bộ, ban, ngành gồm cả cơ quan thuộc Chính phủ)",
           "R"),
        _c("UNION.CHARTER",
           "Điều lệ Công đoàn Việt Nam và hướng dẫn thi đua, khen thưởng của tổ chức công đoàn", "R"),
        _c("ORG.COUNCIL",
           "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng của cơ quan, đơn vị", "R"),
        # --- shared ----------------------------------------------------------------------------
        _c("ND90.2020", "Nghị định 90/2020/NĐ-CP, Điều 12–13 (xếp loại chất lượng)"),
        _c("UNION.GVT",
           "Phong trào “Giỏi việc nước, đảm việc nhà” của Tổng Liên đoàn Lao động Việt Nam"
           " (tiêu chí do công đoàn trường quy định)", "R"),
        _c("THIDUA.I",
           "Quy ước của thidua (suy luận, không phải quy định pháp luật; cần xác nhận)", "I"),
        _c("THIDUA.ORG", "Quy định của cơ quan, đơn vị (tham số ghi đè)", "V"),
    ]
)


def cite(key: str) -> str:
    """Return the citation text of ``key`` ("document, article, clause")."""
    return CITATIONS[key].text
