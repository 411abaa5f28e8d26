"""The national export of the demo school (issue 20, item 3): its years written by the command
and checked with the reference validator (`jsonschema`, not the runtime's jsonschema_rs); the
2021 decision's signer, "số sổ vàng" and paid amounts; the decision revoked after payment."""

import io
import json
from datetime import date

import jsonschema
import pytest
from django.core.management import call_command
from django.db.models import Q

from thidua.accounts.models import User
from thidua.awards.models import Award
from thidua.awards.national import SCHEMA_FILE
from thidua.decisions.actions import do_revoke_decision
from thidua.decisions.models import Decision, DecisionEntry
from thidua.organization.models import Organization
from thidua.rewards import lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_school, db):
    return Organization.objects.get(abbreviation="TCTTP")


def export(tmp_path, year: int) -> tuple[dict, str]:
    target = tmp_path / "khen-thuong-{}.json".format(year)
    out = io.StringIO()
    # The demo school's: the demo holds the province's office and two agencies too.
    call_command("export_national", "--year", str(year), "--output", str(target),
                 "--organization", "TCTTP", stdout=out)  # fmt: skip
    document = json.loads(target.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        json.loads(SCHEMA_FILE.read_text(encoding="utf-8")),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    errors = ["{}: {}".format(list(e.absolute_path), e.message)
              for e in validator.iter_errors(document)]  # fmt: skip
    assert not errors, errors
    return document, out.getvalue()


def test_each_demo_year_exports_every_award_decided_or_revoked_in_it(demo, tmp_path):
    for year in (2021, 2022, 2023):
        document, said = export(tmp_path, year)
        expected = Award.objects.filter(Q(decided_on__year=year) | Q(revoked_on__year=year))
        assert expected.exists()
        assert [a["id"] for a in document["awards"]] == sorted(expected.values_list("pk",
                                                                                    flat=True))
        assert document["year"] == year and document["format"] == "thidua-national-export/1"
        assert document["organizations"] == [
            {"id": demo.pk, "name": demo.name, "parent_body": demo.parent_body}
        ]
        summary = document["summary"]
        assert summary["awards"] == expected.count()
        assert summary["individual"] == expected.filter(person__isnull=False).count()
        assert "Đã xuất {} khen thưởng năm {}".format(summary["awards"], year) in said
        for record in document["awards"]:
            award = Award.objects.get(pk=record["id"])
            # Titles and forms kept apart: exactly one of the two, by the register's own kind.
            kind = "commendation_form" if award.is_commendation_form else "emulation_title"
            other = "emulation_title" if kind == "commendation_form" else "commendation_form"
            assert record[kind]["code"] == award.code and record[other] is None
            assert record["decision"]["number"] == award.decision_number
            assert record["decision"]["date"] == award.decided_on.isoformat()


def test_the_2021_decision_carries_its_signer_gold_book_numbers_and_the_amounts_paid(
    demo, tmp_path
):
    document, _ = export(tmp_path, 2021)
    decision = Decision.objects.get(organization=demo, year=2021, state="issued")
    records = {r["id"]: r for r in document["awards"] if r["decision"]["source"] == "own"}
    entries = list(decision.entries.order_by("position", "pk"))
    assert len(records) == len(entries) == 80
    paid = lists.compute(decision).lines
    for number, (entry, line) in enumerate(zip(entries, paid, strict=True), 1):
        record = records[entry.award_id]
        assert record["decision"]["signer"] == {"name": decision.signer_name,
                                                "position": decision.signer_position}
        # A certificate's line carries its number in the decision; LĐTT has no certificate.
        expected_number = str(number) if entry.title in ("CSTD_CS", "GIAY_KHEN") else None
        assert record["gold_book_number"] == expected_number, entry
        assert record["reward"] == {"amount": line.amount, "currency": "VND",
                                    "paid_on": "2022-01-10", "reversed_on": None}  # fmt: skip
    assert sum(r["reward"]["amount"] for r in records.values()) == lists.compute(decision).total
    assert any(r["gold_book_number"] for r in records.values())
    # What the register holds alone (a higher body's decision) has no signer nor payment.
    others = [r for r in document["awards"] if r["decision"]["source"] != "own"]
    assert others and all(r["decision"]["signer"] is None and r["reward"] is None
                          for r in others)  # fmt: skip


def test_a_decision_revoked_after_payment_is_exported_revoked_with_the_reversal(demo, tmp_path):
    decision = Decision.objects.get(organization=demo, year=2021, state="issued")
    principal = User.objects.get(username="hieutruong")
    do_revoke_decision(decision, reason="Sai đối tượng", revoked_on=date(2022, 3, 1),
                       acting_user=principal)  # fmt: skip
    award_ids = set(DecisionEntry.objects.filter(decision=decision).values_list("award_id",
                                                                                flat=True))
    for year in (2021, 2022):  # decided in 2021, revoked in 2022: in both years' exports
        document, _ = export(tmp_path, year)
        revoked = [r for r in document["awards"] if r["id"] in award_ids]
        assert {r["id"] for r in revoked} == award_ids
        for record in revoked:
            assert record["revocation"] == {"date": "2022-03-01", "reason": "Sai đối tượng"}
            assert record["reward"]["reversed_on"] == "2022-03-01"
        assert document["summary"]["revoked"] == len(award_ids)
