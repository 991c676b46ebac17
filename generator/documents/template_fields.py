"""The fields a template names, checked against the model of its facts before rendering.

Jinja looks an attribute up only when its branch runs: ``{{ agency.nmae }}`` in a branch no
agency takes this year renders nothing wrong, and stops ``generate`` the year one does. The
template's tree is walked with the type of each name (the context model's fields, a loop
variable the items of the list it runs over), and every attribute asked of a model must be
one of its fields or properties.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from types import UnionType
from typing import Any

from jinja2 import nodes
from pydantic import BaseModel

# Filters that give back the list they are given (its items keep their type).
_SAME_LIST = frozenset({"selectattr", "rejectattr", "select", "reject", "sort", "unique", "list"})
_Scope = dict[str, Any]  # name -> its annotation (None: unknown, not checked)


@dataclass(frozen=True)
class UnknownField:
    path: str  # «agency.nmae»
    lineno: int


def unknown_fields(tree: nodes.Template, model: type[BaseModel]) -> list[UnknownField]:
    """Attributes the template asks of a model that has no such field, each once."""
    scope: _Scope = {name: field.annotation for name, field in model.model_fields.items()}
    found: dict[str, UnknownField] = {}
    for unknown in _walk(tree, scope):
        found.setdefault(unknown.path, unknown)
    return list(found.values())


def _walk(node: nodes.Node, scope: _Scope) -> Iterator[UnknownField]:
    if isinstance(node, nodes.For):
        yield from _expression(node.iter, scope)
        inner = dict(scope)
        _bind(node.target, _item_of(_type_of(node.iter, scope)), inner)
        for child in (node.test, *node.body):
            if child is not None:
                yield from _walk(child, inner)
        for child in node.else_:
            yield from _walk(child, scope)
        return
    if isinstance(node, nodes.Assign):  # {% set dv = agency %}: dv is an agency
        yield from _expression(node.node, scope)
        _bind(node.target, _type_of(node.node, scope), scope)
        return
    if isinstance(node, nodes.AssignBlock):
        _bind(node.target, None, scope)
    if isinstance(node, nodes.Expr):
        yield from _expression(node, scope)
        return
    for child in node.iter_child_nodes():
        yield from _walk(child, scope)


def _bind(target: nodes.Node, annotation: Any, scope: _Scope) -> None:
    """``target`` takes ``annotation``; the names of a tuple target («k, v») are untyped."""
    if isinstance(target, nodes.Name):
        scope[target.name] = annotation
        return
    for name in target.find_all(nodes.Name):
        scope[name.name] = None


def _expression(node: nodes.Node, scope: _Scope) -> Iterator[UnknownField]:
    """Every attribute chain in an expression, checked from its innermost name out."""
    attribute = _attribute(node)
    if attribute is not None:
        model = _model_of(_type_of(node.node, scope))
        if model is not None and not _has(model, attribute):
            yield UnknownField(f"{_path(node.node)}.{attribute}", node.lineno)
    for child in node.iter_child_nodes():
        yield from _expression(child, scope)


def _attribute(node: nodes.Node) -> str | None:
    """The field ``node`` reads by name: «agency.name» or «agency['name']»."""
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return node.arg.value if isinstance(node.arg.value, str) else None
    return None


def _type_of(node: nodes.Node, scope: _Scope) -> Any:
    if isinstance(node, nodes.Name):
        return scope.get(node.name)
    attribute = _attribute(node)
    if attribute is not None:
        base = _type_of(node.node, scope)  # type: ignore[attr-defined]
        model = _model_of(base)
        if model is not None:
            field = model.model_fields.get(attribute)
            return field.annotation if field is not None else None
        return _value_of(base)  # a dict's key read as an attribute
    if isinstance(node, nodes.Getitem):
        return _item_of(_type_of(node.node, scope)) or _value_of(_type_of(node.node, scope))
    if isinstance(node, nodes.Filter) and node.node is not None:
        if node.name in _SAME_LIST:
            return _type_of(node.node, scope)
        if node.name in ("first", "last"):
            return _item_of(_type_of(node.node, scope))
    return None


def _has(model: type[BaseModel], name: str) -> bool:
    return name in model.model_fields or name in model.model_computed_fields or hasattr(model, name)


def _without_none(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is UnionType:
        kept = [a for a in typing.get_args(annotation) if a is not type(None)]
        return kept[0] if len(kept) == 1 else None
    return annotation


def _model_of(annotation: Any) -> type[BaseModel] | None:
    annotation = _without_none(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _item_of(annotation: Any) -> Any:
    annotation = _without_none(annotation)
    if typing.get_origin(annotation) in (list, tuple):
        arguments = typing.get_args(annotation)
        return arguments[0] if arguments else None
    return None


def _value_of(annotation: Any) -> Any:
    annotation = _without_none(annotation)
    if typing.get_origin(annotation) is dict:
        arguments = typing.get_args(annotation)
        return arguments[1] if len(arguments) == 2 else None
    return None


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_path(node.node)}[…]"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"({_path(node.node)} | {node.name})"
    return "…"
