"""The bad-input corpus: each case is one broken input and what a clerk must read.

A case names the commands it runs (``validate``, ``generate``, ``forms``), the exit code,
and the exact message fragments (``{root}`` standing for the case's folder): the location as vanban prints it ("tệp X, trang tính
«S», ô C: …") followed by the start of the Vietnamese explanation. ``bug`` holds the
reason of a known gap (the test is then a strict xfail): what the clerk should get and
which module should change.
"""

from __future__ import annotations

import dataclasses
import errno
import io
import json
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from generator import batch, validate
from generator.forms import writer as forms
from generator.output import files as output_files
from tests.corpus import build as b
from tests.corpus.build import AGENCY, WORKBOOK, YEAR

Patch = Callable[[pytest.MonkeyPatch], None]

BOTH = ("validate", "generate")
VALIDATE = ("validate",)
GENERATE = ("generate",)
FORMS = ("forms",)
WRITERS = ("generate", "forms")
ROOT = "{root}"  # the case's folder, in messages that name a path

WHOLE = "cần một số nguyên không âm (ví dụ 0, 1, 12)"
MONEY = "cần một số nguyên không âm, tính bằng đồng"
STATUSES = "cần chọn một trong: Đã hoàn thành, Đang thực hiện, Chưa thực hiện"
SKHCN = "Sở Khoa học và Công nghệ"
PLAN_NO = "Kế hoạch số 65/KH-UBND"


def _line_of(name: str, text: str) -> int:
    """The line (from 1) where ``text`` first stands in the shipped input file ``name``."""
    lines = (b.SHIPPED_INPUTS / name).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


SECOND_MEASURE = 'ma: "CT-B2"'


def at(sheet: str | None = None, cell: str | None = None, file: str = WORKBOOK) -> str:
    """The location prefix vanban prints (errors.Location)."""
    parts = [f"tệp {file}"]
    if sheet:
        parts.append(f"trang tính «{sheet}»")
    if cell:
        parts.append(f"ô {cell}")
    return ", ".join(parts) + ": "


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Path], None]
    expect: tuple[str, ...]
    commands: tuple[str, ...] = BOTH
    exit_code: int = 1
    year: int = YEAR
    absent: tuple[str, ...] = ()
    patch: Patch | None = None
    out_arg: Callable[[Path], Path] | None = None  # --out relative to the case root
    force: bool = (
        True  # generate and forms with --force: a failing run must still leave OUT/Y as it was
    )
    bug: str | None = None


TASKS, MEASURES, INFO, ISSUES = (
    forms.SHEET_TASKS,
    forms.SHEET_MEASURES,
    forms.SHEET_INFO,
    forms.SHEET_ISSUES,
)
# Whole numbers are typed on the activity figures: the targets are counted from the register.
FIGURES = "Số liệu hoạt động"
D4 = (FIGURES, b.FIRST, b.MEASURE_VALUE)


def _delete_row(sheet: str, row: int) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        wb[sheet].delete_rows(row)

    return edit


def _rename_sheet(old: str, new: str) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        wb[old].title = new

    return edit


def _merge(sheet: str, cells: str) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        wb[sheet].merge_cells(cells)

    return edit


def _formatted(
    sheet: str, cell: str, value: object, number_format: str
) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        wb[sheet][cell] = value
        wb[sheet][cell].number_format = number_format

    return edit


def _hide_row(sheet: str, row: int) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        wb[sheet].row_dimensions[row].hidden = True

    return edit


def _hide_column(sheet: str, column: str) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        wb[sheet].column_dimensions[column].hidden = True

    return edit


def _sized_to_nothing(sheet: str, pattern: bytes, attribute: bytes) -> bytes:
    """The valid form with the row or column ``pattern`` finds given no height or width (not
    «hidden»; openpyxl cannot write a size of 0): what is typed there is as unseen."""
    data = b.valid_bytes()

    def edit(xml: bytes) -> bytes:
        found = re.search(pattern, xml)
        assert found is not None, pattern
        start = found.group(0)
        sized = re.sub(attribute + rb'="[^"]*"', attribute + b'="0"', start)
        if sized == start:  # no size written: add one
            sized = start[:-1].rstrip(b"/") + b" " + attribute + b'="0"' + start[-1:]
        return xml.replace(start, sized, 1)

    return b.rezip(data, {b.sheet_part(data, sheet): edit})


def _cell_written_twice() -> bytes:
    """The funding cell of the first task written twice with two amounts (Excel calls such
    a file corrupt): which amount was meant is not known."""
    data = b.valid_bytes()
    cell = f'<c r="F{b.FIRST}" s="13" t="n"><v>15000000</v></c>'.encode()
    twice = cell + cell.replace(b"15000000", b"99000000")
    return b.rezip(data, {b.sheet_part(data, TASKS): b.replace_bytes(cell, twice)})


def _lookalike_copy(sheet: str, title: str) -> Callable[[Workbook], None]:
    """A copy of ``sheet`` under a name that differs only in Unicode form or spaces, with
    another amount: the agency typed in one, vanban must not pick one silently."""

    def edit(wb: Workbook) -> None:
        copy = wb.copy_worksheet(wb[sheet])
        copy.title = title
        copy.cell(b.FIRST, b.TASK_FUNDING, 999_000_000)

    return edit


def _both(*edits: Callable[[Workbook], None]) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        for one in edits:
            one(wb)

    return edit


def _code_everywhere(code: str) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        wb[INFO].cell(b.INFO_ROW[forms.LABEL_CODE], 2).value = code
        wb.properties.keywords = forms.form_keywords(code, YEAR)

    return edit


def _truncated(root: Path) -> None:
    data = b.valid_bytes()
    b.put_workbook(data[: len(data) // 2])(root)


def _flipped(root: Path) -> None:
    data = bytearray(b.valid_bytes())
    middle = len(data) // 3
    data[middle : middle + 64] = bytes(byte ^ 0x5A for byte in data[middle : middle + 64])
    b.put_workbook(bytes(data))(root)


def _macro_enabled(root: Path) -> None:
    data = b.rezip(
        b.valid_bytes(),
        {
            "[Content_Types].xml": b.replace_bytes(
                b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
            )
        },
    )
    b.put_workbook(data, name=f"{AGENCY}.xlsm")(root)


def _ods(root: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    b.put_workbook(out.getvalue(), name=f"{AGENCY}.ods")(root)


def _second_copy(root: Path) -> None:
    folder = b.year_folder(root)
    (folder / f"{AGENCY} (1).xlsx").write_bytes((folder / WORKBOOK).read_bytes())


def _district_2025(root: Path) -> None:
    data = b.workbook_bytes(b.filled_form(b.DISTRICT, 2025), 2025)
    (b.year_folder(root, 2025) / f"{b.DISTRICT}.xlsx").write_bytes(data)


def _sparse_oversized(root: Path) -> None:
    path = b.year_folder(root) / WORKBOOK
    with path.open("r+b") as stream:
        stream.truncate(21 * 1024 * 1024)


def _rows_without_dimension(root: Path) -> None:
    data = b.valid_bytes()
    part = b.sheet_part(data, MEASURES)
    rows = "".join(
        f'<row r="{n}"><c r="E{n}" t="inlineStr"><is><t>x</t></is></c></row>'
        for n in range(20, 10_030)
    ).encode()

    def edit(xml: bytes) -> bytes:
        start = xml.index(b"<dimension")
        xml = xml[:start] + xml[xml.index(b"/>", start) + 2 :]
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    b.put_workbook(b.rezip(data, {part: edit}))(root)


def _registry_append(block: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        path = root / "inputs" / b.REGISTRY_FILE
        path.write_text(path.read_text(encoding="utf-8") + block, encoding="utf-8")

    return build


LOOP_BLOCK = """
  - ma: VONG-A
    ten: "Đơn vị thử vòng A"
    ten_ngan: "Vòng A"
    loai: so
    chuc_danh_thu_truong: "Giám đốc"
    den_ngay: 2022-06-30
    ke_nhiem: VONG-B
  - ma: VONG-B
    ten: "Đơn vị thử vòng B"
    ten_ngan: "Vòng B"
    loai: so
    chuc_danh_thu_truong: "Giám đốc"
    den_ngay: 2022-06-30
    ke_nhiem: VONG-A
"""

TRAVERSAL_BLOCK = """
  - ma: "../../etc"
    ten: "Đơn vị thử đường dẫn"
    ten_ngan: "Đường dẫn"
    loai: so
    chuc_danh_thu_truong: "Giám đốc"
"""


def _missing_template(root: Path) -> None:
    (root / "templates" / batch.LETTER_TEMPLATE).unlink()


def _text_template(root: Path) -> None:
    (root / "templates" / batch.LETTER_TEMPLATE).write_bytes(b"{{ addressee }}\n")


def _file_instead_of_folder(root: Path) -> None:
    (root / "out" / "ghi-chu.txt").write_text("không phải thư mục", encoding="utf-8")


def _refuse_mkdtemp(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(batch.tempfile, "mkdtemp", refuse)


def _disk_full_after(writes: int) -> Patch:
    """Every file write after the first ``writes`` fails as on a full disk."""

    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        count = {"n": 0}
        real_open = open

        def failing_open(path, mode="r", *args, **kwargs):
            if "w" in mode:
                count["n"] += 1
                if count["n"] > writes:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            return real_open(path, mode, *args, **kwargs)

        monkeypatch.setattr(batch, "open", failing_open, raising=False)

    return patch


def _rename_fails_on_call(call: int) -> Patch:
    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        count = {"n": 0}
        real_replace = os.replace

        def failing_replace(source, target, *args, **kwargs):
            count["n"] += 1
            if count["n"] == call:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_replace(source, target, *args, **kwargs)

        monkeypatch.setattr(os, "replace", failing_replace)

    return patch


# --- output folders (issue 10): vanban touches only what it made ------------------------


def under(*parts: str) -> str:
    """A path under the case's folder as vanban prints it."""
    return os.sep.join((ROOT, *parts))


OVERLAP_ADVICE = (
    "; vanban không ghi vào đó để không đụng tới tệp của văn thư. Chọn thư mục kết quả riêng "
    "bằng --out, ví dụ --out outputs"
)
LINK_ADVICE = (
    "là một liên kết (shortcut) tới thư mục khác; vanban chỉ ghi vào thư mục thật để không "
    "đụng tới tệp ở nơi khác. Xóa liên kết đó (tệp ở nơi nó trỏ tới vẫn còn nguyên) hoặc chọn "
    "thư mục kết quả khác bằng --out"
)
STRANGER_ADVICE = (
    "không do vanban tạo (không có trong «manifest.json» của thư mục) nên vanban không ghi đè, "
    "không di chuyển nó. Chuyển nó sang chỗ khác rồi chạy lại, hoặc chọn thư mục kết quả khác "
    "bằng --out"
)
OUT2 = "ket-qua"  # an output folder the case prepares itself (``out`` gets an earlier batch)


def _out2(root: Path) -> Path:
    return root / OUT2


def _in_out2(relative: str, data: bytes) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        path = _out2(root) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return build


# --- builders of the input-reading cases (issue 10) ----------------------------------

OTHER_NAME = b.shipped_workspace().registry.agency(b.OTHER_AGENCY).name
# D4 of the activity sheet: the plan's first indicator, asked in its own unit
FIRST_FIGURE = (
    "cần một số nguyên không âm, tính bằng "
    f"{b.shipped_workspace().plan.ip.activities[0].unit} (ví dụ 0, 12 hoặc 1.250)"
)
OTHER_NAME_LINE = _line_of(b.REGISTRY_FILE, f'ten: "{OTHER_NAME}"')
OTHER_SHORT_NAME_LINE = _line_of(b.REGISTRY_FILE, 'ten_ngan: "Sở VHTTDL"')


def _cached_error(sheet: str, cell: str, formula: bytes, code: bytes) -> Callable[[Path], None]:
    """A formula whose cached result is an Excel error value, as Excel saves it."""

    def build(root: Path) -> None:
        data = b.valid_bytes()
        content = b"<f>" + formula + b"</f><v>" + code + b"</v>"

        def retype(xml: bytes) -> bytes:
            start = xml.index(f'<c r="{cell}"'.encode())
            end = xml.index(b"</c>", start) + len(b"</c>")
            tag = re.sub(rb' t="\w+"', b"", xml[start : xml.index(b">", start)])
            return xml[:start] + tag + b' t="e">' + content + b"</c>" + xml[end:]

        b.put_workbook(b.rezip(data, {b.sheet_part(data, sheet): retype}))(root)

    return build


def _year_link(root: Path) -> None:
    shared = root / "thu-muc-chung"
    shared.mkdir()
    (shared / "bao-cao-da-ky.docx").write_bytes(b"van ban cua phong khac")
    _out2(root).mkdir()
    (_out2(root) / str(YEAR)).symlink_to(shared, target_is_directory=True)


def _clerk_file_in_a_vanban_folder(root: Path) -> None:
    folder = _out2(root) / str(YEAR)
    (folder / "cong-van").mkdir(parents=True)
    (folder / "cong-van" / f"{AGENCY}.docx").write_bytes(b"cong van cu")
    (folder / "cong-van" / f"{AGENCY}-da-ky.pdf").write_bytes(b"ban scan da ky")
    manifest = {"outputs": {f"cong-van/{AGENCY}.docx": "0" * 64}, "year": YEAR}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _earlier_forms_one_edited(root: Path) -> None:
    workspace = b.shipped_workspace()
    forms.write_forms(dataclasses.replace(workspace, root=root / "inputs"), YEAR, root / "out")
    (root / "out" / str(YEAR) / forms.FORMS_DIR / WORKBOOK).write_bytes(b"phieu da sua tay")


def _unmarked_staging(root: Path) -> None:
    """A folder named like a staging folder but without vanban's marker: never removed."""
    folder = root / "out" / ".dang-tao-2024-cua-van-thu"
    folder.mkdir()
    (folder / "ghi-chu.docx").write_bytes(b"cua van thu")


def _word_holds_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace

    def replace(source, target, *args, **kwargs):
        if Path(source).name == batch.REPORT_FILE and Path(source).parent.name == str(YEAR):
            error = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            error.winerror = 5  # type: ignore[attr-defined]
            raise error
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(output_files.time, "sleep", lambda _seconds: None)


def _excel_holds_a_form(monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace

    def replace(source, target, *args, **kwargs):
        if Path(source).name == WORKBOOK and Path(source).parent.name == forms.FORMS_DIR:
            error = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            error.winerror = 5  # type: ignore[attr-defined]
            raise error
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(output_files.time, "sleep", lambda _seconds: None)


def _forms_disk_full_after(writes: int) -> Patch:
    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        count = {"n": 0}
        real_open = open

        def failing_open(path, mode="r", *args, **kwargs):
            if "w" in mode:
                count["n"] += 1
                if count["n"] > writes:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            return real_open(path, mode, *args, **kwargs)

        monkeypatch.setattr(output_files, "open", failing_open, raising=False)

    return patch


def _moved_into(
    subfolder: str, then: Callable[[Path], None] | None = None
) -> Callable[[Path], None]:
    """The workbook saved in a subfolder of the year's folder (one per e-mail), next to the
    letter that came with it; ``then`` breaks the workbook first."""

    def build(root: Path) -> None:
        if then is not None:
            then(root)
        folder = b.year_folder(root)
        (folder / subfolder).mkdir()
        (folder / WORKBOOK).rename(folder / subfolder / WORKBOOK)
        (folder / subfolder / "cong-van-kem-theo.pdf").write_bytes(b"%PDF-1.4\n")

    return build


def _renamed(name: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        folder = b.year_folder(root)
        (folder / WORKBOOK).rename(folder / name)

    return build


def _extra_sheet(wb: Workbook) -> None:
    wb.create_sheet("Ghi chú").cell(2, 1, "Đã gửi kèm bản giấy")


def _today_is(day: date) -> Patch:
    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(validate, "today", lambda: day)

    return patch


def _third_form() -> str:
    return f"{b.shipped_workspace().active(YEAR)[2].code}.xlsx"


def _registry_agency(code: str) -> Callable[[Path], None]:
    return _registry_append(
        f"""
  - ma: {code}
    ten: "Đơn vị thử tên thiết bị"
    ten_ngan: "Thiết bị"
    loai: so
    chuc_danh_thu_truong: "Giám đốc"
"""
    )


def _registry_code_location() -> tuple[int, int]:
    """Line and index of an agency appended to the shipped registry by _registry_agency."""
    text = (b.SHIPPED_INPUTS / b.REGISTRY_FILE).read_text(encoding="utf-8")
    agencies = len(yaml.safe_load(text)["don_vi"])
    return len(text.splitlines()) + 2, agencies


def _device_name(code: str) -> str:
    line, index = _registry_code_location()
    return (
        f"tệp don-vi.yaml, dòng {line}, trường «don_vi.{index}.ma»: mã đơn vị «{code}» không "
        f"dùng làm tên tệp được vì Windows dành riêng tên này cho thiết bị; hãy đổi mã, ví dụ "
        f"«DV-{code}»"
    )


def _with_lock_and_hidden_files(root: Path) -> None:
    folder = b.year_folder(root)
    (folder / f"~${WORKBOOK}").write_bytes(b"\x00" * 165)
    (folder / ".DS_Store").write_bytes(b"\x00")


EXCEL_ERROR = "ô chứa giá trị lỗi «{}» của Excel"
OUTSIDE = "ô nằm ngoài phần phiếu được đọc nên nội dung «{}» sẽ bị bỏ qua"
SYNTAX = "lỗi cú pháp YAML ở cột"

ENGLISH_OS = ("No space left", "Permission denied", "Not a directory", "No such file")

CASES: list[Case] = [
    # --- numbers (issue 3: words, negatives, fractions, dates in number cells) -----------
    Case(
        "so-bang-chu",
        b.typed(*D4, "mười hai"),
        (at(FIGURES, "D4") + f"«mười hai» là chữ; {FIRST_FIGURE}",),
    ),
    Case(
        "so-am",
        b.typed(*D4, -3),
        (at(FIGURES, "D4") + f"số âm (-3) không được chấp nhận; {FIRST_FIGURE}",),
    ),
    Case(
        "so-am-dang-chu",
        b.typed(*D4, " -3 "),
        (at(FIGURES, "D4") + "số âm (-3) không được chấp nhận",),
    ),
    Case(
        "so-le",
        b.typed(*D4, 2.5),
        (at(FIGURES, "D4") + f"số lẻ (2,5) không được chấp nhận; {FIRST_FIGURE}",),
    ),
    Case("so-le-dang-chu", b.typed(*D4, "2,5"), (at(FIGURES, "D4") + "«2,5» là số lẻ",)),
    Case(
        "ngay-trong-o-so",
        b.typed(*D4, date(2024, 11, 5)),
        (at(FIGURES, "D4") + "ô chứa ngày tháng (05/11/2024), không phải số",),
    ),
    Case(
        "kinh-phi-bang-chu",
        b.typed(TASKS, b.FIRST, b.TASK_FUNDING, "năm triệu đồng"),
        (at(TASKS, "F4") + f"«năm triệu đồng» là chữ; {MONEY}",),
    ),
    Case(
        "ky-tu-khong-phai-so",
        b.typed(*D4, "12 nhãn hiệu"),
        (at(FIGURES, "D4") + "«12 nhãn hiệu» là chữ",),
    ),
    # --- statuses, rows, codes ---------------------------------------------------------
    Case(
        "tinh-trang-ngoai-danh-sach",
        b.typed(TASKS, b.FIRST, b.TASK_STATUS, "Xong rồi"),
        (at(TASKS, "D4") + f"tình trạng «Xong rồi» không có trong danh sách; {STATUSES}",),
    ),
    Case(
        "tinh-trang-bo-trong",
        b.typed(TASKS, b.FIRST, b.TASK_STATUS, None),
        (at(TASKS, "D4") + f"chưa chọn tình trạng; {STATUSES}",),
    ),
    Case(
        "xoa-dong-nhiem-vu",
        b.edited_form(_delete_row(TASKS, b.FIRST)),
        (at(TASKS) + "thiếu dòng của nhiệm vụ IV.1.a; đơn vị phải báo cáo mọi nhiệm vụ",),
    ),
    Case(
        "ma-nhiem-vu-la",
        b.typed(TASKS, b.FIRST, 1, "IV.99.z"),
        (at(TASKS, "A4") + f"mã nhiệm vụ «IV.99.z» không có trong {PLAN_NO}; đừng sửa mã",),
    ),
    Case(
        "nhiem-vu-cua-don-vi-khac",
        b.typed(TASKS, b.FIRST, 1, "IV.2.a"),
        (
            at(TASKS, "A4") + f"nhiệm vụ IV.2.a không giao cho {SKHCN} trong năm",
            at(TASKS) + "thiếu dòng của nhiệm vụ IV.1.a",
        ),
    ),
    Case(
        "nhiem-vu-lap-lai",
        b.typed(TASKS, b.FIRST + 1, 1, "IV.1.a"),
        (at(TASKS, "A5") + "nhiệm vụ IV.1.a bị lặp lại",),
    ),
    Case(
        "ma-chi-tieu-la",
        b.typed(FIGURES, b.FIRST, 1, "HD-ZZ"),
        (at(FIGURES, "A4") + "mã chỉ số «HD-ZZ» không có trong danh sách; đừng sửa mã chỉ số",),
    ),
    Case(
        "xoa-dong-chi-tieu",
        b.edited_form(_delete_row(FIGURES, b.FIRST)),
        (at(FIGURES) + "thiếu dòng của chỉ số HD-TAP-HUAN; đừng xóa dòng chỉ số",),
    ),
    Case(
        "cong-thuc-chua-tinh",
        b.typed(*D4, "=2+3"),
        (at(FIGURES, "D4") + "ô chứa công thức «=2+3» nhưng chưa có kết quả tính sẵn",),
    ),
    Case(
        "doi-tieu-de-cot",
        b.typed(TASKS, forms.HEADER_ROW, b.TASK_RESULT, "Kết quả"),
        (at(TASKS, "E3") + "tiêu đề cột là «Kết quả», cần «Kết quả thực hiện»",),
    ),
    Case(
        "o-dinh-dang-phan-tram",
        b.edited_form(_formatted(FIGURES, "D4", 1, "0%")),
        (
            at(FIGURES, "D4") + "ô định dạng phần trăm: Excel hiển thị «100%» nhưng số lưu trong "
            "ô là 1; bỏ định dạng phần trăm của ô",
        ),
    ),
    Case(
        "so-duoi-bang-nhiem-vu",
        b.typed(TASKS, b.FIRST + 20, b.TASK_FUNDING, 7_000_000),
        (
            at(TASKS, f"F{b.FIRST + 20}") + f"ô có nội dung «7000000» nhưng dòng {b.FIRST + 20} "
            "không có mã nhiệm vụ (cột A)",
        ),
    ),
    Case(
        "cong-thuc-lay-tu-tep-khac",
        b.put_workbook(b.with_formula(TASKS, f"F{b.FIRST}", "[1]Sheet1!$A$1", "48000000")),
        (
            at(TASKS, f"F{b.FIRST}") + "ô lấy giá trị từ một tệp khác (công thức "
            "«=[1]Sheet1!$A$1»): giá trị lưu trong phiếu là bản chép lần mở cuối",
        ),
    ),
    Case(
        "dong-bi-an",
        b.edited_form(_hide_row(TASKS, b.FIRST)),
        (
            at(TASKS, f"A{b.FIRST}")
            + f"dòng {b.FIRST} đang bị ẩn nhưng có nội dung: vanban vẫn đọc",
        ),
    ),
    Case(
        "cot-bi-an",
        b.edited_form(_hide_column(TASKS, "F")),
        (at(TASKS, "F3") + "cột F đang bị ẩn nhưng có nội dung: vanban vẫn đọc",),
    ),
    Case(
        "dong-cao-0",
        b.put_workbook(_sized_to_nothing(TASKS, rb'<row r="%d"[^>]*>' % b.FIRST, b"ht")),
        (
            at(TASKS, f"A{b.FIRST}")
            + f"dòng {b.FIRST} đang bị ẩn nhưng có nội dung: vanban vẫn đọc",
        ),
    ),
    Case(
        "cot-rong-0",
        b.put_workbook(_sized_to_nothing(TASKS, rb'<col [^>]*min="6" max="6"/>', b"width")),
        (at(TASKS, "F3") + "cột F đang bị ẩn nhưng có nội dung: vanban vẫn đọc",),
    ),
    Case(
        "o-ghi-hai-lan",
        lambda root: b.put_workbook(_cell_written_twice())(root),
        (at() + "tệp không đọc được như một sổ làm việc Excel (nội dung bị hỏng)",),
    ),
    Case(
        "gop-o-kinh-phi",
        b.edited_form(_merge(TASKS, f"F{b.FIRST}:F{b.FIRST + 2}")),
        (at(TASKS, f"F{b.FIRST}:F{b.FIRST + 2}") + f"các ô F{b.FIRST}:F{b.FIRST + 2} bị gộp",),
    ),
    Case(
        "trang-tinh-trung-ten-go-mac",
        b.edited_form(_lookalike_copy(TASKS, unicodedata.normalize("NFD", TASKS))),
        (at(TASKS) + "tệp có 2 trang tính trùng tên",),
    ),
    Case(
        "trang-tinh-trung-ten-dau-cach",
        b.edited_form(_lookalike_copy(TASKS, TASKS + " ")),
        (at(TASKS) + "tệp có 2 trang tính trùng tên",),
    ),
    Case(
        "doi-ten-trang-tinh",
        b.edited_form(_rename_sheet(MEASURES, "Chi tieu")),
        (
            at("Chi tieu") + f"trang tính này có lẽ là trang «{MEASURES}» của phiếu bị đổi "
            f"tên: hãy đổi lại tên trang tính thành «{MEASURES}»",
        ),
        absent=("không có trang tính này", "xóa trang tính"),
    ),
    Case(
        "thieu-trang-tinh-va-loi-o-khac",
        b.edited_form(
            _both(
                _rename_sheet(MEASURES, "Chi tieu"),
                b.set_cell(TASKS, b.FIRST, b.TASK_FUNDING, "1,5 tỷ"),
            )
        ),
        (
            at("Chi tieu") + f"trang tính này có lẽ là trang «{MEASURES}» của phiếu bị đổi tên",
            at(TASKS, "F4") + "«1,5 tỷ» là chữ",
        ),
    ),
    Case(
        "phieu-nam-khac",
        b.put_workbook(b.filled_form(AGENCY, 2023)),
        (at(INFO, "B5") + "phiếu là của năm 2023, nhưng nằm trong thư mục năm 2024",),
    ),
    Case(
        "ngay-bao-cao-sai",
        b.typed(INFO, b.INFO_ROW[forms.LABEL_DATE], 2, "32/13/2024"),
        (at(INFO, "B10") + "«32/13/2024» không phải là ngày hợp lệ",),
    ),
    # --- files that are not a readable workbook -------------------------------------
    Case(
        "khong-phai-so-lam-viec",
        b.raw_file("Báo cáo năm 2024\n".encode(), WORKBOOK),
        (at() + "tệp không phải là sổ làm việc Excel (.xlsx)",),
    ),
    Case("zip-bi-cat", _truncated, (at() + "tệp bị hỏng, không giải nén được",)),
    Case("zip-hong-du-lieu", _flipped, (at() + "tệp bị hỏng",)),
    Case(
        "excel-cu-xls",
        b.raw_file(b.ole2_file(with_encryption=False), f"{AGENCY}.xls"),
        (at(file=f"{AGENCY}.xls") + "tệp theo định dạng Excel cũ (.xls) không đọc được",),
    ),
    Case(
        "co-macro-xlsm",
        _macro_enabled,
        (at(file=f"{AGENCY}.xlsm") + "tệp là sổ làm việc có macro (.xlsm)",),
    ),
    Case(
        "dat-mat-khau",
        b.raw_file(b.ole2_file(with_encryption=True), WORKBOOK),
        (at() + "tệp được đặt mật khẩu nên không đọc được",),
    ),
    Case("tep-rong", b.raw_file(b"", WORKBOOK), (at() + "tệp rỗng (0 byte)",)),
    Case(
        "bang-tinh-ods",
        _ods,
        (at(file=f"{AGENCY}.ods") + "tệp là bảng tính OpenDocument (.ods)",),
    ),
    Case(
        "csv-doi-duoi",
        b.raw_file("Mã chỉ tiêu;Kết quả\nCT-A;1\n".encode(), f"{AGENCY}.csv"),
        (at(file=f"{AGENCY}.csv") + "tệp không phải là sổ làm việc Excel (.xlsx)",),
    ),
    # --- which agency -------------------------------------------------------------------
    Case(
        "hai-phieu-mot-don-vi",
        _second_copy,
        (
            f"{SKHCN} có 2 phiếu: «{AGENCY} (1).xlsx» (ghi ngày 05/11/2024), «{WORKBOOK}» (ghi "
            "ngày 05/11/2024); chỉ giữ lại một phiếu trong thư mục (thường là phiếu đơn vị gửi "
            "sau cùng",
        ),
    ),
    Case(
        "huyen-sau-sap-xep-2025",
        _district_2025,
        (
            at(INFO, "B4", f"{b.DISTRICT}.xlsx")
            + "phiếu là của Ủy ban nhân dân thành phố Sơn La, đơn vị không còn hoạt động vào "
            "ngày 10/11/2025 (hạn báo cáo năm 2025)",
            "chuyển cho Ủy ban nhân dân các xã, phường",
        ),
        year=2025,
    ),
    Case(
        "ma-don-vi-la",
        b.edited_form(_code_everywhere("XA-KHONG-CO")),
        (at(INFO, "B4") + "mã đơn vị «XA-KHONG-CO» không có trong danh mục đơn vị",),
    ),
    Case(
        "ma-don-vi-duong-dan",
        b.edited_form(_code_everywhere("../../etc")),
        (at(INFO, "B4") + "mã đơn vị «../../etc» không có trong danh mục đơn vị",),
    ),
    # --- size limits and zip bombs -----------------------------------------------------
    Case(
        "tep-qua-20-mb",
        _sparse_oversized,
        (at() + "tệp lớn 21,0 MB, vượt quá giới hạn 20 MB của một phiếu báo cáo",),
    ),
    Case(
        "hon-10000-dong",
        b.typed(MEASURES, 10_001, b.MEASURE_NOTE, "x"),
        (
            at(MEASURES, "E10001") + "trang tính có nội dung đến dòng 10.001, hơn 10.000 dòng "
            "của một phiếu báo cáo nên vanban không đọc tệp",
        ),
    ),
    Case(
        "hon-10000-dong-khong-co-dimension",
        _rows_without_dimension,
        (at(MEASURES, "E10029") + "trang tính có nội dung đến dòng 10.029, hơn 10.000 dòng",),
    ),
    Case(
        "bom-zip",
        b.raw_file(b.zip_bomb(100 * 1024 * 1024), WORKBOOK),
        (at() + "tệp khi giải nén lớn hơn 100 MB, vượt quá cỡ của một phiếu báo cáo",),
    ),
    Case(
        "bom-zip-khai-sai-co",
        b.raw_file(b.forged_sizes_bomb(), WORKBOOK),
        (at() + "tệp bị hỏng",),
    ),
    # --- text that must not pass unnoticed --------------------------------------------
    Case(
        "o-1-mb-chu",
        b.put_workbook(b.with_shared_string(TASKS, "E4", "Tập huấn. ".encode() * 104_858)),
        (at(TASKS, "E4") + "ô có 1.048.580 ký tự, vượt giới hạn 32.767 ký tự của một ô Excel",),
    ),
    Case(
        "o-40000-ky-tu",
        # openpyxl, like Excel, keeps the first 32,767 characters: the end is lost silently.
        b.typed(FIGURES, b.FIRST, b.MEASURE_NOTE, "nhãn hiệu " * 4_000),
        (
            at(FIGURES, "E4") + "ô có đúng 32.767 ký tự, bằng giới hạn của một ô Excel: phần "
            "cuối của nội dung có lẽ đã bị cắt bớt khi dán vào",
        ),
    ),
    Case(
        "dao-chieu-chu-u202e",
        b.typed(TASKS, b.FIRST, b.TASK_RESULT, "Đã chi \u202e000.000.05\u202c đồng"),
        (at(TASKS, "E4") + "ô chứa ký tự đảo chiều chữ (U+202E, U+202C)",),
    ),
    Case(
        "tcvn3",
        b.typed(TASKS, b.FIRST, b.TASK_RESULT, b.TCVN3_TEXT),
        (
            at(TASKS, "E4") + "chữ có vẻ được gõ bằng bảng mã TCVN3 (ABC) («Së» là «Sở»",
            "hãy gõ lại bằng bảng mã Unicode (Unikey: chọn bảng mã Unicode)",
        ),
    ),
    Case(
        "vni",
        b.typed(ISSUES, 3, 2, b.VNI_TEXT),
        (
            at(ISSUES, "B3") + "chữ có vẻ được gõ bằng bảng mã VNI («Sôû» là «Sở»",
            "hãy gõ lại bằng bảng mã Unicode",
        ),
    ),
    # --- numbers: never guessed (issue 10) ----------------------------------------------
    Case(
        "kinh-phi-dau-phay-mo-ho",
        b.typed(TASKS, b.FIRST, b.TASK_FUNDING, "350,000"),
        (
            at(TASKS, "F4") + "«350,000» không rõ nghĩa: dấu phẩy đứng trước ba chữ số có thể "
            "là dấu tách hàng nghìn (kiểu tiếng Anh) hoặc dấu thập phân, vanban không đoán; hãy "
            "gõ số không có dấu phẩy, ví dụ 350000 hoặc 350.000",
        ),
        absent=("125.000.350", "350 đồng"),
    ),
    Case(
        "chi-tieu-dau-phay-kieu-anh",
        b.typed(*D4, "1,200"),
        (at(FIGURES, "D4") + "«1,200» không rõ nghĩa", "ví dụ 1200 hoặc 1.200"),
    ),
    Case(
        "kinh-phi-vuot-gioi-han",
        b.typed(TASKS, b.FIRST, b.TASK_FUNDING, 10**18),
        (
            at(TASKS, "F4") + "số 1.000.000.000.000.000.000 quá lớn: Excel chỉ giữ đúng 15 chữ số",
            "không quá 999.999.999.999.999",
        ),
    ),
    Case(
        "kinh-phi-16-chu-so-dang-chu",
        b.typed(TASKS, b.FIRST, b.TASK_FUNDING, "1.000.000.000.000.000"),
        (at(TASKS, "F4") + "số 1.000.000.000.000.000 quá lớn",),
    ),
    Case(
        "chi-tieu-bo-trong",
        b.typed(*D4, None),
        (at(FIGURES, "D4") + "chưa ghi số liệu; không có thì ghi 0",),
    ),
    # --- Excel error values, in any cell ------------------------------------------------
    Case(
        "loi-excel-chia-cho-0",
        _cached_error(FIGURES, "D4", b"C4/0", b"#DIV/0!"),
        (
            at(FIGURES, "D4") + EXCEL_ERROR.format("#DIV/0!") + " (công thức «=C4/0»): "
            "công thức chia cho 0",
        ),
    ),
    Case(
        "loi-excel-trong-ket-qua",
        b.typed(TASKS, b.FIRST, b.TASK_RESULT, "#DIV/0!"),
        (at(TASKS, "E4") + EXCEL_ERROR.format("#DIV/0!"),),
    ),
    Case(
        "loi-excel-ref-trong-tinh-trang",
        b.typed(TASKS, b.FIRST, b.TASK_STATUS, "#REF!"),
        (at(TASKS, "D4") + EXCEL_ERROR.format("#REF!"),),
        absent=("chưa chọn tình trạng",),
    ),
    Case(
        "loi-excel-na-trong-kho-khan",
        b.typed(ISSUES, 3, 2, "#N/A"),
        (at(ISSUES, "B3") + EXCEL_ERROR.format("#N/A"),),
    ),
    Case(
        "loi-excel-name-nguoi-bao-cao",
        b.typed(INFO, b.INFO_ROW[forms.LABEL_REPORTER], 2, "#NAME?"),
        (at(INFO, "B7") + EXCEL_ERROR.format("#NAME?"),),
    ),
    Case(
        "loi-excel-value-nam-bao-cao",
        _cached_error(INFO, "B5", b"2023+A1", b"#VALUE!"),
        (at(INFO, "B5") + EXCEL_ERROR.format("#VALUE!"),),
        absent=("phiếu là của năm",),
    ),
    Case(
        "loi-excel-getting-data-dang-chu",
        b.typed(*D4, "#GETTING_DATA"),
        (at(FIGURES, "D4") + EXCEL_ERROR.format("#GETTING_DATA"),),
    ),
    Case(
        "loi-excel-ngoai-cot",
        b.typed(MEASURES, b.FIRST, 7, "#NULL!"),
        (at(MEASURES, "G4") + EXCEL_ERROR.format("#NULL!"),),
    ),
    # --- dates ---------------------------------------------------------------------------
    Case(
        "ngay-bao-cao-truoc-nam",
        b.typed(INFO, b.INFO_ROW[forms.LABEL_DATE], 2, date(YEAR - 1, 12, 31)),
        (at(INFO, "B10") + "ngày báo cáo 31/12/2023 không hợp lý cho báo cáo năm 2024",),
    ),
    Case(
        "ngay-bao-cao-so-ngoai-lich",
        b.typed(INFO, b.INFO_ROW[forms.LABEL_DATE], 2, 99_999_999),
        (at(INFO, "B10") + "«99999999» không phải là ngày",),
        absent=("#VALUE!",),
    ),
    Case(
        "ngay-bao-cao-sau-hom-nay",
        b.typed(INFO, b.INFO_ROW[forms.LABEL_DATE], 2, date(YEAR, 11, 25)),
        (
            at(INFO, "B10") + "ngày báo cáo 25/11/2024 ở sau hôm nay (20/11/2024): ngày chưa "
            "tới; hãy ghi đúng ngày ký gửi phiếu",
        ),
        patch=_today_is(date(YEAR, 11, 20)),
    ),
    # --- text: exactly what was typed, nothing dropped --------------------------------
    Case(
        "ghi-chu-ngoai-cot",
        b.typed(MEASURES, b.FIRST, 6, "Đã nộp 2 đơn nhãn hiệu"),
        (
            at(MEASURES, "F4") + OUTSIDE.format("Đã nộp 2 đơn nhãn hiệu") + "; hãy ghi vào "
            "cột «Ghi chú» của dòng chỉ tiêu, hoặc xóa nội dung ô này",
        ),
    ),
    Case(
        "chu-duoi-bang-thong-tin",
        b.typed(INFO, 13, 2, "Liên hệ thêm: phòng Quản lý"),
        (at(INFO, "B13") + OUTSIDE.format("Liên hệ thêm: phòng Quản lý"),),
    ),
    Case(
        "trang-tinh-them",
        b.edited_form(_extra_sheet),
        (at("Ghi chú") + "trang tính này không thuộc phiếu nên nội dung ở ô A2 sẽ bị bỏ qua",),
    ),
    # --- which files are read ------------------------------------------------------------
    Case(
        "phieu-trong-thu-muc-con-co-loi",
        _moved_into("thu-ngay-5-11", b.typed(TASKS, b.FIRST, b.TASK_FUNDING, "350,000")),
        (
            at(TASKS, "F4", file=f"thu-ngay-5-11/{WORKBOOK}") + "«350,000» không rõ nghĩa",
            "thu-ngay-5-11/cong-van-kem-theo.pdf: không phải bảng tính; phiếu báo cáo là tệp .xlsx",
        ),
    ),
    Case(
        "ten-tep-cua-don-vi-khac",
        _renamed(f"{b.OTHER_AGENCY}.xlsx"),
        (
            at(INFO, "B4", f"{b.OTHER_AGENCY}.xlsx") + f"tên tệp «{b.OTHER_AGENCY}.xlsx» là mã "
            f"của {OTHER_NAME} ({b.OTHER_AGENCY}), nhưng phiếu bên trong là của {SKHCN} "
            f"({AGENCY}); nếu đây đúng là phiếu của {SKHCN}, hãy đổi tên tệp thành «{WORKBOOK}»",
        ),
    ),
    # --- plan, registry ----------------------------------------------------------------
    Case(
        "ke-hoach-trung-ma",
        b.edit_yaml(b.PLAN_FILE, SECOND_MEASURE, 'ma: "CT-B1"'),
        (
            "Kế hoạch ke-hoach.yaml không hợp lệ:",
            f"tệp ke-hoach.yaml, dòng {_line_of(b.PLAN_FILE, SECOND_MEASURE)}, trường "
            "«muc_tieu_cu_the.1.chi_tieu.1.ma»: mã «CT-B1» bị trùng",
        ),
    ),
    Case(
        "don-vi-ke-nhiem-vong-lap",
        _registry_append(LOOP_BLOCK),
        (
            "Danh mục đơn vị don-vi.yaml không hợp lệ:",
            "chuỗi đơn vị kế nhiệm bị vòng lặp: VONG-A → VONG-B → VONG-A",
        ),
    ),
    Case(
        "don-vi-ma-duong-dan",
        _registry_append(TRAVERSAL_BLOCK),
        (
            "Danh mục đơn vị don-vi.yaml không hợp lệ:",
            "trường «don_vi.",
            "«../../etc»",
            "chữ in hoa không dấu",
        ),
        absent=("String should match",),
    ),
    Case(
        "don-vi-trung-ma",
        _registry_append(LOOP_BLOCK.replace("VONG-A", "SKHCN", 1)),
        ("Danh mục đơn vị don-vi.yaml không hợp lệ:", "mã «SKHCN» bị trùng"),
    ),
    Case(
        "ke-hoach-ky-tu-tab",
        b.edit_yaml(b.PLAN_FILE, "    ngay: 2019-08-22", "\tngay: 2019-08-22"),
        (
            f"tệp {b.PLAN_FILE}, dòng {_line_of(b.PLAN_FILE, 'ngay: 2019-08-22')}: {SYNTAX} 1: "
            "có ký tự Tab; YAML chỉ thụt lề bằng dấu "
            "cách, hãy thay Tab bằng dấu cách",
        ),
        absent=("found", "expected"),
    ),
    Case(
        "don-vi-thieu-hai-cham",
        b.edit_yaml(b.REGISTRY_FILE, f'    ten: "{OTHER_NAME}"', f'    ten "{OTHER_NAME}"'),
        (
            f"tệp {b.REGISTRY_FILE}, dòng {OTHER_NAME_LINE}: "
            f"{SYNTAX} 5: thiếu dấu hai chấm «:» sau tên trường",
        ),
        absent=("could not find",),
    ),
    Case(
        "ke-hoach-nhay-chua-dong",
        b.edit_yaml(b.PLAN_FILE, 'ky_hieu: "KH-UBND"', 'ky_hieu: "KH-UBND'),
        (f"tệp {b.PLAN_FILE}, dòng 19: {SYNTAX} 10: dấu nháy mở ở đây không được đóng",),
    ),
    Case(
        "ke-hoach-thut-le-sai",
        b.edit_yaml(b.PLAN_FILE, "  ngay: 2019-08-22", "   ngay: 2019-08-22"),
        (
            f"tệp {b.PLAN_FILE}, dòng {_line_of(b.PLAN_FILE, 'ngay: 2019-08-22')}: {SYNTAX} 6: "
            "thụt lề không đúng",
        ),
    ),
    Case(
        "don-vi-khoa-lap",
        b.edit_yaml(
            b.REGISTRY_FILE,
            '    ten_ngan: "Sở VHTTDL"',
            '    ten_ngan: "Sở VHTTDL"\n    ten: "Sở khác"',
        ),
        (
            f"tệp {b.REGISTRY_FILE}, dòng {OTHER_SHORT_NAME_LINE + 1}: "
            f"khóa «ten» bị lặp (đã có ở dòng {OTHER_NAME_LINE})"
            "; xóa hoặc đổi tên một trong hai",
        ),
    ),
    # --- templates (generate only; the report is rendered before the letters fail) ----
    Case(
        "mau-thoat-sandbox",
        b.edit_template(
            batch.LETTER_TEMPLATE, b"{{ issuer }}", b"{{ issuer }}{{ ''.__class__.__mro__ }}"
        ),
        (
            f"Lỗi: tệp {batch.LETTER_TEMPLATE}: Mẫu chứa lệnh không được phép vì có thể gây mất an toàn",
        ),
        commands=GENERATE,
        absent=("<class",),
    ),
    Case(
        "mau-bien-la",
        b.edit_template(
            batch.LETTER_TEMPLATE, b"{{ issuer }}", b"{{ issuer }}{{ so_cong_van_den }}"
        ),
        (
            f"Lỗi: tệp {batch.LETTER_TEMPLATE}: Mẫu cần biến «so_cong_van_den» nhưng dữ liệu không có",
        ),
        commands=GENERATE,
    ),
    Case(
        "mau-loi-cu-phap",
        b.edit_template(batch.LETTER_TEMPLATE, b"{{ issuer }}", b"{% if issuer %}{{ issuer }}"),
        (
            f"Lỗi: tệp {batch.LETTER_TEMPLATE}",
            "Mẫu có lỗi cú pháp (phần word/document.xml): thẻ {% if … %} ở đoạn «",
            "chưa có thẻ đóng {% endif %}",
        ),
        commands=GENERATE,
    ),
    Case(
        "mau-khong-phai-docx",
        _text_template,
        (f"Lỗi: tệp {batch.LETTER_TEMPLATE}: Tệp mẫu hỏng hoặc không phải văn bản Word (.docx).",),
        commands=GENERATE,
    ),
    Case(
        "thieu-mau",
        _missing_template,
        (f"Lỗi: tệp {batch.LETTER_TEMPLATE}: Không tìm thấy tệp mẫu.",),
        commands=GENERATE,
    ),
    # --- outputs -----------------------------------------------------------------------
    Case(
        "chay-lai-khong-force",
        lambda root: None,
        ("đã có văn bản của lần tạo trước (có thể đã ký), vanban không ghi đè", "--force"),
        commands=GENERATE,
        force=False,
    ),
    Case(
        "thu-muc-khong-ghi-duoc",
        lambda root: None,
        ("Lỗi: tệp out: không có quyền ghi vào thư mục kết quả; chọn thư mục khác bằng --out",),
        commands=GENERATE,
        patch=_refuse_mkdtemp,
    ),
    Case(
        "out-nam-duoi-mot-tep",
        _file_instead_of_folder,
        ("Lỗi: ", "«ghi-chu.txt» là một tệp, không phải thư mục"),
        commands=GENERATE,
        out_arg=lambda root: root / "out" / "ghi-chu.txt" / "ket-qua",
        absent=ENGLISH_OS,
    ),
    Case(
        "out-la-mot-tep",
        _file_instead_of_folder,
        ("«ghi-chu.txt» là một tệp, không phải thư mục",),
        commands=GENERATE,
        exit_code=2,
        out_arg=lambda root: root / "out" / "ghi-chu.txt",
        absent=("Invalid value", "is a file"),
    ),
    Case(
        "het-cho-khi-ghi-cong-van",
        lambda root: None,
        ("ổ đĩa đã hết chỗ trống, không ghi được tệp; giải phóng dung lượng rồi chạy lại",),
        commands=GENERATE,
        patch=_disk_full_after(5),
        absent=ENGLISH_OS,
    ),
    Case(
        "het-cho-khi-ghi-bao-cao",
        lambda root: None,
        ("tệp bao-cao-tong-hop.docx: ổ đĩa đã hết chỗ trống",),
        commands=GENERATE,
        patch=_disk_full_after(0),
        absent=ENGLISH_OS,
    ),
    Case(
        "het-cho-khi-chuyen-vao-cho",
        lambda root: None,
        ("không chuyển được bộ văn bản vào", "ổ đĩa đã hết chỗ trống"),
        commands=GENERATE,
        patch=_rename_fails_on_call(2),
        absent=ENGLISH_OS,
    ),
    # --- output folders (issue 10) --------------------------------------------------
    Case(
        "out-la-thu-muc-dau-vao",
        lambda root: None,
        (
            f"Lỗi: thư mục kết quả «{under('inputs')}» trùng với thư mục dữ liệu đầu vào "
            f"«{under('inputs')}»{OVERLAP_ADVICE}",
        ),
        commands=WRITERS,
        exit_code=2,
        out_arg=lambda root: root / "inputs",
    ),
    Case(
        "out-nam-trong-thu-muc-dau-vao",
        lambda root: None,
        (
            f"Lỗi: thư mục kết quả «{under('inputs', str(YEAR), 'ket-qua')}» nằm trong thư mục "
            f"dữ liệu đầu vào «{under('inputs')}»{OVERLAP_ADVICE}",
        ),
        commands=WRITERS,
        exit_code=2,
        out_arg=lambda root: root / "inputs" / str(YEAR) / "ket-qua",
    ),
    Case(
        "out-chua-thu-muc-dau-vao",
        lambda root: None,
        (f"Lỗi: thư mục kết quả «{ROOT}» chứa thư mục dữ liệu đầu vào «{under('inputs')}»",),
        commands=WRITERS,
        exit_code=2,
        out_arg=lambda root: root,
    ),
    Case(
        "out-la-thu-muc-mau",
        lambda root: None,
        (
            f"Lỗi: thư mục kết quả «{under('templates')}» trùng với thư mục mẫu văn bản "
            f"«{under('templates')}»{OVERLAP_ADVICE}",
        ),
        commands=GENERATE,
        exit_code=2,
        out_arg=lambda root: root / "templates",
    ),
    Case(
        "thu-muc-nam-la-lien-ket",
        _year_link,
        (f"Lỗi: «{under(OUT2, str(YEAR))}» {LINK_ADVICE}",),
        commands=WRITERS,
        out_arg=_out2,
    ),
    Case(
        "thu-muc-nam-la-tep",
        _in_out2(str(YEAR), b"mot tep ten la nam"),
        (
            f"Lỗi: «{under(OUT2, str(YEAR))}» là một tệp, không phải thư mục; "
            f"vanban cần ghi vào thư mục «{YEAR}». Đổi tên hoặc chuyển tệp đó đi, hoặc chọn "
            "thư mục kết quả khác bằng --out",
        ),
        commands=WRITERS,
        out_arg=_out2,
    ),
    Case(
        "thu-muc-phieu-la-lien-ket",
        lambda root: (
            (_out2(root) / str(YEAR)).mkdir(parents=True)
            or (_out2(root) / str(YEAR) / forms.FORMS_DIR).symlink_to(
                root / "inputs" / str(YEAR), target_is_directory=True
            )
        ),
        (f"Lỗi: «{under(OUT2, str(YEAR), forms.FORMS_DIR)}» {LINK_ADVICE}",),
        commands=FORMS,
        out_arg=_out2,
    ),
    Case(
        "tep-cua-van-thu-trung-ten-van-ban",
        _in_out2(f"{YEAR}/{batch.REPORT_FILE}", b"bao cao van thu tu soan"),
        (f"Lỗi: «{under(OUT2, str(YEAR), batch.REPORT_FILE)}» {STRANGER_ADVICE}",),
        commands=GENERATE,
        out_arg=_out2,
    ),
    Case(
        "tep-cua-van-thu-trung-ten-phieu",
        _in_out2(f"{YEAR}/{forms.FORMS_DIR}/{WORKBOOK}", b"phieu da dien cua don vi"),
        (f"Lỗi: «{under(OUT2, str(YEAR), forms.FORMS_DIR, WORKBOOK)}» {STRANGER_ADVICE}",),
        commands=FORMS,
        out_arg=_out2,
    ),
    Case(
        "tep-la-trong-thu-muc-cong-van",
        _clerk_file_in_a_vanban_folder,
        (f"Lỗi: «{under(OUT2, str(YEAR), 'cong-van', AGENCY + '-da-ky.pdf')}» {STRANGER_ADVICE}",),
        commands=GENERATE,
        out_arg=_out2,
    ),
    Case(
        "manifest-hong",
        _in_out2(f"{YEAR}/manifest.json", b"{khong phai json"),
        (
            f"Lỗi: tệp manifest.json: «{under(OUT2, str(YEAR), 'manifest.json')}» không phải "
            "danh mục vanban đã ghi (tệp hỏng hoặc đã bị sửa) nên vanban không biết tệp nào "
            f"trong «{under(OUT2, str(YEAR))}» do mình tạo và không đụng tới thư mục đó.",
        ),
        commands=GENERATE,
        out_arg=_out2,
    ),
    Case(
        "van-ban-dang-mo-trong-word",
        _unmarked_staging,
        (
            f"Lỗi: không chuyển được bộ văn bản vào "
            f"«{under('out', str(YEAR))}»: tệp «{batch.REPORT_FILE}» đang mở trong Excel hoặc "
            "Word nên không thay được; đóng tệp đó rồi chạy lại",
        ),
        commands=GENERATE,
        patch=_word_holds_the_report,
        absent=(*ENGLISH_OS, "quyền"),
    ),
    Case(
        "phieu-het-cho-giua-chung",
        lambda root: None,
        (
            f"Lỗi: tệp {_third_form()}: ổ đĩa đã hết chỗ trống, không ghi được tệp; giải phóng "
            "dung lượng rồi chạy lại",
        ),
        commands=FORMS,
        patch=_forms_disk_full_after(2),
        absent=ENGLISH_OS,
    ),
    Case(
        "phieu-da-sua-chay-lai-khong-force",
        _earlier_forms_one_edited,
        (
            f"Lỗi: thư mục «{under('out', str(YEAR), forms.FORMS_DIR)}» "
            f"đã có bộ phiếu khác với bộ sẽ tạo ({WORKBOOK}); có thể phiếu đã được sửa hoặc "
            "đã gửi đi. Không ghi gì. Muốn thay bằng bộ mới thì chạy lại với --force",
        ),
        commands=FORMS,
        force=False,
    ),
    Case(
        "phieu-dang-mo-trong-excel-khi-force",
        _earlier_forms_one_edited,
        (
            "Lỗi: không chuyển được bộ phiếu báo cáo vào "
            f"«{under('out', str(YEAR), forms.FORMS_DIR)}»: tệp «{WORKBOOK}» đang mở trong "
            "Excel hoặc Word nên không thay được; đóng tệp đó rồi chạy lại",
        ),
        commands=FORMS,
        patch=_excel_holds_a_form,
        absent=(*ENGLISH_OS, "quyền"),
    ),
    Case(
        "ma-don-vi-ten-thiet-bi-con",
        _registry_agency("CON"),
        ("Danh mục đơn vị don-vi.yaml không hợp lệ:", _device_name("CON")),
        commands=(*BOTH, "forms"),
    ),
    Case(
        "ma-don-vi-ten-thiet-bi-lpt9",
        _registry_agency("LPT9"),
        ("Danh mục đơn vị don-vi.yaml không hợp lệ:", _device_name("LPT9")),
        commands=(*BOTH, "forms"),
    ),
    # --- usage -------------------------------------------------------------------------
    Case(
        "nam-ngoai-giai-doan",
        lambda root: None,
        ("Lỗi: năm 2030 nằm ngoài giai đoạn của Kế hoạch số 65/KH-UBND (2021-2025)",),
        exit_code=2,
        year=2030,
    ),
]
