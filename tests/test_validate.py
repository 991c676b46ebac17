"""Validation of filled forms: numbers, statuses, rows, text cleaning, identity, timeliness, CLI.

Every test builds a small workbook in tmp_path from the real form and checks that the
finding names the right file, sheet and cell.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_forms import filled_form, mini_workspace, rewrite_members, save, write_mini_inputs

from generator import validate as validate_module
from generator.cli import cli
from generator.data.workspace import Workspace, load_workspace
from generator.forms import writer as forms
from generator.forms.reader import read_workbook
from generator.validate import (
    MAX_WHOLE,
    Finding,
    SubmissionStatus,
    ValidationResult,
    _Refused,
    describe_validation,
    detect_legacy_encoding,
    parse_whole_number,
    validate_year,
)
from generator.vnformat import format_number

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return mini_workspace(tmp_path / "inputs")


def run(workspace: Workspace, tmp_path: Path, wb, name: str = "phieu.xlsx", year: int = 2024):
    save(wb, tmp_path / "inputs" / str(year) / name)
    return validate_year(workspace, year, tmp_path / "inputs")


def only_finding(result: ValidationResult) -> Finding:
    assert len(result.findings) == 1, [str(f) for f in result.findings]
    return result.findings[0]


def submission(result: ValidationResult, code: str):
    return next(s for s in result.submissions if s.agency.code == code)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        (12, 12),
        (12.0, 12),
        ("12", 12),
        (" 12 ", 12),
        ("12,0", 12),
        ("1.234.567", 1_234_567),
        ("350.000.000", 350_000_000),
        ("1 234 567", 1_234_567),
        ("1\u00a0234", 1234),
        ("350.000,00", 350_000),  # the Vietnamese way in full: nothing ambiguous
        (999_999_999_999_999, 999_999_999_999_999),  # the largest Excel keeps exactly
        ("", None),
        ("  ", None),
        (None, None),
        (0, 0),
    ],
)
def test_whole_numbers_typed_as_text_are_accepted(typed: object, number: int | None) -> None:
    assert parse_whole_number(typed) == number


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("mười hai", "«mười hai» là chữ"),
        (-3, "số âm (-3)"),
        ("-3", "số âm (-3)"),
        (2.5, "số lẻ (2,5)"),
        ("2,5", "«2,5» là số lẻ"),
        # A dot only groups thousands: anything else after one is a mistyped group, or an
        # English decimal point; neither is guessed.
        ("1.5", "«1.5» không rõ nghĩa: dấu chấm chỉ dùng để tách hàng nghìn"),
        ("12.0", "«12.0» không rõ nghĩa"),
        ("350.00", "«350.00» không rõ nghĩa"),
        ("350.0000", "«350.0000» không rõ nghĩa"),
        ("4.800.0000", "«4.800.0000» không rõ nghĩa"),
        ("1.000.00", "«1.000.00» không rõ nghĩa"),
        ("12.000.0", "«12.000.0» không rõ nghĩa"),
        ("32.000.000.00", "«32.000.000.00» không rõ nghĩa"),
        ("1 000.000", "«1 000.000» không rõ nghĩa"),
        (date(2024, 5, 1), "ngày tháng (01/05/2024)"),
        (datetime(2024, 5, 1, 8, 0), "ngày tháng (01/05/2024)"),
        (True, "giá trị đúng/sai"),
        ("12 triệu", "là chữ"),  # not «bỏ chữ»: without the word the number changes
        ("1e3", "là chữ"),
        ("1.500.000 đ", "«1.500.000 đ» có chữ «đ» sau con số: chỉ ghi số (tính bằng đồng)"),
        ("1.500.000 VNĐ", "có chữ «VNĐ» sau con số"),
        ("12/5", "không phải là số"),
        # A comma before three digits: English thousands or Vietnamese decimals, never guessed.
        ("350,000", "«350,000» không rõ nghĩa"),
        ("1,234,567", "ví dụ 1234567 hoặc 1.234.567"),
        ("1,234.5", "«1,234.5» không rõ nghĩa"),
        ("350,000 đồng", "hãy gõ số không có dấu phẩy"),
        # More than two zeros after a decimal comma: a grouping mistyped, not 350 or 1.
        ("350,0000", "«350,0000» không rõ nghĩa: sau dấu phẩy thập phân có 4 chữ số"),
        ("1,000000", "«1,000000» không rõ nghĩa"),
        # Beyond Excel's 15 digits and the amount in words of the report.
        (10**15, "số 1.000.000.000.000.000 quá lớn"),
        ("1 000 000 000 000 000", "quá lớn"),
        (1e300, "quá lớn"),
    ],
)
def test_refused_numbers_say_what_was_found_and_what_is_expected(typed: object, says: str) -> None:
    with pytest.raises(_Refused) as refused:
        parse_whole_number(typed)
    assert says in str(refused.value)
    assert "cần một số nguyên không âm" in str(refused.value)


def test_numbers_as_text_in_cells_are_read(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(
        workspace,
        "SKHCN",
        2024,
        funding={"IV.1.a": " 350.000.000 ", "IV.1.b": "12,0"},
        measures={"CT-A": "12", "CT-B1": " 3 "},
    )
    result = run(workspace, tmp_path, wb)
    assert result.ok, [str(f) for f in result.findings]
    report = submission(result, "SKHCN").report
    assert [t.funding for t in report.tasks] == [350_000_000, 12]
    assert [m.value for m in report.measures] == [12, 3]


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "says"),
    [
        ("Chỉ tiêu", "D4", "mười hai", "«mười hai» là chữ"),
        ("Chỉ tiêu", "D5", -1, "số âm"),
        ("Chỉ tiêu", "D4", 1.5, "số lẻ"),
        ("Chỉ tiêu", "D5", date(2024, 3, 1), "ngày tháng"),
        ("Nhiệm vụ", "F5", "5 triệu", "cần một số nguyên không âm, tính bằng đồng"),
        ("Nhiệm vụ", "F4", True, "đúng/sai"),
    ],
)
def test_bad_numbers_in_cells_are_named_by_file_sheet_and_cell(
    workspace: Workspace, tmp_path: Path, sheet: str, cell: str, value: object, says: str
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb[sheet][cell] = value
    result = run(workspace, tmp_path, wb)
    finding = only_finding(result)
    assert (finding.file.name, finding.sheet, finding.cell) == ("phieu.xlsx", sheet, cell)
    assert says in finding.message
    assert str(finding).startswith(f"tệp phieu.xlsx, trang tính «{sheet}», ô {cell}: ")
    assert submission(result, "SKHCN").status is SubmissionStatus.INVALID
    assert submission(result, "SKHCN").report is None


def test_status_outside_the_list(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024, statuses={"IV.1.b": "Xong rồi"})
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Nhiệm vụ", "D5")
    assert "tình trạng «Xong rồi» không có trong danh sách" in finding.message
    assert "Đã hoàn thành, Đang thực hiện, Chưa thực hiện" in finding.message


def test_status_is_matched_ignoring_case_and_spaces(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024, statuses={"IV.1.a": "  đang thực hiện "})
    result = run(workspace, tmp_path, wb)
    assert result.ok
    assert submission(result, "SKHCN").report.tasks[0].status.value == "Đang thực hiện"


def test_blank_status_is_an_error(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024, statuses={"IV.1.a": None})
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Nhiệm vụ", "D4")
    assert "chưa chọn tình trạng" in finding.message


def test_deleted_task_row_names_the_task_and_the_sheet(
    workspace: Workspace, tmp_path: Path
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"].delete_rows(4)
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.file.name, finding.sheet, finding.cell) == ("phieu.xlsx", "Nhiệm vụ", None)
    assert "thiếu dòng của nhiệm vụ IV.1.a" in finding.message


def test_task_code_not_in_the_plan(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"].append(["IV.9.z", "Nhiệm vụ tự thêm", "Chủ trì", "Đã hoàn thành"])
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Nhiệm vụ", "A6")
    assert "mã nhiệm vụ «IV.9.z» không có trong Kế hoạch số 65/KH-UBND" in finding.message


def test_task_of_the_plan_not_held_by_this_agency(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"].append(["IV.2.a", "", "Chủ trì", "Đã hoàn thành"])
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Nhiệm vụ", "A6")
    assert "nhiệm vụ IV.2.a không giao cho Sở Khoa học và Công nghệ" in finding.message


def test_target_code_not_in_the_plan(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Chỉ tiêu"]["A5"] = "CT-X"
    result = run(workspace, tmp_path, wb)
    messages = {(f.sheet, f.cell): f.message for f in result.findings}
    assert "mã chỉ tiêu «CT-X» không có trong Kế hoạch" in messages[("Chỉ tiêu", "A5")]
    assert "thiếu dòng của chỉ tiêu CT-B1" in messages[("Chỉ tiêu", None)]


def test_changed_header_is_named(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"]["E3"] = "Kết quả"
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Nhiệm vụ", "E3")
    assert "cần «Kết quả thực hiện»" in finding.message


def test_text_is_nfc_trimmed_and_cleaned_nothing_else(workspace: Workspace, tmp_path: Path) -> None:
    typed = unicodedata.normalize(
        "NFD", "  Đã tổ chức hội nghị[VT]tại Mộc Châu;[BEL] «tốt»  & <đủ>  "
    )
    wb = filled_form(workspace, "SKHCN", 2024, results={"IV.1.a": typed}, reporter=" Lò  Văn Nam\t")
    path = save(wb, tmp_path / "inputs" / "2024" / "phieu.xlsx")

    def control_characters(name: str, data: bytes) -> bytes:
        # Excel writes characters XML cannot hold as _xHHHH_ escapes.
        return data.replace(b"[VT]", b"_x000B_").replace(b"[BEL]", b"_x0007_")

    rewrite_members(path, control_characters)
    with zipfile.ZipFile(path) as archive:
        assert any(b"_x000B_" in archive.read(name) for name in archive.namelist())
    result = validate_year(workspace, 2024, tmp_path / "inputs")
    assert result.ok, [str(f) for f in result.findings]
    report = submission(result, "SKHCN").report
    expected = "Đã tổ chức hội nghị\ntại Mộc Châu; «tốt»  & <đủ>"
    assert report.tasks[0].result == expected
    assert unicodedata.is_normalized("NFC", report.tasks[0].result)
    assert report.reporter == "Lò  Văn Nam"


def test_nfd_status_compares_equal(workspace: Workspace, tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Chưa thực hiện")
    wb = filled_form(workspace, "SKHCN", 2024, statuses={"IV.1.b": nfd})
    result = run(workspace, tmp_path, wb)
    assert result.ok
    assert submission(result, "SKHCN").report.tasks[1].status.value == "Chưa thực hiện"


def test_two_workbooks_for_one_agency_name_both_files(workspace: Workspace, tmp_path: Path) -> None:
    save(filled_form(workspace, "SKHCN", 2024), tmp_path / "inputs" / "2024" / "ban-1.xlsx")
    result = run(workspace, tmp_path, filled_form(workspace, "SKHCN", 2024), "ban-2.xlsx")
    finding = only_finding(result)
    assert "«ban-1.xlsx»" in finding.message and "«ban-2.xlsx»" in finding.message
    assert "Sở Khoa học và Công nghệ có 2 phiếu" in finding.message
    assert submission(result, "SKHCN").status is SubmissionStatus.INVALID


def test_agency_merged_away_names_its_successor(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SNNPTNT", 2024)
    wb["Thông tin"]["B5"] = 2025  # a clerk reusing last year's form
    result = run(workspace, tmp_path, wb, "nong-nghiep.xlsx", year=2025)
    messages = [str(f) for f in result.stray_findings]
    assert any(
        m.startswith("tệp nong-nghiep.xlsx, trang tính «Thông tin», ô B4: ")
        and "không còn hoạt động vào ngày 10/11/2025" in m
        and "Sở Nông nghiệp và Môi trường" in m
        for m in messages
    ), messages
    assert not result.ok
    assert submission(result, "SNNMT").status is SubmissionStatus.MISSING


def test_district_after_the_mergers_names_the_communes(
    workspace: Workspace, tmp_path: Path
) -> None:
    wb = forms.build_form(workspace, workspace.registry.agency("UBND-MAI-SON"), 2024)
    wb["Thông tin"]["B5"] = 2025
    result = run(workspace, tmp_path, wb, year=2025)
    assert "đã chuyển cho UBND các xã, phường" in result.stray_findings[0].message


def test_unknown_agency_code(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Thông tin"]["B4"] = "SABC"
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Thông tin", "B4")
    assert "mã đơn vị «SABC» không có trong danh mục đơn vị" in finding.message


def test_year_in_the_workbook_differs_from_the_folder(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    result = run(workspace, tmp_path, wb, year=2025)
    messages = {(f.sheet, f.cell): f.message for f in result.findings}
    assert (
        "phiếu là của năm 2024, nhưng nằm trong thư mục năm 2025" in messages[("Thông tin", "B5")]
    )


def test_missing_report_date_is_an_error(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024, report_date=None)
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Thông tin", "B10")
    assert "chưa ghi ngày báo cáo" in finding.message


@pytest.mark.parametrize(
    ("typed", "status", "on_time"),
    [
        (date(2024, 11, 10), SubmissionStatus.VALID, True),
        (datetime(2024, 11, 11, 9, 30), SubmissionStatus.LATE, False),
        ("12/11/2024", SubmissionStatus.LATE, False),
        ("05/11/2024", SubmissionStatus.VALID, True),
    ],
)
def test_timeliness_against_the_deadline(
    workspace: Workspace, tmp_path: Path, typed: object, status: SubmissionStatus, on_time: bool
) -> None:
    result = run(workspace, tmp_path, filled_form(workspace, "SKHCN", 2024, report_date=typed))
    assert result.ok
    assert (submission(result, "SKHCN").status, submission(result, "SKHCN").on_time) == (
        status,
        on_time,
    )


def test_report_date_as_words_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024, report_date="mùng 5 tháng 11")
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Thông tin", "B10")
    assert "không phải là ngày hợp lệ" in finding.message


def test_missing_agencies_are_listed_not_errors(workspace: Workspace, tmp_path: Path) -> None:
    result = run(workspace, tmp_path, filled_form(workspace, "SKHCN", 2024), "tên-bất-kỳ.xlsx")
    assert result.ok
    assert [(s.agency.code, s.status) for s in result.submissions] == [
        ("SKHCN", SubmissionStatus.VALID),
        ("SNNPTNT", SubmissionStatus.MISSING),
        ("UBND-MAI-SON", SubmissionStatus.MISSING),
    ]


def test_lock_files_and_other_files_are_ignored(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "inputs" / "2024"
    folder.mkdir(parents=True)
    (folder / "~$phieu.xlsx").write_bytes(b"lock")
    (folder / "ghi-chu.txt").write_text("không phải phiếu", encoding="utf-8")
    result = validate_year(workspace, 2024, tmp_path / "inputs")
    assert result.ok
    text = describe_validation(result)
    assert "Tệp không đọc (2):" in text
    assert "  - ghi-chu.txt: không phải bảng tính; phiếu báo cáo là tệp .xlsx" in text
    assert "  - ~$phieu.xlsx: tệp tạm Excel tạo ra khi mở một tệp, không phải phiếu" in text


@pytest.mark.parametrize(
    "name, says",
    [
        ("SKHCN.xlsx ", "tên tệp có dấu cách hoặc dấu chấm ở cuối nên không được đọc như phiếu"),
        ("SKHCN.xlsx.", "đổi tên tệp thành «SKHCN.xlsx» rồi chạy lại"),
        ("SKHCN.pdf", "tệp mang mã của Sở Khoa học và Công nghệ nhưng không phải phiếu báo cáo"),
        ("skhcn.xlsx.zip", "nếu là tệp nén, giải nén rồi đặt phiếu .xlsx vào thư mục"),
        ("SKHCN (1).pdf", "tệp mang mã của Sở Khoa học và Công nghệ nhưng không phải phiếu"),
        ("Bao cao SKHCN.pdf", "tệp mang mã của Sở Khoa học và Công nghệ nhưng không phải phiếu"),
        ("SKHCN - Shortcut.lnk", "tệp mang mã của Sở Khoa học và Công nghệ"),
    ],
)
def test_a_file_named_for_an_agency_that_is_not_a_form_is_an_error(
    workspace: Workspace, tmp_path: Path, name: str, says: str
) -> None:
    """The agency sent something: counted as having sent nothing, the report and its letter
    said so and its money was left out of the totals, with validate and generate exit 0."""
    save(filled_form(workspace, "SKHCN", 2024), tmp_path / "inputs" / "2024" / name)
    result = validate_year(workspace, 2024, tmp_path / "inputs")
    assert not result.ok
    skhcn = next(s for s in result.submissions if s.agency.code == "SKHCN")
    assert skhcn.status is SubmissionStatus.INVALID
    [finding] = skhcn.findings
    assert says in finding.message and finding.for_clerk
    assert result.unread == []  # not listed again as «không phải bảng tính»
    # beside the agency's readable form, another file of its name is only listed
    save(filled_form(workspace, "SKHCN", 2024), tmp_path / "inputs" / "2024" / "SKHCN.xlsx")
    assert validate_year(workspace, 2024, tmp_path / "inputs").ok


def test_formula_cached_value_is_used_and_missing_one_is_named(
    workspace: Workspace, tmp_path: Path
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Chỉ tiêu"]["D5"] = "=1+1"  # openpyxl writes no cached result, as a script would
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Chỉ tiêu", "D5")
    assert "công thức «=1+1» nhưng chưa có kết quả tính sẵn" in finding.message


def test_cli_validate_exit_codes(tmp_path: Path) -> None:
    inputs = write_mini_inputs(tmp_path / "inputs")
    workspace = mini_workspace(inputs)
    save(filled_form(workspace, "SKHCN", 2024), inputs / "2024" / "SKHCN.xlsx")
    runner = CliRunner()
    good = runner.invoke(cli, ["validate", "--year", "2024", "--inputs", str(inputs)])
    assert good.exit_code == 0, good.output
    assert "SKHCN" in good.output and "hợp lệ" in good.output and "chưa nộp" in good.output
    bad = filled_form(workspace, "SNNPTNT", 2024, measures={"CT-A": "hai"})
    save(bad, inputs / "2024" / "nn.xlsx")
    failed = runner.invoke(cli, ["validate", "--year", "2024", "--inputs", str(inputs)])
    assert failed.exit_code == 1
    assert "tệp nn.xlsx, trang tính «Chỉ tiêu», ô D4: «hai» là chữ" in failed.output
    outside = runner.invoke(cli, ["validate", "--year", "2019", "--inputs", str(inputs)])
    assert outside.exit_code == 2
    no_folder = runner.invoke(cli, ["validate", "--year", "2023", "--inputs", str(inputs)])
    assert no_folder.exit_code == 2
    assert "không tìm thấy thư mục phiếu báo cáo năm 2023" in no_folder.output


# ---------------------------------------------------------------------------
# Invisible characters pasted into codes, statuses, headers and labels

ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\ufeff", "\u2060")


@pytest.mark.parametrize("invisible", ZERO_WIDTH, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_in_codes_statuses_headers_and_labels_are_ignored(
    workspace: Workspace, tmp_path: Path, invisible: str
) -> None:
    wb = filled_form(
        workspace, "SKHCN", 2024, statuses={"IV.1.a": f"Đã hoàn{invisible} thành{invisible}"}
    )
    tasks, measures, info = wb["Nhiệm vụ"], wb["Chỉ tiêu"], wb[forms.SHEET_INFO]
    tasks["A5"] = f"{invisible}{tasks['A5'].value}"
    tasks["E3"] = f"Kết quả{invisible} thực hiện"
    measures["A4"] = f"{measures['A4'].value}{invisible}"
    date_label = next(row for row in info.iter_rows() if row[0].value == forms.LABEL_DATE)[0]
    date_label.value = f"{invisible}{forms.LABEL_DATE}"
    result = run(workspace, tmp_path, wb)
    assert result.ok, [str(f) for f in result.findings]
    report = submission(result, "SKHCN").report
    assert report.tasks[0].status.value == "Đã hoàn thành"
    assert [task.code for task in report.tasks] == ["IV.1.a", "IV.1.b"]
    assert report.measures[0].code == "CT-A"
    assert report.report_date == date(2024, 11, 5)


def test_invisible_characters_stay_in_free_text(workspace: Workspace, tmp_path: Path) -> None:
    typed = "Tập\u200dhuấn\u200c cho\u200b120 người"
    wb = filled_form(workspace, "SKHCN", 2024, results={"IV.1.a": typed})
    result = run(workspace, tmp_path, wb)
    assert result.ok, [str(f) for f in result.findings]
    assert submission(result, "SKHCN").report.tasks[0].result == typed


# ---------------------------------------------------------------------------
# Cells longer than Excel allows


def test_a_cell_over_excel_limit_is_refused_naming_its_length(
    workspace: Workspace, tmp_path: Path
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024, results={"IV.1.b": "THAY-THE"})
    path = save(wb, tmp_path / "inputs" / "2024" / "phieu.xlsx")

    def longer_than_excel_allows(name: str, data: bytes) -> bytes:
        # Another program than Excel can write any length; openpyxl would cut it.
        return data.replace(b"THAY-THE", ("Tập huấn. " * 4_000).encode())

    rewrite_members(path, longer_than_excel_allows)
    finding = only_finding(validate_year(workspace, 2024, tmp_path / "inputs"))
    assert str(finding).startswith("tệp phieu.xlsx, trang tính «Nhiệm vụ», ô E5: ")
    assert finding.message.startswith(
        "ô có 40.000 ký tự, vượt giới hạn 32.767 ký tự của một ô Excel"
    )


def test_a_cell_cut_at_excel_limit_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Khó khăn, kiến nghị"]["B4"] = "Đề nghị " * 5_000  # kept: the first 32,767 characters
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Khó khăn, kiến nghị", "B4")
    assert finding.message.startswith("ô có đúng 32.767 ký tự, bằng giới hạn của một ô Excel")
    assert "bị cắt bớt" in finding.message


def test_a_cell_just_under_excel_limit_is_read(workspace: Workspace, tmp_path: Path) -> None:
    text = "x" * 32_766
    wb = filled_form(workspace, "SKHCN", 2024, results={"IV.1.a": text})
    result = run(workspace, tmp_path, wb)
    assert result.ok, [str(f) for f in result.findings]
    assert submission(result, "SKHCN").report.tasks[0].result == text


# ---------------------------------------------------------------------------
# Vietnamese typed in TCVN3 (ABC) or VNI
#
# The converters below write what Unikey set to each legacy encoding puts into a cell
# shown in a .Vn (TCVN3) or VNI font, read as Windows would read the bytes (Latin-1).

TCVN3_BY_LETTER = {
    "a": "àµ á¸ ả¶ ã· ạ¹",
    "ă": "ă¨ ằ» ắ¾ ẳ¼ ẵ½ ặÆ",
    "â": "â© ầÇ ấÊ ẩÈ ẫÉ ậË",
    "đ": "đ®",
    "e": "èÌ éÐ ẻÎ ẽÏ ẹÑ",
    "ê": "êª ềÒ ếÕ ểÓ ễÔ ệÖ",
    "i": "ì× íÝ ỉØ ĩÜ ịÞ",
    "o": "òß óã ỏá õâ ọä",
    "ô": "ô« ồå ốè ổæ ỗç ộé",
    "ơ": "ơ¬ ờê ớí ởë ỡì ợî",
    "u": "ùï úó ủñ ũò ụô",
    "ư": "ư\xad ừõ ứø ửö ữ÷ ựù",
    "y": "ỳú ýý ỷû ỹü ỵþ",
    "capitals": "Ă¡ Â¢ Đ§ Ê£ Ô¤ Ơ¥ Ư¦",
}
TCVN3 = {pair[0]: pair[1] for pairs in TCVN3_BY_LETTER.values() for pair in pairs.split()}

VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_SHAPED = {  # a mark of shape, with each tone (none, sắc, huyền, hỏi, ngã, nặng)
    "\u0302": dict(zip(["", *VNI_TONES], "âáàåãä", strict=True)),
    "\u0306": dict(zip(["", *VNI_TONES], "êéèúüë", strict=True)),
}
VNI_I = dict(zip(["", *VNI_TONES], "iíìæóò", strict=True))


def to_tcvn3(text: str) -> str:
    """TCVN3 has no capital toned letter: a title in capitals is typed in small letters
    shown by a capitals font (.VnTimeH), a lone capital as a small one."""
    if text.isupper():
        text = text.lower()
    return "".join(TCVN3.get(ch, TCVN3.get(ch.lower(), ch)) for ch in text)


def _vni_letter(char: str) -> str:
    base, *marks = unicodedata.normalize("NFD", char)
    tone = next((mark for mark in marks if mark in VNI_TONES), "")
    shape = next((mark for mark in marks if mark not in VNI_TONES), "")
    upper = base.isupper()
    base = base.lower()
    if (base == "d" and shape == "\u0335") or char in "đĐ":
        encoded = "ñ"
    elif shape == "\u031b":  # horn: ơ and ư are one byte each, the tone follows
        encoded = {"o": "ô", "u": "ö"}[base] + VNI_TONES.get(tone, "")
    elif base == "i":
        encoded = VNI_I[tone]
    elif base == "y" and tone == "\u0323":
        encoded = "î"
    elif shape:
        encoded = base + VNI_SHAPED[shape][tone]
    else:
        encoded = base + VNI_TONES.get(tone, "")
    return encoded.upper() if upper else encoded


def to_vni(text: str) -> str:
    return "".join(_vni_letter(ch) if not ch.isascii() else ch for ch in text)


def test_the_converters_write_the_known_forms() -> None:
    assert to_tcvn3("Sở Khoa học và Công nghệ") == "Së Khoa häc vµ C«ng nghÖ"
    assert to_vni("Sở Khoa học và Công nghệ") == "Sôû Khoa hoïc vaø Coâng ngheä"
    assert to_vni("đã tổ chức tập huấn") == "ñaõ toå chöùc taäp huaán"
    assert to_vni("Xin chào các bạn") == "Xin chaøo caùc baïn"


def test_the_tcvn3_table_agrees_with_iconv() -> None:
    iconv = shutil.which("iconv")
    if iconv is None:
        pytest.skip("iconv is not installed: the TCVN3 table is not cross-checked")
    letters = "".join(TCVN3)
    encoded = subprocess.run(
        [iconv, "-f", "UTF-8", "-t", "TCVN5712-1"], input=letters.encode(), capture_output=True
    )
    if encoded.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1 table")
    assert encoded.stdout.decode("latin-1") == "".join(TCVN3.values())


def sample_texts() -> list[str]:
    """Every free text of the shipped sample workbooks of one year (results, notes, issues)."""
    texts = []
    for path in sorted((REPO / "inputs" / "2024").glob("*.xlsx")):
        for sheet in read_workbook(path).sheets.values():
            texts += [c.value for c in sheet.cells.values() if isinstance(c.value, str)]
    return sorted(set(texts))


FOREIGN_TEXTS = [
    "Coopération française à Hà Nội: ça va, où est la Noël? déjà été, naïve, garçon",
    "Müller GmbH, España, señor, Ørsted, Ærø, Smørrebrød, São Paulo, Curaçao",
    "Đối tác: Công ty «Sơn La Xanh»® · chè Tà Xùa × 2 · § 3 · 25°C · ½ kg",
    "Nhãn hiệu chứng nhận «Cà phê Sơn La», «Xoài Yên Châu» — đã cấp văn bằng.",
    "Trademark «Mộc Châu Milk»™, logo © 2024; café, naïve résumé, Zürich",
]


def test_no_legacy_encoding_is_seen_in_real_text() -> None:
    texts = sample_texts() + FOREIGN_TEXTS
    assert len(texts) > 100
    seen = {text: detect_legacy_encoding(text) for text in texts}
    assert {text: found for text, found in seen.items() if found} == {}


def _legacy_candidates() -> list[str]:
    """Sample texts with at least three words holding Vietnamese letters."""
    return [text for text in sample_texts() if sum(not w.isascii() for w in text.split()) >= 3]


@pytest.mark.parametrize(
    ("encode", "name"), [(to_tcvn3, "TCVN3 (ABC)"), (to_vni, "VNI")], ids=["tcvn3", "vni"]
)
def test_sample_texts_typed_in_a_legacy_encoding_are_seen(encode, name: str) -> None:
    texts = _legacy_candidates()
    assert len(texts) > 50
    found = {text: detect_legacy_encoding(encode(text)) for text in texts}
    assert {found[text].name for text in texts if found[text]} == {name}
    # A few short texts read as real Vietnamese in VNI too ("Vì Hồng Bình" is
    # "Vì Hoàng Bình"): nothing tells them apart.
    missed = [text for text in texts if found[text] is None]
    assert len(missed) <= len(texts) // 100, missed


def test_a_single_foreign_word_is_not_a_legacy_encoding() -> None:
    assert detect_legacy_encoding("où?") is None
    assert detect_legacy_encoding(to_vni("Sở")) is None  # one word says too little


def test_a_legacy_encoded_result_is_refused_naming_the_cell(
    workspace: Workspace, tmp_path: Path
) -> None:
    typed = to_tcvn3("Đã tổ chức 02 lớp tập huấn cho cán bộ")
    wb = filled_form(workspace, "SKHCN", 2024, results={"IV.1.b": typed})
    finding = only_finding(run(workspace, tmp_path, wb))
    assert str(finding).startswith("tệp phieu.xlsx, trang tính «Nhiệm vụ», ô E5: ")
    assert finding.message.startswith(
        "chữ có vẻ được gõ bằng bảng mã TCVN3 (ABC) («§·» là «Đã», «tæ» là «tổ», «chøc» là «chức»)"
    )
    assert "hãy gõ lại bằng bảng mã Unicode (Unikey: chọn bảng mã Unicode)" in finding.message


def test_a_vni_reporter_name_and_proposal_are_refused(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024, reporter=to_vni("Lò Văn Nam"))
    wb["Khó khăn, kiến nghị"]["B4"] = to_vni("Đề nghị bố trí thêm kinh phí")
    result = run(workspace, tmp_path, wb)
    places = {(f.sheet, f.cell): f.message for f in result.findings}
    assert set(places) == {(forms.SHEET_INFO, "B7"), ("Khó khăn, kiến nghị", "B4")}
    assert all(m.startswith("chữ có vẻ được gõ bằng bảng mã VNI (") for m in places.values())


@pytest.mark.parametrize(
    ("typed", "shown"),
    [(date(2023, 12, 31), "31/12/2023"), ("01/01/2026", "01/01/2026"), (date(2035, 11, 5), None)],
)
def test_a_report_date_that_cannot_be_true_names_its_cell(
    workspace: Workspace, tmp_path: Path, typed: object, shown: str | None
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024, report_date=typed)
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Thông tin", "B10")
    shown = shown or typed.strftime("%d/%m/%Y")
    assert finding.message.startswith(
        f"ngày báo cáo {shown} không hợp lý cho báo cáo năm 2024 (phải trong năm 2024 hoặc 2025)"
    )


@pytest.mark.parametrize("typed", [date(2024, 1, 1), date(2025, 12, 31)])
def test_report_dates_at_the_edges_of_the_range_are_accepted(
    workspace: Workspace, tmp_path: Path, typed: date
) -> None:
    result = run(workspace, tmp_path, filled_form(workspace, "SKHCN", 2024, report_date=typed))
    assert result.ok, [str(f) for f in result.findings]


@pytest.mark.parametrize("other_file", [None, "ghi-chu.docx"])
def test_a_folder_without_workbooks_says_so_and_lists_every_agency(
    workspace: Workspace, tmp_path: Path, other_file: str | None
) -> None:
    folder = tmp_path / "inputs" / "2024"
    folder.mkdir(parents=True)
    if other_file:
        (folder / other_file).write_bytes(b"not a workbook")
    result = validate_year(workspace, 2024, tmp_path / "inputs")
    assert result.no_workbooks and result.ok
    assert {s.status for s in result.submissions} == {SubmissionStatus.MISSING}
    text = describe_validation(result)
    line = (
        f"thư mục «{folder}» chưa có phiếu báo cáo nào; chép các phiếu đã nhận vào thư mục "
        "này rồi chạy lại"
    )
    assert text.splitlines().count(line) == 1
    assert "chưa nộp 3" in text


def test_a_folder_with_a_workbook_has_no_such_line(workspace: Workspace, tmp_path: Path) -> None:
    result = run(workspace, tmp_path, filled_form(workspace, "SKHCN", 2024))
    assert not result.no_workbooks
    assert "chưa có phiếu báo cáo nào" not in describe_validation(result)


# ---------------------------------------------------------------------------
# Issue 10: limits, error values, blanks, dates, text outside the form, which files


def test_the_largest_whole_number_is_written_in_words_a_thousand_times_over() -> None:
    from generator.vnformat import money_in_words

    assert money_in_words(MAX_WHOLE * 1000).endswith("đồng")
    with pytest.raises(_Refused):
        parse_whole_number(MAX_WHOLE + 1)


def test_a_blank_target_is_an_error_not_zero(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024, measures={"CT-A": None})
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Chỉ tiêu", "D4")
    assert finding.message.startswith("chưa ghi kết quả; không có kết quả thì ghi 0")


def test_a_blank_funding_is_no_funding(workspace: Workspace, tmp_path: Path) -> None:
    """The guide says «không có kinh phí thì để trống hoặc ghi 0»."""
    result = run(workspace, tmp_path, filled_form(workspace, "SKHCN", 2024))
    assert result.ok
    assert {task.funding for task in submission(result, "SKHCN").report.tasks} == {0}


def test_the_guide_says_a_blank_target_is_an_error(workspace: Workspace) -> None:
    wb = forms.build_form(workspace, workspace.registry.agency("SKHCN"), 2024)
    guide = " ".join(str(cell.value) for cell in wb[forms.SHEET_GUIDE]["A"] if cell.value)
    assert "không có kết quả thì ghi 0 (không để trống: ô để trống là lỗi" in guide


@pytest.mark.parametrize(
    ("sheet", "cell", "code"),
    [
        ("Nhiệm vụ", "E4", "#DIV/0!"),
        ("Nhiệm vụ", "D4", "#N/A"),
        ("Chỉ tiêu", "D4", "#REF!"),
        ("Chỉ tiêu", "E4", "#NUM!"),
        ("Khó khăn, kiến nghị", "B4", "#NAME?"),
        ("Thông tin", "B8", "#NULL!"),
        ("Thông tin", "B4", "#VALUE!"),
        ("Hướng dẫn", "A3", "#REF!"),
    ],
)
def test_an_excel_error_in_any_cell_is_refused_once(
    workspace: Workspace, tmp_path: Path, sheet: str, cell: str, code: str
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb[sheet][cell] = code  # openpyxl stores these as error values, as Excel does
    finding = only_finding(run(workspace, tmp_path, wb, "SKHCN.xlsx"))
    assert (finding.sheet, finding.cell) == (sheet, cell)
    assert finding.message.startswith(f"ô chứa giá trị lỗi «{code}» của Excel: ")


def test_an_error_typed_as_text_is_refused_too(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"]["E4"] = " #div/0! "  # not an error code as it stands: kept as text
    finding = only_finding(run(workspace, tmp_path, wb))
    assert finding.cell == "E4" and "«#DIV/0!»" in finding.message


@pytest.mark.parametrize(
    ("sheet", "cell", "hint"),
    [
        ("Nhiệm vụ", "G4", "cột «Kết quả thực hiện»"),
        ("Nhiệm vụ", "C1", "cột «Kết quả thực hiện»"),  # beside the title: not read
        ("Chỉ tiêu", "F5", "cột «Ghi chú»"),
        ("Thông tin", "C7", "các ô nền vàng"),
        ("Thông tin", "B14", "các ô nền vàng"),
        ("Khó khăn, kiến nghị", "B6", "«Khó khăn, vướng mắc»"),
        ("Hướng dẫn", "B2", "trang hướng dẫn không được đọc"),
    ],
)
def test_text_typed_outside_the_form_is_named(
    workspace: Workspace, tmp_path: Path, sheet: str, cell: str, hint: str
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb[sheet][cell] = "Đã gửi bản giấy ngày 5/11 kèm theo các quyết định liên quan"
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == (sheet, cell)
    assert finding.message.startswith(
        "ô nằm ngoài phần phiếu được đọc nên nội dung «Đã gửi bản giấy ngày 5/11 kèm theo "
        "các q…» sẽ bị bỏ qua; "
    )
    assert hint in finding.message


def test_a_sheet_added_to_the_form_is_named_with_its_cells(
    workspace: Workspace, tmp_path: Path
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    extra = wb.create_sheet("Sheet1")
    for row in range(1, 8):
        extra.cell(row, 1, f"ghi chú {row}")
    wb.create_sheet("Trống")  # an empty sheet loses nothing
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Sheet1", None)
    assert finding.message.startswith(
        "trang tính này không thuộc phiếu nên nội dung ở ô A1, A2, A3, A4, A5 và 2 ô khác "
        "sẽ bị bỏ qua"
    )


def test_a_sheet_renamed_to_the_same_name_in_nfd_is_found(
    workspace: Workspace, tmp_path: Path
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb[forms.SHEET_MEASURES].title = unicodedata.normalize("NFD", forms.SHEET_MEASURES)
    result = run(workspace, tmp_path, wb)
    assert result.ok, [str(f) for f in result.findings]


def test_a_report_date_after_today_is_refused(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate_module, "today", lambda: date(2024, 11, 4))
    finding = only_finding(run(workspace, tmp_path, filled_form(workspace, "SKHCN", 2024)))
    assert (finding.sheet, finding.cell) == ("Thông tin", "B10")
    assert finding.message == (
        "ngày báo cáo 05/11/2024 ở sau hôm nay (04/11/2024): ngày chưa tới; "
        "hãy ghi đúng ngày ký gửi phiếu"
    )


def test_a_report_date_after_the_signing_date_is_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    save(filled_form(workspace, "SKHCN", 2024), tmp_path / "inputs" / "2024" / "SKHCN.xlsx")
    inputs = tmp_path / "inputs"
    assert validate_year(workspace, 2024, inputs, signing_date=date(2024, 11, 5)).ok
    result = validate_year(workspace, 2024, inputs, signing_date=date(2024, 11, 4))
    finding = only_finding(result)
    assert finding.message.startswith(
        "ngày báo cáo 05/11/2024 ở sau ngày ký văn bản tổng hợp (04/11/2024, tùy chọn "
        "--ngay-ky): phiếu phải có trước khi văn bản được ký"
    )


def test_workbooks_in_subfolders_are_read_and_named_by_their_path(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "inputs" / "2024"
    save(filled_form(workspace, "SKHCN", 2024), folder / "thu 1" / "phieu.xlsx")
    wb = filled_form(workspace, "SNNPTNT", 2024, funding={"IV.1.a": "350,000"})
    save(wb, folder / "thu 2" / "dinh kem" / "SNNPTNT.xlsx")
    (folder / "thu 2" / "cong-van.pdf").write_bytes(b"%PDF")
    (folder / ".cu").mkdir()
    (folder / ".cu" / "SKHCN.xlsx").write_bytes(b"")
    result = validate_year(workspace, 2024, tmp_path / "inputs")
    assert submission(result, "SKHCN").status == SubmissionStatus.VALID
    finding = only_finding(result)
    assert str(finding).startswith(
        "tệp thu 2/dinh kem/SNNPTNT.xlsx, trang tính «Nhiệm vụ», ô F4: «350,000» không rõ nghĩa"
    )
    text = describe_validation(result)
    assert "SKHCN         thu 1/phieu.xlsx" in text
    assert "  - .cu: thư mục ẩn" in text
    assert "  - thu 2/cong-van.pdf: không phải bảng tính" in text


def test_the_same_agency_in_two_subfolders_names_both_paths(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "inputs" / "2024"
    save(filled_form(workspace, "SKHCN", 2024), folder / "a" / "SKHCN.xlsx")
    save(filled_form(workspace, "SKHCN", 2024), folder / "b" / "SKHCN.xlsx")
    finding = only_finding(validate_year(workspace, 2024, tmp_path / "inputs"))
    assert (
        "có 2 phiếu: «a/SKHCN.xlsx» (ghi ngày 05/11/2024), «b/SKHCN.xlsx» (ghi ngày"
        in finding.message
    )


def test_a_file_named_for_another_agency_names_both(workspace: Workspace, tmp_path: Path) -> None:
    result = run(workspace, tmp_path, filled_form(workspace, "SKHCN", 2024), "SNNPTNT.xlsx")
    finding = only_finding(result)
    assert (finding.sheet, finding.cell) == ("Thông tin", "B4")
    name = workspace.registry.agency("SNNPTNT").name
    assert finding.message.startswith(
        f"tên tệp «SNNPTNT.xlsx» là mã của {name} (SNNPTNT), nhưng phiếu bên trong là của "
        "Sở Khoa học và Công nghệ (SKHCN)"
    )
    assert submission(result, "SNNPTNT").status == SubmissionStatus.MISSING
    assert submission(result, "SKHCN").status == SubmissionStatus.INVALID


def test_a_year_total_beyond_the_words_of_the_report_is_refused(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate_module, "WORDS_LIMIT", 10**9)
    folder = tmp_path / "inputs" / "2024"
    save(filled_form(workspace, "SKHCN", 2024, funding={"IV.1.a": 600_000_000}), folder / "a.xlsx")
    wb = filled_form(workspace, "SNNPTNT", 2024, funding={"IV.1.a": 500_000_000})
    save(wb, folder / "b.xlsx")
    finding = only_finding(validate_year(workspace, 2024, tmp_path / "inputs"))
    assert str(finding) == (
        "tệp a.xlsx, trang tính «Nhiệm vụ»: tổng kinh phí năm 2024 của các đơn vị là "
        "1.100.000.000 đồng, vượt quá số báo cáo ghi được bằng chữ (dưới 1.000.000.000 đồng); "
        "phiếu này ghi nhiều kinh phí nhất (600.000.000 đồng): hãy kiểm tra lại kinh phí đã "
        "ghi, tính bằng đồng"
    )


def test_the_largest_funding_accepted_is_written_by_generate(tmp_path: Path) -> None:
    """Every limit of a later stage is checked when the workbook is read: what validate
    accepts, generate writes (here the largest amount, in figures and in words)."""
    from docx import Document

    from tests.corpus import build

    root = build.make_root(tmp_path)
    wb = build.filled_form()
    tasks = wb[forms.SHEET_TASKS]
    rows = range(build.FIRST, tasks.max_row + 1)
    for row in rows:
        tasks.cell(row, build.TASK_FUNDING, MAX_WHOLE)
    build.put_workbook(wb)(root)
    args = ["--year", "2024", "--inputs", str(root / "inputs")]
    assert CliRunner().invoke(cli, ["validate", *args]).exit_code == 0
    result = CliRunner().invoke(
        cli, ["generate", *args, "--templates", str(root / "templates"), "--out", str(root / "out")]
    )
    assert result.exit_code == 0, result.output
    report = Document(str(root / "out" / "2024" / "bao-cao-tong-hop.docx"))
    text = "\n".join(paragraph.text for paragraph in report.paragraphs)
    total = format_number(MAX_WHOLE * len(rows))
    assert total in text or total in "".join(
        cell.text for table in report.tables for row in table.rows for cell in row.cells
    )


def _task_funded(
    tmp_path: Path, agency: str, task: str, status: str, amounts: dict[int, int]
) -> Path:
    """The sample inputs, copied, with ``task`` of ``agency``'s 2025 form given ``status``
    and its funding emptied but ``amounts`` (by source: 0 the first, -1 the last)."""
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    path = inputs / "2025" / f"{agency}.xlsx"
    wb = openpyxl.load_workbook(path)
    sheet = wb[forms.SHEET_TASKS]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == task)
    sheet.cell(row, 4, status)
    sources = list(range(6, sheet.max_column + 1))  # the source columns
    for column in sources:
        sheet.cell(row, column).value = None
    for source, amount in amounts.items():
        sheet.cell(row, sources[source]).value = amount
    wb.save(path)
    return inputs


def test_funding_on_a_task_not_started_is_queried_not_refused(tmp_path: Path):
    from generator.validate import describe_validation, funding_queries

    inputs = _task_funded(tmp_path, "SNNMT", "IV.3.d2", "Chưa thực hiện", {0: 150_000_000})
    workspace = load_workspace(inputs)
    result = validate_year(workspace, 2025, inputs)
    assert result.ok
    queries = funding_queries(result)
    assert queries == [
        "tệp SNNMT.xlsx, trang tính «Nhiệm vụ», nhiệm vụ IV.3.d2: «Chưa thực hiện» nhưng ghi "
        "kinh phí 150.000.000 đồng; đề nghị đơn vị xác nhận"
    ]
    assert "Cần hỏi lại đơn vị (1):" in describe_validation(result)


def test_one_amount_under_two_funding_sources_is_queried(tmp_path: Path):
    """10.000.000 under «sự nghiệp kinh tế» and again under «nguồn hợp pháp khác»: typed
    twice, the task's funding doubles in the report's total; the clerk asks the agency."""
    from generator.validate import funding_queries

    inputs = _task_funded(
        tmp_path, "SXD", "IV.8.a", "Đã hoàn thành", {0: 10_000_000, -1: 10_000_000}
    )
    result = validate_year(load_workspace(inputs), 2025, inputs)
    assert result.ok
    assert (
        "tệp SXD.xlsx, trang tính «Nhiệm vụ», nhiệm vụ IV.8.a: ghi cùng số 10.000.000 đồng ở "
        "nhiều nguồn kinh phí, cộng lại 20.000.000 đồng; đề nghị đơn vị xác nhận không ghi "
        "trùng một khoản vào hai nguồn"
    ) in funding_queries(result)
    # the shipped sample splits no amount evenly over two sources
    sample = validate_year(load_workspace(REPO / "inputs"), 2025, REPO / "inputs")
    assert not [q for q in funding_queries(sample) if "ghi trùng" in q]


def test_validate_names_an_error_in_an_earlier_year_generate_would_refuse(tmp_path: Path):
    """generate reads 2024's workbooks for the cumulative figures and stops on their errors:
    validate --year 2025 passed before, then generate refused."""
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    book = openpyxl.load_workbook(inputs / "2024" / "SCT.xlsx")
    book["Nhiệm vụ"]["F4"] = "350,000"
    book.save(inputs / "2024" / "SCT.xlsx")
    args = ["validate", "--year", "2025", "--inputs", str(inputs)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "Phiếu năm 2024 (dùng để tính số lũy kế;" in result.output
    assert (
        "tệp 2024/SCT.xlsx, trang tính «Nhiệm vụ», ô F4: «350,000» không rõ nghĩa" in result.output
    )
    assert "Tổng cộng: hợp lệ 85; có lỗi 0;" in result.output  # 2025's own forms are fine
    generated = CliRunner().invoke(
        cli, ["generate", "--inputs", str(inputs), "--out", str(tmp_path / "o")]
    )
    assert generated.exit_code == 1 and "ô F4" in generated.output


def test_a_target_the_register_counts_typed_on_the_targets_sheet_says_where_it_belongs(
    tmp_path: Path,
):
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    book = openpyxl.load_workbook(inputs / "2025" / "SCT.xlsx")
    book["Chỉ tiêu"]["A4"] = "CT-DD"
    book["Chỉ tiêu"]["D4"] = 3
    book.save(inputs / "2025" / "SCT.xlsx")
    result = CliRunner().invoke(cli, ["validate", "--year", "2025", "--inputs", str(inputs)])
    assert result.exit_code == 1
    assert (
        "ô A4: chỉ tiêu «CT-DD» được đếm từ trang tính «Tài sản trí tuệ», không ghi ở trang này"
    ) in result.output


def test_an_agency_code_retyped_in_lower_case_is_the_agency(
    workspace: Workspace, tmp_path: Path
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb[forms.SHEET_INFO]["B4"] = "skhcn"
    result = run(workspace, tmp_path, wb)
    assert result.ok, [str(f) for f in result.findings]
    assert submission(result, "SKHCN").report is not None


def test_a_formula_result_off_by_the_computer_s_rounding_is_the_whole_number_it_shows(
    tmp_path: Path,
) -> None:
    """=300000000*0.07 is saved as 21000000.000000004 and shown as 21.000.000."""
    from tests.corpus import build as b

    root = b.make_root(tmp_path)
    data = b.with_formula("Nhiệm vụ", f"F{b.FIRST}", "300000000*0.07", "21000000.000000004")
    b.put_workbook(data)(root)
    result = validate_year(b.shipped_workspace(), b.YEAR, root / "inputs")
    report = next(s for s in result.submissions if s.agency.code == b.AGENCY).report
    assert result.ok, [str(f) for f in result.findings]
    assert report.tasks[0].funding == 21_000_000


def test_a_year_folder_that_cannot_be_listed_is_refused_not_read_as_empty(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unreadable inputs/2024 passed validation with every agency «chưa nộp»."""
    from generator.errors import UsageError

    folder = tmp_path / "inputs" / "2024"
    folder.mkdir(parents=True, exist_ok=True)
    listing = Path.iterdir

    def refused(self: Path):
        if self == folder:
            raise PermissionError(13, "Permission denied")
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", refused)
    with pytest.raises(UsageError) as raised:
        validate_year(workspace, 2024, tmp_path / "inputs")
    assert f"không mở được thư mục phiếu báo cáo «{folder}»" in raised.value.text


def test_a_year_folder_named_nearly_right_is_pointed_at(workspace: Workspace, tmp_path: Path):
    from generator.errors import UsageError

    (tmp_path / "inputs" / "Năm 2024").mkdir(parents=True)
    with pytest.raises(UsageError) as raised:
        validate_year(workspace, 2024, tmp_path / "inputs")
    assert "có thư mục «Năm 2024»: đổi tên thành «2024» nếu đó là phiếu năm này" in (
        raised.value.text
    )
