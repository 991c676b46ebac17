"""The example plan shipped in examples/tinh-vi-du (a fictitious province): it loads, its
forms ask for every quantity (a percentage's numerator and denominator as two rows), and a
filled form read back gives those quantities, from which the percentage is computed."""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook
from test_forms import fill, save

from generator.cli import cli
from generator.data.plan import Bound, MeasureKind
from generator.data.workspace import Workspace, load_workspace
from generator.forms import writer as forms
from generator.targets import Outcome, Ratio, judge_targets
from generator.validate import SubmissionStatus, validate_year

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "tinh-vi-du"
TEMPLATES = REPO / "templates"
QUANTITY_CODES = ["CT-NH", "CT-SC", "CT-TL-TU", "CT-TL-MAU", "CT-KP"]


@pytest.fixture
def example(tmp_path: Path) -> Workspace:
    root = tmp_path / "tinh-vi-du"
    shutil.copytree(EXAMPLE, root)
    return load_workspace(root)


@pytest.mark.parametrize("name", ["ke-hoach.yaml", "don-vi.yaml"])
def test_files_say_they_are_a_fictitious_example(name: str) -> None:
    first_line = (EXAMPLE / name).read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# VÍ DỤ — DỮ LIỆU HƯ CẤU.")


def test_the_example_plan_loads_with_what_son_la_does_not_have(example: Workspace) -> None:
    plan = example.plan
    assert (plan.period.first_year, plan.period.last_year, plan.period.review_year) == (
        2021,
        2030,
        2025,
    )
    assert [doc.number_symbol for doc in plan.implements] == ["2205/QĐ-TTg", "10/NQ-HĐND"]
    assert plan.funding == [] and plan.areas == [] and plan.other_goals == []
    assert plan.general_goals[0].letter == ""
    assert all(task.letter == "" for task in plan.tasks)
    milestone, per_year, ratio, money = plan.measures
    assert plan.due_year(milestone) == 2025 and plan.due_year(per_year) == 2030
    assert milestone.planned == "ít nhất 10 nhãn hiệu (đến năm 2025)"
    assert (per_year.bound, per_year.planned) == (Bound.MINIMUM, "ít nhất 2 đơn/năm")
    assert (ratio.kind, ratio.planned) == (MeasureKind.RATIO, "ít nhất 30%")
    assert (money.kind, money.planned) == (MeasureKind.MONEY, "ít nhất 2.000.000.000 đồng")
    assert [q.code for q in plan.quantities] == QUANTITY_CODES
    rule = plan.reporting
    assert not rule.agency_deadline.is_late(date(2025, 12, 5), 2025)
    assert rule.higher_deadline is not None and rule.higher_deadline.is_late(
        date(2025, 12, 20), 2025
    )
    assert rule.roster_date(2025) == date(2025, 9, 30)


def test_agency_kinds_are_the_example_s_own(example: Workspace) -> None:
    registry = example.registry
    assert {kind: registry.kind(kind).is_local for kind in registry.kinds} == {
        "so": False,
        "truong-dai-hoc": False,
        "doanh-nghiep": False,
        "hoi": False,
        "ubnd-xa": True,
    }
    active = {agency.code for agency in example.active(2025)}
    assert {"CTY-CHE-VD", "HOI-NONG-DAN", "DHVD", "SNNMT"} <= active
    assert "SNNPTNT" not in active
    assert [a.task.code for a in example.tasks_of("CTY-CHE-VD", 2025)] == ["IV.3.1"]
    assert registry.agency("SNNPTNT").ending.form == "hop-nhat"


def test_the_form_asks_every_quantity(example: Workspace, tmp_path: Path) -> None:
    paths = forms.write_forms(example, 2025, tmp_path / "phieu")
    assert len(paths) == len(example.active(2025))
    [path] = [p for p in paths if p.name == "CTY-CHE-VD.xlsx"]
    book = load_workbook(path)
    sheet = book[forms.SHEET_MEASURES]
    rows = [
        [sheet.cell(row, column).value for column in (1, 2, 3)]
        for row in range(forms.FIRST_DATA_ROW, sheet.max_row + 1)
    ]
    assert rows == [
        ["CT-NH", "Số nhãn hiệu được cấp văn bằng bảo hộ", "nhãn hiệu"],
        ["CT-SC", "Số đơn đăng ký sáng chế", "đơn"],
        ["CT-TL-TU", "Số sản phẩm chủ lực được hỗ trợ đăng ký bảo hộ", "sản phẩm"],
        ["CT-TL-MAU", "Tổng số sản phẩm chủ lực của đơn vị", "sản phẩm"],
        ["CT-KP", "Kinh phí doanh nghiệp đầu tư phát triển tài sản trí tuệ", "đồng"],
    ]
    guide = "\n".join(str(c.value) for c in book[forms.SHEET_GUIDE]["A"] if c.value)
    assert "chậm nhất ngày 05/12/2025" in guide  # "chậm nhất": the day itself is on time


def test_filled_forms_read_back_give_the_quantities_and_the_percentage(
    example: Workspace,
) -> None:
    figures = {
        "CTY-CHE-VD": {"CT-NH": 2, "CT-TL-TU": 1, "CT-TL-MAU": 4, "CT-KP": 300_000_000},
        "HOI-NONG-DAN": {"CT-NH": 1, "CT-TL-TU": 2, "CT-TL-MAU": 6},
        "DHVD": {"CT-SC": 3, "CT-TL-TU": 0, "CT-TL-MAU": 2},
    }
    folder = example.root / "2025"
    for code, measures in figures.items():
        agency = example.registry.agency(code)
        wb = fill(
            forms.build_form(example, agency, 2025),
            measures=measures,
            report_date=date(2025, 12, 5),
        )
        save(wb, folder / f"{code}.xlsx")
    result = validate_year(example, 2025, example.root)
    read = {
        s.agency.code: {m.code: m.value for m in s.report.measures}
        for s in result.submissions
        if s.report is not None
    }
    assert set(read) == set(figures)
    for code, measures in figures.items():
        assert read[code] == {q: measures.get(q, 0) for q in QUANTITY_CODES}
    statuses = {s.agency.code: s.status for s in result.submissions if s.agency.code in figures}
    assert set(statuses.values()) == {SubmissionStatus.VALID}  # 05/12 is on time here
    totals = {q: sum(read[code][q] for code in read) for q in QUANTITY_CODES}
    judgements = {j.measure.code: j for j in judge_targets(example.plan, 2025, {2025: totals})}
    ratio = judgements["CT-TL"]
    assert ratio.year_ratio == Ratio(3, 12)
    assert ratio.year_value == Decimal("25.00")  # not 25% + 33% + 0% = 58%
    assert ratio.outcome is Outcome.IN_PROGRESS  # due in 2030
    milestone = judgements["CT-NH"]
    assert (milestone.cumulative, milestone.final, milestone.outcome) == (3, True, Outcome.NOT_MET)


# --- the whole batch -------------------------------------------------------------------

BATCH_FIGURES = {
    "CTY-CHE-VD": {"CT-NH": 2, "CT-TL-TU": 1, "CT-TL-MAU": 4, "CT-KP": 300_000_000},
    "HOI-NONG-DAN": {"CT-NH": 1, "CT-TL-TU": 2, "CT-TL-MAU": 6},
    "DHVD": {"CT-SC": 3, "CT-TL-MAU": 2},
    "SKHCN": {"CT-NH": 3},
}


@pytest.fixture(scope="module")
def example_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with forms filled for 2024 and 2025 (2021-2023 come from its history
    file), and ``vanban generate`` run for 2025 into a folder beside it."""
    base = tmp_path_factory.mktemp("batch")
    root = base / "tinh-vi-du"
    shutil.copytree(EXAMPLE, root)
    workspace = load_workspace(root)
    for year in (2024, 2025):
        for code, measures in BATCH_FIGURES.items():
            agency = workspace.registry.agency(code)
            form = forms.build_form(workspace, agency, year)
            save(
                fill(form, measures=measures, report_date=date(year, 12, 5)),
                root / str(year) / f"{code}.xlsx",
            )
    arguments = ["generate", "--inputs", str(root), "--year", "2025"]
    arguments += ["--templates", str(TEMPLATES), "--out", str(base / "out")]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    return base / "out" / "2025"


def _text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_batch_runs_on_the_example(example_batch: Path) -> None:
    letters = sorted(path.stem for path in (example_batch / "cong-van").glob("*.docx"))
    assert "CTY-CHE-VD" in letters and "HOI-NONG-DAN" in letters and "SKHCN" not in letters
    report = _text(example_batch / "bao-cao-tong-hop.docx")
    assert "Kế hoạch số 99/KH-UBND" in report
    assert "Ủy ban nhân dân tỉnh Ví Dụ" in report
    assert "ít nhất 10 nhãn hiệu (đến năm 2025)" in report
    assert "5 - 5" not in report and "10 - 10" not in report


def test_the_report_gives_the_percentage_from_its_two_numbers(example_batch: Path) -> None:
    report = _text(example_batch / "bao-cao-tong-hop.docx")
    # cach_tinh «cong-don-tu-so»: products supported 2021-2025 (1 + 2 + 1 + 3 + 3) over the
    # 12 key products of 2025, not over 10 + 10 + 10 + 12 + 12 (the same products each year)
    assert re.search(r"\b83,33\s?%", report), "10/12 = 83,33%"
    assert not re.search(r"\b18,52\s?%", report)


def test_show_plan_says_the_example_s_own_deadline_rule() -> None:
    result = CliRunner().invoke(cli, ["ke-hoach", "--inputs", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "chậm nhất ngày 5/12" in result.output
    assert "CT-TL  Tỷ lệ sản phẩm chủ lực được hỗ trợ đăng ký bảo hộ: ít nhất 30%" in result.output


def test_a_letter_gives_the_two_numbers_of_a_percentage(example_batch: Path) -> None:
    letter = _text(example_batch / "cong-van" / "HOI-NONG-DAN.docx")
    assert "số sản phẩm chủ lực được hỗ trợ đăng ký bảo hộ: 2 sản phẩm" in letter
    assert "tổng số sản phẩm chủ lực của đơn vị: 6 sản phẩm" in letter
