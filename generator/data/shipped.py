"""Where the data shipped with vanban lives: templates, plan, registry and example workbooks.

In a built wheel they are package data under ``generator/shipped/`` (copied there from the
repository's ``templates/`` and ``inputs/`` by ``setup.py``). In a clone or an editable
install they are read straight from the repository, which stays their only source.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from generator.errors import UsageError

PACKAGE_FOLDER = "shipped"
TEMPLATES = "templates"
INPUTS = "inputs"
# What the wheel carries from inputs/: the plan, the registry, earlier years' figures and
# the example workbooks of each year folder.
INPUT_PATTERNS = ("*.yaml", "*.xlsx", "[0-9][0-9][0-9][0-9]/*.xlsx")


def _repository_root() -> Path:
    return Path(__file__).resolve().parents[2]


def shipped_root() -> Path:
    """The folder holding ``templates/`` and ``inputs/`` as shipped with this vanban."""
    packaged = resources.files("generator") / PACKAGE_FOLDER
    if isinstance(packaged, Path) and (packaged / TEMPLATES).is_dir():
        return packaged
    repository = _repository_root()
    if (repository / TEMPLATES).is_dir() and (repository / INPUTS).is_dir():
        return repository
    raise UsageError(
        "bản cài đặt vanban này thiếu mẫu văn bản và dữ liệu kèm theo; hãy cài lại vanban"
    )


def shipped_templates() -> Path:
    return shipped_root() / TEMPLATES


def shipped_inputs() -> Path:
    return shipped_root() / INPUTS


def shipped_input_files() -> list[Path]:
    """Every shipped input file, as paths relative to ``inputs/``, in a stable order."""
    inputs = shipped_inputs()
    found = {p for pattern in INPUT_PATTERNS for p in inputs.glob(pattern) if p.is_file()}
    return sorted(p.relative_to(inputs) for p in found)
