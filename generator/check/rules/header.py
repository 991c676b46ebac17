"""Phần I, Mục II, khoản 1–5: quốc hiệu and tiêu ngữ, issuing body, number, place and date,
type name and subject (the công văn's «V/v» line)."""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from generator.check import decree, measure
from generator.check.decree import ADVICE
from generator.check.package import w
from generator.check.rules.base import (
    ALIGNMENT_NAMES,
    Finding,
    Result,
    centred,
    check_bold,
    check_rule_length,
    check_upright,
    is_upper,
    rule_under,
    size_in,
)
from generator.check.rules.parts import is_rule_line, signer_block, title_block
from generator.check.styles import twips
from generator.check.text import (
    SO_LOCATOR,
    Document,
    Para,
    all_runs,
    effective_text,
    fmt_pt,
    fold,
    size_text,
    sizes_of,
)

QUOC_HIEU_OLD_ACCENT = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def check_quoc_hieu(doc: Document) -> Finding:
    result = Result("quoc-hieu")
    if doc.quoc_hieu is None:
        result.fail("không tìm thấy quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»")
        return result.finding()
    para = doc.quoc_hieu.line_containing("XÃ HỘI")
    shown = effective_text(para, para.pieces).replace("\n", " ")
    if shown == QUOC_HIEU_OLD_ACCENT:
        result.fail("viết «HOÀ» (bỏ dấu kiểu cũ), nên viết «HÒA»", ADVICE)
    elif shown != decree.QUOC_HIEU:
        if shown.upper() in (decree.QUOC_HIEU, QUOC_HIEU_OLD_ACCENT):
            result.fail(f"không viết in hoa: «{para.text}»")
        else:
            result.fail(f"nội dung «{para.text}»")
    check_bold(para, result, "quốc hiệu")
    check_upright(para, result, "quốc hiệu")
    size_in([para], "quoc-hieu", result, "quốc hiệu")
    result.note(f"«{para.text}», đậm, {size_text(sizes_of([para]))}")
    return result.finding()


def check_tieu_ngu(doc: Document) -> Finding:
    result = Result("tieu-ngu")
    if doc.tieu_ngu is None:
        result.fail("không tìm thấy tiêu ngữ «Độc lập - Tự do - Hạnh phúc» dưới quốc hiệu")
        return result.finding()
    para = doc.tieu_ngu.line_containing("ĐỘC LẬP")
    if para.text != decree.TIEU_NGU:
        if re.sub(r"\s*[–—-]\s*", " - ", para.text) == decree.TIEU_NGU:
            result.fail(f"dấu gạch nối sai: «{para.text}» (cần dấu «-» và một dấu cách hai bên)")
        else:
            result.fail(f"nội dung «{para.text}»")
    check_bold(para, result, "tiêu ngữ")
    check_upright(para, result, "tiêu ngữ")
    size_in([para], "tieu-ngu", result, "tiêu ngữ")
    rule = rule_under(doc, doc.tieu_ngu, doc.date)
    if rule is None:
        if all_runs([para], lambda rp: rp.underline())[0]:
            result.fail("dùng gạch chân chữ thay cho đường kẻ ngang bên dưới", ADVICE)
        else:
            result.fail("không có đường kẻ ngang dưới tiêu ngữ")
    else:
        lines = measure.shown_line_widths(doc, para)
        check_rule_length(
            result, rule, lines, decree.TIEU_NGU_RULE_SHARE, "tiêu ngữ", "dài bằng dòng chữ"
        )
    how = rule.how if rule else "không có"
    result.note(f"«{para.text}», đậm, {size_text(sizes_of([para]))}, đường kẻ: {how}")
    return result.finding()


# A parent body (cơ quan chủ quản) typed in bold is still told by its name.
PARENT_BODY = re.compile(r"^(UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BỘ|TỔNG CỤC)\b")


UNDER_PARENT = re.compile(
    r"^(SỞ|BAN|PHÒNG|CHI CỤC|CỤC|VỤ|VĂN PHÒNG|TRUNG TÂM|THANH TRA|VIỆN|TRƯỜNG)\b"
)


def check_issuing_body(doc: Document) -> Finding:
    result = Result("co-quan-ban-hanh")
    if doc.quoc_hieu is None:
        result.fail("không tìm thấy quốc hiệu nên không xác định được tên cơ quan ban hành")
        return result.finding()
    if doc.quoc_hieu.cell is None:
        # The decree places the parts (Mục IV), it does not ask for a table: a header laid
        # out with text boxes or tab stops is not a fault, only one vanban cannot read.
        result.fail(
            "phần đầu văn bản không đặt trong bảng (tên cơ quan bên trái, quốc hiệu bên phải) "
            "nên vanban không xét được tên cơ quan ban hành; kiểm tra bằng mắt",
            ADVICE,
        )
        return result.finding()
    row = doc.quoc_hieu.cell.getparent()
    cells = [c for c in row if c.tag == w("tc")]
    position = cells.index(doc.quoc_hieu.cell)
    if position == 0:
        result.fail("không có ô tên cơ quan bên trái quốc hiệu")
        return result.finding()
    lines = _names_in(doc, cells[0])
    if not lines:
        result.fail("không tìm thấy tên cơ quan ban hành")
        return result.finding()
    parent, lines = _split_parent(lines)
    name = " ".join(p.text for p in lines)
    for para in lines:
        check_bold(para, result, "tên cơ quan ban hành")
        if not is_upper(effective_text(para, para.pieces)):
            result.fail(f"tên cơ quan ban hành không viết in hoa: «{para.text}»")
    for para in parent:
        check_bold(para, result, "tên cơ quan chủ quản", want=False)
        if not is_upper(effective_text(para, para.pieces)):
            result.fail(f"tên cơ quan chủ quản không viết in hoa: «{para.text}»")
    size_in(parent, "co-quan-chu-quan", result, "tên cơ quan chủ quản")
    size_in(lines, "co-quan-ban-hanh", result, "tên cơ quan ban hành")
    rule = rule_under(doc, lines[-1], doc.so)
    if rule is None:
        result.fail("không có đường kẻ ngang dưới tên cơ quan ban hành")
    else:
        shown = [width for para in lines for width in measure.shown_line_widths(doc, para)]
        check_rule_length(
            result, rule, shown, decree.ISSUING_RULE_SHARE, "tên cơ quan ban hành", "1/3–1/2"
        )
    prefix = f"cơ quan chủ quản «{' '.join(p.text for p in parent)}», " if parent else ""
    result.note(f"{prefix}cơ quan ban hành «{name}», in hoa, đậm")
    return result.finding()


def _names_in(doc: Document, left: etree._Element) -> list[Para]:
    """The lines above the number in the header's left cell, one per line shown (a parent
    body and the issuing body are often one paragraph with a line break)."""
    lines: list[Para] = []
    for para in doc.paras:
        if para.cell is not left or not para.text:
            continue
        if para is doc.so or para is doc.vv:
            break
        for line in para.line_views():
            if SO_LOCATOR.match(line.text):
                return lines
            if not re.fullmatch(r"[-_–—.\s]+", line.text):
                lines.append(line)
    return lines


def _split_parent(lines: list[Para]) -> tuple[list[Para], list[Para]]:
    """The parent body's lines (cơ quan chủ quản) and the issuing body's. The parent is
    not bold and the issuing body is: the lines before the first bold one, however many
    («BỘ NÔNG NGHIỆP VÀ» / «PHÁT TRIỂN NÔNG THÔN» over «CỤC TRỒNG TRỌT»). With no bold
    line the first is the parent; a parent typed in bold is told by its name."""
    if len(lines) < 2:
        return [], lines
    bold = [all_runs([line], lambda rp: rp.bold)[0] for line in lines]
    if not bold[0]:
        first_bold = bold.index(True) if True in bold else 1
        return lines[:first_bold], lines[first_bold:]
    if PARENT_BODY.match(fold(lines[0].text)) and UNDER_PARENT.match(fold(lines[1].text)):
        return lines[:1], lines[1:]
    return [], lines


# A draft leaves the number, the day and the month to the records office: blank, or dots
# as in the decree's own forms («Số: .../QĐ-…», «…, ngày ... tháng ... năm ...»).
BLANK = r"[.…_]*"
SO_PATTERN = re.compile(
    rf"^Số:(?P<space>\s*)(?:(?P<number>\d+)|{BLANK})(?P<gap>\s*)/(?P<symbol>.*)$"
)


SYMBOL_PART = re.compile(r"^[A-ZĐ0-9]+$")


def check_number(doc: Document) -> Finding:
    result = Result("so-ky-hieu")
    para = doc.so
    if para is None:
        result.fail("không tìm thấy dòng «Số: …/…»")
        return result.finding()
    text = para.text
    shown = effective_text(para, para.pieces)[:2]
    if shown != "Số":
        result.fail(f"«{text}»: viết «{shown}», cần «Số» (chữ S in hoa, «ố» thường)")
    match = SO_PATTERN.match("Số" + text[2:])
    if match is None:
        wanted = [mark for mark in (":", "/") if mark not in text]
        needs = " và ".join(f"«{mark}»" for mark in wanted) or "«:» ngay sau «Số», «/» sau số"
        result.fail(f"«{text}» không đúng dạng «Số: 05/BC-UBND» (cần dấu {needs})")
        return result.finding()
    size_in(para.line_views()[:1], "so", result, "dòng số, ký hiệu")
    number, symbol = match["number"] or "", match["symbol"]
    if number and not match["space"]:
        result.fail(f"«{text}»: thiếu dấu cách sau «Số:»")
    if number and match["gap"]:
        result.fail(f"«{text}»: có dấu cách giữa số và dấu «/»")
    if len(number) == 1:
        result.fail(f"«{text}»: số {number} thiếu số 0 ở trước (cần «0{number}»)")
    if symbol != symbol.strip() or " " in symbol:
        result.fail(f"«{text}»: ký hiệu có dấu cách")
    parts = symbol.strip().replace(" ", "").split("-")
    bad_parts = [
        part
        for part in parts
        if not (SYMBOL_PART.match(part) or part in decree.MIXED_CASE_ABBREVIATIONS)
    ]
    if not symbol.strip() or bad_parts:
        result.fail(
            f"«{text}»: ký hiệu «{symbol.strip()}» không đúng (chữ in hoa viết tắt, nối bằng «-»)"
        )
    wrong_type = _symbol_type_problem(doc, symbol.strip())
    if wrong_type:
        result.fail(f"«{text}»: {wrong_type}")
    state = "để trống số (dự thảo)" if not number else f"số {number}"
    result.note(f"«{text}»: {state}, ký hiệu {symbol.strip()}")
    return result.finding()


# Not a type of Phụ lục III, but what a công văn's symbol is often mistakenly given.
_COMMON_MISTAKEN_TYPES = frozenset({"CV"})


def _symbol_type_problem(doc: Document, symbol: str) -> str | None:
    """A symbol that names another type than the document's (Phụ lục III): «05/BC-…» on a
    KẾ HOẠCH; a công văn's symbol names no type at all («05/SKHCN-QLCN»)."""
    first = symbol.split("-")[0]
    abbreviations = set(decree.TYPE_ABBREVIATIONS.values()) | _COMMON_MISTAKEN_TYPES
    if doc.vv is not None:
        if first in abbreviations:
            return (
                f"ký hiệu công văn không có chữ viết tắt tên loại «{first}»; ký hiệu công văn "
                "gồm chữ viết tắt tên cơ quan ban hành và đơn vị soạn thảo, ví dụ «UBND-VX»"
            )
        if "-" not in symbol:
            return (
                f"ký hiệu công văn «{symbol}» thiếu chữ viết tắt tên đơn vị soạn thảo; ký hiệu "
                "công văn gồm chữ viết tắt tên cơ quan ban hành và đơn vị soạn thảo, nối bằng "
                "«-», ví dụ «UBND-VX»"
            )
        return None
    type_name = title_block(doc)[0]
    if type_name is None:
        return None
    shown = effective_text(type_name, type_name.pieces)
    wanted = decree.TYPE_ABBREVIATIONS.get(shown)
    if wanted is None or first == wanted:
        return None
    return (
        f"ký hiệu mở đầu bằng «{first}», không phải «{wanted}», chữ viết tắt của tên loại «{shown}»"
    )


DATE_PATTERN = re.compile(
    rf"^(?P<place>[^,]+),\s*ngày(?:\s+(?P<day>\d{{1,2}})|\s*{BLANK})"
    rf"\s+tháng(?:\s+(?P<month>\d{{1,2}})|\s*{BLANK})\s+năm\s+(?P<year>\d{{4}})$"
)


def check_place_date(doc: Document) -> Finding:
    result = Result("dia-danh-ngay")
    para = doc.date
    if para is None:
        result.fail("không tìm thấy dòng địa danh và ngày tháng «…, ngày … tháng … năm …»")
        return result.finding()
    text = para.text.replace("\n", " ")
    match = DATE_PATTERN.match(text)
    if match is None and "," not in text:
        match = DATE_PATTERN.match(re.sub(r"\s+ngày\b", ", ngày", text, count=1))
        if match is not None:
            result.fail(f"«{text}»: thiếu dấu phẩy sau địa danh «{match['place'].strip()}»")
    if match is None:
        result.fail(f"«{text}» không đúng dạng «Hà Nội, ngày 05 tháng 02 năm 2026»")
    else:
        _check_date_parts(match, text, result)
    ok, bad = all_runs([para], lambda rp: rp.italic)
    if not ok:
        result.fail(f"không in nghiêng ở «{' '.join(bad)[:40]}»")
    size_in([para], "dia-danh-ngay", result, "dòng ngày tháng")
    result.note(f"«{text}», chữ nghiêng")
    return result.finding()


def _check_date_parts(match: re.Match[str], text: str, result: Result) -> None:
    place, day, month = match["place"].strip(), match["day"] or "", match["month"] or ""
    if not place[:1].isupper():
        result.fail(f"địa danh «{place}» không viết hoa chữ cái đầu")
    if day:
        _check_day(day, text, result)
    if not month:  # a draft leaves the day and the month blank, not the month alone
        if day:
            result.fail(f"«{text}»: có ngày {day} nhưng để trống tháng")
        return
    _check_month(month, text, result)
    if day and 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
        try:
            date(int(match["year"]), int(month), int(day))
        except ValueError:
            result.fail(f"«{text}»: tháng {int(month)} năm {match['year']} không có ngày {day}")


def _check_day(day: str, text: str, result: Result) -> None:
    value = int(day)
    if not 1 <= value <= 31:
        result.fail(f"«{text}»: ngày {day} không có thật")
    elif value < 10 and len(day) == 1:
        result.fail(f"«{text}»: ngày {day} thiếu số 0 ở trước (cần «0{day}»)")
    elif value >= 10 and day.startswith("0"):
        result.fail(f"«{text}»: ngày «{day}» thừa số 0")


def _check_month(month: str, text: str, result: Result) -> None:
    value = int(month)
    if not 1 <= value <= 12:
        result.fail(f"«{text}»: tháng {month} không có thật")
    elif value <= 2 and len(month) == 1:
        result.fail(f"«{text}»: tháng {month} thiếu số 0 ở trước (cần «0{month}»)")
    elif value >= 3 and month.startswith("0"):
        result.fail(f"«{text}»: tháng «{month}» thừa số 0 (cần «{value}»)")


# the older placement of the tone mark is accepted too
TYPE_NAMES = frozenset([*decree.TYPE_ABBREVIATIONS, "BẢN THOẢ THUẬN", "GIẤY UỶ QUYỀN"])


def check_title(doc: Document) -> Finding:
    result = Result("ten-loai-trich-yeu")
    if doc.vv is not None:
        return _check_cong_van(doc, result)
    type_name, subject, _ = title_block(doc)
    if type_name is None:
        result.fail("không tìm thấy tên loại văn bản sau phần đầu")
        return result.finding()
    if type_name is doc.kinh_gui or type_name.text.startswith("Kính gửi"):
        # «Kính gửi» right after the header: a công văn whose «V/v» line is missing.
        about = next((p for p in doc.paras if p.text.casefold().startswith("về việc")), None)
        shown = f": {about.excerpt(40)} phải viết tắt là «V/v …»" if about else ""
        result.fail(f"công văn không có dòng trích yếu «V/v …» dưới số, ký hiệu{shown}")
        return result.finding()
    shown = effective_text(type_name, type_name.pieces)
    if not is_upper(shown):
        result.fail(f"tên loại {type_name.excerpt()} không viết in hoa")
    elif shown not in TYPE_NAMES:
        result.fail(f"tên loại «{shown}» không có trong danh mục (Phụ lục III)", ADVICE)
    check_bold(type_name, result, "tên loại")
    if not centred(type_name):
        result.fail(f"tên loại không căn giữa (căn «{type_name.props.alignment}»)")
    size_in([type_name], "ten-loai", result, "tên loại")
    if not subject:
        result.fail("không tìm thấy trích yếu nội dung dưới tên loại")
    for para in subject:
        check_bold(para, result, "trích yếu")
        check_upright(para, result, "trích yếu")
        if is_upper(effective_text(para, para.pieces)):
            result.fail(f"trích yếu {para.excerpt()} viết in hoa (cần chữ in thường)")
        if not centred(para):
            result.fail(f"trích yếu {para.excerpt()} không căn giữa")
    size_in(subject, "trich-yeu", result, "trích yếu")
    if subject:
        _check_subject_rule(doc, subject, result)
    summary = " ".join(p.text for p in subject)
    shown = summary if len(summary) <= 60 else summary[: summary.rfind(" ", 0, 60)] + " …"
    result.note(f"«{type_name.text}» / «{shown}», đậm, căn giữa")
    return result.finding()


def _check_subject_rule(doc: Document, subject: list[Para], result: Result) -> None:
    rule = rule_under(doc, subject[-1], None)
    if rule is None:
        result.fail("không có đường kẻ ngang dưới trích yếu")
        return
    shown = [width for para in subject for width in measure.shown_line_widths(doc, para)]
    check_rule_length(result, rule, shown, decree.SUBJECT_RULE_SHARE, "trích yếu", "1/3–1/2")


def _gap_pt(doc: Document, upper: Para, lower: Para) -> float:
    """Space between two consecutive paragraphs: the larger of after and before (Word)."""
    after = twips(upper.props.spacing("after")) / 20
    before = twips(lower.props.spacing("before")) / 20
    return max(after, before)


def _check_cong_van(doc: Document, result: Result) -> Finding:
    vv = doc.vv
    assert vv is not None
    ok, bad = all_runs([vv], lambda rp: not rp.bold and not rp.italic)
    if not ok:
        result.fail(f"dòng «V/v» phải chữ thường, đứng, không đậm (sai ở «{' '.join(bad)[:40]}»)")
    size_in([vv], "v-v", result, "dòng «V/v»")
    if doc.so is not None and doc.index(doc.so) < doc.index(vv):
        gap = _gap_pt(doc, doc.so, vv)
        if abs(gap - decree.V_V_GAP_PT) > 0.5:
            result.fail(
                f"dòng «V/v» cách dòng số, ký hiệu {fmt_pt(gap)} pt "
                f"(cần {fmt_pt(decree.V_V_GAP_PT)} pt)",
                ADVICE,
            )
    result.note(f"công văn: {vv.excerpt(70)}; {doc.kinh_gui.excerpt() if doc.kinh_gui else ''}")
    return result.finding()


def _check_indented(where: str, lines: list[Para], result: Result) -> None:
    """A centred line with a first-line indent (often the Normal style's 1,27 cm, inherited
    by the table's cells) stands half the indent off the middle of its box."""
    indented = [p for p in lines if abs(p.props.first_line_cm) >= 0.1]
    if indented:
        first = indented[0]
        indent = f"{first.props.first_line_cm:g}".replace(".", ",")
        result.fail(
            f"{where}: {len(indented)} dòng căn giữa nhưng thụt đầu dòng (ví dụ "
            f"{first.excerpt(40)}, {indent} cm) nên lệch khỏi giữa ô; đặt thụt đầu dòng 0 cm",
            ADVICE,
        )


def check_positions(doc: Document) -> Finding:
    """Mục IV places each part in its box, centred in it: every line of the header table
    (issuing body, number, V/v, quốc hiệu, tiêu ngữ, place and date) and of the signer
    block."""
    result = Result("vi-tri")
    header = [
        para
        for para in doc.paras
        if para.text.strip()
        and doc.header_table is not None
        and para.cell is not None
        and doc.header_table in para.element.iterancestors(w("tbl"))
        and not is_rule_line(para)
    ]
    signer = signer_block(doc)
    for where, lines in (("phần đầu văn bản", header), ("khối chữ ký", signer)):
        for para in lines:
            if not centred(para):
                shown = ALIGNMENT_NAMES.get(para.props.alignment, para.props.alignment)
                result.fail(f"{where}: dòng {para.excerpt(40)} căn «{shown}» (cần căn giữa)")
        _check_indented(where, [p for p in lines if centred(p)], result)
    if not header:
        result.note("không có bảng phần đầu văn bản để xét vị trí")
    else:
        checked = len(header) + len(signer)
        result.note(f"{checked} dòng của phần đầu và khối chữ ký căn giữa trong ô của mình")
    return result.finding()
