"""The built wheel works outside the repository: it carries the templates, the plan, the
registry and the example workbooks, and every step of a clerk's year runs from it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("vanban-*.whl")
    return found


def test_the_wheel_carries_templates_and_shipped_inputs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (REPO / "templates").glob("*.docx"):
        assert f"generator/shipped/templates/{template.name}" in names
    for name in ("ke-hoach.yaml", "don-vi.yaml", "so-lieu-cac-nam-truoc.yaml"):
        assert f"generator/shipped/inputs/{name}" in names
    for workbook in (REPO / "inputs" / "2025").glob("*.xlsx"):
        assert f"generator/shipped/inputs/2025/{workbook.name}" in names
    assert not any(name.startswith(("tests/", "tools/", "bench/")) for name in names)


def test_every_step_runs_from_the_installed_wheel_outside_the_repository(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONIOENCODING": "utf-8"}

    def vanban(*args: str, cwd: Path) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "generator.cli", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    where = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(site)  # not the repository's copy
    vanban("init", "van-thu", cwd=tmp_path)
    workspace = tmp_path / "van-thu"
    for year in ("2024", "2025"):
        for workbook in (REPO / "inputs" / year).glob("*.xlsx"):
            (workspace / "inputs" / year / workbook.name).write_bytes(workbook.read_bytes())
    forms = vanban("forms", "--year", "2025", "--out", "gui-di", cwd=workspace)
    assert "phiếu báo cáo năm 2025" in forms
    assert "Tổng cộng: hợp lệ 85; có lỗi 0; trễ hạn 3" in vanban(
        "validate", "--year", "2025", cwd=workspace
    )
    vanban("generate", "--year", "2025", cwd=workspace)
    assert (workspace / "outputs" / "2025" / "bao-cao-tong-hop.docx").stat().st_size > 10_000
    assert len(list((workspace / "outputs" / "2025" / "cong-van").glob("*.docx"))) == 89
