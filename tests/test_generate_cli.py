"""`vanban generate` from the command line: defaults, exit codes, messages, the shipped sample."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.batch import describe_shortfall
from generator.cli import cli
from generator.consolidate import MeasureResult
from generator.data.plan import Scope
from generator.data.workspace import load_workspace
from generator.targets import judge_measure, judge_targets

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder laid out like the repository (inputs/ with the sample, templates/), as cwd."""
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_bare_generate_works_on_the_shipped_sample(repo_copy: Path):
    result = CliRunner().invoke(cli, ["generate"])
    assert result.exit_code == 0, result.output
    out = repo_copy / "outputs" / "2025"
    assert "Đã tạo bộ văn bản năm 2025" in result.output
    assert "Công văn gửi đơn vị" in result.output
    assert "Đơn vị chưa nộp báo cáo" in result.output
    assert "Chỉ tiêu chưa đạt" in result.output
    assert str(out) in result.output or "outputs/2025" in result.output
    assert (out / "bao-cao-tong-hop.docx").is_file()
    assert (out / "tong-hop.xlsx").is_file()
    assert (out / "manifest.json").is_file()
    letters = list((out / "cong-van").glob("*.docx"))
    assert len(letters) > 80
    assert not (out / "don-doc").exists()  # reminders: «vanban don-doc»
    assert "vanban don-doc --year 2025" in result.output


def test_second_run_refuses_with_exit_1_and_changes_nothing(repo_copy: Path):
    runner = CliRunner()
    assert runner.invoke(cli, ["generate", "--year", "2024"]).exit_code == 0
    before = _files(repo_copy / "outputs")
    result = runner.invoke(cli, ["generate", "--year", "2024"])
    assert result.exit_code == 1
    assert "--force" in result.output
    assert "Traceback" not in result.output
    assert _files(repo_copy / "outputs") == before
    forced = runner.invoke(cli, ["generate", "--year", "2024", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "Bộ văn bản cũ đã được chuyển vào" in forced.output


def test_invalid_workbook_exits_1_listing_the_error_and_writes_nothing(repo_copy: Path):
    (repo_copy / "inputs" / "2024" / "SCT.xlsx").write_bytes(b"not a workbook")
    result = CliRunner().invoke(cli, ["generate", "--year", "2024"])
    assert result.exit_code == 1
    assert "Lỗi: Phiếu báo cáo năm 2024 có lỗi; chưa tạo văn bản nào" in result.output
    assert "SCT.xlsx" in result.output
    assert not (repo_copy / "outputs" / "2024").exists()


def test_year_outside_the_plan_is_a_usage_error(repo_copy: Path):
    result = CliRunner().invoke(cli, ["generate", "--year", "2019"])
    assert result.exit_code == 2
    assert "ngoài giai đoạn" in result.output


def test_missing_inputs_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["generate", "--inputs", "khong-co"])
    assert result.exit_code == 2
    assert "không tìm thấy thư mục dữ liệu đầu vào" in result.output


def test_a_missing_earlier_year_says_what_to_add(repo_copy: Path):
    shutil.rmtree(repo_copy / "inputs" / "2024")
    result = CliRunner().invoke(cli, ["generate", "--year", "2025"])
    assert result.exit_code == 1
    assert "thiếu số liệu năm 2024" in result.output
    assert "so-lieu-cac-nam-truoc.yaml" in result.output
    assert not (repo_copy / "outputs" / "2025").exists()


def test_unknown_option_is_exit_2():
    result = CliRunner().invoke(cli, ["generate", "--nope"])
    assert result.exit_code == 2


def test_signing_date_fills_the_place_date_line(repo_copy: Path):
    from docx import Document

    out = repo_copy / "outputs"
    result = CliRunner().invoke(cli, ["generate", "--year", "2025", "--ngay-ky", "05/12/2025"])
    assert result.exit_code == 0, result.output
    header = Document(str(out / "2025" / "bao-cao-tong-hop.docx")).tables[0]
    assert "Sơn La, ngày 05 tháng 12 năm 2025" in header.cell(0, 1).text
    letter = Document(str(out / "2025" / "cong-van" / "SCT.docx")).tables[0]
    assert "Sơn La, ngày 05 tháng 12 năm 2025" in letter.cell(0, 1).text


def test_ctrl_c_stops_with_one_message_and_changes_nothing(
    repo_copy: Path, monkeypatch: pytest.MonkeyPatch
):
    """Ctrl+C half-way through the letters of a «--force» run: one Vietnamese message, exit
    1, the previous set untouched and no staging folder left."""
    import generator.batch as batch

    runner = CliRunner()
    assert runner.invoke(cli, ["generate", "--year", "2024"]).exit_code == 0
    before = _files(repo_copy / "outputs")
    written: list[str] = []

    def interrupted(templates, staging, jobs, outputs, bar):
        for job in jobs:
            if len(written) == 5:
                raise KeyboardInterrupt
            written.append(job.relative)
            outputs[job.relative] = batch._render_job(templates, staging, job)

    monkeypatch.setattr(batch, "_render_in_process", interrupted)
    result = runner.invoke(cli, ["generate", "--year", "2024", "--force"])
    assert result.exit_code == 1
    assert "Đã dừng. Các tệp đã có không bị thay đổi" in result.output
    assert "Traceback" not in result.output and "Aborted" not in result.output
    assert len(written) == 5  # stopped half-way, as a clerk would
    assert _files(repo_copy / "outputs") == before
    assert sorted(p.name for p in (repo_copy / "outputs").iterdir()) == ["2024"]


def test_the_summary_writes_a_target_s_figures_in_vietnamese_with_their_unit(repo_copy: Path):
    result = CliRunner().invoke(cli, ["generate"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("  - CT-C1 "))
    # 3 in 2025 is within «2 - 3 đơn/năm»: the year that made it «chưa đạt» is named
    assert line.endswith(
        ": năm 2025 3 đơn, lũy kế 10 đơn; kế hoạch 2 - 3 đơn/năm (không đạt năm 2022)"
    )


def test_a_percentage_target_not_met_is_written_with_a_comma_and_percent_sign():
    workspace = load_workspace(REPO / "examples" / "tinh-vi-du")
    totals = {"CT-NH": 1, "CT-SC": 0, "CT-TL-TU": 4, "CT-TL-MAU": 15, "CT-KP": 1_500_000}
    earlier = totals | {"CT-TL-TU": 0}  # the example sums the supported products over the years
    yearly = {year: earlier for year in range(2021, 2030)} | {2030: totals}
    judged = judge_targets(workspace.plan, 2030, yearly)
    lines = {j.measure.code: describe_shortfall(MeasureResult(j), 2030) for j in judged}
    assert lines["CT-TL"].endswith(": năm 2030 26,67%, lũy kế 26,67%; kế hoạch ít nhất 30%")
    assert "lũy kế 15.000.000 đồng;" in lines["CT-KP"]


def test_a_yearly_rate_or_cap_not_met_names_its_years_without_a_sum_of_them():
    """A yearly rate «chưa đạt» was told «năm 2025 89,88%, lũy kế 89,88%; kế hoạch ít nhất
    80%/năm», and a cap «năm 2025 1 sự cố, lũy kế 8 sự cố; kế hoạch không quá 2/năm»: neither
    said which year missed, and the cap's sum read as the cap passed (a tester's plan)."""
    workspace = load_workspace(REPO / "examples" / "tinh-vi-du")
    plan = workspace.plan
    yearly_rate = next(m for m in plan.measures if m.code == "CT-TL").model_copy(
        update={"scope": Scope.PER_YEAR}
    )
    cap = next(m for m in plan.measures if m.code == "CT-SC").model_copy(
        update={"minimum": None, "maximum": 2}
    )
    totals = {"CT-NH": 1, "CT-SC": 1, "CT-TL-TU": 9, "CT-TL-MAU": 10, "CT-KP": 1}
    yearly = {year: totals for year in range(2021, 2031)}
    yearly[2023] = totals | {"CT-SC": 3, "CT-TL-TU": 1}
    lines = [
        describe_shortfall(MeasureResult(judge_measure(plan, measure, 2030, yearly)), 2030)
        for measure in (yearly_rate, cap)
    ]
    assert lines[0].endswith(": năm 2030 90%; kế hoạch ít nhất 30%/năm (không đạt năm 2023)")
    assert lines[1].endswith(": năm 2030 1 đơn; kế hoạch không quá 2 đơn/năm (không đạt năm 2023)")


def test_force_tells_which_outputs_the_clerk_had_edited(repo_copy: Path):
    """The clerk corrects the updated register in outputs/ (as the README asks to check it),
    then runs --force: the edited file goes aside with the old set, and the clerk is told
    which and where (it was moved without a word)."""
    from openpyxl import load_workbook

    runner = CliRunner()
    assert runner.invoke(cli, ["generate", "--year", "2025"]).exit_code == 0
    edited = repo_copy / "outputs" / "2025" / "so-tai-san-tri-tue-cap-nhat.xlsx"
    book = load_workbook(edited)
    book.active["M5"] = "Đã tra cứu lại số văn bằng"
    book.save(edited)
    kept = edited.read_bytes()
    forced = runner.invoke(cli, ["generate", "--year", "2025", "--force"])
    assert forced.exit_code == 0, forced.output
    [old] = (repo_copy / "outputs" / "2025").glob(".cu-*")
    assert (old / edited.name).read_bytes() == kept
    note = next(line for line in forced.output.splitlines() if "đã được sửa" in line)
    assert f"«{edited.name}»" in note and old.name in note
    assert "«tong-hop.xlsx»" not in note


def test_a_reply_date_already_past_is_told_unless_a_signing_date_is_given(repo_copy: Path):
    """Unsigned letters ask for a reply 15 days after the last report came in (03/12/2025);
    run a year later, that day has passed, and the clerk is told to give the signing date."""
    told = "Công văn đề nghị trả lời trước ngày 03/12/2025 (tính từ ngày 18/11/2025, ngày của phiếu nhận muộn nhất), ngày này đã qua"
    unsigned = CliRunner().invoke(cli, ["generate", "-q"])
    assert unsigned.exit_code == 0 and told in unsigned.output
    # the titles whose term is unknown are the clerk's homework, named here (not in the report)
    assert "Sổ tài sản trí tuệ còn 16 văn bằng chưa có đủ ngày nộp đơn" in unsigned.output
    assert "«Chè Tà Xùa Bắc Yên»" in unsigned.output
    # dates the registry marks as inferred, which the report states as fact, are named
    assert "là suy luận, chưa đối chiếu văn bản" in unsigned.output
    assert "Cục Quản lý thị trường tỉnh Sơn La (kết thúc 31/5/2025)" in unsigned.output
    assert "Sở Y tế (" not in unsigned.output  # not inferred
    signed = CliRunner().invoke(cli, ["generate", "-q", "--force", "--ngay-ky", "20/11/2025"])
    assert signed.exit_code == 0 and "ngày này đã qua" not in signed.output
