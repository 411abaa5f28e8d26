"""The format of one document (Party or state): thidua.rules.layout's choice from the kind, the
recipient, the organisation's default and the officer's override (``?layout=`` on a download link,
``make_document --layout``)."""

from thidua.documents import formatting
from thidua.documents.registry import DocumentError
from thidua.rules.layout import LAYOUTS, PARTY, layout_for

HEADINGS = {"party": "ĐẢNG CỘNG SẢN VIỆT NAM", "state": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"}
MOTTOS = {"party": "", "state": "Độc lập - Tự do - Hạnh phúc"}


def checked(layout: str | None) -> str | None:
    """Return the override given, or None; a wrong value is a Vietnamese DocumentError."""
    if not layout:
        return None
    if layout not in LAYOUTS:
        raise DocumentError(
            "Thể thức “{}” không có; chọn party (văn bản của Đảng) hoặc state (văn bản hành "
            "chính).".format(layout)
        )
    return layout


def choose(kind: str, organization, recipient: str | None = None,
           override: str | None = None) -> str:  # fmt: skip
    """Return "party" or "state" for a document of ``kind`` to ``recipient``."""
    return layout_for(kind, recipient, organization.document_style, checked(override)).layout


def letterhead(organization, layout: str, day) -> dict:
    """The lines above a paper's title in ``layout`` ("party" or "state"): the parent body and the
    issuer, the heading and motto, no number, the place and ``day``'s date."""
    return {
        "layout": layout,
        "parent_body": formatting.upper(organization.parent_body),
        "issuer": formatting.upper(organization.name),
        "heading": HEADINGS[layout],
        "motto": MOTTOS[layout],
        "number_line": "",
        "place_date": formatting.place_date(organization.place_name, day),
    }


def is_party(kind: str, organization, recipient: str | None = None,
             override: str | None = None) -> bool:  # fmt: skip
    return choose(kind, organization, recipient, override) == PARTY
