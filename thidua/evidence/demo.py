"""The demo school's evidence beyond grades, initiatives, discipline and leave.

Research, articles, textbooks and lectures, training and the union's scores, as the 2022 plan
asks for them (its targets 10 and 14 and its training goals: one doctoral candidate, one or two
officers at advanced political theory), plus the claims of the initiatives that earned the
CSTĐCS titles and a few records still waiting for verification, so the queue has work.

Added once per organisation (when it has no research yet), so an installation whose demo was
loaded by an older version gains them on the next `load_demo` without being rebuilt.
"""

import random
from datetime import date

from thidua.accounts.models import User
from thidua.awards.models import Award
from thidua.evidence.models import (
    Authorship,
    Initiative,
    InitiativeClaim,
    Leave,
    Research,
    ResearchMember,
    Training,
    UnionScore,
    Verification,
    Work,
    WorkAuthorship,
)
from thidua.organization.models import Organization, Person, StaffCategory

VERIFIED = Verification.VERIFIED
BULLETIN = "Thông tin Lý luận và Thực tiễn, Trường Chính trị Trần Phú"
SUBJECTS = (
    "xây dựng Đảng ở cơ sở",
    "quản lý nhà nước về đất đai",
    "công tác dân vận ở xã nông thôn mới",
    "bảo vệ nền tảng tư tưởng của Đảng",
    "chuyển đổi số trong quản lý hành chính cấp xã",
    "phát triển kinh tế tập thể ở Hà Tĩnh",
    "văn hóa công vụ",
    "đổi mới phương pháp giảng dạy lý luận chính trị",
)
RESEARCH = (
    # (title, level, started, accepted on, result, verified)
    ("Nâng cao chất lượng bồi dưỡng cán bộ xây dựng nông thôn mới ở Hà Tĩnh", "tinh", 2021,
     date(2022, 12, 9), "kha", True),
    ("Đổi mới đánh giá kết quả học tập học viên trung cấp lý luận chính trị", "co_so", 2022,
     date(2022, 11, 25), "xuat_sac", True),
    ("Vận dụng tư tưởng Hồ Chí Minh về dân vận trong giảng dạy tại Trường", "co_so", 2021,
     date(2021, 12, 10), "dat", True),
    ("Ứng dụng công nghệ thông tin trong quản lý đào tạo của Trường", "co_so", 2022,
     None, "", True),
    ("Giải pháp phát huy vai trò tổ công đoàn trong phong trào thi đua", "co_so", 2022,
     date(2022, 12, 2), "dat", False),
)  # fmt: skip


def load_evidence(organization: Organization) -> None:
    """Add the demo evidence once; nothing happens if the organisation has research already."""
    if Research.objects.filter(organization=organization).exists():
        return
    rng = random.Random(2023)
    people = list(Person.objects.filter(organization=organization).order_by("pk"))
    lecturers = [p for p in people if p.category == StaffCategory.LECTURER]
    _claims(organization)
    _research(organization, lecturers, rng)
    _works(organization, lecturers, rng)
    _training(organization, people, lecturers)
    _union_scores(organization, people, rng)


def _claims(organization) -> None:
    """Each initiative behind a CSTĐCS was counted for that title in its year (CV 5007/2023)."""
    cstd = set(
        Award.objects.filter(organization=organization, code="CSTD_CS").values_list(
            "person_id", "year"
        )
    )
    claims = []
    for initiative_pk, year, person_pk in Authorship.objects.filter(
        initiative__organization=organization
    ).values_list("initiative_id", "initiative__year", "person_id"):
        if (person_pk, year) in cstd:
            claims.append(
                InitiativeClaim(
                    initiative_id=initiative_pk, person_id=person_pk, title="CSTD_CS", year=year
                )
            )
    InitiativeClaim.objects.bulk_create(claims)
    Initiative.objects.filter(organization=organization, scope="").update(
        scope="Áp dụng trong giảng dạy các lớp trung cấp lý luận chính trị của Trường"
    )


def _research(organization, lecturers, rng) -> None:
    for title, level, started, accepted_on, result, verified in RESEARCH:
        research = Research.objects.create(
            organization=organization,
            title=title,
            level=level,
            started_year=started,
            accepted_on=accepted_on,
            result=result,
            verification=VERIFIED if verified else Verification.PROPOSED,
        )
        team = rng.sample(lecturers, 3)
        ResearchMember.objects.bulk_create(
            ResearchMember(research=research, person=person, role=role)
            for person, role in zip(team, ("lead", "member", "member"), strict=True)
        )


def _works(organization, lecturers, rng) -> None:
    """Almost every lecturer writes for the school's bulletin in 2022; a few wrote textbooks
    or new lectures; two have nothing yet, so the plan's target 10 is not met by itself."""
    for year in (2021, 2022):
        writers = lecturers[:-2] if year == 2022 else rng.sample(lecturers, len(lecturers) // 2)
        for index, person in enumerate(writers):
            subject = SUBJECTS[(index + year) % len(SUBJECTS)]
            work = Work.objects.create(
                organization=organization,
                title="Một số vấn đề về {} hiện nay".format(subject),
                kind="article",
                venue="{}, số {}/{}".format(BULLETIN, 1 + index % 4, year),
                year=year,
                verification=VERIFIED,
            )
            WorkAuthorship.objects.create(work=work, person=person)
    textbook = Work.objects.create(
        organization=organization,
        title="Tài liệu bồi dưỡng cán bộ xây dựng nông thôn mới (Nghị quyết 04-NQ/TU)",
        kind="textbook",
        venue="Trường Chính trị Trần Phú, lưu hành nội bộ",
        year=2022,
        verification=VERIFIED,
    )
    WorkAuthorship.objects.bulk_create(
        WorkAuthorship(work=textbook, person=person) for person in lecturers[:4]
    )
    lecture = Work.objects.create(
        organization=organization,
        title="Bài giảng: Bảo vệ nền tảng tư tưởng của Đảng trong tình hình mới",
        kind="lecture",
        venue="Lớp trung cấp lý luận chính trị K45",
        year=2022,
        verification=Verification.PROPOSED,
    )
    # Proposed by the demo's staff account, so its unit head has something to verify.
    staff = User.objects.filter(username="canbo", organization=organization).first()
    WorkAuthorship.objects.create(
        work=lecture, person=staff.person if staff and staff.person else lecturers[-1]
    )


def _training(organization, people, lecturers) -> None:
    """The plan's training goals: one doctoral candidate, two at advanced political theory.

    The 2022 study leave already in the demo is the first political theory course, so the
    engine reads its length and result from here (and leaves the leave record uncounted).
    """
    on_study_leave = Leave.objects.filter(organization=organization, kind="study")
    studying = Person.objects.filter(pk__in=on_study_leave.values("person_id")).first()
    studying = studying or lecturers[10]
    Training.objects.bulk_create(
        [
            Training(
                organization=organization,
                person=lecturers[3],
                kind="doctoral",
                program="Tiến sĩ Xây dựng Đảng và Chính quyền nhà nước",
                institution="Học viện Chính trị quốc gia Hồ Chí Minh",
                started_on=date(2021, 10, 1),
                full_time=False,
                verification=VERIFIED,
            ),
            Training(
                organization=organization,
                person=studying,
                kind="political_theory",
                program="Cao cấp lý luận chính trị (tập trung)",
                institution="Học viện Chính trị khu vực III",
                started_on=date(2022, 3, 1),
                ended_on=date(2022, 5, 31),
                full_time=True,
                result="gioi",
                verification=VERIFIED,
            ),
            Training(
                organization=organization,
                person=lecturers[7],
                kind="political_theory",
                program="Cao cấp lý luận chính trị (không tập trung)",
                institution="Học viện Chính trị khu vực III",
                started_on=date(2022, 4, 1),
                ended_on=date(2023, 3, 31),
                full_time=False,
                verification=VERIFIED,
            ),
            Training(
                organization=organization,
                person=lecturers[12],
                kind="course",
                program="Bồi dưỡng kỹ năng chuyển đổi số cho giảng viên",
                institution="Sở Thông tin và Truyền thông Hà Tĩnh",
                started_on=date(2022, 9, 12),
                ended_on=date(2022, 9, 16),
                full_time=True,
                result="kha",
                verification=VERIFIED,
            ),
        ]
    )


def _union_scores(organization, people, rng) -> None:
    """Women's scores on the union's 100-point scale; the holders of the union's title passed."""
    holders = set(
        Award.objects.filter(organization=organization, code="GVT_DVN").values_list(
            "person_id", "year"
        )
    )
    scores = []
    for year in (2021, 2022):
        for person in people:
            if person.gender != "F" or person.hired_on.year > year:
                continue
            passed = (person.pk, year) in holders
            score = rng.randint(82, 97) if passed else rng.randint(68, 79)
            scores.append(
                UnionScore(
                    organization=organization,
                    person=person,
                    year=year,
                    score=score,
                    verification=VERIFIED,
                )
            )
    UnionScore.objects.bulk_create(scores)
