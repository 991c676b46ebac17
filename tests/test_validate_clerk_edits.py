"""Forms as clerks return them after editing them in Excel: a cell formatted to show another
number, a value pasted with the computer's rounding, a renamed sheet, a date typed as
text, formatting down to the last row, a binary or Strict workbook, a form still open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_forms import filled_form, mini_workspace, rewrite_members, save
from test_validate import only_finding, run, submission

from generator.data.workspace import Workspace, load_workspace
from generator.forms.reader import read_workbook
from generator.validate import validate_year


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return mini_workspace(tmp_path / "inputs")


@pytest.mark.parametrize(
    ("stored", "code", "shown"),
    [
        (12, '#,##0" triệu đồng"', "12 triệu đồng"),
        (12, '0" tỷ"', "12 tỷ"),
        (12, '#,##0 "nghìn"', "12 nghìn"),
        (12_000_000, "#,##0,,", "12"),
        (12_500_000, '#,##0.0,," tr"', "12,5 tr"),
        (1_500_000, '#,##0,"k"', "1.500k"),
    ],
)
def test_a_number_whose_format_shows_another_is_refused_saying_both(
    workspace: Workspace, tmp_path: Path, stored: int, code: str, shown: str
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"]["F4"] = stored
    wb["Nhiệm vụ"]["F4"].number_format = code
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Nhiệm vụ", "F4")
    held = f"{stored:,}".replace(",", ".")
    assert finding.message.startswith(
        f"ô có định dạng số riêng: Excel hiển thị «{shown}» nhưng số lưu trong ô là {held}"
    )
    assert "đặt định dạng ô là «Số» (Định dạng ô → Số) rồi ghi đủ số" in finding.message
    assert "tính bằng đồng" in finding.message


@pytest.mark.parametrize(
    "code",
    [
        '#,##0" đồng"',
        '#,##0"đ"',
        '#,##0 "VNĐ"',
        '#,##0\\ "₫"',
        "#,##0 [$₫-42A]",
        '_-* #,##0\\ _₫_-;\\-* #,##0\\ _₫_-;_-* "-"??\\ _₫_-;_-@_-',
        "#,##0_);(#,##0)",
        "#,##0;[Red]-#,##0",
    ],
)
def test_a_dong_sign_or_an_accounting_format_shows_the_number_itself(
    workspace: Workspace, tmp_path: Path, code: str
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"]["F4"] = 1_500_000
    wb["Nhiệm vụ"]["F4"].number_format = code
    result = run(workspace, tmp_path, wb)
    assert result.ok, [str(f) for f in result.findings]
    assert submission(result, "SKHCN").report.tasks[0].funding == 1_500_000


def test_a_count_shown_in_thousands_is_refused_with_its_unit(
    workspace: Workspace, tmp_path: Path
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Chỉ tiêu"]["D4"] = 3000
    wb["Chỉ tiêu"]["D4"].number_format = '0,"k"'
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Chỉ tiêu", "D4")
    assert "Excel hiển thị «3k» nhưng số lưu trong ô là 3.000" in finding.message


MARK = 987_654_321  # a value no form holds, replaced in the saved bytes


def run_stored(workspace: Workspace, tmp_path: Path, wb, stored: bytes):
    """Validate ``wb`` whose cell holding MARK holds ``stored`` as saved by Excel (openpyxl
    writes a float to 16 digits, which drops the noise Excel keeps)."""
    path = tmp_path / "inputs" / "2024" / "phieu.xlsx"
    save(wb, path)
    mark = f"<v>{MARK}</v>".encode()
    rewrite_members(path, lambda name, data: data.replace(mark, b"<v>" + stored + b"</v>"))
    return validate_year(workspace, 2024, tmp_path / "inputs")


@pytest.mark.parametrize(
    ("stored", "number"),
    [
        (b"48000000.000000007", 48_000_000),  # =300000000*0,07 pasted as a value
        (b"21000000.000000004", 21_000_000),
        (b"2999999.9999999995", 3_000_000),
    ],
)
def test_a_value_whole_to_excel_s_15_digits_is_the_whole_number_excel_shows(
    workspace: Workspace, tmp_path: Path, stored: bytes, number: int
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"]["F4"] = MARK  # typed or pasted: no formula
    result = run_stored(workspace, tmp_path, wb, stored)
    assert result.ok, [str(f) for f in result.findings]
    assert submission(result, "SKHCN").report.tasks[0].funding == number


@pytest.mark.parametrize("stored", [12.5, 1_500_000.4, 48_000_000.0001])
def test_a_real_fraction_stays_refused_where_a_whole_number_is_expected(
    workspace: Workspace, tmp_path: Path, stored: float
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"]["F4"] = stored
    finding = only_finding(run(workspace, tmp_path, wb))
    assert finding.message.startswith(f"số lẻ ({str(stored).replace('.', ',')})")


@pytest.mark.parametrize("name", ["NV", "Nhiệm vụ (2)", "Nhiem vu"])
def test_a_renamed_form_sheet_is_told_to_be_renamed_back_not_deleted(
    workspace: Workspace, tmp_path: Path, name: str
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"].title = name
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == (name, None)
    assert finding.message == (
        "trang tính này có lẽ là trang «Nhiệm vụ» của phiếu bị đổi tên: hãy đổi lại tên "
        "trang tính thành «Nhiệm vụ» (nhấp đúp vào tên trang tính), rồi gửi lại"
    )


def test_a_renamed_sheet_is_known_by_its_header_among_other_sheets(
    workspace: Workspace, tmp_path: Path
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Chỉ tiêu"].title = "CT"
    wb.create_sheet("Ghi chú")["A1"] = "số liệu nháp"
    findings = run(workspace, tmp_path, wb).findings
    by_sheet = {finding.sheet: finding.message for finding in findings}
    assert set(by_sheet) == {"CT", "Ghi chú"}, [str(f) for f in findings]
    assert by_sheet["CT"].startswith("trang tính này có lẽ là trang «Chỉ tiêu» của phiếu")
    assert by_sheet["Ghi chú"].startswith("trang tính này không thuộc phiếu")


def test_a_renamed_information_sheet_gives_the_one_finding(
    workspace: Workspace, tmp_path: Path
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Thông tin"].title = "Sheet1"  # its defined names still say 'Thông tin'
    finding = only_finding(run(workspace, tmp_path, wb))
    assert finding.sheet == "Sheet1"
    assert "có lẽ là trang «Thông tin» của phiếu bị đổi tên" in finding.message


def test_a_sheet_the_form_takes_values_from_is_not_deleted_before_pasting_them(
    workspace: Workspace, tmp_path: Path
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    helper = wb.create_sheet("Tính toán")
    helper["A1"], helper["B1"] = "Tổng kinh phí", 300_000_000
    wb["Nhiệm vụ"]["F4"] = "='Tính toán'!B1*0.07"
    wb["Chỉ tiêu"]["D4"] = "=Sheet2!A1"  # another sheet's name does not count
    findings = run(workspace, tmp_path, wb).findings
    told = next(finding for finding in findings if finding.sheet == "Tính toán")
    assert told.message.startswith(
        "trang tính này không thuộc phiếu nên nội dung ở ô A1, B1 sẽ bị bỏ qua; nhưng ô F4 "
        "của trang «Nhiệm vụ» lấy giá trị từ trang này bằng công thức: trước hết hãy chép các "
        "ô đó rồi dán lại vào chính chúng dưới dạng giá trị (Dán đặc biệt → Giá trị)"
    )
    assert told.message.endswith("sau đó mới xóa trang tính này")


def test_a_renamed_itemised_sheet_gives_the_one_finding(tmp_path: Path) -> None:
    from tests.corpus import build as b

    root = b.make_root(tmp_path, with_workbook=False)
    wb = b.filled_form()
    ip_sheet = b.shipped_workspace().plan.ip.sheet
    wb[ip_sheet].title = "TSTT"
    b.put_workbook(wb)(root)
    result = validate_year(b.shipped_workspace(), b.YEAR, root / "inputs")
    finding = only_finding(result)
    assert finding.sheet == "TSTT"
    assert f"có lẽ là trang «{ip_sheet}» của phiếu bị đổi tên" in finding.message


@pytest.mark.parametrize(
    "typed",
    [
        "ngày 05 tháng 11 năm 2024",
        "Ngày 5 tháng 11 năm 2024",
        "05 tháng 11 năm 2024",
        "2024-11-05",
        "Ngày 5/11/2024",
    ],
)
def test_a_date_typed_in_words_or_iso_names_its_one_day(
    workspace: Workspace, tmp_path: Path, typed: str
) -> None:
    result = run(workspace, tmp_path, filled_form(workspace, "SKHCN", 2024, report_date=typed))
    assert result.ok, [str(f) for f in result.findings]
    assert submission(result, "SKHCN").report.report_date == date(2024, 11, 5)


@pytest.mark.parametrize("typed", ["05/11/24", "20241105", "mùng 5 tháng 11", "2024-11-5"])
def test_a_date_text_not_read_says_which_forms_are(
    workspace: Workspace, tmp_path: Path, typed: str
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024, report_date=typed)
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Thông tin", "B10")
    assert finding.message == (
        f"«{typed}» không phải là ngày hợp lệ; hãy ghi ngày dạng ngày/tháng/năm, ví dụ "
        "05/11/2025 (vanban cũng đọc «ngày 05 tháng 11 năm 2025» và «2025-11-05»)"
    )


TODAY_SAYS = (
    "ô chứa công thức «=TODAY()»: ngày này tự đổi thành ngày của máy tính mỗi khi tệp được "
    "mở và tính lại, nên không phải là ngày ký gửi phiếu; hãy xóa công thức và gõ thẳng ngày "
    "vào ô, ví dụ 05/11/2025"
)


@pytest.mark.parametrize("result", [b"", b"45601"], ids=["no-result", "computed"])
def test_a_report_date_given_by_today_is_one_finding(
    workspace: Workspace, tmp_path: Path, result: bytes
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024, report_date="=TODAY()")
    path = tmp_path / "inputs" / "2024" / "phieu.xlsx"
    save(wb, path)  # as a program writes it: no result, unless Excel computed one
    rewrite_members(path, lambda _, data: data.replace(b"<v></v>", b"<v>" + result + b"</v>"))
    assert (read_workbook(path).sheets["Thông tin"].cell(10, 2).value is None) == (not result)
    finding = only_finding(validate_year(workspace, 2024, tmp_path / "inputs"))
    assert (finding.sheet, finding.cell, finding.message) == ("Thông tin", "B10", TODAY_SAYS)


def test_a_strict_open_xml_form_gets_a_letter_and_no_copy_nor_english_warning(
    tmp_path: Path,
) -> None:
    import shutil
    import warnings
    from datetime import timedelta

    from click.testing import CliRunner
    from test_workbooks import strict_open_xml

    from generator.cli import cli
    from generator.vnformat import format_short_date

    repo = Path(__file__).resolve().parents[1]
    inputs = tmp_path / "inputs"
    shutil.copytree(repo / "inputs", inputs)
    strict_open_xml(inputs / "2025" / "SCT.xlsx")
    due = format_short_date(date.today() + timedelta(days=10))
    out = tmp_path / "out"
    args = ["validate", "--year", "2025", "--inputs", str(inputs), "--out", str(out)]
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        result = CliRunner().invoke(cli, [*args, "--phan-hoi", "--han-sua", due])
    assert result.exit_code == 1, result.output
    assert "tệp SCT.xlsx: tệp được lưu theo định dạng «Strict Open XML»" in result.output
    assert [str(warning.message) for warning in warned] == []
    folder = out / "phan-hoi" / "2025" / "SCT"
    assert sorted(p.name for p in folder.iterdir()) == ["cong-van.docx"]


def excel_lock(name: str, length_again: bool = False) -> bytes:
    """An Excel owner file: the name's length, the name in cp1252 padded to 54 bytes, then
    the name in UTF-16 (after its length again, in some versions), padded."""
    narrow = name.encode("cp1252", errors="replace")
    head = bytes([len(name)]) + narrow.ljust(53, b" ")
    again = len(name).to_bytes(2, "little") if length_again else b""
    return (head + again + name.encode("utf-16-le")).ljust(165, b" ")


@pytest.mark.parametrize(
    ("lock", "content", "user"),
    [
        ("~$SKHCN.xlsx", excel_lock("Nguyễn Văn A"), "Nguyễn Văn A"),
        ("~$SKHCN.xlsx", excel_lock("Lò Thị Bình", length_again=True), "Lò Thị Bình"),
        ("~$SKHCN.xlsx", b"\x00garbage", None),
        (
            ".~lock.SKHCN.xlsx#",
            "Lò Văn Nam,MAY-01/nam,MAY-01,29.11.2026 09:12,file:///C:/;".encode(),
            "Lò Văn Nam",
        ),
        (".~lock.SKHCN.xlsx#", b",MAY-01/nam,nam,29.11.2026 09:12,file:///C:/;", "nam"),
    ],
)
def test_a_form_open_in_excel_or_libreoffice_is_a_note_naming_it_and_its_user(
    workspace: Workspace, tmp_path: Path, lock: str, content: bytes, user: str | None
) -> None:
    from generator.validate import describe_validation

    folder = tmp_path / "inputs" / "2024"
    save(filled_form(workspace, "SKHCN", 2024), folder / "SKHCN.xlsx")
    (folder / lock).write_bytes(content)
    (folder / "~$phieu-da-xoa.xlsx").write_bytes(excel_lock("Ai Do"))  # its form is gone
    result = validate_year(workspace, 2024, tmp_path / "inputs")
    assert result.ok, [str(f) for f in result.findings]
    by = f", người mở: «{user}»" if user else ""
    assert result.open_forms == [
        f"phiếu «SKHCN.xlsx» đang được mở (tệp khóa «{lock}»{by}): thay đổi chưa lưu sẽ "
        "không được đọc; hãy lưu và đóng phiếu rồi chạy lại"
    ]
    assert f"\nLưu ý: {result.open_forms[0]}" in describe_validation(result)


@pytest.mark.parametrize("copied", ["Hướng dẫn", "Nhiệm vụ"])
def test_a_copy_of_a_sheet_still_there_is_not_taken_for_a_missing_one(
    workspace: Workspace, tmp_path: Path, copied: str
) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb.copy_worksheet(wb[copied]).title = "Bản sao"
    del wb["Chỉ tiêu"]
    findings = run(workspace, tmp_path, wb).findings
    by_sheet = {finding.sheet: finding.message for finding in findings}
    assert by_sheet["Chỉ tiêu"].startswith("không có trang tính này trong tệp")
    assert by_sheet["Bản sao"].startswith("trang tính này không thuộc phiếu")


def test_quiet_validate_and_generate_tell_an_open_form(
    workspace: Workspace, tmp_path: Path
) -> None:
    """«--quiet: chỉ in lỗi và lưu ý»: it printed no note, and generate never said a form
    was open in Excel (its changes not saved not read into the report)."""
    from click.testing import CliRunner

    from generator.cli import cli

    folder = tmp_path / "inputs" / "2024"
    save(filled_form(workspace, "SKHCN", 2024), folder / "SKHCN.xlsx")
    (folder / "~$SKHCN.xlsx").write_bytes(excel_lock("Nguyễn Văn A"))
    (folder / "ghi-chu.txt").write_text("ghi chú", encoding="utf-8")
    arguments = ["validate", "--year", "2024", "--inputs", str(tmp_path / "inputs"), "-q"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    assert (
        "Lưu ý: phiếu «SKHCN.xlsx» đang được mở (tệp khóa «~$SKHCN.xlsx», người mở: «Nguyễn"
        in result.output
    )
    assert "Lưu ý: không đọc ghi-chu.txt: không phải bảng tính" in result.output
    assert "Mã đơn vị" not in result.output  # the table stays hidden


def test_the_assessment_open_in_word_is_told_as_a_word_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    """«~$an-dinh.docx» was called «tệp tạm Excel», and nothing said that the Sở's
    assessment was open with changes the run would not read."""
    from generator.validate import describe_validation

    folder = tmp_path / "inputs" / "2024"
    save(filled_form(workspace, "SKHCN", 2024), folder / "SKHCN.xlsx")
    (folder / "nhan-dinh.docx").write_bytes(b"PK")
    (folder / "~$an-dinh.docx").write_bytes(excel_lock("Lò Văn Nam"))
    result = validate_year(workspace, 2024, tmp_path / "inputs")
    assert result.open_forms == [
        "tệp «nhan-dinh.docx» đang được mở (tệp khóa «~$an-dinh.docx», người mở: «Lò Văn Nam»): "
        "thay đổi chưa lưu sẽ không được đọc; hãy lưu và đóng tệp rồi chạy lại"
    ]
    assert "~$an-dinh.docx: tệp tạm Word tạo ra khi mở một tệp" in describe_validation(result)


def test_task_codes_sorted_apart_from_their_texts_are_named(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Column A sorted alone: each row's status, result and amount went to the other task,
    and the letter asked the agency to finish a task it had reported done."""
    wb = filled_form(workspace, "SKHCN", 2024)
    tasks = wb["Nhiệm vụ"]
    tasks["A4"], tasks["A5"] = tasks["A5"].value, tasks["A4"].value
    findings = run(workspace, tmp_path, wb).findings
    by_cell = {finding.cell: finding.message for finding in findings}
    assert by_cell["A4"].startswith(
        "mã nhiệm vụ IV.1.b nhưng nội dung ở ô B4 là của nhiệm vụ IV.1.a: cột mã có lẽ đã bị "
        "sắp xếp riêng"
    )
    assert by_cell["A5"].startswith(
        "mã nhiệm vụ IV.1.a nhưng nội dung ở ô B5 là của nhiệm vụ IV.1.b"
    )


def test_a_cell_outside_the_form_used_by_a_formula_is_not_said_to_be_deletable(
    workspace: Workspace, tmp_path: Path
) -> None:
    """«xóa nội dung ô này», followed, turned the form's amount (=M4+N4) into 0."""
    wb = filled_form(workspace, "SKHCN", 2024)
    tasks = wb["Nhiệm vụ"]
    tasks["F4"], tasks["M4"], tasks["N4"], tasks["M9"] = "=M4+N4", 30000000, 18000000, "ghi chú"
    by_cell = {f.cell: f.message for f in run(workspace, tmp_path, wb).findings}
    assert (
        "nhưng công thức ở ô F4 lấy giá trị từ ô này: hãy ghi thẳng con số vào ô F4"
        in by_cell["M4"]
    )
    assert "xóa nội dung ô này" in by_cell["M9"] and "công thức" not in by_cell["M9"]


@pytest.mark.parametrize(("stored", "told"), [(b"4800000", True), (b"48000000", False)])
def test_a_sum_of_numbers_saved_with_a_stale_result_is_named(
    workspace: Workspace, tmp_path: Path, stored: bytes, told: bool
) -> None:
    """«=40000000+8000000» saved by a program that did not compute it again, its result
    4.800.000: that figure reached the letter and the report's total."""
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"]["F4"] = "=40000000+8000000"
    path = tmp_path / "inputs" / "2024" / "phieu.xlsx"
    save(wb, path)
    rewrite_members(path, lambda _, data: data.replace(b"<v></v>", b"<v>" + stored + b"</v>"))
    findings = validate_year(workspace, 2024, tmp_path / "inputs").findings
    said = [f.message for f in findings if f.cell == "F4"]
    if told:
        assert said == [
            "ô chứa công thức «=40000000+8000000» tính ra 48.000.000, nhưng giá trị lưu trong tệp "
            "là 4.800.000 (chưa được tính lại); hãy mở tệp bằng Excel (hoặc LibreOffice), để "
            "chương trình tính lại rồi lưu, hoặc ghi thẳng con số vào ô"
        ]
    else:
        assert said == [] and not findings


def test_activity_and_target_codes_sorted_apart_from_their_names_are_named(tmp_path: Path):
    """Column A of «Số liệu hoạt động» sorted alone: 6 training courses were reported as 11
    and the news items as 249 in a signed report (a hostile tester). The targets' sheet of a
    plan that asks figures (the example plan) is read the same way."""
    repo = Path(__file__).resolve().parents[1]
    son_la = load_workspace(repo / "inputs")
    wb = filled_form(son_la, "SKHCN", 2025)
    sheet = wb["Số liệu hoạt động"]
    sheet["A4"], sheet["A6"] = sheet["A6"].value, sheet["A4"].value
    found = run(son_la, tmp_path / "son-la", wb, year=2025).findings
    by_cell = {f.cell: f.message for f in found if f.sheet == "Số liệu hoạt động"}
    assert by_cell["A4"].startswith(
        "mã chỉ số HD-TIN-BAI nhưng nội dung ở ô B4 là của chỉ số HD-TAP-HUAN: cột mã có lẽ đã "
        "bị sắp xếp riêng"
    )
    assert {cell for cell in by_cell if cell.startswith("A")} == {"A4", "A6"}
    example = load_workspace(repo / "examples" / "tinh-vi-du")
    wb = filled_form(example, "SKHCN", 2025)
    sheet = wb["Chỉ tiêu"]
    sheet["A4"], sheet["A5"] = sheet["A5"].value, sheet["A4"].value
    found = run(example, tmp_path / "vi-du", wb, year=2025).findings
    by_cell = {f.cell: f.message for f in found if f.sheet == "Chỉ tiêu"}
    assert {cell for cell in by_cell if cell.startswith("A")} == {"A4", "A5"}
    assert "cột mã có lẽ đã bị sắp xếp riêng" in by_cell["A4"]
    # a label the agency reworded is read as its code says
    wb = filled_form(example, "SKHCN", 2025)
    wb["Chỉ tiêu"]["B4"] = "Số đơn (đã sửa tên)"
    found = run(example, tmp_path / "sua", wb, year=2025).findings
    assert not [f for f in found if f.sheet == "Chỉ tiêu" and (f.cell or "").startswith("A")]


@pytest.mark.parametrize("formula", ["=TODAY()", "=RAND()*100", "=RANDBETWEEN(1,9)+NOW()"])
def test_a_figure_that_changes_each_time_the_file_is_computed_is_refused(
    workspace: Workspace, tmp_path: Path, formula: str
) -> None:
    """«=TODAY()» in an amount, saved with its result 46356: the letter said «Kinh phí thực
    hiện: 142.046.356 đồng», a figure that changes the next day (a hostile tester)."""
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"]["F4"] = formula
    path = tmp_path / "inputs" / "2024" / "phieu.xlsx"
    save(wb, path)
    rewrite_members(path, lambda _, data: data.replace(b"<v></v>", b"<v>46356</v>"))
    findings = validate_year(workspace, 2024, tmp_path / "inputs").findings
    [finding] = [f for f in findings if f.cell == "F4"]
    assert finding.message.startswith(f"ô chứa công thức «{formula}»: kết quả tự đổi")


@pytest.mark.parametrize("code", [";;;", ";;", '""'])
def test_a_number_its_format_shows_as_nothing_is_refused(
    workspace: Workspace, tmp_path: Path, code: str
) -> None:
    """30.000.000 in a cell formatted «;;;» looked blank and was added to the agency's total
    (a hostile tester): the reader of the form and the report did not see the same figure."""
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Nhiệm vụ"]["F4"] = 30_000_000
    wb["Nhiệm vụ"]["F4"].number_format = code
    finding = only_finding(run(workspace, tmp_path, wb))
    assert (finding.sheet, finding.cell) == ("Nhiệm vụ", "F4")
    assert finding.message.startswith(
        "ô có định dạng số riêng: Excel không hiển thị gì nhưng số lưu trong ô là 30.000.000"
    )
