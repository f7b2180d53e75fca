"""Claims: who said what, quoted or reported, and through whom (`doc._.claims`).

Quote spans come from the characters, not from sentence splits: news closes quotes late, never, or with an
opening mark, and runs them across paragraphs. Each attribution clause (speakers.py) is paired with the quote
beside it or with the reported clause on its other side; quotes left over continue the previous speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from xiputin_cli.assets import read_json
from xiputin_cli.boilerplate import tweet_author
from xiputin_cli.components import speakers as sp
from xiputin_cli.components.extensions import register_extensions
from xiputin_cli.components.speakers import Attribution, ClaimCues, Speaker
from xiputin_cli.gazetteer import lookup
from xiputin_cli.records import Claim, ClaimKind, Evidence

SENTENCE_END = re.compile(r"[.!?]+[”\"’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
ABBREVIATION = re.compile(
    r"\b(?:(?:[A-Z]\.)+[A-Z]?|Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sen|Rep|Gov|Prof|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct"
    r"|Nov|Dec|No|vs|Inc|Corp|Co|Ltd|Jr|Sr)\.$"
)
WORD = re.compile(r"[^\W_]+")
TWEET_LINK = re.compile(r"\s*pic\.twitter\.com/")
Range = tuple[int, int]


@registry.misc("xiputin.claim_cues.v1")  # type: ignore[untyped-decorator]
def claim_cues(name: str = "claim_cues.json") -> ClaimCues:
    """Cue words from models/ (a registry function, so a pipeline config can point at another list)."""
    return load_cues(name)


@cache
def load_cues(name: str) -> ClaimCues:
    return ClaimCues.model_validate(read_json(name))


@Language.factory(
    "xiputin_claims",
    assigns=["doc._.claims"],
    default_config={
        "cues": {"@misc": "xiputin.claim_cues.v1", "name": "claim_cues.json"},
        "group_speakers": True,
    },
)
def make_claims(nlp: Language, name: str, cues: ClaimCues, group_speakers: bool) -> ClaimExtractor:
    register_extensions()
    return ClaimExtractor(cues, group_speakers=group_speakers)


class ClaimExtractor:
    """Sets `doc._.claims`; `group_speakers` keeps claims by unnamed groups ('Chinese experts say')."""

    def __init__(self, cues: ClaimCues, *, group_speakers: bool = True) -> None:
        self.cues, self.group_speakers = cues, group_speakers

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = ArticleClaims(doc, self.cues, self.group_speakers).extract()
        return doc


@dataclass(frozen=True)
class Quote:
    """Quoted words [start, end) and the marks around them [outer_start, outer_end)."""

    start: int
    end: int
    outer_start: int
    outer_end: int


@dataclass
class Found:
    """A claim before it becomes a record: char ranges of its words and of its whole attribution."""

    speaker: Speaker
    parts: list[Range]
    kind: ClaimKind
    cue: str | None
    via: str | None
    reach: Range
    side: str = "quote"

    @classmethod
    def quoted(
        cls, speaker: Speaker, words: Range, reach: Range | None = None, via: str | None = None
    ) -> Found:
        """Words quoted without a cue of their own (a continued quote, a tweet)."""
        return cls(speaker, [words], "direct", None, via, reach or words)


Result = tuple[Attribution, Speaker | None, Found | None, Span]


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
    """Pairs quote marks by context, not glyph: '“' typed after a comma closes a quote."""

    def __init__(self, text: str, sentences: list[Range], skip: list[Range], tail: re.Pattern[str]) -> None:
        self.text, self.sentences, self.skip, self.tail = text, sentences, skip, tail
        self.tail_at_end = re.compile(r",\s*" + tail.pattern.removeprefix(r"\s*") + r"\s*$")
        self.quotes: list[Quote] = []

    def scan(self, paragraphs: list[Range]) -> list[Quote]:
        open_at: int | None = None
        for n, (ps, pe) in enumerate(paragraphs):
            marks = [p for p in range(ps, pe) if self.text[p] in sp.QUOTE_CHARS and not self.skipped(p)]
            carried = open_at is not None
            if open_at is not None and marks[:1] == [ps] and mark_context(self.text, ps)[0]:
                marks = marks[1:]  # the convention for a quote running on into the next paragraph
            elif open_at is not None:
                self.unclosed(open_at, paragraphs[n - 1][1])
                open_at = None
            open_at = self.scan_marks(marks, open_at, ps if carried else None, pe)
        if open_at is not None:
            self.unclosed(open_at, paragraphs[-1][1])
        return self.quotes

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
            elif closes or not opens or last_char_before(self.text, p) in ",.!?;:…—–-":
                depth -= 1
                if depth == 0:
                    self.quotes.append(Quote(open_at + 1, p, open_at, p + 1))
                    open_at = None
            else:
                depth += 1  # a quotation inside the quotation
        return open_at

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


def attribution_tail(cues: ClaimCues) -> re.Pattern[str]:
    """A short speaker and a reporting verb ending a sentence: 'he added.', 'Yang said on Sunday.'"""
    verbs = "|".join(sorted(cues.verbs, key=len, reverse=True))
    return re.compile(rf"\s*(?:[\w’'.-]+\s+){{1,5}}?(?:also\s+)?(?:{verbs})\b[^.!?\"“”\n]{{0,80}}[.!?]?")


def words(text: str) -> int:
    return len(WORD.findall(text))


def content_tokens(span: Span) -> list[Token]:
    return [t for t in span if not (t.is_punct or t.is_space)]


def clean_text(text: str) -> str:
    """Claimed words without outer quote marks, trailing punctuation or paragraph continuation marks."""
    text = re.sub(r"\s+", " ", re.sub(r"\n\s*[“\"„«]", " ", text)).strip().lstrip(" ,;:—–-")
    if text[:1] in sp.QUOTE_CHARS and sum(c in sp.QUOTE_CHARS for c in text) % 2:
        text = text[1:]
    text = re.sub(r"[.,;:]([”\"’])$", r"\1", text.rstrip(" ,;:—–"))
    if text[-1:] in sp.QUOTE_CHARS and sum(c in sp.QUOTE_CHARS for c in text) % 2:
        text = text[:-1]
    return text.rstrip(" ,;:.—–").strip()


def body_start(doc: Doc) -> int:
    """Where the article text begins: after a ' date ... ' header and a dateline near the top."""
    dateline = doc._.dateline or (0, 0)
    return max(doc._.header_end or 0, dateline[1] if dateline[0] < 300 else 0)


class ArticleClaims:
    """Finds the claims of one Doc: attributions sentence by sentence, then quotes left over, then tweets."""

    def __init__(self, doc: Doc, cues: ClaimCues, group_speakers: bool) -> None:
        self.doc, self.cues, self.text, self.group_speakers = doc, cues, doc.text, group_speakers
        self.boilerplate: list[tuple[int, int, str]] = list(doc._.boilerplate or ())
        self.sentences = find_sentences(self.text, paragraphs := find_paragraphs(self.text, body_start(doc)))
        skip = [(s, e) for s, e, _ in self.boilerplate]
        self.quotes = QuoteScanner(self.text, self.sentences, skip, attribution_tail(cues)).scan(paragraphs)
        self.reader = sp.AttributionReader(doc, cues)
        self.resolver = sp.SpeakerResolver(doc, cues, self.reader)

    def extract(self) -> list[Claim]:
        sentences = [(s, e) for s, e in self.sentences if not self.in_boilerplate(s, e, whole=True)]
        found = [f for s, e in sentences for f in self.sentence(s, e)]
        found = [f for n, f in enumerate(found) if all(f.parts != g.parts for g in found[:n])]
        found += self.continuations(found) + self.tweets()
        for item in found:
            if item.speaker.role:
                self.resolver.roles.setdefault(item.speaker.name, item.speaker.role)
        kept = (self.record(f) for f in found if self.group_speakers or f.speaker.kind != "group")
        return sorted(kept, key=lambda c: (c.evidence.start, c.evidence.end))

    def sentence(self, start: int, end: int) -> list[Found]:
        """Claims of one sentence: each attribution with its speaker and the words on one side of it."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        lo, hi = (span.start, span.end) if span is not None else (0, 0)
        attributions = self.attributions(lo, hi)
        results: list[Result] = []
        for n, att in enumerate(attributions):
            left_lo = attributions[n - 1].end if n else lo
            right_hi = attributions[n + 1].start if n + 1 < len(attributions) else hi
            speaker = self.speaker_of(att, [f for _, _, f, _ in results], lo)
            found = self.pair(att, speaker, lo, (left_lo, right_hi)) if speaker is not None else None
            results.append((att, speaker, found, self.doc[att.end : right_hi]))
        kept = self.nest(results)
        for item in kept:
            self.resolver.remember(item.speaker, item.via)
        return kept

    def attributions(self, lo: int, hi: int) -> list[Attribution]:
        """Attribution clauses left to right, outside quotes and boilerplate, not inside relative clauses."""
        found: list[Attribution] = []
        i = lo
        while i < hi:
            att = None if self.blocked(self.doc[i].idx) else self.reader.read(i, lo, hi)
            if att is not None and not (found and att.start < found[-1].end):
                found += [att] if not att.relative or att.shape == "described" else []
                i = max(att.end, i + 1)
            else:
                i += 1
        return found

    def speaker_of(self, att: Attribution, before: list[Found | None], lo: int) -> Speaker | None:
        """The attribution's speaker; a participle ('adding') borrows the one before it in the sentence."""
        if att.shape != "participle":
            return self.resolver.resolve(att.speaker, att.role) if att.speaker is not None else None
        previous = [f.speaker for f in before if f is not None]
        subject = self.reader.parse_subject(att.cue_start, lo)
        return previous[-1] if previous else self.resolver.resolve(subject) if subject is not None else None

    def pair(self, att: Attribution, speaker: Speaker, lo: int, window: Range) -> Found | None:
        """The words this attribution claims: an adjacent quote, else the reported clause on one side."""
        (left_lo, right_hi), via = window, self.via_of(att, lo, window[1])
        reach = (self.doc[att.start].idx, self.char_end(att.end))
        found = Found(speaker, [], "direct", att.cue, None if via == speaker.name else via, reach)
        quotes = self.adjacent_quotes(att, left_lo, right_hi)
        if quotes:
            return replace(found, parts=[(q.start, q.end) for q in quotes])
        side = self.choose_side(att, left_lo, right_hi)
        if side is None:
            return None
        sides = {"left": [(left_lo, att.start)], "right": [(att.end, right_hi)]}
        parts = [self.span_range(i, j) for i, j in sides.get(side, sides["left"] + sides["right"])]
        kind = self.kind_of(parts)
        return replace(found, parts=parts, kind=kind, side="left" if side == "left" else "right")

    def adjacent_quotes(self, att: Attribution, left_lo: int, right_hi: int) -> list[Quote]:
        """'"...," X said (, "...")' or 'X said: "..."'; a short quote ending a clause is only part of it."""
        before = self.quote_before(att) if att.side != "right" else None
        lead = words(self.text[self.doc[left_lo].idx : before.outer_start]) if before is not None else 0
        whole = (
            before is not None and words(self.text[before.start : before.end]) >= self.cues.min_quote_words
        )
        if before is not None and (whole or lead < 2):
            after = self.quote_after(att, right_hi)
            return [before] if after is None else [before, after]
        after = self.quote_after(att, right_hi) if att.side != "left" else None
        return [after] if after is not None else []

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
        if att.shape == "described" or (leading and att.cue.lower() in self.cues.np_cues):
            return any(t.tag_.startswith("NN") for t in content)
        if leading and (content[0].tag_ in sp.FINITE or (att.comma_after and self.subordinate(content[0]))):
            return False
        if self.doc[att.cue_start].lower_ in self.cues.infinitive_verbs and any(
            t.tag_ == "TO" for t in content
        ):
            return True
        participle = att.shape == "participle"
        return any(t.tag_ in sp.FINITE or (participle and t.tag_.startswith("VB")) for t in content)

    def subordinate(self, tok: Token) -> bool:
        return tok.lower_ in self.cues.subordinators or tok.tag_ == "VBG"

    def clause_follows(self, att: Attribution, right: Span) -> bool:
        """A trailing attribution ends its clause: nothing after it but a subordinate or verbless phrase."""
        content = content_tokens(right)
        if not any(t.tag_ in sp.FINITE for t in content):
            return att.start > 0 and sp.is_boundary(self.doc[att.start - 1])
        return att.comma_after and self.subordinate(content[0])

    def parenthetical(self, left: Span, right: Span) -> bool:
        """'China, Xi said is ready to ...': a bare subject, the attribution, then the predicate."""
        subject, predicate = content_tokens(left), content_tokens(right)
        if not subject or len(subject) > 5 or any(t.tag_.startswith("VB") for t in subject):
            return False
        return len(predicate) >= 3 and predicate[0].tag_ in sp.FINITE and left[-1].text == ","

    def nest(self, results: list[Result]) -> list[Found]:
        """'X said A, Xinhua reported' / 'According to TASS, X said A': the report relays X's claim (via)."""
        kept: list[Found] = []
        for n, (att, speaker, found, right) in enumerate(results):
            before = results[n - 1] if n else None
            inner = before[2] if before is not None else None
            if inner is not None and inner.side == "right" and speaker is not None:
                if att.side != "right" and self.clause_follows(att, right):
                    inner.via = inner.via or (speaker.name if speaker.name != inner.speaker.name else None)
                    continue
            if found is not None and before is not None and before[0].shape == "according" and inner is None:
                relay = before[1].name if before[1] is not None else None
                found.via = found.via or (relay if relay != found.speaker.name else None)
            kept += [found] if found is not None else []
        return kept

    def via_of(self, att: Attribution, lo: int, right_hi: int) -> str | None:
        """The outlet that relayed the words: 'quoted by Xinhua', 'told the Global Times', 'with NBC'."""
        if att.via is not None:
            relay = self.resolver.resolve(att.via)
            return relay.name if relay is not None else att.via.text
        stop = att.end if att.side == "right" or att.shape == "participle" else max(att.end, right_hi)
        ents = list(self.doc[att.cue_start + 1 : stop].ents)
        intro = self.doc[lo : att.start]  # 'In an interview with CNN, Putin said ...'
        if att.side != "left" and intro.text.endswith(",") and not any(t.tag_ in sp.FINITE for t in intro):
            ents += [e for e in intro.ents if self.listener(e)]
        entries = (lookup(e._.canonical or e.text) for e in ents)
        return next((entry.canonical for entry in entries if entry is not None and entry.outlet), None)

    def listener(self, ent: Span) -> bool:
        """'with CNN', 'to the Financial Times' (not 'with Xinhua's director')."""
        before = [t.lower_ for t in self.doc[max(0, ent.start - 2) : ent.start] if t.lower_ != "the"]
        return before[-1:] in (["with"], ["to"]) and not (
            ent.end < len(self.doc) and self.doc[ent.end].tag_ == "POS"
        )

    def quote_before(self, att: Attribution) -> Quote | None:
        """The quote whose closing mark the speaker follows: '...," Peskov said', '..., “Zhao ... said'."""
        at = self.doc[att.start].idx
        gaps = ((q, self.text[q.outer_end : at]) for q in self.quotes if q.outer_end <= at)
        return next((q for q, gap in gaps if not gap.strip(" ,;:—–-")), None)

    def quote_after(self, att: Attribution, right_hi: int) -> Quote | None:
        """A full quote opening right after the attribution, with nothing clausal after it."""
        at, end = self.char_end(att.end), self.char_end(right_hi)
        at += len(self.text[at:]) - len(self.text[at:].lstrip(" \t,:"))
        quote = next((q for q in self.quotes if q.outer_start == at), None)
        if quote is None or words(self.text[quote.start : quote.end]) < self.cues.min_quote_words:
            return None
        if quote.outer_end >= end:
            return quote
        rest = self.doc.char_span(quote.outer_end, end, alignment_mode="expand")
        return quote if rest is None or not any(t.tag_ in sp.FINITE for t in rest) else None

    def kind_of(self, parts: list[Range]) -> ClaimKind:
        """'mixed' when the reported words quote a fragment of at least a few words."""
        inside = (q for q in self.quotes if any(s <= q.outer_start and q.outer_end <= e for s, e in parts))
        fragments = any(words(self.text[q.start : q.end]) >= self.cues.min_fragment_words for q in inside)
        return "mixed" if fragments else "indirect"

    def continuations(self, found: list[Found]) -> list[Found]:
        """A quote with no attribution, in the sentence after a quoted speaker's: that speaker's too."""
        extra: list[Found] = []
        claimed = [part for item in found for part in item.parts]
        for q in self.quotes:
            if any(s < q.end and q.start < e for s, e in claimed) or self.in_boilerplate(q.start, q.end):
                continue
            before = [f for f in [*found, *extra] if f.kind != "indirect" and f.reach[1] <= q.outer_start]
            last = max(before, key=lambda f: f.reach[1], default=None)
            opens = any(s == q.outer_start for s, _ in self.sentences)  # a quote that starts its sentence
            if last is not None and opens and self.next_sentence(last.reach[1], q.outer_start):
                if words(self.text[q.start : q.end]) >= self.cues.min_quote_words:
                    extra.append(
                        Found.quoted(last.speaker, (q.start, q.end), (q.outer_start, q.outer_end), last.via)
                    )
        return extra

    def next_sentence(self, end: int, start: int) -> bool:
        """True when no whole sentence lies between char `end` and char `start`."""
        return not any(end <= s and e <= start for s, e in self.sentences)

    def tweets(self) -> list[Found]:
        """An embedded tweet is its author's own words."""
        found = []
        for start, end, kind in self.boilerplate:
            author = tweet_author(self.text[start:end]) if kind == "tweet" else None
            link = TWEET_LINK.search(self.text, start, end)
            if author is not None and link is not None:
                found.append(Found.quoted(Speaker(author, author, "person"), (start, link.start())))
        return found

    def record(self, item: Found) -> Claim:
        parts = [self.trim(s, e) for s, e in item.parts]
        lo, hi = min(item.reach[0], *(s for s, _ in parts)), max(item.reach[1], *(e for _, e in parts))
        start = max((s for s, _ in self.sentences if s <= lo), default=lo)
        start, end = self.trim(start, min((e for _, e in self.sentences if e >= hi), default=hi))
        return Claim(
            speaker=item.speaker.name,
            speaker_text=item.speaker.text,
            speaker_role=self.resolver.final_role(item.speaker),
            text=" ".join(clean_text(self.text[s:e]) for s, e in parts),
            kind=item.kind,
            cue=item.cue,
            via=item.via,
            evidence=Evidence(article=self.doc._.article_id, text=self.text[start:end], start=start, end=end),
        )

    def trim(self, start: int, end: int) -> Range:
        """Cut a range before boilerplate that starts inside it (a pasted headline); drop outer whitespace."""
        cuts = [s for s, _, kind in self.boilerplate if start < s < end and kind != "tweet"]
        return strip_range(self.text, start, min([end, *cuts]))

    def span_range(self, i: int, j: int) -> Range:
        return self.trim(self.doc[i].idx, self.char_end(j)) if j > i else (self.doc[i].idx, self.doc[i].idx)

    def char_end(self, j: int) -> int:
        return self.doc[j - 1].idx + len(self.doc[j - 1]) if j > 0 else 0

    def blocked(self, char: int) -> bool:
        """Words inside a quote or boilerplate are never an attribution."""
        return any(q.start <= char < q.end for q in self.quotes) or self.in_boilerplate(char, char + 1)

    def in_boilerplate(self, start: int, end: int, *, whole: bool = False) -> bool:
        if whole:
            return any(s <= start and end <= e for s, e, _ in self.boilerplate)
        return any(s < end and start < e for s, e, _ in self.boilerplate)
