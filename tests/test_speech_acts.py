"""Speech-act verbs and frames beyond 'said': what they claim, who is speaking, and what is no claim."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_claims import claims_of, claims_pipeline


@pytest.fixture(scope="session")
def claims_nlp() -> Language:
    return claims_pipeline()


def one(text: str, nlp: Language) -> tuple[str, str | None, str]:
    claims = claims_of(text, nlp)
    assert len(claims) == 1, [(c.speaker, c.text) for c in claims]
    return claims[0].speaker, claims[0].via, claims[0].text


@pytest.mark.parametrize(
    ("text", "speaker", "words"),
    [
        (
            "Lavrov expressed confidence that the new treaty would be ratified before winter.",
            "Sergei Lavrov",
            "the new treaty would be ratified before winter",
        ),
        (
            "Xi shared his belief that the joint railway would bring prosperity to the border regions.",
            "Xi Jinping",
            "the joint railway would bring prosperity to the border regions",
        ),
        (
            "Putin indicated that Moscow could lower the price of gas for Chinese buyers.",
            "Vladimir Putin",
            "Moscow could lower the price of gas for Chinese buyers",
        ),
        (
            "Peskov denounced the new sanctions as a gross violation of international trade rules.",
            "Dmitry Peskov",
            "the new sanctions as a gross violation of international trade rules",
        ),
        (
            "Wang Yi defended the decision to expand military drills near the disputed islands.",
            "Wang Yi",
            "the decision to expand military drills near the disputed islands",
        ),
        (
            "Lavrov blamed Washington for the collapse of the arms control framework in Europe.",
            "Sergei Lavrov",
            "Washington for the collapse of the arms control framework in Europe",
        ),
        (
            "Xi outlined a five-point plan for deeper cooperation in agriculture and energy.",
            "Xi Jinping",
            "a five-point plan for deeper cooperation in agriculture and energy",
        ),
        (
            "Putin underscored the importance of the northern sea route for Asian trade.",
            "Vladimir Putin",
            "the importance of the northern sea route for Asian trade",
        ),
        (
            "Xi reaffirmed China's firm support for the peace talks in the region.",
            "Xi Jinping",
            "China's firm support for the peace talks in the region",
        ),
        (
            "Putin expressed his hope for rapid progress on the new bridge over the Amur river.",
            "Vladimir Putin",
            "for rapid progress on the new bridge over the Amur river",
        ),
    ],
)
def test_speech_act_verbs(claims_nlp: Language, text: str, speaker: str, words: str) -> None:
    assert one(text, claims_nlp) == (speaker, None, words)


def test_calling_it_after_praise_claims_the_quote(claims_nlp: Language) -> None:
    text = "Xi praised the energy treaty, calling it “a cornerstone of our common prosperity”."
    assert one(text, claims_nlp) == ("Xi Jinping", None, "a cornerstone of our common prosperity")


def test_described_as_keeps_what_is_described(claims_nlp: Language) -> None:
    text = 'Putin described the talks with the Chinese delegation as "frank and extremely useful".'
    assert one(text, claims_nlp) == (
        "Vladimir Putin",
        None,
        'the talks with the Chinese delegation as "frank and extremely useful"',
    )


@pytest.mark.parametrize(
    ("text", "speaker", "via"),
    [
        ('"The corridor opens in winter," said Lavrov as quoted by Reuters.', "Sergei Lavrov", "Reuters"),
        ("Putin said the pipeline would be finished by May, as reported by TASS.", "Vladimir Putin", "TASS"),
        (
            'Xinhua quoted Xi as saying that "the partnership will only grow stronger".',
            "Xi Jinping",
            "Xinhua",
        ),
    ],
)
def test_relayed_words_keep_their_speaker(claims_nlp: Language, text: str, speaker: str, via: str) -> None:
    assert one(text, claims_nlp)[:2] == (speaker, via)


def test_with_x_saying(claims_nlp: Language) -> None:
    text = "The leaders toured the port together, with Xi saying the harbour would double its capacity."
    assert one(text, claims_nlp) == ("Xi Jinping", None, "the harbour would double its capacity")


def test_citing_sources_does_not_break_the_report(claims_nlp: Language) -> None:
    text = "Bloomberg said on Friday, citing people close to the talks, that Lavrov would fly to Hanoi."
    assert one(text, claims_nlp)[0] == "Bloomberg"


def test_a_post_on_x_is_the_ministrys_claim(claims_nlp: Language) -> None:
    text = "The Russian Foreign Ministry said in a post on X that the talks had been constructive and open."
    assert one(text, claims_nlp)[2] == "the talks had been constructive and open"


def test_a_statement_speaks_for_its_issuer(claims_nlp: Language) -> None:
    text = "“The presidents reviewed the state of trade and energy projects,” said a Kremlin statement."
    assert one(text, claims_nlp)[0] == "Kremlin"


@pytest.mark.parametrize(
    "text",
    [
        "The two leaders reaffirmed that their countries would hold joint drills next year.",
        "Xi and Putin stressed the strategic nature of the partnership between their countries.",
        "The string of summits highlighted the growing weight of Ankara in regional affairs.",
        "Xi expressed his gratitude for the warm reception in the Russian capital.",
        "Xi greeted Putin at the airport and the two leaders drove to the palace together.",
        "Russia maintained close ties with China ever since the treaty was signed.",
        "Xi welcomed Putin to attend the summit in Hangzhou in September.",
    ],
)
def test_no_claim(claims_nlp: Language, text: str) -> None:
    assert [(c.speaker, c.text) for c in claims_of(text, claims_nlp)] == []


def test_reporting_verbs_are_one_list_shared_with_the_meetings_component() -> None:
    from xiputin_cli.assets import read_json
    from xiputin_cli.components.claim_cues import reporting_words
    from xiputin_cli.components.claims import load_cues

    shared = read_json("reporting_verbs.json")
    assert load_cues("claim_cues.json").verbs == frozenset(shared["verbs"])
    assert "verbs" not in read_json("claim_cues.json")
    assert {"said", "according", "quoted", "adding", "reaffirmed"} <= reporting_words()


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Putin has thanked the Serbian leader for flood aid, the Kremlin press service reported Sunday.",
            "Kremlin",
        ),
        ("The pipeline will open in the spring, the ministry's press office reported on Monday.", None),
    ],
)
def test_a_trailing_report_at_the_end_of_the_sentence(
    claims_nlp: Language, text: str, speaker: str | None
) -> None:
    claims = claims_of(text, claims_nlp)
    assert len(claims) == 1 and (speaker is None or claims[0].speaker == speaker)


def test_a_relative_clause_after_the_topic_is_no_claim(claims_nlp: Language) -> None:
    text = "The Turkish president told Scholz about the Izmir city, which is due to stage the next expo."
    assert claims_of(text, claims_nlp) == []


def test_narration_inside_a_reported_clause_leaves_the_report_whole(claims_nlp: Language) -> None:
    text = "The visit highlighted the growing partnership between the two countries, analysts say."
    claims = claims_of(text, claims_nlp)
    assert [(c.speaker, c.text) for c in claims] == [
        ("analysts", "The visit highlighted the growing partnership between the two countries")
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The minister underscored that the deal would create thousands of jobs.", "The minister"),
        ("Chinese experts stressed that the partnership was stable and growing.", "Chinese experts"),
    ],
)
def test_unnamed_people_are_speakers_of_speech_act_verbs(
    claims_nlp: Language, text: str, speaker: str
) -> None:
    assert one(text, claims_nlp)[0] == speaker


@pytest.mark.parametrize(
    "text",
    [
        'Lavrov called Wang Yi "old friend" as the lunch began.',
        'Mayor Ines Kolar called her guest "a brother of our town" as the dinner opened.',
        'The envoy called him "my dear colleague" before the talks.',
        'Kolar called her counterpart "an old and loyal friend" at the ceremony.',
        "Kolar described the region as the storm moved north.",
    ],
)
def test_naming_a_person_or_an_as_clause_is_no_claim(claims_nlp: Language, text: str) -> None:
    assert [(c.speaker, c.text) for c in claims_of(text, claims_nlp)] == []


def test_naming_a_thing_with_a_quote_is_a_claim_whatever_as_clause_follows(claims_nlp: Language) -> None:
    text = 'Kolar called the new bridge "a gift to the whole valley" as the ribbon was cut.'
    assert one(text, claims_nlp)[::2] == ("Kolar", "a gift to the whole valley")


def test_an_object_holding_a_quote_is_the_claim_not_the_clause_before(claims_nlp: Language) -> None:
    text = (
        "When the two mayors met again, in Porto in March, Kolar acknowledged the valley's "
        '"fears and doubts" about the dam, a rare concession.'
    )
    claims = claims_of(text, claims_nlp)
    assert [(c.speaker, c.text, c.kind) for c in claims] == [
        ("Kolar", 'the valley\'s "fears and doubts" about the dam', "mixed")
    ]


def test_a_subordinate_clause_alone_is_no_claim_before_its_speaker(claims_nlp: Language) -> None:
    text = "When the two mayors met again, in Porto in March, Kolar acknowledged the problem."
    assert [c.text for c in claims_of(text, claims_nlp)] == []


def test_a_whole_sentence_before_its_speaker_may_open_with_a_subordinate_clause(
    claims_nlp: Language,
) -> None:
    text = "When the bridge opens, traffic in the old town will fall by half, Kolar said."
    assert one(text, claims_nlp)[::2] == (
        "Kolar",
        "When the bridge opens, traffic in the old town will fall by half",
    )


def test_a_verb_coordinated_inside_the_report_is_part_of_it(claims_nlp: Language) -> None:
    text = (
        "Kolar stressed that Norway firmly respects the treaty and rejects any attempt "
        "to move the border by force."
    )
    assert one(text, claims_nlp)[::2] == (
        "Kolar",
        "Norway firmly respects the treaty and rejects any attempt to move the border by force",
    )


def test_a_verb_coordinated_with_the_speakers_own_is_a_second_claim(claims_nlp: Language) -> None:
    text = "Kolar said the ties were strong, and stressed that trade would keep growing."
    assert [(c.speaker, c.text) for c in claims_of(text, claims_nlp)] == [
        ("Kolar", "the ties were strong"),
        ("Kolar", "trade would keep growing"),
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Kolar said the ferry would run twice a day as the tourist season began.",
            "the ferry would run twice a day",
        ),
        (
            "Kolar said the two towns should help each other as good neighbours do.",
            "the two towns should help each other as good neighbours do",
        ),
        (
            "Kolar said the town would trade with Porto as well as with Lyon.",
            "the town would trade with Porto as well as with Lyon",
        ),
    ],
)
def test_a_trailing_as_clause_is_the_storys_setting(claims_nlp: Language, text: str, words: str) -> None:
    assert one(text, claims_nlp)[::2] == ("Kolar", words)


def test_a_quote_and_the_report_adding_to_it_are_two_claims(claims_nlp: Language) -> None:
    text = (
        '"Our ferry has never been busier," Kolar told reporters, '
        "adding that a second boat would join it in May."
    )
    assert [(c.speaker, c.text, c.kind) for c in claims_of(text, claims_nlp)] == [
        ("Kolar", "Our ferry has never been busier", "direct"),
        ("Kolar", "a second boat would join it in May", "indirect"),
    ]


def test_an_as_clause_between_the_verb_and_that_is_passed_over(claims_nlp: Language) -> None:
    text = "Kolar said, as she greeted the visitors, that the bridge would open in May."
    assert one(text, claims_nlp)[::2] == ("Kolar", "the bridge would open in May")


def test_hailed_as_keeps_what_is_hailed_without_the_as_clause_after(claims_nlp: Language) -> None:
    text = 'Kolar hailed the town as a "model partner for the whole region" as the fair opened.'
    assert one(text, claims_nlp)[::2] == ("Kolar", 'the town as a "model partner for the whole region"')


def test_three_verbs_coordinated_inside_the_report_stay_in_it(claims_nlp: Language) -> None:
    text = "The minister said Norway respects the treaty, supports the talks and condemns any use of force."
    assert one(text, claims_nlp)[2] == (
        "Norway respects the treaty, supports the talks and condemns any use of force"
    )


def test_a_naming_participle_addressing_a_person_is_no_claim(claims_nlp: Language) -> None:
    text = 'Kolar greeted Novak warmly, calling him "my dear old friend" as they shook hands.'
    assert [(c.speaker, c.text) for c in claims_of(text, claims_nlp)] == []


def test_an_as_clause_with_a_past_verb_tagged_as_a_participle_is_cut(claims_nlp: Language) -> None:
    text = "Kolar told Novak that the two towns were true partners as the fair opened in Porto."
    assert one(text, claims_nlp)[2] == "the two towns were true partners"


def test_an_event_announced_with_a_quoted_name_is_no_claim(claims_nlp: Language) -> None:
    text = 'The council announced the "great valley bridge fair" on a Thursday morning.'
    assert [(c.speaker, c.text) for c in claims_of(text, claims_nlp)] == []
