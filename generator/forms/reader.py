"""Reading department workbooks: the one place that opens .xlsx files with openpyxl.

Before anything is parsed, :func:`check_file` looks at the raw bytes and the zip directory,
so a file that is not a workbook, is corrupt, macro-enabled, encrypted, legacy, too large
or a zip bomb gets one Vietnamese sentence, never a traceback. The file is read once and
each zip member decompressed (and its checksum verified) once: the checks and the reading
that follows work on those bytes. :func:`read_workbook` gives every cell's value (a
formula's result as the spreadsheet program cached it) and its formula together, so a
formula without a cached result can be reported by cell.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar
from xml.etree import ElementTree
from xml.parsers import expat

from lxml import etree
from openpyxl.formula.translate import Translator
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.packaging.workbook import WorkbookPackage
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601
from openpyxl.workbook.child import INVALID_TITLE_REGEX, avoid_duplicate_name
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
from openpyxl.xml.functions import fromstring as xml_fromstring

from generator.errors import Location, WorkbookError
from generator.forms.number_formats import NumberFormat, format_shown_otherwise
from generator.vnformat import format_number

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 10_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML file is an OLE2 container holding an "EncryptionInfo" stream;
# stream names are stored in UTF-16LE in the directory entries.
ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MACRO_CONTENT_TYPE = "macroEnabled"
# .xlsb: application/vnd.ms-excel.sheet.binary.macroEnabled.main, macros or not
BINARY_CONTENT_TYPE = "sheet.binary"
# Excel's «Strict Open XML Spreadsheet» names its parts' relationships (and everything
# else) in namespaces under this address, which openpyxl does not know: it reads no sheet.
STRICT_NAMESPACE = b"//purl.oclc.org/ooxml/"
_PACKAGE_RELATIONS = ("_rels/.rels", "xl/_rels/workbook.xml.rels")

LOCKED = (
    "không mở được tệp (đang bị khóa hoặc chưa tải về máy); đóng chương trình đang giữ tệp "
    "rồi chạy lại"
)
BROKEN_LINK = "liên kết hỏng, không trỏ tới tệp nào; hãy chép chính tệp phiếu vào thư mục"

SAVE_AS_XLSX = "hãy mở tệp bằng Excel và lưu lại dưới dạng «Sổ làm việc Excel (*.xlsx)»"

T = TypeVar("T")

CellValue = str | int | float | bool | datetime | date | time | timedelta | None


# Excel stores characters XML 1.0 cannot hold (a vertical tab pasted from Word…) as
# "_xHHHH_", and a literal "_xHHHH_" typed by a clerk as "_x005F_xHHHH_" (the underscore
# escaped). openpyxl only deletes "x005F_" and leaves the rest undecoded, so a typed
# "_x0041_" would come back as "A" if decoded after it; here every escape is decoded in
# one left-to-right pass, exactly once.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def decode_escapes(text: str) -> str:
    """ "a_x000B_b" -> "a\vb", "_x005F_x0041_" -> "_x0041_": the ST_Xstring escapes of
    OOXML turned back into characters, each decoded once."""
    return _OOXML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


class ExcelError(str):
    """An error value Excel stored in a cell (``t="e"``): «#DIV/0!», «#REF!», «#N/A»…"""

    __slots__ = ()


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
    # merged ranges («F10:F12»): only their top-left cell is read, as Excel shows it
    merged: tuple[CellRange, ...] = ()
    # rows and columns hidden in the sheet: what is typed there is read, but no one sees it
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()

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
    sha256: str  # the file's hash, of the bytes read (not of the file read again)

    def sheet(self, name: str) -> Sheet | None:
        """A sheet by name, ignoring case, surrounding spaces and Unicode normalisation
        (a name retyped on a Mac is NFD; some programs alter case or spaces)."""
        wanted = sheet_key(name)
        for sheet_name, sheet in self.sheets.items():
            if sheet_key(sheet_name) == wanted:
                return sheet
        return None

    def serial_to_date(self, serial: float) -> date:
        return from_excel(serial, epoch=self.epoch).date()


@functools.lru_cache(maxsize=1024)
def sheet_key(name: str) -> str:
    """How sheet names compare: NFC, surrounding spaces and case ignored (remembered: a
    form's sheets are looked up by name again and again)."""
    return unicodedata.normalize("NFC", name).strip().casefold()


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


class _Package:
    """A workbook's zip members, each decompressed (and its CRC checked) once; read like
    the zip itself (``read``, ``namelist``), so that the checks and openpyxl's helpers take
    either."""

    def __init__(self, archive: zipfile.ZipFile, data: bytes) -> None:
        self.names = archive.namelist()
        self.sha256 = hashlib.sha256(data).hexdigest()  # of the very bytes read
        # A repeated name reads as its last entry, as zipfile opens it by name.
        try:
            self.parts = {info.filename: _member(data, info) for info in archive.infolist()}
        except _Unusual:
            self.parts = {info.filename: archive.read(info) for info in archive.infolist()}

    def read(self, name: str) -> bytes:
        return self.parts[name]

    def namelist(self) -> list[str]:
        return self.names


class _Unusual(Exception):
    """A zip member :func:`_member` leaves to zipfile (which may find it corrupt)."""


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_UNUSUAL_FLAGS = 0x1 | 0x20 | 0x40  # encrypted, compressed patched data, strong encryption


def _member(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """A stored or deflated member's bytes straight from the file's bytes, when its local
    header, length and CRC are all as zipfile checks them (so that zipfile would read the
    same bytes); anything else raises _Unusual, and zipfile reads the file."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or (
        info.flag_bits & _UNUSUAL_FLAGS
    ):
        raise _Unusual
    offset = info.header_offset
    header = data[offset : offset + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size:
        raise _Unusual
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_SIGNATURE:
        raise _Unusual
    name_length, extra_length = fields[10], fields[11]
    start = offset + _LOCAL_HEADER.size
    name = data[start : start + name_length]
    encoding = "utf-8" if fields[3] & 0x800 else "cp437"
    try:
        if name.decode(encoding) != info.orig_filename:
            raise _Unusual
    except UnicodeDecodeError:
        raise _Unusual from None
    start += name_length + extra_length
    stored = data[start : start + info.compress_size]
    if len(stored) != info.compress_size:
        raise _Unusual
    try:  # never more than the size the directory declares, and one byte to see excess
        content = (
            zlib.decompressobj(-15).decompress(stored, info.file_size + 1)
            if info.compress_type == zipfile.ZIP_DEFLATED
            else stored
        )
    except zlib.error:
        raise _Unusual from None
    if len(content) != info.file_size or zlib.crc32(content) != info.CRC:
        raise _Unusual
    return content


def _check_unpacked_size(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from the directory alone, before any member is decompressed."""
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(
            path,
            f"tệp khi giải nén lớn hơn {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB, "
            "vượt quá cỡ của một phiếu báo cáo; hãy dùng phiếu do vanban tạo",
        )


def _check_zip_members(path: Path, archive: _Package) -> None:
    names = archive.namelist()
    if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
        raise _refuse(
            path, f"tệp là bảng tính OpenDocument (.ods), không phải tệp Excel; {SAVE_AS_XLSX}"
        )
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _refuse(path, "tệp không phải là sổ làm việc Excel (.xlsx)")
    content_types = archive.read("[Content_Types].xml").decode("utf-8", errors="replace")
    if BINARY_CONTENT_TYPE in content_types or "xl/workbook.bin" in names:
        raise _refuse(
            path,
            "tệp là sổ làm việc nhị phân của Excel (.xlsb), vanban không đọc loại tệp này; "
            + SAVE_AS_XLSX,
        )
    if any(STRICT_NAMESPACE in archive.read(name) for name in _PACKAGE_RELATIONS if name in names):
        raise _refuse(
            path,
            "tệp được lưu theo định dạng «Strict Open XML», vanban không đọc định "
            f"dạng này; {SAVE_AS_XLSX}",
        )
    if MACRO_CONTENT_TYPE in content_types or "xl/vbaProject.bin" in names:
        raise _refuse(
            path,
            "tệp là sổ làm việc có macro (.xlsm), vanban không mở loại tệp này vì lý do an toàn; "
            + SAVE_AS_XLSX,
        )


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
_HOLDING = ("v", "f", "is")  # what a cell holding a value or a formula has inside


def _last_value_row(data: bytes) -> tuple[int, str | None]:
    """The last row of a worksheet part holding a value or a formula, and that cell's
    address (None when the cell has none), without loading the sheet.

    The ``<dimension>`` near the start says how far the sheet reaches, formatting included:
    within the limit, nothing more is read. Beyond it (a fill down to row 12004, one
    formatted cell in row 1048576), or when a writer left it out (or wrote a bare "A1"),
    the rows are read in one streaming pass in which empty cells count for nothing.
    """
    found = _DIMENSION.search(data, 0, 4096)
    if found and b":" in found.group(1):
        reach = range_boundaries(found.group(1).decode("ascii"))[3] or 0
        if reach <= MAX_ROWS:
            return reach, None
    last: tuple[int, str | None] = (0, None)
    number = 0
    with io.BytesIO(data) as stream:
        for _, element in etree.iterparse(stream, events=("end",), tag="{*}row"):
            attribute = element.get("r")
            number = int(attribute) if attribute and attribute.isdigit() else number + 1
            for cell in element:
                if any(_holds(part) for part in cell):
                    last = (number, cell.get("r"))
            element.clear()
    return last


def _holds(part: Any) -> bool:
    """Whether a ``<c>``'s child is a value, an inline text or a formula (even empty: a
    shared formula's later cells)."""
    name = _local_name(part.tag)
    return name in _HOLDING and (name == "f" or bool(part.text) or len(part) > 0)


class _Declaration(Exception):
    """A part's prolog holds a DOCTYPE (where entities are declared)."""


class _PrologEnd(Exception):
    """The root element of a part started: no DOCTYPE can follow."""


def _raise_declaration(*_: object) -> None:
    raise _Declaration


def _raise_prolog_end(*_: object) -> None:
    raise _PrologEnd


# A part whose root element starts right after an optional UTF-8 XML declaration (every
# part Excel, LibreOffice or openpyxl writes): nothing else can stand in its prolog.
_PLAIN_PROLOG = re.compile(
    rb"(?:\xef\xbb\xbf)?"
    rb"(?:<\?xml(?:\s+(?:version|standalone)\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*')"
    rb"|\s+encoding\s*=\s*(?:\"(?i:utf-8)\"|'(?i:utf-8)'))*\s*\?>)?"
    rb"[ \t\r\n]*<[A-Za-z_]"
)


def _declares_doctype(data: bytes) -> bool:
    """Whether a part holds a DOCTYPE, read with expat only up to its root element.

    A DOCTYPE (and with it any ENTITY) can only stand before the root element, so the
    prolog is enough; expat reads it in whatever encoding the part declares (UTF-16…).
    Parts that are not XML stop the parser at once and say no.
    """
    if _PLAIN_PROLOG.match(data):
        return False
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _raise_declaration
    parser.EntityDeclHandler = _raise_declaration
    parser.StartElementHandler = _raise_prolog_end
    try:
        for start in range(0, len(data), 64 * 1024):
            parser.Parse(data[start : start + 64 * 1024], False)
        parser.Parse(b"", True)
    except _Declaration:
        return True
    except (_PrologEnd, expat.ExpatError):
        return False
    return False


def _sheet_titles(archive: _Package) -> dict[str, str]:
    """Worksheet part -> sheet title, or nothing when the workbook part cannot say."""
    try:
        manifest = Manifest.from_tree(xml_fromstring(archive.read(ARC_CONTENT_TYPES)))
        workbook_part = _find_workbook_part(manifest).PartName[1:]
        package = WorkbookPackage.from_tree(xml_fromstring(archive.read(workbook_part)))
        relations = get_dependents(archive, get_rels_path(workbook_part)).to_dict()
        return {relations[sheet.id].target: sheet.name for sheet in package.sheets}
    except Exception:  # only used to word a refusal better; the part name is enough
        return {}


def _check_declarations(path: Path, archive: _Package) -> None:
    """Refuse a part declaring a DOCTYPE: its entities would be expanded when parsed.

    Excel, LibreOffice and Google Sheets never write one; a file holding one was made by
    hand or by a program trying entity tricks (billion laughs, external entities).
    """
    declaring = [member for member in archive.namelist() if _declares_doctype(archive.read(member))]
    if not declaring:
        return
    part = declaring[0]
    titles = {} if len(declaring) > 1 else _sheet_titles(archive)
    sheet = f" (trang tính «{titles[part]}»)" if part in titles else ""
    raise _refuse(
        path,
        f"tệp có khai báo DOCTYPE/ENTITY trong phần «{part}»{sheet}, điều mà Excel không "
        "bao giờ ghi: đây không phải tệp Excel thông thường nên vanban không đọc, vì lý do "
        "an toàn; hãy mở tệp bằng Excel, lưu lại rồi gửi lại, hoặc điền vào phiếu mới do "
        "vanban tạo",
    )


def _megabytes(size: int) -> str:
    return format_number(size / (1024 * 1024), 1)


def check_file(path: Path) -> None:
    """Refuse, before parsing, anything that is not a reasonable .xlsx workbook.

    A file that cannot even be opened (locked by another program, a OneDrive file not
    downloaded, a link pointing nowhere) is refused too, with what to do about it.
    """
    _checked_package(path)


def _checked_package(path: Path) -> _Package:
    """The file's zip members, once every check of :func:`check_file` has passed."""
    try:
        if path.is_symlink() and not path.exists():
            raise _refuse(path, BROKEN_LINK)
        return _check_contents(path)
    except OSError as error:
        raise _refuse(path, LOCKED) from error


def _check_contents(path: Path) -> _Package:
    size = path.stat().st_size
    if size == 0:
        raise _refuse(path, "tệp rỗng (0 byte); hãy gửi lại phiếu báo cáo đã điền")
    if size > MAX_FILE_BYTES:
        raise _refuse(
            path,
            f"tệp lớn {_megabytes(size)} MB, vượt quá giới hạn "
            f"{format_number(MAX_FILE_BYTES // (1024 * 1024))} MB của một phiếu báo cáo",
        )
    data = path.read_bytes()  # at most MAX_FILE_BYTES
    head = data[:8]
    if head == OLE2_MAGIC:
        _check_ole2(path, data)
    if not head.startswith(b"PK"):
        raise _refuse(path, "tệp không phải là sổ làm việc Excel (.xlsx)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_unpacked_size(path, archive)
            package = _Package(archive, data)  # every member decompressed, CRC checked
        _check_zip_members(path, package)
        _check_declarations(path, package)
        for member in package.namelist():
            if _WORKSHEET_PART.fullmatch(member):
                _check_rows(path, package, member)
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
    return package


_WORKSHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")


def _check_rows(path: Path, package: _Package, member: str) -> None:
    """Refuse a sheet with values or formulas below row MAX_ROWS, naming the last one."""
    last, cell = _last_value_row(package.read(member))
    if last <= MAX_ROWS:
        return
    sheet = _sheet_titles(package).get(member)
    raise WorkbookError(
        f"trang tính có nội dung đến dòng {format_number(last)}, hơn "
        f"{format_number(MAX_ROWS)} dòng của một phiếu báo cáo nên vanban không đọc tệp; nếu "
        f"đó là nội dung gõ nhầm, hãy xóa nội dung các dòng từ {format_number(MAX_ROWS + 1)} "
        "trở xuống rồi lưu lại, nếu không hãy dùng phiếu do vanban tạo",
        Location(file=path, sheet=sheet, cell=cell),
    )


# ---------------------------------------------------------------------------
# Reading: one streaming pass over each sheet's XML gives every cell's cached value and
# its formula together. The rules are openpyxl's own (3.1: worksheet/_reader.py,
# reader/strings.py, styles/stylesheet.py), kept here so that a workbook reads exactly as
# two full openpyxl loads (data_only=True, then formulas) used to read it, in a fifth of
# the time: the sheet XML is parsed by the same expat parser, and only the parts a form
# uses are read (no drawings, comments, fonts or print settings).

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW = _MAIN + "row"
_VALUE = _MAIN + "v"
_FORMULA = _MAIN + "f"
_INLINE_STRING = _MAIN + "is"
_MERGED_CELLS = _MAIN + "mergeCells"
_SHARED_STRING = _MAIN + "si"
STYLES_PART = "xl/styles.xml"
CORE_PART = "docProps/core.xml"
UNREADABLE = (
    "tệp không đọc được như một sổ làm việc Excel (nội dung bị hỏng); "
    "hãy mở lại bằng Excel, lưu rồi gửi lại"
)


class _Unreadable(Exception):
    """A part that openpyxl would also have refused to load."""


def _local_name(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _text_content(element: Any) -> str:
    """The text of an ``<si>`` or ``<is>`` element: its ``<t>``, then each run's ``<t>``.

    Phonetic guides (``<rPh>``) are left out; a repeated ``<t>`` keeps the last one.
    """
    plain: str | None = None
    runs: list[str] = []
    for child in element:
        name = _local_name(child.tag)
        if name == "t":
            plain = child.text
        elif name == "r":
            run_text = None
            for part in child:
                if _local_name(part.tag) == "t":
                    run_text = part.text
            if run_text is not None:
                runs.append(run_text)
    return "".join(([plain] if plain is not None else []) + runs)


def _shared_strings(data: bytes) -> list[str]:
    try:
        return _plain_strings(data)
    except _NotPlain:
        pass
    strings: list[str] = []
    with io.BytesIO(data) as stream:
        for _, element in ElementTree.iterparse(stream):
            if element.tag == _SHARED_STRING:
                strings.append(_text_content(element))  # decoded once, in _sheet
                element.clear()
    return strings


SMALL_PART_BYTES = 256 * 1024


def _remembered(function: Callable[..., T]) -> Callable[..., T]:
    """``function`` of a part's bytes, remembered for a few small parts (a large part, which
    only a program trying tricks writes, is not kept)."""
    remembered = functools.lru_cache(maxsize=16)(function)

    @functools.wraps(function)
    def parsed(*args: Any) -> T:
        small = sum(len(argument) for argument in args) <= SMALL_PART_BYTES
        return remembered(*args) if small else function(*args)

    return parsed


@dataclass(frozen=True)
class _Styles:
    """What a cell's style index says about its value: how many styles, which are dates,
    which show a number as a percentage (1 shown «100%»), which show it otherwise still
    (12 shown «12 triệu đồng», 12000000 shown «12»)."""

    count: int = 1
    dates: frozenset[int] = frozenset()
    durations: frozenset[int] = frozenset()
    percents: frozenset[int] = frozenset()
    formats: Mapping[int, NumberFormat] = field(default_factory=dict)

    @functools.cached_property
    def shown_otherwise(self) -> frozenset[int]:
        """Styles under which a number is not shown as itself: read cell by cell."""
        return self.dates | self.percents | frozenset(self.formats)


class ShownAsPercent(float):
    """A number in a cell formatted as a percentage: Excel shows 1 as «100%», 0.5 as «50%»."""


class ShownOtherwise(float):
    """A number in a cell whose number format shows something else: ``shown`` is what Excel
    shows («12 triệu đồng» for 12 under #,##0" triệu đồng")."""

    shown: str

    def __new__(cls, number: float, shown: str) -> ShownOtherwise:
        value = super().__new__(cls, number)
        value.shown = shown
        return value

    def __reduce__(self) -> tuple[type[ShownOtherwise], tuple[float, str]]:
        return ShownOtherwise, (float(self), self.shown)


_QUOTED = re.compile(r'"[^"]*"')


@_remembered
def _read_styles(data: bytes) -> _Styles:
    """Which cell styles show a date or a duration, decided by their number format.

    Remembered by the part's bytes (as the other small parts below): the workbooks of one
    form, saved by one program, mostly share them."""
    custom: dict[int, str] = {}
    style_formats: list[int] = []
    for part in xml_fromstring(data):
        name = _local_name(part.tag)
        if name == "numFmts":
            custom = {
                int(item.get("numFmtId")): item.get("formatCode")
                for item in part
                if _local_name(item.tag) == "numFmt"
            }
        elif name == "cellXfs":
            style_formats = [
                int(item.get("numFmtId", 0)) for item in part if _local_name(item.tag) == "xf"
            ]
    if not style_formats:
        return _Styles()
    codes = [custom.get(number) or builtin_format_code(number) for number in style_formats]
    dates = frozenset(i for i, code in enumerate(codes) if is_date_format(code))
    percents = frozenset(i for i, code in enumerate(codes) if "%" in _QUOTED.sub("", code))
    # Only a format written in the file: the built-in ones show the number as itself (their
    # "$" is the computer's own currency sign, ₫ on a Vietnamese one).
    written = {
        i: format_shown_otherwise(custom[number])
        for i, number in enumerate(style_formats)
        if custom.get(number) and i not in dates and i not in percents
    }
    return _Styles(
        count=len(style_formats),
        dates=dates,
        durations=frozenset(i for i, code in enumerate(codes) if is_timedelta_format(code)),
        percents=percents,
        formats={i: shown for i, shown in written.items() if shown is not None},
    )


def _cast_number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _row_number(attribute: str) -> int:
    try:
        return int(attribute)
    except ValueError:
        number = float(attribute)
        if not number.is_integer():
            raise _Unreadable(f"row number {attribute}") from None
        return int(number)


# ---------------------------------------------------------------------------
# The plain shape: a worksheet part as Excel, LibreOffice, Google Sheets and openpyxl write
# it (UTF-8, no prefixed elements, one default namespace on the root, no comments, CDATA or
# processing instructions, ``<c>`` holding at most an ``<f>`` then a ``<v>`` or an ``<is>``
# with one ``<t>``). Such a part, once expat (without handlers, in C) has found it
# well-formed, is read with a few regular expressions: every "<" in it starts a tag, so
# the cells are cut out exactly as ElementTree would give them, in a fraction of the time.
# Anything else raises _NotPlain and the part is read by ElementTree.


class _NotPlain(Exception):
    """A worksheet part outside the plain shape: read by ElementTree instead."""


_MAIN_URI = _MAIN[1:-1]
_SPACE = rb"[ \t\r\n]"
_ATTRIBUTE = re.compile(
    _SPACE
    + rb"+([A-Za-z_][\w.:-]*)"
    + _SPACE
    + rb"*="
    + _SPACE
    + rb"""*(?:"([^"<&\t\r\n]*)"|'([^'<&\t\r\n]*)')"""
)
# Inside sheetData every tag is matched whole (no prefix can pass); outside it only rows
# and merged ranges are read, so a prefixed one ("<x:row") is what must not be missed.
_PREFIXED_READ_TAGS = (b":row", b":mergeCells")
# Counted with any name ending in "xmlns" too: more than one, and the part is not plain.
_DEFAULT_NAMESPACE = re.compile(rb"xmlns" + _SPACE + rb"*=")
_ROOT = re.compile(rb"<[A-Za-z_][\w.-]*([^>]*)>")
_SHEET_DATA = re.compile(rb"<sheetData(" + _SPACE + rb"*/?)>")
_SHEET_DATA_ANY = re.compile(rb"<sheetData[ \t\r\n/>]")
_ROW_ANY = re.compile(rb"<row[ \t\r\n/>]")
_ROW_OPEN = re.compile(_SPACE + rb"*<row\b([^>]*?)(/?)>")
_CELL = re.compile(
    _SPACE + rb"*<c\b(?P<attributes>[^>]*?)(?:/>|>" + _SPACE + rb"*"
    rb"(?P<f><f\b(?P<f_attributes>[^>]*?)(?:/>|>(?P<f_text>[^<]*)</f>)" + _SPACE + rb"*)?"
    rb"(?:<v>(?P<v>[^<]*)</v>|<v/>"
    rb"|(?P<is><is>"
    + _SPACE
    + rb"*(?:<t\b(?P<t_attributes>[^>]*?)(?:/>|>(?P<t>[^<]*)</t>)"
    + _SPACE
    + rb"*)?</is>|<is/>))?"
    + _SPACE
    + rb"*</c>)"
)
# _CELL without its groups: findall gives each cell's bytes whole.
_CELLS = re.compile(re.sub(rb"\(\?P<\w+>", b"(?:", _CELL.pattern))
_MERGED_OPEN = re.compile(rb"<mergeCells\b([^>]*?)(/?)>")
_MERGED_CELL = re.compile(_SPACE + rb"*<mergeCell\b([^>]*?)(?:/>|>" + _SPACE + rb"*</mergeCell>)")
_MERGED_CLOSE = re.compile(_SPACE + rb"*</mergeCells>")


def _named_replaced(text: str) -> str:
    """The five predefined entities replaced, "&amp;" last so that nothing is replaced
    twice."""
    if "&" not in text:
        return text
    for reference, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(reference, char)
    return text.replace("&amp;", "&")


def _references_replaced(text: str) -> str:
    """Character references ("&#7878;", "&#x1EC6;") and predefined entities replaced; in
    a well-formed part every "&#" starts a character reference."""
    pieces = text.split("&#")
    out = [_named_replaced(pieces[0])]
    for piece in pieces[1:]:
        number, _, rest = piece.partition(";")
        out.append(chr(int(number[1:], 16)) if number[0] == "x" else chr(int(number)))
        out.append(_named_replaced(rest))
    return "".join(out)


# The texts and tags of one form come back in every workbook made from it.
_REMEMBERED = 2048  # a form has a few hundred cells; the unique ones pass through
SHORT_BYTES = 2048


def _xml_text(raw: bytes) -> str:
    return _remembered_text(raw) if len(raw) <= SHORT_BYTES else _decoded_text(raw)


def _decoded_text(raw: bytes) -> str:
    """Character data as an XML parser reports it: line ends made "\n", references
    replaced (the part is well-formed: no other reference can stand there)."""
    text = raw.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _references_replaced(text) if "&" in text else text


_remembered_text = functools.lru_cache(maxsize=_REMEMBERED)(_decoded_text)
_NO_ATTRIBUTES: dict[str, str] = {}


def _attributes(raw: bytes | None) -> dict[str, str]:
    """A start tag's attributes (shared between calls: never to be changed); values holding
    a reference or a tab or line end (which a parser would normalise) are left to
    ElementTree."""
    if raw is None or not raw:
        return _NO_ATTRIBUTES
    return _remembered_attributes(raw) if len(raw) <= SHORT_BYTES else _parsed_attributes(raw)


def _parsed_attributes(raw: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    position = 0
    while match := _ATTRIBUTE.match(raw, position):
        value = match[2] if match[2] is not None else match[3]
        found[match[1].decode("ascii")] = value.decode("utf-8")
        position = match.end()
    if raw[position:].strip(b" \t\r\n"):
        raise _NotPlain
    return found


_remembered_attributes = functools.lru_cache(maxsize=_REMEMBERED)(_parsed_attributes)


_Formula = tuple[str | None, dict[str, str]]
# A cell with its address, no formula, and an inline text, a number or a shared string:
# (row, column, style, value, what the value is), found once for the cell's bytes; what is
# left (the style's range, date styles, the shared string) depends on the workbook.
_Simple = tuple[int, int, int, CellValue, int]
_AS_IS, _NUMBER, _SHARED = range(3)
# attributes, <v> text, <is> text, <f>, and _Simple when the cell is simple
_PlainCell = tuple[dict[str, str], str | None, str | None, _Formula | None, _Simple | None]


def _one_match(pattern: re.Pattern[bytes], literal: bytes, data: bytes) -> bool:
    """Whether ``pattern``, each of whose matches holds ``literal``, matches ``data``
    exactly once: counted by the bytes' own search when the literal is there once (most
    parts), by the pattern otherwise."""
    found = data.count(literal)
    if found == 1:
        return pattern.search(data) is not None
    return found > 1 and len(pattern.findall(data)) == 1


def _plain_root(data: bytes, read_tags: tuple[bytes, ...]) -> re.Match[bytes]:
    """The root element of a part in the plain shape, once expat has found the part
    well-formed; _NotPlain for any other part. ``read_tags``: the prefixed forms of the tags
    the caller reads (":row"…), which must not be there."""
    prolog = _PLAIN_PROLOG.match(data)
    if (
        prolog is None
        or b"<!" in data
        or data.find(b"<?", prolog.end()) != -1
        or any(tag in data for tag in read_tags)
        or not _one_match(_DEFAULT_NAMESPACE, b"xmlns", data)
    ):
        raise _NotPlain
    root = _ROOT.match(data, prolog.end() - 2)
    if root is None or root[1].endswith(b"/") or _attributes(root[1]).get("xmlns") != _MAIN_URI:
        raise _NotPlain
    try:
        expat.ParserCreate(namespace_separator="}").Parse(data, True)
    except expat.ExpatError:
        raise _NotPlain from None  # ElementTree says the same, in its own words
    return root


def _plain_sheet(data: bytes) -> tuple[list[tuple[dict[str, str], list[_PlainCell]]], list[str]]:
    """The rows of a plain worksheet part (each row's attributes and its cells, as
    :meth:`_SheetReader.cell` takes them) and the references of its merged ranges."""
    _plain_root(data, _PREFIXED_READ_TAGS)
    sheet_data = _SHEET_DATA.search(data)
    if sheet_data is None or not _one_match(_SHEET_DATA_ANY, b"<sheetData", data):
        raise _NotPlain
    if sheet_data[1].endswith(b"/"):
        body, end = b"", sheet_data.end()
    else:
        end = data.find(b"</sheetData>", sheet_data.end())
        if end == -1:
            raise _NotPlain
        body = data[sheet_data.end() : end]
    if _ROW_ANY.search(data, 0, sheet_data.start()) or _ROW_ANY.search(data, end):
        raise _NotPlain
    return _plain_rows(body), _plain_merges(data)


def _plain_rows(body: bytes) -> list[tuple[dict[str, str], list[_PlainCell]]]:
    rows: list[tuple[dict[str, str], list[_PlainCell]]] = []
    position = 0
    while row := _ROW_OPEN.match(body, position):
        position = row.end()
        if row[2]:  # <row/>
            rows.append((_attributes(row[1]), []))
            continue
        # "</row>" cannot stand inside a cell of a plain part (no CDATA or comment, "<"
        # escaped in texts and attribute values): the row ends at the first one.
        end = body.find(b"</row>", position)
        if end == -1:
            raise _NotPlain
        inside = body[position:end].rstrip(b" \t\r\n")
        position = end + len(b"</row>")
        # The row's cells cut out in C; they must follow one another from its start to its
        # end (anything between two cells leaves a gap, and the part is not plain).
        raws = _CELLS.findall(inside)
        if sum(map(len, raws)) != len(inside):
            raise _NotPlain
        cells = [
            _remembered_cell(raw) if len(raw) <= SHORT_BYTES else _plain_cell(_cut_cell(raw))
            for raw in raws
        ]
        rows.append((_attributes(row[1]), cells))
    if body[position:].strip(b" \t\r\n"):
        raise _NotPlain
    return rows


def _cut_cell(raw: bytes) -> re.Match[bytes]:
    cell = _CELL.fullmatch(raw)
    assert cell is not None  # cut out by _CELLS, the same pattern
    return cell


def _plain_cell(cell: re.Match[bytes]) -> _PlainCell:
    """A ``<c>`` cut out by _CELL, as :meth:`_SheetReader.cell` takes it."""
    _attributes(cell["t_attributes"])  # checked, not used (xml:space…)
    formula = None
    if cell["f"] is not None:
        body_text = cell["f_text"]
        formula = (
            _xml_text(body_text) if body_text else None,
            _attributes(cell["f_attributes"]),
        )
    value = cell["v"]
    inline = None
    if cell["is"] is not None:
        inline = _xml_text(cell["t"]) if cell["t"] else ""
    attributes = _attributes(cell["attributes"])
    text = _xml_text(value) if value else None
    return attributes, text, inline, formula, _simple(attributes, text, inline, formula)


def _simple(
    attributes: dict[str, str], text: str | None, inline: str | None, formula: _Formula | None
) -> _Simple | None:
    """What :meth:`_SheetReader.cell` makes of a cell that needs no state of the sheet (an
    address, no formula) and no shared string: None for any other cell, or one whose
    reading raises (read by :meth:`_SheetReader.cell`, it raises there)."""
    coordinate = attributes.get("r")
    kind = attributes.get("t", "n")
    if formula is not None or not coordinate or kind not in ("inlineStr", "n", "s"):
        return None
    style: Any = attributes.get("s", 0)
    value: CellValue = None
    what = _AS_IS
    try:
        if style:
            style = int(style)
        row, column = _coordinate(coordinate)
        if kind == "inlineStr":
            value = inline
        elif text is not None:
            value, what = (_cast_number(text), _NUMBER) if kind == "n" else (int(text), _SHARED)
    except Exception:
        return None
    if not isinstance(style, int):  # "s" written empty: _SheetReader.cell refuses it
        return None
    return row, column, style, value, what


@functools.lru_cache(maxsize=_REMEMBERED)
def _remembered_cell(raw: bytes) -> _PlainCell:
    """The same cell (same bytes) reads the same: in the workbooks of one form most are."""
    return _plain_cell(_cut_cell(raw))


_STRING_ITEM = re.compile(
    _SPACE
    + rb"*(?:<si>"
    + _SPACE
    + rb"*(?:<t\b(?P<attributes>[^>]*?)(?:/>|>(?P<text>[^<]*)</t>)"
    + _SPACE
    + rb"*)?</si>|<si/>)"
)
_ROOT_CLOSE = re.compile(_SPACE + rb"*</[A-Za-z_][\w.-]*>" + _SPACE + rb"*\Z")


def _plain_strings(data: bytes) -> list[str]:
    """The shared strings of a plain part (as for sheets; each ``<si>`` holding at most one
    ``<t>``: no rich text, no phonetic guide), as ElementTree and _text_content give them."""
    root = _plain_root(data, (b":si",))
    strings: list[str] = []
    position = root.end()
    while item := _STRING_ITEM.match(data, position):
        _attributes(item["attributes"])  # checked, not used (xml:space…)
        text = item["text"]
        strings.append(_xml_text(text) if text else "")
        position = item.end()
    if _ROOT_CLOSE.match(data, position) is None:
        raise _NotPlain
    return strings


def _plain_merges(data: bytes) -> list[str]:
    references: list[str] = []
    if b"<mergeCells" not in data:  # most sheets: no scan by the pattern
        return references
    for merged in _MERGED_OPEN.finditer(data):
        _attributes(merged[1])
        if merged[2]:
            continue
        position = merged.end()
        while item := _MERGED_CELL.match(data, position):
            references.append(_attributes(item[1]).get("ref"))  # type: ignore[arg-type]
            position = item.end()
        if _MERGED_CLOSE.match(data, position) is None:
            raise _NotPlain
    return references


_TRUE = ("1", "true")
MAX_COLUMN = 16384  # XFD, the last column of a sheet
# A column's width and look: <col min="7" max="7" hidden="1"/> (prefixed in some writers).
_COLUMN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?col\b([^>]*?)/?>")


def _hides(attributes: dict[str, str], size: str) -> bool:
    """A row or column hidden, or sized to nothing (``ht="0"``, ``width="0"``): what is
    typed there is as unseen either way."""
    if attributes.get("hidden") in _TRUE:
        return True
    given = attributes.get(size)
    try:
        return given is not None and float(given) == 0
    except ValueError:
        return False


def _with_hidden(sheet: Sheet, rows: set[int], data: bytes) -> Sheet:
    """The sheet with the rows and columns hidden in it."""
    columns: set[int] = set()
    if b"hidden" in data or b'width="0' in data:  # most sheets hide nothing: no scan
        end = data.find(b"sheetData")
        for match in _COLUMN.finditer(data, 0, end if end != -1 else len(data)):
            with contextlib.suppress(_NotPlain, ValueError):  # an odd <col> hides nothing
                attributes = _attributes(match[1])
                if _hides(attributes, "width"):
                    low, high = int(attributes.get("min", 0)), int(attributes.get("max", 0))
                    columns.update(range(low, min(high, MAX_COLUMN) + 1))
    if rows or columns:
        sheet.hidden_rows, sheet.hidden_columns = frozenset(rows), frozenset(columns)
    return sheet


# Two <c> of one address: Excel calls such a file corrupt; which value was meant is unknown.
_REPEATED_CELL = "a cell written twice"


@dataclass
class _SheetReader:
    """One pass over a worksheet part; state kept between cells as the XML requires."""

    strings: list[str]
    styles: _Styles
    epoch: datetime
    shared_formulas: dict[str | None, Translator] = field(default_factory=dict)
    row: int = 0
    column: int = 0

    def read(self, name: str, data: bytes) -> Sheet:
        """The sheet's cells: through :func:`_plain_sheet` when the part has the plain shape
        every spreadsheet program writes, else by ElementTree; the same cells either way."""
        try:
            rows, references = _plain_sheet(data)
        except _NotPlain:
            return self.read_tree(name, data)
        found: dict[tuple[int, int], tuple[CellValue, str | None]] = {}
        count, special = self.styles.count, self.styles.shown_otherwise
        hidden: set[int] = set()
        for row_attributes, cells in rows:
            self.start_row(row_attributes.get("r"))
            if row_attributes and _hides(row_attributes, "ht"):
                hidden.add(self.row)
            for attributes, text, inline, formula, simple in cells:
                if simple is not None:
                    row, column, style, value, what = simple
                    if -count <= style < count and not (what == _NUMBER and style in special):
                        if what == _SHARED:
                            value = self.strings[value]  # type: ignore[index]
                        self.column = column
                        if (row, column) in found:
                            raise _Unreadable(_REPEATED_CELL)
                        found[(row, column)] = (value, None)
                        continue
                key, value, written = self.cell(attributes, text, inline, formula)
                if key in found:
                    raise _Unreadable(_REPEATED_CELL)
                found[key] = (value, written)
        sheet = _sheet(name, found, [CellRange(ref) for ref in references])
        return _with_hidden(sheet, hidden, data)

    def read_tree(self, name: str, data: bytes) -> Sheet:
        found: dict[tuple[int, int], tuple[CellValue, str | None]] = {}
        merged: list[CellRange] = []
        hidden: set[int] = set()
        with io.BytesIO(data) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag == _ROW:
                    self.start_row(element.get("r"))
                    if _hides(element.attrib, "ht"):
                        hidden.add(self.row)
                    for cell in element:
                        key, value, formula = self.cell(cell.attrib, *_cell_parts(cell))
                        if key in found:
                            raise _Unreadable(_REPEATED_CELL)
                        found[key] = (value, formula)
                    element.clear()
                elif element.tag == _MERGED_CELLS:
                    merged += [
                        CellRange(item.get("ref"))
                        for item in element
                        if _local_name(item.tag) == "mergeCell"
                    ]
                    element.clear()
        return _with_hidden(_sheet(name, found, merged), hidden, data)

    def start_row(self, number: str | None) -> None:
        self.row = _row_number(number) if number is not None else self.row + 1
        self.column = 0

    def cell(
        self,
        attributes: Mapping[str, str],
        text: str | None,
        inline: str | None,
        formula: tuple[str | None, Mapping[str, str]] | None,
    ) -> tuple[tuple[int, int], CellValue, str | None]:
        """One cell from its attributes, its ``<v>`` text, its inline string (None when the
        cell has no ``<is>``) and its ``<f>`` (text and attributes)."""
        kind = attributes.get("t", "n")
        coordinate = attributes.get("r")
        style: Any = attributes.get("s", 0)
        if style:
            style = int(style)
        if not isinstance(style, int) or not -self.styles.count <= style < self.styles.count:
            raise _Unreadable(f"style {style!r}")
        if coordinate:
            row, self.column = _coordinate(coordinate)
        else:
            self.column += 1
            row = self.row
        written = self.formula(formula, coordinate)
        return (row, self.column), self.value(text, inline, kind, style), written

    def value(self, text: str | None, inline: str | None, kind: str, style: int) -> CellValue:
        """The cached value, as openpyxl's data_only=True load gives it."""
        if kind == "inlineStr":
            return inline
        if text is None:
            return None
        if kind == "n":
            number = _cast_number(text)
            if style in self.styles.percents:
                return ShownAsPercent(number)
            if style in self.styles.formats:
                return ShownOtherwise(number, self.styles.formats[style].shown(number))
            if style not in self.styles.dates:
                return number
            try:
                return from_excel(number, self.epoch, timedelta=style in self.styles.durations)
            except (OverflowError, ValueError):
                return number  # no calendar holds it (openpyxl says «#VALUE!»): as typed
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        if kind == "e":
            return ExcelError(text)
        return text  # "str": a formula's text result

    def formula(
        self, node: tuple[str | None, Mapping[str, str]] | None, coordinate: str | None
    ) -> str | None:
        """The formula as openpyxl's formula load gives it, shared formulas translated."""
        if node is None:
            return None
        body, attributes = node
        text = "=" + (body or "")
        kind = attributes.get("t")
        if kind == "shared":
            index = attributes.get("si")
            if index in self.shared_formulas:
                return self.shared_formulas[index].translate_formula(coordinate)
            if text != "=":
                self.shared_formulas[index] = Translator(text, coordinate)
        elif kind == "dataTable":
            return f"=TABLE({attributes.get('r1') or ''},{attributes.get('r2') or ''})"
        return text


_coordinate = functools.lru_cache(maxsize=_REMEMBERED)(coordinate_to_tuple)


def _cell_parts(
    element: Any,
) -> tuple[str | None, str | None, tuple[str | None, Mapping[str, str]] | None]:
    """A ``<c>`` element's first ``<v>`` text (None when empty), first ``<is>`` text and
    first ``<f>``, as :meth:`_SheetReader.cell` takes them."""
    inline = element.find(_INLINE_STRING)
    node = element.find(_FORMULA)
    return (
        element.findtext(_VALUE, None) or None,
        _text_content(inline) if inline is not None else None,
        (node.text, node.attrib) if node is not None else None,
    )


def _unmerged(
    found: dict[tuple[int, int], tuple[CellValue, str | None]], merged: list[CellRange]
) -> dict[tuple[int, int], tuple[CellValue, str | None]]:
    for cells in merged:  # only the top-left cell of a merged range keeps its content
        for row, column in list(found):
            inside = cells.min_row <= row <= cells.max_row and (
                cells.min_col <= column <= cells.max_col
            )
            if inside and (row, column) != (cells.min_row, cells.min_col):
                del found[(row, column)]
    return found


# A text cell is the same (equal and immutable) in every workbook of a form that has it:
# made once. Only texts and blanks: 1, 1.0 and True, or "#N/A" and ExcelError("#N/A"),
# are equal keys.
_text_cell = functools.lru_cache(maxsize=_REMEMBERED)(Cell)


def _sheet(
    name: str,
    found: dict[tuple[int, int], tuple[CellValue, str | None]],
    merged: list[CellRange],
) -> Sheet:
    """The non-empty cells in row order; row 0 and column 0 hold nothing a sheet shows."""
    found = _unmerged(found, merged)
    sheet = Sheet(name, merged=tuple(merged))
    for row, column in sorted(found):
        value, formula = found[(row, column)]
        if (value is None and formula is None) or row < 1 or column < 1:
            continue
        if isinstance(value, str) and "_x" in value and not isinstance(value, ExcelError):
            value = decode_escapes(value)
        if value is None or type(value) is str:
            sheet.cells[(row, column)] = _text_cell(name, row, column, value, formula)
        else:
            sheet.cells[(row, column)] = Cell(name, row, column, value, formula)
        sheet.max_row = row
    return sheet


def _sheet_title(name: str | None, taken: list[str]) -> str:
    """The sheet's title as openpyxl names it: checked, and renamed when repeated."""
    title = name or "Sheet"
    if INVALID_TITLE_REGEX.search(title):
        raise _Unreadable(f"sheet title {title!r}")
    return avoid_duplicate_name(taken, title)


def _destinations(defined: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Workbook-level defined names and the (sheet, reference) pairs they point at."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name, definition in defined.items():
        try:
            found[name] = list(definition.destinations)
        except Exception:  # a name holding a constant or an expression: not ours
            continue
    return found


def _resolve_names(
    defined: Mapping[str, list[tuple[str, str]]], sheets: dict[str, Sheet]
) -> dict[str, Cell]:
    """Defined names that point at one cell, resolved to that cell."""
    resolved: dict[str, Cell] = {}
    for name, destinations in defined.items():
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


@_remembered
def _content_types(data: bytes) -> tuple[str | None, str]:
    """The shared strings part (None when there is none) and the workbook part."""
    manifest = Manifest.from_tree(xml_fromstring(data))
    strings_part = manifest.find(SHARED_STRINGS)
    strings = strings_part.PartName[1:] if strings_part is not None else None
    return strings, _find_workbook_part(manifest).PartName[1:]


@dataclass(frozen=True)
class _WorkbookPart:
    date1904: bool
    sheets: tuple[tuple[str | None, str | None], ...]  # (name, relationship id) in order
    defined: Mapping[str, list[tuple[str, str]]]  # workbook-level names: destinations


@_remembered
def _workbook_part(data: bytes) -> _WorkbookPart:
    package = WorkbookPackage.from_tree(xml_fromstring(data))
    defined = package.definedNames.by_sheet().get("global", {}) if package.definedNames else {}
    return _WorkbookPart(
        bool(package.properties.date1904),
        tuple((child.name, child.id) for child in package.sheets),
        _destinations(defined),
    )


@_remembered
def _relations(rels_path: str, data: bytes) -> dict[str, tuple[str, str]]:
    """Relationship id -> (target part, relationship type) of the workbook part."""
    relations = get_dependents(_Part(rels_path, data), rels_path).to_dict()
    return {key: (relation.target, relation.Type) for key, relation in relations.items()}


@dataclass(frozen=True)
class _Part:
    """One part, readable as openpyxl's helpers read an archive."""

    name: str
    data: bytes

    def read(self, name: str) -> bytes:
        if name != self.name:
            raise KeyError(name)
        return self.data


_KEYWORDS = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords"


def _keywords(data: bytes) -> str:
    """The core properties' keywords, where a vanban form says whose and which it is. Read
    straight from the parse: openpyxl's model of the part (its dates checked, which vanban
    does not use) cost more than the parse itself, and the part differs in every file."""
    return xml_fromstring(data).findtext(_KEYWORDS) or ""


def _read_package(path: Path, archive: _Package) -> WorkbookData:
    members = archive.parts
    strings_part, workbook_part = _content_types(archive.read(ARC_CONTENT_TYPES))
    strings = _shared_strings(archive.read(strings_part)) if strings_part is not None else []
    package = _workbook_part(archive.read(workbook_part))
    epoch = CALENDAR_MAC_1904 if package.date1904 else WINDOWS_EPOCH
    styles = _read_styles(members[STYLES_PART]) if STYLES_PART in members else _Styles()
    keywords = _keywords(members[CORE_PART]) if CORE_PART in members else ""
    sheets: dict[str, Sheet] = {}
    titles: list[str] = []
    relations: dict[str, tuple[str, str]] | None = None
    for name, relation_id in package.sheets:
        if not relation_id:
            continue
        if relations is None:
            rels_path = get_rels_path(workbook_part)
            relations = _relations(rels_path, archive.read(rels_path))
        target, kind = relations[relation_id]
        if target not in members:
            continue
        title = _sheet_title(name, titles)
        titles.append(title)
        if "chartsheet" in kind:
            continue
        sheets[title] = _SheetReader(strings, styles, epoch).read(title, members[target])
    defined = package.defined
    return WorkbookData(
        path=path,
        sheets=sheets,
        names=_resolve_names(defined, sheets),
        keywords=keywords,
        epoch=epoch,
        sha256=archive.sha256,
    )


def read_workbook(path: Path) -> WorkbookData:
    """Check ``path``, then read every non-empty cell of every sheet (values and formulas)."""
    archive = _checked_package(path)
    try:
        return _read_package(path, archive)
    except OSError as error:  # locked or taken away since check_file looked at it
        raise _refuse(path, LOCKED) from error
    except Exception as error:  # any broken part: the same sentence as a failed openpyxl load
        raise _refuse(path, UNREADABLE) from error
