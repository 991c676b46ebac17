"""The judgement of the plan's measures (generator/targets.py): each rule, and the failures
seen when a second province's plan was run (issue 11)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.data.plan import Measure, Period, Plan, Target, load_plan
from generator.data.registry import load_registry
from generator.targets import (
    Outcome,
    Ratio,
    ValueKind,
    judge_measure,
    judge_targets,
    quantity_totals,
)

INPUTS = Path(__file__).resolve().parents[1] / "inputs"


@pytest.fixture(scope="module")
def son_la() -> Plan:
    return load_plan(INPUTS / "ke-hoach.yaml", load_registry(INPUTS / "don-vi.yaml"))


def plan_with(son_la: Plan, *measures: dict, first: int = 2021, last: int = 2025) -> Plan:
    target = Target.model_validate(
        {"ma": "II.2.a", "muc": "a", "noi_dung": "Mục tiêu.", "chi_tieu": list(measures)}
    )
    period = Period.model_validate({"tu_nam": first, "den_nam": last})
    return son_la.model_copy(update={"targets": [target], "period": period})


def count(code: str = "CT", **levels: object) -> dict:
    return {"ma": code, "ten": "Số nhãn hiệu", "don_vi_tinh": "nhãn hiệu", **levels}


def percent(**levels: object) -> dict:
    return {
        "ma": "CT-TL",
        "ten": "Tỷ lệ sản phẩm chủ lực được hỗ trợ",
        "loai": "ty-le",
        "tu_so": {"ma": "CT-TL-TU", "ten": "Số sản phẩm được hỗ trợ", "don_vi_tinh": "sản phẩm"},
        "mau_so": {"ma": "CT-TL-MAU", "ten": "Số sản phẩm chủ lực", "don_vi_tinh": "sản phẩm"},
        **levels,
    }


def only(plan: Plan, year: int, yearly: dict) -> object:
    [judgement] = judge_targets(plan, year, yearly)
    return judgement


# --- milestones ------------------------------------------------------------------------


def test_milestone_missed_at_its_due_year_is_not_met_and_final(son_la: Plan) -> None:
    plan = plan_with(son_la, count(toi_thieu=10, pham_vi="giai-doan", han_nam=2025), last=2030)
    yearly = {y: {"CT": 2} for y in range(2021, 2026)}  # 10 would be met; 8 is 80%
    yearly[2023] = {"CT": 0}
    judgement = only(plan, 2025, yearly)
    assert judgement.outcome is Outcome.NOT_MET
    assert judgement.final and judgement.due_year == 2025
    assert judgement.cumulative == 8
    assert judgement.percent_of_minimum is None


def test_milestone_stays_judged_as_of_its_due_year(son_la: Plan) -> None:
    plan = plan_with(son_la, count(toi_thieu=10, pham_vi="giai-doan", han_nam=2025), last=2030)
    yearly = {y: {"CT": 2} for y in range(2021, 2028)}
    yearly[2023] = {"CT": 0}
    judgement = only(plan, 2027, yearly)  # 12 by 2027, but 8 by 2025
    assert (judgement.outcome, judgement.final, judgement.judged_year) == (
        Outcome.NOT_MET,
        True,
        2025,
    )
    assert judgement.cumulative == 8
    assert judgement.year_value == 2
    assert [v.year for v in judgement.per_year] == list(range(2021, 2028))


def test_before_its_due_year_a_period_measure_is_in_progress_with_its_share(son_la: Plan) -> None:
    plan = plan_with(son_la, count(toi_thieu=5, toi_da=10, pham_vi="giai-doan"))
    judgement = only(plan, 2023, {2021: {"CT": 1}, 2022: {"CT": 2}, 2023: {"CT": 1}})
    assert judgement.outcome is Outcome.IN_PROGRESS
    assert not judgement.final
    assert judgement.percent_of_minimum == Decimal(80)
    assert judgement.cumulative == 4 and judgement.year_value == 1


def test_reached_or_exceeded_early_then_final(son_la: Plan) -> None:
    plan = plan_with(son_la, count(toi_thieu=5, toi_da=10, pham_vi="giai-doan"))
    assert only(plan, 2022, {2021: {"CT": 3}, 2022: {"CT": 3}}).outcome is Outcome.REACHED_EARLY
    assert only(plan, 2022, {2021: {"CT": 9}, 2022: {"CT": 3}}).outcome is Outcome.EXCEEDED_EARLY
    final = only(plan, 2025, {y: {"CT": 3} for y in range(2021, 2026)})
    assert (final.outcome, final.final, final.cumulative) == (Outcome.EXCEEDED, True, 15)


# --- per-year measures -----------------------------------------------------------------


def test_per_year_measure_met_in_four_of_five_years_is_not_met_for_the_period(
    son_la: Plan,
) -> None:
    plan = plan_with(son_la, count(toi_thieu=1, toi_da=2, pham_vi="nam"))
    yearly = {2021: {"CT": 1}, 2022: {"CT": 0}, 2023: {"CT": 2}, 2024: {"CT": 1}, 2025: {"CT": 2}}
    judgement = only(plan, 2025, yearly)
    assert judgement.outcome is Outcome.NOT_MET
    assert (judgement.years_met, judgement.years_counted) == (4, 5)
    assert [v.met for v in judgement.per_year] == [True, False, True, True, True]
    assert judgement.year_value == 2  # the last year alone would be "met"


def test_per_year_measure_before_the_end_is_judged_on_its_year(son_la: Plan) -> None:
    plan = plan_with(son_la, count(toi_thieu=1, toi_da=2, pham_vi="nam"))
    judgement = only(plan, 2023, {2021: {"CT": 0}, 2022: {"CT": 5}, 2023: {"CT": 1}})
    assert (judgement.outcome, judgement.final) == (Outcome.MET, False)
    assert (judgement.years_met, judgement.years_counted) == (2, 3)


def test_per_year_measure_met_every_year_and_a_missing_year_counts_as_not_met(
    son_la: Plan,
) -> None:
    plan = plan_with(son_la, count(toi_thieu=1, toi_da=2, pham_vi="nam"))
    every = {y: {"CT": 2} for y in range(2021, 2026)}
    assert only(plan, 2025, every).outcome is Outcome.MET
    assert only(plan, 2025, {y: {"CT": 3} for y in range(2021, 2026)}).outcome is Outcome.EXCEEDED
    del every[2022]
    judgement = only(plan, 2025, every)
    assert judgement.outcome is Outcome.NOT_MET
    assert judgement.per_year[1].value is None and judgement.per_year[1].met is False


# --- levels ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "value", "outcome"),
    [
        ({"toi_thieu": 5}, 4, Outcome.NOT_MET),
        ({"toi_thieu": 5}, 5, Outcome.MET),
        ({"toi_thieu": 5}, 8, Outcome.EXCEEDED),
        ({"toi_da": 3}, 3, Outcome.MET),
        ({"toi_da": 3}, 4, Outcome.NOT_MET),
        ({"bang": 5}, 5, Outcome.MET),
        ({"bang": 5}, 4, Outcome.NOT_MET),
        ({"bang": 5}, 6, Outcome.EXCEEDED),
        ({"toi_thieu": 1, "toi_da": 2}, 3, Outcome.EXCEEDED),
    ],
)
def test_final_judgement_against_each_kind_of_level(
    son_la: Plan, levels: dict, value: int, outcome: Outcome
) -> None:
    plan = plan_with(son_la, count(pham_vi="giai-doan", **levels))
    yearly = {y: {"CT": 0} for y in range(2021, 2025)} | {2025: {"CT": value}}
    assert only(plan, 2025, yearly).outcome is outcome


def test_maximum_only_is_never_reached_early(son_la: Plan) -> None:
    plan = plan_with(son_la, count(toi_da=3, pham_vi="giai-doan"))
    assert only(plan, 2022, {2021: {"CT": 1}, 2022: {"CT": 1}}).outcome is Outcome.IN_PROGRESS
    assert only(plan, 2022, {2021: {"CT": 3}, 2022: {"CT": 1}}).outcome is Outcome.NOT_MET


# --- percentages and money -------------------------------------------------------------


def test_percentage_is_summed_numerators_over_summed_denominators(son_la: Plan) -> None:
    """Four agencies each reporting ~30% must not add up to 118%."""
    plan = plan_with(son_la, percent(toi_thieu=30, pham_vi="nam"))
    # Summed over agencies by the caller: 4 + 6 + 3 + 12 = 25 of 10 + 20 + 10 + 40 = 80.
    yearly = {2021: {"CT-TL-TU": 25, "CT-TL-MAU": 80}}
    judgement = only(plan, 2021, yearly)
    assert judgement.kind is ValueKind.PERCENT
    assert judgement.year_value == Decimal("31.25")
    assert judgement.year_ratio == Ratio(25, 80)
    assert judgement.outcome is Outcome.EXCEEDED


def test_cumulative_percentage_over_the_years_and_no_denominator(son_la: Plan) -> None:
    plan = plan_with(son_la, percent(toi_thieu=30, pham_vi="giai-doan", cach_tinh="cong-don"))
    yearly = {2021: {"CT-TL-TU": 1, "CT-TL-MAU": 10}, 2022: {"CT-TL-TU": 2, "CT-TL-MAU": 0}}
    judgement = only(plan, 2022, yearly)
    assert judgement.year_value is None  # 2 of 0: no percentage
    assert judgement.cumulative_ratio == Ratio(3, 10)
    assert judgement.cumulative == Decimal("30.00")
    assert judgement.outcome is Outcome.REACHED_EARLY


# Places reached each year, of the same 30 places: 12, 16, then 26 in the due year.
STATE = {y: {"CT-TL-TU": n, "CT-TL-MAU": 30} for y, n in ((2023, 12), (2024, 16), (2025, 26))}


def test_a_period_percentage_is_by_default_the_judged_years_own(son_la: Plan) -> None:
    """«Đến năm 2025, ít nhất 80% khu, điểm …» is a state: 26 of 30 in 2025 is 86,67%, met;
    pooling the years (54 of 90, 60%) would call it missed."""
    plan = plan_with(son_la, percent(toi_thieu=80, pham_vi="giai-doan", han_nam=2025), first=2023)
    judgement = only(plan, 2025, STATE)
    assert judgement.cumulative_ratio == Ratio(26, 30)
    assert judgement.cumulative == Decimal("86.67")
    assert judgement.outcome is Outcome.EXCEEDED
    early = only(plan, 2024, STATE)
    assert early.cumulative == Decimal("53.33") and early.outcome is Outcome.IN_PROGRESS
    assert only(plan, 2025, {2023: STATE[2023]}).cumulative is None  # 2025 unknown: no value


def test_a_period_percentage_can_sum_its_numerators_or_both(son_la: Plan) -> None:
    summed = plan_with(
        son_la, percent(toi_thieu=80, pham_vi="giai-doan", cach_tinh="cong-don-tu-so")
    )
    supported = {2021: {"CT-TL-TU": 3, "CT-TL-MAU": 20}, 2022: {"CT-TL-TU": 5, "CT-TL-MAU": 10}}
    assert only(summed, 2022, supported).cumulative_ratio == Ratio(8, 10)
    pooled = plan_with(son_la, percent(toi_thieu=80, pham_vi="giai-doan", cach_tinh="cong-don"))
    assert only(pooled, 2022, supported).cumulative_ratio == Ratio(8, 30)


def test_only_a_percentage_says_how_it_is_taken(son_la: Plan) -> None:
    with pytest.raises(ValueError, match=r"chỉ chỉ tiêu tỷ lệ .* mới có cach_tinh"):
        plan_with(son_la, count(toi_thieu=1, pham_vi="giai-doan", cach_tinh="cong-don"))
    with pytest.raises(ValueError, match="cach_tinh"):
        plan_with(son_la, percent(toi_thieu=1, pham_vi="giai-doan", cach_tinh="trung-binh"))


def test_percentage_is_rounded_before_it_is_judged(son_la: Plan) -> None:
    plan = plan_with(son_la, percent(toi_thieu=Decimal("33.33"), pham_vi="nam"))
    judgement = only(plan, 2021, {2021: {"CT-TL-TU": 1, "CT-TL-MAU": 3}})
    assert judgement.year_value == Decimal("33.33")
    assert judgement.outcome is Outcome.MET


def test_money_adds_up(son_la: Plan) -> None:
    money = count(
        "CT-KP", loai="kinh-phi", don_vi_tinh="đồng", toi_thieu=500_000_000, pham_vi="giai-doan"
    )
    plan = plan_with(son_la, money)
    judgement = only(plan, 2022, {2021: {"CT-KP": 200_000_000}, 2022: {"CT-KP": 100_000_000}})
    assert judgement.kind is ValueKind.MONEY
    assert judgement.cumulative == 300_000_000
    assert judgement.percent_of_minimum == Decimal(60)


# --- the shipped plan ------------------------------------------------------------------


def test_son_la_2024_and_2025(son_la: Plan) -> None:
    yearly = {y: {m.code: 1 for m in son_la.measures} for y in range(2021, 2026)}
    mid = {j.measure.code: j for j in judge_targets(son_la, 2024, yearly)}
    assert mid["CT-DD"].outcome is Outcome.IN_PROGRESS  # 4 of 5 - 10
    assert mid["CT-DD"].percent_of_minimum == Decimal(80)
    assert mid["CT-B1"].outcome is Outcome.MET and not mid["CT-B1"].final
    end = {j.measure.code: j for j in judge_targets(son_la, 2025, yearly)}
    assert end["CT-DD"].outcome is Outcome.MET and end["CT-DD"].final
    assert end["CT-C1"].outcome is Outcome.NOT_MET  # 1 a year against 2 - 3 a year
    assert [j.measure.code for j in judge_targets(son_la, 2025, yearly)] == [
        m.code for m in son_la.measures
    ]


def test_a_year_outside_the_period_is_refused(son_la: Plan) -> None:
    with pytest.raises(ValueError):
        judge_measure(son_la, son_la.measures[0], 2030, {})


def test_measure_model_is_what_the_judgement_holds(son_la: Plan) -> None:
    plan = plan_with(son_la, count(toi_thieu=5, pham_vi="giai-doan"))
    judgement = only(plan, 2021, {2021: {"CT": 1}})
    assert isinstance(judgement.measure, Measure)
    assert judgement.measure.planned == "ít nhất 5 nhãn hiệu"


def test_quantity_totals_add_each_agency_s_figures_per_code(son_la: Plan) -> None:
    plan = plan_with(
        son_la, percent(toi_thieu=30, pham_vi="nam"), count(toi_thieu=1, pham_vi="nam")
    )
    figures = [("CT-TL-TU", 1), ("CT-TL-MAU", 4), ("CT", None), ("CT-TL-TU", 2), ("XX", 9)]
    assert quantity_totals(plan, figures) == {"CT-TL-TU": 3, "CT-TL-MAU": 4, "CT": 0}
