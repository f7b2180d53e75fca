"""Claims: who said what, quoted or reported, and through whom (`doc._.claims`).

One module per stage: quotes.py pairs quote marks from the characters (news closes quotes late, never, or
with an opening mark, and runs them across paragraphs); attribution.py reads each attribution clause,
speakers.py names its speaker, and pairing.py gives it the quote beside it or the reported clause on its
other side. transcripts.py reads speech without quotation marks ('Name: ...' turns, lists under 'X said:'),
layout.py the paragraphs that are no one's claim (title, standfirst, captions), and continuations.py the
claims that go on from another (a left-over quote, a first-person sentence) and embedded tweets.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from xiputin_cli.assets import read_json
from xiputin_cli.components.attribution import Attribution, AttributionReader, attribution_tail
from xiputin_cli.components.claim_cues import ClaimCues, with_reporting_verbs
from xiputin_cli.components.continuations import Continuations
from xiputin_cli.components.doc_arrays import doc_arrays
from xiputin_cli.components.extensions import doc_text, register_extensions
from xiputin_cli.components.found import Found
from xiputin_cli.components.layout import page_furniture
from xiputin_cli.components.pairing import Pairing, char_end
from xiputin_cli.components.phrases import has_finite
from xiputin_cli.components.quotes import (
    Cover,
    QuoteScanner,
    Range,
    clean_text,
    find_paragraphs,
    find_sentences,
)
from xiputin_cli.components.speakers import Speaker, SpeakerResolver, outlet_entry
from xiputin_cli.components.transcripts import TranscriptReader
from xiputin_cli.records import Claim, Evidence


@registry.misc("xiputin.claim_cues.v1")  # type: ignore[untyped-decorator]
def claim_cues(name: str = "claim_cues.json") -> ClaimCues:
    """Cue words from models/ (a registry function, so a pipeline config can point at another list)."""
    return load_cues(name)


@cache
def load_cues(name: str) -> ClaimCues:
    return ClaimCues.model_validate(with_reporting_verbs(read_json(name)))


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


Result = tuple[Attribution, Speaker | None, Found | None, Span]


def body_start(doc: Doc) -> int:
    """Where the article text begins: after a ' date ... ' header and a dateline near the top."""
    dateline = doc._.dateline or (0, 0)
    return max(doc._.header_end or 0, dateline[1] if dateline[0] < 300 else 0)


def distinct(found: list[Found]) -> list[Found]:
    """The first claim of each set of words (two attributions may claim the same quote)."""
    seen: set[tuple[Range, ...]] = set()
    kept = []
    for item in found:
        if (parts := tuple(item.parts)) not in seen:
            seen.add(parts)
            kept.append(item)
    return kept


class ArticleClaims(Continuations):
    """Finds the claims of one Doc: attributions sentence by sentence, then quotes left over, then tweets."""

    def __init__(self, doc: Doc, cues: ClaimCues, group_speakers: bool) -> None:
        self.doc, self.cues, self.text, self.group_speakers = doc, cues, doc_text(doc), group_speakers
        self.boilerplate: list[tuple[int, int, str]] = list(doc._.boilerplate or ())
        self.sentences = find_sentences(self.text, paragraphs := find_paragraphs(self.text, body_start(doc)))
        skip = [(s, e) for s, e, _ in self.boilerplate]
        self.quotes = QuoteScanner(self.text, self.sentences, skip, attribution_tail(cues)).scan(paragraphs)
        self.quoted = Cover((q.start, q.end) for q in self.quotes)
        self.reader = AttributionReader(doc, cues)
        # the words AttributionReader.read can start at, and each token's: the rest are never read
        self.cue_words = {"according", *cues.cite_verbs, *cues.participles, *cues.np_content, *cues.phrasal}
        self.cue_words |= cues.verbs
        self.words = doc_arrays(doc).words  # the meetings component has usually built them already
        self.resolver = SpeakerResolver(doc, cues, self.reader, text=self.text)
        self.pairing = Pairing(doc, cues, self.quotes, self.text)
        self.transcript = TranscriptReader(doc, cues, self.reader, self.resolver)
        # from the header on: a label opening the text ('Xi Jinping (retranslated):') is no dateline
        self.spoken = self.transcript.read(find_paragraphs(self.text, doc._.header_end or 0), skip)
        furniture = page_furniture(self.text, paragraphs, body_start(doc), cues)
        self.covered = [*self.transcript.covered, *furniture]  # and titles, standfirsts, captions
        self.covered_at = Cover(self.covered)

    def extract(self) -> list[Claim]:
        sentences = [(s, e) for s, e in self.sentences if not self.within_boilerplate(s, e)]
        found = [f for s, e in sentences if not self.transcribed(s) for f in self.sentence(s, e)]
        found = distinct(found)
        found += [Found(t.speaker, [t.words], t.kind, None, None, t.paragraph) for t in self.spoken]
        found += self.continuations(found) + self.tweets()
        found += self.spoken_on(found)
        for item in found:
            if item.speaker.role:
                self.resolver.roles.setdefault(item.speaker.name, item.speaker.role)
        kept = (self.record(f) for f in found if self.group_speakers or f.speaker.kind != "group")
        return sorted(kept, key=lambda c: (c.evidence.start, c.evidence.end))

    def sentence(self, start: int, end: int) -> list[Found]:
        """Claims of one sentence: each attribution with its speaker and the words on one side of it."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        lo, hi = (span.start, span.end) if span is not None else (0, 0)
        attributions = [att for att in self.attributions(lo, hi) if not self.narration(att)]
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

    def narration(self, att: Attribution) -> bool:
        """An attribution that is the story's narration, not speech: left out before the others pair."""
        if att.shape == "participle" or att.speaker is None:
            return False
        speaker = self.resolver.resolve(att.speaker, att.role)
        return speaker is not None and self.joint(att, speaker)

    def joint(self, att: Attribution, speaker: Speaker) -> bool:
        """'The two leaders indicated that ...', 'Xi and Putin stressed the ties': the meeting's narration;
        'The visits highlighted Beijing's role': no one spoke."""
        if speaker.text.lower() in self.cues.joint_subjects:
            return True
        if self.doc[att.cue_start].lower_ not in self.cues.np_verbs or speaker.kind != "group":
            return False
        people = {w.lower().removesuffix("s") for w in speaker.text.split()} & self.cues.role_nouns
        return " and " in speaker.name or not people  # 'the minister', 'experts' speak; 'the visit' does not

    def attributions(self, lo: int, hi: int) -> list[Attribution]:
        """Attribution clauses left to right, outside quotes and boilerplate, not inside relative clauses."""
        found: list[Attribution] = []
        i = lo
        while i < hi:
            att = None
            if self.words[i] in self.cue_words and not self.blocked(self.doc[i].idx):
                att = self.reader.read(i, lo, hi)
            if att is not None and not (
                found and (att.start < found[-1].end or self.reported(att, found[-1]))
            ):
                found += [att] if not att.relative or att.shape == "described" else []
                i = max(att.end, i + 1)
            else:
                i += 1
        return found

    @staticmethod
    def reported(att: Attribution, before: Attribution) -> bool:
        """'X said Russia adheres to A and condemns B': a verb coordinated with one inside the reported
        clause (its subject comes after the attribution before it, or the parser gives none) is part of
        the report."""
        return att.coordinated and (att.speaker is None or att.speaker.start >= before.end)

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
        reach = (self.doc[att.start].idx, char_end(self.doc, att.end))
        found = Found(speaker, [], "direct", att.cue, None if via == speaker.name else via, reach)
        if att.shape == "described" and not att.cue.endswith("as"):  # 'called the plan "a bold step"'
            named = self.pairing.name_given(att)
            return replace(found, parts=[(named.start, named.end)]) if named is not None else None
        quotes = self.pairing.adjacent_quotes(att, left_lo, right_hi)
        if quotes:
            return replace(found, parts=[(q.start, q.end) for q in quotes])
        side = self.pairing.choose_side(att, left_lo, right_hi)
        if side is None:
            return None
        if side == "right":
            right_hi = self.pairing.object_end(att, self.pairing.own_predicate(att.end, right_hi))
        while right_hi > att.end + 1 and self.doc[right_hi - 1].lower_ in (",", "and", "but"):
            right_hi -= 1  # '... A, and stressed that B': the next attribution's 'and' is not A's
        sides = {"left": [(left_lo, att.start)], "right": [(att.end, right_hi)]}
        parts = [self.span_range(i, j) for i, j in sides.get(side, sides["left"] + sides["right"])]
        kind = self.pairing.kind_of(parts)
        return replace(found, parts=parts, kind=kind, side="left" if side == "left" else "right")

    def nest(self, results: list[Result]) -> list[Found]:
        """'X said A, Xinhua reported' / 'According to TASS, X said A': the report relays X's claim (via)."""
        kept: list[Found] = []
        for n, (att, speaker, found, right) in enumerate(results):
            before = results[n - 1] if n else None
            inner = before[2] if before is not None else None
            relays = inner is not None and (
                inner.side == "right" or (found is None or found.parts == inner.parts)
            )
            if inner is not None and relays and speaker is not None:
                if att.side != "right" and self.pairing.clause_follows(att, right):
                    inner.via = inner.via or (speaker.name if speaker.name != inner.speaker.name else None)
                    continue
            if found is not None and before is not None and before[0].shape == "according" and inner is None:
                relay = before[1].name if before[1] is not None else None
                found.via = found.via or (relay if relay != found.speaker.name else None)
            joins = (att.shape == "participle" and kept and kept[-1].kind != "direct") or self.doc[
                max(att.start - 1, 0)
            ].lower_ in self.cues.relative_words
            if found is not None and kept and joins and self.follows_on(kept[-1], found):
                continue  # 'X said A, adding that B', '..., where he said B': one claim of X's, in parts
            kept += [found] if found is not None else []
        return kept

    def follows_on(self, first: Found, then: Found) -> bool:
        """Join a participle's words to the claim before it by the same speaker (merging them into it)."""
        if then.speaker.name != first.speaker.name or then.via not in (None, first.via):
            return False
        first.parts += [p for p in then.parts if p not in first.parts]
        first.kind = first.kind if first.kind == then.kind else "mixed"
        first.reach = (min(first.reach[0], then.reach[0]), max(first.reach[1], then.reach[1]))
        return True

    def via_of(self, att: Attribution, lo: int, right_hi: int) -> str | None:
        """The outlet that relayed the words: 'quoted by Xinhua', 'told the Global Times', 'with NBC'."""
        if att.via is not None:
            relay = self.resolver.resolve(att.via)
            return relay.name if relay is not None else att.via.text
        stop = att.end if att.side == "right" or att.shape == "participle" else max(att.end, right_hi)
        ents = self.reader.ents_within(att.cue_start + 1, stop)
        intro = self.doc[lo : att.start]  # 'In an interview with CNN, Putin said ...'
        ends_comma = att.start > lo and self.doc[att.start - 1].text.endswith(",")  # intro.text, unbuilt
        if att.side != "left" and ends_comma and not has_finite(intro):
            ents += [e for e in self.reader.ents_within(lo, att.start) if self.listener(e)]
        return next((entry.canonical for e in ents if (entry := outlet_entry(e)) is not None), None)

    def listener(self, ent: Span) -> bool:
        """'with CNN', 'to the Financial Times' (not 'with Xinhua's director')."""
        before = [t.lower_ for t in self.doc[max(0, ent.start - 2) : ent.start] if t.lower_ != "the"]
        return before[-1:] in (["with"], ["to"]) and not (
            ent.end < len(self.doc) and self.doc[ent.end].tag_ == "POS"
        )

    def record(self, item: Found) -> Claim:
        parts = [self.trim(s, e) for s, e in item.parts]
        lo, hi = min(item.reach[0], *(s for s, _ in parts)), max(item.reach[1], *(e for _, e in parts))
        start, end = self.trim(*self.sentence_around(lo, hi))
        return Claim(
            speaker=item.speaker.name,
            speaker_text=item.speaker.text,
            speaker_role=self.resolver.final_role(item.speaker),
            text=" ".join(filter(None, (clean_text(self.text[s:e]) for s, e in parts))),  # no empty part
            kind=item.kind,
            cue=item.cue,
            via=item.via,
            evidence=Evidence(article=self.doc._.article_id, text=self.text[start:end], start=start, end=end),
        )

    def span_range(self, i: int, j: int) -> Range:
        """The trimmed characters of tokens [i, j); an empty range at token i when there are none."""
        if j <= i:
            return self.doc[i].idx, self.doc[i].idx
        return self.trim(self.doc[i].idx, char_end(self.doc, j))
