"""Habits of the command-line tools these users know (sqlite-utils, llm, gh): --version, completion, -q,
-n, the output file's suffix, claims and timeline filters, one usage style in every help page."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from xiputin_cli.cli import app
from xiputin_cli.query import filter_claims
from xiputin_cli.records import Claim, Evidence

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
XIPUTIN = Path(sys.executable).parent / "xiputin"
runner = CliRunner()


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "seeds.db"
    result = runner.invoke(app, ["extract", str(SEEDS), "--db", str(db), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    return db


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out == f"xiputin {version('xiputin')}\n"


def test_shell_completion_script_and_answers() -> None:
    result = runner.invoke(app, ["--show-completion", "bash"], prog_name="xiputin")
    assert result.exit_code == 0 and "_XIPUTIN_COMPLETE=complete_bash" in result.stdout
    env = {**os.environ, "_XIPUTIN_COMPLETE": "complete_bash", "COMP_WORDS": "xiputin meetings --mode ",
           "COMP_CWORD": "3"}  # fmt: skip
    done = subprocess.run([XIPUTIN], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["in_person", "video", "phone", "unknown"]


def help_page(*words: str) -> str:
    wide = {"COLUMNS": "200"}
    return runner.invoke(app, [*words, "--help"], prog_name="xiputin", env=wide).stdout


def help_pages() -> list[tuple[list[str], str]]:
    """Every command's help, sub-groups' commands included."""
    group = typer.main.get_command(app)
    pages, todo = [], [([], group)]
    while todo:
        words, command = todo.pop()
        pages.append((words, help_page(*words)))
        for name, sub in getattr(command, "commands", {}).items():
            todo.append(([*words, name], sub))
    return pages


def test_help_has_one_usage_style_and_no_type_placeholders() -> None:
    pages = {" ".join(words): page for words, page in help_pages()}
    assert set(pages) >= {"", "extract", "claims", "meetings", "store", "store stats"}
    for words, page in pages.items():
        assert not re.search(r"<[a-z][\w\[\] |]*>", page), (words, page)  # no <bool>, <str>, <path>
        usage = next(line for line in page.splitlines() if "Usage:" in line)
        assert "{" not in usage and re.search(r"Usage: xiputin\b", usage), usage
    assert "Usage: xiputin extract [OPTIONS] [PATH]..." in pages["extract"]  # PATH or --urls FILE
    assert re.search(r"--no-store\s+Neither", pages["extract"])  # a flag: nothing between name and help
    assert re.search(r"--format\s+-f\s+\[table\|json\|jsonl\|csv\]", pages["extract"])
    assert "Usage: xiputin meetings [OPTIONS] [PATH]..." in pages["meetings"]


def test_extract_help_says_what_a_csv_row_is() -> None:
    assert "CSV: one row per entity" in help_page("extract")


@pytest.mark.parametrize(
    ("suffix", "first"), [(".csv", '"id"'), (".jsonl", "{"), (".json", "["), (".txt", "[")]
)
def test_output_suffix_chooses_the_format(seeds_db: Path, tmp_path: Path, suffix: str, first: str) -> None:
    out = tmp_path / f"meetings{suffix}"
    code, stdout, _ = invoke("meetings", "--db", str(seeds_db), "-o", str(out))
    assert code == 0 and stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith(first)
    if suffix == ".jsonl":
        assert len(text.splitlines()) == len(json.loads(invoke("meetings", "--db", str(seeds_db))[1]))


def test_format_wins_over_the_suffix(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "meetings.csv"
    assert invoke("meetings", "--db", str(seeds_db), "-o", str(out), "-f", "json")[0] == 0
    assert json.loads(out.read_text(encoding="utf-8"))


def test_limit(seeds_db: Path) -> None:
    everything = json.loads(invoke("claims", "--db", str(seeds_db), "-f", "json")[1])
    code, out, _ = invoke("claims", "--db", str(seeds_db), "-f", "json", "-n", "3")
    assert code == 0 and json.loads(out) == everything[:3]
    meetings = json.loads(invoke("meetings", "--db", str(seeds_db), "--limit", "2")[1])
    assert len(meetings) == 2
    assert json.loads(invoke("meetings", "--db", str(seeds_db), "-n", "0")[1]) == []
    assert invoke("claims", "--db", str(seeds_db), "-n", "-1")[0] == 2


def test_claims_by_via_and_article(seeds_db: Path) -> None:
    everything = json.loads(invoke("claims", "--db", str(seeds_db))[1])
    via = json.loads(invoke("claims", "--db", str(seeds_db), "--via", "xinhua")[1])
    assert via and via == [c for c in everything if c["via"] == "Xinhua"]
    article = everything[-1]["evidence"]["article"]
    from_one = json.loads(invoke("claims", "--db", str(seeds_db), "--article", article)[1])
    assert from_one == [c for c in everything if c["evidence"]["article"] == article]
    assert json.loads(invoke("claims", "--db", str(seeds_db), "--article", "no/such")[1]) == []


def test_claims_since_until_use_publication(seeds_db: Path) -> None:
    everything = json.loads(invoke("claims", "--db", str(seeds_db))[1])
    found = json.loads(invoke("claims", "--db", str(seeds_db), "--since", "2024", "--until", "2025-05")[1])
    assert found and all("2024-01-01" <= c["evidence"]["published"] <= "2025-05-31" for c in found)
    assert len(found) < len(everything)


def claim(outlet: str | None, via: str | None = None) -> tuple[Claim, str | None]:
    evidence = Evidence(article="a", text="x", start=0, end=1, outlet=outlet)
    return Claim(speaker="Xi Jinping", speaker_text="Xi", text="x", kind="direct", via=via,
                 evidence=evidence), None  # fmt: skip


def test_claims_by_outlet_take_whole_words() -> None:
    rows = [claim("South China Morning Post"), claim("Reuters", via="TASS"), claim(None)]
    assert [c.evidence.outlet for c in filter_claims(rows, outlet="south china")] == [
        "South China Morning Post"
    ]
    assert [c.evidence.outlet for c in filter_claims(rows, outlet="Reuters")] == ["Reuters"]
    assert list(filter_claims(rows, outlet="Post Morning South China Times")) == []
    assert list(filter_claims(rows, outlet="Reu")) == []  # a whole word, not a prefix
    assert [c.via for c in filter_claims(rows, via="tass")] == ["TASS"]


def test_timeline_takes_the_meetings_filters(seeds_db: Path, tmp_path: Path) -> None:
    held = json.loads(invoke("meetings", "--db", str(seeds_db), "--status", "planned")[1])
    assert held and all(m["status"] == "planned" for m in held)
    page = tmp_path / "video.svg"
    code, _, _ = invoke("timeline", "--db", str(seeds_db), "--mode", "phone", "--svg", str(page))
    every = tmp_path / "all.svg"
    assert code == 0 and invoke("timeline", "--db", str(seeds_db), "--svg", str(every))[0] == 0
    assert page.stat().st_size < every.stat().st_size
    result = runner.invoke(app, ["timeline", "--db", str(seeds_db), "--mode", "phone", "--with", "Putin"],
                           terminal_width=120)  # fmt: skip
    assert result.exit_code == 0
    phone = json.loads(invoke("meetings", "--db", str(seeds_db), "--mode", "phone")[1])
    assert phone and all(m["date"]["start"][:4] in result.stdout for m in phone)
    assert "2023" not in result.stdout  # the 2023 in-person talks are left out


def test_quiet_keeps_errors_and_drops_warnings(tmp_path: Path) -> None:
    text = "Xi Jinping met Vladimir Putin in Moscow on Monday."
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")  # the same article twice: a warning
    (tmp_path / "bad.txt").write_bytes(b"%PDF-1.4\x00\x01")
    db = tmp_path / "s.db"
    loud = runner.invoke(app, ["meetings", str(tmp_path), "--db", str(db), "-f", "json"])
    quiet = runner.invoke(app, ["meetings", str(tmp_path), "--db", str(db), "-f", "json", "-q"])
    assert loud.exit_code == quiet.exit_code == 1
    assert "warning:" in loud.stderr and "warning:" not in quiet.stderr
    assert "bad.txt: binary file" in quiet.stderr and "1 input(s) could not be read" in quiet.stderr
    assert json.loads(quiet.stdout) == json.loads(loud.stdout)


def test_csv_from_the_cli_keeps_cameo_text(seeds_db: Path) -> None:
    code, out, _ = invoke("meetings", "--db", str(seeds_db), "-f", "csv")
    assert code == 0
    header, *rows = list(csv.reader(io.StringIO(out), quoting=csv.QUOTE_NONNUMERIC))
    cameo = header.index("cameo")
    assert rows and all(isinstance(r[cameo], str) and len(r[cameo]) == 3 for r in rows)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_quiet_draws_no_progress_at_a_terminal(tmp_path: Path) -> None:
    from tests.test_terminal import run_with_terminal_stderr

    (tmp_path / "in").mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (tmp_path / "in" / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "in" / "de.txt").write_text("Das ist ein Artikel auf Deutsch über das Wetter. " * 8)
    args = ["extract", str(tmp_path / "in"), "-f", "json", "--jobs", "1", "--no-store"]
    loud_code, loud = run_with_terminal_stderr(args, tmp_path / "loud.json")
    code, screen = run_with_terminal_stderr([*args, "-q"], tmp_path / "quiet.json")
    assert loud_code == code == 0
    assert b"articles" in loud and b"warning" in loud  # progress and the not-English warning...
    assert screen == b""  # ...neither with -q
    quiet_records = json.loads((tmp_path / "quiet.json").read_text(encoding="utf-8"))
    assert quiet_records == json.loads((tmp_path / "loud.json").read_text(encoding="utf-8"))
    assert len(quiet_records) == 5
