"""The same claim reported by several outlets, once: claims of one speaker whose wordings are near-identical
(claim_match.py: equal words after normalising case, quote marks, punctuation, articles and spelling, or one
the other with its end cut off) are one claim listing every article in `sources`.

Linear in the claims: a dictionary keyed by (speaker, wording key), then the cut wordings of each speaker
joined to their fuller claim (claim_match.joined_claims), no pairwise comparison. Any input order or
sharding gives the same claims in the same order, each with its first report's evidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from xiputin_cli.claim_match import joined_claims, match_key
from xiputin_cli.records import Claim

Wording = tuple[str, str]  # (speaker, wording key)
Place = tuple[str, int, int, int]  # (article, start, end, the report's place among its article's claims)


def merge_claims(claims: Iterable[Claim], keys: Iterable[str] | None = None) -> list[Claim]:
    """One claim per speaker and near-identical wording, with all its articles (sorted) in `sources`; the
    report kept is the first by article id and place in it, and claims come in the order of the reports
    kept, so the order of the articles given does not matter (each article's claims in its own order).
    `keys` are the claims' wording keys (match_key of each text) when the caller has them already (the
    store keeps them); a claim whose `sources` are already right is passed on as it is, not copied."""
    found = list(claims)
    wordings: dict[Wording, list[tuple[Place, Claim]]] = {}
    counted: dict[str, int] = {}
    for claim, key in zip(found, (match_key(c.text) for c in found) if keys is None else keys, strict=True):
        evidence = claim.evidence
        nth = counted[evidence.article] = counted.get(evidence.article, -1) + 1
        place = (evidence.article, evidence.start, evidence.end, nth)
        wordings.setdefault((claim.speaker, key), []).append((place, claim))
    joined = joined_by_speaker(wordings)
    groups: dict[Wording, list[tuple[Place, Claim]]] = {}
    for wording, reports in wordings.items():
        groups.setdefault(joined.get(wording, wording), []).extend(reports)
    merged = sorted((one_claim(reports) for reports in groups.values()), key=lambda report: report[0])
    return [claim for _, claim in merged]


def joined_by_speaker(wordings: Iterable[Wording]) -> dict[Wording, Wording]:
    by_speaker: dict[str, list[str]] = {}
    for speaker, key in wordings:
        by_speaker.setdefault(speaker, []).append(key)
    return {
        (speaker, cut): (speaker, full)
        for speaker, keys in by_speaker.items()
        for cut, full in joined_claims(keys).items()
    }


def one_claim(reports: list[tuple[Place, Claim]]) -> tuple[Place, Claim]:
    """The first report, with every article of the reports in `sources`."""
    place, kept = reports[0] if len(reports) == 1 else min(reports, key=lambda report: report[0])
    sources = sorted({source for _, claim in reports for source in claim.sources or [claim.evidence.article]})
    return place, kept if kept.sources == sources else kept.model_copy(update={"sources": sources})
