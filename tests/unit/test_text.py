"""Vietnamese text helpers: NFC, diacritic-free search keys and alphabetical sort keys."""

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core import text
from thidua.core.text import clean, fold, sort_key, split_full_name

# The order ICU's Vietnamese collation gives (PyICU 2.17, key = (given, family_and_middle)),
# recorded in shared/design/stack.md §3.2: letters decide first, tones only break ties.
GOLDEN = [
    "Bạch Văn An", "Nguyễn Thị An", "Nguyễn Văn An", "Lê Văn Anh", "Trần Thị Ánh", "Bùi Văn Ăn",
    "Vũ Thị Ân", "Đỗ Thị Dung", "Hoàng Văn Dũng", "Phạm Đức Đạt", "Ngô Văn Em", "Lý Thị Ê",
    "Phan Văn Ha", "Phan Văn Hà", "Phan Văn Hả", "Phan Văn Hã", "Phan Văn Há", "Phan Văn Hạ",
    "Hồ Văn On", "Lê Thị Ôn", "Mai Văn Ơn", "Trịnh Văn Uyên", "Tạ Thị Ưng", "Đặng Văn Zung",
]  # fmt: skip

vietnamese_text = st.text(
    alphabet=st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ ")
        + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
        + list("áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
    ),
    max_size=30,
)


def roster_key(full_name):
    family_and_middle, given_name = split_full_name(full_name)
    return sort_key(given_name, family_and_middle)


def test_golden_list_sorts_in_vietnamese_order():
    shuffled = GOLDEN[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=roster_key) == GOLDEN


def test_naive_sort_is_wrong_which_is_why_the_key_exists():
    assert sorted(GOLDEN, key=lambda n: n.split()[-1]) != GOLDEN


def test_given_name_decides_before_family_name():
    assert roster_key("Vũ Văn An") < roster_key("An Văn Bình")


def test_shorter_name_sorts_before_its_extension():
    assert sort_key("An") < sort_key("Anh") < sort_key("Ánh")


def test_fold_removes_diacritics_and_maps_d_bar():
    assert fold("Nguyễn Văn Đạt") == "nguyen van dat"
    assert fold("  ĐỖ   THỊ ƯNG ơ ") == "do thi ung o"
    assert fold("\u00d0ạt") == "dat"  # the look-alike Ð some keyboards type


def test_clean_normalises_to_nfc_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Văn  Đạt ")
    assert clean(decomposed) == "Nguyễn Văn Đạt"
    assert unicodedata.is_normalized("NFC", clean(decomposed))


def test_split_full_name_keeps_compound_family_names():
    assert split_full_name("Tôn Nữ Thị Hà") == ("Tôn Nữ Thị", "Hà")
    assert split_full_name("Hà") == ("", "Hà")


@given(vietnamese_text)
def test_fold_is_idempotent(value):
    assert fold(fold(value)) == fold(value)


@given(vietnamese_text)
def test_nfc_and_nfd_fold_alike(value):
    assert fold(unicodedata.normalize("NFC", value)) == fold(unicodedata.normalize("NFD", value))


@given(vietnamese_text)
def test_sort_key_ignores_normalisation_form(value):
    assert sort_key(unicodedata.normalize("NFD", value)) == sort_key(
        unicodedata.normalize("NFC", value)
    )


@given(vietnamese_text)
def test_fold_output_is_plain_ascii_letters_and_spaces(value):
    assert all(ch == " " or "a" <= ch <= "z" for ch in fold(value))


@given(vietnamese_text)
def test_sort_key_ignores_letter_case(value):
    assert sort_key(value.upper()) == sort_key(value.lower())


@given(vietnamese_text)
def test_sort_key_is_digits_only_so_any_collation_agrees(value):
    assert sort_key(value).isdigit()


INVISIBLES = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
]  # fmt: skip


@pytest.mark.parametrize("mark", INVISIBLES)
def test_clean_strips_zero_width_and_bidirectional_controls(mark):
    # Pasted from a web page or a PDF: the name looks the same and must compare the same.
    assert clean("Nguy{m}ễn Văn{m} Đạt{m}".format(m=mark)) == "Nguyễn Văn Đạt"
    assert fold("{m}Nguyễn{m} Văn Đạt".format(m=mark)) == "nguyen van dat"


def test_clean_strips_invisibles_before_normalising_to_nfc():
    # A zero-width space between a letter and its combining tone mark must not keep them apart.
    decomposed = unicodedata.normalize("NFD", "Ánh")
    assert clean(decomposed[0] + "\u200b" + decomposed[1:]) == "Ánh"
    # A right-to-left override that would show "txt.exe" as "exe.txt" is gone too.
    assert clean("bao-cao\u202etxt.exe") == "bao-caotxt.exe"


# The fast fold and sort key (str.translate tables) against their definitions ------------------

FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "Ưng", "Âu"]  # fmt: skip
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Thuỳ", "Thùy", "Xuân", "Quốc", ""]
GIVENS = ["An", "Ân", "Ấn", "Anh", "Ánh", "Bình", "Cường", "Dũng", "Đạt", "Ðạt", "Ễ", "Hà",
          "Hả", "Hã", "Há", "Hạ", "Khuê", "Ngữ", "Ơn", "Ước", "Yến", "Zoë", "O'Neil", "Anh-Thư",
          "Mỹ", "Quý", "Thủy", "Tuấn2", "ǅ", "ß", "ﬁ", "Ǆ", "Σ"]  # fmt: skip


def many_names():
    for family in FAMILIES:
        for middle in MIDDLES:
            for given_name in GIVENS:
                name = " ".join(part for part in (family, middle, given_name) if part)
                for form in ("NFC", "NFD"):
                    value = unicodedata.normalize(form, name)
                    yield value
                    yield value.upper()
                yield name.replace(" ", "  \u200b")


def test_fast_fold_and_sort_key_equal_their_definitions_on_many_names():
    names = list(many_names())
    assert len(names) > 20_000
    for name in names:
        assert text._fold_slow(name) == fold(name), name
        for part in (name, *name.split(" ")):
            assert text._letters_and_tones_slow(part) == text._letters_and_tones(part), part


@given(vietnamese_text | st.text())
def test_fast_fold_and_sort_key_equal_their_definitions_on_any_text(value):
    assert text._fold_slow(value) == fold(value)
    assert text._letters_and_tones_slow(value) == text._letters_and_tones(value)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
def test_fast_sort_key_equals_its_definition_with_stray_marks(value):
    # Combining marks after any character, spaces and letters outside the tables.
    value = "".join(ch + "\u0301\u0323" if i % 3 == 0 else ch for i, ch in enumerate(value))
    assert text._letters_and_tones_slow(value) == text._letters_and_tones(value)
    assert text._fold_slow(value) == fold(value)


def test_the_fast_sort_key_covers_the_vietnamese_letters():
    """Every Vietnamese letter, with every tone, in either case, is in the tables (else the fast
    path would never be taken for names and the test above would prove nothing about it)."""
    letters = "aăâeêioôơuưy"
    for letter in letters:
        for tone in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"):
            ch = unicodedata.normalize("NFC", letter + tone)
            assert len(ch) == 1 and ord(ch) in text._PRIMARY_OF, ch
    assert all(ord(ch) in text._PRIMARY_OF for ch in "đbcdghklmnpqrstvx 0123456789-'")


@given(vietnamese_text | st.text() | st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0"
                                             "\u1680\u2000\u2028\u2029\u202f\u3000\u200ba\u0301"))
def test_clean_of_clean_text_is_the_same_text_and_the_fast_path_agrees(value):
    assert clean(value) == text._clean_slow(value) if value else clean(value) == ""
    assert clean(clean(value)) == clean(value)


def test_the_fast_clean_path_is_taken_for_clean_text_only():
    for value in ("Nguyễn Văn An", "cb1@example.vn", "00032"):
        assert clean(value) is value
    for value in ("Nguye\u0302\u0303n", "a  b", " a", "a\u00a0b", "a\u200bb", "a\tb"):
        assert clean(value) != value


def test_texts_known_clean_are_given_back_themselves_and_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(text, "_KNOWN_CLEAN", set())
    monkeypatch.setattr(text, "_KNOWN_CLEAN_LIMIT", 3)
    first = "Nguyễn Văn An"
    equal = "".join(["Nguyễn ", "Văn An"])  # the same text, another object
    assert clean(first) is first and first in text._KNOWN_CLEAN
    assert clean(equal) is equal
    for dirty in ("Nguye\u0302\u0303n", "a  b", "a\u200bb"):
        assert clean(dirty) != dirty and dirty not in text._KNOWN_CLEAN
    for value in ("b", "c", "d", "e"):
        clean(value)
    assert len(text._KNOWN_CLEAN) <= 3
