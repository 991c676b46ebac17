"""`vanban check` on header lines that take more than one line in their cell: a long
issuing body wrapped by Word, a name broken by the clerk, a parent body above it. The
rules under the header lines are measured against the lines as shown."""

from __future__ import annotations

from dataclasses import replace

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from fixtures_conformance import LEFT_CM, Spec, joined_by_break
from test_check_rules import findings_of, only_failure

from generator.check.conformance import check_docx

LONG_NAME = "BAN QUẢN LÝ AN TOÀN THỰC PHẨM TỈNH QUẢNG NINH"


def _issuing_rule(length_cm: float):
    """Redraw the rule under the issuing body ``length_cm`` long (cell 7 cm, margins 0,19)."""

    def tweak(document) -> None:
        rule = next(p for p in document.tables[0].rows[0].cells[0].paragraphs if not p.text)
        fmt = rule.paragraph_format
        fmt.left_indent = fmt.right_indent = Cm((LEFT_CM - 0.38 - length_cm) / 2)

    return tweak


@pytest.mark.parametrize(
    ("name", "rule_cm"),
    [
        (LONG_NAME, 2.4),  # 1/3–1/2 of the longest wrapped line (6,3 cm)
        ("BAN QUẢN LÝ AN TOÀN THỰC PHẨM TỈNH", 1.2),  # 1/2 of the last line, «PHẨM TỈNH»
    ],
    ids=["longest-line", "last-line"],
)
def test_a_wrapped_issuing_body_is_measured_by_its_shown_lines(tmp_path, name, rule_cm):
    spec = replace(Spec(), issuing_body=name, tweak=_issuing_rule(rule_cm))
    finding = findings_of(tmp_path, spec)["co-quan-ban-hanh"]
    assert finding.passed, finding.found


def test_a_rule_as_wide_as_a_wrapped_issuing_body_is_still_a_recommendation(tmp_path):
    spec = replace(Spec(), issuing_body=LONG_NAME, tweak=_issuing_rule(6.0))
    finding = findings_of(tmp_path, spec)["co-quan-ban-hanh"]
    assert not finding.passed and finding.severity == "khuyến nghị"
    assert "dòng chữ dài nhất khoảng 6,3 cm, dòng cuối" in finding.found


def _parent_and_name_in_one_paragraph(*, parent_bold: bool):
    """«UBND TỈNH SƠN LA» ↵ «SỞ KHOA HỌC VÀ CÔNG NGHỆ»: one paragraph, a line break."""

    def tweak(document) -> None:
        parent, name = document.tables[0].rows[0].cells[0].paragraphs[:2]
        parent.runs[0].bold = parent_bold or None
        parent.runs[0].add_break()
        run = parent.add_run(name.text)
        run.bold, run.font.size = True, Pt(12)
        name._p.getparent().remove(name._p)

    return tweak


def test_a_parent_body_and_name_broken_by_a_line_break_pass(tmp_path):
    spec = replace(Spec(), tweak=_parent_and_name_in_one_paragraph(parent_bold=False))
    finding = findings_of(tmp_path, spec)["co-quan-ban-hanh"]
    assert finding.passed, finding.found
    assert "cơ quan chủ quản «UBND TỈNH SƠN LA»" in finding.found


def test_a_bold_parent_body_before_a_line_break_fails(tmp_path):
    spec = replace(Spec(), tweak=_parent_and_name_in_one_paragraph(parent_bold=True))
    finding = findings_of(tmp_path, spec)["co-quan-ban-hanh"]
    assert finding.found == "tên cơ quan chủ quản in đậm ở «UBND TỈNH SƠN LA»"


def _parent_on_two_paragraphs(document) -> None:
    """«BỘ NÔNG NGHIỆP VÀ» / «PHÁT TRIỂN NÔNG THÔN», not bold, over «CỤC TRỒNG TRỌT»."""
    parent, name = document.tables[0].rows[0].cells[0].paragraphs[:2]
    parent.runs[0].text = "BỘ NÔNG NGHIỆP VÀ"
    second = parent.insert_paragraph_before("")
    second._p.getparent().remove(second._p)
    parent._p.addnext(second._p)
    Paragraph(second._p, parent._parent).add_run("PHÁT TRIỂN NÔNG THÔN").font.size = Pt(12)
    second.alignment = parent.alignment
    name.runs[0].text = "CỤC TRỒNG TRỌT"
    _issuing_rule(1.8)(document)


def test_a_parent_body_on_two_lines_is_not_read_as_the_issuing_body(tmp_path):
    finding = findings_of(tmp_path, replace(Spec(), tweak=_parent_on_two_paragraphs))[
        "co-quan-ban-hanh"
    ]
    assert finding.passed, finding.found
    assert "cơ quan chủ quản «BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN»" in finding.found


def test_a_subject_on_two_lines_may_have_its_rule_sized_by_the_last_line(tmp_path):
    def rule_of_4_cm(document) -> None:
        fmt = document.paragraphs[2].paragraph_format
        fmt.left_indent = fmt.right_indent = Cm((16.5 - 4.0) / 2)

    subject = (
        "Kết quả thực hiện Kế hoạch số 65/KH-UBND ngày 14/3/2021 của Ủy ban nhân dân tỉnh "
        "Sơn La về phát triển khoa học"
    )  # 15,7 cm, then 9,4 cm
    spec = replace(Spec(), subject=subject, tweak=rule_of_4_cm)
    finding = findings_of(tmp_path, spec)["ten-loai-trich-yeu"]
    assert finding.passed, finding.found


@pytest.mark.parametrize(
    "name",
    [
        LONG_NAME,
        "TRUNG TÂM KIỂM SOÁT BỆNH TẬT VÀ PHÒNG CHỐNG DỊCH BỆNH TỈNH QUẢNG NINH",
        "BAN QUẢN LÝ KHU KINH TẾ",
    ],
)
def test_what_vanban_writes_for_a_long_issuing_body_passes(
    templates_dir, sample_report_context, tmp_path, name
):
    from generator.documents.render import CompiledTemplate

    template = templates_dir / "bao-cao-tong-hop.docx"
    if not template.exists():
        pytest.skip(f"{template.name} has not been built yet")
    header = sample_report_context.header.model_copy(update={"issuing_body": name})
    context = sample_report_context.model_copy(update={"header": header})
    target = tmp_path / template.name
    target.write_bytes(CompiledTemplate.load(template).render(context))
    finding = {f.rule: f for f in check_docx(target)}["co-quan-ban-hanh"]
    assert finding.passed, finding.found


def _figures_table(document) -> None:
    """Eight rows of six short figures: about 150 pt on the page, not 48 lines."""
    table = document.add_table(rows=8, cols=6)
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].add_run("12,5")


def test_a_one_page_document_with_a_table_is_counted_one_page(tmp_path):
    """The cells of a row stand side by side: the row is as tall as its tallest cell, so
    page numbers missing on a one-page document are a recommendation, not an error."""
    spec = replace(
        Spec(), body_paragraphs=1, heading=None, page_numbers="none", tweak=_figures_table
    )
    finding = findings_of(tmp_path, spec)["so-trang"]
    assert not finding.passed and finding.severity == "khuyến nghị", finding


def _number_line_in_caps(document) -> None:
    document.tables[0].rows[0].cells[0].paragraphs[3].runs[0].font.all_caps = True


@pytest.mark.parametrize(
    "spec",
    [replace(Spec(), so="SỐ: 05/BC-SKHCN"), replace(Spec(), tweak=_number_line_in_caps)],
    ids=["typed", "caps"],
)
def test_a_number_line_in_capitals_is_found_and_told(tmp_path, spec):
    findings = findings_of(tmp_path, spec)
    assert [rule for rule, f in findings.items() if not f.passed] == ["so-ky-hieu"]
    assert "viết «SỐ», cần «Số»" in findings["so-ky-hieu"].found


@pytest.mark.parametrize(
    ("so", "date"),
    [
        ("Số:      /BC-SKHCN", "Sơn La, ngày      tháng      năm 2026"),
        ("Số: ....../BC-SKHCN", "Sơn La, ngày ..... tháng ..... năm 2026"),
        ("Số: …/BC-SKHCN", "Sơn La, ngày … tháng 11 năm 2026"),
    ],
    ids=["blank", "dots", "ellipsis"],
)
def test_a_draft_may_leave_the_number_day_and_month_to_the_records_office(tmp_path, so, date):
    findings = findings_of(tmp_path, replace(Spec(), so=so, date=date))
    assert findings["so-ky-hieu"].passed, findings["so-ky-hieu"].found
    assert "để trống số (dự thảo)" in findings["so-ky-hieu"].found
    assert findings["dia-danh-ngay"].passed, findings["dia-danh-ngay"].found


def test_a_day_without_its_month_fails(tmp_path):
    spec = replace(Spec(), date="Sơn La, ngày 05 tháng      năm 2026")
    finding = only_failure(tmp_path, spec, "dia-danh-ngay")
    assert "có ngày 05 nhưng để trống tháng" in finding.found


def _type_name_and_subject_in_one_paragraph(document) -> None:
    """«BÁO CÁO» ↵ «Kết quả thực hiện …»: one centred bold paragraph, a line break."""
    joined_by_break(document.paragraphs[0], document.paragraphs[1], 14)


def test_a_type_name_and_subject_broken_by_a_line_break_pass(tmp_path):
    spec = replace(Spec(), tweak=_type_name_and_subject_in_one_paragraph)
    finding = findings_of(tmp_path, spec)["ten-loai-trich-yeu"]
    assert finding.passed, finding.found
    assert "«BÁO CÁO» / «Kết quả thực hiện" in finding.found


def test_the_symbol_is_checked_against_a_type_name_broken_from_its_subject(tmp_path):
    spec = replace(Spec(), so="Số: 05/KH-SKHCN", tweak=_type_name_and_subject_in_one_paragraph)
    finding = only_failure(tmp_path, spec, "so-ky-hieu")
    assert "không phải «BC», chữ viết tắt của tên loại «BÁO CÁO»" in finding.found


def test_a_place_and_date_without_its_comma_is_found_and_told(tmp_path):
    spec = replace(Spec(), date="Sơn La ngày 05 tháng 02 năm 2026")
    finding = only_failure(tmp_path, spec, "dia-danh-ngay")
    assert (
        finding.found == "«Sơn La ngày 05 tháng 02 năm 2026»: thiếu dấu phẩy sau địa danh «Sơn La»"
    )


def _first_line_indent_in_the_header(document) -> None:
    """The Normal style's 1,27 cm first-line indent, inherited by the header cells."""
    document.styles["Normal"].paragraph_format.first_line_indent = Cm(1.27)


def test_a_first_line_indent_narrows_the_first_line_of_the_issuing_body(tmp_path):
    """«SỞ VĂN HÓA VÀ THỂ THAO» (5,7 cm) fits the 6,6 cm cell, but not after 1,27 cm of
    indent: Word shows it on two lines (4,4 and 1,3 cm), under which 2,8 cm is too long."""
    spec = replace(
        Spec(), issuing_body="SỞ VĂN HÓA VÀ THỂ THAO", tweak=_first_line_indent_in_the_header
    )
    finding = findings_of(tmp_path, spec)["co-quan-ban-hanh"]
    assert "dài 2,8 cm, dòng chữ dài nhất khoảng" in finding.found


def test_centred_header_lines_with_a_first_line_indent_are_a_recommendation(tmp_path):
    spec = replace(Spec(), tweak=_first_line_indent_in_the_header)
    finding = findings_of(tmp_path, spec)["vi-tri"]
    assert finding.severity == "khuyến nghị"
    assert "phần đầu văn bản: 6 dòng căn giữa nhưng thụt đầu dòng" in finding.found
    assert "khối chữ ký: 3 dòng" in finding.found


def _line_anchored_below(cell_index: int, length_pt: int):
    """The rule drawn as a line that Word anchored to the paragraph below it (the number
    under the name, the date under the tiêu ngữ), the bordered paragraph removed."""

    def tweak(document) -> None:
        cell = document.tables[0].rows[0].cells[cell_index]
        rule = cell.paragraphs[2]
        rule._p.getparent().remove(rule._p)
        line = (
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
            f'<v:line from="0,0" to="{length_pt}pt,0" strokeweight=".5pt"/></w:pict></w:r>'
        )
        cell.paragraphs[2]._p.insert(1, parse_xml(line))

    return tweak


@pytest.mark.parametrize(
    ("cell_index", "length_pt", "rule"), [(0, 80, "co-quan-ban-hanh"), (1, 160, "tieu-ngu")]
)
def test_a_rule_drawn_from_the_line_below_is_the_rule(tmp_path, cell_index, length_pt, rule):
    spec = replace(Spec(), tweak=_line_anchored_below(cell_index, length_pt))
    finding = findings_of(tmp_path, spec)[rule]
    assert finding.passed, finding.found
