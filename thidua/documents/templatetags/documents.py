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
def column_widths(layout):
    """A ``<colgroup>`` with the Word layout's column widths (``WIDTHS_MM`` of
    thidua/documents/layouts/<layout>.py): the PDF's columns are the DOCX's, so a cell wraps at
    the same words in both and a list runs to the same pages."""
    import importlib

    module = importlib.import_module("thidua.documents.layouts.{}".format(layout))
    cols = format_html_join("", '<col style="width: {}mm">', ((w,) for w in module.WIDTHS_MM))
    return format_html("<colgroup>{}</colgroup>", cols)
