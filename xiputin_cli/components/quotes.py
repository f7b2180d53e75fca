"""Quotes from the characters: paragraphs, sentences and paired quote marks, without spaCy.

News closes quotes late, never, or with an opening mark, and runs them across paragraphs, so quote spans
are read off the marks and the characters around them, not off sentence splits.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

QUOTE_CHARS = frozenset('"“”„«»')
SENTENCE_END = re.compile(r"[.!?]+[”\"’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
ABBREVIATION = re.compile(
    r"\b(?:(?:[A-Z]\.)+[A-Z]?|Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sen|Rep|Gov|Prof|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct"
    r"|Nov|Dec|No|vs|Inc|Corp|Co|Ltd|Jr|Sr)\.$"
)
WORD = re.compile(r"[^\W_]+")
SINGLE_CLOSE = re.compile(r"(?<=\S)’(?![^\W_])")
Range = tuple[int, int]


class Cover:
    """The characters inside any of some ranges, as their merged union: a membership test is a bisection,
    not a scan of every range (a long article asks it for each of its words)."""

    def __init__(self, ranges: Iterable[Range]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(r for r in ranges if r[0] < r[1]):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts, self.ends = [s for s, _ in merged], [e for _, e in merged]

    def __contains__(self, char: int) -> bool:
        k = bisect_right(self.starts, char) - 1
        return k >= 0 and char < self.ends[k]


@dataclass(frozen=True)
class Quote:
    """Quoted words [start, end) and the marks around them [outer_start, outer_end)."""

    start: int
    end: int
    outer_start: int
    outer_end: int


def find_paragraphs(text: str, start: int) -> list[Range]:
    """Lines, except that a line broken mid-sentence (hard-wrapped text) runs on into the next."""
    paragraphs: list[Range] = []
    for line in re.finditer(r"[^\n]*\S[^\n]*", text[start:]):
        s, e = line.start() + start, line.end() + start
        prev = text[paragraphs[-1][0] : paragraphs[-1][1]].rstrip() if paragraphs else ""
        if prev and prev[-1] not in ".!?:\"”’')]" and line.group().lstrip()[:1].islower():
            paragraphs[-1] = (paragraphs[-1][0], e)
        else:
            paragraphs.append((s, e))
    return [strip_range(text, s, e) for s, e in paragraphs]


def find_sentences(text: str, paragraphs: list[Range]) -> list[Range]:
    """Sentences by punctuation followed by a capital, skipping abbreviations ('U.S.', 'St.')."""
    sentences: list[Range] = []
    for ps, pe in paragraphs:
        start = ps
        for match in SENTENCE_END.finditer(text, ps, pe):
            if not ABBREVIATION.search(text[max(ps, match.start() - 12) : match.start() + 1]):
                sentences.append((start, match.end()))
                start = strip_range(text, match.end(), pe)[0]
        sentences += [(start, pe)] if start < pe else []
    return sentences


def strip_range(text: str, start: int, end: int) -> Range:
    body = text[start:end]
    return start + len(body) - len(body.lstrip()), start + len(body.rstrip())


def mark_context(text: str, p: int) -> tuple[bool, bool]:
    """(looks like an opening mark, looks like a closing mark) from the characters around position p."""
    prev, nxt = text[p - 1] if p > 0 else " ", text[p + 1] if p + 1 < len(text) else " "
    opens = (prev.isspace() or prev in "([{—–-/") and not nxt.isspace() and nxt not in ",.;:!?)"
    return opens, not opens and (not prev.isspace() or nxt in ",.;:!?)")


def last_char_before(text: str, p: int) -> str:
    return text[:p].rstrip()[-1:]


class QuoteScanner:
    """Pairs quote marks by context, not glyph: '“' typed after a comma closes a quote.

    `tail` matches a short attribution ending a sentence ('he added.'): after a closing mark typed like an
    opening one it shows the mark closes, and typed inside an unclosed quote it ends the quote.
    """

    def __init__(self, text: str, sentences: list[Range], skip: list[Range], tail: re.Pattern[str]) -> None:
        self.text, self.sentences, self.skip, self.tail = text, sentences, skip, tail
        self.tail_at_end = re.compile(r",\s*" + tail.pattern.removeprefix(r"\s*") + r"\s*$")
        self.quotes: list[Quote] = []

    def scan(self, paragraphs: list[Range]) -> list[Quote]:
        open_at: int | None = None
        for n, (ps, pe) in enumerate(paragraphs):
            marks = [p for p in range(ps, pe) if self.text[p] in QUOTE_CHARS and not self.skipped(p)]
            carried = open_at is not None
            if open_at is not None and marks[:1] == [ps] and mark_context(self.text, ps)[0]:
                marks = marks[1:]  # the convention for a quote running on into the next paragraph
            elif open_at is not None:
                self.unclosed(open_at, paragraphs[n - 1][1])
                open_at = None
            open_at = self.scan_marks(marks, open_at, ps if carried else None, pe)
        if open_at is not None:
            self.unclosed(open_at, paragraphs[-1][1])
        singles = [q for ps, pe in paragraphs for q in self.single_quotes(ps, pe)]
        return sorted([*self.quotes, *singles], key=lambda q: q.outer_start)

    def single_quotes(self, ps: int, pe: int) -> list[Quote]:
        """‘...’ pairs: an opening ‘ before a word, closed by the first ’ that ends a word and no word
        continues ('don’t', 'Russia’s' are apostrophes); none inside a double-quoted span."""
        found: list[Quote] = []
        for opening in re.finditer(r"(?:^|(?<=[\s(\[—–-]))‘(?=\S)", self.text[ps:pe]):
            start = ps + opening.end()
            if (found and start < found[-1].outer_end) or self.skipped(start) or self.quoted(start):
                continue
            close = SINGLE_CLOSE.search(self.text, start, pe)
            if close is not None:
                found.append(Quote(start, close.start(), start - 1, close.end()))
        return found

    def quoted(self, p: int) -> bool:
        return any(q.outer_start <= p < q.outer_end for q in self.quotes)

    def scan_marks(self, marks: list[int], open_at: int | None, carried: int | None, pe: int) -> int | None:
        """Pair one paragraph's marks; returns the quote still open at its end (it may run on)."""
        depth = 1
        for n, p in enumerate(marks):
            opens, closes = mark_context(self.text, p)
            if open_at is None and (closes or (opens and self.orphan_closer(p, marks[n + 1 :], pe))):
                start = carried if carried is not None else self.sentence_start(p)
                self.quotes.append(Quote(start, p, start, p + 1))
            elif open_at is None:
                open_at, depth = p, 1
            elif depth == 1 and self.reopened(p, marks[n + 1 :]):
                continue  # '“A. “B,” X said': a mark typed again at a new sentence of the same quote
            elif closes or not opens or last_char_before(self.text, p) in ",.!?;:…—–-":
                depth -= 1
                if depth == 0:
                    self.quotes.append(Quote(open_at + 1, p, open_at, p + 1))
                    open_at = None
            else:
                depth += 1  # a quotation inside the quotation
        return open_at

    def reopened(self, p: int, later: list[int]) -> bool:
        """An opening mark after a sentence's end and a space, inside an open quote, whose next mark
        closes: the quote goes on (no word of it is left without its speaker)."""
        opens, _ = mark_context(self.text, p)
        if not (opens and self.text[p - 1].isspace() and last_char_before(self.text, p) in ".!?"):
            return False
        return bool(later) and mark_context(self.text, later[0])[1]

    def orphan_closer(self, p: int, later: list[int], pe: int) -> bool:
        """'..., ”Yang said.': a closing mark typed like an opening one, with no quote open before it."""
        if later or (self.text[p] in "“„«" and last_char_before(self.text, p) not in ",.!?"):
            return False
        return bool(self.tail.match(self.text, p + 1, pe))

    def unclosed(self, open_at: int, end: int) -> None:
        """A quote never closed ends with its paragraph, or before ', he added.' typed inside it."""
        match = self.tail_at_end.search(self.text, open_at + 1, end)
        stop = match.start() if match else end
        self.quotes.append(Quote(open_at + 1, stop, open_at, stop))

    def sentence_start(self, p: int) -> int:
        return max((s for s, _ in self.sentences if s <= p), default=0)

    def skipped(self, p: int) -> bool:
        return any(s <= p < e for s, e in self.skip)


def words(text: str) -> int:
    return len(WORD.findall(text))


def clean_text(text: str) -> str:
    """Claimed words without outer quote marks, trailing punctuation or paragraph continuation marks."""
    text = re.sub(r"\s+", " ", re.sub(r"\n\s*[“\"„«]", " ", text)).strip().lstrip(" ,;:—–-")
    if text[:1] in QUOTE_CHARS and sum(c in QUOTE_CHARS for c in text) % 2:
        text = text[1:]
    text = re.sub(r"[.,;:]([”\"’])$", r"\1", text.rstrip(" ,;:—–"))
    if text[-1:] in QUOTE_CHARS and sum(c in QUOTE_CHARS for c in text) % 2:
        text = text[:-1]
    return text.rstrip(" ,;:.—–").strip()
