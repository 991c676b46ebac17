"""Consolidation rules, without any workbook: judgements, totals, history, contexts."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from generator.consolidate import (
    History,
    Outcome,
    Standing,
    consolidate,
    judge,
    letter_context,
    load_history,
    reminder_context,
    report_context,
)
from generator.data.plan import Measure
from generator.data.workspace import Role, load_workspace
from generator.errors import DataError, DataErrors

REPO = Path(__file__).resolve().parents[1]
WORKSPACE = load_workspace(REPO / "inputs")


def measure(scope: str, low: int = 2, high: int = 4) -> Measure:
    return Measure.model_validate(
        {
            "ma": "CT-X",
            "ten": "Số thử",
            "don_vi_tinh": "đơn",
            "toi_thieu": low,
            "toi_da": high,
            "pham_vi": scope,
        }
    )


@pytest.mark.parametrize(
    ("total", "expected"),
    [(1, Outcome.NOT_MET), (2, Outcome.MET), (4, Outcome.MET), (5, Outcome.EXCEEDED)],
)
def test_per_year_measures_are_judged_on_the_year(total: int, expected: Outcome):
    for final in (False, True):
        result = judge(measure("nam"), total, 100, final)
        assert result.outcome is expected
        assert result.judgement == expected.value


@pytest.mark.parametrize(
    ("cumulative", "final", "text"),
    [
        (1, True, "Chưa đạt"),
        (3, True, "Đạt"),
        (9, True, "Vượt"),
        (0, False, "Đang thực hiện (đạt 0% mức tối thiểu)"),
        (1, False, "Đang thực hiện (đạt 50% mức tối thiểu)"),
        (2, False, "Đã đạt"),
        (5, False, "Đã vượt"),
    ],
)
def test_period_measures_are_judged_on_the_cumulative_total(cumulative, final, text):
    result = judge(measure("giai-doan"), 0, cumulative, final)
    assert result.judgement == text
    assert result.not_met is (text == "Chưa đạt")


def test_percent_is_written_the_vietnamese_way():
    assert judge(measure("giai-doan", 3, 5), 0, 1, False).judgement == (
        "Đang thực hiện (đạt 33% mức tối thiểu)"
    )


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


def test_report_context_groups_results_by_area_and_formats_money():
    c = consolidate(WORKSPACE, 2024, _submissions(2024), _history())
    report = report_context(c)
    assert report.subject == (
        "Kết quả thực hiện Kế hoạch số 65/KH-UBND ngày 14/3/2021 của UBND tỉnh Sơn La năm 2024"
    )
    assert [a.title.split(".")[0] for a in report.areas][:9] == [str(n) for n in range(1, 10)]
    first_area = {t.code: t.areas[0] for t in WORKSPACE.plan.tasks if t.areas}
    area_one = "\n".join(report.areas[0].paragraphs)
    expected = [code for code, area in first_area.items() if area == "III.1"]
    assert expected and all(f"iệc {code}; dòng hai" in area_one for code in expected)
    assert report.header.number_line == "Số:      /BC-SKHCN"
    assert report.header.place_date == "Sơn La, ngày      tháng 11 năm 2024"
    assert report.header.document_date == date(2024, 11, 10)
    assert report.header.recipients[-1] == "- Lưu: VT, QLCN."
    assert all(r.endswith(";") for r in report.header.recipients[:-1])
    assert report.funding_total == f"{c.funding_total:,}".replace(",", ".")
    assert report.funding_total_words.endswith("đồng") and report.funding_total_words[0].isupper()
    assert report.period_summary == []
    assert any("Thiếu kinh phí" in p for p in report.difficulties)
    statuses = {row.status for row in report.appendix}
    assert statuses == {"Đúng hạn", "Trễ hạn", "Chưa nộp"}


def test_letter_context_lists_next_years_tasks_verbatim():
    c = consolidate(WORKSPACE, 2024, _submissions(2024), _history())
    summary = next(s for s in c.agencies if s.agency.code == "SCT")
    letter = letter_context(c, summary)
    held = WORKSPACE.tasks_of("SCT", 2025)
    assert [t.code for t in letter.lead_tasks] == [a.task.code for a in held if a.role is Role.LEAD]
    assert [t.text for t in letter.partner_tasks] == [
        a.task.text for a in held if a.role is Role.PARTNER
    ]
    assert letter.subject_line == "V/v triển khai nhiệm vụ năm 2025 theo Kế hoạch số 65/KH-UBND"
    assert letter.header.recipients == ["- Như trên;", "- Lãnh đạo Sở;", "- Lưu: VT, QLCN."]
    assert not letter.final_review


def test_an_agency_merging_away_is_told_who_takes_over():
    c = consolidate(WORKSPACE, 2024, _submissions(2024), _history())
    summary = next(s for s in c.agencies if s.agency.code == "STNMT")
    letter = letter_context(c, summary)
    assert "Sở Nông nghiệp và Môi trường" in " ".join(letter.closing)
    held = WORKSPACE.tasks_of("STNMT", 2024)
    assert [t.code for t in letter.lead_tasks + letter.partner_tasks] == [
        a.task.code for a in held if a.role is Role.LEAD
    ] + [a.task.code for a in held if a.role is Role.PARTNER]


def test_final_year_letters_review_the_period_with_inherited_tasks():
    c = consolidate(WORKSPACE, 2025, _submissions(2025), _history(), {2024: {}})
    summary = next(s for s in c.agencies if s.agency.code == "SNNMT")
    letter = letter_context(c, summary)
    assert letter.final_review
    inherited = {t.inherited_from for t in letter.lead_tasks + letter.partner_tasks}
    assert "Sở Nông nghiệp và Phát triển nông thôn" in inherited
    report = report_context(c)
    assert (
        report.period_summary
        and "là năm cuối thực hiện Kế hoạch số 65/KH-UBND" in report.period_summary[0]
    )
    assert "tổng kết giai đoạn 2021-2025" in report.subject


def test_reminders_differ_for_missing_and_late():
    c = consolidate(WORKSPACE, 2024, _submissions(2024), _history())
    missing = reminder_context(c, c.missing[0])
    late = reminder_context(c, c.late[0])
    assert "chưa nhận được báo cáo" in " ".join(missing.paragraphs)
    assert "12/11/2024" in " ".join(late.paragraphs)
    assert missing.subject_line.startswith("V/v đôn đốc")
    assert c.issuer.code not in {s.agency.code for s in c.letter_recipients}


def test_workspace_copy_with_history_missing_year_is_refused(tmp_path: Path):
    shutil.copy(REPO / "inputs" / "so-lieu-cac-nam-truoc.yaml", tmp_path / "h.yaml")
    history = load_history(tmp_path / "h.yaml", WORKSPACE.plan)
    with pytest.raises(DataError, match="2024"):
        consolidate(WORKSPACE, 2025, [], history)


def test_local_governments_are_summed_up_per_area_not_quoted_one_by_one():
    earlier = {2024: {m.code: 0 for m in WORKSPACE.plan.measures}}
    c = consolidate(WORKSPACE, 2025, _submissions(2025), _history(), earlier)
    report = report_context(c)
    communes = [s for s in c.reported if s.agency.kind == "ubnd-xa"]
    assert len(communes) > 70
    text = "\n".join(p for area in report.areas for p in area.paragraphs)
    assert not any(p.startswith("Ủy ban nhân dân xã") for a in report.areas for p in a.paragraphs)
    local = [
        p for a in report.areas for p in a.paragraphs if p.startswith("Ủy ban nhân dân các xã")
    ]
    assert local, text
    # Every commune reports IV.8.a; its area is III.1: one paragraph counts all of them.
    area_one = next(p for p in report.areas[0].paragraphs if p.startswith("Ủy ban nhân dân các xã"))
    assert f"{len(communes)} đơn vị báo cáo" in area_one
    assert "Một số kết quả tiêu biểu: UBND " in area_one
    assert area_one.endswith("Kết quả của từng đơn vị tại Bảng tổng hợp kèm theo.")
    provincial = [s for s in c.reported if s.agency.kind not in ("ubnd-xa", "ubnd-huyen")]
    assert all(
        any(p.startswith(f"{s.agency.name}: ") for p in report.areas[0].paragraphs)
        for s in provincial
        if any(t.code == "IV.8.a" for t in s.report.tasks)
    )


def test_a_difficulty_shared_by_many_agencies_is_quoted_once_naming_them():
    subs = _submissions(2025)
    for sub in subs[:12]:
        sub.report.difficulties = "Thiếu cán bộ chuyên trách."
    earlier = {2024: {m.code: 0 for m in WORKSPACE.plan.measures}}
    report = report_context(consolidate(WORKSPACE, 2025, subs, _history(), earlier))
    shared = [p for p in report.difficulties if p.endswith(": Thiếu cán bộ chuyên trách.")]
    assert len(shared) == 1
    names = shared[0].removesuffix(": Thiếu cán bộ chuyên trách.")
    local = [s.agency for s in subs[:12] if s.agency.kind == "ubnd-xa"]
    provincial = [s.agency for s in subs[:12] if s.agency.kind != "ubnd-xa"]
    assert all(a.name in names for a in provincial)
    if len(local) > 3:
        assert f"và {len(local) - 3} đơn vị cấp cơ sở khác" in names


def test_a_partner_is_told_who_leads_the_task_that_year():
    earlier = {2024: {m.code: 0 for m in WORKSPACE.plan.measures}}
    c = consolidate(WORKSPACE, 2025, _submissions(2025), _history(), earlier)
    summary = next(s for s in c.agencies if s.agency.code == "SCT")
    letter = letter_context(c, summary)
    partner = {t.code: t for t in letter.partner_tasks}
    assert partner["IV.1.a"].lead == "Sở Khoa học và Công nghệ"
    assert partner["IV.7.1"].lead == "Chi cục Quản lý thị trường tỉnh Sơn La"
    assert all(t.lead == "" for t in letter.lead_tasks)


def test_results_are_quoted_once_in_lower_case_after_the_first_with_status_only_if_unsaid():
    from generator.consolidate import _agency_paragraphs, _Result

    agency = WORKSPACE.registry.agency("SCT")
    results = [
        _Result(agency, "Đã hướng dẫn 1 tổ chức", "Đã hoàn thành"),
        _Result(agency, "Chưa triển khai do thiếu kinh phí", "Chưa thực hiện"),
        _Result(agency, "chưa triển khai do thiếu kinh phí", "Chưa thực hiện"),
        _Result(agency, "Đang khảo sát sản phẩm", "Đang thực hiện"),
        _Result(agency, "Xây dựng dự thảo kế hoạch", "Đang thực hiện"),
    ]
    assert _agency_paragraphs(results) == [
        "Sở Công Thương: Đã hướng dẫn 1 tổ chức; chưa triển khai do thiếu kinh phí; đang khảo "
        "sát sản phẩm; xây dựng dự thảo kế hoạch (đang thực hiện)."
    ]


def test_letter_counts_leave_out_zeros_and_zero_funding_is_said_plainly():
    earlier = {2024: {m.code: 0 for m in WORKSPACE.plan.measures}}
    subs = _submissions(2025)
    sub = next(s for s in subs if s.agency.code == "SNV")
    for task in sub.report.tasks:
        task.status, task.funding = "Chưa thực hiện", 0
    c = consolidate(WORKSPACE, 2025, subs, _history(), earlier)
    summary = next(s for s in c.agencies if s.agency.code == "SNV")
    text = " ".join(letter_context(c, summary).reported)
    assert f"Cả {len(sub.report.tasks)} nhiệm vụ được giao đều chưa thực hiện." in text
    assert " 0 nhiệm vụ" not in text
    assert "Trong năm, quý cơ quan không sử dụng kinh phí thực hiện Kế hoạch." in text


def test_commune_letters_say_district_tasks_are_theirs_now():
    earlier = {2024: {m.code: 0 for m in WORKSPACE.plan.measures}}
    c = consolidate(WORKSPACE, 2025, _submissions(2025), _history(), earlier)
    commune = next(s for s in c.agencies if s.agency.kind == "ubnd-xa")
    intro = letter_context(c, commune).intro
    assert "do Ủy ban nhân dân các xã, phường thực hiện kể từ ngày 01/7/2025" in intro[-1]
    department = next(s for s in c.agencies if s.agency.code == "SCT")
    assert len(letter_context(c, department).intro) == 1


def test_appendix_names_the_report_it_goes_with():
    report = report_context(consolidate(WORKSPACE, 2024, _submissions(2024), _history()))
    assert report.appendix_reference == (
        "(Kèm theo Báo cáo số      /BC-SKHCN ngày      tháng 11 năm 2024 "
        "của Sở Khoa học và Công nghệ)"
    )
