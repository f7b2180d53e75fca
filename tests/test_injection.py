"""Nothing in the data drives the terminal or a spreadsheet: escape sequences, rich markup and formulas in
article text, records and file names are shown as what they are, in every rendering."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from typer.testing import CliRunner

from xiputin_cli.cli import app
from xiputin_cli.evaluate import EvalReport, Score
from xiputin_cli.load import LoadFailure
from xiputin_cli.output import OutputFormat, csv_cell, format_records
from xiputin_cli.records import Article, Claim, DateValue, Entity, Evidence, Meeting
from xiputin_cli.render import articles_table, claims_table, eval_table
from xiputin_cli.safe_text import safe_name, shown, visible
from xiputin_cli.views import article_view, timeline_view

runner = CliRunner()
TITLE = "\x1b]0;owned\x07"  # OSC: retitles the terminal window
CLEAR = "\x1b[2J"  # clears the screen
LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"  # OSC 8 hyperlink
C1 = "\x9b31m"  # CSI as one C1 byte
MARKUP = "[link=https://evil.example/]here[/link] [bold red]loud[/] [/]"
HOSTILE = TITLE + CLEAR + LINK + C1 + "\x00\x08" + MARKUP


def printed(renderable: RenderableType) -> str:
    """What a colour terminal would be sent."""
    screen = io.StringIO()
    Console(file=screen, width=120, force_terminal=True, color_system="truecolor").print(renderable)
    return screen.getvalue()


def plain(renderable: RenderableType) -> str:
    screen = io.StringIO()
    Console(file=screen, width=200, color_system=None).print(renderable)
    return screen.getvalue()


def assert_inert(out: str) -> None:
    """Once rich's own colours (ESC [ ... m) are taken out, no escape sequence is left: no title, no screen
    clearing, no OSC 8 link (neither the data's nor one made from its [link] markup); no C1, NUL, bell or
    backspace either."""
    rest = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", rest), repr(rest)


def hostile_article() -> tuple[Article, str]:
    text = f"Xi Jinping said {HOSTILE} in Moscow.\n\nPutin agreed."
    start = text.index("Xi")
    evidence = Evidence(article=HOSTILE, text=text[start : text.index(".") + 1], start=start,
                        end=text.index(".") + 1)  # fmt: skip
    meeting = Meeting(
        participants=["Xi Jinping", "Vladimir Putin"],
        date=DateValue(text=HOSTILE), mode="in_person", location=HOSTILE, occasion=HOSTILE,
        evidence=[evidence], sources=[HOSTILE],
    )  # fmt: skip
    claim = Claim(speaker=HOSTILE, speaker_text=HOSTILE, text=HOSTILE, kind="direct", cue="said", via=HOSTILE,
                  evidence=evidence)  # fmt: skip
    entity = Entity(text="Xi Jinping", label="PERSON", start=start, end=start + 10, canonical=HOSTILE)
    article = Article(id=HOSTILE, source=HOSTILE, title=HOSTILE, published=None, entities=[entity],
                      meetings=[meeting], claims=[claim])  # fmt: skip
    return article, text


def report() -> EvalReport:
    score = Score(precision=1, recall=1, f1=1, matched=1, predicted=1, gold=1)
    accuracy = dict.fromkeys(("date", "mode", "status", "location", "speaker", "published"), None)
    return EvalReport(
        articles=1, meetings=score, claims=score, articles_missing=[HOSTILE], errors=[HOSTILE],
        **{f"{name}_accuracy": value for name, value in accuracy.items()},
    )  # fmt: skip


@pytest.mark.parametrize("view", ["articles", "claims", "timeline", "article", "eval"])
def test_every_terminal_view_shows_hostile_data_inert(view: str) -> None:
    article, text = hostile_article()
    views: dict[str, Callable[[], RenderableType]] = {
        "articles": lambda: articles_table([article]),
        "claims": lambda: claims_table(article.claims),
        "timeline": lambda: timeline_view(article.meetings),
        "article": lambda: article_view(article, text),
        "eval": lambda: eval_table(report(), verbose=True),
    }
    renderable = views[view]()
    out = printed(renderable)  # a MarkupError here was the crash on "[/]"
    assert_inert(out)
    assert "␛]0;owned␇" in plain(renderable) or view == "timeline"  # shown, as typed
    assert "[bold red]loud[/]" in " ".join(plain(renderable).split()) or view == "timeline"


def test_timeline_keeps_place_and_occasion_visible() -> None:
    article, _ = hostile_article()
    out = plain(timeline_view(article.meetings))
    assert "␛" in out and "\x1b" not in out


def test_article_view_keeps_offsets_while_making_controls_visible() -> None:
    """The one-for-one stand-ins keep each entity's colour on its own characters."""
    text = "\x1b[2J Xi Jinping met Vladimir Putin."
    start = text.index("Xi")
    entity = Entity(text="Xi Jinping", label="PERSON", start=start, end=start + 10, canonical="Xi Jinping")
    article = Article(id="a", source="a.txt", entities=[entity])
    out = plain(article_view(article, text))
    assert "␛[2J Xi Jinping met" in out
    console = Console(record=True, width=100, color_system="truecolor")
    console.print(article_view(article, text))
    html = console.export_html(inline_styles=True)
    assert ">Xi Jinping</span>" in html  # styled exactly the entity's characters


def test_visible_replaces_one_for_one_and_keeps_layout() -> None:
    assert visible("a\x1b[1mb\tc\nd\r\n\x7f\x9b") == "a␛[1mb\tc\nd \n␡\ufffd"
    assert len(visible(HOSTILE)) == len(HOSTILE)
    assert visible("line one\nline two", layout=False) == "line one␊line two"
    assert visible("Plain prose, with “quotes” — and ümlauts.") == "Plain prose, with “quotes” — and ümlauts."
    assert shown("[bold]x[/]").plain == "[bold]x[/]" and not shown("[bold]x[/]").spans


def test_load_failures_and_file_names_are_safe_on_one_line() -> None:
    failure = LoadFailure(source="dir/\x1b]0;x\x07name\n.txt", line=3, message="invalid JSON: \x1b[2J")
    assert str(failure) == "dir/␛]0;x␇name␊.txt:3: invalid JSON: ␛[2J"
    assert safe_name("bad\udcff\udcfe.txt") == "bad\\xff\\xfe.txt"  # os.fsdecode(b"bad\xff\xfe.txt")
    assert safe_name("plain/ordinary name.txt") == "plain/ordinary name.txt"


def test_commands_at_a_terminal_show_hostile_articles_inert(tmp_path: Path) -> None:
    """The real commands, table output: a file named with an escape sequence, text full of them."""
    folder = tmp_path / "in"
    folder.mkdir()
    body = (
        f'Chinese President Xi Jinping said: "We will {TITLE}{CLEAR}{LINK} deepen {MARKUP} cooperation." '
        "Xi Jinping held talks with Russian President Vladimir Putin in Moscow on May 16, 2024."
    )
    (folder / f"evil{CLEAR}[bold].txt").write_text(body, encoding="utf-8")
    db = str(tmp_path / "s.db")
    for command in (["extract"], ["claims"], ["meetings"]):
        result = runner.invoke(app, [*command, str(folder), "--format", "table", "--db", db, "-j", "1"])
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    shown_article = runner.invoke(app, ["show", str(next(folder.iterdir())), "--db", db])
    assert shown_article.exit_code == 0, shown_article.output
    assert "\x1b" not in shown_article.stdout and "␛]0;owned␇" in shown_article.stdout


def test_warnings_on_stderr_name_files_safely(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"latin{CLEAR}.txt").write_bytes("Putin met Xi in Moscow; caf\xe9 talk.".encode("latin-1"))
    (folder / f"blank{TITLE}.txt").write_text("   ", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(folder), "-f", "json", "--no-store", "-j", "1"])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert (
        "latin␛[2J.txt: invalid UTF-8" in result.stderr
        and "blank␛]0;owned␇.txt: empty article" in result.stderr
    )


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("https://evil.example","x")', '\'=HYPERLINK("https://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Xi said = and + are fine inside", "Xi said = and + are fine inside"),
        ("nul\x00byte", "nul\ufffdbyte"),
    ],
)
def test_csv_cells_cannot_be_formulas(value: str, cell: str) -> None:
    assert csv_cell(value) == cell
    assert csv_cell(-5) == -5 and csv_cell(None) is None  # numbers stay numbers


def test_every_csv_output_is_neutralised() -> None:
    article, _ = hostile_article()
    formula = '=HYPERLINK("https://evil.example","click")'
    article = article.model_copy(update={"id": formula})
    claim = article.claims[0].model_copy(update={"speaker": "@cmd", "text": f"+{formula}\x00"})
    meeting = article.meetings[0].model_copy(update={"location": "-1+1", "sources": [formula]})
    for records in ([article], [claim], [meeting]):
        text = "".join(format_records(records, OutputFormat.csv))
        assert "\x00" not in text
        for row in csv.reader(io.StringIO(text)):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


def test_nul_after_the_first_4_kb_reaches_neither_csv_nor_terminal(tmp_path: Path) -> None:
    text = ("Xi Jinping and Vladimir Putin discussed trade in Moscow. " * 80) + "Putin said\x00 hello."
    path = tmp_path / "late_nul.txt"
    path.write_text(text, encoding="utf-8")
    assert text.index("\x00") > 4096
    for fmt in ("csv", "table"):
        result = runner.invoke(app, ["extract", str(path), "-f", fmt, "--no-store", "-j", "1"])
        assert result.exit_code == 0, result.output
        assert "\x00" not in result.stdout
    show = runner.invoke(app, ["show", str(path), "--db", str(tmp_path / "s.db")])
    assert show.exit_code == 0 and "\x00" not in show.stdout and "␀" in show.stdout
    data = runner.invoke(app, ["extract", str(path), "-f", "json", "--no-store", "-j", "1"])
    assert json.loads(data.stdout)[0]["words"] > 0  # the article itself is read, offsets untouched


def test_error_lines_and_jsonl_ids_carry_no_control_characters(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["show", str(tmp_path / f"gone{CLEAR}.txt"), "--db", str(tmp_path / "s.db")])
    assert missing.exit_code == 1
    assert "\x1b" not in missing.stderr and "gone␛[2J.txt" in missing.stderr
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": f"a{TITLE}", "text": "Xi Jinping met Vladimir Putin in Moscow."}) + "\n"
    )
    result = runner.invoke(app, ["extract", str(feed), "-f", "json", "--no-store", "-j", "1"])
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    assert record["id"] == "a␛]0;owned␇" and "has control characters" in " ".join(record["warnings"])
    assert "\x1b" not in result.stderr


def test_html_pages_carry_no_control_characters() -> None:
    from xiputin_cli.html import render_article_html, render_timeline_html

    article, text = hostile_article()
    for page in (render_article_html(article, text), render_timeline_html(article.meetings)):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", page)
        page.encode("utf-8")  # writable
