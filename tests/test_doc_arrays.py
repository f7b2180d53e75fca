"""doc_arrays: the per-Doc lists rules read instead of Tokens must say what the Tokens say."""

from __future__ import annotations

from typing import Any

import pytest

from xiputin_cli.components.doc_arrays import doc_arrays

TEXT = (
    "Prime Minister Anna Kovacs flew to Lisbon on Monday, where she held talks with President Pedro Silva. "
    "The two leaders, who last met in May, signed a rail agreement and promised to meet again (probably "
    "in Porto) next year.\n\nSilva said the deal would help farmers."
)


def test_the_lists_match_every_token(nlp: Any) -> None:
    doc = nlp(TEXT)
    arrays = doc_arrays(doc)
    assert arrays.words == [t.lower_ for t in doc]
    assert arrays.deps == [t.dep_ for t in doc]
    assert arrays.tags == [t.tag_ for t in doc]
    assert arrays.heads == [t.head.i for t in doc]
    assert arrays.children == [[c.i for c in t.children] for t in doc]
    assert all(arrays.subtree(t.i) == {s.i for s in t.subtree} for t in doc)
    assert any(len(kids) > 1 for kids in arrays.children)  # the text is parsed, not a flat list


def test_each_doc_gets_its_own_lists(nlp: Any) -> None:
    first, second = nlp("Xi met Putin in Moscow."), nlp("Silva flew home from Lisbon afterwards on Tuesday.")
    assert doc_arrays(first).words == ["xi", "met", "putin", "in", "moscow", "."]
    assert doc_arrays(second).words[0] == "silva"
    assert doc_arrays(first).words[0] == "xi"  # the cache follows the Doc asked about, not the last one
    assert doc_arrays(second).doc is second


def test_a_doc_without_a_parse_has_no_children(nlp: Any) -> None:
    doc = nlp.make_doc("Talks were held in Beijing.")
    arrays = doc_arrays(doc)
    assert arrays.words == ["talks", "were", "held", "in", "beijing", "."]
    assert arrays.children == [[] for _ in doc]
    assert arrays.subtree(2) == {2}


def test_the_string_cache_stays_bounded_and_right(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from xiputin_cli.components import doc_arrays as module

    monkeypatch.setattr(module, "MAX_NAMES", 5)
    first = nlp("Kovacs and Silva opened the new border crossing together on Sunday.")
    assert module.names_of(first, [t.lower for t in first]) == [t.lower_ for t in first]
    second = nlp("Weber praised the treaty.")
    assert module.names_of(second, [t.lower for t in second]) == [t.lower_ for t in second]
    assert len(module._NAMES) <= len(first) + len(second)
    assert "kovacs" not in module._NAMES.values()  # over the bound: the first article's words were let go
