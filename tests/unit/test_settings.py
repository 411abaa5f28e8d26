"""Settings fail loudly, naming the variable; Vietnamese formats parse dd/mm/yyyy."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, translation

from thidua.core.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env, named",
    [
        ({"DATABASE_URL": "khong-phai-url://x"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://"}, "DATABASE_URL"),
        ({"DEBUG": "co le"}, "DEBUG"),
        ({"CONN_MAX_AGE": "mot phut", "DATABASE_URL": "postgres://u@h/db"}, "CONN_MAX_AGE"),
        ({"LOG_LEVEL": "ồn ào"}, "LOG_LEVEL"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS"),
    ],
)
def test_malformed_variable_stops_start_up_naming_it(env, named):
    result = run_check(**env)
    assert result.returncode == 1
    assert named in result.stderr
    assert "Traceback" not in result.stderr


def test_database_password_stays_out_of_the_message():
    result = run_check(DATABASE_URL="khong-biet://nguoi:MatKhau123@may:5432/csdl")
    assert result.returncode == 1
    assert "MatKhau123" not in result.stderr and "***" in result.stderr


def test_default_configuration_starts():
    result = run_check()
    assert result.returncode == 0, result.stderr


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "-3")
    monkeypatch.setenv("X_LIST", " a, b ,,c ")
    assert env_bool("X_BOOL", False) is True
    assert env_bool("X_MISSING", True) is True
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 0, minimum=0)


def test_dates_parse_day_first():
    field = forms.DateField(input_formats=formats.get_format("DATE_INPUT_FORMATS", lang="vi"))
    with translation.override("vi"):
        assert field.clean("03/04/2026") == date(2026, 4, 3)
        with pytest.raises(forms.ValidationError):
            field.clean("31/02/2022")


def test_numbers_use_vietnamese_separators():
    with translation.override("vi"):
        assert (
            formats.number_format(1234567.5, decimal_pos=1, use_l10n=True, force_grouping=True)
            == "1.234.567,5"
        )
        assert formats.date_format(date(2022, 3, 8), "SHORT_DATE_FORMAT") == "08/03/2022"


def test_postgresql_connections_run_without_jit_unless_asked(monkeypatch):
    from thidua import settings as project_settings

    monkeypatch.setenv("DATABASE_URL", "postgres://u@h:5432/db")
    monkeypatch.delenv("POSTGRES_JIT", raising=False)
    assert project_settings._databases()["default"]["OPTIONS"]["options"] == "-c jit=off"
    monkeypatch.setenv("POSTGRES_JIT", "1")
    assert "options" not in project_settings._databases()["default"].get("OPTIONS", {})
    monkeypatch.setenv("POSTGRES_JIT", "có lẽ")
    with pytest.raises(ImproperlyConfigured, match="POSTGRES_JIT"):
        project_settings._databases()
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/x.sqlite3")
    monkeypatch.delenv("POSTGRES_JIT")
    assert "options" not in project_settings._databases()["default"]["OPTIONS"]
