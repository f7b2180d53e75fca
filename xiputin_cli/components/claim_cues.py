"""The word lists the claims component reads (models/claim_cues.json), as one validated model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ClaimCues(BaseModel):
    """The word lists of models/claim_cues.json (lower-case, every inflected form)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str = ""
    verbs: frozenset[str]
    phrasal: dict[str, frozenset[str]]
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
    subordinators: frozenset[str]
    pronouns: dict[str, str]
    outlet_nouns: frozenset[str]
    statement_nouns: frozenset[str]
    role_nouns: frozenset[str]
    greetings: frozenset[str] = frozenset()
    intro_nouns: frozenset[str] = frozenset()
    max_greeting_words: int = 16
    min_quote_words: int = 4
    min_fragment_words: int = 3
