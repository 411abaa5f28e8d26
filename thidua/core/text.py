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


# Texts found clean lately (bounded): the same name is cleaned by the cell, the form, the
# model's clean and its save; whether a text is clean depends on its characters only, so an
# equal text is clean too, and is given back itself.
_KNOWN_CLEAN: set[str] = set()
_KNOWN_CLEAN_LIMIT = 65536


def clean(value: str | None) -> str:
    """Return text in NFC, without invisible characters (zero-width, bidirectional controls),
    with runs of whitespace collapsed and the ends stripped."""
    if not value:
        return ""
    if value in _KNOWN_CLEAN:
        return value
    # Most text arrives clean (a cell read, then a form, then the model clean it again): when
    # it already is — single spaces between words (str.split knows the whitespace \s matches),
    # NFC, nothing invisible — the steps below would give it back unchanged.
    if (
        " ".join(value.split()) == value
        and unicodedata.is_normalized("NFC", value)
        and INVISIBLE.search(value) is None
    ):
        if len(_KNOWN_CLEAN) >= _KNOWN_CLEAN_LIMIT:
            _KNOWN_CLEAN.clear()
        _KNOWN_CLEAN.add(value)
        return value
    return _clean_slow(value)


def _clean_slow(value: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", INVISIBLE.sub("", value))).strip()


@functools.lru_cache(maxsize=65536)  # pure; a file repeats its names and cell values
def fold(value: str | None) -> str:
    """Return a lower-case, diacritic-free form for search: 'Nguyễn Văn Đạt' → 'nguyen van dat'."""
    # One translation in C: what the per-character steps below give for each character of the
    # cleaned, case-folded text (`_fold_slow`, kept as the definition; the tests compare them).
    # đ has no decomposition in Unicode, so it is mapped by hand; a mark that stood alone after a
    # space can leave spaces behind, hence the second collapse.
    return _SPACES.sub(" ", clean(value).casefold().translate(_FOLDED)).strip()


def _fold_slow(value: str | None) -> str:
    decomposed = unicodedata.normalize("NFD", clean(value).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # "ð" is the casefold of "Ð" (U+00D0), which some keyboards type instead of "Đ".
    return _SPACES.sub(" ", stripped.replace("đ", "d").replace("ð", "d")).strip()


class _Folded(dict):
    """Character → its folded text, filled as characters are met (str.translate asks it).

    Folding is per character: NFD decomposes each character on its own and only reorders
    combining marks, which are all dropped; "đ" and "ð" are single characters."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        folded = folded.replace("đ", "d").replace("ð", "d")
        if len(self) < 20_000:  # bounded: a file of every Unicode character stays cheap
            self[code] = folded
        return folded


_FOLDED = _Folded()


def _letter_key(ch: str) -> tuple[str, str] | None:
    """Return the primary and tone parts of a character that is a cluster on its own (a base
    character and the combining marks it decomposes into), or None."""
    decomposed = unicodedata.normalize("NFD", ch)
    if unicodedata.combining(decomposed[0]) or not all(
        unicodedata.combining(mark) for mark in decomposed[1:]
    ):
        return None
    base = "".join(mark for mark in decomposed if mark not in _TONES)
    tone = next((_TONES[mark] for mark in decomposed if mark in _TONES), 0)
    return _PRIMARY.get(unicodedata.normalize("NFC", base), _OTHER), str(tone)


# The sort key of the characters Vietnamese names are written in (Latin, with the Vietnamese
# letters of Latin Extended Additional), each a cluster on its own, as translation tables.
_SORTABLE = {
    code: key
    for code in (*range(0x20, 0x250), *range(0x1E00, 0x1F00))
    if chr(code) == chr(code).casefold() and (key := _letter_key(chr(code))) is not None
}
_PRIMARY_OF = {code: primary for code, (primary, _) in _SORTABLE.items()}
_TONE_OF = {code: tone for code, (_, tone) in _SORTABLE.items()}


@functools.lru_cache(maxsize=65536)  # pure; names repeat ("Nguyễn Văn", "Anh") in every list
def _letters_and_tones(word: str) -> tuple[str, str]:
    """Return the primary and secondary key parts of one field."""
    folded = clean(word).casefold()
    # Every character in the tables: NFD decomposes each on its own (a base character first,
    # so no mark moves across), so each is its own cluster and the tables give its parts.
    primary = folded.translate(_PRIMARY_OF)
    if len(primary) == 2 * len(folded):  # a character not in the tables would stay 1 long
        return primary, folded.translate(_TONE_OF)
    return _letters_and_tones_slow(word)


def _letters_and_tones_slow(word: str) -> tuple[str, str]:
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
