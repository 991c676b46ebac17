"""Tests of generator.vnformat against the worked examples of /work/shared/format.md."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from generator.vnformat import (
    TYPE_ABBREVIATIONS,
    clean_cell_text,
    clean_text,
    doc_symbol,
    format_day,
    format_doc_number,
    format_long_date,
    format_month,
    format_number,
    format_percent,
    format_place_date,
    format_short_date,
    money_in_words,
    number_to_words,
    sort_vi,
    upper_vi,
    vi_sort_key,
)


def is_nfc(text: str) -> bool:
    return unicodedata.normalize("NFC", text) == text


# ---------------------------------------------------------------------------
# A strict reader of Vietnamese numbers in words, to check number_to_words by round trip.
# It refuses the forms format.md forbids ("lẻ", "tư", "mươi một", "linh lăm", a missing
# "không trăm"...), so a round trip also checks the wording, not only the value.

_DIGITS = {
    "không": 0,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
_SCALES = {"triệu": 10**6, "nghìn": 10**3}


class _Reader:
    def __init__(self, text: str) -> None:
        self.tokens = text.split(" ")
        self.pos = 0

    def peek(self, offset: int = 0) -> str | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise ValueError("unexpected end")
        self.pos += 1
        return token

    def digit(self, allowed: range) -> int:
        token = self.take()
        if token not in _DIGITS or _DIGITS[token] not in allowed:
            raise ValueError(f"expected a digit in {allowed}, got {token!r}")
        return _DIGITS[token]

    def unit_after_tens(self, tens_word: str) -> int:
        token = self.peek()
        if token is None or token in _SCALES or token == "tỷ":
            return 0
        self.take()
        if token == "lăm":
            return 5
        if token == "mốt" and tens_word == "mươi":
            return 1
        if token in ("năm", "không") or (token == "một" and tens_word == "mươi"):
            raise ValueError(f"{token!r} after {tens_word!r}")
        if token not in _DIGITS:
            raise ValueError(f"unexpected {token!r}")
        return _DIGITS[token]

    def tens_and_units(self) -> int:
        token = self.peek()
        if token == "mười":
            self.take()
            return 10 + self.unit_after_tens("mười")
        if self.peek(1) == "mươi":
            tens = self.digit(range(2, 10))
            self.take()
            return tens * 10 + self.unit_after_tens("mươi")
        return self.digit(range(1, 10))

    def group(self, read_fully: bool) -> int:
        """One group 1..999; after a higher group it must start with its hundreds."""
        if self.peek(1) == "trăm":
            hundreds = self.digit(range(10) if read_fully else range(1, 10))
            self.take()
            token = self.peek()
            if token is None or token in _SCALES or token == "tỷ":
                if hundreds == 0:
                    raise ValueError("'không trăm' with nothing after it")
                return hundreds * 100
            if token == "linh":
                self.take()
                return hundreds * 100 + self.digit(range(1, 10))
            return hundreds * 100 + self.tens_and_units()
        if read_fully:
            raise ValueError("a group after a higher one must be read with its hundreds")
        return self.tens_and_units()

    def below_billion(self, read_fully: bool) -> int:
        value = 0
        scales_left = ["triệu", "nghìn"]
        while self.peek() is not None and self.peek() != "tỷ":
            group = self.group(read_fully)
            read_fully = True
            scale = self.peek()
            if scale in scales_left:
                self.take()
                value += group * _SCALES[scale]
                scales_left = scales_left[scales_left.index(scale) + 1 :]
            else:
                return value + group
        return value

    def number(self) -> int:
        if self.tokens == ["không"]:
            return 0
        value = self.below_billion(read_fully=False)
        if self.peek() == "tỷ":
            if value == 0:
                raise ValueError("'tỷ' without a count")
            self.take()
            value = value * 10**9 + self.below_billion(read_fully=True)
        if self.peek() is not None:
            raise ValueError(f"unexpected {self.peek()!r}")
        return value


def words_to_number(text: str) -> int:
    return _Reader(text).number()


# ---------------------------------------------------------------------------
# Numbers in words

WORKED_EXAMPLES = [
    (11, "mười một"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (1_001, "một nghìn không trăm linh một"),
    (1_015, "một nghìn không trăm mười lăm"),
    (1_050, "một nghìn không trăm năm mươi"),
    (2_021, "hai nghìn không trăm hai mươi mốt"),
    (21_000, "hai mươi mốt nghìn"),
    (1_250_000, "một triệu hai trăm năm mươi nghìn"),
    (3_000_500, "ba triệu năm trăm"),
    (10_050_000, "mười triệu không trăm năm mươi nghìn"),
    (15_500_000, "mười lăm triệu năm trăm nghìn"),
    (125_000_000, "một trăm hai mươi lăm triệu"),
    (1_000_001, "một triệu không trăm linh một"),
    (1_205_000_000, "một tỷ hai trăm linh năm triệu"),
    (2_000_000_000_000, "hai nghìn tỷ"),
]

MORE_EXAMPLES = [
    (0, "không"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (14, "mười bốn"),
    (20, "hai mươi"),
    (31, "ba mươi mốt"),
    (44, "bốn mươi bốn"),
    (100, "một trăm"),
    (104, "một trăm linh bốn"),
    (1_000, "một nghìn"),
    (3_000_050, "ba triệu không trăm năm mươi"),
    (145_001_000, "một trăm bốn mươi lăm triệu không trăm linh một nghìn"),
    (1_000_000_000_001, "một nghìn tỷ không trăm linh một"),
    (1_500_000_000_000, "một nghìn năm trăm tỷ"),
    (10**15, "một triệu tỷ"),
    (
        10**18 - 1,
        "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín"
        " tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn"
        " chín trăm chín mươi chín",
    ),
]


@pytest.mark.parametrize(("number", "words"), WORKED_EXAMPLES + MORE_EXAMPLES)
def test_number_to_words_examples(number: int, words: str) -> None:
    assert number_to_words(number) == words


@pytest.mark.parametrize(("number", "words"), WORKED_EXAMPLES + MORE_EXAMPLES)
def test_reader_reads_the_examples(number: int, words: str) -> None:
    assert words_to_number(words) == number


@pytest.mark.parametrize(
    "wrong",
    [
        "một nghìn lẻ mười lăm",  # num2words' reading
        "hai mươi một",
        "hai mươi năm",
        "một trăm linh lăm",
        "hai mươi tư",
        "một nghìn mười lăm",  # missing "không trăm"
        "mười mốt",
    ],
)
def test_reader_refuses_wrong_wording(wrong: str) -> None:
    with pytest.raises((ValueError, KeyError)):
        words_to_number(wrong)


@pytest.mark.parametrize("number", [-1, 10**18])
def test_number_to_words_out_of_range(number: int) -> None:
    with pytest.raises(ValueError):
        number_to_words(number)


@given(st.integers(min_value=0, max_value=10**15))
def test_number_to_words_round_trip(number: int) -> None:
    words = number_to_words(number)
    assert words_to_number(words) == number
    assert is_nfc(words)
    assert words == words.lower()
    assert not {"lẻ", "lẽ", "tư", "ngàn"} & set(words.split())
    assert "  " not in words and words == words.strip()


@given(st.integers(min_value=10**15, max_value=10**18 - 1))
def test_number_to_words_round_trip_large(number: int) -> None:
    assert words_to_number(number_to_words(number)) == number


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (125_000_000, "Một trăm hai mươi lăm triệu đồng"),
        (1_205_000_000, "Một tỷ hai trăm linh năm triệu đồng"),
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (2_021, "Hai nghìn không trăm hai mươi mốt đồng"),
    ],
)
def test_money_in_words(amount: int, words: str) -> None:
    assert money_in_words(amount) == words
    assert is_nfc(money_in_words(amount))


def test_money_in_words_refuses_negative() -> None:
    with pytest.raises(ValueError):
        money_in_words(-5)


# ---------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(("day", "text"), [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (14, "14")])
def test_format_day(day: int, text: str) -> None:
    assert format_day(day) == text


@pytest.mark.parametrize(
    ("month", "text"), [(1, "01"), (2, "02"), (3, "3"), (8, "8"), (11, "11"), (12, "12")]
)
def test_format_month(month: int, text: str) -> None:
    assert format_month(month) == text


@pytest.mark.parametrize(("function", "value"), [(format_day, 0), (format_day, 32)])
def test_format_day_out_of_range(function, value: int) -> None:
    with pytest.raises(ValueError):
        function(value)


@pytest.mark.parametrize("month", [0, 13])
def test_format_month_out_of_range(month: int) -> None:
    with pytest.raises(ValueError):
        format_month(month)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2019, 8, 22), "ngày 22 tháng 8 năm 2019"),
        (date(2021, 3, 14), "ngày 14 tháng 3 năm 2021"),
        (date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (date(2025, 11, 1), "ngày 01 tháng 11 năm 2025"),
        (date(2026, 1, 10), "ngày 10 tháng 01 năm 2026"),
    ],
)
def test_format_long_date(day: date, text: str) -> None:
    assert format_long_date(day) == text


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2019, 8, 22), "22/8/2019"),
        (date(2019, 6, 5), "05/6/2019"),  # as the plan cites Quyết định 1288/QĐ-UBND
        (date(2021, 3, 14), "14/3/2021"),
        (date(2026, 2, 5), "05/02/2026"),
    ],
)
def test_format_short_date(day: date, text: str) -> None:
    assert format_short_date(day) == text


def test_format_place_date_full() -> None:
    assert format_place_date("Sơn La", date(2026, 2, 5)) == "Sơn La, ngày 05 tháng 02 năm 2026"
    assert format_place_date("Sơn La", date(2021, 3, 14)) == "Sơn La, ngày 14 tháng 3 năm 2021"


def test_format_place_date_capitalises_and_normalises_place() -> None:
    place = unicodedata.normalize("NFD", " sơn La ")
    text = format_place_date(place, date(2025, 11, 1))
    assert text == "Sơn La, ngày 01 tháng 11 năm 2025"
    assert is_nfc(text)


def test_format_place_date_draft_leaves_six_blanks_for_the_day() -> None:
    text = format_place_date("Sơn La", month=11, year=2026)
    assert text == "Sơn La, ngày      tháng 11 năm 2026"
    assert text.count(" " * 6) == 1
    assert format_place_date("Sơn La", month=2, year=2027) == "Sơn La, ngày      tháng 02 năm 2027"


@pytest.mark.parametrize(("month", "year"), [(None, 2026), (11, None), (None, None)])
def test_format_place_date_draft_needs_month_and_year(month, year) -> None:
    with pytest.raises(ValueError):
        format_place_date("Sơn La", month=month, year=year)


def test_format_place_date_refuses_month_that_disagrees() -> None:
    assert format_place_date("Sơn La", date(2026, 2, 5), month=2, year=2026).endswith("2026")
    with pytest.raises(ValueError):
        format_place_date("Sơn La", date(2026, 2, 5), month=3)


def test_format_place_date_refuses_empty_place() -> None:
    with pytest.raises(ValueError):
        format_place_date("  ", date(2026, 2, 5))


# ---------------------------------------------------------------------------
# Number and symbol


def test_type_abbreviations_are_those_of_phu_luc_iii() -> None:
    assert len(TYPE_ABBREVIATIONS) == 27
    for name in TYPE_ABBREVIATIONS:
        assert name == upper_vi(name) and is_nfc(name)
    assert TYPE_ABBREVIATIONS["BÁO CÁO"] == "BC"
    assert TYPE_ABBREVIATIONS["KẾ HOẠCH"] == "KH"
    assert TYPE_ABBREVIATIONS["QUYẾT ĐỊNH"] == "QĐ"
    assert TYPE_ABBREVIATIONS["QUY ĐỊNH"] == "QyĐ"
    assert TYPE_ABBREVIATIONS["TỜ TRÌNH"] == "TTr"
    assert TYPE_ABBREVIATIONS["BẢN THỎA THUẬN"] == "TTh"
    assert TYPE_ABBREVIATIONS["GIẤY GIỚI THIỆU"] == "GGT"


@pytest.mark.parametrize(("name", "abbreviation"), sorted(TYPE_ABBREVIATIONS.items()))
def test_doc_symbol_for_every_type(name: str, abbreviation: str) -> None:
    assert doc_symbol(name, "UBND") == f"{abbreviation}-UBND"


@pytest.mark.parametrize(
    ("type_name", "issuer", "unit", "symbol"),
    [
        ("BÁO CÁO", "SKHCN", None, "BC-SKHCN"),
        ("Báo cáo", "SKHCN", None, "BC-SKHCN"),
        (unicodedata.normalize("NFD", "Kế hoạch"), "UBND", None, "KH-UBND"),
        ("Quyết  định", "TTg", None, "QĐ-TTg"),
        ("Bản thoả thuận", "SKHCN", None, "TTh-SKHCN"),
        ("Giấy uỷ quyền", "SKHCN", None, "UQ-SKHCN"),
        ("BÁO CÁO", "SKHCN", "QLCN", "BC-SKHCN"),  # the decree puts no unit here
        (None, "SKHCN", "QLCN", "SKHCN-QLCN"),
        (None, "UBND", "KGVX", "UBND-KGVX"),
        ("Công văn", "UBND", "KGVX", "UBND-KGVX"),
    ],
)
def test_doc_symbol(type_name, issuer: str, unit, symbol: str) -> None:
    assert doc_symbol(type_name, issuer, unit) == symbol


def test_doc_symbol_unknown_type_names_it() -> None:
    with pytest.raises(ValueError, match="Báo cáo nhanh"):
        doc_symbol("Báo cáo nhanh", "SKHCN")


@pytest.mark.parametrize(("issuer", "unit"), [("", None), ("S KHCN", None), ("SKHCN", "QL/CN")])
def test_doc_symbol_refuses_bad_parts(issuer: str, unit) -> None:
    with pytest.raises(ValueError):
        doc_symbol(None, issuer, unit)


@pytest.mark.parametrize(
    ("number", "symbol", "text"),
    [
        (5, "BC-SKHCN", "Số: 05/BC-SKHCN"),
        (9, "BC-SKHCN", "Số: 09/BC-SKHCN"),
        (10, "BC-SKHCN", "Số: 10/BC-SKHCN"),
        (65, "KH-UBND", "Số: 65/KH-UBND"),
        (123, "BC-SKHCN", "Số: 123/BC-SKHCN"),
        (None, "BC-SKHCN", "Số:      /BC-SKHCN"),
        (None, "SKHCN-QLCN", "Số:      /SKHCN-QLCN"),
    ],
)
def test_format_doc_number(number, symbol: str, text: str) -> None:
    assert format_doc_number(number, symbol) == text


@pytest.mark.parametrize(("number", "symbol"), [(0, "BC-SKHCN"), (-3, "BC-SKHCN"), (5, "")])
def test_format_doc_number_refuses(number: int, symbol: str) -> None:
    with pytest.raises(ValueError):
        format_doc_number(number, symbol)


# ---------------------------------------------------------------------------
# Numbers in figures


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1_234_567, None, "1.234.567"),
        (12.5, None, "12,5"),
        (0, None, "0"),
        (-1_234_567, None, "-1.234.567"),
        (-1234.5, None, "-1.234,5"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (Decimal("1250000.75"), None, "1.250.000,75"),
        (0.1 + 0.2, None, "0,3"),
        (2 / 3, None, "0,667"),
        (3, 2, "3,00"),
        (12.5, 0, "13"),  # half up, not half to even
        (2.5, 0, "3"),
        (Decimal("0.125"), 2, "0,13"),
        (1.005, 2, "1,01"),  # the decimal text typed, not the binary float
        (-0.01, 1, "0,0"),  # never "-0"
        (Decimal("1e30"), 0, "1" + ".000" * 10),
    ],
)
def test_format_number(value, decimals, text: str) -> None:
    assert format_number(value, decimals) == text


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_format_number_refuses_non_finite(value: float) -> None:
    with pytest.raises(ValueError):
        format_number(value)


def test_format_number_refuses_non_numbers() -> None:
    with pytest.raises(TypeError):
        format_number("12")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (85.5, 1, "85,5%"),
        (100, 1, "100,0%"),
        (Decimal("33.333"), 2, "33,33%"),
        (66.66, 0, "67%"),
    ],
)
def test_format_percent(value, decimals: int, text: str) -> None:
    assert format_percent(value, decimals) == text


def test_format_percent_default_one_decimal() -> None:
    assert format_percent(85.55) == "85,6%"


# ---------------------------------------------------------------------------
# Text


def test_clean_text_keeps_xml_specials_and_tabs() -> None:
    assert clean_text("R&D <b> \"a\" 'b'\tc") == "R&D <b> \"a\" 'b'\tc"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\vb", "a\nb"),  # Excel's line break inside a cell
        ("a\fb", "a\nb"),
        ("a\x00b\x01c\x1fd\x7fe", "abcde"),
        ("a\x85b\x9fc", "abc"),
        ("a\ud800b\udfffc", "abc"),
        ("a\ufffeb\uffffc", "abc"),
        ("  giữ nguyên khoảng trắng \n", "  giữ nguyên khoảng trắng \n"),
        ("", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_text_composes_nfd() -> None:
    nfd = unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ")
    assert nfd != "Sở Khoa học và Công nghệ"
    assert clean_text(nfd) == "Sở Khoa học và Công nghệ"


def test_clean_text_composes_across_a_removed_control_char() -> None:
    assert clean_text("e\x00\u0301") == "é"


def test_clean_cell_text_strips_the_whole_text_only() -> None:
    assert clean_cell_text("  Sở\vY tế \r\n") == "Sở\nY tế"
    assert clean_cell_text("\x00 ") == ""


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_clean_text_output_fits_in_xml(raw: str) -> None:
    clean = clean_text(raw)
    assert is_nfc(clean)
    assert clean_text(clean) == clean
    element = etree.fromstring(f"<t>{escape(clean)}</t>".encode("utf-8", "surrogatepass"))
    assert (element.text or "") == clean


@pytest.mark.parametrize(
    ("text", "upper"),
    [
        ("Sở Khoa học và Công nghệ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
        ("Ủy ban nhân dân tỉnh Sơn La", "ỦY BAN NHÂN DÂN TỈNH SƠN LA"),
        ("đường ưu tiên ặ ữ ỹ", "ĐƯỜNG ƯU TIÊN Ặ Ữ Ỹ"),
        (unicodedata.normalize("NFD", "báo cáo"), "BÁO CÁO"),
    ],
)
def test_upper_vi(text: str, upper: str) -> None:
    assert upper_vi(text) == upper
    assert is_nfc(upper_vi(text))


# ---------------------------------------------------------------------------
# Vietnamese order


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Dương", "Đà Bắc"),
        ("Duy", "Đa"),
        ("Uông Bí", "Ưng Hòa"),
        ("Sở Xây dựng", "Sở Y tế"),
        ("Sở Tư pháp", "Sở Xây dựng"),
        ("a", "à"),
        ("à", "ả"),
        ("ả", "ã"),
        ("ã", "á"),
        ("á", "ạ"),
        ("ạ", "ă"),
        ("ă", "â"),
        ("â", "b"),
        ("o", "ô"),
        ("ô", "ơ"),
        ("e", "ê"),
        ("mạ", "mác"),  # the letters of a syllable first, then its tone
        ("Ba Vì", "Bà Rịa"),  # syllable by syllable
        ("Sở", "Sở Y tế"),
        ("2", "a"),
        ("9", "10"),
        ("Phụ lục 2", "Phụ lục 10"),
        ("Huyện", "Hương"),
        ("Ý Yên", "Yên Châu"),  # a shorter syllable first
    ],
)
def test_vietnamese_order(before: str, after: str) -> None:
    assert vi_sort_key(before) < vi_sort_key(after)
    assert sort_vi([after, before]) == [before, after]


def test_sort_ignores_case_and_form_and_is_stable() -> None:
    assert vi_sort_key("ĐÀ") == vi_sort_key("đà")
    assert vi_sort_key(unicodedata.normalize("NFD", "Sở Y tế")) == vi_sort_key("Sở Y tế")
    assert vi_sort_key("hoà") == vi_sort_key("hòa")
    assert sort_vi(["SỞ Y TẾ", "Sở Y tế", "sở y tế"]) == ["SỞ Y TẾ", "Sở Y tế", "sở y tế"]
    assert sort_vi(["sở y tế", "SỞ Y TẾ"]) == ["sở y tế", "SỞ Y TẾ"]


def test_sort_vi_agencies_with_key() -> None:
    agencies = [
        {"name": "Sở Y tế"},
        {"name": "Sở Xây dựng"},
        {"name": "Sở Công Thương"},
        {"name": "Sở Khoa học và Công nghệ"},
        {"name": "Sở Dân tộc và Tôn giáo"},
        {"name": "Sở Giáo dục và Đào tạo"},
        {"name": "Công an tỉnh"},
        {"name": "Ủy ban nhân dân phường Tô Hiệu"},
        {"name": "Đài Phát thanh và Truyền hình"},
    ]
    names = [agency["name"] for agency in sort_vi(agencies, key=lambda agency: agency["name"])]
    assert names == [
        "Công an tỉnh",
        "Đài Phát thanh và Truyền hình",
        "Sở Công Thương",
        "Sở Dân tộc và Tôn giáo",
        "Sở Giáo dục và Đào tạo",
        "Sở Khoa học và Công nghệ",
        "Sở Xây dựng",
        "Sở Y tế",
        "Ủy ban nhân dân phường Tô Hiệu",
    ]


@given(st.lists(st.text(alphabet="aàảãáạăằâấbdđeêoôơuưy 0129ĐÂ", max_size=6), max_size=8))
def test_sort_vi_is_a_permutation_and_ordered(texts: list[str]) -> None:
    result = sort_vi(texts)
    assert sorted(result) == sorted(texts)
    keys = [vi_sort_key(text) for text in result]
    assert keys == sorted(keys)


# ---------------------------------------------------------------------------
# Every string is NFC


@given(st.integers(min_value=0, max_value=10**15), st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_every_output_is_nfc(number: int, day: date) -> None:
    place = unicodedata.normalize("NFD", "Sơn La")
    outputs = [
        number_to_words(number),
        money_in_words(number),
        format_number(number),
        format_long_date(day),
        format_short_date(day),
        format_place_date(place, day),
        format_place_date(place, month=day.month, year=day.year),
        format_doc_number(number % 1000 + 1, doc_symbol("Quyết định", "UBND")),
        upper_vi(unicodedata.normalize("NFD", "phường Chiềng Sinh")),
    ]
    for text in outputs:
        assert is_nfc(text), text


def test_a_document_dated_a_weekend_day_is_told():
    from generator.vnformat import weekend_note

    assert weekend_note(date(2025, 11, 23), "Ngày ký") == (
        "Ngày ký 23/11/2025 là Chủ nhật: kiểm tra lại ngày (--ngay-ky ngày/tháng/năm)."
    )
    assert "thứ Bảy" in (weekend_note(date(2025, 11, 22), "Ngày ký") or "")
    assert weekend_note(date(2025, 11, 24), "Ngày ký") is None
