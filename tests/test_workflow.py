"""The README's yearly workflow, run command by command in a fresh folder.

The table «Công việc hằng năm» of README.md is read here: each command in it runs, in
order, through the command line, in a folder holding only a copy of the repository's
``inputs/`` (the plan, the registry, the earlier years) and ``templates/``. A row without a
command is a clerk's action, done by :data:`ACTIONS`. If the README's table changes, this
test runs the new one, and fails on a row it does not know how to do.

What must hold all along: every command exits 0, the forms written in October are never
moved or changed by the documents' runs, the reminders sent right after the deadline are
recorded apart and never touched by ``generate`` (whose report states them), and
``generate --force`` keeps the old set.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from generator.cli import cli
from generator.data.workspace import load_workspace
from generator.forms import writer as forms
from generator.vnformat import format_short_date

REPO = Path(__file__).resolve().parents[1]
YEAR = 2025
LATE = "TTT"  # the one agency without a workbook in the shipped samples of 2025
FORMS = Path("outputs") / str(YEAR) / forms.FORMS_DIR


def workflow_rows() -> list[tuple[str, str, str]]:
    """(khi nào, việc, lệnh) of the README's yearly table; lệnh is "" when none."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Công việc hằng năm", 1)[1].split("\n### ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("khi nào", "---"):
            continue
        command = re.fullmatch(r"`(vanban [^`]+)`", cells[2])
        assert command or not cells[2], f"not a command: {cells[2]!r}"
        rows.append((cells[0], cells[1], command.group(1) if command else ""))
    return rows


def tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def fill_form(form: Path, target: Path) -> None:
    """Fill a form as an agency would (every task done, every measure 0) and save it."""
    wb = load_workbook(form)
    info = wb[forms.SHEET_INFO]
    values = {
        forms.LABEL_REPORTER: "Nguyễn Văn An",
        forms.LABEL_PHONE: "0212 3856 789",
        forms.LABEL_EMAIL: "an@example.com",
        forms.LABEL_DATE: date(YEAR, 11, 5),
    }
    for row in range(forms.INFO_FIRST_ROW, forms.INFO_FIRST_ROW + len(forms.INFO_ROWS)):
        label = info.cell(row, 1).value
        if label in values:
            info.cell(row, 2).value = values[label]
    tasks = wb[forms.SHEET_TASKS]
    row = forms.FIRST_DATA_ROW
    while tasks.cell(row, 1).value:
        tasks.cell(row, 4).value = forms.STATUSES[0]
        tasks.cell(row, 5).value = "Đã tổ chức 01 hội nghị tập huấn."
        tasks.cell(row, 6).value = 10_000_000
        row += 1
    rules = load_workspace(REPO / "inputs").plan.ip
    sheets = [forms.SHEET_MEASURES] + ([rules.activities_sheet] if rules else [])
    for name in sheets:  # every figure asked as a number: 0, as the form's guide says
        figures = wb[name]
        row = forms.FIRST_DATA_ROW
        while figures.cell(row, 1).value:
            figures.cell(row, 4).value = 0
            row += 1
    wb.save(target)


def receive_the_filled_forms(root: Path) -> None:
    """The agencies' workbooks (the shipped samples) arrive, all but the late agency's."""
    for workbook in sorted((REPO / "inputs" / str(YEAR)).glob("*.xlsx")):
        assert workbook.stem != LATE
        shutil.copyfile(workbook, root / "inputs" / str(YEAR) / workbook.name)


def receive_the_late_form(root: Path) -> None:
    fill_form(root / FORMS / f"{LATE}.xlsx", root / "inputs" / str(YEAR) / f"{LATE}.xlsx")


ACTIONS: dict[str, Callable[[Path], None]] = {
    "trước 10/11": receive_the_filled_forms,
    "khi nhận phiếu nộp muộn": receive_the_late_form,
}


@pytest.fixture
def fresh_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for path in (REPO / "inputs").iterdir():
        if path.is_file():
            shutil.copyfile(path, inputs / path.name)
    shutil.copytree(REPO / "inputs" / "2024", inputs / "2024")
    (inputs / str(YEAR)).mkdir()
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_yearly_table_runs_as_written(fresh_folder: Path) -> None:
    rows = workflow_rows()
    commands = [command for _, _, command in rows if command]
    assert [shlex.split(c)[1] for c in commands] == [
        "forms",
        "validate",
        "don-doc",
        "nhan-dinh",
        "generate",
        "generate",
        "check",
    ], (
        "the yearly cycle: forms, validate, reminders, the Sở's draft assessment, generate, "
        "generate --force after a late form, check"
    )
    documents = fresh_folder / "outputs" / str(YEAR)
    reminders = documents / "don-doc" / date.today().isoformat()  # dated the day it runs
    sent: dict[str, str] = {}
    forms_written: dict[str, str] = {}
    runner = CliRunner()
    for when, what, command in rows:
        if when in ACTIONS:  # the clerk's part of the row, before its command
            ACTIONS[when](fresh_folder)
        if not command:
            assert when in ACTIONS, f"no action for the README row «{when}: {what}»"
            continue
        result = runner.invoke(cli, shlex.split(command)[1:])
        assert result.exit_code == 0, f"{command}\n{result.output}"
        assert "Traceback" not in result.output
        if command.startswith("vanban forms"):
            forms_written = tree(fresh_folder / FORMS)
            assert f"{LATE}.xlsx" in forms_written and len(forms_written) > 80
        else:  # the forms sent in October stay exactly where they were
            assert tree(fresh_folder / FORMS) == forms_written, command
        if command.startswith("vanban don-doc"):
            assert (reminders / f"{LATE}.docx").is_file()  # the late agency is reminded
            sent = tree(reminders)
        elif sent:  # the reminders sent stay exactly as they were
            assert tree(reminders) == sent, command
        if command == f"vanban generate --year {YEAR}":
            report = Document(str(documents / "bao-cao-tong-hop.docx"))
            text = "\n".join(p.text for p in report.paragraphs)
            assert f"ngày {format_short_date(date.today())} đôn đốc" in text  # from the record
            own = ("phieu", "don-doc")
            first_set = {k: v for k, v in tree(documents).items() if not k.startswith(own)}
        if "--force" in command:
            [old] = [p for p in documents.iterdir() if p.name.startswith(".cu-")]
            assert tree(old) == first_set  # the whole first set, and nothing else
            assert "Bộ văn bản cũ đã được chuyển vào" in result.output
    assert sorted(p.name for p in (fresh_folder / "outputs").iterdir()) == [str(YEAR)]
    entries = sorted(p.name for p in documents.iterdir() if not p.name.startswith(".cu-"))
    made = ["bao-cao-tong-hop.docx", "cong-van", "manifest.json", "tong-hop.xlsx"]
    made.append("so-tai-san-tri-tue-cap-nhat.xlsx")  # the register for the Sở to adopt
    assert entries == sorted([*made, forms.FORMS_DIR, "don-doc"])


def test_validate_names_an_earlier_year_generate_would_miss(tmp_path: Path) -> None:
    """A new workspace with this year's forms only: validate passed, then nhan-dinh and
    generate stopped on the 2024 figures the cumulative totals need."""
    root = tmp_path / "ws"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    for form in (REPO / "inputs" / "2025").glob("*.xlsx"):
        shutil.copyfile(form, root / "inputs" / "2025" / form.name)
    result = CliRunner().invoke(cli, ["validate", "--year", "2025", "--workspace", str(root)])
    assert result.exit_code == 0  # the forms are valid; what else generate needs is told
    assert "Lưu ý: thiếu số liệu năm 2024 mà «vanban generate» cần để tính số lũy kế" in (
        result.output
    )
