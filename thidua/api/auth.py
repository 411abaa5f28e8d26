"""Authentication of the API: `Authorization: Bearer <token>`, the token checked against its
stored hash, its expiry and revocation; a read-only token may only read; every accepted request
is logged under the token's name."""

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from thidua.api.actions import find_token, record_use, seconds_until_allowed
from thidua.api.problems import ApiProblem

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UNAUTHENTICATED = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


def _refuse(detail: str) -> ApiProblem:
    return ApiProblem(401, detail, kind="unauthenticated", headers=UNAUTHENTICATED)


class BearerToken(HttpBearer):
    """The API's one way in; the account the token belongs to becomes ``request.user``."""

    def __call__(self, request: HttpRequest):
        # The body is refused before anything reads it (Django would read it all to parse it).
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.API_MAX_BODY_BYTES:
            raise ApiProblem(
                413, "Nội dung yêu cầu {} byte, quá giới hạn {} byte.".format(
                    length, settings.API_MAX_BODY_BYTES),
                kind="too-large",
            )  # fmt: skip
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        found = find_token(token.strip())
        if found is None:
            raise _refuse("Khóa API không đúng.")
        if found.revoked_at is not None:
            raise _refuse("Khóa API «{}» đã bị thu hồi.".format(found.name))
        today = timezone.localdate()
        if found.expires_on is not None and found.expires_on < today:
            raise _refuse("Khóa API «{}» đã hết hạn ngày {:%d/%m/%Y}.".format(
                found.name, found.expires_on))  # fmt: skip
        if not found.user.is_active:
            raise _refuse("Tài khoản của khóa API «{}» đã bị khóa.".format(found.name))
        user = found.user
        if found.organization_id is not None and found.organization_id not in (
            user.organization_ids
        ):
            raise _refuse("Tài khoản của khóa API «{}» không còn vai trò ở cơ quan của khóa."
                          .format(found.name))  # fmt: skip
        # The token works in its own organisation, not the one the account last chose on
        # screen (nothing saved: the account's choice is left as it is).
        if user.organization_id != found.organization_id:
            user.organization = found.organization
            user.forget_roles()
        if found.read_only and request.method not in SAFE_METHODS:
            raise ApiProblem(403, "Khóa API «{}» chỉ đọc: không ghi được.".format(found.name),
                             kind="read-only")  # fmt: skip
        limit = settings.API_RATE_LIMIT_PER_MINUTE
        wait = seconds_until_allowed(found, timezone.now(), limit)
        if wait:
            raise ApiProblem(
                429, "Khóa API «{}» đã gửi {} yêu cầu trong một phút, quá giới hạn; thử lại sau "
                "{} giây.".format(found.name, limit, wait),
                kind="rate-limited", headers={"Retry-After": str(wait)},
            )  # fmt: skip
        record_use(found, method=request.method, path=request.path)
        request.user = user
        request.api_token = found
        return found
