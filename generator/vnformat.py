"""Vietnamese text, dates, numbers and document numbers as Nghị định 30/2020/NĐ-CP wants them.

Everything here is pure and deterministic: strings in, NFC strings out.

Choices made where the rules leave room (see ``/work/shared/format.md``):

* Dates put a leading zero on days 1-9 and on months 1 and 2 only, in long dates
  ("ngày 05 tháng 02 năm 2026", "ngày 14 tháng 3 năm 2021") and in short dates alike:
  the plan (Kế hoạch 65/KH-UBND) cites "ngày 05/6/2019" and "ngày 22/8/2019", so
  :func:`format_short_date` gives "05/6/2019", "22/8/2019", "05/02/2026".
* Numbers in words use "bốn" for 4 in every position, also after "mươi" (24 "hai mươi bốn"),
  "linh" (never "lẻ") for a zero tens digit, "nghìn" (never "ngàn") and "tỷ".
* Numbers are grouped with babel's "vi" locale ("." for thousands, "," for decimals) and
  rounded half up, as people round by hand (babel alone would round half to even).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import TypeVar

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from generator.check import decree

T = TypeVar("T")

# Phụ lục III, Nghị định 30/2020/NĐ-CP: abbreviations of the document types (one table,
# shared with `vanban check`).
TYPE_ABBREVIATIONS = decree.TYPE_ABBREVIATIONS

# The same names spelt with the newer tone placement ("thoả", "uỷ").
_TYPE_NAME_SPELLINGS = {
    "BẢN THOẢ THUẬN": "BẢN THỎA THUẬN",
    "GIẤY UỶ QUYỀN": "GIẤY ỦY QUYỀN",
}
_CONG_VAN = "CÔNG VĂN"

# Blank left for the records office to fill in at signing.
_DRAFT_BLANK = " " * 6

# ---------------------------------------------------------------------------
# Text cleaning


# Control characters (Unicode category Cc: C0, DEL, C1) except tab and line feed, lone
# surrogates, U+FFFE and U+FFFF. "\r", "\v" and "\f" are made line breaks before.
_REMOVED_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_OTHER_LINE_ENDS = re.compile("\r\n?|[\v\f]")


def clean_text(text: str) -> str:
    """Text safe for a .docx or .xlsx: NFC, "\\n" line breaks, no characters XML 1.0 forbids.

    "\\r\\n", "\\r", vertical tab and form feed become "\\n"; other control characters
    (except tab), lone surrogates, U+FFFE and U+FFFF are dropped. Nothing else changes:
    no trimming, and "&" or "<" stay as they are (escaping is the writer's job).
    """
    # Regular expressions, not a loop over characters: a report of 10,000 agencies has
    # millions of characters of results, and almost all of them are already clean (nothing
    # the class removes, and "\r", "\v", "\f" are in it: the text comes back as it is).
    if _REMOVED_CHARS.search(text) is None and unicodedata.is_normalized("NFC", text):
        return text
    text = _OTHER_LINE_ENDS.sub("\n", text)
    return unicodedata.normalize("NFC", _REMOVED_CHARS.sub("", text))


def clean_cell_text(text: str) -> str:
    """:func:`clean_text`, then the surrounding whitespace of the whole text removed."""
    return clean_text(text).strip()


def upper_vi(text: str) -> str:
    """Upper case keeping the marks: "Sở Khoa học và Công nghệ" -> "SỞ KHOA HỌC VÀ CÔNG NGHỆ"."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).upper())


# ---------------------------------------------------------------------------
# Vietnamese alphabetical order

# f, j, w, z are not Vietnamese letters; they take their Latin places.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Dictionary order of the tones: (ngang) < huyền < hỏi < ngã < sắc < nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a letter of their own: ă â ê ô ơ ư.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

_SYMBOL, _DIGITS, _LETTER, _OTHER_LETTER = range(4)


def _clusters(word: str) -> list[str]:
    """Split an NFD word into base characters each followed by its combining marks."""
    clusters: list[str] = []
    for char in word:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


@functools.lru_cache(maxsize=4096)  # names share most of their words: "Ủy ban nhân dân xã …"
def _word_key(word: str) -> tuple:
    elements: list[tuple] = []
    tones: list[int] = []
    other_marks: list[int] = []
    digits = ""
    for cluster in _clusters(unicodedata.normalize("NFD", word)):
        base, marks = cluster[0], cluster[1:]
        if base in "0123456789" and not marks:
            digits += base
            continue
        if digits:
            elements.append((_DIGITS, int(digits), len(digits)))
            digits = ""
        tones.extend(_TONE_RANK[mark] for mark in marks if mark in _TONE_RANK)
        other_marks.extend(
            ord(mark) for mark in marks if mark not in _TONE_RANK and mark not in _LETTER_MARKS
        )
        letter = unicodedata.normalize(
            "NFC", base + "".join(mark for mark in marks if mark in _LETTER_MARKS)
        )
        if letter in _LETTER_RANK:
            elements.append((_LETTER, _LETTER_RANK[letter]))
        elif base.isalpha():
            elements.append((_OTHER_LETTER, ord(base)))
        else:
            elements.append((_SYMBOL, ord(base)))
    if digits:
        elements.append((_DIGITS, int(digits), len(digits)))
    return (tuple(elements), tuple(tones), tuple(other_marks))


def vi_sort_key(text: str) -> tuple:
    """Sort key for Vietnamese dictionary order, ignoring case.

    Words (split on whitespace) are compared one after another. Inside a word the letters
    come first, in the order a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y;
    then the tone (none < huyền < hỏi < ngã < sắc < nặng), so "ma" < "mà" < "mạ" < "mác".
    Punctuation comes before digits, digits before letters; a run of digits compares as a
    number ("9" < "10"). Texts differing only in case get equal keys, so a stable sort
    keeps their order.
    """
    return tuple(_word_key(word) for word in unicodedata.normalize("NFC", text).lower().split())


def _identity(value: T) -> T:
    return value


def sort_vi(items: Iterable[T], key: Callable[[T], str] = _identity) -> list[T]:
    """The items in Vietnamese alphabetical order of ``key(item)`` (a stable sort)."""
    return sorted(items, key=lambda item: vi_sort_key(key(item)))


# ---------------------------------------------------------------------------
# Dates


def format_day(day: int) -> str:
    """Day of the month with a leading zero for 1-9: "05", "14"."""
    if not 1 <= day <= 31:
        raise ValueError(f"Ngày không hợp lệ: {day} (phải từ 1 đến 31).")
    return f"{day:02d}"


def format_month(month: int) -> str:
    """Month with a leading zero for January and February only: "02", "3", "11"."""
    if not 1 <= month <= 12:
        raise ValueError(f"Tháng không hợp lệ: {month} (phải từ 1 đến 12).")
    return f"{month:02d}" if month <= 2 else str(month)


def _capitalize_first(text: str) -> str:
    return upper_vi(text[:1]) + text[1:]


def format_place_date(
    place: str,
    day: date | None = None,
    *,
    month: int | None = None,
    year: int | None = None,
) -> str:
    """The place and date line (ô 4): "Sơn La, ngày 05 tháng 02 năm 2026".

    Without ``day`` this is a draft whose day the records office fills in at signing:
    "Sơn La, ngày      tháng 11 năm 2026"; ``month`` and ``year`` are required then.
    With ``day``, ``month`` and ``year`` may be given only if they agree with it.
    The place gets a capital initial.
    """
    place = unicodedata.normalize("NFC", place).strip()
    if not place:
        raise ValueError("Thiếu địa danh ở dòng địa danh, ngày tháng.")
    place = _capitalize_first(place)
    if day is not None:
        if month not in (None, day.month) or year not in (None, day.year):
            raise ValueError(
                f"Tháng {month}, năm {year} không khớp với ngày {format_short_date(day)}."
            )
        return f"{place}, {format_long_date(day)}"
    if month is None or year is None:
        raise ValueError("Văn bản dự thảo để trống ngày nhưng phải có tháng và năm.")
    return f"{place}, ngày{_DRAFT_BLANK}tháng {format_month(month)} năm {year}"


def format_long_date(d: date) -> str:
    """ "ngày 22 tháng 8 năm 2019", "ngày 05 tháng 02 năm 2026"."""
    return f"ngày {format_day(d.day)} tháng {format_month(d.month)} năm {d.year}"


def join_vi(items: Sequence[str], last: str = "và") -> str:
    """«A, B và C»; when an item already holds the joining word («Sở Giáo dục và Đào tạo»),
    commas only: «… và Đào tạo và Sở Tài chính» would not read as two bodies."""
    if len(items) <= 1:
        return "".join(items)
    if any(f" {last} " in item for item in items):
        return ", ".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


_WEEKEND = {5: "thứ Bảy", 6: "Chủ nhật"}


def weekend_note(day: date, what: str) -> str | None:
    """A note when a document is dated a Saturday or a Sunday (a date mistyped, most often:
    an office signs on working days)."""
    name = _WEEKEND.get(day.weekday())
    if name is None:
        return None
    return (
        f"{what} {format_short_date(day)} là {name}: kiểm tra lại ngày (--ngay-ky ngày/tháng/năm)."
    )


def format_short_date(d: date) -> str:
    """Date as cited in the plan's text: "22/8/2019", "05/6/2019", "05/02/2026".

    Same leading zeros as the long form (day 1-9, months 1 and 2), as the plan writes
    "ngày 05/6/2019".
    """
    return f"{format_day(d.day)}/{format_month(d.month)}/{d.year}"


# ---------------------------------------------------------------------------
# Number and symbol of a document (ô 3)


def _type_abbreviation(type_name: str) -> str | None:
    name = " ".join(upper_vi(type_name).split())
    name = _TYPE_NAME_SPELLINGS.get(name, name)
    if name == _CONG_VAN:
        return None
    if name not in TYPE_ABBREVIATIONS:
        raise ValueError(
            f"Tên loại văn bản «{type_name}» không có trong Phụ lục III Nghị định 30/2020/NĐ-CP."
        )
    return TYPE_ABBREVIATIONS[name]


def _symbol_part(text: str, what: str) -> str:
    part = unicodedata.normalize("NFC", text).strip()
    if not part or any(char.isspace() for char in part) or "/" in part:
        raise ValueError(f"Chữ viết tắt {what} không hợp lệ: «{text}».")
    return part


def doc_symbol(type_name: str | None, issuer: str, unit: str | None = None) -> str:
    """The ký hiệu of a document.

    With a type name (Phụ lục III): type abbreviation - issuer, "BC-SKHCN"; the decree
    puts no drafting unit in it, so ``unit`` is not used then.
    A công văn (``type_name`` None or "Công văn"): issuer - drafting unit, "SKHCN-QLCN".
    An unknown type name raises ValueError naming it.
    """
    abbreviation = None if type_name is None else _type_abbreviation(type_name)
    issuer_part = _symbol_part(issuer, "cơ quan ban hành")
    if abbreviation is not None:
        return f"{abbreviation}-{issuer_part}"
    if unit is None:
        return issuer_part
    return f"{issuer_part}-{_symbol_part(unit, 'đơn vị soạn thảo')}"


def format_doc_number(number: int | None, symbol: str) -> str:
    """ "Số: 05/BC-SKHCN"; None gives the draft "Số:      /BC-SKHCN" for the records office."""
    symbol = unicodedata.normalize("NFC", symbol).strip()
    if not symbol or any(char.isspace() for char in symbol):
        raise ValueError(f"Ký hiệu văn bản không hợp lệ: «{symbol}».")
    if number is None:
        return f"Số:{_DRAFT_BLANK}/{symbol}"
    if number < 1:
        raise ValueError(f"Số văn bản phải từ 1 trở lên, không phải {number}.")
    return f"Số: {number:02d}/{symbol}"


# ---------------------------------------------------------------------------
# Numbers in figures

_DEFAULT_MAX_DECIMALS = 3


def _to_decimal(value: int | float | Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"Không phải là số: {value!r}")
    # repr gives the shortest text that reads back as the float: 0.1 + 0.2 stays 0.3000…04
    # instead of the binary expansion.
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"Không phải là số hữu hạn: {value!r}")
    return number


# What babel's format_decimal(number, format=pattern, locale="vi") does, with the locale
# and the patterns parsed once: babel parses both again on every call, and a report of
# 10,000 agencies formats tens of thousands of numbers.
_VI = Locale.parse("vi")


@functools.cache
def _number_pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def format_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """Vietnamese grouping: 1234567 -> "1.234.567", 12.5 -> "12,5", -3 -> "-3".

    ``decimals`` fixes the number of decimals (rounded half up); without it at most three
    decimals are shown, trailing zeros dropped.
    """
    if type(value) is int and not decimals:
        # What the pattern gives a whole number, without babel (most numbers are counts).
        return f"{value:,}".replace(",", ".")
    number = _to_decimal(value)
    places = _DEFAULT_MAX_DECIMALS if decimals is None else decimals
    if places < 0:
        raise ValueError(f"Số chữ số thập phân không hợp lệ: {decimals}")
    fraction = "#" * places if decimals is None else "0" * places
    pattern = "#,##0" + (f".{fraction}" if places else "")
    # Enough precision for any magnitude: the default context (28 digits) fails on 1e30,
    # here and inside babel.
    with localcontext(prec=max(number.adjusted(), 0) + places + 2):
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if number.is_zero():
            number = abs(number)  # no "-0"
        return _number_pattern(pattern).apply(number, _VI)


def format_percent(value: float | Decimal, decimals: int = 1) -> str:
    """A value that is already a percentage: 85.5 -> "85,5%"."""
    return f"{format_number(value, decimals)}%"


# ---------------------------------------------------------------------------
# Numbers in words

_DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
WORDS_LIMIT = 10**18  # number_to_words reads every number below this


def _group_words(group: int, read_fully: bool) -> list[str]:
    """Words for 1..999; ``read_fully`` when a higher non-zero group comes before it."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    words: list[str] = []
    if hundreds or read_fully:
        words += [_DIGIT_WORDS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += (["linh"] if words else []) + [_DIGIT_WORDS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGIT_WORDS[units])
    else:
        words += [_DIGIT_WORDS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 5: "lăm"}.get(units, _DIGIT_WORDS[units]))
    return words


def _below_billion_words(n: int, read_fully: bool) -> list[str]:
    words: list[str] = []
    groups = ((n // 10**6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, ""))
    for group, scale in groups:
        if group == 0:
            continue
        words += _group_words(group, read_fully)
        if scale:
            words.append(scale)
        read_fully = True
    return words


def _words(n: int, read_fully: bool) -> list[str]:
    if n < _BILLION:
        return _below_billion_words(n, read_fully)
    billions, rest = divmod(n, _BILLION)
    # 10^12 is "nghìn tỷ", 10^15 "triệu tỷ": the count of tỷ is read like any number.
    words = [*_words(billions, read_fully), "tỷ"]
    if rest:
        words += _below_billion_words(rest, read_fully=True)
    return words


def number_to_words(n: int) -> str:
    """Lower-case Vietnamese words: 1015 -> "một nghìn không trăm mười lăm", 0 -> "không"."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"Không phải là số nguyên: {n!r}")
    if not 0 <= n < WORDS_LIMIT:
        raise ValueError(f"Chỉ đọc được số từ 0 đến dưới 10^18, không phải {n}.")
    if n == 0:
        return _DIGIT_WORDS[0]
    return " ".join(_words(n, read_fully=False))


def money_in_words(amount: int) -> str:
    """An amount in đồng, in words: "Một tỷ hai trăm linh năm triệu đồng"; 0 -> "Không đồng"."""
    return _capitalize_first(f"{number_to_words(amount)} đồng")


# No date a form or the register asks for is this old: an earlier one is a year typed alone
# in a date cell, which Excel stores as that many days after 1900 (2025 is 17/07/1905).
EARLIEST_YEAR = 1950


def implausible_day(day: date) -> str | None:
    """Why ``day`` cannot be what was meant, or None when it can."""
    if day.year >= EARLIEST_YEAR:
        return None
    serial = (day - date(1899, 12, 30)).days
    typed = f" (ô có lẽ chỉ ghi năm {serial})" if EARLIEST_YEAR <= serial <= 2100 else ""
    return (
        f"ngày {format_short_date(day)} không hợp lý{typed}; hãy ghi đủ ngày/tháng/năm, "
        "ví dụ 05/11/2025"
    )
