"""Read, validate and write spreadsheets: the parts every kind of import shares.

A file goes through three gates, each with Vietnamese messages: the file itself (size, a real XLSX,
not a zip bomb), the header row (every column of the template, nothing unknown, no merged cells),
then each row through the kind's form. Rows are written only when every row passed, inside one
transaction; a dry run does the same work and rolls back, so its counts are the real ones.
"""

import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import DatabaseError, transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.core import text

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A 10 MB XLSX holds far less than this once unzipped; more means a zip bomb, not a roster.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


class ImportRefused(Exception):
    """The file cannot be imported; `errors` lists every reason, in Vietnamese."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


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

    @property
    def key(self) -> str:
        return text.fold(self.header)


@dataclass
class Result:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    dry_run: bool = False
    details: dict = field(default_factory=dict)


def where(line: int, column: Column | None, letter: str | None, message) -> str:
    """Return "dòng N, cột X (Tiêu đề): …", or "dòng N: …" for a row-wide error."""
    if column is None:
        return "dòng {}: {}".format(line, message)
    return "dòng {}, cột {} ({}): {}".format(line, letter, column.header, message)


# Reading ------------------------------------------------------------------------------------


def open_rows(data: bytes):
    """Return (header, rows) of the first sheet: rows are (line number, tuple of values).

    Formulas are read as their cached values (`data_only`); a formula that was never calculated
    (written by a program, not saved by Excel) has none, and is reported rather than read as empty.
    """
    if not data:
        raise ImportRefused(["Tệp rỗng (0 byte)."])
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused([too_big_message(len(data))])
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRefused([not_xlsx_message()])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise ImportRefused(
                ["Tệp giải nén ra quá lớn; đây không phải một bảng tính thông thường."]
            )
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        has_formulas = bool(_FORMULA.search(archive.read(sheet._worksheet_path)))
        rows = list(sheet.iter_rows(values_only=True))
        formulas = None
        if has_formulas:
            raw = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            formulas = list(raw.worksheets[0].iter_rows(values_only=True))
    except ImportRefused:
        raise
    except Exception:  # openpyxl raises a zoo of errors (KeyError, BadZipFile, XML errors…)
        raise ImportRefused([not_xlsx_message()]) from None
    errors = []
    if formulas is not None:
        for index, (row, raw_row) in enumerate(zip(rows, formulas, strict=False), start=1):
            for col, (value, raw_value) in enumerate(zip(row, raw_row, strict=False), start=1):
                if value is None and isinstance(raw_value, str) and raw_value.startswith("="):
                    errors.append(
                        "dòng {}, cột {}: ô có công thức «{}» nhưng chưa có giá trị tính sẵn; hãy "
                        "mở tệp bằng Excel và lưu lại, hoặc dán giá trị thay cho công thức.".format(
                            index, get_column_letter(col), raw_value
                        )
                    )
    if errors:
        raise ImportRefused(errors)
    if not rows or all(_blank(v) for v in rows[0]):
        raise ImportRefused(["Tệp không có dòng tiêu đề (dòng 1 trống); hãy dùng tệp mẫu."])
    body = [(index, row) for index, row in enumerate(rows[1:], start=2) if not _all_blank(row)]
    return rows[0], body


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


def match_headers(header_row, columns) -> dict[int, Column]:
    """Map each cell position of the header row to its column, or refuse with every problem."""
    wanted = {column.key: column for column in columns}
    found: dict[int, Column] = {}
    errors = []
    last = max((i for i, v in enumerate(header_row) if not _blank(v)), default=-1)
    for index, value in enumerate(header_row[: last + 1]):
        letter = get_column_letter(index + 1)
        if _blank(value):
            errors.append(
                "dòng 1, cột {}: ô tiêu đề trống (thường do gộp ô); đừng gộp ô hay để trống "
                "ở dòng tiêu đề.".format(letter)
            )
            continue
        key = text.fold(str(value))
        column = wanted.get(key)
        if column is None:
            errors.append(
                "dòng 1, cột {}: tiêu đề «{}» không có trong mẫu.".format(
                    letter, text.clean(str(value))
                )
            )
        elif column in found.values():
            errors.append("dòng 1, cột {}: tiêu đề «{}» bị lặp.".format(letter, column.header))
        else:
            found[index] = column
    for column in columns:
        if column.header_required and column not in found.values():
            errors.append("dòng 1: thiếu cột «{}».".format(column.header))
    if errors:
        errors.append("Các cột của mẫu: {}.".format(", ".join(c.header for c in columns)))
        raise ImportRefused(errors)
    return found


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
        return text.clean(str(value))
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


def build_workbook(title: str, columns, rows=(), notes=()) -> bytes:
    """Return an XLSX with the header row, ID columns formatted as text, and the given rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = header_font
        cell.fill = header_fill
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.type == "id":
            # Typed codes stay text, so 00123 keeps its zeros (Excel reads the column's format).
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    for row_index, row in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = sheet.cell(row=row_index, column=index, value=write_cell(column, value))
            if column.type == "id":
                cell.number_format = "@"
            elif column.type == "date":
                cell.number_format = "DD/MM/YYYY"
    guide = book.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 90
    guide.append(["Cột", "Cách ghi"])
    for column in columns:
        guide.append([column.header, _explain(column)])
    for note in notes:
        guide.append(["", note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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
    return "; ".join(parts)


# The import itself ---------------------------------------------------------------------------


def run_import(kind, data: bytes, *, organization, user=None, dry_run=False) -> Result:
    """Validate every row of `data` as `kind`; write them all in one transaction, or nothing.

    Raise ImportRefused with every error found. A dry run does all the work, then rolls back.
    """
    header, body = open_rows(data)
    positions = match_headers(header, kind.columns)
    if not body:
        raise ImportRefused(["Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."])
    result = Result(kind=kind.name, rows=len(body), dry_run=dry_run)
    try:
        with transaction.atomic():
            batch = kind.start(organization=organization, user=user)
            errors: list[tuple[int, int, str]] = []
            letters = {c.name: (i, get_column_letter(i + 1)) for i, c in positions.items()}
            by_name = {c.name: c for c in kind.columns}
            for line, row in body:
                values, unreadable = {}, set()
                for index, column in positions.items():
                    raw = row[index] if index < len(row) else None
                    try:
                        values[column.name] = read_cell(column, raw)
                    except CellError as error:
                        unreadable.add(column.name)
                        values[column.name] = ""
                        errors.append(
                            (line, index, where(line, column, letters[column.name][1], error))
                        )
                # The form still checks the other cells, so one pass lists every error of the row.
                for name, message in batch.add(line, values):
                    if unreadable and (name is None or name in unreadable):
                        continue  # a duplicate or a cross-field check is moot until the row reads
                    index, letter = letters.get(name, (len(positions), None))
                    errors.append((line, index, where(line, by_name.get(name), letter, message)))
            errors.sort(key=lambda error: error[:2])
            errors = [message for _, _, message in errors]
            if errors:
                raise ImportRefused(errors)
            result.created, result.updated = batch.write()
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as error:
        raise ImportRefused(
            ["Cơ sở dữ liệu từ chối ghi ({}); không dòng nào được nhập.".format(error)]
        ) from None
    return result
