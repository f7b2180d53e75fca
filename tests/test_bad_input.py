"""The hostile-input matrix: each row asserts the message, the exit code, and that good records survive.

Every test mixes the bad input with a good article, runs the real command, and checks the good article's
record is in the output (and in the store where one is used).
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from xiputin_cli.cli import app

runner = CliRunner()
GOOD = "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on Thursday."


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def extract(*args: str, input: str | None = None) -> Result:
    return runner.invoke(app, ["extract", *args, "--format", "json", "--jobs", "1"], input=input)


def ids(result: Result) -> list[str]:
    return [record["id"] for record in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        (
            "report.pdf.txt",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
            "a PDF document",
        ),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "a PNG image"),
        ("archive.txt", gzip.compress(GOOD.encode()), "gzip-compressed data"),
    ],
)
def test_binary_files(tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    folder = corpus(tmp_path)
    (folder / name).write_bytes(data)
    result = extract(str(folder))
    assert result.exit_code == 1
    assert f"{folder / name}: binary file ({kind}), not text" in result.stderr
    assert ids(result) == ["good"]


def test_invalid_utf8_is_decoded_with_a_warning(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    (folder / "latin1.txt").write_bytes("Putin met Xi in Moscow; caf\xe9 talk.".encode("latin-1"))
    result = extract(str(folder))
    assert result.exit_code == 0
    assert "latin1.txt: invalid UTF-8 at byte 27; undecodable bytes replaced with U+FFFD" in result.stderr
    records = {r["id"]: r for r in json.loads(result.stdout)}
    assert set(records) == {"good", "latin1"} and records["latin1"]["warnings"]


def test_utf16_with_bom(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    (folder / "wide.txt").write_bytes("Vladimir Putin spoke with Xi Jinping by phone.".encode("utf-16"))
    result = extract(str(folder))
    assert result.exit_code == 0
    people = {e["canonical"] for r in json.loads(result.stdout) if r["id"] == "wide" for e in r["entities"]}
    assert {"Vladimir Putin", "Xi Jinping"} <= people


@pytest.mark.parametrize("content", ["", "   \n\t\n"])
def test_empty_and_whitespace_only(tmp_path: Path, content: str) -> None:
    folder = corpus(tmp_path)
    (folder / "blank.txt").write_text(content, encoding="utf-8")
    result = extract(str(folder))
    assert result.exit_code == 1
    assert f"{folder / 'blank.txt'}: empty article (no text)" in result.stderr
    assert ids(result) == ["good"]


def test_a_50_mb_article_is_refused_quickly(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    sentence = "Xi Jinping and Vladimir Putin discussed trade at length. "
    text = sentence * (50_000_000 // len(sentence))
    (folder / "huge.txt").write_text(text, encoding="utf-8")
    result = extract(str(folder))
    assert result.exit_code == 1
    # refused from its size alone: 50 MB are never read
    size = len(text.encode("utf-8"))
    assert f"huge.txt: article too long ({size:,} bytes; the limit is 1,000,000 characters): split it" in (
        result.stderr
    )
    assert ids(result) == ["good"]


@pytest.mark.slow
def test_a_directory_of_10000_tiny_files(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    for i in range(10_000):
        (folder / f"tiny_{i:05d}.txt").write_text(f"Putin called Xi {i} times.", encoding="utf-8")
    result = runner.invoke(
        app, ["extract", str(folder), "-f", "jsonl", "-j", "1", "--db", str(tmp_path / "s.db")]
    )
    assert result.exit_code == 0, result.stderr
    got = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert got == ["good", *(f"tiny_{i:05d}" for i in range(10_000))]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus(tmp_path)
    locked = folder / "locked.txt"
    locked.write_text("Secret talks.", encoding="utf-8")
    locked.chmod(0)
    open_file = Path.open

    def refuse(path: Path, *args: Any, **kwargs: Any) -> Any:  # root ignores file modes: refuse as for a user
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return open_file(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = extract(str(folder))
    assert result.exit_code == 1
    assert f"{locked}: cannot read: permission denied" in result.stderr
    assert ids(result) == ["good"]


def test_broken_symlink(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    (folder / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    result = extract(str(folder))
    assert result.exit_code == 1
    assert f"{folder / 'gone.txt'}: broken symbolic link (its target does not exist)" in result.stderr
    assert ids(result) == ["good"]


def test_jsonl_with_broken_and_textless_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": GOOD}),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": GOOD, "published": "2025-05-08"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = extract(str(path))
    assert result.exit_code == 1
    assert f"{path}:2: invalid JSON" in result.stderr
    assert f'{path}:3: no "text" string in this record' in result.stderr
    assert ids(result) == ["a", "d"]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Президент России Владимир Путин провёл переговоры с председателем КНР Си Цзиньпином в Москве. " * 3,
         "mostly non-Latin script"),
        ("Der russische Präsident Wladimir Putin hat mit dem chinesischen Staatschef Xi Jinping in Moskau "
         "Gespräche geführt. Beide Seiten wollen die Zusammenarbeit weiter vertiefen, hieß es aus dem Kreml.",
         "few English function words"),
    ],
)  # fmt: skip
def test_non_english_articles_are_skipped_with_a_warning(tmp_path: Path, text: str, why: str) -> None:
    folder = corpus(tmp_path)
    (folder / "foreign.txt").write_text(text, encoding="utf-8")
    result = extract(str(folder))
    assert result.exit_code == 0
    assert f"warning: {folder / 'foreign.txt'}: not English ({why}); skipped" in result.stderr
    assert ids(result) == ["good"]


def test_html_saved_as_txt(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    page = (
        "<!DOCTYPE html><html><head><title>Xi and Putin meet</title><style>p {color: red}</style>"
        "<script>var Putin = 'Biden';</script></head><body><div class='nav'>Home</div>"
        "<p>Chinese President <b>Xi Jinping</b> met Russian President Vladimir Putin in Beijing.</p>"
        "<p>The two leaders signed a joint statement, Xinhua said.</p></body></html>"
    )
    (folder / "page.txt").write_text(page, encoding="utf-8")
    result = extract(str(folder))
    assert result.exit_code == 0
    record = next(r for r in json.loads(result.stdout) if r["id"] == "page")
    texts = {e["text"] for e in record["entities"]}
    assert {"Xi Jinping", "Vladimir Putin", "Beijing"} <= texts
    assert not any("<" in t or "Biden" in t or "color" in t for t in texts)
    assert record["title"] == "Xi and Putin meet"


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    result = extract(str(folder), str(tmp_path / "missing"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing'}: no such file or directory" in result.stderr
    assert ids(result) == ["good"]


def test_stdin_closed_early(tmp_path: Path) -> None:
    result = extract("-", str(corpus(tmp_path)), input="")
    assert result.exit_code == 1
    assert "<stdin>: empty article (no text)" in result.stderr
    assert ids(result) == ["good"]


def test_store_that_is_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"my thesis draft, definitely not SQLite\n" * 200)
    before = bogus.read_bytes()
    result = extract(str(corpus(tmp_path)), "--db", str(bogus))
    assert result.exit_code == 2
    assert "is not a xiputin store (not an SQLite database)" in result.stderr
    assert bogus.read_bytes() == before


def test_store_locked_by_another_xiputin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, folder = tmp_path / "shared.db", corpus(tmp_path)
    assert extract(str(folder), "--db", str(db)).exit_code == 0
    (folder / "second.txt").write_text("Putin phoned Xi on Friday.", encoding="utf-8")
    monkeypatch.setenv("XIPUTIN_DB_TIMEOUT", "0.3")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = extract(str(folder), "--db", str(db))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2
    assert "the store is locked by another running xiputin; try again when it has finished" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id FROM articles").fetchall() == [("good",)]
    rerun = extract(str(folder), "--db", str(db))
    assert rerun.exit_code == 0 and ids(rerun) == ["good", "second"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_extraction(tmp_path: Path, jobs: str) -> None:
    from benchmarks.corpus import write_corpus

    folder, db = tmp_path / "many", tmp_path / "int.db"
    write_corpus(folder, 300, words=200)
    command = [sys.executable, "-m", "xiputin_cli", "extract", str(folder), "--db", str(db), "-f", "jsonl",
               "--jobs", jobs]  # fmt: skip
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert run.stdout is not None
    first = run.stdout.readline()  # the pipeline is running once the first record is out
    assert first.startswith("{")
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130
    assert "interrupted: finished articles are in the store" in err and "Traceback" not in err
    done = 1 + len(out.splitlines())
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert stored >= done - 1 and stored < 300
    again = subprocess.run(command, capture_output=True, text=True, timeout=300, env=os.environ)
    assert again.returncode == 0
    assert len(again.stdout.splitlines()) == 300
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT source_key) FROM articles").fetchone() == (
            300,
            300,
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["meetings", "--since", "2021-13"], "month 13 does not exist"),
        (["claims", "--since", "2021-13"], "month 13 does not exist"),
        (["extract", "seeds", "--format", "xml"], "'xml' is not one of"),
        (["extract", "seeds", "--jobs", "0"], "Invalid value for '--jobs'"),
    ],
)
def test_options_are_validated(args: list[str], message: str) -> None:
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
