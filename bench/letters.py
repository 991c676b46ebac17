"""Benchmark: N letters through `vanban generate` against the naive docxtpl loop.

    python bench/letters.py --letters 1000 [--skip-naive] [--keep DIR]

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

Last line, exactly: ``N letters: vanban X/s, naive docxtpl Y/s, ratio R, peak RSS M MB``,
where X is letters per second of vanban's letter stage, Y of the naive loop, R = X / Y, and
M the peak resident memory of the generate run: the generate process's own peak plus the
largest pool worker's (see :class:`ChildPeaks`). The lines before
it give the whole pipeline's time and where it went.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
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

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

YEAR = 2024  # figures of 2021-2023 are in the shipped history: one year of workbooks suffices
SYNTHETIC_PREFIX = "XB-"
TOKEN = f"{SYNTHETIC_PREFIX}00000"  # same width as every synthetic code, so patching is safe
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
    measures = wb[forms.SHEET_MEASURES]
    for index, _ in enumerate(workspace.plan.measures):
        measures.cell(forms.FIRST_DATA_ROW + index, 4, index % 2)
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
    # take it out again so every agency is on time and there are no reminders.
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
                with contextlib.suppress(OSError, ValueError):
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


def measure(inputs: Path, templates: Path, out: Path, naive: bool, workers: int) -> dict:
    from generator.batch import LETTER_TEMPLATE, GenerateOptions, generate
    from generator.consolidate import letter_context

    stage: dict[str, float] = {}

    @contextlib.contextmanager
    def timed_progress(total: int) -> Iterator[object]:
        class _Bar:
            def update(self, n_steps: int) -> None:
                pass

        stage["start"] = time.perf_counter()
        yield _Bar()
        stage["end"] = time.perf_counter()

    options = GenerateOptions(
        inputs=inputs, templates=templates, out=out, year=YEAR, workers=workers
    )
    sampler = ChildPeaks()
    sampler.start()
    started = time.perf_counter()
    result = generate(options, timed_progress)
    total_seconds = time.perf_counter() - started
    workers = sampler.stop()
    own, children = _peak_rss_mb()
    figures = {
        "letters": result.letters,
        "reminders": result.reminders,
        "pipeline_seconds": total_seconds,
        "before_letters_seconds": stage["start"] - started,
        "letter_seconds": stage["end"] - stage["start"],
        "after_letters_seconds": started + total_seconds - stage["end"],
        "rss_self_mb": own,
        "rss_children_mb": children,
        "rss_workers_mb": workers,
    }
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
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--measure", nargs=3, metavar=("INPUTS", "TEMPLATES", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.measure:
        inputs, templates, out = map(Path, args.measure)
        print(json.dumps(measure(inputs, templates, out, not args.skip_naive, args.workers)))
        return

    with contextlib.ExitStack() as stack:
        if args.keep:
            root = args.keep
            if root.exists() and any(root.iterdir()):
                raise SystemExit(f"{root} is not empty")
            root.mkdir(parents=True, exist_ok=True)
        else:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vanban-bench-")))
        started = time.perf_counter()
        inputs = build_workspace(root, args.letters)
        print(f"setup: {args.letters} agencies' workbooks in {time.perf_counter() - started:.1f} s")
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
        child = subprocess.run(command, capture_output=True, text=True, check=False)
        if child.returncode != 0:
            sys.stderr.write(child.stdout + child.stderr)
            raise SystemExit(child.returncode)
        f = json.loads(child.stdout.strip().splitlines()[-1])
    letters = f["letters"] + f["reminders"]
    vanban = letters / f["letter_seconds"]
    print(
        f"pipeline: {f['pipeline_seconds']:.2f} s in all = validation and consolidation "
        f"{f['before_letters_seconds']:.2f} s + letters {f['letter_seconds']:.2f} s + "
        f"summary workbook and manifest {f['after_letters_seconds']:.2f} s"
    )
    print(
        f"peak RSS: generate process {f['rss_self_mb']:.0f} MB, largest pool worker "
        f"{f['rss_workers_mb']:.0f} MB (its VmHWM; getrusage of the children says "
        f"{f['rss_children_mb']:.0f} MB, the parent's size when the worker was started)"
    )
    peak = f["rss_self_mb"] + f["rss_workers_mb"]
    if "naive_seconds" in f:
        naive = f["letters"] / f["naive_seconds"]
        print(f"naive docxtpl loop: {f['letters']} letters in {f['naive_seconds']:.2f} s")
        naive_text, ratio_text = f"{naive:.0f}/s", f"{vanban / naive:.1f}"
    else:
        naive_text, ratio_text = "skipped", "-"
    print(
        f"{args.letters} letters: vanban {vanban:.0f}/s, naive docxtpl {naive_text}, "
        f"ratio {ratio_text}, peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
