"""The award decision's long annex, drawn apart (documents.annex_pdf) after the body WeasyPrint
renders: every name once, in order, with its row number and on one page with its position and
unit; the head row on every page; page numbers running on from the body's; text extractable; and
the same pages, lines and places as the all-WeasyPrint PDF of the same decision (issue 16)."""

import io
import re
from datetime import date

import pypdf
import pytest

from tests.helpers.documents import normalise
from thidua.decisions import documents as decision_documents
from thidua.decisions.models import Decision, DecisionEntry
from thidua.documents.annex_pdf import PAGE_HEIGHT, TOP
from thidua.documents.render import render
from thidua.organization.models import Assignment, Person

pytestmark = pytest.mark.django_db

FAMILY = ("Nguyễn Văn", "Trần Thị", "Lê Minh", "Phạm Thị Thu", "Hoàng Đức", "Võ Thị", "Đặng Quốc")
MIDDLE = ("Anh", "Bảo", "Cẩm", "Diệu", "Gia", "Hữu")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hoa")
# Positions long enough to wrap in their column (two and three lines).
LONG_POSITIONS = (
    "Phó Giám đốc Trung tâm Bồi dưỡng lý luận chính trị và nghiệp vụ công tác Đảng",
    "Phó Trưởng khoa Lý luận cơ sở, Bí thư Chi bộ, Chủ tịch Công đoàn bộ phận, kiêm Trưởng ban "
    "Thanh tra nhân dân của Trường",
)
LONG_NAME = ("Tôn Nữ Hoàng Thị Thanh Thủy Ngọc Bảo Châu Phương", "Lan")  # wraps in its column
PEOPLE = 300
SECOND = 24  # CSTĐCS for the first people: a second section, numbered from 1 again


def unique_name(index: int) -> tuple[str, str]:
    return "{} {}".format(FAMILY[index % 7], MIDDLE[index // 7 % 6]), GIVEN[index // 42]


@pytest.fixture
def long_decision(org, units, personas):
    """An issued decision of 300 LĐTT, 24 CSTĐCS and one collective (TTLĐTT): three sections."""
    people = []
    for index in range(PEOPLE):
        family, given = LONG_NAME if index == 130 else unique_name(index)
        position = LONG_POSITIONS[index % 2] if index % 37 == 5 or index == 130 else "Giảng viên"
        person = Person(organization=org, family_and_middle=family, given=given, gender="M",
                        category="lecturer", position=position, hired_on=date(2015, 9, 1),
                        staff_code="{:04d}".format(index))  # fmt: skip
        person.normalise()
        people.append(person)
    people = Person.objects.bulk_create(people)
    faculties = [units["a"], units["b"], units["office"]]
    Assignment.objects.bulk_create(
        Assignment(person=p, unit=faculties[i % 3], started_on=date(2015, 9, 1))
        for i, p in enumerate(people)
    )
    decision = Decision.objects.create(
        organization=org, year=2022, number=15, number_year=2022, symbol="QĐ/TCTTN",
        decided_on=date(2022, 12, 28), signer_name="TS Nguyễn Trọng Tứ",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng;", titles=["LDTT", "CSTD_CS", "TTLDTT"],
        state="issued", created_by=personas["secretary"], issued_by=personas["principal"],
    )  # fmt: skip
    entries = [DecisionEntry(decision=decision, person=p, title="LDTT", position=i)
               for i, p in enumerate(people, 1)]  # fmt: skip
    entries += [DecisionEntry(decision=decision, person=p, title="CSTD_CS", position=PEOPLE + i)
                for i, p in enumerate(people[:SECOND], 1)]  # fmt: skip
    entries.append(DecisionEntry(decision=decision, unit=units["b"], title="TTLDTT",
                                 position=PEOPLE + SECOND + 1))  # fmt: skip
    DecisionEntry.objects.bulk_create(entries)
    return decision


def runs(data: bytes) -> list[list[tuple[float, float, float, str]]]:
    """Each page's text as pypdf reads it: (x, y, font size, text) of each line it puts out."""
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        found = []

        def visit(text, cm, tm, font, size, found=found):
            if text.strip():
                found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * cm[0] * tm[0],
                              text.strip()))  # fmt: skip

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def drawn_apart(data: bytes) -> list[bool]:
    """Whether each page was drawn by documents.annex_pdf: its fonts are reportlab's subsets of
    the vendored faces, named by their PostScript names ("LiberationSerif-Bold"); WeasyPrint
    names the same faces by family ("Liberation-Serif-Bold")."""
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        names = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in fonts.values()}
        assert names, "a page without fonts"
        pages.append(all(name.startswith("LiberationSerif") for name in names))
    return pages


def page_texts(data: bytes) -> list[str]:
    return [normalise(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_a_long_annex_is_drawn_whole_in_order_one_row_on_one_page(long_decision):
    context = decision_documents.build_decision_context(long_decision)
    assert len(context["rows"]) > decision_documents.DRAWN_ANNEX_ROWS
    data = render(decision_documents.DECISION, long_decision, "pdf")
    assert data.startswith(b"%PDF-1.7\n")  # the body's version, as WeasyPrint writes it
    # The body is WeasyPrint's (page 1), the annex drawn apart.
    assert drawn_apart(data) == [False] + [True] * (len(drawn_apart(data)) - 1)
    texts = page_texts(data)
    assert "Điều 1." in texts[0] and "STT" not in texts[0]
    assert texts[1].startswith("DANH SÁCH Được tặng danh hiệu “Lao động tiên tiến”")

    expected = [
        (row["number"], row["name"], row["where"])
        for section in context["sections"]
        for row in section["rows"]
    ]
    assert len(expected) == PEOPLE + SECOND + 1
    assert any(row[1] == " ".join(LONG_NAME) for row in expected)
    page, offset = 1, 0
    for number, name, where in expected:
        line = " {} {} {} ".format(number, name, where)  # number, name and unit on one page
        # Each row after the one before it, on the same page or a later one.
        while page < len(texts) and texts[page].find(line, offset) < 0:
            page, offset = page + 1, 0
        assert page < len(texts), "not found in order: " + line
        offset = texts[page].find(line, offset) + 1
    # Every name once in the whole annex: the LĐTT list and the CSTĐCS list name the first 24
    # people twice, everyone else once.
    annex = " ".join(texts[1:])
    for index in range(PEOPLE):
        name = " ".join(LONG_NAME) if index == 130 else " ".join(unique_name(index))
        assert annex.count(" {} ".format(name)) == (2 if index < SECOND else 1), name
    assert texts[-1].endswith("Tổng số: 300 cá nhân và 1 tập thể {}".format(len(texts)))


def test_the_head_row_on_every_page_and_page_numbers_run_on(long_decision):
    data = render(decision_documents.DECISION, long_decision, "pdf")
    pages = runs(data)
    assert len(pages) >= 10
    top_margin = PAGE_HEIGHT - TOP
    for number, page in enumerate(pages, 1):
        numbers = [text for x, y, size, text in page if y > top_margin]
        # NĐ 30: no number on the first page, then each page's own in the top margin (centred
        # as WeasyPrint centres it: the comparison below checks the place).
        assert numbers == ([] if number == 1 else [str(number)]), number
        if number == 1:
            continue
        rows = [(y, text) for x, y, size, text in page if re.match(r"\d+ ", text) and size == 12]
        heads = [y for x, y, size, text in page if text.startswith("STT ")]
        if rows:
            # A page with rows opens its table with the head row, above its first row.
            assert heads and max(heads) > rows[0][0], number
    heads = sum(1 for page in pages for run in page if run[3].startswith("STT "))
    # Once per page of each section's table: at least one per annex page, once more per section
    # starting on a page the previous one already uses.
    assert heads >= len(pages) - 1


def test_the_drawn_annex_looks_as_weasyprint_prints_it(long_decision, monkeypatch):
    context = decision_documents.build_decision_context(long_decision)
    drawn = decision_documents.decision_pdf(context)
    monkeypatch.setattr(decision_documents, "DRAWN_ANNEX_ROWS", len(context["rows"]))
    printed = decision_documents.decision_pdf(context)
    assert not any(drawn_apart(printed)) and drawn_apart(drawn)[-1]
    drawn_pages, printed_pages = runs(drawn), runs(printed)
    assert len(drawn_pages) == len(printed_pages) >= 10
    for number, (ours, theirs) in enumerate(zip(drawn_pages, printed_pages, strict=True), 1):
        assert [run[3] for run in ours] == [run[3] for run in theirs], number
        for mine, reference in zip(ours, theirs, strict=True):
            # Same line, same place (pt), same size: within 0.05 pt.
            assert all(abs(a - b) < 0.05 for a, b in zip(mine[:3], reference[:3], strict=True)), (
                number, mine, reference,
            )  # fmt: skip


def test_a_character_the_fonts_lack_leaves_the_annex_to_weasyprint(org, personas, monkeypatch):
    monkeypatch.setattr(decision_documents, "DRAWN_ANNEX_ROWS", 1)
    people = [Person.objects.create(organization=org, family_and_middle=family, given=given,
                                    gender="M", position="Giảng viên")
              for family, given in (("Nguyễn Văn", "An"), ("Vương", "王"))]  # fmt: skip
    decision = Decision.objects.create(
        organization=org, year=2022, number=3, number_year=2022, symbol="QĐ/TCTTN",
        decided_on=date(2022, 12, 28), titles=["LDTT"], state="issued",
        created_by=personas["secretary"], issued_by=personas["principal"],
    )  # fmt: skip
    for position, person in enumerate(people, 1):
        DecisionEntry.objects.create(decision=decision, person=person, title="LDTT",
                                     position=position)  # fmt: skip
    data = render(decision_documents.DECISION, decision, "pdf")
    assert not any(drawn_apart(data))
    # Without it, the same two rows are drawn apart.
    people[1].given = "Vượng"
    people[1].save()
    data = render(decision_documents.DECISION, decision, "pdf")
    assert drawn_apart(data)[-1]
    assert "1 Nguyễn Văn An Giảng viên 2 Vương Vượng Giảng viên" in page_texts(data)[-1]
