"""The plan document: DOCX and PDF hold every item of the seed, in the Party or the state layout."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from docx import Document

from tests.conftest import make_user
from tests.helpers.documents import docx_paragraphs, pdf_text
from thidua.accounts.models import Role
from thidua.documents import formatting
from thidua.documents.registry import CONTENT_TYPES, KINDS
from thidua.documents.render import TEMPLATES_DOCX, local_fonts_fetcher, render
from thidua.organization.models import Organization, Person
from thidua.plans.demo import load_plan_2022
from thidua.plans.documents import PLAN, build_plan_context
from thidua.plans.models import ContentItem, Plan, Target

pytestmark = pytest.mark.django_db

# The school's real 2022 plan as typed (the seed), carried by the project so any clone can test.
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "plan-2022-seed.txt"

# Where the generated document deliberately differs from the seed's typing, seed line -> document.
SEED_CORRECTIONS = {
    # Party number-symbol without the stray space.
    "Số 3- KH/TCTTP": "Số 3-KH/TCTTP",
    # Day zero-padded, as administrative style writes it.
    "Hà Tĩnh, ngày 8 tháng 3 năm 2022": "Hà Tĩnh, ngày 08 tháng 3 năm 2022",
    # Proposals are title codes, written with the glossary's names.
    "1. Đề xuất danh hiệu thi đua: Cờ thi đua Học viện; Cờ thi đua của Chính Phủ": (
        "1. Đề xuất danh hiệu thi đua: Cờ thi đua của Học viện CTQG Hồ Chí Minh; "
        "Cờ thi đua của Chính phủ"
    ),
    "2. Đề xuất các hình thức khen thưởng: Bằng khen của Chủ tịch UBND tỉnh; Bằng khen của "
    "Giám đốc Học viện CTQG Hồ Chí Minh.": (
        "2. Đề xuất các hình thức khen thưởng: Bằng khen của Chủ tịch UBND tỉnh; Bằng khen của "
        "Giám đốc Học viện CTQG Hồ Chí Minh"
    ),
}


def normalise(text: str) -> str:
    """Drop the seed's markdown emphasis (*Lao động giỏi*) and collapse whitespace."""
    text = re.sub(r"\*([^*\n]+)\*", r"\1", text)
    return " ".join(text.split())


def seed_items() -> list[str]:
    """Every non-empty line of the seed, normalised, with the corrections above applied."""
    items = [normalise(line) for line in SEED.read_text(encoding="utf-8").splitlines()]
    return [SEED_CORRECTIONS.get(item, item) for item in items if item]


@pytest.fixture(scope="module")
def seed_documents(demo_copy, django_db_blocker):
    """The demo's plan rendered once for the module, Party and state layouts; then rolled back."""
    with django_db_blocker.unblock(), demo_copy.in_database(), transaction.atomic():
        plan = Plan.objects.get(organization__abbreviation="TCTTP", year=2022)
        documents = {
            "context": build_plan_context(plan),
            "filename": PLAN.filename(plan),
            "docx": render(PLAN, plan, "docx"),
            "pdf": render(PLAN, plan, "pdf"),
        }
        Organization.objects.filter(pk=plan.organization_id).update(document_style="state")
        plan = Plan.objects.get(pk=plan.pk)
        documents["state_docx"] = render(PLAN, plan, "docx")
        documents["state_pdf"] = render(PLAN, plan, "pdf")
        transaction.set_rollback(True)
    return documents


@pytest.fixture
def docx_bytes(seed_documents):
    return seed_documents["docx"]


@pytest.fixture
def pdf_bytes(seed_documents):
    return seed_documents["pdf"]


@pytest.fixture
def plan(org):
    """The seed's plan, for a small party-style organisation (faster than the whole demo)."""
    return load_plan_2022(org)


# --- dates and numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2022, 3, 8), "ngày 08 tháng 3 năm 2022"),
        (date(2023, 1, 5), "ngày 05 tháng 01 năm 2023"),
        (date(2022, 2, 28), "ngày 28 tháng 02 năm 2022"),
        (date(2022, 10, 1), "ngày 01 tháng 10 năm 2022"),
        (date(2022, 12, 30), "ngày 30 tháng 12 năm 2022"),
    ],
)
def test_vietnamese_date_pads_day_and_first_two_months(day, expected):
    assert formatting.vietnamese_date(day) == expected


def test_number_lines_party_and_state():
    assert formatting.party_number_line("3", "KH/TCTTP") == "Số 3-KH/TCTTP"
    assert formatting.state_number_line("3", "KH/TCTTP") == "Số: 03/KH-TCTTP"
    assert formatting.state_number_line("12", "QĐ/TCTTP") == "Số: 12/QĐ-TCTTP"
    # A draft leaves the number blank for the văn thư, in the layout's own form.
    blank = "\u00a0" * 6
    assert formatting.draft_number_line("QĐ/TCTTP", party=False) == "Số: " + blank + "/QĐ-TCTTP"
    assert formatting.draft_number_line("QĐ/TCTTP", party=True) == "Số " + blank + "-QĐ/TCTTP"


def test_plan_filename_is_ascii(seed_documents):
    assert seed_documents["filename"] == "KH-3-KH-TCTTP-2022"
    assert formatting.ascii_filename("Đề án/Tờ trình 5") == "De-an-To-trinh-5"


# --- the seed round-trips ----------------------------------------------------------------------


def test_docx_template_variables_are_in_the_context(seed_documents):
    from docxtpl import DocxTemplate

    context = seed_documents["context"]
    for name in ("plan_party.docx", "plan_state.docx"):
        undeclared = DocxTemplate(TEMPLATES_DOCX / name).get_undeclared_template_variables()
        assert undeclared <= set(context), name


def test_docx_contains_every_item_of_the_seed(docx_bytes):
    paragraphs = docx_paragraphs(docx_bytes)
    text = "\n".join(paragraphs)
    missing = [item for item in seed_items() if item not in text]
    assert missing == []
    # Each item is a paragraph of its own (a target line gains its "- ").
    for item in seed_items():
        assert item in paragraphs or "- " + item in paragraphs, item


def test_pdf_contains_every_item_of_the_seed(pdf_bytes):
    assert pdf_bytes.startswith(b"%PDF-")
    text = pdf_text(pdf_bytes)
    missing = [item for item in seed_items() if item not in text]
    assert missing == []


def test_seed_items_checked_are_the_whole_plan():
    items = seed_items()
    assert len(items) == 68
    for expected in (
        "KẾ HOẠCH",
        "“Trọng tâm – Trách nhiệm - Kỷ cương – Nêu gương - Sáng tạo”",
        "- Lưu VT, TĐKT Trường.",
        "TS Nguyễn Trọng Tứ",
        "Số 3-KH/TCTTP",
        "Hà Tĩnh, ngày 08 tháng 3 năm 2022",
        "f) Chỉ tiêu thi đua:",
    ):
        assert expected in items


def test_docx_order_follows_the_seed(docx_bytes):
    text = "\n".join(docx_paragraphs(docx_bytes))
    position = 0
    for item in seed_items():
        found = text.find(item, position)
        assert found >= 0, "out of order: {}".format(item)
        position = found + len(item)


# --- layouts -----------------------------------------------------------------------------------


def header_cells(data: bytes):
    document = Document(io.BytesIO(data))
    return document, document.tables[0].rows[0].cells


def runs_of(cell, text):
    paragraph = next(p for p in cell.paragraphs if p.text == text)
    return paragraph.runs


def test_party_header(docx_bytes):
    document, (left, right) = header_cells(docx_bytes)
    assert [p.text for p in left.paragraphs if p.text] == [
        "TỈNH ỦY HÀ TĨNH",
        "TRƯỜNG CHÍNH TRỊ TRẦN PHÚ",
        "*",
        "Số 3-KH/TCTTP",
    ]
    assert all(run.bold for run in runs_of(left, "TRƯỜNG CHÍNH TRỊ TRẦN PHÚ"))
    assert not any(run.bold for run in runs_of(left, "TỈNH ỦY HÀ TĨNH"))
    assert [p.text for p in right.paragraphs if p.text] == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Hà Tĩnh, ngày 08 tháng 3 năm 2022",
    ]
    heading = runs_of(right, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert all(run.bold and run.underline for run in heading)
    assert all(run.italic for run in runs_of(right, "Hà Tĩnh, ngày 08 tháng 3 năm 2022"))
    text = "\n".join(docx_paragraphs(docx_bytes))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Số:" not in text


def test_page_and_font_follow_the_decree(docx_bytes):
    document = Document(io.BytesIO(docx_bytes))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    top, bottom, left, right = (round(m.mm) for m in margins)
    assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman"
    assert 13 <= normal.size.pt <= 14


def test_state_header(seed_documents):
    data = seed_documents["state_docx"]
    _, (left, right) = header_cells(data)
    assert [p.text for p in left.paragraphs if p.text] == [
        "TỈNH ỦY HÀ TĨNH",
        "TRƯỜNG CHÍNH TRỊ TRẦN PHÚ",
        "Số: 03/KH-TCTTP",
    ]
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Tĩnh, ngày 08 tháng 3 năm 2022",
    ]
    assert all(run.bold for run in runs_of(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    assert all(run.bold for run in runs_of(right, "Độc lập - Tự do - Hạnh phúc"))
    assert all(run.italic for run in runs_of(right, "Hà Tĩnh, ngày 08 tháng 3 năm 2022"))
    text = "\n".join(docx_paragraphs(data))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    pdf = pdf_text(seed_documents["state_pdf"])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf
    assert "Độc lập - Tự do - Hạnh phúc" in pdf
    assert "Số: 03/KH-TCTTP" in pdf
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in pdf


def test_party_header_in_pdf(pdf_bytes):
    text = pdf_text(pdf_bytes)
    for line in ("TỈNH ỦY HÀ TĨNH", "TRƯỜNG CHÍNH TRỊ TRẦN PHÚ", "ĐẢNG CỘNG SẢN VIỆT NAM"):
        assert line in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text


# --- escaping and fetching ---------------------------------------------------------------------

TRICKY = "Phòng Tổ chức & Cán bộ <TCCB>"


@pytest.fixture
def tricky_plan(db):
    organization = Organization.objects.create(
        name=TRICKY,
        parent_body="Sở <Nội vụ> & Ban",
        abbreviation="TCCB",
        place_name="Vinh",
        document_style="state",
    )
    signer = Person.objects.create(
        organization=organization,
        family_and_middle="Lê <Văn>",
        given="A&B",
        gender="M",
        academic_title="ThS",
    )
    plan = Plan.objects.create(
        organization=organization,
        year=2023,
        number="5",
        symbol="KH/TCCB",
        place="Vinh",
        issued_on=date(2023, 1, 5),
        title='Kế hoạch <b>thi đua</b> & "khen thưởng"',
        slogan='<img src="http://example.invalid/x.png">',
        purposes="Mục đích <1> & <2>",
        theme="Chủ đề & <chủ đề>",
        signer=signer,
        recipients="Sở <Nội vụ> & Ban TĐ-KT",
    )
    ContentItem.objects.create(plan=plan, position=1, text="Nội dung </w:t> & ]]>")
    Target.objects.create(
        plan=plan, position=1, group="a) Nhóm <A>", text="Chỉ tiêu & <B>", measure="qualitative"
    )
    return plan


def test_ampersand_and_angle_brackets_survive_in_docx(tricky_plan):
    text = "\n".join(docx_paragraphs(render(PLAN, tricky_plan, "docx")))
    for expected in (
        TRICKY.upper(),
        "SỞ <NỘI VỤ> & BAN",
        'Kế hoạch <b>thi đua</b> & "khen thưởng"',
        '<img src="http://example.invalid/x.png">',
        "- Mục đích <1> & <2>",
        "Chủ đề & <chủ đề>",
        "- Nội dung </w:t> & ]]>",
        "a) Nhóm <A>:",
        "- Chỉ tiêu & <B>",
        "- Sở <Nội vụ> & Ban TĐ-KT",
        "ThS Lê <Văn> A&B",
        "Số: 05/KH-TCCB",
        "Vinh, ngày 05 tháng 01 năm 2023",
    ):
        assert expected in text, expected


def test_ampersand_and_angle_brackets_survive_in_pdf(tricky_plan):
    text = pdf_text(render(PLAN, tricky_plan, "pdf"))
    for expected in (
        "PHÒNG TỔ CHỨC & CÁN BỘ <TCCB>",
        'Kế hoạch <b>thi đua</b> & "khen thưởng"',
        '<img src="http://example.invalid/x.png">',
        "Nội dung </w:t> & ]]>",
        "ThS Lê <Văn> A&B",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    "url",
    [
        "http://example.invalid/x.png",
        "https://example.invalid/font.ttf",
        "file:///etc/passwd",
        "data:text/plain,hello",
    ],
)
def test_pdf_fetcher_refuses_anything_but_the_vendored_fonts(url):
    with pytest.raises(ValueError):
        local_fonts_fetcher().fetch(url)


def test_pdf_fetcher_serves_the_vendored_fonts():
    from thidua.documents.render import FONTS_DIR

    response = local_fonts_fetcher().fetch((FONTS_DIR / "LiberationSerif-Regular.ttf").as_uri())
    assert response.read(4) == b"\x00\x01\x00\x00"


# --- the command -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_command_writes_the_plan(plan, tmp_path, fmt):
    output = tmp_path / "ke-hoach.{}".format(fmt)
    out = io.StringIO()
    call_command(
        "make_document", "plan", "--year", "2022", "--format", fmt, "--output", str(output),
        stdout=out,
    )  # fmt: skip
    data = output.read_bytes()
    assert data.startswith(b"PK" if fmt == "docx" else b"%PDF-")
    assert "Đã ghi" in out.getvalue()


def test_command_chooses_the_organisation(plan, tmp_path):
    Organization.objects.create(name="Cơ quan khác", abbreviation="CQK", place_name="Vinh")
    output = tmp_path / "kh.docx"
    with pytest.raises(CommandError, match="Có nhiều cơ quan"):
        call_command("make_document", "plan", "--year", "2022", "--output", str(output))
    call_command(
        "make_document", "plan", "--year", "2022", "--output", str(output),
        "--organization", "TCTTN", stdout=io.StringIO(),
    )  # fmt: skip
    assert "TRƯỜNG CHÍNH TRỊ THỬ NGHIỆM" in "\n".join(docx_paragraphs(output.read_bytes()))
    with pytest.raises(CommandError, match="Không có cơ quan viết tắt “XYZ”"):
        call_command(
            "make_document", "plan", "--year", "2022", "--output", str(output),
            "--organization", "XYZ",
        )  # fmt: skip


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["plan", "--year", "2030"], "chưa có kế hoạch thi đua năm 2030"),
        (["plan"], "Cần năm của kế hoạch"),
        (["bien-ban", "--year", "2022"], "Không có loại văn bản “bien-ban”"),
        (["plan", "--year", "2022", "--format", "odt"], "Định dạng “odt” không hỗ trợ"),
    ],
)
def test_command_errors(plan, tmp_path, arguments, message):
    output = tmp_path / "out.docx"
    with pytest.raises(CommandError, match=message) as error:
        call_command("make_document", *arguments, "--output", str(output))
    assert error.value.returncode == 1
    assert not output.exists()


def test_command_unwritable_output(plan, tmp_path):
    output = tmp_path / "no-such-folder" / "out.docx"
    with pytest.raises(CommandError, match="Không ghi được tệp .*: thư mục không tồn tại") as error:
        call_command("make_document", "plan", "--year", "2022", "--output", str(output))
    assert error.value.returncode == 1


def test_command_without_organisations(db, tmp_path):
    with pytest.raises(CommandError, match="Chưa có cơ quan nào"):
        call_command("make_document", "plan", "--year", "2022", "--output", str(tmp_path / "x"))


def test_plan_is_registered():
    assert KINDS["plan"] is PLAN


# --- downloads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"), [("documents:plan_docx", "docx"), ("documents:plan_pdf", "pdf")]
)
def test_download_for_the_plans_organisation(client, plan, name, fmt):
    client.force_login(make_user("canbo-tn", plan.organization, Role.STAFF))
    url = reverse(name, args=[plan.pk])
    assert url == "/documents/plans/{}/document.{}".format(plan.pk, fmt)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == 'attachment; filename="KH-3-KH-TCTTP-2022.{}"'.format(
        fmt
    )
    assert response.content.startswith(b"PK" if fmt == "docx" else b"%PDF-")


def test_download_is_hidden_from_other_organisations(client, plan):
    elsewhere = Organization.objects.create(
        name="Trường Chính trị Nơi khác", abbreviation="TCTNK", place_name="Nghệ An"
    )
    client.force_login(make_user("nguoi-ngoai", elsewhere, Role.SECRETARY))
    for name in ("documents:plan_docx", "documents:plan_pdf"):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 404


def test_download_needs_sign_in(client, plan):
    response = client.get(reverse("documents:plan_docx", args=[plan.pk]))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
