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
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

# Runnable as a plain script from the repository root or anywhere else.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from generator.data.ip_rules import IpRules, form_quantities
from generator.data.registry import Agency
from generator.data.workspace import Assignment, Role, Workspace, load_workspace
from generator.forms import writer as forms
from generator.output.files import write_atomically
from generator.register import Record, build_register, write_register
from generator.vnformat import sort_vi
from tools.sample_results import NOT_STARTED, can_be_done, sample_result

SEED = "vanban-du-lieu-mau-65-KH-UBND"
YEARS = (2024, 2025)
SAMPLE_BANNER = (
    "DỮ LIỆU MẪU: phiếu do tools/make_samples.py điền tự động để chạy thử vanban; "
    "mọi nội dung là giả định, không phải báo cáo thật của đơn vị."
)

# A geographical indication's owner (its holder); the province manages it.
STATE = "Nhà nước (Luật Sở hữu trí tuệ, Điều 121)"


# Applications and titles (sheet «Tài sản trí tuệ») listed per year and agency: invented
# numbers for invented assets, except the geographical indication «Chè Shan tuyết Mộc Châu»
# (title 00002 of 09/8/2010, as in the register). One collective mark is reported by three
# agencies in 2025 and once in 2024, before its grant: the register counts it once.
# Columns: Số đơn, Loại đối tượng, Tên đối tượng, Sản phẩm, Chủ đơn, Ngày nộp đơn, Số văn bằng,
# Ngày cấp văn bằng, Vai trò của đơn vị, Ghi chú.
IpLine = tuple[
    str | None, str, str, str | None, str, date | None, str | None, date | None, str, str | None
]
TAY_BAC = "Trường Đại học Tây Bắc"
TA_XUA = (
    "4-2023-18765",
    "nhãn hiệu tập thể",
    "Chè Shan tuyết Tà Xùa",
    "chè Shan tuyết",
    "Hợp tác xã Chè Shan tuyết Tà Xùa",
    date(2023, 6, 12),
)
TA_XUA_GRANT = ("512345", date(2025, 3, 14))
DRYER = (
    "2-2022-00311",
    "giải pháp hữu ích",
    "Máy sấy nông sản dùng nhiệt mặt trời",
    "nông sản sấy",
    TAY_BAC,
    date(2022, 4, 15),
    "2-0003105",
    date(2024, 2, 20),
)
TEA_BOX = (
    "3-2024-00871",
    "kiểu dáng công nghiệp",
    "Bao bì chè Shan tuyết",
    "chè Shan tuyết",
    "Hợp tác xã Chè Shan tuyết Tà Xùa",
    date(2024, 4, 5),
)
IP_ROWS: dict[int, dict[str, list[IpLine]]] = {
    2024: {
        "SKHCN": [
            (*DRYER, "hỗ trợ kinh phí", "Hỗ trợ theo Nghị quyết số 29/2022/NQ-HĐND."),
            (*DRYER, "hỗ trợ khai thác, áp dụng", "Áp dụng tại 02 hợp tác xã sấy xoài, mận."),
            (
                "2-2024-00127",
                "giải pháp hữu ích",
                "Thiết bị tách vỏ hạt mắc ca",
                "mắc ca",
                TAY_BAC,
                date(2024, 3, 12),
                None,
                None,
                "hỗ trợ kinh phí",
                None,
            ),
            (
                "2-2024-00415",
                "giải pháp hữu ích",
                "Quy trình ủ phân hữu cơ từ vỏ cà phê",
                "cà phê",
                TAY_BAC,
                date(2024, 7, 8),
                None,
                None,
                "hỗ trợ kinh phí",
                None,
            ),
            (*TEA_BOX, None, None, "hỗ trợ kinh phí", None),
            (
                "3-2024-01102",
                "kiểu dáng công nghiệp",
                "Bao bì cà phê rang xay",
                "cà phê",
                "Hợp tác xã Cà phê Chiềng Ban",
                date(2024, 5, 20),
                None,
                None,
                "hỗ trợ kinh phí",
                None,
            ),
            (
                "3-2022-01530",
                "kiểu dáng công nghiệp",
                "Bao bì mận sấy",
                "mận sấy",
                "Hợp tác xã Mận hậu Nà Ka",
                date(2022, 9, 14),
                "3-0012345",
                date(2024, 1, 18),
                "hỗ trợ kinh phí",
                None,
            ),
            (*TA_XUA, None, None, "hỗ trợ kinh phí", "Đơn đang được thẩm định nội dung."),
            (
                "4-2023-09921",
                "nhãn hiệu",
                "Mật ong bạc hà Sốp Cộp",
                "mật ong",
                "Hợp tác xã Ong mật Sốp Cộp",
                date(2023, 3, 20),
                "468812",
                date(2024, 8, 9),
                "hỗ trợ kinh phí",
                None,
            ),
            (
                None,
                "chỉ dẫn địa lý",
                "Chè Shan tuyết Mộc Châu",
                "chè Shan tuyết",
                STATE,  # the indication's owner; the province manages it (its role)
                None,
                "00002",
                date(2010, 8, 9),
                "quản lý và cấp quyền sử dụng",
                "Cấp quyền sử dụng cho 02 hợp tác xã trong năm.",
            ),
        ],
        "SNNPTNT": [
            (
                "4-2023-09921",
                "nhãn hiệu",
                "Mật ong bạc hà Sốp Cộp",
                "mật ong",
                "Hợp tác xã Ong mật Sốp Cộp",
                date(2023, 3, 20),
                "468812",
                date(2024, 8, 9),
                "hướng dẫn lập hồ sơ",
                "Sản phẩm OCOP 3 sao.",
            ),
            (
                "4-2024-03318",
                "nhãn hiệu chứng nhận",
                "Rau an toàn Mai Sơn",
                "rau",
                "Ủy ban nhân dân huyện Mai Sơn",
                date(2024, 2, 27),
                None,
                None,
                "hướng dẫn lập hồ sơ",
                None,
            ),
        ],
        "HUYEN-MOC-CHAU": [
            (
                "4-2022-21140",
                "nhãn hiệu",
                "Sữa chua nếp cẩm Mộc Châu",
                "sữa chua",
                "Hợp tác xã Bò sữa Tân Lập",
                date(2022, 11, 2),
                "455120",
                date(2024, 3, 27),
                "hướng dẫn lập hồ sơ",
                None,
            ),
        ],
        "HUYEN-YEN-CHAU": [
            (
                "4-2024-07733",
                "nhãn hiệu tập thể",
                "Mận Chiềng Hặc",
                "mận hậu",
                "Hội Nông dân xã Chiềng Hặc",
                date(2024, 4, 16),
                None,
                None,
                "hướng dẫn lập hồ sơ",
                None,
            ),
        ],
    },
    2025: {
        "SKHCN": [
            (
                "1-2025-01207",
                "sáng chế",
                "Quy trình chế biến cà phê lên men",
                "cà phê",
                "Công ty Cổ phần Cà phê Phúc Sinh Sơn La",
                date(2025, 3, 3),
                None,
                None,
                "hỗ trợ kinh phí",
                None,
            ),
            (
                "3-2025-00412",
                "kiểu dáng công nghiệp",
                "Bao bì mận hậu",
                "mận hậu",
                "Hợp tác xã Mận hậu Nà Ka",
                date(2025, 2, 10),
                None,
                None,
                "hỗ trợ kinh phí",
                None,
            ),
            (
                "3-2025-00655",
                "kiểu dáng công nghiệp",
                "Hộp chè Shan tuyết",
                "chè Shan tuyết",
                "Hợp tác xã Chè Shan tuyết Tà Xùa",
                date(2025, 4, 1),
                None,
                None,
                "hỗ trợ kinh phí",
                None,
            ),
            (
                "3-2025-00990",
                "kiểu dáng công nghiệp",
                "Chai rượu ngô",
                "rượu ngô",
                "Hợp tác xã Rượu ngô Vân Hồ",
                date(2025, 6, 18),
                None,
                None,
                "hỗ trợ kinh phí",
                None,
            ),
            (*TEA_BOX, "3-0014410", date(2025, 6, 10), "hỗ trợ kinh phí", None),
            (*TA_XUA, *TA_XUA_GRANT, "hỗ trợ kinh phí", None),
            (
                "4-2024-11230",
                "nhãn hiệu",
                "Gạo nếp tan Mường Bú",
                "gạo nếp tan",
                "Hợp tác xã Nông nghiệp Mường Bú",
                date(2024, 5, 6),
                "507771",
                date(2025, 2, 25),
                "hỗ trợ kinh phí",
                None,
            ),
            (
                "4-2024-13006",
                "nhãn hiệu",
                "Măng rừng Vân Hồ",
                "măng rừng",
                "Hợp tác xã Lâm sản Vân Hồ",
                date(2024, 6, 11),
                "519042",
                date(2025, 9, 3),
                "hỗ trợ kinh phí",
                None,
            ),
            (*DRYER, "hỗ trợ khai thác, áp dụng", "Nhân rộng tại 03 hợp tác xã."),
        ],
        "SNNMT": [
            (*TA_XUA, *TA_XUA_GRANT, "hướng dẫn lập hồ sơ", None),
            (
                "4-2024-02201",
                "nhãn hiệu chứng nhận",
                "Mận hậu Sơn La",
                "mận hậu",
                "Sở Nông nghiệp và Môi trường tỉnh Sơn La",
                date(2024, 1, 25),
                "503318",
                date(2025, 5, 19),
                "chủ đơn",
                None,
            ),
        ],
        "PHUONG-MOC-CHAU": [
            (
                "4-2024-05512",
                "nhãn hiệu",
                "Bê chao Mộc Châu",
                "bê chao",
                "Hợp tác xã Dịch vụ Nông nghiệp Mộc Sơn",
                date(2024, 2, 2),
                "498001",
                date(2025, 6, 30),
                "khác",
                "Hỗ trợ hợp tác xã quảng bá sản phẩm mang nhãn hiệu sau khi được cấp văn bằng.",
            ),
        ],
        "XA-TA-XUA": [
            (
                *TA_XUA,
                *TA_XUA_GRANT,
                "quản lý và cấp quyền sử dụng",
                "Ủy ban nhân dân xã quản lý nhãn hiệu tập thể.",
            ),
        ],
    },
}
FIGURES_ALL = {code for year in IP_ROWS.values() for code in year}
# Agencies reporting inspections and supporting OCOP products (activity figures).
INSPECTORS = {"CQLTT", "CCQLTT", "SKHCN", "SCT"}
OCOP_SUPPORT = {"SNNPTNT", "SNNMT", "HUYEN-MOC-CHAU", "HUYEN-YEN-CHAU", "XA-TA-XUA"}
# The Sở's own task of consolidating the reports.
CONSOLIDATION = "IV.1.b"
FINAL_YEAR = 2025  # the last year of the shipped plan's period
# Large lead tasks with their own budget line.
FUNDING: dict[str, int] = {"SKHCN": 350_000_000, "SNNPTNT": 120_000_000, "SNNMT": 150_000_000}

# The source of each amount (codes of the plan's «nguon_kinh_phi»), as each kind of agency
# would pay for its tasks: the Sở from its science budget with the holders' contribution,
# the agriculture departments from the programmes they run (nông thôn mới, OCOP), communes
# from their economic budget or those programmes, the others from their own budget lines.
SCIENCE, ECONOMIC, PROGRAMMES, CONTRIBUTIONS, OTHER = (
    "NKP-SNKHCN",
    "NKP-SNKT",
    "NKP-LG",
    "NKP-XH",
    "NKP-KHAC",
)
SOURCE_SHARES: dict[str, tuple[tuple[str, int], ...]] = {
    "SKHCN": ((SCIENCE, 80), (CONTRIBUTIONS, 20)),
    "SNNPTNT": ((PROGRAMMES, 100),),
    "SNNMT": ((PROGRAMMES, 70), (ECONOMIC, 30)),
    "SCT": ((ECONOMIC, 60), (CONTRIBUTIONS, 40)),
    "SVHTTDL": ((ECONOMIC, 100),),
}
LOCAL_SOURCES = ((ECONOMIC, 100),), ((PROGRAMMES, 100),)
DEPARTMENT_SOURCES = ((ECONOMIC, 100),), ((ECONOMIC, 70), (OTHER, 30))

# Documents agencies issued to carry out the plan (sheet «Văn bản chỉ đạo»): type, symbol
# after the number, subject; {year} is the report's year. Communes and districts issue the
# local plan; the other agencies not listed issue nothing (the report says so).
Directive = tuple[str, str, str]
DIRECTIVES: dict[str, tuple[Directive, ...]] = {
    "SKHCN": (
        (
            "Kế hoạch",
            "KH-SKHCN",
            "Triển khai nhiệm vụ phát triển tài sản trí tuệ của tỉnh năm {year}",
        ),
        (
            "Công văn",
            "SKHCN-QLCN",
            "Hướng dẫn xây dựng hồ sơ đăng ký bảo hộ nhãn hiệu cho sản phẩm OCOP",
        ),
    ),
    "SCT": (
        (
            "Kế hoạch",
            "KH-SCT",
            "Kiểm tra, xử lý hàng giả, hàng xâm phạm quyền sở hữu trí tuệ trên thị trường "
            "năm {year}",
        ),
    ),
    "SNNPTNT": (
        (
            "Công văn",
            "SNN-KHTC",
            "Hỗ trợ các chủ thể OCOP đăng ký nhãn hiệu, chỉ dẫn địa lý cho nông sản",
        ),
    ),
    "SNNMT": (
        (
            "Công văn",
            "SNNMT-KHTC",
            "Hỗ trợ các chủ thể OCOP đăng ký nhãn hiệu, chỉ dẫn địa lý cho nông sản",
        ),
    ),
    "SVHTTDL": (
        (
            "Kế hoạch",
            "KH-SVHTTDL",
            "Tuyên truyền, phổ biến pháp luật về quyền tác giả, quyền liên quan năm {year}",
        ),
    ),
    "CQLTT": (
        (
            "Kế hoạch",
            "KH-QLTT",
            "Kiểm tra, kiểm soát hàng giả, hàng xâm phạm quyền sở hữu trí tuệ năm {year}",
        ),
    ),
    "CCQLTT": (
        (
            "Kế hoạch",
            "KH-CCQLTT",
            "Kiểm tra, kiểm soát hàng giả, hàng xâm phạm quyền sở hữu trí tuệ năm {year}",
        ),
    ),
    "SGDDT": (
        (
            "Công văn",
            "SGDĐT-GDTrH",
            "Lồng ghép nội dung về sở hữu trí tuệ trong hoạt động ngoại khóa năm học {year}-{next}",
        ),
    ),
}
LOCAL_DIRECTIVE: Directive = (
    "Kế hoạch",
    "KH-UBND",
    "Triển khai thực hiện Kế hoạch phát triển tài sản trí tuệ trên địa bàn năm {year}",
)

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
# 2024 predates the 2025 reorganisation: the same number of texts (the random draws stay
# the same), none speaking of it.
DIFFICULTIES_2024 = (
    *DIFFICULTIES[:2],
    "Một số cơ sở sản xuất nhỏ lẻ chưa quan tâm đăng ký bảo hộ nhãn hiệu cho sản phẩm.",
    DIFFICULTIES[3],
)
PROPOSALS_2024 = (
    *PROPOSALS[:2],
    "Đề nghị tăng cường hướng dẫn thủ tục đăng ký nhãn hiệu tập thể cho các hợp tác xã.",
    PROPOSALS[3],
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
    agencies = sort_vi(agencies, key=lambda agency: agency.name)  # whatever the roster's order
    departments = [a.code for a in agencies if not a.is_local and a.code not in FIGURES_ALL]
    local = [a.code for a in agencies if a.is_local and a.code not in FIGURES_ALL]
    missing = {rng.choice(local)}
    if len(agencies) > 40:  # after the mergers: one department missing too
        missing.add(rng.choice(departments))
    pool = sorted(set(departments + local) - missing)
    late = set(rng.sample(pool, 3))
    return YearPlan(missing, late)


def _fill_text(template: str, rng: random.Random, year: int) -> str:
    n = rng.randint(2, 6)
    return template.format(
        n=n,
        k=rng.randint(1, n // 2),  # found among the n checked: at most half
        people=rng.randrange(60, 400, 10),
        product=rng.choice(PRODUCTS),
        quarter=rng.choice(("I", "II")),
        next=year + 1,
        year=year,
        percent=rng.randrange(30, 90, 5),
    )


def _task_row(
    assignment: Assignment, agency: Agency, rng: random.Random, year: int, funded: bool = False
) -> tuple[str, str, int | None]:
    """Status, result and amount; a task with its own budget line is under way at least."""
    roll = rng.random()
    status = (
        forms.STATUSES[0] if roll < 0.6 else forms.STATUSES[1] if roll < 0.87 else forms.STATUSES[2]
    )
    code = assignment.task.code
    if (status == forms.STATUSES[0] and not can_be_done(code)) or (
        funded and status == forms.STATUSES[2]
    ):
        status = forms.STATUSES[1]
    if code == CONSOLIDATION and assignment.role is Role.LEAD:
        # the Sở writes its own row when the report is made; in the plan's last year the
        # review of the whole period («tổ chức tổng kết») is still under way
        status = forms.STATUSES[1 if year == FINAL_YEAR else 0]
    if status == forms.STATUSES[2]:
        text = rng.choice(NOT_STARTED)
    else:
        text = sample_result(code, assignment.role, status == forms.STATUSES[0], rng)
    result = _fill_text(text, rng, year)
    funding: int | None = None
    if status != forms.STATUSES[2]:
        if agency.is_local:
            funding = rng.choice((None, None, None, 0, 5_000_000))
        elif assignment.role is Role.LEAD:
            funding = rng.choice((0, 15_000_000, 20_000_000, 45_000_000, 80_000_000))
            if not can_be_done(code):  # nothing is spent on a scheme still to be approved
                funding = None
    return status, result, funding


def _report_date(
    workspace: Workspace, year: int, late: bool, rng: random.Random, on_deadline: bool
) -> date:
    """A day on time or late, as the plan words its deadline («trước ngày 10/11»: the 10th
    itself is late, and one late report is sent that day)."""
    on_time = workspace.plan.reporting.agency_deadline.last_day_on_time(year)
    if late:
        days = rng.randint(1, 15)
        return on_time + timedelta(days=1 if on_deadline else days)
    return on_time - timedelta(days=rng.choice((0, 1, 2, 3, 5, 7, 10, 14)))


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


# What the result texts state, so that an agency's figures agree with its own words.
COURSES = re.compile(r"(\d+) (?:hội nghị|lớp tập huấn|buổi nói chuyện)")
ATTENDEES = re.compile(r"khoảng (\d+) lượt người")
NEWS = re.compile(r"(\d+) tin, bài")
# Checks the agency led (a partner's «phối hợp kiểm tra» is the lead's check, counted once)
# and violations it handled itself (a case «chuyển cơ quan có thẩm quyền xử lý» is not).
CHECKED = re.compile(r"(?<!phối hợp )kiểm tra (\d+) (?:cơ sở|cuộc)")
FOUND = re.compile(r"(?:phát hiện và xử lý|(?<!phát hiện )xử lý) (\d+) (?:vụ|trường hợp)")


def _stated(pattern: re.Pattern, texts: list[str]) -> int:
    return sum(int(number) for text in texts for number in pattern.findall(text))


def _activity_figures(agency: Agency, rng: random.Random, texts: list[str]) -> dict[str, int]:
    courses = _stated(COURSES, texts)
    stated_people = _stated(ATTENDEES, texts)
    figures = {
        "HD-TAP-HUAN": courses,
        # courses whose text gives no attendance still had some
        "HD-HOC-VIEN": max(stated_people, courses * rng.randrange(30, 90, 5)) if courses else 0,
        "HD-TIN-BAI": _stated(NEWS, texts),
    }
    checked, found = _stated(CHECKED, texts), _stated(FOUND, texts)
    if checked:
        figures |= {"HD-KIEM-TRA": checked, "HD-VI-PHAM": min(found, checked)}
        if agency.code in INSPECTORS and found:
            figures |= {
                "HD-TIEN-PHAT": found * rng.randrange(2_000_000, 12_000_000, 500_000),
                "HD-TIEU-HUY": rng.randrange(5_000_000, 80_000_000, 1_000_000),
            }
    if agency.code in OCOP_SUPPORT:
        figures["HD-OCOP"] = rng.randint(4, 20)
    return figures


def _fill_itemised(
    wb: Workbook,
    rules: IpRules,
    lines: list[IpLine],
    agency: Agency,
    year: int,
    texts: list[str],
) -> None:
    sheet = wb[rules.sheet]
    for row, line in enumerate(lines, start=forms.FIRST_DATA_ROW):
        for column, value in enumerate(line, start=1):
            # As Excel does when a clerk types: the cell takes its column's style.
            style = sheet.column_dimensions[get_column_letter(column)]
            cell = sheet.cell(row, column, value)
            cell.font, cell.fill, cell.alignment = forms.BODY, forms.INPUT_FILL, forms.WRAP_TOP
            cell.number_format = style.number_format
            cell.protection = forms.UNLOCKED
            cell.border = forms.BOX
    figures = wb[rules.activities_sheet]
    rng = random.Random(f"{SEED}-{year}-{agency.code}-hoat-dong")
    values = _activity_figures(agency, rng, texts)
    for row, indicator in enumerate(rules.activities, start=forms.FIRST_DATA_ROW):
        figures.cell(row, 4, values.get(indicator.code, 0))


def fill_sample(
    workspace: Workspace,
    agency: Agency,
    year: int,
    late: bool,
    rng: random.Random,
    on_deadline: bool = False,
) -> tuple[Workbook, date]:
    """The form of ``agency`` filled with invented but plausible content."""
    wb = forms.build_form(workspace, agency, year)
    _mark_as_sample(wb)
    info = wb[forms.SHEET_INFO]
    row_of = {label: forms.INFO_FIRST_ROW + i for i, label in enumerate(forms.INFO_ROWS)}
    reported = _report_date(workspace, year, late, rng, on_deadline)
    info.cell(row_of[forms.LABEL_REPORTER], 2, _person(rng))
    info.cell(row_of[forms.LABEL_PHONE], 2, f"0212 38{rng.randint(10, 99)} {rng.randint(100, 999)}")
    info.cell(row_of[forms.LABEL_EMAIL], 2, f"{agency.code.lower()}.mau@example.com")
    info.cell(row_of[forms.LABEL_DATE], 2, reported)

    tasks = wb[forms.SHEET_TASKS]
    # Their own generators: adding sources and documents leaves the rest of the sample as it was.
    sources_rng = random.Random(f"{SEED}-{year}-{agency.code}-nguon")
    results: list[str] = []
    for row, assignment in enumerate(
        workspace.tasks_of(agency.code, year), start=forms.FIRST_DATA_ROW
    ):
        budget_line = assignment.task.code in ("IV.1.c", "IV.3.d") and agency.code in FUNDING
        status, result, funding = _task_row(assignment, agency, rng, year, budget_line)
        results.append(result)
        if budget_line:
            funding = FUNDING[agency.code]
        tasks.cell(row, 4, status)
        tasks.cell(row, 5, result or None)
        _fill_amounts(tasks, row, workspace, agency, funding, sources_rng)

    measures = wb[forms.SHEET_MEASURES]
    for row, _ in enumerate(form_quantities(workspace.plan), start=forms.FIRST_DATA_ROW):
        measures.cell(row, 4, 0)
    rules = workspace.plan.ip
    if rules is not None:
        lines = IP_ROWS.get(year, {}).get(agency.code, [])
        _fill_itemised(wb, rules, lines, agency, year, results)

    issues = wb[forms.SHEET_ISSUES]
    before_reorganisation = year < 2025
    issues.cell(
        3, 2, rng.choice(DIFFICULTIES_2024 if before_reorganisation else DIFFICULTIES) or None
    )
    issues.cell(4, 2, rng.choice(PROPOSALS_2024 if before_reorganisation else PROPOSALS) or None)
    _fill_directives(wb, agency, year, reported)
    return wb, reported


def _fill_amounts(
    tasks, row: int, workspace: Workspace, agency: Agency, amount: int | None, rng: random.Random
) -> None:
    """The task's amount split over the plan's sources as the agency would pay it."""
    sources = [source.code for source in workspace.plan.funding_sources]
    if not sources or not amount:
        tasks.cell(row, forms.FIRST_AMOUNT_COLUMN, amount)
        return
    if agency.code in SOURCE_SHARES:
        shares = SOURCE_SHARES[agency.code]
    else:
        shares = rng.choice(LOCAL_SOURCES if agency.is_local else DEPARTMENT_SOURCES)
    for code, percent in shares:
        column = forms.FIRST_AMOUNT_COLUMN + sources.index(code)
        tasks.cell(row, column, amount * percent // 100)


def _fill_directives(wb: Workbook, agency: Agency, year: int, reported: date) -> None:
    rng = random.Random(f"{SEED}-{year}-{agency.code}-van-ban")
    directives = DIRECTIVES.get(agency.code, ())
    if not directives and agency.is_local and rng.random() < 0.3:
        directives = (LOCAL_DIRECTIVE,)
    sheet = wb[forms.SHEET_DIRECTIVES]
    last_day = min(reported, date(year, 10, 31))
    first_day = max(date(year, 2, 1), agency.active_from or date(year, 2, 1))
    for row, (type_name, symbol, subject) in enumerate(directives, start=forms.FIRST_DATA_ROW):
        issued = first_day + timedelta(days=rng.randint(0, (last_day - first_day).days))
        sheet.cell(row, 1, f"{rng.randint(5, 320)}/{symbol}")
        sheet.cell(row, 2, issued)
        sheet.cell(row, 3, type_name)
        sheet.cell(row, 4, subject.format(year=year, next=year + 1))


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
                workspace,
                agency,
                year,
                agency.code in chosen.late,
                agency_rng,
                on_deadline=agency.code == min(chosen.late),
            )
            path = folder / f"{agency.code}.xlsx"
            moment = datetime(reported.year, reported.month, reported.day)
            write_atomically(path, forms.workbook_bytes(wb, moment))
            written.append(path)
    return written


# The province's publicly known assets, for inputs/tai-san-tri-tue.xlsx. Only what a public
# source states; a blank is unknown and «Cần kiểm tra» says what to look up. Nothing guessed.
PRESS = "báo chí của tỉnh"
CERT_2018 = f"{PRESS}, danh sách nhãn hiệu chứng nhận đến tháng 10/2018"
VERIFY_ALL = "số đơn, ngày nộp đơn, số văn bằng, ngày cấp"
# kind, name, product, holder, application number, title number, grant date, source, verify, note
KnownAsset = tuple[str, str, str, str, str, str, date | None, str, str, str]
KNOWN_ASSETS: tuple[KnownAsset, ...] = (
    (
        "CDDL",
        "Chè Shan tuyết Mộc Châu",
        "chè Shan tuyết",
        STATE,
        "6-2001-00009",
        "00002",
        date(2010, 8, 9),
        "Quyết định số 1519/QĐ-SHTT; danh sách chỉ dẫn địa lý quốc gia "
        "(bancavip.com, 30/9/2018); " + PRESS,
        "ngày nộp đơn",
        "Cũng được bảo hộ tại Thái Lan và tại EU theo Hiệp định EVFTA.",
    ),
    (
        "CDDL",
        "Cà phê Sơn La",
        "cà phê",
        STATE,
        "",
        "00056",
        date(2017, 7, 5),
        f"{PRESS} (tính theo ngày cấp văn bằng, không theo các lễ công bố sau đó)",
        "số đơn, ngày nộp đơn",
        "",
    ),
    (
        "CDDL",
        "Xoài tròn Yên Châu",
        "xoài tròn",
        STATE,
        "",
        "",
        None,
        PRESS,
        VERIFY_ALL,
        "Được bảo hộ tại EU theo Hiệp định EVFTA.",
    ),
    (
        "NHCN",
        "Chè Olong Mộc Châu",
        "chè Olong",
        "",
        "",
        "",
        None,
        CERT_2018,
        VERIFY_ALL + ", chủ văn bằng",
        "Cấp trước tháng 10/2018.",
    ),
    (
        "NHCN",
        "Rau an toàn Mộc Châu",
        "rau",
        "",
        "",
        "",
        None,
        CERT_2018,
        VERIFY_ALL + ", chủ văn bằng",
        "Cấp trước tháng 10/2018.",
    ),
    (
        "NHCN",
        "Nhãn Sông Mã",
        "nhãn",
        "",
        "",
        "",
        None,
        CERT_2018,
        VERIFY_ALL + ", chủ văn bằng",
        "Cấp trước tháng 10/2018; khác nhãn hiệu chứng nhận «Nhãn Sơn La».",
    ),
    (
        "NHCN",
        "Cam Phù Yên",
        "cam",
        "",
        "",
        "",
        None,
        CERT_2018,
        VERIFY_ALL + ", chủ văn bằng",
        "Cấp trước tháng 10/2018.",
    ),
    (
        "NHCN",
        "Táo Sơn tra Sơn La",
        "táo mèo (sơn tra)",
        "Sở Khoa học và Công nghệ tỉnh Sơn La",
        "",
        "",
        None,
        CERT_2018,
        VERIFY_ALL,
        "Cấp năm 2018.",
    ),
    (
        "NHCN",
        "Bơ Mộc Châu",
        "bơ",
        "",
        "",
        "",
        None,
        CERT_2018,
        VERIFY_ALL + ", chủ văn bằng",
        "Cấp trước tháng 10/2018.",
    ),
    (
        "NHCN",
        "Na Mai Sơn",
        "na",
        "",
        "",
        "",
        None,
        CERT_2018,
        VERIFY_ALL + ", chủ văn bằng",
        "Cấp trước tháng 10/2018.",
    ),
    (
        "NHCN",
        "Chè Phổng Lái Thuận Châu",
        "chè",
        "",
        "",
        "",
        None,
        CERT_2018,
        VERIFY_ALL + ", chủ văn bằng",
        "Cấp trước tháng 10/2018.",
    ),
    (
        "NHCN",
        "Nếp Mường Và – Sốp Cộp",
        "gạo nếp",
        "",
        "",
        "",
        None,
        CERT_2018,
        VERIFY_ALL + ", chủ văn bằng",
        "Báo chí dẫn quyết định số 64402 năm 2018 của Cục Sở hữu trí tuệ; cũng là sản phẩm OCOP.",
    ),
    (
        "NHCN",
        "Mận Sơn La",
        "mận",
        "",
        "",
        "",
        None,
        PRESS,
        VERIFY_ALL + ", chủ văn bằng",
        "Cấp năm 2020.",
    ),
    (
        "NHCN",
        "Chanh leo Sơn La",
        "chanh leo",
        "",
        "",
        "",
        None,
        PRESS,
        VERIFY_ALL + ", chủ văn bằng",
        "Cấp năm 2020.",
    ),
    (
        "NHCN",
        "Rau an toàn Sơn La",
        "rau",
        "",
        "",
        "",
        None,
        PRESS,
        VERIFY_ALL + ", chủ văn bằng",
        "Cấp năm 2020.",
    ),
    (
        "NHCN",
        "Nhãn Sơn La",
        "nhãn",
        "",
        "",
        "",
        date(2021, 7, 21),
        PRESS,
        "số đơn, ngày nộp đơn, số văn bằng, chủ văn bằng",
        "25 hợp tác xã huyện Sông Mã được cấp quyền sử dụng.",
    ),
    (
        "NHTT",
        "Chè Tà Xùa Bắc Yên",
        "chè Shan tuyết",
        "",
        "",
        "",
        None,
        PRESS,
        VERIFY_ALL + ", chủ văn bằng",
        "Báo chí sau này nêu cả một nhãn hiệu chứng nhận «Chè Tà Xùa Bắc Yên»: phân biệt theo số, "
        "không theo tên.",
    ),
    (
        "NHTT",
        "Mật ong Sơn La",
        "mật ong",
        "",
        "",
        "",
        None,
        PRESS,
        VERIFY_ALL + ", chủ văn bằng",
        "",
    ),
    (
        "NHTT",
        "Khoai sọ Thuận Châu",
        "khoai sọ",
        "",
        "",
        "",
        None,
        PRESS,
        VERIFY_ALL + ", chủ văn bằng",
        "",
    ),
)
REGISTER_BANNER = (
    "DỮ LIỆU MẪU do tools/make_samples.py ghi: các tài sản trí tuệ của tỉnh đã được công bố "
    "(danh sách chỉ dẫn địa lý quốc gia, báo chí của tỉnh), CHƯA ĐẦY ĐỦ (năm 2025 báo chí nêu 29 "
    "văn bằng: 3 chỉ dẫn địa lý, 23 nhãn hiệu chứng nhận, 3 nhãn hiệu tập thể). Ô trống là chưa "
    "tìm được, không đoán; cột «Cần kiểm tra» ghi điều cần tra cứu tại Cục Sở hữu trí tuệ "
    "trước khi dùng sổ."
)


def make_register_sample(workspace: Workspace, inputs: Path) -> Path:
    """Write ``inputs/<so_dang_ky.tep>``: the publicly known assets, labelled as sample data."""
    rules = workspace.plan.ip
    assert rules is not None
    records = [
        Record(
            kind=kind,
            name=name,
            product=product,
            holder=holder,
            application_number=number,
            title_number=title,
            granted_on=granted,
            source=source,
            verify=verify,
            note=note,
            from_register=True,
        )
        for kind, name, product, holder, number, title, granted, source, verify, note in KNOWN_ASSETS
    ]
    register = build_register([], rules, records)
    path = inputs / rules.register_file.file_name
    years = workspace.plan.period.years()
    return write_register(register, rules, years, REGISTER_BANNER, path, datetime(2025, 1, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, default=Path("inputs"))
    parser.add_argument("--years", type=int, nargs="+", default=list(YEARS))
    args = parser.parse_args()
    workspace = load_workspace(args.inputs)
    written = make_samples(workspace, args.inputs, tuple(args.years))
    print(f"Đã ghi {len(written)} phiếu mẫu vào {args.inputs}/<năm>/")
    print(f"Đã ghi sổ tài sản mẫu {make_register_sample(workspace, args.inputs)}")


if __name__ == "__main__":
    main()
