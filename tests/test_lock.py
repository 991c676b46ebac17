"""requirements-lock.txt pins, with hashes, every dependency pyproject.toml declares, at a
version pyproject.toml accepts (a dependency added or raised without relocking fails here)."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements-lock.txt"


def locked() -> dict[str, tuple[str, list[str]]]:
    """Each pinned package: its version and its hashes."""
    text = LOCK.read_text("utf-8")
    pins: dict[str, tuple[str, list[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", block)
        if head:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
            pins[canonicalize_name(head[1])] = (head[2], hashes)
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    extras = [r for group in ("test", "dev") for r in project["optional-dependencies"][group]]
    return [Requirement(r) for r in [*project["dependencies"], *extras]]


def test_every_declared_dependency_is_locked_at_an_accepted_version_with_hashes() -> None:
    pins = locked()
    assert len(pins) >= len(declared())
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} thiếu trong {LOCK.name}"
        pinned, hashes = pins[name]
        assert requirement.specifier.contains(pinned, prereleases=True), (name, pinned)
        assert hashes, name


def test_every_locked_package_has_hashes_and_no_index_of_this_machine() -> None:
    text = LOCK.read_text("utf-8")
    assert all(hashes for _, hashes in locked().values())
    assert "--index-url" not in text and "--find-links" not in text and "file://" not in text


PLATFORMS = {
    "Windows": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
    "macOS": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
    "Linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_what_each_locked_package_needs_on_each_system_is_locked_too(platform: str) -> None:
    """pip-compile on Linux leaves out Windows-only dependencies (pytest's colorama), and
    `pip install --require-hashes` on a clerk's Windows machine refuses what the lock lacks."""
    pins = locked()
    checked = 0
    for name, (version, _) in pins.items():
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # not installed on this system (colorama on Linux)
        if distribution.version != version:
            continue  # another environment (the minimum versions)
        checked += 1
        for line in distribution.requires or []:
            requirement = Requirement(line)
            environment = {**PLATFORMS[platform], "extra": ""}
            if requirement.marker and not requirement.marker.evaluate(environment):
                continue
            needed = canonicalize_name(requirement.name)
            assert needed in pins, f"{name} cần {needed} trên {platform}: thêm vào {LOCK.name}"
    assert checked or not pins
