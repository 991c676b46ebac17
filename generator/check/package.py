"""Opening a .docx for `vanban check`: the zip, its relationships and XML parts, with limits.

A document a clerk hands us may be anything: an old .doc, a password-protected file, a zip
bomb, a file with corrupt compressed data, a macro-enabled document. Sizes are checked from
the zip directory before anything is unpacked, every part is read through a bounded stream,
and each failure is told in Vietnamese with the file (and the part) named.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generator.errors import VanbanError
from generator.vnformat import format_number

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

MAX_FILE_BYTES = 50 * 1024 * 1024
# What `vanban check` unpacks (the XML parts it reads) stays far below what an official
# document needs and far below a memory a clerk's computer has.
MAX_XML_BYTES = 40 * 1024 * 1024
MAX_MEMBERS = 10_000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")
MACRO_CONTENT_TYPE = "macroEnabled"
SAVE_AS_DOCX = "hãy mở bằng Word và lưu lại dưới dạng «Tài liệu Word (*.docx)»"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag or attribute."""
    return f"{{{W_NS}}}{tag}"


class DocxReadError(VanbanError):
    """The file given to `vanban check` cannot be read as a Word document."""


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


@dataclass
class Package:
    """An opened .docx: its main part, styles and theme, and what the clerk should know."""

    path: Path
    zip: zipfile.ZipFile
    part_name: str
    document: etree._Element
    rels: dict[str, str]
    styles_root: etree._Element | None
    theme_root: etree._Element | None
    notices: list[str] = field(default_factory=list)
    styles_part: str | None = None
    parsed: dict[str, etree._Element] = field(default_factory=dict)  # each part read once
    _budget: list[int] = field(default_factory=lambda: [MAX_XML_BYTES])

    def part(self, rel_id: str) -> etree._Element | None:
        """The parsed part a relationship of the main part points to (parsed once)."""
        target = self.rels.get(rel_id)
        if target is None:
            return None
        if target not in self.parsed:
            root = read_xml(self, target, required=False)
            if root is None:
                return None
            self.parsed[target] = root
        return self.parsed[target]

    def close(self) -> None:
        self.zip.close()


def _broken(path: Path, name: str | None = None) -> DocxReadError:
    where = f": phần «{name}» không giải nén được" if name else ""
    return DocxReadError(
        f"Tệp «{path.name}» bị hỏng{where}; hãy mở lại bằng Word, lưu rồi kiểm tra lại."
    )


def read_bytes(package: Package, name: str) -> bytes | None:
    """A member's bytes, counted against the unpacking budget; None when it is absent."""
    try:
        info = package.zip.getinfo(name)
    except KeyError:
        return None
    if info.file_size > package._budget[0]:
        raise DocxReadError(
            f"Tệp «{package.path.name}»: phần «{name}» khi giải nén lớn "
            f"{info.file_size / (1024 * 1024):.0f} MB, vượt quá giới hạn "
            f"{MAX_XML_BYTES // (1024 * 1024)} MB của một văn bản; vanban không mở tệp này."
        )
    try:
        # zipfile never returns more than the size the directory declares (a member that
        # inflates further fails its CRC), so the budget bounds memory.
        data = package.zip.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise _broken(package.path, name) from exc
    package._budget[0] -= len(data)
    return data


def read_xml(package: Package, name: str, *, required: bool = True) -> etree._Element | None:
    data = read_bytes(package, name)
    if data is None:
        if required:
            raise DocxReadError(
                f"Tệp «{package.path.name}» không phải văn bản Word hợp lệ: thiếu phần «{name}»."
            )
        return None
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocxReadError(
            f"Tệp «{package.path.name}» bị hỏng: phần «{name}» không đọc được ({exc.msg})."
        ) from exc


def relationships(package: Package, source_part: str) -> list[tuple[str, str, str]]:
    """(id, type, absolute part name) of each internal relationship of a part."""
    folder, name = posixpath.split(source_part)
    root = read_xml(package, posixpath.join(folder, "_rels", f"{name}.rels"), required=False)
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


def _refuse_before_unzip(path: Path) -> None:
    if not path.exists():
        raise DocxReadError(f"Không tìm thấy tệp «{path}».")
    if not path.is_file():
        raise DocxReadError(f"«{path}» là thư mục, không phải tệp văn bản .docx.")
    size = path.stat().st_size
    if size == 0:
        raise DocxReadError(f"Tệp «{path.name}» rỗng (0 byte).")
    if size > MAX_FILE_BYTES:
        raise DocxReadError(
            f"Tệp «{path.name}» lớn {size / (1024 * 1024):.0f} MB, vượt quá giới hạn "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB của một văn bản; vanban không mở tệp này."
        )
    with path.open("rb") as stream:
        head = stream.read(8)
    if head == OLE2_MAGIC:
        if ENCRYPTION_MARK in path.read_bytes():
            raise DocxReadError(
                f"Tệp «{path.name}» được đặt mật khẩu nên không đọc được; hãy mở bằng Word, gỡ "
                "mật khẩu (Tệp > Thông tin > Bảo vệ tài liệu > Mã hóa bằng mật khẩu, để trống) "
                "rồi lưu lại."
            )
        raise DocxReadError(
            f"Tệp «{path.name}» là văn bản Word cũ (.doc), không phải .docx; {SAVE_AS_DOCX}."
        )
    if not head.startswith(b"PK"):
        raise DocxReadError(
            f"Tệp «{path.name}» không phải văn bản Word .docx (có thể là PDF hoặc tệp bị hỏng); "
            f"{SAVE_AS_DOCX}."
        )


def _macro_notice(package: Package) -> None:
    names = set(package.zip.namelist())
    types = read_bytes(package, "[Content_Types].xml") or b""
    if MACRO_CONTENT_TYPE.encode() in types or any(
        n.lower().endswith("vbaproject.bin") for n in names
    ):
        package.notices.append(
            "tệp là văn bản có macro (.docm); vanban chỉ đọc chữ và định dạng, không chạy "
            "macro. Vì lý do an toàn, chỉ mở tệp trong Word khi biết rõ nguồn gửi và hãy lưu "
            "lại dưới dạng .docx trước khi phát hành."
        )


def open_package(path: Path) -> Package:
    """Open ``path`` as a .docx; the caller closes it.

    :raises DocxReadError: missing, not a .docx, password-protected, too large or corrupt.
    """
    try:
        _refuse_before_unzip(path)
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _broken(path) from exc
    except OSError as exc:
        raise DocxReadError(
            f"Không mở được tệp «{path.name}» (đang bị khóa hoặc chưa tải về máy); đóng "
            "chương trình đang giữ tệp rồi chạy lại."
        ) from exc
    try:
        return _read_main_parts(path, archive)
    except BaseException:
        archive.close()
        raise


def _read_main_parts(path: Path, archive: zipfile.ZipFile) -> Package:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise DocxReadError(
            f"Tệp «{path.name}» chứa {format_number(len(infos))} phần, quá nhiều đối với một "
            "văn bản; "
            "vanban không mở tệp này."
        )
    package = Package(path, archive, "", etree.Element("empty"), {}, None, None)
    main = next(
        (target for _, kind, target in relationships(package, "") if kind == OFFICE_DOC_REL),
        "word/document.xml",
    )
    document = read_xml(package, main)
    assert document is not None
    if document.tag != w("document"):
        raise DocxReadError(f"Tệp «{path.name}» không phải văn bản Word (.docx).")
    package.part_name, package.document = main, document
    rels = relationships(package, main)
    package.rels = {rid: target for rid, _, target in rels}
    for _, kind, target in rels:
        if kind == STYLES_REL:
            package.styles_root = read_xml(package, target, required=False)
            package.styles_part = target
        elif kind == THEME_REL:
            package.theme_root = read_xml(package, target, required=False)
    _macro_notice(package)
    _content_notices(package)
    return package


# Revision marks Word keeps while «Track Changes» is on: the checks read the text as if
# every change were accepted, which is not yet what the document says.
_REVISIONS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange")


def _content_notices(package: Package) -> None:
    body = package.document.find(w("body"))
    if body is not None and not "".join(body.itertext()).strip():
        package.notices.append("văn bản không có chữ nào; các kết quả dưới đây không có ý nghĩa.")
    if any(True for tag in _REVISIONS for _ in package.document.iter(w(tag))):
        package.notices.append(
            "văn bản còn thay đổi chưa chấp nhận (Track Changes); vanban kiểm tra như khi mọi "
            "thay đổi đã được chấp nhận. Trước khi phát hành, trong Word chọn Review (Xem lại) "
            "> Accept (Chấp nhận) > Accept All Changes, rồi tắt Track Changes."
        )
