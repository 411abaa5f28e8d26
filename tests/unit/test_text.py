"""Vietnamese text helpers: NFC, diacritic-free search keys and alphabetical sort keys."""

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
