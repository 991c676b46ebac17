"""Checks on the real agency registry, inputs/don-vi.yaml, as a clerk ships it.

These pin the facts of Sơn La's 2025 reorganisation that the reports depend on:
who must report in which year, and who inherits the tasks of a merged agency.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.data.registry import Registry, load_registry
from generator.errors import DataErrors

REGISTRY_FILE = Path(__file__).resolve().parent.parent / "inputs" / "don-vi.yaml"
FILE_NAME_SAFE_CODE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")

DEADLINE_2024 = date(2024, 11, 10)
DEADLINE_2025 = date(2025, 11, 10)
DEADLINE_2026 = date(2026, 11, 10)

DISTRICTS_2021 = {
    "Ủy ban nhân dân thành phố Sơn La",
    "Ủy ban nhân dân huyện Quỳnh Nhai",
    "Ủy ban nhân dân huyện Mường La",
    "Ủy ban nhân dân huyện Thuận Châu",
    "Ủy ban nhân dân huyện Phù Yên",
    "Ủy ban nhân dân huyện Bắc Yên",
    "Ủy ban nhân dân huyện Mai Sơn",
    "Ủy ban nhân dân huyện Sông Mã",
    "Ủy ban nhân dân huyện Yên Châu",
    "Ủy ban nhân dân huyện Mộc Châu",
    "Ủy ban nhân dân huyện Sốp Cộp",
    "Ủy ban nhân dân huyện Vân Hồ",
}
WARDS_2025 = {
    "Tô Hiệu",
    "Chiềng An",
    "Chiềng Cơi",
    "Chiềng Sinh",
    "Mộc Châu",
    "Mộc Sơn",
    "Vân Sơn",
    "Thảo Nguyên",
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(REGISTRY_FILE)


@pytest.fixture(scope="module")
def raw_agencies() -> list[dict]:
    return yaml.safe_load(REGISTRY_FILE.read_text(encoding="utf-8"))["don_vi"]


def _codes(agencies) -> list[str]:
    return [agency.code for agency in agencies]


def test_file_is_nfc_utf8_text() -> None:
    text = REGISTRY_FILE.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert "\t" not in text


def test_header_explains_every_key_to_the_clerk() -> None:
    comments = "\n".join(
        line
        for line in REGISTRY_FILE.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    )
    for key in (
        "loai_don_vi",
        "ten_nhom",
        "chinh_quyen_dia_phuong",
        "nhom",
        "gom_loai",
        "don_vi",
        "ma",
        "ten",
        "ten_ngan",
        "loai",
        "chuc_danh_thu_truong",
        "tu_ngay",
        "den_ngay",
        "ke_nhiem",
        "ly_do_ket_thuc",
        "hinh_thuc",
        "can_cu",
        "suy_luan",
        "ghi_chu",
    ):
        assert re.search(rf"\b{key}\b", comments), f"header does not explain {key}"
    assert "đổi tên" in comments


def test_codes_are_unique_and_file_name_safe(raw_agencies: list[dict]) -> None:
    groups = yaml.safe_load(REGISTRY_FILE.read_text(encoding="utf-8"))["nhom"]
    codes = [entry["ma"] for entry in raw_agencies] + [group["ma"] for group in groups]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    assert duplicates == []
    unsafe = [code for code in codes if not FILE_NAME_SAFE_CODE.fullmatch(code)]
    assert unsafe == []


def test_every_entry_names_its_source_and_inferred_ones_say_so(registry: Registry) -> None:
    for agency in registry.agencies.values():
        assert len(agency.note) > 20, agency.code
        if agency.inferred:
            assert "suy luận" in agency.note.casefold(), agency.code


def test_groups_named_by_the_plan(registry: Registry) -> None:
    assert registry.groups["SO-NGANH"].name == "Các sở, ban, ngành tỉnh"
    assert registry.groups["DIA-PHUONG"].name == "Ủy ban nhân dân các huyện, thành phố"
    assert set(registry.groups["TAT-CA"].kinds) == set(registry.kinds)


def test_twelve_local_governments_report_for_2024(registry: Registry) -> None:
    local = registry.members("DIA-PHUONG", DEADLINE_2024)
    assert {agency.name for agency in local} == DISTRICTS_2021
    assert all(agency.kind == "ubnd-huyen" for agency in local)


def test_moc_chau_is_a_town_in_the_first_half_of_2025(registry: Registry) -> None:
    spring = date(2025, 3, 10)
    names = {agency.name for agency in registry.members("DIA-PHUONG", spring)}
    assert len(names) == 12
    assert "Ủy ban nhân dân thị xã Mộc Châu" in names
    assert "Ủy ban nhân dân huyện Mộc Châu" not in names
    assert _codes(registry.successor_on("HUYEN-MOC-CHAU", spring)) == ["THI-XA-MOC-CHAU"]


def test_seventy_five_communes_report_for_2025(registry: Registry) -> None:
    local = registry.members("DIA-PHUONG", DEADLINE_2025)
    assert len(local) == 75
    assert all(agency.kind == "ubnd-xa" for agency in local)
    wards = {
        agency.name.removeprefix("Ủy ban nhân dân phường ")
        for agency in local
        if agency.name.startswith("Ủy ban nhân dân phường ")
    }
    assert wards == WARDS_2025
    communes = [agency for agency in local if agency.name.startswith("Ủy ban nhân dân xã ")]
    assert len(communes) == 67
    assert registry.agency("PHUONG-TO-HIEU").head_title == "Chủ tịch Ủy ban nhân dân phường"
    assert registry.agency("XA-XIM-VANG").short_name == "UBND xã Xím Vàng"


def test_no_district_reports_after_july_2025(registry: Registry) -> None:
    active_kinds = {agency.kind for agency in registry.active(DEADLINE_2025)}
    assert "ubnd-huyen" not in active_kinds
    assert registry.members("CAP-XA", DEADLINE_2024) == []


def test_merged_departments_pass_their_tasks_on(registry: Registry) -> None:
    assert not registry.agency("SNNPTNT").is_active_on(DEADLINE_2025)
    assert registry.agency("SNNPTNT").is_active_on(DEADLINE_2024)
    assert _codes(registry.successor_on("SNNPTNT", DEADLINE_2025)) == ["SNNMT"]
    assert _codes(registry.successor_on("STNMT", DEADLINE_2025)) == ["SNNMT"]
    assert _codes(registry.successor_on("SKHDT", DEADLINE_2025)) == ["STC"]
    assert _codes(registry.successor_on("STTTT", DEADLINE_2025)) == ["SKHCN"]
    assert _codes(registry.successor_on("SGTVT", DEADLINE_2025)) == ["SXD"]
    assert _codes(registry.successor_on("SLDTBXH", DEADLINE_2025)) == ["SNV"]
    assert _codes(registry.successor_on("BDT", DEADLINE_2025)) == ["SDTTG"]
    assert _codes(registry.successor_on("CQLTT", DEADLINE_2025)) == ["CCQLTT"]
    assert registry.successor_name("SNNPTNT") == "Sở Nông nghiệp và Môi trường"


def test_fourteen_provincial_bodies_report_for_2025(registry: Registry) -> None:
    provincial = _codes(registry.members("SO-NGANH", DEADLINE_2025))
    assert len(provincial) == 14
    assert "SNNPTNT" not in provincial
    assert {"SKHCN", "SNNMT", "SDTTG", "TTT", "VPUBND"} <= set(provincial)


def test_every_district_routes_to_the_seventy_five_communes(registry: Registry) -> None:
    communes = _codes(registry.members("CAP-XA", DEADLINE_2026))
    assert len(communes) == 75
    districts = [a for a in registry.agencies.values() if a.kind == "ubnd-huyen"]
    assert len(districts) == 13  # 12 of 2021, plus thị xã Mộc Châu
    for district in districts:
        assert _codes(registry.successor_on(district.code, DEADLINE_2026)) == communes


def test_successor_starts_the_day_after_its_predecessor_ends(registry: Registry) -> None:
    for agency in registry.agencies.values():
        if agency.successor is None or registry.is_group(agency.successor):
            continue
        assert agency.active_to is not None
        day_after = date.fromordinal(agency.active_to.toordinal() + 1)
        assert registry.agency(agency.successor).is_active_on(day_after), agency.code


def test_an_end_is_known_from_the_day_its_act_was_issued(registry: Registry) -> None:
    districts = registry.agency("HUYEN-MAI-SON")  # Nghị quyết 1681/NQ-UBTVQH15 ngày 16/6/2025
    assert districts.ending is not None and districts.ending.decided_on == date(2025, 6, 16)
    assert not districts.ending_known_on(date(2025, 6, 15))
    assert districts.ending_known_on(date(2025, 6, 16))
    undated = registry.agency("CQLTT")  # no act cited: known once it has ended (31/5/2025)
    assert undated.ending is not None and undated.ending.decided_on is None
    assert not undated.ending_known_on(date(2025, 5, 30))
    assert undated.ending_known_on(date(2025, 5, 31))


def test_an_impossible_day_in_the_cited_act_is_refused(tmp_path: Path) -> None:
    text = REGISTRY_FILE.read_text(encoding="utf-8").replace(
        "Nghị định số 45/2025/NĐ-CP ngày 28/02/2025",
        "Nghị định số 45/2025/NĐ-CP ngày 30/02/2025",
        1,
    )
    broken = tmp_path / "don-vi.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors, match="căn cứ ghi ngày «ngày 30/02/2025» không có thật"):
        load_registry(broken)


def test_a_figure_asked_of_a_merged_agency_is_asked_of_its_successor(registry: Registry) -> None:
    """A target asked of Sở Nông nghiệp và Phát triển nông thôn (merged on 01/3/2025) is its
    successor's to report, or the year's figures of that work are asked of nobody; the
    districts' work passed to the communes and wards; others are not asked."""
    merged_into = registry.agency("SNNMT")
    assert registry.covers(["SNNPTNT"], merged_into)
    assert not registry.covers(["SNNPTNT"], registry.agency("SCT"))
    assert registry.agency("HUYEN-QUYNH-NHAI").successor == "CAP-XA"
    assert registry.covers(["HUYEN-QUYNH-NHAI"], registry.agency("XA-TA-XUA"))
    assert not registry.covers(["SCT"], merged_into)


def test_a_code_too_long_for_a_file_name_is_refused(tmp_path: Path) -> None:
    """A 201-character code made a 206-character file name (Windows paths stop at 260)."""
    text = REGISTRY_FILE.read_text(encoding="utf-8")
    long_code = "X" * 41
    broken = tmp_path / "don-vi.yaml"
    broken.write_text(text.replace("ma: TTT\n", f"ma: {long_code}\n", 1), encoding="utf-8")
    with pytest.raises(DataErrors, match=f"dài quá 40 ký tự; giá trị hiện có: «{long_code}»"):
        load_registry(broken)


def test_a_group_whose_first_members_all_ended_is_named_by_those_it_holds() -> None:
    """«Ủy ban nhân dân các huyện, thị xã, thành phố chủ trì» stood in a letter of November
    2025, when no district was left (a tester's plan); the report named the same group «Ủy
    ban nhân dân các xã, phường». The plan's own name stays while any first member is left."""
    from generator.data.workspace import load_workspace

    workspace = load_workspace(Path(__file__).resolve().parents[1] / "inputs")
    led = workspace.plan.task_groups[0].model_copy(update={"leads": ["DIA-PHUONG"]})
    assert workspace.lead_names_on(led, date(2024, 12, 1)) == (
        "Ủy ban nhân dân các huyện, thành phố",
    )
    assert workspace.lead_names_on(led, date(2025, 11, 20)) == ("Ủy ban nhân dân các xã, phường",)
    # departments merged in 2025, others stayed: the plan's name
    assert workspace.group_name_on("SO-NGANH", date(2025, 11, 20)) == "Các sở, ban, ngành tỉnh"
