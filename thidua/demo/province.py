"""The province of Hà Tĩnh in the demo: its emulation office, which receives the tờ trình the
agencies below it send to the Chủ tịch UBND tỉnh, and two more small agencies beside the school.

Why "Ban Thi đua – Khen thưởng tỉnh Hà Tĩnh": the demo's years are 2019–2022, and then the
province's emulation office was the Ban Thi đua – Khen thưởng, a body of the Sở Nội vụ (the
school's 2022 plan reports to the "Ban TĐ-KT Tỉnh": tests/fixtures/plan-2022-seed.txt). The Ban was
merged into the Sở Nội vụ only in 2025, after every year the demo shows; an installation of
today names its office after the Sở Nội vụ.

Who is who (every person's name is made up; none is a real official):
- the office's officer, its Trưởng Ban, holds the secretary's role (thường trực Hội đồng TĐ-KT)
  there and answers what arrives in its inbox;
- the Hội đồng Thi đua – Khen thưởng tỉnh sits five: the Chủ tịch UBND tỉnh chairs it, the
  Giám đốc Sở Nội vụ is its standing vice-chair, the Trưởng Ban its secretary, the Phó Trưởng
  Ban and the Chủ tịch Liên đoàn Lao động tỉnh its members. The members from outside the Ban
  are people of the office's unit "Hội đồng Thi đua – Khen thưởng tỉnh", so that the council's
  pages and minutes print their names;
- the Chủ tịch UBND tỉnh holds the head's role (the principal's) in the office: the name its
  documents are signed with (`decisions.actions.principal_name`).

Everything is made once: running load_demo again adds only what is missing (an organisation, an
account, a seat), never changing what exists.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password

from thidua.accounts.models import Role, RoleGrant, User
from thidua.awards.models import Award
from thidua.council.models import MemberRole, StandingMember
from thidua.decisions.actions import principal_name
from thidua.organization.models import (
    Assignment,
    DocumentStyle,
    Organization,
    Person,
    StaffCategory,
    Unit,
    UnitKind,
)
from thidua.proposals.actions import EntryAnswer
from thidua.proposals.inbox import do_answer_received
from thidua.proposals.models import Proposal, Receipt, title_family
from thidua.proposals.received_decisions import (
    do_draft_received_decision,
    do_issue_received_decision,
    do_set_received_outcome,
)
from thidua.rules import authority

OFFICE = {
    "name": "Ban Thi đua – Khen thưởng tỉnh Hà Tĩnh",
    "parent_body": "Sở Nội vụ tỉnh Hà Tĩnh",
    "abbreviation": "BTĐKT",
    "place_name": "Hà Tĩnh",
    "document_style": DocumentStyle.STATE,
    # The Chủ tịch UBND tỉnh's titles and forms, and the Prime Minister's through him.
    "receives_for": [authority.PROVINCE],
}
# Two departments of the province, small ones, that propose to the Chủ tịch UBND tỉnh through
# the office as the school does.
AGENCIES = [
    {
        "name": "Sở Tư pháp tỉnh Hà Tĩnh",
        "parent_body": "UBND tỉnh Hà Tĩnh",
        "abbreviation": "STP",
        "place_name": "Hà Tĩnh",
        "document_style": DocumentStyle.STATE,
    },
    {
        "name": "Sở Khoa học và Công nghệ tỉnh Hà Tĩnh",
        "parent_body": "UBND tỉnh Hà Tĩnh",
        "abbreviation": "SKHCN",
        "place_name": "Hà Tĩnh",
        "document_style": DocumentStyle.STATE,
    },
]


@dataclass(frozen=True)
class Member:
    """One person of an organisation: their unit, name, position and, for some, an account."""

    unit: str
    family_and_middle: str
    given: str
    gender: str
    position: str
    category: str = StaffCategory.STAFF
    title: str = ""
    username: str = ""
    roles: tuple[str, ...] = ()
    label: str = ""  # what `load_demo` prints beside the account
    seat: str = ""  # MemberRole of the council's seat


M, F = "M", "F"
MANAGER, STAFF = StaffCategory.MANAGER, StaffCategory.STAFF
COUNCIL_UNIT = "Hội đồng Thi đua – Khen thưởng tỉnh"

# (abbreviation) → (units as (name, kind), people); one person a line or two, as a list reads.
# fmt: off
PEOPLE: dict[str, tuple[list[tuple[str, str]], list[Member]]] = {
    "BTĐKT": (
        [
            ("Lãnh đạo Ban", UnitKind.BOARD),
            ("Phòng Nghiệp vụ Thi đua – Khen thưởng", UnitKind.OFFICE),
            ("Văn phòng Ban", UnitKind.OFFICE),
            (COUNCIL_UNIT, UnitKind.OTHER),
        ],
        [
            Member("Lãnh đạo Ban", "Lê Đình", "Khiêm", M, "Trưởng Ban", MANAGER, "ThS",
                   "tinh_thuky", (Role.SECRETARY,),
                   "Trưởng Ban TĐ-KT tỉnh, thư ký Hội đồng TĐ-KT tỉnh: hộp thư tờ trình",
                   MemberRole.SECRETARY),
            Member("Lãnh đạo Ban", "Trần Thị Mỹ", "Hạnh", F, "Phó Trưởng Ban", MANAGER, "ThS",
                   "tinh_uyvien", (Role.COUNCIL_MEMBER,),
                   "Phó Trưởng Ban TĐ-KT tỉnh, ủy viên Hội đồng TĐ-KT tỉnh",
                   MemberRole.MEMBER),
            Member("Phòng Nghiệp vụ Thi đua – Khen thưởng", "Nguyễn Hữu", "Tường", M,
                   "Trưởng phòng", MANAGER, "ThS"),
            Member("Phòng Nghiệp vụ Thi đua – Khen thưởng", "Hồ Thị", "Nhàn", F, "Chuyên viên",
                   STAFF, "CN"),
            Member("Phòng Nghiệp vụ Thi đua – Khen thưởng", "Đậu Văn", "Thiện", M, "Chuyên viên",
                   STAFF, "ThS"),
            Member("Văn phòng Ban", "Phan Thị Thu", "Sương", F, "Chánh Văn phòng", MANAGER, "CN"),
            Member(COUNCIL_UNIT, "Thái Văn", "Lộc", M, "Chủ tịch Ủy ban nhân dân tỉnh", MANAGER,
                   "TS", "tinh_chutich", (Role.PRINCIPAL,),
                   "Chủ tịch UBND tỉnh, Chủ tịch Hội đồng TĐ-KT tỉnh: ký văn bản của tỉnh",
                   MemberRole.CHAIR),
            Member(COUNCIL_UNIT, "Đinh Công", "Triều", M, "Giám đốc Sở Nội vụ", MANAGER, "ThS",
                   "tinh_phochutich", (Role.COUNCIL_MEMBER,),
                   "Giám đốc Sở Nội vụ, Phó Chủ tịch thường trực Hội đồng TĐ-KT tỉnh",
                   MemberRole.STANDING_VICE_CHAIR),
            Member(COUNCIL_UNIT, "Nguyễn Thị Bích", "Thuận", F,
                   "Chủ tịch Liên đoàn Lao động tỉnh", MANAGER, "CN",
                   "tinh_congdoan", (Role.COUNCIL_MEMBER,),
                   "Chủ tịch Liên đoàn Lao động tỉnh, ủy viên Hội đồng TĐ-KT tỉnh",
                   MemberRole.MEMBER),
        ],
    ),
    "STP": (
        [
            ("Ban Giám đốc", UnitKind.BOARD),
            ("Văn phòng Sở", UnitKind.OFFICE),
            ("Phòng Hành chính tư pháp", UnitKind.OFFICE),
            ("Phòng Phổ biến, giáo dục pháp luật", UnitKind.OFFICE),
        ],
        [
            Member("Ban Giám đốc", "Võ Đức", "Khang", M, "Giám đốc", MANAGER, "ThS"),
            Member("Ban Giám đốc", "Lê Thị Hoài", "Thương", F, "Phó Giám đốc", MANAGER, "ThS"),
            Member("Văn phòng Sở", "Hoàng Văn", "Nhật", M, "Chánh Văn phòng", MANAGER, "CN",
                   "stp_thuky", (Role.ADMIN, Role.SECRETARY),
                   "Chánh Văn phòng Sở Tư pháp: quản trị, thường trực TĐ-KT của Sở"),
            Member("Văn phòng Sở", "Nguyễn Thị", "Mơ", F, "Chuyên viên", STAFF, "CN"),
            Member("Phòng Hành chính tư pháp", "Bùi Quang", "Tịnh", M, "Trưởng phòng", MANAGER,
                   "ThS"),
            Member("Phòng Hành chính tư pháp", "Trương Thị", "Lài", F, "Chuyên viên", STAFF,
                   "CN"),
            Member("Phòng Phổ biến, giáo dục pháp luật", "Dương Đình", "Toản", M, "Trưởng phòng",
                   MANAGER, "ThS"),
        ],
    ),
    "SKHCN": (
        [
            ("Ban Giám đốc", UnitKind.BOARD),
            ("Văn phòng Sở", UnitKind.OFFICE),
            ("Phòng Quản lý khoa học", UnitKind.OFFICE),
            ("Phòng Quản lý công nghệ", UnitKind.OFFICE),
        ],
        [
            Member("Ban Giám đốc", "Hà Văn", "Thịnh", M, "Giám đốc", MANAGER, "TS"),
            Member("Ban Giám đốc", "Chu Thị Ngọc", "Diệp", F, "Phó Giám đốc", MANAGER, "TS"),
            Member("Văn phòng Sở", "Đoàn Thị", "Lựu", F, "Chánh Văn phòng", MANAGER, "ThS",
                   "skhcn_thuky", (Role.ADMIN, Role.SECRETARY),
                   "Chánh Văn phòng Sở KH&CN: quản trị, thường trực TĐ-KT của Sở"),
            Member("Văn phòng Sở", "Lưu Văn", "Bảo", M, "Chuyên viên", STAFF, "CN"),
            Member("Phòng Quản lý khoa học", "Ngô Xuân", "Thuật", M, "Trưởng phòng", MANAGER,
                   "TS"),
            Member("Phòng Quản lý khoa học", "Phạm Thị", "Quế", F, "Chuyên viên", STAFF, "ThS"),
            Member("Phòng Quản lý công nghệ", "Đặng Hữu", "Phước", M, "Chuyên viên", STAFF,
                   "ThS"),
        ],
    ),
}
# fmt: on
# The staff codes' prefix in each organisation (unique per organisation; kept apart from the
# school's five digits so that a code names one person of the demo).
CODE_PREFIX = {"BTĐKT": "BT", "STP": "TP", "SKHCN": "KH"}
HIRED_ON = date(2012, 8, 1)

OFFICER = "tinh_thuky"


def accounts() -> list[Member]:
    """Return the province's and the agencies' demo accounts, in the order they are listed."""
    return [m for _, people in PEOPLE.values() for m in people if m.username]


def load_province(school: Organization, password: str) -> Organization:
    """Make the province's office, its council and the two agencies (what is missing of them),
    and put the school under the office when the office is made now. Return the office."""
    office, created = _organization(OFFICE)
    if created and school.parent_id is None:
        school.parent = office
        school.save(update_fields=["parent"])
    for fields in AGENCIES:
        _organization({**fields, "parent": office})
    # One hash for every account made here: the password is the demo's, printed for all, and
    # each Argon2 hash costs ≈ 0.2 s of CPU (seven accounts: 1.5 s of load_demo's).
    usernames = [member.username for member in accounts()]
    missing = len(usernames) - User.objects.filter(username__in=usernames).count()
    hashed = make_password(password) if missing else None
    for abbreviation in PEOPLE:
        organization = Organization.objects.get(abbreviation=abbreviation)
        _people_and_accounts(organization, hashed)
    _seat_council(office)
    return office


def _organization(fields: dict) -> tuple[Organization, bool]:
    found = Organization.objects.filter(abbreviation=fields["abbreviation"]).first()
    if found is not None:
        return found, False
    return Organization.objects.create(**fields), True


def _people_and_accounts(organization: Organization, hashed: str | None) -> None:
    units_spec, people = PEOPLE[organization.abbreviation]
    if not Unit.objects.filter(organization=organization).exists():
        for position, (name, kind) in enumerate(units_spec, start=1):
            Unit.objects.create(organization=organization, name=name, kind=kind,
                                position=position)  # fmt: skip
        units = {u.name: u for u in Unit.objects.filter(organization=organization)}
        prefix = CODE_PREFIX[organization.abbreviation]
        for number, member in enumerate(people, start=1):
            person = Person.objects.create(
                organization=organization, staff_code="{}{:03d}".format(prefix, number),
                family_and_middle=member.family_and_middle, given=member.given,
                gender=member.gender, academic_title=member.title, position=member.position,
                category=member.category, party_member=True, hired_on=HIRED_ON,
            )  # fmt: skip
            Assignment.objects.create(person=person, unit=units[member.unit], started_on=HIRED_ON)
    for member in people:
        if not member.username or User.objects.filter(username=member.username).exists():
            # Created once: a password someone changed or a role taken away stays so.
            continue
        person = Person.objects.filter(
            organization=organization, family_and_middle=member.family_and_middle,
            given=member.given,
        ).first()  # fmt: skip
        user = User(username=member.username, organization=organization, person=person,
                    password=hashed)  # fmt: skip
        user.save()
        for role in member.roles:
            RoleGrant.objects.create(user=user, organization=organization, role=role)


def _seat_council(office: Organization) -> None:
    """Seat the Hội đồng TĐ-KT tỉnh's five (the accounts of it that exist)."""
    for member in PEOPLE[office.abbreviation][1]:
        if not member.seat:
            continue
        user = User.objects.filter(username=member.username, organization=office).first()
        if user is not None:
            StandingMember.objects.get_or_create(
                organization=office, user=user, defaults={"role": member.seat}
            )


def answer_received(proposal: Proposal, answers: list[EntryAnswer]) -> list[Award]:
    """The office's officer records the Chủ tịch UBND tỉnh's decisions on a tờ trình that
    arrived in the office's inbox: the entries granted under one decision (its number and date)
    go into one decision issued in thidua (`do_draft_received_decision`, then
    `do_issue_received_decision` once signed), which writes the agency's register; an entry
    refused is marked so, with its reason, in the decision of its title's kind when there is
    one, else answered as refused in the inbox."""
    receipt = Receipt.objects.select_related("receiver").get(proposal=proposal)
    office = receipt.receiver
    officer = User.objects.get(username=OFFICER, organization=office)
    rows = {row.entry_id: row for row in receipt.entries.all()}
    signer = principal_name(office)
    decisions: dict[tuple, list[EntryAnswer]] = {}
    for answer in answers:
        if answer.granted:
            decisions.setdefault((answer.decision_number, answer.decided_on), []).append(answer)
    refused = [answer for answer in answers if not answer.granted]
    awards = []
    for (number, signed_on), granted in decisions.items():
        family = title_family(granted[0].entry.title)
        taken = [a for a in refused if title_family(a.entry.title) == family]
        refused = [a for a in refused if a not in taken]
        draft = do_draft_received_decision(
            office, [rows[a.entry.pk] for a in granted + taken], acting_user=officer
        )
        for answer in taken:
            do_set_received_outcome(draft, rows[answer.entry.pk], granted=False,
                                    reason=answer.reason, acting_user=officer)  # fmt: skip
        do_issue_received_decision(
            draft, number=number, signed_on=signed_on, signer_name=signer, acting_user=officer
        )
        awards += list(
            Award.objects.filter(decision_number=number, organization=proposal.organization)
        )
    if refused:
        do_answer_received(receipt, refused, acting_user=officer)
    return awards
