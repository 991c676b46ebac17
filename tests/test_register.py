"""The province's register: one asset per number, many contributors, counted by the plan's rules."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import sample_consolidation
from openpyxl import load_workbook

from generator.data.workspace import load_workspace
from generator.errors import OutputError
from generator.forms.ip_sheet import IpRow
from generator.register import (
    RegisterDisagreement,
    build_register,
    read_register,
    renewals_due,
    require_agreement,
    target_counts,
    write_register,
)
from generator.targets import Outcome

REPO = Path(__file__).resolve().parents[1]
SHEET = "Tài sản trí tuệ"
PERIOD = range(2021, 2026)


@pytest.fixture(scope="module")
def rules():
    return load_workspace(REPO / "inputs").plan.ip


def row(agency: str, year: int, line: int, role: str, **facts) -> IpRow:
    base = dict(
        kind="NHTT",
        name="Chè Shan tuyết Tà Xùa",
        product="chè Shan tuyết",
        holder="Hợp tác xã Chè Tà Xùa",
        application_number="4-2023-18765",
        filed_on=date(2023, 6, 12),
    )
    base.update(facts)
    return IpRow(
        agency, year, f"/don-vi/inputs/{year}/{agency}.xlsx", SHEET, line, role=role, **base
    )


GRANTED = dict(title_number="512345", granted_on=date(2025, 3, 14))
# an international registration under the Madrid system, without a national application
MADRID = dict(
    kind="NH",
    name="MOC CHAU MILK",
    application_number="",
    international_number="1234567",
    filed_on=date(2019, 5, 2),
)


def test_one_title_reported_by_three_agencies_counts_once_with_three_contributors(rules) -> None:
    rows = [
        row("SKHCN", 2024, 4, "KINH-PHI"),  # filed, not yet granted
        row("SKHCN", 2025, 5, "KINH-PHI", **GRANTED),
        row("SNNMT", 2025, 4, "HUONG-DAN", **GRANTED),
        row("XA-TA-XUA", 2025, 4, "QUAN-LY", name="«Chè Shan tuyết Tà Xùa»", **GRANTED),
    ]
    register = build_register(rows, rules)
    assert register.conflicts == [] and register.blocking == []
    [asset] = register.assets
    assert asset.contributors == ["SKHCN", "SNNMT", "XA-TA-XUA"]
    assert [(c.agency_code, c.year, c.role) for c in asset.contributions] == [
        ("SKHCN", 2024, "KINH-PHI"),
        ("SKHCN", 2025, "KINH-PHI"),
        ("SNNMT", 2025, "HUONG-DAN"),
        ("XA-TA-XUA", 2025, "QUAN-LY"),
    ]
    assert (asset.title_number, asset.granted_on) == ("512345", date(2025, 3, 14))
    assert asset.managers(rules) == ["XA-TA-XUA"]
    counts = target_counts(register, rules, 2025, 2021)
    assert [a.name for a in counts["CT-E"].year] == ["Chè Shan tuyết Tà Xùa"]
    assert len(counts["CT-E"].period) == 1
    assert counts["CT-DD"].period == []  # a collective mark is not an ordinary trademark
    assert target_counts(register, rules, 2024, 2021)["CT-E"].year == []  # granted in 2025


def test_a_title_number_joins_a_row_without_application_number(rules) -> None:
    rows = [
        row(
            "SKHCN",
            2025,
            4,
            "QUAN-LY",
            kind="CDDL",
            name="Chè Shan tuyết Mộc Châu",
            application_number="",
            title_number="00002",
            granted_on=date(2010, 8, 9),
            filed_on=None,
        ),
        row(
            "SNNMT",
            2025,
            7,
            "HUONG-DAN",
            kind="CDDL",
            name="Chè Shan tuyết Mộc Châu",
            application_number="6-2001-00009",
            title_number="00002",
            granted_on=date(2010, 8, 9),
            filed_on=None,
        ),
        # same title number, but another numbering (a trademark): another asset
        row(
            "SCT",
            2025,
            4,
            "KINH-PHI",
            kind="NH",
            name="Mộc Châu Milk",
            application_number="",
            title_number="00002",
            granted_on=date(2011, 1, 5),
            filed_on=None,
        ),
    ]
    register = build_register(rows, rules)
    assert [(a.kind, a.application_number, a.contributors) for a in register.assets] == [
        ("NH", "", ["SCT"]),
        ("CDDL", "6-2001-00009", ["SKHCN", "SNNMT"]),
    ]


def test_a_conflicting_grant_date_names_both_workbooks_and_cells(rules) -> None:
    rows = [
        row("SKHCN", 2025, 5, "KINH-PHI", **GRANTED),
        row("XA-TA-XUA", 2025, 6, "QUAN-LY", title_number="512345", granted_on=date(2025, 3, 20)),
    ]
    register = build_register(rows, rules)
    [conflict] = register.conflicts
    assert conflict.blocking
    assert str(conflict) == (
        "«Ngày cấp văn bằng» của 4-2023-18765 «Chè Shan tuyết Tà Xùa» ghi khác nhau: "
        "14/3/2025 (tệp 2025/SKHCN.xlsx, trang tính «Tài sản trí tuệ», ô H5); "
        "20/3/2025 (tệp 2025/XA-TA-XUA.xlsx, trang tính «Tài sản trí tuệ», ô H6); hãy thống "
        "nhất với các đơn vị rồi sửa phiếu, hoặc ghi giá trị đúng vào sổ tài sản"
    )
    with pytest.raises(RegisterDisagreement) as refused:
        require_agreement(register)
    assert "ô H5" in refused.value.message() and "ô H6" in refused.value.message()


def test_kind_and_name_conflicts_are_found_too(rules) -> None:
    rows = [
        row("SKHCN", 2024, 4, "KINH-PHI"),
        row("XA-TA-XUA", 2025, 9, "CHU-DON", kind="NHCN", name="Chè Tà Xùa Bắc Yên"),
    ]
    conflicts = build_register(rows, rules).conflicts
    assert [c.fact for c in conflicts] == ["Loại đối tượng", "Tên đối tượng"]
    # the names in dispute: the asset is named by its number, not by one of the spellings
    assert str(conflicts[1]).startswith("«Tên đối tượng» của 4-2023-18765 ghi khác nhau: ")


def test_the_register_file_settles_a_conflict(rules, tmp_path) -> None:
    rows = [
        row("SKHCN", 2025, 5, "KINH-PHI", **GRANTED),
        row("XA-TA-XUA", 2025, 6, "QUAN-LY", title_number="512345", granted_on=date(2025, 3, 20)),
    ]
    first = build_register(rows[:1], rules)
    kept_file = tmp_path / "inputs" / "tai-san-tri-tue.xlsx"
    write_register(first, rules, PERIOD, "Sổ thử.", kept_file, datetime(2025, 11, 30))
    kept, problems = read_register(kept_file, rules)
    assert problems == []
    register = build_register(rows, rules, kept, problems)
    [conflict] = register.conflicts
    assert not conflict.blocking and register.blocking == []
    assert "sổ đã chốt theo tệp tai-san-tri-tue.xlsx, trang tính «Sổ tài sản trí tuệ», ô H4" in str(
        conflict
    )
    [asset] = register.assets
    assert asset.granted_on == date(2025, 3, 14)
    assert asset.contributors == ["SKHCN", "XA-TA-XUA"]  # SKHCN's read back from the file
    require_agreement(register)


def test_targets_are_counted_by_grant_year_and_applications_by_filing_year(rules) -> None:
    rows = [
        # a utility solution filed in 2022, granted in 2024, supported for use in 2024 and 2025
        row(
            "SKHCN",
            2022,
            4,
            "KINH-PHI",
            kind="GPHI",
            name="Máy sấy nông sản",
            application_number="2-2022-00311",
            filed_on=date(2022, 4, 15),
        ),
        row(
            "SKHCN",
            2024,
            4,
            "KINH-PHI",
            kind="GPHI",
            name="Máy sấy nông sản",
            application_number="2-2022-00311",
            filed_on=date(2022, 4, 15),
            title_number="2-0003105",
            granted_on=date(2024, 2, 20),
        ),
        row(
            "SKHCN",
            2024,
            5,
            "KHAI-THAC",
            kind="GPHI",
            name="Máy sấy nông sản",
            application_number="2-2022-00311",
            filed_on=date(2022, 4, 15),
            title_number="2-0003105",
            granted_on=date(2024, 2, 20),
        ),
        row(
            "SCT",
            2025,
            4,
            "KHAI-THAC",
            kind="GPHI",
            name="Máy sấy nông sản",
            application_number="2-2022-00311",
            filed_on=date(2022, 4, 15),
            title_number="2-0003105",
            granted_on=date(2024, 2, 20),
        ),
        # a patent application filed in 2025
        row(
            "SKHCN",
            2025,
            6,
            "CHU-DON",
            kind="SC",
            name="Quy trình chế biến cà phê",
            application_number="1-2025-01207",
            filed_on=date(2025, 3, 3),
            holder="Sở KH&CN",
        ),
        # trademarks granted in 2023 and 2025, one filed in 2021
        row(
            "HUYEN-MOC-CHAU",
            2023,
            4,
            "HUONG-DAN",
            kind="NH",
            name="Sữa chua nếp cẩm Mộc Châu",
            application_number="4-2021-30011",
            filed_on=date(2021, 9, 1),
            title_number="401122",
            granted_on=date(2023, 5, 8),
        ),
        row(
            "PHUONG-MOC-CHAU",
            2025,
            4,
            "HUONG-DAN",
            kind="NH",
            name="Bê chao Mộc Châu",
            application_number="4-2024-05512",
            filed_on=date(2024, 2, 2),
            title_number="498001",
            granted_on=date(2025, 6, 30),
        ),
    ]
    register = build_register(rows, rules)
    assert register.blocking == []

    def sizes(year: int) -> dict[str, tuple[int, int]]:
        counts = target_counts(register, rules, year, 2021)
        return {code: (len(c.year), len(c.period)) for code, c in counts.items() if c.period}

    assert sizes(2023) == {"CT-B1": (0, 1), "CT-DD": (1, 1)}
    assert sizes(2024) == {"CT-A": (1, 1), "CT-B1": (0, 1), "CT-B2": (1, 1), "CT-DD": (0, 1)}
    assert sizes(2025) == {"CT-A": (1, 1), "CT-B1": (1, 2), "CT-B2": (0, 1), "CT-DD": (1, 2)}


def test_renewals_due_within_twelve_months_are_listed_with_the_managers(rules) -> None:
    rows = [
        # trademark filed 1/12/2015: renewal due 1/12/2025
        row(
            "HUYEN-YEN-CHAU",
            2024,
            4,
            "QUAN-LY",
            kind="NHCN",
            name="Xoài Yên Châu",
            application_number="4-2015-22001",
            filed_on=date(2015, 12, 1),
            title_number="281234",
            granted_on=date(2017, 6, 5),
        ),
        row(
            "SKHCN",
            2024,
            4,
            "KINH-PHI",
            kind="NHCN",
            name="Xoài Yên Châu",
            application_number="4-2015-22001",
            filed_on=date(2015, 12, 1),
            title_number="281234",
            granted_on=date(2017, 6, 5),
        ),
        # trademark filed 2017: due in 2027, not listed
        row(
            "SKHCN",
            2024,
            5,
            "CHU-DON",
            kind="NH",
            name="Táo Sơn tra",
            application_number="4-2017-00100",
            filed_on=date(2017, 1, 10),
            title_number="300100",
            granted_on=date(2018, 4, 2),
        ),
        # utility solution: yearly fee on the grant's anniversary
        row(
            "SKHCN",
            2024,
            6,
            "CHU-DON",
            kind="GPHI",
            name="Máy sấy nông sản",
            application_number="2-2022-00311",
            filed_on=date(2022, 4, 15),
            title_number="2-0003105",
            granted_on=date(2024, 2, 20),
        ),
        # geographical indication: no term
        row(
            "SKHCN",
            2024,
            7,
            "QUAN-LY",
            kind="CDDL",
            name="Cà phê Sơn La",
            application_number="",
            filed_on=None,
            title_number="00056",
            granted_on=date(2017, 7, 5),
        ),
    ]
    due = renewals_due(build_register(rows, rules), rules, date(2025, 11, 10))
    assert [(d.asset.name, d.due_on, d.action, d.managers) for d in due] == [
        ("Xoài Yên Châu", date(2025, 12, 1), "gia hạn hiệu lực", ("HUYEN-YEN-CHAU",)),
        ("Máy sấy nông sản", date(2026, 2, 20), "nộp phí duy trì hiệu lực", ("SKHCN",)),
    ]
    assert not any(d.protection_ends for d in due)


def test_the_written_register_reads_back_and_never_replaces_its_input(rules, tmp_path) -> None:
    rows = [
        row("SKHCN", 2025, 5, "KINH-PHI", **GRANTED),
        row(
            "SKHCN",
            2025,
            6,
            "CHU-DON",
            kind="QTG",
            name="Bài hát Xòe hoa",
            application_number="1234/2025/QTG",
            filed_on=date(2025, 2, 3),
            holder="Nhà hát",
        ),
        row("SCT", 2025, 4, "HUONG-DAN", **MADRID),
    ]
    register = build_register(rows, rules)
    path = tmp_path / "ket-qua" / "tai-san-tri-tue.xlsx"
    write_register(register, rules, PERIOD, "Sổ thử.", path, datetime(2025, 11, 30))
    sheet = load_workbook(path)["Sổ tài sản trí tuệ"]
    assert [c.value for c in sheet[3]][8:11] == ["Đơn vị tham gia", "Tính vào chỉ tiêu", "Nguồn"]
    values = {sheet.cell(r, 3).value: [c.value for c in sheet[r]] for r in range(4, 7)}
    assert values["Chè Shan tuyết Tà Xùa"][8:10] == ["SKHCN: hỗ trợ kinh phí (2025)", "CT-E"]
    assert values["MOC CHAU MILK"][0] == "Madrid 1234567"
    kept, problems = read_register(path, rules)
    assert problems == []
    again = build_register([], rules, kept)
    assert [
        (a.name, a.application_number, a.international_number, a.contributors) for a in again.assets
    ] == [
        (a.name, a.application_number, a.international_number, a.contributors)
        for a in register.assets
    ]
    second = write_register(
        again, rules, PERIOD, "Sổ thử.", tmp_path / "b.xlsx", datetime(2025, 11, 30)
    )
    assert second.read_bytes() == path.read_bytes()  # same register, same bytes
    with pytest.raises(OutputError):
        write_register(
            again, rules, PERIOD, "Sổ thử.", path, datetime(2025, 11, 30), kept_file=path
        )


def test_problems_of_the_register_file_name_the_cell(rules, tmp_path) -> None:
    register = build_register([row("SKHCN", 2025, 5, "KINH-PHI", **GRANTED)], rules)
    path = write_register(register, rules, PERIOD, "", tmp_path / "so.xlsx", datetime(2025, 11, 30))
    wb = load_workbook(path)
    sheet = wb.active
    sheet["B4"] = "bằng khen"
    sheet["F4"] = "mùa thu 2023"
    sheet.append(["4-2023-18765", "nhãn hiệu tập thể", "Chè Tà Xùa"])
    wb.save(path)
    kept, problems = read_register(path, rules)
    assert problems[0].startswith(
        "tệp so.xlsx, trang tính «Sổ tài sản trí tuệ», ô B4: loại «bằng khen»"
    )
    assert problems[1] == (
        "tệp so.xlsx, trang tính «Sổ tài sản trí tuệ», ô F4: «mùa thu 2023» không phải ngày dạng "
        "ngày/tháng/năm"
    )
    assert len(problems) == 2
    register = build_register([], rules, kept, problems)
    assert register.blocking


def test_madrid_registrations_join_on_the_international_number(rules) -> None:
    madrid = dict(kind="NH", name="MOC CHAU MILK", application_number="", filed_on=None)
    rows = [
        row("SCT", 2024, 4, "HUONG-DAN", international_number="1234567", **madrid),
        row("SKHCN", 2025, 8, "KINH-PHI", international_number="1234567", **madrid),
    ]
    [asset] = build_register(rows, rules).assets
    assert asset.contributors == ["SCT", "SKHCN"]
    # a zero typed before the number is the same registration
    zero = row("SNNMT", 2025, 5, "KINH-PHI", international_number="01234567", **madrid)
    [asset] = build_register([*rows, zero], rules).assets
    assert asset.contributors == ["SCT", "SKHCN", "SNNMT"]


def test_a_madrid_number_grouped_by_dots_is_read_as_its_digits() -> None:
    from generator.forms.ip_sheet import international_digits

    assert international_digits(" 1.234.567") == "1234567"
    assert international_digits(": 1234567") == "1234567"
    assert international_digits("12.34") == "12.34"  # not a grouping: left to be refused


def _register_with_row_twice(rules, path: Path, line: list[str]):
    """The register read back from a file holding ``line`` twice."""
    write_register(build_register([], rules), rules, PERIOD, "", path, datetime(2025, 11, 30))
    wb = load_workbook(path)
    for _ in range(2):
        wb.active.append(line)
    wb.save(path)
    return build_register([], rules, *read_register(path, rules))


def test_two_rows_of_the_register_file_for_one_asset_stop_generate(rules, tmp_path) -> None:
    path = tmp_path / "so.xlsx"
    row_ = ["6-2001-00009", "chỉ dẫn địa lý", "Chè Shan tuyết Mộc Châu"]
    register = _register_with_row_twice(rules, path, row_)
    assert register.blocking == [
        "sổ tài sản có 2 dòng cùng số của một tài sản «Chè Shan tuyết Mộc Châu»: tệp so.xlsx, "
        "trang tính «Sổ tài sản trí tuệ», ô A4 và tệp so.xlsx, trang tính «Sổ tài sản trí tuệ», "
        "ô A5; hãy gộp thành một dòng"
    ]
    # a row with no number twice: nothing tells the two apart, so it is told as well
    register = _register_with_row_twice(rules, path, ["", "chỉ dẫn địa lý", "Cam Phù Yên"])
    assert any(
        "sổ tài sản có 2 dòng cùng loại, cùng tên «Cam Phù Yên», chưa có số" in p
        for p in register.blocking
    ), register.blocking


def test_the_end_of_a_utility_solution_term_is_listed_as_such(rules) -> None:
    rows = [
        row(
            "SKHCN",
            2025,
            4,
            "CHU-DON",
            kind="GPHI",
            name="Bếp đun tiết kiệm củi",
            application_number="2-2016-00434",
            filed_on=date(2016, 1, 10),
            title_number="2-0001490",
            granted_on=date(2018, 3, 1),
        ),
    ]
    [due] = renewals_due(build_register(rows, rules), rules, date(2025, 11, 10))
    assert (due.due_on, due.protection_ends) == (date(2026, 1, 10), True)


def test_validate_and_generate_stop_on_a_grant_date_two_workbooks_give_differently(tmp_path):
    """The same collective mark with another grant date in one agency's workbook: validate
    names both workbooks and cells and exits 1; generate refuses and writes nothing."""
    import shutil

    from click.testing import CliRunner
    from openpyxl import load_workbook

    from generator.cli import cli

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    path = inputs / "2025" / "XA-TA-XUA.xlsx"
    wb = load_workbook(path)
    sheet = wb["Tài sản trí tuệ"]
    row = next(
        r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 3).value == "Chè Shan tuyết Tà Xùa"
    )
    sheet.cell(row, 8).value = datetime(2025, 4, 1)
    wb.save(path)
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", "--year", "2025", "--inputs", str(inputs), "--quiet"])
    assert result.exit_code == 1
    assert "«Ngày cấp văn bằng» của" in result.output
    assert "XA-TA-XUA.xlsx, trang tính «Tài sản trí tuệ», ô H" in result.output
    assert "SKHCN.xlsx" in result.output
    out = tmp_path / "out"
    generated = runner.invoke(
        cli, ["generate", "--year", "2025", "--inputs", str(inputs), "--out", str(out)]
    )
    assert generated.exit_code == 1
    assert "«Ngày cấp văn bằng» của" in generated.output
    assert "khác với «14/3/2025» (phiếu của " in generated.output
    assert not (out / "2025").exists()
    # each agency is told at its own cell, with what the other says, in its feedback
    due = (date.today() + timedelta(days=10)).strftime("%d/%m/%Y")
    feedback = runner.invoke(
        cli,
        [
            *("validate", "--year", "2025", "--inputs", str(inputs), "--out", str(out)),
            *("--phan-hoi", "--han-sua", due),
        ],
    )
    assert feedback.exit_code == 1
    folder = out / "phan-hoi" / "2025"
    copy = load_workbook(folder / "XA-TA-XUA" / "XA-TA-XUA-can-sua.xlsx")
    comment = copy["Tài sản trí tuệ"].cell(row, 8).comment.text
    assert (
        "«Ngày cấp văn bằng» của" in comment and "ghi «01/4/2025», khác với «14/3/2025»" in comment
    )
    # the Sở's own form: its marked copy, no letter to itself
    assert (folder / "SKHCN" / "SKHCN-can-sua.xlsx").is_file()
    assert (folder / "XA-TA-XUA" / "cong-van.docx").is_file()


def test_a_solution_supported_in_two_years_counts_once_toward_the_period_target() -> None:
    """The sample's drying machine (2-0003105) is supported for use in 2024 and again in 2025:
    one solution toward «1 - 2 over the period», counted in 2024; 2025 adds none."""

    c = sample_consolidation(2025)
    supported = [
        asset
        for asset in c.register.assets
        if {x.year for x in asset.contributions if x.role == "KHAI-THAC"} == {2024, 2025}
    ]
    assert [asset.title_number for asset in supported] == ["2-0003105"]
    assert {year: c.yearly_totals[year]["CT-A"] for year in (2024, 2025)} == {2024: 1, 2025: 0}
    result = next(m for m in c.measures if m.measure.code == "CT-A")
    history = sum(c.history.years[year]["CT-A"] for year in (2021, 2022, 2023))
    assert (result.facts.year_value, result.facts.cumulative) == (0, history + 1)
    assert result.facts.outcome is Outcome.MET


def test_one_title_typed_in_other_ways_is_one_title(rules) -> None:
    """The same design typed with an en dash, without its zeros, or with dots: one asset,
    counted once, the number shown as the first agency typed it."""
    design = dict(
        kind="KDCN",
        name="Hộp mứt mận",
        holder="Hợp tác xã Mận Mộc Châu",
        application_number="",
        filed_on=None,
        granted_on=date(2025, 4, 2),
    )
    mark = dict(
        kind="NH",
        name="Mận hậu Mộc Châu",
        application_number="",
        filed_on=None,
        granted_on=date(2025, 5, 6),
    )
    rows = [
        row("SKHCN", 2025, 4, "KINH-PHI", title_number="3-0015555", **design),
        row("SCT", 2025, 4, "HUONG-DAN", title_number="3\u20130015555", **design),
        row("XA-TA-XUA", 2025, 4, "QUAN-LY", title_number="3-15555", **design),
        row("SKHCN", 2025, 5, "KINH-PHI", title_number="530001", **mark),
        row("SCT", 2025, 5, "HUONG-DAN", title_number="0530001", **mark),
        row("XA-TA-XUA", 2025, 5, "QUAN-LY", title_number="530.001", **mark),
    ]
    register = build_register(rows, rules)
    assert register.conflicts == [] and register.blocking == []
    assert [(a.title_number, len(a.contributions)) for a in register.assets] == [
        ("3-0015555", 3),
        ("530001", 3),
    ]
    counts = target_counts(register, rules, 2025, 2024)
    assert (len(counts["CT-C2"].year), len(counts["CT-DD"].year)) == (1, 1)
    # a different title stays apart
    other = build_register(
        [*rows, row("SCT", 2025, 6, "KINH-PHI", title_number="3-0015556", **design)], rules
    )
    assert len(other.assets) == 3


def test_a_title_in_the_office_s_notation_is_the_same_title(rules) -> None:
    """IP Vietnam's search service shows certificate 405854 as «4-0405854-000» (ip.md), and
    a design's title «3-0014410» is often typed without its kind's digit: one title each."""
    mark = dict(kind="NH", name="Cà phê Chiềng Ban", application_number="", filed_on=None)
    design = dict(kind="KDCN", name="Hộp chè", application_number="", filed_on=None)
    rows = [
        row("SCT", 2025, 4, "HUONG-DAN", title_number="4-0405854-000", **mark),
        row("SNNMT", 2025, 6, "HUONG-DAN", title_number="405854", **mark),
        row("PHUONG-CHIENG-AN", 2025, 4, "QUAN-LY", title_number="4-405854", **mark),
        row("SKHCN", 2025, 7, "KINH-PHI", title_number="3-0014410", **design),
        row("SCT", 2025, 7, "HUONG-DAN", title_number="0014410", **design),
        # the dashes left out: the kind's digit and seven of the serial (it has no more)
        row("XA-TA-XUA", 2025, 4, "QUAN-LY", title_number="40405854", **mark),
        row("SKHCN", 2025, 4, "KINH-PHI", title_number="40405854000", **mark),
    ]
    rows = [replace(r, granted_on=date(2025, 4, 2)) for r in rows]
    register = build_register(rows, rules)
    assert register.conflicts == []
    assert sorted((a.title_number, len(a.contributions)) for a in register.assets) == [
        ("3-0014410", 2),
        ("4-0405854-000", 5),
    ]
    apart = [rows[0], replace(rows[1], title_number="4-0405854-001")]
    assert len(build_register(apart, rules).assets) == 2  # another suffix: another number


def test_validate_compares_the_earlier_years_generate_reads(tmp_path):
    """A title whose grant date the 2025 workbook gives differently from the 2024 one (read
    by generate for the running totals): validate passed it and generate refused. Validate
    now names this year's cell, with what the earlier workbook says."""
    import shutil

    from click.testing import CliRunner
    from openpyxl import load_workbook

    from generator.cli import cli

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)

    def granted(year: int) -> dict[str, tuple[int, object]]:
        sheet = load_workbook(inputs / str(year) / "SKHCN.xlsx")["Tài sản trí tuệ"]
        rows = range(4, sheet.max_row + 1)
        return {sheet.cell(r, 7).value: (r, sheet.cell(r, 8).value) for r in rows}

    before, now = granted(2024), granted(2025)
    number = next(n for n in now if n and n in before and before[n][1])
    row = now[number][0]
    path = inputs / "2025" / "SKHCN.xlsx"
    wb = load_workbook(path)
    wb["Tài sản trí tuệ"].cell(row, 8).value = before[number][1] + timedelta(days=1)
    wb.save(path)
    result = CliRunner().invoke(
        cli, ["validate", "--year", "2025", "--inputs", str(inputs), "--quiet"]
    )
    assert result.exit_code == 1, result.output
    assert f"SKHCN.xlsx, trang tính «Tài sản trí tuệ», ô H{row}" in result.output
    assert "«Ngày cấp văn bằng» của" in result.output
    assert "(phiếu năm 2024 của Sở Khoa học và Công nghệ, trang tính" in result.output
    # an error elsewhere in the 2024 form no longer hides the disagreement: one round
    earlier = inputs / "2024" / "SKHCN.xlsx"
    wb = load_workbook(earlier)
    wb["Số liệu hoạt động"]["D4"] = "mười hai"
    wb.save(earlier)
    again = CliRunner().invoke(
        cli, ["validate", "--year", "2025", "--inputs", str(inputs), "--quiet"]
    )
    assert "2024/SKHCN.xlsx, trang tính «Số liệu hoạt động», ô D4" in again.output
    assert f"SKHCN.xlsx, trang tính «Tài sản trí tuệ», ô H{row}" in again.output


def test_a_value_the_register_file_decides_is_shown_to_the_clerk(tmp_path):
    """A workbook giving the Mộc Châu tea GI another grant date than the Sở's register file:
    the register's value is used, and validate and generate say so (it was silent)."""
    import shutil

    from click.testing import CliRunner
    from openpyxl import load_workbook

    from generator.cli import cli

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    path = inputs / "2025" / "SNNMT.xlsx"
    wb = load_workbook(path)
    sheet = wb["Tài sản trí tuệ"]
    row = next(r for r in range(4, 60) if not any(sheet.cell(r, c).value for c in range(1, 10)))
    holder = "Nhà nước (Luật Sở hữu trí tuệ, Điều 121)"
    values = ["6-2001-00009", "chỉ dẫn địa lý", "Chè Shan tuyết Mộc Châu", "chè Shan tuyết"]
    values += [holder, datetime(2001, 3, 1), "00002", datetime(2011, 8, 9)]
    for column, value in enumerate(values, 1):
        sheet.cell(row, column).value = value
    sheet.cell(row, 9).value = sheet.cell(4, 9).value  # a role the sample already uses
    wb.save(path)
    runner = CliRunner()
    checked = runner.invoke(cli, ["validate", "--year", "2025", "--inputs", str(inputs)])
    assert checked.exit_code == 0, checked.output
    notes = [line for line in checked.output.splitlines() if line.startswith("Lưu ý: ")]
    [note] = [n for n in notes if "Chè Shan tuyết Mộc Châu" in n and "«Ngày cấp" in n]
    assert "«Ngày cấp văn bằng»" in note and "09/8/2011" in note and "09/8/2010" in note
    assert "sổ đã chốt theo" in note
    out = tmp_path / "out"
    generated = runner.invoke(
        cli, ["generate", "--year", "2025", "--inputs", str(inputs), "--out", str(out)]
    )
    assert generated.exit_code == 0, generated.output
    assert "09/8/2011" in generated.output and "sổ đã chốt theo" in generated.output


def test_a_name_typed_as_a_formula_stays_text_in_the_written_register(rules, tmp_path) -> None:
    """openpyxl writes text beginning with «=» as a formula: the Sở would open a live link."""
    typed = '=HYPERLINK("http://vi-du.invalid/x","Chè Tà Xùa")'
    register = build_register([row("SKHCN", 2025, 5, "KINH-PHI", **GRANTED, name=typed)], rules)
    path = write_register(
        register, rules, PERIOD, "Sổ thử.", tmp_path / "so.xlsx", datetime(2025, 11, 30)
    )
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    cell = load_workbook(path)["Sổ tài sản trí tuệ"]["C4"]
    assert (cell.value, cell.data_type) == (typed, "s")


def test_an_excel_error_value_in_the_register_file_is_a_problem_on_its_cell(rules, tmp_path):
    """«#N/A» in the holder's cell reached Phụ lục II as the holder."""
    register = build_register([row("SKHCN", 2025, 5, "KINH-PHI", **GRANTED)], rules)
    path = write_register(register, rules, PERIOD, "", tmp_path / "so.xlsx", datetime(2025, 11, 30))
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    # E4 (the holder) as Excel stores a failed formula: an error value
    sheet = re.sub(r'<c r="E4"[^>]*?(/>|>.*?</c>)', '<c r="E4" t="e"><v>#N/A</v></c>', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    kept, problems = read_register(path, rules)
    assert problems == [
        "tệp so.xlsx, trang tính «Sổ tài sản trí tuệ», ô E4: ô chứa giá trị lỗi «#N/A» của "
        "Excel; hãy ghi giá trị thật hoặc để trống"
    ]
    assert build_register([], rules, kept, problems).blocking


def test_every_agency_that_gave_a_value_in_a_conflict_is_named(rules) -> None:
    """Two agencies gave 14/3, one 15/3: the second agency giving 14/3 was never told."""
    rows = [
        row("SKHCN", 2025, 9, "KINH-PHI", **GRANTED),
        row("SNNMT", 2025, 4, "HUONG-DAN", **GRANTED),
        row("XA-TA-XUA", 2025, 4, "QUAN-LY", title_number="512345", granted_on=date(2025, 3, 15)),
    ]
    [conflict] = build_register(rows, rules).conflicts
    told = str(conflict)
    assert "14/3/2025 (tệp 2025/SKHCN.xlsx, trang tính «Tài sản trí tuệ», ô H9, tệp " in told
    assert "2025/SNNMT.xlsx, trang tính «Tài sản trí tuệ», ô H4)" in told
    assert "15/3/2025 (tệp 2025/XA-TA-XUA.xlsx" in told
    assert {place.file.split("/")[-1] for _, place in conflict.values} == {
        "SKHCN.xlsx",
        "SNNMT.xlsx",
        "XA-TA-XUA.xlsx",
    }


def test_names_differing_only_in_their_dash_are_one_name(rules) -> None:
    rows = [
        row("SCT", 2025, 4, "HUONG-DAN", name="Nếp Mường Và – Sốp Cộp"),
        row("SNNMT", 2025, 4, "KINH-PHI", name="Nếp Mường Và - Sốp Cộp"),
    ]
    assert build_register(rows, rules).conflicts == []


def test_a_renewal_overdue_but_still_allowed_late_is_listed_with_its_last_day(rules) -> None:
    """A collective mark filed 01/10/2015 fell due 01/10/2025, before the report of
    10/11/2025: it may still be renewed until 01/04/2026, and it vanished from the list."""
    rows = [
        row(
            "XA-TA-XUA",
            2025,
            4,
            "QUAN-LY",
            kind="NHTT",
            name="Rượu táo mèo Tà Xùa",
            application_number="4-2015-18001",
            filed_on=date(2015, 10, 1),
            title_number="270001",
            granted_on=date(2016, 12, 5),
        )
    ]
    assert rules.late_months == 6
    [due] = renewals_due(build_register(rows, rules), rules, date(2025, 11, 10))
    assert (due.due_on, due.late_until, due.protection_ends) == (
        date(2025, 10, 1),
        date(2026, 4, 1),
        False,
    )
    assert renewals_due(build_register(rows, rules), rules, date(2026, 4, 2)) == []


def test_a_register_copied_back_and_read_with_the_same_forms_keeps_its_notes(rules, tmp_path):
    """The README asks the Sở to copy the updated register over its own: read again with
    the same forms, each note came back twice («A.; B; A.»), and more every year."""
    rows = [
        row("SKHCN", 2025, 5, "KINH-PHI", note="Đơn đang được thẩm định nội dung."),
        row("XA-TA-XUA", 2025, 6, "QUAN-LY", note="Ủy ban nhân dân xã quản lý nhãn hiệu."),
    ]
    first = build_register(rows, rules)
    path = write_register(first, rules, PERIOD, "", tmp_path / "so.xlsx", datetime(2025, 11, 30))
    kept, _ = read_register(path, rules)
    again = build_register(rows, rules, kept)
    assert (
        again.assets[0].notes
        == first.assets[0].notes
        == [
            "Đơn đang được thẩm định nội dung",
            "Ủy ban nhân dân xã quản lý nhãn hiệu",
        ]
    )


def test_a_title_the_register_knows_by_name_only_is_the_numbered_one_a_form_gives(rules):
    """The Sở's register lists «Mận hậu Sơn La» without numbers (not looked up yet); a form
    gives its numbers: it was counted twice and listed twice in the annex."""
    from generator.register import Record

    known = Record(
        kind="NHCN", name="Mận hậu Sơn La", granted_on=date(2025, 5, 19), from_register=True
    )
    numbered = row(
        "SNNMT",
        2025,
        4,
        "CHU-DON",
        kind="NHCN",
        name="Mận hậu Sơn La",
        application_number="4-2024-02201",
        filed_on=date(2024, 1, 25),
        title_number="503318",
        granted_on=date(2025, 5, 19),
    )
    register = build_register([numbered], rules, [known])
    [asset] = register.assets
    assert (asset.application_number, asset.title_number) == ("4-2024-02201", "503318")
    # numbers alone are proof: the clerk is told the match, to write them into the register
    [note] = register.notes
    assert note.startswith(
        "«Mận hậu Sơn La» của sổ tài sản (chưa có số) được tính là 4-2024-02201, 503318 do "
        "tệp 2025/SNNMT.xlsx, trang tính «Tài sản trí tuệ», ô "
    )
    assert note.endswith(
        "nếu đúng, ghi số đó vào dòng của sổ; nếu là hai tài sản, ghi số của tài sản trong sổ"
    )
    other_day = replace(known, granted_on=date(2024, 5, 19))  # not the same title: kept apart
    apart = build_register([numbered], rules, [other_day])
    assert len(apart.assets) == 2
    [told] = apart.notes  # both counted, and told
    assert told.startswith(
        "2 nhãn hiệu chứng nhận cùng tên «Mận hậu Sơn La» được tính là 2 tài sản"
    )
    # a holder that is no spelling of the register's: another asset of that name, not joined
    other_holder = replace(known, holder="Công ty TNHH Nông sản Mộc Châu")
    assert len(build_register([numbered], rules, [other_holder]).assets) == 2
    # an old title of that name, and a form's new application filed after it was granted:
    # two assets, not one granted before it was filed
    old_title = replace(known, granted_on=date(2021, 7, 21))
    new_application = replace(numbered, title_number="", granted_on=None)
    assert len(build_register([new_application], rules, [old_title]).assets) == 2


def test_the_register_file_refuses_what_the_forms_refuse(rules, tmp_path) -> None:
    """«Số 275001» in the register was kept as «Số275001», a second title beside 275001."""
    register = build_register([row("SKHCN", 2025, 5, "KINH-PHI", **GRANTED)], rules)
    path = write_register(register, rules, PERIOD, "", tmp_path / "so.xlsx", datetime(2025, 11, 30))
    wb = load_workbook(path)
    sheet = wb["Sổ tài sản trí tuệ"]
    header = [c.value for c in sheet[3]]
    sheet.cell(4, header.index("Số văn bằng") + 1).value = "Số 512345"
    wb.save(path)
    kept, problems = read_register(path, rules)
    assert any("«Số văn bằng» «Số 512345» chỉ ghi các chữ số" in p for p in problems), problems
    assert kept[0].title_number == ""
    # an application number in the title's column, as a form would have it refused
    sheet.cell(4, header.index("Số văn bằng") + 1).value = "4-2024-11230"
    wb.save(path)
    kept, problems = read_register(path, rules)
    assert any("«4-2024-11230» là số đơn" in p for p in problems), problems
    # full-width digits (an East Asian keyboard) are the title's digits, as in the forms
    title = GRANTED["title_number"]
    wide = "".join(chr(ord(d) + 0xFEE0) if d.isdigit() else d for d in title)
    sheet.cell(4, header.index("Số văn bằng") + 1).value = wide
    wb.save(path)
    kept, problems = read_register(path, rules)
    assert kept[0].title_number == title and not problems
    # a title granted before its application was filed, as a form's row is refused
    sheet.cell(4, header.index("Ngày cấp văn bằng") + 1).value = datetime(2020, 1, 2)
    wb.save(path)
    kept, problems = read_register(path, rules)
    assert any("ngày cấp 02/01/2020 trước ngày nộp đơn" in p for p in problems), problems


def test_an_unknown_agency_code_in_the_register_file_is_a_problem(tmp_path):
    """«TTKC: hỗ trợ khai thác, áp dụng (2025)»: a code of no agency was printed raw in the
    annex and counted toward a target."""
    import shutil

    from click.testing import CliRunner

    from generator.cli import cli

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    path = inputs / "tai-san-tri-tue.xlsx"
    wb = load_workbook(path)
    sheet = wb["Sổ tài sản trí tuệ"]
    header = [c.value for c in sheet[3]]
    column = header.index("Đơn vị tham gia") + 1
    sheet.cell(4, column).value = "TTKC: hỗ trợ khai thác, áp dụng (2025)"
    wb.save(path)
    checked = CliRunner().invoke(cli, ["validate", "--year", "2025", "--inputs", str(inputs)])
    assert checked.exit_code == 1, checked.output
    assert "mã đơn vị «TTKC» không có trong danh mục đơn vị" in checked.output


def test_a_madrid_registration_keeps_its_prefix_in_the_annex(rules) -> None:
    from conftest import sample_consolidation

    from generator.consolidate import _asset_facts

    [asset] = build_register([row("SCT", 2025, 4, "HUONG-DAN", **MADRID)], rules).assets
    facts = _asset_facts(sample_consolidation(2025), asset)
    assert facts.application_number == "Madrid 1234567"


def test_the_register_does_not_settle_a_name_of_another_asset(rules, tmp_path) -> None:
    """A commune typed the number of «Cà phê Sơn La» for its «Xoài tròn Yên Châu»: the
    register «settled» the name, and the commune's row was absorbed without a word."""
    first = build_register([row("SKHCN", 2025, 5, "KINH-PHI", **GRANTED)], rules)
    kept_file = tmp_path / "inputs" / "tai-san-tri-tue.xlsx"
    write_register(first, rules, PERIOD, "Sổ thử.", kept_file, datetime(2025, 11, 30))
    kept, _ = read_register(kept_file, rules)
    spelled = row("XA-TA-XUA", 2025, 6, "QUAN-LY", name="Chè Shan Tuyết Tà-Xùa", **GRANTED)
    other = row("XA-YEN-CHAU", 2025, 4, "QUAN-LY", name="Xoài tròn Yên Châu", **GRANTED)
    assert not build_register([spelled], rules, kept).blocking  # a spelling: settled
    [conflict] = build_register([other], rules, kept).conflicts
    assert conflict.blocking and "Xoài tròn Yên Châu" in str(conflict)


def test_numbers_of_other_offices_are_one_number_whatever_their_separators(rules) -> None:
    rows = [
        row(
            "SNNMT",
            2025,
            4,
            "CHU-DON",
            kind="GCT",
            name="Lúa Séng Cù",
            application_number="PVP-2023-045",
        ),
        row(
            "SKHCN",
            2025,
            5,
            "KINH-PHI",
            kind="GCT",
            name="Lúa Séng Cù",
            application_number="PVP 2023 045",
        ),
    ]
    assert len(build_register(rows, rules).assets) == 1


def test_the_holder_printed_is_the_spelling_most_agencies_gave(rules) -> None:
    rows = [
        row("SKHCN", 2025, 5, "KINH-PHI", holder="Hợp tác xã Chè Shan tuyết Tà Xùa"),
        row("SNNMT", 2025, 4, "HUONG-DAN", holder="Hợp tác xã chè Shan tuyết Tà Xùa"),
        row("XA-TA-XUA", 2025, 4, "QUAN-LY", holder="HTX chè Tà Xùa"),
    ]
    [asset] = build_register(rows, rules).assets
    assert asset.holder.casefold() == "hợp tác xã chè shan tuyết tà xùa"


def test_an_application_and_its_title_given_without_its_number_are_asked_to_be_joined(rules):
    """A design's application listed in 2024 (number only) and its title listed in 2025 with
    no application number: nothing joined them, and the application counted twice. Same kind,
    name and filing day: the application number is asked for on both cells."""
    application = row("HUYEN-MAI-SON", 2024, 4, "CHU-DON", application_number="4-2024-07777")
    title = row(
        "SNNMT",
        2025,
        6,
        "CHU-DON",
        application_number="",
        title_number="517777",
        granted_on=date(2025, 7, 1),
    )
    application = replace(application, filed_on=date(2024, 3, 1))
    title = replace(title, filed_on=date(2024, 3, 1))
    register = build_register([application, title], rules)
    [conflict] = [c for c in register.conflicts if c.fact == "Số đơn"]
    assert conflict.blocking
    text = str(conflict)
    assert "4-2024-07777 (" in text and "để trống (văn bằng 517777) (" in text
    assert "HUYEN-MAI-SON.xlsx" in text and "SNNMT.xlsx" in text
    # a title of another filing day is another asset: nothing asked
    other = replace(title, filed_on=date(2024, 5, 2))
    assert not [c for c in build_register([application, other], rules).conflicts]


def test_a_madrid_registration_without_a_grant_is_no_title_missing_its_dates(rules) -> None:
    """«Madrid 1823456» filed 12/5/2025, no title: a registration still pending in Viet Nam,
    not «1 văn bằng chưa có đủ ngày nộp đơn, ngày cấp» for the Sở to look up."""
    from generator.register import Asset, Register, undated_titles

    madrid = Asset("NH", "HATIFISH", international_number="1823456", filed_on=date(2025, 5, 12))
    pending = Asset("NH", "Cam Khe", international_number="1700001")
    old_title = Asset("NH", "Nhãn cũ", title_number="40001")  # a title, its dates unknown
    register = Register([madrid, pending, old_title], [])
    assert [a.name for a in undated_titles(register, rules)] == ["Nhãn cũ"]


def test_two_holders_that_are_not_two_spellings_are_told(rules) -> None:
    """One title, «HTX Chè Hoa Vàng» in one form and «Công ty TNHH Chè Sơn La» in another:
    the annex printed one and nobody was told. Two spellings of one name stay quiet."""
    title = dict(kind="NH", name="Chè Hoa Vàng", title_number="530010", granted_on=date(2025, 3, 1))
    rows = [
        row("SCT", 2025, 4, "HUONG-DAN", holder="Hợp tác xã Chè Hoa Vàng", **title),
        row("SNNMT", 2025, 4, "HUONG-DAN", holder="HTX Chè Hoa Vàng", **title),
    ]
    assert build_register(rows, rules).notes == []
    rows.append(row("SKHCN", 2025, 5, "KINH-PHI", holder="Công ty TNHH Chè Sơn La", **title))
    [note] = build_register(rows, rules).notes
    assert note.startswith("«Chủ đơn, chủ văn bằng» của 4-2023-18765 «Chè Hoa Vàng» ghi khác nhau:")
    assert "«Công ty TNHH Chè Sơn La» (" in note and note.endswith("ghi đúng vào sổ tài sản")


def test_one_title_written_with_two_numbers_is_told_not_guessed(rules) -> None:
    """«540040» in one form and «540004» in another, same kind, name, holder and day: two
    titles were counted and listed with nobody told. Still two (the numbers decide), told."""
    title = dict(kind="NH", name="R-Typo", holder="HTX R", granted_on=date(2025, 9, 9))
    title |= dict(application_number="", filed_on=date(2024, 9, 9))
    rows = [
        row("SKHCN", 2025, 4, "KINH-PHI", title_number="540040", **title),
        row("SCT", 2025, 4, "HUONG-DAN", title_number="540004", **title),
    ]
    register = build_register(rows, rules)
    assert len(register.assets) == 2
    [note] = register.notes
    assert note.startswith("2 nhãn hiệu cùng tên «R-Typo» được tính là 2 tài sản khác nhau: ")
    assert "540040" in note and "540004" in note and "SCT.xlsx" in note and "SKHCN.xlsx" in note
    assert note.endswith("sửa số cho đúng văn bằng gốc (ở phiếu hoặc sổ tài sản)")
    alone = build_register(rows[:1], rules)
    assert alone.notes == []


def test_the_annex_prints_a_title_number_in_its_fullest_form(rules) -> None:
    """«31007» (Excel dropped the zeros) came first and was printed for the patent another
    agency gave as «1-0031007» (an IP tester)."""
    title = dict(
        kind="SC", name="Máy sấy", application_number="1-2023-00101", filed_on=date(2023, 1, 5)
    )
    title |= dict(granted_on=date(2025, 2, 3))
    rows = [
        row("SCT", 2025, 4, "KINH-PHI", title_number="31007", **title),
        row("SKHCN", 2025, 4, "KINH-PHI", title_number="1-0031007", **title),
    ]
    [asset] = build_register(rows, rules).assets
    assert asset.title_number == "1-0031007"


def test_a_counted_title_only_the_register_gives_without_a_number_is_told() -> None:
    """A register row with no number, or marked «Cần kiểm tra», counted toward a target with
    no word (an IP tester): the annex row cannot be checked by its reader."""
    from generator.consolidate import _counted_assets, unverified_counted

    c = sample_consolidation(2025)
    assert c.register is not None
    assert unverified_counted(c) == []
    counted = _counted_assets(c)[0]
    bare = replace(
        counted, application_number="", international_number="", title_number="", name="X-Bare"
    )
    checked = replace(counted, name="X-Checked", verify="số văn bằng, ngày cấp")
    register = replace(c.register, assets=[*c.register.assets, bare, checked])
    told = {asset.name for asset in unverified_counted(replace(c, register=register))}
    assert told == {"X-Bare", "X-Checked"}
