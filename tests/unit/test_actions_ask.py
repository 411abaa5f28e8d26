"""Every business action a user makes asks its app's permission (issue 12, item 3).

An action is a `do_*` function. One taking `acting_user` is made by a user: it must reach
`require_perm` or `has_perm` (the apps' permissions.py), itself or through what it calls — a
helper, another action, a workflow's `check` or `move` (core/workflow.py). The check reads the
calls by name, as a guard (a new action that asks nothing fails here), not as a proof; what each
persona may do is tests/integration/test_action_permissions.py's and the apps' tests' to show.

An action without `acting_user` is the installation's (the reminders' claims, run by the
`send_reminders` command): no user to ask, so no screen or API may call one.
"""

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "thidua"
ASKS = {"require_perm", "has_perm"}
# Django's and Python's own methods: a project function of the same name is not what is called.
NOT_FOLLOWED = {
    "save", "create", "update", "delete", "get", "filter", "exclude", "all", "first", "exists",
    "count", "values", "values_list", "order_by", "select_related", "prefetch_related",
    "annotate", "aggregate", "get_or_create", "update_or_create", "bulk_create", "bulk_update",
    "set", "add", "remove", "clear", "clean", "full_clean", "refresh_from_db", "format", "join",
    "append", "extend", "items", "keys", "__init__",
}  # fmt: skip


@functools.cache
def modules() -> tuple[tuple[Path, ast.Module], ...]:
    """Every module of thidua but the migrations, parsed once for both tests."""
    return tuple(
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
    )


@functools.cache
def functions() -> dict[str, list[tuple[Path, ast.FunctionDef]]]:
    found: dict[str, list] = {}
    for path, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found.setdefault(node.name, []).append((path, node))
    return found


@functools.cache
def called(node) -> frozenset[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                names.add(call.func.attr)
    return frozenset(names)


def takes_acting_user(node) -> bool:
    return any(a.arg == "acting_user" for a in node.args.args + node.args.kwonlyargs)


def actions():
    return [
        (path, node)
        for name, places in sorted(functions().items())
        if name.startswith("do_")
        for path, node in places
    ]


def test_every_users_action_asks_a_permission():
    defined = functions()
    asks: dict[str, bool] = {}

    def reaches(name: str, seen: frozenset) -> bool:
        if name in ASKS:
            return True
        if name in NOT_FOLLOWED or name not in defined or name in seen:
            return False
        if name not in asks:
            bodies = [node for _, node in defined[name]]
            asks[name] = any(reaches(c, seen | {name}) for node in bodies for c in called(node))
        return asks[name]

    users = [(path, node) for path, node in actions() if takes_acting_user(node)]
    silent = [
        "{}:{} {}".format(path.relative_to(PACKAGE.parent), node.lineno, node.name)
        for path, node in users
        if not any(reaches(callee, frozenset({node.name})) for callee in called(node))
    ]
    assert len(users) > 50
    assert not silent, "actions that ask no permission:\n" + "\n".join(silent)


def test_the_installations_actions_are_called_by_no_screen():
    own = {node.name for _, node in actions() if not takes_acting_user(node)}
    assert own  # the reminders' claims: if they go, so may this test
    calls = {
        "{} calls {}".format(path.relative_to(PACKAGE.parent), name)
        for path, tree in modules()
        if path.name == "views.py" or "api" in path.parts
        for name in called(tree) & own
    }
    assert not calls, sorted(calls)
