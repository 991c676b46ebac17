"""`vanban check`: does a .docx follow the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I?

Works on any .docx (ours or typed by hand in Word). The parts of a document are found by
content and position (the quốc hiệu paragraph, a line starting "Số:", the place-date line,
"Nơi nhận:", the signer block), never by our templates' internals.

Formatting is resolved as Word resolves it, on the raw XML: direct run properties, then the
character style and its ``basedOn`` chain, then the paragraph style chain, then the table
style chain, then ``w:docDefaults``; bold and italic follow the toggle rule of styles; theme
fonts resolve through ``word/theme/theme1.xml``.

Decree references follow the structure of Phụ lục I: mục II (kỹ thuật trình bày văn bản:
1 khổ giấy, 3 định lề, 4 phông chữ, 5 cỡ chữ, 7 số trang) and mục III (các thành phần thể
thức: 1 quốc hiệu và tiêu ngữ, 2 tên cơ quan, 3 số và ký hiệu, 4 địa danh và thời gian,
5 tên loại và trích yếu, 6 nội dung, 7 chức vụ và họ tên người ký, 9 nơi nhận).
"""

from __future__ import annotations

import copy
import json
import math
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from lxml import etree

from generator.errors import VanbanError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag or attribute."""
    return f"{{{W_NS}}}{tag}"


ERROR = "lỗi"
ADVICE = "khuyến nghị"
TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_CM = TWIPS_PER_MM * 10
A4_TWIPS = (11906, 16838)
PAGE_TOLERANCE_MM = 1.0
MARGIN_TOLERANCE_MM = 0.2
WORD_FALLBACK_FONT = "Times New Roman"  # what Word uses when no font is declared anywhere
WORD_FALLBACK_HALF_POINTS = 20
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
QUOC_HIEU_OLD_ACCENT = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
AUTHORITY_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
# Phụ lục III: the few type abbreviations with lower-case letters.
MIXED_CASE_ABBREVIATIONS = {"QyĐ", "CTr", "TTr", "TTh"}


class DocxReadError(VanbanError):
    """The file given to `vanban check` cannot be read as a Word document.

    Kept here until errors.py grows an equivalent class (it has none for documents a user
    asks us to check rather than templates we render).
    """


@dataclass(frozen=True)
class Finding:
    """The outcome of one rule on one document."""

    rule: str
    title: str
    reference: str
    severity: str
    passed: bool
    found: str
    expected: str


@dataclass(frozen=True)
class RuleInfo:
    title: str
    reference: str
    expected: str


RULES: dict[str, RuleInfo] = {
    "kho-giay": RuleInfo(
        "Khổ giấy", "Phụ lục I, mục II.1", "A4 (210 × 297 mm), trình bày theo chiều dọc"
    ),
    "le-trang": RuleInfo(
        "Lề trang",
        "Phụ lục I, mục II.3",
        "lề trên 20–25 mm, lề dưới 20–25 mm, lề trái 30–35 mm, lề phải 15–20 mm",
    ),
    "phong-chu": RuleInfo(
        "Phông chữ",
        "Phụ lục I, mục II.4",
        "Times New Roman cho mọi chữ (thân văn bản, bảng, đầu trang, chân trang)",
    ),
    "mau-chu": RuleInfo("Màu chữ", "Phụ lục I, mục II.4", "màu đen"),
    "quoc-hieu": RuleInfo(
        "Quốc hiệu",
        "Phụ lục I, mục III.1",
        f"«{QUOC_HIEU}», chữ in hoa, đứng, đậm, cỡ 12–13",
    ),
    "tieu-ngu": RuleInfo(
        "Tiêu ngữ",
        "Phụ lục I, mục III.1",
        f"«{TIEU_NGU}», chữ đứng, đậm, cỡ 13–14, có đường kẻ ngang nét liền bên dưới",
    ),
    "co-quan-ban-hanh": RuleInfo(
        "Tên cơ quan ban hành",
        "Phụ lục I, mục III.2",
        "tên cơ quan ban hành chữ in hoa, đứng, đậm; tên cơ quan chủ quản (nếu có) không đậm",
    ),
    "so-ky-hieu": RuleInfo(
        "Số, ký hiệu văn bản",
        "Phụ lục I, mục III.3",
        "«Số: 05/BC-SKHCN»: số có số 0 ở trước nếu nhỏ hơn 10 (để trống khi là dự thảo), "
        "dấu «/» giữa số và ký hiệu, dấu «-» trong ký hiệu, không có dấu cách",
    ),
    "dia-danh-ngay": RuleInfo(
        "Địa danh và thời gian ban hành",
        "Phụ lục I, mục III.4",
        "«Sơn La, ngày 05 tháng 02 năm 2026», chữ nghiêng; số 0 trước ngày 1–9 và "
        "tháng 1, 2 (không thêm số 0 cho tháng 3–12)",
    ),
    "ten-loai-trich-yeu": RuleInfo(
        "Tên loại và trích yếu nội dung",
        "Phụ lục I, mục III.5",
        "tên loại chữ in hoa, đậm, căn giữa; trích yếu đậm, căn giữa; công văn: dòng «V/v …» "
        "dưới số, ký hiệu và dòng «Kính gửi: …»",
    ),
    "noi-dung": RuleInfo(
        "Nội dung văn bản",
        "Phụ lục I, mục III.6",
        "cỡ chữ 13–14, căn đều hai lề, thụt đầu dòng 1–1,27 cm, cách đoạn tối thiểu 6 pt, "
        "giãn dòng từ đơn (single) đến 1,5 dòng",
    ),
    "noi-nhan": RuleInfo(
        "Nơi nhận",
        "Phụ lục I, mục III.9",
        "«Nơi nhận:» đậm nghiêng cỡ 12; mỗi nơi nhận một dòng cỡ 11, chữ đứng, bắt đầu bằng "
        "«- », kết thúc bằng «;», dòng cuối «- Lưu: VT, …» kết thúc bằng dấu chấm",
    ),
    "chuc-vu-nguoi-ky": RuleInfo(
        "Quyền hạn, chức vụ và họ tên người ký",
        "Phụ lục I, mục III.7",
        "chức vụ chữ in hoa, đậm (viết tắt quyền hạn TM., KT., Q., TL., TUQ.); họ tên người "
        "ký chữ đậm",
    ),
    "so-trang": RuleInfo(
        "Số trang",
        "Phụ lục I, mục II.7",
        "số trang (trường PAGE) ở giữa lề trên; trang 1 không đánh số "
        "(trang đầu có đầu trang riêng, để trống)",
    ),
}


# --------------------------------------------------------------------------- reading


@dataclass
class _Package:
    path: Path
    document: etree._Element
    styles: StyleSheet
    part_name: str
    zip: zipfile.ZipFile
    rels: dict[str, str]

    def part(self, rel_id: str) -> etree._Element | None:
        target = self.rels.get(rel_id)
        if target is None:
            return None
        return _read_xml(self.zip, target, self.path, required=False)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


def _read_xml(
    archive: zipfile.ZipFile, name: str, path: Path, *, required: bool = True
) -> etree._Element | None:
    try:
        data = archive.read(name)
    except KeyError:
        if required:
            raise DocxReadError(
                f"Tệp «{path.name}» không phải văn bản Word hợp lệ: thiếu phần «{name}»."
            ) from None
        return None
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocxReadError(f"Tệp «{path.name}» bị hỏng, không đọc được ({exc}).") from exc
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocxReadError(
            f"Tệp «{path.name}» bị hỏng: phần «{name}» không đọc được ({exc.msg})."
        ) from exc


def _relationships(
    archive: zipfile.ZipFile, source_part: str, path: Path
) -> list[tuple[str, str, str]]:
    """(id, type, absolute part name) of each internal relationship of a part."""
    folder, name = posixpath.split(source_part)
    root = _read_xml(archive, posixpath.join(folder, "_rels", f"{name}.rels"), path, required=False)
    if root is None:
        return []
    found = []
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        absolute = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.append((rel.get("Id", ""), rel.get("Type", ""), posixpath.normpath(absolute)))
    return found


def _open_package(path: Path) -> _Package:
    if not path.exists():
        raise DocxReadError(f"Không tìm thấy tệp «{path}».")
    if not path.is_file():
        raise DocxReadError(f"«{path}» là thư mục, không phải tệp văn bản .docx.")
    if not zipfile.is_zipfile(path):
        raise DocxReadError(
            f"Tệp «{path.name}» không phải văn bản Word .docx (có thể là tệp .doc cũ, PDF "
            "hoặc tệp bị hỏng). Hãy mở bằng Word và lưu lại dưới dạng .docx."
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocxReadError(f"Tệp «{path.name}» bị hỏng, không đọc được ({exc}).") from exc
    main = next(
        (target for _, kind, target in _relationships(archive, "", path) if kind == OFFICE_DOC_REL),
        "word/document.xml",
    )
    document = _read_xml(archive, main, path)
    assert document is not None
    if document.tag != w("document"):
        raise DocxReadError(f"Tệp «{path.name}» không phải văn bản Word (.docx).")
    rels = _relationships(archive, main, path)
    styles_root = theme_root = None
    for _, kind, target in rels:
        if kind == STYLES_REL:
            styles_root = _read_xml(archive, target, path, required=False)
        elif kind == THEME_REL:
            theme_root = _read_xml(archive, target, path, required=False)
    return _Package(
        path=path,
        document=document,
        styles=StyleSheet(styles_root, theme_root),
        part_name=main,
        zip=archive,
        rels={rid: target for rid, _, target in rels},
    )


# --------------------------------------------------------------------------- styles


def _on(element: etree._Element | None) -> bool | None:
    """Value of an on/off property element (``<w:b/>``, ``<w:b w:val="0"/>``), None if absent."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class Layer:
    """One level of the style hierarchy: a property element and where it came from."""

    props: etree._Element
    source: str


class StyleSheet:
    """styles.xml and the theme fonts, with Word's resolution order for run/paragraph props."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.defaults: dict[str, str] = {}
        self.rpr_default: etree._Element | None = None
        self.ppr_default: etree._Element | None = None
        if styles is not None:
            for style in styles.iter(w("style")):
                style_id = style.get(w("styleId"), "")
                self.by_id[style_id] = style
                if style.get(w("default")) in ("1", "true", "on"):
                    self.defaults.setdefault(style.get(w("type"), "paragraph"), style_id)
            self.rpr_default = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
            self.ppr_default = styles.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
        self.theme_fonts = _theme_fonts(theme)

    def name(self, style_id: str) -> str:
        style = self.by_id.get(style_id)
        name = style.find(w("name")) if style is not None else None
        return name.get(w("val"), style_id) if name is not None else style_id

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and its basedOn ancestors, nearest first (cycles cut)."""
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def _style_layers(self, style_id: str | None, child: str, kind: str) -> list[Layer]:
        layers = []
        for style in self.chain(style_id):
            props = style.find(w(child))
            if props is not None:
                label = f"kiểu {kind} «{self.name(style.get(w('styleId'), ''))}»"
                layers.append(Layer(props, label))
        return layers

    def paragraph_style_id(self, p: etree._Element) -> str | None:
        ref = p.find(f"{w('pPr')}/{w('pStyle')}")
        return ref.get(w("val")) if ref is not None else self.defaults.get("paragraph")

    def table_style_id(self, p: etree._Element) -> str | None:
        table = next(p.iterancestors(w("tbl")), None)
        if table is None:
            return None
        ref = table.find(f"{w('tblPr')}/{w('tblStyle')}")
        return ref.get(w("val")) if ref is not None else self.defaults.get("table")

    def run_groups(self, p: etree._Element, r: etree._Element) -> list[list[Layer]]:
        """Run property layers grouped by hierarchy level, highest priority first:
        direct, character style, paragraph style, table style, document defaults."""
        direct = r.find(w("rPr"))
        char_ref = direct.find(w("rStyle")) if direct is not None else None
        char_id = char_ref.get(w("val")) if char_ref is not None else self.defaults.get("character")
        groups = [
            [Layer(direct, "định dạng trực tiếp")] if direct is not None else [],
            self._style_layers(char_id, "rPr", "ký tự"),
            self._style_layers(self.paragraph_style_id(p), "rPr", "đoạn"),
            self._style_layers(self.table_style_id(p), "rPr", "bảng"),
            [Layer(self.rpr_default, "mặc định của tài liệu")]
            if self.rpr_default is not None
            else [],
        ]
        return groups

    def paragraph_layers(self, p: etree._Element) -> list[Layer]:
        direct = p.find(w("pPr"))
        layers = [Layer(direct, "định dạng trực tiếp")] if direct is not None else []
        layers += self._style_layers(self.paragraph_style_id(p), "pPr", "đoạn")
        layers += self._style_layers(self.table_style_id(p), "pPr", "bảng")
        if self.ppr_default is not None:
            layers.append(Layer(self.ppr_default, "mặc định của tài liệu"))
        return layers


def _theme_fonts(theme: etree._Element | None) -> dict[str, str]:
    fonts: dict[str, str] = {}
    if theme is None:
        return fonts
    for major_minor in ("major", "minor"):
        scheme = theme.find(f".//{{{A_NS}}}{major_minor}Font")
        if scheme is None:
            continue
        for slot, child in (("HAnsi", "latin"), ("Ascii", "latin"), ("EastAsia", "ea")):
            element = scheme.find(f"{{{A_NS}}}{child}")
            fonts[f"{major_minor}{slot}"] = (
                element.get("typeface", "") if element is not None else ""
            )
        element = scheme.find(f"{{{A_NS}}}cs")
        fonts[f"{major_minor}Bidi"] = element.get("typeface", "") if element is not None else ""
    return fonts


@dataclass(frozen=True)
class Resolved:
    value: object
    source: str


TOGGLES = ("b", "i", "caps", "vanish")


class RunProps:
    """Effective properties of one run, resolved as Word does."""

    def __init__(self, sheet: StyleSheet, p: etree._Element, r: etree._Element) -> None:
        self.sheet = sheet
        self.groups = sheet.run_groups(p, r)
        self.layers = [layer for group in self.groups for layer in group]

    def _first(self, tag: str) -> tuple[etree._Element, str] | None:
        for layer in self.layers:
            element = layer.props.find(w(tag))
            if element is not None:
                return element, layer.source
        return None

    def toggle(self, tag: str) -> bool:
        direct, char, para, table, defaults = self.groups
        for layer in direct:
            value = _on(layer.props.find(w(tag)))
            if value is not None:
                return value
        state = bool(defaults and _on(defaults[0].props.find(w(tag))))
        for group in (table, para, char):
            # within one style's basedOn chain the nearest definition wins; across
            # table, paragraph and character styles a "true" flips the state.
            for layer in group:
                value = _on(layer.props.find(w(tag)))
                if value is not None:
                    if value:
                        state = not state
                    break
        return state

    @property
    def bold(self) -> bool:
        return self.toggle("b")

    @property
    def italic(self) -> bool:
        return self.toggle("i")

    @property
    def caps(self) -> bool:
        return self.toggle("caps")

    @property
    def hidden(self) -> bool:
        return self.toggle("vanish")

    def size(self, complex_script: bool = False) -> float:
        tag = "szCs" if complex_script else "sz"
        found = self._first(tag)
        if found is None:
            return WORD_FALLBACK_HALF_POINTS / 2
        try:
            return int(found[0].get(w("val"), WORD_FALLBACK_HALF_POINTS)) / 2
        except ValueError:
            return WORD_FALLBACK_HALF_POINTS / 2

    def font(self, slot: str) -> Resolved:
        """Font of one rFonts slot: ascii, hAnsi, eastAsia or cs."""
        theme_attr = "cstheme" if slot == "cs" else f"{slot}Theme"
        for layer in self.layers:
            fonts = layer.props.find(w("rFonts"))
            if fonts is None:
                continue
            theme = fonts.get(w(theme_attr))
            if theme:
                typeface = self.sheet.theme_fonts.get(theme, "")
                return Resolved(
                    typeface or "(phông chủ đề trống)", f"{layer.source}, phông chủ đề {theme}"
                )
            name = fonts.get(w(slot))
            if name:
                return Resolved(name, layer.source)
        return Resolved(WORD_FALLBACK_FONT, "mặc định của Word")

    def colour(self) -> Resolved:
        found = self._first("color")
        if found is None:
            return Resolved("auto", "mặc định")
        element, source = found
        if element.get(w("themeColor")) in ("text1", "dark1") and not (
            element.get(w("themeTint")) or element.get(w("themeShade"))
        ):
            return Resolved("000000", source)
        if element.get(w("themeColor")):
            return Resolved(f"màu chủ đề {element.get(w('themeColor'))}", source)
        return Resolved(element.get(w("val"), "auto"), source)

    def underline(self) -> bool:
        found = self._first("u")
        return found is not None and found[0].get(w("val"), "single") != "none"


class ParaProps:
    """Effective paragraph properties, resolved attribute by attribute."""

    def __init__(self, sheet: StyleSheet, p: etree._Element) -> None:
        self.layers = sheet.paragraph_layers(p)

    def attr(self, tag: str, *names: str) -> dict[str, str]:
        """Attributes of the first layer that sets any of ``names`` on ``tag``."""
        for layer in self.layers:
            element = layer.props.find(w(tag))
            if element is None:
                continue
            values = {name: element.get(w(name)) for name in names if element.get(w(name))}
            if values:
                return values
        return {}

    @property
    def alignment(self) -> str:
        return self.attr("jc", "val").get("val", "left")

    @property
    def first_line_cm(self) -> float:
        values = self.attr("ind", "firstLine", "hanging")
        if "hanging" in values:
            return -_twips(values["hanging"]) / TWIPS_PER_CM
        return _twips(values.get("firstLine", "0")) / TWIPS_PER_CM

    def spacing(self, name: str) -> str | None:
        return self.attr("spacing", name).get(name)

    @property
    def numbered(self) -> bool:
        return any(layer.props.find(w("numPr")) is not None for layer in self.layers)

    def bottom_border(self) -> bool:
        for layer in self.layers:
            borders = layer.props.find(w("pBdr"))
            if borders is not None and borders.find(w("bottom")) is not None:
                return borders.find(w("bottom")).get(w("val")) not in ("nil", "none")
        return False


def _twips(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError:
        return 0.0


# --------------------------------------------------------------------------- text model


@dataclass
class Piece:
    """Visible text of one run (or a line break: text "\\n")."""

    run: etree._Element
    text: str


class Para:
    """One paragraph with its visible text and the runs that carry it."""

    def __init__(self, element: etree._Element, sheet: StyleSheet) -> None:
        self.element = element
        self.sheet = sheet
        self.pieces = list(_pieces(element))
        self.text = _normalise("".join(piece.text for piece in self.pieces))
        self.cell = next(element.iterancestors(w("tc")), None)
        self._props: ParaProps | None = None

    @property
    def props(self) -> ParaProps:
        if self._props is None:
            self._props = ParaProps(self.sheet, self.element)
        return self._props

    def run_props(self, run: etree._Element) -> RunProps:
        return RunProps(self.sheet, self.element, run)

    def lines(self) -> list[list[Piece]]:
        """Pieces split at line breaks."""
        lines: list[list[Piece]] = [[]]
        for piece in self.pieces:
            if piece.text == "\n":
                lines.append([])
            else:
                lines[-1].append(piece)
        return lines

    def line_views(self) -> list[Para]:
        """One view per non-empty line (a hand-typed block often uses line breaks)."""
        views = []
        for line in self.lines():
            text = _normalise("".join(piece.text for piece in line))
            if text:
                view = copy.copy(self)
                view.pieces, view.text = line, text
                views.append(view)
        return views

    def line_containing(self, needle: str) -> Para:
        """The view of the line whose upper-cased text holds ``needle`` (else the paragraph)."""
        return next((v for v in self.line_views() if needle in _fold(v.text)), self)

    def visible_pieces(self, pieces: Iterable[Piece] | None = None) -> list[Piece]:
        source = self.pieces if pieces is None else pieces
        return [piece for piece in source if piece.text.strip() and piece.text != "\n"]

    def excerpt(self, limit: int = 50) -> str:
        text = self.text.replace("\n", " ")
        return f"«{text[:limit]}…»" if len(text) > limit else f"«{text}»"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))


def _own(element: etree._Element, p: etree._Element) -> bool:
    """Whether ``element`` belongs to ``p`` itself, not to a text box nested in it."""
    return next(element.iterancestors(w("p")), None) is p and not _in_fallback(element)


def _in_fallback(element: etree._Element) -> bool:
    return any(a.tag == f"{{{MC_NS}}}Fallback" for a in element.iterancestors())


def _pieces(p: etree._Element) -> Iterator[Piece]:
    for run in p.iter(w("r")):
        if not _own(run, p) or any(a.tag == w("del") for a in run.iterancestors()):
            continue
        for child in run:
            if child.tag == w("t") and child.text:
                yield Piece(run, child.text)
            elif child.tag == w("tab"):
                yield Piece(run, " ")
            elif child.tag in (w("br"), w("cr")) and child.get(w("type")) in (None, "textWrapping"):
                yield Piece(run, "\n")


def _paragraphs(root: etree._Element, sheet: StyleSheet) -> list[Para]:
    return [Para(p, sheet) for p in root.iter(w("p")) if not _in_fallback(p)]


# --------------------------------------------------------------------------- the document


class Document:
    """The parts of a document that the rules look at, found by content and position."""

    def __init__(self, package: _Package) -> None:
        self.package = package
        self.sheet = package.styles
        body = package.document.find(w("body"))
        self.body = body if body is not None else package.document
        self.paras = _paragraphs(self.body, self.sheet)
        self.sections = [
            s
            for s in self.body.iter(w("sectPr"))
            if not any(a.tag == w("sectPr") for a in s.iterancestors())
        ]
        self.quoc_hieu = self._find(
            lambda p: "CỘNG HÒA XÃ HỘI" in _fold(p.text) or "CỘNG HOÀ XÃ HỘI" in _fold(p.text)
        )
        self.header_table = (
            next(self.quoc_hieu.element.iterancestors(w("tbl")), None) if self.quoc_hieu else None
        )
        start = self.index(self.quoc_hieu) if self.quoc_hieu else 0
        self.tieu_ngu = self._find(lambda p: "ĐỘC LẬP" in _fold(p.text), start, start + 4)
        self.so = self._find_header(lambda p: SO_LOCATOR.match(p.text) is not None)
        self.date = self._find_header(lambda p: DATE_LOCATOR.search(p.text) is not None)
        self.vv = self._find_header(
            lambda p: re.match(r"^V/v\b", p.text, re.IGNORECASE) is not None
        )
        self.noi_nhan = self._find(lambda p: re.match(r"^Nơi nhận\s*:?", p.text) is not None)
        self.kinh_gui = self._find(lambda p: p.text.startswith("Kính gửi"))

    def index(self, para: Para) -> int:
        return next(i for i, p in enumerate(self.paras) if p is para)

    def _find(self, test, start: int = 0, stop: int | None = None) -> Para | None:
        return next((p for p in self.paras[start:stop] if p.text and test(p)), None)

    def _find_header(self, test) -> Para | None:
        """First match, preferring the header table, else before "Nơi nhận"."""
        if self.header_table is not None:
            for p in self.paras:
                if p.text and test(p) and self.header_table in list(p.element.iterancestors()):
                    return p
        return self._find(test, 0, 40)

    def after_header(self) -> list[Para]:
        """Non-empty top-level paragraphs after the header block."""
        anchors = [p for p in (self.quoc_hieu, self.tieu_ngu, self.so, self.date, self.vv) if p]
        if not anchors:
            return []
        last = max(self.index(p) for p in anchors)
        if self.header_table is not None:
            last = max(
                [last]
                + [
                    i
                    for i, p in enumerate(self.paras)
                    if self.header_table in list(p.element.iterancestors())
                ]
            )
        return [p for p in self.paras[last + 1 :] if p.text and p.cell is None]

    def header_footer_parts(self) -> Iterator[tuple[str, etree._Element]]:
        seen: set[str] = set()
        for section in self.sections:
            for ref in section:
                if ref.tag not in (w("headerReference"), w("footerReference")):
                    continue
                rel_id = ref.get(f"{{{R_NS}}}id", "")
                if rel_id in seen:
                    continue
                seen.add(rel_id)
                part = self.package.part(rel_id)
                if part is not None:
                    label = "đầu trang" if ref.tag == w("headerReference") else "chân trang"
                    yield label, part


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).upper()


SO_LOCATOR = re.compile(r"^Số(\s*:|\s+\d|\s*/)")
DATE_LOCATOR = re.compile(r",\s*ngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)


def _effective_text(para: Para, pieces: Iterable[Piece]) -> str:
    """Text as displayed, with the caps property applied."""
    out = []
    for piece in pieces:
        out.append(piece.text.upper() if para.run_props(piece.run).caps else piece.text)
    return _normalise("".join(out))


def _all_runs(paras: Iterable[Para], predicate) -> tuple[bool, list[str]]:
    """Whether every visible run satisfies ``predicate``; describe the failing ones."""
    bad = []
    for para in paras:
        for piece in para.visible_pieces():
            if not predicate(para.run_props(piece.run)):
                bad.append(piece.text.strip())
    return not bad, bad


def _sizes(paras: Iterable[Para]) -> list[float]:
    return sorted(
        {para.run_props(piece.run).size() for para in paras for piece in para.visible_pieces()}
    )


def _fmt_pt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _size_text(sizes: list[float]) -> str:
    return "cỡ " + ", ".join(_fmt_pt(s) for s in sizes) if sizes else "không có chữ"


# --------------------------------------------------------------------------- rules


class _Result:
    """Collects problems of one rule; the finding's severity is the worst failure's."""

    def __init__(self, rule: str) -> None:
        self.rule = rule
        self.errors: list[str] = []
        self.advice: list[str] = []
        self.notes: list[str] = []

    def fail(self, text: str, severity: str = ERROR) -> None:
        (self.errors if severity == ERROR else self.advice).append(text)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def finding(self, *, base_severity: str = ERROR) -> Finding:
        info = RULES[self.rule]
        passed = not self.errors and not self.advice
        if self.errors:
            severity = ERROR
        elif self.advice:
            severity = ADVICE
        else:
            severity = base_severity
        found = "; ".join(self.errors + self.advice) if not passed else "; ".join(self.notes)
        return Finding(
            rule=self.rule,
            title=info.title,
            reference=info.reference,
            severity=severity,
            passed=passed,
            found=found or "đúng quy định",
            expected=info.expected,
        )


def _mm(twips: float) -> float:
    return twips / TWIPS_PER_MM


def _fmt_mm(twips: float) -> str:
    value = round(_mm(twips), 1)
    return f"{value:g}".replace(".", ",") + " mm"


def _section_label(doc: Document, index: int) -> str:
    return "" if len(doc.sections) == 1 else f"phần {index + 1}: "


def check_page_size(doc: Document) -> Finding:
    result = _Result("kho-giay")
    if not doc.sections:
        result.fail("không khai báo khổ giấy (Word dùng khổ mặc định của máy)")
    for index, section in enumerate(doc.sections):
        label = _section_label(doc, index)
        size = section.find(w("pgSz"))
        if size is None:
            result.fail(f"{label}không khai báo khổ giấy")
            continue
        width, height = _twips(size.get(w("w"))), _twips(size.get(w("h")))
        text = f"{_fmt_mm(width)} × {_fmt_mm(height)}"
        short, long_ = sorted((width, height))
        is_a4 = all(
            abs(_mm(actual) - _mm(expected)) <= PAGE_TOLERANCE_MM
            for actual, expected in zip((short, long_), A4_TWIPS, strict=True)
        )
        if not is_a4:
            result.fail(f"{label}khổ {text}{_paper_name(short, long_)}")
        elif width > height:
            if index == 0:
                result.fail(f"{label}khổ A4 nằm ngang ({text})")
            else:
                result.note(f"{label}A4 ngang ({text}), được phép cho phần có bảng biểu")
        else:
            result.note(f"{label}A4 dọc {text}")
    return result.finding()


def _paper_name(short: float, long_: float) -> str:
    if abs(_mm(short) - 215.9) <= 1 and abs(_mm(long_) - 279.4) <= 1:
        return " (khổ Letter)"
    if abs(_mm(short) - 215.9) <= 1 and abs(_mm(long_) - 355.6) <= 1:
        return " (khổ Legal)"
    return ""


MARGIN_RANGES = (
    ("top", "lề trên", 20, 25),
    ("bottom", "lề dưới", 20, 25),
    ("left", "lề trái", 30, 35),
    ("right", "lề phải", 15, 20),
)


def check_margins(doc: Document) -> Finding:
    result = _Result("le-trang")
    for index, section in enumerate(doc.sections):
        label = _section_label(doc, index)
        margins = section.find(w("pgMar"))
        if margins is None:
            result.fail(f"{label}không khai báo lề trang")
            continue
        values = []
        for attr, name, low, high in MARGIN_RANGES:
            twips = abs(_twips(margins.get(w(attr))))
            if attr == "left":
                twips += _twips(margins.get(w("gutter")))
            mm = _mm(twips)
            text = f"{name} {_fmt_mm(twips)}"
            values.append(text)
            if not low - MARGIN_TOLERANCE_MM <= mm <= high + MARGIN_TOLERANCE_MM:
                result.fail(f"{label}{text} (cần {low}–{high} mm)")
        result.note(label + ", ".join(values))
    if not doc.sections:
        result.fail("không khai báo lề trang")
    return result.finding()


def _story_paragraphs(doc: Document) -> Iterator[tuple[str, Para]]:
    for para in doc.paras:
        yield ("bảng" if para.cell is not None else "thân văn bản"), para
    for label, part in doc.header_footer_parts():
        for para in _paragraphs(part, doc.sheet):
            yield label, para


def _script_slot(char: str, hint: str | None) -> str:
    code = ord(char)
    if 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF:
        return "eastAsia"
    if 0x0590 <= code <= 0x08FF:
        return "cs"
    if code < 0x80:
        return "ascii"
    return "eastAsia" if hint == "eastAsia" and 0x2000 <= code <= 0x2BFF else "hAnsi"


def check_fonts(doc: Document) -> Finding:
    result = _Result("phong-chu")
    wrong: dict[str, list[str]] = {}
    count = 0
    for where, para in _story_paragraphs(doc):
        for piece in para.visible_pieces():
            props = para.run_props(piece.run)
            if props.hidden:
                continue
            count += 1
            fonts_el = piece.run.find(f"{w('rPr')}/{w('rFonts')}")
            hint = fonts_el.get(w("hint")) if fonts_el is not None else None
            complex_run = piece.run.find(f"{w('rPr')}/{w('cs')}") is not None or (
                piece.run.find(f"{w('rPr')}/{w('rtl')}") is not None
            )
            slots = {"cs"} if complex_run else {_script_slot(c, hint) for c in piece.text.strip()}
            keys = set()
            for slot in slots:
                font = props.font(slot)
                if font.value != "Times New Roman":
                    keys.add(f"{font.value} ({font.source})")
            for key in keys:
                wrong.setdefault(key, []).append(f"{where} «{piece.text.strip()[:30]}»")
    for key, places in sorted(wrong.items()):
        result.fail(f"phông {key} ở {len(places)} đoạn chữ, ví dụ {places[0]}")
    result.note(f"Times New Roman ở cả {count} đoạn chữ")
    return result.finding()


def check_colour(doc: Document) -> Finding:
    result = _Result("mau-chu")
    wrong: dict[str, list[str]] = {}
    for where, para in _story_paragraphs(doc):
        for piece in para.visible_pieces():
            colour = para.run_props(piece.run).colour()
            if str(colour.value).lower() not in ("auto", "000000"):
                key = f"{colour.value} ({colour.source})"
                wrong.setdefault(key, []).append(f"{where} «{piece.text.strip()[:30]}»")
    for key, places in sorted(wrong.items()):
        result.fail(f"màu {key} ở {len(places)} đoạn chữ, ví dụ {places[0]}")
    result.note("chữ màu đen")
    return result.finding()


def _size_in(paras: list[Para], low: float, high: float, result: _Result, what: str) -> None:
    sizes = _sizes(paras)
    if any(not low <= s <= high for s in sizes):
        result.fail(f"{what} {_size_text(sizes)} (cần {_fmt_pt(low)}–{_fmt_pt(high)})")


def _check_bold(para: Para, result: _Result, what: str, want: bool = True) -> None:
    ok, bad = _all_runs([para], lambda rp: rp.bold == want)
    if not ok:
        state = "không đậm" if want else "in đậm"
        result.fail(f"{what} {state} ở «{' '.join(bad)[:40]}»")


def _check_upright(para: Para, result: _Result, what: str, severity: str = ERROR) -> None:
    ok, bad = _all_runs([para], lambda rp: not rp.italic)
    if not ok:
        result.fail(f"{what} in nghiêng ở «{' '.join(bad)[:40]}»", severity)


def check_quoc_hieu(doc: Document) -> Finding:
    result = _Result("quoc-hieu")
    if doc.quoc_hieu is None:
        result.fail("không tìm thấy quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»")
        return result.finding()
    para = doc.quoc_hieu.line_containing("XÃ HỘI")
    shown = _effective_text(para, para.pieces).replace("\n", " ")
    if shown == QUOC_HIEU_OLD_ACCENT:
        result.fail("viết «HOÀ» (bỏ dấu kiểu cũ), nên viết «HÒA»", ADVICE)
    elif shown != QUOC_HIEU:
        if shown.upper() in (QUOC_HIEU, QUOC_HIEU_OLD_ACCENT):
            result.fail(f"không viết in hoa: «{para.text}»")
        else:
            result.fail(f"nội dung «{para.text}»")
    _check_bold(para, result, "quốc hiệu")
    _check_upright(para, result, "quốc hiệu")
    _size_in([para], 12, 13, result, "quốc hiệu")
    result.note(f"«{para.text}», đậm, {_size_text(_sizes([para]))}")
    return result.finding()


def _has_line_shape(element: etree._Element) -> bool:
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag == f"{{{A_NS}}}prstGeom" and node.get("prst") in (
            "line",
            "straightConnector1",
        ):
            return True
        if node.tag == f"{{{V_NS}}}line":
            return True
        if node.tag == f"{{{V_NS}}}shape" and (
            node.get("type") == "#_x0000_t32"
            or node.get("{urn:schemas-microsoft-com:office:office}connectortype")
        ):
            return True
    return False


def _rule_under(doc: Document, para: Para, stop: Para | None) -> str | None:
    """How a rule is drawn under ``para``, or None: its bottom border, a following empty
    paragraph with a border, or a line shape in it or in the next paragraphs of its cell."""
    if para.props.bottom_border():
        return "viền dưới của đoạn"
    if _has_line_shape(para.element):
        return "đường kẻ vẽ"
    start = doc.index(para) + 1
    for other in doc.paras[start : start + 3]:
        if other is stop or other.cell is not para.cell or (other.text and para.cell is None):
            break
        if not other.text and other.props.bottom_border():
            return "viền dưới của đoạn trống kế tiếp"
        if _has_line_shape(other.element):
            return "đường kẻ vẽ"
        if other.text:
            break
    return None


def check_tieu_ngu(doc: Document) -> Finding:
    result = _Result("tieu-ngu")
    if doc.tieu_ngu is None:
        result.fail("không tìm thấy tiêu ngữ «Độc lập - Tự do - Hạnh phúc» dưới quốc hiệu")
        return result.finding()
    para = doc.tieu_ngu.line_containing("ĐỘC LẬP")
    if para.text != TIEU_NGU:
        if re.sub(r"\s*[–—-]\s*", " - ", para.text) == TIEU_NGU:
            result.fail(f"dấu gạch nối sai: «{para.text}» (cần dấu «-» và một dấu cách hai bên)")
        else:
            result.fail(f"nội dung «{para.text}»")
    _check_bold(para, result, "tiêu ngữ")
    _check_upright(para, result, "tiêu ngữ")
    _size_in([para], 13, 14, result, "tiêu ngữ")
    how = _rule_under(doc, doc.tieu_ngu, doc.date)
    if how is None:
        if _all_runs([para], lambda rp: rp.underline())[0]:
            result.fail("dùng gạch chân chữ thay cho đường kẻ ngang bên dưới", ADVICE)
        else:
            result.fail("không có đường kẻ ngang dưới tiêu ngữ")
    result.note(f"«{para.text}», đậm, {_size_text(_sizes([para]))}, đường kẻ: {how}")
    return result.finding()


def _is_upper(text: str) -> bool:
    return text == text.upper() and any(c.isalpha() for c in text)


def check_issuing_body(doc: Document) -> Finding:
    result = _Result("co-quan-ban-hanh")
    if doc.quoc_hieu is None or doc.quoc_hieu.cell is None:
        result.fail("không tìm thấy bảng đầu văn bản (tên cơ quan bên trái, quốc hiệu bên phải)")
        return result.finding()
    row = doc.quoc_hieu.cell.getparent()
    cells = [c for c in row if c.tag == w("tc")]
    position = cells.index(doc.quoc_hieu.cell)
    if position == 0:
        result.fail("không có ô tên cơ quan bên trái quốc hiệu")
        return result.finding()
    left = cells[0]
    lines: list[Para] = []
    for para in doc.paras:
        if para.cell is not left or not para.text:
            continue
        if para is doc.so or para is doc.vv or SO_LOCATOR.match(para.text):
            break
        if re.fullmatch(r"[-_–—.\s]+", para.text):
            continue
        lines.append(para)
    if not lines:
        result.fail("không tìm thấy tên cơ quan ban hành")
        return result.finding()
    parent: list[Para] = []
    if len(lines) > 1 and not _all_runs([lines[0]], lambda rp: rp.bold)[0]:
        parent, lines = lines[:1], lines[1:]
    name = " ".join(p.text for p in lines)
    for para in lines:
        _check_bold(para, result, "tên cơ quan ban hành")
        if not _is_upper(_effective_text(para, para.pieces)):
            result.fail(f"tên cơ quan ban hành không viết in hoa: «{para.text}»")
    for para in parent:
        if not _is_upper(_effective_text(para, para.pieces)):
            result.fail(f"tên cơ quan chủ quản không viết in hoa: «{para.text}»")
    _size_in(parent + lines, 12, 13, result, "tên cơ quan")
    if _rule_under(doc, lines[-1], doc.so) is None:
        result.fail("không có đường kẻ ngang dưới tên cơ quan ban hành", ADVICE)
    prefix = f"cơ quan chủ quản «{parent[0].text}», " if parent else ""
    result.note(f"{prefix}cơ quan ban hành «{name}», in hoa, đậm")
    return result.finding()


SO_PATTERN = re.compile(r"^Số:(?P<space>\s*)(?P<number>\d*)(?P<gap>\s*)/(?P<symbol>.*)$")
SYMBOL_PART = re.compile(r"^[A-ZĐ0-9]+$")


def check_number(doc: Document) -> Finding:
    result = _Result("so-ky-hieu")
    para = doc.so
    if para is None:
        result.fail("không tìm thấy dòng «Số: …/…»")
        return result.finding()
    text = para.text
    match = SO_PATTERN.match(text)
    if match is None:
        result.fail(f"«{text}» không đúng dạng «Số: 05/BC-SKHCN» (cần dấu «:» và «/»)")
        return result.finding()
    number, symbol = match["number"], match["symbol"]
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
        part for part in parts if not (SYMBOL_PART.match(part) or part in MIXED_CASE_ABBREVIATIONS)
    ]
    if not symbol.strip() or bad_parts:
        result.fail(
            f"«{text}»: ký hiệu «{symbol.strip()}» không đúng (chữ in hoa viết tắt, nối bằng «-»)"
        )
    state = "để trống số (dự thảo)" if not number else f"số {number}"
    result.note(f"«{text}»: {state}, ký hiệu {symbol.strip()}")
    return result.finding()


DATE_PATTERN = re.compile(
    r"^(?P<place>[^,]+),\s*ngày(?P<day>\s+\d{1,2}|\s*)\s+tháng\s+(?P<month>\d{1,2})"
    r"\s+năm\s+(?P<year>\d{4})$"
)


def check_place_date(doc: Document) -> Finding:
    result = _Result("dia-danh-ngay")
    para = doc.date
    if para is None:
        result.fail("không tìm thấy dòng địa danh và ngày tháng «…, ngày … tháng … năm …»")
        return result.finding()
    text = para.text.replace("\n", " ")
    match = DATE_PATTERN.match(text)
    if match is None:
        result.fail(f"«{text}» không đúng dạng «Sơn La, ngày 05 tháng 02 năm 2026»")
    else:
        _check_date_parts(match, text, result)
    ok, bad = _all_runs([para], lambda rp: rp.italic)
    if not ok:
        result.fail(f"không in nghiêng ở «{' '.join(bad)[:40]}»")
    _size_in([para], 13, 14, result, "dòng ngày tháng")
    result.note(f"«{text}», chữ nghiêng")
    return result.finding()


def _check_date_parts(match: re.Match[str], text: str, result: _Result) -> None:
    place, day, month = match["place"].strip(), match["day"].strip(), match["month"]
    if not place[:1].isupper():
        result.fail(f"địa danh «{place}» không viết hoa chữ cái đầu")
    if day:
        value = int(day)
        if not 1 <= value <= 31:
            result.fail(f"«{text}»: ngày {day} không có thật")
        elif value < 10 and len(day) == 1:
            result.fail(f"«{text}»: ngày {day} thiếu số 0 ở trước (cần «0{day}»)")
        elif value >= 10 and day.startswith("0"):
            result.fail(f"«{text}»: ngày «{day}» thừa số 0")
    month_value = int(month)
    if not 1 <= month_value <= 12:
        result.fail(f"«{text}»: tháng {month} không có thật")
    elif month_value <= 2 and len(month) == 1:
        result.fail(f"«{text}»: tháng {month} thiếu số 0 ở trước (cần «0{month}»)")
    elif month_value >= 3 and month.startswith("0"):
        result.fail(f"«{text}»: tháng «{month}» thừa số 0 (cần «{month_value}»)")


TYPE_NAMES = (
    "NGHỊ QUYẾT",
    "QUYẾT ĐỊNH",
    "CHỈ THỊ",
    "QUY CHẾ",
    "QUY ĐỊNH",
    "THÔNG CÁO",
    "THÔNG BÁO",
    "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH",
    "KẾ HOẠCH",
    "PHƯƠNG ÁN",
    "ĐỀ ÁN",
    "DỰ ÁN",
    "BÁO CÁO",
    "BIÊN BẢN",
    "TỜ TRÌNH",
    "HỢP ĐỒNG",
    "CÔNG ĐIỆN",
    "BẢN GHI NHỚ",
    "BẢN THỎA THUẬN",
    "BẢN THOẢ THUẬN",
    "GIẤY ỦY QUYỀN",
    "GIẤY UỶ QUYỀN",
    "GIẤY MỜI",
    "GIẤY GIỚI THIỆU",
    "GIẤY NGHỈ PHÉP",
    "PHIẾU GỬI",
    "PHIẾU CHUYỂN",
    "PHIẾU BÁO",
)


def _centred(para: Para) -> bool:
    return para.props.alignment == "center"


def _title_block(doc: Document) -> tuple[Para | None, list[Para], list[Para]]:
    """(type name, subject lines, the rest) after the header."""
    rest = doc.after_header()
    if not rest:
        return None, [], []
    type_name, rest = rest[0], rest[1:]
    subject: list[Para] = []
    while rest and (not subject or _centred(rest[0])) and len(subject) < 4:
        if subject and (not _centred(rest[0]) or rest[0].text.startswith("Kính gửi")):
            break
        subject.append(rest[0])
        rest = rest[1:]
        if rest and not _centred(rest[0]):
            break
    return type_name, subject, rest


def check_title(doc: Document) -> Finding:
    result = _Result("ten-loai-trich-yeu")
    if doc.vv is not None:
        return _check_cong_van(doc, result)
    type_name, subject, _ = _title_block(doc)
    if type_name is None:
        result.fail("không tìm thấy tên loại văn bản sau phần đầu")
        return result.finding()
    shown = _effective_text(type_name, type_name.pieces)
    if not _is_upper(shown):
        result.fail(f"tên loại {type_name.excerpt()} không viết in hoa")
    elif shown not in TYPE_NAMES:
        result.fail(f"tên loại «{shown}» không có trong danh mục (Phụ lục III)", ADVICE)
    _check_bold(type_name, result, "tên loại")
    if not _centred(type_name):
        result.fail(f"tên loại không căn giữa (căn «{type_name.props.alignment}»)")
    _size_in([type_name], 13, 14, result, "tên loại")
    if not subject:
        result.fail("không tìm thấy trích yếu nội dung dưới tên loại")
    for para in subject:
        _check_bold(para, result, "trích yếu")
        if not _centred(para):
            result.fail(f"trích yếu {para.excerpt()} không căn giữa")
    _size_in(subject, 13, 14, result, "trích yếu")
    summary = " ".join(p.text for p in subject)
    result.note(f"«{type_name.text}» / «{summary[:60]}», đậm, căn giữa")
    return result.finding()


def _check_cong_van(doc: Document, result: _Result) -> Finding:
    vv = doc.vv
    assert vv is not None
    ok, bad = _all_runs([vv], lambda rp: not rp.bold and not rp.italic)
    if not ok:
        result.fail(f"dòng «V/v» phải chữ thường, đứng, không đậm (sai ở «{' '.join(bad)[:40]}»)")
    _size_in([vv], 12, 13, result, "dòng «V/v»")
    if doc.kinh_gui is None:
        result.fail("công văn không có dòng «Kính gửi: …»")
    result.note(f"công văn: {vv.excerpt(70)}; {doc.kinh_gui.excerpt() if doc.kinh_gui else ''}")
    return result.finding()


def _body_paragraphs(doc: Document) -> list[Para]:
    if doc.vv is not None:
        start = doc.kinh_gui
        paras = (
            doc.after_header()
            if start is None
            else [p for p in doc.paras[doc.index(start) + 1 :] if p.text and p.cell is None]
        )
        while paras and paras[0].text.startswith(("-", "+", "–")) and _centred_or_short(paras[0]):
            paras = paras[1:]
    else:
        paras = _title_block(doc)[2]
        # A report to a higher body has its own "Kính gửi" block before the body.
        if paras and paras[0].text.startswith("Kính gửi"):
            paras = paras[1:]
            while (
                paras and paras[0].text.startswith(("-", "+", "–")) and _centred_or_short(paras[0])
            ):
                paras = paras[1:]
    end = doc.noi_nhan
    stop = doc.index(end) if end is not None else len(doc.paras)
    signer = _signer_block(doc)
    if signer:
        stop = min(stop, doc.index(signer[0]))
    return [p for p in paras if doc.index(p) < stop and not _is_rule_line(p)]


def _centred_or_short(para: Para) -> bool:
    return _centred(para) or len(para.text) < 80


def _is_rule_line(para: Para) -> bool:
    return re.fullmatch(r"[-_–—./\s]+", para.text) is not None


def _line_spacing_ok(props: ParaProps, size: float) -> tuple[bool, str]:
    line = props.spacing("line")
    rule = props.attr("spacing", "lineRule").get("lineRule", "auto")
    if line is None:
        return True, "đơn"
    value = _twips(line)
    if rule == "auto":
        ratio = value / 240
        return 0.99 <= ratio <= 1.51, f"{_fmt_pt(round(ratio, 2))} dòng"
    points = value / 20
    label = f"{'chính xác' if rule == 'exact' else 'tối thiểu'} {_fmt_pt(points)} pt"
    return size <= points <= size * 1.5 * 1.17 + 0.5, label


def check_body(doc: Document) -> Finding:
    result = _Result("noi-dung")
    paras = _body_paragraphs(doc)
    if not paras:
        result.fail("không tìm thấy đoạn nội dung giữa phần đầu và phần ký", ADVICE)
        return result.finding()
    problems: dict[str, list[str]] = {}

    def flag(kind: str, para: Para, detail: str) -> None:
        problems.setdefault(kind, []).append(f"{para.excerpt(30)}: {detail}")

    for para in paras:
        sizes = _sizes([para])
        if any(not 13 <= s <= 14 for s in sizes):
            flag("cỡ chữ", para, _size_text(sizes))
        alignment = para.props.alignment
        if alignment not in ("both", "distribute"):
            flag("căn lề", para, f"căn «{ALIGN_NAMES.get(alignment, alignment)}»")
        indent = para.props.first_line_cm
        if not para.props.numbered and not 0.95 <= indent <= 1.30:
            flag("thụt đầu dòng", para, f"{_fmt_pt(round(indent, 2))} cm")
        after = _twips(para.props.spacing("after")) / 20
        before = _twips(para.props.spacing("before")) / 20
        auto = para.props.attr("spacing", "beforeAutospacing", "afterAutospacing")
        if max(after, before) < 6 and not any(_on_value(v) for v in auto.values()):
            flag("cách đoạn", para, f"trước {_fmt_pt(before)} pt, sau {_fmt_pt(after)} pt")
        ok, label = _line_spacing_ok(para.props, max(sizes) if sizes else 14)
        if not ok:
            flag("giãn dòng", para, label)
    for kind, places in problems.items():
        result.fail(f"{kind} sai ở {len(places)}/{len(paras)} đoạn, ví dụ {places[0]}")
    result.note(f"{len(paras)} đoạn nội dung đúng quy định")
    return result.finding()


ALIGN_NAMES = {"left": "trái", "start": "trái", "right": "phải", "end": "phải", "center": "giữa"}


def _on_value(value: str) -> bool:
    return value.lower() not in ("0", "false", "off")


def _noi_nhan_items(doc: Document) -> tuple[list[Piece], list[tuple[Para, list[Piece]]]]:
    """The "Nơi nhận:" line and the recipient lines after it."""
    para = doc.noi_nhan
    assert para is not None
    lines = para.lines()
    heading = lines[0]
    items = [(para, line) for line in lines[1:]]
    for other in doc.paras[doc.index(para) + 1 :]:
        if other.cell is not para.cell:
            break
        if para.cell is None and other.text and not other.text.startswith(("-", "–", "+")):
            break
        items.extend((other, line) for line in other.lines())
    items = [(p, line) for p, line in items if "".join(x.text for x in line).strip()]
    return heading, items


def check_recipients(doc: Document) -> Finding:
    result = _Result("noi-nhan")
    para = doc.noi_nhan
    if para is None:
        result.fail("không tìm thấy «Nơi nhận:»")
        return result.finding()
    heading, items = _noi_nhan_items(doc)
    heading_pieces = para.visible_pieces(heading)
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
    if any(s != 12 for s in heading_sizes):
        result.fail(f"«Nơi nhận:» {_size_text(heading_sizes)} (cần 12)")
    if not items:
        result.fail("không có danh sách nơi nhận")
        return result.finding()
    _check_items(items, result)
    result.note(f"«Nơi nhận:» đậm nghiêng cỡ 12, {len(items)} nơi nhận cỡ 11")
    return result.finding()


def _check_items(items: list[tuple[Para, list[Piece]]], result: _Result) -> None:
    sizes: set[float] = set()
    for index, (para, line) in enumerate(items):
        text = _normalise("".join(x.text for x in line))
        last = index == len(items) - 1
        if not text.startswith("- "):
            result.fail(f"dòng «{text[:40]}» không bắt đầu bằng «- »")
        ending = "." if last else ";"
        if not text.endswith(ending):
            where = "dòng cuối" if last else "dòng"
            result.fail(f"{where} «{text[:40]}» không kết thúc bằng «{ending}»")
        if last and not text.startswith(("- Lưu", "-Lưu")):
            result.fail(f"dòng cuối «{text[:40]}» không phải «- Lưu: VT, …»", ADVICE)
        pieces = para.visible_pieces(line)
        sizes.update(para.run_props(x.run).size() for x in pieces)
        if any(para.run_props(x.run).italic for x in pieces):
            result.fail(f"dòng «{text[:40]}» in nghiêng (cần chữ đứng)")
    if any(s != 11 for s in sizes):
        result.fail(f"danh sách nơi nhận {_size_text(sorted(sizes))} (cần 11)")


TITLE_WORDS = re.compile(
    r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.|T/M|K/T|T\.M|K\.T|T/L|TU/Q)?\s*(PHÓ\s+)?"
    r"(GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG|CHÁNH|THỦ TRƯỞNG|BỘ TRƯỞNG|TỔNG|ỦY BAN|UỶ BAN|HỘI ĐỒNG|"
    r"VIỆN TRƯỞNG|HIỆU TRƯỞNG|CỤC TRƯỞNG|VỤ TRƯỞNG|BÍ THƯ|THỨ TRƯỞNG)"
)
WRONG_PREFIX = re.compile(r"^(T/M|K/T|T\.M|K\.T|T/L|TU/Q|Q/)\s")


def _signer_block(doc: Document) -> list[Para]:
    """Non-empty paragraphs of the signer block (title lines ... name)."""
    container = None
    if doc.noi_nhan is not None and doc.noi_nhan.cell is not None:
        row = doc.noi_nhan.cell.getparent()
        others = [c for c in row if c.tag == w("tc") and c is not doc.noi_nhan.cell]
        texts = [c for c in others if "".join(c.itertext()).strip()]
        container = texts[-1] if texts else None
    if container is not None:
        return [p for p in doc.paras if p.cell is container and p.text]
    start = doc.index(doc.noi_nhan) if doc.noi_nhan is not None else 0
    candidates = [p for p in doc.paras if p.text and TITLE_WORDS.match(_fold(p.text))]
    candidates = [p for p in candidates if doc.index(p) >= start - 30] or candidates
    if not candidates:
        return []
    first = candidates[-1] if doc.noi_nhan is None else candidates[0]
    block = []
    for para in doc.paras[doc.index(first) :]:
        if para.cell is not first.cell or (para is doc.noi_nhan):
            break
        if para.text:
            block.append(para)
        if len(block) >= 8:
            break
    return block


def check_signer(doc: Document) -> Finding:
    result = _Result("chuc-vu-nguoi-ky")
    block = [
        line
        for para in _signer_block(doc)
        for line in para.line_views()
        if not re.fullmatch(r"\(.*\)", line.text)
    ]
    if not block:
        result.fail("không tìm thấy khối chữ ký (chức vụ và họ tên người ký)")
        return result.finding()
    titles = [p for p in block if _is_upper(_effective_text(p, p.pieces))]
    name = block[-1] if block[-1] not in titles else None
    if not titles:
        result.fail(f"chức vụ người ký {block[0].excerpt()} không viết in hoa")
    for para in titles:
        _check_bold(para, result, "chức vụ")
    _size_in(titles, 13, 14, result, "chức vụ")
    if titles:
        first = titles[0].text
        if WRONG_PREFIX.match(first):
            result.fail(f"viết tắt quyền hạn sai trong «{first}» (cần TM., KT., Q., TL., TUQ.)")
        elif first.startswith(("TM.", "KT.", "TL.", "TUQ.")) and len(titles) < 2:
            result.fail(f"sau «{first}» thiếu dòng chức vụ của người ký")
    if name is None:
        result.fail("không tìm thấy họ tên người ký dưới chức vụ")
    else:
        _check_bold(name, result, "họ tên người ký")
        _check_upright(name, result, "họ tên người ký")
        _size_in([name], 13, 14, result, "họ tên người ký")
    title_text = " / ".join(p.text for p in titles)
    result.note(f"«{title_text}», họ tên {name.excerpt() if name else '—'}, đậm")
    return result.finding()


def _has_page_field(part: etree._Element) -> bool:
    instructions = [node.get(w("instr"), "") for node in part.iter(w("fldSimple"))]
    instructions += ["".join(node.itertext()) for node in part.iter(w("instrText"))]
    return any(re.search(r"(^|\s)PAGE(\s|\\|$)", text.strip().upper()) for text in instructions)


def _estimated_pages(doc: Document) -> float:
    if any(br.get(w("type")) == "page" for br in doc.body.iter(w("br"))) or any(
        True for _ in doc.body.iter(w("lastRenderedPageBreak"))
    ):
        return 2
    lines = sum(max(1, math.ceil(len(p.text) / 75)) for p in doc.paras)
    return lines / 42


def _section_part(
    doc: Document, section: etree._Element, kind: str, which: str
) -> etree._Element | None:
    for ref in section.iter(w(f"{kind}Reference")):
        if ref.get(w("type"), "default") == which:
            return doc.package.part(ref.get(f"{{{R_NS}}}id", ""))
    return None


def check_page_numbers(doc: Document) -> Finding:
    result = _Result("so-trang")
    pages = _estimated_pages(doc)
    severity = ERROR if pages > 1 else ADVICE
    if not doc.sections:
        result.fail("không có thông tin trang", severity)
        return result.finding(base_severity=severity)
    section = doc.sections[0]
    default_header = _section_part(doc, section, "header", "default")
    first_header = _section_part(doc, section, "header", "first")
    title_page = _on(section.find(w("titlePg"))) or False
    if default_header is None or not _has_page_field(default_header):
        footers = [_section_part(doc, section, "footer", k) for k in ("default", "first")]
        if any(f is not None and _has_page_field(f) for f in footers):
            result.fail("số trang đặt ở chân trang (cần ở giữa lề trên)", severity)
        else:
            result.fail("không đánh số trang ở đầu trang", severity)
    if not title_page:
        if default_header is not None and _has_page_field(default_header):
            result.fail("trang 1 cũng hiện số trang (chưa chọn «trang đầu khác»)", severity)
    elif first_header is not None and _has_page_field(first_header):
        result.fail("đầu trang của trang 1 có số trang", severity)
    elif first_header is not None and "".join(first_header.itertext()).strip():
        result.fail("đầu trang của trang 1 có chữ, nên để trống", ADVICE)
    result.note("số trang ở đầu trang, trang 1 không đánh số")
    return result.finding(base_severity=severity)


CHECKS = (
    check_page_size,
    check_margins,
    check_fonts,
    check_colour,
    check_quoc_hieu,
    check_tieu_ngu,
    check_issuing_body,
    check_number,
    check_place_date,
    check_title,
    check_body,
    check_recipients,
    check_signer,
    check_page_numbers,
)


# --------------------------------------------------------------------------- public API


def check_docx(path: Path) -> list[Finding]:
    """Check one .docx against Phụ lục I; one finding per rule, in a fixed order.

    :raises DocxReadError: the file is missing, not a .docx, or corrupt.
    """
    path = Path(path)
    package = _open_package(path)
    try:
        document = Document(package)
        return [check(document) for check in CHECKS]
    finally:
        package.zip.close()


STATUS = {"passed": "ĐẠT", ERROR: "LỖI", ADVICE: "LƯU Ý"}


def _status(finding: Finding) -> str:
    return STATUS["passed"] if finding.passed else STATUS[finding.severity]


def format_report(path: Path, findings: list[Finding]) -> str:
    """One line per rule, then a summary line naming the file."""
    rule_width = max((len(f.rule) for f in findings), default=0)
    lines = []
    for finding in findings:
        detail = finding.found if finding.passed else f"{finding.found} (cần: {finding.expected})"
        lines.append(
            f"{_status(finding):<5}  {finding.rule:<{rule_width}}  {finding.title}: {detail}"
            f" [{finding.reference}]"
        )
    passed = sum(f.passed for f in findings)
    errors = sum(not f.passed and f.severity == ERROR for f in findings)
    advice = sum(not f.passed and f.severity == ADVICE for f in findings)
    verdict = "CHƯA ĐẠT thể thức" if errors else "đạt thể thức"
    lines.append(
        f"{Path(path).name}: {passed} đạt, {errors} lỗi, {advice} lưu ý — văn bản {verdict}."
    )
    return "\n".join(lines)


def findings_to_json(results: dict[Path, list[Finding]]) -> str:
    """All results as JSON (files in the given order, fields in a fixed order)."""
    files = [
        {
            "file": str(path),
            "passed": not has_blocking_failure(findings),
            "findings": [asdict(finding) for finding in findings],
        }
        for path, findings in results.items()
    ]
    return json.dumps({"files": files}, ensure_ascii=False, indent=2)


def has_blocking_failure(findings: list[Finding]) -> bool:
    """Whether any rule of severity "lỗi" failed."""
    return any(not f.passed and f.severity == ERROR for f in findings)
