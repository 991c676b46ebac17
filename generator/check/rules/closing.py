"""Phần I, Mục II, khoản 9 and Mục III: Kính gửi, Nơi nhận, appendices, drafter's code."""

from __future__ import annotations

import re

from generator.check import decree
from generator.check.decree import ADVICE
from generator.check.package import w
from generator.check.rules.base import (
    Finding,
    Result,
    centred,
    check_bold,
    check_upright,
    is_upper,
    size_in,
)
from generator.check.rules.parts import (
    APPENDIX,
    DRAFTER,
    UPWARD_MARK,
    appendix_headings,
    body_paragraphs,
    kinh_gui_lines,
    next_lines,
    noi_nhan_items,
    recipient_texts,
    type_name,
)
from generator.check.text import (
    Document,
    Para,
    Piece,
    all_runs,
    effective_text,
    fold,
    normalise,
    size_text,
    sizes_of,
)


def check_kinh_gui(doc: Document) -> Finding:
    result = Result("kinh-gui")
    kind = type_name(doc)
    if kind != "CÔNG VĂN" and kind not in decree.UPWARD_TYPES:
        result.note("không áp dụng (không phải công văn, tờ trình hay báo cáo)")
        return result.finding()
    recipients = recipient_texts(doc)
    # a tờ trình is always submitted to a higher body
    upward = kind == "TỜ TRÌNH" or any(UPWARD_MARK.search(text) for text in recipients)
    named = "công văn" if kind == "CÔNG VĂN" else kind.lower()
    as_above = bool(recipients) and re.match(r"^- Như trên\s*[;.]", recipients[0]) is not None
    if doc.kinh_gui is None:
        if kind == "CÔNG VĂN" or upward:
            result.fail(f"{named} không có dòng «Kính gửi: …»")
        elif as_above:  # «Như trên» names the Kính gửi line: the document meant to have one
            result.fail(
                f"{named} không có dòng «Kính gửi: …» mà nơi nhận mở đầu bằng «- Như trên;» "
                "(chỉ cơ quan ở dòng «Kính gửi»)"
            )
        else:
            result.fail(
                f"{named} không có dòng «Kính gửi: …»: nếu gửi cơ quan cấp trên thì phải có",
                ADVICE,
            )
    # «Như trên» refers to the Kính gửi: without one, the missing Kính gửi is the finding
    if doc.kinh_gui is not None and recipients and not re.match(r"^- Như trên\s*;", recipients[0]):
        result.fail(f"nơi nhận không bắt đầu bằng «- Như trên;» (dòng đầu «{recipients[0][:40]}»)")
    result.note(f"{doc.kinh_gui.excerpt() if doc.kinh_gui else ''}, nơi nhận «- Như trên;»")
    return result.finding()


def check_kinh_gui_layout(doc: Document) -> Finding:
    result = Result("trinh-bay-kinh-gui")
    if doc.kinh_gui is None:
        result.note("không có dòng «Kính gửi»")
        return result.finding()
    lines = kinh_gui_lines(doc)
    match = re.match(r"^Kính gửi\s*:\s*(.*)$", lines[0].text)
    if match is None:
        result.fail(f"{lines[0].excerpt()}: thiếu dấu «:» sau «Kính gửi»")
        return result.finding()
    items = [line.text for line in lines[1:]]
    if match[1].startswith(("-", "–", "+")):
        items.insert(0, match[1])
    elif match[1] and items:
        result.fail("nhiều nơi nhận nhưng nơi đầu tiên ghi liền sau «Kính gửi:» không có «- »")
    if not match[1] and not items:
        result.fail("không ghi nơi nhận sau «Kính gửi:»")
    if len(items) == 1 and not match[1].startswith(("-", "–", "+")):
        result.fail("chỉ một nơi nhận thì ghi cùng dòng với «Kính gửi:»", ADVICE)
    for position, text in enumerate(items):
        ending = "." if position == len(items) - 1 else ";"
        if not text.startswith("- "):
            result.fail(f"dòng «{text[:40]}» không bắt đầu bằng «- »")
        if len(items) > 1 and not text.endswith(ending):
            result.fail(f"dòng «{text[:40]}» không kết thúc bằng «{ending}»")
    for line in lines:
        check_upright(line, result, "«Kính gửi»")
    size_in(lines, "kinh-gui", result, "«Kính gửi»")
    result.note(f"{lines[0].excerpt()}, {max(len(items), 1)} nơi nhận, chữ đứng")
    return result.finding()


def check_recipients(doc: Document) -> Finding:
    result = Result("noi-nhan")
    para = doc.noi_nhan
    if para is None:
        result.fail("không tìm thấy «Nơi nhận:»")
        return result.finding()
    heading, items = noi_nhan_items(doc)
    heading_pieces = para.visible_pieces(heading)
    if not normalise("".join(x.text for x in heading_pieces)).rstrip().endswith(":"):
        result.fail("thiếu dấu «:» sau «Nơi nhận»")
    props = [para.run_props(x.run) for x in heading_pieces]
    if not all(p.bold and p.italic for p in props):
        state = ", ".join(
            sorted(
                {
                    ("đậm" if p.bold else "không đậm") + (" nghiêng" if p.italic else " đứng")
                    for p in props
                }
            )
        )
        result.fail(f"«Nơi nhận:» {state}")
    heading_sizes = sorted({p.size() for p in props})
    allowed = decree.SIZES["noi-nhan"]
    if any(not allowed.holds(s) for s in heading_sizes):
        result.fail(f"«Nơi nhận:» {size_text(heading_sizes)} (cần {allowed.text})")
    if not items:
        result.fail("không có danh sách nơi nhận")
        return result.finding()
    _check_items(items, result)
    result.note(f"«Nơi nhận:» đậm nghiêng cỡ 12, {len(items)} nơi nhận cỡ 11")
    return result.finding()


def _check_items(items: list[tuple[Para, list[Piece]]], result: Result) -> None:
    sizes: set[float] = set()
    for index, (para, line) in enumerate(items):
        text = normalise("".join(x.text for x in line))
        last = index == len(items) - 1
        if not text.startswith("- "):
            result.fail(f"dòng «{text[:40]}» không bắt đầu bằng «- »")
        ending = "." if last else ";"
        if not text.endswith(ending):
            where = "dòng cuối" if last else "dòng"
            result.fail(f"{where} «{text[:40]}» không kết thúc bằng «{ending}»")
        if last and not text.startswith(("- Lưu", "-Lưu")):
            result.fail(f"dòng cuối «{text[:40]}» không phải «- Lưu: VT, …»")
        elif last and not re.match(r"-\s*Lưu\s*:\s*VT\b", text):
            result.fail(f"dòng «{text[:40]}» thiếu «VT» (văn thư) ngay sau «Lưu:»")
        pieces = para.visible_pieces(line)
        sizes.update(para.run_props(x.run).size() for x in pieces)
        if any(para.run_props(x.run).italic for x in pieces):
            result.fail(f"dòng «{text[:40]}» in nghiêng (cần chữ đứng)")
    allowed = decree.SIZES["danh-sach-noi-nhan"]
    if any(not allowed.holds(s) for s in sizes):
        result.fail(f"danh sách nơi nhận {size_text(sorted(sizes))} (cần {allowed.text})")


def check_appendices(doc: Document) -> Finding:
    result = Result("phu-luc")
    headings = appendix_headings(doc)
    if not headings:
        result.note("không có phụ lục trong tệp")
        return result.finding()
    body = " ".join(p.text for p in body_paragraphs(doc))
    numbers = [APPENDIX.match(fold(h.text))[1] for h in headings]  # type: ignore[index]
    sections: set[int] = set()
    main_section = doc.section_of(doc.paras[0]) if doc.paras else 0
    for heading, number in zip(headings, numbers, strict=True):
        _check_appendix_heading(doc, heading, number, len(headings), body, result)
        section = doc.section_of(heading)
        name = heading.excerpt(20)
        if section == main_section or section in sections:
            result.fail(f"{name} tiếp tục số trang phía trước (cần đánh số trang riêng)")
        elif doc.sections[section].find(f"{w('pgNumType')}[@{w('start')}]") is None:
            result.fail(f"{name} không đánh số trang lại từ đầu")
        sections.add(section)
    result.note(f"{len(headings)} phụ lục đúng quy định")
    return result.finding()


def _check_appendix_heading(
    doc: Document, heading: Para, number: str | None, count: int, body: str, result: Result
) -> None:
    name = heading.excerpt(20)
    shown = effective_text(heading, heading.pieces)
    if not shown.startswith("Phụ lục"):
        result.fail(f"{name}: chữ «Phụ lục» cần viết thường (chỉ hoa chữ P)")
    check_bold(heading, result, name)
    check_upright(heading, result, name)
    if not centred(heading):
        result.fail(f"{name} không căn giữa")
    size_in([heading], "phu-luc", result, name)
    if count > 1 and (number is None or not number.isalpha()):
        result.fail(f"{name}: có {count} phụ lục, cần đánh số La Mã (Phụ lục I, Phụ lục II…)")
    wanted = rf"phụ\s+lục\s+{number}\b" if count > 1 and number else r"phụ\s+lục"
    if not re.search(wanted, body, re.IGNORECASE):
        result.fail(f"nội dung văn bản không nhắc đến {name}")
    following = next_lines(doc, heading, 3)
    title = following[0] if following else None
    if title is None or title.text.startswith("("):
        result.fail(f"{name} không có tên phụ lục")
    else:
        if not is_upper(effective_text(title, title.pieces)):
            result.fail(f"tên phụ lục {title.excerpt(30)} không viết in hoa")
        check_bold(title, result, "tên phụ lục")
        size_in([title], "ten-phu-luc", result, "tên phụ lục")
    attached = next((p for p in following if p.text.startswith("(Kèm theo")), None)
    if attached is None:
        result.fail(f"{name} không có dòng «(Kèm theo …)»")
        return
    missing = [part for part, pattern in ATTACHED_PARTS if not pattern.search(attached.text)]
    if missing:
        result.fail(f"dòng {attached.excerpt(40)} thiếu {', '.join(missing)}")
    ok, bad = all_runs([attached], lambda rp: rp.italic)
    if not ok:
        result.fail(f"dòng «(Kèm theo …)» của {name} không in nghiêng ở «{' '.join(bad)[:30]}»")
    size_in([attached], "kem-theo", result, f"dòng «(Kèm theo …)» của {name}")


ATTACHED_PARTS = (
    ("số, ký hiệu", re.compile(r"\bsố\b")),
    ("ngày ban hành", re.compile(r"\bngày\b")),
    ("cơ quan ban hành", re.compile(r"\bcủa\s+\w")),
)


def check_drafter(doc: Document) -> Finding:
    result = Result("nguoi-soan-thao")
    start = doc.index(doc.noi_nhan) + 1 if doc.noi_nhan is not None else len(doc.paras)
    found = [p for p in doc.paras[start : start + 40] if DRAFTER.match(p.text)]
    if not found:
        result.note("không ghi ký hiệu người soạn thảo (không bắt buộc)")
        return result.finding()
    size_in(found[:1], "nguoi-soan-thao", result, f"ký hiệu {found[0].excerpt(20)}")
    result.note(f"ký hiệu {found[0].excerpt(20)}, {size_text(sizes_of(found[:1]))}")
    return result.finding()
