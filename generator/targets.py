"""Judging the plan's measures (chỉ tiêu) from the yearly totals of the reported quantities.

Pure: facts only, no sentences (the documents' templates word them). The rules:

* A measure is due in its milestone year (``han_nam``, "đến năm 2025" in a 2021-2030 plan),
  else in the period's last year. From its due year on the judgement is *final*, and it is
  judged as of the due year: the years after it do not change it.
* A period measure (``pham_vi: giai-doan``) is judged on the cumulative value from the first
  year of the plan to the judged year. Before its due year: ``REACHED_EARLY`` /
  ``EXCEEDED_EARLY`` once within / above its level, else ``IN_PROGRESS`` with the share of
  the minimum reached so far.
* A measure that sets only a maximum is never reached early: before its due year it is
  ``IN_PROGRESS`` until the cumulative value goes over the maximum (then ``NOT_MET``).
* A per-year measure (``pham_vi: nam``) is judged on each year's value. Before its due year the
  outcome is that of the report's year. At its due year it is judged over every year from the
  first to the due year: met in 4 of 5 years is ``NOT_MET`` for the period; a year without
  figures counts as not met (a number is never guessed).
* Against a level: below a minimum is ``NOT_MET``; above a maximum is ``NOT_MET`` when the plan
  sets only a maximum ("không quá 5") and ``EXCEEDED`` otherwise; above a minimum-only or an
  exact level is ``EXCEEDED``.
* Counts and money add up across agencies and years. A percentage is computed from the summed
  numerators and the summed denominators across agencies, never by adding percentages. A
  period percentage (``pham_vi: giai-doan``) is taken as the plan says (``cach_tinh``): the
  judged year's own figures (``nam-danh-gia``, the default: «đến năm 2025, 80% khu, điểm …»
  is a state), the numerators since the first year over the judged year's denominator
  (``cong-don-tu-so``: «30% sản phẩm chủ lực được hỗ trợ» over the period), or both summed
  since the first year (``cong-don``: a rate over all that was handled). It is rounded to ``PERCENT_DECIMALS`` decimals before it
  is judged, so the figure shown and the judgement agree. No denominator: no value (``None``),
  which is not met.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from generator.data.plan import Measure, MeasureKind, PeriodRatio, Plan, Scope

PERCENT_DECIMALS = 2

Value = int | Decimal | None


class ValueKind(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"


class Outcome(StrEnum):
    MET = "met"
    EXCEEDED = "exceeded"
    NOT_MET = "not-met"
    IN_PROGRESS = "in-progress"
    REACHED_EARLY = "reached-early"
    EXCEEDED_EARLY = "exceeded-early"

    @property
    def achieved(self) -> bool:
        """Reached the plan's level (now or early)."""
        return self in (
            Outcome.MET,
            Outcome.EXCEEDED,
            Outcome.REACHED_EARLY,
            Outcome.EXCEEDED_EARLY,
        )


@dataclass(frozen=True)
class Ratio:
    """The whole numbers a percentage is computed from."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if self.denominator == 0:
            return None
        exact = Decimal(self.numerator * 100) / Decimal(self.denominator)
        return exact.quantize(Decimal(1).scaleb(-PERCENT_DECIMALS), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class YearValue:
    """One year's value; ``met`` is judged for per-year measures only (None otherwise).
    ``value`` is None when the year has no figures (or a percentage no denominator)."""

    year: int
    value: Value
    met: bool | None
    ratio: Ratio | None = None


@dataclass(frozen=True)
class TargetJudgement:
    """The facts about one measure in the report of ``year``."""

    measure: Measure
    year: int  # the report's year
    due_year: int  # the milestone, else the period's last year
    judged_year: int  # min(year, due_year): the year the judgement stands at
    kind: ValueKind
    year_value: Value  # the value of the report's year
    cumulative: Value  # from the plan's first year to judged_year
    per_year: tuple[YearValue, ...]  # the plan's first year to the report's year
    outcome: Outcome
    final: bool  # the due year is reached
    percent_of_minimum: Decimal | None = None  # IN_PROGRESS with a minimum: 80 means 80%
    years_met: int | None = None  # per-year measures: years met, first year to judged_year
    years_counted: int | None = None
    year_ratio: Ratio | None = None  # percentages: the whole numbers behind the values
    cumulative_ratio: Ratio | None = None

    @property
    def not_met(self) -> bool:
        return self.outcome is Outcome.NOT_MET


def value_kind(measure: Measure) -> ValueKind:
    return {
        MeasureKind.COUNT: ValueKind.COUNT,
        MeasureKind.RATIO: ValueKind.PERCENT,
        MeasureKind.MONEY: ValueKind.MONEY,
    }[measure.kind]


def against_level(measure: Measure, value: Value) -> Outcome:
    """MET, EXCEEDED or NOT_MET: ``value`` against the measure's level (see the module doc)."""
    if value is None:
        return Outcome.NOT_MET
    if measure.minimum is not None and value < measure.minimum:
        return Outcome.NOT_MET
    if measure.maximum is not None and value > measure.maximum:
        return Outcome.NOT_MET if measure.minimum is None else Outcome.EXCEEDED
    if measure.maximum is None and measure.minimum is not None and value > measure.minimum:
        return Outcome.EXCEEDED
    return Outcome.MET


def _quantity(totals: Mapping[str, int] | None, code: str) -> int:
    return 0 if totals is None else totals.get(code, 0) or 0


def _year_value(measure: Measure, totals: Mapping[str, int] | None) -> tuple[Value, Ratio | None]:
    """One year's value; None when the year has no figures."""
    if totals is None:
        return None, None
    if measure.numerator is not None and measure.denominator is not None:
        ratio = Ratio(
            _quantity(totals, measure.numerator.code), _quantity(totals, measure.denominator.code)
        )
        return ratio.percent, ratio
    return _quantity(totals, measure.code), None


def _cumulative(
    measure: Measure, years: range, yearly: Mapping[int, Mapping[str, int]]
) -> tuple[Value, Ratio | None]:
    present = [yearly[year] for year in years if year in yearly]
    if measure.numerator is not None and measure.denominator is not None:
        judged = yearly.get(years[-1])
        return _period_ratio(
            measure, measure.numerator.code, measure.denominator.code, present, judged
        )
    if not present:
        return None, None
    return sum(_quantity(totals, measure.code) for totals in present), None


def running_values(
    measure: Measure, years: Sequence[int], yearly: Mapping[int, Mapping[str, int]]
) -> list[Value]:
    """The measure's cumulative value at the end of each of ``years`` (counted from the
    first of them), as the judgement takes it: a count or an amount summed, a percentage
    from its summed figures (``cach_tinh``)."""
    return [_cumulative(measure, range(years[0], year + 1), yearly)[0] for year in years]


def _period_ratio(
    measure: Measure,
    numerator: str,
    denominator: str,
    present: list[Mapping[str, int]],
    judged: Mapping[str, int] | None,
) -> tuple[Value, Ratio | None]:
    """``present``: the totals of the years known, first year to the judged one; ``judged``:
    the judged year's, None when unknown."""
    summed = sum(_quantity(totals, numerator) for totals in present)
    if measure.period_ratio is PeriodRatio.BOTH_SUMMED:
        ratio = Ratio(summed, sum(_quantity(totals, denominator) for totals in present))
    elif judged is None:  # the judged year's figures are not known: no value
        return None, None
    elif measure.period_ratio is PeriodRatio.NUMERATOR_SUMMED:
        ratio = Ratio(summed, _quantity(judged, denominator))
    else:
        ratio = Ratio(_quantity(judged, numerator), _quantity(judged, denominator))
    return ratio.percent, ratio


def _per_year_outcome(
    measure: Measure, counted: list[YearValue], year_value: Value, final: bool
) -> Outcome:
    if not final:
        return against_level(measure, year_value)
    outcomes = [against_level(measure, entry.value) for entry in counted]
    if not outcomes or Outcome.NOT_MET in outcomes:
        return Outcome.NOT_MET
    return Outcome.EXCEEDED if all(o is Outcome.EXCEEDED for o in outcomes) else Outcome.MET


def _period_outcome(measure: Measure, cumulative: Value, final: bool) -> Outcome:
    if final:
        return against_level(measure, cumulative)
    if cumulative is None:
        return Outcome.IN_PROGRESS
    if measure.minimum is None:  # "không quá 5": nothing is reached early, only overshot
        over = measure.maximum is not None and cumulative > measure.maximum
        return Outcome.NOT_MET if over else Outcome.IN_PROGRESS
    outcome = against_level(measure, cumulative)
    if outcome is Outcome.MET:
        return Outcome.REACHED_EARLY
    if outcome is Outcome.EXCEEDED:
        return Outcome.EXCEEDED_EARLY
    return Outcome.IN_PROGRESS


def _percent_of_minimum(measure: Measure, value: Value) -> Decimal | None:
    if value is None or not measure.minimum:
        return None
    return Decimal(value) * 100 / measure.minimum


def judge_measure(
    plan: Plan, measure: Measure, year: int, yearly_quantities: Mapping[int, Mapping[str, int]]
) -> TargetJudgement:
    """The judgement of ``measure`` in the report of ``year`` (see the module docstring)."""
    period = plan.period
    if year not in period.years():
        raise ValueError(f"{year} is outside the plan's period")
    due = plan.due_year(measure)
    judged_year = min(year, due)
    final = year >= due
    per_year: list[YearValue] = []
    for each in range(period.first_year, year + 1):
        value, ratio = _year_value(measure, yearly_quantities.get(each))
        met = None
        if measure.scope is Scope.PER_YEAR:
            met = against_level(measure, value) in (Outcome.MET, Outcome.EXCEEDED)
        per_year.append(YearValue(each, value, met, ratio))
    counted = [entry for entry in per_year if entry.year <= judged_year]
    year_value, year_ratio = per_year[-1].value, per_year[-1].ratio
    cumulative, cumulative_ratio = _cumulative(
        measure, range(period.first_year, judged_year + 1), yearly_quantities
    )
    years_met = years_counted = None
    if measure.scope is Scope.PER_YEAR:
        outcome = _per_year_outcome(measure, counted, year_value, final)
        years_met = sum(1 for entry in counted if entry.met)
        years_counted = len(counted)
    else:
        outcome = _period_outcome(measure, cumulative, final)
    share = None
    if outcome is Outcome.IN_PROGRESS:
        share = _percent_of_minimum(measure, cumulative)
    return TargetJudgement(
        measure=measure,
        year=year,
        due_year=due,
        judged_year=judged_year,
        kind=value_kind(measure),
        year_value=year_value,
        cumulative=cumulative,
        per_year=tuple(per_year),
        outcome=outcome,
        final=final,
        percent_of_minimum=share,
        years_met=years_met,
        years_counted=years_counted,
        year_ratio=year_ratio,
        cumulative_ratio=cumulative_ratio,
    )


def judge_targets(
    plan: Plan, year: int, yearly_quantities: Mapping[int, Mapping[str, int]]
) -> list[TargetJudgement]:
    """Every measure of the plan judged in the report of ``year``, in the plan's order.

    ``yearly_quantities[y][code]`` is the sum over the agencies of year ``y``'s figure for
    quantity ``code`` (:attr:`Plan.quantities`: counts, money, numerators, denominators), for
    each year from the plan's first year to ``year`` whose figures are known.
    """
    return [judge_measure(plan, measure, year, yearly_quantities) for measure in plan.measures]


def quantity_totals(plan: Plan, figures: Iterable[tuple[str, int | None]]) -> dict[str, int]:
    """One year's ``yearly_quantities`` entry: the (code, value) figures of every agency's
    report summed per quantity code of the plan; a blank figure counts as 0, a code the plan
    does not have is left out (validation reports it)."""
    totals = {quantity.code: 0 for quantity in plan.quantities}
    for code, value in figures:
        if code in totals and value:
            totals[code] += value
    return totals
