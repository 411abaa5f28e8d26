"""Render a document kind's context to DOCX (docxtpl) or PDF (WeasyPrint), as bytes."""

import base64
import gc
import io
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

from thidua.documents.registry import DocumentError, DocumentKind, check_format

TEMPLATES_DOCX = Path(__file__).resolve().parent / "templates_docx"
FONTS_DIR = (Path(settings.PACKAGE_DIR) / "static" / "fonts").resolve()
# The only data: URL a document may hold: a PNG picture made by thidua (a chart).
PICTURE_PREFIX = "data:image/png;base64,"


# How many distinct template parts (a body, a header, a footer) stay cleaned and compiled: the 28
# Word templates have 84 parts, 714 kB of XML in all.
COMPILED_PARTS = 256


def render_docx(kind: DocumentKind, context: dict) -> bytes:
    """Fill the kind's Word template; autoescape keeps '&' and '<' as text (stack.md §2.2)."""
    template = _docx_template_class()(TEMPLATES_DOCX / kind.docx_template(context))
    template.render(with_pictures(template, context), jinja_env=_jinja_env())
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


@lru_cache(maxsize=1)
def _docx_template_class():
    """docxtpl's template, cleaning each distinct part's XML once.

    docxtpl cleans a part's XML (patch_xml: regular expressions over the whole part) and compiles
    it with Jinja on every render; for a given template file both give the same result each time,
    and they were about two thirds of a render. Imported when first used: keeps startup light."""
    from docxtpl import DocxTemplate

    @lru_cache(maxsize=COMPILED_PARTS)
    def patched(src_xml):
        return DocxTemplate.patch_xml(None, src_xml)  # a pure function of the XML

    class PartsCleanedOnce(DocxTemplate):
        def patch_xml(self, src_xml):
            return patched(src_xml)

    return PartsCleanedOnce


@lru_cache(maxsize=1)
def _jinja_env():
    """One autoescaping Jinja environment that compiles each distinct part source once (a Jinja
    template renders any number of times, from any thread)."""
    from jinja2 import Environment

    class CompiledOnce(Environment):
        def __init__(self):
            super().__init__(autoescape=True)
            self._compiled = OrderedDict()
            self._lock = threading.Lock()

        def from_string(self, source, globals=None, template_class=None):
            if globals is not None or template_class is not None:
                return super().from_string(source, globals, template_class)
            with self._lock:
                template = self._compiled.get(source)
                if template is not None:
                    self._compiled.move_to_end(source)
                    return template
            template = super().from_string(source)
            with self._lock:
                self._compiled[source] = template
                while len(self._compiled) > COMPILED_PARTS:
                    self._compiled.popitem(last=False)
            return template

    return CompiledOnce()


def with_pictures(template, value):
    """Return the context with every picture (an object with ``png`` bytes and ``width_mm``, e.g.
    a chart) as docxtpl's InlineImage of this template; the PDF's HTML reads the same objects."""
    if hasattr(value, "png") and hasattr(value, "width_mm"):
        from docx.shared import Mm
        from docxtpl import InlineImage

        return InlineImage(template, io.BytesIO(value.png), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {key: with_pictures(template, item) for key, item in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], dict | list):
        return [with_pictures(template, item) for item in value]
    return value


def local_fonts_fetcher():
    """Return a WeasyPrint URL fetcher that serves the vendored fonts and inline PNG pictures and
    refuses any other URL.

    A document's text comes from user data; nothing in it may make the server fetch a URL.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFontsFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(PICTURE_PREFIX):
                # A picture the document carries inline (a chart): bytes, no fetch at all.
                data = base64.b64decode(url[len(PICTURE_PREFIX):], validate=True)
                return URLFetcherResponse(url, data, {"Content-Type": "image/png"})
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or not path.is_relative_to(FONTS_DIR) or not path.is_file():
                raise ValueError("Không tải tài nguyên ngoài thư mục phông chữ: {}".format(url))
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/ttf"})

    return LocalFontsFetcher(allowed_protocols=("file", "data"))


def render_html(kind: DocumentKind, context: dict) -> str:
    return render_to_string(kind.html_template, context)


def pdf_from_html(source: str) -> bytes:
    """Render an HTML document to PDF with the vendored fonts only.

    The cyclic garbage collector is paused while WeasyPrint works: its box trees are hundreds of
    thousands of objects with few cycles, and the collector's repeated passes over them made a
    5,000-row annex's layout ≈ 40 % slower (bench/README.md, award decision).
    """
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    collecting = gc.isenabled()
    gc.disable()
    try:
        html = HTML(
            string=source, base_url=FONTS_DIR.as_uri() + "/", url_fetcher=local_fonts_fetcher()
        )
        return html.write_pdf(font_config=FontConfiguration())
    finally:
        if collecting:
            gc.enable()


def render_pdf(kind: DocumentKind, context: dict) -> bytes:
    """Render the kind's HTML template (Django autoescape) to an A4 PDF with the vendored fonts
    (or as the kind's own ``pdf`` renders it)."""
    if kind.pdf is not None:
        return kind.pdf(context)
    return pdf_from_html(render_html(kind, context))


RENDERERS = {"docx": render_docx, "pdf": render_pdf}


def render(kind: DocumentKind, record, fmt: str, layout: str | None = None) -> bytes:
    """Build the kind's context from the record and render it in the format, as bytes;
    ``layout`` ("party" or "state") overrides the format the rules choose for this document."""
    check_format(fmt)
    return RENDERERS[fmt](kind, build_context(kind, record, layout))


def build_context(kind: DocumentKind, record, layout: str | None = None) -> dict:
    from thidua.documents.layout import checked

    layout = checked(layout)
    if layout is None:
        return kind.build_context(record)
    if not kind.overridable:
        raise DocumentError("Văn bản {} chỉ có một thể thức.".format(kind.label))
    return kind.build_context(record, layout=layout)
