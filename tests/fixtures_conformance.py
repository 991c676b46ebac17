"""Builds .docx documents for the conformance tests: one that follows Phụ lục I, and
variants that break exactly one rule (through the spec fields or a ``tweak`` hook).

Run text carries no direct font: every run inherits Times New Roman from the Normal style,
as a document typed in a well-set-up Word would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

BODY_TEXT = (
    "Thực hiện Kế hoạch số 65/KH-UBND của Ủy ban nhân dân tỉnh Sơn La, Sở Khoa học và "
    "Công nghệ báo cáo kết quả triển khai nhiệm vụ trong năm như sau."
)


@dataclass
class Spec:
    """What to write; the defaults follow the decree."""

    page_mm: tuple[float, float] = (210, 297)
    landscape: bool = False
    margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15)  # top, bottom, left, right
    parent_body: str = "UBND TỈNH SƠN LA"
    issuing_body: str = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    quoc_hieu: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    quoc_hieu_bold: bool = True
    tieu_ngu: str = "Độc lập - Tự do - Hạnh phúc"
    tieu_ngu_border: bool = True
    so: str = "Số: 05/BC-SKHCN"
    date: str = "Sơn La, ngày 05 tháng 02 năm 2026"
    date_italic: bool = True
    type_name: str | None = "BÁO CÁO"
    subject: str = "Kết quả thực hiện Kế hoạch số 65/KH-UBND năm 2026"
    vv: str | None = None
    kinh_gui: str | None = None
    body_paragraphs: int = 3
    noi_nhan_bold: bool = True
    noi_nhan_italic: bool = True
    recipients: tuple[str, ...] = ("- UBND tỉnh (b/c);", "- Lưu: VT, QLCN.")
    signer_titles: tuple[str, ...] = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    signer_name: str = "Nguyễn Văn An"
    page_numbers: str = "header"  # "header", "footer" or "none"
    first_page_different: bool = True
    tweak: Callable[[DocxDocument], None] | None = field(default=None)


def _no_borders(table) -> None:
    borders = "".join(
        f'<w:{side} w:val="nil"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    table._tbl.tblPr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"))


def bottom_border(paragraph: Paragraph) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1"'
            ' w:color="000000"/></w:pBdr>'
        )
    )


def _line(
    where: _Cell | DocxDocument,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    first: bool = False,
) -> Paragraph:
    paragraph = where.paragraphs[0] if first else where.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold or None
    run.italic = italic or None
    return paragraph


def _page_field(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple>'
        )
    )


def _setup(document: DocxDocument, spec: Spec) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    section = document.sections[0]
    width, height = spec.page_mm
    section.orientation = WD_ORIENT.LANDSCAPE if spec.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    top, bottom, left, right = spec.margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.different_first_page_header_footer = spec.first_page_different
    if spec.page_numbers == "header":
        _page_field(section.header.paragraphs[0])
    elif spec.page_numbers == "footer":
        _page_field(section.footer.paragraphs[0])
    if spec.first_page_different:
        section.first_page_header.is_linked_to_previous = False


def _header(document: DocxDocument, spec: Spec) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    _line(left, spec.parent_body, size=13, first=True)
    bottom_border(_line(left, spec.issuing_body, size=13, bold=True))
    _line(left, spec.so, size=13)
    if spec.vv:
        _line(left, spec.vv, size=12)
    _line(right, spec.quoc_hieu, size=12, bold=spec.quoc_hieu_bold, first=True)
    tieu_ngu = _line(right, spec.tieu_ngu, size=13, bold=True)
    if spec.tieu_ngu_border:
        bottom_border(tieu_ngu)
    _line(right, spec.date, size=13, italic=spec.date_italic)


def _body(document: DocxDocument, spec: Spec) -> None:
    if spec.type_name:
        _line(document, spec.type_name, size=14, bold=True)
        _line(document, spec.subject, size=14, bold=True)
    if spec.kinh_gui:
        _line(document, spec.kinh_gui, size=14)
    for index in range(spec.body_paragraphs):
        paragraph = document.add_paragraph(f"{index + 1}. {BODY_TEXT}")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.paragraph_format.line_spacing = 1.0


def _signature(document: DocxDocument, spec: Spec) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    run = heading.add_run("Nơi nhận:")
    run.font.size = Pt(12)
    run.bold = spec.noi_nhan_bold
    run.italic = spec.noi_nhan_italic
    for item in spec.recipients:
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(item).font.size = Pt(11)
    for index, title in enumerate(spec.signer_titles):
        _line(right, title, size=14, bold=True, first=index == 0)
    for _ in range(3):
        right.add_paragraph()
    _line(right, spec.signer_name, size=14, bold=True)


def build(path: Path, spec: Spec | None = None) -> Path:
    """Write the document described by ``spec`` to ``path`` and return the path."""
    spec = spec or Spec()
    document = Document()
    _setup(document, spec)
    _header(document, spec)
    _body(document, spec)
    _signature(document, spec)
    if spec.tweak is not None:
        spec.tweak(document)
    document.save(str(path))
    return path


def body_paragraphs(document: DocxDocument) -> list[Paragraph]:
    """The justified body paragraphs written by ``_body``."""
    return [p for p in document.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]


def set_run_font(run, name: str) -> None:
    """Direct font on every rFonts slot, as Word writes it."""
    run.font.name = name
    run._r.rPr.rFonts.set(qn("w:eastAsia"), name)
    run._r.rPr.rFonts.set(qn("w:cs"), name)
