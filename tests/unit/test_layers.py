"""Layers point one way: a module of thidua imports only its own app, apps below it, and the
libraries (issue 12, item 5).

Order, lowest first: rules (pure) → core → (accounts, organization, audit) → (evidence,
registrations, awards, attachments, clusters) → evaluation → (plans, council) → (decisions,
proposals) → (closing, rewards) → todo → api → demo. Apps on the same step may import each other.
documents and spreadsheets are libraries: every app from organization up may use them, and they
may use only rules and core. Every import counts, including those inside functions (the usual
way to hide a cycle). There is no exception: an app that needs something of an app above it
gets it by registration (the spreadsheet and document kinds, the panels), not by an import.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "thidua"

STEPS = [
    {"rules"},
    {"core", "formats"},
    {"accounts", "organization", "audit"},
    {"evidence", "registrations", "awards", "attachments", "clusters"},
    {"evaluation"},
    {"plans", "council"},
    {"decisions", "proposals"},
    {"closing", "rewards"},
    {"todo"},
    {"api"},
    {"demo"},
]
STEP = {app: index for index, apps in enumerate(STEPS) for app in apps}
LIBRARIES = {"documents", "spreadsheets"}
LIBRARY_STEP = STEP["core"]  # what a library may import: this step and below

def module_name(path: Path) -> tuple[str, bool]:
    """Return the dotted name of a file under thidua/ and whether it is a package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module the file imports, anywhere in it (functions and classes included)."""
    module, is_package = module_name(path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            if target == "thidua":  # `from thidua import rules` imports thidua.rules
                found += [(node.lineno, "thidua." + alias.name) for alias in node.names]
            else:
                found.append((node.lineno, target))
    return found


def allowed(source: str, target: str) -> bool:
    if source == target:
        return True
    if source in LIBRARIES:
        return STEP.get(target, len(STEPS)) <= LIBRARY_STEP
    if target in LIBRARIES:
        return STEP[source] >= STEP["organization"]
    return STEP[target] <= STEP[source]


def violations() -> dict[tuple[str, str], list[str]]:
    """(module, app it imports) -> the offending lines, for every import against the order."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module, _ = module_name(path)
        parts = module.split(".")
        if len(parts) < 3:  # thidua.settings, thidua.urls, thidua.wsgi sit above every app
            continue
        source = parts[1]
        for line, target in imported_modules(path):
            target_parts = target.split(".")
            if target_parts[0] != "thidua" or len(target_parts) < 2:
                continue
            if not allowed(source, target_parts[1]):
                found.setdefault((module, target_parts[1]), []).append(
                    "{}:{} imports {}".format(path.relative_to(PACKAGE.parent), line, target)
                )
    return found


def test_every_app_has_a_place_in_the_order():
    apps = {
        path.parent.name for path in PACKAGE.glob("*/__init__.py") if path.parent.name != "static"
    }
    assert apps - set(STEP) - LIBRARIES == set()


def test_no_import_against_the_layers():
    found = violations()
    assert not found, "imports against the layers:\n" + "\n".join(
        line for lines in found.values() for line in lines
    )


def test_actors_are_set_through_core_audit():
    """auditlog's own set_actor and set_extra_data leak a receiver when nested (thidua/core/
    audit.py); every module but that one takes them from thidua.core.audit."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "core" / "audit.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "auditlog.context":
                names = {alias.name for alias in node.names} & {"set_actor", "set_extra_data"}
                if names:
                    found.append("{}:{} {}".format(path.relative_to(PACKAGE), node.lineno,
                                                   sorted(names)))  # fmt: skip
    assert found == []
