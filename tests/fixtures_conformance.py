"""Builds .docx documents for the conformance tests, after the decree's own examples: a
báo cáo to a higher body (Kính gửi, "- Như trên;"), a công văn to several recipients, a
document with appendices; and variants that break exactly one rule (through the spec fields
or a ``tweak`` hook).

Run text carries no direct font: every run inherits Times New Roman from the Normal style,
as a document typed in a well-set-up Word would. The rules under the issuing body, the
tiêu ngữ and the trích yếu are empty paragraphs with a bottom border, indented to the
decree's length (as vanban's templates draw them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from generator.check.fix import PPR_ORDER, child

BODY_TEXT = (
    "Thực hiện Kế hoạch số 65/KH-UBND ngày 14/3/2021 của Ủy ban nhân dân tỉnh Sơn La về "
    "triển khai nhiệm vụ, Sở Khoa học và Công nghệ báo cáo kết quả trong năm như sau."
)
LATER_TEXT = "Các nhiệm vụ theo Kế hoạch số 65/KH-UBND được triển khai đúng tiến độ."
LEFT_CM, RIGHT_CM = 7.0, 9.5
CELL_MARGINS_CM = 0.38  # Word's default 0,19 cm on each side
ISSUING_RULE_CM = 2.8  # 0,4 of «SỞ KHOA HỌC VÀ CÔNG NGHỆ» at 12 pt bold (6,5 cm)
TIEU_NGU_RULE_CM = 5.6  # «Độc lập - Tự do - Hạnh phúc» at 13 pt bold
SUBJECT_RULE_CM = 5.0  # 0,42 of the trích yếu line at 14 pt bold (11,8 cm)
TEXT_WIDTH_CM = 16.5


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
    kinh_gui: tuple[str, ...] | None = ("Ủy ban nhân dân tỉnh Sơn La",)
    heading: str | None = "I. KẾT QUẢ THỰC HIỆN"
    body_paragraphs: int = 3
    appendices: tuple[str, ...] = ()  # names; numbered I, II… when two or more
    appendix_landscape: bool = False
    noi_nhan_bold: bool = True
    noi_nhan_italic: bool = True
    recipients: tuple[str, ...] = ("- Như trên;", "- Bộ Khoa học và Công nghệ;", "- Lưu: VT, QLCN.")
    drafter: str | None = None
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
    element = parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>")
    properties = table._tbl.tblPr
    later = [
        properties.find(qn(f"w:{tag}")) for tag in ("shd", "tblLayout", "tblCellMar", "tblLook")
    ]
    following = next((e for e in later if e is not None), None)  # keep the schema's order
    if following is None:
        properties.append(element)
    else:
        following.addprevious(element)


def bottom_border(paragraph: Paragraph) -> None:
    borders = child(paragraph._p.get_or_add_pPr(), "pBdr", PPR_ORDER)  # in schema order
    borders.append(
        parse_xml(
            f'<w:bottom {nsdecls("w")} w:val="single" w:sz="6" w:space="1" w:color="000000"/>'
        )
    )


def joined_by_break(first: Paragraph, second: Paragraph, size_pt: float) -> None:
    """``second`` typed into ``first`` after a line break (Shift+Enter), bold at
    ``size_pt``, as many clerks write two lines of a header in one paragraph."""
    first.runs[0].add_break()
    moved = first.add_run(second.text)
    moved.bold, moved.font.size = True, Pt(size_pt)
    second._p.getparent().remove(second._p)


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


def rule_paragraph(where: _Cell | DocxDocument, length_cm: float, width_cm: float) -> Paragraph:
    """An empty paragraph whose bottom border, indented on both sides, is ``length_cm`` long."""
    paragraph = where.add_paragraph()
    fmt = paragraph.paragraph_format
    side = Cm(max((width_cm - length_cm) / 2, 0))
    fmt.left_indent = fmt.right_indent = side
    fmt.first_line_indent = Cm(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(4)
    bottom_border(paragraph)
    return paragraph


def _header(document: DocxDocument, spec: Spec) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(LEFT_CM), Cm(RIGHT_CM)
    table.columns[0].width, table.columns[1].width = Cm(LEFT_CM), Cm(RIGHT_CM)
    _line(left, spec.parent_body, size=12, first=True)
    _line(left, spec.issuing_body, size=12, bold=True)
    rule_paragraph(left, ISSUING_RULE_CM, LEFT_CM - CELL_MARGINS_CM)
    so = _line(left, spec.so, size=13)
    so.paragraph_format.space_before = Pt(6)
    if spec.vv:
        _line(left, spec.vv, size=12).paragraph_format.space_before = Pt(6)
    _line(right, spec.quoc_hieu, size=12, bold=spec.quoc_hieu_bold, first=True)
    _line(right, spec.tieu_ngu, size=13, bold=True)
    if spec.tieu_ngu_border:
        rule_paragraph(right, TIEU_NGU_RULE_CM, RIGHT_CM - CELL_MARGINS_CM)
    _line(right, spec.date, size=13, italic=spec.date_italic).paragraph_format.space_before = Pt(6)


def _kinh_gui(document: DocxDocument, recipients: tuple[str, ...]) -> None:
    if len(recipients) == 1:
        _line(document, f"Kính gửi: {recipients[0]}", size=14).paragraph_format.space_before = Pt(6)
        return
    _line(document, "Kính gửi:", size=14)
    for index, name in enumerate(recipients):
        ending = "." if index == len(recipients) - 1 else ";"
        _line(document, f"- {name}{ending}", size=14)


def _body_paragraph(document: DocxDocument, text: str, *, bold: bool = False) -> Paragraph:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold or None
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.line_spacing = 1.0
    return paragraph


def _body(document: DocxDocument, spec: Spec) -> None:
    if spec.type_name:
        _line(document, spec.type_name, size=14, bold=True)
        _line(document, spec.subject, size=14, bold=True)
        rule_paragraph(document, SUBJECT_RULE_CM, TEXT_WIDTH_CM)
    if spec.kinh_gui:
        _kinh_gui(document, spec.kinh_gui)
    if spec.heading and spec.type_name == "BÁO CÁO":
        _body_paragraph(document, spec.heading, bold=True)
    for index in range(spec.body_paragraphs):
        text = BODY_TEXT if index == 0 else LATER_TEXT
        _body_paragraph(document, f"{index + 1}. {text}")
    if spec.appendices:
        names = [_appendix_name(spec, i) for i in range(len(spec.appendices))]
        _body_paragraph(document, f"Chi tiết tại {' và '.join(names)} kèm theo.")


def _appendix_name(spec: Spec, index: int) -> str:
    return "Phụ lục" if len(spec.appendices) == 1 else f"Phụ lục {ROMAN[index]}"


ROMAN = ("I", "II", "III", "IV", "V")


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
    if spec.drafter:
        left.add_paragraph().add_run(spec.drafter).font.size = Pt(11)
    for index, title in enumerate(spec.signer_titles):
        _line(right, title, size=14, bold=True, first=index == 0)
    for _ in range(3):
        right.add_paragraph()
    _line(right, spec.signer_name, size=14, bold=True)


def _appendix(document: DocxDocument, spec: Spec, index: int) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    if spec.appendix_landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    if section._sectPr.find(qn("w:pgNumType")) is None:  # the new section is a clone
        section._sectPr.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
    _line(document, _appendix_name(spec, index), size=14, bold=True)
    _line(document, spec.appendices[index].upper(), size=14, bold=True)
    _line(
        document,
        "(Kèm theo Báo cáo số 05/BC-SKHCN ngày 05/02/2026 của Sở Khoa học và Công nghệ)",
        size=14,
        italic=True,
    )
    table = document.add_table(rows=2, cols=2)
    for row, texts in zip(table.rows, (("TT", "Nội dung"), ("1", "Tập huấn")), strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.paragraphs[0].add_run(text).font.size = Pt(13)


def build(path: Path, spec: Spec | None = None) -> Path:
    """Write the document described by ``spec`` to ``path`` and return the path."""
    spec = spec or Spec()
    document = Document()
    _setup(document, spec)
    _header(document, spec)
    _body(document, spec)
    _signature(document, spec)
    for index in range(len(spec.appendices)):
        _appendix(document, spec, index)
    if spec.tweak is not None:
        spec.tweak(document)
    document.save(str(path))
    return path


CONG_VAN = Spec(
    so="Số: 15/SKHCN-QLCN",
    type_name=None,
    vv="V/v triển khai nhiệm vụ năm 2027",
    kinh_gui=("Sở Tài chính", "Sở Nội vụ", "Ủy ban nhân dân các xã, phường"),
    heading=None,
)


def body_paragraphs(document: DocxDocument) -> list[Paragraph]:
    """The justified body paragraphs written by ``_body``."""
    return [p for p in document.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]


def set_run_font(run, name: str) -> None:
    """Direct font on every rFonts slot, as Word writes it."""
    run.font.name = name
    run._r.rPr.rFonts.set(qn("w:eastAsia"), name)
    run._r.rPr.rFonts.set(qn("w:cs"), name)


# Rules vanban's current templates break, by template (the lead is rewriting them; remove an
# entry when its template is fixed: the strict xfail in test_conformance then tells).
TEMPLATE_GAPS: dict[str, dict[str, str]] = {}  # every known gap of the templates is fixed
OUTPUT_FOLDERS = {"cong-van": "cong-van.docx", "don-doc": "cong-van-don-doc.docx"}


def template_gaps(path: Path) -> dict[str, str]:
    """The known gaps of the template a rendered document (or a batch output) comes from."""
    name = OUTPUT_FOLDERS.get(path.parent.name, path.name)
    return TEMPLATE_GAPS.get(name, {})
