"""tong-hop.xlsx: the consolidated figures of the year's report, for people who want a spreadsheet.

One sheet per table of the report: targets (with ``Mã chỉ tiêu``), funding per agency,
submissions; and one with every agency's result for every task, which the report only
sums up for the local governments. Figures are stored as numbers (formatted "#,##0", which Excel shows with the
reader's own thousands separator), texts exactly as in the report. The bytes are
deterministic: document dates from the reporting deadline, fixed zip entry times.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import datetime
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.consolidate import Consolidation
from generator.output.files import repack_zip

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


class _Cells:
    """Styled cells for a write-only workbook, each distinct style worked out once.

    Setting font, border, alignment and fill on a cell makes openpyxl look each one up in
    the workbook's style tables (most of the time of a 100,000-row sheet); every cell of a
    kind gets the same table indices, so they are looked up for the first cell and copied.
    """

    def __init__(self) -> None:
        self._styles: dict[tuple[str, str | None], StyleArray] = {}

    def make(self, ws: WriteOnlyWorksheet, value: object, kind: str) -> Cell:
        cell = WriteOnlyCell(ws, value)
        number_format = _number_format(value)
        key = (kind, number_format)
        style = self._styles.get(key)
        if style is None:
            for name, setting in _KINDS[kind].items():
                setattr(cell, name, setting)
            if number_format is not None:
                cell.number_format = number_format
            self._styles[key] = StyleArray(cell._style)
        else:
            cell._style = StyleArray(style)
        return cell


def _number_format(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return _NUMBER
    if hasattr(value, "year"):
        return _DATE
    return None


_KINDS: dict[str, dict[str, object]] = {
    "title": {"font": _TITLE},
    "header": {"font": _BOLD, "alignment": _CENTER, "border": _BOX, "fill": _HEAD_FILL},
    "body": {"font": _BODY, "border": _BOX, "alignment": _WRAP},
    "total": {"font": _BOLD, "border": _BOX, "alignment": _WRAP},
}


def _sheet(
    wb: Workbook,
    cells: _Cells,
    name: str,
    title: str,
    headers: tuple[str, ...],
    widths: tuple[float, ...],
) -> WriteOnlyWorksheet:
    """A sheet with its layout set and its title and header rows written (rows 1 and 3)."""
    ws = wb.create_sheet(name)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"A{_HEADER_ROW + 1}"
    ws.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=len(headers), max_row=1))
    ws.append([cells.make(ws, title, "title")])
    ws.append([])
    ws.append([cells.make(ws, text, "header") for text in headers])
    return ws


def _row(ws: WriteOnlyWorksheet, cells: _Cells, values: list, *, bold: bool = False) -> None:
    kind = "total" if bold else "body"
    ws.append([cells.make(ws, value, kind) for value in values])


def _targets_sheet(wb: Workbook, cells: _Cells, c: Consolidation) -> None:
    first = c.plan.period.first_year
    headers = tuple(h.format(year=c.year, first=first) for h in TARGET_HEADERS)
    title = f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {c.year}"
    widths = (12, 55, 22, 14, 11, 11, 11, 14, 30)
    ws = _sheet(wb, cells, SHEET_TARGETS, title, headers, widths)
    for result in c.measures:
        m = result.measure
        values = [m.code, m.name, m.unit, m.scope.label, m.minimum, m.maximum]
        _row(ws, cells, [*values, result.year_total, result.cumulative, result.judgement])


def _funding_sheet(wb: Workbook, cells: _Cells, c: Consolidation) -> None:
    title = f"KINH PHÍ THỰC HIỆN NĂM {c.year}"
    ws = _sheet(wb, cells, SHEET_FUNDING, title, FUNDING_HEADERS, (6, 22, 50, 20))
    for index, summary in enumerate(c.reported, start=1):
        _row(ws, cells, [index, summary.agency.code, summary.agency.name, summary.funding])
    _row(ws, cells, ["", "", TOTAL_LABEL, c.funding_total], bold=True)


def _submissions_sheet(wb: Workbook, cells: _Cells, c: Consolidation) -> None:
    title = f"TÌNH HÌNH GỬI BÁO CÁO NĂM {c.year}"
    widths = (6, 22, 45, 14, 12, 13, 13, 13, 18)
    ws = _sheet(wb, cells, SHEET_SUBMISSIONS, title, SUBMISSION_HEADERS, widths)
    for index, summary in enumerate(c.agencies, start=1):
        report = summary.report
        day = getattr(report, "report_date", None) if report is not None else None
        counts: list = (
            [summary.done, summary.in_progress, summary.not_started, summary.funding]
            if report is not None
            else ["", "", "", ""]
        )
        values = [index, summary.agency.code, summary.agency.name, day, summary.standing.value]
        _row(ws, cells, values + counts)


def _results_sheet(wb: Workbook, cells: _Cells, c: Consolidation) -> None:
    """Every task result of every agency, as typed: the detail the report sums up."""
    title = f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA TỪNG ĐƠN VỊ NĂM {c.year}"
    widths = (6, 22, 40, 13, 17, 70, 16)
    ws = _sheet(wb, cells, SHEET_RESULTS, title, RESULT_HEADERS, widths)
    number = 0
    for summary in c.reported:
        assert summary.report is not None
        for task in summary.report.tasks:
            number += 1
            status = getattr(task.status, "value", task.status) or ""
            values = [number, summary.agency.code, summary.agency.name, task.code]
            _row(ws, cells, [*values, status, task.result, task.funding or 0])


def summary_workbook(c: Consolidation) -> Workbook:
    """The workbook in write-only mode, rows already streamed to temporary files; save once."""
    wb = Workbook(write_only=True)
    cells = _Cells()
    _targets_sheet(wb, cells, c)
    _funding_sheet(wb, cells, c)
    _submissions_sheet(wb, cells, c)
    _results_sheet(wb, cells, c)
    props = wb.properties
    props.title = f"Tổng hợp kết quả thực hiện Kế hoạch số {c.plan.number_symbol} năm {c.year}"
    props.creator = props.lastModifiedBy = c.issuer.name
    props.language = "vi-VN"
    return wb


def write_summary_xlsx(c: Consolidation, target: BinaryIO) -> None:
    """tong-hop.xlsx into ``target``, stamped with the year's reporting deadline.

    openpyxl writes its own zip (entry times from the clock, compression as it likes) into
    a temporary file; its entries are copied, streamed, into ``target`` with fixed dates.
    """
    moment = datetime(c.deadline.year, c.deadline.month, c.deadline.day)
    wb = summary_workbook(c)
    wb.properties.created = wb.properties.modified = moment
    with tempfile.TemporaryFile() as raw:
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as archive:
            # ExcelWriter directly: openpyxl's save_workbook would stamp "modified" with now.
            ExcelWriter(wb, archive).write_data()
        raw.seek(0)
        repack_zip(raw, target, (moment.year, moment.month, moment.day, 0, 0, 0))


def summary_xlsx_bytes(c: Consolidation) -> bytes:
    """tong-hop.xlsx as bytes (see :func:`write_summary_xlsx`)."""
    buffer = io.BytesIO()
    write_summary_xlsx(c, buffer)
    return buffer.getvalue()
