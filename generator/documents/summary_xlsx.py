"""tong-hop.xlsx: the consolidated figures of the year's report, for people who want a spreadsheet.

One sheet per table of the report: targets (with ``Mã chỉ tiêu``), funding per agency,
submissions; and one with every agency's result for every task, which the report only
sums up for the local governments. Figures are stored as numbers (formatted "#,##0", which
Excel shows with the reader's own thousands separator; a percentage target's values and
levels as percentages, 86,67% as in the report), texts exactly as in the report and
always as text: a result typed as «=HYPERLINK(…)» or «+84…» is a string cell, never a
formula. The bytes are deterministic: document dates from the reporting deadline, fixed
zip entries. The sheets are written by :mod:`generator.output.xlsx_tables`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import BinaryIO

from generator.consolidate import (
    Consolidation,
    MeasureResult,
    agency_directives,
    agency_source_amounts,
    format_value,
    funding_by_source,
)
from generator.documents.charts import drawn_cumulative
from generator.output.xlsx_tables import (
    HEADER_ROW,
    ChartSpec,
    Percent,
    Table,
    TablesElsewhere,
    write_tables,
)
from generator.targets import PERCENT_DECIMALS, ValueKind

SHEET_TARGETS = "Chỉ tiêu"
SHEET_FUNDING = "Kinh phí"
SHEET_SOURCES = "Kinh phí theo nguồn"
SHEET_DIRECTIVES = "Văn bản chỉ đạo"
SHEET_SUBMISSIONS = "Tình hình báo cáo"
SHEET_RESULTS = "Kết quả nhiệm vụ"

TARGET_HEADERS = (
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Phạm vi",
    "Tối thiểu",
    "Tối đa",
    "Năm {year}",
    "Lũy kế từ năm {first}",
    "Đánh giá",
)
FUNDING_HEADERS = ("TT", "Mã đơn vị", "Cơ quan, đơn vị", "Kinh phí (đồng)")
SUBMISSION_HEADERS = (
    "TT",
    "Mã đơn vị",
    "Cơ quan, đơn vị",
    "Ngày gửi báo cáo",
    "Tình trạng",
    "Nhiệm vụ đã hoàn thành",
    "Nhiệm vụ đang thực hiện",
    "Nhiệm vụ chưa thực hiện",
    "Kinh phí (đồng)",
)
RESULT_HEADERS = (
    "TT",
    "Mã đơn vị",
    "Cơ quan, đơn vị",
    "Mã nhiệm vụ",
    "Nhiệm vụ (trích Kế hoạch)",
    "Vai trò",
    "Tình trạng",
    "Kết quả thực hiện",
    "Kinh phí (đồng)",
)
DIRECTIVE_HEADERS = (
    "TT",
    "Mã đơn vị",
    "Cơ quan, đơn vị",
    "Loại văn bản",
    "Số và ký hiệu",
    "Ngày ban hành",
    "Trích yếu",
)
TOTAL_LABEL = "Tổng cộng"


def _years_heading(years: Sequence[int]) -> str:
    """«TỪNG NĂM 2021-2025»; the plan's first year alone is «NĂM 2026», not «2026-2026»."""
    return f"NĂM {years[0]}" if len(years) == 1 else f"TỪNG NĂM {years[0]}-{years[-1]}"


def _figure(value: int | Decimal | None, kind: ValueKind) -> object:
    """A target's value or level for a cell: a percentage as a :class:`Percent` shown as the
    report shows it (40%, 86,67%: see consolidate.format_value), any other as it is."""
    if value is None or kind is not ValueKind.PERCENT:
        return value
    whole = value == int(value)
    return Percent(value, 0 if whole else PERCENT_DECIMALS)


def _ratio_rows(result: MeasureResult) -> list[list[object]]:
    """Under a percentage, the two whole numbers it is computed from (summed over the
    agencies), so that the clerk can check 71,26% as 6.385 / 8.960."""
    facts = result.facts
    quantities = result.measure.quantities
    if facts.kind is not ValueKind.PERCENT or len(quantities) != 2:
        return []
    rows = []
    for quantity, part in zip(quantities, ("numerator", "denominator"), strict=True):
        year = getattr(facts.year_ratio, part) if facts.year_ratio else None
        running = getattr(facts.cumulative_ratio, part) if facts.cumulative_ratio else None
        rows.append(
            [
                quantity.code,
                f"    {quantity.name}",
                quantity.unit,
                "",
                None,
                None,
                year,
                running,
                "",
            ]
        )
    return rows


def _targets_table(c: Consolidation) -> Table:
    first = c.plan.period.first_year
    rows = []
    for result in c.measures:
        measure = result.measure
        kind = result.facts.kind
        rows.append(
            [
                measure.code,
                measure.name,
                measure.unit,
                measure.scope_label,
                _figure(measure.minimum, kind),
                _figure(measure.maximum, kind),
                _figure(result.year_total, kind),
                _figure(result.cumulative, kind),
                result.judgement,
            ]
        )
        rows += _ratio_rows(result)
    return Table(
        SHEET_TARGETS,
        f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {c.year}",
        tuple(h.format(year=c.year, first=first) for h in TARGET_HEADERS),
        (12, 55, 22, 14, 11, 11, 11, 14, 30),
        rows,
    )


def _source_headers(c: Consolidation) -> tuple[str, ...]:
    return tuple(f"{source.label} (đồng)" for source in c.plan.funding_sources)


def _funding_table(c: Consolidation) -> Table:
    """Each agency's funding, then its amount from each source of the plan (if it lists any)."""
    amounts = agency_source_amounts(c)
    rows = (
        [index, summary.agency.code, summary.agency.name, summary.funding]
        + amounts[summary.agency.code]
        for index, summary in enumerate(c.reported, start=1)
    )
    sources = _source_headers(c)
    return Table(
        SHEET_FUNDING,
        f"KINH PHÍ THỰC HIỆN NĂM {c.year}",
        FUNDING_HEADERS + sources,
        (6, 22, 50, 20) + (20,) * len(sources),
        rows,
        ["", "", TOTAL_LABEL, c.funding_total, *funding_by_source(c, amounts)],
    )


def _sources_table(c: Consolidation) -> Table | None:
    """Funding by source as the plan lists them, by group of agencies: the report's figures."""
    if not c.plan.funding_sources:
        return None
    amounts = agency_source_amounts(c)
    groups: dict[str, list[str]] = {}
    for summary in c.reported:
        if summary.funding:
            groups.setdefault(summary.agency.kind_info.group_name, []).append(summary.agency.code)
    rows = []
    for group, codes in groups.items():
        columns = [sum(column) for column in zip(*(amounts[code] for code in codes), strict=True)]
        rows.append([group, len(codes), *columns, sum(columns)])
    totals = funding_by_source(c, amounts)
    return Table(
        SHEET_SOURCES,
        f"KINH PHÍ THEO NGUỒN VÀ NHÓM CƠ QUAN, ĐƠN VỊ NĂM {c.year}",
        ("Nhóm cơ quan, đơn vị", "Số đơn vị có kinh phí", *_source_headers(c), "Tổng (đồng)"),
        (40, 12) + (20,) * (len(totals) + 1),
        rows,
        [TOTAL_LABEL, sum(len(codes) for codes in groups.values()), *totals, c.funding_total],
    )


def _directives_table(c: Consolidation) -> Table:
    """The documents each agency issued in the year to carry out the plan."""
    rows = (
        [index, agency.code, agency.name, d.type_name, d.number_symbol, d.issued_on, d.subject]
        for index, (agency, d) in enumerate(
            ((agency, d) for agency, documents in agency_directives(c) for d in documents),
            start=1,
        )
    )
    return Table(
        SHEET_DIRECTIVES,
        f"VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH CÁC ĐƠN VỊ BAN HÀNH ĐỂ TRIỂN KHAI KẾ HOẠCH NĂM {c.year}",
        DIRECTIVE_HEADERS,
        (6, 22, 40, 14, 20, 14, 70),
        rows,
    )


def _submission_rows(c: Consolidation) -> Iterator[list[object]]:
    for index, summary in enumerate(c.agencies, start=1):
        report = summary.report
        day = getattr(report, "report_date", None) if report is not None else None
        counts: list[object] = (
            [summary.done, summary.in_progress, summary.not_started, summary.funding]
            if report is not None
            else ["", "", "", ""]
        )
        yield [
            index,
            summary.agency.code,
            summary.agency.name,
            day,
            summary.standing.value,
            *counts,
        ]


def _submissions_table(c: Consolidation) -> Table:
    return Table(
        SHEET_SUBMISSIONS,
        f"TÌNH HÌNH GỬI BÁO CÁO NĂM {c.year}",
        SUBMISSION_HEADERS,
        (6, 22, 45, 14, 12, 13, 13, 13, 18),
        _submission_rows(c),
    )


def _task_amounts(task: object, sources: int) -> list[int]:
    amounts = list(getattr(task, "amounts", ())[:sources])
    return amounts + [0] * (sources - len(amounts))


def _result_rows(c: Consolidation) -> Iterator[list[object]]:
    sources = len(c.plan.funding_sources)
    number = 0
    texts = {task.code: " ".join(task.text.split()) for task in c.plan.tasks}
    assignments = c.workspace.assignments(c.year)
    for summary in c.reported:
        assert summary.report is not None
        agency = summary.agency
        roles = {a.task.code: a.role.value for a in assignments.get(agency.code, [])}
        for task in summary.report.tasks:
            number += 1
            status = getattr(task.status, "value", task.status) or ""
            yield [
                number,
                agency.code,
                agency.name,
                task.code,
                texts.get(task.code, ""),
                roles.get(task.code, ""),
                status,
                task.result,
                task.funding or 0,
                *_task_amounts(task, sources),
            ]


def _results_table(c: Consolidation) -> Table:
    """Every task result of every agency, as typed: the detail the report sums up."""
    return Table(
        SHEET_RESULTS,
        f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA TỪNG ĐƠN VỊ NĂM {c.year}",
        RESULT_HEADERS + _source_headers(c),
        (6, 22, 40, 13, 50, 11, 17, 70, 16) + (16,) * len(c.plan.funding_sources),
        _result_rows(c),
    )


def _yearly_table(c: Consolidation) -> Table:
    """Each target year by year, with its cumulative figures and the plan's levels, and a
    native chart of each (the figures a reader would rather look at)."""
    years = sorted(c.yearly_totals)
    rows: list[list[object]] = []
    charts: list[ChartSpec] = []
    widest = 0  # the longest figure as shown (6.000.000.000): «###» in a narrower column
    for result in c.measures:
        facts = result.facts
        measure = facts.measure
        by_year = {y.year: y.value for y in facts.per_year}
        values = [by_year.get(year) for year in years]
        cumulative = drawn_cumulative(c, result, years)
        first = HEADER_ROW + len(rows)  # 0-based row of this target's first line
        rows.append([measure.name, "Số liệu từng năm", *(_figure(v, facts.kind) for v in values)])
        lines: list[tuple[str, int]] = []
        if cumulative is not None:
            rows.append(["", "Lũy kế", *(_figure(v, facts.kind) for v in cumulative)])
            lines.append(("Lũy kế", first + len(lines) + 1))
        for label, level in (("Mức tối thiểu", measure.minimum), ("Mức tối đa", measure.maximum)):
            if level is not None:
                rows.append(["", label, *([_figure(level, facts.kind)] * len(years))])
                lines.append((label, first + len(lines) + 1))
        shown = [*values, *(cumulative or ()), measure.minimum, measure.maximum]
        widest = max(widest, *(len(format_value(v, facts.kind)) for v in shown if v is not None))
        axis = "0%" if facts.kind is ValueKind.PERCENT else "#,##0"  # 20%, 2.000.000.000
        bars = ("Số liệu từng năm", first)
        charts.append(ChartSpec(measure.name, len(years), bars, tuple(lines), axis))
    return Table(
        "Biểu đồ chỉ tiêu",
        f"CÁC CHỈ TIÊU {_years_heading(years)} SO VỚI MỨC KẾ HOẠCH",
        ("Chỉ tiêu", "Số liệu", *(str(year) for year in years)),
        (45, 18, *(max(10, widest + 2),) * len(years)),
        rows,
        charts=charts,
    )


def _register_table(c: Consolidation) -> Table | None:
    """The province's register: every application and title once, with the targets it counts
    for in the years covered (the report's appendix lists those counted)."""
    rules = c.plan.ip
    if c.register is None or rules is None:
        return None
    from generator.register import register_headers, register_rows

    headers = register_headers(rules)
    widths = (16, 16, 28, 18, 24, 12, 14, 12, 36, 14, 28, 20, 24)[: len(headers)]
    widths += (20,) * (len(headers) - len(widths))
    return Table(
        rules.register_file.sheet,
        rules.register_file.title.upper(),
        headers,
        widths,
        # the targets over the whole period, as the updated register file gives them
        register_rows(c.register, rules, c.plan.period.years()),
    )


def _activities_table(c: Consolidation) -> Table | None:
    """Each agency's activity figures, as typed, with the total of each indicator."""
    rules = c.plan.ip
    if rules is None or not rules.activities:
        return None
    codes = [indicator.code for indicator in rules.activities]
    rows = []
    totals = [0] * len(codes)
    names = {indicator.code: indicator.name for indicator in rules.activities}
    for summary in c.reported:
        figures = getattr(summary.report, "activities", ())
        values = {f.code: f.value for f in figures}
        row = [values.get(code) for code in codes]
        totals = [total + (value or 0) for total, value in zip(totals, row, strict=True)]
        # The agency's notes on its figures, each after the indicator it explains.
        notes = "; ".join(
            f"{names.get(f.code, f.code)}: {f.note.strip().rstrip('.;')}" for f in figures if f.note
        )  # «…sản phẩm.; Số lớp…» was what notes ending in a stop gave
        rows.append([summary.agency.code, summary.agency.name, *row, notes])
    headers = (
        "Mã đơn vị",
        "Cơ quan, đơn vị",
        *(f"{indicator.name} ({indicator.unit})" for indicator in rules.activities),
        "Ghi chú của đơn vị",
    )
    return Table(
        rules.activities_sheet,
        f"{rules.activities_sheet.upper()} NĂM {c.year}",
        headers,
        (12, 40, *(16,) * len(codes), 40),
        rows,
        total=["", "Tổng cộng", *totals, ""],
    )


def _issues_table(c: Consolidation) -> Table:
    """Each agency's difficulties and proposals as typed (the report groups them)."""
    rows = [
        [s.agency.code, s.agency.name, s.report.difficulties or None, s.report.proposals or None]
        for s in c.reported
        if s.report is not None and (s.report.difficulties or s.report.proposals)
    ]
    return Table(
        "Khó khăn, kiến nghị",
        f"KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ CỦA CÁC ĐƠN VỊ NĂM {c.year}",
        ("Mã đơn vị", "Cơ quan, đơn vị", "Khó khăn, vướng mắc", "Đề xuất, kiến nghị"),
        (12, 40, 70, 70),
        rows,
    )


def summary_tables(c: Consolidation) -> list[Table]:
    """The sheets of tong-hop.xlsx, their rows built as they are written."""
    sources = _sources_table(c)
    tables = [
        _targets_table(c),
        _funding_table(c),
        *(() if sources is None else (sources,)),
        _directives_table(c),
        _submissions_table(c),
        _results_table(c),
    ]
    extra = (_activities_table(c), _register_table(c))
    return [*tables, _issues_table(c), _yearly_table(c), *(t for t in extra if t is not None)]


def _workbook_settings(c: Consolidation) -> tuple[str, str, datetime]:
    """Title, author and date of tong-hop.xlsx: the year's reporting deadline."""
    return (
        f"Tổng hợp kết quả thực hiện Kế hoạch số {c.plan.number_symbol} năm {c.year}",
        c.issuer.name,
        datetime(c.deadline.year, c.deadline.month, c.deadline.day),
    )


def write_summary_xlsx(c: Consolidation, target: BinaryIO) -> None:
    """tong-hop.xlsx into ``target``, stamped with the year's reporting deadline."""
    write_tables(summary_tables(c), *_workbook_settings(c), target)


def summary_xlsx_bytes(c: Consolidation) -> bytes:
    """tong-hop.xlsx as bytes (see :func:`write_summary_xlsx`)."""
    buffer = io.BytesIO()
    write_summary_xlsx(c, buffer)
    return buffer.getvalue()


def summary_writer(c: Consolidation) -> TablesElsewhere:
    """A process of its own to write tong-hop.xlsx (see :func:`summary_xlsx_bytes_elsewhere`)."""
    return TablesElsewhere(*_workbook_settings(c))


def summary_xlsx_bytes_elsewhere(c: Consolidation, writer: TablesElsewhere) -> bytes:
    """The same bytes as :func:`summary_xlsx_bytes`, written by ``writer`` (this process only
    makes the rows)."""
    return writer.write(summary_tables(c))
