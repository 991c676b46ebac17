"""Lengths on the page: a line of Times New Roman text, and the rules drawn under a line.

The decree sizes some rules by the text above them (1/3–1/2 of the issuing body's name, as
long as the tiêu ngữ). Text width is estimated from the Adobe metrics of Times Roman and
Times Bold (Times New Roman has the same advance widths within a few per cent); a
Vietnamese letter takes the width of its base letter. Good to about 5 %, so the length
rules are recommendations. A text wider than its cell (or page) is wrapped at its spaces
into the lines Word shows, so a long name is measured by its lines, not as one line.
"""

from __future__ import annotations

import re
import unicodedata

from lxml import etree

from generator.check.package import V_NS, w
from generator.check.styles import TWIPS_PER_CM, twips
from generator.check.text import Document, Para, Piece

EMU_PER_PT = 12700
# Advance widths in 1/1000 em: (regular, bold), from the Adobe Core 14 AFM files.
_UPPER = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        zip(
            (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556,
             722, 667, 556, 611, 722, 722, 944, 722, 722, 611),
            (722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611,
             778, 722, 556, 667, 722, 722, 1000, 722, 722, 667),
            strict=True,
        ),
        strict=True,
    )
)  # fmt: skip
_LOWER = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        zip(
            (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500,
             500, 333, 389, 278, 500, 500, 722, 500, 500, 444),
            (500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556,
             556, 444, 389, 333, 556, 500, 722, 500, 500, 444),
            strict=True,
        ),
        strict=True,
    )
)  # fmt: skip
_OTHER = {" ": (250, 250), "-": (333, 333), ".": (250, 250), ",": (250, 250), ":": (278, 333)}
_DIGIT = (500, 500)
_UNITS_PT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "": 0.75}


def _char_width(char: str, bold: bool) -> int:
    base = unicodedata.normalize("NFD", char)[0]
    base = {"Đ": "D", "đ": "d"}.get(base, base)
    pair = _UPPER.get(base) or _LOWER.get(base) or _OTHER.get(base)
    if pair is None:
        pair = _DIGIT if base.isdigit() else (500, 556)
    return pair[1] if bold else pair[0]


def string_width_pt(text: str, size_pt: float, bold: bool) -> float:
    """Width of one line of ``text`` at ``size_pt``, in points."""
    return sum(_char_width(c, bold) for c in text) * size_pt / 1000


def _word_widths(para: Para, line: list[Piece]) -> list[tuple[float, float]]:
    """Each word of a line with the spaces after it: (word's width, spaces' width), in pt."""
    words: list[tuple[float, float]] = [(0.0, 0.0)]
    for piece in line:
        props = para.run_props(piece.run)
        text = piece.text.upper() if props.caps else piece.text
        size, bold = props.size(), props.bold
        for char in text:
            word, space = words[-1]
            width = string_width_pt(char, size, bold)
            if char.isspace():
                words[-1] = (word, space + width)
            elif space:
                words.append((width, 0.0))
            else:
                words[-1] = (word + width, 0.0)
    return words


def _wrap(words: list[tuple[float, float]], available_pt: float, indent_pt: float) -> list[float]:
    """Lay words out as Word does: a word that would cross the right edge starts the next
    line; the spaces ending a line take no room; the first line is ``indent_pt`` narrower
    (wider with a hanging indent). A word wider than the line fills it."""
    lines: list[float] = []
    current, gap, room = 0.0, 0.0, available_pt - indent_pt
    for word, space in words:
        if current and current + gap + word > room:
            lines.append(min(current, room))
            current, room = word, available_pt
        else:
            current += gap + word
        gap = space
    lines.append(min(current, room))
    return lines


def shown_line_widths(doc: Document, para: Para) -> list[float]:
    """Width in points of each line the paragraph shows: its line breaks, and the lines
    Word makes when the text is wider than the cell (or page) it stands in."""
    available = available_width_pt(doc, para)
    indent = para.props.first_line_cm * 72 / 2.54 if para.starts_paragraph else 0.0
    widths: list[float] = []
    for index, line in enumerate(para.lines()):
        words = _word_widths(para, line)
        if available:
            widths.extend(_wrap(words, available, indent if index == 0 else 0.0))
        else:
            widths.append(sum(width for width, _ in words))
    return widths


def available_width_pt(doc: Document, para: Para) -> float | None:
    """Width between the paragraph's indents: the cell's or the page's text width."""
    cell = para.cell
    width = _cell_width_twips(cell) if cell is not None else _page_text_width_twips(doc)
    if width is None:
        return None
    for names in (("left", "start"), ("right", "end")):
        values = para.props.attr("ind", *names)
        width -= twips(next(iter(values.values()), "0"))
    return width / 20


def _cell_width_twips(cell: etree._Element) -> float | None:
    table = next(cell.iterancestors(w("tbl")))
    width = cell.find(f"{w('tcPr')}/{w('tcW')}")
    if width is not None and width.get(w("type"), "dxa") == "dxa":
        total = twips(width.get(w("w")))
    else:
        grid = _grid_width(table, cell)
        if grid is None:
            return None
        total = grid
    margins = 0.0
    for side, fallback in (("left", 108), ("right", 108)):
        found = table.find(f"{w('tblPr')}/{w('tblCellMar')}/{w(side)}")
        own = cell.find(f"{w('tcPr')}/{w('tcMar')}/{w(side)}")
        chosen = own if own is not None else found
        margins += twips(chosen.get(w("w"))) if chosen is not None else fallback
    return total - margins


def _grid_width(table: etree._Element, cell: etree._Element) -> float | None:
    """The cell's width from the table grid (``w:gridCol``), counting ``w:gridSpan``."""
    columns = [twips(c.get(w("w"))) for c in table.iterfind(f"{w('tblGrid')}/{w('gridCol')}")]
    start = 0
    for other in cell.getparent().iterfind(w("tc")):
        span_element = other.find(f"{w('tcPr')}/{w('gridSpan')}")
        span = int(span_element.get(w("val"), "1")) if span_element is not None else 1
        if other is cell:
            return sum(columns[start : start + span]) if columns[start:] else None
        start += span
    return None


def _page_text_width_twips(doc: Document) -> float | None:
    if not doc.sections:
        return None
    section = doc.sections[0]
    size, margins = section.find(w("pgSz")), section.find(w("pgMar"))
    if size is None or margins is None:
        return None
    return (
        twips(size.get(w("w")))
        - twips(margins.get(w("left")))
        - twips(margins.get(w("right")))
        - twips(margins.get(w("gutter")))
    )


def shape_length_pt(element: etree._Element) -> float | None:
    """Length of the first line shape drawn in ``element`` (DrawingML extent or VML line)."""
    for node in element.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
    ):
        return int(node.get("cx", "0")) / EMU_PER_PT
    for node in element.iter(f"{{{V_NS}}}line"):
        start, end = _point(node.get("from", "0,0")), _point(node.get("to", "0,0"))
        if start is not None and end is not None:
            return abs(end - start)
    for node in element.iter(f"{{{V_NS}}}shape"):
        match = re.search(r"width:\s*([\d.]+)(pt|in|cm|mm|px)", node.get("style", ""))
        if match:
            return float(match[1]) * _UNITS_PT[match[2]]
    return None


def _point(value: str) -> float | None:
    match = re.match(r"\s*(-?[\d.]+)(pt|in|cm|mm|px|)", value)
    return float(match[1]) * _UNITS_PT[match[2]] if match else None


def cm(points: float) -> str:
    return f"{points * 20 / TWIPS_PER_CM:.1f}".replace(".", ",") + " cm"
