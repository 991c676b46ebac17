"""Jinja filters the templates use to write facts the Vietnamese way.

The names are Vietnamese so that a clerk editing a template in Word reads
``{{ deadline | ngay_thang }}``. ``vanban mau-van-ban`` lists them with these docstrings.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from generator.vnformat import (
    clean_text,
    format_long_date,
    format_number,
    format_short_date,
    join_vi,
    money_in_words,
    upper_vi,
)

_SHORT_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _a_date(value: object, filter_name: str) -> date | None:
    """``value`` as a date, None when there is none; anything else (a name, a number, a
    date already written as text) is the template's mistake, said rather than printed as
    nothing."""
    if value is None or value == "" or isinstance(value, date):
        return value or None
    written = _SHORT_DATE.fullmatch(str(value).strip())
    if written:  # a date already written «17/11/2025» (as cong-van-sua-phieu's due_date)
        with contextlib.suppress(ValueError):
            return date(int(written[3]), int(written[2]), int(written[1]))
    raise TypeError(
        f"bộ lọc {filter_name} cần một ngày, nhưng nhận «{value}»: kiểm tra tên biến (xem "
        "danh sách biến: vanban mau-van-ban)"
    )


def ngay_thang(value: date | None) -> str:
    """Ngày viết đầy đủ: «ngày 05 tháng 11 năm 2025» (rỗng khi không có ngày)."""
    day = _a_date(value, "ngay_thang")
    return format_long_date(day) if day is not None else ""


def ngay_ngan(value: date | None) -> str:
    """Ngày viết gọn như trích dẫn văn bản: «05/11/2025» (rỗng khi không có ngày)."""
    day = _a_date(value, "ngay_ngan")
    return format_short_date(day) if day is not None else ""


def so(value: int | float | None) -> str:
    """Số có dấu chấm ngăn cách hàng nghìn: «1.250.000»."""
    return "" if value is None else format_number(value)


def hai_chu_so(value: int) -> str:
    """Số có hai chữ số: «05» (dùng cho số ngày làm việc, số lượng nhỏ)."""
    return f"{int(value):02d}"


def tien_bang_chu(value: int) -> str:
    """Số tiền bằng chữ: «Một trăm hai mươi lăm triệu đồng»."""
    return money_in_words(int(value))


def chu_thuong_dau(value: str) -> str:
    """Viết thường chữ cái đầu khi đặt giữa câu; giữ nguyên chữ viết tắt (UBND, HĐND)."""
    first_word = value.split(" ", 1)[0] if value else ""
    if len(first_word) > 1 and first_word[1:2].isupper():
        return value
    return value[:1].lower() + value[1:] if value else value


# Words that open a name of many («Các doanh nghiệp…»): a common noun, lower-cased inside a
# sentence; a proper name («Sở Tài chính», «Ủy ban nhân dân xã …») keeps its capital.
_PLURAL_OPENINGS = ("Các ", "Những ", "Mọi ", "Tất cả ")


def giua_cau(value: str) -> str:
    """Tên đặt giữa câu: viết thường chữ đầu khi tên mở đầu bằng từ chỉ số nhiều («Các doanh
    nghiệp…» → «các doanh nghiệp…»); tên riêng («Sở Tài chính») giữ nguyên."""
    if value.startswith(_PLURAL_OPENINGS):
        return value[:1].lower() + value[1:]
    return value


# A number of three groups or more (1.050.000.000): wider than a narrow table column.
_LONG_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
# Word and LibreOffice break a line at a zero-width space, and show nothing there.
_BREAK_HERE = "\u200b"


def ngat_so(value: str) -> str:
    """Số dài trong ô bảng hẹp: cho phép xuống dòng sau dấu chấm phân cách hàng nghìn
    («1.050.000.000» xuống dòng thành «1.050.000.» và «000»), không cắt giữa một nhóm số."""
    broken = _LONG_NUMBER.sub(lambda m: m[0].replace(".", "." + _BREAK_HERE), str(value))
    # digits and dots only are changed: a text already marked up (its line breaks made
    # Word's) stays markup, not escaped again
    return Markup(broken) if isinstance(value, Markup) else broken


def chu_hoa_dau(value: str) -> str:
    """Viết hoa chữ cái đầu (đầu câu)."""
    return upper_vi(value[:1]) + value[1:] if value else value


def chu_in_hoa(value: str) -> str:
    """Viết in hoa toàn bộ (đúng với chữ tiếng Việt có dấu)."""
    return upper_vi(value)


def rut_gon(value: str, words: int = 14) -> str:
    """Rút gọn một đoạn dài còn vài chữ đầu (mặc định 14 chữ), thêm dấu «…»."""
    parts = str(value).split()
    return value if len(parts) <= words else " ".join(parts[:words]).rstrip(",;:") + "…"


def menh_de_dau(value: str) -> str:
    """Vế đầu của một nhiệm vụ dài, đến dấu «;» hoặc hết câu đầu: đủ để nhận ra nhiệm vụ;
    phần bỏ đi thay bằng «…» (trích dẫn không được cắt mà không đánh dấu).

    «Phối hợp …; tổ chức …» còn «Phối hợp … …», không chép lại cả đoạn."""
    if isinstance(value, Markup):
        # Line breaks the renderer already made Word's markup, entities included: cutting
        # there could split "&amp;" at its ";". Such a text is left whole.
        return value
    sentence = value.partition(". ")[0]
    # A clause begins in lower case («…; tổ chức …»); after «;» a capital goes on a list of
    # names («Cổng thông tin điện tử của tỉnh; Trang thông tin điện tử của các cơ quan…»),
    # and cutting there made a commune run the province's portal.
    for found in re.finditer("; ", sentence):
        following = sentence[found.end() : found.end() + 1]
        if following.islower():
            return sentence[: found.start()] + " …"
    whole = value.rstrip().rstrip(".")
    return sentence if sentence.rstrip(".") == whole else sentence.rstrip(".") + " …"


def trich_dan_gop(citations: Iterable[Mapping[str, str]]) -> str:
    """Nhiều vị trí trong kế hoạch gộp theo khoản: «điểm …, … khoản … và điểm … khoản … Mục …»."""
    clauses: dict[tuple[str, str], list[str]] = {}
    for citation in citations:
        key = (citation.get("clause", ""), citation.get("section", ""))
        clauses.setdefault(key, []).append(citation.get("point", ""))
    parts = []
    sections = {section for _, section in clauses}
    for (clause, section), points in clauses.items():
        named = [p for p in points if p]
        text = f"điểm {', '.join(named)} " if named else ""
        text += f"khoản {clause}" if clause else ""
        if len(sections) > 1:
            text += f" Mục {section}"
        parts.append(text.strip())
    joined = liet_ke(parts)
    if len(sections) == 1 and next(iter(sections)):
        joined += f" Mục {next(iter(sections))}"
    return joined


def liet_ke(values: Sequence[str], last: str = "và") -> str:
    """Nối danh sách: «A, B và C» (đổi chữ nối cuối: ``liet_ke('hoặc')``). Khi một tên đã có
    chữ nối ấy («Sở Giáo dục và Đào tạo»), chỉ dùng dấu phẩy: «… và Đào tạo và Sở Tài chính»
    không đọc được là hai đơn vị."""
    return join_vi(heads_factored([str(v) for v in values if str(v)]), last)


# The head a list of local governments repeats: written once, «Ủy ban nhân dân huyện Bắc
# Yên, huyện Mai Sơn, …, thành phố Sơn La và thị xã Mộc Châu».
_SHARED_HEADS = ("Ủy ban nhân dân ", "UBND ")
_FACTORED_FROM = 3


def without_shared_head(name: str) -> str:
    """A local government's name after its group's («Ủy ban nhân dân các xã, phường: …»):
    «xã Gia Phù»."""
    for head in _SHARED_HEADS:
        if name.startswith(head):
            return name[len(head) :]
    return name


def heads_factored(items: list[str]) -> list[str]:
    for head in _SHARED_HEADS:
        if (
            len(items) >= _FACTORED_FROM
            and all(item.startswith(head) for item in items)
            and not any(", " in item for item in items)
        ):
            return [items[0], *(item[len(head) :] for item in items[1:])]
    return items


def trich_dan(citation: Mapping[str, str]) -> str:
    """Vị trí trong kế hoạch: «điểm … khoản … Mục …» (bỏ phần không có)."""
    parts = [
        f"{word} {citation.get(key, '')}"
        for word, key in (("điểm", "point"), ("khoản", "clause"), ("Mục", "section"))
        if citation.get(key)
    ]
    return " ".join(parts)


def van_ban(ref: Mapping[str, Any]) -> str:
    """Lần nêu đầu của một văn bản: loại, số, ngày, cơ quan ban hành và trích yếu."""
    text = van_ban_ngan(ref)
    if isinstance(ref.get("issued_on"), date):
        text += f" ngày {format_short_date(ref['issued_on'])}"
    if ref.get("issuer"):
        text += f" của {ref['issuer']}"
    if ref.get("subject"):
        text += f" về {chu_thuong_dau(ref['subject'])}"
    return text


def van_ban_ngan(ref: Mapping[str, Any]) -> str:
    """Lần nêu sau của một văn bản: loại và số, ký hiệu («Kế hoạch số …»); «số» và số hiệu
    nối bằng dấu cách không ngắt dòng, để số hiệu không bị đẩy xuống dòng một mình."""
    return f"{ref['type_name']} số\u00a0{ref['number_symbol']}"


def dam_nghieng(runs: Sequence[Mapping[str, Any]]) -> Markup:
    """Một đoạn của tệp nhận định, giữ chữ đậm, chữ nghiêng (đặt trong một đoạn của mẫu)."""
    # The template places a variable inside <w:t> of one run: close it, add one run per
    # piece with its own properties, and reopen a run so the template's closing tags match.
    pieces = []
    for run in runs:
        props = ("<w:b/><w:bCs/>" if run.get("bold") else "") + (
            "<w:i/><w:iCs/>" if run.get("italic") else ""
        )
        text = run.get("text", "")
        # The renderer has already made a text with line breaks or tabs Word's own markup
        # (render.clean_context): escaping it again would print the tags.
        if not isinstance(text, Markup):
            text = escape(clean_text(str(text)))
        pieces.append(
            f"</w:t></w:r><w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}"
            f'<w:t xml:space="preserve">{text}'
        )
    return Markup("".join(pieces))


# Word's own hyphen that never ends a line, inside the run the variable stands in.
_NO_BREAK_HYPHEN = Markup('</w:t><w:noBreakHyphen/><w:t xml:space="preserve">')


def mot_dong(value: str | None) -> str:
    """Số hiệu, mã có dấu «-» không bị ngắt dòng ở dấu đó."""
    if value is None or isinstance(value, Markup):
        return value or ""
    return _NO_BREAK_HYPHEN.join(escape(part) for part in str(value).split("-"))


FILTERS: dict[str, Callable[..., Any]] = {
    "ngay_thang": ngay_thang,
    "ngay_ngan": ngay_ngan,
    "so": so,
    "hai_chu_so": hai_chu_so,
    "tien_bang_chu": tien_bang_chu,
    "chu_thuong_dau": chu_thuong_dau,
    "chu_hoa_dau": chu_hoa_dau,
    "giua_cau": giua_cau,
    "ngat_so": ngat_so,
    "chu_in_hoa": chu_in_hoa,
    "liet_ke": liet_ke,
    "rut_gon": rut_gon,
    "menh_de_dau": menh_de_dau,
    "trich_dan_gop": trich_dan_gop,
    "trich_dan": trich_dan,
    "van_ban": van_ban,
    "van_ban_ngan": van_ban_ngan,
    "dam_nghieng": dam_nghieng,
    "mot_dong": mot_dong,
}
