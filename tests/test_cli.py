"""The command line through Typer's CliRunner, plus the start-up promise (no spaCy for --help)."""

from __future__ import annotations

import csv
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xiputin_cli.cli import app

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()


def test_extract_seeds_json_gives_five_records_with_offsets() -> None:
    result = runner.invoke(app, ["extract", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["id"][:3] for r in records] == ["000", "001", "002", "003", "004"]
    assert [r["published"] for r in records] == [None, None, "2025-05-08", None, "2023-10-18"]
    for record in records:
        text = Path(record["source"]).read_bytes().decode("utf-8")
        assert all(text[e["start"] : e["end"]] == e["text"] for e in record["entities"])


def test_extract_jsonl_and_csv(tmp_path: Path) -> None:
    seed = next(SEEDS.glob("004_*.txt"))
    jsonl = runner.invoke(app, ["extract", str(seed), "--format", "jsonl"])
    assert jsonl.exit_code == 0
    assert [json.loads(line)["published"] for line in jsonl.stdout.splitlines()] == ["2023-10-18"]
    out = tmp_path / "entities.csv"
    result = runner.invoke(app, ["extract", str(seed), "--format", "csv", "--output", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    header, *rows = csv.reader(out.read_text(encoding="utf-8").splitlines())
    assert header[:2] == ["article", "source"] and header[-8:-3] == [
        "text",
        "label",
        "start",
        "end",
        "canonical",
    ]
    assert ["title", "outlet", "url", "published"] == header[2:6]
    named = [dict(zip(header, row, strict=True)) for row in rows]
    assert any(r["text"] == "Xi" and r["label"] == "PERSON" and r["canonical"] == "Xi Jinping" for r in named)
    assert {r["published"] for r in named} == {"2023-10-18"}


def test_table_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(SEEDS), "--format", "table"])
    assert result.exit_code == 0
    assert "Articles" in result.stdout and "004_3b4c38bc7d014705" in result.stdout


def test_bad_input_is_reported_and_the_rest_processed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Xi Jinping met Vladimir Putin in Moscow.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"%PDF-1.4\x00\x01\x02")
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    assert [r["id"] for r in json.loads(result.stdout)] == ["good"]
    assert "bad.txt: binary file (a PDF document), not text" in result.stderr


def test_stdin(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "-", "-f", "json"], input="Putin spoke with Xi by phone.")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["source"] == "<stdin>"


def test_unknown_model_is_a_clear_error() -> None:
    result = runner.invoke(app, ["extract", str(SEEDS), "--model", "no_such_model_xyz"])
    assert result.exit_code == 2
    assert "cannot load spaCy pipeline 'no_such_model_xyz'" in result.stderr


@pytest.mark.parametrize("record", ["article", "meeting", "claim", "error"])
def test_schema(record: str) -> None:
    result = runner.invoke(app, ["schema", record])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object" and schema["additionalProperties"] is False


def test_schema_rejects_unknown_record() -> None:
    result = runner.invoke(app, ["schema", "speech"])
    assert result.exit_code == 2 and "unknown record 'speech'" in result.stderr


def test_every_command_has_help_with_an_example() -> None:
    import typer.main

    group = typer.main.get_command(app)
    assert {"extract", "meetings", "claims", "timeline", "show", "eval", "schema", "store", "merge"} <= set(
        group.commands  # type: ignore[attr-defined]
    )
    leaves = [(name, command) for name, command in group.commands.items()]  # type: ignore[attr-defined]
    while leaves:
        name, command = leaves.pop()
        if hasattr(command, "commands"):  # a group such as `store`: each of its commands
            leaves += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
        else:
            assert command.help and "Example:" in command.help, name


def test_help_does_not_import_spacy() -> None:
    code = "import sys; from xiputin_cli.cli import app; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    run = subprocess.run([sys.executable, "-m", "xiputin_cli", "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "extract" in run.stdout


def test_queries_read_the_store_without_spacy(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    assert runner.invoke(app, ["extract", str(SEEDS), "--db", str(db), "-f", "jsonl"]).exit_code == 0
    code = (
        "import sys; from typer.testing import CliRunner; from xiputin_cli.cli import app; "
        f"r = CliRunner().invoke(app, ['claims', '--db', {str(db)!r}, '-f', 'json']); "
        "print(r.exit_code, 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[-2:] == ["0", "False"]


def test_claims_rejects_bad_options() -> None:
    result = runner.invoke(app, ["claims", "--since", "2021-13"])
    assert result.exit_code == 2 and "month 13 does not exist" in result.output
    result = runner.invoke(app, ["claims", "--kind", "rumour"])
    assert result.exit_code == 2


def test_eval_reports_scores_as_json(tmp_path: Path) -> None:
    from tests.conftest import GOLD, gold_files

    gold_files()
    result = runner.invoke(
        app, ["eval", str(GOLD), str(SEEDS), "--format", "json", "--db", str(tmp_path / "e.db")]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == 5 and report["articles_missing"] == []
    assert set(report["meetings"]) == {"precision", "recall", "f1", "matched", "predicted", "gold"}


def test_eval_rejects_a_folder_without_gold(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", str(tmp_path), str(SEEDS)])
    assert result.exit_code == 2 and "not a folder of gold .json files" in result.stderr


def test_meetings_timeline_from_the_seeds(tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    result = runner.invoke(app, ["meetings", str(SEEDS), "--since", "2021", "--format", "json", "--db", db])
    assert result.exit_code == 0, result.output
    meetings = json.loads(result.stdout)
    june = [m for m in meetings if m["date"]["start"] == "2021-06-28"]
    assert len(june) == 1 and june[0]["mode"] == "video" and june[0]["status"] == "held"
    assert {s[:3] for s in june[0]["sources"]} == {"000", "001"}
    assert all(m["date"]["start"] is None or m["date"]["start"] >= "2021" for m in meetings)
    assert {m["date"]["start"][:7] for m in meetings if m["date"]["start"]} >= {"2025-01", "2025-02"}
    # the same query from the store alone, narrowed
    stored = runner.invoke(app, ["meetings", "--db", db, "--mode", "in_person", "-f", "json"])
    places = [m["location"] for m in json.loads(stored.stdout)]
    assert stored.exit_code == 0 and places == ["Beijing", "Moscow"]
    everyone = runner.invoke(app, ["meetings", "--db", db, "--all", "--with", "Biden", "-f", "json"])
    assert everyone.exit_code == 0
    assert all("Joe Biden" in m["participants"] for m in json.loads(everyone.stdout))


def test_timeline_writes_html_and_svg(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    page, chart = tmp_path / "t.html", tmp_path / "t.svg"
    assert runner.invoke(app, ["timeline", str(SEEDS), "--html", str(page), "--db", db]).exit_code == 0
    assert runner.invoke(app, ["timeline", "--svg", str(chart), "--db", db]).exit_code == 0
    assert "2023-10-18" in page.read_text(encoding="utf-8") and "Beijing" in page.read_text(encoding="utf-8")
    assert chart.read_text(encoding="utf-8").lstrip().startswith(("<svg", "<?xml"))
    both = runner.invoke(app, ["timeline", "--svg", str(chart), "--html", str(page), "--db", db])
    assert both.exit_code == 2 and "choose one of --html and --svg" in both.stderr


def test_show_article_in_terminal_and_html(tmp_path: Path) -> None:
    seed = next(SEEDS.glob("004_*.txt"))
    shown = runner.invoke(app, ["show", str(seed), "--db", str(tmp_path / "s.db")], terminal_width=120)
    assert shown.exit_code == 0 and "Xi Jinping" in shown.stdout
    page = tmp_path / "004.html"
    result = runner.invoke(app, ["show", str(seed), "--html", str(page), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "Belt and Road Forum" in html and 'id="meeting-' in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["extract", str(SEEDS), "-o", "/nonexistent-folder/out.json"],
            "folder /nonexistent-folder does not exist",
        ),
        (["extract", str(SEEDS), "--model", "nope", "-f", "json"], "cannot load spaCy pipeline 'nope'"),
        (["meetings", "--since", "2025", "--until", "2021"], "is after --until"),
        (["show", "/nonexistent-folder/a.txt"], "no article to show"),
    ],
)
def test_user_errors_are_one_clean_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2)
    assert message in result.stderr and "Traceback" not in result.output
    assert not result.stdout.strip()  # nothing half-written on stdout


def test_eval_rejects_a_malformed_gold_file(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("[1, 2]", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(tmp_path), str(SEEDS), "--db", str(tmp_path / "e.db")])
    assert result.exit_code == 2 and "a.json: not a gold file" in result.stderr


# --- --output writes through what is not a regular file ----------------------------------------------------


def test_output_to_a_symlink_writes_its_target(tmp_path: Path) -> None:
    from xiputin_cli.cli_io import write_chunks

    target, link = tmp_path / "target.json", tmp_path / "link.json"
    target.write_text("old", encoding="utf-8")
    link.symlink_to(target)
    write_chunks(link, ["new"])
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "target.json"]


def test_output_to_a_fifo_writes_through_it(tmp_path: Path) -> None:
    import os
    import stat
    import threading

    from xiputin_cli.cli_io import write_chunks

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    write_chunks(fifo, ["through ", "the pipe"])
    reader.join(timeout=10)
    assert received == ["through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_output_to_a_character_device_is_not_replaced(tmp_path: Path) -> None:
    import os
    import stat

    from xiputin_cli.cli_io import write_chunks

    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs privileges")
    write_chunks(device, ["discarded"])
    assert stat.S_ISCHR(device.stat().st_mode)


def test_output_to_a_regular_file_is_replaced_whole(tmp_path: Path) -> None:
    from xiputin_cli.cli_io import write_chunks

    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    write_chunks(out, ["[", "]"])
    assert out.read_text(encoding="utf-8") == "[]" and [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_the_package_imports_its_library_names_on_first_use() -> None:
    """`import xiputin_cli` (which every command does) loads neither the loaders nor the extractors;
    each name in __all__ still imports from the package."""
    code = (
        "import sys, xiputin_cli as x; before = 'xiputin_cli.extract' in sys.modules; "
        "names = [getattr(x, n) for n in x.__all__]; "
        "print(before, 'xiputin_cli.extract' in sys.modules, all(callable(v) for v in names))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True"]
    with pytest.raises(AttributeError):
        _ = importlib.import_module("xiputin_cli").no_such_name
