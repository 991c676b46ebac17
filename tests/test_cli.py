"""The command line as a clerk meets it: help, the plan, the agencies, exit codes, the README,
and every usage mistake answered in Vietnamese through the real entry point."""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import make_letter_context

import generator.cli
from generator.cli import DateType, YearType, cli, main
from generator.documents.render import render_docx

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
COMMANDS = (
    "init",
    "ke-hoach",
    "don-vi",
    "forms",
    "validate",
    "don-doc",
    "nhan-dinh",
    "generate",
    "mau-van-ban",
    "check",
)
# Pieces of click's own English that must never reach a clerk.
ENGLISH = (
    "Invalid value",
    "No such",
    "Missing",
    "does not match",
    "Show this message",
    "Show the version",
    "Usage:",
    "Options:",
    "Commands:",
    "Error",
    "Try '",
    "Did you mean",
    "Aborted",
    "requires an argument",
    "does not take",
    "unexpected extra",
    "required]",
    "default:",
    "INTEGER",
    "PATH",
    "[OPTIONS]",
    "COMMAND",
)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run_entry_point(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """``vanban <args>`` exactly as the installed script runs it: exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["vanban", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def assert_no_english(text: str) -> None:
    for fragment in ENGLISH:
        assert fragment not in text, fragment


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
        assert f"Cách dùng: vanban {command} [TÙY CHỌN]" in result.output
        assert "Tùy chọn:" in result.output
        assert (
            "-h, --help" in result.output and "Xem hướng dẫn của lệnh rồi thoát." in result.output
        )
        assert_no_english(result.output)


def test_ke_hoach_shows_targets_areas_and_task_counts() -> None:
    result = run("ke-hoach", "--inputs", str(INPUTS))
    assert result.exit_code == 0
    assert "Kế hoạch số 65/KH-UBND ngày 14/3/2021" in result.output
    assert "CT-B1" in result.output and "1 - 2 đơn/năm (Hằng năm)" in result.output
    assert "CT-DD" in result.output and "(Cả giai đoạn)" in result.output
    assert "9. Tích cực, chủ động hợp tác và hội nhập quốc tế về SHTT" in result.output
    assert "3. Sở Nông nghiệp và Phát triển nông thôn: 5 nhiệm vụ" in result.output
    assert "trước ngày 10 tháng 11, gửi Sở Khoa học và Công nghệ" in result.output


def plan_with_structure(folder: Path, structure: str, edit=lambda text: text) -> Path:
    """The shipped plan and registry in ``folder``, the plan's «cau_truc» replaced."""
    shutil.copy(INPUTS / "don-vi.yaml", folder / "don-vi.yaml")
    text = (INPUTS / "ke-hoach.yaml").read_text("utf-8")
    start = text.index("\ncau_truc:\n")
    end = text.index("\n\n", start + 1)
    plan = edit(text[:start] + "\ncau_truc:\n" + structure + text[end:])
    (folder / "ke-hoach.yaml").write_text(plan, "utf-8")
    return folder


def test_ke_hoach_numbers_each_part_as_the_plan_does(tmp_path: Path) -> None:
    shipped = run("ke-hoach", "--inputs", str(INPUTS)).output.splitlines()
    assert "CHỈ TIÊU (mục II.2)" in shipped
    assert "LĨNH VỰC THỰC HIỆN (mục III)" in shipped
    assert "NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ (mục IV)" in shipped
    other = plan_with_structure(tmp_path, '  to_chuc_thuc_hien: {muc: "V"}')
    lines = run("ke-hoach", "--inputs", str(other)).output.splitlines()
    assert "CHỈ TIÊU" in lines  # the plan gives no number: none is made up
    assert "LĨNH VỰC THỰC HIỆN" in lines
    assert "NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ (mục V)" in lines


@pytest.mark.parametrize(
    ("structure", "part"),
    [
        pytest.param('  noi_dung_thuc_hien: {muc: "IV"}', "mục IV", id="numbered"),
        pytest.param('  to_chuc_thuc_hien: {muc: "V"}', "phần lĩnh vực thực hiện", id="unnumbered"),
    ],
)
def test_an_unknown_area_is_placed_where_the_plan_lists_its_areas(
    tmp_path: Path, structure: str, part: str
) -> None:
    def wrong_area(text: str) -> str:
        return text.replace("linh_vuc: [III.1]", "linh_vuc: [III.99]", 1)

    other = plan_with_structure(tmp_path, structure, wrong_area)
    result = CliRunner().invoke(cli, ["ke-hoach", "--inputs", str(other)])
    assert result.exit_code == 1
    assert f"lĩnh vực «III.99» không có trong {part} của kế hoạch" in result.output
    assert "mục III" not in result.output


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
    # --json lists the unreadable file too (it was only on stderr: «files» lost it)
    as_json = CliRunner().invoke(cli, ["check", str(broken), str(good), "--json"])
    assert as_json.exit_code == 1
    files = json.loads(as_json.stdout)["files"]
    assert [Path(f["file"]).name for f in files] == ["cong-van.docx", "hong.docx"]
    assert files[1]["passed"] is False
    assert files[1]["error"] and files[1]["findings"] == []


FOLDER_GIVEN_TO_CHECK = str(ROOT / "generator")
USAGE_MISTAKES = [
    (
        ["don-vi", "--year", "abc"],
        "Lỗi: năm «abc» không phải số; ghi năm bằng 4 chữ số, ví dụ --year 2025",
    ),
    (
        ["forms", "--nam", "25"],
        "Lỗi: năm «25» không có đủ 4 chữ số; ghi năm bằng 4 chữ số, ví dụ --year 2025",
    ),
    (["generate", "--bogus"], "Lỗi: không có tùy chọn «--bogus»; xem «vanban generate --help»"),
    (
        ["generate", "--yaer", "2025"],
        "Lỗi: không có tùy chọn «--yaer» (có phải ý bạn là --year?); xem «vanban generate --help»",
    ),
    (
        ["--year", "2025", "don-vi"],
        "Lỗi: tùy chọn «--year» phải ghi sau tên lệnh, ví dụ «vanban generate --year …»",
    ),
    (["don-vi"], "Lỗi: thiếu tùy chọn --year (năm báo cáo)"),
    (["validate", "--inputs", "inputs"], "Lỗi: thiếu tùy chọn --year (năm báo cáo)"),
    (
        ["don-vi", "--year"],
        "Lỗi: thiếu giá trị sau --year (năm báo cáo); xem «vanban don-vi --help»",
    ),
    (
        ["generate", "--force=co"],
        "Lỗi: tùy chọn --force không nhận giá trị; chỉ ghi «--force»",
    ),
    (
        ["ke-hoach", "2025"],
        "Lỗi: thừa «2025»: mỗi giá trị phải ghi ngay sau tùy chọn của nó; "
        "xem «vanban ke-hoach --help»",
    ),
    (
        ["foo"],
        "Lỗi: không có lệnh «foo»; các lệnh: init, ke-hoach, don-vi, forms, validate, don-doc, nhan-dinh, generate, mau-van-ban, check",
    ),
    (
        ["generat"],
        "Lỗi: không có lệnh «generat» (có phải ý bạn là «generate»?); "
        "các lệnh: init, ke-hoach, don-vi, forms, validate, don-doc, nhan-dinh, generate, mau-van-ban, check",
    ),
    (
        ["generate", "--ngay-ky", "31/02/2025"],
        "Lỗi: ngày «31/02/2025» không có thật; ghi ngày dạng NN/TT/NNNN, ví dụ 25/11/2025",
    ),
    (
        ["generate", "--ngay-ky", "25/11/2205"],
        "Lỗi: ngày «25/11/2205» có năm 2205, ngoài khoảng 1980-2107 mà tệp .docx ghi được "
        "(gõ nhầm năm?); ghi ngày dạng NN/TT/NNNN, ví dụ 25/11/2025",
    ),
    (
        ["generate", "--ngay-ky", "1979-12-31"],
        "Lỗi: ngày «1979-12-31» có năm 1979, ngoài khoảng 1980-2107 mà tệp .docx ghi được "
        "(gõ nhầm năm?); ghi ngày dạng NN/TT/NNNN, ví dụ 25/11/2025",
    ),
    (
        ["generate", "--ngay-ky", "mai"],
        "Lỗi: ngày «mai» không đúng dạng; ghi ngày dạng NN/TT/NNNN, ví dụ 25/11/2025",
    ),
    (["check"], "Lỗi: thiếu tệp .docx cần kiểm tra; xem «vanban check --help»"),
    (
        ["check", FOLDER_GIVEN_TO_CHECK],
        f"Lỗi: «{FOLDER_GIVEN_TO_CHECK}» là thư mục, không phải tệp .docx; "
        "ghi đường dẫn tới tệp, ví dụ bao-cao.docx",
    ),
]


@pytest.mark.parametrize(("args", "line"), USAGE_MISTAKES, ids=lambda v: " ".join(v)[:40])
def test_a_usage_mistake_is_one_vietnamese_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], line: str
) -> None:
    code, out, err = run_entry_point(monkeypatch, capsys, *args)
    assert code == 2
    assert out == ""
    assert err == line + "\n"
    assert_no_english(err)


def test_the_test_runner_sees_the_same_vietnamese_line() -> None:
    result = CliRunner().invoke(cli, ["don-vi", "--year", "abc"])
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: năm «abc» không phải số; ghi năm bằng 4 chữ số, ví dụ --year 2025\n"
    )


def test_bare_vanban_shows_the_vietnamese_help_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_entry_point(monkeypatch, capsys)
    assert code == 2 and out == ""
    assert err.startswith("Cách dùng: vanban [TÙY CHỌN] LỆNH [THAM SỐ]...")
    assert_no_english(err)


def test_group_help_is_vietnamese_and_lists_commands_in_workflow_order(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_entry_point(monkeypatch, capsys, "--help")
    assert code == 0 and err == ""
    assert out.startswith("Cách dùng: vanban [TÙY CHỌN] LỆNH [THAM SỐ]...\n")
    assert "\nTùy chọn:\n" in out and "\nLệnh:\n" in out
    assert "--version   Xem số phiên bản rồi thoát." in out
    lines = out.split("\nLệnh:\n")[1].splitlines()
    listed = [line.split()[0] for line in lines if re.match(r"  \S", line)]  # not wrapped rest
    assert listed == list(COMMANDS)
    assert_no_english(out)


def test_command_help_shows_defaults_required_and_value_shapes_in_vietnamese(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_entry_point(monkeypatch, capsys, "don-vi", "-h")
    out = " ".join(out.split())  # the help is wrapped to the terminal's width
    assert code == 0
    assert "--year, --nam NĂM" in out and "[bắt buộc]" in out
    assert "--inputs THƯ_MỤC" in out and "mặc định: inputs trong thư mục làm việc." in out
    assert "--workspace, --thu-muc THƯ_MỤC" in out
    code, out, _ = run_entry_point(monkeypatch, capsys, "generate", "--help")
    out = " ".join(out.split())
    assert code == 0
    assert "--ngay-ky NN/TT/NNNN" in out
    assert "mặc định: templates trong thư mục làm việc" in out
    assert "mẫu kèm theo vanban" in out and "mặc định: outputs trong thư mục làm việc." in out
    assert_no_english(out)
    code, out, _ = run_entry_point(monkeypatch, capsys, "check", "--help")
    assert "Cách dùng: vanban check [TÙY CHỌN] TỆP.docx..." in out


def test_ctrl_c_stops_with_a_vietnamese_word_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(inputs: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.cli, "load_workspace", interrupted)
    code, _, err = run_entry_point(monkeypatch, capsys, "ke-hoach")
    assert code == 1
    assert err.strip() == (
        "Đã dừng. Các tệp đã có không bị thay đổi; phần việc đang làm dở không được ghi ra. "
        "Chạy lại lệnh khi cần."
    )


def test_a_working_command_exits_0_through_the_entry_point(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_entry_point(
        monkeypatch, capsys, "don-vi", "--nam", "2026", "--inputs", str(INPUTS)
    )
    assert code == 0 and err == ""
    assert "SNNMT — Sở Nông nghiệp và Môi trường" in out


def test_bad_data_still_exits_1_through_the_entry_point(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "ke-hoach.yaml").write_text("nhiem_vu: [khong dong\n", "utf-8")
    shutil.copy(INPUTS / "don-vi.yaml", tmp_path / "don-vi.yaml")
    code, _, err = run_entry_point(monkeypatch, capsys, "ke-hoach", "--inputs", str(tmp_path))
    assert code == 1
    assert err.startswith("Lỗi: tệp ke-hoach.yaml")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("25/11/2025", date(2025, 11, 25)),
        ("5/1/2026", date(2026, 1, 5)),
        ("2025-11-25", date(2025, 11, 25)),
        ("01/01/1980", date(1980, 1, 1)),  # the first and last years a zip entry can hold
        ("31/12/2107", date(2107, 12, 31)),
    ],
)
def test_signing_date_accepts_both_written_forms(written: str, meant: date) -> None:
    assert DateType().convert(written, None, None) == meant


def test_year_is_four_digits() -> None:
    assert YearType().convert(" 2025 ", None, None) == 2025
    with pytest.raises(click.BadParameter, match="không có đủ 4 chữ số"):
        YearType().convert("20251", None, None)
    with pytest.raises(click.BadParameter, match="không phải số"):
        YearType().convert("２０２５", None, None)


def examples(help_text: str) -> list[list[str]]:
    """The command lines of the help's «Ví dụ:» block, as argument lists."""
    block = help_text.split("Ví dụ:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split() for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_help_has_examples_that_parse(command: str) -> None:
    result = run(command, "--help")
    assert "\n  Ví dụ:\n" in result.output
    lines = examples(result.output)
    assert lines, command
    for words in lines:
        assert words[:2] == ["vanban", command], words
        # Every example is a valid command line: click parses it without a usage error.
        cli.commands[command].make_context(command, words[2:])


def test_no_description_is_cut_in_the_command_list() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=60)
    listing = result.output.split("\nLệnh:\n")[1]
    flat = " ".join(listing.split())
    assert "..." not in listing and "…" not in listing
    for name, command in cli.commands.items():
        first_paragraph = " ".join((command.help or "").split("\n\n")[0].split())
        assert first_paragraph.endswith("."), name
        assert f"{name} {first_paragraph}" in flat, name
    assert "\n  Ví dụ:\n" in result.output  # the group's own help too


@pytest.mark.parametrize("columns", [120, 80, 40, 24])
def test_a_progress_bar_fits_a_narrow_window(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    """In a 40-column window click's 36-wide bar wrapped each redraw onto a new line: one
    run filled 298 lines."""
    from generator.cli import _fitted_bar

    monkeypatch.setenv("COLUMNS", str(columns))
    label, width = _fitted_bar("Đang đọc phiếu báo cáo năm 2025", 10_000)
    shown = f"{label}  [{'#' * width}]  10000/10000"
    assert len(shown) < columns
    assert label == "Đang đọc phiếu báo cáo năm 2025" or label.endswith("…")
