"""Shared fixtures: realistic context models for the three templates, and paths.

The samples are long enough that the report runs to several pages and the letter to two,
so that page numbers, repeated table headers and the signature block are exercised.
"""

from __future__ import annotations

import functools
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

from generator.consolidate import (
    Consolidation,
    letter_context,
    reminder_context,
    report_context,
)
from generator.documents.context import (
    EarlierReminder,
    LetterContext,
    ReminderContext,
    ReportContext,
)

# CI must not turn red on a new random example: there the examples are fixed; on a
# developer's machine hypothesis keeps exploring (and remembers what failed).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"
SHARED = Path(__file__).resolve().parents[2] / "shared"

PLAN = "Kế hoạch số\xa065/KH-UBND ngày 14/3/2021 của UBND tỉnh Sơn La"  # as documents write it


@functools.cache
def sample_consolidation(year: int = 2025) -> Consolidation:
    """The shipped sample batch of ``year`` (2024: before the mergers; 2025: the final year)."""
    from generator.batch import consolidate_inputs
    from generator.data.workspace import load_workspace

    workspace = load_workspace(REPO / "inputs")
    consolidation, _ = consolidate_inputs(workspace, year, REPO / "inputs")
    return consolidation


def make_report_context(year: int = 2025) -> ReportContext:
    return report_context(sample_consolidation(year))


def make_letter_context(final_review: bool = False, code: str = "SVHTTDL") -> LetterContext:
    c = sample_consolidation(2025 if final_review else 2024)
    summary = next(s for s in c.agencies if s.agency.code == code)
    return letter_context(c, summary)


def make_reminder_context() -> ReminderContext:
    """A second reminder (the first one's number recorded), as «vanban don-doc» writes it."""
    c = sample_consolidation(2025)
    earlier = [EarlierReminder(issued_on=date(2025, 11, 11), number_symbol="1301/SKHCN-QLCN")]
    agency = c.reminder_recipients[0].agency
    return reminder_context(c, agency, date(2025, 11, 20), date(2025, 11, 27), earlier)


@pytest.fixture
def sample_report_context() -> ReportContext:
    return make_report_context()


@pytest.fixture
def sample_letter_context() -> LetterContext:
    return make_letter_context()


@pytest.fixture
def sample_reminder_context() -> ReminderContext:
    return make_reminder_context()


@pytest.fixture
def templates_dir() -> Path:
    return TEMPLATES


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"thư mục tham chiếu dùng chung không có: {SHARED}")
    return SHARED
