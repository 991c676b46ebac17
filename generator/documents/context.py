"""The facts each .docx template receives: the contract between Python and the templates.

Python computes facts (names, numbers, dates, judgements, lists); the sentences are in the
templates, which a clerk edits in Word. Numbers stay numbers and dates stay dates: the
templates format them with the filters of :mod:`generator.documents.filters`
(``{{ deadline | ngay_thang }}``, ``{{ total | so }}``). Each field's description is in
Vietnamese: ``vanban mau-van-ban`` prints them for the clerk who edits a template.

The render context of a template is ``model.model_dump()``; a template variable is a field
name below (``header.signer.name``, ``targets[i].year_value``…).
"""

from __future__ import annotations

import functools
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, computed_field

from generator.documents.render import Picture
from generator.vnformat import upper_vi


class _Strict(BaseModel):
    """Base of every context model: unknown fields are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


def _f(description: str, default=..., **kwargs):
    return Field(default, description=description, **kwargs)


class Signer(_Strict):
    authority_lines: list[str] = _f("các dòng thẩm quyền ký, chữ in hoa (KT. GIÁM ĐỐC …)")
    name: str = _f("họ tên người ký")


# The rule under the issuing body is 1/3–1/2 of the name's longest line (Nghị định
# 30/2020, Phụ lục I, khoản 2 điểm b). The templates hold one rule of each length, each
# step 1.4 times the last, so one always fits; the name is 12 pt bold in a 7.0 cm box.
ISSUING_RULES_MM = (6, 8, 12, 17, 24, 33)
ISSUING_BODY_PT = 12
ISSUING_BOX_MM = 70
MM_PER_PT = 25.4 / 72


@functools.lru_cache(maxsize=64)
def header_lines(name: str, size_pt: float = ISSUING_BODY_PT) -> str:
    """An upper-case body name too wide for the header's box, broken into two lines where an
    official breaks it: before «VÀ» («SỞ VĂN HÓA, THỂ THAO / VÀ DU LỊCH»), before the place
    it serves («… THỊ TRƯỜNG / TỈNH …»), after a comma, else at the space giving the most
    even lines; Word broke it wherever it ran out («… VÀ DU / LỊCH»). A name that fits, or
    one with its own line breaks, is kept."""
    from generator.check.measure import string_width_pt

    def width(text: str) -> float:
        return string_width_pt(text, size_pt, bold=True) * MM_PER_PT

    if "\n" in name or width(name) <= ISSUING_BOX_MM:
        return name
    words = name.split(" ")
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    fitting = [pair for pair in splits if max(map(width, pair)) <= ISSUING_BOX_MM] or splits
    for preferred in (
        [pair for pair in fitting if pair[1].startswith(_BREAK_BEFORE)],
        [pair for pair in fitting if pair[0].endswith(",")],
        fitting,
    ):
        if preferred:
            first, second = min(preferred, key=lambda pair: max(map(width, pair)))
            return f"{first}\n{second}"
    return name


def issuing_body_lines(name: str, parent: str) -> str:
    """The issuing body as the header prints it under its parent: upper case, the place
    they share said once, broken where an official breaks it."""
    return header_lines(upper_vi(without_parent_place(name, parent)))


def without_parent_place(name: str, parent: str) -> str:
    """The issuing body's name as the header gives it under its parent's: the place both end
    with said once («UBND TỈNH LÀO CAI / SỞ KHOA HỌC VÀ CÔNG NGHỆ», not «… CÔNG NGHỆ TỈNH
    LÀO CAI»; «UBND TỈNH LÀO CAI / VĂN PHÒNG»), as the decree's examples write them."""
    words, above = name.split(), parent.split()
    if len(words) <= len(above):  # the parent itself, or a shorter name: kept whole
        return name
    shared = 0
    while (
        shared < min(len(words) - 1, len(above))
        and words[-1 - shared].casefold() == above[-1 - shared].casefold()
    ):
        shared += 1
    if shared < 2:  # one word in common («… Sơn La»?) is no place said twice
        return name
    return " ".join(words[:-shared])


# Where a body's name is broken in a header: before «VÀ», «THUỘC», «ỦY BAN» («VĂN PHÒNG /
# ỦY BAN NHÂN DÂN TỈNH»), before the place it serves.
_BREAK_BEFORE = tuple(
    f"{word} "
    for word in (
        *("VÀ", "THUỘC", "ỦY BAN"),
        *("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG"),
    )
)


@functools.lru_cache(maxsize=64)
def issuing_rule_mm(name: str) -> int:
    """The rule's length for ``name``: the one nearest 0.4 of the name, within 1/3–1/2.
    Remembered: every letter's context asks for it (10,000 times, one issuer)."""
    from generator.check.measure import string_width_pt  # the check's own font metrics

    lines = name.splitlines() or [""]
    widest = max(string_width_pt(line, ISSUING_BODY_PT, bold=True) for line in lines)
    width = min(widest * MM_PER_PT, ISSUING_BOX_MM)
    fitting = [mm for mm in ISSUING_RULES_MM if width / 3 <= mm <= width / 2]
    return min(fitting or ISSUING_RULES_MM, key=lambda mm: abs(mm - 0.4 * width))


class Header(_Strict):
    """The parts every document shares: the header block, the recipients, the signature."""

    parent_body: str = _f("tên cơ quan chủ quản, chữ in hoa (có thể rỗng)")
    issuing_body: str = _f("tên cơ quan ban hành, chữ in hoa")
    number_line: str = _f("dòng số, ký hiệu («Số:      /BC-…»), để trống số")
    place_date: str = _f("dòng địa danh, ngày tháng (để trống ngày khi chưa ký)")
    recipients: list[str] = _f("nơi nhận, mỗi mục một tên (mẫu thêm «- » và dấu «;», «.»)")
    signer: Signer = _f("người ký")
    document_date: date | None = _f("ngày ghi vào thuộc tính tệp", None)
    marks: list[str] = _f("dấu ở đầu trang: «DỰ THẢO», «DỮ LIỆU MẪU» (rỗng khi trình ký)", [])

    @computed_field  # type: ignore[prop-decorator]
    @property
    def issuing_rule_mm(self) -> int:
        """Độ dài (mm) đường kẻ dưới tên cơ quan ban hành: 1/3–1/2 dòng chữ dài nhất."""
        return issuing_rule_mm(self.issuing_body)


class DocumentRef(_Strict):
    """A document cited: first mention gives type, number, date, issuer and subject."""

    type_name: str = _f("tên loại, viết thường trừ chữ đầu (Kế hoạch, Quyết định)")
    number_symbol: str = _f("số, ký hiệu (số/ký hiệu)")
    issued_on: date | None = _f("ngày ban hành", None)
    issuer: str = _f("cơ quan ban hành (tên viết tắt như văn bản hay dùng)")
    subject: str = _f("trích yếu, viết thường chữ đầu", "")


class PlanFacts(_Strict):
    document: DocumentRef = _f("kế hoạch (văn bản được báo cáo)")
    implements: list[DocumentRef] = _f("các văn bản kế hoạch triển khai thực hiện")
    short_subject: str = _f("nội dung kế hoạch viết gọn, dùng trong tên báo cáo; có thể rỗng", "")
    first_year: int = _f("năm đầu giai đoạn")
    last_year: int = _f("năm cuối giai đoạn")
    midterm_year: int | None = _f("năm sơ kết giữa kỳ (nếu kế hoạch có)", None)
    reporting_rule: str = _f("nguyên văn quy định chế độ báo cáo của kế hoạch")


class Citation(_Strict):
    """Where an item stands in the plan: điểm, khoản, Mục (each may be empty)."""

    point: str = _f("điểm (chữ cái), có thể rỗng", "")
    clause: str = _f("khoản (số), có thể rỗng", "")
    section: str = _f("Mục (số La Mã), có thể rỗng", "")


class AgencyFacts(_Strict):
    name: str = _f("tên đầy đủ")
    short_name: str = _f("tên ngắn")
    code: str = _f("mã trong danh mục đơn vị")
    is_local: bool = _f("là chính quyền địa phương (UBND cấp huyện, cấp xã)")
    group: str = _f("tên nhóm đơn vị cùng loại, theo danh mục đơn vị")


class TaskResult(_Strict):
    agency: str = _f("tên cơ quan, đơn vị báo cáo")
    status: str = _f(
        "tình trạng: Đã hoàn thành, Đang thực hiện, Chưa thực hiện (rỗng nếu không ghi)"
    )
    text: str = _f("kết quả đơn vị ghi (đã làm sạch, không có dấu chấm cuối)")


class LocalSummary(_Strict):
    group: str = _f("tên nhóm chính quyền địa phương")
    agencies: int = _f("số đơn vị báo cáo nhiệm vụ")
    done: int = _f("số đơn vị đã hoàn thành")
    in_progress: int = _f("số đơn vị đang thực hiện")
    not_started: int = _f("số đơn vị chưa thực hiện")
    examples: list[TaskResult] = _f("một số kết quả tiêu biểu")


class TaskFacts(_Strict):
    citation: Citation = _f("vị trí của nhiệm vụ trong kế hoạch")
    text: str = _f("nội dung nhiệm vụ, nguyên văn kế hoạch")
    leads: list[str] = _f("tên các đơn vị chủ trì trong năm")
    results: list[TaskResult] = _f("kết quả của các cơ quan cấp tỉnh, mỗi đơn vị một mục")
    local: LocalSummary | None = _f("kết quả của chính quyền địa phương, gộp lại", None)
    quoted_in: int | None = _f(
        "số thứ tự lĩnh vực đã nêu kết quả (khi nhiệm vụ thuộc nhiều lĩnh vực)", None
    )


class IndicatorTotal(_Strict):
    name: str = _f("tên số liệu hoạt động")
    unit: str = _f("đơn vị tính")
    value: int = _f("tổng số")
    worded: str | None = _f(
        "câu nói tổng số theo cách ghi của kế hoạch («tiến hành 4 cuộc thanh tra, kiểm tra»)", None
    )


class AreaFacts(_Strict):
    number: int = _f("số thứ tự lĩnh vực")
    title: str = _f("tên lĩnh vực, nguyên văn kế hoạch")
    totals: list[IndicatorTotal] = _f("số liệu hoạt động cộng lại của lĩnh vực", [])
    tasks: list[TaskFacts] = _f("các nhiệm vụ thuộc lĩnh vực, kèm kết quả")
    reported: bool = _f("có đơn vị báo cáo kết quả nhiệm vụ thuộc lĩnh vực")


class YearValue(_Strict):
    year: int
    value: str = _f("số liệu năm, đã định dạng")
    met: bool | None = _f("năm đó đạt mức kế hoạch (chỉ tiêu hằng năm)", None)


class TargetFacts(_Strict):
    citation: Citation = _f("vị trí của chỉ tiêu trong kế hoạch")
    text: str = _f("nội dung chỉ tiêu, nguyên văn kế hoạch")
    name: str = _f("tên số đo")
    unit: str = _f("đơn vị tính")
    planned: str = _f("mức kế hoạch như kế hoạch ghi (1 - 2, ít nhất 5, 30%)")
    per_year: bool = _f("chỉ tiêu hằng năm (sai: cả giai đoạn hoặc đến một năm mốc)")
    due_year: int = _f("năm đánh giá cuối cùng của chỉ tiêu")
    year_value: str = _f("số liệu năm báo cáo, đã định dạng")
    cumulative: str = _f("số lũy kế từ đầu giai đoạn, đã định dạng")
    outcome: str = _f(
        "đánh giá: Đạt, Vượt, Chưa đạt, Đang thực hiện, Đã đạt, Đã vượt, Chưa đủ số liệu"
    )
    final: bool = _f("đánh giá là chung cuộc (đã đến năm đánh giá)")
    share: str = _f("tỷ lệ so với mức tối thiểu khi đang thực hiện (80%), có thể rỗng", "")
    years: list[YearValue] = _f("số liệu từng năm của giai đoạn")
    years_met: int = _f("số năm đạt (chỉ tiêu hằng năm)", 0)
    years_counted: int = _f("số năm đã tính (chỉ tiêu hằng năm)", 0)
    missed_years: list[int] = _f("các năm không đạt mức kế hoạch (chỉ tiêu hằng năm)", [])
    unreported: list[str] = _f(
        "số liệu năm nay chưa đủ để đánh giá: các đơn vị phải báo cáo số liệu này nhưng chưa "
        "gửi báo cáo (rỗng: đủ số liệu, hoặc số đã có đủ kết luận)",
        [],
    )
    maximum_only: bool = _f("kế hoạch chỉ đặt mức tối đa («không quá 5»)", False)
    cumulative_told: bool = _f(
        "số lũy kế có nghĩa bên mức kế hoạch (sai: chỉ tiêu hằng năm đặt mức tối đa hoặc tỷ "
        "lệ, mà tổng các năm đọc như vượt mức)",
        True,
    )
    exact: bool = _f(
        "kế hoạch đặt một mức đúng («6 điểm»), không phải khoảng hay mức tối thiểu", False
    )
    from_register: bool = _f("đếm từ danh mục tài sản trí tuệ (phụ lục)", False)


class ChartFacts(_Strict):
    """Biểu đồ một chỉ tiêu qua các năm (ảnh), ở phụ lục cuối của báo cáo."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    target: str = _f("tên chỉ tiêu (tên số đo)")
    unit: str = _f("đơn vị tính")
    picture: Picture = _f(
        "ảnh biểu đồ: cột là số liệu từng năm, đường là số lũy kế và mức kế hoạch; đặt biến "
        "ảnh một mình trong một đoạn, ví dụ {{ ch.picture }} giữa {%p for ch in charts %} và "
        "{%p endfor %}"
    )


class YearSource(_Strict):
    years: list[int]
    signed: bool = _f("đúng: lấy theo báo cáo đã ban hành; sai: tổng hợp từ báo cáo các đơn vị")
    reports: list[str] = _f("các báo cáo đã ban hành (số, ngày) ghi trong tệp số liệu", [])


class LateAddition(_Strict):
    """Đơn, văn bằng của một năm trước chỉ được báo cáo (bổ sung) trong phiếu các năm sau."""

    year: int = _f("năm được tính vào chỉ tiêu")
    count: int = _f("số đơn, văn bằng được báo cáo bổ sung")


class SourceAmount(_Strict):
    """Funding from one source the plan lists (mục Kinh phí)."""

    label: str = _f("tên ngắn của nguồn (tiêu đề cột, bảng)")
    wording: str = _f("tên nguồn như Kế hoạch ghi (trong câu)")
    amount: int = _f("kinh phí (đồng)")


class FundingRow(_Strict):
    agency: str
    amount: int = _f("kinh phí (đồng)")
    sources: list[SourceAmount] = _f(
        "kinh phí theo từng nguồn có kinh phí (rỗng khi Kế hoạch không chia nguồn)", []
    )


class FundingGroup(_Strict):
    group: str = _f("tên nhóm đơn vị")
    names: list[str] = _f("tên các đơn vị khi nhóm có không quá ba đơn vị có kinh phí", [])
    agencies: int = _f("số đơn vị có kinh phí")
    amount: int = _f("tổng kinh phí của nhóm (đồng)")
    sources: list[SourceAmount] = _f("kinh phí của nhóm theo từng nguồn có kinh phí", [])


class AgencyDirectives(_Strict):
    """The documents one agency issued in the year to carry out the plan."""

    agency: str = _f("tên cơ quan, đơn vị ban hành")
    documents: list[DocumentRef] = _f("các văn bản (loại, số, ngày, cơ quan, trích yếu)")


class DirectiveGroup(_Strict):
    """The documents of one group of agencies (the registry's groups), in one paragraph."""

    group: str = _f("tên nhóm cơ quan, đơn vị")
    agencies: list[AgencyDirectives] = _f(
        "các đơn vị của nhóm đã ban hành văn bản (chính quyền địa phương: chỉ vài đơn vị đầu)"
    )
    issuers: int = _f("số đơn vị của nhóm đã ban hành văn bản", 0)
    documents: int = _f("số văn bản của nhóm", 0)
    more_agencies: int = _f("số đơn vị không nêu tên (chính quyền địa phương)", 0)
    more_documents: int = _f("số văn bản của các đơn vị không nêu tên", 0)


class Gathered(_Strict):
    text: str = _f("nội dung (mỗi nội dung một lần)")
    agencies: list[str] = _f("các đơn vị nêu nội dung này")
    more: int = _f("số đơn vị khác cùng nêu (chính quyền địa phương, không liệt kê tên)", 0)


class SubmissionRow(_Strict):
    agency: str
    report_date: date | None = _f("ngày gửi báo cáo", None)
    standing: str = _f("Đúng hạn, Trễ hạn, Chưa nộp")
    done: int | None = None
    in_progress: int | None = None
    not_started: int | None = None


class Run(_Strict):
    text: str
    bold: bool = False
    italic: bool = False


class AssessmentSection(_Strict):
    paragraphs: list[list[Run]] = _f("các đoạn, mỗi đoạn gồm các đoạn chữ (giữ đậm, nghiêng)")


class AssetFacts(_Strict):
    """One application or title of the province's register, however many agencies reported it."""

    name: str = _f("tên đối tượng")
    kind: str = _f("loại đối tượng, như danh sách chọn của phiếu")
    holder: str = _f("chủ đơn, chủ văn bằng", "")
    application_number: str = _f("số đơn (hoặc số đăng ký quốc tế)", "")
    international_number: str = _f("số đăng ký quốc tế (Madrid), không kèm tiền tố", "")
    filed_on: date | None = _f("ngày nộp đơn", None)
    title_number: str = _f("số văn bằng", "")
    granted_on: date | None = _f("ngày cấp văn bằng", None)
    contributors: list[str] = _f("các đơn vị tham gia (mỗi đơn vị một lần)")
    targets: list[str] = _f("các chỉ tiêu tài sản được tính vào (điểm của kế hoạch)", [])


class RenewalFacts(_Strict):
    asset: AssetFacts
    due_on: date = _f("hạn phải gia hạn, nộp phí hoặc ngày hết bảo hộ")
    action: str = _f("việc phải làm (theo dữ liệu kế hoạch)")
    ends: bool = _f("hết thời hạn bảo hộ, không gia hạn được nữa")
    managers: list[str] = _f("đơn vị quản lý tài sản")
    late_until: date | None = _f("đã quá hạn: hạn cuối được làm muộn (rỗng khi chưa đến hạn)", None)


class EndedFacts(_Strict):
    """Agencies that ended during the year on the same day, for the same reason, with the same
    successor: who carries their tasks and their report."""

    names: list[str] = _f("tên các đơn vị")
    ended_on: date = _f("ngày kết thúc hoạt động")
    reason: str = _f("lý do (theo danh mục đơn vị), có thể rỗng", "")
    basis: str = _f("văn bản căn cứ (số, ngày, cơ quan ban hành), có thể rỗng", "")
    successor: str = _f("đơn vị tiếp nhận nhiệm vụ")
    successor_is_group: bool = _f(
        "nhiệm vụ chuyển cho một nhóm đơn vị mới (mỗi đơn vị chỉ báo cáo phần việc của mình)",
        False,
    )
    reported: bool = _f("đơn vị đã gửi báo cáo năm nay")
    successor_reported: bool = _f("đơn vị tiếp nhận đã gửi báo cáo năm nay", False)


class ReminderRound(_Strict):
    """Một đợt công văn đôn đốc đã gửi (theo sổ đôn đốc của vanban)."""

    day: date = _f("ngày của các công văn đôn đốc")
    agencies: list[str] = _f("tên các đơn vị được đôn đốc")


class ReportContext(_Strict):
    """Báo cáo tổng hợp gửi cơ quan cấp trên."""

    header: Header
    type_name: str = _f("tên loại văn bản, chữ in hoa", "BÁO CÁO")
    plan: PlanFacts
    issuer: str = _f("tên cơ quan tổng hợp, báo cáo")
    addressee: list[str] = _f("Kính gửi (một hoặc nhiều cơ quan)")
    reports_to: str = _f("cơ quan cấp trên được báo cáo (viết thường chữ đầu như trong câu)")
    year: int
    final_year: bool = _f("năm cuối giai đoạn (tổng kết)")
    review_due: date | None = _f(
        "năm cuối: hạn các đơn vị gửi báo cáo tổng kết giai đoạn (như công văn gửi đơn vị)", None
    )
    midterm: bool = _f("năm sơ kết giữa kỳ")
    next_year: int
    deadline: date = _f("hạn các đơn vị gửi báo cáo")
    deadline_strict: bool = _f("đúng: phải gửi trước ngày hạn; sai: chậm nhất ngày hạn")
    cutoff: date = _f("ngày nhận báo cáo cuối cùng: báo cáo căn cứ các báo cáo gửi đến ngày này")
    agencies: int = _f("số cơ quan, đơn vị phải báo cáo")
    on_time: int
    late: list[str] = _f("tên các đơn vị gửi trễ hạn")
    missing: list[str] = _f("tên các đơn vị chưa gửi báo cáo")
    ended: list[EndedFacts] = _f("đơn vị kết thúc hoạt động trong năm, kèm đơn vị kế nhiệm", [])
    directives: list[DirectiveGroup] = _f(
        "văn bản chỉ đạo, điều hành các đơn vị ban hành trong năm, theo nhóm đơn vị", []
    )
    directive_count: int = _f("tổng số văn bản chỉ đạo, điều hành các đơn vị báo cáo", 0)
    areas: list[AreaFacts]
    other_tasks: list[TaskFacts] = _f("nhiệm vụ không thuộc lĩnh vực nào", [])
    targets: list[TargetFacts]
    targets_met: int = _f("số chỉ tiêu đã đạt, vượt mức (chỉ tiêu hằng năm: đạt mọi năm đến nay)")
    targets_not_met: list[str] = _f("tên các chỉ tiêu chưa đạt (đánh giá chung cuộc)")
    year_sources: list[YearSource] = _f("nguồn số liệu các năm trước")
    funding_total: int
    funding_groups: list[FundingGroup]
    funding_sources: list[SourceAmount] = _f(
        "tổng kinh phí theo từng nguồn, đủ các nguồn theo thứ tự Kế hoạch (rỗng khi Kế hoạch "
        "không chia nguồn)",
        [],
    )
    funding: list[FundingRow] = _f("kinh phí từng đơn vị (phụ lục)")
    difficulties: list[Gathered]
    proposals: list[Gathered]
    assessment: dict[str, AssessmentSection] = _f(
        "nhận định của cơ quan tổng hợp theo đề mục của tệp nhan-dinh.docx (danh_gia_chung, uu_diem, "
        "ton_tai, nguyen_nhan, bai_hoc, phuong_huong, de_xuat)"
    )
    reporting_proposed: bool = _f(
        "mục «Đề xuất, kiến nghị» của nhận định đã đề nghị về chế độ báo cáo (báo cáo không "
        "thêm câu đề nghị của mẫu)",
        False,
    )
    submissions: list[SubmissionRow] = _f("tình hình gửi báo cáo (phụ lục)")
    submission_totals: SubmissionRow | None = _f(
        "dòng tổng cộng của phụ lục tình hình gửi báo cáo (số nhiệm vụ cộng các đơn vị)", None
    )
    assets: list[AssetFacts] = _f("đơn, văn bằng được tính vào chỉ tiêu (phụ lục)", [])
    register_years: list[int] = _f("các năm chỉ tiêu được đếm theo danh mục đơn, văn bằng", [])
    added_later: list[LateAddition] = _f(
        "các năm trước có đơn, văn bằng chỉ được báo cáo bổ sung trong phiếu năm sau", []
    )
    renewals: list[RenewalFacts] = _f("văn bằng đến hạn gia hạn, nộp phí trong 12 tháng tới", [])
    undated_titles: list[AssetFacts] = _f(
        "văn bằng trong danh mục chưa đủ ngày nộp đơn, ngày cấp để biết thời hạn", []
    )
    charts: list[ChartFacts] = _f(
        "biểu đồ từng chỉ tiêu qua các năm (phụ lục cuối), khi dữ liệu kế hoạch yêu cầu "
        "(van_ban_dau_ra: bieu_do_bao_cao)",
        [],
    )
    chart_years: list[int] = _f("các năm có trong biểu đồ", [])
    appendix_of: str = _f("dòng «Kèm theo Báo cáo số … ngày … của …» (không có ngoặc)")
    reminders_sent: list[ReminderRound] = _f(
        "các đợt công văn đôn đốc đã gửi (lệnh vanban don-doc), cũ trước", []
    )


class LetterTask(_Strict):
    citation: Citation
    text: str = _f("nội dung nhiệm vụ, nguyên văn kế hoạch")
    lead: bool = _f("đơn vị chủ trì (sai: phối hợp)")
    leads: list[str] = _f("đơn vị chủ trì nhiệm vụ (báo cho đơn vị phối hợp)")
    inherited_from: str = _f("tên đơn vị cũ đã giao lại nhiệm vụ, có thể rỗng", "")
    status: str = _f("tình trạng đơn vị báo cáo năm nay, rỗng nếu chưa báo cáo", "")
    result: str = _f("kết quả đơn vị ghi năm nay", "")
    awaits_approval: bool = _f("chỉ triển khai được sau khi cấp trên phê duyệt đề án", False)
    led_by_own_unit: bool = _f(
        "đơn vị chủ trì là đơn vị trực thuộc của đơn vị nhận công văn (đơn vị này chỉ đạo)", False
    )


class Figure(_Strict):
    name: str
    value: str = _f("số liệu, đã định dạng")
    unit: str


class EarlierReminder(_Strict):
    """Một công văn đôn đốc đã gửi đơn vị trước đó (theo sổ đôn đốc của vanban)."""

    issued_on: date = _f("ngày của công văn đôn đốc")
    number_symbol: str = _f("số, ký hiệu văn thư đã ghi (rỗng: chưa ghi)", "")


class LetterContext(_Strict):
    """Công văn gửi một cơ quan, đơn vị: kết quả năm nay và nhiệm vụ năm tới."""

    header: Header
    plan: PlanFacts
    issuer: str
    reports_to: str
    agency: AgencyFacts
    year: int
    task_year: int = _f("năm của các nhiệm vụ nêu trong công văn")
    final_year: bool
    stays: bool = _f("đơn vị còn hoạt động vào kỳ báo cáo tới")
    successor: str = _f("đơn vị tiếp nhận nhiệm vụ (khi đơn vị kết thúc hoạt động)", "")
    handover_on: date | None = _f("ngày các nhiệm vụ chuyển cho đơn vị tiếp nhận", None)
    end_reason: str = _f("lý do kết thúc hoạt động (sáp nhập, giải thể…)", "")
    end_basis: str = _f("văn bản căn cứ của việc kết thúc (số, ngày, cơ quan, trích yếu)", "")
    review_from: date | None = _f(
        "năm cuối: đơn vị mới thành lập trong giai đoạn (không kế nhiệm một đơn vị cụ thể) "
        "tổng kết từ ngày này",
        None,
    )
    since: date | None = _f(
        "ngày đơn vị bắt đầu hoạt động (đơn vị mới thành lập trong giai đoạn)", None
    )
    takes_over_from: list[str] = _f("nhóm đơn vị cũ mà đơn vị kế thừa nhiệm vụ", [])
    taken_over_until: date | None = _f(
        "năm chưa phải năm cuối: đơn vị kế thừa nhiệm vụ của nhóm đơn vị cũ từ giữa năm; kết "
        "quả của các đơn vị cũ từ đầu năm đến ngày này chưa ai báo cáo (rỗng: không có)",
        None,
    )
    taken_over_by: date | None = _f(
        "hạn gửi báo cáo bổ sung phần kết quả đó, tính từ ngày công văn (rỗng: chưa đặt)", None
    )
    reported: bool
    report_date: date | None = None
    on_time: bool = False
    deadline: date
    deadline_strict: bool = _f("đúng: phải gửi trước ngày hạn; sai: chậm nhất ngày hạn", True)
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    figures: list[Figure] = _f("số liệu chỉ tiêu, hoạt động đơn vị báo cáo (khác 0)", [])
    funding: int = 0
    tasks: list[LetterTask] = _f("nhiệm vụ của đơn vị (bảng)")
    unfinished: list[LetterTask] = _f(
        "nhiệm vụ chưa hoàn thành năm nay (trừ nhiệm vụ còn chờ cấp trên phê duyệt)", []
    )
    awaiting: list[LetterTask] = _f(
        "nhiệm vụ chưa hoàn thành vì còn chờ cấp có thẩm quyền phê duyệt", []
    )
    settled_by_lead: list[LetterTask] = _f(
        "nhiệm vụ đơn vị phối hợp báo cáo chưa hoàn thành nhưng cơ quan chủ trì đã báo cáo "
        "hoàn thành (không đề nghị đẩy nhanh tiến độ)",
        [],
    )
    predecessors: list[str] = _f(
        "đơn vị trước sắp xếp mà đơn vị tiếp nhận nhiệm vụ (đơn, văn bằng của họ kể cả)", []
    )
    assets: list[AssetFacts] = _f(
        "đơn, văn bằng đơn vị (và đơn vị trước sắp xếp) đã tham gia (theo sổ của tỉnh)", []
    )
    renewals: list[RenewalFacts] = _f("văn bằng đơn vị quản lý đến hạn gia hạn, nộp phí", [])
    appendix_of: str = _f("dòng «Kèm theo Công văn số … ngày … của …» (không có ngoặc)")
    reply_by: date | None = _f(
        "hạn đơn vị gửi báo cáo kỳ tới hoặc báo cáo tổng kết (rỗng: chưa đặt)"
    )
    missing_report_by: date | None = _f(
        "hạn gửi báo cáo năm nay còn thiếu, tính từ ngày công văn (rỗng: chưa đặt)", None
    )
    cutoff: date | None = _f(
        "số liệu tính đến ngày (ngày nhận báo cáo cuối cùng, không trước hạn báo cáo)", None
    )
    reminded: EarlierReminder | None = _f(
        "công văn đôn đốc gần nhất đã gửi đơn vị (rỗng: chưa đôn đốc)", None
    )
    reminded_until: date | None = _f("hạn gửi báo cáo công văn đôn đốc đó đề nghị", None)


class ReminderContext(_Strict):
    """Công văn đôn đốc gửi đơn vị chưa gửi báo cáo khi đã quá hạn (lệnh vanban don-doc)."""

    header: Header
    plan: PlanFacts
    issuer: str
    reports_to: str
    agency: AgencyFacts
    year: int
    deadline: date
    deadline_strict: bool
    day: date = _f("ngày ký công văn đôn đốc")
    request: DocumentRef | None = _f("công văn đề nghị báo cáo đã gửi trước (nếu có)", None)
    earlier: list[EarlierReminder] = _f("các công văn đôn đốc đã gửi đơn vị trước đó", [])
    new_deadline: date = _f("hạn mới để gửi báo cáo")
