"""Precision, recall and F1 of meetings and claims against hand-made gold files.

Gold files look like ../shared/gold/seeds/*.json: one per article (`file`), `meetings` and `claims` with
verbatim evidence, `core: false` on records not scored for recall. Matching follows the project's seed scorer:
a prediction matches a gold record by evidence overlap and date (meetings) or by token F1 of the claimed text
(claims); each prediction matches at most one gold record; predictions matching non-core gold records are
neither rewarded nor counted as false positives.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from xiputin_cli.records import Article, Claim, Meeting

XI, PUTIN = "xi jinping", "vladimir putin"
SPEAKER_STOPWORDS = set("the of s and chinese russian ministry president news agency press service".split())
G = TypeVar("G")
P = TypeVar("P")


class GoldError(ValueError):
    """A gold file that is not shaped like ../shared/gold/seeds/*.json."""


class GoldMeeting(BaseModel):
    model_config = ConfigDict(extra="allow")

    participants: list[str]
    evidence: str
    date: str | None = None
    core: bool = True


class GoldClaim(BaseModel):
    model_config = ConfigDict(extra="allow")

    speaker: str
    text: str
    evidence: str
    core: bool = True


class GoldFile(BaseModel):
    model_config = ConfigDict(extra="allow")

    file: str
    published: str | None = None
    meetings: list[GoldMeeting] = Field(default_factory=list)
    claims: list[GoldClaim] = Field(default_factory=list)


def read_gold(path: Path) -> dict[str, Any]:
    """One gold file as a dict, checked first so that a bad file is one clear error."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        GoldFile.model_validate(data)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError) as err:
        first = str(err).splitlines()
        raise GoldError(f"{path}: not a gold file ({first[0] if first else type(err).__name__})") from err
    return data


class Score(BaseModel):
    model_config = ConfigDict(extra="forbid")

    precision: float
    recall: float
    f1: float
    matched: int
    predicted: int
    gold: int


class EvalReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: int
    articles_missing: list[str] = Field(default_factory=list)
    meetings: Score
    date_accuracy: float | None
    mode_accuracy: float | None
    status_accuracy: float | None
    location_accuracy: float | None
    claims: Score
    speaker_accuracy: float | None
    published_accuracy: float | None
    errors: list[str] = Field(default_factory=list, description="each miss, false positive and wrong field")


def normalise(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def tokens(text: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", normalise(text))


def token_f1(a: str | None, b: str | None) -> float:
    left, right = Counter(tokens(a)), Counter(tokens(b))
    common = sum((left & right).values())
    if not common:
        return 0.0
    precision, recall = common / sum(left.values()), common / sum(right.values())
    return 2 * precision * recall / (precision + recall)


def overlaps(a: str, b: str) -> bool:
    a, b = normalise(a), normalise(b)
    return bool(a and b) and (a in b or b in a or token_f1(a, b) >= 0.6)


def person_key(name: str) -> str:
    text = normalise(name)
    if re.search(r"\bxi\b", text) and "xi'an" not in text:
        return XI
    return PUTIN if "putin" in text else text


def is_xi_putin(participants: Iterable[str]) -> bool:
    return {XI, PUTIN} <= {person_key(p) for p in participants}


def date_matches(gold: str | None, predicted: Meeting) -> bool:
    """Gold is YYYY, YYYY-MM or YYYY-MM-DD: the prediction must lie inside it, no coarser."""
    start, end = predicted.date.start, predicted.date.end or predicted.date.start
    if gold is None or start is None:
        return gold is None and start is None
    if len(gold) == 10:
        return start == gold and end == gold
    return start.startswith(gold) and bool(end and end.startswith(gold))


def meeting_similarity(gold: dict[str, Any], predicted: Meeting) -> int:
    if is_xi_putin(gold["participants"]) != is_xi_putin(predicted.participants):
        return 0
    evidence = " ".join(e.text for e in predicted.evidence)
    score = 2 * overlaps(gold.get("evidence", ""), evidence)
    score += 2 * bool(gold.get("date") and date_matches(gold["date"], predicted))
    score += bool(score and gold.get("mode") == predicted.mode)
    return score if score >= 2 else 0


def claim_similarity(gold: dict[str, Any], predicted: Claim) -> float:
    f1 = token_f1(gold["text"], predicted.text)
    if f1 >= 0.5 or (f1 >= 0.3 and overlaps(gold["evidence"], predicted.evidence.text)):
        return f1
    return 0.0


def speaker_matches(gold: str, predicted: str) -> bool:
    g, p = normalise(gold), normalise(predicted)
    if not p:
        return False
    if g == p or (person_key(g) == person_key(p) and person_key(g) in (XI, PUTIN)):
        return True
    return bool((set(tokens(g)) - SPEAKER_STOPWORDS) & (set(tokens(p)) - SPEAKER_STOPWORDS))


def match(
    golds: Sequence[G], preds: Sequence[P], similarity: Callable[[G, P], float], skip: set[int] | None = None
) -> list[tuple[int, int]]:
    """Greedy: each gold record in turn takes its best unused prediction."""
    used, pairs = set(skip or ()), []
    for gi, gold in enumerate(golds):
        scored = [(similarity(gold, p), pi) for pi, p in enumerate(preds) if pi not in used]
        best = max(scored, default=(0.0, -1), key=lambda pair: pair[0])
        if best[0] > 0:
            used.add(best[1])
            pairs.append((gi, best[1]))
    return pairs


def prf(matched: int, predicted: int, gold: int) -> Score:
    precision = matched / predicted if predicted else float(not gold)
    recall = matched / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        precision=round(precision, 3), recall=round(recall, 3), f1=round(f1, 3),
        matched=matched, predicted=predicted, gold=gold,
    )  # fmt: skip


class Tally:
    """Counts across articles; one instance per evaluation."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.errors: list[str] = []

    def meetings(self, name: str, gold: list[dict[str, Any]], predicted: list[Meeting]) -> None:
        core = [m for m in gold if m.get("core", True) and is_xi_putin(m["participants"])]
        preds = [m for m in predicted if is_xi_putin(m.participants)]
        pairs = match(core, preds, meeting_similarity)
        others = [m for m in gold if m not in core]
        excused = match(others, preds, meeting_similarity, skip={p for _, p in pairs})
        self.counts.update(m_tp=len(pairs), m_gold=len(core), m_pred=len(preds) - len(excused))
        for gi, pi in pairs:
            self.meeting_fields(name, core[gi], preds[pi])
        self.misses(name, "meeting", [core[i]["evidence"] for i in unmatched(core, pairs, 0)])
        extra = unmatched(preds, pairs, 1) - {p for _, p in excused}
        self.extras(name, "meeting", [" ".join(e.text for e in preds[i].evidence) for i in sorted(extra)])

    def meeting_fields(self, name: str, gold: dict[str, Any], pred: Meeting) -> None:
        checks = {
            "date": date_matches(gold.get("date"), pred),
            "mode": gold.get("mode") == pred.mode
            or (gold.get("mode") == "unknown" and pred.mode in ("phone", "video", "unknown")),
            "status": gold.get("status") == pred.status,
        }
        if gold.get("location"):
            checks["location"] = normalise(gold["location"]) == normalise(pred.location)
            self.counts["loc_n"] += 1
        for field, ok in checks.items():
            self.counts[f"{field}_ok"] += ok
            if not ok:
                value = pred.date.model_dump() if field == "date" else getattr(pred, field)
                self.errors.append(f"{name}: meeting {field}: gold={gold.get(field)!r} predicted={value!r}")

    def claims(self, name: str, gold: list[dict[str, Any]], predicted: list[Claim]) -> None:
        core = [c for c in gold if c.get("core", True)]
        pairs = match(core, predicted, claim_similarity)
        others = [c for c in gold if not c.get("core", True)]
        excused = match(others, predicted, claim_similarity, skip={p for _, p in pairs})
        self.counts.update(c_tp=len(pairs), c_gold=len(core), c_pred=len(predicted) - len(excused))
        for gi, pi in pairs:
            ok = speaker_matches(core[gi]["speaker"], predicted[pi].speaker)
            self.counts["speaker_ok"] += ok
            if not ok:
                self.errors.append(
                    f"{name}: claim speaker: gold={core[gi]['speaker']!r} predicted={predicted[pi].speaker!r}"
                )
        self.misses(
            name, "claim", [f"[{core[i]['speaker']}] {core[i]['text']}" for i in unmatched(core, pairs, 0)]
        )
        extra = unmatched(predicted, pairs, 1) - {p for _, p in excused}
        self.extras(name, "claim", [f"[{predicted[i].speaker}] {predicted[i].text}" for i in sorted(extra)])

    def misses(self, name: str, kind: str, texts: list[str]) -> None:
        self.errors += [f"{name}: missed {kind}: {t[:100]}" for t in texts]

    def extras(self, name: str, kind: str, texts: list[str]) -> None:
        self.errors += [f"{name}: extra {kind}: {t[:100]}" for t in texts]


def unmatched(items: Sequence[Any], pairs: list[tuple[int, int]], side: int) -> set[int]:
    return set(range(len(items))) - {pair[side] for pair in pairs}


def article_key(article: Article) -> set[str]:
    """The names a gold file may give an article: its file's name (a record's `file:LINE` source names its
    file), its id, or its id as a text file."""
    path, _, line = article.source.rpartition(":")
    name = Path(path if path and line.isdigit() else article.source).name
    return {name, article.id, f"{article.id}.txt"}


def evaluate(gold_dir: Path, articles: Iterable[Article]) -> EvalReport:
    """Score extracted articles against every gold file in gold_dir."""
    by_name = {key: a for a in articles for key in article_key(a)}
    tally, missing = Tally(), []
    gold_files = sorted(gold_dir.glob("*.json"))
    for path in gold_files:
        gold = read_gold(path)
        article = by_name.get(gold["file"])
        if article is None:
            missing.append(gold["file"])
        if gold.get("published"):
            tally.counts["pub_n"] += 1
            tally.counts["pub_ok"] += bool(article and article.published == gold["published"])
        tally.meetings(gold["file"], gold.get("meetings", []), article.meetings if article else [])
        tally.claims(gold["file"], gold.get("claims", []), article.claims if article else [])
    return report(tally, len(gold_files), missing)


def report(tally: Tally, articles: int, missing: list[str]) -> EvalReport:
    c = tally.counts

    def share(ok: str, n: str | int) -> float | None:
        """None when there was nothing to measure (no matched record), not a flattering 1.0."""
        total = c[n] if isinstance(n, str) else n
        return round(c[ok] / total, 3) if total else None

    return EvalReport(
        articles=articles,
        articles_missing=missing,
        meetings=prf(c["m_tp"], c["m_pred"], c["m_gold"]),
        date_accuracy=share("date_ok", c["m_tp"]),
        mode_accuracy=share("mode_ok", c["m_tp"]),
        status_accuracy=share("status_ok", c["m_tp"]),
        location_accuracy=share("location_ok", "loc_n"),
        claims=prf(c["c_tp"], c["c_pred"], c["c_gold"]),
        speaker_accuracy=share("speaker_ok", c["c_tp"]),
        published_accuracy=share("pub_ok", "pub_n"),
        errors=tally.errors,
    )
