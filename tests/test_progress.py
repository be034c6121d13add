"""Long work shows a progress bar on a terminal and nothing in a pipe, a file or with --json."""

import fcntl
import os
import pty
import select
import struct
import sys
import termios
from pathlib import Path

import pytest

from sitrep.cli import cli, options


def _terminal() -> tuple[int, int]:
    """A pseudo-terminal of 24 lines of 80 columns: (the side a user reads, the side a program writes)."""
    main_fd, terminal_fd = pty.openpty()
    fcntl.ioctl(terminal_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return main_fd, terminal_fd


def _stderr_of(args: list[str], stream, read_fd: int, monkeypatch) -> str:
    monkeypatch.setattr(options, "PROGRESS_DELAY", 0)
    monkeypatch.setattr(sys, "stderr", stream)
    cli.main(args, standalone_mode=False)
    stream.flush()
    chunks = []
    while select.select([read_fd], [], [], 0.2)[0]:
        try:
            chunk = os.read(read_fd, 65536)
        except OSError:  # a pty whose other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def test_an_export_shows_its_progress_on_a_terminal(demo_store: Path, tmp_path: Path, monkeypatch):
    main_fd, terminal_fd = _terminal()
    with os.fdopen(terminal_fd, "w", encoding="utf-8") as terminal:
        shown = _stderr_of(["export", "--db", str(demo_store), "--out", str(tmp_path / "out.jsonl")], terminal,
                           main_fd, monkeypatch)
    os.close(main_fd)
    assert "exporting" in shown and "records" in shown
    assert "records -> " in shown  # the closing line, after the bar


def test_an_export_into_a_pipe_shows_no_progress(demo_store: Path, tmp_path: Path, monkeypatch):
    read_fd, write_fd = os.pipe()
    with os.fdopen(write_fd, "w", encoding="utf-8") as pipe:
        shown = _stderr_of(["export", "--db", str(demo_store), "--out", str(tmp_path / "out.jsonl")], pipe,
                           read_fd, monkeypatch)
    os.close(read_fd)
    assert "exporting" not in shown and "\r" not in shown
    assert shown.startswith(tuple("0123456789")) and "records -> " in shown


@pytest.mark.parametrize("quiet, shown", [(False, True), (True, False)])
def test_a_command_given_json_shows_no_progress_even_on_a_terminal(quiet: bool, shown: bool, monkeypatch):
    main_fd, terminal_fd = _terminal()
    monkeypatch.setattr(options, "PROGRESS_DELAY", 0)
    with os.fdopen(terminal_fd, "w", encoding="utf-8") as terminal:
        monkeypatch.setattr(sys, "stderr", terminal)
        with options.progress("merging incidents", unit=" docs", quiet=quiet) as bar:
            bar.update(3)
        terminal.flush()
        written = os.read(main_fd, 65536).decode() if select.select([main_fd], [], [], 0.2)[0] else ""
    os.close(main_fd)
    assert ("merging incidents" in written) is shown
