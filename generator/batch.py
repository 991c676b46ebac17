"""The November batch: validated workbooks of year Y in, the year's documents out, all or nothing.

Stages, in order (each named in its errors):

1. load the plan and registry, validate the year's workbooks (stop on any error, write nothing);
2. consolidate (figures of earlier years from ``so-lieu-cac-nam-truoc.yaml`` or their workbooks);
3. refuse to touch ``OUT/Y`` if it already holds documents, unless ``force`` (this and the
   other checks of the output folder are also made first, before any workbook is read);
4. build every file in a hidden staging folder beside ``OUT/Y``: the report, one letter
   per agency, ``tong-hop.xlsx``, PDFs on request, then ``manifest.json``;
5. move the new set into place (``--force``: the old set goes to ``OUT/Y/.cu-<time>/``).

If anything fails before step 5 the staging folder is removed and ``OUT/Y`` is untouched.
Steps 3-5 are :mod:`generator.output.publish`: only what an earlier run listed in its
manifest is ever set aside; anything else in ``OUT/Y`` (the forms' folder, a clerk's file)
stays where it is.

Reminders are not written here: ``vanban don-doc`` (:mod:`generator.reminders`) writes them
right after the deadline into ``OUT/Y/don-doc/<day>/``, which this batch never touches; the
report states the reminders that record holds, and no others.

Letters are streamed: one :class:`~generator.documents.render.CompiledTemplate` per process, each
context rendered, written and dropped. Above :attr:`GenerateOptions.parallel_threshold`
letters, a pool of worker processes (each loading the templates once) renders them; the
bytes are the same either way, since rendering depends on the context alone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import gc
import hashlib
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import errors as error_types
from generator.consolidate import (
    HISTORY_FILE,
    Consolidation,
    History,
    MeasureResult,
    answer_by,
    consolidate,
    cumulative_years,
    format_value,
    format_with_unit,
    letter_context,
    load_history,
    measure_totals,
    report_context,
    unsafe_file_stem,
    unverified_counted,
)
from generator.data.shipped import shipped_inputs
from generator.data.workspace import PLAN_FILE, REGISTRY_FILE, Workspace, load_workspace
from generator.data.yamldata import no_cycle_collection, read_yaml
from generator.documents.filters import chu_thuong_dau
from generator.documents.render import CompiledTemplate
from generator.errors import (
    DataError,
    ListedError,
    OutputError,
    UsageError,
    VanbanError,
    WorkbookError,
)
from generator.output import publish
from generator.output.files import write_error
from generator.output.pdf_stable import stable_pdf
from generator.output.publish import MANIFEST_FILE, OLD_SET_PREFIX, PreviousSet, Protected
from generator.progress import Progress, ProgressFactory, no_progress
from generator.reminders import SentRound, last_reminders, read_record, rounds_for_report
from generator.vnformat import format_number, format_short_date, weekend_note
from generator.workers import ignore_interrupt

if TYPE_CHECKING:
    from decimal import Decimal

    from generator.documents.context import ReportContext
    from generator.validate import ValidationResult

# generator.validate and generator.documents.summary_xlsx (openpyxl) are imported where they are used,
# not here: each letter worker imports this module, and they would add 9 MB to every worker.

REPORT_TEMPLATE = "bao-cao-tong-hop.docx"
LETTER_TEMPLATE = "cong-van.docx"
TEMPLATE_FILES = {"report": REPORT_TEMPLATE, "letter": LETTER_TEMPLATE}

REPORT_FILE = "bao-cao-tong-hop.docx"
LETTERS_DIR = "cong-van"
SUMMARY_FILE = "tong-hop.xlsx"

PARALLEL_THRESHOLD = 200
WORKERS = 2
CHUNK = 16  # letters per task sent to a worker: few round trips, little held in memory

INSTALL_LIBREOFFICE = (
    "Cài LibreOffice miễn phí tại https://www.libreoffice.org/download/ (Windows) hoặc «sudo "
    "apt install libreoffice-writer-nogui» (Debian, Ubuntu)"
)


def require_pdf_tool(nothing_done: str) -> str:
    """LibreOffice's command; with --pdf it must be there before anything is written: asked
    for PDFs, a clerk who got none would learn it from one note among many."""
    soffice = find_soffice()
    if soffice is None:
        raise UsageError(
            f"không tìm thấy LibreOffice (lệnh soffice) để tạo PDF nên {nothing_done}. "
            f"{INSTALL_LIBREOFFICE} rồi chạy lại, hoặc chạy không có --pdf"
        )
    return soffice


UNREADABLE_FILE = (
    "không đọc được tệp (đang bị khóa hoặc chưa tải về máy); đóng chương trình đang giữ "
    "tệp rồi chạy lại"
)


class InvalidInputs(ListedError):
    """The workbooks of a year have errors: every finding is listed, nothing is written."""


@dataclass(frozen=True)
class GenerateOptions:
    inputs: Path = Path("inputs")
    templates: Path = Path("templates")
    out: Path = Path("outputs")
    year: int | None = None
    force: bool = False
    pdf: bool = False
    signing_date: date | None = None
    parallel_threshold: int = PARALLEL_THRESHOLD
    workers: int = WORKERS


@dataclass
class BatchResult:
    """What was written, for the summary a clerk reads."""

    year: int
    folder: Path
    consolidation: Consolidation
    outputs: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    letters: int = 0
    pdfs: int = 0
    notes: list[str] = field(default_factory=list)
    old_set: Path | None = None

    @property
    def documents(self) -> int:
        return sum(1 for name in self.outputs if name.endswith(".docx"))


# ---------------------------------------------------------------------------
# Inputs


def latest_year(inputs: Path) -> int:
    """The latest ``inputs/<year>/`` folder that holds workbooks."""
    if not inputs.is_dir():
        raise UsageError(f"không tìm thấy thư mục dữ liệu đầu vào «{inputs}»")
    years = [
        int(folder.name)
        for folder in inputs.iterdir()
        if folder.is_dir()
        and folder.name.isdigit()
        and len(folder.name) == 4
        and _workbook_files(folder)
    ]
    if not years:
        raise UsageError(
            f"trong «{inputs}» không có thư mục năm nào chứa phiếu báo cáo (ví dụ "
            f"«{inputs / '2025'}»); hãy đặt phiếu vào đó hoặc chỉ rõ --year"
        )
    return max(years)


def _workbook_files(folder: Path) -> list[Path]:
    from generator.validate import workbook_files

    return workbook_files(folder)


def _checked(result: ValidationResult, purpose: str) -> ValidationResult:
    if not result.ok:
        raise InvalidInputs(
            f"Phiếu báo cáo năm {result.year}{purpose} có lỗi; chưa tạo văn bản nào. Sửa các "
            "lỗi sau rồi chạy lại:",
            [str(finding) for finding in result.findings] + _unread(result),
        )
    return result


def _unread(result: ValidationResult) -> list[str]:
    from generator.validate import unread_lines

    return [f"không đọc {line}" for line in unread_lines(result)]


def _reports(result: ValidationResult) -> list:
    return [s.report for s in result.submissions if s.report is not None]


# Reading a workbook takes ~4 ms, so a second process (100-200 ms to start here, more on
# Windows, where it re-imports everything) only pays off for earlier years this large.
EARLIER_YEARS_POOL_MIN_FILES = 200


def earlier_workbook_years(
    workspace: Workspace, year: int, inputs: Path, history: History | None = None
) -> list[int]:
    """The years before ``year`` whose workbooks the batch reads (their figures are not in
    the history file); a year without workbooks is left to consolidate() to name."""
    if history is None:
        history = load_history(inputs / HISTORY_FILE, workspace.plan)
    return [
        y
        for y in cumulative_years(year, workspace.plan, history)
        if (inputs / str(y)).is_dir() and _workbook_files(inputs / str(y))
    ]


def validate_as_generate_reads(
    workspace: Workspace, year: int, inputs: Path, progress: ProgressFactory = no_progress
) -> ValidationResult:
    """``vanban validate``: the year's workbooks, compared for the register with the earlier
    years generate reads, so that what generate would refuse is a finding here."""
    from generator.validate import validate_year

    history = load_history(inputs / HISTORY_FILE, workspace.plan)
    years = earlier_workbook_years(workspace, year, inputs, history)
    earlier = [validate_year(workspace, y, inputs, progress=progress) for y in years]
    # compared for the register only when the plan keeps one
    result = validate_year(
        workspace,
        year,
        inputs,
        earlier=earlier if workspace.plan.ip else (),
        progress=progress,
    )
    result.earlier_errors = {  # generate refuses an earlier year with errors: so does validate
        before.year: [
            dataclasses.replace(
                finding, shown=f"{before.year}/{finding.shown or finding.file.name}"
            )
            for finding in before.findings
        ]
        for before in earlier
        if before.findings
    }
    result.input_notes = _missing_years(workspace, year, inputs, history, years)
    unled = workspace.unled_tasks_note(year)
    result.input_notes += [unled] if unled else []
    return result


def _missing_years(
    workspace: Workspace, year: int, inputs: Path, history: History, read: list[int]
) -> list[str]:
    """Earlier years generate needs for the cumulative figures and has neither from the
    history file nor from workbooks: validate passed, then generate stopped on them."""
    missing = [y for y in cumulative_years(year, workspace.plan, history) if y not in read]
    return [
        f"thiếu số liệu năm {earlier} mà «vanban generate» cần để tính số lũy kế từ năm "
        f"{workspace.plan.period.first_year}: ghi số liệu đã tổng hợp của năm {earlier} vào "
        f"tệp {HISTORY_FILE}, hoặc đặt phiếu báo cáo năm {earlier} vào thư mục {earlier}/ "
        "của dữ liệu đầu vào"
        for earlier in missing
    ]


def consolidate_inputs(
    workspace: Workspace,
    year: int,
    inputs: Path,
    signing_date: date | None = None,
    progress: ProgressFactory = no_progress,
) -> tuple[Consolidation, list[ValidationResult]]:
    """Validate year ``year`` and the earlier years the cumulative totals need, then sum.

    When the earlier years hold many workbooks they are validated in a second process
    while this one validates ``year``; a few are read here, faster than a process starts.
    ``progress`` counts the workbooks of each year (those of the second process when their
    year is done).
    """
    from generator.validate import validate_year

    plan = workspace.plan
    history = load_history(inputs / HISTORY_FILE, plan)
    earlier_years = earlier_workbook_years(workspace, year, inputs, history)
    earlier_files = sum(len(_workbook_files(inputs / str(y))) for y in earlier_years)
    with contextlib.ExitStack() as stack:
        futures: dict[int, Future] = {}
        if earlier_files >= EARLIER_YEARS_POOL_MIN_FILES:
            # Spawned like every worker (as on Windows; a fork would copy this process). Its
            # one worker keeps Ctrl+C: the year it is reading stops at once (the exception
            # comes back as the task's), and the callback, run before the pool's own exit,
            # drops the years not begun.
            pool = stack.enter_context(
                ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            )
            stack.callback(pool.shutdown, wait=False, cancel_futures=True)
            futures = {y: pool.submit(validate_year, workspace, y, inputs) for y in earlier_years}
        current = _checked(
            validate_year(workspace, year, inputs, signing_date, progress=progress), ""
        )
        results = [current]
        earlier: dict[int, dict[str, int]] = {}
        earlier_missing: dict[int, list] = {}
        for earlier_year in earlier_years:
            future = futures.get(earlier_year)
            validated = (
                _awaited(future, earlier_year, inputs, progress)
                if future is not None
                else validate_year(workspace, earlier_year, inputs, progress=progress)
            )
            result = _checked(validated, " (dùng để tính số lũy kế)")
            earlier[earlier_year] = measure_totals(_reports(result), plan)
            earlier_missing[earlier_year] = _missing(result)
            results.append(result)
    register = _register(workspace, inputs, results)
    consolidation = consolidate(
        workspace, year, current.submissions, history, earlier, register, earlier_missing
    )
    return consolidation, results


def _missing(result: ValidationResult) -> list:
    """The agencies of a validated year that sent no report."""
    from generator.validate import SubmissionStatus

    return [s.agency for s in result.submissions if s.status is SubmissionStatus.MISSING]


def _awaited(
    future: Future, year: int, inputs: Path, progress: ProgressFactory
) -> ValidationResult:
    """An earlier year read by the second process, its bar counting its workbooks at once
    when the year is done (the process reports no count of its own)."""
    from generator.validate import reading_label

    files = len(_workbook_files(inputs / str(year)))
    with progress(files, label=reading_label(year)) as bar:
        result = future.result()
        bar.update(files)
    return result


def _register(workspace: Workspace, inputs: Path, results: list[ValidationResult]):
    """The province's register from every year read; disagreements stop the batch here."""
    rules = workspace.plan.ip
    if rules is None:
        return None
    from generator.register import load_register, require_agreement

    register = load_register(rules, inputs, [r for result in results for r in _reports(result)])
    require_agreement(register)
    return register


def _input_hashes(inputs: Path, templates: Path, results: list[ValidationResult]) -> dict:
    files: dict[str, str] = {}
    for name in (PLAN_FILE, REGISTRY_FILE, HISTORY_FILE):
        path = inputs / name
        if path.is_file():
            files[name] = _sha256_file(path)
    for result in results:
        for submission in result.submissions:
            report = submission.report
            for path in submission.files:
                # The validator hashed the bytes it read; hash again only what it did not use.
                used = report is not None and report.file == path
                files[_relative(path, inputs)] = report.sha256 if used else _sha256_file(path)
    template_hashes = {name: _sha256_file(templates / name) for name in TEMPLATE_FILES.values()}
    return {"inputs": files, "templates": template_hashes}


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(_read_file(path)).hexdigest()


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        where = error_types.Location(file=path)
        raise OutputError(UNREADABLE_FILE, where) from exc


# ---------------------------------------------------------------------------
# Writing


def _raw_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def _write_bytes(path: Path, data: bytes) -> None:
    """Write a file of the staging folder; every failure becomes an OutputError."""
    try:
        _raw_write(path, data)
    except OSError as exc:
        raise write_error(exc, path) from exc


def _store(staging: Path, relative: str, data: bytes, outputs: dict[str, str]) -> None:
    _write_bytes(staging / relative, data)
    outputs[relative] = hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class _Job:
    kind: str  # the template: "letter"
    relative: str
    context: dict[str, Any]


def _jobs(c: Consolidation) -> Iterator[_Job]:
    """The letters, each context built only when asked for."""
    for summary in c.letter_recipients:
        context = letter_context(c, summary).model_dump()
        yield _Job("letter", f"{LETTERS_DIR}/{summary.agency.code}.docx", context)


def _check_file_names(c: Consolidation) -> None:
    for summary in c.letter_recipients:
        problem = unsafe_file_stem(summary.agency.code)
        if problem:
            raise DataError(
                f"mã đơn vị «{summary.agency.code}» không dùng làm tên tệp được: {problem}",
                error_types.Location(file=c.workspace.registry.source),
            )


def _render_job(templates: dict[str, CompiledTemplate], staging: Path, job: _Job) -> str:
    data = templates[job.kind].render(job.context)
    _write_bytes(staging / job.relative, data)
    return hashlib.sha256(data).hexdigest()


# Worker processes: the templates are loaded once per process by the initializer.
_WORKER_TEMPLATES: dict[str, CompiledTemplate] = {}


def _worker_init(template_paths: dict[str, str]) -> None:
    ignore_interrupt()
    for kind, path in template_paths.items():
        _WORKER_TEMPLATES[kind] = CompiledTemplate.load(Path(path))


def _worker_chunk(staging: str, jobs: list[_Job]) -> list[tuple[str, str]] | tuple[str, str, str]:
    """Render and write a chunk; a user error comes back as ("error", kind, message)."""
    try:
        return [(job.relative, _render_job(_WORKER_TEMPLATES, Path(staging), job)) for job in jobs]
    except VanbanError as exc:
        return ("error", type(exc).__name__, exc.message())


def _raise_worker_error(kind: str, message: str) -> None:
    cls = getattr(error_types, kind, VanbanError)
    if (
        not (isinstance(cls, type) and issubclass(cls, VanbanError))
        or cls is error_types.DataErrors
    ):
        cls = VanbanError
    raise cls(message)


def _chunks(jobs: Iterable[_Job], size: int) -> Iterator[list[_Job]]:
    chunk: list[_Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _render_in_process(
    templates: dict[str, CompiledTemplate],
    staging: Path,
    jobs: Iterable[_Job],
    outputs: dict[str, str],
    bar: Progress,
) -> None:
    for job in jobs:
        outputs[job.relative] = _render_job(templates, staging, job)
        bar.update(1)


def _letter_pool(templates: dict[str, CompiledTemplate], workers: int) -> ProcessPoolExecutor:
    """Worker processes, started now, each loading the templates once.

    They are started fresh ("spawn", as on Windows), not forked: a forked worker begins
    with a copy of this process, which holds every agency's report, and at 10,000 agencies
    that doubled the memory used. Spawning takes about half a second, spent while this
    process renders the report.
    """
    paths = {kind: str(t.path.resolve()) for kind, t in templates.items()}
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
        initargs=(paths,),
    )
    for _ in range(workers):  # a process is started per task waiting and no idle worker
        pool.submit(_worker_ready)
    return pool


def _worker_ready() -> None:
    pass


def _render_in_pool(
    pool: ProcessPoolExecutor,
    staging: Path,
    jobs: Iterable[_Job],
    outputs: dict[str, str],
    bar: Progress,
    workers: int,
) -> None:
    """Feed chunks to the workers, keeping only a few in flight (memory stays flat)."""
    window = workers * 3
    pending: set[Future] = set()
    try:
        for chunk in _chunks(jobs, CHUNK):
            pending.add(pool.submit(_worker_chunk, str(staging), chunk))
            if len(pending) >= window:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                _collect(done, outputs, bar)
        done, pending = wait(pending)
        _collect(done, outputs, bar)
    except BaseException:
        for future in pending:
            future.cancel()
        raise


def _collect(done: Iterable[Future], outputs: dict[str, str], bar: Progress) -> None:
    for future in done:
        result = future.result()
        if isinstance(result, tuple):
            _raise_worker_error(result[1], result[2])
        for relative, digest in result:
            outputs[relative] = digest
        bar.update(len(result))


# ---------------------------------------------------------------------------
# PDF through LibreOffice


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        Path(os.environ.get("PROGRAMFILES", r"C:\Program Files"))
        / "LibreOffice/program/soffice.exe",
        Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
        / "LibreOffice/program/soffice.exe",
    ):
        if candidate.is_file():
            return str(candidate)
    return None


PDF_RETRY = "Chạy lại với --pdf --force để thử tạo PDF lần nữa."


def _launch_problem(exc: OSError, program: str) -> str:
    """Why ``program`` could not be started, in Vietnamese (the system's text is English)."""
    if exc.errno == errno.ENOENT:
        return f"không tìm thấy tệp chương trình «{program}»"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"không có quyền chạy «{program}»"
    return f"mã lỗi hệ thống {exc.errno}"


# LibreOffice's PDF export filter with PDF/A-2b (SelectPdfVersion 2), the archival form
# the decree's digital signing expects; the JSON filter options need LibreOffice 7.4 or later.
PDF_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
PDF_PROGRESS_LABEL = "Đang tạo PDF/A"
# The fonts a PDF embeds (subset tag «ABCDEF+» dropped), and the one the decree asks for.
_PDF_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9]+)")
PDF_FONT_WANTED = "TimesNewRoman"
# The PDF's XMP metadata declares its PDF/A part and conformance level (element or attribute).
PDFA_PART = re.compile(rb"pdfaid:part(?:>\s*|=[\"'])2\b")
PDFA_CONFORMANCE = re.compile(rb"pdfaid:conformance(?:>\s*|=[\"'])B\b", re.IGNORECASE)
PDF_POLL_SECONDS = 0.25


def declares_pdfa_2b(pdf: Path | bytes) -> bool:
    """Whether the PDF's XMP metadata declares PDF/A-2b (pdfaid:part 2, conformance B)."""
    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    return bool(PDFA_PART.search(data) and PDFA_CONFORMANCE.search(data))


def _convert_pdfs(
    staging: Path,
    documents: list[str],
    outputs: dict[str, str],
    day: date,
    progress: ProgressFactory = no_progress,
) -> list[str]:
    """A PDF/A-2b beside each .docx; returns notes for the clerk (empty when all went well)."""
    soffice = require_pdf_tool("chưa tạo văn bản nào")  # checked before the run; gone since
    by_folder: dict[Path, list[Path]] = {}
    for relative in documents:
        path = staging / relative
        by_folder.setdefault(path.parent, []).append(path)
    with (
        tempfile.TemporaryDirectory(prefix="vanban-lo-") as profile,
        progress(len(documents), label=PDF_PROGRESS_LABEL) as bar,
    ):
        for folder, paths in sorted(by_folder.items()):
            command = [
                soffice,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                PDF_FILTER,
                "--outdir",
                str(folder),
                *map(str, paths),
            ]
            timeout = 120 + 5 * len(paths)
            try:
                _run_counting_pdfs(command, timeout, paths, bar)
            except subprocess.TimeoutExpired:
                return [
                    f"LibreOffice không trả lời sau {timeout} giây nên chưa tạo được tệp PDF; "
                    f"các tệp .docx vẫn được ghi. {PDF_RETRY}"
                ]
            except OSError as exc:
                return [
                    f"không chạy được LibreOffice: {_launch_problem(exc, soffice)}; các tệp "
                    ".docx vẫn được ghi."
                ]
    return _collect_pdfs(staging, documents, outputs, day)


def _run_counting_pdfs(command: list[str], timeout: int, paths: list[Path], bar: Progress) -> None:
    """Run LibreOffice on ``paths``, moving ``bar`` on as each PDF appears."""

    def written() -> int:
        return sum(1 for path in paths if path.with_suffix(".pdf").is_file())

    shown = 0
    with ThreadPoolExecutor(max_workers=1) as runner:
        job = runner.submit(
            subprocess.run, command, check=False, capture_output=True, timeout=timeout
        )
        while True:
            try:
                job.result(timeout=PDF_POLL_SECONDS)
                break
            except FutureTimeout:
                now = written()
                bar.update(now - shown)
                shown = now
    bar.update(written() - shown)


def _collect_pdfs(
    staging: Path, documents: list[str], outputs: dict[str, str], day: date
) -> list[str]:
    """Record each PDF written, its time stamps set to ``day`` (same document, same bytes);
    notes for those missing, not declaring PDF/A-2b, or set in another font."""
    missing: list[str] = []
    not_pdfa: list[str] = []
    fonts: set[str] = set()
    for relative in documents:
        pdf = (staging / relative).with_suffix(".pdf")
        if not pdf.is_file():
            missing.append(relative)
            continue
        data = stable_pdf(_read_file(pdf), day)
        _raw_write(pdf, data)
        fonts |= {m.decode("latin-1") for m in _PDF_FONT.findall(data)}
        outputs[Path(relative).with_suffix(".pdf").as_posix()] = hashlib.sha256(data).hexdigest()
        if not declares_pdfa_2b(data):
            not_pdfa.append(pdf.relative_to(staging).as_posix())
    notes = []
    others = sorted(f for f in fonts if not f.startswith(PDF_FONT_WANTED))
    if others and len(others) == len(fonts):  # a symbol font beside Times New Roman is fine
        notes.append(
            f"Tệp PDF dùng phông {', '.join(f'«{f}»' for f in others)} thay cho Times New Roman "
            "(máy này không cài Times New Roman; chữ cùng cỡ, cùng khổ nhưng không đúng phông "
            "Nghị định 30/2020/NĐ-CP quy định). Tạo PDF để ký số trên máy có Times New Roman "
            "(máy Windows), hoặc cài phông này rồi chạy lại với --pdf --force."
        )
    if missing:
        notes.append(
            f"LibreOffice không tạo được PDF cho {len(missing)} văn bản (ví dụ {missing[0]}); "
            "các tệp .docx vẫn được ghi."
        )
    if not_pdfa:
        notes.append(
            f"{len(not_pdfa)} tệp PDF không khai báo chuẩn PDF/A-2b (ví dụ {not_pdfa[0]}), "
            "có thể không dùng được để ký số và lưu trữ; cài LibreOffice 7.4 trở lên rồi chạy "
            "lại với --pdf --force."
        )
    return notes


# ---------------------------------------------------------------------------
# Into place (generator.output.publish does the moving)


PDF_REPORT_FILE = Path(REPORT_FILE).with_suffix(".pdf").name
REGISTER_OUTPUT = "so-tai-san-tri-tue-cap-nhat.xlsx"
REGISTER_UPDATED = "Sổ cập nhật đến kỳ báo cáo năm "
SET_ENTRIES = frozenset(
    {
        REPORT_FILE,
        PDF_REPORT_FILE,
        LETTERS_DIR,
        SUMMARY_FILE,
        REGISTER_OUTPUT,
        MANIFEST_FILE,
    }
)


def _is_set_entry(name: str) -> bool:
    """A name ``generate`` writes at the top of ``OUT/<year>`` (the forms' folder is not one)."""
    return name in SET_ENTRIES


def _refuse_overwrite(target: Path, previous: PreviousSet) -> None:
    if previous.missing:
        missing = ", ".join(f"«{name}»" for name in previous.missing)
        raise OutputError(
            f"thư mục «{target}» có bộ văn bản chưa đầy đủ của lần tạo trước (thiếu "
            f"{missing}): có lẽ lần chạy đó bị dừng giữa chừng. Chạy lại với --force để tạo bộ "
            f"mới: phần còn lại của bộ cũ được chuyển vào «{target}{os.sep}{OLD_SET_PREFIX}"
            f"<thời điểm>{os.sep}»."
        )
    raise OutputError(
        f"thư mục «{target}» đã có văn bản của lần tạo trước (có thể đã ký), vanban không ghi "
        f"đè. Muốn thay bằng bộ mới thì chạy lại với --force: bộ cũ được chuyển vào «{target}"
        f"{os.sep}{OLD_SET_PREFIX}<thời điểm>{os.sep}»."
    )


def _check_output_folders(options: GenerateOptions, target: Path) -> PreviousSet:
    """Everything about the output folder that can be refused before any work."""
    publish.refuse_overlap(
        options.out,
        [
            Protected(options.inputs, "thư mục dữ liệu đầu vào"),
            Protected(options.templates, "thư mục mẫu văn bản"),
        ],
    )
    publish.check_set_folder(target)
    previous = publish.read_previous(target, _is_set_entry)
    if previous.present and not options.force:
        _refuse_overwrite(target, previous)
    made = SET_ENTRIES if options.pdf else SET_ENTRIES - {PDF_REPORT_FILE}
    publish.refuse_strangers(target, made, previous)
    return previous


def generate(options: GenerateOptions, progress: ProgressFactory = no_progress) -> BatchResult:
    """Run the whole batch; raise a VanbanError (nothing changed in ``OUT/Y``) on failure."""
    try:
        return _generate(options, progress)
    finally:
        gc.unfreeze()  # what _keep_to_the_end set aside is collected normally again


def _keep_to_the_end() -> None:
    """Set the objects made so far aside from the cycle collector for the rest of the run.

    The registry, the reports and the consolidation live until the batch is written: at
    10,000 agencies each full collection went through all of them again (0.4 s each, a
    few per stage). They are still freed as usual when no longer referenced.
    """
    gc.freeze()


def _generate(options: GenerateOptions, progress: ProgressFactory) -> BatchResult:
    year = options.year if options.year is not None else latest_year(options.inputs)
    target = options.out / str(year)
    try:
        _check_output_folders(options, target)  # before any work; again before writing
    finally:  # a refused run still clears what a killed run left
        removed = publish.remove_stale_staging(options.out)
    if options.pdf:
        require_pdf_tool("chưa tạo văn bản nào")
    workspace = load_workspace(options.inputs)
    _keep_to_the_end()
    workspace.check_year(year)
    _check_signing_date(options.signing_date, workspace, year)
    require_workbooks(options.inputs / str(year), year)
    c, validations = consolidate_inputs(
        workspace, year, options.inputs, options.signing_date, progress
    )
    c = replace(c, signing_date=options.signing_date)
    _keep_to_the_end()
    _check_file_names(c)
    # Imported here, not at the top: each letter worker imports this module (python-docx).
    from generator.documents.assessment import assessment_path, load_assessment, missing_sections

    assessment = load_assessment(options.inputs, year)  # a bad file stops here, nothing written
    missing = missing_sections(assessment, final_year=c.plan.period.reviews(year))
    stale = _out_of_date(c, assessment)
    rounds, rounds_note = _reminder_record(options, year)  # a bad record stops here
    _refuse_later_rounds(rounds, options.signing_date)
    reminders_sent = rounds_for_report(rounds)
    c = replace(c, reminded=last_reminders(rounds))
    templates = _load_templates(options.templates)
    previous = _check_output_folders(options, target)
    with publish.staging_folder(options.out, str(year)) as staging:
        _make_set_folders(staging)
        # Passed on, not kept here: _build frees it once rendered (22 MB at 10,000 agencies).
        result = _build(
            c,
            _report_facts(
                c,
                assessment.as_context() if assessment else None,
                bool(missing or stale),
                reminders_sent,
            ),
            templates,
            options,
            staging,
            progress,
        )
        manifest = {
            "plan": c.plan.number_symbol,
            "year": year,
            "outputs": dict(sorted(result.outputs.items())),
            **_input_hashes(options.inputs, options.templates, validations),
        }
        _write_bytes(staging / MANIFEST_FILE, publish.manifest_bytes(manifest))
        layout_notes = _edited_template_notes(c, options.templates, staging)
        edited = publish.edited_since(previous) if previous.present else []
        result.old_set = publish.publish(staging, target, previous)
    result.folder = target
    if edited and result.old_set is not None:
        result.notes.append(
            "Các tệp sau đã được sửa sau lần tạo trước và được giữ nguyên (bản đã sửa) trong "
            f"«{result.old_set}»: {', '.join(f'«{name}»' for name in edited)}. Tệp mới tạo "
            "không có những chỗ sửa đó; chép lại phần đã sửa nếu cần."
        )
    had_pdfs = any(name.endswith(".pdf") for name in previous.files)
    if had_pdfs and not options.pdf and result.old_set is not None:
        result.notes.append(
            f"Bộ văn bản cũ có bản PDF (nay trong «{result.old_set}»); bộ mới chưa có: chạy lại "
            "với --pdf --force nếu cần bản PDF của bộ mới."
        )
    result.notes += layout_notes
    result.notes += [rounds_note] if rounds_note else []
    result.notes += _blank_reminder_numbers(rounds, c)
    result.notes += [
        f"Đã xóa thư mục tạm «{folder}» do một lần chạy trước bị ngắt giữa chừng để lại."
        for folder in removed
    ]
    # a form open in Excel may hold changes not saved, which this run did not read
    result.notes += [
        f"{note} «vanban generate --force»"
        for validation in validations
        for note in validation.open_forms
    ]
    result.notes += [line for validation in validations for line in _unread(validation)]
    result.notes += list(dict.fromkeys(n for v in validations for n in v.register_notes))
    # What keeps the report from being signed comes first, before the notes on the data.
    first = []
    if missing:
        first.append(
            f"Báo cáo tổng hợp mang dấu «DỰ THẢO»: còn thiếu nhận định của cơ quan tổng hợp ở "
            f"các mục {', '.join(f'«{title}»' for title in missing)}. Viết các mục đó trong tệp "
            f"«{assessment_path(options.inputs, year)}» (lệnh «vanban nhan-dinh --year {year}» "
            "soạn sẵn bản nháp), rồi chạy lại «vanban generate --force»."
        )
    if stale:
        first.append(_stale_note(stale, assessment_path(options.inputs, year)))
    result.notes[:0] = first
    return result


def _out_of_date(c: Consolidation, assessment: Any) -> list[tuple[str, str | None]]:
    """The paragraphs of figures the draft wrote, left as drafted, that today's figures no
    longer give (a form came in or was corrected after `vanban nhan-dinh`)."""
    if assessment is None or not assessment.drafted:
        return []
    from generator.documents.assessment_draft import draft_sections

    return assessment.out_of_date(draft_sections(c))


def _stale_note(stale: list[tuple[str, str | None]], path: Path) -> str:
    """Every paragraph to correct, whole, with today's sentence: the clerk edits them in
    Word from this list."""
    shown = "".join(
        f"\n  - đang ghi: «{old}»"
        + (
            f"\n    nay là: «{new}»"
            if new
            else "\n    nay: xóa đoạn này (số liệu hiện có không còn cho đoạn này ở mục đó)"
        )
        for old, new in stale
    )
    return (
        f"Báo cáo tổng hợp mang dấu «DỰ THẢO»: tệp nhận định «{path}» còn {len(stale)} đoạn số "
        f"liệu soạn sẵn không còn đúng với các phiếu hiện có (phiếu gửi hoặc sửa sau khi soạn "
        f"bản nháp). Sửa các đoạn đó trong Word, rồi chạy lại «vanban generate --force»:{shown}"
    )


def _inferred_dates(c: Consolidation) -> list[str]:
    """The agencies whose start or end in the year the report states on a date the registry
    marks as inferred (suy_luan), each «name (ngày)»: to check before signing."""
    start = date(c.year, 1, 1)
    found = []
    for agency in c.workspace.registry.agencies.values():
        if not agency.inferred:
            continue
        if c.ended_in_year(agency):
            found.append(f"{agency.name} (kết thúc {format_short_date(agency.active_to)})")
        elif agency.active_from is not None and start < agency.active_from <= c.deadline:
            found.append(f"{agency.name} (bắt đầu {format_short_date(agency.active_from)})")
    return found


def _report_facts(
    c: Consolidation, assessment: Any, draft: bool, reminders_sent: list
) -> ReportContext:
    """The report's context, built with the cycle collector off: its 100,000 objects at
    10,000 agencies make no cycles, and each full collection took 0.4 s there."""
    with no_cycle_collection():
        facts = report_context(c, assessment, draft=draft)
    facts.reminders_sent = reminders_sent
    return facts


def _check_signing_date(signing_date: date | None, workspace: Workspace, year: int) -> None:
    if signing_date is None:
        return
    deadline = workspace.deadline(year)
    if signing_date < deadline:
        raise UsageError(
            f"ngày ký {format_short_date(signing_date)} trước hạn báo cáo "
            f"{format_short_date(deadline)}; hãy ghi ngày ký từ {format_short_date(deadline)} "
            "trở đi (--ngay-ky ngày/tháng/năm)"
        )
    latest = workspace.last_document_day(year)
    if signing_date > latest:
        raise UsageError(
            f"ngày ký {format_short_date(signing_date)} quá xa hạn báo cáo "
            f"{format_short_date(deadline)} (hơn một năm sau); kiểm tra lại năm của ngày ký: "
            f"báo cáo năm này ký từ {format_short_date(deadline)} đến "
            f"{format_short_date(latest)} (--ngay-ky ngày/tháng/năm)"
        )


def _refuse_later_rounds(rounds: list[SentRound], signing_date: date | None) -> None:
    """A report signed on a day cannot tell of reminders sent after it."""
    later = [r for r in rounds if signing_date is not None and r.day > signing_date]
    if later:
        days = ", ".join(format_short_date(r.day) for r in later)
        raise UsageError(
            f"đã có đợt đôn đốc ngày {days}, sau ngày ký {format_short_date(signing_date)}: "
            "báo cáo không thể nêu công văn gửi sau ngày ký. Ghi ngày ký đúng (--ngay-ky "
            f"ngày/tháng/năm), hoặc nếu đợt đó soạn nhầm và chưa gửi, chuyển thư mục "
            f"«{later[-1].folder}» ra khỏi thư mục kết quả rồi chạy lại"
        )


def require_workbooks(folder: Path, year: int) -> None:
    """Refuse a year's folder without a single workbook: every agency would be missing."""
    if not folder.is_dir():
        return  # validate_year says the folder is missing
    if not _workbook_files(folder):
        from generator.validate import no_workbooks_message

        raise WorkbookError(no_workbooks_message(folder, year))


def _reminder_record(options: GenerateOptions, year: int) -> tuple[list, str]:
    """The reminders sent for ``year``: those recorded beside the outputs; a set written
    elsewhere (--out) reads those of the working folder's own outputs, as the letters and
    the report must state the same reminders whichever folder they are written to."""
    from generator.data.folders import OUTPUTS
    from generator.reminders import record_folder

    rounds = read_record(options.out, year)
    own = options.inputs.parent / OUTPUTS
    if rounds or not own.is_dir() or own.resolve() == options.out.resolve():
        return rounds, ""
    rounds = read_record(own, year)
    if not rounds:
        return rounds, ""
    return rounds, (
        f"Các đợt đôn đốc đã gửi đọc từ «{record_folder(own, year)}» (thư mục kết quả «"
        f"{options.out}» chưa có đợt nào): báo cáo và công văn nêu các đợt đó."
    )


def _blank_reminder_numbers(rounds: list, c: Consolidation) -> list[str]:
    """Reminders the letters cite whose numbers are not recorded: the letters leave the
    number blank («Công văn số       /…»), to be filled by hand, or recorded and remade."""
    from generator.reminders import NUMBERS_FILE

    cited = {code: earlier.issued_on for code, (earlier, _) in c.reminded.items()}
    recipients = [s.agency.code for s in c.letter_recipients]
    notes = []
    for r in rounds:
        blank = r.unnumbered(code for code in recipients if cited.get(code) == r.day)
        if blank:
            notes.append(
                f"Công văn gửi {len(blank)} đơn vị dẫn Công văn đôn đốc ngày "
                f"{format_short_date(r.day)} mà số, ký hiệu chưa ghi trong «{r.folder / NUMBERS_FILE}»: "
                "chỗ ghi số của công văn đôn đốc đang để trống. Ghi số vào tệp đó rồi chạy lại "
                "«vanban generate --force» (hoặc điền tay trước khi ký)."
            )
    return notes


def _letters_of_each_shape(c: Consolidation, folder: Path) -> list[Path]:
    """One letter of each kind of agency (on time, late, missing; ending or not): each
    takes other branches of the template, so a paragraph edited in one branch shows."""
    first: dict[tuple[object, bool], Path] = {}
    for summary in c.letter_recipients:
        key = (summary.standing, summary.agency.active_to is not None)
        first.setdefault(key, folder / f"{summary.agency.code}.docx")
    return [path for path in first.values() if path.is_file()]


def _edited_template_notes(c: Consolidation, templates: Path, staging: Path) -> list[str]:
    """A template the office edited is checked through documents made from it against the
    decree's layout (the shipped ones are, by the tests): a font or a size the decree does
    not allow, set in Word, would be in every letter."""
    from generator.data.shipped import shipped_templates
    from generator.documents.template_guide import NOT_LAID_OUT, layout_findings

    made = {
        REPORT_TEMPLATE: [staging / REPORT_FILE],
        LETTER_TEMPLATE: _letters_of_each_shape(c, staging / LETTERS_DIR),
    }
    notes = []
    for name, documents in made.items():
        shipped = shipped_templates() / name
        edited = templates / name
        if not documents or (shipped.is_file() and edited.read_bytes() == shipped.read_bytes()):
            continue
        # each rule once (its title), as the first document breaking it tells it
        found: dict[str, str] = {}
        for document in documents:
            for title, problem in layout_findings(document):
                found.setdefault(title, f"{problem} (trong «{document.name}»)")
        if found:
            told = "; ".join(found.values())
            notes.append(
                f"Mẫu «{edited}» đã được sửa và {NOT_LAID_OUT}: {told}. "
                f"Sửa mẫu (xem «vanban mau-van-ban --kiem-tra {edited}») rồi chạy lại «vanban "
                "generate --force»."
            )
    return notes


def _load_templates(folder: Path) -> dict[str, CompiledTemplate]:
    if not folder.is_dir():
        raise UsageError(f"không tìm thấy thư mục mẫu văn bản «{folder}»")
    from generator.documents.template_guide import load_checked

    return {kind: load_checked(folder / name, name) for kind, name in TEMPLATE_FILES.items()}


def _make_set_folders(staging: Path) -> None:
    try:
        (staging / LETTERS_DIR).mkdir()
    except OSError as exc:
        raise write_error(exc, staging) from exc


def _build(
    c: Consolidation,
    report_facts: ReportContext,  # built before staging: a bad input stops before writing
    templates: dict[str, CompiledTemplate],
    options: GenerateOptions,
    staging: Path,
    progress: ProgressFactory,
) -> BatchResult:
    result = BatchResult(year=c.year, folder=staging, consolidation=c)
    outputs = result.outputs
    result.letters = len(c.letter_recipients)
    total = result.letters
    from generator.documents.summary_xlsx import summary_writer, summary_xlsx_bytes_elsewhere

    with contextlib.ExitStack() as stack:
        pool = None
        summary: Future | None = None
        # Of the worker processes, one writes tong-hop.xlsx (fed by a thread of this one)
        # and the others the letters: at 10,000 agencies both take 10-11 s of CPU, and two
        # letter workers beside the workbook's process left it alone at the end (letters
        # and workbook 16-19 s with two letter workers, 14-15 s with one).
        letter_workers = options.workers - 1
        if total > options.parallel_threshold and letter_workers > 0:
            # Started first, so that the workers start while the report is rendered.
            pool = stack.enter_context(_letter_pool(templates, letter_workers))
            feeder = stack.enter_context(ThreadPoolExecutor(max_workers=1))
            # Entered after the thread, so left before it: on an error the writing process
            # is stopped first, and the thread feeding it ends instead of waiting for it.
            writer = stack.enter_context(summary_writer(c))
            summary = feeder.submit(summary_xlsx_bytes_elsewhere, c, writer)
        # A plain mapping, so that the model (22 MB at 10,000 agencies) is gone by rendering.
        report = report_facts.model_dump()
        del report_facts
        _store(staging, REPORT_FILE, templates["report"].render(report), outputs)
        del report
        with progress(total) as bar:
            if pool is not None:
                _render_in_pool(pool, staging, _jobs(c), outputs, bar, letter_workers)
            else:
                _render_in_process(templates, staging, _jobs(c), outputs, bar)
        summary_bytes = _summary_bytes(c, summary, staging / SUMMARY_FILE)
    _store(staging, SUMMARY_FILE, summary_bytes, outputs)
    register = _register_bytes(c)
    if register is not None:
        _store(staging, REGISTER_OUTPUT, register, outputs)
        result.notes.append(_register_note(c, options.inputs))
    unled = c.workspace.unled_tasks_note(c.year)
    if unled:
        result.notes.append(f"{unled} Báo cáo không có kết quả của các nhiệm vụ này.")
    inferred = _inferred_dates(c)
    if inferred:
        result.notes.append(
            f"Ngày bắt đầu, kết thúc hoạt động của {len(inferred)} đơn vị nêu trong báo cáo là "
            f"suy luận, chưa đối chiếu văn bản (danh mục đơn vị ghi «suy_luan: true»): "
            f"{'; '.join(inferred)}. Kiểm tra, sửa danh mục đơn vị trước khi trình ký."
        )
    if c.undated_titles:
        names = ", ".join(f"«{asset.name}»" for asset in c.undated_titles)
        result.notes.append(
            f"{_register_name(c)} còn {len(c.undated_titles)} văn bằng chưa có đủ ngày nộp đơn, "
            f"ngày cấp nên chưa tính được thời hạn duy trì hiệu lực: {names}. Tra cứu tại cơ quan cấp "
            "văn bằng rồi ghi vào sổ (báo cáo ghi đang rà soát, bổ sung)."
        )
    unverified = unverified_counted(c)
    if unverified:
        names = ", ".join(f"«{asset.name}»" for asset in unverified)
        result.notes.append(
            f"{len(unverified)} đơn, văn bằng tính vào chỉ tiêu chỉ có trong "
            f"{chu_thuong_dau(_register_name(c))}, chưa có số hoặc còn ghi "
            f"cần kiểm tra: {names}. Đối chiếu văn bằng gốc rồi ghi số vào sổ trước khi trình ký."
        )
    if options.pdf:
        documents = sorted(name for name in outputs if name.endswith(".docx"))
        before = len(outputs)
        result.notes += _convert_pdfs(staging, documents, outputs, c.dated_on, progress)
        result.pdfs = len(outputs) - before
    late = _signed_after_higher_deadline(c)
    if late:
        result.notes.append(late)
    weekend = weekend_note(c.signing_date, "Ngày ký") if c.signing_date else None
    if weekend:
        result.notes.append(weekend)
    reply = answer_by(c) if c.final_year or c.missing else None
    if (c.final_year or c.missing) and c.plan.outputs.letter_reply is None:
        asked = "báo cáo tổng kết" if c.final_year else "báo cáo còn thiếu"
        result.notes.append(
            f"Dữ liệu kế hoạch chưa ghi thời hạn trả lời công văn (mục van_ban_dau_ra, "
            f"han_tra_loi_cong_van, ví dụ so_ngay: 15) nên công văn đề nghị gửi {asked} không ghi "
            "hạn; ghi thời hạn đó rồi chạy lại «vanban generate --force»."
        )
    if c.signing_date is None and reply is not None and reply < date.today():
        result.notes.append(
            f"Công văn đề nghị trả lời trước ngày {format_short_date(reply)} (tính từ ngày "
            f"{format_short_date(c.dated_on)}, {_why_dated(c)}), ngày này đã qua: ghi ngày ký "
            "thật bằng --ngay-ky ngày/tháng/năm để thời hạn tính từ ngày ký."
        )
    if c.sample_data:
        result.notes.append(
            f"Số liệu các năm trước trong «{HISTORY_FILE}» đang là SỐ LIỆU MẪU: thay bằng số "
            "liệu của các báo cáo đã ký trước khi trình ký báo cáo tổng hợp."
        )
    named = c.workspace.registry.agency(c.plan.outputs.issuer)
    if c.issuer.code != named.code:
        result.notes.append(
            f"Cơ quan ban hành ghi trong «{PLAN_FILE}» ({named.name}) kết thúc hoạt động ngày "
            f"{format_short_date(named.active_to)}: báo cáo và công văn do {c.issuer.name}, đơn vị "
            "tiếp nhận, ban hành. Kiểm tra người ký và đơn vị soạn thảo ở mục van_ban_dau_ra."
        )
    signer = c.plan.outputs.signer.name
    if signer == _shipped_signer():
        result.notes.append(
            f"Người ký báo cáo và công văn là «{signer}», tên mẫu kèm theo vanban: ghi tên người "
            f"ký thật ở mục van_ban_dau_ra, nguoi_ky, ho_ten của «{PLAN_FILE}» trước khi trình ký."
        )
    return result


def _shipped_signer() -> str | None:
    """The signer's name in the plan shipped with vanban: a placeholder («tên mẫu»)."""
    try:
        data, _ = read_yaml(shipped_inputs() / PLAN_FILE)
        return str(data["van_ban_dau_ra"]["nguoi_ky"]["ho_ten"])
    except (KeyError, TypeError, VanbanError):
        return None


def _signed_after_higher_deadline(c: Consolidation) -> str:
    """A signing day (--ngay-ky) past the day the plan gives the consolidating body to
    report: said, not refused (a report may be sent late, with leave)."""
    higher = c.plan.reporting.higher_deadline
    if c.signing_date is None or higher is None:
        return ""
    if c.signing_date <= higher.last_day_on_time(c.year):
        return ""
    due = higher.for_year(c.year)
    return (
        f"Ngày ký {format_short_date(c.signing_date)} sau hạn báo cáo {c.plan.reporting.reports_to} "
        f"({higher.words} {format_short_date(due)}): báo cáo gửi chậm so với thời hạn Kế "
        "hoạch quy định; kiểm tra lại ngày ký."
    )


def _why_dated(c: Consolidation) -> str:
    """What the unsigned documents' day is, said to the clerk."""
    if c.dated_on == c.cutoff and c.cutoff > c.deadline:
        return "ngày của phiếu nhận muộn nhất"
    if c.plan.reporting.higher_deadline is not None:
        return f"hạn báo cáo {c.plan.reporting.reports_to}"
    return "hạn các đơn vị gửi báo cáo"


def _register_note(c: Consolidation, inputs: Path) -> str:
    """Where the updated register is and what to do with it; a register file missing from
    the inputs (renamed by a clerk, say) is told: the update then lacks the Sở's own rows,
    and copying it over the renamed file would lose them."""
    kept = c.plan.ip.register_file.file_name if c.plan.ip else ""
    if (inputs / kept).is_file():
        return (
            f"{_register_name(c)} đã cập nhật: «{REGISTER_OUTPUT}» trong thư mục kết quả. Kiểm "
            f"tra, rồi chép đè lên «{kept}» của thư mục dữ liệu đầu vào để dùng cho năm sau "
            "(vanban không tự thay sổ đang dùng)."
        )
    stem = Path(kept).stem.casefold()
    alike = sorted(p.name for p in inputs.glob("*.xlsx") if stem in p.stem.casefold())
    hint = (
        f" Thư mục có {', '.join(f'«{name}»' for name in alike)}: nếu đó là sổ đang dùng thì đổi "
        f"lại đúng tên «{kept}» rồi chạy lại «vanban generate --force»."
        if alike
        else ""
    )
    return (
        f"Thư mục dữ liệu đầu vào chưa có «{kept}» ({_register_name(c)} đang dùng): «"
        f"{REGISTER_OUTPUT}» trong thư mục kết quả chỉ gồm các đơn, văn bằng các đơn vị báo "
        f"cáo.{hint}"
    )


def _register_name(c: Consolidation) -> str:
    """The Sở's register as the plan's data names it («Sổ tài sản trí tuệ»)."""
    return c.plan.ip.register_file.sheet if c.plan.ip else "Sổ"


def _summary_bytes(c: Consolidation, written: Future | None, path: Path) -> bytes:
    """tong-hop.xlsx, written here or by its own process; a full or read-only temporary
    folder (XlsxWriter keeps its rows there) is told like any failed write."""
    from generator.documents.summary_xlsx import summary_xlsx_bytes

    try:
        return written.result() if written is not None else summary_xlsx_bytes(c)
    except OSError as exc:
        raise write_error(exc, path) from exc


def _register_bytes(c: Consolidation) -> bytes | None:
    """The updated register for the Sở to adopt next year, dated like the year's documents."""
    rules = c.plan.ip
    if c.register is None or rules is None:
        return None
    from generator.forms.writer import workbook_bytes
    from generator.register import register_workbook

    day = c.dated_on
    note = (
        f"{REGISTER_UPDATED}{c.year}: các đơn, văn bằng của sổ cũ và của phiếu báo cáo các năm "
        "đã đọc, mỗi đơn, văn bằng một dòng."
    )
    # the old register's own note («DỮ LIỆU MẪU …», its sources) stays; last year's «Sổ cập
    # nhật …» sentence is replaced by this year's
    kept = c.register.note.split(REGISTER_UPDATED)[0].strip()
    if kept:
        note = f"{kept} {note}"
    workbook = register_workbook(c.register, rules, c.plan.period.years(), note)
    return workbook_bytes(workbook, datetime(day.year, day.month, day.day))


def _table(rows: list[tuple[str, str]]) -> list[str]:
    width = max(len(label) for label, _ in rows)
    return [f"  {label.ljust(width)}  {value}" for label, value in rows]


def describe_shortfall(r: MeasureResult, year: int) -> str:
    """One target not met, its figures as the report writes them: «86,67%», «3 đơn»."""
    missed = ""
    if r.missed_years:  # a yearly target: the years that made it «chưa đạt», whatever this one
        years = ", ".join(map(str, r.missed_years))
        lost = "" if r.not_met else ": không thể đạt cho cả giai đoạn"
        which = "năm" if len(r.missed_years) == 1 else "các năm"
        missed = f" (không đạt {which} {years}{lost})"
    cumulative = ""
    if r.cumulative_told:  # as the report's table
        cumulative = f", lũy kế {_with_unit(r, r.cumulative)}"
    return (
        f"  - {r.measure.code} {r.measure.name}: năm {year} {_with_unit(r, r.year_total)}"
        f"{cumulative}; kế hoạch {r.measure.planned}{missed}"
    )


def _with_unit(r: MeasureResult, value: int | Decimal | None) -> str:
    if value is None:  # «—», with no unit after it
        return format_value(value, r.facts.kind)
    return format_with_unit(value, r.facts.kind, r.measure.unit)


def _reminder_advice(c: Consolidation) -> str:
    """How to remind the agencies still missing, saying when they were last reminded."""
    command = f"lệnh «vanban don-doc --year {c.year}»"
    days = sorted(
        {c.reminded[s.agency.code][0].issued_on for s in c.missing if s.agency.code in c.reminded}
    )
    if not days:
        return (
            f"Công văn đôn đốc đơn vị chưa nộp: {command} (mỗi ngày một đợt, ghi trong thư "
            "mục don-doc)."
        )
    sent = ", ".join(format_short_date(day) for day in days)
    return f"Đơn vị chưa nộp đã được đôn đốc ngày {sent}; đôn đốc lần nữa nếu cần: {command}."


def describe_batch(result: BatchResult) -> str:
    """The summary a clerk reads at the end: what was written, who is missing, what is short."""
    c = result.consolidation
    rows = [
        ("Báo cáo tổng hợp", f"1   {REPORT_FILE}"),
        (
            "Công văn gửi đơn vị",
            f"{format_number(result.letters):<3} {LETTERS_DIR}/<mã đơn vị>.docx",
        ),
        ("Bảng tổng hợp", f"1   {SUMMARY_FILE}"),
    ]
    if REGISTER_OUTPUT in result.outputs:
        rows.append(("Sổ tài sản cập nhật", f"1   {REGISTER_OUTPUT}"))
    rows.append(("Danh mục kiểm tra", f"1   {MANIFEST_FILE}"))
    if result.pdfs:
        rows.append(("Bản PDF/A-2b", format_number(result.pdfs)))
    lines = [f"Đã tạo bộ văn bản năm {result.year} trong «{result.folder}»:", *_table(rows)]
    lines.append(f"Tổng số văn bản Word: {format_number(result.documents)}.")
    for label, group in (("Đơn vị chưa nộp báo cáo", c.missing), ("Đơn vị nộp trễ hạn", c.late)):
        names = ", ".join(s.agency.name for s in group) if group else "không có"
        lines.append(f"{label} ({format_number(len(group))}): {names}.")
    if c.missing:
        lines.append(_reminder_advice(c))
    # as the report and the draft count them: a yearly target missed in an earlier year is
    # not met for the period, whatever this year's figure
    not_met = [r for r in c.measures if r.not_met_for_period]
    lines.append(
        f"Chỉ tiêu chưa đạt ({format_number(len(not_met))}):" + ("" if not_met else " không có.")
    )
    lines += [describe_shortfall(r, c.year) for r in not_met]
    incomplete = [r for r in c.measures if r.unjudged]
    if incomplete:
        lines.append(f"Chỉ tiêu chưa đủ số liệu để đánh giá ({format_number(len(incomplete))}):")
        lines += [
            f"  - {r.measure.code} {r.measure.name}: {format_number(len(r.unreported))} đơn vị "
            f"phải báo cáo số liệu này chưa nộp báo cáo ({', '.join(r.unreported)})"
            for r in incomplete
        ]
    if result.old_set is not None:
        lines.append(f"Bộ văn bản cũ đã được chuyển vào «{result.old_set}».")
    lines += [f"Lưu ý: {note}" for note in result.notes]
    return "\n".join(lines)
