"""API tokens and their use: only a hash of each token is stored, and every request made with
one is logged under its name (one short row, no body)."""

import hashlib
import secrets

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

#: Every token starts with it, so a leaked one is recognised by scanners and in logs.
TOKEN_PREFIX = "thidua_"


def new_secret() -> str:
    """Return a fresh token: the prefix and 32 random bytes (URL-safe base64)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """Return the stored form of a token: SHA-256 in hex (a random 256-bit secret needs no salt
    or slow hash: it cannot be guessed from a dictionary)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, today=None):
        """Return the tokens neither revoked nor expired (expiry: valid through its day)."""
        today = today or timezone.localdate()
        return self.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today), revoked_at__isnull=True
        )

    def visible_to(self, user):
        """Return the user's own tokens: nobody else's are listed, not even to an administrator."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class ApiToken(models.Model):
    """A named token a user made for another system to read (and later write) as them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="tài khoản",
    )
    # The organisation the account was working in when it made the token: the token reads and
    # writes there, whichever organisation the account later switches to on screen.
    organization = models.ForeignKey(
        "organization.Organization",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="cơ quan",
        null=True,  # an account working in no organisation (a cluster's leader) reads none
        blank=True,
    )
    name = models.CharField("tên khóa", max_length=100)
    token_hash = models.CharField(
        "mã băm SHA-256 của khóa", max_length=64, unique=True, editable=False
    )
    # The first characters after the prefix, shown in the list so the owner can tell tokens apart.
    hint = models.CharField("đầu khóa", max_length=16, editable=False)
    read_only = models.BooleanField("chỉ đọc", default=True)
    expires_on = models.DateField("hết hạn ngày", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_apitoken_unique_live_name",
                violation_error_message="Bạn đã có một khóa còn dùng được mang tên này.",
            ),
        ]

    def __str__(self):
        return "{} ({})".format(self.name, self.user)

    def is_usable(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and (self.expires_on is None or self.expires_on >= today)

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "Đã thu hồi"
        if not self.is_usable():
            return "Đã hết hạn"
        return "Đang dùng được"


class ApiTokenUse(models.Model):
    """One request made with a token: when, which method and path, under the token's name (kept
    here too, so the log still reads after the token is deleted with its account)."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.SET_NULL, null=True, related_name="uses", verbose_name="khóa"
    )
    token_name = models.CharField("tên khóa", max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="tài khoản",
    )
    used_at = models.DateTimeField("lúc", default=timezone.now, db_index=True)
    method = models.CharField("phương thức", max_length=10)
    path = models.CharField("đường dẫn", max_length=500)

    class Meta:
        verbose_name = "lần dùng khóa API"
        verbose_name_plural = "nhật ký dùng khóa API"
        ordering = ["-used_at", "-pk"]
        # The rate limit counts a token's uses of the last minute (thidua.api.auth).
        indexes = [models.Index(fields=["token", "used_at"], name="api_tokenuse_token_used_at")]

    def __str__(self):
        return "{} {} {}".format(self.token_name, self.method, self.path)


class IdempotencyKey(models.Model):
    """A write made with a token under an `Idempotency-Key`: the request's fingerprint and the
    answer given, so the same request sent again is answered the same without writing again.

    Kept per token (two systems may pick the same key) until ``expires_at``."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.CASCADE, related_name="idempotency_keys",
        verbose_name="khóa API",
    )  # fmt: skip
    key = models.CharField("khóa chống ghi lặp", max_length=200)
    # SHA-256 of the method, the path and the body (its JSON, keys sorted).
    fingerprint = models.CharField("dấu của yêu cầu", max_length=64)
    method = models.CharField("phương thức", max_length=10)
    path = models.CharField("đường dẫn", max_length=500)
    status = models.PositiveSmallIntegerField("mã trạng thái trả lời")
    content_type = models.CharField("kiểu nội dung trả lời", max_length=100)
    body = models.TextField("nội dung trả lời")
    created_at = models.DateTimeField("lúc", default=timezone.now)
    expires_at = models.DateTimeField("hết hạn lúc", db_index=True)

    class Meta:
        verbose_name = "khóa chống ghi lặp"
        verbose_name_plural = "khóa chống ghi lặp"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_unique_key"),
        ]

    def __str__(self):
        return "{} {}".format(self.token_id, self.key)


auditlog.register(ApiToken, exclude_fields=["token_hash", "last_used_at"])
