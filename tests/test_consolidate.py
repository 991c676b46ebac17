"""Consolidation rules, without any workbook: judgements, totals, history, contexts."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from generator.consolidate import (
    History,
    Standing,
    consolidate,
    load_history,
)
from generator.data.workspace import load_workspace
from generator.errors import DataError, DataErrors

REPO = Path(__file__).resolve().parents[1]
WORKSPACE = load_workspace(REPO / "inputs")


def test_shipped_history_is_marked_as_sample_and_complete():
    history = load_history(REPO / "inputs" / "so-lieu-cac-nam-truoc.yaml", WORKSPACE.plan)
    assert history.sample is True
    assert sorted(history.years) == [2021, 2022, 2023]
    codes = {m.code for m in WORKSPACE.plan.measures}
    assert all(set(figures) == codes for figures in history.years.values())


def test_history_errors_name_the_line(tmp_path: Path):
    path = tmp_path / "so-lieu.yaml"
    path.write_text("so_lieu_mau: false\nnam:\n  2019:\n    CT-A: 1\n", encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_history(path, WORKSPACE.plan)
    text = caught.value.message()
    assert "năm 2019 nằm ngoài giai đoạn 2021-2025" in text
    assert "dòng 3" in text
    assert "thiếu số liệu chỉ tiêu: CT-B1" in text
    path.write_text("so_lieu_mau: false\nnam:\n  2021:\n    CT-A: -1\n", encoding="utf-8")
    with pytest.raises(DataErrors, match="không được âm"):
        load_history(path, WORKSPACE.plan)


def test_no_history_file_means_no_earlier_figures(tmp_path: Path):
    assert load_history(tmp_path / "khong-co.yaml", WORKSPACE.plan) == History()


# --- consolidate() on hand-made reports ------------------------------------------------


@dataclass
class Figure:
    code: str
    value: int | None
    note: str = ""


@dataclass
class TaskLine:
    code: str
    status: str | None
    result: str
    funding: int


@dataclass
class Report:
    agency_code: str
    report_date: date | None
    tasks: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    difficulties: str = ""
    proposals: str = ""


@dataclass
class Submission:
    agency: object
    status: str
    report: Report | None


def _history() -> History:
    codes = [m.code for m in WORKSPACE.plan.measures]
    return History(years={y: {c: 1 for c in codes} for y in (2021, 2022, 2023)}, sample=False)


def _submissions(year: int) -> list[Submission]:
    found = []
    for i, agency in enumerate(WORKSPACE.active(year)):
        if i == 0:
            continue  # missing
        held = WORKSPACE.tasks_of(agency.code, year)
        tasks = [
            TaskLine(
                a.task.code,
                ("Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện")[k % 3],
                f"Việc {a.task.code}\n- dòng hai.",
                1_000_000,
            )
            for k, a in enumerate(held)
        ]
        figures = [Figure("CT-B1", 1), Figure("CT-DD", None)]
        late = i == 1
        report = Report(
            agency.code,
            date(year, 11, 12 if late else 3),
            tasks,
            figures,
            "Thiếu kinh phí." if i == 2 else "",
            "",
        )
        found.append(Submission(agency, "LATE" if late else "VALID", report))
    return found


def test_totals_cumulative_and_standing():
    subs = _submissions(2024)
    c = consolidate(WORKSPACE, 2024, subs, _history())
    b1 = next(r for r in c.measures if r.measure.code == "CT-B1")
    assert b1.year_total == len(subs)
    assert b1.cumulative == len(subs) + 3
    dd = next(r for r in c.measures if r.measure.code == "CT-DD")
    assert dd.year_total == 0 and dd.cumulative == 3
    assert [s.agency.code for s in c.missing] == [WORKSPACE.active(2024)[0].code]
    assert len(c.late) == 1 and c.late[0].standing is Standing.LATE
    assert c.funding_total == sum(len(s.report.tasks) for s in subs) * 1_000_000


def test_a_year_without_figures_is_an_error_naming_it():
    with pytest.raises(DataError, match="thiếu số liệu năm 2024"):
        consolidate(WORKSPACE, 2025, _submissions(2025), _history())
    c = consolidate(WORKSPACE, 2025, _submissions(2025), _history(), {2024: {"CT-B1": 7}})
    b1 = next(r for r in c.measures if r.measure.code == "CT-B1")
    assert b1.cumulative == 3 + 7 + b1.year_total
    assert c.final_year


def test_workspace_copy_with_history_missing_year_is_refused(tmp_path: Path):
    shutil.copy(REPO / "inputs" / "so-lieu-cac-nam-truoc.yaml", tmp_path / "h.yaml")
    history = load_history(tmp_path / "h.yaml", WORKSPACE.plan)
    with pytest.raises(DataError, match="2024"):
        consolidate(WORKSPACE, 2025, [], history)


def test_the_examples_of_a_local_result_are_those_that_did_most():
    """«Kết quả tiêu biểu» cited the first communes in order (2 news items) beside communes
    that posted 6: the examples are ranked by what they count, then by what they say."""
    from generator.consolidate import _weight

    results = ["Đã đăng 2 tin, bài năm 2025.", "Đã đăng 6 tin, bài.", "Đã đăng 4 tin, bài."]
    ranked = sorted(results, key=_weight)
    assert ranked == ["Đã đăng 6 tin, bài.", "Đã đăng 4 tin, bài.", "Đã đăng 2 tin, bài năm 2025."]
    assert _weight("Chi 12.000.000 đồng năm 2025")[0] == 0  # money and years count nothing


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# năm đầu của kế hoạch: chưa có số liệu\n",
        "nam:\n",
        "nam: {}\n",
        "so_lieu_mau: false\n",
    ],
    ids=["empty", "comments", "nam-empty", "nam-braces", "flag-only"],
)
def test_a_history_file_with_no_figures_means_no_earlier_figures(tmp_path: Path, text: str):
    """A plan's first year: the file left empty, or with nothing under «nam», is accepted."""
    path = tmp_path / "so-lieu-cac-nam-truoc.yaml"
    path.write_text(text, encoding="utf-8")
    history = load_history(path, WORKSPACE.plan)
    assert history.years == {} and history.sample is False


def test_the_history_of_another_plan_is_told_as_such(tmp_path: Path):
    """The Sơn La sample file left in the workspace of another plan: one line says why."""
    example = load_workspace(REPO / "examples" / "tinh-vi-du")
    with pytest.raises(DataErrors) as caught:
        load_history(REPO / "inputs" / "so-lieu-cac-nam-truoc.yaml", example.plan)
    lines = caught.value.message().splitlines()
    assert "số liệu của kế hoạch khác" in lines[1] and "xóa tệp hoặc để tệp trống" in lines[1]


def test_a_percentage_is_written_without_trailing_zeros():
    """«45,50%» beside «48%» in one row: written by hand it is 45,5%."""
    from decimal import Decimal

    from generator.consolidate import format_value
    from generator.targets import ValueKind

    shown = [format_value(Decimal(v), ValueKind.PERCENT) for v in ("45.50", "48.00", "83.33")]
    assert shown == ["45,5%", "48%", "83,33%"]
    assert format_value(Decimal("45.05"), ValueKind.PERCENT) == "45,05%"
