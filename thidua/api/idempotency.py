"""Idempotency keys of the API's writes (the `Idempotency-Key` header, as drafted by the IETF's
httpapi group): a write sent again with the same key and the same body is answered with the
first answer, stored, and writes nothing; the same key with another body is refused (422).

The key's row is inserted in the write's own transaction before the write: a second request
with the same key, sent while the first is still running, waits on the unique index (PostgreSQL)
and then reads the first one's answer; a failed write (5xx) takes its key with it, so a retry
runs again."""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from ninja import Header

from thidua.api.models import IdempotencyKey
from thidua.api.problems import ApiProblem

HEADER = "Idempotency-Key"
KEY = Header(
    ...,
    alias=HEADER,
    min_length=1,
    max_length=200,
    pattern=r"^[!-~]+$",
    description="Khóa chống ghi lặp (1–200 ký tự ASCII in được, ví dụ một UUID), mới cho mỗi "
    "lần ghi: gửi lại đúng yêu cầu với cùng khóa (khi mất kết nối) nhận lại câu trả lời đầu "
    "tiên mà không ghi lần nữa. Khóa được giữ {} giờ cho mỗi khóa API.".format(
        settings.API_IDEMPOTENCY_HOURS
    ),
)
REPLAYED = "Idempotent-Replayed"


def fingerprint(request) -> str:
    """Return the request's SHA-256: method, path and body (its JSON with keys sorted, so the
    order or spacing of a retried body does not matter)."""
    raw = request.body or b""
    try:
        canonical = json.dumps(json.loads(raw or b"null"), sort_keys=True, ensure_ascii=False,
                               separators=(",", ":"))  # fmt: skip
    except ValueError:
        canonical = raw.decode("latin-1")
    text = "{} {}\n{}".format(request.method, request.path, canonical)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _replay(stored: IdempotencyKey, print_: str) -> HttpResponse:
    if stored.fingerprint != print_:
        message = (
            "Khóa chống ghi lặp «{}» đã dùng lúc {:%H:%M:%S %d/%m/%Y} cho một yêu cầu khác "
            "({} {}); mỗi lần ghi mới cần một khóa mới.".format(
                stored.key, timezone.localtime(stored.created_at), stored.method, stored.path
            )
        )
        raise ApiProblem(422, message, kind="idempotency-key-reused", errors=[(HEADER, message)])
    response = HttpResponse(stored.body, status=stored.status, content_type=stored.content_type)
    response[REPLAYED] = "true"
    return response


def once(request, key: str, write) -> HttpResponse:
    """Answer a write made under ``key``: the stored answer if the token used the key already,
    else ``write()``'s (an HttpResponse; a refusal raised by it is answered as a problem and
    stored too), kept for the key's lifetime."""
    from thidua.api.v1 import api  # the API's exception handlers (v1 imports this module)

    token = request.api_token
    now = timezone.now()
    print_ = fingerprint(request)
    with transaction.atomic():
        IdempotencyKey.objects.filter(token=token, expires_at__lte=now).delete()
        try:
            with transaction.atomic():
                stored = IdempotencyKey.objects.create(
                    token=token, key=key, fingerprint=print_, method=request.method[:10],
                    path=request.path[:500], status=0, content_type="", body="",
                    created_at=now,
                    expires_at=now + timedelta(hours=settings.API_IDEMPOTENCY_HOURS),
                )  # fmt: skip
        except IntegrityError:
            # Used before (or just now, by a request that has since committed).
            return _replay(IdempotencyKey.objects.get(token=token, key=key), print_)
        try:
            with transaction.atomic():
                response = write()
        except Exception as exc:  # noqa: BLE001 - the API's handlers answer it, or re-raise
            response = api.on_exception(request, exc)
        if response.status_code >= 500:
            raise RuntimeError("Ghi không thành công: {}".format(response.status_code))
        stored.status = response.status_code
        stored.content_type = response["Content-Type"]
        stored.body = response.content.decode("utf-8")
        stored.save(update_fields=["status", "content_type", "body"])
    return response
