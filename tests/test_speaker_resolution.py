"""Who the speaker is: reports, relayed quotes, defined acronyms, capitals, appositives and pronouns."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_claims import claims_of, claims_pipeline


@pytest.fixture(scope="session")
def claims_nlp() -> Language:
    return claims_pipeline()


def who(text: str, nlp: Language) -> list[tuple[str, str | None]]:
    return [(c.speaker, c.via) for c in claims_of(text, nlp)]


def test_the_report_adding_that_is_the_outlet(claims_nlp: Language) -> None:
    text = (
        "The Nikkei newspaper reported on the plans on Monday. Japan and India will sign a trade deal "
        "in May, the report said, adding that tariffs on rice would fall."
    )
    claims = claims_of(text, claims_nlp)
    assert [(c.speaker, c.speaker_text) for c in claims] == [("Nikkei", "the report")]
    assert claims[0].text.endswith("tariffs on rice would fall")


def test_a_relayed_quote_keeps_the_person_and_the_release_is_the_via(claims_nlp: Language) -> None:
    text = (
        'Mayor Paul Dunn called the plan "a bold step for the whole city", '
        "according to a council press release."
    )
    claims = claims_of(text, claims_nlp)
    assert [(c.speaker, c.text) for c in claims] == [("Paul Dunn", "a bold step for the whole city")]
    assert claims[0].via == "a council press release"


def test_a_quote_relayed_by_an_agency_after_the_attribution(claims_nlp: Language) -> None:
    assert who('"We are ready for talks," Peskov said, Interfax reported.', claims_nlp) == [
        ("Dmitry Peskov", "Interfax")
    ]


def test_a_form_of_address_is_no_claim(claims_nlp: Language) -> None:
    assert who('Lavrov called Wang Yi "old friend" at the opening of the lunch.', claims_nlp) == []


def test_a_defined_acronym_is_the_full_name(claims_nlp: Language) -> None:
    text = (
        "The European Space Agency (ESA) said the launch would take place in June. "
        "ESA added that the rocket was ready for the flight."
    )
    assert [s for s, _ in who(text, claims_nlp)] == ["European Space Agency", "European Space Agency"]


def test_an_undefined_acronym_stays_as_written(claims_nlp: Language) -> None:
    text = "ESA added that the rocket was ready for the flight."
    assert [s for s, _ in who(text, claims_nlp)] == ["ESA"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Moscow said the sanctions were illegal and would fail.", "Russian government"),
        ("Beijing has said the dispute must be solved through talks.", "Chinese government"),
        # a person or office in the capital is not its government
        ("A source in Moscow said the sanctions were illegal and would fail.", "A source in Moscow"),
    ],
)
def test_a_capital_speaks_for_its_government(claims_nlp: Language, text: str, speaker: str) -> None:
    assert [s for s, _ in who(text, claims_nlp)] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "Over the years Russia has built stable ties with Asia, Anna Virtanen, Finnish journalist, "
        "analyst and editor of a news site, told TASS.",
        "Anna Virtanen, in an interview with a Finnish paper on Friday, said ties with Asia were stable.",
        "Anna Virtanen, speaking through an interpreter, said ties with Asia were stable.",
    ],
)
def test_the_name_before_asides_and_descriptions_is_the_speaker(claims_nlp: Language, text: str) -> None:
    assert [s for s, _ in who(text, claims_nlp)] == ["Anna Virtanen"]


def test_a_role_then_the_name_in_apposition(claims_nlp: Language) -> None:
    claims = claims_of("The spokeswoman, Maria Zakharova, said the talks were useful.", claims_nlp)
    assert [(c.speaker, c.speaker_role) for c in claims] == [("Maria Zakharova", "spokeswoman")]


def test_a_pronoun_takes_the_nearest_person_of_its_gender(claims_nlp: Language) -> None:
    text = (
        "Ms Berg said the deal was close. Putin, who met her, said ties were growing. "
        "She said the talks had been difficult. He added that Russia was ready to compromise."
    )
    assert [s for s, _ in who(text, claims_nlp)] == ["Berg", "Vladimir Putin", "Berg", "Vladimir Putin"]


def test_he_is_not_a_woman_the_article_named(claims_nlp: Language) -> None:
    text = "Mr Dunn said the plan was bold. Ms Berg disagreed. He said the budget would grow next year."
    assert [s for s, _ in who(text, claims_nlp)] == ["Dunn", "Dunn"]


def test_the_analyst_is_the_one_described_so(claims_nlp: Language) -> None:
    text = (
        "The fish quotas will hold, Ilse Marquardt, Austrian economist and trade analyst, told Radio Vega. "
        "The analyst believes a second round in Graz could settle the tariff row."
    )
    assert [s for s, _ in who(text, claims_nlp)] == ["Ilse Marquardt", "Ilse Marquardt"]


def test_a_participial_aside_with_a_quoted_form_of_address(claims_nlp: Language) -> None:
    text = "The leaders met where Lavrov, greeting Wang Yi as “an old friend,” said the talks would be frank."
    claims = claims_of(text, claims_nlp)
    assert [(c.speaker, c.text) for c in claims] == [("Sergei Lavrov", "the talks would be frank")]


def test_a_speaker_inside_a_where_clause_is_still_the_speaker(claims_nlp: Language) -> None:
    text = "Kovacs hosted a lunch on Friday, where Lavrov stressed that the two nations were steady allies."
    assert [c.speaker for c in claims_of(text, claims_nlp)] == ["Sergei Lavrov"]


def test_which_x_said_is_no_claim_of_its_own_when_x_already_speaks(claims_nlp: Language) -> None:
    text = (
        "Lavrov said the two countries would keep working in the forum, where he said "
        "“our cooperation plays a key role” for the region."
    )
    claims = claims_of(text, claims_nlp)
    assert len(claims) == 1 and claims[0].speaker == "Sergei Lavrov"
    assert claims[0].text.startswith("the two countries would keep working")


def test_the_statement_speaks_for_the_body_that_issued_it(claims_nlp: Language) -> None:
    text = "The Kremlin issued a statement after the call. The statement said the talks had been frank."
    assert [s for s, _ in who(text, claims_nlp)] == ["Kremlin"]


def test_a_statement_with_no_issuer_in_sight_stays_as_written(claims_nlp: Language) -> None:
    text = "Xinhua carried the news on Friday. The statement said the talks had been frank."
    assert [s for s, _ in who(text, claims_nlp)] == ["The statement"]


def test_a_short_quoted_description_relayed_by_a_release(claims_nlp: Language) -> None:
    text = 'Governor Lena Holt called the budget "a fair compromise", according to a county press release.'
    claims = claims_of(text, claims_nlp)
    assert [(c.speaker, c.text, c.via) for c in claims] == [
        ("Lena Holt", "a fair compromise", "a county press release")
    ]


def test_an_age_between_commas_is_no_role(claims_nlp: Language) -> None:
    claims = claims_of("Lavrov, 74, said the talks had been constructive and long.", claims_nlp)
    assert [(c.speaker, c.speaker_role) for c in claims] == [("Sergei Lavrov", "Foreign Minister of Russia")]


def test_the_speakers_next_predicate_is_not_part_of_the_claim(claims_nlp: Language) -> None:
    claims = claims_of("The Kremlin said the leaders would discuss trade, but gave no details.", claims_nlp)
    assert [(c.speaker, c.text) for c in claims] == [("Kremlin", "the leaders would discuss trade")]


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        (
            "“He is the most welcome guest,” said Russian Ambassador to Japan Nikolai Nozdrev recently.",
            "Nikolai Nozdrev",
            "Russian Ambassador to Japan",
        ),
        ("“The dinner was long,” said a member of the Chinese delegation at the summit.", None, None),
    ],
)
def test_an_inverted_speaker_ends_at_the_name_or_before_a_preposition(
    claims_nlp: Language, text: str, speaker: str | None, role: str | None
) -> None:
    claims = claims_of(text, claims_nlp)
    assert len(claims) == 1
    if speaker is None:
        assert claims[0].speaker == "a member of the Chinese delegation"
    else:
        assert (claims[0].speaker, claims[0].speaker_role) == (speaker, role)


def test_the_report_of_a_named_outlet_is_that_outlet(claims_nlp: Language) -> None:
    text = "Xinhua ran a story on Monday. Trade has doubled, according to the AFP report."
    assert [s for s, _ in who(text, claims_nlp)] == ["AFP"]


@pytest.mark.parametrize(
    ("role", "speaker"),
    [
        ("the Chilean leader", "Rosa Pardo"),
        ("the Chilean president", "Rosa Pardo"),
        ("the Kenyan minister", "Amos Wekesa"),
        ("the Kenyan president", "the Kenyan president"),
    ],
)
def test_a_nationality_and_a_role_name_the_person_introduced_so(
    claims_nlp: Language, role: str, speaker: str
) -> None:
    text = (
        "Kenyan Foreign Minister Amos Wekesa met Chilean President Rosa Pardo in Nairobi on Monday. "
        f'"The corridor will open next spring for every trader," {role} told reporters.'
    )
    assert [c.speaker for c in claims_of(text, claims_nlp)] == [speaker]


def test_a_nationality_names_the_person_introduced_by_the_country(claims_nlp: Language) -> None:
    text = (
        "Xi met Chile's President Rosa Pardo in Beijing on Monday. "
        '"The corridor will open next spring for every trader," the Chilean leader told reporters.'
    )
    assert [c.speaker for c in claims_of(text, claims_nlp)] == ["Rosa Pardo"]


def test_a_nationality_names_a_titled_person_the_recogniser_calls_an_organisation(
    claims_nlp: Language,
) -> None:
    text = (
        "Kazakh President Kassym-Jomart Tokayev hosted the summit. "
        '"Our region needs stability above all else," the Kazakh president told reporters.'
    )
    assert [c.speaker for c in claims_of(text, claims_nlp)] == ["Kassym-Jomart Tokayev"]
