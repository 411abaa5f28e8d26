"""The format of each document (law.md §5.2) and the signing block's authority line (NĐ 30
Điều 13; HD 36): thidua.rules.layout, pure Python."""

import pytest

from thidua.rules import CITATIONS, REVIEW
from thidua.rules.layout import PARTY, STATE, layout_for, signing


@pytest.mark.parametrize("recipient", ["province", "government"])
def test_a_paper_to_a_state_body_takes_the_state_format_even_for_a_party_school(recipient):
    choice = layout_for("proposal", recipient, PARTY)
    assert choice.layout == STATE
    assert choice.source == "ND30.1"
    assert "Nghị định 30/2020/NĐ-CP" in choice.source_text
    # law.md §5.2 says "probably" [R]: the choice is flagged for confirmation.
    assert choice.verdict == REVIEW
    assert CITATIONS[choice.source].mark == "R"


def test_the_governments_report_form_is_a_state_document_whatever_the_default():
    for default in (PARTY, STATE):
        choice = layout_for("achievement_report", None, default)
        assert (choice.layout, choice.source, choice.verdict) == (STATE, "ND30.FORM", REVIEW)


@pytest.mark.parametrize("default", [PARTY, STATE])
def test_internal_papers_and_the_academy_follow_the_organisations_setting(default):
    for kind, recipient in (("plan", None), ("decision", None), ("proposal", "academy")):
        choice = layout_for(kind, recipient, default)
        assert (choice.layout, choice.source, choice.verdict) == (default, "ORG.STYLE", "ok")


def test_the_officers_override_wins_and_a_wrong_value_is_refused():
    assert layout_for("proposal", "province", STATE, override=PARTY).layout == PARTY
    assert layout_for("achievement_report", None, STATE, override=PARTY).layout == PARTY
    assert layout_for("plan", None, PARTY, override=STATE).layout == STATE
    with pytest.raises(ValueError, match="party hoặc state"):
        layout_for("plan", None, PARTY, override="word")
    with pytest.raises(ValueError):
        layout_for("plan", None, "nd30")


def test_the_head_signs_with_his_title_only():
    sign = signing("Hiệu trưởng", "Hiệu trưởng", STATE)
    assert (sign.authority, sign.title) == ("", "HIỆU TRƯỞNG")


def test_a_deputy_signs_for_the_head():
    sign = signing("Phó Hiệu trưởng", "Hiệu trưởng", STATE)
    assert (sign.authority, sign.title, sign.source) == ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG",
                                                         "ND30.13")  # fmt: skip
    party = signing("PHÓ  HIỆU TRƯỞNG", "Hiệu trưởng", PARTY)
    assert (party.authority, party.title, party.source) == ("K/T HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG",
                                                            "HD36.SIGN")  # fmt: skip


def test_an_acting_head_and_a_collective_body():
    assert signing("Quyền Hiệu trưởng", "Hiệu trưởng", STATE).title == "Q. HIỆU TRƯỞNG"
    assert signing("Quyền Hiệu trưởng", "Hiệu trưởng", STATE).authority == ""
    council = signing("Chủ tịch", "Hiệu trưởng", STATE, collective="Hội đồng Thi đua – Khen thưởng")
    assert (council.authority, council.title) == ("TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "CHỦ TỊCH")
    assert signing("Chủ tịch", "", PARTY, collective="Hội đồng").authority == "T/M HỘI ĐỒNG"
    # another office than the head's deputy signs as itself (no KT. line invented)
    assert signing("Trưởng phòng Tổ chức", "Hiệu trưởng", STATE).authority == ""
