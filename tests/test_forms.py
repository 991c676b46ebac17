"""Pre-filled forms: layout, protection, validations, stored identity, determinism, round-trip.

The small plan and registry below (``write_mini_inputs``) are shared by the other workbook
tests: three agencies in 2024, a department merger and a district replaced by a commune
in 2025.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from generator.cli import cli
from generator.data.workspace import Workspace, load_workspace
from generator.errors import OutputError
from generator.forms import writer as forms
from generator.validate import SubmissionStatus, TaskStatus, validate_year

MINI_REGISTRY = """\
loai_don_vi:
  - {ma: so, ten: Sở, ten_nhom: Các sở, chinh_quyen_dia_phuong: false}
  - {ma: ubnd-huyen, ten: UBND huyện, ten_nhom: UBND các huyện, chinh_quyen_dia_phuong: true}
  - {ma: ubnd-xa, ten: UBND xã, ten_nhom: "UBND các xã, phường", chinh_quyen_dia_phuong: true}
nhom:
  - ma: CAC-SO
    ten: Các sở, ban, ngành tỉnh
    gom_loai: [so]
  - ma: UBND-HUYEN
    ten: UBND cấp huyện, cấp xã
    gom_loai: [ubnd-huyen, ubnd-xa]
  - ma: UBND-XA
    ten: UBND các xã, phường
    gom_loai: [ubnd-xa]
don_vi:
  - ma: SKHCN
    ten: Sở Khoa học và Công nghệ
    ten_ngan: Sở KH&CN
    loai: so
    chuc_danh_thu_truong: Giám đốc
  - ma: SNNPTNT
    ten: Sở Nông nghiệp và Phát triển nông thôn
    ten_ngan: Sở NN&PTNT
    loai: so
    chuc_danh_thu_truong: Giám đốc
    den_ngay: 2025-02-28
    ke_nhiem: SNNMT
  - ma: SNNMT
    ten: Sở Nông nghiệp và Môi trường
    ten_ngan: Sở NN&MT
    loai: so
    chuc_danh_thu_truong: Giám đốc
    tu_ngay: 2025-03-01
  - ma: UBND-MAI-SON
    ten: Ủy ban nhân dân huyện Mai Sơn
    ten_ngan: UBND huyện Mai Sơn
    loai: ubnd-huyen
    chuc_danh_thu_truong: Chủ tịch
    den_ngay: 2025-06-30
    ke_nhiem: UBND-XA
  - ma: UBND-XA-CHIENG-MUNG
    ten: Ủy ban nhân dân xã Chiềng Mung
    ten_ngan: UBND xã Chiềng Mung
    loai: ubnd-xa
    chuc_danh_thu_truong: Chủ tịch
    tu_ngay: 2025-07-01
"""

MINI_PLAN = """\
ma: KH65
so: 65
ky_hieu: KH-UBND
loai_van_ban: Kế hoạch
co_quan_ban_hanh: Ủy ban nhân dân tỉnh Sơn La
co_quan_ban_hanh_viet_tat: UBND tỉnh
dia_danh: Sơn La
ngay_ban_hanh: 2021-03-15
trich_yeu: Thực hiện Chương trình phát triển tài sản trí tuệ đến năm 2030
thuc_hien_van_ban:
  - so_ky_hieu: 2205/QĐ-TTg
    ngay: 2019-12-24
    co_quan: Thủ tướng Chính phủ
    trich_yeu: Phê duyệt Chương trình phát triển tài sản trí tuệ đến năm 2030
giai_doan: {tu_nam: 2021, den_nam: 2025}
nguoi_ky: {dong_tham_quyen: [KT. CHỦ TỊCH, PHÓ CHỦ TỊCH], ho_ten: Nguyễn Văn A}
noi_nhan: [Bộ Khoa học và Công nghệ]
mo_dau: [Mở đầu.]
muc_dich: [Mục đích.]
yeu_cau: [Yêu cầu.]
muc_tieu_chung:
  - {ma: II.1.a, muc: a, noi_dung: Mục tiêu chung.}
muc_tieu_cu_the:
  - ma: II.2.a
    muc: a
    noi_dung: Mục tiêu cụ thể a.
    chi_tieu:
      - {ma: CT-A, ten: Số đơn đăng ký sáng chế, don_vi_tinh: đơn, toi_thieu: 1, toi_da: 2, pham_vi: nam}
      - {ma: CT-B1, ten: Số văn bằng bảo hộ nhãn hiệu, don_vi_tinh: văn bằng, toi_thieu: 10, toi_da: 15, pham_vi: giai-doan}
noi_dung_thuc_hien:
  - ma: III.1
    so: 1
    ten: Tuyên truyền
    muc:
      - {ma: III.1.a, muc: a, noi_dung: Nội dung a.}
kinh_phi:
  - {ma: V.1, so: 1, noi_dung: Ngân sách.}
to_chuc_thuc_hien:
  - ma: IV.1
    so: 1
    ten: Sở Khoa học và Công nghệ
    chu_tri: [SKHCN]
    nhiem_vu:
      - {ma: IV.1.a, muc: a, noi_dung: Chủ trì triển khai Kế hoạch., phoi_hop: [SNNPTNT]}
      - {ma: IV.1.b, muc: b, noi_dung: Hướng dẫn các huyện xây dựng nhãn hiệu., phoi_hop: [UBND-HUYEN]}
  - ma: IV.2
    so: 2
    ten: Sở Nông nghiệp và Phát triển nông thôn
    chu_tri: [SNNPTNT]
    nhiem_vu:
      - {ma: IV.2.a, muc: a, noi_dung: Phát triển chỉ dẫn địa lý cho nông sản.}
che_do_bao_cao:
  ma: VI
  noi_dung: Báo cáo hằng năm.
  han_don_vi_gui: {ngay: 10, thang: 11, truoc_ngay: false}
  noi_nhan: SKHCN
  bao_cao_len: UBND tỉnh
van_ban_dau_ra:
  co_quan_chu_quan: UBND TỈNH SƠN LA
  co_quan_ban_hanh: SKHCN
  don_vi_soan_thao: QLCN
  dia_danh: Sơn La
  nguoi_ky: {dong_tham_quyen: [GIÁM ĐỐC], ho_ten: Trần Văn B}
  noi_nhan_bao_cao: [UBND tỉnh]
  kinh_gui_bao_cao: Ủy ban nhân dân tỉnh Sơn La
"""


def write_mini_inputs(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "don-vi.yaml").write_text(MINI_REGISTRY, encoding="utf-8")
    (root / "ke-hoach.yaml").write_text(MINI_PLAN, encoding="utf-8")
    return root


def mini_workspace(root: Path) -> Workspace:
    return load_workspace(write_mini_inputs(root))


INFO_ROW = {label: forms.INFO_FIRST_ROW + i for i, label in enumerate(forms.INFO_ROWS)}


def fill(
    wb: Workbook,
    *,
    statuses: dict[str, object] | None = None,
    results: dict[str, object] | None = None,
    funding: dict[str, object] | None = None,
    measures: dict[str, object] | None = None,
    report_date: object = date(2024, 11, 5),
    reporter: object = "Lò Văn Nam",
) -> Workbook:
    """Type into the form as a clerk would: only the yellow cells, row by row by code."""
    info = wb[forms.SHEET_INFO]
    info.cell(INFO_ROW[forms.LABEL_REPORTER], 2, reporter)
    info.cell(INFO_ROW[forms.LABEL_PHONE], 2, "0212 3852 123")
    info.cell(INFO_ROW[forms.LABEL_EMAIL], 2, "vanthu@example.com")
    info.cell(INFO_ROW[forms.LABEL_DATE], 2, report_date)
    tasks = wb[forms.SHEET_TASKS]
    for row in range(forms.FIRST_DATA_ROW, tasks.max_row + 1):
        code = tasks.cell(row, 1).value
        tasks.cell(row, 4, (statuses or {}).get(code, "Đã hoàn thành"))
        tasks.cell(row, 5, (results or {}).get(code, f"Đã thực hiện nhiệm vụ {code}."))
        tasks.cell(row, 6, (funding or {}).get(code))
    sheet = wb[forms.SHEET_MEASURES]
    for row in range(forms.FIRST_DATA_ROW, sheet.max_row + 1):
        code = sheet.cell(row, 1).value
        sheet.cell(row, 4, (measures or {}).get(code, 0))
    issues = wb[forms.SHEET_ISSUES]
    issues.cell(3, 2, "Thiếu kinh phí.")
    issues.cell(4, 2, "Đề nghị mở lớp tập huấn.")
    return wb


def save(wb: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def filled_form(workspace: Workspace, code: str, year: int, **typed) -> Workbook:
    agency = workspace.registry.agency(code)
    return fill(forms.build_form(workspace, agency, year), **typed)


def rewrite_members(path: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """Rewrite a saved workbook's zip members, as another program would have saved them."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            target.writestr(name, change(name, data))
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return mini_workspace(tmp_path / "inputs")


def test_sheets_and_headers_are_exactly_as_the_issue_says(workspace: Workspace) -> None:
    wb = forms.build_form(workspace, workspace.registry.agency("SKHCN"), 2024)
    assert wb.sheetnames == [
        "Hướng dẫn",
        "Thông tin",
        "Nhiệm vụ",
        "Chỉ tiêu",
        "Khó khăn, kiến nghị",
        "Văn bản chỉ đạo",
    ]
    tasks = wb["Nhiệm vụ"]
    assert [c.value for c in tasks[forms.HEADER_ROW]] == [
        "Mã nhiệm vụ",
        "Nội dung nhiệm vụ",
        "Vai trò",
        "Tình trạng",
        "Kết quả thực hiện",
        "Kinh phí (đồng)",
    ]
    measures = wb["Chỉ tiêu"]
    assert [c.value for c in measures[forms.HEADER_ROW]] == [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kết quả năm 2024",
        "Ghi chú",
    ]
    assert [measures.cell(r, 1).value for r in (4, 5)] == ["CT-A", "CT-B1"]
    assert measures["C5"].value == "văn bằng"


def test_task_rows_hold_the_agency_tasks_with_role_and_verbatim_text(workspace: Workspace) -> None:
    wb = forms.build_form(workspace, workspace.registry.agency("SNNMT"), 2025)
    tasks = wb["Nhiệm vụ"]
    rows = [[tasks.cell(r, c).value for c in (1, 2, 3)] for r in (4, 5)]
    assert rows == [
        ["IV.1.a", "Chủ trì triển khai Kế hoạch.", "Phối hợp"],
        ["IV.2.a", "Phát triển chỉ dẫn địa lý cho nông sản.", "Chủ trì"],
    ]
    assert tasks.max_row == 5
    guide = "\n".join(str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value)
    assert "Nhiệm vụ IV.2.a: kế thừa từ Sở Nông nghiệp và Phát triển nông thôn." in guide
    assert "chậm nhất ngày 10/11/2025" in guide
    assert "Nơi nhận phiếu: Sở Khoa học và Công nghệ." in guide


def test_structure_is_locked_inputs_unlocked_and_protection_has_no_password(
    workspace: Workspace,
) -> None:
    wb = forms.build_form(workspace, workspace.registry.agency("SKHCN"), 2024)
    tasks = wb["Nhiệm vụ"]
    assert [tasks.cell(4, c).protection.locked for c in range(1, 7)] == [
        True, True, True, False, False, False,
    ]  # fmt: skip
    info = wb["Thông tin"]
    assert info["B4"].value == "SKHCN" and info["B4"].protection.locked
    assert info["B10"].protection.locked is False
    for ws in wb.worksheets:
        assert ws.protection.sheet is True
        assert not ws.protection.password
    assert tasks.freeze_panes == "A4"
    assert wb["Chỉ tiêu"].freeze_panes == "A4"


def test_data_validations_list_whole_numbers_and_date(workspace: Workspace) -> None:
    wb = forms.build_form(workspace, workspace.registry.agency("SKHCN"), 2024)
    by_range = {
        (ws.title, str(dv.sqref)): dv
        for ws in wb.worksheets
        for dv in ws.data_validations.dataValidation
    }
    status = by_range[("Nhiệm vụ", "D4:D5")]
    assert status.type == "list"
    assert status.formula1 == '"Đã hoàn thành,Đang thực hiện,Chưa thực hiện"'
    for key in (("Nhiệm vụ", "F4:F5"), ("Chỉ tiêu", "D4:D5")):
        whole = by_range[key]
        assert (whole.type, whole.operator, whole.formula1) == ("whole", "greaterThanOrEqual", "0")
        assert whole.showErrorMessage
    assert by_range[("Thông tin", "B10")].type == "date"


def test_font_page_setup_and_widths(workspace: Workspace) -> None:
    wb = forms.build_form(workspace, workspace.registry.agency("SKHCN"), 2024)
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Times New Roman"}
    tasks = wb["Nhiệm vụ"]
    assert tasks.column_dimensions["B"].width >= 50
    assert tasks["B4"].alignment.wrap_text
    assert tasks.print_title_rows == "$3:$3"


def test_identity_is_stored_in_the_workbook_not_the_file_name(
    workspace: Workspace, tmp_path: Path
) -> None:
    written = forms.write_forms(workspace, 2024, tmp_path / "out")
    renamed = tmp_path / "Phieu bao cao (1).xlsx"
    written[0].rename(renamed)
    wb = load_workbook(renamed)
    destinations = {
        name: list(wb.defined_names[name].destinations)
        for name in (forms.NAME_CODE, forms.NAME_YEAR, forms.NAME_VERSION)
    }
    assert destinations[forms.NAME_CODE] == [("Thông tin", "$B$4")]
    assert wb["Thông tin"]["B4"].value == "SKHCN"
    assert wb["Thông tin"]["B5"].value == 2024
    assert wb["Thông tin"]["B6"].value == forms.FORM_VERSION
    assert wb.properties.keywords == f"vanban-phieu-bao-cao;SKHCN;2024;{forms.FORM_VERSION}"


def test_write_forms_gives_one_file_per_active_agency_with_identical_bytes_each_run(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = forms.write_forms(workspace, 2025, tmp_path / "a")
    second = forms.write_forms(workspace, 2025, tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        Path("2025/phieu-bao-cao/SKHCN.xlsx"),
        Path("2025/phieu-bao-cao/SNNMT.xlsx"),
        Path("2025/phieu-bao-cao/UBND-XA-CHIENG-MUNG.xlsx"),
    ]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert not list((tmp_path / "a" / "2025" / "phieu-bao-cao").glob(".tmp-*"))
    assert load_workbook(first[0]).properties.modified.year == 2025


def test_round_trip_gives_back_exactly_what_was_typed(workspace: Workspace, tmp_path: Path) -> None:
    wb = filled_form(
        workspace,
        "SKHCN",
        2024,
        statuses={"IV.1.a": "Đã hoàn thành", "IV.1.b": "Chưa thực hiện"},
        results={
            "IV.1.a": "Đã ban hành Kế hoạch số 12/KH-SKHCN.\nTổ chức 3 hội nghị.",
            "IV.1.b": None,
        },
        funding={"IV.1.a": 350_000_000},
        measures={"CT-A": 1, "CT-B1": 2},
        report_date=date(2024, 11, 8),
    )
    wb["Chỉ tiêu"]["E5"] = "Nhãn hiệu «Chè Tà Xùa»"
    save(wb, tmp_path / "inputs" / "2024" / "skhcn.xlsx")
    result = validate_year(workspace, 2024, tmp_path / "inputs")
    submission = result.submissions[0]
    assert result.ok, [str(f) for f in result.findings]
    assert submission.status is SubmissionStatus.VALID and submission.on_time
    report = submission.report
    assert report is not None
    assert report.agency_code == "SKHCN"
    assert (report.reporter, report.phone, report.email) == (
        "Lò Văn Nam",
        "0212 3852 123",
        "vanthu@example.com",
    )
    assert report.report_date == date(2024, 11, 8)
    assert [(t.code, t.status, t.result, t.funding) for t in report.tasks] == [
        (
            "IV.1.a",
            TaskStatus.DONE,
            "Đã ban hành Kế hoạch số 12/KH-SKHCN.\nTổ chức 3 hội nghị.",
            350_000_000,
        ),
        ("IV.1.b", TaskStatus.NOT_STARTED, "", 0),
    ]
    assert [(m.code, m.value, m.note) for m in report.measures] == [
        ("CT-A", 1, ""),
        ("CT-B1", 2, "Nhãn hiệu «Chè Tà Xùa»"),
    ]
    assert (report.difficulties, report.proposals) == (
        "Thiếu kinh phí.",
        "Đề nghị mở lớp tập huấn.",
    )
    assert len(report.sha256) == 64


def test_cli_forms_writes_the_files_and_refuses_a_year_outside_the_plan(tmp_path: Path) -> None:
    inputs = write_mini_inputs(tmp_path / "inputs")
    runner = CliRunner()
    ok = runner.invoke(
        cli, ["forms", "--year", "2024", "--inputs", str(inputs), "--out", str(tmp_path / "o")]
    )
    assert ok.exit_code == 0, ok.output
    assert "Đã tạo 3 phiếu báo cáo năm 2024" in ok.output
    assert (tmp_path / "o" / "2024" / "phieu-bao-cao" / "UBND-MAI-SON.xlsx").is_file()
    wrong = runner.invoke(cli, ["forms", "--year", "2030", "--inputs", str(inputs)])
    assert wrong.exit_code == 2
    assert "năm 2030 nằm ngoài giai đoạn" in wrong.output


def test_forms_never_silently_replace_a_form_a_clerk_edited(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    inputs = Path(__file__).resolve().parents[1] / "inputs"
    out = tmp_path / "out"
    runner = CliRunner()
    assert (
        runner.invoke(
            cli, ["forms", "--year", "2025", "--inputs", str(inputs), "--out", str(out)]
        ).exit_code
        == 0
    )
    edited = out / "2025" / "phieu-bao-cao" / "SCT.xlsx"
    again = runner.invoke(
        cli, ["forms", "--year", "2025", "--inputs", str(inputs), "--out", str(out)]
    )
    assert again.exit_code == 0
    assert "đã có đúng 90 phiếu báo cáo năm 2025 này: không ghi lại" in again.output
    edited.write_bytes(b"sua tay")
    refused = runner.invoke(
        cli, ["forms", "--year", "2025", "--inputs", str(inputs), "--out", str(out)]
    )
    assert refused.exit_code == 1
    assert "SCT.xlsx" in refused.output and "--force" in refused.output
    assert edited.read_bytes() == b"sua tay"
    forced = runner.invoke(
        cli, ["forms", "--year", "2025", "--inputs", str(inputs), "--out", str(out), "--force"]
    )
    assert forced.exit_code == 0
    assert edited.read_bytes().startswith(b"PK")


# ---------------------------------------------------------------------------
# Writing the forms: all or nothing, and only ever vanban's own files


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_failure_after_some_forms_leaves_no_new_form(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_build = forms.build_form
    built: list[str] = []

    def fails_on_the_third(ws: Workspace, agency, year: int):
        built.append(agency.code)
        if len(built) == 3:
            raise OSError(28, "No space left on device")
        return real_build(ws, agency, year)

    monkeypatch.setattr(forms, "build_form", fails_on_the_third)
    out = tmp_path / "out"
    with pytest.raises(OSError):
        forms.write_forms(workspace, 2025, out)
    assert len(built) == 3
    assert _tree(out) == {}  # no form, no staging folder
    assert [p.name for p in out.iterdir()] == []


def test_a_full_disk_while_writing_a_form_says_so_and_leaves_nothing(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.output import files

    real_open = open
    writes = {"n": 0}

    def disk_fills(path, mode="r", *args, **kwargs):
        if "w" in mode:
            writes["n"] += 1
            if writes["n"] == 2:
                raise OSError(28, "No space left on device", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(files, "open", disk_fills, raising=False)
    out = tmp_path / "out"
    with pytest.raises(OutputError) as caught:
        forms.write_forms(workspace, 2025, out)
    assert caught.value.message() == (
        "tệp SNNMT.xlsx: ổ đĩa đã hết chỗ trống, không ghi được tệp; giải phóng dung lượng rồi "
        "chạy lại"
    )
    assert [p.name for p in out.iterdir()] == []


def test_forms_with_force_keep_the_old_forms_and_leave_other_files_alone(
    workspace: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    written = forms.write_forms(workspace, 2025, out)
    folder = out / "2025" / "phieu-bao-cao"
    first = _tree(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["outputs"]) == sorted(p.name for p in written)
    (folder / "SKHCN.xlsx").write_bytes(b"sua tay")
    (folder / "ghi-chu.txt").write_bytes(b"cua van thu")
    (out / "2025" / "bao-cao-tong-hop.docx").write_bytes(b"van ban")
    with pytest.raises(OutputError, match=r"\(SKHCN.xlsx\)"):
        forms.write_forms(workspace, 2025, out)
    forms.write_forms(workspace, 2025, out, force=True)
    [old] = [p for p in folder.iterdir() if p.name.startswith(".cu-")]
    assert _tree(old) == {**first, "SKHCN.xlsx": b"sua tay"}
    assert {k: v for k, v in _tree(folder).items() if not k.startswith(".cu-")} == {
        **first,
        "ghi-chu.txt": b"cua van thu",
    }
    assert (out / "2025" / "bao-cao-tong-hop.docx").read_bytes() == b"van ban"
    assert sorted(p.name for p in out.iterdir()) == ["2025"]


def test_a_form_vanban_did_not_make_is_never_replaced_even_with_force(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "out" / "2025" / "phieu-bao-cao"
    folder.mkdir(parents=True)
    (folder / "SKHCN.xlsx").write_bytes(b"phieu da dien cua don vi")
    for force in (False, True):
        with pytest.raises(OutputError) as caught:
            forms.write_forms(workspace, 2025, tmp_path / "out", force=force)
        assert f"«{folder / 'SKHCN.xlsx'}» không do vanban tạo" in caught.value.message()
    assert _tree(tmp_path / "out") == {"2025/phieu-bao-cao/SKHCN.xlsx": b"phieu da dien cua don vi"}


@pytest.mark.parametrize("where", ["inputs", "inputs/2025", "."])
def test_forms_refuse_an_output_folder_over_the_inputs(tmp_path: Path, where: str) -> None:
    inputs = write_mini_inputs(tmp_path / "inputs")
    (inputs / "2025").mkdir()
    before = _tree(tmp_path)
    result = CliRunner().invoke(
        cli, ["forms", "--year", "2025", "--inputs", str(inputs), "--out", str(tmp_path / where)]
    )
    assert result.exit_code == 2, result.output
    assert "thư mục dữ liệu đầu vào" in result.output
    assert "Chọn thư mục kết quả riêng bằng --out" in result.output
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("code", ["CON", "NUL", "COM1", "LPT9", "AUX", "PRN"])
def test_an_agency_code_windows_cannot_use_as_a_file_name_is_refused_on_loading(
    tmp_path: Path, code: str
) -> None:
    inputs = write_mini_inputs(tmp_path / "inputs")
    registry = inputs / "don-vi.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("ma: SKHCN", f"ma: {code}", 1), encoding="utf-8")
    line = text.splitlines().index("  - ma: SKHCN") + 1
    result = CliRunner().invoke(
        cli, ["forms", "--year", "2024", "--inputs", str(inputs), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1, result.output
    assert (
        f"tệp don-vi.yaml, dòng {line}, trường «don_vi.0.ma»: mã đơn vị «{code}» không dùng "
        f"làm tên tệp được vì Windows dành riêng tên này cho thiết bị; hãy đổi mã, ví dụ "
        f"«DV-{code}»"
    ) in result.output
    assert not (tmp_path / "o").exists()
