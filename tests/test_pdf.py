"""``generate --pdf``: one PDF/A-2b per document through LibreOffice, each checked for its
PDF/A declaration, with a progress bar counting the PDFs as they appear."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import make_letter_context

from generator import batch
from generator.documents.render import render_docx

REPO = Path(__file__).resolve().parents[1]
DAY = date(2025, 11, 18)
XMP_PDFA_2B = (
    b"<rdf:Description rdf:about='' xmlns:pdfaid='http://www.aiim.org/pdfa/ns/id/'>"
    b"<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"
    b"</rdf:Description>"
)


class CountingBar:
    def __init__(self) -> None:
        self.steps: list[int] = []

    def update(self, n_steps: int) -> None:
        self.steps.append(n_steps)


def recording_progress(bars: dict[str, tuple[int, CountingBar]]):
    @contextlib.contextmanager
    def progress(total: int, label: str = "") -> Iterator[CountingBar]:
        bar = CountingBar()
        bars[label] = (total, bar)
        yield bar

    return progress


def fake_soffice(folder: Path, pdf_body: bytes) -> str:
    """A stand-in for soffice that writes ``<outdir>/<name>.pdf`` for each document given."""
    script = folder / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, pathlib\n"
        "args = sys.argv[1:]\n"
        "outdir = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "for name in args[args.index('--outdir') + 2:]:\n"
        f"    (outdir / (pathlib.Path(name).stem + '.pdf')).write_bytes({pdf_body!r})\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def needs_libreoffice() -> None:
    """Skip where LibreOffice is not installed; CI (VANBAN_REQUIRE_SHARED) must have it."""
    if batch.find_soffice() is None:
        if os.environ.get("VANBAN_REQUIRE_SHARED"):
            pytest.fail("LibreOffice (soffice) phải có trong CI")
        pytest.skip("LibreOffice (soffice) chưa được cài")


def staged_documents(staging: Path, names: list[str]) -> list[str]:
    data = render_docx(REPO / "templates" / "cong-van.docx", make_letter_context())
    for name in names:
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(data)
    return names


def test_pdfa_declaration_is_read_from_the_xmp_metadata(tmp_path: Path) -> None:
    declared = tmp_path / "a.pdf"
    declared.write_bytes(b"%PDF-1.6\n" + XMP_PDFA_2B)
    attributes = tmp_path / "b.pdf"
    attributes.write_bytes(b'%PDF-1.6\n<x pdfaid:part="2" pdfaid:conformance="B"/>')
    plain = tmp_path / "c.pdf"
    plain.write_bytes(b"%PDF-1.6\n<pdfaid:part>1</pdfaid:part><pdfaid:conformance>B<")
    assert batch.declares_pdfa_2b(declared) and batch.declares_pdfa_2b(attributes)
    assert not batch.declares_pdfa_2b(plain)


@pytest.mark.skipif(os.name == "nt", reason="the stand-in soffice is a POSIX script")
def test_progress_counts_every_pdf_and_the_manifest_lists_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staging = tmp_path / "staging"
    documents = staged_documents(staging, ["bao-cao.docx", "cong-van/A.docx", "cong-van/B.docx"])
    soffice = fake_soffice(tmp_path, b"%PDF-1.6\n" + XMP_PDFA_2B)
    monkeypatch.setattr(batch, "find_soffice", lambda: soffice)
    bars: dict[str, tuple[int, CountingBar]] = {}
    outputs: dict[str, str] = {}
    notes = batch._convert_pdfs(staging, documents, outputs, DAY, recording_progress(bars))
    assert notes == []
    total, bar = bars[batch.PDF_PROGRESS_LABEL]
    assert total == 3 and sum(bar.steps) == 3
    assert sorted(outputs) == ["bao-cao.pdf", "cong-van/A.pdf", "cong-van/B.pdf"]


@pytest.mark.skipif(os.name == "nt", reason="the stand-in soffice is a POSIX script")
def test_a_pdf_without_the_pdfa_declaration_is_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staging = tmp_path / "staging"
    documents = staged_documents(staging, ["bao-cao.docx", "cong-van/A.docx"])
    soffice = fake_soffice(tmp_path, b"%PDF-1.4\nkhong co XMP")
    monkeypatch.setattr(batch, "find_soffice", lambda: soffice)
    [note] = batch._convert_pdfs(staging, documents, {}, DAY)
    assert note.startswith("2 tệp PDF không khai báo chuẩn PDF/A-2b (ví dụ bao-cao.pdf)")
    assert "LibreOffice 7.4 trở lên" in note


def test_libreoffice_writes_a_pdfa_2b_for_each_document(tmp_path: Path) -> None:
    needs_libreoffice()
    documents = staged_documents(tmp_path, ["cong-van/A.docx", "cong-van/B.docx"])
    outputs: dict[str, str] = {}
    notes = batch._convert_pdfs(tmp_path, documents, outputs, DAY)
    # a machine without Times New Roman (CI: Liberation Serif) is told, nothing else
    assert all(note.startswith("Tệp PDF dùng phông «LiberationSerif»") for note in notes)
    assert sorted(outputs) == ["cong-van/A.pdf", "cong-van/B.pdf"]
    for name in outputs:
        pdf = tmp_path / name
        assert pdf.read_bytes().startswith(b"%PDF")
        assert batch.declares_pdfa_2b(pdf), name


def test_the_same_document_gives_the_same_pdf_bytes_on_another_run(tmp_path: Path) -> None:
    """LibreOffice stamps the moment of conversion (info, XMP, colour profile, /ID): set to
    the documents' day, two conversions a few seconds apart are the same bytes."""
    needs_libreoffice()
    import subprocess
    import time

    runs = []
    for name in ("a", "b"):
        documents = staged_documents(tmp_path / name, ["cong-van/A.docx"])
        outputs: dict[str, str] = {}
        batch._convert_pdfs(tmp_path / name, documents, outputs, DAY)
        runs.append(((tmp_path / name / "cong-van" / "A.pdf").read_bytes(), outputs))
        time.sleep(1.1)  # another second on the clock
    (first, first_outputs), (second, second_outputs) = runs
    assert first == second and first_outputs == second_outputs
    assert b"/CreationDate(D:20251118000000Z')" in first
    assert b"<xmp:CreateDate>2025-11-18T00:00:00Z</xmp:CreateDate>" in first
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "a" / "cong-van" / "A.pdf")],
        capture_output=True,
        text=True,
        check=False,
    )
    if info.returncode != 127:  # poppler reads it without repairing anything
        assert info.returncode == 0 and info.stderr == "" and "Pages:" in info.stdout


def test_a_pdf_written_outside_utc_is_well_formed_and_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice writes its XMP dates with the machine's offset («+07:00» in Vietnam): set
    to the documents' day they are five bytes shorter, and the stream's stale /Length made
    every PDF written outside UTC malformed (and differ from one written in UTC)."""
    needs_libreoffice()
    import subprocess

    pdfs = []
    for zone in ("Asia/Ho_Chi_Minh", "UTC"):
        monkeypatch.setenv("TZ", zone)
        folder = tmp_path / zone.replace("/", "-")
        documents = staged_documents(folder, ["cong-van/A.docx"])
        batch._convert_pdfs(folder, documents, {}, DAY)
        pdfs.append(folder / "cong-van" / "A.pdf")
    vietnam, utc = pdfs
    assert vietnam.read_bytes() == utc.read_bytes()
    info = subprocess.run(["pdfinfo", str(vietnam)], capture_output=True, text=True, check=False)
    if info.returncode != 127:
        assert info.returncode == 0 and info.stderr == "", info.stderr


def test_pdfs_asked_without_libreoffice_stop_the_run_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 0 with every .docx and no PDF, told in one note among eight: asked for PDFs,
    the clerk is told first, and nothing is written (as don-doc --pdf does)."""
    from generator.errors import UsageError

    monkeypatch.setattr(batch, "find_soffice", lambda: None)
    options = batch.GenerateOptions(
        inputs=REPO / "inputs",
        templates=REPO / "templates",
        out=tmp_path / "ra",
        year=2025,
        pdf=True,
    )
    with pytest.raises(UsageError) as raised:
        batch.generate(options)
    assert "libreoffice-writer-nogui" in raised.value.message()
    assert "nên chưa tạo văn bản nào" in raised.value.message()
    assert not (tmp_path / "ra" / "2025").exists()
