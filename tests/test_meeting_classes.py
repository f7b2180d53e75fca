"""Meetings on articles no rule was written for (issue 11, classes 4-8): meetings without a meeting word,
earlier meetings recalled beside the news, distinct meetings kept apart, the date of each, and who took part.
Every sentence here is made up for the test."""

from __future__ import annotations

from typing import Any

from xiputin_cli.extract import extract_text
from xiputin_cli.records import Meeting

XI, PUTIN = "Xi Jinping", "Vladimir Putin"


def found(nlp: Any, text: str, published: str | None = "2024-05-10") -> list[Meeting]:
    return extract_text(text, nlp=nlp, published=published).meetings


def with_people(meetings: list[Meeting], *names: str) -> list[Meeting]:
    return [m for m in meetings if set(names) <= set(m.participants)]


# --- class 4: no meeting word in the trigger clause ---------------------------------------------------------


def test_talks_after_which_someone_acts_are_a_meeting_with_the_actor(nlp: Any) -> None:
    text = (
        "After talks with Chancellor Lena Weber on Monday, Prime Minister Anna Kovacs unveiled a rail link."
    )
    (m,) = with_people(found(nlp, text), "Lena Weber", "Anna Kovacs")
    assert m.status == "held" and m.date.start == "2024-05-06"


def test_things_done_together_are_a_meeting(nlp: Any) -> None:
    text = "Xi Jinping and Vladimir Putin opened a new border crossing together on Sunday."
    (m,) = with_people(found(nlp, text), XI, PUTIN)
    assert m.mode == "in_person" and m.date.start == "2024-05-05"
    (m,) = with_people(
        found(nlp, "Xi Jinping celebrated his birthday with Vladimir Putin in Dushanbe."), XI, PUTIN
    )
    assert m.status == "held"


def test_a_joint_statement_signed_by_the_pair_is_a_meeting(nlp: Any) -> None:
    text = "Xi Jinping and Vladimir Putin signed a joint statement on energy on Tuesday."
    assert with_people(found(nlp, text), XI, PUTIN)


def test_acts_done_alone_are_not_a_meeting(nlp: Any) -> None:
    assert not found(nlp, "Xi Jinping opened a new border crossing on Sunday.")
    assert not found(nlp, "Xi Jinping signed a decree on Sunday, Vladimir Putin said on Monday.")
    assert not found(nlp, "Vladimir Putin celebrated his birthday in Moscow on Saturday.")
    assert not found(nlp, "Vladimir Putin signed the decree with Xi Jinping's support on Monday.")


def test_being_welcomed_by_someone_is_a_meeting(nlp: Any) -> None:
    text = "Vladimir Putin was welcomed by Xi Jinping at the airport on Thursday."
    (m,) = with_people(found(nlp, text), XI, PUTIN)
    assert m.status == "held" and m.cameo == "043"


def test_a_welcoming_ceremony_for_a_guest_is_a_meeting_but_not_any_ceremony(nlp: Any) -> None:
    text = "Xi Jinping held a welcoming ceremony for his guest Vladimir Putin in Beijing on Friday."
    assert with_people(found(nlp, text), XI, PUTIN)
    assert not found(nlp, "Xi Jinping held a ceremony for fallen soldiers on Friday, Vladimir Putin said.")


def test_a_visit_at_someones_invitation_is_planned_with_the_host(nlp: Any) -> None:
    text = "Anna Kovacs said she would travel to Brazil in June at President Pedro Silva's invitation."
    (m,) = with_people(found(nlp, text), "Anna Kovacs", "Pedro Silva")
    assert m.status == "planned" and m.date.start == "2024-06-01"


def test_your_visit_said_to_the_host_is_the_guests_visit(nlp: Any) -> None:
    text = (
        "Xi Jinping met Vladimir Putin in Beijing on Thursday. "
        '"Your visit to Moscow last autumn was a success," Putin told Xi.'
    )
    visits = [m for m in with_people(found(nlp, text), XI, PUTIN) if m.date.start != "2024-05-09"]
    assert len(visits) == 1 and visits[0].date.start == "2023-09-01"


def test_calling_someone_a_friend_is_no_call(nlp: Any) -> None:
    assert not found(nlp, "Vladimir Putin called Xi Jinping an old friend.")
    assert not found(nlp, "Putin called Xi a reliable partner in an interview.")
    assert not found(nlp, "Vladimir Putin called Xi Jinping “dear friend” in a speech.")
    (m,) = found(nlp, "Xi Jinping called Vladimir Putin on Monday to discuss trade.")
    assert m.mode == "phone"


def test_getting_together_is_a_meeting(nlp: Any) -> None:
    (m,) = with_people(
        found(nlp, "Xi Jinping and Vladimir Putin got together in Astana on Wednesday."), XI, PUTIN
    )
    assert m.date.start == "2024-05-08"


# --- class 5 and 6: earlier meetings recalled, distinct meetings kept apart ---------------------------------


def test_a_last_meeting_recalled_is_its_own_record(nlp: Any) -> None:
    text = (
        "Xi Jinping held talks with Vladimir Putin in Beijing on Thursday. "
        "Recalling their last meeting in Moscow, Xi said that meeting had set the course."
    )
    meetings = with_people(found(nlp, text), XI, PUTIN)
    assert len(meetings) == 2
    assert {m.date.start for m in meetings} == {"2024-05-09", None}


def test_a_past_perfect_meeting_days_earlier_is_not_the_news(nlp: Any) -> None:
    text = (
        "Xi Jinping has met with Vladimir Putin in Beijing. "
        "The two leaders had met just two days earlier at a summit in Tashkent. "
        "After their talks, the two leaders signed a joint statement."
    )
    meetings = with_people(found(nlp, text), XI, PUTIN)
    assert len(meetings) == 2
    news = next(m for m in meetings if any("has met" in e.text for e in m.evidence))
    assert any("joint statement" in e.text for e in news.evidence)


def test_the_same_meeting_told_twice_stays_one(nlp: Any) -> None:
    text = (
        "Xi Jinping held talks with Vladimir Putin in Beijing on Thursday. "
        "Xi and Putin also discussed energy during the talks, which lasted three hours."
    )
    assert len(with_people(found(nlp, text), XI, PUTIN)) == 1


def test_meetings_of_different_months_stay_apart_without_a_year(nlp: Any) -> None:
    text = (
        "Vladimir Putin held a video call with Xi Jinping. "
        '"During our visit to China in May, we launched a cultural project," Putin said. '
        '"Useful talks took place in July on the sidelines of the summit in Astana," Putin said.'
    )
    meetings = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert sorted((m.mode, m.date.text) for m in meetings) == [
        ("in_person", "July"),
        ("in_person", "May"),
        ("video", ""),
    ]


def test_an_unresolved_weekday_joins_a_dated_meeting_of_that_weekday(nlp: Any) -> None:
    text = (
        "Vladimir Putin welcomes Xi Jinping to Ufa on 8 July 2015.\n\n"
        "Vladimir Putin on Wednesday held talks with Xi Jinping in Ufa."
    )
    meetings = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert len(meetings) == 1 and meetings[0].date.start == "2015-07-08"
    other_day = text.replace("on Wednesday", "on Friday")
    assert len(with_people(found(nlp, other_day, published=None), XI, PUTIN)) == 2


# --- class 7: the date that dates this meeting -----------------------------------------------------------


def test_a_date_in_a_since_phrase_does_not_date_the_meeting(nlp: Any) -> None:
    text = "Xi Jinping, on his second trip abroad since taking office in 2013, met Vladimir Putin in Moscow."
    (m,) = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert m.date.start is None
    after = text.replace("since taking office", "after taking office")
    (m,) = with_people(found(nlp, after, published=None), XI, PUTIN)
    assert m.date.start == "2013-01-01"  # the negative: only 'since' and 'until' phrases date a stretch


def test_a_held_meeting_reported_as_news_without_a_date_word_takes_the_articles_month(nlp: Any) -> None:
    text = "Vladimir Putin has held a phone call with Xi Jinping, a Kremlin aide said."
    (m,) = with_people(found(nlp, text, published="2025-06-19"), XI, PUTIN)
    assert (m.date.start, m.date.end, m.date.precision) == ("2025-06-01", "2025-06-30", "month")


def test_no_month_for_recalled_planned_or_unresolved_meetings(nlp: Any) -> None:
    def dates(text: str, published: str | None = "2025-06-19") -> list[str | None]:
        return [m.date.start for m in with_people(found(nlp, text, published=published), XI, PUTIN)]

    assert dates("Vladimir Putin has held a phone call with Xi Jinping.", published="2025-06-01") == [None]
    assert dates("Vladimir Putin has held a phone call with Xi Jinping.", published=None) == [None]
    assert dates("China signed a pact with Russia when Vladimir Putin visited Xi Jinping in Beijing.") == [
        None
    ]
    assert dates("Xi Jinping recalled their last meeting with Vladimir Putin in Moscow.") == [None]
    assert dates("Vladimir Putin, who met Xi Jinping in Beijing, praised the talks, Peskov said.") == [None]
    assert dates("Vladimir Putin will hold talks with Xi Jinping in Beijing.") == [None]
    assert dates("Vladimir Putin held talks with Xi Jinping on Friday.", published=None) == [None]


# --- class 8: participants named by their role -----------------------------------------------------------


def test_his_counterpart_is_the_other_of_the_pair(nlp: Any) -> None:
    text = (
        "Xi Jinping spoke with Vladimir Putin by video link on Monday. "
        "Putin said he was glad to meet his counterpart at the summit in Kazan in October."
    )
    meetings = with_people(found(nlp, text), XI, PUTIN)
    assert any("glad to meet" in e.text for m in meetings for e in m.evidence)


def test_the_kremlin_leader_and_his_russian_counterpart_are_russias_leader(nlp: Any) -> None:
    text = (
        "Xi Jinping and Vladimir Putin met on Monday. Xi held a video call with the Kremlin leader on Friday."
    )
    calls = [m for m in with_people(found(nlp, text), XI, PUTIN) if m.mode == "video"]
    assert len(calls) == 1 and calls[0].date.start == "2024-05-10"
    text = "Xi Jinping and Vladimir Putin met on Monday. Xi held a video call with his Russian counterpart."
    assert [m.mode for m in with_people(found(nlp, text), XI, PUTIN)].count("video") == 1


def test_a_counterpart_outside_the_pair_or_of_another_country_is_not_guessed(nlp: Any) -> None:
    text = "Xi Jinping and Vladimir Putin met on Monday. Xi called his French counterpart on Friday."
    assert [m.mode for m in with_people(found(nlp, text), XI, PUTIN)] == ["unknown"]


def test_a_caption_without_a_verb_names_who_met(nlp: Any) -> None:
    text = "Xi Jinping and Vladimir Putin during a meeting in Beijing in May 2024."
    (m,) = with_people(found(nlp, text, published="2025-06-19"), XI, PUTIN)
    assert m.date.start == "2024-05-01" and m.status == "held"
    assert not found(nlp, "Xi Jinping during a speech in Beijing in May 2024.")


def test_a_partner_hung_on_the_meeting_nouns_phrase(nlp: Any) -> None:
    text = "On May 8, 2025, Vladimir Putin had a conversation over tea with Xi Jinping at the Kremlin."
    (m,) = with_people(found(nlp, text), XI, PUTIN)
    assert m.date.start == "2025-05-08"


def test_a_summit_meeting_in_another_month_is_not_the_video_call(nlp: Any) -> None:
    text = (
        "Vladimir Putin held a video call with Xi Jinping. "
        "Putin said he was glad to meet with his counterpart at the summit in Kazan in October."
    )
    meetings = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert sorted(m.mode for m in meetings) == ["in_person", "video"]
    summit = next(m for m in meetings if m.mode == "in_person")
    assert summit.date.text == "October" and summit.occasion


def test_a_mention_naming_one_leader_joins_the_pairs_meeting_before_anothers(nlp: Any) -> None:
    text = (
        "Donald Trump visited Xi Jinping in Beijing last week. "
        "Vladimir Putin and Xi Jinping held talks in Beijing on Thursday. "
        "The state visit by Xi's guest was the second in a month, Xi said."
    )
    pair = with_people(found(nlp, text), XI, PUTIN)
    assert len(pair) == 1


def test_two_previous_meetings_in_two_years_are_two_records(nlp: Any) -> None:
    text = (
        "Xi Jinping will meet Vladimir Putin on Thursday. "
        "The two previous meetings of the leaders were held in 2014 and 2015, on the sidelines of summits."
    )
    earlier = [m for m in with_people(found(nlp, text), XI, PUTIN) if m.status == "held"]
    assert sorted(m.date.start or "" for m in earlier) == ["2014-01-01", "2015-01-01"]


def test_counted_contacts_without_as_many_dates_stay_out(nlp: Any) -> None:
    assert not found(nlp, "Xi Jinping and Vladimir Putin have met more than 40 times since 2013.")
    assert not found(nlp, "The two previous meetings of Xi Jinping and Vladimir Putin were held in 2014.")


def test_the_visit_of_a_leader_to_the_others_capital(nlp: Any) -> None:
    text = (
        "Xi Jinping held talks with Vladimir Putin on Monday. They discussed agreements reached during "
        "the July visit of the Chinese leader to Moscow."
    )
    assert len(with_people(found(nlp, text, published=None), XI, PUTIN)) == 2


def test_his_visit_to_his_own_country_is_the_other_leaders(nlp: Any) -> None:
    text = (
        "Xi Jinping welcomed Vladimir Putin to the forum in Beijing on Monday. "
        "Xi values Putin's presence, while his reciprocal visit to Russia will take place in June."
    )
    planned = [m for m in with_people(found(nlp, text), XI, PUTIN) if m.status == "planned"]
    assert len(planned) == 1 and planned[0].date.start == "2024-06-01"


def test_visits_to_different_countries_are_different_meetings(nlp: Any) -> None:
    text = (
        "Xi Jinping will begin his state visit to Russia on a date not yet set. "
        "Xi Jinping and Vladimir Putin signed deals during Putin's state visit to China on June 25, 2016."
    )
    meetings = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert sorted(m.status for m in meetings) == ["held", "planned"]


def test_a_dated_mention_pages_later_is_its_own_meeting_of_the_pair(nlp: Any) -> None:
    filler = " ".join(f"Trade grew by {n} percent in the sector of item {n}." for n in range(20))
    text = (
        f"Vladimir Putin held a video call with Xi Jinping. {filler} "
        "Useful talks took place in July on the sidelines of the summit."
    )
    meetings = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert sorted(m.date.text for m in meetings) == ["", "July"]
    near = "Vladimir Putin held a video call with Xi Jinping. The call took place on December 20, 2022."
    (m,) = with_people(found(nlp, near, published=None), XI, PUTIN)
    assert m.date.start == "2022-12-20"


def test_an_orphan_summit_or_undated_talks_make_no_meeting(nlp: Any) -> None:
    filler = " ".join(f"Trade grew by {n} percent in the sector of item {n}." for n in range(20))
    text = f"Vladimir Putin held a video call with Xi Jinping. {filler} The summit took place in July."
    assert len(with_people(found(nlp, text, published=None), XI, PUTIN)) == 1
    text = f"Vladimir Putin held a video call with Xi Jinping. {filler} Useful talks took place."
    assert len(with_people(found(nlp, text, published=None), XI, PUTIN)) == 1
    for others in ("Talks between Russia and Ukraine", "US-China talks", "The meeting of foreign ministers"):
        text = f"Vladimir Putin held a video call with Xi Jinping. {filler} {others} took place in May."
        assert len(with_people(found(nlp, text, published=None), XI, PUTIN)) == 1, others


def test_a_headline_in_the_present_does_not_make_a_planned_meeting_held(nlp: Any) -> None:
    text = "Putin, Xi meet at summit\n\nVladimir Putin and Xi Jinping will be meeting in Astana this week."
    (m,) = with_people(found(nlp, text), XI, PUTIN)
    assert m.status == "planned"
    (m,) = with_people(found(nlp, "Putin, Xi meet at summit in Astana"), XI, PUTIN)
    assert m.status == "held"  # nothing else said: held, as before


def test_talks_in_a_restricted_format_are_in_person(nlp: Any) -> None:
    text = "We have held useful talks with President Xi Jinping in a restricted format, Vladimir Putin said."
    (m,) = with_people(found(nlp, text), XI, PUTIN)
    assert m.mode == "in_person"


def test_a_visit_in_a_when_clause_of_a_last_meeting_is_that_meeting(nlp: Any) -> None:
    text = (
        "Vladimir Putin and Xi Jinping will be meeting in Astana this week. "
        "Putin and Xi last got together in May when the Russian leader visited Beijing."
    )
    meetings = with_people(found(nlp, text), XI, PUTIN)
    assert sorted(m.status for m in meetings) == ["held", "planned"]
    held = next(m for m in meetings if m.status == "held")
    assert held.date.start == "2024-05-01" and held.mode == "in_person"


def test_a_meeting_as_a_country_marked_an_anniversary_takes_that_day(nlp: Any) -> None:
    text = (
        "Xi Jinping held a phone call with Vladimir Putin on Monday. "
        "The call, which took place as Ukraine marked the third anniversary of the war in Ukraine, "
        "lasted an hour."
    )
    (m,) = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert m.date.start == "2025-02-24"  # a Monday, so the weekday agrees


def test_a_meeting_held_to_mark_an_anniversary_is_not_dated_by_it(nlp: Any) -> None:
    text = "Xi Jinping held talks with Vladimir Putin to mark the third anniversary of the war in Ukraine."
    (m,) = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert m.date.start is None


def test_a_transcripts_date_line_dates_its_meeting(nlp: Any) -> None:
    text = "Meeting with President Xi Jinping\n\nMay 16, 2024\n\nVladimir Putin held talks with Xi Jinping."
    (m,) = with_people(found(nlp, text, published="2024-05-16"), XI, PUTIN)
    assert (m.date.start, m.date.precision) == ("2024-05-16", "day")
    (m,) = with_people(found(nlp, text.replace("May 16, 2024\n\n", ""), published="2024-05-16"), XI, PUTIN)
    assert m.date.precision == "month"


def test_days_earlier_counts_back_from_the_news_meeting(nlp: Any) -> None:
    text = (
        "Xi Jinping met Vladimir Putin in Beijing on Saturday, June 25, 2016. "
        "The two leaders had met just two days earlier at a summit in Tashkent."
    )
    dates = sorted(m.date.start or "" for m in with_people(found(nlp, text, published=None), XI, PUTIN))
    assert dates == ["2016-06-23", "2016-06-25"]
    undated = text.replace(" on Saturday, June 25, 2016", "")
    dates = sorted(m.date.start or "" for m in with_people(found(nlp, undated, published=None), XI, PUTIN))
    assert dates == ["", ""]  # nothing to count back from


def test_a_list_entrys_labelled_date_line_dates_its_meeting(nlp: Any) -> None:
    text = (
        "Following are the highlights of their meetings:\n\n"
        "Occasion: a summit\nTime: March 27, 2013\nPlace: Durban\n"
        "Both Xi Jinping and Vladimir Putin attended the summit held in Durban."
    )
    (m,) = with_people(found(nlp, text, published="2015-05-09"), XI, PUTIN)
    assert m.date.start == "2013-03-27"
    unlabelled = text.replace("Time: March 27, 2013\n", "")
    (m,) = with_people(found(nlp, unlabelled, published="2015-05-09"), XI, PUTIN)
    assert m.date.start != "2013-03-27"


# --- class 5: a list of earlier meetings ---------------------------------------------------------------

LIST = (
    "Xi Jinping will visit Vladimir Putin in Moscow next month. Here are the key moments of their meetings.\n"
    "March 3, 2019\n"
    "Sochi, Russia\n"
    "Winter sports forum\n"
    "The two sides agreed to expand trade in grain and timber over the following decade.\n"
    "Time: October 9, 2018\n"
    "Place: Qingdao, China\n"
    "Xi said the partnership had never been stronger than during that autumn.\n"
)


def test_each_entry_of_a_list_of_the_pairs_meetings_is_a_held_meeting(nlp: Any) -> None:
    meetings = with_people(found(nlp, LIST, published="2024-05-10"), XI, PUTIN)
    held = sorted((m.date.start, m.location) for m in meetings if m.status == "held")
    assert held == [("2018-10-09", "Qingdao"), ("2019-03-03", "Sochi")]
    assert [m.status for m in meetings].count("planned") == 1


def test_dated_lines_without_a_list_opening_are_no_meetings(nlp: Any) -> None:
    text = LIST.replace("Here are the key moments of their meetings.", "Trade has grown since then.")
    meetings = with_people(found(nlp, text, published="2024-05-10"), XI, PUTIN)
    assert [m.status for m in meetings] == ["planned"]


def test_a_list_entry_joins_the_meeting_of_its_day_found_in_the_text(nlp: Any) -> None:
    text = LIST.replace(
        "The two sides agreed",
        "Xi Jinping and Vladimir Putin held talks in Sochi on March 3, 2019, and agreed",
    )
    meetings = with_people(found(nlp, text, published="2024-05-10"), XI, PUTIN)
    assert [m.date.start for m in meetings].count("2019-03-03") == 1


def test_arriving_somewhere_for_a_visit_visits_its_leader(nlp: Any) -> None:
    text = "Xi Jinping arrived in Moscow late Monday for a three-day state visit."
    (m,) = with_people(found(nlp, text), XI, PUTIN)
    assert m.date.start == "2024-05-06" and m.mode == "in_person"
    assert not with_people(found(nlp, "Xi Jinping arrived in Paris on Monday for a state visit."), XI, PUTIN)


def test_a_headline_over_the_lead_does_not_lend_the_lead_its_subject(nlp: Any) -> None:
    text = (
        "Xi, Putin trade congratulations\n\n"
        "CHINESE President Xi Jinping and his Russian counterpart Vladimir Putin spoke by phone on Monday."
    )
    (m,) = with_people(found(nlp, text), XI, PUTIN)
    assert m.mode == "phone" and m.date.start == "2024-05-06"


def test_days_after_someone_elses_trip_is_no_meeting_with_them(nlp: Any) -> None:
    text = "Putin will visit Xi Jinping in Beijing next week, days after Donald Trump's trip to Beijing."
    assert not with_people(
        found(nlp, text), PUTIN, "Donald Trump"
    )  # his trip meets Beijing's host, not Putin


def test_two_meetings_under_one_verb_keep_their_own_days(nlp: Any) -> None:
    text = "Xi and Putin will hold informal talks over tea on Monday and formal negotiations on Tuesday."
    meetings = with_people(found(nlp, text), XI, PUTIN)
    assert sorted(m.date.start or "" for m in meetings) == ["2024-05-13", "2024-05-14"]
    text = "Xi and Putin will hold informal talks over tea and formal negotiations on Tuesday."
    assert [m.date.start for m in with_people(found(nlp, text), XI, PUTIN)] == ["2024-05-14"]


def test_the_journeys_date_dates_the_talks_it_was_made_for(nlp: Any) -> None:
    (m,) = with_people(found(nlp, "On Tuesday Xi flew to Moscow to hold talks with Putin."), XI, PUTIN)
    assert m.date.start == "2024-05-07"
    text = "Xi flew to Moscow, which he first visited in 2013, to hold talks with Putin."
    (m,) = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert m.date.start != "2013-01-01"


def test_a_deadline_in_the_clause_does_not_date_the_meeting(nlp: Any) -> None:
    text = "Xi and Putin agreed on Monday to double trade by 2031 during talks in Moscow."
    (m,) = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert m.date.start is None and m.date.text == "Monday"


def test_partners_listed_each_with_their_country_are_a_meeting_with_each(nlp: Any) -> None:
    text = (
        "Xi Jinping met Chancellor Lena Weber of Germany, President Vladimir Putin of Russia and "
        "Prime Minister Anna Kovacs of Hungary on Monday."
    )
    pairs = sorted(sorted(m.participants) for m in found(nlp, text))
    assert pairs == [["Anna Kovacs", XI], ["Lena Weber", XI], [PUTIN, XI]]
    together = "Xi Jinping met Vladimir Putin and Lena Weber on Monday."  # no countries: one meeting of three
    assert [len(m.participants) for m in found(nlp, together)] == [3]


def test_a_meeting_due_afterwards_is_a_second_meeting(nlp: Any) -> None:
    text = (
        "Xi will meet Putin next week at a trade forum. "
        "The two presidents are also due to meet at a summit in Chile afterwards."
    )
    meetings = with_people(found(nlp, text), XI, PUTIN)
    assert len(meetings) == 2 and {m.status for m in meetings} == {"planned"}
    same = (
        "Xi will meet Putin next week at a forum. The two presidents are due to meet there on its first day."
    )
    assert len(with_people(found(nlp, same), XI, PUTIN)) == 1


def test_a_headline_repeating_the_lead_is_not_a_second_meeting(nlp: Any) -> None:
    text = "Xi meets Putin in Moscow\n\nXi Jinping met Vladimir Putin in Moscow on Tuesday."
    (m,) = with_people(found(nlp, text), XI, PUTIN)
    assert m.date.start == "2024-05-07"


def test_a_captions_date_does_not_date_a_meeting_in_the_body(nlp: Any) -> None:
    text = (
        "Xi Jinping and Vladimir Putin spoke on the phone on Monday.\n\n"
        "A poster of Xi Jinping is displayed in Shanghai, China March 17, 2018. Source: Reuters\n\n"
        "Both countries were in a crucial period, Xi said."
    )
    (m,) = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert m.date.start is None and m.date.text == "Monday"
