"""Load YAML data files with line numbers, and turn pydantic errors into clerk-readable ones.

Clerks edit the plan and the agency registry by hand, so every error must say which
file, which line and which field is wrong, in Vietnamese.
"""

from __future__ import annotations

import contextlib
import gc
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, StringConstraints, ValidationError

from generator.errors import DataError, DataErrors, Location
from generator.legacy_encoding import detect_legacy_encoding, legacy_message
from generator.vnformat import format_number

# The field types the data files share: a code (of a target, a task, a kind…) and a text
# that may not be left empty.
Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9.\-]+$")]
Text = Annotated[str, StringConstraints(min_length=1)]

Model = TypeVar("Model", bound=BaseModel)
PathKey = tuple[str | int, ...]


_FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed


class _UniqueKeyLoader(_FastSafeLoader):
    """A safe loader that refuses duplicated keys (PyYAML keeps the last one silently)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"khóa «{key}» bị lặp (đã có ở dòng {seen[key]}); xóa hoặc đổi tên một trong hai",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


def _construct_timestamp(loader: _UniqueKeyLoader, node: yaml.ScalarNode):
    # PyYAML raises a bare ValueError, without a line, for an impossible date (2025-02-30).
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"ngày «{node.value}» không có thật", node.start_mark
        ) from None


# YAML 1.1 reads «010» as 8 (octal), «0x10» as 16; «08» is left as text. A count or a
# figure typed with a zero before it is refused rather than read as another number.
_LEADING_ZERO = re.compile(r"[-+]?0(?:[0-9_]+|[xXbBoO][0-9a-fA-F_]+)")


def _refuse_leading_zero(node: yaml.ScalarNode) -> None:
    if not node.style and _LEADING_ZERO.fullmatch(node.value):  # plain: None, or "" in libyaml
        digits = node.value.lstrip("+-").lstrip("0").replace("_", "")
        example = f" (ví dụ {digits})" if digits.isdigit() else ""
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"số «{node.value}» có số 0 ở đầu, bị đọc thành một số khác; ghi số không có số 0 ở "
            f"đầu{example}, hoặc đặt trong dấu nháy nếu đó là mã",
            node.start_mark,
        )


# YAML 1.1 also reads «1:00» as 60 (base 60, for times) and «1_0» as 10: a number with
# either mark is refused, not read as a number nobody typed.
_SPLIT_NUMBER = re.compile(r"[-+]?[0-9][0-9_]*(?:[_:][0-9_]+)+(?:\.[0-9_]*)?")


def _refuse_split_number(node: yaml.ScalarNode) -> None:
    if not node.style and _SPLIT_NUMBER.fullmatch(node.value):
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"số «{node.value}» có dấu «:» hoặc «_» giữa các chữ số, bị đọc thành một số khác; "
            "ghi số chỉ bằng chữ số (không dấu cách, dấu chấm hay dấu phẩy ngăn hàng nghìn), "
            "hoặc đặt trong dấu nháy nếu đó là mã hay giờ",
            node.start_mark,
        )


def _construct_int(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> int:
    _refuse_leading_zero(node)
    _refuse_split_number(node)
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


def _construct_float(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> float:
    _refuse_split_number(node)
    return yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)


def _construct_nfc_str(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> str:
    _refuse_leading_zero(node)
    # Text typed on macOS or pasted from the web may be NFD; everything compares as NFC.
    text = unicodedata.normalize("NFC", loader.construct_scalar(node))
    # A name pasted from an old document in TCVN3 or VNI would be printed unreadable in
    # every letter: refused on its line, as in a form's cell.
    found = detect_legacy_encoding(text)
    if found is not None:
        raise yaml.constructor.ConstructorError(
            None, None, legacy_message(found, "dòng này"), node.start_mark
        )
    return text


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:str", _construct_nfc_str)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def _index_lines(node: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            lines[child] = key_node.start_mark.line + 1
            _index_lines(value_node, child, lines)
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines)


def read_data_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError("không tìm thấy tệp dữ liệu", Location(file=path)) from None
    except IsADirectoryError:
        raise DataError("đây là một thư mục, không phải tệp dữ liệu", Location(file=path)) from None
    except PermissionError:
        raise DataError(
            "không có quyền đọc tệp (hoặc tệp đang bị chương trình khác khóa)", Location(file=path)
        ) from None
    except OSError as exc:  # a link to itself, a disk error: the system's text is English
        raise DataError(
            f"không đọc được tệp (mã lỗi hệ thống {exc.errno})", Location(file=path)
        ) from None
    try:
        # Notepad may save with a byte-order mark: UTF-8 all the same
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(
            "tệp không phải văn bản UTF-8; mở bằng Notepad, chọn Lưu thành (Save As), mục "
            "Mã hóa (Encoding) chọn UTF-8, rồi lưu lại",
            Location(file=path),
        ) from None


class LineIndex:
    """The line of each path of a YAML file, worked out only when an error needs one.

    Indexing every key of a registry of 10,000 agencies costs memory that a valid file,
    the usual case, never needs.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lines: dict[PathKey, int] | None = None

    def _index(self) -> dict[PathKey, int]:
        if self._lines is None:
            self._lines = {}
            node = yaml.compose(read_data_text(self.path), Loader=_FastSafeLoader)
            if node is not None:
                _index_lines(node, (), self._lines)
        return self._lines

    def __contains__(self, loc: object) -> bool:
        return loc in self._index()

    def __getitem__(self, loc: PathKey) -> int:
        return self._index()[loc]


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The cycle collector off for a block that makes many objects and no garbage cycles.

    Parsing and validating a registry of 10,000 agencies makes a million objects: the
    cycle collector, run every few hundred allocations over all of them, took more than
    half the time, and a growing share as the file grows."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_yaml(path: Path) -> tuple[Any, LineIndex]:
    """Parse a UTF-8 YAML file; return the data (NFC strings) and its line index."""
    text = read_data_text(path)
    loader = _UniqueKeyLoader(text)
    try:
        with no_cycle_collection():
            data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        if isinstance(exc, yaml.constructor.ConstructorError):  # already in Vietnamese
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            raise DataError(exc.problem or str(exc), Location(file=path, line=line)) from None
        mark, problem = syntax_problem(exc, text)
        where = Location(file=path, line=mark.line + 1 if mark else None)
        column = f" ở cột {mark.column + 1}" if mark else ""
        raise DataError(f"lỗi cú pháp YAML{column}: {problem}", where) from None
    finally:
        loader.dispose()
    return data, LineIndex(path)


QUOTE_HINT = 'đặt cả giá trị trong dấu nháy kép, ví dụ ghi_chu: "Lưu ý: xem phụ lục"'


def syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[Any, str]:
    """The place to show and the Vietnamese words for a YAML syntax error (libyaml's or
    PyYAML's own wording), the common mistakes of hand-edited files first."""
    english = f"{exc.context or ''} {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    found = _character_at(text, mark)
    if "tab" in english or found == "\t":
        return mark, ("có ký tự Tab; YAML chỉ thụt lề bằng dấu cách, hãy thay Tab bằng dấu cách")
    if "could not find expected ':'" in english:
        return exc.context_mark or mark, (
            "thiếu dấu hai chấm «:» sau tên trường (mỗi dòng ghi «tên_trường: giá trị»)"
        )
    unclosed = _unclosed_quote(text, mark)
    if "quoted scalar" in english or unclosed is not None:
        return unclosed or exc.context_mark or mark, (
            "dấu nháy mở ở đây không được đóng; thêm dấu nháy đóng (cùng loại) ở cuối giá trị"
        )
    if any(words in english for words in ("expected key", "'-' indicator", "<block end>")):
        return mark, (
            "thụt lề không đúng: dòng này không thẳng cột với các trường cùng cấp ở trên; "
            "thụt lề bằng dấu cách, các trường cùng cấp phải bắt đầu ở cùng một cột"
        )
    if "mapping values are not allowed" in english:
        return mark, (
            "dấu hai chấm «:» ở chỗ không được phép: dòng bị thụt lề sai, hoặc giá trị có "
            f"dấu «: » thì {QUOTE_HINT}"
        )
    for closing in ("]", "}"):
        if f"expected ',' or '{closing}'" in english:
            return exc.context_mark or mark, (
                f"dấu mở ngoặc ở đây chưa được đóng bằng «{closing}» (hoặc thiếu dấu phẩy "
                "giữa các phần tử)"
            )
    if "cannot start any token" in english or "undefined alias" in english:
        return mark, f"giá trị không được bắt đầu bằng ký tự «{found}»; {QUOTE_HINT}"
    return mark, f"dòng này không đúng cú pháp YAML (chi tiết: {exc.problem or exc})"


@dataclass(frozen=True)
class _Place:
    line: int  # from 0, as yaml's marks
    column: int


_UNESCAPED_QUOTE = re.compile(r'(?<!\\)"')
QUOTE_LOOKBACK = 3  # lines: a forgotten closing quote makes the parser fail soon after


def _unclosed_quote(text: str, mark: Any) -> _Place | None:
    """A double quote opened and never closed on one of the lines just before ``mark``:
    the parser then reads the next lines as part of the text and fails further down."""
    if mark is None:
        return None
    lines = text.splitlines()
    for number in range(mark.line, max(mark.line - QUOTE_LOOKBACK, 0) - 1, -1):
        line = lines[number] if number < len(lines) else ""
        if line.lstrip().startswith("#"):
            continue
        quotes = [found.start() for found in _UNESCAPED_QUOTE.finditer(line)]
        if len(quotes) % 2:
            return _Place(number, quotes[-1])
    return None


def _character_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


def line_of(lines: LineIndex | dict[PathKey, int], loc: PathKey) -> int | None:
    """The line of the deepest known prefix of ``loc``."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


# «72,5» and «80%» are read as text here, «20/02/2026» too: say how each is written.
NUMBER_EXPECTED = "phải là một số, chỉ gồm chữ số (phần lẻ sau dấu chấm, ví dụ 72.5; không ghi «%»)"
DATE_EXPECTED = "phải là ngày dạng năm-tháng-ngày, ví dụ 2026-02-20"
_PYDANTIC_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không có trong mẫu dữ liệu (gõ sai tên trường?)",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "string_type": "phải là văn bản",
    "string_too_short": "không được để trống",
    "list_type": "phải là một danh sách, ví dụ [SNNMT, SCT] (hoặc mỗi mục một dòng «- …»)",
    "too_short": "danh sách không được để trống",
    "dict_type": "phải là một nhóm trường (khóa: giá trị)",
    "model_type": "phải là một nhóm trường (khóa: giá trị)",
    "model_attributes_type": "phải là một nhóm trường (khóa: giá trị)",
    "date_from_datetime_parsing": DATE_EXPECTED,
    "date_from_datetime_inexact": "phải là ngày dạng năm-tháng-ngày, không kèm giờ, ví dụ 2026-02-20",
    "date_parsing": DATE_EXPECTED,
    "date_type": DATE_EXPECTED,
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "literal_error": "giá trị không hợp lệ",
    "enum": "giá trị không hợp lệ",
    "decimal_parsing": NUMBER_EXPECTED,
    "decimal_type": NUMBER_EXPECTED,
    "finite_number": NUMBER_EXPECTED,
    "float_parsing": NUMBER_EXPECTED,
    "float_type": NUMBER_EXPECTED,
}
# A kind of error not listed above: said plainly rather than in pydantic's English.
_ANY_OTHER = "giá trị không hợp lệ"
_BOUNDS = {
    "greater_than_equal": ("ge", "giá trị quá nhỏ: nhỏ nhất là {}"),
    "greater_than": ("gt", "phải lớn hơn {}"),
    "less_than_equal": ("le", "giá trị quá lớn: lớn nhất là {}"),
    "less_than": ("lt", "phải nhỏ hơn {}"),
    "string_too_long": ("max_length", "dài quá {} ký tự"),
}
# One value of pydantic's list of allowed values («'nam' or 'giai-doan'»), as repr wrote it.
_ALLOWED_VALUE = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"|([^\s,']+)")


_PATTERN_MESSAGES = {
    r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$": (
        "mã chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch ngang, không mở đầu hay kết "
        "thúc bằng dấu gạch ngang, không có hai dấu gạch ngang liền nhau (ví dụ XA-MUONG-BU)"
    ),
    r"^[A-Za-z0-9.\-]+$": "mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm và dấu gạch ngang",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": (
        "mã loại chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ ubnd-xa)"
    ),
}


def _allowed(expected: str) -> str:
    """pydantic's «'a', 'b' or 'c'» as a clerk reads it: «a», «b» hoặc «c»."""
    values = [
        "«" + (quoted or double or bare) + "»"
        for quoted, double, bare in _ALLOWED_VALUE.findall(expected)
        if (quoted or double or bare) != "or"
    ]
    if len(values) < 2:
        return ", ".join(values)
    return ", ".join(values[:-1]) + " hoặc " + values[-1]


def _shown(value: Any) -> str:
    """A value as the clerk wrote it in YAML: «true», «2,5», not Python's True, 2.5."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | Decimal) and math.isfinite(value):
        return format_number(value)
    if isinstance(value, list):  # as written in YAML, not Python's ['A', 'B']
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    return str(value)


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        text = _PATTERN_MESSAGES.get(pattern, f"không đúng dạng quy định ({pattern})")
        return f"{text}; giá trị hiện có: «{error.get('input')}»"
    if kind == "value_error":
        return str(ctx.get("error", _ANY_OTHER))
    if kind in _BOUNDS:
        bound, wording = _BOUNDS[kind]
        text = wording.format(_shown(ctx.get(bound)))
    else:
        text = _PYDANTIC_MESSAGES.get(kind, _ANY_OTHER)
    if kind in ("literal_error", "enum"):
        text += f" (cho phép: {_allowed(str(ctx.get('expected', '')))})"
    if "input" in error and kind not in ("missing", "model_type", "dict_type"):
        value = error["input"]
        if value is None:
            return f"{text}; ô này đang để trống"
        shown = _shown(value)
        if len(shown) < 80:
            text += f"; giá trị hiện có: «{shown}»"
        if isinstance(value, list) and kind in _ONE_VALUE_ERRORS:
            text += " (một danh sách: ở đây chỉ ghi một giá trị)"
        if isinstance(value, float) and kind in _WHOLE_NUMBER_ERRORS:
            text += (
                " (có dấu chấm: trong tệp này dấu chấm là dấu thập phân; ghi số nguyên không có "
                "dấu phân cách hàng nghìn, ví dụ 1000)"
            )
        elif isinstance(value, str) and value.strip().isdigit():
            text += " (số đặt trong dấu nháy là chữ: bỏ dấu nháy)"
    return text


_WHOLE_NUMBER_ERRORS = frozenset({"int_type", "int_from_float", "int_parsing"})
_ONE_VALUE_ERRORS = frozenset({"string_type", "int_type", "float_type", "bool_type", "date_type"})


def parse_model(model: type[Model], path: Path, heading: str) -> Model:
    """Read ``path`` and validate it as ``model``; every problem is one DataError line."""
    return parse_model_with_lines(model, path, heading)[0]


def parse_model_with_lines(model: type[Model], path: Path, heading: str) -> tuple[Model, LineIndex]:
    """As :func:`parse_model`, also returning the line of each path for later checks."""
    data, lines = read_yaml(path)
    try:
        with no_cycle_collection():
            return model.model_validate(data), lines
    except ValidationError as exc:
        errors: list[DataError] = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            field = ".".join(str(part) for part in loc) or None
            where = Location(file=path, line=line_of(lines, loc), field=field)
            errors.append(DataError(_message(error), where))
        raise DataErrors(errors, heading) from None
