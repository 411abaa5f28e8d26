"""The individual achievement report (báo cáo thành tích) of a nominee, prefilled from thidua's
records in the layout of the annex of the decree in force on the report's day (the day the
dossier goes up: thidua.rules.instruments.decree_on), whatever year the achievements were in.

Which annex (law-2.md §3.1, §5.4; law.md §2.12):
- to 31/12/2023: Nghị định 91/2017/NĐ-CP, **Mẫu số 02** — the individual report
  for CSTĐ, Bằng khen and Giấy khen [V that Mẫu 02 covers them; its field list is R]. Mẫu 01 of
  that annex is the *collective* report, not the individual one.
- 2024 to 30/6/2025: Nghị định 98/2023/NĐ-CP, appendix; the template's number was **not seen**
  (marked "cần xác nhận" on the document).
- From 01/7/2025: Nghị định 152/2025/NĐ-CP, **Mẫu số 05** (individual), as cited by
  QĐ 638/QĐ-BNV [V]; its layout was not seen, so the Mẫu 02 fields are kept [I].
Fields the records do not hold (home town, residence, duties) are left as dotted lines for the
nominee to complete; everything else comes from verified evidence and the award register.

A collective nominee (a unit, or the organisation itself) gets the collective report instead:
NĐ 91/2017 **Mẫu số 01** [V that it covers TTLĐXS, Cờ, Bằng khen and Giấy khen for collectives;
its fields R: law-2.md §3.1] — the unit's features, its quality grades, the titles it held and
its members' titles, with the same "awards received" tables. For NĐ 98/2023 and NĐ 152/2025 the
collective template's number was not seen (NĐ 152 probably Mẫu 04 [I]); marked "cần xác nhận".
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from thidua import rules
from thidua.awards.models import Award
from thidua.core import text
from thidua.core.choices import COMMENDATION_FORMS, RecognitionLevel
from thidua.documents import formatting
from thidua.documents.layout import choose, letterhead
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.evidence.models import Discipline, Initiative, Training, Work, YearGrade
from thidua.organization.models import Assignment, Organization, Person, Unit
from thidua.proposals.documents import decision_text, principal
from thidua.proposals.models import ProposalEntry
from thidua.registrations.documents import unit_head_name
from thidua.rules import instruments

NAMES = rules.TITLE_NAMES
LEVELS = dict(RecognitionLevel.choices)
BLANK = "………………………………"
UNCERTAIN = "cần xác nhận"
# What the prefilled report leaves for its author, said on the page that offers it.
PERSON_NOTE = (
    "Quê quán, trú quán và nhiệm vụ được giao để trống cho người báo cáo ghi bổ sung; các mục "
    "còn lại lấy từ minh chứng đã xác nhận và sổ khen thưởng."
)
COLLECTIVE_NOTE = (
    "Địa chỉ, năm thành lập, chức năng, nhiệm vụ và các chỉ tiêu của tập thể để trống cho tập "
    "thể ghi bổ sung; xếp loại, danh hiệu của tập thể và các thành viên lấy từ minh chứng đã xác "
    "nhận và sổ khen thưởng."
)


@dataclass(frozen=True)
class AchievementReport:
    """Whose report, for which title and year, and (when there is one) the proposal entry.

    ``person`` for an individual; otherwise a collective: ``unit``, or neither (the organisation
    itself, then ``organization`` names it)."""

    person: Person | None
    year: int
    title: str
    entry: ProposalEntry | None = None
    day: date | None = None
    unit: Unit | None = None
    organization: Organization | None = None

    @property
    def collective(self) -> bool:
        return self.person is None

    @property
    def subject_name(self) -> str:
        if self.person is not None:
            return self.person.full_name
        return self.unit.name if self.unit is not None else self.organization.name


def annex_for(day: date, *, collective: bool = False) -> tuple[str, str]:
    """Return (the annex line printed on the report, a note on its certainty or ""): the form of
    the decree in force on the report's day (the dossier goes up under the law of its sending
    day), whatever year the achievements were in (thidua.rules.instruments.report_form)."""
    form = instruments.report_form(day, collective=collective)
    return form.line, form.note


def period_of(title: str, year: int, organization=None) -> range:
    """Return the years the report looks back over: the consecutive years the title's criteria
    count under the year's rule set (CSTĐ tỉnh: its CSTĐCS years; CSTĐ toàn quốc: two CSTĐ
    tỉnh cycles and the year after the second, NĐ 91/2017 Điều 48.1.a; Bằng khen tỉnh/Học viện:
    the HTXS years; Bằng khen Thủ tướng: its years), with the organisation's own parameters, as
    the engine reads them. Others: the year itself."""
    rs = rules.rule_set_for(year)
    if organization is not None:
        rs = rs.with_overrides(organization.overrides_for(year))
    length = {
        "CSTD_TINH": rs.cstd_tinh_consecutive,
        "CSTD_TQ": rs.cstd_tq_consecutive * rs.cstd_tinh_cycle_years + rs.cstd_tq_lag_years,
        "BK_TINH": rs.bk_htxs_years,
        "BK_HV": rs.bk_htxs_years,
        "BK_TTG": rs.bk_ttg_years,
    }.get(title, 1)
    return range(year - length + 1, year + 1)


def award_rows(person: Person | None, years: range, *, forms: bool, awards=None) -> list[dict]:
    """Rows of the "awards received" tables: the person's, or the given awards (a collective)."""
    if awards is None:
        awards = person.awards.in_force()
    awards = awards.filter(year__in=list(years)).order_by("year", "code")
    rows = []
    for award in awards:
        if (award.code in COMMENDATION_FORMS) != forms:
            continue
        rows.append({
            "year": str(award.year), "title": NAMES.get(award.code, award.code),
            "decision": decision_text(award.decision_number, award.decided_on, award.issued_by),
        })  # fmt: skip
    return rows


def report_day(report: AchievementReport) -> date:
    """The report's day: as given, else its tờ trình's, else today."""
    day = report.day or (report.entry.proposal.dated_on if report.entry else None)
    return day or timezone.localdate()


def report_head(report: AchievementReport, organization, layout, years: range, day) -> dict:
    """The lines above a report's body, a person's or a collective's: the letterhead, the form
    of the decree in force on its day, the title proposed and the years it covers."""
    first, last = years[0], years[-1]
    span = str(last) if first == last else "{}–{}".format(first, last)
    annex, annex_note = annex_for(day, collective=report.collective)
    return {
        **letterhead(organization, choose("achievement_report", organization, None, layout), day),
        "annex": annex,
        "annex_note": annex_note,
        "document_type": "BÁO CÁO THÀNH TÍCH",
        "title": "ĐỀ NGHỊ TẶNG {}".format(
            formatting.upper(NAMES.get(report.title, report.title))
        ),
        "subtitle": "Năm {}".format(report.year) if first == last else "Giai đoạn {}".format(span),
    }


def grade_rows(grades: dict, years: range) -> list[dict]:
    """The yearly grades of the report's years ({year: grade code}), a blank for a year
    without one."""
    names = dict(YearGrade._meta.get_field("grade").choices)
    return [
        {"year": str(y), "grade": names.get(grades[y], grades[y]) if y in grades else BLANK}
        for y in years
    ]


def head_lines(head) -> dict:
    """The principal's title and name, who confirms the report."""
    return {
        "head_title": formatting.upper(head.position) if head and head.position else "HIỆU TRƯỞNG",
        "head_name": head.display_name if head else "",
    }


def build_collective_report_context(report: AchievementReport, layout: str | None = None) -> dict:
    """The collective's report (Mẫu 01 of NĐ 91/2017): the unit's (or the organisation's)
    features, grades, titles held and its members' titles, as plain text."""
    unit, year, title = report.unit, report.year, report.title
    organization = unit.organization if unit is not None else report.organization
    years = period_of(title, year, organization)
    day = report_day(report)
    assignments = Assignment.objects.current().filter(person__organization=organization)
    if unit is not None:
        assignments = assignments.filter(unit=unit)
    member_pks = set(assignments.values_list("person_id", flat=True))
    grades = (
        dict(
            YearGrade.objects.verified().filter(unit=unit, year__in=list(years))
            .values_list("year", "grade")
        )
        if unit is not None
        else {}
    )  # fmt: skip
    own = Award.objects.in_force().filter(organization=organization, person__isnull=True)
    own = own.filter(unit=unit) if unit is not None else own.filter(unit__isnull=True)
    members_titles = []
    member_awards = (
        Award.objects.in_force()
        .filter(person_id__in=member_pks, year__in=list(years))
        .exclude(code__in=COMMENDATION_FORMS)
        .select_related("person")
        .order_by("year", "code", "person__sort_key")
    )
    grouped: dict[tuple[int, str], list[str]] = {}
    for award in member_awards:
        grouped.setdefault((award.year, award.code), []).append(award.person.full_name)
    for (award_year, code), names in grouped.items():
        members_titles.append({
            "year": str(award_year), "title": NAMES.get(code, code), "count": str(len(names)),
            "names": ", ".join(names),
        })  # fmt: skip
    head = principal(organization)
    name = report.subject_name
    return {
        "collective": True,
        **report_head(report, organization, layout, years, day),
        "bio": [
            ["Tên tập thể (ghi đầy đủ, không viết tắt)", name],
            ["Thuộc", organization.name if unit is not None else organization.parent_body],
            ["Loại đơn vị", unit.get_kind_display() if unit is not None else "Cơ quan"],
            ["Số cán bộ, viên chức hiện có", str(len(member_pks))],
            ["Địa chỉ, năm thành lập, cơ sở vật chất", BLANK],
        ],
        "duties": BLANK,
        "grades": grade_rows(grades, years),
        "members_titles": members_titles,
        "initiatives": [],
        "research": [],
        "works": [],
        "trainings": [],
        "titles_held": award_rows(None, years, forms=False, awards=own),
        "forms_held": award_rows(None, years, forms=True, awards=own),
        "discipline": "",
        "name": name,
        **head_lines(head),
        # The collective's own head reports: the unit's head, or the organisation's principal.
        "person_name": (
            unit_head_name(unit) if unit is not None else (head.display_name if head else "")
        ),
        "reporter": "THỦ TRƯỞNG TẬP THỂ",
        # Shown beside the download, never printed on the report (it is the office's paper).
        "note": COLLECTIVE_NOTE,
    }


def build_achievement_report_context(report: AchievementReport, layout: str | None = None) -> dict:
    """Return everything the report shows, as plain text; DOCX and PDF both read it."""
    if report.collective:
        return build_collective_report_context(report, layout)
    person, year, title = report.person, report.year, report.title
    organization = person.organization
    years = period_of(title, year, organization)
    day = report_day(report)
    unit = Assignment.objects.current().filter(person=person).select_related("unit").first()
    unit_name = unit.unit.name if unit else ""
    grades = dict(
        YearGrade.objects.verified().filter(person=person, year__in=list(years))
        .values_list("year", "grade")
    )  # fmt: skip
    initiatives = [
        {"title": i.title, "year": str(i.year), "level": LEVELS.get(i.level, i.level),
         "decision": decision_text(i.decision_number, i.decided_on, i.recognized_by),
         "scope": i.scope}
        for i in Initiative.objects.verified()
        .filter(authors=person, year__in=list(years)).order_by("year", "title")
    ]  # fmt: skip
    research = [
        {"title": r.title, "kind": r.get_kind_display(), "level": LEVELS.get(r.level, r.level),
         "role": m.get_role_display(),
         "accepted": "nghiệm thu ngày {:%d/%m/%Y}, kết quả {}".format(
             r.accepted_on, r.get_result_display().lower()) if r.accepted_on else "chưa nghiệm thu"}
        for m in person.research_memberships.select_related("research")
        .filter(research__verification="verified")
        .order_by("research__started_year", "research__title")
        for r in [m.research] if set(r.years()) & set(years)
    ]  # fmt: skip
    works = [
        {"title": w.title, "kind": w.get_kind_display(), "year": str(w.year), "venue": w.venue}
        for w in Work.objects.verified().filter(authors=person, year__in=list(years))
        .order_by("year", "title")
    ]  # fmt: skip
    trainings = [
        {"kind": t.get_kind_display(), "program": t.program, "institution": t.institution,
         "result": t.get_result_display()}
        for t in Training.objects.verified().filter(person=person).order_by("started_on")
        if set(t.years()) & set(years)
    ]  # fmt: skip
    disciplines = [
        "{} (Quyết định số {} ngày {:%d/%m/%Y})".format(
            d.get_form_display(), d.decision_number or BLANK, d.decided_on)
        for d in Discipline.objects.verified().filter(
            person=person, decided_on__year__in=list(years)).order_by("decided_on")
    ]  # fmt: skip
    head = principal(organization)
    birth = person.birth_date.strftime("%d/%m/%Y") if person.birth_date else BLANK
    roles = (
        person.position,
        "Đảng viên" if person.party_member else "",
        "Đoàn viên công đoàn" if person.union_member else "",
    )
    position = ", ".join(x for x in roles if x)
    return {
        "collective": False,
        "members_titles": [],
        "reporter": "NGƯỜI BÁO CÁO THÀNH TÍCH",
        **report_head(report, organization, layout, years, day),
        "bio": [
            ["Họ tên (ghi đầy đủ bằng chữ in thường, không viết tắt)", person.full_name],
            ["Sinh ngày, tháng, năm", birth],
            ["Giới tính", person.get_gender_display()],
            ["Quê quán", BLANK],
            ["Trú quán", BLANK],
            ["Đơn vị công tác", ", ".join(x for x in (unit_name, organization.name) if x)],
            ["Chức vụ (Đảng, chính quyền, đoàn thể)", position or BLANK],
            ["Trình độ chuyên môn, nghiệp vụ", BLANK],
            ["Học hàm, học vị, danh hiệu, giải thưởng", person.academic_title or BLANK],
        ],
        "duties": "{}, {}. {}".format(
            person.get_category_display(), unit_name or organization.name, BLANK
        ),  # fmt: skip
        "grades": grade_rows(grades, years),
        "initiatives": initiatives,
        "research": research,
        "works": works,
        "trainings": trainings,
        "titles_held": award_rows(person, years, forms=False),
        "forms_held": award_rows(person, years, forms=True),
        "discipline": "; ".join(disciplines) if disciplines else "Không",
        "name": person.full_name,
        **head_lines(head),
        "person_name": person.display_name,
        "note": PERSON_NOTE,
    }


def find_report(organization, year: int | None, *, person: str | None = None,
                title: str | None = None) -> AchievementReport:  # fmt: skip
    """Return the report of a staff member (by staff code) for a title and year."""
    if year is None:
        raise DocumentError("Cần năm của báo cáo thành tích (--year).")
    if not person:
        raise DocumentError("Cần mã cán bộ (--person).")
    if not title:
        raise DocumentError("Cần mã danh hiệu (--title), ví dụ CSTD_TINH.")
    if title not in rules.PERSON_TITLES:
        raise DocumentError(
            "“{}” không phải danh hiệu, hình thức cá nhân. Dùng: {}.".format(
                title, ", ".join(rules.PERSON_TITLES))
        )  # fmt: skip
    found = Person.objects.filter(organization=organization, staff_code=text.clean(person)).first()
    if found is None:
        raise DocumentError("{} không có cán bộ mã “{}”.".format(organization.name, person))
    entry = (
        ProposalEntry.objects.filter(person=found, title=title, proposal__year=year)
        .select_related("proposal")
        .order_by("-proposal__number")
        .first()
    )
    return AchievementReport(person=found, year=year, title=title, entry=entry)


def report_for_entry(entry: ProposalEntry) -> AchievementReport:
    """The report of a proposal's nominee: a person's, a unit's or the organisation's."""
    return AchievementReport(
        person=entry.person, year=entry.proposal.year, title=entry.title, entry=entry,
        unit=entry.unit, organization=entry.proposal.organization,
    )  # fmt: skip


def report_filename(report: AchievementReport) -> str:
    """Return "BCTT-CSTD_TINH-2022-Nguyen-Van-Dat", ASCII only."""
    return formatting.ascii_filename(
        "BCTT-{}-{}-{}".format(report.title.replace("_", "-"), report.year,
                               report.subject_name)
    )  # fmt: skip


ACHIEVEMENT_REPORT = register(
    DocumentKind(
        name="achievement_report",
        label="báo cáo thành tích",
        build_context=build_achievement_report_context,
        docx_template=lambda context: "achievement_report_{}.docx".format(context["layout"]),
        html_template="documents/achievement_report.html",
        find=find_report,
        filename=report_filename,
        options=("person", "title"),
        overridable=True,
    )
)
