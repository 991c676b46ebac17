"""Phần I, Mục I: paper, orientation, margins, font, colour, page numbers."""

from __future__ import annotations

from lxml import etree

from generator.check import decree
from generator.check.decree import ADVICE, ERROR
from generator.check.package import w
from generator.check.rules.base import (
    MARGIN_NAMES,
    MARGIN_TOLERANCE_MM,
    PAGE_TOLERANCE_MM,
    Finding,
    Result,
    fmt_mm,
    section_label,
    to_mm,
)
from generator.check.rules.parts import (
    estimated_pages,
    has_page_field,
    section_has_table,
    section_part,
    story_paragraphs,
)
from generator.check.styles import on_off, twips
from generator.check.text import Document, paragraphs_of, size_text


def check_page_size(doc: Document) -> Finding:
    result = Result("kho-giay")
    if not doc.sections:
        result.fail("không khai báo khổ giấy (Word dùng khổ mặc định của máy)")
    for index, section in enumerate(doc.sections):
        label = section_label(doc, index)
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


def check_orientation(doc: Document) -> Finding:
    result = Result("chieu-trang")
    for index, section in enumerate(doc.sections):
        size = section.find(w("pgSz"))
        if size is None or twips(size.get(w("w"))) <= twips(size.get(w("h"))):
            continue
        label = section_label(doc, index) or "trang "
        if index == 0:
            result.fail(f"{label}nằm ngang ngay từ trang đầu (cần trang dọc)")
        elif not section_has_table(doc, index):
            result.fail(f"{label}nằm ngang nhưng không có bảng, biểu")
        else:
            result.note(f"{label}nằm ngang cho bảng, biểu")
    if not result.notes:
        result.note("trang dọc")
    return result.finding()


def check_margins(doc: Document) -> Finding:
    result = Result("le-trang")
    for index, section in enumerate(doc.sections):
        label = section_label(doc, index)
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
    result = Result("phong-chu")
    wrong: dict[str, list[str]] = {}
    count = 0
    for where, para in story_paragraphs(doc):
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
    result = Result("mau-chu")
    wrong: dict[str, list[str]] = {}
    for where, para in story_paragraphs(doc):
        for piece in para.visible_pieces():
            colour = para.run_props(piece.run).colour()
            if str(colour.value).lower() not in ("auto", "000000"):
                key = f"{colour.value} ({colour.source})"
                wrong.setdefault(key, []).append(f"{where} «{piece.text.strip()[:30]}»")
    for key, places in sorted(wrong.items()):
        result.fail(f"màu {key} ở {len(places)} đoạn chữ, ví dụ {places[0]}")
    result.note("chữ màu đen")
    return result.finding()


def _check_page_number_style(
    doc: Document, header: etree._Element, result: Result, severity: str
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
    result = Result("so-trang")
    pages = estimated_pages(doc)
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
