"""The incremental update's shortcuts: what it skips re-deciding still ends as a merge from scratch."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks.records import synthetic_articles
from tests.test_store_timeline import dumped, put, stored
from xiputin_cli.records import Article, DateValue, Evidence, Meeting, Mode
from xiputin_cli.store import Store
from xiputin_cli.timeline import merge_meetings

DAY = date(2021, 3, 4)


def call(ident: str, mode: Mode, location: str | None = None, day: date = DAY) -> Article:
    """An article reporting one Xi–Putin meeting on `day`."""
    when = DateValue(start=day.isoformat(), end=day.isoformat(), precision="day", text=ident)
    evidence = Evidence(article=ident, text=f"Talks ({ident}).", start=0, end=10)
    meeting = Meeting(
        participants=["Xi Jinping", "Vladimir Putin"],
        date=when,
        mode=mode,
        location=location,
        evidence=[evidence],
    )
    return Article(id=ident, source=f"{ident}.txt", published=day.isoformat(), meetings=[meeting])


def updated_equals_scratch(tmp_path: Path, base: list[Article], added: list[Article]) -> list[dict[str, Any]]:
    with Store(tmp_path / "s.db") as store:
        put(store, base)
        store.refresh_timeline()
        put(store, added)
        found = stored(store)
    assert found == dumped(merge_meetings([*base, *added]))
    return found


# a first ("a", mode and place unknown) leads; "c" joined it; "b" sorts between them and tells the mode or
# place, after which "c" no longer fits: the update must re-decide "c" though "b" is of another article
CLASHES = {
    "a mode told": ([call("a", "unknown"), call("c", "in_person")], call("b", "phone")),
    "a place told": (
        [call("a", "in_person"), call("c", "in_person", "Moscow")],
        call("b", "in_person", "Kazan"),
    ),
}


@pytest.mark.parametrize("case", list(CLASHES), ids=list(CLASHES))
def test_a_record_that_tells_its_meeting_s_mode_or_place_re_decides_later_ones(
    case: str, tmp_path: Path
) -> None:
    base, added = CLASHES[case]
    before = dumped(merge_meetings(base))
    found = updated_equals_scratch(tmp_path, base, [added])
    assert len(before) == 1 and sorted(len(m["sources"]) for m in found) == [1, 2]


def test_a_record_that_changes_only_the_articles_moves_no_one_else(tmp_path: Path) -> None:
    base = [call("a", "phone"), call("c", "phone"), call("d", "phone", day=DAY + timedelta(days=1))]
    found = updated_equals_scratch(tmp_path, base, [call("b", "phone")])
    assert [sorted(m["sources"]) for m in found] == [["a", "b", "c"], ["d"]]


def edited(rng: random.Random, article: Article) -> Article:
    """The article told again another way: a meeting dropped, or one with its mode, place or day changed."""
    meetings = list(article.meetings)
    if len(meetings) > 1 and rng.random() < 0.3:
        meetings.pop(rng.randrange(len(meetings)))
    at = rng.randrange(len(meetings))
    meeting = meetings[at]
    roll = rng.random()
    if roll < 0.35:
        meeting = meeting.model_copy(update={"mode": rng.choice(["in_person", "video", "phone", "unknown"])})
    elif roll < 0.7:
        meeting = meeting.model_copy(update={"location": rng.choice([None, "Beijing", "Moscow"])})
    elif meeting.date.start:
        day = date.fromisoformat(meeting.date.start) + timedelta(days=rng.randint(-3, 3))
        when = meeting.date.model_copy(update={"start": day.isoformat(), "end": day.isoformat()})
        meeting = meeting.model_copy(update={"date": when.model_copy(update={"precision": "day"})})
    meetings[at] = meeting
    return article.model_copy(update={"meetings": meetings})


@pytest.mark.parametrize("seed", [31, 32, 33])
def test_random_adds_deletes_and_changes_kept_up_to_date_equal_a_merge_from_scratch(
    seed: int, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    pool = synthetic_articles(260, seed=seed)
    current = {a.id: a for a in pool[:160]}
    waiting = pool[160:]
    with Store(tmp_path / "s.db") as store:
        put(store, list(current.values()))
        store.refresh_timeline()
        for _ in range(4):
            added = [waiting.pop() for _ in range(rng.randint(1, 25))]
            changed = [edited(rng, current[i]) for i in rng.sample(sorted(current), rng.randint(0, 8))]
            deleted = rng.sample(sorted(set(current) - {a.id for a in changed}), rng.randint(0, 8))
            put(store, [*added, *changed])
            for ident in deleted:
                store.conn.execute("DELETE FROM articles WHERE id = ?", (ident,))
                del current[ident]
            current.update({a.id: a for a in [*added, *changed]})
            store.refresh_timeline()
            assert stored(store) == dumped(merge_meetings(list(current.values())))


def test_the_update_runs_with_the_cycle_collector_paused_and_restores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import xiputin_cli.store_timeline as kept

    seen: list[bool] = []
    within = kept.refresh_within

    def watched(conn: Any) -> int:
        seen.append(gc.isenabled())
        return within(conn)

    monkeypatch.setattr(kept, "refresh_within", watched)
    assert gc.isenabled()
    with Store(tmp_path / "s.db") as store:
        put(store, synthetic_articles(20, seed=34))
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with Store(tmp_path / "s.db") as store:
            put(store, synthetic_articles(21, seed=34)[20:])
        assert seen == [False, False] and not gc.isenabled()  # paused by the caller: left paused
    finally:
        gc.enable()


def entry(article: str, position: int, cluster: int | None) -> Any:
    """A stored phone call on DAY, as the update sees it."""
    from xiputin_cli.spans import precision
    from xiputin_cli.timeline import canonical_of
    from xiputin_cli.timeline_update import Entry

    day = DAY.isoformat()
    when = DateValue(start=day, end=day, precision="day", text=day)
    rank = canonical_of(precision(when), (article,), position, ("", -1, -1), when, ("phone", None, "held"))
    return Entry(
        (article, position), rank, DAY.toordinal(), DAY.toordinal(), article, when, "phone", None, cluster
    )


def test_a_record_joining_a_meeting_re_decides_a_later_record_of_its_own_article_in_it() -> None:
    """'q' has two records: the first joins the meeting its second sat in, so the second must leave it (one
    article never merges with itself) though the meeting's mode and place stay as they were."""
    from xiputin_cli.timeline_update import GroupUpdate

    lead, first, second = entry("a", 0, 1), entry("q", 0, None), entry("q", 1, 1)
    update = GroupUpdate(["Vladimir Putin", "Xi Jinping"], [lead, first, second], {1: lead.key})
    update.update([], {})
    assert first.cluster == lead.cluster == 1 and second.cluster not in (None, 1)
    assert [m.key for m in update.clusters[1].members] == [lead.key, first.key]
