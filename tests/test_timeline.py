"""The corpus stage: merging one meeting's reports across articles, and filtering the timeline."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from tests.test_meetings import meeting_nlp, seed_results  # noqa: F401  shared session fixtures
from xiputin_cli.records import Article, DateValue, Evidence, Meeting
from xiputin_cli.timeline import date_bounds, filter_meetings, merge_meetings, merge_records, prepare_merge

XI, PUTIN, BIDEN = "Xi Jinping", "Vladimir Putin", "Joe Biden"
PRECISION = {10: "day", 7: "month", 4: "year"}


def when(start: str | None, end: str | None = None, text: str = "") -> DateValue:
    """'2025-02' → the whole month; '2021-06-28' → that day; None → unresolved words."""
    if start is None:
        return DateValue(text=text)
    first, last = date_bounds(start)
    if end:
        last = date.fromisoformat(end)
    precision = "range" if end else PRECISION[len(start)]
    return DateValue(start=first.isoformat(), end=last.isoformat(), precision=precision, text=text or start)


def meeting(
    article: str,
    day: str | None,
    *,
    mode: str = "video",
    status: str = "held",
    people: tuple[str, ...] = (XI, PUTIN),
    text: str = "",
    location: str | None = None,
) -> Meeting:
    evidence = Evidence(article=article, text=f"{article}: {text or day}", start=0, end=10)
    return Meeting.model_validate(
        {
            "participants": list(people),
            "date": when(day, text=text).model_dump(),
            "mode": mode,
            "status": status,
            "location": location,
            "evidence": [evidence.model_dump()],
            "cameo": "036" if status == "planned" else "040",
        }
    )


def article(id: str, published: str | None, *found: Meeting) -> Article:
    return Article(id=id, source=f"{id}.txt", published=published, meetings=list(found))


# --- merging ----------------------------------------------------------------------------------------------


def test_planned_and_held_reports_of_one_day_merge_as_held() -> None:
    merged = merge_meetings(
        [
            article("a", "2021-06-25", meeting("a", "2021-06-28", status="planned")),
            article("b", "2021-06-29", meeting("b", "2021-06-28")),
        ]
    )
    assert len(merged) == 1
    assert (merged[0].status, merged[0].sources, merged[0].cameo) == ("held", ["a", "b"], "041")  # video call
    assert {e.article for e in merged[0].evidence} == {"a", "b"}


def test_held_does_not_win_before_its_date() -> None:
    merged = merge_meetings(
        [meeting("a", "2030-01-10", status="planned"), meeting("b", "2030-01-10")], today=date(2029, 12, 1)
    )
    assert [m.status for m in merged] == ["planned"]


def test_a_month_merges_with_a_day_inside_it_and_keeps_the_day() -> None:
    merged = merge_meetings([meeting("a", "2025-02", mode="phone"), meeting("b", "2025-02-24", mode="phone")])
    assert [(m.date.start, m.date.precision, m.sources) for m in merged] == [
        ("2025-02-24", "day", ["b", "a"])
    ]


def test_different_modes_or_places_on_one_day_stay_apart() -> None:
    modes = merge_meetings(
        [meeting("a", "2024-05-16", mode="phone"), meeting("b", "2024-05-16", mode="in_person")]
    )
    places = merge_meetings(
        [
            meeting("a", "2024-05-16", mode="in_person", location="Beijing"),
            meeting("b", "2024-05-16", mode="in_person", location="Harbin"),
        ]
    )
    assert len(modes) == 2 and len(places) == 2


def test_an_unknown_mode_joins_a_known_one_on_the_same_day() -> None:
    merged = merge_meetings([meeting("a", "2020-12-28", mode="unknown"), meeting("b", "2020-12-28")])
    assert [(m.mode, len(m.sources)) for m in merged] == [("video", 2)]


def test_two_meetings_of_one_article_never_merge() -> None:
    merged = merge_meetings([article("a", "2025-05-08", meeting("a", "2025-01"), meeting("a", "2025-01-20"))])
    assert len(merged) == 2


def test_an_undated_plan_joins_the_dated_meeting_its_article_points_to() -> None:
    """Seed 001 has no publication date; its other meetings date it to 2021, and 'Monday' fits 2021-06-28."""
    merged = merge_meetings(
        [
            article("000", None, meeting("000", "2021-06-28")),
            article(
                "001",
                None,
                meeting("001", None, text="May 19"),
                meeting("001", None, status="planned", text="Monday"),
                meeting("001", "2020-12-28", mode="unknown"),
            ),
        ]
    )
    joined = [m for m in merged if m.date.start == "2021-06-28"]
    assert [(m.sources, m.status) for m in joined] == [(["000", "001"], "held")]
    assert sum(m.date.start is None for m in merged) == 1  # 'May 19' is not that Monday


def test_an_undated_record_without_a_time_anchor_stays_alone() -> None:
    """Seed 003's 'Friday' (no publication date, nothing else dated) must not join a 2025 video call."""
    merged = merge_meetings(
        [article("003", None, meeting("003", None, status="planned", text="Friday")), meeting("x", "2025-01")]
    )
    assert len(merged) == 2


def test_an_undated_record_needs_a_known_matching_mode() -> None:
    merged = merge_meetings(
        [article("a", "2024-05-10", meeting("a", None, mode="unknown")), meeting("b", "2024-05-09")]
    )
    assert len(merged) == 2


def test_undated_meetings_sort_last() -> None:
    merged = merge_meetings(
        [meeting("a", None, text="Friday"), meeting("b", "2025-01"), meeting("c", "2021-06")]
    )
    assert [m.date.start for m in merged] == ["2021-06-01", "2025-01-01", None]


# --- filtering --------------------------------------------------------------------------------------------


@pytest.fixture
def timeline() -> list[Meeting]:
    return merge_meetings(
        [
            meeting("a", "2021-06-28"),
            meeting("b", "2025-02", mode="phone"),
            meeting("c", "2023-10-18", mode="in_person", location="Beijing"),
            meeting("d", "2021-06-16", mode="in_person", people=(PUTIN, BIDEN)),
            meeting("e", None, status="planned", text="Friday"),
        ]
    )


def test_bounds_take_years_months_and_days(timeline: list[Meeting]) -> None:
    assert [m.date.start for m in filter_meetings(timeline, since="2023")] == ["2023-10-18", "2025-02-01"]
    assert [m.date.start for m in filter_meetings(timeline, until="2021-06")] == ["2021-06-28"]
    assert [m.date.start for m in filter_meetings(timeline, since="2025-02-20", until="2025-02-21")] == [
        "2025-02-01"
    ]  # known only to the month: in range when the month overlaps
    assert filter_meetings(timeline, since=date(2024, 1, 1)) == filter_meetings(timeline, since="2024")


def test_without_bounds_undated_meetings_come_last(timeline: list[Meeting]) -> None:
    assert [m.date.start for m in filter_meetings(timeline)] == [
        "2021-06-28",
        "2023-10-18",
        "2025-02-01",
        None,
    ]


def test_filters_by_mode_status_and_name(timeline: list[Meeting]) -> None:
    assert [m.mode for m in filter_meetings(timeline, mode="phone")] == ["phone"]
    assert [m.date.text for m in filter_meetings(timeline, status="planned")] == ["Friday"]
    assert filter_meetings(timeline, with_name="biden") == []
    assert [m.participants for m in filter_meetings(timeline, with_name="Biden", all_pairs=True)] == [
        [BIDEN, PUTIN]  # merged meetings list their participants sorted
    ]
    assert len(filter_meetings(timeline, all_pairs=True)) == 5


@pytest.mark.parametrize(
    ("bad", "says"), [("2021-13", "month 13"), ("2021-02-30", "day 30"), ("June", "YYYY")]
)
def test_bad_bounds_say_what_is_wrong(bad: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        filter_meetings([], since=bad)


# --- the seed corpus --------------------------------------------------------------------------------------


def test_seed_timeline(seed_results: dict[str, Any]) -> None:  # noqa: F811  (the imported fixture)
    merged = filter_meetings(merge_meetings(seed_results.values()), since="2021")
    june = [m for m in merged if m.date.start == "2021-06-28"]
    assert len(june) == 1 and june[0].mode == "video" and june[0].status == "held"
    assert {"000_1139d4d634dec6c8", "001_55dbc88e48c918ce"} <= set(june[0].sources)
    told = {r.source: r.status for r in june[0].history}
    assert told["001_55dbc88e48c918ce"] == "planned" and told["000_1139d4d634dec6c8"] == "held"
    assert all(m.date.start and m.date.start >= "2021" for m in merged)
    assert {((m.date.start or "")[:7], m.mode) for m in merged} >= {
        ("2025-01", "video"),
        ("2025-02", "phone"),
    }


# --- invariants of the corpus merge ------------------------------------------------------------------------


def dumped(meetings: list[Meeting]) -> list[dict[str, Any]]:
    return [m.model_dump() for m in meetings]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_input_order_gives_the_same_timeline(seed: int) -> None:
    from benchmarks.records import synthetic_articles

    articles = synthetic_articles(150, seed=seed)
    shuffled = articles[:]
    random.Random(seed).shuffle(shuffled)
    assert dumped(merge_meetings(shuffled)) == dumped(merge_meetings(articles))
    assert len(merge_meetings(articles)) < sum(len(a.meetings) for a in articles)  # it did merge


def test_merging_shards_equals_merging_everything() -> None:
    """Anchors and the reference date travel with each shard, so shard summaries combine."""
    from benchmarks.records import synthetic_articles

    articles = synthetic_articles(120, seed=5)
    first, second = prepare_merge(articles[::2]), prepare_merge(articles[1::2])
    assert dumped(merge_records(first.combine(second))) == dumped(merge_meetings(articles))


def test_identical_articles_count_once_and_are_reported() -> None:
    """Syndicated copy: the same text under two names is one source, not two reports of the meeting."""
    copy = [article(name, "2024-05-17", meeting("x", "2024-05-16", mode="in_person")) for name in ("b", "a")]
    prepared = prepare_merge(copy)
    assert prepared.duplicates == {"b": "a"}
    assert [m.sources for m in merge_records(prepared)] == [["a"]]


def test_different_articles_of_one_day_are_not_duplicates() -> None:
    one = article("a", "2024-05-17", meeting("a", "2024-05-16", mode="in_person"))
    other = article("b", "2024-05-17", meeting("b", "2024-05-16", mode="in_person", text="Thursday"))
    assert prepare_merge([one, other]).duplicates == {}
    assert [m.sources for m in merge_meetings([one, other])] == [["a", "b"]]


def test_far_apart_meetings_of_one_pair_do_not_meet_in_the_index() -> None:
    """A year-long report joins the one meeting inside its year, whatever lies in other years."""
    merged = merge_meetings(
        [meeting("a", "2019"), meeting("b", "2019-04-26"), meeting("c", "2024-05-16"), meeting("d", "2030")]
    )
    assert [(m.date.start, m.sources) for m in merged] == [
        ("2019-04-26", ["b", "a"]),
        ("2024-05-16", ["c"]),
        ("2030-01-01", ["d"]),
    ]


def test_merged_meetings_have_stable_distinct_ids_whatever_the_order_or_sharding() -> None:
    from benchmarks.records import synthetic_articles

    articles = synthetic_articles(200, seed=8)
    merged = merge_meetings(articles)
    ids = [m.id for m in merged]
    assert all(i and i.startswith("m-") for i in ids) and len(set(ids)) == len(ids)
    shuffled = articles[:]
    random.Random(8).shuffle(shuffled)
    sharded = merge_records(
        prepare_merge(shuffled[::3]).combine(prepare_merge(shuffled[1::3] + shuffled[2::3]))
    )
    assert [m.id for m in merge_meetings(shuffled)] == ids == [m.id for m in sharded]
    assert all(m.id is None for a in articles for m in a.meetings)  # an article's own meetings have none


def test_a_meeting_keeps_its_id_when_a_coarser_report_joins_and_changes_it_for_a_finer_one() -> None:
    day = article("b", "2024-05-17", meeting("b", "2024-05-16", mode="in_person"))
    (alone,) = merge_meetings([day])
    (joined,) = merge_meetings([day, article("c", "2024-05-20", meeting("c", "2024-05", mode="in_person"))])
    assert joined.sources == ["b", "c"] and joined.id == alone.id
    (month,) = merge_meetings([article("c", "2024-05-20", meeting("c", "2024-05", mode="in_person"))])
    assert month.id != alone.id


def test_merged_participants_are_sorted_whichever_article_named_them_first() -> None:
    one = article("a", "2024-05-17", meeting("a", "2024-05-16", people=(XI, PUTIN)))
    other = article("b", "2024-05-17", meeting("b", "2024-05-16", people=(PUTIN, XI)))
    for given in ([one, other], [other, one]):
        assert [m.participants for m in merge_meetings(given)] == [[PUTIN, XI]]
    assert one.meetings[0].participants == [XI, PUTIN]  # an article's own order is kept


def test_the_history_tells_what_each_article_said_in_order_of_publication() -> None:
    announced = article("kremlin", "2021-06-25", meeting("kremlin", "2021-06-28", status="planned"))
    held = article("xinhua", "2021-06-28", meeting("xinhua", "2021-06-28"))
    undated = article("blog", None, meeting("blog", "2021-06-28"))
    for given in ([held, undated, announced], [announced, held, undated]):
        (merged,) = merge_meetings(given)
        found = [(r.source, r.published, r.status, r.date.start) for r in merged.history]
        assert found == [
            ("kremlin", "2021-06-25", "planned", "2021-06-28"),
            ("xinhua", "2021-06-28", "held", "2021-06-28"),
            ("blog", None, "held", "2021-06-28"),
        ]
    assert merged.status == "held" and all(m.history == [] for a in given for m in a.meetings)


def test_a_merged_meeting_merged_again_keeps_its_history() -> None:
    one = article("a", "2024-05-10", meeting("a", "2024-05-16", status="planned", mode="in_person"))
    two = article("b", "2024-05-17", meeting("b", "2024-05-16", mode="in_person"))
    (merged,) = merge_meetings([one, two])
    (again,) = merge_meetings([merged])
    assert again.history == merged.history and [r.source for r in again.history] == ["a", "b"]


def test_a_video_call_and_a_phone_call_of_one_day_are_one_call_and_the_disagreement_is_kept() -> None:
    video = article("kremlin", "2024-05-16", meeting("kremlin", "2024-05-16", mode="video"))
    phone = article("xinhua", "2024-05-16", meeting("xinhua", "2024-05-16", mode="phone"))
    for given in ([video, phone], [phone, video]):
        (merged,) = merge_meetings(given)
        assert merged.sources == ["kremlin", "xinhua"] and merged.mode == "video"
        assert [(d.field, [(v.value, v.sources) for v in d.values]) for d in merged.disagreements] == [
            ("mode", [("video", ["kremlin"]), ("phone", ["xinhua"])])
        ]


def test_only_calls_of_one_day_merge_across_video_and_phone() -> None:
    calls = [meeting("a", "2024-05-16", mode="video"), meeting("b", "2024-05-16", mode="phone")]
    assert [m.sources for m in merge_meetings([*calls, meeting("c", "2024-05-16", mode="phone")])] == [
        ["a", "b", "c"]
    ]
    month = [meeting("a", "2024-05", mode="video"), meeting("b", "2024-05", mode="phone")]
    days = [meeting("a", "2024-05-16", mode="video"), meeting("b", "2024-05-17", mode="phone")]
    visit = [meeting("a", "2024-05-16", mode="in_person"), meeting("b", "2024-05-16", mode="phone")]
    assert [len(merge_meetings(given)) for given in (month, days, visit)] == [2, 2, 2]


def test_occasions_and_ranges_the_articles_give_differently_are_listed() -> None:
    one = meeting("a", "2025-02-21", mode="phone").model_copy(
        update={"date": when("2025-02-21", "2025-02-28"), "occasion": "the anniversary"}
    )
    two = meeting("b", "2025-02-20", mode="phone").model_copy(
        update={"date": when("2025-02-20", "2025-02-27"), "occasion": "a state visit"}
    )
    (merged,) = merge_meetings([one, two])
    told = {d.field: [(v.value, v.sources) for v in d.values] for d in merged.disagreements}
    assert told == {
        "date": [("2025-02-21/2025-02-28", ["a"]), ("2025-02-20/2025-02-27", ["b"])],
        "occasion": [("the anniversary", ["a"]), ("a state visit", ["b"])],
    }
    same = [meeting("a", "2025-02-21", mode="phone"), meeting("b", "2025-02-21", mode="unknown")]
    (agreed,) = merge_meetings(same)
    assert agreed.disagreements == []


def test_the_merge_runs_with_the_cycle_collector_paused_and_restores_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    import xiputin_cli.timeline as timeline
    from benchmarks.records import synthetic_articles

    seen: list[bool] = []
    merge = timeline.merge_component

    def watched(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return merge(*args)

    monkeypatch.setattr(timeline, "merge_component", watched)
    articles = synthetic_articles(30, seed=41)
    assert gc.isenabled() and merge_meetings(articles) and gc.isenabled()
    assert seen and not any(seen)
