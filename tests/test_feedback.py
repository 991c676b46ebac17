"""``validate --phan-hoi``: for each agency with findings, a marked copy of its workbook and
a letter asking for a corrected form by a date; nothing for the others, never an overwrite."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from generator.check.conformance import check_docx, has_blocking_failure
from generator.cli import cli
from generator.feedback import ERRORS_SHEET, FAULT_FILL
from generator.vnformat import format_short_date

REPO = Path(__file__).resolve().parents[1]
DUE = date.today() + timedelta(days=10)
DUE_TEXT = format_short_date(DUE)


@pytest.fixture(scope="module")
def faulty_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample of 2025 with two errors in SCT's workbook and an unreadable SYT.xlsx."""
    inputs = tmp_path_factory.mktemp("loi") / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    book = load_workbook(inputs / "2025" / "SCT.xlsx")
    book["Số liệu hoạt động"]["D5"] = "mười hai"
    book["Số liệu hoạt động"]["D6"] = -3
    book.save(inputs / "2025" / "SCT.xlsx")
    (inputs / "2025" / "SYT.xlsx").write_bytes(b"khong phai xlsx")
    return inputs


def validate(inputs: Path, out: Path, *extra: str):
    args = ["validate", "--year", "2025", "--inputs", str(inputs), "--out", str(out)]
    return CliRunner().invoke(cli, [*args, *extra], catch_exceptions=False)


def texts(docx: Path) -> str:
    return "\n".join(p.text for p in Document(str(docx)).paragraphs)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_feedback_for_each_faulty_agency_and_nothing_for_the_others(
    faulty_inputs: Path, tmp_path: Path
) -> None:
    original = (faulty_inputs / "2025" / "SCT.xlsx").read_bytes()
    result = validate(faulty_inputs, tmp_path, "--phan-hoi", "--han-sua", DUE_TEXT)
    assert result.exit_code == 1  # the findings are still findings
    folder = tmp_path / "phan-hoi" / "2025"
    assert sorted(p.name for p in folder.iterdir()) == ["SCT", "SYT", "manifest.json"]
    assert (faulty_inputs / "2025" / "SCT.xlsx").read_bytes() == original
    summary = result.output.split("Phản hồi cho 2 đơn vị có lỗi")[1]
    sct_line = next(line for line in summary.splitlines() if line.strip().startswith("SCT"))
    assert "@" in sct_line and "SCT/SCT-can-sua.xlsx, SCT/cong-van.docx" in sct_line
    assert "(phiếu không ghi địa chỉ)" in summary  # SYT's file cannot be read

    copy = load_workbook(folder / "SCT" / "SCT-can-sua.xlsx")
    assert copy.sheetnames[0] == ERRORS_SHEET and copy.active.title == ERRORS_SHEET
    measures = copy["Số liệu hoạt động"]
    for address in ("D5", "D6"):
        assert measures[address].fill.fgColor.rgb.endswith(FAULT_FILL.fgColor.rgb[-6:])
    assert "«mười hai» là chữ" in measures["D5"].comment.text
    assert "số âm (-3)" in measures["D6"].comment.text
    assert measures["D7"].comment is None and measures["D7"].fill.fgColor.rgb != "00FFC7CE"
    errors = copy[ERRORS_SHEET]
    rows = list(errors.iter_rows(min_row=5, values_only=True))
    assert [row[:3] for row in rows] == [
        (1, "Số liệu hoạt động", "D5"),
        (2, "Số liệu hoạt động", "D6"),
    ]
    assert errors["C5"].hyperlink.location == "'Số liệu hoạt động'!D5"

    letter = texts(folder / "SCT" / "cong-van.docx")
    assert "Kính gửi: Sở Công Thương" in letter
    assert "phiếu báo cáo còn 2 lỗi" in letter and "SCT-can-sua.xlsx" in letter
    assert f"trước ngày {DUE_TEXT}" in letter and "“Lỗi cần sửa”" in letter
    unreadable = texts(folder / "SYT" / "cong-van.docx")
    assert "- tệp SYT.xlsx: tệp không phải là sổ làm việc Excel (.xlsx)" in unreadable
    assert "“Lỗi cần sửa”" not in unreadable
    for docx in folder.rglob("*.docx"):
        assert not has_blocking_failure(check_docx(docx)), docx


def test_feedback_is_deterministic_and_never_overwritten(
    faulty_inputs: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    validate(faulty_inputs, first, "--phan-hoi", "--han-sua", DUE_TEXT)
    validate(faulty_inputs, second, "--phan-hoi", "--han-sua", DUE_TEXT)
    assert snapshot(first) == snapshot(second)
    before = snapshot(first)
    again = validate(faulty_inputs, first, "--phan-hoi", "--han-sua", DUE_TEXT)
    assert again.exit_code == 1 and "không ghi đè" in again.output
    assert snapshot(first) == before
    forced = validate(faulty_inputs, first, "--phan-hoi", "--han-sua", DUE_TEXT, "--force")
    assert "Bộ phản hồi cũ đã được chuyển vào" in forced.output
    folder = first / "phan-hoi" / "2025"
    [old] = [p for p in folder.iterdir() if p.name.startswith(".cu-")]
    assert snapshot(old) == {k.split("/", 2)[2]: v for k, v in before.items()}


def test_feedback_needs_a_due_date_not_yet_past(faulty_inputs: Path, tmp_path: Path) -> None:
    missing = validate(faulty_inputs, tmp_path, "--phan-hoi")
    assert missing.exit_code == 2
    assert "thiếu --han-sua (hạn gửi lại phiếu đã sửa)" in missing.output
    past = format_short_date(date.today() - timedelta(days=1))
    late = validate(faulty_inputs, tmp_path, "--phan-hoi", "--han-sua", past)
    assert late.exit_code == 2 and "đã qua" in late.output
    assert not any(tmp_path.iterdir())


def test_no_findings_writes_nothing(tmp_path: Path) -> None:
    result = validate(REPO / "inputs", tmp_path, "--phan-hoi", "--han-sua", DUE_TEXT)
    assert result.exit_code == 0
    assert "không có phản hồi nào cần gửi" in result.output
    assert not any(tmp_path.iterdir())


def test_json_lists_the_feedback_with_addresses(faulty_inputs: Path, tmp_path: Path) -> None:
    result = validate(faulty_inputs, tmp_path, "--phan-hoi", "--han-sua", DUE_TEXT, "--json")
    summary = json.loads(result.stdout)
    by_code = {item["code"]: item for item in summary["feedback"]["agencies"]}
    assert sorted(by_code) == ["SCT", "SYT"]
    assert "@" in by_code["SCT"]["email"] and by_code["SYT"]["email"] is None
    assert by_code["SCT"]["files"] == ["SCT/SCT-can-sua.xlsx", "SCT/cong-van.docx"]


def test_the_letter_is_dated_when_written_not_on_the_day_it_sets(
    faulty_inputs: Path, tmp_path: Path
) -> None:
    """A correction asked for by a day two months ahead: the letter is still this month's."""
    today = date.today()
    due = today + timedelta(days=62)
    validate(faulty_inputs, tmp_path, "--phan-hoi", "--han-sua", format_short_date(due))
    path = tmp_path / "phan-hoi" / "2025" / "SCT" / "cong-van.docx"
    header = [c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells]
    place_date = next(text for text in header if "tháng" in text).splitlines()[-1]
    assert place_date.endswith(f"tháng {today.month:02d} năm {today.year}"), place_date
    assert f"trước ngày {format_short_date(due)}" in texts(path)


def test_the_corrected_copy_sent_back_validates_with_its_list_of_errors_still_in(
    faulty_inputs: Path, tmp_path: Path
) -> None:
    """The letter says: correct the coloured cells, save, send back. The agency does just
    that, and vanban's own «Lỗi cần sửa» sheet must not make the form fail again."""
    out = tmp_path / "out"
    validate(faulty_inputs, out, "--phan-hoi", "--han-sua", DUE_TEXT)
    inputs = tmp_path / "inputs"
    shutil.copytree(faulty_inputs, inputs)
    (inputs / "2025" / "SYT.xlsx").unlink()
    copy = out / "phan-hoi" / "2025" / "SCT" / "SCT-can-sua.xlsx"
    book = load_workbook(copy)
    book["Số liệu hoạt động"]["D5"] = 12
    book["Số liệu hoạt động"]["D6"] = 3
    book.save(inputs / "2025" / "SCT.xlsx")
    assert ERRORS_SHEET in load_workbook(inputs / "2025" / "SCT.xlsx").sheetnames
    result = validate(inputs, tmp_path / "again", "--json")
    assert result.exit_code == 0, result.output
    sct = next(a for a in json.loads(result.output)["agencies"] if a["code"] == "SCT")
    assert sct["findings"] == [] and sct["status"] != "loi"


def test_the_sos_own_form_gets_its_marked_copy_and_no_letter_to_itself(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    book = load_workbook(inputs / "2025" / "SKHCN.xlsx")
    book["Số liệu hoạt động"]["D5"] = "mười hai"
    book.save(inputs / "2025" / "SKHCN.xlsx")
    validate(inputs, tmp_path / "out", "--phan-hoi", "--han-sua", DUE_TEXT)
    folder = tmp_path / "out" / "phan-hoi" / "2025" / "SKHCN"
    assert sorted(p.name for p in folder.iterdir()) == ["SKHCN-can-sua.xlsx"]


def test_a_long_file_name_gives_a_short_copy_name(faulty_inputs: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(faulty_inputs, inputs)
    (inputs / "2025" / "SYT.xlsx").unlink()
    long_name = "Phiếu báo cáo của Sở Công Thương gửi Sở Khoa học và Công nghệ " * 3
    (inputs / "2025" / "SCT.xlsx").rename(inputs / "2025" / f"{long_name.strip()}.xlsx")
    result = validate(inputs, tmp_path / "out", "--phan-hoi", "--han-sua", DUE_TEXT)
    assert result.exit_code == 1 and "Traceback" not in result.output
    [copy] = (tmp_path / "out" / "phan-hoi" / "2025" / "SCT").glob("*-can-sua.xlsx")
    assert len(copy.name) <= 60 + len("-can-sua.xlsx")
    assert copy.name.startswith("Phiếu báo cáo của Sở Công Thương")
    # cut between words: «… lần 2, đ-can-sua.xlsx» was cut inside one
    assert long_name.startswith(copy.name.removesuffix("-can-sua.xlsx") + " ")


def test_two_files_of_one_agency_are_the_clerks_to_sort_out_not_the_agencys(tmp_path: Path):
    """«SCT.xlsx» and «SCT (1).xlsx» in the folder: an official letter asked Sở Công Thương
    to «keep only one form in the folder», which only the Sở's clerk can do."""
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    shutil.copyfile(inputs / "2025" / "SCT.xlsx", inputs / "2025" / "SCT (1).xlsx")
    result = validate(inputs, tmp_path / "out", "--phan-hoi", "--han-sua", DUE_TEXT)
    assert result.exit_code == 1
    assert "Sở Công Thương có 2 phiếu" in result.output  # told to the clerk
    assert not (tmp_path / "out" / "phan-hoi" / "2025" / "SCT").exists()


def test_feedback_is_never_written_among_the_forms(faulty_inputs: Path, tmp_path: Path) -> None:
    """--out inputs/2025 wrote the marked copies beside the forms: the next validate read
    them as second forms of their agencies."""
    inputs = tmp_path / "inputs"
    shutil.copytree(faulty_inputs, inputs)
    before = snapshot(inputs)
    result = validate(inputs, inputs / "2025", "--phan-hoi", "--han-sua", DUE_TEXT)
    assert result.exit_code != 0
    assert "thư mục dữ liệu đầu vào" in result.output
    assert snapshot(inputs) == before
