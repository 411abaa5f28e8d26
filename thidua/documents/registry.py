"""The kinds of documents thidua writes, by name: the plan, the registration lists; minutes…

A kind lives in the app it belongs to (``thidua/plans/documents.py``…), whose ``AppConfig.ready``
imports the module that calls ``register(...)`` with its context builder and templates; the command
``make_document`` and the download helpers need no change. A kind that needs more than the
organisation and the year to find its record (the registration list of one unit: ``--unit``)
names those options in ``options``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FORMATS = ("docx", "pdf")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class DocumentError(Exception):
    """A document cannot be made; the message is Vietnamese and shown as it is."""


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document and how to make it."""

    name: str  # the command's argument: "plan"
    label: str  # Vietnamese, for messages: "kế hoạch thi đua"
    # record -> the context shared by the DOCX and the PDF (plain str, list and dict values)
    build_context: Callable[[Any], dict]
    # context -> the docxtpl template file name under templates_docx/ (one per layout)
    docx_template: Callable[[dict], str]
    # the Django template of the PDF, under thidua/templates/
    html_template: str
    # (organization, year, **options) -> the record; raises DocumentError when there is none
    find: Callable[..., Any]
    # record -> the file name without extension, ASCII only: "KH-3-KH-TCTTP-2022"
    filename: Callable[[Any], str]
    # the command's options this kind's ``find`` also takes, by name: ("unit",)
    options: tuple[str, ...] = ()
    # whether build_context takes ``layout=`` (the officer's choice of format for one document)
    overridable: bool = False
    # context -> the PDF's bytes, for a kind whose PDF is not only its HTML template through
    # WeasyPrint (the decision's long annex, drawn apart: decisions.documents.decision_pdf)
    pdf: Callable[[dict], bytes] | None = None


KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> DocumentKind:
    try:
        return KINDS[name]
    except KeyError:
        raise DocumentError(
            "Không có loại văn bản “{}”. Các loại có: {}.".format(name, ", ".join(sorted(KINDS)))
        ) from None


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise DocumentError(
            "Định dạng “{}” không hỗ trợ; chọn một trong: {}.".format(fmt, ", ".join(FORMATS))
        )
    return fmt
