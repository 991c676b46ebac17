"""The command line: parse, call one library function, print, exit.

Exit codes: 0 done, 1 invalid inputs or a failed check, 2 wrong usage.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from generator.errors import UsageError, VanbanError
from generator.vnformat import format_short_date
from generator.workspace import Role, Workspace, load_workspace

INPUTS_HELP = "Thư mục dữ liệu đầu vào (kế hoạch, danh mục đơn vị, phiếu báo cáo)."


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a VanbanError into its Vietnamese message on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except VanbanError as error:
            click.echo(f"Lỗi: {error.message()}", err=True)
            sys.exit(error.exit_code)

    return wrapper


def _folder(path: Path, option: str) -> Path:
    """``path`` as a folder option; a file there is a usage error in Vietnamese, not click's."""
    if path.exists() and not path.is_dir():
        raise UsageError(
            f"«{path.name}» là một tệp, không phải thư mục; chọn thư mục khác bằng {option}"
        )
    return path


year_option = click.option(
    "--year", "--nam", "year", type=int, required=True, help="Năm báo cáo, ví dụ 2025."
)
inputs_option = click.option(
    "--inputs",
    type=click.Path(path_type=Path),
    default=Path("inputs"),
    show_default=True,
    help=INPUTS_HELP,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vanban", message="vanban %(version)s")
def cli() -> None:
    """vanban: tổng hợp phiếu báo cáo của các đơn vị thành báo cáo và công văn đúng
    thể thức Nghị định 30/2020/NĐ-CP."""


@cli.command("ke-hoach")
@inputs_option
@_reports_errors
def show_plan(inputs: Path) -> None:
    """Xem kế hoạch: chỉ tiêu, lĩnh vực, số nhiệm vụ của từng đơn vị."""
    workspace = load_workspace(inputs)
    click.echo(describe_plan(workspace))


@cli.command("don-vi")
@year_option
@inputs_option
@_reports_errors
def show_agencies(year: int, inputs: Path) -> None:
    """Liệt kê các đơn vị hoạt động trong năm và nhiệm vụ của từng đơn vị."""
    workspace = load_workspace(inputs)
    click.echo(describe_agencies(workspace, year))


@cli.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON cho chương trình khác.")
@_reports_errors
def check_documents(files: tuple[Path, ...], as_json: bool) -> None:
    """Kiểm tra thể thức văn bản .docx theo Nghị định 30/2020/NĐ-CP."""
    from generator.conformance import (
        check_docx,
        findings_to_json,
        format_report,
        has_blocking_failure,
    )

    results: dict[Path, list] = {}
    unreadable: list[VanbanError] = []
    for path in files:
        try:
            results[path] = check_docx(path)
        except VanbanError as error:  # one unreadable file must not hide the others' reports
            unreadable.append(error)
    if as_json:
        click.echo(findings_to_json(results))
    elif results:
        click.echo("\n\n".join(format_report(path, found) for path, found in results.items()))
    for error in unreadable:
        click.echo(f"Lỗi: {error.message()}", err=True)
    if unreadable or any(has_blocking_failure(found) for found in results.values()):
        sys.exit(1)


@cli.command("forms")
@year_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Thư mục ghi phiếu (phiếu nằm trong <thư mục>/<năm>/phieu-bao-cao/).",
)
@click.option(
    "--force", is_flag=True, help="Ghi đè phiếu đã có trong thư mục dù phiếu đó đã bị sửa."
)
@inputs_option
@_reports_errors
def make_forms(year: int, out: Path, force: bool, inputs: Path) -> None:
    """Tạo phiếu báo cáo Excel điền sẵn cho từng đơn vị phải báo cáo trong năm."""
    from generator.forms import write_forms

    workspace = load_workspace(_folder(inputs, "--inputs"))
    written = write_forms(workspace, year, _folder(out, "--out"), force=force)
    folder = out / str(year) / "phieu-bao-cao"
    click.echo(f"Đã tạo {len(written)} phiếu báo cáo năm {year} trong «{folder}».")


@cli.command("validate")
@year_option
@inputs_option
@_reports_errors
def validate_forms(year: int, inputs: Path) -> None:
    """Kiểm tra các phiếu báo cáo đã điền trong <inputs>/<năm>/."""
    from generator.validate import describe_validation, validate_year

    workspace = load_workspace(inputs)
    result = validate_year(workspace, year, inputs)
    click.echo(describe_validation(result))
    sys.exit(0 if result.ok else 1)


@cli.command("generate")
@click.option(
    "--year",
    "--nam",
    "year",
    type=int,
    default=None,
    help="Năm báo cáo; mặc định là năm mới nhất có phiếu trong thư mục dữ liệu.",
)
@inputs_option
@click.option(
    "--templates",
    type=click.Path(path_type=Path),
    default=Path("templates"),
    show_default=True,
    help="Thư mục mẫu văn bản .docx.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Thư mục kết quả (văn bản nằm trong <thư mục>/<năm>/).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Thay bộ văn bản đã có; bộ cũ được chuyển vào <năm>/.cu-<thời điểm>/.",
)
@click.option("--pdf", is_flag=True, help="Tạo thêm bản PDF của mỗi văn bản (cần LibreOffice).")
@click.option(
    "--ngay-ky",
    "signing_date",
    type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]),
    default=None,
    help="Ngày ký, ví dụ 25/11/2025; mặc định để trống ngày để văn thư điền khi ban hành.",
)
@_reports_errors
def generate_documents(
    year: int | None,
    inputs: Path,
    templates: Path,
    out: Path,
    force: bool,
    pdf: bool,
    signing_date: datetime | None,
) -> None:
    """Tạo báo cáo tổng hợp, công văn gửi từng đơn vị và công văn đôn đốc của một năm."""
    from generator.batch import GenerateOptions, describe_batch, generate

    def progress(total: int):
        return click.progressbar(
            length=total, label="Đang soạn công văn", file=sys.stderr, show_pos=True
        )

    options = GenerateOptions(
        inputs=_folder(inputs, "--inputs"),
        templates=_folder(templates, "--templates"),
        out=_folder(out, "--out"),
        year=year,
        force=force,
        pdf=pdf,
        signing_date=signing_date.date() if signing_date else None,
    )
    click.echo(describe_batch(generate(options, progress)))


def describe_plan(workspace: Workspace) -> str:
    plan = workspace.plan
    lines = [
        f"Kế hoạch số {plan.number_symbol} ngày {format_short_date(plan.issued_on)} của {plan.issuer_short}",
        plan.subject,
        f"Giai đoạn: {plan.period.first_year}-{plan.period.last_year}",
        "",
        "CHỈ TIÊU (mục II.2)",
    ]
    for measure in plan.measures:
        lines.append(
            f"  {measure.code:<6} {measure.name}: {measure.planned} ({measure.scope.label})"
        )
    lines += ["", "LĨNH VỰC THỰC HIỆN (mục III)"]
    for area in plan.areas:
        lines.append(f"  {area.number}. {area.title} ({len(area.items)} nội dung)")
    lines += ["", "NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ (mục IV)"]
    for group in plan.task_groups:
        lines.append(f"  {group.number}. {group.heading}: {len(group.tasks)} nhiệm vụ")
    rule = plan.reporting
    lines += [
        "",
        f"Chế độ báo cáo: hằng năm, trước ngày {rule.due_day}/{rule.due_month}, "
        f"gửi {workspace.registry.agency(rule.receiver).name}.",
    ]
    return "\n".join(lines)


def describe_agencies(workspace: Workspace, year: int) -> str:
    agencies = workspace.active(year)
    lines = [
        f"Năm {year}: {len(agencies)} đơn vị phải báo cáo (hạn {format_short_date(workspace.deadline(year))})"
    ]
    for agency in agencies:
        held = workspace.tasks_of(agency.code, year)
        leads = sum(1 for a in held if a.role is Role.LEAD)
        lines.append(
            f"\n{agency.code} — {agency.name}: {leads} chủ trì, {len(held) - leads} phối hợp"
        )
        for assignment in held:
            inherited = (
                f" (kế thừa từ {assignment.inherited_from.short_name})"
                if assignment.inherited_from
                else ""
            )
            lines.append(f"  [{assignment.role.value}] {assignment.task.code}{inherited}")
    return "\n".join(lines)


def main() -> None:
    # A Windows console or pipe may not be UTF-8; Vietnamese must never crash the output.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8", errors="replace")
    cli(prog_name="vanban")


if __name__ == "__main__":
    main()
