"""The download helpers of generated documents; each app serves its own downloads with them, after
checking the record is visible to the signed-in user."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from thidua.documents.registry import CONTENT_TYPES, DocumentError, DocumentKind
from thidua.documents.render import render


def requested_layout(request) -> str | None:
    """The format the officer chose on the download link (?layout=party|state), or None."""
    return request.GET.get("layout") or None


def document_file(kind: DocumentKind, record, fmt: str) -> tuple[bytes, str]:
    """Return the rendered document and its ASCII file name (a background export stores them;
    document_response sends them)."""
    return render(kind, record, fmt), "{}.{}".format(kind.filename(record), fmt)


def document_response(kind: DocumentKind, record, fmt: str, layout: str | None = None):
    """Return the rendered document as an attachment with an ASCII file name; ``layout`` is the
    officer's choice of format (a wrong one: 404 with the Vietnamese reason)."""
    try:
        data = render(kind, record, fmt, layout)
    except DocumentError as error:
        if layout is None:
            raise
        raise Http404(str(error)) from error
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    filename = "{}.{}".format(kind.filename(record), fmt)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
