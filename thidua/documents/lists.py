"""Printed lists (bản in): one layout for every list kind — a title block, a bordered table of
STT and named columns, a count line, the signature — and the letterhead they share.

A list's columns are data (`ListLayout`): their widths in millimetres are the Word table's grid
(build_templates.list_body) and the PDF's ``<colgroup>`` (templates/documents/list.html), so a
cell wraps at the same words and a list runs to the same pages in both. Each kind's context gives
``headers`` (the columns after STT) and ``rows`` (``number`` and ``cells``, plain text).
"""

from dataclasses import dataclass

from django.utils import timezone

from thidua.documents.layout import choose, letterhead

# The signer of a list is whoever of the council's standing members signs it on the day: a dotted
# line for the name, to fill by hand (thidua does not know who will sign).
SIGNER_BLANK = "………………………………"
LIST_SIGNER = "THƯỜNG TRỰC HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"


@dataclass(frozen=True)
class ListLayout:
    """A list's columns: widths in mm (STT first) and which columns are centred (0 = STT)."""

    name: str
    widths_mm: tuple
    centred: frozenset = frozenset({0})

    def columns(self) -> list[dict]:
        return [
            {"width": width, "centred": index in self.centred}
            for index, width in enumerate(self.widths_mm)
        ]


LISTS = {
    layout.name: layout
    for layout in (
        # The eligibility overview and a session's nominations: STT 12 mm (bold 12 pt "STT" is
        # 8.0 mm), a name with its academic title ("Nguyễn Thị Thu Bình" 37.5 mm at 12 pt), a
        # unit ("Khoa Xây dựng Đảng" 37.2 mm), the two lists of titles.
        ListLayout("review_list", (12, 42, 40, 36, 35)),
        # A person's or a unit's awards: year, title, decision, deciding body.
        ListLayout("award_history", (12, 14, 53, 36, 50), frozenset({0, 1})),
        # The register as filtered: the subject before the year.
        ListLayout("award_register", (12, 38, 12, 40, 31, 32), frozenset({0, 2})),
    )
}


def list_columns(name: str) -> dict:
    """The context keys the shared PDF template reads for the list layout ``name``."""
    return {"list_columns": LISTS[name].columns()}


def list_frame(organization, *, kind: str, day=None, recipients=None) -> dict:
    """The letterhead, date and signature every printed list shares, in the layout of ``kind``
    for the organisation (Party or state); dated ``day`` (today when not given)."""
    return {
        **letterhead(organization, choose(kind, organization), day or timezone.localdate()),
        "signer_title": LIST_SIGNER,
        "signer_name": SIGNER_BLANK,
        "recipients": list(recipients or ("Hội đồng Thi đua – Khen thưởng", "Lưu: VT, TĐKT")),
    }
