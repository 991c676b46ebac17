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

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator

from generator.data.plan import Measure, Plan, Scope
from generator.data.registry import Agency
from generator.data.workspace import Assignment, Role, TaskStatus, Workspace
from generator.data.yamldata import line_of, parse_model_with_lines
from generator.documents.context import (
    AreaResult,
    FundingRow,
    Header,
    LetterContext,
    ReminderContext,
    ReportContext,
    Signer,
    SubmissionRow,
    TargetRow,
    TaskItem,
)
from generator.errors import DataError, DataErrors, Location
from generator.vnformat import (
    clean_cell_text,
    doc_symbol,
    format_doc_number,
    format_number,
    format_percent,
    format_place_date,
    format_short_date,
    money_in_words,
    upper_vi,
)

HISTORY_FILE = "so-lieu-cac-nam-truoc.yaml"

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


class _History(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sample: bool = Field(alias="so_lieu_mau")
    years: dict[int, dict[str, StrictInt]] = Field(alias="nam")

    @field_validator("years")
    @classmethod
    def _not_negative(cls, years: dict[int, dict[str, int]]) -> dict[int, dict[str, int]]:
        for year, figures in years.items():
            for code, value in figures.items():
                if value < 0:
                    raise ValueError(f"năm {year}, chỉ tiêu {code}: số liệu không được âm")
        return years


@dataclass(frozen=True)
class History:
    """Consolidated figures per year and measure code, from the signed earlier reports."""

    years: dict[int, dict[str, int]] = field(default_factory=dict)
    sample: bool = False
    source: Path | None = None


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
        if unknown:
            errors.append(
                DataError("mã chỉ tiêu không có trong kế hoạch: " + ", ".join(unknown), where)
            )
        if missing:
            errors.append(DataError("thiếu số liệu chỉ tiêu: " + ", ".join(missing), where))
    if errors:
        raise DataErrors(errors, heading)
    return History(years=dict(data.years), sample=data.sample, source=path)


# ---------------------------------------------------------------------------
# Figures and judgements


class Outcome(StrEnum):
    MET = "Đạt"
    EXCEEDED = "Vượt"
    NOT_MET = "Chưa đạt"
    IN_PROGRESS = "Đang thực hiện"
    REACHED_EARLY = "Đã đạt mức tối thiểu"
    EXCEEDED_EARLY = "Đã vượt mức tối đa"


@dataclass(frozen=True)
class MeasureResult:
    measure: Measure
    year_total: int
    cumulative: int
    outcome: Outcome
    judgement: str

    @property
    def not_met(self) -> bool:
        return self.outcome is Outcome.NOT_MET


def _against_range(value: int, measure: Measure) -> Outcome:
    if measure.minimum is not None and value < measure.minimum:
        return Outcome.NOT_MET
    if measure.maximum is not None and value > measure.maximum:
        return Outcome.EXCEEDED
    return Outcome.MET


def judge(measure: Measure, year_total: int, cumulative: int, final_year: bool) -> MeasureResult:
    """The verdict on one measure (see the module docstring for the rules)."""
    if measure.scope is Scope.PER_YEAR:
        outcome = _against_range(year_total, measure)
        return MeasureResult(measure, year_total, cumulative, outcome, outcome.value)
    outcome = _against_range(cumulative, measure)
    if final_year:
        return MeasureResult(measure, year_total, cumulative, outcome, outcome.value)
    if outcome is Outcome.MET:
        return MeasureResult(measure, year_total, cumulative, Outcome.REACHED_EARLY, "Đã đạt")
    if outcome is Outcome.EXCEEDED:
        early = Outcome.EXCEEDED_EARLY
        return MeasureResult(measure, year_total, cumulative, early, "Đã vượt")
    share = Decimal(cumulative * 100) / Decimal(measure.minimum or 1)
    text = f"Đang thực hiện (đạt {format_percent(share, 0)} mức tối thiểu)"
    return MeasureResult(measure, year_total, cumulative, Outcome.IN_PROGRESS, text)


def measure_totals(reports: Iterable[AgencyReportLike], plan: Plan) -> dict[str, int]:
    """The sum of every report's figure per measure code (blank counts as 0)."""
    totals = {measure.code: 0 for measure in plan.measures}
    for report in reports:
        for figure in report.measures:
            if figure.code in totals and figure.value:
                totals[figure.code] += figure.value
    return totals


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
    def issuer(self) -> Agency:
        return self.workspace.registry.agency(self.plan.outputs.issuer)

    @property
    def funding_total(self) -> int:
        return sum(summary.funding for summary in self.agencies)

    @property
    def reported(self) -> list[AgencySummary]:
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
        return [
            s for s in self.letter_recipients if s.standing in (Standing.MISSING, Standing.LATE)
        ]


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
) -> Consolidation:
    """Sum, judge and summarise year ``year``.

    ``earlier_totals`` gives, for each year of :func:`cumulative_years`, the measure totals
    computed from that year's workbooks; a year found neither there nor in ``history``
    raises a DataError saying what to add.
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
    final_year = year == plan.period.last_year
    results = [
        judge(
            measure,
            yearly[year][measure.code],
            sum(totals.get(measure.code, 0) for totals in yearly.values()),
            final_year,
        )
        for measure in plan.measures
    ]
    return Consolidation(workspace, year, agencies, results, yearly, history)


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
# Text helpers


def _one_line(text: str) -> str:
    """Free text from a cell as one clean sentence-part: no line breaks, no final stop."""
    text = clean_cell_text(text or "")
    text = re.sub(r"\s*\n\s*[-+•*]?\s*", "; ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" .;,")


def _recipient_lines(items: Sequence[str], drafting_unit: str) -> list[str]:
    """ "Nơi nhận" lines: "- X;" each, the last "- Lưu: VT, <unit>." (added when absent)."""
    names = [item.strip().lstrip("-").strip().rstrip(";.").strip() for item in items]
    names = [name for name in names if name]
    if not names or not names[-1].startswith("Lưu"):
        names.append(f"Lưu: VT, {drafting_unit}")
    return [f"- {name};" for name in names[:-1]] + [f"- {names[-1]}."]


def _plan_reference(plan: Plan) -> str:
    """ "Kế hoạch số 65/KH-UBND ngày 14/3/2021 của UBND tỉnh Sơn La"."""
    return (
        f"Kế hoạch số {plan.number_symbol} ngày {format_short_date(plan.issued_on)} "
        f"của {plan.issuer_short}"
    )


def _header(c: Consolidation, number_line: str, recipients: list[str]) -> Header:
    outputs = c.plan.outputs
    signer = outputs.signer
    return Header(
        parent_body=upper_vi(outputs.parent_body),
        issuing_body=upper_vi(c.issuer.name),
        number_line=number_line,
        place_date=(
            format_place_date(outputs.place, c.signing_date)
            if c.signing_date
            else format_place_date(outputs.place, month=c.deadline.month, year=c.year)
        ),
        recipients=recipients,
        signer=Signer(authority_lines=list(signer.authority_lines), name=signer.name),
        document_date=c.signing_date or c.deadline,
    )


def _letter_number(c: Consolidation) -> str:
    outputs = c.plan.outputs
    return format_doc_number(None, doc_symbol(None, c.issuer.code, outputs.drafting_unit))


def letter_recipient_lines(c: Consolidation) -> list[str]:
    return _recipient_lines(["Như trên", "Lãnh đạo Sở"], c.plan.outputs.drafting_unit)


# ---------------------------------------------------------------------------
# The consolidated report


def report_context(c: Consolidation) -> ReportContext:
    plan = c.plan
    outputs = plan.outputs
    number = format_doc_number(None, doc_symbol("Báo cáo", c.issuer.code))
    recipients = _recipient_lines(outputs.report_recipients, outputs.drafting_unit)
    header = _header(c, number, recipients)
    return ReportContext(
        header=header,
        appendix_reference=_appendix_reference(c, header),
        subject=_report_subject(c),
        intro=_report_intro(c),
        areas=_area_results(c),
        targets=[_target_row(result) for result in c.measures],
        target_notes=_target_notes(c),
        funding=_funding_rows(c),
        funding_total=format_number(c.funding_total),
        funding_total_words=money_in_words(c.funding_total),
        difficulties=_gathered(
            c, "difficulties", "Các cơ quan, đơn vị không nêu khó khăn, vướng mắc."
        ),
        proposals=_proposals(c),
        period_summary=_period_summary(c) if c.final_year else [],
        closing=_report_closing(c),
        appendix=_appendix(c),
        year=c.year,
    )


def _appendix_reference(c: Consolidation, header: Header) -> str:
    """ "(Kèm theo Báo cáo số      /BC-SKHCN ngày      tháng 11 năm 2025 của Sở …)"."""
    number = header.number_line.replace("Số:", "số", 1)
    dated = header.place_date.split(", ", 1)[-1]
    return f"(Kèm theo Báo cáo {number} {dated} của {c.issuer.name})"


def _report_subject(c: Consolidation) -> str:
    text = f"Kết quả thực hiện {_plan_reference(c.plan)} năm {c.year}"
    if c.final_year:
        period = c.plan.period
        text += f" và tổng kết giai đoạn {period.first_year}-{period.last_year}"
    return text


def _names(summaries: Sequence[AgencySummary]) -> str:
    return ", ".join(summary.agency.name for summary in summaries)


def _report_intro(c: Consolidation) -> list[str]:
    plan = c.plan
    on_time = [s for s in c.agencies if s.standing is Standing.ON_TIME]
    first = (
        f"Thực hiện {_plan_reference(plan)} về {_lower_first(plan.subject)}; căn cứ báo cáo "
        f"của các cơ quan, đơn vị, {c.issuer.name} báo cáo kết quả thực hiện Kế hoạch năm "
        f"{c.year} như sau:"
    )
    counts = (
        f"Năm {c.year} có {len(c.agencies)} cơ quan, đơn vị phải báo cáo (thời hạn ngày "
        f"{format_short_date(c.deadline)}); {c.issuer.name} đã nhận {len(on_time)} báo cáo "
        f"đúng hạn, {len(c.late)} báo cáo trễ hạn"
    )
    if c.missing:
        counts += f"; {len(c.missing)} đơn vị chưa gửi báo cáo: {_names(c.missing)}"
    else:
        counts += "; không có đơn vị nào chưa gửi báo cáo"
    return [first, counts + "."]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


EXAMPLES_PER_AREA = 3
NAMED_LOCAL_AGENCIES = 3


@dataclass(frozen=True)
class _Result:
    agency: Agency
    text: str
    status: str | None


def _is_local(agency: Agency) -> bool:
    return agency.is_local


def _local_group_name(agencies: Iterable[Agency]) -> str:
    """The group wording of the newest local tier among ``agencies`` (communes after 1/7/2025)."""
    newest = max(agencies, key=lambda agency: agency.active_from or date.min)
    return newest.kind_info.group_name


def _results_by_area(c: Consolidation) -> dict[str, list[_Result]]:
    """Each reported task result under the first work area the plan gives its task."""
    first_area = {task.code: (task.areas[0] if task.areas else "") for task in c.plan.tasks}
    by_area: dict[str, list[_Result]] = {area.code: [] for area in c.plan.areas}
    by_area[""] = []
    for summary in c.reported:
        assert summary.report is not None
        for task in summary.report.tasks:
            if task.code in first_area:
                result = _Result(summary.agency, _one_line(task.result), _task_status(task.status))
                by_area[first_area[task.code]].append(result)
    return by_area


_STATUS_WORDS = ("đang", "đã", "chưa")


def _quoted_result(result: _Result) -> str:
    """A result as the report quotes it: its status added only where the text does not say it."""
    says_status = result.text.casefold().startswith(_STATUS_WORDS)
    if result.status == IN_PROGRESS and not says_status:
        return f"{result.text} (đang thực hiện)"
    return result.text


def _joined(texts: Sequence[str]) -> str:
    """Distinct texts as one sentence: "A; b; c" (later parts start lower case)."""
    distinct: dict[str, str] = {}
    for text in texts:
        distinct.setdefault(text.casefold(), text)
    first, *rest = distinct.values()
    return "; ".join([first, *map(_lower_first, rest)])


def _agency_paragraphs(results: Sequence[_Result]) -> list[str]:
    """One paragraph per agency, quoting its results in the area, each distinct text once."""
    texts: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for result in results:
        if not result.text:
            continue
        texts.setdefault(result.agency.code, []).append(_quoted_result(result))
        names[result.agency.code] = result.agency.name
    return [f"{names[code]}: {_joined(found)}." for code, found in texts.items()]


def _local_paragraph(results: Sequence[_Result]) -> str | None:
    """Local governments are many (75 communes): counts and a few examples, not 75 quotes."""
    if not results:
        return None
    agencies = {result.agency.code for result in results}
    statuses = [result.status for result in results]
    text = (
        f"{_local_group_name(r.agency for r in results)}: {len(agencies)} đơn vị báo cáo "
        f"{len(results)} lượt nhiệm vụ thuộc nội dung này, trong đó "
        f"{statuses.count(DONE)} lượt đã hoàn thành, {statuses.count(IN_PROGRESS)} lượt đang "
        f"thực hiện, {statuses.count(NOT_STARTED)} lượt chưa thực hiện."
    )
    done = [result for result in results if result.status == DONE and result.text]
    examples: list[_Result] = []
    for result in sorted(done, key=lambda r: -len(r.text)):
        if all(result.text != e.text and result.agency != e.agency for e in examples):
            examples.append(result)
        if len(examples) == EXAMPLES_PER_AREA:
            break
    if examples:
        quoted = ", ".join(f"{e.agency.short_name} ({_lower_first(e.text)})" for e in examples)
        text += f" Một số kết quả tiêu biểu: {quoted}."
    return text + " Kết quả của từng đơn vị tại Bảng tổng hợp kèm theo."


def _area_results(c: Consolidation) -> list[AreaResult]:
    """Section I: per work area, a paragraph per provincial agency, one for local governments."""
    by_area = _results_by_area(c)
    titled = [(f"{area.number}. {area.title}", by_area[area.code]) for area in c.plan.areas]
    if by_area[""]:
        titled.append((f"{len(c.plan.areas) + 1}. Các nhiệm vụ khác", by_area[""]))
    areas: list[AreaResult] = []
    for title, results in titled:
        paragraphs = _agency_paragraphs([r for r in results if not _is_local(r.agency)])
        local = _local_paragraph([r for r in results if _is_local(r.agency)])
        paragraphs += [local] if local else []
        if not paragraphs:
            paragraphs = ["Chưa có cơ quan, đơn vị nào báo cáo kết quả thuộc nội dung này."]
        areas.append(AreaResult(title=title, paragraphs=paragraphs))
    return areas


def _target_row(result: MeasureResult) -> TargetRow:
    measure = result.measure
    return TargetRow(
        code=measure.code,
        text=measure.name,
        planned=measure.planned,
        scope=measure.scope.label,
        year_total=format_number(result.year_total),
        cumulative=format_number(result.cumulative),
        judgement=result.judgement,
    )


def _target_notes(c: Consolidation) -> list[str]:
    period = c.plan.period
    first = period.first_year
    notes = [
        f"Ghi chú: số liệu năm {c.year} là tổng số liệu của các cơ quan, đơn vị đã gửi báo "
        f"cáo; lũy kế tính từ năm {first} đến thời điểm báo cáo năm {c.year}.",
        "Chỉ tiêu hằng năm được đánh giá theo số liệu của năm; chỉ tiêu cả giai đoạn được "
        "đánh giá theo số lũy kế"
        + (
            "."
            if c.final_year
            else f", năm {period.last_year} là năm đánh giá cuối cùng (trước đó ghi «Đang thực "
            "hiện» kèm tỷ lệ đạt so với mức tối thiểu, hoặc «Đã đạt», «Đã vượt» khi số lũy kế "
            "đã đạt hoặc vượt mức của giai đoạn)."
        ),
    ]
    from_history = sorted(y for y in c.yearly_totals if y in c.history.years and y != c.year)
    if from_history:
        years = ", ".join(str(y) for y in from_history)
        note = f"Số liệu các năm {years} lấy theo báo cáo tổng hợp đã ban hành của các năm đó"
        if c.history.sample:
            note += f" (HIỆN LÀ SỐ LIỆU MẪU trong tệp {HISTORY_FILE}, cần thay trước khi ký)"
        notes.append(note + ".")
    from_workbooks = sorted(y for y in c.yearly_totals if y not in c.history.years and y != c.year)
    if from_workbooks:
        years = ", ".join(str(y) for y in from_workbooks)
        notes.append(f"Số liệu năm {years} tổng hợp từ báo cáo của các cơ quan, đơn vị năm đó.")
    return notes


def _funding_rows(c: Consolidation) -> list[FundingRow]:
    return [
        FundingRow(index=str(i), agency=summary.agency.name, amount=format_number(summary.funding))
        for i, summary in enumerate(c.reported, start=1)
    ]


def _who(agencies: Sequence[Agency]) -> str:
    """Names for a shared text; beyond a few local governments, a count."""
    provincial = [agency.name for agency in agencies if not _is_local(agency)]
    local = [agency.short_name for agency in agencies if _is_local(agency)]
    if len(local) > NAMED_LOCAL_AGENCIES:
        shown, rest = local[:NAMED_LOCAL_AGENCIES], len(local) - NAMED_LOCAL_AGENCIES
        local = [*shown[:-1], f"{shown[-1]} và {rest} đơn vị cấp cơ sở khác"]
    return ", ".join(provincial + local)


def _gathered(c: Consolidation, attribute: str, when_none: str) -> list[str]:
    """Each distinct text once, with every agency that wrote it (agencies often agree)."""
    authors: dict[str, list[Agency]] = {}
    texts: dict[str, str] = {}
    for summary in c.reported:
        text = _one_line(getattr(summary.report, attribute, "") or "")
        if text:
            key = text.casefold()
            texts.setdefault(key, text)
            authors.setdefault(key, []).append(summary.agency)
    paragraphs = [f"{_who(authors[key])}: {texts[key]}." for key in texts]
    return paragraphs or [when_none]


def _proposals(c: Consolidation) -> list[str]:
    paragraphs = _gathered(c, "proposals", "")
    paragraphs = [p for p in paragraphs if p]
    if c.missing or c.late:
        paragraphs.append(
            f"Đề nghị Ủy ban nhân dân tỉnh chỉ đạo các cơ quan, đơn vị thực hiện nghiêm chế độ "
            f"báo cáo theo Kế hoạch (gửi báo cáo trước ngày "
            f"{c.plan.reporting.due_day}/{c.plan.reporting.due_month} hằng năm)."
        )
    return paragraphs or ["Không có đề xuất, kiến nghị."]


def _report_closing(c: Consolidation) -> list[str]:
    outputs = c.plan.outputs
    return [
        f"Trên đây là báo cáo kết quả thực hiện Kế hoạch số {c.plan.number_symbol} năm "
        f"{c.year} của {c.issuer.name}, kính báo cáo {outputs.report_addressee} xem xét, "
        "chỉ đạo./."
    ]


def _appendix(c: Consolidation) -> list[SubmissionRow]:
    rows = []
    for i, summary in enumerate(c.agencies, start=1):
        report = summary.report
        day = getattr(report, "report_date", None) if report is not None else None
        rows.append(
            SubmissionRow(
                index=str(i),
                agency=summary.agency.name,
                report_date=format_short_date(day) if isinstance(day, date) else "",
                status=summary.standing.value,
                tasks_done=str(summary.done) if report is not None else "",
                tasks_in_progress=str(summary.in_progress) if report is not None else "",
                tasks_not_started=str(summary.not_started) if report is not None else "",
            )
        )
    return rows


def _period_summary(c: Consolidation) -> list[str]:
    period = c.plan.period
    span = f"{period.first_year}-{period.last_year}"
    years = len(period.years())
    paragraphs = [
        f"Năm {c.year} là năm cuối thực hiện Kế hoạch số {c.plan.number_symbol} (giai đoạn "
        f"{span}). Kết quả thực hiện các chỉ tiêu cả giai đoạn đến thời điểm báo cáo như sau:"
    ]
    for result in c.measures:
        m = result.measure
        if m.scope is Scope.PER_YEAR:
            good = sum(
                1
                for totals in c.yearly_totals.values()
                if (m.minimum or 0) <= totals.get(m.code, 0)
            )
            paragraphs.append(
                f"- {m.name}: tổng cộng {format_number(result.cumulative)} {m.unit} trong {years} năm; "
                f"{good}/{years} năm đạt mức tối thiểu {m.minimum} {m.unit}/năm của Kế hoạch."
            )
        else:
            paragraphs.append(
                f"- {m.name}: lũy kế {format_number(result.cumulative)} {m.unit}, so với mức "
                f"{m.planned} của Kế hoạch: {result.judgement.lower()}."
            )
    not_met = c.not_met
    achieved = len(c.measures) - len(not_met)
    verdict = f"Cả giai đoạn có {achieved}/{len(c.measures)} chỉ tiêu đạt hoặc vượt mức Kế hoạch"
    if not_met:
        verdict += "; chưa đạt: " + "; ".join(r.measure.name for r in not_met)
    paragraphs.append(verdict + ".")
    done = sum(s.done for s in c.reported)
    total = sum(s.done + s.in_progress + s.not_started for s in c.reported)
    paragraphs.append(
        f"Về nhiệm vụ, trong năm {c.year} các cơ quan, đơn vị đã báo cáo hoàn thành "
        f"{done}/{total} lượt nhiệm vụ được giao. {c.issuer.name} đã đề nghị các cơ quan, đơn "
        f"vị đánh giá kết quả thực hiện từng nhiệm vụ trong cả giai đoạn {span} và đề xuất "
        "nhiệm vụ cho giai đoạn tiếp theo, làm cơ sở tham mưu Ủy ban nhân dân tỉnh tổng kết "
        "Kế hoạch và xây dựng kế hoạch giai đoạn tiếp theo."
    )
    return paragraphs


# ---------------------------------------------------------------------------
# Letters to the agencies


def _task_items(assignments: Iterable[Assignment], role: Role) -> list[TaskItem]:
    return [
        TaskItem(
            code=a.task.code,
            text=a.task.text,
            inherited_from=a.inherited_from.name if a.inherited_from else "",
            lead=", ".join(a.lead_names) if role is Role.PARTNER else "",
        )
        for a in assignments
        if a.role is role
    ]


def letter_tasks(c: Consolidation, agency: Agency) -> tuple[list[Assignment], int, bool]:
    """The tasks a letter lists, the year they are for, and whether the agency stays."""
    workspace = c.workspace
    if c.final_year:
        return workspace.tasks_of(agency.code, c.year), c.year, True
    next_year = c.year + 1
    stays = agency.is_active_on(workspace.deadline(next_year))
    if stays:
        return workspace.tasks_of(agency.code, next_year), next_year, True
    return workspace.tasks_of(agency.code, c.year), next_year, False


def letter_context(c: Consolidation, summary: AgencySummary) -> LetterContext:
    plan = c.plan
    agency = summary.agency
    assignments, task_year, stays = letter_tasks(c, agency)
    if c.final_year:
        period = plan.period
        subject = (
            f"V/v tổng kết thực hiện Kế hoạch số {plan.number_symbol} giai đoạn "
            f"{period.first_year}-{period.last_year}"
        )
    elif stays:
        subject = f"V/v triển khai nhiệm vụ năm {task_year} theo Kế hoạch số {plan.number_symbol}"
    else:
        subject = f"V/v bàn giao nhiệm vụ theo Kế hoạch số {plan.number_symbol}"
    return LetterContext(
        header=_header(c, _letter_number(c), letter_recipient_lines(c)),
        subject_line=subject,
        addressee=agency.name,
        intro=_letter_intro(c, agency, task_year, stays),
        reported=_reported(c, summary),
        lead_tasks=_task_items(assignments, Role.LEAD),
        partner_tasks=_task_items(assignments, Role.PARTNER),
        closing=_letter_closing(c, agency, task_year, stays),
        final_review=c.final_year,
    )


def _letter_intro(c: Consolidation, agency: Agency, task_year: int, stays: bool) -> list[str]:
    plan = c.plan
    base = (
        f"Thực hiện {_plan_reference(plan)} về {_lower_first(plan.subject)} (sau đây gọi là "
        f"Kế hoạch); căn cứ báo cáo kết quả thực hiện Kế hoạch năm {c.year} của các cơ quan, "
        f"đơn vị, {c.issuer.name} thông báo kết quả và đề nghị {agency.name} "
    )
    if c.final_year:
        period = plan.period
        request = (
            f"tổng kết việc thực hiện các nhiệm vụ được giao trong cả giai đoạn "
            f"{period.first_year}-{period.last_year}, như sau:"
        )
    elif stays:
        request = f"triển khai các nhiệm vụ năm {task_year} theo Kế hoạch, như sau:"
    else:
        request = "bàn giao các nhiệm vụ đang thực hiện theo Kế hoạch, như sau:"
    return [base + request, *_district_tasks_note(agency)]


def _district_tasks_note(agency: Agency) -> list[str]:
    """Communes hold tasks the plan worded for districts: say so once, quotes stay verbatim."""
    if not agency.is_local or agency.active_from is None:
        return []
    return [
        "Các nhiệm vụ Kế hoạch giao cho Ủy ban nhân dân các huyện, thành phố do Ủy ban nhân "
        f"dân các xã, phường thực hiện kể từ ngày {format_short_date(agency.active_from)}; "
        "nội dung nhiệm vụ dưới đây được trích nguyên văn Kế hoạch."
    ]


def _reported(c: Consolidation, summary: AgencySummary) -> list[str]:
    report = summary.report
    deadline = format_short_date(c.deadline)
    if report is None:
        return [
            f"Đến hết ngày {deadline} (thời hạn báo cáo), {c.issuer.name} chưa nhận được báo "
            f"cáo kết quả thực hiện Kế hoạch năm {c.year} của quý cơ quan; đề nghị quý cơ quan "
            "khẩn trương gửi báo cáo theo công văn đôn đốc của Sở."
        ]
    day = getattr(report, "report_date", None)
    when = f"ngày {format_short_date(day)}" if isinstance(day, date) else "trong năm"
    timing = "đúng thời hạn" if summary.standing is Standing.ON_TIME else f"sau thời hạn {deadline}"
    paragraphs = [
        f"Quý cơ quan đã gửi báo cáo kết quả thực hiện năm {c.year} {when} ({timing}). "
        + _task_counts(summary)
    ]
    figures = [
        f"{c.plan.measure(f.code).name.lower()}: {format_number(f.value)} {c.plan.measure(f.code).unit}"
        for f in report.measures
        if f.value and any(m.code == f.code for m in c.plan.measures)
    ]
    if figures:
        paragraphs.append("Kết quả các chỉ tiêu của Kế hoạch: " + "; ".join(figures) + ".")
    else:
        paragraphs.append(
            "Trong năm, quý cơ quan không có kết quả phát sinh đối với các chỉ tiêu của Kế hoạch."
        )
    if summary.funding:
        paragraphs.append(
            f"Kinh phí thực hiện: {format_number(summary.funding)} đồng "
            f"({_lower_first(money_in_words(summary.funding))})."
        )
    else:
        paragraphs.append("Trong năm, quý cơ quan không sử dụng kinh phí thực hiện Kế hoạch.")
    return paragraphs


def _task_counts(summary: AgencySummary) -> str:
    """ "Trong 8 nhiệm vụ được giao: 3 … đã hoàn thành, 5 … đang thực hiện." (no zero parts)."""
    counts = [
        (summary.done, "đã hoàn thành"),
        (summary.in_progress, "đang thực hiện"),
        (summary.not_started, "chưa thực hiện"),
    ]
    total = sum(count for count, _ in counts)
    present = [(count, words) for count, words in counts if count]
    if not present:
        return "Báo cáo không nêu nhiệm vụ nào."
    if len(present) == 1:
        return f"Cả {total} nhiệm vụ được giao đều {present[0][1]}."
    parts = ", ".join(f"{count} nhiệm vụ {words}" for count, words in present)
    return f"Trong {total} nhiệm vụ được giao: {parts}."


def _letter_closing(c: Consolidation, agency: Agency, task_year: int, stays: bool) -> list[str]:
    plan = c.plan
    rule = plan.reporting
    if c.final_year:
        return [
            f"Báo cáo tổng kết đề nghị gửi về {c.issuer.name} trong thời hạn 15 ngày kể từ "
            "ngày nhận được công văn này để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
            f"{c.issuer.name} đề nghị quý cơ quan quan tâm, phối hợp thực hiện./.",
        ]
    if not stays:
        successor = c.workspace.registry.successor_name(agency.code) or "đơn vị kế nhiệm"
        since = (
            f"từ ngày {format_short_date(agency.active_to + timedelta(days=1))}, "
            if agency.active_to
            else ""
        )
        return [
            f"Theo phương án sắp xếp tổ chức bộ máy, {since}các nhiệm vụ trên do {successor} "
            "tiếp nhận; đề nghị quý cơ quan bàn giao đầy đủ hồ sơ, kết quả thực hiện để đơn vị "
            f"tiếp nhận báo cáo kết quả năm {task_year} đúng thời hạn.",
            f"{c.issuer.name} đề nghị quý cơ quan quan tâm, phối hợp thực hiện./.",
        ]
    due = format_short_date(rule.deadline(task_year))
    return [
        f"Đề nghị quý cơ quan báo cáo kết quả thực hiện năm {task_year} theo mẫu phiếu báo cáo "
        f"(tệp Excel gửi kèm công văn này), gửi về {c.issuer.name} trước ngày {due} để tổng "
        "hợp, báo cáo Ủy ban nhân dân tỉnh.",
        f"{c.issuer.name} đề nghị quý cơ quan quan tâm, phối hợp thực hiện./.",
    ]


# ---------------------------------------------------------------------------
# Reminders


def reminder_context(c: Consolidation, summary: AgencySummary) -> ReminderContext:
    plan = c.plan
    agency = summary.agency
    rule = plan.reporting
    deadline = format_short_date(c.deadline)
    quoted = _one_line(rule.text)
    opening = f"Theo {_plan_reference(plan)}: “{quoted}.”"
    if summary.report is None:
        subject = f"V/v đôn đốc gửi báo cáo năm {c.year} theo Kế hoạch số {plan.number_symbol}"
        body = [
            opening,
            f"Đến hết ngày {deadline}, {c.issuer.name} chưa nhận được báo cáo kết quả thực "
            f"hiện Kế hoạch năm {c.year} của {agency.name}.",
            f"Để kịp tổng hợp, báo cáo Ủy ban nhân dân tỉnh, {c.issuer.name} đề nghị "
            f"{agency.name} khẩn trương gửi báo cáo (theo mẫu phiếu báo cáo năm {c.year}) về "
            f"{c.issuer.name} trong thời hạn 05 ngày làm việc kể từ ngày nhận được công văn "
            "này./.",
        ]
    else:
        day = getattr(summary.report, "report_date", None)
        when = f"ngày {format_short_date(day)}" if isinstance(day, date) else "sau thời hạn"
        subject = f"V/v gửi báo cáo đúng thời hạn theo Kế hoạch số {plan.number_symbol}"
        body = [
            opening,
            f"Báo cáo kết quả thực hiện Kế hoạch năm {c.year} của {agency.name} được gửi "
            f"{when}, chậm so với thời hạn quy định (ngày {deadline}), ảnh hưởng đến việc tổng "
            "hợp, báo cáo Ủy ban nhân dân tỉnh.",
            f"{c.issuer.name} đề nghị {agency.name} rút kinh nghiệm, gửi báo cáo đúng thời hạn "
            "trong các kỳ báo cáo tiếp theo./.",
        ]
    return ReminderContext(
        header=_header(c, _letter_number(c), letter_recipient_lines(c)),
        subject_line=subject,
        addressee=agency.name,
        paragraphs=body,
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
