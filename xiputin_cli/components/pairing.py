"""Which words an attribution claims: the quote beside it, else the reported clause on one side of it."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token

from xiputin_cli.components.attribution import Attribution
from xiputin_cli.components.claim_cues import ClaimCues
from xiputin_cli.components.doc_arrays import doc_arrays
from xiputin_cli.components.phrases import FINITE, as_clause, has_finite, is_boundary
from xiputin_cli.components.quotes import Quote, Range, words
from xiputin_cli.records import ClaimKind


def content_tokens(span: Span) -> list[Token]:
    return [t for t in span if not (t.is_punct or t.is_space)]


GAP_CHARS = " ,;:—–-"  # all that may stand between a quote's closing mark and its speaker


def char_end(doc: Doc, j: int) -> int:
    """The character offset where token j - 1 ends (0 before the first token)."""
    return doc[j - 1].idx + len(doc[j - 1]) if j > 0 else 0


class Pairing:
    """Pairs one Doc's attributions with its quotes and clauses; token windows are [left_lo, right_hi)."""

    def __init__(self, doc: Doc, cues: ClaimCues, quotes: list[Quote], text: str | None = None) -> None:
        self.doc, self.cues, self.quotes, self.text = doc, cues, quotes, doc.text if text is None else text
        # the quotes by where their marks open and close, so a look-up never scans them all
        self.opening: dict[int, Quote] = {}
        for quote in quotes:
            self.opening.setdefault(quote.outer_start, quote)
        self.by_end = sorted(range(len(quotes)), key=lambda n: quotes[n].outer_end)
        self.ends = [quotes[n].outer_end for n in self.by_end]
        self.by_start = sorted(quotes, key=lambda q: q.outer_start)
        self.starts = [q.outer_start for q in self.by_start]

    def adjacent_quotes(self, att: Attribution, left_lo: int, right_hi: int) -> list[Quote]:
        """'"...," X said (, "...")' or 'X said: "..."'; a short quote ending a clause is only part of it."""
        before = self.quote_before(att) if att.side != "right" and not self.says_that(att) else None
        if before is not None and before.outer_end <= self.doc[left_lo].idx and self.says_more(att, right_hi):
            before = None  # '..."Olympics." He said that ...': the quote ended the sentence before
        lead = words(self.text[self.doc[left_lo].idx : before.outer_start]) if before is not None else 0
        size = words(self.text[before.start : before.end]) if before is not None else 0
        whole = size >= self.cues.min_quote_words and (lead < 2 or lead < size)  # not a clause's last words
        if before is not None and (whole or lead < 2):
            after = self.quote_after(att, right_hi)
            return [before] if after is None else [before, after]
        after = self.quote_after(att, right_hi) if att.side != "left" else None
        return [after] if after is not None else []

    def name_given(self, att: Attribution) -> Quote | None:
        """The quote a naming verb gives its object ('called it "a historic step"'), not a form of address
        ('called Wang "old friend"': too short to claim anything)."""
        at = self.doc[att.end].idx if att.end < len(self.doc) else -1
        quote = self.opening.get(at)
        enough = (
            quote is not None and words(self.text[quote.start : quote.end]) >= self.cues.min_fragment_words
        )
        return quote if enough else None

    def own_predicate(self, start: int, end: int) -> int:
        """'The Kremlin said A, but gave no details': the reported clause ends before the speaker's own
        next predicate (a comma, 'and'/'but', a past or present verb with no subject of its own)."""
        arrays = doc_arrays(self.doc)  # no Token built for the words passed over
        lowered, tags = arrays.words, arrays.tags
        for k in range(start + 1, end - 2):
            if lowered[k] == "," and lowered[k + 1] in ("and", "but") and tags[k + 2] in ("VBD", "VBZ"):
                return k
            if k > start + 2 and self.trailing_as(k, end):
                return k  # '... A as Russia's ties with the West sour': the story's setting, not A
        return end

    def trailing_as(self, k: int, end: int) -> bool:
        """An 'as' clause (a subject and a finite verb) after the reported words."""
        lowered = doc_arrays(self.doc).words
        if lowered[k] != "as" or lowered[k - 1] in ("as", "so", "such", "well", "just"):
            return False
        return as_clause(self.doc, k, end, self.cues)

    def says_that(self, att: Attribution) -> bool:
        """'X said on Monday that ...': the claim is what follows, whatever quote came before."""
        return self.doc[att.end - 1].lower_ == "that" and att.end - 1 > att.cue_start

    def says_more(self, att: Attribution, right_hi: int) -> bool:
        return len(content_tokens(self.doc[att.end : right_hi])) >= 3

    def quote_before(self, att: Attribution) -> Quote | None:
        """The quote whose closing mark the speaker follows: '...," Peskov said', '..., “Zhao ... said'."""
        at = gap = self.doc[att.start].idx
        while gap > 0 and self.text[gap - 1] in GAP_CHARS:
            gap -= 1
        # the first quote (in text order) that closes at a mark only GAP_CHARS separate from the speaker
        closing = self.by_end[bisect_left(self.ends, gap) : bisect_right(self.ends, at)]
        return self.quotes[min(closing)] if closing else None

    def quote_after(self, att: Attribution, right_hi: int) -> Quote | None:
        """A full quote opening right after the attribution, with nothing clausal after it."""
        at, end = char_end(self.doc, att.end), char_end(self.doc, right_hi)
        while at < len(self.text) and self.text[at] in " \t,:":
            at += 1
        quote = self.opening.get(at)
        if quote is None or words(self.text[quote.start : quote.end]) < self.cues.min_quote_words:
            return None
        if quote.outer_end >= end:
            return quote
        rest = self.doc.char_span(quote.outer_end, end, alignment_mode="expand")
        return quote if rest is None or not has_finite(rest) else None

    def choose_side(self, att: Attribution, left_lo: int, right_hi: int) -> str | None:
        """'right' for 'X said (that) ...', 'left' for '..., X said', 'paren' for 'China, Xi said, is ...'."""
        left, right = self.doc[left_lo : att.start], self.doc[att.end : right_hi]
        right_ok = att.side != "left" and self.claim_ok(att, right, leading=True)
        left_ok = (
            att.side != "right"
            and self.clause_follows(att, right)
            and self.claim_ok(att, left, leading=False)
        )
        if right_ok and (not att.comma_after or not left_ok or att.side == "right"):
            return "right"
        if left_ok:
            return "left"
        paren = att.side == "either" and att.shape == "verb" and self.parenthetical(left, right)
        return "paren" if paren else None

    def claim_ok(self, att: Attribution, toks: Span, *, leading: bool) -> bool:
        """Enough words with a finite verb ('said nothing' is no claim); a subject before any verb."""
        content = content_tokens(toks)
        if len(content) < 3:
            return False
        if leading and self.stance(att) and self.quoted_object(toks) is not None:
            return True  # 'X acknowledged Beijing's "questions and concerns"': the object quotes
        if not leading and not self.main_clause(toks):
            return False  # 'When they met in May, X acknowledged ...': only a subordinate clause
        np_verb = self.doc[att.cue_start].lower_ in self.cues.np_verbs
        if att.shape == "described" or (leading and (att.cue.lower() in self.cues.np_cues or np_verb)):
            return any(t.tag_.startswith("NN") for t in content)
        if leading and (content[0].tag_ in FINITE or (att.comma_after and self.subordinate(content[0]))):
            return False
        if leading and content[0].tag_ in ("WDT", "WP"):
            return False  # '... told Lula about the port, which hosts the fair': a relative clause
        if self.doc[att.cue_start].lower_ in self.cues.infinitive_verbs and any(
            t.tag_ == "TO" for t in content
        ):
            return True
        participle = att.shape == "participle"
        return any(t.tag_ in FINITE or (participle and t.tag_.startswith("VB")) for t in content)

    def quoted_object(self, toks: Span) -> Quote | None:
        """A quote of a few words opening the verb's object, before any verb: the object holds the claim."""
        if not toks:
            return None
        head = next((n for n, t in enumerate(toks) if t.tag_.startswith("VB") or is_boundary(t)), len(toks))
        lo, hi = toks[0].idx, toks[min(head, 6, len(toks) - 1)].idx
        opened = self.by_start[bisect_left(self.starts, lo) : bisect_right(self.starts, hi)]
        quote = opened[0] if opened else None
        enough = (
            quote is not None and words(self.text[quote.start : quote.end]) >= self.cues.min_fragment_words
        )
        return quote if enough else None

    def stance(self, att: Attribution) -> bool:
        """'acknowledged', 'denied': verbs whose object states a position ('announced' an event does not)."""
        return self.doc[att.cue_start].lower_ in self.cues.quoted_object_verbs

    def object_end(self, att: Attribution, end: int) -> int:
        """A quoted object ends at the first comma after its quote ('..., a rare admission')."""
        start = att.end
        quote = self.quoted_object(self.doc[start:end]) if self.stance(att) else None
        if quote is None:
            return end
        return next((t.i for t in self.doc[start:end] if t.text == "," and t.idx >= quote.outer_end), end)

    def main_clause(self, toks: Span) -> bool:
        """Words that open with a subordinator ('When they met again, in May,') need a finite verb after
        the subordinate clause's comma to be a sentence of their own."""
        content = content_tokens(toks)
        if not content or content[0].lower_ in ("and", "but"):
            return True
        if not (content[0].lower_ in self.cues.subordinators or content[0].tag_ == "WRB"):
            return True
        comma = next((t.i for t in toks if t.text == "," and t.i > content[0].i), None)
        return comma is None or has_finite(self.doc[comma + 1 : toks.end])

    def subordinate(self, tok: Token) -> bool:
        return tok.lower_ in self.cues.subordinators or tok.tag_ == "VBG"

    def clause_follows(self, att: Attribution, right: Span) -> bool:
        """A trailing attribution ends its clause: nothing after it but a subordinate or verbless phrase."""
        content = content_tokens(right)
        if not has_finite(content):
            return att.start > 0 and is_boundary(self.doc[att.start - 1])
        return att.comma_after and self.subordinate(content[0])

    def parenthetical(self, left: Span, right: Span) -> bool:
        """'China, Xi said is ready to ...': a bare subject, the attribution, then the predicate."""
        subject, predicate = content_tokens(left), content_tokens(right)
        if not subject or len(subject) > 5 or any(t.tag_.startswith("VB") for t in subject):
            return False
        return len(predicate) >= 3 and predicate[0].tag_ in FINITE and left[-1].text == ","

    def kind_of(self, parts: list[Range]) -> ClaimKind:
        """'mixed' when the reported words quote a fragment of at least a few words."""
        opened = (self.by_start[bisect_left(self.starts, s) : bisect_right(self.starts, e)] for s, e in parts)
        inside = (q for (_, e), quotes in zip(parts, opened, strict=True) for q in quotes if q.outer_end <= e)
        fragments = any(words(self.text[q.start : q.end]) >= self.cues.min_fragment_words for q in inside)
        return "mixed" if fragments else "indirect"
