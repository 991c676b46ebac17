"""The data contract between vanban's Python side and its .docx templates.

Every field holds text exactly as it must appear in the document: dates, numbers, money
and upper case are formatted before a model is built (see :mod:`generator.vnformat`).
Templates only place text. The render context of a template is ``model.model_dump()``,
so each template variable is a field name below (``header.signer.name``,
``targets[i].year_total``…).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    """Base of every context model: unknown fields are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Signer(_Strict):
    """Who signs (ô 7a, 7b): authority lines in upper case, then the signer's full name.

    ``authority_lines`` is e.g. ``["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]`` or ``["GIÁM ĐỐC"]``.
    """

    authority_lines: list[str]
    name: str


class Header(_Strict):
    """The parts every document shares: the header block, the recipients, the signature.

    ``parent_body`` may be ``""`` when the issuing body has no parent body.
    ``recipients`` are the "Nơi nhận" items fully formatted ("- Như trên;" … "- Lưu: VT, QLCN.").
    ``document_date`` stamps the file's core properties (created/modified) and zip entries,
    so the same data always gives the same bytes; ``None`` means 1980-01-01.
    """

    parent_body: str
    issuing_body: str
    number_line: str
    place_date: str
    recipients: list[str]
    signer: Signer
    document_date: date | None = None


class AreaResult(_Strict):
    """One area of results in section I of the report: a numbered title and its paragraphs."""

    title: str
    paragraphs: list[str]


class TargetRow(_Strict):
    """One row of the targets table (section II): a target of the plan against the results.

    ``scope`` is "Hằng năm" or "Cả giai đoạn"; ``year_total`` and ``cumulative`` are the
    formatted figures for the year and since the plan started; ``judgement`` is the verdict
    ("Đạt", "Chưa đạt", …).
    """

    code: str
    text: str
    planned: str
    scope: str
    year_total: str
    cumulative: str
    judgement: str


class FundingRow(_Strict):
    """One agency's funding spent in the year, amount already formatted ("125.000.000")."""

    index: str
    agency: str
    amount: str


class SubmissionRow(_Strict):
    """One agency in the appendix: when and how it reported, and its task counts."""

    index: str
    agency: str
    report_date: str
    status: str
    tasks_done: str
    tasks_in_progress: str
    tasks_not_started: str


class ReportContext(_Strict):
    """The consolidated BÁO CÁO from Sở Khoa học và Công nghệ to UBND tỉnh for one year.

    ``funding_total_words`` is the amount in words without a final full stop ("Một trăm
    hai mươi lăm triệu đồng"); the template writes "Bằng chữ: …". ``period_summary`` is
    empty unless the plan's period has ended; ``closing`` holds the last paragraphs before
    the signature ("Trên đây là báo cáo …"). ``appendix_reference`` is the full
    parenthesised line under the appendix's title, e.g. "(Kèm theo Báo cáo số      /BC-SKHCN
    ngày      tháng 11 năm 2025 của Sở Khoa học và Công nghệ)"; when empty the template
    writes "(Kèm theo Báo cáo số …)" from ``header.number_line``.
    """

    header: Header
    type_name: str = Field(default="BÁO CÁO")
    subject: str
    intro: list[str]
    areas: list[AreaResult]
    targets: list[TargetRow]
    target_notes: list[str]
    funding: list[FundingRow]
    funding_total: str
    funding_total_words: str
    difficulties: list[str]
    proposals: list[str]
    period_summary: list[str] = Field(default_factory=list)
    closing: list[str] = Field(default_factory=list)
    appendix: list[SubmissionRow]
    appendix_reference: str = ""
    year: int


class TaskItem(_Strict):
    """A task of the plan as assigned to one agency, its text verbatim from the plan.

    ``inherited_from`` is ``""`` or the name of the predecessor agency the task came from;
    ``lead`` is ``""`` or, for a task the agency partners in, who leads it.
    """

    code: str
    text: str
    inherited_from: str = ""
    lead: str = ""


class LetterContext(_Strict):
    """A công văn to one agency: what it reported, and its tasks for the coming year.

    ``final_review`` is true in the plan's last year: the letter then asks for a review of
    the whole period, task by task, and proposals for the next period.
    """

    header: Header
    subject_line: str
    addressee: str
    intro: list[str]
    reported: list[str]
    lead_tasks: list[TaskItem]
    partner_tasks: list[TaskItem]
    closing: list[str]
    final_review: bool = False


class ReminderContext(_Strict):
    """A công văn đôn đốc to an agency whose report is missing or late."""

    header: Header
    subject_line: str
    addressee: str
    paragraphs: list[str]
