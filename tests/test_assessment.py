"""The Sở's assessment (nhan-dinh.docx): reading it, placing it in a template, drafting it."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from markupsafe import Markup
from pydantic import BaseModel, ValidationError

from generator.documents.assessment import (
    ASSESSMENT_FILE,
    SECTIONS,
    AssessmentError,
    Paragraph,
    Run,
    RunsXml,
    load_assessment,
    missing_sections,
    paragraph_xml,
    read_assessment,
)
from generator.documents.render import CompiledTemplate

TITLES = [title for _, title in SECTIONS]


def save(document, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def full_document():
    """Every heading, in heading styles, with formatted text under each."""
    document = Document()
    for key, title in SECTIONS:
        document.add_heading(title, 1 if key in ("general", "directions", "proposals") else 2)
        paragraph = document.add_paragraph(f"Nội dung {title.lower()} ")
        paragraph.add_run("in đậm").bold = True
        paragraph.add_run(", ")
        paragraph.add_run("in nghiêng").italic = True
        paragraph.add_run(".")
    return document


def runs(paragraph: Paragraph) -> list[tuple[str, bool, bool]]:
    return [(run.text, run.bold, run.italic) for run in paragraph.runs]


# ---------------------------------------------------------------------------
# Reading


def test_every_section_is_read_with_its_bold_and_italic_runs(tmp_path):
    assessment = read_assessment(save(full_document(), tmp_path / ASSESSMENT_FILE))
    assert [s.title for s in assessment.sections] == TITLES
    (paragraph,) = assessment.paragraphs("shortcomings")
    assert runs(paragraph) == [
        ("Nội dung tồn tại, hạn chế ", False, False),
        ("in đậm", True, False),
        (", ", False, False),
        ("in nghiêng", False, True),
        (".", False, False),
    ]
    assert missing_sections(assessment) == []


@pytest.mark.parametrize(
    "written",
    [
        "II. ĐÁNH GIÁ CHUNG:",
        "1. Đánh giá chung",
        "a) đánh giá  chung .",
        "- Đánh giá chung",
        unicodedata.normalize("NFD", "Đánh giá chung"),
    ],
)
def test_a_plain_paragraph_holding_only_a_title_is_a_heading(tmp_path, written):
    document = Document()
    document.add_paragraph(written)
    document.add_paragraph("Kết quả chung của năm.")
    document.add_paragraph("2. Tồn tại,hạn chế:")
    document.add_paragraph("Còn chậm.")
    assessment = read_assessment(save(document, tmp_path / ASSESSMENT_FILE))
    assert [p.text for p in assessment.paragraphs("general")] == ["Kết quả chung của năm."]
    assert [p.text for p in assessment.paragraphs("shortcomings")] == ["Còn chậm."]


def test_text_is_cleaned_trimmed_and_split_runs_joined(tmp_path):
    document = Document()
    document.add_heading("Ưu điểm", 1)
    paragraph = document.add_paragraph("  ")
    for piece in ("Cán bộ ", unicodedata.normalize("NFD", "đã tích"), " cực"):
        paragraph.add_run(piece)
    paragraph.add_run("  ").bold = True
    document.add_paragraph("   ")  # empty paragraphs are dropped
    assessment = read_assessment(save(document, tmp_path / ASSESSMENT_FILE))
    (read,) = assessment.paragraphs("strengths")
    assert runs(read) == [("Cán bộ đã tích cực", False, False)]
    assert unicodedata.is_normalized("NFC", read.text)


def test_bold_and_italic_come_from_styles_as_word_shows_them(tmp_path):
    document = Document()
    document.add_heading("Nguyên nhân", 1)
    emphasis = document.styles.add_style("Nhấn mạnh", WD_STYLE_TYPE.CHARACTER)
    emphasis.font.italic = True
    quote = document.styles.add_style("Trích dẫn", WD_STYLE_TYPE.PARAGRAPH)
    quote.font.bold = True
    paragraph = document.add_paragraph("Khách quan: ", style="Normal")
    paragraph.add_run("địa bàn rộng", style="Nhấn mạnh")
    quoted = document.add_paragraph("Chủ quan: ", style="Trích dẫn")
    quoted.add_run("chưa quyết liệt").bold = False
    assessment = read_assessment(save(document, tmp_path / ASSESSMENT_FILE))
    first, second = assessment.paragraphs("causes")
    assert runs(first) == [("Khách quan: ", False, False), ("địa bàn rộng", False, True)]
    assert runs(second) == [("Chủ quan: ", True, False), ("chưa quyết liệt", False, False)]


def test_a_deeper_heading_inside_a_section_is_kept_as_its_paragraph(tmp_path):
    document = Document()
    document.add_heading("Nguyên nhân", 2)
    document.add_heading("a) Nguyên nhân chủ quan", 3)
    document.add_paragraph("Chưa bố trí đủ cán bộ.")
    document.add_heading("Phương hướng, nhiệm vụ năm 2026", 1)  # a title and more words
    document.add_paragraph("Tiếp tục triển khai.")
    assessment = read_assessment(save(document, tmp_path / ASSESSMENT_FILE))
    assert [runs(p) for p in assessment.paragraphs("causes")] == [
        [("a) Nguyên nhân chủ quan", True, False)],
        [("Chưa bố trí đủ cán bộ.", False, False)],
    ]
    assert [p.text for p in assessment.paragraphs("directions")] == ["Tiếp tục triển khai."]


def test_absent_and_empty_sections_are_missing(tmp_path):
    document = Document()
    document.add_heading("Ưu điểm", 1)
    document.add_paragraph("Tốt.")
    document.add_heading("Tồn tại, hạn chế", 1)  # heading without text
    assessment = read_assessment(save(document, tmp_path / ASSESSMENT_FILE))
    assert assessment.section("shortcomings") is not None
    assert assessment.paragraphs("shortcomings") == ()
    assert assessment.section("causes") is None
    assert missing_sections(assessment) == [
        "Tồn tại, hạn chế",
        "Nguyên nhân",
        "Bài học kinh nghiệm",
        "Phương hướng, nhiệm vụ",
        "Đề xuất, kiến nghị",
    ]
    assert "Bài học kinh nghiệm" not in missing_sections(assessment, final_year=False)
    assert missing_sections(None, final_year=False) == [
        "Ưu điểm",
        "Tồn tại, hạn chế",
        "Nguyên nhân",
        "Phương hướng, nhiệm vụ",
        "Đề xuất, kiến nghị",
    ]


def test_load_assessment_returns_none_without_the_file(tmp_path):
    (tmp_path / "2025").mkdir()
    assert load_assessment(tmp_path, 2025) is None
    assert load_assessment(tmp_path, 2024) is None  # no year folder either


def test_load_assessment_reads_the_years_file_and_leaves_it_unchanged(tmp_path):
    path = save(full_document(), tmp_path / "2025" / ASSESSMENT_FILE)
    before = path.read_bytes()
    assessment = load_assessment(tmp_path, 2025)
    assert assessment is not None and assessment.source == path
    assert len(assessment.sections) == len(SECTIONS)
    assert path.read_bytes() == before


# --- refusals ---------------------------------------------------------------------


def refusal(path: Path) -> str:
    with pytest.raises(AssessmentError) as caught:
        read_assessment(path)
    return caught.value.message()


def test_an_unknown_heading_is_named_with_the_expected_ones(tmp_path):
    document = Document()
    document.add_heading("Ưu điểm", 1)
    document.add_paragraph("Tốt.")
    document.add_heading("Kết luận", 1)
    message = refusal(save(document, tmp_path / ASSESSMENT_FILE))
    assert message.startswith(f"tệp {ASSESSMENT_FILE}: đoạn thứ 3: tiêu đề «Kết luận»")
    assert "«Đánh giá chung», «Ưu điểm», «Tồn tại, hạn chế», «Nguyên nhân»" in message
    assert "«Đề xuất, kiến nghị»" in message


def test_text_before_the_first_heading_is_refused(tmp_path):
    document = Document()
    document.add_paragraph("Nhận định của Sở về kết quả thực hiện năm 2025")
    document.add_heading("Ưu điểm", 1)
    message = refusal(save(document, tmp_path / ASSESSMENT_FILE))
    assert message == (
        f"tệp {ASSESSMENT_FILE}: đoạn thứ 1: đoạn «Nhận định của Sở về kết quả thực…» "
        "đứng trước tiêu đề đầu tiên; mọi đoạn phải nằm dưới một trong các tiêu đề: "
        + ", ".join(f"«{t}»" for t in TITLES)
    )


def test_a_repeated_heading_is_refused(tmp_path):
    document = Document()
    document.add_heading("Ưu điểm", 1)
    document.add_paragraph("Một.")
    document.add_paragraph("2. ƯU ĐIỂM")
    message = refusal(save(document, tmp_path / ASSESSMENT_FILE))
    assert "đoạn thứ 3: tiêu đề «Ưu điểm» lặp lại (đã có ở đoạn thứ 1)" in message


def test_a_table_is_refused_naming_its_section(tmp_path):
    document = Document()
    document.add_heading("Tồn tại, hạn chế", 1)
    document.add_paragraph("Bảng dưới đây:")
    document.add_table(rows=1, cols=2).cell(0, 0).text = "x"
    message = refusal(save(document, tmp_path / ASSESSMENT_FILE))
    assert "đoạn thứ 3: có một bảng ở mục «Tồn tại, hạn chế»" in message


def test_a_picture_and_tracked_changes_are_refused(tmp_path):
    document = Document()
    document.add_heading("Ưu điểm", 1)
    run = document.add_paragraph("Ảnh: ").add_run()
    run._r.append(OxmlElement("w:drawing"))
    assert "đoạn thứ 2: có hình ảnh" in refusal(save(document, tmp_path / "a.docx"))

    document = Document()
    document.add_heading("Ưu điểm", 1)
    paragraph = document.add_paragraph("Đã ")
    inserted = OxmlElement("w:ins")
    inserted.set(qn("w:id"), "1")
    inserted.set(qn("w:author"), "A")
    inserted.append(paragraph.add_run("sửa")._r)
    paragraph._p.append(inserted)
    assert "Track Changes" in refusal(save(document, tmp_path / "b.docx"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "tệp rỗng"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Word 97-2003 (.doc)"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
            "đặt mật khẩu",
        ),
        (b"Ho va ten;Nhan dinh\n", "không phải văn bản Word .docx hoặc đã bị hỏng"),
        (b"PK\x03\x04 broken zip", "không phải văn bản Word .docx hoặc đã bị hỏng"),
    ],
)
def test_files_that_are_not_a_readable_docx_are_named(tmp_path, content, expected):
    path = tmp_path / ASSESSMENT_FILE
    path.write_bytes(content)
    message = refusal(path)
    assert message.startswith(f"tệp {ASSESSMENT_FILE}: ")
    assert expected in message
    assert path.read_bytes() == content


def test_a_workbook_renamed_docx_is_refused(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.save(tmp_path / ASSESSMENT_FILE)
    assert "không phải văn bản Word .docx" in refusal(tmp_path / ASSESSMENT_FILE)


def test_a_doc_file_in_place_of_the_docx_says_to_save_as_docx(tmp_path):
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "nhan-dinh.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(AssessmentError) as caught:
        load_assessment(tmp_path, 2025)
    assert caught.value.message().startswith("tệp nhan-dinh.doc: tệp nhận định phải ở dạng")


# ---------------------------------------------------------------------------
# Placing the paragraphs in a template


def test_paragraph_xml_escapes_text_and_keeps_formatting():
    paragraph = Paragraph(
        (Run("A & <b>", bold=True), Run(" x\ty\nz", italic=True), Run("ok", True, True))
    )
    xml = paragraph_xml(paragraph)
    assert isinstance(xml, Markup)
    assert xml == (
        '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">A &amp; &lt;b&gt;</w:t></w:r>'
        '<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve"> x</w:t><w:tab/>'
        '<w:t xml:space="preserve">y</w:t><w:br/><w:t xml:space="preserve">z</w:t></w:r>'
        '<w:r><w:rPr><w:b/><w:i/></w:rPr><w:t xml:space="preserve">ok</w:t></w:r>'
    )


def loop_template(path: Path) -> Path:
    document = Document()
    document.add_paragraph("{{ heading }}")
    document.add_paragraph("{%p for item in items %}")
    document.add_paragraph("{{r item }}")
    document.add_paragraph("{%p endfor %}")
    return save(document, path)


class _Context(BaseModel):
    heading: str
    items: list[RunsXml]


def test_rendered_paragraphs_keep_bold_and_italic_through_a_context_model(tmp_path):
    """The path a report takes: a pydantic context, model_dump, clean_context, docxtpl's {{r."""
    source = save(full_document(), tmp_path / "2025" / ASSESSMENT_FILE)
    assessment = read_assessment(source)
    template = CompiledTemplate.load(loop_template(tmp_path / "mau.docx"))
    context = _Context(heading="Tồn tại <và> hạn chế", items=assessment.markup("shortcomings"))
    rendered = Document(io.BytesIO(template.render(context)))
    texts = [p.text for p in rendered.paragraphs]
    assert texts == ["Tồn tại <và> hạn chế", "Nội dung tồn tại, hạn chế in đậm, in nghiêng."]
    # docxtpl's {{r leaves an empty run on each side of the runs it places
    written = [
        (run.text, bool(run.bold), bool(run.italic))
        for run in rendered.paragraphs[1].runs
        if run.text
    ]
    assert written == runs(assessment.paragraphs("shortcomings")[0])


def test_hostile_text_is_rendered_as_text(tmp_path):
    template = CompiledTemplate.load(loop_template(tmp_path / "mau.docx"))
    hostile = Paragraph((Run('</w:t></w:r><w:r><w:t>x & "y"', bold=True),))
    data = template.render({"heading": "", "items": [paragraph_xml(hostile)]})
    (paragraph,) = Document(io.BytesIO(data)).paragraphs[1:]
    placed = [(r.text, r.bold) for r in paragraph.runs if r.text]
    assert placed == [('</w:t></w:r><w:r><w:t>x & "y"', True)]


def test_a_context_field_of_runs_refuses_plain_text():
    with pytest.raises(ValidationError):
        _Context(heading="", items=["<w:r/>"])
