"""Phần I, Mục II, khoản 6–7: citations of other documents, headings, body text, signer."""

from __future__ import annotations

import re

from generator.check import decree
from generator.check.decree import ADVICE, ERROR
from generator.check.rules.base import (
    ALIGNMENT_NAMES,
    Finding,
    Result,
    check_bold,
    check_upright,
    is_upper,
    size_in,
)
from generator.check.rules.parts import TITLE_WORDS, body_paragraphs, signer_block, type_name
from generator.check.styles import ParaProps, twips
from generator.check.text import (
    Document,
    Para,
    effective_text,
    fmt_pt,
    leading_tab,
    size_text,
    sizes_of,
)

CITED = re.compile(
    r"\b(Luật|Pháp lệnh|Nghị quyết|Nghị định|Quyết định|Chỉ thị|Thông tư|Kế hoạch|Công văn|"
    r"Báo cáo|Tờ trình|Thông báo|Hướng dẫn|Chương trình|Đề án|Quy chế|Quy định)\s+số\s+"
    r"(\d+/[0-9A-Za-zĐđ/-]*[0-9A-Za-zĐđ])"
)


CITATION_PARTS = (
    ("ngày ban hành", re.compile(r"\bngày\s+\d")),
    ("cơ quan ban hành", re.compile(r"\bcủa\s+\w")),
    (
        "trích yếu",
        re.compile(
            r"\bvề\s+\w|[«“\"]|\b(phê duyệt|ban hành|quy định|hướng dẫn|triển khai|thực hiện|"
            r"sửa đổi|bổ sung|thành lập|phân bổ|giao)\b"
        ),
    ),
)


def check_citations(doc: Document) -> Finding:
    result = Result("trich-dan")
    seen: set[str] = set()
    for para in body_paragraphs(doc):
        matches = list(CITED.finditer(para.text))
        for position, match in enumerate(matches):
            number = match[2]
            if number in seen:
                continue
            seen.add(number)
            stop = matches[position + 1].start() if position + 1 < len(matches) else None
            window = re.split(r";|\.\s", para.text[match.end() : stop][:250])[0]
            missing = [name for name, pattern in CITATION_PARTS if not pattern.search(window)]
            if missing:
                result.fail(
                    f"lần viện dẫn đầu tiên «{match[0]}» thiếu {', '.join(missing)}", ADVICE
                )
    result.note(f"{len(seen)} văn bản được viện dẫn đủ thông tin ở lần đầu")
    return result.finding()


ROMAN_HEADING = re.compile(r"^([IVXL]+)\.\s+(.*)$", re.DOTALL)


POINT_HEADING = re.compile(r"^[a-zđ]\)\s")


ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(numeral: str) -> int:
    total = 0
    for char, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = ROMAN_VALUES[char]
        total += -value if ROMAN_VALUES.get(following, 0) > value else value
    return total


def check_headings(doc: Document) -> Finding:
    result = Result("de-muc")
    if type_name(doc) != "BÁO CÁO":
        result.note("không áp dụng (chỉ xét đề mục của báo cáo)")
        return result.finding()
    numbers: list[str] = []
    for para in body_paragraphs(doc):
        match = ROMAN_HEADING.match(para.text)
        if match and len(match[2]) < 200:
            numbers.append(match[1])
            if not is_upper(effective_text(para, para.pieces)):
                result.fail(f"tên mục {para.excerpt(40)} không viết in hoa")
            check_bold(para, result, "tên mục")
        elif POINT_HEADING.match(para.text):
            check_upright(para, result, "điểm", ADVICE)
    values = [roman_value(n) for n in numbers]
    if values != list(range(1, len(values) + 1)):
        result.fail(f"mục đánh số không liên tiếp: {', '.join(numbers)}", ADVICE)
    result.note(f"{len(numbers)} mục đánh số La Mã, in hoa, đậm")
    return result.finding()


def line_spacing_ok(props: ParaProps, size: float) -> tuple[bool, str]:
    line = props.spacing("line")
    rule = props.attr("spacing", "lineRule").get("lineRule", "auto")
    if line is None:
        return True, "đơn"
    value = twips(line)
    if rule == "auto":
        ratio = value / 240
        low, high = decree.LINE_SPACING
        return low - 0.01 <= ratio <= high + 0.01, f"{fmt_pt(round(ratio, 2))} dòng"
    points = value / 20
    label = f"{'chính xác' if rule == 'exact' else 'tối thiểu'} {fmt_pt(points)} pt"
    return size <= points <= size * 1.5 * 1.17 + 0.5, label


def check_body(doc: Document) -> Finding:
    result = Result("noi-dung")
    paras = body_paragraphs(doc)
    if not paras:
        result.fail("không tìm thấy đoạn nội dung giữa phần đầu và phần ký", ADVICE)
        return result.finding()
    problems: dict[str, list[str]] = {}

    def flag(kind: str, para: Para, detail: str) -> None:
        problems.setdefault(kind, []).append(f"{para.excerpt(30)}: {detail}")

    for para in paras:
        sizes = sizes_of([para])
        if any(not decree.SIZES["noi-dung"].holds(s) for s in sizes):
            flag("cỡ chữ", para, size_text(sizes))
        alignment = para.props.alignment
        if alignment not in ("both", "distribute"):
            flag("căn lề", para, f"căn «{ALIGNMENT_NAMES.get(alignment, alignment)}»")
        indent = para.props.first_line_cm
        if not para.props.numbered and not indent_ok(indent):
            if indent == 0 and leading_tab(para.element) is not None:
                flag(TAB_INDENT, para, "lùi bằng phím Tab, không đặt thụt đầu dòng của đoạn")
            else:
                flag("thụt đầu dòng", para, f"{fmt_pt(round(indent, 2))} cm")
        after = twips(para.props.spacing("after")) / 20
        before = twips(para.props.spacing("before")) / 20
        auto = para.props.attr("spacing", "beforeAutospacing", "afterAutospacing")
        if max(after, before) < decree.PARAGRAPH_GAP_PT and not any(
            _on_value(v) for v in auto.values()
        ):
            flag("cách đoạn", para, f"trước {fmt_pt(before)} pt, sau {fmt_pt(after)} pt")
        elif para.props.contextual_spacing and not para.props.numbered:
            flag("cách đoạn", para, "đặt «không thêm khoảng cách giữa các đoạn cùng kiểu»: 0 pt")
        ok, label = line_spacing_ok(para.props, max(sizes) if sizes else 14)
        if not ok:
            flag("giãn dòng", para, label)
    for kind, places in problems.items():
        severity = ADVICE if kind == TAB_INDENT else ERROR
        result.fail(f"{kind} sai ở {len(places)}/{len(paras)} đoạn, ví dụ {places[0]}", severity)
    result.note(f"{len(paras)} đoạn nội dung đúng quy định")
    return result.finding()


# A first line pushed by a Tab looks indented (the default tab stop is 1,27 cm): a
# recommendation to set the paragraph's indent, not an error.
TAB_INDENT = "thụt đầu dòng bằng phím Tab"


def indent_ok(indent_cm: float) -> bool:
    return any(abs(indent_cm - allowed) <= 0.02 for allowed in decree.FIRST_LINE_INDENTS_CM)


def _on_value(value: str) -> bool:
    return value.lower() not in ("0", "false", "off")


WRONG_PREFIX = re.compile(r"^(T/M|K/T|T\.M|K\.T|T/L|TU/Q|Q/)\s")
UNDOTTED_PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q)\s")
GLUED_PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q)\.(?=\S)")
# «KT.» is followed by the head's title (KT. GIÁM ĐỐC), «TM.» by a collective body's name
# (TM. ỦY BAN NHÂN DÂN); a deputy («PHÓ …») signs for the head under «KT.».
COLLECTIVE = re.compile(
    r"^(ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|CHÍNH PHỦ|BAN CHẤP HÀNH|BAN THƯỜNG VỤ|THƯỜNG TRỰC|"
    r"TẬP THỂ|BAN CHỈ ĐẠO|HỘI ĐỒNG QUẢN TRỊ|ĐẢNG ĐOÀN|BAN CÁN SỰ)\b"
)
HEAD_TITLE = re.compile(
    r"^(GIÁM ĐỐC|PHÓ GIÁM ĐỐC|CHỦ TỊCH|PHÓ CHỦ TỊCH|TRƯỞNG BAN|CHÁNH|CỤC TRƯỞNG|VỤ TRƯỞNG|"
    r"BỘ TRƯỞNG|THỦ TRƯỞNG|TỔNG GIÁM ĐỐC|HIỆU TRƯỞNG|VIỆN TRƯỞNG|CHI CỤC TRƯỞNG|"
    r"TRƯỞNG PHÒNG|THỨ TRƯỞNG|TỔNG CỤC TRƯỞNG)\b"
)
DEPUTY = re.compile(r"^PHÓ\s")
# A degree or honour before the signer's name («TS. Nguyễn Văn An»): the decree writes none.
DEGREE = re.compile(r"^(GS|PGS|TS|ThS|KS|BS|CN|TSKH|NGƯT|NGND)\.?\s", re.IGNORECASE)


def _check_authority(first: str, result: Result) -> None:
    """KT. with the head's title, TM. with a collective body's name, a deputy under KT."""
    prefix, _, rest = first.partition(".")
    rest = rest.strip()
    if prefix == "KT" and COLLECTIVE.match(rest):
        result.fail(
            f"«{first}»: «KT.» đi với chức vụ người đứng đầu (ví dụ «KT. CHỦ TỊCH»); ký thay "
            "mặt tập thể thì ghi «TM.»"
        )
    elif prefix == "TM" and HEAD_TITLE.match(rest):
        result.fail(
            f"«{first}»: «TM.» đi với tên tập thể (ví dụ «TM. ỦY BAN NHÂN DÂN»); cấp phó ký "
            "thay người đứng đầu thì ghi «KT.»"
        )
    elif DEPUTY.match(first):
        result.fail(
            f"cấp phó ký thay người đứng đầu: trên dòng «{first}» cần dòng «KT. "
            f"{first.removeprefix('PHÓ').strip()}»"
        )


def check_signer(doc: Document) -> Finding:
    result = Result("chuc-vu-nguoi-ky")
    block = [
        line
        for para in signer_block(doc)
        for line in para.line_views()
        if not re.fullmatch(r"\(.*\)", line.text)
    ]
    if not block:
        result.fail("không tìm thấy khối chữ ký (chức vụ và họ tên người ký)")
        return result.finding()
    titles = [p for p in block if is_upper(effective_text(p, p.pieces))]
    name = block[-1] if block[-1] not in titles else None
    if name is None and len(titles) >= 2 and not TITLE_WORDS.match(titles[-1].text):
        # «NGUYỄN VĂN AN»: a name, written in capitals
        name = titles.pop()
        result.fail(f"họ tên người ký {name.excerpt()} viết in hoa (cần chữ thường, đậm)")
    if not titles:
        result.fail(f"chức vụ người ký {block[0].excerpt()} không viết in hoa")
    for para in titles:
        check_bold(para, result, "chức vụ")
    size_in(titles, "chuc-vu", result, "chức vụ")
    if titles:
        first = titles[0].text
        if WRONG_PREFIX.match(first):
            result.fail(f"viết tắt quyền hạn sai trong «{first}» (cần TM., KT., Q., TL., TUQ.)")
        elif UNDOTTED_PREFIX.match(first):
            result.fail(
                f"viết tắt quyền hạn thiếu dấu chấm trong «{first}» (cần TM., KT., Q., TL., TUQ.)"
            )
        elif GLUED_PREFIX.match(first):
            result.fail(f"thiếu dấu cách sau chữ viết tắt quyền hạn trong «{first}»")
        elif first.startswith(("TM.", "KT.", "TL.", "TUQ.")) and len(titles) < 2:
            result.fail(f"sau «{first}» thiếu dòng chức vụ của người ký")
        _check_authority(first, result)
    if name is None:
        result.fail("không tìm thấy họ tên người ký dưới chức vụ")
    else:
        if DEGREE.match(name.text):
            result.fail(f"có học hàm, học vị trước họ tên người ký {name.excerpt()}")
        check_bold(name, result, "họ tên người ký")
        check_upright(name, result, "họ tên người ký")
        size_in([name], "ho-ten", result, "họ tên người ký")
    title_text = " / ".join(p.text for p in titles)
    result.note(f"«{title_text}», họ tên {name.excerpt() if name else '—'}, đậm")
    return result.finding()
