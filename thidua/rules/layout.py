"""Which format a document takes (Party or state) and its signing block's authority line.

law.md §5: the school is a unit under the Tỉnh ủy and writes its own papers in the Party format
(Hướng dẫn 36-HD/VPTW), while what it sends to a state body — the tờ trình to the Chủ tịch UBND
tỉnh, and through him to the Thủ tướng — and the Government's own forms (the achievement report
annexed to the decree) are state administrative documents (Nghị định 30/2020/NĐ-CP). Neither text
says so for a political school in as many words: every choice other than the organisation's own
setting is "cần xác nhận" (verdict ``review``). The officer may always override one document.
"""

from __future__ import annotations

from dataclasses import dataclass

from .citations import CITATIONS, cite
from .codes import REVIEW

PARTY = "party"
STATE = "state"
LAYOUTS = (PARTY, STATE)
LAYOUT_NAMES = {PARTY: "Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)",
                STATE: "Văn bản hành chính (Nghị định 30/2020/NĐ-CP)"}  # fmt: skip

#: Recipients that are state bodies: a document addressed to them is a state document.
STATE_RECIPIENTS = frozenset({"province", "government"})
#: Kinds whose form a decree prescribes: always the state format.
STATE_FORMS = frozenset({"achievement_report"})


@dataclass(frozen=True, slots=True)
class LayoutChoice:
    layout: str  # PARTY or STATE
    source: str  # a citations key
    verdict: str  # "ok" or "review" (the source is not confirmed in the text)

    @property
    def source_text(self) -> str:
        return cite(self.source)


def _choice(layout: str, source: str) -> LayoutChoice:
    return LayoutChoice(layout, source, "ok" if CITATIONS[source].mark == "V" else REVIEW)


def layout_for(kind: str, recipient: str | None, default: str,
               override: str | None = None) -> LayoutChoice:  # fmt: skip
    """Return the format of a document of ``kind`` sent to ``recipient`` (a body of
    :mod:`thidua.rules.authority`, or None for an internal paper), given the organisation's
    ``default`` and the officer's ``override`` of this one document (wins over everything)."""
    for value in (default, override):
        if value is not None and value not in LAYOUTS:
            raise ValueError("Thể thức “{}” không có; chọn party hoặc state.".format(value))
    if override:
        return LayoutChoice(override, "ORG.STYLE", "ok")
    if kind in STATE_FORMS:
        return _choice(STATE, "ND30.FORM")
    if recipient in STATE_RECIPIENTS:
        return _choice(STATE, "ND30.1")
    return _choice(default, "ORG.STYLE")


# Authority line (NĐ 30 Điều 13; HD 36) -------------------------------------------------------
_DEPUTY = "phó "
_ACTING = "quyền "


@dataclass(frozen=True, slots=True)
class Signing:
    authority: str  # "KT. HIỆU TRƯỞNG", "TM. HỘI ĐỒNG" or "" (the head signs himself)
    title: str  # "PHÓ HIỆU TRƯỞNG", "Q. HIỆU TRƯỞNG", "CHỦ TỊCH"
    source: str


def _upper(text: str) -> str:
    return " ".join(text.split()).upper()


def signing(position: str, head: str, layout: str, collective: str = "") -> Signing:
    """Return the authority line and the title of a signer holding ``position`` in a body whose
    head is ``head`` ("Hiệu trưởng"); ``collective`` names a collective body the signer signs
    for ("Hội đồng Thi đua – Khen thưởng"): "TM. HỘI ĐỒNG…" above the signer's own title.

    A deputy signs "KT." (ký thay) for the head; an acting head ("Quyền Hiệu trưởng") signs as
    "Q. HIỆU TRƯỞNG"; the Party format writes "T/M" and "K/T" (HD 36), the state "TM." and "KT."."""
    party = layout == PARTY
    source = "HD36.SIGN" if party else "ND30.13"
    position = " ".join((position or "").split())
    head = " ".join((head or "").split())
    if collective:
        return Signing("{} {}".format("T/M" if party else "TM.", _upper(collective)),
                       _upper(position), source)  # fmt: skip
    lowered, head_lowered = position.lower(), head.lower()
    if head and lowered.startswith(_DEPUTY) and lowered[len(_DEPUTY) :] == head_lowered:
        return Signing("{} {}".format("K/T" if party else "KT.", _upper(head)), _upper(position),
                       source)  # fmt: skip
    if head and lowered.startswith(_ACTING) and lowered[len(_ACTING) :] == head_lowered:
        return Signing("", "Q. {}".format(_upper(head)), source)
    return Signing("", _upper(position), source)
