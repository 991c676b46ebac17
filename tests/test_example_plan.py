"""The example plan shipped in examples/tinh-vi-du (a fictitious province): it loads, its
forms ask for every quantity (a percentage's numerator and denominator as two rows), and a
filled form read back gives those quantities, from which the percentage is computed."""

from __future__ import annotations

import dataclasses
import re
import shutil
import zipfile
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
from generator.errors import DataErrors
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
        # CT-KP is asked of businesses, associations and the Sở only (don_vi_bao_cao)
        asked = [q for q in QUANTITY_CODES if q != "CT-KP" or code != "DHVD"]
        assert read[code] == {q: measures.get(q, 0) for q in asked}
    statuses = {s.agency.code: s.status for s in result.submissions if s.agency.code in figures}
    assert set(statuses.values()) == {SubmissionStatus.VALID}  # 05/12 is on time here
    totals = {q: sum(read[code].get(q, 0) for code in read) for q in QUANTITY_CODES}
    judgements = {j.measure.code: j for j in judge_targets(example.plan, 2025, {2025: totals})}
    ratio = judgements["CT-TL"]
    assert ratio.year_ratio == Ratio(3, 12)
    assert ratio.year_value == Decimal("25.00")  # not 25% + 33% + 0% = 58%
    assert ratio.outcome is Outcome.IN_PROGRESS  # due in 2030
    milestone = judgements["CT-NH"]
    assert (milestone.cumulative, milestone.final, milestone.outcome) == (3, True, Outcome.NOT_MET)


def test_a_figure_is_asked_only_of_the_agencies_the_plan_names(example: Workspace) -> None:
    """«Kinh phí doanh nghiệp đầu tư» is asked of businesses, associations and the Sở: a
    university's form has no row for it (it entered 0 before), and a row added by hand is
    refused on its cell rather than summed."""
    rows = {
        code: [
            row[0].value
            for row in forms.build_form(example, example.registry.agency(code), 2025)[
                forms.SHEET_MEASURES
            ].iter_rows()
        ]
        for code in ("DHVD", "CTY-CHE-VD", "SKHCN")
    }
    assert "CT-KP" not in rows["DHVD"] and "CT-NH" in rows["DHVD"]
    assert "CT-KP" in rows["CTY-CHE-VD"] and "CT-KP" in rows["SKHCN"]
    folder = example.root / "2025"
    university = example.registry.agency("DHVD")
    wb = fill(forms.build_form(example, university, 2025), report_date=date(2025, 12, 5))
    sheet = wb[forms.SHEET_MEASURES]
    last = sheet.max_row + 1
    sheet.cell(last, 1, "CT-KP")
    sheet.cell(last, 4, 5_000_000)
    save(wb, folder / "DHVD.xlsx")
    result = validate_year(example, 2025, example.root)
    [submission] = [s for s in result.submissions if s.agency.code == "DHVD"]
    messages = [f.message for f in submission.findings]
    assert any(m.startswith("Kế hoạch không hỏi") and "«CT-KP»" in m for m in messages)


def test_a_reporter_code_not_in_the_registry_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "tinh-vi-du"
    shutil.copytree(EXAMPLE, root)
    plan = root / "ke-hoach.yaml"
    text = plan.read_text("utf-8")
    plan.write_text(text.replace("[DOANH-NGHIEP-HOI, SKHCN]", "[DOANH-NGHIEP]"), "utf-8")
    with pytest.raises(DataErrors, match="«DOANH-NGHIEP» không phải mã đơn vị, mã nhóm"):
        load_workspace(root)


def test_a_numerator_given_as_a_percentage_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "tinh-vi-du"
    shutil.copytree(EXAMPLE, root)
    plan = root / "ke-hoach.yaml"
    text = plan.read_text("utf-8")
    numerator = '''ma: "CT-TL-TU"
          ten: "Số sản phẩm chủ lực được hỗ trợ đăng ký bảo hộ"
          don_vi_tinh: "sản phẩm"'''
    assert text.count(numerator) == 1
    plan.write_text(text.replace(numerator, numerator.replace('"sản phẩm"', '"%"')), "utf-8")
    with pytest.raises(DataErrors, match="tử số, mẫu số của chỉ tiêu tỷ lệ là hai số đếm"):
        load_workspace(root)


def test_a_numerator_above_its_denominator_is_refused_on_its_cell(example: Workspace) -> None:
    agency = example.registry.agency("CTY-CHE-VD")
    figures = {"CT-NH": 2, "CT-TL-TU": 950, "CT-TL-MAU": 900}
    wb = fill(
        forms.build_form(example, agency, 2025), measures=figures, report_date=date(2025, 12, 5)
    )
    save(wb, example.root / "2025" / "CTY-CHE-VD.xlsx")
    result = validate_year(example, 2025, example.root)
    submission = next(s for s in result.submissions if s.agency.code == "CTY-CHE-VD")
    texts = [f.message for f in submission.findings]
    row = next(r for r in wb[forms.SHEET_MEASURES].iter_rows() if r[0].value == "CT-TL-TU")[3].row
    share = [f for f in submission.findings if "không thể quá 100%" in f.message]
    assert len(share) == 1, texts
    assert (share[0].sheet, share[0].cell) == (forms.SHEET_MEASURES, f"D{row}")
    assert "(950) lớn hơn" in share[0].message and "(900)" in share[0].message
    assert submission.status is not SubmissionStatus.VALID


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
    _fill_and_generate(root, base / "out")
    return base / "out" / "2025"


def _fill_and_generate(root: Path, out: Path, change=lambda year, code, measures: measures) -> str:
    """The example's forms of 2024 and 2025 filled with BATCH_FIGURES (as ``change`` alters
    an agency's figures of a year), then ``vanban generate`` for 2025 into ``out``: its output."""
    workspace = load_workspace(root)
    for year in (2024, 2025):
        for code, measures in BATCH_FIGURES.items():
            form = forms.build_form(workspace, workspace.registry.agency(code), year)
            save(
                fill(form, measures=change(year, code, measures), report_date=date(year, 12, 5)),
                root / str(year) / f"{code}.xlsx",
            )
    arguments = ["generate", "--inputs", str(root), "--year", "2025"]
    arguments += ["--templates", str(TEMPLATES), "--out", str(out)]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    return result.output


def _text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_batch_runs_on_the_example(example_batch: Path) -> None:
    letters = sorted(path.stem for path in (example_batch / "cong-van").glob("*.docx"))
    assert "CTY-CHE-VD" in letters and "HOI-NONG-DAN" in letters and "SKHCN" not in letters
    report = _text(example_batch / "bao-cao-tong-hop.docx")
    assert "Kế hoạch số\xa099/KH-UBND" in report
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
    assert "chậm nhất ngày 05 tháng 12, gửi" in result.output
    assert "CT-TL  Tỷ lệ sản phẩm chủ lực được hỗ trợ đăng ký bảo hộ: ít nhất 30%" in result.output


def test_a_letter_gives_the_two_numbers_of_a_percentage(example_batch: Path) -> None:
    letter = _text(example_batch / "cong-van" / "HOI-NONG-DAN.docx")
    assert "số sản phẩm chủ lực được hỗ trợ đăng ký bảo hộ: 2 sản phẩm" in letter
    assert "tổng số sản phẩm chủ lực của đơn vị: 6 sản phẩm" in letter


def _chart_ranges(path: Path) -> list[tuple[str, str, list[str]]]:
    """(title, sheet, cells of the values) of each series of each chart of the workbook."""
    from lxml import etree
    from openpyxl.utils import get_column_letter, range_boundaries

    found = []
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"  # c:
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        for name in names:
            root = etree.fromstring(archive.read(name))
            title = "".join(root.find(f"{drawing}chart/{drawing}title").itertext())
            for formula in root.iterfind(f".//{drawing}val/{drawing}numRef/{drawing}f"):
                sheet, cells = formula.text.rsplit("!", 1)
                low_column, low_row, high_column, high_row = range_boundaries(cells)
                found.append(
                    (
                        title,
                        sheet.strip("'"),
                        [
                            f"{get_column_letter(column)}{row}"
                            for row in range(low_row, high_row + 1)
                            for column in range(low_column, high_column + 1)
                        ],
                    )
                )
    return found


def test_tong_hop_stores_a_percentage_as_a_number_in_a_percent_format(
    example_batch: Path,
) -> None:
    """CT-TL in tong-hop.xlsx: 25% and 83,33% (10/12) are numbers shown as percentages, as
    the report writes them, and every chart draws numbers (a text «18.52» draws nothing)."""
    path = example_batch / "tong-hop.xlsx"
    book = load_workbook(path)
    targets = book["Chỉ tiêu"]
    row = next(r for r in targets.iter_rows(min_row=4) if r[0].value == "CT-TL")
    minimum, maximum, year, cumulative = row[4], row[5], row[6], row[7]
    assert (cumulative.data_type, cumulative.value, cumulative.number_format) == (
        "n",
        0.8333,
        "0.00%",
    )
    assert (year.data_type, year.value, year.number_format) == ("n", 0.25, "0%")
    assert (minimum.data_type, minimum.value, minimum.number_format) == ("n", 0.3, "0%")
    assert maximum.value is None
    money = next(r for r in targets.iter_rows(min_row=4) if r[0].value == "CT-KP")
    assert (money[6].data_type, money[6].number_format) == ("n", "#,##0")

    yearly = book["Biểu đồ chỉ tiêu"]
    by_label, name = {}, ""
    for line in yearly.iter_rows(min_row=4):
        name = line[0].value or name
        by_label[name, line[1].value] = line[2:]
    figures = by_label["Tỷ lệ sản phẩm chủ lực được hỗ trợ đăng ký bảo hộ", "Số liệu từng năm"]
    assert [(c.data_type, c.value, c.number_format) for c in figures] == [
        ("n", value, "0%") for value in (0.1, 0.2, 0.1, 0.25, 0.25)
    ]
    minimum_line = by_label["Tỷ lệ sản phẩm chủ lực được hỗ trợ đăng ký bảo hộ", "Mức tối thiểu"]
    assert {(c.value, c.number_format) for c in minimum_line} == {(0.3, "0%")}
    # The year columns hold 2.000.000.000 (CT-KP's level), not «###».
    assert yearly.column_dimensions["C"].width >= len("2.000.000.000") + 2

    series = _chart_ranges(path)
    assert {title for title, _, _ in series} == {m for m, _ in by_label}
    for title, sheet, cells in series:
        values = [book[sheet][cell] for cell in cells]
        assert all(c.data_type == "n" or c.value is None for c in values), (title, cells)
        assert any(c.data_type == "n" for c in values), (title, cells)
    ratio_series = [cells for title, _, cells in series if title.startswith("Tỷ lệ")]
    # the yearly figures, the running rate the report judges by, and the minimum: percents
    assert len(ratio_series) == 3
    assert {yearly[cell].number_format for cells in ratio_series for cell in cells} <= {
        "0%",
        "0.00%",
    }
    running = by_label["Tỷ lệ sản phẩm chủ lực được hỗ trợ đăng ký bảo hộ", "Lũy kế"]
    assert running[-1].value == 0.8333  # 10/12, the «Lũy kế» of the targets sheet
    # an amount of the whole period: its running total, 2.045.678.900 by 2025 here
    spent = by_label["Kinh phí doanh nghiệp đầu tư phát triển tài sản trí tuệ", "Lũy kế"]
    assert spent[-1].value == money[7].value


def test_the_example_asks_for_charts_and_its_report_draws_every_target(
    example: Workspace, example_batch: Path
) -> None:
    """The example plan sets ``bieu_do_bao_cao: true``: a picture per target, the percentage
    and the milestone ones included, in the last appendix (no register: Phụ lục III)."""
    measures = [m for target in example.plan.targets for m in target.measures]
    report = example_batch / "bao-cao-tong-hop.docx"
    with zipfile.ZipFile(report) as archive:
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(pictures) == len(measures) >= 3
    texts = [p.text for p in Document(str(report)).paragraphs]
    assert "Phụ lục III" in texts
    captions = [t for t in texts if t.startswith("Biểu đồ ")]
    assert captions == [f"Biểu đồ {i}. {m.name}" for i, m in enumerate(measures, start=1)]


def _rate_judgement(example: Workspace, value: str, outcome, due_year: int = 2023, **more):
    """The example's rate target CT-TL judged in 2023 at ``value`` percent; ``scope`` given
    in ``more`` changes the measure's, the rest are the judgement's own fields."""
    from generator.targets import TargetJudgement, ValueKind

    rate = next(m for m in example.plan.measures if m.code == "CT-TL")
    if "scope" in more:
        rate = rate.model_copy(update={"scope": more.pop("scope")})
    return TargetJudgement(
        measure=rate,
        year=2023,
        due_year=due_year,
        judged_year=2023,
        kind=ValueKind.PERCENT,
        year_value=Decimal(value),
        cumulative=Decimal(value),
        per_year=(),
        outcome=outcome,
        final=due_year == 2023,
        **more,
    )


def test_a_rate_under_way_is_not_given_as_a_share_of_its_minimum(example: Workspace) -> None:
    """42,73% against «ít nhất 70%» is not «đạt 61% mức tối thiểu» (read as 61% of people);
    a count or an amount under way keeps its share."""
    from types import SimpleNamespace

    from generator.consolidate import MeasureResult, _target_facts
    from generator.targets import Outcome, ValueKind

    judgement = _rate_judgement(
        example, "42.73", Outcome.IN_PROGRESS, due_year=2025, percent_of_minimum=Decimal(61)
    )
    c = SimpleNamespace(plan=example.plan)
    assert _target_facts(c, MeasureResult(judgement)).share == ""
    amount = next(m for m in example.plan.measures if m.code == "CT-KP")
    counted = dataclasses.replace(
        judgement, measure=amount, kind=ValueKind.MONEY, year_value=5, cumulative=5
    )
    assert _target_facts(c, MeasureResult(counted)).share == "61%"


def test_the_draft_says_a_yearly_rate_is_reached_not_had(example: Workspace) -> None:
    """«năm 2026 đạt 71,26%», not «năm 2026 có 71,26%»."""
    from types import SimpleNamespace

    from generator.consolidate import MeasureResult
    from generator.data.plan import Scope
    from generator.documents.assessment_draft import _target_text
    from generator.targets import Outcome

    judgement = _rate_judgement(example, "71.26", Outcome.NOT_MET, scope=Scope.PER_YEAR)
    c = SimpleNamespace(plan=example.plan, final_year=False, year=2023)
    text = _target_text(c, MeasureResult(judgement))
    assert "năm 2023 đạt 71,26%" in text and " có 71,26%" not in text


@pytest.mark.parametrize("day, told", [("19/12/2025", False), ("20/12/2025", True)])
def test_a_signing_day_past_the_higher_deadline_is_told(
    example_batch: Path, tmp_path: Path, day: str, told: bool
) -> None:
    """«trước ngày 20 tháng 12»: signed on the 20th, the report is late to the province."""
    root = example_batch.parent.parent / "tinh-vi-du"
    arguments = ["generate", "--inputs", str(root), "--year", "2025", "--ngay-ky", day]
    arguments += ["--templates", str(TEMPLATES), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    note = (
        f"Lưu ý: Ngày ký {day} sau hạn báo cáo Ủy ban nhân dân tỉnh (trước ngày 20/12/2025): "
        "báo cáo gửi chậm so với thời hạn Kế hoạch quy định"
    )
    assert (note in result.output) is told


def test_a_money_target_breaks_its_long_figures_after_a_dot(example_batch: Path) -> None:
    """1.050.000.000 in the 1,8 cm column of the targets table split as «1.050.00|0.000»."""
    document = Document(str(example_batch / "bao-cao-tong-hop.docx"))
    row = next(
        [cell.text for cell in row.cells]
        for table in document.tables
        for row in table.rows
        if row.cells[1].text.startswith("Kinh phí doanh nghiệp")
    )
    assert "1.\u200b050.\u200b000.\u200b000" in row and "2.\u200b000.\u200b000.\u200b000" in row[2]


def test_tong_hop_gives_the_two_figures_under_a_percentage(example_batch: Path) -> None:
    """25% and 83,33% can be checked: 3/12 this year, 10/12 as the plan counts it."""
    targets = load_workbook(example_batch / "tong-hop.xlsx")["Chỉ tiêu"]
    rows = [[c.value for c in r] for r in targets.iter_rows(min_row=4)]
    at = next(i for i, r in enumerate(rows) if r[0] == "CT-TL")
    numerator, denominator = rows[at + 1], rows[at + 2]
    assert numerator[0] == "CT-TL-TU" and denominator[0] == "CT-TL-MAU"
    assert (numerator[6], numerator[7]) == (3, 10)
    assert (denominator[6], denominator[7]) == (12, 12)


def test_the_mid_term_year_is_reported_as_a_sơ_kết_throughout(example_batch: Path) -> None:
    """2025 is the example's sơ kết (so_ket_nam): the title said it, the opening, the
    closing and the directions did not, and no year-by-year table was given."""
    report = _text(example_batch / "bao-cao-tong-hop.docx")
    assert "Kết quả thực hiện năm 2025 và sơ kết giai đoạn 2021-2025 Kế hoạch số" in report
    assert "báo cáo kết quả thực hiện Kế hoạch năm 2025 và sơ kết giai đoạn 2021-2025 như sau:" in (
        report
    )
    assert "Kết quả từng năm của giai đoạn 2021-2025:" in report
    assert "\nĐến năm 2025\n" in report  # the last column of that table
    assert "4. Bài học kinh nghiệm" in report
    assert "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026 VÀ GIAI ĐOẠN 2026-2030" in report
    assert "Trên đây là báo cáo kết quả thực hiện năm 2025 và sơ kết giai đoạn 2021-2025" in report


def test_show_plan_gives_a_milestone_its_year() -> None:
    """«(Cả giai đoạn)» beside a level due by 2025 in a 2021-2030 plan; tong-hop.xlsx said
    «Đến năm 2025»: one wording, from the measure, said once."""
    result = CliRunner().invoke(cli, ["ke-hoach", "--inputs", str(EXAMPLE)])
    line = next(x for x in result.output.splitlines() if x.strip().startswith("CT-NH"))
    assert line.endswith("ít nhất 10 nhãn hiệu (đến năm 2025)")
    milestone = next(m for m in load_workspace(EXAMPLE).plan.measures if m.code == "CT-NH")
    assert milestone.scope_label == "Đến năm 2025"


def test_a_shortfall_while_agencies_asked_its_figures_sent_nothing_is_not_concluded(
    tmp_path: Path,
) -> None:
    """CT-SC (at least 2 a year) summed to 1 in 2025 while four agencies asked its figures
    had sent no report: the report declared it missed and lost for the whole period. The
    year's sum is a floor: «Chưa đủ số liệu», the agencies counted; nothing is concluded."""
    root = tmp_path / "tinh-vi-du"
    shutil.copytree(EXAMPLE, root)
    history = root / "so-lieu-cac-nam-truoc.yaml"
    text = history.read_text(encoding="utf-8")
    history.write_text(text.replace("    CT-SC: 1\n", "    CT-SC: 2\n"), encoding="utf-8")

    def one_application(year: int, code: str, measures: dict) -> dict:
        return {**measures, "CT-SC": 1} if (year, code) == (2025, "DHVD") else measures

    output = _fill_and_generate(root, tmp_path / "out", one_application)
    assert "Chỉ tiêu chưa đạt (0): không có." in output
    assert (
        "\n  - CT-SC Số đơn đăng ký sáng chế: 4 đơn vị "
        "phải báo cáo số liệu này chưa nộp báo cáo (Sở Công Thương tỉnh Ví Dụ, "
    ) in output
    report = _text(tmp_path / "out" / "2025" / "bao-cao-tong-hop.docx")
    row = next(line for line in report.splitlines() if line.startswith("Chưa đủ số liệu"))
    assert row == "Chưa đủ số liệu năm 2025 (các năm trước: 4/4 năm đạt)"
    assert (
        "chưa đủ số liệu để đánh giá năm 2025 (4 cơ quan, đơn vị phải báo cáo số liệu này" in report
    )
    assert "không thể đạt cho cả giai đoạn" not in report


def test_a_rate_or_a_maximum_not_passed_is_not_judged_while_reports_are_missing(
    example: Workspace,
) -> None:
    """A missing report can lower a rate or push a count past «không quá 5»: «Vượt» and
    «Đạt» were printed from the reports received (a tester's report then made them «Chưa
    đạt»). A maximum already passed stays «Chưa đạt»: more reports cannot undo it."""
    from generator.consolidate import MeasureResult
    from generator.data.plan import Scope
    from generator.targets import TargetJudgement, ValueKind, YearValue

    rate = _rate_judgement(example, "40", Outcome.EXCEEDED)
    assert MeasureResult(rate).judgement == "Vượt"
    assert MeasureResult(rate, ("Sở Công Thương",)).judgement == "Chưa đủ số liệu"
    assert not MeasureResult(rate, ("Sở Công Thương",)).reached
    count = next(m for m in example.plan.measures if m.code == "CT-SC")
    at_most = count.model_copy(update={"minimum": None, "maximum": 5, "scope": Scope.PER_YEAR})

    def judged(value: int, met: bool, outcome: Outcome) -> TargetJudgement:
        return TargetJudgement(
            measure=at_most,
            year=2023,
            due_year=2030,
            judged_year=2023,
            kind=ValueKind.COUNT,
            year_value=value,
            cumulative=value,
            per_year=(YearValue(2023, value, met),),
            outcome=outcome,
            final=False,
        )

    under = MeasureResult(judged(3, True, Outcome.MET), ("Sở Công Thương",))
    assert under.incomplete and under.judgement == "Chưa đủ số liệu"
    over = MeasureResult(judged(7, False, Outcome.NOT_MET), ("Sở Công Thương",))
    assert not over.incomplete and over.judgement == "Chưa đạt" and over.missed_years == [2023]


def test_a_yearly_cap_does_not_show_its_years_summed(tmp_path: Path) -> None:
    """«Không quá 5 đơn mỗi năm»: the targets table gave the years' sum (12) in «Lũy kế»
    beside the cap of 5, which reads as the cap passed although no year passed it."""
    root = tmp_path / "tinh-vi-du"
    shutil.copytree(EXAMPLE, root)
    plan = root / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8")
    capped = text.replace(
        '        toi_thieu: 2\n        pham_vi: "nam"', '        toi_da: 5\n        pham_vi: "nam"'
    )
    assert capped != text
    plan.write_text(capped.replace("ít nhất 2 đơn", "không quá 5 đơn"), encoding="utf-8")
    _fill_and_generate(root, tmp_path / "out")
    document = Document(str(tmp_path / "out" / "2025" / "bao-cao-tong-hop.docx"))
    rows = [
        [cell.text for cell in row.cells]
        for table in document.tables
        for row in table.rows
        if row.cells[1].text.startswith("Số đơn đăng ký sáng chế")
    ]
    planned, year_value, cumulative, outcome = rows[0][2:6]
    assert (planned, year_value, cumulative) == ("không quá 5 đơn/năm", "3", "-")
    # four agencies asked the figure sent nothing: 2025 is neither met nor missed yet
    assert outcome == "Chưa đủ số liệu năm 2025 (các năm trước: 4/4 năm đạt)"


def test_a_consolidating_body_that_merged_is_followed_by_its_successor(tmp_path: Path) -> None:
    """A plan's consolidating body merged into another in 2025 (a digital-transformation plan
    whose Sở Thông tin và Truyền thông joined Sở Khoa học và Công nghệ): the 2025 forms, report
    and letters still came from the body that no longer existed, with no word to the clerk."""
    root = tmp_path / "tinh-vi-du"
    shutil.copytree(EXAMPLE, root)
    plan = root / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8")
    moved = text.replace('  noi_nhan: "SKHCN"', '  noi_nhan: "SNNPTNT"')
    moved = moved.replace('  co_quan_ban_hanh: "SKHCN"', '  co_quan_ban_hanh: "SNNPTNT"')
    assert moved.count("SNNPTNT") == text.count("SNNPTNT") + 2
    plan.write_text(moved, encoding="utf-8")
    workspace = load_workspace(root)
    form = forms.build_form(workspace, workspace.registry.agency("SCT"), 2025)
    guide = " ".join(str(c.value) for row in form.worksheets[0].iter_rows() for c in row if c.value)
    assert "Nông nghiệp và Môi trường" in guide and "Phát triển nông thôn" not in guide
    output = _fill_and_generate(root, tmp_path / "out")
    assert (
        "Cơ quan ban hành ghi trong «ke-hoach.yaml» (Sở Nông nghiệp và Phát triển nông thôn "
        "tỉnh Ví Dụ) kết thúc hoạt động ngày 28/02/2025: báo cáo và công văn do Sở Nông "
        "nghiệp và Môi trường tỉnh Ví Dụ, đơn vị tiếp nhận, ban hành."
    ) in " ".join(output.split())
    year = tmp_path / "out" / "2025"
    report = " ".join(_text(year / "bao-cao-tong-hop.docx").split())
    assert "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG Số:" in report and "/BC-SNNMT" in report
    assert "PHÁT TRIỂN NÔNG THÔN" not in report
    letters = sorted(path.stem for path in (year / "cong-van").glob("*.docx"))
    assert "SNNMT" not in letters and "SKHCN" in letters
    letter = _text(year / "cong-van" / "SCT.docx")
    assert "/SNNMT-SHTT" in letter and "Sở Nông nghiệp và Môi trường tỉnh Ví Dụ đề nghị" in letter


def test_a_letter_before_a_merger_is_decided_does_not_hand_over_its_tasks(tmp_path: Path):
    """A letter of December 2024 listed the next year's tasks of a department as «tiếp nhận
    từ» one that merged into it only in February 2025 (a tester's plan), while the same set
    told other agencies the merged department still led them."""
    from generator.consolidate import Consolidation, History, letter_tasks

    root = tmp_path / "tinh-vi-du"
    shutil.copytree(EXAMPLE, root)
    registry = root / "don-vi.yaml"
    text = registry.read_text(encoding="utf-8")
    absorbed = text.replace("    ke_nhiem: SNNMT\n", "    ke_nhiem: SCT\n", 1)
    assert absorbed != text
    registry.write_text(absorbed, encoding="utf-8")
    workspace = load_workspace(root)
    sct = workspace.registry.agency("SCT")
    inherited = [a for a in workspace.tasks_of("SCT", 2025) if a.inherited_from]
    assert inherited  # SCT takes over SNNPTNT's tasks in 2025
    before = Consolidation(workspace, 2024, [], [], {}, History(), signing_date=date(2024, 12, 20))
    tasks, year, _ = letter_tasks(before, sct)
    assert year == 2025 and not any(a.inherited_from for a in tasks)
    after = dataclasses.replace(before, signing_date=date(2025, 3, 5))
    assert [a for a in letter_tasks(after, sct)[0] if a.inherited_from] == inherited


def test_the_header_says_the_province_once(example: Workspace) -> None:
    """«UBND TỈNH VÍ DỤ / SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH VÍ DỤ»: the registry's full name
    repeated the parent's place; the decree's examples give the body under its parent."""
    from generator.consolidate import Consolidation, History, report_context

    c = Consolidation(example, 2025, [], [], {}, History())
    header = report_context(c).header
    assert header.parent_body == "UBND TỈNH VÍ DỤ"
    assert " ".join(header.issuing_body.split()) == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert example.registry.agency("SKHCN").name.endswith("tỉnh Ví Dụ")  # the body's own name


def test_letters_without_a_reply_period_are_told_to_the_clerk(tmp_path: Path) -> None:
    """With no «han_tra_loi_cong_van» a letter asked a missing report «về Sở … để tổng hợp»
    with no date, and nothing said (a tester's plan); don-doc stops in the same case."""
    root = tmp_path / "tinh-vi-du"
    shutil.copytree(EXAMPLE, root)
    plan = root / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index("  han_tra_loi_cong_van:")
    end = text.index("\n  ", text.index("so_ngay", start)) + 1
    plan.write_text(text[:start] + text[end:], encoding="utf-8")
    output = " ".join(_fill_and_generate(root, tmp_path / "out").split())
    assert (
        "Dữ liệu kế hoạch chưa ghi thời hạn trả lời công văn (mục van_ban_dau_ra, "
        "han_tra_loi_cong_van, ví dụ so_ngay: 15) nên công văn đề nghị gửi báo cáo còn thiếu "
        "không ghi hạn"
    ) in output


def test_a_milestone_passed_is_not_asked_again(example: Workspace) -> None:
    """«ít nhất 10 nhãn hiệu đến năm 2025» is judged in 2025: the 2026 forms still asked
    every agency its figure, which nothing reads (a tester's plan)."""
    agency = example.registry.agency("SKHCN")

    def codes(year: int) -> list[str]:
        sheet = forms.build_form(example, agency, year)["Chỉ tiêu"]
        return [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]

    assert "CT-NH" in codes(2025)
    assert "CT-NH" not in codes(2026) and "CT-SC" in codes(2026)


def test_a_milestone_judged_on_incomplete_figures_is_not_concluded_a_year_later(tmp_path: Path):
    """«ít nhất 30 nhãn hiệu đến năm 2025» with four agencies asked its figure missing in
    2025 was «Chưa đủ số liệu» in 2025, then «Chưa đạt» in 2026 on the very same figures (a
    tester's plan). The missing agencies of the milestone's year are carried over."""
    root = tmp_path / "tinh-vi-du"
    shutil.copytree(EXAMPLE, root)
    plan = root / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8").replace("ít nhất 10 nhãn hiệu", "ít nhất 30 nhãn hiệu")
    plan.write_text(text.replace("        toi_thieu: 10\n", "        toi_thieu: 30\n", 1), "utf-8")
    workspace = load_workspace(root)
    for year in (2024, 2025, 2026):
        for code, measures in BATCH_FIGURES.items():
            asked = {k: v for k, v in measures.items() if year < 2026 or k != "CT-NH"}
            form = forms.build_form(workspace, workspace.registry.agency(code), year)
            filled = fill(form, measures=asked, report_date=date(year, 11, 20))
            save(filled, root / str(year) / f"{code}.xlsx")
    arguments = ["generate", "--inputs", str(root), "--year", "2026"]
    arguments += ["--templates", str(TEMPLATES), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    document = Document(str(tmp_path / "out" / "2026" / "bao-cao-tong-hop.docx"))
    [row] = [
        [cell.text for cell in r.cells]
        for table in document.tables
        for r in table.rows
        if r.cells[1].text.startswith("Số nhãn hiệu") and "(đến năm 2025)" in r.cells[2].text
    ]
    assert row[-1] == "Chưa đủ số liệu"
    report = " ".join(p.text for p in document.paragraphs)
    assert (
        "số nhãn hiệu được cấp văn bằng bảo hộ chưa đủ số liệu để đánh giá năm 2025 (4 cơ" in report
    )
