"""The agency registry: who exists in which year, who succeeds whom, and which groups the plan names.

The plan assigns tasks to agencies (``SKHCN``) and to groups ("UBND các huyện, thành phố").
Agencies merge and disappear (the 2025 reorganisation); their tasks pass to the successor.
"Active in year Y" means active on the plan's roster date of year Y (by default its
reporting deadline), since that is the agency that must report for Y.

Agency kinds (sở, UBND xã, doanh nghiệp, hội…) are data of the registry file (``loai_don_vi``),
not a closed list: each says how a group of its agencies is named and whether it is a local
government.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from generator.data.yamldata import Text, line_of, parse_model_with_lines
from generator.errors import DataError, DataErrors, Location
from generator.vnformat import vi_sort_key

# An agency's code names its form and its letter (<code>.xlsx, <code>.docx): kept short
# enough for the paths of a Windows folder.
AgencyCode = Annotated[
    str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", max_length=40)
]
KindCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class AgencyKind(_Data):
    """A kind of agency, as the registry file declares it (``loai_don_vi``)."""

    code: KindCode = Field(alias="ma")
    name: Text = Field(alias="ten")  # "Sở", "Doanh nghiệp"
    group_name: Text = Field(alias="ten_nhom")  # "Ủy ban nhân dân các xã, phường"
    is_local: bool = Field(alias="chinh_quyen_dia_phuong")  # a local government (UBND)


class EndingForm(StrEnum):
    """How an agency ended."""

    MERGER = "hop-nhat"  # merged with others into a new agency
    ABSORPTION = "sap-nhap"  # absorbed into an existing agency
    SPLIT = "chia-tach"  # its functions divided among several agencies
    CONVERSION = "chuyen-doi"  # became another agency (another name, level or parent)
    DISSOLUTION = "giai-the"  # dissolved
    ADMINISTRATIVE_REORGANISATION = "sap-xep-don-vi-hanh-chinh"  # e.g. no district tier


# The issue day of a cited act, as Vietnamese citations write it: "ngày 28/02/2025".
_ISSUED_ON = re.compile(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


class Ending(_Data):
    """Why an agency ended, in words a letter or a report quotes."""

    form: EndingForm = Field(alias="hinh_thuc")
    text: Text = Field(alias="noi_dung")  # "hợp nhất với … thành …"
    basis: Text | None = Field(None, alias="can_cu")  # "Nghị định số 45/2025/NĐ-CP ngày …"

    @property
    def decided_on(self) -> date | None:
        """The day the act cited as basis was issued ("… ngày 28/02/2025 của Chính phủ"):
        before it, no letter can speak of the ending. None when the citation gives no day."""
        return _issue_day(self.basis)

    @model_validator(mode="after")
    def _real_issue_day(self) -> Ending:
        try:
            _issue_day(self.basis)
        except ValueError:
            written = _ISSUED_ON.search(self.basis or "")
            assert written is not None  # only a day written can be impossible
            raise ValueError(f"căn cứ ghi ngày «{written[0]}» không có thật") from None
        return self


def _issue_day(citation: str | None) -> date | None:
    """The issue day a citation writes, None when it writes none; ValueError for a day no
    calendar has («ngày 30/02/2025»)."""
    found = _ISSUED_ON.search(citation or "")
    if found is None:
        return None
    day, month, year = map(int, found.groups())
    return date(year, month, day)


class Agency(_Data):
    """One agency that receives tasks or must report."""

    code: AgencyCode = Field(alias="ma")
    name: str = Field(alias="ten", min_length=1)
    short_name: str = Field(alias="ten_ngan", min_length=1)
    kind: str = Field(alias="loai")  # the code of an AgencyKind of the registry
    head_title: str = Field(alias="chuc_danh_thu_truong", min_length=1)
    active_from: date | None = Field(None, alias="tu_ngay")
    active_to: date | None = Field(None, alias="den_ngay")
    successor: str | None = Field(None, alias="ke_nhiem")
    # The agency it belongs to (a Chi cục under its Sở): its letters are copied to it.
    parent: str | None = Field(None, alias="truc_thuoc")
    ending: Ending | None = Field(None, alias="ly_do_ket_thuc")
    inferred: bool = Field(False, alias="suy_luan")
    note: str = Field("", alias="ghi_chu")
    _kind: AgencyKind | None = PrivateAttr(None)  # set by Registry from ``kind``

    @model_validator(mode="after")
    def _dates_in_order(self) -> Agency:
        if self.active_from and self.active_to and self.active_from > self.active_to:
            raise ValueError("ngày bắt đầu hoạt động (tu_ngay) sau ngày kết thúc (den_ngay)")
        if self.successor and not self.active_to:
            raise ValueError("có đơn vị kế nhiệm (ke_nhiem) nhưng thiếu ngày kết thúc (den_ngay)")
        if self.ending and not self.active_to:
            raise ValueError(
                "có lý do kết thúc (ly_do_ket_thuc) nhưng thiếu ngày kết thúc (den_ngay)"
            )
        return self

    @property
    def kind_info(self) -> AgencyKind:
        """The agency's kind, resolved when the registry was loaded."""
        # Read from pydantic's private store directly: ``self._kind`` goes through
        # BaseModel.__getattr__, and a report of 10,000 agencies asks this 100,000 times.
        kind = (self.__pydantic_private__ or {}).get("_kind")
        if kind is None:
            raise LookupError(f"loại đơn vị «{self.kind}» của {self.code} chưa được xác định")
        return kind

    @property
    def is_local(self) -> bool:
        return self.kind_info.is_local

    @property
    def end_reason(self) -> str:
        """Why the agency ended, as a document quotes it ("" when it has not)."""
        return self.ending.text if self.ending else ""

    @property
    def end_basis(self) -> str:
        """The act its end rests on ("" when none is cited)."""
        return (self.ending.basis or "") if self.ending else ""

    def ending_known_on(self, day: date) -> bool:
        """Whether a document dated ``day`` can speak of the agency's end: the act deciding it
        was issued by then; with no dated act cited, once the agency has ended."""
        decided = (self.ending.decided_on if self.ending else None) or self.active_to
        return decided is None or decided <= day

    def is_active_on(self, day: date) -> bool:
        started = self.active_from is None or self.active_from <= day
        not_ended = self.active_to is None or day <= self.active_to
        return started and not_ended


class AgencyGroup(_Data):
    """A group the plan names, e.g. every department, or every local government."""

    code: AgencyCode = Field(alias="ma")
    name: str = Field(alias="ten", min_length=1)
    kinds: list[str] = Field(alias="gom_loai", min_length=1)  # AgencyKind codes


class RegistryFile(_Data):
    kinds: list[AgencyKind] = Field(alias="loai_don_vi", min_length=1)
    groups: list[AgencyGroup] = Field(alias="nhom")
    agencies: list[Agency] = Field(alias="don_vi", min_length=1)


class Registry:
    """The validated registry, with the queries the rest of vanban needs."""

    def __init__(self, data: RegistryFile, source: Path | None = None) -> None:
        self.source = source
        self.kinds = {kind.code: kind for kind in data.kinds}
        self._kind_rank = {code: index for index, code in enumerate(self.kinds)}
        self.groups = {group.code: group for group in data.groups}
        self.agencies = {agency.code: agency for agency in data.agencies}
        # Resolved once here, so that ``agency.is_local`` needs no registry at hand.
        for agency in data.agencies:
            agency._kind = self.kinds[agency.kind]
        # Sorting Vietnamese names is slow and the registry never changes once loaded:
        # each day's sorted list is computed once (a batch asks for it once per group named).
        self._active_on: dict[date, tuple[Agency, ...]] = {}
        # Who took over from whom, indexed once: every letter asks (10,000 at national scale).
        self._taken_over: dict[str, list[Agency]] = {}
        for agency in data.agencies:
            if agency.successor is not None:
                self._taken_over.setdefault(agency.successor, []).append(agency)

    def agency(self, code: str) -> Agency:
        return self.agencies[code]

    def kind(self, code: str) -> AgencyKind:
        return self.kinds[code]

    def is_group(self, code: str) -> bool:
        return code in self.groups

    def knows(self, code: str) -> bool:
        return code in self.agencies or code in self.groups

    def active(self, day: date) -> list[Agency]:
        """Agencies active on ``day``: kind by kind in the registry's order of kinds (sở
        first, local governments last, as official lists run), each kind in Vietnamese
        alphabetical order of the names."""
        if day not in self._active_on:
            found = [agency for agency in self.agencies.values() if agency.is_active_on(day)]
            self._active_on[day] = tuple(sorted(found, key=self.order_key))
        return list(self._active_on[day])

    def order_key(self, agency: Agency) -> tuple:
        """Where an agency stands in an official list: its kind's place in the registry's
        kinds, then its name in Vietnamese alphabetical order."""
        return (self._kind_rank[agency.kind], vi_sort_key(agency.name))

    def covers(self, references: list[str], agency: Agency) -> bool:
        """Whether ``agency`` is one of ``references`` (agency, group or kind codes), or took
        over the work of an agency named there (the unit merged into it mid-year: its
        figures are the successor's to report); an empty list covers every agency."""
        if not references:
            return True
        before = {old.code for old in self.predecessors(agency.code)}
        return any(
            ref in (agency.code, agency.kind)
            or ref in before
            or (ref in self.groups and agency.kind in self.groups[ref].kinds)
            or self._passed_to_group_of(ref, agency)
            for ref in references
        )

    def _passed_to_group_of(self, code: str, agency: Agency) -> bool:
        """``code`` is an agency whose work passed to a group ``agency`` belongs to (the
        districts' to the communes and wards)."""
        old = self.agencies.get(code)
        successor = old.successor if old is not None else None
        return successor in self.groups and agency.kind in self.groups[successor].kinds

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

    def predecessors(self, code: str) -> list[Agency]:
        """The agencies whose work ``code`` took over by name (not through a group), and
        theirs in turn: the department merged into it, the one before that…"""
        found: list[Agency] = []
        for agency in self._taken_over.get(code, ()):
            found += [agency, *self.predecessors(agency.code)]
        return found

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
    agencies = {a.code for a in data.agencies}  # a parent is an agency; a successor may be a group
    for index, agency in enumerate(data.agencies):
        for code, known, field_name, what in (
            (agency.parent, agencies, "truc_thuoc", "đơn vị cấp trên"),
            (agency.successor, seen, "ke_nhiem", "đơn vị kế nhiệm"),
        ):
            if code is not None and code not in known:
                where = Location(
                    file=path,
                    line=line_of(lines, ("don_vi", index, field_name)),
                    field=f"don_vi.{index}.{field_name}",
                )
                errors.append(DataError(f"{what} «{code}» không có trong danh mục", where))
    return errors


def _check_kinds(data: RegistryFile, path: Path, lines) -> list[DataError]:
    """Kind codes are unique, and every agency and group uses declared kinds."""

    def where(*loc: str | int) -> Location:
        return Location(file=path, line=line_of(lines, loc), field=".".join(map(str, loc)))

    errors: list[DataError] = []
    declared: set[str] = set()
    for index, kind in enumerate(data.kinds):
        if kind.code in declared:
            errors.append(
                DataError(f"mã loại «{kind.code}» bị trùng", where("loai_don_vi", index, "ma"))
            )
        declared.add(kind.code)
    unknown = "loại đơn vị «{}» không có trong danh sách loai_don_vi"
    for index, agency in enumerate(data.agencies):
        if agency.kind not in declared:
            errors.append(DataError(unknown.format(agency.kind), where("don_vi", index, "loai")))
    for index, group in enumerate(data.groups):
        for position, kind in enumerate(group.kinds):
            if kind not in declared:
                loc = where("nhom", index, "gom_loai", position)
                errors.append(DataError(unknown.format(kind), loc))
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
    errors = (
        _check_references(data, path, lines)
        + _check_kinds(data, path, lines)
        + _check_file_names(data, path, lines)
    )
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
