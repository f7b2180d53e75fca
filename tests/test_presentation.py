"""The presentation vocabulary: one home for the words, order and names every view uses."""

from __future__ import annotations

import ast
from pathlib import Path

from xiputin_cli.presentation import (
    ArticleRef,
    article_ref,
    body_start,
    meeting_refs,
    safe_link,
    year_label,
)
from xiputin_cli.records import Article, DateValue, Evidence, Meeting

PACKAGE = Path(__file__).resolve().parents[1] / "xiputin_cli"
SHARED = {"MODE_LABEL", "date_label", "meeting_when", "order_meetings", "meeting_articles", "evidence_blocks"}


def test_views_import_the_vocabulary_instead_of_defining_it() -> None:
    for name in ("chart.py", "html.py", "views.py", "render.py"):
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
        defined |= {
            t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if hasattr(t, "id")
        }
        assert not defined & SHARED, name
        imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert "xiputin_cli.chart" not in imported or name == "html.py", name  # html embeds the chart


def test_article_named_by_title_and_outlet_linked_by_url() -> None:
    ref = ArticleRef("a1", title="Leaders meet", outlet="Example News", url="https://example.org/a1")
    assert (ref.name, ref.label, ref.link) == ("Leaders meet", "Leaders meet — Example News", ref.url)
    bare = ArticleRef("002_abc")
    assert (bare.name, bare.label, bare.link) == ("002_abc", "002_abc", None)
    assert ArticleRef("x", url="javascript:alert(1)").link is None


def test_article_ref_from_a_record_and_meeting_refs_fall_back_to_ids() -> None:
    record = Article(id="a1", source="a1.txt", title="Talks in Moscow")
    refs = {"a1": article_ref(record)}
    evidence = [Evidence(article=a, text="t", start=0, end=1) for a in ("a1", "b2")]
    meeting = Meeting(participants=["Xi Jinping", "Vladimir Putin"], date=DateValue(), evidence=evidence)
    assert [r.name for r in meeting_refs(meeting, refs)] == ["Talks in Moscow", "b2"]
    assert [r.name for r in meeting_refs(meeting)] == ["a1", "b2"]
    assert year_label(meeting) == "Date unknown"


def test_safe_link_keeps_web_and_file_addresses_only() -> None:
    assert safe_link("https://example.org/x") and safe_link("file:///tmp/a.html")
    for bad in ("javascript:alert(1)", "data:text/html,x", "a1", "", None):
        assert safe_link(bad) is None


def test_body_starts_after_the_date_header_only() -> None:
    text = " date 2023-10-18 TOKYO, Oct 18 (KUNA) -- The leaders met."
    assert text[body_start(text) :].startswith("TOKYO")
    assert body_start("The leaders met on date 2023-10-18.") == 0


def test_meeting_refs_use_the_names_its_evidence_carries() -> None:
    named = Evidence(
        article="a1", text="t", start=0, end=1, title="Talks", outlet="Wire", url="https://x.org/1"
    )
    meeting = Meeting(participants=["Xi Jinping"], date=DateValue(), evidence=[named], sources=["a1", "b2"])
    assert [r.label for r in meeting_refs(meeting)] == ["Talks — Wire", "b2"]
    assert meeting_refs(meeting)[0].link == "https://x.org/1"
    assert [r.name for r in meeting_refs(meeting, {"a1": ArticleRef("a1", title="Newer")})] == ["Newer", "b2"]
