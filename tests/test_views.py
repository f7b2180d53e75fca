"""Terminal views, recorded as a 100-column terminal would show them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console, RenderableType
from rich.text import Text

from tests.conftest import SEEDS
from tests.test_html import SCRIPT, evil_article, meeting, seeded
from xiputin_cli.presentation import body_start
from xiputin_cli.records import Article
from xiputin_cli.views import ENTITY_STYLES, article_text, article_view, timeline_view


def record(renderable: RenderableType) -> tuple[str, str]:
    """Plain text and HTML export (which keeps the styles) of what the console printed."""
    console = Console(record=True, width=100, color_system="truecolor")
    console.print(renderable)
    return console.export_text(clear=False), console.export_html(inline_styles=True)


@pytest.fixture(scope="module")
def seeds(seed_articles: dict[str, Any]) -> list[tuple[Article, str]]:
    return seeded(seed_articles)


def test_article_view_shows_text_legend_and_records(seeds: list[tuple[Article, str]]) -> None:
    article, text = next(s for s in seeds if s[0].id.startswith("004"))
    plain, _ = record(article_view(article, text))
    assert plain.startswith(article.id)
    assert "published 2023-10-18 · dateline Tokyo" in plain
    assert "Entities GPE" in plain and "PERSON" in plain and "[M1] meeting" in plain
    assert "[M1 C1] (MENAFN- Kuwait" in plain  # the tag sits where the shared evidence sentence begins
    assert " date 2023-10-18" not in plain  # the header line is metadata, not text
    assert "[C2] For his part, Putin said" in plain
    assert "M1 ● 2023-10-18  in person  Beijing  held" in plain
    assert "C1 Xi Jinping (indirect, via Xinhua): China supports the Russian people" in plain


def test_entities_and_evidence_are_styled(seeds: list[tuple[Article, str]]) -> None:
    article, text = next(s for s in seeds if s[0].id.startswith("004"))
    styled = article_text(article, text)
    offset = len("[M1 C1] ") - body_start(text)  # the text is shown from its body on, after the tag
    putin = next(e for e in article.entities if e.text == "Vladimir Putin")
    styles = {str(span.style) for span in styled.spans if span.start <= putin.start + offset < span.end}
    assert ENTITY_STYLES["PERSON"] in styles and "underline" in styles
    later = next(e for e in article.entities if e.text == "Beijing")
    styles = {str(span.style) for span in styled.spans if span.start <= later.start + offset < span.end}
    assert styles == {ENTITY_STYLES["GPE"]}  # outside any evidence: coloured, not underlined


def test_article_view_keeps_markup_as_text() -> None:
    article, text = evil_article()
    plain, _ = record(article_view(article, text))
    assert SCRIPT in plain and "[b]" not in plain
    assert isinstance(article_text(article, text), Text)


def test_article_without_records(seeds: list[tuple[Article, str]]) -> None:
    article, text = seeds[0]
    bare = article.model_copy(update={"meetings": [], "claims": []})
    plain, _ = record(article_view(bare, text))
    assert "No meetings or claims found in this article." in plain
    assert plain.count("[M1") == 1 and plain.count("[C1") == 1  # the legend's, no tags in the text


def test_timeline_view_groups_by_year(seeds: list[tuple[Article, str]]) -> None:
    meetings = [m for article, _ in seeds for m in article.meetings]
    plain, html = record(timeline_view(meetings))
    headers = [
        line.strip() for line in plain.splitlines() if re.fullmatch(r"\s*(\d{4}|Date unknown)\s*", line)
    ]
    assert headers == ["2020", "2021", "2023", "2025", "Date unknown"]
    lines = plain.splitlines()
    row = {
        key: next(i for i, line in enumerate(lines) if key in line) for key in ("2023-10-18", "2025-05-08")
    }
    header = {y: next(i for i, line in enumerate(lines) if line.strip() == y) for y in ("2023", "2025")}
    assert header["2023"] < row["2023-10-18"] < header["2025"] < row["2025-05-08"]
    assert (
        "■ video" in plain
        and "▲ phone" in plain
        and "● in person" in plain
        and re.search(r"□ video.*\n.*planned", plain)
    )
    assert "Beijing" in plain and "Moscow" in plain and "planned" in plain
    assert "filled held, hollow planned" in plain
    assert plain.rstrip().count("\n") < 80 and max(len(line) for line in plain.splitlines()) <= 100
    assert "color: #" in html  # styled, not just text


def test_timeline_view_single_and_empty() -> None:
    plain, _ = record(timeline_view([meeting("2024-05-16", mode="in_person", location="Beijing")]))
    assert "2024-05-16" in plain and "● in person" in plain
    plain, _ = record(timeline_view([]))
    assert plain.strip() == "No meetings to show."


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding the seeds, extracted once for the table tests."""
    from typer.testing import CliRunner

    from xiputin_cli.cli import app

    db = str(tmp_path_factory.mktemp("tables") / "store.db")
    done = CliRunner().invoke(app, ["extract", str(SEEDS), "--db", db, "--format", "json", "--jobs", "1"])
    assert done.exit_code == 0, done.output
    return db


def table_of(args: list[str]) -> list[str]:
    """A command's table as an 80-column terminal shows it."""
    from typer.testing import CliRunner

    from xiputin_cli.cli import app

    done = CliRunner().invoke(app, [*args, "--format", "table"], env={"COLUMNS": "80"}, terminal_width=80)
    assert done.exit_code == 0, done.output
    return done.stdout.splitlines()


@pytest.mark.parametrize(
    ("command", "noun"), [("extract", "article"), ("meetings", "meeting"), ("claims", "claim")]
)
def test_tables_fit_80_columns_with_whole_ids_and_a_count_line(
    seed_store: str, command: str, noun: str
) -> None:
    paths = [str(SEEDS)] if command == "extract" else []
    lines = table_of([command, *paths, "--db", seed_store])
    assert max(len(line) for line in lines) <= 80
    shown = "\n".join(line.rstrip() for line in lines)
    ids = [p.stem for p in sorted(SEEDS.glob("*.txt"))]
    assert any(i in shown for i in ids)
    for i in ids:  # an id is on one line whole, or not there at all: never broken across lines
        assert i in shown or i[:8] not in shown, i
    assert re.search(rf"^\d+ {noun}s?$", shown, re.MULTILINE), shown[-300:]
    rules = {line.strip()[0] for line in lines if line.strip() and set(line.strip()) <= set("─━ ")}
    assert rules == {"─"}  # one table style: the same rule under every header


def test_long_claims_are_cut_with_an_ellipsis() -> None:
    from xiputin_cli.records import Claim, Evidence
    from xiputin_cli.render import CLAIM_CHARS, claims_table

    long = "The two sides agreed to deepen cooperation in every field " * 10
    evidence = Evidence(article="004_3b4c38bc7d014705", text=long, start=0, end=len(long))
    claim = Claim(
        speaker="Xi Jinping", speaker_text="Xi", text=long, kind="indirect", via="Xinhua", evidence=evidence
    )
    console = Console(record=True, width=80)
    console.print(claims_table([claim]))
    plain = "\n".join(line.rstrip() for line in console.export_text().splitlines())
    assert "…" in plain and "004_3b4c38bc7d014705" in plain and "via Xinhua" in plain
    assert len(plain.replace("\n", "")) < len(long) + 400 and CLAIM_CHARS < len(long)
    assert re.search(r"^1 claim$", plain, re.MULTILINE)


def test_meetings_table_at_an_80_column_terminal(seed_store: str, tmp_path: Path) -> None:
    """Through a real pseudo-terminal (stdout a tty, so the table is the default format)."""
    master, slave = os.openpty()
    env = {**os.environ, "COLUMNS": "80", "LINES": "50", "TERM": "xterm-256color"}
    for variable in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(variable, None)
    screen: list[bytes] = []
    reader = threading.Thread(target=lambda: drain(master, screen), daemon=True)
    reader.start()
    done = subprocess.run(
        [sys.executable, "-m", "xiputin_cli", "meetings", "--db", seed_store],
        stdout=slave, stderr=slave, stdin=subprocess.DEVNULL, env=env, timeout=120,
    )  # fmt: skip
    os.close(slave)
    reader.join(timeout=5)
    os.close(master)
    text = re.sub(
        r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "", b"".join(screen).decode("utf-8", "replace")
    )
    assert done.returncode == 0, text
    lines = [line.rstrip() for line in text.replace("\r", "").splitlines()]
    assert max(len(line) for line in lines) <= 80
    assert re.search(r"^\d+ meetings$", "\n".join(lines), re.MULTILINE)


def drain(fd: int, into: list[bytes]) -> None:
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if not data:
            return
        into.append(data)


# --- disagreements and who visited whom (issue 17) ----------------------------------------------------------


def told(source: str, mode: str, **kw: Any) -> Any:
    """One article's record of a meeting on 16 May 2024."""
    from xiputin_cli.records import Evidence

    evidence = [Evidence(article=source, text=f"{source} reported it.", start=0, end=10)]
    return meeting("2024-05-16", mode=mode, sources=[source], evidence=evidence, **kw)


def test_the_timeline_stars_a_disputed_field_and_lists_its_values_below() -> None:
    from xiputin_cli.timeline import merge_meetings

    merged = merge_meetings([told("kremlin", "video"), told("tass", "video"), told("xinhua", "phone")])
    plain, _ = record(timeline_view(merged))
    assert "■ video*" in plain
    assert "* the articles disagree (below)" in plain
    assert "* 1 mode: video (kremlin, tass) vs phone (xinhua)" in plain


def test_an_undisputed_meeting_has_no_star_and_no_notes() -> None:
    from xiputin_cli.timeline import merge_meetings

    merged = merge_meetings([told("kremlin", "video"), told("tass", "video")])
    plain, _ = record(timeline_view(merged))
    assert "■ video" in plain and "*" not in plain and "disagree" not in plain


def test_disputed_values_are_shown_as_typed_never_as_markup_or_escapes() -> None:
    from xiputin_cli.records import Alternative, Disagreement

    hostile = "\x1b]0;PWNED\x07[bold red]Kazan[/]"
    dispute = Disagreement(
        field="location",
        values=[Alternative(value="Moscow", sources=["a"]), Alternative(value=hostile, sources=["b\x1b[2J"])],
    )
    m = meeting("2024-05-16", mode="in_person", location="Moscow", disagreements=[dispute])
    plain, html = record(timeline_view([m]))
    assert "Moscow*" in plain
    assert "[bold red]Kazan[/]" in plain and "\x1b" not in plain and "\x1b" not in html
    assert "* 1 location: Moscow (a) vs ␛]0;PWNED␇[bold red]Kazan[/] (b␛[2J)" in plain


def test_the_timeline_says_who_visited_whom() -> None:
    from xiputin_cli.meeting_events import coded

    held = coded(meeting("2024-05-16", mode="in_person", location="Moscow"))
    planned = coded(
        meeting("2024-10-01", precision="month", mode="in_person", location="Beijing", status="planned")
    )
    plain, _ = record(timeline_view([held, planned]))
    assert "Xi Jinping visited Vladimir Putin" in plain
    assert "Vladimir Putin to visit Xi Jinping" in plain
    call, _ = record(timeline_view([coded(meeting("2024-05-16", mode="phone"))]))
    assert "visit" not in call


def test_meetings_table_from_the_cli_marks_disagreements(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from xiputin_cli.cli import app

    news = tmp_path / "news.jsonl"
    said = {"kremlin": "held a video call", "xinhua": "spoke by phone"}
    news.write_text(
        "".join(
            json.dumps(
                {"id": k, "published": "2024-05-21", "text": f"Xi Jinping and Vladimir Putin {v} on May 20."}
            )
            + "\n"
            for k, v in said.items()
        ),
        encoding="utf-8",
    )
    done = CliRunner().invoke(
        app,
        ["meetings", str(news), "--no-store", "--format", "table"],
        env={"COLUMNS": "100"},
        terminal_width=100,
    )
    assert done.exit_code == 0, done.output
    assert "video*" in done.stdout and "mode: video (kremlin) vs phone (xinhua)" in done.stdout


def test_a_disputed_visitor_is_starred_with_its_values_below() -> None:
    from xiputin_cli.meeting_events import coded
    from xiputin_cli.timeline import merge_meetings

    kremlin = coded(told("kremlin", "in_person"), visitor="Xi Jinping")
    xinhua = coded(told("xinhua", "in_person"), visitor="Vladimir Putin")
    plain, _ = record(timeline_view(merge_meetings([kremlin, xinhua])))
    assert re.search(r"(Xi Jinping|Vladimir Putin) visited (Xi Jinping|Vladimir Putin)\*", plain)
    assert re.search(r"\* 1 visitor: .+ \((kremlin|xinhua)\) vs .+ \((kremlin|xinhua)\)", plain)


def test_the_article_view_says_who_visited_whom(seeds: list[tuple[Article, str]]) -> None:
    from xiputin_cli.meeting_events import coded

    article, text = next(s for s in seeds if s[0].id.startswith("004"))
    visit = article.model_copy(update={"meetings": [coded(m) for m in article.meetings]})
    plain, _ = record(article_view(visit, text))
    assert "M1 ● 2023-10-18  in person  Beijing  held" in plain
    assert "(Vladimir Putin visited Xi Jinping)" in plain
    call = article.model_copy(
        update={"meetings": [coded(m.model_copy(update={"mode": "phone"})) for m in article.meetings]}
    )
    plain, _ = record(article_view(call, text))
    assert "(Vladimir Putin visited" not in plain and "M1 ▲ 2023-10-18  phone" in plain
