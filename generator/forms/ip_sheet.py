"""The itemised sheets of the form: one row per application or title, and activity figures.

Written into each agency's form next to the other sheets (see :mod:`generator.forms.writer`)
and read back by the validation (see :mod:`generator.validate`). Every header, drop-down
choice and kind of object comes from the plan's «tai_san_tri_tue» section
(:class:`generator.data.ip_rules.IpRules`); the checks below only know the columns' roles.

The sheet also holds target (a): supporting the use of a patent or utility solution is a
row like the others, with the role flagged ``ho_tro_khai_thac`` and the title number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.data.ip_rules import (
    APPLICATION_NUMBER,
    ActivityIndicator,
    IpKind,
    IpRole,
    IpRules,
    TermAnchor,
    add_years,
    comparable,
    parse_application_number,
)
from generator.forms import writer as forms
from generator.forms.reader import Cell, Sheet, WorkbookData
from generator.vnformat import format_short_date

CHECKED_ROWS = 500  # rows under the header given drop-downs and date checks
LISTS_SHEET = "Danh mục"
BLANK_FIGURE = "chưa ghi số liệu; không có thì ghi 0 (ô để trống không được tính là 0)"
TEXT_FORMAT = "@"  # numbers such as 00002 keep their leading zeros
ACTIVITY_CODE = "Mã chỉ số"
ACTIVITY_NAME = "Chỉ số"
ACTIVITY_UNIT = "Đơn vị tính"
ACTIVITY_NOTE = "Ghi chú"
# Field of IpRow / IpColumns in column order.
FIELDS = (
    "application_number",
    "kind",
    "name",
    "product",
    "holder",
    "filed_on",
    "title_number",
    "granted_on",
    "role",
    "note",
)
DATE_FIELDS = ("filed_on", "granted_on")
TEXT_FIELDS = ("application_number", "title_number")
WIDTHS = (16, 20, 30, 20, 30, 13, 15, 13, 22, 30)


def activity_value_header(year: int) -> str:
    return f"Số liệu năm {year}"


def activity_headers(year: int) -> tuple[str, ...]:
    return (ACTIVITY_CODE, ACTIVITY_NAME, ACTIVITY_UNIT, activity_value_header(year), ACTIVITY_NOTE)


# ---------------------------------------------------------------------------
# Writing


def _lists_sheet(wb: Workbook, rules: IpRules) -> tuple[str, str]:
    """A hidden sheet holding the drop-down choices (they contain commas, so no inline list)."""
    ws = wb.create_sheet(LISTS_SHEET)
    for row, kind in enumerate(rules.kinds, start=1):
        ws.cell(row=row, column=1, value=kind.name)
    for row, role in enumerate(rules.roles, start=1):
        ws.cell(row=row, column=2, value=role.name)
    ws.sheet_state = "hidden"
    forms._protect(ws)
    quoted = f"'{LISTS_SHEET}'"
    return (
        f"{quoted}!$A$1:$A${len(rules.kinds)}",
        f"{quoted}!$B$1:$B${len(rules.roles)}",
    )


def _input_columns(ws: Worksheet, widths: tuple[int, ...]) -> None:
    """Yellow, unlocked input columns styled as whole columns: no cell is written until a
    clerk types, so the rows are not limited and an empty sheet costs nothing to read."""
    for index, (name, width) in enumerate(zip(FIELDS, widths, strict=True)):
        column = ws.column_dimensions[get_column_letter(index + 1)]
        column.width = width
        column.fill = forms.INPUT_FILL
        column.protection = forms.UNLOCKED
        column.font = forms.BODY
        column.alignment = forms.WRAP_TOP
        if name in DATE_FIELDS:
            column.number_format = forms.DATE_FORMAT
        elif name in TEXT_FIELDS:
            column.number_format = TEXT_FORMAT


def _ip_sheet(ws: Worksheet, rules: IpRules, year: int, kinds: str, roles: str) -> None:
    columns = rules.columns.headers()
    _input_columns(ws, WIDTHS)
    for column in range(1, len(columns) + 1):  # the title rows keep the plain, locked style
        for row in (1, 2):
            forms._put(ws, row, column, None)
    forms._title(ws, f"{rules.sheet.upper()} NĂM {year}", rules.guide)
    ws.row_dimensions[2].height = 4 * forms.LINE_HEIGHT
    ws.cell(row=2, column=1).alignment = forms.WRAP_TOP
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
    forms._header(ws, columns)
    first, last = forms.FIRST_DATA_ROW, forms.FIRST_DATA_ROW + CHECKED_ROWS - 1
    letter = {name: get_column_letter(i + 1) for i, name in enumerate(FIELDS)}
    for name, source, what in (("kind", kinds, "loại đối tượng"), ("role", roles, "vai trò")):
        cells = f"{letter[name]}{first}:{letter[name]}{last}"
        prompt = f"Chọn {what} trong danh sách."
        ws.add_data_validation(forms._validation("list", cells, prompt, prompt, formula1=source))
    for name in DATE_FIELDS:
        cells = f"{letter[name]}{first}:{letter[name]}{last}"
        ws.add_data_validation(
            forms._validation(
                "date",
                cells,
                "Ghi ngày dạng ngày/tháng/năm, không sau năm báo cáo.",
                f"Ngày/tháng/năm, ví dụ 05/11/{year}",
                operator="between",
                formula1="DATE(1980,1,1)",
                formula2=f"DATE({year + 1},12,31)",
            )
        )
    forms._page_setup(ws, landscape=True, title_rows=f"{forms.HEADER_ROW}:{forms.HEADER_ROW}")
    forms._protect(ws)


def _activities_sheet(ws: Worksheet, rules: IpRules, year: int) -> None:
    widths = {"A": 14, "B": 60, "C": 14, "D": 16, "E": 40}
    forms._set_widths(ws, widths)
    forms._title(
        ws,
        f"{rules.activities_sheet.upper()} NĂM {year}",
        "Ghi số liệu của đơn vị trong năm bằng số nguyên; không có thì ghi 0.",
    )
    forms._header(ws, activity_headers(year))
    for row, indicator in enumerate(rules.activities, start=forms.FIRST_DATA_ROW):
        forms._put(ws, row, 1, indicator.code, border=forms.BOX)
        forms._put(ws, row, 2, indicator.name, border=forms.BOX)
        forms._put(ws, row, 3, indicator.unit, border=forms.BOX)
        number = {"number_format": forms.NUMBER_FORMAT}
        forms._put(
            ws, row, 4, None, border=forms.BOX, fill=forms.INPUT_FILL, unlocked=True, **number
        )
        forms._put(ws, row, 5, None, border=forms.BOX, fill=forms.INPUT_FILL, unlocked=True)
        forms._fit_row(ws, row, [(indicator.name, widths["B"])])
    if rules.activities:
        last = forms.FIRST_DATA_ROW + len(rules.activities) - 1
        ws.add_data_validation(
            forms._validation(
                "whole",
                f"D{forms.FIRST_DATA_ROW}:D{last}",
                "Số liệu là số nguyên không âm (ví dụ 0, 3, 250).",
                "Số nguyên không âm; không có thì ghi 0.",
                operator="greaterThanOrEqual",
                formula1="0",
            )
        )
    forms._page_setup(ws, landscape=True, title_rows=f"{forms.HEADER_ROW}:{forms.HEADER_ROW}")
    forms._protect(ws)


def add_itemised_sheets(wb: Workbook, rules: IpRules, year: int) -> None:
    """Append the itemised sheet, the activity sheet and the hidden drop-down lists."""
    ip = wb.create_sheet(rules.sheet)
    activities = wb.create_sheet(rules.activities_sheet) if rules.activities else None
    kinds, roles = _lists_sheet(wb, rules)
    _ip_sheet(ip, rules, year, kinds, roles)
    if activities is not None:
        _activities_sheet(activities, rules, year)


def guide_lines(rules: IpRules, year: int) -> list[str]:
    """The lines the «Hướng dẫn» sheet gives about the itemised sheets."""
    kinds = ", ".join(kind.name for kind in rules.kinds)
    roles = ", ".join(role.name for role in rules.roles)
    lines = [
        f"Trang tính «{rules.sheet}»: {rules.guide} Chọn «{rules.columns.kind}» trong danh "
        f"sách ({kinds}) và «{rules.columns.role}» ({roles}); ngày ghi dạng ngày/tháng/năm.",
    ]
    if rules.activities:
        lines.append(
            f"Trang tính «{rules.activities_sheet}»: ghi số liệu của đơn vị trong năm {year} "
            "bằng số nguyên không âm; không có thì ghi 0."
        )
    return lines


# ---------------------------------------------------------------------------
# Reading


class CellReader(Protocol):
    """What the validation's reader offers: values turned into text, numbers and dates,
    problems collected as findings with their cell."""

    book: WorkbookData
    findings: list

    def add(self, sheet: str | None, cell: str | None, message: str) -> None: ...
    def text(self, cell: Cell) -> str: ...
    def code(self, cell: Cell) -> str: ...
    def free_text(self, cell: Cell) -> str: ...
    def number(self, cell: Cell) -> int | None: ...
    def day(self, cell: Cell) -> date | None: ...
    def label_elsewhere(
        self, sheet: Sheet, row: int, code: str, labels: Mapping[str, str], what: str
    ) -> bool: ...


@dataclass(frozen=True)
class IpRow:
    """One application or title as an agency listed it, with where it stands."""

    agency_code: str
    year: int
    file: str
    sheet: str
    row: int
    kind: str  # IpKind.code
    name: str
    product: str
    holder: str
    role: str  # IpRole.code
    note: str = ""
    application_number: str = ""  # N-YYYY-NNNNN, or as written for kinds without a digit
    international_number: str = ""  # Madrid registration, digits only
    title_number: str = ""
    filed_on: date | None = None
    granted_on: date | None = None

    def cell(self, field_name: str) -> str:
        """The address of the cell holding ``field_name`` ("application_number" -> "A7")."""
        return f"{chr(ord('A') + FIELDS.index(field_name))}{self.row}"


@dataclass(frozen=True)
class ActivityFigure:
    code: str
    value: int | None
    note: str


@dataclass
class _Row:
    """The raw texts of one sheet row while it is checked."""

    cells: dict[str, Cell]
    values: dict[str, object] = field(default_factory=dict)


def _header_row(reader: CellReader, sheet: Sheet, headers: tuple[str, ...]) -> int | None:
    for row in range(1, 21):
        if comparable(reader.text(sheet.cell(row, 1))) == comparable(headers[0]):
            break
    else:
        reader.add(sheet.name, None, f"không tìm thấy dòng tiêu đề có cột «{headers[0]}»")
        return None
    good = True
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row, column)
        found = reader.text(cell)
        if comparable(found) != comparable(header):
            good = False
            reader.add(
                sheet.name,
                cell.address,
                f"tiêu đề cột là «{found}», cần «{header}»; đừng đổi, xóa hay chèn cột",
            )
    return row if good else None


def _blank(sheet: Sheet, row: int, columns: int) -> bool:
    return all(
        sheet.cell(row, c).value is None and sheet.cell(row, c).formula is None
        for c in range(1, columns + 1)
    )


def _plain_number(text: str) -> str:
    return "".join(text.split())


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_TITLE_NUMBER = re.compile(r"\d[\d.,\-\u2010-\u2014\u2212]*")


_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")


def international_digits(text: str) -> str:
    """An international registration's number as digits: «: 1.234.567» is 1234567 (dots
    grouping thousands, as in a title number)."""
    digits = _plain_number(text).lstrip(":.")
    return digits.replace(".", "") if _GROUPED.fullmatch(digits) else digits


def words_in_title(title: str, kind: IpKind | None) -> bool:
    """Whether ``title`` (spaces removed) holds more than the digits of a title of a kind the
    IP office numbers: «Số512345», «GCN512345» (a second title beside 512345)."""
    numbered = kind is not None and kind.digit is not None
    return bool(title) and numbered and not _TITLE_NUMBER.fullmatch(title)


def application_in_title(title: str) -> bool:
    """Whether a title number is an application number's shape (4-2024-11230): typed in the
    wrong column, it was a second title beside the application."""
    return APPLICATION_NUMBER.fullmatch(title) is not None


def application_in_title_message(typed: str, rules: IpRules) -> str:
    return (
        f"«{typed.strip()}» là số đơn (dạng N-NNNN-NNNNN), không phải số văn bằng: ghi vào cột "
        f"«{rules.columns.application_number}»; chưa có văn bằng thì để trống «"
        f"{rules.columns.title_number}»"
    )


# The office's serial has at most seven digits («0405854»): a number of eight digits is
# the kind's digit and a serial written without their dash («40405854»), of eleven the
# search-service notation without its dashes («40405854000»).
SERIAL_DIGITS = 7


def _number_parts(number: str) -> list[str] | None:
    """A title number's groups of digits, its «-000» dropped; None when it holds more than
    digits and separators (a number of another office, kept as typed)."""
    text = "".join(number.translate(_DASHES).replace(".", "").replace(",", "").split())
    parts = text.split("-")
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None
    if len(parts) == 1 and len(text) == SERIAL_DIGITS + 1:
        parts = [text[0], text[1:]]
    elif len(parts) == 1 and len(text) == SERIAL_DIGITS + 4 and text.endswith("000"):
        parts = [text[0], text[1 : SERIAL_DIGITS + 1]]
    if len(parts) > 1 and not parts[-1].strip("0"):
        parts = parts[:-1]
    return parts


def written_kind_digit(number: str) -> int | None:
    """The kind's digit a title number is written with («3-0014410», «40123456»), if any."""
    parts = _number_parts(number)
    if parts and len(parts) == 2 and len(parts[0]) == 1:
        return int(parts[0])
    return None


def title_key(number: str) -> str:
    """How two title numbers of one kind are told apart: the same title typed with another
    dash, dots grouping its digits or zeros before them (3–0015555 and 3-15555; 0530001 and
    530.001), or in the office's search-service notation, the kind's digit before the
    serial and «-000» after it (4-0405854-000, 4-405854, 40405854 and 405854; 3-0014410 and
    0014410), is one title; the number itself is kept as typed. (Register keys carry the
    kind, so the digit dropped never joins two kinds.)"""
    parts = _number_parts(number)
    if parts is None:
        return "".join(number.translate(_DASHES).split()).upper()
    if len(parts) > 1 and len(parts[0]) == 1:
        parts = parts[1:]
    return "-".join(str(int(part)) for part in parts)


def printed_title(title: str, kind: IpKind | None) -> str:
    """A title number as its kind prints it: «123» (Excel dropped the zeros) is «00123»."""
    width = kind.title_digits if kind is not None else None
    if width and title.isascii() and title.isdigit() and len(title) < width:
        return title.zfill(width)
    return title


def title_number_problem(typed: str, kind: IpKind | None, rules: IpRules) -> str | None:
    """What is wrong with a title number of a kind the IP office numbers, as typed: words,
    an application number, another kind's digit, no serial at all."""
    title, typed = _plain_number(typed), typed.strip()
    if not title or kind is None or kind.digit is None:
        return None
    if words_in_title(title, kind):
        return (
            f"«{rules.columns.title_number}» «{typed}» chỉ ghi các chữ số như in trên văn bằng "
            "(có thể có dấu gạch ngang), không ghi chữ như «Số», «GCN»; mỗi văn bằng một dòng; "
            "ví dụ 512345 hoặc 4-0512345-000"
        )
    if application_in_title(title):
        return application_in_title_message(typed, rules)
    digit = written_kind_digit(title)
    if digit is not None and digit != kind.digit:
        others = ", ".join(k.name for k in rules.kinds_with_digit(digit)) or "không loại nào"
        return (
            f"số văn bằng {typed} mở đầu bằng chữ số {digit} ({others}) nhưng «"
            f"{rules.columns.kind}» là «{kind.name}» (chữ số {kind.digit}); hãy sửa loại đối "
            "tượng hoặc số văn bằng"
        )
    serial = title_key(title)
    if not serial.strip("0-") or len(serial.replace("-", "")) > SERIAL_DIGITS:
        return (
            f"số văn bằng «{typed}» không phải một số văn bằng (số thứ tự khác 0, "
            f"tối đa {SERIAL_DIGITS} chữ số, ví dụ 512345 hoặc 4-0512345-000); hãy ghi đúng "
            "như trên văn bằng"
        )
    return None


@dataclass
class _RowCheck:
    """Checks one row; every problem is a finding on the cell concerned."""

    reader: CellReader
    rules: IpRules
    sheet: Sheet
    row: int
    latest: date

    def cell(self, name: str) -> Cell:
        return self.sheet.cell(self.row, FIELDS.index(name) + 1)

    def header(self, name: str) -> str:
        return getattr(self.rules.columns, name)

    def add(self, name: str, message: str) -> None:
        self.reader.add(self.sheet.name, self.cell(name).address, message)

    def required_text(self, name: str) -> str:
        text = self.reader.free_text(self.cell(name))
        if not text:
            self.add(name, f"chưa ghi «{self.header(name)}»")
        return text

    def choice(self, name: str, find, choices: list[str]) -> object | None:
        text = self.reader.text(self.cell(name))
        listed = ", ".join(choices)
        if not text:
            self.add(name, f"chưa chọn «{self.header(name)}»; cần chọn một trong: {listed}")
            return None
        found = find(text)
        if found is None:
            self.add(
                name,
                f"«{text}» không có trong danh sách «{self.header(name)}»; cần chọn một "
                f"trong: {listed}",
            )
        return found

    def day(self, name: str) -> date | None:
        day = self.reader.day(self.cell(name))
        if day is not None and day > self.latest:
            self.add(
                name,
                f"«{self.header(name)}» {format_short_date(day)} là ngày trong tương lai so với "
                f"ngày báo cáo {format_short_date(self.latest)}; hãy ghi đúng ngày trên văn bản",
            )
        return day

    def numbers(self, kind: IpKind | None) -> tuple[str, str, int | None]:
        """(application number, international number, filing year the number says)."""
        raw = self.reader.code(self.cell("application_number"))
        if not raw:
            return "", "", None
        prefix = self.rules.international_prefix
        if comparable(raw).startswith(comparable(prefix)):
            digits = international_digits(raw[len(prefix) :])
            if not digits.isdigit() or not 4 <= len(digits) <= 8:
                self.add(
                    "application_number",
                    f"số đăng ký quốc tế «{raw}» không đúng dạng; ghi «{prefix}» rồi số đăng ký "
                    f"quốc tế gồm các chữ số, ví dụ «{prefix} 1234567»",
                )
                return "", "", None
            if kind is not None and not kind.international:
                self.add(
                    "application_number",
                    f"«{kind.name}» không đăng ký quốc tế theo số «{prefix}»; hãy ghi số đơn "
                    "nộp tại Việt Nam",
                )
            return "", digits, None
        if kind is not None and kind.digit is None:
            return raw, "", None  # an office with its own numbering: taken as written
        parsed = parse_application_number(raw)
        if parsed is None:
            self.add(
                "application_number",
                f"«{self.header('application_number')}» «{raw}» không đúng dạng N-NNNN-NNNNN "
                "(chữ số chỉ loại đối tượng, năm nộp đơn, số thứ tự; ví dụ 4-2024-01234); "
                f"đăng ký quốc tế ghi «{prefix} 1234567»; văn bằng cũ không rõ số đơn thì để "
                "trống ô này",
            )
            return "", "", None
        digit, year, number = parsed
        same_digit = self.rules.kinds_with_digit(digit)
        if not same_digit:
            self.add(
                "application_number",
                f"số đơn {number} bắt đầu bằng chữ số {digit}, không ứng với loại đối tượng nào "
                "trong danh sách; hãy kiểm tra lại số đơn",
            )
        elif kind is not None and kind.digit != digit:
            names = ", ".join(k.name for k in same_digit)
            self.add(
                "kind",
                f"số đơn {number} bắt đầu bằng chữ số {digit} ({names}) nhưng "
                f"«{self.header('kind')}» là «{kind.name}» (chữ số {kind.digit}); hãy sửa "
                "loại đối tượng hoặc số đơn",
            )
        return number, "", year

    def title_number(self, kind: IpKind | None) -> str:
        """The title's number as typed; a kind numbered by the IP office has digits only (with
        dashes, dots or commas between): «GCN 512345» or «Số 512345» would be a second title
        beside «512345», so the words are refused, not guessed away."""
        typed = self.reader.code(self.cell("title_number"))
        title = _plain_number(typed)
        problem = title_number_problem(typed, kind, self.rules)
        if problem:  # the row is refused: no second finding for a number «missing»
            self.add("title_number", problem)
        return printed_title(title, kind)

    def dates(
        self, number: str, number_year: int | None, kind: IpKind | None = None
    ) -> tuple[date | None, date | None]:
        filed_on, granted_on = self.day("filed_on"), self.day("granted_on")
        if number_year is not None and filed_on is None and self.cell_blank("filed_on"):
            self.add("filed_on", f"chưa ghi «{self.header('filed_on')}» của đơn {number}")
        elif number_year is not None and filed_on is not None and filed_on.year != number_year:
            self.add(
                "filed_on",
                f"«{self.header('filed_on')}» {format_short_date(filed_on)} không cùng năm với "
                f"số đơn {number} (năm {number_year}); hãy kiểm tra lại ngày hoặc số đơn",
            )
        if filed_on and granted_on and granted_on < filed_on:
            self.add(
                "granted_on",
                f"«{self.header('granted_on')}» {format_short_date(granted_on)} trước "
                f"«{self.header('filed_on')}» {format_short_date(filed_on)}; hãy ghi lại hai "
                "ngày như in trên văn bằng và trên đơn",
            )
        renewed = (
            kind is not None and kind.term is not None and kind.term.anchor is TermAnchor.FILING
        )
        if (
            renewed
            and filed_on
            and granted_on
            and granted_on >= add_years(filed_on, kind.term.every_years)
        ):
            # a title is granted within its first term: a later day is a renewal's
            self.add(
                "granted_on",
                f"«{self.header('granted_on')}» {format_short_date(granted_on)} sau ngày nộp đơn "
                f"{format_short_date(filed_on)} hơn {kind.term.every_years} năm (hết một kỳ hiệu "
                "lực): nếu là ngày gia hạn, ghi ngày cấp lần đầu in trên văn bằng (việc gia "
                f"hạn ghi vào «{self.header('note')}»)",
            )
        return filed_on, granted_on

    def cell_blank(self, name: str) -> bool:
        cell = self.cell(name)
        return cell.value is None and cell.formula is None


def _check_row(check: _RowCheck, agency_code: str, year: int) -> IpRow | None:
    rules = check.rules
    count_before = len(check.reader.findings)
    kind = check.choice("kind", rules.kind_named, [k.name for k in rules.kinds])
    role = check.choice("role", rules.role_named, [r.name for r in rules.roles])
    assert kind is None or isinstance(kind, IpKind)
    assert role is None or isinstance(role, IpRole)
    number, international, number_year = check.numbers(kind)
    title = check.title_number(kind)
    filed_on, granted_on = check.dates(number, number_year, kind)
    if not (number or international or title) and check.cell_blank("application_number"):
        check.add(
            "application_number",
            f"chưa ghi «{check.header('application_number')}»; văn bằng cũ không rõ số đơn thì "
            f"ghi «{check.header('title_number')}»",
        )
    if (
        title
        and not application_in_title(title)  # told already: an application, not a title
        and granted_on is None
        and check.cell_blank("granted_on")
    ):
        check.add("granted_on", f"có số văn bằng {title} nhưng chưa ghi ngày cấp")
    if international and title and title_key(title) == str(int(international)):
        # a Madrid registration is no Vietnamese title: typed twice, it was counted as one
        check.add(
            "title_number",
            f"«{title}» là số đăng ký quốc tế, đã ghi ở «{check.header('application_number')}»; "
            f"«{check.header('title_number')}» chỉ ghi số văn bằng do Việt Nam cấp, không có "
            f"thì để trống (cùng «{check.header('granted_on')}»)",
        )
    elif granted_on is not None and not title and international:
        check.add(
            "granted_on",
            f"đăng ký quốc tế {international} không có văn bằng do Việt Nam cấp: để trống «"
            f"{check.header('granted_on')}» (ngày được bảo hộ, nếu cần, ghi vào «"
            f"{check.header('note')}»)",
        )
    elif granted_on is not None and not title:
        check.add("title_number", f"có ngày cấp nhưng chưa ghi «{check.header('title_number')}»")
    if role is not None and role.supports_use:
        _check_support(check, kind, role, title)
    name = check.required_text("name")
    holder = check.required_text("holder")
    product = check.reader.free_text(check.cell("product"))
    note = check.reader.free_text(check.cell("note"))
    if kind is None or role is None or len(check.reader.findings) > count_before:
        return None
    return IpRow(
        agency_code=agency_code,
        year=year,
        file=str(check.reader.book.path),
        sheet=check.sheet.name,
        row=check.row,
        kind=kind.code,
        name=name,
        product=product,
        holder=holder,
        role=role.code,
        note=note,
        application_number=number,
        international_number=international,
        title_number=title,
        filed_on=filed_on,
        granted_on=granted_on,
    )


def _check_support(check: _RowCheck, kind: IpKind | None, role: IpRole, title: str) -> None:
    if not title:
        check.add(
            "title_number",
            f"vai trò «{role.name}» cần «{check.header('title_number')}» của văn bằng được hỗ trợ",
        )
    allowed = [
        code for rule in check.rules.counting if role.code in rule.roles for code in rule.kinds
    ]
    if kind is not None and allowed and kind.code not in allowed:
        names = ", ".join(check.rules.kind(code).name for code in dict.fromkeys(allowed))
        check.add("kind", f"vai trò «{role.name}» chỉ dùng cho: {names}")


def row_key(row: IpRow) -> tuple[str, str]:
    """What identifies the asset inside one workbook: its first known number."""
    if row.application_number:
        return ("don", row.application_number)
    if row.international_number:
        return ("quoc-te", row.international_number)
    return ("van-bang", title_key(row.title_number))


def read_ip_rows(
    reader: CellReader, rules: IpRules, agency_code: str, year: int, latest: date
) -> list[IpRow]:
    """Every well-formed row of the itemised sheet; problems go to ``reader`` as findings.

    ``latest`` is the last date a filing or a grant may carry (the report's date).
    """
    sheet = reader.book.sheet(rules.sheet)
    if sheet is None:
        reader.add(
            rules.sheet,
            None,
            "không có trang tính này trong tệp; đừng đổi tên hay xóa trang tính của phiếu",
        )
        return []
    header = _header_row(reader, sheet, rules.columns.headers())
    if header is None:
        return []
    rows: list[IpRow] = []
    seen: dict[tuple[tuple[str, str], str], int] = {}
    for number in range(header + 1, sheet.max_row + 1):
        if _blank(sheet, number, len(FIELDS)):
            continue
        check = _RowCheck(reader, rules, sheet, number, latest)
        row = _check_row(check, agency_code, year)
        if row is None:
            continue
        key = (row_key(row), row.role)
        if key in seen:
            reader.add(
                sheet.name,
                row.cell("application_number"),
                f"dòng {number} trùng với dòng {seen[key]} (cùng số, cùng vai trò); hãy xóa một "
                "dòng",
            )
            continue
        seen[key] = number
        rows.append(row)
    return rows


def figure_expected(unit: str) -> str:
    """What a refused figure should have been, in the unit the plan counts it in."""
    return f"một số nguyên không âm, tính bằng {unit} (ví dụ 0, 12 hoặc 1.250)"


def read_activities(reader: CellReader, rules: IpRules, year: int) -> list[ActivityFigure]:
    """The activity figures, one per indicator of the plan, in the plan's order."""
    if not rules.activities:
        return []
    units = {indicator.code: indicator.unit for indicator in rules.activities}
    names = {indicator.code: indicator.name for indicator in rules.activities}
    sheet = reader.book.sheet(rules.activities_sheet)
    if sheet is None:
        reader.add(
            rules.activities_sheet,
            None,
            "không có trang tính này trong tệp; đừng đổi tên hay xóa trang tính của phiếu",
        )
        return []
    header = _header_row(reader, sheet, activity_headers(year))
    if header is None:
        return []
    codes = [indicator.code for indicator in rules.activities]
    found: dict[str, ActivityFigure] = {}
    for row in range(header + 1, sheet.max_row + 1):
        if _blank(sheet, row, 5):
            continue
        code_cell = sheet.cell(row, 1)
        code = reader.code(code_cell)
        if code not in codes:
            what = f"mã chỉ số «{code}» không có trong danh sách" if code else "thiếu mã chỉ số"
            reader.add(sheet.name, code_cell.address, f"{what}; đừng sửa mã chỉ số")
            continue
        if code in found:
            reader.add(sheet.name, code_cell.address, f"chỉ số {code} bị lặp lại")
            continue
        if reader.label_elsewhere(sheet, row, code, names, "chỉ số"):
            continue
        value_cell = sheet.cell(row, 4)
        value = reader.number(value_cell, figure_expected(units[code]))
        if value is None and value_cell.value in (None, ""):
            # The same rule as the targets: a blank is not a 0, it is asked for.
            reader.add(sheet.name, value_cell.address, BLANK_FIGURE)
        found[code] = ActivityFigure(code, value, reader.free_text(sheet.cell(row, 5)))
    for code in codes:
        if code not in found and not any(
            reader.code(sheet.cell(row, 1)) == code for row in range(header + 1, sheet.max_row + 1)
        ):
            reader.add(sheet.name, None, f"thiếu dòng của chỉ số {code}; đừng xóa dòng chỉ số")
    return [found[code] for code in codes if code in found]


def activity_totals(figures_by_agency: dict[str, list[ActivityFigure]]) -> dict[str, int]:
    """The sum per indicator code over agencies (blank counts as 0): the figures add up."""
    totals: dict[str, int] = {}
    for figures in figures_by_agency.values():
        for figure in figures:
            totals[figure.code] = totals.get(figure.code, 0) + (figure.value or 0)
    return totals


def activity_totals_by_area(
    rules: IpRules, totals: dict[str, int]
) -> dict[str, list[tuple[ActivityIndicator, int]]]:
    """The totals grouped by work area (III.x), indicators in the plan's order."""
    grouped: dict[str, list[tuple[ActivityIndicator, int]]] = {}
    for indicator in rules.activities:
        grouped.setdefault(indicator.area, []).append((indicator, totals.get(indicator.code, 0)))
    return grouped
