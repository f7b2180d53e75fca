"""The attribution clause around a reporting cue: its shape, speaker, role, relaying outlet and extent.

News attributes speech in a few shapes ("X said", "..., X, an expert at Y, told Z", "according to X",
"X was quoted by Y as saying", "Y cited X as saying", "..., adding"). `AttributionReader` reads each off
the tokens; which words the clause claims is pairing.py's business, who the speaker is speakers.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from xiputin_cli.components.claim_cues import ClaimCues
from xiputin_cli.components.doc_arrays import doc_arrays
from xiputin_cli.components.phrases import (
    ARTICLE,
    FINITE,
    SPEAKER_LABELS,
    PhraseReader,
    as_clause,
    is_boundary,
)
from xiputin_cli.components.quotes import QUOTE_CHARS


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
    coordinated: bool = False  # "... and condemned ...": the subject is the parser's, before the 'and'


def attribution_tail(cues: ClaimCues) -> re.Pattern[str]:
    """A short speaker and a reporting verb ending a sentence: 'he added.', 'Yang said on Sunday.'"""
    verbs = "|".join(sorted(cues.verbs, key=len, reverse=True))
    return re.compile(rf"\s*(?:[\w’'.-]+\s+){{1,5}}?(?:also\s+)?(?:{verbs})\b[^.!?\"“”\n]{{0,80}}[.!?]?")


class AttributionReader(PhraseReader):
    """Reads attribution clauses in one Doc; token positions are bounded by the sentence [lo, hi)."""

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
            if low in cues.naming_participles and self.addresses(i, hi):
                return None  # ', calling him "my dear friend"': a form of address
            end, comma = self.tail(i + 1, hi, low)
            return Attribution("participle", doc[i].text, i, i, end, side="right", comma_after=comma)
        if low in cues.participles and doc[i].tag_ == "VBG" and (np := self.with_subject(i, lo)):
            end, comma = self.tail(i + 1, hi, low)  # '..., with Xi saying the port would grow'
            return Attribution("verb", doc[i].text, i, np.start, end, np, side="right", comma_after=comma)
        if low in cues.np_content and doc[i].tag_.startswith("VB") and (att := self.described(i, lo, hi)):
            return att
        if low in cues.phrasal and (j := self.phrasal_end(i, hi)) and self.reporting_use(i, lo):
            return self.verb(i, j, lo, hi)
        return self.verb(i, i + 1, lo, hi) if low in cues.verbs and self.reporting_use(i, lo) else None

    def phrasal_end(self, i: int, hi: int) -> int | None:
        """'pointed out', 'called for', 'expressed (his) confidence', 'shared her belief': the cue's end."""
        k = i + 1 + (i + 1 < hi and self.doc[i + 1].tag_ == "PRP$")
        return k + 1 if k < hi and self.doc[k].lower_ in self.cues.phrasal[self.doc[i].lower_] else None

    def with_subject(self, i: int, lo: int) -> Span | None:
        """The subject of 'with X saying': the noun phrase between 'with' and the participle."""
        np = self.left_np(i - 1, lo) if i > lo else None
        return np if np is not None and np.start > lo and self.doc[np.start - 1].lower_ == "with" else None

    def reporting_use(self, i: int, lo: int) -> bool:
        """'said' as a finite reporting verb: not 'to say', 'the said', 'is said to', nor a noun."""
        tag, prev = self.doc[i].tag_, self.doc[i - 1] if i > lo else None
        if tag not in FINITE | {"VBN", "VB"} or prev is None:
            return tag in FINITE
        if prev.lower_ == "to" or prev.tag_ in ("DT", "PRP$") or prev.lower_ in self.cues.be_words:
            return False
        if tag == "VBN" and prev.tag_.startswith("NN") and self.ends_sentence(i + 1):
            return True  # '..., the press service reported Saturday.' (tagged as a participle)
        return tag in FINITE or prev.tag_ in FINITE or prev.lower_ in self.cues.adverbs

    def ends_sentence(self, k: int) -> bool:
        """Nothing but a date or time before the sentence ends at or after token k."""
        dated = ("DATE", "TIME")
        while k < len(self.doc) and (
            self.doc[k].ent_type_ in dated or (k + 1 < len(self.doc) and self.doc[k + 1].ent_type_ in dated)
        ):
            k += 1  # 'Saturday', 'on Monday'

        return k >= len(self.doc) or self.doc[k].text in (".", "!", "?") or self.doc[k].is_space

    def verb(self, i: int, j: int, lo: int, hi: int) -> Attribution | None:
        """SPEAKER [also] CUE [listener] [PPs] [that|,]: the speaker left of the cue, or after it."""
        k = self.skip_back(i, lo)
        if k is None:
            return None
        cue, (end, comma) = self.doc[i:j].text, self.tail(j, hi, self.doc[i].lower_)
        if k >= lo and self.doc[k].lower_ in ("and", "but"):
            subject = self.parse_subject(i, lo)
            return Attribution(
                "verb", cue, i, i, end, subject, side="right", comma_after=comma, coordinated=True
            )
        # 'X, greeting Y as "an old friend," said': the aside's comma typed inside its closing mark
        inside = (
            k - 1 if k - 1 >= lo and self.doc[k].text in QUOTE_CHARS and self.doc[k - 1].text == "," else k
        )
        if inside >= lo and self.doc[inside].text == "," and (found := self.appositive(inside, lo)):
            return Attribution("verb", cue, i, found[0].start, end, found[0], found[1], comma_after=comma)
        np = self.left_np(k, lo)
        if np is None:
            return self.inverted(i, j, hi) if k < lo or is_boundary(self.doc[k]) else None
        # 'which X described as', 'that they say': the claim is the antecedent; not 'where X said that'
        relative = np.start > lo and self.doc[np.start - 1].lower_ in self.cues.relative_pronouns
        return Attribution("verb", cue, i, np.start, end, np, comma_after=comma, relative=relative)

    def inverted(self, i: int, j: int, hi: int) -> Attribution | None:
        """'"...," said Peskov, the Kremlin spokesman.': the speaker follows the cue and ends the clause."""
        end = j
        while end < hi and end - j < 8 and not is_boundary(self.doc[end]) and not self.doc[end].is_sent_end:
            end += 1
        while end > j + 1 and (self.doc[end - 1].is_punct or self.doc[end - 1].tag_ == "RB"):
            end -= 1  # '... said Envoy Marta Lindqvist yesterday.'
        cut = next(
            (m for m in range(j + 1, end) if self.doc[m].tag_ == "IN" and self.doc[m].lower_ != "of"), end
        )
        # a name ends it ('said Envoy to Chile Marta Lindqvist'), else it ends before a preposition
        # ('said Lula as quoted by Reuters', 'said a delegate at the fair')
        named = end - 1 in self.ent_at and self.ent_at[end - 1].end == end
        end = next((e for e in ((end, cut) if named else (cut, end)) if self.speaker_like(self.doc[j:e])), 0)
        if not end:
            return None
        np, role, stop = self.doc[j:end], None, end
        if end < hi and self.doc[end].text == ",":
            stop = self.clause_end(end + 1, hi)
            role = ARTICLE.sub("", self.doc[end + 1 : stop].text) or None
        via, stop = self.relayed_by(stop, hi)
        return Attribution("inverted", self.doc[i:j].text, i, i, stop, np, role, via=via, side="left")

    def speaker_like(self, np: Span) -> bool:
        """A name, a pronoun, a role ('the Kremlin spokesman') or an issuer ('a Kremlin statement')."""
        if not np:
            return False
        issuer = any(t.lower_ in self.cues.statement_nouns | self.cues.outlet_nouns for t in np)
        return bool(self.head_entity(np) or np[0].lower_ in self.cues.pronouns or self.has_role(np) or issuer)

    def relayed_by(self, k: int, hi: int) -> tuple[Span | None, int]:
        """'... as quoted by Xinhua', '... as reported by TASS': the outlet, and where the clause ends."""
        words = [t.lower_ for t in self.doc[k : min(hi, k + 3)]]
        if len(words) < 3 or words[0] != "as" or words[2] != "by":
            return None, k
        if words[1] not in self.cues.verbs | self.cues.cite_verbs:
            return None, k
        end = self.np_end(k + 3, hi)
        return (self.doc[k + 3 : end], end) if end > k + 3 else (None, k)

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
        as_at, k = self.find_as(i, hi, 10), self.skip_back(i, lo)
        np = self.left_np(k, lo) if k is not None else None
        mark = next((m for m in range(i + 2, min(hi, i + 9)) if self.doc[m].text in QUOTE_CHARS), None)
        if as_at is not None and (
            (mark is not None and mark < as_at) or as_clause(self.doc, as_at, hi, self.cues)
        ):
            as_at = None  # 'called Wang "old friend" as the lunch began': that 'as' opens a clause
        if as_at is None and mark is not None and np is not None:  # 'X called the plan "a bold step"'
            if self.addressee(self.doc[i + 1 : mark]):
                return None  # 'X called Wang "old friend"', 'called him "a brother"': a form of address
            return Attribution("described", self.doc[i].text, i, np.start, mark, np, side="right")
        if as_at is None or np is None:
            return None
        if as_at == i + 1:  # 'which X described as ...': the words after 'as'
            return Attribution(
                "described", f"{self.doc[i].text} as", i, np.start, as_at + 1, np, side="right"
            )
        # 'X described the talks as "frank"': what is described and how, together
        return Attribution("described", f"{self.doc[i].text} ... as", i, np.start, i + 1, np, side="right")

    def addresses(self, i: int, hi: int) -> bool:
        """A naming participle whose object, up to its quote, is a person: 'calling Xi "a brother"'."""
        mark = next((m for m in range(i + 2, min(hi, i + 8)) if self.doc[m].text in QUOTE_CHARS), None)
        return mark is not None and self.addressee(self.doc[i + 1 : mark])

    def addressee(self, obj: Span) -> bool:
        """What a naming verb's object is when the quote is a form of address: a person, a pronoun for
        one, or a role ('his counterpart')."""
        if not obj or len(obj) > 6:
            return False
        if obj[-1].tag_ == "PRP" or obj[-1].lower_ in self.cues.pronouns:
            return obj[-1].lower_ not in ("it", "this", "that")
        ent = self.head_entity(obj)
        if ent is not None:
            return ent.label_ == "PERSON"
        return obj[-1].lower_ in self.cues.role_nouns | self.cues.addressee_nouns

    def find_as(self, i: int, hi: int, window: int) -> int | None:
        lowered = doc_arrays(self.doc).words
        return next((m for m in range(i + 1, min(hi, i + window)) if lowered[m] == "as"), None)

    def skip_back(self, i: int, lo: int) -> int | None:
        """The token before the cue once adverbs and auxiliaries are skipped; None when the cue is negated."""
        k, lowered = i - 1, doc_arrays(self.doc).words  # punctuation is its own lower-case form
        while k >= lo and lowered[k] in self.cues.adverbs | self.cues.negations:
            if lowered[k] in self.cues.negations:
                return None
            k -= 1
        opening = next((m for m in range(k - 1, max(lo, k - 8) - 1, -1) if lowered[m] == "("), None)
        if k >= lo and lowered[k] == ")" and opening is not None and opening > lo:
            return opening - 1  # 'The European Space Agency (ESA) said', 'Li (pictured) said'
        return k

    def tail(self, j: int, hi: int, verb: str) -> tuple[int, bool]:
        """End of the attribution after the cue: listener, dates, prepositional phrases, 'that' or a comma."""
        k = self.skip_listener(j, hi) if verb in self.cues.object_verbs | {"telling"} else j
        lowered = doc_arrays(self.doc).words
        that = next((m for m in range(k, min(hi, k + 12)) if lowered[m] == "that"), None)
        if that is not None and not any(t.tag_ in FINITE or is_boundary(t) for t in self.doc[k:that]):
            return that + 1, False
        # what 'stressed' or 'expressed hope' claims may be a noun phrase with prepositions of its own
        k = self.skip_adjuncts(k, hi, phrases=verb not in self.cues.np_verbs)
        k = self.skip_citing(k, hi)
        if k < hi and self.doc[k].lower_ == "that" and self.doc[k - 1].text == ",":
            return k + 1, False
        comma = k < hi and self.doc[k].text in (",", ":")
        return k + comma, comma

    def skip_citing(self, k: int, hi: int) -> int:
        """Past ', citing officials,' between a reporting verb and what it reports, and past ', as she
        greeted them,' when 'that' follows it."""
        if k + 1 >= hi or self.doc[k].text != ",":
            return k
        close = next((m for m in range(k + 2, min(hi, k + 12)) if self.doc[m].text == ","), None)
        if self.doc[k + 1].lower_ in self.cues.aside_participles:
            return close + 1 if close is not None else k
        if close is None or self.doc[k + 1].lower_ not in ("as", "while", "when"):
            return k
        return close + 2 if close + 1 < hi and self.doc[close + 1].lower_ == "that" else k

    def skip_adjuncts(self, k: int, hi: int, *, phrases: bool = True) -> int:
        """Past up to eight dates, prepositional phrases and adverbs: 'on Sunday', 'in Beijing', 'also'."""
        for _ in range(8):
            tok = self.doc[k] if k < hi else self.doc[hi - 1]
            if k < hi and tok.ent_type_ in ("DATE", "TIME"):
                k = self.ent_at[k].end if k in self.ent_at else k + 1
            elif (
                not phrases
                and k + 1 < hi
                and tok.tag_ == "IN"
                and self.doc[k + 1].ent_type_ in ("DATE", "TIME")
            ):
                k += 1  # 'on Friday'
            elif (
                phrases and k < hi and tok.tag_ == "IN" and tok.lower_ not in ("that", "as", "because", "if")
            ):
                if self.np_end(k + 1, hi) == k + 1:
                    break
                k = self.np_end(k + 1, hi)
            elif k < hi and tok.lower_ in self.cues.adverbs and tok.tag_ == "RB":
                k += 1
            else:
                break
        return k

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
