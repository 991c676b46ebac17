"""Builders for the bad-input corpus: a valid workspace, then one thing broken per case.

Every case starts from what a clerk really gets: the shipped plan and registry, and the
form vanban makes (:func:`generator.forms.build_form`) filled in as a person would. Each
case then breaks exactly one thing, either in the workbook (through openpyxl, as a user
would), in the raw bytes of the file (zip directory, XML parts, as another program would),
in the YAML data, in a template, or in the output folder. Nothing here is committed as a
binary: the cases are rebuilt in a few milliseconds each.

A case's ``build`` gets the case's root folder holding ``inputs/`` (with ``YEAR/``),
``templates/`` and ``out/`` and changes it; :func:`make_root` makes that folder.
"""

from __future__ import annotations

import functools
import io
import shutil
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook

from generator.data.ip_rules import form_quantities
from generator.data.workspace import PLAN_FILE, REGISTRY_FILE, Workspace, load_workspace
from generator.forms import writer as forms

REPO = Path(__file__).resolve().parents[2]
SHIPPED_INPUTS = REPO / "inputs"
SHIPPED_TEMPLATES = REPO / "templates"
HISTORY_FILE = "so-lieu-cac-nam-truoc.yaml"

# 2024: figures of 2021-2023 are in the shipped history, so one year's folder is enough
# for `generate`; 32 agencies are active, so a whole batch takes about a second.
YEAR = 2024
AGENCY = "SKHCN"
WORKBOOK = f"{AGENCY}.xlsx"
DISTRICT = "THANH-PHO-SON-LA"  # merged away on 1 July 2025
OTHER_AGENCY = "SVHTTDL"

# Rows of the form (see generator.forms.writer): «Thông tin» labels from row 3, tables from row 4.
INFO_ROW = {label: forms.INFO_FIRST_ROW + i for i, label in enumerate(forms.INFO_ROWS)}
FIRST = forms.FIRST_DATA_ROW
TASK_STATUS, TASK_RESULT, TASK_FUNDING = 4, 5, 6
MEASURE_VALUE, MEASURE_NOTE = 4, 5

TCVN3_TEXT = "Së Khoa häc vµ C«ng nghÖ ®· tæ chøc tËp huÊn"
VNI_TEXT = "Sôû Khoa hoïc vaø Coâng ngheä ñaõ toå chöùc taäp huaán"

Builder = Callable[[Path], None]


@functools.cache
def shipped_workspace() -> Workspace:
    return load_workspace(SHIPPED_INPUTS)


def filled_form(code: str = AGENCY, year: int = YEAR) -> Workbook:
    """The real form of ``code`` for ``year``, filled in completely and correctly."""
    workspace = shipped_workspace()
    agency = workspace.registry.agency(code)
    wb = forms.build_form(workspace, agency, year)
    info = wb[forms.SHEET_INFO]
    info.cell(INFO_ROW[forms.LABEL_REPORTER], 2, "Nguyễn Thị Hoa")
    info.cell(INFO_ROW[forms.LABEL_PHONE], 2, "0212 3852 123")
    info.cell(INFO_ROW[forms.LABEL_EMAIL], 2, "hoa@example.com")
    info.cell(INFO_ROW[forms.LABEL_DATE], 2, date(year, 11, 5))
    tasks = wb[forms.SHEET_TASKS]
    for row in range(FIRST, FIRST + len(workspace.tasks_of(code, year))):
        tasks.cell(row, TASK_STATUS, forms.STATUSES[0])
        tasks.cell(row, TASK_RESULT, "Đã tổ chức 02 lớp tập huấn cho 120 lượt người.")
        tasks.cell(row, TASK_FUNDING, 15_000_000)
    measures = wb[forms.SHEET_MEASURES]
    for row in range(FIRST, FIRST + len(form_quantities(workspace.plan))):
        measures.cell(row, MEASURE_VALUE, 0)
    if workspace.plan.ip is not None:
        figures = wb[workspace.plan.ip.activities_sheet]
        for row in range(FIRST, FIRST + len(workspace.plan.ip.activities)):
            figures.cell(row, MEASURE_VALUE, 0)
    issues = wb[forms.SHEET_ISSUES]
    issues.cell(3, 2, "Kinh phí còn hạn chế.")
    issues.cell(4, 2, "Đề nghị bố trí thêm kinh phí.")
    return wb


def workbook_bytes(wb: Workbook, year: int = YEAR) -> bytes:
    return forms.workbook_bytes(wb, forms.form_moment(year))


@functools.cache
def valid_bytes(code: str = AGENCY, year: int = YEAR) -> bytes:
    return workbook_bytes(filled_form(code, year), year)


def make_root(root: Path, year: int = YEAR, with_workbook: bool = True) -> Path:
    """``root/inputs`` (shipped YAML, ``YEAR/SKHCN.xlsx`` valid), ``templates``, ``out``."""
    inputs = root / "inputs"
    (inputs / str(year)).mkdir(parents=True)
    for name in (PLAN_FILE, REGISTRY_FILE, HISTORY_FILE):
        shutil.copyfile(SHIPPED_INPUTS / name, inputs / name)
    shutil.copytree(SHIPPED_TEMPLATES, root / "templates")
    (root / "out").mkdir()
    if with_workbook:
        (inputs / str(year) / WORKBOOK).write_bytes(valid_bytes(year=year))
    return root


def year_folder(root: Path, year: int = YEAR) -> Path:
    return root / "inputs" / str(year)


# ---------------------------------------------------------------------------
# Zip-level surgery (what another program, or an attacker, could produce)


def rezip(
    data: bytes,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """``data`` (a zip) with some members rewritten and others added, order kept."""
    edit = edit or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in edit:
                content = edit[info.filename](content)
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
        for name, content in (add or {}).items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def replace_bytes(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def edit(content: bytes) -> bytes:
        assert old in content, f"{old!r} not found in part"
        return content.replace(old, new, 1)

    return edit


def sheet_part(data: bytes, sheet_title: str) -> str:
    """The zip member of the worksheet titled ``sheet_title`` (openpyxl numbers them in order)."""
    wb = load_workbook(io.BytesIO(data), read_only=True)
    index = wb.sheetnames.index(sheet_title) + 1
    wb.close()
    return f"xl/worksheets/sheet{index}.xml"


# ---------------------------------------------------------------------------
# Ready-made builders


def put_workbook(wb_or_bytes: Workbook | bytes, name: str = WORKBOOK, year: int = YEAR) -> Builder:
    """A builder that replaces the valid workbook by ``wb_or_bytes`` saved as ``name``."""

    def build(root: Path) -> None:
        folder = year_folder(root, year)
        (folder / WORKBOOK).unlink(missing_ok=True)
        data = wb_or_bytes if isinstance(wb_or_bytes, bytes) else workbook_bytes(wb_or_bytes, year)
        (folder / name).write_bytes(data)

    return build


def edited_form(edit: Callable[[Workbook], None], code: str = AGENCY, year: int = YEAR) -> Builder:
    """A builder whose workbook is the filled form after ``edit`` (typed as a clerk would)."""

    def build(root: Path) -> None:
        wb = filled_form(code, year)
        edit(wb)
        put_workbook(wb, year=year)(root)

    return build


def set_cell(sheet: str, row: int, column: int, value: object) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        wb[sheet].cell(row, column).value = value

    return edit


def typed(sheet: str, row: int, column: int, value: object) -> Builder:
    return edited_form(set_cell(sheet, row, column, value))


def raw_file(data: bytes, name: str) -> Builder:
    return put_workbook(data, name)


def edit_yaml(name: str, old: str, new: str) -> Builder:
    def build(root: Path) -> None:
        path = root / "inputs" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return build


def edit_template(name: str, old: bytes, new: bytes) -> Builder:
    def build(root: Path) -> None:
        path = root / "templates" / name
        path.write_bytes(rezip(path.read_bytes(), {"word/document.xml": replace_bytes(old, new)}))

    return build


def ole2_file(with_encryption: bool) -> bytes:
    """An OLE2 compound file header; an encrypted .xlsx is one holding «EncryptionInfo»."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = ("EncryptionInfo" if with_encryption else "Workbook").encode("utf-16-le")
    return header + directory.ljust(128, b"\x00") + b"\x00" * 3456


def zip_bomb(limit_bytes: int) -> bytes:
    """A valid form plus one member of zeros that unpacks past ``limit_bytes`` (~100 kB file)."""
    out = io.BytesIO(valid_bytes())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        chunk = b"\x00" * (1024 * 1024)
        with archive.open("xl/media/image1.bin", "w", force_zip64=True) as member:
            for _ in range(limit_bytes // len(chunk) + 2):
                member.write(chunk)
    return out.getvalue()


def forged_sizes_bomb() -> bytes:
    """A member whose directory claims 1 kB but whose data inflates to 5 MB (a lying bomb)."""
    name = b"xl/media/image1.bin"
    data = bytearray(rezip(valid_bytes(), add={name.decode(): b"A" * (5 * 1024 * 1024)}))
    small = (1024).to_bytes(4, "little")
    # Uncompressed size: offset 22 of the local header, offset 24 of the central entry.
    local = data.find(b"PK\x03\x04")
    while data[local + 30 : local + 30 + len(name)] != name:
        local = data.find(b"PK\x03\x04", local + 4)
    data[local + 22 : local + 26] = small
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    data[central + 24 : central + 28] = small
    return bytes(data)


SST_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_RELATIONSHIP = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _retype_cell(cell: str, content: bytes, kind: bytes) -> Callable[[bytes], bytes]:
    """Replace the content of ``cell`` in a worksheet part (openpyxl writes inline strings)."""

    def edit(xml: bytes) -> bytes:
        start = xml.index(f'<c r="{cell}"'.encode())
        end = xml.index(b"</c>", start) + len(b"</c>")
        tag = xml[start : xml.index(b">", start)].replace(b' t="inlineStr"', b"")
        return xml[:start] + tag + b' t="' + kind + b'">' + content + b"</c>" + xml[end:]

    return edit


def with_formula(sheet_title: str, cell: str, formula: str, cached: str) -> bytes:
    """The valid form with ``cell`` holding a formula and the result Excel saved with it."""
    data = valid_bytes()
    content = f"<f>{formula}</f><v>{cached}</v>".encode()
    retype = _retype_cell(cell, content, b"n")
    return rezip(
        data, {sheet_part(data, sheet_title): lambda xml: retype(xml.replace(b' t="n"', b""))}
    )


def with_shared_string(sheet_title: str, cell: str, text_xml: bytes, prolog: bytes = b"") -> bytes:
    """The valid form with ``cell`` turned into a shared string, as Excel saves text.

    ``text_xml`` goes into ``<t>`` as raw XML (entities, ``_x000B_`` escapes as written);
    ``prolog`` goes between the XML declaration and ``<sst>`` (a DOCTYPE, say).
    """
    data = valid_bytes()
    sst = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + prolog
        + f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t xml:space="preserve">'.encode()
        + text_xml
        + b"</t></si></sst>"
    )
    edits = {
        sheet_part(data, sheet_title): _retype_cell(cell, b"<v>0</v>", b"s"),
        "[Content_Types].xml": replace_bytes(
            b"</Types>",
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_CONTENT_TYPE}"/>'
            "</Types>".encode(),
        ),
        "xl/_rels/workbook.xml.rels": replace_bytes(
            b"</Relationships>",
            f'<Relationship Type="{SST_RELATIONSHIP}" Target="sharedStrings.xml" Id="rId99"/>'
            "</Relationships>".encode(),
        ),
    }
    return rezip(data, edits, add={"xl/sharedStrings.xml": sst})


def with_inline_xml(sheet_title: str, cell: str, text_xml: bytes, prolog: bytes = b"") -> bytes:
    """The valid form with raw XML as the inline text of ``cell``, ``prolog`` before the root."""
    data = valid_bytes()
    part = sheet_part(data, sheet_title)
    retype = _retype_cell(cell, b"<is><t>" + text_xml + b"</t></is>", b"inlineStr")

    def edit(xml: bytes) -> bytes:
        return prolog + retype(xml)

    return rezip(data, {part: edit})
