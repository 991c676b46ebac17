"""Word's formatting resolution, on the raw XML of styles.xml and the theme.

Run properties resolve as Word does: direct run properties, then the character style and
its ``basedOn`` chain, then the paragraph style chain, then the table style chain, then
``w:docDefaults``; bold and italic follow the toggle rule of styles (ECMA-376 17.7.3);
theme fonts resolve through ``word/theme/theme1.xml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from generator.check.package import A_NS, w

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_CM = TWIPS_PER_MM * 10
WORD_FALLBACK_FONT = "Times New Roman"  # what Word uses when no font is declared anywhere
WORD_FALLBACK_HALF_POINTS = 20


def on_off(element: etree._Element | None) -> bool | None:
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
        self._layers: dict[tuple[str | None, str, str], list[Layer]] = {}

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
        key = (style_id, child, kind)
        if key not in self._layers:  # every run asks; a style's chain is read once
            layers = []
            for style in self.chain(style_id):
                props = style.find(w(child))
                if props is not None:
                    label = f"kiểu {kind} «{self.name(style.get(w('styleId'), ''))}»"
                    layers.append(Layer(props, label))
            self._layers[key] = layers
        return self._layers[key]

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
            value = on_off(layer.props.find(w(tag)))
            if value is not None:
                return value
        state = bool(defaults and on_off(defaults[0].props.find(w(tag))))
        for group in (table, para, char):
            # within one style's basedOn chain the nearest definition wins; across
            # table, paragraph and character styles a "true" flips the state.
            for layer in group:
                value = on_off(layer.props.find(w(tag)))
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
            return Resolved(f"chủ đề {element.get(w('themeColor'))}", source)
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
            return -twips(values["hanging"]) / TWIPS_PER_CM
        return twips(values.get("firstLine", "0")) / TWIPS_PER_CM

    def spacing(self, name: str) -> str | None:
        return self.attr("spacing", name).get(name)

    @property
    def contextual_spacing(self) -> bool:
        """Word's «Don't add space between paragraphs of the same style»."""
        for layer in self.layers:
            found = on_off(layer.props.find(w("contextualSpacing")))
            if found is not None:
                return found
        return False

    @property
    def numbered(self) -> bool:
        return any(layer.props.find(w("numPr")) is not None for layer in self.layers)

    def bottom_border(self) -> bool:
        for layer in self.layers:
            borders = layer.props.find(w("pBdr"))
            if borders is not None and borders.find(w("bottom")) is not None:
                return borders.find(w("bottom")).get(w("val")) not in ("nil", "none")
        return False


# ECMA-376 lets a measure be written with its unit («3cm», «72pt»: ST_UniversalMeasure)
# where it usually stands in twentieths of a point.
_TWIPS_PER_UNIT = {"mm": 1440 / 25.4, "cm": 1440 / 2.54, "in": 1440, "pt": 20, "pc": 240, "pi": 240}


def twips(value: str | None) -> float:
    text = (value or "0").strip()
    unit = _TWIPS_PER_UNIT.get(text[-2:])
    try:
        return float(text[:-2]) * unit if unit else float(text)
    except ValueError:
        return 0.0
