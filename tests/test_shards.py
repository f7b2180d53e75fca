"""Shards for job arrays: the shards of a corpus union to exactly its unsharded output, a killed and
retried shard leaves no partial part file, and `merge` over the parts equals `meetings`/`claims`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from xiputin_cli.cli import app
from xiputin_cli.recorded import read_records
from xiputin_cli.records import Article
from xiputin_cli.shards import Shard, parse_shard, shard_of

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()
SHORT = [  # synthetic wire items, so that each of three shards has articles
    "Xi Jinping and Vladimir Putin held a video call on {day}, the Kremlin said.",
    "Putin will travel to Beijing to meet Xi next {day}, his aide announced.",
    "Xi told Putin on {day} that China and Russia should deepen cooperation, state media reported.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    (root / "seeds").mkdir()
    for seed in SEEDS.glob("*.txt"):
        (root / "seeds" / seed.name).write_bytes(seed.read_bytes())
    lines = [
        {"id": f"wire-{i}-{day}", "text": text.format(day=day), "published": f"2024-0{i + 3}-1{j}"}
        for i, text in enumerate(SHORT)
        for j, day in enumerate(DAYS)
    ]
    (root / "wire.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    (root / "broken.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    return root


def run(*args: str) -> Any:
    return runner.invoke(app, [*args, "--no-store"] if args[0] != "merge" else list(args))


@pytest.fixture(scope="module")
def parts(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    out = tmp_path_factory.mktemp("parts")
    results = [
        run("extract", str(corpus), "--shard", f"{i}/3", "--output", str(out), "-j", "1") for i in range(3)
    ]
    return out, results


@pytest.fixture(scope="module")
def whole(corpus: Path) -> list[dict[str, Any]]:
    result = run("extract", str(corpus), "--format", "jsonl", "-j", "1")
    assert result.exit_code == 1  # broken.jsonl
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_shards_union_to_exactly_the_unsharded_output(
    parts: tuple[Path, list[Any]], whole: list[Any]
) -> None:
    out, _ = parts
    assert sorted(p.name for p in out.iterdir()) == [f"part-0000{i}.jsonl.gz" for i in range(3)]
    shards = [
        [r.model_dump(mode="json") for r in read_records([out / f"part-0000{i}.jsonl.gz"])] for i in range(3)
    ]
    assert all(shards), "every shard has articles"
    union = sorted((r for shard in shards for r in shard), key=lambda r: r["id"])
    assert union == sorted(whole, key=lambda r: r["id"]) and len(union) == len(whole) == 17
    assert len({r["id"] for r in union}) == 17  # each article in one shard only


def test_a_failure_is_reported_by_one_shard_only(parts: tuple[Path, list[Any]]) -> None:
    _, results = parts
    reported = [r for r in results if 'broken.jsonl:1: no "text" string' in r.stderr]
    assert len(reported) == 1 and reported[0].exit_code == 1
    assert all(r.exit_code == 0 for r in results if r is not reported[0])


def test_merge_over_the_shards_equals_meetings_and_claims(
    parts: tuple[Path, list[Any]], corpus: Path
) -> None:
    out, _ = parts
    for filters in ([], ["--since", "2024-04"], ["--status", "planned"]):
        merged = run("merge", str(out), "--format", "json", *filters)
        direct = run("meetings", str(corpus), "--format", "json", "-j", "1", *filters)
        assert merged.exit_code == 0 and direct.exit_code == 1  # broken.jsonl is not in the parts
        assert json.loads(merged.stdout) == json.loads(direct.stdout)
    assert json.loads(merged.stdout), "some meeting is planned"
    merged = run("merge", str(out), "--claims", "--format", "json", "--speaker", "Xi")
    direct = run("claims", str(corpus), "--format", "json", "-j", "1", "--speaker", "Xi")
    key = lambda c: (c["evidence"]["article"], c["evidence"]["start"])  # noqa: E731
    assert sorted(json.loads(merged.stdout), key=key) == sorted(json.loads(direct.stdout), key=key)
    claims = json.loads(merged.stdout)
    assert claims and [c["evidence"]["article"] for c in claims] == sorted(
        c["evidence"]["article"] for c in claims
    )


def test_store_import_makes_every_query_read_the_parts(parts: tuple[Path, list[Any]], tmp_path: Path) -> None:
    out, _ = parts
    db = tmp_path / "x.db"
    for _ in range(2):  # importing again replaces, never doubles
        result = runner.invoke(app, ["store", "import", str(out), "--db", str(db)])
        assert result.exit_code == 0 and "imported 17 article record(s)" in result.stderr
    stored = runner.invoke(app, ["meetings", "--db", str(db), "--format", "json"])
    assert json.loads(stored.stdout) == json.loads(run("merge", str(out), "--format", "json").stdout)
    stored = runner.invoke(app, ["claims", "--db", str(db), "--format", "json"])
    assert json.loads(stored.stdout) == json.loads(
        run("merge", str(out), "--claims", "--format", "json").stdout
    )


def test_merge_reports_what_is_not_a_record_and_goes_on(
    parts: tuple[Path, list[Any]], tmp_path: Path
) -> None:
    out, _ = parts
    bad = tmp_path / "notes.jsonl"
    bad.write_text(
        '{"text": "an article, not a record"}\n\n{"id": "a", "source": "s", "message": "binary file"}\n'
    )
    result = run("merge", str(out), str(bad), "--format", "json")
    assert result.exit_code == 1
    assert f"{bad}:1: not an article record:" in result.stderr and "s: binary file" in result.stderr
    assert json.loads(result.stdout) == json.loads(run("merge", str(out), "--format", "json").stdout)
    assert "no such file" in run("merge", str(tmp_path / "gone")).stderr


def test_merge_refuses_filters_of_the_other_table(parts: tuple[Path, list[Any]]) -> None:
    out, _ = parts
    assert "--speaker filters claims: add --claims" in run("merge", str(out), "--speaker", "Xi").stderr
    result = run("merge", str(out), "--claims", "--mode", "video")
    assert result.exit_code == 2 and "--mode filters meetings" in result.stderr


def test_parse_shard_reads_job_array_variables() -> None:
    assert parse_shard("2/5") == Shard(2, 5)
    assert parse_shard("auto", {"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}) == Shard(3, 4)
    slurm_from_one = {"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"}
    assert parse_shard("auto", slurm_from_one) == Shard(3, 4)
    assert parse_shard("auto/8", {"JOB_COMPLETION_INDEX": "7"}) == Shard(7, 8)
    for spec, env, message in [
        ("3/3", {}, "from 0 to 2"),
        ("1/0", {}, "from 0 to 0"),
        ("x", {}, "expected i/N"),
        ("auto", {}, "neither SLURM_ARRAY_TASK_ID"),
        ("auto", {"JOB_COMPLETION_INDEX": "1"}, "give the count"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_shard(spec, env)


def test_a_bad_shard_is_a_usage_error(corpus: Path, tmp_path: Path) -> None:
    result = run("extract", str(corpus), "--shard", "4/4")
    assert result.exit_code == 2 and "--shard '4/4'" in result.stderr
    (tmp_path / "file").write_text("")
    result = run("extract", str(corpus), "--shard", "0/2", "--output", str(tmp_path / "file"))
    assert result.exit_code == 2 and "names a folder" in result.stderr


def test_the_shard_of_an_id_is_the_same_in_every_process() -> None:
    code = "from xiputin_cli.shards import shard_of; print([shard_of(f'nyt/{i}', 7) for i in range(50)])"
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert seen == {str([shard_of(f"nyt/{i}", 7) for i in range(50)]) + "\n"}
    assert len(set(json.loads(seen.pop()))) == 7  # spread over every shard


def test_a_killed_shard_leaves_no_partial_file_and_a_retry_completes(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "xiputin_cli", "extract", str(corpus / "seeds"), "--shard", "0/1"]
    command += ["--output", str(out), "--no-store", "-j", "1"]
    task = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(out.glob(".part-*")) and time.monotonic() < deadline and task.poll() is None:
        time.sleep(0.05)
    task.send_signal(signal.SIGKILL)
    task.wait()
    assert not (out / "part-00000.jsonl.gz").exists()  # killed mid-write: nothing merge would read
    assert list(read_records([out])) == []
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out.iterdir()] == ["part-00000.jsonl.gz"]  # the killed try's hidden file is gone
    assert len([r for r in read_records([out]) if isinstance(r, Article)]) == 5


def test_engine_options_are_checked_before_any_work(corpus: Path, tmp_path: Path) -> None:
    plain = run("extract", str(corpus / "seeds"), "--engine", "spacy", "--format", "jsonl", "-j", "1")
    assert plain.exit_code == 0 and len(plain.stdout.splitlines()) == 5
    assert "--parquet and --address go with --engine ray" in run("extract", str(corpus), "--parquet").stderr
    (tmp_path / "old.json").write_text("{}")
    result = run("extract", str(corpus), "--engine", "ray", "--output", str(tmp_path))
    assert result.exit_code == 2 and "not empty" in result.stderr
    result = run("extract", str(corpus), "--engine", "ray")
    assert result.exit_code == 2 and "writes to --output DIR" in result.stderr


def test_merge_and_import_never_import_spacy(parts: tuple[Path, list[Any]], tmp_path: Path) -> None:
    out, _ = parts
    db = str(tmp_path / "i.db")
    code = (
        "import sys; from typer.testing import CliRunner; from xiputin_cli.cli import app; "
        f"m = CliRunner().invoke(app, ['merge', {str(out)!r}, '-f', 'json']); "
        f"i = CliRunner().invoke(app, ['store', 'import', {str(out)!r}, '--db', {db!r}]); "
        "print(m.exit_code, i.exit_code, 'spacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-3:] == ["0", "0", "False"]


def test_a_shard_opens_only_its_own_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-article file is chosen by the id its path gives, before it is read: a task never opens the
    others' files, and a file that cannot be read is reported by its own task only; a file of many
    articles is read by every task (its ids are inside)."""
    root = tmp_path / "corpus"
    (root / "wire").mkdir(parents=True)
    for i in range(12):
        text = SHORT[i % 3].format(day=DAYS[i % 4]) + f" Item {i}."
        (root / "wire" / f"item{i:02d}.txt").write_text(text, encoding="utf-8")
    (root / "gone.txt").symlink_to(tmp_path / "missing.txt")  # unreadable
    lines = [{"id": f"line-{i}", "text": SHORT[i % 3].format(day="Friday")} for i in range(3)]
    (root / "feed.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    opened: list[str] = []
    real_open = Path.open

    def spy(path: Path, *args: Any, **kwargs: Any) -> Any:
        if root in path.parents:
            opened.append(path.relative_to(root).as_posix())
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    reports, ids = [], []
    for i in range(3):
        opened.clear()
        result = run("extract", str(root), "--shard", f"{i}/3", "--format", "jsonl", "-j", "1")
        got = [json.loads(line)["id"] for line in result.stdout.splitlines()]
        files = {f"{ident}.txt" for ident in got if ident.startswith("wire/")}
        assert set(opened) == files | {"feed.jsonl"}, "only its own files, and the file of many"
        assert all(Shard(i, 3).holds(ident) for ident in got)
        reports.append("gone.txt: broken symbolic link" in result.stderr)
        assert result.exit_code == (1 if reports[-1] else 0)
        ids += got
    assert reports.count(True) == 1 and reports.index(True) == shard_of("gone", 3)
    assert sorted(ids) == sorted([f"wire/item{i:02d}" for i in range(12)] + [f"line-{i}" for i in range(3)])
