"""Where the parts of an administrative document are: title block, body, signer block,
recipients, appendices, page-number fields. Found by content and position."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from generator.check import measure
from generator.check.package import R_NS, w
from generator.check.rules.base import centred, is_upper
from generator.check.text import (
    Document,
    Para,
    Piece,
    effective_text,
    fold,
    normalise,
    paragraphs_of,
)


def story_paragraphs(doc: Document) -> Iterator[tuple[str, Para]]:
    for para in doc.paras:
        yield ("bảng" if para.cell is not None else "thân văn bản"), para
    for label, part in doc.header_footer_parts():
        for para in paragraphs_of(part, doc.sheet):
            yield label, para


def title_block(doc: Document) -> tuple[Para | None, list[Para], list[Para]]:
    """(type name, subject lines, the rest) after the header."""
    rest = doc.after_header()
    if not rest:
        return None, [], []
    type_name, rest = rest[0], rest[1:]
    subject: list[Para] = []
    views = type_name.line_views()
    if len(views) > 1:  # «BÁO CÁO» ↵ the subject: one paragraph, a line break
        type_name, subject = views[0], views[1:]
    while rest and rest[0] is not doc.kinh_gui and len(subject) < 4:
        # the subject is in lower case: a centred line in capitals after it is the authority
        # of a quyết định («GIÁM ĐỐC SỞ …»), not more of the subject
        if subject and (not centred(rest[0]) or is_upper(rest[0].text)):
            break
        subject.append(rest[0])
        rest = rest[1:]
        if rest and not centred(rest[0]):
            break
    return type_name, subject, rest


def body_paragraphs(doc: Document) -> list[Para]:
    if doc.vv is not None:
        start = doc.kinh_gui
        paras = (
            doc.after_header()
            if start is None
            else [p for p in doc.paras[doc.index(start) + 1 :] if p.text and p.cell is None]
        )
        while paras and paras[0].text.startswith(("-", "+", "–")) and centred_or_short(paras[0]):
            paras = paras[1:]
    else:
        paras = title_block(doc)[2]
        if paras and paras[0] is doc.kinh_gui:
            paras = paras[1:]
            while paras and paras[0].text.startswith(("-", "–")) and len(paras[0].text) < 120:
                paras = paras[1:]
    end = doc.noi_nhan
    stop = doc.index(end) if end is not None else len(doc.paras)
    signer = signer_block(doc)
    if signer:
        stop = min(stop, doc.index(signer[0]))
    return [
        p
        for p in paras
        if doc.index(p) < stop and not is_rule_line(p) and not is_centred_caption(p)
    ]


def is_centred_caption(para: Para) -> bool:
    """A centred line in capitals inside the body: a quyết định's authority line or its
    «QUYẾT ĐỊNH:»; laid out as the decree's examples, not as body text."""
    return centred(para) and len(para.text) < 120 and is_upper(para.text)


def centred_or_short(para: Para) -> bool:
    return centred(para) or len(para.text) < 80


def is_rule_line(para: Para) -> bool:
    return re.fullmatch(r"[-_–—./\s]+", para.text) is not None


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


TITLE_WORDS = re.compile(
    r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.|T/M|K/T|T\.M|K\.T|T/L|TU/Q)?\s*(PHÓ\s+)?"
    r"(GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG|CHÁNH|THỦ TRƯỞNG|BỘ TRƯỞNG|TỔNG|ỦY BAN|UỶ BAN|HỘI ĐỒNG|"
    r"VIỆN TRƯỞNG|HIỆU TRƯỞNG|CỤC TRƯỞNG|VỤ TRƯỞNG|BÍ THƯ|THỨ TRƯỞNG)"
)


def signer_block(doc: Document) -> list[Para]:
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
    if doc.noi_nhan is None:  # «KT. GIÁM ĐỐC» above the last title line «PHÓ GIÁM ĐỐC»
        for para in reversed(doc.paras[: doc.index(first)]):
            if para.cell is not first.cell or (
                para.text and not TITLE_WORDS.match(fold(para.text))
            ):
                break
            if para.text:
                first = para
    block = []
    for para in doc.paras[doc.index(first) :]:
        if para.cell is not first.cell or (para is doc.noi_nhan):
            break
        if para.text:
            block.append(para)
        if len(block) >= 8:
            break
    return block


def has_page_field(part: etree._Element) -> bool:
    instructions = [node.get(w("instr"), "") for node in part.iter(w("fldSimple"))]
    instructions += ["".join(node.itertext()) for node in part.iter(w("instrText"))]
    return any(re.search(r"(^|\s)PAGE(\s|\\|$)", text.strip().upper()) for text in instructions)


# A4 less the decree's 20 mm top and bottom margins is about 728 pt; a line of 14 pt Times
# New Roman at 1,15 spacing about 19 pt; 6 pt between paragraphs.
PAGE_PT, LINE_PT, GAP_PT = 728, 19, 6


def estimated_pages(doc: Document) -> float:
    """Pages the body takes: each paragraph by the lines it wraps into (in its cell or
    across the page), each table row as tall as its tallest cell."""
    if any(br.get(w("type")) == "page" for br in doc.body.iter(w("br"))) or any(
        True for _ in doc.body.iter(w("lastRenderedPageBreak"))
    ):
        return 2
    return _height_pt(doc, doc.body) / PAGE_PT


def _height_pt(doc: Document, element: etree._Element) -> float:
    if element.tag == w("p"):
        para = doc.para_at(element)
        return len(measure.shown_line_widths(doc, para)) * LINE_PT + GAP_PT if para else 0
    if element.tag == w("tbl"):
        return sum(_row_height_pt(doc, row) for row in element.iterfind(w("tr")))
    return sum(_height_pt(doc, child) for child in element)


def _row_height_pt(doc: Document, row: etree._Element) -> float:
    cells = row.iterfind(f".//{w('tc')}")  # also the cells of a row kept in a w:sdt
    return max((_height_pt(doc, cell) for cell in cells if _row_of(cell) is row), default=0)


def _row_of(cell: etree._Element) -> etree._Element | None:
    return next(cell.iterancestors(w("tr")), None)


def section_part(
    doc: Document, section: etree._Element, kind: str, which: str
) -> etree._Element | None:
    for ref in section.iter(w(f"{kind}Reference")):
        if ref.get(w("type"), "default") == which:
            return doc.package.part(ref.get(f"{{{R_NS}}}id", ""))
    return None


def section_has_table(doc: Document, index: int) -> bool:
    return any(doc.section_of(para) == index for para in doc.paras if para.cell is not None)


def type_name(doc: Document) -> str | None:
    if doc.vv is not None:
        return "CÔNG VĂN"
    type_name = title_block(doc)[0]
    return fold(effective_text(type_name, type_name.pieces)) if type_name else None


UPWARD_MARK = re.compile(r"\((để\s+)?(b/c|báo cáo)\)", re.IGNORECASE)


def recipient_texts(doc: Document) -> list[str]:
    if doc.noi_nhan is None:
        return []
    return [normalise("".join(x.text for x in line)) for _, line in noi_nhan_items(doc)[1]]


def kinh_gui_lines(doc: Document) -> list[Para]:
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


APPENDIX = re.compile(r"^PHỤ LỤC(?:\s+([IVXL]+|\d+))?$")


def appendix_headings(doc: Document) -> list[Para]:
    signer = signer_block(doc)
    start = doc.index(signer[-1]) + 1 if signer else 0
    return [
        p
        for p in doc.paras[start:]
        if p.cell is None and p.text and APPENDIX.match(fold(p.text).replace("\n", " "))
    ]


def next_lines(doc: Document, para: Para, count: int) -> list[Para]:
    return [p for p in doc.paras[doc.index(para) + 1 :] if p.text][:count]
