"""A cell typed on several lines (Alt+Enter), with or without list marks, reads as one clean
sentence in the report: never «sản phẩm.; Hướng dẫn», «;;» or «- -»."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from conftest import REPO, sample_consolidation
from docx import Document

from generator.consolidate import _cell_items, _one_line, report_context
from generator.documents.render import CompiledTemplate


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Đã rà soát 6 sản phẩm.\nHướng dẫn 3 cơ sở.", "Đã rà soát 6 sản phẩm; Hướng dẫn 3 cơ sở"),
        (
            "- Đã rà soát 6 sản phẩm;\n- Hướng dẫn 3 cơ sở.",
            "Đã rà soát 6 sản phẩm; Hướng dẫn 3 cơ sở",
        ),
        ("- - Thiếu kinh phí;\n-Thiếu cán bộ", "Thiếu kinh phí; Thiếu cán bộ"),
        ("Kết quả:\n1. Tập huấn\n2. Tuyên truyền", "Kết quả: Tập huấn; Tuyên truyền"),
        ("a) tập huấn\nb) tuyên truyền", "tập huấn; tuyên truyền"),
        # a sentence wrapped by hand stays a sentence
        (
            "Đã phối hợp với các đơn vị\nliên quan tổ chức 2 lớp.",
            "Đã phối hợp với các đơn vị liên quan tổ chức 2 lớp",
        ),
        ("Đã kiểm tra 5 cơ sở,\nphát hiện 2 vụ.", "Đã kiểm tra 5 cơ sở, phát hiện 2 vụ"),
        ("Chi 5.000.000 đồng.", "Chi 5.000.000 đồng"),
    ],
)
def test_a_cell_of_several_lines_is_one_clean_sentence(typed: str, read: str) -> None:
    assert _one_line(typed) == read


def test_a_listed_cell_gives_one_item_per_line() -> None:
    assert _cell_items("- Thiếu kinh phí;\n- Thiếu cán bộ.") == ["Thiếu kinh phí", "Thiếu cán bộ"]
    assert _cell_items("Thiếu kinh phí, cán bộ") == ["Thiếu kinh phí, cán bộ"]
    assert _cell_items("") == []


def test_the_report_lists_each_difficulty_once_with_every_agency_that_gave_it() -> None:
    c = sample_consolidation(2025)
    first, second = c.reported[0], c.reported[1]
    shared = first.report.difficulties.strip().rstrip(".")
    typed = f"- {shared};\n- Thiếu máy tính chuyên dùng."
    edited = {first.agency.code: typed, second.agency.code: "Thiếu máy tính chuyên dùng"}

    def with_typed(summary):
        text = edited.get(summary.agency.code)
        if text is None or summary.report is None:
            return summary
        return replace(summary, report=replace(summary.report, difficulties=text))

    c = replace(c, agencies=[with_typed(s) for s in c.agencies])
    template = CompiledTemplate.load(REPO / "templates" / "bao-cao-tong-hop.docx")
    document = Document(io.BytesIO(template.render(report_context(c))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert ";;" not in text and "- -" not in text and ".;" not in text
    [line] = [p for p in text.splitlines() if p.startswith("- Thiếu máy tính chuyên dùng")]
    assert first.agency.name in line and second.agency.name in line
    assert any(p.startswith(f"- {shared} (") and first.agency.name in p for p in text.splitlines())
