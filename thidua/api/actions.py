"""Business actions on API tokens: each one transaction, asking the permission and writing the
audit entry (auditlog, with the acting user); the token itself is returned once, never stored."""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thidua.api.models import TOKEN_PREFIX, ApiToken, ApiTokenUse, hash_secret, new_secret
from thidua.core import text
from thidua.core.actions import ActionRefused, locked, require_perm
from thidua.core.audit import set_actor

FIELD_LABELS = {"name": "Tên khóa", "expires_on": "Hết hạn ngày"}
NAME_MAX = 100


class TokenRefused(ActionRefused):
    """A refusal tied to one field of the token (``field``; None for the whole token)."""

    def __init__(self, field_name: str | None, message: str):
        self.field = field_name
        self.message = message
        label = FIELD_LABELS.get(field_name)
        super().__init__("{}: {}".format(label, message) if label else message)


@dataclass(frozen=True)
class NewToken:
    """A token just made: the record and the secret, which is shown this once."""

    token: ApiToken
    secret: str


@transaction.atomic
def do_create_api_token(
    user, *, name: str, read_only: bool = True, expires_on: date | None = None, acting_user
) -> NewToken:
    """Make a token for ``user`` (the acting user themself): only its hash is kept."""
    require_perm(acting_user, "api.add_token", message="Cần đăng nhập để tạo khóa API.")
    if acting_user.pk != user.pk:
        raise TokenRefused(None, "Mỗi người chỉ tạo khóa API cho chính tài khoản của mình.")
    name = text.clean(name or "")
    if not name:
        raise TokenRefused("name", "bắt buộc, không được để trống.")
    if len(name) > NAME_MAX:
        raise TokenRefused("name", "tối đa {} ký tự.".format(NAME_MAX))
    today = timezone.localdate()
    if expires_on is not None and expires_on < today:
        raise TokenRefused(
            "expires_on",
            "ngày {:%d/%m/%Y} đã qua (hôm nay là {:%d/%m/%Y}).".format(expires_on, today),
        )
    # The account's row is the lock: two tokens of one name cannot be made at once.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
        raise TokenRefused("name", "bạn đã có một khóa chưa thu hồi mang tên «{}».".format(name))
    secret = new_secret()
    token = ApiToken(
        user=user, organization_id=user.organization_id, name=name,
        token_hash=hash_secret(secret), read_only=read_only,
        expires_on=expires_on, hint=secret[len(TOKEN_PREFIX):][:6],
    )  # fmt: skip
    with set_actor(acting_user):
        token.full_clean()
        token.save()
    return NewToken(token=token, secret=secret)


@transaction.atomic
def do_revoke_api_token(token: ApiToken, *, acting_user) -> ApiToken:
    """Revoke a token: it stays listed, marked revoked, and no request is accepted with it."""
    require_perm(
        acting_user, "api.revoke_token", token,
        message="Chỉ người tạo khóa (hoặc quản trị hệ thống) thu hồi được khóa này.",
    )  # fmt: skip
    token = locked(token)
    if token.revoked_at is not None:
        raise TokenRefused(
            None, "Khóa «{}» đã thu hồi lúc {:%H:%M %d/%m/%Y}.".format(
                token.name, timezone.localtime(token.revoked_at))
        )  # fmt: skip
    token.revoked_at = timezone.now()
    with set_actor(acting_user):
        token.save()
    return token


def find_token(secret: str) -> ApiToken | None:
    """Return the token whose secret this is (with its user), usable or not; None if unknown."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    found = ApiToken.objects.select_related("user", "organization")
    return found.filter(token_hash=hash_secret(secret)).first()


RATE_WINDOW = timedelta(minutes=1)


def seconds_until_allowed(token: ApiToken, now, limit: int) -> int:
    """Return 0 when ``token`` may make one more request now (fewer than ``limit`` uses in the
    last minute), else the whole seconds until the oldest of them leaves the window (≥ 1).

    Counted on the log of uses (one bounded query), so every server process sees the same
    count; a refused request is not a use and does not push the window on."""
    recent = ApiTokenUse.objects.filter(token=token, used_at__gt=now - RATE_WINDOW)
    if recent.order_by()[:limit].count() < limit:
        return 0
    oldest = recent.order_by("used_at").values_list("used_at", flat=True).first()
    if oldest is None:  # the window emptied meanwhile
        return 0
    return max(1, math.ceil((oldest + RATE_WINDOW - now).total_seconds()))


def record_use(token: ApiToken, *, method: str, path: str) -> None:
    """Log one request made with ``token`` and stamp its last use (two short writes, no read).

    Not an audit entry of auditlog: a read changes nothing, and the log of uses is per token."""
    now = timezone.now()
    ApiTokenUse.objects.create(
        token=token, token_name=token.name, user_id=token.user_id, used_at=now,
        method=method[:10], path=path[:500],
    )  # fmt: skip
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
