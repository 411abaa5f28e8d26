"""The law's vocabulary lives in thidua.rules: every Django choice set of it equals its engine list,
and no app keeps its own copy of the titles, their authority or their registrable lists."""

import ast
from pathlib import Path

import pytest

from thidua.core import choices
from thidua.rules import authority, codes

ROOT = Path(__file__).resolve().parents[2] / "thidua"


@pytest.mark.parametrize(
    ("choice_set", "values", "names"),
    [
        (choices.TitleCode, codes.TITLE_ORDER, codes.TITLE_NAMES),
        (choices.Grade, codes.GRADES, codes.GRADE_NAMES),
        (choices.DisciplineForm, codes.DISCIPLINE_FORMS, codes.DISCIPLINE_NAMES),
        (choices.RecognitionLevel, codes.LEVELS, codes.LEVEL_NAMES),
        (choices.LeaveKind, codes.LEAVE_KINDS, codes.LEAVE_NAMES),
        (choices.StudyResult, codes.STUDY_RESULTS, codes.STUDY_NAMES),
    ],
)
def test_every_choice_set_equals_its_engine_list(choice_set, values, names):
    assert set(choice_set.values) == set(values)
    for value, label in choice_set.choices:
        assert label.lower() == names[value].lower(), value
    assert set(codes.TITLE_ORDER) == codes.ALL_TITLES
    assert choices.COMMENDATION_FORMS is codes.COMMENDATION_FORMS


# Names that were copies of the law outside thidua.rules; none may come back.
REMOVED = {"OWN_AUTHORITY", "AWARDED_BY", "SCHOOL_TITLES_SOURCE", "ROUTES", "REWARD_DECREE",
           "REGIME_DAYS", "LAW_2022_FROM", "DECREE_152_FROM"}  # fmt: skip
# The texts that only the rules may spell out: every title's full name, and each body's name.
LAW_TEXTS = (set(codes.TITLE_NAMES.values()) | set(authority.BODY_NAMES.values())) - {
    authority.BODY_NAMES[authority.SCHOOL], codes.TITLE_NAMES["GVT_DVN"],  # also a role, a movement
}


def _app_modules():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] == "rules" or "migrations" in parts:
            continue
        yield path


def test_no_app_keeps_a_copy_of_the_vocabulary_or_the_authority():
    found = []
    for path in _app_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                found += [f"{path}: {t.id}" for t in targets
                          if isinstance(t, ast.Name) and t.id in REMOVED]  # fmt: skip
            if isinstance(node, ast.Constant) and node.value in LAW_TEXTS:
                found.append(f"{path}:{node.lineno}: {node.value!r}")
    assert not found, found
