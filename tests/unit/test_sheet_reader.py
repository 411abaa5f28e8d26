"""The spreadsheet engine's reader gives, row for row, what openpyxl's read-only mode gives once
the sheet's declared dimensions are reset (what the engine did before it read the rows itself)."""

import io
import re
import warnings
import zipfile
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont, Text
from openpyxl.worksheet._reader import WorkSheetParser

from tests.helpers.sheets import rewritten, with_shared_strings
from thidua.spreadsheets.engine import open_book, sheet_values

VALUES = [
    "Nguyễn Văn Đạt", "  spaces kept  ", "a\nnew line", "<&>\"'", "00032", "x" * 300, 0, 32,
    -5, 3.25, 1e20, True, False, date(1975, 4, 30), datetime(2022, 12, 31, 23, 59, 1),
    time(7, 30), "=1+1", "Có", "ﬁ", "e\u0301", "", None,
]  # fmt: skip


def openpyxl_rows(data: bytes, data_only: bool) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only).worksheets[0]
    sheet.reset_dimensions()
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def engine_rows(data: bytes, data_only: bool) -> list[tuple]:
    return [tuple(row) for row in sheet_values(open_book(data, data_only=data_only).worksheets[0])]


def assert_same(data: bytes) -> list[tuple]:
    for data_only in (True, False):
        expected = openpyxl_rows(data, data_only)
        found = engine_rows(data, data_only)
        assert found == expected
        # A value of another type that compares equal (1 and True, "" and None) would slip by.
        assert [[type(v) for v in row] for row in found] == [
            [type(v) for v in row] for row in expected
        ]
    return found


def saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filled(book, sheet):
    rich = CellRichText("plain ", TextBlock(InlineFont(b=True), "đậm"), " end")
    sheet.append(["Mã cán bộ", "Họ và tên", None, "Ghi chú"])
    for start in range(0, len(VALUES), 5):
        sheet.append(VALUES[start : start + 5])
    sheet.append([])  # an empty row
    sheet.append([None, None, "after a gap", None, None])
    sheet.append([rich, "=SUM(A1:A2)", None])
    return saved(book)


def test_a_streamed_file_of_inline_strings_reads_as_openpyxl_reads_it():
    book = Workbook(write_only=True)
    data = filled(book, book.create_sheet())
    assert b"inlineStr" in data or b'"inlineStr"' in zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml"
    )
    rows = assert_same(data)
    assert rows[1][0] == "Nguyễn Văn Đạt" and rows[1][1] == "  spaces kept  "


def test_a_saved_workbook_reads_as_openpyxl_reads_it():
    book = Workbook()
    data = filled(book, book.active)
    assert b"<dimension" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert_same(data)


def test_a_file_of_shared_strings_reads_as_openpyxl_reads_it():
    book = Workbook()
    data = with_shared_strings(filled(book, book.active))
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert sheet.count(b't="s"') >= 10  # the plain texts (a rich one stays inline)
    rows = assert_same(data)
    assert rows[1][:2] == ("Nguyễn Văn Đạt", "  spaces kept  ")


SHEET = """<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="A1:XFD200000"/><sheetData>{}</sheetData></worksheet>"""

CRAFTED = {
    "plain and empty inline text": '<row r="1"><c r="A1" t="inlineStr"><is><t>an</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t/></is></c><c r="C1" t="inlineStr"><is></is></c>'
    '<c r="D1" t="inlineStr"/><c r="E1" t="inlineStr"><is><t xml:space="preserve"> a </t></is>'
    "</c></row>",
    "rich and phonetic runs": '<row r="1"><c r="A1" t="inlineStr"><is><r><t>Ng</t></r><r><rPr>'
    '<b/></rPr><t>uyễn</t></r></is></c><c r="B1" t="inlineStr"><is><t>漢</t><rPh sb="0" eb="1">'
    "<t>かん</t></rPh></is></c></row>",
    "an inline cell with a formula": '<row r="1"><c r="A1" t="inlineStr"><f>"a"&amp;"b"</f>'
    "<is><t>ab</t></is></c></row>",
    "rows and cells without numbers": '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v>'
    '</c></row><row><c/><c t="inlineStr"><is><t>b</t></is></c></row>',
    "missing and repeated rows": '<row r="2"><c r="B2" t="inlineStr"><is><t>two</t></is></c>'
    '</row><row r="5"><c r="C5" t="inlineStr"><is><t>five</t></is></c></row><row r="3"><c '
    'r="A3" t="inlineStr"><is><t>three, late</t></is></c></row><row r="6"/>',
    "cells out of order": '<row r="1"><c r="C1" t="inlineStr"><is><t>c</t></is></c><c r="A1" '
    't="inlineStr"><is><t>a</t></is></c></row>',
    "every other type": '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#N/A</v></c>'
    '<c r="C1" t="str"><v>text</v></c><c r="D1" t="n"><v>1.5</v></c><c r="E1" t="d">'
    '<v>2022-01-02T00:00:00</v></c><c r="F1" s="1"><v>44562</v></c></row>',
    "far columns": '<row r="1"><c r="XFD1" t="inlineStr"><is><t>far</t></is></c></row>',
}


# A shared strings table as Excel and LibreOffice write it, and the odd entries: rich runs, a
# phonetic guide, an escaped underscore (openpyxl drops "x005F_"), an empty text.
STRINGS = (
    '<si><t>Nguyễn Văn Đạt</t></si><si><t xml:space="preserve"> a </t></si><si><r><t>Ng</t>'
    '</r><r><rPr><b/></rPr><t>uyễn</t></r></si><si><t>漢</t><rPh sb="0" eb="1"><t>かん</t>'
    "</rPh></si><si><t>a_x005F_x0041_b</t></si><si><t/></si><si></si>"
)


def crafted(rows_xml: str, strings_xml: str | None = None) -> bytes:
    """An openpyxl file whose first sheet's XML is replaced (a date style at index 1 kept),
    with a shared strings table of `strings_xml` if given."""
    book = Workbook()
    book.active["A1"] = date(2022, 1, 1)
    return rewritten(
        saved(book),
        sheet=SHEET.format(rows_xml).encode(),
        strings=None if strings_xml is None else strings_xml.encode(),
    )


SHARED = {
    "every kind of shared text": "<row r=\"1\">{}</row>".format(
        "".join('<c r="{}1" t="s"><v>{}</v></c>'.format("ABCDEFG"[i], i) for i in range(7))
    ),
    "empty and styled cells, a lower-case coordinate": '<row r="1"><c r="A1" t="s"><v>0</v>'
    '</c><c r="B1" s="1"/><c r="C1" t="s"><v></v></c><c r="D1"><v>7</v></c><c r="e1" t="s">'
    '<v>1</v></c><c r="F1" t="n"/></row>',
    "cells with and without coordinates": '<row r="1"><c t="s"><v>0</v></c><c r="C1"><v>3</v>'
    '</c><c><v>4</v></c><c t="b"><v>1</v></c><c><v>5.5</v></c><c r="H1" s="1"><v>44562</v>'
    '</c><c s="1"><v>1e3</v></c></row><row><c r="B2"><v>-2</v></c><c t="s"><v>4</v></c></row>',
    "formulas over shared text and numbers": '<row r="1"><c r="A1" t="s"><f>B1</f><v>0</v></c>'
    '<c r="B1"><f>1+1</f><v>2</v></c><c r="C1" s="1"><f>TODAY()</f><v>44562</v></c><c r="D1">'
    '<f>1/0</f></c></row>',
    "a date out of range": '<row r="1"><c r="A1" s="1"><v>99999999999</v></c><c r="B1"><v>1</v>'
    "</c></row>",
}


@pytest.mark.parametrize("name", SHARED)
def test_shared_strings_and_numbers_read_as_openpyxl_reads_them(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of the date out of range, in both
        assert_same(crafted(SHARED[name], STRINGS))


def test_the_shared_strings_take_both_paths(monkeypatch):
    """Plain shared texts and numbers are read directly, the rest by openpyxl (else the tests
    above would prove nothing about the direct reading)."""
    by_openpyxl, strings = [], []
    parse_cell = WorkSheetParser.parse_cell
    from_tree = Text.from_tree.__func__

    def counted(self, element):
        by_openpyxl.append(element.get("r"))
        return parse_cell(self, element)

    def counted_text(cls, node):
        strings.append(node)
        return from_tree(cls, node)

    monkeypatch.setattr(WorkSheetParser, "parse_cell", counted)
    monkeypatch.setattr(Text, "from_tree", classmethod(counted_text))
    data = crafted(SHARED["every kind of shared text"], STRINGS)
    assert engine_rows(data, True) == [
        ("Nguyễn Văn Đạt", " a ", "Nguyễn", "漢", "a_x0041_b", "", "")
    ]
    assert by_openpyxl == [] and len(strings) == 3  # rich runs, phonetic guide, no <t>
    strings.clear()
    data = crafted(SHARED["cells with and without coordinates"], STRINGS)
    assert engine_rows(data, True) == [
        ("Nguyễn Văn Đạt", None, 3, 4, True, 5.5, None, datetime(2022, 1, 1),
         datetime(1902, 9, 26)),
        (None, -2, "a_x0041_b"),
    ]  # fmt: skip
    assert by_openpyxl == [None]  # the boolean
    by_openpyxl.clear()
    data = crafted(SHARED["formulas over shared text and numbers"], STRINGS)
    assert engine_rows(data, True)[0][:3] == ("Nguyễn Văn Đạt", 2, datetime(2022, 1, 1))
    assert by_openpyxl == []  # cached values read directly
    assert engine_rows(data, False) == [("=B1", "=1+1", "=TODAY()", "=1/0")]
    assert by_openpyxl == ["A1", "B1", "C1", "D1"]  # formulas kept as formulas by openpyxl


@pytest.mark.parametrize("coordinate", ["1A", "A", "Ä1", "A1B", "ZZZZ1", "$A$1"])
def test_a_coordinate_openpyxl_cannot_read_is_refused_as_it_refuses_it(coordinate):
    data = crafted('<row r="1"><c r="A1"><v>1</v></c><c r="{}"><v>2</v></c></row>'.format(
        coordinate
    ))  # fmt: skip
    with pytest.raises(Exception) as expected:
        openpyxl_rows(data, True)
    with pytest.raises(expected.type):
        engine_rows(data, True)


@pytest.mark.parametrize("name", CRAFTED)
def test_crafted_sheets_read_as_openpyxl_reads_them(name):
    assert_same(crafted(CRAFTED[name]))


def test_the_crafted_sheets_take_both_paths(monkeypatch):
    """The inline fast path is taken for plain text and left to openpyxl for the rest (else the
    tests above would prove nothing about it)."""
    by_openpyxl = []
    parse_cell = WorkSheetParser.parse_cell

    def counted(self, element):
        by_openpyxl.append(element.get("r"))
        return parse_cell(self, element)

    monkeypatch.setattr(WorkSheetParser, "parse_cell", counted)
    rows = engine_rows(crafted(CRAFTED["plain and empty inline text"]), True)
    assert rows == [("an", "", "", None, " a ")]
    assert by_openpyxl == ["C1", "D1"]  # <is></is> and no <is> at all
    by_openpyxl.clear()
    assert engine_rows(crafted(CRAFTED["rich and phonetic runs"]), True) == [("Nguyễn", "漢")]
    assert by_openpyxl == ["A1", "B1"]
    by_openpyxl.clear()
    assert engine_rows(crafted(CRAFTED["an inline cell with a formula"]), False) == [
        ('="a"&"b"',)
    ]
    assert by_openpyxl == ["A1"]


def test_the_declared_size_is_not_read():
    data = crafted(CRAFTED["far columns"])
    assert re.search(rb"XFD200000", zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml"
    ))  # fmt: skip
    sheet = open_book(data, data_only=True).worksheets[0]
    assert sheet.max_row is None and sheet.max_column is None
    assert [len(row) for row in sheet_values(sheet)] == [16384]


def test_the_reader_tells_whether_the_sheet_has_a_formula():
    """What the import's check of formulas without a cached value starts from (it reads the
    sheet a second time, formulas kept, only then)."""
    for rows_xml, expected in (
        (SHARED["formulas over shared text and numbers"], [True]),
        (CRAFTED["an inline cell with a formula"], [True]),
        (SHARED["cells with and without coordinates"], []),
        (CRAFTED["every other type"], []),
    ):
        found: list = []
        sheet = open_book(crafted(rows_xml, STRINGS), data_only=True).worksheets[0]
        assert list(sheet_values(sheet, found)) and found == expected
