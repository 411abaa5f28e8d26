"""Filters for the HTML (PDF) templates of documents."""

import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# Number-symbols and dates: "05-CT/TW", "1791-CV/HVCTQG", "25/02/2022", "KH/TCTTP".
SYMBOL = re.compile(r"\S*/\S*")


@register.filter
def nobreak_symbols(text):
    """Escape the text and keep each number-symbol or date on one line (no break after '/')."""
    escaped = str(conditional_escape(text))
    # Splitting escaped text on whitespace never cuts an entity (&amp; has no space in it).
    return mark_safe(  # every piece was escaped above
        SYMBOL.sub(lambda m: format_html('<span class="nobr">{}</span>', mark_safe(m[0])), escaped)
    )


@register.simple_tag
def column_widths(layout, name="WIDTHS_MM"):
    """A ``<colgroup>`` with a Word layout's column widths (``name`` of
    thidua/documents/layouts/<layout>.py): the PDF's columns are the DOCX's, so a cell wraps at
    the same words in both and a table runs to the same pages. (Printed lists read theirs from
    documents.lists through their context.)"""
    import importlib

    module = importlib.import_module("thidua.documents.layouts.{}".format(layout))
    cols = format_html_join("", '<col style="width: {}mm">', ((w,) for w in getattr(module, name)))
    return format_html("<colgroup>{}</colgroup>", cols)


@register.simple_tag
def list_cell(text, columns, index):
    """One ``<td>`` of a printed list's row: column ``index`` (0 = STT) of the list's layout
    (documents.lists), centred where the Word table centres it; number-symbols kept whole."""
    centred = columns[index]["centred"] if index < len(columns) else False
    if centred:
        return format_html('<td class="center">{}</td>', nobreak_symbols(text))
    return format_html("<td>{}</td>", nobreak_symbols(text))
