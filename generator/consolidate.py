"""From validated reports to figures, judgements and the contexts of the year's documents.

Pure: nothing here reads a workbook or writes a file. The inputs are the plan and registry
(:class:`~generator.data.workspace.Workspace`), the validated submissions of year Y and the
consolidated figures of earlier years; the outputs are a :class:`Consolidation` and the
context models of the report, the letters and the reminders (:mod:`generator.documents.context`).

Choices made here (a clerk or an official may ask why):

* A measure's total for a year is the sum of the figures of every agency whose report was
  received (on time or late); a blank figure counts as 0.
* Judgements. A per-year measure ("1 - 2 đơn/năm") is judged on the year's total:
  "Đạt" when minimum <= total <= maximum, "Vượt" above the maximum, "Chưa đạt" below the
  minimum. A period measure ("5 - 10 nhãn hiệu" for 2021-2025) is judged on the cumulative
  total since the first year of the plan: in the plan's last year "Đạt", "Vượt" or
  "Chưa đạt" the same way; before it "Đang thực hiện (đạt 60% mức tối thiểu)" while the
  cumulative total is below the minimum, "Đã đạt mức tối thiểu" once it is within the
  range, "Đã vượt mức tối đa" above it.
* Section I of the report lists each task's result under the first work area (lĩnh vực) the
  plan gives the task, so one result is quoted once: one paragraph per provincial agency per
  area; local governments (75 communes since 1/7/2025) get one paragraph per area with their
  counts and a few examples, their full results being in tong-hop.xlsx. Difficulties and
  proposals are quoted once per distinct text, with the agencies that wrote it.
* The consolidating agency (Sở Khoa học và Công nghệ) reports like the others, but writes
  no letter or reminder to itself.
* For a year before the last, an agency that still exists on the next year's reporting
  deadline gets its tasks of Y+1; one that will have merged away by then gets the tasks it
  held in Y and is told who takes them over. In the last year every letter asks for the
  review of the whole period, task by task, using the tasks the agency holds in Y.
* Earlier years' figures: years listed in ``so-lieu-cac-nam-truoc.yaml`` (the signed
  reports from before vanban) win over workbooks; other years come from their workbooks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator, model_validator

from generator.data.plan import Bound, Measure, MeasureKind, Plan, Scope, Task
from generator.data.registry import Agency
from generator.data.workspace import Assignment, Role, TaskStatus, Workspace
from generator.data.yamldata import Text, line_of, parse_model_with_lines
from generator.documents.charts import report_charts
from generator.documents.context import (
    AgencyDirectives,
    AgencyFacts,
    AreaFacts,
    AssessmentSection,
    AssetFacts,
    Citation,
    DirectiveGroup,
    DocumentRef,
    EarlierReminder,
    EndedFacts,
    Figure,
    FundingGroup,
    FundingRow,
    Gathered,
    Header,
    IndicatorTotal,
    LateAddition,
    LetterContext,
    LetterTask,
    LocalSummary,
    PlanFacts,
    ReminderContext,
    RenewalFacts,
    ReportContext,
    Signer,
    SourceAmount,
    SubmissionRow,
    TargetFacts,
    TaskFacts,
    TaskResult,
    YearSource,
    YearValue,
    header_lines,
    issuing_body_lines,
)
from generator.documents.filters import heads_factored, liet_ke, without_shared_head
from generator.errors import DataError, DataErrors, Location
from generator.register import (
    Asset,
    Register,
    RenewalDue,
    counted_assets,
    counted_years,
    renewals_due,
    target_counts,
    undated_titles,
)
from generator.targets import (
    Outcome,
    TargetJudgement,
    ValueKind,
    judge_targets,
    quantity_totals,
)
from generator.vnformat import (
    clean_cell_text,
    doc_symbol,
    format_doc_number,
    format_number,
    format_percent,
    format_place_date,
    upper_vi,
)

HISTORY_FILE = "so-lieu-cac-nam-truoc.yaml"

T = TypeVar("T")

DONE = TaskStatus.DONE.value
IN_PROGRESS = TaskStatus.IN_PROGRESS.value
NOT_STARTED = TaskStatus.NOT_STARTED.value


# ---------------------------------------------------------------------------
# What the validator hands over (generator.validate); only these attributes are used.


class TaskReportLike(Protocol):
    code: str
    status: Any  # TaskStatus or None; its value is one of DONE, IN_PROGRESS, NOT_STARTED
    result: str
    funding: int


class MeasureReportLike(Protocol):
    code: str
    value: int | None
    note: str


class AgencyReportLike(Protocol):
    agency_code: str
    report_date: date | None
    tasks: Sequence[TaskReportLike]
    measures: Sequence[MeasureReportLike]
    difficulties: str
    proposals: str


class SubmissionLike(Protocol):
    agency: Any  # Agency or its code
    status: Any  # SubmissionStatus: VALID, INVALID, LATE, MISSING
    report: AgencyReportLike | None


# ---------------------------------------------------------------------------
# Earlier years' consolidated figures


HISTORY_MAX = 10**15 - 1


class _History(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sample: bool = Field(False, alias="so_lieu_mau")
    years: dict[int, dict[str, StrictInt]] = Field(default_factory=dict, alias="nam")
    reports: dict[int, Text] = Field(default_factory=dict, alias="bao_cao")

    @model_validator(mode="before")
    @classmethod
    def _empty_file(cls, data: Any) -> Any:
        """A file left empty, or holding only comments (a plan's first year): no figures."""
        return {} if data is None else data

    @field_validator("years", "reports", mode="before")
    @classmethod
    def _empty_section(cls, value: Any) -> Any:
        return {} if value is None else value  # «nam:» written with nothing under it

    @field_validator("years")
    @classmethod
    def _not_negative(cls, years: dict[int, dict[str, int]]) -> dict[int, dict[str, int]]:
        for year, figures in years.items():
            for code, value in figures.items():
                if value < 0:
                    raise ValueError(f"năm {year}, chỉ tiêu {code}: số liệu không được âm")
                if value > HISTORY_MAX:  # the forms' own limit (Excel keeps 15 digits)
                    raise ValueError(
                        f"năm {year}, chỉ tiêu {code}: số {format_number(value)} quá lớn "
                        f"(lớn nhất {format_number(HISTORY_MAX)})"
                    )
        return years


@dataclass(frozen=True)
class History:
    """Consolidated figures per year and measure code, from the signed earlier reports."""

    years: dict[int, dict[str, int]] = field(default_factory=dict)
    sample: bool = False
    source: Path | None = None
    reports: dict[int, str] = field(default_factory=dict)  # the signed report of each year


def _unknown_history_code(plan: Plan, code: str) -> str:
    """A code the history gives that is not a figure of the plan; a percentage target's own
    code is told to be given by its two figures."""
    measure = next((m for m in plan.measures if m.code == code), None)
    if measure is not None and len(measure.quantities) > 1:
        parts = " và ".join(f"«{q.code}» ({q.name})" for q in measure.quantities)
        return (
            f"«{code}» là chỉ tiêu tỷ lệ, tính từ hai số liệu: ghi số liệu {parts} thay cho "
            f"«{code}»"
        )
    return f"mã chỉ tiêu không có trong kế hoạch: {code}"


_ANOTHER_PLAN = (
    "tệp này không có mã chỉ tiêu nào của kế hoạch: có lẽ là "
    "số liệu của kế hoạch khác (tệp mẫu «vanban init» chép vào). Thay bằng số liệu các năm "
    "trước của kế hoạch này; năm đầu của kế hoạch thì xóa tệp hoặc để tệp trống"
)


def _of_another_plan(years: dict[int, dict[str, int]], codes: list[str]) -> bool:
    """No figure of the file is one of the plan's: the file was written for another plan."""
    given = [code for figures in years.values() for code in figures]
    return bool(given) and not any(code in codes for code in given)


def load_history(path: Path, plan: Plan) -> History:
    """Read ``so-lieu-cac-nam-truoc.yaml``; every year listed must give every measure.

    A missing file means no earlier figures (every year then needs its workbooks).
    """
    if not path.is_file():
        return History()
    heading = f"Số liệu các năm trước {path.name} không hợp lệ:"
    data, lines = parse_model_with_lines(_History, path, heading)
    codes = [quantity.code for quantity in plan.quantities]
    period = plan.period
    errors: list[DataError] = []
    for year, figures in data.years.items():
        where = Location(file=path, line=line_of(lines, ("nam", str(year))), field=f"nam.{year}")
        if year not in period.years():
            errors.append(
                DataError(
                    f"năm {year} nằm ngoài giai đoạn {period.first_year}-{period.last_year}",
                    where,
                )
            )
        unknown = [code for code in figures if code not in codes]
        missing = [code for code in codes if code not in figures]
        errors += [DataError(_unknown_history_code(plan, code), where) for code in unknown]
        if missing:
            errors.append(DataError("thiếu số liệu chỉ tiêu: " + ", ".join(missing), where))
    for year in data.reports:
        if year not in data.years:
            where = Location(
                file=path, line=line_of(lines, ("bao_cao", str(year))), field=f"bao_cao.{year}"
            )
            errors.append(DataError(f"năm {year} có báo cáo nhưng không có số liệu ở «nam»", where))
    if errors and _of_another_plan(data.years, codes):
        errors.insert(0, DataError(_ANOTHER_PLAN, Location(file=path)))
    if errors:
        raise DataErrors(errors, heading)
    return History(
        years=dict(data.years), sample=data.sample, source=path, reports=dict(data.reports)
    )


# ---------------------------------------------------------------------------
# Figures and judgements


# How a judgement is worded in every document and on the console: evaluation vocabulary of
# any plan, the same for the report, tong-hop.xlsx and the clerk's summary.
OUTCOME_LABELS = {
    Outcome.MET: "Đạt",
    Outcome.EXCEEDED: "Vượt",
    Outcome.NOT_MET: "Chưa đạt",
    Outcome.IN_PROGRESS: "Đang thực hiện",
    Outcome.REACHED_EARLY: "Đã đạt",
    Outcome.EXCEEDED_EARLY: "Đã vượt",
}
INCOMPLETE_LABEL = "Chưa đủ số liệu"


@dataclass(frozen=True)
class MeasureResult:
    """One measure's judgement (:mod:`generator.targets`) with its label."""

    facts: TargetJudgement
    # the agencies asked this measure's figures that sent no report this year (names)
    unreported: tuple[str, ...] = ()

    @property
    def measure(self) -> Measure:
        return self.facts.measure

    @property
    def incomplete(self) -> bool:
        """This year's verdict could change with the figures of agencies asked them that
        sent no report: a count short of its minimum (a missing report can only add to
        it), a count under its maximum («không quá 5»), a rate either way. Nothing is
        concluded from it (a partial sum declared a target lost for the period, or met)."""
        facts = self.facts
        if not self.unreported:  # the judged year's (a milestone's, a year after it too)
            return False
        measure = self.measure
        if measure.kind is MeasureKind.RATIO:
            could_change = {True, False}
        elif measure.minimum is None:
            could_change = {True}
        else:
            could_change = {False}
        if measure.scope is Scope.PER_YEAR:
            return facts.per_year[-1].met in could_change
        verdict = None if facts.outcome is Outcome.IN_PROGRESS else facts.outcome.achieved
        return verdict in could_change

    @property
    def unjudged(self) -> bool:
        """Incomplete and not already lost in an earlier year: it cannot be judged yet."""
        return self.incomplete and not self.not_met_for_period

    @property
    def year_total(self) -> int | Decimal | None:
        return self.facts.year_value

    @property
    def cumulative(self) -> int | Decimal | None:
        return self.facts.cumulative

    @property
    def outcome(self) -> Outcome:
        return self.facts.outcome

    @property
    def final(self) -> bool:
        return self.facts.final

    @property
    def not_met(self) -> bool:
        """Judged not met for good: a shortfall of this year's incomplete figures is not one."""
        if not self.incomplete:
            return self.facts.not_met
        return self.measure.scope is Scope.PER_YEAR and self.facts.final and bool(self.missed_years)

    @property
    def missed_years(self) -> list[int]:
        """Per-year measures: the years below the plan's level so far (this year's figures,
        incomplete, are not judged missed)."""
        unjudged = self.facts.year if self.incomplete else None
        return [y.year for y in self.facts.per_year if y.met is False and y.year != unjudged]

    @property
    def cumulative_told(self) -> bool:
        """Whether the figure over the years («lũy kế») says anything beside the plan's
        level: not for a yearly cap (its years summed read as the cap passed) nor for a
        yearly rate (the plan asks each year's)."""
        measure = self.measure
        yearly = measure.scope is Scope.PER_YEAR
        return not (yearly and (measure.minimum is None or measure.kind is MeasureKind.RATIO))

    @property
    def years_judged(self) -> tuple[int, int]:
        """Per-year measures: the years met and the years judged so far (this year's
        figures, incomplete, are neither: «4/5 năm đạt» read as a year missed)."""
        facts = self.facts
        met, counted = facts.years_met or 0, facts.years_counted or 0
        if self.incomplete and facts.per_year and facts.per_year[-1].year == facts.year:
            met -= bool(facts.per_year[-1].met)
            counted -= 1
        return met, counted

    @property
    def not_met_for_period(self) -> bool:
        """Not met, or (a per-year target) missed in an earlier year: it cannot be reached
        for the period, whatever this year's figure (the report says so)."""
        return self.not_met or bool(self.missed_years)

    @property
    def reached(self) -> bool:
        """Reached the plan's level, and (a per-year measure) in every year so far: a
        measure missed in an earlier year cannot be reached for the period, whatever this
        year's figure."""
        return self.outcome.achieved and not self.missed_years and not self.incomplete

    @property
    def judgement(self) -> str:
        if self.incomplete and not self.not_met:
            return INCOMPLETE_LABEL
        return OUTCOME_LABELS[self.facts.outcome]

    label = judgement


_TRAILING_ZEROS = re.compile(r",?0+%$")  # «45,50%» -> «45,5%», «48,00%» -> «48%»


def format_value(value: int | Decimal | None, kind: ValueKind) -> str:
    """A measure's value as a document writes it: "3", "18,52%", "—" when unknown."""
    if value is None:
        return "—"
    if kind is ValueKind.PERCENT:  # 45,5% and 48%, as written by hand: no trailing zero
        shown = format_percent(Decimal(value), 2)
        return _TRAILING_ZEROS.sub("%", shown) if "," in shown else shown
    return format_number(value)


def format_with_unit(value: int | Decimal | None, kind: ValueKind, unit: str) -> str:
    """A measure's value with its unit, "3 đơn"; a percentage carries its sign, "46,67%",
    never the unit «%» again."""
    shown = format_value(value, kind)
    return shown if kind is ValueKind.PERCENT else f"{shown} {unit}"


def measure_totals(reports: Iterable[AgencyReportLike], plan: Plan) -> dict[str, int]:
    """The sum of every report's figure per quantity code of the plan (blank counts as 0)."""
    return quantity_totals(
        plan, ((figure.code, figure.value) for report in reports for figure in report.measures)
    )


# ---------------------------------------------------------------------------
# Per-agency summary


class Standing(StrEnum):
    """How an agency's report for the year stands, as the appendix writes it."""

    ON_TIME = "Đúng hạn"
    LATE = "Trễ hạn"
    MISSING = "Chưa nộp"


def _status_name(status: Any) -> str:
    return str(getattr(status, "name", status)).upper()


def _standing(status: Any) -> Standing:
    name = _status_name(status)
    if name == "LATE":
        return Standing.LATE
    if name == "MISSING":
        return Standing.MISSING
    if name == "VALID":
        return Standing.ON_TIME
    raise ValueError(f"báo cáo có lỗi không được tổng hợp (tình trạng {status})")


def _task_status(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


@dataclass(frozen=True)
class AgencySummary:
    agency: Agency
    standing: Standing
    report: AgencyReportLike | None
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    funding: int = 0

    @property
    def reported(self) -> bool:
        return self.report is not None

    @classmethod
    def of(cls, agency: Agency, standing: Standing, report: AgencyReportLike | None):
        if report is None:
            return cls(agency, standing, None)
        statuses = [_task_status(task.status) for task in report.tasks]
        return cls(
            agency,
            standing,
            report,
            done=statuses.count(DONE),
            in_progress=statuses.count(IN_PROGRESS),
            not_started=statuses.count(NOT_STARTED),
            funding=sum(task.funding or 0 for task in report.tasks),
        )


@dataclass(frozen=True)
class Consolidation:
    """Everything the year's documents say, computed once."""

    workspace: Workspace
    year: int
    agencies: list[AgencySummary]
    measures: list[MeasureResult]
    yearly_totals: dict[int, dict[str, int]]
    history: History
    signing_date: date | None = None  # None: the place-date line is a draft with a blank day
    register: Register | None = None  # the province's register of IP titles and applications
    # The last reminder each agency was sent (vanban don-doc's record): code -> (letter, the
    # day it asked the report by).
    reminded: Mapping[str, tuple[EarlierReminder, date | None]] = field(default_factory=dict)

    @property
    def plan(self) -> Plan:
        return self.workspace.plan

    @property
    def final_year(self) -> bool:
        return self.year == self.plan.period.last_year

    @property
    def deadline(self) -> date:
        return self.workspace.deadline(self.year)

    @property
    def document_day(self) -> date:
        """The day an unsigned report or letter is dated by (its month and year are printed):
        the consolidating body's own deadline to the higher body when the plan sets one, and
        never before the last report received (nothing is signed before its data are in, and
        a reply asked «within 15 days» counts from then)."""
        higher = self.plan.reporting.higher_deadline
        # «trước ngày 25/01»: the 24th is the last day the report is on time
        due = higher.last_day_on_time(self.year) if higher else self.deadline
        return max(due, self.cutoff)

    @property
    def register_years(self) -> list[int]:
        """The years whose targets are counted from the register (not the signed history)."""
        return [y for y in self.yearly_totals if y not in self.history.years]

    def ended_in_year(self, agency: Agency) -> bool:
        """Whether ``agency`` ended between the start of the year and its deadline (the
        report tells of it)."""
        end = agency.active_to
        return end is not None and date(self.year, 1, 1) <= end < self.deadline

    @functools.cached_property
    def cutoff(self) -> date:
        """The data cut-off: the deadline, or the last report received after it."""
        dates = [getattr(s.report, "report_date", None) for s in self.reported]
        return max([self.deadline, *(d for d in dates if isinstance(d, date))])

    @property
    def dated_on(self) -> date:
        """The day the documents are dated: the signing date when given, else the document day."""
        return self.signing_date or self.document_day

    @property
    def deadline_strict(self) -> bool:
        """The plan says "before" the deadline day (a report dated that day is late)."""
        return self.plan.reporting.agency_deadline.strictly_before

    @functools.cached_property
    def renewals_due(self) -> list[RenewalDue]:
        """Titles falling due within the plan's notice period, computed once for the report
        and every letter (the instance is frozen; cached_property writes its __dict__)."""
        if self.register is None or self.plan.ip is None:
            return []
        return renewals_due(self.register, self.plan.ip, self.dated_on)

    @property
    def undated_titles(self) -> list[Asset]:
        """Titles in the register whose due dates cannot be worked out (dates missing)."""
        if self.register is None or self.plan.ip is None:
            return []
        return undated_titles(self.register, self.plan.ip)

    @functools.cached_property
    def memo(self) -> dict[Any, Any]:
        """Facts every letter repeats (header, plan, tasks' citations…), made once: see
        :func:`_once`. Empty in a copy made by ``dataclasses.replace``."""
        return {}

    @property
    def sample_data(self) -> bool:
        """The documents rest on the shipped sample's figures (a reminder, which reads none,
        on a workspace whose earlier figures are the sample's)."""
        if not self.yearly_totals:
            return self.history.sample
        return self.history.sample and any(y in self.history.years for y in self.yearly_totals)

    @functools.cached_property
    def issuer(self) -> Agency:
        """The body the documents are issued by, on their day (a merged body's successor);
        made once: every letter asks (the day is fixed for the instance)."""
        return self.workspace.issuer_on(self.dated_on)

    @property
    def funding_total(self) -> int:
        return sum(summary.funding for summary in self.agencies)

    @functools.cached_property
    def reported(self) -> list[AgencySummary]:
        """The agencies that sent a report (asked a dozen times per batch: made once)."""
        return [summary for summary in self.agencies if summary.reported]

    @property
    def missing(self) -> list[AgencySummary]:
        return [s for s in self.agencies if s.standing is Standing.MISSING]

    @property
    def late(self) -> list[AgencySummary]:
        return [s for s in self.agencies if s.standing is Standing.LATE]

    @property
    def not_met(self) -> list[MeasureResult]:
        return [result for result in self.measures if result.not_met]

    @property
    def letter_recipients(self) -> list[AgencySummary]:
        """Agencies that get a công văn: every active one but the issuer itself."""
        return [s for s in self.agencies if s.agency.code != self.issuer.code]

    @property
    def reminder_recipients(self) -> list[AgencySummary]:
        return [s for s in self.letter_recipients if s.standing is Standing.MISSING]


def _once(c: Consolidation, key: Any, make: Callable[[], T]) -> T:
    """``make()`` the first time ``key`` is asked for in ``c``, the same object afterwards:
    10,000 letters share their header and the plan's citations and texts."""
    memo = c.memo
    if key not in memo:
        memo[key] = make()
    return memo[key]


def _agency_code(submission: SubmissionLike) -> str:
    return str(getattr(submission.agency, "code", submission.agency))


def cumulative_years(year: int, plan: Plan, history: History) -> list[int]:
    """Years before ``year`` whose figures must come from workbooks (not in the history)."""
    return [y for y in range(plan.period.first_year, year) if y not in history.years]


def consolidate(
    workspace: Workspace,
    year: int,
    submissions: Iterable[SubmissionLike],
    history: History,
    earlier_totals: Mapping[int, Mapping[str, int]] | None = None,
    register: Register | None = None,
    earlier_missing: Mapping[int, Sequence[Agency]] | None = None,
) -> Consolidation:
    """Sum, judge and summarise year ``year``.

    ``earlier_totals`` gives, for each year of :func:`cumulative_years`, the measure totals
    computed from that year's workbooks; a year found neither there nor in ``history``
    raises a DataError saying what to add. With a ``register``, the measures the plan counts
    from it are counted there (each asset once) for every year it covers: the years not in
    ``history``. ``earlier_missing``: the agencies without a report in each year of
    ``earlier_totals``, so that a milestone judged on a past year's incomplete figures is
    not concluded a year later on the same figures.
    """
    plan = workspace.plan
    by_code = {_agency_code(submission): submission for submission in submissions}
    agencies: list[AgencySummary] = []
    for agency in workspace.active(year):
        submission = by_code.get(agency.code)
        if submission is None:
            agencies.append(AgencySummary.of(agency, Standing.MISSING, None))
            continue
        standing = _standing(submission.status)
        report = submission.report if standing is not Standing.MISSING else None
        agencies.append(AgencySummary.of(agency, standing, report))
    reports = [summary.report for summary in agencies if summary.report is not None]
    yearly = _yearly_totals(year, plan, history, earlier_totals or {})
    yearly[year] = measure_totals(reports, plan)
    if register is not None and plan.ip is not None:
        _count_from_register(plan, register, yearly, [y for y in yearly if y not in history.years])
    missing = {year: [s.agency for s in agencies if s.standing is Standing.MISSING]}
    missing |= {y: list(missed) for y, missed in (earlier_missing or {}).items()}
    results = [  # a year the signed history gives has nothing missing: it is settled
        MeasureResult(j, _unreported(workspace, j.measure, missing.get(j.judged_year, [])))
        for j in judge_targets(plan, year, yearly)
    ]
    return Consolidation(workspace, year, agencies, results, yearly, history, register=register)


def _unreported(workspace: Workspace, measure: Measure, missing: list[Agency]) -> tuple[str, ...]:
    """The agencies without a report whose form asked ``measure``'s figures (a measure
    counted from the register is asked of none)."""
    ip = workspace.plan.ip
    if ip is not None and measure.code in ip.counted_measures:
        return ()
    covers = workspace.registry.covers
    return tuple(agency.name for agency in missing if covers(measure.reporters, agency))


def _count_from_register(
    plan: Plan, register: Register, yearly: dict[int, dict[str, int]], covered: list[int]
) -> None:
    """Each year of ``covered``, the register's count of every target counted from it.

    An asset counts once for a target of the whole period: a solution supported in two
    years is one solution supported, counted in the first of them (its later years add 0),
    so that the cumulative, a sum of the years, counts it once. A yearly target counts it
    in every year it is listed for.
    """
    assert plan.ip is not None
    counted_before: dict[str, set[int]] = {}
    for counted_year in sorted(covered):
        for code, count in target_counts(register, plan.ip, counted_year, min(covered)).items():
            if plan.measure(code).scope is Scope.PER_YEAR:
                yearly[counted_year][code] = len(count.year)
                continue
            seen = counted_before.setdefault(code, set())
            new = {id(asset) for asset in count.year} - seen
            yearly[counted_year][code] = len(new)
            seen |= new


def _yearly_totals(
    year: int, plan: Plan, history: History, earlier: Mapping[int, Mapping[str, int]]
) -> dict[int, dict[str, int]]:
    yearly: dict[int, dict[str, int]] = {}
    for earlier_year in range(plan.period.first_year, year):
        if earlier_year in history.years:
            yearly[earlier_year] = dict(history.years[earlier_year])
        elif earlier_year in earlier:
            yearly[earlier_year] = dict(earlier[earlier_year])
        else:
            raise DataError(
                f"thiếu số liệu năm {earlier_year} để tính số lũy kế từ năm "
                f"{plan.period.first_year}: ghi số liệu đã tổng hợp của năm {earlier_year} vào "
                f"tệp {HISTORY_FILE}, hoặc đặt phiếu báo cáo năm {earlier_year} vào thư mục "
                f"{earlier_year}/ của dữ liệu đầu vào"
            )
    return yearly


# ---------------------------------------------------------------------------
# Facts for the templates: no sentence is written here (see templates/ and
# generator.documents.context); only names, numbers, dates, judgements and lists.


# What a clerk types to list things in a cell: a dash or dot, «1.», «2)», «a)».
_BULLET = r"(?:[-+•*–]\s*|(?:\d{1,2}|[a-zđ])[.)]\s+)"
_LEADING_BULLET = re.compile(rf"^\s*(?:{_BULLET})+")
_LINE_BREAK = re.compile(
    rf"[ \t]*(?P<stop>[.;,:]?)\s*\n\s*(?P<bullet>(?:{_BULLET})+)?(?=(?P<next>\S)?)"
)
_SPACES = re.compile(r"\s+")


def _line_joint(m: re.Match[str]) -> str:
    """What a line break in a cell becomes in a sentence: «; » between the items of a list
    (a bullet, a stop, a capital after it), the colon or comma typed, a space in a sentence
    wrapped by hand. «sản phẩm.; Hướng dẫn» and «;; » are what a plain «; » gave."""
    stop, following = m["stop"], m["next"] or ""
    if stop == ":":
        return ": "
    if m["bullet"] or stop in (".", ";") or following.isupper():
        return "; "
    return stop + " "


def _one_line(text: str) -> str:
    """Free text from a cell as one clean sentence-part: no line breaks, no list marks, no
    final stop."""
    text = _LEADING_BULLET.sub("", clean_cell_text(text or ""))
    if "\n" in text:
        text = _LINE_BREAK.sub(_line_joint, text)
    text = _SPACES.sub(" ", text).strip()
    return text.rstrip(" .;,")


def _cell_items(text: str) -> list[str]:
    """The items of a cell that lists several (difficulties, proposals), one per line with or
    without a mark; a sentence wrapped by hand stays one item."""
    lines = _one_line(text).split("; ") if "\n" in (text or "") else [_one_line(text)]
    return [line for line in lines if line]


def recipient_names(items: Sequence[str], drafting_unit: str) -> list[str]:
    """ "Nơi nhận" names (the template adds "- " and the punctuation); "Lưu: VT, <unit>" last."""
    names = [item.strip().lstrip("-").strip().rstrip(";.").strip() for item in items]
    names = [name for name in names if name]
    if not names or not names[-1].startswith("Lưu"):
        names.append(f"Lưu: VT, {drafting_unit}")
    return names


def _marks(c: Consolidation, draft: bool = False) -> list[str]:
    marks = []
    if draft:
        marks.append("DỰ THẢO")
    if c.sample_data:
        marks.append("DỮ LIỆU MẪU")
    return marks


def _header(
    c: Consolidation,
    number_line: str,
    recipients: list[str],
    draft: bool = False,
    month_of: date | None = None,
) -> Header:
    outputs = c.plan.outputs
    signer = outputs.signer
    month_of = month_of or c.document_day
    return Header(
        parent_body=header_lines(upper_vi(outputs.parent_body)),
        issuing_body=issuing_body_lines(c.issuer.name, outputs.parent_body),
        number_line=number_line,
        place_date=(
            format_place_date(outputs.place, c.signing_date)
            if c.signing_date
            else format_place_date(outputs.place, month=month_of.month, year=month_of.year)
        ),
        recipients=recipients,
        signer=Signer(authority_lines=list(signer.authority_lines), name=signer.name),
        document_date=c.signing_date or month_of,
        marks=_marks(c, draft),
    )


def _letter_number(c: Consolidation) -> str:
    outputs = c.plan.outputs
    return format_doc_number(None, doc_symbol(None, c.issuer.code, outputs.drafting_unit))


_Reminder = TypeVar("_Reminder", EarlierReminder, None)


def _as_of(c: Consolidation, reminder: EarlierReminder | None) -> date:
    """«Đến ngày …, Sở chưa nhận được báo cáo»: the day the letter is signed, when known;
    else the data's cut-off, never before the reminder the sentence goes on to cite."""
    if c.signing_date is not None:
        return c.signing_date
    return max(c.cutoff, reminder.issued_on) if reminder is not None else c.cutoff


def _cited_reminder(c: Consolidation, reminder: _Reminder) -> _Reminder:
    """A reminder whose number the clerk has not recorded is cited with the number left
    blank to fill in, as on a draft's own number line («số      /SKHCN-QLCN ngày …»): a
    date alone named no document."""
    if reminder is None or reminder.number_symbol:
        return reminder
    blank = _letter_number(c).removeprefix("Số:")
    return reminder.model_copy(update={"number_symbol": blank})


def plan_facts(plan: Plan) -> PlanFacts:
    return PlanFacts(
        document=DocumentRef(
            type_name=plan.type_name.capitalize(),
            number_symbol=plan.number_symbol,
            issued_on=plan.issued_on,
            issuer=plan.issuer_short,
            subject=plan.subject,
        ),
        implements=[
            DocumentRef(
                type_name="",
                number_symbol=document.number_symbol,
                issued_on=document.issued_on,
                issuer=document.issuer,
                subject=document.subject,
            )
            for document in plan.implements
        ],
        short_subject=plan.short_subject,
        first_year=plan.period.first_year,
        last_year=plan.period.last_year,
        midterm_year=plan.period.review_year,
        reporting_rule=_one_line(plan.reporting.text) + ".",
    )


# A plan that lettered two points alike (a typing slip of the signed text) is cited as it
# stands, the repeated letter told apart by its rank: «điểm d (thứ hai) khoản 3».
REPEATED_POINT = ("", "thứ hai", "thứ ba", "thứ tư", "thứ năm")


def task_citation(plan: Plan, task_code: str) -> Citation:
    group = plan.group_of(task_code)
    task = next(t for t in group.tasks if t.code == task_code)
    section = plan.structure.tasks_section
    point = task.letter
    alike = [t.code for t in group.tasks if task.letter and t.letter == task.letter]
    rank = alike.index(task.code) if len(alike) > 1 else 0
    if rank:
        point = f"{task.letter} ({REPEATED_POINT[min(rank, len(REPEATED_POINT) - 1)]})"
    return Citation(point=point, clause=str(group.number), section=section)


def _target_citation(plan: Plan, measure: Measure) -> Citation:
    target = next(t for t in plan.targets if measure in t.measures)
    return Citation(
        point=target.letter,
        clause=plan.structure.targets_clause,
        section=plan.structure.targets_section,
    )


def _agency_facts(c: Consolidation, agency: Agency) -> AgencyFacts:
    return AgencyFacts(
        name=agency.name,
        short_name=agency.short_name,
        code=agency.code,
        is_local=_is_local(agency),
        group=agency.kind_info.group_name,
    )


# ---------------------------------------------------------------------------
# The consolidated report


def report_context(
    c: Consolidation, assessment: Mapping[str, Any] | None = None, draft: bool | None = None
) -> ReportContext:
    """The report's facts; ``draft`` (default: no assessment) marks it «DỰ THẢO»."""
    plan = c.plan
    outputs = plan.outputs
    number = format_doc_number(None, doc_symbol("Báo cáo", c.issuer.code))
    recipients = recipient_names(outputs.report_recipients, outputs.drafting_unit)
    header = _header(c, number, recipients, draft=assessment is None if draft is None else draft)
    reports, leads = _task_reports(c), _task_leads(c)
    return ReportContext(
        header=header,
        plan=plan_facts(plan),
        issuer=c.issuer.name,
        addressee=[outputs.report_addressee],
        reports_to=plan.reporting.reports_to,
        year=c.year,
        final_year=c.final_year,
        review_due=_reply_by(c, c.year) if c.final_year else None,
        midterm=plan.period.review_year == c.year,
        next_year=c.year + 1,
        deadline=c.deadline,
        deadline_strict=c.deadline_strict,
        cutoff=c.cutoff,
        agencies=len(c.agencies),
        on_time=len([s for s in c.agencies if s.standing is Standing.ON_TIME]),
        late=[s.agency.name for s in c.late],
        missing=[s.agency.name for s in c.missing],
        ended=_ended(c),
        areas=_areas(c, reports, leads),
        other_tasks=_tasks_without_area(c, reports, leads),
        targets=[_target_facts(c, result) for result in c.measures],
        targets_met=sum(1 for r in c.measures if r.reached),
        targets_not_met=[r.measure.name for r in c.not_met],
        year_sources=_year_sources(c),
        **_funding_facts(c),
        **_directive_facts(c),
        difficulties=_gathered(c, "difficulties"),
        proposals=_gathered(c, "proposals"),
        assessment=_assessment_sections(assessment),
        reporting_proposed=_reporting_proposed(assessment),
        submissions=_submissions(c),
        submission_totals=_submission_totals(c),
        assets=[_asset_facts(c, asset) for asset in _counted_assets(c)],
        added_later=_added_later(c),
        register_years=c.register_years if c.register is not None else [],
        renewals=_renewals(c),
        undated_titles=[_asset_facts(c, asset) for asset in c.undated_titles],
        appendix_of=_appendix_of(c, header),
        **report_charts(c),
    )


def _ended(c: Consolidation) -> list[EndedFacts]:
    """Agencies that ended between the start of the year and its deadline: their results are
    reported by their successors (or by themselves, when they still sent a report)."""
    registry = c.workspace.registry
    reported = {s.agency.code for s in c.reported}
    ended = [agency for agency in registry.agencies.values() if c.ended_in_year(agency)]
    ended.sort(key=registry.order_key)
    groups: dict[tuple, list[str]] = {}
    for agency in ended:  # the registry's order: kind by kind, then by name
        key = (
            agency.active_to,
            agency.end_reason,
            agency.end_basis,
            registry.successor_name(agency.code) or "",
            agency.successor in registry.groups,
            agency.code in reported,
            agency.successor in reported,
        )
        groups.setdefault(key, []).append(agency.name)
    cited: set[str] = set()
    return [
        EndedFacts(
            names=names,
            ended_on=ended_on,
            reason=reason,
            basis=_cited_once(basis, cited),
            successor=successor,
            successor_is_group=to_group,
            reported=sent,
            successor_reported=successor_sent,
        )
        for (ended_on, reason, basis, successor, to_group, sent, successor_sent), names in (
            groups.items()
        )
    ]


_CITED_NUMBER = re.compile(r"^.*?\bsố\s+\S+")


def _cited_once(citation: str, cited: set[str]) -> str:
    """An act in full the first time (type, number, date, issuer, summary, as Nghị định
    30/2020 asks), by its type and number after that («Nghị định số 45/2025/NĐ-CP»)."""
    if not citation or citation not in cited:
        cited.add(citation)
        return citation
    short = _CITED_NUMBER.match(citation)
    return short[0] if short else citation


ASSESSMENT_KEYS = (
    "danh_gia_chung",
    "uu_diem",
    "ton_tai",
    "nguyen_nhan",
    "bai_hoc",
    "phuong_huong",
    "de_xuat",
)


def _assessment_sections(assessment: Mapping[str, Any] | None) -> dict[str, AssessmentSection]:
    found = assessment or {}
    return {key: AssessmentSection(paragraphs=list(found.get(key, []))) for key in ASSESSMENT_KEYS}


def _reporting_proposed(assessment: Mapping[str, Any] | None) -> bool:
    """Whether the Sở's own proposals already speak of the reporting duty: the report's
    sentence on it would say the same twice."""
    paragraphs = (assessment or {}).get("de_xuat", [])
    text = " ".join(run["text"] for paragraph in paragraphs for run in paragraph).casefold()
    text = " ".join(text.split())
    return any(words in text for words in _REPORTING_WORDS)


# How a proposal on the reporting duty is worded («… chưa gửi báo cáo khẩn trương gửi»).
_REPORTING_WORDS = ("chế độ báo cáo", "chưa gửi báo cáo", "gửi báo cáo đúng", "nộp báo cáo")


def _appendix_of(c: Consolidation, header: Header, type_name: str = "Báo cáo") -> str:
    """ "Báo cáo số      /BC-… ngày      tháng 11 năm 2025 của <cơ quan ban hành>"."""
    number = header.number_line.replace("Số:", "số", 1)
    dated = header.place_date.split(", ", 1)[-1]
    return f"{type_name} {number} {dated} của {c.issuer.name}"


EXAMPLES_PER_TASK = 3
NAMED_LOCAL_AGENCIES = 3


def _is_local(agency: Agency) -> bool:
    return agency.is_local


def _task_reports(c: Consolidation) -> dict[str, list[tuple[Agency, Any]]]:
    """Every reported task, by task code, with the agency that reported it."""
    found: dict[str, list[tuple[Agency, Any]]] = {}
    for summary in c.reported:
        assert summary.report is not None
        for task in summary.report.tasks:
            found.setdefault(task.code, []).append((summary.agency, task))
    return found


def _result(agency: Agency, task: Any) -> TaskResult:
    return TaskResult(
        agency=agency.name,
        status=_task_status(task.status) or "",
        text=_one_line(task.result),
    )


# The counts a result gives («đăng 6 tin, bài», «kiểm tra 5 cơ sở»): below a year or an
# amount of money, which say nothing of how much was done.
_COUNT = re.compile(r"(?<![\d.,])(\d{1,3})(?!\d|[.,]\d)")


@functools.lru_cache(maxsize=4096)  # communes paste the same words: each text ranked once
def _weight(result: str) -> tuple[int, int]:
    """How a result ranks among the examples: what it counts, then how much it says (the
    first in the registry's order was cited, 2 news items beside communes that posted 6)."""
    return (-sum(int(n) for n in _COUNT.findall(result)), -len(result))


def _local_summary(c: Consolidation, reports: list[tuple[Agency, Any]]) -> LocalSummary | None:
    if not reports:
        return None
    statuses = [_task_status(task.status) for _, task in reports]
    done = [pair for pair, status in zip(reports, statuses, strict=True) if status == DONE]
    examples: list[TaskResult] = []
    texts: set[str] = set()
    written: set[str] = set()  # results as typed: communes often paste the same words
    for agency, task in sorted(done, key=lambda pair: _weight(pair[1].result or "")):
        if task.result in written:
            continue
        written.add(task.result)
        result = _result(agency, task)
        if result.text and result.text.casefold() not in texts:
            named = without_shared_head(agency.name)  # the line begins with the group's name
            examples.append(result.model_copy(update={"agency": named}))
            texts.add(result.text.casefold())
        if len(examples) == EXAMPLES_PER_TASK:
            break
    return LocalSummary(
        group=reports[0][0].kind_info.group_name,
        agencies=len({agency.code for agency, _ in reports}),
        done=statuses.count(DONE),
        in_progress=statuses.count(IN_PROGRESS),
        not_started=statuses.count(NOT_STARTED),
        examples=examples,
    )


def _task_leads(c: Consolidation) -> dict[str, list[str]]:
    """Who leads each task in the year, by task code (one pass over the assignments)."""
    registry = c.workspace.registry
    leads: dict[str, list[str]] = {}
    for code, assignments in c.workspace.assignments(c.year).items():
        for assignment in assignments:
            if assignment.role is Role.LEAD:
                leads.setdefault(assignment.task.code, []).append(registry.agency(code).name)
    return leads


def _task_facts(
    c: Consolidation, task: Task, reports, leads: list[str], quoted_in: int | None
) -> TaskFacts:
    results: list[TaskResult] = []
    local_summary = None
    if not quoted_in:
        local_codes = _local_agencies(c)
        # The lead's result first, then the partners' (a stable sort keeps the registry's order).
        provincial = sorted(
            ((a, t) for a, t in reports if a.code not in local_codes),
            key=lambda pair: pair[0].name not in leads,
        )
        local = [(a, t) for a, t in reports if a.code in local_codes]
        results = _grouped([r for a, t in provincial if (r := _result(a, t)).text or r.status])
        local_summary = _local_summary(c, local)
    return TaskFacts(
        citation=task_citation(c.plan, task.code),
        text=_one_line(task.text),
        leads=leads,
        results=results,
        local=local_summary,
        quoted_in=quoted_in,
    )


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _has_figure(text: str) -> bool:
    """A number in the text other than a year («năm 2025» is shared, «5 cơ sở» is not)."""
    return any(character.isdigit() for character in _YEAR.sub("", text))


def _grouped(results: list[TaskResult]) -> list[TaskResult]:
    """Agencies that wrote the same result, with no figure in it, in the same state, on one
    line («Sở A, Sở B và Sở C: …»), where each came first: departments often paste the same sentence, and a
    report repeating it seven times is not signed."""
    groups: dict[tuple[str, str] | int, list[TaskResult]] = {}
    for index, result in enumerate(results):
        # A result with a figure («kiểm tra 5 cơ sở») is the agency's own: shared, it would
        # read as one figure for all of them.
        key = index if _has_figure(result.text) else (result.status, result.text.casefold())
        groups.setdefault(key, []).append(result)
    return [
        same[0].model_copy(update={"agency": liet_ke([r.agency for r in same])})
        if len(same) > 1
        else same[0]
        for same in groups.values()
    ]


def _local_agencies(c: Consolidation) -> frozenset[str]:
    """The codes of the year's local governments (found once per consolidation)."""
    return _once(
        c,
        "local agencies",
        lambda: frozenset(s.agency.code for s in c.agencies if _is_local(s.agency)),
    )


def _areas(
    c: Consolidation, reports: Mapping[str, list], leads: Mapping[str, list[str]]
) -> list[AreaFacts]:
    """Each work area with its tasks; a task of several areas is quoted in the first only."""
    plan = c.plan
    totals = _activity_totals(c)
    number_of = {area.code: area.number for area in plan.areas}
    areas: list[AreaFacts] = []
    for area in plan.areas:
        tasks = []
        for task in plan.tasks:
            if area.code not in task.areas:
                continue
            first = task.areas[0]
            quoted_in = number_of[first] if first != area.code else None
            tasks.append(
                _task_facts(
                    c, task, reports.get(task.code, []), leads.get(task.code, []), quoted_in
                )
            )
        reported = any(reports.get(t.code) for t in plan.tasks if area.code in t.areas)
        areas.append(
            AreaFacts(
                number=area.number,
                title=area.title,
                totals=totals.get(area.code, []),
                tasks=tasks,
                reported=reported,
            )
        )
    return areas


def _activity_totals(c: Consolidation) -> dict[str, list[IndicatorTotal]]:
    """The year's activity figures summed over the agencies, by work area: a figure some
    agency gave, 0 included (a total of 0 checks is news); one that none gave left out."""
    rules = c.plan.ip
    if rules is None:
        return {}
    sums: dict[str, int] = {}
    for summary in c.reported:
        for figure in getattr(summary.report, "activities", ()):
            if figure.value is not None:
                sums[figure.code] = sums.get(figure.code, 0) + figure.value
    by_area: dict[str, list[IndicatorTotal]] = {}
    for indicator in rules.activities:
        if indicator.code in sums:
            by_area.setdefault(indicator.area, []).append(
                IndicatorTotal(
                    name=indicator.name,
                    unit=indicator.unit,
                    value=sums[indicator.code],
                    worded=indicator.worded(format_number(sums[indicator.code])),
                )
            )
    return by_area


def _tasks_without_area(
    c: Consolidation, reports: Mapping[str, list], leads: Mapping[str, list[str]]
) -> list[TaskFacts]:
    return [
        _task_facts(c, task, reports[task.code], leads.get(task.code, []), None)
        for task in c.plan.tasks
        if not task.areas and reports.get(task.code)
    ]


def _target_facts(c: Consolidation, result: MeasureResult) -> TargetFacts:
    facts = result.facts
    measure = facts.measure
    per_year = measure.scope is Scope.PER_YEAR
    share = ""
    # «đạt 61% mức tối thiểu» of a rate (42,73% against 70%) reads as a share of people
    if (
        facts.outcome is Outcome.IN_PROGRESS
        and facts.percent_of_minimum is not None
        and facts.kind is not ValueKind.PERCENT
    ):
        share = format_percent(facts.percent_of_minimum, 0)
    return TargetFacts(
        citation=_target_citation(c.plan, measure),
        text=next(t.text for t in c.plan.targets if measure in t.measures),
        name=measure.name,
        unit=measure.unit,
        planned=measure.planned,
        per_year=per_year,
        due_year=facts.due_year,
        year_value=format_value(facts.year_value, facts.kind),
        cumulative=format_value(facts.cumulative, facts.kind),
        outcome=result.judgement,
        final=facts.final,
        share=share,
        years=[
            YearValue(
                year=y.year,
                value=format_value(y.value, facts.kind),
                # this year's figures incomplete: neither met nor missed yet
                met=None if result.incomplete and y.year == facts.year else y.met,
            )
            for y in facts.per_year
        ],
        years_met=result.years_judged[0],
        years_counted=result.years_judged[1],
        missed_years=result.missed_years,
        unreported=list(result.unreported) if result.incomplete else [],
        maximum_only=measure.minimum is None,
        cumulative_told=result.cumulative_told,
        exact=measure.bound is Bound.EXACT,
        from_register=bool(c.plan.ip and measure.code in c.plan.ip.counted_measures),
    )


def _agency_name(c: Consolidation, code: str) -> str:
    registry = c.workspace.registry
    return registry.agency(code).name if code in registry.agencies else code


def _asset_facts(c: Consolidation, asset: Asset) -> AssetFacts:
    rules = c.plan.ip
    kinds = {kind.code: kind.name for kind in rules.kinds} if rules else {}
    years = c.register_years  # the years counted from the register, as the annex says
    # «c (2024, 2025)»: the point of each target it counts for, with the years, so that the
    # annex adds up to each year's count (an application of 2024 granted in 2025 is in both)
    # A point holding two targets («b»: applications and titles) is told apart by the short
    # name its counting rule gives («b – đơn (2024)», «b – văn bằng (2025)»).
    by_point: dict[str, set[int]] = {}
    if rules is not None:
        labels = {rule.measure: rule.label for rule in rules.counting}
        for code, counted in counted_years(asset, rules, years).items():
            measure = c.plan.measure(code)
            if measure.scope is not Scope.PER_YEAR:  # once, in its first year: as counted
                counted = counted[:1]
            point = _target_citation(c.plan, measure).point
            label = labels.get(code)
            by_point.setdefault(f"{point} – {label}" if label else point, set()).update(counted)
    points = [f"{point} ({', '.join(map(str, sorted(y)))})" for point, y in by_point.items()]
    return AssetFacts(
        name=asset.name,
        kind=kinds.get(asset.kind, asset.kind),
        holder=asset.holder,
        application_number=asset.application_number
        or (  # «Madrid 1234567»: a bare number would read as a national application
            f"{rules.international_prefix} {asset.international_number}"
            if rules and asset.international_number
            else ""
        ),
        international_number=asset.international_number or "",
        filed_on=asset.filed_on,
        title_number=asset.title_number,
        granted_on=asset.granted_on,
        contributors=[_agency_name(c, code) for code in asset.contributors]
        + list(asset.other_contributors),
        targets=points,
    )


def unverified_counted(c: Consolidation) -> list[Asset]:
    """Assets a target counts that only the register gives, with no number or marked to be
    checked: the figures rest on them, and nothing in the annex lets a reader check them."""
    return [
        asset
        for asset in _counted_assets(c)
        if asset.verify
        or not (asset.application_number or asset.international_number or asset.title_number)
    ]


def _counted_assets(c: Consolidation) -> list[Asset]:
    """Every asset a target counts, over the years the register covers, each once."""
    if c.register is None or c.plan.ip is None:
        return []
    covered = [y for y in c.yearly_totals if y not in c.history.years]
    found: dict[int, Asset] = {}
    for rule in c.plan.ip.counting:
        for asset in counted_assets(c.register, c.plan.ip, rule.measure, covered):
            found.setdefault(id(asset), asset)
    return list(found.values())


def _renewals(c: Consolidation, codes: Sequence[str] | None = None) -> list[RenewalFacts]:
    """The titles falling due (those managed by ``codes`` when given)."""
    if c.register is None or c.plan.ip is None:
        return []
    dues = c.renewals_due
    if codes is not None:
        by_agency = _once(c, "renewals by agency", lambda: _by_agency(dues, lambda d: d.managers))
        dues = _in_order(dues, [due for code in codes for due in by_agency.get(code, [])])
    return [_once(c, ("renewal", id(due)), lambda due=due: _renewal_facts(c, due)) for due in dues]


def _by_agency(items: Iterable[T], codes: Callable[[T], Iterable[str]]) -> dict[str, list[T]]:
    """``items`` under each agency code ``codes`` gives for them (an item once per code),
    each list in the items' order."""
    found: dict[str, list[T]] = {}
    for item in items:
        for code in dict.fromkeys(codes(item)):
            found.setdefault(code, []).append(item)
    return found


def _renewal_facts(c: Consolidation, due: RenewalDue) -> RenewalFacts:
    return RenewalFacts(
        asset=_asset_facts(c, due.asset),
        due_on=due.due_on,
        action=due.action,
        ends=due.protection_ends,
        managers=[_agency_name(c, code) for code in due.managers],
        late_until=due.late_until,
    )


def _added_later(c: Consolidation) -> list[LateAddition]:
    """For each earlier year counted from the register, the assets that year counts which
    no form of that year gave (a title granted in 2024 first listed in a 2025 form): the
    year's figure differs from what that year's report could say."""
    rules = c.plan.ip
    if c.register is None or rules is None:
        return []
    added = []
    for year in sorted(y for y in c.yearly_totals if y < c.year and y not in c.history.years):
        counted = {
            id(asset): asset
            for rule in rules.counting
            for asset in counted_assets(c.register, rules, rule.measure, [year])
        }
        late = [
            asset
            for asset in counted.values()
            if asset.contributions
            and not asset.in_register_file
            and min(given.year for given in asset.contributions) > year
        ]
        if late:
            added.append(LateAddition(year=year, count=len(late)))
    return added


def _year_sources(c: Consolidation) -> list[YearSource]:
    earlier = sorted(y for y in c.yearly_totals if y != c.year)
    signed = [y for y in earlier if y in c.history.years]
    computed = [y for y in earlier if y not in c.history.years]
    sources = []
    # The years whose report is cited apart from those without: one citation list for
    # years of which only some are cited read as covering them all.
    cited = [y for y in signed if y in c.history.reports]
    if cited:
        reports = [c.history.reports[y] for y in cited]
        sources.append(YearSource(years=cited, signed=True, reports=reports))
    uncited = [y for y in signed if y not in c.history.reports]
    if uncited:
        sources.append(YearSource(years=uncited, signed=True))
    if computed:
        sources.append(YearSource(years=computed, signed=False))
    return sources


def agency_source_amounts(c: Consolidation) -> dict[str, list[int]]:
    """Each reporting agency's funding per source of the plan, in the plan's order (empty
    lists when the plan lists no source)."""
    count = len(c.plan.funding_sources)
    amounts: dict[str, list[int]] = {}
    for summary in c.reported:
        tasks = summary.report.tasks if summary.report is not None else ()
        # the columns summed in C: a loop over every amount took 0.4 s at 10,000 agencies
        rows = [getattr(task, "amounts", ()) for task in tasks]
        if rows and all(len(row) == count and None not in row for row in rows):
            amounts[summary.agency.code] = [sum(column) for column in zip(*rows, strict=True)]
            continue
        totals = [0] * count  # a row short of the plan's sources, or a blank: one by one
        for row in rows:
            for index, amount in enumerate(row[:count]):
                totals[index] += amount or 0
        amounts[summary.agency.code] = totals
    return amounts


def _source_amounts(
    c: Consolidation, amounts: Sequence[int], keep_zero: bool
) -> list[SourceAmount]:
    return [
        SourceAmount(label=source.label, wording=source.wording, amount=amount)
        for source, amount in zip(c.plan.funding_sources, amounts, strict=True)
        if amount or keep_zero
    ]


def funding_by_source(
    c: Consolidation, per_agency: Mapping[str, list[int]] | None = None
) -> list[int]:
    """The year's funding per source of the plan, in its order."""
    columns = zip(*(per_agency or agency_source_amounts(c)).values(), strict=True)
    return [sum(column) for column in columns] or [0] * len(c.plan.funding_sources)


NAMED_GROUP_MEMBERS = 3  # a group this small is named agency by agency, not counted


def _funding_facts(c: Consolidation) -> dict[str, Any]:
    """The report's funding: total, by source as the plan lists them, by group of agencies,
    and per agency (appendix), each with its sources."""
    amounts = agency_source_amounts(c)
    groups: dict[str, list[AgencySummary]] = {}
    for summary in c.reported:
        if summary.funding:
            groups.setdefault(summary.agency.kind_info.group_name, []).append(summary)

    def summed(summaries: Iterable[AgencySummary]) -> list[int]:
        columns = zip(*(amounts[s.agency.code] for s in summaries), strict=True)
        return [sum(column) for column in columns]

    sources = c.plan.funding_sources
    return {
        "funding_total": c.funding_total,
        "funding_sources": _source_amounts(c, funding_by_source(c, amounts), keep_zero=True)
        if sources
        else [],
        "funding_groups": [
            FundingGroup(
                group=group,
                names=[s.agency.name for s in members]
                if len(members) <= NAMED_GROUP_MEMBERS
                else [],
                agencies=len(members),
                amount=sum(s.funding for s in members),
                sources=_source_amounts(c, summed(members), keep_zero=False),
            )
            for group, members in groups.items()
        ],
        "funding": [
            FundingRow(
                agency=s.agency.name,
                amount=s.funding,
                sources=_source_amounts(c, amounts[s.agency.code], keep_zero=False),
            )
            for s in c.reported
            if s.funding
        ],
    }


def agency_directives(c: Consolidation) -> list[tuple[Agency, list[DocumentRef]]]:
    """The documents each reporting agency issued in the year to carry out the plan, in the
    order the agencies report, each agency's by date."""
    found = []
    for summary in c.reported:
        directives = getattr(summary.report, "directives", ())
        if directives:
            documents = [
                DocumentRef(
                    type_name=d.type_name,
                    number_symbol=d.number_symbol,
                    issued_on=d.issued_on,
                    issuer=_issuer_on(c, summary.agency, d.issued_on),
                    subject=d.subject,
                )
                for d in sorted(directives, key=lambda d: (d.issued_on, d.number_symbol))
            ]
            found.append((summary.agency, documents))
    return found


def _issuer_on(c: Consolidation, agency: Agency, day: date) -> str:
    """Who issued a document the agency lists: itself, or (dated before it began) the
    department merged into it that was working that day."""
    if agency.active_from is None or day >= agency.active_from:
        return agency.name
    for before in c.workspace.registry.predecessors(agency.code):
        if (before.active_from is None or before.active_from <= day) and (
            before.active_to is None or day <= before.active_to
        ):
            return before.name
    return agency.name


def _directive_facts(c: Consolidation) -> dict[str, Any]:
    """The documents issued, by group of agencies (as the registry groups them)."""
    groups: dict[str, list[tuple[Agency, AgencyDirectives]]] = {}
    count = 0
    for agency, documents in agency_directives(c):
        count += len(documents)
        facts = AgencyDirectives(agency=agency.name, documents=documents)
        groups.setdefault(agency.kind_info.group_name, []).append((agency, facts))
    return {
        "directives": [_directive_group(group, members) for group, members in groups.items()],
        "directive_count": count,
    }


def _directive_group(group: str, members: list[tuple[Agency, AgencyDirectives]]) -> DirectiveGroup:
    """A group's documents; of local governments only the first few are cited in full (a
    report does not cite seventy communes' plans one by one)."""
    shown = [facts for _, facts in members]
    if members and _is_local(members[0][0]):
        shown = shown[:NAMED_LOCAL_AGENCIES]
    documents = sum(len(facts.documents) for _, facts in members)
    shown_documents = sum(len(facts.documents) for facts in shown)
    return DirectiveGroup(
        group=group,
        agencies=shown,
        issuers=len(members),
        documents=documents,
        more_agencies=len(members) - len(shown),
        more_documents=documents - shown_documents,
    )


def _gathered(c: Consolidation, attribute: str) -> list[Gathered]:
    """Each distinct text once, with every agency that wrote it (agencies often agree)."""
    authors: dict[str, list[Agency]] = {}
    texts: dict[str, str] = {}
    for summary in c.reported:
        # an item the agency listed twice counts once for it
        items = {
            text.casefold(): text
            for text in _cell_items(getattr(summary.report, attribute, "") or "")
        }
        for key, text in items.items():
            texts.setdefault(key, text)
            authors.setdefault(key, []).append(summary.agency)
    gathered = []
    local_codes = _local_agencies(c)
    for key, text in texts.items():
        provincial = [a.name for a in authors[key] if a.code not in local_codes]
        local = [a.name for a in authors[key] if a.code in local_codes]
        more = max(len(local) - NAMED_LOCAL_AGENCIES, 0)
        named = heads_factored(local[:NAMED_LOCAL_AGENCIES])
        gathered.append(Gathered(text=text, agencies=provincial + named, more=more))
    return sorted(gathered, key=lambda g: -(len(g.agencies) + g.more))


def _submissions(c: Consolidation) -> list[SubmissionRow]:
    rows = []
    for summary in c.agencies:
        report = summary.report
        day = getattr(report, "report_date", None) if report is not None else None
        rows.append(
            SubmissionRow(
                agency=summary.agency.name,
                report_date=day if isinstance(day, date) else None,
                standing=summary.standing.value,
                done=summary.done if report is not None else None,
                in_progress=summary.in_progress if report is not None else None,
                not_started=summary.not_started if report is not None else None,
            )
        )
    return rows


def _submission_totals(c: Consolidation) -> SubmissionRow:
    """The appendix's totals: how the reports stand, and the tasks of those received."""
    standings = [s.standing for s in c.agencies]
    counted = [f"{standings.count(s)} {s.value.lower()}" for s in Standing if s in standings]
    return SubmissionRow(
        agency="Tổng cộng",
        standing=", ".join(counted),
        done=sum(s.done for s in c.reported),
        in_progress=sum(s.in_progress for s in c.reported),
        not_started=sum(s.not_started for s in c.reported),
    )


# ---------------------------------------------------------------------------
# Letters to the agencies


def letter_tasks(c: Consolidation, agency: Agency) -> tuple[list[Assignment], int, bool]:
    """The tasks a letter lists, the year they are for, and whether the agency stays."""
    workspace = c.workspace
    if c.final_year:
        return workspace.tasks_of(agency.code, c.year), c.year, True
    next_year = c.year + 1
    if agency.is_active_on(workspace.deadline(next_year)):
        # a merger decided after the letter's day is not known to it: the tasks the agency
        # will take over from the merged body are not its yet (nor said to be inherited)
        held = [
            a
            for a in workspace.tasks_of(agency.code, next_year)
            if a.inherited_from is None or a.inherited_from.ending_known_on(c.dated_on)
        ]
        return held, next_year, True
    # An end decided after the letter's day is not known to it: the letter asks the agency
    # to go on with its tasks, as one signed that day did.
    stays = not agency.ending_known_on(c.dated_on)
    return workspace.tasks_of(agency.code, c.year), next_year, stays


def _letter_leads(c: Consolidation, assignment: Assignment) -> list[str]:
    """Who leads the task, as the letter's day knows it: a lead whose end was decided after
    that day is named, not the successor it will have by the task's year."""

    def names() -> list[str]:
        registry = c.workspace.registry
        day = c.dated_on
        current = [
            agency
            for reference in assignment.group.leads
            if not registry.is_group(reference)
            for agency in registry.successor_on(reference, day)
        ]
        if all(agency.ending_known_on(day) for agency in current):
            return list(assignment.lead_names)
        return list(c.workspace.lead_names_on(assignment.group, day))

    return _once(c, ("letter leads", id(assignment.group), assignment.lead_names), names)


def _own_unit_named(task: LetterTask, agency: Agency) -> LetterTask:
    """In its parent's letter a lead that is the parent's own unit is not «… thuộc Sở Công
    Thương» (read as the Sở assisting a body of another): it is «…, đơn vị trực thuộc»."""
    suffix = f" thuộc {agency.name}"
    if not any(name.endswith(suffix) for name in task.leads):
        return task
    leads = [
        f"{name.removesuffix(suffix)}, đơn vị trực thuộc" if name.endswith(suffix) else name
        for name in task.leads
    ]
    return task.model_copy(update={"leads": leads, "led_by_own_unit": True})


def leading(c: Consolidation) -> dict[str, set[str]]:
    """The tasks each agency leads in the year, by agency code."""
    return {
        code: {a.task.code for a in assignments if a.role is Role.LEAD}
        for code, assignments in c.workspace.assignments(c.year).items()
    }


def _done_by_leads(c: Consolidation) -> set[str]:
    """The tasks every lead agency that reported says are done."""
    led = leading(c)
    statuses: dict[str, list[object]] = {}
    for summary in c.reported:
        for task in getattr(summary.report, "tasks", ()):
            if task.code in led.get(summary.agency.code, ()):
                statuses.setdefault(task.code, []).append(
                    getattr(task.status, "value", task.status)
                )
    return {code for code, given in statuses.items() if all(s == DONE for s in given)}


def _letter_task(
    c: Consolidation, assignment: Assignment, reported: Mapping[str, Any]
) -> LetterTask:
    code = assignment.task.code
    task = reported.get(code)
    return LetterTask(
        citation=_once(c, ("citation", code), lambda: task_citation(c.plan, code)),
        text=_once(c, ("task text", code), lambda: _one_line(assignment.task.text)),
        lead=assignment.role is Role.LEAD,
        leads=_letter_leads(c, assignment) if assignment.role is Role.PARTNER else [],
        inherited_from=assignment.inherited_from.name if assignment.inherited_from else "",
        status=(_task_status(task.status) or "") if task is not None else "",
        result=_one_line(task.result) if task is not None else "",
        # under way, it waits on no approval (begun, it is an unfinished task like any other)
        awaits_approval=assignment.task.awaits_approval
        and (task is None or _task_status(task.status) != IN_PROGRESS),
    )


def _figures(c: Consolidation, report: AgencyReportLike) -> list[Figure]:
    """The figures the agency gave: counts, money, and a percentage's two numbers."""
    codes = _once(c, "quantities", lambda: {q.code: q for q in c.plan.quantities})
    return [
        Figure(name=codes[f.code].name, value=format_number(f.value), unit=codes[f.code].unit)
        for f in report.measures
        if f.value and f.code in codes
    ]


def _review_from(c: Consolidation, agency: Agency) -> date | None:
    """The day an agency's review of the period starts, when not the period's first: an
    agency that began during it and is no named agency's successor answers for its own part.
    A merged department answers for its predecessors too. A commune that took over the
    ended districts' tasks answers from the first day of the year it began, what the
    districts did on its territory until then included: those months are reported by no
    one else (the earlier years are in the signed yearly reports)."""
    start = agency.active_from
    first_day = date(c.plan.period.first_year, 1, 1)
    if start is None or start <= first_day or c.workspace.registry.predecessors(agency.code):
        return None
    if _takes_over_from(c, agency):
        year_start = date(start.year, 1, 1)
        return year_start if year_start > first_day else None
    return start


def _taken_over_until(c: Consolidation, agency: Agency) -> date | None:
    """In a year before the last, the day before an agency began that took over the tasks of
    ended agencies mid-year (a commune, 01/7/2025): what those did on its territory since the
    year began is reported by no one, and is lost for good unless asked for now."""
    start = agency.active_from
    if c.final_year or start is None or start.year != c.year or start == date(c.year, 1, 1):
        return None
    return start - timedelta(days=1) if _takes_over_from(c, agency) else None


def _takes_over_from(c: Consolidation, agency: Agency) -> list[str]:
    """The plan's names of the ended agencies whose tasks pass to the agency's kind."""
    if agency.active_from is None:
        return []
    return list(_once(c, ("takes over", agency.kind), lambda: _ended_groups(c, agency.kind)))


def _ended_groups(c: Consolidation, kind: str) -> list[str]:
    registry = c.workspace.registry
    names = []
    for old in registry.agencies.values():
        successor = old.successor
        if successor in registry.groups and kind in registry.groups[successor].kinds:
            name = old.kind_info.group_name
            if name and name not in names:
                names.append(name)
    return names


def _letter_recipients(c: Consolidation, agency: Agency) -> list[str]:
    """The letters' «Nơi nhận», with the agency the recipient belongs to (a Chi cục's Sở)
    told of it after «Như trên»; not the consolidating agency itself, which sends the letter."""
    outputs = c.plan.outputs
    names = recipient_names(outputs.letter_recipients, outputs.drafting_unit)
    if agency.parent is None or agency.parent == c.workspace.receiver_in(c.year).code:
        return names
    parent = f"{c.workspace.registry.agency(agency.parent).name} (để biết)"
    return [*names[:1], parent, *names[1:]]


def letter_context(c: Consolidation, summary: AgencySummary) -> LetterContext:
    plan = c.plan
    agency = summary.agency
    assignments, task_year, stays = letter_tasks(c, agency)
    predecessors = c.workspace.registry.predecessors(agency.code)
    heirs = [agency.code, *(old.code for old in predecessors)]
    report = summary.report
    reported = {task.code: task for task in report.tasks} if report is not None else {}
    tasks = [_own_unit_named(_letter_task(c, a, reported), agency) for a in assignments]
    done_by_leads = _once(c, "done by leads", lambda: _done_by_leads(c))
    # A partner's part of a task its lead has finished is not asked to be sped up: the
    # task is done (the report, too, counts the lead's word).
    unfinished_tasks = [
        (t, t.lead or a.task.code not in done_by_leads)
        for t, a in zip(tasks, assignments, strict=True)
        if t.status in (IN_PROGRESS, NOT_STARTED)
    ]
    open_tasks = [t for t, still_open in unfinished_tasks if still_open]
    day = getattr(report, "report_date", None) if report is not None else None
    ended = agency.active_to + timedelta(days=1) if agency.active_to else None
    reminded, reminded_until = c.reminded.get(agency.code, (None, None))
    header = _once(
        c,
        ("letter header", agency.parent),
        lambda: _header(c, _letter_number(c), _letter_recipients(c, agency)),
    )
    return LetterContext(
        header=header,
        appendix_of=_once(c, "letter appendix", lambda: _appendix_of(c, header, "Công văn")),
        plan=_once(c, "plan", lambda: plan_facts(plan)),
        issuer=c.issuer.name,
        reports_to=plan.reporting.reports_to,
        agency=_agency_facts(c, agency),
        year=c.year,
        task_year=task_year,
        final_year=c.final_year,
        stays=stays,
        successor=c.workspace.registry.successor_name(agency.code) or "",
        handover_on=ended,
        end_reason=agency.end_reason,
        end_basis=agency.end_basis,
        since=agency.active_from,
        review_from=_review_from(c, agency),
        takes_over_from=_takes_over_from(c, agency),
        taken_over_until=(until := _taken_over_until(c, agency)),
        taken_over_by=answer_by(c) if until else None,
        reported=report is not None,
        report_date=day if isinstance(day, date) else None,
        on_time=summary.standing is Standing.ON_TIME,
        deadline=c.deadline,
        deadline_strict=c.deadline_strict,
        done=summary.done,
        in_progress=summary.in_progress,
        not_started=summary.not_started,
        figures=_figures(c, report) if report is not None else [],
        funding=summary.funding,
        tasks=tasks,
        unfinished=[t for t in open_tasks if not t.awaits_approval],
        awaiting=[t for t in open_tasks if t.awaits_approval],
        settled_by_lead=[t for t, still_open in unfinished_tasks if not still_open],
        predecessors=[old.name for old in predecessors],
        assets=[
            _once(c, ("asset", id(asset)), lambda asset=asset: _asset_facts(c, asset))
            for asset in _assets_of(c, heirs)
        ],
        renewals=_renewals(c, heirs),
        reply_by=_reply_by(c, task_year),
        missing_report_by=answer_by(c) if report is None else None,
        cutoff=_as_of(c, reminded),
        reminded=_cited_reminder(c, reminded),
        reminded_until=reminded_until,
    )


def _assets_of(c: Consolidation, codes: Sequence[str]) -> list[Asset]:
    """The register's assets the agencies ``codes`` contributed to, each once, in the
    register's order."""
    assets = c.register.assets if c.register else []
    by_agency = _once(c, "assets by agency", lambda: _by_agency(assets, lambda a: a.contributors))
    if len(codes) == 1:  # most agencies: their list as indexed
        return by_agency.get(codes[0], [])
    return _in_order(assets, [item for code in codes for item in by_agency.get(code, [])])


def _in_order(order: Sequence[T], items: list[T]) -> list[T]:
    """``items`` each once, in the order of ``order``."""
    wanted = {id(item) for item in items}
    return [item for item in order if id(item) in wanted]


def answer_by(c: Consolidation) -> date | None:
    """The plan's time to answer a letter, from the letter's day (a missing report, and the
    final year's review, are asked for by it)."""
    reply = c.plan.outputs.letter_reply
    return reply.due_from(c.dated_on) if reply else None


def _reply_by(c: Consolidation, task_year: int) -> date | None:
    """The date a letter asks the agency to answer by: fixed, computed from the data."""
    return answer_by(c) if c.final_year else c.plan.reporting.deadline(task_year)


# ---------------------------------------------------------------------------
# Reminders


def _request_letter(c: Consolidation) -> DocumentRef | None:
    """The Sở's letter asking for the year's reports, when the plan data records it."""
    letter = c.plan.outputs.request_letters.get(c.year)
    if letter is None:
        return None
    return DocumentRef(
        type_name="Công văn",
        number_symbol=letter.number_symbol,
        issued_on=letter.issued_on,
        issuer=letter.issuer,
        subject=letter.subject,
    )


def reminder_context(
    c: Consolidation,
    agency: Agency,
    day: date,
    new_deadline: date,
    earlier: Sequence[EarlierReminder] = (),
) -> ReminderContext:
    """The reminder to ``agency``, dated ``day`` (see :mod:`generator.reminders`)."""
    plan = c.plan
    outputs = plan.outputs
    recipients = outputs.reminder_recipients or outputs.letter_recipients
    return ReminderContext(
        header=_header(
            replace(c, signing_date=day),
            _letter_number(c),
            recipient_names(recipients, outputs.drafting_unit),
        ),
        plan=plan_facts(plan),
        issuer=c.issuer.name,
        reports_to=plan.reporting.reports_to,
        agency=_agency_facts(c, agency),
        year=c.year,
        deadline=c.deadline,
        deadline_strict=c.deadline_strict,
        day=day,
        request=_request_letter(c),
        earlier=[_cited_reminder(c, e) for e in earlier],
        new_deadline=new_deadline,
    )


def unsafe_file_stem(code: str) -> str | None:
    """Why ``code`` cannot name a file, or None when it is safe on Windows and elsewhere."""
    if not code or code in (".", ".."):
        return "mã rỗng hoặc chỉ gồm dấu chấm"
    if ".." in code or any(char in code for char in '/\\:*?"<>|') or code != code.strip():
        return "mã chứa ký tự không dùng được trong tên tệp"
    if any(ord(char) < 32 for char in code) or code.endswith("."):
        return "mã chứa ký tự không dùng được trong tên tệp"
    base = code.split(".")[0].upper()
    reserved = {"CON", "PRN", "AUX", "NUL"} | {
        f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)
    }
    if base in reserved:
        return f"«{base}» là tên dành riêng của Windows"
    return None
