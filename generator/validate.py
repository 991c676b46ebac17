"""Read the filled forms of a year back and check them against the plan and the registry.

Every problem becomes a :class:`Finding` naming the file, the sheet and the cell, in
Vietnamese, and saying what is expected. A file that cannot be tied to an agency active
in the year (unreadable, unknown agency, agency merged away) is a stray finding.

Numbers typed as text are read the Vietnamese way: "." groups thousands ("1.234.567"),
"," is the decimal comma ("12,0"); spaces may group thousands too ("1 234 567"). A dot
not followed by exactly three digits is read as a decimal point ("12.0"). A number is
accepted only when it is whole and not negative.
"""

from __future__ import annotations

import functools
import hashlib
import math
import multiprocessing
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

from generator.data.registry import Agency
from generator.data.workspace import Assignment, TaskStatus, Workspace
from generator.errors import Location, UsageError, WorkbookError
from generator.forms import writer as forms
from generator.forms.reader import LOCKED, Cell, WorkbookData, read_workbook
from generator.vnformat import clean_cell_text, format_number, format_short_date

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".fods", ".csv"}
SUPPORTED_VERSIONS = {forms.FORM_VERSION}
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class TaskReport:
    code: str
    status: TaskStatus | None
    result: str
    funding: int  # đồng; 0 when blank


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


@dataclass(frozen=True)
class Finding:
    file: Path
    sheet: str | None
    cell: str | None
    message: str

    def __str__(self) -> str:
        return f"{Location(file=self.file, sheet=self.sheet, cell=self.cell)}: {self.message}"


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


@dataclass
class ValidationResult:
    year: int
    submissions: list[AgencySubmission]
    stray_findings: list[Finding]
    folder: Path | None = None
    no_workbooks: bool = False  # the year's folder holds no spreadsheet file at all

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.submissions for f in s.findings] + self.stray_findings

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


def parse_whole_number(value: object, expected: str = WHOLE_EXPECTED) -> int | None:
    """A whole number >= 0 from a cell value, None when blank; raise _Refused otherwise."""
    if value is None:
        return None
    if isinstance(value, bool | datetime | date | time | timedelta):
        raise _Refused(f"ô chứa {_describe(value)}, không phải số; cần {expected}")
    if isinstance(value, int):
        number: float | int = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _Refused(f"ô chứa giá trị không phải số; cần {expected}")
        number = value
    else:
        number = _number_from_text(str(value), expected)
        if number is None:
            return None
    if number < 0:
        raise _Refused(f"số âm ({_plain(number)}) không được chấp nhận; cần {expected}")
    if number != int(number):
        raise _Refused(f"số lẻ ({_plain(number)}) không được chấp nhận; cần {expected}")
    return int(number)


def _plain(number: float | int) -> str:
    return str(number).replace(".", ",")


def _number_from_text(raw: str, expected: str) -> float | int | None:
    text = _SPACES.sub(" ", _without_invisible(_cleaned(raw))).strip()
    if not text:
        return None
    match = _NUMBER_TEXT.fullmatch(text)
    if match is None:
        what = "là chữ" if any(ch.isalpha() for ch in text) else "không phải là số"
        raise _Refused(f"«{text}» {what}; cần {expected}")
    whole = int(re.sub(r"[. ]", "", match["whole"]))
    fraction = match["fraction"]
    sign = -1 if match["sign"] == "-" else 1
    if fraction and int(fraction) != 0:
        raise _Refused(
            f"«{text}» là số lẻ (dấu phẩy là dấu thập phân, dấu chấm tách hàng nghìn); "
            f"cần {expected}"
        )
    return sign * whole


_DATE_TEXT = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")


def _date_value(value: object, book: WorkbookData) -> date | None:
    """A date from a date cell, a "dd/mm/yyyy" text, or a bare Excel serial number."""
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
        text = _cleaned(value)
        if not text:
            return None
        match = _DATE_TEXT.fullmatch(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                pass
        raise _Refused(f"«{text}» không phải là ngày hợp lệ; cần {expected}")
    raise _Refused(f"ô chứa {_describe(value)}; cần {expected}")


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


def _key(text: str) -> str:
    """How labels, headers and statuses compare: NFC, spaces collapsed, case and invisible
    characters ignored."""
    return _SPACES.sub(" ", _without_invisible(_cleaned(text))).strip().casefold()


# ---------------------------------------------------------------------------
# Vietnamese typed in a legacy encoding
#
# Typed with Unikey set to TCVN3 (ABC) or VNI and shown in a .Vn/VNI font, Vietnamese is
# stored as Latin-1 letters and signs: "Sở" becomes "Së" (TCVN3) or "Sôû" (VNI), and
# reaches the report unreadable. A word is a legacy suspect when it is not a Vietnamese
# syllable as stored but becomes one once decoded from the encoding; a text is refused
# when a third of its words (of two characters or more, holding more than ASCII letters)
# are suspects, two suspects at least, or one among three words or more. Real Vietnamese
# is never a suspect, and French or German words hardly ever decode to a syllable (a
# lone "où" does: hence the minimum).

MAX_CELL_CHARACTERS = 32_767  # Excel's limit; only a program can write more

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# TCVN3 (TCVN 5712:1993, «ABC»): one byte per letter, read here through Latin-1.
_TCVN3 = dict(
    zip(
        "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦",
        "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
        strict=True,
    )
)
# VNI: a base letter followed by its marks; đ, ơ, ư and the toned i and y are one byte.
_VNI_LETTERS = dict(zip("ñôöíìæóòîÑÔÖÍÌÆÓÒÎ", "đơưíìỉĩịỵĐƠƯÍÌỈĨỊỴ", strict=True))
_VNI_MARKS = {
    **dict.fromkeys("ùÙ", "\u0301"),
    **dict.fromkeys("øØ", "\u0300"),
    **dict.fromkeys("ûÛ", "\u0309"),
    **dict.fromkeys("õÕ", "\u0303"),
    **dict.fromkeys("ïÏ", "\u0323"),
    **dict.fromkeys("âÂ", "\u0302"),
    **dict.fromkeys("áÁ", "\u0302\u0301"),
    **dict.fromkeys("àÀ", "\u0302\u0300"),
    **dict.fromkeys("åÅ", "\u0302\u0309"),
    **dict.fromkeys("ãÃ", "\u0302\u0303"),
    **dict.fromkeys("äÄ", "\u0302\u0323"),
    **dict.fromkeys("êÊ", "\u0306"),
    **dict.fromkeys("éÉ", "\u0306\u0301"),
    **dict.fromkeys("èÈ", "\u0306\u0300"),
    **dict.fromkeys("úÚ", "\u0306\u0309"),
    **dict.fromkeys("üÜ", "\u0306\u0303"),
    **dict.fromkeys("ëË", "\u0306\u0323"),
}
_VOWELS = "aeiouy"

# A Vietnamese syllable without its tone: initial consonant, vowel nucleus (with its
# closing semivowel), final consonant.
_SYLLABLE = re.compile(
    "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    # a nucleus that may take a final consonant, or one closed by a semivowel
    "(?:(?P<open>uyê|iê|yê|uô|ươ|oa|oă|oe|uâ|uê|uy|oo|[aăâeêioôơuưy])(?:ch|ng|nh|[cmnpt])?"
    "|(?P<closed>iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyu"
    "|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu))"
)
# A word: letters and the Latin-1 signs the legacy encodings use for letters.
_WORD = re.compile(r"[^\W\d_]+(?:[\u00a1-\u00ff][^\W\d_]*)*|[\u00a1-\u00ff]+[^\W\d_]*")
_LEGACY_ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


def _is_syllable(word: str) -> bool:
    """A Vietnamese syllable, at most one tone, cased as a word is: "Sở", "nghiêng", "QUỐC"
    (not "huÊn", where TCVN3 stores "ấ" as "Ê")."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    letters = [unicodedata.normalize("NFD", char) for char in word.casefold()]
    toned = [i for i, letter in enumerate(letters) if any(mark in _TONES for mark in letter)]
    if len(toned) > 1 or any(len(letter) > 3 for letter in letters):
        return False
    if toned and letters[toned[0]][0] not in _VOWELS:  # "ñ" is not a toned "n"
        return False
    toneless = "".join(
        unicodedata.normalize("NFC", "".join(m for m in letter if m not in _TONES))
        for letter in letters
    )
    match = _SYLLABLE.fullmatch(toneless)
    if match is None:
        return False
    # A tone never sits on the semivowel closing a syllable: "mão", not "maõ".
    return not (toned and match["closed"] and toned[0] == len(toneless) - 1)


def _from_tcvn3(word: str) -> str:
    return "".join(_TCVN3.get(char, char) for char in word)


def _from_vni(word: str) -> str:
    letters: list[str] = []
    for char in word:
        mark = _VNI_MARKS.get(char)
        base = unicodedata.normalize("NFD", letters[-1])[0].casefold() if letters else ""
        if mark and base and base in _VOWELS:
            combined = unicodedata.normalize("NFC", letters[-1] + mark)
            if len(combined) == 1:
                letters[-1] = combined
                continue
        letters.append(_VNI_LETTERS.get(char, char))
    return "".join(letters)


_DECODERS = {"tcvn3": _from_tcvn3, "vni": _from_vni}


@functools.lru_cache(maxsize=1 << 16)
def _legacy_reading(encoding: str, word: str) -> str | None:
    """``word`` decoded from ``encoding`` when it is a legacy suspect, else None.

    Remembered: the same words come back in every agency's results, and checking a word
    (two decodings, syllable matching) was a fifth of a workbook's reading time.
    """
    decoded = _DECODERS[encoding](word)
    if decoded != word and not _is_syllable(word) and _is_syllable(decoded):
        return decoded
    return None


@dataclass(frozen=True)
class LegacyEncoding:
    """A text that looks typed in a legacy encoding: its name and words read both ways."""

    name: str
    examples: list[tuple[str, str]]


def detect_legacy_encoding(text: str) -> LegacyEncoding | None:
    """TCVN3 (ABC) or VNI when at least two words, and a third of the words holding
    other than plain ASCII letters, are legacy suspects; None otherwise."""
    # One-character words are left out: a lone sign («, ·, ®) or letter (ª, À) says
    # nothing, and real words in a legacy encoding are mostly longer.
    words = [word for word in _WORD.findall(text) if not word.isascii() and len(word) > 1]
    best: LegacyEncoding | None = None
    for key in _DECODERS:
        suspects = []
        for word in words:
            decoded = _legacy_reading(key, word)
            if decoded is not None:
                suspects.append((word, decoded))
        # One suspect alone is enough only among three words or more ("Caàm Thò Bình").
        enough = 3 * len(suspects) >= len(words) and len(suspects) + len(words) >= 4
        if enough and (best is None or len(suspects) > len(best.examples)):
            best = LegacyEncoding(_LEGACY_ENCODING_NAMES[key], suspects)
    return best


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


def _legacy_message(found: LegacyEncoding) -> str:
    shown = ", ".join(f"«{word}» là «{decoded}»" for word, decoded in found.examples[:3])
    return (
        f"chữ có vẻ được gõ bằng bảng mã {found.name} ({shown}), báo cáo sẽ in ra chữ "
        "không đọc được; hãy gõ lại bằng bảng mã Unicode (Unikey: chọn bảng mã Unicode), "
        f"hoặc chuyển mã ô này từ {found.name} sang Unicode bằng công cụ chuyển mã của Unikey"
    )


# ---------------------------------------------------------------------------
# Reading one workbook


@dataclass
class _Reader:
    """Reads one workbook, collecting findings instead of stopping at the first problem."""

    book: WorkbookData
    findings: list[Finding] = field(default_factory=list)

    def add(self, sheet: str | None, cell: str | None, message: str) -> None:
        self.findings.append(Finding(self.book.path, sheet, cell, message))

    def value(self, cell: Cell) -> object:
        """The cell's value; a formula whose result was never computed is reported."""
        if cell.lacks_cached_value:
            self.add(
                cell.sheet,
                cell.address,
                f"ô chứa công thức «{cell.formula}» nhưng chưa có kết quả tính sẵn; hãy mở tệp "
                "bằng Excel (hoặc LibreOffice), để chương trình tính lại rồi lưu, hoặc ghi "
                "thẳng giá trị vào ô",
            )
        return cell.value

    def text(self, cell: Cell) -> str:
        value = self.value(cell)
        if isinstance(value, str) and len(value) >= MAX_CELL_CHARACTERS:
            self.add(cell.sheet, cell.address, _length_message(len(value)))
        return _text_value(value)

    def code(self, cell: Cell) -> str:
        """A code as typed, without the invisible characters a copy may have brought."""
        return _without_invisible(self.text(cell))

    def free_text(self, cell: Cell) -> str:
        """Text a person typed (results, notes, difficulties): checked for legacy encodings."""
        text = self.text(cell)
        found = detect_legacy_encoding(text)
        if found is not None:
            self.add(cell.sheet, cell.address, _legacy_message(found))
        direction = bidi_controls(text)
        if direction:
            self.add(cell.sheet, cell.address, _bidi_message(direction))
        return text

    def number(self, cell: Cell, expected: str = WHOLE_EXPECTED) -> int | None:
        try:
            return parse_whole_number(self.value(cell), expected)
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


def _missing_sheets(reader: _Reader) -> set[str]:
    required = (forms.SHEET_INFO, forms.SHEET_TASKS, forms.SHEET_MEASURES, forms.SHEET_ISSUES)
    missing = {name for name in required if reader.book.sheet(name) is None}
    for name in sorted(missing, key=required.index):
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


def _read_info(reader: _Reader, year: int) -> _Info:
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
    try:
        info.report_date = _date_value(reader.value(cell), reader.book)
    except _Refused as refused:
        reader.add(cell.sheet, cell.address, str(refused))
        return info
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
    header = _find_header(reader, sheet_name, forms.TASK_HEADERS)
    if header is None:
        return []
    sheet = reader.book.sheet(sheet_name)
    assert sheet is not None
    plan_codes = {task.code for task in workspace.plan.tasks}
    held_codes = [assignment.task.code for assignment in held]
    found: dict[str, TaskReport] = {}
    for row in range(header + 1, sheet.max_row + 1):
        if _is_blank_row(reader, sheet_name, row, len(forms.TASK_HEADERS)):
            continue
        code_cell = sheet.cell(row, 1)
        code = reader.code(code_cell)
        if not code:
            reader.add(sheet_name, code_cell.address, "dòng có nội dung nhưng thiếu mã nhiệm vụ")
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
        status = _parse_status(reader, sheet.cell(row, 4))
        result = reader.free_text(sheet.cell(row, 5))
        funding = reader.number(sheet.cell(row, 6), MONEY_EXPECTED)
        found[code] = TaskReport(code, status, result, funding or 0)
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


def _read_measures(reader: _Reader, workspace: Workspace, year: int) -> list[MeasureReport]:
    sheet_name = forms.SHEET_MEASURES
    header = _find_header(reader, sheet_name, forms.measure_headers(year))
    if header is None:
        return []
    sheet = reader.book.sheet(sheet_name)
    assert sheet is not None
    plan_codes = [measure.code for measure in workspace.plan.measures]
    found: dict[str, MeasureReport] = {}
    for row in range(header + 1, sheet.max_row + 1):
        if _is_blank_row(reader, sheet_name, row, 5):
            continue
        code_cell = sheet.cell(row, 1)
        code = reader.code(code_cell)
        if not code:
            reader.add(sheet_name, code_cell.address, "dòng có nội dung nhưng thiếu mã chỉ tiêu")
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
        value = reader.number(sheet.cell(row, 4))
        found[code] = MeasureReport(code, value, reader.free_text(sheet.cell(row, 5)))
    for code in plan_codes:
        if code not in found and not _row_of(reader, sheet_name, header, code):
            reader.add(
                sheet_name,
                None,
                f"thiếu dòng của chỉ tiêu {code}; đừng xóa dòng chỉ tiêu (không có kết quả thì "
                "ghi 0)",
            )
    return [found[code] for code in plan_codes if code in found]


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
    workspace: Workspace, agency: Agency, year: int, reader: _Reader
) -> AgencyReport | None:
    """The agency's report from an opened workbook; findings go to ``reader``."""
    _check_year_and_version(reader, year)
    missing = _missing_sheets(reader)
    # The sheets that are there are still read, so the clerk gets every error in one round.
    if forms.SHEET_INFO not in missing:
        info = _read_info(reader, year)
    if forms.SHEET_TASKS not in missing:
        tasks = _read_tasks(reader, workspace, workspace.tasks_of(agency.code, year), agency)
    if forms.SHEET_MEASURES not in missing:
        measures = _read_measures(reader, workspace, year)
    if forms.SHEET_ISSUES not in missing:
        difficulties, proposals = _read_issues(reader)
    if missing:
        return None
    path = reader.book.path
    return AgencyReport(
        agency_code=agency.code,
        file=path,
        sha256=_sha256(reader, path),
        reporter=info.reporter,
        phone=info.phone,
        email=info.email,
        report_date=info.report_date,
        tasks=tasks,
        measures=measures,
        difficulties=difficulties,
        proposals=proposals,
    )


def _sha256(reader: _Reader, path: Path) -> str:
    """The file's hash; a file locked since it was read is a finding, not a traceback."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        reader.add(None, None, LOCKED)
        return ""


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


def _read_file(
    workspace: Workspace, year: int, path: Path, active: dict[str, Agency]
) -> _FileOutcome:
    try:
        book = read_workbook(path)
    except WorkbookError as error:
        stem = path.stem.strip().upper()
        return _FileOutcome(
            path, stem if stem in active else None, None, [Finding(path, None, None, error.text)]
        )
    reader = _Reader(book)
    code, cell = read_identity(reader)
    if code is None:
        return _FileOutcome(path, None, None, reader.findings)
    where = (forms.SHEET_INFO if cell is None else cell.sheet, cell.address if cell else None)
    if not workspace.registry.knows(code) or workspace.registry.is_group(code):
        reader.add(*where, f"mã đơn vị «{code}» không có trong danh mục đơn vị")
        return _FileOutcome(path, None, None, reader.findings)
    if code not in active:
        agency = workspace.registry.agency(code)
        reader.add(*where, _inactive_message(workspace, agency, year))
        return _FileOutcome(path, None, None, reader.findings)
    report = read_report(workspace, active[code], year, reader)
    return _FileOutcome(path, code, report, reader.findings)


def workbook_files(folder: Path) -> list[Path]:
    """Files in ``folder`` that look like spreadsheets, skipping Office lock files (~$…).

    A link pointing nowhere, or a file the system will not even describe, is listed too:
    reading it gives the finding that tells the clerk what is wrong with it.
    """
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in WORKBOOK_SUFFIXES
        and not path.name.startswith(("~$", "."))
        and _file_or_broken_link(path)
    )


def _file_or_broken_link(path: Path) -> bool:
    try:
        return path.is_file() or (path.is_symlink() and not path.exists())
    except OSError:  # locked, or a cloud file the system cannot describe: check_file says so
        return True


def _submission(
    workspace: Workspace, year: int, agency: Agency, outcomes: list[_FileOutcome]
) -> AgencySubmission:
    files = [outcome.path for outcome in outcomes]
    findings = [finding for outcome in outcomes for finding in outcome.findings]
    if not outcomes:
        return AgencySubmission(agency, SubmissionStatus.MISSING, None, [], [], None)
    if len(outcomes) > 1:
        names = ", ".join(f"«{path.name}»" for path in files)
        findings.append(
            Finding(
                files[0],
                None,
                None,
                f"{agency.name} có {len(files)} phiếu: {names}; chỉ giữ lại một phiếu trong thư mục",
            )
        )
    report = outcomes[0].report
    on_time = None
    if report is not None and report.report_date is not None:
        on_time = report.report_date <= workspace.deadline(year)
    if findings or report is None:
        return AgencySubmission(agency, SubmissionStatus.INVALID, None, files, findings, on_time)
    status = SubmissionStatus.VALID if on_time else SubmissionStatus.LATE
    return AgencySubmission(agency, status, report, files, findings, on_time)


# A workbook is read in a few milliseconds; a worker process is spawned (as on Windows,
# where it re-imports everything) in about half a second. Above this many workbooks the
# year is read by a pool of WORKERS processes; the result is the same, in the same order.
POOL_MIN_FILES = 300
WORKERS = 2
POOL_CHUNK = 16  # workbooks per task sent to a worker

_POOL_STATE: tuple[Workspace, int, dict[str, Agency]] | None = None


def _pool_init(workspace: Workspace, year: int, active: dict[str, Agency]) -> None:
    global _POOL_STATE
    _POOL_STATE = (workspace, year, active)


def _pool_read(path: Path) -> _FileOutcome:
    assert _POOL_STATE is not None
    workspace, year, active = _POOL_STATE
    return _read_file(workspace, year, path, active)


def _read_files(
    workspace: Workspace, year: int, files: list[Path], active: dict[str, Agency], workers: int
) -> list[_FileOutcome]:
    """Each file's outcome, in the order of ``files``, read here or by a pool of workers."""
    if workers < 2 or len(files) < POOL_MIN_FILES:
        return [_read_file(workspace, year, path, active) for path in files]
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_pool_init,
        initargs=(workspace, year, active),
    ) as pool:
        return list(pool.map(_pool_read, files, chunksize=POOL_CHUNK))


def validate_year(
    workspace: Workspace, year: int, inputs: Path, workers: int = WORKERS
) -> ValidationResult:
    """Read every workbook in ``inputs/<year>/`` and check it; every active agency is listed.

    With many workbooks they are read by ``workers`` processes (see POOL_MIN_FILES).
    """
    workspace.check_year(year)
    folder = inputs / str(year)
    if not folder.is_dir():
        raise UsageError(f"không tìm thấy thư mục phiếu báo cáo năm {year} «{folder}»")
    active = {agency.code: agency for agency in workspace.active(year)}
    by_agency: dict[str, list[_FileOutcome]] = {code: [] for code in active}
    stray: list[Finding] = []
    files = workbook_files(folder)
    for outcome in _read_files(workspace, year, files, active, workers):
        if outcome.agency_code is None:
            stray.extend(outcome.findings)
        else:
            by_agency[outcome.agency_code].append(outcome)
    submissions = [
        _submission(workspace, year, agency, by_agency[code]) for code, agency in active.items()
    ]
    return ValidationResult(year, submissions, stray, folder, no_workbooks=not files)


def no_workbooks_message(folder: Path | None, year: int) -> str:
    """What to say when a year's folder holds no workbook at all."""
    where = f"«{folder}»" if folder is not None else f"năm {year}"
    return (
        f"thư mục {where} chưa có phiếu báo cáo nào; chép các phiếu đã nhận vào thư mục "
        "này rồi chạy lại"
    )


def describe_validation(result: ValidationResult) -> str:
    """The plain-text table a clerk reads: one line per agency, then every error line."""
    rows = [("Mã đơn vị", "Tệp", "Tình trạng", "Số lỗi")]
    for submission in result.submissions:
        files = ", ".join(path.name for path in submission.files) or "-"
        errors = str(len(submission.findings)) if submission.files else "-"
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
        "Tổng cộng: " + "; ".join(f"{status.value} {counts[status]}" for status in SubmissionStatus)
    )
    if result.no_workbooks:
        lines.append(no_workbooks_message(result.folder, result.year))
    if result.stray_findings:
        lines.append(
            f"Tệp không gắn được với đơn vị phải báo cáo: {len(result.stray_findings)} lỗi"
        )
    if result.findings:
        lines += ["", "Lỗi:"]
        lines += [f"  - {finding}" for finding in result.findings]
    return "\n".join(lines)
