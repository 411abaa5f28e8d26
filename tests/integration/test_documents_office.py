"""Every DOCX kind, in both layouts, opened in a real office client (LibreOffice Writer, headless).

A văn thư edits and signs the Word file, not the PDF: each kind is made from one small
organisation, converted by LibreOffice in one batch for the whole module (tests/helpers/office.py)
and checked on the result — the same number of pages as WeasyPrint's PDF, the header lines on one
line each, the signature's title and name on one page, no empty last page, page numbers from page
2 — and, read with python-docx, the page set-up, fonts and language of Nghị định 30/2020/NĐ-CP
Phụ lục I (state) and Hướng dẫn 36-HD/VPTW (Party). docs/document-layout.md says which rule each
element follows.
"""

import functools
import io
import os
import re
from datetime import date
from pathlib import Path

import pypdf
import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.conftest import make_person
from tests.helpers.council import make_eligible, run_session
from tests.helpers.council import members as council_members
from tests.helpers.office import office_pdfs
from thidua.awards.models import Award
from thidua.closing.actions import do_commend, do_record_phase_summary, do_save_year_report
from thidua.council.actions import do_publish_results
from thidua.decisions.actions import do_draft_decision_from_session, do_issue_decision
from thidua.decisions.models import Decision, DecisionEntry
from thidua.documents.lists import SIGNER_BLANK
from thidua.documents.registry import KINDS
from thidua.documents.render import build_context, render
from thidua.evidence.models import Authorship, Initiative, YearGrade
from thidua.organization.models import Organization
from thidua.plans.demo import load_plan_2022
from thidua.proposals.actions import do_draft_proposal_from_session
from thidua.proposals.routing import HigherBody

# How an office client lays the files out does not depend on the database engine: .ci/run checks
# it on SQLite only.
pytestmark = pytest.mark.any_engine

YEAR = 2022
MEETING = "2022-12-20 09:00 +07:00"
SIGNED = date(2022, 12, 28)
LAYOUTS = ("party", "state")
HEADINGS = {"party": "ĐẢNG CỘNG SẢN VIỆT NAM", "state": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"}
# The kinds this module makes, with the options their ``find`` takes (filled in by ``samples``).
SAMPLED = (
    "plan", "registrations", "minutes", "ballot_count", "decision", "proposal", "certificate",
    "achievement_report", "award_history", "award_register", "eligibility_overview",
    "session_nominations", "phase_report", "year_report", "reward_list", "cluster_covenant",
    "cluster_scores", "cluster_minutes", "results_notice",
)  # fmt: skip
# More records of a kind, named "kind:what": a decision whose annex runs over several pages (its
# table head repeats, its rows never split, and Word must still end on the PDF's last page).
EXTRA = ("decision:annex",)
# The kinds signed by whoever of the council's standing members signs on the day: a blank name.
SIGNED_BLANK = ("eligibility_overview", "session_nominations", "reward_list", "cluster_covenant",
                "cluster_scores", "cluster_minutes", "results_notice")  # fmt: skip
ANNEX_NAMES = 90
CASES = [(kind, layout) for kind in SAMPLED + EXTRA for layout in LAYOUTS]
_DOCUMENTS: dict = {}


def samples(org, units, people, personas) -> dict[str, dict]:
    """Make one record of every kind for the organisation; return {kind: the find options}."""
    staff = people["staff"]
    staff.staff_code, staff.position, staff.birth_date = "0042", "Giảng viên", date(1980, 5, 7)
    staff.save()
    for key in ("staff", "dat", "head"):
        for year in (2020, 2021):
            YearGrade.objects.create(organization=org, person=people[key], year=year,
                                     grade="HTXS", verification="verified")  # fmt: skip
        make_eligible(org, people[key])
    initiative = Initiative.objects.create(
        organization=org, title="Đổi mới phương pháp giảng dạy lý luận", year=2021,
        level="co_so", recognized_by="Hội đồng Khoa học Trường", decision_number="61/QĐ-TCTTN",
        decided_on=date(2021, 11, 20), verification="verified",
    )  # fmt: skip
    Authorship.objects.create(initiative=initiative, person=staff, share=100)
    Award.objects.create(
        organization=org, person=staff, year=2021, code="CSTD_CS", source="own",
        decision_number="121/QĐ-TCTTN", decided_on=date(2021, 12, 28), issued_by="Hiệu trưởng",
    )  # fmt: skip
    principal = personas["principal"]
    principal.person = make_person(org, units["office"], "Nguyễn Trọng", "Tứ",
                                   academic_title="TS", position="Hiệu trưởng")  # fmt: skip
    principal.save()
    head = personas["unit_head"]
    from thidua.council.actions import do_nominate

    nominations = [
        do_nominate(year=YEAR, title="LDTT", person=people[key], acting_user=head)
        for key in ("staff", "dat", "head")
    ]
    nominations += [
        do_nominate(year=YEAR, title="TTLDTT", unit=units["a"], justification="Đơn vị tốt.",
                    acting_user=head),
        do_nominate(year=YEAR, title="CSTD_TINH", person=staff,
                    justification="Thành tích nổi bật.", acting_user=head),
        do_nominate(year=YEAR, title="BK_TINH", person=people["dat"],
                    justification="Thành tích nổi bật.", acting_user=head),
    ]  # fmt: skip
    session = run_session(personas, council_members(org, personas), nominations, on=MEETING)
    secretary = personas["secretary"]
    do_publish_results(session, starts_on=date(2022, 12, 21), ends_on=date(2022, 12, 27),
                       acting_user=secretary)  # fmt: skip
    decision = do_issue_decision(do_draft_decision_from_session(session, acting_user=secretary),
                                 decided_on=SIGNED, acting_user=principal)  # fmt: skip
    proposal = do_draft_proposal_from_session(session, body=HigherBody.PROVINCE,
                                              acting_user=secretary)  # fmt: skip
    giay_khen = Decision.objects.create(organization=org, year=YEAR, symbol="QĐ/TCTTN",
                                        legal_bases="Căn cứ Quy chế.", titles=["GIAY_KHEN"],
                                        created_by=secretary)  # fmt: skip
    DecisionEntry.objects.create(decision=giay_khen, person=staff, title="GIAY_KHEN", position=1)
    giay_khen = do_issue_decision(giay_khen, decided_on=SIGNED, acting_user=principal)
    annex = Decision.objects.create(organization=org, year=YEAR, symbol="QĐ/TCTTN",
                                    legal_bases="Căn cứ Quy chế.", titles=["GIAY_KHEN"],
                                    created_by=secretary)  # fmt: skip
    given = ("An", "Bình", "Chi", "Dũng", "Giang", "Hải", "Lan", "Minh", "Ngọc", "Thảo")
    for position in range(1, ANNEX_NAMES + 1):
        person = make_person(org, units["a" if position % 2 else "b"], "Nguyễn Thị Thu",
                             given[position % len(given)], gender="F",
                             position="Giảng viên chính")  # fmt: skip
        DecisionEntry.objects.create(decision=annex, person=person, title="GIAY_KHEN",
                                     position=position)  # fmt: skip
    annex = do_issue_decision(annex, decided_on=SIGNED, acting_user=principal)
    plan = load_plan_2022(org)
    summary = do_record_phase_summary(
        plan.phases.get(), summed_up_on=date(2022, 12, 30), acting_user=secretary,
        achievements="Hoàn thành kế hoạch đợt thi đua.",
        unit_results=[(units["a"], "Vượt kế hoạch giảng dạy.", "Báo cáo của khoa")],
    )  # fmt: skip
    for key in ("staff", "dat"):
        do_commend(summary, kind="phase", person=people[key], reason="Thành tích xuất sắc.",
                   acting_user=secretary)  # fmt: skip
    do_save_year_report(org, 2022, assessment="Phong trào sôi nổi.", acting_user=secretary)
    cluster_year(org, secretary)
    return {
        "phase_report": {"phase": "1"},
        "year_report": {},
        "plan": {},
        "registrations": {},
        "minutes": {"session": session.pk},
        "ballot_count": {"session": session.pk},
        "decision": {"number": str(decision.number)},
        "proposal": {"number": str(proposal.number)},
        "certificate": {"number": str(giay_khen.number), "person": "0042"},
        "achievement_report": {"person": "0042", "title": "CSTD_TINH"},
        "award_history": {"person": "0042"},
        "award_register": {},
        "eligibility_overview": {},
        "session_nominations": {"session": session.pk},
        "results_notice": {"session": session.pk},
        "decision:annex": {"number": str(annex.number)},
        "reward_list": {"number": str(decision.number)},
        "cluster_covenant": {},
        "cluster_scores": {},
        "cluster_minutes": {},
    }


def cluster_year(org, secretary):
    """Cluster 5 led by the school, scored, checked and voted: its covenant, sheet and minutes."""
    from thidua.clusters import actions

    cluster = actions.do_create_cluster(
        name="Cụm thi đua số 5 – các trường chính trị khu vực Bắc Trung Bộ", year=YEAR,
        level="hv", acting_user=secretary, members=[
            {"organization": org, "role": "leader"},
            {"name": "Trường Chính trị tỉnh Quảng Bình", "role": "deputy"},
            {"name": "Trường Chính trị tỉnh Quảng Trị"},
        ],
    )  # fmt: skip
    actions.do_sign_covenant(cluster, targets=["Hoàn thành xuất sắc kế hoạch đào tạo",
                                               "Không có cán bộ vi phạm kỷ luật"],
                             signed_on=date(YEAR, 3, 15), place="Hà Tĩnh",
                             acting_user=secretary)  # fmt: skip
    group = actions.do_add_group(cluster, name="Công tác đào tạo, bồi dưỡng",
                                 acting_user=secretary)  # fmt: skip
    criteria = [
        actions.do_add_criterion(group, text="Hoàn thành kế hoạch mở lớp được giao",
                                 max_points=20, evidence_required=True, acting_user=secretary),
        actions.do_add_criterion(group, text="Được khen thưởng đột xuất", kind="bonus",
                                 max_points="2,5", acting_user=secretary),
    ]  # fmt: skip
    for number, member in enumerate(cluster.members.all()):
        actions.do_self_score(member, scores={criteria[0].pk: (20 - number, "QĐ mở lớp"),
                                              criteria[1].pk: (0, "")},
                              scored_on=date(YEAR, 11, 25), acting_user=secretary)  # fmt: skip
        checks = {criteria[0].pk: (19, "Một lớp mở chậm")} if number == 0 else {}
        actions.do_check_scores(member, checks=checks, checked_on=date(YEAR, 12, 5),
                                acting_user=secretary)  # fmt: skip
    for member in cluster.members.all():
        actions.do_cast_vote(cluster, chosen=cluster.members.get(organization=org), voter=member,
                             acting_user=secretary)  # fmt: skip
    actions.do_close_review(cluster, reviewed_on=date(YEAR, 12, 20), acting_user=secretary)


@pytest.fixture
def documents(request):
    """{(kind, layout): {"context", "docx", "pdf", "office"}}, made and converted once per module.

    The records are made in the first test's transaction (rolled back after it); the files are
    plain bytes, kept for the module's other tests.
    """
    if not _DOCUMENTS:
        org, units, people, personas = (
            request.getfixturevalue(name) for name in ("org", "units", "people", "personas")
        )
        options = samples(org, units, people, personas)
        made = {}
        for layout in LAYOUTS:
            Organization.objects.filter(pk=org.pk).update(document_style=layout)
            org = Organization.objects.get(pk=org.pk)
            for name, extra in options.items():
                kind = KINDS[name.split(":")[0]]
                record = kind.find(org, YEAR, **extra)
                # A kind whose format follows its recipient (the tờ trình to the province, the
                # Government's report form) is made in both by the officer's override.
                override = layout if kind.overridable else None
                made[name, layout] = {
                    "context": build_context(kind, record, override),
                    "docx": render(kind, record, "docx", override),
                    "pdf": render(kind, record, "pdf", override),
                }
        converted = office_pdfs({key: doc["docx"] for key, doc in made.items()})
        for key, pdf in converted.items():
            made[key]["office"] = pdf
        _DOCUMENTS.update(made)  # only once every file is made and converted
        # THIDUA_DOCUMENTS_DUMP=dir writes the files, to look at them (PDF viewer, Word).
        if os.environ.get("THIDUA_DOCUMENTS_DUMP"):
            folder = Path(os.environ["THIDUA_DOCUMENTS_DUMP"])
            folder.mkdir(parents=True, exist_ok=True)
            for (name, layout), document in _DOCUMENTS.items():
                for key, suffix in (("docx", ".docx"), ("pdf", ".pdf"), ("office", ".office.pdf")):
                    (folder / (name + "_" + layout + suffix)).write_bytes(document[key])
    return _DOCUMENTS


@functools.cache
def page_texts(pdf: bytes) -> tuple[str, ...]:
    """Each PDF's text is extracted once for the module's tests (pypdf is their slow part)."""
    return tuple(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def pages(pdf: bytes) -> list[str]:
    return list(page_texts(pdf))


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def signature(name: str, context: dict) -> tuple[str, str]:
    """The signing block's last title line and the signer's name, as the kind prints them."""
    name = name.split(":")[0]
    if name == "minutes":
        return "CHỦ TỊCH HỘI ĐỒNG", context["chair_name"]
    if name == "ballot_count":
        return "TRƯỞNG BAN KIỂM PHIẾU", context["head_name"]
    if name == "registrations":
        return context["signer_lines"][-1], context["signer_name"]
    if name == "achievement_report":
        return context["reporter"], context["person_name"]
    return context["signer_title"].splitlines()[-1], context["signer_name"]


def page_of(texts: list[str], needle: str) -> int:
    """The last page whose text holds the line (the signature is at the end)."""
    found = [n for n, text in enumerate(texts) if needle in " ".join(text.split())]
    assert found, "«{}» is on no page".format(needle)
    return found[-1]


# Kinds of another organisation than the school sampled here, each opened in LibreOffice by its
# own module's test (named, and that test must exist).
CHECKED_ELSEWHERE = {
    "received_decision": (
        "test_received_decisions.py", "test_the_decision_document_opens_in_libreoffice"
    ),
}


def test_every_kind_is_checked():
    """A kind added later joins SAMPLED (and ``samples``), or CHECKED_ELSEWHERE with the test
    that opens it in LibreOffice, or this fails."""
    assert set(SAMPLED) | set(CHECKED_ELSEWHERE) == set(KINDS)
    here = Path(__file__).parent
    for module, test in CHECKED_ELSEWHERE.values():
        source = (here / module).read_text(encoding="utf-8")
        assert "def {}(".format(test) in source and "office_pdfs(" in source, (module, test)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "layout"), CASES)
def test_office_pages_match_the_pdf(documents, name, layout):
    document = documents[name, layout]
    office, weasy = pages(document["office"]), pages(document["pdf"])
    assert len(office) == len(weasy), "LibreOffice {} pages, PDF {}".format(
        len(office), len(weasy))  # fmt: skip
    if name == "decision:annex":  # the annex runs over pages: its head repeats on each
        assert len(office) >= 3
        for text in office[2:]:
            assert "STT" in text.split(), text[:80]
    # No empty last page (a body ending in a table leaves one in Word when nothing holds it).
    assert " ".join(office[-1].split()).strip() not in ("", str(len(office)))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "layout"), CASES)
def test_office_header_lines_do_not_wrap(documents, name, layout):
    document, context = documents[name, layout], documents[name, layout]["context"]
    first = lines(pages(document["office"])[0])
    heading = HEADINGS[layout]
    if layout == "state" and context["number_line"]:
        # NĐ 30 Phụ lục I: a number below 10 is written with a leading zero; a draft's is blank.
        assert re.fullmatch(r"Số: (\d{2,}|\u00a0{6})/\S+-\S+", context["number_line"])
    if name != "certificate":  # a certificate has no administrative header
        for needle in (heading, context["issuer"]):
            assert any(needle in line for line in first), (needle, first[:8])
    for pdf in (document["office"], document["pdf"]):
        first = lines(pages(pdf)[0])
        if name != "certificate":
            assert any(heading in line for line in first), (heading, first[:8])


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "layout"), CASES)
def test_office_signature_holds_together(documents, name, layout):
    document = documents[name, layout]
    title, signer = signature(name, document["context"])
    texts = pages(document["office"])
    where = page_of(texts, title)
    if signer:
        assert page_of(texts, signer) == where, (title, signer)
    if name in SIGNED_BLANK:
        # Nobody known signs a printed list: the name is a dotted line to fill, printed under the
        # title, and the signing block is the list's end (the title's page is the last page).
        assert signer == SIGNER_BLANK
        assert where == len(texts) - 1, (where, len(texts))
        assert page_of(pages(document["pdf"]), title) == len(texts) - 1


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "layout"), CASES)
def test_office_page_numbers_from_page_two(documents, name, layout):
    document = Document(io.BytesIO(documents[name, layout]["docx"]))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    header = section.header._element.xml
    assert "PAGE" in header and "fldChar" in header or "fldSimple" in header
    texts = pages(documents[name, layout]["office"])
    for number, text in enumerate(texts[1:], 2):
        assert str(number) in lines(text)[:1] + lines(text)[-1:], (number, lines(text)[:2])


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "layout"), CASES)
def test_docx_page_fonts_and_language_follow_the_decree(documents, name, layout):
    document = Document(io.BytesIO(documents[name, layout]["docx"]))
    section = document.sections[0]
    size = (round(section.page_width.mm), round(section.page_height.mm))
    if name == "certificate":  # A4 landscape, a certificate is no administrative text
        assert size == (297, 210)
        # framed like the PDF: a double dark-red page border
        frame = section._sectPr.find(qn("w:pgBorders"))
        assert frame is not None and {b.get(qn("w:val")) for b in frame} == {"double"}
    else:
        assert size == (210, 297)
        margins = {
            "top": (section.top_margin, 20, 25), "bottom": (section.bottom_margin, 20, 25),
            "left": (section.left_margin, 30, 35), "right": (section.right_margin, 15, 20),
        }  # fmt: skip
        for side, (value, low, high) in margins.items():
            assert low - 0.1 <= value.mm <= high + 0.1, (side, value.mm)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    languages = document.styles.element.findall(".//" + qn("w:lang"))
    assert languages and all(lang.get(qn("w:val")) == "vi-VN" for lang in languages)
    # Every run's size is the body's or smaller/larger within what NĐ 30 allows for its element.
    for run in document.element.body.iter(qn("w:rFonts")):
        for attribute in ("w:ascii", "w:hAnsi"):
            assert run.get(qn(attribute)) in (None, "Times New Roman")


def border_rules(document) -> int:
    return len(document.element.body.findall(".//" + qn("w:pBdr")))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "layout"), CASES)
def test_docx_tables_repeat_their_head_and_keep_rows_whole(documents, name, layout):
    document = Document(io.BytesIO(documents[name, layout]["docx"]))
    # A line may break after a hyphen ("GVT-|ĐVN"), never inside a word.
    office = re.sub(r"-\n", "-", "\n".join(pages(documents[name, layout]["office"])))
    for table in document.tables:
        rows = table._tbl.findall(qn("w:tr"))
        for row in rows:  # no row splits across pages (the header and signature rows neither)
            assert row.find(qn("w:trPr")) is not None
            assert row.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
        head = table.rows[0].cells[0].text.strip()
        if head == "STT":  # a grid table: its head repeats, "STT" and the numbers never wrap
            assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
            assert table.columns[0].width.mm >= 11.9
            # No word of the head nor any row number is broken across lines ("ST/T", "1/0").
            words = set(office.split())
            for cell in table.rows[0].cells:
                for word in cell.text.split():
                    assert word in words, (word, cell.text)
            for row in table.rows[1:]:
                number = row.cells[0].text.strip()
                assert not number or number in words, number
    if layout == "state":
        # The short lines under the issuing body's name and under the trích yếu (NĐ 30).
        titled = name.split(":")[0] in ("plan", "decision", "proposal")
        assert border_rules(document) >= (2 if titled else 1)
    else:
        assert border_rules(document) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", ["minutes", "ballot_count"])
def test_the_seal_hash_is_not_justified(documents, name, layout):
    """A justified line would spread the 64-character hash across the page with wide gaps."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document(io.BytesIO(documents[name, layout]["docx"]))
    [seal] = [p for p in document.paragraphs if "niêm phong (" in p.text]
    assert seal.alignment == WD_ALIGN_PARAGRAPH.LEFT
    # Sealed today, the session's seal is keyed, and the paper says how it was made.
    assert "(HMAC-SHA256): " in seal.text and "SHA-256" not in seal.text


def test_the_annex_total_counts_people_not_lines():
    from thidua.decisions.documents import total_line

    rows = [{"person": True, "subject": "person:1"}, {"person": True, "subject": "person:1"},
            {"person": True, "subject": "person:2"},
            {"person": False, "subject": "unit:7"}]  # fmt: skip
    assert total_line(rows) == "2 cá nhân và 1 tập thể"
    assert total_line(rows[:3]) == "2 cá nhân"
    assert total_line([]) == "0"


@pytest.mark.django_db
def test_the_decisions_total_in_word_and_pdf(documents):
    for layout in LAYOUTS:
        document = documents["decision", layout]
        assert document["context"]["count"] == "3 cá nhân và 1 tập thể"
        office = " ".join(" ".join(pages(document["office"])).split())
        assert "Tổng số: 3 cá nhân và 1 tập thể" in office
