"""Every overridable parameter of every rule set is described for people and reads in Vietnamese."""

from __future__ import annotations

import re

import pytest

from thidua.rules import RULE_SETS, Ballot, GvtScale, QuotaRule, cite, parameters
from thidua.rules.parameters import DESCRIPTIONS, KIND_NAMES, render, render_lines, share_text

# What a Python value or a research note looks like when it leaks into a page.
REPR_MARKS = ("frozenset(", "GvtScale(", "Ballot(", "QuotaRule(", "{", "}", "'", "None",
              "True", "False", "[R]", "[V]", "law.md")  # fmt: skip
LONG_DIGITS = re.compile(r"\d[.,]?\d{4,}")


def _clean(text: str) -> None:
    for mark in REPR_MARKS:
        assert mark not in text, f"{mark!r} in {text!r}"
    assert not LONG_DIGITS.search(text), text


@pytest.mark.parametrize("rule_set", RULE_SETS.values(), ids=lambda rs: rs.name)
def test_every_overridable_parameter_is_described(rule_set):
    names = parameters.overridable(rule_set)
    assert names, "no overridable parameter found"
    missing = [n for n in names if n not in DESCRIPTIONS]
    assert missing == [], f"chưa mô tả tham số: {missing}"
    assert set(DESCRIPTIONS) <= set(names), "mô tả một tham số không tồn tại"
    for name in ("name", "regime", "instruments", "meta", "overridden"):
        assert name not in names


@pytest.mark.parametrize("name", sorted(DESCRIPTIONS))
def test_descriptions_are_sentences_for_people(name):
    d = DESCRIPTIONS[name]
    assert d.name == name
    assert d.kind in KIND_NAMES and d.group_name
    assert d.label and d.label[0].isupper() and "_" not in d.label
    assert d.meaning.endswith(".") and "_" not in d.meaning
    _clean(d.label)
    _clean(d.meaning)
    if d.kind in ("months", "days", "years", "count", "share"):
        assert d.minimum is not None and d.maximum is not None and d.minimum < d.maximum
    if d.kind in ("grade", "discipline", "level", "study_result", "titles"):
        assert d.choices() and all(label for _, label in d.choices())


@pytest.mark.parametrize("rule_set", RULE_SETS.values(), ids=lambda rs: rs.name)
def test_every_value_in_force_renders_without_a_python_value(rule_set):
    for name in parameters.overridable(rule_set):
        value = getattr(rule_set, name)
        _clean(render(name, value))
        for line in render_lines(name, value):
            _clean(line)
        _clean(cite(rule_set.info(name).source))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.5, "50%"), (0.7, "70%"), (2 / 3, "2/3 (66,7%)"), (0.15, "15%"), (0.155, "15,5%"),
     (1.0, "100%"), (0.9, "90%"), (1 / 3, "1/3 (33,3%)"), (0.123456, "12,3%")],
)  # fmt: skip
def test_shares_read_as_people_write_them(value, expected):
    assert share_text(value) == expected


def test_values_read_in_vietnamese():
    assert render("council_quorum", 2 / 3) == "2/3 (66,7%)"
    assert render("registration_titles", frozenset({"TTLDTT", "LDTT"})) == (
        "Lao động tiên tiến, Tập thể lao động tiên tiến"
    )
    assert render("max_absence_days", None) == "Không áp dụng"
    assert render("max_absence_days", 40) == "40 ngày"
    assert render("registration_required", True) == "Có"
    assert render("pending_discipline_blocks", False) == "Không"
    assert render("ldtt_min_grade", "HTT") == "Từ Hoàn thành tốt nhiệm vụ trở lên"
    assert render("flag_min_grade", "HTXS") == "Hoàn thành xuất sắc nhiệm vụ"
    assert render("ldtt_discipline_from", "canh_cao") == "Từ cảnh cáo trở lên"
    assert render("cstd_tinh_level", "tinh") == "Từ cấp tỉnh/bộ trở lên"
    assert render("long_study_min_result", "kha") == "Từ loại khá trở lên"
    assert render("new_hire_months", 10) == "10 tháng"
    assert render("bk_works", 2) == "2 sáng kiến hoặc đề tài"
    gvt = render("gvt", GvtScale(min_score=85.5, max_absence_days=None))
    assert gvt.startswith("Điểm công đoàn từ 85,5 trên thang 100") and "ngày" not in gvt
    quota = render("quotas", (QuotaRule("CSTD_CS", "LDTT", 0.15, "floor", "ND91.9.3"),))
    assert quota == (
        "Chiến sĩ thi đua cơ sở: tối đa 15% số đủ điều kiện Lao động tiên tiến (làm tròn xuống)"
    )
    lines = render_lines("ballots", {"CSTD_CS": Ballot(0.8, "total_members", True, "co_so")})
    assert lines == ["Chiến sĩ thi đua cơ sở: từ 80% tổng số thành viên Hội đồng đồng ý, bỏ phiếu"
                     " kín, tại Hội đồng Thi đua – Khen thưởng của cơ quan"]
    assert render_lines("ballots", {}) == ["Không có quy định riêng: theo quy chế của Hội đồng"]


def test_json_values_round_trip_through_with_overrides():
    rs = RULE_SETS["2017"]
    stored = {
        "registration_titles": parameters.to_json(
            "registration_titles", frozenset({"LDTT", "TTLDTT"})
        ),
        "ballots": parameters.to_json(
            "ballots", {"CSTD_CS": Ballot(0.75, "present", True, "co_so")}
        ),
        "gvt": parameters.to_json("gvt", GvtScale(min_score=85)),
    }
    assert stored["registration_titles"] == ["LDTT", "TTLDTT"]
    changed = rs.with_overrides(stored)
    assert changed.registration_titles == frozenset({"LDTT", "TTLDTT"})
    assert changed.ballots["CSTD_CS"] == Ballot(0.75, "present", True, "co_so")
    assert changed.ballots["CSTD_TINH"] == rs.ballots["CSTD_TINH"]  # merged title by title
    assert changed.gvt.min_score == 85


def test_regimes_name_their_rule_sets():
    assert [rs.name for rs in parameters.rule_sets_of("2017")] == ["2017"]
    assert [rs.name for rs in parameters.rule_sets_of("2023")] == ["2023/nd98", "2023/nd152"]
    assert set(parameters.RULE_SET_PERIODS) == set(RULE_SETS)
    with pytest.raises(ValueError):
        parameters.rule_sets_of("1999")
