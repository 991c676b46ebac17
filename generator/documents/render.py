"""Render a .docx template (docxtpl syntax) with a context model, to deterministic bytes.

:class:`CompiledTemplate` does docxtpl's preprocessing (``patch_xml``: the ``{%p %}`` and
``{%tr %}`` tags, runs merged around tags) and compiles the Jinja templates once, so many
documents can be rendered from one template quickly. Each render:

1. dumps the context model and cleans every string (:func:`vnformat.clean_text`), because
   docxtpl-style rendering would otherwise lose what XML cannot hold;
2. renders each templated part in a sandboxed, autoescaping, strict Jinja environment;
3. turns newlines and tabs in text into ``<w:br/>`` and ``<w:tab/>`` (as docxtpl's
   ``resolve_listing`` does, but in the data, so the output can be streamed);
4. parses the result strictly (a broken document is an error, never repaired);
5. writes the zip in memory: same entry order, fixed dates, fixed compression, core
   properties from the context, so the same context always gives the same bytes.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import html
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat
from xml.parsers.expat import ExpatError
from xml.sax.saxutils import escape as xml_escape

import jinja2
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, meta
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree
from markupsafe import Markup, escape
from pydantic import BaseModel

from generator.documents.filters import FILTERS, liet_ke
from generator.errors import Location, TemplateError
from generator.output.files import COMPRESS_LEVEL, ZIP_EPOCH, Deflated, deflate, pack_deflated_zip
from generator.vnformat import clean_text, format_short_date

__all__ = [
    "CompiledTemplate",
    "clean_context",
    "render_docx",
]

_CORE_PART = "docProps/core.xml"
_MAIN_PART = "word/document.xml"
_MAIN_RELS = "word/_rels/document.xml.rels"
_CONTENT_TYPES = "[Content_Types].xml"
# the parts a clerk can type text in: body, headers and footers, footnotes and endnotes
_TEMPLATED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^?]*\?>\s*")
# docxtpl's escapes for literal braces in a template ({_{ shows as {{). They are turned into
# Jinja string literals in the template source, so text from the data is never touched.
_BRACE_ESCAPES = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")
_STRICT_PARSER = etree.XMLParser(recover=False, resolve_entities=False, huge_tree=True)
_XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PIECES_AT_ONCE = 4096
_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


# A batch repeats most strings (header, recipients, closing, the plan's tasks).
_clean_text = functools.lru_cache(maxsize=8192)(clean_text)


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(SandboxedEnvironment):
    """The sandbox, reading a context's fields (plain dicts) as items straight away."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Jinja tries the attribute first (``header.signer``: dict has no attribute
        # "signer", an exception raised and caught each time), then the item. The same
        # result for every key that is not the name of a dict method.
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def _printable(value: Any) -> Any:
    """What a bare ``{{ name }}`` prints: a date as a clerk writes it (05/11/2025, not
    2025-11-05), a list of names joined «A, B và C»; a group of facts is refused, naming
    what to print instead (Python's «{'type_name': …}» would reach the letters)."""
    if isinstance(value, date):
        return format_short_date(value)
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return liet_ke(value)
    if isinstance(value, dict | list | tuple):
        raise jinja2.TemplateError(
            "một biến là cả một nhóm thông tin nên không in ra được; hãy dùng một trường của "
            "nó (xem danh sách biến: vanban mau-van-ban)"
        )
    return value


def _environment() -> SandboxedEnvironment:
    env = _Environment(autoescape=True, undefined=StrictUndefined, finalize=_printable)
    env.filters.update(FILTERS)
    return env


# docxtpl's XML helpers do not depend on the template file; one instance serves all.
_DOCXTPL = DocxTemplate(template_file="")


@dataclass(frozen=True)
class _CompiledPart:
    """One XML part holding Jinja tags, compiled."""

    name: str
    template: jinja2.Template
    variables: frozenset[str]
    lined: str  # the source one paragraph a line, to name a paragraph by a node's line


_EMU_PER_CM = 360000
_IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_DRAWING = (
    '</w:t></w:r><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{number}" name="{name}" descr="{name}"/>'
    "<wp:cNvGraphicFramePr><a:graphicFrameLocks"
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/>'
    '</wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="{number}" name="{file}"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
    '</a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">'
)
# The pictures the part being rendered shows, in the order shown: {file name: picture}.
_SHOWN: contextvars.ContextVar[dict[str, Picture] | None] = contextvars.ContextVar(
    "shown_pictures", default=None
)


class Picture:
    """A PNG picture a template shows where it writes ``{{ … }}`` of it, inside a run of
    the document's body (docxtpl's InlineImage does the same for a DocxTemplate, which this
    renderer is not): the run is closed, a run holding the picture follows, and the parts
    it needs (the image, its relationship, the PNG content type) are added to the .docx.
    Named by a hash of its bytes: the same picture is the same part in every run. (A plain
    class, not a dataclass: a context model keeps it as it is instead of dumping it.)"""

    __slots__ = ("file", "height_cm", "name", "png", "width_cm")

    def __init__(self, png: bytes, width_cm: float, height_cm: float, name: str) -> None:
        self.png, self.width_cm, self.height_cm, self.name = png, width_cm, height_cm, name
        self.file = f"hinh-{hashlib.sha256(png).hexdigest()[:16]}.png"

    def __html__(self) -> str:
        shown = _SHOWN.get()
        if shown is None:
            raise TemplateError(
                "Hình chỉ đặt được trong phần nội dung chính của văn bản, không đặt được ở "
                f"đầu trang, chân trang: «{self.name}».",
                Location(),
            )
        shown.setdefault(self.file, self)
        number = list(shown).index(self.file) + 1
        return _DRAWING.format(
            cx=round(self.width_cm * _EMU_PER_CM),
            cy=round(self.height_cm * _EMU_PER_CM),
            number=1000 + number,  # apart from the ids a template's own drawings take
            name=xml_escape(self.name, {'"': "&quot;"}),
            file=self.file,
            rid=f"rIdHinh{number}",
        )


class CompiledTemplate:
    """A .docx template prepared once, rendered many times.

    Use :meth:`load`; then :meth:`render` returns the bytes of a finished .docx.
    """

    def __init__(
        self,
        path: Path,
        entries: list[tuple[zipfile.ZipInfo, bytes]],
        parts: dict[str, _CompiledPart],
    ) -> None:
        self.path = path
        self._entries = entries
        self._parts = parts
        # The parts that are the same in every document are compressed once, here; None
        # marks those rendered for each document.
        self._zip_parts: list[tuple[str, Deflated | None]] = [
            (
                info.filename,
                None if info.filename in parts or info.filename == _CORE_PART else deflate(raw),
            )
            for info, raw in entries
        ]
        self._core: tuple[bytes, Deflated] | None = None

    @property
    def variables(self) -> frozenset[str]:
        """Top-level context names the template uses."""
        names: set[str] = set()
        for part in self._parts.values():
            names |= part.variables
        return frozenset(names)

    @classmethod
    def load(cls, path: Path) -> CompiledTemplate:
        """Read ``path``, preprocess its templated parts as docxtpl does, compile them."""
        path = Path(path)
        entries = [_without_tracking(info, data) for info, data in _read_zip(path)]
        _refuse_comments(path, entries)
        env = _environment()
        parts: dict[str, _CompiledPart] = {}
        for info, data in entries:
            if not _TEMPLATED_PARTS.match(info.filename):
                continue
            xml = _part_xml(path, info.filename, data)
            if info.filename != _MAIN_PART and "{" not in xml:
                continue
            parts[info.filename] = _compile_part(env, path, info.filename, xml)
        if _MAIN_PART not in parts:
            raise TemplateError(
                "Tệp mẫu không phải văn bản Word (.docx): thiếu phần nội dung chính.",
                Location(file=path),
            )
        return cls(path, entries, parts)

    def _core_part(self, xml: bytes) -> Deflated:
        """The core properties compressed, once for a batch's letters (they share them)."""
        if self._core is None or self._core[0] != xml:
            self._core = (xml, deflate(xml))
        return self._core[1]

    def parsed_parts(self) -> list[tuple[str, str, jinja2.nodes.Template]]:
        """Each templated part: its name, its source one paragraph a line, its Jinja tree."""
        # parsed again when asked (once a run, by the checks): not kept by every letter
        # worker, which never asks
        env = _environment()
        return [(part.name, part.lined, env.parse(part.lined)) for part in self._parts.values()]

    def missing_variables(self, context: Mapping[str, Any]) -> set[str]:
        """Top-level names the template needs that ``context`` lacks."""
        return set(self.variables) - set(context)

    def render(self, context: BaseModel | Mapping[str, Any]) -> bytes:
        """The finished .docx for ``context`` (a context model or a plain mapping)."""
        raw = _as_mapping(context)
        data = clean_context(raw)
        missing = sorted(self.missing_variables(data))
        if missing:
            names = ", ".join(f"«{name}»" for name in missing)
            raise TemplateError(
                f"Mẫu cần biến {names} nhưng dữ liệu không có.", Location(file=self.path)
            )
        shown: dict[str, Picture] = {}
        rendered = {
            name: self._render_part(part, data, shown if name == _MAIN_PART else None)
            for name, part in self._parts.items()
        }
        rendered[_CORE_PART] = self._core_part(_core_properties(raw))  # plain text: no markup
        stamp = _zip_stamp(data)
        files = [(name, rendered[name] if same is None else same) for name, same in self._zip_parts]
        if shown:
            files = self._with_pictures(files, list(shown.values()))
        return pack_deflated_zip(files, stamp)

    def _with_pictures(
        self, files: list[tuple[str, Deflated]], pictures: list[Picture]
    ) -> list[tuple[str, Deflated]]:
        """``files`` with the pictures' parts, their relationships and the PNG type."""
        raw = {info.filename: data for info, data in self._entries}
        relationships = "".join(
            f'<Relationship Id="rIdHinh{number}" Type="{_IMAGE_RELATIONSHIP}" '
            f'Target="media/{picture.file}"/>'
            for number, picture in enumerate(pictures, start=1)
        )
        rels = (
            raw[_MAIN_RELS]
            .decode("utf-8")
            .replace("</Relationships>", relationships + "</Relationships>")
        )
        types = raw[_CONTENT_TYPES].decode("utf-8")
        if 'Extension="png"' not in types:
            types = types.replace(
                "<Default ", '<Default Extension="png" ContentType="image/png"/><Default ', 1
            )
        changed = {
            _MAIN_RELS: deflate(rels.encode("utf-8")),
            _CONTENT_TYPES: deflate(types.encode("utf-8")),
        }
        files = [(name, changed.get(name, data)) for name, data in files]
        return files + [(f"word/media/{p.file}", deflate(p.png)) for p in pictures]

    def _render_part(
        self, part: _CompiledPart, data: Mapping[str, Any], shown: dict[str, Picture] | None
    ) -> Deflated:
        """Render, check and compress ``part`` as a stream: the report of 10,000 agencies is
        20 million characters, never held whole. ``shown`` collects the pictures it shows
        (None: a part that cannot show one)."""
        sink = _PartSink()
        token = _SHOWN.set(shown)
        try:
            sink.write(_XML_HEADER)
            pieces = part.template.generate(data)
            # Joined a few thousand at a time, in C: a letter is a few hundred pieces.
            while batch := list(islice(pieces, _PIECES_AT_ONCE)):
                sink.write("".join(batch))
            return sink.close()
        except SecurityError as exc:
            raise TemplateError(
                f"Mẫu chứa lệnh không được phép vì có thể gây mất an toàn (chi tiết kỹ thuật: {exc})",
                Location(file=self.path),
            ) from exc
        except jinja2.UndefinedError as exc:
            name = _undefined_name(exc)
            if name is None:  # «list object has no element 0», «there is no previous item»
                raise TemplateError(
                    "Mẫu đọc một phần tử không có trong dữ liệu (một danh sách rỗng, hay "
                    "loop.previtem ở vòng lặp đầu): đặt phần đó trong {% if … %} (chi tiết kỹ "
                    f"thuật: {exc}).",
                    Location(file=self.path),
                ) from exc
            raise TemplateError(
                f"Mẫu cần biến «{name}» nhưng dữ liệu không có (chi tiết kỹ thuật: {exc}).",
                Location(file=self.path, field=name),
            ) from exc
        except jinja2.TemplateError as exc:
            raise TemplateError(f"Không điền được mẫu: {exc}.", Location(file=self.path)) from exc
        except ExpatError as exc:
            raise TemplateError(
                f"Văn bản điền từ mẫu bị hỏng cấu trúc XML ở phần {part.name}: {exc}.",
                Location(file=self.path),
            ) from exc
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise TemplateError(f"Không điền được mẫu: {exc}.", Location(file=self.path)) from exc
        except TemplateError as exc:
            raise TemplateError(exc.text, Location(file=self.path)) from exc
        finally:
            _SHOWN.reset(token)


class _PartSink:
    """Rendered XML in, compressed zip content out, checked for well-formedness on the way.

    expat keeps no tree, and with namespace processing on every prefix must be declared.
    """

    _BATCH = 1 << 16  # characters encoded and fed at once

    def __init__(self) -> None:
        self._parser = expat.ParserCreate(namespace_separator=" ")
        self._compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
        self._pending: list[str] = []
        self._pending_size = 0
        self._compressed: list[bytes] = []
        self._crc = 0
        self._size = 0

    def write(self, text: str) -> None:
        self._pending.append(text)
        self._pending_size += len(text)
        if self._pending_size >= self._BATCH:
            self._feed(final=False)

    def close(self) -> Deflated:
        self._feed(final=True)
        self._compressed.append(self._compressor.flush())
        return Deflated(b"".join(self._compressed), self._crc, self._size)

    def _feed(self, final: bool) -> None:
        data = "".join(self._pending).encode("utf-8")
        self._pending.clear()
        self._pending_size = 0
        self._parser.Parse(data, final)
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        self._compressed.append(self._compressor.compress(data))


def render_docx(template: Path, context: BaseModel | Mapping[str, Any]) -> bytes:
    """Load ``template`` and render it once (use :class:`CompiledTemplate` for many)."""
    return CompiledTemplate.load(template).render(context)


_LINE_BREAK = Markup('</w:t><w:br/><w:t xml:space="preserve">')
_TAB = Markup('</w:t><w:tab/><w:t xml:space="preserve">')


# Text typed on a keyboard quotes with «"…"»; a Vietnamese administrative text with «“…”».
_STRAIGHT_QUOTED = re.compile(r'"([^"\n]+)"')


@functools.lru_cache(maxsize=8192, typed=True)  # typed: a Markup is never taken for text
def _as_run_text(text: str) -> str:
    """Clean ``text``; a pair of straight double quotes becomes “…”; a newline or tab
    becomes a Word line break or tab inside its run."""
    text = clean_text(text)
    if '"' in text:
        text = _STRAIGHT_QUOTED.sub("“\\1”", text)
    if "\n" not in text and "\t" not in text:
        return text
    return _LINE_BREAK.join(_TAB.join(map(escape, line.split("\t"))) for line in text.split("\n"))


_UNCHANGED = frozenset({int, bool, float, type(None), date, datetime})


def clean_context(value: Any) -> Any:
    """``value`` with every string cleaned (:func:`vnformat.clean_text`) and its line breaks
    and tabs made Word's: templates place every variable inside a run's ``<w:t>``."""
    # The exact types a dumped model holds first, without isinstance's subclass checks, and
    # numbers, dates and None kept without a call each (a letter holds a few hundred values).
    kind = type(value)
    if kind is str:
        return _as_run_text(value)
    if kind is dict:
        return {
            key: item if type(item) in _UNCHANGED else clean_context(item)
            for key, item in value.items()
        }
    if kind is list:
        return [item if type(item) in _UNCHANGED else clean_context(item) for item in value]
    if kind in _UNCHANGED:
        return value
    if isinstance(value, str):
        return _as_run_text(value)
    if isinstance(value, Mapping):
        return {key: clean_context(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_context(item) for item in value]
    return value


# --- loading ---------------------------------------------------------------------------


def _read_zip(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    try:
        with zipfile.ZipFile(path) as archive:
            return [(info, archive.read(info)) for info in archive.infolist()]
    except FileNotFoundError as exc:
        raise TemplateError("Không tìm thấy tệp mẫu.", Location(file=path)) from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise TemplateError(
            "Tệp mẫu hỏng hoặc không phải văn bản Word (.docx).", Location(file=path)
        ) from exc


def _part_xml(path: Path, name: str, data: bytes) -> str:
    """The part as docxtpl sees it: parsed and serialised by lxml, without declaration."""
    try:
        root = etree.fromstring(data, _STRICT_PARSER)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            f"Phần {name} của tệp mẫu bị hỏng: {exc}.", Location(file=path)
        ) from exc
    _refuse_revisions(path, root)
    _section_breaks_apart(root)
    return _DOCXTPL.xml_to_string(root)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REVISIONS = tuple(
    f"{_W}{name}" for name in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange")
)


def _element_text(paragraph: etree._Element, *tags: str) -> str:
    """The text of a paragraph parsed by lxml: its ``<w:t>`` (and ``tags``) joined."""
    return "".join(t.text or "" for t in paragraph.iter(f"{_W}t", *tags))


_ACCEPT_ALL = (
    "trong Word chọn Xem lại (Review) > Chấp nhận (Accept) > Chấp nhận Tất cả Thay đổi; trong "
    "LibreOffice Writer chọn Sửa (Edit) > Theo dõi Thay đổi (Track Changes) > Chấp nhận Tất cả, "
    "rồi lưu lại"
)


def _refuse_revisions(path: Path, root: etree._Element) -> None:
    """Changes tracked in a template (Track Changes on while a clerk edited it) would be
    copied, still marked, into every document signed from it."""
    for element in root.iter(*_REVISIONS):
        paragraph = next(element.iterancestors(f"{_W}p"), element)
        text = _element_text(paragraph, f"{_W}delText")
        raise TemplateError(
            f"Mẫu còn thay đổi được theo dõi (Track Changes), ví dụ ở đoạn "
            f"«{_shortened(' '.join(text.split()), 120)}»: mọi văn bản điền từ mẫu sẽ mang các "
            f"dấu sửa này. Chấp nhận hoặc từ chối tất cả thay đổi: {_ACCEPT_ALL}.",
            Location(file=path),
        )


_SETTINGS_PART = "word/settings.xml"
_TRACKING = re.compile(rb"<w:trackRevisions\b[^>]*/>")


def _without_tracking(info: zipfile.ZipInfo, data: bytes) -> tuple[zipfile.ZipInfo, bytes]:
    """Track Changes left switched on in the template (accepting every change in Word keeps
    it on): every document would open with it on, and the number and date the office types
    before signing would be tracked changes. The documents are made with it off."""
    if info.filename == _SETTINGS_PART and b"trackRevisions" in data:
        return info, _TRACKING.sub(b"", data)
    return info, data


def _refuse_comments(path: Path, entries: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
    """Comments left in a template would be copied into every document signed from it."""
    for info, data in entries:
        if info.filename == "word/comments.xml" and b"<w:comment " in data:
            raise TemplateError(
                f"Mẫu còn {data.count(b'<w:comment ')} ghi chú (Comment): mọi văn bản điền từ "
                "mẫu sẽ mang theo các ghi chú này. Xóa hết ghi chú (Word: Xem lại > Xóa > Xóa "
                "Tất cả Chú thích trong Tài liệu; LibreOffice Writer: chuột phải vào một ghi "
                "chú > Xóa Tất cả Ghi chú) rồi lưu lại.",
                Location(file=path),
            )


_OPENING_TAG = re.compile(r"^\{%-?\s*p\s+(if|for)\b")


def _section_breaks_apart(root: etree._Element) -> None:
    """A section break moved onto a ``{%p … %}`` paragraph gets a paragraph of its own again.

    Word keeps a section break in the paragraph that ends the section; LibreOffice Writer,
    saving a .docx, drops an empty paragraph holding only the break and puts the break on
    the paragraph before it, here the ``{%p if … %}`` opening an appendix. docxtpl replaces
    that paragraph by its tag, break and all: every letter's appendix ran on under the
    signature, its pages numbered on. The break is put back in an empty paragraph of its
    own, just inside the block the tag opens (or just before a closing tag), where the
    shipped template has it."""
    for paragraph in root.iter(f"{_W}p"):
        properties = paragraph.find(f"{_W}pPr")
        section = properties.find(f"{_W}sectPr") if properties is not None else None
        if section is None:
            continue
        text = _element_text(paragraph).strip()
        if not (text.startswith(("{%p", "{%-p")) and text.endswith("%}")):
            continue
        properties.remove(section)
        alone = etree.Element(f"{_W}p")
        etree.SubElement(alone, f"{_W}pPr").append(section)
        if _OPENING_TAG.match(text):
            paragraph.addnext(alone)
        else:
            paragraph.addprevious(alone)


_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_RUN_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_PARAGRAPH_TAG = re.compile(r"\{%-?\s*p\s.*?%\}", re.DOTALL)


def _refuse_text_beside_paragraph_tags(path: Path, texts: list[str]) -> None:
    """A ``{%p … %}`` tag stands for its whole paragraph, which docxtpl replaces by the tag:
    anything else typed in that paragraph (a sentence joined to it by one Delete in Word)
    would vanish from every document without a word."""
    for text, rest in _text_beside_tags(texts, _PARAGRAPH_TAG):
        raise TemplateError(
            f"Đoạn «{_shortened(text, 80)}» vừa có thẻ «{{%p … %}}» vừa có chữ "
            f"«{_shortened(rest, 80)}»: "
            "thẻ {%p … %} phải đứng một mình một đoạn (chữ khác trong đoạn đó sẽ bị mất khi "
            "tạo văn bản). Đặt con trỏ ngay trước hoặc sau thẻ, nhấn Enter để tách chữ sang "
            "đoạn khác.",
            Location(file=path),
        )


# A paragraph holding nothing but one block tag written without its «p»: «{% if x %}».
_BARE_BLOCK_TAG = re.compile(r"\{%-?\s*(if|elif|else|endif|for|endfor|set)\b[^%]*-?%\}", re.DOTALL)
_BARE_COMMENT = re.compile(r"\{#(?!p)[^#]*#\}", re.DOTALL)  # «{# ghi chú #}», not «{#p … #}»


# docxtpl reads a dash beside a tag's brace as «join with the text before / after», not
# as Jinja's trimming of spaces: «{%-» (anywhere) and «-%}» ending its paragraph made the
# words before it, or the paragraph after it, vanish from every letter. «-%}» followed by
# more text of its paragraph is Jinja's own and harmless.
_WHITESPACE_CONTROL = re.compile(r"\{[%{]-|-[%}]\}\s*$")


def _refuse_whitespace_control(path: Path, texts: list[str]) -> None:
    for text in texts:
        if _WHITESPACE_CONTROL.search(text):
            raise TemplateError(
                f"Đoạn «{_shortened(text.strip(), 80)}» có thẻ với dấu «-» ngay sát dấu ngoặc "
                "({%- … -%}): khi tạo văn bản, dấu này nối đoạn với đoạn trước hoặc sau và làm "
                "mất chữ. Bỏ dấu «-» (viết {% … %}).",
                Location(file=path),
            )


_ROW = re.compile(r"<w:tr[ >].*?</w:tr>", re.DOTALL)
_ROW_TAG = re.compile(r"\{%-?\s*tr\s.*?%\}", re.DOTALL)


def _refuse_text_beside_row_tags(path: Path, xml: str) -> None:
    """A ``{%tr … %}`` tag stands for its whole table row, which docxtpl replaces by the
    tag: text typed in the row's other cells vanished from every document."""
    if "{%tr" not in xml and "{%-tr" not in xml:
        return
    rows = [run_text(row) for row in _ROW.findall(xml)]
    for text, rest in _text_beside_tags(rows, _ROW_TAG):
        tag = _ROW_TAG.search(text)[0]  # type: ignore[index]
        raise TemplateError(
            f"Dòng bảng có thẻ «{_shortened(tag, 60)}» còn có chữ «{_shortened(rest, 80)}» ở ô "
            "khác: thẻ {%tr … %} thay cho cả dòng (chữ khác trong dòng sẽ mất khi tạo văn "
            "bản). Chuyển chữ đó sang dòng khác, hoặc xóa.",
            Location(file=path),
        )


def _text_beside_tags(texts: list[str], tag: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    """Each paragraph (or row), given by its text, holding a docxtpl tag that stands for
    the whole of it and other text too: (its text, the other text)."""
    for text in texts:
        if "{%" not in text or not tag.search(text):
            continue
        rest = tag.sub("", text).strip()
        if rest:
            yield text, rest


def _refuse_bare_block_tags(path: Path, texts: list[str]) -> None:
    """``{% if … %}`` alone on its line is kept as an empty paragraph in every document
    (the Jinja tag goes, its paragraph stays): docxtpl's ``{%p if … %}`` removes it."""
    for text in texts:
        text = text.strip()
        if _BARE_COMMENT.fullmatch(text):
            raise TemplateError(
                f"Đoạn «{_shortened(text, 80)}» chỉ có một ghi chú {{# … #}}: mọi văn bản sẽ có "
                "một đoạn trống ở chỗ này. Viết «{#p» thay cho «{#» để cả đoạn được bỏ đi.",
                Location(file=path),
            )
        tag = _BARE_BLOCK_TAG.fullmatch(text)
        if tag is None:
            continue
        # «{%- if x -%}» too: docxtpl's paragraph tag takes no «-» (it would eat a heading)
        fixed = re.sub(r"\s*-?%\}$", " %}", re.sub(r"^\{%-?\s*", "{%p ", text))
        raise TemplateError(
            f"Đoạn «{_shortened(text, 80)}» chỉ có một thẻ {{% {tag[1]} … %}}: mọi văn bản sẽ "
            f"có một đoạn trống ở chỗ này. Viết «{_shortened(fixed, 80)}» (thêm chữ p sau "
            "{%) để cả đoạn được bỏ đi khi tạo văn bản.",
            Location(file=path),
        )


def run_text(xml: str) -> str:
    """The text of the runs of a part or of a paragraph of it, as Word shows it."""
    return html.unescape("".join(_RUN_TEXT.findall(xml)))


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _compile_part(env: SandboxedEnvironment, path: Path, name: str, xml: str) -> _CompiledPart:
    # the checks of what a clerk typed, on the text of each paragraph holding a tag
    tagged = [t for p in _PARAGRAPH.findall(xml) if "{" in (t := run_text(p)) or "}" in t]
    _refuse_text_beside_paragraph_tags(path, tagged)
    _refuse_bare_block_tags(path, tagged)
    _refuse_whitespace_control(path, tagged)
    _refuse_text_beside_row_tags(path, xml)
    source = _BRACE_ESCAPES.sub(_literal_braces, _DOCXTPL.patch_xml(xml))
    # docxtpl renders with one paragraph per line, so that errors have useful line numbers;
    # here the lines are made only to name the paragraph of an error: the rendered text
    # needs no joining (a 20 MB report was copied twice over by that join).
    lined = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
    try:
        tree = env.parse(lined)
    except jinja2.TemplateSyntaxError as exc:
        _raise_syntax_error(path, name, lined, exc)
    # before compiling: Jinja refuses an unknown filter at compile time, told as a syntax
    # error over the whole part
    _refuse_unknown_filters(env, path, name, lined, tree)
    try:
        template = env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        _raise_syntax_error(path, name, lined, exc)
    return _CompiledPart(name, template, frozenset(_undeclared(tree)), lined)


def _undeclared(tree: jinja2.nodes.Template) -> set[str]:
    """The names the context must give: Jinja's undeclared names, less those the template
    sets itself (``{% set %}`` in both branches of an ``{% if %}`` counts as undeclared to
    Jinja's analysis, and rendered fine)."""
    assigned = {
        name.name
        for node in tree.find_all((jinja2.nodes.Assign, jinja2.nodes.AssignBlock))
        for name in (node.target, *node.target.find_all(jinja2.nodes.Name))
        if isinstance(name, jinja2.nodes.Name)
    }
    return meta.find_undeclared_variables(tree) - assigned


_BY_NAME = {"map": "filter", "select": "test", "reject": "test"}


def _named_filters(
    tree: jinja2.nodes.Template,
) -> Iterator[jinja2.nodes.Filter | jinja2.nodes.Test]:
    """Every filter and test the template names: written as such, or given by name to
    ``map``, ``select``, ``reject`` (``map('liet_ke')``), told as one of their own kind."""
    for node in tree.find_all((jinja2.nodes.Filter, jinja2.nodes.Test)):
        yield node
        kind = _BY_NAME.get(node.name) if isinstance(node, jinja2.nodes.Filter) else None
        first = node.args[0] if kind and node.args else None
        if isinstance(first, jinja2.nodes.Const) and isinstance(first.value, str):
            named = jinja2.nodes.Filter if kind == "filter" else jinja2.nodes.Test
            yield named(None, first.value, [], [], None, None, lineno=node.lineno)


def _refuse_unknown_filters(
    env: SandboxedEnvironment, path: Path, name: str, lined: str, tree: jinja2.nodes.Template
) -> None:
    """A filter or test Jinja does not know, in a branch no document of this year takes, is
    an error only the year some agency takes it: told now, with its paragraph."""
    for node in _named_filters(tree):
        is_filter = isinstance(node, jinja2.nodes.Filter)
        if node.name in (env.filters if is_filter else env.tests):
            continue
        where = f"(phần {name}, đoạn «{paragraph_at(lined, node.lineno)}»)"
        if is_filter:
            advice = "danh sách bộ lọc dùng được: lệnh «vanban mau-van-ban»"
        else:
            advice = "phép thử của Jinja: defined, none, number, string, sameas…"
        raise TemplateError(
            f"Mẫu dùng {'bộ lọc' if is_filter else 'phép thử'} «{node.name}» không có {where}: "
            f"kiểm tra chính tả; {advice}.",
            Location(file=path),
        )


_BLOCK_TAG = re.compile(r"\{%-?\s*(?:[pr]|tr|tc)?\s*(if|for|endif|endfor)\b")


def _unclosed_block(source: str) -> tuple[str, int] | None:
    """The last ``if`` or ``for`` opened and never closed, with its line: Jinja reports such
    a block at the end of the part, far from the paragraph the clerk edited."""
    stack: list[tuple[str, int]] = []
    for number, line in enumerate(source.splitlines(), start=1):
        for match in _BLOCK_TAG.finditer(line):
            word = match.group(1)
            if word in ("if", "for"):
                stack.append((word, number))
            elif stack and stack[-1][0] == word[3:]:
                stack.pop()
    return stack[-1] if stack else None


def _raise_syntax_error(
    path: Path, name: str, source: str, exc: jinja2.TemplateSyntaxError
) -> NoReturn:
    unclosed = _unclosed_block(source) if "end of template" in (exc.message or "") else None
    if unclosed is not None:
        word, line = unclosed
        raise TemplateError(
            f"Mẫu có lỗi cú pháp (phần {name}): thẻ {{% {word} … %}} ở đoạn "
            f"«{paragraph_at(source, line)}» chưa có thẻ đóng {{% end{word} %}}.",
            Location(file=path, line=line),
        ) from exc
    near = _text_near(source, exc.lineno)
    detail = exc.message.rstrip(".") if exc.message else "không rõ"
    raise TemplateError(
        f"Mẫu có lỗi cú pháp (phần {name}) gần đoạn «{near}»: kiểm tra các cặp thẻ "
        f"{{% … %}} và {{{{ … }}}} (chi tiết kỹ thuật: {detail}).",
        Location(file=path, line=exc.lineno),
    ) from exc


def paragraph_at(source: str, lineno: int, limit: int = 120) -> str:
    """The text of one paragraph (a line of the lined source), shortened for a message."""
    return _shortened(re.sub(r"<[^>]+>", "", source.splitlines()[lineno - 1]).strip(), limit)


def _text_near(source: str, lineno: int | None) -> str:
    lines = source.splitlines()
    if not lineno or lineno > len(lines):
        return ""
    window = lines[max(lineno - 2, 0) : lineno + 1]
    return " ".join(re.sub(r"<[^>]+>", "", line) for line in window).strip()


# --- rendering -------------------------------------------------------------------------


def _as_mapping(context: BaseModel | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(context, BaseModel):
        return context.model_dump()
    if isinstance(context, Mapping):
        return context
    raise TypeError(f"context must be a pydantic model or a mapping, not {type(context)!r}")


def _undefined_name(exc: jinja2.UndefinedError) -> str | None:
    """The variable or field Jinja did not find; None when it missed something else."""
    match = _UNDEFINED_NAME.search(str(exc))
    if match is None:
        return None
    return match.group(1) or match.group(2)


def _literal_braces(match: re.Match[str]) -> str:
    plain = match.group(0).replace("_", "")
    return "{{ '" + plain + "' }}"


def _document_date(data: Mapping[str, Any]) -> date | None:
    header = data.get("header")
    if isinstance(header, Mapping):
        value = header.get("document_date")
        if isinstance(value, date):
            return value
    return None


def _zip_stamp(data: Mapping[str, Any]) -> tuple[int, ...]:
    when = _document_date(data)
    if when is None:
        return ZIP_EPOCH
    return (when.year, when.month, when.day, 0, 0, 0)


def _title(data: Mapping[str, Any]) -> str:
    for key in ("subject", "subject_line"):
        value = data.get(key)
        if isinstance(value, str):
            return " ".join(_clean_text(value).split())
    return ""


def _creator(data: Mapping[str, Any]) -> str:
    header = data.get("header")
    if isinstance(header, Mapping) and isinstance(header.get("issuing_body"), str):
        # the header's lines («SỞ NÔNG NGHIỆP\nVÀ MÔI TRƯỜNG») as one name
        return " ".join(_clean_text(header["issuing_body"]).split())
    return ""


def _core_properties(data: Mapping[str, Any]) -> bytes:
    when = _document_date(data) or date(*ZIP_EPOCH[:3])
    stamp = datetime(when.year, when.month, when.day).strftime("%Y-%m-%dT%H:%M:%SZ")
    xml = (
        f"{_XML_HEADER}"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_escape(_title(data))}</dc:title>"
        f"<dc:creator>{xml_escape(_creator(data))}</dc:creator>"
        "<dc:language>vi-VN</dc:language>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    return xml.encode("utf-8")
