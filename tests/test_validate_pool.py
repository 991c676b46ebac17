"""Validation by a pool of processes gives exactly what one process gives.

The pool is forced (threshold lowered to one workbook) on the sample workbooks, with a few
broken ones added so that findings and stray files go through the workers too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import validate
from generator.batch import GenerateOptions, generate
from generator.data.workspace import load_workspace
from tests.test_batch import build_inputs, tree_hashes

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = build_inputs(tmp_path_factory.mktemp("pool") / "inputs", (2024,))
    folder = root / "2024"
    first, second = sorted(folder.glob("*.xlsx"))[:2]
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (folder / "rong.xlsx").write_bytes(b"")
    shutil.copy(first, folder / f"{first.stem}-ban-sao.xlsx")  # one agency, two workbooks
    data = second.read_bytes()
    second.write_bytes(data[: len(data) // 2])  # cut off: unreadable
    return root


def test_pool_and_one_process_give_the_same_validation(inputs: Path, monkeypatch):
    workspace = load_workspace(inputs)
    alone = validate.validate_year(workspace, 2024, inputs, workers=1)
    monkeypatch.setattr(validate, "POOL_MIN_FILES", 1)
    pools = []

    class CountedPool(validate.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs) -> None:
            pools.append(kwargs["max_workers"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(validate, "ProcessPoolExecutor", CountedPool)
    pooled = validate.validate_year(workspace, 2024, inputs, workers=2)
    assert pools == [2]
    assert len(alone.findings) >= 4 and alone.stray_findings
    assert pooled == alone
    assert validate.describe_validation(pooled) == validate.describe_validation(alone)


def test_pool_and_one_process_give_the_same_documents(tmp_path: Path, monkeypatch):
    inputs = build_inputs(tmp_path / "inputs", (2024,))
    options = GenerateOptions(inputs=inputs, templates=REPO / "templates", year=2024)
    generate(GenerateOptions(**{**options.__dict__, "out": tmp_path / "alone"}))  # < 300 files
    monkeypatch.setattr(validate, "POOL_MIN_FILES", 1)
    generate(GenerateOptions(**{**options.__dict__, "out": tmp_path / "pool"}))
    alone, pooled = tree_hashes(tmp_path / "alone"), tree_hashes(tmp_path / "pool")
    assert len(alone) > 10 and pooled == alone


@pytest.mark.parametrize("pooled", [False, True], ids=["one process", "pool"])
def test_reading_counts_every_workbook_on_its_years_bar(
    inputs: Path, monkeypatch: pytest.MonkeyPatch, pooled: bool
):
    """A year with many workbooks takes seconds: its bar counts each workbook read, in one
    process or back from the workers, under a label naming the year."""
    from tests.test_pdf import recording_progress

    if pooled:
        monkeypatch.setattr(validate, "POOL_MIN_FILES", 1)
    bars: dict = {}
    result = validate.validate_year(
        load_workspace(inputs), 2024, inputs, progress=recording_progress(bars)
    )
    files = len(list((inputs / "2024").glob("*.xlsx")))
    assert files > 30
    total, bar = bars["Đang đọc phiếu báo cáo năm 2024"]
    assert total == files and bar.steps == [1] * files
    assert len(result.submissions) > 30
