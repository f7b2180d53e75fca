"""Meetings recalled beside the news and the words that date them: 'since' an earlier summit, the last of a
habit of calls, a weekday with its part of day, a date in 'last year', a host of a three-way meeting, and a
city the recogniser takes for a person. Every sentence, person, place and date is made up for the test."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiputin_cli.dates import resolve_date
from xiputin_cli.extract import extract_text
from xiputin_cli.records import Meeting

CASTRO, MORENO, WEBER = "Maria Castro", "David Moreno", "Lena Weber"
PUBLISHED = "2023-03-16"  # a Thursday


def found(nlp: Any, text: str, published: str | None = PUBLISHED) -> list[Meeting]:
    return extract_text(text, nlp=nlp, published=published).meetings


def test_a_weekday_with_its_part_of_day_dates_the_meeting(nlp: Any) -> None:
    for words, day in (("on Tuesday afternoon", "2023-03-14"), ("on Monday evening", "2023-03-13")):
        text = f"Chancellor Maria Castro met President David Moreno at the old harbour in Tartu {words}."
        (m,) = found(nlp, text)
        assert m.date.start == day, words


def test_hours_before_another_event_is_the_same_day_not_an_earlier_meeting(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro met President David Moreno in Tartu on Tuesday afternoon, hours before the "
        "opening of the song festival.\n\nThe two leaders discussed fisheries."
    )
    (m,) = found(nlp, text)
    assert m.date.start == "2023-03-14" and m.status == "held"


def test_the_event_after_since_is_an_earlier_meeting_of_the_same_people(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro met President David Moreno in Tartu on Tuesday.\n\n"
        "It was the first meeting between Castro and Moreno since the Baltic summit in Riga in June 2021."
    )
    meetings = found(nlp, text)
    earlier = [m for m in meetings if m.date.start == "2021-06-01"]
    assert len(meetings) == 2 and len(earlier) == 1
    assert set(earlier[0].participants) == {CASTRO, MORENO} and earlier[0].status == "held"


def test_since_a_year_or_a_crisis_is_no_meeting(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro met President David Moreno in Tartu on Tuesday, their first meeting since "
        "the floods of 2021."
    )
    assert len(found(nlp, text)) == 1


def test_the_last_of_a_habit_of_calls_is_a_meeting_of_its_own(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro met President David Moreno in Tartu on Tuesday.\n\nCastro and Moreno had "
        "last met in Riga in 2021. They have since kept in touch by letter, most recently a video call on "
        "November 3 last year."
    )
    calls = [m for m in found(nlp, text) if m.mode == "video"]
    assert len(calls) == 1 and calls[0].date.start == "2022-11-03"
    assert set(calls[0].participants) == {CASTRO, MORENO}


def test_a_date_in_last_or_next_year_takes_that_year() -> None:
    ref = date(2023, 3, 16)
    assert resolve_date("November 3 last year", ref).start == "2022-11-03"
    assert resolve_date("in May next year", ref).start == "2024-05-01"
    assert resolve_date("12 January this year", ref).start == "2023-01-12"
    assert resolve_date("Friday last year", ref).start is None  # which Friday of the year: none


def test_the_host_of_a_three_way_meeting_takes_part(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro met President David Moreno in Tartu on Tuesday. Castro also hosted a "
        "three-way meeting with Moreno and Prime Minister Lena Weber."
    )
    assert any({CASTRO, MORENO, WEBER} <= set(m.participants) for m in found(nlp, text))


def test_a_city_taken_for_a_person_takes_part_in_nothing(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro met President David Moreno in Tartu on Tuesday.\n\n"
        "Castro had visited Lisbon for a fair last year. Moreno flew to Porto for talks in 2021."
    )
    for m in found(nlp, text):
        assert not {"Lisbon", "Porto"} & set(m.participants)
        assert m.location != "Lisbon"


def test_a_joint_act_in_the_clause_of_a_dated_meeting_is_that_meeting(nlp: Any) -> None:
    text = "Maria Castro and David Moreno met in Tartu on March 15, 2023, and signed a joint statement."
    (m,) = found(nlp, text, published="2023-03-16")
    assert m.date.start == "2023-03-15"


def test_a_when_clause_after_a_comma_is_the_last_meeting_itself(nlp: Any) -> None:
    for comma in (",", ""):
        text = (
            "Chancellor Maria Castro met President David Moreno in Tartu on Tuesday.\n\n"
            f"Castro and Moreno last met in October{comma} when Moreno visited Riga."
        )
        meetings = found(nlp, text)
        assert len(meetings) == 2, comma
        assert [m.date.start for m in meetings if m.location == "Riga"] == ["2022-10-01"], comma


def test_places_and_dates_in_turn_are_one_meeting_each(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro met President David Moreno in Tartu on Tuesday.\n\nThis year, Castro and "
        "Moreno have already met in Madrid in January and in Riga in February."
    )
    days = sorted(m.date.start or "" for m in found(nlp, text, published="2023-03-16"))
    assert days == ["2023-01-01", "2023-02-01", "2023-03-14"]


def test_one_place_and_one_date_stay_one_meeting(nlp: Any) -> None:
    text = "Chancellor Maria Castro met President David Moreno in Madrid in January and in Riga."
    assert len(found(nlp, text)) == 1


def test_a_habit_of_talking_is_no_meeting(nlp: Any) -> None:
    text = "Maria Castro and David Moreno talk regularly by telephone, Castro said on Tuesday."
    assert not found(nlp, text)
    assert found(nlp, "Maria Castro and David Moreno talked by telephone on Tuesday.")


def test_a_visit_months_before_the_page_is_not_the_undated_news_meeting(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro has met President David Moreno in Tartu, where both attend a fair.\n\n"
        "It was their second meeting after Castro made a state visit to Moreno's country in January."
    )
    meetings = found(nlp, text)
    assert len(meetings) == 2
    assert [m.date.start for m in meetings if m.location == "Tartu"] != ["2023-01-01"]


def test_talks_due_on_a_day_are_held_by_whoever_its_when_clause_names(nlp: Any) -> None:
    text = (
        "Formal negotiations are due on Friday, when Maria Castro and David Moreno are expected to sign a "
        "fisheries pact, an aide said."
    )
    (m,) = found(nlp, text)
    assert m.status == "planned" and set(m.participants) == {CASTRO, MORENO}
    assert m.date.start == "2023-03-17"


def test_talks_due_with_no_one_named_are_no_meeting(nlp: Any) -> None:
    assert not found(nlp, "Formal negotiations are due on Friday, an aide said.")


def test_an_accepted_invitation_to_visit_is_a_planned_meeting(nlp: Any) -> None:
    text = "Maria Castro accepted David Moreno's invitation to visit Chile later this year, an aide said."
    (m,) = found(nlp, text)
    assert m.status == "planned" and set(m.participants) == {CASTRO, MORENO}


def test_an_invitation_declined_or_only_extended_is_no_meeting(nlp: Any) -> None:
    assert not found(nlp, "Maria Castro declined David Moreno's invitation to visit Chile, an aide said.")
    assert not found(nlp, "David Moreno invited Maria Castro to visit Chile, an aide said.")


def test_that_year_is_the_year_the_text_last_spelled_out(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro met President David Moreno in Tartu on Tuesday.\n\n"
        "In March 2019 Castro and Moreno opened a ferry terminal together in Riga.\n\n"
        "The two met again in Madrid in October of that year at a fisheries summit."
    )
    days = sorted(m.date.start or "" for m in found(nlp, text))
    assert days == ["2019-03-01", "2019-10-01", "2023-03-14"]


def test_that_year_with_no_year_spelled_out_is_not_guessed(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro met President David Moreno in Tartu on Tuesday.\n\n"
        "The two met again in Madrid in October of that year at a fisheries summit."
    )
    assert all(m.date.start != "2023-10-01" for m in found(nlp, text))


def test_a_yearless_day_takes_the_year_its_sentence_spelled_out(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro met President David Moreno in Tartu on Tuesday.\n\n"
        "In June 2019 Castro spent three days in Chile, where she met Moreno on June 5."
    )
    days = sorted(m.date.start or "" for m in found(nlp, text))
    assert "2019-06-05" in days and "2022-06-05" not in days


def test_a_year_on_another_line_lends_no_year(nlp: Any) -> None:
    text = "Fair 2019\nTARTU, June 5. Maria Castro met David Moreno."
    assert all(m.date.start != "2019-06-05" for m in found(nlp, text, published=None))


XI, PUTIN = "Xi Jinping", "Vladimir Putin"  # the rule is about the pair's countries and their leaders


def test_talks_of_one_visitor_during_a_stay_in_a_country_are_with_its_leader(nlp: Any) -> None:
    text = (
        "Chinese President Xi Jinping and Russian President Vladimir Putin met in Beijing on Tuesday.\n\n"
        "In May 2018 Xi spent two days in Russia, holding talks in the Kremlin on May 9 before flying home."
    )
    earlier = [m for m in found(nlp, text) if m.date.start == "2018-05-09"]
    assert len(earlier) == 1 and set(earlier[0].participants) == {XI, PUTIN}


def test_talks_during_a_stay_at_home_name_no_host(nlp: Any) -> None:
    text = (
        "Chinese President Xi Jinping and Russian President Vladimir Putin met in Beijing on Tuesday.\n\n"
        "In May 2018 Xi spent two days in China's south, holding talks with factory owners on May 9."
    )
    assert not [m for m in found(nlp, text) if m.date.start == "2018-05-09"]


def test_a_meeting_placed_by_the_trip_is_in_person(nlp: Any) -> None:
    text = (
        "Chancellor Maria Castro arrived in Tartu on Tuesday for a state visit and held talks with President "
        "David Moreno.\n\nFormal negotiations are due on Friday, when Castro and Moreno are expected to sign "
        "a fisheries pact."
    )
    (planned,) = [m for m in found(nlp, text) if m.status == "planned"]
    assert planned.location == "Tartu" and planned.mode == "in_person"


def test_this_last_and_next_month_name_their_year() -> None:
    ref = date(2023, 3, 16)
    assert resolve_date("this June", ref).start == "2023-06-01"
    assert resolve_date("last June", ref).start == "2022-06-01"
    assert resolve_date("last March", ref).start == "2022-03-01"  # the month of the page is not yet over
    assert resolve_date("next January", ref).start == "2024-01-01"
    assert resolve_date("this Junebug", ref).start is None


def test_a_when_clause_dates_the_trip_it_will_be(nlp: Any) -> None:
    text = (
        "When Maria Castro lands in Tartu on Monday, it will be her first visit to David Moreno's country, "
        "where she will meet Moreno."
    )
    days = [m.date.start for m in found(nlp, text)]  # published on a Thursday: the coming Monday
    assert "2023-03-20" in days and "2023-03-13" not in days


def test_a_present_when_clause_under_a_past_verb_reads_no_future(nlp: Any) -> None:
    text = "When Maria Castro lands in Tartu on Monday, she usually meets David Moreno, an aide said."
    assert all(m.date.start != "2023-03-20" for m in found(nlp, text))
