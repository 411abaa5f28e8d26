"""docs/deploy.md's table of settings names every environment variable thidua/settings.py
reads, and nothing it does not (issue 19, point 6): a host configured from the document misses
none, and no documented variable is silently ignored."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r'env_(bool|int|list|secret)\(\s*"([A-Z][A-Z0-9_]*)"')
NAME = re.compile(r"`([A-Z][A-Z0-9_]*)`")


def documented() -> set[str]:
    """The variables in the first column of the table under «## Settings»."""
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(NAME.findall(line.split("|")[1]))
    return names


def read_by_settings() -> dict[str, str]:
    """Each variable settings.py reads, with the reader (bool, int, list, secret)."""
    source = (ROOT / "thidua" / "settings.py").read_text(encoding="utf-8")
    return {name: kind for kind, name in READ.findall(source)}


def test_the_table_is_found():
    assert len(documented()) > 30


def test_every_documented_setting_is_read_by_settings():
    read = read_by_settings()
    for name in documented():
        if name.endswith("_FILE"):  # a secret given as a file: env_secret reads NAME_FILE
            assert read.get(name.removesuffix("_FILE")) == "secret", name
        else:
            assert name in read, "{} is documented but settings.py never reads it".format(name)


def test_every_setting_read_is_documented():
    missing = set(read_by_settings()) - documented()
    assert not missing, "docs/deploy.md lacks {}".format(sorted(missing))
