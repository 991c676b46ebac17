"""Hostile files through `vanban check` (and `--sua`): the exact message, the exit code, no
traceback or English, and not a file written or changed (tests/corpus/check_cases.py)."""

from __future__ import annotations

import hashlib
import json
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check.conformance import DocxReadError, check_file
from generator.cli import cli
from tests.corpus.check_cases import CHECK_CASES, CheckCase, inflating_document

NEVER_SHOWN = ("Traceback", "Error:", "Usage:", "Invalid value", "Exception", "zipfile")


def snapshot(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("fix", [False, True], ids=["check", "check-sua"])
@pytest.mark.parametrize("case", CHECK_CASES, ids=[case.id for case in CHECK_CASES])
def test_check_case(case: CheckCase, fix: bool, tmp_path: Path) -> None:
    folder = tmp_path / "ho-so"
    folder.mkdir()
    path = folder / case.name
    path.write_bytes(case.make(tmp_path))
    before = snapshot(folder)

    args = ["check", "--sua", str(path)] if fix else ["check", str(path)]
    result = CliRunner().invoke(cli, args, catch_exceptions=True)

    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert result.exit_code == case.exit_code, output
    for fragment in case.expect:
        assert fragment in output, f"{fragment!r} missing from:\n{output}"
    for fragment in NEVER_SHOWN + case.absent:
        assert fragment not in output, f"{fragment!r} shown to the clerk:\n{output}"
    if case.exit_code == 0 and fix:  # a readable, conforming file: nothing to fix
        assert "không có lỗi nào sửa được tự động; không ghi tệp mới." in output
    assert snapshot(folder) == before, "a file was written or changed"


def test_inflating_document_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """The 100 MB part is refused from the zip directory: memory stays far below its size."""
    path = tmp_path / "vb.docx"
    path.write_bytes(inflating_document(tmp_path))
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(DocxReadError, match="khi giải nén lớn 100 MB"):
            check_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_check_corpus_covers_each_class_of_issue_10() -> None:
    ids = {case.id for case in CHECK_CASES}
    assert {"bom-giai-nen-100-mb", "du-lieu-nen-hong", "dat-mat-khau", "co-macro"} <= ids
    assert len(ids) == len(CHECK_CASES)


def test_json_carries_the_macro_notice(tmp_path: Path) -> None:
    case = next(c for c in CHECK_CASES if c.id == "co-macro")
    path = tmp_path / case.name
    path.write_bytes(case.make(tmp_path))
    result = CliRunner().invoke(cli, ["check", "--json", str(path)])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.output)["files"]
    assert entry["notices"][0].startswith("tệp là văn bản có macro (.docm)")


def test_a_locked_file_is_told_apart_from_a_corrupt_one(tmp_path, monkeypatch):
    from generator.check import package

    path = tmp_path / "vb.docx"
    path.write_bytes(CHECK_CASES[0].make(tmp_path))

    def locked(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(package.zipfile, "ZipFile", locked)
    with pytest.raises(DocxReadError, match=r"Không mở được tệp «vb\.docx» \(đang bị khóa"):
        check_file(path)
