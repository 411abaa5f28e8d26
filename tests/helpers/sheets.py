"""Spreadsheet files in the layouts Excel saves, made from openpyxl's: used by the reader's tests
(tests/unit/test_sheet_reader.py) and the staff import's benchmark (bench/people.py)."""

import io
import re
import zipfile

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
INLINE_TEXT = re.compile(rb'<c r="([A-Z]+\d+)" t="inlineStr"><is><t[^>]*>([^<]*)</t></is></c>')


def rewritten(data: bytes, *, sheet: bytes | None = None, strings: bytes | None = None) -> bytes:
    """Return the XLSX `data` with its first sheet's XML replaced by `sheet` and, given
    `strings` (the <si> items), a shared strings table declared in the package."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == SHEET and sheet is not None:
                content = sheet
            elif strings is not None and item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                    b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif strings is not None and item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99"/>'
                    b"</Relationships>",
                )
            target.writestr(item, content)
        if strings is not None:
            target.writestr("xl/sharedStrings.xml", b'<sst xmlns="%s">%s</sst>' % (MAIN, strings))
    return buffer.getvalue()


def with_shared_strings(data: bytes, *, dimension: str | None = None) -> bytes:
    """Return the file with its plain inline texts moved to a shared strings table, each cell
    pointing to it (`t="s"`), as Excel saves (a rich text stays inline). `dimension`
    ("A1:O20001"): the sheet's <dimension> written first too, as Excel does (a file streamed by
    openpyxl's write-only mode has none)."""
    strings: dict[bytes, int] = {}

    def shared(found) -> bytes:
        index = strings.setdefault(found.group(2), len(strings))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (found.group(1), index)

    sheet = INLINE_TEXT.sub(shared, zipfile.ZipFile(io.BytesIO(data)).read(SHEET))
    if not strings:
        raise ValueError("the file has no inline text to share")
    if dimension:
        sheet = sheet.replace(
            b"<sheetViews>", b'<dimension ref="%s"/><sheetViews>' % dimension.encode(), 1
        )
    table = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in strings)
    return rewritten(data, sheet=sheet, strings=table)
