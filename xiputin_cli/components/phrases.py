"""The noun phrases around a reporting cue: the speaker before it, an appositive, a subject, an object.

Phrases are read off tags and entities within a sentence's token bounds [lo, hi); `PhraseReader` is the
base of attribution.py's `AttributionReader`, and speakers.py uses it to find a mention's head entity.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from xiputin_cli.components.claim_cues import ClaimCues
from xiputin_cli.components.quotes import QUOTE_CHARS

BOUNDARY = frozenset({",", ";", ":", "(", ")", "[", "]", "--", "—", "–", "|", "‘"}) | QUOTE_CHARS
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
NP_TAGS = frozenset("NNP NNPS NN NNS JJ JJR JJS DT PDT POS HYPH CD PRP$".split())
NP_TAGS_WIDE = NP_TAGS | {"PRP", "IN", "VBN", "VBG", "CC", "RB", "TO", "VB"}
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
ARTICLE = re.compile(r"^(?:an?|the) ", re.IGNORECASE)


def is_boundary(tok: Token) -> bool:
    """Punctuation that ends a phrase; a hyphen only when spaced like a dash ('state-run' is one word)."""
    if tok.text == "-":
        return bool(tok.whitespace_) or (tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_))
    return tok.text in BOUNDARY


def has_finite(tokens: Iterable[Token]) -> bool:
    """A finite verb among the tokens: they make a clause of their own."""
    return any(t.tag_ in FINITE for t in tokens)


def as_clause(doc: Doc, as_at: int, hi: int, cues: ClaimCues) -> bool:
    """'as the lunch began', 'as ties with the West sour': a subject and a finite verb after 'as' (a time
    or a reason), not a description ('as a reliable partner'), 'as well as' or a comparison ('as friends
    do')."""
    for m in range(as_at + 1, min(hi, as_at + 9)):
        tok = doc[m]
        if tok.tag_ in FINITE or (m > as_at + 1 and past_as_participle(doc, as_at, m, hi)):
            bare = m + 1 >= hi or is_boundary(doc[m + 1]) or doc[m + 1].is_punct
            return m > as_at + 1 and not (bare and tok.lower_ in cues.auxiliaries)
        if is_boundary(tok) or tok.lower_ in cues.relative_words or tok.tag_ not in NP_TAGS | {"PRP", "IN"}:
            return False
    return False


def past_as_participle(doc: Doc, as_at: int, m: int, hi: int) -> bool:
    """'as the talks opened in Moscow': a past verb the tagger calls a participle, after a definite
    subject ('as a plan designed to help' stays a description)."""
    if doc[m].tag_ != "VBN" or not doc[m - 1].tag_.startswith("NN"):
        return False
    definite = (
        doc[as_at + 1].lower_ in ("the", "their", "his", "her", "its", "our") or doc[as_at + 1].tag_ == "PRP"
    )
    after = doc[m + 1] if m + 1 < hi else None
    return definite and (
        after is None or after.is_punct or (after.tag_ == "IN" and after.lower_ not in ("by", "to"))
    )


class PhraseReader:
    """Noun phrases in one Doc; token positions are bounded by the sentence [lo, hi)."""

    def __init__(self, doc: Doc, cues: ClaimCues) -> None:
        self.doc, self.cues = doc, cues
        self.ents = list(doc.ents)  # doc.ents and Span.ents rebuild their Spans on every access
        self.ent_at = {i: ent for ent in self.ents for i in range(ent.start, ent.end)}
        # doc.ents are in order and never overlap, so their starts and ends both ascend: bisect them
        self.ent_starts, self.ent_ends = [e.start for e in self.ents], [e.end for e in self.ents]

    def ents_within(self, start: int, end: int) -> list[Span]:
        """The entities inside tokens [start, end): Span.ents without its cost (a look-up, not a scan)."""
        return self.ents[bisect_left(self.ent_starts, start) : bisect_right(self.ent_ends, end)]

    def left_np(self, k: int, lo: int) -> Span | None:
        """The noun phrase ending at token k, back to a comma, quote mark, clause word or finite verb."""
        start = end = k + 1
        while start - 1 >= lo and end - start < 14:
            tok = self.doc[start - 1]
            if is_boundary(tok) or tok.lower_ in self.cues.relative_words or tok.tag_ in FINITE:
                break
            if tok.lower_ in ("and", "or") and not self.doc[max(lo, start - 2)].tag_.startswith(("NN", "JJ")):
                break
            if tok.tag_ not in NP_TAGS_WIDE and tok.ent_type_ not in SPEAKER_LABELS:
                break
            start -= 1
        while start < end and self.doc[start].lower_ in {"and", "or", "but"} | self.cues.subordinators:
            start += 1
        np = self.doc[start:end]
        return np if any(t.tag_.startswith(("NN", "PRP")) for t in np) else None

    def appositive(self, comma: int, lo: int) -> tuple[Span, str | None] | None:
        """'NAME, an expert at X, CUE', 'The treaty, signed in 2001, said': the phrase before it."""
        bare: tuple[Span, str | None] | None = None
        for m in range(comma - 1, max(lo, comma - 45), -1):
            body = self.doc[m + 1 : comma]
            if self.doc[m].text == "," and (named := self.named_role(m, comma, lo)) is not None:
                return named
            if self.doc[m].text != "," or m - 1 < lo or not body or not self.appositive_body(body):
                continue
            name = self.name_before(m, lo)
            if name is None:
                continue
            described = body[0].tag_ not in ("WP", "WDT", "VBN", "VBG", "IN", "RB", "CD")
            found = name, ARTICLE.sub("", body.text) if described else None
            if bare is None and self.head_entity(name) is None and self.has_role(name):
                bare = found  # 'Tove Aas, historian and author, wrote': look on for the name
                continue
            return found
        return bare

    def named_role(self, m: int, comma: int, lo: int) -> tuple[Span, str | None] | None:
        """'The spokeswoman, Maria Zakharova, said': the name is the appositive, the role before it."""
        ent = self.ent_at.get(m + 1)
        if ent is None or ent.label_ != "PERSON" or (ent.start, ent.end) != (m + 1, comma):
            return None
        role = self.left_np(m - 1, lo) if m > lo else None
        if role is None or not self.has_role(role) or self.head_entity(role) is not None:
            return None
        return (
            (ent, ARTICLE.sub("", role.text))
            if role.start == lo or is_boundary(self.doc[role.start - 1])
            else None
        )

    def appositive_body(self, body: Span) -> bool:
        """'an expert at ...', 'spokesman for ...', 'who met Xi', 'signed in 2001': no clause of its own."""
        if body[0].tag_ == "VBG" and len(body) <= 12 and not has_finite(body):
            return True  # 'Lula, greeting Wang as "an old friend", said'
        if all(t.tag_ == "CD" for t in body):
            return True  # 'Putin, 71, said'
        if any(t.text in QUOTE_CHARS for t in body):
            return False
        if body[0].lower_ in ("who", "which") or (body[0].tag_ in ("IN", "RB") and len(body) <= 4):
            return True  # a relative clause, or an aside ("Xi, for his part, said")
        if has_finite(body):
            return False
        if body[0].tag_ in ("IN", "VBG") and len(body) <= 12:
            return True  # 'Lula, in a call with Scholz, said', 'Lula, speaking via an interpreter, said'

        return body[0].lower_ in ("a", "an", "the") or body[0].tag_ == "VBN" or self.has_role(body[:4])

    def name_before(self, m: int, lo: int) -> Span | None:
        """The noun phrase that ends before the comma at m, when a clause boundary opens it."""
        ent = self.ent_at.get(m - 1)
        if ent is not None and ent.end == m and ent.label_ in ("PERSON", "ORG"):
            k = ent.start
            while (
                k - 1 >= lo
                and ent.start - k < 6
                and self.doc[k - 1].tag_ in NP_TAGS
                and not is_boundary(self.doc[k - 1])
            ):
                k -= 1
            return self.doc[k:m] if k == lo or self.opens_clause(self.doc[k - 1]) else None
        np = self.left_np(m - 1, lo) if self.doc[m - 1].tag_.startswith("NN") else None
        return np if np is not None and (np.start == lo or is_boundary(self.doc[np.start - 1])) else None

    def opens_clause(self, tok: Token) -> bool:
        """What may stand before a subject: punctuation, a line break, 'where', 'when', 'and'."""
        return is_boundary(tok) or tok.is_space or tok.lower_ in self.cues.relative_words | {"and", "but"}

    def parse_subject(self, i: int, lo: int) -> Span | None:
        """The subject of a coordinated or participial cue ('Xi held talks and emphasised that')."""
        head = self.doc[i].head if self.doc[i].dep_ in ("conj", "advcl", "xcomp") else self.doc[i]
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i >= lo:
                ent = self.ent_at.get(child.i)
                return ent if ent is not None else self.doc[max(lo, child.left_edge.i) : child.i + 1]
        between = self.ents[bisect_left(self.ent_starts, lo) : bisect_left(self.ent_starts, i)]
        return next((e for e in between if e.label_ in ("PERSON", "ORG")), None)

    def np_end(self, k: int, hi: int) -> int:
        """End of a short noun phrase from k (the object of a preposition): stops at an entity's end."""
        m = k
        while m < hi and m - k < 8:
            tok = self.doc[m]
            if m in self.ent_at and self.ent_at[m].start == m:
                label, m = self.ent_at[m].label_, self.ent_at[m].end
                if m < hi and self.doc[m].tag_ in ("NN", "NNS"):
                    continue  # 'about the Xiamen city': the name modifies a noun
                if label != "NORP" and not (m < hi and self.doc[m].lower_ in ("of", "with")):
                    return m
            elif tok.tag_ in NP_TAGS or (m > k and tok.lower_ in ("of", "with")):
                if m > k and tok.tag_ == "DT" and self.doc[m - 1].tag_.startswith("NN"):
                    return m
                m += 1
            else:
                break
        return m

    def clause_end(self, k: int, hi: int) -> int:
        """Up to the next comma, quote mark or sentence end (at most 14 tokens)."""
        m = k
        while m < hi and m - k < 14 and not is_boundary(self.doc[m]) and self.doc[m].text not in ".!?;":
            m += 1
        return m

    def head_entity(self, np: Span) -> Span | None:
        """The entity that heads a noun phrase: it ends the phrase and no preposition comes before it."""
        last = self.ent_at.get(np.end - 1)
        if last is None or last.label_ not in SPEAKER_LABELS or last.start < np.start:
            return None
        return None if any(t.tag_ == "IN" for t in self.doc[np.start : last.start]) else last

    def has_role(self, np: Span) -> bool:
        return any(t.lower_ in self.cues.role_nouns for t in np)

    def premodifier_role(self, premodifier: Span) -> str | None:
        """'Chinese Foreign Ministry spokesman' before a name is a role; 'state-run' is not."""
        if premodifier and premodifier[-1].tag_.startswith("NN") and self.has_role(premodifier[-1:]):
            return ARTICLE.sub("", premodifier.text)
        if premodifier and self.has_role(premodifier[:3]) and not has_finite(premodifier):
            return ARTICLE.sub("", premodifier.text)  # 'Russian Ambassador to China'
        return None
