"""The report and the letters read as an official signs them, and a clerk edits their words.

Rendered from the shipped sample batch: 2024 (not the final year, before the mergers) and
2025 (the final year, after them).
"""

from __future__ import annotations

import ast
import io
import itertools
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import sample_consolidation
from docx import Document

from generator.batch import GenerateOptions, generate
from generator.cli import cli
from generator.documents.filters import chu_thuong_dau, giua_cau, liet_ke, so, trich_dan
from generator.documents.render import render_docx
from tests.conftest import REPO, TEMPLATES, make_letter_context, make_report_context


def text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def report_2025() -> str:
    return text_of(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", make_report_context(2025)))


@pytest.fixture(scope="module")
def report_2024() -> str:
    return text_of(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", make_report_context(2024)))


def test_report_follows_the_outline_of_a_real_report(report_2025: str):
    headings = [
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH VÀ TÌNH HÌNH BÁO CÁO",
        "1. Công tác chỉ đạo, điều hành",
        "2. Tình hình báo cáo của các cơ quan, đơn vị",
        "II. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG CỦA KẾ HOẠCH",
        "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA KẾ HOẠCH",
        "IV. KINH PHÍ THỰC HIỆN",
        "V. ĐÁNH GIÁ CHUNG",
        "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN TIẾP THEO",
        "VII. ĐỀ XUẤT, KIẾN NGHỊ",
        "Phụ lục I",
        "Phụ lục II",
        "Phụ lục III",
    ]
    lines = report_2025.splitlines()
    positions = [lines.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "4. Bài học kinh nghiệm" in report_2025
    # the period's figures, not its review: the agencies' reviews are due after signing
    assert "Kết quả thực hiện năm 2025 và giai đoạn 2021" in report_2025
    assert "tổng kết giai đoạn" not in report_2025
    assert "Kính gửi: Ủy ban nhân dân tỉnh Sơn La." in report_2025
    assert "- Như trên;" in report_2025
    # the day of the last report received, said as such (each agency's figures are of its day)
    assert "căn cứ báo cáo của các cơ quan, đơn vị gửi đến ngày 18/11/2025, Sở" in report_2025
    # what the report says it asked is what the letters ask (each its own part, by an outline)
    assert (
        "đề nghị từng cơ quan, đơn vị tổng kết việc thực hiện các nhiệm vụ được giao theo đề "
        "cương kèm công văn gửi đơn vị"
    ) in report_2025
    for number in ("I", "II", "III"):  # each appendix referred to, in the order they come
        assert f"tại Phụ lục {number} kèm theo" in report_2025


def test_not_final_year_looks_ahead_to_next_year(report_2024: str):
    assert "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025" in report_2024
    assert "Bài học kinh nghiệm" not in report_2024
    assert "Kết quả từng năm của giai đoạn" not in report_2024


def test_local_governments_are_named_in_full_in_the_report(report_2025: str):
    """«UBND xã Gia Phù» beside «Ủy ban nhân dân các xã, phường» on one line: the report
    writes the name in full, or after its group's name without the shared head."""
    assert not re.search(r"\bUBND (?:xã|phường|huyện|thị xã|thành phố) [A-ZĐ]", report_2025)
    assert not re.search(r"\bUBND các (?:xã|huyện)", report_2025.split("Kế hoạch số")[0])
    example = next(line for line in report_2025.splitlines() if "kết quả tiêu biểu:" in line)
    assert re.search(r"kết quả tiêu biểu: (?:xã|phường) [A-ZĐ]", example)
    assert re.search(r"\(.*Ủy ban nhân dân (?:xã|phường) [^,]+, (?:xã|phường) ", report_2025)


def test_a_task_is_quoted_in_the_plans_own_words_and_capitals(report_2025: str):
    """Lower-cased into the sentence, the plan's own slips («ủy ban nhân dân tỉnh») read as
    the Sở's: the task is quoted in quotation marks, first clause, as the plan writes it."""
    assert "Kế hoạch số\xa065/KH-UBND (“Tham mưu ủy ban nhân dân tỉnh triển khai" in report_2025
    assert "(tham mưu" not in report_2025


def test_the_register_annex_gives_the_years_each_title_is_counted_in():
    """An application of 2024 granted in 2025 counts in both years: the annex says so, so
    that it adds up to each year's figure."""
    context = make_report_context(2025)
    [asset] = [a for a in context.assets if a.title_number == "3-0014410"]
    # point c holds two targets (applications, titles): told apart by the short names the
    # plan's counting rules give (a bare «c (2024, 2025)» could not be checked)
    assert asset.targets == ["c – đơn (2024)", "c – văn bằng (2025)"]
    # a target of the whole period counts a solution once, in its first year, as the
    # yearly figures do («a (2024, 2025)» beside «a: 2025: 0»)
    [dryer] = [a for a in context.assets if a.application_number == "2-2022-00311"]
    assert dryer.targets == ["a (2024)", "b – văn bằng (2024)"]
    [mark] = [a for a in context.assets if a.title_number == "455120"]
    assert mark.targets == ["đ (2024)"]  # one target at its point: no short name
    dryer.application_number = ""  # an old title whose application number is not known
    text = text_of(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", context))
    assert "Chỉ tiêu (điểm, năm)" in text
    assert "\n15/4/2022\n" in text and ", 15/4/2022" not in text  # no comma before the date


def test_the_reporting_duty_is_proposed_once_when_the_so_proposed_it():
    """The Sở wrote «chỉ đạo … thực hiện nghiêm chế độ báo cáo» in its proposals: the report's
    own sentence on it is not added after, saying the same twice."""
    from generator.consolidate import report_context

    c = sample_consolidation(2025)
    own = "Đề nghị UBND tỉnh chỉ đạo các đơn vị chậm báo cáo thực hiện nghiêm chế độ báo cáo."
    assessment = {"de_xuat": [[{"text": own, "bold": False, "italic": False}]]}
    text = text_of(
        render_docx(TEMPLATES / "bao-cao-tong-hop.docx", report_context(c, assessment=assessment))
    )
    assert own in text
    assert text.count("chế độ báo cáo") == 1
    plain = text_of(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", report_context(c)))
    assert "thực hiện nghiêm chế độ báo cáo theo Kế hoạch" in plain
    # worded otherwise (a signing official's own: the tool's sentence followed it)
    other = "Đề nghị UBND tỉnh đôn đốc các đơn vị chưa gửi báo cáo năm 2025 khẩn trương gửi."
    assessment = {"de_xuat": [[{"text": other, "bold": False, "italic": False}]]}
    said = report_context(c, assessment=assessment)
    text = text_of(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", said))
    assert other in text and "thực hiện nghiêm chế độ báo cáo theo Kế hoạch" not in text


def test_lessons_the_so_wrote_in_another_year_are_printed_not_dropped():
    from generator.documents.context import AssessmentSection, Run

    context = make_report_context(2024)
    lesson = "Phối hợp liên ngành chặt chẽ ngay từ đầu năm."
    context.assessment["bai_hoc"] = AssessmentSection(paragraphs=[[Run(text=lesson)]])
    text = text_of(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", context))
    assert "4. Bài học kinh nghiệm" in text
    assert text.index("4. Bài học kinh nghiệm") < text.index(lesson)


@pytest.mark.parametrize("year", [2024, 2025])
def test_nothing_an_official_would_never_write(year: int, report_2024: str, report_2025: str):
    text = report_2024 if year == 2024 else report_2025
    for forbidden in (
        ".yaml",
        ".xlsx",
        "SỐ LIỆU MẪU",
        "CT-",
        "IV.3.d2",
        "Nhiệm vụ IV.",
        "quý cơ quan",
    ):
        assert forbidden not in text, forbidden
    assert not re.search(r"\b(?:II|III|IV)\.\d", text)
    # Each agency's result is its own sentence: no two statuses glued with ";".
    assert not re.search(r"(Đang|Đã|Chưa)[^\n]*; (đang|đã|chưa) thực hiện", text)
    assert "đã đề nghị" not in text
    # Vietnamese administrative texts quote in “…”, not in the «…» of the clerk's messages.
    assert "“" in text and "«" not in text and "»" not in text


def test_an_agency_that_ended_is_told_with_the_act_that_ended_it(report_2025: str):
    assert (
        "- Sở Giao thông vận tải: kết thúc hoạt động ngày 28/02/2025 (hợp nhất vào Sở Xây dựng, "
        "theo Nghị định số 45/2025/NĐ-CP ngày 28/02/2025 của Chính phủ quy định tổ chức các cơ "
        "quan chuyên môn thuộc Ủy ban nhân dân tỉnh"
    ) in report_2025
    # cited in full once, by its number after that
    assert (
        "- Sở Kế hoạch và Đầu tư: kết thúc hoạt động ngày 28/02/2025 (hợp nhất vào Sở Tài chính, "
        "theo Nghị định số 45/2025/NĐ-CP); Sở Tài chính tiếp nhận"
    ) in report_2025
    assert report_2025.count("Nghị định số 45/2025/NĐ-CP ngày") == 1
    # no act recorded in the registry: the reason alone
    assert (
        "tổ chức lại thành Chi cục Quản lý thị trường tỉnh Sơn La trực thuộc Sở Công Thương);"
        in (report_2025)
    )


def test_task_results_cite_the_plan_structure_and_name_agencies(report_2025: str):
    assert "Thực hiện nhiệm vụ tại điểm a khoản 1 Mục IV Kế hoạch số\xa065/KH-UBND" in report_2025
    assert "- Sở Công Thương: " in report_2025
    # A task of several areas is quoted under its first area and referred to in the others,
    # the tasks an area refers to in one sentence (not a line each).
    assert (
        "Kết quả thực hiện các nhiệm vụ tại điểm c, e khoản 2 Mục IV Kế hoạch số\xa065/KH-UBND, "
        "cũng thuộc nội dung này, đã nêu tại mục 2 phần II báo cáo này."
    ) in report_2025
    assert report_2025.count("đã nêu tại mục") == 6
    assert "Chưa có cơ quan, đơn vị nào báo cáo" not in report_2025


def test_per_year_target_judged_over_every_year_in_the_final_review(report_2025: str):
    assert "Chưa đạt (4/5 năm đạt)" in report_2025
    assert "Đánh giá đến năm 2025: 7/8 chỉ tiêu đạt hoặc vượt mức Kế hoạch" in report_2025


def test_without_the_sos_assessment_the_report_is_a_draft(report_2025: str):
    first_line = report_2025.splitlines()[0]
    assert "DỰ THẢO" in first_line and "DỮ LIỆU MẪU" in first_line


def test_letters_address_peers_with_a_fixed_reply_date():
    letter = text_of(render_docx(TEMPLATES / "cong-van.docx", make_letter_context(False, "SCT")))
    assert "Kính gửi: Sở Công Thương." in letter
    assert "đề nghị Sở Công Thương" in letter
    assert "quý cơ quan" not in letter.lower()
    assert "trước ngày 10/11/2025 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh" in letter
    assert "kể từ ngày nhận" not in letter
    final = text_of(render_docx(TEMPLATES / "cong-van.docx", make_letter_context(True, "SCT")))
    # 15 days (the plan data) from 18/11/2025, the last report received: not from 10/11
    assert "trước ngày 03/12/2025" in final
    assert "ĐỀ CƯƠNG BÁO CÁO TỔNG KẾT GIAI ĐOẠN 2021-2025" in final


def test_filters_write_the_vietnamese_way():
    assert trich_dan({"point": "đ", "clause": "2", "section": "II"}) == "điểm đ khoản 2 Mục II"
    assert trich_dan({"point": "", "clause": "7", "section": "IV"}) == "khoản 7 Mục IV"
    assert liet_ke(["A", "B", "C"]) == "A, B và C"
    two = ["Sở Giáo dục và Đào tạo", "Sở Tài chính"]
    assert liet_ke(two) == "Sở Giáo dục và Đào tạo, Sở Tài chính"
    assert liet_ke(two, "hoặc") == "Sở Giáo dục và Đào tạo hoặc Sở Tài chính"
    districts = ["Ủy ban nhân dân huyện Bắc Yên", "Ủy ban nhân dân huyện Mai Sơn"]
    assert liet_ke([*districts, "Ủy ban nhân dân thị xã Mộc Châu"]) == (
        "Ủy ban nhân dân huyện Bắc Yên, huyện Mai Sơn và thị xã Mộc Châu"
    )  # the head written once, as an official writes a list of local governments
    assert liet_ke(districts) == "Ủy ban nhân dân huyện Bắc Yên và Ủy ban nhân dân huyện Mai Sơn"
    assert chu_thuong_dau("OCOP tỉnh") == "OCOP tỉnh"
    assert chu_thuong_dau("UBND xã") == "UBND xã"
    assert chu_thuong_dau("Tổ chức") == "tổ chức"
    # a group's name inside a sentence: «Phối hợp (các doanh nghiệp … chủ trì)»
    assert giua_cau("Các doanh nghiệp viễn thông") == "các doanh nghiệp viễn thông"
    assert giua_cau("Sở Tài chính") == "Sở Tài chính"
    assert giua_cau("Ủy ban nhân dân các xã, phường") == "Ủy ban nhân dân các xã, phường"


def test_a_sentence_changed_in_word_changes_every_letter(tmp_path: Path):
    """A clerk opens the template in Word, rewrites a sentence, saves: the letters follow."""
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    template = templates / "cong-van.docx"
    document = Document(str(template))
    closing = next(p for p in document.paragraphs if "quan tâm, phối hợp thực hiện" in p.text)
    for run in closing.runs[1:]:
        run.text = ""
    closing.runs[0].text = "{{ issuer }} trân trọng đề nghị {{ agency.name }} phối hợp./."
    document.save(str(template))
    out = tmp_path / "out"
    generate(GenerateOptions(inputs=inputs, templates=templates, out=out, year=2024))
    letters = sorted((out / "2024" / "cong-van").glob("*.docx"))
    assert letters
    for path in letters:
        text = text_of(path.read_bytes())
        assert "Sở Khoa học và Công nghệ trân trọng đề nghị " in text
        assert "quan tâm, phối hợp thực hiện" not in text


# Words that name this province, this plan, its subject, an agency or a target code: they
# belong in the YAML data or the Word templates, never in the package's string literals.
FORBIDDEN_IN_CODE = [
    "Sơn La",
    "65/KH",
    "KH-UBND",
    "sở hữu trí tuệ",
    "nhãn hiệu",
    "chỉ dẫn địa lý",
    "Khoa học và Công nghệ",
    "Ủy ban nhân dân tỉnh",
    "UBND tỉnh",
    "SKHCN",
    "QLCN",
    "CT-",
    "2021-2025",
    "10/11",
    "ngày 10 tháng 11",
    "Lãnh đạo Sở",
    "xã, phường",
    "huyện, thành phố",
    "Theo phương án sắp xếp",
    "ngày làm việc",
]


def _string_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_province_plan_or_subject_word_in_the_package():
    found = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        for line, value in _string_literals(path):
            for word in FORBIDDEN_IN_CODE:
                if word.casefold() in value.casefold():
                    found.append(f"{path.relative_to(REPO)}:{line}: «{word}» in {value[:60]!r}")
    assert not found, "\n".join(found)


def _edited_letter(tmp_path: Path, new_text: str) -> Path:
    """The letter template with its closing sentence rewritten in Word (python-docx)."""
    template = tmp_path / "cong-van.docx"
    shutil.copyfile(TEMPLATES / "cong-van.docx", template)
    document = Document(str(template))
    closing = next(p for p in document.paragraphs if "quan tâm, phối hợp thực hiện" in p.text)
    for run in closing.runs[1:]:
        run.text = ""
    closing.runs[0].text = new_text
    document.save(str(template))
    return template


def test_the_template_guide_lists_variables_and_filters():
    result = CliRunner().invoke(cli, ["mau-van-ban"])
    assert result.exit_code == 0, result.output
    assert "Mẫu cong-van.docx (công văn gửi từng cơ quan, đơn vị):" in result.output
    assert "  agency.name: tên đầy đủ" in result.output
    assert "  tasks[i].citation.point: điểm (chữ cái), có thể rỗng" in result.output
    assert "  ngay_ngan: Ngày viết gọn như trích dẫn văn bản: «05/11/2025»" in result.output


def test_the_template_guide_s_examples_come_from_the_workspace_s_plan(tmp_path: Path):
    shutil.copy(REPO / "inputs" / "don-vi.yaml", tmp_path / "don-vi.yaml")
    plan = (REPO / "inputs" / "ke-hoach.yaml").read_text("utf-8")
    plan = plan.replace("so: 65\n", "so: 212\n", 1)
    plan = plan.replace('to_chuc_thuc_hien: {muc: "IV"}', 'to_chuc_thuc_hien: {muc: "V"}', 1)
    (tmp_path / "ke-hoach.yaml").write_text(plan, "utf-8")
    result = CliRunner().invoke(cli, ["mau-van-ban", "--inputs", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Theo kế hoạch đang dùng: «Kế hoạch số\xa0212/KH-UBND»." in result.output
    assert "Theo kế hoạch đang dùng: «điểm a khoản 1 Mục V»." in result.output
    assert "65/KH-UBND" not in result.output and "Mục IV" not in result.output


def test_outside_a_workspace_the_template_guide_quotes_no_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["mau-van-ban"])
    assert result.exit_code == 0, result.output
    assert "Bộ lọc:" in result.output and "Theo kế hoạch đang dùng" not in result.output
    for shipped_words in ("65/KH-UBND", "Mục IV", "UBND các huyện", "OCOP", "văn bằng «"):
        assert shipped_words not in result.output


def test_the_variable_list_has_what_the_shipped_templates_use():
    """«reminded.issued_on» (a forward reference), «header.issuing_rule_mm» (computed) and
    the runs of an assessment paragraph («paragraphs[i][j]») were missing or wrong."""
    result = CliRunner().invoke(cli, ["mau-van-ban"])
    assert "  reminded.issued_on: ngày của công văn đôn đốc" in result.output
    assert "  header.issuing_rule_mm: Độ dài (mm) đường kẻ dưới tên cơ quan" in result.output
    assert "  assessment.<mục>.paragraphs[i][j].text" in result.output
    assert "paragraphs[i].text" not in result.output


def test_an_edited_template_with_an_unknown_variable_is_named(tmp_path: Path):
    template = _edited_letter(tmp_path, "{{ issuer }} đề nghị {{ don_vi_nhan }} phối hợp./.")
    result = CliRunner().invoke(
        cli, ["mau-van-ban", "--kiem-tra", str(template), "--inputs", str(REPO / "inputs")]
    )
    assert result.exit_code == 1
    assert "mẫu dùng biến «don_vi_nhan» mà dữ liệu không có" in result.output


def test_an_edited_template_with_a_syntax_error_names_the_paragraph(tmp_path: Path):
    template = _edited_letter(tmp_path, "{% if final_year %}Trân trọng đề nghị phối hợp./.")
    result = CliRunner().invoke(
        cli, ["mau-van-ban", "--kiem-tra", str(template), "--inputs", str(REPO / "inputs")]
    )
    assert result.exit_code == 1
    assert "Mẫu có lỗi cú pháp" in result.output
    assert "«{% if final_year %}Trân trọng đề nghị phối hợp./.» chưa có thẻ đóng {% endif %}" in (
        result.output
    )


def test_an_edited_template_that_is_fine_passes_with_its_layout(tmp_path: Path):
    template = _edited_letter(tmp_path, "{{ issuer }} trân trọng đề nghị {{ agency.name }}./.")
    result = CliRunner().invoke(
        cli, ["mau-van-ban", "--kiem-tra", str(template), "--inputs", str(REPO / "inputs")]
    )
    assert result.exit_code == 0, result.output
    assert "thể thức văn bản điền từ mẫu" in result.output


def _check_edited(template: Path):
    return CliRunner().invoke(
        cli, ["mau-van-ban", "--kiem-tra", str(template), "--inputs", str(REPO / "inputs")]
    )


def test_a_mistake_in_a_branch_one_agency_takes_is_found_before_generate(tmp_path: Path):
    """--kiem-tra rendered the letter of one agency: a misspelled name in a branch the
    others take passed the check, then generate failed."""
    last = "{% if agency.code == 'XA-YEN-SON' %}{{ agency.nmae }}{% endif %}Trân trọng./."
    result = _check_edited(_edited_letter(tmp_path, last))
    assert result.exit_code == 1
    assert "nmae" in result.output


def test_a_tag_broken_into_braces_is_found_in_the_rendered_letters(tmp_path: Path):
    result = _check_edited(_edited_letter(tmp_path, "{ { agency.name } } trân trọng./."))
    assert result.exit_code == 1
    assert "văn bản điền từ mẫu còn «{ { agency.name } }»" in result.output


def test_a_copy_of_a_template_kept_aside_is_checked_as_that_template(tmp_path: Path):
    template = _edited_letter(tmp_path, "{{ issuer }} trân trọng đề nghị {{ agency.name }}./.")
    copy = template.with_name("Cong-Van - Copy.docx")
    template.rename(copy)
    result = _check_edited(copy)
    assert result.exit_code == 0, result.output


def test_the_correction_letter_template_is_rendered_by_the_check(tmp_path: Path):
    template = tmp_path / "cong-van-sua-phieu.docx"
    document = Document(TEMPLATES / "cong-van-sua-phieu.docx")
    document.add_paragraph("{{ header.signer.nmae }}")
    document.save(template)
    result = _check_edited(template)
    assert result.exit_code == 1
    assert "nmae" in result.output


def test_a_letter_counts_tasks_without_repeating_itself():
    context = make_letter_context(False, "SCT").model_copy(
        update={"done": 1, "in_progress": 0, "not_started": 0}
    )
    letter = text_of(render_docx(TEMPLATES / "cong-van.docx", context))
    assert "Nhiệm vụ được giao đã hoàn thành." in letter
    context = context.model_copy(update={"done": 3})
    letter = text_of(render_docx(TEMPLATES / "cong-van.docx", context))
    assert "Cả 3 nhiệm vụ được giao đều đã hoàn thành." in letter
    context = context.model_copy(update={"done": 2, "not_started": 1})
    letter = text_of(render_docx(TEMPLATES / "cong-van.docx", context))
    assert (
        "Trong 3 nhiệm vụ được giao: 2 nhiệm vụ đã hoàn thành, 1 nhiệm vụ chưa thực hiện." in letter
    )


def test_agencies_that_wrote_the_same_result_share_one_line(report_2025: str):
    """Seven departments pasted the same sentence for one task: one line names them all (by
    commas: «… và Đào tạo và Sở …» would not read as two agencies), and no task lists the same
    result twice, unless it holds a figure: «kiểm tra 5 cơ sở» is each agency's own, and one
    line for three agencies would read as one figure for all."""
    assert (
        "- Sở Giáo dục và Đào tạo, Sở Khoa học và Công nghệ, Sở Nội vụ, Sở Xây dựng, Sở Y tế, "
        "Văn phòng Ủy ban nhân dân tỉnh, Chi cục Quản lý thị trường tỉnh Sơn La: Đã quán "
        "triệt, phổ biến Kế hoạch đến các phòng, đơn vị trực thuộc"
    ) in report_2025
    lines = report_2025.splitlines()
    repeated_figures = 0
    for first, second in itertools.pairwise(lines):
        if first.startswith("- ") and second.startswith("- ") and ": " in first and ": " in second:
            result = second.split(": ", 1)[1]
            if any(character.isdigit() for character in result.replace("2025", "")):
                repeated_figures += first.split(": ", 1)[1] == result
            else:
                assert first.split(": ", 1)[1] != result, second
    assert repeated_figures, "the sample has agencies writing the same figure"
    assert ", Sở Khoa học và Công nghệ và Sở Y tế: Đã phối hợp kiểm tra" not in report_2025


def test_a_task_named_by_its_first_clause_keeps_a_list_of_names_whole():
    """«…Cổng thông tin điện tử của tỉnh; Trang thông tin điện tử của các cơ quan…» was cut
    at the «;»: a commune's letter read as if it ran the province's portal."""
    from generator.documents.filters import menh_de_dau

    text = (
        "Tăng cường công tác truyền thông trên Cổng thông tin điện tử của tỉnh; Trang Thông tin "
        "điện tử của các cơ quan, đơn vị trên địa bàn tỉnh, Đài Phát thanh - Truyền hình tỉnh"
    )
    assert menh_de_dau(text) == text
    assert menh_de_dau("Phối hợp các sở; tổ chức hội nghị. Câu hai.") == "Phối hợp các sở …"
    assert menh_de_dau("Triển khai Kế hoạch. Lồng ghép nội dung") == "Triển khai Kế hoạch …"
    assert menh_de_dau("Triển khai Kế hoạch này.") == "Triển khai Kế hoạch này."  # whole


def test_a_letter_to_a_chi_cuc_is_copied_to_its_so():
    """The market-surveillance Chi cục belongs to Sở Công Thương (truc_thuoc): its letter
    goes to the Sở «để biết»; the others' lists stay as the plan data gives them."""
    from generator.consolidate import letter_context

    c = sample_consolidation(2025)
    by_code = {s.agency.code: s for s in c.letter_recipients}
    chi_cuc = letter_context(c, by_code["CCQLTT"]).header.recipients
    assert chi_cuc[:2] == ["Như trên", "Sở Công Thương (để biết)"]
    assert "Sở Công Thương (để biết)" not in letter_context(c, by_code["SCT"]).header.recipients


def test_a_group_leading_a_task_is_lower_cased_in_the_partners_role_cell(tmp_path: Path):
    """«Phối hợp (Các doanh nghiệp … chủ trì)» put a capital in the middle of a sentence."""
    context = make_letter_context().model_copy(deep=True)
    task = next(t for t in context.tasks if not t.lead and t.leads)
    task.leads = ["Các doanh nghiệp viễn thông", "Sở Tài chính"]
    text = text_of(render_docx(TEMPLATES / "cong-van.docx", context))
    assert "Phối hợp (chủ trì: các doanh nghiệp viễn thông và Sở Tài chính)" in text


def test_kiem_tra_says_why_the_layout_was_not_checked_and_a_name_generate_ignores(
    tmp_path: Path,
):
    """Workbooks with errors: the template is not rendered, and the clerk is told so
    (it said «dùng được» without the layout, with no reason); a copy under another name is
    told to be unused by generate."""
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    (inputs / "2025" / "SCT.xlsx").write_bytes(b"khong phai xlsx")
    template = _edited_letter(tmp_path, "{{ issuer }} trân trọng đề nghị {{ agency.name }}./.")
    copy = template.with_name("cong-van ban sua.docx")
    template.rename(copy)
    result = CliRunner().invoke(
        cli, ["mau-van-ban", "--kiem-tra", str(copy), "--inputs", str(inputs)]
    )
    assert result.exit_code == 0, result.output
    assert "(cú pháp, biến đều đạt)" in result.output
    assert (
        "Lưu ý: chưa điền thử mẫu bằng số liệu nên chưa đối chiếu thể thức: dữ liệu đầu vào "
        "chưa hợp lệ (phiếu báo cáo năm 2025 có lỗi; xem «vanban validate»)"
    ) in result.output
    assert "chỉ dùng tệp mẫu tên «cong-van.docx»" in result.output


def test_a_long_figure_in_a_narrow_column_breaks_after_a_dot_only():
    """«2.000.000.00|0 đồng» split inside a group of digits in the targets table."""
    from generator.documents.filters import ngat_so

    assert ngat_so("ít nhất 2.000.000.000 đồng") == "ít nhất 2.\u200b000.\u200b000.\u200b000 đồng"
    assert ngat_so("300.000") == "300.000"  # short enough: unchanged
    assert ngat_so("83,33%") == "83,33%"


def test_kiem_tra_checks_the_layout_of_a_branch_only_some_letters_take(tmp_path: Path):
    """Arial set on the sentence only letters to agencies that sent nothing have: the
    first letter checked had reported, and the template was said to pass."""
    from docx.shared import Pt

    template = tmp_path / "cong-van.docx"
    shutil.copyfile(TEMPLATES / "cong-van.docx", template)
    document = Document(str(template))
    paragraph = next(p for p in document.paragraphs if "chưa nhận được báo cáo" in p.text)
    for run in paragraph.runs:
        run.font.name, run.font.size = "Arial", Pt(12)
    document.save(str(template))
    result = CliRunner().invoke(
        cli, ["mau-van-ban", "--kiem-tra", str(template), "--inputs", str(REPO / "inputs")]
    )
    assert result.exit_code == 1
    assert "phông Arial" in result.output and "«Đến ngày" in result.output


def test_a_misspelled_field_in_a_branch_no_letter_takes_is_refused(tmp_path: Path):
    """«agency.nmae» where no agency's letter goes this year rendered nothing wrong, and
    would stop generate the year one did: named now, with its paragraph, by --kiem-tra and
    by generate before anything is written."""
    from generator.batch import GenerateOptions, generate
    from generator.errors import TemplateError

    sentence = "{% if not year %}{{ agency.nmae }} {% endif %}{{ issuer }} trân trọng cảm ơn./."
    template = _edited_letter(tmp_path, sentence)
    result = CliRunner().invoke(
        cli, ["mau-van-ban", "--kiem-tra", str(template), "--inputs", str(REPO / "inputs")]
    )
    assert result.exit_code == 1
    assert "mẫu dùng trường «agency.nmae» mà dữ liệu không có (đoạn «" in result.output
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    shutil.copyfile(template, templates / "cong-van.docx")
    out = tmp_path / "out"
    with pytest.raises(TemplateError, match=r"«agency\.nmae»"):
        generate(GenerateOptions(inputs=REPO / "inputs", templates=templates, out=out, year=2025))
    assert not (out / "2025").exists()


def test_an_area_without_tasks_is_said_as_what_was_reported(report_2025: str):
    """«Kế hoạch không giao nhiệm vụ cụ thể…» read as the Sở remarking on the plan of the
    body it reports to."""
    assert "Kế hoạch không giao nhiệm vụ" not in report_2025
    assert "Năm 2025, các cơ quan, đơn vị chưa báo cáo hoạt động cụ thể thuộc nội dung này." in (
        report_2025
    )


def test_a_letter_names_an_international_registration_as_such():
    """«đơn số Madrid 1823456 nộp ngày …» read as a national application."""
    from datetime import date

    from generator.documents.context import AssetFacts

    context = make_letter_context(final_review=True).model_copy(deep=True)
    context.assets = [
        AssetFacts(
            name="HATIFISH",
            kind="nhãn hiệu",
            application_number="Madrid 1823456",
            international_number="1823456",
            filed_on=date(2025, 5, 12),
            contributors=["Sở Công Thương"],
        )
    ]
    text = text_of(render_docx(TEMPLATES / "cong-van.docx", context))
    assert "- Nhãn hiệu “HATIFISH”, đăng ký quốc tế số 1823456 ngày 12/5/2025." in text


def test_braces_written_on_purpose_are_not_taken_for_a_broken_tag(tmp_path: Path):
    """«{_{ agency.name }_}» writes «{{ agency.name }}» as text (docxtpl): generate did,
    and --kiem-tra called it a tag split by Word."""
    template = _edited_letter(tmp_path, "Cú pháp mẫu: {_{ agency.name }_} và {_% if x %_}./.")
    result = CliRunner().invoke(
        cli, ["mau-van-ban", "--kiem-tra", str(template), "--inputs", str(REPO / "inputs")]
    )
    assert result.exit_code == 0, result.output
    assert "dấu ngoặc của thẻ bị tách" not in result.output


def test_the_guide_gives_each_filter_its_whole_description():
    """Cut at the docstring's first line: «… từ chỉ số nhiều («Các doanh»; «``liet_ke``»."""
    output = CliRunner().invoke(cli, ["mau-van-ban"]).output
    line = next(x for x in output.splitlines() if x.startswith("  giua_cau: "))
    assert line.endswith("tên riêng («Sở Tài chính») giữ nguyên.")
    assert "``" not in output


def test_a_milestone_passed_gives_its_cumulative_figure_at_its_year():
    """In 2026, a target due by 2025 is judged at 2025: «Lũy kế 9» beside 2026's «1» read
    as a sum gone wrong; the cell says the year the figure stands at."""
    context = make_report_context(2025).model_copy(deep=True)
    target = next(t for t in context.targets if not t.per_year)
    target.due_year = 2024
    text = text_of(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", context))
    assert f"{target.cumulative} (đến năm 2024)" in text
    assert text.count("(đến năm 2024)") == 1


def test_the_activity_figures_say_once_what_they_leave_out(report_2025: str):
    """«trong năm tổ chức 6 lớp tập huấn» while two agencies sent nothing and the districts'
    first half-year was reported by no one: the sums are of the reports received, said once."""
    said = (
        "Số liệu hoạt động nêu tại phần này tổng hợp từ báo cáo các cơ quan, đơn vị đã gửi, "
        "chưa gồm số liệu của 2 cơ quan, đơn vị chưa gửi báo cáo và kết quả từ ngày 01/01/2025 "
        "đến ngày 30/6/2025 của 12 đơn vị kết thúc hoạt động ngày đó."
    )
    assert report_2025.count(said) == 1
    assert report_2025.index(said) < report_2025.index("Theo số liệu các cơ quan, đơn vị báo cáo")


def test_an_activity_figure_the_plan_gives_no_wording_reads_as_a_clause():
    """«trong năm số cuộc diễn tập an toàn thông tin: 11 cuộc.» (a plan without «cach_ghi»)
    read as a heading cut into a sentence."""
    report = make_report_context(2025)
    area = next(a for a in report.areas if a.totals)
    first = area.totals[0].model_copy(update={"worded": None})
    area.totals[:] = [first, *area.totals[1:]]
    text = text_of(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", report))
    name = first.name[0].lower() + first.name[1:]
    assert f"trong năm {name} là {so(first.value)} {first.unit}" in text


def test_a_document_s_author_is_the_issuing_body_on_one_line():
    """The author field held the header's line break («SỞ KHOA HỌC\\nVÀ CÔNG NGHỆ …»)."""
    import zipfile

    data = render_docx(TEMPLATES / "bao-cao-tong-hop.docx", make_report_context(2025))
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        core = docx.read("docProps/core.xml").decode()
    creator = core.split("<dc:creator>")[1].split("</dc:creator>")[0]
    assert creator == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"


def test_a_letter_lists_the_titles_with_the_agency_s_part_in_plain_words():
    context = make_letter_context(True, "XA-TA-XUA")
    letter = text_of(render_docx(TEMPLATES / "cong-van.docx", context))
    assert context.assets and not context.predecessors
    assert "đã tham gia (theo danh mục" not in letter
    assert (
        "Đơn đăng ký, văn bằng bảo hộ có sự tham gia của Ủy ban nhân dân xã Tà Xùa (theo danh "
        "mục của tỉnh):"
    ) in letter
