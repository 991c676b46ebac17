"""The bad-input corpus through the real command line: message, exit code, nothing written.

Each case of ``tests/corpus/cases.py`` is built in its own folder (inputs, templates, and
for ``generate`` an output folder already holding an earlier batch), run with click's
CliRunner, and checked three ways: the exit code; every expected Vietnamese fragment
(location first: file, sheet, cell) in what the clerk reads, and no traceback or English;
and the bytes of every file under the case folder, outputs included, unchanged.

Accepted inputs whose handling is a decision (XML entities, invisible and right-to-left
characters, entity declarations, Excel's ``_xHHHH_`` escapes) are checked at the end on
what the reader returns.

Loading the shipped plan and registry takes a third of a second; the CLI's loader is
wrapped by a cache keyed on the YAML bytes, so data cases (changed YAML) still load for real.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import batch
from generator import cli as cli_module
from generator.cli import cli
from generator.data.workspace import PLAN_FILE, REGISTRY_FILE, Workspace, load_workspace
from generator.errors import WorkbookError
from generator.forms import writer as forms
from generator.forms.reader import read_workbook
from generator.validate import validate_year
from tests.corpus import build as b
from tests.corpus.cases import CASES, ROOT, Case

NEVER_SHOWN = ("Traceback", "Error:", "Usage:", "Invalid value", "Exception")

_LOADED: dict[tuple[bytes, bytes], Workspace] = {}


def _cached_load_workspace(inputs: Path) -> Workspace:
    try:
        key = ((inputs / REGISTRY_FILE).read_bytes(), (inputs / PLAN_FILE).read_bytes())
    except OSError:
        return load_workspace(inputs)
    if key not in _LOADED:
        _LOADED[key] = load_workspace(inputs)
    return dataclasses.replace(_LOADED[key], root=inputs)


@pytest.fixture(autouse=True)
def _fast_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_module, "load_workspace", _cached_load_workspace)
    monkeypatch.setattr(batch, "load_workspace", _cached_load_workspace)


def snapshot(root: Path) -> dict[str, str]:
    """Every file's SHA-256 and every folder under ``root`` (hidden ones included)."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_dir():
            found[relative + "/"] = "dir"
        else:
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, catch_exceptions=True)


def command_args(case: Case, command: str, root: Path) -> list[str]:
    args = [command, "--year", str(case.year), "--inputs", str(root / "inputs")]
    if command in ("generate", "forms"):
        out = case.out_arg(root) if case.out_arg else root / "out"
        if command == "generate":
            args += ["--templates", str(root / "templates")]
        args += ["--out", str(out)]
        if case.force:
            args.append("--force")
    return args


@pytest.fixture(scope="session")
def earlier_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``OUT/2024`` as a first, successful run left it (the documents a later run must keep)."""
    root = b.make_root(tmp_path_factory.mktemp("lan-truoc"))
    result = invoke(
        [
            "generate",
            "--year",
            str(b.YEAR),
            "--inputs",
            str(root / "inputs"),
            "--templates",
            str(root / "templates"),
            "--out",
            str(root / "out"),
        ]
    )
    assert result.exit_code == 0, result.output
    folder = root / "out" / str(b.YEAR)
    assert (folder / "bao-cao-tong-hop.docx").is_file()
    return folder


def _params() -> list:
    params = []
    for case in CASES:
        for command in case.commands:
            marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
            params.append(pytest.param(case, command, id=f"{case.id}-{command}", marks=marks))
    return params


@pytest.mark.parametrize(("case", "command"), _params())
def test_corpus_case(
    case: Case,
    command: str,
    tmp_path: Path,
    earlier_batch: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = b.make_root(tmp_path / "vanban", year=case.year)
    case.build(root)
    if command == "generate" and case.year == b.YEAR:
        shutil.copytree(earlier_batch, root / "out" / str(b.YEAR))
    before = snapshot(tmp_path)
    if case.patch is not None:
        case.patch(monkeypatch)

    result = invoke(command_args(case, command, root))
    monkeypatch.undo()

    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert result.exit_code == case.exit_code, output
    for fragment in case.expect:
        fragment = fragment.replace(ROOT, str(root))  # paths in the message
        assert fragment in output, f"{fragment!r} missing from:\n{output}"
    for fragment in NEVER_SHOWN + case.absent:
        assert fragment not in output, f"{fragment!r} shown to the clerk:\n{output}"
    assert snapshot(tmp_path) == before, "a file was written or changed"


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


# ---------------------------------------------------------------------------
# Accepted inputs: the CLI says the workbook is valid, and the reader returns exactly this.


def _validated_report(root: Path):
    result = invoke(["validate", "--year", str(b.YEAR), "--inputs", str(root / "inputs")])
    assert result.exit_code == 0, result.output
    workspace = load_workspace(root / "inputs")
    validation = validate_year(workspace, b.YEAR, root / "inputs")
    (submission,) = [s for s in validation.submissions if s.agency.code == b.AGENCY]
    assert submission.report is not None
    return submission.report


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # What a user typed stays what it is: no entity is ever decoded or expanded.
        ("&lt;b&gt; &amp; <i>R&D</i> &#x41;", "&lt;b&gt; &amp; <i>R&D</i> &#x41;"),
        # Zero-width joiner / non-joiner / space: invisible, harmless in Vietnamese text,
        # and part of some emoji and Indic spellings: kept as typed.
        ("Tập\u200dhuấn\u200c cho\u200b120 người", "Tập\u200dhuấn\u200c cho\u200b120 người"),
        # Right-to-left letters (a foreign name): legitimate text, kept.
        ("Đối tác: شركة النور", "Đối tác: شركة النور"),
        # NFD from macOS, surrounding spaces, a line break typed with Alt+Enter: NFC, trimmed.
        ("  Ta\u0323\u0302p huấn\nlần 2  ", "Tập huấn\nlần 2"),
    ],
    ids=["thuc-the-xml", "ky-tu-do-rong-0", "chu-phai-sang-trai", "nfd-va-xuong-dong"],
)
def test_free_text_is_read_exactly(typed: str, read: str, tmp_path: Path) -> None:
    root = b.make_root(tmp_path)
    b.typed(forms.SHEET_TASKS, b.FIRST, b.TASK_RESULT, typed)(root)
    before = snapshot(tmp_path)
    report = _validated_report(root)
    assert report.tasks[0].result == read
    assert snapshot(tmp_path) == before


def test_zero_width_space_pasted_into_a_status_is_accepted(tmp_path: Path) -> None:
    """A status pasted from a web page may carry U+200B; it must still match the list."""
    root = b.make_root(tmp_path)
    b.typed(forms.SHEET_TASKS, b.FIRST, b.TASK_STATUS, "Đã hoàn thành\u200b")(root)
    result = invoke(["validate", "--year", str(b.YEAR), "--inputs", str(root / "inputs")])
    assert result.exit_code == 0, result.output


def test_excel_escape_of_a_vertical_tab_reads_as_a_line_break(tmp_path: Path) -> None:
    """Excel stores a control character as ``_x000B_``; it must come back as a line break."""
    root = b.make_root(tmp_path)
    data = b.with_shared_string(forms.SHEET_ISSUES, "B3", "Dòng 1_x000B_Dòng 2".encode())
    b.put_workbook(data)(root)
    report = _validated_report(root)
    assert report.difficulties == "Dòng 1\nDòng 2"


DECLARATIONS = {
    "thuc-the-noi": b'<!DOCTYPE x [<!ENTITY e "MO-RONG-THUC-THE">]>',
    "thuc-the-ngoai-xxe": b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
    "thuc-the-long-nhau": b'<!DOCTYPE x [<!ENTITY a "MO-RONG-THUC-THE"><!ENTITY e "&a;&a;&a;">]>',
}


@pytest.mark.parametrize("part", ["sharedStrings", "worksheet"])
@pytest.mark.parametrize(
    "declaration",
    [
        pytest.param(DECLARATIONS["thuc-the-noi"], id="thuc-the-noi"),
        pytest.param(DECLARATIONS["thuc-the-ngoai-xxe"], id="thuc-the-ngoai-xxe"),
        pytest.param(DECLARATIONS["thuc-the-long-nhau"], id="thuc-the-long-nhau"),
    ],
)
def test_entity_declarations_are_never_expanded(
    declaration: bytes, part: str, tmp_path: Path
) -> None:
    """A DOCTYPE in a workbook part is refused or ignored; its entities are never expanded."""
    root = b.make_root(tmp_path)
    make = b.with_shared_string if part == "sharedStrings" else b.with_inline_xml
    b.put_workbook(make(forms.SHEET_ISSUES, "B3", b"&e;", declaration))(root)
    before = snapshot(tmp_path)
    result = invoke(["validate", "--year", str(b.YEAR), "--inputs", str(root / "inputs")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "MO-RONG-THUC-THE" not in result.output
    assert snapshot(tmp_path) == before
    try:
        book = read_workbook(b.year_folder(root) / b.WORKBOOK)
    except WorkbookError as error:
        assert result.exit_code == 1
        assert "tệp SKHCN.xlsx: " in result.output
        assert error.text in result.output
        return
    value = str(book.sheets[forms.SHEET_ISSUES].cell(3, 2).value)
    hostname = Path("/etc/hostname")
    secret = hostname.read_text().strip() if hostname.is_file() else ""
    assert "MO-RONG-THUC-THE" not in value, (
        "workbooks.read_workbook expands an entity declared in the workbook's own DOCTYPE"
    )
    assert not secret or secret not in value, "an external entity was resolved (XXE)"
