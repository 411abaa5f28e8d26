"""The demo school: Trường Chính trị Trần Phú (Hà Tĩnh), as its 2022 plan describes it.

The school, its units and its principal come from the seed document; the other people are made up
but natural, and four years of history (2019–2022) give the multi-year rules material: grades,
titles, initiatives, one reprimand, maternity leave and study. Everything is derived from a fixed
random seed, so every installation gets the same demo.
"""

import random
from dataclasses import dataclass
from datetime import date

from thidua.accounts.models import Role, RoleGrant, User
from thidua.awards.models import Award, AwardSource
from thidua.evidence.models import (
    Authorship,
    Discipline,
    Initiative,
    Leave,
    Verification,
    YearGrade,
)
from thidua.organization.models import (
    Assignment,
    DocumentStyle,
    Organization,
    Person,
    StaffCategory,
    Unit,
    UnitKind,
)
from thidua.registrations.models import Registration, RegistrationState

DEMO_PASSWORD = "ThiDua@2022"  # for the demo only; printed by `make run`
YEARS = (2019, 2020, 2021, 2022)
# The plan's year is at the council stage: its grades, evidence and registrations are in, but
# neither the school's own decisions (LĐTT, CSTĐCS, Giấy khen, TTLĐTT) nor the higher bodies'
# (made early the next year) are; the union's titles, decided in December, are.
COUNCIL_YEAR = 2022

ORGANIZATION = {
    "name": "Trường Chính trị Trần Phú",
    "parent_body": "Tỉnh ủy Hà Tĩnh",
    "abbreviation": "TCTTP",
    "place_name": "Hà Tĩnh",
    "document_style": DocumentStyle.PARTY,
}

# (name, kind, lecturers, other staff)
UNITS = [
    ("Ban Giám hiệu", UnitKind.BOARD, 0, 0),
    ("Khoa Xây dựng Đảng", UnitKind.FACULTY, 9, 0),
    ("Khoa Lý luận cơ sở", UnitKind.FACULTY, 9, 0),
    ("Khoa Nhà nước và Pháp luật", UnitKind.FACULTY, 9, 0),
    ("Khoa Dân vận", UnitKind.FACULTY, 8, 0),
    ("Phòng Tổ chức – Hành chính", UnitKind.OFFICE, 0, 11),
    ("Phòng Quản lý đào tạo", UnitKind.OFFICE, 0, 6),
    ("Phòng Quản lý khoa học – Thông tin tư liệu", UnitKind.OFFICE, 0, 5),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Đinh", "Thái", "Hà", "Lưu", "Đoàn", "Chu", "Trương"]  # fmt: skip
MIDDLE_MALE = ["Văn", "Đình", "Xuân", "Hữu", "Quốc", "Minh", "Đức", "Trọng", "Công", "Thanh"]
MIDDLE_FEMALE = ["Thị", "Thị Thu", "Thị Hồng", "Thị Minh", "Thị Thanh", "Thị Kim", "Ngọc", "Thu"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hiếu", "Hùng", "Khánh",
              "Lâm", "Long", "Mạnh", "Nam", "Nghĩa", "Phong", "Quang", "Sơn", "Tài", "Thắng",
              "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Ân", "Ước"]  # fmt: skip
GIVEN_FEMALE = ["Anh", "Ánh", "Châu", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
                "Hoa", "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân",
                "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thủy", "Trang", "Uyên", "Vân",
                "Yến", "Ngọc"]  # fmt: skip


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    label: str


ACCOUNTS = [
    DemoAccount("admin", Role.ADMIN, "quản trị hệ thống"),
    DemoAccount("thuky", Role.SECRETARY, "thường trực Hội đồng TĐ-KT (Trưởng phòng TC-HC)"),
    DemoAccount("uyvien", Role.COUNCIL_MEMBER, "thành viên Hội đồng TĐ-KT"),
    DemoAccount("hieutruong", Role.PRINCIPAL, "Hiệu trưởng, TS Nguyễn Trọng Tứ"),
    DemoAccount("truongkhoa", Role.UNIT_HEAD, "Trưởng khoa Xây dựng Đảng"),
    DemoAccount("canbo", Role.STAFF, "giảng viên Khoa Xây dựng Đảng"),
    DemoAccount("lanhdao", Role.LEADER, "Phó Hiệu trưởng (chỉ xem)"),
    DemoAccount("ketoan", Role.ACCOUNTANT, "kế toán (quỹ thi đua, khen thưởng)"),
]


def build_school(organization: Organization, rng: random.Random) -> None:
    units = {}
    for position, (name, kind, _, _) in enumerate(UNITS, start=1):
        units[name] = Unit.objects.create(
            organization=organization, name=name, kind=kind, position=position
        )
    union = Unit.objects.create(
        organization=organization, name="Công đoàn Trường", kind=UnitKind.UNION, position=20
    )
    for position, (name, _kind, _, _) in enumerate(UNITS[1:], start=1):
        Unit.objects.create(
            organization=organization,
            parent=union,
            name="Tổ công đoàn {}".format(name),
            kind=UnitKind.UNION_GROUP,
            position=position,
        )
    Unit.objects.create(
        organization=organization, name="Đảng bộ Trường", kind=UnitKind.PARTY_COMMITTEE, position=30
    )

    people = _people(organization, units, rng)
    _history(organization, units, people, rng)


def _person(organization, rng, used, *, gender, category, position="", name=None, title=""):
    while name is None:
        family = rng.choice(FAMILY)
        if gender == "F":
            candidate = (family + " " + rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE))
        else:
            candidate = (family + " " + rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE))
        if candidate not in used:
            name = candidate
    used.add(name)
    birth_year = rng.randint(1966, 1994)
    hired_year = max(birth_year + 24, rng.randint(2000, 2018))
    return Person(
        organization=organization,
        staff_code="{:05d}".format(len(used)),  # leading zeros, as the personnel office writes them
        family_and_middle=name[0],
        given=name[1],
        gender=gender,
        birth_date=date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
        academic_title=title,
        position=position,
        category=category,
        party_member=category != StaffCategory.CONTRACT,
        union_member=True,
        hired_on=date(min(hired_year, 2018), rng.choice([3, 8, 9]), 1),
    )


def _people(organization, units, rng) -> list[Person]:
    used: set[tuple[str, str]] = set()
    plan: list[tuple[Person, Unit]] = []
    board = units["Ban Giám hiệu"]
    plan.append(
        (
            _person(
                organization,
                rng,
                used,
                gender="M",
                category=StaffCategory.MANAGER,
                position="Hiệu trưởng",
                name=("Nguyễn Trọng", "Tứ"),
                title="TS",
            ),
            board,
        )
    )
    plan.append(
        (
            _person(
                organization,
                rng,
                used,
                gender="M",
                category=StaffCategory.MANAGER,
                position="Phó Hiệu trưởng",
                title="TS",
            ),
            board,
        )
    )
    plan.append(
        (
            _person(
                organization,
                rng,
                used,
                gender="F",
                category=StaffCategory.MANAGER,
                position="Phó Hiệu trưởng",
                title="ThS",
            ),
            board,
        )
    )
    for name, kind, lecturers, others in UNITS[1:]:
        unit = units[name]
        head = "Trưởng khoa" if kind == UnitKind.FACULTY else "Trưởng phòng"
        for index in range(lecturers):
            gender = "F" if index % 2 else "M"
            position = (
                head if index == 0 else ("Phó " + head.lower() if index == 1 else "Giảng viên")
            )
            plan.append(
                (
                    _person(
                        organization,
                        rng,
                        used,
                        gender=gender,
                        category=StaffCategory.LECTURER,
                        position=position,
                        title=rng.choice(["ThS", "ThS", "TS", ""]),
                    ),
                    unit,
                )
            )
        for index in range(others):
            gender = "M" if index % 2 else "F"
            if index == 0:
                category, position = StaffCategory.MANAGER, head
            elif index >= others - 2 and name.startswith("Phòng Tổ chức"):
                category, position = StaffCategory.CONTRACT, rng.choice(["Lái xe", "Bảo vệ"])
            else:
                category, position = StaffCategory.STAFF, "Chuyên viên"
            plan.append(
                (
                    _person(
                        organization,
                        rng,
                        used,
                        gender=gender,
                        category=category,
                        position=position,
                        title=rng.choice(["ThS", "CN", ""]),
                    ),
                    unit,
                )
            )
    # Two people the search tests and the rules need by name.
    plan.append(
        (
            _person(
                organization,
                rng,
                used,
                gender="M",
                category=StaffCategory.LECTURER,
                position="Giảng viên",
                name=("Nguyễn Văn", "Đạt"),
                title="ThS",
            ),
            units["Khoa Lý luận cơ sở"],
        )
    )
    newcomer = _person(
        organization,
        rng,
        used,
        gender="F",
        category=StaffCategory.LECTURER,
        position="Giảng viên",
        name=("Lê Thị Ngọc", "Ánh"),
        title="ThS",
    )
    newcomer.hired_on = date(2022, 5, 16)  # a new hire: under ten months of work in 2022
    plan.append((newcomer, units["Khoa Dân vận"]))

    people = []
    for person, unit in plan:
        person.save()
        Assignment.objects.create(person=person, unit=unit, started_on=person.hired_on)
        people.append(person)
    # A transfer in June 2022: from the training office to a faculty, keeping the history.
    mover = next(
        p for p, u in plan if u.name == "Phòng Quản lý đào tạo" and p.position == "Chuyên viên"
    )
    current = mover.assignments.get()
    current.ended_on = date(2022, 6, 1)
    current.save()
    Assignment.objects.create(
        person=mover, unit=units["Khoa Nhà nước và Pháp luật"], started_on=date(2022, 6, 1)
    )
    return people


def _history(organization, units, people, rng) -> None:
    grades, awards, leaves, disciplines = [], [], [], []
    own = {"source": AwardSource.OWN_DECISION, "issued_by": "Hiệu trưởng Trường Chính trị Trần Phú"}
    cstd_streak: dict[int, int] = {}
    for year in YEARS:
        decided_on = date(year, 12, 28)
        own_decision = {
            **own,
            "decision_number": "{}/QĐ-TCTTP".format(120 + year % 100),
            "decided_on": decided_on,
        }
        eligible_ldtt = []
        for person in people:
            if person.hired_on.year > year:
                continue
            roll = rng.random()
            grade = (
                "HTXS"
                if roll < 0.28
                else "HTT"
                if roll < 0.93
                else "HTNV"
                if roll < 0.99
                else "KHTNV"
            )
            grades.append(
                YearGrade(
                    organization=organization,
                    person=person,
                    year=year,
                    grade=grade,
                    verification=Verification.VERIFIED,
                )
            )
            if grade in ("HTXS", "HTT") and person.hired_on <= date(year, 3, 1):
                eligible_ldtt.append((person, grade))
        # A reprimand in 2020 keeps one person from LĐTT that year (Luật TĐKT 2003, Điều 24).
        if year == 2020:
            culprit = eligible_ldtt.pop(7)[0]
            disciplines.append(
                Discipline(
                    organization=organization,
                    person=culprit,
                    form="khien_trach",
                    decision_number="45/QĐ-TCTTP",
                    decided_on=date(2020, 5, 12),
                    effective_until=date(2021, 5, 11),
                    verification=Verification.VERIFIED,
                )
            )
        for person, _ in eligible_ldtt:
            awards.append(
                Award(
                    organization=organization, person=person, year=year, code="LDTT", **own_decision
                )
            )
        # CSTĐCS: at most 15% of those reaching LĐTT (Nghị định 91/2017/NĐ-CP, Điều 9.3).
        excellent = [p for p, g in eligible_ldtt if g == "HTXS"]
        excellent.sort(key=lambda p: (-cstd_streak.get(p.pk, 0), p.pk))
        chosen = excellent[: int(len(eligible_ldtt) * 0.15)]
        for person in chosen:
            cstd_streak[person.pk] = cstd_streak.get(person.pk, 0) + 1
            awards.append(
                Award(
                    organization=organization,
                    person=person,
                    year=year,
                    code="CSTD_CS",
                    **own_decision,
                )
            )
            initiative = Initiative.objects.create(
                organization=organization,
                year=year,
                level="co_so",
                title="Giải pháp nâng cao chất lượng giảng dạy học phần {} năm {}".format(
                    rng.choice(
                        ["Xây dựng Đảng", "Quản lý nhà nước", "Dân vận", "Lý luận chính trị"]
                    ),
                    year,
                ),
                recognized_by="Hội đồng Khoa học Trường Chính trị Trần Phú",
                decision_number="{}/QĐ-TCTTP".format(60 + year % 100),
                decided_on=date(year, 11, 20),
                verification=Verification.VERIFIED,
            )
            Authorship.objects.create(initiative=initiative, person=person, share=100)
            if (
                cstd_streak[person.pk] == 3
                and sum(1 for a in awards if a.code == "CSTD_TINH" and a.year == year) < 2
            ):
                awards.append(
                    Award(
                        organization=organization,
                        person=person,
                        year=year,
                        code="CSTD_TINH",
                        source=AwardSource.HIGHER_BODY,
                        issued_by="Chủ tịch UBND tỉnh Hà Tĩnh",
                        decision_number="{}/QĐ-UBND".format(3400 + year % 100),
                        decided_on=date(year + 1, 1, 20),
                    )
                )
        for person in [p for p, _ in eligible_ldtt if p not in chosen][:3]:
            awards.append(
                Award(
                    organization=organization,
                    person=person,
                    year=year,
                    code="GIAY_KHEN",
                    **own_decision,
                )
            )
        # Collectives: every faculty and office is graded; one excellent collective a year.
        teaching = [u for u in units.values() if u.kind in (UnitKind.FACULTY, UnitKind.OFFICE)]
        star = teaching[year % len(teaching)]
        for unit in teaching:
            grades.append(
                YearGrade(
                    organization=organization,
                    unit=unit,
                    year=year,
                    grade="HTXS" if unit == star else "HTT",
                    verification=Verification.VERIFIED,
                )
            )
            awards.append(
                Award(
                    organization=organization, unit=unit, year=year, code="TTLDTT", **own_decision
                )
            )
        awards.append(
            Award(
                organization=organization,
                unit=star,
                year=year,
                code="TTLDXS",
                source=AwardSource.HIGHER_BODY,
                issued_by="Chủ tịch UBND tỉnh Hà Tĩnh",
                decision_number="{}/QĐ-UBND".format(3500 + year % 100),
                decided_on=date(year + 1, 1, 25),
            )
        )
    # The Party committee's grade, the school's and its union's titles, the union's movement
    # title for women, and a few provincial certificates: what the plan's targets count.
    party = Unit.objects.get(organization=organization, kind=UnitKind.PARTY_COMMITTEE)
    union = Unit.objects.get(organization=organization, kind=UnitKind.UNION)
    province = {"source": AwardSource.HIGHER_BODY, "issued_by": "Chủ tịch UBND tỉnh Hà Tĩnh"}
    for year in YEARS:
        grades.append(
            YearGrade(
                organization=organization,
                unit=party,
                year=year,
                grade="HTXS" if year >= 2021 else "HTT",
                verification=Verification.VERIFIED,
            )
        )
        awards.append(
            Award(
                organization=organization,
                year=year,
                code="TTLDXS",
                decision_number="{}/QĐ-UBND".format(3510 + year % 100),
                decided_on=date(year + 1, 1, 25),
                **province,
            )
        )
        awards.append(
            Award(
                organization=organization,
                unit=union,
                year=year,
                code="CDCS_VM",
                source=AwardSource.HIGHER_BODY,
                issued_by="Liên đoàn Lao động tỉnh",
                decision_number="{}/QĐ-LĐLĐ".format(80 + year % 100),
                decided_on=date(year, 12, 20),
            )
        )
        for person in [p for p in people if p.gender == "F" and p.hired_on.year <= year][:-2]:
            awards.append(
                Award(
                    organization=organization,
                    person=person,
                    year=year,
                    code="GVT_DVN",
                    source=AwardSource.HIGHER_BODY,
                    issued_by="Công đoàn Trường Chính trị Trần Phú",
                    decision_number="{}/QĐ-CĐ".format(10 + year % 100),
                    decided_on=date(year, 12, 15),
                )
            )
        for person in rng.sample([p for p in people if p.hired_on.year < year], 4):
            awards.append(
                Award(
                    organization=organization,
                    person=person,
                    year=year,
                    code="BK_TINH",
                    decision_number="{}/QĐ-UBND".format(3600 + year % 100),
                    decided_on=date(year + 1, 2, 10),
                    **province,
                )
            )
        awards.append(
            Award(
                organization=organization,
                unit=units["Khoa Xây dựng Đảng"],
                year=year,
                code="BK_TINH",
                decision_number="{}/QĐ-UBND".format(3600 + year % 100),
                decided_on=date(year + 1, 2, 10),
                **province,
            )
        )
    women = [p for p in people if p.gender == "F" and p.category == StaffCategory.LECTURER]
    leaves.append(
        Leave(
            organization=organization,
            person=women[2],
            kind="maternity",
            started_on=date(2021, 3, 1),
            ended_on=date(2021, 8, 31),
            verification=Verification.VERIFIED,
        )
    )
    leaves.append(
        Leave(
            organization=organization,
            person=women[5],
            kind="maternity",
            started_on=date(2022, 2, 14),
            ended_on=date(2022, 8, 13),
            verification=Verification.VERIFIED,
        )
    )
    leaves.append(
        Leave(
            organization=organization,
            person=people[10],
            kind="study",
            started_on=date(2022, 3, 1),
            ended_on=date(2022, 5, 31),
            verification=Verification.VERIFIED,
        )
    )
    # Everyone registers (the plan's third target): LĐTT for all, CSTĐCS for the excellent ones,
    # and each faculty or office for the collective titles; all accepted by the secretary.
    registrations = []
    excellent = {(g.person_id, g.year) for g in grades if g.person_id and g.grade == "HTXS"}
    for year in YEARS:
        for person in people:
            if person.hired_on.year > year:
                continue
            titles = ["LDTT", "CSTD_CS"] if (person.pk, year - 1) in excellent else ["LDTT"]
            registrations.append(
                Registration(
                    organization=organization,
                    person=person,
                    year=year,
                    titles=titles,
                    state=RegistrationState.ACCEPTED,
                )
            )
        for unit in units.values():
            if unit.kind in (UnitKind.FACULTY, UnitKind.OFFICE):
                registrations.append(
                    Registration(
                        organization=organization,
                        unit=unit,
                        year=year,
                        titles=["TTLDTT", "TTLDXS"],
                        state=RegistrationState.ACCEPTED,
                    )
                )
    Registration.objects.bulk_create(registrations)
    YearGrade.objects.bulk_create(grades)
    # Built like the other years (so the random draws stay the same), then left undecided.
    awards = [a for a in awards if a.year != COUNCIL_YEAR or a.code in ("GVT_DVN", "CDCS_VM")]
    # Decided before the school adopted thidua (or by the union): entered in the register by the
    # secretary, as a real school brings its past in, so they are corrected there.
    for award in awards:
        award.source = AwardSource.REGISTER
    Award.objects.bulk_create(awards)
    Leave.objects.bulk_create(leaves)
    Discipline.objects.bulk_create(disciplines)


def ensure_accounts(organization: Organization) -> None:
    people = Person.objects.filter(organization=organization)
    principal = people.get(position="Hiệu trưởng")
    secretary = people.get(
        position="Trưởng phòng", assignments__unit__name="Phòng Tổ chức – Hành chính"
    )
    faculty = Unit.objects.get(organization=organization, name="Khoa Xây dựng Đảng")
    faculty_people = people.in_unit([faculty.pk]).order_by("pk")
    head = faculty_people.get(position="Trưởng khoa")
    staff = faculty_people.filter(position="Giảng viên").first()
    deputy = people.filter(position="Phó Hiệu trưởng").order_by("pk").first()
    member = people.filter(position="Trưởng khoa").exclude(pk=head.pk).order_by("pk").first()
    linked = {
        "thuky": secretary,
        "uyvien": member,
        "hieutruong": principal,
        "truongkhoa": head,
        "canbo": staff,
        "lanhdao": deputy,
        "admin": None,
        "ketoan": None,
    }
    for account in ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            # Created once: running load_demo again must not reset a password someone changed,
            # reactivate a locked account or hand back a role that was taken away.
            continue
        user = User(
            username=account.username,
            organization=organization,
            person=linked[account.username],
            is_superuser=account.role == Role.ADMIN,
            is_staff=account.role == Role.ADMIN,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        unit = faculty if account.role == Role.UNIT_HEAD else None
        RoleGrant.objects.get_or_create(user=user, role=account.role, unit=unit)
