"""The targets' charts in the report's last appendix, when the plan's data asks for them:
one picture per target drawn, deterministic, a valid .docx; none otherwise."""

from __future__ import annotations

import os
import re
import shutil
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from generator.batch import GenerateOptions, generate
from generator.check.conformance import check_docx, has_blocking_failure
from generator.data.workspace import load_workspace
from generator.documents.charts import chart_png, target_series
from generator.errors import VanbanError
from generator.targets import ValueKind
from tests.test_batch import build_inputs

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REPORT = "bao-cao-tong-hop.docx"
ASKED = "  han_tra_loi_don_doc:"  # the charts' key is written before this line


@pytest.fixture(scope="module")
def sample_inputs(tmp_path_factory) -> Path:
    return build_inputs(tmp_path_factory.mktemp("mau") / "inputs")


def _with_charts(sample_inputs: Path, folder: Path, value: str) -> Path:
    inputs = folder / "inputs"
    shutil.copytree(sample_inputs, inputs)
    plan = inputs / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count(ASKED) == 1
    plan.write_text(text.replace(ASKED, f"  bieu_do_bao_cao: {value}\n{ASKED}"), encoding="utf-8")
    return inputs


def _report(inputs: Path, out: Path) -> Path:
    generate(GenerateOptions(inputs=inputs, templates=REPO / "templates", out=out, year=2025))
    return out / "2025" / REPORT


def _pictures(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [name for name in archive.namelist() if name.startswith("word/media/")]


@pytest.fixture(scope="module")
def charted(sample_inputs: Path, tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("charts")
    inputs = _with_charts(sample_inputs, folder, "true")
    return _report(inputs, folder / "a"), _report(inputs, folder / "b")


def test_every_target_is_drawn_in_the_last_appendix_cited_by_the_body(charted):
    report, _ = charted
    measures = [m for t in load_workspace(REPO / "inputs").plan.targets for m in t.measures]
    assert len(measures) == 8
    pictures = _pictures(report)
    assert len(pictures) == len(measures)
    with zipfile.ZipFile(report) as archive:
        for name in pictures:
            assert archive.read(name).startswith(b"\x89PNG\r\n\x1a\n")
        types = archive.read("[Content_Types].xml").decode()
        assert 'Extension="png" ContentType="image/png"' in types
        rels = archive.read("word/_rels/document.xml.rels").decode()
        xml = archive.read("word/document.xml").decode()
    for name in pictures:
        target = name.removeprefix("word/")
        rid = re.search(rf'Id="([^"]+)"[^>]*Target="{re.escape(target)}"', rels)
        assert rid is not None and f'r:embed="{rid[1]}"' in xml
    texts = [p.text for p in Document(str(report)).paragraphs]
    assert "Phụ lục IV" in texts
    assert any("BIỂU ĐỒ KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU" in t for t in texts)
    captions = [t for t in texts if t.startswith("Biểu đồ ")]
    assert captions == [f"Biểu đồ {i}. {m.name}" for i, m in enumerate(measures, start=1)]
    assert any(t.endswith("biểu đồ tại Phụ lục IV kèm theo.") for t in texts)


def test_the_report_with_charts_is_the_same_bytes_twice_and_a_valid_document(charted):
    first, second = charted
    assert first.read_bytes() == second.read_bytes()
    assert not has_blocking_failure(check_docx(first))
    if not SHARED.is_dir():
        if os.environ.get("VANBAN_REQUIRE_SHARED"):
            pytest.fail(f"thiếu thư mục tham chiếu {SHARED}")
        pytest.skip(f"không có bộ kiểm tra OOXML ở {SHARED / 'ooxml'}")
    sys.path.insert(0, str(SHARED / "ooxml"))
    from docx_check import check_docx as ooxml_check

    errors = [f for f in ooxml_check(first, xsd_dir=SHARED / "ooxml" / "xsd") if f.level == "error"]
    assert not errors


def test_only_the_targets_listed_are_drawn(sample_inputs: Path, tmp_path: Path):
    inputs = _with_charts(sample_inputs, tmp_path, '["CT-DD"]')
    report = _report(inputs, tmp_path / "out")
    assert len(_pictures(report)) == 1
    captions = [p.text for p in Document(str(report)).paragraphs if p.text.startswith("Biểu đồ ")]
    assert captions == ["Biểu đồ 1. Số nhãn hiệu được cấp văn bằng bảo hộ"]


def test_an_unknown_target_code_is_told_on_its_line(sample_inputs: Path, tmp_path: Path):
    inputs = _with_charts(sample_inputs, tmp_path, '["CT-DD", "CT-XYZ"]')
    with pytest.raises(VanbanError) as raised:
        load_workspace(inputs)
    message = str(raised.value)
    assert "«CT-XYZ» không phải mã một chỉ tiêu" in message and "dòng" in message


def test_without_the_plans_asking_there_is_no_chart(sample_inputs: Path, tmp_path: Path):
    report = _report(sample_inputs, tmp_path / "out")
    assert _pictures(report) == []
    texts = [p.text for p in Document(str(report)).paragraphs]
    assert not any("BIỂU ĐỒ" in t or "Phụ lục IV" in t for t in texts)


def test_a_chart_depends_on_its_figures_only():
    def png(values: dict) -> bytes:
        series = target_series(
            "Tỷ lệ hồ sơ trực tuyến",
            "%",
            ValueKind.PERCENT,
            values,
            [2026, 2027],
            None,
            (80, None),
        )
        return chart_png(series)

    first = png({2026: Decimal("45.5"), 2027: None})
    assert first == png({2026: Decimal("45.5"), 2027: None})
    assert first != png({2026: Decimal("46.5"), 2027: None})
    assert first.startswith(b"\x89PNG") and b"tIME" not in first and b"Software" not in first


@pytest.mark.parametrize(
    "value, asked",
    [('"có"', True), ('"không"', False), ('"CT-DD"', ["CT-DD"]), ("", False)],
    ids=["co", "khong", "one-code", "empty"],
)
def test_the_charts_setting_is_read_as_a_clerk_writes_it(sample_inputs, tmp_path, value, asked):
    inputs = _with_charts(sample_inputs, tmp_path, value)
    assert load_workspace(inputs).plan.outputs.report_charts == asked


@pytest.mark.parametrize("value", ["1", "{CT-DD: true}", "[1, 2]"])
def test_a_charts_setting_of_another_shape_is_one_plain_message(sample_inputs, tmp_path, value):
    inputs = _with_charts(sample_inputs, tmp_path, value)
    with pytest.raises(VanbanError) as raised:
        load_workspace(inputs)
    lines = raised.value.message().splitlines()
    assert len(lines) == 2  # the heading and one finding, not one per Python type
    assert "hoặc danh sách mã chỉ tiêu: các mã trong ngoặc vuông" in lines[1]
    assert "bool" not in lines[1] and "list[" not in lines[1]
