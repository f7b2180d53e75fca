"""Where the pipeline's data files (models/) live, installed or in a checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def models_dir() -> Path:
    """Wheels carry models/ inside the package; a checkout or editable install has it beside the package."""
    for candidate in (PACKAGE_DIR / "models", PACKAGE_DIR.parent / "models"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"xiputin's models/ directory is missing (looked in {PACKAGE_DIR})")


def read_json(name: str) -> Any:
    return json.loads((models_dir() / name).read_text(encoding="utf-8"))


def read_jsonl(name: str) -> list[dict[str, Any]]:
    lines = (models_dir() / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.lstrip().startswith("//")]
