"""``vanban init`` and the working folder every command runs in (the current folder or
``--workspace``), with the shipped templates when the folder has none."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.data import folders, shipped
from generator.data.folders import GUIDE_FILE, init_workspace

REPO = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_shipped_data_is_the_repository_in_a_clone() -> None:
    assert shipped.shipped_templates() == REPO / "templates"
    relatives = {p.as_posix() for p in shipped.shipped_input_files()}
    assert {"ke-hoach.yaml", "don-vi.yaml", "so-lieu-cac-nam-truoc.yaml"} <= relatives
    assert "2025/SCT.xlsx" in relatives and "2024/SCT.xlsx" in relatives


def test_init_lays_out_inputs_templates_year_folders_and_a_guide(tmp_path: Path) -> None:
    folder = tmp_path / "van-thu"
    result = run("init", str(folder))
    assert result.exit_code == 0, result.output
    assert f"Đã tạo thư mục làm việc «{folder}»" in result.output
    for name in ("ke-hoach.yaml", "don-vi.yaml", "so-lieu-cac-nam-truoc.yaml"):
        assert (folder / "inputs" / name).read_bytes() == (REPO / "inputs" / name).read_bytes()
    for template in (REPO / "templates").glob("*.docx"):
        assert (folder / "templates" / template.name).read_bytes() == template.read_bytes()
    years = sorted(p.name for p in (folder / "inputs").iterdir() if p.is_dir())
    assert years == ["2021", "2022", "2023", "2024", "2025"]
    assert not any(any((folder / "inputs" / y).iterdir()) for y in years)  # no sample unasked
    guide = (folder / GUIDE_FILE).read_text("utf-8")
    assert "inputs/ke-hoach.yaml; xem tóm tắt bằng lệnh «vanban ke-hoach»" in guide
    assert "vanban forms --year <năm>" in guide and "vanban validate --year <năm>" in guide
    assert "vanban generate --year <năm>" in guide
    # what testers found missing: the sample forms, the first year's earlier figures, how
    # the command is run on Windows, and check taking whole paths from another folder
    assert "vanban init <thư mục thử> --du-lieu-mau" in guide
    assert "thiếu thì vanban nhan-dinh và vanban generate dừng lại" in guide
    assert "\\.venv\\Scripts\\activate.bat" in guide and "Scripts\\vanban.exe" in guide
    assert "(vanban check thì ghi đường dẫn đầy đủ của từng tệp)" in guide


def test_a_template_is_checked_from_another_folder_as_the_guide_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """«thêm --workspace <thư mục này>»: «--kiem-tra templates/cong-van.docx» was looked
    for in the folder the command ran from."""
    run("init", str(tmp_path / "van-thu"))
    monkeypatch.chdir(tmp_path)
    arguments = ["mau-van-ban", "--workspace", "van-thu", "--kiem-tra", "templates/cong-van.docx"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    assert "Mẫu «van-thu/templates/cong-van.docx» dùng được" in result.output


def test_the_guide_names_no_plan_period_or_deadline(tmp_path: Path) -> None:
    """A clerk who replaces the plan keeps the guide (never overwritten): it must not go on
    quoting the shipped plan."""
    run("init", str(tmp_path / "van-thu"))
    guide = (tmp_path / "van-thu" / GUIDE_FILE).read_text("utf-8")
    for shipped_word in ("65/KH-UBND", "10/11", "Sơn La", "KH-UBND"):
        assert shipped_word not in guide
    assert not re.search(r"\b20\d\d\b", guide)  # no year of a particular plan


def test_year_folders_follow_the_plan_copied_not_a_constant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "du-lieu"
    shutil.copytree(REPO / "examples" / "tinh-vi-du", other)
    monkeypatch.setattr(folders, "shipped_inputs", lambda: other)
    monkeypatch.setattr(shipped, "shipped_inputs", lambda: other)
    result = init_workspace(tmp_path / "van-thu")
    assert result.years == list(range(2021, 2031))  # the example plan's 2021-2030
    made = sorted(p.name for p in (tmp_path / "van-thu" / "inputs").iterdir() if p.is_dir())
    assert made == [str(year) for year in range(2021, 2031)]


def test_init_with_samples_copies_the_example_workbooks(tmp_path: Path) -> None:
    result = init_workspace(tmp_path / "thu", samples=True)
    copied = sorted(p.name for p in (result.folder / "inputs" / "2025").iterdir())
    assert copied == sorted(p.name for p in (REPO / "inputs" / "2025").glob("*.xlsx"))


def test_init_never_overwrites_and_writes_nothing_when_refused(tmp_path: Path) -> None:
    folder = tmp_path / "van-thu"
    (folder / "inputs").mkdir(parents=True)
    (folder / "inputs" / "ke-hoach.yaml").write_text("# kế hoạch đã sửa\n", "utf-8")
    before = snapshot(folder)
    result = run("init", str(folder))
    assert result.exit_code == 2
    assert "đã có inputs/ke-hoach.yaml" in result.output and "không ghi đè" in result.output
    assert snapshot(folder) == before
    assert sorted(p.name for p in folder.rglob("*")) == ["inputs", "ke-hoach.yaml"]
    assert [p.name for p in tmp_path.iterdir()] == ["van-thu"]  # no staging folder left


def test_init_into_an_existing_folder_keeps_what_is_there(tmp_path: Path) -> None:
    (tmp_path / "ghi-chu.txt").write_text("của văn thư", "utf-8")
    (tmp_path / "inputs" / "2025").mkdir(parents=True)
    (tmp_path / "inputs" / "2025" / "SCT.xlsx").write_bytes(b"phieu")
    assert run("init", str(tmp_path)).exit_code == 0
    assert (tmp_path / "ghi-chu.txt").read_text("utf-8") == "của văn thư"
    assert (tmp_path / "inputs" / "2025" / "SCT.xlsx").read_bytes() == b"phieu"
    assert (tmp_path / "inputs" / "ke-hoach.yaml").is_file()
    assert (tmp_path / GUIDE_FILE).is_file()


def test_every_step_runs_in_the_current_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("init", str(tmp_path / "ws"), "--du-lieu-mau").exit_code == 0
    monkeypatch.chdir(tmp_path / "ws")
    assert "Kế hoạch số 65/KH-UBND" in run("ke-hoach").output
    assert "SNNMT — Sở Nông nghiệp và Môi trường" in run("don-vi", "--year", "2025").output
    # Forms elsewhere: generate refuses an outputs/2025 that holds the forms (reported).
    forms = run("forms", "--year", "2025", "--out", "gui-di")
    assert forms.exit_code == 0, forms.output
    assert (tmp_path / "ws" / "gui-di" / "2025" / "phieu-bao-cao" / "SCT.xlsx").is_file()
    validated = run("validate", "--year", "2025")
    assert validated.exit_code == 0, validated.output
    assert "Tổng cộng: hợp lệ 85; có lỗi 0; trễ hạn 3" in validated.output
    generated = run("generate", "--year", "2025")
    assert generated.exit_code == 0, generated.output
    report = tmp_path / "ws" / "outputs" / "2025" / "bao-cao-tong-hop.docx"
    assert report.is_file()
    manifest = json.loads((report.parent / "manifest.json").read_text("utf-8"))
    own = tmp_path / "ws" / "templates" / "cong-van.docx"
    assert manifest["templates"]["cong-van.docx"] == sha256(own)


def test_workspace_option_from_another_folder_and_shipped_templates_as_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "ws"
    init_workspace(workspace, samples=True)
    (workspace / "templates" / "cong-van.docx").write_bytes(b"khong phai mau")
    shutil.rmtree(workspace / "templates")  # a folder without templates: the shipped ones
    elsewhere = tmp_path / "khac"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run("generate", "--workspace", str(workspace), "--year", "2025")
    assert result.exit_code == 0, result.output
    manifest = json.loads((workspace / "outputs" / "2025" / "manifest.json").read_text("utf-8"))
    assert manifest["templates"]["cong-van.docx"] == sha256(REPO / "templates" / "cong-van.docx")
    assert not any(elsewhere.iterdir())
    # said, so that a folder of edited templates deleted by mistake is not silently replaced
    assert "Lưu ý: Thư mục làm việc không có thư mục «templates»" in result.output
    init_workspace(tmp_path / "ws2", samples=True)
    kept = run("generate", "--workspace", str(tmp_path / "ws2"), "--year", "2025")
    assert kept.exit_code == 0 and "không có thư mục «templates»" not in kept.output


def test_outside_a_working_folder_the_error_says_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("validate", "--year", "2025")
    assert result.exit_code == 2
    assert result.output.startswith("Lỗi: không tìm thấy thư mục dữ liệu đầu vào «inputs»")
    assert "--workspace" in result.output and "vanban init THƯ_MỤC" in result.output
    missing = run("ke-hoach", "--workspace", str(tmp_path / "khong-co"))
    assert missing.exit_code == 2
    assert "không tìm thấy thư mục làm việc" in missing.output


def test_inside_a_working_folder_the_error_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from inputs/2025, the clerk was told to create a workspace: a second one inside
    the first. The message names the working folder to go back to."""
    workspace = tmp_path / "Báo cáo 2025"
    init_workspace(workspace)
    monkeypatch.chdir(workspace / "inputs" / "2025")
    result = run("validate", "--year", "2025")
    assert result.exit_code == 2
    assert f"đây là thư mục con của thư mục làm việc «{workspace.resolve()}»" in result.output
    assert "vanban init" not in result.output


def test_don_doc_without_a_templates_folder_says_the_shipped_one_was_used(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    init_workspace(workspace, samples=True)
    shutil.rmtree(workspace / "templates")
    result = run(
        "don-doc", "--workspace", str(workspace), "--year", "2025", "--ngay-ky", "11/11/2025"
    )
    assert result.exit_code == 0, result.output
    assert "Lưu ý: Thư mục làm việc không có thư mục «templates»" in result.output
