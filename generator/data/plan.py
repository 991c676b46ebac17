"""The plan (a provincial Kế hoạch) as typed, validated data.

Texts a letter or a report quotes are kept verbatim from the signed plan (NFC). Codes
(``IV.3.b``, ``CT-B1``) are vanban's, stable across years: workbooks carry them.

A measure (chỉ tiêu) sets a minimum, a maximum, both, or an exact value; it counts things,
is a percentage computed from two reported whole numbers (numerator and denominator), or is
an amount of money. What the agencies' forms ask are the measures' *quantities*: the measure
itself for a count or money, its numerator and its denominator for a percentage, so that a
percentage is never summed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from generator.data.ip_rules import IpRules, check_ip_rules
from generator.data.registry import Registry
from generator.data.yamldata import Code, Text, line_of, parse_model_with_lines
from generator.errors import DataError, DataErrors, Location
from generator.vnformat import format_number


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Scope(StrEnum):
    PER_YEAR = "nam"
    PERIOD = "giai-doan"

    @property
    def label(self) -> str:
        return "Hằng năm" if self is Scope.PER_YEAR else "Cả giai đoạn"


class Signer(_Data):
    """Who signs: the authority lines above the signature, then the name."""

    authority_lines: list[Text] = Field(alias="dong_tham_quyen", min_length=1)
    name: Text = Field(alias="ho_ten")


class CitedDocument(_Data):
    number_symbol: Text = Field(alias="so_ky_hieu")
    issued_on: date = Field(alias="ngay")
    issuer: Text = Field(alias="co_quan")
    subject: Text = Field(alias="trich_yeu")


class Period(_Data):
    first_year: int = Field(alias="tu_nam", ge=2000, le=2100)
    last_year: int = Field(alias="den_nam", ge=2000, le=2100)
    review_year: int | None = Field(None, alias="so_ket_nam")  # the mid-term review (sơ kết)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.first_year > self.last_year:
            raise ValueError("năm bắt đầu (tu_nam) sau năm kết thúc (den_nam)")
        if self.review_year is not None and not (
            self.first_year <= self.review_year < self.last_year
        ):
            raise ValueError(
                f"năm sơ kết (so_ket_nam) {self.review_year} phải nằm trong giai đoạn "
                f"{self.first_year}-{self.last_year} và trước năm cuối"
            )
        return self

    def reviews(self, year: int) -> bool:
        """Whether the report of ``year`` reviews the period so far (the final review, or
        the mid-term one: sơ kết), and so asks for the lessons learnt."""
        return year in (self.last_year, self.review_year)

    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class Item(_Data):
    """An item of the plan, quoted verbatim; ``letter`` is "" when the plan does not letter it."""

    code: Code = Field(alias="ma")
    letter: str = Field("", alias="muc")
    text: Text = Field(alias="noi_dung")


class MeasureKind(StrEnum):
    COUNT = "so-luong"  # things counted; the agencies' figures add up
    RATIO = "ty-le"  # a percentage: summed numerators over summed denominators
    MONEY = "kinh-phi"  # an amount of money; adds up like a count


class PeriodRatio(StrEnum):
    """How a period percentage (``cach_tinh``) is taken from the yearly figures."""

    JUDGED_YEAR = "nam-danh-gia"  # the judged year's own figures: a state («đến năm 2025, 80% …»)
    NUMERATOR_SUMMED = "cong-don-tu-so"  # numerators since the first year, the year's denominator
    BOTH_SUMMED = "cong-don"  # numerators and denominators since the first year: a rate


class Bound(StrEnum):
    """Which limits a measure sets."""

    MINIMUM = "toi-thieu"  # "ít nhất 5", "tối thiểu 5"
    MAXIMUM = "toi-da"  # "không quá 5"
    RANGE = "khoang"  # "1 - 2"
    EXACT = "bang"  # "5"


def _is_percent(unit: object) -> bool:
    """«%», «％», «% sản phẩm», «phần trăm»: a rate, which agencies' figures cannot add up to."""
    text = unicodedata.normalize("NFKC", str(unit)).casefold()
    return "%" in text or "phần trăm" in text


class Quantity(_Data):
    """A whole number each agency's form asks for and the consolidation adds up."""

    code: Code = Field(alias="ma")
    name: Text = Field(alias="ten")
    unit: Text = Field(alias="don_vi_tinh")

    @field_validator("unit")
    @classmethod
    def _counted(cls, unit: str) -> str:
        if _is_percent(unit):
            raise ValueError(
                "tử số, mẫu số của chỉ tiêu tỷ lệ là hai số đếm được (ví dụ «sản phẩm»), "
                "không ghi «%»: vanban tự tính tỷ lệ"
            )
        return unit


def _dotted_level_message(key: str, value: float) -> str:
    """YAML reads «500.000» as 500.0 and «2.500» as 2.5: a thousands dot, as the forms take
    it, would silently lower a count or an amount a thousandfold."""
    thousands = value < 1000 and round(value * 1000, 6).is_integer()  # «2.500», «500.000»
    example = f"{round(value * 1000)}, không ghi {value:.3f}" if thousands else "500000"
    return (
        f"mức «{key}» có dấu chấm ({format_number(Decimal(repr(value)))}): trong tệp này dấu "
        "chấm là dấu thập phân, còn chỉ tiêu đếm hoặc kinh phí là số nguyên; ghi liền các chữ "
        f"số, không có dấu phân cách hàng nghìn (ví dụ {example})"
    )


def _whole_as_int(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


# A measure's level: an int when whole (5, 2000000000), a Decimal otherwise (33.33 for 33,33%).
Level = Annotated[Decimal, Field(ge=0), AfterValidator(_whole_as_int)]


class Measure(_Data):
    """One number the plan sets: its limits, unit, kind, and the year it is due.

    ``due_year`` None means the period's last year (see :meth:`Plan.due_year`).
    """

    code: Code = Field(alias="ma")
    name: Text = Field(alias="ten")
    unit: Text = Field(alias="don_vi_tinh")
    kind: MeasureKind = Field(MeasureKind.COUNT, alias="loai")
    minimum: Level | None = Field(None, alias="toi_thieu")
    maximum: Level | None = Field(None, alias="toi_da")
    scope: Scope = Field(alias="pham_vi")
    due_year: int | None = Field(None, alias="han_nam")
    wording: Text | None = Field(None, alias="cach_ghi")
    numerator: Quantity | None = Field(None, alias="tu_so")
    denominator: Quantity | None = Field(None, alias="mau_so")
    period_ratio: PeriodRatio = Field(PeriodRatio.JUDGED_YEAR, alias="cach_tinh")
    # Who is asked the figures: agency, group or agency-kind codes; empty: every agency.
    reporters: list[Code] = Field(default_factory=list, alias="don_vi_bao_cao")

    @model_validator(mode="before")
    @classmethod
    def _shorthands(cls, data: object) -> object:
        """``bang: 5`` is an exact value (minimum = maximum); a percentage's unit is "%"."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if data.get("loai") != MeasureKind.RATIO.value:
            for key in ("toi_thieu", "toi_da", "bang"):
                if isinstance(data.get(key), float):
                    raise ValueError(_dotted_level_message(key, data[key]))
            if _is_percent(data.get("don_vi_tinh", "")):
                # a percentage each agency reports cannot be added up: 92% + 85% is not 177%
                raise ValueError(
                    "chỉ tiêu có đơn vị tính «%» là chỉ tiêu tỷ lệ: ghi loai: ty-le cùng tu_so và "
                    "mau_so (hai số nguyên các đơn vị báo cáo, vanban cộng lại rồi tính tỷ lệ); "
                    "tỷ lệ của từng đơn vị không cộng được với nhau"
                )
        if "bang" in data:
            if "toi_thieu" in data or "toi_da" in data:
                raise ValueError("ghi «bang» (giá trị đúng bằng) thì không ghi toi_thieu, toi_da")
            data["toi_thieu"] = data["toi_da"] = data.pop("bang")
        if data.get("loai") == MeasureKind.RATIO.value:
            data.setdefault("don_vi_tinh", "%")
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Measure:
        if self.minimum is None and self.maximum is None:
            raise ValueError("chỉ tiêu phải có mức: toi_thieu, toi_da hoặc bang")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(
                f"tối thiểu ({format_number(self.minimum)}) lớn hơn tối đa "
                f"({format_number(self.maximum)})"
            )
        is_ratio = self.kind is MeasureKind.RATIO
        if is_ratio and (self.numerator is None or self.denominator is None):
            raise ValueError(
                "chỉ tiêu tỷ lệ (loai: ty-le) phải có tu_so và mau_so: hai số nguyên mà đơn vị "
                "báo cáo, vanban tự tính tỷ lệ"
            )
        if not is_ratio and (self.numerator is not None or self.denominator is not None):
            raise ValueError("chỉ chỉ tiêu tỷ lệ (loai: ty-le) mới có tu_so và mau_so")
        if not is_ratio and "period_ratio" in self.model_fields_set:
            raise ValueError("chỉ chỉ tiêu tỷ lệ (loai: ty-le) mới có cach_tinh")
        for level in (self.minimum, self.maximum):
            if not is_ratio and level is not None and level != int(level):
                raise ValueError(
                    f"mức {format_number(level)} của chỉ tiêu đếm hoặc kinh phí phải là số nguyên"
                )
        return self

    @field_validator("wording")
    @classmethod
    def _plain_wording(cls, wording: str | None) -> str | None:
        # «{so}» stands for a figure in an activity's wording only: here it would be printed
        if wording is not None and "{" in wording:
            raise ValueError(
                "cach_ghi của chỉ tiêu chép nguyên văn mức Kế hoạch, không có chỗ «{so}» (chỗ "
                "đặt con số chỉ dùng trong cach_ghi của số liệu hoạt động)"
            )
        return wording

    @property
    def bound(self) -> Bound:
        if self.maximum is None:
            return Bound.MINIMUM
        if self.minimum is None:
            return Bound.MAXIMUM
        return Bound.EXACT if self.minimum == self.maximum else Bound.RANGE

    @property
    def quantities(self) -> tuple[Quantity, ...]:
        """What the form asks for this measure, in the form's order."""
        if self.numerator is not None and self.denominator is not None:
            return (self.numerator, self.denominator)
        return (Quantity(ma=self.code, ten=self.name, don_vi_tinh=self.unit),)

    @property
    def scope_label(self) -> str:
        """«Hằng năm», «Cả giai đoạn», or «Đến năm 2028» for a milestone before the end."""
        if self.due_year is not None and self.scope is not Scope.PER_YEAR:
            return f"Đến năm {self.due_year}"
        return self.scope.label

    @property
    def planned(self) -> str:
        """The level as the plan writes it: its own words when given, else "1 - 2 đơn/năm",
        "ít nhất 5 nhãn hiệu", "không quá 3 vụ", "5 nhãn hiệu", "ít nhất 30%"."""
        if self.wording:
            return self.wording
        low = format_number(self.minimum) if self.minimum is not None else ""
        high = format_number(self.maximum) if self.maximum is not None else ""
        level = {
            Bound.MINIMUM: f"ít nhất {low}",
            Bound.MAXIMUM: f"không quá {high}",
            Bound.EXACT: low,
            Bound.RANGE: f"{low} - {high}",
        }[self.bound]
        joiner = "" if self.unit == "%" else " "
        text = f"{level}{joiner}{self.unit}"
        if self.scope is Scope.PER_YEAR:
            return f"{text}/năm"
        return f"{text} đến năm {self.due_year}" if self.due_year is not None else text


class Target(_Data):
    """A specific target of section II.2 with the measures it contains."""

    code: Code = Field(alias="ma")
    letter: str = Field("", alias="muc")
    text: Text = Field(alias="noi_dung")
    measures: list[Measure] = Field(alias="chi_tieu", min_length=1)


class WorkArea(_Data):
    """One of the numbered areas of section III (nội dung thực hiện)."""

    code: Code = Field(alias="ma")
    number: int = Field(alias="so")
    title: Text = Field(alias="ten")
    items: list[Item] = Field(alias="muc", min_length=1)


class Paragraph(_Data):
    """A paragraph quoted verbatim; ``number`` is None when the plan does not number it."""

    code: Code = Field(alias="ma")
    number: int | None = Field(None, alias="so")
    text: Text = Field(alias="noi_dung")


class Task(_Data):
    """A task of section IV, with who leads it and who partners."""

    code: Code = Field(alias="ma")
    letter: str = Field("", alias="muc")
    text: Text = Field(alias="noi_dung")
    partners: list[str] = Field(default_factory=list, alias="phoi_hop")
    areas: list[Code] = Field(default_factory=list, alias="linh_vuc")
    deadline: Text = Field("Hằng năm", alias="thoi_han")
    # Only to be carried out once a higher body approves a programme or scheme: until then,
    # not begun is no shortcoming, and no letter asks to speed it up.
    awaits_approval: bool = Field(False, alias="cho_phe_duyet")


class FundingSource(_Data):
    """A source of funding the plan lists (mục Kinh phí): the forms ask an amount for each."""

    code: Code = Field(alias="ma")
    label: Text = Field(alias="ten")  # short: a column header of the form and of tables
    wording: Text = Field(alias="cach_ghi")  # as the plan words it, for the report's sentences


class TaskGroup(_Data):
    """A numbered group of section IV: a heading naming the lead, and its tasks."""

    code: Code = Field(alias="ma")
    number: int = Field(alias="so")
    heading: Text = Field(alias="ten")
    leads: list[str] = Field(alias="chu_tri", min_length=1)
    tasks: list[Task] = Field(alias="nhiem_vu", min_length=1)


class DayOfYear(_Data):
    day: int = Field(alias="ngay", ge=1, le=31)
    month: int = Field(alias="thang", ge=1, le=12)

    @model_validator(mode="after")
    def _exists(self) -> DayOfYear:
        try:
            date(2023, self.month, self.day)  # a common year: 29/2 is not a yearly date
        except ValueError:
            raise ValueError(f"ngày {self.day} tháng {self.month} không có trong mọi năm") from None
        return self

    def on(self, year: int) -> date:
        return date(year, self.month, self.day)


# A deadline before this month, in the year reported on, is taken for one of the next year
# written without nam_sau: a yearly report is not due before the year's second half.
FIRST_HALF_ENDS = 7


class Deadline(DayOfYear):
    """A yearly deadline as the plan words it.

    ``strictly_before`` (truoc_ngay: true) reads "trước ngày 10 tháng 11": a report dated
    10/11 is late. False reads "chậm nhất ngày 10 tháng 11", "đến ngày …": 10/11 is on time.
    ``next_year`` (nam_sau: true): the deadline for year Y's report falls in Y+1.
    """

    strictly_before: bool = Field(alias="truoc_ngay")
    next_year: bool = Field(False, alias="nam_sau")
    wording: Text | None = Field(None, alias="cach_ghi")

    @model_validator(mode="after")
    def _year_said(self) -> Deadline:
        """A year's report due in the first half of that same year, or worded «năm sau» with
        no nam_sau: the deadline was put in the year reported on (15/01/2025 for the report
        of 2025), and every agency was late and the wrong ones asked."""
        worded_next = self.wording is not None and "năm sau" in self.wording.casefold()
        if not self.next_year and (worded_next or self.month < FIRST_HALF_ENDS):
            raise ValueError(
                f"hạn ngày {self.day} tháng {self.month} rơi vào trước khi năm báo cáo kết thúc "
                f"(báo cáo của một năm phải gửi trước ngày {self.day:02d}/{self.month:02d} của "
                "chính năm đó); nếu hạn ở năm sau năm báo cáo, ghi thêm nam_sau: true"
            )
        return self

    def for_year(self, year: int) -> date:
        """The date the plan names for the report of ``year``."""
        return self.on(year + 1 if self.next_year else year)

    @property
    def words(self) -> str:
        """How a deadline is written: «trước ngày 10/11» is late on the 10th, «chậm nhất ngày
        10/11» is not; the form, the reminders and the report must all say the same."""
        return "trước ngày" if self.strictly_before else "chậm nhất ngày"

    def last_day_on_time(self, year: int) -> date:
        due = self.for_year(year)
        return due - timedelta(days=1) if self.strictly_before else due

    def is_late(self, submitted: date, year: int) -> bool:
        return submitted > self.last_day_on_time(year)


class RosterDay(DayOfYear):
    """The day whose active agencies must report. ``next_year`` (nam_sau) as for a deadline;
    not written, it is the reported year's day, or the next year's when the deadline is in
    the next year and that day is nearer to it («20 tháng 1» beside «15 tháng 1 năm sau»)."""

    next_year: bool | None = Field(None, alias="nam_sau")

    def for_year(self, year: int, deadline: date) -> date:
        if self.next_year is not None:
            return self.on(year + 1 if self.next_year else year)
        candidates = {self.on(year), self.on(deadline.year)}
        return min(candidates, key=lambda day: (abs((day - deadline).days), day))


class ReplyPeriod(_Data):
    """How long an addressee has to reply to one of the consolidating body's letters."""

    days: int = Field(alias="so_ngay", ge=1, le=365)
    working_days: bool = Field(False, alias="ngay_lam_viec")

    def due_from(self, start: date) -> date:
        """The reply date counted from ``start``; working days skip Saturdays and Sundays
        (public holidays are not known to vanban)."""
        if not self.working_days:
            return start + timedelta(days=self.days)
        day, left = start, self.days
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day


class ReportingRule(_Data):
    """The plan's reporting rule: who reports to whom, by when.

    Three dates, each from data: the agencies' deadline to the consolidating body
    (``agency_deadline``), the consolidating body's deadline to the higher body
    (``higher_deadline``, when the plan sets one), and the day on which the agencies that
    must report are determined (``roster_day``; default: the agencies' deadline).
    """

    code: Code = Field(alias="ma")
    text: Text = Field(alias="noi_dung")
    agency_deadline: Deadline = Field(alias="han_don_vi_gui")
    receiver: str = Field(alias="noi_nhan")
    reports_to: Text = Field(alias="bao_cao_len")
    higher_deadline: Deadline | None = Field(None, alias="han_bao_cao_len")
    roster_day: RosterDay | None = Field(None, alias="ngay_xac_dinh_don_vi")

    @property
    def due_day(self) -> int:
        return self.agency_deadline.day

    @property
    def due_month(self) -> int:
        return self.agency_deadline.month

    def deadline(self, year: int) -> date:
        """The agencies' deadline for the report of ``year``, as the plan names it."""
        return self.agency_deadline.for_year(year)

    def roster_date(self, year: int) -> date:
        """The day whose active agencies must report for ``year``."""
        if self.roster_day is None:
            return self.deadline(year)
        return self.roster_day.for_year(year, self.deadline(year))


class OutputSettings(_Data):
    """How the consolidating agency's own documents are headed, signed and sent.

    Reply periods and the letters' recipients are office policy: None / empty when not set.
    """

    parent_body: str = Field(alias="co_quan_chu_quan")
    issuer: str = Field(alias="co_quan_ban_hanh")
    drafting_unit: Text = Field(alias="don_vi_soan_thao")
    place: Text = Field(alias="dia_danh")
    signer: Signer = Field(alias="nguoi_ky")
    report_recipients: list[Text] = Field(alias="noi_nhan_bao_cao", min_length=1)
    report_addressee: Text = Field(alias="kinh_gui_bao_cao")
    letter_recipients: list[Text] = Field(default_factory=list, alias="noi_nhan_cong_van")
    reminder_recipients: list[Text] = Field(default_factory=list, alias="noi_nhan_don_doc")
    letter_reply: ReplyPeriod | None = Field(None, alias="han_tra_loi_cong_van")
    # The Sở's own letter asking the agencies for the year's report, cited by the reminders.
    request_letters: dict[int, CitedDocument] = Field(
        default_factory=dict, alias="cong_van_de_nghi_bao_cao"
    )
    reminder_reply: ReplyPeriod | None = Field(None, alias="han_tra_loi_don_doc")
    # A chart of each target's figures year by year in the report's last appendix: true for
    # every target, or the codes of the targets to draw; none by default.
    report_charts: bool | list[Code] = Field(False, alias="bieu_do_bao_cao")

    @field_validator("report_charts", mode="before")
    @classmethod
    def _charts_as_written(cls, value: object) -> object:
        """«có»/«không» as a clerk types them, one code alone, or nothing written; anything
        else is one message saying the three ways to write it (pydantic gave two, each
        naming a Python type)."""
        if value is None:
            return False
        if isinstance(value, str):
            word = value.strip().casefold()
            if word in ("có", "co", "true", "yes"):
                return True
            if word in ("không", "khong", "false", "no"):
                return False
            return [value.strip()]
        if isinstance(value, bool) or (
            isinstance(value, list) and all(isinstance(item, str) for item in value)
        ):
            return value
        raise ValueError(
            "ghi true (vẽ mọi chỉ tiêu), false (không vẽ) hoặc danh sách mã chỉ tiêu: các mã "
            "trong ngoặc vuông, mỗi mã trong dấu nháy kép, cách nhau bằng dấu phẩy"
        )

    def charted(self, code: str) -> bool:
        """Whether the report draws the chart of the target (measure) ``code``."""
        if isinstance(self.report_charts, bool):
            return self.report_charts
        return code in self.report_charts


class StructureRef(_Data):
    """Where a part of the plan stands in its text, to cite it: Mục (Roman) and khoản."""

    section: str = Field("", alias="muc")
    clause: str = Field("", alias="khoan")

    @property
    def label(self) -> str:
        """«mục II.2», «mục V», or "" when the plan gives no number."""
        if not self.section:
            return ""
        return f"mục {self.section}.{self.clause}" if self.clause else f"mục {self.section}"


class Structure(_Data):
    targets: StructureRef = Field(default_factory=StructureRef, alias="muc_tieu_cu_the")
    areas: StructureRef = Field(default_factory=StructureRef, alias="noi_dung_thuc_hien")
    tasks: StructureRef = Field(default_factory=StructureRef, alias="to_chuc_thuc_hien")

    @property
    def targets_section(self) -> str:
        return self.targets.section

    @property
    def targets_clause(self) -> str:
        return self.targets.clause

    @property
    def tasks_section(self) -> str:
        return self.tasks.section

    @property
    def areas_part(self) -> str:
        """Where the plan lists its areas of work, as a message names it."""
        return self.areas.label or "phần lĩnh vực thực hiện"


class Plan(_Data):
    code: Code = Field(alias="ma")
    number: int = Field(alias="so")
    symbol: Text = Field(alias="ky_hieu")
    type_name: Text = Field(alias="loai_van_ban")
    issuer: Text = Field(alias="co_quan_ban_hanh")
    issuer_short: Text = Field(alias="co_quan_ban_hanh_viet_tat")
    place: Text = Field(alias="dia_danh")
    issued_on: date = Field(alias="ngay_ban_hanh")
    subject: Text = Field(alias="trich_yeu")
    # What the plan is about, short enough for a report's title («triển khai … trên địa bàn»).
    short_subject: Text = Field("", alias="noi_dung_ngan")
    implements: list[CitedDocument] = Field(default_factory=list, alias="thuc_hien_van_ban")
    period: Period = Field(alias="giai_doan")
    signer: Signer = Field(alias="nguoi_ky")
    recipients: list[Text] = Field(alias="noi_nhan", min_length=1)
    preamble: list[Text] = Field(alias="mo_dau", min_length=1)
    purposes: list[Text] = Field(alias="muc_dich", min_length=1)
    requirements: list[Text] = Field(alias="yeu_cau", min_length=1)
    general_goals: list[Item] = Field(alias="muc_tieu_chung", min_length=1)
    targets: list[Target] = Field(alias="muc_tieu_cu_the", min_length=1)
    other_goals: list[Paragraph] = Field(alias="muc_tieu_khac", default_factory=list)
    areas: list[WorkArea] = Field(default_factory=list, alias="noi_dung_thuc_hien")
    funding: list[Paragraph] = Field(default_factory=list, alias="kinh_phi")
    # Empty: the forms ask one amount per task, whatever its source.
    funding_sources: list[FundingSource] = Field(default_factory=list, alias="nguon_kinh_phi")
    task_groups: list[TaskGroup] = Field(alias="to_chuc_thuc_hien", min_length=1)
    reporting: ReportingRule = Field(alias="che_do_bao_cao")
    closing: list[Text] = Field(alias="ket_luan", default_factory=list)
    outputs: OutputSettings = Field(alias="van_ban_dau_ra")
    structure: Structure = Field(default_factory=Structure, alias="cau_truc")
    ip: IpRules | None = Field(None, alias="tai_san_tri_tue")

    @property
    def number_symbol(self) -> str:
        return f"{self.number}/{self.symbol}"

    @property
    def measures(self) -> list[Measure]:
        return [measure for target in self.targets for measure in target.measures]

    @property
    def quantities(self) -> list[Quantity]:
        """Every whole number the forms ask for, in the plan's order of measures."""
        return [quantity for measure in self.measures for quantity in measure.quantities]

    @property
    def consolidating_body(self) -> str:
        """The registry code of the body the agencies report to."""
        return self.reporting.receiver

    def due_year(self, measure: Measure) -> int:
        """The year ``measure`` must be reached: its milestone, else the period's last year."""
        return self.period.last_year if measure.due_year is None else measure.due_year

    @property
    def tasks(self) -> list[Task]:
        return [task for group in self.task_groups for task in group.tasks]

    def measure(self, code: str) -> Measure:
        return next(measure for measure in self.measures if measure.code == code)

    def group_of(self, task_code: str) -> TaskGroup:
        return next(g for g in self.task_groups if any(t.code == task_code for t in g.tasks))


def _all_codes(plan: Plan) -> list[tuple[str, tuple]]:
    """Every code in the plan with its YAML path, in file order."""
    found: list[tuple[str, tuple]] = []
    for i, goal in enumerate(plan.general_goals):
        found.append((goal.code, ("muc_tieu_chung", i, "ma")))
    for i, target in enumerate(plan.targets):
        found.append((target.code, ("muc_tieu_cu_the", i, "ma")))
        for j, measure in enumerate(target.measures):
            base = ("muc_tieu_cu_the", i, "chi_tieu", j)
            found.append((measure.code, (*base, "ma")))
            for part, quantity in (("tu_so", measure.numerator), ("mau_so", measure.denominator)):
                if quantity is not None:
                    found.append((quantity.code, (*base, part, "ma")))
    for i, area in enumerate(plan.areas):
        found.append((area.code, ("noi_dung_thuc_hien", i, "ma")))
        for j, item in enumerate(area.items):
            found.append((item.code, ("noi_dung_thuc_hien", i, "muc", j, "ma")))
    for i, source in enumerate(plan.funding_sources):
        found.append((source.code, ("nguon_kinh_phi", i, "ma")))
    for i, group in enumerate(plan.task_groups):
        found.append((group.code, ("to_chuc_thuc_hien", i, "ma")))
        for j, task in enumerate(group.tasks):
            found.append((task.code, ("to_chuc_thuc_hien", i, "nhiem_vu", j, "ma")))
    for i, other in enumerate(plan.other_goals):
        found.append((other.code, ("muc_tieu_khac", i, "ma")))
    for i, paragraph in enumerate(plan.funding):
        found.append((paragraph.code, ("kinh_phi", i, "ma")))
    found.append((plan.reporting.code, ("che_do_bao_cao", "ma")))
    return found


def _where(path: Path, lines, loc: tuple) -> Location:
    return Location(file=path, line=line_of(lines, loc), field=".".join(map(str, loc)))


def _check_plan(plan: Plan, registry: Registry, path: Path, lines) -> list[DataError]:
    errors: list[DataError] = []
    seen: set[str] = set()
    for code, loc in _all_codes(plan):
        if code in seen:
            errors.append(DataError(f"mã «{code}» bị trùng", _where(path, lines, loc)))
        seen.add(code)
    errors += _check_due_years(plan, path, lines)
    area_codes = {area.code for area in plan.areas}
    for i, group in enumerate(plan.task_groups):
        for k, lead in enumerate(group.leads):
            if not registry.knows(lead):
                loc = ("to_chuc_thuc_hien", i, "chu_tri", k)
                text = f"đơn vị chủ trì «{lead}» không có trong danh mục đơn vị"
                errors.append(DataError(text, _where(path, lines, loc)))
        for j, task in enumerate(group.tasks):
            base = ("to_chuc_thuc_hien", i, "nhiem_vu", j)
            for k, partner in enumerate(task.partners):
                if not registry.knows(partner):
                    text = f"đơn vị phối hợp «{partner}» không có trong danh mục đơn vị"
                    errors.append(DataError(text, _where(path, lines, (*base, "phoi_hop", k))))
            for k, area in enumerate(task.areas):
                if area not in area_codes:
                    text = (
                        f"lĩnh vực «{area}» không có trong {plan.structure.areas_part} của kế hoạch"
                    )
                    errors.append(DataError(text, _where(path, lines, (*base, "linh_vuc", k))))
    for who, loc in (
        (plan.reporting.receiver, ("che_do_bao_cao", "noi_nhan")),
        (plan.outputs.issuer, ("van_ban_dau_ra", "co_quan_ban_hanh")),
    ):
        if registry.is_group(who):
            text = f"«{who}» là mã một nhóm đơn vị; cần mã của một đơn vị trong danh mục"
            errors.append(DataError(text, _where(path, lines, loc)))
        elif who not in registry.agencies:
            text = f"đơn vị «{who}» không có trong danh mục đơn vị"
            errors.append(DataError(text, _where(path, lines, loc)))
    errors += _check_dates(plan, path, lines)
    errors += _check_reporters(plan, registry, path, lines)
    errors += _check_charted(plan, path, lines)
    errors += [DataError(text, _where(path, lines, loc)) for text, loc in check_ip_rules(plan)]
    return errors


def _check_reporters(plan: Plan, registry: Registry, path: Path, lines) -> list[DataError]:
    errors = []
    for i, target in enumerate(plan.targets):
        for j, measure in enumerate(target.measures):
            for k, code in enumerate(measure.reporters):
                if not registry.knows(code) and code not in registry.kinds:
                    loc = ("muc_tieu_cu_the", i, "chi_tieu", j, "don_vi_bao_cao", k)
                    text = (
                        f"«{code}» không phải mã đơn vị, mã nhóm hay mã loại đơn vị trong danh "
                        "mục đơn vị"
                    )
                    errors.append(DataError(text, _where(path, lines, loc)))
    return errors


def _check_charted(plan: Plan, path: Path, lines) -> list[DataError]:
    charted = plan.outputs.report_charts
    if isinstance(charted, bool):
        return []
    codes = {m.code for target in plan.targets for m in target.measures}
    return [
        DataError(
            f"«{code}» không phải mã một chỉ tiêu của kế hoạch (mục muc_tieu_cu_the, các dòng "
            "«ma» trong chi_tieu)",
            _where(path, lines, ("van_ban_dau_ra", "bieu_do_bao_cao", k)),
        )
        for k, code in enumerate(charted)
        if code not in codes
    ]


_WORDED_DAY = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})")


def _check_dates(plan: Plan, path: Path, lines) -> list[DataError]:
    """Dates that contradict one another: the plan issued after its period, the body's own
    deadline before the agencies', a deadline whose words name another day."""
    errors: list[DataError] = []
    period, rule = plan.period, plan.reporting
    if plan.issued_on.year > period.last_year:
        text = (
            f"ngày ban hành {plan.issued_on:%d/%m/%Y} sau giai đoạn "
            f"{period.first_year}-{period.last_year} của kế hoạch"
        )
        errors.append(DataError(text, _where(path, lines, ("ngay_ban_hanh",))))
    year = period.first_year
    if rule.higher_deadline is not None and rule.higher_deadline.for_year(year) < rule.deadline(
        year
    ):
        # whole dates: «31/1 trước 15/1» read as a slip when one of the two is the next year's
        text = (
            f"với báo cáo năm {year}, hạn báo cáo cấp trên "
            f"({rule.higher_deadline.for_year(year):%d/%m/%Y}) trước hạn các đơn vị gửi báo cáo "
            f"({rule.deadline(year):%d/%m/%Y}): không kịp tổng hợp; kiểm tra ngay, thang, nam_sau "
            "của hai hạn"
        )
        errors.append(DataError(text, _where(path, lines, ("che_do_bao_cao", "han_bao_cao_len"))))
    for field, deadline in (
        ("han_don_vi_gui", rule.agency_deadline),
        ("han_bao_cao_len", rule.higher_deadline),
    ):
        worded = _WORDED_DAY.search(deadline.wording or "") if deadline else None
        if worded and (int(worded[1]), int(worded[2])) != (deadline.day, deadline.month):
            text = (
                f"cach_ghi «{deadline.wording}» ghi ngày {worded[1]} tháng {worded[2]}, khác "
                f"ngay: {deadline.day}, thang: {deadline.month}"
            )
            errors.append(DataError(text, _where(path, lines, ("che_do_bao_cao", field))))
    return errors


def _check_due_years(plan: Plan, path: Path, lines) -> list[DataError]:
    errors: list[DataError] = []
    period = plan.period
    for i, target in enumerate(plan.targets):
        for j, measure in enumerate(target.measures):
            if measure.due_year is not None and measure.due_year not in period.years():
                loc = ("muc_tieu_cu_the", i, "chi_tieu", j, "han_nam")
                text = (
                    f"năm phải đạt chỉ tiêu {measure.due_year} nằm ngoài giai đoạn "
                    f"{period.first_year}-{period.last_year}"
                )
                errors.append(DataError(text, _where(path, lines, loc)))
    return errors


def load_plan(path: Path, registry: Registry) -> Plan:
    """Load the plan YAML and check it against the registry; raise DataErrors on any problem."""
    heading = f"Kế hoạch {path.name} không hợp lệ:"
    plan, lines = parse_model_with_lines(Plan, path, heading)
    errors = _check_plan(plan, registry, path, lines)
    if errors:
        raise DataErrors(errors, heading)
    return plan
