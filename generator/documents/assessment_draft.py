"""The pre-filled draft of nhan-dinh.docx that the clerk edits (``vanban nhan-dinh``).

Only facts go in: the year's figures, the targets reached and those short, the tasks
still unfinished and who has not reported. The sections that are the Sở's own judgement
(nguyên nhân, bài học kinh nghiệm, phương hướng, đề xuất) are left empty for it to write,
and stay listed by :func:`~generator.documents.assessment.missing_sections` until it does;
the difficulties and proposals the agencies gave are in the report already, not repeated.

Kept apart from :mod:`generator.documents.assessment` (the reader), which the pipeline
imports: this module needs the consolidation, the reader must not.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from generator.consolidate import (
    Consolidation,
    MeasureResult,
    format_value,
    format_with_unit,
    leading,
)
from generator.data.plan import PeriodRatio, Scope, Task
from generator.data.registry import Agency
from generator.data.workspace import TaskStatus
from generator.documents.assessment import (
    SECTIONS,
    Paragraph,
    Run,
    assessment_path,
    drafted_mark,
    find_assessment_file,
    joined_runs,
)
from generator.documents.filters import (
    heads_factored,
    liet_ke,
    menh_de_dau,
    without_shared_head,
)
from generator.errors import Location, OutputError
from generator.output.files import repack_zip, write_error
from generator.progress import ProgressFactory, no_progress
from generator.targets import ValueKind
from generator.vnformat import format_number

DRAFT_FONT = "Times New Roman"
DRAFT_SIZE = 14
_SUB_SECTIONS = frozenset({"uu_diem", "ton_tai", "nguyen_nhan", "bai_hoc"})


def write_draft(inputs: Path, year: int, progress: ProgressFactory = no_progress) -> Path:
    """Write ``inputs/<year>/nhan-dinh.docx`` pre-filled from the validated year.

    Refuses (nothing written) when the file, or a nhan-dinh file of another format, is
    already there, or when the year's workbooks have errors.
    """
    from generator.batch import consolidate_inputs, require_workbooks
    from generator.data.workspace import load_workspace

    path = assessment_path(inputs, year)
    _refuse_existing(path)
    workspace = load_workspace(inputs)
    workspace.check_year(year)
    require_workbooks(path.parent, year)
    consolidation, _ = consolidate_inputs(workspace, year, inputs, progress=progress)
    data = draft_docx(consolidation, draft_sections(consolidation))
    _refuse_existing(path)  # the clerk may have saved one meanwhile
    _write_new(path, data)
    return path


def _refuse_existing(path: Path) -> None:
    found = find_assessment_file(path.parent)
    if found is not None:
        raise _already_there(found)


def _already_there(found: Path) -> OutputError:
    return OutputError(
        f"đã có tệp nhận định trong «{found.parent}», vanban không ghi đè nội dung đã "
        "viết; muốn tạo bản nháp mới thì đổi tên hoặc chuyển tệp này ra khỏi thư mục rồi "
        "chạy lại",
        Location(file=found),
    )


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (never replacing a file); a failed write leaves nothing behind."""
    try:
        handle = open(path, "xb")  # noqa: SIM115 - closed below, removed on failure
    except FileExistsError as exc:
        raise _already_there(path) from exc
    except OSError as exc:
        raise write_error(exc, path) from exc
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise write_error(exc, path) from exc


def draft_sections(c: Consolidation) -> dict[str, list[Paragraph]]:
    """The draft's paragraphs for each section key (a key with no facts maps to [])."""
    sections: dict[str, list[Paragraph]] = {key: [] for key, _ in SECTIONS}
    sections["danh_gia_chung"] = _overview(c)
    sections["uu_diem"] = _targets(c, _REACHED_TARGETS)
    sections["ton_tai"] = [
        *_targets(c, _UNMET_TARGETS),
        *_targets(c, _PENDING_TARGETS),
        *_targets(c, _UNJUDGED_TARGETS),
        *_unfinished_tasks(c),
        *_reporting(c),
    ]
    # «Nguyên nhân» and «Đề xuất, kiến nghị» are the Sở's to write: the report itself lists
    # the difficulties and proposals the agencies gave, and asks for the missing reports.
    return sections


def _plain(text: str) -> Paragraph:
    return Paragraph((Run(text),))


def _item(text: str, who: str = "") -> Paragraph:
    """ "- text (who)." with who in italics."""
    runs = [Run(f"- {text}")]
    if who:
        runs += [Run(" ("), Run(who, italic=True), Run(")")]
    runs.append(Run("."))
    return Paragraph(tuple(joined_runs(runs)))


def _overview(c: Consolidation) -> list[Paragraph]:
    n = format_number
    on_time = len(c.agencies) - len(c.late) - len(c.missing)
    reported = (
        f"Năm {c.year} có {n(len(c.reported))}/{n(len(c.agencies))} cơ quan, đơn vị gửi báo "
        f"cáo ({n(on_time)} đúng hạn, {n(len(c.late))} trễ hạn)"
    )
    reported += f"; {n(len(c.missing))} đơn vị chưa gửi." if c.missing else "."
    done = sum(s.done for s in c.reported)
    doing = sum(s.in_progress for s in c.reported)
    waiting = sum(s.not_started for s in c.reported)
    # A task given to several agencies is reported by each: the count is of «lượt».
    tasks = (
        f"Các cơ quan, đơn vị đã báo cáo kết quả {n(done + doing + waiting)} lượt nhiệm vụ "
        "(nhiệm vụ giao cho nhiều đơn vị được tính một lượt cho mỗi đơn vị): "
        f"{n(done)} lượt đã hoàn thành, {n(doing)} lượt đang thực hiện, {n(waiting)} lượt "
        "chưa thực hiện."
    )
    reached = sum(1 for r in c.measures if r.reached)
    targets = f"Có {reached}/{len(c.measures)} chỉ tiêu của Kế hoạch đạt hoặc vượt mức."
    return [_plain(reported), _plain(tasks), _plain(targets)]


def _pending(result: MeasureResult) -> bool:
    return not result.reached and not result.not_met_for_period and not result.unjudged


# (which results, lead-in) of the groups of targets, as the draft lists them.
_REACHED_TARGETS = (lambda r: r.reached, "Các chỉ tiêu đạt, vượt mức Kế hoạch:")
_UNMET_TARGETS = (lambda r: r.not_met_for_period, "Các chỉ tiêu chưa đạt mức Kế hoạch:")
_PENDING_TARGETS = (
    _pending,
    "Các chỉ tiêu chưa đến năm đánh giá cuối cùng, đang tiếp tục thực hiện:",
)
_UNJUDGED_TARGETS = (
    lambda r: r.unjudged,
    "Các chỉ tiêu chưa đủ số liệu để đánh giá (còn cơ quan, đơn vị phải báo cáo số liệu "
    "chưa gửi báo cáo):",
)


def _targets(
    c: Consolidation, group: tuple[Callable[[MeasureResult], bool], str]
) -> list[Paragraph]:
    belongs, lead = group
    results = [r for r in c.measures if belongs(r)]
    if not results:
        return []
    return [_plain(lead), *(_item(_target_text(c, r)) for r in results)]


def _target_text(c: Consolidation, result: MeasureResult) -> str:
    m, kind = result.measure, result.facts.kind
    judgement = result.judgement[:1].lower() + result.judgement[1:]
    if m.scope is not Scope.PER_YEAR and kind is ValueKind.PERCENT:
        shown = format_value(result.cumulative, kind)
        if m.period_ratio is PeriodRatio.JUDGED_YEAR:  # a state: the judged year's own rate
            figure = f"năm {result.facts.judged_year} đạt {shown}"
        else:
            figure = f"lũy kế từ năm {c.plan.period.first_year} đạt {shown}"
    elif m.scope is not Scope.PER_YEAR:
        figure = f"lũy kế từ năm {c.plan.period.first_year} có " + format_with_unit(
            result.cumulative, kind, m.unit
        )
    elif c.final_year:  # judged over every year of the period: each year is shown
        per_year = result.facts.per_year
        each = ", ".join(format_value(y.value, kind) for y in per_year)
        unit = "" if kind is ValueKind.PERCENT else f" {m.unit}"
        figure = (
            f"các năm {per_year[0].year}-{per_year[-1].year} lần lượt {_has(kind)} {each}{unit}"
        )
    else:
        figure = f"năm {c.year} {_has(kind)} " + format_with_unit(result.year_total, kind, m.unit)
    if result.unjudged:
        missing = len(result.unreported)
        return (
            f"{m.name}: {figure} (Kế hoạch: {m.planned}), chưa đủ số liệu để đánh giá "
            f"({missing} cơ quan, đơn vị phải báo cáo số liệu này chưa gửi báo cáo)"
        )
    text = f"{m.name}: {figure} (Kế hoạch: {m.planned}), {_judged(judgement)}"
    if result.missed_years and not result.final:
        years = ", ".join(map(str, result.missed_years))
        text += f"; năm {years} chưa đạt mức Kế hoạch nên chỉ tiêu không thể đạt cho cả giai đoạn"
    return text


def _has(kind: ValueKind) -> str:
    """A rate is reached («đạt 71,26%»), a count had («có 3 đơn»)."""
    return "đạt" if kind is ValueKind.PERCENT else "có"


def _judged(judgement: str) -> str:
    """«đạt mức Kế hoạch», «chưa đạt mức Kế hoạch»; «đang thực hiện» as it is."""
    return judgement if judgement.startswith("đang") else f"{judgement} mức Kế hoạch"


# From this many local governments of one kind, a list gives their count and group first:
# thirty names in a bracket read as one block (a signing official).
COUNTED_FROM = 6


def _names(agencies: list[Agency]) -> str:
    """Every agency by its full name, the local governments' shared head written once: the
    province follows up each one («và 7 đơn vị khác» named none of them). A long list of
    one kind is counted first: «Ủy ban nhân dân các xã, phường gồm 28 đơn vị: phường …»."""
    provincial = [a.name for a in agencies if not a.is_local]
    by_kind: dict[str, list[Agency]] = {}
    for agency in agencies:
        if agency.is_local:
            by_kind.setdefault(agency.kind, []).append(agency)
    if not any(len(group) >= COUNTED_FROM for group in by_kind.values()):
        local = heads_factored([a.name for a in agencies if a.is_local])
        return liet_ke(provincial + local)
    parts = list(provincial)
    for group in by_kind.values():
        if len(group) < COUNTED_FROM:
            parts += heads_factored([a.name for a in group])
        else:
            names = ", ".join(without_shared_head(a.name) for a in group)
            label = group[0].kind_info.group_name
            # no bracket: the list stands in the task's own bracket («…))» read as a slip)
            parts.append(f"{label} gồm {format_number(len(group))} đơn vị: {names}")
    return liet_ke(parts)


# The rule is said: a partner's part is the lead's to report (see below).
UNFINISHED_LEAD = "Các nhiệm vụ chưa hoàn thành (theo báo cáo của cơ quan chủ trì):"


def _unfinished_tasks(c: Consolidation) -> list[Paragraph]:
    """Each task a lead agency has not finished, with who is still doing it and who has not
    begun (a partner's part is told by the lead: listing partners read as their failing
    a task another agency leads)."""
    led = leading(c)
    by_task: dict[str, dict[str, list[Agency]]] = {}
    for summary in c.reported:
        assert summary.report is not None
        for task in summary.report.tasks:
            status = getattr(task.status, "value", task.status)
            if task.code not in led.get(summary.agency.code, ()):
                continue
            if status in (TaskStatus.IN_PROGRESS.value, TaskStatus.NOT_STARTED.value):
                by_task.setdefault(task.code, {}).setdefault(status, []).append(summary.agency)
    paragraphs: list[Paragraph] = []
    for task in c.plan.tasks:
        statuses = dict(by_task.get(task.code, {}))
        if task.awaits_approval:  # not begun, waiting on a higher body: no shortcoming
            statuses.pop(TaskStatus.NOT_STARTED.value, None)
        if not statuses:
            continue
        who = "; ".join(
            f"{status.value.lower()}: {_names(statuses[status.value])}"
            for status in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
            if status.value in statuses
        )
        paragraphs.append(_item(f"{_task_citation(c, task)} “{_short(task.text)}”", who))
    if not paragraphs:
        return []
    return [_plain(UNFINISHED_LEAD), *paragraphs]


def _task_citation(c: Consolidation, task: Task) -> str:
    """ "Nhiệm vụ tại điểm a khoản 4 Mục IV", as the plan numbers it."""
    from generator.consolidate import task_citation
    from generator.documents.filters import trich_dan

    return "Nhiệm vụ tại " + trich_dan(task_citation(c.plan, task.code).model_dump())


def _short(text: str, words: int = 20) -> str:
    """The task's first clause, cut after a comma when long: Vietnamese words are of several
    syllables, and a cut by count split «triển khai» as «triển…»."""
    first = menh_de_dau(" ".join(text.split()))
    cut = first.endswith(" …")  # the filter marks what it left out
    clause = first.removesuffix(" …").rstrip(" .;")
    split = clause.split(" ")
    if len(split) <= words:
        return clause + ("…" if cut else "")
    # the last comma before words * 1.5, if it leaves more than a few words
    head = " ".join(split[: words * 3 // 2])
    comma = head.rfind(",")
    if comma <= len(" ".join(split[:6])):
        return clause + ("…" if cut else "")
    return head[:comma] + "…"


def _reporting(c: Consolidation) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for summaries, what in ((c.missing, "chưa gửi báo cáo"), (c.late, "gửi báo cáo trễ hạn")):
        if summaries:
            count = format_number(len(summaries))
            names = _names([s.agency for s in summaries])
            paragraphs.append(_plain(f"- {count} cơ quan, đơn vị {what}: {names}."))
    # Under a lead of their own: they are not tasks left unfinished.
    return [_plain("Việc chấp hành chế độ báo cáo:"), *paragraphs] if paragraphs else []


# --- writing the .docx --------------------------------------------------------------


def draft_docx(c: Consolidation, sections: dict[str, list[Paragraph]]) -> bytes:
    """The draft as .docx bytes: the seven headings in heading styles, Times New Roman 14.

    The same consolidation always gives the same bytes (fixed dates inside and in the zip).
    """
    document = Document()
    _set_styles(document)
    _set_page(document)
    for key, title in SECTIONS:
        document.add_heading(title, 2 if key in _SUB_SECTIONS else 1)
        for paragraph in sections.get(key, []):
            written = document.add_paragraph()
            for run in paragraph.runs:
                added = written.add_run(run.text)
                added.bold = run.bold or None
                added.italic = run.italic or None
    day = c.deadline
    _set_properties(document, c, datetime(day.year, day.month, day.day))
    # Set on the element: python-docx refuses more than 255 characters, a limit of Word's
    # custom properties that the schema does not put on dc:description.
    description = document.core_properties._element.get_or_add_description()
    description.text = drafted_mark(
        [paragraph for paragraphs in sections.values() for paragraph in paragraphs]
    )
    raw = io.BytesIO()
    document.save(raw)
    raw.seek(0)
    packed = io.BytesIO()
    repack_zip(raw, packed, (day.year, day.month, day.day, 0, 0, 0))
    return packed.getvalue()


def _font(style: Any, bold: bool | None = None) -> None:
    font = style.font
    font.name = DRAFT_FONT
    font.size = Pt(DRAFT_SIZE)
    font.bold = bold
    font.italic = None
    font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), DRAFT_FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _set_styles(document: DocxDocument) -> None:
    normal = document.styles["Normal"]
    _font(normal)
    layout = normal.paragraph_format
    layout.first_line_indent = Cm(1)
    layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    layout.space_after = Pt(6)
    for level in (1, 2):
        heading = document.styles[f"Heading {level}"]
        _font(heading, bold=True)
        heading.paragraph_format.first_line_indent = Cm(1)
        heading.paragraph_format.space_before = Pt(12 if level == 1 else 6)
        heading.paragraph_format.space_after = Pt(6)


def _set_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _set_properties(document: DocxDocument, c: Consolidation, when: datetime) -> None:
    properties = document.core_properties
    properties.title = f"Nhận định năm {c.year} (bản nháp)"
    properties.author = c.issuer.name
    properties.last_modified_by = c.issuer.name
    properties.comments = ""
    properties.keywords = ""
    properties.subject = ""
    properties.revision = 1
    properties.language = "vi-VN"
    properties.created = when
    properties.modified = when
    properties.last_printed = when
