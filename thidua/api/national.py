"""The national export on the API (issue 20, item 3): the same document as
`manage.py export_national`, for the token's organisation only.

Who may call it: the organisation's standing secretary and its administrator (the register's
keepers, `register.export_national`), with a read-only token or not; anyone else is refused (403).
The document is built into a spooled temporary file (memory up to SPOOL_BYTES, then disk) and
sent only once every record passed the schema, so a refusal is a problem document, never a
half-sent file."""

import io
import tempfile

from django.http import FileResponse
from ninja import Query, Router

from thidua.api.common import ONE_ERRORS
from thidua.api.problems import ApiProblem, Problem
from thidua.awards.national import (
    MAX_YEAR,
    MIN_YEAR,
    ExportError,
    check_may_export,
    write_export,
)
from thidua.core.actions import NotAllowed
from thidua.organization.models import Organization

SPOOL_BYTES = 8 * 1024 * 1024

national = Router(tags=["Xuất dữ liệu khen thưởng"])

YEAR = Query(..., ge=MIN_YEAR, le=MAX_YEAR,
             description="Năm ký quyết định (cả khen thưởng bị thu hồi trong năm).")  # fmt: skip

DOCUMENT = {
    "description": "Tệp JSON theo lược đồ docs/national-export.schema.json "
    "(định dạng «thidua-national-export/1»).",
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["format", "year", "organizations", "awards", "summary"],
    }}},
}  # fmt: skip


@national.get(
    "/national-export",
    response={403: Problem, **ONE_ERRORS},
    openapi_extra={"responses": {200: DOCUMENT}},
    summary="Xuất khen thưởng của một năm",
)
def national_export(request, year: int = YEAR):
    """Mọi khen thưởng của cơ quan có quyết định ký trong năm, và mọi khen thưởng bị thu hồi
    trong năm: người được khen (họ tên, ngày sinh, giới tính, chức vụ, đơn vị, số định danh cá
    nhân nếu có) hoặc tập thể (tên, cơ quan cấp trên), danh hiệu thi đua hoặc hình thức khen
    thưởng và cấp quyết định, quyết định (số, ngày, cơ quan, người ký), tiền thưởng đã chi, số
    sổ vàng, thu hồi. Chỉ Thường trực Hội đồng và quản trị hệ thống của cơ quan được gọi."""
    user = request.user
    organization = Organization.objects.filter(pk=user.organization_id or 0).first()
    try:
        check_may_export(user, organization)
    except NotAllowed as refusal:
        raise ApiProblem(403, str(refusal), kind="forbidden") from None
    # FileResponse closes the file once sent (a context manager would close it before).
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="\n")
    try:
        write_export(text, year=year, organizations=[organization],
                     personal_ids=user.has_perm("organization.view_personal_id", None))  # fmt: skip
    except ExportError as refusal:
        spool.close()
        raise ApiProblem(500, str(refusal), kind="export") from None
    text.flush()
    text.detach()
    spool.seek(0)
    return FileResponse(spool, content_type="application/json", as_attachment=True,
                        filename="khen-thuong-{}.json".format(year))  # fmt: skip
