"""Expired idempotency keys are purged (issue 20): a write deletes its own token's, the daily
command `purge_api_keys` every token's, in batches."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.helpers.api import api_send, token_for
from thidua.api.management.commands.purge_api_keys import purge_expired
from thidua.api.models import ApiToken, IdempotencyKey

pytestmark = pytest.mark.django_db


def _keys(token: ApiToken, count: int, *, expired: bool, prefix: str) -> None:
    now = timezone.now()
    moment = now - timedelta(minutes=1) if expired else now + timedelta(hours=1)
    IdempotencyKey.objects.bulk_create(
        IdempotencyKey(token=token, key="{}-{}".format(prefix, index), fingerprint="x",
                       method="POST", path="/api/v1/people", status=201,
                       content_type="application/json", body="{}", expires_at=moment)
        for index in range(count)
    )  # fmt: skip


def test_the_command_deletes_every_token_s_expired_keys_and_keeps_the_others(personas):
    token_for(personas["secretary"], name="Một", read_only=False)
    token_for(personas["admin"], name="Hai", read_only=False)
    one, two = ApiToken.objects.order_by("pk")
    _keys(one, 3, expired=True, prefix="a")
    _keys(two, 2, expired=True, prefix="b")
    _keys(two, 4, expired=False, prefix="c")
    out = StringIO()
    call_command("purge_api_keys", stdout=out)
    assert out.getvalue().strip() == "Đã xóa 5 khóa chống ghi lặp hết hạn."
    assert sorted(IdempotencyKey.objects.values_list("key", flat=True)) == [
        "c-0", "c-1", "c-2", "c-3"]  # fmt: skip
    out = StringIO()
    call_command("purge_api_keys", stdout=out)
    assert out.getvalue().strip() == "Đã xóa 0 khóa chống ghi lặp hết hạn."


def test_the_purge_goes_in_batches(personas, django_assert_num_queries):
    token_for(personas["secretary"], name="Một", read_only=False)
    token = ApiToken.objects.get()
    _keys(token, 7, expired=True, prefix="a")
    # Three batches of 3 (3, 3, 1), each a select of ids and a delete, and a last empty select.
    with django_assert_num_queries(7):
        assert purge_expired(batch=3) == 7
    assert not IdempotencyKey.objects.exists()


def test_a_write_deletes_its_own_token_s_expired_keys_only(units, personas):
    secret = token_for(personas["secretary"], name="Một", read_only=False)
    token_for(personas["admin"], name="Hai", read_only=False)
    one, two = ApiToken.objects.order_by("pk")
    _keys(one, 2, expired=True, prefix="a")
    _keys(two, 2, expired=True, prefix="b")
    response = api_send("POST", "people", secret, {"family_and_middle": "Ngô Văn", "given": "Nam",
                                                   "gender": "M", "unit_id": units["a"].pk},
                        key="moi")  # fmt: skip
    assert response.status_code == 201, response.content
    assert sorted(IdempotencyKey.objects.values_list("key", flat=True)) == ["b-0", "b-1", "moi"]
