"""Issue 13, «Công tác chỉ đạo, điều hành» and «Kinh phí theo nguồn», end to end.

The form asks each agency for the documents it issued in the year (sheet «Văn bản chỉ đạo»)
and each task's amount per funding source of the plan; the validator reads them cell by cell;
the report cites every document in full and gives funding by source and by group of
agencies; tong-hop.xlsx carries both. Figures expected here are read from the sample
workbooks directly, not from vanban's own consolidation.
"""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from generator.cli import cli
from generator.data.workspace import Workspace, load_workspace
from generator.documents.render import render_docx
from generator.documents.summary_xlsx import summary_xlsx_bytes
from generator.forms import writer as forms
from generator.validate import SubmissionStatus, validate_year
from generator.vnformat import format_number, format_short_date
from tests.conftest import REPO, TEMPLATES, make_report_context, sample_consolidation
from tests.corpus.build import filled_form

YEAR = 2024
FIRST = forms.FIRST_DATA_ROW


@pytest.fixture(scope="module")
def shipped() -> Workspace:
    return load_workspace(REPO / "inputs")


def _validate(shipped: Workspace, tmp_path: Path, wb: openpyxl.Workbook, name: str = "SKHCN"):
    folder = tmp_path / "inputs" / str(YEAR)
    folder.mkdir(parents=True, exist_ok=True)
    wb.save(folder / f"{name}.xlsx")
    result = validate_year(shipped, YEAR, tmp_path / "inputs")
    return next(s for s in result.submissions if s.agency.code == name), result


def _messages(submission) -> list[str]:
    return [str(finding) for finding in submission.findings]


# ---------------------------------------------------------------------------
# The form


def test_the_task_sheet_asks_one_amount_per_source_of_the_plan(shipped: Workspace) -> None:
    wb = forms.build_form(shipped, shipped.registry.agency("SKHCN"), YEAR)
    tasks = wb[forms.SHEET_TASKS]
    assert [c.value for c in tasks[forms.HEADER_ROW]] == [
        "Mã nhiệm vụ",
        "Nội dung nhiệm vụ",
        "Vai trò",
        "Tình trạng",
        "Kết quả thực hiện",
        "Kinh phí: Sự nghiệp kinh tế, sự nghiệp khác (đồng)",
        "Kinh phí: Lồng ghép các chương trình (đồng)",
        "Kinh phí: Sự nghiệp khoa học và công nghệ (đồng)",
        "Kinh phí: Đóng góp của tổ chức, cá nhân (đồng)",
        "Kinh phí: Nguồn hợp pháp khác (đồng)",
    ]
    last = FIRST + len(shipped.tasks_of("SKHCN", YEAR)) - 1
    whole = [v for v in tasks.data_validations.dataValidation if v.type == "whole"]
    assert [str(v.sqref) for v in whole] == [f"F{FIRST}:J{last}"]
    assert all(tasks.cell(FIRST, column).protection.locked is False for column in range(6, 11))
    assert tasks.cell(FIRST, 11).value is None and tasks.cell(FIRST, 11).has_style is False
    assert wb[forms.SHEET_INFO]["B6"].value == "2"


def test_the_documents_sheet_has_its_headers_lists_and_year(shipped: Workspace) -> None:
    wb = forms.build_form(shipped, shipped.registry.agency("SCT"), YEAR)
    sheet = wb[forms.SHEET_DIRECTIVES]
    assert wb.sheetnames.index(forms.SHEET_DIRECTIVES) == 5
    assert [c.value for c in sheet[forms.HEADER_ROW]] == [
        "Số và ký hiệu",
        "Ngày ban hành",
        "Loại văn bản",
        "Trích yếu",
    ]
    last = FIRST + forms.DIRECTIVE_ROWS - 1
    checks = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert checks[f"B{FIRST}:B{last}"].formula1 == f"DATE({YEAR},1,1)"
    assert checks[f"B{FIRST}:B{last}"].formula2 == f"DATE({YEAR},12,31)"
    assert '"Kế hoạch,Quyết định,Chỉ thị,Công văn,' in checks[f"C{FIRST}:C{last}"].formula1
    assert sheet.cell(last, 4).protection.locked is False
    assert sheet.cell(last + 1, 4).protection.locked is True
    guide = "\n".join(str(c.value) for c in wb[forms.SHEET_GUIDE]["A"] if c.value)
    assert "5. Trang tính «Văn bản chỉ đạo»: mỗi dòng một văn bản" in guide
    assert "(ví dụ 12/KH-SCT)" in guide
    assert "«Sự nghiệp khoa học và công nghệ»" in guide
    assert "mỗi nguồn một cột" in guide


# ---------------------------------------------------------------------------
# Reading and checking


def test_amounts_are_read_per_source_and_summed(shipped: Workspace, tmp_path: Path) -> None:
    wb = filled_form("SKHCN", YEAR)
    tasks = wb[forms.SHEET_TASKS]
    tasks.cell(FIRST, 6, 1_000_000)
    tasks.cell(FIRST, 8, "2.500.000")
    tasks.cell(FIRST, 10, " 300 000 ")
    submission, _ = _validate(shipped, tmp_path, wb)
    assert submission.status is SubmissionStatus.VALID, _messages(submission)
    task = submission.report.tasks[0]
    assert task.amounts == (1_000_000, 0, 2_500_000, 0, 300_000)
    assert task.funding == 3_800_000


def test_a_wrong_amount_in_any_source_column_names_its_cell(
    shipped: Workspace, tmp_path: Path
) -> None:
    wb = filled_form("SKHCN", YEAR)
    wb[forms.SHEET_TASKS].cell(FIRST + 1, 9, "năm triệu")
    wb[forms.SHEET_TASKS].cell(FIRST, 11, "ghi thêm")
    submission, _ = _validate(shipped, tmp_path, wb)
    messages = _messages(submission)
    assert (
        f"tệp SKHCN.xlsx, trang tính «Nhiệm vụ», ô I{FIRST + 1}: «năm triệu» là chữ; cần một "
        "số nguyên không âm, tính bằng đồng" in "\n".join(messages)
    )
    assert any(f"ô K{FIRST}: ô nằm ngoài phần phiếu được đọc" in m for m in messages)
    assert submission.status is SubmissionStatus.INVALID


def _directive(sheet, row: int, *values) -> None:
    for column, value in enumerate(values, start=1):
        sheet.cell(row, column, value)


def test_documents_are_read_with_their_date_type_and_number(
    shipped: Workspace, tmp_path: Path
) -> None:
    wb = filled_form("SKHCN", YEAR)
    sheet = wb[forms.SHEET_DIRECTIVES]
    _directive(sheet, FIRST, "Số: 12 / KH-SKHCN", date(YEAR, 3, 5), "kế hoạch", "Triển khai A")
    _directive(sheet, FIRST + 1, "245/SKHCN-QLCN", "07/8/2024", "Công văn", "Hướng dẫn B")
    _directive(sheet, FIRST + 3, "03/2024/QĐ-UBND", date(YEAR, 1, 2), "Quyết định", "Ban hành C")
    submission, _ = _validate(shipped, tmp_path, wb)
    assert submission.status is SubmissionStatus.VALID, _messages(submission)
    found = [
        (d.number_symbol, d.issued_on, d.type_name, d.subject) for d in submission.report.directives
    ]
    assert found == [
        ("12/KH-SKHCN", date(YEAR, 3, 5), "Kế hoạch", "Triển khai A"),
        ("245/SKHCN-QLCN", date(YEAR, 8, 7), "Công văn", "Hướng dẫn B"),
        ("03/2024/QĐ-UBND", date(YEAR, 1, 2), "Quyết định", "Ban hành C"),
    ]


def test_each_wrong_document_cell_is_named(shipped: Workspace, tmp_path: Path) -> None:
    wb = filled_form("SKHCN", YEAR)
    sheet = wb[forms.SHEET_DIRECTIVES]
    rows = [
        ("12/KH-SKHCN", date(YEAR - 1, 12, 30), "Kế hoạch", "Năm trước"),
        ("KH-SKHCN số 12", date(YEAR, 3, 5), "Kế hoạch", "Không có số"),
        ("13/KH-SKHCN", date(YEAR, 3, 5), "Tờ rơi", "Loại lạ"),
        ("14/KH-SKHCN", date(YEAR, 3, 5), "Kế hoạch", None),
        ("15/KH-SKHCN", date(YEAR, 4, 1), "Kế hoạch", "Lần đầu"),
        (" 15/kh-skhcn ", date(YEAR, 4, 1), "Kế hoạch", "Lần hai"),
        ("16/KH-SKHCN", date(YEAR, 4, 1), "Quyết định", "Không khớp"),
        ("17/KH-SKHCN", "31/02/2024", "Kế hoạch", "Ngày sai"),
    ]
    for offset, values in enumerate(rows):
        _directive(sheet, FIRST + offset, *values)
    sheet.cell(FIRST, 5, "ghi chú thêm")
    submission, _ = _validate(shipped, tmp_path, wb)
    text = "\n".join(_messages(submission))
    where = "tệp SKHCN.xlsx, trang tính «Văn bản chỉ đạo», ô "
    expected = [
        f"{where}B4: ngày ban hành 30/12/2023 không thuộc năm 2024; chỉ ghi văn bản ban hành "
        "trong năm 2024",
        f"{where}A5: «KH-SKHCNsố12» không giống số và ký hiệu của văn bản",
        f"{where}C6: loại văn bản «Tờ rơi» không có trong danh sách; chọn một trong: Kế hoạch, "
        "Quyết định",
        f"{where}D7: dòng văn bản chưa ghi trích yếu của văn bản",
        f"{where}A9: văn bản số 15/kh-skhcn đã ghi ở ô A8; mỗi văn bản chỉ ghi một dòng",
        f"{where}C10: loại văn bản ghi «Quyết định» nhưng ký hiệu «16/KH-SKHCN» là của kế hoạch",
        f"{where}B11: «31/02/2024» không phải là ngày hợp lệ",
        f"{where}E4: ô nằm ngoài phần phiếu được đọc nên nội dung «ghi chú thêm» sẽ bị bỏ qua; "
        "hãy ghi mỗi văn bản trên một dòng",
    ]
    for line in expected:
        assert line in text, line
    assert len(submission.findings) == len(expected)
    assert submission.status is SubmissionStatus.INVALID


def _commune_messages(workspace: Workspace, tmp_path: Path, wb, code: str) -> list[str]:
    """The findings of ``wb`` saved as the 2025 form of ``code``, validated alone."""
    folder = tmp_path / "inputs" / "2025"
    folder.mkdir(parents=True, exist_ok=True)
    wb.save(folder / f"{code}.xlsx")
    result = validate_year(workspace, 2025, tmp_path / "inputs")
    return _messages(next(s for s in result.submissions if s.agency.code == code))


def test_a_document_dated_before_the_agency_existed_is_named(tmp_path: Path) -> None:
    """A commune created on 01/7/2025 cannot have issued a plan in April."""
    workspace = load_workspace(REPO / "inputs")
    commune = next(a for a in workspace.active(2025) if a.active_from == date(2025, 7, 1))
    wb = filled_form(commune.code, 2025)
    sheet = wb[forms.SHEET_DIRECTIVES]
    _directive(sheet, FIRST, "12/KH-UBND", date(2025, 4, 30), "Kế hoạch", "Triển khai")
    _directive(sheet, FIRST + 1, "13/KH-UBND", date(2025, 7, 1), "Kế hoạch", "Triển khai")
    assert _commune_messages(workspace, tmp_path, wb, commune.code) == [
        f"tệp {commune.code}.xlsx, trang tính «Văn bản chỉ đạo», ô B{FIRST}: ngày ban hành "
        f"30/4/2025 trước ngày {commune.name} bắt đầu hoạt động (01/7/2025); văn bản của đơn vị "
        "trước đó không ghi ở phiếu này"
    ]


def test_a_merged_departments_documents_of_the_year_go_on_its_successors_form(
    tmp_path: Path,
) -> None:
    """Sở Nông nghiệp và Môi trường reports the whole year of the department merged into it
    on 01/3/2025 (the report says so), but its form refused that department's January plan:
    it had no other form. Accepted, and cited as that department's."""
    from generator.batch import consolidate_inputs
    from generator.consolidate import agency_directives

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    path = inputs / "2025" / "SNNMT.xlsx"
    wb = openpyxl.load_workbook(path)
    sheet = wb[forms.SHEET_DIRECTIVES]
    row = next(r for r in range(FIRST, FIRST + 50) if sheet.cell(r, 1).value is None)
    _directive(sheet, row, "05/KH-SNNPTNT", date(2025, 1, 15), "Kế hoạch", "Triển khai Kế hoạch")
    wb.save(path)
    workspace = load_workspace(inputs)
    c, _ = consolidate_inputs(workspace, 2025, inputs)
    documents = dict((a.code, d) for a, d in agency_directives(c))["SNNMT"]
    [merged] = [d for d in documents if d.number_symbol == "05/KH-SNNPTNT"]
    assert merged.issuer == "Sở Nông nghiệp và Phát triển nông thôn"
    assert all(d.issuer == "Sở Nông nghiệp và Môi trường" for d in documents if d is not merged)


def test_a_form_of_version_1_gets_one_message_asking_for_the_new_form(
    shipped: Workspace, tmp_path: Path
) -> None:
    wb = filled_form("SKHCN", YEAR)
    wb[forms.SHEET_INFO]["B6"] = "1"
    del wb[forms.SHEET_DIRECTIVES]  # as a form of the first version was made
    submission, _ = _validate(shipped, tmp_path, wb)
    assert submission.status is SubmissionStatus.INVALID
    assert _messages(submission) == [
        "tệp SKHCN.xlsx, trang tính «Thông tin», ô B6: phiếu theo mẫu cũ (phiên bản 1), thiếu "
        "trang tính «Văn bản chỉ đạo» và các cột kinh phí theo từng nguồn của mẫu phiên bản 2; "
        "vanban không đọc phiếu mẫu cũ. Hãy gửi đơn vị phiếu mới tạo bằng lệnh «vanban forms» "
        "và đề nghị đơn vị điền lại vào phiếu mới (có thể chép nội dung từ phiếu cũ sang)"
    ]
    for name in ("ke-hoach.yaml", "don-vi.yaml"):
        shutil.copyfile(REPO / "inputs" / name, tmp_path / "inputs" / name)
    runner = CliRunner()
    run = runner.invoke(
        cli, ["validate", "--year", str(YEAR), "--inputs", str(tmp_path / "inputs")]
    )
    assert run.exit_code != 0
    assert "phiếu theo mẫu cũ (phiên bản 1)" in run.output


# ---------------------------------------------------------------------------
# The report and tong-hop.xlsx, from the sample batches


def _sample_documents(year: int) -> list[tuple[str, str, str, date, str, str]]:
    """(agency code, type, number, date, subject, agency name) of every sample document."""
    workspace = load_workspace(REPO / "inputs")
    found = []
    for path in sorted((REPO / "inputs" / str(year)).glob("*.xlsx")):
        wb = openpyxl.load_workbook(path, data_only=True)
        code = wb[forms.SHEET_INFO]["B4"].value
        for row in wb[forms.SHEET_DIRECTIVES].iter_rows(min_row=FIRST, values_only=True):
            if row[0]:
                name = workspace.registry.agency(code).name
                found.append((code, row[2], row[0], row[1].date(), row[3], name))
    return found


def _sample_amounts(year: int) -> list[int]:
    """The year's funding per source, added up here from the sample workbooks."""
    totals = [0] * 5
    for path in sorted((REPO / "inputs" / str(year)).glob("*.xlsx")):
        wb = openpyxl.load_workbook(path, data_only=True)
        for row in wb[forms.SHEET_TASKS].iter_rows(min_row=FIRST, values_only=True):
            if row[0]:
                for index, amount in enumerate(row[5:10]):
                    totals[index] += amount or 0
    return totals


def _report_text(context) -> tuple[list[str], list[list[list[str]]]]:
    document = Document(io.BytesIO(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", context)))
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    return [p.text for p in document.paragraphs], tables


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_report_cites_every_document_in_full_by_group(year: int) -> None:
    documents = _sample_documents(year)
    assert len(documents) >= 10
    paragraphs, _ = _report_text(make_report_context(year))
    start = paragraphs.index("1. Công tác chỉ đạo, điều hành")
    end = paragraphs.index("2. Tình hình báo cáo của các cơ quan, đơn vị")
    section = paragraphs[start + 1 : end]
    assert section[0] == (
        f"Theo báo cáo, để triển khai Kế hoạch năm {year}, các cơ quan, đơn vị đã ban hành "
        f"{len(documents)} văn bản chỉ đạo, điều hành, cụ thể:"
    )
    text = "\n".join(section)
    registry = load_workspace(REPO / "inputs").registry
    order = [a.code for a in registry.active(date(year, 11, 10))]
    local_issuers = sorted(
        {code for code, *_ in documents if registry.agency(code).is_local}, key=order.index
    )
    cited_local = set(local_issuers[:3])  # of local governments, the first three in full
    for code, type_name, number, issued, subject, name in documents:
        citation = (
            f"{type_name} số\xa0{number} ngày {format_short_date(issued)} của {name} về "
            f"{subject[0].lower()}{subject[1:]}"
        )
        cited = not registry.agency(code).is_local or code in cited_local
        assert text.count(citation) == (1 if cited else 0), citation
    rest = [d for d in documents if registry.agency(d[0]).is_local and d[0] not in cited_local]
    assert text.endswith(f" và {len(rest)} văn bản của {len(local_issuers) - 3} đơn vị khác.")
    assert "Các sở: " in text
    local = "Ủy ban nhân dân các huyện, thành phố: " if year == 2024 else "Ủy ban nhân dân các xã"
    assert local in text
    assert section[0].endswith(":") and section[-1].endswith(".")
    assert all(p.startswith("- ") and p.endswith(";") for p in section[1:-1])


def test_without_documents_the_report_says_so_plainly() -> None:
    context = make_report_context(2024).model_copy(update={"directives": [], "directive_count": 0})
    paragraphs, _ = _report_text(context)
    start = paragraphs.index("1. Công tác chỉ đạo, điều hành")
    assert paragraphs[start + 1 : start + 3] == [
        "Năm 2024, các cơ quan, đơn vị không báo cáo văn bản chỉ đạo, điều hành nào được ban "
        "hành trong năm để triển khai Kế hoạch.",
        "2. Tình hình báo cáo của các cơ quan, đơn vị",
    ]


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_report_gives_funding_by_source_as_the_plan_lists_them(year: int) -> None:
    amounts = _sample_amounts(year)
    assert all(amounts)
    paragraphs, tables = _report_text(make_report_context(year))
    start = paragraphs.index("Theo nguồn kinh phí Kế hoạch quy định:")
    wordings = [
        "Kinh phí sự nghiệp kinh tế, sự nghiệp khác",
        "Kinh phí lồng ghép các chương trình",
        "Kinh phí sự nghiệp khoa học và công nghệ",
        "Đóng góp của các tổ chức, cá nhân",
        "Nguồn hợp pháp khác",
    ]
    expected = [
        f"- {wording}: {format_number(amount)} đồng{';' if i < 4 else '.'}"
        for i, (wording, amount) in enumerate(zip(wordings, amounts, strict=True))
    ]
    assert paragraphs[start + 1 : start + 6] == expected
    total = paragraphs[start - 1]
    assert f"Kế hoạch năm {year}: {format_number(sum(amounts))} đồng (" in total
    assert paragraphs[start + 6] == "Theo nhóm cơ quan, đơn vị:"
    groups = [p for p in paragraphs[start + 7 :] if p.startswith("- ")]
    assert any(p.startswith("- Các sở (") and "kinh phí sự nghiệp khoa học" in p for p in groups)
    appendix = next(
        t for t in tables if t[0][2:] == ["Theo nguồn kinh phí (đồng)", "Tổng kinh phí (đồng)"]
    )
    labels = [
        "Sự nghiệp kinh tế, sự nghiệp khác",
        "Lồng ghép các chương trình",
        "Sự nghiệp khoa học và công nghệ",
        "Đóng góp của tổ chức, cá nhân",
        "Nguồn hợp pháp khác",
    ]
    assert appendix[-1][1:] == [
        "Tổng cộng",
        "\n".join(f"{label}: {format_number(a)}" for label, a in zip(labels, amounts, strict=True)),
        format_number(sum(amounts)),
    ]


@pytest.mark.parametrize("year", [2024, 2025])
def test_tong_hop_has_funding_by_source_and_the_documents(year: int) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(summary_xlsx_bytes(sample_consolidation(year))))
    amounts = _sample_amounts(year)
    sources = list(wb["Kinh phí theo nguồn"].iter_rows(min_row=3, values_only=True))
    assert sources[0][2:] == (
        "Sự nghiệp kinh tế, sự nghiệp khác (đồng)",
        "Lồng ghép các chương trình (đồng)",
        "Sự nghiệp khoa học và công nghệ (đồng)",
        "Đóng góp của tổ chức, cá nhân (đồng)",
        "Nguồn hợp pháp khác (đồng)",
        "Tổng (đồng)",
    )
    assert sources[-1][0] == "Tổng cộng"
    assert list(sources[-1][2:]) == [*amounts, sum(amounts)]
    by_group = sources[1:-1]
    for column in range(2, 8):
        assert sum(row[column] for row in by_group) == sources[-1][column]
    money = list(wb["Kinh phí"].iter_rows(min_row=4, values_only=True))
    assert list(money[-1][3:]) == [sum(amounts), *amounts]
    assert all(row[3] == sum(row[4:]) for row in money)
    documents = list(wb["Văn bản chỉ đạo"].iter_rows(min_row=4, values_only=True))
    expected = {(code, t, n, d, s) for code, t, n, d, s, _ in _sample_documents(year)}
    found = {(r[1], r[3], r[4], r[5].date(), r[6]) for r in documents}
    assert found == expected and len(documents) == len(expected)
    assert [r[0] for r in documents] == list(range(1, len(documents) + 1))


def test_a_plan_without_sources_keeps_one_amount_column_in_the_report() -> None:
    context = make_report_context(2024)
    rows = [row.model_copy(update={"sources": []}) for row in context.funding]
    groups = [group.model_copy(update={"sources": []}) for group in context.funding_groups]
    plain = context.model_copy(
        update={"funding_sources": [], "funding": rows, "funding_groups": groups}
    )
    paragraphs, tables = _report_text(plain)
    assert "Theo nguồn kinh phí Kế hoạch quy định:" not in paragraphs
    appendix = next(t for t in tables if t[0] == ["TT", "Cơ quan, đơn vị", "Kinh phí (đồng)"])
    assert appendix[-1][1:] == ["Tổng cộng", format_number(context.funding_total)]
    assert not any("Theo nguồn kinh phí (đồng)" in t[0] for t in tables)


def test_the_example_plan_asks_its_own_sources(tmp_path: Path) -> None:
    workspace = load_workspace(REPO / "examples" / "tinh-vi-du")
    agency = workspace.active(2025)[0]
    tasks = forms.build_form(workspace, agency, 2025)[forms.SHEET_TASKS]
    assert [c.value for c in tasks[forms.HEADER_ROW]][5:] == [
        "Kinh phí: Ngân sách tỉnh (đồng)",
        "Kinh phí: Doanh nghiệp, hội tự bảo đảm (đồng)",
    ]


def test_a_form_dated_before_its_agency_existed_and_a_document_after_the_form_are_named(
    tmp_path: Path,
) -> None:
    """A commune created on 01/7/2025 sending a form dated 15/6/2025 was «đúng thời hạn»;
    a document dated after the form's own date was counted."""
    workspace = load_workspace(REPO / "inputs")
    commune = next(a for a in workspace.active(2025) if a.active_from == date(2025, 7, 1))
    wb = filled_form(commune.code, 2025)
    wb[forms.SHEET_INFO]["B10"] = date(2025, 6, 15)
    assert _commune_messages(workspace, tmp_path, wb, commune.code) == [
        f"tệp {commune.code}.xlsx, trang tính «Thông tin», ô B10: ngày báo cáo 15/6/2025 trước "
        f"ngày {commune.name} bắt đầu hoạt động (01/7/2025); hãy ghi đúng ngày ký gửi phiếu"
    ]
    wb = filled_form(commune.code, 2025)  # dated 05/11/2025
    _directive(wb[forms.SHEET_DIRECTIVES], FIRST, "99/KH-UBND", date(2025, 11, 8), "Kế hoạch", "X")
    assert _commune_messages(workspace, tmp_path, wb, commune.code) == [
        f"tệp {commune.code}.xlsx, trang tính «Văn bản chỉ đạo», ô B{FIRST}: ngày ban hành "
        "08/11/2025 sau ngày báo cáo 05/11/2025 của phiếu; hãy kiểm tra lại ngày"
    ]
