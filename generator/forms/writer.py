"""The pre-filled Excel form (phiếu báo cáo) each agency fills in for a year.

One workbook per agency active in the year: the agency's own tasks (inherited ones
included) and every measure of the plan's targets, with input cells unlocked, drop-down
lists and whole-number checks, printable on A4. The agency code, the year and the form
version are stored inside the workbook (locked cells on «Thông tin» reachable by defined
names, and the document keywords), because files get renamed in e-mail.

Saving is deterministic: the document dates come from the year and the zip entries get a
fixed timestamp, so two runs give identical bytes.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.data.ip_rules import form_quantities
from generator.data.plan import Plan, Quantity
from generator.data.registry import Agency
from generator.data.workspace import TaskStatus, Workspace
from generator.errors import OutputError
from generator.forms import ip_sheet  # circular on purpose: it reuses the helpers below
from generator.output import publish
from generator.output.files import pack_zip, write_atomically, write_new_file
from generator.output.publish import MANIFEST_FILE, OLD_SET_PREFIX, Protected
from generator.vnformat import format_short_date

# Version 2: the «Văn bản chỉ đạo» sheet, and one funding column per source of the plan.
FORM_VERSION = "2"
KEYWORD_PREFIX = "vanban-phieu-bao-cao"

SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin"
SHEET_TASKS = "Nhiệm vụ"
SHEET_MEASURES = "Chỉ tiêu"
SHEET_ISSUES = "Khó khăn, kiến nghị"
SHEET_DIRECTIVES = "Văn bản chỉ đạo"
# The sheet `validate --phan-hoi` puts first in the copy it sends back for correction: the
# agency corrects that copy and returns it, sheet and all, and its reading skips the sheet.
SHEET_FEEDBACK = "Lỗi cần sửa"

# The task sheet's columns before the amounts; then one amount column per funding source of
# the plan (task_headers), or a single «Kinh phí (đồng)» when the plan lists no source.
TASK_TEXT_HEADERS = (
    "Mã nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Vai trò",
    "Tình trạng",
    "Kết quả thực hiện",
)
FIRST_AMOUNT_COLUMN = len(TASK_TEXT_HEADERS) + 1
FUNDING_HEADER = "Kinh phí (đồng)"

# «Văn bản chỉ đạo»: the documents the agency issued in the year to carry out the plan.
DIRECTIVE_HEADERS = ("Số và ký hiệu", "Ngày ban hành", "Loại văn bản", "Trích yếu")
DIRECTIVE_ROWS = 20  # input rows offered; a clerk may add rows below
# The types offered in the drop-down list (names of Phụ lục III, Nghị định 30/2020/NĐ-CP,
# and the công văn); the reader accepts every type of that appendix.
DIRECTIVE_TYPES = (
    "Kế hoạch",
    "Quyết định",
    "Chỉ thị",
    "Công văn",
    "Thông báo",
    "Hướng dẫn",
    "Chương trình",
    "Đề án",
    "Phương án",
    "Nghị quyết",
    "Quy chế",
    "Quy định",
    "Công điện",
)
STATUSES = tuple(status.value for status in TaskStatus)

# Labels of «Thông tin», column A; values in column B.
LABEL_AGENCY = "Đơn vị báo cáo"
LABEL_CODE = "Mã đơn vị"
LABEL_YEAR = "Năm báo cáo"
LABEL_VERSION = "Phiên bản phiếu"
LABEL_REPORTER = "Người báo cáo"
LABEL_PHONE = "Số điện thoại"
LABEL_EMAIL = "Thư điện tử"
LABEL_DATE = "Ngày báo cáo"
INFO_ROWS = (
    LABEL_AGENCY,
    LABEL_CODE,
    LABEL_YEAR,
    LABEL_VERSION,
    LABEL_REPORTER,
    LABEL_PHONE,
    LABEL_EMAIL,
    LABEL_DATE,
)
INFO_INPUTS = (LABEL_REPORTER, LABEL_PHONE, LABEL_EMAIL, LABEL_DATE)
INFO_FIRST_ROW = 3

# Labels of «Khó khăn, kiến nghị», column A; the text in column B.
LABEL_DIFFICULTIES = "Khó khăn, vướng mắc"
LABEL_PROPOSALS = "Đề xuất, kiến nghị"

# Defined names pointing at the identity cells of «Thông tin».
NAME_CODE = "vanban_ma_don_vi"
NAME_YEAR = "vanban_nam"
NAME_VERSION = "vanban_phien_ban"

HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1

FONT_NAME = "Times New Roman"
FONT_SIZE = 12
BODY = Font(name=FONT_NAME, size=FONT_SIZE)
BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
NOTE = Font(name=FONT_NAME, size=FONT_SIZE, italic=True)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
UNLOCKED = Protection(locked=False)
NUMBER_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
LINE_HEIGHT = 16.5


def funding_header(label: str) -> str:
    """The header of a funding source's amount column."""
    return f"Kinh phí: {label} (đồng)"


def amount_headers(plan) -> tuple[str, ...]:
    """The task sheet's amount columns: one per funding source of the plan, else one."""
    return tuple(funding_header(s.label) for s in plan.funding_sources) or (FUNDING_HEADER,)


def task_headers(plan) -> tuple[str, ...]:
    return TASK_TEXT_HEADERS + amount_headers(plan)


def directive_example(agency: Agency) -> str:
    """A number and symbol shaped like the agency's own plan would be («12/KH-SCT»)."""
    issuer = agency.code if "-" not in agency.code else "UBND"
    return f"12/KH-{issuer}"


def measure_header(year: int) -> str:
    return f"Kết quả năm {year}"


def measure_headers(year: int) -> tuple[str, ...]:
    return ("Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", measure_header(year), "Ghi chú")


def form_keywords(code: str, year: int) -> str:
    return f"{KEYWORD_PREFIX};{code};{year};{FORM_VERSION}"


def _lines_needed(text: str, width: float) -> int:
    """Rough count of printed lines of ``text`` in a wrapped column ``width`` characters wide."""
    per_line = max(int(width * 1.05), 1)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in text.split("\n"))


def _fit_row(ws: Worksheet, row: int, texts_and_widths: list[tuple[str, float]]) -> None:
    lines = max((_lines_needed(text, width) for text, width in texts_and_widths), default=1)
    ws.row_dimensions[row].height = max(lines, 1) * LINE_HEIGHT + 4


def _put(ws: Worksheet, row: int, column: int, value, font: Font = BODY, **style) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        # openpyxl writes text beginning with «=» as a formula: a name an agency typed as
        # «=HYPERLINK(…)» would become a live link in the register the Sở opens.
        cell.data_type = "s"
    cell.font = font
    cell.alignment = style.get("alignment", WRAP_TOP)
    if "border" in style:
        cell.border = style["border"]
    if "fill" in style:
        cell.fill = style["fill"]
    if "number_format" in style:
        cell.number_format = style["number_format"]
    if style.get("unlocked"):
        cell.protection = UNLOCKED


def _set_widths(ws: Worksheet, widths: dict[str, float]) -> None:
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width


def _page_setup(ws: Worksheet, landscape: bool, title_rows: str | None = None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    if title_rows:
        ws.print_title_rows = title_rows


def _protect(ws: Worksheet) -> None:
    """Protect the structure without a password; resizing rows and columns stays allowed."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _validation(kind: str, cells: str, error: str, prompt: str, **options) -> DataValidation:
    validation = DataValidation(
        type=kind,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=error,
        promptTitle="Hướng dẫn",
        prompt=prompt,
        **options,
    )
    validation.add(cells)
    return validation


def _title(ws: Worksheet, text: str, note: str | None = None) -> None:
    _put(ws, 1, 1, text, TITLE, alignment=Alignment(vertical="center"))
    ws.row_dimensions[1].height = 24
    if note:
        _put(ws, 2, 1, note, NOTE, alignment=Alignment(vertical="top"))


def _date_example(workspace: Workspace, year: int) -> str:
    """A report date the form gives as an example: the last day on time."""
    return format_short_date(workspace.plan.reporting.agency_deadline.last_day_on_time(year))


def _guide_lines(workspace: Workspace, agency: Agency, year: int) -> list[tuple[str, Font]]:
    plan = workspace.plan
    receiver = workspace.receiver_in(year).name
    deadline = format_short_date(workspace.deadline(year))
    inherited = sorted(
        {
            (a.task.code, a.inherited_from.name)
            for a in workspace.tasks_of(agency.code, year)
            if a.inherited_from is not None
        }
    )
    lines: list[tuple[str, Font]] = [
        (f"PHIẾU BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH SỐ {plan.number_symbol} NĂM {year}", TITLE),
        (plan.subject, NOTE),
        ("", BODY),
        (f"Đơn vị báo cáo: {agency.name}", BOLD),
        (f"Hạn gửi phiếu: {plan.reporting.agency_deadline.words} {deadline}.", BOLD),
        (f"Nơi nhận phiếu: {receiver}.", BODY),
        ("", BODY),
        ("CÁCH ĐIỀN PHIẾU", BOLD),
        (
            f"1. Trang tính «{SHEET_INFO}»: ghi họ tên người báo cáo, số điện thoại, "
            f"thư điện tử và ngày báo cáo (ngày/tháng/năm, ví dụ {_date_example(workspace, year)}).",
            BODY,
        ),
        (
            f"2. Trang tính «{SHEET_TASKS}»: mỗi dòng là một nhiệm vụ đơn vị chủ trì hoặc "
            f"phối hợp trong năm {year}. Chọn «Tình trạng» trong danh sách "
            f"({', '.join(STATUSES)}), ghi «Kết quả thực hiện» bằng lời và "
            f"{_funding_guide(plan)} bằng số nguyên, không ghi chữ (ví dụ 350000000); không có "
            "kinh phí thì để trống hoặc ghi 0.",
            BODY,
        ),
        (_measures_guide(workspace, agency, year), BODY),
        (f"4. Trang tính «{SHEET_ISSUES}»: ghi khó khăn, vướng mắc và đề xuất, kiến nghị.", BODY),
        (
            f"5. Trang tính «{SHEET_DIRECTIVES}»: mỗi dòng một văn bản đơn vị đã ban hành trong "
            f"năm {year} để triển khai Kế hoạch (kế hoạch, quyết định, công văn chỉ đạo…): ghi số "
            f"và ký hiệu đúng như trên văn bản (ví dụ {directive_example(agency)}), ngày ban hành "
            "(ngày/tháng/năm), chọn loại văn bản trong danh sách và chép trích yếu của văn bản. "
            "Trong năm không ban hành văn bản nào thì để trống trang này.",
            BODY,
        ),
        (
            "6. Chỉ điền vào các ô nền vàng. Không đổi tên, không xóa trang tính; không xóa, "
            "không thêm dòng nhiệm vụ hoặc chỉ tiêu; không sửa mã. Lưu tệp dưới dạng "
            "«Sổ làm việc Excel (*.xlsx)» rồi gửi; có thể đổi tên tệp.",
            BODY,
        ),
        *((line, BODY) for line in _itemised_guide(plan, year)),
    ]
    if inherited:
        lines += [("", BODY), ("NHIỆM VỤ KẾ THỪA", BOLD)]
        lines += [
            (f"Nhiệm vụ {code}: kế thừa từ {predecessor}.", BODY) for code, predecessor in inherited
        ]
    lines += [
        ("", BODY),
        (f"Phiếu do vanban tạo, mẫu phiên bản {FORM_VERSION}, mã đơn vị {agency.code}.", NOTE),
    ]
    return lines


def asked_quantities(workspace: Workspace, agency: Agency, year: int) -> list[Quantity]:
    """The figures the form of ``year`` asks ``agency``: a measure may be asked of some
    agencies only, and a milestone passed («đến năm 2025», judged then) is not asked again."""
    registry = workspace.registry
    plan = workspace.plan
    return form_quantities(
        plan, lambda m: plan.due_year(m) >= year and registry.covers(m.reporters, agency)
    )


def _all_counted_from_register(plan: Plan) -> bool:
    """Whether every target is counted from the itemised sheet (none asked as a number)."""
    return plan.ip is not None and not form_quantities(plan)


def _measures_guide(workspace: Workspace, agency: Agency, year: int) -> str:
    plan = workspace.plan
    if not asked_quantities(workspace, agency, year):  # the sheet has no row to fill
        if _all_counted_from_register(plan):
            assert plan.ip is not None
            return (
                f"3. Trang tính «{SHEET_MEASURES}»: không ghi gì; các chỉ tiêu được đếm từ trang "
                f"tính «{plan.ip.sheet}» (xem mục 7 trở đi)."
            )
        return (
            f"3. Trang tính «{SHEET_MEASURES}»: không ghi gì; Kế hoạch không hỏi đơn vị số "
            "liệu nào."
        )
    return (
        f"3. Trang tính «{SHEET_MEASURES}»: ghi kết quả của đơn vị trong năm {year} cho từng "
        "chỉ tiêu bằng số nguyên không âm; không có kết quả thì ghi 0 (không để trống: ô để "
        "trống là lỗi, không được tính là 0). Cột «Ghi chú» dùng để ghi tên, số hiệu của từng "
        "kết quả được đếm (nếu có)."
    )


def _itemised_guide(plan, year: int) -> list[str]:
    if plan.ip is None:
        return []
    return [f"{n}. {line}" for n, line in enumerate(ip_sheet.guide_lines(plan.ip, year), 7)]


def _funding_guide(plan) -> str:
    """How the guide names the amount columns to fill."""
    if not plan.funding_sources:
        return f"«{FUNDING_HEADER}»"
    sources = "; ".join(f"«{source.label}»" for source in plan.funding_sources)
    return (
        f"kinh phí đã sử dụng cho nhiệm vụ theo từng nguồn, mỗi nguồn một cột ({sources}), "
        "tính bằng đồng,"
    )


def _guide_sheet(ws: Worksheet, workspace: Workspace, agency: Agency, year: int) -> None:
    width = 110
    _set_widths(ws, {"A": width})
    for row, (text, font) in enumerate(_guide_lines(workspace, agency, year), start=1):
        _put(ws, row, 1, text, font)
        _fit_row(ws, row, [(text, width * (0.85 if font is TITLE else 1))])
    _page_setup(ws, landscape=False)
    _protect(ws)


def _info_sheet(wb: Workbook, ws: Worksheet, agency: Agency, year: int, example: str) -> None:
    _set_widths(ws, {"A": 24, "B": 70})
    _title(ws, f"THÔNG TIN ĐƠN VỊ BÁO CÁO NĂM {year}", "Chỉ điền vào các ô nền vàng.")
    values = {
        LABEL_AGENCY: agency.name,
        LABEL_CODE: agency.code,
        LABEL_YEAR: year,
        LABEL_VERSION: FORM_VERSION,
    }
    names = {LABEL_CODE: NAME_CODE, LABEL_YEAR: NAME_YEAR, LABEL_VERSION: NAME_VERSION}
    for row, label in enumerate(INFO_ROWS, start=INFO_FIRST_ROW):
        _put(ws, row, 1, label, BOLD, border=BOX)
        if label in INFO_INPUTS:
            style = {"unlocked": True, "fill": INPUT_FILL, "border": BOX}
            if label == LABEL_DATE:
                style["number_format"] = DATE_FORMAT
            _put(ws, row, 2, None, **style)
        else:
            _put(ws, row, 2, values[label], border=BOX, alignment=Alignment(horizontal="left"))
        ws.row_dimensions[row].height = 21
        if label in names:
            reference = f"'{ws.title}'!$B${row}"
            wb.defined_names[names[label]] = DefinedName(names[label], attr_text=reference)
    date_row = INFO_FIRST_ROW + INFO_ROWS.index(LABEL_DATE)
    first, last = date(year, 1, 1), date(year + 1, 12, 31)
    ws.add_data_validation(
        _validation(
            "date",
            f"B{date_row}",
            f"Ghi ngày báo cáo dạng ngày/tháng/năm, trong năm {year} hoặc {year + 1}.",
            f"Ngày/tháng/năm, ví dụ {example}",
            operator="between",
            formula1=f"DATE({first.year},{first.month},{first.day})",
            formula2=f"DATE({last.year},{last.month},{last.day})",
        )
    )
    _page_setup(ws, landscape=False)
    _protect(ws)


def _header(ws: Worksheet, headers: tuple[str, ...]) -> None:
    for column, text in enumerate(headers, start=1):
        _put(ws, HEADER_ROW, column, text, BOLD, alignment=CENTER, border=BOX, fill=HEADER_FILL)
    ws.row_dimensions[HEADER_ROW].height = 36
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"


def _tasks_sheet(ws: Worksheet, workspace: Workspace, agency: Agency, year: int) -> None:
    headers = task_headers(workspace.plan)
    amounts = range(FIRST_AMOUNT_COLUMN, len(headers) + 1)
    widths = {"A": 13, "B": 62, "C": 12, "D": 18, "E": 55}
    widths |= {get_column_letter(column): 18 for column in amounts}
    _set_widths(ws, widths)
    _title(
        ws,
        f"NHIỆM VỤ NĂM {year} CỦA {agency.name.upper()}",
        "Chọn tình trạng trong danh sách; kinh phí ghi bằng số (đồng)"
        + (", mỗi nguồn một cột." if workspace.plan.funding_sources else "."),
    )
    _header(ws, headers)
    if len(amounts) > 1:
        ws.row_dimensions[HEADER_ROW].height = 3 * LINE_HEIGHT + 4
    assignments = workspace.tasks_of(agency.code, year)
    for row, assignment in enumerate(assignments, start=FIRST_DATA_ROW):
        task = assignment.task
        _put(ws, row, 1, task.code, border=BOX)
        _put(ws, row, 2, task.text, border=BOX)
        _put(ws, row, 3, assignment.role.value, border=BOX)
        _put(ws, row, 4, None, border=BOX, fill=INPUT_FILL, unlocked=True)
        _put(ws, row, 5, None, border=BOX, fill=INPUT_FILL, unlocked=True)
        for column in amounts:
            _put(
                ws,
                row,
                column,
                None,
                border=BOX,
                fill=INPUT_FILL,
                unlocked=True,
                number_format=NUMBER_FORMAT,
            )
        _fit_row(ws, row, [(task.text, widths["B"])])
    if assignments:
        last = FIRST_DATA_ROW + len(assignments) - 1
        ws.add_data_validation(
            _validation(
                "list",
                f"D{FIRST_DATA_ROW}:D{last}",
                "Chọn một trong: " + ", ".join(STATUSES) + ".",
                "Chọn tình trạng trong danh sách.",
                formula1='"' + ",".join(STATUSES) + '"',
            )
        )
        first_amount, last_amount = get_column_letter(amounts[0]), get_column_letter(amounts[-1])
        ws.add_data_validation(
            _validation(
                "whole",
                f"{first_amount}{FIRST_DATA_ROW}:{last_amount}{last}",
                "Kinh phí là số nguyên không âm, tính bằng đồng (ví dụ 350000000).",
                "Số đồng, không ghi chữ.",
                operator="greaterThanOrEqual",
                formula1="0",
            )
        )
    _page_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    _protect(ws)


def _measures_sheet(ws: Worksheet, workspace: Workspace, agency: Agency, year: int) -> None:
    widths = {"A": 12, "B": 62, "C": 16, "D": 16, "E": 50}
    _set_widths(ws, widths)
    # A percentage measure asks its numerator and denominator: two rows, like any figure.
    measures = asked_quantities(workspace, agency, year)
    note = "Ghi kết quả của đơn vị trong năm bằng số nguyên; không có thì ghi 0."
    if not measures and _all_counted_from_register(workspace.plan):
        assert workspace.plan.ip is not None
        note = f"Các chỉ tiêu được đếm từ trang tính «{workspace.plan.ip.sheet}»: không ghi ở đây."
    elif not measures:
        note = "Kế hoạch không hỏi đơn vị số liệu nào: không ghi ở đây."
    _title(ws, f"KẾT QUẢ CÁC CHỈ TIÊU NĂM {year}", note)
    _header(ws, measure_headers(year))
    for row, measure in enumerate(measures, start=FIRST_DATA_ROW):
        _put(ws, row, 1, measure.code, border=BOX)
        _put(ws, row, 2, measure.name, border=BOX)
        _put(ws, row, 3, measure.unit, border=BOX)
        _put(
            ws,
            row,
            4,
            None,
            border=BOX,
            fill=INPUT_FILL,
            unlocked=True,
            number_format=NUMBER_FORMAT,
        )
        _put(ws, row, 5, None, border=BOX, fill=INPUT_FILL, unlocked=True)
        _fit_row(ws, row, [(measure.name, widths["B"])])
    last = FIRST_DATA_ROW + len(measures) - 1
    ws.add_data_validation(
        _validation(
            "whole",
            f"D{FIRST_DATA_ROW}:D{max(last, FIRST_DATA_ROW)}",
            "Kết quả là số nguyên không âm (ví dụ 0, 1, 12).",
            "Số nguyên không âm; không có thì ghi 0.",
            operator="greaterThanOrEqual",
            formula1="0",
        )
    )
    _page_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    _protect(ws)


def _issues_sheet(ws: Worksheet, year: int) -> None:
    _set_widths(ws, {"A": 24, "B": 90})
    _title(ws, f"KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ NĂM {year}")
    for row, label in ((3, LABEL_DIFFICULTIES), (4, LABEL_PROPOSALS)):
        _put(ws, row, 1, label, BOLD, border=BOX)
        _put(ws, row, 2, None, border=BOX, fill=INPUT_FILL, unlocked=True)
        ws.row_dimensions[row].height = 180
    _page_setup(ws, landscape=False)
    _protect(ws)


def _directives_sheet(ws: Worksheet, agency: Agency, year: int) -> None:
    widths = {"A": 20, "B": 16, "C": 18, "D": 80}
    _set_widths(ws, widths)
    _title(
        ws,
        f"VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH ĐƠN VỊ BAN HÀNH NĂM {year} ĐỂ TRIỂN KHAI KẾ HOẠCH",
        "Mỗi dòng một văn bản; không ban hành văn bản nào thì để trống.",
    )
    _header(ws, DIRECTIVE_HEADERS)
    last = FIRST_DATA_ROW + DIRECTIVE_ROWS - 1
    for row in range(FIRST_DATA_ROW, last + 1):
        for column in range(1, len(DIRECTIVE_HEADERS) + 1):
            style = {"number_format": DATE_FORMAT} if column == 2 else {}
            _put(ws, row, column, None, border=BOX, fill=INPUT_FILL, unlocked=True, **style)
        ws.row_dimensions[row].height = 2 * LINE_HEIGHT + 4
    example = directive_example(agency)
    ws.add_data_validation(
        _validation(
            "textLength",
            f"A{FIRST_DATA_ROW}:A{last}",
            f"Ghi số và ký hiệu như trên văn bản, ví dụ {example}.",
            f"Số và ký hiệu, ví dụ {example}.",
            operator="lessThanOrEqual",
            formula1="60",
        )
    )
    ws.add_data_validation(
        _validation(
            "date",
            f"B{FIRST_DATA_ROW}:B{last}",
            f"Ghi ngày ban hành dạng ngày/tháng/năm, trong năm {year}.",
            f"Ngày/tháng/năm, ví dụ 15/03/{year}",
            operator="between",
            formula1=f"DATE({year},1,1)",
            formula2=f"DATE({year},12,31)",
        )
    )
    ws.add_data_validation(
        _validation(
            "list",
            f"C{FIRST_DATA_ROW}:C{last}",
            "Chọn một loại văn bản trong danh sách.",
            "Chọn loại văn bản trong danh sách.",
            formula1='"' + ",".join(DIRECTIVE_TYPES) + '"',
        )
    )
    _page_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    _protect(ws)


def build_form(workspace: Workspace, agency: Agency, year: int) -> Workbook:
    """The form of ``agency`` for ``year``, as an openpyxl workbook (not yet saved)."""
    wb = Workbook()
    guide = wb.active
    guide.title = SHEET_GUIDE
    _guide_sheet(guide, workspace, agency, year)
    _info_sheet(wb, wb.create_sheet(SHEET_INFO), agency, year, _date_example(workspace, year))
    _tasks_sheet(wb.create_sheet(SHEET_TASKS), workspace, agency, year)
    _measures_sheet(wb.create_sheet(SHEET_MEASURES), workspace, agency, year)
    _issues_sheet(wb.create_sheet(SHEET_ISSUES), year)
    _directives_sheet(wb.create_sheet(SHEET_DIRECTIVES), agency, year)
    if workspace.plan.ip is not None:
        ip_sheet.add_itemised_sheets(wb, workspace.plan.ip, year)
    moment = datetime(year, 10, 1)
    props = wb.properties
    props.title = f"Phiếu báo cáo năm {year} - {agency.name}"
    props.subject = f"Kế hoạch số {workspace.plan.number_symbol}"
    props.keywords = form_keywords(agency.code, year)
    props.creator = props.lastModifiedBy = "vanban"
    props.created = props.modified = moment
    props.language = "vi-VN"
    return wb


def workbook_bytes(wb: Workbook, moment: datetime) -> bytes:
    """Serialise ``wb`` with every timestamp set to ``moment``: same workbook, same bytes."""
    wb.properties.created = wb.properties.modified = moment
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter directly: openpyxl's save_workbook would stamp "modified" with now.
        ExcelWriter(wb, archive).write_data()
    stamp = (moment.year, moment.month, moment.day, 0, 0, 0)
    with zipfile.ZipFile(raw) as source:
        return pack_zip(((i.filename, source.read(i)) for i in source.infolist()), stamp)


def form_moment(year: int) -> datetime:
    """The date stamped on every form of ``year`` (1 October): fixed, so output is stable."""
    return datetime(year, 10, 1)


FORMS_DIR = "phieu-bao-cao"


def _is_form_entry(name: str) -> bool:
    """A name ``forms`` writes in the forms' folder."""
    return name.endswith(".xlsx") or name == MANIFEST_FILE


def forms_folder(out: Path, year: int) -> Path:
    return out / str(year) / FORMS_DIR


class WrittenForms(list[Path]):
    """The forms' paths; ``unchanged`` when the folder already held exactly these forms."""

    unchanged: bool = False


def write_forms(workspace: Workspace, year: int, out: Path, force: bool = False) -> WrittenForms:
    """Write ``out/<year>/phieu-bao-cao/<code>.xlsx`` for every agency active in ``year``.

    All or nothing: the forms are built in a staging folder and moved into place together
    with their ``manifest.json``. When the folder already holds exactly these forms nothing
    is written; when it holds other forms (a clerk may have edited one) nothing is written
    unless ``force``, and then the old forms go to ``phieu-bao-cao/.cu-<time>/``. A file
    vanban did not make is never moved or replaced.
    """
    workspace.check_year(year)
    publish.refuse_overlap(out, [Protected(workspace.root, "thư mục dữ liệu đầu vào")])
    folder = forms_folder(out, year)
    publish.check_set_folder(folder.parent)
    publish.check_set_folder(folder)
    previous = publish.read_previous(folder, _is_form_entry)
    agencies = workspace.active(year)
    names = [f"{agency.code}.xlsx" for agency in agencies]
    publish.refuse_strangers(folder, [*names, MANIFEST_FILE], previous)
    publish.remove_stale_staging(out)
    moment = form_moment(year)
    with publish.staging_folder(out, f"{year}-{FORMS_DIR}") as staging:
        hashes: dict[str, str] = {}
        for agency, name in zip(agencies, names, strict=True):
            data = workbook_bytes(build_form(workspace, agency, year), moment)
            write_new_file(staging / name, data)
            hashes[name] = hashlib.sha256(data).hexdigest()
        manifest = publish.manifest_bytes({"year": year, "outputs": hashes})
        differing = _differing(folder, previous, hashes)
        written = WrittenForms(folder / name for name in names)
        if previous.present and not differing:
            if _read(folder / MANIFEST_FILE) != manifest:
                write_atomically(folder / MANIFEST_FILE, manifest)
            written.unchanged = True
        elif previous.present and not force:
            _refuse_replacing(folder, differing)
        else:
            write_new_file(staging / MANIFEST_FILE, manifest)
            publish.publish(staging, folder, previous, "bộ phiếu báo cáo")
    return written


def _differing(folder: Path, previous: publish.PreviousSet, hashes: dict[str, str]) -> list[str]:
    """Forms in ``folder`` that differ from the new ones, are missing, or are no longer made."""
    old = {name for name in previous.entries if name != MANIFEST_FILE}
    names = sorted(old | set(hashes))
    return [name for name in names if _sha256(folder / name) != hashes.get(name)]


def _sha256(path: Path) -> str | None:
    data = _read(path)
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _refuse_replacing(folder: Path, differing: list[str]) -> None:
    shown = ", ".join(differing[:10]) + (
        f" và {len(differing) - 10} tệp khác" if len(differing) > 10 else ""
    )
    raise OutputError(
        f"thư mục «{folder}» đã có bộ phiếu khác với bộ sẽ tạo ({shown}); có thể phiếu đã "
        "được sửa hoặc đã gửi đi. Không ghi gì. Muốn thay bằng bộ mới thì chạy lại với "
        f"--force: bộ phiếu cũ được chuyển vào «{folder}{os.sep}{OLD_SET_PREFIX}<thời điểm>"
        f"{os.sep}»",
    )
