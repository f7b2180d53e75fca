"""The embedded store: cache hits, invalidation, transactional batches, and surviving a kill."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from xiputin_cli.extract import extract_articles
from xiputin_cli.load import make_source_text
from xiputin_cli.records import Article, Claim, Evidence
from xiputin_cli.store import Store, StoreError, content_hash, default_store_path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def write_corpus(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = (
            f"Chinese President Xi Jinping met Russian President Vladimir Putin in city number {i}. "
            f"Officials said talks number {i} covered energy, trade and security for {i % 7 + 2} hours."
        )
        (folder / f"article_{i:04d}.txt").write_text(text, encoding="utf-8")


def ids(records: list[Any]) -> list[str]:
    return [r.id for r in records if isinstance(r, Article)]


def test_default_location_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XIPUTIN_HOME", str(tmp_path))
    assert default_store_path() == tmp_path / "xiputin.db"
    monkeypatch.setenv("XIPUTIN_DB", str(tmp_path / "other.db"))
    assert default_store_path() == tmp_path / "other.db"


def test_second_run_comes_from_the_store_without_spacy(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "x.db"
    with Store(db) as store:
        first = list(extract_articles([SEEDS], store=store))  # the default pipeline, as the CLI runs it

    def no_spacy(model: str | None = None) -> None:
        raise AssertionError("the pipeline was loaded for unchanged articles")

    monkeypatch.setattr("xiputin_cli.pipeline.load_pipeline", no_spacy)
    with Store(db) as store:
        second = list(extract_articles([SEEDS], store=store))
        assert store.count() == 5
    assert [a.model_dump() for a in second] == [a.model_dump() for a in first]


def test_changed_article_is_processed_again_and_replaces_its_row(tmp_path: Path, nlp: Any) -> None:
    corpus, db = tmp_path / "c", tmp_path / "x.db"
    write_corpus(corpus, 3)
    with Store(db) as store:
        list(extract_articles([corpus], nlp=nlp, store=store))
    (corpus / "article_0001.txt").write_text(
        "Vladimir Putin spoke with Joe Biden by phone.", encoding="utf-8"
    )
    with Store(db) as store:
        records = list(extract_articles([corpus], nlp=nlp, store=store))
        assert store.count() == 3
        assert isinstance(records[1], Article)
        people = {e.canonical for e in records[1].entities if e.label == "PERSON"}
    assert people == {"Vladimir Putin", "Joe Biden"}


def test_content_hash_covers_metadata() -> None:
    a = make_source_text("Same text.", id="a", source="a.jsonl:1", published="2024-01-01")
    b = make_source_text("Same text.", id="a", source="a.jsonl:1", published="2024-01-02")
    assert content_hash(a) != content_hash(b)


def test_claims_query_escapes_like_wildcards(tmp_path: Path) -> None:
    source = make_source_text("Xi said yes.", id="x", source=str(tmp_path / "x.txt"))
    claim = Claim(
        speaker="Xi Jinping", speaker_text="Xi", text="yes", kind="indirect",
        evidence=Evidence(article="x", text="Xi said yes.", start=0, end=12),
    )  # fmt: skip
    with Store(tmp_path / "x.db") as store:
        store.save(source, Article(id="x", source=source.source, claims=[claim]), "p")
        assert [c.speaker for c, _ in store.claims(speaker_like="xi")] == ["Xi Jinping"]
        assert list(store.claims(speaker_like="%")) == []
        assert list(store.claims(speaker_like="x'; DROP TABLE claims; --")) == []
        assert store.count() == 1


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not a xiputin store"):
        Store(bogus)
    assert bogus.read_text(encoding="utf-8").startswith("these are my notes")


def test_killed_extraction_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "kill.db"
    write_corpus(corpus, 400)
    command = [sys.executable, "-m", "xiputin_cli", "extract", str(corpus), "--db", str(db), "-f", "jsonl",
               "--jobs", "1"]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and run.poll() is None:
        stored = stored_rows(db)
        if stored >= 32:
            run.send_signal(signal.SIGKILL)
            break
        time.sleep(0.05)
    run.wait(timeout=30)
    assert 0 < stored_rows(db) < 400, "the run should have been killed part-way"
    second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert second.returncode == 0, second.stderr
    records = [json.loads(line) for line in second.stdout.splitlines()]
    assert [r["id"] for r in records] == [f"article_{i:04d}" for i in range(400)]
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT count(*), count(DISTINCT source_key) FROM articles").fetchone()
    assert rows == (400, 400)


def stored_rows(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=0.1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_a_renamed_article_moves_its_row(tmp_path: Path, nlp: Any) -> None:
    corpus, db = tmp_path / "c", tmp_path / "x.db"
    write_corpus(corpus, 2)
    with Store(db) as store:
        list(extract_articles([corpus], nlp=nlp, store=store))
    (corpus / "article_0001.txt").rename(corpus / "renamed.txt")
    with Store(db) as store:
        records = list(extract_articles([corpus], nlp=nlp, store=store))
        keys = [row[0] for row in store.conn.execute("SELECT source_key FROM articles ORDER BY source_key")]
    assert [Path(k).name for k in keys] == ["article_0000.txt", "renamed.txt"]
    assert [r.source for r in records if isinstance(r, Article)][-1].endswith("renamed.txt")


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "notes.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("PRAGMA user_version = 7")
    with pytest.raises(StoreError, match="another program's SQLite database"):
        Store(other)
    with sqlite3.connect(other) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]


def test_an_unreadable_article_keeps_its_stored_record(tmp_path: Path, nlp: Any, monkeypatch: Any) -> None:
    corpus, db = tmp_path / "c", tmp_path / "x.db"
    write_corpus(corpus, 2)
    with Store(db) as store:
        list(extract_articles([corpus], nlp=nlp, store=store))
    flaky = corpus / "article_0000.txt"
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == flaky:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with Store(db) as store:
        list(extract_articles([corpus], nlp=nlp, store=store))
        assert store.count() == 2


def stored_keys(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(Path(row[0]).name for row in conn.execute("SELECT source_key FROM articles"))


def test_a_file_that_became_a_broken_symlink_keeps_its_rows(tmp_path: Path, nlp: Any) -> None:
    corpus, db = tmp_path / "c", tmp_path / "x.db"
    write_corpus(corpus, 2)
    with Store(db) as store:
        list(extract_articles([corpus], nlp=nlp, store=store))
    flaky = corpus / "article_0001.txt"
    flaky.unlink()
    flaky.symlink_to(tmp_path / "nowhere.txt")
    with Store(db) as store:
        records = list(extract_articles([corpus], nlp=nlp, store=store))
    assert [type(r).__name__ for r in records] == ["Article", "LoadFailure"]
    assert stored_keys(db) == ["article_0000.txt", "article_0001.txt"]
    flaky.unlink()  # really gone now: its row goes too
    with Store(db) as store:
        list(extract_articles([corpus], nlp=nlp, store=store))
    assert stored_keys(db) == ["article_0000.txt"]


@pytest.mark.parametrize(
    "spoiled",
    [b"\x00" + b"binary junk", "\ufeff".encode("utf-16-le") + b"\x00\xd8"],
    ids=["nul-in-first-4kb", "broken-utf16"],
)
def test_a_jsonl_file_unreadable_as_a_whole_keeps_every_line(
    tmp_path: Path, nlp: Any, spoiled: bytes
) -> None:
    corpus, db = tmp_path / "c", tmp_path / "x.db"
    corpus.mkdir()
    lines = [
        json.dumps({"id": f"n{i}", "text": f"Xi Jinping met Vladimir Putin in Moscow, day {i}."})
        for i in range(4)
    ]
    feed = corpus / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Store(db) as store:
        list(extract_articles([corpus], nlp=nlp, store=store))
    assert stored_keys(db) == [f"feed.jsonl:{i}" for i in range(1, 5)]
    feed.write_bytes(spoiled + feed.read_bytes())
    with Store(db) as store:
        records = list(extract_articles([corpus], nlp=nlp, store=store))
    assert [type(r).__name__ for r in records] == ["LoadFailure"]
    assert stored_keys(db) == [f"feed.jsonl:{i}" for i in range(1, 5)]


def test_finished_articles_are_committed_every_few_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only every batch: a slow run commits by time, so a kill loses seconds of work, not a batch."""
    import xiputin_cli.store as store_module
    from benchmarks.records import synthetic_articles

    clock = [100.0]
    monkeypatch.setattr(store_module, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    db = tmp_path / "s.db"
    with Store(db) as store:
        for n, article in enumerate(synthetic_articles(3, seed=31)):
            clock[0] += 0.9
            source = make_source_text(article.id, id=article.id, source=f"/x/{n}.txt", analyse=False)
            store.save(source, article, "p", batch=1000)
            with sqlite3.connect(db) as other:
                visible = other.execute("SELECT count(*) FROM articles").fetchone()[0]
            assert visible == (0 if n < 2 else 3)  # 2.7 s after the last commit: all three


KILLED_WRITER = """
import sys, time
from benchmarks.records import synthetic_articles
from xiputin_cli.load import make_source_text
from xiputin_cli.store import Store
articles = synthetic_articles(400, seed=32)
store = Store(__import__("pathlib").Path(sys.argv[1]))
for n, article in enumerate(articles):
    time.sleep(0.05)  # an article's worth of spaCy
    store.save(make_source_text(article.id, id=article.id, source=f"/k/{n}.txt", analyse=False), article, "p",
               batch=1000)
    print(n + 1, n + 1 - store.pending, flush=True)  # saved, of which committed
"""


@pytest.mark.parametrize("commits", [1, 2])
def test_kill_9_loses_at_most_a_few_seconds(tmp_path: Path, commits: int) -> None:
    """Killed once the writer says it committed (by time: the batch is larger than the run) `commits` times
    and has more saved since, the store holds every article it said were committed."""
    db = tmp_path / "killed.db"
    Store(db).close()  # the schema exists before the writer starts
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(db)], cwd=Path(__file__).parents[1], stdout=subprocess.PIPE
    )
    assert writer.stdout is not None
    seen, saved, committed, deadline = 0, 0, 0, time.monotonic() + 120
    while seen < commits or saved < committed + 3:  # killed with work in hand, not just after a commit
        line = writer.stdout.readline()
        assert line and time.monotonic() < deadline, f"the writer stopped after {saved} saves"
        saved, now_committed = map(int, line.split())
        seen += now_committed > committed
        committed = now_committed
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < committed < saved and stored >= committed  # what was committed by time survived the kill
