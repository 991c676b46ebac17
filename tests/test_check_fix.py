"""`vanban check --sua`: a corrected copy beside the original, never over a file, the changes
told, then the copy checked."""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.shared import Cm, Pt, RGBColor
from fixtures_conformance import Spec, body_paragraphs, build, set_run_font

from generator.check.conformance import check_docx
from generator.check.fix import fix_docx
from generator.cli import cli

LONG = Spec(body_paragraphs=40)


def _messy(document) -> None:
    """Arial and red in one run, a 12-point left-aligned unindented body paragraph."""
    run = body_paragraphs(document)[1].runs[0]
    set_run_font(run, "Arial")
    run.font.color.rgb = RGBColor(0xFF, 0, 0)
    paragraph = body_paragraphs(document)[2]
    paragraph.runs[0].font.size = Pt(12)
    paragraph.alignment = 0
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Cm(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 2.0


MESSY = replace(
    LONG,
    page_mm=(215.9, 279.4),
    margins_mm=(15, 15, 25, 25),
    noi_nhan_bold=False,
    first_page_different=False,
    recipients=("- Như trên;", "- Lưu: VT, QLCN."),
    tweak=_messy,
)
FIXABLE = ("kho-giay", "le-trang", "phong-chu", "mau-chu", "noi-dung", "noi-nhan", "so-trang")


def failed_rules(path: Path) -> list[str]:
    return sorted(f.rule for f in check_docx(path) if not f.passed)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_fixable_fault_is_fixed_and_told(tmp_path):
    source = build(tmp_path / "bao-cao.docx", MESSY)
    assert failed_rules(source) == sorted(FIXABLE)
    before = sha(source)
    fixed = fix_docx(source)
    assert fixed.target == tmp_path / "bao-cao-da-sua.docx"
    assert sha(source) == before
    assert failed_rules(fixed.target) == []
    assert fixed.changes == [
        "Khổ giấy: 215,9 mm × 279,4 mm → A4 dọc 210 mm × 297 mm",
        "Lề trên: 15 mm → 20 mm",
        "Lề dưới: 15 mm → 20 mm",
        "Lề trái: 25 mm → 30 mm",
        "Lề phải: 25 mm → 20 mm",
        "Phông chữ: 1 chỗ trong văn bản và 1 kiểu (style) → Times New Roman",
        "Màu chữ: 1 chỗ trong văn bản → màu đen",
        "Nội dung: cỡ chữ → 14 ở 1 đoạn",
        "Nội dung: căn đều hai lề ở 1 đoạn",
        "Nội dung: lùi đầu dòng → 1,27 cm ở 1 đoạn",
        "Nội dung: cách đoạn → 6 pt sau đoạn ở 1 đoạn",
        "Nội dung: giãn dòng → dòng đơn ở 1 đoạn",
        "«Nơi nhận:» → đậm, nghiêng, cỡ 12",
        "Số trang: không hiện ở trang 1 (chọn «trang đầu khác»)",
    ]


def test_a_second_fix_never_overwrites_the_first(tmp_path):
    source = build(tmp_path / "vb.docx", MESSY)
    first = fix_docx(source).target
    assert first is not None
    first_bytes = first.read_bytes()
    second = fix_docx(source).target
    assert second == tmp_path / "vb-da-sua-2.docx"
    assert first.read_bytes() == first_bytes == second.read_bytes()  # deterministic


def test_nothing_to_fix_writes_nothing(tmp_path):
    source = build(tmp_path / "vb.docx", LONG)
    fixed = fix_docx(source)
    assert fixed.target is None and fixed.changes == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vb.docx"]


def test_python_docx_default_document_gets_a4_margins_font_and_colour(tmp_path):
    source = tmp_path / "mac-dinh.docx"
    document = Document()
    document.add_paragraph("Nội dung văn bản.")
    document.save(str(source))
    before = {f.rule: f.passed for f in check_docx(source)}
    assert not any(before[r] for r in ("kho-giay", "le-trang", "phong-chu"))
    fixed = fix_docx(source)
    assert fixed.target is not None
    after = {f.rule: f for f in check_docx(fixed.target)}
    for rule in ("kho-giay", "le-trang", "phong-chu", "mau-chu"):
        assert after[rule].passed, (rule, after[rule].found)
    assert any(c.startswith("Phông chữ:") and "kiểu (style)" in c for c in fixed.changes)


def test_page_number_on_the_first_page_header_is_removed(tmp_path):
    def number_on_first_page(document):
        section = document.sections[0]
        paragraph = section.first_page_header.paragraphs[0]
        paragraph._p.append(
            section.header.paragraphs[0]
            ._p.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fldSimple")
            .__copy__()
        )

    source = build(tmp_path / "vb.docx", replace(LONG, tweak=number_on_first_page))
    assert failed_rules(source) == ["so-trang"]
    fixed = fix_docx(source)
    assert fixed.changes == ["Số trang: xóa số trang ở đầu trang của trang 1"]
    assert failed_rules(fixed.target) == []


def test_fixed_copy_passes_the_strict_ooxml_validator(tmp_path, shared_dir):
    sys.path.insert(0, str(shared_dir / "ooxml"))
    from docx_check import check_docx as ooxml_check

    def errors(path: Path) -> list[str]:
        found = ooxml_check(path, xsd_dir=shared_dir / "ooxml" / "xsd")
        return sorted(f"{f.part}: {f.message}" for f in found if f.level == "error")

    source = build(tmp_path / "vb.docx", MESSY)
    fixed = fix_docx(source)
    assert fixed.target is not None
    assert errors(source) == []
    assert errors(fixed.target) == []


def test_cli_fix_prints_the_changes_then_checks_the_copy(tmp_path):
    source = build(tmp_path / "vb.docx", MESSY)
    result = CliRunner().invoke(cli, ["check", "--sua", str(source)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Đã ghi bản sửa «vb-da-sua.docx» (tệp gốc «vb.docx» giữ nguyên):\n"
        "  - Khổ giấy: 215,9 mm × 279,4 mm → A4 dọc 210 mm × 297 mm\n"
    )
    assert result.output.rstrip().endswith(
        "vb-da-sua.docx: 22 đạt, 0 lỗi, 0 lưu ý — văn bản đạt thể thức."
    )


def test_cli_fix_with_json_prints_only_json_of_the_copy(tmp_path):
    source = build(tmp_path / "vb.docx", MESSY)
    result = CliRunner().invoke(cli, ["check", "--sua", "--json", str(source)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["files"][0]["file"] == str(tmp_path / "vb-da-sua.docx")
    assert data["files"][0]["passed"] is True


@pytest.mark.parametrize("name", ["vb.docx"])
def test_cli_fix_of_an_unreadable_file_writes_nothing(tmp_path, name):
    source = tmp_path / name
    source.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(cli, ["check", "--sua", str(source)])
    assert result.exit_code == 1
    assert "«vb.docx» bị hỏng" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_copy_that_cannot_be_written_is_told_in_vietnamese(tmp_path, monkeypatch):
    from generator.check import fix

    source = build(tmp_path / "vb.docx", MESSY)
    monkeypatch.setattr(fix, "fixed_name", lambda path: tmp_path / "khong-co" / "vb-da-sua.docx")
    result = CliRunner().invoke(cli, ["check", "--sua", str(source)])
    assert result.exit_code == 1
    assert "Lỗi: không ghi được bản sửa «vb-da-sua.docx» cạnh tệp gốc: " in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vb.docx"]


def test_a_macro_document_is_fixed_under_its_own_suffix(tmp_path):
    from generator.check.fix import fixed_name

    assert fixed_name(tmp_path / "vb.docm") == tmp_path / "vb-da-sua.docm"
