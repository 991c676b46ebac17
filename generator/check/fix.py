"""`vanban check --sua`: a corrected copy of a .docx, for the faults with one right answer.

Page size and margins, font and colour everywhere, body text (size, first-line indent,
spacing, line spacing, justification), "Nơi nhận:" and its list, and page numbers hidden
on page 1. The copy is written beside the original under a new name (never over a file),
every other part of the package is copied byte for byte, and each change is told.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from generator.check import decree
from generator.check.package import open_package, w
from generator.check.rules import CHECKS
from generator.check.rules.base import MARGIN_NAMES, MARGIN_TOLERANCE_MM, fmt_mm, to_mm
from generator.check.rules.body import indent_ok, line_spacing_ok
from generator.check.rules.parts import (
    body_paragraphs,
    has_page_field,
    noi_nhan_items,
    section_has_table,
    section_part,
)
from generator.check.styles import TWIPS_PER_CM, TWIPS_PER_MM, twips
from generator.check.text import Document, Para, leading_tab, paragraphs_of
from generator.errors import OutputError
from generator.output.files import describe_os_error

FIXED_SUFFIX = "-da-sua"

# Schema order of the children we may add (ECMA-376 CT_RPr, CT_PPr, CT_SectPr).
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
SECT_ORDER = [
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
]
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_SLOTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


@dataclass
class Fixed:
    """What ``fix_docx`` did: the new file (None when nothing needed fixing) and the changes."""

    source: Path
    target: Path | None
    changes: list[str]


def child(parent: etree._Element, tag: str, order: list[str]) -> etree._Element:
    """The child ``tag`` of ``parent``, created at its place in the schema order if absent."""
    found = parent.find(w(tag))
    if found is not None:
        return found
    element = etree.Element(w(tag))
    rank = order.index(tag)
    for position, existing in enumerate(parent):
        name = etree.QName(existing).localname
        if name in order and order.index(name) > rank:
            parent.insert(position, element)
            return element
    parent.append(element)
    return element


def _props(owner: etree._Element, tag: str) -> etree._Element:
    """``w:rPr`` of a run or ``w:pPr`` of a paragraph, created first if absent."""
    found = owner.find(w(tag))
    if found is None:
        found = etree.Element(w(tag))
        owner.insert(0, found)
    return found


def _set_val(parent: etree._Element, tag: str, order: list[str], value: str | None) -> None:
    element = child(parent, tag, order)
    for name in list(element.attrib):
        del element.attrib[name]
    if value is not None:
        element.set(w("val"), value)


BODY_FIXES = {
    "cỡ chữ": f"cỡ chữ → {decree.BODY_SIZE:g}",
    "căn đều hai lề": "căn đều hai lề",
    "lùi đầu dòng": "lùi đầu dòng → 1,27 cm",
    "cách đoạn": f"cách đoạn → {decree.PARAGRAPH_GAP_PT:g} pt sau đoạn",
    "giãn dòng": "giãn dòng → dòng đơn",
}


class _Fixer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.changes: list[str] = []
        self.touched: set[str] = {doc.package.part_name}

    def run(self, failed: set[str]) -> list[str]:
        self.fix_pages()
        if failed & {"phong-chu", "mau-chu"}:
            self.fix_fonts_and_colour("phong-chu" in failed, "mau-chu" in failed)
        self.fix_body()
        self.fix_recipients()
        self.fix_first_page_number()
        return self.changes

    # ------------------------------------------------------------------ page

    def fix_pages(self) -> None:
        for index, section in enumerate(self.doc.sections):
            label = "" if len(self.doc.sections) == 1 else f" (phần {index + 1})"
            size = section.find(w("pgSz"))
            if size is None:
                size = child(section, "pgSz", SECT_ORDER)
            self._fix_size(index, size, label)
            self._fix_margins(child(section, "pgMar", SECT_ORDER), label)

    def _fix_size(self, index: int, size: etree._Element, label: str) -> None:
        width, height = twips(size.get(w("w"))), twips(size.get(w("h")))
        landscape = width > height and index > 0 and section_has_table(self.doc, index)
        short, long_ = (round(v * TWIPS_PER_MM) for v in decree.PAPER_MM)
        want = (long_, short) if landscape else (short, long_)
        if all(abs(to_mm(a) - to_mm(b)) <= 1.0 for a, b in zip((width, height), want, strict=True)):
            return
        size.set(w("w"), str(want[0]))
        size.set(w("h"), str(want[1]))
        if landscape:
            size.set(w("orient"), "landscape")
        elif w("orient") in size.attrib:
            del size.attrib[w("orient")]
        kind = "A4 ngang" if landscape else "A4 dọc"
        self.changes.append(
            f"Khổ giấy{label}: {fmt_mm(width)} × {fmt_mm(height)} → {kind} "
            f"{fmt_mm(want[0])} × {fmt_mm(want[1])}"
        )

    def _fix_margins(self, margins: etree._Element, label: str) -> None:
        for attr, (low, high) in decree.MARGINS_MM.items():
            value = abs(twips(margins.get(w(attr))))
            if attr == "left":
                value += twips(margins.get(w("gutter")))
            millimetres = to_mm(value)
            if low - MARGIN_TOLERANCE_MM <= millimetres <= high + MARGIN_TOLERANCE_MM:
                continue
            wanted = low if millimetres < low else high
            margins.set(w(attr), str(round(wanted * TWIPS_PER_MM)))
            if attr == "left":
                margins.set(w("gutter"), "0")
            self.changes.append(
                f"{MARGIN_NAMES[attr].capitalize()}{label}: {fmt_mm(value)} → {wanted:g} mm"
            )

    # ------------------------------------------------------------------ font, colour

    def _story_roots(self) -> list[tuple[str, etree._Element]]:
        """The document part and its headers and footers, by part name."""
        package = self.doc.package
        roots = [(package.part_name, package.document)]
        for _, part in self.doc.header_footer_parts():
            name = next(n for n, root in package.parsed.items() if root is part)
            roots.append((name, part))
        return roots

    def _roots(self) -> list[tuple[str, etree._Element]]:
        package = self.doc.package
        roots = self._story_roots()
        if package.styles_root is not None and package.styles_part:
            roots.append((package.styles_part, package.styles_root))
        return roots

    def _used_styles(self) -> list[etree._Element]:
        """The styles some text uses, with their basedOn ancestors, and the defaults."""
        sheet = self.doc.sheet
        ids = set(sheet.defaults.values())
        for _, root in self._story_roots():
            for tag in ("pStyle", "rStyle", "tblStyle"):
                ids.update(node.get(w("val"), "") for node in root.iter(w(tag)))
        used: dict[int, etree._Element] = {}
        for style_id in sorted(ids):
            for style in sheet.chain(style_id):
                used[id(style)] = style
        return list(used.values())

    def _style_rprs(self) -> list[etree._Element]:
        styles = self.doc.package.styles_root
        if styles is None:
            return []
        found = list(styles.iter(w("rPrDefault")))
        found += self._used_styles()
        return [rpr for element in found for rpr in element.iter(w("rPr"))]

    def fix_fonts_and_colour(self, font: bool, colour: bool) -> None:
        # (in the text, in styles) for fonts and for colours
        fonts, colours = [0, 0], [0, 0]
        for name, root in self._roots():
            where = 1 if name == self.doc.package.styles_part else 0
            before = fonts[where] + colours[where]
            rprs = self._style_rprs() if where else list(root.iter(w("rPr")))
            for rpr in rprs:
                fonts[where] += self._fix_font(rpr) if font else 0
                colours[where] += self._fix_colour(rpr) if colour else 0
            if fonts[where] + colours[where] > before:
                self.touched.add(name)
        if any(fonts):
            self.changes.append(f"Phông chữ: {_places(fonts)} → {decree.FONT}")
        if any(colours):
            self.changes.append(f"Màu chữ: {_places(colours)} → màu đen")

    @staticmethod
    def _fix_font(rpr: etree._Element) -> int:
        fonts = rpr.find(w("rFonts"))
        if fonts is None:
            return 0
        wrong = any(fonts.get(w(s)) not in (None, decree.FONT) for s in FONT_SLOTS) or any(
            fonts.get(w(s)) for s in THEME_SLOTS
        )
        if not wrong:
            return 0
        for slot in THEME_SLOTS:
            fonts.attrib.pop(w(slot), None)
        for slot in FONT_SLOTS:
            fonts.set(w(slot), decree.FONT)
        return 1

    @staticmethod
    def _fix_colour(rpr: etree._Element) -> int:
        colour = rpr.find(w("color"))
        if colour is None:
            return 0
        value = (colour.get(w("val")) or "auto").lower()
        if value in ("auto", "000000") and not colour.get(w("themeColor")):
            return 0
        for name in list(colour.attrib):
            del colour.attrib[name]
        colour.set(w("val"), "000000")
        return 1

    # ------------------------------------------------------------------ body

    def fix_body(self) -> None:
        counts = {
            "cỡ chữ": 0,
            "căn đều hai lề": 0,
            "lùi đầu dòng": 0,
            "cách đoạn": 0,
            "giãn dòng": 0,
        }
        for para in body_paragraphs(self.doc):
            for what in self._fix_body_paragraph(para):
                counts[what] += 1
        for what, count in counts.items():
            if count:
                self.changes.append(f"Nội dung: {BODY_FIXES[what]} ở {count} đoạn")

    def _fix_body_paragraph(self, para: Para) -> list[str]:
        done = []
        allowed = decree.SIZES["noi-dung"]
        runs = [piece.run for piece in para.visible_pieces()]
        if any(not allowed.holds(para.run_props(run).size()) for run in runs):
            half_points = str(round(decree.BODY_SIZE * 2))
            for run in runs:
                rpr = _props(run, "rPr")
                _set_val(rpr, "sz", RPR_ORDER, half_points)
                _set_val(rpr, "szCs", RPR_ORDER, half_points)
            done.append("cỡ chữ")
        ppr = _props(para.element, "pPr")
        if para.props.alignment not in ("both", "distribute"):
            _set_val(ppr, "jc", PPR_ORDER, "both")
            done.append("căn đều hai lề")
        if not para.props.numbered and not indent_ok(para.props.first_line_cm):
            indent = child(ppr, "ind", PPR_ORDER)
            indent.attrib.pop(w("hanging"), None)
            indent.attrib.pop(w("hangingChars"), None)
            indent.attrib.pop(w("firstLineChars"), None)
            indent.set(w("firstLine"), str(round(1.27 * TWIPS_PER_CM)))
            tab = leading_tab(para.element)
            if tab is not None:  # the Tab stood for the indent now set
                tab.getparent().remove(tab)
            done.append("lùi đầu dòng")
        spacing = child(ppr, "spacing", PPR_ORDER)
        after = twips(para.props.spacing("after")) / 20
        before = twips(para.props.spacing("before")) / 20
        if max(after, before) < decree.PARAGRAPH_GAP_PT:
            spacing.set(w("after"), str(round(decree.PARAGRAPH_GAP_PT * 20)))
            done.append("cách đoạn")
        elif para.props.contextual_spacing and not para.props.numbered:
            _set_val(ppr, "contextualSpacing", PPR_ORDER, "0")
            done.append("cách đoạn")
        sizes = [para.run_props(run).size() for run in runs] or [decree.BODY_SIZE]
        if not line_spacing_ok(para.props, max(sizes))[0]:
            spacing.set(w("line"), "240")
            spacing.set(w("lineRule"), "auto")
            done.append("giãn dòng")
        return done

    # ------------------------------------------------------------------ recipients

    def fix_recipients(self) -> None:
        para = self.doc.noi_nhan
        if para is None:
            return
        heading, items = noi_nhan_items(self.doc)
        changed = False
        for piece in para.visible_pieces(heading):
            props = para.run_props(piece.run)
            if not (props.bold and props.italic and decree.SIZES["noi-nhan"].holds(props.size())):
                rpr = _props(piece.run, "rPr")
                _set_val(rpr, "b", RPR_ORDER, None)
                _set_val(rpr, "i", RPR_ORDER, None)
                _set_val(rpr, "sz", RPR_ORDER, str(round(decree.SIZES["noi-nhan"].low * 2)))
                changed = True
        if changed:
            self.changes.append("«Nơi nhận:» → đậm, nghiêng, cỡ 12")
        fixed_items = 0
        for owner, line in items:
            for piece in owner.visible_pieces(line):
                props = owner.run_props(piece.run)
                allowed = decree.SIZES["danh-sach-noi-nhan"]
                if props.italic or not allowed.holds(props.size()):
                    rpr = _props(piece.run, "rPr")
                    _set_val(rpr, "i", RPR_ORDER, "0")
                    _set_val(rpr, "sz", RPR_ORDER, str(round(allowed.low * 2)))
                    fixed_items += 1
        if fixed_items:
            self.changes.append(f"Danh sách nơi nhận: {fixed_items} đoạn chữ → chữ đứng, cỡ 11")

    # ------------------------------------------------------------------ page numbers

    def fix_first_page_number(self) -> None:
        if not self.doc.sections:
            return
        section = self.doc.sections[0]
        default = section_part(self.doc, section, "header", "default")
        first = section_part(self.doc, section, "header", "first")
        if default is None or not has_page_field(default):
            return
        title_page = section.find(w("titlePg"))
        if title_page is None or title_page.get(w("val"), "1") in ("0", "false", "off"):
            _set_val(section, "titlePg", SECT_ORDER, None)
            self.changes.append("Số trang: không hiện ở trang 1 (chọn «trang đầu khác»)")
        if first is not None and has_page_field(first):
            for para in paragraphs_of(first, self.doc.sheet):
                for node in list(para.element):
                    if node.tag != w("pPr"):
                        para.element.remove(node)
            name = next(n for n, root in self.doc.package.parsed.items() if root is first)
            self.touched.add(name)
            self.changes.append("Số trang: xóa số trang ở đầu trang của trang 1")


def _places(counts: list[int]) -> str:
    text, styles = counts
    parts = [f"{text} chỗ trong văn bản"] if text else []
    parts += [f"{styles} kiểu (style)"] if styles else []
    return " và ".join(parts)


def fixed_name(path: Path) -> Path:
    """A free name beside ``path``: «X-da-sua.docx», else «X-da-sua-2.docx», …"""
    suffix = path.suffix or ".docx"  # a .docm stays a .docm: Word checks the content type
    candidate = path.with_name(f"{path.stem}{FIXED_SUFFIX}{suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}{FIXED_SUFFIX}-{number}{suffix}")
        number += 1
    return candidate


def fix_docx(path: Path) -> Fixed:
    """Write a corrected copy of ``path`` beside it; nothing is written when nothing changes.

    :raises DocxReadError: the file cannot be read (as for ``check_docx``).
    """
    path = Path(path)
    package = open_package(path)
    try:
        doc = Document(package)
        failed = {f.rule for f in (check(doc) for check in CHECKS) if not f.passed}
        fixer = _Fixer(doc)
        changes = fixer.run(failed)
        if not changes:
            return Fixed(path, None, [])
        roots = {name: root for name, root in fixer._roots() if name in fixer.touched}
        data = _repack(package.zip, roots)
    finally:
        package.close()
    target = fixed_name(path)
    try:
        with target.open("xb") as stream:  # "x": never over a file that appeared meanwhile
            stream.write(data)
    except OSError as error:
        if not isinstance(error, FileExistsError):
            target.unlink(missing_ok=True)
        raise OutputError(
            f"không ghi được bản sửa «{target.name}» cạnh tệp gốc: "
            f"{describe_os_error(error, target)}"
        ) from error
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return Fixed(path, target, changes)


def _repack(source: zipfile.ZipFile, parts: dict[str, etree._Element]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in parts:
                data = etree.tostring(
                    parts[info.filename], xml_declaration=True, encoding="UTF-8", standalone=True
                )
            else:
                data = source.read(info)
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = zipfile.ZIP_DEFLATED
            copy.external_attr = info.external_attr
            target.writestr(copy, data)
    return out.getvalue()
