"""The batch (``generator.batch.generate``) on small workspaces built in tmp_path.

Figures are checked against totals computed here straight from the workbooks with openpyxl;
letters against the plan's assignments; safety by hashing the outputs folder before and
after runs that must not change it.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import importlib.util
import io
import json
import os
import re
import shutil
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import make_letter_context, sample_consolidation
from docx import Document
from fixtures_conformance import template_gaps

from generator import batch
from generator.batch import GenerateOptions, InvalidInputs, generate
from generator.check.conformance import check_docx, has_blocking_failure
from generator.consolidate import AgencySummary, Standing, letter_context, report_context
from generator.data.workspace import Role, TaskStatus, load_workspace
from generator.documents.render import CompiledTemplate, render_docx
from generator.errors import DataError, OutputError, TemplateError, UsageError, WorkbookError
from generator.vnformat import format_short_date

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
YEARS = (2024, 2025)


def _make_samples_module():
    spec = importlib.util.spec_from_file_location("make_samples", REPO / "tools/make_samples.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def build_inputs(root: Path, years: tuple[int, ...] = YEARS) -> Path:
    """A workspace: the shipped plan, registry and earlier figures, sample workbooks of ``years``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("ke-hoach.yaml", "don-vi.yaml", "so-lieu-cac-nam-truoc.yaml"):
        shutil.copy(REPO / "inputs" / name, root / name)
    _make_samples_module().make_samples(load_workspace(root), root, years)
    return root


@pytest.fixture(scope="session")
def sample_inputs(tmp_path_factory) -> Path:
    return build_inputs(tmp_path_factory.mktemp("mau") / "inputs")


@pytest.fixture
def inputs(sample_inputs: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "inputs"
    shutil.copytree(sample_inputs, copy)
    return copy


def options(inputs: Path, out: Path, **changes) -> GenerateOptions:
    return GenerateOptions(inputs=inputs, templates=REPO / "templates", out=out, **changes)


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones included) with its SHA-256."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def paragraphs(path: Path) -> list[str]:
    """Each paragraph's text as Word shows it (a non-breaking hyphen is «-»)."""
    root = Document(str(path)).element.body
    return [
        "".join("-" if t.tag == f"{W}noBreakHyphen" else t.text or "" for t in p.iter(*TEXTS))
        for p in root.iter(f"{W}p")
    ]


TEXTS = (f"{W}t", f"{W}noBreakHyphen")


def table_rows(path: Path, header: str) -> list[list[str]]:
    """Rows (cell texts) of the first table whose header row has a cell reading ``header``."""
    for table in Document(str(path)).tables:
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        if rows and header in rows[0]:
            return rows
    raise AssertionError(f"no table with a header {header!r}")


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def register_counts(folder: Path, year: int) -> dict[str, int]:
    """The targets counted from the itemised rows of the year's workbooks, read and
    de-duplicated here independently: one asset per application (else title) number."""
    rules = load_workspace(folder.parent).plan.ip
    assert rules is not None
    kind_of = {kind.name: kind.code for kind in rules.kinds}
    role_of = {role.name: role.code for role in rules.roles}
    counted: dict[str, set[str]] = {rule.measure: set() for rule in rules.counting}
    for path in sorted(folder.glob("*.xlsx")):
        sheet = openpyxl.load_workbook(path, data_only=True)[rules.sheet]
        for row in sheet.iter_rows(min_row=4, values_only=True):
            number, kind, _, _, _, filed, title, granted, role = row[:9]
            if not kind:
                continue
            for rule in rules.counting:
                if kind_of[kind] not in rule.kinds or (
                    rule.roles and role_of[role] not in rule.roles
                ):
                    continue
                day = {"ngay-nop-don": filed, "ngay-cap": granted}.get(rule.basis.value)
                in_year = day is not None and day.year == year
                if rule.basis.value == "nam-ho-tro":
                    in_year = True
                if in_year:
                    counted[rule.measure].add(str(number or title))
    return {code: len(numbers) for code, numbers in counted.items()}


SOURCES = 5  # funding sources of the shipped plan: one amount column each, from column F


def workbook_totals(folder: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Measure totals and funding per agency, read here directly from the workbooks."""
    measures: dict[str, int] = register_counts(folder, int(folder.name))
    funding: dict[str, int] = {}
    for path in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path, data_only=True)
        code = wb["Thông tin"]["B4"].value
        funding[code] = sum(
            sum(amount or 0 for amount in row[5 : 5 + SOURCES])
            for row in wb["Nhiệm vụ"].iter_rows(min_row=4, values_only=True)
            if row[0]
        )
    return measures, funding


def history_totals(inputs: Path, before: int) -> dict[str, int]:
    data = yaml.safe_load((inputs / "so-lieu-cac-nam-truoc.yaml").read_text(encoding="utf-8"))
    totals: dict[str, int] = {}
    for year, figures in data["nam"].items():
        if year < before:
            for code, value in figures.items():
                totals[code] = totals.get(code, 0) + value
    return totals


# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def run_2024(sample_inputs: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ra-2024")
    generate(options(sample_inputs, out, year=2024))
    return out / "2024"


@pytest.fixture(scope="session")
def run_2025(sample_inputs: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ra-2025")
    generate(options(sample_inputs, out, year=2025))
    return out / "2025"


def test_report_and_summary_figures_equal_the_workbooks(sample_inputs: Path, run_2024: Path):
    year_totals, funding = workbook_totals(sample_inputs / "2024")
    earlier = history_totals(sample_inputs, 2024)
    # The report cites the plan's letters, never vanban's codes: rows follow the plan's order.
    rows = table_rows(run_2024 / "bao-cao-tong-hop.docx", "Điểm")
    measures = load_workspace(sample_inputs).plan.measures
    assert len(rows) - 1 == len(measures) == len(earlier)
    by_code = {measure.code: row for measure, row in zip(measures, rows[1:], strict=True)}
    for code, row in by_code.items():
        assert row[3] == vn(year_totals.get(code, 0)), code
        assert row[4] == vn(year_totals.get(code, 0) + earlier[code]), code
    assert not any("CT-" in cell for row in rows for cell in row)
    funding_rows = table_rows(run_2024 / "bao-cao-tong-hop.docx", "Tổng kinh phí (đồng)")
    total_row = next(row for row in funding_rows if row[1] == "Tổng cộng" or row[0] == "Tổng cộng")
    assert total_row[-1] == vn(sum(funding.values()))
    assert sum(funding.values()) > 0

    wb = openpyxl.load_workbook(run_2024 / "tong-hop.xlsx")
    sheet = wb["Chỉ tiêu"]
    assert sheet["A3"].value == "Mã chỉ tiêu"
    found = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]}
    for code in earlier:
        assert found[code][6] == year_totals.get(code, 0)
        assert found[code][7] == year_totals.get(code, 0) + earlier[code]
    money = wb["Kinh phí"]
    per_agency = {r[1]: r[3] for r in money.iter_rows(min_row=4, values_only=True) if r[1]}
    assert per_agency == funding
    last = [r for r in money.iter_rows(min_row=4, values_only=True)][-1]
    assert last[2] == "Tổng cộng" and last[3] == sum(funding.values())


def test_judgements_follow_the_plan_ranges(sample_inputs: Path, run_2024: Path):
    workspace = load_workspace(sample_inputs)
    year_totals, _ = workbook_totals(sample_inputs / "2024")
    earlier = history_totals(sample_inputs, 2024)
    rows = table_rows(run_2024 / "bao-cao-tong-hop.docx", "Điểm")[1:]
    for measure, row in zip(workspace.plan.measures, rows, strict=True):
        row = [measure.code, *row]
        if measure.scope.value == "nam":
            value = year_totals.get(row[0], 0)
            expected = (
                "Chưa đạt"
                if value < measure.minimum
                else "Vượt"
                if value > measure.maximum
                else "Đạt"
            )
            assert row[6].split(" (")[0] == f"{expected} năm 2024"
        else:
            cumulative = year_totals.get(row[0], 0) + earlier[row[0]]
            if cumulative < measure.minimum:
                assert row[6].startswith("Đang thực hiện (") and "mức tối thiểu" in row[6]
            else:
                assert row[6] in ("Đã đạt", "Đã vượt")


def _citation(workspace, code: str) -> str:
    group = workspace.plan.group_of(code)
    task = next(t for t in group.tasks if t.code == code)
    alike = [t.code for t in group.tasks if t.letter == task.letter]
    second = " (thứ hai)" if task.letter and alike.index(code) == 1 else ""  # the plan's two «d)»
    point = f"điểm {task.letter}{second} " if task.letter else ""
    return f"{point}khoản {group.number} Mục IV"


def test_each_letter_holds_exactly_its_agencys_tasks(sample_inputs: Path, run_2024: Path):
    workspace = load_workspace(sample_inputs)
    letters = sorted((run_2024 / "cong-van").glob("*.docx"))
    active = [a.code for a in workspace.active(2024) if a.code != "SKHCN"]
    assert [p.stem for p in letters] == sorted(active)
    letter_day = sample_consolidation(2024).document_day  # the run gives no signing date
    for path in letters:
        agency = workspace.registry.agency(path.stem)
        active = agency.is_active_on(workspace.deadline(2025))
        # an end decided after the letter's day is not spoken of: the agency goes on
        stays = active or not agency.ending_known_on(letter_day)
        held = workspace.tasks_of(agency.code, 2025 if active else 2024)
        rows = table_rows(path, "Vai trò")[1:]
        assert len(rows) == len(held), agency.code
        for assignment, row in zip(held, rows, strict=True):
            citation = _citation(workspace, assignment.task.code)
            # the task named by its first clause, not quoted whole
            first_clause = re.split(r"; |\. ", " ".join(assignment.task.text.split()))[0]
            assert row[1].startswith(
                f"{citation[0].upper()}{citation[1:]}: {first_clause.rstrip(' .;')}"
            ), agency.code
            assert row[2].startswith("Chủ trì" if assignment.role is Role.LEAD else "Phối hợp")
        text = "\n".join(paragraphs(path))
        assert f"Kính gửi: {agency.name}." in text
        assert "IV." not in text and "Quý cơ quan" not in text and "quý cơ quan" not in text
        if stays:
            assert "trước ngày 10/11/2025" in text
        else:
            assert workspace.registry.successor_name(agency.code) in text


def test_a_2024_letter_speaks_only_of_ends_decided_by_its_day(run_2024: Path):
    """Unsigned, the 2024 letters are dated by the last report received (after Mộc Châu's
    change to a town, decided 14/11/2024), before the departments' mergers (Nghị định 45 of
    28/02/2025) and the districts' end (Nghị quyết 1681 of 16/6/2025): they ask every other
    agency for its 2025 report, and Mộc Châu's tells of the handover. Signed on the
    deadline, 10/11/2024, no letter could tell of it."""
    c = sample_consolidation(2024)
    assert c.document_day == c.cutoff > date(2024, 11, 14)
    for code in ("HUYEN-MAI-SON", "THANH-PHO-SON-LA", "SKHDT", "SNNPTNT"):
        text = "\n".join(paragraphs(run_2024 / "cong-van" / f"{code}.docx"))
        assert "tiếp nhận" not in text and "2025/NĐ-CP" not in text, code
        assert "01/01/2025" not in text and "01/3/2025" not in text, code
        assert "01/7/2025" not in text, code
        assert (
            "gửi báo cáo kết quả thực hiện năm 2025 (theo mẫu phiếu báo cáo năm 2025 Sở Khoa học "
            "và Công nghệ sẽ gửi trước kỳ báo cáo)"
        ) in text, code
    text = "\n".join(paragraphs(run_2024 / "cong-van" / "HUYEN-MOC-CHAU.docx"))
    assert (
        "Kể từ ngày 01/01/2025 (thành lập thị xã Mộc Châu trên toàn bộ diện tích, dân số của "
        "huyện Mộc Châu, theo Nghị quyết số 1280/NQ-UBTVQH15 ngày 14/11/2024 của Ủy ban Thường "
        "vụ Quốc hội về việc sắp xếp"
    ) in text
    handed_over = {s.agency.code for s in c.letter_recipients if not letter_context(c, s).stays}
    assert handed_over == {"HUYEN-MOC-CHAU"}
    signed = dataclasses.replace(c, signing_date=date(2024, 11, 10))
    assert all(letter_context(signed, s).stays for s in signed.letter_recipients)


def test_a_letter_to_an_agency_without_report_asks_for_it_by_a_date(run_2024: Path):
    c = sample_consolidation(2024)
    missing = [s.agency for s in c.reminder_recipients]  # no report, the Sở aside
    assert missing
    by = c.plan.outputs.letter_reply.due_from(c.document_day)
    received = [s.report.report_date for s in c.agencies if s.report is not None]
    cutoff = format_short_date(max([c.deadline, *received]))
    assert cutoff != "10/11/2024", "a report of the sample arrives after the deadline"
    for agency in missing:
        text = "\n".join(paragraphs(run_2024 / "cong-van" / f"{agency.code}.docx"))
        assert (
            f"Đến ngày {cutoff}, Sở Khoa học và Công nghệ chưa nhận được báo cáo kết quả thực "
            f"hiện Kế hoạch năm 2024 của {agency.name} (thời hạn báo cáo: trước ngày 10/11/2024)."
        ) in text
        assert (
            f"Đề nghị {agency.name} gửi báo cáo kết quả thực hiện Kế hoạch năm 2024 về Sở Khoa "
            f"học và Công nghệ trước ngày {format_short_date(by)} để tổng hợp, báo cáo "
            "bổ sung"
        ) in text


def test_in_the_final_year_a_missing_report_is_asked_for_with_the_review(run_2025: Path):
    c = sample_consolidation(2025)
    missing = [s.agency for s in c.reminder_recipients]  # no report, the Sở aside
    assert missing
    for agency in missing:
        text = "\n".join(paragraphs(run_2025 / "cong-van" / f"{agency.code}.docx"))
        assert (
            f"Đề nghị {agency.name} khẩn trương báo cáo kết quả thực hiện Kế hoạch năm 2025 và "
            "tổng kết việc thực hiện từng nhiệm vụ tại mục 2"
        ) in text
        assert (
            "V/v gửi báo cáo năm 2025 và tổng kết" in text and "Kế hoạch số\xa065/KH-UBND" in text
        )
        assert "thông báo kết quả" not in text  # it sent nothing to tell it about


def test_a_successor_is_told_what_its_predecessors_took_part_in(run_2025: Path):
    """Sở NN&MT took over from Sở NN&PTNT and Sở TN&MT: the titles they took part in, the
    honey mark among them, are in its letter, said to be theirs."""
    text = "\n".join(paragraphs(run_2025 / "cong-van" / "SNNMT.docx"))
    assert (
        "Đơn đăng ký, văn bằng bảo hộ có sự tham gia của Sở Nông nghiệp và Môi trường, kể cả "
        "phần việc của Sở Nông nghiệp và Phát triển nông thôn, Sở Tài nguyên và Môi trường "
        "(trước sắp xếp), theo danh mục của tỉnh:"
    ) in text
    assert "“Mật ong bạc hà Sốp Cộp”" in text
    alone = "\n".join(paragraphs(run_2025 / "cong-van" / "SCT.docx"))
    assert "(trước sắp xếp)" not in alone


def test_a_title_its_predecessor_managed_falls_due_in_the_successors_letter():
    from generator.register import RenewalDue

    c = dataclasses.replace(sample_consolidation(2025))
    honey = next(a for a in c.register.assets if a.name == "Mật ong bạc hà Sốp Cộp")
    due = RenewalDue(honey, date(2026, 5, 4), "gia hạn hiệu lực", False, ("SNNPTNT",))
    c.__dict__["renewals_due"] = [due]  # as the register would give it on another day
    by_code = {s.agency.code: s for s in c.letter_recipients}
    assert [r.asset.name for r in letter_context(c, by_code["SNNMT"]).renewals] == [honey.name]
    assert letter_context(c, by_code["SCT"]).renewals == []


def test_final_year_letters_ask_for_the_period_review_with_inherited_tasks(run_2025: Path):
    workspace = load_workspace(REPO / "inputs")
    path = run_2025 / "cong-van" / "SNNMT.docx"
    text = "\n".join(paragraphs(path))
    held = workspace.tasks_of("SNNMT", 2025)
    assert any(a.inherited_from for a in held)
    rows = table_rows(path, "Vai trò")[1:]
    for assignment, row in zip(held, rows, strict=True):
        if assignment.role is Role.PARTNER:
            assert f"(chủ trì: {', '.join(assignment.lead_names)})" in row[2]
        if assignment.inherited_from:
            assert f"(nhiệm vụ tiếp nhận từ {assignment.inherited_from.name})" in row[1]
    assert "ĐỀ CƯƠNG BÁO CÁO TỔNG KẾT GIAI ĐOẠN 2021-2025" in text
    assert "V/v tổng kết thực hiện Kế hoạch số\xa065/KH-UBND giai đoạn 2021-2025" in text
    report = "\n".join(paragraphs(run_2025 / "bao-cao-tong-hop.docx"))
    assert "Kết quả từng năm của giai đoạn 2021-2025:" in report
    verdicts = [row[5] for row in table_rows(run_2025 / "bao-cao-tong-hop.docx", "Điểm")[1:9]]
    assert all(v.split(" (")[0] in {"Đạt", "Vượt", "Chưa đạt"} for v in verdicts), verdicts
    by_year = table_rows(run_2025 / "bao-cao-tong-hop.docx", "Kết quả từng năm")[1:]
    assert by_year and all(re.match(r"2021:\xa0\S", row[2]) for row in by_year), by_year[:2]
    assert all("2023: " not in row[2] for row in by_year)  # «2023: / 2» never splits


def test_generate_writes_no_reminder_and_claims_none(sample_inputs: Path, run_2024: Path):
    """Reminders are «vanban don-doc»'s (tests/test_reminders.py): generate writes none, and
    without a record of reminders sent the report does not say the Sở reminded anyone."""
    workspace = load_workspace(sample_inputs)
    rows = table_rows(run_2024 / "bao-cao-tong-hop.docx", "Tình trạng")
    assert any(row[3] == "Chưa nộp" for row in rows[1:])  # someone is missing
    assert not (run_2024 / "don-doc").exists()
    manifest = json.loads((run_2024 / "manifest.json").read_text(encoding="utf-8"))
    assert not [name for name in manifest["outputs"] if "don-doc" in name]
    assert "cong-van-don-doc.docx" not in manifest["templates"]
    report = "\n".join(paragraphs(run_2024 / "bao-cao-tong-hop.docx"))
    assert "đôn đốc" not in report and "đã đề nghị" not in report
    assert workspace.plan.outputs.reminder_reply is not None


def test_documents_are_drafts_dated_from_the_last_report_received(run_2024: Path):
    text = paragraphs(run_2024 / "bao-cao-tong-hop.docx")
    assert "Số:      /BC-SKHCN" in text
    assert "Sơn La, ngày      tháng 11 năm 2024" in text
    letter = paragraphs(next((run_2024 / "cong-van").glob("*.docx")))
    assert "Số:      /SKHCN-QLCN" in letter
    assert letter[-6:] != []
    assert "- Như trên;" in letter and "- Lưu: VT, QLCN." in letter
    with zipfile.ZipFile(run_2024 / "bao-cao-tong-hop.docx") as archive:
        # the sample's last 2024 report came in on 23/11/2024: nothing is signed before
        assert {info.date_time for info in archive.infolist()} == {(2024, 11, 23, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
        assert "2024-11-23T00:00:00Z" in core


def test_manifest_lists_every_output_and_input_with_its_hash(sample_inputs: Path, run_2024: Path):
    manifest = json.loads((run_2024 / "manifest.json").read_text(encoding="utf-8"))
    files = tree_hashes(run_2024)
    files.pop("manifest.json")
    assert manifest["outputs"] == files
    workbooks = {
        f"2024/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (sample_inputs / "2024").glob("*.xlsx")
    }
    for name, digest in workbooks.items():
        assert manifest["inputs"][name] == digest
    assert "ke-hoach.yaml" in manifest["inputs"]
    text = (run_2024 / "manifest.json").read_text(encoding="utf-8")
    assert text == json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_every_document_passes_vanban_check_and_the_ooxml_schema(run_2024: Path, run_2025: Path):
    documents = sorted(run_2024.rglob("*.docx")) + sorted(run_2025.rglob("*.docx"))
    assert len(documents) > 100
    for path in documents:
        gaps = template_gaps(path)  # rules the templates being rewritten still break
        assert not has_blocking_failure([f for f in check_docx(path) if f.rule not in gaps]), path
    if not SHARED.is_dir():
        if os.environ.get("VANBAN_REQUIRE_SHARED"):
            pytest.fail(f"thiếu thư mục tham chiếu {SHARED}")
        pytest.skip(f"không có bộ kiểm tra OOXML ở {SHARED / 'ooxml'}")
    sys.path.insert(0, str(SHARED / "ooxml"))
    from docx_check import check_docx as ooxml_check

    sample = [run_2024 / "bao-cao-tong-hop.docx", run_2025 / "bao-cao-tong-hop.docx"]
    sample += sorted(run_2025.glob("cong-van/*.docx"))[:5]  # reminders: tests/test_reminders.py
    for path in sample:
        errors = [
            f for f in ooxml_check(path, xsd_dir=SHARED / "ooxml" / "xsd") if f.level == "error"
        ]
        assert not errors, (path, errors)


# ---------------------------------------------------------------------------
# Determinism and safety


@pytest.mark.parametrize("workers", [2, 3])  # tong-hop.xlsx's process and 1 or 2 letter workers
def test_two_runs_are_byte_identical_and_parallel_equals_in_process(
    inputs: Path, tmp_path: Path, workers: int
):
    generate(options(inputs, tmp_path / "a", year=2024))
    generate(options(inputs, tmp_path / "b", year=2024, parallel_threshold=0, workers=workers))
    first, second = tree_hashes(tmp_path / "a"), tree_hashes(tmp_path / "b")
    assert len(first) > 30
    assert first == second


def test_earlier_years_read_by_their_own_process_give_the_same_set(
    inputs: Path, run_2025: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The earlier years a final-year report sums are read by a process of their own when
    they hold many workbooks (here: always); the set is the one read in this process."""
    import generator.batch as batch

    monkeypatch.setattr(batch, "EARLIER_YEARS_POOL_MIN_FILES", 0)
    generate(options(inputs, tmp_path / "out", year=2025))
    assert tree_hashes(tmp_path / "out" / "2025") == tree_hashes(run_2025)


def test_a_full_disk_while_writing_tong_hop_is_told_in_vietnamese(tmp_path: Path):
    """XlsxWriter keeps its rows in temporary files: a full disk there, in this process or
    in the workbook's own, is a clerk's message naming the file, not a traceback."""
    import errno
    from concurrent.futures import Future

    import generator.batch as batch

    failed: Future = Future()
    failed.set_exception(OSError(errno.ENOSPC, "No space left on device", "/tmp/vanban-xlsx-1"))
    with pytest.raises(OutputError) as raised:
        batch._summary_bytes(None, failed, tmp_path / batch.SUMMARY_FILE)  # type: ignore[arg-type]
    assert "ổ đĩa đã hết chỗ trống" in raised.value.message()
    assert batch.SUMMARY_FILE in raised.value.message()


def test_second_run_without_force_changes_nothing(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    generate(options(inputs, out, year=2024))
    before = tree_hashes(out)
    with pytest.raises(OutputError, match="--force") as caught:
        generate(options(inputs, out, year=2024))
    assert caught.value.exit_code == 1
    assert tree_hashes(out) == before


def test_force_keeps_the_old_set(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    generate(options(inputs, out, year=2024))
    before = tree_hashes(out / "2024")
    result = generate(options(inputs, out, year=2024, force=True))
    assert result.old_set is not None and result.old_set.parent == out / "2024"
    assert re.fullmatch(r"\.cu-\d{8}-\d{6}(-\d+)?", result.old_set.name)
    assert tree_hashes(result.old_set) == before
    after = {k: v for k, v in tree_hashes(out / "2024").items() if not k.startswith(".cu-")}
    assert after == before
    generate(options(inputs, out, year=2024, force=True))
    kept = sorted(p.name for p in (out / "2024").iterdir() if p.name.startswith(".cu-"))
    assert len(kept) == 2
    assert [p.name for p in out.iterdir()] == ["2024"]


def test_a_corrupt_workbook_stops_everything(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    generate(options(inputs, out, year=2024))
    before = tree_hashes(out)
    (inputs / "2024" / "SCT.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InvalidInputs) as caught:
        generate(options(inputs, out, year=2024, force=True))
    assert "SCT.xlsx" in caught.value.message()
    assert "chưa tạo văn bản nào" in caught.value.message()
    assert tree_hashes(out) == before


def test_a_template_with_an_unknown_variable_stops_everything(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    generate(options(inputs, out, year=2024))
    before = tree_hashes(out)
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    letter = templates / "cong-van.docx"
    with zipfile.ZipFile(letter) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(letter, "w") as target:
        for info, data in entries:
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ issuer }}", b"{{ chu_ky_so }}")
            target.writestr(info, data)
    broken = GenerateOptions(inputs=inputs, templates=templates, out=out, year=2024, force=True)
    with pytest.raises(TemplateError, match="chu_ky_so"):
        generate(broken)
    assert tree_hashes(out) == before


def test_a_failing_writer_leaves_nothing_half_written(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    generate(options(inputs, out, year=2024))
    before = tree_hashes(out)
    real_write = batch._raw_write
    calls = {"n": 0}

    def disk_fills_up(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 10:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(batch, "_raw_write", disk_fills_up)
    with pytest.raises(OutputError, match="hết chỗ trống"):
        generate(options(inputs, out, year=2024, force=True))
    assert tree_hashes(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["2024"]


def test_unsafe_agency_codes_are_refused_before_writing():
    from generator.consolidate import unsafe_file_stem

    for bad in ("../../etc", "a/b", "a\\b", "CON", "nul", "COM1", "LPT9.txt", "x:y", "..", ""):
        assert unsafe_file_stem(bad), bad
    for good in ("SKHCN", "XA-BAC-YEN", "HUYEN-MOC-CHAU"):
        assert unsafe_file_stem(good) is None


def test_latest_year_is_the_newest_folder_with_workbooks(inputs: Path):
    (inputs / "2026").mkdir()
    assert batch.latest_year(inputs) == 2025


def test_pdf_beside_each_docx_when_libreoffice_is_installed(inputs: Path, tmp_path: Path):
    if batch.find_soffice() is None:
        if os.environ.get("VANBAN_REQUIRE_SHARED"):
            pytest.fail("LibreOffice (soffice) phải có trong CI")
        pytest.skip("LibreOffice (soffice) chưa được cài")
    result = generate(options(inputs, tmp_path / "out", year=2024, pdf=True))
    folder = tmp_path / "out" / "2024"
    documents = sorted(folder.rglob("*.docx"))
    assert result.pdfs == len(documents)
    # only the font note of a machine without Times New Roman (CI has Liberation Serif)
    pdf_notes = [note for note in result.notes if "PDF" in note]
    assert all(note.startswith("Tệp PDF dùng phông «LiberationSerif»") for note in pdf_notes)
    for path in documents:
        pdf = path.with_suffix(".pdf")
        assert pdf.read_bytes().startswith(b"%PDF")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert sum(name.endswith(".pdf") for name in manifest["outputs"]) == len(documents)


def test_summary_workbook_holds_every_task_result_as_typed(sample_inputs: Path, run_2024: Path):
    wb = openpyxl.load_workbook(run_2024 / "tong-hop.xlsx")
    sheet = wb["Kết quả nhiệm vụ"]
    assert [c.value for c in sheet[3]] == [
        "TT",
        "Mã đơn vị",
        "Cơ quan, đơn vị",
        "Mã nhiệm vụ",
        "Nhiệm vụ (trích Kế hoạch)",
        "Vai trò",
        "Tình trạng",
        "Kết quả thực hiện",
        "Kinh phí (đồng)",
        "Sự nghiệp kinh tế, sự nghiệp khác (đồng)",
        "Lồng ghép các chương trình (đồng)",
        "Sự nghiệp khoa học và công nghệ (đồng)",
        "Đóng góp của tổ chức, cá nhân (đồng)",
        "Nguồn hợp pháp khác (đồng)",
    ]
    rows = {(r[1], r[3]): r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert all(r[4] and r[5] in ("Chủ trì", "Phối hợp") for r in rows.values())
    checked = 0
    for path in sorted((sample_inputs / "2024").glob("*.xlsx")):
        book = openpyxl.load_workbook(path, data_only=True)
        info = {r[0]: r[1] for r in book["Thông tin"].iter_rows(values_only=True) if r[0]}
        code = info["Mã đơn vị"]
        tasks = book["Nhiệm vụ"]
        for line in tasks.iter_rows(min_row=1, values_only=True):
            key = (code, line[0])
            if key in rows:
                amounts = [amount or 0 for amount in line[5 : 5 + SOURCES]]
                assert rows[key][6] == line[3] and list(rows[key][9:]) == amounts
                assert rows[key][8] == sum(amounts)
                checked += 1
    assert checked > 100


def column_widths(sheet, columns: int) -> list[float | None]:
    """Each column's width as the file stores it: one <col> element may cover several."""
    found: dict[int, float] = {}
    for dimension in sheet.column_dimensions.values():
        for index in range(dimension.min, dimension.max + 1):
            found[index] = dimension.width
    return [found.get(index) for index in range(1, columns + 1)]


def test_summary_workbook_layout_and_styles(run_2024: Path):
    """Written row by row (write-only), tong-hop.xlsx keeps the layout and styles it had."""
    wb = openpyxl.load_workbook(run_2024 / "tong-hop.xlsx")
    assert wb.sheetnames == [
        "Chỉ tiêu",
        "Kinh phí",
        "Kinh phí theo nguồn",
        "Văn bản chỉ đạo",
        "Tình hình báo cáo",
        "Kết quả nhiệm vụ",
        "Khó khăn, kiến nghị",
        "Biểu đồ chỉ tiêu",
        "Số liệu hoạt động",
        "Sổ tài sản trí tuệ",
    ]
    assert wb.properties.language == "vi-VN"
    assert wb.properties.created == wb.properties.modified
    widths = {
        "Chỉ tiêu": [12, 55, 22, 14, 11, 11, 11, 14, 30],
        "Kinh phí": [6, 22, 50, 20, 20, 20, 20, 20, 20],
        "Kinh phí theo nguồn": [40, 12, 20, 20, 20, 20, 20, 20],
        "Văn bản chỉ đạo": [6, 22, 40, 14, 20, 14, 70],
        "Tình hình báo cáo": [6, 22, 45, 14, 12, 13, 13, 13, 18],
        "Kết quả nhiệm vụ": [6, 22, 40, 13, 50, 11, 17, 70, 16, 16, 16, 16, 16, 16],
    }
    for sheet in wb.worksheets:
        if sheet.title not in widths:  # the activity figures and the register: own tests
            continue
        columns = len(widths[sheet.title])
        last = openpyxl.utils.get_column_letter(columns)
        assert column_widths(sheet, columns) == widths[sheet.title]
        assert [str(r) for r in sheet.merged_cells.ranges] == [f"A1:{last}1"]
        title = sheet["A1"]
        assert str(title.value).endswith("NĂM 2024")
        assert (title.font.name, title.font.sz, title.font.b) == ("Times New Roman", 13, True)
        assert all(cell.value is None for cell in sheet[2])
        assert sheet.freeze_panes == "A4"
        assert sheet.print_title_rows == "$3:$3"
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9)
        assert setup.fitToWidth in (None, 1)  # absent: the schema's default, 1 page wide
        assert setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        for cell in sheet[3]:
            assert (cell.font.name, cell.font.sz, cell.font.b) == ("Times New Roman", 12, True)
            # ARGB: Excel ignores the alpha byte of a cell colour and writes FF itself
            assert cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb[2:] == "D9E1F2"
            assert (cell.alignment.horizontal, cell.alignment.vertical) == ("center", "center")
            assert cell.alignment.wrap_text and cell.border.left.style == "thin"
            assert cell.border.bottom.color.rgb[2:] == "808080"
        assert sheet.max_row > 4
        for row in sheet.iter_rows(min_row=4):
            assert len(row) == columns
            for cell in row:
                assert cell.font.name == "Times New Roman" and cell.font.sz == 12
                assert cell.alignment.vertical == "top" and cell.alignment.wrap_text
                assert cell.border.top.style == cell.border.right.style == "thin"
                if isinstance(cell.value, int):
                    assert cell.number_format == "#,##0"
                elif hasattr(cell.value, "year"):
                    assert cell.number_format == "dd/mm/yyyy"
                else:
                    assert cell.number_format == "General"
        total = "Tổng cộng" in [cell.value for cell in sheet[sheet.max_row]]
        for row in sheet.iter_rows(min_row=4):
            assert all(c.font.b == (total and c.row == sheet.max_row) for c in row)
    submissions = wb["Tình hình báo cáo"]
    dates = [row[3] for row in submissions.iter_rows(min_row=4) if row[3].value is not None]
    assert dates and all(cell.is_date for cell in dates)
    results = wb["Kết quả nhiệm vụ"]
    assert [row[0] for row in results.iter_rows(min_row=4, values_only=True)] == list(
        range(1, results.max_row - 2)
    )


# ---------------------------------------------------------------------------
# What a clerk on Windows runs into


@pytest.mark.parametrize("other_file", [None, "ghi-chu.docx"])
def test_a_year_folder_without_workbooks_is_refused(
    inputs: Path, tmp_path: Path, other_file: str | None
):
    folder = inputs / "2023"
    folder.mkdir()
    if other_file:
        (folder / other_file).write_bytes(b"not a workbook")
    out = tmp_path / "out"
    with pytest.raises(WorkbookError) as caught:
        generate(options(inputs, out, year=2023))
    assert caught.value.exit_code == 1
    assert caught.value.message() == (
        f"thư mục «{folder}» chưa có phiếu báo cáo nào; chép các phiếu đã nhận vào thư mục "
        "này rồi chạy lại"
    )
    assert tree_hashes(out) == {}


def test_an_earlier_year_folder_without_workbooks_is_a_missing_year(inputs: Path, tmp_path: Path):
    for workbook in (inputs / "2024").glob("*.xlsx"):
        workbook.unlink()
    with pytest.raises(DataError, match="thiếu số liệu năm 2024 để tính số lũy kế"):
        generate(options(inputs, tmp_path / "out", year=2025))


def test_a_signing_date_before_the_deadline_is_refused(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    with pytest.raises(UsageError) as caught:
        generate(options(inputs, out, year=2025, signing_date=date(2025, 1, 1)))
    assert caught.value.message().startswith("ngày ký 01/01/2025 trước hạn báo cáo 10/11/2025")
    assert tree_hashes(out) == {}


def test_a_signing_date_years_after_the_deadline_is_a_typo_and_refused(
    inputs: Path, tmp_path: Path
):
    out = tmp_path / "out"
    with pytest.raises(UsageError) as caught:
        generate(options(inputs, out, year=2025, signing_date=date(2052, 11, 25)))
    assert caught.value.message().startswith(
        "ngày ký 25/11/2052 quá xa hạn báo cáo 10/11/2025 (hơn một năm sau); kiểm tra lại năm "
        "của ngày ký: báo cáo năm này ký từ 10/11/2025 đến 10/11/2026"
    )
    assert tree_hashes(out) == {}


# ---------------------------------------------------------------------------
# Output folders: vanban touches only what it made


def _earlier_set(run_2024: Path, out: Path) -> Path:
    """``out/2024`` holding the documents of a first run."""
    shutil.copytree(run_2024, out / "2024")
    return out / "2024"


def _not_called(*_args, **_kwargs):
    raise AssertionError("work started before the output folder was checked")


def test_force_moves_only_what_the_manifest_lists(inputs: Path, tmp_path: Path, run_2024: Path):
    out = tmp_path / "out"
    target = _earlier_set(run_2024, out)
    theirs = {
        "phieu-bao-cao/SCT.xlsx": b"phieu da gui",
        "phieu-bao-cao/manifest.json": b"{}",
        "ghi-chu.txt": b"ghi chu cua van thu",
        "bao-cao-tong-hop.pdf": b"ban scan da ky",  # a name --pdf would use; no --pdf here
        "~$ghi-chu-cua-van-thu.docx": b"lock",  # Word has the clerk's own note open
        "Thumbs.db": b"cache",
        ".cu-20241120-080000/bao-cao-tong-hop.docx": b"bo cu hon",
    }
    for name, data in theirs.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    result = generate(options(inputs, out, year=2024, force=True))
    assert result.old_set is not None and result.old_set.parent == target
    assert re.fullmatch(r"\.cu-\d{8}-\d{6}(-\d+)?", result.old_set.name)
    assert tree_hashes(result.old_set) == tree_hashes(run_2024)  # the first set, nothing else
    for name, data in theirs.items():
        assert (target / name).read_bytes() == data, name
    assert sorted(p.name for p in out.iterdir()) == ["2024"]


@pytest.mark.parametrize(
    ("name", "stranger"),
    [
        pytest.param(
            "bao-cao-tong-hop.docx", "bao-cao-tong-hop.docx", id="cung-ten-khong-manifest"
        ),
        pytest.param(
            "cong-van/SCT-da-ky.pdf", "cong-van/SCT-da-ky.pdf", id="trong-thu-muc-cong-van"
        ),
        pytest.param("cong-van", "cong-van", id="thu-muc-cung-ten"),
    ],
)
@pytest.mark.parametrize("force", [False, True])
def test_a_file_vanban_did_not_make_is_never_replaced_or_moved(
    inputs: Path, tmp_path: Path, run_2024: Path, name: str, stranger: str, force: bool
):
    out = tmp_path / "out"
    if name.startswith("cong-van/"):
        target = _earlier_set(run_2024, out)
    else:
        target = out / "2024"
        target.mkdir(parents=True)
    (target / name).parent.mkdir(parents=True, exist_ok=True)
    if name == "cong-van":
        (target / name).mkdir(exist_ok=True)
        (target / name / "ghi-chu.txt").write_bytes(b"cua van thu")
    else:
        (target / name).write_bytes(b"cua van thu")
    before = tree_hashes(tmp_path)
    with pytest.raises(OutputError) as caught:
        generate(options(inputs, out, year=2024, force=force))
    message = caught.value.message()
    if force or not name.startswith("cong-van/"):
        assert f"«{target / stranger}» không do vanban tạo (không có trong «manifest.json»" in (
            message
        )
        assert "Chuyển nó sang chỗ khác rồi chạy lại" in message
    else:
        assert "--force" in message
    assert tree_hashes(tmp_path) == before
    assert sorted(p.name for p in out.iterdir()) == ["2024"]


def test_a_manifest_naming_other_places_is_never_followed(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    target = out / "2024"
    (target / "phieu-bao-cao").mkdir(parents=True)
    (target / "phieu-bao-cao" / "SCT.xlsx").write_bytes(b"phieu")
    forged = {
        "outputs": {
            "../../inputs/ke-hoach.yaml": "x",
            "phieu-bao-cao/SCT.xlsx": "x",
            ".cu-1/a.docx": "x",
            "C:\\Windows/a": "x",
        }
    }
    (target / "manifest.json").write_text(json.dumps(forged), encoding="utf-8")
    plan = (inputs / "ke-hoach.yaml").read_bytes()
    result = generate(options(inputs, out, year=2024, force=True))
    assert result.old_set is not None
    assert sorted(p.name for p in result.old_set.iterdir()) == ["manifest.json"]
    assert (target / "phieu-bao-cao" / "SCT.xlsx").read_bytes() == b"phieu"
    assert (inputs / "ke-hoach.yaml").read_bytes() == plan


def test_a_broken_manifest_stops_before_touching_the_folder(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    (out / "2024").mkdir(parents=True)
    (out / "2024" / "manifest.json").write_text("{không phải json", encoding="utf-8")
    before = tree_hashes(tmp_path)
    with pytest.raises(OutputError, match="không phải danh mục vanban đã ghi"):
        generate(options(inputs, out, year=2024, force=True))
    assert tree_hashes(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
@pytest.mark.parametrize("force", [False, True])
def test_a_year_folder_that_is_a_link_is_refused_before_any_work(
    inputs: Path, tmp_path: Path, run_2024: Path, monkeypatch: pytest.MonkeyPatch, force: bool
):
    shared = tmp_path / "thu-muc-chung"
    shutil.copytree(run_2024, shared)
    (shared / "ghi-chu.txt").write_bytes(b"cua phong khac")
    out = tmp_path / "out"
    out.mkdir()
    (out / "2024").symlink_to(shared, target_is_directory=True)
    before = tree_hashes(shared)
    monkeypatch.setattr(batch, "consolidate_inputs", _not_called)
    with pytest.raises(OutputError) as caught:
        generate(options(inputs, out, year=2024, force=force))
    assert caught.value.message() == (
        f"«{out / '2024'}» là một liên kết (shortcut) tới thư mục khác; vanban chỉ "
        "ghi vào thư mục thật để không đụng tới tệp ở nơi khác. Xóa liên kết đó (tệp ở nơi nó "
        "trỏ tới vẫn còn nguyên) hoặc chọn thư mục kết quả khác bằng --out"
    )
    assert tree_hashes(shared) == before
    assert sorted(p.name for p in out.iterdir()) == ["2024"]


def test_a_year_folder_that_is_a_file_is_refused_before_any_work(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "2024").write_bytes(b"mot tep ten 2024")
    monkeypatch.setattr(batch, "consolidate_inputs", _not_called)
    with pytest.raises(OutputError) as caught:
        generate(options(inputs, out, year=2024, force=True))
    assert caught.value.message() == (
        f"«{out / '2024'}» là một tệp, không phải thư mục; vanban cần ghi vào thư mục "
        "«2024». Đổi tên hoặc chuyển tệp đó đi, hoặc chọn thư mục kết quả khác bằng --out"
    )
    assert (out / "2024").read_bytes() == b"mot tep ten 2024"
    assert sorted(p.name for p in out.iterdir()) == ["2024"]


@pytest.mark.parametrize(
    ("where", "relation", "noun"),
    [
        ("inputs", "trùng với", "thư mục dữ liệu đầu vào"),
        ("inputs/2024", "nằm trong", "thư mục dữ liệu đầu vào"),
        (".", "chứa", "thư mục dữ liệu đầu vào"),
        ("templates", "trùng với", "thư mục mẫu văn bản"),
        ("templates/con", "nằm trong", "thư mục mẫu văn bản"),
    ],
)
def test_an_output_folder_overlapping_inputs_or_templates_is_refused(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, relation: str, noun
):
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    out = tmp_path / where
    before = tree_hashes(tmp_path)
    monkeypatch.setattr(batch, "consolidate_inputs", _not_called)
    run = GenerateOptions(inputs=inputs, templates=templates, out=out, year=2024, force=True)
    with pytest.raises(UsageError) as caught:
        generate(run)
    protected = templates if noun == "thư mục mẫu văn bản" else inputs
    assert caught.value.message() == (
        f"thư mục kết quả «{out}» {relation} {noun} «{protected}»; vanban không ghi vào đó để "
        "không đụng tới tệp của văn thư. Chọn thư mục kết quả riêng bằng --out, ví dụ --out "
        "outputs"
    )
    assert caught.value.exit_code == 2
    assert tree_hashes(tmp_path) == before


KILLED_RUN = """
import os, signal, sys
from pathlib import Path
from generator.output.publish import staging_folder
with staging_folder(Path(sys.argv[1]), "2024") as staging:
    (staging / "bao-cao-tong-hop.docx").write_bytes(b"nua chung")
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="no SIGKILL here")
def test_a_staging_folder_of_a_killed_run_is_removed_and_only_that(inputs: Path, tmp_path: Path):
    import subprocess

    from generator.output import publish

    out = tmp_path / "out"
    out.mkdir()
    killed = subprocess.run([sys.executable, "-c", KILLED_RUN, str(out)], check=False)
    assert killed.returncode < 0  # killed, so its staging folder is still there
    [left] = list(out.iterdir())
    assert left.name.startswith(".dang-tao-2024-")
    assert (left / publish.STAGING_MARKER).is_file()
    not_ours = out / ".dang-tao-cua-van-thu"
    not_ours.mkdir()
    (not_ours / "a.docx").write_bytes(b"x")
    with publish.staging_folder(out, "2023") as running:  # another run still going: kept
        result = generate(options(inputs, out, year=2024))
        assert running.is_dir()
    assert not left.exists()
    assert (not_ours / "a.docx").read_bytes() == b"x"
    assert sorted(p.name for p in out.iterdir()) == sorted(["2024", not_ours.name])
    assert (
        f"Đã xóa thư mục tạm «{left}» do một lần chạy trước bị ngắt giữa chừng để lại."
        in result.notes
    )


def test_a_second_run_of_one_year_is_refused_while_the_first_is_going(inputs: Path, tmp_path: Path):
    """Two runs at once each took the other's files for a stranger's («không do vanban
    tạo»), inviting the clerk to move vanban's own files."""
    from generator.output import publish

    out = tmp_path / "out"
    with publish.staging_folder(out, "2024") as running:
        before = tree_hashes(tmp_path)
        with pytest.raises(OutputError) as refused:
            generate(options(inputs, out, year=2024))
        assert "một lần chạy vanban khác đang tạo văn bản này" in refused.value.text
        assert running.name in refused.value.text
        assert tree_hashes(tmp_path) == before


def test_a_set_left_half_moved_is_told_as_such(inputs: Path, tmp_path: Path, run_2024: Path):
    out = tmp_path / "out"
    target = _earlier_set(run_2024, out)
    (target / "tong-hop.xlsx").unlink()  # killed while the set was being moved into place
    with pytest.raises(OutputError) as refused:
        generate(options(inputs, out, year=2024))
    assert "có bộ văn bản chưa đầy đủ của lần tạo trước (thiếu «tong-hop.xlsx»)" in (
        refused.value.text
    )
    assert "Chạy lại với --force" in refused.value.text
    generate(options(inputs, out, year=2024, force=True))
    assert (target / "tong-hop.xlsx").is_file()


def _windows_busy(winerror: int) -> PermissionError:
    error = PermissionError(errno.EACCES, "Access is denied")
    error.winerror = winerror  # type: ignore[attr-defined]
    return error


def test_a_document_open_in_word_stops_force_with_what_to_do(
    inputs: Path, tmp_path: Path, run_2024: Path, monkeypatch: pytest.MonkeyPatch
):
    from generator.output import files

    out = tmp_path / "out"
    target = _earlier_set(run_2024, out)
    before = tree_hashes(tmp_path)
    real_replace = os.replace
    waits: list[float] = []

    def word_holds_the_report(source, destination):
        if Path(source) == target / "bao-cao-tong-hop.docx":
            raise _windows_busy(5)  # Excel and Word: access denied, not only 32/33
        real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", word_holds_the_report)
    monkeypatch.setattr(files.time, "sleep", waits.append)
    with pytest.raises(OutputError) as caught:
        generate(options(inputs, out, year=2024, force=True))
    assert caught.value.message() == (
        f"không chuyển được bộ văn bản vào «{target}»: tệp "
        "«bao-cao-tong-hop.docx» đang mở trong Excel hoặc Word nên không thay được; đóng tệp "
        "đó rồi chạy lại"
    )
    assert waits == list(files.RENAME_RETRY_DELAYS)  # tried again for about a second
    assert tree_hashes(tmp_path) == before
    assert sorted(p.name for p in out.iterdir()) == ["2024"]


def test_a_file_busy_for_a_moment_is_moved_on_a_later_try(
    inputs: Path, tmp_path: Path, run_2024: Path, monkeypatch: pytest.MonkeyPatch
):
    from generator.output import files

    out = tmp_path / "out"
    target = _earlier_set(run_2024, out)
    real_replace = os.replace
    refusals = {"n": 0}

    def scanner_reads_it(source, destination):
        if Path(source) == target / "tong-hop.xlsx" and refusals["n"] < 2:
            refusals["n"] += 1
            raise _windows_busy(32)
        real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", scanner_reads_it)
    monkeypatch.setattr(files.time, "sleep", lambda _seconds: None)
    result = generate(options(inputs, out, year=2024, force=True))
    assert refusals["n"] == 2
    assert result.old_set is not None
    assert tree_hashes(result.old_set) == tree_hashes(run_2024)


@pytest.mark.parametrize("earlier", [True, False], ids=["co-bo-cu", "lan-dau"])
def test_a_failure_while_moving_the_new_set_in_puts_everything_back(
    inputs: Path, tmp_path: Path, run_2024: Path, monkeypatch: pytest.MonkeyPatch, earlier: bool
):
    out = tmp_path / "out"
    if earlier:
        _earlier_set(run_2024, out)
    (out / "2024" / "phieu-bao-cao").mkdir(parents=True)
    (out / "2024" / "phieu-bao-cao" / "SCT.xlsx").write_bytes(b"phieu")
    before = tree_hashes(tmp_path)
    real_replace = os.replace

    def disk_fails(source, destination):
        if (
            Path(source).parent.name.startswith(".dang-tao-")
            and Path(source).name == "tong-hop.xlsx"
        ):
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", disk_fails)
    with pytest.raises(OutputError, match="không chuyển được bộ văn bản vào"):
        generate(options(inputs, out, year=2024, force=True))
    assert tree_hashes(tmp_path) == before
    assert sorted(p.name for p in out.iterdir()) == ["2024"]
    assert not [p for p in (out / "2024").iterdir() if p.name.startswith(".cu-")]


def _convert_with(monkeypatch: pytest.MonkeyPatch, staging: Path, failure: BaseException):
    (staging / "a.docx").write_bytes(b"docx")
    monkeypatch.setattr(batch, "find_soffice", lambda: "/opt/lo/soffice")

    def run(*_args, **_kwargs):
        raise failure

    monkeypatch.setattr(batch.subprocess, "run", run)
    return batch._convert_pdfs(staging, ["a.docx"], {}, date(2025, 11, 18))


def test_a_libreoffice_that_does_not_answer_is_said_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    timeout = batch.subprocess.TimeoutExpired(["soffice"], 125)
    [note] = _convert_with(monkeypatch, tmp_path, timeout)
    assert note.startswith("LibreOffice không trả lời sau 125 giây")
    assert "timed out" not in note and "Command" not in note


def test_a_libreoffice_that_cannot_start_is_said_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "/opt/lo/soffice")
    [note] = _convert_with(monkeypatch, tmp_path, missing)
    assert note.startswith(
        "không chạy được LibreOffice: không tìm thấy tệp chương trình «/opt/lo/soffice»"
    )
    assert "No such file" not in note


def test_final_year_letters_ask_a_new_commune_for_its_territory_since_the_year_began(
    sample_inputs: Path, run_2025: Path
):
    """A commune created on 01/7/2025 that took over the districts' tasks reviews its
    territory from 01/01/2025, the districts' months included: no one else reports them, and
    its own months are already in its 2025 report. A department that succeeded named
    departments reviews the whole period."""
    workspace = load_workspace(sample_inputs)
    commune = next(a for a in workspace.active(2025) if a.is_local and a.active_from)
    text = "\n".join(
        p.text for p in Document(run_2025 / "cong-van" / f"{commune.code}.docx").paragraphs
    )
    began = f"{commune.active_from:%d}/{commune.active_from.month}/2025"
    assert (
        "tổng kết việc thực hiện các nhiệm vụ được giao trên địa bàn từ ngày 01/01/2025 đến "
        "nay, kể cả kết quả do Ủy ban nhân dân các huyện, thành phố thực hiện trước ngày "
        f"{began}, như sau:"
    ) in text
    assert "bắt đầu hoạt động) đến nay" not in text
    assert "cả giai đoạn" not in text
    assert "kèm số liệu năm 2025." in text
    assert "3. Kinh phí đã sử dụng năm 2025, theo nguồn." in text
    # its subject line and outline say the same months, not the whole period
    whole = "\n".join(paragraphs(run_2025 / "cong-van" / f"{commune.code}.docx"))
    assert "V/v tổng kết thực hiện Kế hoạch số\xa065/KH-UBND từ ngày 01/01/2025 đến nay" in whole
    assert "ĐỀ CƯƠNG BÁO CÁO TỔNG KẾT TỪ NGÀY 01/01/2025 ĐẾN NAY" in text
    assert "GIAI ĐOẠN 2021-2025" not in text
    merged = next(
        a
        for a in workspace.active(2025)
        if a.active_from
        and any(o.successor == a.code for o in workspace.registry.agencies.values())
    )
    text = "\n".join(
        p.text for p in Document(run_2025 / "cong-van" / f"{merged.code}.docx").paragraphs
    )
    assert "tổng kết việc thực hiện từng nhiệm vụ tại mục 2 trong cả giai đoạn 2021-2025" in text
    assert "kèm số liệu từng năm 2021-2025." in text
    # what its predecessors did before the merger is part of what it reviews
    before = [o.name for o in workspace.registry.predecessors(merged.code)]
    assert before
    assert f"trong cả giai đoạn 2021-2025, kể cả kết quả của {before[0]}" in text
    assert "trước khi sắp xếp, theo đề cương tại Phụ lục kèm theo" in text


def test_before_the_final_year_a_target_missed_earlier_is_not_called_met(
    sample_inputs: Path, run_2024: Path
):
    """A per-year target missed in an earlier year can no longer be met for the period: the
    2024 report says so beside «không có chỉ tiêu nào chưa đạt … năm 2024», with no method note."""
    from generator.batch import consolidate_inputs

    c, _ = consolidate_inputs(load_workspace(sample_inputs), 2024, sample_inputs)
    missed = [r for r in c.measures if any(y.met is False for y in r.facts.per_year)]
    assert missed, "the sample history misses a per-year target in an earlier year"
    [verdict] = [
        p
        for p in paragraphs(run_2024 / "bao-cao-tong-hop.docx")
        if p.startswith("Đánh giá đến năm 2024")
    ]
    for result in missed:
        years = ", ".join(str(y.year) for y in result.facts.per_year if y.met is False)
        name = result.measure.name
        assert (
            f"riêng {name[0].lower()}{name[1:]} đã không đạt mức tối thiểu của năm {years} (Kế "
            "hoạch đặt mức cho từng năm), nên chỉ tiêu này không thể đạt cho cả giai đoạn"
            in verdict
        )
    assert "đánh giá theo số liệu" not in verdict


def test_the_report_says_who_reports_for_each_agency_that_ended(
    sample_inputs: Path, run_2025: Path
):
    """A named successor reports the whole year; agencies whose tasks passed to a group of new
    agencies (districts to communes) are said not to be reported up to their last day."""
    registry = load_workspace(sample_inputs).registry
    ended = [a for a in registry.agencies.values() if a.active_to and a.active_to.year == 2025]
    to_groups = [a for a in ended if a.successor in registry.groups]
    to_one = [a for a in ended if a.successor in registry.agencies]
    assert to_groups and to_one
    text = "\n".join(paragraphs(run_2025 / "bao-cao-tong-hop.docx"))
    place = to_groups[0].name.removeprefix("Ủy ban nhân dân ")
    [line] = [p for p in text.split("\n") if place in p and "kết thúc hoạt động ngày" in p]
    # the head «Ủy ban nhân dân» written once for the list
    assert all(a.name.removeprefix("Ủy ban nhân dân ") in line for a in to_groups)
    assert line.count("Ủy ban nhân dân huyện") == 1
    last = f"{to_groups[0].active_to.day}/{to_groups[0].active_to.month}/2025"
    # in the final year, those months are asked of the communes with the period's review
    assert line.endswith(
        f"kết quả từ ngày 01/01/2025 đến ngày {last} của các đơn vị này chưa được báo cáo (kết "
        "quả các năm trước đã tổng hợp trong báo cáo hằng năm); Sở Khoa học và Công nghệ đồng "
        "thời đề nghị Ủy ban nhân dân các xã, phường tổng hợp kết quả này trên địa bàn trong báo cáo tổng "
        "kết."
    )
    for agency in to_one:
        successor = registry.agency(agency.successor).name
        assert f"{successor} tiếp nhận nhiệm vụ và báo cáo kết quả cả năm" in text


def test_a_successor_that_sent_no_report_is_not_said_to_report_the_whole_year() -> None:
    """«xã An Lão tiếp nhận nhiệm vụ và báo cáo kết quả cả năm» stood in a report that listed
    xã An Lão among the agencies with no report (a tester's plan)."""
    c = sample_consolidation(2025)
    registry = c.workspace.registry
    ended = next(
        a
        for a in registry.agencies.values()
        if c.ended_in_year(a) and a.successor in registry.agencies
    )
    silent = [
        AgencySummary.of(s.agency, Standing.MISSING, None)
        if s.agency.code == ended.successor
        else s
        for s in c.agencies
    ]
    report = report_context(dataclasses.replace(c, agencies=silent))
    text = "\n".join(
        p.text
        for p in Document(
            io.BytesIO(render_docx(REPO / "templates" / "bao-cao-tong-hop.docx", report))
        ).paragraphs
    )
    successor = registry.agency(ended.successor).name
    assert f"{successor} tiếp nhận nhiệm vụ nhưng chưa gửi báo cáo năm 2025" in text
    assert f"{successor} tiếp nhận nhiệm vụ và báo cáo" not in text


def test_a_late_report_and_a_handover_are_worded_as_an_official_writes_them(run_2025: Path):
    c = sample_consolidation(2025)
    late = next(s for s in c.letter_recipients if s.standing.name == "LATE")
    text = "\n".join(paragraphs(run_2025 / "cong-van" / f"{late.agency.code}.docx"))
    assert "(sau thời hạn quy định: trước ngày 10/11/2025)" in text
    signed = dataclasses.replace(sample_consolidation(2024), signing_date=date(2024, 11, 25))
    moc_chau = next(s for s in signed.letter_recipients if s.agency.code == "HUYEN-MOC-CHAU")
    letter = CompiledTemplate.load(REPO / "templates" / "cong-van.docx")
    rendered = Document(io.BytesIO(letter.render(letter_context(signed, moc_chau))))
    assert "2. Nhiệm vụ cần bàn giao" in [p.text for p in rendered.paragraphs]


def test_an_agency_new_in_the_period_with_no_predecessor_reviews_its_own_part():
    """An agency created during the period that takes over no one's tasks reviews from the
    day it began, its own months only, funding included."""
    context = make_letter_context(final_review=True, code="XA-TA-XUA")
    began = date(2025, 7, 1)
    context = context.model_copy(
        update={"review_from": began, "since": began, "takes_over_from": []}
    )
    letter = CompiledTemplate.load(REPO / "templates" / "cong-van.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.render(context))).paragraphs)
    name = context.agency.name
    assert f"từ ngày 01/7/2025 (ngày {name} bắt đầu hoạt động) đến nay theo đề cương" in text
    assert "kèm số liệu năm 2025 (từ ngày 01/7/2025)." in text
    assert "3. Kinh phí đã sử dụng từ ngày 01/7/2025, theo nguồn." in text
    assert "kể cả kết quả do" not in text


def test_a_department_reviews_each_year_of_the_period(run_2025: Path):
    department = "\n".join(paragraphs(run_2025 / "cong-van" / "SCT.docx"))
    assert "3. Kinh phí đã sử dụng từng năm, theo nguồn." in department


def test_a_letter_asks_to_finish_a_task_begun_after_its_approval(run_2025: Path):
    """Sở Công Thương's task d of khoản 4 («… sau khi Thủ tướng Chính phủ phê duyệt») is
    reported under way: it waits on no approval, and is asked like its other unfinished
    tasks (not begun, it is left out: see the test of the letter's counts)."""
    text = "\n".join(paragraphs(run_2025 / "cong-van" / "SCT.docx"))
    sentence = next(line for line in text.splitlines() if "chưa hoàn thành trong năm" in line)
    assert "điểm a, c, d khoản 4" in sentence and "phê duyệt" not in sentence
    # the plan's last year: finished this year, or told in the review, not «theo Kế hoạch»
    # the review is due before the year ends: what is done by then, and what will not be
    assert sentence.endswith(
        "đề nghị Sở Công Thương tập trung hoàn thành; trong báo cáo tổng kết, nêu rõ kết quả đã "
        "đạt được, nội dung không hoàn thành được trong năm 2025, nguyên nhân và đề xuất."
    )


def test_a_partner_is_not_asked_to_speed_up_a_task_its_lead_has_finished(run_2025: Path):
    """Xã Tà Xùa assists on point b of khoản 3, which Sở Nông nghiệp và Môi trường, its lead,
    reported done: the commune's letter does not list it among the tasks to finish."""
    c = sample_consolidation(2025)
    lead = next(s for s in c.reported if s.agency.code == "SNNMT")
    assert any(t.code == "IV.3.b" and t.status.value == "Đã hoàn thành" for t in lead.report.tasks)
    commune = next(s for s in c.reported if s.agency.code == "XA-TA-XUA")
    assert any(
        t.code == "IV.3.b" and t.status.value != "Đã hoàn thành" for t in commune.report.tasks
    )
    text = "\n".join(paragraphs(run_2025 / "cong-van" / "XA-TA-XUA.docx"))
    asked = [line for line in text.splitlines() if "chưa hoàn thành trong năm" in line]
    assert not any("khoản 3" in line for line in asked)
    # said, so that the table's «Đang thực hiện» and the request agree: to be reconciled
    [settled] = [line for line in text.splitlines() if "cơ quan chủ trì báo cáo" in line]
    assert re.match(
        r"Đối với \d+ nhiệm vụ của Kế hoạch mà Ủy ban nhân dân xã Tà Xùa phối hợp, đã được cơ "
        r"quan chủ trì báo cáo hoàn thành \(",
        settled,
    )
    # each lead named: the Sở signing the letter too, not «cơ quan chủ trì» as a third party
    assert "điểm b khoản 3 Mục IV do Sở Nông nghiệp và Môi trường chủ trì" in settled
    assert settled.endswith(
        "đề nghị Ủy ban nhân dân xã Tà Xùa rà soát, nêu rõ trong báo cáo tổng kết phần việc "
        "phối hợp đã thực hiện hoặc lý do chưa thực hiện."
    )


def test_a_citation_or_a_period_never_breaks_at_its_hyphen(run_2025: Path):
    """«Kế hoạch số 65/KH- / UBND» and «2021- / 2025» broke across lines: the hyphens of a
    document's number and symbol and of the period are Word's non-breaking hyphen."""
    for name in ("bao-cao-tong-hop.docx", "cong-van/SNNMT.docx"):
        with zipfile.ZipFile(run_2025 / name) as docx:
            xml = docx.read("word/document.xml").decode()
        texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
        assert not [t for t in texts if "KH-UBND" in t or "2021-2025" in t], name
        assert "KH</w:t><w:noBreakHyphen/>" in xml
        assert "2021</w:t><w:noBreakHyphen/>" in xml
    assert "Kế hoạch số\xa065/KH-UBND ngày 14/3/2021" in "\n".join(
        paragraphs(run_2025 / "bao-cao-tong-hop.docx")
    )


def test_the_appendix_of_reports_ends_with_its_totals(run_2025: Path):
    rows = table_rows(run_2025 / "bao-cao-tong-hop.docx", "Ngày gửi báo cáo")
    body, total = rows[1:-1], rows[-1]
    assert total[1] == "Tổng cộng"
    standings = [row[3] for row in body]
    counted = [(standings.count(s), s.lower()) for s in ("Đúng hạn", "Trễ hạn", "Chưa nộp")]
    assert total[3] == ", ".join(f"{n} {s}" for n, s in counted if n)
    for column in (4, 5, 6):
        assert int(total[column]) == sum(int(row[column]) for row in body if row[column])


def test_the_outline_of_the_final_review_has_bold_part_headings(run_2025: Path):
    document = Document(str(run_2025 / "cong-van" / "SNNMT.docx"))
    by_text = {p.text: p for p in document.paragraphs}
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG"):
        assert all(run.bold for run in by_text[heading].runs), heading
    items = by_text["3. Kinh phí đã sử dụng từng năm, theo nguồn."]
    assert not any(run.bold for run in items.runs)
    for item in ("1. Ưu điểm.", "2. Tồn tại, hạn chế.", "4. Bài học kinh nghiệm."):
        assert item in by_text, item  # one item a line, not run together


def test_a_letter_names_the_lead_its_day_knows():
    """Signed on 25/11/2024, a letter on the 2025 tasks named «Chi cục Quản lý thị trường»,
    a body set up in 2025, as a task's lead; it names the Cục, whose end was not decided."""
    signed = dataclasses.replace(sample_consolidation(2024), signing_date=date(2024, 11, 25))
    by_code = {s.agency.code: s for s in signed.letter_recipients}
    leads = [lead for t in letter_context(signed, by_code["SXD"]).tasks for lead in t.leads]
    assert "Cục Quản lý thị trường tỉnh Sơn La" in leads
    assert not any(lead.startswith("Chi cục") for lead in leads)
    later = sample_consolidation(2025)
    by_code = {s.agency.code: s for s in later.letter_recipients}
    leads = [lead for t in letter_context(later, by_code["SXD"]).tasks for lead in t.leads]
    assert "Chi cục Quản lý thị trường tỉnh Sơn La thuộc Sở Công Thương" in leads
    # its parent's own letter does not read as the Sở assisting a body of another
    own = [lead for t in letter_context(later, by_code["SCT"]).tasks for lead in t.leads]
    assert "Chi cục Quản lý thị trường tỉnh Sơn La, đơn vị trực thuộc" in own
    assert not any("thuộc Sở Công Thương" in lead for lead in own)
    # and the Sở directs its unit, it does not assist it (a signing official)
    letter = render_docx(
        REPO / "templates" / "cong-van.docx", letter_context(later, by_code["SCT"])
    )
    cells = [c.text for t in Document(io.BytesIO(letter)).tables for r in t.rows for c in r.cells]
    assert "Chỉ đạo (chủ trì: Chi cục Quản lý thị trường tỉnh Sơn La, đơn vị trực thuộc)" in cells
    assert not any(c.startswith("Phối hợp (chủ trì: Chi cục") for c in cells)


def test_a_letter_counts_its_unfinished_tasks_with_those_awaiting_approval(run_2025: Path):
    """«2 đang, 2 chưa» then «Đối với 3 nhiệm vụ chưa hoàn thành»: a task that waits on a
    higher body's approval, not begun, is said to be left out, so the two counts agree.
    Under way (SCT's IV.4.d in the sample), it waits on nothing and is counted."""
    c = sample_consolidation(2025)
    by_code = {s.agency.code: s for s in c.letter_recipients}
    context = letter_context(c, by_code["SCT"])
    assert not context.awaiting
    unfinished = [t.citation.point for t in context.unfinished if t.citation.clause == "4"]
    assert "d" in unfinished
    sct = by_code["SCT"]
    assert sct.report is not None
    tasks = [
        dataclasses.replace(t, status=TaskStatus.NOT_STARTED) if t.code == "IV.4.d" else t
        for t in sct.report.tasks
    ]
    report = dataclasses.replace(sct.report, tasks=tasks)
    context = letter_context(c, AgencySummary.of(sct.agency, sct.standing, report))
    assert [t.citation.point for t in context.awaiting] == ["d"]
    assert context.unfinished
    assert len(context.unfinished) + len(context.awaiting) == (
        context.in_progress + context.not_started
    )
    rendered = render_docx(REPO / "templates" / "cong-van.docx", context)
    letter = "\n".join(p.text for p in Document(io.BytesIO(rendered)).paragraphs)
    assert (f"Đối với {len(context.unfinished)} nhiệm vụ chưa hoàn thành trong năm 2025") in letter
    assert "; không kể 1 nhiệm vụ còn chờ cấp có thẩm quyền phê duyệt)" in letter


def test_force_without_pdf_says_the_new_set_has_no_pdf_the_old_had(
    inputs: Path, tmp_path: Path, run_2024: Path
):
    out = tmp_path / "out"
    target = _earlier_set(run_2024, out)
    pdf = b"%PDF-1.7 made by --pdf"
    (target / "bao-cao-tong-hop.pdf").write_bytes(pdf)
    manifest = json.loads((target / "manifest.json").read_text("utf-8"))
    manifest["outputs"]["bao-cao-tong-hop.pdf"] = hashlib.sha256(pdf).hexdigest()
    (target / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    result = generate(options(inputs, out, year=2024, force=True))
    [note] = [n for n in result.notes if "Bộ văn bản cũ có bản PDF" in n]
    assert "chạy lại với --pdf --force" in note
    assert (result.old_set / "bao-cao-tong-hop.pdf").read_bytes() == pdf


def test_a_register_file_renamed_by_a_clerk_is_told_not_overwritten_by_advice(
    tmp_path: Path,
):
    """«tai-san-tri-tue (1).xlsx»: the update lacked the Sở's rows, and the note said to
    copy it over «tai-san-tri-tue.xlsx», losing them."""
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    (inputs / "tai-san-tri-tue.xlsx").rename(inputs / "tai-san-tri-tue (1).xlsx")
    result = generate(options(inputs, tmp_path / "out", year=2025))
    [note] = [n for n in result.notes if "chưa có «tai-san-tri-tue.xlsx»" in n]
    assert "Thư mục có «tai-san-tri-tue (1).xlsx»: nếu đó là sổ đang dùng" in note
    assert not any("chép đè lên" in n for n in result.notes)


def test_a_run_of_another_set_of_the_year_does_not_stop_generate(inputs: Path, tmp_path: Path):
    """The reminders of 2024 being written («.dang-tao-2024-don-doc-…») refused generate."""
    from generator.output import publish

    out = tmp_path / "out"
    with publish.staging_folder(out, "2024-don-doc"):
        generate(options(inputs, out, year=2024))
    assert (out / "2024" / "bao-cao-tong-hop.docx").is_file()


@pytest.mark.parametrize("own_process", [False, True], ids=["here", "own process"])
def test_generate_counts_the_workbooks_of_every_year_it_reads(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_process: bool
):
    """A final-year batch reads the earlier years too: each year has a bar with its count,
    also when the earlier years are read by a process of their own (counted when done)."""
    import generator.batch as batch
    from tests.test_pdf import recording_progress

    if own_process:
        monkeypatch.setattr(batch, "EARLIER_YEARS_POOL_MIN_FILES", 0)
    bars: dict = {}
    generate(options(inputs, tmp_path / "out", year=2025), recording_progress(bars))
    for year in (2024, 2025):
        files = len(list((inputs / str(year)).glob("*.xlsx")))
        total, bar = bars[f"Đang đọc phiếu báo cáo năm {year}"]
        assert files > 20 and total == files and sum(bar.steps) == files


def test_a_title_due_for_its_fee_is_named_with_its_holder_in_the_report(run_2025: Path):
    """The province is told whose title needs its fee paid, not only which title."""
    text = "\n".join(paragraphs(run_2025 / "bao-cao-tong-hop.docx"))
    assert (
        "- Giải pháp hữu ích “Máy sấy nông sản dùng nhiệt mặt trời” (văn bằng số 2-0003105) "
        "của Trường Đại học Tây Bắc: nộp phí duy trì hiệu lực trước ngày 20/02/2026." in text
    )


@pytest.mark.parametrize(
    "words", ["đề nghị", "chưa nhận được báo cáo"], ids=["every letter", "missing only"]
)
def test_a_template_edited_against_the_decree_is_told_after_generating(
    inputs: Path, tmp_path: Path, words: str
):
    """Arial 12 set in Word on a sentence of the letter template, one every letter has or
    one only the letters to agencies that sent nothing have: generate says so, naming the
    template and the rule (the shipped ones are not checked)."""
    from docx.shared import Pt

    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    letter = Document(str(templates / "cong-van.docx"))
    paragraph = next(p for p in letter.paragraphs if words in p.text and p.runs)
    for run in paragraph.runs:
        run.font.name, run.font.size = "Arial", Pt(12)
    letter.save(str(templates / "cong-van.docx"))
    edited = generate(GenerateOptions(inputs=inputs, templates=templates, out=tmp_path / "a"))
    [note] = [n for n in edited.notes if "đã được sửa" in n]
    assert f"Mẫu «{templates / 'cong-van.docx'}» đã được sửa" in note
    assert "chưa đạt thể thức" in note and "Arial" in note
    assert "vanban mau-van-ban --kiem-tra" in note
    shipped = generate(options(inputs, tmp_path / "b"))
    assert not [n for n in shipped.notes if "đã được sửa" in n]


def test_the_summary_counts_a_yearly_target_missed_earlier_as_not_met(inputs: Path, tmp_path):
    """2024: CT-C1 (2 - 3 đơn/năm) has 2 in 2024 but missed 2022: the report and the draft
    count it among the targets not met for the period; the clerk's summary did not."""
    from generator.batch import describe_batch

    summary = describe_batch(generate(options(inputs, tmp_path / "out", year=2024)))
    lines = summary.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Chỉ tiêu chưa đạt ("))
    assert lines[at] == "Chỉ tiêu chưa đạt (1):"
    assert lines[at + 1].startswith("  - CT-C1 Số đơn đăng ký kiểu dáng công nghiệp: năm 2024")
    assert lines[at + 1].endswith("(không đạt năm 2022: không thể đạt cho cả giai đoạn)")


def test_the_summary_lists_the_updated_register_it_wrote(inputs: Path, tmp_path: Path) -> None:
    from generator.batch import describe_batch

    shutil.copy(REPO / "inputs" / "tai-san-tri-tue.xlsx", inputs)
    summary = describe_batch(generate(options(inputs, tmp_path / "ra", year=2025)))
    assert "  Sổ tài sản cập nhật  1   so-tai-san-tri-tue-cap-nhat.xlsx" in summary


def test_the_updated_register_keeps_the_old_registers_note_and_targets(
    inputs: Path, tmp_path: Path
):
    """The register the Sở copies over its input next year: the old file's own note
    («DỮ LIỆU MẪU …») stays, and a title granted in a year of the signed reports still says
    which target it counts for (it was lost, and the sample register stopped saying sample)."""
    shutil.copy(REPO / "inputs" / "tai-san-tri-tue.xlsx", inputs)
    generate(options(inputs, tmp_path / "ra", year=2025))
    updated = tmp_path / "ra" / "2025" / "so-tai-san-tri-tue-cap-nhat.xlsx"
    sheet = openpyxl.load_workbook(updated).active
    note = sheet["A2"].value
    assert note.startswith("DỮ LIỆU MẪU do tools/make_samples.py ghi")
    assert (
        note.endswith("mỗi đơn, văn bằng một dòng.")
        and "Sổ cập nhật đến kỳ báo cáo năm 2025" in note
    )
    headers = [cell.value for cell in sheet[3]]
    rows = {row[2]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["Nhãn Sơn La"][headers.index("Tính vào chỉ tiêu")] == "CT-E"


def test_generate_tells_a_form_open_in_excel(inputs: Path, tmp_path: Path) -> None:
    """validate said a form was open, maybe with changes not saved; generate, which reads
    the same folder, only listed the lock file as «không đọc»."""
    (inputs / "2025" / "~$SCT.xlsx").write_bytes(b"\x0cNguyen Van A" + b"\x00" * 150)
    result = generate(options(inputs, tmp_path / "ra", year=2025))
    assert any(
        note.startswith("phiếu «SCT.xlsx» đang được mở (tệp khóa «~$SCT.xlsx», người mở: «Nguyen")
        and note.endswith("rồi chạy lại «vanban generate --force»")
        for note in result.notes
    ), result.notes


@pytest.mark.parametrize("lock", ["~$SCT.docx", ".~lock.SCT.docx#"])
def test_a_letter_open_in_word_stops_the_run_before_anything_moves(
    inputs: Path, tmp_path: Path, lock: str
) -> None:
    """Word's lock file went aside with the old set and the letter was replaced under the
    clerk's eyes (on Windows the run would stop halfway): the letter is named first."""
    out = tmp_path / "ra"
    generate(options(inputs, out, year=2024))
    (out / "2024" / "cong-van" / lock).write_bytes(b"\x0cNguyen Van A" + b"\x00" * 150)
    before = tree_hashes(out)
    with pytest.raises(OutputError) as raised:
        generate(options(inputs, out, year=2024, force=True))
    assert "SCT.docx» đang được mở trong Word hoặc Excel" in raised.value.message()
    assert tree_hashes(out) == before


def test_the_shipped_placeholder_signer_is_told(inputs: Path, tmp_path: Path) -> None:
    """The sample data flag off, «Nguyễn Văn An» (the shipped placeholder) was printed under
    the signature with no word to the clerk."""
    told = "Người ký báo cáo và công văn là «Nguyễn Văn An», tên mẫu kèm theo vanban"
    result = generate(options(inputs, tmp_path / "mau", year=2025))
    assert any(note.startswith(told) for note in result.notes)
    plan = inputs / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('ho_ten: "Nguyễn Văn An"', 'ho_ten: "Lò Văn Minh"'), "utf-8")
    result = generate(options(inputs, tmp_path / "that", year=2025))
    assert not any("tên mẫu kèm theo vanban" in note for note in result.notes)


@pytest.mark.parametrize(
    "name, lines",
    [
        ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
        ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "SỞ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH"),
        ("CHI CỤC QUẢN LÝ THỊ TRƯỜNG TỈNH SƠN LA", "CHI CỤC QUẢN LÝ THỊ TRƯỜNG\nTỈNH SƠN LA"),
        ("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", "VĂN PHÒNG\nỦY BAN NHÂN DÂN TỈNH"),
    ],
)
def test_a_long_body_name_is_broken_where_an_official_breaks_it(name: str, lines: str) -> None:
    """Word broke «SỞ VĂN HÓA, THỂ THAO VÀ DU / LỊCH» wherever the box ran out."""
    from generator.documents.context import header_lines

    assert header_lines(name) == lines


def test_a_long_issuing_body_keeps_the_header_to_the_decree(inputs: Path, tmp_path: Path) -> None:
    plan = inputs / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace('co_quan_ban_hanh: "SKHCN"', 'co_quan_ban_hanh: "SVHTTDL"'), "utf-8"
    )
    generate(options(inputs, tmp_path / "ra", year=2025))
    report = tmp_path / "ra" / "2025" / "bao-cao-tong-hop.docx"
    header = Document(str(report)).tables[0].rows[0].cells[0].text
    assert header.startswith("UBND TỈNH SƠN LA\nSỞ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH\n")
    assert not has_blocking_failure(check_docx(report))


def test_a_letter_s_request_counts_the_tasks_its_first_section_counts(run_2025: Path):
    """«3 đang thực hiện, 2 chưa thực hiện» then «Đối với 2 nhiệm vụ chưa hoàn thành»: the
    partner tasks their leads reported done came in the next paragraph, uncounted (a
    signing official). Every letter's open tasks now add up across its requests."""
    c = sample_consolidation(2025)
    checked = 0
    for summary in c.letter_recipients:
        if summary.report is None:
            continue
        context = letter_context(c, summary)
        if not context.settled_by_lead or not context.unfinished:
            continue
        text = "\n".join(paragraphs(run_2025 / "cong-van" / f"{summary.agency.code}.docx"))
        first = next(x for x in text.splitlines() if "chưa hoàn thành trong năm" in x)
        second = next(x for x in text.splitlines() if "cơ quan chủ trì báo cáo hoàn thành" in x)
        told = [int(n) for n in re.findall(r"(\d+) nhiệm vụ", first + second)]
        assert sum(told[:1] + told[-1:]) + len(context.awaiting) == (
            context.in_progress + context.not_started
        ), (summary.agency.code, first, second)
        assert f"không kể {len(context.settled_by_lead)} nhiệm vụ phối hợp nêu dưới đây" in first
        checked += 1
    assert checked >= 5


def test_a_commune_that_took_over_mid_year_is_asked_the_months_no_one_reported(tmp_path: Path):
    """A plan to 2030: the districts' results of January to June 2025 were said «chưa được
    báo cáo» and asked of no one, lost for good (a tester's plan); the final year asks them
    with the period's review, a year before it now asks them of the communes at once."""
    from generator.batch import consolidate_inputs

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    plan = inputs / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("  tu_nam: 2021\n  den_nam: 2025", "  tu_nam: 2021\n  den_nam: 2030"), "utf-8"
    )
    c = consolidate_inputs(load_workspace(inputs), 2025, inputs)[0]
    commune = next(s for s in c.letter_recipients if s.agency.code == "XA-TA-XUA")
    letter = render_docx(REPO / "templates" / "cong-van.docx", letter_context(c, commune))
    text = "\n".join(p.text for p in Document(io.BytesIO(letter)).paragraphs)
    assert (
        "Đề nghị Ủy ban nhân dân xã Tà Xùa tổng hợp kết quả thực hiện các nhiệm vụ tại mục 2 trên "
        "địa bàn từ ngày 01/01/2025 đến ngày 30/6/2025 do Ủy ban nhân dân các huyện, thành phố "
        "thực hiện (chưa được báo cáo), gửi về Sở Khoa học và Công nghệ trước ngày "
    ) in text
    department = next(s for s in c.letter_recipients if s.agency.code == "SCT")
    assert letter_context(c, department).taken_over_until is None
    report = render_docx(REPO / "templates" / "bao-cao-tong-hop.docx", report_context(c))
    said = "\n".join(p.text for p in Document(io.BytesIO(report)).paragraphs)
    assert "đồng thời đề nghị Ủy ban nhân dân các xã, phường tổng hợp, báo cáo bổ sung" in said


def test_the_register_in_tong_hop_and_the_updated_register_agree(run_2025: Path):
    """A title granted in 2022 (a year the signed history gives) was «CT-B1» in the updated
    register and blank in tong-hop.xlsx's copy of it (two testers)."""
    rules = load_workspace(REPO / "inputs").plan.ip
    assert rules is not None

    def counted(path: Path) -> dict[tuple, object]:
        sheet = openpyxl.load_workbook(path, read_only=True)[rules.register_file.sheet]
        rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        header = next(i for i, row in enumerate(rows) if "Tính vào chỉ tiêu" in row)
        column = rows[header].index("Tính vào chỉ tiêu")
        return {row[:4]: row[column] for row in rows[header + 1 :] if any(row)}

    summary = counted(run_2025 / "tong-hop.xlsx")
    updated = counted(run_2025 / "so-tai-san-tri-tue-cap-nhat.xlsx")
    assert summary == updated and any(summary.values())
