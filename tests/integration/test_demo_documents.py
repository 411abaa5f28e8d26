"""Every kind of document `make_document` knows comes out of a fresh demo, in DOCX and in PDF,
with the numbers README.md's table "Tài liệu từ dữ liệu mẫu" gives (the table is run as written)."""

import io
import re
import shlex
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.helpers.documents import docx_text, pdf_text
from thidua.council.models import CouncilSession
from thidua.documents.registry import FORMATS, KINDS

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "### Tài liệu từ dữ liệu mẫu / Documents from the demo"


def readme_commands() -> dict[str, list[str]]:
    """Return {kind: the command's arguments after `make_document`} from README's table."""
    text = README.read_text(encoding="utf-8")
    assert SECTION in text, "README.md has no section «{}»".format(SECTION)
    section = text.split(SECTION, 1)[1].split("\n#", 1)[0]
    commands = {}
    for command in re.findall(r"^\|[^|]+\| `make_document ([^`]+)` \|$", section, re.M):
        args = shlex.split(command)
        commands[args[0]] = args[1:]
    return commands


def with_option(args: list[str], name: str, value: str) -> list[str]:
    """Return the arguments with `--name` set to `value` (replaced, or added)."""
    args = list(args)
    if name in args:
        args[args.index(name) + 1] = value
    else:
        args += [name, value]
    return args


@pytest.fixture
def demo(demo_school, db):
    """The demo school as `load_demo` leaves a fresh database (tests/conftest.py)."""


def test_the_readme_names_every_kind_once():
    assert set(readme_commands()) == set(KINDS)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_comes_out_of_the_demo(demo, kind, fmt, tmp_path):
    commands = readme_commands()
    assert kind in commands, "README.md's table has no row for make_document {}".format(kind)
    args = commands[kind]
    if "--session" in args:
        # A fresh database numbers the 2021 meeting 1 (as the README says); the suite's
        # database has numbered sessions before, so the meeting is found by what it is.
        session = CouncilSession.objects.get(organization__abbreviation="TCTTP", year=2021)
        assert args[args.index("--session") + 1] == "1"
        args = with_option(args, "--session", str(session.pk))
    output = tmp_path / "out.{}".format(fmt)
    args = with_option(with_option(args, "--format", fmt), "--output", str(output))
    out = io.StringIO()
    call_command("make_document", kind, *args, stdout=out)
    assert "Đã ghi" in out.getvalue()
    data = output.read_bytes()
    text = docx_text(data) if fmt == "docx" else pdf_text(data)
    assert "TRẦN PHÚ" in text.upper(), text[:300]
    if "--year" in args:
        assert args[args.index("--year") + 1] in text
