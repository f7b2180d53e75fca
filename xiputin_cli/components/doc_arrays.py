"""Each token's lower-cased text, dependency, tag, head and children as plain lists, built once per Doc.

spaCy builds a new Token on every access (`doc[i]`, `token.children`, `token.head`) and looks each string
attribute up in the StringStore: rules that test many tokens read these lists instead and build a Token only
for the one they keep. The lists of the last Doc are kept until the next Doc comes.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import DEP, HEAD, LOWER, TAG
from spacy.tokens import Doc


@dataclass(frozen=True)
class DocArrays:
    doc: Doc
    words: list[str]  # each token's lower-cased text
    deps: list[str]  # each token's dependency label
    tags: list[str]  # each token's fine-grained tag
    heads: list[int]  # each token's head's index (its own for a root)
    children: list[list[int]]  # each token's children's indices, in order (token.children)

    def subtree(self, i: int) -> set[int]:
        """The indices of token i's subtree (token.subtree), without building its Tokens."""
        found, todo = {i}, [i]
        while todo:
            kids = self.children[todo.pop()]
            found.update(kids)
            todo += kids
        return found


def doc_arrays(doc: Doc) -> DocArrays:
    """The Doc's lists, computed on first use and kept for the rest of its components' rules."""
    if _LAST and _LAST[0].doc is doc:
        return _LAST[0]
    words, deps, tags = (names_of(doc, doc.to_array(a).tolist()) for a in (LOWER, DEP, TAG))
    heads = [i + h for i, h in enumerate(doc.to_array(HEAD).astype("int64").tolist())]
    children: list[list[int]] = [[] for _ in heads]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(i)
    _LAST[:] = [DocArrays(doc, words, deps, tags, heads, children)]
    return _LAST[0]


_LAST: list[DocArrays] = []


def names_of(doc: Doc, hashes: list[int]) -> list[str]:
    """The strings of a Doc's attribute hashes, through a dict: a StringStore look-up costs several times a
    dict's, and the same few hundred words, labels and tags come back in every article."""
    try:
        return [_NAMES[h] for h in hashes]
    except KeyError:
        if len(_NAMES) > MAX_NAMES:
            _NAMES.clear()
        strings = doc.vocab.strings
        for h in hashes:
            if h not in _NAMES:
                _NAMES[h] = strings[h]
        return [_NAMES[h] for h in hashes]


MAX_NAMES = 200_000  # distinct strings kept (a few MB), so a vast corpus cannot grow the dict without end
_NAMES: dict[int, str] = {}  # hash → string, shared by every Doc of the process (hashes are global)
