"""Typed readers of environment variables that fail loudly, naming the variable."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Return the variable as a boolean; refuse anything that is not clearly yes or no."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        "Biến môi trường {} không hợp lệ: '{}' (dùng 1/0, true/false).".format(name, raw)
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Return the variable as an integer, at least `minimum` when given."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            "Biến môi trường {} phải là số nguyên, nhận được '{}'.".format(name, raw)
        ) from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(
            "Biến môi trường {} phải ≥ {}, nhận được {}.".format(name, minimum, value)
        )
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """Return a secret from NAME, or from the file named by NAME_FILE (for container secrets)."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(name + "_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                "Không đọc được tệp {} (biến {}_FILE): {}.".format(path, name, exc)
            ) from None
    return None
