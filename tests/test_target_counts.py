"""One count of the targets reached, the same in the report and in the Sở's draft: a target
still under way, or a per-year target missed in an earlier year, is not «đạt»."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from conftest import REPO, sample_consolidation
from docx import Document

from generator.consolidate import Consolidation, MeasureResult, report_context
from generator.documents.assessment_draft import draft_sections
from generator.documents.render import CompiledTemplate
from generator.targets import Outcome, ValueKind


def _report_text(c: Consolidation) -> str:
    template = CompiledTemplate.load(REPO / "templates" / "bao-cao-tong-hop.docx")
    document = Document(io.BytesIO(template.render(report_context(c))))
    return "\n".join(p.text for p in document.paragraphs)


def _with(result: MeasureResult, **facts: object) -> MeasureResult:
    return replace(result, facts=replace(result.facts, **facts))


@pytest.fixture(scope="module")
def mixed_2024() -> Consolidation:
    """2024 with one target not met, one under way, and the sample's per-year target that
    was missed in 2022 (met in 2024)."""
    c = sample_consolidation(2024)
    missed = [r for r in c.measures if r.missed_years]
    assert missed and missed[0].outcome.achieved, "the sample misses a per-year target in 2022"
    others = [r for r in c.measures if not r.missed_years and r.outcome.achieved]
    assert len(others) >= 2
    changed = {
        id(others[0]): _with(others[0], outcome=Outcome.NOT_MET),
        id(others[1]): _with(others[1], outcome=Outcome.IN_PROGRESS),
    }
    return replace(c, measures=[changed.get(id(r), r) for r in c.measures])


def test_the_report_and_the_draft_count_the_same_targets_reached(mixed_2024):
    expected = sum(1 for r in mixed_2024.measures if r.outcome.achieved and not r.missed_years)
    total = len(mixed_2024.measures)
    assert expected <= total - 3
    report = _report_text(mixed_2024)
    [said] = re.findall(r"Đánh giá đến năm 2024: (\d+)/(\d+) chỉ tiêu đạt", report)
    assert said == (str(expected), str(total))
    overview = draft_sections(mixed_2024)["danh_gia_chung"][2].text
    assert overview.startswith(f"Có {expected}/{total} chỉ tiêu của Kế hoạch đạt hoặc vượt mức")


def test_a_target_missed_earlier_is_not_listed_among_those_reached(mixed_2024):
    missed = next(r for r in mixed_2024.measures if r.missed_years)
    sections = draft_sections(mixed_2024)
    reached = " ".join(p.text for p in sections["uu_diem"])
    assert missed.measure.name not in reached
    shortcomings = [p.text for p in sections["ton_tai"]]
    [line] = [t for t in shortcomings if t.startswith(f"- {missed.measure.name}:")]
    years = ", ".join(map(str, missed.missed_years))
    assert line.endswith(
        f"; năm {years} chưa đạt mức Kế hoạch nên chỉ tiêu không thể đạt cho cả giai đoạn."
    )
    # among the targets not met, as the report says: not «still under way»
    unmet = shortcomings.index("Các chỉ tiêu chưa đạt mức Kế hoạch:")
    pending = "Các chỉ tiêu chưa đến năm đánh giá cuối cùng, đang tiếp tục thực hiện:"
    after = shortcomings.index(pending) if pending in shortcomings else len(shortcomings)
    assert unmet < shortcomings.index(line) < after


def test_a_target_with_only_a_maximum_is_said_to_go_over_it():
    context = report_context(sample_consolidation(2024))
    missed = [i for i, t in enumerate(context.targets) if t.missed_years]
    assert missed
    targets = list(context.targets)
    for i in missed:
        targets[i] = targets[i].model_copy(update={"maximum_only": True})
    template = CompiledTemplate.load(REPO / "templates" / "bao-cao-tong-hop.docx")
    rendered = template.render(context.model_copy(update={"targets": targets}))
    report = "\n".join(p.text for p in Document(io.BytesIO(rendered)).paragraphs)
    assert "đã vượt mức tối đa của năm 2022" in report
    assert "không đạt mức tối thiểu" not in report


def test_a_percentage_is_not_followed_by_its_unit_again():
    c = sample_consolidation(2025)
    first = c.measures[0]
    percent = replace(
        first,
        facts=replace(
            first.facts,
            kind=ValueKind.PERCENT,
            cumulative=Decimal("46.67"),
            outcome=Outcome.NOT_MET,
            measure=first.measure.model_copy(update={"unit": "%"}),
        ),
    )
    sections = draft_sections(replace(c, measures=[percent, *c.measures[1:]]))
    text = " ".join(p.text for p in sections["ton_tai"])
    assert "năm 2025 đạt 46,67% (Kế hoạch:" in text
    assert "% %" not in text


def test_the_report_names_the_titles_that_lack_the_dates_of_their_term():
    """A renewal list silent on titles with no dates reads as complete; the register's known
    titles without numbers or dates (published lists) are among them, named one by one."""
    c = sample_consolidation(2025)
    terms = {kind.code: kind.term for kind in c.plan.ip.kinds}
    granted = [a for a in c.register.assets if terms.get(a.kind) and a.granted_on]
    undated = [a for a in granted if a.filed_on is None and terms[a.kind].anchor == "ngay-nop-don"]
    known = [a for a in c.register.assets if terms.get(a.kind) and not a.application_number]
    known = [a for a in known if not a.title_number and not a.granted_on]
    assert undated and known
    names = {a.name for a in c.undated_titles}
    assert {a.name for a in undated + known} == names
    pending = [a for a in c.register.assets if a.application_number and not a.granted_on]
    assert pending and not names & {a.name for a in pending}
    report = _report_text(c)
    # the report to the province says what the Sở is doing about them, by kind, not the list
    by_kind = {}
    for asset in c.undated_titles:
        kind = c.plan.ip.kind(asset.kind).name
        by_kind[kind] = by_kind.get(kind, 0) + 1
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(by_kind.items()))
    assert (
        f"Sở Khoa học và Công nghệ đang rà soát, bổ sung ngày nộp đơn, ngày cấp của {len(names)} "
        f"văn bằng ({counts}) để theo dõi thời hạn duy trì hiệu lực."
    ) in report
    assert "Chè Tà Xùa Bắc Yên" not in report and "cần tra cứu" not in report


def test_an_area_gives_the_activity_totals_the_agencies_gave_zero_included():
    """«0 cuộc kiểm tra» is news for an area of enforcement; a figure no agency gave is not
    written as 0 (a number is never guessed)."""
    from generator.consolidate import _activity_totals

    c = sample_consolidation(2025)
    given = [
        f.value
        for s in c.reported
        for f in s.report.activities
        if f.code == "HD-KIEM-TRA" and f.value is not None
    ]
    assert sum(given) == 4  # the market-surveillance unit's checks
    enforcement = {t.name: t.value for t in _activity_totals(c)["III.3"]}
    assert enforcement["Số cuộc thanh tra, kiểm tra về sở hữu trí tuệ"] == 4

    def checks(summary, keep):
        report = summary.report
        if report is None:
            return summary
        kept = [
            replace(f, value=0) if f.code == "HD-KIEM-TRA" else f
            for f in report.activities
            if keep or f.code != "HD-KIEM-TRA"
        ]
        return replace(summary, report=replace(report, activities=kept))

    zero = replace(c, agencies=[checks(s, keep=True) for s in c.agencies])
    # said as the plan words it (cach_ghi), not as the form's label «Số cuộc …: 0 cuộc»
    assert (
        "Theo số liệu các cơ quan, đơn vị báo cáo, trong năm tiến hành 0 cuộc thanh tra, kiểm "
        "tra về sở hữu trí tuệ; xử lý 1 vụ vi phạm"
    ) in _report_text(zero)
    silent = replace(c, agencies=[checks(s, keep=False) for s in c.agencies])
    names = [t.name for t in _activity_totals(silent)["III.3"]]
    assert "Số cuộc thanh tra, kiểm tra về sở hữu trí tuệ" not in names


def test_the_report_cites_the_signed_reports_the_earlier_figures_come_from(tmp_path):
    """«lấy theo báo cáo tổng hợp đã ban hành của năm đó» named no report: the history file
    may now give each year's signed report, and the report cites it."""
    import shutil

    import yaml

    from generator.batch import consolidate_inputs
    from generator.data.workspace import load_workspace
    from generator.errors import DataErrors

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    path = inputs / "so-lieu-cac-nam-truoc.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["bao_cao"] = {2021: "Báo cáo số 245/BC-SKHCN ngày 25/11/2021"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    c, _ = consolidate_inputs(load_workspace(inputs), 2025, inputs)
    text = _report_text(c)
    # The cited report is 2021's only: the other years are not said to come from it.
    assert (
        "Số liệu năm 2021 lấy theo báo cáo tổng hợp đã ban hành của năm đó "
        "(Báo cáo số 245/BC-SKHCN ngày 25/11/2021)."
    ) in text
    assert "Số liệu năm 2022, 2023 lấy theo báo cáo tổng hợp đã ban hành của từng năm." in text
    data["bao_cao"] = {2019: "Báo cáo số 1/BC-SKHCN ngày 01/12/2019"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataErrors, match="năm 2019 có báo cáo nhưng không có số liệu"):
        consolidate_inputs(load_workspace(inputs), 2025, inputs)


def test_a_title_of_an_earlier_year_first_reported_later_is_said_to_be_added(tmp_path):
    """A 2025 form lists a trademark granted on 15/10/2024: the 2024 figure grows past what
    the 2024 report could say, and the report says where the difference comes from."""
    import shutil
    from datetime import date

    from openpyxl import load_workbook

    from generator.batch import consolidate_inputs
    from generator.data.workspace import load_workspace

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    before = consolidate_inputs(load_workspace(inputs), 2025, inputs)[0]
    assert report_context(before).added_later == []
    book = load_workbook(inputs / "2025" / "SCT.xlsx")
    sheet = book["Tài sản trí tuệ"]
    row = sheet.max_row + 1
    values = (
        "4-2023-07777",
        "nhãn hiệu",
        "Rượu ngô Sơn La",
        "rượu ngô",
        "Hợp tác xã Rượu ngô",
        date(2023, 3, 1),
        "498765",
        date(2024, 10, 15),
        "hướng dẫn lập hồ sơ",
        None,
    )
    for column, value in enumerate(values, start=1):
        sheet.cell(row, column, value)
    book.save(inputs / "2025" / "SCT.xlsx")
    after = consolidate_inputs(load_workspace(inputs), 2025, inputs)[0]
    assert [(a.year, a.count) for a in report_context(after).added_later] == [(2024, 1)]
    assert (
        "Số liệu năm 2024 gồm cả 1 đơn, văn bằng của năm 2024 được các cơ quan, đơn vị báo cáo "
        "bổ sung trong phiếu các năm sau."
    ) in _report_text(after)


def test_an_activity_the_plan_does_not_word_is_said_by_its_label(tmp_path):
    """Without «cach_ghi» the figure follows its name; a wording without «{so}» is refused."""
    import shutil

    import yaml

    from generator.batch import consolidate_inputs
    from generator.data.workspace import load_workspace
    from generator.errors import DataErrors

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    path = inputs / "ke-hoach.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for indicator in data["tai_san_tri_tue"]["chi_so_hoat_dong"]:
        indicator.pop("cach_ghi")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    c, _ = consolidate_inputs(load_workspace(inputs), 2025, inputs)
    assert (
        "trong năm số cuộc thanh tra, kiểm tra về sở hữu trí tuệ là 4 cuộc; số vụ vi phạm"
    ) in _report_text(c)
    data["tai_san_tri_tue"]["chi_so_hoat_dong"][0]["cach_ghi"] = "tổ chức các lớp tập huấn"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataErrors, match="cach_ghi phải có đúng một chỗ «\\{so\\}»"):
        load_workspace(inputs)
