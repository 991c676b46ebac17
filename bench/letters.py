"""Benchmark: N letters through `vanban generate` against the naive docxtpl loop.

    python bench/letters.py --letters 1000 [--skip-naive] [--keep DIR] [--pdf] [--json FILE]

1. Builds a synthetic workspace in a temporary folder: the shipped plan and history, the
   shipped registry plus synthetic communes so that year 2024 has N letter recipients, and
   one filled, on-time workbook per agency. The shipped agencies' workbooks are made by the
   real form builder; the synthetic communes all hold the same tasks, so one filled form is
   made and copied, with its agency code patched in the zip (setup is not what we measure).
2. In a fresh child process (so that setup does not count in its memory), runs the real
   pipeline, :func:`generator.batch.generate`: validation of the N workbooks, consolidation,
   report, letters, summary workbook, manifest. The letter stage is timed on its own through
   the progress hook, which wraps exactly the rendering and writing of the letters.
3. In the same child, after the peak memory of step 2 is recorded, the naive loop a user
   would write with docxtpl on the same template and the same letter contexts: for each
   letter ``DocxTemplate(path)``, ``render(context, jinja_env)``, ``save(path)``.
4. Still in the child, the two floors of the pipeline: ``floor_read``, seconds per workbook
   to unzip exactly the parts a form's reading needs and pass each through expat (on a
   sample of up to 2,000 workbooks), and ``floor_letter``, seconds per letter to zip one
   rendered letter's parts (the parts the template renders deflated each time, the others
   pre-deflated) and write the file.

Printed: every stage's time and its own peak RSS (load, validation, consolidation, report
context, report render, letters, summary workbook, PDF with --pdf, manifest, other), then
``N letters: vanban X/s, naive docxtpl Y/s, ratio R, peak RSS M MB`` (X letters per second
of the letter stage, Y of the naive loop, R = X / Y, M the generate process's peak plus the
largest pool worker's, see :class:`ChildPeaks`), the floors, and last, exactly:
``pipeline ratio to floor at N = W: T s / F s = Q``, where W is the number of workbooks,
T the whole pipeline and F = W x (floor_read + floor_letter) / 2 cores.

Stages are timed by wrapping, in the child only, the functions ``generate`` calls for each
(:func:`_instrument`); nothing in ``generator/`` knows about the benchmark.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from xml.parsers import expat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

YEAR = 2024  # figures of 2021-2023 are in the shipped history: one year of workbooks suffices
SYNTHETIC_PREFIX = "XB-"
TOKEN = f"{SYNTHETIC_PREFIX}00000"  # same width as every synthetic code, so patching is safe
CORES = 2  # the floor is shared out on the 2 cores of the machine the issue sets
SHIPPED_FILES = ("ke-hoach.yaml", "so-lieu-cac-nam-truoc.yaml")


def _synthetic_code(index: int) -> str:
    return f"{SYNTHETIC_PREFIX}{index:05d}"


def _registry_text(count: int) -> str:
    """The shipped registry with ``count`` synthetic communes appended (active every year)."""
    text = (REPO / "inputs" / "don-vi.yaml").read_text(encoding="utf-8").rstrip("\n") + "\n"
    blocks = [
        f"  - ma: {code}\n"
        f'    ten: "Ủy ban nhân dân xã Thử nghiệm {code}"\n'
        f'    ten_ngan: "UBND xã {code}"\n'
        "    loai: ubnd-xa\n"
        '    chuc_danh_thu_truong: "Chủ tịch"\n'
        for code in [TOKEN] + [_synthetic_code(i) for i in range(1, count + 1)]
    ]
    return text + "".join(blocks)


def _filled_bytes(workspace, code: str) -> bytes:
    """The real form of ``code`` for YEAR, filled in completely and on time."""
    from generator.forms import writer as forms

    wb = forms.build_form(workspace, workspace.registry.agency(code), YEAR)
    info = wb[forms.SHEET_INFO]
    rows = {label: forms.INFO_FIRST_ROW + i for i, label in enumerate(forms.INFO_ROWS)}
    info.cell(rows[forms.LABEL_REPORTER], 2, "Nguyễn Thị Hoa")
    info.cell(rows[forms.LABEL_PHONE], 2, "0212 3852 123")
    info.cell(rows[forms.LABEL_EMAIL], 2, "hoa@example.com")
    info.cell(rows[forms.LABEL_DATE], 2, date(YEAR, 11, 5))
    tasks = wb[forms.SHEET_TASKS]
    for index, _ in enumerate(workspace.tasks_of(code, YEAR)):
        row = forms.FIRST_DATA_ROW + index
        tasks.cell(row, 4, forms.STATUSES[index % 3])
        tasks.cell(row, 5, f"Đã tổ chức {index + 1:02d} hội nghị tập huấn cho 120 lượt người.")
        tasks.cell(row, 6, 5_000_000 * (index % 4))
    from generator.data.ip_rules import form_quantities

    measures = wb[forms.SHEET_MEASURES]
    for index, _ in enumerate(form_quantities(workspace.plan)):
        measures.cell(forms.FIRST_DATA_ROW + index, 4, index % 2)
    rules = workspace.plan.ip
    if rules is not None:  # the activity figures; the itemised sheet stays empty
        figures = wb[rules.activities_sheet]
        for index, _ in enumerate(rules.activities):
            figures.cell(forms.FIRST_DATA_ROW + index, 4, index % 3)
    issues = wb[forms.SHEET_ISSUES]
    issues.cell(3, 2, "Kinh phí còn hạn chế; cán bộ kiêm nhiệm nhiều việc.")
    issues.cell(4, 2, "Đề nghị bố trí kinh phí và tổ chức tập huấn chuyên sâu.")
    return forms.workbook_bytes(wb, forms.form_moment(YEAR))


def _copies(template: bytes, codes: list[str], folder: Path) -> None:
    """Write one copy of ``template`` per code, the token patched in every zip member."""
    with zipfile.ZipFile(io.BytesIO(template)) as source:
        members = [(info, source.read(info.filename)) for info in source.infolist()]
    token = TOKEN.encode()
    for code in codes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for info, data in members:
                target.writestr(info, data.replace(token, code.encode()))
        (folder / f"{code}.xlsx").write_bytes(out.getvalue())


def build_workspace(root: Path, letters: int) -> Path:
    """``root/inputs`` with N letter recipients in YEAR; returns the inputs folder."""
    from generator.data.workspace import load_workspace

    inputs = root / "inputs"
    (inputs / str(YEAR)).mkdir(parents=True)
    for name in SHIPPED_FILES:
        shutil.copyfile(REPO / "inputs" / name, inputs / name)
    shipped = load_workspace(REPO / "inputs")
    issuer = shipped.plan.outputs.issuer
    real = [agency.code for agency in shipped.active(YEAR)]
    synthetic = letters - (len(real) - 1)  # the issuer writes, it gets no letter
    if synthetic < 0:
        raise SystemExit(f"--letters must be at least {len(real) - 1} (the shipped agencies)")
    (inputs / "don-vi.yaml").write_text(_registry_text(synthetic), encoding="utf-8")
    workspace = load_workspace(inputs)
    folder = inputs / str(YEAR)
    for code in real:
        (folder / f"{code}.xlsx").write_bytes(_filled_bytes(workspace, code))
    _copies(
        _filled_bytes(workspace, TOKEN),
        [_synthetic_code(i) for i in range(1, synthetic + 1)],
        folder,
    )
    # The token agency is in the registry (so its form could be built) but sends nothing:
    # take it out again so every agency is on time.
    (inputs / "don-vi.yaml").write_text(
        _registry_text(synthetic).replace(_token_block(), ""), encoding="utf-8"
    )
    assert issuer in real
    return inputs


def _token_block() -> str:
    return (
        f"  - ma: {TOKEN}\n"
        f'    ten: "Ủy ban nhân dân xã Thử nghiệm {TOKEN}"\n'
        f'    ten_ngan: "UBND xã {TOKEN}"\n'
        "    loai: ubnd-xa\n"
        '    chuc_danh_thu_truong: "Chủ tịch"\n'
    )


# ---------------------------------------------------------------------------
# The measured child process


def _peak_rss_mb() -> tuple[float, float]:
    """(this process, its largest waited-for child) peak RSS in MB, as getrusage says.

    ru_maxrss is in kB on Linux. RUSAGE_CHILDREN is not the workers' own peak: Linux keeps
    a process's high-water mark across exec, so a worker started by fork + exec ("spawn")
    reports at least the parent's resident size at the fork (see :class:`ChildPeaks`).
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


class ChildPeaks(threading.Thread):
    """The largest peak RSS (VmHWM, reset by exec) among this process's children, in MB.

    Sampled every 100 ms from /proc while the pipeline runs; VmHWM only grows, so a sample
    misses at most the last 100 ms of a worker's life.
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(0.1):
            for pid in self._children():
                # a finished worker not yet reaped (a zombie) has no VmHWM line
                with contextlib.suppress(OSError, ValueError, StopIteration):
                    # Between fork and exec a child still shows this process's memory:
                    # only a started worker (multiprocessing's spawn_main) is counted.
                    if b"multiprocessing" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                        continue
                    status = Path(f"/proc/{pid}/status").read_text()
                    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
                    self.peak_mb = max(self.peak_mb, int(line.split()[1]) / 1024)

    @staticmethod
    def _children() -> set[str]:
        found: set[str] = set()
        for task in Path("/proc/self/task").iterdir():
            with contextlib.suppress(OSError):
                found.update((task / "children").read_text().split())
        return found

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return self.peak_mb


STAGES = (
    "load",
    "validation",
    "consolidation",
    "report context",
    "report render",
    "letters",
    "summary workbook",
    "PDF",
    "manifest",
)
# Short steps between the stages above (file-name checks, template loading, the staging
# folder, starting and closing the letter pool): timed too, printed together as "other".
OTHER = "other"


def _reset_peak() -> None:
    """Start a new high-water mark of this process's RSS (Linux 4.0+: clear_refs 5)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_now_mb() -> float:
    """VmHWM of this process since the last :func:`_reset_peak`, in MB."""
    with contextlib.suppress(OSError, StopIteration):
        status = Path("/proc/self/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds() -> float:
    """User + system time of this process and of its children that have ended (a pool's
    workers count once the pool is shut down, at the end of the stage that used it)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Timeline:
    """Stage times and each stage's own peak RSS, from marks set as the pipeline goes.

    ``mark(name)`` ends the stage running (its time and its peak RSS are added to its
    name) and starts ``name``; the peak is reset at each mark, so a stage's figure is the
    most this process held during that stage, not before.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}
        self._current: str | None = None
        self._since = 0.0
        self._cpu_since = 0.0
        self.alongside: set[str] = set()  # stages run in a thread beside another stage

    def mark(self, name: str | None) -> None:
        now, cpu = time.perf_counter(), _cpu_seconds()
        if self._current is not None:
            self.seconds[self._current] = self.seconds.get(self._current, 0.0) + now - self._since
            spent = cpu - self._cpu_since
            self.cpu_seconds[self._current] = self.cpu_seconds.get(self._current, 0.0) + spent
            peak = max(self.peak_mb.get(self._current, 0.0), _peak_now_mb())
            self.peak_mb[self._current] = peak
        self._current, self._since, self._cpu_since = name, now, cpu
        _reset_peak()

    def wrap(self, module: object, attribute: str, name: str, after: str) -> None:
        """Mark ``name`` when ``module.attribute`` is called and ``after`` when it returns."""
        original = getattr(module, attribute)

        @functools.wraps(original)
        def marked(*args: object, **kwargs: object) -> object:
            if threading.current_thread() is not threading.main_thread():
                return self._alongside(name, original, *args, **kwargs)
            self.mark(name)
            try:
                return original(*args, **kwargs)
            finally:
                self.mark(after)

        setattr(module, attribute, marked)

    def _alongside(self, name: str, original, *args: object, **kwargs: object) -> object:
        """A stage run in a thread while the main thread runs another (tong-hop.xlsx beside
        the letters): its own wall and thread CPU time; the running stage keeps its marks
        (its CPU and peak RSS include this one's)."""
        self.alongside.add(name)
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            self.seconds[name] = time.perf_counter() - started
            self.cpu_seconds[name] = time.thread_time() - cpu


def _instrument(timeline: Timeline) -> None:
    """Mark each stage of generator.batch.generate by wrapping the functions it calls."""
    import generator.batch as batch
    import generator.documents.summary_xlsx as summary_xlsx
    import generator.validate as validate

    timeline.wrap(batch, "load_workspace", "load", OTHER)
    timeline.wrap(validate, "validate_year", "validation", OTHER)
    timeline.wrap(batch, "consolidate", "consolidation", OTHER)
    timeline.wrap(batch, "report_context", "report context", "report render")
    timeline.wrap(summary_xlsx, "summary_xlsx_bytes", "summary workbook", "manifest")
    # With the letter pool: a thread feeding the rows to a writer process (its CPU is counted
    # with the workers', under "other"; the thread's own is printed).
    timeline.wrap(summary_xlsx, "summary_xlsx_bytes_elsewhere", "summary workbook", "manifest")
    timeline.wrap(batch, "_input_hashes", "manifest", OTHER)  # when the workbook is alongside
    timeline.wrap(batch, "_convert_pdfs", "PDF", "manifest")


def measure(
    inputs: Path, templates: Path, out: Path, naive: bool, workers: int, pdf: bool = False
) -> dict:
    from generator.batch import LETTER_TEMPLATE, GenerateOptions, generate
    from generator.consolidate import letter_context

    timeline = Timeline()
    _instrument(timeline)

    @contextlib.contextmanager
    def timed_progress(total: int, label: str = "") -> Iterator[object]:
        class _Bar:
            def update(self, n_steps: int) -> None:
                pass

        if label:  # another step's bar (the workbooks read): timed by its own stage
            yield _Bar()
            return
        timeline.mark("letters")
        yield _Bar()
        timeline.mark(OTHER)

    options = GenerateOptions(
        inputs=inputs, templates=templates, out=out, year=YEAR, workers=workers, pdf=pdf
    )
    sampler = ChildPeaks()
    sampler.start()
    started = time.perf_counter()
    timeline.mark(OTHER)
    result = generate(options, timed_progress)
    timeline.mark(None)
    total_seconds = time.perf_counter() - started
    workers = sampler.stop()
    own, children = _peak_rss_mb()
    # Resetting VmHWM at each mark resets ru_maxrss too: the run's peak is the stages' peak.
    own = max(own, *timeline.peak_mb.values())
    workbooks = sorted((inputs / str(YEAR)).glob("*.xlsx"))
    figures = {
        "agencies": len(workbooks),
        "letters": result.letters,
        "pipeline_seconds": total_seconds,
        "stage_seconds": timeline.seconds,
        "stage_cpu_seconds": timeline.cpu_seconds,
        "stage_peak_mb": timeline.peak_mb,
        "stages_alongside": sorted(timeline.alongside),
        "letter_seconds": timeline.seconds["letters"],
        "rss_self_mb": own,
        "rss_children_mb": children,
        "rss_workers_mb": workers,
        "floor_read_seconds": floor_read(workbooks),
        "floor_letter_seconds": floor_letter(
            next((out / str(YEAR) / "cong-van").glob("*.docx")), templates / LETTER_TEMPLATE
        ),
    }
    figures["floor_cpu_seconds"] = dict(FLOOR_CPU)
    if naive:
        figures["naive_seconds"] = _naive_loop(
            templates / LETTER_TEMPLATE,
            [
                letter_context(result.consolidation, s)
                for s in result.consolidation.letter_recipients
            ],
            out / "naive",
        )
    return figures


# ---------------------------------------------------------------------------
# The floors: what the pipeline cannot do faster than, per workbook and per letter

FLOOR_SAMPLE = 2000  # workbooks read for floor_read (all of them below that)
FLOOR_LETTERS = 500  # letters written for floor_letter
FLOOR_CPU: dict[str, float] = {}  # the same floors in CPU seconds (process_time)


def _form_parts(workbook: Path) -> list[str]:
    """The zip members a form's reading needs: content types, workbook part and its
    relationships, shared strings and styles when there, and the sheets read for data:
    every sheet of the form but the guide and the hidden lists (those two are only looked
    through for text typed where no one reads it)."""
    from generator.forms import writer as forms
    from generator.forms.ip_sheet import LISTS_SHEET

    with zipfile.ZipFile(workbook) as archive:
        names = set(archive.namelist())
        ids = dict(
            re.findall(
                r'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"',
                archive.read("xl/workbook.xml").decode(),
            )
        )
        targets = dict(
            (rid, target)
            for target, rid in re.findall(
                r'<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"',
                archive.read("xl/_rels/workbook.xml.rels").decode(),
            )
        )
    import html

    looked_through = {forms.SHEET_GUIDE, LISTS_SHEET}
    sheets = [
        "xl/" + targets[rid].removeprefix("/xl/")
        for name, rid in ids.items()
        if html.unescape(name) not in looked_through
    ]
    assert forms.SHEET_DIRECTIVES in {html.unescape(name) for name in ids}, ids
    fixed = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]
    optional = [part for part in ("xl/sharedStrings.xml", "xl/styles.xml") if part in names]
    return fixed + optional + sheets


def floor_read(workbooks: list[Path]) -> float:
    """Seconds per workbook to unzip the parts a form's reading needs and parse each with
    expat (no handlers: the parse alone). Taken on an even sample of the workbooks."""
    step = max(1, len(workbooks) // FLOOR_SAMPLE)
    sample = workbooks[::step]
    parts = _form_parts(sample[0])
    started, cpu = time.perf_counter(), time.process_time()
    for path in sample:
        with zipfile.ZipFile(path) as archive:
            for part in parts:
                expat.ParserCreate().Parse(archive.read(part), True)
    FLOOR_CPU["read"] = (time.process_time() - cpu) / len(sample)
    return (time.perf_counter() - started) / len(sample)


def floor_letter(letter: Path, template: Path) -> float:
    """Seconds per letter to zip one rendered letter's parts and write the file: the parts
    the template renders are deflated for each letter, the others copied pre-deflated."""
    from generator.documents.render import CompiledTemplate
    from generator.output.files import deflate, pack_deflated_zip

    compiled = CompiledTemplate.load(template)
    rendered = {*compiled._parts, "docProps/core.xml"}
    with zipfile.ZipFile(letter) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    files = [(name, data if name in rendered else deflate(data)) for name, data in entries]
    with tempfile.TemporaryDirectory(prefix="vanban-floor-") as folder:
        started, cpu = time.perf_counter(), time.process_time()
        for index in range(FLOOR_LETTERS):
            (Path(folder) / f"{index}.docx").write_bytes(pack_deflated_zip(files))
        FLOOR_CPU["letter"] = (time.process_time() - cpu) / FLOOR_LETTERS
        return (time.perf_counter() - started) / FLOOR_LETTERS


def _naive_loop(template: Path, contexts: list, out: Path) -> float:
    """What a user writes with docxtpl: load, render, save, for each letter."""
    import jinja2
    from docxtpl import DocxTemplate

    dumped = [context.model_dump() for context in contexts]
    out.mkdir(parents=True)
    jinja_env = jinja2.Environment(autoescape=True)
    started = time.perf_counter()
    for index, context in enumerate(dumped):
        document = DocxTemplate(template)
        document.render(context, jinja_env, autoescape=True)
        document.save(out / f"{index}.docx")
    return time.perf_counter() - started


# ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=100)
    parser.add_argument("--skip-naive", action="store_true", help="do not run the naive loop")
    parser.add_argument("--keep", type=Path, help="build the workspace here and keep it")
    parser.add_argument(
        "--reuse", type=Path, help="measure again on a workspace kept by --keep (N from it)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdf", action="store_true", help="also convert to PDF (LibreOffice)")
    parser.add_argument("--json", type=Path, help="also write the child's figures here")
    parser.add_argument(
        "--measure", nargs=3, metavar=("INPUTS", "TEMPLATES", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.measure:
        inputs, templates, out = map(Path, args.measure)
        figures = measure(inputs, templates, out, not args.skip_naive, args.workers, args.pdf)
        print(json.dumps(figures))
        return

    with contextlib.ExitStack() as stack:
        if args.reuse:
            root = args.reuse
            shutil.rmtree(root / "out", ignore_errors=True)
        elif args.keep:
            root = args.keep
            if root.exists() and any(root.iterdir()):
                raise SystemExit(f"{root} is not empty")
            root.mkdir(parents=True, exist_ok=True)
        else:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vanban-bench-")))
        started = time.perf_counter()
        if args.reuse:
            inputs = root / "inputs"
        else:
            inputs = build_workspace(root, args.letters)
            print(
                f"setup: {args.letters} agencies' workbooks in {time.perf_counter() - started:.1f} s"
            )
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--workers",
            str(args.workers),
            "--measure",
            str(inputs),
            str(REPO / "templates"),
            str(root / "out"),
        ]
        if args.skip_naive:
            command.append("--skip-naive")
        if args.pdf:
            command.append("--pdf")
        child = subprocess.run(command, capture_output=True, text=True, check=False)
        if child.returncode != 0:
            sys.stderr.write(child.stdout + child.stderr)
            raise SystemExit(child.returncode)
        f = json.loads(child.stdout.strip().splitlines()[-1])
    if args.json:
        args.json.write_text(json.dumps(f, indent=2) + "\n", encoding="utf-8")
    report(f)


def report(f: dict) -> None:
    """Print the figures; the last line is the pipeline's ratio to its floor."""
    seconds, peaks = f["stage_seconds"], f["stage_peak_mb"]
    print(f"pipeline: {f['pipeline_seconds']:.2f} s for {f['agencies']} workbooks")
    cpu = f.get("stage_cpu_seconds", {})
    alongside = set(f.get("stages_alongside", ()))
    for name in (*STAGES, OTHER):
        if name in alongside:
            print(
                f"  {name:<17} {seconds[name]:8.2f} s  cpu {cpu.get(name, 0):8.2f} s  "
                "(beside the report render and the letters: its wall; CPU: the thread "
                "feeding the rows, the writing process's is with the workers')"
            )
        elif name in seconds:
            print(
                f"  {name:<17} {seconds[name]:8.2f} s  cpu {cpu.get(name, 0):8.2f} s  "
                f"peak RSS {peaks.get(name, 0):5.0f} MB"
            )
    print(
        f"peak RSS: generate process {f['rss_self_mb']:.0f} MB, largest pool worker "
        f"{f['rss_workers_mb']:.0f} MB (its VmHWM; getrusage of the children says "
        f"{f['rss_children_mb']:.0f} MB, the parent's size when the worker was started)"
    )
    letters = f["letters"]
    vanban = letters / f["letter_seconds"]
    peak = f["rss_self_mb"] + f["rss_workers_mb"]
    if "naive_seconds" in f:
        naive = f["letters"] / f["naive_seconds"]
        print(f"naive docxtpl loop: {f['letters']} letters in {f['naive_seconds']:.2f} s")
        naive_text, ratio_text = f"{naive:.0f}/s", f"{vanban / naive:.1f}"
    else:
        naive_text, ratio_text = "skipped", "-"
    print(
        f"{f['letters']} letters: vanban {vanban:.0f}/s, naive docxtpl {naive_text}, "
        f"ratio {ratio_text}, peak RSS {peak:.0f} MB"
    )
    read, write = f["floor_read_seconds"], f["floor_letter_seconds"]
    workbooks = f["agencies"]
    validation = seconds.get("validation", 0.0) / workbooks
    print(
        f"floors: floor_read {read * 1000:.2f} ms per workbook, floor_letter "
        f"{write * 1000:.2f} ms per letter; validation {validation * 1000:.2f} ms per workbook "
        f"= {validation / read:.1f} x floor_read"
    )
    if "floor_cpu_seconds" in f:
        # The machine may be shared: CPU seconds are less moved by other programs than wall.
        floor_cpu = f["floor_cpu_seconds"]
        total_cpu = sum(seconds for name, seconds in cpu.items() if name not in alongside)
        per_core = workbooks * (floor_cpu["read"] + floor_cpu["letter"])
        validation_cpu = cpu.get("validation", 0.0) / workbooks
        print(
            f"in CPU time: floor_read {floor_cpu['read'] * 1000:.2f} ms, floor_letter "
            f"{floor_cpu['letter'] * 1000:.2f} ms; validation {validation_cpu * 1000:.2f} ms "
            f"per workbook = {validation_cpu / floor_cpu['read']:.1f} x floor_read; pipeline "
            f"{total_cpu:.1f} s CPU = {total_cpu / per_core:.1f} x N x (floors)"
        )
    floor = workbooks * (read + write) / CORES
    print(
        f"pipeline ratio to floor at N = {workbooks}: {f['pipeline_seconds']:.2f} s / "
        f"{floor:.2f} s = {f['pipeline_seconds'] / floor:.1f}"
    )


if __name__ == "__main__":
    main()
