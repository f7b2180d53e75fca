"""Behaviour at a real terminal: stderr is a pseudo-terminal (progress is drawn there) while stdout is
redirected to a file, as in `xiputin extract seeds/ > out.json` typed at a shell."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import SEEDS

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


def run_with_terminal_stderr(args: list[str], stdout_file: Path) -> tuple[int, bytes]:
    """Run xiputin with stderr on a pty (drained in a thread so it never blocks) and stdout to a file."""
    master, slave = os.openpty()
    screen: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            screen.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    for variable in ("NO_COLOR", "TERM_PROGRAM", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(variable, None)
    with stdout_file.open("wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "xiputin_cli", *args],
            stdout=out, stderr=slave, stdin=subprocess.DEVNULL, env=env, timeout=300,
        )  # fmt: skip
    os.close(slave)
    reader.join(timeout=5)
    os.close(master)
    return done.returncode, b"".join(screen)


@pytest.mark.parametrize(
    ("command", "fmt"),
    [("extract", "json"), ("extract", "csv"), ("meetings", "json"), ("claims", "csv")],
)
def test_redirected_stdout_keeps_the_data_while_progress_is_on_the_terminal(
    tmp_path: Path, command: str, fmt: str
) -> None:
    out = tmp_path / f"out.{fmt}"
    code, screen = run_with_terminal_stderr(
        [command, str(SEEDS), "--format", fmt, "--jobs", "1", "--db", str(tmp_path / "s.db")], out
    )
    assert code == 0, screen.decode(errors="replace")
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        records = json.loads(text)
        assert len(records) >= 5 if command == "extract" else len(records) >= 3
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) > 20
    assert b"articles" in screen  # the progress line really was drawn on the terminal...
    assert b'"evidence"' not in screen and b"evidence_start" not in screen  # ...and no data went there
