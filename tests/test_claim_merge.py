"""Claims across articles: one claim per speaker and wording, with every article that reports it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from xiputin_cli.claim_merge import merge_claims
from xiputin_cli.cli import app
from xiputin_cli.records import Claim, Evidence

runner = CliRunner()


def said(article: str, speaker: str, text: str) -> Claim:
    evidence = Evidence(article=article, text=f"{speaker} said {text}", start=5, end=40)
    return Claim(speaker=speaker, speaker_text=speaker, text=text, kind="indirect", evidence=evidence)


def test_the_same_words_of_one_speaker_in_several_articles_are_one_claim() -> None:
    found = merge_claims(
        [
            said("tass", "Xi Jinping", "Relations are at their best."),
            said("xinhua", "Xi Jinping", "relations are at their “best”"),
            said("xinhua", "Xi Jinping", "relations are at their best"),
            said("ria", "Vladimir Putin", "relations are at their best"),
        ]
    )
    assert [(c.speaker, c.sources, c.evidence.article) for c in found] == [
        ("Xi Jinping", ["tass", "xinhua"], "tass"),
        ("Vladimir Putin", ["ria"], "ria"),
    ]


def test_different_words_stay_different_claims() -> None:
    found = merge_claims(
        [said("a", "Xi Jinping", "trade will grow"), said("b", "Xi Jinping", "trade will not grow")]
    )
    assert [c.sources for c in found] == [["a"], ["b"]]


def test_claims_over_a_corpus_merge_and_per_article_keeps_every_row(tmp_path: Path) -> None:
    lines = [
        {"id": "first", "published": "2024-05-16", "text": "Chinese President Xi Jinping said the two "
         "countries would deepen their trade ties. The talks ended in the evening."},
        {"id": "second", "published": "2024-05-17", "text": "Speaking in Moscow, Chinese President Xi "
         "Jinping said the two countries would deepen their trade ties. Markets barely moved."},
    ]  # fmt: skip
    corpus = tmp_path / "two.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    args = ["claims", str(corpus), "--no-store", "-f", "json", "-j", "1"]
    merged = runner.invoke(app, args)
    rows = runner.invoke(app, [*args, "--per-article"])
    assert merged.exit_code == 0 and rows.exit_code == 0, merged.output + rows.output
    claims, each = json.loads(merged.stdout), json.loads(rows.stdout)
    trade = [c for c in claims if "trade ties" in c["text"]]
    assert len(trade) == 1 and trade[0]["sources"] == ["first", "second"]
    assert sorted(c["evidence"]["article"] for c in each if "trade ties" in c["text"]) == ["first", "second"]
    assert all(c["sources"] == [] for c in each)
