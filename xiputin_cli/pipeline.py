"""load_pipeline(): the English model plus xiputin's components, assembled in this one place."""

from __future__ import annotations

import spacy
from spacy.language import Language

# Importing the component modules registers their factories with spaCy.
from xiputin_cli.components import claims, dates, extensions, meeting_roles, meetings, names  # noqa: F401
from xiputin_cli.components.bounds import BoundedTokenizer
from xiputin_cli.modelinfo import ModelNotFound, default_model

# Nothing xiputin reads comes from these: components match on lower-cased text, fine-grained tags (tag_)
# and dependencies, never on lemmas, coarse POS or morphology. Not running them is most of what keeps
# extraction as fast as the bare model (see benchmarks/).
UNUSED_COMPONENTS = ("lemmatizer", "attribute_ruler")


def load_pipeline(model: str | None = None) -> Language:
    """The model with the entity ruler before its NER and xiputin's components after it."""
    name = model or default_model()
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as err:
        raise ModelNotFound(f"cannot load spaCy pipeline {name!r}: {err}") from err
    # bounded work per article: no run of punctuation or sentence without an end costs quadratic time
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("xiputin_sentence_bound", before="parser")
    ruler = nlp.add_pipe(
        "entity_ruler", name="xiputin_ruler", before="ner" if "ner" in nlp.pipe_names else None
    )
    ruler.add_patterns(names.name_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("xiputin_entity_cleanup")
    nlp.add_pipe("xiputin_names")
    nlp.add_pipe("xiputin_dates")
    nlp.add_pipe("xiputin_meetings")
    nlp.add_pipe("xiputin_meeting_roles")
    nlp.add_pipe("xiputin_claims")
    return nlp
