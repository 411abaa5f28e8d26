"""The Python client of docs/api.md (issue 20, item 4) is valid Python that uses only the
standard library, and calls the paths the example names."""

import ast
import re
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


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


def test_the_example_names_the_eligibility_award_and_export_paths():
    code = example()
    for path in ('"/eligibility/people/{person_id}"', '"/awards"', '"/national-export"'):
        assert path in code
