"""HTML pages: main text without menus and footers, metadata from the page, dates only from the page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from xiputin_cli.cli import app
from xiputin_cli.load import LoadFailure, SourceText, load_articles

pytest.importorskip("trafilatura", reason="HTML pages need trafilatura (a core dependency: pip install -e .)")

BODY = (
    "<p>Chinese President Xi Jinping met Russian President Vladimir Putin in Beijing on Thursday, the two "
    "sides said, in talks that ran for several hours and covered trade, energy and security.</p>"
    "<p>Putin told reporters the relationship between the two countries was stronger than at any time "
    "before, and that both governments would keep working together on a wide range of issues.</p>"
    "<p>Xi said the two neighbours would deepen their cooperation in energy, finance and technology in the "
    "coming years, according to a statement released by his office after the meeting ended.</p>"
)
MENU = (
    "<nav><ul><li><a href='/'>Front Page Stories</a></li>"
    "<li><a href='/w'>World News Section</a></li></ul></nav>"
)
FOOTER = (
    "<footer><p>Subscribe to the Daily Lantern newsletter for updates.</p>"
    "<p>Copyright 2025 Lantern Media Group. All rights reserved.</p></footer>"
)


def page(head: str = "", body: str = BODY, title: str = "Leaders hold talks | Daily Lantern") -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title>{head}</head>"
        f"<body>{MENU}<article><h1>Leaders hold talks</h1>{body}</article>{FOOTER}</body></html>"
    )


META = (
    '<meta property="og:site_name" content="Daily Lantern">'
    '<meta name="author" content="Mira Okafor">'
    '<meta property="article:published_time" content="2024-05-16T10:25:00Z">'
    '<link rel="canonical" href="https://lantern.example/world/talks">'
)


def load_one(path: Path) -> SourceText:
    (article,) = list(load_articles([path]))
    assert isinstance(article, SourceText), article
    return article


def test_menus_and_footers_are_gone_and_metadata_comes_from_the_page(tmp_path: Path) -> None:
    (tmp_path / "talks.html").write_text(page(META), encoding="utf-8")
    article = load_one(tmp_path / "talks.html")
    assert "met Russian President Vladimir Putin in Beijing" in article.text
    for chrome in ("World News Section", "Front Page Stories", "Subscribe", "All rights reserved"):
        assert chrome not in article.text  # the old hand-written stripper kept all of these
    assert "<" not in article.text and "\n\n" in article.text  # paragraphs apart, no markup
    assert (article.outlet, article.author) == ("Daily Lantern", "Mira Okafor")
    assert article.url == "https://lantern.example/world/talks"
    assert article.published == "2024-05-16" and article.published_from == "metadata"  # only in a meta tag
    assert article.id == "talks" and not article.warnings


def test_a_page_without_a_date_stays_undated(tmp_path: Path) -> None:
    (tmp_path / "undated.htm").write_text(page(), encoding="utf-8")  # its footer says "Copyright 2025"
    article = load_one(tmp_path / "undated.htm")
    assert article.published is None and article.published_from is None  # no guess, never today


def test_html_saved_as_text_is_read_as_a_page(tmp_path: Path) -> None:
    (tmp_path / "saved.txt").write_text(page(META), encoding="utf-8")
    article = load_one(tmp_path / "saved.txt")
    assert "World News Section" not in article.text and article.outlet == "Daily Lantern"
    assert any("read as a web page" in w for w in article.warnings)


def test_a_page_with_no_article_text_fails_alone(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><body><script>go()</script></body></html>", "utf-8")
    (tmp_path / "talks.html").write_text(page(META), encoding="utf-8")
    items = list(load_articles([tmp_path]))
    assert isinstance(items[0], LoadFailure) and "without article text" in items[0].message
    assert isinstance(items[1], SourceText)


def test_hostile_markup_never_becomes_code(tmp_path: Path, nlp: Any) -> None:
    from xiputin_cli.extract import extract_sources
    from xiputin_cli.html import render_article_html

    hostile = page(
        META + "<script>document.write('Joe Biden')</script>",
        body=BODY + "<script>alert('Donald Trump')</script><style>p{color:red}</style>",
        title="&lt;script&gt;alert(1)&lt;/script&gt; Talks &lt;b&gt;bold&lt;/b&gt;",
    ).replace("<h1>Leaders hold talks</h1>", "<h1>&lt;script&gt;alert(1)&lt;/script&gt; Talks</h1>")
    (tmp_path / "hostile.html").write_text(hostile, encoding="utf-8")
    article = load_one(tmp_path / "hostile.html")
    assert not any(w in article.text for w in ("Biden", "Trump", "color", "document"))  # scripts, styles
    assert article.text.startswith("<script>alert(1)</script> Talks")  # what the page shows, as text
    (record,) = list(extract_sources([article], nlp=nlp))
    assert isinstance(record.title, str) and "<script>" in record.title  # kept as text, literally
    shown = render_article_html(record, article.text)
    assert "<script>alert(1)" not in shown and "&lt;script&gt;" in shown


def test_entity_offsets_point_into_the_extracted_text(tmp_path: Path, nlp: Any) -> None:
    from xiputin_cli.extract import extract_sources

    (tmp_path / "talks.html").write_text(page(META), encoding="utf-8")
    article = load_one(tmp_path / "talks.html")
    (record,) = list(extract_sources([article], nlp=nlp))
    assert {"Xi Jinping", "Vladimir Putin", "Beijing"} <= {e.text for e in record.entities}
    assert all(article.text[e.start : e.end] == e.text for e in record.entities)
    assert (record.url, record.outlet, record.author) == (article.url, "Daily Lantern", "Mira Okafor")


def test_extract_reads_html_pages_from_a_folder(tmp_path: Path) -> None:
    (tmp_path / "talks.html").write_text(page(META), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "-f", "json", "--no-store"])
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    assert record["outlet"] == "Daily Lantern" and record["published"] == "2024-05-16"
