"""The shipped plan data (inputs/ke-hoach.yaml) encodes Kế hoạch 65/KH-UBND completely and verbatim."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from generator.data.plan import Plan, Scope, load_plan
from generator.data.registry import load_registry
from generator.data.yamldata import parse_model

ROOT = Path(__file__).resolve().parents[1]
PLAN_FILE = ROOT / "inputs" / "ke-hoach.yaml"
REGISTRY_FILE = ROOT / "inputs" / "don-vi.yaml"
SEED_FILE = ROOT.parent / "shared" / "seed" / "ke-hoach-65-KH-UBND-son-la-2021.txt"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return parse_model(Plan, PLAN_FILE, "Kế hoạch không hợp lệ:")


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED_FILE.exists():
        pytest.skip(f"không có bản gốc Kế hoạch để đối chiếu: {SEED_FILE}")
    raw = SEED_FILE.read_text(encoding="utf-8")
    # The seed marks italics with asterisks inside parentheses, "(*Để báo cáo*)": not text.
    return _collapse(raw.replace("(*", "(").replace("*)", ")"))


def test_metadata(plan: Plan) -> None:
    assert plan.code == "KH-65-2021"
    assert plan.number_symbol == "65/KH-UBND"
    assert plan.issued_on == date(2021, 3, 14)
    assert plan.implements[0].number_symbol == "1068/QĐ-TTg"
    assert plan.implements[0].issued_on == date(2019, 8, 22)
    assert list(plan.period.years()) == [2021, 2022, 2023, 2024, 2025]
    assert plan.signer.authority_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert plan.signer.name == "Phạm Văn Thuỷ"
    assert plan.recipients[0] == "Bộ Khoa học và Công nghệ (Để báo cáo)"
    assert plan.recipients[-1] == "Lưu: VT, KGVX"
    assert len(plan.recipients) == 9
    assert all(not r.startswith("-") and not r.endswith((";", ".")) for r in plan.recipients)


def test_work_areas_and_their_items(plan: Plan) -> None:
    counts = {area.code: len(area.items) for area in plan.areas}
    assert counts == {
        "III.1": 2,
        "III.2": 4,
        "III.3": 4,
        "III.4": 4,
        "III.5": 7,
        "III.6": 5,
        "III.7": 4,
        "III.8": 2,
        "III.9": 2,
    }
    assert [area.number for area in plan.areas] == list(range(1, 10))
    area5 = plan.areas[4]
    assert [(item.code, item.letter) for item in area5.items][4:] == [
        ("III.5.dd", "đ"),
        ("III.5.e", "e"),
        ("III.5.g", "g"),
    ]


def test_targets_and_measures(plan: Plan) -> None:
    assert [t.code for t in plan.targets] == [
        "II.2.a",
        "II.2.b",
        "II.2.c",
        "II.2.d",
        "II.2.dd",
        "II.2.e",
    ]
    measures = {m.code: (m.minimum, m.maximum, m.scope, m.unit) for m in plan.measures}
    period, per_year = Scope.PERIOD, Scope.PER_YEAR
    assert measures == {
        "CT-A": (1, 2, period, "sáng chế, giải pháp hữu ích"),
        "CT-B1": (1, 2, per_year, "đơn"),
        "CT-B2": (1, 2, period, "sáng chế, giải pháp hữu ích"),
        "CT-C1": (2, 3, per_year, "đơn"),
        "CT-C2": (3, 5, period, "kiểu dáng công nghiệp"),
        "CT-D": (1, 2, period, "chỉ dẫn địa lý"),
        "CT-DD": (5, 10, period, "nhãn hiệu"),
        "CT-E": (3, 5, period, "nhãn hiệu"),
    }
    assert plan.measure("CT-B1").planned == "1 - 2 đơn/năm"
    assert [p.code for p in plan.other_goals] == ["II.3"]
    assert [p.code for p in plan.funding] == ["KP.1", "KP.2"]


def test_task_groups(plan: Plan) -> None:
    counts = {g.code: len(g.tasks) for g in plan.task_groups}
    assert counts == {
        "IV.1": 3,
        "IV.2": 6,
        "IV.3": 5,
        "IV.4": 4,
        "IV.5": 1,
        "IV.6": 1,
        "IV.7": 1,
        "IV.8": 3,
    }
    leads = {g.code: g.leads for g in plan.task_groups}
    assert leads["IV.1"] == ["SKHCN"] and leads["IV.8"] == ["TAT-CA"]
    area3 = {t.code: t for t in plan.task_groups[2].tasks}
    assert area3["IV.3.d"].letter == area3["IV.3.d2"].letter == "d"
    assert "giống cây trồng và tài sản trí tuệ" in area3["IV.3.d2"].text
    assert area3["IV.3.b"].partners == ["SKHCN", "DIA-PHUONG"]
    unlettered = [t.code for t in plan.tasks if t.letter == ""]
    assert unlettered == ["IV.5.1", "IV.6.1", "IV.7.1"]
    assert plan.group_of("IV.2.dd").code == "IV.2"


def test_task_areas_refer_to_section_three(plan: Plan) -> None:
    area_codes = {area.code for area in plan.areas}
    for task in plan.tasks:
        assert set(task.areas) <= area_codes, task.code


def test_reporting_rule(plan: Plan) -> None:
    assert plan.reporting.deadline(2024) == date(2024, 11, 10)
    assert plan.reporting.receiver == "SKHCN"


def test_every_code_is_unique(plan: Plan) -> None:
    codes = [goal.code for goal in plan.general_goals]
    codes += [target.code for target in plan.targets] + [m.code for m in plan.measures]
    codes += [p.code for p in (*plan.other_goals, *plan.funding)]
    for area in plan.areas:
        codes += [area.code, *(item.code for item in area.items)]
    for group in plan.task_groups:
        codes += [group.code, *(task.code for task in group.tasks)]
    codes.append(plan.reporting.code)
    assert len(codes) == 6 + 4 + 8 + 3 + 9 + 34 + 8 + 24 + 1
    assert len(codes) == len(set(codes))


def _quoted_texts(plan: Plan) -> list[str]:
    texts = [plan.subject, *plan.preamble, *plan.purposes, *plan.requirements, *plan.closing]
    texts += [goal.text for goal in plan.general_goals]
    texts += [target.text for target in plan.targets]
    texts += [p.text for p in (*plan.other_goals, *plan.funding)]
    for area in plan.areas:
        texts += [area.title, *(item.text for item in area.items)]
    for group in plan.task_groups:
        texts += [group.heading, *(task.text for task in group.tasks)]
    texts += [plan.reporting.text, *plan.recipients]
    return texts


def test_every_quoted_text_is_verbatim_in_the_seed(plan: Plan, seed_text: str) -> None:
    missing = [text for text in _quoted_texts(plan) if _collapse(text) not in seed_text]
    assert missing == []


def test_a_changed_word_is_caught(plan: Plan, seed_text: str) -> None:
    """Guard the guard: the seed comparison rejects a silently corrected slip."""
    slip = plan.areas[4].items[-1].text
    assert "có thể mạnh" in slip
    assert _collapse(slip.replace("thể mạnh", "thế mạnh")) not in seed_text


def test_full_load_against_the_registry() -> None:
    if not REGISTRY_FILE.exists():
        pytest.skip(f"chưa có danh mục đơn vị: {REGISTRY_FILE}")
    plan = load_plan(PLAN_FILE, load_registry(REGISTRY_FILE))
    assert len(plan.tasks) == 24
