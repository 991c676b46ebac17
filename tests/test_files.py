"""Atomic writes and deterministic zips."""

from __future__ import annotations

import errno
import io
import os
import zipfile
from pathlib import Path

import pytest

from generator.errors import OutputError
from generator.files import describe_os_error, pack_zip, write_atomically


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
