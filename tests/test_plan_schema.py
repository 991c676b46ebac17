"""The plan and registry schema beyond Sơn La's plan: every level, kind and date a real plan
sets, and a Vietnamese message with file, line and field for each new field done wrong."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.data.plan import Bound, Deadline, Measure, ReplyPeriod
from generator.data.workspace import load_workspace
from generator.errors import DataError, DataErrors

INPUTS = Path(__file__).resolve().parents[1] / "inputs"


def measure(**fields: object) -> Measure:
    base = {"ma": "CT", "ten": "Số nhãn hiệu", "don_vi_tinh": "nhãn hiệu", "pham_vi": "giai-doan"}
    return Measure.model_validate(base | fields)


@pytest.mark.parametrize(
    ("fields", "planned", "bound"),
    [
        ({"toi_thieu": 5}, "ít nhất 5 nhãn hiệu", Bound.MINIMUM),
        ({"toi_da": 3}, "không quá 3 nhãn hiệu", Bound.MAXIMUM),
        ({"toi_thieu": 1, "toi_da": 2, "pham_vi": "nam"}, "1 - 2 nhãn hiệu/năm", Bound.RANGE),
        ({"bang": 5}, "5 nhãn hiệu", Bound.EXACT),
        ({"toi_thieu": 5, "cach_ghi": "tối thiểu 05 nhãn hiệu"}, "tối thiểu 05 nhãn hiệu", None),
        (
            {"toi_thieu": 1_500_000_000, "loai": "kinh-phi", "don_vi_tinh": "đồng"},
            "ít nhất 1.500.000.000 đồng",
            Bound.MINIMUM,
        ),
    ],
)
def test_planned_is_printed_as_the_plan_says_it(
    fields: dict, planned: str, bound: Bound | None
) -> None:
    m = measure(**fields)
    assert m.planned == planned
    assert "5 - 5" not in m.planned
    if bound is not None:
        assert m.bound is bound


def test_a_percentage_asks_for_two_whole_numbers() -> None:
    numerator = {"ma": "CT-TU", "ten": "Số sản phẩm được hỗ trợ", "don_vi_tinh": "sản phẩm"}
    denominator = {"ma": "CT-MAU", "ten": "Số sản phẩm chủ lực", "don_vi_tinh": "sản phẩm"}
    base = {"ma": "CT", "ten": "Tỷ lệ sản phẩm chủ lực được hỗ trợ", "pham_vi": "giai-doan"}
    ratio = {"loai": "ty-le", "toi_thieu": 30, "tu_so": numerator, "mau_so": denominator}
    m = Measure.model_validate(base | ratio)
    assert m.planned == "ít nhất 30%"
    assert [(q.code, q.unit) for q in m.quantities] == [
        ("CT-TU", "sản phẩm"),
        ("CT-MAU", "sản phẩm"),
    ]
    assert [q.code for q in measure(toi_thieu=5).quantities] == ["CT"]


def test_deadline_strictly_before_or_on_or_before() -> None:
    before = Deadline.model_validate({"ngay": 10, "thang": 11, "truoc_ngay": True})
    by = Deadline.model_validate({"ngay": 10, "thang": 11, "truoc_ngay": False})
    assert before.is_late(date(2025, 11, 10), 2025)
    assert not before.is_late(date(2025, 11, 9), 2025)
    assert not by.is_late(date(2025, 11, 10), 2025)
    assert by.is_late(date(2025, 11, 11), 2025)
    january = Deadline.model_validate(
        {"ngay": 15, "thang": 1, "truoc_ngay": False, "nam_sau": True}
    )
    assert january.for_year(2025) == date(2026, 1, 15)


def test_reply_period_in_days_or_working_days() -> None:
    friday = date(2025, 11, 14)
    assert ReplyPeriod.model_validate({"so_ngay": 15}).due_from(friday) == date(2025, 11, 29)
    five = ReplyPeriod.model_validate({"so_ngay": 5, "ngay_lam_viec": True})
    assert five.due_from(friday) == date(2025, 11, 21)


def test_son_la_data_reads_its_rule_and_policy() -> None:
    workspace = load_workspace(INPUTS)
    plan = workspace.plan
    rule = plan.reporting
    assert rule.agency_deadline.strictly_before
    assert rule.agency_deadline.wording == "trước ngày 10 tháng 11"
    assert workspace.is_late(date(2025, 11, 10), 2025)
    assert rule.roster_date(2025) == rule.deadline(2025) == date(2025, 11, 10)
    assert rule.higher_deadline is None
    assert plan.consolidating_body == "SKHCN"
    assert plan.outputs.letter_recipients == ["Như trên", "Lãnh đạo Sở"]
    assert plan.outputs.reminder_reply == ReplyPeriod(so_ngay=5, ngay_lam_viec=True)
    assert [q.code for q in plan.quantities] == [m.code for m in plan.measures]
    assert all(plan.due_year(m) == 2025 for m in plan.measures)
    registry = workspace.registry
    assert registry.kind("ubnd-xa").group_name == "Ủy ban nhân dân các xã, phường"
    assert registry.agency("XA-XIM-VANG").is_local
    assert not registry.agency("SKHCN").is_local
    ending = registry.agency("SNNPTNT").ending
    assert ending is not None and ending.form == "hop-nhat"
    assert ending.basis and "45/2025/NĐ-CP" in ending.basis
    assert registry.agency("HUYEN-MAI-SON").ending.form == "sap-xep-don-vi-hanh-chinh"


# --- messages --------------------------------------------------------------------------


def refused(tmp_path: Path, file: str, old: str, new: str) -> tuple[str, str]:
    """The message for the shipped inputs with ``old`` replaced by ``new`` in ``file``, and
    the edited text (to find the expected line)."""
    for name in ("ke-hoach.yaml", "don-vi.yaml"):
        shutil.copy(INPUTS / name, tmp_path / name)
    path = tmp_path / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_workspace(tmp_path)
    return caught.value.message(), text


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


CT_A = """        toi_thieu: 1
        toi_da: 2
        pham_vi: "giai-doan"
  - ma: "II.2.b\""""


def test_measure_without_level(tmp_path: Path) -> None:
    message, text = refused(
        tmp_path,
        "ke-hoach.yaml",
        CT_A,
        CT_A.replace("        toi_thieu: 1\n        toi_da: 2\n", ""),
    )
    line = line_of(text, '- ma: "CT-A"')
    assert (
        f"tệp ke-hoach.yaml, dòng {line}, trường «muc_tieu_cu_the.0.chi_tieu.0»: chỉ tiêu phải "
        "có mức: toi_thieu, toi_da hoặc bang"
    ) in message


def test_exact_value_with_a_minimum(tmp_path: Path) -> None:
    message, _ = refused(tmp_path, "ke-hoach.yaml", CT_A, CT_A.replace("toi_da: 2", "bang: 2"))
    assert "ghi «bang» (giá trị đúng bằng) thì không ghi toi_thieu, toi_da" in message
    assert "muc_tieu_cu_the.0.chi_tieu.0" in message


def test_due_year_outside_the_period(tmp_path: Path) -> None:
    new = CT_A.replace('pham_vi: "giai-doan"', 'pham_vi: "giai-doan"\n        han_nam: 2030')
    message, text = refused(tmp_path, "ke-hoach.yaml", CT_A, new)
    line = line_of(text, "han_nam: 2030")
    assert (
        f"tệp ke-hoach.yaml, dòng {line}, trường «muc_tieu_cu_the.0.chi_tieu.0.han_nam»: năm "
        "phải đạt chỉ tiêu 2030 nằm ngoài giai đoạn 2021-2025"
    ) in message


def test_percentage_without_its_two_numbers(tmp_path: Path) -> None:
    new = CT_A.replace('pham_vi: "giai-doan"', 'pham_vi: "giai-doan"\n        loai: ty-le')
    message, _ = refused(tmp_path, "ke-hoach.yaml", CT_A, new)
    assert "chỉ tiêu tỷ lệ (loai: ty-le) phải có tu_so và mau_so" in message


def test_level_that_is_not_a_number(tmp_path: Path) -> None:
    message, text = refused(
        tmp_path, "ke-hoach.yaml", CT_A, CT_A.replace("toi_da: 2", "toi_da: hai")
    )
    line = line_of(text, "toi_da: hai")
    assert (f"dòng {line}, trường «muc_tieu_cu_the.0.chi_tieu.0.toi_da»: phải là một số") in message


def test_count_with_a_fractional_level(tmp_path: Path) -> None:
    message, _ = refused(tmp_path, "ke-hoach.yaml", CT_A, CT_A.replace("toi_da: 2", "toi_da: 2.5"))
    # «2.500» in the plan's words: read as 2,5, told as the two thousand five hundred meant
    assert (
        "mức «toi_da» có dấu chấm (2,5): trong tệp này dấu chấm là dấu thập phân, còn chỉ tiêu "
        "đếm hoặc kinh phí là số nguyên; ghi liền các chữ số, không có dấu phân cách hàng nghìn "
        "(ví dụ 2500, không ghi 2.500)"
    ) in message


def test_a_percentage_typed_as_a_count_is_refused(tmp_path: Path) -> None:
    """92% of one agency and 85% of another were added up to a «177%» judged «Vượt»."""
    unit = 'don_vi_tinh: "sáng chế, giải pháp hữu ích"'
    for percent in ('"%"', '"％"', '"% sản phẩm"', '"phần trăm"'):
        message, _ = refused(tmp_path, "ke-hoach.yaml", unit, f"don_vi_tinh: {percent}")
        assert (
            "chỉ tiêu có đơn vị tính «%» là chỉ tiêu tỷ lệ: ghi loai: ty-le cùng tu_so" in message
        )


def test_deadline_without_its_rule(tmp_path: Path) -> None:
    message, text = refused(tmp_path, "ke-hoach.yaml", "    truoc_ngay: true\n", "")
    line = line_of(text, "  han_don_vi_gui:\n    ngay")
    assert (
        f"tệp ke-hoach.yaml, dòng {line}, trường «che_do_bao_cao.han_don_vi_gui.truoc_ngay»: "
        "thiếu trường bắt buộc"
    ) in message


def test_deadline_on_a_day_that_is_not_in_every_year(tmp_path: Path) -> None:
    message, _ = refused(
        tmp_path, "ke-hoach.yaml", "    ngay: 10\n    thang: 11\n", "    ngay: 29\n    thang: 2\n"
    )
    assert "ngày 29 tháng 2 không có trong mọi năm" in message
    assert "che_do_bao_cao.han_don_vi_gui" in message


def test_review_year_outside_the_period(tmp_path: Path) -> None:
    message, _ = refused(
        tmp_path, "ke-hoach.yaml", "  den_nam: 2025\n", "  den_nam: 2025\n  so_ket_nam: 2026\n"
    )
    assert "năm sơ kết (so_ket_nam) 2026 phải nằm trong giai đoạn 2021-2025" in message


def test_agency_of_an_undeclared_kind(tmp_path: Path) -> None:
    old = '    ten_ngan: "Sở KH&CN"\n    loai: so\n'
    message, text = refused(
        tmp_path, "don-vi.yaml", old, old.replace("loai: so", "loai: doanh-nghiep")
    )
    line = line_of(text, "loai: doanh-nghiep")
    assert (
        f"tệp don-vi.yaml, dòng {line}, trường «don_vi.0.loai»: loại đơn vị «doanh-nghiep» "
        "không có trong danh sách loai_don_vi"
    ) in message


def test_group_of_an_undeclared_kind(tmp_path: Path) -> None:
    message, _ = refused(
        tmp_path, "don-vi.yaml", "gom_loai: [so, co-quan-tinh]", "gom_loai: [so, hoi]"
    )
    assert "trường «nhom.0.gom_loai.1»: loại đơn vị «hoi» không có trong danh sách" in message


def test_ending_without_an_end_date(tmp_path: Path) -> None:
    old = '    ten_ngan: "Sở KH&CN"\n'
    new = old + "    ly_do_ket_thuc: {hinh_thuc: giai-the, noi_dung: giải thể}\n"
    message, _ = refused(tmp_path, "don-vi.yaml", old, new)
    assert "có lý do kết thúc (ly_do_ket_thuc) nhưng thiếu ngày kết thúc (den_ngay)" in message


def test_ending_of_an_unknown_form(tmp_path: Path) -> None:
    message, text = refused(
        tmp_path, "don-vi.yaml", "\n      hinh_thuc: hop-nhat", "\n      hinh_thuc: gop"
    )
    line = line_of(text, "hinh_thuc: gop")
    assert (
        f"dòng {line}, trường «don_vi.2.ly_do_ket_thuc.hinh_thuc»: giá trị không hợp lệ" in message
    )
    assert "hop-nhat" in message


def test_kind_code_with_capitals(tmp_path: Path) -> None:
    message, _ = refused(
        tmp_path, "don-vi.yaml", '  - ma: so\n    ten: "Sở"', '  - ma: So\n    ten: "Sở"'
    )
    assert "mã loại chỉ gồm chữ thường không dấu" in message


def test_a_numerator_code_taken_by_another_measure(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "tinh-vi-du"
    for name in ("ke-hoach.yaml", "don-vi.yaml"):
        shutil.copy(example / name, tmp_path / name)
    path = tmp_path / "ke-hoach.yaml"
    text = path.read_text(encoding="utf-8").replace('ma: "CT-TL-TU"', 'ma: "CT-SC"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_workspace(tmp_path)
    line = line_of(text, '          ma: "CT-SC"')
    assert (
        f"tệp ke-hoach.yaml, dòng {line}, trường «muc_tieu_cu_the.2.chi_tieu.0.tu_so.ma»: "
        "mã «CT-SC» bị trùng"
    ) in caught.value.message()


def test_a_wrong_choice_lists_the_allowed_values_in_vietnamese(tmp_path: Path) -> None:
    new = CT_A.replace('pham_vi: "giai-doan"', 'pham_vi: "hang-nam"')
    message, text = refused(tmp_path, "ke-hoach.yaml", CT_A, new)
    line = line_of(text, 'pham_vi: "hang-nam"')
    assert (
        f"dòng {line}, trường «muc_tieu_cu_the.0.chi_tieu.0.pham_vi»: giá trị không hợp lệ "
        "(cho phép: «nam» hoặc «giai-doan»); giá trị hiện có: «hang-nam»"
    ) in message
    assert "' or '" not in message


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("thang: 11", "thang: 13", "giá trị quá lớn: lớn nhất là 12; giá trị hiện có: «13»"),
        ("thang: 11", "thang: 0", "giá trị quá nhỏ: nhỏ nhất là 1; giá trị hiện có: «0»"),
        (
            "    truoc_ngay: true",
            "    truoc_ngay: 2.5",
            "phải là true hoặc false; giá trị hiện có: «2,5»",
        ),
        ('ky_hieu: "KH-UBND"', 'ky_hieu: ""', "không được để trống"),
        ("ngay_ban_hanh: 2021-03-14", "ngay_ban_hanh: 2021-03-14 08:30:00", "không kèm giờ"),
    ],
)
def test_pydantic_errors_reach_the_clerk_in_vietnamese(
    tmp_path: Path, old: str, new: str, said: str
) -> None:
    text = (INPUTS / "ke-hoach.yaml").read_text("utf-8")
    assert old in text
    message, _ = refused(tmp_path, "ke-hoach.yaml", old, new)
    assert said in message
    for english in ("Input should", "Value error", "String should", " or ", "True", "False"):
        assert english not in message


def test_a_date_a_number_and_a_list_are_told_with_an_example(tmp_path: Path) -> None:
    """«NNNN-TT-NN» used N for both year and day; «72,5» and a bare code got only «phải là
    một số», «phải là một danh sách»."""
    message, _ = refused(
        tmp_path, "ke-hoach.yaml", "ngay_ban_hanh: 2021-03-14", "ngay_ban_hanh: 14/3/2021"
    )
    assert "phải là ngày dạng năm-tháng-ngày, ví dụ 2026-02-20" in message
    message, _ = refused(tmp_path, "ke-hoach.yaml", CT_A, CT_A.replace("toi_da: 2", "toi_da: 2,5"))
    assert "phải là một số, chỉ gồm chữ số (phần lẻ sau dấu chấm, ví dụ 72.5" in message
    message, _ = refused(tmp_path, "ke-hoach.yaml", "chu_tri: [SVHTTDL]", "chu_tri: SVHTTDL")
    assert "phải là một danh sách, ví dụ [SNNMT, SCT]" in message


@pytest.mark.parametrize("typed", ["010", "08", "0x10"])
def test_a_number_written_with_a_zero_before_it_is_refused(tmp_path: Path, typed: str) -> None:
    """YAML reads «010» as 8 (octal): a target of «ít nhất 8» where the plan says 10, and
    «012» in the earlier years' figures summed as 10. «08» was said to be quoted."""
    for name in ("ke-hoach.yaml", "don-vi.yaml"):
        shutil.copy(INPUTS / name, tmp_path / name)
    plan = tmp_path / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        CT_A, CT_A.replace("toi_da: 2", f"toi_da: {typed}"), 1
    )
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_workspace(tmp_path)
    message = caught.value.message()
    assert f"số «{typed}» có số 0 ở đầu, bị đọc thành một số khác; ghi số không có số 0" in message
    assert f"dòng {line_of(text, f'toi_da: {typed}')}" in message


@pytest.mark.parametrize(
    "given",
    [
        {"ngay": 15, "thang": 1, "truoc_ngay": True},
        {"ngay": 20, "thang": 12, "truoc_ngay": True, "cach_ghi": "trước ngày 20/12 năm sau"},
    ],
)
def test_a_deadline_in_the_year_reported_on_s_first_half_asks_for_nam_sau(given) -> None:
    """«trước ngày 15 tháng 01 năm sau» without nam_sau put the 2025 report's deadline on
    15/01/2025: every agency late, the districts asked and the new communes refused."""
    with pytest.raises(ValidationError, match="ghi thêm nam_sau: true"):
        Deadline.model_validate(given)
    assert Deadline.model_validate({**given, "nam_sau": True}).for_year(2025).year == 2026
