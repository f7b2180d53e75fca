"""Every custom Doc/Span attribute xiputin sets, registered in one place.

The loader fills the Doc attributes that come from outside the text (article id, reference date, boilerplate
spans) before the pipeline runs; components fill the rest.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS: dict[str, object] = {
    "article_id": "",
    "reference_date": None,  # ISO date the article was published, or None
    "header_end": 0,  # char offset where the body starts (after a " date YYYY-MM-DD " header)
    "dateline": None,  # (start_char, end_char) of the dateline, or None
    "boilerplate": None,  # list of (start_char, end_char, kind) not to read as article content
    "canonical_names": None,  # dict: mention text -> canonical full name, per article
    "meetings": None,  # list[Meeting] found in this doc
    "claims": None,  # list[Claim] found in this doc
    "reference_window": None,  # [start ISO, end ISO, reason]: when an undated article says it was written
}

SPAN_EXTENSIONS: dict[str, object] = {
    "canonical": None,  # full name this mention refers to in the article
    "date_value": None,  # DateValue for DATE entities
}


def register_extensions() -> None:
    """Idempotent: safe to call from every component factory and from worker processes."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def in_boilerplate(doc: Doc, start_char: int, end_char: int, *, ignore: tuple[str, ...] = ()) -> bool:
    """True when the char range overlaps text the loader marked as not article content.

    `ignore` names kinds to let through: the claims component reads embedded tweets (kind "tweet") as their
    author's words, while the meetings component must not read a tweet as a news report.
    """
    spans = doc._.boilerplate or ()
    return any(s < end_char and start_char < e for s, e, kind in spans if kind not in ignore)


register_extensions()


def doc_text(doc: Doc) -> str:
    """Doc.text, built once per doc: spaCy joins every token's text (a Token each) on every access."""
    if not (_TEXT and _TEXT[0][0] is doc):
        _TEXT[:] = [(doc, doc.text)]
    return _TEXT[0][1]


_TEXT: list[tuple[Doc, str]] = []  # the last doc and its text, kept until the next doc comes
