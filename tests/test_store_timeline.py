"""The merged timeline kept in the store: incremental updates equal a merge from scratch."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest

from benchmarks.records import synthetic_articles
from xiputin_cli.load import make_source_text
from xiputin_cli.records import Article, DateValue, Evidence, Meeting
from xiputin_cli.store import SCHEMA_VERSION, Store, StoreError
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


def test_a_change_that_moves_no_record_still_shows_in_its_meeting(tmp_path: Path) -> None:
    articles = synthetic_articles(60, seed=16)
    first = articles[3].meetings[0]
    retold = articles[3].model_copy(
        update={
            "meetings": [
                first.model_copy(update={"topics": ["a topic told later"]}),
                *articles[3].meetings[1:],
            ]
        }
    )
    with Store(tmp_path / "s.db") as store:
        put(store, articles)
        store.refresh_timeline()
        put(store, [retold])
        found = stored(store)
    assert any("a topic told later" in m["topics"] for m in found)
    assert found == dumped(merge_meetings([retold if a is articles[3] else a for a in articles]))


def talks(ident: str, start: date, end: date, precision: Literal["day", "year"] = "day") -> Article:
    """An article reporting one Xi–Putin meeting over [start, end]."""
    when = DateValue(start=start.isoformat(), end=end.isoformat(), precision=precision, text=ident)
    evidence = Evidence(article=ident, text=f"Talks ({ident}).", start=0, end=10)
    meeting = Meeting(
        participants=["Xi Jinping", "Vladimir Putin"], date=when, mode="in_person", evidence=[evidence]
    )
    return Article(id=ident, source=f"{ident}.txt", published=end.isoformat(), meetings=[meeting])


def test_adding_an_article_rebuilds_only_the_meetings_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xiputin_cli.store_timeline as kept

    year = talks("a-year", date(2020, 1, 1), date(2020, 12, 31), "year")  # links the year into one component
    days = [talks(f"day-{n}", day, day) for n in range(40) for day in [date(2020, 1, 6) + timedelta(weeks=n)]]
    new_day = date(2020, 6, 3)
    rebuilt: list[object] = []
    build = kept.row

    def counted(*args: Any) -> tuple[object, ...]:
        rebuilt.append(args)
        return build(*args)

    monkeypatch.setattr(kept, "row", counted)
    with Store(tmp_path / "s.db") as store:
        put(store, [year, *days])
        store.refresh_timeline()
        everything = len(rebuilt)
        rebuilt.clear()
        put(store, [talks("new", new_day, new_day)])
        store.refresh_timeline()
        assert everything > 40 and len(rebuilt) == 1
        expected = dumped(merge_meetings([year, *days, talks("new", new_day, new_day)]))
        assert stored(store) == expected


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


def test_a_schema_2_store_gets_its_timeline_merged_again(tmp_path: Path) -> None:
    import sqlite3

    articles = synthetic_articles(80, seed=18)
    with Store(tmp_path / "s.db") as store:
        put(store, articles)
    with sqlite3.connect(tmp_path / "s.db") as conn:  # as schema 2 left it: rows without their members
        conn.execute("DROP TABLE timeline")
        conn.execute("CREATE TABLE timeline (grp TEXT, comp_lo INTEGER, comp_hi INTEGER, record TEXT)")
        conn.execute("PRAGMA user_version = 2")
    with Store(tmp_path / "s.db") as store:
        assert stored(store) == dumped(merge_meetings(articles))


def undated(ident: str, published: date, text: str = "Monday") -> Article:
    """An article reporting Xi–Putin talks it dates only by words ('on Monday')."""
    evidence = Evidence(article=ident, text=f"Talks on {text} ({ident}).", start=0, end=10)
    meeting = Meeting(
        participants=["Vladimir Putin", "Xi Jinping"],
        date=DateValue(text=text),
        mode="in_person",
        evidence=[evidence],
    )
    return Article(id=ident, source=f"{ident}.txt", published=published.isoformat(), meetings=[meeting])


MONDAY = date(2020, 6, 1)
BASE = [
    talks("a-year", date(2020, 1, 1), date(2020, 12, 31), "year"),
    talks("day-00", MONDAY, MONDAY),  # the only Monday: undated reports of Monday talks join it
    *(
        talks(f"day-{n:02d}", day, day)
        for n in range(1, 16)
        for day in [MONDAY + timedelta(weeks=n - 8, days=1 + n % 5)]
    ),
    undated("b-undated", MONDAY + timedelta(days=2)),
    *synthetic_articles(150, seed=19),
]
EDITS: dict[str, tuple[list[Article], list[str]]] = {
    # name: (articles saved after BASE, ids deleted after BASE)
    "a second year report in the year's chain": (
        [talks("c-year", date(2020, 1, 1), date(2020, 12, 31), "year")],
        [],
    ),
    "a day that joins the year's chain": ([talks("c-day", MONDAY, MONDAY)], []),
    "an undated report beside a dated one": ([undated("c-undated", MONDAY + timedelta(days=3))], []),
    "an undated report several dated days could take": ([undated("c-undated", MONDAY, "Tuesday")], []),
    "a changed article (its day moved)": ([talks("day-00", MONDAY + timedelta(days=1), MONDAY)], []),
    "a deleted article that led its meeting": ([], ["day-00"]),
    "a deleted year report": ([], ["a-year"]),
    "a copy with a smaller id (it counts instead)": (
        [BASE[1].model_copy(update={"id": "0-copy", "source": "0-copy.txt"})],
        [],
    ),
}


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_each_kind_of_change_updated_in_place_equals_a_merge_from_scratch(edit: str, tmp_path: Path) -> None:
    saved, deleted = EDITS[edit]
    with Store(tmp_path / "s.db") as store:
        put(store, BASE)
        store.refresh_timeline()
        before = stored(store)
        put(store, saved)
        for ident in deleted:
            store.conn.execute("DELETE FROM articles WHERE id = ?", (ident,))
        assert store.refresh_timeline() > 0
        found = stored(store)
    after = {a.id: a for a in BASE} | {a.id: a for a in saved}
    expected = dumped(merge_meetings([a for ident, a in after.items() if ident not in deleted]))
    assert found == expected and found != before


def test_an_undated_report_joins_the_one_dated_meeting_its_week_allows(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        put(store, BASE)
        store.refresh_timeline()
        put(store, [undated("c-undated", MONDAY + timedelta(days=3))])
        found = stored(store)
    joined = [m for m in found if "c-undated" in m["sources"]]
    assert len(joined) == 1 and "day-00" in joined[0]["sources"] and "b-undated" in joined[0]["sources"]


def test_adding_one_article_re_decides_only_the_records_it_can_affect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiputin_cli.timeline_update import GroupUpdate

    decided: list[object] = []
    decide = GroupUpdate.decide

    def counted(self: GroupUpdate, *args: Any) -> None:
        decided.append(args)
        decide(self, *args)

    articles = synthetic_articles(600, seed=20)
    with Store(tmp_path / "s.db") as store:
        put(store, articles)
        store.refresh_timeline()
        monkeypatch.setattr(GroupUpdate, "decide", counted)
        put(store, synthetic_articles(601, seed=20)[600:])
        store.refresh_timeline()
        records = store.conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
        assert 0 < len(decided) < records / 10
        assert stored(store) == dumped(merge_meetings(synthetic_articles(601, seed=20)))


def test_a_schema_3_store_is_upgraded_and_merged_again(tmp_path: Path) -> None:
    import sqlite3

    articles = synthetic_articles(40, seed=21)
    with sqlite3.connect(tmp_path / "s.db") as conn:  # the tables schema 3 had, as the last xiputin left them
        conn.executescript(
            "CREATE TABLE articles (source_key TEXT PRIMARY KEY, content_hash TEXT NOT NULL, "
            "pipeline TEXT NOT NULL, id TEXT NOT NULL, published TEXT, record TEXT NOT NULL, "
            "updated TEXT NOT NULL, dup_key TEXT, anchor_lo INTEGER, anchor_hi INTEGER);"
            "CREATE TABLE meetings (source_key TEXT, position INTEGER, date_start TEXT, date_end TEXT, "
            "record TEXT, grp TEXT, reach_lo INTEGER, reach_hi INTEGER, reach_len INTEGER);"
            "CREATE TABLE claims (source_key TEXT, position INTEGER, speaker TEXT, kind TEXT, record TEXT, "
            "via TEXT, published TEXT, article_id TEXT);"
            "CREATE TABLE timeline (grp TEXT, comp_lo INTEGER, comp_hi INTEGER, day_lo INTEGER, "
            "day_hi INTEGER, xi_putin INTEGER, mode TEXT, status TEXT, rank TEXT, record TEXT, members TEXT);"
            "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO state VALUES ('reference', '2001-01-01');"
            "PRAGMA user_version = 3;"
        )
        conn.executemany(
            "INSERT INTO articles VALUES (?, 'hash', 'p', ?, ?, ?, 'now', NULL, NULL, NULL)",
            [(f"/x/{a.id}.txt", a.id, a.published, a.model_dump_json()) for a in articles],
        )
    with Store(tmp_path / "s.db") as store:
        assert stored(store) == dumped(merge_meetings(articles))
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_schema_4_store_merges_its_timeline_again_with_the_history(tmp_path: Path) -> None:
    import json
    import sqlite3

    articles = synthetic_articles(60, seed=23)
    with Store(tmp_path / "s.db") as store:
        put(store, articles)
    with sqlite3.connect(tmp_path / "s.db") as conn:  # rows as schema 4 wrote them: no history
        rows = conn.execute("SELECT id, record FROM timeline").fetchall()
        for ident, record in rows:
            old = {k: v for k, v in json.loads(record).items() if k != "history"}
            conn.execute("UPDATE timeline SET record = ? WHERE id = ?", (json.dumps(old), ident))
        conn.execute("PRAGMA user_version = 4")
    with Store(tmp_path / "s.db") as store:
        found = stored(store)
    assert found == dumped(merge_meetings(articles)) and all(m["history"] for m in found)


def test_a_schema_6_store_gains_article_ids_and_updates_in_place(tmp_path: Path) -> None:
    import sqlite3

    articles = synthetic_articles(90, seed=24)
    with Store(tmp_path / "s.db") as store:
        put(store, articles[:60])
    with sqlite3.connect(tmp_path / "s.db") as conn:  # meetings as schema 6 left them: no article id
        conn.execute("DROP INDEX meetings_for_merge")
        conn.execute("ALTER TABLE meetings DROP COLUMN article_id")
        conn.execute("PRAGMA user_version = 6")
    with Store(tmp_path / "s.db") as store:
        assert store.conn.execute("SELECT count(*) FROM meetings WHERE article_id IS NULL").fetchone()[0] == 0
        assert stored(store) == dumped(merge_meetings(articles[:60]))
        put(store, articles[60:])
        assert stored(store) == dumped(merge_meetings(articles))


def test_a_query_upgrades_an_older_store_and_merges_its_meetings_again(tmp_path: Path) -> None:
    """A store written before merged meetings had `events`, opened by a query (read-only): it is upgraded
    once and read; its merged meetings then carry the fields of today's merge, as from scratch."""
    import json
    import sqlite3

    from typer.testing import CliRunner

    from xiputin_cli.cli import app

    articles = synthetic_articles(60, seed=25)
    with Store(tmp_path / "s.db") as store:
        put(store, articles)
    with sqlite3.connect(tmp_path / "s.db") as conn:  # merged rows as schema 6 wrote them: no events
        for ident, record in conn.execute("SELECT id, record FROM timeline").fetchall():
            old = {k: v for k, v in json.loads(record).items() if k not in ("events", "visitor", "host")}
            conn.execute("UPDATE timeline SET record = ? WHERE id = ?", (json.dumps(old), ident))
        conn.execute("DROP INDEX meetings_for_merge")
        conn.execute("ALTER TABLE meetings DROP COLUMN article_id")
        conn.execute("PRAGMA user_version = 6")
    with Store(tmp_path / "s.db", readonly=True) as store:
        assert store.readonly and stored(store) == dumped(merge_meetings(articles))
    result = CliRunner().invoke(app, ["meetings", "--db", str(tmp_path / "s.db"), "-f", "json"])
    assert result.exit_code == 0 and all(m["events"] for m in json.loads(result.stdout))


def test_a_query_of_an_empty_file_says_how_to_fill_it_and_creates_nothing(tmp_path: Path) -> None:
    import sqlite3

    sqlite3.connect(tmp_path / "empty.db").close()
    with pytest.raises(StoreError, match="empty or from an older xiputin"):
        Store(tmp_path / "empty.db", readonly=True)
    with sqlite3.connect(tmp_path / "empty.db") as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
