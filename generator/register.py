"""The province's register of applications and titles: one asset, many contributors.

Built from the rows every agency listed on its form, across the years, and from the
register the consolidating agency keeps (``inputs/<so_dang_ky.tep>``: older titles and
settled facts). Rows are the same asset when they share a number: the application number,
the international (Madrid) number, or the title number within one numbering (kinds with
the same application digit share one). Names never join rows: two marks may carry one
product name.

Facts that disagree between workbooks (kind, name, numbers, dates) are :class:`Conflict`
s naming both places; the register file settles a fact when it gives it. Targets are
counted from the assets by the plan's rules (:mod:`generator.data.ip_rules`); titles
falling due are listed with the agencies that manage them.

Pure functions, apart from :func:`read_register` and :func:`write_register`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from openpyxl import Workbook

from generator.data.ip_rules import (
    CountBasis,
    IpKind,
    IpRules,
    TermAnchor,
    add_months,
    add_years,
    comparable,
    due_dates,
    parse_application_number,
)
from generator.errors import DataErrors, Location, OutputError, VanbanError
from generator.forms import writer as forms
from generator.forms.ip_sheet import (
    FIELDS,
    IpRow,
    international_digits,
    printed_title,
    title_key,
    title_number_problem,
    written_kind_digit,
)
from generator.forms.reader import ExcelError, Sheet, read_workbook
from generator.output.files import write_atomically
from generator.vnformat import format_short_date, implausible_day

COLUMN_CONTRIBUTORS = "Đơn vị tham gia"
COLUMN_TARGETS = "Tính vào chỉ tiêu"
COLUMN_SOURCE = "Nguồn"
COLUMN_VERIFY = "Cần kiểm tra"
ASSET_FIELDS = tuple(name for name in FIELDS if name not in ("role", "note"))
FACTS = ("kind", "name", "application_number", "international_number", "title_number")
FACTS += ("filed_on", "granted_on")
# "SKHCN: hỗ trợ kinh phí (2024)", as the register writes a contribution.
_CONTRIBUTION = re.compile(r"(?P<code>[A-Z0-9][A-Z0-9-]*): (?P<role>.+) \((?P<year>\d{4})\)")
_DATE_TEXT = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


@dataclass(frozen=True)
class Place:
    """A cell of a workbook: the form of an agency for a year, or the register file."""

    file: str
    sheet: str
    cell: str

    def __str__(self) -> str:
        path = Path(self.file)
        name = (
            f"{path.parent.name}/{path.name}"
            if re.fullmatch(r"\d{4}", path.parent.name)
            else path.name
        )
        return f"tệp {name}, trang tính «{self.sheet}», ô {self.cell}"


@dataclass(frozen=True)
class Contribution:
    agency_code: str
    year: int
    role: str  # IpRole.code
    place: Place | None = None


@dataclass(frozen=True)
class Record:
    """One statement about an asset: a row of a form or a row of the register file."""

    kind: str
    name: str
    product: str = ""
    holder: str = ""
    application_number: str = ""
    international_number: str = ""
    title_number: str = ""
    filed_on: date | None = None
    granted_on: date | None = None
    note: str = ""
    places: dict[str, Place] = field(default_factory=dict, compare=False, hash=False)
    contribution: Contribution | None = None  # forms only
    from_register: bool = False
    contributors: tuple[Contribution, ...] = ()  # register file: «Đơn vị tham gia», parsed
    other_contributors: tuple[str, ...] = ()  # register file: entries not in that form
    source: str = ""
    verify: str = ""

    def place(self, fact: str) -> Place | None:
        return self.places.get(fact)


@dataclass
class Asset:
    """One application or title of the province, with everyone who contributed to it."""

    kind: str
    name: str
    product: str = ""
    holder: str = ""
    application_number: str = ""
    international_number: str = ""
    title_number: str = ""
    filed_on: date | None = None
    granted_on: date | None = None
    contributions: list[Contribution] = field(default_factory=list)
    other_contributors: list[str] = field(default_factory=list)
    source: str = ""
    verify: str = ""
    notes: list[str] = field(default_factory=list)
    in_register_file: bool = False

    @property
    def label(self) -> str:
        """How a message names the asset: its first number and its name."""
        number = self.application_number or self.international_number or self.title_number
        return f"{number} «{self.name}»" if number else f"«{self.name}»"

    @property
    def contributors(self) -> list[str]:
        """Agency codes, each once, in the order they first contributed."""
        return list(dict.fromkeys(c.agency_code for c in self.contributions))

    def managers(self, rules: IpRules) -> list[str]:
        """Agencies told when the title falls due: those whose role manages it."""
        managing = {role.code for role in rules.roles if role.manages}
        return list(dict.fromkeys(c.agency_code for c in self.contributions if c.role in managing))


@dataclass(frozen=True)
class Conflict:
    """One fact of one asset given differently in two or more places."""

    asset: str
    fact: str  # the column header
    values: tuple[tuple[str, Place | None], ...]
    settled_by: Place | None = None  # the register file's cell that decides

    @property
    def blocking(self) -> bool:
        return self.settled_by is None

    def by_value(self, leaving: Place | None = None) -> list[tuple[str, list[Place]]]:
        """Each value given, with every place that gives it (``leaving`` out), in order."""
        grouped: dict[str, list[Place]] = {}
        for value, place in self.values:
            if place is not None and place == leaving:
                continue
            grouped.setdefault(value, [])
            if place is not None:
                grouped[value].append(place)
        return list(grouped.items())

    def __str__(self) -> str:
        given = "; ".join(
            f"{value} ({', '.join(map(str, places))})" if places else value
            for value, places in self.by_value()
        )
        if self.settled_by is not None:
            return f"«{self.fact}» của {self.asset} ghi khác nhau: {given}; sổ đã chốt theo {self.settled_by}"
        return (
            f"«{self.fact}» của {self.asset} ghi khác nhau: {given}; hãy thống nhất với các đơn vị "
            "rồi sửa phiếu, hoặc ghi giá trị đúng vào sổ tài sản"
        )


@dataclass
class Register:
    assets: list[Asset]
    conflicts: list[Conflict]
    problems: list[str] = field(default_factory=list)  # of the register file itself
    note: str = ""  # the register file's own note under its title («DỮ LIỆU MẪU …»)
    notes: list[str] = field(default_factory=list)  # told, never blocking

    @property
    def blocking(self) -> list[str]:
        """What stops ``generate``: the register file's problems, unsettled conflicts."""
        return self.problems + [str(c) for c in self.conflicts if c.blocking]

    @property
    def settled(self) -> list[str]:
        """Disagreements the register file decides: shown, never blocking."""
        return [str(c) for c in self.conflicts if not c.blocking]


# ---------------------------------------------------------------------------
# Building


def record_of(row: IpRow) -> Record:
    """A form's row as a statement about an asset."""
    places = {name: Place(row.file, row.sheet, row.cell(name)) for name in FIELDS}
    return Record(
        kind=row.kind,
        name=row.name,
        product=row.product,
        holder=row.holder,
        application_number=row.application_number,
        international_number=row.international_number,
        title_number=row.title_number,
        filed_on=row.filed_on,
        granted_on=row.granted_on,
        note=row.note,
        places=places,
        contribution=Contribution(row.agency_code, row.year, row.role, places["role"]),
    )


def _numbering(rules: IpRules, kind: str) -> str:
    digits = [k.digit for k in rules.kinds if k.code == kind and k.digit is not None]
    return str(digits[0]) if digits else kind


def _numbered(record: Record) -> bool:
    return bool(record.application_number or record.international_number or record.title_number)


def _identities(record: Record, rules: IpRules, index: int) -> list[str]:
    keys = []
    if record.application_number:
        # «PVP-2023-045» and «PVP 2023 045»: numbers of other offices (plant varieties,
        # copyright) compared without their separators and case
        keys.append(f"don:{re.sub(r'[^0-9a-z]', '', record.application_number.casefold())}")
    if record.international_number:
        # «01234567» and «1234567»: one registration (a zero typed before it)
        number = record.international_number
        keys.append(f"quoc-te:{int(number) if number.isdigit() else number}")
    if record.title_number:
        keys.append(f"van-bang:{_numbering(rules, record.kind)}:{title_key(record.title_number)}")
    return keys or [f"chi-ten:{index}"]  # a register row still without any number


def _groups(records: Sequence[Record], rules: IpRules) -> list[list[Record]]:
    """Records sharing any number, in the order their first record came."""
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, record in enumerate(records):
        for key in _identities(record, rules, i):
            if key in owner:
                parent[root(i)] = root(owner[key])
            else:
                owner[key] = i
    # A title the Sở's register knows by name only (its numbers not looked up yet) is the
    # numbered asset of the same kind and name a form gives, when there is exactly one such
    # and no date says otherwise: counted twice before.
    for i, record in enumerate(records):
        if not record.from_register or _numbered(record):
            continue
        same = {
            root(j)
            for j, other in enumerate(records)
            if j != i
            and not other.from_register
            and other.kind == record.kind
            and _same(other.name, record.name)
            and _may_be_one(record, other)
            and not _holders_differ(record.holder, other.holder)
        }
        if len(same) == 1:
            parent[root(i)] = same.pop()
    groups: dict[int, list[Record]] = {}
    for i, record in enumerate(records):
        groups.setdefault(root(i), []).append(record)
    return list(groups.values())


def _holders_differ(one: str, other: str) -> bool:
    """Two holders written that are not two spellings of one name."""
    if not one or not other:
        return False
    ratio = difflib.SequenceMatcher(None, comparable(one), comparable(other)).ratio()
    return ratio < HOLDERS_ALIKE


def _may_be_one(record: Record, other: Record) -> bool:
    """Whether no date says two records of one name are two assets: a date both give differs,
    or taken together the title would be granted before it was filed (the register's old
    title of 2021 and a form's new application of 2025 of the same name)."""
    pairs = ((record.granted_on, other.granted_on), (record.filed_on, other.filed_on))
    if any(mine is not None and theirs is not None and mine != theirs for mine, theirs in pairs):
        return False
    filed = record.filed_on or other.filed_on
    granted = record.granted_on or other.granted_on
    return filed is None or granted is None or filed <= granted


def _shown(value: object) -> str:
    if isinstance(value, date):
        return format_short_date(value)
    return str(value)


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return comparable(a.strip("«»\"' ")) == comparable(b.strip("«»\"' "))
    return a == b


def _same_title(a: object, b: object) -> bool:
    return title_key(str(a)) == title_key(str(b))


def _resolve(
    group: list[Record], rules: IpRules, fact: str, label: str
) -> tuple[object, Conflict | None]:
    header = getattr(rules.columns, fact, None) or fact
    if fact == "international_number":
        header = rules.columns.application_number
    given = [(getattr(r, fact), r) for r in group if getattr(r, fact) not in ("", None)]
    if not given:
        return ("" if fact not in ("filed_on", "granted_on") else None), None
    if fact == "kind":
        shown = [(rules.kind(v).name, r.place(fact)) for v, r in given]
    else:
        shown = [(_shown(v), r.place(fact)) for v, r in given]
    same = _same_title if fact == "title_number" else _same
    distinct: list[tuple[object, int]] = []
    for i, (value, _) in enumerate(given):
        if not any(same(value, other) for other, _ in distinct):
            distinct.append((value, i))
    settling = next(((v, r) for v, r in given if r.from_register), None)
    if len(distinct) == 1 and fact == "title_number" and settling is None:
        return max(given, key=lambda vr: _fullness(str(vr[0])))[0], None
    if len(distinct) == 1:
        return (settling or given[0])[0], None
    values = tuple(shown)  # every place, so that every agency that gave a value is told
    if settling is not None and fact == "name" and _another_asset(settling[0], given):
        settling = None  # not a spelling the register settles: a number typed for another
    if settling is not None:
        return settling[0], Conflict(label, header, values, settling[1].place(fact))
    return given[0][0], Conflict(label, header, values)


def _fullness(title: str) -> tuple[bool, bool]:
    """How fully a title number is written: with its kind's digit, in the office's dashed
    notation («1-0031007» before «31007», which Excel left of it); the first given wins a
    tie (max keeps the first)."""
    return written_kind_digit(title) is not None, "-" in title


# Below this likeness (difflib's ratio of the compared names) two names are not spellings
# of one name: «Xoài tròn Yên Châu» given with the number of «Cà phê Sơn La».
SAME_NAME_LIKENESS = 0.5


def _another_asset(name: object, given: list[tuple[object, Record]]) -> bool:
    wanted = comparable(str(name))
    return any(
        difflib.SequenceMatcher(None, wanted, comparable(str(value))).ratio() < SAME_NAME_LIKENESS
        for value, _ in given
    )


def _asset(group: list[Record], rules: IpRules) -> tuple[Asset, list[Conflict]]:
    ordered = sorted(group, key=lambda r: not r.from_register)  # the register file first
    first = ordered[0]
    label_number = next(
        (
            getattr(r, n)
            for n in ("application_number", "international_number", "title_number")
            for r in ordered
            if getattr(r, n)
        ),
        "",
    )
    label = f"{label_number} «{first.name}»" if label_number else f"«{first.name}»"
    conflicts: list[Conflict] = []
    facts: dict[str, object] = {}
    for fact in FACTS:
        # names in dispute: the asset by its number alone («4-2023-41234 «Cam Khe Mây Hương
        # Khê» ghi «Cam Khe Mây»» named it by the very spelling in question)
        named = label_number if fact == "name" and label_number else label
        facts[fact], conflict = _resolve(ordered, rules, fact, named)
        if conflict is not None:
            conflicts.append(conflict)
    latest = sorted(
        ordered,
        key=lambda r: (not r.from_register, -(r.contribution.year if r.contribution else 0)),
    )
    holder = _most_given(latest, "holder")
    product = _most_given(latest, "product")
    contributions = [c for r in ordered for c in r.contributors]
    contributions += [r.contribution for r in ordered if r.contribution is not None]
    unique = list({(c.agency_code, c.year, c.role): c for c in contributions}.values())
    unique.sort(key=lambda c: (c.year, c.agency_code, c.role))
    asset = Asset(
        holder=holder,
        product=product,
        contributions=unique,
        other_contributors=list(dict.fromkeys(t for r in ordered for t in r.other_contributors)),
        source="; ".join(dict.fromkeys(r.source for r in ordered if r.source)),
        verify="; ".join(dict.fromkeys(r.verify for r in ordered if r.verify)),
        notes=_distinct_notes(r.note for r in ordered),
        in_register_file=first.from_register,
        **facts,  # type: ignore[arg-type]
    )
    return asset, conflicts


def _distinct_notes(notes: Iterable[str]) -> list[str]:
    """Each note once, split where an earlier register joined them («A; B»): a register
    copied back as the README asks kept doubling its notes («A; B; A; B»)."""
    parts = (part.strip().rstrip(".;").strip() for note in notes for part in note.split("; "))
    return list(dict.fromkeys(part for part in parts if part))


def _most_given(latest: list[Record], fact: str) -> str:
    """The register file's value, else the spelling most agencies gave (the latest on a tie):
    one agency's «Hợp tác xã chè …» was printed beside three that wrote it otherwise."""
    given = [(getattr(r, fact), r.from_register) for r in latest if getattr(r, fact)]
    if not given:
        return ""
    if given[0][1]:
        return given[0][0]
    counts = Counter(comparable(value) for value, _ in given)
    return max((value for value, _ in given), key=lambda value: counts[comparable(value)])


def _register_duplicates(groups: list[list[Record]]) -> list[str]:
    problems = []
    for group in groups:
        rows = [r for r in group if r.from_register]
        if len(rows) > 1:
            places = " và ".join(str(r.place("application_number")) for r in rows)
            problems.append(
                f"sổ tài sản có {len(rows)} dòng cùng số của một tài sản «{rows[0].name}»: {places}; "
                "hãy gộp thành một dòng"
            )
    # Rows still without numbers are told apart by nothing: one kind and name twice is
    # one asset listed twice, or two whose numbers must be written to tell them apart.
    unnumbered: dict[tuple[str, str], list[Record]] = {}
    for group in groups:
        for record in group:
            if record.from_register and not _numbered(record):
                unnumbered.setdefault((record.kind, comparable(record.name)), []).append(record)
    for rows in unnumbered.values():
        if len(rows) > 1:
            places = " và ".join(str(r.place("name")) for r in rows)
            problems.append(
                f"sổ tài sản có {len(rows)} dòng cùng loại, cùng tên «{rows[0].name}», chưa có "
                f"số: {places}; cùng một tài sản thì gộp thành một dòng, khác nhau thì ghi số "
                "đơn hoặc số văn bằng của từng tài sản"
            )
    return problems


def build_register(
    rows: Iterable[IpRow],
    rules: IpRules,
    kept: Sequence[Record] = (),
    kept_problems: Sequence[str] = (),
) -> Register:
    """The register from the forms' rows (any years) and the register file's records.

    ``kept`` and ``kept_problems`` are what :func:`read_register` returns.
    """
    records = list(kept) + [record_of(row) for row in rows]
    groups = _groups(records, rules)
    assets: list[Asset] = []
    conflicts: list[Conflict] = []
    for group in groups:
        asset, found = _asset(group, rules)
        assets.append(asset)
        conflicts += found
    order = {kind.code: i for i, kind in enumerate(rules.kinds)}
    assets.sort(
        key=lambda a: (
            order.get(a.kind, len(order)),
            a.granted_on or a.filed_on or date.max,
            a.application_number or a.international_number or a.title_number or "~",
            comparable(a.name),
        )
    )
    conflicts += _unjoined(groups, rules)
    register = Register(assets, conflicts, [*kept_problems, *_register_duplicates(groups)])
    register.notes = [note for group in groups if (note := _holders_apart(group, rules))]
    register.notes += _joined_by_name(groups, rules) + _alike_apart(groups, rules)
    return register


def _where(record: Record, fact: str) -> str:
    place = record.place(fact)
    return str(place) if place is not None else "sổ tài sản"


def _numbers_of(record: Record) -> str:
    numbers = [record.application_number, record.international_number, record.title_number]
    return ", ".join(n for n in numbers if n) or "chưa có số"


def _joined_by_name(groups: list[list[Record]], rules: IpRules) -> list[str]:
    """A register row without numbers taken as a form's numbered asset of the same kind, name
    and holder (see _groups): told, since numbers alone are proof; the clerk writes them into
    the register row, and the asset is then one by its numbers."""
    notes = []
    for group in groups:
        unnumbered = [r for r in group if r.from_register and not _numbered(r)]
        numbered = [r for r in group if _numbered(r)]
        if unnumbered and numbered:
            notes.append(
                f"«{unnumbered[0].name}» của sổ tài sản (chưa có số) được tính là "
                f"{_numbers_of(numbered[0])} do {_where(numbered[0], 'name')} báo cáo (cùng "
                "loại, cùng tên, chủ văn bằng và ngày không khác): nếu đúng, ghi số đó vào dòng "
                "của sổ; nếu là hai tài sản, ghi số của tài sản trong sổ"
            )
    return notes


def _alike_apart(groups: list[list[Record]], rules: IpRules) -> list[str]:
    """Assets of one kind and one name that no number joins: two assets, or one written with
    two numbers (a digit mistyped, «540040» and «540004»). Both are counted; the clerk is
    told, since the numbers decide and are not guessed."""
    by_name: dict[tuple[str, str], list[list[Record]]] = {}
    for group in groups:
        by_name.setdefault((group[0].kind, comparable(group[0].name)), []).append(group)
    kinds = {kind.code: kind.name for kind in rules.kinds}
    notes = []
    for (kind, _), alike in by_name.items():
        if len(alike) < 2:
            continue
        shown = "; ".join(f"{_numbers_of(g[0])} ({_where(g[0], 'name')})" for g in alike)
        notes.append(
            f"{len(alike)} {kinds.get(kind, kind)} cùng tên «{alike[0][0].name}» được tính là "
            f"{len(alike)} tài sản khác nhau: {shown}; nếu là một tài sản ghi sai số, sửa số cho "
            "đúng văn bằng gốc (ở phiếu hoặc sổ tài sản)"
        )
    return notes


def _holders_apart(group: list[Record], rules: IpRules) -> str | None:
    """Two holders of one asset that are not two spellings of one name («Hợp tác xã Chè
    Hoa Vàng», «Công ty TNHH Chè Sơn La»): the annex names the one most given, told."""
    given: dict[str, tuple[str, list[str]]] = {}
    for record in group:
        if record.holder:
            entry = given.setdefault(comparable(record.holder), (record.holder, []))
            entry[1].append(_where(record, "holder"))
    holders = list(given)
    if not any(_holders_differ(a, b) for i, a in enumerate(holders) for b in holders[i + 1 :]):
        return None
    number = next((n for r in group for n in (r.application_number, r.title_number) if n), "")
    label = f"{number} «{group[0].name}»" if number else f"«{group[0].name}»"
    shown = "; ".join(f"«{value}» ({', '.join(places)})" for value, places in given.values())
    if any(record.from_register and record.holder for record in group):
        return f"«{rules.columns.holder}» của {label} ghi khác nhau: {shown}; sổ đã chốt theo sổ tài sản"
    return (
        f"«{rules.columns.holder}» của {label} ghi khác nhau: {shown}; phụ lục ghi tên được "
        "ghi nhiều nhất: hãy đối chiếu văn bằng gốc rồi ghi đúng vào sổ tài sản"
    )


# Two spellings of one holder («Hợp tác xã Chè Tà Xùa», «HTX Chè Tà Xùa») are alike above this.
HOLDERS_ALIKE = 0.6


def _unjoined(groups: list[list[Record]], rules: IpRules) -> list[Conflict]:
    """A title given without its application number, of the same kind and name and filed the
    same day as an application given by its number: one asset the numbers do not join (an
    application of 2024 and its title listed in 2025), counted twice as an application. The
    number is asked for on both cells, not guessed."""
    by_key: dict[tuple[str, str, date], list[list[Record]]] = {}
    for group in groups:
        filed = next((r.filed_on for r in group if r.filed_on), None)
        if filed is not None:
            by_key.setdefault((group[0].kind, comparable(group[0].name), filed), []).append(group)
    conflicts = []
    for (_, _, filed), alike in by_key.items():
        applications = [r for g in alike for r in g if r.application_number]
        for group in alike:
            if any(r.application_number or r.international_number for r in group):
                continue
            titled = [r for r in group if r.title_number]
            if not applications or not titled:
                continue
            values = [(r.application_number, r.place("application_number")) for r in applications]
            values += [
                (f"để trống (văn bằng {r.title_number})", r.place("application_number"))
                for r in titled
            ]
            conflicts.append(
                Conflict(
                    f"«{titled[0].name}» nộp đơn ngày {format_short_date(filed)}",
                    rules.columns.application_number,
                    tuple(values),
                )
            )
    return conflicts


class _ReportWithRows(Protocol):
    ip_rows: Sequence[IpRow]


def load_register(rules: IpRules, inputs: Path, reports: Iterable[_ReportWithRows]) -> Register:
    """The register from ``inputs/<so_dang_ky.tep>`` and the rows of every report given
    (pass the valid reports of every year the register covers)."""
    kept, problems, note = _read_register_file(inputs / rules.register_file.file_name, rules)
    rows = [row for report in reports for row in report.ip_rows]
    register = build_register(rows, rules, kept, problems)
    register.note = note if kept else ""
    return register


class RegisterDisagreement(DataErrors):
    """The forms disagree about an asset and the register file does not settle it."""


def require_agreement(register: Register) -> None:
    """Raise when ``generate`` must not go on: unsettled conflicts or a faulty register file."""
    if register.blocking:
        errors = [VanbanError(text) for text in register.blocking]
        heading = (
            "Các đơn vị ghi khác nhau về cùng một đơn hoặc văn bằng"
            if not register.problems
            else "Sổ tài sản có lỗi"
            if len(register.blocking) == len(register.problems)
            else "Sổ tài sản có lỗi và các đơn vị ghi khác nhau về cùng một đơn, văn bằng"
        )
        raise RegisterDisagreement(
            errors, f"{heading}, vanban không soạn văn bản; sửa từng điểm dưới đây:"
        )


# ---------------------------------------------------------------------------
# Counting and renewals


@dataclass(frozen=True)
class TargetCount:
    measure: str
    year: list[Asset]  # counted in the year
    period: list[Asset]  # counted from ``from_year`` to the year, each once


def _years_of(asset: Asset, basis: CountBasis, roles: list[str]) -> set[int]:
    if basis is CountBasis.FILING:
        return {asset.filed_on.year} if asset.filed_on else set()
    if basis is CountBasis.GRANT:
        return {asset.granted_on.year} if asset.granted_on else set()
    return {c.year for c in asset.contributions if not roles or c.role in roles}


def counted_assets(
    register: Register, rules: IpRules, measure: str, years: Iterable[int]
) -> list[Asset]:
    """The assets a target counts in ``years``, each once, in register order."""
    rule = rules.rule_for(measure)
    if rule is None:
        return []
    wanted = set(years)
    return [
        asset
        for asset in register.assets
        if asset.kind in rule.kinds and _years_of(asset, rule.basis, rule.roles) & wanted
    ]


def target_counts(
    register: Register, rules: IpRules, year: int, from_year: int
) -> dict[str, TargetCount]:
    """For each target counted from the register: what counts in ``year`` and since ``from_year``.

    ``from_year`` is the first year the register covers: earlier years keep the signed totals
    of the reports of those years (so-lieu-cac-nam-truoc.yaml), to be added by the caller.
    """
    return {
        rule.measure: TargetCount(
            rule.measure,
            counted_assets(register, rules, rule.measure, [year]),
            counted_assets(register, rules, rule.measure, range(from_year, year + 1)),
        )
        for rule in rules.counting
    }


def targets_of(asset: Asset, rules: IpRules, years: Iterable[int]) -> list[str]:
    """The targets ``asset`` counts for within ``years`` (the «Tính vào chỉ tiêu» column)."""
    return list(counted_years(asset, rules, years))


def counted_years(asset: Asset, rules: IpRules, years: Iterable[int]) -> dict[str, list[int]]:
    """Each target ``asset`` counts for within ``years``, with the years it counts in."""
    wanted = set(years)
    found = {}
    for rule in rules.counting:
        if asset.kind in rule.kinds:
            counted = _years_of(asset, rule.basis, rule.roles) & wanted
            if counted:
                found[rule.measure] = sorted(counted)
    return found


@dataclass(frozen=True)
class RenewalDue:
    asset: Asset
    due_on: date
    action: str  # from the plan data: "gia hạn hiệu lực", "nộp phí duy trì hiệu lực"
    protection_ends: bool  # the last date of protection: nothing left to renew
    managers: tuple[str, ...]  # agency codes to tell in their letters
    late_until: date | None = None  # passed: what is due may still be done, late, until then


def renewals_due(register: Register, rules: IpRules, on: date) -> list[RenewalDue]:
    """Titles falling due from ``on`` to ``notice_months`` later, soonest first, and those
    whose due date has passed but which may still be renewed late (``late_months``)."""
    until = add_months(on, rules.notice_months)
    terms = {kind.code: kind.term for kind in rules.kinds}
    due: list[RenewalDue] = []
    for asset in register.assets:
        term = terms.get(asset.kind)
        if term is None or asset.granted_on is None:
            continue
        end = None
        if term.limit_years and asset.filed_on:
            end = add_years(asset.filed_on, term.limit_years)
        managers = tuple(asset.managers(rules))
        for day in due_dates(term, asset.filed_on, asset.granted_on):
            if day > until:
                break
            late_until = add_months(day, rules.late_months)
            if day < on <= late_until and day != end:
                due.append(RenewalDue(asset, day, term.action, False, managers, late_until))
                break
            if day >= on:
                due.append(RenewalDue(asset, day, term.action, day == end, managers))
                break
    due.sort(key=lambda d: (d.due_on, d.asset.label))
    return due


def undated_titles(register: Register, rules: IpRules) -> list[Asset]:
    """Titles of a kind with a term whose due dates cannot be worked out (no grant date, or
    no filing date where the term counts from filing): every asset but an application still
    pending (its number, or its international registration, and no title), the register's
    known titles without numbers included."""
    terms = {kind.code: kind.term for kind in rules.kinds}
    return [
        asset
        for asset in register.assets
        if (term := terms.get(asset.kind)) is not None
        and not (
            (asset.application_number or asset.international_number)  # still pending
            and not asset.title_number
            and not asset.granted_on
        )
        and (
            asset.granted_on is None
            or (term.anchor is TermAnchor.FILING and asset.filed_on is None)
        )
    ]


# ---------------------------------------------------------------------------
# The register file: read what the Sở keeps, write the updated register as an output


def register_headers(rules: IpRules) -> tuple[str, ...]:
    columns = rules.columns
    return (
        *(getattr(columns, name) for name in ASSET_FIELDS),
        COLUMN_CONTRIBUTORS,
        COLUMN_TARGETS,
        COLUMN_SOURCE,
        COLUMN_VERIFY,
        columns.note,
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _cell_date(value: object) -> date | None:
    """A date cell, a "dd/mm/yyyy" text, or blank; ValueError for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = _DATE_TEXT.fullmatch(str(value).strip())
    if found is None:
        raise ValueError(str(value))
    day, month, year = (int(part) for part in found.groups())
    return date(year, month, day)


@dataclass
class _FileRow:
    rules: IpRules
    sheet: Sheet
    row: int
    columns: dict[str, int]
    problems: list[str]
    path: Path

    def place(self, header: str) -> Place:
        column = self.columns.get(header, 1)
        return Place(str(self.path), self.sheet.name, f"{chr(ord('A') + column - 1)}{self.row}")

    def value(self, header: str) -> object:
        """The cell's value; an Excel error value («#N/A») is a problem, never a holder's
        name or a date printed in Phụ lục II."""
        column = self.columns.get(header)
        value = self.sheet.cell(self.row, column).value if column else None
        if isinstance(value, ExcelError):
            self.problem(
                header,
                f"ô chứa giá trị lỗi «{value}» của Excel; hãy ghi giá trị thật hoặc để trống",
            )
            return None
        return value

    def text(self, header: str) -> str:
        return _cell_text(self.value(header))

    def number_text(self, header: str) -> str:
        """A number as typed, in plain characters: full-width «５１２３４５» is 512345 (the
        forms read it so; kept full-width it was a second title)."""
        text = self.text(header)
        return text if text.isascii() else unicodedata.normalize("NFKC", text)

    def day(self, header: str) -> date | None:
        value = self.value(header)
        try:
            day = _cell_date(value)
        except ValueError:
            self.problem(header, f"«{_cell_text(value)}» không phải ngày dạng ngày/tháng/năm")
            return None
        wrong = implausible_day(day) if day is not None else None
        if wrong:
            self.problem(header, wrong)
            return None
        return day

    def problem(self, header: str, message: str) -> None:
        self.problems.append(f"{self.place(header)}: {message}")


def _file_numbers(line: _FileRow, kind_code: str | None) -> tuple[str, str]:
    rules = line.rules
    header = rules.columns.application_number
    raw = line.number_text(header)
    if not raw:
        return "", ""
    prefix = rules.international_prefix
    if comparable(raw).startswith(comparable(prefix)):
        digits = international_digits(raw[len(prefix) :])
        if digits.isdigit():
            return "", digits
        line.problem(header, f"số đăng ký quốc tế «{raw}» không đúng dạng «{prefix} 1234567»")
        return "", ""
    kind = next((k for k in rules.kinds if k.code == kind_code), None)
    if kind is not None and kind.digit is None:
        return raw, ""
    parsed = parse_application_number(raw)
    if parsed is None:
        line.problem(header, f"số đơn «{raw}» không đúng dạng N-NNNN-NNNNN (ví dụ 4-2024-01234)")
        return "", ""
    if kind is not None and parsed[0] != kind.digit:
        line.problem(header, f"số đơn {parsed[2]} không ứng với loại «{kind.name}»")
    return parsed[2], ""


def _file_title(line: _FileRow, kind: IpKind | None) -> str:
    """The title number as the forms take it: digits only for a kind the IP office numbers
    («Số 275001» became «Số275001», a second title beside 275001)."""
    header = line.rules.columns.title_number
    typed = line.number_text(header)
    title = "".join(typed.split())
    problem = title_number_problem(typed, kind, line.rules)
    if problem:
        line.problem(header, problem)
        return ""
    return printed_title(title, kind)


def _file_contributors(line: _FileRow) -> tuple[tuple[Contribution, ...], tuple[str, ...]]:
    parsed: list[Contribution] = []
    other: list[str] = []
    place = line.place(COLUMN_CONTRIBUTORS)
    for entry in filter(None, (part.strip() for part in line.text(COLUMN_CONTRIBUTORS).split(";"))):
        found = _CONTRIBUTION.fullmatch(entry)
        role = line.rules.role_named(found["role"]) if found else None
        if found and role is not None:
            parsed.append(Contribution(found["code"], int(found["year"]), role.code, place))
        else:
            other.append(entry)
    return tuple(parsed), tuple(other)


def _check_file_dates(
    line: _FileRow, number: str, filed_on: date | None, granted_on: date | None
) -> None:
    """The register file's dates checked as a form's are: a title is not granted before its
    application was filed, nor filed in another year than its number says."""
    columns = line.rules.columns
    if filed_on and granted_on and granted_on < filed_on:
        line.problem(
            columns.granted_on,
            f"ngày cấp {format_short_date(granted_on)} trước ngày nộp đơn "
            f"{format_short_date(filed_on)}; kiểm tra lại hai ngày theo văn bằng",
        )
    parsed = parse_application_number(number) if number else None
    if parsed is not None and filed_on is not None and filed_on.year != parsed[1]:
        line.problem(
            columns.filed_on,
            f"ngày nộp đơn {format_short_date(filed_on)} không cùng năm với số đơn {number} "
            f"(năm {parsed[1]})",
        )


def _file_record(line: _FileRow) -> Record | None:
    columns = line.rules.columns
    kind_text = line.text(columns.kind)
    kind = line.rules.kind_named(kind_text)
    if kind is None:
        names = ", ".join(k.name for k in line.rules.kinds)
        line.problem(columns.kind, f"loại «{kind_text}» không có trong danh sách ({names})")
    name = line.text(columns.name)
    if not name:
        line.problem(columns.name, f"chưa ghi «{columns.name}»")
    number, international = _file_numbers(line, kind.code if kind else None)
    contributors, other = _file_contributors(line)
    places = {fact: line.place(getattr(columns, fact)) for fact in ASSET_FIELDS}
    places["international_number"] = places["application_number"]
    filed_on, granted_on = line.day(columns.filed_on), line.day(columns.granted_on)
    _check_file_dates(line, number, filed_on, granted_on)
    if kind is None or not name:
        return None
    return Record(
        kind=kind.code,
        name=name,
        product=line.text(columns.product),
        holder=line.text(columns.holder),
        application_number=number,
        international_number=international,
        title_number=_file_title(line, kind),
        filed_on=filed_on,
        granted_on=granted_on,
        note=line.text(columns.note),
        places=places,
        from_register=True,
        contributors=contributors,
        other_contributors=other,
        source=line.text(COLUMN_SOURCE),
        verify=line.text(COLUMN_VERIFY),
    )


def read_register(path: Path, rules: IpRules) -> tuple[list[Record], list[str]]:
    """The register file's rows, and its problems (each naming the cell); none when absent."""
    records, problems, _ = _read_register_file(path, rules)
    return records, problems


def _read_register_file(path: Path, rules: IpRules) -> tuple[list[Record], list[str], str]:
    """The register file's rows, its problems, and the Sở's own note between its title and
    its header row («DỮ LIỆU MẪU …», where the data come from: kept in the updated one)."""
    if not path.is_file():
        return [], [], ""
    book = read_workbook(path)
    where = Location(file=path, sheet=rules.register_file.sheet)
    sheet = book.sheet(rules.register_file.sheet)
    if sheet is None:
        return [], [f"{where}: không có trang tính này trong sổ"], ""
    wanted = comparable(rules.columns.application_number)
    header = next(
        (r for r in range(1, 21) if comparable(_cell_text(sheet.cell(r, 1).value)) == wanted), None
    )
    if header is None:
        return (
            [],
            [f"{where}: không tìm thấy dòng tiêu đề có cột «{rules.columns.application_number}»"],
            "",
        )
    above = (_cell_text(sheet.cell(row, 1).value).strip() for row in range(2, header))
    note = " ".join(text for text in above if text)
    columns: dict[str, int] = {}
    for column in range(1, 40):
        text = _cell_text(sheet.cell(header, column).value)
        for name in register_headers(rules):
            if comparable(text) == comparable(name):
                columns[name] = column
    problems = [
        f"{where}: thiếu cột «{name}»"
        for name in (getattr(rules.columns, field) for field in ASSET_FIELDS)
        if name not in columns
    ]
    if problems:
        return [], problems, note
    records: list[Record] = []
    for row in range(header + 1, sheet.max_row + 1):
        if all(sheet.cell(row, c).value is None for c in columns.values()):
            continue
        line = _FileRow(rules, sheet, row, columns, problems, path)
        record = _file_record(line)
        if record is not None:
            records.append(record)
    return records, problems, note


def _contributors_text(asset: Asset, rules: IpRules) -> str:
    names = {role.code: role.name for role in rules.roles}
    parts = [
        f"{c.agency_code}: {names.get(c.role, c.role)} ({c.year})" for c in asset.contributions
    ]
    return "; ".join(parts + asset.other_contributors)


def _number_text(asset: Asset, rules: IpRules) -> str:
    if asset.application_number:
        return asset.application_number
    if asset.international_number:
        return f"{rules.international_prefix} {asset.international_number}"
    return ""


def register_rows(register: Register, rules: IpRules, years: Iterable[int]) -> list[tuple]:
    """The register as rows of cell values, in the order of :func:`register_headers`."""
    years = list(years)
    kinds = {kind.code: kind.name for kind in rules.kinds}
    return [
        (
            _number_text(asset, rules),
            kinds.get(asset.kind, asset.kind),
            asset.name,
            asset.product or None,
            asset.holder or None,
            asset.filed_on,
            asset.title_number or None,
            asset.granted_on,
            _contributors_text(asset, rules) or None,
            ", ".join(targets_of(asset, rules, years)) or None,
            asset.source or None,
            asset.verify or None,
            "; ".join(asset.notes) or None,
        )
        for asset in register.assets
    ]


WIDTHS = (16, 20, 30, 18, 30, 13, 15, 13, 40, 14, 40, 24, 30)


def register_workbook(
    register: Register, rules: IpRules, years: Iterable[int], note: str
) -> Workbook:
    """The register as a workbook the Sở can keep and give back next year as its input."""
    wb = Workbook()
    ws = wb.active
    ws.title = rules.register_file.sheet
    headers = register_headers(rules)
    forms._set_widths(ws, {chr(ord("A") + i): w for i, w in enumerate(WIDTHS)})
    forms._title(ws, rules.register_file.title, note)
    ws.row_dimensions[2].height = 3 * forms.LINE_HEIGHT
    ws.cell(row=2, column=1).alignment = forms.WRAP_TOP
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    forms._header(ws, headers)
    text_columns = (1, 7)
    date_columns = (6, 8)
    for row, values in enumerate(register_rows(register, rules, years), start=forms.FIRST_DATA_ROW):
        for column, value in enumerate(values, start=1):
            style: dict = {"border": forms.BOX}
            if column in text_columns:
                style["number_format"] = "@"
            elif column in date_columns:
                style["number_format"] = forms.DATE_FORMAT
            forms._put(ws, row, column, value, **style)
    last = forms.FIRST_DATA_ROW + len(register.assets) - 1
    ws.auto_filter.ref = (
        f"A{forms.HEADER_ROW}:{chr(ord('A') + len(headers) - 1)}{max(last, forms.HEADER_ROW)}"
    )
    forms._page_setup(ws, landscape=True, title_rows=f"{forms.HEADER_ROW}:{forms.HEADER_ROW}")
    wb.properties.title = rules.register_file.title
    wb.properties.creator = wb.properties.lastModifiedBy = "vanban"
    wb.properties.language = "vi-VN"
    return wb


def write_register(
    register: Register,
    rules: IpRules,
    years: Iterable[int],
    note: str,
    path: Path,
    moment: datetime,
    kept_file: Path | None = None,
) -> Path:
    """Write the updated register to ``path`` (an output); never over the file it was read from."""
    if kept_file is not None and path.resolve() == kept_file.resolve():
        raise OutputError(
            "không ghi đè sổ tài sản đang dùng làm dữ liệu vào; hãy chọn thư mục kết quả khác",
            Location(file=path),
        )
    data = forms.workbook_bytes(register_workbook(register, rules, years, note), moment)
    write_atomically(path, data)
    return path
