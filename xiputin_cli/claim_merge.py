"""The same claim reported by several outlets, once: claims of one speaker whose texts are equal after
normalising (case, quote marks, punctuation, spacing) are one claim listing every article in `sources`.

One pass with a dictionary keyed by (speaker, normalised text): linear in the claims, no pairwise
comparison. The first report (in the order given: article order) is kept, with its evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from xiputin_cli.records import Claim

WORD = re.compile(r"\w+")


def claim_key(claim: Claim) -> tuple[str, str]:
    """What two reports of one claim share: the speaker and the words of the text, normalised."""
    text = unicodedata.normalize("NFKC", claim.text).casefold()
    return claim.speaker, " ".join(WORD.findall(text)) or text


def merge_claims(claims: Iterable[Claim]) -> list[Claim]:
    """One claim per (speaker, normalised text), in order of first report, with all its articles (sorted);
    the report kept is the first by article id and place, so any input order or sharding gives the same."""
    found: dict[tuple[str, str], Claim] = {}
    for claim in claims:
        key = claim_key(claim)
        sources = set(claim.sources or [claim.evidence.article])
        kept = found.get(key)
        if kept is None:
            found[key] = claim.model_copy(update={"sources": sorted(sources)})
            continue
        if place(claim) < place(kept):
            kept = found[key] = claim.model_copy(update={"sources": kept.sources})
        kept.sources = sorted(sources.union(kept.sources))
    return list(found.values())


def place(claim: Claim) -> tuple[str, int, int]:
    return claim.evidence.article, claim.evidence.start, claim.evidence.end
