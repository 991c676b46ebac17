"""``validate --phan-hoi``: what to send back to each agency whose workbook has findings.

For each such agency, in ``OUT/phan-hoi/<year>/<code>/``:

- a copy of each faulty workbook (the original is never touched) whose faulty cells are
  filled in a clear colour and carry the finding as a comment, with a first sheet
  «Lỗi cần sửa» listing every finding and linking to its cell;
- a short letter in the decree's layout (template ``cong-van-sua-phieu.docx``) asking the
  agency to correct and resend its form by a date.

Agencies without findings get nothing. Like ``generate``: everything is built in a hidden
staging folder and moved into place at the end (all or nothing), and an existing set is
replaced only with ``force`` (the old one kept in ``.cu-<time>/``).
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from pydantic import BaseModel, ConfigDict, Field

# The batch's own rules for a folder of earlier outputs: what counts as a file there, and
# how a new set replaces it (the old one kept in .cu-<time>/).
from generator.consolidate import plan_facts, recipient_names
from generator.data.registry import Agency
from generator.data.shipped import shipped_templates
from generator.data.workspace import Workspace
from generator.documents.context import Header, Signer, issuing_body_lines
from generator.documents.filters import van_ban
from generator.documents.render import CompiledTemplate
from generator.errors import OutputError, UsageError
from generator.forms import writer as forms
from generator.forms.reader import check_file
from generator.output import publish
from generator.output.files import write_error
from generator.output.publish import MANIFEST_FILE, OLD_SET_PREFIX, Protected
from generator.validate import AgencySubmission, Finding, ValidationResult
from generator.vnformat import (
    doc_symbol,
    format_doc_number,
    format_number,
    format_place_date,
    format_short_date,
    upper_vi,
)

FEEDBACK_DIR = "phan-hoi"
TEMPLATE = "cong-van-sua-phieu.docx"
LETTER_FILE = "cong-van.docx"
COPY_SUFFIX = "-can-sua.xlsx"
ERRORS_SHEET = forms.SHEET_FEEDBACK
FAULT_FILL = PatternFill("solid", fgColor="FFC7CE")  # light red: Excel's own «bad» colour
LINK_FONT = Font(color="0563C1", underline="single")
COMMENT_AUTHOR = "vanban"
STAGING_PREFIX = ".dang-tao-"


class FeedbackLetterContext(BaseModel):
    """The fields of ``cong-van-sua-phieu.docx`` (its wording is in the template)."""

    model_config = ConfigDict(extra="forbid")

    header: Header
    addressee: str = Field(description="tên đơn vị nhận công văn")
    issuer: str = Field(description="tên cơ quan tổng hợp, gửi công văn")
    plan_reference: str = Field(description="kế hoạch, trích dẫn đầy đủ lần đầu")
    plan_number: str = Field(description="số, ký hiệu kế hoạch")
    year: int = Field(description="năm báo cáo")
    file_names: str = Field(description="tên các tệp phiếu đơn vị đã gửi")
    finding_count: int = Field(description="số lỗi cần sửa")
    feedback_files: str = Field(description="tên các tệp gửi kèm (bản sao phiếu tô màu ô lỗi)")
    unlocated: list[str] = Field(description="lỗi không gắn với một ô (ghi trong công văn)")
    due_date: str = Field(description="hạn gửi lại phiếu đã sửa, đã viết «20/11/2025»")


@dataclass
class AgencyFeedback:
    agency: Agency
    files: list[str]  # relative to the feedback folder, letter last
    email: str | None
    findings: int


@dataclass
class FeedbackResult:
    folder: Path
    agencies: list[AgencyFeedback] = field(default_factory=list)
    old_set: Path | None = None


def feedback_template(templates: Path) -> Path:
    """The workspace's own letter template, else the one shipped with vanban."""
    own = templates / TEMPLATE
    return own if own.is_file() else shipped_templates() / TEMPLATE


def write_feedback(
    workspace: Workspace,
    result: ValidationResult,
    out: Path,
    templates: Path,
    due: date,
    force: bool = False,
    written_on: date | None = None,
) -> FeedbackResult:
    """Write the feedback of every agency with findings into ``out/phan-hoi/<year>/``; the
    letters are dated ``written_on`` (today when not given), the day they are written."""
    written_on = written_on or date.today()
    publish.refuse_overlap(  # a copy written among the forms would be read as a second form
        out,
        [
            Protected(workspace.root, "thư mục dữ liệu đầu vào"),
            Protected(templates, "thư mục mẫu văn bản"),
        ],
    )
    target = out / FEEDBACK_DIR / str(result.year)
    # what only the Sở's clerk can fix (two files of one agency) is not sent to the agency
    faulty = [
        replace(s, findings=agency_findings)
        for s in result.submissions
        if (agency_findings := [f for f in s.findings if not f.for_clerk])
    ]
    if not faulty:
        return FeedbackResult(target)
    if due < date.today():
        raise UsageError(
            f"hạn sửa {format_short_date(due)} đã qua; ghi một ngày từ hôm nay trở đi "
            "(--han-sua ngày/tháng/năm)"
        )
    publish.check_set_folder(target)
    previous = publish.read_previous(target, lambda name: not name.startswith("."))
    if previous.present and not force:
        raise OutputError(
            f"thư mục «{target}» đã có phản hồi của lần trước (có thể đã gửi đi), vanban không "
            "ghi đè. Muốn thay bằng bộ mới thì chạy lại với --force: bộ cũ được chuyển vào "
            f"«{target}{os.sep}{OLD_SET_PREFIX}<thời điểm>{os.sep}»."
        )
    from generator.documents.template_guide import load_checked

    letter = load_checked(feedback_template(templates), TEMPLATE)
    built = [_agency_files(workspace, result.year, s, letter, due, written_on) for s in faulty]
    # Built in a marked staging folder beside the set, then moved into place (all or nothing).
    with publish.staging_folder(target.parent, str(result.year)) as staging:
        outputs: dict[str, str] = {}
        try:
            for _, files in built:
                for relative, data in files:
                    path = staging / relative
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                    outputs[relative] = hashlib.sha256(data).hexdigest()
            manifest = {"year": result.year, "outputs": dict(sorted(outputs.items()))}
            (staging / MANIFEST_FILE).write_bytes(publish.manifest_bytes(manifest))
        except OSError as exc:
            raise write_error(exc, target) from exc
        old_set = publish.publish(staging, target, previous, "bộ phản hồi")
    return FeedbackResult(target, [feedback for feedback, _ in built], old_set)


def _agency_files(
    workspace: Workspace,
    year: int,
    submission: AgencySubmission,
    letter: CompiledTemplate,
    due: date,
    written_on: date,
) -> tuple[AgencyFeedback, list[tuple[str, bytes]]]:
    agency = submission.agency
    by_file: dict[Path, list[Finding]] = {}
    for finding in submission.findings:
        by_file.setdefault(finding.file, []).append(finding)
    files: list[tuple[str, bytes]] = []
    unlocated: list[str] = []
    email = submission.report.email if submission.report is not None else None
    moment = datetime(written_on.year, written_on.month, written_on.day)
    for path, findings in by_file.items():
        book = _open(path)
        if book is None:
            unlocated += [str(finding) for finding in findings]
            continue
        email = email or _email_of(book)
        _mark(book, findings, agency, submission.findings)
        files.append(
            (f"{agency.code}/{_copy_stem(path)}{COPY_SUFFIX}", forms.workbook_bytes(book, moment))
        )
    copies = [name for name, _ in files]
    # The Sở's own form: its clerk corrects the marked copy; no letter to itself.
    if agency.code != workspace.issuer_on(written_on).code or not copies:
        context = _letter_context(workspace, year, submission, copies, unlocated, due, written_on)
        files.append((f"{agency.code}/{LETTER_FILE}", letter.render(context)))
    feedback = AgencyFeedback(
        agency, [name for name, _ in files], email or None, len(submission.findings)
    )
    return feedback, files


# A clerk's file name can be long (Windows allows 255 characters): the copy, in a folder
# under the outputs, must stay well within Windows' 260-character path.
MAX_COPY_STEM = 60


def _copy_stem(path: Path) -> str:
    """The name of the marked copy, before «-can-sua.xlsx»: the agency's file name, cut
    short when long, at a space rather than inside a word («… lần 2, đ»), and never ending
    in a dot, a space or a comma (Windows refuses the first two)."""
    stem = path.stem
    if len(stem) > MAX_COPY_STEM:
        cut = stem[: MAX_COPY_STEM + 1]
        stem = cut[: cut.rfind(" ")] if " " in cut[MAX_COPY_STEM // 2 :] else cut[:MAX_COPY_STEM]
    return stem.rstrip(" .,;(-") or "phieu"


def _open(path: Path) -> Workbook | None:
    """The workbook to annotate, or None when it cannot be read (the letter lists why): a
    file the forms' reader refuses (a Strict Open XML one, which openpyxl opens as an empty
    workbook, with English warnings) is not annotated either."""
    try:
        check_file(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's, in English: never for a clerk
            return load_workbook(path)
    except Exception:  # any unreadable file: its findings already say what is wrong
        return None


def _email_of(book: Workbook) -> str | None:
    """The e-mail address the agency wrote beside its label on the information sheet."""
    if forms.SHEET_INFO not in book.sheetnames:
        return None
    sheet = book[forms.SHEET_INFO]
    for row in sheet.iter_rows(max_col=2):
        if str(row[0].value or "").strip() == forms.LABEL_EMAIL and len(row) > 1:
            value = str(row[1].value or "").strip()
            return value or None
    return None


def _mark(
    book: Workbook, findings: list[Finding], agency: Agency, all_findings: list[Finding]
) -> None:
    """Fill and comment each faulty cell; list every finding on a first sheet."""
    notes: dict[tuple[str, str], list[str]] = {}
    for finding in findings:
        if finding.sheet in book.sheetnames and finding.cell:
            notes.setdefault((finding.sheet, finding.cell), []).append(finding.message)
    for (sheet, address), messages in notes.items():
        cell = book[sheet][address]
        cell.fill = FAULT_FILL
        comment = Comment("\n".join(messages), COMMENT_AUTHOR)
        comment.width, comment.height = 320, 60 + 40 * len(messages)
        cell.comment = comment
    _errors_sheet(book, findings, agency, len(all_findings))


def _errors_sheet(book: Workbook, findings: list[Finding], agency: Agency, total: int) -> None:
    if ERRORS_SHEET in book.sheetnames:  # a copy sent back and forth: list afresh
        del book[ERRORS_SHEET]
    sheet = book.create_sheet(ERRORS_SHEET, 0)
    sheet["A1"] = f"{agency.name}: {total} lỗi cần sửa"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = (
        "Sửa các ô được tô màu (ghi chú ở từng ô nêu lỗi), lưu tệp rồi gửi lại. Bấm vào địa "
        "chỉ ô để tới ô đó."
    )
    headings = ("STT", "Trang tính", "Ô", "Lỗi cần sửa")
    for column, heading in enumerate(headings, start=1):
        sheet.cell(4, column, heading).font = Font(bold=True)
    for index, finding in enumerate(findings, start=1):
        row = 4 + index
        sheet.cell(row, 1, index)
        sheet.cell(row, 2, finding.sheet or "")
        address = sheet.cell(row, 3, finding.cell or "")
        if finding.sheet in book.sheetnames and finding.cell:
            address.hyperlink = Hyperlink(
                ref=address.coordinate, location=f"'{finding.sheet}'!{finding.cell}"
            )
            address.font = LINK_FONT
        message = sheet.cell(row, 4, finding.message)
        message.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCD", (6, 22, 8, 90), strict=True):
        sheet.column_dimensions[column].width = width
    for other in book.worksheets:
        other.sheet_view.tabSelected = False
    sheet.sheet_view.tabSelected = True
    book.active = 0


def _letter_context(
    workspace: Workspace,
    year: int,
    submission: AgencySubmission,
    copies: list[str],
    unlocated: list[str],
    due: date,
    written_on: date,
) -> FeedbackLetterContext:
    plan = workspace.plan
    outputs = plan.outputs
    issuer = workspace.issuer_on(written_on)
    signer = outputs.signer
    header = Header(
        parent_body=upper_vi(outputs.parent_body),
        issuing_body=issuing_body_lines(issuer.name, outputs.parent_body),
        number_line=format_doc_number(None, doc_symbol(None, issuer.code, outputs.drafting_unit)),
        place_date=format_place_date(outputs.place, month=written_on.month, year=written_on.year),
        recipients=recipient_names(outputs.letter_recipients, outputs.drafting_unit),
        signer=Signer(authority_lines=list(signer.authority_lines), name=signer.name),
        document_date=written_on,
    )
    return FeedbackLetterContext(
        header=header,
        addressee=submission.agency.name,
        issuer=issuer.name,
        plan_reference=van_ban(plan_facts(plan).document.model_dump()),
        plan_number=plan.number_symbol,
        year=year,
        file_names=_names(path.name for path in submission.files),
        finding_count=len(submission.findings),
        feedback_files=_names(Path(name).name for name in copies),
        unlocated=unlocated,
        due_date=format_short_date(due),
    )


def sample_feedback_context(workspace: Workspace, year: int) -> FeedbackLetterContext:
    """The correction letter's facts for the first agency that must report, with example
    files and findings: what ``vanban mau-van-ban --kiem-tra`` renders the template with."""
    agency = workspace.active(year)[0]
    deadline = workspace.deadline(year)
    example = SimpleNamespace(
        agency=agency, files=[Path(f"{agency.code}.xlsx")], findings=[None, None, None]
    )
    copies = [f"{agency.code}-can-sua.xlsx"]
    unlocated = ["ví dụ: thiếu dòng của một nhiệm vụ"]
    return _letter_context(
        workspace, year, example, copies, unlocated, deadline + timedelta(days=7), deadline
    )  # type: ignore[arg-type]


def _names(names: Iterable[str]) -> str:
    return ", ".join(names)


# ---------------------------------------------------------------------------
# Into place, never over an earlier set


def describe_feedback(result: FeedbackResult) -> str:
    """Where each agency's feedback is, and the address to send it to."""
    if not result.agencies:
        return "Không đơn vị nào có lỗi: không có phản hồi nào cần gửi."
    rows = [("Mã đơn vị", "Gửi tới", "Tệp gửi kèm")]
    for item in result.agencies:
        rows.append(
            (item.agency.code, item.email or "(phiếu không ghi địa chỉ)", ", ".join(item.files))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [
        "",
        f"Phản hồi cho {format_number(len(result.agencies))} đơn vị có lỗi, trong «{result.folder}»:",
    ]
    lines += [
        f"  {code.ljust(widths[0])}  {email.ljust(widths[1])}  {files}"
        for code, email, files in rows
    ]
    if result.old_set is not None:
        lines.append(f"Bộ phản hồi cũ đã được chuyển vào «{result.old_set}».")
    return "\n".join(lines)
