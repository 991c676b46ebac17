"""Smoke run of the benchmark at a small N: every stage is timed and both floors measured.

No timing is asserted (speed is the benchmark's business); what is checked is that the
benchmark still runs the real pipeline end to end and reports what it promises.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AGENCIES = 40  # the smallest round N above the shipped agencies of the benchmark's year


def test_bench_runs_every_stage_and_both_floors(tmp_path: Path) -> None:
    figures_file = tmp_path / "figures.json"
    run = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "letters.py"),
            "--letters",
            str(AGENCIES),
            "--skip-naive",
            "--keep",
            str(tmp_path / "work"),
            "--json",
            str(figures_file),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    figures = json.loads(figures_file.read_text(encoding="utf-8"))
    assert figures["letters"] == AGENCIES
    workbooks = figures["agencies"]
    assert workbooks == AGENCIES + 1  # the issuer reports too, and writes the letters
    stages = figures["stage_seconds"]
    for stage in ("load", "validation", "consolidation", "report context", "report render"):
        assert stages[stage] > 0, stage
    for stage in ("letters", "summary workbook", "manifest"):
        assert stages[stage] > 0, stage
    assert "PDF" not in stages
    assert sum(stages.values()) <= figures["pipeline_seconds"] * 1.01
    assert set(figures["stage_peak_mb"]) == set(stages)
    assert figures["floor_read_seconds"] > 0
    assert figures["floor_letter_seconds"] > 0

    out = tmp_path / "work" / "out" / "2024"
    assert len(list((out / "cong-van").glob("*.docx"))) == AGENCIES
    assert (out / "tong-hop.xlsx").is_file()

    lines = run.stdout.strip().splitlines()
    assert lines[-1].startswith(f"pipeline ratio to floor at N = {workbooks}: ")
    assert any(line.split()[:1] == ["validation"] for line in lines)
