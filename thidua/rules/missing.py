"""What is missing: for a person, the next title in reach and what it still needs (Vietnamese)."""

from __future__ import annotations

from dataclasses import dataclass

from .codes import ELIGIBLE, SHORT_NAMES, TITLE_NAMES
from .engine import Evaluation

#: The individual ladder of emulation titles, then the forms with an objective route.
LADDER = ("LDTT", "CSTD_CS", "CSTD_TINH", "CSTD_TQ")
FORMS = ("BK_TINH", "BK_TTG")


@dataclass(frozen=True, slots=True)
class NextStep:
    title: str
    name: str
    verdict: str
    needs: tuple[str, ...]
    summary: str


def _need(title: str, code: str, fact: object, passed: object, detail: str, year: int,
          rs) -> str:
    """Turn a criterion that did not pass into what the person still needs."""
    if code == "cstd_cs_consecutive":
        n = rs.cstd_tinh_consecutive if isinstance(fact, tuple) else 0
        have = len(fact) if isinstance(fact, tuple) else 0
        missing = max(n - have, 1)
        if passed is None:
            return f"đạt CSTĐCS năm {year}"
        return f"thêm {missing} năm CSTĐCS liên tục"
    if code == "cstd_tinh_consecutive":
        # NĐ 91 Điều 48.1.a: proposed the year after the second CSTĐ cấp tỉnh
        return (f"hai lần liên tục CSTĐ cấp tỉnh, lần thứ hai vào năm {year - rs.cstd_tq_lag_years}"
                if passed is False else detail[0].lower() + detail[1:])
    if code == "registration":
        return f"đăng ký thi đua danh hiệu {SHORT_NAMES[title]} (Luật Thi đua, khen thưởng 2003)"
    if code == "works_tinh":
        return "một sáng kiến hoặc đề tài có phạm vi ảnh hưởng cấp tỉnh"
    if code == "works_toan_quoc":
        return "một sáng kiến hoặc đề tài có phạm vi ảnh hưởng toàn quốc"
    if code == "ldtt":
        return f"đạt LĐTT năm {year}"
    if code in ("initiative", "research", "htxs"):
        return "một sáng kiến được công nhận cấp cơ sở hoặc đề tài đã nghiệm thu" + (
            " (hoặc xếp loại HTXS)" if rs.cstd_cs_htxs_route else "")
    if code == "discipline":
        return ("không bị kỷ luật trong năm (thành tích chỉ tính từ khi hết thời hạn kỷ luật)"
                if passed is False else "làm rõ việc xem xét kỷ luật")
    if code == "htxs_years":
        return f"xếp loại HTXS {rs.bk_htxs_years} năm liên tục"
    if code == "grade_years":
        return f"{rs.bk_ttg_years} năm liên tục xếp loại từ {rs.bk_ttg_min_grade} trở lên"
    if code == "works" and isinstance(fact, int):
        need = rs.bk_ttg_works if title == "BK_TTG" else rs.bk_works
        return f"thêm {max((need or 0) - fact, 1)} sáng kiến hoặc đề tài cấp cơ sở"
    if code == "earlier_bk":
        return f"một Bằng khen cấp tỉnh/bộ từ năm {year - rs.bk_ttg_years} trở về trước"
    if code == "cstd_cs_count" and isinstance(fact, int):
        more = max((rs.bk_ttg_cstd_cs or 0) - fact, 1)
        return f"thêm {more} lần CSTĐCS trong {rs.bk_ttg_years} năm"
    if code == "grade":
        return f"xếp loại từ HTT trở lên năm {year}" if passed is False else f"xếp loại năm {year}"
    return detail[0].lower() + detail[1:] if detail else code


def missing_for(evaluation: Evaluation, person_id: str, *, aim: str | None = None
                ) -> list[NextStep]:
    """The next ladder title in reach, and the forms with an objective route, with their needs;
    with `aim`, that title alone (a person's page names what next year's rung still needs)."""
    verdicts = evaluation.verdicts(person_id)
    results = dict(zip((t.code for t in evaluation.person_titles), evaluation.people[person_id],
                       strict=True))
    titles = {t.code: t for t in evaluation.person_titles}
    rs = evaluation.rule_set
    year = evaluation.year
    steps = []
    targets = [next((c for c in LADDER if verdicts[c].verdict != ELIGIBLE), None), *FORMS]
    if aim is not None:
        targets = [aim]
    for code in targets:
        if code is None or verdicts[code].verdict == ELIGIBLE:
            continue
        title = titles[code]
        res = results[code][1]
        crits = verdicts[code].criteria
        needs = []
        for i in title.required:
            if res[i][0] is not True:
                needs.append(_need(code, crits[i].code, res[i][1], res[i][0], crits[i].detail,
                                   year, rs))
        objective = [r for r in title.routes
                     if not all(crits[i].code in ("movement", "one_off", "exemplary") for i in r)]
        if objective:
            best = min(objective, key=lambda r: sum(res[i][0] is not True for i in r))
            seen = set()
            for i in (i for i in best if res[i][0] is not True):
                text = _need(code, crits[i].code, res[i][1], res[i][0], crits[i].detail, year, rs)
                if text not in seen:
                    seen.add(text)
                    needs.append(text)
        needs = list(dict.fromkeys(needs))
        summary = ("Còn thiếu: " + "; ".join(needs) + f" → {SHORT_NAMES[code]}") if needs else (
            f"{SHORT_NAMES[code]}: cần Hội đồng xem xét")
        steps.append(NextStep(code, TITLE_NAMES[code], verdicts[code].verdict, tuple(needs),
                              summary))
    return steps
