"""The rules of `vanban check`: one function per row of ``decree.RULES``.

Each rule looks at the parts of the document found by ``text.Document`` and returns one
``Finding``: passed, or the worst of its problems (an error or a recommendation), naming
what was found and where.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from generator.check import decree, measure
from generator.check.decree import ADVICE, ERROR, RULES, Citation
from generator.check.package import A_NS, R_NS, V_NS, w
from generator.check.styles import TWIPS_PER_MM, ParaProps, on_off, twips
from generator.check.text import (
    SO_LOCATOR,
    Document,
    Para,
    Piece,
    all_runs,
    effective_text,
    fmt_pt,
    fold,
    normalise,
    paragraphs_of,
    size_text,
    sizes_of,
)

PAGE_TOLERANCE_MM = 1.0
MARGIN_TOLERANCE_MM = 0.2
QUOC_HIEU_OLD_ACCENT = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@dataclass(frozen=True)
class Finding:
    """The outcome of one rule on one document."""

    rule: str
    title: str
    citation: Citation
    severity: str
    passed: bool
    found: str
    expected: str

    @property
    def reference(self) -> str:
        return self.citation.text


class _Result:
    """Collects problems of one rule; the finding's severity is the worst failure's."""

    def __init__(self, rule: str) -> None:
        self.rule = rule
        self.errors: list[str] = []
        self.advice: list[str] = []
        self.notes: list[str] = []

    def fail(self, text: str, severity: str = ERROR) -> None:
        (self.errors if severity == ERROR else self.advice).append(text)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def finding(self, *, base_severity: str | None = None) -> Finding:
        rule = RULES[self.rule]
        passed = not self.errors and not self.advice
        if self.errors:
            severity = ERROR
        elif self.advice:
            severity = ADVICE
        else:
            severity = base_severity or RULES[self.rule].severity
        found = "; ".join(self.errors + self.advice) if not passed else "; ".join(self.notes)
        return Finding(
            rule=self.rule,
            title=rule.title,
            citation=rule.citation,
            severity=severity,
            passed=passed,
            found=found or "đúng quy định",
            expected=rule.requirement,
        )


def to_mm(twips: float) -> float:
    return twips / TWIPS_PER_MM


def fmt_mm(twips: float) -> str:
    value = round(to_mm(twips), 1)
    return f"{value:g}".replace(".", ",") + " mm"


def _section_label(doc: Document, index: int) -> str:
    return "" if len(doc.sections) == 1 else f"phần {index + 1}: "


def check_page_size(doc: Document) -> Finding:
    result = _Result("kho-giay")
    if not doc.sections:
        result.fail("không khai báo khổ giấy (Word dùng khổ mặc định của máy)")
    for index, section in enumerate(doc.sections):
        label = _section_label(doc, index)
        size = section.find(w("pgSz"))
        if size is None:
            result.fail(f"{label}không khai báo khổ giấy")
            continue
        width, height = twips(size.get(w("w"))), twips(size.get(w("h")))
        text = f"{fmt_mm(width)} × {fmt_mm(height)}"
        short, long_ = sorted((width, height))
        is_a4 = all(
            abs(actual - expected) <= PAGE_TOLERANCE_MM
            for actual, expected in zip((to_mm(short), to_mm(long_)), decree.PAPER_MM, strict=True)
        )
        if not is_a4:
            result.fail(f"{label}khổ {text}{_paper_name(short, long_)}")
        else:
            result.note(f"{label}A4 {text}")
    return result.finding()


def _paper_name(short: float, long_: float) -> str:
    if abs(to_mm(short) - 215.9) <= 1 and abs(to_mm(long_) - 279.4) <= 1:
        return " (khổ Letter)"
    if abs(to_mm(short) - 215.9) <= 1 and abs(to_mm(long_) - 355.6) <= 1:
        return " (khổ Legal)"
    return ""


MARGIN_NAMES = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}


def check_margins(doc: Document) -> Finding:
    result = _Result("le-trang")
    for index, section in enumerate(doc.sections):
        label = _section_label(doc, index)
        margins = section.find(w("pgMar"))
        if margins is None:
            result.fail(f"{label}không khai báo lề trang")
            continue
        values = []
        for attr, (low, high) in decree.MARGINS_MM.items():
            width = abs(twips(margins.get(w(attr))))
            if attr == "left":
                width += twips(margins.get(w("gutter")))
            millimetres = to_mm(width)
            text = f"{MARGIN_NAMES[attr]} {fmt_mm(width)}"
            values.append(text)
            if not low - MARGIN_TOLERANCE_MM <= millimetres <= high + MARGIN_TOLERANCE_MM:
                result.fail(f"{label}{text} (cần {low:g}–{high:g} mm)")
        result.note(label + ", ".join(values))
    if not doc.sections:
        result.fail("không khai báo lề trang")
    return result.finding()


def _story_paragraphs(doc: Document) -> Iterator[tuple[str, Para]]:
    for para in doc.paras:
        yield ("bảng" if para.cell is not None else "thân văn bản"), para
    for label, part in doc.header_footer_parts():
        for para in paragraphs_of(part, doc.sheet):
            yield label, para


def _script_slot(char: str, hint: str | None) -> str:
    code = ord(char)
    if 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF:
        return "eastAsia"
    if 0x0590 <= code <= 0x08FF:
        return "cs"
    if code < 0x80:
        return "ascii"
    return "eastAsia" if hint == "eastAsia" and 0x2000 <= code <= 0x2BFF else "hAnsi"


def check_fonts(doc: Document) -> Finding:
    result = _Result("phong-chu")
    wrong: dict[str, list[str]] = {}
    count = 0
    for where, para in _story_paragraphs(doc):
        for piece in para.visible_pieces():
            props = para.run_props(piece.run)
            if props.hidden:
                continue
            count += 1
            fonts_el = piece.run.find(f"{w('rPr')}/{w('rFonts')}")
            hint = fonts_el.get(w("hint")) if fonts_el is not None else None
            complex_run = piece.run.find(f"{w('rPr')}/{w('cs')}") is not None or (
                piece.run.find(f"{w('rPr')}/{w('rtl')}") is not None
            )
            slots = {"cs"} if complex_run else {_script_slot(c, hint) for c in piece.text.strip()}
            keys = set()
            for slot in slots:
                font = props.font(slot)
                if font.value != decree.FONT:
                    keys.add(f"{font.value} ({font.source})")
            for key in keys:
                wrong.setdefault(key, []).append(f"{where} «{piece.text.strip()[:30]}»")
    for key, places in sorted(wrong.items()):
        result.fail(f"phông {key} ở {len(places)} đoạn chữ, ví dụ {places[0]}")
    result.note(f"Times New Roman ở cả {count} đoạn chữ")
    return result.finding()


def check_colour(doc: Document) -> Finding:
    result = _Result("mau-chu")
    wrong: dict[str, list[str]] = {}
    for where, para in _story_paragraphs(doc):
        for piece in para.visible_pieces():
            colour = para.run_props(piece.run).colour()
            if str(colour.value).lower() not in ("auto", "000000"):
                key = f"{colour.value} ({colour.source})"
                wrong.setdefault(key, []).append(f"{where} «{piece.text.strip()[:30]}»")
    for key, places in sorted(wrong.items()):
        result.fail(f"màu {key} ở {len(places)} đoạn chữ, ví dụ {places[0]}")
    result.note("chữ màu đen")
    return result.finding()


def _size_in(
    paras: list[Para], key: str, result: _Result, what: str, severity: str = ERROR
) -> None:
    """Fail when a visible run of ``paras`` has a size outside ``decree.SIZES[key]``."""
    allowed = decree.SIZES[key]
    sizes = sizes_of(paras)
    if any(not allowed.holds(s) for s in sizes):
        result.fail(f"{what} {size_text(sizes)} (cần {allowed.text})", severity)


def _check_bold(para: Para, result: _Result, what: str, want: bool = True) -> None:
    ok, bad = all_runs([para], lambda rp: rp.bold == want)
    if not ok:
        state = "không đậm" if want else "in đậm"
        result.fail(f"{what} {state} ở «{' '.join(bad)[:40]}»")


def _check_upright(para: Para, result: _Result, what: str, severity: str = ERROR) -> None:
    ok, bad = all_runs([para], lambda rp: not rp.italic)
    if not ok:
        result.fail(f"{what} in nghiêng ở «{' '.join(bad)[:40]}»", severity)


def check_quoc_hieu(doc: Document) -> Finding:
    result = _Result("quoc-hieu")
    if doc.quoc_hieu is None:
        result.fail("không tìm thấy quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»")
        return result.finding()
    para = doc.quoc_hieu.line_containing("XÃ HỘI")
    shown = effective_text(para, para.pieces).replace("\n", " ")
    if shown == QUOC_HIEU_OLD_ACCENT:
        result.fail("viết «HOÀ» (bỏ dấu kiểu cũ), nên viết «HÒA»", ADVICE)
    elif shown != decree.QUOC_HIEU:
        if shown.upper() in (decree.QUOC_HIEU, QUOC_HIEU_OLD_ACCENT):
            result.fail(f"không viết in hoa: «{para.text}»")
        else:
            result.fail(f"nội dung «{para.text}»")
    _check_bold(para, result, "quốc hiệu")
    _check_upright(para, result, "quốc hiệu")
    _size_in([para], "quoc-hieu", result, "quốc hiệu")
    result.note(f"«{para.text}», đậm, {size_text(sizes_of([para]))}")
    return result.finding()


def _has_line_shape(element: etree._Element) -> bool:
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag == f"{{{A_NS}}}prstGeom" and node.get("prst") in (
            "line",
            "straightConnector1",
        ):
            return True
        if node.tag == f"{{{V_NS}}}line":
            return True
        if node.tag == f"{{{V_NS}}}shape" and (
            node.get("type") == "#_x0000_t32"
            or node.get("{urn:schemas-microsoft-com:office:office}connectortype")
        ):
            return True
    return False


@dataclass(frozen=True)
class RuleLine:
    """A rule drawn under a line of text: how, and its length in points when measurable."""

    how: str
    length_pt: float | None


def _rule_under(doc: Document, para: Para, stop: Para | None) -> RuleLine | None:
    """The rule under ``para``, or None: its bottom border, a following empty paragraph with
    a border, or a line shape in it or in the next paragraphs of its cell."""
    if para.props.bottom_border():
        return RuleLine("viền dưới của đoạn", measure.available_width_pt(doc, para))
    if _has_line_shape(para.element):
        return RuleLine("đường kẻ vẽ", measure.shape_length_pt(para.element))
    start = doc.index(para) + 1
    for other in doc.paras[start : start + 3]:
        if other is stop or other.cell is not para.cell or (other.text and para.cell is None):
            break
        if not other.text and other.props.bottom_border():
            return RuleLine(
                "viền dưới của đoạn trống kế tiếp", measure.available_width_pt(doc, other)
            )
        if _has_line_shape(other.element):
            return RuleLine("đường kẻ vẽ", measure.shape_length_pt(other.element))
        if other.text:
            break
    return None


def _check_rule_length(
    result: _Result,
    rule: RuleLine,
    text_pt: float,
    share: tuple[float, float],
    what: str,
    wanted: str,
) -> None:
    """Recommend a rule length: ``share`` of the text's width, within the estimate's 10 %."""
    if rule.length_pt is None or text_pt <= 0:
        return
    ratio = rule.length_pt / text_pt
    if not share[0] * 0.9 <= ratio <= share[1] * 1.1:
        result.fail(
            f"đường kẻ dưới {what} dài {measure.cm(rule.length_pt)}, dòng chữ khoảng "
            f"{measure.cm(text_pt)} (cần {wanted})",
            ADVICE,
        )


def check_tieu_ngu(doc: Document) -> Finding:
    result = _Result("tieu-ngu")
    if doc.tieu_ngu is None:
        result.fail("không tìm thấy tiêu ngữ «Độc lập - Tự do - Hạnh phúc» dưới quốc hiệu")
        return result.finding()
    para = doc.tieu_ngu.line_containing("ĐỘC LẬP")
    if para.text != decree.TIEU_NGU:
        if re.sub(r"\s*[–—-]\s*", " - ", para.text) == decree.TIEU_NGU:
            result.fail(f"dấu gạch nối sai: «{para.text}» (cần dấu «-» và một dấu cách hai bên)")
        else:
            result.fail(f"nội dung «{para.text}»")
    _check_bold(para, result, "tiêu ngữ")
    _check_upright(para, result, "tiêu ngữ")
    _size_in([para], "tieu-ngu", result, "tiêu ngữ")
    rule = _rule_under(doc, doc.tieu_ngu, doc.date)
    if rule is None:
        if all_runs([para], lambda rp: rp.underline())[0]:
            result.fail("dùng gạch chân chữ thay cho đường kẻ ngang bên dưới", ADVICE)
        else:
            result.fail("không có đường kẻ ngang dưới tiêu ngữ")
    else:
        width = measure.text_width_pt(para)
        _check_rule_length(
            result, rule, width, decree.TIEU_NGU_RULE_SHARE, "tiêu ngữ", "dài bằng dòng chữ"
        )
    how = rule.how if rule else "không có"
    result.note(f"«{para.text}», đậm, {size_text(sizes_of([para]))}, đường kẻ: {how}")
    return result.finding()


def _is_upper(text: str) -> bool:
    return text == text.upper() and any(c.isalpha() for c in text)


# A parent body (cơ quan chủ quản) typed in bold is still told by its name.
PARENT_BODY = re.compile(r"^(UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BỘ|TỔNG CỤC)\b")
UNDER_PARENT = re.compile(
    r"^(SỞ|BAN|PHÒNG|CHI CỤC|CỤC|VỤ|VĂN PHÒNG|TRUNG TÂM|THANH TRA|VIỆN|TRƯỜNG)\b"
)


def check_issuing_body(doc: Document) -> Finding:
    result = _Result("co-quan-ban-hanh")
    if doc.quoc_hieu is None or doc.quoc_hieu.cell is None:
        result.fail("không tìm thấy bảng đầu văn bản (tên cơ quan bên trái, quốc hiệu bên phải)")
        return result.finding()
    row = doc.quoc_hieu.cell.getparent()
    cells = [c for c in row if c.tag == w("tc")]
    position = cells.index(doc.quoc_hieu.cell)
    if position == 0:
        result.fail("không có ô tên cơ quan bên trái quốc hiệu")
        return result.finding()
    left = cells[0]
    lines: list[Para] = []
    for para in doc.paras:
        if para.cell is not left or not para.text:
            continue
        if para is doc.so or para is doc.vv or SO_LOCATOR.match(para.text):
            break
        if re.fullmatch(r"[-_–—.\s]+", para.text):
            continue
        lines.append(para)
    if not lines:
        result.fail("không tìm thấy tên cơ quan ban hành")
        return result.finding()
    parent: list[Para] = []
    if len(lines) > 1 and (
        not all_runs([lines[0]], lambda rp: rp.bold)[0]
        or (PARENT_BODY.match(fold(lines[0].text)) and UNDER_PARENT.match(fold(lines[1].text)))
    ):
        parent, lines = lines[:1], lines[1:]
    name = " ".join(p.text for p in lines)
    for para in lines:
        _check_bold(para, result, "tên cơ quan ban hành")
        if not _is_upper(effective_text(para, para.pieces)):
            result.fail(f"tên cơ quan ban hành không viết in hoa: «{para.text}»")
    for para in parent:
        _check_bold(para, result, "tên cơ quan chủ quản", want=False)
        if not _is_upper(effective_text(para, para.pieces)):
            result.fail(f"tên cơ quan chủ quản không viết in hoa: «{para.text}»")
    _size_in(parent, "co-quan-chu-quan", result, "tên cơ quan chủ quản")
    _size_in(lines, "co-quan-ban-hanh", result, "tên cơ quan ban hành")
    rule = _rule_under(doc, lines[-1], doc.so)
    if rule is None:
        result.fail("không có đường kẻ ngang dưới tên cơ quan ban hành", ADVICE)
    else:
        width = max(measure.text_width_pt(para) for para in lines)
        _check_rule_length(
            result, rule, width, decree.ISSUING_RULE_SHARE, "tên cơ quan ban hành", "1/3–1/2"
        )
    prefix = f"cơ quan chủ quản «{parent[0].text}», " if parent else ""
    result.note(f"{prefix}cơ quan ban hành «{name}», in hoa, đậm")
    return result.finding()


SO_PATTERN = re.compile(r"^Số:(?P<space>\s*)(?P<number>\d*)(?P<gap>\s*)/(?P<symbol>.*)$")
SYMBOL_PART = re.compile(r"^[A-ZĐ0-9]+$")


def check_number(doc: Document) -> Finding:
    result = _Result("so-ky-hieu")
    para = doc.so
    if para is None:
        result.fail("không tìm thấy dòng «Số: …/…»")
        return result.finding()
    text = para.text
    match = SO_PATTERN.match(text)
    if match is None:
        result.fail(f"«{text}» không đúng dạng «Số: 05/BC-UBND» (cần dấu «:» và «/»)")
        return result.finding()
    _size_in([para], "so", result, "dòng số, ký hiệu")
    number, symbol = match["number"], match["symbol"]
    if number and not match["space"]:
        result.fail(f"«{text}»: thiếu dấu cách sau «Số:»")
    if number and match["gap"]:
        result.fail(f"«{text}»: có dấu cách giữa số và dấu «/»")
    if len(number) == 1:
        result.fail(f"«{text}»: số {number} thiếu số 0 ở trước (cần «0{number}»)")
    if symbol != symbol.strip() or " " in symbol:
        result.fail(f"«{text}»: ký hiệu có dấu cách")
    parts = symbol.strip().replace(" ", "").split("-")
    bad_parts = [
        part
        for part in parts
        if not (SYMBOL_PART.match(part) or part in decree.MIXED_CASE_ABBREVIATIONS)
    ]
    if not symbol.strip() or bad_parts:
        result.fail(
            f"«{text}»: ký hiệu «{symbol.strip()}» không đúng (chữ in hoa viết tắt, nối bằng «-»)"
        )
    state = "để trống số (dự thảo)" if not number else f"số {number}"
    result.note(f"«{text}»: {state}, ký hiệu {symbol.strip()}")
    return result.finding()


DATE_PATTERN = re.compile(
    r"^(?P<place>[^,]+),\s*ngày(?P<day>\s+\d{1,2}|\s*)\s+tháng\s+(?P<month>\d{1,2})"
    r"\s+năm\s+(?P<year>\d{4})$"
)


def check_place_date(doc: Document) -> Finding:
    result = _Result("dia-danh-ngay")
    para = doc.date
    if para is None:
        result.fail("không tìm thấy dòng địa danh và ngày tháng «…, ngày … tháng … năm …»")
        return result.finding()
    text = para.text.replace("\n", " ")
    match = DATE_PATTERN.match(text)
    if match is None:
        result.fail(f"«{text}» không đúng dạng «Sơn La, ngày 05 tháng 02 năm 2026»")
    else:
        _check_date_parts(match, text, result)
    ok, bad = all_runs([para], lambda rp: rp.italic)
    if not ok:
        result.fail(f"không in nghiêng ở «{' '.join(bad)[:40]}»")
    _size_in([para], "dia-danh-ngay", result, "dòng ngày tháng")
    result.note(f"«{text}», chữ nghiêng")
    return result.finding()


def _check_date_parts(match: re.Match[str], text: str, result: _Result) -> None:
    place, day, month = match["place"].strip(), match["day"].strip(), match["month"]
    if not place[:1].isupper():
        result.fail(f"địa danh «{place}» không viết hoa chữ cái đầu")
    if day:
        value = int(day)
        if not 1 <= value <= 31:
            result.fail(f"«{text}»: ngày {day} không có thật")
        elif value < 10 and len(day) == 1:
            result.fail(f"«{text}»: ngày {day} thiếu số 0 ở trước (cần «0{day}»)")
        elif value >= 10 and day.startswith("0"):
            result.fail(f"«{text}»: ngày «{day}» thừa số 0")
    month_value = int(month)
    if not 1 <= month_value <= 12:
        result.fail(f"«{text}»: tháng {month} không có thật")
    elif month_value <= 2 and len(month) == 1:
        result.fail(f"«{text}»: tháng {month} thiếu số 0 ở trước (cần «0{month}»)")
    elif month_value >= 3 and month.startswith("0"):
        result.fail(f"«{text}»: tháng «{month}» thừa số 0 (cần «{month_value}»)")


TYPE_NAMES = frozenset(
    [name.upper() for name in decree.TYPE_ABBREVIATIONS]
    + ["BẢN THOẢ THUẬN", "GIẤY UỶ QUYỀN"]  # the older placement of the tone mark
)


def _centred(para: Para) -> bool:
    return para.props.alignment == "center"


def _title_block(doc: Document) -> tuple[Para | None, list[Para], list[Para]]:
    """(type name, subject lines, the rest) after the header."""
    rest = doc.after_header()
    if not rest:
        return None, [], []
    type_name, rest = rest[0], rest[1:]
    subject: list[Para] = []
    while rest and rest[0] is not doc.kinh_gui and len(subject) < 4:
        if subject and not _centred(rest[0]):
            break
        subject.append(rest[0])
        rest = rest[1:]
        if rest and not _centred(rest[0]):
            break
    return type_name, subject, rest


def check_title(doc: Document) -> Finding:
    result = _Result("ten-loai-trich-yeu")
    if doc.vv is not None:
        return _check_cong_van(doc, result)
    type_name, subject, _ = _title_block(doc)
    if type_name is None:
        result.fail("không tìm thấy tên loại văn bản sau phần đầu")
        return result.finding()
    shown = effective_text(type_name, type_name.pieces)
    if not _is_upper(shown):
        result.fail(f"tên loại {type_name.excerpt()} không viết in hoa")
    elif shown not in TYPE_NAMES:
        result.fail(f"tên loại «{shown}» không có trong danh mục (Phụ lục III)", ADVICE)
    _check_bold(type_name, result, "tên loại")
    if not _centred(type_name):
        result.fail(f"tên loại không căn giữa (căn «{type_name.props.alignment}»)")
    _size_in([type_name], "ten-loai", result, "tên loại")
    if not subject:
        result.fail("không tìm thấy trích yếu nội dung dưới tên loại")
    for para in subject:
        _check_bold(para, result, "trích yếu")
        if not _centred(para):
            result.fail(f"trích yếu {para.excerpt()} không căn giữa")
    _size_in(subject, "trich-yeu", result, "trích yếu")
    if subject:
        _check_subject_rule(doc, subject, result)
    summary = " ".join(p.text for p in subject)
    result.note(f"«{type_name.text}» / «{summary[:60]}», đậm, căn giữa")
    return result.finding()


def _check_subject_rule(doc: Document, subject: list[Para], result: _Result) -> None:
    rule = _rule_under(doc, subject[-1], None)
    if rule is None:
        result.fail("không có đường kẻ ngang dưới trích yếu")
        return
    widths = [measure.text_width_pt(p) for p in subject]
    available = [measure.available_width_pt(doc, p) for p in subject]
    line = max(min(w_, a) if a else w_ for w_, a in zip(widths, available, strict=True))
    _check_rule_length(result, rule, line, decree.SUBJECT_RULE_SHARE, "trích yếu", "1/3–1/2")


def _gap_pt(doc: Document, upper: Para, lower: Para) -> float:
    """Space between two consecutive paragraphs: the larger of after and before (Word)."""
    after = twips(upper.props.spacing("after")) / 20
    before = twips(lower.props.spacing("before")) / 20
    return max(after, before)


def _check_cong_van(doc: Document, result: _Result) -> Finding:
    vv = doc.vv
    assert vv is not None
    ok, bad = all_runs([vv], lambda rp: not rp.bold and not rp.italic)
    if not ok:
        result.fail(f"dòng «V/v» phải chữ thường, đứng, không đậm (sai ở «{' '.join(bad)[:40]}»)")
    _size_in([vv], "v-v", result, "dòng «V/v»")
    if doc.so is not None and doc.index(doc.so) < doc.index(vv):
        gap = _gap_pt(doc, doc.so, vv)
        if abs(gap - decree.V_V_GAP_PT) > 0.5:
            result.fail(
                f"dòng «V/v» cách dòng số, ký hiệu {fmt_pt(gap)} pt "
                f"(cần {fmt_pt(decree.V_V_GAP_PT)} pt)",
                ADVICE,
            )
    result.note(f"công văn: {vv.excerpt(70)}; {doc.kinh_gui.excerpt() if doc.kinh_gui else ''}")
    return result.finding()


def body_paragraphs(doc: Document) -> list[Para]:
    if doc.vv is not None:
        start = doc.kinh_gui
        paras = (
            doc.after_header()
            if start is None
            else [p for p in doc.paras[doc.index(start) + 1 :] if p.text and p.cell is None]
        )
        while paras and paras[0].text.startswith(("-", "+", "–")) and _centred_or_short(paras[0]):
            paras = paras[1:]
    else:
        paras = _title_block(doc)[2]
        if paras and paras[0] is doc.kinh_gui:
            paras = paras[1:]
            while paras and paras[0].text.startswith(("-", "–")) and len(paras[0].text) < 120:
                paras = paras[1:]
    end = doc.noi_nhan
    stop = doc.index(end) if end is not None else len(doc.paras)
    signer = _signer_block(doc)
    if signer:
        stop = min(stop, doc.index(signer[0]))
    return [p for p in paras if doc.index(p) < stop and not _is_rule_line(p)]


def _centred_or_short(para: Para) -> bool:
    return _centred(para) or len(para.text) < 80


def _is_rule_line(para: Para) -> bool:
    return re.fullmatch(r"[-_–—./\s]+", para.text) is not None


def line_spacing_ok(props: ParaProps, size: float) -> tuple[bool, str]:
    line = props.spacing("line")
    rule = props.attr("spacing", "lineRule").get("lineRule", "auto")
    if line is None:
        return True, "đơn"
    value = twips(line)
    if rule == "auto":
        ratio = value / 240
        low, high = decree.LINE_SPACING
        return low - 0.01 <= ratio <= high + 0.01, f"{fmt_pt(round(ratio, 2))} dòng"
    points = value / 20
    label = f"{'chính xác' if rule == 'exact' else 'tối thiểu'} {fmt_pt(points)} pt"
    return size <= points <= size * 1.5 * 1.17 + 0.5, label


def check_body(doc: Document) -> Finding:
    result = _Result("noi-dung")
    paras = body_paragraphs(doc)
    if not paras:
        result.fail("không tìm thấy đoạn nội dung giữa phần đầu và phần ký", ADVICE)
        return result.finding()
    problems: dict[str, list[str]] = {}

    def flag(kind: str, para: Para, detail: str) -> None:
        problems.setdefault(kind, []).append(f"{para.excerpt(30)}: {detail}")

    for para in paras:
        sizes = sizes_of([para])
        if any(not decree.SIZES["noi-dung"].holds(s) for s in sizes):
            flag("cỡ chữ", para, size_text(sizes))
        alignment = para.props.alignment
        if alignment not in ("both", "distribute"):
            flag("căn lề", para, f"căn «{ALIGN_NAMES.get(alignment, alignment)}»")
        indent = para.props.first_line_cm
        if not para.props.numbered and not indent_ok(indent):
            flag("thụt đầu dòng", para, f"{fmt_pt(round(indent, 2))} cm")
        after = twips(para.props.spacing("after")) / 20
        before = twips(para.props.spacing("before")) / 20
        auto = para.props.attr("spacing", "beforeAutospacing", "afterAutospacing")
        if max(after, before) < decree.PARAGRAPH_GAP_PT and not any(
            _on_value(v) for v in auto.values()
        ):
            flag("cách đoạn", para, f"trước {fmt_pt(before)} pt, sau {fmt_pt(after)} pt")
        ok, label = line_spacing_ok(para.props, max(sizes) if sizes else 14)
        if not ok:
            flag("giãn dòng", para, label)
    for kind, places in problems.items():
        result.fail(f"{kind} sai ở {len(places)}/{len(paras)} đoạn, ví dụ {places[0]}")
    result.note(f"{len(paras)} đoạn nội dung đúng quy định")
    return result.finding()


def indent_ok(indent_cm: float) -> bool:
    return any(abs(indent_cm - allowed) <= 0.02 for allowed in decree.FIRST_LINE_INDENTS_CM)


ALIGN_NAMES = {"left": "trái", "start": "trái", "right": "phải", "end": "phải", "center": "giữa"}


def _on_value(value: str) -> bool:
    return value.lower() not in ("0", "false", "off")


# Mục III, khoản 3: the drafter's initials and the number of copies ("PL.(300)", "TL.05").
DRAFTER = re.compile(r"^[A-ZĐ]{1,10}(\.[A-ZĐ0-9]{1,10})*\.?\s*\(?\d{1,4}\)?$")


def noi_nhan_items(doc: Document) -> tuple[list[Piece], list[tuple[Para, list[Piece]]]]:
    """The "Nơi nhận:" line and the recipient lines after it."""
    para = doc.noi_nhan
    assert para is not None
    lines = para.lines()
    heading = lines[0]
    items = [(para, line) for line in lines[1:]]
    for other in doc.paras[doc.index(para) + 1 :]:
        if other.cell is not para.cell:
            break
        if para.cell is None and other.text and not other.text.startswith(("-", "–", "+")):
            break
        if DRAFTER.match(other.text):
            break
        items.extend((other, line) for line in other.lines())
    items = [(p, line) for p, line in items if "".join(x.text for x in line).strip()]
    return heading, items


def check_recipients(doc: Document) -> Finding:
    result = _Result("noi-nhan")
    para = doc.noi_nhan
    if para is None:
        result.fail("không tìm thấy «Nơi nhận:»")
        return result.finding()
    heading, items = noi_nhan_items(doc)
    heading_pieces = para.visible_pieces(heading)
    props = [para.run_props(x.run) for x in heading_pieces]
    if not all(p.bold and p.italic for p in props):
        state = ", ".join(
            sorted(
                {
                    ("đậm" if p.bold else "không đậm") + (" nghiêng" if p.italic else " đứng")
                    for p in props
                }
            )
        )
        result.fail(f"«Nơi nhận:» {state}")
    heading_sizes = sorted({p.size() for p in props})
    allowed = decree.SIZES["noi-nhan"]
    if any(not allowed.holds(s) for s in heading_sizes):
        result.fail(f"«Nơi nhận:» {size_text(heading_sizes)} (cần {allowed.text})")
    if not items:
        result.fail("không có danh sách nơi nhận")
        return result.finding()
    _check_items(items, result)
    result.note(f"«Nơi nhận:» đậm nghiêng cỡ 12, {len(items)} nơi nhận cỡ 11")
    return result.finding()


def _check_items(items: list[tuple[Para, list[Piece]]], result: _Result) -> None:
    sizes: set[float] = set()
    for index, (para, line) in enumerate(items):
        text = normalise("".join(x.text for x in line))
        last = index == len(items) - 1
        if not text.startswith("- "):
            result.fail(f"dòng «{text[:40]}» không bắt đầu bằng «- »")
        ending = "." if last else ";"
        if not text.endswith(ending):
            where = "dòng cuối" if last else "dòng"
            result.fail(f"{where} «{text[:40]}» không kết thúc bằng «{ending}»")
        if last and not text.startswith(("- Lưu", "-Lưu")):
            result.fail(f"dòng cuối «{text[:40]}» không phải «- Lưu: VT, …»", ADVICE)
        pieces = para.visible_pieces(line)
        sizes.update(para.run_props(x.run).size() for x in pieces)
        if any(para.run_props(x.run).italic for x in pieces):
            result.fail(f"dòng «{text[:40]}» in nghiêng (cần chữ đứng)")
    allowed = decree.SIZES["danh-sach-noi-nhan"]
    if any(not allowed.holds(s) for s in sizes):
        result.fail(f"danh sách nơi nhận {size_text(sorted(sizes))} (cần {allowed.text})")


TITLE_WORDS = re.compile(
    r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.|T/M|K/T|T\.M|K\.T|T/L|TU/Q)?\s*(PHÓ\s+)?"
    r"(GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG|CHÁNH|THỦ TRƯỞNG|BỘ TRƯỞNG|TỔNG|ỦY BAN|UỶ BAN|HỘI ĐỒNG|"
    r"VIỆN TRƯỞNG|HIỆU TRƯỞNG|CỤC TRƯỞNG|VỤ TRƯỞNG|BÍ THƯ|THỨ TRƯỞNG)"
)
WRONG_PREFIX = re.compile(r"^(T/M|K/T|T\.M|K\.T|T/L|TU/Q|Q/)\s")


def _signer_block(doc: Document) -> list[Para]:
    """Non-empty paragraphs of the signer block (title lines ... name)."""
    container = None
    if doc.noi_nhan is not None and doc.noi_nhan.cell is not None:
        row = doc.noi_nhan.cell.getparent()
        others = [c for c in row if c.tag == w("tc") and c is not doc.noi_nhan.cell]
        texts = [c for c in others if "".join(c.itertext()).strip()]
        container = texts[-1] if texts else None
    if container is not None:
        return [p for p in doc.paras if p.cell is container and p.text]
    start = doc.index(doc.noi_nhan) if doc.noi_nhan is not None else 0
    candidates = [p for p in doc.paras if p.text and TITLE_WORDS.match(fold(p.text))]
    candidates = [p for p in candidates if doc.index(p) >= start - 30] or candidates
    if not candidates:
        return []
    first = candidates[-1] if doc.noi_nhan is None else candidates[0]
    block = []
    for para in doc.paras[doc.index(first) :]:
        if para.cell is not first.cell or (para is doc.noi_nhan):
            break
        if para.text:
            block.append(para)
        if len(block) >= 8:
            break
    return block


def check_signer(doc: Document) -> Finding:
    result = _Result("chuc-vu-nguoi-ky")
    block = [
        line
        for para in _signer_block(doc)
        for line in para.line_views()
        if not re.fullmatch(r"\(.*\)", line.text)
    ]
    if not block:
        result.fail("không tìm thấy khối chữ ký (chức vụ và họ tên người ký)")
        return result.finding()
    titles = [p for p in block if _is_upper(effective_text(p, p.pieces))]
    name = block[-1] if block[-1] not in titles else None
    if not titles:
        result.fail(f"chức vụ người ký {block[0].excerpt()} không viết in hoa")
    for para in titles:
        _check_bold(para, result, "chức vụ")
    _size_in(titles, "chuc-vu", result, "chức vụ")
    if titles:
        first = titles[0].text
        if WRONG_PREFIX.match(first):
            result.fail(f"viết tắt quyền hạn sai trong «{first}» (cần TM., KT., Q., TL., TUQ.)")
        elif first.startswith(("TM.", "KT.", "TL.", "TUQ.")) and len(titles) < 2:
            result.fail(f"sau «{first}» thiếu dòng chức vụ của người ký")
    if name is None:
        result.fail("không tìm thấy họ tên người ký dưới chức vụ")
    else:
        _check_bold(name, result, "họ tên người ký")
        _check_upright(name, result, "họ tên người ký")
        _size_in([name], "ho-ten", result, "họ tên người ký")
    title_text = " / ".join(p.text for p in titles)
    result.note(f"«{title_text}», họ tên {name.excerpt() if name else '—'}, đậm")
    return result.finding()


def has_page_field(part: etree._Element) -> bool:
    instructions = [node.get(w("instr"), "") for node in part.iter(w("fldSimple"))]
    instructions += ["".join(node.itertext()) for node in part.iter(w("instrText"))]
    return any(re.search(r"(^|\s)PAGE(\s|\\|$)", text.strip().upper()) for text in instructions)


def _estimated_pages(doc: Document) -> float:
    if any(br.get(w("type")) == "page" for br in doc.body.iter(w("br"))) or any(
        True for _ in doc.body.iter(w("lastRenderedPageBreak"))
    ):
        return 2
    lines = sum(max(1, math.ceil(len(p.text) / 75)) for p in doc.paras)
    return lines / 42


def section_part(
    doc: Document, section: etree._Element, kind: str, which: str
) -> etree._Element | None:
    for ref in section.iter(w(f"{kind}Reference")):
        if ref.get(w("type"), "default") == which:
            return doc.package.part(ref.get(f"{{{R_NS}}}id", ""))
    return None


def _check_page_number_style(
    doc: Document, header: etree._Element, result: _Result, severity: str
) -> None:
    allowed = decree.PAGE_NUMBER_SIZE
    for para in paragraphs_of(header, doc.sheet):
        if not has_page_field(para.element):
            continue
        runs = [
            r for r in para.element.iter(w("r")) if next(r.iterancestors(w("p"))) is para.element
        ]
        props = [para.run_props(r) for r in runs]
        sizes = sorted({rp.size() for rp in props})
        if any(not allowed.holds(size) for size in sizes):
            result.fail(f"số trang {size_text(sizes)} (cần {allowed.text})", severity)
        if any(rp.italic for rp in props):
            result.fail("số trang in nghiêng (cần chữ đứng)", severity)
        if para.props.alignment != "center":
            result.fail("số trang không căn giữa", severity)


def check_page_numbers(doc: Document) -> Finding:
    result = _Result("so-trang")
    pages = _estimated_pages(doc)
    severity = ERROR if pages > 1 else ADVICE
    if not doc.sections:
        result.fail("không có thông tin trang", severity)
        return result.finding(base_severity=severity)
    section = doc.sections[0]
    default_header = section_part(doc, section, "header", "default")
    first_header = section_part(doc, section, "header", "first")
    title_page = on_off(section.find(w("titlePg"))) or False
    if default_header is None or not has_page_field(default_header):
        footers = [section_part(doc, section, "footer", k) for k in ("default", "first")]
        if any(f is not None and has_page_field(f) for f in footers):
            result.fail("số trang đặt ở chân trang (cần ở giữa lề trên)", severity)
        else:
            result.fail("không đánh số trang ở đầu trang", severity)
    if not title_page:
        if default_header is not None and has_page_field(default_header):
            result.fail("trang 1 cũng hiện số trang (chưa chọn «trang đầu khác»)", severity)
    elif first_header is not None and has_page_field(first_header):
        result.fail("đầu trang của trang 1 có số trang", severity)
    elif first_header is not None and "".join(first_header.itertext()).strip():
        result.fail("đầu trang của trang 1 có chữ, nên để trống", ADVICE)
    if default_header is not None:
        _check_page_number_style(doc, default_header, result, severity)
    result.note("số trang ở đầu trang, trang 1 không đánh số")
    return result.finding(base_severity=severity)


def section_has_table(doc: Document, index: int) -> bool:
    return any(doc.section_of(para) == index for para in doc.paras if para.cell is not None)


def check_orientation(doc: Document) -> Finding:
    result = _Result("chieu-trang")
    for index, section in enumerate(doc.sections):
        size = section.find(w("pgSz"))
        if size is None or twips(size.get(w("w"))) <= twips(size.get(w("h"))):
            continue
        label = _section_label(doc, index) or "trang "
        if index == 0:
            result.fail(f"{label}nằm ngang ngay từ trang đầu (cần trang dọc)")
        elif not section_has_table(doc, index):
            result.fail(f"{label}nằm ngang nhưng không có bảng, biểu")
        else:
            result.note(f"{label}nằm ngang cho bảng, biểu")
    if not result.notes:
        result.note("trang dọc")
    return result.finding()


def _type_name(doc: Document) -> str | None:
    if doc.vv is not None:
        return "CÔNG VĂN"
    type_name = _title_block(doc)[0]
    return fold(effective_text(type_name, type_name.pieces)) if type_name else None


UPWARD_MARK = re.compile(r"\((để\s+)?(b/c|báo cáo)\)", re.IGNORECASE)


def _recipient_texts(doc: Document) -> list[str]:
    if doc.noi_nhan is None:
        return []
    return [normalise("".join(x.text for x in line)) for _, line in noi_nhan_items(doc)[1]]


def check_kinh_gui(doc: Document) -> Finding:
    result = _Result("kinh-gui")
    kind = _type_name(doc)
    if kind != "CÔNG VĂN" and kind not in decree.UPWARD_TYPES:
        result.note("không áp dụng (không phải công văn, tờ trình hay báo cáo)")
        return result.finding()
    recipients = _recipient_texts(doc)
    upward = any(UPWARD_MARK.search(text) for text in recipients)
    named = "công văn" if kind == "CÔNG VĂN" else kind.lower()
    if doc.kinh_gui is None:
        if kind == "CÔNG VĂN" or upward:
            result.fail(f"{named} không có dòng «Kính gửi: …»")
        else:
            result.fail(
                f"{named} không có dòng «Kính gửi: …»: nếu gửi cơ quan cấp trên thì phải có",
                ADVICE,
            )
    severity = ERROR if doc.kinh_gui is not None or kind == "CÔNG VĂN" or upward else ADVICE
    if recipients and not re.match(r"^- Như trên\s*;", recipients[0]):
        result.fail(
            f"nơi nhận không bắt đầu bằng «- Như trên;» (dòng đầu «{recipients[0][:40]}»)",
            severity,
        )
    result.note(f"{doc.kinh_gui.excerpt() if doc.kinh_gui else ''}, nơi nhận «- Như trên;»")
    return result.finding()


def _kinh_gui_lines(doc: Document) -> list[Para]:
    para = doc.kinh_gui
    assert para is not None
    lines = para.line_views()
    for other in doc.paras[doc.index(para) + 1 :]:
        if not other.text:
            continue
        if other.cell is not para.cell or not other.text.startswith(("-", "–", "+")):
            break
        lines.extend(other.line_views())
    return lines


def check_kinh_gui_layout(doc: Document) -> Finding:
    result = _Result("trinh-bay-kinh-gui")
    if doc.kinh_gui is None:
        result.note("không có dòng «Kính gửi»")
        return result.finding()
    lines = _kinh_gui_lines(doc)
    match = re.match(r"^Kính gửi\s*:\s*(.*)$", lines[0].text)
    if match is None:
        result.fail(f"{lines[0].excerpt()}: thiếu dấu «:» sau «Kính gửi»")
        return result.finding()
    items = [line.text for line in lines[1:]]
    if match[1].startswith(("-", "–", "+")):
        items.insert(0, match[1])
    elif match[1] and items:
        result.fail("nhiều nơi nhận nhưng nơi đầu tiên ghi liền sau «Kính gửi:» không có «- »")
    if not match[1] and not items:
        result.fail("không ghi nơi nhận sau «Kính gửi:»")
    if len(items) == 1 and not match[1].startswith(("-", "–", "+")):
        result.fail("chỉ một nơi nhận thì ghi cùng dòng với «Kính gửi:»", ADVICE)
    for position, text in enumerate(items):
        ending = "." if position == len(items) - 1 else ";"
        if not text.startswith("- "):
            result.fail(f"dòng «{text[:40]}» không bắt đầu bằng «- »")
        if len(items) > 1 and not text.endswith(ending):
            result.fail(f"dòng «{text[:40]}» không kết thúc bằng «{ending}»")
    for line in lines:
        _check_upright(line, result, "«Kính gửi»")
    _size_in(lines, "kinh-gui", result, "«Kính gửi»")
    result.note(f"{lines[0].excerpt()}, {max(len(items), 1)} nơi nhận, chữ đứng")
    return result.finding()


ROMAN_HEADING = re.compile(r"^([IVXL]+)\.\s+(.*)$", re.DOTALL)
POINT_HEADING = re.compile(r"^[a-zđ]\)\s")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(numeral: str) -> int:
    total = 0
    for char, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = ROMAN_VALUES[char]
        total += -value if ROMAN_VALUES.get(following, 0) > value else value
    return total


def check_headings(doc: Document) -> Finding:
    result = _Result("de-muc")
    if _type_name(doc) != "BÁO CÁO":
        result.note("không áp dụng (chỉ xét đề mục của báo cáo)")
        return result.finding()
    numbers: list[str] = []
    for para in body_paragraphs(doc):
        match = ROMAN_HEADING.match(para.text)
        if match and len(match[2]) < 200:
            numbers.append(match[1])
            if not _is_upper(effective_text(para, para.pieces)):
                result.fail(f"tên mục {para.excerpt(40)} không viết in hoa")
            _check_bold(para, result, "tên mục")
        elif POINT_HEADING.match(para.text):
            _check_upright(para, result, "điểm", ADVICE)
    values = [roman_value(n) for n in numbers]
    if values != list(range(1, len(values) + 1)):
        result.fail(f"mục đánh số không liên tiếp: {', '.join(numbers)}", ADVICE)
    result.note(f"{len(numbers)} mục đánh số La Mã, in hoa, đậm")
    return result.finding()


CITED = re.compile(
    r"\b(Luật|Pháp lệnh|Nghị quyết|Nghị định|Quyết định|Chỉ thị|Thông tư|Kế hoạch|Công văn|"
    r"Báo cáo|Tờ trình|Thông báo|Hướng dẫn|Chương trình|Đề án|Quy chế|Quy định)\s+số\s+"
    r"(\d+/[0-9A-Za-zĐđ/-]*[0-9A-Za-zĐđ])"
)
CITATION_PARTS = (
    ("ngày ban hành", re.compile(r"\bngày\s+\d")),
    ("cơ quan ban hành", re.compile(r"\bcủa\s+\w")),
    (
        "trích yếu",
        re.compile(
            r"\bvề\s+\w|[«“\"]|\b(phê duyệt|ban hành|quy định|hướng dẫn|triển khai|thực hiện|"
            r"sửa đổi|bổ sung|thành lập|phân bổ|giao)\b"
        ),
    ),
)


def check_citations(doc: Document) -> Finding:
    result = _Result("trich-dan")
    seen: set[str] = set()
    for para in body_paragraphs(doc):
        matches = list(CITED.finditer(para.text))
        for position, match in enumerate(matches):
            number = match[2]
            if number in seen:
                continue
            seen.add(number)
            stop = matches[position + 1].start() if position + 1 < len(matches) else None
            window = re.split(r";|\.\s", para.text[match.end() : stop][:250])[0]
            missing = [name for name, pattern in CITATION_PARTS if not pattern.search(window)]
            if missing:
                result.fail(
                    f"lần viện dẫn đầu tiên «{match[0]}» thiếu {', '.join(missing)}", ADVICE
                )
    result.note(f"{len(seen)} văn bản được viện dẫn đủ thông tin ở lần đầu")
    return result.finding()


APPENDIX = re.compile(r"^PHỤ LỤC(?:\s+([IVXL]+|\d+))?$")


def _appendix_headings(doc: Document) -> list[Para]:
    signer = _signer_block(doc)
    start = doc.index(signer[-1]) + 1 if signer else 0
    return [
        p
        for p in doc.paras[start:]
        if p.cell is None and p.text and APPENDIX.match(fold(p.text).replace("\n", " "))
    ]


def _next_lines(doc: Document, para: Para, count: int) -> list[Para]:
    return [p for p in doc.paras[doc.index(para) + 1 :] if p.text][:count]


def check_appendices(doc: Document) -> Finding:
    result = _Result("phu-luc")
    headings = _appendix_headings(doc)
    if not headings:
        result.note("không có phụ lục trong tệp")
        return result.finding()
    body = " ".join(p.text for p in body_paragraphs(doc))
    numbers = [APPENDIX.match(fold(h.text))[1] for h in headings]  # type: ignore[index]
    sections: set[int] = set()
    main_section = doc.section_of(doc.paras[0]) if doc.paras else 0
    for heading, number in zip(headings, numbers, strict=True):
        _check_appendix_heading(doc, heading, number, len(headings), body, result)
        section = doc.section_of(heading)
        name = heading.excerpt(20)
        if section == main_section or section in sections:
            result.fail(f"{name} tiếp tục số trang phía trước (cần đánh số trang riêng)")
        elif doc.sections[section].find(f"{w('pgNumType')}[@{w('start')}]") is None:
            result.fail(f"{name} không đánh số trang lại từ đầu")
        sections.add(section)
    result.note(f"{len(headings)} phụ lục đúng quy định")
    return result.finding()


def _check_appendix_heading(
    doc: Document, heading: Para, number: str | None, count: int, body: str, result: _Result
) -> None:
    name = heading.excerpt(20)
    shown = effective_text(heading, heading.pieces)
    if not shown.startswith("Phụ lục"):
        result.fail(f"{name}: chữ «Phụ lục» cần viết thường (chỉ hoa chữ P)")
    _check_bold(heading, result, name)
    _check_upright(heading, result, name)
    if not _centred(heading):
        result.fail(f"{name} không căn giữa")
    _size_in([heading], "phu-luc", result, name)
    if count > 1 and (number is None or not number.isalpha()):
        result.fail(f"{name}: có {count} phụ lục, cần đánh số La Mã (Phụ lục I, Phụ lục II…)")
    wanted = rf"phụ\s+lục\s+{number}\b" if count > 1 and number else r"phụ\s+lục"
    if not re.search(wanted, body, re.IGNORECASE):
        result.fail(f"nội dung văn bản không nhắc đến {name}")
    following = _next_lines(doc, heading, 3)
    title = following[0] if following else None
    if title is None or title.text.startswith("("):
        result.fail(f"{name} không có tên phụ lục")
    else:
        if not _is_upper(effective_text(title, title.pieces)):
            result.fail(f"tên phụ lục {title.excerpt(30)} không viết in hoa")
        _check_bold(title, result, "tên phụ lục")
        _size_in([title], "ten-phu-luc", result, "tên phụ lục")
    attached = next((p for p in following if p.text.startswith("(Kèm theo")), None)
    if attached is None:
        result.fail(f"{name} không có dòng «(Kèm theo …)»")
        return
    missing = [part for part, pattern in ATTACHED_PARTS if not pattern.search(attached.text)]
    if missing:
        result.fail(f"dòng {attached.excerpt(40)} thiếu {', '.join(missing)}")
    ok, bad = all_runs([attached], lambda rp: rp.italic)
    if not ok:
        result.fail(f"dòng «(Kèm theo …)» không in nghiêng ở «{' '.join(bad)[:30]}»")
    _size_in([attached], "kem-theo", result, "dòng «(Kèm theo …)»")


ATTACHED_PARTS = (
    ("số, ký hiệu", re.compile(r"\bsố\b")),
    ("ngày ban hành", re.compile(r"\bngày\b")),
    ("cơ quan ban hành", re.compile(r"\bcủa\s+\w")),
)


def check_drafter(doc: Document) -> Finding:
    result = _Result("nguoi-soan-thao")
    start = doc.index(doc.noi_nhan) + 1 if doc.noi_nhan is not None else len(doc.paras)
    found = [p for p in doc.paras[start : start + 40] if DRAFTER.match(p.text)]
    if not found:
        result.note("không ghi ký hiệu người soạn thảo (không bắt buộc)")
        return result.finding()
    _size_in(found[:1], "nguoi-soan-thao", result, f"ký hiệu {found[0].excerpt(20)}")
    result.note(f"ký hiệu {found[0].excerpt(20)}, {size_text(sizes_of(found[:1]))}")
    return result.finding()


CHECKS = (
    check_page_size,
    check_orientation,
    check_margins,
    check_fonts,
    check_colour,
    check_page_numbers,
    check_quoc_hieu,
    check_tieu_ngu,
    check_issuing_body,
    check_number,
    check_place_date,
    check_title,
    check_citations,
    check_headings,
    check_body,
    check_signer,
    check_kinh_gui,
    check_kinh_gui_layout,
    check_recipients,
    check_appendices,
    check_drafter,
)
