"""The itemised sheets of the form: written from the plan data, read back cell by cell."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_forms import fill, save

from generator.data.workspace import Workspace, load_workspace
from generator.forms import writer as forms
from generator.forms.ip_sheet import LISTS_SHEET, activity_totals, activity_totals_by_area
from generator.validate import validate_year

REPO = Path(__file__).resolve().parents[1]
FIRST = forms.FIRST_DATA_ROW
HEADERS = [
    "Số đơn",
    "Loại đối tượng",
    "Tên đối tượng",
    "Sản phẩm",
    "Chủ đơn, chủ văn bằng",
    "Ngày nộp đơn",
    "Số văn bằng",
    "Ngày cấp văn bằng",
    "Vai trò của đơn vị",
    "Ghi chú",
]
COLLECTIVE = (
    "4-2023-18765",
    "nhãn hiệu tập thể",
    "Chè Shan tuyết Tà Xùa",
    "chè Shan tuyết",
    "Hợp tác xã Chè Tà Xùa",
    date(2023, 6, 12),
    "512345",
    date(2025, 3, 14),
    "hỗ trợ kinh phí",
    "Kinh phí theo Nghị quyết số 29/2022/NQ-HĐND.",
)


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return load_workspace(REPO / "inputs")


def form(workspace: Workspace, code: str, year: int, rows=(), activities=None):
    wb = fill(
        forms.build_form(workspace, workspace.registry.agency(code), year),
        report_date=date(year, 11, 5),
    )
    sheet = wb["Tài sản trí tuệ"]
    for row, values in enumerate(rows, start=FIRST):
        for column, value in enumerate(values, start=1):
            sheet.cell(row, column, value)
    figures = wb["Số liệu hoạt động"]
    for row in range(FIRST, figures.max_row + 1):
        figures.cell(row, 4, (activities or {}).get(figures.cell(row, 1).value, 0))
    return wb


def validated(workspace, tmp_path, code, year, rows=(), activities=None):
    save(form(workspace, code, year, rows, activities), tmp_path / str(year) / f"{code}.xlsx")
    result = validate_year(workspace, year, tmp_path)
    return result, next(s for s in result.submissions if s.agency.code == code)


def test_the_sheet_has_the_headers_and_drop_downs_from_the_plan(workspace) -> None:
    wb = forms.build_form(workspace, workspace.registry.agency("SKHCN"), 2025)
    sheet = wb["Tài sản trí tuệ"]
    assert [c.value for c in sheet[forms.HEADER_ROW]] == HEADERS
    lists = wb[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    kinds = [lists.cell(r, 1).value for r in range(1, 10)]
    assert kinds[:3] == ["sáng chế", "giải pháp hữu ích", "kiểu dáng công nghiệp"]
    assert "hỗ trợ khai thác, áp dụng" in [lists.cell(r, 2).value for r in range(1, 7)]
    sources = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert sources[f"B{FIRST}:B{FIRST + 499}"] == f"'{LISTS_SHEET}'!$A$1:$A$9"
    assert sources[f"I{FIRST}:I{FIRST + 499}"] == f"'{LISTS_SHEET}'!$B$1:$B$6"
    columns = sheet.column_dimensions
    assert columns["A"].number_format == "@"  # 00002 keeps its zeros
    assert columns["G"].number_format == "@"
    assert columns["F"].number_format == forms.DATE_FORMAT
    assert columns["A"].protection.locked is False
    assert sheet.cell(1, 2).protection.locked is True  # the title row is not an input
    assert sheet.max_row == forms.HEADER_ROW  # no blank input cell written
    figures = wb["Số liệu hoạt động"]
    assert [c.value for c in figures[forms.HEADER_ROW]] == [
        "Mã chỉ số",
        "Chỉ số",
        "Đơn vị tính",
        "Số liệu năm 2025",
        "Ghi chú",
    ]
    assert figures.cell(FIRST, 2).value == "Số lớp tập huấn, hội nghị về sở hữu trí tuệ"
    assert [c.value for c in wb["Chỉ tiêu"][FIRST]] == [None] * 5  # counted from the sheet
    guide = [c.value for c in wb["Hướng dẫn"]["A"] if c.value]
    assert any(line.startswith("7. Trang tính «Tài sản trí tuệ»") for line in guide)


def test_rows_are_read_with_every_fact(workspace, tmp_path) -> None:
    rows = [
        COLLECTIVE,
        # a Madrid registration and a title from before the number format
        (
            "Madrid 1234567",
            "nhãn hiệu",
            "MOC CHAU MILK",
            "sữa",
            "Công ty CP Giống bò sữa Mộc Châu",
            None,
            None,
            None,
            "hướng dẫn lập hồ sơ",
            None,
        ),
        (
            None,
            "chỉ dẫn địa lý",
            "Mộc Châu",
            "chè Shan tuyết",
            "Sở Khoa học và Công nghệ",
            None,
            "00002",
            date(2010, 8, 9),
            "quản lý và cấp quyền sử dụng",
            None,
        ),
        (
            "2-2022-00311",
            "giải pháp hữu ích",
            "Máy sấy nông sản dùng nhiệt mặt trời",
            None,
            "Trường Đại học Tây Bắc",
            "15/4/2022",
            "2-0003105",
            date(2024, 2, 20),
            "hỗ trợ khai thác, áp dụng",
            None,
        ),
    ]
    result, sent = validated(
        workspace, tmp_path, "SKHCN", 2025, rows, {"HD-TAP-HUAN": 4, "HD-HOC-VIEN": 310}
    )
    assert result.ok, [str(f) for f in result.findings]
    first, madrid, old, support = sent.report.ip_rows
    assert (first.application_number, first.kind, first.role) == (
        "4-2023-18765",
        "NHTT",
        "KINH-PHI",
    )
    assert (first.filed_on, first.granted_on, first.title_number) == (
        date(2023, 6, 12),
        date(2025, 3, 14),
        "512345",
    )
    assert (first.row, first.cell("granted_on")) == (FIRST, f"H{FIRST}")
    assert (madrid.international_number, madrid.application_number) == ("1234567", "")
    assert (old.title_number, old.kind, old.application_number) == ("00002", "CDDL", "")
    assert (support.role, support.filed_on) == ("KHAI-THAC", date(2022, 4, 15))
    totals = activity_totals({"SKHCN": list(sent.report.activities), "SCT": []})
    assert totals["HD-TAP-HUAN"] == 4 and totals["HD-HOC-VIEN"] == 310
    by_area = activity_totals_by_area(workspace.plan.ip, totals)
    assert [(i.code, n) for i, n in by_area["III.7"]] == [("HD-TAP-HUAN", 4), ("HD-HOC-VIEN", 310)]


def replaced(**changes):
    columns = dict(zip(HEADERS, COLLECTIVE, strict=True))
    columns.update({HEADERS[int(k[1:])]: v for k, v in changes.items()})
    return tuple(columns.values())


@pytest.mark.parametrize(
    ("row", "cell", "says"),
    [
        (replaced(c0="4-23-18765"), "A", "«Số đơn» «4-23-18765» không đúng dạng N-NNNN-NNNNN"),
        (
            replaced(c1="sáng chế"),
            "B",
            "số đơn 4-2023-18765 bắt đầu bằng chữ số 4 (nhãn hiệu, nhãn hiệu tập thể, nhãn hiệu "
            "chứng nhận) nhưng «Loại đối tượng» là «sáng chế» (chữ số 1)",
        ),
        (
            replaced(c5=date(2022, 12, 30)),
            "F",
            "«Ngày nộp đơn» 30/12/2022 không cùng năm với số đơn 4-2023-18765 (năm 2023)",
        ),
        (
            replaced(c7=date(2023, 1, 5)),
            "H",
            "«Ngày cấp văn bằng» 05/01/2023 trước «Ngày nộp đơn» 12/6/2023",
        ),
        (
            replaced(c7=date(2025, 12, 1)),
            "H",
            "«Ngày cấp văn bằng» 01/12/2025 là ngày trong tương lai so với ngày báo cáo 05/11/2025",
        ),
        (replaced(c4=None), "E", "chưa ghi «Chủ đơn, chủ văn bằng»"),
        (replaced(c8="đỡ đầu"), "I", "«đỡ đầu» không có trong danh sách «Vai trò của đơn vị»"),
        (replaced(c5=None), "F", "chưa ghi «Ngày nộp đơn» của đơn 4-2023-18765"),
        (replaced(c6=None), "G", "có ngày cấp nhưng chưa ghi «Số văn bằng»"),
        (
            replaced(c0=None, c6=None, c7=None),
            "A",
            "chưa ghi «Số đơn»; văn bằng cũ không rõ số đơn thì ghi «Số văn bằng»",
        ),
        (
            replaced(c8="hỗ trợ khai thác, áp dụng"),
            "B",
            "vai trò «hỗ trợ khai thác, áp dụng» chỉ dùng cho: sáng chế, giải pháp hữu ích",
        ),
        (replaced(c0="Madrid 12a4"), "A", "số đăng ký quốc tế «Madrid 12a4» không đúng dạng"),
        (replaced(c0="9-2023-18765"), "A", "bắt đầu bằng chữ số 9, không ứng với loại đối tượng"),
        # a word before the number would make a second title beside «512345»
        (replaced(c6="GCN 512345"), "G", "«Số văn bằng» «GCN 512345» chỉ ghi các chữ số"),
        (replaced(c6="Số: 512345"), "G", "không ghi chữ như «Số», «GCN»"),
        # another kind's digit: a design's title would be counted as a mark
        (
            replaced(c6="3-0014410"),
            "G",
            "số văn bằng 3-0014410 mở đầu bằng chữ số 3 (kiểu dáng công nghiệp) nhưng «Loại "
            "đối tượng» là «nhãn hiệu tập thể» (chữ số 4)",
        ),
        (replaced(c6="30014410"), "G", "mở đầu bằng chữ số 3 (kiểu dáng công nghiệp)"),
        # no serial, or more digits than the office's serials have
        (replaced(c6="0"), "G", "số văn bằng «0» không phải một số văn bằng"),
        # a renewal's day given as the grant's: counted as a title granted that year
        (
            replaced(c0="4-2014-01234", c5=date(2014, 2, 1), c7=date(2025, 2, 1)),
            "H",
            "«Ngày cấp văn bằng» 01/02/2025 sau ngày nộp đơn 01/02/2014 hơn 10 năm (hết một kỳ "
            "hiệu lực): nếu là ngày gia hạn, ghi ngày cấp lần đầu in trên văn bằng",
        ),
        # a Madrid registration typed again as a title was counted as a new Vietnamese title
        (
            replaced(c0="Madrid 1234567", c5=None, c6="1234567"),
            "G",
            "«1234567» là số đăng ký quốc tế, đã ghi ở «Số đơn»; «Số văn bằng» chỉ ghi số văn "
            "bằng do Việt Nam cấp",
        ),
        (
            replaced(c0="Madrid 1234567", c5=None, c6=None),
            "H",
            "đăng ký quốc tế 1234567 không có văn bằng do Việt Nam cấp: để trống «Ngày cấp văn "
            "bằng»",
        ),
        (replaced(c6="4-0123456789-000"), "G", "không phải một số văn bằng"),
        # an application number in the title's column was a second title beside it
        (
            replaced(c0=None, c6="4-2024-11230", c7=None),
            "G",
            "«4-2024-11230» là số đơn (dạng N-NNNN-NNNNN), không phải số văn bằng: ghi vào cột "
            "«Số đơn»",
        ),
        # a year typed alone in a date cell is day 2025 after 1900 for Excel: 17/07/1905
        (replaced(c7=2025), "H", "ngày 17/7/1905 không hợp lý (ô có lẽ chỉ ghi năm 2025)"),
        (
            replaced(c5=date(1905, 7, 9)),
            "F",
            "ngày 09/7/1905 không hợp lý (ô có lẽ chỉ ghi năm 2017)",
        ),
    ],
)
def test_each_problem_is_a_finding_on_its_cell(workspace, tmp_path, row, cell, says) -> None:
    result, sent = validated(workspace, tmp_path, "XA-TA-XUA", 2025, [COLLECTIVE, row])
    assert sent.report is None
    [finding] = result.findings
    assert (finding.sheet, finding.cell) == ("Tài sản trí tuệ", f"{cell}{FIRST + 1}")
    assert says in finding.message
    assert finding.file.name == "XA-TA-XUA.xlsx"


def test_the_same_number_twice_with_the_same_role_is_a_finding(workspace, tmp_path) -> None:
    result, _ = validated(workspace, tmp_path, "XA-TA-XUA", 2025, [COLLECTIVE, COLLECTIVE])
    [finding] = result.findings
    assert finding.cell == f"A{FIRST + 1}"
    assert f"dòng {FIRST + 1} trùng với dòng {FIRST}" in finding.message


def test_a_deleted_sheet_is_named(workspace, tmp_path) -> None:
    wb = form(workspace, "XA-TA-XUA", 2025)
    del wb["Tài sản trí tuệ"]
    save(wb, tmp_path / "2025" / "XA-TA-XUA.xlsx")
    [finding] = validate_year(workspace, 2025, tmp_path).findings
    assert finding.sheet == "Tài sản trí tuệ"
    assert "không có trang tính này" in finding.message


def test_activity_figures_must_be_whole_numbers(workspace, tmp_path) -> None:
    result, _ = validated(workspace, tmp_path, "SKHCN", 2025, [], {"HD-TIEN-PHAT": "2,5 triệu"})
    [finding] = result.findings
    assert finding.sheet == "Số liệu hoạt động"
    assert finding.cell == f"D{FIRST + 5}"


def test_written_form_opens_with_the_sheets_in_order(workspace, tmp_path) -> None:
    path = save(form(workspace, "SKHCN", 2025), tmp_path / "f.xlsx")
    assert load_workbook(path).sheetnames[-3:] == [
        "Tài sản trí tuệ",
        "Số liệu hoạt động",
        LISTS_SHEET,
    ]


@pytest.mark.parametrize(
    "again",
    [
        replaced(c0="４-２０２３-１８７６５"),  # full-width digits: the same application
        replaced(c0=None, c6="512,345"),  # a comma grouping the digits: the same title
        replaced(c0=None, c6="4-0512345-000"),  # the office's search-service notation
    ],
)
def test_one_asset_typed_another_way_is_still_one_asset(workspace, tmp_path, again) -> None:
    first = replaced(c0=None) if again[0] is None else COLLECTIVE
    result, _ = validated(workspace, tmp_path, "XA-TA-XUA", 2025, [first, again])
    [finding] = result.findings
    assert f"dòng {FIRST + 1} trùng với dòng {FIRST}" in finding.message


def test_the_guide_does_not_ask_for_targets_the_register_counts(workspace) -> None:
    """Every target of the sample plan is counted from the IP sheet: the guide said «ghi kết
    quả … cho từng chỉ tiêu; ô để trống là lỗi» beside a sheet with no row to fill."""
    wb = forms.build_form(workspace, workspace.registry.agency("SCT"), 2025)
    guide = [str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value]
    [line] = [text for text in guide if text.startswith("3. ")]
    assert line == (
        "3. Trang tính «Chỉ tiêu»: không ghi gì; các chỉ tiêu được đếm từ trang tính «Tài sản trí "
        "tuệ» (xem mục 7 trở đi)."
    )
    assert any(text.startswith("7. Trang tính «Tài sản trí tuệ»") for text in guide)


def test_a_title_number_excel_stripped_of_its_zeros_is_printed_whole(workspace, tmp_path) -> None:
    """«00123» typed in a number cell is kept by Excel as 123: the annex and the letters
    printed «123» for a geographical indication whose titles have five digits."""
    row = replaced(c0=None, c1="chỉ dẫn địa lý", c2="Mộc Châu", c5=None, c6=2, c7=date(2010, 8, 9))
    result, sent = validated(workspace, tmp_path, "SKHCN", 2025, [row])
    assert result.ok, [str(f) for f in result.findings]
    [indication] = sent.report.ip_rows
    assert indication.title_number == "00002"
