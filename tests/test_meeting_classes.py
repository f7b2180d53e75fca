"""Meetings on articles no rule was written for (issue 11, classes 4-8): meetings without a meeting word,
earlier meetings recalled beside the news, distinct meetings kept apart, the date of each, and who took part.
Every sentence, person, place and date here is made up for the test; Xi Jinping and Vladimir Putin appear
only where the rule is about the pair a story is about (their roles, countries and capitals)."""

from __future__ import annotations

from typing import Any

from xiputin_cli.extract import extract_text
from xiputin_cli.records import Meeting

XI, PUTIN = "Xi Jinping", "Vladimir Putin"
CASTRO, MORENO = "Maria Castro", "David Moreno"
PUBLISHED = "2023-03-16"  # a Thursday


def found(nlp: Any, text: str, published: str | None = PUBLISHED) -> list[Meeting]:
    return extract_text(text, nlp=nlp, published=published).meetings


def with_people(meetings: list[Meeting], *names: str) -> list[Meeting]:
    return [m for m in meetings if set(names) <= set(m.participants)]


# --- class 4: no meeting word in the trigger clause ---------------------------------------------------------


def test_talks_after_which_someone_acts_are_a_meeting_with_the_actor(nlp: Any) -> None:
    text = (
        "After talks with President David Moreno on Tuesday, Chancellor Maria Castro announced a ferry route."
    )
    (m,) = with_people(found(nlp, text), MORENO, CASTRO)
    assert m.status == "held" and m.date.start == "2023-03-14"


def test_things_done_together_are_a_meeting(nlp: Any) -> None:
    text = "Maria Castro and David Moreno opened a new ferry terminal together on Saturday."
    (m,) = with_people(found(nlp, text), CASTRO, MORENO)
    assert m.mode == "in_person" and m.date.start == "2023-03-11"
    (m,) = with_people(
        found(nlp, "David Moreno celebrated his birthday with Maria Castro in Tartu."), CASTRO, MORENO
    )
    assert m.status == "held"


def test_a_joint_statement_signed_by_the_pair_is_a_meeting(nlp: Any) -> None:
    text = "On Wednesday Maria Castro and David Moreno signed a joint statement about fisheries."
    assert with_people(found(nlp, text), CASTRO, MORENO)


def test_acts_done_alone_are_not_a_meeting(nlp: Any) -> None:
    assert not found(nlp, "Maria Castro opened a new ferry terminal on Saturday.")
    assert not found(nlp, "Maria Castro signed a decree on Saturday, David Moreno said on Sunday.")
    assert not found(nlp, "David Moreno celebrated his birthday in Tartu on Friday.")
    assert not found(nlp, "David Moreno signed the bill with Maria Castro's backing on Tuesday.")


def test_being_welcomed_by_someone_is_a_meeting(nlp: Any) -> None:
    text = "David Moreno was welcomed by Maria Castro at the harbour on Tuesday."
    (m,) = with_people(found(nlp, text), CASTRO, MORENO)
    assert m.status == "held" and m.cameo == "043"


def test_a_welcoming_ceremony_for_a_guest_is_a_meeting_but_not_any_ceremony(nlp: Any) -> None:
    text = "In Riga on Monday, Maria Castro held a welcoming ceremony for her guest David Moreno."
    assert with_people(found(nlp, text), CASTRO, MORENO)
    assert not found(nlp, "Maria Castro held a ceremony for flood victims on Monday, David Moreno said.")


def test_a_visit_at_someones_invitation_is_planned_with_the_host(nlp: Any) -> None:
    text = "Maria Castro said she would travel to Chile in August at President David Moreno's invitation."
    (m,) = with_people(found(nlp, text), CASTRO, MORENO)
    assert m.status == "planned" and m.date.start == "2023-08-01"


def test_your_visit_said_to_the_host_is_the_guests_visit(nlp: Any) -> None:
    text = (
        "Vladimir Putin received Xi Jinping in Kazan on Wednesday. "
        '"Your trip to Moscow last spring did a lot of good," Putin told Xi.'
    )
    visits = [m for m in with_people(found(nlp, text), XI, PUTIN) if m.date.start != "2023-03-15"]
    assert len(visits) == 1 and visits[0].date.start == "2022-03-01"


def test_calling_someone_a_friend_is_no_call(nlp: Any) -> None:
    assert not found(nlp, "David Moreno called Maria Castro a trusted ally.")
    assert not found(nlp, "Moreno called Castro a loyal neighbour in a radio interview.")
    assert not found(nlp, "David Moreno called Maria Castro “old comrade” in an address.")
    (m,) = found(nlp, "Maria Castro called David Moreno on Tuesday to discuss fishing quotas.")
    assert m.mode == "phone"


def test_getting_together_is_a_meeting(nlp: Any) -> None:
    (m,) = with_people(
        found(nlp, "Maria Castro and David Moreno got together in Bergen on Tuesday."), CASTRO, MORENO
    )
    assert m.date.start == "2023-03-14"


# --- class 5 and 6: earlier meetings recalled, distinct meetings kept apart ---------------------------------


def test_a_last_meeting_recalled_is_its_own_record(nlp: Any) -> None:
    text = (
        "Maria Castro held talks with David Moreno in Lisbon on Wednesday. "
        "Recalling their last meeting in Riga, Moreno told Castro that meeting had opened a new chapter."
    )
    meetings = with_people(found(nlp, text), CASTRO, MORENO)
    assert len(meetings) == 2
    assert {m.date.start for m in meetings} == {"2023-03-15", None}


def test_a_past_perfect_meeting_days_earlier_is_not_the_news(nlp: Any) -> None:
    text = (
        "Maria Castro has met with David Moreno in Lisbon. "
        "Castro and Moreno had met at a fisheries conference in Oslo only three days earlier. "
        "The two leaders signed a joint declaration once their talks were over."
    )
    meetings = with_people(found(nlp, text), CASTRO, MORENO)
    assert len(meetings) == 2
    news = next(m for m in meetings if any("has met" in e.text for e in m.evidence))
    assert any("joint declaration" in e.text for e in news.evidence)


def test_the_same_meeting_told_twice_stays_one(nlp: Any) -> None:
    text = (
        "Maria Castro held talks with David Moreno in Lisbon on Wednesday. "
        "During the talks, which ran for two hours, Castro and Moreno also covered fishing."
    )
    assert len(with_people(found(nlp, text), CASTRO, MORENO)) == 1


def test_meetings_of_different_months_stay_apart_without_a_year(nlp: Any) -> None:
    text = (
        "Xi Jinping spoke with Vladimir Putin by video link. "
        '"We opened a film festival on our trip to Russia in March," Xi said. '
        '"In September, fruitful talks took place at the forum in Bishkek," Xi said.'
    )
    meetings = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert sorted((m.mode, m.date.text) for m in meetings) == [
        ("in_person", "March"),
        ("in_person", "September"),
        ("video", ""),
    ]


def test_an_unresolved_weekday_joins_a_dated_meeting_of_that_weekday(nlp: Any) -> None:
    text = (
        "David Moreno welcomes Maria Castro to Madrid on 14 June 2017.\n\n"
        "On Wednesday, David Moreno held talks with Maria Castro in Madrid."
    )
    meetings = with_people(found(nlp, text, published=None), CASTRO, MORENO)
    assert len(meetings) == 1 and meetings[0].date.start == "2017-06-14"
    other_day = text.replace("On Wednesday", "On Friday")
    assert len(with_people(found(nlp, other_day, published=None), CASTRO, MORENO)) == 2


# --- class 7: the date that dates this meeting -----------------------------------------------------------


def test_a_date_in_a_since_phrase_does_not_date_the_meeting(nlp: Any) -> None:
    text = (
        "Maria Castro, on her first foreign tour since winning the election in "
        "2019, met David Moreno in Lisbon."
    )
    (m,) = with_people(found(nlp, text, published=None), CASTRO, MORENO)
    assert m.date.start is None
    after = text.replace("since winning", "after winning")
    (m,) = with_people(found(nlp, after, published=None), CASTRO, MORENO)
    assert m.date.start == "2019-01-01"  # the negative: only 'since' and 'until' phrases date a stretch


def test_a_held_meeting_reported_as_news_without_a_date_word_takes_the_articles_month(nlp: Any) -> None:
    text = "David Moreno has held a phone call with Maria Castro, an aide to the chancellor confirmed."
    (m,) = with_people(found(nlp, text, published="2023-03-16"), CASTRO, MORENO)
    assert (m.date.start, m.date.end, m.date.precision) == ("2023-03-01", "2023-03-31", "month")


def test_no_month_for_recalled_planned_early_or_unresolved_meetings(nlp: Any) -> None:
    def dates(text: str, published: str | None = PUBLISHED) -> list[str | None]:
        return [m.date.start for m in with_people(found(nlp, text, published=published), CASTRO, MORENO)]

    call = "David Moreno has held a phone call with Maria Castro."
    for early in ("2023-04-01", "2023-04-03", "2023-04-07"):  # the call may be from the month before
        assert dates(call, published=early) == [None], early
    assert dates(call, published="2023-04-08") == ["2023-04-01"]
    assert dates(call, published=None) == [None]
    assert dates("Chile signed a pact with Peru when David Moreno visited Maria Castro in Riga.") == [None]
    assert dates("Maria Castro recalled her last meeting with David Moreno in Lisbon.") == [None]
    assert dates("David Moreno, who met Maria Castro in Riga, praised the talks, an aide said.") == [None]
    assert dates("David Moreno will hold talks with Maria Castro in Riga.") == [None]
    assert dates("David Moreno held talks with Maria Castro on Tuesday.", published=None) == [None]


def test_a_meeting_analysts_recall_is_not_the_articles_news(nlp: Any) -> None:
    text = "Maria Castro and David Moreno met at the summit, analysts recalled in a long review."
    assert [m.date.start for m in with_people(found(nlp, text), CASTRO, MORENO)] == [None]


def test_a_meeting_told_after_the_lead_takes_no_month(nlp: Any) -> None:
    text = (
        "Fishing quotas rise\n\n"
        "Coastal towns welcomed larger catches this spring.\n\n"
        "Harbour fees fell as well, the port authority said.\n\n"
        "David Moreno has held a phone call with Maria Castro about the quotas."
    )
    assert [m.date.start for m in with_people(found(nlp, text), CASTRO, MORENO)] == [None]
    lead = "Fishing quotas rise\n\nDavid Moreno has held a phone call with Maria Castro about the quotas."
    assert [m.date.start for m in with_people(found(nlp, lead), CASTRO, MORENO)] == ["2023-03-01"]


# --- class 8: participants named by their role -----------------------------------------------------------


def test_his_counterpart_is_the_other_of_the_pair(nlp: Any) -> None:
    text = (
        "David Moreno and Maria Castro held a video call on Tuesday. "
        "Castro thanked Moreno, who said he was happy to meet his counterpart at the "
        "Baltic summit in Gdansk in November."
    )
    meetings = with_people(found(nlp, text), CASTRO, MORENO)
    assert any("his counterpart" in e.text for m in meetings for e in m.evidence)


def test_the_kremlin_leader_and_his_russian_counterpart_are_russias_leader(nlp: Any) -> None:
    text = (
        "Vladimir Putin and Xi Jinping met on Tuesday. On Thursday Xi had a "
        "video call with the Kremlin leader."
    )
    calls = [m for m in with_people(found(nlp, text), XI, PUTIN) if m.mode == "video"]
    assert len(calls) == 1 and calls[0].date.start == "2023-03-16"
    text = (
        "Vladimir Putin and Xi Jinping met on Tuesday. Later Xi had a video "
        "call with his Russian counterpart."
    )
    assert [m.mode for m in with_people(found(nlp, text), XI, PUTIN)].count("video") == 1


def test_a_counterpart_outside_the_pair_or_of_another_country_is_not_guessed(nlp: Any) -> None:
    text = "Vladimir Putin and Xi Jinping met on Tuesday. On Thursday Xi phoned his Italian counterpart."
    assert [m.mode for m in with_people(found(nlp, text), XI, PUTIN)] == ["unknown"]


def test_a_caption_without_a_verb_names_who_met(nlp: Any) -> None:
    text = "Maria Castro and David Moreno during talks in Lisbon in June 2021."
    (m,) = with_people(found(nlp, text), CASTRO, MORENO)
    assert m.date.start == "2021-06-01" and m.status == "held"
    assert not found(nlp, "Maria Castro during a speech in Lisbon in June 2021.")


def test_a_partner_hung_on_the_meeting_nouns_phrase(nlp: Any) -> None:
    text = "On February 3, 2022, David Moreno had a conversation over dinner with Maria Castro in the palace."
    (m,) = with_people(found(nlp, text), CASTRO, MORENO)
    assert m.date.start == "2022-02-03"


def test_a_summit_meeting_in_another_month_is_not_the_video_call(nlp: Any) -> None:
    text = (
        "David Moreno held a video call with Maria Castro. Castro thanked Moreno for the call. "
        "Moreno noted that he had met with his counterpart in November at the Baltic summit in Gdansk."
    )
    meetings = with_people(found(nlp, text, published=None), CASTRO, MORENO)
    assert sorted(m.mode for m in meetings) == ["in_person", "video"]
    summit = next(m for m in meetings if m.mode == "in_person")
    assert summit.date.text == "November" and summit.occasion


def test_a_mention_naming_one_leader_joins_the_pairs_meeting_before_anothers(nlp: Any) -> None:
    text = (
        "Peter Haas visited Xi Jinping in Shanghai last week. "
        "Vladimir Putin and Xi Jinping held talks in Shanghai on Wednesday. "
        "The state visit by Xi's guest was the second he had hosted in a month, Xi said."
    )
    assert len(with_people(found(nlp, text), XI, PUTIN)) == 1


def test_a_number_of_earlier_meetings_with_as_many_dates_are_as_many_records(nlp: Any) -> None:
    text = (
        "Maria Castro will meet David Moreno on Monday. "
        "The two previous meetings of Castro and Moreno took place in 2016 and "
        "2019, both at regional summits."
    )
    earlier = [m for m in with_people(found(nlp, text), CASTRO, MORENO) if m.status == "held"]
    assert sorted(m.date.start or "" for m in earlier) == ["2016-01-01", "2019-01-01"]
    text = "The three previous meetings of Maria Castro and David Moreno were held in 2012, 2015 and 2018."
    held = sorted(m.date.start or "" for m in with_people(found(nlp, text), CASTRO, MORENO))
    assert held == ["2012-01-01", "2015-01-01", "2018-01-01"]


def test_counted_contacts_without_as_many_dates_stay_out(nlp: Any) -> None:
    assert not found(nlp, "Maria Castro and David Moreno have met more than 30 times since 2010.")
    assert not found(nlp, "The two previous meetings of Maria Castro and David Moreno were held in 2016.")
    assert not found(
        nlp, "The three previous meetings of Maria Castro and David Moreno were held in 2012 and 2015."
    )


def test_the_visit_of_a_leader_to_the_others_capital(nlp: Any) -> None:
    text = (
        "Vladimir Putin held talks with Xi Jinping on Tuesday. The two sides reviewed projects launched "
        "during the October visit of the Chinese president to Moscow."
    )
    assert len(with_people(found(nlp, text, published=None), XI, PUTIN)) == 2


def test_his_visit_to_his_own_country_is_the_other_leaders(nlp: Any) -> None:
    text = (
        "Vladimir Putin welcomed Xi Jinping to the economic forum in Vladivostok on Tuesday. "
        "Putin praised Xi's attendance, while his return visit to China will take place in October."
    )
    planned = [m for m in with_people(found(nlp, text), XI, PUTIN) if m.status == "planned"]
    assert len(planned) == 1 and planned[0].date.start == "2023-10-01"


def test_visits_to_different_countries_are_different_meetings(nlp: Any) -> None:
    text = (
        "Vladimir Putin will begin his state visit to China on a day still to be fixed. "
        "During Xi's state visit to Russia on 9 May 2015, "
        "Vladimir Putin and Xi Jinping signed a string of deals."
    )
    meetings = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert sorted(m.status for m in meetings) == ["held", "planned"]


FILLER = " ".join(f"Exports rose by {n} percent in category {n}." for n in range(20))


def test_pairless_talks_a_leader_of_the_pair_speaks_of_are_the_pairs(nlp: Any) -> None:
    text = (
        f"Xi Jinping spoke with Vladimir Putin by video link. {FILLER} "
        '"In September, fruitful talks took place at the forum," Putin said.'
    )
    meetings = with_people(found(nlp, text, published=None), XI, PUTIN)
    assert sorted(m.date.text for m in meetings) == ["", "September"]
    near = (
        "Xi Jinping and Vladimir Putin spoke by video link. The conversation took place on 30 January 2021."
    )
    (m,) = with_people(found(nlp, near, published=None), XI, PUTIN)
    assert m.date.start == "2021-01-30"


def test_pairless_talks_someone_else_speaks_of_or_narrated_are_nobodys(nlp: Any) -> None:
    head = f"Xi Jinping spoke with Vladimir Putin by video link. {FILLER} "
    for tail in (
        "On trade, productive talks took place in March in Geneva, a US diplomat said.",
        '"In September, fruitful talks took place at the forum," an EU envoy said.',
        "In September, fruitful talks took place at the forum.",
        "The summit took place in July.",
        "Fruitful talks took place.",
        "The conversation took place on 30 January 2021.",  # not right after the sentence naming both
        "Talks between Chile and Peru took place in May.",
        "EU-Japan talks took place in May.",
        "The meeting of finance ministers took place in May.",
    ):
        meetings = with_people(found(nlp, head + tail, published=None), XI, PUTIN)
        assert len(meetings) == 1 and not any(m.location == "Geneva" for m in meetings), tail


def test_a_headline_in_the_present_does_not_make_a_planned_meeting_held(nlp: Any) -> None:
    text = (
        "Castro, Moreno meet at fisheries summit\n\nMaria Castro and David Moreno "
        "will be meeting in Bergen this week."
    )
    (m,) = with_people(found(nlp, text), CASTRO, MORENO)
    assert m.status == "planned"
    (m,) = with_people(
        found(nlp, "Maria Castro, David Moreno meet at fisheries summit in Bergen"), CASTRO, MORENO
    )
    assert m.status == "held"  # nothing else said: held, as before


def test_talks_in_a_restricted_format_are_in_person(nlp: Any) -> None:
    text = (
        "In a restricted format, we first had talks with President Xi Jinping, Vladimir Putin told reporters."
    )
    (m,) = with_people(found(nlp, text), XI, PUTIN)
    assert m.mode == "in_person"


def test_a_visit_in_a_when_clause_of_a_last_meeting_is_that_meeting(nlp: Any) -> None:
    text = (
        "Xi Jinping and Vladimir Putin will be meeting in Harbin next week. "
        "The two leaders last met in January when the Chinese leader visited Moscow."
    )
    meetings = with_people(found(nlp, text), XI, PUTIN)
    assert sorted(m.status for m in meetings) == ["held", "planned"]
    held = next(m for m in meetings if m.status == "held")
    assert held.date.start == "2023-01-01" and held.mode == "in_person"


def test_a_meeting_as_a_country_marked_an_anniversary_takes_that_day(nlp: Any) -> None:
    text = (
        "Maria Castro had a phone call with David Moreno on Monday. "
        "The call, which came as Kyiv marked the third anniversary of the war in Ukraine, "
        "ran for ninety minutes."
    )
    (m,) = with_people(found(nlp, text, published=None), CASTRO, MORENO)
    assert m.date.start == "2025-02-24"  # a Monday, so the weekday agrees


def test_a_meeting_held_to_mark_an_anniversary_is_not_dated_by_it(nlp: Any) -> None:
    text = "Maria Castro held talks with David Moreno to mark the third anniversary of the war in Ukraine."
    (m,) = with_people(found(nlp, text, published=None), CASTRO, MORENO)
    assert m.date.start is None


def test_a_transcripts_date_and_place_line_dates_its_meeting(nlp: Any) -> None:
    text = (
        "Talks with Chancellor Maria Castro\n\nMarch 16, 2023, Riga\n\n"
        "David Moreno held talks with Maria Castro."
    )
    (m,) = with_people(found(nlp, text), CASTRO, MORENO)
    assert (m.date.start, m.date.precision) == ("2023-03-16", "day")
    bare = text.replace("March 16, 2023, Riga", "March 16, 2023")  # under the record's title: its heading
    (m,) = with_people(found(nlp, bare), CASTRO, MORENO)
    assert (m.date.start, m.date.precision) == ("2023-03-16", "day")


def test_a_page_stamp_does_not_give_the_meetings_day(nlp: Any) -> None:
    for text in (
        "March 16, 2023\n\nDavid Moreno has held talks with Maria Castro.",
        "Moreno holds talks with Castro\n\nMarch 16, 2023\n\nDavid Moreno has held talks with Maria Castro.",
        "Talks with Chancellor Maria Castro\n\nMarch 16, 2023, Oslo\n\n"
        "David Moreno held talks with Maria Castro in Riga.",
    ):
        (m,) = with_people(found(nlp, text), CASTRO, MORENO)
        assert m.date.precision != "day", text


def test_days_earlier_counts_back_from_the_news_meeting(nlp: Any) -> None:
    text = (
        "Maria Castro met David Moreno in Lisbon on Thursday, March 9, 2023. "
        "Castro and Moreno had met at a fisheries conference in Oslo only three days earlier."
    )
    dates = sorted(m.date.start or "" for m in with_people(found(nlp, text, published=None), CASTRO, MORENO))
    assert dates == ["2023-03-06", "2023-03-09"]
    undated = text.replace(" on Thursday, March 9, 2023", "")
    dates = sorted(
        m.date.start or "" for m in with_people(found(nlp, undated, published=None), CASTRO, MORENO)
    )
    assert dates == ["", ""]  # nothing to count back from


def test_a_list_entrys_labelled_date_line_dates_its_meeting(nlp: Any) -> None:
    text = (
        "Below are the milestones of their meetings:\n\n"
        "Occasion: a trade fair\nTime: April 11, 2012\nPlace: Gdansk\n"
        "Both Vladimir Putin and Xi Jinping attended the trade forum held in Gdansk."
    )
    (m,) = with_people(found(nlp, text, published="2014-06-20"), XI, PUTIN)
    assert m.date.start == "2012-04-11"
    unlabelled = text.replace("Time: April 11, 2012\n", "")
    (m,) = with_people(found(nlp, unlabelled, published="2014-06-20"), XI, PUTIN)
    assert m.date.start != "2012-04-11"


# --- class 5: a list of earlier meetings ---------------------------------------------------------------

LIST = (
    "Vladimir Putin will host Xi Jinping in Kazan next month. Below, the main moments of their meetings.\n"
    "March 3, 2019\n"
    "Sochi, Russia\n"
    "Winter sports forum\n"
    "The two sides agreed to expand trade in grain and timber over the following decade.\n"
    "Time: October 9, 2018\n"
    "Place: Qingdao, China\n"
    "Xi said the partnership had never been stronger than during that autumn.\n"
)


def test_each_entry_of_a_list_of_the_pairs_meetings_is_a_held_meeting(nlp: Any) -> None:
    meetings = with_people(found(nlp, LIST), XI, PUTIN)
    held = sorted((m.date.start, m.location) for m in meetings if m.status == "held")
    assert held == [("2018-10-09", "Qingdao"), ("2019-03-03", "Sochi")]
    assert [m.status for m in meetings].count("planned") == 1


def test_dated_lines_without_a_list_opening_are_no_meetings(nlp: Any) -> None:
    text = LIST.replace("Below, the main moments of their meetings.", "Trade has grown since then.")
    meetings = with_people(found(nlp, text), XI, PUTIN)
    assert [m.status for m in meetings] == ["planned"]


def test_a_list_entry_joins_the_meeting_of_its_day_found_in_the_text(nlp: Any) -> None:
    text = LIST.replace(
        "The two sides agreed",
        "Vladimir Putin and Xi Jinping held talks in Sochi on March 3, 2019, and agreed",
    )
    meetings = with_people(found(nlp, text), XI, PUTIN)
    assert [m.date.start for m in meetings].count("2019-03-03") == 1


def test_arriving_somewhere_for_a_visit_visits_its_leader(nlp: Any) -> None:
    text = "Late on Tuesday Xi Jinping arrived in Moscow for a four-day state visit."
    (m,) = with_people(found(nlp, text), XI, PUTIN)
    assert m.date.start == "2023-03-14" and m.mode == "in_person"
    assert not with_people(
        found(nlp, "Xi Jinping arrived in Madrid on Tuesday for a state visit."), XI, PUTIN
    )


def test_a_headline_over_the_lead_does_not_lend_the_lead_its_subject(nlp: Any) -> None:
    text = (
        "Castro, Moreno swap greetings\n\n"
        "LATVIAN Chancellor Maria Castro and her Portuguese counterpart "
        "David Moreno talked by phone on Tuesday."
    )
    (m,) = with_people(found(nlp, text), CASTRO, MORENO)
    assert m.mode == "phone" and m.date.start == "2023-03-14"


def test_days_after_someone_elses_trip_is_no_meeting_with_them(nlp: Any) -> None:
    text = "David Moreno will visit Maria Castro in Riga next month, weeks after Peter Haas's trip to Riga."
    assert not with_people(found(nlp, text), MORENO, "Peter Haas")  # his trip meets Riga's host, not Moreno


def test_two_meetings_under_one_verb_keep_their_own_days(nlp: Any) -> None:
    text = (
        "Maria Castro and David Moreno will hold informal talks over lunch on "
        "Monday and formal negotiations on Tuesday."
    )
    meetings = with_people(found(nlp, text), CASTRO, MORENO)
    assert sorted(m.date.start or "" for m in meetings) == ["2023-03-20", "2023-03-21"]
    text = (
        "Maria Castro and David Moreno will hold informal talks over lunch and "
        "formal negotiations on Tuesday."
    )
    assert [m.date.start for m in with_people(found(nlp, text), CASTRO, MORENO)] == ["2023-03-21"]


def test_the_journeys_date_dates_the_talks_it_was_made_for(nlp: Any) -> None:
    text = "On Tuesday Maria Castro flew to Lisbon to hold talks with David Moreno."
    (m,) = with_people(found(nlp, text), CASTRO, MORENO)
    assert m.date.start == "2023-03-14"
    text = "Maria Castro flew to Lisbon, which she first visited in 2008, to hold talks with David Moreno."
    (m,) = with_people(found(nlp, text, published=None), CASTRO, MORENO)
    assert m.date.start != "2008-01-01"


def test_a_deadline_in_the_clause_does_not_date_the_meeting(nlp: Any) -> None:
    text = "Maria Castro and David Moreno agreed on Tuesday to triple trade by 2035 during talks in Lisbon."
    (m,) = with_people(found(nlp, text, published=None), CASTRO, MORENO)
    assert m.date.start is None and m.date.text == "Tuesday"


def test_partners_listed_each_with_their_country_are_a_meeting_with_each(nlp: Any) -> None:
    text = (
        "Maria Castro met Chancellor Peter Haas of Austria, President David Moreno of Portugal and "
        "Prime Minister Clara Hoffmann of Brazil on Tuesday."
    )
    pairs = sorted(sorted(m.participants) for m in found(nlp, text))
    assert pairs == sorted(
        sorted(p) for p in ([CASTRO, "Clara Hoffmann"], [CASTRO, "Peter Haas"], [CASTRO, MORENO])
    )
    together = "Maria Castro met David Moreno and Peter Haas on Tuesday."  # no countries: one of three
    assert [len(m.participants) for m in found(nlp, together)] == [3]


def test_a_meeting_due_afterwards_is_a_second_meeting(nlp: Any) -> None:
    text = (
        "Maria Castro will meet David Moreno next week at a maritime forum. "
        "Castro and Moreno are also scheduled to meet afterwards at a summit in Peru."
    )
    meetings = with_people(found(nlp, text), CASTRO, MORENO)
    assert len(meetings) == 2 and {m.status for m in meetings} == {"planned"}
    same = (
        "Maria Castro will meet David Moreno next week at a forum. Castro and Moreno are "
        "scheduled to meet there on its last day."
    )
    assert len(with_people(found(nlp, same), CASTRO, MORENO)) == 1


def test_a_headline_repeating_the_lead_is_not_a_second_meeting(nlp: Any) -> None:
    text = "Castro meets Moreno in Lisbon\n\nMaria Castro met David Moreno in Lisbon on Tuesday."
    (m,) = with_people(found(nlp, text), CASTRO, MORENO)
    assert m.date.start == "2023-03-14"


def test_a_captions_date_does_not_date_a_meeting_in_the_body(nlp: Any) -> None:
    text = (
        "Maria Castro and David Moreno spoke by phone on Tuesday.\n\n"
        "A mural of Maria Castro is seen in Riga, Latvia October 2, 2019. Source: Reuters\n\n"
        "Both sides face hard times, Castro said."
    )
    (m,) = with_people(found(nlp, text, published=None), CASTRO, MORENO)
    assert m.date.start is None and m.date.text == "Tuesday"
