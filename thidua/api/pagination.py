"""Cursor pagination: records in a stable order (their id), a page at a time; the cursor is
opaque and signed, tied to the query's filters, so a tampered or borrowed one is refused."""

import hashlib
import json

from django.core import signing

from thidua.api.problems import ApiProblem

SALT = "thidua.api.cursor.v1"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def _fingerprint(filters: dict) -> str:
    canonical = json.dumps(filters, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def _read(cursor: str, fingerprint: str) -> int:
    try:
        data = signing.loads(cursor, salt=SALT)
    except signing.BadSignature:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        raise ApiProblem(
            400,
            "Con trỏ trang «cursor» không hợp lệ (đã bị sửa hoặc hỏng).",
            kind="bad-cursor",
            errors=[("cursor", "Con trỏ trang không hợp lệ.")],
        )
    if data.get("f") != fingerprint:
        raise ApiProblem(
            400, "Con trỏ trang «cursor» thuộc một truy vấn có bộ lọc khác; giữ nguyên bộ lọc khi "
            "sang trang.", kind="bad-cursor",
            errors=[("cursor", "Con trỏ trang thuộc một truy vấn khác.")],
        )  # fmt: skip
    return data["a"]


def paginate(queryset, *, cursor: str | None, limit: int, filters: dict) -> dict:
    """Return {"items": […], "next_cursor": …} for the page after ``cursor`` (ordered by id)."""
    fingerprint = _fingerprint(filters)
    if cursor:
        queryset = queryset.filter(pk__gt=_read(cursor, fingerprint))
    rows = list(queryset.order_by("pk")[: limit + 1])
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = signing.dumps({"a": rows[-1].pk, "f": fingerprint}, salt=SALT)
    return {"items": rows, "next_cursor": following}
