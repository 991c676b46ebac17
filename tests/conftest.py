"""Shared fixtures: realistic context models for the three templates, and paths.

The samples are long enough that the report runs to several pages and the letter to two,
so that page numbers, repeated table headers and the signature block are exercised.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

from generator.documents.context import (
    AreaResult,
    FundingRow,
    Header,
    LetterContext,
    ReminderContext,
    ReportContext,
    Signer,
    SubmissionRow,
    TargetRow,
    TaskItem,
)

# CI must not turn red on a new random example: there the examples are fixed; on a
# developer's machine hypothesis keeps exploring (and remembers what failed).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"
SHARED = Path(__file__).resolve().parents[2] / "shared"

PLAN = "Kế hoạch số 65/KH-UBND ngày 14/3/2021 của UBND tỉnh Sơn La"

LEAD_TASKS = [
    TaskItem(
        code="IV.2.a",
        text=(
            "Triển khai các nhiệm vụ, giải pháp, đề án liên quan đến lĩnh vực quyền tác giả, "
            "quyền liên quan và công nghiệp văn hóa."
        ),
    ),
    TaskItem(
        code="IV.2.b",
        text=(
            "Xây dựng các tuyến du lịch sinh thái, du lịch canh nông, trải nghiệm gắn với "
            "quảng bá, giới thiệu sản phẩm có thương hiệu của tỉnh; quảng bá thương hiệu sản "
            "phẩm vào các dịp tổ chức lễ hội của tỉnh."
        ),
    ),
    TaskItem(
        code="IV.2.c",
        text=(
            "Quản lý tốt trong hoạt động quảng cáo liên quan đến các đối tượng sở hữu công "
            "nghiệp; phát hiện, xử lý các hành vi xâm phạm quyền sở hữu trí tuệ liên quan đến "
            "hoạt động quảng cáo."
        ),
    ),
    TaskItem(
        code="IV.2.d",
        text=(
            "Hướng dẫn các tổ chức, cá nhân thủ tục đăng ký bảo hộ và hỗ trợ triển khai, áp "
            "dụng quyền tác giả, quyền liên quan vào thực tiễn đời sống."
        ),
    ),
    TaskItem(
        code="IV.2.đ",
        text=(
            "Tăng cường công tác tuyên truyền các quy định của pháp luật về sở hữu trí tuệ, "
            "chủ sở hữu quyền tác giả, tác phẩm, âm nhạc trong lĩnh vực biểu diễn nghệ thuật."
        ),
        inherited_from="Sở Thông tin và Truyền thông",
    ),
]

PARTNER_TASKS = [
    TaskItem(
        code="IV.8.a",
        text=(
            "Căn cứ nội dung Kế hoạch này để triển khai thực hiện; đồng thời chỉ đạo, tổ chức "
            "triển khai đến các tổ chức, đơn vị trực thuộc do ngành, đơn vị mình quản lý."
        ),
    ),
    TaskItem(
        code="IV.8.b",
        text=(
            "Tăng cường công tác truyền thông trên Cổng thông tin điện tử của tỉnh; Trang "
            "Thông tin điện tử của các cơ quan, đơn vị trên địa bàn tỉnh, Đài Phát thanh - "
            "Truyền hình tỉnh."
        ),
    ),
]

AGENCIES = [
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Nông nghiệp và Môi trường",
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Y tế",
    "Sở Nội vụ",
    "Sở Xây dựng",
    "Sở Dân tộc và Tôn giáo",
    "Chi cục Quản lý thị trường tỉnh Sơn La",
    "UBND phường Chiềng An",
    "UBND phường Tô Hiệu",
    "UBND xã Mường Bú",
    "UBND xã Chiềng Mung",
    "UBND xã Vân Hồ",
]


def make_header(number_symbol: str, recipients: list[str]) -> Header:
    return Header(
        parent_body="UBND TỈNH SƠN LA",
        issuing_body="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        number_line=f"Số:      /{number_symbol}",
        place_date="Sơn La, ngày      tháng 11 năm 2026",
        recipients=recipients,
        signer=Signer(authority_lines=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], name="Nguyễn Văn An"),
        document_date=date(2026, 11, 20),
    )


def make_report_context() -> ReportContext:
    area_titles = [
        "1. Triển khai chính sách, pháp luật về sở hữu trí tuệ",
        "2. Nâng cao hiệu lực, hiệu quả quản lý nhà nước về sở hữu trí tuệ",
        "3. Đẩy mạnh và nâng cao hiệu quả hoạt động thực thi quyền sở hữu trí tuệ",
        "4. Thúc đẩy các hoạt động tạo ra tài sản trí tuệ",
        "5. Khuyến khích nâng cao hiệu quả khai thác tài sản trí tuệ",
        "6. Phát triển các hoạt động hỗ trợ về sở hữu trí tuệ",
    ]
    areas = [
        AreaResult(
            title=title,
            paragraphs=[
                f"Trong năm 2026, {agency} đã chủ trì, phối hợp với các cơ quan liên quan tổ "
                "chức 03 hội nghị tập huấn, phổ biến kiến thức về sở hữu trí tuệ cho 245 lượt "
                "cán bộ, doanh nghiệp, hợp tác xã; hướng dẫn 12 tổ chức, cá nhân lập hồ sơ đăng "
                "ký bảo hộ nhãn hiệu cho sản phẩm OCOP của tỉnh."
                for agency in AGENCIES[index : index + 3]
            ],
        )
        for index, title in enumerate(area_titles)
    ]
    targets = [
        TargetRow(
            code="II.2.a",
            text="Hỗ trợ khai thác, áp dụng vào thực tiễn sáng chế, giải pháp hữu ích",
            planned="1 - 2",
            scope="Cả giai đoạn",
            year_total="1",
            cumulative="3",
            judgement="Đạt",
        ),
        TargetRow(
            code="II.2.b",
            text="Đơn đăng ký sáng chế/giải pháp hữu ích",
            planned="1 - 2 đơn/năm",
            scope="Hằng năm",
            year_total="0",
            cumulative="4",
            judgement="Chưa đạt",
        ),
        TargetRow(
            code="II.2.c",
            text="Đơn đăng ký kiểu dáng công nghiệp",
            planned="2 - 3 đơn/năm",
            scope="Hằng năm",
            year_total="3",
            cumulative="11",
            judgement="Đạt",
        ),
        TargetRow(
            code="II.2.d",
            text="Chỉ dẫn địa lý được cấp văn bằng bảo hộ",
            planned="1 - 2",
            scope="Cả giai đoạn",
            year_total="0",
            cumulative="1",
            judgement="Đạt",
        ),
        TargetRow(
            code="II.2.đ",
            text="Nhãn hiệu được cấp văn bằng bảo hộ",
            planned="5 - 10",
            scope="Cả giai đoạn",
            year_total="4",
            cumulative="17",
            judgement="Vượt",
        ),
        TargetRow(
            code="II.2.e",
            text="Nhãn hiệu chứng nhận, nhãn hiệu tập thể được cấp văn bằng bảo hộ",
            planned="3 - 5",
            scope="Cả giai đoạn",
            year_total="2",
            cumulative="6",
            judgement="Vượt",
        ),
    ]
    funding = [
        FundingRow(index=str(i), agency=agency, amount=amount)
        for i, (agency, amount) in enumerate(
            [
                ("Sở Khoa học và Công nghệ", "85.000.000"),
                ("Sở Văn hóa, Thể thao và Du lịch", "25.000.000"),
                ("Sở Nông nghiệp và Môi trường", "15.000.000"),
            ],
            start=1,
        )
    ]
    statuses = ["đúng hạn", "trễ hạn", "chưa nộp"]
    appendix = [
        SubmissionRow(
            index=str(i),
            agency=agency,
            report_date="" if statuses[i % 3] == "chưa nộp" else f"0{1 + i % 9}/11/2026",
            status=statuses[i % 3],
            tasks_done=str(i % 4),
            tasks_in_progress=str(1 + i % 3),
            tasks_not_started=str(i % 2),
        )
        for i, agency in enumerate(AGENCIES + [f"UBND xã số {n}" for n in range(1, 25)], start=1)
    ]
    return ReportContext(
        header=make_header(
            "BC-SKHCN",
            [
                "- UBND tỉnh (để báo cáo);",
                "- Bộ Khoa học và Công nghệ (để báo cáo);",
                "- Giám đốc Sở;",
                "- Các sở, ban, ngành tỉnh;",
                "- UBND các xã, phường;",
                "- Lưu: VT, QLCN.",
            ],
        ),
        subject=f"Kết quả thực hiện {PLAN} năm 2026",
        intro=[
            f"Thực hiện {PLAN} về triển khai thực hiện Quyết định số 1068/QĐ-TTg ngày "
            "22/8/2019 của Thủ tướng Chính phủ phê duyệt Chiến lược sở hữu trí tuệ đến năm 2030 "
            "trên địa bàn tỉnh Sơn La;",
            "Trên cơ sở báo cáo của các sở, ban, ngành, UBND các xã, phường, Sở Khoa học và "
            "Công nghệ báo cáo kết quả thực hiện năm 2026 như sau:",
        ],
        areas=areas,
        targets=targets,
        target_notes=[
            "Ghi chú: chỉ tiêu hằng năm được đánh giá theo số liệu của năm báo cáo; chỉ tiêu "
            "cả giai đoạn được đánh giá theo số liệu lũy kế từ năm 2021."
        ],
        funding=funding,
        funding_total="125.000.000",
        funding_total_words="Một trăm hai mươi lăm triệu đồng",
        difficulties=[
            "Một số cơ quan, đơn vị gửi báo cáo chậm so với thời hạn; số liệu chưa đầy đủ.",
            "Nguồn kinh phí bố trí cho hoạt động sở hữu trí tuệ còn hạn chế; nhận thức của "
            "một bộ phận doanh nghiệp, hợp tác xã về bảo hộ tài sản trí tuệ chưa cao.",
        ],
        proposals=[
            "Đề nghị UBND tỉnh chỉ đạo các cơ quan, đơn vị gửi báo cáo đúng thời hạn.",
            "Đề nghị Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch năm 2027.",
        ],
        closing=[
            "Trên đây là báo cáo kết quả thực hiện Kế hoạch năm 2026, Sở Khoa học và Công nghệ "
            "kính báo cáo UBND tỉnh xem xét, chỉ đạo./."
        ],
        appendix=appendix,
        year=2026,
    )


def make_letter_context(final_review: bool = False) -> LetterContext:
    return LetterContext(
        header=make_header(
            "SKHCN-QLCN",
            [
                "- Như trên;",
                "- Giám đốc Sở (để báo cáo);",
                "- Lưu: VT, QLCN.",
            ],
        ),
        subject_line="V/v triển khai nhiệm vụ năm 2027 theo Kế hoạch số 65/KH-UBND",
        addressee="Sở Văn hóa, Thể thao và Du lịch",
        intro=[
            f"Thực hiện {PLAN} về triển khai thực hiện Chiến lược sở hữu trí tuệ đến năm 2030 "
            "trên địa bàn tỉnh Sơn La, Sở Khoa học và Công nghệ đã tổng hợp kết quả thực hiện "
            "năm 2026 của các cơ quan, đơn vị và báo cáo UBND tỉnh.",
        ],
        reported=[
            "Ngày 05/11/2026, quý Sở đã gửi báo cáo kết quả thực hiện năm 2026, đúng thời hạn. "
            "Theo báo cáo, quý Sở đã hoàn thành 3 nhiệm vụ, đang thực hiện 2 nhiệm vụ; đã tổ "
            "chức 02 lớp tập huấn về quyền tác giả, quyền liên quan cho 120 lượt người.",
            "Kinh phí thực hiện năm 2026: 25.000.000 đồng.",
        ],
        lead_tasks=LEAD_TASKS,
        partner_tasks=PARTNER_TASKS,
        closing=[
            "Đề nghị quý Sở tiếp tục triển khai các nhiệm vụ nêu trên trong năm 2027 và gửi báo "
            "cáo kết quả thực hiện (theo biểu mẫu kèm theo) về Sở Khoa học và Công nghệ trước "
            "ngày 10/11/2027 để tổng hợp, báo cáo UBND tỉnh.",
            "Thông tin chi tiết xin liên hệ Phòng Quản lý công nghệ, Sở Khoa học và Công nghệ, "
            "điện thoại: 0212.3852.xxx.",
            "Trân trọng./.",
        ],
        final_review=final_review,
    )


def make_reminder_context() -> ReminderContext:
    return ReminderContext(
        header=make_header("SKHCN-QLCN", ["- Như trên;", "- Lưu: VT, QLCN."]),
        subject_line="V/v đôn đốc gửi báo cáo kết quả thực hiện Kế hoạch số 65/KH-UBND năm 2026",
        addressee="UBND xã Mường Bú",
        paragraphs=[
            f"Thực hiện {PLAN}, các cơ quan, đơn vị gửi báo cáo kết quả thực hiện hằng năm về "
            "Sở Khoa học và Công nghệ trước ngày 10 tháng 11.",
            "Đến ngày 20/11/2026, Sở Khoa học và Công nghệ chưa nhận được báo cáo năm 2026 của "
            "quý cơ quan. Đề nghị quý cơ quan khẩn trương gửi báo cáo trước ngày 30/11/2026 để "
            "Sở tổng hợp, báo cáo UBND tỉnh.",
            "Trân trọng./.",
        ],
    )


@pytest.fixture
def sample_report_context() -> ReportContext:
    return make_report_context()


@pytest.fixture
def sample_letter_context() -> LetterContext:
    return make_letter_context()


@pytest.fixture
def sample_reminder_context() -> ReminderContext:
    return make_reminder_context()


@pytest.fixture
def templates_dir() -> Path:
    return TEMPLATES


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"thư mục tham chiếu dùng chung không có: {SHARED}")
    return SHARED
