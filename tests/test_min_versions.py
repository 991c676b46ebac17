"""tests/min-versions.txt, which CI installs to prove the lower bounds, matches pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PINNED = re.compile(r"([A-Za-z0-9_.-]+)==([0-9][0-9A-Za-z.]*)")
LOWER_BOUND = re.compile(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def declared_minimums() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found: dict[str, str] = {}
    for requirement in project["dependencies"]:
        match = LOWER_BOUND.match(requirement)
        assert match, f"{requirement!r} in pyproject.toml has no lower bound (>=)"
        found[_name(match[1])] = match[2]
    return found


def pinned_minimums() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (REPO / "tests" / "min-versions.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            match = PINNED.fullmatch(line)
            assert match, f"{line!r} in tests/min-versions.txt is not «name==version»"
            found[_name(match[1])] = match[2]
    return found


def test_every_dependency_is_pinned_at_its_declared_lower_bound() -> None:
    assert pinned_minimums() == declared_minimums()


def test_ci_installs_the_lowest_versions_and_runs_the_workbook_tests() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c tests/min-versions.txt" in ci
    assert "tests/test_workbooks.py" in ci and "tests/test_cli.py" in ci
