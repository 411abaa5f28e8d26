"""The CSRF refusal page in Vietnamese and HSTS on by default (issue 15, item 9, in part)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
YEAR = 31536000


def test_a_forged_post_gets_a_vietnamese_page_in_the_sites_style(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["staff"])
    # A form posted from another site carries no token: refused, and said so in Vietnamese.
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Không gửi được biểu mẫu" in text and "Dữ liệu chưa được lưu." in text
    assert '<html lang="vi">' in text and "Trang chủ" in text  # the site's layout and menu
    for english in ("CSRF verification failed", "Forbidden", "Reason given", "DEBUG"):
        assert english not in text


def test_the_login_form_without_its_token_is_refused_in_vietnamese(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in response.content.decode()
    # With the token the page gave, the same form goes through the CSRF check.
    page = client.get(reverse("accounts:login"))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("accounts:login"),
        {"username": "canbo", "password": "sai", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 200


def test_https_responses_carry_hsts_for_a_year(client):
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age={}".format(YEAR)
    # Never on plain HTTP (browsers ignore it there; Django does not send it).
    assert "Strict-Transport-Security" not in client.get(reverse("accounts:login"))


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_a_tls_proxy_hsts_follows_the_proxys_header(client):
    response = client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age={}".format(YEAR)
    response = client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="http")
    assert "Strict-Transport-Security" not in response


def setting_in(name: str, **env) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    # The settings module alone, as a server would read it at start-up (no app loading).
    result = subprocess.run(
        [sys.executable, "-c", "from thidua import settings; print(settings.{})".format(name)],
        cwd=ROOT, env={**environ, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_hsts_is_on_by_default_outside_debug_and_configurable():
    assert setting_in("SECURE_HSTS_SECONDS") == str(YEAR)
    assert setting_in("SECURE_HSTS_SECONDS", DEBUG="1") == "0"
    assert setting_in("SECURE_HSTS_SECONDS", SECURE_HSTS_SECONDS="3600") == "3600"
    assert setting_in("SECURE_PROXY_SSL_HEADER", BEHIND_TLS_PROXY="1") == str(
        ("HTTP_X_FORWARDED_PROTO", "https")
    )
