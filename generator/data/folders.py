"""A clerk's working folder: where each command finds its inputs and templates and writes.

``vanban init THƯ_MỤC`` creates one from the data shipped with vanban::

    THƯ_MỤC/
      inputs/         plan, registry, earlier years' figures, one folder per year of the plan
      templates/      a copy of the Word templates, for the clerk to adapt
      HUONG-DAN.txt   the yearly steps, in Vietnamese

Every command works in such a folder (the current one, or ``--workspace``). A folder
without ``templates/`` uses the templates shipped with vanban.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.data.shipped import shipped_input_files, shipped_inputs, shipped_templates
from generator.data.workspace import PLAN_FILE, load_workspace
from generator.errors import UsageError
from generator.output.files import write_error

INPUTS = "inputs"
TEMPLATES = "templates"
OUTPUTS = "outputs"
GUIDE_FILE = "HUONG-DAN.txt"
INIT_HINT = "tạo thư mục làm việc mới bằng «vanban init THƯ_MỤC»"


@dataclass(frozen=True)
class Folders:
    """The folders one command reads and writes."""

    root: Path
    inputs: Path
    templates: Path
    out: Path


def locate(
    workspace: Path | None,
    inputs: Path | None = None,
    templates: Path | None = None,
    out: Path | None = None,
) -> Folders:
    """The folders of ``workspace`` (default: the current folder); a folder given on the
    command line wins over the workspace's own."""
    root = workspace if workspace is not None else Path()
    if workspace is not None and not workspace.is_dir():
        raise UsageError(f"không tìm thấy thư mục làm việc «{workspace}»; {INIT_HINT}")
    if inputs is None:
        inputs = root / INPUTS
        if not inputs.is_dir():
            enclosing = _enclosing_workspace(root)
            if enclosing is not None:
                raise UsageError(
                    f"đây là thư mục con của thư mục làm việc «{enclosing}»: chuyển về thư mục "
                    f'đó (cd "{enclosing}") rồi chạy lại, hoặc chỉ rõ bằng --workspace '
                    f'"{enclosing}"'
                )
            raise UsageError(
                f"không tìm thấy thư mục dữ liệu đầu vào «{inputs}»: đây chưa phải thư mục làm "
                f"việc của vanban. Chạy lệnh trong thư mục làm việc, chỉ rõ thư mục đó bằng "
                f"--workspace, hoặc {INIT_HINT}"
            )
    if templates is None:
        own = root / TEMPLATES
        templates = own if own.is_dir() else shipped_templates()
    return Folders(root, inputs, templates, out if out is not None else root / OUTPUTS)


def _enclosing_workspace(folder: Path) -> Path | None:
    """The workspace ``folder`` lies in (run from inputs/2025, say), if any: a clerk told to
    create one would make a second workspace inside the first."""
    for parent in folder.resolve().parents:
        if (parent / INPUTS / PLAN_FILE).is_file():
            return parent
    return None


# ---------------------------------------------------------------------------
# vanban init


@dataclass(frozen=True)
class InitResult:
    folder: Path
    files: list[Path]  # relative to ``folder``
    years: list[int]


def init_workspace(folder: Path, samples: bool = False) -> InitResult:
    """Create a working folder at ``folder``, all or nothing, never over an existing file.

    ``samples`` adds the example workbooks shipped with vanban to the year folders.
    """
    # One folder per year of the plan the new folder receives (the shipped one, copied).
    years = list(load_workspace(shipped_inputs()).plan.period.years())
    files = _files_to_copy(samples)
    _refuse_existing(folder, [GUIDE_FILE, *(p.as_posix() for p in files)])
    guide = workspace_guide().encode("utf-8")
    staging = _make_staging(folder)
    try:
        for relative, source in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for year in years:
            (staging / INPUTS / str(year)).mkdir(parents=True, exist_ok=True)
        (staging / GUIDE_FILE).write_bytes(guide)
        _move_into(staging, folder)
    except OSError as exc:
        raise write_error(exc, folder) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return InitResult(folder, [*sorted(files), Path(GUIDE_FILE)], years)


def _files_to_copy(samples: bool) -> dict[Path, Path]:
    """Each file of the new folder (relative path) and the shipped file it copies."""
    files = {
        Path(TEMPLATES) / template.name: template
        for template in sorted(shipped_templates().glob("*.docx"))
    }
    inputs = shipped_inputs()
    for relative in shipped_input_files():
        if samples or len(relative.parts) == 1:  # year folders hold the example workbooks
            files[Path(INPUTS) / relative] = inputs / relative
    return files


def _refuse_existing(folder: Path, relatives: list[str]) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"«{folder}» là một tệp, không phải thư mục; chọn tên thư mục khác")
    taken = [name for name in relatives if (folder / name).exists()]
    if taken:
        shown = ", ".join(taken[:3]) + (f" và {len(taken) - 3} tệp khác" if len(taken) > 3 else "")
        raise UsageError(
            f"thư mục «{folder}» đã có {shown}; vanban không ghi đè tệp đã có. Chọn một thư "
            "mục mới hoặc thư mục trống"
        )


def _make_staging(folder: Path) -> Path:
    parent = folder.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".dang-tao-", dir=parent))
    except OSError as exc:
        raise write_error(exc, parent) from exc


def _move_into(staging: Path, folder: Path) -> None:
    """Move the staged folder into place; into an existing folder entry by entry, undone
    entry by entry if one move fails."""
    if not folder.exists():
        os.replace(staging, folder)
        return
    moved: list[tuple[Path, Path]] = []
    try:
        _merge_folder(staging, folder, moved)
    except OSError:
        for target, entry in reversed(moved):
            entry.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, entry)
        raise


def _merge_folder(source: Path, target: Path, moved: list[tuple[Path, Path]]) -> None:
    """Move ``source``'s entries into the existing ``target`` (no file there has the same
    name: checked before anything was written)."""
    for entry in sorted(source.iterdir()):
        destination = target / entry.name
        if destination.is_dir() and entry.is_dir():
            _merge_folder(entry, destination, moved)
        else:
            os.replace(entry, destination)
            moved.append((destination, entry))


def workspace_guide() -> str:
    """The short Vietnamese guide of a working folder.

    It names no plan, year or deadline: the clerk may replace the plan file, and the guide,
    never overwritten, would go on quoting the old one. It says where to read them.
    """
    lines = [
        "THƯ MỤC LÀM VIỆC CỦA VANBAN",
        "Kế hoạch đang theo dõi (số, giai đoạn, hạn các đơn vị gửi báo cáo) ghi trong",
        "inputs/ke-hoach.yaml; xem tóm tắt bằng lệnh «vanban ke-hoach».",
        "",
        "TRONG THƯ MỤC NÀY",
        "  inputs/ke-hoach.yaml                kế hoạch: chỉ tiêu, nhiệm vụ, đơn vị chủ trì; "
        "người ký, nơi nhận, nơi gửi báo cáo của văn bản vanban soạn ở mục van_ban_dau_ra (mục "
        "nguoi_ky ở đầu tệp là người ký Kế hoạch, không phải người ký báo cáo)",
        "  inputs/don-vi.yaml                  danh mục đơn vị (đổi tên, sáp nhập: sửa ở đây)",
        "  inputs/so-lieu-cac-nam-truoc.yaml   số liệu các năm trước (đang là SỐ LIỆU MẪU: "
        "thay bằng số liệu thật); năm nào không ghi ở đây thì cần phiếu báo cáo của năm đó "
        "trong inputs/<năm>/ để tính số lũy kế",
        "  inputs/<năm>/                       phiếu báo cáo các đơn vị gửi về trong năm đó "
        "(mỗi năm của kế hoạch một thư mục; năm nào chưa có thì tạo thêm)",
        "  templates/                          mẫu văn bản Word: sửa được bằng Word, giữ "
        "nguyên các chỗ trong {{ }} và {% %}; sửa xong kiểm tra bằng vanban mau-van-ban "
        "--kiem-tra templates/<tệp>.docx (vanban mau-van-ban liệt kê các biến dùng được); "
        "xóa nhầm một mẫu thì lấy lại bản gốc bằng vanban init <thư mục mới> rồi chép mẫu "
        "đó sang",
        "  outputs/<năm>/                      văn bản vanban soạn (tự tạo khi chạy lệnh)",
        "  Kế hoạch có mục tai_san_tri_tue thì còn sổ đơn, văn bằng của tỉnh trong inputs/ "
        "(tên tệp ghi ở mục đó): vanban đếm các chỉ tiêu đó từ sổ và từ phiếu của các đơn vị.",
        "",
        "TRƯỚC KHI DÙNG LẦN ĐẦU",
        "  - Chạy thử trên dữ liệu mẫu (có sẵn phiếu mẫu đã điền): vanban init <thư mục thử> "
        "--du-lieu-mau",
        "  - Thay dữ liệu mẫu bằng dữ liệu thật: người ký, nơi nhận (inputs/ke-hoach.yaml, mục "
        "van_ban_dau_ra); số liệu các năm đã có báo cáo ký (inputs/so-lieu-cac-nam-truoc.yaml). "
        "Mọi năm trước năm báo cáo phải có số liệu ở tệp đó hoặc phiếu trong inputs/<năm>/: "
        "thiếu thì vanban nhan-dinh và vanban generate dừng lại (vanban validate báo trước).",
        "  - Trên Windows, cài bằng pipx thì lệnh vanban chạy ở mọi cửa sổ lệnh. Cài trong "
        "thư mục .venv thì mỗi cửa sổ cmd mới gõ trước <thư mục vanban>\\.venv\\Scripts\\"
        "activate.bat; trong PowerShell gõ đường dẫn đầy đủ <thư mục vanban>\\.venv\\Scripts\\"
        "vanban.exe thay cho vanban (xem README của vanban).",
        "",
        "CÔNG VIỆC HẰNG NĂM (mở cửa sổ lệnh trong thư mục này; <năm> là năm báo cáo, "
        "ghi đủ bốn chữ số)",
        "  1. Tạo phiếu báo cáo cho từng đơn vị rồi gửi đi:   vanban forms --year <năm>",
        "     (phiếu nằm trong outputs/<năm>/phieu-bao-cao/). Số, ngày công văn đề nghị báo cáo",
        "     gửi kèm phiếu: ghi vào inputs/ke-hoach.yaml, mục van_ban_dau_ra,",
        "     cong_van_de_nghi_bao_cao (công văn đôn đốc dẫn lại công văn này)",
        "  2. Đến hạn gửi báo cáo (xem «vanban ke-hoach»), các đơn vị gửi lại phiếu đã điền:",
        "     chép vào inputs/<năm>/",
        "  3. Kiểm tra các phiếu:                            vanban validate --year <năm>",
        "     Báo đơn vị sửa lỗi (bản sao phiếu tô màu ô lỗi và công văn đề nghị sửa):",
        "     vanban validate --year <năm> --phan-hoi --han-sua <ngày/tháng/năm>",
        "  4. Ngay sau hạn, đôn đốc đơn vị chưa gửi:         vanban don-doc --year <năm>",
        "     (mỗi đợt một thư mục outputs/<năm>/don-doc/<ngày>/). Khi ban hành, ghi số, ký hiệu",
        "     từng công văn vào so-ky-hieu.yaml của đợt đó: đợt sau, công văn gửi đơn vị và báo",
        "     cáo dẫn đúng số (chưa ghi thì để trống chỗ ghi số)",
        "  5. Soạn bản nháp nhận định, đánh giá:             vanban nhan-dinh --year <năm>",
        "     rồi sửa inputs/<năm>/nhan-dinh.docx bằng Word",
        "  6. Sau hạn, soạn báo cáo và công văn:             vanban generate --year <năm>",
        "     (thêm --pdf để có bản PDF, cần LibreOffice)",
        "     Có phiếu gửi muộn hoặc sửa nhận định: chép phiếu vào inputs/<năm>/, chạy lại",
        "     vanban validate rồi vanban generate --year <năm> --force (bộ cũ được giữ trong",
        "     outputs/<năm>/.cu-<thời điểm>/)",
        "  7. Kiểm tra thể thức trước khi trình ký:",
        "     vanban check outputs/<năm>/bao-cao-tong-hop.docx outputs/<năm>/cong-van/*.docx",
        "",
        "Ở thư mục khác thì thêm --workspace <thư mục này> vào sau tên lệnh (vanban check "
        "thì ghi đường dẫn đầy đủ của từng tệp).",
        "Mọi lệnh: vanban --help; từng lệnh: vanban <lệnh> --help.",
        "",
    ]
    return "\n".join(lines)
