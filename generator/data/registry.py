"""The agency registry: who exists in which year, who succeeds whom, and which groups the plan names.

The plan assigns tasks to agencies (``SKHCN``) and to groups ("UBND các huyện, thành phố").
Agencies merge and disappear (the 2025 reorganisation); their tasks pass to the successor.
"Active in year Y" means active on the reporting deadline of year Y (10 November), since
that is the agency that must report for Y.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from generator.data.yamldata import line_of, parse_model_with_lines
from generator.errors import DataError, DataErrors, Location
from generator.vnformat import sort_vi

AgencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")]


class AgencyKind(StrEnum):
    DEPARTMENT = "so"
    PROVINCIAL_BODY = "co-quan-tinh"
    MARKET_SURVEILLANCE = "quan-ly-thi-truong"
    DISTRICT = "ubnd-huyen"
    COMMUNE = "ubnd-xa"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Agency(_Data):
    """One agency that receives tasks or must report."""

    code: AgencyCode = Field(alias="ma")
    name: str = Field(alias="ten", min_length=1)
    short_name: str = Field(alias="ten_ngan", min_length=1)
    kind: AgencyKind = Field(alias="loai")
    head_title: str = Field(alias="chuc_danh_thu_truong", min_length=1)
    active_from: date | None = Field(None, alias="tu_ngay")
    active_to: date | None = Field(None, alias="den_ngay")
    successor: str | None = Field(None, alias="ke_nhiem")
    inferred: bool = Field(False, alias="suy_luan")
    note: str = Field("", alias="ghi_chu")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Agency:
        if self.active_from and self.active_to and self.active_from > self.active_to:
            raise ValueError("ngày bắt đầu hoạt động (tu_ngay) sau ngày kết thúc (den_ngay)")
        if self.successor and not self.active_to:
            raise ValueError("có đơn vị kế nhiệm (ke_nhiem) nhưng thiếu ngày kết thúc (den_ngay)")
        return self

    def is_active_on(self, day: date) -> bool:
        started = self.active_from is None or self.active_from <= day
        not_ended = self.active_to is None or day <= self.active_to
        return started and not_ended


class AgencyGroup(_Data):
    """A group the plan names, e.g. every department, or every local government."""

    code: AgencyCode = Field(alias="ma")
    name: str = Field(alias="ten", min_length=1)
    kinds: list[AgencyKind] = Field(alias="gom_loai", min_length=1)


class RegistryFile(_Data):
    groups: list[AgencyGroup] = Field(alias="nhom")
    agencies: list[Agency] = Field(alias="don_vi", min_length=1)


class Registry:
    """The validated registry, with the queries the rest of vanban needs."""

    def __init__(self, data: RegistryFile, source: Path | None = None) -> None:
        self.source = source
        self.groups = {group.code: group for group in data.groups}
        self.agencies = {agency.code: agency for agency in data.agencies}
        # Sorting Vietnamese names is slow and the registry never changes once loaded:
        # each day's sorted list is computed once (a batch asks for it once per group named).
        self._active_on: dict[date, tuple[Agency, ...]] = {}

    def agency(self, code: str) -> Agency:
        return self.agencies[code]

    def is_group(self, code: str) -> bool:
        return code in self.groups

    def knows(self, code: str) -> bool:
        return code in self.agencies or code in self.groups

    def active(self, day: date) -> list[Agency]:
        """Agencies active on ``day``, in Vietnamese alphabetical order of their name."""
        if day not in self._active_on:
            found = [agency for agency in self.agencies.values() if agency.is_active_on(day)]
            self._active_on[day] = tuple(sort_vi(found, key=lambda agency: agency.name))
        return list(self._active_on[day])

    def members(self, group_code: str, day: date) -> list[Agency]:
        kinds = set(self.groups[group_code].kinds)
        return [agency for agency in self.active(day) if agency.kind in kinds]

    def successor_on(self, code: str, day: date) -> list[Agency]:
        """Who carries ``code``'s work on ``day``: itself if active, else its successor(s).

        A successor may be a group (the districts' work passed to the communes and wards).
        """
        agency = self.agencies[code]
        if agency.is_active_on(day):
            return [agency]
        if agency.successor is None:
            return []
        if agency.successor in self.groups:
            return self.members(agency.successor, day)
        return self.successor_on(agency.successor, day)

    def successor_name(self, code: str) -> str | None:
        """The successor's name as a clerk reads it, for messages."""
        successor = self.agencies[code].successor
        if successor is None:
            return None
        if successor in self.groups:
            return self.groups[successor].name
        return self.agencies[successor].name


# Names Windows keeps for devices: a file «CON.xlsx» or «COM1.docx» cannot be created there.
WINDOWS_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in range(10)}
)


def windows_file_name_problem(stem: str) -> str | None:
    """Why ``stem`` (an agency code) cannot name a file on Windows, or None."""
    if stem.split(".")[0].rstrip(" ").upper() in WINDOWS_RESERVED_NAMES:
        return "Windows dành riêng tên này cho thiết bị"
    if stem.endswith((".", " ")):
        return "tên tệp trên Windows không được kết thúc bằng dấu chấm hay dấu cách"
    return None


def _check_file_names(data: RegistryFile, path: Path, lines) -> list[DataError]:
    """Each agency's code names its form and its letter: it must be a file name on Windows."""
    errors: list[DataError] = []
    for index, agency in enumerate(data.agencies):
        problem = windows_file_name_problem(agency.code)
        if problem:
            where = Location(
                file=path,
                line=line_of(lines, ("don_vi", index, "ma")),
                field=f"don_vi.{index}.ma",
            )
            text = (
                f"mã đơn vị «{agency.code}» không dùng làm tên tệp được vì {problem}; hãy đổi "
                f"mã, ví dụ «DV-{agency.code}»"
            )
            errors.append(DataError(text, where))
    return errors


def _check_references(data: RegistryFile, path: Path, lines) -> list[DataError]:

    errors: list[DataError] = []
    codes = [agency.code for agency in data.agencies] + [group.code for group in data.groups]
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            section = "don_vi" if index < len(data.agencies) else "nhom"
            position = index if index < len(data.agencies) else index - len(data.agencies)
            line = line_of(lines, (section, position, "ma"))
            where = Location(file=path, line=line, field=f"{section}.{position}.ma")
            errors.append(DataError(f"mã «{code}» bị trùng", where))
        seen.add(code)
    for index, agency in enumerate(data.agencies):
        if agency.successor is not None and agency.successor not in seen:
            where = Location(
                file=path,
                line=line_of(lines, ("don_vi", index, "ke_nhiem")),
                field=f"don_vi.{index}.ke_nhiem",
            )
            errors.append(
                DataError(f"đơn vị kế nhiệm «{agency.successor}» không có trong danh mục", where)
            )
    return errors


def _find_cycle(data: RegistryFile) -> list[str] | None:
    successor = {agency.code: agency.successor for agency in data.agencies}
    for start in successor:
        chain = [start]
        current = successor.get(start)
        while current is not None and current in successor:
            if current in chain:
                return [*chain[chain.index(current) :], current]
            chain.append(current)
            current = successor[current]
    return None


def load_registry(path: Path) -> Registry:
    """Load and check the registry YAML; raise DataErrors listing every problem."""
    heading = f"Danh mục đơn vị {path.name} không hợp lệ:"
    data, lines = parse_model_with_lines(RegistryFile, path, heading)
    errors = _check_references(data, path, lines) + _check_file_names(data, path, lines)
    cycle = _find_cycle(data)
    if cycle:
        errors.append(
            DataError(
                "chuỗi đơn vị kế nhiệm bị vòng lặp: " + " → ".join(cycle),
                Location(file=path, field="ke_nhiem"),
            )
        )
    if errors:
        raise DataErrors(errors, heading)
    return Registry(data, source=path)
