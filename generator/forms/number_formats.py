"""What Excel shows of a number under a custom number format, when that is not the number.

A clerk may format an amount cell so that 12 shows «12 triệu đồng» (a literal unit) or
12000000 shows «12» (``#,##0,,``: each comma after the last digit placeholder divides by
1000): the cell holds one number, the clerk reads another. :func:`format_shown_otherwise` tells
such a format apart from one showing the number as itself (grouping, decimals, a đồng
sign, the signs, brackets and spaces of an accounting format) and renders what Excel
shows, with the separators of a Vietnamese Excel ("." groups thousands, "," before
decimals).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

# One piece of a format code: a quoted text, an escaped character, a bracket ([$₫-42A],
# [Red], [>=100]), a padding or a fill (_x, *x: room, never text), General, one character.
_PIECE = re.compile(r'"([^"]*)"|\\(.)|\[([^\]]*)\]|[_*](.?)|([Gg]eneral)|(.)', re.DOTALL)
# Characters shown around a number that change nothing of it.
_NEUTRAL = str.maketrans("", "", " \u00a0-+()")
# The đồng as an agency writes it beside an amount: the same number.
DONG_SIGNS = frozenset({"đ", "đồng", "₫", "vnđ", "vnd"})

Piece = tuple[str, str]  # ("text", "tỷ"), ("digit", "0"|"#"|"?"), ("point"|"comma"|"number", "")


@dataclass(frozen=True)
class _Section:
    """One section of a format (for positive numbers; negative; zero; text)."""

    pieces: tuple[Piece, ...]

    @property
    def is_text(self) -> bool:
        return ("text", "@") in self.pieces

    @property
    def scale(self) -> int:
        """How many times the number is divided by 1000: the commas after the last digit
        placeholder of the integer part (a comma between two of them groups thousands)."""
        kinds = [kind for kind, _ in self.pieces]
        end = kinds.index("point") if "point" in kinds else len(kinds)
        digits = [i for i, kind in enumerate(kinds[:end]) if kind == "digit"]
        if not digits:
            return 0
        return sum(kind == "comma" and i > digits[-1] for i, kind in enumerate(kinds))

    @property
    def grouped(self) -> bool:
        kinds = [kind for kind, _ in self.pieces]
        digits = [i for i, kind in enumerate(kinds) if kind == "digit"]
        return any(
            kind == "comma" and digits and digits[0] < i < digits[-1]
            for i, kind in enumerate(kinds)
        )

    def changes_number(self) -> bool:
        """Whether the section shows something other than the number: a scale, or a text
        other than a đồng sign, signs, brackets and spaces."""
        if self.is_text:
            return False
        literal = "".join(value for kind, value in self.pieces if kind == "text")
        words = unicodedata.normalize("NFC", literal).translate(_NEUTRAL).casefold()
        return self.scale > 0 or (bool(words) and words.rstrip(".") not in DONG_SIGNS)

    def render(self, number: Decimal) -> str:
        """``number`` (not negative) as this section shows it."""
        number = number.scaleb(-3 * self.scale)
        kinds = [kind for kind, _ in self.pieces]
        if "digit" not in kinds:
            block = _general(number) if "number" in kinds else ""
        else:
            block = self._digits(number)
        shown, placed = "", False
        for kind, value in self.pieces:
            if kind == "text":
                shown += value
            elif kind in ("digit", "number") and not placed:
                shown, placed = shown + block, True
        return shown

    def _digits(self, number: Decimal) -> str:
        pieces = list(self.pieces)
        point = pieces.index(("point", "")) if ("point", "") in pieces else len(pieces)
        whole = [value for kind, value in pieces[:point] if kind == "digit"]
        fraction = [value for kind, value in pieces[point:] if kind == "digit"]
        with localcontext(prec=max(number.adjusted(), 0) + len(fraction) + 2):
            rounded = number.quantize(Decimal(1).scaleb(-len(fraction)), rounding=ROUND_HALF_UP)
        integer, _, decimals = f"{rounded:f}".partition(".")
        integer = integer.lstrip("0").rjust(whole.count("0"), "0")
        if self.grouped and integer:
            integer = f"{int(integer):,}".replace(",", ".")
        decimals = decimals[: len(fraction)]
        kept = len(decimals.rstrip("0"))
        decimals = decimals[: max(kept, fraction.count("0"))]
        return integer + ("," + decimals if point < len(pieces) else "")


def _general(number: Decimal) -> str:
    return f"{number.normalize():f}".replace(".", ",") if number else "0"


def _sections(code: str) -> tuple[_Section, ...]:
    sections: list[list[Piece]] = [[]]
    for match in _PIECE.finditer(code):
        quoted, escaped, bracket, _, general, char = match.groups()
        pieces = sections[-1]
        if quoted is not None or escaped is not None:
            pieces.append(("text", quoted if quoted is not None else escaped))
        elif bracket is not None and bracket.startswith("$"):  # [$₫-42A]: sign and locale
            pieces.append(("text", bracket[1:].split("-", 1)[0]))
        elif general is not None:
            pieces.append(("number", ""))
        elif char is None:
            continue  # a padding, a fill, a colour or a condition: no text
        elif char == ";":
            sections.append([])
        elif char in "0#?":
            pieces.append(("digit", char))
        elif char in ".,":
            pieces.append(("point" if char == "." else "comma", ""))
        elif char in "Ee" and code[match.end() : match.end() + 1] in ("+", "-"):
            return ()  # scientific: the number itself, in another notation
        else:
            pieces.append(("text", char))
    return tuple(_Section(tuple(pieces)) for pieces in sections)


@dataclass(frozen=True)
class NumberFormat:
    """A custom number format under which a number is shown otherwise than as itself."""

    sections: tuple[_Section, ...]

    def shown(self, number: float) -> str:
        """What Excel shows of ``number``: the section for its sign, rendered."""
        value = Decimal(repr(float(number)))
        if not value.is_finite():
            return str(number)
        numeric = [section for section in self.sections if not section.is_text]
        if value < 0 and len(numeric) >= 2:
            return numeric[1].render(-value)
        if value == 0 and len(numeric) >= 3:
            return numeric[2].render(value)
        shown = numeric[0].render(abs(value))
        return "-" + shown if value < 0 else shown


@functools.lru_cache(maxsize=256)
def format_shown_otherwise(code: str) -> NumberFormat | None:
    """The format, when any of its sections shows a number otherwise than as itself."""
    sections = _sections(code)
    if not any(section.changes_number() for section in sections) and not _hides(sections):
        return None
    return NumberFormat(sections)


def _hides(sections: tuple[_Section, ...]) -> bool:
    """Whether a positive number is shown as nothing («;;;»: the cell looks blank, and 30
    million in it was added to a total nobody saw)."""
    first = sections[0] if sections else None
    if first is None or first.is_text:
        return False
    return not any(kind in ("digit", "number") for kind, _ in first.pieces)
