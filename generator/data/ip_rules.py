"""The plan's rules for itemised outcomes, as typed data (section «tai_san_tri_tue»).

Which kinds of object an agency may list, how the office's application numbers read
(``N-YYYY-NNNNN``: the first digit says the kind, YYYY the filing year), the roles an
agency can play, which targets are counted from the province's register and how
(applications by filing year, titles by grant year, supports by the report's year), the
terms that make a title due for renewal, and the activity figures asked as whole
numbers. Every word a clerk reads comes from the YAML; the code only knows the shape.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from generator.data.yamldata import Code, Text

if TYPE_CHECKING:
    from generator.data.plan import Measure, Plan, Quantity


# N-YYYY-NNNNN, tolerant of the dashes and spaces a copy from a PDF brings.
APPLICATION_NUMBER = re.compile(r"(\d)\s*[-‐‑–—]\s*(\d{4})\s*[-‐‑–—]\s*(\d{5})")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class CountBasis(StrEnum):
    """Which date puts an asset in a year for a target."""

    FILING = "ngay-nop-don"  # applications, by the filing date
    GRANT = "ngay-cap"  # titles, by the date on the certificate
    SUPPORT = "nam-ho-tro"  # supports, by the year of the report that lists them


class TermAnchor(StrEnum):
    FILING = "ngay-nop-don"
    GRANT = "ngay-cap"


class TermRule(_Data):
    """When a title falls due: every ``every_years`` from the anchor, up to a limit from filing."""

    anchor: TermAnchor = Field(alias="moc")
    every_years: int = Field(alias="chu_ky_nam", ge=1, le=50)
    limit_years: int | None = Field(None, alias="toi_da_nam", ge=1, le=100)
    action: Text = Field(alias="viec")


class IpKind(_Data):
    """A kind of object (the «Loại đối tượng» drop-down)."""

    code: Code = Field(alias="ma")
    name: Text = Field(alias="ten")
    digit: int | None = Field(None, alias="chu_so_don", ge=0, le=9)
    digit_confirmed: bool = Field(False, alias="chu_so_da_xac_minh")
    # how many digits its titles are printed with («00123»): Excel drops the zeros typed
    # before a number, and the title would be shown «123»
    title_digits: int | None = Field(None, alias="chu_so_van_bang", ge=1, le=12)
    international: bool = Field(False, alias="dang_ky_quoc_te")
    term: TermRule | None = Field(None, alias="thoi_han")
    source: str = Field("", alias="nguon")


class IpRole(_Data):
    """What an agency did for an application or title (the «Vai trò của đơn vị» drop-down)."""

    code: Code = Field(alias="ma")
    name: Text = Field(alias="ten")
    manages: bool = Field(False, alias="quan_ly")  # told when the title falls due
    supports_use: bool = Field(False, alias="ho_tro_khai_thac")  # needs the title number


class CountingRule(_Data):
    """A target counted from the register: which kinds, by which date, which roles."""

    measure: Code = Field(alias="chi_tieu")
    kinds: list[Code] = Field(alias="loai", min_length=1)
    basis: CountBasis = Field(alias="theo")
    roles: list[Code] = Field(default_factory=list, alias="vai_tro")
    # A short name told beside the plan's point in the register annex («b – đơn»), where a
    # point holds several targets counted from the register.
    label: Text | None = Field(None, alias="nhan")


class ActivityIndicator(_Data):
    """An additive activity figure asked as a whole number, under one work area."""

    code: Code = Field(alias="ma")
    name: Text = Field(alias="ten")
    unit: Text = Field(alias="don_vi_tinh")
    area: Code = Field(alias="linh_vuc")
    # How the report says the total, «{so}» standing for it: «tiến hành {so} cuộc thanh tra»
    wording: Text | None = Field(None, alias="cach_ghi")

    @field_validator("wording")
    @classmethod
    def _holds_the_figure(cls, wording: str | None) -> str | None:
        if wording is not None and wording.count(FIGURE) != 1:
            raise ValueError(f"cach_ghi phải có đúng một chỗ «{FIGURE}» cho con số")
        return wording

    def worded(self, total: str) -> str | None:
        """The sentence part for ``total`` (already formatted), when the plan words it."""
        return self.wording.replace(FIGURE, total) if self.wording else None


FIGURE = "{so}"  # where an activity's wording puts its figure


class IpColumns(_Data):
    """The headers of the itemised sheet, in their order on the form."""

    application_number: Text = Field(alias="so_don")
    kind: Text = Field(alias="loai_doi_tuong")
    name: Text = Field(alias="ten_doi_tuong")
    product: Text = Field(alias="san_pham")
    holder: Text = Field(alias="chu_so_huu")
    filed_on: Text = Field(alias="ngay_nop_don")
    title_number: Text = Field(alias="so_van_bang")
    granted_on: Text = Field(alias="ngay_cap")
    role: Text = Field(alias="vai_tro")
    note: Text = Field(alias="ghi_chu")

    def headers(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in type(self).model_fields)


class RegisterSettings(_Data):
    """The province's register kept by the consolidating agency."""

    file_name: Text = Field(alias="tep")
    sheet: Text = Field(alias="trang_tinh")
    title: Text = Field(alias="tieu_de")


class IpRules(_Data):
    sheet: Text = Field(alias="trang_tinh")
    guide: Text = Field(alias="huong_dan")
    columns: IpColumns = Field(alias="cot")
    international_prefix: Text = Field(alias="tien_to_so_quoc_te")
    kinds: list[IpKind] = Field(alias="loai_doi_tuong", min_length=1)
    roles: list[IpRole] = Field(alias="vai_tro", min_length=1)
    counting: list[CountingRule] = Field(alias="dem_chi_tieu", default_factory=list)
    notice_months: int = Field(12, alias="bao_truoc_thang", ge=1, le=60)
    # months after a due date during which renewing or paying late is still allowed
    late_months: int = Field(0, alias="nop_muon_thang", ge=0, le=24)
    register_file: RegisterSettings = Field(alias="so_dang_ky")
    activities_sheet: Text = Field(alias="trang_tinh_hoat_dong")
    activities: list[ActivityIndicator] = Field(alias="chi_so_hoat_dong", default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> IpRules:
        problems: list[str] = []
        for label, codes in (
            ("loại đối tượng", [k.code for k in self.kinds]),
            ("vai trò", [r.code for r in self.roles]),
            ("chỉ số hoạt động", [a.code for a in self.activities]),
            ("chỉ tiêu đếm từ sổ", [c.measure for c in self.counting]),
        ):
            repeated = sorted({code for code in codes if codes.count(code) > 1})
            problems += [f"mã {label} «{code}» bị trùng" for code in repeated]
        kinds = {k.code for k in self.kinds}
        roles = {r.code for r in self.roles}
        for rule in self.counting:
            problems += [
                f"chỉ tiêu {rule.measure}: loại đối tượng «{k}» không có trong loai_doi_tuong"
                for k in rule.kinds
                if k not in kinds
            ]
            problems += [
                f"chỉ tiêu {rule.measure}: vai trò «{r}» không có trong vai_tro"
                for r in rule.roles
                if r not in roles
            ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # -- look-ups -------------------------------------------------------------------

    def kind(self, code: str) -> IpKind:
        return next(kind for kind in self.kinds if kind.code == code)

    def role(self, code: str) -> IpRole:
        return next(role for role in self.roles if role.code == code)

    def kind_named(self, text: str) -> IpKind | None:
        """The kind a clerk chose, compared without case, spacing or Unicode form."""
        wanted = comparable(text)
        return next((kind for kind in self.kinds if comparable(kind.name) == wanted), None)

    def role_named(self, text: str) -> IpRole | None:
        wanted = comparable(text)
        return next((role for role in self.roles if comparable(role.name) == wanted), None)

    def kinds_with_digit(self, digit: int) -> list[IpKind]:
        return [kind for kind in self.kinds if kind.digit == digit]

    def rule_for(self, measure_code: str) -> CountingRule | None:
        return next((rule for rule in self.counting if rule.measure == measure_code), None)

    @property
    def counted_measures(self) -> frozenset[str]:
        """Codes of the targets counted from the register, never asked as numbers."""
        return frozenset(rule.measure for rule in self.counting)

    def activities_of(self, area_code: str) -> list[ActivityIndicator]:
        return [a for a in self.activities if a.area == area_code]


# Hyphen, non-breaking hyphen, en and em dashes, minus: one mark to a reader's eye.
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})


@functools.lru_cache(maxsize=4096)  # kinds, roles and headers are compared row after row
def comparable(text: str) -> str:
    """Text as compared for equality: NFC, case-folded, single spaces, one kind of dash
    («Nếp Mường Và – Sốp Cộp» is «Nếp Mường Và - Sốp Cộp»)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().translate(_DASHES).split())


def parse_application_number(text: str) -> tuple[int, int, str] | None:
    """("4-2024-01234" or "4 – 2024 – 01234") -> (4, 2024, "4-2024-01234"); None otherwise."""
    found = APPLICATION_NUMBER.fullmatch(text.strip())
    if found is None:
        return None
    digit, year, serial = found.groups()
    return int(digit), int(year), f"{digit}-{year}-{serial}"


def form_quantities(plan: Plan, asked: Callable[[Measure], bool] | None = None) -> list[Quantity]:
    """The figures the form still asks as numbers: the quantities (a percentage's numerator and
    denominator included) of the measures not counted from the register; with ``asked``, of
    the measures it is true for (those the plan asks of one agency)."""
    counted = plan.ip.counted_measures if plan.ip is not None else frozenset()
    return [
        quantity
        for measure in plan.measures
        if measure.code not in counted and (asked is None or asked(measure))
        for quantity in measure.quantities
    ]


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_dates(term: TermRule, filed_on: date | None, granted_on: date | None) -> Iterator[date]:
    """Every date the title falls due under ``term``, in order; nothing when a date lacks.

    Trademarks: each 10 years from filing, without end. Patents: each year from the grant,
    until the limit counted from filing, which is the last date listed (protection ends).
    """
    anchor = filed_on if term.anchor is TermAnchor.FILING else granted_on
    if anchor is None:
        return
    end = add_years(filed_on, term.limit_years) if term.limit_years and filed_on else None
    step = 1
    while True:
        due = add_years(anchor, step * term.every_years)
        if end is not None and due >= end:
            yield end
            return
        yield due
        step += 1


def check_ip_rules(plan: Plan) -> list[tuple[str, tuple]]:
    """Problems between the section and the rest of the plan, each with its YAML path."""
    rules = plan.ip
    if rules is None:
        return []
    measures = {measure.code for measure in plan.measures}
    areas = {area.code for area in plan.areas}
    base = ("tai_san_tri_tue",)
    problems: list[tuple[str, tuple]] = []
    for i, rule in enumerate(rules.counting):
        if rule.measure not in measures:
            problems.append(
                (
                    f"chỉ tiêu «{rule.measure}» không có trong mục tiêu cụ thể của kế hoạch",
                    (*base, "dem_chi_tieu", i, "chi_tieu"),
                )
            )
    for i, indicator in enumerate(rules.activities):
        if indicator.area not in areas:
            problems.append(
                (
                    f"lĩnh vực «{indicator.area}» không có trong {plan.structure.areas_part} "
                    "của kế hoạch",
                    (*base, "chi_so_hoat_dong", i, "linh_vuc"),
                )
            )
    return problems
