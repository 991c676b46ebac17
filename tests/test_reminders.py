"""«vanban don-doc»: the reminders a clerk sends right after the deadline, and their record.

Each test works on a copy of the shipped inputs (2025: Thanh tra tỉnh and one commune sent
no workbook) and opens the .docx written to assert on what the addressee reads.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PLAN, SHARED, TEMPLATES
from docx import Document
from fixtures_conformance import template_gaps
from openpyxl import load_workbook
from test_workflow import fill_form

from generator.batch import GenerateOptions, describe_batch, generate
from generator.check.conformance import check_docx, has_blocking_failure
from generator.cli import cli
from generator.data.workspace import load_workspace
from generator.errors import DataError, OutputError, UsageError
from generator.forms import writer as forms
from generator.forms.writer import build_form
from generator.reminders import (
    NUMBERS_FILE,
    ReminderOptions,
    UnknownSender,
    describe_reminders,
    read_record,
    send_reminders,
)

REPO = Path(__file__).resolve().parents[1]
YEAR = 2025
FIRST_DAY = date(2025, 11, 11)  # a Tuesday: five working days later is 18/11/2025
REPRIMANDS = ("rút kinh nghiệm", "phê bình", "nghiêm khắc", "chấn chỉnh")


def report_date(path: Path) -> date:
    """The «Ngày báo cáo» a sample workbook states."""
    sheet = load_workbook(path, read_only=True)[forms.SHEET_INFO]
    for label, value, *_ in sheet.iter_rows(values_only=True):
        if label == forms.LABEL_DATE:
            return value.date()
    raise AssertionError(path)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", folder)
    return folder


def remind(inputs: Path, out: Path, day: date = FIRST_DAY, **changes):
    options = ReminderOptions(
        year=YEAR, day=day, inputs=inputs, templates=TEMPLATES, out=out, **changes
    )
    return send_reminders(options)


def text_of(path: Path) -> str:
    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def body_of(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def tree(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def missing_by_hand(inputs: Path, day: date = FIRST_DAY) -> dict[str, str]:
    """Agencies on the year's roster with no workbook named after them, the Sở aside."""
    workspace = load_workspace(inputs)
    sent = {p.stem for p in (inputs / str(YEAR)).glob("*.xlsx") if report_date(p) <= day}
    issuer = workspace.plan.outputs.issuer
    return {
        agency.code: agency.name
        for agency in workspace.active(YEAR)
        if agency.code not in sent and agency.code != issuer
    }


def test_one_reminder_per_missing_agency_dated_the_day_given(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = remind(inputs, out)
    missing = missing_by_hand(inputs)
    # no workbook at all, or one dated after the day (it had not come in then)
    assert {"TTT", "XA-DOAN-KET", "XA-MUONG-COI"} <= set(missing)
    folder = out / str(YEAR) / "don-doc" / "2025-11-11"
    assert result.folder == folder
    assert sorted(p.stem for p in folder.glob("*.docx")) == sorted(missing)
    for code, name in missing.items():
        path = folder / f"{code}.docx"
        text = text_of(path)
        body = body_of(path)
        assert f"Kính gửi: {name}." in body  # the one agency, no other
        others = [n for c, n in missing.items() if c != code]
        assert not any(other in text for other in others)
        assert "Sơn La, ngày 11 tháng 11 năm 2025" in text  # dated the day given
        assert "Số:      /SKHCN-QLCN" in text  # the number is the records office's
        assert "V/v đôn đốc gửi báo cáo năm 2025 theo Kế hoạch số\xa065/KH-UBND" in text
        assert any(line.startswith(f"Theo quy định tại {PLAN} về ") for line in body)
        assert "“Định kỳ hàng năm (trước ngày 10 tháng 11)" in text  # the plan's own rule
        assert (
            f"Đến ngày 11/11/2025, Sở Khoa học và Công nghệ chưa nhận được báo cáo kết quả "
            f"thực hiện Kế hoạch năm 2025 của {name}."
        ) in body
        assert f"đề nghị {name} gửi báo cáo" in text
        assert "chậm nhất ngày 18/11/2025./." in text  # 5 working days, from the plan data
        assert "Tiếp theo" not in text  # nothing earlier to cite
        for word in REPRIMANDS:
            assert word not in text.casefold()
        # the sample's reminders are marked as the batch's documents are (one was sent)
        assert text.startswith("DỮ LIỆU MẪU\n") and "DỰ THẢO" not in text
        assert "- Như trên;" in text and "- Lưu: VT, QLCN." in text
        gaps = template_gaps(path)
        assert not has_blocking_failure([f for f in check_docx(path) if f.rule not in gaps])
    numbers = (folder / NUMBERS_FILE).read_text(encoding="utf-8")
    assert 'TTT: ""  # Thanh tra tỉnh' in numbers
    summary = describe_reminders(result)
    assert f"Đã soạn {len(missing)} công văn đôn đốc ngày 11/11/2025" in summary
    # the sample records no request letter for 2025: the reminders cite the plan, and say so
    assert (
        "Lưu ý: Dữ liệu kế hoạch chưa ghi công văn đề nghị báo cáo năm 2025 (mục van_ban_dau_ra, "
        "cong_van_de_nghi_bao_cao, năm 2025:"
    ) in summary
    assert "(hạn mới: 18/11/2025)" in summary
    # the agencies' names start in one column, whatever the length of their codes
    listed = [line for line in summary.splitlines() if line.startswith("  ") and ".docx" in line]
    starts = {len(line) - len(line.split(".docx", 1)[1].lstrip()) for line in listed}
    assert len(listed) > 1 and len(starts) == 1


def test_the_reminders_are_valid_ooxml(inputs: Path, tmp_path: Path):
    if not SHARED.is_dir():
        if os.environ.get("VANBAN_REQUIRE_SHARED"):
            pytest.fail(f"thiếu thư mục tham chiếu {SHARED}")
        pytest.skip(f"không có bộ kiểm tra OOXML ở {SHARED / 'ooxml'}")
    sys.path.insert(0, str(SHARED / "ooxml"))
    from docx_check import check_docx as ooxml_check

    result = remind(inputs, tmp_path / "out")
    for path in sorted(result.folder.glob("*.docx")):
        errors = [
            f for f in ooxml_check(path, xsd_dir=SHARED / "ooxml" / "xsd") if f.level == "error"
        ]
        assert not errors, (path, errors)


def test_same_inputs_give_identical_bytes(inputs: Path, tmp_path: Path):
    first = remind(inputs, tmp_path / "a")
    second = remind(inputs, tmp_path / "b")
    assert tree(first.folder) == tree(second.folder)
    # a letter per missing agency, the numbers file, the manifest
    assert len(tree(first.folder)) == len(missing_by_hand(inputs)) + 2


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (date(2025, 11, 9), False),
        (date(2025, 11, 10), True),  # "trước ngày 10 tháng 11": overdue on the 10th
    ],
)
def test_a_day_before_the_deadline_is_refused(inputs: Path, tmp_path: Path, day, allowed):
    out = tmp_path / "out"
    if allowed:
        assert remind(inputs, out, day).agencies
        return
    with pytest.raises(UsageError) as caught:
        remind(inputs, out, day)
    assert caught.value.message() == (
        "ngày 09/11/2025 chưa quá hạn gửi báo cáo năm 2025 (hạn: trước ngày 10/11/2025), nên "
        "chưa đôn đốc được. Công văn đôn đốc ghi ngày từ 10/11/2025 trở đi (--ngay-ky "
        "ngày/tháng/năm)"
    )
    assert not out.exists()


def test_a_new_deadline_not_after_the_day_is_refused(inputs: Path, tmp_path: Path):
    with pytest.raises(UsageError, match="hạn mới 11/11/2025 không sau ngày"):
        remind(inputs, tmp_path / "out", new_deadline=FIRST_DAY)
    result = remind(inputs, tmp_path / "out", new_deadline=date(2025, 11, 25))
    assert "chậm nhất ngày 25/11/2025./." in text_of(result.folder / "TTT.docx")


def test_a_second_run_the_same_day_is_refused_and_changes_nothing(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    runner = CliRunner()
    args = ["don-doc", "--year", "2025", "--ngay-ky", "11/11/2025"]
    args += ["--inputs", str(inputs), "--templates", str(TEMPLATES), "--out", str(out)]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    before = tree(tmp_path)
    second = runner.invoke(cli, args)
    assert second.exit_code == 1
    missing = missing_by_hand(inputs)
    assert (
        f"Lỗi: ngày 11/11/2025 đã có công văn đôn đốc gửi {len(missing)} đơn vị (Thanh "
        "tra tỉnh, Ủy ban nhân dân xã Co Mạ, "
    ) in second.output
    assert "không soạn công văn thứ hai trong cùng một ngày" in second.output
    assert "Các tệp đã có giữ nguyên." in second.output
    assert "Traceback" not in second.output
    assert tree(tmp_path) == before
    assert [p.name for p in out.iterdir()] == ["2025"]  # no staging folder left behind


def test_a_later_day_reminds_those_still_missing_and_cites_the_first(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    remind(inputs, out)
    first = out / "2025" / "don-doc" / "2025-11-11"
    numbers = first / NUMBERS_FILE
    text = numbers.read_text(encoding="utf-8")
    numbers.write_text(text.replace('TTT: ""', 'TTT: "1301/SKHCN-QLCN"'), encoding="utf-8")
    # the commune's report arrives (dated before the deadline, received after the reminder)
    workspace = load_workspace(inputs)
    form = tmp_path / "XA-DOAN-KET-phieu.xlsx"
    build_form(workspace, workspace.registry.agency("XA-DOAN-KET"), YEAR).save(form)
    fill_form(form, inputs / "2025" / "XA-DOAN-KET.xlsx")
    sent_first = tree(first)
    result = remind(inputs, out, date(2025, 11, 20))
    assert [a.code for a in result.agencies] == ["TTT"]
    second = out / "2025" / "don-doc" / "2025-11-20"
    assert sorted(p.name for p in second.glob("*.docx")) == ["TTT.docx"]
    body = body_of(second / "TTT.docx")
    assert (
        "Tiếp theo Công văn số 1301/SKHCN-QLCN ngày 11/11/2025 của Sở Khoa học và Công nghệ về "
        "việc đôn đốc gửi báo cáo năm 2025, đến ngày 20/11/2025, Sở Khoa học và Công nghệ chưa "
        "nhận được báo cáo kết quả thực hiện Kế hoạch năm 2025 của Thanh tra tỉnh."
    ) in body
    assert "Sơn La, ngày 20 tháng 11 năm 2025" in text_of(second / "TTT.docx")
    assert "chậm nhất ngày 27/11/2025./." in text_of(second / "TTT.docx")
    assert tree(first) == sent_first  # the first day's record is never touched
    assert "(lần 2)" in describe_reminders(result)
    assert [r.day for r in read_record(out, YEAR)] == [FIRST_DAY, date(2025, 11, 20)]


def test_an_unnumbered_earlier_reminder_is_cited_with_its_number_left_blank(
    inputs: Path, tmp_path: Path
):
    """A date alone names no document (the first citation gives number and date): the number
    the clerk has not recorded is left blank to fill in, as on a draft's number line, and
    the clerk is told."""
    out = tmp_path / "out"
    remind(inputs, out)
    result = remind(inputs, out, date(2025, 11, 20))
    assert any(
        n.startswith("Đợt đôn đốc ngày 11/11/2025 chưa ghi số, ký hiệu của") for n in result.notes
    )
    body = body_of(result.folder / "XA-DOAN-KET.docx")
    assert (
        "Tiếp theo Công văn số       /SKHCN-QLCN ngày 11/11/2025 của Sở Khoa học và Công nghệ "
        "về việc đôn đốc gửi báo cáo năm 2025, đến ngày 20/11/2025, Sở Khoa học và Công nghệ chưa nhận được báo "
        "cáo kết quả thực hiện Kế hoạch năm 2025 của Ủy ban nhân dân xã Đoàn Kết."
    ) in body


def test_an_earlier_day_than_the_last_round_is_refused(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    remind(inputs, out, date(2025, 11, 20))
    before = tree(tmp_path)
    with pytest.raises(UsageError, match="đã có đợt đôn đốc ngày 20/11/2025, sau ngày 11/11/2025"):
        remind(inputs, out)
    assert tree(tmp_path) == before


def test_a_number_that_is_not_a_number_and_symbol_is_refused(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    remind(inputs, out)
    numbers = out / "2025" / "don-doc" / "2025-11-11" / NUMBERS_FILE
    numbers.write_text("TTT: 1301\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        remind(inputs, out, date(2025, 11, 20))
    message = caught.value.message()
    assert "don-doc/2025-11-11/so-ky-hieu.yaml" in message and "«1301»" in message


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258"])
def test_a_numbers_file_saved_in_another_encoding_says_how_to_save_it(
    inputs: Path, tmp_path: Path, encoding: str
):
    """Notepad's «Unicode» (UTF-16) or «ANSI»: «không đọc được tệp» and nothing more, where
    the data files say how to save the file again."""
    out = tmp_path / "out"
    remind(inputs, out)
    numbers = out / "2025" / "don-doc" / "2025-11-11" / NUMBERS_FILE
    text = unicodedata.normalize("NFD", 'TTT: "1301/SKHCN-QLCN"  # Thanh tra tỉnh\n')
    numbers.write_bytes(text.encode(encoding))  # cp1258 writes «ỉ» as «i» and a tone mark
    with pytest.raises(DataError) as caught:
        remind(inputs, out, date(2025, 11, 20))
    message = caught.value.message()
    assert "so-ky-hieu.yaml" in message
    assert "tệp không phải văn bản UTF-8; mở bằng Notepad, chọn Lưu thành (Save As)" in message


def test_the_request_letter_is_cited_when_the_data_records_it(inputs: Path, tmp_path: Path):
    plan = inputs / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8")
    letter = (
        "  cong_van_de_nghi_bao_cao:\n"
        '    2025: {so_ky_hieu: "1234/SKHCN-QLCN", ngay: 2025-10-15, '
        'co_quan: "Sở Khoa học và Công nghệ", trich_yeu: "báo cáo năm 2025"}\n'
    )
    plan.write_text(text.replace("  han_tra_loi_don_doc:", letter + "  han_tra_loi_don_doc:", 1))
    out = tmp_path / "out"
    remind(inputs, out)
    result = remind(inputs, out, date(2025, 11, 20))
    path = result.folder / "TTT.docx"
    assert (
        "Tiếp theo Công văn số\xa01234/SKHCN-QLCN ngày 15/10/2025 của Sở Khoa học và Công nghệ về "
        "báo cáo năm 2025 và Công văn số       /SKHCN-QLCN ngày 11/11/2025 của Sở Khoa học và "
        "Công nghệ về việc đôn đốc gửi báo cáo năm 2025, đến ngày 20/11/2025"
    ) in text_of(path)
    assert not has_blocking_failure(check_docx(path))  # each citation complete at first mention
    assert "công văn đề nghị báo cáo" not in describe_reminders(result)


def test_an_agency_whose_workbook_has_errors_is_not_reminded(inputs: Path, tmp_path: Path):
    missing = missing_by_hand(inputs)
    (inputs / "2025" / "SCT.xlsx").write_bytes(b"not a workbook")
    result = remind(inputs, tmp_path / "out")
    assert sorted(a.code for a in result.agencies) == sorted(missing)
    assert [a.code for a in result.with_errors] == ["SCT"]
    assert "vanban validate --year 2025 --phan-hoi" in describe_reminders(result)


def test_a_file_of_unknown_sender_stops_every_reminder(inputs: Path, tmp_path: Path):
    (inputs / "2025" / "bao-cao.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "out"
    with pytest.raises(UnknownSender) as caught:
        remind(inputs, out)
    assert "chưa biết chắc đơn vị nào chưa gửi báo cáo" in caught.value.message()
    assert "bao-cao.xlsx" in caught.value.message()
    assert not (out / "2025").exists()


def test_the_report_states_the_reminders_recorded_and_generate_leaves_them(
    inputs: Path, tmp_path: Path
):
    out = tmp_path / "out"
    remind(inputs, out)
    record = out / "2025" / "don-doc"
    sent = tree(record)
    options = GenerateOptions(inputs=inputs, templates=TEMPLATES, out=out, year=YEAR)
    summary = describe_batch(generate(options))
    # the clerk is told the round already sent, not only how to send one
    assert "Đơn vị chưa nộp đã được đôn đốc ngày 11/11/2025; đôn đốc lần nữa nếu cần" in summary
    report = body_of(out / "2025" / "bao-cao-tong-hop.docx")
    stated = (
        "Sau thời hạn trên, Sở Khoa học và Công nghệ đã có công văn đôn đốc các cơ quan, đơn vị "
        "chưa gửi báo cáo: ngày 11/11/2025 đôn đốc Thanh tra tỉnh, Ủy ban nhân dân xã Co Mạ, "
    )
    assert any(p.startswith(stated) and p.endswith("Ủy ban nhân dân xã Mường Cơi.") for p in report)
    # the letter to an agency still without a report cites the reminder it was sent
    letter = body_of(out / "2025" / "cong-van" / "TTT.docx")
    assert any(
        "(thời hạn báo cáo: trước ngày 10/11/2025; Sở Khoa học và Công nghệ đã đôn đốc tại Công "
        "văn số       /SKHCN-QLCN ngày 11/11/2025, đề nghị gửi chậm nhất ngày 18/11/2025)." in p
        for p in letter
    )
    # reported after it, by the day it asked: sent «theo Công văn đôn đốc», not called late
    late = body_of(out / "2025" / "cong-van" / "XA-MUONG-COI.docx")
    assert not any("đã đôn đốc" in p for p in late)
    assert any(
        "(theo Công văn đôn đốc số       /SKHCN-QLCN ngày 11/11/2025 của Sở Khoa học và Công nghệ)"
        in p
        for p in late
    )
    assert not any("chậm so với thời hạn" in p for p in late)
    # the blank left for the reminder's number is told, with the file to record it in
    numbers = record / "2025-11-11" / NUMBERS_FILE
    assert (
        f"Lưu ý: Công văn gửi 4 đơn vị dẫn Công văn đôn đốc ngày 11/11/2025 mà số, ký hiệu chưa "
        f"ghi trong «{numbers}»" in summary
    )
    generate(GenerateOptions(inputs=inputs, templates=TEMPLATES, out=out, year=YEAR, force=True))
    assert tree(record) == sent  # neither set aside nor changed by --force
    [old] = [p for p in (out / "2025").iterdir() if p.name.startswith(".cu-")]
    assert not (old / "don-doc").exists()


def test_a_letter_says_no_report_had_come_in_by_the_day_of_the_reminder_it_cites(
    inputs: Path, tmp_path: Path
):
    """«Đến ngày 18/11/2025 … chưa nhận được báo cáo …; đã đôn đốc tại Công văn … ngày
    20/11/2025»: the day the data stop was told before the reminder sent after it."""
    out = tmp_path / "out"
    remind(inputs, out, date(2025, 11, 20))
    generate(GenerateOptions(inputs=inputs, templates=TEMPLATES, out=out, year=YEAR))
    letter = body_of(out / "2025" / "cong-van" / "TTT.docx")
    [said] = [p for p in letter if "chưa nhận được báo cáo" in p]
    assert said.startswith("Đến ngày 20/11/2025, Sở Khoa học và Công nghệ chưa nhận được")
    assert "đã đôn đốc tại Công văn số       /SKHCN-QLCN ngày 20/11/2025" in said


def test_a_workbook_dated_after_the_day_had_not_come_in(tmp_path: Path):
    """A round recorded after the fact reminds the agencies whose report is dated later, so
    the report's account of the round agrees with Phụ lục I's dates."""
    inputs = tmp_path / "inputs"
    shutil.copytree(REPO / "inputs", inputs)
    later = {p.stem for p in (inputs / str(YEAR)).glob("*.xlsx") if report_date(p) > FIRST_DAY}
    assert len(later) >= 2
    result = remind(inputs, tmp_path / "out")
    reminded = {a.code for a in result.agencies}
    assert reminded == later | {"TTT", "XA-DOAN-KET"}


def test_no_reminder_when_every_agency_has_sent(inputs: Path, tmp_path: Path):
    workspace = load_workspace(inputs)
    for code in ("TTT", "XA-DOAN-KET"):
        form = tmp_path / f"{code}-phieu.xlsx"
        build_form(workspace, workspace.registry.agency(code), YEAR).save(form)
        fill_form(form, inputs / "2025" / f"{code}.xlsx")
    out = tmp_path / "out"
    result = remind(inputs, out, date(2025, 11, 20))  # the late workbooks are in by then
    assert result.agencies == []
    assert not out.exists()
    assert "không có công văn đôn đốc nào" in describe_reminders(result)


def test_a_stranger_in_the_days_folder_is_refused(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    folder = out / "2025" / "don-doc" / "2025-11-11"
    folder.mkdir(parents=True)
    (folder / "ghi-chu.txt").write_bytes(b"cua van thu")
    with pytest.raises(OutputError, match="không phải thư mục vanban ghi đợt đôn đốc"):
        remind(inputs, out)
    assert tree(out) == {
        "2025/don-doc/2025-11-11/ghi-chu.txt": hashlib.sha256(b"cua van thu").hexdigest()
    }


@pytest.mark.skipif(os.name == "nt", reason="the stand-in soffice is a POSIX script")
@pytest.mark.parametrize("pdfa", [True, False], ids=["pdfa-2b", "khong-pdfa"])
def test_pdf_copies_are_recorded_with_the_letters(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pdfa: bool
):
    from test_pdf import XMP_PDFA_2B, fake_soffice

    from generator import batch

    body = b"%PDF-1.6\n" + XMP_PDFA_2B if pdfa else b"%PDF-1.4\nkhong co XMP"
    soffice = fake_soffice(tmp_path, body)
    monkeypatch.setattr(batch, "find_soffice", lambda: soffice)
    result = remind(inputs, tmp_path / "out", pdf=True)
    assert result.pdfs == len(missing_by_hand(inputs))
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    for code in ("TTT", "XA-DOAN-KET"):
        assert (result.folder / f"{code}.pdf").read_bytes() == body
        assert f"{code}.pdf" in manifest["outputs"]
    pdf_notes = [note for note in result.notes if "PDF" in note]
    if pdfa:
        assert pdf_notes == []
    else:  # a day's set is never written again: no «--force» advice
        [note] = pdf_notes
        assert "không khai báo chuẩn PDF/A-2b" in note and "--force" not in note
        assert "xuất PDF/A-2b cho các công văn đó bằng Word" in note


def test_pdf_without_libreoffice_writes_nothing(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from generator import batch

    monkeypatch.setattr(batch, "find_soffice", lambda: None)
    out = tmp_path / "out"
    with pytest.raises(UsageError, match="chưa soạn công văn đôn đốc nào"):
        remind(inputs, out, pdf=True)
    assert not out.exists()


def test_a_reminder_dated_a_year_past_the_deadline_is_refused(inputs: Path, tmp_path: Path):
    """A day typed a year past the deadline is refused (a mistyped year); run with no date
    a year later, don-doc dated its letters «today» on a year long closed with no word."""
    with pytest.raises(UsageError, match="quá xa hạn gửi báo cáo năm 2025") as caught:
        remind(inputs, tmp_path / "out", date(2026, 11, 29))
    assert "--ngay-ky" in caught.value.message()
    assert not (tmp_path / "out" / str(YEAR) / "don-doc").exists()
    # today's date, not typed: written, and told first thing with how to set it aside
    result = remind(inputs, tmp_path / "out", date(2026, 11, 29), day_given=False)
    assert any("hơn một năm sau hạn gửi báo cáo năm 2025" in n for n in result.notes)


def test_generate_refuses_a_reminder_sent_after_the_signing_day(inputs: Path, tmp_path: Path):
    """The report signed on 19/11 cannot tell of a reminder of 20/11; a round made by
    mistake is named with how to set it aside."""
    out = tmp_path / "out"
    remind(inputs, out, date(2025, 11, 20))
    options = GenerateOptions(
        inputs=inputs, templates=TEMPLATES, out=out, year=YEAR, signing_date=date(2025, 11, 19)
    )
    with pytest.raises(UsageError, match="sau ngày ký 19/11/2025") as caught:
        generate(options)
    assert "2025-11-20" in caught.value.message()
    with pytest.raises(UsageError, match="chuyển thư mục"):
        remind(inputs, out, date(2025, 11, 15))


def test_an_agency_whose_form_came_after_the_round_is_said_to_be_reminded(
    inputs: Path, tmp_path: Path
):
    """A round recorded afterwards reminds Co Mạ, whose form in the folder is dated 14/11:
    the clerk is told why, not left to think the form was not read."""
    result = remind(inputs, tmp_path / "out", date(2025, 11, 11))
    assert (
        "Ủy ban nhân dân xã Co Mạ: phiếu ghi ngày 14/11/2025, sau ngày đôn đốc 11/11/2025, nên "
        "vẫn được đôn đốc trong đợt này"
    ) in result.notes
    assert "Lưu ý: Ủy ban nhân dân xã Co Mạ: phiếu ghi ngày" in describe_reminders(result)


def test_a_set_written_to_another_folder_states_the_reminders_sent(inputs: Path, tmp_path: Path):
    """don-doc wrote its round beside the working folder's outputs; generate --out elsewhere
    dropped it: the report lost the reminders and the letters called the reminded late."""
    remind(inputs, tmp_path / "outputs")  # the working folder's own outputs
    elsewhere = tmp_path / "ban-bieu-do"
    options = GenerateOptions(inputs=inputs, templates=TEMPLATES, out=elsewhere, year=YEAR)
    result = generate(options)
    report = body_of(elsewhere / "2025" / "bao-cao-tong-hop.docx")
    assert any(
        p.startswith("Sau thời hạn trên, Sở Khoa học và Công nghệ đã có công văn đôn đốc")
        for p in report
    )
    late = body_of(elsewhere / "2025" / "cong-van" / "XA-MUONG-COI.docx")
    assert any("theo Công văn đôn đốc" in p for p in late)
    record = tmp_path / "outputs" / "2025" / "don-doc"
    assert any(n.startswith(f"Các đợt đôn đốc đã gửi đọc từ «{record}»") for n in result.notes)


def test_a_reminder_is_marked_sample_only_while_the_figures_are_the_sample_s(
    inputs: Path, tmp_path: Path
):
    history = inputs / "so-lieu-cac-nam-truoc.yaml"
    text = history.read_text(encoding="utf-8")
    assert "so_lieu_mau: true" in text
    history.write_text(text.replace("so_lieu_mau: true", "so_lieu_mau: false"), encoding="utf-8")
    folder = remind(inputs, tmp_path / "out").folder
    letter = text_of(folder / "TTT.docx")
    assert "DỮ LIỆU MẪU" not in letter and "Kính gửi: Thanh tra tỉnh." in letter
    # a file being edited does not stop a reminder
    history.write_text("nam: [", encoding="utf-8")
    assert remind(inputs, tmp_path / "again").folder.is_dir()
