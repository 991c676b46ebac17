"""The text model of a document: paragraphs, their visible text and runs, and the parts of
an administrative document found by content and position (the quốc hiệu paragraph, a line
starting "Số:", the place-date line, "Nơi nhận:"), never by our templates' internals."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from generator.check.package import MC_NS, R_NS, Package, w
from generator.check.styles import ParaProps, RunProps, StyleSheet


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
        self.text = normalise("".join(piece.text for piece in self.pieces))
        self.cell = next(element.iterancestors(w("tc")), None)
        self.starts_paragraph = True  # a view of a later line (after a break) does not
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
        for index, line in enumerate(self.lines()):
            text = normalise("".join(piece.text for piece in line))
            if text:
                view = copy.copy(self)
                view.pieces, view.text = line, text
                view.starts_paragraph = self.starts_paragraph and index == 0
                views.append(view)
        return views

    def line_containing(self, needle: str) -> Para:
        """The view of the line whose upper-cased text holds ``needle`` (else the paragraph)."""
        return next((v for v in self.line_views() if needle in fold(v.text)), self)

    def visible_pieces(self, pieces: Iterable[Piece] | None = None) -> list[Piece]:
        source = self.pieces if pieces is None else pieces
        return [piece for piece in source if piece.text.strip() and piece.text != "\n"]

    def excerpt(self, limit: int = 50) -> str:
        text = self.text.replace("\n", " ")
        return f"«{text[:limit]}…»" if len(text) > limit else f"«{text}»"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))


def _own(element: etree._Element, p: etree._Element) -> bool:
    """Whether ``element`` belongs to ``p`` itself, not to a text box nested in it."""
    return next(element.iterancestors(w("p")), None) is p and not in_fallback(element)


def in_fallback(element: etree._Element) -> bool:
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
            elif child.tag == w("noBreakHyphen"):  # Word's hyphen that never ends a line
                yield Piece(run, "-")
            elif child.tag in (w("br"), w("cr")) and child.get(w("type")) in (None, "textWrapping"):
                yield Piece(run, "\n")


def leading_tab(p: etree._Element) -> etree._Element | None:
    """The ``w:tab`` that opens the paragraph's text, if one does (a first line pushed by a
    Tab instead of the paragraph's indent)."""
    for run in p.iter(w("r")):
        content = [c for c in run if c.tag != w("rPr")]
        if content:
            return content[0] if content[0].tag == w("tab") else None
    return None


def paragraphs_of(root: etree._Element, sheet: StyleSheet) -> list[Para]:
    return [Para(p, sheet) for p in root.iter(w("p")) if not in_fallback(p)]


# --------------------------------------------------------------------------- the document


class Document:
    """The parts of a document that the rules look at, found by content and position."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.sheet = StyleSheet(package.styles_root, package.theme_root)
        body = package.document.find(w("body"))
        self.body = body if body is not None else package.document
        self.paras = paragraphs_of(self.body, self.sheet)
        self._positions = {p.element: i for i, p in enumerate(self.paras)}
        self._section_index: dict[etree._Element, int] | None = None
        self.sections = [
            s
            for s in self.body.iter(w("sectPr"))
            if not any(a.tag == w("sectPr") for a in s.iterancestors())
        ]
        self.quoc_hieu = self._find(
            lambda p: "CỘNG HÒA XÃ HỘI" in fold(p.text) or "CỘNG HOÀ XÃ HỘI" in fold(p.text)
        )
        self.header_table = (
            next(self.quoc_hieu.element.iterancestors(w("tbl")), None) if self.quoc_hieu else None
        )
        start = self.index(self.quoc_hieu) if self.quoc_hieu else 0
        self.tieu_ngu = self._find(lambda p: "ĐỘC LẬP" in fold(p.text), start, start + 4)
        self.so = self._find_header(lambda p: SO_LOCATOR.match(p.text) is not None)
        self.date = self._find_header(
            lambda p: DATE_LOCATOR.search(p.text) is not None
        ) or self._find_in_header_table(lambda p: DATE_WITHOUT_COMMA.search(p.text) is not None)
        self.vv = self._find_header(
            lambda p: re.match(r"^V/v\b", p.text, re.IGNORECASE) is not None
        )
        self.noi_nhan = self._find(lambda p: re.match(r"^Nơi nhận\s*:?", p.text) is not None)
        self.kinh_gui = self._find(lambda p: p.text.startswith("Kính gửi"))

    def section_of(self, para: Para) -> int:
        """Index in ``sections`` of the section holding ``para`` (a paragraph whose own
        ``sectPr`` ends a section belongs to it)."""
        if self._section_index is None:
            self._section_index = {}
            current = 0
            for child in self.body:
                self._section_index[child] = current
                if child.tag == w("p") and child.find(f"{w('pPr')}/{w('sectPr')}") is not None:
                    current += 1
        top = para.element
        while top.getparent() is not None and top.getparent() is not self.body:
            top = top.getparent()
        last = max(len(self.sections) - 1, 0)
        return min(self._section_index.get(top, last), last)

    def index(self, para: Para) -> int:
        return self._positions[para.element]

    def para_at(self, element: etree._Element) -> Para | None:
        """The paragraph read from ``element`` (None for one in a ``mc:Fallback``)."""
        position = self._positions.get(element)
        return None if position is None else self.paras[position]

    def _find(self, test, start: int = 0, stop: int | None = None) -> Para | None:
        return next((p for p in self.paras[start:stop] if p.text and test(p)), None)

    def _find_header(self, test) -> Para | None:
        """First match, preferring the header table, else before "Nơi nhận"."""
        return self._find_in_header_table(test) or self._find(test, 0, 40)

    def _find_in_header_table(self, test) -> Para | None:
        if self.header_table is None:
            return None
        table = self.header_table
        return next(
            (p for p in self.paras if p.text and test(p) and table in p.element.iterancestors()),
            None,
        )

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


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).upper()


SO_LOCATOR = re.compile(r"^Số(\s*:|\s+\d|\s*/)", re.IGNORECASE)  # «SỐ:» is a fault to tell
DATE_LOCATOR = re.compile(r",\s*ngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)
# «Sơn La ngày 05 tháng 02 năm 2026», its comma forgotten: sought in the header table only
# (a sentence of the body may hold «… ngày … tháng … năm …»).
DATE_WITHOUT_COMMA = re.compile(r"^\S.*\sngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)


def effective_text(para: Para, pieces: Iterable[Piece]) -> str:
    """Text as displayed, with the caps property applied."""
    out = []
    for piece in pieces:
        out.append(piece.text.upper() if para.run_props(piece.run).caps else piece.text)
    return normalise("".join(out))


def all_runs(paras: Iterable[Para], predicate) -> tuple[bool, list[str]]:
    """Whether every visible run satisfies ``predicate``; describe the failing ones."""
    bad = []
    for para in paras:
        for piece in para.visible_pieces():
            if not predicate(para.run_props(piece.run)):
                bad.append(piece.text.strip())
    return not bad, bad


def sizes_of(paras: Iterable[Para]) -> list[float]:
    return sorted(
        {para.run_props(piece.run).size() for para in paras for piece in para.visible_pieces()}
    )


def fmt_pt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def size_text(sizes: list[float]) -> str:
    return "cỡ " + ", ".join(fmt_pt(s) for s in sizes) if sizes else "không có chữ"
