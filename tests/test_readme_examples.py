"""Every command of README's "Use" section runs from a clone, in order (the first fills the store the
queries read), through CliRunner, in a scratch folder that holds the clone's seeds/ and examples/."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xiputin_cli.cli import app

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def use_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Use\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.+?)\n```", section, flags=re.S)
    lines = [line.split("  # ")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if re.search(r"(^|\| )xiputin ", line)]


def parse(line: str) -> tuple[list[str], Path | None, Path | None, bool]:
    """The xiputin words of a shell line, the file piped in (`cat FILE |`), the file written (`> FILE`),
    and whether it pipes into another program."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars="|>")
    lexer.whitespace_split = True
    segments: list[list[str]] = [[]]
    for token in lexer:
        segments.append([]) if token == "|" else segments[-1].append(token)
    at = next(i for i, words in enumerate(segments) if words[:1] == ["xiputin"])
    words = segments[at][1:]
    written = None
    if ">" in words:
        written = Path(words[words.index(">") + 1])
        words = words[: words.index(">")]
    piped_in = Path(segments[at - 1][1]) if at and segments[at - 1][0] == "cat" else None
    return words, piped_in, written, at < len(segments) - 1


def test_the_use_section_has_the_new_habits() -> None:
    commands = use_commands()
    joined = "\n".join(commands)
    for habit in ("--via", "--outlet", "--article", "-n ", "-o reuters.csv", "--evidence", "store stats",
                  "store path", "-q", "--version", "eval examples/gold", "timeline --mode"):  # fmt: skip
        assert habit in joined, habit
    assert len(commands) >= 20


def test_every_use_example_runs_from_a_clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in ("seeds", "examples"):
        (tmp_path / folder).symlink_to(REPO / folder)
    monkeypatch.chdir(tmp_path)
    for line in use_commands():
        words, piped_in, written, piped_on = parse(line)
        stdin = piped_in.read_text(encoding="utf-8") if piped_in else None
        result = runner.invoke(app, words, input=stdin, prog_name="xiputin")
        assert result.exit_code == 0, (line, result.stderr)
        if written:
            written.write_text(result.stdout, encoding="utf-8")
        fmt = next((words[i + 1] for i, w in enumerate(words) if w in ("-f", "--format")), None)
        if fmt == "json" or (fmt is None and piped_on):  # JSON, as jq would get it
            json.loads(result.stdout)
        elif fmt == "jsonl" and not written:
            assert all(json.loads(line) for line in result.stdout.splitlines())
    assert (tmp_path / "timeline.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "evidence.csv").read_text(encoding="utf-8").startswith('"id"')
    assert (tmp_path / "seeds.jsonl").read_text(encoding="utf-8").count("\n") == 5
