"""The same claim reported by several outlets, once: claims of one speaker whose wordings are near-identical
(claim_match.py: equal words after normalising case, quote marks, punctuation, articles and spelling, or one
the other with its end cut off) are one claim listing every article in `sources`.

Linear in the claims: a dictionary keyed by (speaker, wording key), then the cut wordings of each speaker
joined to their fuller claim (claim_match.joined_claims), no pairwise comparison. Any input order or
sharding gives the same claims in the same order, each with its first report's evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

from xiputin_cli.claim_match import joined_claims, match_key
from xiputin_cli.gc_pause import paused_gc
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
    with paused_gc():  # a tuple or two for every claim (gc_pause.py)
        return merged_in_order(found, [match_key(c.text) for c in found] if keys is None else keys)


def merged_in_order(found: list[Claim], keys: Iterable[str]) -> list[Claim]:
    """merge_claims with every claim's wording key given."""
    wordings: dict[Wording, list[tuple[Place, Claim]]] = {}
    counted: dict[str, int] = {}
    for claim, key in zip(found, keys, strict=True):
        evidence = claim.evidence
        article = evidence.article
        nth = counted[article] = counted.get(article, -1) + 1
        report = ((article, evidence.start, evidence.end, nth), claim)
        wording = (claim.speaker, key)
        same = wordings.get(wording)
        if same is None:
            wordings[wording] = [report]
        else:
            same.append(report)
    joined = joined_by_speaker(wordings)
    groups: dict[Wording, list[tuple[Place, Claim]]] = {} if joined else wordings
    if joined:
        for wording, reports in wordings.items():
            groups.setdefault(joined.get(wording, wording), []).extend(reports)
    merged = [one_claim(reports) for reports in groups.values()]
    merged.sort(key=itemgetter(0))
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
    place, kept = reports[0] if len(reports) == 1 else min(reports, key=itemgetter(0))
    if len(reports) == 1 and len(kept.sources) < 2:
        sources = kept.sources or [kept.evidence.article]
    else:
        sources = sorted({s for _, claim in reports for s in claim.sources or [claim.evidence.article]})
    return place, kept if kept.sources == sources else kept.model_copy(update={"sources": sources})
