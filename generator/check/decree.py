"""Nghị định 30/2020/NĐ-CP, Phụ lục I: the figures of the layout and where each rule stands.

The one place for the decree's numbers (paper, margins, font, sizes, indents, type
abbreviations): `vanban check`, its fixer and the templates builder read them from here.
Each rule of `vanban check` is a row of ``RULES``: its citation as separate fields
(phụ lục, phần, mục, khoản, điểm), what the decree requires with the figures it quotes,
and its severity (an error an official sends back, or a recommendation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

ERROR = "lỗi"
ADVICE = "khuyến nghị"


class PointRange(NamedTuple):
    """A range of font sizes in points, both ends allowed."""

    low: float
    high: float

    def holds(self, size: float) -> bool:
        return self.low <= size <= self.high

    @property
    def text(self) -> str:
        low, high = (f"{v:g}".replace(".", ",") for v in self)
        return low if low == high else f"{low}–{high}"


# Phần I, Mục I: quy định chung
PAPER_MM = (210.0, 297.0)  # A4, khoản 1
MARGINS_MM = {  # khoản 3: (least, most)
    "top": (20.0, 25.0),
    "bottom": (20.0, 25.0),
    "left": (30.0, 35.0),
    "right": (15.0, 20.0),
}
FONT = "Times New Roman"  # khoản 4 (Unicode, TCVN 6909:2001), black
PAGE_NUMBER_SIZE = PointRange(13, 14)  # khoản 7

# Phần I, Mục II: các thành phần thể thức chính
SIZES = {
    "quoc-hieu": PointRange(12, 13),  # khoản 1, điểm a
    "tieu-ngu": PointRange(13, 14),  # khoản 1, điểm b
    "co-quan-chu-quan": PointRange(12, 13),  # khoản 2, điểm b
    "co-quan-ban-hanh": PointRange(12, 13),  # khoản 2, điểm b
    "so": PointRange(13, 13),  # khoản 3, điểm c
    "dia-danh-ngay": PointRange(13, 14),  # khoản 4, điểm c
    "ten-loai": PointRange(13, 14),  # khoản 5, điểm b
    "trich-yeu": PointRange(13, 14),  # khoản 5, điểm b
    "v-v": PointRange(12, 13),  # khoản 5, điểm b
    "noi-dung": PointRange(13, 14),  # khoản 6, điểm e
    "chuc-vu": PointRange(13, 14),  # khoản 7, điểm đ
    "ho-ten": PointRange(13, 14),  # khoản 7, điểm đ
    "kinh-gui": PointRange(13, 14),  # khoản 9, điểm d
    "noi-nhan": PointRange(12, 12),  # khoản 9, điểm d: the word "Nơi nhận:"
    "danh-sach-noi-nhan": PointRange(11, 11),  # khoản 9, điểm d: the list
    # Phần I, Mục III: các thành phần thể thức khác
    "phu-luc": PointRange(14, 14),  # khoản 1: "Phụ lục" and its number
    "ten-phu-luc": PointRange(13, 14),  # khoản 1: the appendix's name
    "kem-theo": PointRange(13, 14),  # khoản 1: "(Kèm theo …)"
    "nguoi-soan-thao": PointRange(11, 11),  # khoản 3
}
BODY_SIZE = 14.0  # the size vanban writes and the fixer sets, inside SIZES["noi-dung"]
FIRST_LINE_INDENTS_CM = (1.0, 1.27)  # khoản 6, điểm e: "1 cm hoặc 1,27 cm"
PARAGRAPH_GAP_PT = 6.0  # khoản 6, điểm e: at least this between paragraphs
LINE_SPACING = (1.0, 1.5)  # khoản 6, điểm e: single to 1,5 lines
V_V_GAP_PT = 6.0  # khoản 5, điểm b: the công văn's "V/v" line this far below the number
ISSUING_RULE_SHARE = (1 / 3, 1 / 2)  # khoản 2, điểm b: rule under the issuing body
SUBJECT_RULE_SHARE = (1 / 3, 1 / 2)  # khoản 5, điểm b: rule under a report's trích yếu
TIEU_NGU_RULE_SHARE = (1.0, 1.0)  # khoản 1, điểm b: as long as the tiêu ngữ

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
AUTHORITY_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")  # khoản 7, điểm b

# Phụ lục III: tên loại văn bản (in capitals, as a document prints it) and its abbreviation.
TYPE_ABBREVIATIONS = {
    "NGHỊ QUYẾT": "NQ",
    "QUYẾT ĐỊNH": "QĐ",
    "CHỈ THỊ": "CT",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC",
    "THÔNG BÁO": "TB",
    "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr",
    "KẾ HOẠCH": "KH",
    "PHƯƠNG ÁN": "PA",
    "ĐỀ ÁN": "ĐA",
    "DỰ ÁN": "DA",
    "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB",
    "TỜ TRÌNH": "TTr",
    "HỢP ĐỒNG": "HĐ",
    "CÔNG ĐIỆN": "CĐ",
    "BẢN GHI NHỚ": "GN",
    "BẢN THỎA THUẬN": "TTh",
    "GIẤY ỦY QUYỀN": "UQ",
    "GIẤY MỜI": "GM",
    "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "NP",
    "PHIẾU GỬI": "PG",
    "PHIẾU CHUYỂN": "PC",
    "PHIẾU BÁO": "PB",
}
MIXED_CASE_ABBREVIATIONS = frozenset(a for a in TYPE_ABBREVIATIONS.values() if not a.isupper())
# Types that go up to a higher body with "Kính gửi" (Mục II, khoản 9, điểm b).
UPWARD_TYPES = ("BÁO CÁO", "TỜ TRÌNH")


@dataclass(frozen=True)
class Citation:
    """Where a rule stands in the decree, field by field."""

    muc: str
    khoan: int
    diem: str | None = None
    phan: str = "I"
    phu_luc: str = "I"

    @property
    def text(self) -> str:
        parts = [f"Phụ lục {self.phu_luc}", f"Phần {self.phan}", f"Mục {self.muc}"]
        parts.append(f"khoản {self.khoan}")
        if self.diem:
            parts.append(f"điểm {self.diem}")
        return ", ".join(parts)

    def fields(self) -> dict[str, object]:
        return {
            "phu_luc": self.phu_luc,
            "phan": self.phan,
            "muc": self.muc,
            "khoan": self.khoan,
            "diem": self.diem,
            "text": self.text,
        }


@dataclass(frozen=True)
class Rule:
    title: str
    citation: Citation
    requirement: str
    severity: str = ERROR


def _margins_text() -> str:
    names = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}
    return ", ".join(f"{names[k]} {low:g}–{high:g} mm" for k, (low, high) in MARGINS_MM.items())


def _size(key: str) -> str:
    return "cỡ " + SIZES[key].text


RULES: dict[str, Rule] = {
    "kho-giay": Rule("Khổ giấy", Citation("I", 1), "khổ A4 (210 × 297 mm)"),
    "chieu-trang": Rule(
        "Kiểu trình bày",
        Citation("I", 2),
        "trình bày theo chiều dài khổ A4 (trang dọc); trang nằm ngang chỉ dùng cho trang có "
        "bảng, biểu",
    ),
    "le-trang": Rule("Định lề trang", Citation("I", 3), _margins_text()),
    "phong-chu": Rule(
        "Phông chữ",
        Citation("I", 4),
        f"{FONT} (Unicode, TCVN 6909:2001) cho mọi chữ: thân văn bản, bảng, đầu trang, chân trang",
    ),
    "mau-chu": Rule("Màu chữ", Citation("I", 4), "màu đen"),
    "vi-tri": Rule(
        "Vị trí trình bày",
        Citation("I", 6),
        "các thành phần thể thức đặt theo sơ đồ Mục IV: các dòng của phần đầu (tên cơ quan, "
        "số, ký hiệu, trích yếu công văn, quốc hiệu, tiêu ngữ, địa danh và ngày tháng) và của "
        "khối chữ ký căn giữa trong ô của mình",
    ),
    "so-trang": Rule(
        "Số trang",
        Citation("I", 7),
        f"số Ả Rập, cỡ {PAGE_NUMBER_SIZE.text}, chữ đứng, ở giữa lề trên; trang 1 không hiện "
        "số trang",
    ),
    "quoc-hieu": Rule(
        "Quốc hiệu",
        Citation("II", 1, "a"),
        f"«{QUOC_HIEU}», chữ in hoa, đứng, đậm, {_size('quoc-hieu')}",
    ),
    "tieu-ngu": Rule(
        "Tiêu ngữ",
        Citation("II", 1, "b"),
        f"«{TIEU_NGU}», chữ đứng, đậm, {_size('tieu-ngu')}; dưới có đường kẻ ngang nét liền "
        "dài bằng dòng chữ",
    ),
    "co-quan-ban-hanh": Rule(
        "Tên cơ quan ban hành",
        Citation("II", 2, "b"),
        f"tên cơ quan ban hành in hoa, đứng, đậm, {_size('co-quan-ban-hanh')}; tên cơ quan chủ "
        f"quản (nếu có) in hoa, đứng, không đậm, {_size('co-quan-chu-quan')}; dưới tên cơ quan "
        "ban hành có đường kẻ ngang nét liền dài từ 1/3 đến 1/2 dòng chữ",
    ),
    "so-ky-hieu": Rule(
        "Số, ký hiệu văn bản",
        Citation("II", 3, "b, c"),
        f"«Số: 05/BC-UBND», {_size('so')}: số nhỏ hơn 10 có số 0 ở trước (để trống khi là dự "
        "thảo), dấu «/» giữa số và ký hiệu, dấu «-» trong ký hiệu, không có dấu cách; ký hiệu "
        "mở đầu bằng chữ viết tắt tên loại (Phụ lục III), công văn thì không",
    ),
    "dia-danh-ngay": Rule(
        "Địa danh và thời gian ban hành",
        Citation("II", 4, "b, c"),
        f"«Hà Nội, ngày 05 tháng 02 năm 2026», chữ nghiêng, {_size('dia-danh-ngay')}; số 0 "
        "trước ngày 1–9 và tháng 1, 2 (không thêm số 0 cho tháng 3–12)",
    ),
    "ten-loai-trich-yeu": Rule(
        "Tên loại và trích yếu nội dung",
        Citation("II", 5, "b"),
        f"tên loại in hoa, đậm, căn giữa, {_size('ten-loai')}; trích yếu chữ in thường, đứng, "
        "đậm, căn giữa, "
        f"{_size('trich-yeu')}, dưới có đường kẻ ngang dài từ 1/3 đến 1/2 dòng chữ; công văn: "
        f"dòng «V/v …» chữ đứng, không đậm, {_size('v-v')}, cách dòng số, ký hiệu "
        f"{V_V_GAP_PT:g} pt",
    ),
    "trich-dan": Rule(
        "Viện dẫn văn bản",
        Citation("II", 6, "b"),
        "lần viện dẫn đầu tiên ghi đủ tên loại, số, ký hiệu, ngày tháng năm ban hành, tên cơ "
        "quan ban hành và trích yếu (ví dụ «Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 "
        "của Chính phủ về công tác văn thư»)",
        ADVICE,
    ),
    "de-muc": Rule(
        "Phần, mục, khoản, điểm",
        Citation("II", 6, "đ"),
        "mục đánh số La Mã liên tiếp (I, II, III…), tên mục in hoa, đậm; khoản đánh số Ả Rập "
        "«1.»; điểm đánh chữ cái «a)», chữ đứng",
    ),
    "noi-dung": Rule(
        "Nội dung văn bản",
        Citation("II", 6, "e"),
        f"{_size('noi-dung')}, căn đều hai lề, lùi đầu dòng 1 cm hoặc 1,27 cm, cách đoạn tối "
        f"thiểu {PARAGRAPH_GAP_PT:g} pt, giãn dòng từ dòng đơn đến 1,5 dòng",
    ),
    "chuc-vu-nguoi-ky": Rule(
        "Quyền hạn, chức vụ và họ tên người ký",
        Citation("II", 7, "b, đ"),
        f"chức vụ in hoa, đậm, {_size('chuc-vu')} (quyền hạn viết tắt TM., KT., Q., TL., TUQ.); "
        f"họ tên người ký chữ đứng, đậm, {_size('ho-ten')}",
    ),
    "kinh-gui": Rule(
        "Kính gửi và «Như trên»",
        Citation("II", 9, "b"),
        "tờ trình, báo cáo gửi cơ quan cấp trên và mọi công văn có dòng «Kính gửi: …» và nơi "
        "nhận bắt đầu bằng «- Như trên;»",
    ),
    "trinh-bay-kinh-gui": Rule(
        "Trình bày «Kính gửi»",
        Citation("II", 9, "d"),
        f"«Kính gửi:» chữ đứng, {_size('kinh-gui')}; một nơi nhận thì ghi cùng dòng; nhiều nơi "
        "nhận thì mỗi nơi một dòng bắt đầu bằng «- », cuối dòng có dấu «;», dòng cuối có dấu «.»",
    ),
    "noi-nhan": Rule(
        "Nơi nhận",
        Citation("II", 9, "d"),
        f"«Nơi nhận:» đậm, nghiêng, {_size('noi-nhan')}; mỗi nơi nhận một dòng, chữ đứng, "
        f"{_size('danh-sach-noi-nhan')}, bắt đầu bằng «- », cuối dòng có dấu «;»; dòng cuối "
        "«- Lưu: VT, …» kết thúc bằng dấu chấm",
    ),
    "phu-luc": Rule(
        "Phụ lục",
        Citation("III", 1),
        f"nội dung văn bản có nhắc đến phụ lục; dòng «Phụ lục» chữ thường, đứng, đậm, căn giữa, "
        f"{_size('phu-luc')}, số La Mã khi có từ hai phụ lục; tên phụ lục in hoa, đậm, "
        f"{_size('ten-phu-luc')}; dòng «(Kèm theo … số … ngày … của …)» nghiêng, "
        f"{_size('kem-theo')}; mỗi phụ lục đánh số trang riêng",
    ),
    "nguoi-soan-thao": Rule(
        "Ký hiệu người soạn thảo",
        Citation("III", 3),
        f"ký hiệu người soạn thảo và số bản phát hành, chữ in hoa, {_size('nguoi-soan-thao')}",
    ),
}
