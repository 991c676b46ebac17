"""Files that are not usable workbooks, oversized inputs, formulas, and other programs' files.

Each refused file gives one Vietnamese finding naming the file, never a traceback.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from test_forms import filled_form, mini_workspace, rewrite_members, save

from generator.errors import WorkbookError
from generator.validate import SubmissionStatus, validate_year
from generator.workbooks import MAX_ROWS, check_file, decode_escapes
from generator.workspace import Workspace

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


def test_a_sheet_over_10000_rows_by_its_dimension(workspace: Workspace, folder: Path) -> None:
    path = valid_form(workspace, folder, "dai.xlsx")

    def huge_dimension(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet3.xml":
            return re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:F20000"/>', data)
        return data

    rewrite_members(path, huge_dimension)
    assert f"hơn {MAX_ROWS:,} dòng".replace(",", ".") in refusal(workspace, folder, "dai.xlsx")


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
    assert "hơn 10.000 dòng" in refusal(workspace, folder, "dai.xlsx")


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
