"""Loading the plan and the registry: shipped data loads; broken data is refused clearly."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.data import yamldata
from generator.data.registry import load_registry
from generator.data.workspace import Role, load_workspace
from generator.errors import DataErrors, VanbanError

INPUTS = Path(__file__).resolve().parents[1] / "inputs"


@pytest.fixture
def workspace_copy(tmp_path: Path) -> Path:
    for name in ("ke-hoach.yaml", "don-vi.yaml"):
        shutil.copy(INPUTS / name, tmp_path / name)
    return tmp_path


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _agency(data: dict, code: str) -> dict:
    return next(entry for entry in data["don_vi"] if entry["ma"] == code)


def test_shipped_data_loads() -> None:
    workspace = load_workspace(INPUTS)
    assert workspace.plan.number_symbol == "65/KH-UBND"
    assert len(workspace.plan.areas) == 9


def test_successor_cycle_is_refused_naming_the_chain(workspace_copy: Path) -> None:
    registry = workspace_copy / "don-vi.yaml"

    def make_cycle(data: dict) -> None:
        _agency(data, "SNNMT").update(den_ngay=date(2026, 1, 1), ke_nhiem="SNNPTNT")

    _edit_yaml(registry, make_cycle)
    with pytest.raises(DataErrors) as caught:
        load_registry(registry)
    message = caught.value.message()
    assert "vòng lặp" in message
    assert "SNNPTNT → SNNMT → SNNPTNT" in message or "SNNMT → SNNPTNT → SNNMT" in message
    assert "don-vi.yaml" in message


@pytest.mark.parametrize(
    ("code", "field", "what"),
    [("STNMT", "ke_nhiem", "đơn vị kế nhiệm"), ("CCQLTT", "truc_thuoc", "đơn vị cấp trên")],
)
def test_an_unknown_reference_is_refused_with_line_and_field(
    workspace_copy: Path, code: str, field: str, what: str
) -> None:
    registry = workspace_copy / "don-vi.yaml"
    _edit_yaml(registry, lambda data: _agency(data, code).update({field: "SO-MA"}))
    with pytest.raises(DataErrors) as caught:
        load_registry(registry)
    message = caught.value.message()
    assert f"{what} «SO-MA» không có trong danh mục" in message
    assert "trường «don_vi." in message and f".{field}»" in message
    assert "dòng " in message


def test_task_for_unknown_agency_is_refused(workspace_copy: Path) -> None:
    plan = workspace_copy / "ke-hoach.yaml"
    _edit_yaml(plan, lambda data: data["to_chuc_thuc_hien"][1].update(chu_tri=["SO-KHONG-CO"]))
    with pytest.raises(DataErrors) as caught:
        load_workspace(workspace_copy)
    message = caught.value.message()
    assert "đơn vị chủ trì «SO-KHONG-CO» không có trong danh mục đơn vị" in message
    assert "trường «to_chuc_thuc_hien.1.chu_tri.0»" in message


def test_duplicated_task_id_is_refused(workspace_copy: Path) -> None:
    plan = workspace_copy / "ke-hoach.yaml"

    def duplicate(data: dict) -> None:
        tasks = data["to_chuc_thuc_hien"][0]["nhiem_vu"]
        tasks[1]["ma"] = tasks[0]["ma"]

    _edit_yaml(plan, duplicate)
    with pytest.raises(DataErrors) as caught:
        load_workspace(workspace_copy)
    assert "mã «IV.1.a» bị trùng" in caught.value.message()


def test_range_with_min_above_max_is_refused(workspace_copy: Path) -> None:
    plan = workspace_copy / "ke-hoach.yaml"
    _edit_yaml(plan, lambda d: d["muc_tieu_cu_the"][0]["chi_tieu"][0].update(toi_thieu=9))
    with pytest.raises(DataErrors) as caught:
        load_workspace(workspace_copy)
    message = caught.value.message()
    assert "tối thiểu (9) lớn hơn tối đa (2)" in message
    assert "muc_tieu_cu_the.0.chi_tieu.0" in message


def test_typo_in_a_key_is_refused(workspace_copy: Path) -> None:
    registry = workspace_copy / "don-vi.yaml"
    _edit_yaml(registry, lambda data: _agency(data, "SKHCN").update(ten_ngann="x"))
    with pytest.raises(DataErrors) as caught:
        load_registry(registry)
    assert "ten_ngann" in caught.value.message()
    assert "gõ sai tên trường" in caught.value.message()


def test_bad_date_and_duplicated_key_are_refused(workspace_copy: Path) -> None:
    registry = workspace_copy / "don-vi.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("den_ngay: 2025-02-28", "den_ngay: 2025-02-30", 1), "utf-8")
    with pytest.raises(VanbanError) as caught:
        load_registry(registry)
    assert "ngày «2025-02-30» không có thật" in caught.value.message()
    assert "dòng " in caught.value.message()
    registry.write_text(text + "\nnhom: []\n", encoding="utf-8")
    with pytest.raises(Exception) as caught_key:
        load_registry(registry)
    assert "khóa «nhom» bị lặp" in str(caught_key.value)


@pytest.mark.parametrize(
    ("typed", "decoded"),
    [("Së Néi vô", "«Së» là «Sở»"), ("Sôû Noäi vuï", "«Sôû» là «Sở»")],
)
def test_a_name_typed_in_a_legacy_encoding_is_refused_on_its_line(
    workspace_copy: Path, typed: str, decoded: str
) -> None:
    registry = workspace_copy / "don-vi.yaml"
    lines = registry.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.strip() == 'ten: "Sở Nội vụ"')
    lines[number] = lines[number].replace("Sở Nội vụ", typed)
    registry.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(VanbanError) as caught:
        load_registry(registry)
    message = caught.value.message()
    assert f"dòng {number + 1}:" in message
    assert decoded in message
    assert "bảng mã Unicode" in message


def _roles(workspace, code: str, year: int) -> dict[str, tuple[Role, str | None]]:
    return {
        a.task.code: (a.role, a.inherited_from.code if a.inherited_from else None)
        for a in workspace.tasks_of(code, year)
    }


def test_tasks_route_to_the_agency_itself_before_the_mergers() -> None:
    workspace = load_workspace(INPUTS)
    agriculture = _roles(workspace, "SNNPTNT", 2024)
    assert agriculture["IV.3.a"] == (Role.LEAD, None)
    assert agriculture["IV.3.d2"] == (Role.LEAD, None)
    assert agriculture["IV.8.a"] == (Role.LEAD, None)
    assert agriculture["IV.1.a"] == (Role.PARTNER, None)
    assert "SNNMT" not in workspace.assignments(2024)
    districts = [a for a in workspace.active(2024) if a.kind == "ubnd-huyen"]
    assert len(districts) >= 12
    assert _roles(workspace, districts[0].code, 2024)["IV.3.b"] == (Role.PARTNER, None)


def test_tasks_pass_to_successors_after_the_mergers() -> None:
    workspace = load_workspace(INPUTS)
    for year in (2025, 2026):
        day = workspace.deadline(year)
        merged = _roles(workspace, "SNNMT", year)
        assert merged["IV.3.a"] == (Role.LEAD, "SNNPTNT")
        assert merged["IV.3.c"] == (Role.LEAD, "SNNPTNT")
        assert "SNNPTNT" not in workspace.assignments(year)
        assert [a.code for a in workspace.registry.successor_on("CQLTT", day)] == ["CCQLTT"]
        assert _roles(workspace, "CCQLTT", year)["IV.7.1"] == (Role.LEAD, "CQLTT")
        communes = workspace.registry.members("CAP-XA", day)
        assert len(communes) == 75
        assert all(a.kind != "ubnd-huyen" for a in workspace.active(year))
        assert _roles(workspace, communes[0].code, year)["IV.3.d"] == (Role.PARTNER, None)


def test_every_active_agency_holds_the_tasks_of_group_8() -> None:
    workspace = load_workspace(INPUTS)
    group8 = {task.code for task in workspace.plan.task_groups[7].tasks}
    for year in (2021, 2024, 2025):
        for agency in workspace.active(year):
            held = {
                a.task.code for a in workspace.tasks_of(agency.code, year) if a.role is Role.LEAD
            }
            assert group8 <= held, (year, agency.code)


def test_a_task_is_held_once_by_an_agency_even_if_lead_and_partner() -> None:
    workspace = load_workspace(INPUTS)
    held = [a.task.code for a in workspace.tasks_of("SKHCN", 2025)]
    assert len(held) == len(set(held))
    assert _roles(workspace, "SKHCN", 2025)["IV.1.a"] == (Role.LEAD, None)


def test_nfd_text_in_the_data_is_read_as_nfc(workspace_copy: Path) -> None:
    import unicodedata

    registry = workspace_copy / "don-vi.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    loaded = load_registry(registry)
    name = loaded.agency("SKHCN").name
    assert name == "Sở Khoa học và Công nghệ"
    assert unicodedata.is_normalized("NFC", name)


# A hand-edited YAML file, broken the common ways: (text, line, column, Vietnamese words).
SYNTAX_MISTAKES = {
    "tab": ("nhom:\n\t- ma: A\n", 2, 1, "có ký tự Tab; YAML chỉ thụt lề bằng dấu cách"),
    "thieu-hai-cham": ("nhom: []\ndon_vi\nghi_chu: x\n", 2, 1, "thiếu dấu hai chấm «:»"),
    "thut-le": ("don_vi:\n  - ma: A\n   ten: B\n", 3, 4, "thụt lề không đúng"),
    "thut-le-truong": ("a:\n  b: 1\n c: 2\n", 3, 2, "thụt lề không đúng"),
    "nhay-chua-dong": ('ten: "Sở A\nma: B\n', 1, 6, "dấu nháy mở ở đây không được đóng"),
    "hai-cham-trong-gia-tri": ("ten: Sở A: phòng B\n", 1, 10, "dấu hai chấm «:» ở chỗ không"),
    "ngoac-chua-dong": ("nhom: [A, B\nma: C\n", 1, 7, "chưa được đóng bằng «]»"),
    "ky-tu-dau-gia-tri": ("ten: @A\n", 1, 6, "không được bắt đầu bằng ký tự «@»"),
}


@pytest.mark.parametrize("loader", ["libyaml", "python"])
@pytest.mark.parametrize("mistake", SYNTAX_MISTAKES, ids=list(SYNTAX_MISTAKES))
def test_yaml_syntax_errors_are_told_in_vietnamese_with_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mistake: str, loader: str
) -> None:
    if loader == "python":  # PyYAML's own parser (no libyaml) words its errors differently
        python_loader = type("PythonLoader", (yaml.SafeLoader,), {})
        python_loader.yaml_constructors = dict(yamldata._UniqueKeyLoader.yaml_constructors)
        monkeypatch.setattr(yamldata, "_UniqueKeyLoader", python_loader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")
    text, line, column, words = SYNTAX_MISTAKES[mistake]
    path = tmp_path / "don-vi.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VanbanError) as caught:
        yamldata.read_yaml(path)
    message = caught.value.message()
    assert message.startswith(f"tệp don-vi.yaml, dòng {line}: lỗi cú pháp YAML ở cột {column}: ")
    assert words in message
    assert not any(english in message for english in ("found", "expected", "while", "scanning"))


def test_a_duplicated_key_names_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.yaml"
    path.write_text("so: 1\nten: A\nso: 2\n", encoding="utf-8")
    with pytest.raises(VanbanError) as caught:
        yamldata.read_yaml(path)
    assert caught.value.message() == (
        "tệp ke-hoach.yaml, dòng 3: khóa «so» bị lặp (đã có ở dòng 1); "
        "xóa hoặc đổi tên một trong hai"
    )


@pytest.mark.parametrize("breakage", ["thu-muc", "lien-ket-vong"])
def test_a_data_file_that_cannot_be_read_is_told_in_vietnamese(workspace_copy: Path, breakage):
    """A folder named like the plan, or a link to itself: a Python traceback in English."""
    plan = workspace_copy / "ke-hoach.yaml"
    plan.unlink()
    if breakage == "thu-muc":
        plan.mkdir()
        says = "đây là một thư mục, không phải tệp dữ liệu"
    else:
        plan.symlink_to(plan)
        says = "không đọc được tệp (mã lỗi hệ thống"
    with pytest.raises(VanbanError) as refused:
        load_workspace(workspace_copy)
    assert says in str(refused.value) and "ke-hoach.yaml" in str(refused.value)


def test_a_data_file_saved_by_notepad_with_a_byte_order_mark_reads(workspace_copy: Path):
    plan = workspace_copy / "ke-hoach.yaml"
    plan.write_bytes(b"\xef\xbb\xbf" + plan.read_bytes().replace(b"\n", b"\r\n"))
    assert load_workspace(workspace_copy).plan.number == 65


def test_a_figure_with_a_thousands_dot_or_in_quotes_says_why_it_is_refused(tmp_path: Path):
    """«1.000» was told «phải là số nguyên; giá trị hiện có: «1»», «"2"» as «2»."""
    from click.testing import CliRunner

    from generator.cli import cli

    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    history = inputs / "so-lieu-cac-nam-truoc.yaml"
    text = history.read_text("utf-8")
    text = text.replace("    CT-B1: 1     #", "    CT-B1: 1.000 #", 1)
    text = text.replace("    CT-C1: 2     #", '    CT-C1: "2"   #', 1)
    history.write_text(text, "utf-8")
    result = CliRunner().invoke(cli, ["validate", "--year", "2025", "--inputs", str(inputs)])
    assert "«1» (có dấu chấm: trong tệp này dấu chấm là dấu thập phân" in result.output
    assert "«2» (số đặt trong dấu nháy là chữ: bỏ dấu nháy)" in result.output


@pytest.mark.parametrize("typed", ["1:00", "1_0", "12:30"])
def test_a_figure_yaml_would_read_as_another_number_is_refused(tmp_path: Path, typed: str):
    """«1:00» was read as 60 (YAML 1.1's base 60) and «1_0» as 10: a 2022 figure typed so
    turned a target «Chưa đạt» into «Đạt» with nothing said (a hostile tester)."""
    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root)
    history = root / "so-lieu-cac-nam-truoc.yaml"
    text = history.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip().startswith("CT-C1:"))
    history.write_text(text.replace(line, line.split(":")[0] + f": {typed}", 1), encoding="utf-8")
    from click.testing import CliRunner

    from generator.cli import cli

    arguments = ["generate", "--inputs", str(root), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code != 0
    assert f"số «{typed}» có dấu «:» hoặc «_» giữa các chữ số" in result.output
    assert "so-lieu-cac-nam-truoc.yaml, dòng" in result.output
    assert not (tmp_path / "o").exists()


def test_an_earlier_figure_past_the_forms_limit_is_refused(tmp_path: Path):
    from generator.consolidate import load_history

    history = tmp_path / "so-lieu-cac-nam-truoc.yaml"
    text = (INPUTS / history.name).read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip().startswith("CT-C1:"))
    history.write_text(text.replace(line, line.split(":")[0] + ": 1000000000000000", 1), "utf-8")
    with pytest.raises(DataErrors, match=r"số 1\.000\.000\.000\.000\.000 quá lớn"):
        load_history(history, load_workspace(INPUTS).plan)


def test_a_lead_beside_the_department_merged_into_it_holds_the_task_as_its_own(tmp_path: Path):
    """A task led by «Sở Kế hoạch và Đầu tư, Sở Tài chính»: after the merger the letter to
    Sở Tài chính said «(nhiệm vụ tiếp nhận từ Sở Kế hoạch và Đầu tư)» of a task it led."""
    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root)
    plan = root / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count("    chu_tri: [STC]\n") == 1
    plan.write_text(text.replace("    chu_tri: [STC]\n", "    chu_tri: [SKHDT, STC]\n"), "utf-8")
    workspace = load_workspace(root)
    held = [a for a in workspace.tasks_of("STC", 2025) if a.role is Role.LEAD]
    assert held and all(a.inherited_from is None for a in held)
    assert [a for a in workspace.tasks_of("SKHDT", 2024) if a.role is Role.LEAD]


def test_a_list_where_one_value_is_expected_is_told_as_yaml_writes_it(tmp_path: Path):
    """«ke_nhiem: [XA-A, XA-B]» was told «giá trị hiện có: «['XA-A', 'XA-B']»», Python's list."""
    root = tmp_path / "inputs"
    shutil.copytree(INPUTS, root)
    registry = root / "don-vi.yaml"
    text = registry.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip().startswith("ke_nhiem:"))
    indent = line[: len(line) - len(line.lstrip())]
    registry.write_text(text.replace(line, f"{indent}ke_nhiem: [SCT, STC]", 1), "utf-8")
    with pytest.raises(DataErrors) as refused:
        load_workspace(root)
    message = str(refused.value)
    assert "giá trị hiện có: «[SCT, STC]» (một danh sách: ở đây chỉ ghi một giá trị)" in message
    assert "['" not in message
