"""Exports too long to hold as cells: a write-only workbook fed row by row (openpyxl keeps each
sheet in a temporary file, not in memory) into a spooled temporary file that the view sends as
it is, memory up to SPOOL_BYTES then disk, as the API's national export does."""

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.spreadsheets.engine import FORMULA_TRIGGERS, XLSX_CONTENT_TYPE

SPOOL_BYTES = 8 * 1024 * 1024
CONTENT_TYPE = XLSX_CONTENT_TYPE


@dataclass
class StreamedSheet:
    """One sheet: its name, its header row, column widths and the rows (any iterable, read
    once, so a database iterator stays a cursor)."""

    title: str
    headers: tuple[str, ...]
    rows: Iterable[Iterable]
    widths: tuple[int, ...] = ()
    # Lines written above the header (a title, a legal note), each one cell.
    lead: tuple[str, ...] = ()


def _cell(sheet, value):
    """A value as a cell: text a spreadsheet program would take for a formula stays text
    (engine.put's guard), a date shows as dd/mm/yyyy."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return value


def stream_workbook(sheets: Iterable[StreamedSheet]):
    """Return a spooled temporary file holding the XLSX of `sheets`, rewound; the caller sends
    it (FileResponse closes it)."""
    book = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        for index, width in enumerate(spec.widths):
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        for line in spec.lead:
            cell = WriteOnlyCell(sheet, value=line)
            cell.font = bold
            sheet.append([cell])
        if spec.lead:
            sheet.append([])
        header = []
        for text in spec.headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font, cell.fill = bold, fill
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            sheet.append([_cell(sheet, value) for value in row])
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    book.save(spool)
    spool.seek(0)
    return spool
