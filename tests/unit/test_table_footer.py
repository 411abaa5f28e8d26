"""The end of a table (spreadsheets.engine._footer): a row whose first text starts with a digit
(a staff code, a number) is data without being folded, because no footer pattern matches the
folded form of such a text — checked here on any text, against the patterns themselves."""

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.core import text
from thidua.spreadsheets.engine import _PLACE_AND_DATE, _SIGNATURE, _TOTAL, _footer


@settings(max_examples=500, deadline=None)
@given(st.sampled_from("0123456789"), st.text(max_size=40))
def test_no_footer_pattern_matches_a_text_that_starts_with_a_digit(digit, rest):
    key = text.fold(digit + rest)
    assert not (_TOTAL.match(key) or _SIGNATURE.match(key) or _PLACE_AND_DATE.match(key))
    assert _footer([None, digit + rest]) is None


def test_footers_are_still_found():
    assert _footer(["Tổng cộng", 12]) == "dòng tổng cộng"
    assert _footer(["", "Hà Nội, ngày 5 tháng 12 năm 2026"]) == "phần ký tên cuối văn bản"
    assert _footer([" 1 Tổng cộng"]) is None and _footer(["00123", "Nguyễn Văn An"]) is None
