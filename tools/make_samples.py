"""Generate the SAMPLE filled report workbooks of inputs/2024/ and inputs/2025/ (dữ liệu mẫu).

Each workbook is the real form (``generator.forms.build_form``) filled in as a clerk
would: statuses, results in sentences, funding, target figures, reporter, report date,
difficulties and proposals. Everything comes from a fixed seed, nothing from the clock:
running it twice gives byte-identical files. The content is invented for trying vanban
out; every workbook says so on its «Hướng dẫn» sheet.

Usage: python tools/make_samples.py [--inputs inputs] [--years 2024 2025]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

# Runnable as a plain script from the repository root or anywhere else.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl.styles import Font
from openpyxl.workbook import Workbook

from generator.data.registry import Agency
from generator.data.workspace import Assignment, Role, Workspace, load_workspace
from generator.forms import writer as forms
from generator.output.files import write_atomically

SEED = "vanban-du-lieu-mau-65-KH-UBND"
YEARS = (2024, 2025)
SAMPLE_BANNER = (
    "DỮ LIỆU MẪU: phiếu do tools/make_samples.py điền tự động để chạy thử vanban; "
    "mọi nội dung là giả định, không phải báo cáo thật của đơn vị."
)

# Target figures (mục II.2) that are not zero, per year and agency; every other agency
# reports 0 for every measure. Totals stay within the plan's yearly ranges.
FIGURES: dict[int, dict[str, dict[str, tuple[int, str]]]] = {
    2024: {
        "SKHCN": {
            "CT-A": (
                1,
                "Giải pháp hữu ích «Máy sấy nông sản dùng nhiệt mặt trời» được hỗ trợ áp dụng.",
            ),
            "CT-B1": (2, "02 đơn đăng ký giải pháp hữu ích của Trường Đại học Tây Bắc."),
            "CT-B2": (1, "01 bằng độc quyền giải pháp hữu ích."),
            "CT-C1": (2, "Kiểu dáng bao bì chè Shan tuyết và bao bì cà phê rang xay."),
            "CT-C2": (1, "Kiểu dáng bao bì sản phẩm mận sấy."),
            "CT-DD": (2, "Nhãn hiệu «Chè Shan tuyết Tà Xùa», «Mật ong bạc hà Sốp Cộp»."),
        },
        "SNNPTNT": {
            "CT-D": (1, "Chỉ dẫn địa lý «Sơn La» cho sản phẩm xoài (mẫu)."),
            "CT-E": (1, "Nhãn hiệu chứng nhận «Cà phê Sơn La»."),
        },
        "HUYEN-MOC-CHAU": {"CT-DD": (1, "Nhãn hiệu «Sữa chua nếp cẩm Mộc Châu» của hợp tác xã.")},
        "HUYEN-YEN-CHAU": {"CT-E": (1, "Nhãn hiệu tập thể «Xoài tròn Yên Châu».")},
    },
    2025: {
        "SKHCN": {
            "CT-B1": (1, "01 đơn đăng ký sáng chế về quy trình chế biến cà phê."),
            "CT-C1": (3, "Kiểu dáng bao bì mận hậu, bao bì chè và chai rượu ngô."),
            "CT-C2": (1, "Kiểu dáng bao bì chè Shan tuyết."),
            "CT-DD": (2, "Nhãn hiệu «Gạo nếp tan Mường Bú», «Măng rừng Vân Hồ»."),
        },
        "SNNMT": {"CT-E": (1, "Nhãn hiệu chứng nhận «Mận hậu Sơn La».")},
        "PHUONG-MOC-CHAU": {"CT-DD": (1, "Nhãn hiệu «Bê chao Mộc Châu» của hợp tác xã.")},
        "XA-TA-XUA": {"CT-E": (1, "Nhãn hiệu tập thể «Chè Shan tuyết Tà Xùa».")},
    },
}
FIGURES_ALL = {code for year in FIGURES.values() for code in year}
# Large lead tasks with their own budget line.
FUNDING: dict[str, int] = {"SKHCN": 350_000_000, "SNNPTNT": 120_000_000, "SNNMT": 150_000_000}

PRODUCTS = (
    "cà phê Sơn La",
    "chè Shan tuyết",
    "mận hậu",
    "xoài tròn",
    "mật ong bạc hà",
    "gạo nếp tan",
    "măng rừng",
    "rượu ngô",
    "bê chao",
    "nhãn Sông Mã",
)
DONE = (
    "Đã ban hành văn bản triển khai nhiệm vụ đến các phòng, đơn vị trực thuộc; tổ chức {n} "
    "hội nghị tuyên truyền với khoảng {people} lượt người tham dự.",
    "Đã phối hợp tổ chức {n} lớp tập huấn về sở hữu trí tuệ cho cán bộ, doanh nghiệp và hợp tác "
    "xã trên địa bàn.",
    "Đã đăng {n} tin, bài về sở hữu trí tuệ trên trang thông tin điện tử của đơn vị và trên "
    "hệ thống truyền thanh cơ sở.",
    "Đã rà soát, lựa chọn {n} sản phẩm đặc trưng đề xuất hỗ trợ đăng ký bảo hộ, trong đó có "
    "sản phẩm {product}.",
    "Đã phối hợp kiểm tra {n} cơ sở sản xuất, kinh doanh; phát hiện và xử lý {k} trường hợp "
    "kinh doanh hàng hóa giả mạo nhãn hiệu.",
    "Đã hướng dẫn {n} tổ chức, cá nhân hoàn thiện hồ sơ đăng ký bảo hộ nhãn hiệu cho sản phẩm "
    "{product}.",
)
IN_PROGRESS = (
    "Đang phối hợp với các đơn vị liên quan hoàn thiện hồ sơ đăng ký bảo hộ cho sản phẩm "
    "{product}, dự kiến nộp đơn trong quý {quarter} năm {next}.",
    "Đang triển khai; đến thời điểm báo cáo đã hoàn thành khoảng {percent}% khối lượng công việc.",
    "Đang xây dựng dự thảo kế hoạch thực hiện, lấy ý kiến các đơn vị liên quan.",
    "Đang khảo sát hiện trạng sản xuất, tiêu thụ sản phẩm {product} để đề xuất phương án "
    "quản lý và phát triển.",
)
NOT_STARTED = (
    "Chưa triển khai do chưa được bố trí kinh phí trong năm {year}.",
    "Chưa thực hiện; đơn vị sẽ triển khai trong năm {next} khi có hướng dẫn cụ thể.",
    "",
)
DIFFICULTIES = (
    "Kinh phí bố trí cho hoạt động sở hữu trí tuệ còn hạn chế; cán bộ phụ trách kiêm nhiệm "
    "nhiều việc, chưa được đào tạo chuyên sâu.",
    "Nhận thức của một bộ phận doanh nghiệp, hợp tác xã về bảo hộ quyền sở hữu trí tuệ chưa "
    "đầy đủ; việc quản lý, sử dụng nhãn hiệu sau khi được cấp văn bằng còn lúng túng.",
    "Sau khi sắp xếp tổ chức bộ máy, việc bàn giao hồ sơ, nhiệm vụ giữa các đơn vị còn chậm.",
    "Địa bàn rộng, giao thông đi lại khó khăn nên việc tuyên truyền, hướng dẫn còn hạn chế.",
)
PROPOSALS = (
    "Đề nghị tiếp tục mở các lớp tập huấn nghiệp vụ về sở hữu trí tuệ cho cán bộ cấp cơ sở.",
    "Đề nghị UBND tỉnh quan tâm bố trí kinh phí hỗ trợ xây dựng, quản lý và phát triển nhãn "
    "hiệu cho các sản phẩm chủ lực của địa phương.",
    "Đề nghị có hướng dẫn thống nhất về việc tiếp nhận nhiệm vụ của các đơn vị cũ sau sắp xếp.",
    "",
)
FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Lò",
    "Cầm",
    "Quàng",
    "Tòng",
    "Vì",
    "Đinh",
    "Bùi",
)
MIDDLE = ("Văn", "Thị", "Đức", "Thu", "Minh", "Thanh", "Ngọc", "Hồng")
GIVEN = (
    "An",
    "Bình",
    "Chiến",
    "Dung",
    "Hà",
    "Hương",
    "Khánh",
    "Lan",
    "Mai",
    "Nam",
    "Phong",
    "Thảo",
    "Tuấn",
    "Yến",
)


@dataclass(frozen=True)
class YearPlan:
    """Which agencies of a year send nothing, and which send late."""

    missing: set[str]
    late: set[str]


def _choose(agencies: list[Agency], rng: random.Random) -> YearPlan:
    departments = [a.code for a in agencies if not a.is_local and a.code not in FIGURES_ALL]
    local = [a.code for a in agencies if a.is_local and a.code not in FIGURES_ALL]
    missing = {rng.choice(local)}
    if len(agencies) > 40:  # after the mergers: one department missing too
        missing.add(rng.choice(departments))
    pool = sorted(set(departments + local) - missing)
    late = set(rng.sample(pool, 3))
    return YearPlan(missing, late)


def _fill_text(template: str, rng: random.Random, year: int) -> str:
    return template.format(
        n=rng.randint(1, 6),
        k=rng.randint(1, 4),
        people=rng.randrange(60, 400, 10),
        product=rng.choice(PRODUCTS),
        quarter=rng.choice(("I", "II")),
        next=year + 1,
        year=year,
        percent=rng.randrange(30, 90, 5),
    )


def _task_row(
    assignment: Assignment, agency: Agency, rng: random.Random, year: int
) -> tuple[str, str, int | None]:
    roll = rng.random()
    status = (
        forms.STATUSES[0] if roll < 0.6 else forms.STATUSES[1] if roll < 0.87 else forms.STATUSES[2]
    )
    bank = {forms.STATUSES[0]: DONE, forms.STATUSES[1]: IN_PROGRESS, forms.STATUSES[2]: NOT_STARTED}
    result = _fill_text(rng.choice(bank[status]), rng, year)
    funding: int | None = None
    if status != forms.STATUSES[2]:
        if agency.is_local:
            funding = rng.choice((None, None, None, 0, 5_000_000))
        elif assignment.role is Role.LEAD:
            funding = rng.choice((0, 15_000_000, 20_000_000, 45_000_000, 80_000_000))
    return status, result, funding


def _report_date(year: int, late: bool, rng: random.Random) -> date:
    deadline = date(year, 11, 10)
    if late:
        return deadline + timedelta(days=rng.randint(1, 15))
    return deadline - timedelta(days=rng.choice((0, 1, 2, 3, 5, 7, 10, 14)))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _mark_as_sample(wb: Workbook) -> None:
    guide = wb[forms.SHEET_GUIDE]
    guide.insert_rows(1)
    cell = guide.cell(row=1, column=1, value=SAMPLE_BANNER)
    cell.font = Font(name=forms.FONT_NAME, size=forms.FONT_SIZE, bold=True, color="C00000")
    cell.alignment = forms.WRAP_TOP
    guide.row_dimensions[1].height = 2 * forms.LINE_HEIGHT + 4
    wb.properties.title = "DỮ LIỆU MẪU - " + (wb.properties.title or "")


def fill_sample(
    workspace: Workspace, agency: Agency, year: int, late: bool, rng: random.Random
) -> tuple[Workbook, date]:
    """The form of ``agency`` filled with invented but plausible content."""
    wb = forms.build_form(workspace, agency, year)
    _mark_as_sample(wb)
    info = wb[forms.SHEET_INFO]
    row_of = {label: forms.INFO_FIRST_ROW + i for i, label in enumerate(forms.INFO_ROWS)}
    reported = _report_date(year, late, rng)
    info.cell(row_of[forms.LABEL_REPORTER], 2, _person(rng))
    info.cell(row_of[forms.LABEL_PHONE], 2, f"0212 38{rng.randint(10, 99)} {rng.randint(100, 999)}")
    info.cell(row_of[forms.LABEL_EMAIL], 2, f"{agency.code.lower()}.mau@example.com")
    info.cell(row_of[forms.LABEL_DATE], 2, reported)

    tasks = wb[forms.SHEET_TASKS]
    for row, assignment in enumerate(
        workspace.tasks_of(agency.code, year), start=forms.FIRST_DATA_ROW
    ):
        status, result, funding = _task_row(assignment, agency, rng, year)
        if assignment.task.code == "IV.1.c" and agency.code in FUNDING:
            funding = FUNDING[agency.code]
        if assignment.task.code == "IV.3.d2" and agency.code in FUNDING:
            funding = FUNDING[agency.code]
        tasks.cell(row, 4, status)
        tasks.cell(row, 5, result or None)
        tasks.cell(row, 6, funding)

    measures = wb[forms.SHEET_MEASURES]
    figures = FIGURES.get(year, {}).get(agency.code, {})
    for row, measure in enumerate(workspace.plan.measures, start=forms.FIRST_DATA_ROW):
        value, note = figures.get(measure.code, (0, ""))
        measures.cell(row, 4, value)
        measures.cell(row, 5, note or None)

    issues = wb[forms.SHEET_ISSUES]
    issues.cell(3, 2, rng.choice(DIFFICULTIES) or None)
    issues.cell(4, 2, rng.choice(PROPOSALS) or None)
    return wb, reported


def make_samples(workspace: Workspace, inputs: Path, years: tuple[int, ...] = YEARS) -> list[Path]:
    """Write the sample workbooks of ``years`` to ``inputs/<year>/<code>.xlsx``."""
    written: list[Path] = []
    for year in years:
        folder = inputs / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.xlsx"):
            old.unlink()
        agencies = workspace.active(year)
        rng = random.Random(f"{SEED}-{year}")
        chosen = _choose(agencies, rng)
        for agency in agencies:
            if agency.code in chosen.missing:
                continue
            agency_rng = random.Random(f"{SEED}-{year}-{agency.code}")
            wb, reported = fill_sample(
                workspace, agency, year, agency.code in chosen.late, agency_rng
            )
            path = folder / f"{agency.code}.xlsx"
            moment = datetime(reported.year, reported.month, reported.day)
            write_atomically(path, forms.workbook_bytes(wb, moment))
            written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, default=Path("inputs"))
    parser.add_argument("--years", type=int, nargs="+", default=list(YEARS))
    args = parser.parse_args()
    workspace = load_workspace(args.inputs)
    written = make_samples(workspace, args.inputs, tuple(args.years))
    print(f"Đã ghi {len(written)} phiếu mẫu vào {args.inputs}/<năm>/")


if __name__ == "__main__":
    main()
