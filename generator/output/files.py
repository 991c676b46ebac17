"""Writing files: never half-written, and the same content always gives the same bytes."""

from __future__ import annotations

import errno
import io
import os
import shutil
import struct
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from generator.errors import Location, OutputError

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: another process holds the file open.
WINDOWS_FILE_IN_USE = (32, 33)
# Renaming or replacing a file (or a folder holding one) that Excel or Word has open gives
# ERROR_ACCESS_DENIED (5) as well; so does a virus scanner or indexer reading a new file
# for a moment, hence a few tries before giving up.
WINDOWS_RENAME_BLOCKED = (5, *WINDOWS_FILE_IN_USE)
RENAME_RETRY_DELAYS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3)  # about one second in all
COMPRESS_LEVEL = 6

_OS_PROBLEMS = {
    errno.ENOSPC: "ổ đĩa đã hết chỗ trống, không ghi được tệp; giải phóng dung lượng rồi chạy lại",
    errno.EACCES: "không có quyền ghi vào thư mục kết quả; chọn thư mục khác bằng --out",
    errno.EPERM: "không có quyền ghi vào thư mục kết quả; chọn thư mục khác bằng --out",
    errno.EROFS: "thư mục kết quả nằm trên ổ chỉ đọc; chọn thư mục khác bằng --out",
    errno.ENOTDIR: "một phần của đường dẫn là tệp chứ không phải thư mục; chọn thư mục khác bằng --out",
    errno.EISDIR: "đã có một thư mục trùng tên với tệp cần ghi",
    errno.ENAMETOOLONG: "đường dẫn quá dài; chọn thư mục kết quả ngắn hơn bằng --out",
}


def describe_os_error(exc: OSError, path: Path | None = None) -> str:
    """The clerk's sentence for a failed write (the OS's own text may be English)."""
    blocker = _file_in_the_way(path) if exc.errno in (errno.ENOTDIR, errno.EEXIST) else None
    if blocker is not None:
        return f"«{blocker.name}» là một tệp, không phải thư mục; chọn thư mục khác bằng --out"
    # Windows: a file open in Word or Excel cannot be replaced (sharing or lock violation).
    # Python maps both errors to EACCES, so they are told apart before the errno table.
    if getattr(exc, "winerror", None) in WINDOWS_FILE_IN_USE:
        return "tệp đang mở trong Word hoặc Excel; đóng tệp rồi chạy lại"
    if exc.errno in _OS_PROBLEMS:
        return _OS_PROBLEMS[exc.errno]
    return f"không ghi được tệp (mã lỗi hệ thống {exc.errno})"


def write_error(exc: OSError, path: Path) -> OutputError:
    """The error to raise for a failed write at ``path``, in the clerk's words."""
    return OutputError(describe_os_error(exc, path), Location(file=path))


def describe_move_error(exc: OSError, path: Path) -> str:
    """The clerk's sentence for a failed rename or replace of ``path`` (a file or a folder)."""
    if getattr(exc, "winerror", None) in WINDOWS_RENAME_BLOCKED:
        what = "một tệp trong thư mục" if path.is_dir() else "tệp"
        return (
            f"{what} «{path.name}» đang mở trong Excel hoặc Word nên không thay được; đóng "
            "tệp đó rồi chạy lại"
        )
    if exc.errno in (errno.EACCES, errno.EPERM) and path.exists() and not path.is_dir():
        return (
            f"không thay được tệp «{path.name}» (tệp đang mở trong chương trình khác, đặt chỉ "
            "đọc hoặc bị khóa); đóng tệp hoặc bỏ thuộc tính chỉ đọc rồi chạy lại"
        )
    return describe_os_error(exc, path)


def move(source: Path, target: Path) -> None:
    """``os.replace``, tried again for about a second while Windows says the file is busy."""
    for delay in (*RENAME_RETRY_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except OSError as exc:
            if delay is None or getattr(exc, "winerror", None) not in WINDOWS_RENAME_BLOCKED:
                raise
        time.sleep(delay)


def _file_in_the_way(path: Path | None) -> Path | None:
    """The first part of ``path`` (itself included: a folder to make) that exists as a file
    where a folder is needed."""
    if path is None:
        return None
    for part in (*reversed(path.parents), path):
        if part.exists() and not part.is_dir():  # a file, or a device (/dev/null)
            return part
    return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path``, flush it to disk, then rename it into place.

    A reader sees the old file or the new one, never half of one; on failure the
    temporary file is removed and an OutputError names the file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise write_error(exc, path) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise write_error(exc, path) from exc
    try:
        move(Path(temporary), path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(describe_move_error(exc, path), Location(file=path)) from exc


def write_new_file(path: Path, data: bytes) -> None:
    """Write a file of a staging folder (nobody else's); every failure is an OutputError."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise write_error(exc, path) from exc


def pack_zip(files: Iterable[tuple[str, bytes]], date_time: tuple[int, ...] = ZIP_EPOCH) -> bytes:
    """A zip of ``files`` in the given order, every entry with the same date and attributes.

    ``create_system`` is fixed too: Python's default differs between Windows and Linux.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, data, compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def _entry_info(name: str, date_time: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    return info


_COPY_CHUNK = 1 << 20


def repack_zip(source: BinaryIO, target: BinaryIO, date_time: tuple[int, ...] = ZIP_EPOCH) -> None:
    """Copy the zip ``source`` into ``target`` as :func:`pack_zip` writes it, streamed.

    Same entries in the same order, each read and compressed a megabyte at a time, so a
    large part (a 100,000-row worksheet) never sits whole in memory.
    """
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as archive:
        for entry in original.infolist():
            info = _entry_info(entry.filename, date_time)
            info.file_size = entry.file_size  # as writestr sets it: decides zip64 the same way
            info._compresslevel = COMPRESS_LEVEL  # what writestr(compresslevel=) sets
            with original.open(entry) as reader, archive.open(info, "w") as writer:
                shutil.copyfileobj(reader, writer, _COPY_CHUNK)


# --- zips of parts compressed beforehand ---------------------------------------------
# A template's unchanging parts are the same in every letter: they are compressed once and
# their compressed bytes copied into each letter's zip. The writer below lays the zip out
# exactly as zipfile does for pack_zip (tests compare the bytes), so both paths agree.


@dataclass(frozen=True)
class Deflated:
    """One zip entry's content, compressed as :func:`pack_zip` compresses it."""

    compressed: bytes
    crc: int
    size: int


def deflate(data: bytes) -> Deflated:
    """``data`` compressed once, to be written into many zips by :func:`pack_deflated_zip`."""
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    compressed = compressor.compress(data) + compressor.flush()
    return Deflated(compressed, zlib.crc32(data), len(data))


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_ZIP_VERSION = 20  # deflate; what zipfile records as version made by and needed
_UTF8_NAME = 0x800
# zipfile replaces an external_attr of 0 by "rw-------" when it writes an entry.
_EXTERNAL_ATTR = 0o600 << 16
_ZIP32_LIMIT = 0xFFFFFFFF


def pack_deflated_zip(
    files: Iterable[tuple[str, bytes | Deflated]], date_time: tuple[int, ...] = ZIP_EPOCH
) -> bytes:
    """The bytes :func:`pack_zip` gives for the same files; some may be compressed already."""
    year, month, day, hour, minute, second = date_time[:6]
    dos_time = hour << 11 | minute << 5 | second // 2
    dos_date = (year - 1980) << 9 | month << 5 | day
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, content in files:
        entry = content if isinstance(content, Deflated) else deflate(content)
        if max(entry.size, len(entry.compressed), offset) > _ZIP32_LIMIT:
            raise ValueError(f"{name}: too large for a zip without zip64")
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        sizes = (dos_time, dos_date, entry.crc, len(entry.compressed), entry.size, len(encoded))
        header = _LOCAL_HEADER.pack(
            b"PK\x03\x04", _ZIP_VERSION, 0, flags, zipfile.ZIP_DEFLATED, *sizes, 0
        )
        central.append(
            _CENTRAL_HEADER.pack(
                b"PK\x01\x02",
                _ZIP_VERSION,
                0,
                _ZIP_VERSION,
                0,
                flags,
                zipfile.ZIP_DEFLATED,
                *sizes,
                0,
                0,
                0,
                0,
                _EXTERNAL_ATTR,
                offset,
            )
            + encoded
        )
        chunks += (header, encoded, entry.compressed)
        offset += len(header) + len(encoded) + len(entry.compressed)
    directory = b"".join(central)
    count = len(central)
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join([*chunks, directory, end])
