"""Files that are not usable workbooks, oversized inputs, formulas, and other programs' files.

Each refused file gives one Vietnamese finding naming the file, never a traceback.
"""

from __future__ import annotations

import errno
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from test_forms import filled_form, mini_workspace, rewrite_members, save

from generator.data.workspace import Workspace
from generator.errors import WorkbookError
from generator.forms import reader as reader_module
from generator.forms.reader import (
    MAX_ROWS,
    ExcelError,
    WorkbookData,
    check_file,
    decode_escapes,
    read_workbook,
)
from generator.validate import SubmissionStatus, validate_year

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return mini_workspace(tmp_path / "inputs")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "inputs" / "2024"
    path.mkdir(parents=True)
    return path


def refusal(workspace: Workspace, folder: Path, name: str) -> str:
    result = validate_year(workspace, 2024, folder.parent)
    assert not result.ok
    assert len(result.findings) == 1, [str(f) for f in result.findings]
    finding = result.findings[0]
    assert finding.file.name == name
    assert str(finding).startswith(f"tệp {name}: ")
    return finding.message


def valid_form(workspace: Workspace, folder: Path, name: str = "SKHCN.xlsx") -> Path:
    return save(filled_form(workspace, "SKHCN", 2024), folder / name)


def test_a_text_file_named_xlsx(workspace: Workspace, folder: Path) -> None:
    (folder / "bao-cao.xlsx").write_text("Báo cáo năm 2024", encoding="utf-8")
    assert "không phải là sổ làm việc Excel" in refusal(workspace, folder, "bao-cao.xlsx")


def test_an_empty_file(workspace: Workspace, folder: Path) -> None:
    (folder / "rong.xlsx").write_bytes(b"")
    assert "tệp rỗng" in refusal(workspace, folder, "rong.xlsx")


def test_a_corrupt_zip(workspace: Workspace, folder: Path) -> None:
    path = valid_form(workspace, folder, "hong.xlsx")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert "tệp bị hỏng" in refusal(workspace, folder, "hong.xlsx")


def test_a_zip_that_is_not_a_workbook(workspace: Workspace, folder: Path) -> None:
    with zipfile.ZipFile(folder / "nen.xlsx", "w") as archive:
        archive.writestr("bao-cao.txt", "nội dung")
    assert "không phải là sổ làm việc Excel" in refusal(workspace, folder, "nen.xlsx")


def test_a_legacy_xls(workspace: Workspace, folder: Path) -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le")
    (folder / "cu.xls").write_bytes(ole2)
    message = refusal(workspace, folder, "cu.xls")
    assert "định dạng Excel cũ (.xls)" in message and "*.xlsx" in message


def test_a_password_protected_workbook(workspace: Workspace, folder: Path) -> None:
    ole2 = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 504
        + "EncryptionInfo".encode("utf-16-le")
        + "EncryptedPackage".encode("utf-16-le")
    )
    (folder / "mat-khau.xlsx").write_bytes(ole2)
    assert "đặt mật khẩu" in refusal(workspace, folder, "mat-khau.xlsx")


def test_a_macro_enabled_workbook(workspace: Workspace, folder: Path) -> None:
    path = valid_form(workspace, folder, "macro.xlsm")

    def macro_enabled(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return data.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
        return data

    rewrite_members(path, macro_enabled)
    message = refusal(workspace, folder, "macro.xlsm")
    assert "có macro (.xlsm)" in message and "*.xlsx" in message


@pytest.mark.parametrize("macros", [True, False])
def test_a_binary_workbook_is_named_as_such(
    workspace: Workspace, folder: Path, macros: bool
) -> None:
    """An .xlsb's content type says «macroEnabled» whether it holds macros or not."""
    with zipfile.ZipFile(folder / "nhi-phan.xlsb", "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.bin" '
            'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>',
        )
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
        if macros:
            archive.writestr("xl/vbaProject.bin", b"\xd0\xcf")
    assert refusal(workspace, folder, "nhi-phan.xlsb") == (
        "tệp là sổ làm việc nhị phân của Excel (.xlsb), vanban không đọc loại tệp này; hãy mở "
        "tệp bằng Excel và lưu lại dưới dạng «Sổ làm việc Excel (*.xlsx)»"
    )


# What Excel's «Strict Open XML Spreadsheet» changes: every namespace.
STRICT = {
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": (
        b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    ),
}


def strict_open_xml(path: Path) -> Path:
    def strict(_: str, data: bytes) -> bytes:
        for transitional, strict_namespace in STRICT.items():
            data = data.replace(transitional, strict_namespace)
        return data

    return rewrite_members(path, strict)


def test_a_strict_open_xml_workbook_is_one_finding(workspace: Workspace, folder: Path) -> None:
    strict_open_xml(valid_form(workspace, folder, "SKHCN.xlsx"))
    assert refusal(workspace, folder, "SKHCN.xlsx") == (
        "tệp được lưu theo định dạng «Strict Open XML», vanban không đọc định dạng này; hãy "
        "mở tệp bằng Excel và lưu lại dưới dạng «Sổ làm việc Excel (*.xlsx)»"
    )


def test_an_opendocument_spreadsheet(workspace: Workspace, folder: Path) -> None:
    with zipfile.ZipFile(folder / "calc.ods", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "OpenDocument (.ods)" in refusal(workspace, folder, "calc.ods")


def test_a_file_over_20_mb_is_refused_before_parsing(workspace: Workspace, folder: Path) -> None:
    with (folder / "lon.xlsx").open("wb") as stream:
        stream.truncate(21 * 1024 * 1024)  # sparse: nothing is parsed, only the size is read
    assert "vượt quá giới hạn 20 MB" in refusal(workspace, folder, "lon.xlsx")


def test_a_zip_bomb_is_refused_from_the_directory(workspace: Workspace, folder: Path) -> None:
    path = valid_form(workspace, folder, "bom.xlsx")
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/zeros.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(101):
            member.write(chunk)
    assert path.stat().st_size < 1024 * 1024
    assert "khi giải nén lớn hơn 100 MB" in refusal(workspace, folder, "bom.xlsx")


def _sheet_edited(path: Path, member: str, edit) -> Path:
    return rewrite_members(path, lambda name, data: edit(data) if name == member else data)


TASKS_PART = "xl/worksheets/sheet3.xml"  # «Nhiệm vụ»


def _formatted_beyond_the_limit(data: bytes) -> bytes:
    """A fill on J4:J12004, one formatted empty cell in the sheet's last row, and the
    dimension saying the sheet reaches it: formatting, no content."""
    data = re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:J1048576"/>', data)
    filled = b"".join(b'<row r="%d"><c r="J%d" s="1"/></row>' % (r, r) for r in range(30, 12_005))
    last = b'<row r="1048576" customFormat="1" s="1"><c r="F1048576" s="1"/></row>'
    return data.replace(b"</sheetData>", filled + last + b"</sheetData>")


def test_formatting_beyond_10000_rows_is_not_content(workspace: Workspace, folder: Path) -> None:
    path = _sheet_edited(valid_form(workspace, folder), TASKS_PART, _formatted_beyond_the_limit)
    result = validate_year(workspace, 2024, folder.parent)
    assert result.ok, [str(f) for f in result.findings]
    assert read_workbook(path).sheets["Nhiệm vụ"].max_row < 100


@pytest.mark.parametrize("dimension", [b'<dimension ref="A1:K20000"/>', b""])
def test_a_value_below_row_10000_names_its_sheet_and_cell(
    workspace: Workspace, folder: Path, dimension: bytes
) -> None:
    def stray_value(data: bytes) -> bytes:
        data = re.sub(rb'<dimension ref="[^"]+"/>', dimension, _formatted_beyond_the_limit(data))
        row = b'<row r="20000"><c r="K20000" t="inlineStr"><is><t>x</t></is></c></row>'
        return data.replace(b'<row r="1048576"', row + b'<row r="1048576"')

    _sheet_edited(valid_form(workspace, folder, "dai.xlsx"), TASKS_PART, stray_value)
    result = validate_year(workspace, 2024, folder.parent)
    assert len(result.findings) == 1, [str(f) for f in result.findings]
    assert str(result.findings[0]) == (
        "tệp dai.xlsx, trang tính «Nhiệm vụ», ô K20000: trang tính có nội dung đến dòng "
        "20.000, hơn 10.000 dòng của một phiếu báo cáo nên vanban không đọc tệp; nếu "
        "đó là nội dung gõ nhầm, hãy xóa nội dung các dòng từ 10.001 trở xuống rồi lưu lại, "
        "nếu không hãy dùng phiếu do vanban tạo"
    )
    assert MAX_ROWS == 10_000


def test_a_sheet_over_10000_rows_without_dimension(workspace: Workspace, folder: Path) -> None:
    path = valid_form(workspace, folder, "dai.xlsx")
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(20, 10_030)
    )

    def many_rows(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet4.xml":
            data = re.sub(rb'<dimension ref="[^"]+"/>', b"", data)
            return data.replace(b"</sheetData>", rows + b"</sheetData>")
        return data

    rewrite_members(path, many_rows)
    result = validate_year(workspace, 2024, folder.parent)
    finding = only_one(result)
    assert (finding.sheet, finding.cell) == ("Chỉ tiêu", "A10029")
    assert finding.message.startswith("trang tính có nội dung đến dòng 10.029, hơn 10.000 dòng")


def only_one(result):
    assert len(result.findings) == 1, [str(f) for f in result.findings]
    return result.findings[0]


def test_check_file_raises_a_workbook_error_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"")
    with pytest.raises(WorkbookError) as raised:
        check_file(path)
    assert raised.value.message().startswith("tệp x.xlsx: tệp rỗng")


def test_an_unreadable_file_named_after_an_agency_is_counted_for_it(
    workspace: Workspace, folder: Path
) -> None:
    (folder / "SKHCN.xlsx").write_text("không phải Excel", encoding="utf-8")
    result = validate_year(workspace, 2024, folder.parent)
    skhcn = result.submissions[0]
    assert (skhcn.agency.code, skhcn.status) == ("SKHCN", SubmissionStatus.INVALID)
    assert result.stray_findings == []


def test_formula_with_a_cached_value_is_read(workspace: Workspace, folder: Path) -> None:
    wb = filled_form(workspace, "SKHCN", 2024)
    wb["Chỉ tiêu"]["D5"] = "=1+1"
    path = save(wb, folder / "cong-thuc.xlsx")

    def cached(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet4.xml":
            return re.sub(rb"<f>1\+1</f>(<v\s*/>|<v></v>)?", b"<f>1+1</f><v>2</v>", data)
        return data

    rewrite_members(path, cached)
    result = validate_year(workspace, 2024, folder.parent)
    assert result.ok, [str(f) for f in result.findings]
    assert result.submissions[0].report.measures[1].value == 2


def test_decode_escapes() -> None:
    assert decode_escapes("a_x000B_b_x000a_c") == "a\vb\nc"
    assert decode_escapes("không có") == "không có"


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("_x005F_x0041_", "_x0041_"),  # Excel's escaped underscore: decoded once, not twice
        ("Mã _x005F_x000B_ và _x000B_", "Mã _x000B_ và \v"),
        ("abcx005F_def", "abcx005F_def"),  # no escape here: openpyxl would drop «x005F_»
        ("_x005f_x0041_", "_x0041_"),
    ],
)
def test_excel_escapes_are_decoded_exactly_once(tmp_path: Path, stored: str, typed: str) -> None:
    shared = f"<si><t>{stored}</t></si>"
    cells = (
        '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
        f'<c r="B1" t="inlineStr"><is><t>{stored}</t></is></c></row></sheetData>'
    )
    path = handmade_xlsx(tmp_path / "thoat.xlsx", cells, shared_strings=shared)
    assert trang(path) == {"A1": (typed, None), "B1": (typed, None)}


def test_excel_error_values_are_kept_apart_from_text(tmp_path: Path) -> None:
    cells = (
        '<sheetData><row r="1"><c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="B1" t="inlineStr"><is><t>#DIV/0!</t></is></c></row></sheetData>'
    )
    book = read_workbook(handmade_xlsx(tmp_path / "loi.xlsx", cells))
    sheet = next(iter(book.sheets.values()))
    assert isinstance(sheet.cell(1, 1).value, ExcelError)
    assert not isinstance(sheet.cell(1, 2).value, ExcelError)


def test_sheet_names_compare_after_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Chỉ tiêu")
    cells = '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    book = read_workbook(handmade_xlsx(tmp_path / "mac.xlsx", cells, title=nfd))
    assert book.sheet("Chỉ tiêu") is book.sheets[nfd]
    assert book.sheet(" chỉ TIÊU ") is book.sheets[nfd]


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) chưa được cài đặt; CI cài để chạy kiểm thử này")
    return found


def resave_with_libreoffice(source: Path, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir.parent / "lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out_dir / source.name


def test_a_libreoffice_resave_reads_the_same(workspace: Workspace, tmp_path: Path) -> None:
    original_dir = tmp_path / "goc" / "2024"
    original = save(
        filled_form(workspace, "SKHCN", 2024, funding={"IV.1.a": 350_000_000}),
        original_dir / "SKHCN.xlsx",
    )
    resaved = resave_with_libreoffice(original, tmp_path / "lo" / "2024")
    with zipfile.ZipFile(resaved) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()  # not openpyxl's inline strings
    before = validate_year(workspace, 2024, tmp_path / "goc").submissions[0].report
    result = validate_year(workspace, 2024, tmp_path / "lo")
    assert result.ok, [str(f) for f in result.findings]
    after = result.submissions[0].report
    assert after.tasks == before.tasks
    assert after.measures == before.measures
    assert (after.reporter, after.report_date, after.proposals) == (
        before.reporter,
        before.report_date,
        before.proposals,
    )


# ---------------------------------------------------------------------------
# The one-pass reader on files written by hand, as other programs write them

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# numFmt 14 is Excel's built-in short date; 164 a custom duration; 3 is "#,##0"
DATE_STYLES = (
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm"/></numFmts>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="3"/></cellXfs>'
)


def handmade_xlsx(
    path: Path,
    sheet_xml: str,
    *,
    styles: str = '<cellXfs count="1"><xf numFmtId="0"/></cellXfs>',
    shared_strings: str | None = None,
    workbook_properties: str = "<workbookPr/>",
    title: str = "Trang",
) -> Path:
    """A one-sheet workbook («Trang») written part by part, the way other programs do."""
    overrides = [
        ("/xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
        ("/xl/worksheets/sheet1.xml", "spreadsheetml.worksheet+xml"),
        ("/xl/styles.xml", "spreadsheetml.styles+xml"),
    ]
    relations = [("rId1", "worksheet", "worksheets/sheet1.xml"), ("rId2", "styles", "styles.xml")]
    if shared_strings is not None:
        overrides.append(("/xl/sharedStrings.xml", "spreadsheetml.sharedStrings+xml"))
        relations.append(("rId3", "sharedStrings", "sharedStrings.xml"))
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{name}" ContentType="application/'
            f'vnd.openxmlformats-officedocument.{kind}"/>'
            for name, kind in overrides
        )
        + "</Types>"
    )
    members = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{OFFICE_RELS}">'
        f'{workbook_properties}<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_RELS}">'
        + "".join(
            f'<Relationship Id="{rid}" Type="{OFFICE_RELS}/{kind}" Target="{target}"/>'
            for rid, kind, target in relations
        )
        + "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN_NS}">{sheet_xml}</worksheet>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN_NS}">{styles}</styleSheet>',
    }
    if shared_strings is not None:
        members["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN_NS}">{shared_strings}</sst>'
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return path


def trang(path: Path) -> dict[str, tuple[object, str | None]]:
    """Address -> (value, formula) of every cell read from sheet «Trang»."""
    sheet = read_workbook(path).sheets["Trang"]
    return {cell.address: (cell.value, cell.formula) for cell in sheet.cells.values()}


def test_a_number_is_a_date_only_when_its_style_shows_a_date(tmp_path: Path) -> None:
    cells = (
        '<sheetData><row r="1"><c r="A1" s="1"><v>45966</v></c><c r="B1" s="3"><v>45966</v>'
        '</c><c r="C1" s="2"><v>1.5</v></c><c r="D1"><v>45966</v></c></row></sheetData>'
    )
    path = handmade_xlsx(tmp_path / "ngay.xlsx", cells, styles=DATE_STYLES)
    assert trang(path) == {
        "A1": (datetime(2025, 11, 5), None),
        "B1": (45966, None),
        "C1": (timedelta(hours=36), None),
        "D1": (45966, None),
    }
    mac = handmade_xlsx(
        tmp_path / "mac.xlsx",
        cells,
        styles=DATE_STYLES,
        workbook_properties='<workbookPr date1904="1"/>',
    )
    assert trang(mac)["A1"] == (datetime(2029, 11, 6), None)  # 1904 date system: 1,462 days on


def test_formulas_and_their_cached_values_come_from_one_reading(tmp_path: Path) -> None:
    cells = (
        '<sheetData><row r="1"><c r="A1"><v>2</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">'
        'A1*10</f><v>20</v></c></row><row r="2"><c r="A2"><v>3</v></c><c r="B2"><f t="shared" '
        'si="0"/><v>30</v></c></row><row r="3"><c r="B3"><f t="shared" si="0"/></c></row>'
        '<row r="4"><c r="A4" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="B4" t="e">'
        '<f>1/0</f><v>#DIV/0!</v></c><c r="C4"><f t="array" ref="C4">SUM(A1:A2*2)</f><v>10</v>'
        "</c></row></sheetData>"
    )
    cells_read = trang(handmade_xlsx(tmp_path / "cong-thuc.xlsx", cells))
    assert cells_read == {
        "A1": (2, None),
        "B1": (20, "=A1*10"),
        "A2": (3, None),
        "B2": (30, "=A2*10"),  # a shared formula is written out for each cell
        "B3": (None, "=A3*10"),  # no cached value: validation reports it by this formula
        "A4": ("ab", '="a"&"b"'),
        "B4": ("#DIV/0!", "=1/0"),
        "C4": (10, "=SUM(A1:A2*2)"),  # an array formula by its text, never an object's name
    }


def test_texts_from_shared_strings_inline_strings_and_rich_text(tmp_path: Path) -> None:
    shared = (
        "<si><t>Sở Khoa học</t></si>"
        '<si><r><rPr><b/></rPr><t>Đậm</t></r><rPh sb="0" eb="1"><t>PHIÊN ÂM</t></rPh>'
        '<r><t xml:space="preserve"> và thường </t></r></si>'
        "<si><t>Dòng 1_x000B_Dòng 2</t></si>"
        "<si><t>giữ _x005F_x000B_ nguyên</t></si>"
    )
    cells = (
        '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row><row r="2">'
        '<c r="A2" t="inlineStr"><is><t>Nội tuyến &amp; &lt;đúng&gt;</t></is></c>'
        '<c r="B2" t="b"><v>1</v></c><c r="C2" t="inlineStr"/></row></sheetData>'
    )
    path = handmade_xlsx(tmp_path / "chu.xlsx", cells, shared_strings=shared)
    assert trang(path) == {
        "A1": ("Sở Khoa học", None),
        "B1": ("Đậm và thường ", None),  # runs joined, phonetic guide left out
        "C1": ("Dòng 1\vDòng 2", None),
        # Excel's escaped underscore: the clerk typed "_x000B_" literally, and gets it back.
        "D1": ("giữ _x000B_ nguyên", None),
        "A2": ("Nội tuyến & <đúng>", None),
        "B2": (True, None),
    }


def test_cells_and_rows_without_addresses_follow_the_previous_ones(tmp_path: Path) -> None:
    cells = (
        '<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row r="5"><c r="C5"><v>3</v></c>'
        "<c><v>4</v></c></row><row><c><v>5</v></c></row></sheetData>"
    )
    assert trang(handmade_xlsx(tmp_path / "vi-tri.xlsx", cells)) == {
        "A1": (1, None),
        "B1": (2, None),
        "C5": (3, None),
        "D5": (4, None),
        "A6": (5, None),
    }


def test_content_hidden_under_a_merged_range_is_not_read(tmp_path: Path) -> None:
    cells = (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hiện</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>ẩn</t></is></c></row><row r="2"><c r="A2"><f>1+1</f>'
        '</c><c r="C2"><v>7</v></c></row></sheetData><mergeCells count="1">'
        '<mergeCell ref="A1:B2"/></mergeCells>'
    )
    assert trang(handmade_xlsx(tmp_path / "gop.xlsx", cells)) == {
        "A1": ("hiện", None),
        "C2": (7, None),
    }


@pytest.mark.parametrize(
    "cells",
    [
        pytest.param('<c r="A1" s="5"><v>1</v></c>', id="kieu-o-khong-co"),
        pytest.param('<c r="A1" t="s"><v>9</v></c>', id="chuoi-dung-chung-khong-co"),
        pytest.param('<c r="A1" t="b"><v>x</v></c>', id="dung-sai-hong"),
        pytest.param('<c r="A1"><v>1,5</v></c>', id="so-hong"),
        pytest.param('<c r="?1"><v>1</v></c>', id="dia-chi-hong"),
        # one address written twice: which value was meant is not known (Excel: corrupt)
        pytest.param('<c r="A1"><v>1</v></c><c r="A1"><v>2</v></c>', id="o-ghi-hai-lan"),
        pytest.param('<c r="A1"><v>1</v></c><c r="A1"/>', id="o-ghi-hai-lan-rong"),
    ],
)
def test_a_broken_cell_makes_the_file_unreadable(tmp_path: Path, cells: str) -> None:
    path = handmade_xlsx(tmp_path / "hong.xlsx", f'<sheetData><row r="1">{cells}</row></sheetData>')
    with pytest.raises(WorkbookError) as raised:
        read_workbook(path)
    assert raised.value.text.startswith("tệp không đọc được như một sổ làm việc Excel")


def test_the_sample_workbooks_read_the_same_through_openpyxl(tmp_path: Path) -> None:
    """Every shipped sample reads as openpyxl's own loads (values, then formulas) read it."""
    samples = sorted((REPO / "inputs" / "2025").glob("*.xlsx"))[:8]
    assert samples, "no sample workbooks in inputs/2025"
    for path in samples:
        book = read_workbook(path)
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path)
        assert list(book.sheets) == values.sheetnames
        for worksheet in values.worksheets:
            expected = {
                cell.coordinate: (cell.value, formulas[worksheet.title][cell.coordinate].value)
                for row in worksheet.iter_rows()
                for cell in row
                if cell.value is not None
                or formulas[worksheet.title][cell.coordinate].data_type == "f"
            }
            expected = {
                address: (decode_escapes(v) if isinstance(v, str) else v, f if f != v else None)
                for address, (v, f) in expected.items()
            }
            read = {
                c.address: (c.value, c.formula) for c in book.sheets[worksheet.title].cells.values()
            }
            assert read == expected, path.name
        assert book.keywords == values.properties.keywords


def test_the_size_of_a_file_over_20_mb_has_a_decimal_comma(
    workspace: Workspace, folder: Path
) -> None:
    with (folder / "lon.xlsx").open("wb") as stream:
        stream.truncate(21 * 1024 * 1024 + 100 * 1024)
    message = refusal(workspace, folder, "lon.xlsx")
    assert message.startswith("tệp lớn 21,1 MB, vượt quá giới hạn 20 MB của một phiếu báo cáo")


DOCTYPES = {
    "noi-bo": b'<!DOCTYPE worksheet [<!ENTITY e "MO-RONG-THUC-THE">]>',
    "ngoai": b'<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
    "khong-thuc-the": b"<!DOCTYPE worksheet>",
}


@pytest.mark.parametrize("declaration", DOCTYPES.values(), ids=DOCTYPES.keys())
def test_a_sheet_declaring_a_doctype_is_refused_before_parsing(
    workspace: Workspace, folder: Path, declaration: bytes
) -> None:
    path = valid_form(workspace, folder, "thuc-the.xlsx")

    def declare(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet5.xml":
            data = declaration + data.replace(b"Thi\xe1\xba\xbfu kinh ph\xc3\xad.", b"&e;")
        return data

    rewrite_members(path, declare)
    message = refusal(workspace, folder, "thuc-the.xlsx")
    assert message.startswith(
        "tệp có khai báo DOCTYPE/ENTITY trong phần «xl/worksheets/sheet5.xml» "
        "(trang tính «Khó khăn, kiến nghị»), điều mà Excel không bao giờ ghi"
    )
    assert "hãy mở tệp bằng Excel, lưu lại rồi gửi lại" in message
    assert "MO-RONG-THUC-THE" not in message


def test_a_utf16_shared_strings_part_declaring_entities_is_refused(tmp_path: Path) -> None:
    path = handmade_xlsx(
        tmp_path / "utf16.xlsx",
        '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>',
        shared_strings="<si><t>&a;</t></si>",
    )

    def utf16_doctype(name: str, data: bytes) -> bytes:
        if name != "xl/sharedStrings.xml":
            return data
        body = data.decode("utf-8").partition("?>")[2]
        prolog = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE sst [<!ENTITY a "aaaa">]>'
        return (prolog + body).encode("utf-16")

    rewrite_members(path, utf16_doctype)
    assert b"DOCTYPE" not in zipfile.ZipFile(path).read("xl/sharedStrings.xml")
    with pytest.raises(WorkbookError) as refused:
        check_file(path)
    assert "DOCTYPE/ENTITY trong phần «xl/sharedStrings.xml»" in refused.value.text


# ---------------------------------------------------------------------------
# Files Windows will not hand over: locked, not downloaded, links pointing nowhere

LOCKED_TEXT = (
    "không mở được tệp (đang bị khóa hoặc chưa tải về máy); đóng chương trình đang giữ tệp "
    "rồi chạy lại"
)


def _fails_for(name: str, real):
    """``real`` (a Path method), raising PermissionError for the file called ``name``."""

    def patched(self: Path, *args, **kwargs):
        if self.name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    return patched


@pytest.mark.parametrize("method", ["open", "stat"])
def test_a_locked_workbook_is_a_finding_for_its_file(
    workspace: Workspace, folder: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    valid_form(workspace, folder, "SKHCN.xlsx")
    save(filled_form(workspace, "SNNPTNT", 2024), folder / "SNNPTNT.xlsx")
    monkeypatch.setattr(Path, method, _fails_for("SKHCN.xlsx", getattr(Path, method)))
    result = validate_year(workspace, 2024, folder.parent)
    assert [str(f) for f in result.findings] == [f"tệp SKHCN.xlsx: {LOCKED_TEXT}"]
    statuses = {s.agency.code: s.status for s in result.submissions}
    assert statuses["SKHCN"] == SubmissionStatus.INVALID
    assert statuses["SNNPTNT"] == SubmissionStatus.VALID  # the other files are still read


def test_a_file_locked_between_its_size_and_its_reading(
    folder: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = valid_form(workspace, folder)
    monkeypatch.setattr(Path, "read_bytes", _fails_for(path.name, Path.read_bytes))
    with pytest.raises(WorkbookError) as raised:
        read_workbook(path)
    assert raised.value.message() == f"tệp SKHCN.xlsx: {LOCKED_TEXT}"


def test_a_link_pointing_nowhere_is_listed(workspace: Workspace, folder: Path) -> None:
    try:
        (folder / "SKHCN.xlsx").symlink_to(folder.parent / "da-xoa.xlsx")
    except OSError as error:  # Windows without the right to create links
        pytest.skip(f"không tạo được liên kết: {error}")
    message = refusal(workspace, folder, "SKHCN.xlsx")
    assert message.startswith("liên kết hỏng, không trỏ tới tệp nào")


def test_a_number_no_calendar_holds_is_read_as_typed_in_a_date_cell(tmp_path: Path) -> None:
    """openpyxl turns it into «#VALUE!», which would then read as an Excel error value."""
    cells = '<sheetData><row r="1"><c r="A1" s="1"><v>99999999</v></c></row></sheetData>'
    path = handmade_xlsx(tmp_path / "ngay-qua-lon.xlsx", cells, styles=DATE_STYLES)
    assert trang(path) == {"A1": (99999999, None)}


# ---------------------------------------------------------------------------
# The plain reading of a worksheet part (regular expressions after an expat check) gives
# exactly what ElementTree gives, and anything outside the plain shape goes to ElementTree.

PLAIN_SHEETS = {
    "tham-chieu": '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&amp;lt; &#38;lt; '
    "&#x1EC6;&#7878; &quot;&apos;&gt; a&#13;b</t></is></c></row></sheetData>",
    "xuong-dong": '<sheetData>\r\n  <row r="1">\r\n    <c r="A1" t="inlineStr">\r\n      <is>'
    '<t xml:space="preserve">a\r\nb\rc\n</t></is>\r\n    </c>\r\n  </row>\r\n</sheetData>',
    "rong": '<sheetData><row r="1"/><row r="2"><c r="A2"/><c r="B2" t="inlineStr"><is/></c>'
    '<c r="C2" t="inlineStr"><is><t/></is></c><c r="D2"><v/></c><c r="E2"><v></v></c>'
    '<c r="F2" t="str"><v>  </v></c></row></sheetData>',
    "cong-thuc": '<sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*2</f>'
    '<v>2</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/><v>4</v></c></row>'
    '<row r="3"><c r="A3"><f>SUM(A1:A2)&amp;"x"</f></c><c r="B3"><f></f></c></row>'
    "</sheetData>",
    "gop": '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hiện</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>ẩn</t></is></c></row></sheetData>'
    '<mergeCells count="1">\n <mergeCell ref="A1:B1"/>\n</mergeCells>',
    "khong-dia-chi": "<sheetData><row><c><v>1</v></c><c t='e'><v>#N/A</v></c></row>"
    "<row spans='1:2'><c s='0' t=\"b\"><v>0</v></c></row></sheetData>",
    "sheetData-rong": "<sheetData/>",
    # "xmlns" in a text: counted by the pattern, still one declaration.
    "chu-xmlns": '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>xmlns của tệp</t></is>'
    "</c></row></sheetData>",
    "hang-rong-co-khoang-trang": '<sheetData><row r="1">\n  </row><row r="2"></row>'
    '<row r="3"><c r="A3"><v>3</v></c>\n</row></sheetData>',
}
TREE_SHEETS = {
    "chu-thich": '<sheetData><row r="1"><!-- x --><c r="A1"><v>1</v></c></row></sheetData>',
    "tien-to": f'<x:sheetData xmlns:x="{MAIN_NS}"><x:row r="1"><x:c r="A1"><x:v>1</x:v>'
    "</x:c></x:row></x:sheetData>",
    "chay-chu": '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><t>b</t>'
    "</r></is></c></row></sheetData>",
    "thuoc-tinh-tham-chieu": '<sheetData><row r="&#49;"><c r="A1"><v>1</v></c></row></sheetData>',
    "v-truoc-f": '<sheetData><row r="1"><c r="A1"><v>1</v><f>1</f></c></row></sheetData>',
    "ns-khac": '<sheetData><row r="1" xmlns="urn:khac"><c r="A1"><v>1</v></c></row></sheetData>',
    "cdata": '<sheetData><row r="1"><c r="A1" t="str"><v><![CDATA[<a>]]></v></c></row></sheetData>',
    "hong": '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></x>',
    # A text that reads like a declaration: left to ElementTree, which reads it as text.
    "chu-giong-khai-bao": '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>xmlns = x'
    "</t></is></c></row></sheetData>",
    # Between two cells or around them, anything but white space; an end tag with a space.
    "phan-tu-giua-o": '<sheetData><row r="1"><c r="A1"><v>1</v></c><x/><c r="B1"><v>2</v>'
    "</c></row></sheetData>",
    "chu-giua-o": '<sheetData><row r="1"><c r="A1"><v>1</v></c>lạc<c r="B1"><v>2</v></c>'
    "</row></sheetData>",
    "chu-cuoi-hang": '<sheetData><row r="1"><c r="A1"><v>1</v></c> lạc </row></sheetData>',
    "the-dong-co-khoang-trang": '<sheetData><row r="1"><c r="A1"><v>1</v></c></row >'
    '<row r="2"><c r="A2"><v>2</v></c></row></sheetData>',
}


PLAIN_SHEET = reader_module._plain_sheet
PLAIN_STRINGS = reader_module._plain_strings


def _readings(monkeypatch: pytest.MonkeyPatch, path: Path) -> tuple[object, object, bool]:
    """The workbook read as it is, read by ElementTree only, and whether a sheet was plain."""
    plain: list[bool] = []

    def watched(data: bytes) -> object:
        try:
            found = PLAIN_SHEET(data)
        except reader_module._NotPlain:
            plain.append(False)
            raise
        plain.append(True)
        return found

    def outcome() -> object:
        try:
            return read_workbook(path)
        except WorkbookError as error:
            return error.text

    monkeypatch.setattr(reader_module, "_plain_sheet", watched)
    first = outcome()
    monkeypatch.setattr(reader_module, "_plain_sheet", _never_plain)
    monkeypatch.setattr(reader_module, "_plain_strings", _never_plain)
    second = outcome()
    monkeypatch.setattr(reader_module, "_plain_strings", PLAIN_STRINGS)
    return first, second, any(plain)


def _never_plain(data: bytes) -> object:
    raise reader_module._NotPlain


@pytest.mark.parametrize("sheet_xml", PLAIN_SHEETS.values(), ids=PLAIN_SHEETS.keys())
def test_a_plain_sheet_reads_as_elementtree_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sheet_xml: str
) -> None:
    path = handmade_xlsx(tmp_path / "phang.xlsx", sheet_xml)
    plain, tree, was_plain = _readings(monkeypatch, path)
    assert was_plain
    assert plain == tree


@pytest.mark.parametrize("sheet_xml", TREE_SHEETS.values(), ids=TREE_SHEETS.keys())
def test_a_sheet_outside_the_plain_shape_is_read_by_elementtree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sheet_xml: str
) -> None:
    path = handmade_xlsx(tmp_path / "khac.xlsx", sheet_xml)
    plain, tree, was_plain = _readings(monkeypatch, path)
    assert not was_plain
    assert plain == tree


def test_plain_texts_are_decoded_as_an_xml_parser_decodes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = handmade_xlsx(tmp_path / "phang.xlsx", PLAIN_SHEETS["tham-chieu"])
    plain, _, _ = _readings(monkeypatch, path)
    assert isinstance(plain, WorkbookData)
    assert plain.sheets["Trang"].cell(1, 1).value == "&lt; &lt; ỆỆ \"'> a\rb"


def test_the_sample_workbooks_read_the_same_by_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    samples = sorted((REPO / "inputs").glob("*/*.xlsx"))
    assert samples
    for path in samples:
        plain, tree, was_plain = _readings(monkeypatch, path)
        assert was_plain and plain == tree, path.name


def test_members_read_from_the_bytes_equal_zipfile_reading(
    workspace: Workspace, folder: Path
) -> None:
    data = valid_form(workspace, folder).read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    for info in archive.infolist():
        assert reader_module._member(data, info) == archive.read(info), info.filename


@pytest.mark.parametrize("lie", ["size", "crc", "header"])
def test_a_member_unlike_its_directory_entry_is_left_to_zipfile(lie: str) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/a.xml", b"<a/>" * 100_000)
    data = out.getvalue()
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    if lie == "size":
        info.file_size = 100  # a bomb would declare little and inflate to much
    elif lie == "crc":
        info.CRC ^= 1
    else:
        info.orig_filename = "xl/b.xml"
    with pytest.raises(reader_module._Unusual):
        reader_module._member(data, info)


SHARED_STRINGS = {
    "phang": '<si><t xml:space="preserve"> a&amp;b&#x1EC6;\r\n</t></si><si/><si><t/></si>'
    "<si>\n <t>c</t>\n</si>",
    "chay-chu": "<si><r><t>a</t></r><r><t>b</t></r></si><si><t>c</t></si>",
    "phien-am": '<si><t>a</t><rPh sb="0" eb="1"><t>x</t></rPh></si>',
}


@pytest.mark.parametrize("strings", SHARED_STRINGS.values(), ids=SHARED_STRINGS.keys())
def test_shared_strings_read_the_same_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, strings: str
) -> None:
    count = strings.count("<si")  # one cell per string, each string used
    cells = "".join(f'<c r="{column}1" t="s"><v>{i}</v></c>' for i, column in enumerate("ABCD"))
    cells = "".join(cells.split("</c>")[:count]).replace("</v>", "</v></c>")
    sheet = f'<sheetData><row r="1">{cells}</row></sheetData>'
    path = handmade_xlsx(tmp_path / "chuoi.xlsx", sheet, shared_strings=strings)
    plain, tree, _ = _readings(monkeypatch, path)
    assert isinstance(plain, WorkbookData)
    assert plain == tree


def _escaped(text: str, references: bool, raw_returns: bool = False) -> str:
    """``text`` as a writer may store it: XML-escaped, non-ASCII as character references or
    not, a carriage return as "&#13;" or left raw (then it reads as a line end)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if not raw_returns:
        text = text.replace("\r", "&#13;")
    if references:
        text = "".join(c if c.isascii() else f"&#{ord(c)};" for c in text)
    return text


_CELL_TEXT = st.lists(
    st.sampled_from([*"aZ09 _x&<>\"'\n\t\r;#ĐđệỆ«»", "_x000B_", "_x005F_", "\r\n"]), max_size=12
).map("".join)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(_CELL_TEXT, min_size=1, max_size=6),
    references=st.booleans(),
    raw_returns=st.booleans(),
    spaced=st.booleans(),
    numbers=st.lists(st.integers(-5, 10**6), max_size=3),
)
def test_any_plain_sheet_reads_as_elementtree_reads_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    texts: list[str],
    references: bool,
    raw_returns: bool,
    spaced: bool,
    numbers: list[int],
) -> None:
    gap = "\n  " if spaced else ""
    cells = [
        f'<c r="{get_column_letter(i + 1)}1" t="inlineStr">{gap}<is><t xml:space="preserve">'
        f"{_escaped(text, references, raw_returns)}</t></is>{gap}</c>"
        for i, text in enumerate(texts)
    ] + [f'<c r="A{i + 2}"><v>{n}</v></c>' for i, n in enumerate(numbers)]
    sheet = f'<sheetData>{gap}<row r="1">{gap}{"".join(cells)}{gap}</row>{gap}</sheetData>'
    path = handmade_xlsx(tmp_path / "ngau-nhien.xlsx", sheet)
    plain, tree, was_plain = _readings(monkeypatch, path)
    assert was_plain
    assert plain == tree
