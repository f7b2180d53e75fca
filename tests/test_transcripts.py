"""Speech without quotation marks: transcript turns under speaker labels and lists under 'X said:'."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_claims import claims_of, claims_pipeline


@pytest.fixture(scope="session")
def claims_nlp() -> Language:
    return claims_pipeline()


def said(text: str, nlp: Language) -> list[tuple[str, str]]:
    return [(c.speaker, c.text) for c in claims_of(text, nlp)]


TRANSCRIPT = (
    "Talks with the Prime Minister of Norway\n\n"
    "The two leaders discussed fisheries and energy.\n\n"
    "President of Russia Vladimir Putin: Mr Prime Minister, dear friends,\n\n"
    "Good afternoon.\n\n"
    "Our fishing agreement has worked well for a decade and it should be renewed.\n\n"
    "Trade between our countries grew by a third last year. We expect further growth.\n\n"
    "Sergei Lavrov (via interpreter): Thank you.\n\n"
    "The ministers will prepare a new agreement on the Arctic shelf by the autumn.\n"
)


def test_a_label_opens_a_turn_over_the_following_paragraphs(claims_nlp: Language) -> None:
    claims = claims_of(TRANSCRIPT, claims_nlp)
    assert [(c.speaker, c.text) for c in claims] == [
        ("Vladimir Putin", "Our fishing agreement has worked well for a decade and it should be renewed"),
        ("Vladimir Putin", "Trade between our countries grew by a third last year. We expect further growth"),
        ("Sergei Lavrov", "The ministers will prepare a new agreement on the Arctic shelf by the autumn"),
    ]
    assert all(c.kind == "direct" for c in claims)
    assert claims[0].speaker_role == "President of Russia"
    assert claims[1].evidence.text.startswith("Trade between")


def test_greetings_and_forms_of_address_are_not_claims(claims_nlp: Language) -> None:
    texts = [t for _, t in said(TRANSCRIPT, claims_nlp)]
    assert not any(t.startswith(("Mr Prime Minister", "Good afternoon", "Thank you")) for t in texts)


def test_the_words_on_the_label_line_are_a_claim_when_substantive(claims_nlp: Language) -> None:
    text = (
        "Beginning of the talks\n\n"
        "Xi Jinping (retranslated): We have agreed to expand the trade in grain and oil next year.\n\n"
        "Vladimir Putin: I fully agree with my colleague on this point.\n"
    )
    assert said(text, claims_nlp) == [
        ("Xi Jinping", "We have agreed to expand the trade in grain and oil next year"),
        ("Vladimir Putin", "I fully agree with my colleague on this point"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "President of the Republic of Kazakhstan Kassym-Jomart Tokayev (retranslated): Dear Friends,",
        "Prime Minister of Norway Jonas Gahr Store:",
    ],
)
def test_the_label_is_not_a_headline(line: str) -> None:
    from xiputin_cli.boilerplate import find_boilerplate

    assert not [kind for _, _, kind in find_boilerplate(line + "\n") if kind == "headline"]
    assert [kind for _, _, kind in find_boilerplate("Putin Meets Leaders Of Central Asia\n")] == ["headline"]


@pytest.mark.parametrize(
    "text",
    [
        # a headline with a colon is no turn: its words are title case and nothing follows as speech
        "Putin: Russia And China Will Never Be Divided\n\nThe president spoke at a forum in Moscow.\n",
        # 'Background:', 'Quote from X' and other kickers are not speaker labels of a running turn
        "Background: The two countries signed a treaty in 2001 and have held talks every year since.\n\n"
        "The new pipeline will carry gas from Siberia to the northern provinces.\n",
        # a label that is a clause of its own ('He said:') introduces a list, not a transcript
        "Officials met in Beijing on Monday.\n\nThe talks lasted three hours and ended without a word.\n",
    ],
)
def test_narration_is_not_a_turn(text: str, claims_nlp: Language) -> None:
    assert said(text, claims_nlp) == []


def test_a_turn_ends_at_a_separator(claims_nlp: Language) -> None:
    text = (
        "Vladimir Putin: Our two countries will open a new bridge across the river this summer.\n\n"
        "* * *\n\n"
        "The leaders then moved to a working lunch with their delegations in the palace.\n"
    )
    assert [s for s, _ in said(text, claims_nlp)] == ["Vladimir Putin"]


def test_a_list_under_x_said_is_his_claims(claims_nlp: Language) -> None:
    text = (
        "Kremlin aide Yuri Ushakov told reporters after the call:\n\n"
        "- the conversation was frank and lasted almost two hours;\n\n"
        "- the leaders agreed to meet in person before the end of the year;\n\n"
        "- a new gas contract will be signed in the spring.\n\n"
        "The Chinese side has not commented on the call so far.\n"
    )
    assert said(text, claims_nlp) == [
        ("Yury Ushakov", "the conversation was frank and lasted almost two hours"),
        ("Yury Ushakov", "the leaders agreed to meet in person before the end of the year"),
        ("Yury Ushakov", "a new gas contract will be signed in the spring"),
    ]
    assert {c.kind for c in claims_of(text, claims_nlp)} == {"indirect"}  # his statements, reported


def test_statements_collected_from_a_named_official_are_his(claims_nlp: Language) -> None:
    text = (
        "Here are the statements by presidential aide Yuri Ushakov after the talks with Xi Jinping:\n\n"
        "Russia and China will hold joint naval exercises in the Pacific next month;\n\n"
        "Both sides compared notes on the drought in the Horn of Africa.\n"
    )
    assert [s for s, _ in said(text, claims_nlp)] == ["Yury Ushakov", "Yury Ushakov"]


def test_quoted_paragraphs_under_a_colon_are_the_speakers(claims_nlp: Language) -> None:
    text = (
        "This is what Sergei Lavrov said:\n\n"
        "“We see no reason to change our position on the border question.\n\n"
        "“Our partners in Beijing understand this very well and support us.\n"
    )
    assert said(text, claims_nlp) == [
        ("Sergei Lavrov", "We see no reason to change our position on the border question"),
        ("Sergei Lavrov", "Our partners in Beijing understand this very well and support us"),
    ]
    assert {c.kind for c in claims_of(text, claims_nlp)} == {"direct"}


def test_a_quote_kicker_names_its_speaker(claims_nlp: Language) -> None:
    text = 'Quote from Lavrov: "The sanctions have failed and everyone in Europe knows it."\n'
    assert said(text, claims_nlp) == [
        ("Sergei Lavrov", "The sanctions have failed and everyone in Europe knows it")
    ]


def test_a_question_label_ends_the_turn_before_it(claims_nlp: Language) -> None:
    text = (
        "Press conference\n\n"
        "Sergei Lavrov: We have agreed on a new schedule of consultations with our partners.\n\n"
        "Question: Will the minister travel to Beijing before the summit in the autumn?\n\n"
        "The reporters then left the room and the briefing was over for the day.\n"
    )
    assert [s for s, _ in said(text, claims_nlp)] == ["Sergei Lavrov"]


def test_a_titled_name_the_recogniser_misses_still_labels_a_turn(claims_nlp: Language) -> None:
    text = (
        "Talks in the Kremlin\n\n"
        "President of Kazakhstan Kassym-Jomart Tokayev (retranslated): Esteemed colleagues,\n\n"
        "Our trade with Russia grew by a fifth last year and we want to build on that.\n"
    )
    claims = claims_of(text, claims_nlp)
    assert [(c.speaker, c.speaker_role) for c in claims] == [
        ("Kassym-Jomart Tokayev", "President of Kazakhstan")
    ]


def test_a_form_of_address_on_the_label_line_is_no_claim(claims_nlp: Language) -> None:
    text = (
        "Talks in Oslo\n\n"
        "Prime Minister of Norway Ola Berg: Your Majesty,\n\n"
        "Our fishing agreement has served both countries well and it should be renewed.\n"
    )
    assert said(text, claims_nlp) == [
        ("Ola Berg", "Our fishing agreement has served both countries well and it should be renewed")
    ]


def test_a_kicker_headline_ending_in_a_full_stop_does_not_swallow_the_story(claims_nlp: Language) -> None:
    text = (
        "World news\n\n"
        "Vladimir Putin: Russia is ready to talk.\n\n"
        "Russian President Vladimir Putin said on Friday that Moscow was open to new arms talks.\n\n"
        "The Kremlin leader spoke at a forum in St Petersburg attended by foreign investors.\n"
    )
    claims = claims_of(text, claims_nlp)
    assert [(c.speaker, c.cue) for c in claims] == [("Vladimir Putin", None), ("Vladimir Putin", "said")]
    assert claims[1].text == "Moscow was open to new arms talks"


def test_a_turn_opening_the_text_is_read_whatever_the_header_makes_of_it(claims_nlp: Language) -> None:
    text = (
        "Xi Jinping (retranslated): We will open two new border crossings with Russia next spring.\n\n"
        "Vladimir Putin: Our customs services are ready to work around the clock there.\n"
    )
    assert [s for s, _ in said(text, claims_nlp)] == ["Xi Jinping", "Vladimir Putin"]


def test_words_left_out_do_not_end_a_turn(claims_nlp: Language) -> None:
    text = (
        "Talks in the Kremlin\n\n"
        "Vladimir Putin: Our two countries will open a new bridge across the river this summer.\n\n"
        "<…>\n\n"
        "We also expect the new railway line to carry its first freight trains next year. (Applause.)\n"
    )
    assert [s for s, _ in said(text, claims_nlp)] == ["Vladimir Putin", "Vladimir Putin"]


LONG_TURN = (
    "Talks with the Prime Minister of Norway\n\n"
    "President of Russia Vladimir Putin: Mr Prime Minister,\n\n"
    "Our fishing agreement has worked well for a decade, and both fleets have kept to their quotas "
    "in every season since it was signed. The scientists of both countries agree that the cod stock "
    "is healthy again. Now we should turn to the Arctic shelf, where our geologists have found new "
    "fields of gas that could be developed together by the end of this decade. That work needs a new "
    "agreement, and our ministers will prepare one by the autumn.\n"
)


def test_a_long_paragraph_of_a_turn_is_claims_of_whole_sentences(claims_nlp: Language) -> None:
    claims = claims_of(LONG_TURN, claims_nlp)
    assert [c.speaker for c in claims] == ["Vladimir Putin", "Vladimir Putin"]
    assert claims[0].text.startswith("Our fishing agreement") and claims[0].text.endswith("healthy again")
    assert claims[1].text.startswith("Now we should turn") and claims[1].text.endswith("by the autumn")
    assert claims[0].evidence.text == claims[1].evidence.text  # the paragraph is the evidence of both


def test_a_short_paragraph_of_several_sentences_is_one_claim(claims_nlp: Language) -> None:
    claims = claims_of(TRANSCRIPT, claims_nlp)
    assert "Trade between our countries grew by a third last year. We expect further growth" in [
        c.text for c in claims
    ]
