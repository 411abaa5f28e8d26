"""The "bản in" of every export (issue 14, item 5): the office look (the body's heading, a title,
the total, the place and date, the signature lines, print set-up) around the same table, and
still re-importable as it is, since the importer finds the table below a title block and stops
at the footers. Read on the session's demo school (tests/conftest.py)."""

import io
import re
import zipfile

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from thidua.accounts.models import User
from thidua.awards.models import Award
from thidua.organization.models import DocumentStyle, Organization
from thidua.spreadsheets.engine import find_table, read_rows
from thidua.spreadsheets.kinds import KINDS

pytestmark = pytest.mark.django_db

# The demo's only discipline, decided in 2020, is still in effect in 2021 (none bears on 2022).
DEMO_YEARS = dict.fromkeys(KINDS, 2022) | {"discipline": 2021}
IMPORTED = re.compile(r"(\d+) dòng — (\d+) thêm mới, (\d+) cập nhật, \d+ không đổi\.")


@pytest.fixture
def demo(demo_school, db):
    """The demo school for the module; each test's writes roll back."""


def export(kind, tmp_path, *options) -> bytes:
    path = tmp_path / "{}{}.xlsx".format(kind, "-".join(options))
    year = str(DEMO_YEARS[kind])
    out = io.StringIO()
    # The demo holds the province's office and two agencies too: the school is named.
    call_command("export_xlsx", kind, "--year", year, "--output", str(path), "--organization",
                 "TCTTP", *options, stdout=out)  # fmt: skip
    assert "bản in" in out.getvalue() if options else "bản in" not in out.getvalue()
    return path.read_bytes()


def import_counts(kind, data: bytes, tmp_path, *options) -> tuple[int, int, int]:
    path = tmp_path / "in-{}.xlsx".format(kind)
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_xlsx", kind, str(path), "--user", "thuky", *options, stdout=out)
    rows, created, updated = IMPORTED.search(out.getvalue()).groups()
    return int(rows), int(created), int(updated)


def table(kind, data: bytes):
    """The data rows the importer reads, as {column name: cell} (the STT column left out)."""
    found = find_table(read_rows(data), KINDS[kind].columns)
    return found, [
        {column.name: row[index] if index < len(row) else None
         for index, column in found.positions.items()}
        for _, row in found.body
    ]  # fmt: skip


def record_counts():
    return {name: KINDS[name].model.objects.filter(**KINDS[name].subset).count() for name in KINDS}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_office_export_re_imports_to_no_change(kind, demo, tmp_path):
    plain = export(kind, tmp_path)
    office = export(kind, tmp_path, "--office")
    plain_table, plain_rows = table(kind, plain)
    office_table, office_rows = table(kind, office)
    # The plain export is the template's layout, unchanged: the header on row 1, nothing around.
    assert plain_table.header_line == 1
    assert load_workbook(io.BytesIO(plain)).active.merged_cells.ranges == set()
    # The office export holds the same table, lower down, and its footers are not read as rows.
    assert office_table.header_line > 1
    assert office_rows == plain_rows and len(plain_rows) > 0
    # Previewed, it changes what the plain file changes: nothing new, the same rows rewritten.
    before = record_counts()
    rows, created, updated = import_counts(kind, office, tmp_path, "--dry-run")
    assert (rows, created) == (len(plain_rows), 0)
    assert (rows, created, updated) == import_counts(kind, plain, tmp_path, "--dry-run")
    assert record_counts() == before
    # Imported for real, the records are the same: a new export is the first one, cell for cell.
    import_counts(kind, office, tmp_path)
    assert record_counts() == before
    assert table(kind, export(kind, tmp_path))[1] == plain_rows


def cells(sheet) -> list[str]:
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_office_layout_state(demo, tmp_path):
    org = Organization.objects.get(abbreviation="TCTTP")
    org.document_style = DocumentStyle.STATE  # the demo's is the Party's
    org.save(update_fields=["document_style"])
    data = export("grades", tmp_path, "--office")
    sheet = load_workbook(io.BytesIO(data)).active
    found, rows = table("grades", data)
    header = found.header_line
    texts = cells(sheet)
    if org.parent_body:
        assert sheet["A1"].value == org.parent_body.upper()
        assert sheet["A2"].value == org.name.upper()
    else:
        assert sheet["A1"].value == org.name.upper()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Độc lập - Tự do - Hạnh phúc" in texts
    assert "DANH SÁCH XẾP LOẠI CHẤT LƯỢNG CÁN BỘ NĂM 2022" in texts
    assert not any("2.022" in t for t in texts)
    # The table: STT first, the header bold, bordered, repeated on every printed page, frozen.
    assert sheet.cell(header, 1).value == "STT"
    assert [sheet.cell(header, i).value for i in range(2, 6)] == [
        c.header for c in KINDS["grades"].columns
    ]
    assert sheet.cell(header, 2).font.b
    assert sheet.cell(header + 1, 2).border.left.style == "thin"
    assert sheet.cell(header + len(rows), 1).value == len(rows)
    assert sheet.print_title_rows == "${0}:${0}".format(header)
    assert sheet.freeze_panes == "A{}".format(header + 1)
    assert sheet.page_setup.orientation == "portrait"  # four narrow columns
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # Below: the total, the place and date, the preparer and the signer, as the importer knows.
    assert sheet.cell(header + len(rows) + 1, 1).value == "Tổng cộng: {} người".format(len(rows))
    assert any(re.fullmatch(r"{}, ngày \d\d tháng \d+ năm \d{{4}}".format(org.place_name), t)
               for t in texts)  # fmt: skip
    assert "NGƯỜI LẬP BIỂU" in texts
    assert "THƯỜNG TRỰC HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in texts
    # The importer stops at each footer for what it is, not merely at a blank data row.
    total_line = header + len(rows) + 1
    assert "Bỏ qua dòng {}: dòng tổng cộng.".format(total_line) in found.reading
    assert "Bỏ qua dòng {}–{}: phần ký tên cuối văn bản.".format(
        total_line + 2, total_line + 3
    ) in found.reading


def test_office_layout_wide_table_is_landscape(demo, tmp_path):
    sheet = load_workbook(io.BytesIO(export("staff", tmp_path, "--office"))).active
    assert sheet.page_setup.orientation == "landscape"
    assert "DANH SÁCH CÁN BỘ NĂM 2022" in cells(sheet)


def test_office_layout_party(demo, tmp_path):
    assert Organization.objects.get(abbreviation="TCTTP").document_style == DocumentStyle.PARTY
    texts = cells(load_workbook(io.BytesIO(export("units", tmp_path, "--office"))).active)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in texts
    assert "Độc lập - Tự do - Hạnh phúc" not in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in texts


def test_office_export_keeps_formula_like_text_inert(demo, tmp_path):
    """A title that a spreadsheet program would run as a formula stays quote-prefixed text in
    the bản in too, and reads back as the same text."""
    award = Award.objects.filter(year=2022).order_by("pk").first()
    trap = '=HYPERLINK("http://x.invalid","Xem")'
    Award.objects.filter(pk=award.pk).update(decision_number=trap)
    data = export("awards", tmp_path, "--office")
    sheet = load_workbook(io.BytesIO(data)).active
    [cell] = [c for row in sheet.iter_rows() for c in row if c.value == trap]
    assert cell.data_type == "s" and cell.quotePrefix
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert trap in [row["decision_number"] for row in table("awards", data)[1]]


# On screen --------------------------------------------------------------------------------------


def test_export_page_offers_the_office_copy(client, demo):
    client.force_login(User.objects.get(username="thuky"))
    page = client.get("/spreadsheets/").content.decode()
    assert 'name="ban_in" value="1"' in page and "Bản in (Excel)" in page
    response = client.get("/spreadsheets/export/?kind=grades&year=2022&ban_in=1")
    assert response.status_code == 200
    assert "-2022-ban-in.xlsx" in response["Content-Disposition"]
    found, rows = table("grades", response.content)
    assert found.header_line > 1 and rows
    plain = client.get("/spreadsheets/export/?kind=grades&year=2022")
    assert "ban-in" not in plain["Content-Disposition"]
    assert table("grades", plain.content)[1] == rows


def test_register_and_evidence_lists_offer_the_office_copy(client, demo):
    """Beside each list's Excel link, a "Bản in (Excel)" link with the list's filters."""
    client.force_login(User.objects.get(username="thuky"))
    page = client.get("/awards/?year=2022").content.decode()
    assert 'id="register-export-office"' in page
    assert "?year=2022&amp;ban_in=1" in page
    response = client.get("/awards/register.xlsx?year=2022&ban_in=1")
    assert "so-khen-thuong-" in response["Content-Disposition"]
    assert "-2022-ban-in.xlsx" in response["Content-Disposition"]
    found, rows = table("awards", response.content)
    plain = client.get("/awards/register.xlsx?year=2022")
    assert found.header_line > 1 and rows == table("awards", plain.content)[1] and rows
    texts = cells(load_workbook(io.BytesIO(response.content)).active)
    assert "DANH SÁCH SỔ KHEN THƯỞNG NĂM 2022" in texts

    page = client.get("/evidence/grades/").content.decode()
    assert 'id="evidence-export-office"' in page and "Bản in (Excel)" in page
    response = client.get("/evidence/grades/export/?ban_in=1")
    assert response.status_code == 200 and "ban-in" in response["Content-Disposition"]
    found, rows = table("grades", response.content)
    assert found.header_line > 1 and rows
