"""Read the filled forms of a year back and check them against the plan and the registry.

Every problem becomes a :class:`Finding` naming the file, the sheet and the cell, in
Vietnamese, and saying what is expected. A file that cannot be tied to an agency active
in the year (unreadable, unknown agency, agency merged away) is a stray finding.

Numbers typed as text are read the Vietnamese way: "." groups thousands ("1.234.567"),
"," is the decimal comma ("12,0"); spaces may group thousands too ("1 234 567"). A dot
not followed by exactly three digits is read as a decimal point ("12.0"). A comma
followed by exactly three digits ("350,000") is refused: it is the English thousands
separator as often as the Vietnamese decimal comma, and a number is never guessed. A
number is accepted only when it is whole, not negative, and small enough for every later
stage (Excel's 15 significant digits, the amount in words of the report).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gc
import math
import multiprocessing
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence, Set
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl.utils.cell import column_index_from_string, get_column_letter

from generator.data.ip_rules import form_quantities
from generator.data.registry import Agency
from generator.data.workspace import ASSESSMENT_FILE, Assignment, TaskStatus, Workspace
from generator.errors import Location, UsageError, WorkbookError
from generator.forms import writer as forms
from generator.forms.ip_sheet import (
    FIELDS,
    LISTS_SHEET,
    ActivityFigure,
    IpRow,
    activity_headers,
    figure_expected,
    read_activities,
    read_ip_rows,
)
from generator.forms.reader import (
    Cell,
    ExcelError,
    Sheet,
    ShownAsPercent,
    ShownOtherwise,
    WorkbookData,
    read_workbook,
    sheet_key,
)
from generator.legacy_encoding import detect_legacy_encoding, legacy_message
from generator.office_locks import EXCEL_LOCK, LIBREOFFICE_LOCK, lock_user, locked_file
from generator.progress import ProgressFactory, no_progress
from generator.vnformat import (
    TYPE_ABBREVIATIONS,
    WORDS_LIMIT,
    clean_cell_text,
    format_number,
    format_short_date,
    implausible_day,
    upper_vi,
)
from generator.workers import ignore_interrupt

if TYPE_CHECKING:
    from generator.register import Place

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".fods", ".csv"}
SUPPORTED_VERSIONS = {forms.FORM_VERSION}
# Forms of an earlier version, issued in earlier years: read no further than their version.
EARLIER_VERSIONS = {"1"}
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class TaskReport:
    code: str
    status: TaskStatus | None
    result: str
    funding: int  # đồng, every source together; 0 when blank
    amounts: tuple[int, ...] = ()  # đồng per funding source of the plan, in its order


@dataclass(frozen=True)
class DirectiveReport:
    """A document the agency issued in the year to carry out the plan (sheet «Văn bản chỉ đạo»)."""

    number_symbol: str
    issued_on: date
    type_name: str
    subject: str


@dataclass(frozen=True)
class MeasureReport:
    code: str
    value: int | None
    note: str


@dataclass(frozen=True)
class AgencyReport:
    agency_code: str
    file: Path
    sha256: str
    reporter: str
    phone: str
    email: str
    report_date: date | None
    tasks: list[TaskReport]
    measures: list[MeasureReport]
    difficulties: str
    proposals: str
    ip_rows: tuple[IpRow, ...] = ()
    activities: tuple[ActivityFigure, ...] = ()
    directives: tuple[DirectiveReport, ...] = ()


@dataclass(frozen=True)
class Finding:
    file: Path
    sheet: str | None
    cell: str | None
    message: str
    shown: str | None = None  # the file as named to the clerk; its name when None
    # the Sở's clerk fixes it (two files of one agency in the folder), not the agency
    for_clerk: bool = False

    def __str__(self) -> str:
        inside = str(Location(sheet=self.sheet, cell=self.cell))
        where = f"tệp {self.shown or self.file.name}" + (f", {inside}" if inside else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class UnreadFile:
    """A file (or folder) in a year's folder that the run did not read, and why."""

    path: Path
    reason: str


class SubmissionStatus(StrEnum):
    VALID = "hợp lệ"
    INVALID = "có lỗi"
    LATE = "trễ hạn"
    MISSING = "chưa nộp"


@dataclass
class AgencySubmission:
    """One active agency's submission. ``report`` is set only when the workbook has no error."""

    agency: Agency
    status: SubmissionStatus
    report: AgencyReport | None
    files: list[Path]
    findings: list[Finding]
    on_time: bool | None
    # The address the form gives, kept when the form is refused: the clerk writes to it.
    email: str | None = None
    # A refused form's report as read: never summed, only compared for the register, so
    # that its disagreements with the other forms are told in the same round.
    read_anyway: AgencyReport | None = None

    @property
    def compared(self) -> AgencyReport | None:
        return self.report or self.read_anyway


@dataclass
class ValidationResult:
    year: int
    submissions: list[AgencySubmission]
    stray_findings: list[Finding]
    folder: Path | None = None
    no_workbooks: bool = False  # the year's folder holds no spreadsheet file at all
    unread: list[UnreadFile] = field(default_factory=list)
    # The register file's own problems, and disagreements no workbook of the year holds.
    register_problems: list[str] = field(default_factory=list)
    # Disagreements the Sở's register file decides: its value is used; the clerk is told.
    register_notes: list[str] = field(default_factory=list)
    # Errors in the earlier years' workbooks generate reads for the cumulative figures, by year.
    earlier_errors: dict[int, list[Finding]] = field(default_factory=dict)
    # What the workspace's other inputs lack that generate needs (an earlier year's figures):
    # told, not counted against the forms.
    input_notes: list[str] = field(default_factory=list)
    # Forms open in Excel or LibreOffice (a lock file beside them): their unsaved changes
    # are not read. Told, not counted against the forms.
    open_forms: list[str] = field(default_factory=list)

    @property
    def earlier_findings(self) -> list[Finding]:
        return [f for findings in self.earlier_errors.values() for f in findings]

    @property
    def findings(self) -> list[Finding]:
        return (
            [f for s in self.submissions for f in s.findings]
            + self.stray_findings
            + self.earlier_findings
        )

    @property
    def ok(self) -> bool:
        return not self.findings


# ---------------------------------------------------------------------------
# Cell values


class _Refused(Exception):
    """A cell value that cannot be accepted; the message says what was found and expected."""


SHORT_TEXT = 200


_clean_short_text = functools.lru_cache(maxsize=4096)(clean_cell_text)


def _cleaned(text: str) -> str:
    """clean_cell_text, remembered for short texts: labels, codes and statuses are cleaned
    again and again while a form is searched."""
    return _clean_short_text(text) if len(text) <= SHORT_TEXT else clean_cell_text(text)


WHOLE_EXPECTED = "một số nguyên không âm (ví dụ 0, 1, 12)"
MONEY_EXPECTED = "một số nguyên không âm, tính bằng đồng (ví dụ 350000000 hoặc 350.000.000)"
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMBER_TEXT = re.compile(
    r"(?P<sign>[+-]?)\s*"
    r"(?P<whole>\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+|\d+)"
    r"(?:(?P<mark>[.,])(?P<fraction>\d+))?"
)


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "giá trị đúng/sai (TRUE/FALSE)"
    if isinstance(value, datetime | date):
        return f"ngày tháng ({value:%d/%m/%Y})"
    if isinstance(value, time | timedelta):
        return "giờ phút"
    return f"«{value}»"


# Excel keeps 15 significant digits: a longer number typed in a cell is already rounded.
# The report writes the year's total funding in words, which reads numbers below
# WORDS_LIMIT; a thousand cells at this maximum still total below it.
MAX_WHOLE = 10**15 - 1
assert MAX_WHOLE * 1000 < WORDS_LIMIT
# A comma followed by exactly three digits: "350,000" is 350 000 in English, 350 here.
_AMBIGUOUS_COMMA = re.compile(r",\d{3}(?!\d)")


# A formula's result off a whole number by the computer's rounding alone (=300000000*0.07
# gives 21000000.000000004, which Excel shows as 21.000.000): the whole number it shows.
FORMULA_NOISE = 1e-6


# «=[1]Sheet1!$A$1» (Excel's index of a linked workbook), «='C:\…\[Kinh phi.xlsx]Tổng'!B2»
_EXTERNAL_REFERENCE = re.compile(r"\[\d+\]|\[[^\]]+\.(?:xls[xmb]?|ods|csv)\]", re.IGNORECASE)


def _external_message(formula: str) -> str:
    return (
        f"ô lấy giá trị từ một tệp khác (công thức «{_shortened(formula)}»): giá trị lưu trong "
        "phiếu là bản chép lần mở cuối, có thể đã cũ; hãy chép rồi dán giá trị (Dán đặc biệt → "
        "Giá trị) vào ô rồi gửi lại"
    )


def _formula_result(cell: Cell, value: object) -> object:
    if (
        cell.formula is not None
        and type(value) is float
        and math.isfinite(value)
        and value != round(value)
        and abs(value - round(value)) <= FORMULA_NOISE
    ):
        return float(round(value))
    return value


_CONSTANT_FORMULA = re.compile(r"=?[\d.\s+\-*/()]+")
_OPERATIONS = {
    ast.Add: float.__add__,
    ast.Sub: float.__sub__,
    ast.Mult: float.__mul__,
    ast.Div: float.__truediv__,
}


def _constant_value(formula: str) -> float | None:
    """What a formula of numbers only («=40000000+8000000») comes to; None for any other."""
    if not _CONSTANT_FORMULA.fullmatch(formula):
        return None
    try:
        return _arithmetic(ast.parse(formula.lstrip("="), mode="eval").body)
    except (SyntaxError, ArithmeticError, ValueError):
        return None


def _arithmetic(node: ast.expr) -> float:
    """Numbers with + - * / and parentheses; ValueError for anything else."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _arithmetic(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATIONS:
        return _OPERATIONS[type(node.op)](_arithmetic(node.left), _arithmetic(node.right))
    raise ValueError(ast.dump(node))


def _stale_constant(cell: Cell, number: int | None) -> str | None:
    """A formula of numbers only whose saved result is not what it comes to: the file was
    saved by a program that did not compute it again, and the old figure would be read."""
    if cell.formula is None or number is None:
        return None
    value = _constant_value(cell.formula)
    if value is None or abs(value - number) < 0.5:
        return None
    return (
        f"ô chứa công thức «{cell.formula}» tính ra {format_number(round(value))}, nhưng giá "
        f"trị lưu trong tệp là {format_number(number)} (chưa được tính lại); hãy mở tệp bằng "
        "Excel (hoặc LibreOffice), để chương trình tính lại rồi lưu, hoặc ghi thẳng con số vào ô"
    )


def parse_whole_number(value: object, expected: str = WHOLE_EXPECTED) -> int | None:
    """A whole number >= 0 from a cell value, None when blank; raise _Refused otherwise."""
    if value is None:
        return None
    if isinstance(value, bool | datetime | date | time | timedelta):
        raise _Refused(f"ô chứa {_describe(value)}, không phải số; cần {expected}")
    if isinstance(value, ShownAsPercent):
        shown = _plain(round(value * 100, 10)).removesuffix(",0")
        raise _Refused(
            f"ô định dạng phần trăm: Excel hiển thị «{shown}%» nhưng số lưu trong ô là "
            f"{_plain(float(value)).removesuffix(',0')}; bỏ định dạng phần trăm của ô (Định dạng ô "
            f"→ Số) rồi ghi lại; cần {expected}"
        )
    if isinstance(value, ShownOtherwise):
        shown = f"hiển thị «{value.shown}»" if value.shown.strip() else "không hiển thị gì"
        raise _Refused(
            f"ô có định dạng số riêng: Excel {shown} nhưng số lưu trong ô là "
            f"{_stored(value)}, là số vanban đọc; hãy đặt định dạng ô là «Số» "
            f"(Định dạng ô → Số) rồi ghi đủ số; cần {expected}"
        )
    if isinstance(value, int):
        number: float | int = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _Refused(f"ô chứa giá trị không phải số; cần {expected}")
        number = _as_excel_shows(value)
    else:
        number = _number_from_text(str(value), expected)
        if number is None:
            return None
    if number < 0:
        raise _Refused(f"số âm ({_plain(number)}) không được chấp nhận; cần {expected}")
    if number != int(number):
        raise _Refused(f"số lẻ ({_plain(number)}) không được chấp nhận; cần {expected}")
    if number > MAX_WHOLE:
        raise _Refused(
            f"số {_shown_large(number)} quá lớn: Excel chỉ giữ đúng 15 chữ số nên số này có "
            f"thể đã bị làm tròn, và văn bản không ghi được; cần {expected}, không quá "
            f"{format_number(MAX_WHOLE)}"
        )
    return int(number)


def _as_excel_shows(value: float) -> float:
    """A number to the 15 significant digits Excel keeps and shows: =300000000*0,07 pasted
    as a value holds 48000000.000000007, shown 48.000.000; 12.5 stays 12.5."""
    return float(f"{value:.15g}")


def _shown_large(number: float | int) -> str:
    return format_number(int(number)) if abs(number) < 10**30 else f"{number:.3g}".replace(".", ",")


def _stored(number: float) -> str:
    """A cell's number as a clerk reads it: 12000000 -> "12.000.000", 12.5 -> "12,5"."""
    if math.isfinite(number) and number == int(number):
        return format_number(int(number))
    return _plain(float(number))


def _plain(number: float | int) -> str:
    return str(number).replace(".", ",")


# A number followed by the currency only: «1.500.000 đ», «1.500.000 đồng», «1.500.000 VNĐ».
# (Not «12 triệu»: taking the word out would change the number.)
_NUMBER_THEN_CURRENCY = re.compile(r"[+-]?\d[\d., ]*?\s*(đồng|đ|vnđ|vnd|₫)\.?", re.IGNORECASE)


def _not_a_number(text: str) -> str:
    """Why a text is not read as a number; a currency after it is named, to be taken out
    («1.500.000 đ» was «là chữ»)."""
    currency = _NUMBER_THEN_CURRENCY.fullmatch(text)
    if currency is not None:
        return f"có chữ «{currency[1]}» sau con số: chỉ ghi số (tính bằng đồng), bỏ chữ đó"
    return "là chữ" if any(ch.isalpha() for ch in text) else "không phải là số"


def _number_from_text(raw: str, expected: str) -> float | int | None:
    text = _SPACES.sub(" ", _without_invisible(_cleaned(raw))).strip()
    if not text:
        return None
    if _AMBIGUOUS_COMMA.search(text):
        raise _Refused(_ambiguous_message(text, expected))
    match = _NUMBER_TEXT.fullmatch(text)
    if match is None:
        raise _Refused(f"«{text}» {_not_a_number(text)}; cần {expected}")
    if match["mark"] == ".":
        # In Vietnamese a dot only groups thousands: "4.800.0000", "1.000.00" or "350.00"
        # are a group mistyped (or an English decimal point), and either reading may be wrong.
        raise _Refused(
            f"«{text}» không rõ nghĩa: dấu chấm chỉ dùng để tách hàng nghìn, mỗi nhóm sau dấu "
            "chấm đúng ba chữ số (ví dụ 4.800.000), số lẻ viết bằng dấu phẩy; vanban không đoán "
            f"số; cần {expected}"
        )
    whole = int(re.sub(r"[. ]", "", match["whole"]))
    fraction = match["fraction"]
    sign = -1 if match["sign"] == "-" else 1
    if fraction and len(fraction) > 2:
        # «350,0000» or «1,000000»: a grouping mistyped with a comma, not «5,00» written the
        # way an accountant writes a whole number; reading 350 would guess.
        raise _Refused(
            f"«{text}» không rõ nghĩa: sau dấu phẩy thập phân có {len(fraction)} chữ số; số "
            f"nguyên gõ không có dấu phẩy, tách hàng nghìn bằng dấu chấm (ví dụ 3.500.000); "
            f"vanban không đoán số; cần {expected}"
        )
    if fraction and int(fraction) != 0:
        raise _Refused(
            f"«{text}» là số lẻ (dấu phẩy là dấu thập phân, dấu chấm tách hàng nghìn); "
            f"cần {expected}"
        )
    return sign * whole


def _ambiguous_message(text: str, expected: str) -> str:
    """Why «350,000» is not read, and how to type it so that it is."""
    digits = re.sub(r"[,\s]", "", text)
    example = (
        f"{int(digits)} hoặc {format_number(int(digits))}"
        if digits.isdigit()
        else "350000 hoặc 350.000"
    )
    return (
        f"«{text}» không rõ nghĩa: dấu phẩy đứng trước ba chữ số có thể là dấu tách hàng nghìn "
        "(kiểu tiếng Anh) hoặc dấu thập phân, vanban không đoán; hãy gõ số không có dấu phẩy, "
        f"ví dụ {example} (dấu chấm tách hàng nghìn); cần {expected}"
    )


# The ways a date typed as text names one day: 05/11/2025 (also with "." or "-", and
# «ngày» before it), «ngày 05 tháng 11 năm 2025» as a document writes it, ISO 2025-11-05.
_DATE_TEXTS = (
    re.compile(r"(?:ngày\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", re.I),
    re.compile(r"(?:ngày\s*)?(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})", re.I),
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DATE_FORMS = (
    "hãy ghi ngày dạng ngày/tháng/năm, ví dụ 05/11/2025 (vanban cũng đọc «ngày 05 tháng 11 "
    "năm 2025» và «2025-11-05»)"
)


def _date_value(value: object, book: WorkbookData) -> date | None:
    """A date from a date cell, a "dd/mm/yyyy" text, or a bare Excel serial number; one
    before 1950 is a year typed alone (2025 read as 17/07/1905), refused."""
    day = _any_date_value(value, book)
    wrong = implausible_day(day) if day is not None else None
    if wrong:
        raise _Refused(wrong)
    return day


def _any_date_value(value: object, book: WorkbookData) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    expected = "một ngày dạng ngày/tháng/năm, ví dụ 05/11/2025"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:
            return book.serial_to_date(float(value))
        raise _Refused(f"«{value}» không phải là ngày; cần {expected}")
    if isinstance(value, str):
        text = _SPACES.sub(" ", _cleaned(value))
        return _date_from_text(text) if text else None
    raise _Refused(f"ô chứa {_describe(value)}; cần {expected}")


def _date_from_text(text: str) -> date:
    """The day a text names in one of the forms of _DATE_TEXTS or _ISO_DATE."""
    parts = None
    for pattern in _DATE_TEXTS:
        if match := pattern.fullmatch(text):
            parts = tuple(int(part) for part in reversed(match.groups()))
    if match := _ISO_DATE.fullmatch(text):
        parts = tuple(int(part) for part in match.groups())
    if parts is not None:
        with contextlib.suppress(ValueError):
            return date(*parts)
    raise _Refused(f"«{text}» không phải là ngày hợp lệ; {DATE_FORMS}")


def _text_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Đúng" if value else "Sai"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return format_short_date(value if isinstance(value, date) else value.date())
    return _cleaned(str(value))


# Invisible characters a copy from a web page or a chat can carry (zero-width space,
# non-joiner, joiner, word joiner, BOM): a code or a status holding one looks identical.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def _without_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


@functools.lru_cache(maxsize=2048)
def _key(text: str) -> str:
    """How labels, headers and statuses compare: NFC, spaces collapsed, case and invisible
    characters ignored. Remembered: the same labels are compared again and again."""
    return _SPACES.sub(" ", _without_invisible(_cleaned(text))).strip().casefold()


MAX_CELL_CHARACTERS = 32_767  # Excel's limit; only a program can write more


def _length_message(length: int) -> str:
    limit = format_number(MAX_CELL_CHARACTERS)
    shorten = "hãy rút gọn nội dung, phần chi tiết gửi thành văn bản kèm theo"
    if length == MAX_CELL_CHARACTERS:
        # What Excel (and openpyxl) keep of a longer text pasted in: the end is lost.
        return (
            f"ô có đúng {limit} ký tự, bằng giới hạn của một ô Excel: phần cuối của nội dung "
            f"có lẽ đã bị cắt bớt khi dán vào; hãy kiểm tra cuối ô, {shorten}"
        )
    return (
        f"ô có {format_number(length)} ký tự, vượt giới hạn {limit} ký tự của một ô Excel "
        f"(chỉ chương trình khác mới ghi được ô dài như vậy); {shorten}"
    )


# ---------------------------------------------------------------------------
# Reading one workbook


@dataclass
class _Reader:
    """Reads one workbook, collecting findings instead of stopping at the first problem.

    A cell holding an Excel error value is reported once, then read as blank, and a cell
    taking its value from another workbook is reported once; no other finding is added for
    such a cell (that is the one thing to fix).
    """

    book: WorkbookData
    findings: list[Finding] = field(default_factory=list)
    error_cells: set[tuple[str, str]] = field(default_factory=set)
    # sheets not of the form taken for a form sheet under another name: name -> form sheet
    renamed: dict[str, str] = field(default_factory=dict)

    def add(self, sheet: str | None, cell: str | None, message: str) -> None:
        if sheet is not None and cell is not None and (sheet, cell) in self.error_cells:
            return
        self.findings.append(Finding(self.book.path, sheet, cell, message))

    def excel_error(self, cell: Cell) -> bool:
        """Whether the cell holds an Excel error value; the first time, it is reported."""
        code = excel_error_code(cell.value)
        if code is None:
            return False
        self._only_finding(cell, _excel_error_message(code, cell.formula))
        return True

    def _only_finding(self, cell: Cell, message: str) -> None:
        """Report ``message`` once as the one finding of ``cell``: what else its value
        would give is beside the point until this is fixed."""
        key = (cell.sheet, cell.address)
        if key not in self.error_cells:
            self.add(cell.sheet, cell.address, message)
            self.error_cells.add(key)

    def value(self, cell: Cell) -> object:
        """The cell's value; a formula whose result was never computed is reported, and an
        Excel error value (reported) reads as blank."""
        if self.excel_error(cell):
            return None
        if cell.lacks_cached_value:
            self.add(
                cell.sheet,
                cell.address,
                f"ô chứa công thức «{cell.formula}» nhưng chưa có kết quả tính sẵn; hãy mở tệp "
                "bằng Excel (hoặc LibreOffice), để chương trình tính lại rồi lưu, hoặc ghi "
                "thẳng giá trị vào ô",
            )
        elif cell.formula is not None and _EXTERNAL_REFERENCE.search(cell.formula):
            self._only_finding(cell, _external_message(cell.formula))
        return cell.value

    def text(self, cell: Cell) -> str:
        value = self.value(cell)
        if isinstance(value, str) and len(value) >= MAX_CELL_CHARACTERS:
            self.add(cell.sheet, cell.address, _length_message(len(value)))
        return _text_value(value)

    def code(self, cell: Cell) -> str:
        """A code as typed, without the invisible characters a copy may have brought, and in
        plain characters: full-width «３-２０２５» (an East Asian keyboard) is 3-2025."""
        text = _without_invisible(self.text(cell))
        return text if text.isascii() else unicodedata.normalize("NFKC", text)

    def free_text(self, cell: Cell) -> str:
        """Text a person typed (results, notes, difficulties): checked for legacy encodings."""
        text = self.text(cell)
        found = detect_legacy_encoding(text)
        if found is not None:
            self.add(cell.sheet, cell.address, legacy_message(found, "ô này"))
        direction = bidi_controls(text)
        if direction:
            self.add(cell.sheet, cell.address, _bidi_message(direction))
        return text

    def number(
        self, cell: Cell, expected: str = WHOLE_EXPECTED, blank: str | None = None
    ) -> int | None:
        """The whole number in ``cell``; None when refused, or blank (reported as ``blank``
        when a blank is not allowed)."""
        if cell.formula is not None and _VOLATILE.search(cell.formula):
            self._only_finding(cell, _volatile_number_message(cell.formula))
            return None
        try:
            number = parse_whole_number(_formula_result(cell, self.value(cell)), expected)
        except _Refused as refused:
            self.add(cell.sheet, cell.address, str(refused))
            return None
        stale = _stale_constant(cell, number)
        if stale is not None:
            self.add(cell.sheet, cell.address, stale)
            return None
        if number is None and blank is not None and not cell.lacks_cached_value:
            self.add(cell.sheet, cell.address, blank)
        return number

    def day(self, cell: Cell) -> date | None:
        """The date in ``cell``; None when blank, or refused (and reported)."""
        if cell.formula is not None and _VOLATILE_DATE.search(cell.formula):
            self._only_finding(cell, _volatile_message(cell.formula))
            return None
        try:
            return _date_value(self.value(cell), self.book)
        except _Refused as refused:
            self.add(cell.sheet, cell.address, str(refused))
            return None

    def label_value(self, sheet_name: str, label: str) -> Cell | None:
        """The cell right of ``label`` in column A of ``sheet_name``."""
        sheet = self.book.sheet(sheet_name)
        if sheet is None:
            return None
        for row in range(1, sheet.max_row + 1):
            if _key(_text_value(sheet.cell(row, 1).value)) == _key(label):
                return sheet.cell(row, 2)
        return None

    def identity_cell(self, name: str, label: str) -> Cell | None:
        return self.book.names.get(name) or self.label_value(forms.SHEET_INFO, label)

    def label_elsewhere(
        self, sheet: Sheet, row: int, code: str, labels: Mapping[str, str], what: str
    ) -> bool:
        """Whether the row's column B holds the pre-filled label of another code than its
        column A: the code column sorted alone put every figure on another line (read as
        the code says, 11 training courses became 6). Told on the code's cell."""
        written = _key(_text_value(sheet.cell(row, 2).value))
        if not written or written == _key(labels.get(code, "")):
            return False  # its own label, or one the agency reworded: read as coded
        other = next((c for c, label in labels.items() if _key(label) == written), None)
        if other is None:
            return False
        self.add(
            sheet.name,
            f"A{row}",
            f"mã {what} {code} nhưng nội dung ở ô B{row} là của {what} {other}: cột mã có lẽ "
            "đã bị sắp xếp riêng; hãy sửa cho mã và nội dung của từng dòng khớp với phiếu đã "
            f"gửi (đừng sắp xếp hay sửa mã {what})",
        )
        return True


# =TODAY() or =NOW() gives the day the file was last computed: it changes each time the
# file is opened, by the agency, the Sở or anyone, and is never the day the form was signed.
_VOLATILE_DATE = re.compile(r"\b(?:TODAY|NOW)\s*\(", re.IGNORECASE)


# Functions whose result changes each time the file is computed again (a date, a random
# number): never a figure the agency reported.
_VOLATILE = re.compile(r"\b(?:TODAY|NOW|RAND|RANDBETWEEN|RANDARRAY)\s*\(", re.IGNORECASE)


def _volatile_number_message(formula: str) -> str:
    return (
        f"ô chứa công thức «{_shortened(formula)}»: kết quả tự đổi mỗi khi tệp được mở và tính "
        "lại, nên không phải số liệu đơn vị báo cáo; hãy xóa công thức và ghi thẳng con số vào ô"
    )


def _volatile_message(formula: str) -> str:
    return (
        f"ô chứa công thức «{_shortened(formula)}»: ngày này tự đổi thành ngày của máy tính "
        "mỗi khi tệp được mở và tính lại, nên không phải là ngày ký gửi phiếu; hãy xóa công "
        "thức và gõ thẳng ngày vào ô, ví dụ 05/11/2025"
    )


# Error values Excel (and Google Sheets, LibreOffice) store in a cell whose formula failed,
# or that were pasted as values: never a result to print in a report.
EXCEL_ERRORS = {
    "#DIV/0!": "công thức chia cho 0",
    "#REF!": "công thức trỏ tới ô đã bị xóa",
    "#N/A": "công thức không tìm thấy giá trị",
    "#VALUE!": "công thức tính trên giá trị sai kiểu",
    "#NAME?": "công thức có tên hàm hoặc tên vùng không có",
    "#NULL!": "công thức có hai vùng không giao nhau",
    "#NUM!": "công thức cho ra số không hợp lệ",
    "#GETTING_DATA": "dữ liệu chưa tải xong",
    "#SPILL!": "kết quả công thức bị chắn",
    "#CALC!": "công thức không tính được",
    "#FIELD!": "công thức trỏ tới trường không có",
    "#BLOCKED!": "công thức bị chặn",
    "#CONNECT!": "không kết nối được nguồn dữ liệu",
    "#BUSY!": "công thức chưa tính xong",
    "#UNKNOWN!": "kiểu dữ liệu không được hỗ trợ",
    "#PYTHON!": "công thức Python bị lỗi",
    "#EXTERNAL!": "công thức trỏ tới tệp khác bị lỗi",
}
_EXCEL_ERROR_KEYS = {code.casefold(): code for code in EXCEL_ERRORS}


def _may_hold_error(value: object) -> bool:
    """Whether excel_error_code could find a code in ``value`` (its cheap first test)."""
    return isinstance(value, str) and (isinstance(value, ExcelError) or "#" in value[:8])


def excel_error_code(value: object) -> str | None:
    """The Excel error code a cell holds («#DIV/0!»…), stored as an error or typed as text."""
    if value is None:
        return None
    if isinstance(value, ExcelError):
        return str(value)
    if isinstance(value, str) and "#" in value[:8]:
        return _EXCEL_ERROR_KEYS.get(value.strip().casefold())
    return None


def _excel_error_message(code: str, formula: str | None) -> str:
    meaning = EXCEL_ERRORS.get(code, "giá trị lỗi")
    origin = f" (công thức «{formula}»)" if formula else ""
    return (
        f"ô chứa giá trị lỗi «{code}» của Excel{origin}: {meaning}, không phải kết quả báo "
        "cáo; hãy sửa công thức, hoặc xóa công thức và ghi thẳng giá trị vào ô"
    )


# Explicit direction controls make text display differently from what it holds
# ("Đã chi \u202e000.000.05" shows as 50.000.000): never needed in Vietnamese.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bidi_controls(text: str) -> list[str]:
    """The direction-control characters in ``text``, as "U+202E", in order of appearance."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in _BIDI_CONTROLS.findall(text)))


def _bidi_message(codes: list[str]) -> str:
    return (
        f"ô chứa ký tự đảo chiều chữ ({', '.join(codes)}): chữ hiển thị khác với nội dung "
        "thật lưu trong ô; xóa nội dung ô và gõ lại (không dán từ trang web), rồi gửi lại"
    )


# Where a form gives a typed value a meaning: the columns of a table sheet; column A (the
# labels) and B (the values) on the rows of a label sheet whose label the form wrote; the
# title and note of rows 1-2, column A; and the guide's column A. A value typed anywhere
# else would be dropped without a word, so it is a finding.
TITLE_ROWS = 2
_MEASURE_HEADERS = forms.measure_headers(0)  # only the year's result header names a year
_TABLE_WIDTHS = {
    forms.SHEET_TASKS: len(forms.TASK_TEXT_HEADERS) + 1,  # as many more as funding sources
    forms.SHEET_MEASURES: len(_MEASURE_HEADERS),
    forms.SHEET_DIRECTIVES: len(forms.DIRECTIVE_HEADERS),
}
_FIRST_HEADERS = {
    forms.SHEET_TASKS: forms.TASK_TEXT_HEADERS[0],
    forms.SHEET_MEASURES: _MEASURE_HEADERS[0],
    forms.SHEET_DIRECTIVES: forms.DIRECTIVE_HEADERS[0],
}
_LABELS = {
    forms.SHEET_INFO: forms.INFO_ROWS,
    forms.SHEET_ISSUES: (forms.LABEL_DIFFICULTIES, forms.LABEL_PROPOSALS),
}
_OUTSIDE_HINTS = {
    forms.SHEET_GUIDE: "trang hướng dẫn không được đọc; hãy chuyển nội dung vào trang tính "
    "của phiếu",
    forms.SHEET_INFO: "hãy chỉ ghi vào các ô nền vàng",
    forms.SHEET_TASKS: "hãy ghi vào cột «Kết quả thực hiện» của dòng nhiệm vụ",
    forms.SHEET_MEASURES: "hãy ghi vào cột «Ghi chú» của dòng chỉ tiêu",
    forms.SHEET_ISSUES: "hãy ghi vào ô nền vàng của dòng «Khó khăn, vướng mắc» hoặc "
    "«Đề xuất, kiến nghị»",
    forms.SHEET_DIRECTIVES: "hãy ghi mỗi văn bản trên một dòng, trong bốn cột của bảng",
}
_FORM_SHEETS = {sheet_key(name): name for name in _OUTSIDE_HINTS}
SHOWN_CHARACTERS = 40
SHOWN_CELLS = 5


def _has_content(cell: Cell) -> bool:
    return cell.formula is not None or bool(_text_value(cell.value))


def _shortened(text: str) -> str:
    one_line = _SPACES.sub(" ", text)
    return one_line if len(one_line) <= SHOWN_CHARACTERS else one_line[:SHOWN_CHARACTERS] + "…"


def _label_rows(sheet: Sheet, labels: tuple[str, ...]) -> set[int]:
    keys = {_key(label) for label in labels}
    return {
        row
        for (row, column), cell in sheet.cells.items()
        if column == 1 and _key(_text_value(cell.value)) in keys
    }


def _header_row(sheet: Sheet, first_header: str) -> int | None:
    wanted = _key(first_header)
    for row in range(1, HEADER_SEARCH_ROWS + 1):
        if _key(_text_value(sheet.cell(row, 1).value)) == wanted:
            return row
    return None


def _readable_rows(form_sheet: str, sheet: Sheet) -> Callable[[int], bool]:
    """Which rows of a form sheet are read: a label sheet's labelled rows, a table's header
    and the rows under it (every row when the header is lost: that is a finding already)."""
    if form_sheet in _LABELS:
        return _label_rows(sheet, _LABELS[form_sheet]).__contains__
    if form_sheet in _TABLE_WIDTHS:
        header = _header_row(sheet, _FIRST_HEADERS[form_sheet])
        return lambda row: header is None or row >= header
    return lambda row: False


def _inside_form(
    form_sheet: str, cell: Cell, readable: Callable[[int], bool], widths: dict[str, int]
) -> bool:
    if cell.column == 1 and (form_sheet == forms.SHEET_GUIDE or cell.row <= TITLE_ROWS):
        return True
    width = widths.get(form_sheet, 2)
    return cell.column <= width and readable(cell.row)


def _itemised_sheets(workspace: Workspace) -> dict[str, int | None]:
    """The sheets the plan data adds (itemised outcomes, activity figures and their lists),
    each with the columns its reader reads (None: the hidden lists, read by no one): their
    own readers check every row within those columns."""
    rules = workspace.plan.ip
    if rules is None:
        return {}
    return {
        sheet_key(rules.sheet): len(FIELDS),
        sheet_key(rules.activities_sheet): len(activity_headers(0)),
        sheet_key(LISTS_SHEET): None,
    }


def table_widths(workspace: Workspace) -> dict[str, int]:
    """The columns each table sheet of the plan's form has (the task sheet has one amount
    column per funding source)."""
    tasks = len(forms.task_headers(workspace.plan))
    return {**_TABLE_WIDTHS, forms.SHEET_TASKS: tasks}


def check_every_cell(
    reader: _Reader,
    itemised: Mapping[str, int | None] | None = None,
    widths: dict[str, int] | None = None,
) -> None:
    """Every cell of every sheet: Excel error values, and text typed where no one reads it."""
    widths = _TABLE_WIDTHS if widths is None else widths
    itemised = itemised or {}
    _check_lookalike_sheets(reader, _FORM_SHEETS.keys() | itemised.keys())
    for sheet in reader.book.sheets.values():
        key = sheet_key(sheet.name)
        if key == sheet_key(forms.SHEET_FEEDBACK):
            continue  # vanban's own list of what to correct, in a corrected copy sent back
        if key in itemised:
            _check_itemised_cells(reader, sheet, itemised[key])
            if itemised[key] is not None:
                read = _itemised_area(itemised[key])
                _check_merged(reader, sheet, read)
                _check_hidden(reader, sheet, read)
            continue
        form_sheet = _FORM_SHEETS.get(sheet_key(sheet.name))
        readable = _readable_rows(form_sheet, sheet) if form_sheet else None
        if form_sheet is not None and form_sheet != forms.SHEET_GUIDE and readable is not None:
            read = _form_area(widths.get(form_sheet, 2), readable)
            _check_merged(reader, sheet, read)
            _check_hidden(reader, sheet, read)
        unread: list[Cell] = []
        for cell in sheet.cells.values():
            # Where a cell stands is cheaper to say than whether it holds anything.
            if (_may_hold_error(cell.value) and reader.excel_error(cell)) or (
                form_sheet is not None and _inside_form(form_sheet, cell, readable, widths)
            ):
                continue
            if not _has_content(cell):
                continue
            if form_sheet is None:
                unread.append(cell)
            else:
                reader.add(sheet.name, cell.address, _outside_message(sheet, cell, form_sheet))
        if unread:
            reader.add(sheet.name, None, _unread_sheet_message(reader, sheet.name, unread))


def _outside_message(sheet: Sheet, cell: Cell, form_sheet: str) -> str:
    """A cell outside the form: ignored, unless a cell of the form takes its value by a
    formula; deleting it, as the message said, then turned the form's figure into 0."""
    shown = _shortened(_text_value(cell.value) or cell.formula or "")
    ignored = f"ô nằm ngoài phần phiếu được đọc nên nội dung «{shown}» sẽ bị bỏ qua"
    using = [
        other
        for other in sheet.cells.values()
        if other.formula and other is not cell and _refers_to(other.formula, cell)
    ]
    if not using:
        return f"{ignored}; {_OUTSIDE_HINTS[form_sheet]}, hoặc xóa nội dung ô này"
    cells = ", ".join(other.address for other in using[:SHOWN_CELLS])
    return (
        f"{ignored}, nhưng công thức ở ô {cells} lấy giá trị từ ô này: hãy ghi thẳng con số "
        f"vào ô {cells} (chép rồi dán lại dưới dạng giá trị: Dán đặc biệt → Giá trị), sau "
        "đó mới xóa nội dung ô này"
    )


# A reference in a formula to a cell or a range of the same sheet: «M6», «$M$6», «M6:N6».
_REFERENCE = re.compile(
    r"(?<![A-Za-z0-9_!.'])\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?(?![A-Za-z0-9_(!])"
)


def _refers_to(formula: str, cell: Cell) -> bool:
    """Whether ``formula`` takes ``cell`` of its own sheet, alone or in a range."""
    for found in _REFERENCE.finditer(formula):
        first_col, first_row = column_index_from_string(found[1]), int(found[2])
        last_col = column_index_from_string(found[3]) if found[3] else first_col
        last_row = int(found[4]) if found[4] else first_row
        if first_col <= cell.column <= last_col and first_row <= cell.row <= last_row:
            return True
    return False


def _unread_sheet_message(reader: _Reader, name: str, unread: list[Cell]) -> str:
    """What to do with a sheet the form does not have: rename it back when it is a form
    sheet renamed; paste the values of the form's cells computed from it before deleting it."""
    if name in reader.renamed:
        form_sheet = reader.renamed[name]
        return (
            f"trang tính này có lẽ là trang «{form_sheet}» của phiếu bị đổi tên: hãy đổi lại "
            f"tên trang tính thành «{form_sheet}» (nhấp đúp vào tên trang tính), rồi gửi lại"
        )
    cells = ", ".join(cell.address for cell in unread[:SHOWN_CELLS])
    more = f" và {len(unread) - SHOWN_CELLS} ô khác" if len(unread) > SHOWN_CELLS else ""
    ignored = f"trang tính này không thuộc phiếu nên nội dung ở ô {cells}{more} sẽ bị bỏ qua; "
    using = _cells_using(reader.book, name)
    if not using:
        return (
            ignored + "hãy chuyển nội dung cần báo cáo vào các trang tính của phiếu rồi xóa "
            "trang tính này"
        )
    return (
        ignored + f"nhưng {_cells_named(using)} lấy giá trị từ trang này bằng công thức: trước "
        "hết hãy chép các ô đó rồi dán lại vào chính chúng dưới dạng giá trị (Dán đặc biệt → "
        "Giá trị), chuyển nội dung khác cần báo cáo vào các trang tính của phiếu, sau đó mới "
        "xóa trang tính này"
    )


def _cells_using(book: WorkbookData, name: str) -> list[Cell]:
    """The cells of the other sheets whose formula takes a value from sheet ``name``."""
    quoted = ("'" + name.replace("'", "''") + "'!").casefold()
    bare = re.compile(r"(?<![\w.'])" + re.escape(name) + "!", re.IGNORECASE)
    return [
        cell
        for sheet in book.sheets.values()
        if sheet.name != name
        for cell in sheet.cells.values()
        if cell.formula and (quoted in cell.formula.casefold() or bare.search(cell.formula))
    ]


def _cells_named(cells: list[Cell]) -> str:
    """«ô F6, F7 của trang «Nhiệm vụ» và ô D4 của trang «Chỉ tiêu»», the first few cells."""
    by_sheet: dict[str, list[str]] = {}
    for cell in cells[:SHOWN_CELLS]:
        by_sheet.setdefault(cell.sheet, []).append(cell.address)
    named = " và ".join(
        f"ô {', '.join(addresses)} của trang «{sheet}»" for sheet, addresses in by_sheet.items()
    )
    more = len(cells) - SHOWN_CELLS
    return named + (f" (và {more} ô khác)" if more > 0 else "")


def _itemised_area(width: int) -> Callable[[int, int], bool]:
    return lambda column, row: column <= width and row > TITLE_ROWS


def _form_area(width: int, readable: Callable[[int], bool]) -> Callable[[int, int], bool]:
    return lambda column, row: column <= width and readable(row)


def _check_hidden(reader: _Reader, sheet: Sheet, read: Callable[[int, int], bool]) -> None:
    """Something typed in a hidden row or column is read, but the agency's people, who sign
    the form, do not see it: told once per row and column."""
    if not sheet.hidden_rows and not sheet.hidden_columns:
        return
    told: set[tuple[str, int]] = set()
    for (row, column), cell in sheet.cells.items():
        if not read(column, row) or not _has_content(cell):
            continue
        for what, number, hidden in (
            ("dòng", row, sheet.hidden_rows),
            ("cột", column, sheet.hidden_columns),
        ):
            if number in hidden and (what, number) not in told:
                told.add((what, number))
                shown = number if what == "dòng" else get_column_letter(number)
                reader.add(
                    sheet.name,
                    cell.address,
                    f"{what} {shown} đang bị ẩn nhưng có nội dung: vanban vẫn đọc nội dung "
                    f"này; bỏ ẩn {what} để kiểm tra, nếu không báo cáo thì xóa nội dung",
                )


MERGE_COLUMNS_LOOKED_AT = 64  # wider than any form table


def _check_merged(reader: _Reader, sheet: Sheet, read: Callable[[int, int], bool]) -> None:
    """A merged range over the cells the form reads: one amount typed for three tasks, or
    values hidden under the merge (LibreOffice keeps them), would be read as one cell."""
    for cells in sheet.merged:
        if cells.size["rows"] * cells.size["columns"] < 2:
            continue
        # a merge may span a whole sheet: only the rows that hold cells and the table's columns
        rows = range(cells.min_row, min(cells.max_row, sheet.max_row + 1) + 1)
        columns = range(cells.min_col, min(cells.max_col, MERGE_COLUMNS_LOOKED_AT) + 1)
        if any(read(column, row) for row in rows for column in columns):
            reader.add(
                sheet.name,
                cells.coord,
                f"các ô {cells.coord} bị gộp (merge) nên chỉ đọc được ô đầu; mỗi ô của phiếu "
                "ghi một giá trị riêng: bỏ gộp ô rồi ghi lại giá trị từng ô",
            )


def _check_lookalike_sheets(reader: _Reader, form_sheets: Set[str]) -> None:
    """Two sheets whose names differ only by case, spaces or Unicode form (a copy retyped on
    a Mac, «Nhiệm vụ »): vanban would read one and leave the other, whichever comes first."""
    named: dict[str, list[str]] = {}
    for name in reader.book.sheets:
        named.setdefault(sheet_key(name), []).append(name)
    for key, names in named.items():
        if len(names) < 2 or key not in form_sheets:
            continue
        shown = " và ".join(f"«{name}»" for name in names)
        reader.add(
            names[0],
            None,
            f"tệp có {len(names)} trang tính trùng tên {shown} (khác nhau ở chữ hoa, dấu cách "
            "hoặc cách gõ dấu): không biết trang nào là trang của phiếu; giữ một trang, xóa "
            "hoặc đổi tên trang còn lại",
        )


def _check_itemised_cells(reader: _Reader, sheet: Sheet, width: int | None) -> None:
    """Error values anywhere, and text typed right of the table, which no reader reads."""
    for cell in sheet.cells.values():
        if _may_hold_error(cell.value) and reader.excel_error(cell):
            continue
        if width is not None and cell.column > width and _has_content(cell):
            shown = _shortened(_text_value(cell.value) or cell.formula or "")
            last = get_column_letter(width)
            reader.add(
                sheet.name,
                cell.address,
                f"ô nằm ngoài bảng (bảng gồm các cột A đến {last}) nên nội dung «{shown}» sẽ bị "
                f"bỏ qua; hãy ghi vào cột «Ghi chú» của dòng, hoặc xóa nội dung ô này",
            )


_REQUIRED = (
    forms.SHEET_INFO,
    forms.SHEET_TASKS,
    forms.SHEET_MEASURES,
    forms.SHEET_ISSUES,
    forms.SHEET_DIRECTIVES,
)


def _form_sheet_looks(workspace: Workspace) -> dict[str, Callable[[Sheet], bool]]:
    """Every sheet the form must have, with how to tell it under another name: its labels
    in column A, or its header row."""
    firsts = dict(_FIRST_HEADERS)
    rules = workspace.plan.ip
    if rules is not None:
        firsts[rules.sheet] = rules.columns.headers()[0]
        if rules.activities:
            firsts[rules.activities_sheet] = activity_headers(0)[0]
    looks: dict[str, Callable[[Sheet], bool]] = {
        name: functools.partial(_has_labels, labels=labels) for name, labels in _LABELS.items()
    }
    looks.update(
        {name: functools.partial(_has_header, first=first) for name, first in firsts.items()}
    )
    return looks


def _has_labels(sheet: Sheet, labels: tuple[str, ...]) -> bool:
    return bool(_label_rows(sheet, labels))


def _has_header(sheet: Sheet, first: str) -> bool:
    return _header_row(sheet, first) is not None


def _renamed_sheets(
    book: WorkbookData, looks: Mapping[str, Callable[[Sheet], bool]], known: Set[str]
) -> dict[str, str]:
    """Sheets that are form sheets renamed («Nhiệm vụ» become «NV» or «Nhiệm vụ (2)»): a
    sheet not of the form (``known``: the keys of the form's sheets) whose labels or header
    are those of one missing sheet, or the only such sheet when one sheet is missing."""
    missing = [name for name in looks if book.sheet(name) is None]
    if not missing:
        return {}
    strangers = [
        sheet
        for sheet in book.sheets.values()
        if sheet_key(sheet.name) not in known and sheet.cells
    ]
    renamed: dict[str, str] = {}
    for sheet in strangers:
        alike = [name for name in missing if looks[name](sheet)]
        if len(alike) == 1 and alike[0] not in renamed.values():
            renamed[sheet.name] = alike[0]
    left = [name for name in missing if name not in renamed.values()]
    # A copy of a sheet still there, or the guide renamed, is no missing sheet.
    unpaired = [
        sheet.name
        for sheet in strangers
        if sheet.name not in renamed
        and not _is_guide(sheet)
        and not any(look(sheet) for look in looks.values())
    ]
    if len(left) == 1 and len(unpaired) == 1:
        renamed[unpaired[0]] = left[0]
    return renamed


def _is_guide(sheet: Sheet) -> bool:
    return _key(_text_value(sheet.cell(1, 1).value)).startswith(_GUIDE_TITLE)


_GUIDE_TITLE = "phiếu báo cáo kết quả thực hiện"  # the guide's first line, forms.writer


def _missing_sheets(reader: _Reader) -> set[str]:
    required = _REQUIRED
    missing = {name for name in required if reader.book.sheet(name) is None}
    told = set(reader.renamed.values())  # «đổi lại tên» already said at the renamed sheet
    for name in sorted(missing - told, key=required.index):
        reader.add(
            name,
            None,
            "không có trang tính này trong tệp; đừng đổi tên hay xóa trang tính của phiếu",
        )
    return missing


def read_identity(reader: _Reader) -> tuple[str | None, Cell | None]:
    """The agency code stored in the workbook, and the cell it came from."""
    cell = reader.identity_cell(forms.NAME_CODE, forms.LABEL_CODE)
    code = reader.code(cell) if cell is not None else ""
    if not code:
        parts = reader.book.keywords.split(";")
        if len(parts) >= 2 and parts[0] == forms.KEYWORD_PREFIX:
            code = parts[1].strip()
    if not code:
        reader.add(
            forms.SHEET_INFO,
            cell.address if cell else None,
            "không tìm thấy mã đơn vị trong phiếu; hãy dùng phiếu do vanban tạo cho đơn vị "
            "(lệnh «vanban forms»)",
        )
        return None, cell
    return code, cell


def _check_year_and_version(reader: _Reader, year: int) -> None:
    if forms.SHEET_INFO in reader.renamed.values():
        return  # its cells are looked for once the sheet has its name back
    cell = reader.identity_cell(forms.NAME_YEAR, forms.LABEL_YEAR)
    if cell is None:
        reader.add(forms.SHEET_INFO, None, f"không tìm thấy ô «{forms.LABEL_YEAR}» trong phiếu")
    else:
        try:
            found = parse_whole_number(reader.value(cell))
        except _Refused:
            found = None
        if found != year:
            reader.add(
                cell.sheet,
                cell.address,
                f"phiếu là của năm {reader.text(cell) or '(trống)'}, nhưng nằm trong thư mục "
                f"năm {year}; hãy dùng phiếu năm {year} hoặc chuyển tệp sang đúng thư mục năm",
            )
    version_cell = reader.identity_cell(forms.NAME_VERSION, forms.LABEL_VERSION)
    version = reader.code(version_cell) if version_cell else ""
    if version not in SUPPORTED_VERSIONS:
        reader.add(
            forms.SHEET_INFO,
            version_cell.address if version_cell else None,
            f"phiếu theo mẫu phiên bản «{version or 'không rõ'}», vanban đọc được phiên bản "
            f"{', '.join(sorted(SUPPORTED_VERSIONS))}; hãy dùng phiếu mới tạo bằng «vanban forms»",
        )


@dataclass
class _Info:
    reporter: str = ""
    phone: str = ""
    email: str = ""
    report_date: date | None = None


def today() -> date:
    """The day of the run (a function, so that tests can fix it)."""
    return date.today()


@dataclass(frozen=True)
class DateLimit:
    """The latest report date a run accepts, and how a clerk is told what that day is."""

    day: date
    described: str


def latest_report_date(year: int, signing_date: date | None) -> DateLimit:
    """A report date is in the reporting year or the next, not after today, and not after
    the date the consolidated report is signed."""
    limits = [DateLimit(today(), f"hôm nay ({format_short_date(today())}): ngày chưa tới")]
    if signing_date is not None:
        limits.append(
            DateLimit(
                signing_date,
                f"ngày ký văn bản tổng hợp ({format_short_date(signing_date)}, tùy chọn "
                "--ngay-ky): phiếu phải có trước khi văn bản được ký",
            )
        )
    return min(limits, key=lambda limit: limit.day)


def _read_info(
    reader: _Reader, year: int, latest: DateLimit, agency: Agency | None = None
) -> _Info:
    info = _Info()
    fields = (
        (forms.LABEL_REPORTER, "reporter"),
        (forms.LABEL_PHONE, "phone"),
        (forms.LABEL_EMAIL, "email"),
    )
    for label, attribute in fields:
        cell = reader.label_value(forms.SHEET_INFO, label)
        if cell is not None:
            setattr(info, attribute, reader.free_text(cell))
    cell = reader.label_value(forms.SHEET_INFO, forms.LABEL_DATE)
    if cell is None:
        reader.add(forms.SHEET_INFO, None, f"không tìm thấy dòng «{forms.LABEL_DATE}»")
        return info
    before = len(reader.findings)
    info.report_date = reader.day(cell)
    if info.report_date is None and len(reader.findings) > before:
        return info  # refused, or a formula without a result: that is the one finding
    if info.report_date is None:
        reader.add(
            cell.sheet,
            cell.address,
            "chưa ghi ngày báo cáo; cần một ngày dạng ngày/tháng/năm, ví dụ "
            f"{format_short_date(date(year, 11, 5))}",
        )
    elif not date(year, 1, 1) <= info.report_date <= date(year + 1, 12, 31):
        reader.add(
            cell.sheet,
            cell.address,
            f"ngày báo cáo {format_short_date(info.report_date)} không hợp lý cho báo cáo "
            f"năm {year} (phải trong năm {year} hoặc {year + 1}); hãy ghi đúng ngày ký gửi "
            "phiếu",
        )
        info.report_date = None
    elif info.report_date > latest.day:
        reader.add(
            cell.sheet,
            cell.address,
            f"ngày báo cáo {format_short_date(info.report_date)} ở sau {latest.described}; "
            "hãy ghi đúng ngày ký gửi phiếu",
        )
        info.report_date = None
    elif agency is not None and agency.active_from and info.report_date < agency.active_from:
        reader.add(
            cell.sheet,
            cell.address,
            f"ngày báo cáo {format_short_date(info.report_date)} trước ngày {agency.name} bắt "
            f"đầu hoạt động ({format_short_date(agency.active_from)}); hãy ghi đúng ngày ký gửi "
            "phiếu",
        )
        info.report_date = None
    return info


def _find_header(reader: _Reader, sheet_name: str, headers: tuple[str, ...]) -> int | None:
    """The header row of a table sheet, after checking every header cell is as the form made it."""
    sheet = reader.book.sheet(sheet_name)
    if sheet is None:
        return None
    first = _key(headers[0])
    row = next(
        (
            r
            for r in range(1, HEADER_SEARCH_ROWS + 1)
            if _key(_text_value(sheet.cell(r, 1).value)) == first
        ),
        None,
    )
    if row is None:
        reader.add(
            sheet.name,
            None,
            f"không tìm thấy dòng tiêu đề có cột «{headers[0]}»; đừng sửa hay xóa dòng tiêu đề",
        )
        return None
    matches = True
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row, column)
        found = _text_value(cell.value)
        if _key(found) != _key(header):
            matches = False
            reader.add(
                sheet.name,
                cell.address,
                f"tiêu đề cột là «{found}», cần «{header}»; đừng đổi, xóa hay chèn cột",
            )
    return row if matches else None


def _is_blank_row(reader: _Reader, sheet_name: str, row: int, columns: int) -> bool:
    sheet = reader.book.sheet(sheet_name)
    assert sheet is not None
    return all(
        sheet.cell(row, c).value is None and sheet.cell(row, c).formula is None
        for c in range(1, columns + 1)
    )


def _row_without_code(reader: _Reader, sheet: Sheet, row: int, columns: int, code: str) -> None:
    """A row of a table with something typed but no code: told at what was typed (a figure
    typed under the table is named in its own cell, not in the empty code cell)."""
    typed = next(
        cell
        for column in range(1, columns + 1)
        if (cell := sheet.cell(row, column)).value is not None or cell.formula is not None
    )
    if typed.column == 1:
        reader.add(sheet.name, typed.address, f"dòng có nội dung nhưng thiếu {code}")
        return
    shown = _shortened(_text_value(typed.value) or typed.formula or "")
    reader.add(
        sheet.name,
        typed.address,
        f"ô có nội dung «{shown}» nhưng dòng {row} không có {code} (cột A) nên không biết "
        "nội dung này của dòng nào; ghi vào đúng dòng của bảng, hoặc xóa nội dung ô này",
    )


def _parse_status(reader: _Reader, cell: Cell) -> TaskStatus | None:
    text = reader.text(cell)
    choices = ", ".join(status.value for status in TaskStatus)
    if not text:
        reader.add(cell.sheet, cell.address, f"chưa chọn tình trạng; cần chọn một trong: {choices}")
        return None
    for status in TaskStatus:
        if _key(text) == _key(status.value):
            return status
    reader.add(
        cell.sheet,
        cell.address,
        f"tình trạng «{text}» không có trong danh sách; cần chọn một trong: {choices}",
    )
    return None


def _read_tasks(
    reader: _Reader, workspace: Workspace, held: list[Assignment], agency: Agency
) -> list[TaskReport]:
    sheet_name = forms.SHEET_TASKS
    headers = forms.task_headers(workspace.plan)
    header = _find_header(reader, sheet_name, headers)
    if header is None:
        return []
    sheet = reader.book.sheet(sheet_name)
    assert sheet is not None
    plan_codes = {task.code for task in workspace.plan.tasks}
    held_codes = [assignment.task.code for assignment in held]
    held_texts = {assignment.task.code: assignment.task.text for assignment in held}
    found: dict[str, TaskReport] = {}
    for row in range(header + 1, sheet.max_row + 1):
        if _is_blank_row(reader, sheet_name, row, len(headers)):
            continue
        code_cell = sheet.cell(row, 1)
        code = reader.code(code_cell)
        if not code:
            _row_without_code(reader, sheet, row, len(headers), "mã nhiệm vụ")
            continue
        if code not in plan_codes:
            reader.add(
                sheet_name,
                code_cell.address,
                f"mã nhiệm vụ «{code}» không có trong Kế hoạch số "
                f"{workspace.plan.number_symbol}; đừng sửa mã nhiệm vụ",
            )
            continue
        if code not in held_codes:
            reader.add(
                sheet_name,
                code_cell.address,
                f"nhiệm vụ {code} không giao cho {agency.name} trong năm; hãy xóa dòng này "
                "hoặc dùng đúng phiếu của đơn vị",
            )
            continue
        if code in found:
            reader.add(sheet_name, code_cell.address, f"nhiệm vụ {code} bị lặp lại")
            continue
        if reader.label_elsewhere(sheet, row, code, held_texts, "nhiệm vụ"):
            continue
        status = _parse_status(reader, sheet.cell(row, 4))
        result = reader.free_text(sheet.cell(row, 5))
        amounts = tuple(
            reader.number(sheet.cell(row, column), MONEY_EXPECTED) or 0
            for column in range(forms.FIRST_AMOUNT_COLUMN, len(headers) + 1)
        )
        by_source = amounts if workspace.plan.funding_sources else ()
        found[code] = TaskReport(code, status, result, sum(amounts), by_source)
    for code in held_codes:
        if code not in found and not _row_of(reader, sheet_name, header, code):
            reader.add(
                sheet_name,
                None,
                f"thiếu dòng của nhiệm vụ {code}; đơn vị phải báo cáo mọi nhiệm vụ được giao, "
                "đừng xóa dòng nhiệm vụ",
            )
    return [found[code] for code in held_codes if code in found]


def _row_of(reader: _Reader, sheet_name: str, header: int, code: str) -> bool:
    sheet = reader.book.sheet(sheet_name)
    assert sheet is not None
    return any(
        _without_invisible(_text_value(sheet.cell(row, 1).value)) == code
        for row in range(header + 1, sheet.max_row + 1)
    )


# The form asks for 0 when there is no result: a blank is never counted as 0 silently.
BLANK_MEASURE = "chưa ghi kết quả; không có kết quả thì ghi 0 (ô để trống không được tính là 0)"


def _read_measures(
    reader: _Reader, workspace: Workspace, agency: Agency, year: int
) -> list[MeasureReport]:
    sheet_name = forms.SHEET_MEASURES
    header = _find_header(reader, sheet_name, forms.measure_headers(year))
    if header is None:
        return []
    sheet = reader.book.sheet(sheet_name)
    assert sheet is not None
    asked = forms.asked_quantities(workspace, agency, year)
    units = {quantity.code: quantity.unit for quantity in asked}
    names = {quantity.code: quantity.name for quantity in asked}
    plan_codes = list(units)
    not_asked = {q.code for q in form_quantities(workspace.plan)} - set(units)
    ip = workspace.plan.ip
    found: dict[str, MeasureReport] = {}
    rows: dict[str, int] = {}
    for row in range(header + 1, sheet.max_row + 1):
        if _is_blank_row(reader, sheet_name, row, 5):
            continue
        code_cell = sheet.cell(row, 1)
        code = reader.code(code_cell)
        if not code:
            _row_without_code(reader, sheet, row, 5, "mã chỉ tiêu")
            continue
        if code not in plan_codes and ip is not None and code in ip.counted_measures:
            reader.add(
                sheet_name,
                code_cell.address,
                f"chỉ tiêu «{code}» được đếm từ trang tính «{ip.sheet}», không ghi ở trang này; "
                f"xóa dòng này và kê từng đơn, văn bằng ở trang tính «{ip.sheet}»",
            )
            continue
        if code in not_asked:
            reader.add(
                sheet_name,
                code_cell.address,
                f"Kế hoạch không hỏi {agency.name} số liệu «{code}»; xóa dòng này (hãy dùng "
                "phiếu do vanban tạo cho đơn vị)",
            )
            continue
        if code not in plan_codes:
            reader.add(
                sheet_name,
                code_cell.address,
                f"mã chỉ tiêu «{code}» không có trong Kế hoạch số "
                f"{workspace.plan.number_symbol}; đừng sửa mã chỉ tiêu",
            )
            continue
        if code in found:
            reader.add(sheet_name, code_cell.address, f"chỉ tiêu {code} bị lặp lại")
            continue
        if reader.label_elsewhere(sheet, row, code, names, "chỉ tiêu"):
            continue
        expected = figure_expected(units[code])
        value = reader.number(sheet.cell(row, 4), expected, blank=BLANK_MEASURE)
        found[code] = MeasureReport(code, value, reader.free_text(sheet.cell(row, 5)))
        rows[code] = row
    _check_shares(reader, workspace, found, rows)
    for code in plan_codes:
        if code not in found and not _row_of(reader, sheet_name, header, code):
            reader.add(
                sheet_name,
                None,
                f"thiếu dòng của chỉ tiêu {code}; đừng xóa dòng chỉ tiêu (không có kết quả thì "
                "ghi 0)",
            )
    return [found[code] for code in plan_codes if code in found]


def _check_shares(
    reader: _Reader,
    workspace: Workspace,
    found: dict[str, MeasureReport],
    rows: dict[str, int],
) -> None:
    """A percentage's numerator is a part of its denominator: larger, one of the two is
    mistyped (unless the plan's own level is above 100%)."""
    for measure in workspace.plan.measures:
        part, whole = measure.numerator, measure.denominator
        if part is None or whole is None or part.code not in found or whole.code not in found:
            continue
        if any(level is not None and level > 100 for level in (measure.minimum, measure.maximum)):
            continue
        top, bottom = found[part.code].value, found[whole.code].value
        if top is not None and bottom is not None and top > bottom:
            reader.add(
                forms.SHEET_MEASURES,
                f"D{rows[part.code]}",
                f"«{part.name}» ({format_number(top)}) lớn hơn «{whole.name}» "
                f"({format_number(bottom)}): chỉ tiêu «{measure.name}» là tỷ lệ, không thể quá "
                "100%; kiểm tra lại hai số",
            )


def _read_issues(reader: _Reader) -> tuple[str, str]:
    texts = []
    for label in (forms.LABEL_DIFFICULTIES, forms.LABEL_PROPOSALS):
        cell = reader.label_value(forms.SHEET_ISSUES, label)
        if cell is None:
            reader.add(forms.SHEET_ISSUES, None, f"không tìm thấy dòng «{label}»")
            texts.append("")
        else:
            texts.append(reader.free_text(cell))
    return texts[0], texts[1]


def read_report(
    workspace: Workspace,
    agency: Agency,
    year: int,
    reader: _Reader,
    latest: DateLimit | None = None,
) -> AgencyReport | None:
    """The agency's report from an opened workbook; findings go to ``reader``."""
    if _earlier_version(reader, workspace):
        return None
    itemised = _itemised_sheets(workspace)
    known = _FORM_SHEETS.keys() | itemised.keys() | {sheet_key(forms.SHEET_FEEDBACK)}
    reader.renamed = _renamed_sheets(reader.book, _form_sheet_looks(workspace), known)
    check_every_cell(reader, itemised, table_widths(workspace))
    _check_year_and_version(reader, year)
    missing = _missing_sheets(reader)
    # The sheets that are there are still read, so the clerk gets every error in one round.
    if forms.SHEET_INFO not in missing:
        info = _read_info(reader, year, latest or latest_report_date(year, None), agency)
    if forms.SHEET_TASKS not in missing:
        tasks = _read_tasks(reader, workspace, workspace.tasks_of(agency.code, year), agency)
    if forms.SHEET_MEASURES not in missing:
        measures = _read_measures(reader, workspace, agency, year)
    if forms.SHEET_ISSUES not in missing:
        difficulties, proposals = _read_issues(reader)
    reported = None if forms.SHEET_INFO in missing else info.report_date
    if forms.SHEET_DIRECTIVES not in missing:
        since = _documents_since(workspace, agency, year)
        directives = _read_directives(reader, year, agency, reported, since)
    ip_rows, activities = _read_itemised(reader, workspace, agency, year, reported)
    if missing:
        return None
    path = reader.book.path
    return AgencyReport(
        agency_code=agency.code,
        file=path,
        sha256=reader.book.sha256,
        reporter=info.reporter,
        phone=info.phone,
        email=info.email,
        report_date=info.report_date,
        tasks=tasks,
        measures=measures,
        difficulties=difficulties,
        proposals=proposals,
        ip_rows=tuple(ip_rows),
        activities=tuple(activities),
        directives=tuple(directives),
    )


def _earlier_version(reader: _Reader, workspace: Workspace) -> bool:
    """A form of an earlier version (issued in an earlier year) lacks what this year's form
    asks: one finding asking for the new form, instead of one per missing column."""
    cell = reader.identity_cell(forms.NAME_VERSION, forms.LABEL_VERSION)
    version = reader.code(cell) if cell is not None else ""
    if version not in EARLIER_VERSIONS:
        return False
    asks = f"trang tính «{forms.SHEET_DIRECTIVES}»"
    if workspace.plan.funding_sources:
        asks += " và các cột kinh phí theo từng nguồn"
    reader.add(
        forms.SHEET_INFO,
        cell.address if cell is not None else None,
        f"phiếu theo mẫu cũ (phiên bản {version}), thiếu {asks} của mẫu phiên bản "
        f"{forms.FORM_VERSION}; vanban không đọc phiếu mẫu cũ. Hãy gửi đơn vị phiếu mới tạo "
        "bằng lệnh «vanban forms» và đề nghị đơn vị điền lại vào phiếu mới (có thể chép nội "
        "dung từ phiếu cũ sang)",
    )
    return True


# A number and symbol as the decree writes them, read loosely: a number, "/", then a symbol
# of letters, digits, "-" and "." (a legal document has its year: «12/2024/QĐ-UBND»).
_NUMBER_SYMBOL = re.compile(r"\d{1,6}[a-z]?(?:/\d{4})?/[^\W\d_][\w.&\-]*")
_NUMBER_PREFIX = re.compile(r"^số\s*:?\s*", re.IGNORECASE)
_DIRECTIVE_TYPES = {_key(name): name for name in forms.DIRECTIVE_TYPES}


def _directive_type(text: str) -> str | None:
    """The type name as the form's list spells it, any type of Phụ lục III accepted."""
    key = _key(text)
    if key in _DIRECTIVE_TYPES:
        return _DIRECTIVE_TYPES[key]
    for name in TYPE_ABBREVIATIONS:
        if _key(name) == key:
            return text[:1].upper() + text[1:].lower()
    return None


def _type_clash(number_symbol: str, type_name: str) -> str | None:
    """The type a symbol names («KH» in «12/KH-SCT») when another type was chosen."""
    symbol = number_symbol.rsplit("/", 1)[-1]
    first = symbol.split("-", 1)[0].upper()
    named = {abbreviation.upper(): name for name, abbreviation in TYPE_ABBREVIATIONS.items()}
    chosen = TYPE_ABBREVIATIONS.get(upper_vi(type_name))
    if first in named and chosen is not None and first != chosen.upper() and "-" in symbol:
        return named[first]
    return None


def _documents_since(workspace: Workspace, agency: Agency, year: int) -> date | None:
    """The first day a form's documents may be dated: the agency's first day, or the year's
    when it carries the whole year of a department merged into it in the year (the report
    says so; their documents of those months have no other form)."""
    start = date(year, 1, 1)
    merged = [
        p
        for p in workspace.registry.predecessors(agency.code)
        if p.active_to is not None and p.active_to >= start
    ]
    return start if merged else agency.active_from


def _read_directives(
    reader: _Reader,
    year: int,
    agency: Agency,
    reported: date | None = None,
    since: date | None = None,
) -> list[DirectiveReport]:
    sheet_name = forms.SHEET_DIRECTIVES
    header = _find_header(reader, sheet_name, forms.DIRECTIVE_HEADERS)
    if header is None:
        return []
    sheet = reader.book.sheet(sheet_name)
    assert sheet is not None
    found: list[DirectiveReport] = []
    first_row: dict[str, str] = {}
    for row in range(header + 1, sheet.max_row + 1):
        if _is_blank_row(reader, sheet_name, row, len(forms.DIRECTIVE_HEADERS)):
            continue
        directive = _read_directive(reader, sheet, row, year, agency, reported, since)
        if directive is None:
            continue
        key = _key(directive.number_symbol).replace(" ", "")
        cell = sheet.cell(row, 1)
        if key in first_row:
            reader.add(
                sheet_name,
                cell.address,
                f"văn bản số {directive.number_symbol} đã ghi ở ô {first_row[key]}; mỗi văn "
                "bản chỉ ghi một dòng, hãy xóa dòng lặp",
            )
            continue
        first_row[key] = cell.address
        found.append(directive)
    return found


def _read_directive(
    reader: _Reader,
    sheet: Sheet,
    row: int,
    year: int,
    agency: Agency,
    reported: date | None,
    since: date | None = None,
) -> DirectiveReport | None:
    """One row of «Văn bản chỉ đạo»; None (with findings) when a cell is wrong or blank."""
    cells = [sheet.cell(row, column) for column in range(1, len(forms.DIRECTIVE_HEADERS) + 1)]
    number_symbol = _without_invisible(_NUMBER_PREFIX.sub("", reader.code(cells[0]))).strip()
    number_symbol = _SPACES.sub("", number_symbol)
    before = len(reader.findings)
    issued_on = reader.day(cells[1])
    date_refused = len(reader.findings) > before
    type_text = reader.text(cells[2])
    subject = reader.free_text(cells[3])
    ok = True
    for cell, blank, what in (
        (cells[0], not number_symbol, "số và ký hiệu của văn bản, ví dụ 15/QĐ-UBND"),
        (cells[1], issued_on is None and not date_refused, "ngày ban hành dạng ngày/tháng/năm"),
        (cells[2], not type_text, "loại văn bản, chọn trong danh sách"),
        (cells[3], not subject, "trích yếu của văn bản"),
    ):
        if blank:
            reader.add(cell.sheet, cell.address, f"dòng văn bản chưa ghi {what}")
            ok = False
    if number_symbol and not _NUMBER_SYMBOL.fullmatch(number_symbol):
        reader.add(
            cells[0].sheet,
            cells[0].address,
            f"«{number_symbol}» không giống số và ký hiệu của văn bản; cần số, dấu «/» rồi ký "
            "hiệu, ghi đúng như trên văn bản (ví dụ 15/QĐ-UBND, 245/UBND-VX)",
        )
        ok = False
    if issued_on is not None and issued_on.year != year:
        reader.add(
            cells[1].sheet,
            cells[1].address,
            f"ngày ban hành {format_short_date(issued_on)} không thuộc năm {year}; chỉ ghi "
            f"văn bản ban hành trong năm {year}",
        )
        ok = False
    elif issued_on is not None and since and issued_on < since:
        reader.add(
            cells[1].sheet,
            cells[1].address,
            f"ngày ban hành {format_short_date(issued_on)} trước ngày {agency.name} bắt đầu "
            f"hoạt động ({format_short_date(since)}); văn bản của đơn vị trước đó "
            "không ghi ở phiếu này",
        )
        ok = False
    elif issued_on is not None and reported is not None and issued_on > reported:
        reader.add(
            cells[1].sheet,
            cells[1].address,
            f"ngày ban hành {format_short_date(issued_on)} sau ngày báo cáo "
            f"{format_short_date(reported)} của phiếu; hãy kiểm tra lại ngày",
        )
        ok = False
    type_name = _directive_type(type_text) if type_text else None
    if type_text and type_name is None:
        reader.add(
            cells[2].sheet,
            cells[2].address,
            f"loại văn bản «{type_text}» không có trong danh sách; chọn một trong: "
            f"{', '.join(forms.DIRECTIVE_TYPES)}",
        )
        ok = False
    if ok and type_name is not None:
        clash = _type_clash(number_symbol, type_name)
        if clash is not None:
            reader.add(
                cells[2].sheet,
                cells[2].address,
                f"loại văn bản ghi «{type_name}» nhưng ký hiệu «{number_symbol}» là của "
                f"{clash.lower()}; hãy sửa cho khớp với văn bản",
            )
            ok = False
    if not ok or issued_on is None or type_name is None:
        return None
    return DirectiveReport(number_symbol, issued_on, type_name, subject)


def _read_itemised(
    reader: _Reader, workspace: Workspace, agency: Agency, year: int, reported: date | None
) -> tuple[list[IpRow], list[ActivityFigure]]:
    rules = workspace.plan.ip
    if rules is None:
        return [], []
    latest = reported or date(year, 12, 31)
    renamed = set(reader.renamed.values())  # told at the renamed sheet, not read
    return (
        [] if rules.sheet in renamed else read_ip_rows(reader, rules, agency.code, year, latest),
        [] if rules.activities_sheet in renamed else read_activities(reader, rules, year),
    )


# ---------------------------------------------------------------------------
# A year's folder


@dataclass
class _FileOutcome:
    path: Path
    agency_code: str | None
    report: AgencyReport | None
    findings: list[Finding]


def _inactive_message(workspace: Workspace, agency: Agency, year: int) -> str:
    deadline = format_short_date(workspace.deadline(year))
    if agency.active_from and agency.active_from > workspace.deadline(year):
        return (
            f"phiếu là của {agency.name}, đơn vị bắt đầu hoạt động từ "
            f"{format_short_date(agency.active_from)}, chưa phải báo cáo năm {year}"
        )
    successor = workspace.registry.successor_name(agency.code)
    handed = (
        f"; nhiệm vụ của đơn vị đã chuyển cho {successor}, đơn vị kế nhiệm gửi phiếu "
        "của mình thay cho phiếu này"
        if successor
        else ""
    )
    return (
        f"phiếu là của {agency.name}, đơn vị không còn hoạt động vào ngày {deadline} "
        f"(hạn báo cáo năm {year}){handed}"
    )


def _agency_named_by_file(workspace: Workspace, path: Path) -> Agency | None:
    """The agency whose code is the file's name («CODE.xlsx»), if any."""
    stem = path.stem.strip().upper()
    registry = workspace.registry
    if registry.knows(stem) and not registry.is_group(stem):
        return registry.agency(stem)
    return None


def _name_mismatch_message(path: Path, named: Agency, agency: Agency) -> str:
    return (
        f"tên tệp «{path.name}» là mã của {named.name} ({named.code}), nhưng phiếu bên trong "
        f"là của {agency.name} ({agency.code}); nếu đây đúng là phiếu của {agency.name}, hãy "
        f"đổi tên tệp thành «{agency.code}{path.suffix}»; nếu {named.name} gửi nhầm phiếu, "
        "hãy đề nghị đơn vị gửi lại đúng phiếu của mình"
    )


def _read_file(
    workspace: Workspace,
    year: int,
    path: Path,
    active: dict[str, Agency],
    latest: DateLimit | None = None,
) -> _FileOutcome:
    try:
        book = read_workbook(path)
    except WorkbookError as error:
        stem = path.stem.strip().upper()
        where = error.where or Location()
        finding = Finding(path, where.sheet, where.cell, error.text)
        return _FileOutcome(path, stem if stem in active else None, None, [finding])
    reader = _Reader(book)
    code, cell = read_identity(reader)
    if code is None:
        return _FileOutcome(path, None, None, reader.findings)
    where = (forms.SHEET_INFO if cell is None else cell.sheet, cell.address if cell else None)
    if not workspace.registry.knows(code) and workspace.registry.knows(code.upper()):
        code = code.upper()  # registry codes are upper case: «sct» typed over SCT is SCT
    if not workspace.registry.knows(code) or workspace.registry.is_group(code):
        reader.add(*where, f"mã đơn vị «{code}» không có trong danh mục đơn vị")
        return _FileOutcome(path, None, None, reader.findings)
    if code not in active:
        agency = workspace.registry.agency(code)
        reader.add(*where, _inactive_message(workspace, agency, year))
        return _FileOutcome(path, None, None, reader.findings)
    named = _agency_named_by_file(workspace, path)
    if named is not None and named.code != code:
        reader.add(*where, _name_mismatch_message(path, named, active[code]))
    report = read_report(workspace, active[code], year, reader, latest)
    return _FileOutcome(path, code, report, reader.findings)


def workbook_files(folder: Path) -> list[Path]:
    """The spreadsheet files of a year's folder, subfolders included (see scan_year_folder)."""
    return scan_year_folder(folder)[0]


def scan_year_folder(folder: Path) -> tuple[list[Path], list[UnreadFile]]:
    """Every spreadsheet file under ``folder`` (a clerk may save each e-mail's attachment
    in its own subfolder), and every other file or folder there with why it is not read.

    A link pointing nowhere, or a file the system will not even describe, is a workbook
    here: reading it gives the finding that tells the clerk what is wrong with it.
    """
    try:
        next(folder.iterdir(), None)
    except OSError as exc:  # the year's own folder: every agency would be «chưa nộp»
        raise UsageError(
            f"không mở được thư mục phiếu báo cáo «{folder}» (không có quyền đọc, mã lỗi hệ "
            f"thống {exc.errno}); kiểm tra quyền của thư mục rồi chạy lại"
        ) from None
    workbooks: list[Path] = []
    unread: list[UnreadFile] = []
    _scan(folder, workbooks, unread)
    return sorted(workbooks), sorted(unread, key=lambda item: item.path)


def _scan(folder: Path, workbooks: list[Path], unread: list[UnreadFile]) -> None:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        unread.append(UnreadFile(folder, "không mở được thư mục này (không có quyền đọc?)"))
        return
    for path in entries:
        if path.name.casefold() == ASSESSMENT_FILE.casefold():
            continue  # the Sở's own assessment, read by generate
        reason = _unread_reason(path)
        if reason is not None:
            unread.append(UnreadFile(path, reason))
        elif _is_folder(path):
            _scan(path, workbooks, unread)
        else:
            workbooks.append(path)


def _named_unread(item: UnreadFile, active: dict[str, Agency]) -> Agency | None:
    """The agency a file not read is named for («SCT.pdf», «SCT.xlsx.zip», «SCT.xlsx »):
    what it sent is not a form, and it must not be counted as having sent nothing."""
    name = item.path.name
    if name.startswith((EXCEL_LOCK, ".", LIBREOFFICE_LOCK[1])) or _is_folder(item.path):
        return None
    # «SCT.pdf», «SCT (1).pdf», «SCT - Shortcut.lnk», «Bao cao SCT.pdf»: a code among its words
    words = (word.upper() for word in _NAME_WORDS.split(name))
    return next((active[word] for word in words if word in active), None)


_NAME_WORDS = re.compile(r"[^0-9A-Za-z-]+")


def _unread_form_message(path: Path, agency: Agency) -> str:
    name = path.name
    stripped = name.rstrip(" .")
    if stripped != name and Path(stripped).suffix.lower() in WORKBOOK_SUFFIXES:
        return (
            f"tên tệp có dấu cách hoặc dấu chấm ở cuối nên không được đọc như phiếu của "
            f"{agency.name}: đổi tên tệp thành «{stripped}» rồi chạy lại"
        )
    return (
        f"tệp mang mã của {agency.name} nhưng không phải phiếu báo cáo Excel (.xlsx), vanban "
        "không đọc được số liệu trong đó: nếu là tệp nén, giải nén rồi đặt phiếu .xlsx "
        "vào thư mục; nếu đơn vị gửi văn bản khác thay cho phiếu, đề nghị đơn vị gửi phiếu đã "
        "điền; nếu đơn vị chưa gửi phiếu, chuyển tệp này ra khỏi thư mục (đơn vị được tính là "
        "chưa nộp)"
    )


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _unread_reason(path: Path) -> str | None:
    """Why ``path`` is not read; None for a workbook to read or a subfolder to look into."""
    name = path.name
    folder = _is_folder(path)
    if name.startswith(EXCEL_LOCK):
        office = "Word" if path.suffix.lower() in (".docx", ".doc") else "Excel"
        return f"tệp tạm {office} tạo ra khi mở một tệp, không phải phiếu"
    if name.startswith(LIBREOFFICE_LOCK[0]):
        return "tệp khóa LibreOffice tạo ra khi mở một tệp, không phải phiếu"
    if name.startswith("."):
        return "thư mục ẩn" if folder else "tệp ẩn"
    if folder:
        return "liên kết tới thư mục khác, vanban không đọc theo" if path.is_symlink() else None
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return "không phải bảng tính; phiếu báo cáo là tệp .xlsx"
    if not _file_or_broken_link(path):
        return "không phải tệp thông thường"
    return None


def _file_or_broken_link(path: Path) -> bool:
    try:
        return path.is_file() or (path.is_symlink() and not path.exists())
    except OSError:  # locked, or a cloud file the system cannot describe: check_file says so
        return True


def open_form_notes(folder: Path, workbooks: list[Path], unread: list[UnreadFile]) -> list[str]:
    """A note for each form beside a lock file: Excel («~$SCT.xlsx») or LibreOffice
    («.~lock.SCT.xlsx#») has it open, maybe with changes not yet saved, which are not read."""
    assessment = folder / ASSESSMENT_FILE  # the Sở's own assessment, open in Word
    present = set(workbooks) | ({assessment} if assessment.is_file() else set())
    notes = []
    for item in unread:
        form = locked_file(item.path, present)
        if form is None:
            continue
        user = lock_user(item.path)
        by = f", người mở: «{user}»" if user else ""
        noun = "tệp" if form == assessment else "phiếu"
        notes.append(
            f"{noun} «{_shown_name(form, folder)}» đang được mở (tệp khóa "
            f"«{_shown_name(item.path, folder)}»{by}): thay đổi chưa lưu sẽ không được đọc; "
            f"hãy lưu và đóng {noun} rồi chạy lại"
        )
    return notes


def _shown_name(path: Path, folder: Path) -> str:
    """A file as named to the clerk: its path inside the year's folder."""
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name


def _dated_name(outcome: _FileOutcome, folder: Path) -> str:
    """«SCT.xlsx» (ghi ngày 05/11/2025): the day each form gives, to tell which came last."""
    name = f"«{_shown_name(outcome.path, folder)}»"
    day = getattr(outcome.report, "report_date", None)
    return f"{name} (ghi ngày {format_short_date(day)})" if isinstance(day, date) else name


def _submission(
    workspace: Workspace, year: int, agency: Agency, outcomes: list[_FileOutcome], folder: Path
) -> AgencySubmission:
    files = [outcome.path for outcome in outcomes]
    findings = [finding for outcome in outcomes for finding in outcome.findings]
    if not outcomes:
        return AgencySubmission(agency, SubmissionStatus.MISSING, None, [], [], None)
    if len(outcomes) > 1:
        names = ", ".join(_dated_name(outcome, folder) for outcome in outcomes)
        findings.append(
            Finding(
                files[0],
                None,
                None,
                f"{agency.name} có {len(files)} phiếu: {names}; chỉ giữ lại một phiếu trong thư "
                "mục (thường là phiếu đơn vị gửi sau cùng, kể cả bản đã sửa mang tên khác như "
                "«…-can-sua.xlsx»), chuyển phiếu kia ra khỏi thư mục",
                _shown_name(files[0], folder),
                for_clerk=True,
            )
        )
    report = outcomes[0].report
    on_time = None
    if report is not None and report.report_date is not None:
        on_time = not workspace.is_late(report.report_date, year)
    email = (report.email or None) if report is not None else None
    if findings or report is None:
        return AgencySubmission(
            agency, SubmissionStatus.INVALID, None, files, findings, on_time, email, report
        )
    status = SubmissionStatus.VALID if on_time else SubmissionStatus.LATE
    return AgencySubmission(agency, status, report, files, findings, on_time, email)


# A workbook is read in a few milliseconds; a worker process is spawned (as on Windows,
# where it re-imports everything) in about half a second. Above this many workbooks the
# year is read by a pool of WORKERS processes; the result is the same, in the same order.
POOL_MIN_FILES = 300
WORKERS = 2
POOL_CHUNK = 16  # workbooks per task sent to a worker

_POOL_STATE: tuple[Workspace, int, dict[str, Agency], DateLimit] | None = None


def _pool_init(
    workspace: Workspace, year: int, active: dict[str, Agency], latest: DateLimit
) -> None:
    global _POOL_STATE
    ignore_interrupt()
    _POOL_STATE = (workspace, year, active, latest)
    # The workspace lives as long as the worker and makes no cycles: set aside from the
    # cycle collector (at 10,000 agencies its full collections took 0.15 s per 3,000
    # workbooks, 0.05 s with it set aside: about 1 % of a worker's time).
    gc.freeze()


def _pool_read(path: Path) -> _FileOutcome:
    assert _POOL_STATE is not None
    workspace, year, active, latest = _POOL_STATE
    return _read_file(workspace, year, path, active, latest)


def reading_label(year: int) -> str:
    """The progress bar's label while a year's workbooks are read."""
    return f"Đang đọc phiếu báo cáo năm {year}"


def _read_files(
    workspace: Workspace,
    year: int,
    files: list[Path],
    active: dict[str, Agency],
    latest: DateLimit,
    workers: int,
    progress: ProgressFactory = no_progress,
) -> list[_FileOutcome]:
    """Each file's outcome, in the order of ``files``, read here or by a pool of workers,
    counted on a progress bar as each comes back."""
    with progress(len(files), label=reading_label(year)) as bar:
        if workers < 2 or len(files) < POOL_MIN_FILES:
            outcomes = []
            for path in files:
                outcomes.append(_read_file(workspace, year, path, active, latest))
                bar.update(1)
            return outcomes
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_pool_init,
            initargs=(workspace, year, active, latest),
        ) as pool:
            try:
                outcomes = []
                for outcome in pool.map(_pool_read, files, chunksize=POOL_CHUNK):
                    outcomes.append(outcome)
                    bar.update(1)
                return outcomes
            except BaseException:  # Ctrl+C or a failure: the workbooks not yet read are dropped
                pool.shutdown(cancel_futures=True)
                raise


def _lookalike(folder: Path) -> str:
    """A folder named nearly as the year's («2025 », «Năm 2025»): the clerk meant it."""
    try:
        near = sorted(
            p.name
            for p in folder.parent.iterdir()
            if p.is_dir() and p.name != folder.name and folder.name in p.name
        )
    except OSError:
        return ""
    if not near:
        return ""
    return f"; có thư mục «{near[0]}»: đổi tên thành «{folder.name}» nếu đó là phiếu năm này"


def validate_year(
    workspace: Workspace,
    year: int,
    inputs: Path,
    signing_date: date | None = None,
    workers: int = WORKERS,
    earlier: Sequence[ValidationResult] = (),
    progress: ProgressFactory = no_progress,
) -> ValidationResult:
    """Read every workbook under ``inputs/<year>/`` and check it; every active agency is
    listed, and every file not read is listed with why. A report date after today, or
    after ``signing_date`` (the day the consolidated report is signed), is refused.

    With many workbooks they are read by ``workers`` processes (see POOL_MIN_FILES).
    ``earlier``: the validated earlier years whose workbooks the batch reads too; an
    application or title they give differently is a finding at this year's cell, as
    ``generate`` would refuse it. ``progress`` counts the workbooks read.
    """
    workspace.check_year(year)
    folder = inputs / str(year)
    if not folder.is_dir():
        raise UsageError(
            f"không tìm thấy thư mục phiếu báo cáo năm {year} «{folder}»{_lookalike(folder)}"
        )
    active = {agency.code: agency for agency in workspace.active(year)}
    by_agency: dict[str, list[_FileOutcome]] = {code: [] for code in active}
    stray: list[Finding] = []
    files, unread = scan_year_folder(folder)
    latest = latest_report_date(year, signing_date)
    outcomes = _read_files(workspace, year, files, active, latest, workers, progress)
    for path, outcome in zip(files, outcomes, strict=True):
        shown = _shown_name(path, folder)
        if shown != path.name:
            outcome.findings = [replace(finding, shown=shown) for finding in outcome.findings]
        if outcome.agency_code is None:
            stray.extend(outcome.findings)
        else:
            by_agency[outcome.agency_code].append(outcome)
    for item in list(unread):
        named = _named_unread(item, active)
        if named is not None and not by_agency[named.code]:
            message = _unread_form_message(item.path, named)
            finding = Finding(item.path, None, None, message, _shown_name(item.path, folder), True)
            by_agency[named.code].append(_FileOutcome(item.path, named.code, None, [finding]))
            unread.remove(item)  # told as the agency's error, not again as a file not read
    submissions = [
        _submission(workspace, year, agency, by_agency[code], folder)
        for code, agency in active.items()
    ]
    stray += _year_funding_findings(submissions, year, folder)
    earlier_reports = [
        s.compared for result in earlier for s in result.submissions if s.compared is not None
    ]
    submissions, disagreements, settled = _register_findings(
        workspace, inputs, submissions, folder, earlier_reports
    )
    return ValidationResult(
        year,
        submissions,
        stray,
        folder,
        not files,
        unread,
        disagreements,
        settled,
        open_forms=open_form_notes(folder, files, unread),
    )


def _unknown_contributors(workspace: Workspace, register) -> list[str]:
    """Codes in the register file's «Đơn vị tham gia» that name no agency: printed as a raw
    code in the annex and counted toward a target."""
    return list(
        dict.fromkeys(
            f"{c.place}: mã đơn vị «{c.agency_code}» không có trong danh mục đơn vị (ghi mã "
            "như trong danh mục, dạng «MÃ ĐƠN VỊ: vai trò (năm)»)"
            for asset in register.assets
            for c in asset.contributions
            if c.place is not None and not workspace.registry.knows(c.agency_code)
        )
    )


def _told(workspace: Workspace, place: Place, folder: Path) -> str:
    """Another agency's cell as its feedback copy tells it: by the agency's name, not by a
    file of the Sở's folders (the register file is named as the Sở's own register)."""
    path = Path(place.file)
    code = path.stem.strip().upper()
    if not workspace.registry.knows(code) or workspace.registry.is_group(code):
        return str(place)
    year = "" if path.parent == folder else f" năm {path.parent.name}"
    name = workspace.registry.agency(code).name
    return f"phiếu{year} của {name}, trang tính «{place.sheet}», ô {place.cell}"


def _register_findings(
    workspace: Workspace,
    inputs: Path,
    submissions: list[AgencySubmission],
    folder: Path,
    earlier_reports: Sequence[AgencyReport] = (),
) -> tuple[list[AgencySubmission], list[str], list[str]]:
    """The year's workbooks (and the Sở's register file) saying differently about the same
    application or title: each workbook's cell is a finding of its agency (so that its
    feedback names it), with what the others say; what no workbook of the year holds (the
    register file's own problems) is returned apart, and so are the disagreements the
    register file decides (shown to the clerk: the workbook's value is not the one used)."""
    rules = workspace.plan.ip
    if rules is None:
        return submissions, [], []
    from generator.register import load_register

    reports = [s.compared for s in submissions if s.compared is not None]
    register = load_register(rules, inputs, [*reports, *earlier_reports])
    owners = {str(path): s.agency.code for s in submissions for path in s.files}
    added: dict[str, list[Finding]] = {}
    apart = list(register.problems) + _unknown_contributors(workspace, register)
    settled = [
        str(conflict)
        for conflict in register.conflicts
        if not conflict.blocking and any(p and p.file in owners for _, p in conflict.values)
    ]
    settled += register.notes
    for conflict in register.conflicts:
        if not conflict.blocking:
            continue
        placed = [(v, p) for v, p in conflict.values if p is not None and p.file in owners]
        if not placed:
            apart.append(str(conflict))
        for value, place in placed:
            others = "; ".join(
                f"«{v}» ({', '.join(_told(workspace, p, folder) for p in places)})"
                if places
                else f"«{v}»"
                for v, places in conflict.by_value(leaving=place)
                if v != value
            )
            added.setdefault(owners[place.file], []).append(
                Finding(
                    Path(place.file),
                    place.sheet,
                    place.cell,
                    f"«{conflict.fact}» của {conflict.asset} ghi «{value}», khác với {others}; "
                    "cùng một đơn, văn bằng thì các đơn vị phải ghi như nhau: hãy đối chiếu "
                    "đơn, văn bằng gốc rồi sửa cho đúng",
                    _shown_name(Path(place.file), folder),
                )
            )
    if not added:
        return submissions, apart, settled
    return (
        [
            replace(
                s,
                status=SubmissionStatus.INVALID,
                report=None,
                read_anyway=s.compared,
                findings=s.findings + added[code],
            )
            if (code := s.agency.code) in added
            else s
            for s in submissions
        ],
        apart,
        settled,
    )


def _year_funding_findings(
    submissions: list[AgencySubmission], year: int, folder: Path
) -> list[Finding]:
    """The report writes the year's total funding in words: it must stay below WORDS_LIMIT
    (each cell does; a very large number of them might not)."""
    reports = [s.report for s in submissions if s.report is not None]
    funding = {report.file: sum(task.funding for task in report.tasks) for report in reports}
    total = sum(funding.values())
    if total < WORDS_LIMIT:
        return []
    largest = max(funding, key=funding.__getitem__)
    return [
        Finding(
            largest,
            forms.SHEET_TASKS,
            None,
            f"tổng kinh phí năm {year} của các đơn vị là {format_number(total)} đồng, vượt quá "
            f"số báo cáo ghi được bằng chữ (dưới {format_number(WORDS_LIMIT)} đồng); phiếu này "
            f"ghi nhiều kinh phí nhất ({format_number(funding[largest])} đồng): hãy kiểm tra "
            "lại kinh phí đã ghi, tính bằng đồng",
            _shown_name(largest, folder),
        )
    ]


def no_workbooks_message(folder: Path | None, year: int) -> str:
    """What to say when a year's folder holds no workbook at all."""
    where = f"«{folder}»" if folder is not None else f"năm {year}"
    return (
        f"thư mục {where} chưa có phiếu báo cáo nào; chép các phiếu đã nhận vào thư mục "
        "này rồi chạy lại"
    )


def unread_lines(result: ValidationResult) -> list[str]:
    """Each file or folder of the year's folder the run did not read: «name: why»."""
    folder = result.folder or Path()
    return [f"{_shown_name(item.path, folder)}: {item.reason}" for item in result.unread]


def describe_validation(result: ValidationResult) -> str:
    """The plain-text table a clerk reads: one line per agency, then every error line."""
    rows = [("Mã đơn vị", "Tệp", "Tình trạng", "Số lỗi")]
    folder = result.folder or Path()
    for submission in result.submissions:
        files = ", ".join(_shown_name(path, folder) for path in submission.files) or "-"
        errors = format_number(len(submission.findings)) if submission.files else "-"
        rows.append((submission.agency.code, files, submission.status.value, errors))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [f"Phiếu báo cáo năm {result.year}:"]
    lines += [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    counts = {status: 0 for status in SubmissionStatus}
    for submission in result.submissions:
        counts[submission.status] += 1
    lines.append(
        "Tổng cộng: "
        + "; ".join(
            f"{status.value} {format_number(counts[status])}" for status in SubmissionStatus
        )
    )
    if result.no_workbooks:
        lines.append(no_workbooks_message(result.folder, result.year))
    if result.stray_findings:
        lines.append(
            "Tệp không gắn được với đơn vị phải báo cáo: "
            f"{format_number(len(result.stray_findings))} lỗi"
        )
    if result.earlier_findings:
        years = ", ".join(str(year) for year in sorted(result.earlier_errors))
        lines.append(
            f"Phiếu năm {years} (dùng để tính số lũy kế; «vanban generate» không chạy khi các "
            f"phiếu này có lỗi): {format_number(len(result.earlier_findings))} lỗi"
        )
    if result.unread:
        lines += ["", f"Tệp không đọc ({format_number(len(result.unread))}):"]
        lines += [f"  - {line}" for line in unread_lines(result)]
    queries = funding_queries(result)
    if queries:
        lines += ["", f"Cần hỏi lại đơn vị ({format_number(len(queries))}):"]
        lines += [f"  - {line}" for line in queries]
    if result.findings:
        lines += ["", "Lỗi:"]
        lines += [f"  - {finding}" for finding in result.findings]
    notes = result.open_forms + result.input_notes
    lines += ["", *(f"Lưu ý: {note}" for note in notes)] if notes else []
    return "\n".join(lines)


def validation_notes(result: ValidationResult) -> list[str]:
    """What the table's notes say, for --quiet: open forms, files not read, figures to ask
    about, the inputs' own notes."""
    return [
        *result.open_forms,
        *(f"không đọc {line}" for line in unread_lines(result)),
        *(f"cần hỏi lại đơn vị: {line}" for line in funding_queries(result)),
        *result.input_notes,
    ]


def funding_queries(result: ValidationResult) -> list[str]:
    """Funding reported on a task the agency says it has not started: not an error (money may
    have gone to preparation), but a figure the report would sum, so the clerk asks."""
    queries = []
    for submission in result.submissions:
        report = submission.report
        if report is None:
            continue
        name = ", ".join(path.name for path in submission.files)
        for task in report.tasks:
            where = f"tệp {name}, trang tính «{forms.SHEET_TASKS}», nhiệm vụ {task.code}"
            if task.status is TaskStatus.NOT_STARTED and task.funding:
                queries.append(
                    f"{where}: «{TaskStatus.NOT_STARTED.value}» nhưng ghi kinh phí "
                    f"{format_number(task.funding)} đồng; đề nghị đơn vị xác nhận"
                )
            repeated = _repeated_amount(task.amounts)
            if repeated:
                queries.append(
                    f"{where}: ghi cùng số {format_number(repeated)} đồng ở nhiều nguồn kinh "
                    f"phí, cộng lại {format_number(task.funding)} đồng; đề nghị đơn vị xác nhận "
                    "không ghi trùng một khoản vào hai nguồn"
                )
    return queries


def _repeated_amount(amounts: Sequence[int]) -> int | None:
    """An amount written under two funding sources of one task (typed twice, or copied
    across): summed, the task's funding would double."""
    given = [amount for amount in amounts if amount]
    repeated = [amount for amount in set(given) if given.count(amount) > 1]
    return max(repeated) if repeated else None
