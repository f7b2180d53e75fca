"""Who said it: the attribution clause around a reporting cue, and the name its speaker mention refers to.

News attributes speech in a few shapes ("X said", "..., X, an expert at Y, told Z", "according to X",
"X was quoted by Y as saying", "Y cited X as saying", "..., adding"). `AttributionReader` reads speaker,
role and relaying outlet off the tokens; `SpeakerResolver` turns mentions ("he", "the Chinese leader",
"the report", "a tabloid affiliated with ...") into the names records use, from what the article said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc, Span, Token

from xiputin_cli.gazetteer import KnownName, lookup, role_index

QUOTE_CHARS = frozenset('"“”„«»')
BOUNDARY = frozenset({",", ";", ":", "(", ")", "[", "]", "--", "—", "–", "|"}) | QUOTE_CHARS
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


def known(text: str) -> KnownName | None:
    """The gazetteer entry for a mention, also when news lower-cases it ("China's foreign ministry")."""
    return lookup(text) or lookup(" ".join(w[:1].upper() + w[1:] for w in text.split()))


def entry_kind(entry: KnownName | None, label: str = "PERSON") -> str:
    if entry is not None and entry.outlet:
        return "outlet"
    return "person" if (entry.label if entry is not None else label) == "PERSON" else "org"


class ClaimCues(BaseModel):
    """The word lists of models/claim_cues.json (lower-case, every inflected form)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str = ""
    verbs: frozenset[str]
    phrasal: dict[str, frozenset[str]]
    object_verbs: frozenset[str]
    infinitive_verbs: frozenset[str]
    participles: frozenset[str]
    np_content: frozenset[str]
    np_cues: frozenset[str]
    cite_verbs: frozenset[str]
    listeners: frozenset[str]
    adverbs: frozenset[str]
    negations: frozenset[str]
    be_words: frozenset[str]
    relative_words: frozenset[str]
    subordinators: frozenset[str]
    pronouns: dict[str, str]
    outlet_nouns: frozenset[str]
    statement_nouns: frozenset[str]
    role_nouns: frozenset[str]
    min_quote_words: int = 4
    min_fragment_words: int = 3


@dataclass
class Attribution:
    """One attribution clause, tokens [start, end): speaker, cue, listener, dates, 'that' or a comma."""

    shape: str  # verb | inverted | according | passive | cite | participle | described
    cue: str
    cue_start: int
    start: int
    end: int
    speaker: Span | None = None
    role: str | None = None
    via: Span | None = None
    side: str = "either"  # where the claimed words are: left | right | either
    comma_after: bool = False  # the clause ended in a comma, so what follows may be a subordinate clause
    relative: bool = False  # "which X described as", "that they say": inside a relative clause


@dataclass
class Speaker:
    """A resolved speaker: the mention as written, the name records use, and what kind of thing it is."""

    text: str
    name: str
    kind: str  # person | org | outlet | group
    role: str | None = None
    start: int = 0


class AttributionReader:
    """Reads attribution clauses in one Doc; token positions are bounded by the sentence [lo, hi)."""

    def __init__(self, doc: Doc, cues: ClaimCues) -> None:
        self.doc, self.cues = doc, cues
        self.ent_at = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}

    def read(self, i: int, lo: int, hi: int) -> Attribution | None:
        """The attribution whose cue starts at token i, if the words there are one."""
        doc, cues = self.doc, self.cues
        low, nxt = doc[i].lower_, doc[i + 1].lower_ if i + 1 < hi else ""
        prev = doc[i - 1].lower_ if i > lo else ""
        if low == "according" and nxt == "to":
            return self.according(i, lo, hi)
        if low in cues.cite_verbs:
            return self.passive(i, lo, hi) if prev in cues.be_words else self.cite(i, lo, hi)
        if low in cues.participles and doc[i].tag_ == "VBG" and prev == ",":
            end, comma = self.tail(i + 1, hi, low)
            return Attribution("participle", doc[i].text, i, i, end, side="right", comma_after=comma)
        if low in cues.np_content and doc[i].tag_.startswith("VB"):
            return self.described(i, lo, hi)
        if low in cues.phrasal and nxt in cues.phrasal[low] and self.reporting_use(i, lo):
            return self.verb(i, i + 2, lo, hi)
        return self.verb(i, i + 1, lo, hi) if low in cues.verbs and self.reporting_use(i, lo) else None

    def reporting_use(self, i: int, lo: int) -> bool:
        """'said' as a finite reporting verb: not 'to say', 'the said', 'is said to', nor a noun."""
        tag, prev = self.doc[i].tag_, self.doc[i - 1] if i > lo else None
        if tag not in FINITE | {"VBN", "VB"} or prev is None:
            return tag in FINITE
        if prev.lower_ == "to" or prev.tag_ in ("DT", "PRP$") or prev.lower_ in self.cues.be_words:
            return False
        return tag in FINITE or prev.tag_ in FINITE or prev.lower_ in self.cues.adverbs

    def verb(self, i: int, j: int, lo: int, hi: int) -> Attribution | None:
        """SPEAKER [also] CUE [listener] [PPs] [that|,]: the speaker left of the cue, or after it."""
        k = self.skip_back(i, lo)
        if k is None:
            return None
        cue, (end, comma) = self.doc[i:j].text, self.tail(j, hi, self.doc[i].lower_)
        if k >= lo and self.doc[k].lower_ in ("and", "but"):
            return Attribution(
                "verb", cue, i, i, end, self.parse_subject(i, lo), side="right", comma_after=comma
            )
        if k >= lo and self.doc[k].text == "," and (found := self.appositive(k, lo)):
            return Attribution("verb", cue, i, found[0].start, end, found[0], found[1], comma_after=comma)
        np = self.left_np(k, lo)
        if np is None:
            return self.inverted(i, j, hi) if k < lo or is_boundary(self.doc[k]) else None
        relative = np.start > lo and self.doc[np.start - 1].lower_ in self.cues.relative_words
        return Attribution("verb", cue, i, np.start, end, np, comma_after=comma, relative=relative)

    def inverted(self, i: int, j: int, hi: int) -> Attribution | None:
        """'"...," said Peskov, the Kremlin spokesman.': the speaker follows the cue and ends the clause."""
        end = j
        while end < hi and end - j < 8 and not is_boundary(self.doc[end]) and not self.doc[end].is_sent_end:
            end += 1
        np = self.doc[j:end]
        if not np or not (self.head_entity(np) or np[0].lower_ in self.cues.pronouns or self.has_role(np)):
            return None
        role, stop = None, end
        if end < hi and self.doc[end].text == ",":
            stop = self.clause_end(end + 1, hi)
            role = ARTICLE.sub("", self.doc[end + 1 : stop].text) or None
        return Attribution("inverted", self.doc[i:j].text, i, i, stop, np, role, side="left")

    def according(self, i: int, lo: int, hi: int) -> Attribution | None:
        """'according to X': leading ('According to X, ...') or trailing ('..., according to X.')."""
        end = self.clause_end(i + 2, hi)
        if end == i + 2:
            return None
        if all(t.is_punct or t.is_space for t in self.doc[lo:i]):
            comma = end < hi and self.doc[end].text == ","
            return Attribution(
                "according", "according to", i, i, end + comma, self.doc[i + 2 : end], side="right"
            )
        return Attribution("according", "according to", i, i, end, self.doc[i + 2 : end], side="left")

    def passive(self, i: int, lo: int, hi: int) -> Attribution | None:
        """'X was quoted by Y as telling Z', 'X was cited by Y': speaker X, relayed by Y."""
        k = self.skip_back(i - 1, lo)
        np = self.left_np(k, lo) if k is not None else None
        if np is None:
            return None
        via, j = None, i + 1
        if j < hi and self.doc[j].lower_ == "by" and self.np_end(j + 1, hi) > j + 1:
            via, j = self.doc[j + 1 : self.np_end(j + 1, hi)], self.np_end(j + 1, hi)
        cue = f"{self.doc[i - 1].text} {self.doc[i].text}" + (" by" if via is not None else "")
        if j + 1 < hi and self.doc[j].lower_ == "as" and self.doc[j + 1].tag_ == "VBG":
            cue, j = cue + (" ... as" if via is not None else " as"), j + 2
        end, comma = self.tail(j, hi, self.doc[j - 1].lower_)
        return Attribution("passive", cue, i, np.start, end, np, via=via, comma_after=comma)

    def cite(self, i: int, lo: int, hi: int) -> Attribution | None:
        """'Y cited X as saying (that) ...': speaker X, relayed by Y."""
        as_at = self.find_as(i, hi, 9)
        if as_at is None or as_at + 1 >= hi or self.doc[as_at + 1].tag_ != "VBG" or as_at == i + 1:
            return None
        k = self.skip_back(i, lo)
        via = self.left_np(k, lo) if k is not None else None
        end, comma = self.tail(as_at + 2, hi, self.doc[as_at + 1].lower_)
        cue, start = (
            f"{self.doc[i].text} ... as {self.doc[as_at + 1].text}",
            via.start if via is not None else i,
        )
        return Attribution(
            "cite", cue, i, start, end, self.doc[i + 1 : as_at], via=via, side="right", comma_after=comma
        )

    def described(self, i: int, lo: int, hi: int) -> Attribution | None:
        """'which X described as ...': what is claimed may be a noun phrase."""
        as_at, k = self.find_as(i, hi, 5), self.skip_back(i, lo)
        np = self.left_np(k, lo) if k is not None else None
        if as_at is None or np is None:
            return None
        cue = f"{self.doc[i].text} as" if as_at == i + 1 else f"{self.doc[i].text} ... as"
        return Attribution("described", cue, i, np.start, as_at + 1, np, side="right")

    def find_as(self, i: int, hi: int, window: int) -> int | None:
        return next((m for m in range(i + 1, min(hi, i + window)) if self.doc[m].lower_ == "as"), None)

    def skip_back(self, i: int, lo: int) -> int | None:
        """The token before the cue once adverbs and auxiliaries are skipped; None when the cue is negated."""
        k = i - 1
        while k >= lo and self.doc[k].lower_ in self.cues.adverbs | self.cues.negations:
            if self.doc[k].lower_ in self.cues.negations:
                return None
            k -= 1
        return k

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
        for m in range(comma - 1, max(lo, comma - 45), -1):
            body = self.doc[m + 1 : comma]
            if self.doc[m].text != "," or m - 1 < lo or not body or not self.appositive_body(body):
                continue
            name = self.name_before(m, lo)
            if name is not None:
                described = body[0].tag_ not in ("WP", "WDT", "VBN", "IN", "RB")
                return name, ARTICLE.sub("", body.text) if described else None
        return None

    def appositive_body(self, body: Span) -> bool:
        """'an expert at ...', 'spokesman for ...', 'who met Xi', 'signed in 2001': no clause of its own."""
        if any(t.text in QUOTE_CHARS for t in body):
            return False
        if body[0].lower_ in ("who", "which") or (body[0].tag_ in ("IN", "RB") and len(body) <= 4):
            return True  # a relative clause, or an aside ("Xi, for his part, said")
        if any(t.tag_ in FINITE for t in body):
            return False
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
            return (
                self.doc[k:m] if k == lo or is_boundary(self.doc[k - 1]) or self.doc[k - 1].is_space else None
            )
        np = self.left_np(m - 1, lo) if self.doc[m - 1].tag_.startswith("NN") else None
        return np if np is not None and (np.start == lo or is_boundary(self.doc[np.start - 1])) else None

    def parse_subject(self, i: int, lo: int) -> Span | None:
        """The subject of a coordinated or participial cue ('Xi held talks and emphasised that')."""
        head = self.doc[i].head if self.doc[i].dep_ in ("conj", "advcl", "xcomp") else self.doc[i]
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i >= lo:
                ent = self.ent_at.get(child.i)
                return ent if ent is not None else self.doc[max(lo, child.left_edge.i) : child.i + 1]
        return next((e for e in self.doc.ents if lo <= e.start < i and e.label_ in ("PERSON", "ORG")), None)

    def tail(self, j: int, hi: int, verb: str) -> tuple[int, bool]:
        """End of the attribution after the cue: listener, dates, prepositional phrases, 'that' or a comma."""
        k = self.skip_listener(j, hi) if verb in self.cues.object_verbs | {"telling"} else j
        that = next((m for m in range(k, min(hi, k + 12)) if self.doc[m].lower_ == "that"), None)
        if that is not None and not any(t.tag_ in FINITE or is_boundary(t) for t in self.doc[k:that]):
            return that + 1, False
        for _ in range(8):
            tok = self.doc[k] if k < hi else self.doc[hi - 1]
            if k < hi and tok.ent_type_ in ("DATE", "TIME"):
                k = self.ent_at[k].end if k in self.ent_at else k + 1
            elif k < hi and tok.tag_ == "IN" and tok.lower_ not in ("that", "as", "because", "if"):
                if self.np_end(k + 1, hi) == k + 1:
                    break
                k = self.np_end(k + 1, hi)
            elif k < hi and tok.lower_ in self.cues.adverbs and tok.tag_ == "RB":
                k += 1
            else:
                break
        comma = k < hi and self.doc[k].text in (",", ":")
        return k + comma, comma

    def skip_listener(self, k: int, hi: int) -> int:
        """Past the listener of 'told': a name, a pronoun, 'reporters', 'the Global Times'."""
        if k < hi and self.doc[k].lower_ in ("the", "a", "an") and k + 1 in self.ent_at:
            k += 1
        if k in self.ent_at and self.ent_at[k].label_ in SPEAKER_LABELS:
            return self.ent_at[k].end
        if k < hi and self.doc[k].tag_ == "PRP":
            return k + 1
        phrases = ((n, " ".join(t.lower_ for t in self.doc[k : k + n])) for n in (3, 2, 1) if k + n <= hi)
        return k + next((n for n, phrase in phrases if phrase in self.cues.listeners), 0)

    def np_end(self, k: int, hi: int) -> int:
        """End of a short noun phrase from k (the object of a preposition): stops at an entity's end."""
        m = k
        while m < hi and m - k < 8:
            tok = self.doc[m]
            if m in self.ent_at and self.ent_at[m].start == m:
                label, m = self.ent_at[m].label_, self.ent_at[m].end
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
        return None


@dataclass
class SpeakerResolver:
    """Names for speaker mentions: their own entity, or a speaker or outlet the article named before."""

    doc: Doc
    cues: ClaimCues
    reader: AttributionReader
    history: list[Speaker] = field(default_factory=list)
    outlets: list[tuple[int, str]] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)

    def remember(self, speaker: Speaker, via: str | None = None) -> None:
        """Record a claim's speaker (and relaying outlet) for the pronouns and role phrases that follow."""
        self.history.append(speaker)
        if speaker.kind == "outlet":
            self.outlets.append((speaker.start, speaker.name))
        if via:
            self.outlets.append((speaker.start, via))

    def resolve(self, mention: Span, role: str | None = None) -> Speaker | None:
        """The speaker a mention names; None when the mention is not a noun phrase at all."""
        text, start = mention.text.strip(), mention.start_char
        if not text:
            return None
        entry = role_index().get(text.lower()) or role_index().get(f"the {text.lower()}")
        if entry is not None:
            return Speaker(text, entry.canonical, entry_kind(entry), role, start)
        ent = self.reader.head_entity(mention)
        if ent is not None:
            return self.from_entity(mention, ent, role)
        pronoun = self.cues.pronouns.get(mention[-1].lower_) if len(mention) == 1 else None
        if pronoun is not None:
            return self.from_pronoun(text, pronoun, start)
        return self.from_name(mention, role) or self.from_description(mention, role)

    def from_entity(self, mention: Span, ent: Span, role: str | None) -> Speaker:
        name = ent._.canonical or (self.doc._.canonical_names or {}).get(ent.text) or ent.text
        others = [e for e in mention.ents if e.label_ == ent.label_ and e.end < ent.start]
        if others and any(t.lower_ == "and" for t in mention):
            name = " and ".join([*(e._.canonical or e.text for e in others), name])
            return Speaker(mention.text, name, "group", None, mention.start_char)
        role = role or self.reader.premodifier_role(self.doc[mention.start : ent.start])
        return Speaker(mention.text, name, entry_kind(lookup(name), ent.label_), role, mention.start_char)

    def from_name(self, mention: Span, role: str | None) -> Speaker | None:
        """A name the entity recogniser cut short or missed ('President Xi| Jinping'): its known tail."""
        if mention[-1].tag_ not in ("NNP", "NNPS") and known(mention.text) is None:
            return None
        names = self.doc._.canonical_names or {}
        for k in range(mention.start, mention.end):
            tail, entry = self.doc[k : mention.end].text, known(self.doc[k : mention.end].text)
            name = names.get(tail) or (entry.canonical if entry is not None else None)
            if name is not None:
                role = role or self.reader.premodifier_role(self.doc[mention.start : k])
                return Speaker(mention.text, name, entry_kind(entry), role, mention.start_char)
        return None

    def from_pronoun(self, text: str, kind: str, start: int) -> Speaker:
        """'he' → the last person who spoke or was a subject before it; 'it' → the last organisation."""
        wanted = {"person": ("person",), "org": ("org", "outlet"), "group": ("group", "org")}[kind]
        candidates = [s for s in self.history if s.start < start and s.kind in wanted]
        if kind == "person":
            candidates += [s for s in self.person_subjects() if s.start < start]
        last = max(candidates, key=lambda s: s.start, default=Speaker(text, text, kind))
        return Speaker(text, last.name, last.kind, None, start)

    def person_subjects(self) -> list[Speaker]:
        ents = (e for e in self.doc.ents if e.label_ == "PERSON" and e.root.dep_ in ("nsubj", "nsubjpass"))
        return [Speaker(e.text, e._.canonical or e.text, "person", None, e.start_char) for e in ents]

    def from_description(self, mention: Span, role: str | None) -> Speaker | None:
        """'the report', 'a tabloid affiliated with ...', 'the spokesman', 'Chinese experts'."""
        nouns = [t for t in mention if t.tag_.startswith("NN")]
        if not nouns:
            return None
        ends = (t for t in nouns if t.i + 1 == mention.end or not t.nbor().tag_.startswith(("NN", "POS")))
        head, text, start = next(ends, nouns[-1]).lower_, mention.text, mention.start_char
        definite = mention[0].lower_ in ("the", "this", "its")
        if head in self.cues.outlet_nouns and (name := self.outlet_for(head, start, definite)):
            return Speaker(text, name, "outlet", role, start)
        if head in self.cues.statement_nouns and (
            ents := [e for e in mention.ents if e.label_ in SPEAKER_LABELS]
        ):
            return self.from_entity(mention, ents[-1], role)  # 'a statement from the Kremlin'
        if head in self.cues.statement_nouns:
            issuer = next((s for s in reversed(self.history) if s.kind == "org" and s.start < start), None)
        else:
            roles = (s for s in reversed(self.history) if s.role and head in s.role.lower())
            issuer = next(roles, None) if definite and head in self.cues.role_nouns else None
        if issuer is not None:
            return Speaker(text, issuer.name, issuer.kind, role, start)
        return Speaker(
            text, text, "person" if all(t.tag_.startswith("NNP") for t in mention) else "group", role, start
        )

    def outlet_for(self, noun: str, start: int, definite: bool) -> str | None:
        """The outlet a description means: 'the report' → the last outlet; 'a tabloid' → by gazetteer role."""
        named = [(e.start_char, entry) for e in self.doc.ents if (entry := lookup(e._.canonical or e.text))]
        outlets = [(pos, entry.canonical, (entry.role or "").lower()) for pos, entry in named if entry.outlet]
        fitting = [name for _, name, role in outlets if noun in role]
        if not definite and fitting:
            return fitting[0]
        before = [
            (pos, name) for pos, name in [*self.outlets, *((p, n) for p, n, _ in outlets)] if pos < start
        ]
        return max(before)[1] if before else None

    def final_role(self, speaker: Speaker) -> str | None:
        """The role given at the mention, else one the article gives this speaker, else the gazetteer's."""
        if speaker.role or speaker.name in self.roles:
            return speaker.role or self.roles[speaker.name]
        entry = lookup(speaker.name)
        return entry.role if entry is not None and speaker.kind != "group" else None
