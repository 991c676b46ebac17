"""Write the three .docx templates of vanban (docxtpl syntax) into ``templates/``.

    python tools/build_templates.py [--out templates]

The layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I (see /work/shared/format.md): A4,
margins 20/20/30/15 mm, Times New Roman everywhere, the two-column header, the body style
"Nội dung", tables with a repeated header row, the signature and "Nơi nhận" block, page
numbers from page 2. Everything variable is a Jinja tag whose name is a field of the models
in :mod:`generator.documents.context`. The output is deterministic: the same script writes the same
bytes, so the committed templates only change when this script does.
"""

from __future__ import annotations

import argparse
import copy
import io
import sys
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.check.decree import (  # noqa: E402
    BODY_SIZE,
    FIRST_LINE_INDENTS_CM,
    FONT,
    MARGINS_MM,
    PAPER_MM,
    PARAGRAPH_GAP_PT,
    SIZES,
)
from generator.documents.context import ISSUING_RULES_MM  # noqa: E402
from generator.output.files import pack_zip  # noqa: E402

FIXED_TIME = datetime(2025, 1, 1)
TEXT_WIDTH_CM = 21.0 - 3.0 - 1.5
HEADER_LEFT_CM = 7.2
HEADER_RIGHT_CM = TEXT_WIDTH_CM - HEADER_LEFT_CM
CELL_MARGIN_CM = 0.1
# Widths measured with Liberation Serif (metric-compatible with Times New Roman).
MOTTO_WIDTH_CM = 5.65  # "Độc lập - Tự do - Hạnh phúc" at 13 pt bold
SUBJECT_RULE_CM = 6.0  # about 1/3 of a full line under the trích yếu
# "CT-DD", the widest target code, is 1.29 cm at 12 pt; a bordered cell loses 2 × 0.15 cm.
TARGET_CODE_CM = 1.8
# How many of the last body paragraphs keep with the signature block, so that the signature
# never stands alone on a page.
KEPT_WITH_SIGNATURE = 2

STYLE_BODY = "Nội dung"
STYLE_HEADING1 = "Đề mục 1"
STYLE_HEADING2 = "Đề mục 2"
STYLE_TABLE = "Bảng"
STYLE_TABLE_HEAD = "Bảng tiêu đề"
STYLE_LAYOUT = "Thể thức"
STYLE_RECIPIENTS = "Nơi nhận"
KEPT_STYLES = {
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "Header",
    "HeaderChar",
    "Footer",
    "FooterChar",
}

# Child order of w:pPr in the schema, to insert elements python-docx has no API for.
PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]
TBLPR_ORDER = [
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
]


# --- low-level XML helpers -------------------------------------------------------------


def _insert_ordered(parent, child, order: Sequence[str]) -> None:
    """Insert ``child`` into ``parent`` respecting the schema's sequence ``order``."""
    tag = child.tag
    for existing in parent.findall(tag):
        parent.remove(existing)
    names = [qn(name) for name in order]
    successors = names[names.index(tag) + 1 :]
    for index, existing in enumerate(parent):
        if existing.tag in successors:
            parent.insert(index, child)
            return
    parent.append(child)


def _element(tag: str, **attrs: str):
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _twips(cm: float) -> str:
    return str(round(cm * 567))


def set_fonts(rpr) -> None:
    """Times New Roman for every script (ascii, hAnsi, east-asian, complex), no theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)


def paragraph_border_bottom(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    border.append(_element("w:bottom", val="single", sz="6", space="1", color="auto"))
    _insert_ordered(ppr, border, PPR_ORDER)


def set_outline_level(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    _insert_ordered(ppr, _element("w:outlineLvl", val=str(level)), PPR_ORDER)


# --- document, styles, section ---------------------------------------------------------


def new_document():
    """An empty document with the decree's page, fonts and the project's named styles."""
    document = Document()
    _drop_extra_parts(document)
    _prune_styles(document)
    _set_defaults(document)
    _add_styles(document)
    _set_theme_fonts(document)
    _setup_section(document)
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    return document


def _drop_extra_parts(document) -> None:
    """Drop what python-docx's default template carries but a template does not need."""
    unwanted = ("stylesWithEffects", "customXml", "thumbnail", "webSettings", "numbering")
    for part in (document.part, document.part.package):
        for rid, rel in list(part.rels.items()):
            if any(word in rel.reltype for word in unwanted):
                del part.rels[rid]


def _prune_styles(document) -> None:
    styles = document.styles.element
    for style in list(styles.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) not in KEPT_STYLES:
            styles.remove(style)
    for style in styles.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        if rpr is not None:
            for tag in ("w:color", "w:rFonts"):
                for element in rpr.findall(qn(tag)):
                    rpr.remove(element)
            set_fonts(rpr)


def _set_defaults(document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    rpr.find(qn("w:sz")).set(qn("w:val"), "28")
    rpr.find(qn("w:szCs")).set(qn("w:val"), "28")
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "en-US")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    normal = document.styles["Normal"]
    normal.font.size = Pt(14)
    set_fonts(normal.element.get_or_add_rPr())
    for name in ("Header", "Footer"):
        style = document.styles[name]
        style.font.size = Pt(14)
        set_fonts(style.element.get_or_add_rPr())


def _paragraph_style(document, name: str, style_id: str, base: str):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = document.styles[base]
    style.quick_style = True
    set_fonts(style.element.get_or_add_rPr())
    return style


def _add_styles(document) -> None:
    body = _paragraph_style(document, STYLE_BODY, "NoiDung", "Normal")
    body.font.size = Pt(BODY_SIZE)
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(FIRST_LINE_INDENTS_CM[1])
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(PARAGRAPH_GAP_PT)
    fmt.line_spacing = 1.15
    fmt.widow_control = True

    for name, style_id, level in ((STYLE_HEADING1, "DeMuc1", 0), (STYLE_HEADING2, "DeMuc2", 1)):
        heading = _paragraph_style(document, name, style_id, STYLE_BODY)
        heading.font.bold = True
        heading.paragraph_format.keep_with_next = True
        heading.next_paragraph_style = body
        set_outline_level(heading, level)

    table = _paragraph_style(document, STYLE_TABLE, "Bang", "Normal")
    table.font.size = Pt(12)
    table.paragraph_format.space_before = Pt(2)
    table.paragraph_format.space_after = Pt(2)
    table_head = _paragraph_style(document, STYLE_TABLE_HEAD, "BangTieuDe", STYLE_TABLE)
    table_head.font.bold = True
    table_head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    layout = _paragraph_style(document, STYLE_LAYOUT, "TheThuc", "Normal")
    layout.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    layout.paragraph_format.space_after = Pt(0)

    recipients = _paragraph_style(document, STYLE_RECIPIENTS, "NoiNhan", "Normal")
    recipients.font.size = Pt(SIZES["danh-sach-noi-nhan"].low)
    recipients.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _set_theme_fonts(document) -> None:
    """The theme's fonts too, so that nothing resolves to Calibri or Cambria."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/theme"):
            part = rel.target_part
            xml = part.blob.decode("utf-8")
            for old in ('typeface="Calibri"', 'typeface="Cambria"'):
                xml = xml.replace(old, f'typeface="{FONT}"')
            part._blob = xml.encode("utf-8")


def _setup_section(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAPER_MM[0])
    section.page_height = Mm(PAPER_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"][0])
    section.bottom_margin = Mm(MARGINS_MM["bottom"][0])
    section.left_margin = Mm(MARGINS_MM["left"][0])
    section.right_margin = Mm(MARGINS_MM["right"][0])
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)
    section.gutter = Cm(0)
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = document.styles["Header"]
    header = section.header
    header.is_linked_to_previous = False
    _page_number(header.paragraphs[0], document)


def _page_number(paragraph: Paragraph, document) -> None:
    """A centred PAGE field; the first page has its own, empty header."""
    paragraph.style = document.styles["Header"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2")):
        run = paragraph.add_run()
        run.font.size = Pt(14)
        if kind:
            run._r.append(_element("w:fldChar", fldCharType=kind))
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    end = paragraph.add_run()
    end.font.size = Pt(14)
    end._r.append(_element("w:fldChar", fldCharType="end"))


# --- paragraphs and tables -------------------------------------------------------------


def para(
    container,
    text: str = "",
    style: str = STYLE_BODY,
    *,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    before: float | None = None,
    after: float | None = None,
    keep_next: bool = False,
) -> Paragraph:
    """A paragraph holding ``text`` in a single run (docxtpl tags must not be split)."""
    paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size) if size else None
        run.font.bold = bold
        run.font.italic = italic
    fmt = paragraph.paragraph_format
    if align is not None:
        fmt.alignment = align
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_next:
        fmt.keep_with_next = True
    return paragraph


def tag(container, text: str, style: str = STYLE_BODY) -> Paragraph:
    """A paragraph holding only a ``{%p … %}`` tag; docxtpl removes the whole paragraph.

    It takes the style of the paragraphs it repeats, so the template reads evenly in Word.
    """
    return container.add_paragraph(text, style=style)


def rule(container, width_cm: float, box_cm: float, *, before: float = 0) -> Paragraph:
    """An empty paragraph whose bottom border is a centred solid rule ``width_cm`` long."""
    paragraph = container.add_paragraph(style=STYLE_LAYOUT)
    side = max((box_cm - width_cm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(side)
    fmt.right_indent = Cm(side)
    fmt.first_line_indent = Cm(0)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(4)
    mark = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    rpr.append(_element("w:sz", val="8"))
    rpr.append(_element("w:szCs", val="8"))
    _insert_ordered(mark, rpr, PPR_ORDER)
    paragraph_border_bottom(paragraph)
    return paragraph


def layout_table(document, widths_cm: Sequence[float], *, borders: bool, rows: int = 1):
    """A fixed-width table; borderless for the header and signature blocks."""
    table = document.add_table(rows=rows, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    for element in list(tblpr):
        if element.tag == qn("w:tblStyle"):
            tblpr.remove(element)
    total = sum(widths_cm)
    _insert_ordered(tblpr, _element("w:tblW", w=_twips(total), type="dxa"), TBLPR_ORDER)
    _insert_ordered(tblpr, _element("w:tblLayout", type="fixed"), TBLPR_ORDER)
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            edges.append(_element(f"w:{edge}", val="single", sz="4", space="0", color="auto"))
        else:
            edges.append(_element(f"w:{edge}", val="nil"))
    _insert_ordered(tblpr, edges, TBLPR_ORDER)
    margins = OxmlElement("w:tblCellMar")
    margin = _twips(CELL_MARGIN_CM if not borders else 0.15)
    margins.append(_element("w:left", w=margin, type="dxa"))
    margins.append(_element("w:right", w=margin, type="dxa"))
    _insert_ordered(tblpr, margins, TBLPR_ORDER)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), _twips(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    return table


def row_flags(row, *, header: bool = False) -> None:
    """Rows never split across pages; a header row repeats on each page."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def cell_text(cell, text: str, style: str = STYLE_TABLE, *, align=None) -> Paragraph:
    """Put ``text`` in the cell's (existing, first) paragraph."""
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    if text:
        paragraph.add_run(text)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def data_table(
    document,
    columns: Sequence[tuple[str, float, WD_ALIGN_PARAGRAPH]],
    loop: str,
    cells: Sequence[str],
):
    """A bordered table: a repeated bold header row, then one row per item of ``loop``."""
    widths = [width for _, width, _ in columns]
    table = layout_table(document, widths, borders=True, rows=4)
    head, start, body, end = table.rows
    row_flags(head, header=True)
    for cell, (title, _, _) in zip(head.cells, columns, strict=True):
        cell_text(cell, title, STYLE_TABLE_HEAD)
    for row, text in ((start, f"{{%tr for {loop} %}}"), (end, "{%tr endfor %}")):
        row_flags(row)
        cell_text(row.cells[0], text)
        for cell in row.cells[1:]:
            cell_text(cell, "")
    row_flags(body)
    for cell, text, (_, _, align) in zip(body.cells, cells, columns, strict=True):
        cell_text(cell, text, align=align)
    return table


def totals_row(table, cells: Sequence[str]) -> None:
    """A bold last row under a data table's loop (its texts are template expressions)."""
    row = table.add_row()
    row_flags(row)
    for cell, text, source in zip(row.cells, cells, table.rows[2].cells, strict=True):
        paragraph = cell_text(cell, "", align=source.paragraphs[0].alignment)
        if text:
            paragraph.add_run(text).bold = True


# --- the shared blocks -----------------------------------------------------------------


def issuing_rules(cell, box_cm: float) -> None:
    """One rule of each length under the issuing body; the context picks the one that is
    1/3–1/2 of the name (Header.issuing_rule_mm), so another Sở's name gets its own."""
    for index, mm in enumerate(ISSUING_RULES_MM):
        keyword = "if" if index == 0 else "elif"
        condition = f"header.issuing_rule_mm == {mm}" if mm != ISSUING_RULES_MM[-1] else ""
        tag(cell, f"{{%p {keyword} {condition} %}}" if condition else "{%p else %}", STYLE_LAYOUT)
        rule(cell, mm / 10, box_cm)
    tag(cell, "{%p endif %}", STYLE_LAYOUT)


def header_block(document, *, subject_line: str | None) -> None:
    """The two-column header: issuing body, number (and V/v) | quốc hiệu, tiêu ngữ, date."""
    table = layout_table(document, [HEADER_LEFT_CM, HEADER_RIGHT_CM], borders=False)
    row_flags(table.rows[0])
    left, right = table.rows[0].cells
    left_box = HEADER_LEFT_CM - 2 * CELL_MARGIN_CM
    right_box = HEADER_RIGHT_CM - 2 * CELL_MARGIN_CM
    left._tc.remove(left.paragraphs[0]._p)
    right._tc.remove(right.paragraphs[0]._p)

    tag(left, "{%p if header.parent_body %}", STYLE_LAYOUT)
    para(left, "{{ header.parent_body }}", STYLE_LAYOUT, size=12)
    tag(left, "{%p endif %}", STYLE_LAYOUT)
    para(left, "{{ header.issuing_body }}", STYLE_LAYOUT, size=12, bold=True)
    issuing_rules(left, left_box)
    para(left, "{{ header.number_line }}", STYLE_LAYOUT, size=13, before=6)
    if subject_line:
        para(left, subject_line, STYLE_LAYOUT, size=12, before=6)

    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", STYLE_LAYOUT, size=12, bold=True)
    para(right, "Độc lập - Tự do - Hạnh phúc", STYLE_LAYOUT, size=13, bold=True)
    rule(right, MOTTO_WIDTH_CM, right_box)
    para(right, "{{ header.place_date }}", STYLE_LAYOUT, size=14, italic=True, before=6)


def signature_block(document, first_recipient: str | None = None) -> None:
    """The final borderless table: "Nơi nhận" on the left, the signature on the right.

    The spacer before it keeps with the table and its one row cannot split, so the body
    paragraphs kept with next (:func:`closing_paragraphs`) move with the whole block.
    """
    para(document, "", STYLE_BODY, after=0, keep_next=True)
    table = layout_table(document, [7.5, TEXT_WIDTH_CM - 7.5], borders=False)
    row_flags(table.rows[0])
    left, right = table.rows[0].cells
    left._tc.remove(left.paragraphs[0]._p)
    right._tc.remove(right.paragraphs[0]._p)

    para(left, "Nơi nhận:", STYLE_RECIPIENTS, size=12, bold=True, italic=True)
    if first_recipient:
        para(left, f"- {first_recipient};", STYLE_RECIPIENTS)
    tag(left, "{%p for recipient in header.recipients %}", STYLE_RECIPIENTS)
    para(left, "- {{ recipient }}{{ '.' if loop.last else ';' }}", STYLE_RECIPIENTS)
    tag(left, "{%p endfor %}", STYLE_RECIPIENTS)

    tag(right, "{%p for line in header.signer.authority_lines %}", STYLE_LAYOUT)
    para(right, "{{ line }}", STYLE_LAYOUT, size=14, bold=True)
    tag(right, "{%p endfor %}", STYLE_LAYOUT)
    for _ in range(5):
        para(right, "", STYLE_LAYOUT)
    para(right, "{{ header.signer.name }}", STYLE_LAYOUT, size=14, bold=True)


def new_section(document) -> None:
    """A new page in a new section whose page numbers start again at 1 (an appendix)."""
    previous = document.sections[-1]._sectPr
    references = [
        copy.deepcopy(ref)
        for ref in previous
        if ref.tag in (qn("w:headerReference"), qn("w:footerReference"))
    ]
    section = document.add_section(WD_SECTION.NEW_PAGE)
    sect_pr = section._sectPr
    # The new section names the same header parts, so that it keeps its page numbers even
    # when a condition removes the paragraph that closes the section before it.
    for ref in reversed(references):
        sect_pr.insert(0, ref)
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    number_type = _element("w:pgNumType", start="1")
    # pgNumType comes after the page margins and before cols in CT_SectPr's sequence.
    cols = sect_pr.find(qn("w:cols"))
    if cols is not None:
        cols.addprevious(number_type)
    else:
        sect_pr.append(number_type)


def addressee_line(document) -> None:
    para(
        document,
        "Kính gửi: {{ addressee }}",
        STYLE_LAYOUT,
        size=14,
        before=12,
        after=12,
    )


def repeated(document, loop: str, text: str, style: str = STYLE_BODY, **kwargs) -> None:
    """One paragraph per item: ``{%p for loop %}`` … ``{%p endfor %}``."""
    tag(document, f"{{%p for {loop} %}}")
    para(document, text, style, **kwargs)
    tag(document, "{%p endfor %}")


def closing_paragraphs(document, items: str) -> None:
    """The paragraphs of ``items`` ending the body, the last ones kept with the signature.

    Two loops over slices of the same list: only the last :data:`KEPT_WITH_SIGNATURE`
    paragraphs carry keep-with-next, so a long list does not drag the whole body along.
    """
    kept = KEPT_WITH_SIGNATURE
    repeated(document, f"paragraph in {items}[:-{kept}]", "{{ paragraph }}")
    repeated(document, f"paragraph in {items}[-{kept}:]", "{{ paragraph }}", keep_next=True)


# --- the three templates ---------------------------------------------------------------

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT

PLAN = "{{ plan.document | van_ban_ngan | mot_dong }}"
PLAN_CITED = "{{ plan.document | van_ban | mot_dong }}"  # the first mention, in full
# A number, symbol or period never breaks at its hyphen («65/KH- / UBND», «2021- / 2025»).
PERIOD = "{{ plan.first_year }}{{ '-' | mot_dong }}{{ plan.last_year }}"
# the years a mid-term review (sơ kết) covers: the plan's first to the report's
MIDTERM_PERIOD = "{{ plan.first_year }}{{ '-' | mot_dong }}{{ year }}"


def marks(document) -> None:
    """«DỰ THẢO», «DỮ LIỆU MẪU» above the header while a document is not ready to sign."""
    tag(document, "{%p if header.marks %}", STYLE_LAYOUT)
    para(
        document, "{{ header.marks | join(' - ') }}", STYLE_LAYOUT, size=13, bold=True, align=RIGHT
    )
    tag(document, "{%p endif %}", STYLE_LAYOUT)


def heading1(document, text: str) -> None:
    para(document, text, STYLE_HEADING1)


def heading2(document, text: str) -> None:
    para(document, text, STYLE_HEADING2)


def when(document, condition: str, text: str, **kwargs) -> None:
    """One paragraph, written only when ``condition`` holds."""
    tag(document, f"{{%p if {condition} %}}")
    para(document, text, **kwargs)
    tag(document, "{%p endif %}")


def kinh_gui(document, names: str) -> None:
    """Kính gửi: one recipient on the line; several as «- » lines ending «;», the last «.»."""
    tag(document, f"{{%p if {names} | length == 1 %}}", STYLE_LAYOUT)
    para(
        document,
        f"Kính gửi: {{{{ {names}[0] }}}}.",
        STYLE_LAYOUT,
        size=14,
        align=CENTER,
        before=12,
        after=12,
    )
    tag(document, "{%p else %}", STYLE_LAYOUT)
    para(document, "Kính gửi:", STYLE_LAYOUT, size=14, align=CENTER, before=12)
    tag(document, f"{{%p for name in {names} %}}", STYLE_LAYOUT)
    para(
        document, "- {{ name }}{{ '.' if loop.last else ';' }}", STYLE_LAYOUT, size=14, align=CENTER
    )
    tag(document, "{%p endfor %}", STYLE_LAYOUT)
    tag(document, "{%p endif %}", STYLE_LAYOUT)


def assessment(document, key: str) -> None:
    """The Sở's own paragraphs under one heading of nhan-dinh.docx, or a dotted line to fill."""
    tag(document, f"{{%p if assessment.{key}.paragraphs %}}")
    repeated(document, f"runs in assessment.{key}.paragraphs", "{{ runs | dam_nghieng }}")
    tag(document, "{%p else %}")
    para(document, "…………………………………………………………………………")
    tag(document, "{%p endif %}")


def gathered(document, items: str, lead: str) -> None:
    tag(document, f"{{%p if {items} %}}")
    para(document, lead, keep_next=True)  # a lead line never alone at the foot of a page
    repeated(
        document,
        f"item in {items}",
        "- {{ item.text }} ({% if item.more %}{{ item.agencies | join(', ') }} và {{ item.more }} "
        "đơn vị khác{% else %}{{ item.agencies | liet_ke }}{% endif %}).",
    )
    tag(document, "{%p endif %}")


RESULT_LINE = (
    "- {{ r.agency }}: {% if r.text %}{{ r.text }}"
    "{% if r.status == 'Đang thực hiện' and not r.text.lower().startswith(('đang', 'đã', 'chưa')) %}"
    " (đang thực hiện){% endif %}{% else %}{{ r.status }}{% endif %}."
)
LOCAL_LINE = (
    "- {{ task.local.group }}: {{ task.local.agencies }} đơn vị báo cáo về nhiệm vụ này, trong đó"
    "{% if task.local.done %} {{ task.local.done }} đơn vị đã hoàn thành{% endif %}"
    "{% if task.local.in_progress %}{{ ',' if task.local.done }} {{ task.local.in_progress }} đơn "
    "vị đang thực hiện{% endif %}{% if task.local.not_started %}"
    "{{ ',' if task.local.done or task.local.in_progress }} {{ task.local.not_started }} đơn vị "
    "chưa thực hiện{% endif %}"
    "{% if task.local.examples %}; kết quả tiêu biểu: {% for e in task.local.examples %}"
    "{{ e.agency }} ({{ e.text | chu_thuong_dau }}){{ '; ' if not loop.last }}{% endfor %}{% endif %}."
)


def task_results(document, tasks: str) -> None:
    """Each task with its results, each agency's result a sentence of its own."""
    tag(document, f"{{%p for task in {tasks} %}}")
    tag(document, "{%p if not task.quoted_in and (task.results or task.local) %}")
    para(
        document,
        # The plan's own words, in quotation marks and as it writes them (its capitals
        # included): lower-cased into the sentence, its slips read as the Sở's.
        "Thực hiện nhiệm vụ tại {{ task.citation | trich_dan }} "
        + PLAN
        + " (“{{ task.text | menh_de_dau }}”):",
        italic=True,
    )
    repeated(document, "r in task.results", RESULT_LINE)
    when(document, "task.local", LOCAL_LINE)
    tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")
    # The tasks of this area whose results an earlier area told: one sentence, not one each.
    quoted = f"{tasks} | selectattr('quoted_in') | list"
    when(
        document,
        quoted,
        "Kết quả thực hiện {{ 'các nhiệm vụ' if (" + quoted + ") | length > 1 else 'nhiệm vụ' }} "
        "tại {{ (" + quoted + ") | map(attribute='citation') | trich_dan_gop }} " + PLAN + ", "
        "cũng thuộc nội dung này, đã nêu tại mục {{ (" + quoted + ") | map(attribute='quoted_in') "
        "| unique | sort | join(', ') }} phần II báo cáo này.",
    )


def why_ended(reason: str, basis: str) -> str:
    """« (reason, theo basis)» after an agency's end, either part left out when empty."""
    return (
        f"{{% if {reason} or {basis} %}} ({{{{ {reason} }}}}{{% if {reason} and {basis} %}}, "
        f"{{% endif %}}{{% if {basis} %}}theo {{{{ {basis} }}}}{{% endif %}}){{% endif %}}"
    )


def appendix_heading(document, number: str, title: str) -> None:
    """The decree's appendix heading (the section break before it is the caller's)."""
    para(document, f"Phụ lục {number}", STYLE_LAYOUT, size=14, bold=True)
    para(document, title, STYLE_LAYOUT, size=14, bold=True)
    para(document, "(Kèm theo {{ appendix_of }})", STYLE_LAYOUT, size=14, italic=True, after=12)


def directives(document) -> None:
    """The documents agencies issued to carry out the plan, one paragraph per group of
    agencies, each document cited in full (type, number, date, issuer, subject: Phụ lục I,
    Phần I, Mục II, khoản 6, điểm b); said plainly when none was reported."""
    when(
        document,
        "not directive_count",
        "Năm {{ year }}, các cơ quan, đơn vị không báo cáo văn bản chỉ đạo, điều hành nào "
        "được ban hành trong năm để triển khai Kế hoạch.",
    )
    when(
        document,
        "directive_count",
        "Theo báo cáo, để triển khai Kế hoạch năm {{ year }}, các cơ quan, đơn vị đã ban hành "
        "{{ directive_count }} văn bản chỉ đạo, điều hành, cụ thể:",
    )
    repeated(
        document,
        "g in directives",
        "- {{ g.group }}: {% if g.issuers > 1 %}{{ g.issuers }} đơn vị đã ban hành "
        "{{ g.documents }} văn bản{{ ', trong đó có ' if g.more_agencies else ': ' }}{% endif %}"
        "{% for a in g.agencies %}{% for d in a.documents %}{{ d | van_ban | mot_dong }}"
        "{{ '; ' if not loop.last }}{% endfor %}{{ '; ' if not loop.last }}{% endfor %}"
        "{% if g.more_agencies %} và {{ g.more_documents }} văn bản của {{ g.more_agencies }} "
        "đơn vị khác{% endif %}{{ ';' if not loop.last else '.' }}",
    )


# Before the final year: a per-year target missed in an earlier year can no longer be met
# for the period, and a period target under way is stated with its share of the minimum.
TARGETS_UNDER_WAY = (
    "{% for t in targets if t.missed_years and not t.final %}; riêng "
    "{{ t.name | chu_thuong_dau }} đã {% if t.maximum_only %}vượt mức tối đa{% else %}"
    "không đạt mức tối thiểu{% endif %} của năm "
    "{{ t.missed_years | join(', ') }} (Kế hoạch đặt mức cho từng năm), nên chỉ tiêu này không "
    "thể đạt cho cả giai đoạn{% endfor %}{% for t in targets if t.share %}; "
    "{{ t.name | chu_thuong_dau }} đến nay đạt {{ t.share }} mức "
    "{{ 'Kế hoạch' if t.exact else 'tối thiểu' }}{% endfor %}"
    # a shortfall of a sum some agencies' figures are missing from: not concluded
    "{% for t in targets if t.unreported %}; {{ t.name | chu_thuong_dau }} chưa đủ số liệu để "
    "đánh giá năm {{ [t.due_year, year] | min }} ({{ t.unreported | length }} cơ quan, đơn vị "
    "phải báo cáo số liệu "
    "này chưa gửi báo cáo{% if t.unreported | length <= 3 %}: {{ t.unreported | liet_ke }}"
    "{% endif %}){% endfor %}"
)


# The figures of section II are sums of the reports received: what they cannot hold is said
# once (reports not sent, the months of agencies that ended in the year whose successors
# report only their own part).
UNREPORTED_ENDED = "ended | rejectattr('reported') | selectattr('successor_is_group') | list"
TOTALS_LEAVE_OUT = (
    "Số liệu hoạt động nêu tại phần này tổng hợp từ báo cáo các cơ quan, đơn vị đã gửi, chưa "
    "gồm {% if missing %}số liệu của {{ missing | length }} cơ quan, đơn vị chưa gửi báo cáo"
    "{% endif %}{% for e in " + UNREPORTED_ENDED + " %}{{ ' và ' if missing or not loop.first }}"
    "kết quả từ ngày 01/01/{{ year }} đến ngày {{ e.ended_on | ngay_ngan }} của "
    "{{ e.names | length }} đơn vị kết thúc hoạt động ngày đó{% endfor %}."
)


def build_report():
    document = new_document()
    marks(document)
    header_block(document, subject_line=None)
    para(document, "{{ type_name }}", STYLE_LAYOUT, size=14, bold=True, before=18)
    para(
        document,
        "Kết quả thực hiện năm {{ year }}{% if final_year %} và giai đoạn "
        + PERIOD
        + "{% elif midterm %} và sơ kết giai đoạn "
        + MIDTERM_PERIOD
        + "{% endif %} "
        + PLAN
        + "{% if plan.short_subject %} {{ plan.short_subject }}{% endif %}",
        STYLE_LAYOUT,
        size=14,
        bold=True,
    )
    rule(document, SUBJECT_RULE_CM, TEXT_WIDTH_CM)
    kinh_gui(document, "addressee")
    para(
        document,
        "Thực hiện " + PLAN_CITED + "; căn cứ báo cáo của các cơ quan, đơn vị gửi đến ngày "
        "{{ cutoff | ngay_ngan }}, {{ issuer }} báo cáo kết quả thực hiện Kế hoạch năm "
        "{{ year }}{% if final_year %} và giai đoạn " + PERIOD + "{% elif midterm %} và sơ kết "
        "giai đoạn " + MIDTERM_PERIOD + "{% endif %} như sau:",
    )

    heading1(document, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH VÀ TÌNH HÌNH BÁO CÁO")
    heading2(document, "1. Công tác chỉ đạo, điều hành")
    directives(document)
    heading2(document, "2. Tình hình báo cáo của các cơ quan, đơn vị")
    para(
        document,
        "Năm {{ year }}, {{ agencies }} cơ quan, đơn vị có trách nhiệm báo cáo kết quả thực "
        "hiện Kế hoạch (gửi báo cáo {{ 'trước' if deadline_strict else 'chậm nhất' }} ngày "
        "{{ deadline | ngay_ngan }}). {{ issuer }} đã nhận {{ on_time }} báo cáo đúng thời hạn"
        "{% if late %}, {{ late | length }} báo cáo gửi sau thời hạn ({{ late | liet_ke }})"
        "{% endif %}{% if missing %}; {{ missing | length }} cơ quan, đơn vị chưa gửi báo cáo: "
        "{{ missing | liet_ke }}{% else %}; tất cả các cơ quan, đơn vị đã gửi báo cáo{% endif %}. "
        "Tình hình gửi báo cáo của từng cơ quan, đơn vị tại Phụ lục I kèm theo.",
    )
    when(
        document,
        "reminders_sent",
        "Sau thời hạn trên, {{ issuer }} đã có công văn đôn đốc các cơ quan, đơn vị chưa gửi "
        "báo cáo{% for r in reminders_sent %}{{ ':' if loop.first }} ngày {{ r.day | ngay_ngan }} "
        "đôn đốc {% if r.agencies | length > 5 %}{{ r.agencies | length }} cơ quan, đơn vị"
        "{% else %}{{ r.agencies | liet_ke }}{% endif %}{{ ';' if not loop.last }}{% endfor %}.",
    )
    tag(document, "{%p if ended %}")
    para(
        document,
        "Trong năm, {{ ended | sum(attribute='names', start=[]) | length }} cơ quan, đơn vị kết "
        "thúc hoạt động:",
    )
    repeated(
        document,
        "e in ended",
        "- {{ e.names | liet_ke }}: kết thúc hoạt động ngày {{ e.ended_on | ngay_ngan }}"
        + why_ended("e.reason", "e.basis")
        + "; {% if e.reported %}các đơn vị đã gửi "
        "báo cáo phần việc đến ngày kết thúc{% elif e.successor_is_group %}{{ e.successor }} "
        "tiếp nhận nhiệm vụ và báo cáo phần việc từ khi bắt đầu hoạt động; kết quả từ ngày "
        "01/01/{{ year }} đến ngày {{ e.ended_on | ngay_ngan }} của "
        "{{ 'các đơn vị' if e.names | length > 1 else 'đơn vị' }} này chưa được báo cáo (kết "
        "quả các năm trước đã tổng hợp trong báo cáo hằng năm){% if review_due %}; {{ issuer }} "
        "đồng thời đề nghị {{ e.successor }} tổng hợp kết quả này trên địa bàn trong báo cáo tổng kết"
        "{% elif not final_year %}; {{ issuer }} đồng thời đề nghị {{ e.successor }} tổng hợp, báo cáo "
        "bổ sung kết quả này trên địa bàn{% endif %}{% elif e.successor %}{{ e.successor }} tiếp nhận nhiệm vụ"
        "{% if e.successor_reported %} và báo cáo kết quả cả năm{% else %} nhưng chưa gửi báo "
        "cáo năm {{ year }}{% endif %}{% endif %}{{ ';' if not loop.last else '.' }}",
    )
    tag(document, "{%p endif %}")

    heading1(document, "II. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG CỦA KẾ HOẠCH")
    when(
        document,
        "(missing or " + UNREPORTED_ENDED + ") and areas | selectattr('totals') | list",
        TOTALS_LEAVE_OUT,
    )
    tag(document, "{%p for area in areas %}")
    heading2(document, "{{ area.number }}. {{ area.title }}")
    when(
        document,
        "area.totals",
        "Theo số liệu các cơ quan, đơn vị báo cáo, trong năm {% for t in area.totals %}"
        # a figure the plan gives no wording to: «số cuộc diễn tập … là 11 cuộc», a clause
        # («…, trong năm số cuộc diễn tập: 11 cuộc» read as a heading cut into a sentence)
        "{% if t.worded %}{{ t.worded }}{% else %}{{ t.name | chu_thuong_dau }} là "
        "{{ t.value | so }} {{ t.unit }}{% endif %}{{ '; ' if not loop.last }}{% endfor %}.",
    )
    when(
        document,
        "not area.reported and area.tasks",
        "Trong năm, các cơ quan, đơn vị chưa báo cáo kết quả cụ thể thuộc nội dung này.",
    )
    when(
        document,
        "not area.tasks and not area.totals",
        # the plan sets this area no task of its own: said as what was reported, not as a
        # remark on the plan of the body the report goes to
        "Năm {{ year }}, các cơ quan, đơn vị chưa báo cáo hoạt động cụ thể thuộc nội dung này.",
    )
    task_results(document, "area.tasks")
    tag(document, "{%p endfor %}")
    tag(document, "{%p if other_tasks %}")
    heading2(document, "{{ areas | length + 1 }}. Các nhiệm vụ khác")
    task_results(document, "other_tasks")
    tag(document, "{%p endif %}")

    heading1(document, "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA KẾ HOẠCH")
    para(
        document,
        "Kết quả thực hiện các chỉ tiêu cụ thể của Kế hoạch đến năm {{ year }}:",
        keep_next=True,
    )
    figures = [
        ("Kế hoạch", 2.6, CENTER),
        ("Năm {{ year }}", 1.8, CENTER),
        ("Lũy kế", 1.8, CENTER),
        ("Đánh giá", 2.4, CENTER),
    ]
    text_cm = TEXT_WIDTH_CM - TARGET_CODE_CM - sum(width for _, width, _ in figures)
    data_table(
        document,
        [("Điểm", TARGET_CODE_CM, CENTER), ("Chỉ tiêu", text_cm, LEFT), *figures],
        "t in targets",
        [
            "{{ t.citation.point }}",
            "{{ t.name }}{% if t.per_year %} (hằng năm){% endif %}",
            # a long figure (2.000.000.000 đồng) breaks after a dot, not inside a group
            "{{ t.planned | ngat_so }}",
            "{{ t.year_value | ngat_so }}",
            # a milestone passed: its figure stands at its year (read as a sum gone wrong);
            # a yearly cap's years summed read as the cap passed: not given (nor a yearly rate's)
            "{% if not t.cumulative_told %}-{% else %}"
            "{{ t.cumulative | ngat_so }}"
            "{% if t.due_year < year and not t.per_year %} (đến năm {{ t.due_year }}){% endif %}"
            "{% endif %}",
            "{{ t.outcome }}{% if t.share %} ({{ t.share }} mức "
            "{{ 'Kế hoạch' if t.exact else 'tối thiểu' }}){% endif %}"
            "{% if t.per_year and not t.final %} năm {{ year }}{% endif %}"
            "{% if t.per_year and t.years_counted > 1 %} ({% if t.unreported %}các năm trước: "
            "{% endif %}{{ t.years_met }}/{{ t.years_counted }} năm đạt){% endif %}",
        ],
    )
    para(document, "", STYLE_BODY, after=0)
    when(
        document,
        "targets_not_met",
        "Đánh giá đến năm {{ year }}: {{ targets_met }}/{{ targets | length }} chỉ tiêu đạt hoặc "
        "vượt mức Kế hoạch; chỉ tiêu chưa đạt: "
        "{{ targets_not_met | map('chu_thuong_dau') | join('; ') }}" + TARGETS_UNDER_WAY + ".",
    )
    when(
        document,
        "not targets_not_met",
        "Đánh giá đến năm {{ year }}: không có chỉ tiêu nào chưa đạt mức Kế hoạch"
        "{% if not final_year %} năm {{ year }}{% endif %}" + TARGETS_UNDER_WAY + ".",
    )
    repeated(
        document,
        "s in year_sources",
        "Số liệu năm {{ s.years | join(', ') }} "
        "{% if s.signed %}lấy theo báo cáo tổng hợp đã ban hành của "
        "{{ 'năm đó' if s.years | length == 1 else 'từng năm' }}"
        "{% if s.reports %} ({{ s.reports | join('; ') | mot_dong }}){% endif %}"
        "{% else %}tổng hợp từ báo cáo của các cơ quan, đơn vị năm đó{% endif %}.",
    )
    repeated(
        document,
        "a in added_later",
        "Số liệu năm {{ a.year }} gồm cả {{ a.count }} đơn, văn bằng của năm {{ a.year }} được "
        "các cơ quan, đơn vị báo cáo bổ sung trong phiếu các năm sau.",
    )
    when(
        document,
        "assets",
        "Các chỉ tiêu về đơn đăng ký và văn bằng bảo hộ của "
        "{{ 'năm' if register_years | length == 1 else 'các năm' }} "
        "{{ register_years | join(', ') }} được đếm theo danh mục đơn, văn bằng của tỉnh tổng "
        "hợp từ báo cáo của các cơ quan, đơn vị (mỗi đơn, văn bằng tính một lần dù nhiều đơn vị "
        "cùng báo cáo); danh mục tại Phụ lục II kèm theo.",
    )
    when(
        document,
        "charts",
        "Kết quả từng chỉ tiêu qua các năm so với mức Kế hoạch được thể hiện bằng biểu đồ tại "
        "Phụ lục {{ 'IV' if assets else 'III' }} kèm theo.",
    )
    tag(document, "{%p if renewals %}")
    para(document, "Các văn bằng bảo hộ cần được duy trì hiệu lực trong 12 tháng tới:")
    repeated(
        document,
        "r in renewals",
        "- {{ r.asset.kind | chu_hoa_dau }} “{{ r.asset.name }}”{% if r.asset.title_number %} "
        "(văn bằng số {{ r.asset.title_number | mot_dong }}){% endif %}"
        "{% if r.asset.holder %} của {{ r.asset.holder }}{% endif %}: {% if r.late_until %}"
        "đã quá hạn {{ r.action }} ngày {{ r.due_on | ngay_ngan }}, còn được {{ r.action }} muộn "
        "đến ngày {{ r.late_until | ngay_ngan }}{% elif r.ends %}hết thời hạn bảo hộ "
        "ngày {{ r.due_on | ngay_ngan }}{% else %}{{ r.action }} trước ngày "
        "{{ r.due_on | ngay_ngan }}{% endif %}{% if r.managers %} ({{ r.managers | liet_ke }} "
        "theo dõi){% endif %}.",
    )
    tag(document, "{%p endif %}")
    when(
        document,
        "undated_titles",
        "{{ issuer }} đang rà soát, bổ sung ngày nộp đơn, ngày cấp của "
        "{{ undated_titles | length }} văn bằng ({% for g in undated_titles | groupby('kind') %}"
        "{{ g.list | length }} {{ g.grouper }}{{ ', ' if not loop.last }}{% endfor %}) để theo "
        "dõi thời hạn duy trì hiệu lực.",
    )
    # the final review and the mid-term one (sơ kết) give every year since the first
    tag(document, "{%p if final_year or midterm %}")
    para(
        document,
        "Kết quả từng năm của giai đoạn {% if final_year %}"
        + PERIOD
        + "{% else %}"
        + MIDTERM_PERIOD
        + "{% endif %}:",
        keep_next=True,
    )
    data_table(
        document,
        [
            ("Điểm", TARGET_CODE_CM, CENTER),
            ("Chỉ tiêu", 6.0, LEFT),
            ("Kết quả từng năm", TEXT_WIDTH_CM - TARGET_CODE_CM - 6.0 - 2.4, LEFT),
            ("{% if final_year %}Cả giai đoạn{% else %}Đến năm {{ year }}{% endif %}", 2.4, CENTER),
        ],
        "t in targets",
        [
            "{{ t.citation.point }}",
            "{{ t.name }}",
            # «2023: 2» never split across lines in the narrow cell (a no-break space)
            "{% for y in t.years %}{{ y.year }}:\u00a0{{ y.value }}{% if y.met == false %} (chưa đạt)"
            # the judged year's figures incomplete: this year's, or a milestone's year
            "{% elif t.unreported and y.year == [t.due_year, year] | min %} (chưa đủ số liệu)"
            "{% endif %}"
            "{{ '; ' if not loop.last }}{% endfor %}",
            "{{ t.outcome }}",
        ],
    )
    para(document, "", STYLE_BODY, after=0)
    when(
        document,
        "review_due",
        "Các số liệu trên tổng hợp từ báo cáo hằng năm của các cơ quan, đơn vị. Để hoàn thiện "
        "hồ sơ tổng kết, {{ issuer }} đồng thời đề nghị từng cơ quan, đơn vị tổng kết việc thực "
        "hiện các nhiệm vụ được giao theo đề cương kèm công văn gửi đơn vị, gửi về "
        "{{ issuer }} trước ngày {{ review_due | ngay_ngan }}; kết quả bổ sung (nếu có), "
        "{{ issuer }} sẽ báo cáo {{ reports_to }}.",
    )
    tag(document, "{%p endif %}")

    heading1(document, "IV. KINH PHÍ THỰC HIỆN")
    para(
        document,
        "{% if funding_total %}Tổng kinh phí các cơ quan, đơn vị báo cáo đã sử dụng để thực hiện "
        "Kế hoạch năm {{ year }}: {{ funding_total | so }} đồng (bằng chữ: {{ funding_total | "
        "tien_bang_chu }}){% if funding_sources or funding_groups %}.{% else %}. Kinh phí của "
        "từng cơ quan, đơn vị tại Phụ lục {{ 'III' if assets else 'II' }} kèm theo.{% endif %}"
        "{% else %}Năm {{ year }}, các cơ quan, đơn vị không báo cáo kinh phí sử dụng để thực hiện "
        "Kế hoạch (Phụ lục {{ 'III' if assets else 'II' }} kèm theo).{% endif %}",
    )
    tag(document, "{%p if funding_total and funding_sources %}")
    para(document, "Theo nguồn kinh phí Kế hoạch quy định:", keep_next=True)
    repeated(
        document,
        "s in funding_sources",
        "- {{ s.wording | chu_hoa_dau }}: {% if s.amount %}{{ s.amount | so }} đồng"
        "{% else %}không có kinh phí báo cáo{% endif %}{{ ';' if not loop.last else '.' }}",
    )
    tag(document, "{%p endif %}")
    tag(document, "{%p if funding_groups %}")
    para(document, "Theo nhóm cơ quan, đơn vị:", keep_next=True)
    repeated(
        document,
        "g in funding_groups",
        "- {% if g.names %}{{ g.names | liet_ke }}{% else %}{{ g.group }} ({{ g.agencies }} đơn vị báo cáo có kinh phí)"
        "{% endif %}: {{ g.amount | so }} đồng"
        "{% if g.sources | length == 1 %}, toàn bộ là {{ g.sources[0].wording }}"
        "{% elif g.sources %} ({% for s in g.sources %}{{ s.wording }} {{ s.amount | so }} đồng"
        "{{ '; ' if not loop.last }}{% endfor %}){% endif %}"
        "{{ ';' if not loop.last else '.' }}",
    )
    para(
        document,
        "Kinh phí của từng cơ quan, đơn vị tại Phụ lục {{ 'III' if assets else 'II' }} kèm theo.",
    )
    tag(document, "{%p endif %}")

    heading1(document, "V. ĐÁNH GIÁ CHUNG")
    tag(document, "{%p if assessment.danh_gia_chung.paragraphs %}")
    repeated(document, "runs in assessment.danh_gia_chung.paragraphs", "{{ runs | dam_nghieng }}")
    tag(document, "{%p endif %}")
    heading2(document, "1. Ưu điểm")
    assessment(document, "uu_diem")
    heading2(document, "2. Tồn tại, hạn chế")
    assessment(document, "ton_tai")
    gathered(document, "difficulties", "Khó khăn, vướng mắc do các cơ quan, đơn vị nêu:")
    heading2(document, "3. Nguyên nhân")
    assessment(document, "nguyen_nhan")
    # Asked for in the final year; in another year printed when the Sở wrote it.
    tag(document, "{%p if final_year or midterm or assessment.bai_hoc.paragraphs %}")
    heading2(document, "4. Bài học kinh nghiệm")
    assessment(document, "bai_hoc")
    tag(document, "{%p endif %}")

    heading1(
        document,
        "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ {% if final_year %}GIAI ĐOẠN TIẾP THEO{% else %}NĂM "
        "{{ next_year }}{% if midterm %} VÀ GIAI ĐOẠN {{ next_year }}{{ '-' | mot_dong }}"
        "{{ plan.last_year }}{% endif %}{% endif %}",
    )
    assessment(document, "phuong_huong")

    heading1(document, "VII. ĐỀ XUẤT, KIẾN NGHỊ")
    tag(document, "{%p if assessment.de_xuat.paragraphs %}")
    repeated(document, "runs in assessment.de_xuat.paragraphs", "{{ runs | dam_nghieng }}")
    tag(document, "{%p endif %}")
    when(
        document,
        "(missing or late) and not reporting_proposed",
        "Đề nghị {{ reports_to }} chỉ đạo các cơ quan, đơn vị thực hiện nghiêm chế độ báo cáo "
        "theo Kế hoạch{% if missing %}; các cơ quan, đơn vị chưa gửi báo cáo năm {{ year }} "
        "({{ missing | liet_ke }}) khẩn trương gửi báo cáo{% endif %}.",
    )
    gathered(document, "proposals", "Kiến nghị của các cơ quan, đơn vị:")
    para(
        document,
        "Trên đây là báo cáo kết quả thực hiện năm {{ year }}{% if final_year %} và "
        "giai đoạn "
        + PERIOD
        + "{% elif midterm %} và sơ kết giai đoạn "
        + MIDTERM_PERIOD
        + "{% endif %} "
        + PLAN
        + " của {{ plan.document.issuer }}, "
        "{{ issuer }} kính báo cáo {{ reports_to }} xem xét, chỉ đạo./.",
        keep_next=True,
    )
    signature_block(document)
    # Appendices in the order the body cites them, each a section numbered from 1. A section
    # ends with the paragraph new_section() writes, so an appendix that may be left out keeps
    # its closing break inside its condition: removed together, nothing else changes.
    new_section(document)
    appendix_heading(document, "I", "TÌNH HÌNH GỬI BÁO CÁO NĂM {{ year }} CỦA CÁC CƠ QUAN, ĐƠN VỊ")
    table = data_table(
        document,
        [
            ("TT", 1.0, CENTER),
            ("Cơ quan, đơn vị", 4.9, LEFT),
            ("Ngày gửi báo cáo", 2.4, CENTER),
            ("Tình trạng", 2.2, CENTER),
            ("Nhiệm vụ đã hoàn thành", 2.0, CENTER),
            ("Nhiệm vụ đang thực hiện", 2.0, CENTER),
            ("Nhiệm vụ chưa thực hiện", 2.0, CENTER),
        ],
        "row in submissions",
        [
            "{{ loop.index }}",
            "{{ row.agency }}",
            "{{ row.report_date | ngay_ngan }}",
            "{{ row.standing }}",
            "{{ row.done if row.done is not none else '' }}",
            "{{ row.in_progress if row.in_progress is not none else '' }}",
            "{{ row.not_started if row.not_started is not none else '' }}",
        ],
    )
    totals_row(
        table,
        [
            "",
            "{{ submission_totals.agency if submission_totals }}",
            "",
            "{{ submission_totals.standing if submission_totals }}",
            "{{ submission_totals.done if submission_totals }}",
            "{{ submission_totals.in_progress if submission_totals }}",
            "{{ submission_totals.not_started if submission_totals }}",
        ],
    )
    new_section(document)
    tag(document, "{%p if assets %}")
    appendix_heading(
        document,
        "II",
        "DANH MỤC ĐƠN ĐĂNG KÝ VÀ VĂN BẰNG BẢO HỘ\nĐƯỢC TÍNH VÀO CHỈ TIÊU "
        "{{ 'NĂM' if register_years | length == 1 else 'CÁC NĂM' }} {{ register_years | join(', ') }}",
    )
    data_table(
        document,
        [
            ("TT", 0.9, CENTER),
            ("Tên đối tượng, loại", 3.1, LEFT),
            # wide enough for an application number on one line: «2-2022-00311»
            ("Số đơn, ngày nộp", 3.0, CENTER),
            ("Số văn bằng, ngày cấp", 2.3, CENTER),
            ("Chủ đơn, chủ văn bằng", 2.5, LEFT),
            ("Đơn vị tham gia", 2.4, LEFT),
            # «c – đơn (2024)»: the point of the plan (with the short name its counting rule
            # gives when the point holds two targets) and the years it is counted in
            ("Chỉ tiêu (điểm, năm)", 2.3, CENTER),
        ],
        "a in assets",
        [
            "{{ loop.index }}",
            "{{ a.name }} ({{ a.kind }})",
            "{{ a.application_number | mot_dong }}{% if a.filed_on %}"
            "{{ ', ' if a.application_number }}{{ a.filed_on | ngay_ngan }}{% endif %}",
            "{{ a.title_number | mot_dong }}{% if a.granted_on %}"
            "{{ ', ' if a.title_number }}{{ a.granted_on | ngay_ngan }}{% endif %}",
            "{{ a.holder }}",
            "{{ a.contributors | join('; ') }}",
            "{{ a.targets | join('; ') }}",
        ],
    )
    new_section(document)
    tag(document, "{%p endif %}")
    appendix_heading(
        document,
        "{{ 'III' if assets else 'II' }}",
        "KINH PHÍ THỰC HIỆN KẾ HOẠCH NĂM {{ year }}\nCỦA CÁC CƠ QUAN, ĐƠN VỊ",
    )
    # The sources in one cell, one line each: as many sources as the plan lists, on A4 portrait.
    tag(document, "{%p if funding_sources %}")
    funding = data_table(
        document,
        [
            ("TT", 1.1, CENTER),
            ("Cơ quan, đơn vị", 5.6, LEFT),
            ("Theo nguồn kinh phí (đồng)", 6.4, LEFT),
            ("Tổng kinh phí (đồng)", 3.4, RIGHT),
        ],
        "row in funding",
        [
            "{{ loop.index }}",
            "{{ row.agency }}",
            "",
            "{{ row.amount | so }}",
        ],
    )
    source_lines(funding.rows[2].cells[2], "s in row.sources")
    total = funding.add_row()
    row_flags(total)
    cell_text(total.cells[0], "")
    cell_text(total.cells[1], "Tổng cộng", STYLE_TABLE_HEAD, align=LEFT)
    source_lines(total.cells[2], "s in funding_sources if s.amount", STYLE_TABLE_HEAD)
    cell_text(total.cells[3], "{{ funding_total | so }}", STYLE_TABLE_HEAD, align=RIGHT)
    tag(document, "{%p else %}")
    funding = data_table(
        document,
        [("TT", 1.3, CENTER), ("Cơ quan, đơn vị", 10.2, LEFT), ("Kinh phí (đồng)", 5.0, RIGHT)],
        "row in funding",
        ["{{ loop.index }}", "{{ row.agency }}", "{{ row.amount | so }}"],
    )
    total = funding.add_row()
    row_flags(total)
    cell_text(total.cells[0], "")
    cell_text(total.cells[1], "Tổng cộng", STYLE_TABLE_HEAD, align=LEFT)
    cell_text(total.cells[2], "{{ funding_total | so }}", STYLE_TABLE_HEAD, align=RIGHT)
    tag(document, "{%p endif %}")
    chart_appendix(document)
    return document


def chart_appendix(document) -> None:
    """The last appendix, when the plan asks for charts: each target year by year."""
    tag(document, "{%p if charts %}", STYLE_TABLE)
    new_section(document)
    appendix_heading(
        document,
        "{{ 'IV' if assets else 'III' }}",
        "BIỂU ĐỒ KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU\n{% if chart_years | length > 1 %}"
        "TỪ NĂM {{ chart_years[0] }} ĐẾN NĂM {{ chart_years[-1] }}{% else %}"
        "NĂM {{ chart_years[0] }}{% endif %} SO VỚI MỨC KẾ HOẠCH",
    )
    tag(document, "{%p for ch in charts %}", STYLE_LAYOUT)
    para(document, "{{ ch.picture }}", STYLE_LAYOUT, align=CENTER, before=6, keep_next=True)
    para(
        document,
        "Biểu đồ {{ loop.index }}. {{ ch.target }}",
        STYLE_LAYOUT,
        size=13,
        italic=True,
        align=CENTER,
        after=12,
    )
    tag(document, "{%p endfor %}", STYLE_LAYOUT)
    tag(document, "{%p endif %}", STYLE_LAYOUT)


def source_lines(cell, loop: str, style: str = STYLE_TABLE) -> None:
    """A cell listing amounts by source, one paragraph each."""
    cell_text(cell, f"{{%p for {loop} %}}", style)
    cell.add_paragraph("{{ s.label }}: {{ s.amount | so }}", style=style)
    cell.add_paragraph("{%p endfor %}", style=style)


# A letter of the final year: an agency that began during the period without succeeding a
# named agency (a commune created by a reorganisation) reviews its own part only.
# The reminder a letter cites: «số 12/SKHCN-QLCN ngày 11/11/2025», the number when recorded.
REMINDER_CITED = (
    "{% if reminded.number_symbol %}số {{ reminded.number_symbol | mot_dong }} {% endif %}"
    "ngày {{ reminded.issued_on | ngay_ngan }}"
)
# A commune that took over the ended districts' tasks reviews its territory from the first
# day of the year it began: the districts' months of that year are reported by no one else.
TAKEN_OVER = (
    ", kể cả kết quả do {{ takes_over_from | liet_ke }} thực hiện trước ngày "
    "{{ since | ngay_ngan }}"
)
OWN_PART = (
    "{% if review_from and since and takes_over_from and review_from < since %}trên địa bàn "
    "từ ngày {{ review_from | ngay_ngan }} đến nay" + TAKEN_OVER + "{% elif review_from %}"
    "từ ngày {{ review_from | ngay_ngan }} (ngày {{ agency.name }} bắt đầu hoạt động) đến nay"
    "{% elif predecessors %}trong cả giai đoạn "
    + PERIOD
    + ", kể cả kết quả của {{ predecessors | liet_ke }} trước khi sắp xếp"
    "{% elif since and takes_over_from %}trên địa bàn trong cả giai đoạn "
    + PERIOD
    + TAKEN_OVER
    + "{% else %}trong cả giai đoạn "
    + PERIOD
    + "{% endif %}"
)
# OWN_PART ends on a clause of its own: a comma before what follows it.
OWN_PART_CLAUSE = (
    "{{ ',' if predecessors and not review_from or since and takes_over_from and "
    "(not review_from or review_from < since) }}"
)
SUBJECT_LETTER = (
    "V/v {% if not reported %}gửi báo cáo năm {{ year }} và {% endif %}"
    "{% if final_year %}tổng kết thực hiện "
    + PLAN
    + "{% if review_from %} từ ngày {{ review_from | ngay_ngan }} đến nay{% else %} giai đoạn "
    + PERIOD
    + "{% endif %}{% elif stays %}triển khai nhiệm vụ năm {{ task_year }} theo "
    + PLAN
    + "{% else %}bàn giao nhiệm vụ theo "
    + PLAN
    + "{% endif %}"
)
ROLE_CELL = (
    # «(chủ trì: …)»: «(Chi cục … thuộc Sở Công Thương chủ trì)» read as the Sở leading
    # a Sở is never the partner of its own unit: it directs it
    "{% if t.lead %}Chủ trì{% else %}{{ 'Chỉ đạo' if t.led_by_own_unit else 'Phối hợp' }}"
    "{% if t.leads %} (chủ trì: {{ t.leads | map('giua_cau') | liet_ke }}){% endif %}{% endif %}"
)
TASK_CELL = (
    "{{ t.citation | trich_dan | chu_hoa_dau }}: {{ t.text | menh_de_dau }}"
    "{% if t.inherited_from %} (nhiệm vụ tiếp nhận từ {{ t.inherited_from }}){% endif %}"
)


def build_letter():
    document = new_document()
    marks(document)
    header_block(document, subject_line=SUBJECT_LETTER)
    kinh_gui(document, "[agency.name]")
    para(
        document,
        "Thực hiện " + PLAN_CITED + " (sau đây gọi là Kế hoạch); căn cứ báo cáo "
        "kết quả thực hiện Kế hoạch năm {{ year }} của các cơ quan, đơn vị, {{ issuer }} "
        "{% if reported %}thông báo kết quả và {% endif %}đề nghị {{ agency.name }} "
        "{% if final_year %}tổng kết việc thực "
        "hiện các nhiệm vụ được giao " + OWN_PART + "{% elif stays %}triển "
        "khai các nhiệm vụ năm {{ task_year }}{% else %}bàn giao các nhiệm vụ đang thực hiện"
        "{% endif %}, như sau:",
    )
    heading2(document, "1. Kết quả thực hiện năm {{ year }}")
    tag(document, "{%p if reported %}")
    para(
        document,
        "{{ agency.name }} đã gửi báo cáo ngày {{ report_date | ngay_ngan }} "
        "({% if on_time %}đúng thời hạn{% elif reminded and reminded_until and report_date <= "
        "reminded_until %}theo Công văn đôn đốc "
        + REMINDER_CITED
        + " của {{ issuer }}{% else %}sau thời hạn quy định: {{ 'trước' if deadline_strict "
        "else 'chậm nhất' }} ngày {{ deadline | ngay_ngan }}{% endif %}). {% if [done, in_progress, not_started] | select | list | length == 1 %}"
        "{% if done + in_progress + not_started == 1 %}Nhiệm vụ được giao{% else %}Cả "
        "{{ done + in_progress + not_started }} nhiệm vụ được giao đều{% endif %} "
        "{{ 'đã hoàn thành' if done else ('đang thực hiện' if in_progress else 'chưa thực hiện') }}."
        "{% elif done + in_progress + not_started %}Trong "
        "{{ done + in_progress + not_started }} nhiệm vụ được giao: {{ [(done, 'đã hoàn thành'), "
        "(in_progress, 'đang thực hiện'), (not_started, 'chưa thực hiện')] | selectattr('0') "
        "| map('join', ' nhiệm vụ ') | join(', ') }}.{% endif %}",
    )
    when(
        document,
        "figures",
        "Số liệu chủ yếu đơn vị báo cáo: {% for f in figures %}{{ f.name | chu_thuong_dau }}: "
        "{{ f.value }} {{ f.unit }}{{ '; ' if not loop.last }}{% endfor %}.",
    )
    when(
        document,
        "funding",
        "Kinh phí thực hiện: {{ funding | so }} đồng (bằng chữ: {{ funding | tien_bang_chu }}).",
    )
    tag(document, "{%p else %}")
    para(
        document,
        "Đến ngày {{ (cutoff or deadline) | ngay_ngan }}, {{ issuer }} chưa nhận được báo cáo "
        "kết quả thực hiện Kế hoạch năm {{ year }} của {{ agency.name }} (thời hạn báo cáo: "
        "{{ 'trước' if deadline_strict else 'chậm nhất' }} ngày {{ deadline | ngay_ngan }}"
        "{% if reminded %}; {{ issuer }} đã đôn đốc tại Công văn "
        + REMINDER_CITED
        + "{% if reminded_until %}, đề nghị gửi chậm nhất ngày "
        "{{ reminded_until | ngay_ngan }}{% endif %}{% endif %}).",
    )
    tag(document, "{%p endif %}")

    heading2(
        document,
        "2. Nhiệm vụ {% if final_year %}được giao theo Kế hoạch{% elif stays %}năm {{ task_year }}"
        "{% else %}cần bàn giao{% endif %}",
    )
    when(
        document,
        "since and takes_over_from",
        "Kể từ ngày {{ since | ngay_ngan }}, {{ agency.name }} thực hiện trên địa bàn các "
        "nhiệm vụ Kế hoạch giao cho {{ takes_over_from | liet_ke }}; nội dung nhiệm vụ dưới đây "
        "được trích nguyên văn Kế hoạch.",
    )
    data_table(
        document,
        [
            ("TT", 1.0, CENTER),
            ("Nhiệm vụ", TEXT_WIDTH_CM - 1.0 - 3.2 - 3.0, LEFT),
            ("Vai trò", 3.2, CENTER),
            ("Tình hình năm {{ year }}", 3.0, CENTER),
        ],
        "t in tasks",
        ["{{ loop.index }}", TASK_CELL, ROLE_CELL, "{{ t.status or 'Chưa báo cáo' }}"],
    )
    para(document, "", STYLE_BODY, after=0)

    tag(document, "{%p if assets %}")
    para(
        document,
        "{% if predecessors %}Đơn đăng ký, văn bằng bảo hộ có sự tham gia của {{ agency.name }}, "
        "kể cả phần việc của {{ predecessors | liet_ke }} (trước sắp xếp), theo danh mục của "
        "tỉnh:{% else %}Đơn đăng ký, văn bằng bảo hộ có sự tham gia của {{ agency.name }} (theo "
        "danh mục của tỉnh):{% endif %}",
    )
    repeated(
        document,
        "a in assets",
        "- {{ a.kind | chu_hoa_dau }} “{{ a.name }}”{% if a.title_number %}, văn bằng số "
        "{{ a.title_number | mot_dong }}{% if a.granted_on %} cấp ngày "
        "{{ a.granted_on | ngay_ngan }}{% endif %}{% elif a.international_number %}, đăng ký "
        "quốc tế số {{ a.international_number | mot_dong }}{% if a.filed_on %} ngày "
        "{{ a.filed_on | ngay_ngan }}{% endif %}{% elif a.application_number %}, đơn số "
        "{{ a.application_number | mot_dong }}"
        "{% if a.filed_on %} nộp ngày {{ a.filed_on | ngay_ngan }}{% endif %}{% endif %}.",
    )
    tag(document, "{%p endif %}")
    heading2(document, "3. Đề nghị")
    tag(document, "{%p for r in renewals %}")
    para(
        document,
        "{{ r.asset.kind | chu_hoa_dau }} “{{ r.asset.name }}”{% if r.asset.title_number %} "
        "(văn bằng số {{ r.asset.title_number | mot_dong }}){% endif %} {% if r.late_until %}đã "
        "quá hạn {{ r.action }} ngày {{ r.due_on | ngay_ngan }}, còn được {{ r.action }} muộn đến "
        "ngày {{ r.late_until | ngay_ngan }}; đề nghị {{ agency.name }} phối hợp với chủ văn bằng "
        "thực hiện ngay{% elif r.ends %}hết thời hạn bảo hộ "
        "ngày {{ r.due_on | ngay_ngan }}; đề nghị {{ agency.name }} thông báo cho chủ văn bằng"
        "{% else %}đến hạn {{ r.action }} trước ngày {{ r.due_on | ngay_ngan }}; đề nghị "
        "{{ agency.name }} phối hợp với chủ văn bằng thực hiện đúng hạn{% endif %}.",
    )
    tag(document, "{%p endfor %}")
    when(
        document,
        "unfinished and stays",
        # the tasks left out are counted, so that this count and the first section's agree
        "Đối với {{ unfinished | length }} nhiệm vụ chưa hoàn thành trong năm {{ year }} "
        "(nhiệm vụ tại {{ unfinished | map(attribute='citation') | trich_dan_gop }} Kế hoạch"
        "{% if awaiting or (settled_by_lead and stays) %}; không kể "
        "{% if awaiting %}{{ awaiting | length }} nhiệm vụ còn chờ cấp có thẩm quyền phê duyệt"
        "{% if settled_by_lead and stays %} và {% endif %}{% endif %}"
        "{% if settled_by_lead and stays %}{{ settled_by_lead | length }} nhiệm vụ phối hợp nêu "
        "dưới đây{% endif %}{% endif %}), đề nghị {{ agency.name }} "
        # the review is due before the year ends: what is done by then, and what will not be
        "{% if final_year %}tập trung hoàn thành; trong báo cáo tổng kết, nêu rõ kết quả đã "
        "đạt được, nội dung không hoàn thành được trong năm {{ year }}, nguyên nhân và đề xuất"
        "{% else %}đẩy nhanh tiến độ, bảo đảm hoàn thành theo Kế hoạch{% endif %}.",
    )
    # A partner's part reported unfinished of a task its lead reported done: said, so that
    # the table above and the request agree, and asked to be reconciled, not sped up.
    when(
        document,
        "settled_by_lead and stays",
        "Đối với {{ settled_by_lead | length }} nhiệm vụ của Kế hoạch mà {{ agency.name }} phối "
        "hợp, đã được cơ quan chủ trì báo cáo hoàn thành ({% for g in settled_by_lead | "
        "groupby('leads') %}"
        "{{ g.list | map(attribute='citation') | trich_dan_gop }} do "
        "{{ g.grouper | map('giua_cau') | liet_ke }} chủ trì{{ '; ' if not loop.last }}"
        "{% endfor %}), đề nghị {{ agency.name }} rà soát, nêu rõ"
        "{% if final_year %} trong báo cáo tổng kết{% else %} trong báo cáo năm "
        "{{ year + 1 }}{% endif %} phần việc phối hợp đã thực hiện hoặc lý do chưa thực hiện.",
    )
    when(
        document,
        "not reported and not final_year",
        "Đề nghị {{ agency.name }} gửi báo cáo kết quả thực hiện Kế hoạch năm {{ year }} về "
        "{{ issuer }}{% if missing_report_by %} trước ngày {{ missing_report_by | ngay_ngan }}"
        "{% endif %} để tổng hợp, báo cáo bổ sung {{ reports_to }}.",
    )
    # the ended districts' months before the commune began, in a year before the last: asked
    # now, or lost (the final year asks them with the period's review)
    when(
        document,
        "taken_over_until and stays",
        "Đề nghị {{ agency.name }} tổng hợp kết quả thực hiện các nhiệm vụ tại mục 2 trên địa "
        "bàn từ ngày 01/01/{{ year }} đến ngày {{ taken_over_until | ngay_ngan }} do "
        "{{ takes_over_from | liet_ke }} thực hiện (chưa được báo cáo), gửi về {{ issuer }}"
        "{% if taken_over_by %} trước ngày {{ taken_over_by | ngay_ngan }}{% endif %} để báo "
        "cáo bổ sung {{ reports_to }}.",
    )
    tag(document, "{%p if final_year %}")
    para(
        document,
        "Đề nghị {{ agency.name }} {% if not reported %}khẩn trương báo cáo kết quả thực hiện "
        "Kế hoạch năm {{ year }} và {% endif %}tổng kết việc thực hiện từng nhiệm vụ tại mục 2 "
        + OWN_PART
        + OWN_PART_CLAUSE
        + " theo đề cương tại Phụ lục kèm theo, gửi "
        "về {{ issuer }}"
        "{% if reply_by %} trước ngày {{ reply_by | ngay_ngan }}{% endif %} để tổng hợp, báo cáo "
        "{{ reports_to }}.",
    )
    tag(document, "{%p elif stays %}")
    para(
        document,
        "Đề nghị {{ agency.name }} gửi báo cáo kết quả thực hiện năm {{ task_year }} (theo "
        "mẫu phiếu báo cáo năm {{ task_year }} {{ issuer }} sẽ gửi trước kỳ báo cáo) về "
        "{{ issuer }} {{ 'trước' if deadline_strict else 'chậm nhất' }} "
        "ngày {{ reply_by | ngay_ngan }} để tổng hợp, báo cáo {{ reports_to }}.",
    )
    tag(document, "{%p else %}")
    para(
        document,
        "Kể từ ngày {{ handover_on | ngay_ngan }}"
        + why_ended("end_reason", "end_basis")
        + ", các nhiệm vụ trên do {{ successor }} tiếp nhận; đề nghị {{ agency.name }} bàn giao đầy "
        "đủ hồ sơ, kết quả thực hiện để {{ successor }} báo cáo kết quả năm {{ task_year }} "
        "đúng thời hạn.",
    )
    tag(document, "{%p endif %}")
    para(
        document,
        "{{ issuer }} đề nghị {{ agency.name }} quan tâm, phối hợp thực hiện./.",
        keep_next=True,
    )
    signature_block(document)

    tag(document, "{%p if final_year %}")
    new_section(document)
    para(document, "Phụ lục", STYLE_LAYOUT, size=14, bold=True)
    para(
        document,
        "ĐỀ CƯƠNG BÁO CÁO TỔNG KẾT {% if review_from %}TỪ NGÀY {{ review_from | ngay_ngan }} ĐẾN NAY"
        "{% else %}GIAI ĐOẠN " + PERIOD + "{% endif %}",
        STYLE_LAYOUT,
        size=14,
        bold=True,
    )
    para(
        document,
        "(Kèm theo {{ appendix_of }})",
        STYLE_LAYOUT,
        size=14,
        italic=True,
        after=12,
    )
    for line in (
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Công tác chỉ đạo, điều hành: văn bản đã ban hành (số, ngày, trích yếu).",
        "2. Kết quả thực hiện từng nhiệm vụ được giao (theo bảng tại mục 2 Công văn), "
        "kèm số liệu {% if not review_from %}từng năm " + PERIOD + "{% elif review_from.year < "
        "year %}từng năm {{ review_from.year }}{{ '-' | mot_dong }}{{ year }} (từ ngày {{ review_from | ngay_ngan }})"
        "{% else %}năm {{ year }}{% if review_from.day != 1 or review_from.month != 1 %} (từ "
        "ngày {{ review_from | ngay_ngan }}){% endif %}{% endif %}.",
        "3. Kinh phí đã sử dụng {% if review_from and review_from.year == year %}"
        "{% if review_from.day != 1 or review_from.month != 1 %}từ ngày "
        "{{ review_from | ngay_ngan }}{% else %}năm {{ year }}{% endif %}{% else %}từng năm"
        "{% endif %}, theo nguồn.",
        "II. ĐÁNH GIÁ CHUNG",
        "1. Ưu điểm.",
        "2. Tồn tại, hạn chế.",
        "3. Nguyên nhân (chủ quan, khách quan).",
        "4. Bài học kinh nghiệm.",
        "III. ĐỀ XUẤT NHIỆM VỤ GIAI ĐOẠN TIẾP THEO VÀ KIẾN NGHỊ",
    ):
        para(document, line, bold=True if line.split(".")[0] in ("I", "II", "III") else None)
    tag(document, "{%p endif %}")
    return document


SUBJECT_REMINDER = "V/v đôn đốc gửi báo cáo năm {{ year }} theo " + PLAN


def build_reminder():
    """The reminder ``vanban don-doc`` writes right after the deadline: dated that day, citing
    the plan (and the Sở's request letter, the earlier reminders when recorded), a fixed new
    deadline; it states facts and asks, it does not reprimand a peer."""
    document = new_document()
    marks(document)
    header_block(document, subject_line=SUBJECT_REMINDER)
    kinh_gui(document, "[agency.name]")
    para(
        document,
        "Theo quy định tại " + PLAN_CITED + ": “{{ plan.reporting_rule }}”",
    )
    # "Tiếp theo" cites, in full at their first mention, the Sở's request letter and the
    # earlier reminders (an unnumbered one by its date): "A, B và C".
    para(
        document,
        "{% if request or earlier %}Tiếp theo {% if request %}{{ request | van_ban | mot_dong }}"
        "{% if earlier %}{{ ' và ' if earlier | length == 1 else ', ' }}{% endif %}{% endif %}"
        "{% for e in earlier %}{% if e.number_symbol %}Công văn số {{ e.number_symbol }} ngày"
        "{% else %}công văn ngày{% endif %} {{ e.issued_on | ngay_ngan }} của {{ issuer }} về "
        "việc đôn đốc gửi báo cáo năm {{ year }}{% if not loop.last %}"
        "{{ ' và ' if loop.revindex == 2 else ', ' }}{% endif %}{% endfor %}, đến ngày"
        "{% else %}Đến ngày{% endif %} {{ day | ngay_ngan }}, {{ issuer }} chưa nhận được báo "
        "cáo kết quả thực hiện Kế hoạch năm {{ year }} của {{ agency.name }}.",
    )
    para(
        document,
        "Để kịp tổng hợp, báo cáo {{ reports_to }}, {{ issuer }} đề nghị {{ agency.name }} gửi "
        "báo cáo (theo mẫu phiếu báo cáo năm {{ year }}) về {{ issuer }} chậm nhất ngày "
        "{{ new_deadline | ngay_ngan }}./.",
        keep_next=True,
    )
    signature_block(document)
    return document


def build_feedback():
    """The letter asking an agency to correct its form (``vanban validate --phan-hoi``)."""
    document = new_document()
    header_block(
        document,
        subject_line="V/v sửa và gửi lại phiếu báo cáo năm {{ year }} theo Kế hoạch số "
        "{{ plan_number }}",
    )
    kinh_gui(document, "[addressee]")
    para(
        document,
        "{{ issuer }} đã nhận được phiếu báo cáo năm {{ year }} của {{ addressee }} về kết quả "
        "thực hiện {{ plan_reference | mot_dong }} (tệp {{ file_names }}).",
    )
    para(
        document, "Qua kiểm tra, phiếu báo cáo còn {{ finding_count }} lỗi nên chưa tổng hợp được."
    )
    when(
        document,
        "feedback_files",
        "Các lỗi được liệt kê tại trang tính “Lỗi cần sửa” của tệp {{ feedback_files }} gửi kèm "
        "Công văn này; mỗi ô cần sửa được tô màu và có ghi chú nêu rõ lỗi.",
    )
    repeated(document, "line in unlocated", "- {{ line }}")
    para(
        document,
        "Đề nghị {{ addressee }} sửa các lỗi nêu trên và gửi lại phiếu báo cáo về {{ issuer }} "
        "trước ngày {{ due_date }} để kịp tổng hợp, báo cáo theo quy định./.",
        keep_next=True,
    )
    signature_block(document)
    return document


TEMPLATES = {
    "bao-cao-tong-hop.docx": build_report,
    "cong-van.docx": build_letter,
    "cong-van-don-doc.docx": build_reminder,
    "cong-van-sua-phieu.docx": build_feedback,
}


# --- deterministic save ----------------------------------------------------------------


def _freeze_properties(document, title: str) -> None:
    props = document.core_properties
    props.author = "vanban"
    props.last_modified_by = "vanban"
    props.title = title
    props.comments = "Mẫu docxtpl của vanban, tạo bởi tools/build_templates.py"
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME


def _settings(document) -> None:
    """No rsids (they change with every Word save) and the document language."""
    settings = document.settings.element
    for tag_name in ("w:rsids", "w:proofState"):
        for element in settings.findall(qn(tag_name)):
            settings.remove(element)
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None:
        zoom.attrib.clear()
        zoom.set(qn("w:percent"), "100")


def _preserve_spaces(document) -> None:
    """``xml:space="preserve"`` on every ``<w:t>`` holding a space, so no reader collapses
    the blanks of a draft's number ("số      /BC-SKHCN") or of a tag's output."""
    section = document.sections[0]
    roots = [document.element, section.header._element, section.first_page_header._element]
    for root in roots:
        for text in root.iter(qn("w:t")):
            if text.text and any(char.isspace() for char in text.text):
                text.set(qn("xml:space"), "preserve")


def document_bytes(document, title: str) -> bytes:
    _freeze_properties(document, title)
    _settings(document)
    _preserve_spaces(document)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        names = sorted(archive.namelist(), key=_entry_order)
        files = [(name, archive.read(name)) for name in names]
    return pack_zip(files)


def _entry_order(name: str) -> tuple[int, str]:
    first = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
    return (first.index(name), name) if name in first else (len(first), name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "templates")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, build in TEMPLATES.items():
        data = document_bytes(build(), title=name.removesuffix(".docx"))
        (args.out / name).write_bytes(data)
        print(f"{args.out / name}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
