"""Spreadsheet files in the layouts Excel saves, made from openpyxl's: used by the reader's tests
(tests/unit/test_sheet_reader.py) and the staff import's benchmark (bench/people.py)."""

import io
import re
import zipfile

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
INLINE_TEXT = re.compile(rb'<c r="([A-Z]+\d+)" t="inlineStr"><is><t[^>]*>([^<]*)</t></is></c>')


def with_shared_strings(data: bytes, *, dimension: str | None = None) -> bytes:
    """Return the file with its plain inline texts moved to a shared strings table, each cell
    pointing to it (`t="s"`), as Excel saves (a rich text stays inline). `dimension`
    ("A1:O20001"): the sheet's <dimension> written first too, as Excel does (a file streamed by
    openpyxl's write-only mode has none)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    strings: dict[bytes, int] = {}

    def shared(found) -> bytes:
        index = strings.setdefault(found.group(2), len(strings))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (found.group(1), index)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = INLINE_TEXT.sub(shared, content)
                if dimension:
                    content = content.replace(
                        b"<sheetViews>",
                        b'<dimension ref="%s"/><sheetViews>' % dimension.encode(),
                        1,
                    )
            elif item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                    b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99"/>'
                    b"</Relationships>",
                )
            target.writestr(item, content)
        table = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
            % (MAIN, len(strings), len(strings), table),
        )
    if not strings:
        raise ValueError("the file has no inline text to share")
    return buffer.getvalue()
