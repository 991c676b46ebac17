"""The shipped sample workbooks (inputs/2024, inputs/2025): valid, labelled, reproducible."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.data.workspace import Workspace, load_workspace
from generator.register import build_register, load_register, target_counts
from generator.validate import SubmissionStatus, validate_year

REPO = Path(__file__).resolve().parents[1]
INPUTS = REPO / "inputs"


def _load_tool():
    spec = importlib.util.spec_from_file_location(
        "make_samples", REPO / "tools" / "make_samples.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return load_workspace(INPUTS)


@pytest.mark.parametrize("year", [2024, 2025])
def test_samples_validate_with_late_and_missing_agencies(workspace: Workspace, year: int) -> None:
    result = validate_year(workspace, year, INPUTS)
    assert result.ok, [str(f) for f in result.findings[:5]]
    statuses = [s.status for s in result.submissions]
    # The plan says "trước ngày 10 tháng 11": a report dated on the deadline day is late.
    deadline = workspace.deadline(year)
    dated = [s.report.report_date for s in result.submissions if s.report is not None]
    assert statuses.count(SubmissionStatus.LATE) == sum(1 for day in dated if day >= deadline)
    assert any(day == deadline for day in dated)
    assert 1 <= statuses.count(SubmissionStatus.MISSING) <= 2
    reports = [s.report for s in result.submissions if s.report is not None]
    tasks = [t for r in reports for t in r.tasks]
    assert {t.status.value for t in tasks} == {"Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện"}
    assert all(t.result.endswith(".") for t in tasks if t.result)
    skhcn = next(r for r in reports if r.agency_code == "SKHCN")
    assert 350_000_000 in [t.funding for t in skhcn.tasks]
    register = build_register([row for r in reports for row in r.ip_rows], workspace.plan.ip)
    counts = target_counts(register, workspace.plan.ip, year, year)
    assert 1 <= len(counts["CT-B1"].year) <= 2 and 2 <= len(counts["CT-C1"].year) <= 3
    figures = [f for r in reports for f in r.activities]
    assert sum(f.value for f in figures if f.code == "HD-TAP-HUAN") > 0


def test_the_samples_carry_the_register_without_double_counting(workspace: Workspace) -> None:
    rules = workspace.plan.ip
    reports = [
        s.report
        for year in (2024, 2025)
        for s in validate_year(workspace, year, INPUTS).submissions
        if s.report is not None
    ]
    register = load_register(rules, INPUTS, reports)
    assert register.blocking == [] and register.conflicts == []
    ta_xua = [a for a in register.assets if "Tà Xùa" in a.name]
    assert [(a.kind, a.application_number, a.contributors) for a in ta_xua] == [
        ("NHTT", "4-2023-18765", ["SKHCN", "SNNMT", "XA-TA-XUA"]),
        ("NHTT", "", []),  # «Chè Tà Xùa Bắc Yên» of the press: another mark, not joined by name
    ]
    counts = target_counts(register, rules, 2025, 2024)
    assert [a.name for a in counts["CT-E"].year] == ["Chè Shan tuyết Tà Xùa", "Mận hậu Sơn La"]
    moc_chau = next(a for a in register.assets if a.title_number == "00002")
    assert (moc_chau.application_number, moc_chau.contributors) == ("6-2001-00009", ["SKHCN"])


def test_the_register_sample_is_labelled_and_invents_no_number(workspace: Workspace) -> None:
    sheet = load_workbook(INPUTS / "tai-san-tri-tue.xlsx")["Sổ tài sản trí tuệ"]
    assert str(sheet["A2"].value).startswith("DỮ LIỆU MẪU")
    rows = {r[2]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["Chè Shan tuyết Mộc Châu"][:8:6] == ("6-2001-00009", "00002")
    assert rows["Cà phê Sơn La"][6] == "00056"
    assert rows["Xoài tròn Yên Châu"][0] is None and rows["Xoài tròn Yên Châu"][6] is None
    assert all(r[10] for r in rows.values()), "every row names its source"
    assert all(r[11] for r in rows.values() if not (r[0] and r[6])), "unknowns are to verify"


def test_2025_has_communes_and_no_districts(workspace: Workspace) -> None:
    kinds = {s.agency.kind for s in validate_year(workspace, 2025, INPUTS).submissions}
    assert "ubnd-xa" in kinds and "ubnd-huyen" not in kinds


def test_every_sample_says_it_is_sample_data() -> None:
    for path in sorted(INPUTS.glob("202[45]/*.xlsx")):
        guide = load_workbook(path)["Hướng dẫn"]
        assert str(guide["A1"].value).startswith("DỮ LIỆU MẪU"), path.name


def test_the_generator_reproduces_the_shipped_files_byte_for_byte(tmp_path: Path) -> None:
    for name in ("ke-hoach.yaml", "don-vi.yaml"):
        shutil.copy(INPUTS / name, tmp_path / name)
    tool = _load_tool()
    written = tool.make_samples(load_workspace(tmp_path), tmp_path)
    shipped = sorted(INPUTS.glob("202[45]/*.xlsx"))
    assert [p.relative_to(tmp_path) for p in sorted(written)] == [
        p.relative_to(INPUTS) for p in shipped
    ]
    for path in shipped:
        assert (tmp_path / path.relative_to(INPUTS)).read_bytes() == path.read_bytes(), path.name
    register = tool.make_register_sample(load_workspace(tmp_path), tmp_path)
    assert register.read_bytes() == (INPUTS / register.name).read_bytes()
