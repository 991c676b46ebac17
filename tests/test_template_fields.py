"""The fields a template asks of its facts are checked against the facts' models, in every
branch: a misspelled field in a branch no document takes this year stops generate now,
not the year an agency takes it."""

from __future__ import annotations

import jinja2
import pytest

from generator.documents.context import LetterContext, ReportContext
from generator.documents.template_fields import unknown_fields

ENV = jinja2.Environment()


def unknown(source: str, model=LetterContext) -> list[str]:
    return [u.path for u in unknown_fields(ENV.parse(source), model)]


@pytest.mark.parametrize(
    "source, path",
    [
        ("{% if stays %}{{ agency.nmae }}{% endif %}", "agency.nmae"),
        ("{{ header.signer.nam }}", "header.signer.nam"),
        ("{% for t in tasks if t.lead %}{{ t.citaton.point }}{% endfor %}", "t.citaton"),
        ("{% for t in unfinished | selectattr('lead') %}{{ t.xx }}{% endfor %}", "t.xx"),
        ("{{ agency['nmae'] }}", "agency.nmae"),
        ("{% set dv = agency %}{{ dv.nmae }}", "dv.nmae"),
        ("{{ (tasks | first).txet }}", "(tasks | first).txet"),
        ("{% for t in tasks %}{% set c = t.citation %}{{ c.pointt }}{% endfor %}", "c.pointt"),
    ],
)
def test_a_misspelled_field_is_found_in_any_branch(source: str, path: str) -> None:
    assert unknown(source) == [path]


@pytest.mark.parametrize(
    "source",
    [
        "{{ agency.name }}{{ loop.index }}{{ header.signer.authority_lines[0] }}",
        "{% for g in tasks | groupby('leads') %}{{ g.grouper }}{{ g.list }}{% endfor %}",
        "{% set n = namespace(k=0) %}{{ n.k }}",
        "{% for k, v in {'a': 1}.items() %}{{ v.anything }}{% endfor %}",
        "{% if x %}{% set a = agency %}{% else %}{% set a = 'Quý cơ quan' %}{% endif %}",
    ],
)
def test_what_a_template_may_write_is_not_refused(source: str) -> None:
    assert unknown(source) == []


def test_a_dict_of_sections_reads_its_keys_as_the_clerk_writes_them() -> None:
    assert unknown("{{ assessment.uu_diem.paragraphs }}", ReportContext) == []
    assert unknown("{{ assessment['ton_tai'].bogus }}", ReportContext) == ["assessment[…].bogus"]
