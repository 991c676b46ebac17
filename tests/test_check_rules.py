"""`vanban check`, the rules of issue 14 and the citations: documents built after the
decree's own examples pass every rule; each mutation breaks one rule and only that one;
documents vanban did not write (python-docx's default, a LibreOffice re-save) are read."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from fixtures_conformance import CONG_VAN, Spec, body_paragraphs, build

from generator.check import decree
from generator.check.conformance import Finding, check_docx

LONG = Spec(body_paragraphs=40)
TWO_APPENDICES = replace(LONG, appendices=("Danh sách cơ quan, đơn vị", "Kết quả thực hiện"))


def findings_of(tmp_path: Path, spec: Spec, name: str = "vb.docx") -> dict[str, Finding]:
    return {f.rule: f for f in check_docx(build(tmp_path / name, spec))}


def only_failure(tmp_path: Path, spec: Spec, rule: str) -> Finding:
    findings = findings_of(tmp_path, spec)
    failed = sorted(r for r, f in findings.items() if not f.passed)
    assert failed == [rule], [(r, findings[r].found) for r in failed]
    return findings[rule]


# --------------------------------------------------------------------------- the decree's examples


@pytest.mark.parametrize(
    "spec",
    [LONG, replace(CONG_VAN, body_paragraphs=40), TWO_APPENDICES],
    ids=["bao-cao-gui-cap-tren", "cong-van-nhieu-noi-nhan", "hai-phu-luc"],
)
def test_documents_after_the_decree_examples_pass_every_rule(tmp_path, spec):
    findings = findings_of(tmp_path, spec)
    assert [(r, f.found) for r, f in findings.items() if not f.passed] == []
    assert list(findings) == list(decree.RULES)


def test_two_appendices_are_seen_and_checked(tmp_path):
    finding = findings_of(tmp_path, TWO_APPENDICES)["phu-luc"]
    assert finding.found == "2 phụ lục đúng quy định"


def test_cong_van_with_several_recipients_is_read_as_a_list(tmp_path):
    finding = findings_of(tmp_path, CONG_VAN)["trinh-bay-kinh-gui"]
    assert "3 nơi nhận" in finding.found


# --------------------------------------------------------------------------- citations

EXPECTED_CITATIONS = {
    "kho-giay": "Phụ lục I, Phần I, Mục I, khoản 1",
    "chieu-trang": "Phụ lục I, Phần I, Mục I, khoản 2",
    "le-trang": "Phụ lục I, Phần I, Mục I, khoản 3",
    "phong-chu": "Phụ lục I, Phần I, Mục I, khoản 4",
    "mau-chu": "Phụ lục I, Phần I, Mục I, khoản 4",
    "vi-tri": "Phụ lục I, Phần I, Mục I, khoản 6",
    "so-trang": "Phụ lục I, Phần I, Mục I, khoản 7",
    "quoc-hieu": "Phụ lục I, Phần I, Mục II, khoản 1, điểm a",
    "tieu-ngu": "Phụ lục I, Phần I, Mục II, khoản 1, điểm b",
    "co-quan-ban-hanh": "Phụ lục I, Phần I, Mục II, khoản 2, điểm b",
    "so-ky-hieu": "Phụ lục I, Phần I, Mục II, khoản 3, điểm b, c",
    "dia-danh-ngay": "Phụ lục I, Phần I, Mục II, khoản 4, điểm b, c",
    "ten-loai-trich-yeu": "Phụ lục I, Phần I, Mục II, khoản 5, điểm b",
    "trich-dan": "Phụ lục I, Phần I, Mục II, khoản 6, điểm b",
    "de-muc": "Phụ lục I, Phần I, Mục II, khoản 6, điểm đ",
    "noi-dung": "Phụ lục I, Phần I, Mục II, khoản 6, điểm e",
    "chuc-vu-nguoi-ky": "Phụ lục I, Phần I, Mục II, khoản 7, điểm b, đ",
    "kinh-gui": "Phụ lục I, Phần I, Mục II, khoản 9, điểm b",
    "trinh-bay-kinh-gui": "Phụ lục I, Phần I, Mục II, khoản 9, điểm d",
    "noi-nhan": "Phụ lục I, Phần I, Mục II, khoản 9, điểm d",
    "phu-luc": "Phụ lục I, Phần I, Mục III, khoản 1",
    "nguoi-soan-thao": "Phụ lục I, Phần I, Mục III, khoản 3",
}


def test_every_rule_cites_the_decree_as_the_table_says():
    assert {code: rule.citation.text for code, rule in decree.RULES.items()} == (EXPECTED_CITATIONS)


def _khoan_of_each_muc(format_md: str) -> dict[str, set[int]]:
    """From format.md's «Where each rule stands»: the khoản numbers listed under each Mục."""
    found: dict[str, set[int]] = {}
    for line in format_md.splitlines():
        match = re.match(r"- \*\*Phần I, Mục (I{1,3}) — [^*]+\*\*: (.*)", line)
        if match:
            found[match[1]] = {int(n) for n in re.findall(r"(?:khoản |; )(\d+) ", match[2])}
    return found


def test_citations_stand_where_format_md_puts_them(shared_dir):
    listed = _khoan_of_each_muc((shared_dir / "format.md").read_text(encoding="utf-8"))
    assert listed["I"] == {1, 2, 3, 4, 5, 6, 7} and 9 in listed["II"] and 3 in listed["III"]
    for code, rule in decree.RULES.items():
        citation = rule.citation
        assert (citation.phu_luc, citation.phan) == ("I", "I"), code
        assert citation.khoan in listed[citation.muc], code


def test_the_first_line_indent_is_quoted_as_the_decree_says_it():
    assert "lùi đầu dòng 1 cm hoặc 1,27 cm" in decree.RULES["noi-dung"].requirement
    assert decree.FIRST_LINE_INDENTS_CM == (1.0, 1.27)


# --------------------------------------------------------------------------- mutations


def _paragraph_with(document, start: str):
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for cell in table._cells:
            paragraphs.extend(cell.paragraphs)
    return next(p for p in paragraphs if p.text.startswith(start))


def _remove(paragraph) -> None:
    paragraph._p.getparent().remove(paragraph._p)


def test_landscape_section_without_a_table_fails(tmp_path):
    def drop_appendix_table(document):
        table = document.tables[-1]._tbl
        table.getparent().remove(table)

    spec = replace(LONG, appendices=("Danh sách",), appendix_landscape=True)
    assert findings_of(tmp_path, spec, "ok.docx")["chieu-trang"].passed
    finding = only_failure(tmp_path, replace(spec, tweak=drop_appendix_table), "chieu-trang")
    assert "phần 2: nằm ngang nhưng không có bảng, biểu" in finding.found


def test_page_number_in_ten_point_fails(tmp_path):
    def small_page_number(document):
        header = document.sections[0].header.paragraphs[0]
        for run in header._p.iter(qn("w:r")):
            rpr = run.get_or_add_rPr()
            rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="20"/>'))

    finding = only_failure(tmp_path, replace(LONG, tweak=small_page_number), "so-trang")
    assert "số trang cỡ 10 (cần 13–14)" in finding.found and finding.severity == "lỗi"


def test_page_number_in_italics_fails(tmp_path):
    def italic(document):
        document.styles["Header"].font.italic = True

    finding = only_failure(tmp_path, replace(LONG, tweak=italic), "so-trang")
    assert "số trang in nghiêng" in finding.found


def _full_width_rule(cell_index: int, rule_index: int):
    def tweak(document):
        cell = document.tables[0].rows[0].cells[cell_index]
        fmt = cell.paragraphs[rule_index].paragraph_format
        fmt.left_indent = fmt.right_indent = Cm(0)

    return tweak


def test_tieu_ngu_rule_longer_than_the_text_is_a_recommendation(tmp_path):
    spec = replace(Spec(), tweak=_full_width_rule(1, 2))
    finding = only_failure(tmp_path, spec, "tieu-ngu")
    assert finding.severity == "khuyến nghị"
    assert "đường kẻ dưới tiêu ngữ dài 9,1 cm, dòng chữ khoảng 5,6 cm" in finding.found


def test_issuing_body_rule_as_long_as_the_text_is_a_recommendation(tmp_path):
    spec = replace(Spec(), tweak=_full_width_rule(0, 2))
    finding = only_failure(tmp_path, spec, "co-quan-ban-hanh")
    assert finding.severity == "khuyến nghị" and "(cần 1/3–1/2)" in finding.found


def test_bold_parent_body_fails(tmp_path):
    def bold_parent(document):
        document.tables[0].rows[0].cells[0].paragraphs[0].runs[0].bold = True

    finding = only_failure(tmp_path, replace(Spec(), tweak=bold_parent), "co-quan-ban-hanh")
    assert "tên cơ quan chủ quản in đậm ở «UBND TỈNH SƠN LA»" in finding.found


def test_issuing_body_in_fourteen_point_fails(tmp_path):
    def big(document):
        document.tables[0].rows[0].cells[0].paragraphs[1].runs[0].font.size = Pt(14)

    finding = only_failure(tmp_path, replace(Spec(), tweak=big), "co-quan-ban-hanh")
    assert "tên cơ quan ban hành cỡ 14 (cần 12–13)" in finding.found


def test_number_line_in_twelve_point_fails(tmp_path):
    def small(document):
        _paragraph_with(document, "Số:").runs[0].font.size = Pt(12)

    finding = only_failure(tmp_path, replace(Spec(), tweak=small), "so-ky-hieu")
    assert "dòng số, ký hiệu cỡ 12 (cần 13)" in finding.found


def test_subject_without_a_rule_under_it_fails(tmp_path):
    def no_rule(document):
        _remove(document.paragraphs[2])

    finding = only_failure(tmp_path, replace(Spec(), tweak=no_rule), "ten-loai-trich-yeu")
    assert "không có đường kẻ ngang dưới trích yếu" in finding.found


def test_v_v_line_right_under_the_number_is_a_recommendation(tmp_path):
    def no_gap(document):
        _paragraph_with(document, "V/v").paragraph_format.space_before = Pt(0)

    finding = only_failure(tmp_path, replace(CONG_VAN, tweak=no_gap), "ten-loai-trich-yeu")
    assert "dòng «V/v» cách dòng số, ký hiệu 0 pt (cần 6 pt)" in finding.found
    assert finding.severity == "khuyến nghị"


def test_first_citation_without_date_issuer_and_subject_is_named(tmp_path):
    def short_citation(document):
        paragraph = body_paragraphs(document)[1]
        paragraph.runs[0].text = "1. Thực hiện Kế hoạch số 65/KH-UBND, Sở báo cáo như sau."

    finding = only_failure(tmp_path, replace(Spec(), tweak=short_citation), "trich-dan")
    assert finding.severity == "khuyến nghị"
    assert (
        "lần viện dẫn đầu tiên «Kế hoạch số 65/KH-UBND» thiếu ngày ban hành, cơ quan ban "
        "hành, trích yếu" in finding.found
    )


def test_report_heading_in_lower_case_fails(tmp_path):
    spec = replace(Spec(), heading="I. Kết quả thực hiện")
    finding = only_failure(tmp_path, spec, "de-muc")
    assert "tên mục «I. Kết quả thực hiện» không viết in hoa" in finding.found


def test_report_headings_out_of_order_are_a_recommendation(tmp_path):
    spec = replace(Spec(), heading="II. KẾT QUẢ THỰC HIỆN")
    finding = only_failure(tmp_path, spec, "de-muc")
    assert finding.severity == "khuyến nghị" and "không liên tiếp: II" in finding.found


@pytest.mark.parametrize("indent_cm", [1.0, 1.27])
def test_first_line_indent_of_one_or_1_27_cm_passes(tmp_path, indent_cm):
    def indent(document):
        for paragraph in body_paragraphs(document):
            paragraph.paragraph_format.first_line_indent = Cm(indent_cm)

    assert findings_of(tmp_path, replace(Spec(), tweak=indent))["noi-dung"].passed


def test_first_line_indent_of_1_1_cm_fails(tmp_path):
    def indent(document):
        body_paragraphs(document)[1].paragraph_format.first_line_indent = Cm(1.1)

    finding = only_failure(tmp_path, replace(Spec(), tweak=indent), "noi-dung")
    assert "thụt đầu dòng sai ở 1/4 đoạn" in finding.found and "1,1 cm" in finding.found


def test_report_to_a_higher_body_without_kinh_gui_fails(tmp_path):
    spec = replace(Spec(), kinh_gui=None, recipients=("- Lãnh đạo Sở;", "- Lưu: VT, QLCN."))
    finding = only_failure(tmp_path, spec, "kinh-gui")
    assert finding.severity == "khuyến nghị"  # nothing tells that it goes up
    # «- Như trên;» names the Kính gửi line: the report meant to have one
    finding = only_failure(tmp_path, replace(Spec(), kinh_gui=None), "kinh-gui")
    assert finding.severity == "lỗi" and "mà nơi nhận mở đầu bằng «- Như trên;»" in finding.found
    spec = replace(spec, recipients=("- UBND tỉnh (b/c);", "- Lưu: VT, QLCN."))
    finding = only_failure(tmp_path, spec, "kinh-gui")
    assert finding.severity == "lỗi"
    assert "báo cáo không có dòng «Kính gửi: …»" in finding.found
    assert "Như trên" not in finding.found  # without a Kính gửi, «Như trên» refers to nothing


def test_recipients_not_ending_with_the_records_office_copy_fail(tmp_path):
    """«- Lưu: VT, …» closes every list (Mục II, khoản 9): its absence only advised, the
    document passed."""
    spec = replace(Spec(), recipients=("- Như trên;", "- Văn phòng."))
    finding = only_failure(tmp_path, spec, "noi-nhan")
    assert finding.severity == "lỗi" and "không phải «- Lưu: VT, …»" in finding.found


def test_without_recipients_the_signer_block_is_still_read_whole(tmp_path):
    """Nơi nhận left out: the signer rule said «KT. GIÁM ĐỐC» was missing above «PHÓ GIÁM
    ĐỐC», though it was there (the block was found from the Nơi nhận)."""

    def no_recipients(document):
        cell = _paragraph_with(document, "Nơi nhận:")._p.getparent()
        for paragraph in list(cell.iter(qn("w:p"))):
            if paragraph is not cell.findall(qn("w:p"))[0]:
                cell.remove(paragraph)
        for run in cell.findall(qn("w:p"))[0].findall(qn("w:r")):
            run.getparent().remove(run)

    findings = findings_of(tmp_path, replace(Spec(), tweak=no_recipients))
    failed = sorted(rule for rule, finding in findings.items() if not finding.passed)
    assert "chuc-vu-nguoi-ky" not in failed and "noi-nhan" in failed


def test_nhu_tren_missing_from_a_cong_van_fails(tmp_path):
    spec = replace(CONG_VAN, recipients=("- Sở Tài chính;", "- Lưu: VT, QLCN."))
    finding = only_failure(tmp_path, spec, "kinh-gui")
    assert "(dòng đầu «- Sở Tài chính;»)" in finding.found and finding.severity == "lỗi"


def test_kinh_gui_list_without_a_final_full_stop_fails(tmp_path):
    def no_full_stop(document):
        paragraph = _paragraph_with(document, "- Ủy ban nhân dân các xã")
        paragraph.runs[0].text = paragraph.runs[0].text.rstrip(".") + ";"

    finding = only_failure(tmp_path, replace(CONG_VAN, tweak=no_full_stop), "trinh-bay-kinh-gui")
    assert "không kết thúc bằng «.»" in finding.found


def test_kinh_gui_in_italics_fails(tmp_path):
    def italic(document):
        _paragraph_with(document, "Kính gửi").runs[0].italic = True

    finding = only_failure(tmp_path, replace(CONG_VAN, tweak=italic), "trinh-bay-kinh-gui")
    assert "«Kính gửi» in nghiêng" in finding.found


def _appendix_heading(document, index: int):
    return [p for p in document.paragraphs if p.text.startswith("Phụ lục")][index]


def test_appendix_heading_in_capitals_fails(tmp_path):
    def capitals(document):
        _appendix_heading(document, 1).runs[0].text = "PHỤ LỤC II"

    finding = only_failure(tmp_path, replace(TWO_APPENDICES, tweak=capitals), "phu-luc")
    assert "«PHỤ LỤC II»: chữ «Phụ lục» cần viết thường" in finding.found


def test_appendix_not_referred_to_in_the_body_fails(tmp_path):
    def unreferred(document):
        _paragraph_with(document, "Chi tiết tại").runs[0].text = "Chi tiết tại Phụ lục I."

    finding = only_failure(tmp_path, replace(TWO_APPENDICES, tweak=unreferred), "phu-luc")
    assert "nội dung văn bản không nhắc đến «Phụ lục II»" in finding.found


def test_appendix_continuing_the_page_numbers_fails(tmp_path):
    def continued(document):
        number_type = document.sections[2]._sectPr.find(qn("w:pgNumType"))
        number_type.getparent().remove(number_type)

    finding = only_failure(tmp_path, replace(TWO_APPENDICES, tweak=continued), "phu-luc")
    assert "«Phụ lục II» không đánh số trang lại từ đầu" in finding.found


def test_appendices_numbered_in_arabic_fail(tmp_path):
    def arabic(document):
        for index, number in ((0, "1"), (1, "2")):
            _appendix_heading(document, index).runs[0].text = f"Phụ lục {number}"
        _paragraph_with(document, "Chi tiết tại").runs[0].text = "Chi tiết tại Phụ lục 1, 2."

    finding = only_failure(tmp_path, replace(TWO_APPENDICES, tweak=arabic), "phu-luc")
    assert "cần đánh số La Mã" in finding.found


def test_attached_line_without_date_and_issuer_fails(tmp_path):
    def bare(document):
        _paragraph_with(document, "(Kèm theo").runs[0].text = "(Kèm theo Báo cáo số 05/BC-SKHCN)"

    spec = replace(LONG, appendices=("Danh sách",), tweak=bare)
    finding = only_failure(tmp_path, spec, "phu-luc")
    assert "thiếu ngày ban hành, cơ quan ban hành" in finding.found


def test_drafter_code_in_size_eleven_passes_and_twelve_fails(tmp_path):
    spec = replace(Spec(), drafter="PL.(05)")
    assert findings_of(tmp_path, spec, "ok.docx")["nguoi-soan-thao"].found.startswith(
        "ký hiệu «PL.(05)», cỡ 11"
    )

    def big(document):
        _paragraph_with(document, "PL.(05)").runs[0].font.size = Pt(12)

    finding = only_failure(tmp_path, replace(spec, tweak=big), "nguoi-soan-thao")
    assert "cỡ 12 (cần 11)" in finding.found


# --------------------------------------------------------------------------- documents of others


def test_python_docx_default_document_is_read_and_faulted(tmp_path):
    path = tmp_path / "mac-dinh.docx"
    document = Document()
    document.add_paragraph("Kính gửi: Sở Tài chính")
    document.add_paragraph("Nội dung văn bản.")
    document.save(str(path))
    findings = {f.rule: f for f in check_docx(path)}
    assert "Letter" in findings["kho-giay"].found
    assert not findings["le-trang"].passed and not findings["phong-chu"].passed
    assert "không tìm thấy quốc hiệu" in findings["quoc-hieu"].found


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize(
    "spec", [TWO_APPENDICES, CONG_VAN], ids=["bao-cao-hai-phu-luc", "cong-van"]
)
def test_document_re_saved_by_libreoffice_still_passes(tmp_path, spec):
    source = build(tmp_path / "vb.docx", spec)
    out = tmp_path / "lo"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    resaved = out / "vb.docx"
    assert resaved.read_bytes() != source.read_bytes()
    findings = check_docx(resaved)
    assert [(f.rule, f.found) for f in findings if not f.passed] == []


def test_kinh_gui_with_the_first_recipient_on_its_line_passes(tmp_path):
    def first_on_line(document):
        heading = _paragraph_with(document, "Kính gửi:")
        first = _paragraph_with(document, "- Sở Tài chính;")
        heading.runs[0].text = "Kính gửi: - Sở Tài chính;"
        _remove(first)

    finding = findings_of(tmp_path, replace(CONG_VAN, tweak=first_on_line))["trinh-bay-kinh-gui"]
    assert finding.passed and "3 nơi nhận" in finding.found


def test_single_recipient_on_its_own_line_is_a_recommendation(tmp_path):
    spec = replace(CONG_VAN, kinh_gui=("Sở Tài chính",))

    def own_line(document):
        paragraph = _paragraph_with(document, "Kính gửi:")
        paragraph.runs[0].text = "Kính gửi:"
        new = document.add_paragraph()
        paragraph._p.addnext(new._p)
        run = new.add_run("- Sở Tài chính.")
        run.font.size = Pt(14)
        new.alignment = paragraph.alignment

    finding = only_failure(tmp_path, replace(spec, tweak=own_line), "trinh-bay-kinh-gui")
    assert finding.severity == "khuyến nghị"
    assert "chỉ một nơi nhận thì ghi cùng dòng với «Kính gửi:»" in finding.found


def test_page_number_not_centred_fails(tmp_path):
    def left(document):
        document.sections[0].header.paragraphs[0].alignment = 0

    finding = only_failure(tmp_path, replace(LONG, tweak=left), "so-trang")
    assert "số trang không căn giữa" in finding.found


def test_a_rule_without_a_point_has_no_diem_in_json():
    fields = decree.RULES["le-trang"].citation.fields()
    assert fields == {
        "phu_luc": "I",
        "phan": "I",
        "muc": "I",
        "khoan": 3,
        "diem": None,
        "text": "Phụ lục I, Phần I, Mục I, khoản 3",
    }


def test_rule_length_is_measured_from_the_grid_when_cells_have_no_width(tmp_path):
    def no_cell_widths(document):
        for cell in document.tables[0]._cells:
            width = cell._tc.tcPr.find(qn("w:tcW"))
            width.getparent().remove(width)

    findings = findings_of(tmp_path, replace(Spec(), tweak=_full_width_rule(1, 2)))
    ungridded = findings_of(
        tmp_path, replace(Spec(), tweak=lambda d: (_full_width_rule(1, 2)(d), no_cell_widths(d)))
    )
    assert findings["tieu-ngu"].found == ungridded["tieu-ngu"].found
    assert "dài 9,1 cm" in ungridded["tieu-ngu"].found


def test_a_non_breaking_hyphen_reads_as_a_hyphen():
    """vanban writes numbers with Word's non-breaking hyphen («2-0003105»): the checks read it."""
    from lxml import etree

    from generator.check.text import _pieces

    paragraph = etree.fromstring(
        f"<w:p {nsdecls('w')}><w:r><w:t>văn bằng số 2</w:t><w:noBreakHyphen/>"
        "<w:t>0003105</w:t></w:r></w:p>"
    )
    assert "".join(piece.text for piece in _pieces(paragraph)) == "văn bằng số 2-0003105"


# --------------------------------------------------------------------------- number, date, V/v


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        (replace(Spec(), so="Số: 05/KH-SKHCN"), "ký hiệu mở đầu bằng «KH», không phải «BC»"),
        (replace(Spec(), so="Số: 05/XYZ-SKHCN"), "chữ viết tắt của tên loại «BÁO CÁO»"),
        (replace(CONG_VAN, so="Số: 15/CV-SKHCN"), "công văn không có chữ viết tắt tên loại «CV»"),
        (replace(CONG_VAN, so="Số: 15/BC-SKHCN"), "công văn không có chữ viết tắt tên loại «BC»"),
        # a công văn's symbol is the issuing body's and the drafting unit's
        (replace(CONG_VAN, so="Số: 15/SKHCN"), "thiếu chữ viết tắt tên đơn vị soạn thảo"),
        # the slash is there: only the colon is asked for
        (replace(Spec(), so="Số 05/BC-SKHCN"), "(cần dấu «:»)"),
    ],
    ids=[
        "bao-cao-so-KH",
        "bao-cao-so-XYZ",
        "cong-van-so-CV",
        "cong-van-so-BC",
        "cong-van-no-unit",
        "no-colon",
    ],
)
def test_a_symbol_naming_another_type_fails(tmp_path, spec, says):
    finding = only_failure(tmp_path, spec, "so-ky-hieu")
    assert says in finding.found


def test_a_day_the_month_does_not_have_fails(tmp_path):
    spec = replace(Spec(), date="Sơn La, ngày 31 tháng 02 năm 2026")
    finding = only_failure(tmp_path, spec, "dia-danh-ngay")
    assert "tháng 2 năm 2026 không có ngày 31" in finding.found


def test_a_cong_van_without_its_v_v_line_is_told_so(tmp_path):
    def about(document):
        _paragraph_with(document, "V/v").runs[0].text = "Về việc tổng kết Kế hoạch"
        for run in _paragraph_with(document, "Về việc").runs[1:]:
            run.text = ""

    missing = findings_of(tmp_path, replace(CONG_VAN, tweak=about))["ten-loai-trich-yeu"]
    assert not missing.passed
    assert "công văn không có dòng trích yếu «V/v …» dưới số, ký hiệu" in missing.found
    assert "«Về việc tổng kết Kế hoạch» phải viết tắt là «V/v …»" in missing.found


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        (
            replace(Spec(), signer_titles=("KT GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
            "viết tắt quyền hạn thiếu dấu chấm trong «KT GIÁM ĐỐC»",
        ),
        (
            replace(Spec(), signer_name="TS. Nguyễn Văn An"),
            "có học hàm, học vị trước họ tên người ký «TS. Nguyễn Văn An»",
        ),
        (
            replace(Spec(), signer_name="NGUYỄN VĂN AN"),
            "họ tên người ký «NGUYỄN VĂN AN» viết in hoa (cần chữ thường, đậm)",
        ),
    ],
    ids=["kt-khong-dau-cham", "hoc-vi-truoc-ten", "ten-in-hoa"],
)
def test_signature_block_mistakes_fail(tmp_path, spec, says):
    finding = only_failure(tmp_path, spec, "chuc-vu-nguoi-ky")
    assert says in finding.found


def test_noi_nhan_without_its_colon_fails(tmp_path):
    def no_colon(document):
        paragraph = _paragraph_with(document, "Nơi nhận")
        for run in paragraph.runs:
            run.text = run.text.replace(":", "")

    finding = only_failure(tmp_path, replace(Spec(), tweak=no_colon), "noi-nhan")
    assert "thiếu dấu «:» sau «Nơi nhận»" in finding.found


def test_a_luu_line_without_vt_fails(tmp_path):
    spec = replace(
        Spec(), recipients=("- Như trên;", "- Bộ Khoa học và Công nghệ;", "- Lưu: QLCN.")
    )
    finding = only_failure(tmp_path, spec, "noi-nhan")
    assert "thiếu «VT» (văn thư) ngay sau «Lưu:»" in finding.found


# --------------------------------------------------------------------------- sixth session


def test_issuing_body_without_its_rule_fails(tmp_path):
    def no_rule(document):
        _remove(document.tables[0].rows[0].cells[0].paragraphs[2])

    finding = only_failure(tmp_path, replace(Spec(), tweak=no_rule), "co-quan-ban-hanh")
    assert finding.severity == "lỗi"
    assert "không có đường kẻ ngang dưới tên cơ quan ban hành" in finding.found


def test_a_rule_typed_as_underscores_is_a_recommendation(tmp_path):
    def underscores(document):
        rule = document.tables[0].rows[0].cells[0].paragraphs[2]
        _remove(rule)
        issuer = document.tables[0].rows[0].cells[0].paragraphs[1]
        issuer._p.addnext(parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>________</w:t></w:r></w:p>"))

    finding = only_failure(tmp_path, replace(Spec(), tweak=underscores), "co-quan-ban-hanh")
    assert finding.severity == "khuyến nghị"
    assert "gõ bằng ký tự «_» hoặc «-»" in finding.found


def test_a_line_drawn_from_the_paragraph_above_is_the_rule(tmp_path):
    line = (
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
        '<v:line from="0,20pt" to="150pt,20pt"/></w:pict></w:r>'
    )

    def anchored_above(document):
        right = document.tables[0].rows[0].cells[1]
        _remove(right.paragraphs[2])  # the bordered paragraph under the tiêu ngữ
        right.paragraphs[0]._p.append(parse_xml(line))  # the line anchored to the quốc hiệu

    assert findings_of(tmp_path, replace(Spec(), tweak=anchored_above))["tieu-ngu"].passed


def test_a_subject_in_capitals_fails(tmp_path):
    spec = replace(Spec(), subject="KẾT QUẢ THỰC HIỆN KẾ HOẠCH SỐ 65/KH-UBND NĂM 2026")
    finding = only_failure(tmp_path, spec, "ten-loai-trich-yeu")
    assert "viết in hoa (cần chữ in thường)" in finding.found


@pytest.mark.parametrize("start", ["Sơn La, ngày", "Số:", "SỞ KHOA HỌC", "PHÓ GIÁM ĐỐC"])
def test_a_header_or_signer_line_not_centred_fails(tmp_path, start):
    def left(document):
        _paragraph_with(document, start).alignment = 0  # WD_ALIGN_PARAGRAPH.LEFT

    finding = only_failure(tmp_path, replace(Spec(), tweak=left), "vi-tri")
    assert "căn «trái» (cần căn giữa)" in finding.found and start in finding.found
    assert finding.citation.text == "Phụ lục I, Phần I, Mục I, khoản 6"


@pytest.mark.parametrize(
    ("titles", "says"),
    [
        (("PHÓ GIÁM ĐỐC",), "cần dòng «KT. GIÁM ĐỐC»"),
        (("KT. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "«KT.» đi với chức vụ người đứng đầu"),
        (("TM. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "«TM.» đi với tên tập thể"),
        (("KT.GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "thiếu dấu cách sau chữ viết tắt quyền hạn"),
    ],
    ids=["pho-khong-kt", "kt-tap-the", "tm-chuc-vu", "kt-lien"],
)
def test_authority_words_used_wrongly_fail(tmp_path, titles, says):
    finding = only_failure(tmp_path, replace(Spec(), signer_titles=titles), "chuc-vu-nguoi-ky")
    assert says in finding.found


def test_the_right_authority_words_pass(tmp_path):
    for titles in (("GIÁM ĐỐC",), ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")):
        finding = findings_of(tmp_path, replace(Spec(), signer_titles=titles))["chuc-vu-nguoi-ky"]
        assert finding.passed, (titles, finding.found)


def test_a_to_trinh_without_kinh_gui_fails_and_says_nothing_of_nhu_tren(tmp_path):
    spec = replace(Spec(), type_name="TỜ TRÌNH", so="Số: 05/TTr-SKHCN", kinh_gui=None)
    finding = only_failure(tmp_path, spec, "kinh-gui")
    assert finding.severity == "lỗi" and "tờ trình không có dòng «Kính gửi: …»" in finding.found
    assert "Như trên" not in finding.found


def test_no_space_between_paragraphs_of_one_style_fails(tmp_path):
    def contextual(document):
        document.styles["Normal"].paragraph_format.element.get_or_add_pPr().append(
            parse_xml(f"<w:contextualSpacing {nsdecls('w')}/>")
        )

    finding = only_failure(tmp_path, replace(Spec(), tweak=contextual), "noi-dung")
    assert "không thêm khoảng cách giữa các đoạn cùng kiểu" in finding.found


def test_a_margin_written_with_its_unit_is_read(tmp_path):
    def in_cm(document):
        margins = document.sections[0]._sectPr.find(qn("w:pgMar"))
        margins.set(qn("w:left"), "3cm")

    assert findings_of(tmp_path, replace(Spec(), tweak=in_cm))["le-trang"].passed


def test_a_first_line_pushed_by_a_tab_is_a_recommendation(tmp_path):
    def tabbed(document):
        for paragraph in body_paragraphs(document):
            paragraph.paragraph_format.first_line_indent = Cm(0)
            paragraph.runs[0]._r.insert(0, parse_xml(f"<w:tab {nsdecls('w')}/>"))

    finding = only_failure(tmp_path, replace(LONG, tweak=tabbed), "noi-dung")
    assert finding.severity == "khuyến nghị" and "phím Tab" in finding.found


def test_a_quyet_dinh_authority_line_and_its_decision_word_are_not_body_text(tmp_path):
    def authority(document):
        subject_rule = document.paragraphs[2]
        line = (
            f'<w:p {nsdecls("w")}><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/>'
            "</w:rPr><w:t>{}</w:t></w:r></w:p>"
        )
        subject_rule._p.addnext(parse_xml(line.format("GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ")))
        body_paragraphs(document)[0]._p.addnext(parse_xml(line.format("QUYẾT ĐỊNH:")))

    spec = replace(
        Spec(),
        type_name="QUYẾT ĐỊNH",
        so="Số: 05/QĐ-SKHCN",
        kinh_gui=None,
        heading=None,
        tweak=authority,
    )
    findings = findings_of(tmp_path, spec)
    assert findings["ten-loai-trich-yeu"].passed, findings["ten-loai-trich-yeu"].found
    assert findings["noi-dung"].passed, findings["noi-dung"].found


def test_checking_many_files_ends_with_their_total(tmp_path):
    from click.testing import CliRunner

    from generator.cli import cli

    good = build(tmp_path / "dat.docx", Spec())
    bad = build(tmp_path / "loi.docx", replace(Spec(), subject="KẾT QUẢ THỰC HIỆN NĂM 2026"))
    result = CliRunner().invoke(cli, ["check", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.output.rstrip().endswith("Tổng cộng 2 tệp: 1 đạt thể thức, 1 chưa đạt.")
