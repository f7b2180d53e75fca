"""The word lists the claims component reads (models/claim_cues.json and the reporting verbs of
models/reporting_verbs.json, which the meetings component shares), as one validated model."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from xiputin_cli.assets import read_json

REPORTING = "reporting_verbs.json"
REPORTING_KEYS = ("verbs", "participles", "cite_verbs")


@cache
def reporting_words() -> frozenset[str]:
    """Every word of models/reporting_verbs.json: what the meetings component keeps out of a meeting."""
    data = read_json(REPORTING)
    return frozenset(w.lower() for key, words in data.items() if key != "about" for w in words)


def with_reporting_verbs(data: dict[str, Any]) -> dict[str, Any]:
    """A claim cue file's lists plus the shared reporting verbs (unless the file lists its own)."""
    shared = read_json(REPORTING)
    return {**{key: shared[key] for key in REPORTING_KEYS}, **data}


class ClaimCues(BaseModel):
    """The word lists of models/claim_cues.json (lower-case, every inflected form)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str = ""
    verbs: frozenset[str]
    phrasal: dict[str, frozenset[str]]
    np_verbs: frozenset[str] = frozenset()
    aside_participles: frozenset[str] = frozenset()
    object_verbs: frozenset[str]
    infinitive_verbs: frozenset[str]
    participles: frozenset[str]
    np_content: frozenset[str]
    np_cues: frozenset[str]
    cite_verbs: frozenset[str]
    listeners: frozenset[str]
    adverbs: frozenset[str]
    negations: frozenset[str]
    be_words: frozenset[str]
    relative_words: frozenset[str]
    relative_pronouns: frozenset[str] = frozenset({"that", "which", "who", "whom", "whose", "what"})
    subordinators: frozenset[str]
    pronouns: dict[str, str]
    outlet_nouns: frozenset[str]
    statement_nouns: frozenset[str]
    role_nouns: frozenset[str]
    addressee_nouns: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    leader_titles: frozenset[str] = frozenset()
    naming_participles: frozenset[str] = frozenset()
    quoted_object_verbs: frozenset[str] = frozenset()
    joint_subjects: frozenset[str] = frozenset()
    capitals: dict[str, str] = {}
    pronoun_genders: dict[str, str] = {}
    female_words: frozenset[str] = frozenset()
    male_words: frozenset[str] = frozenset()
    greetings: frozenset[str] = frozenset()
    first_person: frozenset[str] = frozenset()
    caption_credit: str = ""
    intro_nouns: frozenset[str] = frozenset()
    max_greeting_words: int = 16
    min_quote_words: int = 4
    min_fragment_words: int = 3
    turn_split_words: int = 70
    turn_chunk_words: int = 55
