"""The Word templates are built deterministically: running the builder again on an unchanged
layout gives byte-identical files (fixed zip dates, order and modes), and the committed files
are what the builder makes (no layout changed without regenerating them)."""

import zipfile

from thidua.documents import build_templates
from thidua.documents.build_templates import FIXED_TIME, TEMPLATES_DOCX


def test_two_builds_give_identical_files(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build_templates.main(first)
    build_templates.main(second)
    names = sorted(p.name for p in first.glob("*.docx"))
    assert names == sorted(p.name for p in second.glob("*.docx")) and len(names) >= 20
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        with zipfile.ZipFile(first / name) as docx:
            assert {i.date_time for i in docx.infolist()} == {FIXED_TIME.timetuple()[:6]}, name


def test_an_unchanged_file_is_not_rewritten(tmp_path):
    build_templates.main(tmp_path)
    path = tmp_path / "plan_state.docx"
    before = path.stat().st_mtime_ns
    path.touch()  # a later mtime, which an unneeded rewrite would replace with its own
    touched = path.stat().st_mtime_ns
    build_templates.main(tmp_path)
    assert path.stat().st_mtime_ns == touched >= before


def test_the_committed_templates_are_the_builders_output(tmp_path):
    build_templates.main(tmp_path)
    for built in sorted(tmp_path.glob("*.docx")):
        committed = TEMPLATES_DOCX / built.name
        with zipfile.ZipFile(built) as new, zipfile.ZipFile(committed) as old:
            assert new.namelist() == old.namelist(), built.name
            for name in new.namelist():
                assert new.read(name) == old.read(name), (built.name, name)
