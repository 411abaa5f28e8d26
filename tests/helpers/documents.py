"""Reading back generated DOCX and PDF files, with one normalisation for both.

``normalise`` collapses every run of whitespace to one space. A DOCX reads as its paragraphs
(the body's, tables in place, then the page headers'), one per line, each normalised, empty ones
dropped. A PDF reads as one normalised line: the page numbers printed at the top of pages 2… are
dropped, and a word broken after a hyphen or slash ("Covid-|19") reads whole.
"""

import io
import re

import pypdf
from docx import Document


def normalise(text: str) -> str:
    return " ".join(text.split())


def _paragraph_text(element) -> str:
    return "".join(node.text or "" for node in element.iter() if node.tag.endswith("}t"))


def docx_paragraphs(data: bytes) -> list[str]:
    """Every non-empty paragraph: the body's in order (table cells included), then the headers'."""
    document = Document(io.BytesIO(data))
    elements = [e for e in document.element.body.iter() if e.tag.endswith("}p")]
    for section in document.sections:
        elements.extend(p._p for p in section.header.paragraphs)
    texts = (normalise(_paragraph_text(element)) for element in elements)
    return [text for text in texts if text]


def docx_text(data: bytes) -> str:
    return "\n".join(docx_paragraphs(data))


def pdf_text(data: bytes) -> str:
    assert data[:5] == b"%PDF-", "not a PDF"
    pages = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages, 1):
        text = page.extract_text() or ""
        if number > 1:
            # The page number, printed at the top, comes out after the page's text.
            text = re.sub(r"\n{}\s*$".format(number), "", text)
        pages.append(text)
    return normalise(re.sub(r"(?<=\S[-/])\n", "", "\n".join(pages)))
