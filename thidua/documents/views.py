"""Downloads of generated documents; each checks the record is visible to the signed-in user."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from thidua.documents.kinds.plan import PLAN, plans_for_documents
from thidua.documents.kinds.registrations import REGISTRATIONS, find_list
from thidua.documents.registry import CONTENT_TYPES, DocumentError, DocumentKind
from thidua.documents.render import render
from thidua.organization.models import STAFF_UNIT_KINDS, Unit


def requested_layout(request) -> str | None:
    """The format the officer chose on the download link (?layout=party|state), or None."""
    return request.GET.get("layout") or None


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


@login_required
@require_GET
def plan_document(request, pk, fmt):
    plan = get_object_or_404(plans_for_documents().visible_to(request.user), pk=pk)
    return document_response(PLAN, plan, fmt)


@login_required
@require_GET
def registrations_document(request, year, fmt):
    """The year's registration list: of one unit (?unit=<pk>) for its head and the organisation-wide
    roles, or consolidated for the organisation-wide roles only (the board's readers)."""
    user = request.user
    if user.organization_id is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    unit = None
    raw = request.GET.get("unit", "")
    if raw:
        if not raw.isdigit():
            raise Http404("Đơn vị không hợp lệ.")
        unit = get_object_or_404(
            Unit.objects.visible_to(user).filter(kind__in=STAFF_UNIT_KINDS), pk=int(raw)
        )
        if not user.has_perm("registrations.view_unit", unit):
            raise PermissionDenied("Bạn không xem được danh sách đăng ký của đơn vị này.")
    elif not user.has_perm("registrations.view_board"):
        raise PermissionDenied("Danh sách tổng hợp dành cho lãnh đạo và Hội đồng.")
    try:
        record = find_list(user.organization, year, unit=unit)
    except DocumentError as error:
        raise Http404(str(error)) from error
    return document_response(REGISTRATIONS, record, fmt)
