"""The Sở's assessment (nhan-dinh.docx): reading it, placing it in a template, drafting it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.data.workspace import TaskStatus, load_workspace
from generator.documents.assessment import (
    ASSESSMENT_FILE,
    SECTIONS,
    AssessmentError,
    Paragraph,
    load_assessment,
    missing_sections,
    read_assessment,
)
from generator.documents.assessment_draft import (
    UNFINISHED_LEAD,
    draft_docx,
    draft_sections,
    write_draft,
)
from generator.documents.render import CompiledTemplate
from generator.errors import OutputError, VanbanError

TITLES = [title for _, title in SECTIONS]


def save(document, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def full_document():
    """Every heading, in heading styles, with formatted text under each."""
    document = Document()
    for key, title in SECTIONS:
        document.add_heading(
            title, 1 if key in ("danh_gia_chung", "phuong_huong", "de_xuat") else 2
        )
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
    (paragraph,) = assessment.paragraphs("ton_tai")
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
    assert [p.text for p in assessment.paragraphs("danh_gia_chung")] == ["Kết quả chung của năm."]
    assert [p.text for p in assessment.paragraphs("ton_tai")] == ["Còn chậm."]


def test_text_is_cleaned_trimmed_and_split_runs_joined(tmp_path):
    document = Document()
    document.add_heading("Ưu điểm", 1)
    paragraph = document.add_paragraph("  ")
    for piece in ("Cán bộ ", unicodedata.normalize("NFD", "đã tích"), " cực"):
        paragraph.add_run(piece)
    paragraph.add_run("  ").bold = True
    document.add_paragraph("   ")  # empty paragraphs are dropped
    assessment = read_assessment(save(document, tmp_path / ASSESSMENT_FILE))
    (read,) = assessment.paragraphs("uu_diem")
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
    first, second = assessment.paragraphs("nguyen_nhan")
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
    assert [runs(p) for p in assessment.paragraphs("nguyen_nhan")] == [
        [("a) Nguyên nhân chủ quan", True, False)],
        [("Chưa bố trí đủ cán bộ.", False, False)],
    ]
    assert [p.text for p in assessment.paragraphs("phuong_huong")] == ["Tiếp tục triển khai."]


def test_text_in_hyperlinks_and_content_controls_is_read(tmp_path):
    document = Document()
    document.add_heading("Đề xuất, kiến nghị", 1)
    paragraph = document.add_paragraph("Xem ")
    link = OxmlElement("w:hyperlink")
    link.append(paragraph.add_run("Cổng thông tin")._r)
    paragraph._p.append(link)
    paragraph.add_run(" của tỉnh.")
    control = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    content.append(document.add_paragraph("Trong ô nội dung.")._p)
    control.append(content)
    document.element.body.insert(len(document.element.body) - 1, control)
    assessment = read_assessment(save(document, tmp_path / ASSESSMENT_FILE))
    texts = [p.text for p in assessment.paragraphs("de_xuat")]
    assert texts == ["Xem Cổng thông tin của tỉnh.", "Trong ô nội dung."]


def test_absent_and_empty_sections_are_missing(tmp_path):
    document = Document()
    document.add_heading("Ưu điểm", 1)
    document.add_paragraph("Tốt.")
    document.add_heading("Tồn tại, hạn chế", 1)  # heading without text
    assessment = read_assessment(save(document, tmp_path / ASSESSMENT_FILE))
    assert assessment.section("ton_tai") is not None
    assert assessment.paragraphs("ton_tai") == ()
    assert assessment.section("nguyen_nhan") is None
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


def test_a_name_with_the_extension_twice_is_found(tmp_path):
    path = save(full_document(), tmp_path / "2025" / "Nhan-Dinh.docx.docx")
    assessment = load_assessment(tmp_path, 2025)
    assert assessment is not None and assessment.source == path


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
# Placing the paragraphs in the report


def test_the_section_keys_are_the_reports():
    from generator.consolidate import ASSESSMENT_KEYS

    assert [key for key, _ in SECTIONS] == list(ASSESSMENT_KEYS)


def test_as_context_gives_every_key_its_paragraphs_of_runs(tmp_path):
    document = Document()
    document.add_heading("Ưu điểm", 1)
    paragraph = document.add_paragraph("Một ")
    paragraph.add_run("hai").bold = True
    context = read_assessment(save(document, tmp_path / ASSESSMENT_FILE)).as_context()
    assert list(context) == [key for key, _ in SECTIONS]
    assert context["uu_diem"] == [
        [
            {"text": "Một ", "bold": False, "italic": False},
            {"text": "hai", "bold": True, "italic": False},
        ]
    ]
    assert context["ton_tai"] == []


def rendered_report(c, assessment_context) -> Document:
    from generator.consolidate import report_context

    template = CompiledTemplate.load(REPO / "templates" / "bao-cao-tong-hop.docx")
    return Document(io.BytesIO(template.render(report_context(c, assessment_context))))


def written_runs(paragraph) -> list[tuple[str, bool, bool]]:
    """Runs as Word shows them; the filter leaves an empty run where the template's was."""
    return [(r.text, bool(r.bold), bool(r.italic)) for r in paragraph.runs if r.text]


def test_the_report_places_each_paragraph_with_its_bold_and_italic(tmp_path, consolidation_2025):
    document = Document()
    document.add_heading("Nguyên nhân", 1)
    paragraph = document.add_paragraph("Khách quan: ")
    paragraph.add_run("địa bàn rộng & <xa>").bold = True
    paragraph.add_run(", dòng một\ndòng hai").italic = True
    document.add_heading("Đề xuất, kiến nghị", 1)
    document.add_paragraph("Đề nghị Bộ Khoa học và Công nghệ hỗ trợ.")
    assessment = read_assessment(save(document, tmp_path / ASSESSMENT_FILE))
    report = rendered_report(consolidation_2025, assessment.as_context())
    placed = [p for p in report.paragraphs if p.text.startswith("Khách quan: ")]
    assert len(placed) == 1
    assert written_runs(placed[0]) == [
        ("Khách quan: ", False, False),
        ("địa bàn rộng & <xa>", True, False),
        (", dòng một\ndòng hai", False, True),
    ]
    assert any(p.text == "Đề nghị Bộ Khoa học và Công nghệ hỗ trợ." for p in report.paragraphs)


def test_hostile_text_is_placed_as_text(tmp_path, consolidation_2025):
    hostile = '</w:t></w:r><w:r><w:t>x & "y"'
    context = {key: [] for key, _ in SECTIONS}
    context["de_xuat"] = [[{"text": hostile, "bold": True, "italic": False}]]
    report = rendered_report(consolidation_2025, context)
    shown = hostile.replace('"y"', "“y”")  # a pair of straight quotes is the documents' “…”
    (placed,) = [p for p in report.paragraphs if shown in p.text]
    assert written_runs(placed) == [(shown, True, False)]


# ---------------------------------------------------------------------------
# The pre-filled draft (vanban nhan-dinh)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_inputs(tmp_path_factory) -> Path:
    """A copy of the sample inputs (plan, registry, history, 2024 and 2025 workbooks)."""
    copy = tmp_path_factory.mktemp("mau") / "inputs"
    shutil.copytree(REPO / "inputs", copy)
    return copy


@pytest.fixture(scope="module")
def consolidation_2025(sample_inputs):
    from generator.batch import consolidate_inputs

    return consolidate_inputs(load_workspace(sample_inputs), 2025, sample_inputs)[0]


@pytest.fixture(scope="module")
def draft_2025(sample_inputs) -> Path:
    return write_draft(sample_inputs, 2025)


def test_the_draft_reads_back_into_the_seven_sections(draft_2025, consolidation_2025):
    assert draft_2025.name == ASSESSMENT_FILE and draft_2025.parent.name == "2025"
    assessment = load_assessment(draft_2025.parents[1], 2025)
    assert assessment is not None
    assert [s.title for s in assessment.sections] == TITLES
    expected = draft_sections(consolidation_2025)
    for key, _ in SECTIONS:
        assert list(assessment.paragraphs(key)) == expected[key], key
    # judgement is the Sở's: nothing is written for it
    assert missing_sections(assessment) == [
        "Nguyên nhân",
        "Bài học kinh nghiệm",
        "Phương hướng, nhiệm vụ",
        "Đề xuất, kiến nghị",
    ]


def test_the_draft_is_times_new_roman_14_with_heading_styles(draft_2025):
    document = Document(draft_2025)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "Normal"]
    assert headings == [
        ("Heading 1", "Đánh giá chung"),
        ("Heading 2", "Ưu điểm"),
        ("Heading 2", "Tồn tại, hạn chế"),
        ("Heading 2", "Nguyên nhân"),
        ("Heading 2", "Bài học kinh nghiệm"),
        ("Heading 1", "Phương hướng, nhiệm vụ"),
        ("Heading 1", "Đề xuất, kiến nghị"),
    ]
    for name in ("Normal", "Heading 1", "Heading 2"):
        font = document.styles[name].font
        assert (font.name, font.size.pt) == ("Times New Roman", 14), name
    assert document.styles["Heading 1"].font.bold is True
    assert document.sections[0].left_margin.mm == pytest.approx(30, abs=0.01)


def test_the_draft_states_the_years_facts(consolidation_2025):
    sections = draft_sections(consolidation_2025)
    general = [p.text for p in sections["danh_gia_chung"]]
    assert general[0] == (
        "Năm 2025 có 88/90 cơ quan, đơn vị gửi báo cáo (85 đúng hạn, 3 trễ hạn); 2 đơn vị chưa gửi."
    )
    assert general[2].startswith("Có 7/8 chỉ tiêu của Kế hoạch đạt hoặc vượt mức")
    strengths = [p.text for p in sections["uu_diem"]]
    assert strengths[0] == "Các chỉ tiêu đạt, vượt mức Kế hoạch:"
    assert (
        "- Số nhãn hiệu được cấp văn bằng bảo hộ: lũy kế từ năm 2021 có 10 nhãn hiệu "
        "(Kế hoạch: 5 - 10 nhãn hiệu), đạt mức Kế hoạch."
    ) in strengths
    shortcomings = [p.text for p in sections["ton_tai"]]
    # 2025 is the final year: a per-year target is judged, and shown, year by year
    assert shortcomings[:2] == [
        "Các chỉ tiêu chưa đạt mức Kế hoạch:",
        "- Số đơn đăng ký kiểu dáng công nghiệp: các năm 2021-2025 lần lượt có 2, 1, 2, 2, 3 "
        "đơn (Kế hoạch: 2 - 3 đơn/năm), chưa đạt mức Kế hoạch.",
    ]
    assert UNFINISHED_LEAD in shortcomings
    # not under the unfinished tasks: a lead of its own
    lead = shortcomings.index("Việc chấp hành chế độ báo cáo:")
    assert lead > shortcomings.index(UNFINISHED_LEAD)
    assert shortcomings[lead + 1] == (
        "- 2 cơ quan, đơn vị chưa gửi báo cáo: Thanh tra tỉnh và Ủy ban nhân dân xã Đoàn Kết."
    )
    # every agency that has not finished is named, for the province to follow up
    assert not any("đơn vị khác" in t for t in shortcomings)
    # a long list of communes is counted first, then named (thirty names in a bracket read
    # as one block to a signing official)
    eighth = next(t for t in shortcomings if "điểm a khoản 8" in t)
    assert (
        "(chưa thực hiện: Sở Tài chính và Ủy ban nhân dân các xã, phường gồm 10 đơn vị: phường "
        "Chiềng Sinh, phường Thảo Nguyên, xã Chiềng Mung, "
    ) in eighth
    task = next(t for t in shortcomings if "điểm a khoản 4" in t)
    assert task.startswith("- Nhiệm vụ tại điểm a khoản 4 Mục IV “Triển khai")
    assert task.endswith("(chưa thực hiện: Sở Công Thương).")
    # no vanban code is shown to the Sở
    texts = [p.text for paragraphs in sections.values() for p in paragraphs]
    assert not any("IV." in text or "CT-" in text for text in texts)


def test_the_draft_repeats_nothing_the_report_states_and_quotes_whole_words(
    consolidation_2025, draft_2025, tmp_path
):
    """The agencies' difficulties and proposals and the request for missing reports are in
    the report itself: the draft leaves «Nguyên nhân» and «Đề xuất, kiến nghị» to the Sở,
    and the report made with the draft states each of them once."""
    from generator.consolidate import report_context

    sections = draft_sections(consolidation_2025)
    assert sections["nguyen_nhan"] == [] and sections["de_xuat"] == []
    general = [p.text for p in sections["danh_gia_chung"]]
    assert general[1] == (
        "Các cơ quan, đơn vị đã báo cáo kết quả 682 lượt nhiệm vụ (nhiệm vụ giao cho nhiều đơn "
        "vị được tính một lượt cho mỗi đơn vị): 430 lượt đã hoàn thành, 155 lượt đang thực "
        "hiện, 97 lượt chưa thực hiện."
    )
    quoted = [p.text.split("“")[1].split("”")[0] for p in sections["ton_tai"] if "“" in p.text]
    tasks = [" ".join(task.text.split()) for task in consolidation_2025.plan.tasks]
    for quote in quoted:  # a whole clause, or cut at a comma or «;»: never in a word, marked
        whole = quote.removesuffix("…")
        assert any(
            text.startswith(whole) and (whole == text.rstrip(".") or text[len(whole)] in ",;")
            for text in tasks
        ), quote
    assert (
        "Xây dựng các tuyến du lịch sinh thái, du lịch canh nông, trải nghiệm gắn với quảng bá…"
        in (quoted)
    )
    assert not any(quote.endswith(".") for quote in quoted)
    # a task is unfinished when its lead says so: a partner's part is not a shortcoming of it
    lead_task = next(t for t in sections["ton_tai"] if "điểm c khoản 8 Mục IV" in t.text).text
    assert "Sở Dân tộc và Tôn giáo" in lead_task  # leads it in its own area
    assert not any("điểm a khoản 1 Mục IV" in p.text for p in sections["ton_tai"])

    template = CompiledTemplate.load(REPO / "templates" / "bao-cao-tong-hop.docx")
    assessment = read_assessment(draft_2025).as_context()
    rendered = tmp_path / "bao-cao.docx"
    rendered.write_bytes(template.render(report_context(consolidation_2025, assessment)))
    text = "\n".join(p.text for p in Document(str(rendered)).paragraphs)
    cause = "Địa bàn rộng, giao thông đi lại khó khăn nên việc tuyên truyền, hướng dẫn"
    proposal = "Đề nghị tiếp tục mở các lớp tập huấn nghiệp vụ về sở hữu trí tuệ"
    assert text.count(cause) == 1 and text.count(proposal) == 1
    assert text.count("khẩn trương gửi báo cáo") == 1  # the report's own request, once
    assert "gửi báo cáo theo đúng chế độ báo cáo" not in text


def test_unmet_targets_are_listed_among_the_shortcomings(consolidation_2025):
    from generator.consolidate import Outcome

    first = consolidation_2025.measures[0]
    unmet = replace(first, facts=replace(first.facts, outcome=Outcome.NOT_MET))
    c = replace(consolidation_2025, measures=[unmet, *consolidation_2025.measures[1:]])
    sections = draft_sections(c)
    shortcomings = [p.text for p in sections["ton_tai"]]
    assert shortcomings[:2] == [
        "Các chỉ tiêu chưa đạt mức Kế hoạch:",
        f"- {first.measure.name}: lũy kế từ năm 2021 có 2 sáng chế, giải pháp hữu ích (Kế "
        "hoạch: 1 - 2 sáng chế, giải pháp hữu ích), chưa đạt mức Kế hoạch.",
    ]
    assert sections["danh_gia_chung"][2].text.startswith("Có 6/8 chỉ tiêu")
    assert first.measure.name not in " ".join(p.text for p in sections["uu_diem"])


def test_period_targets_still_in_progress_are_told_apart(consolidation_2025):
    from generator.consolidate import Outcome

    first = consolidation_2025.measures[0]
    pending = replace(first, facts=replace(first.facts, outcome=Outcome.IN_PROGRESS))
    c = replace(consolidation_2025, measures=[pending, *consolidation_2025.measures[1:]])
    shortcomings = [p.text for p in draft_sections(c)["ton_tai"]]
    lead = shortcomings.index(
        "Các chỉ tiêu chưa đến năm đánh giá cuối cùng, đang tiếp tục thực hiện:"
    )
    assert shortcomings[lead + 1].startswith(f"- {first.measure.name}: ")
    assert shortcomings[lead + 1].endswith("giải pháp hữu ích), đang thực hiện.")
    assert first.measure.name not in " ".join(p.text for p in draft_sections(c)["uu_diem"])


def test_the_draft_is_the_same_bytes_each_time(sample_inputs, draft_2025, consolidation_2025):
    again = draft_docx(consolidation_2025, draft_sections(consolidation_2025))
    assert again == draft_2025.read_bytes()


def test_an_existing_file_is_never_overwritten(sample_inputs, draft_2025, tmp_path):
    before = draft_2025.read_bytes()
    with pytest.raises(OutputError) as caught:
        write_draft(sample_inputs, 2025)
    assert "đã có tệp nhận định" in caught.value.message()
    assert draft_2025.read_bytes() == before

    other = tmp_path / "inputs"
    shutil.copytree(sample_inputs, other, ignore=shutil.ignore_patterns("2025"))
    (other / "2024" / "Nhan-Dinh.doc").write_bytes(b"cu")
    with pytest.raises(OutputError) as caught:
        write_draft(other, 2024)
    assert caught.value.message().startswith("tệp Nhan-Dinh.doc: đã có tệp nhận định")
    assert sorted(p.name for p in (other / "2024").iterdir() if "inh" in p.name) == [
        "Nhan-Dinh.doc"
    ]


def test_a_year_with_invalid_workbooks_gets_no_draft(sample_inputs, tmp_path):
    other = tmp_path / "inputs"
    shutil.copytree(sample_inputs, other, ignore=shutil.ignore_patterns("2025"))
    (other / "2024" / "SCT.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(VanbanError) as caught:
        write_draft(other, 2024)
    assert "SCT.xlsx" in caught.value.message()
    assert not (other / "2024" / ASSESSMENT_FILE).exists()


def test_cli_writes_the_draft_then_refuses_a_second_time(sample_inputs, tmp_path):
    from click.testing import CliRunner

    from generator.cli import cli

    other = tmp_path / "inputs"
    shutil.copytree(sample_inputs, other, ignore=shutil.ignore_patterns("2025"))
    runner = CliRunner()
    first = runner.invoke(cli, ["nhan-dinh", "--year", "2024", "--inputs", str(other)])
    assert first.exit_code == 0, first.output
    assert "Đã tạo bản nháp" in first.output
    # 2024 is not the plan's last year: «Bài học kinh nghiệm» is not awaited
    assert first.output.rstrip().endswith(
        "Các mục còn trống, chờ viết nhận định: «Nguyên nhân», «Phương hướng, nhiệm vụ», "
        "«Đề xuất, kiến nghị»."
    )
    quiet_copy = tmp_path / "yen-lang"
    shutil.copytree(other, quiet_copy, ignore=shutil.ignore_patterns("nhan-dinh.docx"))
    quiet = runner.invoke(cli, ["nhan-dinh", "--year", "2024", "--inputs", str(quiet_copy), "-q"])
    assert (quiet.exit_code, quiet.output) == (0, "")
    assert (quiet_copy / "2024" / ASSESSMENT_FILE).is_file()
    second = runner.invoke(cli, ["nhan-dinh", "--year", "2024", "--inputs", str(other)])
    assert second.exit_code == 1
    assert "Lỗi: tệp nhan-dinh.docx: đã có tệp nhận định" in second.output


def test_the_draft_and_a_report_with_it_pass_the_ooxml_schema(
    draft_2025, consolidation_2025, tmp_path
):
    shared = REPO.parent / "shared" / "ooxml"
    if not shared.is_dir():
        if os.environ.get("VANBAN_REQUIRE_SHARED"):
            pytest.fail(f"thiếu thư mục tham chiếu {shared}")
        pytest.skip(f"không có bộ kiểm tra OOXML ở {shared}")
    sys.path.insert(0, str(shared))
    from docx_check import check_docx as ooxml_check

    from generator.consolidate import report_context

    template = CompiledTemplate.load(REPO / "templates" / "bao-cao-tong-hop.docx")
    assessment = read_assessment(draft_2025).as_context()
    rendered = tmp_path / "bao-cao.docx"
    rendered.write_bytes(template.render(report_context(consolidation_2025, assessment)))
    for path in (draft_2025, rendered):
        errors = [f for f in ooxml_check(path, xsd_dir=shared / "xsd") if f.level == "error"]
        assert not errors, (path, errors)


def test_the_draft_resaved_by_libreoffice_reads_the_same(draft_2025, tmp_path):
    """A clerk may edit the draft in LibreOffice: its .docx keeps the headings and runs."""
    from generator.batch import find_soffice

    soffice = find_soffice()
    if soffice is None:
        if os.environ.get("VANBAN_REQUIRE_SHARED"):
            pytest.fail("LibreOffice (soffice) phải có trong CI")
        pytest.skip("LibreOffice (soffice) chưa được cài")
    source = tmp_path / "nhap" / ASSESSMENT_FILE
    source.parent.mkdir()
    shutil.copy(draft_2025, source)
    out = tmp_path / "2025"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = load_assessment(tmp_path, 2025)
    original = read_assessment(draft_2025)
    assert resaved is not None and resaved.source.read_bytes() != draft_2025.read_bytes()
    assert resaved.sections == original.sections  # same titles, paragraphs and runs


def _with_status(report, code: str, status: TaskStatus):
    tasks = [replace(t, status=status) if t.code == code else t for t in report.tasks]
    return replace(report, tasks=tasks)


def test_a_task_waiting_on_a_higher_bodys_approval_is_no_shortcoming(consolidation_2025):
    """«… sau khi Thủ tướng Chính phủ phê duyệt» (cho_phe_duyet in the plan data): not
    begun, it is not listed among the tasks unfinished. Under way (the Sở's own IV.1.c, 45 %
    done and 350 million spent), it waits on no approval: it was left out of the Sở's own
    shortcomings, which a signing official called hiding them."""
    waiting = [t for t in consolidation_2025.plan.tasks if t.awaits_approval]
    assert {t.code for t in waiting} == {"IV.1.c", "IV.2.e", "IV.3.d2", "IV.4.d", "IV.5.1"}
    shortcomings = [p.text for p in draft_sections(consolidation_2025)["ton_tai"]]
    begun = {"điểm c khoản 1 Mục IV": "SKHCN", "điểm d khoản 4 Mục IV": "SCT"}
    for citation, code in begun.items():
        line = next(text for text in shortcomings if citation in text)
        name = consolidation_2025.workspace.registry.agency(code).name
        assert line.endswith(f"(đang thực hiện: {name})."), line
    # SCT's IV.4.d not begun: waiting, it is left out
    summaries = [
        replace(s, report=_with_status(s.report, "IV.4.d", TaskStatus.NOT_STARTED))
        if s.agency.code == "SCT"
        else s
        for s in consolidation_2025.agencies
    ]
    waiting_sct = replace(consolidation_2025, agencies=summaries)
    left = " ".join(p.text for p in draft_sections(waiting_sct)["ton_tai"])
    assert "điểm d khoản 4 Mục IV" not in left and "điểm c khoản 1 Mục IV" in left
    assert any("điểm c khoản 2 Mục IV" in text for text in shortcomings)  # an ordinary task


def _written_in_full(path: Path) -> None:
    """The clerk writes every empty section of the draft, touching no drafted paragraph."""
    document = Document(str(path))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        empty = following is not None and heading._p.getnext() is following._p
        if empty or (following is None and heading._p.getnext().tag.endswith("sectPr")):
            heading._p.addnext(Document().add_paragraph("Sở đánh giá: nội dung của Sở.")._p)
    document.save(str(path))


def test_a_draft_whose_figures_a_late_form_changed_keeps_the_report_a_draft(tmp_path):
    """nhan-dinh written with SCT's form missing; SCT's form then comes in and generate runs:
    «87/90» left as drafted beside the report's own «88/90» was signed as it was."""
    from generator.batch import GenerateOptions, generate

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    late = (inputs / "2025" / "SCT.xlsx").read_bytes()
    (inputs / "2025" / "SCT.xlsx").unlink()
    draft = write_draft(inputs, 2025)
    _written_in_full(draft)
    (inputs / "2025" / "SCT.xlsx").write_bytes(late)
    options = GenerateOptions(inputs=inputs, templates=REPO / "templates", out=tmp_path / "a")
    result = generate(replace(options, year=2025))
    [note] = [n for n in result.notes if "không còn đúng" in n]
    assert result.notes[0] == note  # what keeps the report from signing is told first
    assert "\n  - đang ghi: «Năm 2025 có 87/90 cơ quan, đơn vị gửi báo cáo" in note
    assert "\n    nay là: «Năm 2025 có 88/90 cơ quan, đơn vị gửi báo cáo" in note
    assert note.count("đang ghi:") == 4  # every paragraph, whole
    assert "và 2 đoạn khác" not in note
    report = Document(str(result.folder / "bao-cao-tong-hop.docx"))
    assert "DỰ THẢO" in "\n".join(p.text for p in report.paragraphs[:5])

    # the clerk corrects the paragraphs: no note, no mark
    document = Document(str(draft))
    for paragraph in document.paragraphs:
        if "cơ quan, đơn vị" in paragraph.text and paragraph.text.startswith("Năm 2025"):
            paragraph.text = paragraph.text.replace("87/90", "88/90") + " Đã cập nhật."
    document.save(str(draft))
    again = generate(replace(options, year=2025, out=tmp_path / "b"))
    stale = [n for n in again.notes if "không còn đúng" in n]
    assert len(stale) == 1 and "88/90" not in stale[0].split("(nay là")[0]


def test_word_s_automatic_lists_keep_their_bullets_and_numbers(tmp_path):
    """A list made with Word's buttons draws its marks outside the text: read as text they
    were lost, and the report ran the items together with no mark."""
    document = Document()
    document.add_heading("Phương hướng, nhiệm vụ", 1)
    for item in ("Tăng cường tuyên truyền;", "Hỗ trợ đăng ký nhãn hiệu."):
        document.add_paragraph(item, style="List Bullet")
    document.add_heading("Đề xuất, kiến nghị", 1)
    for item in ("Bố trí kinh phí;", "Tập huấn cán bộ;", "Hướng dẫn bàn giao."):
        document.add_paragraph(item, style="List Number")
    document.add_paragraph("Đoạn thường không có dấu.")
    assessment = read_assessment(save(document, tmp_path / "nhan-dinh.docx"))
    assert [p.text for p in assessment.paragraphs("phuong_huong")] == [
        "- Tăng cường tuyên truyền;",
        "- Hỗ trợ đăng ký nhãn hiệu.",
    ]
    assert [p.text for p in assessment.paragraphs("de_xuat")] == [
        "1. Bố trí kinh phí;",
        "2. Tập huấn cán bộ;",
        "3. Hướng dẫn bàn giao.",
        "Đoạn thường không có dấu.",
    ]


def test_hidden_text_in_the_assessment_stays_out_of_the_report(tmp_path):
    """A note the Sở hid in Word («[GHI CHÚ NỘI BỘ …]», font hidden) was printed visibly."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    draft = write_draft(inputs, 2025)
    _written_in_full(draft)
    document = Document(str(draft))
    paragraph = next(p for p in document.paragraphs if p.text == "Sở đánh giá: nội dung của Sở.")
    hidden = paragraph.add_run(" [GHI CHÚ NỘI BỘ: không đưa vào báo cáo]")
    hidden._r.get_or_add_rPr().append(parse_xml(f"<w:vanish {nsdecls('w')}/>"))
    document.save(str(draft))
    text = "\n".join(
        "".join(run.text for run in p.runs)
        for section in load_assessment(inputs, 2025).sections
        for p in section.paragraphs
    )
    assert "Sở đánh giá: nội dung của Sở." in text and "GHI CHÚ NỘI BỘ" not in text


def test_a_drafted_paragraph_with_no_counterpart_today_is_to_be_deleted(tmp_path):
    """A target that became met left its «chưa đạt» line: the note said «đang ghi: …» and
    nothing of what to do."""
    from generator.batch import _stale_note

    note = _stale_note([("- Số đơn: năm 2025 có 0 đơn, chưa đạt mức Kế hoạch", None)], tmp_path)
    assert note.endswith(
        "\n  - đang ghi: «- Số đơn: năm 2025 có 0 đơn, chưa đạt mức Kế hoạch»"
        "\n    nay: xóa đoạn này (số liệu hiện có không còn cho đoạn này ở mục đó)"
    )


def test_no_list_of_the_draft_closes_two_brackets(consolidation_2025):
    texts = [p.text for section in draft_sections(consolidation_2025).values() for p in section]
    assert not any("))" in text for text in texts)
