"""What users read says the law, not the research: no marks, notes or file names of the notes.

Every ``ParamInfo.note`` (the "cần xác nhận" panel, the parameters screen) and every citation
text (each criterion's source, documents' bases) is shown to users.
"""

from __future__ import annotations

import dataclasses

import pytest

from thidua.rules import CITATIONS, RULE_SETS
from thidua.rules.quotas import higher_level_quota

# How developer notes looked when they leaked into pages and documents.
MARKERS = (
    "[R]", "[V]", "[I]", "theo trí nhớ", "trí nhớ", "law.md", "law-2.md", "ví dụ của ngành",
    "có thể tự đặt", "ghi đè", "chưa đối chiếu", "TVPL", "TODO", "FIXME", "thidua.rules",
    "frozenset", "None", "True", "False",
)  # fmt: skip


def _clean(text: str, where: str) -> None:
    for marker in MARKERS:
        assert marker not in text, f"{where}: {marker!r} in {text!r}"


@pytest.mark.parametrize("rule_set", RULE_SETS.values(), ids=lambda rs: rs.name)
def test_every_parameter_note_reads_as_law(rule_set):
    for name, info in rule_set.meta.items():
        _clean(info.note, f"{rule_set.name}.{name}")
        assert info.source in CITATIONS, (rule_set.name, name, info.source)
        if info.to_confirm:
            # an unverified parameter says so, in words, to the reader
            assert "cần xác nhận" in info.note or CITATIONS[info.source].mark != "V", name
    for text in rule_set.instruments:
        _clean(text, f"{rule_set.name}.instruments")
    overridden = rule_set.with_overrides({"max_absence_days": 30})
    _clean(overridden.info("max_absence_days").note, "override")


def test_every_citation_text_reads_as_law():
    for key, citation in CITATIONS.items():
        _clean(citation.text, key)
        assert citation.key == key and citation.mark in ("V", "R", "I")


@pytest.mark.parametrize("rule_set", RULE_SETS.values(), ids=lambda rs: rs.name)
def test_quota_texts_read_as_law(rule_set):
    info = higher_level_quota(rule_set)
    assert info is not None
    _clean(info.basis_text, "Cờ thi đua của Chính phủ")


def test_the_markers_are_caught():
    with pytest.raises(AssertionError):
        _clean("Theo trí nhớ [R].", "example")
    with pytest.raises(AssertionError):
        _clean("(law.md §2.8)", "example")


def test_every_meta_entry_names_a_field():
    for rule_set in RULE_SETS.values():
        names = {f.name for f in dataclasses.fields(rule_set)}
        assert set(rule_set.meta) <= names, set(rule_set.meta) - names
