"""The command line as a clerk meets it: help, the plan, the agencies, exit codes, the README."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import make_letter_context

from generator.cli import cli
from generator.render import render_docx

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
COMMANDS = ("ke-hoach", "don-vi", "forms", "validate", "generate", "check")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_lists_every_command_with_a_vietnamese_line() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        line = next(line for line in result.output.splitlines() if line.strip().startswith(command))
        description = line.strip()[len(command) :].strip()
        assert re.search(r"[àáảãạăâđêôơưệếềểễọộốồổỗờớởỡợụủứừửữựỳýỷỹỵíìỉĩịéèẻẽẹ]", description), line


def test_every_command_has_help() -> None:
    for command in COMMANDS:
        result = run(command, "--help")
        assert result.exit_code == 0, command
        assert "Usage:" in result.output


def test_ke_hoach_shows_targets_areas_and_task_counts() -> None:
    result = run("ke-hoach", "--inputs", str(INPUTS))
    assert result.exit_code == 0
    assert "Kế hoạch số 65/KH-UBND ngày 14/3/2021" in result.output
    assert "CT-B1" in result.output and "1 - 2 đơn/năm (Hằng năm)" in result.output
    assert "CT-DD" in result.output and "(Cả giai đoạn)" in result.output
    assert "9. Tích cực, chủ động hợp tác và hội nhập quốc tế về SHTT" in result.output
    assert "3. Sở Nông nghiệp và Phát triển nông thôn: 5 nhiệm vụ" in result.output
    assert "trước ngày 10/11" in result.output


def test_don_vi_lists_active_agencies_with_inherited_tasks() -> None:
    result = run("don-vi", "--year", "2026", "--inputs", str(INPUTS))
    assert result.exit_code == 0
    assert "SNNMT — Sở Nông nghiệp và Môi trường" in result.output
    assert "[Chủ trì] IV.3.a (kế thừa từ" in result.output
    assert "SNNPTNT —" not in result.output
    before = run("don-vi", "--year", "2024", "--inputs", str(INPUTS))
    assert "SNNPTNT — Sở Nông nghiệp và Phát triển nông thôn" in before.output
    assert "kế thừa" not in before.output.split("SNNPTNT —")[1].split("\n\n")[0]


def test_broken_data_exits_1_with_a_vietnamese_message(tmp_path: Path) -> None:
    for name in ("ke-hoach.yaml", "don-vi.yaml"):
        shutil.copy(INPUTS / name, tmp_path / name)
    registry = tmp_path / "don-vi.yaml"
    registry.write_text(registry.read_text("utf-8") + "\n  - [không đóng\n", "utf-8")
    result = CliRunner().invoke(cli, ["ke-hoach", "--inputs", str(tmp_path)])
    assert result.exit_code == 1
    assert "Lỗi: tệp don-vi.yaml, dòng" in result.output
    assert "Traceback" not in result.output


def test_missing_inputs_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ke-hoach", "--inputs", str(tmp_path / "khong-co")])
    assert result.exit_code == 2
    assert "không tìm thấy thư mục dữ liệu đầu vào" in result.output


def test_readme_documents_every_command_and_ci_runs_its_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"vanban {command}" in readme, command
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert len(commands) == 2
    assert commands[0].endswith("vanban generate")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = commands[1].replace("pip install", "pip install -q")
    assert test_command in ci


def test_check_reports_every_file_even_when_one_is_unreadable(tmp_path: Path) -> None:
    good = tmp_path / "cong-van.docx"
    good.write_bytes(render_docx(ROOT / "templates" / "cong-van.docx", make_letter_context()))
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"khong phai docx")
    result = CliRunner().invoke(cli, ["check", str(broken), str(good)])
    assert result.exit_code == 1
    assert "hong.docx" in result.output
    assert "cong-van.docx" in result.output and "ĐẠT" in result.output
    alone = CliRunner().invoke(cli, ["check", str(good)])
    assert alone.exit_code == 0, alone.output
