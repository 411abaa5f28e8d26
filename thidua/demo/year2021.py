"""The demo school's 2021 year, run through thidua as its users run a year: the units' nominations,
the council's meeting held on paper and entered from its counted ballots, the union's decision
on its titles, the principal's decision and a tờ trình to the province that arrived in the
province office's inbox and was answered there in part (province.py). Every step is the action a
user's click runs (`do_*`), with the dates the year's papers carry; 2022 stays at the council
stage.

The seed (school.py) draws the four years' outcomes from one random stream, and the evidence
(evidence/demo.py) is drawn after them from another, reading who holds which title. So the seed
writes 2021 like the other years, then this run takes back what the council, the principal, the
union and the province decided and decides it again through the actions, to the same people:
the years after 2021 read the same history as before. What the school still types from paper
stays in the register: the upper union's "Công đoàn cơ sở vững mạnh".
"""

from datetime import date, time

from auditlog.context import disable_auditlog

from thidua.accounts.models import User
from thidua.awards.models import Award, AwardSource
from thidua.council.actions import (
    NominationRow,
    PaperCount,
    do_close_session,
    do_elect_counting_committee,
    do_nominate,
    do_nominate_many,
    do_open_session,
    do_publish_results,
    do_put_on_agenda,
    do_record_paper_counts,
    do_set_attendance,
)
from thidua.council.models import CouncilSession, MemberRole
from thidua.decisions.actions import (
    do_add_entry,
    do_draft_decision_from_session,
    do_issue_decision,
    do_record_union_decision,
    union_results,
)
from thidua.demo.province import answer_received
from thidua.evaluation.facts import organization_unit_id, person_id, unit_id
from thidua.evaluation.services import evaluate_organization
from thidua.organization.models import Assignment, Organization, Person, Unit
from thidua.proposals.actions import (
    EntryAnswer,
    do_draft_proposal_from_session,
    do_send_proposal,
)
from thidua.proposals.routing import HigherBody

YEAR = 2021
# The year's papers, in the order they were signed.
UNIT_MEETINGS_ON = date(2021, 12, 7)  # each unit's meeting that chose its nominees
SESSION_NAME = "Phiên họp cuối năm"  # the minutes add "(xét thi đua, khen thưởng 2021)"
MEETING_ON = date(2021, 12, 14)
MEETING_STARTS, MEETING_ENDS = time(8, 0), time(10, 45)
COMMITTEE_ELECTED = time(8, 15)
MEETING_PLACE = "Phòng họp tầng 2, Trường Chính trị Trần Phú"
UNION_DECISION = (
    "31/QĐ-CĐ", date(2021, 12, 15), "Ban Chấp hành Công đoàn Trường Chính trị Trần Phú"
)
PUBLISHED_FROM, PUBLISHED_TO = date(2021, 12, 15), date(2021, 12, 24)
DECISION_NUMBER, DECISION_ON = 141, date(2021, 12, 28)  # 139 and 140 were 2019's and 2020's
PROPOSAL_NUMBER, PROPOSAL_ON = 52, date(2021, 12, 30)
PROVINCE = "Chủ tịch UBND tỉnh Hà Tĩnh"
# The province's decisions on the tờ trình, per title (as the seed dated them).
PROVINCE_DECISIONS = {
    "CSTD_TINH": ("3421/QĐ-UBND", date(2022, 1, 20)),
    "TTLDXS": ("3521/QĐ-UBND", date(2022, 1, 25)),
    "BK_TINH": ("3621/QĐ-UBND", date(2022, 2, 10)),
}
# The organisation's own TTLĐXS came in a decision of its own.
PROVINCE_ORGANIZATION_TTLDXS = ("3531/QĐ-UBND", date(2022, 1, 25))
REFUSED_REASON = (
    "UBND tỉnh chưa xét tặng: chưa đủ thành tích hai năm liên tục hoàn thành xuất sắc nhiệm vụ."
)

# What each body decides, of the titles the seed gave in 2021.
SCHOOL_CODES = ("LDTT", "CSTD_CS", "TTLDTT")  # through the council, then the decision
BY_HAND = ("GIAY_KHEN",)  # added to the decision without a ballot
UNION_CODES = ("GVT_DVN",)
PROVINCE_CODES = ("CSTD_TINH", "TTLDXS", "BK_TINH")
RUN_CODES = SCHOOL_CODES + BY_HAND + UNION_CODES + PROVINCE_CODES

# The units' written reasons where the engine does not find a nominee eligible ("cần xem xét",
# "chưa đủ điều kiện"): what the units wrote in 2021.
JUSTIFICATIONS = {
    "LDTT": "Thời hạn kỷ luật khiển trách đã hết từ ngày 11/05/2021; từ đó hoàn thành tốt nhiệm "
    "vụ. Hội nghị đơn vị thống nhất đề nghị, trình Hội đồng xem xét.",
    "CSTD_CS": "Có sáng kiến được Hội đồng Khoa học Trường công nhận năm 2021; đăng ký bổ sung "
    "danh hiệu tại hội nghị đơn vị. Đề nghị Hội đồng xem xét.",
    "CSTD_TINH": "Ba năm liên tục (2019–2021) đạt danh hiệu Chiến sĩ thi đua cơ sở, có sáng kiến "
    "được công nhận. Đề nghị Hội đồng xem xét, trình UBND tỉnh.",
    "BK_TINH": "Thành tích xuất sắc trong phong trào thi đua năm 2021 của Trường. Đề nghị Hội đồng "
    "xem xét, trình UBND tỉnh tặng Bằng khen.",
    "TTLDXS": "Tập thể hoàn thành xuất sắc nhiệm vụ năm 2021, có cá nhân đạt Chiến sĩ thi đua cơ "
    "sở. Đề nghị Hội đồng xem xét, trình UBND tỉnh.",
}
DEFAULT_JUSTIFICATION = "Hội nghị đơn vị thống nhất đề nghị; trình Hội đồng xem xét."


def run_2021(organization: Organization) -> CouncilSession | None:
    """Run the demo school's 2021 year through thidua's actions (once, on a fresh demo)."""
    users = {
        u.username: u
        for u in User.objects.filter(
            organization=organization, username__in=("thuky", "hieutruong", "truongkhoa")
        )
    }
    if len(users) < 3 or CouncilSession.objects.filter(
        organization=organization, year=YEAR
    ).exists():
        return None
    secretary, principal, head = users["thuky"], users["hieutruong"], users["truongkhoa"]
    outcome = _take_back_seed(organization)
    nominations = _nominate(organization, outcome, secretary=secretary, head=head)
    session = _hold_council(nominations, secretary=secretary)
    # The results were posted for comments before the principal decided (công khai kết quả).
    do_publish_results(session, starts_on=PUBLISHED_FROM, ends_on=PUBLISHED_TO,
                       note="Niêm yết tại bảng tin của Trường.", acting_user=secretary)  # fmt: skip
    number, decided_on, issued_by = UNION_DECISION
    do_record_union_decision(
        session, union_results(session), decision_number=number, decided_on=decided_on,
        issued_by=issued_by, acting_user=secretary,
    )  # fmt: skip
    decision = do_draft_decision_from_session(session, acting_user=secretary)
    for award in outcome["GIAY_KHEN"]:
        do_add_entry(decision, "GIAY_KHEN", person=award.person, acting_user=secretary)
    do_issue_decision(
        decision, decided_on=DECISION_ON, number=DECISION_NUMBER, acting_user=principal
    )
    _propose_to_province(session, outcome, secretary=secretary, principal=principal)
    return session


def _take_back_seed(organization) -> dict[str, list[Award]]:
    """Remove the seed's 2021 awards the run decides again; return them by title."""
    seed = list(
        Award.objects.filter(
            organization=organization, year=YEAR, code__in=RUN_CODES, source=AwardSource.REGISTER
        )
        .select_related("person", "unit")
        .order_by("pk")
    )
    # Never shown to anyone (the same transaction writes them and takes them back): no audit.
    with disable_auditlog():
        Award.objects.filter(pk__in=[a.pk for a in seed]).delete()
    outcome = {code: [] for code in RUN_CODES}
    for award in seed:
        outcome[award.code].append(award)
    return outcome


def _subject(award: Award) -> dict:
    if award.person_id:
        return {"person": award.person}
    if award.unit_id:
        return {"unit": award.unit}
    return {}


def _nominate(organization, outcome, *, secretary, head) -> list:
    """The unit head of Khoa Xây dựng Đảng sends the faculty's list in one form per title; the
    secretary enters the other units' lists (their heads have no account), the union's list,
    the proposals to the province and the school itself."""
    faculty = Unit.objects.get(organization=organization, name="Khoa Xây dựng Đảng")
    in_faculty = set(
        Assignment.objects.current()
        .filter(unit=faculty, started_on__lte=date(YEAR, 12, 31))
        .values_list("person_id", flat=True)
    )
    evaluation = evaluate_organization(organization, YEAR).evaluation
    done = []
    meeting = {"meeting_on": UNIT_MEETINGS_ON}

    def justification(award):
        """The unit's written reason, where the engine does not find the nominee eligible."""
        if award.person_id:
            key, unit = person_id(award.person_id), False
        else:
            key = unit_id(award.unit_id) if award.unit_id else organization_unit_id(organization.pk)
            unit = True
        found = evaluation.verdicts(key, unit=unit).get(award.code)
        if found is not None and found.verdict == "eligible":
            return ""
        return JUSTIFICATIONS.get(award.code, DEFAULT_JUSTIFICATION)

    size = len(in_faculty)
    for code in SCHOOL_CODES:
        own = [
            a for a in outcome[code]
            if (a.person_id in in_faculty) or (a.unit_id == faculty.pk)
        ]  # fmt: skip
        if own:
            rows = [NominationRow(a.person, code, justification(a)) for a in own]
            done += do_nominate_many(
                year=YEAR, unit=faculty, rows=rows, meeting_attendance=size,
                meeting_votes=size, acting_user=head, **meeting,
            )  # fmt: skip
        for award in outcome[code]:
            if award in own:
                continue
            done.append(
                do_nominate(
                    year=YEAR, title=code, justification=justification(award),
                    acting_user=secretary, **meeting, **_subject(award),
                )  # fmt: skip
            )
    for code in UNION_CODES + PROVINCE_CODES:
        for award in outcome[code]:
            done.append(
                do_nominate(
                    year=YEAR, title=code, justification=justification(award),
                    acting_user=secretary, **_subject(award),
                )  # fmt: skip
            )
    # One more Bằng khen proposed than the province granted: the partial answer's refusal.
    held = {a.person_id for a in outcome["BK_TINH"]}
    extra = (
        Person.objects.filter(
            organization=organization, pk__in=[a.person_id for a in outcome["CSTD_CS"]]
        )
        .exclude(pk__in=held)
        .order_by("pk")
        .first()
    )
    if extra is not None:
        done.append(
            do_nominate(
                year=YEAR, title="BK_TINH", person=extra,
                justification=JUSTIFICATIONS["BK_TINH"], acting_user=secretary,
            )  # fmt: skip
        )
    return done


def _hold_council(nominations, *, secretary) -> CouncilSession:
    """The council met on paper; its secretary enters the meeting and the counted ballots."""
    session = do_open_session(
        name=SESSION_NAME, year=YEAR, meeting_on=MEETING_ON, starts_at=MEETING_STARTS,
        place=MEETING_PLACE, on_paper=True, acting_user=secretary,
    )  # fmt: skip
    for member in session.members.all():
        do_set_attendance(member, present=True, acting_user=secretary)
    # The meeting elects its counting committee from the members present: two of the members
    # (the council's officers run the meeting), the first its head.
    seats = list(session.members.order_by("pk"))
    counters = [m for m in seats if m.role == MemberRole.MEMBER][:2] or seats[:1]
    do_elect_counting_committee(
        session, head=counters[0], members=counters[1:], elected_at=COMMITTEE_ELECTED,
        acting_user=secretary,
    )  # fmt: skip
    items = do_put_on_agenda(session, nominations, acting_user=secretary)
    voting = session.members.count()
    counts = {}
    for index, item in enumerate(items):
        # A few LĐTT items had one paper against; every other item was agreed by all.
        against = 1 if item.nomination.title == "LDTT" and index % 17 == 5 else 0
        counts[item] = PaperCount(
            issued=voting, returned=voting, valid=voting, agree=voting - against,
            disagree=against,
        )  # fmt: skip
    do_record_paper_counts(session, counts, acting_user=secretary)
    return do_close_session(session, ends_at=MEETING_ENDS, acting_user=secretary)


def _propose_to_province(session, outcome, *, secretary, principal) -> None:
    """The tờ trình to the province, signed by the principal: it arrives in the inbox of the
    province's office (thidua/demo/province.py), whose officer records the answer entry by
    entry: what the seed holds granted, the one more Bằng khen not."""
    proposal = do_draft_proposal_from_session(
        session, body=HigherBody.PROVINCE, dated_on=PROPOSAL_ON, acting_user=secretary
    )
    proposal = do_send_proposal(
        proposal, sent_on=PROPOSAL_ON, number=PROPOSAL_NUMBER, acting_user=principal
    )
    answer_received(proposal, _province_answers(proposal, outcome))


def _province_answers(proposal, outcome) -> list[EntryAnswer]:
    """Return the Chủ tịch UBND tỉnh's answer for each entry: the seed's provincial awards
    granted with their decisions, any other entry refused with the reason."""
    granted = {
        (a.person_id, a.unit_id, a.code): a
        for code in PROVINCE_CODES
        for a in outcome[code]
    }
    answers = []
    for entry in proposal.entries.order_by("position"):
        seed = granted.get((entry.person_id, entry.unit_id, entry.title))
        if seed is None:
            answers.append(EntryAnswer(entry, False, reason=REFUSED_REASON))
            continue
        if entry.person_id is None and entry.unit_id is None:
            number, decided_on = PROVINCE_ORGANIZATION_TTLDXS
        else:
            number, decided_on = PROVINCE_DECISIONS[entry.title]
        answers.append(EntryAnswer(entry, True, number, decided_on, seed.issued_by or PROVINCE))
    return answers
