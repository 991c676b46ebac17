"""What `vanban check` prints: one line per rule and a summary, or JSON for other programs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.decree import ADVICE, ERROR
from generator.check.rules import Finding

STATUS = {"passed": "ĐẠT", ERROR: "LỖI", ADVICE: "LƯU Ý"}


@dataclass
class Checked:
    """The findings on one file, and notices about the file itself (a macro, …)."""

    path: Path
    findings: list[Finding]
    notices: list[str] = field(default_factory=list)


def _status(finding: Finding) -> str:
    return STATUS["passed"] if finding.passed else STATUS[finding.severity]


def format_report(path: Path, findings: list[Finding], notices: list[str] = ()) -> str:
    """One line per rule, then a summary line naming the file."""
    rule_width = max((len(f.rule) for f in findings), default=0)
    lines = [f"LƯU Ý  {Path(path).name}: {notice}" for notice in notices]
    for finding in findings:
        detail = finding.found if finding.passed else f"{finding.found} (cần: {finding.expected})"
        lines.append(
            f"{_status(finding):<5}  {finding.rule:<{rule_width}}  {finding.title}: {detail}"
            f" [{finding.citation.text}]"
        )
    passed = sum(f.passed for f in findings)
    errors = sum(not f.passed and f.severity == ERROR for f in findings)
    # A notice about the file itself (a macro, …) is printed as a «LƯU Ý» and counted as one.
    advice = sum(not f.passed and f.severity == ADVICE for f in findings) + len(notices)
    verdict = "CHƯA ĐẠT thể thức" if errors else "đạt thể thức"
    lines.append(
        f"{Path(path).name}: {passed} đạt, {errors} lỗi, {advice} lưu ý — văn bản {verdict}."
    )
    return "\n".join(lines)


def finding_fields(finding: Finding) -> dict[str, object]:
    return {
        "rule": finding.rule,
        "title": finding.title,
        "citation": finding.citation.fields(),
        "severity": finding.severity,
        "passed": finding.passed,
        "found": finding.found,
        "expected": finding.expected,
    }


def findings_to_json(
    results: dict[Path, list[Finding]],
    notices: dict[Path, list[str]] | None = None,
    unreadable: dict[Path, str] | None = None,
) -> str:
    """All results as JSON (the files read in the given order, fields in a fixed order), then
    each file that could not be read, not passed, with why («error»)."""
    notices = notices or {}
    files = [
        {
            "file": str(path),
            "passed": not has_blocking_failure(findings),
            "notices": notices.get(path, []),
            "findings": [finding_fields(finding) for finding in findings],
        }
        for path, findings in results.items()
    ]
    files += [
        {"file": str(path), "passed": False, "error": why, "notices": [], "findings": []}
        for path, why in (unreadable or {}).items()
    ]
    return json.dumps({"files": files}, ensure_ascii=False, indent=2)


def has_blocking_failure(findings: list[Finding]) -> bool:
    """Whether any rule of severity "lỗi" failed."""
    return any(not f.passed and f.severity == ERROR for f in findings)
