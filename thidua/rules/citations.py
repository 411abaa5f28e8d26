"""Legal sources, as data: a key used by the rules → the text shown to a reader.

Every key is ``<INSTRUMENT>.<article…>`` (the instrument codes of :mod:`thidua.rules.instruments`)
or names no state instrument (``THIDUA.*`` thidua's own reading, ``ORG.*`` the organisation's
rules, ``UNION.*`` the union's, ``PROVINCE.*`` the province's regulation). Every text reads
"document, article, clause" in legal Vietnamese, for people: no research notes. ``mark`` says how
sure the source is: ``V`` seen in the text or a faithful restatement, ``R`` not confirmed in the
text (the rule citing it is flagged "cần xác nhận"), ``I`` thidua's own reading, not a legal rule.
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
        _c("L2003.10", f"{L2003}, Điều 10 (căn cứ xét tặng danh hiệu thi đua: phong trào thi"
                       " đua, đăng ký tham gia thi đua, thành tích thi đua, tiêu chuẩn danh hiệu)"),
        _c("L2003.21", f"{L2003}, Điều 21"),
        _c("L2003.22", f"{L2003}, Điều 22"),
        _c("L2003.23", f"{L2003}, Điều 23"),
        _c("L2003.24", f"{L2003}, Điều 24"),
        _c("L2003.25", f"{L2003}, Điều 25"),
        _c("L2003.26", f"{L2003}, Điều 26 (Cờ thi đua cấp bộ, ngành, tỉnh)", "R"),
        _c("L2003.27", f"{L2003}, Điều 27"),
        _c("L2003.28", f"{L2003}, Điều 28, khoản 1"),
        _c("L2003.75", f"{L2003}, Điều 75 và Điều 76 (Giấy khen)", "R"),
        _c("ND91.9.3", f"{ND91}, Điều 9, khoản 3"),
        _c("ND91.10.1", f"{ND91}, Điều 10, khoản 1 (thời gian điều trị thương được tính để xét"
                        " danh hiệu Lao động tiên tiến)"),
        _c("ND91.10.2", f"{ND91}, Điều 10, khoản 2 (thời gian đi học được tính để xét danh hiệu"
                        " Lao động tiên tiến)"),
        _c("ND91.10.3", f"{ND91}, Điều 10, khoản 3 (thời gian nghỉ thai sản được tính để xét"
                        " danh hiệu Lao động tiên tiến)"),
        _c("ND91.10.4", f"{ND91}, Điều 10, khoản 4"),
        _c("ND91.10.5", f"{ND91}, Điều 10, khoản 5"),
        _c("ND91.11", f"{ND91}, Điều 11 (Cờ thi đua của Chính phủ: không quá 20% tổng số tập thể"
                      " đủ điều kiện Cờ thi đua cấp bộ, ngành, tỉnh của Bộ, ngành, tỉnh)"),
        _c("ND91.12", f"{ND91}, Điều 12"),
        _c("ND91.38.1", f"{ND91}, Điều 38, khoản 1"),
        _c("ND91.38.2", f"{ND91}, Điều 38, khoản 2", "R"),
        _c("ND91.39.1", f"{ND91}, Điều 39, khoản 1"),
        _c("ND91.39.2", f"{ND91}, Điều 39, khoản 2", "R"),
        _c("ND91.45.8", f"{ND91}, Điều 45, khoản 8"),
        _c("ND91.48.1a", f"{ND91}, Điều 48, khoản 1, điểm a (đề nghị danh hiệu Chiến sĩ thi đua"
                         " toàn quốc vào năm sau năm được tặng Chiến sĩ thi đua cấp bộ, tỉnh lần"
                         " thứ hai)"),
        # --- regime 2023: Luật 2022, NĐ 98/2023 → NĐ 152/2025, TT 01/2024 → TT 15/2025 ------
        _c("L2022.5.2c", f"{L2022}, Điều 5, khoản 2, điểm c (không khen thưởng nhiều lần, nhiều"
                         " hình thức cho một thành tích đạt được)"),
        _c("L2022.7", f"{L2022}, Điều 7 (căn cứ xét tặng danh hiệu thi đua không còn đăng ký"
                      " tham gia thi đua)"),
        _c("L2022.21", f"{L2022}, Điều 21"),
        _c("L2022.22", f"{L2022}, Điều 22"),
        _c("L2022.23", f"{L2022}, Điều 23"),
        _c("L2022.24.1", f"{L2022}, Điều 24, khoản 1"),
        _c("L2022.25", f"{L2022}, Điều 25"),
        _c("L2022.26.1", f"{L2022}, Điều 26, khoản 1"),
        _c("L2022.26.2", f"{L2022}, Điều 26, khoản 2"),
        _c("L2022.26.3", f"{L2022}, Điều 26, khoản 3 (Bộ, ban, ngành, tỉnh quy định chi tiết"
                         " tiêu chuẩn Cờ thi đua); điều kiện đã đạt danh hiệu Tập thể lao động"
                         " xuất sắc có trong văn bản quy định chi tiết của Bộ, ngành (Thông tư"
                         " 22/2023/TT-BCT, Điều 6), cần xác nhận theo quy định của tỉnh, Học viện",
           "R"),
        _c("L2022.27.1", f"{L2022}, Điều 27, khoản 1"),
        _c("L2022.28.1", f"{L2022}, Điều 28, khoản 1", "R"),
        _c("L2022.73.1", f"{L2022}, Điều 73, khoản 1"),
        _c("L2022.73.2", f"{L2022}, Điều 73, khoản 2", "R"),
        _c("L2022.74.1", f"{L2022}, Điều 74, khoản 1"),
        _c("L2022.74.2", f"{L2022}, Điều 74, khoản 2", "R"),
        _c("L2022.75.2", f"{L2022}, Điều 75, khoản 2 (Bộ, ban, ngành, tỉnh quy định chi tiết"
                         " tiêu chuẩn Giấy khen); tiêu chuẩn áp dụng theo quy định của tỉnh, cần"
                         " xác nhận", "R"),
        _c("ND98.4.4", f"{ND98}, Điều 4, khoản 4"),
        _c("ND98.4.5", f"{ND98}, Điều 4, khoản 5 (thời gian nghỉ thai sản được tính để xét tặng"
                       " danh hiệu thi đua, hình thức khen thưởng)"),
        _c("ND98.30.7", f"{ND98}, Điều 30, khoản 7"),
        _c("ND98.104", f"{ND98}, Điều 104 (mẫu Giấy chứng nhận, Giấy khen)"),
        _c("ND98.32", f"{ND98}, Điều 32 (hồ sơ đề nghị danh hiệu Chiến sĩ thi đua toàn quốc gửi"
                      " trước ngày 31 tháng 12 của năm liền kề)"),
        _c("ND152.4.4", f"{ND152}, Điều 4, khoản 4"),
        _c("ND152.4.5", f"{ND152}, Điều 4, khoản 5 (thời gian nghỉ thai sản được tính để xét"
                        " tặng danh hiệu thi đua, hình thức khen thưởng)"),
        _c("ND152.30.7", f"{ND152}, quy định về bỏ phiếu xét tặng danh hiệu (điều, khoản cần xác"
                         " nhận)", "R"),
        _c("TT01.2024", f"{TT01}, quy định về các trường hợp xét tặng danh hiệu Lao động tiên"
                        " tiến (mới tuyển dụng, đi học, điều trị thương, chuyển công tác; điều,"
                        " khoản cần xác nhận)", "R"),
        _c("TT15.2025", f"{TT15}, quy định về các trường hợp xét tặng danh hiệu Lao động tiên"
                        " tiến (nội dung cần xác nhận)", "R"),
        _c("ND48.2023",
           "Nghị định 48/2023/NĐ-CP sửa đổi, bổ sung Nghị định 90/2020/NĐ-CP (cán bộ, công chức,"
           " viên chức bị kỷ luật trong năm đánh giá thì xếp loại không hoàn thành nhiệm vụ)"),
        _c("CV5007.III.5c",
           "Công văn 5007/BNV-TĐKT năm 2023 của Bộ Nội vụ, Mục III, tiểu mục 5, điểm c (một sáng"
           " kiến chỉ được sử dụng một lần khi làm tiêu chuẩn đề nghị khen thưởng; sáng kiến đã"
           " dùng xét danh hiệu thi đua không dùng xét hình thức khen thưởng và ngược lại)"),
        # --- reward money (rules/money.py): the amounts paid with a decision --------------------
        _c("ND152.49", f"{ND152}, Điều 49 (mức tiền thưởng tính trên mức lương cơ sở có hiệu lực"
                       " vào thời điểm ban hành quyết định khen thưởng, làm tròn số lên hàng chục"
                       " nghìn đồng; cùng một thời điểm đạt nhiều danh hiệu thì nhận mức cao"
                       " nhất; danh hiệu và hình thức khen thưởng cùng một thời điểm đều được"
                       " nhận; nhiều hình thức khen thưởng cho các thành tích khác nhau đều được"
                       " nhận)"),
        _c("ND152.50", f"{ND152}, Điều 50 (tiền thưởng danh hiệu thi đua)"),
        _c("ND152.54", f"{ND152}, Điều 54 (tiền thưởng Bằng khen, Giấy khen cho tập thể)"),
        _c("ND152.54.CN", f"{ND152}, Điều 54 (mức tiền thưởng Bằng khen, Giấy khen cho cá nhân"
                          " cần xác nhận)", "R"),
        _c("ND98.MONEY", f"{ND98}, các điều quy định mức tiền thưởng (điều, khoản và mức cần"
                         " xác nhận)", "R"),
        _c("ND91.MONEY", f"{ND91}, các điều quy định mức tiền thưởng (điều, khoản và mức cần"
                         " xác nhận)", "R"),
        _c("ND38.3.2", "Nghị định 38/2019/NĐ-CP, Điều 3, khoản 2 (từ ngày 01 tháng 7 năm 2019,"
                       " mức lương cơ sở là 1.490.000 đồng/tháng; cần xác nhận)", "R"),
        _c("ND24.3.2", "Nghị định 24/2023/NĐ-CP, Điều 3, khoản 2 (từ ngày 01 tháng 7 năm 2023,"
                       " mức lương cơ sở là 1.800.000 đồng/tháng)"),
        _c("ND73.3.2", "Nghị định 73/2024/NĐ-CP, Điều 3, khoản 2 (từ ngày 01 tháng 7 năm 2024,"
                       " mức lương cơ sở là 2.340.000 đồng/tháng)"),
        # --- authority: who decides each title and form (rules/authority.py) -------------------
        _c("ND91.43.2b", f"{ND91}, Điều 43, khoản 2, điểm b"),
        _c("L2022.80.1", f"{L2022}, Điều 80, khoản 1"),
        # --- commendations at the end of a phase (rules/commendations.py) ---------------------
        _c("L2022.75.1", f"{L2022}, Điều 75, khoản 1 (Giấy khen cho cá nhân, tập thể có thành"
                         " tích trong phong trào thi đua theo đợt, chuyên đề hoặc thành tích đột"
                         " xuất), cần xác nhận", "R"),
        _c("L2003.AUTH", f"{L2003}, Điều 77–80 (thẩm quyền quyết định khen thưởng)", "R"),
        _c("L2022.AUTH", f"{L2022}, Điều 78–79 (thẩm quyền quyết định khen thưởng)", "R"),
        _c("L2022.3.5", f"{L2022}, Điều 3, khoản 5 (Bộ, ban, ngành gồm cả cơ quan thuộc Chính phủ)",
           "R"),
        _c("L2022.ROUTE", f"{L2022}, Điều 78–79 (thẩm quyền; Chủ tịch Ủy ban nhân dân cấp"
                          " tỉnh trình Thủ tướng Chính phủ khen thưởng cho cơ quan, đơn vị thuộc"
                          " tỉnh), cần xác nhận", "R"),
        _c("UNION.CHARTER",
           "Điều lệ Công đoàn Việt Nam và hướng dẫn thi đua, khen thưởng của tổ chức công đoàn",
           "R"),
        _c("ORG.COUNCIL",
           "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng của cơ quan, đơn vị", "R"),
        _c("PROVINCE.REG", "Quy định về công tác thi đua, khen thưởng của Ủy ban nhân dân tỉnh",
           "R"),
        # --- shared ----------------------------------------------------------------------------
        _c("ND90.2020", "Nghị định 90/2020/NĐ-CP, Điều 12–13 (xếp loại chất lượng)"),
        _c("UNION.GVT",
           "Phong trào “Giỏi việc nước, đảm việc nhà” của Tổng Liên đoàn Lao động Việt Nam"
           " (tiêu chí do công đoàn cơ sở quy định)", "R"),
        # --- document format (law.md §5) -------------------------------------------------------
        _c("ND30.1", "Nghị định 30/2020/NĐ-CP, Điều 1 và Điều 2 (phạm vi điều chỉnh, đối tượng áp"
                     " dụng: văn bản hành chính của cơ quan, tổ chức)", "R"),
        _c("ND30.13", "Nghị định 30/2020/NĐ-CP, Điều 13 (thẩm quyền ký văn bản: ký thay mặt tập"
                      " thể “TM.”, cấp phó ký thay “KT.”, cấp phó được giao quyền “Q.”) và Phụ lục"
                      " I, Mục II (chức vụ, họ tên và chữ ký của người có thẩm quyền)", "R"),
        _c("ND30.FORM", "Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức văn bản hành chính); mẫu báo"
                        " cáo thành tích ban hành kèm nghị định quy định chi tiết Luật Thi đua,"
                        " khen thưởng", "R"),
        _c("HD36.1", "Hướng dẫn 36-HD/VPTW, Phần I (phạm vi: văn bản của các cơ quan, tổ chức"
                     " đảng) và Quy định 09-QĐi/TW, Điều 1 (trường chính trị trực thuộc tỉnh ủy)",
                     "R"),
        _c("HD36.SIGN", "Hướng dẫn 36-HD/VPTW, Phần II (thẩm quyền ký: “T/M”, “K/T”, “Q.”)", "R"),
        _c("ORG.STYLE", "Thể thức văn bản mặc định của cơ quan, đơn vị (thiết lập của cơ quan)",
           "V"),
        _c("THIDUA.I",
           "Cách áp dụng của phần mềm thidua, chưa có quy định pháp luật trực tiếp (cần xác nhận)",
           "I"),
        _c("THIDUA.ORG", "Quy định của cơ quan, đơn vị", "V"),
    ]
)


def cite(key: str) -> str:
    """Return the citation text of ``key`` ("document, article, clause")."""
    return CITATIONS[key].text
