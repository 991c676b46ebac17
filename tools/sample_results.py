"""Sample results that read as results of their own task (sample data only).

The sample workbooks used to draw a result from one bank for every task, so a market
inspection could appear under a tourism task. Here each task of the shipped plan has its
own texts, for the lead and for the partners; a task not listed (another plan) falls back
to the general texts. Placeholders are those of ``make_samples._fill_text``.
"""

from __future__ import annotations

import random

from generator.data.workspace import Role

GENERAL_DONE = (
    "Đã quán triệt nhiệm vụ đến các phòng, đơn vị trực thuộc; tổ chức {n} "
    "hội nghị quán triệt với khoảng {people} lượt người tham dự.",
)
GENERAL_IN_PROGRESS = (
    "Đang triển khai; đến thời điểm báo cáo đã hoàn thành khoảng {percent}% khối lượng công việc.",
)
NOT_STARTED = (
    "Chưa triển khai trong năm {year}; đơn vị sẽ bố trí thực hiện trong năm {next}.",
    "Chưa thực hiện; đơn vị đã đưa nhiệm vụ vào kế hoạch công tác năm {next}.",
    "",
)

AWAITING_APPROVAL = (
    "Đề án chưa được Thủ tướng Chính phủ phê duyệt; đơn vị đã rà soát nội dung liên quan, "
    "chuẩn bị dự thảo kế hoạch để tham mưu UBND tỉnh ngay khi Đề án được phê duyệt.",
)

# task code -> (lead done, lead in progress, partner done, partner in progress)
TEXTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "IV.1.a": (
        (
            "Đã hướng dẫn {n} tổ chức, cá nhân hoàn thiện hồ sơ đăng ký bảo hộ nhãn hiệu cho "
            "sản phẩm {product}; phối hợp Cục Sở hữu trí tuệ tổ chức {k} hội nghị tập huấn về "
            "xác lập quyền sở hữu công nghiệp.",
        ),
        (
            "Đang hướng dẫn chủ thể hoàn thiện hồ sơ đăng ký bảo hộ nhãn hiệu cho sản phẩm "
            "{product}, dự kiến nộp đơn trong quý {quarter} năm {next}.",
        ),
        (
            "Đã phối hợp phổ biến quy định về bảo hộ quyền sở hữu công nghiệp đến {n} tổ chức, "
            "cá nhân thuộc phạm vi quản lý.",
            "Đã phối hợp rà soát, đề xuất sản phẩm {product} để hỗ trợ đăng ký bảo hộ nhãn hiệu.",
        ),
        (
            "Đang phối hợp rà soát các sản phẩm thuộc phạm vi quản lý để đề xuất hỗ trợ đăng ký "
            "bảo hộ nhãn hiệu.",
        ),
    ),
    "IV.1.b": (
        (
            "Đã tổng hợp, báo cáo UBND tỉnh kết quả thực hiện Kế hoạch các năm trước; hướng "
            "dẫn các cơ quan, đơn vị báo cáo kết quả năm {year} theo phiếu báo cáo thống nhất.",
        ),
        (
            "Đã tổng hợp, báo cáo UBND tỉnh kết quả thực hiện Kế hoạch các năm trước; đang tổ "
            "chức tổng kết việc thực hiện Kế hoạch cả giai đoạn.",
        ),
        (),
        (),
    ),
    "IV.1.c": (
        (
            "Đã tham mưu UBND tỉnh phê duyệt {n} nhiệm vụ hỗ trợ tạo lập, quản lý và phát "
            "triển nhãn hiệu cho sản phẩm đặc sản của tỉnh, trong đó có sản phẩm {product}.",
        ),
        (
            "Đang thực hiện {n} nhiệm vụ hỗ trợ phát triển tài sản trí tuệ; đến thời điểm báo "
            "cáo đã hoàn thành khoảng {percent}% khối lượng công việc.",
        ),
        (),
        (),
    ),
    "IV.2.a": (
        (
            "Đã tổ chức {n} hội nghị phổ biến quy định về quyền tác giả, quyền liên quan cho "
            "các đơn vị nghệ thuật, thư viện, bảo tàng với khoảng {people} lượt người tham dự.",
        ),
        ("Đang xây dựng dự thảo kế hoạch phát triển các ngành công nghiệp văn hóa của tỉnh.",),
        (),
        (),
    ),
    "IV.2.b": (
        (
            "Đã giới thiệu sản phẩm {product} tại {n} lễ hội, sự kiện du lịch của tỉnh; đưa "
            "điểm trải nghiệm sản xuất sản phẩm {product} vào {k} tuyến du lịch.",
        ),
        (
            "Đang khảo sát, xây dựng tuyến du lịch trải nghiệm gắn với vùng sản xuất sản phẩm "
            "{product}.",
        ),
        (),
        (),
    ),
    "IV.2.c": (
        (
            "Đã kiểm tra {n} cơ sở hoạt động quảng cáo; nhắc nhở {k} cơ sở sử dụng nhãn hiệu "
            "chưa đúng quy định trên biển quảng cáo.",
        ),
        ("Đang rà soát các biển quảng cáo có sử dụng nhãn hiệu, chỉ dẫn địa lý trên địa bàn.",),
        (),
        (),
    ),
    "IV.2.d": (
        (
            "Đã hướng dẫn {n} tổ chức, cá nhân thủ tục đăng ký quyền tác giả đối với tác phẩm "
            "âm nhạc, mỹ thuật, nhiếp ảnh.",
        ),
        ("Đang hướng dẫn các đơn vị nghệ thuật hoàn thiện hồ sơ đăng ký quyền tác giả.",),
        (),
        (),
    ),
    "IV.2.dd": (
        (
            "Đã đăng {n} tin, bài tuyên truyền về quyền tác giả trong biểu diễn nghệ thuật; "
            "tổ chức {k} buổi nói chuyện chuyên đề cho diễn viên, nhạc công.",
        ),
        ("Đang biên soạn tài liệu tuyên truyền về quyền tác giả trong biểu diễn nghệ thuật.",),
        (),
        (),
    ),
    "IV.2.e": ((), AWAITING_APPROVAL, (), ()),
    "IV.3.a": (
        (
            "Đã hướng dẫn {n} tổ chức, cá nhân đăng ký bảo hộ giống cây trồng mới; phổ biến "
            "quy định về quyền đối với giống cây trồng tại {k} hội nghị.",
        ),
        ("Đang hướng dẫn hồ sơ đăng ký bảo hộ giống cây trồng cho {n} tổ chức, cá nhân.",),
        (),
        (),
    ),
    "IV.3.b": (
        (
            "Đã rà soát, lập danh mục {n} sản phẩm nông nghiệp đặc sản, trong đó có sản phẩm "
            "{product}, đề xuất hỗ trợ phát triển tài sản trí tuệ.",
        ),
        ("Đang rà soát danh mục sản phẩm nông nghiệp đặc sản của các địa phương.",),
        (
            "Đã phối hợp rà soát, đề xuất {n} sản phẩm nông nghiệp đặc sản, trong đó có sản "
            "phẩm {product}.",
        ),
        ("Đang phối hợp rà soát sản phẩm nông nghiệp đặc sản thuộc phạm vi quản lý.",),
    ),
    "IV.3.c": (
        (
            "Đã hướng dẫn quy trình sản xuất theo VietGAP cho {n} chuỗi sản xuất sản phẩm "
            "{product}; hỗ trợ {k} tổ chức đăng ký bảo hộ giống mới.",
        ),
        (
            "Đang hướng dẫn các hợp tác xã áp dụng quy trình sản xuất hữu cơ đối với sản phẩm "
            "{product}.",
        ),
        (),
        (),
    ),
    "IV.3.d": (
        (
            "Đã phối hợp các địa phương xây dựng {n} vùng nguyên liệu tập trung cho sản phẩm "
            "{product}.",
        ),
        ("Đang quy hoạch vùng sản xuất tập trung cho sản phẩm {product}.",),
        ("Đã phối hợp xây dựng {n} vùng sản xuất tập trung sản phẩm {product} trên địa bàn.",),
        ("Đang phối hợp khảo sát vùng sản xuất sản phẩm {product} trên địa bàn.",),
    ),
    "IV.3.d2": ((), AWAITING_APPROVAL, (), ()),
    "IV.4.a": (
        (
            "Đã hỗ trợ {n} cơ sở công nghiệp nông thôn qua chương trình khuyến công, trong đó "
            "có {k} cơ sở được hỗ trợ xây dựng nhãn hiệu sản phẩm.",
        ),
        ("Đang thực hiện {n} đề án khuyến công hỗ trợ cơ sở công nghiệp nông thôn.",),
        (),
        (),
    ),
    "IV.4.b": (
        (
            "Đã rà soát, lựa chọn {n} sản phẩm công nghiệp nông thôn tiêu biểu; hướng dẫn {k} "
            "cơ sở lập hồ sơ đăng ký nhãn hiệu.",
        ),
        ("Đang rà soát các sản phẩm công nghiệp có ưu thế của tỉnh.",),
        (
            "Đã phối hợp rà soát {n} sản phẩm công nghiệp nông thôn; hướng dẫn {k} cơ sở về "
            "đăng ký nhãn hiệu.",
        ),
        ("Đang phối hợp rà soát sản phẩm công nghiệp nông thôn thuộc phạm vi quản lý.",),
    ),
    "IV.4.c": (
        (
            "Đã tổ chức {n} hội chợ, chương trình kết nối cung - cầu, giới thiệu sản phẩm "
            "{product} và các nông sản được bảo hộ của tỉnh.",
        ),
        ("Đang chuẩn bị tổ chức tuần hàng giới thiệu sản phẩm {product} trong quý {quarter}.",),
        (),
        (),
    ),
    "IV.4.d": ((), AWAITING_APPROVAL, (), ()),
    "IV.5.1": ((), AWAITING_APPROVAL, (), ()),
    "IV.6.1": (
        (
            "Đã tham mưu UBND tỉnh bố trí kinh phí thực hiện Kế hoạch năm {year} trong dự "
            "toán ngân sách của các đơn vị.",
        ),
        ("Đang tổng hợp dự toán kinh phí năm {next} của các đơn vị.",),
        (),
        (),
    ),
    "IV.7.1": (
        (
            "Đã kiểm tra {n} cơ sở sản xuất, kinh doanh; phát hiện và xử lý {k} vụ kinh doanh "
            "hàng hóa giả mạo nhãn hiệu.",
        ),
        (
            "Đã kiểm tra {n} cơ sở kinh doanh hàng hóa có nhãn hiệu được bảo hộ, phát hiện và "
            "xử lý {k} vụ vi phạm; đang tiếp tục kiểm tra theo kế hoạch năm {year}.",
        ),
        (
            "Đã cử cán bộ tham gia các đợt kiểm tra của lực lượng quản lý thị trường tại cơ sở "
            "sản xuất, kinh doanh thuộc phạm vi quản lý; không phát hiện vi phạm mới.",
        ),
        ("Đang phối hợp kiểm tra các cơ sở kinh doanh thuộc phạm vi quản lý.",),
    ),
    "IV.8.a": (
        (
            "Đã quán triệt, phổ biến Kế hoạch đến các phòng, đơn vị trực thuộc; lồng ghép nội "
            "dung sở hữu trí tuệ vào kế hoạch công tác năm {year}.",
        ),
        ("Đang lồng ghép nội dung sở hữu trí tuệ vào kế hoạch phát triển của đơn vị.",),
        (),
        (),
    ),
    "IV.8.b": (
        (
            "Đã đăng {n} tin, bài về sở hữu trí tuệ trên trang thông tin điện tử của đơn vị và "
            "hệ thống truyền thanh cơ sở.",
        ),
        ("Đang xây dựng chuyên mục về sở hữu trí tuệ trên trang thông tin điện tử của đơn vị.",),
        (),
        (),
    ),
    "IV.8.c": (
        (
            "Đã phổ biến quy định về thực thi quyền sở hữu trí tuệ đến {n} cơ sở trong phạm vi "
            "quản lý; nhắc nhở {k} cơ sở về việc sử dụng nhãn hiệu.",
        ),
        ("Đang rà soát các cơ sở kinh doanh trong phạm vi quản lý.",),
        (),
        (),
    ),
}


def can_be_done(task_code: str) -> bool:
    """False for a task that waits on a higher body (no «done» text for it)."""
    texts = TEXTS.get(task_code)
    return texts is None or bool(texts[0])


def sample_result(task_code: str, role: Role, done: bool, rng: random.Random) -> str:
    """A result text for a task done (``done``) or under way, in the agency's role."""
    texts = TEXTS.get(task_code)
    general = GENERAL_DONE if done else GENERAL_IN_PROGRESS
    if texts is None:
        return rng.choice(general)
    lead_done, lead_going, partner_done, partner_going = texts
    if role is Role.LEAD:
        bank = lead_done if done else lead_going
    else:
        bank = (partner_done if done else partner_going) or (lead_done if done else lead_going)
    return rng.choice(bank or general)
