"""Terminal views, recorded as a 100-column terminal would show them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rich.console import Console, RenderableType
from rich.text import Text

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
        line.strip() for line in plain.splitlines() if re.fullmatch(r"\s*(\d{4}|date unknown)\s*", line)
    ]
    assert headers == ["2020", "2021", "2023", "2025", "date unknown"]
    lines = plain.splitlines()
    row = {
        key: next(i for i, line in enumerate(lines) if key in line) for key in ("2023-10-18", "2025-05-08")
    }
    header = {y: next(i for i, line in enumerate(lines) if line.strip() == y) for y in ("2023", "2025")}
    assert header["2023"] < row["2023-10-18"] < header["2025"] < row["2025-05-08"]
    assert (
        "■ video" in plain and "▲ phone" in plain and "● in person" in plain and "□ video · planned" in plain
    )
    assert "Beijing" in plain and "Moscow" in plain and "planned" in plain
    assert "filled = held, hollow = planned" in plain
    assert plain.rstrip().count("\n") < 80 and max(len(line) for line in plain.splitlines()) <= 100
    assert "color: #" in html  # styled, not just text


def test_timeline_view_single_and_empty() -> None:
    plain, _ = record(timeline_view([meeting("2024-05-16", mode="in_person", location="Beijing")]))
    assert "2024-05-16" in plain and "● in person" in plain
    plain, _ = record(timeline_view([]))
    assert plain.strip() == "No meetings to show."
