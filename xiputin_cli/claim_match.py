"""When two reports are one claim: the wording key of a claim's text, and which wordings of one speaker
are one claim (equal keys, or one the other with its end cut off). The rules are data
(models/claim_matching.json).

Linear in the words of the distinct wordings: keys are sorted once, and the wordings a key starts follow it
directly in that order, so each key is compared only with the longer keys it is a word-prefix of.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from xiputin_cli.assets import models_dir

WORD = re.compile(r"\w+")
RULES_FILE = "claim_matching.json"


class MatchRules(BaseModel):
    """models/claim_matching.json, checked as it is read: a misspelt field fails at once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str = ""
    ignored_words: frozenset[str] = frozenset()
    min_cut_share: float = Field(ge=0.0, le=1.0)
    spellings: dict[str, str] = Field(default_factory=dict)


@cache
def match_rules() -> MatchRules:
    return MatchRules.model_validate_json((models_dir() / RULES_FILE).read_bytes())


@cache
def rules_fingerprint() -> str:
    """Changes when the rules do: wording keys stored under other rules are made again."""
    return hashlib.sha256((models_dir() / RULES_FILE).read_bytes()).hexdigest()[:16]


def match_key(text: str) -> str:
    """A claim's words as the rules compare them: 'The relations are at their “best”.' and 'relations are
    at their best' have one key. A text of no words keeps its case-folded self."""
    rules = match_rules()
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = [rules.spellings.get(w, w) for w in WORD.findall(folded) if w not in rules.ignored_words]
    return " ".join(words) or folded


def word_count(key: str) -> int:
    return key.count(" ") + 1


def joined_claims(keys: Iterable[str]) -> dict[str, str]:
    """Of the wording keys of one speaker, those that are a cut of a fuller claim → that claim's key (a key
    left out is a claim of its own). Wordings are taken longest first: one that is the start of a longer
    claim's key, at a word boundary, with at least `min_cut_share` of its words, joins the longest such claim
    (ties: the first key in sort order); any other starts a claim of its own. So every wording is
    near-identical to its claim's fullest one, and ever shorter cuts never chain into one claim."""
    share = match_rules().min_cut_share
    ordered = sorted(set(keys))
    longer: dict[str, list[str]] = {}  # key → the longer keys it is a word-prefix of, with enough words
    for at, key in enumerate(ordered, start=1):
        start, later = key + " ", at
        while later < len(ordered) and ordered[later].startswith(start):  # the keys it starts follow it
            if word_count(key) >= share * word_count(ordered[later]):
                longer.setdefault(key, []).append(ordered[later])
            later += 1
    joined: dict[str, str] = {}
    for key in sorted(longer, key=lambda k: (-word_count(k), k)):
        claims = [k for k in longer[key] if k not in joined]
        if claims:
            joined[key] = min(claims, key=lambda k: (-word_count(k), k))
    return joined
