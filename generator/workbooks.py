"""Reading department workbooks: the one place that opens .xlsx files with openpyxl.

Before anything is parsed, :func:`check_file` looks at the raw bytes and the zip directory,
so a file that is not a workbook, is corrupt, macro-enabled, encrypted, legacy, too large
or a zip bomb gets one Vietnamese sentence, never a traceback. :func:`read_workbook` then
loads the workbook twice: once for the values (formula results as the spreadsheet program
cached them) and once for the formulas themselves, so a formula without a cached result
can be reported by cell.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel

from generator.errors import Location, WorkbookError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 10_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML file is an OLE2 container holding an "EncryptionInfo" stream;
# stream names are stored in UTF-16LE in the directory entries.
ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MACRO_CONTENT_TYPE = "macroEnabled"

SAVE_AS_XLSX = "hãy mở tệp bằng Excel và lưu lại dưới dạng «Sổ làm việc Excel (*.xlsx)»"

CellValue = str | int | float | bool | datetime | date | time | timedelta | None


# Excel stores characters XML 1.0 cannot hold (a vertical tab pasted from Word…) as
# "_xHHHH_"; openpyxl hands them over undecoded, so they are decoded here.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def decode_escapes(text: str) -> str:
    """ "a_x000B_b" -> "a\vb": the ST_Xstring escapes of OOXML turned back into characters."""
    return _OOXML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def cell_address(row: int, column: int) -> str:
    """The A1-style address a clerk sees: (7, 4) -> "D7"."""
    return f"{get_column_letter(column)}{row}"


@dataclass(frozen=True)
class Cell:
    """One cell as read: its value (a formula's cached result) and its formula, if any."""

    sheet: str
    row: int
    column: int
    value: CellValue
    formula: str | None = None

    @property
    def address(self) -> str:
        return cell_address(self.row, self.column)

    @property
    def lacks_cached_value(self) -> bool:
        return self.formula is not None and self.value is None


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    max_row: int = 0

    def cell(self, row: int, column: int) -> Cell:
        return self.cells.get((row, column)) or Cell(self.name, row, column, None)


@dataclass
class WorkbookData:
    """Every non-empty cell of every sheet, the workbook's defined names and properties."""

    path: Path
    sheets: dict[str, Sheet]
    names: dict[str, Cell]
    keywords: str
    epoch: datetime

    def sheet(self, name: str) -> Sheet | None:
        """A sheet by name, ignoring case and surrounding spaces (some programs alter them)."""
        wanted = name.strip().casefold()
        for sheet_name, sheet in self.sheets.items():
            if sheet_name.strip().casefold() == wanted:
                return sheet
        return None

    def serial_to_date(self, serial: float) -> date:
        return from_excel(serial, epoch=self.epoch).date()


def _refuse(path: Path, text: str) -> WorkbookError:
    return WorkbookError(text, Location(file=path))


def _check_ole2(path: Path, data: bytes) -> None:
    if ENCRYPTION_MARK in data:
        raise _refuse(
            path,
            "tệp được đặt mật khẩu nên không đọc được; hãy mở tệp, gỡ mật khẩu "
            "(Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, để trống) rồi lưu lại",
        )
    raise _refuse(path, f"tệp theo định dạng Excel cũ (.xls) không đọc được; {SAVE_AS_XLSX}")


def _check_unpacked_size(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from the directory alone, before any member is decompressed."""
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(
            path,
            f"tệp khi giải nén lớn hơn {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB, "
            "vượt quá cỡ của một phiếu báo cáo; hãy dùng phiếu do vanban tạo",
        )


def _check_zip_members(path: Path, archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
        raise _refuse(
            path, f"tệp là bảng tính OpenDocument (.ods), không phải tệp Excel; {SAVE_AS_XLSX}"
        )
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _refuse(path, "tệp không phải là sổ làm việc Excel (.xlsx)")
    content_types = archive.read("[Content_Types].xml").decode("utf-8", errors="replace")
    if MACRO_CONTENT_TYPE in content_types or "xl/vbaProject.bin" in names:
        raise _refuse(
            path,
            "tệp là sổ làm việc có macro (.xlsm), vanban không mở loại tệp này vì lý do an toàn; "
            + SAVE_AS_XLSX,
        )


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


def _used_rows(archive: zipfile.ZipFile, member: str) -> int:
    """The last used row of a worksheet part, without loading the sheet.

    The ``<dimension>`` element near the start says it; when a writer left it out (or wrote
    a bare "A1"), the rows are counted in one streaming pass that stops past the limit.
    """
    with archive.open(member) as stream:
        head = stream.read(4096)
    found = _DIMENSION.search(head)
    if found and b":" in found.group(1):
        return range_boundaries(found.group(1).decode("ascii"))[3] or 0
    last = 0
    with archive.open(member) as stream:
        for _, element in etree.iterparse(stream, events=("end",), tag="{*}row"):
            number = element.get("r")
            last = int(number) if number and number.isdigit() else last + 1
            element.clear()
            if last > MAX_ROWS:
                break
    return last


def check_file(path: Path) -> None:
    """Refuse, before parsing, anything that is not a reasonable .xlsx workbook."""
    size = path.stat().st_size
    if size == 0:
        raise _refuse(path, "tệp rỗng (0 byte); hãy gửi lại phiếu báo cáo đã điền")
    if size > MAX_FILE_BYTES:
        raise _refuse(
            path,
            f"tệp lớn {size / (1024 * 1024):.1f} MB, vượt quá giới hạn "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB của một phiếu báo cáo",
        )
    with path.open("rb") as stream:
        head = stream.read(8)
    if head == OLE2_MAGIC:
        _check_ole2(path, path.read_bytes())
    if not head.startswith(b"PK"):
        raise _refuse(path, "tệp không phải là sổ làm việc Excel (.xlsx)")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_unpacked_size(path, archive)
            if archive.testzip() is not None:
                raise zipfile.BadZipFile
            _check_zip_members(path, archive)
            for member in archive.namelist():
                if re.fullmatch(r"xl/worksheets/[^/]+\.xml", member):
                    rows = _used_rows(archive, member)
                    if rows > MAX_ROWS:
                        raise _refuse(
                            path,
                            f"một trang tính có hơn {MAX_ROWS:,} dòng".replace(",", ".")
                            + ", vượt quá cỡ của một phiếu báo cáo; hãy dùng phiếu do vanban tạo",
                        )
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        etree.XMLSyntaxError,
    ) as error:
        raise _refuse(
            path, "tệp bị hỏng, không giải nén được; hãy mở lại bằng Excel, lưu rồi gửi lại"
        ) from error


def _resolve_names(workbook: Any, sheets: dict[str, Sheet]) -> dict[str, Cell]:
    """Workbook-level defined names that point at one cell, resolved to that cell."""
    resolved: dict[str, Cell] = {}
    for name, definition in workbook.defined_names.items():
        try:
            destinations = list(definition.destinations)
        except Exception:  # a name holding a constant or an expression: not ours
            continue
        if len(destinations) != 1:
            continue
        sheet_name, reference = destinations[0]
        sheet = sheets.get(sheet_name)
        if sheet is None:
            continue
        try:
            min_col, min_row, max_col, max_row = range_boundaries(reference.replace("$", ""))
        except ValueError:
            continue
        if (min_col, min_row) == (max_col, max_row) and min_col is not None:
            resolved[name] = sheet.cell(min_row, min_col)
    return resolved


def read_workbook(path: Path) -> WorkbookData:
    """Check ``path``, then read every non-empty cell of every sheet (values and formulas)."""
    check_file(path)
    try:
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a broken part
        raise _refuse(
            path,
            "tệp không đọc được như một sổ làm việc Excel (nội dung bị hỏng); "
            "hãy mở lại bằng Excel, lưu rồi gửi lại",
        ) from error
    sheets: dict[str, Sheet] = {}
    for worksheet in values.worksheets:
        sheet = Sheet(worksheet.title)
        formula_sheet = formulas[worksheet.title]
        for row in worksheet.iter_rows():
            for cell in row:
                source = formula_sheet.cell(row=cell.row, column=cell.column)
                formula = str(source.value) if source.data_type == "f" else None
                if cell.value is None and formula is None:
                    continue
                value = cell.value
                if isinstance(value, str):
                    value = decode_escapes(value)
                sheet.cells[(cell.row, cell.column)] = Cell(
                    sheet.name, cell.row, cell.column, value, formula
                )
                sheet.max_row = max(sheet.max_row, cell.row)
        sheets[sheet.name] = sheet
    return WorkbookData(
        path=path,
        sheets=sheets,
        names=_resolve_names(values, sheets),
        keywords=values.properties.keywords or "",
        epoch=values.epoch,
    )
