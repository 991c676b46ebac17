"""Writing files: never half-written, and the same content always gives the same bytes."""

from __future__ import annotations

import errno
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from generator.errors import Location, OutputError

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_COMPRESS_LEVEL = 6

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
    if exc.errno in _OS_PROBLEMS:
        return _OS_PROBLEMS[exc.errno]
    # Windows: a file open in Word or Excel cannot be replaced (sharing violation).
    if getattr(exc, "winerror", None) in (32, 33):
        return "tệp đang mở trong Word hoặc Excel; đóng tệp rồi chạy lại"
    return f"không ghi được tệp (mã lỗi hệ thống {exc.errno})"


def _file_in_the_way(path: Path | None) -> Path | None:
    """The first part of ``path`` that exists as a file where a folder is needed."""
    if path is None:
        return None
    for part in reversed(path.parents):
        if part.is_file():
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
        raise OutputError(describe_os_error(exc, path), Location(file=path)) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(describe_os_error(exc, path), Location(file=path)) from exc


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
            archive.writestr(info, data, compresslevel=_COMPRESS_LEVEL)
    return buffer.getvalue()
