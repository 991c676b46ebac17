"""The plan's rules for itemised outcomes (inputs/ke-hoach.yaml, «tai_san_tri_tue»)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.data.ip_rules import (
    CountBasis,
    due_dates,
    form_quantities,
    parse_application_number,
)
from generator.data.plan import load_plan
from generator.data.registry import load_registry
from generator.errors import DataErrors

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def plan():
    registry = load_registry(ROOT / "inputs" / "don-vi.yaml")
    return load_plan(ROOT / "inputs" / "ke-hoach.yaml", registry)


def test_the_application_number_digits_are_data(plan) -> None:
    rules = plan.ip
    assert [k.name for k in rules.kinds_with_digit(4)] == [
        "nhãn hiệu",
        "nhãn hiệu tập thể",
        "nhãn hiệu chứng nhận",
    ]
    assert [(k.name, k.digit_confirmed) for k in rules.kinds if k.digit in (1, 2, 3, 6)] == [
        ("sáng chế", False),
        ("giải pháp hữu ích", True),
        ("kiểu dáng công nghiệp", False),
        ("chỉ dẫn địa lý", True),
    ]
    assert rules.kind_named("  Nhãn hiệu  CHỨNG nhận ").code == "NHCN"
    assert rules.role_named("hỗ trợ kinh phí").code == "KINH-PHI"
    assert rules.columns.headers() == (
        "Số đơn",
        "Loại đối tượng",
        "Tên đối tượng",
        "Sản phẩm",
        "Chủ đơn, chủ văn bằng",
        "Ngày nộp đơn",
        "Số văn bằng",
        "Ngày cấp văn bằng",
        "Vai trò của đơn vị",
        "Ghi chú",
    )


def test_every_title_target_is_counted_from_the_register(plan) -> None:
    rules = plan.ip
    assert rules.counted_measures == {m.code for m in plan.measures}
    assert form_quantities(plan) == []
    assert rules.rule_for("CT-B1").basis is CountBasis.FILING
    assert rules.rule_for("CT-E").kinds == ["NHCN", "NHTT"]
    assert rules.rule_for("CT-A").roles == ["KHAI-THAC"]
    assert {a.area for a in rules.activities} <= {area.code for area in plan.areas}


def test_application_numbers_read_kind_and_year() -> None:
    assert parse_application_number("4-2024-01234") == (4, 2024, "4-2024-01234")
    assert parse_application_number(" 6 – 2001 – 00009 ") == (6, 2001, "6-2001-00009")
    assert parse_application_number("4-24-01234") is None
    assert parse_application_number("Madrid 1234567") is None


def test_trademarks_fall_due_every_ten_years_from_filing(plan) -> None:
    term = plan.ip.kind("NH").term
    dates = due_dates(term, date(2014, 2, 28), date(2015, 6, 1))
    assert [next(dates), next(dates), next(dates)] == [
        date(2024, 2, 28),
        date(2034, 2, 28),
        date(2044, 2, 28),
    ]


def test_utility_solutions_fall_due_yearly_from_grant_until_ten_years_from_filing(plan) -> None:
    term = plan.ip.kind("GPHI").term
    dates = list(due_dates(term, date(2016, 12, 9), date(2020, 3, 2)))
    assert dates[0] == date(2021, 3, 2)
    assert dates[-2:] == [date(2026, 3, 2), date(2026, 12, 9)]


def test_geographical_indications_have_no_term(plan) -> None:
    assert plan.ip.kind("CDDL").term is None


def test_a_rule_for_an_unknown_target_is_refused_with_its_line(tmp_path) -> None:
    registry = load_registry(ROOT / "inputs" / "don-vi.yaml")
    text = (ROOT / "inputs" / "ke-hoach.yaml").read_text(encoding="utf-8")
    text = text.replace('{chi_tieu: "CT-D", loai: [CDDL]', '{chi_tieu: "CT-Z", loai: [CDDL]')
    text = text.replace("loai: [NHCN, NHTT]", "loai: [NHCN, NHXX]")
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_plan(path, registry)
    message = caught.value.message()
    assert "loại đối tượng «NHXX» không có trong loai_doi_tuong" in message
    text = text.replace("loai: [NHCN, NHXX]", "loai: [NHCN, NHTT]")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_plan(path, registry)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"CT-Z"' in row)
    assert f"dòng {line}" in caught.value.message()
    assert "chỉ tiêu «CT-Z» không có trong mục tiêu cụ thể" in caught.value.message()


def test_an_activity_of_an_unknown_area_names_the_plan_s_own_section(tmp_path) -> None:
    registry = load_registry(ROOT / "inputs" / "don-vi.yaml")
    text = (ROOT / "inputs" / "ke-hoach.yaml").read_text(encoding="utf-8")
    text = text.replace(
        'don_vi_tinh: "lớp", linh_vuc: "III.7"', 'don_vi_tinh: "lớp", linh_vuc: "III.99"'
    )
    text = text.replace('noi_dung_thuc_hien: {muc: "III"}', 'noi_dung_thuc_hien: {muc: "IV"}')
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_plan(path, registry)
    assert "lĩnh vực «III.99» không có trong mục IV của kế hoạch" in caught.value.message()
