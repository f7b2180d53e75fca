"""The second bad-input matrix: inputs built to lose data, hang or crash, each read (or refused) on one clear
line while the other inputs go on. Texts here are synthetic."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from xiputin_cli.cli import app
from xiputin_cli.components.bounds import MAX_RUN, MAX_SENTENCE_TOKENS, BoundedTokenizer, cut_long_runs
from xiputin_cli.limits import MAX_TEXT_BYTES, read_bounded, shape_problem, stream_lines
from xiputin_cli.load import LoadFailure, SourceText, read_jsonl, read_stream

runner = CliRunner()
GOOD = "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on Thursday."


def extract(*args: str, input: str | bytes | None = None) -> Result:
    return runner.invoke(app, ["extract", *args, "--format", "json", "--jobs", "1"], input=input)


def records(result: Result) -> dict[str, Any]:
    return {record["id"]: record for record in json.loads(result.stdout)}


# 3. JSON Lines split on "\n" only


@pytest.mark.parametrize(
    "separator", ["\u2028", "\u2029", "\u0085"]
)  # raw in JSON strings (ensure_ascii=False)
def test_jsonl_keeps_records_with_unicode_line_separators_whole(tmp_path: Path, separator: str) -> None:
    first = f"Xi Jinping met Vladimir Putin.{separator}They talked about trade."
    lines = [
        json.dumps({"id": "a", "text": first}, ensure_ascii=False),
        "{broken",
        json.dumps({"id": "c", "text": GOOD}, ensure_ascii=False),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = list(read_jsonl(path.read_bytes(), source=str(path)))
    assert [type(item) for item in loaded] == [SourceText, LoadFailure, SourceText]
    assert isinstance(loaded[0], SourceText) and loaded[0].text == first
    assert isinstance(loaded[1], LoadFailure) and loaded[1].line == 2  # later line numbers do not shift
    assert isinstance(loaded[2], SourceText) and loaded[2].source == f"{path}:3"
    piped = list(read_stream(io.BytesIO(path.read_bytes()), source="<stdin>"))
    assert [getattr(item, "text", None) for item in piped] == [first, None, GOOD]


def test_jsonl_with_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Xi met Putin."}\r\n{"id": "b", "text": "Putin met Xi."}\r\n')
    assert [getattr(i, "id", None) for i in read_jsonl(path.read_bytes(), source="crlf.jsonl")] == ["a", "b"]


# 9. Bounded work per article


def test_long_runs_are_cut_only_inside_runs() -> None:
    text = "short words " + "x" * (2 * MAX_RUN + 5) + " end " + '"' * (MAX_RUN + 1)
    pieces = list(cut_long_runs(text, MAX_RUN))
    assert "".join(pieces) == text
    assert all(not piece[:1].isspace() for piece in pieces)
    assert max(len(run) for piece in pieces for run in piece.split()) <= MAX_RUN
    assert list(cut_long_runs("ordinary prose, nothing long", MAX_RUN)) == ["ordinary prose, nothing long"]


def test_bounded_tokenizer_keeps_every_offset(nlp: Any) -> None:
    text = 'He said "' + "“" * 3000 + '" and ' + "-" * 1000 + "https://example.org/" + "a" * 400 + " ok."
    doc = nlp.make_doc(text)
    assert isinstance(nlp.tokenizer, BoundedTokenizer)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    plain = "Xi Jinping met Vladimir Putin in Moscow, and they talked."
    assert [t.text for t in nlp.make_doc(plain)] == [t.text for t in nlp.tokenizer.tokenizer(plain)]


def test_no_sentence_outgrows_the_bound(nlp: Any) -> None:
    words = "the two sides agreed to deepen cooperation in energy and trade " * 150  # no full stop at all
    doc = nlp(words)
    assert max(len(sentence) for sentence in doc.sents) <= MAX_SENTENCE_TOKENS
    prose = " ".join(["Xi Jinping met Vladimir Putin in Moscow on Thursday."] * 40)
    assert nlp.get_pipe("xiputin_sentence_bound")(nlp.make_doc(prose))[40].is_sent_start is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('"' * 20_000, "only 0% of its characters are letters"),
        ("“”" * 10_000 + " " + "word " * 100, "% of its characters are letters"),
        ("and the talks went on " * 45_000, "characters without a sentence break from character 0"),
        ('Xi said "we will win." Putin agreed. ' * 2_600, "5,200 quotation marks (the limit is 5,000)"),
    ],
)
def test_text_no_pipeline_can_read_in_bounded_time_is_refused(text: str, why: str) -> None:
    problem = shape_problem(text)
    assert problem is not None and why in problem and problem.startswith("not article text")


def test_prose_is_never_refused_for_its_shape() -> None:
    long_prose = "Xi Jinping said the talks went well. Putin agreed, and they signed a statement.\n" * 5000
    assert shape_problem(long_prose) is None
    assert shape_problem("Quotes “everywhere,” he said; “fine.”\n" * 1200) is None
    figures = "Exports rose 12.5% to $1,234.5 million in 2023, up from $1,098.2 million in 2022. " * 100
    assert shape_problem(figures) is None  # a story full of figures is still prose
    assert shape_problem('"' * 4000) is None  # short texts are cheap whatever they look like
    assert shape_problem('Xi said "we will win." Putin agreed. ' * 2_400) is None  # 4,800 marks


def test_hostile_shapes_finish_fast_and_the_rest_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "quotes.txt").write_text('"' * 40_000, encoding="utf-8")
    (folder / "one_line.txt").write_text("and the talks went on " * 40_000, encoding="utf-8")
    result = extract(str(folder), "--no-store")  # each took minutes before; now refused before spaCy sees it
    assert result.exit_code == 1
    assert "quotes.txt: not article text: only 0% of its characters are letters" in result.stderr
    assert "one_line.txt: not article text: 880,000 characters without a sentence break" in result.stderr
    assert list(records(result)) == ["good"]


def test_long_unpunctuated_but_acceptable_text_is_cut_into_bounded_sentences(nlp: Any) -> None:
    """Unbounded sentences made the parser and the clause rules take minutes; a forced break every
    MAX_SENTENCE_TOKENS tokens keeps them to seconds. The bound is checked, not the clock."""
    from xiputin_cli.components.bounds import MAX_SENTENCE_TOKENS
    from xiputin_cli.extract import extract_text

    text = ("Xi Jinping told Vladimir Putin that the sides would deepen ties " * 140 + ".\n") * 4  # 36 KB
    assert max(len(sent) for sent in nlp(text).sents) <= MAX_SENTENCE_TOKENS
    article = extract_text(text, nlp=nlp)
    assert article.words == len(text.split())


# 10. Endless inputs


def test_read_bounded_stops_one_chunk_past_the_limit() -> None:
    class Endless(io.RawIOBase):
        def __init__(self) -> None:
            self.given = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            buffer[:] = b"\0" * len(buffer)
            self.given += len(buffer)
            return len(buffer)

    endless = Endless()
    assert read_bounded(io.BufferedReader(endless), limit=1_000_000) is None
    assert endless.given <= 1_000_000 + 2 * 65_536 + io.DEFAULT_BUFFER_SIZE
    assert read_bounded(io.BytesIO(b"short"), limit=10) == b"short"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero and /dev/urandom")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_as_path_are_refused_as_too_long(tmp_path: Path, device: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = extract(device, str(good), "--no-store")
    assert result.exit_code == 1
    assert f"{device}: article too long (more than {MAX_TEXT_BYTES:,} bytes" in result.stderr
    assert list(records(result)) == ["good"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_on_stdin_is_refused_as_too_long(tmp_path: Path) -> None:
    import subprocess

    command = [sys.executable, "-m", "xiputin_cli", "extract", "-", "-f", "json", "--no-store"]
    with open("/dev/zero", "rb") as zero:
        run = subprocess.run(command, stdin=zero, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "<stdin>: article too long (more than" in run.stderr and "Traceback" not in run.stderr


class Endless(io.RawIOBase):
    """A pipe that never ends: `first`, then the same byte for ever."""

    def __init__(self, first: bytes, fill: bytes) -> None:
        self.first, self.fill, self.given = first, fill, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = (self.first + self.fill * len(buffer))[: len(buffer)]
        self.first = self.first[len(data) :]
        buffer[: len(data)] = data
        self.given += len(data)
        return len(data)


def test_an_endless_json_line_on_stdin_ends_the_reading() -> None:
    pipe = Endless(b'{"text": "', b"\0")
    items = list(read_stream(io.BufferedReader(pipe), source="<stdin>"))
    assert [(i.line, "article too long" in i.message) for i in items if isinstance(i, LoadFailure)] == [
        (1, True)
    ]
    assert pipe.given < 30 * MAX_TEXT_BYTES


def test_random_lines_on_stdin_stop_after_a_long_run_of_failures() -> None:
    pipe = Endless(b"{", b"garbage\n")
    items = list(read_stream(io.BufferedReader(pipe), source="<stdin>"))
    assert isinstance(items[-1], LoadFailure) and "not JSON Lines; stopped" in items[-1].message
    assert len(items) == 1_001


def test_jsonl_on_stdin_streams_and_an_endless_line_fails_alone() -> None:
    lines = [json.dumps({"id": "a", "text": GOOD}).encode(), b'{"id": "b", "text": "' + b"x" * 300, b""]
    got = list(stream_lines(io.BytesIO(b"\n".join(lines[:2]) + b'"}\n' + lines[0]), limit=200))
    assert got == [lines[0], None, lines[0]]
    assert list(stream_lines(io.BytesIO(b"one\ntwo"))) == [b"one", b"two"]


# 11. File names in no encoding


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"bad\xff\xfe.txt"), "wb") as handle:
        handle.write(b"Vladimir Putin spoke with Xi Jinping by phone on Friday.")
    db = tmp_path / "s.db"
    for args in (["--no-store"], ["--db", str(db)], ["--db", str(db)]):  # the re-run reads it back
        result = extract(str(folder), *args)
        assert result.exit_code == 0, result.output
        found = records(result)
        assert set(found) == {"good", "bad\\xff\\xfe"}
        assert found["bad\\xff\\xfe"]["source"] == str(folder / "bad\\xff\\xfe.txt")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (2,)


# 12. and also: JSON Lines records that are hostile or odd


def test_deeply_nested_json_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    nested = '{"id": "n", "text": "x", "extra": ' + deep + "}"
    path.write_text("\n".join([json.dumps({"id": "a", "text": GOOD}), deep, nested,
                               json.dumps({"id": "d", "text": GOOD})]), encoding="utf-8")  # fmt: skip
    result = extract(str(path), "--no-store")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{path}:2: invalid JSON: nested too deeply" in result.stderr
    assert f"{path}:3: invalid JSON: nested too deeply" in result.stderr
    assert list(records(result)) == ["a", "d"]


@pytest.mark.parametrize(
    ("given", "expected", "warning"),
    [
        (0, "0", '"id" 0 is a number, not a string: read as "0"'),
        (17, "17", '"id" 17 is a number, not a string: read as "17"'),
        (["x", 1], "feed.jsonl:1", '"id" ["x", 1] is not a string: the record is read as "feed.jsonl:1"'),
        ({"k": "v"}, "feed.jsonl:1", 'is not a string: the record is read as "feed.jsonl:1"'),
        (True, "feed.jsonl:1", '"id" true is not a string'),
        (None, "feed.jsonl:1", None),
        ("given", "given", None),
    ],
)
def test_jsonl_ids_that_are_not_strings(given: Any, expected: str, warning: str | None) -> None:
    line = json.dumps({"id": given, "text": GOOD}).encode()
    (record,) = list(read_jsonl(line, source="dir/feed.jsonl"))
    assert isinstance(record, SourceText) and record.id == expected
    again = next(iter(read_jsonl(line, source="dir/feed.jsonl")))
    assert isinstance(again, SourceText) and again.id == record.id  # stable from run to run
    if warning is None:
        assert record.warnings == []
    else:
        assert any(warning in w for w in record.warnings), record.warnings


def test_escaped_half_characters_in_jsonl_are_mended(tmp_path: Path) -> None:
    path = tmp_path / "halves.jsonl"
    path.write_text('{"id": "a\\ud800", "text": "Xi Jinping met Vladimir Putin \\udc00 in Moscow."}\n')
    result = extract(str(path), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 0, result.output
    (record,) = records(result).values()
    assert record["id"] == "a\ufffd" and "U+FFFD" in " ".join(record["warnings"])
