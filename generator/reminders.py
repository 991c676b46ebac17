"""Công văn đôn đốc: a step of its own, run by the clerk right after the reporting deadline.

``vanban don-doc --year Y [--ngay-ky D] [--han-moi D]`` reads the year's folder, finds the
agencies that must report for Y (the roster ``generate`` uses) and have sent no workbook,
and writes one reminder each, dated ``D`` (default: today), with a fixed new deadline (the
plan data's ``han_tra_loi_don_doc`` counted from ``D``, unless ``--han-moi``).

Each run is recorded in ``OUT/Y/don-doc/<NNNN-TT-NN>/``: the letters, ``manifest.json``
(the day, the agencies reminded, the files) and ``so-ky-hieu.yaml``, where the clerk writes
the number the records office gave each letter. That record is what later steps rely on:

- a second run on the same day is refused (one letter a day to an agency on this matter);
  the letters already written stay as they are;
- a later day's run reminds the agencies still missing, and each letter cites the earlier
  reminders to that agency (number and date when the clerk recorded the number, else date);
- the consolidated report states the reminders that were sent, and only those.

A day's folder, once published, is never changed, moved or replaced by vanban.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from generator.consolidate import (
    HISTORY_FILE,
    Consolidation,
    History,
    reminder_context,
    unsafe_file_stem,
)
from generator.data.registry import Agency
from generator.data.workspace import PLAN_FILE, Workspace, load_workspace
from generator.data.yamldata import read_data_text, read_yaml
from generator.documents.context import EarlierReminder, ReminderContext, ReminderRound
from generator.errors import (
    DataError,
    ListedError,
    Location,
    OutputError,
    UsageError,
    VanbanError,
    WorkbookError,
)
from generator.output import publish
from generator.output.files import write_new_file
from generator.output.publish import MANIFEST_FILE, PreviousSet, Protected
from generator.progress import ProgressFactory, no_progress
from generator.vnformat import (
    doc_symbol,
    format_number,
    format_short_date,
    sort_vi,
    weekend_note,
)

if TYPE_CHECKING:
    from generator.validate import ValidationResult

TEMPLATE = "cong-van-don-doc.docx"
REMINDERS_DIR = "don-doc"
NUMBERS_FILE = "so-ky-hieu.yaml"
DAY_FOLDER = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
WHAT = "bộ công văn đôn đốc"


@dataclass(frozen=True)
class ReminderOptions:
    year: int
    day: date  # the date the letters bear
    inputs: Path = Path("inputs")
    templates: Path = Path("templates")
    out: Path = Path("outputs")
    new_deadline: date | None = None  # None: from the plan data (han_tra_loi_don_doc)
    pdf: bool = False
    day_given: bool = True  # False: ``day`` is today's date, not a date the clerk typed


@dataclass(frozen=True)
class SentRound:
    """One day's reminders, as its record (``manifest.json``, ``so-ky-hieu.yaml``) says."""

    day: date
    folder: Path
    agencies: dict[str, str]  # code -> name, as reminded that day
    numbers: dict[str, str]  # code -> number and symbol the clerk recorded
    asked_by: date | None = None  # the day the letters asked the report by

    def unnumbered(self, codes: Iterable[str]) -> list[str]:
        """Those of ``codes`` reminded this day whose letter's number is not recorded."""
        wanted = set(codes)
        return [code for code in self.agencies if code in wanted and not self.numbers.get(code)]

    def earlier_reminder(self, code: str) -> EarlierReminder:
        return EarlierReminder(issued_on=self.day, number_symbol=self.numbers.get(code, ""))


@dataclass
class ReminderResult:
    """What a run wrote, for the summary the clerk reads."""

    year: int
    day: date
    new_deadline: date
    folder: Path
    agencies: list[Agency] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    earlier: dict[str, list[EarlierReminder]] = field(default_factory=dict)
    with_errors: list[Agency] = field(default_factory=list)  # sent a workbook with errors
    pdfs: int = 0
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# The record


def record_folder(out: Path, year: int) -> Path:
    return out / str(year) / REMINDERS_DIR


def day_folder(out: Path, year: int, day: date) -> Path:
    return record_folder(out, year) / day.isoformat()


def _bad_record(path: Path) -> OutputError:
    return OutputError(
        f"«{path}» không phải danh mục vanban đã ghi cho một đợt đôn đốc (tệp hỏng hoặc đã bị "
        "sửa) nên vanban không biết đợt đó đã đôn đốc những đơn vị nào. Trả lại tệp đúng (bản "
        "sao lưu) hoặc chuyển thư mục đó ra khỏi thư mục đôn đốc rồi chạy lại",
        Location(file=path),
    )


def read_record(out: Path, year: int) -> list[SentRound]:
    """Every day's reminders recorded for ``year``, oldest first.

    Only folders named as a day (NNNN-TT-NN) holding vanban's manifest count; anything
    else in ``don-doc/`` (a clerk's note, the letters of older versions) is left alone.
    """
    folder = record_folder(out, year)
    if not folder.is_dir():
        return []
    rounds = []
    for entry in sorted(folder.iterdir()):
        if not DAY_FOLDER.fullmatch(entry.name) or not entry.is_dir():
            continue
        if not (entry / MANIFEST_FILE).is_file():
            continue
        rounds.append(_read_round(entry))
    return rounds


def _read_round(folder: Path) -> SentRound:
    manifest = folder / MANIFEST_FILE
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        day = date.fromisoformat(data["day"])
        agencies = data["reminders"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise _bad_record(manifest) from exc
    valid = isinstance(agencies, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in agencies.items()
    )
    if not valid or day.isoformat() != folder.name:
        raise _bad_record(manifest)
    try:
        asked_by = date.fromisoformat(data["new_deadline"]) if "new_deadline" in data else None
    except (TypeError, ValueError) as exc:
        raise _bad_record(manifest) from exc
    return SentRound(day, folder, dict(agencies), _read_numbers(folder, agencies), asked_by)


def _read_numbers(folder: Path, agencies: dict[str, str]) -> dict[str, str]:
    """The numbers the clerk wrote in ``so-ky-hieu.yaml`` (a missing file: none yet)."""
    path = folder / NUMBERS_FILE
    if not path.is_file():
        return {}
    shown = f"{folder.parent.name}/{folder.name}/{NUMBERS_FILE}"
    text = read_data_text(path)  # Notepad's other encodings told as for the data files
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError(
            f"tệp «{shown}» ghi sai dạng; mỗi dòng là mã đơn vị, dấu hai chấm rồi số, ký hiệu "
            "trong dấu nháy kép, như ví dụ ở đầu tệp",
            Location(file=path, line=line),
        ) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DataError(
            f"tệp «{shown}» ghi sai dạng; mỗi dòng là mã đơn vị, dấu hai chấm rồi số, ký hiệu "
            "trong dấu nháy kép, như ví dụ ở đầu tệp",
            Location(file=path),
        )
    numbers = {}
    for code, value in data.items():
        if str(code) not in agencies:
            raise DataError(
                f"tệp «{shown}»: mã «{code}» không có trong đợt đôn đốc ngày "
                f"{format_short_date(date.fromisoformat(folder.name))}",
                Location(file=path),
            )
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not isinstance(value, str) or "/" not in value:
            raise DataError(
                f"tệp «{shown}», mã «{code}»: «{value}» không phải số, ký hiệu văn bản; ghi đủ "
                "số và ký hiệu (có dấu «/») trong dấu nháy kép, như ví dụ ở đầu tệp",
                Location(file=path),
            )
        numbers[str(code)] = value.strip()
    return numbers


def last_reminders(rounds: list[SentRound]) -> dict[str, tuple[EarlierReminder, date | None]]:
    """Each reminded agency's latest reminder and the day it asked the report by."""
    return {code: (r.earlier_reminder(code), r.asked_by) for r in rounds for code in r.agencies}


def rounds_for_report(rounds: list[SentRound]) -> list[ReminderRound]:
    """The reminders the report may state as sent: those in the record, oldest first."""
    return [ReminderRound(day=r.day, agencies=sort_vi(list(r.agencies.values()))) for r in rounds]


# ---------------------------------------------------------------------------
# Refusals before any work


def first_reminder_day(workspace: Workspace, year: int) -> date:
    """The first day a report still missing is overdue: the deadline day itself when the plan
    says "before" it, the day after when it says "at the latest" on it."""
    deadline = workspace.deadline(year)
    strict = workspace.plan.reporting.agency_deadline.strictly_before
    return deadline if strict else deadline + timedelta(days=1)


def _late_day_note(workspace: Workspace, year: int, day: date, target: Path) -> str:
    return (
        f"Công văn ghi ngày hôm nay {format_short_date(day)}, hơn một năm sau hạn gửi báo cáo "
        f"năm {year} ({format_short_date(workspace.deadline(year))}). Nếu không đúng ngày đôn "
        f"đốc, đừng gửi: chuyển thư mục «{target}» ra khỏi thư mục kết quả rồi chạy lại với "
        "--ngay-ky ngày/tháng/năm"
    )


def _check_day(workspace: Workspace, year: int, day: date, given: bool = True) -> None:
    first = first_reminder_day(workspace, year)
    # Reminders go out within weeks of the deadline: a day typed past the next year's
    # deadline is a mistyped year (today's date that far is told in the result's notes).
    if given and day > workspace.last_document_day(year):
        raise UsageError(
            f"ngày {format_short_date(day)} quá xa hạn gửi báo cáo năm {year} "
            f"({format_short_date(workspace.deadline(year))}, hơn một năm sau); kiểm tra lại năm "
            f"báo cáo (--year), hoặc ghi ngày của công văn đôn đốc bằng --ngay-ky ngày/tháng/năm "
            f"(từ {format_short_date(first)} đến "
            f"{format_short_date(workspace.last_document_day(year))})"
        )
    if day < first:
        deadline = format_short_date(workspace.deadline(year))
        raise UsageError(
            f"ngày {format_short_date(day)} chưa quá hạn gửi báo cáo năm {year} (hạn: "
            f"{workspace.plan.reporting.agency_deadline.words} {deadline}), nên chưa đôn đốc được. Công văn "
            f"đôn đốc ghi ngày từ {format_short_date(first)} trở đi (--ngay-ky ngày/tháng/năm)"
        )


def _new_deadline(workspace: Workspace, day: date, given: date | None) -> date:
    reply = workspace.plan.outputs.reminder_reply
    if given is None and reply is None:
        raise DataError(
            "dữ liệu kế hoạch chưa ghi thời hạn trả lời công văn đôn đốc (mục "
            "van_ban_dau_ra, trường han_tra_loi_don_doc); ghi thời hạn đó, hoặc ghi hạn mới "
            "bằng --han-moi ngày/tháng/năm",
            Location(file=workspace.root / PLAN_FILE),
        )
    new_deadline = given if given is not None else reply.due_from(day)  # type: ignore[union-attr]
    if new_deadline <= day:
        raise UsageError(
            f"hạn mới {format_short_date(new_deadline)} không sau ngày của công văn đôn đốc "
            f"{format_short_date(day)}; ghi hạn mới sau ngày đó (--han-moi ngày/tháng/năm)"
        )
    return new_deadline


def _check_folders(options: ReminderOptions) -> Path:
    publish.refuse_overlap(
        options.out,
        [
            Protected(options.inputs, "thư mục dữ liệu đầu vào"),
            Protected(options.templates, "thư mục mẫu văn bản"),
        ],
    )
    year_folder = options.out / str(options.year)
    target = day_folder(options.out, options.year, options.day)
    for folder in (year_folder, target.parent, target):
        publish.check_set_folder(folder)
    return target


def _refuse_same_day(target: Path, rounds: list[SentRound], day: date) -> None:
    """One reminder a day to an agency on this matter: a day already recorded is refused."""
    same = [r for r in rounds if r.day == day]
    if same:
        names = ", ".join(sort_vi(list(same[0].agencies.values())))
        raise OutputError(
            f"ngày {format_short_date(day)} đã có công văn đôn đốc gửi {len(same[0].agencies)} "
            f"đơn vị ({names}) trong «{target}»; vanban không soạn công văn thứ hai trong cùng "
            "một ngày gửi cùng đơn vị về cùng việc này. Các tệp đã có giữ nguyên. Đợt đôn đốc "
            "tiếp theo ghi ngày sau (--ngay-ky ngày/tháng/năm)"
        )
    if target.exists():
        raise OutputError(
            f"«{target}» đã có nhưng không phải thư mục vanban ghi đợt đôn đốc (không có "
            f"«{MANIFEST_FILE}») nên vanban không ghi vào đó. Chuyển thư mục đó sang chỗ khác "
            "rồi chạy lại"
        )
    later = [r for r in rounds if r.day > day]
    if later:
        raise UsageError(
            f"đã có đợt đôn đốc ngày {format_short_date(later[-1].day)}, sau ngày "
            f"{format_short_date(day)}; đợt đôn đốc mới ghi ngày từ "
            f"{format_short_date(later[-1].day + timedelta(days=1))} trở đi. Nếu đợt ngày "
            f"{format_short_date(later[-1].day)} soạn nhầm và chưa gửi, chuyển thư mục "
            f"«{later[-1].folder}» ra khỏi thư mục kết quả rồi chạy lại"
        )


class UnknownSender(ListedError):
    """Files of the year's folder that no agency can be told from: who is missing is unknown."""


def _refuse_unknown_senders(validation: ValidationResult) -> None:
    """An empty folder (the files not copied yet?) would remind every agency, and a file
    vanban cannot tie to an agency may be a missing agency's report: remind nobody then."""
    if validation.no_workbooks:
        from generator.validate import no_workbooks_message

        raise WorkbookError(no_workbooks_message(validation.folder, validation.year))
    stray = validation.stray_findings
    if stray:
        raise UnknownSender(
            f"Trong «{validation.folder}» có tệp không xác định được là phiếu của đơn vị nào "
            "đang phải báo cáo, nên chưa biết chắc đơn vị nào chưa gửi báo cáo; chưa soạn công "
            "văn đôn đốc nào. Sửa các tệp sau (hoặc chuyển ra khỏi thư mục) rồi chạy lại:",
            [str(finding) for finding in stray],
        )


# ---------------------------------------------------------------------------
# Who is reminded


def _unnumbered_rounds(rounds: list[SentRound], agencies: list[Agency]) -> list[str]:
    """Earlier rounds these letters cite whose numbers the clerk has not recorded: the
    letters leave the number blank, to be filled by hand before signing."""
    codes = {agency.code for agency in agencies}
    notes = []
    for r in rounds:
        blank = r.unnumbered(codes)
        if blank:
            notes.append(
                f"Đợt đôn đốc ngày {format_short_date(r.day)} chưa ghi số, ký hiệu của "
                f"{len(blank)} công văn trong «{r.folder / NUMBERS_FILE}»: công văn đợt này để "
                "trống chỗ ghi số của công văn trước; điền số vào chỗ trống trước khi ký, và "
                "ghi vào tệp đó để các đợt sau tự điền"
            )
    return notes


def _came_later(validation: ValidationResult, day: date, reminded: list[Agency]) -> list[str]:
    """The agencies reminded though their form is in the folder (see :func:`_reminded`: it
    is dated after the round's day), said with why."""
    codes = {agency.code for agency in reminded}
    return [
        f"{s.agency.name}: phiếu ghi ngày {format_short_date(s.report.report_date)}, sau ngày "
        f"đôn đốc {format_short_date(day)}, nên vẫn được đôn đốc trong đợt này"
        for s in validation.submissions
        if s.agency.code in codes and s.report is not None and s.report.report_date is not None
    ]


def _reminded(workspace: Workspace, validation: ValidationResult, day: date) -> tuple[list, list]:
    """(agencies without a workbook, agencies whose workbook has errors), the issuer aside:
    the same roster and the same rule as the letters of ``generate``. A workbook dated after
    ``day`` had not come in on that day (a round recorded afterwards), so its agency is
    reminded too: the report's account of the round then agrees with its dates."""
    from generator.validate import SubmissionStatus

    issuer = workspace.issuer_on(day).code
    missing, with_errors = [], []
    for submission in validation.submissions:
        if submission.agency.code == issuer:
            continue
        report = submission.report
        if submission.status is SubmissionStatus.MISSING or (
            report is not None and report.report_date is not None and report.report_date > day
        ):
            missing.append(submission.agency)
        elif submission.status is SubmissionStatus.INVALID:
            with_errors.append(submission.agency)
    return missing, with_errors


def _facts(workspace: Workspace, year: int) -> Consolidation:
    """The year's facts a reminder needs (who, when, which plan); no figure is read, but a
    workspace whose earlier figures are the shipped sample's is marked «DỮ LIỆU MẪU» like
    the batch's documents (a sample reminder was sent unmarked)."""
    return Consolidation(workspace, year, [], [], {}, History(sample=_sample(workspace)))


def _sample(workspace: Workspace) -> bool:
    """Whether the earlier years' file says its figures are the sample's (only that flag is
    read: a file being edited does not stop a reminder)."""
    path = workspace.root / HISTORY_FILE
    if not path.is_file():
        return False
    try:
        data, _ = read_yaml(path)
    except VanbanError:
        return False
    return isinstance(data, dict) and data.get("so_lieu_mau") is True


def _check_codes(workspace: Workspace, agencies: list[Agency]) -> None:
    for agency in agencies:
        problem = unsafe_file_stem(agency.code)
        if problem:
            raise DataError(
                f"mã đơn vị «{agency.code}» không dùng làm tên tệp được: {problem}",
                Location(file=workspace.registry.source),
            )


# ---------------------------------------------------------------------------
# Writing


def numbers_file_text(c: Consolidation, day: date, agencies: list[Agency]) -> str:
    """The file in which the clerk records each letter's number once it is issued."""
    example = f'{agencies[0].code}: "12/{_symbol(c)}"'
    lines = [
        f"# Số, ký hiệu các công văn đôn đốc ngày {format_short_date(day)} (lệnh vanban don-doc).",
        "# Khi ban hành, văn thư ghi số, ký hiệu của từng công văn trong dấu nháy kép, ví dụ:",
        f"#   {example}",
        "# Công văn đôn đốc lần sau gửi cùng đơn vị sẽ nêu số, ký hiệu và ngày của công văn này;",
        "# dòng để trống thì chỉ nêu ngày.",
    ]
    for agency in agencies:
        lines.append(f'{agency.code}: ""  # {agency.name}')
    return "\n".join(lines) + "\n"


def _symbol(c: Consolidation) -> str:
    """The ký hiệu of the issuer's letters (the records office adds the number)."""
    return doc_symbol(None, c.issuer.code, c.plan.outputs.drafting_unit)


def send_reminders(
    options: ReminderOptions, progress: ProgressFactory = no_progress
) -> ReminderResult:
    """Write the day's reminders, all or nothing; raise a VanbanError (nothing written)."""
    from generator.documents.template_guide import load_checked
    from generator.validate import validate_year

    year, day = options.year, options.day
    target = _check_folders(options)
    workspace = load_workspace(options.inputs)
    workspace.check_year(year)
    _check_day(workspace, year, day, options.day_given)
    new_deadline = _new_deadline(workspace, day, options.new_deadline)
    _check_pdf_tool(options.pdf)
    rounds = read_record(options.out, year)
    _refuse_same_day(target, rounds, day)
    validation = validate_year(workspace, year, options.inputs, progress=progress)
    _refuse_unknown_senders(validation)
    missing, with_errors = _reminded(workspace, validation, day)
    result = ReminderResult(year, day, new_deadline, target, missing, with_errors=with_errors)
    if not missing:
        return result
    if note := weekend_note(day, "Ngày ký công văn đôn đốc"):
        result.notes.append(note)
    if day > workspace.last_document_day(year):
        result.notes.append(_late_day_note(workspace, year, day, target))
    result.notes += _came_later(validation, day, missing)
    result.notes += _unnumbered_rounds(rounds, missing)
    if year not in workspace.plan.outputs.request_letters:
        result.notes.append(
            f"Dữ liệu kế hoạch chưa ghi công văn đề nghị báo cáo năm {year} (mục van_ban_dau_ra, "
            f"cong_van_de_nghi_bao_cao, năm {year}: so_ky_hieu, ngay, co_quan, trich_yeu) nên công "
            "văn đôn đốc chỉ dẫn Kế hoạch; ghi công văn đó để các đợt đôn đốc sau dẫn số, ngày "
            "của công văn đã gửi phiếu báo cáo."
        )
    _check_codes(workspace, missing)
    template = load_checked(options.templates / TEMPLATE, TEMPLATE)
    c = _facts(workspace, year)
    publish.remove_stale_staging(options.out)
    with publish.staging_folder(options.out, f"{year}-{REMINDERS_DIR}") as staging:
        with progress(len(missing), label="Đang soạn công văn đôn đốc") as bar:
            for agency in missing:
                earlier = [
                    r.earlier_reminder(agency.code) for r in rounds if agency.code in r.agencies
                ]
                result.earlier[agency.code] = earlier
                context = reminder_context(c, agency, day, new_deadline, earlier)
                _store(
                    staging, f"{agency.code}.docx", template.render(context.model_dump()), result
                )
                bar.update(1)
        _store(staging, NUMBERS_FILE, numbers_file_text(c, day, missing).encode("utf-8"), result)
        if options.pdf:
            _add_pdfs(staging, result, progress)
        manifest = {
            "plan": workspace.plan.number_symbol,
            "year": year,
            "day": day.isoformat(),
            "new_deadline": new_deadline.isoformat(),
            "reminders": {agency.code: agency.name for agency in missing},
            "outputs": dict(sorted(result.outputs.items())),
        }
        write_new_file(staging / MANIFEST_FILE, publish.manifest_bytes(manifest))
        publish.publish(staging, target, PreviousSet(target, (), {}), what=WHAT)
    return result


PDF_BY_HAND = (
    "Đợt đôn đốc đã ghi không được soạn lại: xuất PDF/A-2b cho các công văn đó bằng Word "
    "hoặc LibreOffice (Xuất ra PDF > «Lưu trữ (PDF/A, ISO 19005)»)."
)


def _check_pdf_tool(pdf: bool) -> None:
    """With --pdf, LibreOffice must be there before anything is written: a day's set is
    never written again, so its PDFs could not be added by a second run."""
    from generator.batch import require_pdf_tool

    if pdf:
        require_pdf_tool("chưa soạn công văn đôn đốc nào")


def _add_pdfs(staging: Path, result: ReminderResult, progress: Any) -> None:
    from generator.batch import PDF_RETRY, _convert_pdfs

    documents = sorted(name for name in result.outputs if name.endswith(".docx"))
    before = len(result.outputs)
    notes = _convert_pdfs(staging, documents, result.outputs, result.day, progress)
    retry = " rồi chạy lại với --pdf --force."  # generate's advice; a day's set is not redone
    result.notes += [
        note.replace(PDF_RETRY, PDF_BY_HAND).replace(retry, ". " + PDF_BY_HAND) for note in notes
    ]
    result.pdfs = len(result.outputs) - before


def _store(staging: Path, name: str, data: bytes, result: ReminderResult) -> None:
    write_new_file(staging / name, data)
    result.outputs[name] = hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------
# What the clerk reads


def describe_reminders(result: ReminderResult) -> str:
    day = format_short_date(result.day)
    lines = []
    if not result.agencies:
        lines.append(
            f"Đến ngày {day}, mọi đơn vị phải báo cáo năm {result.year} đều đã gửi phiếu: "
            "không có công văn đôn đốc nào."
        )
    else:
        lines.append(
            f"Đã soạn {format_number(len(result.agencies))} công văn đôn đốc ngày {day} trong «{result.folder}» "
            f"(hạn mới: {format_short_date(result.new_deadline)}):"
        )
        width = max(len(f"{agency.code}.docx") for agency in result.agencies)
        for agency in result.agencies:
            earlier = result.earlier.get(agency.code, [])
            times = f" (lần {len(earlier) + 1})" if earlier else ""
            lines.append(f"  {f'{agency.code}.docx':<{width}}  {agency.name}{times}")
        lines.append(
            f"Khi ban hành, ghi số, ký hiệu từng công văn vào «{NUMBERS_FILE}» trong thư mục "
            "trên: lần đôn đốc sau sẽ nêu số đó."
        )
    if result.with_errors:
        names = ", ".join(agency.name for agency in result.with_errors)
        lines.append(
            f"Đơn vị đã gửi phiếu nhưng phiếu còn lỗi ({format_number(len(result.with_errors))}), "
            "không đôn "
            f"đốc: {names}. Gửi phản hồi bằng «vanban validate --year {result.year} --phan-hoi "
            "--han-sua ngày/tháng/năm» (hạn gửi lại phiếu đã sửa)."
        )
    if result.pdfs:
        lines.append(f"Bản PDF/A-2b: {format_number(result.pdfs)}.")
    lines += [f"Lưu ý: {note}" for note in result.notes]
    return "\n".join(lines)


def sample_context(c: Consolidation) -> ReminderContext | None:
    """A reminder dated the first day one may be sent, to check an edited template with
    (``vanban mau-van-ban --kiem-tra``); None when the plan data sets no new deadline."""
    recipients = c.reminder_recipients or c.letter_recipients
    reply = c.plan.outputs.reminder_reply
    if not recipients or reply is None:
        return None
    day = first_reminder_day(c.workspace, c.year)
    return reminder_context(c, recipients[0].agency, day, reply.due_from(day))
