"""The layout rules of tasks/: stages import only lower stages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Lowest first, as tasks/__init__.py lists them.
STAGES = ["web", "sources", "decode", "extract", "enrich", "stories", "load", "batch", "report"]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "tasks" and parts[1] in STAGES else None


@pytest.mark.parametrize("stage", STAGES)
def test_stage_imports_only_lower_stages(stage: str) -> None:
    allowed = set(STAGES[: STAGES.index(stage) + 1])
    if stage == "load":  # the loader reads spool files; it needs none of the stages' code
        allowed = {"load"}
    offending = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / "tasks" / stage).rglob("*.py")
        for module in _imported_modules(path)
        if (other := _stage_of(module)) is not None
        and other not in allowed
        or module.startswith(("flows", "edunews"))
    }
    assert not offending


def test_schemas_and_warehouse_import_no_stage() -> None:
    offending = {
        f"{path.relative_to(ROOT)} imports {module}"
        for folder in ("schemas", "warehouse")
        for path in (ROOT / folder).rglob("*.py")
        for module in _imported_modules(path)
        if module.startswith(("tasks", "flows", "edunews"))
    }
    assert not offending


def test_every_stage_package_says_what_it_owns() -> None:
    for stage in STAGES:
        init = ROOT / "tasks" / stage / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), init


def test_no_source_module_over_500_lines() -> None:
    too_long = {
        f"{path.relative_to(ROOT)}: {lines} lines"
        for folder in ("edunews", "flows", "tasks", "schemas", "warehouse")
        for path in (ROOT / folder).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert not too_long
