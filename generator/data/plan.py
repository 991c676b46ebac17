"""The plan (Kế hoạch số 65/KH-UBND) as typed, validated data.

Texts a letter or a report quotes are kept verbatim from the signed plan (NFC). Codes
(``IV.3.b``, ``CT-B1``) are vanban's, stable across years: workbooks carry them.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from generator.data.ip_rules import IpRules, check_ip_rules
from generator.data.registry import Registry
from generator.data.yamldata import line_of, parse_model_with_lines
from generator.errors import DataError, DataErrors, Location

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9.\-]+$")]
Text = Annotated[str, StringConstraints(min_length=1)]


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

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.first_year > self.last_year:
            raise ValueError("năm bắt đầu (tu_nam) sau năm kết thúc (den_nam)")
        return self

    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class Item(_Data):
    """A lettered item of the plan, quoted verbatim."""

    code: Code = Field(alias="ma")
    letter: Text = Field(alias="muc")
    text: Text = Field(alias="noi_dung")


class Measure(_Data):
    """One number the plan sets: a range, a unit, per year or over the period."""

    code: Code = Field(alias="ma")
    name: Text = Field(alias="ten")
    unit: Text = Field(alias="don_vi_tinh")
    minimum: int = Field(alias="toi_thieu", ge=0)
    maximum: int = Field(alias="toi_da", ge=0)
    scope: Scope = Field(alias="pham_vi")

    @model_validator(mode="after")
    def _range(self) -> Measure:
        if self.minimum > self.maximum:
            raise ValueError(f"tối thiểu ({self.minimum}) lớn hơn tối đa ({self.maximum})")
        return self

    @property
    def planned(self) -> str:
        """The range as the plan writes it: "1 - 2 đơn/năm", "5 - 10"."""
        span = f"{self.minimum} - {self.maximum}"
        return f"{span} {self.unit}/năm" if self.scope is Scope.PER_YEAR else f"{span} {self.unit}"


class Target(_Data):
    """A specific target of section II.2 with the measures it contains."""

    code: Code = Field(alias="ma")
    letter: Text = Field(alias="muc")
    text: Text = Field(alias="noi_dung")
    measures: list[Measure] = Field(alias="chi_tieu", min_length=1)


class WorkArea(_Data):
    """One of the numbered areas of section III (nội dung thực hiện)."""

    code: Code = Field(alias="ma")
    number: int = Field(alias="so")
    title: Text = Field(alias="ten")
    items: list[Item] = Field(alias="muc", min_length=1)


class Paragraph(_Data):
    code: Code = Field(alias="ma")
    number: int = Field(alias="so")
    text: Text = Field(alias="noi_dung")


class Task(_Data):
    """A task of section IV, with who leads it and who partners."""

    code: Code = Field(alias="ma")
    letter: str = Field("", alias="muc")
    text: Text = Field(alias="noi_dung")
    partners: list[str] = Field(default_factory=list, alias="phoi_hop")
    areas: list[Code] = Field(default_factory=list, alias="linh_vuc")
    deadline: Text = Field("Hằng năm", alias="thoi_han")


class TaskGroup(_Data):
    """A numbered group of section IV: a heading naming the lead, and its tasks."""

    code: Code = Field(alias="ma")
    number: int = Field(alias="so")
    heading: Text = Field(alias="ten")
    leads: list[str] = Field(alias="chu_tri", min_length=1)
    tasks: list[Task] = Field(alias="nhiem_vu", min_length=1)


class ReportingRule(_Data):
    code: Code = Field(alias="ma")
    text: Text = Field(alias="noi_dung")
    due_day: int = Field(alias="han_ngay", ge=1, le=31)
    due_month: int = Field(alias="han_thang", ge=1, le=12)
    receiver: str = Field(alias="noi_nhan")
    reports_to: Text = Field(alias="bao_cao_len")

    def deadline(self, year: int) -> date:
        return date(year, self.due_month, self.due_day)


class OutputSettings(_Data):
    """How the consolidating agency's own documents are headed, signed and sent."""

    parent_body: str = Field(alias="co_quan_chu_quan")
    issuer: str = Field(alias="co_quan_ban_hanh")
    drafting_unit: Text = Field(alias="don_vi_soan_thao")
    place: Text = Field(alias="dia_danh")
    signer: Signer = Field(alias="nguoi_ky")
    report_recipients: list[Text] = Field(alias="noi_nhan_bao_cao", min_length=1)
    report_addressee: Text = Field(alias="kinh_gui_bao_cao")


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
    implements: CitedDocument = Field(alias="thuc_hien_van_ban")
    period: Period = Field(alias="giai_doan")
    signer: Signer = Field(alias="nguoi_ky")
    recipients: list[Text] = Field(alias="noi_nhan", min_length=1)
    preamble: list[Text] = Field(alias="mo_dau", min_length=1)
    purposes: list[Text] = Field(alias="muc_dich", min_length=1)
    requirements: list[Text] = Field(alias="yeu_cau", min_length=1)
    general_goals: list[Item] = Field(alias="muc_tieu_chung", min_length=1)
    targets: list[Target] = Field(alias="muc_tieu_cu_the", min_length=1)
    other_goals: list[Paragraph] = Field(alias="muc_tieu_khac", default_factory=list)
    areas: list[WorkArea] = Field(alias="noi_dung_thuc_hien", min_length=1)
    funding: list[Paragraph] = Field(alias="kinh_phi", min_length=1)
    task_groups: list[TaskGroup] = Field(alias="to_chuc_thuc_hien", min_length=1)
    reporting: ReportingRule = Field(alias="che_do_bao_cao")
    closing: list[Text] = Field(alias="ket_luan", default_factory=list)
    outputs: OutputSettings = Field(alias="van_ban_dau_ra")
    ip: IpRules | None = Field(None, alias="tai_san_tri_tue")

    @property
    def number_symbol(self) -> str:
        return f"{self.number}/{self.symbol}"

    @property
    def measures(self) -> list[Measure]:
        return [measure for target in self.targets for measure in target.measures]

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
            found.append((measure.code, ("muc_tieu_cu_the", i, "chi_tieu", j, "ma")))
    for i, area in enumerate(plan.areas):
        found.append((area.code, ("noi_dung_thuc_hien", i, "ma")))
        for j, item in enumerate(area.items):
            found.append((item.code, ("noi_dung_thuc_hien", i, "muc", j, "ma")))
    for i, group in enumerate(plan.task_groups):
        found.append((group.code, ("to_chuc_thuc_hien", i, "ma")))
        for j, task in enumerate(group.tasks):
            found.append((task.code, ("to_chuc_thuc_hien", i, "nhiem_vu", j, "ma")))
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
                    text = f"lĩnh vực «{area}» không có trong mục III của kế hoạch"
                    errors.append(DataError(text, _where(path, lines, (*base, "linh_vuc", k))))
    for who, loc in (
        (plan.reporting.receiver, ("che_do_bao_cao", "noi_nhan")),
        (plan.outputs.issuer, ("van_ban_dau_ra", "co_quan_ban_hanh")),
    ):
        if who not in registry.agencies:
            text = f"đơn vị «{who}» không có trong danh mục đơn vị"
            errors.append(DataError(text, _where(path, lines, loc)))
    errors += [DataError(text, _where(path, lines, loc)) for text, loc in check_ip_rules(plan)]
    return errors


def load_plan(path: Path, registry: Registry) -> Plan:
    """Load the plan YAML and check it against the registry; raise DataErrors on any problem."""
    heading = f"Kế hoạch {path.name} không hợp lệ:"
    plan, lines = parse_model_with_lines(Plan, path, heading)
    errors = _check_plan(plan, registry, path, lines)
    if errors:
        raise DataErrors(errors, heading)
    return plan
