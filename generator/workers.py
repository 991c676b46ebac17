"""Worker processes: Ctrl+C is for the process that started them to handle.

A console sends Ctrl+C to every process of the run. A worker that took it would print a
traceback of its own beside the clerk's one message, or stop half-way through a task;
workers ignore it, and the starting process cancels what is left and stops them.
"""

from __future__ import annotations

import signal


def ignore_interrupt() -> None:
    """In a worker process: leave Ctrl+C to the process that started it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
