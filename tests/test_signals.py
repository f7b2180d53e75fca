"""SIGTERM is handled like Ctrl-C, and spaCy's workers die with the process that started them."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        text = (
            f"Chinese President Xi Jinping held talks with Russian President Vladimir Putin in city {i}. "
            f"The two leaders discussed trade number {i}, energy and security for {i % 5 + 2} hours. " * 8
        )
        (folder / f"a{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def start(args: list[str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "xiputin_cli", *args]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.2)
    return False


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def children(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is `pid`, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def test_sigterm_commits_finished_articles_and_exits_143(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run = start(["extract", str(corpus(tmp_path / "c", 400)), "--db", str(db), "--jobs", "1"])
    assert wait_for(lambda: stored(db) > 0, 90), "nothing was committed"
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 143
    assert b"terminated:" in err and b"Traceback" not in err
    assert 0 < stored(db) < 400


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_their_parent_after_kill_9(tmp_path: Path) -> None:
    run = start(["extract", str(corpus(tmp_path / "c", 400)), "--no-store", "--jobs", "2", "-f", "jsonl"])
    assert wait_for(lambda: len(children(run.pid)) >= 2, 120), "the workers did not start"
    workers = children(run.pid)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    assert wait_for(lambda: not any(alive(w) for w in workers), 15), "workers outlived their parent"
