"""Every error vanban shows a clerk: one tree, one readable Vietnamese line each.

The CLI catches :class:`VanbanError` and prints :meth:`VanbanError.message`; anything
else is a bug and may show a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, and inside it a sheet and cell, or a line and field."""

    file: Path | str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(f"tệp {Path(self.file).name}")
        if self.sheet is not None:
            parts.append(f"trang tính «{self.sheet}»")
        if self.cell is not None:
            parts.append(f"ô {self.cell}")
        if self.line is not None:
            parts.append(f"dòng {self.line}")
        if self.field is not None:
            parts.append(f"trường «{self.field}»")
        return ", ".join(parts)


class VanbanError(Exception):
    """Root of every error meant for a user. ``str(err)`` is the full Vietnamese message."""

    exit_code = 1

    def __init__(self, text: str, where: Location | None = None) -> None:
        self.text = text
        self.where = where
        super().__init__(self.message())

    def message(self) -> str:
        if self.where is None or not str(self.where):
            return self.text
        return f"{self.where}: {self.text}"


class DataError(VanbanError):
    """The plan or the agency registry (YAML) is invalid."""


class DataErrors(VanbanError):
    """Several data errors found at once; each is listed on its own line."""

    def __init__(self, errors: list[VanbanError], heading: str) -> None:
        self.errors = errors
        self.heading = heading
        super().__init__(heading)

    def message(self) -> str:
        lines = [self.heading] + [f"  - {e.message()}" for e in self.errors]
        return "\n".join(lines)


class WorkbookError(VanbanError):
    """A department workbook cannot be read at all (not a workbook, corrupt, too large…)."""


class TemplateError(VanbanError):
    """A .docx template is missing, broken, unsafe or needs a variable the data lacks."""


class OutputError(VanbanError):
    """Outputs cannot be written (folder not writable, disk full, would overwrite signed files)."""


class UsageError(VanbanError):
    """The command was called wrongly (unknown year, missing folder…)."""

    exit_code = 2


class ListedError(VanbanError):
    """A heading and the findings under it, one per line (nothing is written)."""

    def __init__(self, heading: str, findings: list[str]) -> None:
        self.heading = heading
        self.findings = findings
        super().__init__(heading)

    def message(self) -> str:
        return "\n".join([self.heading, *(f"  - {finding}" for finding in self.findings)])
