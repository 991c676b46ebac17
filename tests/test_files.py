"""Atomic writes and deterministic zips."""

from __future__ import annotations

import errno
import io
import os
import random
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import OutputError
from generator.output import files
from generator.output.files import (
    ZIP_EPOCH,
    deflate,
    describe_move_error,
    describe_os_error,
    move,
    pack_deflated_zip,
    pack_zip,
    repack_zip,
    write_atomically,
)


def test_pack_zip_keeps_order_and_is_the_same_on_every_platform():
    files = [("b.xml", b"<b/>"), ("a.xml", b"<a/>")]
    data = pack_zip(files, (2025, 11, 10, 0, 0, 0))
    assert data == pack_zip(files, (2025, 11, 10, 0, 0, 0))
    entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert [e.filename for e in entries] == ["b.xml", "a.xml"]
    assert {(e.date_time, e.create_system) for e in entries} == {((2025, 11, 10, 0, 0, 0), 0)}
    assert len({e.external_attr for e in entries}) == 1


def test_write_atomically_replaces_creates_folders_and_leaves_no_temp(tmp_path: Path):
    target = tmp_path / "van-ban.docx"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["van-ban.docx"]
    nested = tmp_path / "2025" / "cong-van" / "SCT.docx"
    write_atomically(nested, b"x")
    assert nested.read_bytes() == b"x"


def test_a_folder_that_is_a_file_gives_a_vietnamese_error(tmp_path: Path):
    blocker = tmp_path / "outputs"
    blocker.write_bytes(b"")
    with pytest.raises(OutputError) as caught:
        write_atomically(blocker / "2025" / "a.docx", b"x")
    message = caught.value.message()
    assert "«outputs» là một tệp, không phải thư mục; chọn thư mục khác bằng --out" in message
    assert "a.docx" in message


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary(tmp_path, monkeypatch):
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(b"signed")

    def disk_full(*_args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OutputError) as caught:
        write_atomically(target, b"new")
    assert "ổ đĩa đã hết chỗ trống" in caught.value.message()
    assert target.read_bytes() == b"signed"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.docx"]


def test_unknown_os_errors_are_not_shown_in_english():
    text = describe_os_error(OSError(errno.EIO, "Input/output error"))
    assert "Input/output" not in text and str(errno.EIO) in text


# ---------------------------------------------------------------------------
# Zips written from parts compressed beforehand, and zips copied entry by entry

_TIMES = [ZIP_EPOCH, (2025, 11, 10, 0, 0, 0), (2107, 12, 31, 23, 59, 58)]


def _sample_files(seed: int) -> list[tuple[str, bytes]]:
    """Entries like a .docx's: XML text, a binary part, an empty one, a non-ASCII name."""
    rng = random.Random(seed)
    xml = "".join(f'<w:p w:id="{rng.randrange(10**6)}">Sở Khoa học {i}</w:p>' for i in range(3000))
    return [
        ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
        ("word/document.xml", xml.encode("utf-8")),
        ("word/media/image1.png", rng.randbytes(70_000)),
        ("word/empty.xml", b""),
        ("tài-liệu/ghi-chú.xml", "Ủy ban nhân dân".encode()),
    ]


@pytest.mark.parametrize("date_time", _TIMES)
@pytest.mark.parametrize("seed", range(3))
def test_pack_deflated_zip_gives_pack_zips_bytes(seed: int, date_time: tuple[int, ...]):
    files = _sample_files(seed)
    expected = pack_zip(files, date_time)
    assert pack_deflated_zip(files, date_time) == expected
    precompressed = [(name, deflate(data)) for name, data in files]
    assert pack_deflated_zip(precompressed, date_time) == expected
    mixed = [(name, deflate(data) if i % 2 else data) for i, (name, data) in enumerate(files)]
    assert pack_deflated_zip(mixed, date_time) == expected
    with zipfile.ZipFile(io.BytesIO(expected)) as archive:
        assert archive.testzip() is None
        assert [archive.read(name) for name, _ in files] == [data for _, data in files]


@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=20).filter(lambda s: "\x00" not in s), st.binary()),
        max_size=5,
        unique_by=lambda entry: entry[0],
    )
)
def test_pack_deflated_zip_equals_pack_zip_for_any_entries(files):
    assert pack_deflated_zip(files) == pack_zip(files)


def test_pack_deflated_zip_with_no_entry_is_an_empty_zip():
    assert pack_deflated_zip([]) == pack_zip([])
    assert zipfile.ZipFile(io.BytesIO(pack_deflated_zip([]))).namelist() == []


def test_a_deflated_part_knows_its_checksum_and_size():
    data = "Kế hoạch số 65/KH-UBND".encode() * 100
    part = deflate(data)
    assert part.size == len(data) and part.crc == zlib.crc32(data)
    assert zlib.decompress(part.compressed, -15) == data


def test_repack_zip_gives_pack_zips_bytes_and_streams_large_parts():
    files = _sample_files(7)
    files.append(("xl/worksheets/sheet1.xml", b"<row/>" * 600_000))  # 3.6 MB: several chunks
    original = io.BytesIO()
    with zipfile.ZipFile(original, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files:
            archive.writestr(name, data)  # today's time and default attributes
    original.seek(0)
    copied = io.BytesIO()
    repack_zip(original, copied, (2025, 11, 10, 0, 0, 0))
    assert copied.getvalue() == pack_zip(files, (2025, 11, 10, 0, 0, 0))


def _windows_error(number: int, winerror: int) -> OSError:
    """An OSError as Python raises it on Windows: errno mapped, winerror kept."""
    exc = OSError(number, "The process cannot access the file")
    exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize("winerror", [32, 33])
def test_a_file_open_in_word_is_told_apart_from_a_missing_permission(winerror: int):
    text = describe_os_error(_windows_error(errno.EACCES, winerror))
    assert text == "tệp đang mở trong Word hoặc Excel; đóng tệp rồi chạy lại"


def test_access_denied_without_a_sharing_violation_is_still_a_permission_problem():
    text = describe_os_error(_windows_error(errno.EACCES, 5))
    assert text.startswith("không có quyền ghi vào thư mục kết quả")


# ---------------------------------------------------------------------------
# Windows: a file open in Excel or Word, or held a moment by a virus scanner


def _busy_replace(monkeypatch: pytest.MonkeyPatch, winerror: int | None, times: int) -> list:
    """os.replace fails ``times`` times as Windows does, then works; returns the waits."""
    real_replace = os.replace
    calls = {"n": 0}
    waits: list[float] = []

    def replace(source, target):
        calls["n"] += 1
        if calls["n"] <= times:
            error = PermissionError(errno.EACCES, "Access is denied")
            if winerror is not None:
                error.winerror = winerror  # type: ignore[attr-defined]
            raise error
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", replace)
    monkeypatch.setattr(files.time, "sleep", waits.append)
    return waits


@pytest.mark.parametrize("winerror", [5, 32, 33])
def test_a_busy_file_is_tried_again_for_about_a_second(tmp_path, monkeypatch, winerror: int):
    source, target = tmp_path / "a.tmp", tmp_path / "a.xlsx"
    source.write_bytes(b"new")
    waits = _busy_replace(monkeypatch, winerror, times=3)
    move(source, target)
    assert target.read_bytes() == b"new" and not source.exists()
    assert waits == list(files.RENAME_RETRY_DELAYS[:3])
    assert 0.8 <= sum(files.RENAME_RETRY_DELAYS) <= 1.5


def test_a_file_still_busy_after_the_tries_fails_and_a_real_refusal_is_not_retried(
    tmp_path, monkeypatch
):
    source, target = tmp_path / "a.tmp", tmp_path / "a.xlsx"
    source.write_bytes(b"new")
    waits = _busy_replace(monkeypatch, 32, times=100)
    with pytest.raises(PermissionError):
        move(source, target)
    assert waits == list(files.RENAME_RETRY_DELAYS)
    waits = _busy_replace(monkeypatch, None, times=1)  # POSIX: a permission, not a lock
    with pytest.raises(PermissionError):
        move(source, target)
    assert waits == []


@pytest.mark.parametrize("winerror", [5, 32, 33])
def test_replacing_a_file_open_in_excel_says_to_close_it(tmp_path, monkeypatch, winerror: int):
    target = tmp_path / "SCT.xlsx"
    target.write_bytes(b"old")
    _busy_replace(monkeypatch, winerror, times=100)
    with pytest.raises(OutputError) as caught:
        write_atomically(target, b"new")
    assert caught.value.message() == (
        "tệp SCT.xlsx: tệp «SCT.xlsx» đang mở trong Excel hoặc Word nên không thay được; "
        "đóng tệp đó rồi chạy lại"
    )
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["SCT.xlsx"]


def test_a_folder_that_cannot_be_moved_names_a_file_inside_it(tmp_path):
    folder = tmp_path / "cong-van"
    folder.mkdir()
    error = PermissionError(errno.EACCES, "Access is denied")
    error.winerror = 5  # type: ignore[attr-defined]
    assert describe_move_error(error, folder) == (
        "một tệp trong thư mục «cong-van» đang mở trong Excel hoặc Word nên không thay được; "
        "đóng tệp đó rồi chạy lại"
    )
    no_lock = PermissionError(errno.EACCES, "Permission denied")
    assert describe_move_error(no_lock, folder).startswith("không có quyền ghi")


# ---------------------------------------------------------------------------
# Staging folders: a later run removes those a dead run left, and only those


def test_only_staging_folders_marked_by_a_finished_run_are_removed(tmp_path: Path):
    from generator.output import publish

    out = tmp_path / "out"
    out.mkdir()
    marker = publish.MARKER_TEXT.encode("utf-8")

    def folder(name: str, marker_bytes: bytes | None) -> Path:
        path = out / name
        path.mkdir()
        (path / "cong-van.docx").write_bytes(b"nua chung")
        if marker_bytes is not None:
            (path / publish.STAGING_MARKER).write_bytes(marker_bytes)
        return path

    dead = folder(".dang-tao-2024-a", marker)
    unmarked = folder(".dang-tao-2024-b", None)
    other_text = folder(".dang-tao-2024-c", b"khong phai vanban")
    other_name = folder("dang-tao-2024-d", marker)
    elsewhere = tmp_path / "cua-van-thu"
    elsewhere.mkdir()
    (elsewhere / publish.STAGING_MARKER).write_bytes(marker)
    link = out / ".dang-tao-2024-e"
    if hasattr(os, "symlink"):
        link.symlink_to(elsewhere, target_is_directory=True)
    assert publish.remove_stale_staging(out) == [dead]
    for kept in (unmarked, other_text, other_name):
        assert (kept / "cong-van.docx").read_bytes() == b"nua chung"
    assert (elsewhere / publish.STAGING_MARKER).read_bytes() == marker
    assert publish.remove_stale_staging(tmp_path / "khong-co") == []


def test_a_staging_folder_is_removed_whatever_happens_and_its_marker_is_held(tmp_path: Path):
    from generator.output import publish

    with pytest.raises(RuntimeError), publish.staging_folder(tmp_path, "2024") as staging:
        (staging / "a.docx").write_bytes(b"x")
        assert publish.remove_stale_staging(tmp_path) == []  # held by this run: kept
        raise RuntimeError("a failure halfway")
    assert list(tmp_path.iterdir()) == []


def test_a_windows_junction_is_refused_like_a_link(tmp_path: Path, monkeypatch):
    """A junction is no symlink for ``is_symlink``; it shows as a folder resolving elsewhere."""
    from generator.output import publish

    year = tmp_path / "out" / "2024"
    year.mkdir(parents=True)
    shared = tmp_path / "chung"
    real_realpath = os.path.realpath

    def junction(path, *args, **kwargs):
        return str(shared) if Path(path) == year else real_realpath(path, *args, **kwargs)

    monkeypatch.setattr(publish.os.path, "realpath", junction)
    with pytest.raises(OutputError, match="là một liên kết"):
        publish.check_set_folder(year)
    publish.check_set_folder(tmp_path / "out" / "2025")  # not there yet: fine


def test_an_output_folder_reaching_the_inputs_by_a_link_or_another_spelling_is_refused(
    tmp_path: Path, monkeypatch
):
    from generator.errors import UsageError
    from generator.output import publish

    inputs = tmp_path / "inputs"
    (inputs / "2025").mkdir(parents=True)
    protected = [publish.Protected(inputs, "thư mục dữ liệu đầu vào")]
    monkeypatch.chdir(tmp_path)
    spellings = [Path("inputs/./2025/../"), Path("inputs/2025/moi/ket-qua"), Path(".")]
    if hasattr(os, "symlink"):
        (tmp_path / "loi-tat").symlink_to(inputs, target_is_directory=True)
        spellings.append(Path("loi-tat"))
    for out in spellings:
        with pytest.raises(UsageError, match="thư mục dữ liệu đầu vào"):
            publish.refuse_overlap(out, protected)
    publish.refuse_overlap(Path("outputs"), protected)  # a sibling: fine
    publish.refuse_overlap(Path("inputs-cu"), protected)  # a name that only starts alike


def test_an_outputs_folder_that_is_a_file_is_named_not_given_a_system_code(tmp_path: Path):
    """`outputs` itself a file: the folder to make is the file in the way («mã lỗi hệ thống
    17» said nothing to a clerk)."""
    blocker = tmp_path / "outputs"
    blocker.write_bytes(b"")
    try:
        blocker.mkdir()
    except OSError as exc:
        message = describe_os_error(exc, blocker)
    assert message == "«outputs» là một tệp, không phải thư mục; chọn thư mục khác bằng --out"


def test_a_file_that_cannot_be_replaced_is_named(tmp_path):
    """A read-only or locked tong-hop.xlsx was told as «không có quyền ghi vào thư mục kết
    quả; chọn thư mục khác», though the folder was writable."""
    import errno as errors

    from generator.output.files import describe_move_error

    blocked = tmp_path / "tong-hop.xlsx"
    blocked.write_bytes(b"x")
    told = describe_move_error(PermissionError(errors.EPERM, "Operation not permitted"), blocked)
    assert told.startswith("không thay được tệp «tong-hop.xlsx»")
    assert "bỏ thuộc tính chỉ đọc" in told
