"""Spreadsheets of the evidence added for registration: research, works, training, union scores,
units' grades and initiatives' scope; exports with filters; the commands with the new kinds.

Helpers (and the `snapshot()` that proves a refused file leaves no trace) are the ones of
test_spreadsheets.py.
"""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import make_person
from tests.integration.test_spreadsheets import (
    fill_template,
    give_staff_codes,
    headers,
    read_back,
    refused,
    round_trip,
    same,
    snapshot,
    xlsx,
)
from thidua.evidence.models import (
    Initiative,
    Research,
    Training,
    UnionScore,
    Verification,
    Work,
    YearClosure,
    YearGrade,
)
from thidua.organization.models import Unit, UnitKind
from thidua.spreadsheets.engine import ImportRefused, run_import
from thidua.spreadsheets.kinds import (
    KINDS,
    export_bytes,
    export_queryset_bytes,
)

NEW_KINDS = ["unit_grades", "research", "works", "training", "union_scores"]


@pytest.fixture(name="coded")
def coded_fixture(people):
    return give_staff_codes(people)


@pytest.fixture
def outsider_code(personas):
    """Give the other organisation's person a staff code, for rows that name them."""
    person = personas["outsider"].person
    person.staff_code = "77777"
    person.save()
    return person.staff_code


def imported(kind, rows, org, user=None):
    return run_import(KINDS[kind], fill_template(kind, rows), organization=org, user=user)


def test_kind_names():
    assert list(KINDS) == [
        "staff", "units", "grades", "unit_grades", "initiatives", "research", "works",
        "training", "union_scores", "discipline", "leave", "awards",
    ]  # fmt: skip


# Round trips: template → fill → import → export gives the same rows ---------------------------


def test_round_trip_research(coded, people, personas, org):
    rows = [
        ("Đổi mới giảng dạy lý luận", "Đề tài khoa học", "Cấp tỉnh/bộ", 2021, date(2022, 6, 30),
         "Xuất sắc", coded["head"], "{}; {}".format(coded["staff"], coded["dat"])),
        ("Đề án bồi dưỡng cán bộ cơ sở", "Đề án", "Cấp cơ sở", 2022, None, None, None,
         coded["other"]),
    ]  # fmt: skip
    assert round_trip("research", rows, org, personas["secretary"]) == same(rows)
    research = Research.objects.get(title="Đổi mới giảng dạy lý luận")
    assert (research.kind, research.level, research.result) == ("de_tai", "tinh", "xuat_sac")
    assert research.verification == Verification.VERIFIED
    roles = {m.person: m.role for m in research.memberships.all()}
    assert roles == {people["head"]: "lead", people["staff"]: "member", people["dat"]: "member"}


def test_round_trip_works(coded, personas, org):
    rows = [
        ("Học tập và làm theo tư tưởng Hồ Chí Minh", "Bài báo, bài viết",
         "Thông tin Lý luận và Thực tiễn, số 3", 2022,
         "{}; {}".format(coded["dat"], coded["staff"])),
        ("Giáo trình Xây dựng Đảng", "Giáo trình, tài liệu", None, 2022, coded["head"]),
    ]  # fmt: skip
    assert round_trip("works", rows, org, personas["secretary"]) == same(rows)
    work = Work.objects.get(kind="article")
    assert work.authorships.count() == 2


def test_round_trip_training(coded, personas, org):
    rows = [
        (coded["staff"], "Trần Thị Hoa", "Cao cấp lý luận chính trị", "Hệ tập trung",
         "Học viện Chính trị khu vực I", date(2021, 9, 1), date(2022, 6, 30), "Có", "Giỏi"),
        (coded["dat"], "Nguyễn Văn Đạt", "Nghiên cứu sinh (tiến sĩ)", None, None,
         date(2022, 10, 1), None, "Không", None),
    ]  # fmt: skip
    assert round_trip("training", rows, org, personas["secretary"]) == same(rows)
    training = Training.objects.get(person__staff_code=coded["staff"])
    assert training.full_time and training.result == "gioi" and training.kind == "political_theory"


def test_round_trip_union_scores(coded, personas, org):
    rows = [
        (coded["staff"], "Trần Thị Hoa", 2022, 85.5),
        (coded["other"], "Phạm Thị Lan", 2022, 90),
    ]
    assert round_trip("union_scores", rows, org, personas["secretary"]) == same(rows)
    assert UnionScore.objects.get(person__staff_code=coded["staff"]).score == Decimal("85.5")


def test_round_trip_unit_grades(units, personas, org):
    rows = [("Khoa Xây dựng Đảng", 2022, "HTXS"), ("Khoa Dân vận", 2022, "HTT")]
    assert round_trip("unit_grades", rows, org, personas["secretary"]) == same(rows)
    grade = YearGrade.objects.get(unit=units["a"])
    assert grade.person is None and grade.verification == Verification.VERIFIED
    # The people's grades and the units' are apart: the people's export has none of these.
    assert read_back(export_bytes(KINDS["grades"], org, 2022))[1] == []


def test_union_score_with_a_decimal_comma(coded, org):
    run_import(
        KINDS["union_scores"], xlsx([headers("union_scores"), [coded["staff"], "", 2022, "92,5"]]),
        organization=org,
    )  # fmt: skip
    assert UnionScore.objects.get().score == Decimal("92.5")


def test_choices_may_be_written_as_codes_read_by_a_person(coded, org):
    run_import(
        KINDS["research"],
        xlsx([headers("research"), ["Đề tài A", "de tai", "co so", 2022, "", "", coded["head"]]]),
        organization=org,
    )
    assert Research.objects.get().level == "co_so"
    # "Cấp tỉnh", as offices type it, is the level the list names "Cấp tỉnh/bộ".
    run_import(
        KINDS["research"],
        xlsx([headers("research"), ["Đề tài B", "Đề tài khoa học", "Cấp tỉnh", 2022, "", "",
                                    coded["head"]]]),
        organization=org,
    )
    assert Research.objects.get(title="Đề tài B").level == "tinh"


# Updates by re-import --------------------------------------------------------------------------


def test_research_reimported_replaces_its_people_and_updates_acceptance(
    coded, people, personas, org
):
    user = personas["secretary"]
    first = [("Đề tài A", "Đề tài khoa học", "Cấp cơ sở", 2022, None, None, coded["head"],
              "{}; {}".format(coded["staff"], coded["dat"]))]  # fmt: skip
    imported("research", first, org, user)
    # The title is matched folded (case and accents), the team is the file's.
    second = [("ĐỀ TÀI A", "Đề tài khoa học", "Cấp cơ sở", 2022, date(2022, 12, 1), "Đạt",
               coded["dat"], coded["staff"])]  # fmt: skip
    result = imported("research", second, org, user)
    assert (result.created, result.updated) == (0, 1)
    research = Research.objects.get()
    assert research.title == "ĐỀ TÀI A" and research.result == "dat"
    roles = {m.person: m.role for m in research.memberships.all()}
    assert roles == {people["dat"]: "lead", people["staff"]: "member"}


def test_works_key_is_title_year_kind_and_authors(coded, personas, org):
    user = personas["secretary"]
    imported("works", [("Bài A", "Bài báo, bài viết", "Tạp chí 1", 2022, coded["dat"])], org, user)
    imported("works", [("bài a", "Bài báo, bài viết", "Tạp chí 2", 2022, coded["dat"])], org, user)
    imported("works", [("Bài A", "Bài giảng", None, 2022, coded["dat"])], org, user)
    # The same lecture by another lecturer is another record, as the demo school keeps them.
    imported("works", [("Bài A", "Bài giảng", "Lớp B", 2022, coded["staff"])], org, user)
    assert sorted(Work.objects.values_list("kind", "venue")) == [
        ("article", "Tạp chí 2"),
        ("lecture", ""),
        ("lecture", "Lớp B"),
    ]
    authors = "{}; {}".format(coded["staff"], coded["dat"])
    imported("works", [("Bài B", "Giáo trình, tài liệu", None, 2022, authors)], org, user)
    reordered = "{}; {}".format(coded["dat"], coded["staff"])
    result = imported(
        "works", [("Bài B", "Giáo trình, tài liệu", "NXB", 2022, reordered)], org, user
    )
    assert (result.created, result.updated) == (0, 1)
    assert Work.objects.get(title="Bài B").venue == "NXB"


def test_training_and_union_scores_update_by_key(coded, people, personas, org):
    user = personas["secretary"]
    imported("training", [(coded["dat"], "", "Cao học (thạc sĩ)", "", "", date(2021, 9, 1),
                           None, "", "")], org, user)  # fmt: skip
    result = imported("training", [(coded["dat"], "", "master", "Luật", "", "01/09/2021",
                                    "30/06/2023", "x", "Khá")], org, user)  # fmt: skip
    assert (result.created, result.updated) == (0, 1)
    training = Training.objects.get()
    assert (training.program, training.ended_on, training.full_time, training.result) == (
        "Luật",
        date(2023, 6, 30),
        True,
        "kha",
    )
    imported("union_scores", [(coded["staff"], "", 2022, 70)], org, user)
    result = imported("union_scores", [(coded["staff"], "", 2022, 75.5)], org, user)
    assert (result.created, result.updated) == (0, 1)
    assert UnionScore.objects.get().score == Decimal("75.5")


def test_initiative_file_without_scope_keeps_the_stored_scope(coded, personas, org):
    user = personas["secretary"]
    authors = "{}:100".format(coded["dat"])
    imported("initiatives", [("Giải pháp A", 2022, "Cấp cơ sở", "", "", "", authors,
                              "Toàn trường")], org, user)  # fmt: skip
    old_headers = [h for h in headers("initiatives") if h != "Phạm vi ảnh hưởng"]
    data = xlsx([old_headers, ["Giải pháp A", 2022, "Cấp tỉnh", "", "", "", authors]])
    result = run_import(KINDS["initiatives"], data, organization=org, user=user)
    assert (result.created, result.updated) == (0, 1)
    initiative = Initiative.objects.get()
    assert (initiative.level, initiative.scope) == ("tinh", "Toàn trường")


@pytest.mark.parametrize("kind", ["research", "training", "unit_grades"])
def test_imported_by_others_is_only_proposed(kind, coded, units, personas, org):
    rows = {
        "research": [("Đề tài A", "Đề án", "Cấp cơ sở", 2022, None, None, coded["staff"], None)],
        "training": [(coded["staff"], "", "Bồi dưỡng, tập huấn", "", "", date(2022, 3, 1),
                      date(2022, 3, 5), "", "")],
        "unit_grades": [("Khoa Dân vận", 2022, "HTT")],
    }[kind]  # fmt: skip
    imported(kind, rows, org, personas["staff"])
    model = KINDS[kind].model
    assert list(model.objects.values_list("verification", flat=True)) == [Verification.PROPOSED]


def test_dry_run_of_a_team_kind_counts_and_writes_nothing(coded, personas, org):
    imported("works", [("Bài A", "Bài báo, bài viết", "", 2022, coded["dat"])], org)
    before = snapshot()
    data = fill_template(
        "works",
        [("Bài A", "Bài báo, bài viết", "Tạp chí", 2022, coded["dat"]),
         ("Bài B", "Bài giảng", "", 2022, coded["staff"])],
    )  # fmt: skip
    result = run_import(KINDS["works"], data, organization=org, dry_run=True)
    assert (result.rows, result.created, result.updated) == (2, 1, 1)
    assert snapshot() == before


# Bad input: a clear message, and the database unchanged ---------------------------------------

RESEARCH = headers("research")

BAD_FILES = {
    "research: missing header": (
        "research",
        [[h for h in RESEARCH if h != "Cấp"], ["Đề tài", "Đề án", 2022, "", "", "00102", ""]],
        "dòng 1: thiếu cột «Cấp».",
    ),
    "research: a role that does not exist": (
        "research",
        [[*RESEARCH, "Thư ký"],
         ["Đề tài", "Đề án", "Cấp tỉnh", 2022, "", "", "00102", "", "00101"]],
        "dòng 1, cột I: tiêu đề «Thư ký» không có trong mẫu.",
    ),
    "research: wrong type": (
        "research",
        [RESEARCH, ["Đề tài", "Đề án", "Cấp tỉnh", "năm ngoái", "", "", "00102", ""]],
        "dòng 2, cột D (Năm bắt đầu): phải là số nguyên.",
    ),
    "research: level that does not exist": (
        "research",
        [RESEARCH, ["Đề tài", "Đề án", "Quốc tế", 2022, "", "", "00102", ""]],
        "dòng 2, cột C (Cấp): «Quốc tế» không có; dùng một trong: Cấp cơ sở, Cấp tỉnh/bộ, "
        "Toàn quốc",
    ),
    "research: kind that does not exist": (
        "research",
        [RESEARCH, ["Đề tài", "Dự án", "Cấp tỉnh", 2022, "", "", "00102", ""]],
        "dòng 2, cột B (Loại): «Dự án» không có; dùng một trong: Đề tài khoa học, Đề án",
    ),
    "research: result that does not exist": (
        "research",
        [RESEARCH, ["Đề tài", "Đề án", "Cấp tỉnh", 2022, date(2022, 5, 1), "Giỏi", "00102", ""]],
        "dòng 2, cột F (Kết quả nghiệm thu): «Giỏi» không có; dùng một trong: Xuất sắc, Khá, Đạt, "
        "Không đạt",
    ),
    "research: acceptance date without result": (
        "research",
        [RESEARCH, ["Đề tài", "Đề án", "Cấp tỉnh", 2022, "15/12/2022", "", "00102", ""]],
        "dòng 2, cột E (Ngày nghiệm thu): có ngày nghiệm thu nhưng thiếu kết quả nghiệm thu; ghi "
        "cả hai hoặc để trống cả hai.",
    ),
    "research: result without acceptance date": (
        "research",
        [RESEARCH, ["Đề tài", "Đề án", "Cấp tỉnh", 2022, "", "Đạt", "00102", ""]],
        "dòng 2, cột F (Kết quả nghiệm thu): có kết quả nghiệm thu nhưng thiếu ngày nghiệm thu; "
        "ghi cả hai hoặc để trống cả hai.",
    ),
    "research: accepted before it started": (
        "research",
        [RESEARCH, ["Đề tài", "Đề án", "Cấp tỉnh", 2022, "15/12/2021", "Đạt", "00102", ""]],
        "dòng 2, cột E (Ngày nghiệm thu): ngày nghiệm thu trước năm bắt đầu (2022).",
    ),
    "research: impossible date": (
        "research",
        [RESEARCH, ["Đề tài", "Đề án", "Cấp tỉnh", 2022, "31/02/2022", "Đạt", "00102", ""]],
        "dòng 2, cột E (Ngày nghiệm thu): ngày không hợp lệ; ghi theo dạng dd/mm/yyyy",
    ),
    "research: unknown person": (
        "research",
        [RESEARCH, ["Đề tài", "Đề án", "Cấp tỉnh", 2022, "", "", "00102", "00101; 00999"]],
        "dòng 2, cột H (Thành viên): không có cán bộ mã «00999» trong TCTTN.",
    ),
    "research: nobody": (
        "research",
        [RESEARCH, ["Đề tài", "Đề án", "Cấp tỉnh", 2022, "", "", "", ""]],
        "dòng 2, cột G (Chủ nhiệm): cần ít nhất một cán bộ, ở cột Chủ nhiệm hoặc Thành viên",
    ),
    "research: lead also a member": (
        "research",
        [RESEARCH, ["Đề tài", "Đề án", "Cấp tỉnh", 2022, "", "", "00102", "00101; 00102"]],
        "dòng 2, cột H (Thành viên): cán bộ «00102» ghi hai lần.",
    ),
    "research: duplicate rows (same title folded, same year)": (
        "research",
        [RESEARCH, ["Đề tài A", "Đề án", "Cấp tỉnh", 2022, "", "", "00102", ""],
         ["ĐỀ TÀI a", "Đề tài khoa học", "Cấp cơ sở", 2022, "", "", "00101", ""]],
        "dòng 3: trùng với dòng 2 (cùng tên và năm bắt đầu).",
    ),
    "works: another organisation's author": (
        "works",
        [headers("works"), ["Bài A", "Bài báo, bài viết", "", 2022, "00101; 77777"]],
        "dòng 2, cột E (Tác giả): cán bộ mã «77777» thuộc cơ quan khác, không nhập được vào "
        "TCTTN.",
    ),
    "works: kind that does not exist": (
        "works",
        [headers("works"), ["Bài A", "Sách", "", 2022, "00101"]],
        "dòng 2, cột B (Loại): «Sách» không có; dùng một trong: Bài báo, bài viết, Giáo trình, "
        "tài liệu, Bài giảng",
    ),
    "works: no author": (
        "works",
        [headers("works"), ["Bài A", "Bài giảng", "", 2022, ""]],
        "dòng 2, cột E (Tác giả): cần ít nhất một tác giả",
    ),
    "works: duplicate rows": (
        "works",
        [headers("works"), ["Bài A", "Bài giảng", "", 2022, "00101; 00103"],
         ["bài a", "lecture", "Lớp K1", 2022, "00103; 00101"]],
        "dòng 3: trùng với dòng 2 (cùng tên, năm, loại và tác giả).",
    ),
    "training: impossible date": (
        "training",
        [headers("training"),
         ["00101", "", "Bồi dưỡng, tập huấn", "", "", "31/02/2022", "", "", ""]],
        "dòng 2, cột F (Từ ngày): ngày không hợp lệ; ghi theo dạng dd/mm/yyyy (ví dụ 31/12/2022).",
    ),
    "training: kind that does not exist": (
        "training",
        [headers("training"), ["00101", "", "Trung cấp", "", "", "01/02/2022", "", "", ""]],
        "dòng 2, cột C (Loại): «Trung cấp» không có",
    ),
    "training: result that does not exist": (
        "training",
        [headers("training"), ["00101", "", "course", "", "", "01/02/2022", "", "", "Tốt"]],
        "dòng 2, cột I (Kết quả): «Tốt» không có; dùng một trong: Xuất sắc, Giỏi, Khá, Trung "
        "bình, Yếu",
    ),
    "training: ends before it starts": (
        "training",
        [headers("training"), ["00101", "", "course", "", "", "01/02/2022", "01/01/2022", "", ""]],
        "dòng 2, cột G (Đến ngày): ngày kết thúc phải sau ngày bắt đầu.",
    ),
    "training: full time neither yes nor no": (
        "training",
        [headers("training"), ["00101", "", "course", "", "", "01/02/2022", "", "cả tuần", ""]],
        "dòng 2, cột H (Học tập trung): ghi «Có» hoặc «Không», không phải «cả tuần»",
    ),
    "union scores: out of range": (
        "union_scores",
        [headers("union_scores"), ["00101", "", 2022, 1200]],
        "dòng 2, cột D (Điểm): điểm 1200 nằm ngoài khoảng 0–1000.",
    ),
    "union scores: negative": (
        "union_scores",
        [headers("union_scores"), ["00101", "", 2022, -5]],
        "dòng 2, cột D (Điểm): điểm -5 nằm ngoài khoảng 0–1000.",
    ),
    "union scores: two decimals": (
        "union_scores",
        [headers("union_scores"), ["00101", "", 2022, 85.25]],
        "dòng 2, cột D (Điểm): chỉ được 1 chữ số sau dấu phẩy.",
    ),
    "union scores: not a number": (
        "union_scores",
        [headers("union_scores"), ["00101", "", 2022, "tám mươi"]],
        "dòng 2, cột D (Điểm): phải là số.",
    ),
    "union scores: a date": (
        "union_scores",
        [headers("union_scores"), ["00101", "", 2022, date(2022, 1, 1)]],
        "dòng 2, cột D (Điểm): phải là số, không phải ngày",
    ),
    "union scores: duplicate rows": (
        "union_scores",
        [headers("union_scores"), ["00101", "", 2022, 80], ["00101", "", 2022, 90]],
        "dòng 3: trùng với dòng 2 (cùng cán bộ và năm).",
    ),
    "union scores: another organisation's person": (
        "union_scores",
        [headers("union_scores"), ["77777", "", 2022, 80]],
        "dòng 2, cột A (Mã cán bộ): cán bộ mã «77777» thuộc cơ quan khác",
    ),
    "unit grades: unknown unit": (
        "unit_grades",
        [headers("unit_grades"), ["Khoa Không Có", 2022, "HTT"]],
        "dòng 2, cột A (Đơn vị): không có đơn vị «Khoa Không Có» trong TCTTN.",
    ),
    "unit grades: another organisation's unit": (
        "unit_grades",
        [headers("unit_grades"), ["Khoa Khác", 2022, "HTT"]],
        "dòng 2, cột A (Đơn vị): không có đơn vị «Khoa Khác» trong TCTTN.",
    ),
    "unit grades: duplicate rows": (
        "unit_grades",
        [headers("unit_grades"), ["Khoa Dân vận", 2022, "HTT"], ["khoa dan van", 2022, "HTXS"]],
        "dòng 3: trùng với dòng 2 (cùng đơn vị và năm).",
    ),
    "unit grades: grade that does not exist": (
        "unit_grades",
        [headers("unit_grades"), ["Khoa Dân vận", 2022, "Tốt"]],
        "dòng 2, cột C (Xếp loại): «Tốt» không có",
    ),
    "unit grades: wrong header": (
        "unit_grades",
        [["Tên đơn vị", "Năm", "Xếp loại"], ["Khoa Dân vận", 2022, "HTT"]],
        "dòng 1, cột A: tiêu đề «Tên đơn vị» không có trong mẫu.",
    ),
    "initiatives: scope column twice": (
        "initiatives",
        [[*headers("initiatives"), "Phạm vi ảnh hưởng"],
         ["A", 2022, "co_so", "", "", "", "00101", "Khoa", "Trường"]],
        "dòng 1, cột I: tiêu đề «Phạm vi ảnh hưởng» bị lặp.",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_without_a_trace(case, coded, outsider_code, personas, org):
    kind, rows, expected = BAD_FILES[case]
    errors = refused(kind, xlsx(rows), org, personas["secretary"])
    assert any(expected in error for error in errors), errors


def test_stored_records_sharing_a_key_are_named_not_guessed(coded, personas, org):
    for _ in range(2):
        Research.objects.create(
            organization=org, title="Đề tài A", level="co_so", started_year=2022
        )
    data = xlsx([RESEARCH, ["Đề tài A", "Đề án", "Cấp tỉnh", 2022, "", "", coded["head"], ""]])
    errors = refused("research", data, org, personas["secretary"])
    assert errors == [
        "dòng 2: đã có 2 bản ghi cùng tên và năm bắt đầu; hãy sửa trên màn hình cho khác nhau rồi "
        "nhập lại."
    ]


# Export with filters ------------------------------------------------------------------------------


@pytest.fixture
def team(org, units, people, coded):
    """A group below Khoa Xây dựng Đảng with one person, to show a unit's filter reaches down."""
    group = Unit.objects.create(
        organization=org, name="Tổ Lý luận", kind=UnitKind.OTHER, parent=units["a"]
    )
    member = make_person(org, group, "Đinh Văn", "Tú", staff_code="00106")
    return {"group": group, "member": member}


def exported_rows(kind, org, **filters):
    return read_back(export_bytes(KINDS[kind], org, 2022, **filters))[1]


def test_grades_export_by_unit_and_state(coded, people, units, team, org):
    def grade(person, verification):
        YearGrade.objects.create(
            organization=org, person=person, year=2022, grade="HTT", verification=verification
        )

    grade(people["staff"], Verification.VERIFIED)
    grade(people["dat"], Verification.PROPOSED)
    grade(team["member"], Verification.VERIFIED)
    grade(people["other"], Verification.VERIFIED)

    def codes(rows):
        return sorted(r[0] for r in rows)

    assert codes(exported_rows("grades", org)) == ["00101", "00103", "00104", "00106"]
    assert codes(exported_rows("grades", org, unit=units["a"])) == ["00101", "00103", "00106"]
    assert codes(exported_rows("grades", org, unit=team["group"])) == ["00106"]
    assert codes(exported_rows("grades", org, state="verified")) == ["00101", "00104", "00106"]
    assert codes(exported_rows("grades", org, unit=units["a"], state="proposed")) == ["00103"]
    assert exported_rows("grades", org, unit=units["office"]) == []


def test_team_export_by_unit_lists_each_record_once_with_all_its_people(
    coded, people, units, team, personas, org
):
    rows = [
        ("Đề tài chung", "Đề án", "Cấp tỉnh/bộ", 2022, None, None, coded["other"],
         "{}; {}".format(coded["staff"], coded["dat"])),
        ("Đề tài khoa B", "Đề án", "Cấp cơ sở", 2022, None, None, coded["other"], None),
    ]  # fmt: skip
    imported("research", rows, org, personas["secretary"])
    assert exported_rows("research", org, unit=units["a"]) == [rows[0]]
    assert sorted(exported_rows("research", org, unit=units["b"])) == sorted(rows)
    assert exported_rows("research", org, state="proposed") == []


def test_unit_grades_export_by_unit_reaches_the_units_below(units, team, org):
    for unit in (units["a"], team["group"], units["b"]):
        YearGrade.objects.create(organization=org, unit=unit, year=2022, grade="HTT")
    assert sorted(r[0] for r in exported_rows("unit_grades", org, unit=units["a"])) == [
        "Khoa Xây dựng Đảng",
        "Tổ Lý luận",
    ]


def test_staff_and_units_export_by_unit(coded, units, team, org):
    staff = exported_rows("staff", org, unit=units["a"])
    assert sorted(r[0] for r in staff) == ["00101", "00102", "00103", "00106"]
    assert [r[0] for r in exported_rows("units", org, unit=units["a"])] == [
        "Khoa Xây dựng Đảng",
        "Tổ Lý luận",
    ]


def test_state_filter_is_refused_where_there_is_no_state(org):
    with pytest.raises(ImportRefused, match="không có trạng thái xác nhận"):
        export_bytes(KINDS["staff"], org, 2022, state="verified")
    with pytest.raises(ImportRefused, match="Trạng thái «ok» không có"):
        export_bytes(KINDS["grades"], org, 2022, state="ok")


def test_export_queryset_bytes_writes_the_given_rows_of_the_organisation(
    coded, people, personas, org
):
    rows = [
        ("Bài A", "Bài báo, bài viết", "Tạp chí", 2022, coded["dat"]),
        ("Bài B", "Bài giảng", None, 2021, coded["staff"]),
    ]
    imported("works", rows, org, personas["secretary"])
    elsewhere = personas["outsider"].organization
    Work.objects.create(organization=elsewhere, title="Bài nơi khác", kind="article", year=2022)
    data = export_queryset_bytes("works", org, Work.objects.filter(kind="lecture"))
    assert read_back(data) == (tuple(headers("works")), [rows[1]])
    # A screen's list in its own order, never another organisation's record.
    data = export_queryset_bytes("works", org, Work.objects.order_by("-year"))
    assert read_back(data)[1] == [rows[0], rows[1]]
    # The file re-imports as it is: nothing changes.
    before = snapshot()
    result = run_import(KINDS["works"], data, organization=org, user=personas["secretary"])
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert snapshot() == before  # not even an audit entry


def test_export_queryset_bytes_refuses_a_queryset_of_another_model(org):
    with pytest.raises(TypeError):
        export_queryset_bytes("works", org, Research.objects.all())
    with pytest.raises(ImportRefused, match="Loại dữ liệu «diem» không có"):
        export_queryset_bytes("diem", org, Work.objects.all())


def test_unit_grades_queryset_leaves_out_the_peoples_grades(coded, people, units, org):
    YearGrade.objects.create(organization=org, unit=units["b"], year=2022, grade="HTXS")
    YearGrade.objects.create(organization=org, person=people["dat"], year=2022, grade="HTT")
    data = export_queryset_bytes("unit_grades", org, YearGrade.objects.all())
    assert read_back(data)[1] == [("Khoa Dân vận", 2022, "HTXS")]


def test_research_of_a_year_runs_from_its_start_to_its_acceptance(coded, personas, org):
    rows = [
        ("Bắt đầu 2020, nghiệm thu 2022", "Đề án", "Cấp tỉnh", 2020, date(2022, 3, 1), "Đạt",
         coded["head"], None),
        ("Bắt đầu 2022", "Đề án", "Cấp tỉnh", 2022, None, None, coded["head"], None),
        ("Nghiệm thu 2021", "Đề án", "Cấp tỉnh", 2020, date(2021, 3, 1), "Đạt", coded["head"],
         None),
    ]  # fmt: skip
    imported("research", rows, org, personas["secretary"])
    assert sorted(r[0] for r in exported_rows("research", org)) == [
        "Bắt đầu 2020, nghiệm thu 2022",
        "Bắt đầu 2022",
    ]


# Commands ---------------------------------------------------------------------------------------


def test_import_command_with_a_new_kind(tmp_path, coded, personas, org):
    path = tmp_path / "de-tai.xlsx"
    path.write_bytes(
        fill_template("research", [("Đề tài A", "Đề án", "Cấp tỉnh", 2022, None, None,
                                    coded["head"], coded["dat"])])
    )  # fmt: skip
    out = io.StringIO()
    call_command("import_xlsx", "research", str(path), "--dry-run", "--user", "thuky", stdout=out)
    assert "Kiểm tra xong" in out.getvalue() and not Research.objects.exists()
    call_command("import_xlsx", "research", str(path), "--user", "thuky", stdout=out)
    assert "Đã nhập đề tài, đề án: 1 dòng — 1 thêm mới" in out.getvalue()
    assert Research.objects.get().verification == Verification.VERIFIED


def test_import_command_refuses_a_bad_new_kind_file(tmp_path, coded, personas, org):
    path = tmp_path / "diem.xlsx"
    path.write_bytes(xlsx([headers("union_scores"), [coded["staff"], "", 2022, 1001]]))
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("import_xlsx", "union_scores", str(path), "--organization", "TCTTN")
    assert "dòng 2, cột D (Điểm): điểm 1001 nằm ngoài khoảng 0–1000." in str(caught.value)
    assert snapshot() == before


def test_export_command_with_filters(tmp_path, coded, people, units, team, org):
    for person, verification in [
        (people["staff"], Verification.VERIFIED),
        (team["member"], Verification.PROPOSED),
        (people["other"], Verification.VERIFIED),
    ]:
        UnionScore.objects.create(
            organization=org, person=person, year=2022, score=80, verification=verification
        )
    output = tmp_path / "out.xlsx"
    out = io.StringIO()
    call_command(
        "export_xlsx", "union_scores", "--year", "2022", "--output", str(output),
        "--organization", "TCTTN", "--unit", "khoa xay dung dang", "--state", "verified",
        stdout=out,
    )  # fmt: skip
    assert read_back(output.read_bytes())[1] == [("00101", "Trần Thị Hoa", 2022, 80)]
    assert "đơn vị Khoa Xây dựng Đảng và cấp dưới, trạng thái Đã xác nhận" in out.getvalue()
    call_command(
        "export_xlsx", "union_scores", "--year", "2022", "--output", str(output),
        "--organization", "TCTTN", "--unit", "Tổ Lý luận", stdout=out,
    )  # fmt: skip
    assert read_back(output.read_bytes())[1] == [("00106", "Đinh Văn Tú", 2022, 80)]


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["grades", "--unit", "Khoa Ma"], "Đơn vị: không có đơn vị «Khoa Ma» trong TCTTN."),
        (["grades", "--state", "done"], "Trạng thái «done» không có; dùng một trong: proposed"),
        (["staff", "--state", "verified"], "không có trạng thái xác nhận"),
    ],
)
def test_export_command_refuses_bad_filters(tmp_path, org, units, arguments, message):
    output = tmp_path / "out.xlsx"
    with pytest.raises(CommandError, match=message):
        call_command(
            "export_xlsx", *arguments, "--year", "2022", "--output", str(output),
            "--organization", "TCTTN",
        )  # fmt: skip
    assert not output.exists()


# The page ---------------------------------------------------------------------------------------


def test_page_lists_the_new_kinds_and_their_templates_download(client, personas):
    client.force_login(personas["secretary"])
    body = client.get("/spreadsheets/").content.decode()
    for name in NEW_KINDS:
        kind = KINDS[name]
        assert "Mẫu {}".format(kind.label) in body
        assert '<option value="{}"'.format(name) in body
        response = client.get("/spreadsheets/template/{}.xlsx".format(name))
        assert response.status_code == 200
        assert read_back(response.content)[0] == tuple(headers(name))
    assert 'name="unit"' in body and 'name="state"' in body


def test_web_export_with_filters(client, coded, people, units, team, personas, org):
    YearGrade.objects.create(organization=org, person=people["staff"], year=2022, grade="HTT")
    YearGrade.objects.create(
        organization=org, person=team["member"], year=2022, grade="HTXS",
        verification=Verification.VERIFIED,
    )  # fmt: skip
    YearGrade.objects.create(organization=org, person=people["other"], year=2022, grade="HTT")
    client.force_login(personas["secretary"])
    response = client.get(
        "/spreadsheets/export/",
        {"kind": "grades", "year": 2022, "unit": units["a"].pk, "state": "verified"},
    )
    assert read_back(response.content)[1] == [("00106", "Đinh Văn Tú", 2022, "HTXS")]
    response = client.get("/spreadsheets/export/", {"kind": "grades", "year": 2022})
    assert len(read_back(response.content)[1]) == 3


def test_web_export_refuses_bad_filters(client, personas, units):
    client.force_login(personas["secretary"])
    response = client.get(
        "/spreadsheets/export/", {"kind": "staff", "year": 2022, "state": "verified"}, follow=True
    )
    assert "Không xuất được: Dữ liệu «cán bộ (kèm đơn vị)» không có trạng thái xác nhận." in (
        response.content.decode()
    )
    other_unit = Unit.objects.get(name="Khoa Khác")  # the outsider's organisation
    response = client.get(
        "/spreadsheets/export/",
        {"kind": "grades", "year": 2022, "unit": other_unit.pk},
        follow=True,
    )
    assert "Không xuất được: Đơn vị không có trong cơ quan." in response.content.decode()


# A closed year ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["grades", "research"])
def test_a_closed_year_is_imported_only_by_the_secretary(kind, coded, personas, org):
    YearClosure.objects.create(organization=org, year=2021, closed_by=personas["secretary"])
    rows = {
        "grades": [(coded["dat"], "", 2021, "HTT"), (coded["staff"], "", 2022, "HTT")],
        "research": [("Đề tài A", "Đề án", "Cấp tỉnh", 2020, date(2021, 5, 1), "Đạt",
                      coded["dat"], None),
                     ("Đề tài B", "Đề án", "Cấp tỉnh", 2022, None, None, coded["dat"], None)],
    }[kind]  # fmt: skip
    errors = refused(kind, fill_template(kind, rows), org, personas["unit_head"])
    assert errors == [
        "dòng 2: năm 2021 đã khóa minh chứng; chỉ Thường trực Hội đồng được nhập, sửa."
    ]
    result = imported(kind, rows, org, personas["secretary"])
    assert result.created == 2


# Who vouches for imported rows --------------------------------------------------------------


STAMP_ROWS = {
    "grades": lambda c: [(c["dat"], "", 2022, "HTT")],
    "works": lambda c: [("Bài A", "Bài giảng", None, 2022, c["dat"])],
}
CHANGED_ROWS = {
    "grades": lambda c: [(c["dat"], "", 2022, "HTXS")],
    "works": lambda c: [("Bài A", "Bài giảng", "Lớp K1", 2022, c["dat"])],
}


@pytest.mark.parametrize("kind", list(STAMP_ROWS))
def test_imports_record_who_proposed_and_who_verified(kind, coded, personas, org):
    model = KINDS[kind].model
    head, secretary = personas["unit_head"], personas["secretary"]
    imported(kind, STAMP_ROWS[kind](coded), org, head)
    record = model.objects.get()
    assert record.verification == Verification.PROPOSED
    assert (record.proposed_by, record.verified_by, record.verified_at) == (head, None, None)
    imported(kind, CHANGED_ROWS[kind](coded), org, secretary)
    record.refresh_from_db()
    assert record.verification == Verification.VERIFIED
    assert record.verified_by == secretary and record.verified_at is not None
    assert record.proposed_by == head
    vouched = record.verified_at
    result = imported(kind, CHANGED_ROWS[kind](coded), org, secretary)  # the same file again
    record.refresh_from_db()
    assert (result.updated, result.unchanged) == (0, 1) and record.verified_at == vouched


@pytest.mark.parametrize("kind", list(STAMP_ROWS))
def test_a_new_row_imported_by_the_secretary_is_verified_by_them(kind, coded, personas, org):
    imported(kind, STAMP_ROWS[kind](coded), org, personas["secretary"])
    record = KINDS[kind].model.objects.get()
    assert record.verified_by == personas["secretary"] and record.verified_at is not None
    assert record.proposed_by == personas["secretary"]


def test_export_year_defaults_to_the_latest_year_with_data(client, people, personas, org):
    from django.utils import timezone

    client.force_login(personas["secretary"])
    this_year = timezone.localdate().year
    form = client.get("/spreadsheets/").context["export_form"]
    assert form["year"].value() == this_year  # nothing yet: this year
    YearGrade.objects.create(organization=org, person=people["dat"], year=2021, grade="HTT")
    YearGrade.objects.create(organization=org, person=people["staff"], year=2022, grade="HTT")
    body = client.get("/spreadsheets/").content.decode()
    assert 'name="year" value="2022"' in body
    # Another organisation's later data does not count.
    other = personas["outsider"].person
    YearGrade.objects.create(organization=other.organization, person=other, year=2024, grade="HTT")
    assert client.get("/spreadsheets/").context["export_form"]["year"].value() == 2022
