"""A target's figures year by year against the plan's levels, drawn as a PNG for the report.

The same series as the native chart of tong-hop.xlsx (its yearly figures as columns, the
cumulative figures and the plan's levels as lines), drawn by matplotlib without pyplot.
The bytes depend on the figures only: matplotlib's own defaults (a user's matplotlibrc is
set aside), the DejaVu Sans font file shipped inside matplotlib (a system font of the same
name could be another version), a fixed size and resolution, and no software name or
date in the PNG.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.targets import ValueKind
from generator.vnformat import format_number

# The series' names, as tong-hop.xlsx names them.
YEARLY = "Số liệu từng năm"
CUMULATIVE = "Lũy kế"
MINIMUM = "Mức tối thiểu"
MAXIMUM = "Mức tối đa"

WIDTH_CM, HEIGHT_CM = 15.0, 7.5
_DPI = 150
_CM_PER_INCH = 2.54


@dataclass(frozen=True)
class TargetSeries:
    """One target's figures: ``values`` one per year of ``years`` (None: no figure)."""

    name: str
    unit: str
    kind: ValueKind
    years: tuple[int, ...]
    values: tuple[int | Decimal | None, ...]
    cumulative: tuple[int, ...] | None  # a whole-period count: its running total
    minimum: int | Decimal | None
    maximum: int | Decimal | None


def _shown(value: float, kind: ValueKind) -> str:
    """A figure or a tick as the report writes it (45,5%, 1.050.000.000)."""
    from generator.consolidate import format_value

    if kind is ValueKind.PERCENT:
        return format_value(Decimal(str(round(value, 2))), kind)
    return format_number(int(value)) if float(value).is_integer() else format_number(value)


@functools.cache
def _font() -> Any:
    import matplotlib
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf")


def chart_png(series: TargetSeries) -> bytes:
    """The chart of ``series`` as PNG bytes, the same bytes for the same figures."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    font = _font()
    small = font.copy()
    small.set_size(8)
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        figure = Figure(figsize=(WIDTH_CM / _CM_PER_INCH, HEIGHT_CM / _CM_PER_INCH), dpi=_DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        positions = list(range(len(series.years)))
        values = [float(v) if v is not None else 0.0 for v in series.values]
        bars = axes.bar(positions, values, width=0.55, color="#4472C4", label=YEARLY)
        for bar, value in zip(bars, series.values, strict=True):
            shown = "—" if value is None else _shown(float(value), series.kind)
            axes.annotate(
                shown,
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontproperties=small,
                # above the cumulative line, on white: the line often passes a bar's top
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
                zorder=5,
            )
        if series.cumulative is not None:
            drawn = [float(v) if v is not None else float("nan") for v in series.cumulative]
            axes.plot(positions, drawn, marker="o", color="#ED7D31", label=CUMULATIVE, zorder=3)
        for label, level, style in (
            (MINIMUM, series.minimum, "--"),
            (MAXIMUM, series.maximum, ":"),
        ):
            if level is not None:
                axes.axhline(float(level), color="#A5A5A5", linestyle=style, label=label)
        axes.set_xticks(positions, [str(year) for year in series.years])
        if series.kind is not ValueKind.PERCENT:
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _shown(v, series.kind)))
        axes.set_ylim(bottom=0)
        axes.margins(y=0.15)
        for tick in [*axes.get_xticklabels(), *axes.get_yticklabels()]:
            tick.set_fontproperties(small)
        if series.kind is not ValueKind.PERCENT:  # a percentage's ticks carry their sign
            axes.set_ylabel(series.unit, fontproperties=small)
        axes.spines[["top", "right"]].set_visible(False)
        handles, labels = axes.get_legend_handles_labels()
        first = labels.index(YEARLY)  # the columns named first, as in tong-hop.xlsx
        order = [first, *(i for i in range(len(labels)) if i != first)]
        axes.legend(
            [handles[i] for i in order],
            [labels[i] for i in order],
            prop=small,
            loc="upper left",
            frameon=False,
            ncols=4,
            bbox_to_anchor=(0, -0.12),
        )
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    return buffer.getvalue()


def target_series(
    name: str,
    unit: str,
    kind: ValueKind,
    by_year: dict[int, int | Decimal | None],
    years: Sequence[int],
    cumulative: Sequence[int | Decimal | None] | None,
    levels: tuple[int | Decimal | None, int | Decimal | None],
) -> TargetSeries:
    """The series of one target over ``years``; ``cumulative``: its running value at the
    end of each year, drawn as a line (None: not drawn)."""
    values = tuple(by_year.get(year) for year in years)
    running = None if cumulative is None else tuple(cumulative)
    return TargetSeries(name, unit, kind, tuple(years), values, running, *levels)


def drawn_cumulative(c: Any, result: Any, years: Sequence[int]) -> list | None:
    """The running value the report judges a whole-period target by, at the end of each
    year (a count or an amount summed, a percentage from its summed figures); None for a
    yearly target, or a percentage taken from the judged year alone (the bars are it)."""
    from generator.data.plan import PeriodRatio, Scope
    from generator.targets import running_values

    measure = result.measure
    if measure.scope is Scope.PER_YEAR or not years:
        return None
    if result.facts.kind is ValueKind.PERCENT and measure.period_ratio is PeriodRatio.JUDGED_YEAR:
        return None
    return running_values(measure, years, c.yearly_totals)


def report_charts(c: Any) -> dict[str, Any]:
    """The report's ``charts`` and ``chart_years``: the targets the plan asks to draw
    (``van_ban_dau_ra.bieu_do_bao_cao``), each over the years of the consolidation."""
    from generator.documents.context import ChartFacts
    from generator.documents.render import Picture

    years = sorted(c.yearly_totals)
    charts = []
    for result in c.measures:
        measure, facts = result.measure, result.facts
        if not c.plan.outputs.charted(measure.code):
            continue
        series = target_series(
            measure.name,
            measure.unit,
            facts.kind,
            {y.year: y.value for y in facts.per_year},
            years,
            drawn_cumulative(c, result, years),
            (measure.minimum, measure.maximum),
        )
        picture = Picture(chart_png(series), WIDTH_CM, HEIGHT_CM, measure.name)
        charts.append(ChartFacts(target=measure.name, unit=measure.unit, picture=picture))
    return {"charts": charts, "chart_years": years if charts else []}
