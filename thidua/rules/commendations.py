"""What the head of the school may award when an emulation phase is summed up (issue 17).

The plan of 2022 (§III.3): "Kết thúc mỗi đợt thi đua Hội đồng TĐ-KT sẽ có hướng dẫn tổng kết, đánh
giá, biểu dương khen thưởng". The form is the Giấy khen, for the phase, for a thematic movement
(chuyên đề) or for a one-off achievement (đột xuất): the head decides it (Luật 2022 Điều 80.1,
seen in the text) on criteria the law states for a phase or a one-off achievement (Điều 75, not
confirmed in the text: "cần xác nhận", verdict ``review``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .citations import CITATIONS, cite
from .codes import ELIGIBLE, REVIEW

PHASE, THEMATIC, ONE_OFF = "phase", "thematic", "one_off"
KIND_NAMES = {
    PHASE: "Khen thưởng tổng kết đợt thi đua",
    THEMATIC: "Khen thưởng theo chuyên đề",
    ONE_OFF: "Khen thưởng đột xuất",
}
#: What each kind is awarded for, as a decision's annex and the register name the occasion.
OCCASIONS = {
    PHASE: "Tổng kết",
    THEMATIC: "Khen thưởng theo chuyên đề trong",
    ONE_OFF: "Khen thưởng đột xuất trong",
}
#: The form every kind awards: the head of the school's own (rules/authority.py).
FORM = "GIAY_KHEN"


@dataclass(frozen=True, slots=True)
class CommendationBasis:
    kind: str
    form: str
    authority: str  # citation key of who decides
    criteria: str  # citation key of what is rewarded
    verdict: str  # ELIGIBLE when both sources are seen in the text, else REVIEW

    @property
    def text(self) -> str:
        """Return the sources as printed: "…, Điều 80, khoản 1; …, Điều 75, khoản 1 (…)"."""
        return "{}; {}".format(cite(self.authority), cite(self.criteria))


def basis_for(kind: str) -> CommendationBasis:
    """Return the legal basis of a commendation of ``kind`` (phase, thematic or one_off)."""
    if kind not in KIND_NAMES:
        raise ValueError("Loại khen thưởng “{}” không có.".format(kind))
    sure = all(CITATIONS[key].mark == "V" for key in ("L2022.80.1", "L2022.75.1"))
    return CommendationBasis(kind, FORM, "L2022.80.1", "L2022.75.1", ELIGIBLE if sure else REVIEW)
