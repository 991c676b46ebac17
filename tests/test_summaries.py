"""``validate --json``, ``generate --json`` and ``--quiet``: what a script reads."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from generator.cli import cli

REPO = Path(__file__).resolve().parents[1]
INPUTS = REPO / "inputs"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_validate_json_gives_each_agency_status_files_email_and_findings(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    (inputs / "2025" / "SCT.xlsx").write_bytes(b"khong phai xlsx")
    book = load_workbook(inputs / "2025" / "SYT.xlsx")
    book["Số liệu hoạt động"]["D5"] = "mười hai"  # a finding: the form is refused
    book.save(inputs / "2025" / "SYT.xlsx")
    result = invoke("validate", "--year", "2025", "--inputs", str(inputs), "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["year"] == 2025 and summary["ok"] is False
    by_code = {agency["code"]: agency for agency in summary["agencies"]}
    sct = by_code["SCT"]
    assert sct["status"] == "có lỗi" and sct["files"] == [str(inputs / "2025" / "SCT.xlsx")]
    assert sct["email"] is None  # unreadable: no address known
    # refused, but its address is read: the clerk writes to it
    assert by_code["SYT"]["status"] == "có lỗi" and "@" in by_code["SYT"]["email"]
    [finding] = sct["findings"]
    assert finding["file"].endswith("SCT.xlsx") and finding["message"]
    assert finding["text"].startswith("tệp SCT.xlsx")
    valid = [a for a in summary["agencies"] if a["status"] == "hợp lệ"]
    assert valid and all("@" in a["email"] for a in valid)
    assert by_code["TTT"]["status"] == "chưa nộp" and by_code["TTT"]["files"] == []
    assert sum(summary["counts"].values()) == len(summary["agencies"])


def test_generate_json_lists_every_file_with_its_hash(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("generate", "--inputs", str(INPUTS), "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)  # nothing but the JSON on stdout
    assert summary["ok"] is True and summary["year"] == 2025
    assert summary["letters"] == 89 and summary["pdfs"] == 0
    assert "reminders" not in summary  # «vanban don-doc» writes them
    folder = Path(summary["folder"])
    assert folder == out / "2025"
    paths = [entry["path"] for entry in summary["files"]]
    assert "bao-cao-tong-hop.docx" in paths and "tong-hop.xlsx" in paths
    assert summary["documents"] == sum(p.endswith(".docx") for p in paths) == 90
    for entry in summary["files"]:
        assert hashlib.sha256((folder / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert {a["code"] for a in summary["missing"]} == {"TTT", "XA-DOAN-KET"}
    assert len(summary["late"]) == 3
    assert any("SỐ LIỆU MẪU" in note for note in summary["notes"])


def test_generate_json_reports_a_refusal_on_stdout_too(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("generate", "--inputs", str(INPUTS), "--out", str(out), "-q").exit_code == 0
    again = invoke("generate", "--inputs", str(INPUTS), "--out", str(out), "--json")
    assert again.exit_code == 1
    refusal = json.loads(again.stdout)
    assert refusal["ok"] is False and refusal["exit_code"] == 1
    assert "--force" in refusal["error"]
    assert again.stderr.startswith("Lỗi: thư mục")


def test_quiet_prints_only_notes_and_errors(tmp_path: Path) -> None:
    generated = invoke("generate", "--inputs", str(INPUTS), "--out", str(tmp_path), "--quiet")
    assert generated.exit_code == 0
    assert generated.stdout == ""
    assert generated.stderr.startswith("Lưu ý: ")
    assert "Lưu ý: Số liệu các năm trước" in generated.stderr
    assert "Đang soạn công văn" not in generated.stderr
    forms = invoke("forms", "--year", "2025", "--inputs", str(INPUTS), "--out", str(tmp_path), "-q")
    assert forms.exit_code == 0 and forms.output == ""
    assert (tmp_path / "2025" / "phieu-bao-cao" / "SCT.xlsx").is_file()
    checked = invoke("validate", "--year", "2025", "--inputs", str(INPUTS), "--quiet")
    assert checked.exit_code == 0 and checked.output == ""


def test_a_percentage_not_met_is_a_json_number() -> None:
    """A percentage target's figures are Decimals (71.26): ``generate --json`` crashed on
    them once the target was not met."""
    from decimal import Decimal

    from generator.summaries import _dump

    data = json.loads(_dump({"year_total": Decimal("71.26"), "cumulative": Decimal("80.00")}))
    assert data == {"year_total": 71.26, "cumulative": 80}
    assert isinstance(data["cumulative"], int)
