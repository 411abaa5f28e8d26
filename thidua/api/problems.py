"""Errors of the API as RFC 9457 problem details (application/problem+json), in Vietnamese,
each naming the field at fault; the exception handlers that turn every refusal into one."""

import json

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from thidua.core.actions import ActionRefused, NotAllowed

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:thidua:problem:"

TITLES = {
    400: "Yêu cầu không hợp lệ",
    401: "Chưa xác thực",
    403: "Không được phép",
    404: "Không tìm thấy",
    409: "Xung đột",
    413: "Yêu cầu quá lớn",
    422: "Dữ liệu không hợp lệ",
    429: "Quá nhiều yêu cầu",
}

#: How the fields of the API are called on the screens.
FIELD_LABELS = {
    "year": "Năm",
    "code": "Danh hiệu, hình thức",
    "kind": "Loại (danh hiệu thi đua hay hình thức khen thưởng)",
    "body": "Cấp quyết định",
    "unit": "Đơn vị",
    "person": "Cán bộ",
    "changed_since": "Thay đổi từ",
    "cursor": "Con trỏ trang",
    "limit": "Số bản ghi mỗi trang",
    "organization_id": "Cơ quan",
    "unit_id": "Đơn vị",
    "person_id": "Cán bộ",
    "award_id": "Khen thưởng",
}


class ProblemField(Schema):
    field: str
    message: str


class Problem(Schema):
    """An RFC 9457 problem document; ``errors`` names each field at fault."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemField] = []


class ApiProblem(Exception):
    """Raised anywhere in the API to answer with a problem document."""

    def __init__(self, status: int, detail: str, *, kind: str = "", errors=(), headers=None):
        super().__init__(detail)
        self.status, self.detail, self.kind = status, detail, kind
        self.errors = [{"field": f, "message": m} for f, m in errors]
        self.headers = headers or {}


def problem_response(status, detail, *, kind="", errors=(), headers=None) -> HttpResponse:
    body = {
        "type": TYPE_BASE + kind if kind else "about:blank",
        "title": TITLES.get(status, "Lỗi"),
        "status": status,
        "detail": detail,
        "errors": list(errors),
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def label(field: str) -> str:
    name = FIELD_LABELS.get(field)
    return "«{}» ({})".format(field, name) if name else "«{}»".format(field)


def _message(error: dict) -> str:
    """Say in Vietnamese what pydantic found wrong with one value."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return "bắt buộc, chưa có."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "phải là một số nguyên."
    if kind in (
        "date_parsing",
        "date_from_datetime_parsing",
        "date_type",
        "date_from_datetime_inexact",
    ):
        return "phải là một ngày dạng NNNN-TT-NN (ví dụ 2022-12-31)."
    if kind in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing"):
        return "phải là một thời điểm ISO 8601 (ví dụ 2022-12-31T08:00:00+07:00)."
    if kind == "timezone_aware":
        return "cần ghi múi giờ, ví dụ 2022-12-31T08:00:00+07:00."
    if kind in ("bool_parsing", "bool_type"):
        return "phải là true hoặc false."
    if kind in ("literal_error", "enum"):
        return "chỉ nhận một trong các giá trị: {}.".format(ctx.get("expected", ""))
    if kind in ("greater_than_equal", "greater_than"):
        return "phải ≥ {}.".format(ctx.get("ge", ctx.get("gt", "")))
    if kind in ("less_than_equal", "less_than"):
        return "phải ≤ {}.".format(ctx.get("le", ctx.get("lt", "")))
    if kind in ("string_too_long",):
        return "tối đa {} ký tự.".format(ctx.get("max_length", ""))
    if kind in ("string_too_short",):
        return "tối thiểu {} ký tự.".format(ctx.get("min_length", ""))
    if kind in ("string_type", "string_unicode"):
        return "phải là một chuỗi ký tự."
    if kind == "extra_forbidden":
        return "trường không có trong API, không được gửi."
    if kind in ("json_invalid", "model_attributes_type", "dict_type", "model_type"):
        return "JSON không hợp lệ."
    return "giá trị không hợp lệ."


def _field(loc) -> str:
    """The field's name from pydantic's location (("query", "year") → "year")."""
    parts = [str(part) for part in loc[1:]] if len(loc) > 1 else [str(part) for part in loc]
    if len(parts) > 1 and parts[0] == "payload":  # a write's body: its fields by their names
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_problem(request, exc: ValidationError) -> HttpResponse:
    errors, seen = [], set()
    for error in exc.errors:
        loc = tuple(str(part) for part in error.get("loc", ()))
        if loc == ("body", "payload"):  # the body itself, not one of its fields (a list, a 3)
            field, message = "body", "«body»: nội dung yêu cầu phải là một đối tượng JSON ({…})."
        else:
            field = _field(error.get("loc", ()))
            message = "{}: {}".format(label(field), _message(error))
        if field in seen:  # one message per field (a union type reports each branch)
            continue
        seen.add(field)
        errors.append({"field": field, "message": message})
    detail = " ".join(error["message"] for error in errors) or "Dữ liệu không hợp lệ."
    return problem_response(422, detail, kind="validation", errors=errors)


def install(api) -> None:
    """Answer every refusal of ``api`` with a problem document."""

    @api.exception_handler(ApiProblem)
    def _problem(request, exc: ApiProblem):
        return problem_response(exc.status, exc.detail, kind=exc.kind, errors=exc.errors,
                                headers=exc.headers)  # fmt: skip

    api.add_exception_handler(ValidationError, validation_problem)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return problem_response(
            401, "Thiếu khóa API: gửi tiêu đề «Authorization: Bearer <khóa>».",
            kind="unauthenticated", headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem_response(404, "Không có bản ghi này, hoặc bạn không được xem.",
                                kind="not-found")  # fmt: skip

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return problem_response(403, str(exc) or "Bạn không được làm việc này.", kind="forbidden")

    @api.exception_handler(NotAllowed)
    def _not_allowed(request, exc):
        # Before ActionRefused's handler: the user may not act at all (403), whatever the data.
        return problem_response(403, str(exc), kind="forbidden")

    @api.exception_handler(ActionRefused)
    def _refused(request, exc):
        field = getattr(exc, "field", None)
        errors = [{"field": field, "message": str(exc)}] if field else []
        return problem_response(422, str(exc), kind="refused", errors=errors)

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request, exc):
        return problem_response(413, "Nội dung yêu cầu quá lớn.", kind="too-large")

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            message = "«body»: nội dung yêu cầu không phải JSON hợp lệ."
            return problem_response(400, message, kind="validation",
                                    errors=[{"field": "body", "message": message}])  # fmt: skip
        return problem_response(exc.status_code, TITLES.get(exc.status_code, "Lỗi") + ".")
