"""Hostile files for `vanban check`: each case is one file a clerk might hand over and what
the clerk must read (issue 10, «`vanban check` on hostile files»).

A case builds one file in an empty folder from a conforming document (tests'
fixtures_conformance) and names the exit code and the exact fragments of the message.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fixtures_conformance import Spec, build

from tests.corpus.build import ole2_file

DOCUMENT = "word/document.xml"
MB = 1024 * 1024


@dataclass(frozen=True)
class CheckCase:
    id: str
    name: str  # the file's name
    make: Callable[[Path], bytes]  # the file's bytes, from a scratch folder
    expect: tuple[str, ...]
    exit_code: int = 1
    absent: tuple[str, ...] = ()


def conforming(scratch: Path) -> bytes:
    return build(scratch / "mau.docx", Spec()).read_bytes()


def rezip(
    data: bytes,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if edit and info.filename in edit:
                content = edit[info.filename](content)
            target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def inflating_document(scratch: Path) -> bytes:
    """document.xml padded with 100 MB of spaces: a file of about 100 kB."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(conforming(scratch))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            if info.filename != DOCUMENT:
                target.writestr(info.filename, source.read(info))
                continue
            with target.open(DOCUMENT, "w", force_zip64=True) as member:
                member.write(source.read(info))
                chunk = b" " * MB
                for _ in range(100):
                    member.write(chunk)
    return out.getvalue()


def _member_offsets(data: bytes, name: bytes) -> tuple[int, int]:
    """Offsets of the local header and the central directory entry of ``name``."""
    local = data.find(b"PK\x03\x04")
    while data[local + 30 : local + 30 + len(name)] != name:
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    return local, central


def forged_sizes(scratch: Path) -> bytes:
    """document.xml's directory entry claims 1 kB; its data inflates to far more."""
    data = bytearray(conforming(scratch))
    local, central = _member_offsets(bytes(data), DOCUMENT.encode())
    small = (1024).to_bytes(4, "little")
    data[local + 22 : local + 26] = small
    data[central + 24 : central + 28] = small
    return bytes(data)


def corrupt_deflate(scratch: Path) -> bytes:
    """Garbage in the middle of document.xml's compressed data."""
    data = bytearray(conforming(scratch))
    local, _ = _member_offsets(bytes(data), DOCUMENT.encode())
    name_length = int.from_bytes(data[local + 26 : local + 28], "little")
    extra_length = int.from_bytes(data[local + 28 : local + 30], "little")
    start = local + 30 + name_length + extra_length
    data[start + 40 : start + 80] = b"\xff" * 40
    return bytes(data)


MACRO_TYPES = b"application/vnd.ms-word.document.macroEnabled.main+xml"


def macro_enabled(scratch: Path) -> bytes:
    def macro_type(xml: bytes) -> bytes:
        return xml.replace(
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            MACRO_TYPES,
        )

    return rezip(
        conforming(scratch),
        edit={"[Content_Types].xml": macro_type},
        add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 512},
    )


def many_members(scratch: Path) -> bytes:
    return rezip(conforming(scratch), add={f"customXml/them{i}.xml": b"" for i in range(10_001)})


def without_document(scratch: Path) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(conforming(scratch))) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            if info.filename != DOCUMENT:
                target.writestr(info.filename, source.read(info))
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "HAHAHAHAHA">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)


def entity_expansion(scratch: Path) -> bytes:
    def declare(xml: bytes) -> bytes:
        body = xml[xml.index(b"?>") + 2 :] if xml.startswith(b"<?xml") else xml
        return LAUGHS + body.replace(b"Nguy\xe1\xbb\x85n V\xc4\x83n An", b"&c;", 1)

    return rezip(conforming(scratch), edit={DOCUMENT: declare})


CHECK_CASES: tuple[CheckCase, ...] = (
    CheckCase(
        "bom-giai-nen-100-mb",
        "vb.docx",
        inflating_document,
        (
            "Lỗi: Tệp «vb.docx»: phần «word/document.xml» khi giải nén lớn 100 MB, vượt quá "
            "giới hạn 40 MB của một văn bản; vanban không mở tệp này.",
        ),
    ),
    CheckCase(
        "kich-thuoc-khai-gian",
        "vb.docx",
        forged_sizes,
        (
            "Lỗi: Tệp «vb.docx» bị hỏng: phần «word/document.xml» không giải nén được; hãy mở "
            "lại bằng Word, lưu rồi kiểm tra lại.",
        ),
    ),
    CheckCase(
        "du-lieu-nen-hong",
        "vb.docx",
        corrupt_deflate,
        ("Lỗi: Tệp «vb.docx» bị hỏng: phần «word/document.xml» không giải nén được",),
        absent=("zlib",),
    ),
    CheckCase(
        "dat-mat-khau",
        "vb.docx",
        lambda scratch: ole2_file(with_encryption=True),
        ("Lỗi: Tệp «vb.docx» được đặt mật khẩu nên không đọc được; hãy mở bằng Word, gỡ mật khẩu",),
        absent=(".doc)",),
    ),
    CheckCase(
        "word-cu-doc",
        "vb.docx",
        lambda scratch: ole2_file(with_encryption=False),
        (
            "Lỗi: Tệp «vb.docx» là văn bản Word cũ (.doc), không phải .docx; hãy mở bằng Word và "
            "lưu lại dưới dạng «Tài liệu Word (*.docx)».",
        ),
    ),
    CheckCase(
        "co-macro",
        "vb.docm",
        macro_enabled,
        (
            "LƯU Ý  vb.docm: tệp là văn bản có macro (.docm); vanban chỉ đọc chữ và định dạng, "
            "không chạy macro.",
            "vb.docm: 22 đạt, 0 lỗi, 1 lưu ý — văn bản đạt thể thức.",
        ),
        exit_code=0,
    ),
    CheckCase("tep-rong", "vb.docx", lambda scratch: b"", ("Lỗi: Tệp «vb.docx» rỗng (0 byte).",)),
    CheckCase(
        "tep-pdf",
        "vb.docx",
        lambda scratch: b"%PDF-1.7\n" + b"0" * 100,
        ("Lỗi: Tệp «vb.docx» không phải văn bản Word .docx (có thể là PDF hoặc tệp bị hỏng)",),
    ),
    CheckCase(
        "qua-nhieu-phan",
        "vb.docx",
        many_members,
        (
            "Lỗi: Tệp «vb.docx» chứa 10.",
            "phần, quá nhiều đối với một văn bản; vanban không mở tệp này.",
        ),
    ),
    CheckCase(
        "thieu-document-xml",
        "vb.docx",
        without_document,
        ("Lỗi: Tệp «vb.docx» không phải văn bản Word hợp lệ: thiếu phần «word/document.xml».",),
    ),
    CheckCase(
        "thuc-the-long-nhau",
        "vb.docx",
        entity_expansion,
        # the entity standing for the signer's name is never expanded
        ("không tìm thấy họ tên người ký dưới chức vụ", "vb.docx: 21 đạt, 1 lỗi"),
        exit_code=1,
        absent=("HAHAHAHAHA",),
    ),
)
