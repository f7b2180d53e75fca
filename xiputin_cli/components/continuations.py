"""Claims without an attribution of their own, and the page helpers the claim reader shares.

A quote in the sentence after a quoted speaker's is that speaker's too; an unquoted first-person sentence
right after a claim goes on with it (readouts drop the attribution); an embedded tweet is its author's words.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property

from spacy.tokens import Doc, Token

from xiputin_cli.boilerplate import tweet_author
from xiputin_cli.components.claim_cues import ClaimCues
from xiputin_cli.components.found import Found, LastEnding, Overlaps
from xiputin_cli.components.quotes import Cover, Quote, Range, strip_range, words
from xiputin_cli.components.speakers import Speaker

TWEET_LINK = re.compile(r"\s*pic\.twitter\.com/")


class PageText:
    """One article's text with its sentences, quotes, boilerplate and the paragraphs claimed whole."""

    doc: Doc
    text: str
    cues: ClaimCues
    sentences: list[Range]
    quotes: list[Quote]
    boilerplate: list[tuple[int, int, str]]
    covered: list[Range]
    quoted: Cover  # the quotes' words [start, end), merged
    covered_at: Cover  # `covered`, merged

    @cached_property
    def sentence_index(self) -> tuple[list[int], list[int], list[int]]:
        """Sentence starts and ends, each sorted, and by start the least end from there on: what
        the sentence around a range and 'a whole sentence between' need, without a scan."""
        by_start = sorted(self.sentences)
        least = [e for _, e in by_start]
        for n in range(len(least) - 2, -1, -1):
            least[n] = min(least[n], least[n + 1])
        return [s for s, _ in by_start], sorted(e for _, e in self.sentences), least

    @cached_property
    def newlines(self) -> list[int]:
        return [m.start() for m in re.finditer("\n", self.text)]

    def newline_between(self, start: int, end: int) -> bool:
        """'\\n' in text[start:end], without copying the characters between."""
        k = bisect_left(self.newlines, start)
        return k < len(self.newlines) and self.newlines[k] < end

    def sentence_around(self, lo: int, hi: int) -> Range:
        """From the last sentence start at or before lo to the first sentence end at or after hi."""
        starts, ends, _ = self.sentence_index
        k, m = bisect_right(starts, lo) - 1, bisect_left(ends, hi)
        return starts[k] if k >= 0 else lo, ends[m] if m < len(ends) else hi

    def trim(self, start: int, end: int) -> Range:
        """Cut a range before boilerplate that starts inside it (a pasted headline); drop outer whitespace."""
        cuts = [s for s, _, kind in self.boilerplate if start < s < end and kind != "tweet"]
        return strip_range(self.text, start, min([end, *cuts]))

    def transcribed(self, char: int) -> bool:
        """Inside a paragraph claimed as a whole (a transcript turn, a list item) or no one's (a title)."""
        return char in self.covered_at

    def blocked(self, char: int) -> bool:
        """Words inside a quote or boilerplate are never an attribution."""
        return char in self.quoted or self.in_boilerplate(char, char + 1)

    def in_boilerplate(self, start: int, end: int) -> bool:
        """extensions.in_boilerplate over the spans read once (custom attributes are slow to read)."""
        return any(s < end and start < e for s, e, _ in self.boilerplate)

    def within_boilerplate(self, start: int, end: int) -> bool:
        """The whole range lies inside one boilerplate span (an appeal, a related-coverage list)."""
        return any(s <= start and end <= e for s, e, _ in self.boilerplate)


class Continuations(PageText):
    """The claims that continue another: left-over quotes, first-person sentences, tweets."""

    def continuations(self, found: list[Found]) -> list[Found]:
        """A quote with no attribution, in the sentence after a quoted speaker's: that speaker's too."""
        extra: list[Found] = []
        claimed = Overlaps(part for item in found for part in item.parts)
        for q in self.quotes:
            if claimed.hit(q.start, q.end) or self.in_boilerplate(q.start, q.end):
                continue
            if self.transcribed(q.outer_start):
                continue
            last = self.quoted_before(q, [*found, *extra])
            if last is not None and words(self.text[q.start : q.end]) >= self.cues.min_quote_words:
                reach = (q.outer_start, q.outer_end)
                extra.append(Found.quoted(last.speaker, (q.start, q.end), reach, last.via))
        return extra

    def spoken_on(self, found: list[Found]) -> list[Found]:
        """An unquoted first-person sentence right after a claim, in its paragraph, goes on with it
        ('Xi pointed out that ... . Both sides should implement what Mr President and I agreed.')."""
        extra: list[Found] = []
        claimed, ending = Overlaps(part for f in found for part in f.parts), LastEnding(found)
        for s, e in self.sentences:
            if claimed.hit(s, e) or any(a < e and s < b for f in extra for a, b in f.parts):
                continue
            if self.transcribed(s):
                continue
            last = self.last_before(ending, extra, s)
            if (
                last is None
                or self.newline_between(last.reach[1], s)
                or not self.next_sentence(last.reach[1], s)
            ):
                continue
            span = self.doc.char_span(s, e, alignment_mode="expand")
            if span is not None and any(self.first_person(t) for t in span) and not self.in_boilerplate(s, e):
                extra.append(Found(last.speaker, [self.trim(s, e)], "indirect", None, last.via, (s, e)))
        return extra

    def last_before(self, ending: LastEnding, extra: list[Found], at: int) -> Found | None:
        """The claim ending last at or before `at`; of a tie the first listed (the found, then `extra`)."""
        last = ending.before(at)
        later = max((f for f in extra if f.reach[1] <= at), key=lambda f: f.reach[1], default=None)
        return later if later is not None and (last is None or later.reach[1] > last.reach[1]) else last

    def first_person(self, tok: Token) -> bool:
        return (
            tok.lower_ in self.cues.first_person and tok.tag_ in ("PRP", "PRP$") and not self.blocked(tok.idx)
        )

    def quoted_before(self, q: Quote, found: list[Found]) -> Found | None:
        """The last quoted claim before a quote that starts its sentence, with no whole sentence between;
        after reported speech, only in the same paragraph ('X said A. "B."')."""
        before = [f for f in found if f.reach[1] <= q.outer_start]
        before = [
            f for f in before if f.kind != "indirect" or not self.newline_between(f.reach[1], q.outer_start)
        ]
        last = max(before, key=lambda f: f.reach[1], default=None)
        opens = any(s == q.outer_start or self.introduced(s, q.outer_start) for s, _ in self.sentences)
        if last is None or not opens or not self.next_sentence(last.reach[1], q.outer_start):
            return None
        return last

    def introduced(self, start: int, mark: int) -> bool:
        """'As for the cake: "..."': a short verbless lead-in and a colon before the quote."""
        lead = self.text[start:mark].rstrip()
        return start < mark and lead.endswith(":") and words(lead) <= 5 and not re.search(r"\bsaid\b", lead)

    def next_sentence(self, end: int, start: int) -> bool:
        """True when no whole sentence lies between char `end` and char `start`."""
        starts, _, least = self.sentence_index
        k = bisect_left(starts, end)  # the sentences starting at `end` or later: does one end by `start`?
        return k == len(starts) or least[k] > start

    def tweets(self) -> list[Found]:
        """An embedded tweet is its author's own words."""
        found = []
        for start, end, kind in self.boilerplate:
            author = tweet_author(self.text[start:end]) if kind == "tweet" else None
            link = TWEET_LINK.search(self.text, start, end)
            if author is not None and link is not None:
                found.append(Found.quoted(Speaker(author, author, "person"), (start, link.start())))
        return found
