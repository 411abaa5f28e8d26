"""A long annexed list drawn straight into PDF pages (reportlab), to follow a document's body.

WeasyPrint lays a table out box by box: a 5,000-row annex is ≈ 50,000 boxes and 6–10 s of CPU,
over issue 16's 5 s bar, and no markup of the same table costs much less (bench/README.md, award
decision). A list of rows needs none of that generality: this module measures each cell's text
with the font's own advance widths, breaks pages between rows, repeats the head row on every page
and draws the rules and the text directly — ≈ 0.05 ms of CPU a row.

What it draws is the annex as the HTML templates print it, measure for measure: the page of
``documents/page_style.html`` (A4, margins 20/15/20/30 mm, the page number centred in the top
margin, 13 pt), its paragraphs (14 pt, line height 1.15, 6 pt after, first-line indent 10 mm,
margins collapsing as in CSS), and a table in the separate-borders model of the decision's
``.annex-list`` (every cell and the table framed 0.25 pt: drawn here as the 0.5 pt rules those
frames make; padding, fixed column widths, cells vertically centred, a row never split, the head
row repeated on each page). Text is the vendored Liberation Serif: a line's baseline from the
font's hhea ascent and descent, as Pango places it; the cells unkerned (the annex's CSS turns
kerning off), paragraphs and page numbers with the font's GPOS pair kerning, as HarfBuzz sets
them; lines break at spaces, as Pango breaks Vietnamese text. On the same decision the two
renderers give the same pages and words at the same places (within 0.05 pt), which
``tests/integration/test_decision_annex_pdf.py`` checks.

Use ``drawable`` first: a text with a character the vendored fonts lack is left to WeasyPrint
(which falls back on the system's fonts) rather than drawn as an empty box.
"""

import io
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from thidua.documents.render import FONTS_DIR

PT_PER_MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210 * PT_PER_MM, 297 * PT_PER_MM  # A4
# @page margin: 20mm 15mm 20mm 30mm (page_style.html)
TOP, RIGHT, BOTTOM, LEFT = (m * PT_PER_MM for m in (20, 15, 20, 30))
CONTENT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
LINE_HEIGHT = 1.15  # html { line-height: 1.15 }
PAGE_NUMBER_SIZE = 13  # @top-center { font: 13pt }
RULE = 0.25  # each cell's and the table's border: adjacent borders make a 0.5 pt rule

FACES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}


@dataclass(frozen=True)
class Paragraph:
    """One ``<p>``: its text, face, alignment ("left", "center", "justify") and CSS margins (pt).

    The first line is indented by ``indent`` (pt), as ``text-indent``; a justified paragraph's
    last line is set flush left, as CSS does.
    """

    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"
    indent: float = 10 * PT_PER_MM
    size: float = 14
    margin_top: float = 0
    margin_bottom: float = 6
    # Text the HTML sets in spans of its own (the filter nobreak_symbols' number-symbols): no
    # kerning across their edges, as HarfBuzz shapes each run apart.
    apart: re.Pattern | None = None


@dataclass(frozen=True)
class Column:
    """A table column: its head, its content width in pt (None: the rest of the table's width)
    and how its cells align ("left" or "center"; the head is always centred, bold)."""

    header: str
    width: float | None = None
    align: str = "left"


@dataclass(frozen=True)
class Table:
    """A table of text cells, head row repeated on each page, rows never split."""

    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]
    size: float = 12
    padding_v: float = 2
    padding_h: float = 3
    margin_top: float = 6
    margin_bottom: float = 0


@dataclass
class _Font:
    name: str  # reportlab's registered name
    ascent: float  # hhea, per unit of font size
    descent: float  # hhea, positive, per unit of font size
    widths: dict  # character -> advance, per unit of font size
    kerning: dict  # (character, character) -> adjustment of the first's advance, the same unit


_LOCK = threading.Lock()


def _pairs(tables) -> dict:
    """The font's pair kerning by glyph names, from the lookups of its GPOS ``kern`` feature (as
    HarfBuzz applies it: the first subtable that holds a pair decides)."""
    if "GPOS" not in tables:
        return {}
    gpos = tables["GPOS"].table
    indices = sorted({index for record in gpos.FeatureList.FeatureRecord
                      if record.FeatureTag == "kern"
                      for index in record.Feature.LookupListIndex})  # fmt: skip
    pairs = {}
    for index in indices:
        lookup = gpos.LookupList.Lookup[index]
        for table in lookup.SubTable:
            table = table.ExtSubTable if lookup.LookupType == 9 else table
            if table.LookupType != 2:
                continue
            if table.Format == 1:
                for first, pair_set in zip(table.Coverage.glyphs, table.PairSet, strict=True):
                    for record in pair_set.PairValueRecord:
                        value = getattr(record.Value1, "XAdvance", 0) or 0
                        pairs.setdefault((first, record.SecondGlyph), value)
            elif table.Format == 2:
                seconds = table.ClassDef2.classDefs
                for first in table.Coverage.glyphs:
                    row = table.Class1Record[table.ClassDef1.classDefs.get(first, 0)]
                    for second, kind in seconds.items():
                        value = getattr(row.Class2Record[kind].Value1, "XAdvance", 0) or 0
                        pairs.setdefault((first, second), value)
    return pairs


def _font(bold: bool, italic: bool) -> _Font:
    """The vendored face, registered with reportlab once per process (under a lock: a second
    registration of the name would swap the font under a document being drawn)."""
    with _LOCK:
        return _load(bold, italic)


@cache
def _load(bold: bool, italic: bool) -> _Font:
    """Register the face with reportlab; its metrics and kerning from its own tables."""
    from fontTools.ttLib import TTFont as Tables
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = str(FONTS_DIR / FACES[(bold, italic)])
    name = "thidua-" + FACES[(bold, italic)].removesuffix(".ttf")
    tables = Tables(path, lazy=True)
    units = tables["head"].unitsPerEm
    hhea, advances, cmap = tables["hhea"], tables["hmtx"].metrics, tables.getBestCmap()
    widths = {chr(code): advances[glyph][0] / units for code, glyph in cmap.items()}
    chars: dict[str, list[str]] = {}
    for code, glyph in cmap.items():
        chars.setdefault(glyph, []).append(chr(code))
    kerning = {
        (a, b): value / units
        for (first, second), value in _pairs(tables).items()
        if value
        for a in chars.get(first, ())
        for b in chars.get(second, ())
    }
    pdfmetrics.registerFont(TTFont(name, path))
    return _Font(name, hhea.ascent / units, -hhea.descent / units, widths, kerning)


def drawable(texts) -> bool:
    """Whether the vendored faces hold every character of these texts (after NFC)."""
    known = _font(False, False).widths.keys() & _font(True, False).widths.keys()
    known &= _font(False, True).widths.keys()
    return all(
        char in known or char in "\n\t"
        for text in texts
        for char in unicodedata.normalize("NFC", text)
    )


def _kerns(font: _Font, text: str, apart: re.Pattern | None = None) -> dict[int, float]:
    """Index i -> the font's pair kerning between text[i - 1] and text[i] (per unit of size),
    none at the edges of ``apart``'s matches (the HTML's spans: HarfBuzz kerns within a run)."""
    kerning = font.kerning
    edges = {edge for m in apart.finditer(text) for edge in m.span()} if apart else set()
    return {
        index: adjust
        for index in range(1, len(text))
        if index not in edges and (adjust := kerning.get((text[index - 1], text[index])))
    }


def _width(font: _Font, text: str, size: float, kerns: dict[int, float] | None = None) -> float:
    """The text's advance at this size; with ``kerns`` (``_kerns`` of it, or of a longer text
    it begins: those up to its end count, the last moving what follows)."""
    widths = font.widths
    total = sum(widths.get(char, 0.5) for char in text)
    if kerns:
        total += sum(adjust for index, adjust in kerns.items() if index <= len(text))
    return total * size


def _wrap(font: _Font, text: str, size: float, width: float, indent: float = 0,
          kern: bool = False, apart: re.Pattern | None = None) -> list[str]:  # fmt: skip
    """Break text into lines at spaces, greedily, as Pango breaks space-separated words; a word
    longer than the line stays whole (it overflows, as CSS's ``overflow-wrap: normal``)."""
    text = " ".join(unicodedata.normalize("NFC", text).split())

    def measure(line):
        return _width(font, line, size, _kerns(font, line, apart) if kern else None)

    if measure(text) + indent <= width:
        return [text]
    lines, line, room = [], "", width - indent
    for word in text.split(" "):
        longer = line + " " + word if line else word
        if line and measure(longer) > room:
            lines.append(line)
            line, room = word, width
        else:
            line = longer
    lines.append(line)
    return lines


def _baseline(font: _Font, size: float) -> float:
    """Distance from a line box's top to its baseline: half the leading, then the ascent."""
    return (size * LINE_HEIGHT - (font.ascent + font.descent) * size) / 2 + font.ascent * size


class _Pages:
    """The canvas and the cursor (pt from the page's top) of the pages being drawn."""

    def __init__(self, canvas, first_number: int):
        self.canvas = canvas
        self.number = first_number
        self.y = TOP
        self.margin = 0.0  # the bottom margin of the block above, to collapse with the next
        self.fresh = True  # nothing drawn on this page yet
        self.text = canvas.beginText()
        self.face = None

    def room(self) -> float:
        return PAGE_HEIGHT - BOTTOM - self.y

    def gap(self, margin_top: float) -> float:
        """The space above a block: collapsed margins, none at the top of a page."""
        return 0.0 if self.fresh else max(self.margin, margin_top)

    def show(self, font: _Font, size: float, x: float, top: float, line: str,
             kerns: dict[int, float] | None = None):  # fmt: skip
        """Draw one line whose line box's top is ``top`` (pt from the page's top), moved by
        ``kerns`` (``_kerns`` of it: a new run at each kerned pair)."""
        if self.face != (font.name, size):
            self.text.setFont(font.name, size)
            self.face = (font.name, size)
        baseline = PAGE_HEIGHT - top - _baseline(font, size)
        start = 0
        for index, adjust in sorted((kerns or {}).items()):
            if 0 < index < len(line):
                self.text.setTextOrigin(x, baseline)
                self.text.textOut(line[start:index])
                x += _width(font, line[start:index], size) + adjust * size
                start = index
        self.text.setTextOrigin(x, baseline)
        self.text.textOut(line[start:])

    def finish_page(self):
        """Draw the page number, centred in the top margin, after the page's text (so a text
        extraction reads it last, as WeasyPrint's), then start a new page."""
        font = _font(False, False)
        label = str(self.number)
        top = (TOP - PAGE_NUMBER_SIZE * LINE_HEIGHT) / 2
        kerns = _kerns(font, label)
        x = LEFT + (CONTENT_WIDTH - _width(font, label, PAGE_NUMBER_SIZE, kerns)) / 2
        self.show(font, PAGE_NUMBER_SIZE, x, top, label, kerns)
        self.canvas.drawText(self.text)
        self.canvas.showPage()
        self.number += 1
        self.y, self.margin, self.fresh = TOP, 0.0, True
        self.text, self.face = self.canvas.beginText(), None


def _paragraph(pages: _Pages, block: Paragraph):
    """A paragraph kept whole on one page (the annex's are one to three lines)."""
    font, size = _font(block.bold, block.italic), block.size
    lines = _wrap(font, block.text, size, CONTENT_WIDTH, block.indent, True, block.apart)
    step = size * LINE_HEIGHT
    if not pages.fresh and pages.gap(block.margin_top) + len(lines) * step > pages.room():
        pages.finish_page()
    pages.y += pages.gap(block.margin_top)
    for index, line in enumerate(lines):
        kerns = _kerns(font, line, block.apart)
        left = LEFT + (block.indent if index == 0 else 0)
        room = LEFT + CONTENT_WIDTH - left
        if block.align == "center":
            left += (room - _width(font, line, size, kerns)) / 2
            pages.show(font, size, left, pages.y, line, kerns)
        elif block.align == "justify" and index < len(lines) - 1 and " " in line:
            # The spare width shared by the spaces, as CSS's text-align: justify.
            words = line.split(" ")
            spare = (room - _width(font, line, size, kerns)) / (len(words) - 1)
            start = 0
            for number, word in enumerate(words):
                x = left + spare * number + _width(font, line[:start], size, kerns)
                inner = {i - start: k for i, k in kerns.items() if start < i < start + len(word)}
                pages.show(font, size, x, pages.y, word, inner)
                start += len(word) + 1
        else:
            pages.show(font, size, left, pages.y, line, kerns)
        pages.y += step
    pages.margin, pages.fresh = block.margin_bottom, False


def _table(pages: _Pages, block: Table):
    regular, bold = _font(False, False), _font(True, False)
    size, step = block.size, block.size * LINE_HEIGHT
    frame = 2 * RULE + 2 * block.padding_h  # a cell's borders and padding, across
    fixed = sum(c.width + frame for c in block.columns if c.width is not None)
    rest = CONTENT_WIDTH - 2 * RULE - fixed  # the table's own frame, then the fixed columns
    widths = [c.width if c.width is not None else rest - frame for c in block.columns]
    # The rules' centres: the table's inner edge, then each cell's right edge.
    edges = [LEFT + RULE]
    for width in widths:
        edges.append(edges[-1] + width + frame)

    def measure(cells, font):
        lines = [_wrap(font, cell, size, width) for cell, width in zip(cells, widths, strict=True)]
        return lines, max(len(cell) for cell in lines) * step + 2 * (block.padding_v + RULE)

    head = measure([c.header for c in block.columns], bold)

    def draw_row(lines, height, font, aligns):
        top = pages.y
        for index, cell in enumerate(lines):
            # vertical-align: middle
            line_top = top + RULE + block.padding_v
            line_top += (height - 2 * (RULE + block.padding_v) - len(cell) * step) / 2
            left, width = edges[index] + RULE + block.padding_h, widths[index]
            for line in cell:
                x = left
                if aligns[index] == "center":
                    x += (width - _width(font, line, size)) / 2
                pages.show(font, size, x, line_top, line)
                line_top += step
        pages.y += height
        rules.append(pages.y)

    def start():
        """The table's top edge and its head row, on a new page or below the block above."""
        nonlocal rules, page_top
        pages.y += pages.gap(block.margin_top)
        page_top = pages.y + RULE
        rules = [page_top]
        pages.y += RULE
        draw_row(*head, bold, ["center"] * len(widths))
        pages.fresh = False

    def close(last: bool):
        """Draw this page's part of the table's rules: one line a row, one a column."""
        canvas = pages.canvas
        canvas.setLineWidth(2 * RULE)
        path = canvas.beginPath()
        for y in rules:
            path.moveTo(edges[0] - RULE, PAGE_HEIGHT - y)
            path.lineTo(edges[-1] + RULE, PAGE_HEIGHT - y)
        for x in edges:
            path.moveTo(x, PAGE_HEIGHT - page_top + RULE)
            path.lineTo(x, PAGE_HEIGHT - rules[-1] - (RULE if last else 0))
        canvas.drawPath(path, stroke=1, fill=0)

    rules: list[float] = []
    page_top = 0.0
    aligns = [c.align for c in block.columns]
    rows = iter(block.rows)
    first = next(rows, None)
    if first is None:
        return
    measured = measure(first, regular)
    # The head row and the first row must fit below the block above, or the table moves on.
    if not pages.fresh and (
        pages.gap(block.margin_top) + RULE + head[1] + measured[1] > pages.room()
    ):
        pages.finish_page()
    start()
    while measured is not None:
        if measured[1] > pages.room():
            close(False)
            pages.finish_page()
            start()
        draw_row(*measured, regular, aligns)
        row = next(rows, None)
        measured = None if row is None else measure(row, regular)
    pages.y += RULE
    close(True)
    pages.margin = block.margin_bottom


def annex_pdf(blocks: Sequence[Paragraph | Table], first_page: int) -> bytes:
    """Draw the blocks from the top of a new page numbered ``first_page``; the PDF's bytes."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1, invariant=True,
                    initialFontName=_font(False, False).name)  # no Helvetica in the resources
    canvas.setStrokeColorRGB(0, 0, 0)
    pages = _Pages(canvas, first_page)
    for block in blocks:
        if isinstance(block, Table):
            _table(pages, block)
        else:
            _paragraph(pages, block)
    pages.finish_page()
    canvas.save()
    return out.getvalue()


def after(body: bytes, blocks: Sequence[Paragraph | Table]) -> bytes:
    """The body's pages, then the blocks drawn from the top of the next page, numbered on from
    the body's: one PDF, with the body's metadata (joined by pypdf)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(body))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # WeasyPrint's version (pypdf would write 1.3)
    annex = annex_pdf(blocks, len(writer.pages) + 1)
    for page in PdfReader(io.BytesIO(annex)).pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
