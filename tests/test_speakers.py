"""Who said it: attribution shapes, speaker resolution (pronouns, role phrases, outlets) and roles."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.util import registry

from tests.test_claims import claims_of, claims_pipeline
from xiputin_cli.components.attribution import AttributionReader
from xiputin_cli.components.claim_cues import ClaimCues
from xiputin_cli.components.claims import load_cues


@pytest.fixture(scope="session")
def claims_nlp() -> Language:
    return claims_pipeline()


def speakers(text: str, nlp: Language) -> list[tuple[str, str]]:
    return [(c.speaker_text, c.speaker) for c in claims_of(text, nlp)]


def test_cue_lists_come_through_the_registry() -> None:
    cues = registry.misc.get("xiputin.claim_cues.v1")()
    assert isinstance(cues, ClaimCues) and "said" in cues.verbs and "on" in cues.phrasal["called"]


@pytest.mark.parametrize(
    ("text", "shape", "cue"),
    [
        ("Moscow is ready, Lavrov said.", "verb", "said"),
        (
            "Xi was quoted by Xinhua as telling Putin that ties were strong.",
            "passive",
            "was quoted by ... as",
        ),
        ("Xinhua cited Xi as saying that ties were strong.", "cite", "cited ... as saying"),
        ("Ties were strong, according to Xinhua.", "according", "according to"),
        ("Russia held drills, which its army chief described as a response.", "described", "described as"),
    ],
)
def test_attribution_shapes(claims_nlp: Language, text: str, shape: str, cue: str) -> None:
    doc = claims_nlp(text)
    reader = AttributionReader(doc, load_cues("claim_cues.json"))
    found = [a for i in range(len(doc)) if (a := reader.read(i, 0, len(doc))) is not None]
    assert [(a.shape, a.cue) for a in found][:1] == [(shape, cue)]


def test_he_is_the_last_person_who_spoke(claims_nlp: Language) -> None:
    text = (
        "“The timing of the meeting is important,” Wang Xianju said. The parties have long had close ties. "
        "In the early years, the support of the Soviet party was important, he noted."
    )
    assert speakers(text, claims_nlp) == [("Wang Xianju", "Wang Xianju"), ("he", "Wang Xianju")]


def test_pronouns_follow_the_speaker_changes(claims_nlp: Language) -> None:
    text = (
        "Xi said China is willing to strengthen coordination with Russia. "
        "For his part, Putin said the initiative has achieved great success. "
        "He also said Russia is willing to strengthen cooperation with China."
    )
    assert [name for _, name in speakers(text, claims_nlp)] == [
        "Xi Jinping",
        "Vladimir Putin",
        "Vladimir Putin",
    ]


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("the Chinese leader", "Xi Jinping"),
        ("the Russian president", "Vladimir Putin"),
        ("the Kremlin spokesman", "Dmitry Peskov"),
    ],
)
def test_role_phrases_name_the_person(claims_nlp: Language, phrase: str, name: str) -> None:
    claim = claims_of(f'"Our cooperation has no limits and no forbidden areas," {phrase} said.', claims_nlp)[
        0
    ]
    assert (claim.speaker_text, claim.speaker) == (phrase, name)


def test_a_role_noun_refers_back_to_the_speaker_with_that_role(claims_nlp: Language) -> None:
    text = (
        "Mao Ning, a spokesperson for the Chinese Foreign Ministry, said China would not take sides. "
        "The spokesperson added that Beijing supported peace talks."
    )
    assert [name for _, name in speakers(text, claims_nlp)] == ["Mao Ning", "Mao Ning"]


def test_the_report_is_the_agency_that_reported(claims_nlp: Language) -> None:
    text = (
        "Xi said China supports the Russian people, state-run Xinhua News Agency reported.\n\n"
        "The two leaders also exchanged views on the Middle East, the report said."
    )
    claims = claims_of(text, claims_nlp)
    assert [(c.speaker, c.via) for c in claims] == [("Xi Jinping", "Xinhua"), ("Xinhua", None)]


def test_a_described_outlet_is_found_by_its_kind(claims_nlp: Language) -> None:
    text = (
        "Xi and Putin agreed to bolster ties, a tabloid affiliated with China's ruling Communist Party "
        "reported.\n\nThe meeting was the second in six weeks, the Global Times said."
    )
    assert [c.speaker for c in claims_of(text, claims_nlp)] == ["Global Times", "Global Times"]


def test_a_statement_speaks_for_the_institution_that_issued_it(claims_nlp: Language) -> None:
    text = (
        "The Kremlin said on its website that the talks would mark the treaty's anniversary. "
        "The two leaders will exchange congratulations, according to a statement posted on the website."
    )
    assert [c.speaker for c in claims_of(text, claims_nlp)] == ["Kremlin", "Kremlin"]


def test_roles_from_premodifier_appositive_gazetteer_and_earlier_mentions(claims_nlp: Language) -> None:
    text = (
        "Xi will speak with Putin on Monday, Chinese Foreign Ministry spokesman Hua Chunying said on Friday. "
        "Ties are good, Wang Xianju, deputy director at the Russian Research Center, told the Global Times. "
        "Peskov said the talks would be long. “The timing is of particular importance,” Wang said."
    )
    roles = [(c.speaker, c.speaker_role) for c in claims_of(text, claims_nlp)]
    assert roles == [
        ("Hua Chunying", "Chinese Foreign Ministry spokesman"),
        ("Wang Xianju", "deputy director at the Russian Research Center"),
        ("Dmitry Peskov", "Kremlin spokesperson"),
        ("Wang Xianju", "deputy director at the Russian Research Center"),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("China's foreign ministry said on Tuesday that Xi would visit Moscow.", "Chinese Foreign Ministry"),
        ("Chinese President Xi Jinping said China supports the Russian people.", "Xi Jinping"),
        (
            "Xi and Putin said in a joint statement that they oppose interference.",
            "Xi Jinping and Vladimir Putin",
        ),
        ("Putin, who met Xi in Beijing in May, said the two countries would expand trade.", "Vladimir Putin"),
        ("The treaty, signed in 2001, said the two sides would not join hostile alliances.", "The treaty"),
    ],
)
def test_speaker_names(claims_nlp: Language, text: str, name: str) -> None:
    assert [c.speaker for c in claims_of(text, claims_nlp)] == [name]


def test_role_after_an_inverted_attribution(claims_nlp: Language) -> None:
    text = "“The West is not happy about it,” said Fyodor Lukyanov, a Moscow-based foreign policy analyst."
    claim = claims_of(text, claims_nlp)[0]
    assert (claim.speaker, claim.speaker_role) == ("Fyodor Lukyanov", "Moscow-based foreign policy analyst")


def test_unresolvable_pronoun_stays_as_written(claims_nlp: Language) -> None:
    assert speakers("He said the talks had gone well.", claims_nlp) == [("He", "He")]
