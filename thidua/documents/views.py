"""Downloads of generated documents; each checks the record is visible to the signed-in user."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from thidua.documents.kinds.plan import PLAN, plans_for_documents
from thidua.documents.registry import CONTENT_TYPES, DocumentKind
from thidua.documents.render import render


def document_response(kind: DocumentKind, record, fmt: str) -> HttpResponse:
    """Return the rendered document as an attachment with an ASCII file name."""
    response = HttpResponse(render(kind, record, fmt), content_type=CONTENT_TYPES[fmt])
    filename = "{}.{}".format(kind.filename(record), fmt)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def plan_document(request, pk, fmt):
    plan = get_object_or_404(plans_for_documents().visible_to(request.user), pk=pk)
    return document_response(PLAN, plan, fmt)
