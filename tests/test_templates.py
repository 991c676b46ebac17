"""The three templates rendered with the sample contexts: valid, complete, laid out by the decree."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

from generator.documents.context import LetterContext, ReminderContext, ReportContext
from generator.documents.render import CompiledTemplate

REPO = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FONT = "Times New Roman"

TEMPLATE_OF = {
    ReportContext: "bao-cao-tong-hop.docx",
    LetterContext: "cong-van.docx",
    ReminderContext: "cong-van-don-doc.docx",
}


@pytest.fixture(params=["report", "letter", "reminder"])
def rendered(request, templates_dir, tmp_path):
    """(context, path of the rendered .docx) for each template."""
    context = request.getfixturevalue(f"sample_{request.param}_context")
    template = templates_dir / TEMPLATE_OF[type(context)]
    target = tmp_path / template.name
    target.write_bytes(CompiledTemplate.load(template).render(context))
    return context, target


def all_text(path: Path) -> str:
    """Every paragraph's text, body and tables (nested), one per line."""
    document = Document(str(path))
    root = document.element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


def test_passes_the_strict_ooxml_check(rendered, shared_dir):
    sys.path.insert(0, str(shared_dir / "ooxml"))
    from docx_check import check_docx

    _, path = rendered
    findings = check_docx(path, xsd_dir=shared_dir / "ooxml" / "xsd")
    errors = [f for f in findings if f.level == "error"]
    assert not errors, errors


def test_header_recipients_and_signer_are_in_the_text(rendered):
    context, path = rendered
    text = all_text(path)
    header = context.header
    for expected in (
        header.parent_body,
        header.issuing_body,
        header.number_line,
        header.place_date,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nơi nhận:",
        *[f"- {name};" for name in header.recipients[:-1]],
        f"- {header.recipients[-1]}.",
        *header.signer.authority_lines,
        header.signer.name,
    ):
        assert expected in text.splitlines(), expected


def test_report_table_header_rows_repeat_and_rows_do_not_split(sample_report_context, tmp_path):
    from generator.documents.render import render_docx

    data = render_docx(REPO / "templates" / "bao-cao-tong-hop.docx", sample_report_context)
    document = Document(io.BytesIO(data))
    bordered = [t for t in document.tables if len(t.rows) > 2]
    # targets, targets year by year, funding, submissions, titles counted
    assert len(bordered) == 5
    for table in bordered:
        first = table.rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        assert all(run.bold is not False for run in table.rows[0].cells[0].paragraphs[0].runs)
        assert table.rows[0].cells[0].paragraphs[0].style.font.bold
    assert len(bordered[2].rows) == 1 + len(sample_report_context.submissions) + 1  # and totals


def test_empty_loops_still_give_a_valid_document(
    sample_report_context, sample_letter_context, templates_dir, tmp_path, shared_dir
):
    sys.path.insert(0, str(shared_dir / "ooxml"))
    from docx_check import check_docx

    report = sample_report_context.model_copy(
        update={
            "areas": [],
            "targets": [],
            "funding": [],
            "difficulties": [],
            "proposals": [],
            "submissions": [],
            "late": [],
            "missing": [],
        }
    )
    report.header.recipients = ["Lưu: VT"]
    report.header.parent_body = ""
    report.header.marks = []
    letter = sample_letter_context.model_copy(update={"tasks": [], "unfinished": [], "figures": []})
    for context, name in ((report, "bao-cao-tong-hop.docx"), (letter, "cong-van.docx")):
        path = tmp_path / name
        path.write_bytes(CompiledTemplate.load(templates_dir / name).render(context))
        errors = [
            f for f in check_docx(path, xsd_dir=shared_dir / "ooxml" / "xsd") if f.level == "error"
        ]
        assert not errors, errors
    report_lines = all_text(tmp_path / "bao-cao-tong-hop.docx").splitlines()
    assert "UBND TỈNH SƠN LA" not in report_lines
    assert report_lines[0] == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert "PHỤ LỤC" not in report_lines
    assert "Nơi nhận:" in report_lines


def test_page_setup_and_page_numbers_from_page_two(rendered):
    _, path = rendered
    document = Document(str(path))
    # Appendices are sections of their own (their page numbers restart); all share the layout.
    for section in document.sections:
        _check_section(section)


def _check_section(section) -> None:
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(20)) < Mm(0.1)
    assert abs(section.bottom_margin - Mm(20)) < Mm(0.1)
    assert abs(section.left_margin - Mm(30)) < Mm(0.1)
    assert abs(section.right_margin - Mm(15)) < Mm(0.1)
    assert section.different_first_page_header_footer
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert all(not p.text.strip() for p in first.paragraphs)
    assert not list(first._element.iter(qn("w:fldChar")))
    default = section.header
    instructions = "".join(t.text for t in default._element.iter(qn("w:instrText")))
    assert instructions.strip() == "PAGE"
    page_number = default.paragraphs[0]
    assert page_number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.font.size == Pt(14) for run in page_number.runs)


def test_times_new_roman_everywhere_without_theme_fonts(rendered):
    _, path = rendered
    with zipfile.ZipFile(path) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        parts = [
            etree.fromstring(archive.read(n)) for n in archive.namelist() if n.endswith(".xml")
        ]
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert defaults.get(f"{W}{attr}") == FONT
    for root in [styles, *parts]:
        for fonts in root.iter(f"{W}rFonts"):
            assert not any(name.endswith("Theme") or "theme" in name for name in fonts.attrib)
            assert set(fonts.attrib.values()) <= {FONT}


def test_body_style_and_header_layout(rendered):
    _, path = rendered
    document = Document(str(path))
    body = document.styles["Nội dung"]
    assert body.base_style.name == "Normal"
    fmt = body.paragraph_format
    assert body.font.size == Pt(14)
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.first_line_indent == Cm(1.27)
    assert fmt.space_after == Pt(6)
    assert 1.0 <= fmt.line_spacing <= 1.5

    header_table = document.tables[0]
    left, right = header_table.rows[0].cells
    runs = {p.text: p.runs[0] for cell in (left, right) for p in cell.paragraphs if p.runs}
    nation = runs["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert nation.bold and nation.font.size in (Pt(12), Pt(13))
    motto = runs["Độc lập - Tự do - Hạnh phúc"]
    assert motto.bold and motto.font.size in (Pt(13), Pt(14))
    assert runs["SỞ KHOA HỌC VÀ CÔNG NGHỆ"].bold
    assert not runs["UBND TỈNH SƠN LA"].bold
    place_date = next(r for text, r in runs.items() if text.startswith("Sơn La, ngày"))
    assert place_date.italic
    # The quốc hiệu must fit on one line: at 12 pt bold it is about 8.9 cm wide.
    assert right.width >= Cm(9.1)
    # A rule (bottom border) under the issuing body and under the tiêu ngữ.
    for cell in (left, right):
        assert any(
            p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
            for p in cell.paragraphs
        )
    borders = header_table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_recipients_block_layout(rendered):
    context, path = rendered
    document = Document(str(path))
    signature = next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    left, right = signature.rows[0].cells
    label = left.paragraphs[0].runs[0]
    assert label.text == "Nơi nhận:"
    assert label.bold and label.italic and label.font.size == Pt(12)
    items = [p for p in left.paragraphs[1:] if p.text]
    names = context.header.recipients
    assert names[0] == "Như trên"  # the plan data puts the Kính gửi recipient first
    expected = [*[f"- {n};" for n in names[:-1]], f"- {names[-1]}."]
    assert [p.text for p in items] == expected
    assert all(p.style.font.size == Pt(11) for p in items)
    name = [p for p in right.paragraphs if p.text][-1]
    assert name.text == context.header.signer.name
    assert name.runs[0].bold and name.runs[0].font.size == Pt(14)


def test_template_variables_are_context_fields():
    for model, name in TEMPLATE_OF.items():
        compiled = CompiledTemplate.load(REPO / "templates" / name)
        assert compiled.variables <= set(model.model_fields), name


def test_rendered_documents_pass_vanban_check(rendered):
    from fixtures_conformance import template_gaps

    from generator.check.conformance import check_docx

    _, path = rendered
    gaps = template_gaps(path)  # rules the templates being rewritten still break
    failed = [f for f in check_docx(path) if not f.passed and f.rule not in gaps]
    assert not failed, failed


def _signature_table(document):
    return next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)


def _text(paragraph_element) -> str:
    return "".join(t.text or "" for t in paragraph_element.iter(f"{W}t"))


def _direct_keep_next(paragraph_element) -> bool:
    ppr = paragraph_element.pPr
    return ppr is not None and ppr.find(qn("w:keepNext")) is not None


def test_last_body_paragraphs_keep_with_the_signature_block(rendered):
    """The signature never stands alone on a page: the last two body paragraphs and the
    spacer keep with the signature table, whose row cannot split; earlier ones do not."""
    _, path = rendered
    document = Document(str(path))
    table = _signature_table(document)._tbl
    before = []
    for element in table.itersiblings(preceding=True):
        if element.tag != qn("w:p"):
            break
        before.append(element)
    spacer, *body = before
    assert _text(spacer) == ""
    assert _direct_keep_next(spacer)
    # The closing paragraph ("…/.") keeps with the signature; the one before it does not.
    kept, earlier = body[0], body[1]
    assert _text(kept).endswith("./.")
    assert _direct_keep_next(kept)
    assert not _direct_keep_next(earlier)
    rows = table.findall(qn("w:tr"))
    assert rows and all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)


def test_every_template_text_with_spaces_is_preserved():
    for name in TEMPLATE_OF.values():
        with zipfile.ZipFile(REPO / "templates" / name) as archive:
            parts = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
            roots = [etree.fromstring(archive.read(n)) for n in parts]
        texts = [t for root in roots for t in root.iter(f"{W}t") if t.text and " " in t.text]
        assert texts, name
        unpreserved = [t.text for t in texts if t.get(XML_SPACE) != "preserve"]
        assert not unpreserved, (name, unpreserved)


def _report_xml(context, tmp_path) -> etree._Element:
    path = tmp_path / "bc.docx"
    path.write_bytes(
        CompiledTemplate.load(REPO / "templates" / "bao-cao-tong-hop.docx").render(context)
    )
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _paragraph_texts(root) -> list[str]:
    return [_text(p) for p in root.iter(f"{W}p")]


# "CT-DD", the widest target code, measured with Liberation Serif (metric-compatible with
# Times New Roman) at 12 pt; a bordered cell has 0.15 cm of margin each side.
WIDEST_CODE_CM = 1.30
BORDERED_CELL_MARGIN_CM = 0.15
TEXT_WIDTH_CM = 21.0 - 3.0 - 1.5


def render_report(context) -> bytes:
    return CompiledTemplate.load(REPO / "templates" / "bao-cao-tong-hop.docx").render(context)


@pytest.mark.parametrize("name", ["SỞ DU LỊCH", "SỞ Y TẾ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"])
def test_the_rule_under_the_issuing_body_fits_its_name(tmp_path: Path, name: str):
    """1/3–1/2 of the name, whatever the issuing body: a fixed rule fitted only Sơn La's Sở."""
    from conftest import make_letter_context

    from generator.check.conformance import check_docx
    from generator.documents.render import render_docx

    context = make_letter_context()
    header = context.header.model_copy(update={"issuing_body": name})
    path = tmp_path / "letter.docx"
    path.write_bytes(
        render_docx(
            REPO / "templates" / "cong-van.docx", context.model_copy(update={"header": header})
        )
    )
    [finding] = [f for f in check_docx(path) if f.rule == "co-quan-ban-hanh"]
    assert finding.passed, (finding.found, finding.expected)
    rules = [
        p
        for p in Document(str(path)).tables[0].cell(0, 0).paragraphs
        if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
    ]
    assert len(rules) == 1


def _writer_moved_break(template: Path, target: Path) -> Path:
    """``template`` as LibreOffice Writer saves it: the empty paragraph holding a section
    break is dropped and the break put on the paragraph before it (a ``{%p if … %}``)."""
    with zipfile.ZipFile(template) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    moved = 0
    for paragraph in list(root.iter(f"{W}p")):
        section = paragraph.find(f"{W}pPr/{W}sectPr")
        before = paragraph.getprevious()
        if section is None or before is None or before.tag != f"{W}p":
            continue
        if "".join(t.text or "" for t in paragraph.iter(f"{W}t")):
            continue
        if not "".join(t.text or "" for t in before.iter(f"{W}t")).startswith("{%p if"):
            continue
        before.find(f"{W}pPr").append(section)
        paragraph.getparent().remove(paragraph)
        moved += 1
    assert moved == 1
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, standalone=True)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def _resaved_by_writer(template: Path, folder: Path) -> Path:
    import os
    import subprocess

    from generator.batch import find_soffice

    soffice = find_soffice()
    if soffice is None:
        if os.environ.get("VANBAN_REQUIRE_SHARED"):
            pytest.fail("LibreOffice (soffice) phải có trong CI")
        pytest.skip("LibreOffice (soffice) chưa được cài")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "writer"),
            str(template),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / "writer" / template.name


@pytest.mark.parametrize("save", ["break moved", "LibreOffice"])
def test_a_letter_template_saved_by_writer_keeps_its_appendix_on_its_own_pages(
    templates_dir, tmp_path, save
):
    """Writer puts the break before the letter's appendix on the ``{%p if final_year %}``
    paragraph, which the rendering removes: the appendix ran on under the signature with
    the letter's page numbers, in every letter."""
    from conftest import make_letter_context

    source = templates_dir / "cong-van.docx"
    template = (
        _writer_moved_break(source, tmp_path / source.name)
        if save == "break moved"
        else _resaved_by_writer(source, tmp_path)
    )
    context = make_letter_context(final_review=True)
    target = tmp_path / "thu.docx"
    target.write_bytes(CompiledTemplate.load(template).render(context))
    document = Document(str(target))
    assert len(document.sections) == 2
    appendix = document.sections[1]._sectPr.find(qn("w:pgNumType"))
    assert appendix is not None and appendix.get(qn("w:start")) == "1"
    body = document.element.body
    first_of_appendix = next(
        p for p in body.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")) == "Phụ lục"
    )
    # the break ends the letter's section before the appendix's heading
    breaks = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}sectPr") is not None]
    assert len(breaks) == 1
    assert list(body.iter(f"{W}p")).index(breaks[0]) < list(body.iter(f"{W}p")).index(
        first_of_appendix
    )
    no_appendix = tmp_path / "khong-phu-luc.docx"
    no_appendix.write_bytes(CompiledTemplate.load(template).render(make_letter_context()))
    assert len(Document(str(no_appendix)).sections) == 1


def test_a_lead_line_before_a_list_keeps_with_it():
    """«Khó khăn, vướng mắc do các cơ quan, đơn vị nêu:» stood alone at the foot of a page
    (a signing official)."""
    document = Document(str(REPO / "templates" / "bao-cao-tong-hop.docx"))
    leads = [p for p in document.paragraphs if p.text.endswith("do các cơ quan, đơn vị nêu:")]
    assert leads and all(_direct_keep_next(p._p) for p in leads)
