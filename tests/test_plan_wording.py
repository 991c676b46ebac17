"""What another plan's data says is what vanban says: the roster day of a deadline in the
next year, the deadline as the plan words it, a milestone year in the plan's level, and the
letters' copies (never to the consolidating agency itself)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import sample_consolidation

from generator.cli import cli
from generator.data.workspace import load_workspace

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "tinh-vi-du"

JANUARY_DEADLINE = """  han_don_vi_gui:
    ngay: 15
    thang: 1
    nam_sau: true
    truoc_ngay: false
  noi_nhan: "SKHCN"
  bao_cao_len: "Ủy ban nhân dân tỉnh"
  han_bao_cao_len:
    ngay: 25
    thang: 1
    nam_sau: true
    truoc_ngay: true
"""


def example_with(tmp_path: Path, edit) -> Path:
    root = tmp_path / "tinh-vi-du"
    shutil.copytree(EXAMPLE, root)
    plan = root / "ke-hoach.yaml"
    plan.write_text(edit(plan.read_text("utf-8")), "utf-8")
    return root


def january_deadline(roster: str):
    def edit(text: str) -> str:
        start = text.index("  han_don_vi_gui:")
        end = text.index("  ngay_xac_dinh_don_vi:", start)
        text = text[:start] + JANUARY_DEADLINE + text[end:]
        start = text.index("  ngay_xac_dinh_don_vi:")
        end = text.index("\n\n", start)
        return text[:start] + roster + text[end:]

    return edit


@pytest.mark.parametrize(
    ("roster", "day"),
    [
        ("  ngay_xac_dinh_don_vi:\n    ngay: 20\n    thang: 1", date(2026, 1, 20)),
        ("  ngay_xac_dinh_don_vi:\n    ngay: 30\n    thang: 9", date(2025, 9, 30)),
        (
            "  ngay_xac_dinh_don_vi:\n    ngay: 20\n    thang: 1\n    nam_sau: false",
            date(2025, 1, 20),
        ),
    ],
    ids=["thang-1-theo-han-nam-sau", "thang-9-trong-nam", "ghi-ro-nam-sau-false"],
)
def test_the_roster_day_follows_a_deadline_in_the_next_year(tmp_path, roster, day):
    workspace = load_workspace(example_with(tmp_path, january_deadline(roster)))
    assert workspace.deadline(2025) == date(2026, 1, 15)
    assert workspace.roster_date(2025) == day


def test_ke_hoach_says_a_deadline_in_the_next_year(tmp_path):
    root = example_with(
        tmp_path, january_deadline("  ngay_xac_dinh_don_vi:\n    ngay: 20\n    thang: 1")
    )
    result = CliRunner().invoke(cli, ["ke-hoach", "--inputs", str(root)])
    assert result.exit_code == 0, result.output
    assert "Chế độ báo cáo: hằng năm, chậm nhất ngày 15/1 năm sau, gửi" in result.output


def test_a_milestone_year_is_part_of_the_plan_level(tmp_path):
    root = example_with(
        tmp_path,
        lambda t: t.replace('        cach_ghi: "ít nhất 10 nhãn hiệu (đến năm 2025)"\n', ""),
    )
    milestone = load_workspace(root).plan.measures[0]
    assert milestone.planned == "ít nhất 10 nhãn hiệu đến năm 2025"


def test_a_letter_is_not_copied_to_the_agency_that_sends_it():
    from generator.consolidate import _letter_recipients

    c = sample_consolidation(2025)
    chi_cuc = next(s.agency for s in c.letter_recipients if s.agency.code == "CCQLTT")
    under_the_sender = chi_cuc.model_copy(update={"parent": c.plan.reporting.receiver})
    sender = c.workspace.registry.agency(c.plan.reporting.receiver).name
    assert not any(sender in name for name in _letter_recipients(c, under_the_sender))
    assert "Sở Công Thương (để biết)" in _letter_recipients(c, chi_cuc)


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('noi_nhan: "SKHCN"', 'noi_nhan: "SO-NGANH"', "«SO-NGANH» là mã một nhóm đơn vị"),
        ("ngay_ban_hanh: 2021-05-20", "ngay_ban_hanh: 2031-03-08", "sau giai đoạn 2021-2030"),
        ('  ma: "IV.5"\n  noi_dung:', '  ma: "IV.4.1"\n  noi_dung:', "mã «IV.4.1» bị trùng"),
        (
            'cach_ghi: "chậm nhất ngày 05 tháng 12"',
            'cach_ghi: "chậm nhất ngày 20 tháng 12"',
            "ghi ngày 20 tháng 12, khác ngay: 5, thang: 12",
        ),
        (
            "    ngay: 20\n    thang: 12\n    truoc_ngay: true",
            "    ngay: 1\n    thang: 12\n    truoc_ngay: true",
            "với báo cáo năm 2021, hạn báo cáo cấp trên (01/12/2021) trước hạn các đơn vị gửi báo "
            "cáo (05/12/2021)",
        ),
    ],
    ids=[
        "nhom-nhan-bao-cao",
        "ban-hanh-sau-giai-doan",
        "trung-ma-che-do-bao-cao",
        "cach-ghi-khac-ngay",
        "han-cap-tren-truoc",
    ],
)
def test_plan_mistakes_that_contradict_themselves_are_told(tmp_path, old, new, says):
    from generator.errors import DataErrors

    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    with pytest.raises(DataErrors) as refused:
        load_workspace(example_with(tmp_path, edit))
    assert says in str(refused.value), str(refused.value)


def test_a_thousands_dot_in_a_plan_level_is_refused_not_read_as_decimals(tmp_path):
    """«toi_thieu: 500.000» was read as 500: the target lowered a thousandfold."""
    from generator.errors import DataErrors

    def edit(text: str) -> str:
        assert "toi_thieu: 10\n" in text
        return text.replace("toi_thieu: 10\n", "toi_thieu: 10.000\n", 1)

    with pytest.raises(DataErrors) as refused:
        load_workspace(example_with(tmp_path, edit))
    assert "có dấu chấm (10): trong tệp này dấu chấm là dấu thập phân" in str(refused.value)


NO_MEMBER = (
    '  - ma: NHOM-RONG\n    ten: "Các hợp tác xã"\n    gom_loai: [hop-tac-xa]\n\ndon_vi:',
    '  - ma: hop-tac-xa\n    ten: "Hợp tác xã"\n    ten_nhom: "Các hợp tác xã"\n'
    "    chinh_quyen_dia_phuong: false\n\nnhom:",
)
ENDED = (
    '  - ma: SO-KHONG\n    ten: "Sở Không Còn"\n    ten_ngan: "Sở Không Còn"\n    loai: so\n'
    '    chuc_danh_thu_truong: "Giám đốc"\n    den_ngay: 2024-12-31\n'
)


def _led_by_nobody(tmp_path: Path, how: str) -> Path:
    """The example plan with task IV.4.1 led by a group without members in 2025, or by an
    agency that ended in 2024 without a successor."""
    lead = "NHOM-RONG" if how == "nhom-rong" else "SO-KHONG"
    root = example_with(tmp_path, lambda t: t.replace("chu_tri: [CAP-XA]", f"chu_tri: [{lead}]"))
    registry = root / "don-vi.yaml"
    text = registry.read_text("utf-8")
    if how == "nhom-rong":
        group, kind = NO_MEMBER
        text = text.replace("\ndon_vi:", "\n" + group, 1).replace("\nnhom:", "\n" + kind, 1)
    else:
        text = text.rstrip("\n") + "\n" + ENDED
    registry.write_text(text, "utf-8")
    (root / "2025").mkdir(exist_ok=True)
    return root


@pytest.mark.parametrize("how", ["nhom-rong", "don-vi-da-ket-thuc"])
@pytest.mark.parametrize("command", ["don-vi", "validate"])
def test_a_task_nobody_leads_in_a_year_is_told(tmp_path, how, command):
    """Nobody is asked to report such a task: it vanished from the report without a word."""
    root = _led_by_nobody(tmp_path, how)
    result = CliRunner().invoke(cli, [command, "--year", "2025", "--inputs", str(root)])
    assert "Lưu ý: 1 nhiệm vụ không có đơn vị chủ trì trong năm 2025" in result.output
    assert "IV.4.1" in result.output.rsplit("Lưu ý:", 1)[1]


@pytest.mark.parametrize(
    ("before", "day"), [(True, date(2025, 11, 24)), (False, date(2025, 11, 25))]
)
def test_documents_are_dated_by_the_last_day_the_higher_deadline_allows(before, day):
    """«trước ngày 25/11» to the higher body: the report is signed by the 24th, and the
    letters' replies count from then."""
    from dataclasses import replace

    from generator.data.plan import Deadline

    c = sample_consolidation(2025)
    higher = Deadline.model_validate({"ngay": 25, "thang": 11, "truoc_ngay": before})
    reporting = c.plan.reporting.model_copy(update={"higher_deadline": higher})
    plan = c.plan.model_copy(update={"reporting": reporting})
    c = replace(c, workspace=replace(c.workspace, plan=plan))
    assert c.cutoff < day
    assert c.document_day == day


def test_a_percentage_given_in_the_history_is_told_to_be_given_by_its_two_figures(tmp_path):
    from generator.consolidate import load_history
    from generator.errors import DataErrors

    root = example_with(tmp_path, lambda text: text)
    history = root / "so-lieu-cac-nam-truoc.yaml"
    text = history.read_text("utf-8")
    history.write_text(text.replace("    CT-TL-TU: 1\n", "    CT-TL: 10\n", 1), "utf-8")
    plan = load_workspace(root).plan
    with pytest.raises(DataErrors) as caught:
        load_history(history, plan)
    message = caught.value.message()
    assert "«CT-TL» là chỉ tiêu tỷ lệ, tính từ hai số liệu: ghi số liệu «CT-TL-TU»" in message
    assert "không có trong kế hoạch" not in message


def test_a_figure_placeholder_in_a_target_wording_is_refused(tmp_path):
    """«tiến hành {so} cuộc» on a target was printed as it is in the report's «Kế hoạch»."""
    from generator.errors import DataErrors

    root = example_with(
        tmp_path,
        lambda text: text.replace(
            '        pham_vi: "nam"\n',
            '        pham_vi: "nam"\n        cach_ghi: "tiến hành {so} cuộc"\n',
            1,
        ),
    )
    with pytest.raises(DataErrors, match="không có chỗ «\\{so\\}»"):
        load_workspace(root)
