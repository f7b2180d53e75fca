"""The last component: makes every custom attribute msgpack-safe.

With n_process > 1 spaCy returns Docs from its workers through Doc.to_bytes, which serialises custom
attributes with msgpack; pydantic records set by components would fail there. extract.py re-validates the
plain dicts into records, so components are free to set records or dicts.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from xiputin_cli.components.extensions import to_portable


@Language.factory("xiputin_portable", assigns=["doc._.meetings", "doc._.claims", "span._.date_value"])
def make_portable(nlp: Language, name: str) -> Portable:
    return Portable()


class Portable:
    def __call__(self, doc: Doc) -> Doc:
        for key, value in list(doc.user_data.items()):
            doc.user_data[key] = to_portable(value)
        return doc
