"""Machine-readable summaries (``--json``) of ``validate`` and ``generate``.

Keys are English and fixed, like ``check --json``; values the clerk would read (statuses,
messages, names) stay in Vietnamese. Lists keep the order of the text summary.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.batch import BatchResult
    from generator.feedback import FeedbackResult
    from generator.validate import AgencySubmission, Finding, ValidationResult


def _number(value: object) -> float | int:
    """A percentage's value (Decimal 71.26) as a JSON number: 71.26, never a string."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_number)


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "file": str(finding.file),
        "sheet": finding.sheet,
        "cell": finding.cell,
        "message": finding.message,
        "text": str(finding),
    }


def _submission(submission: AgencySubmission) -> dict[str, Any]:
    return {
        "code": submission.agency.code,
        "name": submission.agency.name,
        "status": submission.status.value,
        "files": [str(path) for path in submission.files],
        "on_time": submission.on_time,
        "email": submission.email,
        "findings": [_finding(finding) for finding in submission.findings],
    }


def _feedback(feedback: FeedbackResult) -> dict[str, Any]:
    return {
        "folder": str(feedback.folder),
        "old_set": str(feedback.old_set) if feedback.old_set is not None else None,
        "agencies": [
            {
                "code": item.agency.code,
                "email": item.email,
                "findings": item.findings,
                "files": item.files,
            }
            for item in feedback.agencies
        ],
    }


def validation_json(result: ValidationResult, feedback: FeedbackResult | None = None) -> str:
    counts: dict[str, int] = {}
    for submission in result.submissions:
        counts[submission.status.value] = counts.get(submission.status.value, 0) + 1
    return _dump(
        {
            "year": result.year,
            "ok": result.ok and not result.register_problems,
            "folder": str(result.folder) if result.folder is not None else None,
            "counts": counts,
            "agencies": [_submission(s) for s in result.submissions],
            "stray_findings": [_finding(f) for f in result.stray_findings],
            "earlier_findings": [_finding(f) for f in result.earlier_findings],
            "input_notes": list(result.input_notes),
            "register_problems": list(result.register_problems),
            "register_notes": list(result.register_notes),
            "feedback": _feedback(feedback) if feedback is not None else None,
        }
    )


def batch_json(result: BatchResult) -> str:
    c = result.consolidation
    return _dump(
        {
            "ok": True,
            "year": result.year,
            "folder": str(result.folder),
            "documents": result.documents,
            "letters": result.letters,
            "pdfs": result.pdfs,
            "files": [
                {"path": relative, "sha256": digest}
                for relative, digest in sorted(result.outputs.items())
            ],
            "missing": [{"code": s.agency.code, "name": s.agency.name} for s in c.missing],
            "late": [{"code": s.agency.code, "name": s.agency.name} for s in c.late],
            "targets_not_met": [
                {
                    "code": r.measure.code,
                    "name": r.measure.name,
                    "year_total": r.year_total,
                    "cumulative": r.cumulative,
                    "planned": r.measure.planned,
                }
                for r in c.not_met
            ],
            "targets_incomplete": [
                {
                    "code": r.measure.code,
                    "name": r.measure.name,
                    "unreported": list(r.unreported),
                }
                for r in c.measures
                if r.unjudged
            ],
            "old_set": str(result.old_set) if result.old_set is not None else None,
            "notes": result.notes,
        }
    )


def error_json(message: str, exit_code: int) -> str:
    return _dump({"ok": False, "exit_code": exit_code, "error": message})
