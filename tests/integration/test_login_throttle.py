"""Login throttling behind a reverse proxy, written as the attacks of issue 15, item 5.

The login page sits behind one reverse proxy (REMOTE_ADDR is the proxy's) that appends the
client's address to X-Forwarded-For. Attackers guess passwords from their own addresses.
"""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from tests.conftest import PASSWORD
from thidua.accounts.throttle import client_ip

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
PRINCIPAL_HOME = "198.51.100.7"
ATTACKERS = ["203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13", "203.0.113.14"]


@pytest.fixture
def principal(personas):
    user = personas["principal"]
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client, username, password, *, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=1)
def test_guesses_from_other_addresses_behind_the_proxy_do_not_lock_the_principal_out(
    client, principal
):
    # Five wrong passwords from five addresses: the finding locked her out with these.
    for attacker in ATTACKERS:
        login(client, principal.username, "doan-bua", remote=PROXY, forwarded=attacker)
    # One attacker goes on to five guesses of his own.
    for _ in range(4):
        login(client, principal.username, "doan-bua", remote=PROXY, forwarded=ATTACKERS[0])
    # The attackers' own addresses are locked for her account...
    assert (
        login(
            client, principal.username, PASSWORD, remote=PROXY, forwarded=ATTACKERS[0]
        ).status_code
        == 429
    )
    # ...the principal, through the same proxy from her own address, signs in.
    response = login(client, principal.username, PASSWORD, remote=PROXY, forwarded=PRINCIPAL_HOME)
    assert response.status_code == 302


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=0)
def test_without_the_proxy_setting_everyone_behind_the_proxy_shares_one_lock(client, principal):
    """The finding itself: with the proxy not declared, anyone's five guesses lock her out."""
    for attacker in ATTACKERS:
        login(client, principal.username, "doan-bua", remote=PROXY, forwarded=attacker)
    response = login(client, principal.username, PASSWORD, remote=PROXY, forwarded=PRINCIPAL_HOME)
    assert response.status_code == 429


@override_settings(
    AXES_ENABLED=True,
    TRUSTED_PROXY_COUNT=1,
    LOGIN_ADDRESS_FAILURE_LIMIT=20,
    AXES_COOLOFF_TIME=timedelta(minutes=30),
)
def test_one_address_trying_many_accounts_is_blocked(client, principal, personas):
    attacker = "203.0.113.50"
    # One guess at each of 19 accounts: never five at one, the pair limit is not reached.
    for number in range(19):
        response = login(
            client, "nguoi{}".format(number), "123456", remote=PROXY, forwarded=attacker
        )
        assert response.status_code == 200
    # The 20th failure, at yet another account, blocks the address for every account.
    login(client, "nguoi-cuoi", "123456", remote=PROXY, forwarded=attacker)
    response = login(client, principal.username, PASSWORD, remote=PROXY, forwarded=attacker)
    assert response.status_code == 429
    assert "Tạm khoá đăng nhập" in response.content.decode()
    assert "hoặc từ địa chỉ mạng này. Vui lòng thử lại sau 30 phút" in response.content.decode()
    # Another address is not affected.
    response = login(client, principal.username, PASSWORD, remote=PROXY, forwarded=PRINCIPAL_HOME)
    assert response.status_code == 302


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=1, LOGIN_ADDRESS_FAILURE_LIMIT=8)
def test_signing_in_to_ones_own_account_does_not_reset_the_address_limit(
    client, principal, personas
):
    """An attacker holding one valid account cannot sign in between guesses to start afresh."""
    attacker = "203.0.113.60"
    for round_ in range(2):
        for number in range(4):
            login(
                client, "nguoi{}-{}".format(round_, number), "x", remote=PROXY, forwarded=attacker
            )
        if round_ == 0:
            response = login(client, principal.username, PASSWORD, remote=PROXY, forwarded=attacker)
            assert response.status_code == 302
            client.post(reverse("accounts:logout"), REMOTE_ADDR=PROXY)
    response = login(client, principal.username, PASSWORD, remote=PROXY, forwarded=attacker)
    assert response.status_code == 429


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=0)
def test_a_spoofed_forwarded_for_is_ignored_without_a_trusted_proxy(client, principal):
    attacker = "203.0.113.70"
    for number in range(5):
        # A fresh made-up X-Forwarded-For on each guess changes nothing: the address is REMOTE_ADDR.
        login(
            client,
            principal.username,
            "doan-bua",
            remote=attacker,
            forwarded="192.0.2.{}".format(number + 1),
        )
    response = login(client, principal.username, PASSWORD, remote=attacker, forwarded="192.0.2.99")
    assert response.status_code == 429
    response = login(client, principal.username, PASSWORD, remote=PRINCIPAL_HOME)
    assert response.status_code == 302


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=1)
def test_an_address_prepended_by_the_client_is_ignored_behind_the_proxy(client, principal):
    """The client may write X-Forwarded-For itself; the proxy appends the real address last."""
    attacker = "203.0.113.80"
    for number in range(5):
        forwarded = "192.0.2.{}, {}".format(number + 1, attacker)
        login(client, principal.username, "doan-bua", remote=PROXY, forwarded=forwarded)
    response = login(
        client, principal.username, PASSWORD, remote=PROXY, forwarded="192.0.2.99, " + attacker
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    "count, remote, forwarded, expected",
    [
        (0, "203.0.113.1", "192.0.2.1", "203.0.113.1"),
        (1, PROXY, "192.0.2.1, 203.0.113.1", "203.0.113.1"),
        (2, PROXY, "192.0.2.1, 203.0.113.1, 10.0.0.9", "203.0.113.1"),
        (2, PROXY, "203.0.113.1", PROXY),  # did not come through both proxies
        (1, PROXY, "khong-phai-dia-chi", PROXY),  # garbage never reaches the inet column
        (1, PROXY, "2001:db8::1", "2001:db8::1"),
        (1, PROXY, None, PROXY),
    ],
)
def test_client_address_is_read_through_the_trusted_proxies(
    settings, count, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **extra)) == expected


@pytest.mark.parametrize(
    "name, value",
    [("TRUSTED_PROXY_COUNT", "mot"), ("TRUSTED_PROXY_COUNT", "-1"),
     ("LOGIN_ADDRESS_FAILURE_LIMIT", "0"), ("COUNCIL_SEAL_KEY_FILE", "/khong/co/tep")],
)  # fmt: skip
def test_a_malformed_variable_stops_start_up_naming_it(name, value):
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", "import thidua.settings"],
        cwd=Path(__file__).resolve().parents[2], env={**environ, name: value},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and name.removesuffix("_FILE") in result.stderr
