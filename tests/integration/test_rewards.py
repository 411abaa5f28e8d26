"""Reward money: a decision's bảng kê by role, the base salary table, the fund (income, the
expense written from a bảng kê, balances, export), the commands, and bad input."""

import io
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import make_user
from tests.helpers.council import make_eligible, run_session
from tests.helpers.council import members as council_members
from tests.helpers.documents import docx_text, pdf_text
from thidua.accounts.models import Role
from thidua.core.actions import ActionRefused, NotAllowed
from thidua.council.actions import do_nominate
from thidua.decisions.actions import (
    do_draft_decision_from_session,
    do_issue_decision,
    do_revoke_decision,
)
from thidua.rewards import lists
from thidua.rewards.actions import (
    do_add_base_salary,
    do_add_fund_income,
    do_record_reward_expense,
    fund_years,
)
from thidua.rewards.models import BaseSalary, FundEntry, FundKind

pytestmark = pytest.mark.django_db

YEAR = 2022
DAY = date(2022, 12, 28)
MEETING = "2022-12-27 09:00 +07:00"
# By hand, NĐ 91/2017 amounts on the base salary of 28/12/2022 (1.490.000 đ, NĐ 38/2019):
# LĐTT 0,3 × 1.490.000 = 447.000 → 450.000 (three people); TTLĐTT 0,8 × 1.490.000 = 1.192.000
# → 1.200.000; total 3 × 450.000 + 1.200.000 = 2.550.000.
LDTT, TTLDTT, TOTAL = 450_000, 1_200_000, 2_550_000


@pytest.fixture
def accountant(org):
    return make_user("ketoan", org, Role.ACCOUNTANT)


@pytest.fixture
def decision(db, org, units, people, personas):
    """An issued decision: LĐTT for three people of unit a, TTLĐTT for unit a."""
    head = personas["unit_head"]
    for key in ("staff", "dat", "head"):
        make_eligible(org, people[key])
    nominations = [do_nominate(year=YEAR, title="LDTT", person=people[key], acting_user=head)
                   for key in ("staff", "dat", "head")]  # fmt: skip
    nominations.append(do_nominate(year=YEAR, title="TTLDTT", unit=units["a"],
                                   justification="Đơn vị tốt.", acting_user=head))  # fmt: skip
    session = run_session(personas, council_members(org, personas), nominations, on=MEETING)
    draft = do_draft_decision_from_session(session, acting_user=personas["secretary"])
    return do_issue_decision(draft, decided_on=DAY, acting_user=personas["principal"])


def page(client, user, decision):
    client.force_login(user)
    return client.get(reverse("rewards:reward_list", args=[decision.pk]))


# --- the bảng kê ------------------------------------------------------------------------------


def test_the_list_matches_the_hand_computation(decision):
    result = lists.compute(decision)
    assert result.base.amount == 1_490_000 and result.decree == "ND91"
    amounts = sorted(p.amount for p in result.lines)
    assert amounts == [LDTT, LDTT, LDTT, TTLDTT]
    assert (result.total, result.individual_total, result.collective_total) == (
        TOTAL, 3 * LDTT, TTLDTT)  # fmt: skip
    # NĐ 91/2017's amounts were not seen in the text: the list says review
    assert result.verdict == "review"


def test_article_two_states_the_total_under_the_law_of_the_decisions_date(decision):
    from thidua.decisions.documents import build_decision_context

    article = build_decision_context(decision)["article_two"]
    assert article == (
        "Các cá nhân, tập thể có tên tại Điều 1 được hưởng tiền thưởng theo quy định tại "
        "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ; tổng số tiền thưởng là "
        "2.550.000 đồng, chi từ Quỹ thi đua, khen thưởng của Trường Chính trị Thử nghiệm."
    )
    # No base salary on the decision's date: Điều 2 states no total rather than a wrong one.
    BaseSalary.objects.filter(starts_on__lte=DAY).delete()
    article = build_decision_context(decision)["article_two"]
    assert article.endswith("của Chính phủ.") and "tổng số" not in article


@pytest.mark.parametrize("persona", ["secretary", "principal"])
def test_those_who_read_amounts_see_every_line_and_the_totals(client, decision, personas, persona):
    response = page(client, personas[persona], decision)
    html = response.content.decode()
    assert response.status_code == 200
    assert "2.550.000 đ" in html and "Trần Thị Hoa" in html and "Nguyễn Văn Đạt" in html
    assert "1.490.000 đ" in html and "cần xác nhận" in html
    assert 'id="reward-downloads"' in html


def test_the_accountant_reads_and_pays(client, decision, accountant):
    html = page(client, accountant, decision).content.decode()
    assert "2.550.000 đ" in html and 'id="expense-form"' in html


def test_staff_see_only_their_own_line(client, decision, personas):
    html = page(client, personas["staff"], decision).content.decode()
    assert "Trần Thị Hoa" in html and "450.000 đ" in html
    assert "Nguyễn Văn Đạt" not in html and "2.550.000" not in html and "1.200.000" not in html
    assert 'id="reward-downloads"' not in html and 'id="expense-form"' not in html
    for name in ("reward_list_docx", "reward_list_pdf", "reward_list_xlsx"):
        assert client.get(reverse("rewards:" + name, args=[decision.pk])).status_code == 403


def test_a_unit_head_sees_their_line_and_their_unit(client, decision, personas):
    html = page(client, personas["unit_head"], decision).content.decode()
    assert "Lê Văn Sơn" in html and "1.200.000 đ" in html
    assert "Trần Thị Hoa" not in html and "2.550.000" not in html


@pytest.mark.parametrize("persona", ["leader", "council_member"])
def test_other_roles_see_no_one_elses_amount(client, decision, personas, persona):
    html = page(client, personas[persona], decision).content.decode()
    assert "450.000" not in html and "2.550.000" not in html


def test_another_organisation_does_not_see_the_list(client, decision, personas):
    assert page(client, personas["outsider"], decision).status_code == 404


def test_the_decision_page_links_its_list(client, decision, personas):
    client.force_login(personas["staff"])
    html = client.get(reverse("decisions:decision", args=[decision.pk])).content.decode()
    assert reverse("rewards:reward_list", args=[decision.pk]) in html


# --- a decision recorded in the register (a higher body's) ---------------------------------


@pytest.fixture
def province_awards(org, people, personas):
    """A province's decision of 20/01/2022 in the register: Bằng khen for two people."""
    from thidua.awards.actions import AwardData, do_add_award

    return [
        do_add_award(org, AwardData(person=people[key], unit=None, year=2021, code="BK_TINH",
                                    decision_number="35/QĐ-UBND", decided_on=date(2022, 1, 20),
                                    issued_by="Chủ tịch UBND tỉnh"),
                     acting_user=personas["secretary"])
        for key in ("staff", "other")
    ]  # fmt: skip


def test_a_register_decisions_list_by_role(client, province_awards, personas, accountant):
    url = reverse("rewards:register_list", args=[province_awards[0].pk])
    # NĐ 91/2017 (to confirm): an individual's Bằng khen of the province 1,0 × 1.490.000
    for user in (personas["secretary"], accountant):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "Trần Thị Hoa" in html and "Phạm Thị Lan" in html and "2.980.000 đ" in html
    client.force_login(personas["staff"])
    html = client.get(url).content.decode()
    assert "Trần Thị Hoa" in html and "1.490.000 đ" in html
    assert "Phạm Thị Lan" not in html and "2.980.000" not in html
    # a line that is not theirs: the award is out of their scope
    other = reverse("rewards:register_list", args=[province_awards[1].pk])
    assert client.get(other).status_code == 404
    client.force_login(personas["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(personas["staff"])
    page = client.get(reverse("awards:award", args=[province_awards[0].pk])).content.decode()
    assert url in page


# --- a phase's Giấy khen beside the year's ---------------------------------------------------


def test_a_phases_giay_khen_is_paid_beside_the_years(client, org, people, units, personas):
    """One person holds the year's Giấy khen and, through the phase's decision, the phase's two
    (tổng kết, đột xuất): three achievements, each paid (NĐ 152/2025 Điều 49, forms for
    different achievements; NĐ 91/2017's amounts by the decision of 05/01/2023)."""
    from thidua.awards.actions import AwardData, do_add_award
    from thidua.closing.actions import do_commend, do_draft_phase_decision, do_record_phase_summary
    from thidua.plans.demo import load_plan_2022
    from thidua.rules import commendations

    secretary, principal = personas["secretary"], personas["principal"]
    year = do_add_award(org, AwardData(person=people["staff"], unit=None, year=2022,
                                       code="GIAY_KHEN", decision_number="9-QĐ/TCTTN",
                                       decided_on=date(2022, 12, 28), issued_by="Hiệu trưởng"),
                        acting_user=secretary)  # fmt: skip
    # Summed up before the decision's day (a phase's decision cannot come before its summary).
    summary = do_record_phase_summary(load_plan_2022(org).phases.get(), acting_user=secretary,
                                      summed_up_on=date(2023, 1, 3),
                                      achievements="Hoàn thành kế hoạch đợt.")  # fmt: skip
    for kind, subject in ((commendations.PHASE, {"person": people["staff"]}),
                          (commendations.ONE_OFF, {"person": people["staff"]}),
                          (commendations.PHASE, {"unit": units["a"]})):  # fmt: skip
        do_commend(summary, kind=kind, reason="Xuất sắc.", acting_user=secretary, **subject)
    decision = do_issue_decision(do_draft_phase_decision(summary, acting_user=secretary),
                                 decided_on=date(2023, 1, 5), acting_user=principal)  # fmt: skip
    # By hand (base salary 1.490.000 đ): a person's Giấy khen 0,3 → 447.000 → 450.000 đ, a
    # collective's 0,6 → 894.000 → 900.000 đ.
    result = lists.compute(decision)
    assert [(p.line.subject, p.amount) for p in result.lines] == [
        ("person:{}".format(people["staff"].pk), 450_000),
        ("person:{}".format(people["staff"].pk), 450_000),
        ("unit:{}".format(units["a"].pk), 900_000),
    ]
    assert result.total == 1_800_000 and not any(p.note for p in result.lines)
    assert lists.compute_register(lists.register_group(year), year.decided_on).total == 450_000
    # The list says what each Giấy khen is for; the fund pays the phase's decision whole.
    client.force_login(secretary)
    html = client.get(reverse("rewards:reward_list", args=[decision.pk])).content.decode()
    occasions = list(decision.entries.order_by("position").values_list("occasion", flat=True))
    assert all("Giấy khen của Hiệu trưởng ({})".format(o) in html for o in occasions)
    expense = do_record_reward_expense(decision, entered_on=date(2023, 1, 10),
                                       acting_user=secretary)  # fmt: skip
    assert expense.amount == 1_800_000


# --- the base salary table -----------------------------------------------------------------


def test_the_table_is_seeded_with_the_decrees():
    rows = list(BaseSalary.objects.values_list("starts_on", "ends_on", "amount"))
    assert rows == [
        (date(2019, 7, 1), date(2023, 6, 30), 1_490_000),
        (date(2023, 7, 1), date(2024, 6, 30), 1_800_000),
        (date(2024, 7, 1), None, 2_340_000),
    ]


@pytest.mark.django_db(transaction=True)
def test_the_decrees_come_back_after_a_flush_but_an_administrators_table_is_kept():
    # A flush (between browser tests, or by hand) empties the table the migration seeded.
    call_command("flush", interactive=False, verbosity=0)
    assert BaseSalary.objects.count() == 3
    BaseSalary.objects.exclude(starts_on=date(2019, 7, 1)).delete()
    call_command("migrate", verbosity=0)
    assert list(BaseSalary.objects.values_list("starts_on", flat=True)) == [date(2019, 7, 1)]


def test_a_new_base_salary_closes_the_open_one_and_overlaps_are_refused(personas):
    secretary = personas["admin"]
    with pytest.raises(ActionRefused, match="trùng với mức 1.800.000 đ"):
        do_add_base_salary(starts_on=date(2024, 1, 1), ends_on=date(2024, 3, 31),
                           amount=2_000_000, basis="Thử", acting_user=secretary)  # fmt: skip
    new = do_add_base_salary(starts_on=date(2026, 7, 1), amount=2_530_000,
                             basis="Nghị định mới, Điều 3", acting_user=secretary)  # fmt: skip
    assert BaseSalary.objects.get(starts_on=date(2024, 7, 1)).ends_on == date(2026, 6, 30)
    assert new.ends_on is None
    assert LogEntry.objects.get_for_object(new).get().actor == secretary


@pytest.mark.parametrize("amount", [0, -1_800_000, 1_800_000_000])
def test_a_negative_or_absurd_base_salary_is_refused(personas, amount):
    with pytest.raises(ActionRefused, match="Mức lương cơ sở"):
        do_add_base_salary(starts_on=date(2030, 7, 1), amount=amount, basis="Thử",
                           acting_user=personas["admin"])  # fmt: skip


@pytest.mark.parametrize("persona", ["secretary", "principal", "staff", "unit_head", "leader"])
def test_only_the_administrator_keeps_the_table(client, personas, persona):
    with pytest.raises(NotAllowed):
        do_add_base_salary(starts_on=date(2030, 7, 1), amount=3_000_000, basis="Thử",
                           acting_user=personas[persona])  # fmt: skip
    client.force_login(personas[persona])
    response = client.post(reverse("rewards:base_salaries"), {
        "starts_on": "01/07/2030", "amount": "3.000.000", "basis": "Thử"})  # fmt: skip
    assert response.status_code == 403


def test_bad_base_salaries_on_screen_say_why_and_write_nothing(client, personas):
    client.force_login(personas["admin"])
    url = reverse("rewards:base_salaries")
    before = list(BaseSalary.objects.values_list("starts_on", "ends_on", "amount"))
    for amount, message in (("-1.800.000", "Mức lương cơ sở"), ("1.800.000.000", "Mức lương cơ sở"),
                            ("1,8 triệu", "Số tiền không hợp lệ")):  # fmt: skip
        response = client.post(url, {"starts_on": "01/07/2030", "amount": amount,
                                     "basis": "Thử"})  # fmt: skip
        assert response.status_code == 200 and message in response.content.decode(), amount
    overlap = client.post(url, {"starts_on": "01/01/2024", "ends_on": "31/03/2024",
                                "amount": "2.000.000", "basis": "Trùng"})  # fmt: skip
    assert "trùng với mức 1.800.000 đ" in overlap.content.decode()
    assert list(BaseSalary.objects.values_list("starts_on", "ends_on", "amount")) == before


def test_the_administrator_adds_a_base_salary_on_screen(client, personas):
    client.force_login(personas["admin"])
    response = client.post(reverse("rewards:base_salaries"), {
        "starts_on": "01/07/2030", "amount": "3.000.000 đ", "basis": "Nghị định mới"},
        follow=True)  # fmt: skip
    assert response.status_code == 200
    assert BaseSalary.objects.get(starts_on=date(2030, 7, 1)).amount == 3_000_000
    bad = client.post(reverse("rewards:base_salaries"), {
        "starts_on": "01/01/2024", "amount": "2.000.000", "basis": "Trùng"})  # fmt: skip
    assert "trùng với mức" in bad.content.decode()


def test_a_decision_in_a_gap_of_the_table_is_refused_naming_what_is_missing(client, decision,
                                                                             personas):  # fmt: skip
    BaseSalary.objects.filter(starts_on=date(2019, 7, 1)).delete()
    html = page(client, personas["secretary"], decision).content.decode()
    assert "bắt đầu từ ngày 01/07/2023" in html and "28/12/2022" in html
    with pytest.raises(ActionRefused, match="01/07/2023"):
        do_record_reward_expense(decision, acting_user=personas["secretary"])
    with pytest.raises(CommandError, match="01/07/2023"):
        call_command("make_document", "reward_list", year=YEAR, number=decision.document_number,
                     fmt="docx", output="/tmp/x.docx", organization="TCTTN",
                     stdout=io.StringIO())  # fmt: skip


# --- the fund --------------------------------------------------------------------------------


def test_income_expense_and_balance(decision, accountant, personas):
    do_add_fund_income(decision.organization, amount=10_000_000, entered_on=date(2022, 1, 10),
                       description="Trích lập quỹ năm 2022", acting_user=accountant)  # fmt: skip
    expense = do_record_reward_expense(decision, entered_on=date(2022, 12, 30),
                                       acting_user=personas["secretary"])  # fmt: skip
    assert (expense.kind, expense.amount, expense.year) == (FundKind.EXPENSE, TOTAL, 2022)
    assert LogEntry.objects.get_for_object(expense).get().actor == personas["secretary"]
    with pytest.raises(ActionRefused, match="đã được ghi chi"):
        do_record_reward_expense(decision, acting_user=accountant)
    do_add_fund_income(decision.organization, amount=5_000_000, entered_on=date(2023, 1, 5),
                       description="Trích lập quỹ năm 2023", acting_user=accountant)  # fmt: skip
    years = fund_years(decision.organization)
    assert years == [
        {"year": 2022, "opening": 0, "income": 10_000_000, "expense": TOTAL,
         "closing": 10_000_000 - TOTAL},
        {"year": 2023, "opening": 10_000_000 - TOTAL, "income": 5_000_000, "expense": 0,
         "closing": 15_000_000 - TOTAL},
    ]  # fmt: skip


def test_an_expense_without_a_decision_or_before_it_is_refused(decision, accountant):
    with pytest.raises(ActionRefused, match="phải theo một quyết định"):
        do_record_reward_expense(None, acting_user=accountant)
    with pytest.raises(ActionRefused, match="trước ngày quyết định"):
        do_record_reward_expense(decision, entered_on=DAY - timedelta(days=1),
                                 acting_user=accountant)  # fmt: skip
    with pytest.raises(ActionRefused, match="tương lai"):
        do_record_reward_expense(decision, entered_on=date.today() + timedelta(days=2),
                                 acting_user=accountant)  # fmt: skip
    assert not FundEntry.objects.exists()


def test_a_revoked_decision_is_not_paid(decision, accountant, personas):
    do_revoke_decision(decision, reason="Sai đối tượng", revoked_on=DAY,
                       acting_user=personas["principal"])  # fmt: skip
    with pytest.raises(ActionRefused, match="đã ban hành"):
        do_record_reward_expense(decision, acting_user=accountant)
    assert not FundEntry.objects.exists()  # nothing was paid: nothing to write back


def test_revoking_a_paid_decision_writes_its_expense_back_to_the_fund(
    client, decision, accountant, personas
):
    from thidua.rewards.documents import RewardListRecord, build_reward_list_context

    principal = personas["principal"]
    do_add_fund_income(decision.organization, amount=10_000_000, entered_on=date(2022, 1, 10),
                       description="Trích lập quỹ năm 2022", acting_user=accountant)  # fmt: skip
    do_record_reward_expense(decision, entered_on=date(2022, 12, 30), acting_user=accountant)
    # A revocation dated before the money left the fund is refused whole: nothing is revoked.
    with pytest.raises(ActionRefused, match="trước ngày chi tiền thưởng 30/12/2022"):
        do_revoke_decision(decision, reason="Sai đối tượng", revoked_on=date(2022, 12, 29),
                           acting_user=principal)  # fmt: skip
    decision.refresh_from_db()
    assert decision.state == "issued"
    decision = do_revoke_decision(decision, reason="Sai đối tượng", revoked_on=date(2023, 2, 1),
                                  acting_user=principal)  # fmt: skip
    moves = FundEntry.objects.filter(decision=decision).order_by("pk")
    assert [(e.kind, e.amount, e.entered_on, e.year) for e in moves] == [
        (FundKind.EXPENSE, TOTAL, date(2022, 12, 30), 2022),
        (FundKind.REVERSAL, TOTAL, date(2023, 2, 1), 2023),
    ]
    reversal = moves.last()
    assert reversal.created_by == principal
    assert LogEntry.objects.get_for_object(reversal).get().actor == principal
    assert fund_years(decision.organization) == [
        {"year": 2022, "opening": 0, "income": 10_000_000, "expense": TOTAL,
         "closing": 10_000_000 - TOTAL},
        {"year": 2023, "opening": 10_000_000 - TOTAL, "income": 0, "expense": -TOTAL,
         "closing": 10_000_000},
    ]  # fmt: skip
    # The bảng kê says revoked, on its page and in its document; the fund shows the reversal.
    client.force_login(accountant)
    html = page(client, accountant, decision).content.decode()
    assert "đã bị thu hồi ngày 01/02/2023: Sai đối tượng" in html
    assert "ghi giảm trong quỹ ngày 01/02/2023" in html and 'id="expense-form"' not in html
    revoked = build_reward_list_context(RewardListRecord.of(decision))["revoked"]
    assert revoked == ("Quyết định đã bị thu hồi ngày 01/02/2023: Sai đối tượng. Khoản chi "
                       "2.550.000 đ đã được ghi giảm trong quỹ ngày 01/02/2023.")  # fmt: skip
    html = client.get(reverse("rewards:fund") + "?year=2023").content.decode()
    assert "-2.550.000 đ" in html and "Ghi giảm khoản chi ngày 30/12/2022" in html
    export = client.get(reverse("rewards:fund_export", args=[2023]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert -TOTAL in [cell for row in sheet.iter_rows(values_only=True) for cell in row]


@pytest.mark.parametrize("amount", [0, -5_000_000, 500_000_000_000])
def test_a_negative_or_absurd_income_is_refused(org, accountant, amount):
    with pytest.raises(ActionRefused, match="Số tiền thu"):
        do_add_fund_income(org, amount=amount, description="Thu", acting_user=accountant)


@pytest.mark.parametrize("persona", ["principal", "leader", "staff", "unit_head",
                                     "council_member", "admin"])  # fmt: skip
def test_only_the_secretary_and_the_accountant_keep_the_fund(client, decision, personas, persona):
    user = personas[persona]
    with pytest.raises(NotAllowed):
        do_add_fund_income(decision.organization, amount=1_000_000, description="Thu",
                           acting_user=user)  # fmt: skip
    with pytest.raises(NotAllowed):
        do_record_reward_expense(decision, acting_user=user)
    client.force_login(user)
    assert client.get(reverse("rewards:fund")).status_code == 403
    assert client.get(reverse("rewards:fund_export", args=[2022])).status_code == 403
    response = client.post(reverse("rewards:reward_list", args=[decision.pk]),
                           {"entered_on": "30/12/2022"})  # fmt: skip
    assert response.status_code == 403
    assert not FundEntry.objects.exists()


def test_the_fund_screens(client, decision, accountant):
    client.force_login(accountant)
    response = client.post(reverse("rewards:fund"), {
        "amount": "10.000.000", "entered_on": "10/01/2022", "description": "Trích lập quỹ"},
        follow=True)  # fmt: skip
    assert response.status_code == 200
    bad = client.post(reverse("rewards:fund"), {
        "amount": "-5.000", "entered_on": "10/01/2022", "description": "Âm"})  # fmt: skip
    assert "phải lớn hơn 0" in bad.content.decode()
    paid = client.post(reverse("rewards:reward_list", args=[decision.pk]),
                       {"entered_on": "30/12/2022"}, follow=True)  # fmt: skip
    assert 'id="reward-paid"' in paid.content.decode()
    html = client.get(reverse("rewards:fund") + "?year=2022").content.decode()
    assert "10.000.000 đ" in html and "2.550.000 đ" in html and "7.450.000 đ" in html
    export = client.get(reverse("rewards:fund_export", args=[2022]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert 10_000_000 in values and TOTAL in values
    assert any("số dư cuối năm 7.450.000 đ" in str(v) for v in values)


# --- documents and commands ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_make_document_reward_list(decision, tmp_path, fmt):
    out = tmp_path / "bang-ke.{}".format(fmt)
    call_command("make_document", "reward_list", year=YEAR, number=decision.document_number,
                 fmt=fmt, output=str(out), organization="TCTTN", stdout=io.StringIO())  # fmt: skip
    text = (docx_text if fmt == "docx" else pdf_text)(out.read_bytes())
    assert "BẢNG KÊ TIỀN THƯỞNG" in text and "2.550.000 đ" in text and "1.490.000 đ" in text
    assert "Trần Thị Hoa" in text and "cần xác nhận" in text


def test_export_xlsx_reward_list(decision, tmp_path):
    out = tmp_path / "bang-ke.xlsx"
    call_command("export_xlsx", "reward_list", year=YEAR, number=decision.document_number,
                 output=str(out), organization="TCTTN", stdout=io.StringIO())  # fmt: skip
    sheet = load_workbook(out).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert sorted(v for v in values if isinstance(v, int) and v in (LDTT, TTLDTT)) == [
        LDTT, LDTT, LDTT, TTLDTT]  # fmt: skip
    assert any("tổng số tiền 2.550.000 đ" in str(v) for v in values)
    with pytest.raises(CommandError, match="không có quyết định số 99"):
        call_command("export_xlsx", "reward_list", year=YEAR, number="99/QĐ-TCTTN",
                     output=str(out), organization="TCTTN", stdout=io.StringIO())  # fmt: skip
    with pytest.raises(CommandError, match="không dùng --number"):
        call_command("export_xlsx", "grades", year=YEAR, number="1", output=str(out),
                     organization="TCTTN", stdout=io.StringIO())  # fmt: skip
