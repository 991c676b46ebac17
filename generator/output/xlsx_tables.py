"""Sheets of tables into an .xlsx workbook, the same bytes always, here or in a process of its own.

Written by XlsxWriter in its constant-memory mode (rows streamed to temporary files; see
bench/README.md for why this library), then repacked: its compressed entries are copied as
they are into a zip laid out as :func:`generator.output.files.pack_zip` writes one, and the
core properties (which XlsxWriter cannot give a language) are written here.

A large workbook (tong-hop.xlsx at 10,000 agencies: a million cells, 10 s of XlsxWriter's
Python) is written by a spawned process fed the rows through a pipe
(:func:`write_tables_elsewhere`), so that it runs on the other core while this process
renders the report and feeds the letter workers. The bytes are those of :func:`write_tables`.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import struct
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from typing import Any, BinaryIO
from xml.sax.saxutils import escape as xml_escape

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from generator.output.files import Deflated, pack_deflated_zip
from generator.workers import ignore_interrupt

_FONT = "Times New Roman"
_BOX = {"border": 1, "border_color": "#808080"}
# XlsxWriter's format of each kind of row (bench/summary_writers.py writes the same cells).
CELL_FORMATS: dict[str, dict[str, object]] = {
    "title": {"font_name": _FONT, "font_size": 13, "bold": True},
    "header": {
        "font_name": _FONT,
        "font_size": 12,
        "bold": True,
        "text_wrap": True,
        "align": "center",
        "valign": "vcenter",
        "pattern": 1,
        "fg_color": "#D9E1F2",
        **_BOX,
    },
    "body": {"font_name": _FONT, "font_size": 12, "text_wrap": True, "valign": "top", **_BOX},
    "total": {
        "font_name": _FONT,
        "font_size": 12,
        "bold": True,
        "text_wrap": True,
        "valign": "top",
        **_BOX,
    },
}
_NUMBER = "#,##0"
_DATE = "dd/mm/yyyy"
# Format codes are stored in Excel's own notation («.» before the decimals, «,» between
# thousands); Excel and LibreOffice show them with the reader's separators: 1.234,5 and
# 86,67% on a Vietnamese computer.
HEADER_ROW = 3  # 1-based, as a clerk counts: title in row 1, row 2 empty
_A4 = 9
_DIGIT_PIXELS = 7  # XlsxWriter's width of a digit of the default font
_CORE_PART = "docProps/core.xml"


@dataclass(frozen=True)
class Table:
    """One sheet: its title (merged over the columns), header row, widths and rows."""

    name: str
    title: str
    headers: tuple[str, ...]
    widths: tuple[float, ...]
    rows: Iterable[Sequence[object]]  # streamed: a generator is read once
    total: Sequence[object] | None = None  # the last row, in bold
    charts: Sequence[ChartSpec] = ()  # native Excel charts of rows of this sheet


@dataclass(frozen=True)
class ChartSpec:
    """A chart of one target: its yearly figures as columns, the cumulative figures and the
    plan's levels as lines; ``rows`` are the 0-based rows of the sheet holding each series,
    their values in the columns after the first two (one column a year)."""

    title: str
    columns: int  # how many years
    bars: tuple[str, int]  # (series name, row)
    lines: tuple[tuple[str, int], ...]
    axis_format: str | None = None  # the value axis's number format; None: its cells'


@dataclass(frozen=True)
class Percent:
    """A percentage as the report writes it: ``value`` 86.67 is 86,67 %, shown with
    ``decimals`` decimals. Written as the number 0.8667 in a percent format («0.00%»), the
    way Excel keeps a percentage: the cell shows 86,67%, and a chart or a formula reads a
    number (a text «86.67» is neither summed nor drawn)."""

    value: int | Decimal
    decimals: int = 0


def _decimal_format(value: Decimal) -> str:
    """«#,##0» followed by as many decimals as ``value`` is written with (2.50: «#,##0.00»)."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return _NUMBER + ("." + "0" * decimals if decimals else "")


class _Formats:
    """One XlsxWriter format per (kind of row, number format), made when first needed."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self._wb = wb
        self._made: dict[tuple[str, str | None], Format] = {}

    def get(self, kind: str, number_format: str | None = None) -> Format:
        key = (kind, number_format)
        made = self._made.get(key)
        if made is None:
            settings = dict(CELL_FORMATS[kind])
            if number_format is not None:
                settings["num_format"] = number_format
            made = self._made[key] = self._wb.add_format(settings)
        return made


def _write_cell(
    ws: Worksheet, formats: _Formats, row: int, column: int, value: object, kind: str
) -> None:
    """One cell by its value's type. Text goes through write_string, never write: a text
    starting with «=» stays text (write would store it as a formula). Every number is a
    number cell: an int as «#,##0», a fraction with its decimals, a :class:`Percent` in a
    percent format."""
    kind_of_value = type(value)  # the two most frequent first: 700,000 cells at 10,000 agencies
    if kind_of_value is str and value:
        ws.write_string(row, column, value, formats.get(kind))
    elif kind_of_value is int:
        ws.write_number(row, column, value, formats.get(kind, _NUMBER))
    elif value is None or value == "":
        ws.write_blank(row, column, None, formats.get(kind))
    elif isinstance(value, bool):
        ws.write_boolean(row, column, value, formats.get(kind))
    elif isinstance(value, int):
        ws.write_number(row, column, value, formats.get(kind, _NUMBER))
    elif isinstance(value, Percent):
        fraction = float(Decimal(value.value).scaleb(-2))  # 86.67 -> 0.8667, stored «0.8667»
        decimals = "." + "0" * value.decimals if value.decimals else ""
        ws.write_number(row, column, fraction, formats.get(kind, f"0{decimals}%"))
    elif isinstance(value, Decimal | float):
        # A fraction is a number shown with its decimals: «#,##0» would show 2.5 as 3.
        exact = value if isinstance(value, Decimal) else Decimal(repr(value)).normalize()
        ws.write_number(row, column, float(value), formats.get(kind, _decimal_format(exact)))
    elif isinstance(value, datetime | date):
        day = datetime(value.year, value.month, value.day)
        ws.write_datetime(row, column, day, formats.get(kind, _DATE))
    elif isinstance(value, str):  # a StrEnum's member: its text
        ws.write_string(row, column, str(value), formats.get(kind))
    else:  # never str(value): a kind of number not known here would reach Excel as text
        raise TypeError(f"no cell is written for a {type(value).__name__} ({value!r})")


def _write_table(wb: xlsxwriter.Workbook, formats: _Formats, table: Table) -> None:
    ws = wb.add_worksheet(table.name)
    for column, width in enumerate(table.widths):
        # In pixels, so that the file stores the width as given; set_column would add
        # Excel's cell padding (12 -> 12.71) and widen every column a little.
        ws.set_column_pixels(column, column, width * _DIGIT_PIXELS)
    header = HEADER_ROW - 1  # XlsxWriter counts from 0
    ws.freeze_panes(header + 1, 0)
    ws.repeat_rows(header)
    ws.set_landscape()
    ws.set_paper(_A4)
    ws.fit_to_pages(1, 0)
    last_column = len(table.headers) - 1
    ws.merge_range(0, 0, 0, last_column, table.title, formats.get("title"))
    for column, text in enumerate(table.headers):
        _write_cell(ws, formats, header, column, text, "header")
    row = header
    # The body's two most frequent kinds of value written here, their formats looked up once:
    # a million cells at 10,000 agencies, and the call and lookups per cell were 7 % of the
    # writing. Every other value goes through _write_cell, the same choice.
    write_string, write_number = ws.write_string, ws.write_number
    text_format, number_format = formats.get("body"), formats.get("body", _NUMBER)
    for row, values in enumerate(table.rows, start=header + 1):
        for column, value in enumerate(values):
            kind_of_value = type(value)
            if kind_of_value is str and value:
                write_string(row, column, value, text_format)
            elif kind_of_value is int:
                write_number(row, column, value, number_format)
            else:
                _write_cell(ws, formats, row, column, value, "body")
    if table.total is not None:
        for column, value in enumerate(table.total):
            _write_cell(ws, formats, row + 1, column, value, "total")
    for index, spec in enumerate(table.charts):
        ws.insert_chart(row + 3 + 16 * index, 0, _chart(wb, table.name, header, spec))


def _chart(wb: xlsxwriter.Workbook, sheet: str, header: int, spec: ChartSpec):
    """A column chart of the yearly figures with the cumulative figures and levels as lines."""
    first, last = 2, 1 + spec.columns  # the year columns, after the name and the series kind

    def series(name: str, row: int) -> dict:
        return {
            "name": name,
            "categories": [sheet, header, first, header, last],
            "values": [sheet, row, first, row, last],
        }

    chart = wb.add_chart({"type": "column"})
    chart.add_series({**series(*spec.bars), "fill": {"color": "#4472C4"}})
    lines = wb.add_chart({"type": "line"})
    for name, row in spec.lines:
        # one year is one point: a line without a marker draws nothing
        marker = {"marker": {"type": "diamond", "size": 8}} if spec.columns == 1 else {}
        lines.add_series({**series(name, row), **marker})
    chart.combine(lines)
    chart.set_title({"name": spec.title, "name_font": {"name": _FONT, "size": 11}})
    chart.set_legend({"position": "bottom", "font": {"name": _FONT, "size": 9}})
    chart.set_x_axis({"num_font": {"name": _FONT, "size": 9}})
    y_axis: dict[str, object] = {"num_font": {"name": _FONT, "size": 9}, "min": 0}
    if spec.axis_format is not None:
        y_axis["num_format"] = spec.axis_format
    chart.set_y_axis(y_axis)
    chart.set_size({"width": 720, "height": 300})
    return chart


def _core_properties(title: str, creator: str, moment: datetime) -> bytes:
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_escape(title)}</dc:title>"
        f"<dc:creator>{xml_escape(creator)}</dc:creator>"
        f"<cp:lastModifiedBy>{xml_escape(creator)}</cp:lastModifiedBy>"
        "<dc:language>vi-VN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then name and extra field lengths


def _compressed_entries(source: BinaryIO) -> Iterator[tuple[str, Deflated]]:
    """Each entry of the zip ``source`` as its compressed bytes, not decompressed: XlsxWriter
    deflates with zlib's default level, the level pack_zip uses, so they are reused."""
    with zipfile.ZipFile(source) as archive:
        entries = archive.infolist()
    for info in entries:
        if info.compress_type != zipfile.ZIP_DEFLATED:
            raise ValueError(f"{info.filename}: not deflated")
        source.seek(info.header_offset)
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(source.read(30))
        if signature != b"PK\x03\x04":
            raise ValueError(f"{info.filename}: no local header")
        source.seek(name_length + extra_length, 1)
        compressed = source.read(info.compress_size)
        yield info.filename, Deflated(compressed, info.CRC, info.file_size)


def write_tables(
    tables: Iterable[Table], title: str, creator: str, moment: datetime, target: BinaryIO
) -> None:
    """The workbook of ``tables`` into ``target``, dated ``moment``, the same bytes always."""
    with (
        tempfile.TemporaryDirectory(prefix="vanban-xlsx-") as folder,
        tempfile.TemporaryFile(dir=folder) as raw,
    ):
        wb = xlsxwriter.Workbook(raw, {"constant_memory": True, "tmpdir": folder})
        wb.set_properties({"title": title, "author": creator, "created": moment})
        formats = _Formats(wb)
        for table in tables:
            _write_table(wb, formats, table)
        wb.close()
        core = _core_properties(title, creator, moment)
        files = [
            (name, core if name == _CORE_PART else entry)
            for name, entry in _compressed_entries(raw)
        ]
    target.write(pack_deflated_zip(files, (moment.year, moment.month, moment.day, 0, 0, 0)))


# ---------------------------------------------------------------------------
# In a process of its own

ROWS_PER_MESSAGE = 500  # rows pickled together: a task's text repeated in them is sent once
STOP_SECONDS = 10  # how long a stopped writer may take to remove its files


class TableWriterError(RuntimeError):
    """The writing process failed: its exception's kind and text, or that it ended."""


class TablesElsewhere:
    """A spawned process that writes the workbook of the tables :meth:`write` sends it.

    Started on entering, so that it starts while this process does other work. Leaving the
    ``with`` block on an error (a failed letter, Ctrl+C) stops the process at once: the
    thread blocked sending it rows then ends too, instead of waiting for a workbook that
    will not be kept.
    """

    def __init__(self, title: str, creator: str, moment: datetime) -> None:
        context = multiprocessing.get_context("spawn")  # as on Windows; fork copies this one
        self._here, there = context.Pipe()
        self._stopped = context.Event()
        self._process = context.Process(
            target=_write_received,
            args=(there, self._stopped, title, creator, moment),
            daemon=True,
        )
        self._process.start()
        there.close()

    def __enter__(self) -> TablesElsewhere:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is not None:
            self.stop()
        self._process.join(timeout=STOP_SECONDS)
        if self._process.is_alive():  # stuck: ended without its clean-up
            self._process.kill()
            self._process.join()
        self._here.close()

    def stop(self) -> None:
        """Ask the writing process to stop (from any thread): it does at the next rows it
        receives, removing its temporary files."""
        self._stopped.set()

    def write(self, tables: Iterable[Table]) -> bytes:
        """The bytes :func:`write_tables` gives for ``tables``: this process only makes the
        rows and sends them, :data:`ROWS_PER_MESSAGE` at a time (memory stays flat on both
        sides). An error of the other process is raised here, an OSError as an OSError."""
        try:
            _send_tables(self._here, tables)
            kind, payload = self._here.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError) as error:
            # Not joined here: this runs in the feeding thread, and two threads waiting for
            # one process race to reap it (the owner joins it on leaving the ``with``).
            raise TableWriterError("the table writer stopped before the end") from error
        except BaseException:  # the rows could not be made: the other process waits for none
            self.stop()
            with contextlib.suppress(OSError):
                self._here.send(None)  # wakes it if it waits for rows
            raise
        if kind == "bytes":
            return payload
        if kind == "OSError":  # its number kept, so that the clerk is told what it means
            raise OSError(*payload)
        raise TableWriterError(f"{kind}: {payload}")


def write_tables_elsewhere(
    tables: Iterable[Table], title: str, creator: str, moment: datetime
) -> bytes:
    """The bytes :func:`write_tables` gives, written by a process of its own."""
    with TablesElsewhere(title, creator, moment) as writer:
        return writer.write(tables)


def _send_tables(connection: Connection, tables: Iterable[Table]) -> None:
    for table in tables:
        connection.send(replace(table, rows=()))
        chunk: list[Sequence[object]] = []
        for row in table.rows:
            chunk.append(row)
            if len(chunk) == ROWS_PER_MESSAGE:
                connection.send(chunk)
                chunk = []
        if chunk:
            connection.send(chunk)
        connection.send([])  # the table's end
    connection.send(None)  # the workbook's end


class _Stopped(Exception):
    """The process that sends the rows asked this one to stop."""


def _received(connection: Connection, stopped: EventType) -> Any:
    message = connection.recv()
    if stopped.is_set():
        raise _Stopped
    return message


def _received_tables(connection: Connection, stopped: EventType) -> Iterator[Table]:
    while (table := _received(connection, stopped)) is not None:
        yield replace(table, rows=_received_rows(connection, stopped))


def _received_rows(connection: Connection, stopped: EventType) -> Iterator[Sequence[object]]:
    while chunk := _received(connection, stopped):
        yield from chunk


def _write_received(
    connection: Connection, stopped: EventType, title: str, creator: str, moment: datetime
) -> None:
    """The other process: the tables as they come, then the workbook's bytes sent back."""
    ignore_interrupt()  # the starting process stops this one (see TablesElsewhere)
    try:
        target = io.BytesIO()
        write_tables(_received_tables(connection, stopped), title, creator, moment, target)
        answer: tuple[str, object] = ("bytes", target.getvalue())
    except _Stopped:  # the temporary files are removed on the way out
        connection.close()
        return
    except OSError as error:
        answer = ("OSError", (error.errno, error.strerror, error.filename))
    except Exception as error:  # any other failure is told to the process that waits
        answer = (type(error).__name__, str(error))
    try:
        connection.send(answer)
    finally:
        connection.close()
