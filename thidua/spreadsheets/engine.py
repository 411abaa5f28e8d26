"""Read, validate and write spreadsheets: the parts every kind of import shares.

A file goes through three gates, each with Vietnamese messages: the file itself (size, a real XLSX,
not a zip bomb), the header row (every column of the template, nothing unknown, no merged cells),
then each row through the kind's form.

Offices keep their lists as documents, not tables: a title block above (the body's name, "DANH
SÁCH … NĂM 2022", merged cells), an "STT" column, headers in their own words, a total and the
signatures below. `find_table` finds the header row among the first rows (the one naming the most
columns, by header or synonym), reads down to the first empty row or footer, and says which rows
it read and which it skipped, and why. Rows are written only when every row passed, inside one
transaction; a dry run does the same work and rolls back, so its counts are the real ones.
"""

import functools
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import DatabaseError, transaction
from openpyxl import Workbook
from openpyxl.cell.text import Text
from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import coordinate_to_tuple, get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet import _reader as sheet_xml
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import (
    CELL_TAG,
    FORMULA_TAG,
    INLINE_STRING,
    ROW_TAG,
    VALUE_TAG,
    WorkSheetParser,
    _cast_number,
)
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from thidua.core import text
from thidua.rules._perf import paused_gc

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A 10 MB XLSX holds far less than this once unzipped; more means a zip bomb, not a roster.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportRefused(Exception):
    """The file cannot be imported; `errors` lists every reason, in Vietnamese; `reading` says
    which rows were read and skipped, when the table was found."""

    def __init__(self, errors, reading=(), unknown_headers=(), headers=()):
        self.errors = list(errors)
        self.reading = list(reading)
        #: (column letter, header) of the headers the kind does not know or cannot tell apart,
        #: for the screen to offer a mapping.
        self.unknown_headers = list(unknown_headers)
        #: Every header of the file's header row, folded, in order (its layout, under which a
        #: chosen mapping is kept).
        self.headers = list(headers)
        super().__init__("\n".join(self.errors))


# A file of 100,000 duplicate rows has 99,999 errors: a page or a terminal lists the first ones
# and says how many more; fixing those and checking again shows the next.
MAX_SHOWN_ERRORS = 200


def shown_errors(errors, limit: int = MAX_SHOWN_ERRORS) -> list[str]:
    """Return the first `limit` errors, and a last line saying how many more there are."""
    errors = list(errors)
    if len(errors) <= limit:
        return errors
    return errors[:limit] + [
        "… và {} lỗi khác (chỉ hiện {} lỗi đầu; sửa các lỗi trên rồi kiểm tra lại để xem "
        "tiếp).".format(_thousands(len(errors) - limit), limit)
    ]


@dataclass(frozen=True)
class Column:
    """One column of a kind's template: its Vietnamese header and how its cells are read."""

    header: str
    name: str
    type: str = (
        "text"  # text, id (text even if typed as a number), int, decimal, date, choice, bool
    )
    required: bool = True  # a cell value is needed (the header is always needed)
    choices: tuple = ()  # (code, label) pairs for type "choice"
    write_code: bool = False  # export the code (HTXS) rather than the label
    width: int = 18
    note: str = ""
    header_required: bool = True  # False for a column only there for people to read (a name)
    #: Other headers offices write for this column, matched like the header (case and
    #: diacritics aside): "Ngày tuyển dụng" for "Ngày vào làm việc".
    synonyms: tuple = ()

    @property
    def key(self) -> str:
        return text.fold(self.header)

    @functools.cached_property  # asked for every cell of the first rows
    def keys(self) -> tuple[str, ...]:
        return tuple(header_key(name) for name in (self.header, *self.synonyms))


def counts_text(result) -> str:
    """Return "N dòng — a thêm mới, b cập nhật, c không đổi" (the screen and the command)."""
    return "{} dòng — {} thêm mới, {} cập nhật, {} không đổi".format(
        result.rows, result.created, result.updated, result.unchanged
    )


@dataclass
class Result:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    #: Rows that say what is stored: nothing written for them, no audit entry.
    unchanged: int = 0
    dry_run: bool = False
    details: dict = field(default_factory=dict)
    #: What was read and skipped, in Vietnamese ("dòng 1–5: tiêu đề của văn bản").
    reading: list = field(default_factory=list)


def where(line: int, column: Column | None, letter: str | None, message) -> str:
    """Return "dòng N, cột X (Tiêu đề): …", or "dòng N: …" for a row-wide error."""
    if column is None:
        return "dòng {}: {}".format(line, message)
    return "dòng {}, cột {} ({}): {}".format(line, letter, column.header, message)


# Reading ------------------------------------------------------------------------------------


# A sheet says how big it is (`<dimension ref="A1:XFD200000">`), and openpyxl pads every row to
# that width; Excel writes such a dimension after formatting whole rows, and a forged one costs
# nothing. The declared size is ignored: rows are read as they are in the file, at most
# MAX_COLUMNS wide, and a file with data past MAX_ROWS lines is refused. 250,000 lines hold the
# largest lists of a province's award register (112,500 rows in bench/awards.py) with room.
MAX_COLUMNS = 200
MAX_ROWS = 250_000


def read_rows(data: bytes) -> list[tuple]:
    """Return the rows of the first sheet, as tuples of values (row 1 first).

    Formulas are read as their cached values (`data_only`); a formula that was never calculated
    (written by a program, not saved by Excel) has none, and is reported rather than read as empty.
    Memory stays bounded whatever the sheet declares: rows are streamed, trimmed of their empty
    cells as they are read, and never padded to the declared dimension.
    """
    if not data:
        raise ImportRefused(["Tệp rỗng (0 byte)."])
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused([too_big_message(len(data))])
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRefused([not_xlsx_message()])
    errors: list[str] = []
    rows: list[tuple] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise ImportRefused(
                ["Tệp giải nén ra quá lớn; đây không phải một bảng tính thông thường."]
            )
        # read_only streams the sheet's XML instead of building every cell object.
        book = open_book(data, data_only=True)
        formulas: list[bool] = []  # told by the reader whether the sheet has any
        for line, row in enumerate(_stream(book.worksheets[0], formulas), start=1):
            if line > MAX_ROWS:
                if row:
                    raise ImportRefused([too_many_rows_message(line)])
                continue  # blank lines below the limit (rows formatted, never filled) are fine
            rows.append(row)
        if formulas:
            raw = open_book(data, data_only=False)
            for line, raw_row in enumerate(_stream(raw.worksheets[0]), start=1):
                if line > len(rows):
                    break
                row = rows[line - 1]
                for col, raw_value in enumerate(raw_row, start=1):
                    # A formula without a value may be the row's last cell, trimmed from `row`.
                    value = row[col - 1] if col <= len(row) else None
                    if value is None and isinstance(raw_value, str) and raw_value.startswith("="):
                        errors.append(
                            "dòng {}, cột {}: ô có công thức «{}» nhưng chưa có giá trị tính sẵn; "
                            "hãy mở tệp bằng Excel và lưu lại, hoặc dán giá trị thay cho công "
                            "thức.".format(line, get_column_letter(col), raw_value)
                        )
    except ImportRefused:
        raise
    except MemoryError:
        # Not the file's fault: say so, rather than call a good file "not an xlsx".
        del rows
        raise ImportRefused([out_of_memory_message()]) from None
    except Exception:  # openpyxl raises a zoo of errors (KeyError, BadZipFile, XML errors…)
        raise ImportRefused([not_xlsx_message()]) from None
    if errors:
        raise ImportRefused(errors)
    return rows


def _stream(sheet, formulas: list | None = None):
    """Yield the sheet's rows lazily, each trimmed of its empty cells at the end; refuse a row
    with data beyond MAX_COLUMNS. `formulas`, if given, gets True when the sheet has one."""
    for line, row in enumerate(sheet_values(sheet, formulas), start=1):
        if len(row) > MAX_COLUMNS:
            beyond = row[MAX_COLUMNS:]
            # count() runs in C: a row padded to column XFD costs microseconds, not a loop.
            if beyond.count(None) != len(beyond):
                column = MAX_COLUMNS + next(i for i, v in enumerate(beyond) if v is not None)
                raise ImportRefused([too_wide_message(line, column + 1)])
            row = row[:MAX_COLUMNS]
        yield _trim(row)


# openpyxl's read-only mode, less the costs that are not reading the rows (openpyxl 3.1.5 is
# pinned; tests/unit/test_sheet_reader.py compares every row with openpyxl's own reading):
# - opening a sheet looks for its declared size, and when the <dimension> element is missing
#   (files written by streaming writers, openpyxl's write-only mode among them) that search
#   parses the whole sheet once more before the rows are read — and the size is ignored here
#   anyway (a declared A1:XFD200000 must not pad the rows);
# - a plain text, one <t> in a cell's <is> (what streaming writers write) or in an <si> of the
#   shared strings table (what Excel and LibreOffice write), is read directly instead of
#   through openpyxl's rich-text object model, a dozen calls each; anything else still goes
#   through openpyxl;
# - a cell of shared text, a number or a date (almost every cell of a roster) is read into the
#   row's values directly: its column from a table of the column letters seen, not a parse of
#   its coordinate, and no dict per cell. Other cells (formulas kept as formulas, booleans,
#   errors, ISO dates, text typed as a formula's result) still go through openpyxl.
_TEXT_TAG = "{{{}}}t".format(SHEET_MAIN_NS)
_STRING_TAG = "{{{}}}si".format(SHEET_MAIN_NS)
_DIGITS = "0123456789"


class _Sheet(ReadOnlyWorksheet):
    def _get_size(self):
        pass  # the declared size is not read: as ReadOnlyWorksheet.reset_dimensions()


class _BookReader(ExcelReader):
    def read_strings(self):
        """ExcelReader.read_strings (openpyxl's read_string_table), plain <si><t> read
        directly."""
        part = self.package.find(SHARED_STRINGS)
        if part is None or self.rich_text:
            return super().read_strings()
        strings = []
        with self.archive.open(part.PartName[1:]) as source:
            for _, node in iterparse(source):
                if node.tag == _STRING_TAG:
                    if len(node) == 1 and node[0].tag == _TEXT_TAG:
                        value = node[0].text or ""
                    else:
                        value = Text.from_tree(node).content
                    strings.append(value.replace("x005F_", ""))
                    node.clear()
        self.shared_strings = strings

    def read_worksheets(self):
        """The read-only branch of ExcelReader.read_worksheets, with _Sheet (chart sheets,
        never read, are left out)."""
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


class _CellParser(WorkSheetParser):
    """WorkSheetParser whose rows are (row number, [(column, value), …])."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: The column of each coordinate's letters seen ("AB": 28).
        self.columns: dict[str, int] = {}
        self.formulas = False  # whether a formula was seen
        self.dates: dict = {}

    def parse(self):
        """WorkSheetParser.parse, the rows looked for first: a sheet is mostly rows, cells and
        values, and every element ends in this loop."""
        x = sheet_xml
        dispatcher = {
            x.COL_TAG: self.parse_column_dimensions, x.PROT_TAG: self.parse_sheet_protection,
            x.EXT_TAG: self.parse_extensions, x.CF_TAG: self.parse_formatting,
            x.LEGACY_TAG: self.parse_legacy, x.ROW_BREAK_TAG: self.parse_row_breaks,
            x.COL_BREAK_TAG: self.parse_col_breaks, x.CUSTOM_VIEWS_TAG: self.parse_custom_views,
        }  # fmt: skip
        properties = {
            x.PRINT_TAG: ("print_options", x.PrintOptions),
            x.MARGINS_TAG: ("page_margins", x.PageMargins),
            x.PAGE_TAG: ("page_setup", x.PrintPageSetup),
            x.HEADER_TAG: ("HeaderFooter", x.HeaderFooter),
            x.FILTER_TAG: ("auto_filter", x.AutoFilter),
            x.VALIDATION_TAG: ("data_validations", x.DataValidationList),
            x.PROPERTIES_TAG: ("sheet_properties", x.WorksheetProperties),
            x.VIEWS_TAG: ("views", x.SheetViewList),
            x.FORMAT_TAG: ("sheet_format", x.SheetFormatProperties),
            x.SCENARIOS_TAG: ("scenarios", x.ScenarioList),
            x.TABLE_TAG: ("tables", x.TablePartList),
            x.HYPERLINK_TAG: ("hyperlinks", x.HyperlinkList),
            x.MERGE_TAG: ("merged_cells", x.MergeCells),
        }
        for _, element in iterparse(self.source):
            tag = element.tag
            if tag in (VALUE_TAG, CELL_TAG):
                continue  # read with their row
            if tag == ROW_TAG:
                row = self.parse_row(element)
                element.clear()
                yield row
            elif tag == FORMULA_TAG:
                self.formulas = True  # read with its cell; the sheet has formulas
            elif tag in dispatcher:
                dispatcher[tag](element)
                element.clear()
            elif tag in properties:
                name, kind = properties[tag]
                setattr(self, name, kind.from_tree(element))
                element.clear()

    def parse_row(self, row):
        """WorkSheetParser.parse_row (less its row_dimensions, unused by a read-only sheet), each
        cell as (column, value): what parse_cell's dict holds."""
        number = row.get("r")
        if number is not None:
            try:
                self.row_counter = int(number)
            except ValueError:
                value = float(number)
                if not value.is_integer():
                    raise ValueError(f"{number} is not a valid row number") from None
                self.row_counter = int(value)
        else:
            self.row_counter += 1
        cells = []
        columns, strings, dates = self.columns, self.shared_strings, self.date_formats
        data_only = self.data_only
        column = 0  # parse_cell's col_counter
        for element in row:
            coordinate = element.get("r")
            kind = element.get("t", "n")
            if coordinate:
                letters = coordinate.rstrip(_DIGITS)
                at = columns.get(letters)
                if at is None or letters == coordinate:
                    # As parse_cell, which raises on a coordinate it cannot read; it splits
                    # the coordinate at its first digit, so any coordinate of these letters
                    # then digits is in this column.
                    at = coordinate_to_tuple(coordinate)[1]
                    if letters and not any(c in _DIGITS for c in letters):
                        columns[letters] = at
            else:
                at = column + 1
            value = _SLOW
            if kind == "s" or kind == "n":
                if data_only or element.find(FORMULA_TAG) is None:
                    value = element.findtext(VALUE_TAG, None)
                    if not value:
                        value = None
                    elif kind == "s":
                        value = strings[int(value)]
                    else:
                        value = _cast_number(value)
                        style_id = element.get("s", 0)
                        if style_id:
                            style_id = int(style_id)
                        if style_id in dates:
                            value = self.date_of(value, style_id)
            elif kind == "inlineStr":
                child = element.find(INLINE_STRING)
                if (
                    child is not None
                    and len(child) == 1
                    and child[0].tag == _TEXT_TAG
                    and (data_only or element.find(FORMULA_TAG) is None)
                ):
                    value = child[0].text or ""
            if value is _SLOW:  # anything else is read by openpyxl
                self.col_counter = column
                cell = super().parse_cell(element)
                at, value = cell["column"], cell["value"]
            column = self.col_counter = at
            cells.append((at, value))
        return self.row_counter, cells

    def date_of(self, value, style_id):
        """parse_cell's from_excel, once per serial number and style (a roster repeats its
        dates), or _SLOW for parse_cell to warn of a number out of range ("#VALUE!")."""
        key = (type(value), value, style_id)
        found = self.dates.get(key)
        if found is None:
            try:
                found = from_excel(value, self.epoch, timedelta=style_id in self.timedelta_formats)
            except (OverflowError, ValueError):
                return _SLOW
            if len(self.dates) >= 10_000:
                self.dates.clear()
            self.dates[key] = found
        return found


_SLOW = object()
_UNREAD = object()  # a cell not read yet (None is a value)


def open_book(data: bytes, *, data_only: bool):
    """Return the workbook as load_workbook(read_only=True) opens it, its sheets unsized."""
    reader = _BookReader(io.BytesIO(data), read_only=True, data_only=data_only)
    reader.read()
    return reader.wb


def sheet_values(sheet, formulas: list | None = None):
    """Yield each row's values as ReadOnlyWorksheet.iter_rows(values_only=True) does for a
    sheet whose dimensions were reset: a missing row as (), a row as wide as its last cell.
    `formulas`, if given, gets True once every row is read if the sheet holds a formula."""
    book = sheet.parent
    with sheet._get_source() as source:
        parser = _CellParser(
            source, sheet._shared_strings, data_only=book.data_only, epoch=book.epoch,
            date_formats=book._date_formats, timedelta_formats=book._timedelta_formats,
        )  # fmt: skip
        counter = 1
        for index, cells in parser.parse():
            while counter < index:  # rows the file leaves out
                counter += 1
                yield ()
            if counter > index:  # a row number out of order: openpyxl skips it
                continue
            counter += 1
            if not cells:
                yield ()
                continue
            width = cells[-1][0]
            values = [None] * width
            for column, value in cells:
                if 1 <= column <= width:
                    values[column - 1] = value
            yield tuple(values)
        if formulas is not None and parser.formulas:
            formulas.append(True)


def _trim(row) -> tuple:
    """Drop the empty cells at the end of a row (a merged title can make rows very wide)."""
    end = len(row)
    while end and _blank(row[end - 1]):
        end -= 1
    return tuple(row[:end])


def too_many_rows_message(line: int) -> str:
    return (
        "Tệp có dữ liệu ở dòng {}, quá giới hạn {} dòng của một lần nhập; hãy chia thành "
        "nhiều tệp nhỏ hơn.".format(line, _thousands(MAX_ROWS))
    )


def too_wide_message(line: int, column: int) -> str:
    return (
        "dòng {}: có dữ liệu ở cột {}, ngoài {} cột đầu mà bảng tính được đọc; hãy xoá các ô "
        "thừa ở bên phải bảng.".format(line, get_column_letter(column), MAX_COLUMNS)
    )


def out_of_memory_message() -> str:
    return (
        "Máy chủ không đủ bộ nhớ để đọc tệp lúc này; tệp không bị coi là sai. Hãy thử lại sau, "
        "hoặc chia tệp thành nhiều tệp nhỏ hơn."
    )


def _thousands(number: int) -> str:
    return "{:,}".format(number).replace(",", ".")


def too_big_message(size: int) -> str:
    return "Tệp quá lớn ({:.1f} MB); giới hạn là {} MB.".format(
        size / 1024 / 1024, MAX_UPLOAD_BYTES // 1024 // 1024
    )


def not_xlsx_message() -> str:
    return (
        "Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Hãy tải tệp mẫu, điền vào và lưu dưới "
        "dạng Excel Workbook (.xlsx)."
    )


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _all_blank(row) -> bool:
    return all(_blank(v) for v in row)


def has_more_rows_than(data: bytes, limit: int) -> bool:
    """Whether the first sheet has more than `limit` lines holding a value (titles, headers and
    footers too, not blank lines): what decides whether an import is checked in the request or
    by a background worker. Reading stops at the first line past `limit`, so the request pays
    for `limit` lines, not the file's 100,000. A file that cannot be read answers False: the
    request then says why, as for any file."""
    if not data.startswith(b"PK\x03\x04") or len(data) > MAX_UPLOAD_BYTES:
        return False
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            return False
        filled = 0
        for row in _stream(open_book(data, data_only=True).worksheets[0]):
            if not _all_blank(row):
                filled += 1
                if filled > limit:
                    return True
    except Exception:  # openpyxl's zoo of errors, ImportRefused: read_rows says which
        return False
    return False


# Finding the table ---------------------------------------------------------------------------

# The header row is looked for among the first rows only: a title block is a few lines, and a
# file of 100,000 rows must not be scanned twice.
HEADER_SCAN_ROWS = 30
# Columns offices add for people to read, ignored (the row number, remarks).
IGNORED_HEADERS = {
    "stt": "số thứ tự",
    "tt": "số thứ tự",
    "so tt": "số thứ tự",
    "so thu tu": "số thứ tự",
    "ghi chu": "ghi chú",
}
SKIP = "bỏ qua"  # what --map (and the screen) write for a column to ignore
_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2212]\s*")
_NOTE_IN_HEADER = re.compile(r"\s*(\([^)]*\)|\*)\s*$")
_TOTAL = re.compile(r"^(tong cong|tong so\s*:|cong(\s*[:(\d].*)?$)")
_SIGNATURE = re.compile(
    r"^\(?(nguoi lap (bieu|bang)|thu truong (don vi|co quan)|ky,? ghi ro ho ten|ky ten)"
)
_PLACE_AND_DATE = re.compile(r"^([^,\d]{2,60},\s*)?ngay\b.{0,12}\bthang\b.{0,12}\bnam\b")


@functools.lru_cache(maxsize=4096)
def _header_key(value: str) -> str:
    key = text.fold(value)
    while True:
        shorter = _NOTE_IN_HEADER.sub("", key)
        if shorter == key:
            break
        key = shorter
    return _DASHES.sub(" - ", key).strip(" :")


def header_key(value) -> str:
    """Return how a header is compared: folded, dashes alike, a trailing "(dd/mm/yyyy)" or "*"
    dropped. Cached: the header search asks it of every column's names for every cell of the
    first rows."""
    return _header_key(str(value))


def _candidates(key: str, columns) -> list[Column]:
    """Return the columns a folded header may name: by header or synonym, else those whose name
    the header starts with ("Ngày sinh của cán bộ"); more than one is ambiguous."""
    exact = [c for c in columns if key in c.keys]
    if exact:
        return exact
    return [c for c in columns if any(key.startswith(k + " ") for k in c.keys)]


def _footer(row) -> str | None:
    """Return why a row below the table is not data (a total, a signature, a place and date)."""
    first = next((v for v in row if not _blank(v)), None)
    if not isinstance(first, str):
        return None
    if first[0] in _DIGITS:
        # A code or a number: folding keeps its first digit, which none of the patterns below
        # starts with (nor its optional place, which has no digit) — not folded for nothing.
        return None
    key = text.fold(first)
    if _TOTAL.match(key):
        return "dòng tổng cộng"
    if _SIGNATURE.match(key) or _PLACE_AND_DATE.match(key):
        return "phần ký tên cuối văn bản"
    return None


def _numbering(row) -> bool:
    """Whether a row only numbers the columns ("1 2 3 …" or "(1) (2) (3) …") under the header."""
    values = [v for v in row if not _blank(v)]
    if len(values) < 2:
        return False
    numbers = []
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            numbers.append(value)
            continue
        found = re.fullmatch(r"\(?(\d{1,2})\)?", str(value).strip())
        if not found:
            return False
        numbers.append(int(found.group(1)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _lines(first: int, last: int) -> str:
    return "dòng {}".format(first) if first == last else "dòng {}–{}".format(first, last)


def _group(lines_and_reasons) -> list[str]:
    """Return "dòng 1–5: lý do" for each run of consecutive lines skipped for the same reason."""
    runs: list[list] = []
    for line, reason in lines_and_reasons:
        if runs and runs[-1][2] == reason and runs[-1][1] == line - 1:
            runs[-1][1] = line
        else:
            runs.append([line, line, reason])
    return ["{}: {}".format(_lines(first, last), reason) for first, last, reason in runs]


@dataclass
class Table:
    """Where the data sits in a sheet: its header line, the columns by cell position, the data
    rows as (line, values), and what was skipped, in Vietnamese."""

    header_line: int
    positions: dict
    body: list
    reading: list


def _header_line(rows, columns, mapping) -> int | None:
    """Return the line (1-based) among the first rows that names the most known columns."""
    best, best_count = None, 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        count = 0
        for value in row:
            if _blank(value) or isinstance(value, datetime | date):
                continue
            key = header_key(value)
            if key in mapping or _candidates(key, columns):
                count += 1
        if count > best_count:
            best, best_count = index, count
    return best


def not_found_message(columns, rows: int) -> list[str]:
    where = (
        "trong {} dòng đầu".format(HEADER_SCAN_ROWS)
        if rows > HEADER_SCAN_ROWS
        else "trong cả {} dòng".format(rows)
    )
    return [
        "Không tìm thấy dòng tiêu đề của bảng: {} của trang tính thứ nhất không dòng nào có tên "
        "cột của mẫu.".format(where),
        "Cần một dòng tiêu đề có các cột: {}.".format(
            "; ".join(_accepted(c) for c in columns if c.header_required)
        ),
    ]


def _accepted(column: Column) -> str:
    if not column.synonyms:
        return "«{}»".format(column.header)
    return "«{}» (hoặc {})".format(
        column.header, ", ".join("«{}»".format(s) for s in column.synonyms)
    )


def parse_mapping(pairs, columns) -> dict[str, Column | None]:
    """Return {header key: column, or None to skip} from "Tiêu đề trong tệp=cột" pairs.

    The column is named by its field (hired_on), its header or a synonym; "bỏ qua" skips.
    """
    mapping: dict[str, Column | None] = {}
    errors = []
    for pair in pairs or ():
        header, sep, target = pair.partition("=")
        if not sep or not header.strip() or not target.strip():
            errors.append(
                "--map «{}»: hãy ghi dạng «Tiêu đề trong tệp=cột», ví dụ «Ngày tuyển dụng="
                "Ngày vào làm việc».".format(pair)
            )
            continue
        key = header_key(target)
        if key in (text.fold(SKIP), "-", "skip"):
            mapping[header_key(header)] = None
            continue
        found = [c for c in columns if c.name == target.strip() or key in c.keys]
        if len(found) != 1:
            errors.append(
                "--map «{}»: không có cột «{}»; dùng tên cột hoặc tên trường: {}; "
                "hoặc «{}».".format(
                    pair,
                    text.clean(target),
                    ", ".join("{} ({})".format(c.header, c.name) for c in columns),
                    SKIP,
                )
            )
            continue
        mapping[header_key(header)] = found[0]
    if errors:
        raise ImportRefused(errors)
    return mapping


def match_headers(header_row, columns, *, line: int = 1, mapping=None) -> dict[int, Column]:
    """Map each cell position of the header row to its column, or refuse with every problem.

    Positions of ignored columns (STT, Ghi chú, or mapped to «bỏ qua») are left out.
    """
    mapping = mapping or {}
    found: dict[int, Column] = {}
    errors = []
    unknown = []
    first = next((i for i, v in enumerate(header_row) if not _blank(v)), 0)
    last = max((i for i, v in enumerate(header_row) if not _blank(v)), default=-1)
    for index in range(first, last + 1):
        value = header_row[index]
        letter = get_column_letter(index + 1)
        if _blank(value):
            errors.append(
                "dòng {}, cột {}: ô tiêu đề trống (thường do gộp ô); đừng gộp ô hay để trống "
                "ở dòng tiêu đề.".format(line, letter)
            )
            continue
        key = header_key(value)
        if key in mapping:
            if mapping[key] is None:
                continue
            candidates = [mapping[key]]
        elif key in IGNORED_HEADERS:
            continue
        else:
            candidates = _candidates(key, columns)
        if len(candidates) != 1:
            unknown.append((letter, text.clean(str(value))))
        if not candidates:
            errors.append(
                "dòng {}, cột {}: tiêu đề «{}» không có trong mẫu.".format(
                    line, letter, text.clean(str(value))
                )
            )
        elif len(candidates) > 1:
            errors.append(
                "dòng {}, cột {}: tiêu đề «{}» có thể là cột {}; không tự đoán: hãy đổi tên cột "
                'trong tệp theo mẫu (nhập bằng lệnh: --map "{}=tên cột").'.format(
                    line,
                    letter,
                    text.clean(str(value)),
                    " hoặc ".join("«{}»".format(c.header) for c in candidates),
                    text.clean(str(value)),
                )
            )
        elif candidates[0] in found.values():
            errors.append(
                "dòng {}, cột {}: tiêu đề «{}» bị lặp.".format(line, letter, candidates[0].header)
            )
        else:
            found[index] = candidates[0]
    missing = [c for c in columns if c.header_required and c not in found.values()]
    for column in missing:
        errors.append("dòng {}: thiếu cột «{}».".format(line, column.header))
    if errors:
        errors.append("Các cột của mẫu: {}.".format(", ".join(c.header for c in columns)))
        if missing:
            errors.append(
                "Tên cột được chấp nhận cho các cột còn thiếu: {}.".format(
                    "; ".join(_accepted(c) for c in missing)
                )
            )
        raise ImportRefused(
            errors,
            unknown_headers=unknown,
            headers=[header_key(v) for v in header_row if not _blank(v)],
        )
    return found


def _known(key: str, columns, mapping) -> bool:
    return key in mapping or key in IGNORED_HEADERS or len(_candidates(key, columns)) == 1


def _sub_headers(top, sub, columns, mapping) -> list | None:
    """Return the one header row that `top` and the row under it make when the header runs over
    two rows (a group's title merged across its columns above their own headers, the other
    headers merged down both rows); None when `sub` is not such a second header row.

    A cell of `sub` names its column alone ("Sinh") or after its group ("Ngày" + "Sinh");
    every one of them must name a known column, so a data row is never taken for headers.
    """
    width = max(len(top), len(sub))
    top = list(top) + [None] * (width - len(top))
    sub = list(sub) + [None] * (width - len(sub))
    filled = [i for i in range(width) if not _blank(sub[i])]
    if not filled or any(not isinstance(sub[i], str) for i in filled):
        return None
    if not any(_blank(top[i]) for i in filled):  # no merged group above any of them
        return None
    # Some header of `top` runs down both rows (so a title or an empty row above a one-row
    # header is never taken for the first of two).
    if not any(
        not _blank(top[i]) and _blank(sub[i]) and isinstance(top[i], str)
        and _known(header_key(top[i]), columns, mapping)
        for i in range(width)
    ):  # fmt: skip
        return None
    combined, group = [], None
    for i in range(width):
        if not _blank(top[i]):
            group = text.clean(str(top[i]))
        if _blank(sub[i]):
            combined.append(top[i])
            continue
        alone = text.clean(sub[i])
        joined = "{} {}".format(group, alone) if group else alone
        key = header_key(alone)
        # "Họ đệm" and "Tên" under "Họ và tên" stay apart here: the name's two columns are
        # joined next (_join_name_columns).
        if _known(key, columns, mapping) or key in FAMILY_HEADERS | GIVEN_HEADERS:
            combined.append(alone)
        elif _known(header_key(joined), columns, mapping):
            combined.append(joined)
        else:
            return None
    return combined


def _two_row_header(rows, line: int, columns, mapping) -> tuple[list, int, bool]:
    """Return (rows, header line, whether the next line is a second header row): the header
    row replaced by the two rows' headers when the header runs over two rows."""
    for top in (line, line - 1):
        if top < 1 or top >= len(rows):
            continue
        combined = _sub_headers(rows[top - 1], rows[top], columns, mapping)
        if combined is not None:
            return [*rows[: top - 1], tuple(combined), *rows[top:]], top, True
    return rows, line, False


# A name split over two columns, as many offices keep it: "Họ" (or "Họ đệm") and "Tên".
FAMILY_HEADERS = frozenset({"ho", "ho dem", "ho va ten dem", "ho va chu dem", "ho, ten dem",
                            "ho, chu dem", "ho lot"})  # fmt: skip
GIVEN_HEADERS = frozenset({"ten", "ten goi"})
FULL_NAME = "full_name"


def _join_name_columns(rows, line: int, columns, mapping) -> tuple[list, str | None]:
    """Return the rows with a "Họ" column and the "Tên" column after it joined into one "Họ và
    tên" column (the header row and every row below), and a note saying so; the rows as they
    are when the kind has no full name, the file has one, or no such pair sits side by side."""
    target = next((c for c in columns if c.name == FULL_NAME), None)
    header = rows[line - 1]
    keys = [None if _blank(v) else header_key(v) for v in header]
    if target is None or any(k is not None and (
        (k in mapping and mapping[k] is target) or (k not in mapping and target in _candidates(
            k, columns))) for k in keys):  # fmt: skip
        return rows, None
    pairs = [i for i in range(len(keys) - 1)
             if keys[i] in FAMILY_HEADERS and keys[i + 1] in GIVEN_HEADERS]  # fmt: skip
    if len(pairs) != 1:
        return rows, None
    at = pairs[0]

    def joined(row, value):
        row = list(row) + [None] * max(0, at + 2 - len(row))
        return tuple(row[:at] + [value] + row[at + 2:])

    def name(row):
        parts = [text.clean(str(row[i])) for i in (at, at + 1) if i < len(row) and not
                 _blank(row[i])]  # fmt: skip
        return " ".join(part for part in parts if part) or None

    out = list(rows[: line - 1]) + [joined(header, target.header)]
    out += [joined(row, name(row)) for row in rows[line:]]
    note = "Cột {} («{}») và cột {} («{}»): ghép thành «{}».".format(
        get_column_letter(at + 1), text.clean(str(header[at])), get_column_letter(at + 2),
        text.clean(str(header[at + 1])), target.header,
    )  # fmt: skip
    return out, note


def find_table(rows, columns, *, mapping=None) -> Table:
    """Find the header row and the data rows below it; refuse, saying where it looked, if none.

    The table ends at the first empty row or at a footer (a total, a place and date, a
    signature); a row after an empty row that fills every required column is refused rather
    than silently left out.
    """
    mapping = mapping or {}
    if not rows or all(_all_blank(row) for row in rows[:HEADER_SCAN_ROWS]):
        raise ImportRefused(
            ["Tệp không có dòng tiêu đề ({} dòng đầu trống); hãy dùng tệp mẫu.".format(
                min(len(rows), HEADER_SCAN_ROWS) or 1
            )]
        )  # fmt: skip
    line = _header_line(rows, columns, mapping)
    if line is None:
        raise ImportRefused(not_found_message(columns, len(rows)))
    rows, line, two_rows = _two_row_header(rows, line, columns, mapping)
    skipped = [(n, "tiêu đề của văn bản") for n in range(1, line)]
    rows, joined_note = _join_name_columns(rows, line, columns, mapping)
    positions = match_headers(rows[line - 1], columns, line=line, mapping=mapping)
    ignored = sorted(
        set(range(len(rows[line - 1]))) - set(positions) - {
            i for i, v in enumerate(rows[line - 1]) if _blank(v)
        }
    )  # fmt: skip
    body, end_reason, ended_at = [], None, None
    start = line + 1
    if two_rows:
        skipped.append((start, "dòng tiêu đề thứ hai (tiêu đề cột chia hai dòng)"))
        start += 1
    if start <= len(rows) and _numbering(rows[start - 1]):
        skipped.append((start, "dòng đánh số cột"))
        start += 1
    required = [i for i, c in positions.items() if c.required]
    for number in range(start, len(rows) + 1):
        row = rows[number - 1]
        data = [row[i] if i < len(row) else None for i in positions]
        if end_reason is None:
            footer = _footer(row)
            if footer:
                end_reason, ended_at = footer, number
                skipped.append((number, footer))
            elif _all_blank(data):
                end_reason, ended_at = "empty", number
                skipped.append((number, "dòng trống, hết bảng"))
            else:
                body.append((number, row))
            continue
        if _all_blank(row):
            skipped.append((number, "dòng trống"))
            continue
        footer = _footer(row)
        if (
            end_reason == "empty"
            and footer is None
            and required
            and all(i < len(row) and not _blank(row[i]) for i in required)
        ):
            raise ImportRefused(
                [
                    "dòng {}: có dữ liệu sau dòng trống ở dòng {} (bảng kết thúc ở dòng trống); "
                    "hãy xoá dòng trống để bảng liền một khối.".format(number, ended_at)
                ]
            )
        skipped.append((number, footer or "phần cuối văn bản, sau bảng"))
    reading = ["Dòng tiêu đề cột: dòng {}{}.".format(
        line, " và {} (tiêu đề chia hai dòng)".format(line + 1) if two_rows else "")]
    if joined_note:
        reading.append(joined_note)
    if body:
        reading.append(
            "Đã đọc {} dòng dữ liệu, từ dòng {} đến dòng {}.".format(
                len(body), body[0][0], body[-1][0]
            )
        )
    for index in ignored:
        value = text.clean(str(rows[line - 1][index]))
        reason = IGNORED_HEADERS.get(header_key(value), "theo lựa chọn «{}»".format(SKIP))
        reading.append(
            "Cột {} («{}»): bỏ qua ({}).".format(get_column_letter(index + 1), value, reason)
        )
    reading += ["Bỏ qua {}.".format(part) for part in _group(skipped)]
    return Table(header_line=line, positions=positions, body=body, reading=reading)


# Cells -----------------------------------------------------------------------------------------


class CellError(ValueError):
    pass


def _number_text(value) -> str:
    if isinstance(value, bool):
        raise CellError("phải là chữ hoặc số, không phải đúng/sai")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@functools.lru_cache(maxsize=256)
def choice_keys(choices: tuple) -> dict[str, str]:
    """Return {what a person may type, folded: code} for a choice column (built once per column:
    a file of 100,000 rows would otherwise fold every label of every row)."""
    keys: dict[str, str] = {}
    for code, label in choices:
        # "de tai" is the code de_tai typed by a person: underscores read as spaces.
        # A label naming two levels ("Cấp tỉnh/bộ") is also typed by its first ("Cấp tỉnh").
        for typed in (text.fold(code), text.fold(code).replace("_", " "), text.fold(label),
                      text.fold(label.split("/", 1)[0])):  # fmt: skip
            keys.setdefault(typed, code)  # the first choice wins, as the loop it replaces
    return keys


_DATE_NUMBERS = re.compile(r"^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$")
_DATE_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s+thang\s+(\d{1,2})\s*,?\s+nam\s+(\d{4})$")


def parse_date(typed: str, *, today: date | None = None) -> date | None:
    """Return the date offices type as text, day first, or None if it is not one.

    12/05/1975, 12-05-1975, 12.05.1975, 12/5/75 and "ngày 12 tháng 5 năm 1975"; a two-digit year
    is this century's unless that would be in the future (5/3/98 is 1998).
    """
    key = text.fold(typed)
    found = _DATE_NUMBERS.match(key)
    if found:
        day, month, year = int(found.group(1)), int(found.group(3)), found.group(4)
        if len(year) == 2:
            today = today or date.today()
            year = 2000 + int(year) if 2000 + int(year) <= today.year else 1900 + int(year)
        year = int(year)
    else:
        found = _DATE_WORDS.match(key)
        if not found:
            return None
        day, month, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_cell(column: Column, value):
    """Turn a raw cell into what the row form expects, or raise CellError with a message."""
    if _blank(value):
        return ""
    if column.type in ("text", "id"):
        if isinstance(value, datetime | date):
            raise CellError("phải là chữ, không phải ngày")
        return text.clean(_number_text(value) if not isinstance(value, str) else value)
    if column.type == "int":
        if isinstance(value, int | float) and not isinstance(value, bool):
            if isinstance(value, float) and not value.is_integer():
                raise CellError("phải là số nguyên, không phải {}".format(value))
            return int(value)
        if isinstance(value, datetime | date):
            raise CellError("phải là số, không phải ngày")
        return text.clean(str(value))
    if column.type == "decimal":
        if isinstance(value, bool):
            raise CellError("phải là số, không phải đúng/sai")
        if isinstance(value, int | float | Decimal):
            return _number_text(value)
        if isinstance(value, datetime | date):
            raise CellError("phải là số, không phải ngày")
        # Vietnamese writes the decimal separator as a comma: 85,5.
        return text.clean(str(value)).replace(",", ".")
    if column.type == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float):
            raise CellError(
                "phải là ngày (dd/mm/yyyy), không phải số {}".format(_number_text(value))
            )
        typed = text.clean(str(value))
        # A date that does not exist (31/02) stays text, for the form's own message.
        return parse_date(typed) or typed
    if column.type == "choice":
        key = text.fold(_number_text(value) if not isinstance(value, str) else value)
        code = choice_keys(column.choices).get(key)
        if code is not None:
            return code
        raise CellError(
            "«{}» không có; dùng một trong: {}".format(
                text.clean(str(value)),
                ", ".join(code if column.write_code else label for code, label in column.choices),
            )
        )
    if column.type == "bool":
        if isinstance(value, bool):
            return value
        key = text.fold(_number_text(value))
        if key in ("co", "x", "1", "true", "dung"):
            return True
        if key in ("khong", "0", "false", "sai", ""):
            return False
        raise CellError("ghi «Có» hoặc «Không», không phải «{}»".format(text.clean(str(value))))
    raise AssertionError(column.type)


def write_cell(column: Column, value):
    """Return the value an export writes for this column (dates stay dates, codes as labelled)."""
    if value is None or value == "":
        return None
    if column.type == "choice":
        return value if column.write_code else dict(column.choices).get(value, value)
    if column.type == "bool":
        return "Có" if value else "Không"
    if column.type == "id":
        return str(value)
    if column.type == "decimal":
        return int(value) if value == int(value) else float(value)
    return value


# Writing -------------------------------------------------------------------------------------


# What makes a spreadsheet program read typed text as a formula: "=", and in Excel and LibreOffice
# also "+", "-" and "@" (the old Lotus prefixes), a tab or a carriage return before them. A title
# such as =HYPERLINK("http://…","Xem") proposed by anyone would otherwise be a live formula in
# the secretary's export (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def put(sheet, row: int, column: int, value):
    """Write a value into a cell; text that a spreadsheet program would take for a formula is
    written as plain text with Excel's "quote prefix" instead.

    The cell is a string cell (`t="s"`, never `<f>`), so neither Excel nor LibreOffice evaluates
    it on opening; the quote prefix (`quotePrefix="1"` on its style, what Excel sets when one
    types a leading apostrophe) keeps it text when someone edits the cell and presses Enter, and
    shows no apostrophe. The stored value is the text itself, unchanged, so the importer reads
    back exactly what was exported — unlike a "'" written into the value, which a re-import
    could not tell from a title that really starts with one. Numbers, dates and booleans are
    written as they are: -5 stays the number -5.
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"  # openpyxl made "=…" a formula; it is text
        cell.quotePrefix = True
    return cell


@dataclass(frozen=True)
class OfficeFrame:
    """What a "bản in" writes around the table, in the organisation's layout (as the printed
    lists of thidua/documents): the heading block, a title, the total, the place and date, and
    the signature lines. Every line of the footer is one the importer recognises (`_footer`), so
    the printed file re-imports as it is."""

    parent_body: str  # upper case, "" when the organisation has none
    issuer: str  # upper case
    heading: str  # the national motto's first line, or the Party's name
    motto: str  # "Độc lập - Tự do - Hạnh phúc", "" in the Party layout
    title: str  # "DANH SÁCH … NĂM 2022"
    place_date: str  # "Hà Tĩnh, ngày 04 tháng 12 năm 2026"
    signer_title: str
    counted: str = "dòng"  # what "Tổng cộng: N …" counts
    signer_name: str = "………………………………"


# Column widths above this sum do not fit an A4 portrait page (about 90 characters of the
# default font at fit-to-width); wider tables are printed landscape.
PORTRAIT_MAX_WIDTH = 95
PREPARER = "NGƯỜI LẬP BIỂU"
NUMBER_HEADER = "STT"  # the row number offices print; the importer ignores the column


def build_workbook(
    title: str, columns, rows=(), notes=(), frame: OfficeFrame | None = None
) -> bytes:
    """Return an XLSX with the header row, ID columns formatted as text, and the given rows.

    With a `frame` ("bản in"), the table sits below the organisation's heading and a title, with
    a numbering column, borders, print set-up and the signature block under it; without one, the
    header is row 1 (the template's layout).
    """
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    rows = list(rows)
    guided = columns
    # Where the table starts: row 1, or below the heading block and the title (and an empty row).
    first_line = 1
    if frame is not None:
        rows = [[number, *row] for number, row in enumerate(rows, start=1)]
        columns = (Column(NUMBER_HEADER, "_number", type="int", width=6), *columns)
        for index, column in enumerate(columns, start=1):  # the heading's rows fit these
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        first_line = _write_heading(sheet, frame, len(columns))
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=first_line, column=index, value=column.header)
        cell.font = header_font
        cell.fill = header_fill
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.type == "id":
            # Typed codes stay text, so 00123 keeps its zeros (Excel reads the column's format).
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A{}".format(first_line + 1)
    for row_index, row in enumerate(rows, start=first_line + 1):
        for index, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = put(sheet, row_index, index, write_cell(column, value))
            if column.type == "id":
                cell.number_format = "@"
            elif column.type == "date":
                cell.number_format = "DD/MM/YYYY"
    if frame is not None:
        _finish_office(sheet, frame, columns, first_line, len(rows))
    guide = book.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 90
    lines = [("Cột", "Cách ghi"), *((c.header, _explain(c)) for c in guided)]
    lines += [("", note) for note in notes]
    for row_index, line in enumerate(lines, start=1):
        for index, value in enumerate(line, start=1):
            put(guide, row_index, index, value or None)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _halves(width: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The left and right blocks of a heading or signature line, as (first, last) columns."""
    split = max(1, width // 2)
    return (1, split), (min(split + 1, width), width)


def _line(sheet, row: int, span: tuple[int, int], value: str, *, bold=False, italic=False):
    """Write one centred line of the heading or the footer over the columns of `span`."""
    first, last = span
    cell = put(sheet, row, first, value)
    cell.font = Font(bold=bold, italic=italic)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    # Neither Excel nor LibreOffice grows a merged cell's row to its wrapped text: give the row
    # the lines the text needs in the span's width (a capital takes about 1.2 widths).
    span_width = sum(
        sheet.column_dimensions[get_column_letter(i)].width or 9 for i in range(first, last + 1)
    )
    lines = max(1, math.ceil(len(value) * 1.2 / max(span_width, 1)))
    height = sheet.row_dimensions[row].height or 15
    sheet.row_dimensions[row].height = max(height, 15 * lines)
    return cell


def _write_heading(sheet, frame: OfficeFrame, width: int) -> int:
    """Write the heading block and the title; return the line of the table's header."""
    left, right = _halves(width)
    left_lines = [line for line in (frame.parent_body, frame.issuer) if line]
    right_lines = [line for line in (frame.heading, frame.motto) if line]
    for offset in range(max(len(left_lines), len(right_lines))):
        row = offset + 1
        if offset < len(left_lines):
            # The parent body in plain capitals, the issuing body bold (Nghị định 30/2020 layout).
            bold = offset == len(left_lines) - 1
            _line(sheet, row, left, left_lines[offset], bold=bold)
        if offset < len(right_lines):
            _line(sheet, row, right, right_lines[offset], bold=True)
    row = max(len(left_lines), len(right_lines)) + 2  # an empty row before the title
    title = _line(sheet, row, (1, width), frame.title, bold=True)
    title.font = Font(bold=True, size=13)
    sheet.row_dimensions[row].height = max(sheet.row_dimensions[row].height, 18)
    return row + 2  # an empty row, then the table


def _finish_office(sheet, frame: OfficeFrame, columns, header_line: int, count: int) -> None:
    """Borders, the footer lines and the print set-up of a "bản in"."""
    width = len(columns)
    last_line = header_line + count
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for row in sheet.iter_rows(min_row=header_line, max_row=last_line, max_col=width):
        for cell in row:
            cell.border = border
            if cell.row == header_line:
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            else:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    # The footers, each a line the importer stops at: the total, the place and date, the signers.
    total = put(sheet, last_line + 1, 1, "Tổng cộng: {} {}".format(count, frame.counted))
    total.font = Font(bold=True)
    left, right = _halves(width)
    place = last_line + 3
    _line(sheet, place, right, frame.place_date, italic=True)
    _line(sheet, place + 1, left, PREPARER, bold=True)
    _line(sheet, place + 1, right, frame.signer_title, bold=True)
    _line(sheet, place + 5, left, frame.signer_name)
    _line(sheet, place + 5, right, frame.signer_name)
    # Print: A4, portrait or landscape by the table's width, fit to the page's width, the header
    # row on every page.
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    total_width = sum(column.width for column in columns)
    setup.orientation = "landscape" if total_width > PORTRAIT_MAX_WIDTH else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "{0}:{0}".format(header_line)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.print_area = "A1:{}{}".format(get_column_letter(width), place + 5)


def _explain(column: Column) -> str:
    parts = ["bắt buộc" if column.required else "có thể để trống"]
    if column.type == "id":
        parts.append("ghi dạng chữ, giữ số 0 ở đầu")
    elif column.type == "date":
        parts.append("ngày dạng dd/mm/yyyy")
    elif column.type == "int":
        parts.append("số nguyên")
    elif column.type == "decimal":
        parts.append("số, phần thập phân sau dấu phẩy (ví dụ 85,5)")
    elif column.type == "bool":
        parts.append("Có hoặc Không")
    elif column.type == "choice":
        parts.append(
            "một trong: {}".format(
                "; ".join(code if column.write_code else label for code, label in column.choices)
            )
        )
    if column.note:
        parts.append(column.note)
    if not column.header_required:
        parts.append("có thể bỏ cả cột")
    if column.synonyms:
        parts.append(
            "tiêu đề khác được chấp nhận: {}".format(
                ", ".join("«{}»".format(s) for s in column.synonyms)
            )
        )
    return "; ".join(parts)


# The import itself ---------------------------------------------------------------------------


MEMO_LIMIT = 100_000  # distinct cells kept by run_import's memo (bounded memory)


def run_import(
    kind, data: bytes, *, organization, user=None, dry_run=False, mapping=(), progress=None
) -> Result:
    """Validate every row of `data` as `kind`; write them all in one transaction, or nothing.

    `mapping` holds "Tiêu đề trong tệp=cột" pairs for headers the kind does not know.
    Raise ImportRefused with every error found. A dry run does all the work, then rolls back.
    `progress(done, total, step)`, when given, is told the rows checked every PROGRESS_ROWS
    rows and when the writing starts (a background job's progress bar; it must be cheap).

    The cyclic garbage collector is paused meanwhile (`thidua.rules._perf.paused_gc`, as the
    rules engine does): a file's rows, cells, instances and audit entries are hundreds of
    thousands of objects that live until the import ends, and the collections their allocation
    set off walked them all again and again — a quarter of a staff import's time. The import
    makes next to no reference cycles; what it makes is collected by a later collection.
    """
    with paused_gc():
        return _run_import(kind, data, organization, user, dry_run, mapping, progress)


#: How often run_import tells its progress, in rows checked.
PROGRESS_ROWS = 100


def _run_import(kind, data: bytes, organization, user, dry_run, mapping, progress) -> Result:
    columns = parse_mapping(mapping, kind.columns)
    table = find_table(read_rows(data), kind.columns, mapping=columns)
    positions, body = table.positions, table.body
    if not body:
        raise ImportRefused(
            ["Tệp chỉ có dòng tiêu đề (dòng {}), không có dòng dữ liệu nào.".format(
                table.header_line
            )],
            table.reading,
        )  # fmt: skip
    result = Result(kind=kind.name, rows=len(body), dry_run=dry_run, reading=table.reading)
    try:
        with transaction.atomic():
            batch = kind.start(organization=organization, user=user)
            errors: list[tuple[int, int, str]] = []
            letters = {c.name: (i, get_column_letter(i + 1)) for i, c in positions.items()}
            by_name = {c.name: c for c in kind.columns}
            # read_cell is pure, and a file repeats most of its cells (genders, units, dates,
            # "Có"): each distinct (column, type, value) is read once (refusals are not kept).
            # A text cell is known by its text alone (no other key equals a str: 1, 1.0 and True
            # are told apart by their type).
            readers = [(index, column, column.name, {}) for index, column in positions.items()]
            kept = 0
            total = len(body)
            for checked, (line, row) in enumerate(body):
                if progress is not None and checked % PROGRESS_ROWS == 0:
                    progress(checked, total, "kiểm tra các dòng")
                values, unreadable = {}, set()
                width = len(row)
                for index, column, name, memo in readers:
                    raw = row[index] if index < width else None
                    cell_type = type(raw)
                    key = raw if cell_type is str else (cell_type, raw)
                    try:
                        found = memo.get(key, _UNREAD)  # a KeyError per new value cost more
                    except TypeError:  # an unhashable cell (a formula object): not kept
                        key, found = None, _UNREAD
                    if found is not _UNREAD:
                        values[name] = found
                        continue
                    try:
                        values[name] = value = read_cell(column, raw)
                        if key is not None:
                            if kept >= MEMO_LIMIT:
                                for _, _, _, memo_of_column in readers:
                                    memo_of_column.clear()
                                kept = 0
                            memo[key] = value
                            kept += 1
                    except CellError as error:
                        unreadable.add(name)
                        values[name] = ""
                        errors.append((line, index, where(line, column, letters[name][1], error)))
                # The form still checks the other cells, so one pass lists every error of the row.
                for name, message in batch.add(line, values):
                    if unreadable and (name is None or name in unreadable):
                        continue  # a duplicate or a cross-field check is moot until the row reads
                    index, letter = letters.get(name, (len(positions), None))
                    errors.append((line, index, where(line, by_name.get(name), letter, message)))
            errors.sort(key=lambda error: error[:2])
            errors = [message for _, _, message in errors]
            if errors:
                raise ImportRefused(errors, table.reading)
            if progress is not None:
                progress(total, total, "ghi vào cơ sở dữ liệu")
            result.created, result.updated = batch.write()
            # Every row is one record (duplicates are refused): what was neither created nor
            # changed is as stored.
            result.unchanged = result.rows - result.created - result.updated
            result.details.update(getattr(batch, "details", {}))
            # What the batch changed on the way in (codes put in the organisation's format).
            result.reading += getattr(batch, "notes", [])
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as error:
        raise ImportRefused(
            ["Cơ sở dữ liệu từ chối ghi ({}); không dòng nào được nhập.".format(error)]
        ) from None
    return result


# Review lists ---------------------------------------------------------------------------------

def review_list_workbook(context: dict) -> bytes:
    """Return a printed review list (the eligibility overview, the nominations before a
    meeting: the plain data of its document's context) as an Excel "bản in" with the same
    heading, title, columns and signature lines as its DOCX."""
    columns = [
        Column(header, "c{}".format(index), required=False, width=30 if index == 0 else 22)
        for index, header in enumerate(context["headers"])
    ]
    title = " – ".join(part for part in (context["title"], context.get("subtitle", "")) if part)
    frame = OfficeFrame(
        parent_body=context.get("parent_body", ""), issuer=context.get("issuer", ""),
        heading=context.get("heading", ""), motto=context.get("motto", ""),
        title="{}: {}".format(context["document_type"], title), place_date=context["place_date"],
        signer_title=context["signer_title"], counted="trường hợp",
        signer_name=context.get("signer_name") or "………………………………",
    )  # fmt: skip
    rows = [list(row["cells"]) for row in context["rows"]]
    notes = [context["note"]] if context.get("note") else []
    return build_workbook(context["document_type"].capitalize(), columns, rows, notes, frame)


def review_list_response(context: dict, filename: str):
    """Return the review list of `context` as an Excel download named `filename` (no suffix)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(review_list_workbook(context), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename + ".xlsx")
    response["Cache-Control"] = "private, no-store"
    return response
