"""Our evaluator against the project's seed scorer: same gold, same predictions, same numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import GOLD, gold_files
from xiputin_cli.evaluate import EvalReport, evaluate
from xiputin_cli.records import Article

SCORER = GOLD.parents[1] / "tools" / "score.py"


def article_from_gold(gold: dict[str, Any], *, keep: float = 1.0) -> Article:
    """A prediction made from the gold itself (optionally dropping records) for a known score."""
    name = gold["file"]

    def evidence(text: str) -> dict[str, Any]:
        return {"article": name, "text": text, "start": 0, "end": len(text)}

    meetings = [
        {**{k: m[k] for k in ("participants", "mode", "location", "status", "occasion")},
         "date": {"start": m["date"], "end": m["date"], "precision": "day", "text": ""} if m["date"] and
         len(m["date"]) == 10 else {"start": None, "end": None, "precision": None, "text": ""},
         "evidence": [evidence(m["evidence"])]}
        for m in gold["meetings"]
    ]  # fmt: skip
    claims = [
        {**{k: c[k] for k in ("speaker", "text", "kind", "via")}, "speaker_text": c["speaker"],
         "evidence": evidence(c["evidence"])}
        for c in gold["claims"]
    ]  # fmt: skip
    claims = claims[: round(len(claims) * keep)]
    return Article.model_validate(
        {"id": name[:-4], "source": f"seeds/{name}", "published": gold.get("published"),
         "meetings": meetings, "claims": claims}
    )  # fmt: skip


def run_scorer(articles: list[Article], tmp_path: Path) -> dict[str, Any]:
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps([a.model_dump(mode="json") for a in articles]), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORER), str(pred), str(GOLD), "--json"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def assert_agrees(ours: EvalReport, theirs: dict[str, Any]) -> None:
    assert ours.meetings.f1 == theirs["meeting_f1"] and ours.meetings.precision == theirs["meeting_p"]
    assert ours.claims.f1 == theirs["claim_f1"] and ours.claims.recall == theirs["claim_r"]
    assert (ours.speaker_accuracy or 0) == theirs["speaker_acc"]


def test_gold_against_itself_scores_perfectly_and_agrees_with_the_scorer(tmp_path: Path) -> None:
    articles = [article_from_gold(g) for g in gold_files()]
    report = evaluate(GOLD, articles)
    assert report.claims.f1 == 1.0 and report.speaker_accuracy == 1.0
    assert report.meetings.recall == 1.0 and report.errors == [m for m in report.errors if "date" in m]
    assert_agrees(report, run_scorer(articles, tmp_path))


def test_partial_predictions_lower_recall_and_agree_with_the_scorer(tmp_path: Path) -> None:
    articles = [article_from_gold(g, keep=0.5) for g in gold_files()][1:]
    report = evaluate(GOLD, articles)
    assert report.claims.recall < 0.6 and report.articles_missing == ["000_1139d4d634dec6c8.txt"]
    assert any(e.startswith("000_1139d4d634dec6c8.txt: missed meeting") for e in report.errors)
    assert_agrees(report, run_scorer(articles, tmp_path))
