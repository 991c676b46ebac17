"""What a clerk editing a Word template may write in it, and a check of an edited template.

``vanban mau-van-ban`` prints, in Vietnamese, every variable and filter each template may
use (from the field descriptions of :mod:`generator.documents.context` and the docstrings
of :mod:`generator.documents.filters`), and checks a template a clerk changed: Jinja syntax,
variables the data does not have, and, rendered with real data, the decree's layout.
"""

from __future__ import annotations

import io
import re
import tempfile
import typing
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.data.plan import Plan
from generator.documents.context import LetterContext, ReminderContext, ReportContext
from generator.documents.filters import FILTERS, trich_dan, trich_dan_gop, van_ban_ngan
from generator.documents.render import CompiledTemplate, run_text
from generator.errors import Location, TemplateError

# The templates, what each is for, and the model of the facts it receives.
TEMPLATES: dict[str, tuple[str, type[BaseModel]]] = {
    "bao-cao-tong-hop.docx": ("báo cáo tổng hợp gửi cơ quan cấp trên", ReportContext),
    "cong-van.docx": ("công văn gửi từng cơ quan, đơn vị", LetterContext),
    "cong-van-don-doc.docx": ("công văn đôn đốc đơn vị chưa gửi báo cáo", ReminderContext),
}


def _feedback_model() -> type[BaseModel]:
    from generator.feedback import FeedbackLetterContext

    return FeedbackLetterContext


FEEDBACK_TEMPLATE = "cong-van-sua-phieu.docx"


def template_kind(name: str) -> str:
    """Which template a file is, by its name: a copy kept aside («cong-van - Copy.docx»,
    «Cong-Van (2).docx») is the template whose name it starts with (the longest such)."""
    stem = name.casefold().removesuffix(".docx")
    known = sorted([*TEMPLATES, FEEDBACK_TEMPLATE], key=len, reverse=True)
    found = next((k for k in known if stem.startswith(k.removesuffix(".docx"))), None)
    if found is None:
        template_model(name)  # raises, naming the templates there are
    return found or name


def template_model(name: str) -> tuple[str, type[BaseModel]]:
    """What the template named ``name`` is for and the model of its facts."""
    if name == FEEDBACK_TEMPLATE:
        return "công văn đề nghị đơn vị sửa phiếu báo cáo", _feedback_model()
    if name not in TEMPLATES:
        known = ", ".join([*TEMPLATES, FEEDBACK_TEMPLATE])
        raise TemplateError(
            f"không biết mẫu «{name}»: tên tệp mẫu phải là một trong {known}",
            Location(file=Path(name)),
        )
    return TEMPLATES[name]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``X``, ``list[X]``, ``X | None`` or ``dict[str, X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _list_depth(annotation: Any) -> int:
    """How many lists ``annotation`` nests: 1 for list[X], 2 for list[list[X]]."""
    if typing.get_origin(annotation) is list:
        return 1 + max((_list_depth(a) for a in typing.get_args(annotation)), default=0)
    return max((_list_depth(a) for a in typing.get_args(annotation)), default=0)


def _may_be_empty(annotation: Any) -> bool:
    return type(None) in typing.get_args(annotation)


def variables(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(name as the template writes it, description) for every field, nested ones included,
    and the values computed from them (``header.issuing_rule_mm``)."""
    for name, field in model.model_fields.items():
        shown = f"{prefix}{name}"
        inner = _inner_model(field.annotation)
        depth = _list_depth(field.annotation)
        description = field.description or ""
        if depth:
            description = f"danh sách; {description}" if description else "danh sách"
        elif inner is not None and _may_be_empty(field.annotation) and "rỗng" not in description:
            description = f"{description} (có thể rỗng: dùng trong {{% if {shown} %}})".strip()
        yield shown, description
        if inner is not None:
            child = f"{shown}{''.join(f'[{i}]' for i in 'ijk'[:depth])}."
            if typing.get_origin(field.annotation) is dict:
                child = f"{shown}.<mục>."
            yield from variables(inner, child)
    for name, computed in model.model_computed_fields.items():
        yield f"{prefix}{name}", computed.description or ""


def plan_examples(plan: Plan) -> dict[str, str]:
    """What the filters that write the plan's own words give for ``plan``, as examples."""
    from generator.consolidate import plan_facts, task_citation

    first, *others = plan.task_groups
    cited = [*first.tasks[:2], *(group.tasks[0] for group in others[:1])]
    citations = [task_citation(plan, task.code).model_dump() for task in cited]
    return {
        "trich_dan_gop": trich_dan_gop(citations),
        "trich_dan": trich_dan(citations[0]),
        "van_ban_ngan": van_ban_ngan(plan_facts(plan).document.model_dump()),
    }


def describe_templates(plan: Plan | None = None) -> str:
    """The clerk's guide: every template's variables, then the filters, with examples from
    ``plan`` (the workspace's) where a filter writes the plan's words."""
    lines = [
        "Các mẫu văn bản dùng cú pháp Jinja trong Word: {{ biến }} để ghi một dữ kiện, "
        "{%p if … %} … {%p endif %} và {%p for … %} … {%p endfor %} (mỗi thẻ một đoạn riêng) "
        "để viết có điều kiện hoặc lặp lại một đoạn, {%tr for … %} để lặp một dòng bảng, "
        "{{ biến | bộ_lọc }} để định dạng.",
        "",
    ]
    models = {**TEMPLATES, "cong-van-sua-phieu.docx": template_model("cong-van-sua-phieu.docx")}
    for name, (purpose, model) in models.items():
        lines.append(f"Mẫu {name} ({purpose}):")
        lines += [f"  {var}: {text}" if text else f"  {var}" for var, text in variables(model)]
        lines.append("")
    lines.append("Bộ lọc:")
    examples = plan_examples(plan) if plan is not None else {}
    for name, function in FILTERS.items():
        # the docstring's first paragraph, whole: its first line stopped mid-sentence
        first = (function.__doc__ or "").strip().split("\n\n")[0]
        line = f"  {name}: {' '.join(first.split()).replace('``', '')}"
        if examples.get(name):
            line += f" Theo kế hoạch đang dùng: «{examples[name]}»."
        lines.append(line)
    return "\n".join(lines)


def _top_names(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def field_problems(compiled: CompiledTemplate, kind: str) -> list[str]:
    """Fields the template asks of its facts that do not exist («agency.nmae»), in any
    branch, each with its paragraph."""
    from generator.documents.render import paragraph_at
    from generator.documents.template_fields import unknown_fields

    _, model = template_model(kind)
    return [
        f"mẫu dùng trường «{unknown.path}» mà dữ liệu không có (đoạn "
        f"«{paragraph_at(lined, unknown.lineno)}»): kiểm tra chính tả; danh sách biến: lệnh "
        "«vanban mau-van-ban»"
        for _, lined, tree in compiled.parsed_parts()
        for unknown in unknown_fields(tree, model)
    ]


def load_checked(path: Path, kind: str) -> CompiledTemplate:
    """The template at ``path`` compiled, refused (TemplateError) when it asks its facts for
    a field they do not have, whichever branch it stands in."""
    compiled = CompiledTemplate.load(path)
    problems = field_problems(compiled, kind)
    if problems:
        raise TemplateError(problems[0][:1].upper() + problems[0][1:] + ".", Location(file=path))
    return compiled


def check_template(
    path: Path,
    contexts: Sequence[BaseModel | Mapping[str, Any]] = (),
    kind: str | None = None,
) -> list[str]:
    """Problems of an edited template, each a Vietnamese sentence (empty: the template is
    fine). Jinja syntax errors name the paragraph (raised as TemplateError by the loader);
    the template is also rendered with each of ``contexts`` (every letter takes its own
    branches: an error may stand in one only), and the first result is checked against the
    decree. ``kind``: which template it is (default: by its file name).
    """
    kind = kind or template_kind(path.name)
    _, model = template_model(kind)
    compiled = CompiledTemplate.load(path)  # syntax errors: TemplateError with the paragraph
    unknown = sorted(compiled.variables - _top_names(model) - set(FILTERS))
    problems = [
        f"mẫu dùng biến «{name}» mà dữ liệu không có (xem danh sách biến: vanban mau-van-ban)"
        for name in unknown
    ] + field_problems(compiled, kind)
    if problems or not contexts:
        return problems
    leftover = None
    layout: dict[str, str] = {}  # each rule once, by its title: every letter takes its branches
    shapes: set[bytes] = set()
    meant = _written_braces(path)
    for context in contexts:
        data = compiled.render(context)
        xml = _document_xml(data)
        text = run_text(xml.decode("utf-8"))
        for literal in meant:
            text = text.replace(literal, "")
        leftover = leftover or _LEFTOVER_BRACES.search(text)
        # the formatting of its paragraphs and runs, in order: two letters of one shape take
        # the same branches of the template (their texts differ), and have the same layout
        shape = b"".join(_PARAGRAPH_PROPERTIES.findall(xml))
        if shape in shapes:
            continue
        shapes.add(shape)
        for title, problem in _layout_findings(kind, data):
            layout.setdefault(title, f"{NOT_LAID_OUT}: {problem}")
    if leftover:
        problems.append(
            f"văn bản điền từ mẫu còn «{leftover[0]}»: dấu ngoặc của thẻ bị tách (gõ liền «{{{{» "
            "và «}}»), hoặc xóa đi"
        )
    return problems + list(layout.values())


_PARAGRAPH_PROPERTIES = re.compile(rb"<w:pPr>.*?</w:pPr>|<w:rPr>.*?</w:rPr>", re.DOTALL)


# «{ { agency.name } }»: a tag Word's autocorrect or a stray space broke, printed as text.
_LEFTOVER_BRACES = re.compile(r"\{\s*[{%].{0,60}?[%}]\s*\}|\{\{|\}\}")


_ESCAPED_BRACES = re.compile(r"\{_([{%])(.*?)([%}])_\}", re.DOTALL)


def _written_braces(path: Path) -> list[str]:
    """The braces a template writes as text on purpose (docxtpl's «{_{ … }_}»), as they
    appear in its documents: not a tag left broken."""
    with zipfile.ZipFile(path) as archive:
        text = run_text(archive.read("word/document.xml").decode("utf-8"))
    return ["{" + m[1] + m[2] + m[3] + "}" for m in _ESCAPED_BRACES.finditer(text)]


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


NOT_LAID_OUT = "văn bản điền từ mẫu chưa đạt thể thức"


def _layout_findings(name: str, data: bytes) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        rendered = Path(folder) / name
        rendered.write_bytes(io.BytesIO(data).getvalue())
        return layout_findings(rendered)


def layout_findings(document: Path) -> list[tuple[str, str]]:
    """What a document rendered from a template breaks of the decree's layout: (the rule's
    title, «title: what is found») for each rule of severity «lỗi» of ``vanban check``."""
    from generator.check.conformance import check_docx

    return [
        (finding.title, f"{finding.title}: {finding.found}")
        for finding in check_docx(document)
        if not finding.passed and finding.severity == "lỗi"
    ]
