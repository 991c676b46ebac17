"""Putting a set of files in place (the year's documents, the year's forms), all or nothing.

A set is built in a staging folder ``OUT/.dang-tao-*`` and then moved, entry by entry,
into its folder (``OUT/<year>`` for the documents, ``OUT/<year>/phieu-bao-cao`` for the
forms). vanban touches only what it made:

- a set is recognised by its ``manifest.json``: the entries it lists are vanban's and may be
  set aside (with ``--force``) into ``<folder>/.cu-<time>/``; nothing else in the folder is
  ever moved, renamed or deleted, and a new entry whose name is taken by a file vanban did
  not make is refused before any work;
- an output folder that is, holds or lies inside the inputs or templates folder, and a set
  folder that is a link or a file, are refused before any work;
- a staging folder carries a marker file, locked while its run lives: a later run removes
  the staging folders a killed run left (power cut, SIGKILL), and only those.

Order of the moves, so that a crash at any point leaves a folder a later run understands:
the old set goes aside with its manifest last, and the new set comes in with its manifest
first; the folder always holds a manifest describing what is there, or no set entry at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from generator.errors import Location, OutputError, UsageError
from generator.office_locks import EXCEL_LOCK, LIBREOFFICE_LOCK, lock_user, locked_file
from generator.output.files import describe_move_error, describe_os_error, move, write_error

MANIFEST_FILE = "manifest.json"
OLD_SET_PREFIX = ".cu-"
STAGING_PREFIX = ".dang-tao-"
STAGING_MARKER = ".vanban-dang-tao"
MARKER_TEXT = (
    "vanban: thư mục tạm của một lần tạo văn bản. Lần chạy sau của vanban tự xóa thư mục "
    "này nếu lần chạy đã tạo ra nó không còn chạy.\n"
)

# What Word, LibreOffice and Windows Explorer leave inside a folder vanban made: it moves
# with that folder (never deleted); it does not make the folder someone else's.
_CLUTTER_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}


def is_clutter(name: str) -> bool:
    return name.startswith(("~$", ".~lock.")) or name.casefold() in _CLUTTER_NAMES


# ---------------------------------------------------------------------------
# Refusals before any work


@dataclass(frozen=True)
class Protected:
    """A folder vanban reads and never writes into (the inputs, the templates)."""

    folder: Path
    noun: str  # "thư mục dữ liệu đầu vào"


def _real(path: Path) -> Path:
    return Path(os.path.normcase(os.path.realpath(path)))


def _same(a: Path, b: Path) -> bool:
    """Same folder on disk (through links, and whatever the case on Windows and macOS)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _overlap(out: Path, folder: Path) -> str | None:
    """How ``out`` overlaps ``folder``, in the words of the message, or None."""
    if _same(out, folder):
        return "trùng với"
    if any(_same(parent, folder) for parent in Path(os.path.realpath(out)).parents):
        return "nằm trong"
    if any(_same(parent, out) for parent in Path(os.path.realpath(folder)).parents):
        return "chứa"
    return None


def refuse_overlap(out: Path, protected: Iterable[Protected]) -> None:
    """Refuse an output folder that is, holds or lies inside a folder vanban reads."""
    for item in protected:
        relation = _overlap(out, item.folder)
        if relation is None:
            continue
        raise UsageError(
            f"thư mục kết quả «{out}» {relation} {item.noun} «{item.folder}»; vanban không "
            "ghi vào đó để không đụng tới tệp của văn thư. Chọn thư mục kết quả riêng bằng "
            "--out, ví dụ --out outputs"
        )


def check_set_folder(folder: Path) -> None:
    """Refuse a set folder (``OUT/<year>``…) that is a file or a link to another place."""
    if folder.is_symlink() or (
        folder.exists() and _real(folder) != _real(folder.parent) / (os.path.normcase(folder.name))
    ):
        raise OutputError(
            f"«{folder}» là một liên kết (shortcut) tới thư mục khác; vanban chỉ ghi vào thư "
            "mục thật để không đụng tới tệp ở nơi khác. Xóa liên kết đó (tệp ở nơi nó trỏ tới "
            "vẫn còn nguyên) hoặc chọn thư mục kết quả khác bằng --out",
        )
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"«{folder}» là một tệp, không phải thư mục; vanban cần ghi vào thư mục «"
            f"{folder.name}». Đổi tên hoặc chuyển tệp đó đi, hoặc chọn thư mục kết quả khác "
            "bằng --out",
        )


# ---------------------------------------------------------------------------
# The set already in place


@dataclass(frozen=True)
class PreviousSet:
    """What an earlier run put in ``folder``, as its manifest lists it."""

    folder: Path
    entries: tuple[str, ...]  # top-level names, present, manifest last
    files: dict[str, str]  # relative path -> sha256, as the manifest recorded
    missing: tuple[str, ...] = ()  # listed by the manifest, not there: a run stopped halfway

    @property
    def present(self) -> bool:
        return bool(self.entries)


def edited_since(previous: PreviousSet) -> list[str]:
    """The files of the earlier set that were changed after vanban wrote them (a clerk's
    corrections to the updated register, say): they go aside with the set, and the clerk
    must be told where."""
    edited = []
    for relative, digest in sorted(previous.files.items()):
        path = previous.folder / relative
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            edited.append(relative)
    return edited


def _bad_manifest(path: Path) -> OutputError:
    return OutputError(
        f"«{path}» không phải danh mục vanban đã ghi (tệp hỏng hoặc đã bị sửa) nên vanban không "
        f"biết tệp nào trong «{path.parent}» do mình tạo và không đụng tới thư mục đó. Chuyển "
        f"thư mục «{path.parent}» sang chỗ khác hoặc chọn thư mục kết quả khác bằng --out",
        Location(file=path),
    )


def _top(relative: str) -> str | None:
    """The first component of a manifest path, or None when it is not a plain name."""
    first = relative.split("/", 1)[0]
    if first in ("", ".", "..") or any(char in first for char in '\\:*?"<>|'):
        return None
    if first.startswith((OLD_SET_PREFIX, STAGING_PREFIX)):
        return None
    return first


def read_previous(folder: Path, owns: Callable[[str], bool]) -> PreviousSet:
    """The set an earlier run left in ``folder``; names ``owns`` rejects are never touched."""
    manifest = folder / MANIFEST_FILE
    if not (manifest.exists() or manifest.is_symlink()):
        return PreviousSet(folder, (), {})
    if manifest.is_symlink() or not manifest.is_file():
        raise _bad_manifest(manifest)
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _bad_manifest(manifest) from exc
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(outputs, dict) or not all(isinstance(k, str) for k in outputs):
        raise _bad_manifest(manifest)
    names: set[str] = set()
    missing: set[str] = set()
    for relative in outputs:
        top = _top(relative)
        if top is not None and owns(top):
            (names if (folder / top).exists() else missing).add(top)
    entries = (*sorted(names), MANIFEST_FILE)
    files = {k: str(v) for k, v in outputs.items()}
    return PreviousSet(folder, entries, files, tuple(sorted(missing)))


def _strangers_inside(entry: Path, listed: set[str], relative: str) -> Iterator[str]:
    """Files under the folder ``entry`` that the manifest does not list (clutter aside)."""
    for path in sorted(entry.rglob("*")):
        name = f"{relative}/{path.relative_to(entry).as_posix()}"
        unlisted = path.is_symlink() or (path.is_file() and name not in listed)
        if unlisted and not is_clutter(path.name):
            yield name


def refuse_strangers(folder: Path, new_names: Iterable[str], previous: PreviousSet) -> None:
    """Refuse before any work when a name of the new set, or an old entry, is not vanban's.

    A new name taken by something the manifest does not list would be replaced; an old
    folder holding a file the manifest does not list would carry it away into ``.cu-*``.
    """
    listed = set(previous.files)
    _refuse_open_files(folder, listed)
    old = set(previous.entries)
    for name in sorted(set(new_names) - old):
        path = folder / name
        if path.exists() or path.is_symlink():
            raise _stranger(folder, name)
    for name in previous.entries:
        path = folder / name
        if name == MANIFEST_FILE:
            continue
        if path.is_symlink():
            raise _stranger(folder, name)
        if path.is_dir():
            for stranger in _strangers_inside(path, listed, name):
                raise _stranger(folder, stranger)
        elif name not in listed:
            raise _stranger(folder, name)


def _refuse_open_files(folder: Path, listed: set[str]) -> None:
    """A file of the earlier set open in Word or Excel (its lock file beside it) would be
    replaced under the clerk's eyes, or (on Windows) stop the run halfway: said first."""
    files = {folder / name for name in listed}
    for lock in sorted(folder.rglob(f"{EXCEL_LOCK}*")) + sorted(
        folder.rglob(f"{LIBREOFFICE_LOCK[0]}*")
    ):
        if lock.relative_to(folder).parts[0].startswith((OLD_SET_PREFIX, STAGING_PREFIX)):
            continue
        opened = locked_file(lock, files)
        if opened is not None:
            user = lock_user(lock)
            by = f" của «{user}»" if user else ""
            raise OutputError(
                f"«{opened}» đang được mở trong Word hoặc Excel{by} (tệp khóa «{lock.name}»): "
                "lưu, đóng tệp (nếu đã sửa, lưu bản sửa ở thư mục khác) rồi chạy lại",
                Location(file=opened),
            )


def _stranger(folder: Path, name: str) -> OutputError:
    return OutputError(
        f"«{folder / name}» không do vanban tạo (không có trong «{MANIFEST_FILE}» của thư mục) "
        "nên vanban không ghi đè, không di chuyển nó. Chuyển nó sang chỗ khác rồi chạy lại, "
        "hoặc chọn thư mục kết quả khác bằng --out",
    )


# ---------------------------------------------------------------------------
# Staging


class _Marker:
    """The marker file of a staging folder, locked for as long as its run lives."""

    def __init__(self, path: Path) -> None:
        self.handle: IO[bytes] = open(path, "w+b")  # noqa: SIM115 (held for the run)
        self.handle.write(MARKER_TEXT.encode("utf-8"))
        self.handle.flush()
        _try_lock(self.handle)

    def close(self) -> None:
        self.handle.close()


def _try_lock(handle: IO[bytes]) -> bool:
    """Lock ``handle`` without waiting; False when another process holds it.

    The system releases the lock when its process ends, even when killed: a marker that
    can be locked belongs to a run that is over.
    """
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _run_over(folder: Path) -> bool | None:
    """Whether the run of a staging folder is over (its marker can be locked); None when the
    folder is not a staging folder vanban marked."""
    marker = folder / STAGING_MARKER
    if folder.is_symlink() or not folder.is_dir() or marker.is_symlink() or not marker.is_file():
        return None
    try:
        with open(marker, "rb") as handle:
            if handle.read(len(MARKER_TEXT.encode("utf-8"))) != MARKER_TEXT.encode("utf-8"):
                return None
            return _try_lock(handle)
    except OSError:
        return None


def remove_stale_staging(out: Path) -> list[Path]:
    """Remove the staging folders of runs that died in ``out``; return those removed."""
    try:
        entries = sorted(out.iterdir()) if out.is_dir() else []
    except OSError:
        return []  # unreadable: creating the staging folder will say why
    removed = []
    for entry in entries:
        if entry.name.startswith(STAGING_PREFIX) and _run_over(entry) is True:
            shutil.rmtree(entry, ignore_errors=True)
            if not entry.exists():
                removed.append(entry)
    return removed


def refuse_a_second_run(out: Path, label: str) -> None:
    """Two runs writing one set at once would each take the other's files for a stranger's:
    the second is refused while the first is going."""
    prefix = f"{STAGING_PREFIX}{label}-"
    try:
        entries = sorted(out.glob(f"{prefix}*")) if out.is_dir() else []
    except OSError:
        return
    for entry in entries:
        # the rest is mkdtemp's random name, which holds no «-»: «.dang-tao-2025-don-doc-…»
        # is the reminders of 2025, another set, not this one
        if "-" not in entry.name[len(prefix) :] and _run_over(entry) is False:
            raise OutputError(
                f"một lần chạy vanban khác đang tạo văn bản này trong «{out}» (thư mục tạm "
                f"«{entry.name}»); chờ lần chạy đó xong rồi chạy lại"
            )


@contextmanager
def staging_folder(out: Path, label: str) -> Iterator[Path]:
    """A new marked staging folder in ``out``, removed on the way out whatever happens."""
    refuse_a_second_run(out, label)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{label}-", dir=out))
    except OSError as exc:
        raise write_error(exc, out) from exc
    marker = None
    try:
        try:
            marker = _Marker(staging / STAGING_MARKER)
        except OSError as exc:
            raise write_error(exc, out) from exc
        yield staging
    finally:
        if marker is not None:
            marker.close()
        shutil.rmtree(staging, ignore_errors=True)


# ---------------------------------------------------------------------------
# Into place


def _old_set_name(folder: Path) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # no ":" (Windows)
    name = f"{OLD_SET_PREFIX}{stamp}"
    suffix = 1
    while (folder / name).exists():
        suffix += 1
        name = f"{OLD_SET_PREFIX}{stamp}-{suffix}"
    return name


def publish(
    staging: Path, folder: Path, previous: PreviousSet, what: str = "bộ văn bản"
) -> Path | None:
    """Move the set built in ``staging`` into ``folder``; the old set goes to ``.cu-<time>``.

    Returns that ``.cu-<time>`` folder, or None when there was no old set. On failure every
    move already made is undone and an OutputError names the file that could not be moved.
    """
    new = sorted(p.name for p in staging.iterdir() if p.name != STAGING_MARKER)
    if MANIFEST_FILE in new:  # the manifest comes first
        new = [MANIFEST_FILE, *(name for name in new if name != MANIFEST_FILE)]
    refuse_strangers(folder, new, previous)
    made_folder = not folder.exists()
    done: list[tuple[Path, Path]] = []
    aside: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if previous.present:
            aside = folder / _old_set_name(folder)
            aside.mkdir()
            for name in previous.entries:  # the manifest is last
                _move(folder / name, aside / name, done, f"{what} vào «{folder}»", folder / name)
        for name in new:
            _move(staging / name, folder / name, done, f"{what} vào «{folder}»", folder / name)
    except OutputError:
        _undo(done, aside, folder if made_folder else None)
        raise
    except OSError as exc:
        _undo(done, aside, folder if made_folder else None)
        raise OutputError(
            f"không chuyển được {what} vào «{folder}»: {describe_os_error(exc, folder)}",
        ) from exc
    return aside


def _move(
    source: Path, target: Path, done: list[tuple[Path, Path]], moving: str, shown: Path
) -> None:
    """Move one entry of the set ``moving``; ``shown`` is the entry as the clerk sees it."""
    try:
        move(source, target)
    except OSError as exc:
        problem = describe_move_error(exc, shown)
        raise OutputError(f"không chuyển được {moving}: {problem}") from exc
    done.append((source, target))


def _undo(done: list[tuple[Path, Path]], aside: Path | None, made: Path | None) -> None:
    """Put back what was moved, newest first; best effort, errors are not the clerk's news."""
    for source, target in reversed(done):
        with suppress(OSError):
            move(target, source)
    for empty in (aside, made):
        if empty is not None:
            with suppress(OSError):
                empty.rmdir()


def manifest_bytes(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
