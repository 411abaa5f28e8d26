"""Vietnamese text: normalisation on the way in, diacritic-free search keys, alphabetical sort keys.

Sorting follows the Vietnamese dictionary order that ICU's `vi` collation encodes
(unicode-org/icu `coll/vi.txt`; Vũ Xuân Lương, "Quy tắc sắp xếp đơn vị từ vựng"): letters decide
first — a ă â b c d đ e ê … o ô ơ … u ư … — and tones only break ties, in the order
ngang < huyền < hỏi < ngã < sắc < nặng. The key is a string of digits, so byte order equals
Vietnamese order under any database collation (SQLite BINARY, PostgreSQL "C" or en_US alike).
"""

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Characters nobody sees: zero-width space, non-joiner and joiner, word joiner, the byte-order
# mark (read as a zero-width no-break space), the soft hyphen, and the bidirectional controls
# (left-to-right and right-to-left marks, embeddings, overrides and isolates). Pasted from a web
# page or a PDF they make "Nguyễn\u200b Văn An" a different name from the one search looks for.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")

# Combining tone marks in ICU's secondary order: huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Primary order: space, digits, then the Latin letters with the Vietnamese ones in their places.
_ALPHABET = [" ", *"0123456789"] + [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_PRIMARY = {letter: "{:02d}".format(index + 1) for index, letter in enumerate(_ALPHABET)}
_OTHER = "99"  # anything else (hyphen, apostrophe, foreign letters) after z
_END = "00"  # ends a field, so "An" sorts before "Anh"


def clean(value: str | None) -> str:
    """Return text in NFC, without invisible characters (zero-width, bidirectional controls),
    with runs of whitespace collapsed and the ends stripped."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", INVISIBLE.sub("", value))).strip()


@functools.lru_cache(maxsize=65536)  # pure; a file repeats its names and cell values
def fold(value: str | None) -> str:
    """Return a lower-case, diacritic-free form for search: 'Nguyễn Văn Đạt' → 'nguyen van dat'."""
    decomposed = unicodedata.normalize("NFD", clean(value).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # đ has no decomposition in Unicode, so it is mapped by hand; a mark that stood alone after a
    # space can leave spaces behind, hence the second collapse.
    # "ð" is the casefold of "Ð" (U+00D0), which some keyboards type instead of "Đ".
    return _SPACES.sub(" ", stripped.replace("đ", "d").replace("ð", "d")).strip()


@functools.lru_cache(maxsize=65536)  # pure; names repeat ("Nguyễn Văn", "Anh") in every list
def _letters_and_tones(word: str) -> tuple[str, str]:
    """Return the primary and secondary key parts of one field."""
    primary: list[str] = []
    tones: list[str] = []
    for cluster in _clusters(clean(word).casefold()):
        base = "".join(ch for ch in cluster if ch not in _TONES)
        tone = next((_TONES[ch] for ch in cluster if ch in _TONES), 0)
        letter = unicodedata.normalize("NFC", base)
        primary.append(_PRIMARY.get(letter, _OTHER))
        tones.append(str(tone))
    return "".join(primary), "".join(tones)


def _clusters(text: str):
    """Yield each base character of NFD text with the combining marks that follow it."""
    current = ""
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and current:
            current += ch
        else:
            if current:
                yield current
            current = ch
    if current:
        yield current


def sort_key(*fields: str | None) -> str:
    """Return a digits-only key ordering values field by field in Vietnamese dictionary order.

    Each field contributes its letters, then its tones, then a terminator, so a later field only
    breaks ties of the earlier ones: `sort_key(given, family_and_middle)` sorts a roster by given
    name, then by the rest, as Vietnamese lists are sorted.
    """
    parts: list[str] = []
    for field in fields:
        primary, tones = _letters_and_tones(field or "")
        parts.append(primary + _END + tones + "9")
    return "".join(parts)


def split_full_name(full_name: str) -> tuple[str, str]:
    """Split a full name on its last space into (family_and_middle, given)."""
    name = clean(full_name)
    family_and_middle, _, given = name.rpartition(" ")
    return family_and_middle, given
