"""The merged timeline kept in the store: incremental updates equal a merge from scratch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks.records import synthetic_articles
from xiputin_cli.load import make_source_text
from xiputin_cli.records import Article, Meeting
from xiputin_cli.store import Store
from xiputin_cli.timeline import filter_meetings, merge_meetings


def put(store: Store, articles: list[Article]) -> None:
    for article in articles:
        text = make_source_text(article.id, id=article.id, source=f"/corpus/{article.id}.txt", analyse=False)
        store.save(text, article, "test", batch=500)
    store.commit()


def stored(store: Store, **filters: Any) -> list[dict[str, Any]]:
    found = store.timeline(since=None, until=None, all_pairs=True, **filters)
    return dumped(filter_meetings(found, all_pairs=True))


def dumped(meetings: list[Meeting]) -> list[dict[str, Any]]:
    return [m.model_dump() for m in meetings]


def test_a_stored_then_b_added_equals_a_and_b_from_scratch(tmp_path: Path) -> None:
    articles = synthetic_articles(300, seed=11)
    with Store(tmp_path / "incremental.db") as store:
        put(store, articles[:200])
        store.refresh_timeline()
        put(store, articles[200:])
        assert store.refresh_timeline() > 0
        incremental = stored(store)
    with Store(tmp_path / "scratch.db") as store:
        put(store, articles)
        assert stored(store) == incremental
    assert dumped(merge_meetings(articles)) == incremental


def test_a_changed_and_a_removed_article_update_the_timeline(tmp_path: Path) -> None:
    articles = synthetic_articles(120, seed=12)
    changed = articles[5].model_copy(update={"meetings": articles[5].meetings[:1]})
    with Store(tmp_path / "s.db") as store:
        put(store, articles)
        store.refresh_timeline()
        put(store, [changed])
        store.conn.execute("DELETE FROM articles WHERE id = ?", (articles[9].id,))
        expected = [changed if a is articles[5] else a for a in articles if a is not articles[9]]
        assert stored(store) == dumped(merge_meetings(expected))


def test_a_newer_article_moves_the_reference_date_and_holds_past_plans(tmp_path: Path) -> None:
    planned = Article(
        id="plan",
        source="plan.txt",
        published="2030-01-01",
        meetings=[m.model_copy(update={"status": "planned"}) for m in synthetic_articles(1)[0].meetings],
    )
    later = planned.model_copy(update={"id": "later", "published": "2099-01-01", "meetings": []})
    with Store(tmp_path / "s.db") as store:
        put(store, [planned])
        store.refresh_timeline()
        put(store, [later])
        assert stored(store) == dumped(merge_meetings([planned, later]))


def test_a_query_over_an_unchanged_store_merges_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "s.db") as store:
        put(store, synthetic_articles(50, seed=13))
    import xiputin_cli.store_timeline as kept

    def no_merge(*args: Any) -> Any:
        raise AssertionError("merged again")

    monkeypatch.setattr(kept, "merge_component", no_merge)
    with Store(tmp_path / "s.db") as store:
        assert len(list(store.timeline(since=None, until=None, all_pairs=True))) > 10


def test_identical_articles_in_the_store_count_once(tmp_path: Path) -> None:
    (one,) = synthetic_articles(1, seed=14)
    copy = one.model_copy(update={"id": "a-copy", "source": "a-copy.txt"})
    with Store(tmp_path / "s.db") as store:
        put(store, [one, copy])
        assert {tuple(m["sources"]) for m in stored(store)} == {("a-copy",)}


def test_filters_in_sql_match_filters_in_memory(tmp_path: Path) -> None:
    from datetime import date

    articles = synthetic_articles(200, seed=15)
    merged = merge_meetings(articles)
    with Store(tmp_path / "s.db") as store:
        put(store, articles)
        for since, mode in ((date(2010, 1, 1), None), (None, "video"), (date(2020, 3, 1), "phone")):
            found = filter_meetings(
                store.timeline(since=since, until=None, all_pairs=False, mode=mode), since=since
            )
            assert dumped(found) == dumped(filter_meetings(merged, since=since, mode=mode))
