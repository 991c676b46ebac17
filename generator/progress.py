"""Progress bars as the pipeline sees them: a factory the CLI gives (click's bar) or none."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Protocol


class Progress(Protocol):
    def update(self, n_steps: int) -> None: ...


class ProgressFactory(Protocol):
    """A progress bar for ``total`` steps; ``label`` names the step when it is not the letters."""

    def __call__(self, total: int, label: str = "") -> AbstractContextManager[Progress]: ...


class _NoProgress:
    def update(self, n_steps: int) -> None:
        pass


@contextlib.contextmanager
def no_progress(total: int, label: str = "") -> Iterator[Progress]:
    """No progress bar (tests, scripts)."""
    yield _NoProgress()
