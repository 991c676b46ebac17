"""`vanban check`: does a .docx follow the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I?

Works on any .docx (ours or typed by hand in Word). The layers: ``package`` opens the zip
within limits, ``styles`` resolves formatting as Word does, ``text`` is the paragraph and run
model, ``measure`` the lengths on the page, ``rules/`` checks the document against
``decree`` (the rule table and the figures), ``report`` prints the findings and ``fix``
writes a corrected copy. This module is the entry point the command line uses.
"""

from __future__ import annotations

from pathlib import Path

from generator.check.package import DocxReadError, open_package
from generator.check.report import (
    Checked,
    findings_to_json,
    format_report,
    has_blocking_failure,
)
from generator.check.rules import CHECKS, Finding
from generator.check.text import Document

__all__ = [
    "Checked",
    "DocxReadError",
    "Finding",
    "check_docx",
    "check_file",
    "findings_to_json",
    "format_report",
    "has_blocking_failure",
]


def check_file(path: Path) -> Checked:
    """Check one .docx against Phụ lục I; one finding per rule, in a fixed order.

    :raises DocxReadError: the file is missing, not a .docx, too large, encrypted or corrupt.
    """
    path = Path(path)
    package = open_package(path)
    try:
        document = Document(package)
        findings = [check(document) for check in CHECKS]
        return Checked(path, findings, list(package.notices))
    finally:
        package.close()


def check_docx(path: Path) -> list[Finding]:
    """The findings of ``check_file``."""
    return check_file(path).findings
