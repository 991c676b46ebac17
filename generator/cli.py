"""The command line: parse, call one library function, print, exit.

Exit codes: 0 done, 1 invalid inputs or a failed check, 2 wrong usage.

Click speaks English in its usage errors and help; a clerk reads only Vietnamese. So the
year, date and file values go through parameter types that fail in Vietnamese, the group
runs click in non-standalone mode and turns each usage error into a Vietnamese line built
from the error's attributes (never from click's English text), and the help formatter,
the help option and the ``[required]`` mark are Vietnamese too.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import inspect
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import click
from click.exceptions import (
    Abort,
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchCommand,
    NoSuchOption,
)

from generator.data.folders import Folders, init_workspace, locate
from generator.data.plan import Deadline, Plan, StructureRef
from generator.data.shipped import TEMPLATES
from generator.data.workspace import Role, Workspace, load_workspace
from generator.errors import UsageError, VanbanError
from generator.vnformat import format_number, format_short_date

INPUTS_HELP = (
    "Thư mục dữ liệu đầu vào (kế hoạch, danh mục đơn vị, phiếu báo cáo); "
    "mặc định: inputs trong thư mục làm việc."
)
WORKSPACE_HELP = "Thư mục làm việc (tạo bằng vanban init); mặc định: thư mục hiện tại."
HELP_OPTION_HELP = "Xem hướng dẫn của lệnh rồi thoát."
VERSION_OPTION_HELP = "Xem số phiên bản rồi thoát."
YEAR_HINT = "ghi năm bằng 4 chữ số, ví dụ --year 2025"
DATE_HINT = "ghi ngày dạng NN/TT/NNNN, ví dụ 25/11/2025"
# A zip entry's date (a .docx is a zip) holds the years 1980 to 2107 only.
ZIP_FIRST_YEAR, ZIP_LAST_YEAR = 1980, 2107
FOLDER = "THƯ_MỤC"

# What each parameter is, in the clerk's words, for "thiếu tùy chọn --year (năm báo cáo)".
PARAMETER_NOUNS = {
    "year": "năm báo cáo",
    "workspace": "thư mục làm việc",
    "folder": "thư mục cần tạo",
    "inputs": "thư mục dữ liệu đầu vào",
    "templates": "thư mục mẫu văn bản",
    "out": "thư mục kết quả",
    "signing_date": "ngày ký",
    "day": "ngày của công văn đôn đốc",
    "new_deadline": "hạn mới",
    "files": "tệp .docx cần kiểm tra",
}
HEADINGS = {"Options": "Tùy chọn", "Commands": "Lệnh", "Positional arguments": "Tham số"}


# Every set of outputs is written in a staging folder and put in place at the end, every
# single file through a temporary one: stopped on the way, nothing a clerk has is changed
# and nothing half-written is left.
STOPPED = (
    "Đã dừng. Các tệp đã có không bị thay đổi; phần việc đang làm dở không được ghi ra. "
    "Chạy lại lệnh khi cần."
)


class SaidInVietnamese(click.UsageError):
    """A usage error whose message is already the Vietnamese line the clerk reads."""


class InvalidValue(SaidInVietnamese, BadParameter):
    """A value our own parameter types refused, with a Vietnamese message."""


class VietnameseParamType(click.ParamType):
    """A parameter type whose ``fail`` keeps its Vietnamese message recognisable."""

    def fail(
        self, message: str, param: click.Parameter | None = None, ctx: click.Context | None = None
    ) -> NoReturn:
        raise InvalidValue(message, ctx=ctx, param=param)


class YearType(VietnameseParamType):
    """A year of four digits."""

    name = "năm"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not re.fullmatch(r"[0-9]+", text):
            self.fail(f"năm «{value}» không phải số; {YEAR_HINT}", param, ctx)
        if len(text) != 4:
            self.fail(f"năm «{value}» không có đủ 4 chữ số; {YEAR_HINT}", param, ctx)
        return int(text)


class DateType(VietnameseParamType):
    """A calendar date written NN/TT/NNNN (or NNNN-TT-NN), refused in Vietnamese otherwise."""

    name = "ngày"
    shapes = (
        ("%d/%m/%Y", r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"),
        ("%Y-%m-%d", r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"),
    )

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "NN/TT/NNNN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for pattern, shape in self.shapes:
            if re.fullmatch(shape, text):
                try:
                    day = datetime.strptime(text, pattern).date()
                except ValueError:
                    self.fail(f"ngày «{value}» không có thật; {DATE_HINT}", param, ctx)
                if not ZIP_FIRST_YEAR <= day.year <= ZIP_LAST_YEAR:
                    self.fail(
                        f"ngày «{value}» có năm {day.year}, ngoài khoảng {ZIP_FIRST_YEAR}-"
                        f"{ZIP_LAST_YEAR} mà tệp .docx ghi được (gõ nhầm năm?); {DATE_HINT}",
                        param,
                        ctx,
                    )
                return day
        self.fail(f"ngày «{value}» không đúng dạng; {DATE_HINT}", param, ctx)


class DocxFileType(VietnameseParamType):
    """A path to a document file; a folder there is refused in Vietnamese."""

    name = "tệp"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(value)
        if path.is_dir():
            self.fail(
                f"«{value}» là thư mục, không phải tệp .docx; ghi đường dẫn tới tệp, "
                "ví dụ bao-cao.docx",
                param,
                ctx,
            )
        return path


class UnexpectedValues(SaidInVietnamese):
    """Words left over after the command's options and arguments were read."""


class VietnameseHelpFormatter(click.HelpFormatter):
    """Click's help layout with Vietnamese headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Cách dùng: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))


class VietnameseContext(click.Context):
    formatter_class = VietnameseHelpFormatter


class VietnameseOption(click.Option):
    """An option whose ``[required]`` mark in the help reads ``[bắt buộc]``."""

    def get_help_extra(self, ctx: click.Context) -> Any:
        extra = super().get_help_extra(ctx)
        if "required" in extra:
            extra["required"] = "bắt buộc"
        return extra


class VietnameseHelpMixin:
    """Vietnamese usage line and help option, and a context on every parser error."""

    context_class = VietnameseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TÙY CHỌN]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as error:
            # The option parser raises without a context; the message needs the command.
            if error.ctx is None:
                error.ctx = ctx
            raise


class VietnameseCommand(VietnameseHelpMixin, click.Command):
    """A command with Vietnamese help and a Vietnamese error for leftover words."""

    def get_short_help_str(self, limit: int = 45) -> str:
        """The help's first paragraph, whole: click would cut it with «...» to fit a width."""
        if self.short_help or not self.help:
            return super().get_short_help_str(limit)
        first = inspect.cleandoc(self.help).split("\n\n")[0]
        return " ".join(first.split())

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.allow_extra_args or ctx.resilient_parsing:
            return super().parse_args(ctx, args)
        # Let click collect the leftovers instead of failing in English, then refuse them here.
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = False
        if rest:
            raise UnexpectedValues(
                f"thừa «{' '.join(rest)}»: mỗi giá trị phải ghi ngay sau tùy chọn của nó; "
                f"xem «{ctx.command_path} --help»",
                ctx,
            )
        return rest


class VietnameseGroup(VietnameseHelpMixin, click.Group):
    """The ``vanban`` group: commands in workflow order, every usage error in Vietnamese."""

    command_class = VietnameseCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM SỐ]...")
        super().__init__(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help(), err=True)
            sys.exit(error.exit_code)
        except click.UsageError as error:
            click.echo(f"Lỗi: {describe_usage_error(error)}", err=True)
            sys.exit(2)
        except Abort:  # Ctrl+C, wherever it came (worker processes leave it to this one)
            click.echo(STOPPED, err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def describe_usage_error(error: click.UsageError) -> str:
    """The Vietnamese line for a click usage error, from its attributes, not its text."""
    ctx = error.ctx
    help_hint = f"xem «{ctx.command_path if ctx else 'vanban'} --help»"
    if isinstance(error, SaidInVietnamese):
        return error.message
    if isinstance(error, NoSuchCommand):
        known = ", ".join(ctx.command.list_commands(ctx)) if ctx else ""
        guess = f" (có phải ý bạn là «{error.possibilities[0]}»?)" if error.possibilities else ""
        return f"không có lệnh «{error.command_name}»{guess}; các lệnh: {known}"
    if isinstance(error, NoSuchOption):
        return _describe_unknown_option(error, help_hint)
    if isinstance(error, MissingParameter):
        return _describe_missing(error, help_hint)
    if isinstance(error, BadParameter):
        name = _display_name(error.param) if error.param else "một tùy chọn"
        return f"giá trị của {name} không hợp lệ; {help_hint}"
    if isinstance(error, BadOptionUsage):
        return _describe_option_misuse(error, help_hint)
    return f"lệnh chưa ghi đúng cách; {help_hint}"


def _describe_unknown_option(error: NoSuchOption, help_hint: str) -> str:
    ctx = error.ctx
    name = error.option_name
    if ctx is not None and isinstance(ctx.command, click.Group):
        subcommands = ctx.command.commands.values()
        if any(name in _names_of(param) for cmd in subcommands for param in cmd.params):
            return f"tùy chọn «{name}» phải ghi sau tên lệnh, ví dụ «vanban generate {name} …»"
    guess = _closest(name, error.possibilities or [])
    if guess:
        return f"không có tùy chọn «{name}» (có phải ý bạn là {guess}?); {help_hint}"
    return f"không có tùy chọn «{name}»; {help_hint}"


def _closest(option: str, candidates: list[str]) -> str | None:
    """The option the clerk probably meant, compared without the dashes every option shares."""
    bare = {candidate.lstrip("-"): candidate for candidate in candidates}
    found = difflib.get_close_matches(option.lstrip("-"), list(bare), n=1, cutoff=0.7)
    return bare[found[0]] if found else None


def _describe_missing(error: MissingParameter, help_hint: str) -> str:
    param = error.param
    if param is None:
        return f"thiếu một giá trị bắt buộc; {help_hint}"
    noun = PARAMETER_NOUNS.get(param.name or "")
    if isinstance(param, click.Option):
        about = f" ({noun})" if noun else ""
        return f"thiếu tùy chọn {_display_name(param)}{about}"
    return f"thiếu {noun or 'giá trị ' + (param.name or '')}; {help_hint}"


def _describe_option_misuse(error: BadOptionUsage, help_hint: str) -> str:
    name = error.option_name
    ctx = error.ctx
    params = ctx.command.params if ctx else []
    option = next((p for p in params if name in _names_of(p)), None)
    if isinstance(option, click.Option) and option.is_flag:
        return f"tùy chọn {name} không nhận giá trị; chỉ ghi «{name}»"
    noun = PARAMETER_NOUNS.get(option.name or "") if option else None
    about = f" ({noun})" if noun else ""
    return f"thiếu giá trị sau {name}{about}; {help_hint}"


def _names_of(param: click.Parameter) -> list[str]:
    return [*param.opts, *param.secondary_opts]


def _display_name(param: click.Parameter) -> str:
    return param.opts[0] if isinstance(param, click.Option) else (param.name or "")


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a VanbanError into its Vietnamese message on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except VanbanError as error:
            if kwargs.get("as_json"):  # a program reading stdout learns of the failure too
                from generator.summaries import error_json

                click.echo(error_json(error.message(), error.exit_code))
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
    "--year",
    "--nam",
    "year",
    cls=VietnameseOption,
    type=YearType(),
    required=True,
    help="Năm báo cáo, ví dụ 2025.",
)
json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="In bản tóm tắt dạng JSON cho chương trình khác (thay cho bảng chữ).",
)
quiet_option = click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Không in thanh tiến độ và bản tóm tắt; chỉ in lỗi và lưu ý (dùng trong tập lệnh).",
)


def _progress_bars(hidden: bool) -> Any:
    """Progress bars with counts on stderr (stdout stays for the summary), or none."""

    @contextlib.contextmanager
    def progress(total: int, label: str = "Đang soạn công văn") -> Iterator[Any]:
        if hidden or total == 0:
            yield _Silent()
            return
        # what stdout holds goes first: redirected to one file with stderr, a buffered
        # line was cut by the bar's label («… sửa cho đúngĐang đọc phiếu …»)
        sys.stdout.flush()
        shown, width = _fitted_bar(label, total)
        with click.progressbar(
            length=total, label=shown, file=sys.stderr, show_pos=True, show_eta=False, width=width
        ) as bar:
            yield bar

    return progress


def _fitted_bar(label: str, total: int) -> tuple[str, int]:
    """The label and the bar's width within the terminal's: click's fixed 36 in a narrow
    window wrapped every redraw onto a new line (hundreds of lines in one run)."""
    columns = shutil.get_terminal_size((80, 24)).columns
    room = columns - (2 * len(str(total)) + 1) - 8  # «  [bar]  n/N», a column to spare
    width = max(4, min(36, room - len(label)))
    if len(label) + width > room:
        label = label[: max(0, room - width - 1)] + "…"
    return label, width


class _Silent:
    def update(self, n_steps: int) -> None:
        pass


def folder_option(*names: str, help: str) -> Callable:
    """An option naming a folder (a path, shown as THƯ_MỤC, unset by default)."""
    return click.option(
        *names, type=click.Path(path_type=Path), metavar=FOLDER, default=None, help=help
    )


def out_option(where: str) -> Callable:
    """--out, saying where in it the command writes."""
    return folder_option(
        "--out", help=f"Thư mục kết quả ({where}); mặc định: outputs trong thư mục làm việc."
    )


inputs_option = folder_option("--inputs", help=INPUTS_HELP)
templates_option = folder_option(
    "--templates",
    help="Thư mục mẫu văn bản .docx; mặc định: templates trong thư mục làm việc, "
    "nếu không có thì mẫu kèm theo vanban.",
)
workspace_option = folder_option("--workspace", "--thu-muc", "workspace", help=WORKSPACE_HELP)


def _shipped_templates_note(folders: Folders, templates: Path | None) -> list[str]:
    """Said when a working folder has no templates of its own: the documents were made
    from the shipped ones (a folder of edited templates deleted by mistake goes unseen)."""
    if templates is not None or (folders.root / TEMPLATES).is_dir():
        return []
    return [
        f"Thư mục làm việc không có thư mục «{TEMPLATES}»: văn bản được soạn theo mẫu có sẵn "
        "của vanban. Muốn dùng mẫu riêng (đã sửa lời văn), tạo lại thư mục đó: «vanban init "
        f"<thư mục mới>» rồi chép thư mục «{TEMPLATES}» của nó sang đây."
    ]


def _folders(
    workspace: Path | None,
    inputs: Path | None = None,
    templates: Path | None = None,
    out: Path | None = None,
) -> Folders:
    """The command's folders: those given on the command line, else the workspace's."""
    if workspace is not None:
        _folder(workspace, "--workspace")
    return locate(
        workspace,
        _folder(inputs, "--inputs") if inputs is not None else None,
        _folder(templates, "--templates") if templates is not None else None,
        _folder(out, "--out") if out is not None else None,
    )


@click.group(
    "vanban", cls=VietnameseGroup, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(package_name="vanban", message="vanban %(version)s", help=VERSION_OPTION_HELP)
def cli() -> None:
    """vanban: tổng hợp phiếu báo cáo của các đơn vị thành báo cáo và công văn đúng
    thể thức Nghị định 30/2020/NĐ-CP.

    \b
    Ví dụ:
      vanban init van-thu
      vanban validate --year 2025
      vanban generate --help
    """


@cli.command("init")
@click.argument("folder", type=click.Path(path_type=Path), metavar=FOLDER)
@click.option(
    "--du-lieu-mau",
    "samples",
    is_flag=True,
    help="Chép thêm các phiếu báo cáo mẫu vào thư mục năm, để chạy thử.",
)
@_reports_errors
def init_folder(folder: Path, samples: bool) -> None:
    """Tạo thư mục làm việc mới: dữ liệu đầu vào, mẫu văn bản, hướng dẫn.

    Thư mục gồm inputs/ (kế hoạch, danh mục đơn vị, số liệu các năm trước, một thư mục
    cho mỗi năm của kế hoạch), templates/ (bản sao các mẫu văn bản Word để sửa theo ý) và
    HUONG-DAN.txt. Tệp đã có không bao giờ bị ghi đè: khi trùng tên, không ghi gì cả.

    \b
    Ví dụ:
      vanban init van-thu
      vanban init chay-thu --du-lieu-mau
    """
    result = init_workspace(folder, samples=samples)
    years = result.years
    click.echo(
        f"Đã tạo thư mục làm việc «{folder}» ({len(result.files)} tệp; thư mục năm "
        f"{years[0]}-{years[-1]} trong inputs). Đọc «{folder / result.files[-1]}» để bắt đầu."
    )


@cli.command("ke-hoach")
@workspace_option
@inputs_option
@_reports_errors
def show_plan(workspace: Path | None, inputs: Path | None) -> None:
    """Xem kế hoạch: chỉ tiêu, lĩnh vực, số nhiệm vụ của từng đơn vị.

    \b
    Ví dụ:
      vanban ke-hoach
      vanban ke-hoach --workspace van-thu
    """
    plan_and_registry = load_workspace(_folders(workspace, inputs).inputs)
    click.echo(describe_plan(plan_and_registry))


@cli.command("don-vi")
@year_option
@workspace_option
@inputs_option
@_reports_errors
def show_agencies(year: int, workspace: Path | None, inputs: Path | None) -> None:
    """Liệt kê các đơn vị hoạt động trong năm và nhiệm vụ của từng đơn vị.

    Đơn vị phải báo cáo là đơn vị còn hoạt động vào hạn báo cáo của năm; nhiệm vụ kế thừa
    từ đơn vị đã sáp nhập được ghi rõ.

    \b
    Ví dụ:
      vanban don-vi --year 2025
      vanban don-vi --nam 2025 --workspace van-thu
    """
    plan_and_registry = load_workspace(_folders(workspace, inputs).inputs)
    click.echo(describe_agencies(plan_and_registry, year))
    try:
        plan_and_registry.check_year(year)
    except UsageError as outside:  # listed for reference; forms and validate refuse the year
        click.echo(
            f"\nLưu ý: {outside.text}: danh sách chỉ để tham khảo, các lệnh forms, validate, "
            "generate không chạy cho năm này."
        )


@cli.command("forms")
@year_option
@folder_option(
    "--out",
    help="Thư mục ghi phiếu (phiếu nằm trong <thư mục>/<năm>/phieu-bao-cao/); "
    "mặc định: outputs trong thư mục làm việc.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Thay bộ phiếu đã có dù đã bị sửa; bộ cũ được chuyển vào phieu-bao-cao/.cu-<thời điểm>/.",
)
@workspace_option
@inputs_option
@quiet_option
@_reports_errors
def make_forms(
    year: int,
    out: Path | None,
    force: bool,
    workspace: Path | None,
    inputs: Path | None,
    quiet: bool,
) -> None:
    """Tạo phiếu báo cáo Excel điền sẵn cho từng đơn vị phải báo cáo trong năm.

    Mỗi đơn vị một tệp <mã đơn vị>.xlsx trong <thư mục kết quả>/<năm>/phieu-bao-cao/.
    Phiếu đã có và đã bị sửa chỉ bị ghi đè khi thêm --force.

    \b
    Ví dụ:
      vanban forms --year 2025
      vanban forms --year 2025 --out gui-di
    """
    from generator.forms.writer import write_forms

    folders = _folders(workspace, inputs, out=out)
    plan_workspace = load_workspace(folders.inputs)
    written = write_forms(plan_workspace, year, folders.out, force=force)
    folder = folders.out / str(year) / "phieu-bao-cao"
    if not quiet:
        count = format_number(len(written))
        if written.unchanged:
            click.echo(
                f"«{folder}» đã có đúng {count} phiếu báo cáo năm {year} này: không ghi lại."
            )
        else:
            click.echo(f"Đã tạo {count} phiếu báo cáo năm {year} trong «{folder}».")
        unled = plan_workspace.unled_tasks_note(year)
        if unled:
            click.echo(f"Lưu ý: {unled}")


@cli.command("validate")
@year_option
@workspace_option
@inputs_option
@click.option(
    "--phan-hoi",
    "feedback",
    is_flag=True,
    help="Ghi phản hồi cho mỗi đơn vị có lỗi: bản sao phiếu tô màu các ô lỗi và công văn đề "
    "nghị sửa, trong <thư mục kết quả>/phan-hoi/<năm>/<mã đơn vị>/.",
)
@click.option(
    "--han-sua",
    "due",
    type=DateType(),
    default=None,
    help="Hạn gửi lại phiếu đã sửa, ghi trong công văn; bắt buộc khi có --phan-hoi.",
)
@folder_option(
    "--out", help="Thư mục kết quả của --phan-hoi; mặc định: outputs trong thư mục làm việc."
)
@folder_option(
    "--templates",
    help="Thư mục mẫu văn bản của --phan-hoi; mặc định: templates trong thư mục làm việc, "
    "nếu không có thì mẫu kèm theo vanban.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Thay bộ phản hồi đã có; bộ cũ được chuyển vào phan-hoi/<năm>/.cu-<thời điểm>/.",
)
@json_option
@quiet_option
@_reports_errors
def validate_forms(
    year: int,
    workspace: Path | None,
    inputs: Path | None,
    feedback: bool,
    due: date | None,
    out: Path | None,
    templates: Path | None,
    force: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Kiểm tra các phiếu báo cáo đã điền trong <inputs>/<năm>/.

    In tình trạng từng đơn vị (hợp lệ, có lỗi, trễ hạn, chưa nộp) rồi từng lỗi kèm tên
    tệp, trang tính và ô. Thoát với mã 1 khi còn lỗi. Với --phan-hoi, mỗi đơn vị có lỗi
    được một bản sao phiếu (ô lỗi tô màu, có ghi chú, trang đầu «Lỗi cần sửa») và một công
    văn đề nghị sửa trước ngày --han-sua; phiếu gốc không bị thay đổi.

    \b
    Ví dụ:
      vanban validate --year 2025
      vanban validate --year 2025 --workspace van-thu
      vanban validate --year 2025 --json
      vanban validate --year 2025 --phan-hoi --han-sua 20/11/2025
    """
    from generator.batch import validate_as_generate_reads
    from generator.validate import describe_validation, validation_notes

    if feedback and due is None:
        raise UsageError(
            "thiếu --han-sua (hạn gửi lại phiếu đã sửa) cho --phan-hoi, ví dụ --han-sua 20/11/2025"
        )
    folders = _folders(workspace, inputs, templates, out)
    plan_and_registry = load_workspace(folders.inputs)
    result = validate_as_generate_reads(
        plan_and_registry, year, folders.inputs, _progress_bars(hidden=quiet or as_json)
    )
    written = None
    if feedback and due is not None:
        from generator.feedback import write_feedback

        written = write_feedback(
            plan_and_registry, result, folders.out, folders.templates, due, force=force
        )
        if written.agencies:
            result.input_notes[:0] = _shipped_templates_note(folders, templates)
    if as_json:
        from generator.summaries import validation_json

        click.echo(validation_json(result, written))
    elif not quiet:
        click.echo(describe_validation(result))
        if written is not None:
            from generator.feedback import describe_feedback

            click.echo(describe_feedback(written))
    else:  # --quiet: the errors and the notes only, as its help says
        for finding in result.findings:
            click.echo(f"Lỗi: {finding}", err=True)
        for note in validation_notes(result):
            click.echo(f"Lưu ý: {note}", err=True)
    # Disagreements between workbooks are findings of each; what is left (the register
    # file's own problems) stops generate too. Earlier years are compared by generate.
    for line in result.register_problems:
        click.echo(f"Lỗi: {line}", err=True)
    for line in result.register_notes if not as_json else ():
        click.echo(f"Lưu ý: {line}", err=quiet)
    sys.exit(0 if result.ok and not result.register_problems else 1)


@cli.command("don-doc")
@year_option
@workspace_option
@inputs_option
@templates_option
@out_option("công văn nằm trong <thư mục>/<năm>/don-doc/<ngày>/")
@click.option(
    "--ngay-ky",
    "day",
    type=DateType(),
    default=None,
    help="Ngày của công văn đôn đốc, ví dụ 11/11/2025; mặc định: hôm nay. Không được trước "
    "hạn báo cáo.",
)
@click.option(
    "--han-moi",
    "new_deadline",
    type=DateType(),
    default=None,
    help="Hạn mới để đơn vị gửi báo cáo; mặc định: tính từ ngày công văn theo thời hạn ghi "
    "trong kế hoạch (han_tra_loi_don_doc).",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Tạo thêm bản PDF/A-2b của mỗi công văn (cần LibreOffice 7.4 trở lên).",
)
@quiet_option
@_reports_errors
def send_reminders(
    year: int,
    workspace: Path | None,
    inputs: Path | None,
    templates: Path | None,
    out: Path | None,
    day: date | None,
    new_deadline: date | None,
    pdf: bool,
    quiet: bool,
) -> None:
    """Soạn công văn đôn đốc các đơn vị chưa gửi phiếu báo cáo, ngay sau hạn báo cáo.

    Mỗi đơn vị phải báo cáo mà chưa có phiếu trong <inputs>/<năm>/ được một công văn ghi
    ngày --ngay-ky (mặc định hôm nay) và một hạn mới. Mỗi đợt được ghi lại trong
    <thư mục kết quả>/<năm>/don-doc/<ngày>/; cùng một ngày không soạn hai lần, đợt sau nêu
    các công văn đôn đốc trước. Báo cáo tổng hợp chỉ nêu các đợt đôn đốc đã ghi ở đó.

    \b
    Ví dụ:
      vanban don-doc --year 2025
      vanban don-doc --year 2025 --ngay-ky 11/11/2025
      vanban don-doc --year 2025 --ngay-ky 20/11/2025 --han-moi 27/11/2025 --pdf
    """
    from generator.reminders import ReminderOptions, describe_reminders
    from generator.reminders import send_reminders as write_reminders

    folders = _folders(workspace, inputs, templates, out)
    options = ReminderOptions(
        year=year,
        day=day or date.today(),
        inputs=folders.inputs,
        templates=folders.templates,
        out=folders.out,
        new_deadline=new_deadline,
        pdf=pdf,
        day_given=day is not None,
    )
    result = write_reminders(options, _progress_bars(hidden=quiet))
    result.notes[:0] = _shipped_templates_note(folders, templates) if result.agencies else []
    if not quiet:
        click.echo(describe_reminders(result))
    else:
        for note in result.notes:
            click.echo(f"Lưu ý: {note}", err=True)


@cli.command("nhan-dinh")
@year_option
@workspace_option
@inputs_option
@quiet_option
@_reports_errors
def draft_assessment(year: int, workspace: Path | None, inputs: Path | None, quiet: bool) -> None:
    """Tạo bản nháp tệp nhận định, đánh giá để sửa trong Word.

    Bản nháp ghi vào <inputs>/<năm>/nhan-dinh.docx, gồm các tiêu đề và số liệu giúp viết;
    không bao giờ ghi đè tệp đã có.

    \b
    Ví dụ:
      vanban nhan-dinh --year 2025
    """
    from generator.documents.assessment import missing_sections, read_assessment
    from generator.documents.assessment_draft import write_draft

    inputs = _folders(workspace, inputs).inputs
    path = write_draft(inputs, year, _progress_bars(hidden=quiet))
    reviewed = load_workspace(inputs).plan.period.reviews(year)  # bài học asked then
    empty = missing_sections(read_assessment(path), final_year=reviewed)
    if quiet:
        return
    click.echo(
        f"Đã tạo bản nháp «{path}». Mở tệp bằng Word, sửa và viết nhận định dưới "
        "từng tiêu đề (giữ nguyên các tiêu đề), lưu lại rồi chạy «vanban generate»."
    )
    if empty:
        click.echo(
            "Các mục còn trống, chờ viết nhận định: " + ", ".join(f"«{t}»" for t in empty) + "."
        )


@cli.command("generate")
@click.option(
    "--year",
    "--nam",
    "year",
    type=YearType(),
    default=None,
    help="Năm báo cáo; mặc định là năm mới nhất có phiếu trong thư mục dữ liệu.",
)
@workspace_option
@inputs_option
@templates_option
@out_option("văn bản nằm trong <thư mục>/<năm>/")
@click.option(
    "--force",
    is_flag=True,
    help="Thay bộ văn bản đã có; bộ cũ được chuyển vào <năm>/.cu-<thời điểm>/.",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Tạo thêm bản PDF/A-2b của mỗi văn bản, để ký số và lưu trữ (cần LibreOffice 7.4 "
    "trở lên).",
)
@click.option(
    "--ngay-ky",
    "signing_date",
    type=DateType(),
    default=None,
    help="Ngày ký, ví dụ 25/11/2025; mặc định để trống ngày để văn thư điền khi ban hành.",
)
@json_option
@quiet_option
@_reports_errors
def generate_documents(
    year: int | None,
    workspace: Path | None,
    inputs: Path | None,
    templates: Path | None,
    out: Path | None,
    force: bool,
    pdf: bool,
    signing_date: date | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Tạo báo cáo tổng hợp và công văn gửi từng đơn vị của một năm.

    Kiểm tra mọi phiếu trước; còn một lỗi thì không ghi gì cả. Bộ văn bản đã có không
    bị ghi đè, trừ khi thêm --force (bộ cũ được giữ trong <năm>/.cu-<thời điểm>/).

    \b
    Ví dụ:
      vanban generate
      vanban generate --year 2025 --pdf
      vanban generate --year 2025 --ngay-ky 25/11/2025 --force
      vanban generate --quiet --json
    """
    from generator.batch import GenerateOptions, describe_batch, generate

    folders = _folders(workspace, inputs, templates, out)
    options = GenerateOptions(
        inputs=folders.inputs,
        templates=folders.templates,
        out=folders.out,
        year=year,
        force=force,
        pdf=pdf,
        signing_date=signing_date,
    )
    result = generate(options, _progress_bars(hidden=quiet or as_json))
    result.notes[:0] = _shipped_templates_note(folders, templates)
    if as_json:
        from generator.summaries import batch_json

        click.echo(batch_json(result))
    elif not quiet:
        click.echo(describe_batch(result))
    else:
        for note in result.notes:
            click.echo(f"Lưu ý: {note}", err=True)


@cli.command("mau-van-ban")
@click.option(
    "--kiem-tra",
    "template",
    type=click.Path(path_type=Path),
    default=None,
    metavar="TỆP.docx",
    help="Kiểm tra một mẫu đã sửa: cú pháp, biến, và thể thức của văn bản điền từ mẫu.",
)
@workspace_option
@inputs_option
@_reports_errors
def template_guide(template: Path | None, workspace: Path | None, inputs: Path | None) -> None:
    """Liệt kê biến và bộ lọc dùng được trong các mẫu Word; kiểm tra một mẫu đã sửa.

    Với --kiem-tra, mẫu được điền bằng số liệu năm mới nhất có phiếu (nếu các phiếu hợp
    lệ) rồi đối chiếu thể thức Nghị định 30/2020/NĐ-CP. Thoát với mã 1 khi mẫu có lỗi.

    \b
    Ví dụ:
      vanban mau-van-ban
      vanban mau-van-ban --kiem-tra templates/cong-van.docx
    """
    from generator.documents.template_guide import (
        check_template,
        describe_templates,
        template_kind,
    )

    if template is None:
        click.echo(describe_templates(_plan_if_any(workspace, inputs)))
        return
    path = _docx_file(template, workspace)
    kind = template_kind(path.name)
    contexts, why_not = _sample_contexts(kind, _folders(workspace, inputs).inputs)
    problems = check_template(path, contexts, kind)
    for problem in problems:
        click.echo(f"Lỗi: tệp {path.name}: {problem}", err=True)
    if problems:
        sys.exit(1)
    checked = "cú pháp, biến" + (" và thể thức văn bản điền từ mẫu" if contexts else "")
    click.echo(f"Mẫu «{path}» dùng được ({checked} đều đạt).")
    if not contexts and why_not:
        click.echo(
            f"Lưu ý: chưa điền thử mẫu bằng số liệu nên chưa đối chiếu thể thức: {why_not}. "
            "Sửa dữ liệu đó rồi chạy lại lệnh này.",
            err=True,
        )
    if path.name.casefold() != kind:
        click.echo(
            f"Lưu ý: vanban generate chỉ dùng tệp mẫu tên «{kind}» trong thư mục mẫu văn bản; "
            f"tệp «{path.name}» chưa được dùng cho đến khi đặt vào chỗ tệp đó.",
            err=True,
        )


def _plan_if_any(workspace: Path | None, inputs: Path | None) -> Plan | None:
    """The working folder's plan, for examples; None outside one or while it has errors."""
    try:
        return load_workspace(_folders(workspace, inputs).inputs).plan
    except VanbanError:
        return None


def _docx_file(path: Path, workspace: Path | None = None) -> Path:
    """The template to check: as given, or (run from elsewhere with --workspace, as the
    workspace guide says) inside the working folder: «templates/cong-van.docx»."""
    if not path.is_file() and workspace is not None and not path.is_absolute():
        inside = workspace / path
        if inside.is_file():
            return inside
    if not path.is_file():
        raise UsageError(f"không tìm thấy tệp mẫu «{path}»")
    return path


def _sample_contexts(name: str, inputs: Path) -> tuple[list, str]:
    """The facts a template is rendered with, to check it as generate would: every letter
    (each agency takes other branches), the report with the Sở's own assessment when
    written; none when the data or the year's workbooks are not valid yet (the template is
    then checked without rendering), with why."""
    from generator.batch import consolidate_inputs, latest_year
    from generator.consolidate import letter_context, report_context
    from generator.documents.assessment import load_assessment
    from generator.feedback import sample_feedback_context
    from generator.reminders import sample_context

    try:
        workspace = load_workspace(inputs)
        year = latest_year(inputs)
        if name == "cong-van-sua-phieu.docx":
            return [sample_feedback_context(workspace, year)], ""
        c, _ = consolidate_inputs(workspace, year, inputs)
        assessment = load_assessment(inputs, year)
    except VanbanError as exc:
        from generator.documents.filters import chu_thuong_dau

        first = chu_thuong_dau(str(exc).splitlines()[0].split(";")[0].rstrip(":. "))
        return [], f"dữ liệu đầu vào chưa hợp lệ ({first}; xem «vanban validate»)"
    if name == "bao-cao-tong-hop.docx":
        written = [report_context(c, assessment.as_context())] if assessment else []
        return [*written, report_context(c)], ""
    if name == "cong-van.docx":
        return [letter_context(c, summary) for summary in c.letter_recipients], ""
    if name == "cong-van-don-doc.docx":
        return [sample_context(c)], ""
    return [], ""


@cli.command("check")
@click.argument("files", nargs=-1, required=True, type=DocxFileType(), metavar="TỆP.docx...")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON cho chương trình khác.")
@click.option(
    "--sua",
    "fix",
    is_flag=True,
    help="Ghi bản đã sửa các lỗi sửa được tự động (TỆP-da-sua.docx) cạnh tệp gốc, rồi kiểm tra "
    "bản đó. Tệp gốc giữ nguyên.",
)
@_reports_errors
def check_documents(files: tuple[Path, ...], as_json: bool, fix: bool) -> None:
    """Kiểm tra thể thức văn bản .docx theo Nghị định 30/2020/NĐ-CP.

    Mỗi quy tắc một dòng ĐẠT, LỖI hoặc LƯU Ý. Thoát với mã 1 khi có lỗi. Với --sua, ghi
    bản đã sửa cạnh tệp gốc rồi kiểm tra bản mới.

    \b
    Ví dụ:
      vanban check outputs/2025/bao-cao-tong-hop.docx
      vanban check outputs/2025/cong-van/*.docx --json
      vanban check --sua van-ban-tu-soan.docx
    """
    from generator.check.conformance import (
        check_file,
        findings_to_json,
        format_report,
        has_blocking_failure,
    )
    from generator.check.fix import fix_docx

    checked = []
    unreadable: dict[Path, VanbanError] = {}
    for path in files:
        try:
            if fix:
                fixed = fix_docx(path)
                if not as_json:
                    click.echo(_describe_fix(fixed))
                path = fixed.target or path
            checked.append(check_file(path))
        except VanbanError as error:  # one unreadable file must not hide the others' reports
            unreadable[path] = error
    if as_json:
        results = {c.path: c.findings for c in checked}
        errors = {path: error.message() for path, error in unreadable.items()}
        click.echo(findings_to_json(results, {c.path: c.notices for c in checked}, errors))
    elif checked:
        click.echo("\n\n".join(format_report(c.path, c.findings, c.notices) for c in checked))
        if len(checked) + len(unreadable) > 1:
            failing = sum(has_blocking_failure(c.findings) for c in checked)
            click.echo(
                f"\nTổng cộng {format_number(len(checked) + len(unreadable))} tệp: "
                f"{format_number(len(checked) - failing)} đạt thể thức, "
                f"{format_number(failing)} chưa đạt"
                + (f", {format_number(len(unreadable))} không đọc được" if unreadable else "")
                + "."
            )
    for error in unreadable.values():
        click.echo(f"Lỗi: {error.message()}", err=True)
    if unreadable or any(has_blocking_failure(c.findings) for c in checked):
        sys.exit(1)


def _describe_fix(fixed) -> str:
    if fixed.target is None:
        return f"{fixed.source.name}: không có lỗi nào sửa được tự động; không ghi tệp mới."
    lines = [f"Đã ghi bản sửa «{fixed.target.name}» (tệp gốc «{fixed.source.name}» giữ nguyên):"]
    lines += [f"  - {change}" for change in fixed.changes]
    return "\n".join(lines) + "\n"


def describe_plan(workspace: Workspace) -> str:
    plan = workspace.plan
    lines = [
        f"Kế hoạch số {plan.number_symbol} ngày {format_short_date(plan.issued_on)} của {plan.issuer_short}",
        plan.subject,
        f"Giai đoạn: {plan.period.first_year}-{plan.period.last_year}",
        "",
        _heading("CHỈ TIÊU", plan.structure.targets),
    ]
    for measure in plan.measures:
        scope = measure.scope_label  # not said twice: «ít nhất 10 (đến năm 2025)»
        said = "" if scope.casefold() in measure.planned.casefold() else f" ({scope})"
        lines.append(f"  {measure.code:<6} {measure.name}: {measure.planned}{said}")
    if plan.areas:  # a plan without areas of work prints no empty heading
        lines += ["", _heading("LĨNH VỰC THỰC HIỆN", plan.structure.areas)]
    for area in plan.areas:
        lines.append(f"  {area.number}. {area.title} ({format_number(len(area.items))} nội dung)")
    lines += ["", _heading("NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ", plan.structure.tasks)]
    for group in plan.task_groups:
        lines.append(
            f"  {group.number}. {group.heading}: {format_number(len(group.tasks))} nhiệm vụ"
        )
    rule = plan.reporting
    lines += [
        "",
        f"Chế độ báo cáo: hằng năm, {_deadline_words(rule.agency_deadline)}, "
        f"gửi {workspace.registry.agency(rule.receiver).name}.",
    ]
    return "\n".join(lines)


def _deadline_words(deadline: Deadline) -> str:
    """«trước ngày 10/11», «chậm nhất ngày 15/1 năm sau»: the plan's own words when it gives
    them."""
    if deadline.wording:
        return deadline.wording
    year = " năm sau" if deadline.next_year else ""
    return f"{deadline.words} {deadline.day}/{deadline.month}{year}"


def _heading(title: str, where: StructureRef) -> str:
    """A part's heading with its number in the plan, when the plan gives one."""
    return f"{title} ({where.label})" if where.label else title


def describe_agencies(workspace: Workspace, year: int) -> str:
    agencies = workspace.active(year)
    lines = [
        f"Năm {year}: {format_number(len(agencies))} đơn vị phải báo cáo (hạn {format_short_date(workspace.deadline(year))})"
    ]
    for agency in agencies:
        held = workspace.tasks_of(agency.code, year)
        leads = sum(1 for a in held if a.role is Role.LEAD)
        lines.append(
            f"\n{agency.code} — {agency.name}: {format_number(leads)} chủ trì, "
            f"{format_number(len(held) - leads)} phối hợp"
        )
        for assignment in held:
            inherited = (
                f" (kế thừa từ {assignment.inherited_from.short_name})"
                if assignment.inherited_from
                else ""
            )
            lines.append(f"  [{assignment.role.value}] {assignment.task.code}{inherited}")
    unled = workspace.unled_tasks_note(year)
    return "\n".join([*lines, *(["", f"Lưu ý: {unled}"] if unled else [])])


def main() -> None:
    # A Windows console or pipe may not be UTF-8; Vietnamese must never crash the output.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8", errors="replace")
    cli.main(prog_name="vanban")


if __name__ == "__main__":
    main()
