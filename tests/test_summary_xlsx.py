"""tong-hop.xlsx: a clerk's text is always written as text, and the bytes never vary.

Checked on the file itself: the worksheet XML is parsed, so that a text beginning with
«=», «+», «-» or «@» is seen as what Excel will see (a string cell, no <f> element).
"""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from generator.batch import GenerateOptions, generate
from generator.data.workspace import load_workspace
from generator.documents.summary_xlsx import SHEET_RESULTS
from generator.forms import writer as forms
from generator.forms.reader import decode_escapes
from generator.output import xlsx_tables
from generator.output.xlsx_tables import (
    ChartSpec,
    Percent,
    Table,
    TablesElsewhere,
    TableWriterError,
    write_tables,
    write_tables_elsewhere,
)

REPO = Path(__file__).resolve().parents[1]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MOMENT = datetime(2024, 11, 15)

HOSTILE = (
    '=HYPERLINK("http://example.com/x","Bấm vào đây")',
    "=1+1",
    "+84 912 345 678",
    "-5 hội nghị đã tổ chức",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
    "_x0041_ giữ nguyên",
    "dòng một\vdòng hai",
)


def _workbook(tables: list[Table]) -> bytes:
    out = io.BytesIO()
    write_tables(tables, "Tổng hợp", "Sở Khoa học và Công nghệ", MOMENT, out)
    return out.getvalue()


def _table(rows: list[list[object]], total: list[object] | None = None) -> Table:
    headers = ("TT", "Kết quả", "Kinh phí (đồng)", "Ngày")
    return Table("Bảng", "TIÊU ĐỀ", headers, (6, 40, 16, 12), rows, total)


def _cells(data: bytes) -> list[tuple[str, str | None, str, bool]]:
    """(reference, type attribute, text as stored, has a formula) of every cell."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/worksheets/"):
                continue
            root = etree.fromstring(archive.read(name))
            for cell in root.iter(f"{MAIN}c"):
                text = "".join(cell.itertext())
                has_formula = cell.find(f"{MAIN}f") is not None
                found.append((cell.get("r"), cell.get("t"), text, has_formula))
    return found


def test_a_text_that_looks_like_a_formula_is_written_as_text():
    rows = [[index, text, 1000, date(2024, 11, 5)] for index, text in enumerate(HOSTILE, 1)]
    data = _workbook([_table(rows)])
    cells = _cells(data)
    assert not [cell for cell in cells if cell[3]], "a cell holds a formula"
    stored = {reference: (kind, text) for reference, kind, text, _ in cells}
    for index, typed in enumerate(HOSTILE):
        kind, text = stored[f"B{4 + index}"]
        assert kind in ("inlineStr", "s"), (typed, kind)
        # Stored with OOXML's escapes: decoded once, it is exactly what was typed.
        assert decode_escapes(text) == typed
    assert stored["B10"][1] == "_x005F_x0041_ giữ nguyên"
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Bảng"]
    for index, typed in enumerate(HOSTILE):
        cell = sheet.cell(4 + index, 2)
        assert cell.data_type == "s" and isinstance(cell.value, str)
        assert cell.value.startswith(typed[:1])
    assert stored["C4"] == (None, "1000")  # a number stays a number (no t: "n")


def test_same_tables_give_the_same_bytes_with_fixed_entries():
    def tables() -> list[Table]:
        rows = [[1, "Đã tổ chức hội nghị.", 5_000_000, date(2024, 11, 5)], [2, "", "", None]]
        return [_table(rows, ["", "Tổng cộng", 5_000_000, ""])]

    first = _workbook(tables())
    assert _workbook(tables()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
        core = archive.read("docProps/core.xml").decode()
    assert {info.date_time for info in infos} == {(2024, 11, 15, 0, 0, 0)}
    assert {(info.create_system, info.compress_type) for info in infos} == {
        (0, zipfile.ZIP_DEFLATED)
    }
    assert "<dc:language>vi-VN</dc:language>" in core
    assert core.count("2024-11-15T00:00:00Z") == 2
    wb = openpyxl.load_workbook(io.BytesIO(first))
    assert wb.properties.creator == wb.properties.lastModifiedBy == "Sở Khoa học và Công nghệ"
    sheet = wb["Bảng"]
    assert [c.value for c in sheet[4]] == [
        1,
        "Đã tổ chức hội nghị.",
        5_000_000,
        datetime(2024, 11, 5),
    ]
    assert [c.value for c in sheet[5]] == [2, None, None, None]
    assert [c.font.b for c in sheet[6]] == [True] * 4
    assert sheet["C6"].value == 5_000_000 and sheet["C6"].number_format == "#,##0"


def test_a_workbook_written_by_another_process_has_the_same_bytes():
    """Several tables, rows over many messages, every kind of value and a chart: the
    process fed through a pipe writes exactly what write_tables writes here."""
    many = [
        [index, f"Kết quả {index % 7}", index * 1_000, date(2024, 1 + index % 12, 1)]
        for index in range(1, 2 * xlsx_tables.ROWS_PER_MESSAGE + 3)
    ]
    odd = [[1, text, 2.5, None] for text in HOSTILE] + [[2, True, -3, datetime(2024, 5, 6)]]
    odd += [[3, Percent(Decimal("86.67"), 2), Decimal("1234.50"), Percent(80)]]
    chart = ChartSpec("Số đơn", 2, ("Số liệu từng năm", 3), (("Lũy kế", 4),))
    yearly = [["Đơn", "Số liệu từng năm", 3, 4], ["", "Lũy kế", 3, 7]]

    def tables() -> list[Table]:
        return [
            _table(many, ["", "Tổng cộng", sum(row[2] for row in many), ""]),
            Table("Khác", "TIÊU ĐỀ KHÁC", ("A", "B", "C", "D"), (6, 40, 16, 12), odd),
            Table("Trống", "KHÔNG CÓ DÒNG", ("A", "B"), (10, 10), []),
            Table(
                "Biểu đồ",
                "BIỂU ĐỒ",
                ("Chỉ tiêu", "Số liệu", "2023", "2024"),
                (20,) * 4,
                yearly,
                charts=[chart],
            ),
        ]

    settings = ("Tổng hợp", "Sở Khoa học và Công nghệ", MOMENT)
    here = io.BytesIO()
    write_tables(tables(), *settings, here)
    elsewhere = write_tables_elsewhere((table for table in tables()), *settings)
    assert elsewhere == here.getvalue()
    sheet = openpyxl.load_workbook(io.BytesIO(elsewhere))["Bảng"]
    assert sheet.cell(4 + len(many) - 1, 3).value == len(many) * 1_000
    assert sheet.cell(4 + len(many), 3).value == sum(row[2] for row in many)


def test_a_fraction_or_a_percentage_is_a_number_shown_with_its_decimals():
    """Never a text «86.67»: a text is not summed, and a chart of it is empty."""
    rows = [
        [1, "Tỷ lệ", Percent(Decimal("86.67"), 2), Percent(40)],
        [2, "Số thập phân", Decimal("1234.50"), 2.5],
        [3, "Số nguyên", Decimal("7"), 3.0],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(_workbook([_table(rows)])))["Bảng"]
    found = [(c.data_type, c.value, c.number_format) for line in sheet["C4:D6"] for c in line]
    assert found == [
        ("n", 0.8667, "0.00%"),  # Excel shows 86,67% on a Vietnamese computer
        ("n", 0.4, "0%"),
        ("n", 1234.5, "#,##0.00"),  # 1.234,50
        ("n", 2.5, "#,##0.0"),  # not «#,##0», which shows 3
        ("n", 7, "#,##0"),
        ("n", 3, "#,##0"),
    ]


def test_a_value_of_an_unknown_kind_is_refused_not_written_as_text():
    with pytest.raises(TypeError, match="Fraction"):
        from fractions import Fraction

        _workbook([_table([[1, "Tỷ lệ", Fraction(2, 3), None]])])


def test_a_failure_of_the_writing_process_is_raised_here():
    bad = Table("Tên: sai", "TIÊU ĐỀ", ("A",), (10,), [[1]])  # «:» is refused in a sheet name
    with pytest.raises(TableWriterError, match="InvalidWorksheetName"):
        write_tables_elsewhere([bad], "Tổng hợp", "Sở", MOMENT)


def _endless_rows():
    number = 0
    while True:  # a table larger than any run: the writer is always busy when stopped
        number += 1
        yield [number, f"Kết quả {number}", number * 1_000, date(2024, 11, 5)]


def _private_temp(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    """A temporary folder of its own for the writing process (which reads the environment)."""
    folder.mkdir()
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(folder))
    return folder


def test_leaving_on_an_error_stops_the_writing_process_and_removes_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    temp = _private_temp(monkeypatch, tmp_path / "tam")
    feeder = ThreadPoolExecutor(max_workers=1)
    with (
        pytest.raises(RuntimeError, match="một công văn lỗi"),
        TablesElsewhere("Tổng hợp", "Sở", MOMENT) as writer,
    ):
        written = feeder.submit(writer.write, [_table(_endless_rows())])
        while not list(temp.glob("vanban-xlsx-*")):  # the writer has begun
            time.sleep(0.01)
        raise RuntimeError("một công văn lỗi")
    assert not writer._process.is_alive()
    with pytest.raises(TableWriterError):
        written.result(timeout=30)  # the thread ended too, told that the writer stopped
    feeder.shutdown()
    assert not list(temp.iterdir())  # its temporary files went with it


def test_rows_that_cannot_be_made_stop_the_writing_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    temp = _private_temp(monkeypatch, tmp_path / "tam")

    def rows():
        yield [1, "Kết quả", 1_000, None]
        raise ValueError("dòng hỏng")

    with pytest.raises(ValueError, match="dòng hỏng"):
        write_tables_elsewhere([_table(rows())], "Tổng hợp", "Sở", MOMENT)
    assert not list(temp.iterdir())


def test_an_os_error_in_the_writing_process_keeps_its_number(monkeypatch: pytest.MonkeyPatch):
    """A full disk in the workbook's process reaches this one with its errno, so that the
    clerk is told what it means (see batch._summary_bytes)."""
    import errno
    import multiprocessing

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/tmp/vanban-xlsx-1")

    monkeypatch.setattr(xlsx_tables, "write_tables", full_disk)
    monkeypatch.setattr(xlsx_tables, "ignore_interrupt", lambda: None)  # this is pytest
    here, there = multiprocessing.Pipe()
    xlsx_tables._write_received(there, multiprocessing.Event(), "Tổng hợp", "Sở", MOMENT)
    kind, payload = here.recv()
    error = OSError(*payload)
    assert kind == "OSError"
    assert (error.errno, error.filename) == (errno.ENOSPC, "/tmp/vanban-xlsx-1")


def _type_as_text(path: Path, sheet_name: str, row: int, column: int, text: str) -> None:
    """What a clerk gets by typing ' before =…: a text cell that begins with «=»."""
    wb = openpyxl.load_workbook(path)
    cell = wb[sheet_name].cell(row, column)
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store a text starting with = as a formula
    wb.save(path)


def test_a_clerks_formula_like_result_reaches_tong_hop_as_text(tmp_path: Path):
    from tests.test_batch import build_inputs

    inputs = build_inputs(tmp_path / "inputs", (2024,))
    workbook = sorted((inputs / "2024").glob("*.xlsx"))[0]
    typed = '=HYPERLINK("http://example.com/x","Xem kết quả")'
    _type_as_text(workbook, forms.SHEET_TASKS, forms.FIRST_DATA_ROW, 5, typed)
    out = tmp_path / "out"
    options = GenerateOptions(inputs=inputs, templates=REPO / "templates", out=out, year=2024)
    generate(options)
    data = (out / "2024" / "tong-hop.xlsx").read_bytes()
    cells = _cells(data)
    assert not [cell for cell in cells if cell[3]], "a cell holds a formula"
    assert [kind for _, kind, text, _ in cells if text == typed] == ["inlineStr"]
    sheet = openpyxl.load_workbook(out / "2024" / "tong-hop.xlsx")[SHEET_RESULTS]
    results = [row[7] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert typed in results
    shutil.rmtree(out)


def test_the_summary_carries_the_register_and_each_agencys_activity_figures(tmp_path):
    """Every asset of the register once, with the targets it counts for; the activity
    figures per agency with their totals."""
    import openpyxl

    from generator.batch import GenerateOptions, generate

    out = tmp_path / "out"
    generate(
        GenerateOptions(inputs=REPO / "inputs", templates=REPO / "templates", out=out, year=2025)
    )
    wb = openpyxl.load_workbook(out / "2025" / "tong-hop.xlsx")
    register = wb["Sổ tài sản trí tuệ"]
    headers = [cell.value for cell in register[3]]
    assert headers[:3] == ["Số đơn", "Loại đối tượng", "Tên đối tượng"]
    assert "Tính vào chỉ tiêu" in headers
    names = [row[2] for row in register.iter_rows(min_row=4, values_only=True) if row[2]]
    assert names.count("Chè Shan tuyết Tà Xùa") == 1  # reported by three agencies, one asset
    figures = wb["Số liệu hoạt động"]
    assert figures.cell(3, figures.max_column).value == "Ghi chú của đơn vị"
    rows = list(figures.iter_rows(min_row=4, values_only=True))
    total = rows[-1]
    assert total[1] == "Tổng cộng"
    for column in range(2, len(total) - 1):
        assert total[column] == sum(row[column] or 0 for row in rows[:-1])


def test_an_agencys_note_on_its_figures_reaches_the_summary_and_text_beside_the_table_is_a_finding(
    tmp_path,
):
    import openpyxl

    from generator.batch import GenerateOptions, generate
    from generator.validate import validate_year

    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    path = inputs / "2025" / "SCT.xlsx"
    book = openpyxl.load_workbook(path)
    book["Số liệu hoạt động"]["E6"] = "gồm 3 tin trên cổng thông tin của Sở"
    book.save(path)
    generate(GenerateOptions(inputs=inputs, templates=REPO / "templates", out=tmp_path / "out"))
    figures = openpyxl.load_workbook(tmp_path / "out" / "2025" / "tong-hop.xlsx")[
        "Số liệu hoạt động"
    ]
    sct = next(row for row in figures.iter_rows(min_row=4, values_only=True) if row[0] == "SCT")
    assert sct[-1] == (
        "Số tin, bài tuyên truyền về sở hữu trí tuệ: gồm 3 tin trên cổng thông tin của Sở"
    )

    book = openpyxl.load_workbook(path)
    book["Số liệu hoạt động"]["G9"] = "thêm 2 lớp"
    book["Tài sản trí tuệ"]["L4"] = "đang chờ Cục trả lời"
    book.save(path)
    result = validate_year(load_workspace(inputs), 2025, inputs)
    found = sorted(
        (f.sheet, f.cell, f.message)
        for s in result.submissions
        for f in s.findings
        if s.agency.code == "SCT"
    )
    assert found == [
        (
            "Số liệu hoạt động",
            "G9",
            "ô nằm ngoài bảng (bảng gồm các cột A đến E) nên nội dung «thêm 2 lớp» sẽ bị bỏ qua; "
            "hãy ghi vào cột «Ghi chú» của dòng, hoặc xóa nội dung ô này",
        ),
        (
            "Tài sản trí tuệ",
            "L4",
            "ô nằm ngoài bảng (bảng gồm các cột A đến J) nên nội dung «đang chờ Cục trả lời» sẽ "
            "bị bỏ qua; hãy ghi vào cột «Ghi chú» của dòng, hoặc xóa nội dung ô này",
        ),
    ]


def test_each_target_has_a_native_chart_of_its_years_against_the_plan(tmp_path):
    out = tmp_path / "out"
    generate(
        GenerateOptions(inputs=REPO / "inputs", templates=REPO / "templates", out=out, year=2025)
    )
    path = out / "2025" / "tong-hop.xlsx"
    with zipfile.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        xml = [archive.read(name).decode() for name in charts]
    plan_measures = load_workspace(REPO / "inputs").plan.measures
    assert len(charts) == len(plan_measures)
    for chart, measure in zip(xml, plan_measures, strict=True):
        assert measure.name in chart
        assert "<c:barChart>" in chart and "<c:lineChart>" in chart
        assert "'Biểu đồ chỉ tiêu'!$C$3:$G$3" in chart  # the years 2021-2025 as categories
        assert "Mức tối thiểu" in chart
    sheet = openpyxl.load_workbook(path)["Biểu đồ chỉ tiêu"]
    first = [cell.value for cell in sheet[4]]
    assert first[1] == "Số liệu từng năm" and first[2:] == [0, 1, 0, 1, 0]


def test_the_chart_sheet_of_a_plans_first_year_is_titled_with_that_year_alone():
    from generator.documents.summary_xlsx import _years_heading

    assert _years_heading([2026]) == "NĂM 2026"  # not «TỪNG NĂM 2026-2026»
    assert _years_heading([2021, 2022, 2023]) == "TỪNG NĂM 2021-2023"


def test_a_milestone_target_says_its_year_on_the_targets_sheet():
    """«Cả giai đoạn» beside a level due by 2023 in a 2021-2025 plan hid the milestone."""
    from conftest import sample_consolidation

    measure = next(m for m in sample_consolidation(2025).plan.measures if m.scope.value != "nam")
    assert measure.scope_label == "Cả giai đoạn"
    assert measure.model_copy(update={"due_year": 2023}).scope_label == "Đến năm 2023"


@pytest.mark.parametrize("years", [1, 3])
def test_a_level_line_of_one_year_is_drawn_as_a_point(years: int):
    """In a plan's first year each line has one point: without a marker Excel draws nothing
    and the plan's level shows only in the legend."""
    import io
    from datetime import datetime

    from generator.output.xlsx_tables import ChartSpec, Table, write_tables

    header = 2  # 0-based row of the years, under the title
    table = Table(
        "Biểu đồ chỉ tiêu",
        "CÁC CHỈ TIÊU",
        ("Chỉ tiêu", "Số liệu", *(str(2026 + i) for i in range(years))),
        (40, 18, *(10,) * years),
        [["Tỷ lệ", "Số liệu từng năm", *(1,) * years], ["", "Mức tối thiểu", *(5,) * years]],
        charts=[
            ChartSpec(
                "Tỷ lệ", years, ("Số liệu từng năm", header + 1), (("Mức tối thiểu", header + 2),)
            )
        ],
    )
    target = io.BytesIO()
    write_tables([table], "Tổng hợp", "vanban", datetime(2026, 12, 20), target)
    with zipfile.ZipFile(target) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    line = chart[chart.index("<c:lineChart>") :]
    assert ('<c:symbol val="diamond"/>' in line) is (years == 1)
