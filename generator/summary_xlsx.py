"""tong-hop.xlsx: the consolidated figures of the year's report, for people who want a spreadsheet.

One sheet per table of the report: targets (with ``Mã chỉ tiêu``), funding per agency,
submissions; and one with every agency's result for every task, which the report only
sums up for the local governments. Figures are stored as numbers (formatted "#,##0", which Excel shows with the
reader's own thousands separator), texts exactly as in the report. The bytes are
deterministic: document dates from the reporting deadline, fixed zip entry times.
"""

from __future__ import annotations

from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from generator.consolidate import Consolidation
from generator.forms import workbook_bytes

SHEET_TARGETS = "Chỉ tiêu"
SHEET_FUNDING = "Kinh phí"
SHEET_SUBMISSIONS = "Tình hình báo cáo"
SHEET_RESULTS = "Kết quả nhiệm vụ"

TARGET_HEADERS = (
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Phạm vi",
    "Tối thiểu",
    "Tối đa",
    "Năm {year}",
    "Lũy kế từ năm {first}",
    "Đánh giá",
)
FUNDING_HEADERS = ("TT", "Mã đơn vị", "Cơ quan, đơn vị", "Kinh phí (đồng)")
SUBMISSION_HEADERS = (
    "TT",
    "Mã đơn vị",
    "Cơ quan, đơn vị",
    "Ngày gửi báo cáo",
    "Tình trạng",
    "Nhiệm vụ đã hoàn thành",
    "Nhiệm vụ đang thực hiện",
    "Nhiệm vụ chưa thực hiện",
    "Kinh phí (đồng)",
)
RESULT_HEADERS = (
    "TT",
    "Mã đơn vị",
    "Cơ quan, đơn vị",
    "Mã nhiệm vụ",
    "Tình trạng",
    "Kết quả thực hiện",
    "Kinh phí (đồng)",
)
TOTAL_LABEL = "Tổng cộng"

_FONT = "Times New Roman"
_BODY = Font(name=_FONT, size=12)
_BOLD = Font(name=_FONT, size=12, bold=True)
_TITLE = Font(name=_FONT, size=13, bold=True)
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
_NUMBER = "#,##0"
_DATE = "dd/mm/yyyy"
_HEADER_ROW = 3


def _title(ws: Worksheet, text: str, width: int) -> None:
    ws.cell(row=1, column=1, value=text).font = _TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)


def _headers(ws: Worksheet, headers: tuple[str, ...], widths: tuple[float, ...]) -> None:
    for column, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=_HEADER_ROW, column=column, value=text)
        cell.font, cell.alignment, cell.border, cell.fill = _BOLD, _CENTER, _BOX, _HEAD_FILL
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = f"A{_HEADER_ROW + 1}"
    ws.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _row(ws: Worksheet, row: int, values: list, *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column, value=value)
        cell.font = _BOLD if bold else _BODY
        cell.border = _BOX
        cell.alignment = _WRAP
        if isinstance(value, int) and not isinstance(value, bool):
            cell.number_format = _NUMBER
        elif hasattr(value, "year"):
            cell.number_format = _DATE


def _targets_sheet(ws: Worksheet, c: Consolidation) -> None:
    first = c.plan.period.first_year
    headers = tuple(h.format(year=c.year, first=first) for h in TARGET_HEADERS)
    _title(ws, f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {c.year}", len(headers))
    _headers(ws, headers, (12, 55, 22, 14, 11, 11, 11, 14, 30))
    for row, result in enumerate(c.measures, start=_HEADER_ROW + 1):
        m = result.measure
        _row(
            ws,
            row,
            [
                m.code,
                m.name,
                m.unit,
                m.scope.label,
                m.minimum,
                m.maximum,
                result.year_total,
                result.cumulative,
                result.judgement,
            ],
        )


def _funding_sheet(ws: Worksheet, c: Consolidation) -> None:
    _title(ws, f"KINH PHÍ THỰC HIỆN NĂM {c.year}", len(FUNDING_HEADERS))
    _headers(ws, FUNDING_HEADERS, (6, 22, 50, 20))
    row = _HEADER_ROW
    for index, summary in enumerate(c.reported, start=1):
        row = _HEADER_ROW + index
        _row(ws, row, [index, summary.agency.code, summary.agency.name, summary.funding])
    _row(ws, row + 1, ["", "", TOTAL_LABEL, c.funding_total], bold=True)


def _submissions_sheet(ws: Worksheet, c: Consolidation) -> None:
    _title(ws, f"TÌNH HÌNH GỬI BÁO CÁO NĂM {c.year}", len(SUBMISSION_HEADERS))
    _headers(ws, SUBMISSION_HEADERS, (6, 22, 45, 14, 12, 13, 13, 13, 18))
    for index, summary in enumerate(c.agencies, start=1):
        report = summary.report
        day = getattr(report, "report_date", None) if report is not None else None
        counts: list = (
            [summary.done, summary.in_progress, summary.not_started, summary.funding]
            if report is not None
            else ["", "", "", ""]
        )
        values = [index, summary.agency.code, summary.agency.name, day, summary.standing.value]
        _row(ws, _HEADER_ROW + index, values + counts)


def _results_sheet(ws: Worksheet, c: Consolidation) -> None:
    """Every task result of every agency, as typed: the detail the report sums up."""
    _title(ws, f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA TỪNG ĐƠN VỊ NĂM {c.year}", len(RESULT_HEADERS))
    _headers(ws, RESULT_HEADERS, (6, 22, 40, 13, 17, 70, 16))
    row = _HEADER_ROW
    for summary in c.reported:
        assert summary.report is not None
        for task in summary.report.tasks:
            row += 1
            status = getattr(task.status, "value", task.status) or ""
            values = [row - _HEADER_ROW, summary.agency.code, summary.agency.name, task.code]
            _row(ws, row, [*values, status, task.result, task.funding or 0])


def summary_workbook(c: Consolidation) -> Workbook:
    """The workbook, not yet saved."""
    wb = Workbook()
    targets = wb.active
    targets.title = SHEET_TARGETS
    _targets_sheet(targets, c)
    _funding_sheet(wb.create_sheet(SHEET_FUNDING), c)
    _submissions_sheet(wb.create_sheet(SHEET_SUBMISSIONS), c)
    _results_sheet(wb.create_sheet(SHEET_RESULTS), c)
    props = wb.properties
    props.title = f"Tổng hợp kết quả thực hiện Kế hoạch số {c.plan.number_symbol} năm {c.year}"
    props.creator = props.lastModifiedBy = c.issuer.name
    props.language = "vi-VN"
    return wb


def summary_xlsx_bytes(c: Consolidation) -> bytes:
    """tong-hop.xlsx as bytes, stamped with the year's reporting deadline."""
    moment = datetime(c.deadline.year, c.deadline.month, c.deadline.day)
    return workbook_bytes(summary_workbook(c), moment)
