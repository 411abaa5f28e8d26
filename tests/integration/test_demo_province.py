"""The demo's province (issue 19, Demo): the emulation office of Hà Tĩnh with its officer, its
council of five and the Chủ tịch UBND tỉnh as signer; two more agencies under it beside the
school; the school's 2021 tờ trình received there and answered, one entry refused with a reason;
no agency's people seen from another's accounts; and the README naming every demo account."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
import rules
from auditlog.models import LogEntry
from django.core.management import call_command

from thidua.accounts.models import Role, RoleGrant, User
from thidua.awards.models import Award
from thidua.council.models import StandingMember
from thidua.decisions.actions import principal_name
from thidua.demo.school import DEMO_PASSWORD
from thidua.demo.year2021 import PROPOSAL_ON, REFUSED_REASON
from thidua.organization.models import Organization, Person, Unit
from thidua.proposals.models import Proposal, Receipt, ReceivedEntry

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
AGENCIES = ("STP", "SKHCN")
# Each organisation's own account: what it keeps, and what it must never see of the others.
KEEPERS = {"TCTTP": "thuky", "BTĐKT": "tinh_thuky", "STP": "stp_thuky", "SKHCN": "skhcn_thuky"}


@pytest.fixture
def office(demo_school, db):
    return Organization.objects.get(abbreviation="BTĐKT")


@pytest.fixture
def receipt(office):
    return Receipt.objects.select_related("proposal", "sender").get(
        receiver=office, proposal__number=52, proposal__year=2021
    )


def test_the_office_receives_for_the_chu_tich_ubnd_tinh(office):
    assert office.name == "Ban Thi đua – Khen thưởng tỉnh Hà Tĩnh"
    assert office.parent_body == "Sở Nội vụ tỉnh Hà Tĩnh" and office.parent is None
    assert office.receives_for == ["province"] and office.document_style == "state"
    school = Organization.objects.get(abbreviation="TCTTP")
    assert school.parent == office
    # The school's titles for the Chủ tịch (and the Prime Minister's, through him) arrive here;
    # the Học viện's do not use this installation.
    assert school.receiver_for("province") == office
    assert school.receiver_for("government") == office
    assert school.receiver_for("academy") is None
    units = set(Unit.objects.filter(organization=office).values_list("name", flat=True))
    assert {"Lãnh đạo Ban", "Hội đồng Thi đua – Khen thưởng tỉnh"} <= units


def test_the_officer_keeps_the_inbox(office):
    officer = User.objects.get(username="tinh_thuky")
    assert officer.organization == office and officer.person.position == "Trưởng Ban"
    assert officer.roles == {Role.SECRETARY}
    assert rules.has_perm("proposals.view_inbox", officer)
    # The school's secretary has no inbox: the school receives nothing.
    assert not rules.has_perm("proposals.view_inbox", User.objects.get(username="thuky"))


def test_the_province_council_sits_five(office):
    seats = list(
        StandingMember.objects.filter(organization=office).select_related("user__person")
    )
    assert len(seats) == 5
    roles = {seat.user.username: seat.role for seat in seats}
    assert roles == {
        "tinh_chutich": "chair", "tinh_phochutich": "standing_vice_chair",
        "tinh_thuky": "secretary", "tinh_uyvien": "member", "tinh_congdoan": "member",
    }  # fmt: skip
    # Every seat is someone of the office with a name the minutes print.
    assert all(seat.user.organization_id == office.pk for seat in seats)
    assert all(seat.user.person.organization_id == office.pk for seat in seats)
    assert len({seat.user.person.full_name for seat in seats}) == 5
    chair = next(seat.user for seat in seats if seat.role == "chair")
    assert chair.person.position == "Chủ tịch Ủy ban nhân dân tỉnh"
    # The Chủ tịch UBND tỉnh is the name the office's documents are signed with.
    assert chair.roles == {Role.PRINCIPAL}
    assert principal_name(office) == chair.person.display_name == "TS Thái Văn Lộc"


def test_two_small_agencies_sit_under_the_office(office):
    agencies = Organization.objects.filter(parent=office).exclude(abbreviation="TCTTP")
    assert set(agencies.values_list("abbreviation", flat=True)) == set(AGENCIES)
    for agency in agencies:
        assert agency.receiver_for("province") == office and not agency.receives_for
        assert Unit.objects.filter(organization=agency).count() >= 3
        people = Person.objects.filter(organization=agency)
        assert 5 <= people.count() <= 10
        # Everyone in a unit of their own organisation.
        assert not people.exclude(assignments__unit__organization=agency).exists()
        keeper = User.objects.get(username=KEEPERS[agency.abbreviation])
        assert keeper.organization == agency and keeper.person.organization == agency
        assert set(
            RoleGrant.objects.filter(user=keeper).values_list("organization_id", "role")
        ) == {(agency.pk, Role.ADMIN), (agency.pk, Role.SECRETARY)}
        assert not keeper.is_superuser


def test_the_schools_2021_tờ_trình_was_received_and_answered_there(office, receipt):
    proposal = receipt.proposal
    assert receipt.sender.abbreviation == "TCTTP" and receipt.document_number == "52/TTr-TCTTP"
    assert receipt.state == "answered" and receipt.returned_on is None
    assert receipt.entry_count == proposal.entries.count() == receipt.entries.count()
    assert receipt.dossier and receipt.dossier_files[0].startswith("TTr-52")
    # Sent, received, decided and answered, in that order; none in the future.
    assert proposal.sent_on == receipt.received_on == PROPOSAL_ON == date(2021, 12, 30)
    rows = list(ReceivedEntry.objects.filter(receipt=receipt).select_related("entry__award"))
    granted = [row.entry for row in rows if row.entry.outcome == "granted"]
    refused = [row.entry for row in rows if row.entry.outcome == "refused"]
    assert len(granted) == len(rows) - 1 and len(refused) == 1
    for entry in granted:
        assert entry.decision_number.endswith("/QĐ-UBND")
        assert receipt.received_on < entry.decided_on <= entry.answered_on
        assert entry.issued_by == "Chủ tịch UBND tỉnh Hà Tĩnh"
        assert entry.award.organization_id == proposal.organization_id
        assert entry.award.source == "higher" and entry.award.decision_number == (
            entry.decision_number
        )
    (no,) = refused
    assert no.refusal_reason == REFUSED_REASON and no.award_id is None
    assert receipt.received_on < no.answered_on
    assert proposal.state == "partial"
    # Written by the office's officer through the inbox's action: on the audit log as theirs.
    answered = LogEntry.objects.filter(
        actor__username="tinh_thuky", content_type__model="proposalentry",
        object_id__in=[str(row.entry_id) for row in rows],
    )  # fmt: skip
    assert answered.values("object_id").distinct().count() == len(rows)
    assert not LogEntry.objects.filter(
        actor__username="thuky", content_type__model="award",
        object_id__in=[str(e.award_id) for e in granted],
    ).exists()  # fmt: skip


def test_the_school_reads_the_answer_and_no_longer_types_it(office, receipt, client):
    secretary = User.objects.get(username="thuky")
    assert not rules.has_perm("proposals.record_answer", secretary, receipt.proposal)
    assert rules.has_perm(
        "proposals.record_answer", User.objects.get(username="tinh_thuky"), receipt.proposal
    )
    client.force_login(secretary)
    page = client.get(receipt.proposal.get_absolute_url()).content.decode()
    assert REFUSED_REASON in page and "3421/QĐ-UBND" in page


def people_of(abbreviation: str) -> set[int]:
    return set(
        Person.objects.filter(organization__abbreviation=abbreviation).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("abbreviation", list(KEEPERS))
def test_no_organisation_sees_anothers_people(office, abbreviation, client):
    user = User.objects.get(username=KEEPERS[abbreviation])
    own = people_of(abbreviation)
    assert own and set(Person.objects.visible_to(user).values_list("pk", flat=True)) == own
    client.force_login(user)
    mine = Person.objects.filter(pk__in=own).order_by("pk").first()
    # The search box repeats the name: a person is found when the list links to them.
    link = 'href="{}"'
    found = client.get("/people/", {"q": mine.full_name}).content.decode()
    assert link.format(mine.get_absolute_url()) in found
    for other in KEEPERS:
        if other == abbreviation:
            continue
        stranger = Person.objects.filter(pk__in=people_of(other)).order_by("pk").first()
        assert client.get(stranger.get_absolute_url()).status_code == 404, (other, stranger)
        found = client.get("/people/", {"q": stranger.full_name}).content.decode()
        assert link.format(stranger.get_absolute_url()) not in found, (other, stranger)


@pytest.mark.parametrize("username", ["thuky", "hieutruong", "stp_thuky", "skhcn_thuky"])
def test_no_agency_opens_the_offices_inbox_or_the_dossier(receipt, username, client):
    client.force_login(User.objects.get(username=username))
    for url in ("/proposals/inbox/", receipt.get_absolute_url(),
                "/proposals/inbox/{}/ho-so.zip".format(receipt.pk)):  # fmt: skip
        assert client.get(url).status_code == 403, url


def test_the_officer_opens_the_inbox_and_the_receipt(receipt, client):
    client.force_login(User.objects.get(username="tinh_thuky"))
    listed = client.get("/proposals/inbox/")
    assert listed.status_code == 200 and receipt.document_number in listed.content.decode()
    page = client.get(receipt.get_absolute_url()).content.decode()
    assert REFUSED_REASON in page and "Trường Chính trị Trần Phú" in page


# The README's table of demo accounts ---------------------------------------------------------


def readme_accounts() -> set[str]:
    """Return the user names of README.md's table under "### Demo accounts"."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Demo accounts", 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\| `([^`]+)` \|", section, re.M))


def test_the_readme_lists_every_demo_account(office):
    listed = readme_accounts()
    assert {"admin", "thuky", "tinh_thuky", "tinh_chutich", "stp_thuky"} <= listed
    assert listed == set(User.objects.values_list("username", flat=True))
    # One password for all, as the README says.
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD), user.username


def test_load_demo_again_adds_nothing_to_the_province(office):
    def counts():
        return [
            model.objects.count()
            for model in (Organization, User, RoleGrant, StandingMember, Person, Unit, Receipt,
                          Award, Proposal)
        ]  # fmt: skip

    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "tinh_thuky" in out.getvalue() and "skhcn_thuky" in out.getvalue()
