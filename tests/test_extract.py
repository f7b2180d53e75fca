"""The two ways extraction runs (one process; workers plus context components here) agree exactly."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from xiputin_cli.corpus import default_jobs
from xiputin_cli.extract import extract_articles
from xiputin_cli.records import Article

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_parallel_extraction_gives_the_same_records(nlp: Any) -> None:
    one = [a.model_dump() for a in extract_articles([SEEDS], nlp=nlp, n_process=1)]
    two = [a.model_dump() for a in extract_articles([SEEDS], nlp=nlp, n_process=2, batch_size=2)]
    assert one == two
    assert any(a["meetings"] for a in two) and any(a["claims"] for a in two)


def test_records_count_words(seed_articles: dict[str, Article]) -> None:
    for name, article in seed_articles.items():
        assert article.words == len((SEEDS / name).read_text(encoding="utf-8").split())


def test_default_jobs_stay_at_one_for_a_handful_of_articles(tmp_path: Path) -> None:
    assert default_jobs([str(SEEDS)]) == 1
    assert default_jobs(["-"]) == 1
    big = tmp_path / "big.txt"
    big.write_text("Xi met Putin. " * 100_000, encoding="utf-8")
    assert default_jobs([str(big)]) == (os.cpu_count() or 1)
