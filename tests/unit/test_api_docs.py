"""The Python client of docs/api.md (issue 20, item 4) is valid Python that uses only the
standard library, and calls the paths the example names."""

import ast
import json
import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
DOC = DOCS / "api.md"
SCHEMA = DOCS / "api" / "openapi-v1.json"


def example() -> str:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    return blocks[0]


def test_the_client_example_compiles_and_imports_only_the_standard_library():
    tree = ast.parse(example())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported and imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert {"show_eligibility", "import_awards", "download_national_export"} <= functions


def test_the_example_calls_paths_and_methods_of_the_committed_schema():
    """Each path constant of the example is in docs/api/openapi-v1.json (itself checked against
    the code by test_api's schema test) with the method the example calls it with."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))["paths"]
    code = example()
    constants = dict(re.findall(r'^([A-Z_]+) = "(/[^"]*)"$', code, re.M))
    assert {"ELIGIBILITY", "AWARDS", "PEOPLE", "NATIONAL_EXPORT"} <= set(constants)
    calls = re.findall(r'call\("([A-Z]+)", ([A-Z_]+)', code) + [
        ("GET", name) for name in re.findall(r"pages\(([A-Z_]+)", code)]
    assert len(calls) >= 4
    for method, name in calls:
        path = "/api/v1" + re.sub(r"\{(\w+)\}", r"{\1}", constants[name])
        assert path in schema, path
        assert method.lower() in schema[path], (method, path)
