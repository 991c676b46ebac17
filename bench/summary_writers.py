"""Benchmark: the same tong-hop.xlsx cells written by each candidate library.

    python bench/summary_writers.py TONG_HOP_XLSX [--writers a,b,...] [--runs 2]

The cells are read once from a ``tong-hop.xlsx`` that ``vanban generate`` wrote (for
example the one ``bench/letters.py --letters 10000 --keep DIR`` leaves in
``DIR/out/2024/``), so every writer gets exactly the batch's cells: values, kinds (title,
header, body, total row) and number formats. Each writer then runs in a fresh child process
(its own peak RSS) ``--runs`` times; the bytes of the runs are compared (determinism).

Writers: ``floor`` (raw sheet XML streamed into a deflated zip: what no library can beat),
``openpyxl`` (write-only mode, as vanban wrote it until now), ``xlsxwriter``
(constant_memory), ``xlsxwriter-inline`` (vanban's writer: XlsxWriter constant_memory plus
the repacking to fixed zip entries), ``pyexcelerate``, ``rustpy`` (rustpy-xlsxwriter).
Features a library lacks are left out for it and listed by ``--features``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

WRITERS = ("floor", "openpyxl", "xlsxwriter", "vanban", "pyexcelerate", "rustpy")
MOMENT = dt.datetime(2024, 11, 15)

FEATURES = {
    "floor": "values and style indices only",
    "openpyxl": "all (widths, merged title, frozen header, print titles, fit to width, properties)",
    "xlsxwriter": "all; zip entries carry the temp files' attributes and the local 1980-01-31",
    "vanban": "all; zip entries as pack_zip writes them, core properties as openpyxl's",
    "pyexcelerate": "no print titles, no page setup; core.xml dated now, zip entries dated now",
    "rustpy": "no per-cell kinds (bold total row, header fill per cell), no print titles",
}


def read_tables(path: Path) -> list[dict]:
    """The sheets of ``path``: name, title, headers, widths, body rows, total row."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    tables = []
    for ws in wb.worksheets:
        rows = [[cell.value for cell in row] for row in ws.iter_rows(min_row=4)]
        total = None
        last = ws.max_row
        if rows and ws.cell(last, 1).font.b:
            total = rows.pop()
        columns = len(rows[0]) if rows else ws.max_column
        widths = [
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
            for i in range(1, columns + 1)
        ]
        tables.append(
            {
                "name": ws.title,
                "title": ws["A1"].value,
                "headers": [c.value for c in ws[3]],
                "widths": widths,
                "rows": [[_plain(v) for v in row] for row in rows],
                "total": [_plain(v) for v in total] if total else None,
            }
        )
    return tables


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    return "" if value is None else value


def _kind_format(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return "#,##0"
    if isinstance(value, dt.date):
        return "dd/mm/yyyy"
    return None


# ---------------------------------------------------------------------------
# The writers: each takes the tables and returns the workbook's bytes


def write_floor(tables: list[dict]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for index, table in enumerate(tables, start=1):
            with archive.open(f"xl/worksheets/sheet{index}.xml", "w") as stream:
                stream.write(b'<worksheet xmlns="x"><sheetData>')
                rows = [[table["title"]], [], table["headers"], *table["rows"]]
                if table["total"]:
                    rows.append(table["total"])
                for r, row in enumerate(rows, start=1):
                    cells = []
                    for c, value in enumerate(row):
                        ref = f"{chr(65 + c)}{r}"
                        if isinstance(value, int):
                            cells.append(f'<c r="{ref}" s="2"><v>{value}</v></c>')
                        elif isinstance(value, dt.date):
                            cells.append(
                                f'<c r="{ref}" s="3"><v>{value.toordinal() - 693594}</v></c>'
                            )
                        elif value == "":
                            cells.append(f'<c r="{ref}" s="1"/>')
                        else:
                            text = escape(str(value))
                            cells.append(
                                f'<c r="{ref}" s="1" t="inlineStr"><is><t>{text}</t></is></c>'
                            )
                    stream.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())
                stream.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def write_openpyxl(tables: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.writer.excel import ExcelWriter

    from generator.output.files import repack_zip

    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    kinds = {
        "title": {"font": Font(name="Times New Roman", size=13, bold=True)},
        "header": {
            "font": Font(name="Times New Roman", size=12, bold=True),
            "alignment": Alignment(wrap_text=True, horizontal="center", vertical="center"),
            "border": box,
            "fill": PatternFill("solid", fgColor="D9E1F2"),
        },
        "body": {
            "font": Font(name="Times New Roman", size=12),
            "border": box,
            "alignment": Alignment(wrap_text=True, vertical="top"),
        },
        "total": {
            "font": Font(name="Times New Roman", size=12, bold=True),
            "border": box,
            "alignment": Alignment(wrap_text=True, vertical="top"),
        },
    }
    styles: dict = {}

    def make(ws, value, kind):
        cell = WriteOnlyCell(ws, value)
        key = (kind, _kind_format(value))
        if key not in styles:
            for name, setting in kinds[kind].items():
                setattr(cell, name, setting)
            if key[1]:
                cell.number_format = key[1]
            styles[key] = StyleArray(cell._style)
        else:
            cell._style = StyleArray(styles[key])
        return cell

    wb = Workbook(write_only=True)
    for table in tables:
        ws = wb.create_sheet(table["name"])
        for i, width in enumerate(table["widths"], start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A4"
        ws.print_title_rows = "3:3"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.merged_cells.add(
            CellRange(min_col=1, min_row=1, max_col=len(table["headers"]), max_row=1)
        )
        ws.append([make(ws, table["title"], "title")])
        ws.append([])
        ws.append([make(ws, h, "header") for h in table["headers"]])
        for row in table["rows"]:
            ws.append([make(ws, v, "body") for v in row])
        if table["total"]:
            ws.append([make(ws, v, "total") for v in table["total"]])
    wb.properties.created = wb.properties.modified = MOMENT
    target = io.BytesIO()
    with tempfile.TemporaryFile() as raw:
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as archive:
            ExcelWriter(wb, archive).write_data()
        raw.seek(0)
        repack_zip(raw, target, (2024, 11, 15, 0, 0, 0))
    return target.getvalue()


def write_xlsxwriter(tables: list[dict]) -> bytes:
    import xlsxwriter

    from generator.output.xlsx_tables import CELL_FORMATS as kinds

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    wb.set_properties({"created": MOMENT})
    formats: dict = {}

    def fmt(kind, value):
        key = (kind, _kind_format(value))
        if key not in formats:
            formats[key] = wb.add_format(
                {**kinds[kind], **({"num_format": key[1]} if key[1] else {})}
            )
        return formats[key]

    def put(ws, r, c, value, kind):
        f = fmt(kind, value)
        if value == "" or value is None:
            ws.write_blank(r, c, None, f)
        elif isinstance(value, int):
            ws.write_number(r, c, value, f)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), f)
        else:
            ws.write_string(r, c, str(value), f)

    for table in tables:
        ws = wb.add_worksheet(table["name"])
        for i, width in enumerate(table["widths"]):
            ws.set_column(i, i, width)
        ws.freeze_panes(3, 0)
        ws.repeat_rows(2)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.merge_range(0, 0, 0, len(table["headers"]) - 1, table["title"], fmt("title", ""))
        for c, header in enumerate(table["headers"]):
            put(ws, 2, c, header, "header")
        r = 3
        for row in table["rows"]:
            for c, value in enumerate(row):
                put(ws, r, c, value, "body")
            r += 1
        if table["total"]:
            for c, value in enumerate(table["total"]):
                put(ws, r, c, value, "total")
    wb.close()
    return buffer.getvalue()


def write_vanban(tables: list[dict]) -> bytes:
    """vanban's own writer on these cells (generator.documents.summary_xlsx)."""
    from generator.output.xlsx_tables import Table, write_tables

    out = io.BytesIO()
    write_tables(
        [
            Table(
                t["name"],
                t["title"],
                tuple(t["headers"]),
                tuple(t["widths"]),
                t["rows"],
                t["total"],
            )
            for t in tables
        ],
        "Tổng hợp",
        "Sở",
        MOMENT,
        out,
    )
    return out.getvalue()


def write_pyexcelerate(tables: list[dict]) -> bytes:
    from pyexcelerate import Alignment, Color, Fill, Font, Format, Panes, Style, Workbook
    from pyexcelerate.Border import Border
    from pyexcelerate.Borders import Borders

    border = Borders(*(Border(color=Color(128, 128, 128), style="thin") for _ in range(4)))
    styles: dict = {}

    def style(kind, value):
        key = (kind, _kind_format(value))
        if key not in styles:
            font = Font(
                family="Times New Roman",
                size=13 if kind == "title" else 12,
                bold=kind in ("title", "header", "total"),
            )
            fill = Fill(background=Color(0xD9, 0xE1, 0xF2)) if kind == "header" else None
            align = (
                Alignment(horizontal="center", vertical="center", wrap_text=True)
                if kind == "header"
                else Alignment(vertical="top", wrap_text=True)
            )
            styles[key] = Style(
                font=font,
                fill=fill,
                alignment=align,
                borders=None if kind == "title" else border,
                format=Format(key[1]) if key[1] else None,
            )
        return styles[key]

    wb = Workbook()
    for table in tables:
        ws = wb.new_sheet(table["name"])
        for i, width in enumerate(table["widths"], start=1):
            ws.set_col_style(i, Style(size=width))
        ws.panes = Panes(0, 3)
        ws.set_cell_value(1, 1, table["title"])
        ws.set_cell_style(1, 1, style("title", ""))
        ws.range((1, 1), (1, len(table["headers"]))).merge()
        rows = [("header", table["headers"])] + [("body", row) for row in table["rows"]]
        if table["total"]:
            rows.append(("total", table["total"]))
        for r, (kind, row) in enumerate(rows, start=3):
            for c, value in enumerate(row, start=1):
                ws.set_cell_value(r, c, value if value != "" else None)
                ws.set_cell_style(r, c, style(kind, value))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_rustpy(tables: list[dict]) -> bytes:
    import rustpy_xlsxwriter as rx

    entries = []
    for table in tables:
        headers = table["headers"]
        body = table["rows"] + ([table["total"]] if table["total"] else [])
        records = [dict(zip(headers, row, strict=True)) for row in body]
        entries.append((table["name"], records))
    buffer = io.BytesIO()
    rx.write_worksheets(
        entries,
        buffer,
        freeze_panes={"general": {"row": 1, "col": 0}},
        bold_headers=True,
    )
    return buffer.getvalue()


# ---------------------------------------------------------------------------


def _child(writer: str, cells: Path) -> None:
    tables = pickle.loads(cells.read_bytes())
    started, cpu = time.perf_counter(), time.process_time()
    data = globals()[f"write_{writer}"](tables)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "peak_mb": peak,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path, nargs="?")
    parser.add_argument("--writers", default=",".join(WRITERS))
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], Path(args.child[1]))
        return
    tables = read_tables(args.workbook)
    count = sum(len(t["headers"]) * (len(t["rows"]) + 3 + bool(t["total"])) for t in tables)
    print(f"{count:,} cells in {len(tables)} sheets from {args.workbook}")
    with tempfile.TemporaryDirectory() as folder:
        cells = Path(folder) / "cells.pickle"
        cells.write_bytes(pickle.dumps(tables))
        for writer in args.writers.split(","):
            runs = []
            for _ in range(args.runs):
                child = subprocess.run(
                    [sys.executable, __file__, "--child", writer, str(cells)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if child.returncode:
                    print(f"{writer}: failed\n{child.stderr[-2000:]}")
                    break
                runs.append(json.loads(child.stdout.splitlines()[-1]))
                time.sleep(1.1)  # a writer that stamps the clock shows it in the next run
            if not runs:
                continue
            same = len({r["sha256"] for r in runs}) == 1
            best = min(r["seconds"] for r in runs)
            cpu = min(r["cpu"] for r in runs)
            print(
                f"{writer:<13} {best:6.2f} s wall {cpu:6.2f} s cpu  peak {max(r['peak_mb'] for r in runs):5.0f} MB  "
                f"{runs[0]['size'] / 1e6:5.1f} MB  identical bytes across runs: "
                f"{'yes' if same else 'NO'}  ({FEATURES[writer]})"
            )


if __name__ == "__main__":
    main()
