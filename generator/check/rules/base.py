"""What every rule uses: the finding, the collector of a rule's problems, and the checks
shared by several rules (sizes, bold, upright, the rule drawn under a line)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from generator.check import decree, measure
from generator.check.decree import ADVICE, ERROR, RULES, Citation
from generator.check.package import A_NS, V_NS
from generator.check.styles import TWIPS_PER_MM
from generator.check.text import Document, Para, all_runs, size_text, sizes_of

PAGE_TOLERANCE_MM = 1.0
MARGIN_TOLERANCE_MM = 0.2


@dataclass(frozen=True)
class Finding:
    """The outcome of one rule on one document."""

    rule: str
    title: str
    citation: Citation
    severity: str
    passed: bool
    found: str
    expected: str

    @property
    def reference(self) -> str:
        return self.citation.text


class Result:
    """Collects problems of one rule; the finding's severity is the worst failure's."""

    def __init__(self, rule: str) -> None:
        self.rule = rule
        self.errors: list[str] = []
        self.advice: list[str] = []
        self.notes: list[str] = []

    def fail(self, text: str, severity: str = ERROR) -> None:
        (self.errors if severity == ERROR else self.advice).append(text)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def finding(self, *, base_severity: str | None = None) -> Finding:
        rule = RULES[self.rule]
        passed = not self.errors and not self.advice
        if self.errors:
            severity = ERROR
        elif self.advice:
            severity = ADVICE
        else:
            severity = base_severity or RULES[self.rule].severity
        found = "; ".join(self.errors + self.advice) if not passed else "; ".join(self.notes)
        return Finding(
            rule=self.rule,
            title=rule.title,
            citation=rule.citation,
            severity=severity,
            passed=passed,
            found=found or "đúng quy định",
            expected=rule.requirement,
        )


def to_mm(twips: float) -> float:
    return twips / TWIPS_PER_MM


def fmt_mm(twips: float) -> str:
    value = round(to_mm(twips), 1)
    return f"{value:g}".replace(".", ",") + " mm"


def section_label(doc: Document, index: int) -> str:
    return "" if len(doc.sections) == 1 else f"phần {index + 1}: "


MARGIN_NAMES = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}


def size_in(paras: list[Para], key: str, result: Result, what: str, severity: str = ERROR) -> None:
    """Fail when a visible run of ``paras`` has a size outside ``decree.SIZES[key]``."""
    allowed = decree.SIZES[key]
    sizes = sizes_of(paras)
    if any(not allowed.holds(s) for s in sizes):
        result.fail(f"{what} {size_text(sizes)} (cần {allowed.text})", severity)


def check_bold(para: Para, result: Result, what: str, want: bool = True) -> None:
    ok, bad = all_runs([para], lambda rp: rp.bold == want)
    if not ok:
        state = "không đậm" if want else "in đậm"
        result.fail(f"{what} {state} ở «{' '.join(bad)[:40]}»")


def check_upright(para: Para, result: Result, what: str, severity: str = ERROR) -> None:
    ok, bad = all_runs([para], lambda rp: not rp.italic)
    if not ok:
        result.fail(f"{what} in nghiêng ở «{' '.join(bad)[:40]}»", severity)


def has_line_shape(element: etree._Element) -> bool:
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag == f"{{{A_NS}}}prstGeom" and node.get("prst") in (
            "line",
            "straightConnector1",
        ):
            return True
        if node.tag == f"{{{V_NS}}}line":
            return True
        if node.tag == f"{{{V_NS}}}shape" and (
            node.get("type") == "#_x0000_t32"
            or node.get("{urn:schemas-microsoft-com:office:office}connectortype")
        ):
            return True
    return False


@dataclass(frozen=True)
class RuleLine:
    """A rule drawn under a line of text: how, and its length in points when measurable."""

    how: str
    length_pt: float | None


TYPED_RULE = "dòng ký tự «_» hoặc «-»"
_TYPED_RULE_TEXT = re.compile(r"[_\-–—]{3,}")


def rule_under(doc: Document, para: Para, stop: Para | None) -> RuleLine | None:
    """The rule under ``para``, or None: its bottom border, a following empty paragraph with
    a border, a line shape in it or in the next paragraphs of its cell, a line shape in the
    line above it in its cell (Word anchors a drawn line to a paragraph near it, often the
    one above, or the one below: «Số: …» under the name, the date under the tiêu ngữ), or
    a line of typed «___» (TYPED_RULE, a recommendation)."""
    if para.props.bottom_border():
        return RuleLine("viền dưới của đoạn", measure.available_width_pt(doc, para))
    if has_line_shape(para.element):
        return RuleLine("đường kẻ vẽ", measure.shape_length_pt(para.element))
    start = doc.index(para) + 1
    for other in doc.paras[start : start + 3]:
        if other.cell is not para.cell or (other.text and para.cell is None):
            break
        if has_line_shape(other.element):  # in a cell, also one anchored to ``stop``
            return RuleLine("đường kẻ vẽ", measure.shape_length_pt(other.element))
        if other is stop:
            break
        if not other.text and other.props.bottom_border():
            return RuleLine(
                "viền dưới của đoạn trống kế tiếp", measure.available_width_pt(doc, other)
            )
        if _TYPED_RULE_TEXT.fullmatch(other.text.strip()):
            return RuleLine(TYPED_RULE, None)
        if other.text:
            break
    above = doc.paras[start - 2] if start >= 2 else None
    if (
        above is not None
        and para.cell is not None
        and above.cell is para.cell
        and has_line_shape(above.element)
    ):
        return RuleLine("đường kẻ vẽ", measure.shape_length_pt(above.element))
    return None


def check_rule_length(
    result: Result,
    rule: RuleLine,
    lines_pt: Sequence[float],
    share: tuple[float, float],
    what: str,
    wanted: str,
) -> None:
    """Recommend a rule length: ``share`` of the text above it, within the estimate's 10 %;
    a rule typed as characters is a recommendation of its own.

    ``lines_pt`` are the widths of the lines the text shows, top to bottom. The decree
    sizes the rule by «độ dài của dòng chữ», written for a text on one line. When the text
    takes two lines (wrapped by its cell, or broken by the clerk), offices read that two
    ways: the width of the text as a block, its longest line (format.md's «1/3–1/2 of the
    text's length», and vanban's writer), or the line the rule stands under, the last.
    Both are in use and the length is a recommendation, so either reading passes; the
    message names the longest line."""
    if rule.how == TYPED_RULE:
        result.fail(
            f"đường kẻ dưới {what} gõ bằng ký tự «_» hoặc «-»: nên dùng đường kẻ ngang nét "
            "liền (viền dưới của đoạn hoặc đường vẽ)",
            ADVICE,
        )
        return
    lines = [width for width in lines_pt if width > 0]
    if rule.length_pt is None or not lines:
        return
    longest, last = max(lines), lines[-1]
    if any(share[0] * 0.9 <= rule.length_pt / text <= share[1] * 1.1 for text in (longest, last)):
        return
    shown = f"dòng chữ khoảng {measure.cm(longest)}"
    if len(lines) > 1:
        shown = f"dòng chữ dài nhất khoảng {measure.cm(longest)}, dòng cuối {measure.cm(last)}"
    result.fail(
        f"đường kẻ dưới {what} dài {measure.cm(rule.length_pt)}, {shown} (cần {wanted})", ADVICE
    )


# A paragraph's alignment (w:jc) as a clerk names it.
ALIGNMENT_NAMES = {
    "left": "trái",
    "start": "trái",
    "right": "phải",
    "end": "phải",
    "center": "giữa",
    "both": "đều hai lề",
}


def is_upper(text: str) -> bool:
    return text == text.upper() and any(c.isalpha() for c in text)


def centred(para: Para) -> bool:
    return para.props.alignment == "center"
