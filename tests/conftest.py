"""Shared fixtures: the pipeline loads once per session; user state never leaks between tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
GOLD = REPO.parent / "shared" / "gold" / "seeds"


@pytest.fixture(scope="session")
def nlp() -> Any:
    from xiputin_cli.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(autouse=True)
def isolated_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own store location and no inherited xiputin settings."""
    home = tmp_path_factory.mktemp("xiputin-home")
    monkeypatch.setenv("XIPUTIN_HOME", str(home))
    monkeypatch.delenv("XIPUTIN_DB", raising=False)


@pytest.fixture(scope="session")
def seed_articles(nlp: Any) -> dict[str, Any]:
    """The five seeds through the full pipeline, keyed by file name."""
    from xiputin_cli.extract import extract_articles

    return {Path(a.source).name: a for a in extract_articles([SEEDS], nlp=nlp)}


def gold_files() -> list[dict[str, Any]]:
    if not GOLD.is_dir():
        pytest.skip("shared gold not present beside the checkout")
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]
