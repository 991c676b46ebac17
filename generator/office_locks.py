"""The lock files Excel, Word and LibreOffice leave beside a file they have open: which
file each stands for, and who has it open. A form open in Excel may hold changes not yet
saved; a document open in Word cannot be replaced on Windows."""

from __future__ import annotations

import unicodedata
from pathlib import Path

EXCEL_LOCK = "~$"
LIBREOFFICE_LOCK = (".~lock.", "#")


def locked_file(lock: Path, files: set[Path]) -> Path | None:
    """The file of ``files`` a lock file stands for (Excel, Word or LibreOffice), if any."""
    name = lock.name
    start, end = LIBREOFFICE_LOCK
    if name.startswith(start) and name.endswith(end) and len(name) > len(start) + len(end):
        form = lock.with_name(name[len(start) : -len(end)])
        return form if form in files else None
    if not name.startswith(EXCEL_LOCK):
        return None
    if lock.with_name(name[2:]) in files:
        return lock.with_name(name[2:])
    # Office writes a long name's lock over its first two characters: «~$ieu bao cao.xlsx»
    return next(
        (
            path
            for path in sorted(files)
            if path.parent == lock.parent
            and len(path.name) == len(name)
            and path.name[2:] == name[2:]
        ),
        None,
    )


def lock_user(lock: Path) -> str:
    """The name a lock file holds, or "" when it cannot be read.

    Excel: a byte giving the name's length, the name in the system's code page (padded to
    54 bytes), then the name in UTF-16 (after its length again, in some versions).
    LibreOffice: «name,host,system user,date,profile;»."""
    try:
        data = lock.read_bytes()[:512]
    except OSError:
        return ""
    if lock.name.startswith(EXCEL_LOCK):
        return _excel_lock_user(data)
    fields = data.decode("utf-8", errors="replace").split(",")
    named = fields[0].strip() or (fields[2].strip() if len(fields) > 2 else "")
    return named if named.isprintable() and len(named) <= 100 else ""


def _excel_lock_user(data: bytes) -> str:
    length = data[0] if data else 0
    if not 0 < length <= 53:
        return ""
    narrow = data[1 : 1 + length].decode("cp1252", errors="replace")
    wide_at = 56 if data[54:56] == length.to_bytes(2, "little") else 54
    wide = data[wide_at : wide_at + 2 * length].decode("utf-16-le", errors="replace")
    # The UTF-16 copy keeps Vietnamese letters; it is taken when it spells the code page's
    # copy (whose «ễ» is «e» or «?»), so that bytes of another layout are not read as one.
    if len(wide) == length and all(map(_spelled_alike, narrow, wide)):
        narrow = wide
    name = unicodedata.normalize("NFC", narrow.strip())
    return name if name.isprintable() and "\ufffd" not in name else ""


def _spelled_alike(narrow: str, wide: str) -> bool:
    return narrow in ("?", wide) or unicodedata.normalize("NFD", wide)[:1] == narrow
