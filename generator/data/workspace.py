"""The plan and the registry together: who must report in a year and which tasks each holds.

Tasks are assigned to agencies or groups in the plan's wording of 2021; the registry says
who carries them in a given year. An agency that merged away hands its tasks to its
successor, which receives them as inherited (the letter names the predecessor).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from generator.data.plan import Plan, Task, TaskGroup, load_plan
from generator.data.registry import Agency, Registry, load_registry
from generator.errors import UsageError
from generator.vnformat import join_vi

PLAN_FILE = "ke-hoach.yaml"
REGISTRY_FILE = "don-vi.yaml"
ASSESSMENT_FILE = "nhan-dinh.docx"  # the Sở's own assessment, in inputs/<year>/


class Role(StrEnum):
    LEAD = "Chủ trì"
    PARTNER = "Phối hợp"


class TaskStatus(StrEnum):
    """What an agency reports of a task: the form's drop-down list, in this order."""

    DONE = "Đã hoàn thành"
    IN_PROGRESS = "Đang thực hiện"
    NOT_STARTED = "Chưa thực hiện"


@dataclass(frozen=True)
class Assignment:
    """One task as one agency holds it in one year."""

    task: Task
    group: TaskGroup
    role: Role
    inherited_from: Agency | None = None
    lead_names: tuple[str, ...] = ()  # who leads the task that year (a partner is told)


@dataclass
class Workspace:
    plan: Plan
    registry: Registry
    root: Path
    _cache: dict[int, dict[str, list[Assignment]]] = field(default_factory=dict, repr=False)

    def deadline(self, year: int) -> date:
        return self.plan.reporting.deadline(year)

    def body_on(self, code: str, day: date) -> Agency:
        """The agency doing the part the plan's data give ``code`` (its issuer, the body the
        agencies report to) on ``day``: itself, or, once it has merged, the agency that took
        over its work (a plan outlives a reorganisation; its data keep the old code)."""
        carriers = self.registry.successor_on(code, day)
        return carriers[0] if len(carriers) == 1 else self.registry.agency(code)

    def issuer_on(self, day: date) -> Agency:
        """The body that issues the documents dated ``day``."""
        return self.body_on(self.plan.outputs.issuer, day)

    def receiver_in(self, year: int) -> Agency:
        """The body the agencies send ``year``'s reports to (the one active at the deadline)."""
        return self.body_on(self.plan.reporting.receiver, self.deadline(year))

    def last_document_day(self, year: int) -> date:
        """The last day a document of ``year`` may bear: a year's report and its reminders
        are dated within weeks of its deadline, so a day past the next year's deadline is a
        mistyped year («2052» for «2025»), or today's date on a year long closed."""
        return self.deadline(year) + timedelta(days=365)

    def roster_date(self, year: int) -> date:
        """The day whose active agencies must report for ``year`` (the plan's data)."""
        return self.plan.reporting.roster_date(year)

    def is_late(self, report_date: date, year: int) -> bool:
        """Whether a report dated ``report_date`` misses the agencies' deadline, read as the
        plan words it ("trước ngày 10 tháng 11": a report dated 10/11 is late)."""
        return self.plan.reporting.agency_deadline.is_late(report_date, year)

    def check_year(self, year: int) -> None:
        period = self.plan.period
        if year not in period.years():
            raise UsageError(
                f"năm {year} nằm ngoài giai đoạn của Kế hoạch số {self.plan.number_symbol} "
                f"({period.first_year}-{period.last_year})"
            )

    def active(self, year: int) -> list[Agency]:
        """Agencies that must report for ``year``: those active on its roster date."""
        return self.registry.active(self.roster_date(year))

    def assignments(self, year: int) -> dict[str, list[Assignment]]:
        """Every active agency's tasks for ``year``, in the plan's order (lead before partner)."""
        if year not in self._cache:
            self._cache[year] = self._assign(self.roster_date(year))
        return self._cache[year]

    def unled_tasks(self, year: int) -> list[Task]:
        """Tasks no active agency leads in ``year``: the lead's group has no member then, or
        the lead ended with no successor. Nobody is asked to report them."""
        led = {
            a.task.code
            for held in self.assignments(year).values()
            for a in held
            if a.role is Role.LEAD
        }
        return [task for task in self.plan.tasks if task.code not in led]

    def unled_tasks_note(self, year: int) -> str:
        """What a clerk must know before sending the forms and signing: tasks nobody
        reports in ``year`` (empty when every task has a lead)."""
        unled = self.unled_tasks(year)
        if not unled:
            return ""
        codes = ", ".join(task.code for task in unled)
        return (
            f"{len(unled)} nhiệm vụ không có đơn vị chủ trì trong năm {year} nên không đơn vị "
            f"nào báo cáo: {codes}. Kiểm tra «chu_tri» trong kế hoạch hoặc đơn vị kế nhiệm "
            "(«ke_nhiem») trong danh mục đơn vị."
        )

    def tasks_of(self, agency_code: str, year: int) -> list[Assignment]:
        return self.assignments(year).get(agency_code, [])

    def _resolve(self, reference: str, day: date) -> list[tuple[Agency, Agency | None]]:
        """Agencies carrying ``reference`` on ``day``, each with the predecessor it inherits from."""
        if self.registry.is_group(reference):
            return [(agency, None) for agency in self.registry.members(reference, day)]
        original = self.registry.agency(reference)
        carriers = self.registry.successor_on(reference, day)
        return [(agency, None if agency is original else original) for agency in carriers]

    def lead_names_on(self, group: TaskGroup, day: date) -> tuple[str, ...]:
        """The group's leads as a letter names them: a group by its name, an agency by the
        name of whoever carries its work on ``day``."""
        names: list[str] = []
        for reference in group.leads:
            if self.registry.is_group(reference):
                names.append(self.group_name_on(reference, day))
            else:
                names += [self._with_parent(a) for a in self.registry.successor_on(reference, day)]
        return tuple(names)

    def group_name_on(self, code: str, day: date) -> str:
        """The group's name as the plan gives it, or, once every agency it held when the plan
        began has ended (the districts, 2025), by the kinds of those it holds on ``day``
        («Ủy ban nhân dân các xã, phường»), as the report groups them."""
        group = self.registry.groups[code]
        at_start = self.registry.members(code, date(self.plan.period.first_year, 1, 1))
        if not at_start or any(agency.is_active_on(day) for agency in at_start):
            return group.name
        kinds = dict.fromkeys(agency.kind for agency in self.registry.members(code, day))
        if not kinds:
            return group.name
        return join_vi([self.registry.kinds[kind].group_name for kind in kinds])

    def _with_parent(self, agency: Agency) -> str:
        """«Chi cục Quản lý thị trường tỉnh thuộc Sở Công Thương»: a provincial body is
        told it works with a unit of another Sở, not under it."""
        if agency.parent is None:
            return agency.name
        return f"{agency.name} thuộc {self.registry.agency(agency.parent).name}"

    def _assign(self, day: date) -> dict[str, list[Assignment]]:
        held: dict[str, list[Assignment]] = {a.code: [] for a in self.registry.active(day)}
        for group in self.plan.task_groups:
            for task in group.tasks:
                # an agency named in its own right before one it holds by a merger: a lead
                # beside the department merged into it holds the task as its own
                leads = _own_first([c for ref in group.leads for c in self._resolve(ref, day)])
                lead_names = self.lead_names_on(group, day)
                partners = _own_first([c for ref in task.partners for c in self._resolve(ref, day)])
                lead_codes = {agency.code for agency, _ in leads}
                given: set[str] = set()
                for role, carriers in ((Role.LEAD, leads), (Role.PARTNER, partners)):
                    for agency, predecessor in carriers:
                        if agency.code in given or (
                            role is Role.PARTNER and agency.code in lead_codes
                        ):
                            continue
                        given.add(agency.code)
                        held[agency.code].append(
                            Assignment(task, group, role, predecessor, lead_names)
                        )
        return held


def _own_first(carriers: list[tuple[Agency, Agency | None]]) -> list[tuple[Agency, Agency | None]]:
    return sorted(carriers, key=lambda carrier: carrier[1] is not None)  # stable


def load_workspace(inputs: Path) -> Workspace:
    """Load ``inputs/don-vi.yaml`` and ``inputs/ke-hoach.yaml``, checked against each other."""
    if not inputs.is_dir():
        raise UsageError(f"không tìm thấy thư mục dữ liệu đầu vào «{inputs}»")
    registry = load_registry(inputs / REGISTRY_FILE)
    plan = load_plan(inputs / PLAN_FILE, registry)
    return Workspace(plan=plan, registry=registry, root=inputs)
