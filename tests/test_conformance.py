"""`vanban check`: each rule passes on a conforming document and fails, naming the wrong
value, on a variant that breaks exactly that rule."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from fixtures_conformance import (
    CONG_VAN,
    Spec,
    body_paragraphs,
    build,
    joined_by_break,
    set_run_font,
    template_gaps,
)

from generator.check.conformance import (
    Finding,
    check_docx,
    findings_to_json,
    format_report,
    has_blocking_failure,
)
from generator.errors import VanbanError

LONG = Spec(body_paragraphs=40)  # several pages, so page numbering is an error-level rule


def findings_of(tmp_path: Path, spec: Spec | None = None, name: str = "vb.docx") -> dict:
    return {f.rule: f for f in check_docx(build(tmp_path / name, spec))}


def only_failure(tmp_path: Path, spec: Spec, rule: str) -> Finding:
    """The finding of ``rule``, asserting that every other rule still passes."""
    findings = findings_of(tmp_path, spec)
    failed = sorted(r for r, f in findings.items() if not f.passed)
    assert failed == [rule], failed
    return findings[rule]


def test_conforming_document_passes_every_rule(tmp_path):
    findings = check_docx(build(tmp_path / "vb.docx", LONG))
    assert [f.rule for f in findings if not f.passed] == []
    assert not has_blocking_failure(findings)
    rules = [f.rule for f in findings]
    for rule in ("kho-giay", "le-trang", "phong-chu", "quoc-hieu", "tieu-ngu", "so-ky-hieu"):
        assert rule in rules
    assert len(rules) == len(set(rules))


def test_runs_inheriting_times_new_roman_from_normal_pass(tmp_path):
    path = build(tmp_path / "vb.docx")
    with zipfile.ZipFile(path) as archive:
        assert b"Times New Roman" not in archive.read("word/document.xml")
    font = {f.rule: f for f in check_docx(path)}["phong-chu"]
    assert font.passed


# --------------------------------------------------------------------------- page


def test_letter_paper_fails(tmp_path):
    finding = only_failure(tmp_path, replace(Spec(), page_mm=(215.9, 279.4)), "kho-giay")
    assert "215,9 mm × 279,4 mm" in finding.found and "Letter" in finding.found
    assert finding.severity == "lỗi"


def test_a4_landscape_first_section_fails(tmp_path):
    spec = replace(CONG_VAN, page_mm=(297, 210), landscape=True)
    finding = only_failure(tmp_path, spec, "chieu-trang")
    assert "nằm ngang ngay từ trang đầu" in finding.found
    assert finding.citation.text == "Phụ lục I, Phần I, Mục I, khoản 2"


def test_a4_within_one_millimetre_passes(tmp_path):
    assert findings_of(tmp_path, replace(Spec(), page_mm=(210.8, 296.4)))["kho-giay"].passed


def test_left_margin_too_narrow_names_it(tmp_path):
    finding = only_failure(tmp_path, replace(Spec(), margins_mm=(20, 20, 25, 15)), "le-trang")
    assert "lề trái 25 mm" in finding.found
    assert "lề trên" not in finding.found


def test_margins_at_upper_bounds_pass(tmp_path):
    assert findings_of(tmp_path, replace(Spec(), margins_mm=(25, 25, 35, 20)))["le-trang"].passed


def test_right_margin_too_wide_fails(tmp_path):
    finding = only_failure(tmp_path, replace(Spec(), margins_mm=(20, 20, 30, 25)), "le-trang")
    assert "lề phải 25 mm" in finding.found


# --------------------------------------------------------------------------- fonts


def _arial_in_one_run(document):
    set_run_font(body_paragraphs(document)[1].runs[0], "Arial")


def test_arial_in_one_run_fails_and_names_the_font(tmp_path):
    finding = only_failure(tmp_path, replace(Spec(), tweak=_arial_in_one_run), "phong-chu")
    assert "Arial" in finding.found and "1 đoạn chữ" in finding.found
    assert "định dạng trực tiếp" in finding.found


def _arial_through_based_on_style(document):
    base = document.styles.add_style("Kiểu gốc", 1)
    base.font.name = "Arial"
    child = document.styles.add_style("Kiểu nội dung", 1)
    child.base_style = base
    body_paragraphs(document)[0].style = child


def test_arial_inherited_through_based_on_chain_fails(tmp_path):
    spec = replace(Spec(), tweak=_arial_through_based_on_style)
    finding = findings_of(tmp_path, spec)["phong-chu"]
    assert not finding.passed
    assert "Arial" in finding.found and "Kiểu gốc" in finding.found


def _theme_font_in_heading_style(document):
    style = document.styles.add_style("Đề mục", 1)
    rpr = style.element.get_or_add_rPr()
    rpr.append(
        parse_xml(f'<w:rFonts {nsdecls("w")} w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/>')
    )
    body_paragraphs(document)[0].style = style


def test_theme_font_resolves_through_theme_and_fails(tmp_path):
    finding = findings_of(tmp_path, replace(Spec(), tweak=_theme_font_in_heading_style))[
        "phong-chu"
    ]
    assert not finding.passed
    # python-docx's default theme maps minorHAnsi to Cambria
    assert "Cambria" in finding.found and "minorHAnsi" in finding.found


def _theme_font_in_normal_only(document):
    # remove the Normal style's own font: runs fall back to docDefaults' theme font
    rfonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    rfonts.getparent().remove(rfonts)


def test_doc_defaults_theme_font_fails(tmp_path):
    finding = findings_of(tmp_path, replace(Spec(), tweak=_theme_font_in_normal_only))["phong-chu"]
    assert not finding.passed
    assert "Cambria" in finding.found and "mặc định của tài liệu" in finding.found


def _arial_in_header(document):
    paragraph = document.sections[0].header.add_paragraph()
    set_run_font(paragraph.add_run("Dự thảo"), "Arial")


def test_font_in_page_header_is_checked(tmp_path):
    finding = findings_of(tmp_path, replace(LONG, tweak=_arial_in_header))["phong-chu"]
    assert not finding.passed and "đầu trang «Dự thảo»" in finding.found


def _red_run(document):
    body_paragraphs(document)[0].runs[0].font.color.rgb = __import__("docx").shared.RGBColor(
        0xFF, 0, 0
    )


def test_coloured_text_fails(tmp_path):
    finding = only_failure(tmp_path, replace(Spec(), tweak=_red_run), "mau-chu")
    assert "FF0000" in finding.found


# --------------------------------------------------------------------------- header


def test_non_bold_quoc_hieu_fails(tmp_path):
    finding = only_failure(tmp_path, replace(Spec(), quoc_hieu_bold=False), "quoc-hieu")
    assert "không đậm" in finding.found and finding.severity == "lỗi"


def test_quoc_hieu_with_old_accent_is_a_recommendation(tmp_path):
    spec = replace(Spec(), quoc_hieu="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    finding = only_failure(tmp_path, spec, "quoc-hieu")
    assert finding.severity == "khuyến nghị" and "HOÀ" in finding.found


def test_quoc_hieu_in_lower_case_fails(tmp_path):
    spec = replace(Spec(), quoc_hieu="Cộng hòa xã hội chủ nghĩa Việt Nam")
    finding = only_failure(tmp_path, spec, "quoc-hieu")
    assert "in hoa" in finding.found


def _bold_from_style_toggled_off(document):
    # the quốc hiệu run is bold directly; its paragraph style is bold too. Direct
    # formatting is absolute, so it stays bold. A character style that is bold inside a
    # bold paragraph style toggles bold off (ECMA-376 17.7.3).
    para_style = document.styles.add_style("Đầu bold", 1)
    para_style.font.bold = True
    char_style = document.styles.add_style("Chữ bold", 2)
    char_style.font.bold = True
    quoc_hieu = document.tables[0].rows[0].cells[1].paragraphs[0]
    quoc_hieu.style = para_style
    for run in quoc_hieu.runs:
        run.bold = None
        run.style = char_style


def test_bold_toggles_off_when_paragraph_and_character_styles_are_both_bold(tmp_path):
    finding = findings_of(tmp_path, replace(Spec(), tweak=_bold_from_style_toggled_off))[
        "quoc-hieu"
    ]
    assert not finding.passed and "không đậm" in finding.found


def test_tieu_ngu_without_rule_under_it_fails(tmp_path):
    finding = only_failure(tmp_path, replace(Spec(), tieu_ngu_border=False), "tieu-ngu")
    assert "đường kẻ" in finding.found


def _line_shape_under_tieu_ngu(document):
    cell = document.tables[0].rows[0].cells[1]
    tieu_ngu, rule = cell.paragraphs[1], cell.paragraphs[2]
    rule._p.getparent().remove(rule._p)
    vml = (
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
        '<v:line from="0,0" to="160pt,0" strokeweight=".5pt"/></w:pict></w:r>'
    )
    tieu_ngu._p.append(parse_xml(vml))


def test_vml_line_counts_as_the_rule_under_tieu_ngu(tmp_path):
    finding = findings_of(tmp_path, replace(Spec(), tweak=_line_shape_under_tieu_ngu))["tieu-ngu"]
    assert finding.passed and "đường kẻ vẽ" in finding.found


def test_tieu_ngu_with_en_dashes_fails(tmp_path):
    finding = only_failure(
        tmp_path, replace(Spec(), tieu_ngu="Độc lập – Tự do – Hạnh phúc"), "tieu-ngu"
    )
    assert "gạch nối" in finding.found


def test_issuing_body_not_bold_fails(tmp_path):
    def unbold(document):
        document.tables[0].rows[0].cells[0].paragraphs[1].runs[0].bold = None

    finding = only_failure(tmp_path, replace(Spec(), tweak=unbold), "co-quan-ban-hanh")
    assert "không đậm" in finding.found and "SỞ KHOA HỌC" in finding.found


# --------------------------------------------------------------------------- number, date


def test_number_without_leading_zero_fails(tmp_path):
    finding = only_failure(tmp_path, replace(Spec(), so="Số: 5/BC-SKHCN"), "so-ky-hieu")
    assert "số 5 thiếu số 0" in finding.found


@pytest.mark.parametrize(
    ("so", "spec"),
    [
        ("Số: 05/BC-SKHCN", Spec()),
        ("Số: 123/BC-SKHCN", Spec()),
        ("Số:      /BC-SKHCN", Spec()),
        ("Số: 07/TTr-SKHCN", Spec(type_name="TỜ TRÌNH")),  # its own type's abbreviation
        ("Số: 12/SKHCN-QLCN", CONG_VAN),  # a công văn's symbol names no type
    ],
)
def test_accepted_numbers(tmp_path, so, spec):
    assert findings_of(tmp_path, replace(spec, so=so))["so-ky-hieu"].passed


@pytest.mark.parametrize(
    ("so", "words"),
    [
        ("Số: 05/BC - SKHCN", "dấu cách"),
        ("Số: 05/bc-skhcn", "ký hiệu"),
        ("Số 05-BC-SKHCN", "không đúng dạng"),
    ],
)
def test_rejected_numbers(tmp_path, so, words):
    finding = only_failure(tmp_path, replace(Spec(), so=so), "so-ky-hieu")
    assert words in finding.found


def test_date_without_leading_zeros_fails(tmp_path):
    spec = replace(Spec(), date="Sơn La, ngày 5 tháng 2 năm 2026")
    finding = only_failure(tmp_path, spec, "dia-danh-ngay")
    assert "ngày 5 thiếu số 0" in finding.found and "tháng 2 thiếu số 0" in finding.found


def test_month_three_with_leading_zero_fails(tmp_path):
    spec = replace(Spec(), date="Sơn La, ngày 14 tháng 03 năm 2026")
    finding = only_failure(tmp_path, spec, "dia-danh-ngay")
    assert "tháng «03» thừa số 0" in finding.found


@pytest.mark.parametrize(
    "date",
    [
        "Sơn La, ngày 14 tháng 3 năm 2026",
        "Sơn La, ngày 01 tháng 11 năm 2026",
        "Sơn La, ngày      tháng 11 năm 2026",
    ],
)
def test_accepted_dates(tmp_path, date):
    assert findings_of(tmp_path, replace(Spec(), date=date))["dia-danh-ngay"].passed


def test_upright_date_fails(tmp_path):
    finding = only_failure(tmp_path, replace(Spec(), date_italic=False), "dia-danh-ngay")
    assert "không in nghiêng" in finding.found


# --------------------------------------------------------------------------- title, body


def test_type_name_not_centred_fails(tmp_path):
    def left(document):
        document.paragraphs[0].alignment = 0

    finding = only_failure(tmp_path, replace(Spec(), tweak=left), "ten-loai-trich-yeu")
    assert "không căn giữa" in finding.found


def test_cong_van_needs_kinh_gui(tmp_path):
    spec = replace(CONG_VAN, kinh_gui=None)
    finding = only_failure(tmp_path, spec, "kinh-gui")
    assert "công văn không có dòng «Kính gửi: …»" in finding.found
    assert finding.severity == "lỗi"
    ok = replace(spec, kinh_gui=("Sở Tài chính tỉnh Sơn La",))
    assert findings_of(tmp_path, ok, "ok.docx")["kinh-gui"].passed


def test_body_paragraph_in_twelve_point_left_aligned_fails(tmp_path):
    def small(document):
        paragraph = body_paragraphs(document)[1]
        paragraph.runs[0].font.size = Pt(12)
        paragraph.alignment = 0

    finding = only_failure(tmp_path, replace(Spec(), tweak=small), "noi-dung")
    assert "cỡ chữ sai ở 1/4 đoạn" in finding.found and "cỡ 12" in finding.found
    assert "căn «trái»" in finding.found


def test_body_indent_and_spacing_are_checked(tmp_path):
    def flat(document):
        fmt = body_paragraphs(document)[0].paragraph_format
        fmt.first_line_indent = None  # falls back to the style: no indent
        fmt.space_after = Pt(0)
        fmt.line_spacing = 2.0

    finding = only_failure(tmp_path, replace(Spec(), tweak=flat), "noi-dung")
    assert "thụt đầu dòng" in finding.found and "0 cm" in finding.found
    assert "sau 0 pt" in finding.found and "2 dòng" in finding.found


# --------------------------------------------------------------------------- recipients, signer


def test_noi_nhan_not_bold_italic_fails(tmp_path):
    spec = replace(Spec(), noi_nhan_bold=False, noi_nhan_italic=False)
    finding = only_failure(tmp_path, spec, "noi-nhan")
    assert "không đậm đứng" in finding.found


def test_recipient_items_punctuation(tmp_path):
    spec = replace(
        Spec(),
        recipients=("- Như trên;", "- UBND tỉnh (b/c)", "+ Sở Tài chính;", "- Lưu: VT, QLCN;"),
    )
    finding = only_failure(tmp_path, spec, "noi-nhan")
    assert "«- UBND tỉnh (b/c)» không kết thúc bằng «;»" in finding.found
    assert "«+ Sở Tài chính;» không bắt đầu bằng «- »" in finding.found
    assert "dòng cuối «- Lưu: VT, QLCN;» không kết thúc bằng «.»" in finding.found


def test_signer_title_with_slash_prefix_fails(tmp_path):
    spec = replace(Spec(), signer_titles=("K/T GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"))
    finding = only_failure(tmp_path, spec, "chuc-vu-nguoi-ky")
    assert "K/T GIÁM ĐỐC" in finding.found


def test_signer_name_not_bold_fails(tmp_path):
    def unbold(document):
        document.tables[1].rows[0].cells[1].paragraphs[-1].runs[0].bold = None

    finding = only_failure(tmp_path, replace(Spec(), tweak=unbold), "chuc-vu-nguoi-ky")
    assert "họ tên người ký không đậm" in finding.found and "Nguyễn Văn An" in finding.found


# --------------------------------------------------------------------------- page numbers


def test_no_page_numbers_fails_on_a_long_document(tmp_path):
    finding = only_failure(tmp_path, replace(LONG, page_numbers="none"), "so-trang")
    assert finding.severity == "lỗi" and "không đánh số trang" in finding.found


def test_no_page_numbers_is_only_advice_on_one_page(tmp_path):
    finding = only_failure(tmp_path, replace(Spec(), page_numbers="none"), "so-trang")
    assert finding.severity == "khuyến nghị"
    assert not has_blocking_failure(check_docx(tmp_path / "vb.docx"))


def test_page_number_on_first_page_fails(tmp_path):
    finding = only_failure(tmp_path, replace(LONG, first_page_different=False), "so-trang")
    assert "trang 1 cũng hiện số trang" in finding.found


def test_page_number_in_footer_fails(tmp_path):
    finding = only_failure(tmp_path, replace(LONG, page_numbers="footer"), "so-trang")
    assert "chân trang" in finding.found


# --------------------------------------------------------------------------- reading errors


def test_missing_file_raises_vietnamese_error(tmp_path):
    with pytest.raises(VanbanError, match=r"Không tìm thấy tệp .*khong-co\.docx"):
        check_docx(tmp_path / "khong-co.docx")


def test_non_docx_raises_vietnamese_error(tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_text("đây không phải tệp Word", encoding="utf-8")
    with pytest.raises(VanbanError, match=r"«bao-cao\.docx» không phải văn bản Word"):
        check_docx(path)


def test_corrupt_document_xml_raises_vietnamese_error(tmp_path):
    path = tmp_path / "hong.docx"
    build(tmp_path / "ok.docx")
    with zipfile.ZipFile(tmp_path / "ok.docx") as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(
                item, data[: len(data) // 2] if item.filename == "word/document.xml" else data
            )
    with pytest.raises(VanbanError, match=r"«hong\.docx» bị hỏng"):
        check_docx(path)


def test_zip_without_word_part_raises_vietnamese_error(tmp_path):
    path = tmp_path / "so-lieu.xlsx.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(VanbanError, match=r"«so-lieu\.xlsx\.docx» không phải văn bản Word hợp lệ"):
        check_docx(path)


# --------------------------------------------------------------------------- report, json


def test_report_lines_and_summary(tmp_path):
    path = build(tmp_path / "vb.docx", replace(Spec(), so="Số: 5/BC-SKHCN", page_numbers="none"))
    findings = check_docx(path)
    lines = format_report(path, findings).splitlines()
    assert len(lines) == len(findings) + 1
    assert lines[0].startswith("ĐẠT    kho-giay")
    number_line = next(line for line in lines if " so-ky-hieu " in line)
    assert number_line.startswith("LỖI") and "(cần:" in number_line
    assert next(line for line in lines if " so-trang " in line).startswith("LƯU Ý")
    assert (
        lines[-1]
        == f"vb.docx: {len(findings) - 2} đạt, 1 lỗi, 1 lưu ý — văn bản CHƯA ĐẠT thể thức."
    )
    assert has_blocking_failure(findings)


def test_json_is_deterministic_and_unescaped(tmp_path):
    path = build(tmp_path / "vb.docx", replace(Spec(), so="Số: 5/BC-SKHCN"))
    text = findings_to_json({path: check_docx(path)})
    assert text == findings_to_json({path: check_docx(path)})
    assert "Số, ký hiệu văn bản" in text  # ensure_ascii=False
    data = json.loads(text)
    entry = data["files"][0]
    assert entry["file"] == str(path) and entry["passed"] is False
    rule = next(f for f in entry["findings"] if f["rule"] == "so-ky-hieu")
    assert list(rule) == ["rule", "title", "citation", "severity", "passed", "found", "expected"]
    assert rule["passed"] is False and rule["severity"] == "lỗi"
    assert rule["citation"] == {
        "phu_luc": "I",
        "phan": "I",
        "muc": "II",
        "khoan": 3,
        "diem": "b, c",
        "text": "Phụ lục I, Phần I, Mục II, khoản 3, điểm b, c",
    }
    assert entry["notices"] == []


# --------------------------------------------------------------------------- typed by hand


def _header_lines_in_one_paragraph(document):
    """Quốc hiệu and tiêu ngữ typed as one paragraph with a line break, as many clerks do."""
    cell = document.tables[0].rows[0].cells[1]
    joined_by_break(cell.paragraphs[0], cell.paragraphs[1], 13)


def test_quoc_hieu_and_tieu_ngu_in_one_paragraph_are_checked_line_by_line(tmp_path):
    findings = findings_of(tmp_path, replace(Spec(), tweak=_header_lines_in_one_paragraph))
    assert findings["quoc-hieu"].passed, findings["quoc-hieu"].found
    assert findings["tieu-ngu"].passed, findings["tieu-ngu"].found
    assert "cỡ 13" in findings["tieu-ngu"].found and "cỡ 12" in findings["quoc-hieu"].found


def _signer_titles_in_one_paragraph(document):
    cell = document.tables[1].rows[0].cells[1]
    first, second = cell.paragraphs[0], cell.paragraphs[1]
    first.runs[0].add_break()
    moved = first.add_run(second.text)
    moved.font.size = Pt(14)  # not bold: the second title line must be flagged
    second._p.getparent().remove(second._p)


def test_signer_title_lines_split_by_line_break(tmp_path):
    spec = replace(Spec(), tweak=_signer_titles_in_one_paragraph)
    finding = only_failure(tmp_path, spec, "chuc-vu-nguoi-ky")
    assert "chức vụ không đậm ở «PHÓ GIÁM ĐỐC»" in finding.found


# --------------------------------------------------------------------------- our templates

TEMPLATES = {
    "report": "bao-cao-tong-hop.docx",
    "letter": "cong-van.docx",
    "reminder": "cong-van-don-doc.docx",
}


def _render(request, templates_dir: Path, tmp_path: Path, kind: str) -> Path:
    from generator.documents.render import CompiledTemplate

    template = templates_dir / TEMPLATES[kind]
    if not template.exists():
        pytest.skip(f"{template.name} has not been built yet")
    context = request.getfixturevalue(f"sample_{kind}_context")
    target = tmp_path / template.name
    target.write_bytes(CompiledTemplate.load(template).render(context))
    return target


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_documents_rendered_from_our_templates_conform(request, templates_dir, tmp_path, kind):
    target = _render(request, templates_dir, tmp_path, kind)
    findings = check_docx(target)
    gaps = template_gaps(target)
    assert [(f.rule, f.found) for f in findings if not f.passed and f.rule not in gaps] == []
    found = {f.rule: f.found for f in findings}
    assert "Số:" in found["so-ky-hieu"] and "Sơn La, ngày" in found["dia-danh-ngay"]


def test_changes_not_accepted_and_an_empty_document_are_told(tmp_path):
    """A document still carrying tracked changes passed with no word (its text read as if
    accepted); an empty one got 22 «ĐẠT» lines."""
    from docx import Document as open_docx

    from generator.check.conformance import check_file

    def tracked(document):
        body = document.paragraphs[-1]._p
        body.append(
            parse_xml(
                f'<w:ins {nsdecls("w")} w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z">'
                "<w:r><w:t>thêm</w:t></w:r></w:ins>"
            )
        )

    notices = check_file(build(tmp_path / "vb.docx", replace(Spec(), tweak=tracked))).notices
    assert any(n.startswith("văn bản còn thay đổi chưa chấp nhận (Track Changes)") for n in notices)
    assert check_file(build(tmp_path / "sach.docx")).notices == []
    empty = tmp_path / "trong.docx"
    open_docx().save(str(empty))
    assert check_file(empty).notices == [
        "văn bản không có chữ nào; các kết quả dưới đây không có ý nghĩa."
    ]
