"""The Sở's own voice: its assessment, directions and proposals, from a Word file the clerk writes.

The judgement in a report (đánh giá chung, ưu điểm, tồn tại, nguyên nhân, bài học kinh
nghiệm, phương hướng, đề xuất) is the Sở's; vanban never invents it. The clerk writes it in
``inputs/<year>/nhan-dinh.docx`` under the headings of :data:`SECTIONS`; :func:`load_assessment`
reads it into an :class:`Assessment` (paragraphs of runs, bold and italic kept, text cleaned
like every input); :meth:`Assessment.as_context` hands it to the report's context, whose
template writes each paragraph with the ``dam_nghieng`` filter.

Reading rules (a clerk may ask why a paragraph was refused):

* A section heading is a paragraph whose whole text is one of the titles, whatever its
  style, ignoring case, a leading number ("1.", "II.", "a)"), a trailing colon and
  spacing; or a paragraph in a heading style (Heading 1…9, or any style with an outline
  level) that starts with a title followed by more words ("Phương hướng, nhiệm vụ năm 2026").
* Inside a section, a paragraph in a heading style deeper than the section's heading
  ("Nguyên nhân chủ quan" in Heading 3 under "Nguyên nhân" in Heading 2) is kept as an
  ordinary paragraph; any other heading-styled paragraph is an unknown heading.
* Refused: text before the first heading, a heading given twice, a table, a picture,
  tracked changes not yet accepted, and any file that is not a .docx Word can open.
* Empty paragraphs are dropped; spaces around a paragraph are trimmed; runs of the same
  formatting are joined. Bold and italic are read as Word shows them: the run's own
  setting, else its character style's, else the paragraph style's.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from lxml import etree

from generator.data.workspace import ASSESSMENT_FILE
from generator.errors import Location, VanbanError
from generator.vnformat import clean_text

# (key, title) in the order of the report. Keys name the sections in code and templates.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("danh_gia_chung", "Đánh giá chung"),
    ("uu_diem", "Ưu điểm"),
    ("ton_tai", "Tồn tại, hạn chế"),
    ("nguyen_nhan", "Nguyên nhân"),
    ("bai_hoc", "Bài học kinh nghiệm"),
    ("phuong_huong", "Phương hướng, nhiệm vụ"),
    ("de_xuat", "Đề xuất, kiến nghị"),
)
TITLES: dict[str, str] = dict(SECTIONS)
# «Đánh giá chung» may hold only its sub-sections; «Bài học kinh nghiệm» is written in the
# plan's final year only.
OPTIONAL_SECTIONS = frozenset({"danh_gia_chung"})
FINAL_YEAR_SECTIONS = frozenset({"bai_hoc"})

_EXPECTED = ", ".join(f"«{title}»" for _, title in SECTIONS)
_QUOTE_WORDS = 8


class AssessmentError(VanbanError):
    """The clerk's nhan-dinh.docx cannot be read as the Sở's assessment."""


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Assessment:
    """The sections found in the file, in the order of :data:`SECTIONS`.

    A section whose heading is absent is not in ``sections``; one whose heading has no
    text under it is there with no paragraphs.
    """

    source: Path
    sections: tuple[Section, ...]
    # Fingerprints of the paragraphs `vanban nhan-dinh` wrote from the figures of its day
    # (kept in the file's properties): one still as drafted can be found out of date.
    drafted: frozenset[str] = frozenset()

    def section(self, key: str) -> Section | None:
        _check_key(key)
        return next((s for s in self.sections if s.key == key), None)

    def paragraphs(self, key: str) -> tuple[Paragraph, ...]:
        """The paragraphs of section ``key``; none when it is absent or empty."""
        found = self.section(key)
        return found.paragraphs if found is not None else ()

    def out_of_date(self, now: dict[str, list[Paragraph]]) -> list[tuple[str, str | None]]:
        """The drafted paragraphs the clerk left as they were that the figures of ``now``
        (the draft written today) no longer give, each with today's paragraph that begins
        like it (None if none does)."""
        stale: list[tuple[str, str | None]] = []
        for key, _ in SECTIONS:
            today = [p.text for p in now.get(key, [])]
            for paragraph in self.paragraphs(key):
                text = paragraph.text
                if fingerprint(text) in self.drafted and text not in today:
                    stale.append((text, _likest(text, today)))
        return stale

    def as_context(self) -> dict[str, list[list[dict[str, Any]]]]:
        """What ``consolidate.report_context(c, assessment=…)`` takes: for every section key,
        its paragraphs, each a list of runs ``{"text", "bold", "italic"}`` (the report
        template writes them with the ``dam_nghieng`` filter); [] for an absent section."""
        return {
            key: [
                [{"text": r.text, "bold": r.bold, "italic": r.italic} for r in p.runs]
                for p in self.paragraphs(key)
            ]
            for key, _ in SECTIONS
        }


def _likest(text: str, candidates: list[str]) -> str | None:
    """The candidate most like ``text`` (the same sentence with other figures), if any is."""
    ratio, best = max(
        ((difflib.SequenceMatcher(None, text, c).ratio(), c) for c in candidates),
        default=(0.0, None),
    )
    return best if ratio >= 0.75 else None


DRAFTED_MARK = "vanban-nhan-dinh:"


def fingerprint(text: str) -> str:
    """A short digest of a paragraph's text, as the draft records it."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:8]


def drafted_mark(paragraphs: list[Paragraph]) -> str:
    """What the draft keeps in its «Comments» property: the paragraphs it wrote, in their
    order (the year's counts first)."""
    return " ".join([DRAFTED_MARK, *dict.fromkeys(fingerprint(p.text) for p in paragraphs)])


def _drafted(document: DocxDocument) -> frozenset[str]:
    words = (document.core_properties.comments or "").split()
    return frozenset(words[1:]) if words[:1] == [DRAFTED_MARK] else frozenset()


def _check_key(key: str) -> None:
    if key not in TITLES:
        raise KeyError(f"unknown assessment section {key!r}; known: {', '.join(TITLES)}")


# ---------------------------------------------------------------------------
# The pipeline's entry points


def assessment_path(inputs: Path, year: int) -> Path:
    return Path(inputs) / str(year) / ASSESSMENT_FILE


def load_assessment(inputs: Path, year: int) -> Assessment | None:
    """The Sở's assessment for ``year``, or None when ``inputs/<year>/nhan-dinh.docx`` is absent.

    A file saved in another format (nhan-dinh.doc, .odt, .rtf…) is an error that says to
    save it as .docx, not an absence.
    """
    path = assessment_path(inputs, year)
    found = find_assessment_file(path.parent)
    if found is None:
        return None
    if found.suffix.casefold() != ".docx":
        raise AssessmentError(
            f"tệp nhận định phải ở dạng Word .docx: mở tệp bằng Word, chọn Lưu thành "
            f"(Save As) kiểu «Word Document (*.docx)» với tên {ASSESSMENT_FILE}",
            Location(file=found),
        )
    return read_assessment(found)


def find_assessment_file(folder: Path) -> Path | None:
    """``nhan-dinh.*`` in ``folder``, any case, .docx first.

    "nhan-dinh.docx.docx" counts too: Windows hides known extensions, so a clerk who types
    the full name in Explorer gets the extension twice.
    """
    if not folder.is_dir():
        return None
    stem = Path(ASSESSMENT_FILE).stem.casefold()
    doubled = f"{ASSESSMENT_FILE}.docx"
    candidates = sorted(
        (
            path
            for path in folder.iterdir()
            if (path.stem.casefold() == stem or path.name.casefold() == doubled)
            and not path.is_dir()
        ),
        key=lambda path: (path.suffix.casefold() != ".docx", len(path.name), path.name),
    )
    return candidates[0] if candidates else None


def missing_sections(assessment: Assessment | None, *, final_year: bool = True) -> list[str]:
    """Titles of the sections still awaiting the Sở's text (absent or empty), in report order.

    «Đánh giá chung» is never required (its sub-sections are); «Bài học kinh nghiệm» only
    in a review year: the plan's final year (``final_year``) or its mid-term review (sơ kết),
    whose callers pass it as ``final_year`` too.
    """
    required = [
        (key, title)
        for key, title in SECTIONS
        if key not in OPTIONAL_SECTIONS and (final_year or key not in FINAL_YEAR_SECTIONS)
    ]
    if assessment is None:
        return [title for _, title in required]
    return [title for key, title in required if not assessment.paragraphs(key)]


# ---------------------------------------------------------------------------
# Reading the .docx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


def read_assessment(path: Path) -> Assessment:
    """Read the clerk's file (never changed: its bytes are read once, in memory)."""
    path = Path(path)
    where = Location(file=path)
    document = _open_docx(path, _read_bytes(path), where)
    body = document.element.body
    _refuse_tracked_changes(body, where)
    reader = _SectionReader(document, where)
    for index, element in enumerate(_body_blocks(body), start=1):
        reader.add(index, element)
    return replace(reader.assessment(path), drafted=_drafted(document))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise AssessmentError("không tìm thấy tệp", Location(file=path)) from exc
    except OSError as exc:
        raise AssessmentError(
            "không đọc được tệp (đang bị khóa hoặc chưa tải về máy); đóng chương trình đang "
            "giữ tệp rồi chạy lại",
            Location(file=path),
        ) from exc


def _open_docx(path: Path, data: bytes, where: Location) -> DocxDocument:
    if not data:
        raise AssessmentError("tệp rỗng (0 byte); mở lại tệp trong Word và lưu lại", where)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise AssessmentError(
                "tệp được đặt mật khẩu nên vanban không đọc được; mở tệp bằng Word, bỏ mật "
                "khẩu (Tệp > Thông tin > Bảo vệ tài liệu) rồi lưu lại",
                where,
            )
        raise AssessmentError(
            "tệp ở dạng Word 97-2003 (.doc), không phải .docx; mở tệp bằng Word, chọn Lưu "
            f"thành (Save As) kiểu «Word Document (*.docx)» với tên {ASSESSMENT_FILE}",
            where,
        )
    broken = AssessmentError(
        "tệp không phải văn bản Word .docx hoặc đã bị hỏng; mở tệp bằng Word để kiểm tra, "
        "rồi lưu lại dạng .docx",
        where,
    )
    if not data.startswith(_ZIP_MAGIC):
        raise broken
    try:
        return Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, EOFError) as exc:
        raise broken from exc
    except Exception as exc:  # python-docx raises its own types for a wrong package
        if type(exc).__module__.startswith("docx"):
            raise broken from exc
        raise


_TRACKED = ("w:ins", "w:del", "w:moveFrom", "w:moveTo")


def _refuse_tracked_changes(body: Any, where: Location) -> None:
    for tag in _TRACKED:
        if next(body.iter(qn(tag)), None) is not None:
            raise AssessmentError(
                "tệp còn thay đổi được theo dõi (Track Changes) chưa chấp nhận; trong Word chọn "
                "Xem lại > Chấp nhận tất cả thay đổi, tắt theo dõi thay đổi rồi lưu lại",
                where,
            )


def _body_blocks(container: Any) -> Iterator[Any]:
    """Paragraphs and tables of the body in order, looking inside content controls."""
    for child in container.iterchildren():
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_blocks(content)
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            yield child


def _quote(text: str) -> str:
    words = text.split()
    short = " ".join(words[:_QUOTE_WORDS])
    return f"«{short}…»" if len(words) > _QUOTE_WORDS else f"«{short}»"


# --- headings ----------------------------------------------------------------------

_NUMBERING = re.compile(
    r"^(?:[-–—•+*]\s*|(?:[ivxlc]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)/:-]\s*|(?:[ivxlc]+|\d+)\s+)",
)


def _normalised(text: str) -> str:
    """Text as headings are compared: NFC, lower case, no numbering, single spaces."""
    text = unicodedata.normalize("NFC", clean_text(text)).casefold()
    text = " ".join(text.split())
    text = _NUMBERING.sub("", text, count=1)
    text = re.sub(r"\s*,\s*", ", ", text)
    return text.rstrip(" :.;").strip()


_BY_NORMALISED_TITLE = {_normalised(title): key for key, title in SECTIONS}


# Longer than any title with its numbering and spaces: cannot be a heading by its text alone.
_TITLE_TEXT_LIMIT = 80


def _title_key(text: str) -> str | None:
    if len(text) > _TITLE_TEXT_LIMIT:
        return None
    return _BY_NORMALISED_TITLE.get(_normalised(text))


def _title_prefix_key(text: str) -> str | None:
    """The section whose title starts ``text`` followed by more words."""
    normalised = _normalised(text)
    for title, key in _BY_NORMALISED_TITLE.items():
        if normalised.startswith(title + " "):
            return key
    return None


def _style_chain(style: BaseStyle | None) -> Iterator[BaseStyle]:
    seen: set[str] = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        yield style
        style = style.base_style


_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_P_PR, _R_PR = qn("w:pPr"), qn("w:rPr")
_P_STYLE, _R_STYLE, _OUTLINE = qn("w:pStyle"), qn("w:rStyle"), qn("w:outlineLvl")
_VAL = qn("w:val")
_ON = {"1", "true", "on"}


def _level_from_outline(element: Any) -> int | None:
    value = element.get(_VAL)
    if value is None or not value.isdigit() or int(value) >= 9:  # 9 is "body text"
        return None
    return int(value) + 1


def _flag(rpr: Any, tag: str) -> bool | None:
    """True or False when ``rpr`` sets ``tag`` (w:b, w:i), None when it leaves it."""
    if rpr is None:
        return None
    element = rpr.find(tag)
    if element is None:
        return None
    value = element.get(_VAL)
    return value is None or value.casefold() in _ON


class _Styles:
    """The document's styles as a run or paragraph uses them, each looked up once."""

    def __init__(self, document: DocxDocument) -> None:
        self._styles = document.styles
        self._found: dict[tuple[str | None, WD_STYLE_TYPE], BaseStyle | None] = {}
        self._levels: dict[str | None, int | None] = {}
        self._flags: dict[tuple[str | None, WD_STYLE_TYPE, str], bool | None] = {}

    def _style(self, style_id: str | None, kind: WD_STYLE_TYPE) -> BaseStyle | None:
        key = (style_id, kind)
        if key not in self._found:
            try:
                self._found[key] = (
                    self._styles.default(kind)
                    if style_id is None
                    else self._styles.get_by_id(style_id, kind)
                )
            except (KeyError, ValueError):
                self._found[key] = None
        return self._found[key]

    @staticmethod
    def paragraph_style_id(paragraph: Any) -> str | None:
        element = paragraph.find(f"{_P_PR}/{_P_STYLE}")
        return element.get(_VAL) if element is not None else None

    def paragraph_style(self, paragraph: Any) -> BaseStyle | None:
        return self._style(self.paragraph_style_id(paragraph), WD_STYLE_TYPE.PARAGRAPH)

    def outline_level(self, paragraph: Any) -> int | None:
        """1 for Heading 1 … 9 for Heading 9; None for a paragraph that is not a heading."""
        direct = paragraph.find(f"{_P_PR}/{_OUTLINE}")
        if direct is not None:
            return _level_from_outline(direct)
        style_id = self.paragraph_style_id(paragraph)
        if style_id not in self._levels:
            self._levels[style_id] = self._style_level(style_id)
        return self._levels[style_id]

    def _style_level(self, style_id: str | None) -> int | None:
        for style in _style_chain(self._style(style_id, WD_STYLE_TYPE.PARAGRAPH)):
            match = _HEADING_NAME.match(style.name or "")
            if match:
                return int(match.group(1))
            outline = style.element.find(f"{_P_PR}/{_OUTLINE}")
            if outline is not None:
                return _level_from_outline(outline)
        return None

    def flag(self, style_id: str | None, kind: WD_STYLE_TYPE, tag: str) -> bool | None:
        """``tag`` as the style (or the style it is based on) sets it."""
        key = (style_id, kind, tag)
        if key not in self._flags:
            self._flags[key] = next(
                (
                    found
                    for link in _style_chain(self._style(style_id, kind))
                    if (found := _flag(link.element.find(_R_PR), tag)) is not None
                ),
                None,
            )
        return self._flags[key]


# --- Word's automatic lists ------------------------------------------------------------

_NUM_PR, _NUM_ID, _ILVL = qn("w:numPr"), qn("w:numId"), qn("w:ilvl")
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _counted(value: int, style: str) -> str:
    """A list counter as Word shows it in ``style`` (w:numFmt)."""
    if style in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
        return letter.upper() if style == "upperLetter" else letter
    if style in ("lowerRoman", "upperRoman"):
        roman, left = "", value
        for number, numeral in _ROMAN:
            while left >= number:
                roman, left = roman + numeral, left - number
        return roman.upper() if style == "upperRoman" else roman
    return str(value)


class _ListMarks:
    """The bullet or number Word draws before a paragraph of an automatic list: not in the
    text, so a list typed with Word's buttons reached the report without its marks. A bullet
    becomes «- », a number the text Word shows («1.», «a)»); a list Word's numbering part
    does not describe is given «- »."""

    def __init__(self, document: DocxDocument, styles: _Styles) -> None:
        self.styles = styles
        try:
            self.numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            self.numbering = None
        self.counters: dict[str, list[int]] = {}
        self.formats: dict[str, dict[int, tuple[str, str]]] = {}  # by list, looked up once

    def mark(self, paragraph: Any) -> str:
        found = self._numbering_of(paragraph)
        if found is None:
            return ""
        num_id, level = found
        if num_id == "0":  # numbering switched off
            return ""
        if num_id not in self.formats:
            self.formats[num_id] = self._levels(num_id)
        levels = self.formats[num_id]
        if not levels:
            return "- "
        counts = self.counters.setdefault(num_id, [0] * 9)
        level = min(level, 8)
        counts[level] += 1
        counts[level + 1 :] = [0] * (8 - level)
        style, text = levels.get(level, ("bullet", ""))
        if style in ("bullet", "none") or not text:
            return "- "
        for shown in range(level + 1):
            start_style = levels.get(shown, ("decimal", ""))[0]
            text = text.replace(f"%{shown + 1}", _counted(max(counts[shown], 1), start_style))
        return text + " "

    def _numbering_of(self, paragraph: Any) -> tuple[str, int] | None:
        num_pr = paragraph.find(f"{_P_PR}/{_NUM_PR}")
        if num_pr is None:
            style = self.styles.paragraph_style(paragraph)
            num_pr = style.element.find(f"{_P_PR}/{_NUM_PR}") if style is not None else None
        if num_pr is None:
            return None
        num_id = num_pr.find(_NUM_ID)
        ilvl = num_pr.find(_ILVL)
        if num_id is None:
            return None
        level = ilvl.get(_VAL) if ilvl is not None else "0"
        return num_id.get(_VAL), int(level) if level.isdigit() else 0

    def _levels(self, num_id: str) -> dict[int, tuple[str, str]]:
        """(numFmt, lvlText) of each level of list ``num_id``."""
        if self.numbering is None:
            return {}
        num = next(
            (n for n in self.numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == num_id), None
        )
        abstract_id = num.find(qn("w:abstractNumId")) if num is not None else None
        if abstract_id is None:
            return {}
        abstract = next(
            (
                a
                for a in self.numbering.iter(qn("w:abstractNum"))
                if a.get(qn("w:abstractNumId")) == abstract_id.get(_VAL)
            ),
            None,
        )
        if abstract is None:
            return {}
        levels = {}
        for lvl in abstract.iter(qn("w:lvl")):
            fmt, text = lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText"))
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                fmt.get(_VAL) if fmt is not None else "decimal",
                text.get(_VAL) if text is not None else "",
            )
        return levels


# --- runs ----------------------------------------------------------------------------

_PICTURES = tuple(qn(tag) for tag in ("w:drawing", "w:pict", "w:object"))
_T, _TAB, _BR, _CR, _NB_HYPHEN = (
    qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen")
)
_BR_TYPE = qn("w:type")
_RUN, _TABLE, _BOLD, _ITALIC = qn("w:r"), qn("w:tbl"), qn("w:b"), qn("w:i")
_HIDDEN = qn("w:vanish")


def _run_text(run: Any) -> str:
    parts: list[str] = []
    for child in run.iterchildren():
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _CR or (tag == _BR and child.get(_BR_TYPE) in (None, "textWrapping")):
            parts.append("\n")
        elif tag == _NB_HYPHEN:
            parts.append("-")
    return "".join(parts)


def joined_runs(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of the same formatting as one (Word splits runs at random)."""
    joined: list[Run] = []
    for run in runs:
        if joined and (joined[-1].bold, joined[-1].italic) == (run.bold, run.italic):
            joined[-1] = Run(joined[-1].text + run.text, run.bold, run.italic)
        else:
            joined.append(run)
    return joined


def _trimmed(runs: list[Run]) -> tuple[Run, ...]:
    """Runs cleaned (clean_text), the paragraph's outer spaces removed, empty runs dropped."""
    cleaned = [Run(clean_text(r.text), r.bold, r.italic) for r in runs]
    cleaned = [r for r in cleaned if r.text]
    if cleaned:
        first, last = cleaned[0], cleaned[-1]
        cleaned[0] = Run(first.text.lstrip(), first.bold, first.italic)
        cleaned[-1] = Run(cleaned[-1].text.rstrip(), last.bold, last.italic)
    return tuple(r for r in cleaned if r.text)


# --- sections ------------------------------------------------------------------------


@dataclass
class _Open:
    key: str
    level: int | None
    index: int
    paragraphs: list[Paragraph]


class _SectionReader:
    """Walks the body's blocks, opening a section at each heading."""

    def __init__(self, document: DocxDocument, where: Location) -> None:
        self.styles = _Styles(document)
        self.marks = _ListMarks(document, self.styles)
        self.where = where
        self.sections: dict[str, _Open] = {}
        self.current: _Open | None = None

    def add(self, index: int, element: Any) -> None:
        if element.tag == _TABLE:
            after = f"mục «{TITLES[self.current.key]}»" if self.current else "đầu tệp"
            self._fail(
                index,
                f"có một bảng ở {after}; phần nhận định chỉ ghi văn bản: chuyển nội dung bảng "
                "thành các đoạn văn rồi xóa bảng",
            )
        runs = self._runs(index, element)
        text = "".join(run.text for run in runs)
        if not text.strip():
            return
        level = self.styles.outline_level(element)
        key = _title_key(text)
        if key is None and level is not None and not self._is_sub_heading(level):
            key = _title_prefix_key(text)
            if key is None:
                self._fail(
                    index,
                    f"tiêu đề {_quote(clean_text(text).strip())} không phải mục nào của phần "
                    f"nhận định; các tiêu đề được dùng: {_EXPECTED} (một đoạn không phải tiêu "
                    "đề thì đặt kiểu chữ Normal)",
                )
        if key is not None:
            self._open(index, key, level)
            return
        if self.current is None:
            self._fail(
                index,
                f"đoạn {_quote(clean_text(text).strip())} đứng trước tiêu đề đầu tiên; mọi "
                f"đoạn phải nằm dưới một trong các tiêu đề: {_EXPECTED}",
            )
        mark = self.marks.mark(element)
        paragraph = Paragraph(_trimmed(joined_runs([Run(mark), *runs] if mark else runs)))
        if paragraph.runs:
            self.current.paragraphs.append(paragraph)

    def _is_sub_heading(self, level: int) -> bool:
        current = self.current
        return current is not None and current.level is not None and level > current.level

    def _open(self, index: int, key: str, level: int | None) -> None:
        if key in self.sections:
            first = self.sections[key].index
            self._fail(
                index,
                f"tiêu đề «{TITLES[key]}» lặp lại (đã có ở đoạn thứ {first}); mỗi tiêu đề chỉ "
                "ghi một lần, gộp nội dung vào một chỗ",
            )
        self.current = _Open(key, level, index, [])
        self.sections[key] = self.current

    def _runs(self, index: int, paragraph: Any) -> list[Run]:
        paragraph_style = self.styles.paragraph_style_id(paragraph)
        runs: list[Run] = []
        for run in paragraph.iter(_RUN):
            if next(run.iter(*_PICTURES), None) is not None:
                self._fail(
                    index,
                    "có hình ảnh hoặc đối tượng nhúng; phần nhận định chỉ ghi văn bản: xóa hình "
                    "ảnh đó",
                )
            rpr = run.find(_R_PR)
            char_style = rpr.find(_R_STYLE) if rpr is not None else None
            char_style_id = char_style.get(_VAL) if char_style is not None else None
            if self._resolved(rpr, char_style_id, paragraph_style, _HIDDEN):
                continue  # hidden text (a note the Sở keeps for itself) is not in Word's page
            runs.append(
                Run(
                    _run_text(run),
                    bold=self._resolved(rpr, char_style_id, paragraph_style, _BOLD),
                    italic=self._resolved(rpr, char_style_id, paragraph_style, _ITALIC),
                )
            )
        return runs

    def _resolved(
        self, rpr: Any, char_style: str | None, paragraph_style: str | None, tag: str
    ) -> bool:
        """As Word shows it: the run's own setting, its character style's, its paragraph's."""
        found = _flag(rpr, tag)
        if found is None and char_style is not None:
            found = self.styles.flag(char_style, WD_STYLE_TYPE.CHARACTER, tag)
        if found is None:
            found = self.styles.flag(paragraph_style, WD_STYLE_TYPE.PARAGRAPH, tag)
        return bool(found)

    def _fail(self, index: int, text: str) -> Any:
        raise AssessmentError(f"đoạn thứ {index}: {text}", self.where)

    def assessment(self, path: Path) -> Assessment:
        sections = tuple(
            Section(key, title, tuple(self.sections[key].paragraphs))
            for key, title in SECTIONS
            if key in self.sections
        )
        return Assessment(path, sections)
