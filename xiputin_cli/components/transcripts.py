"""Speech without quotation marks: transcript turns and lists introduced by a speaker and a colon.

Official transcripts (the Kremlin's, a foreign ministry's) print speech as "Name: words", the turn running
over the paragraphs that follow until the next label; readouts list a speaker's statements under "X said:".
Each substantive paragraph is one direct claim of that speaker; greetings and forms of address are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span

from xiputin_cli.components.attribution import AttributionReader
from xiputin_cli.components.claim_cues import ClaimCues
from xiputin_cli.components.phrases import has_finite
from xiputin_cli.components.quotes import QUOTE_CHARS, Range, find_sentences, strip_range, words
from xiputin_cli.components.speakers import Speaker, SpeakerResolver, known
from xiputin_cli.places import is_country
from xiputin_cli.records import ClaimKind

LABEL = re.compile(r"(?P<label>[A-Z][^:\n]{0,100}?)\s*(?P<note>\([^()\n]{1,40}\))?:(?=\s|$)")
BULLET = re.compile(r"^(?:[•·▪◦*]|[-–—](?=\s)|\d{1,2}[.)](?=\s))\s*")
TITLE_WORDS = frozenset({"of", "the", "and", "for", "'s", "’s", "de", "von", "van", "al"})
SEPARATOR = re.compile(r"^\s*(?:[*•·_=~-]\s*){3,}$")  # '* * *' ends a turn; '<…>' (words left out) does not


@dataclass(frozen=True)
class Spoken:
    """One claimed paragraph (or the words after a label) and the paragraph that is its evidence."""

    speaker: Speaker
    words: Range
    paragraph: Range
    kind: ClaimKind = "direct"  # a listed statement without quote marks is reported speech


class TranscriptReader:
    """Finds the turns and colon-introduced lists of one Doc over its paragraphs."""

    def __init__(
        self, doc: Doc, cues: ClaimCues, reader: AttributionReader, resolver: SpeakerResolver
    ) -> None:
        self.doc, self.cues, self.reader, self.resolver = doc, cues, reader, resolver
        self.text = resolver.text  # Doc.text joins every token again on each read
        self.covered: list[Range] = []

    def read(self, paragraphs: list[Range], skip: list[Range]) -> list[Spoken]:
        """Every turn and list item, left to right; `covered` gets the paragraphs they claim."""
        found: list[Spoken] = []
        speaker: Speaker | None = None
        listing = False
        for ps, pe in paragraphs:
            label = self.label(ps, pe)
            if label is None and any(s <= ps and pe <= e for s, e in skip):
                continue
            if label is not None:
                speaker, listing = label[0], False
                found += self.turn(speaker, (label[1], pe), (ps, pe))
            elif SEPARATOR.match(self.text[ps:pe]):
                speaker = None
            elif (kicker := self.kicker(ps, pe)) is not None:
                speaker, listing = None, False
                found += self.turn(kicker[0], (kicker[1], pe), (ps, pe))
            elif self.other_label(ps, pe):
                speaker, listing = None, False
            elif speaker is not None and not listing and self.narrates(speaker, ps, pe):
                speaker = None  # 'Putin: We Will Respond.' was a headline: the story names him
            elif speaker is not None and (not listing or self.list_item(ps, pe, found)):
                found += self.turn(
                    speaker, self.item_words(ps, pe) if listing else (ps, pe), (ps, pe), listing
                )
            else:
                speaker = self.introducer(ps, pe)
                listing = speaker is not None
        return found

    def narrates(self, speaker: Speaker, ps: int, pe: int) -> bool:
        """A paragraph that names the turn's speaker by surname is the story about him, not his turn."""
        surname = speaker.name.split()[-1]
        return bool(re.search(rf"\b{re.escape(surname)}\b", self.text[ps:pe]))

    def turn(self, speaker: Speaker, span: Range, paragraph: Range, listed: bool = False) -> list[Spoken]:
        """The paragraph's words as the speaker's claim, without greetings at either end."""
        self.covered.append(paragraph)
        kept = [
            s for s in find_sentences(self.text, [strip_range(self.text, *span)]) if not self.greeting(*s)
        ]
        if not kept or words(self.text[kept[0][0] : kept[-1][1]]) < self.cues.min_quote_words:
            return []
        start, end = kept[0][0], kept[-1][1]
        if self.text[start] in QUOTE_CHARS:  # 'Quote from X: "..."': the words inside the marks
            start, end = start + 1, end - (self.text[end - 1] in QUOTE_CHARS)
        quoted = not listed or self.text[paragraph[0]] in QUOTE_CHARS
        kind: ClaimKind = "direct" if quoted else "indirect"
        if listed or (start, end) != (kept[0][0], kept[-1][1]):
            return [Spoken(speaker, (start, end), paragraph, kind)]
        return [Spoken(speaker, part, paragraph, kind) for part in self.chunks(kept)]

    def chunks(self, sentences: list[Range]) -> list[Range]:
        """A long paragraph of a turn is several claims: runs of whole sentences of about equal length
        (a short paragraph is one claim)."""
        sizes = [words(self.text[s:e]) for s, e in sentences]
        total = sum(sizes)
        if total <= self.cues.turn_split_words or len(sentences) < 2:
            return [(sentences[0][0], sentences[-1][1])]
        parts = min(len(sentences), max(2, round(total / self.cues.turn_chunk_words)))
        cuts, run = [0], 0
        for n, size in enumerate(sizes[:-1], 1):
            run += size
            target = total * len(cuts) / parts
            if len(cuts) < parts and abs(run - target) <= abs(run + sizes[n] - target):
                cuts.append(n)
        bounds = [*cuts, len(sentences)]
        return [(sentences[a][0], sentences[b - 1][1]) for a, b in pairwise(bounds)]

    def label(self, ps: int, pe: int) -> tuple[Speaker, int] | None:
        """'President of Russia Vladimir Putin:', 'Xi Jinping (retranslated):' opening a paragraph."""
        match = LABEL.match(self.text, ps, pe)
        if match is None or len(match.group("label").split()) > 14:
            return None
        rest = self.text[match.end() : pe].strip()
        if rest and rest[-1] not in '.!?,:;…"”’)' and not match.group("note"):
            return None  # 'Putin: Russia Will Not Back Down' is a headline, not a turn
        span = self.doc.char_span(ps, match.end("label"), alignment_mode="expand")
        if span is None or has_finite(span):
            return None
        ents = self.reader.ents_within(span.start, span.end)
        person = next((e for e in reversed(ents) if e.label_ == "PERSON"), None)
        if person is None or person.end != span.end:
            person = self.untagged_name(span, bool(match.group("note")))
        if person is None or not self.titled(span, person):
            return None
        return self.person(span, person), match.end()

    def untagged_name(self, label: Span, noted: bool) -> Span | None:
        """A name the recogniser missed ('President of Kazakhstan Kassym-Jomart Tokayev (retranslated):'):
        two to four proper nouns ending a label that has a title or a translator's note."""
        k = label.end
        while k > label.start and label.end - k < 6 and self.doc[k - 1].tag_ in ("NNP", "HYPH"):
            k -= 1
        country = next(
            (n for n in (3, 2, 1) if k + n < label.end and is_country(self.doc[k : k + n].text)), 0
        )
        name = self.doc[k + country : label.end]  # 'President of Kazakhstan| Kassym-Jomart Tokayev'
        proper = [t for t in name if t.tag_ == "NNP"]
        titled = self.reader.has_role(self.doc[label.start : k])
        return name if 2 <= len(proper) <= 4 and (noted or titled) and name[0].tag_ == "NNP" else None

    def other_label(self, ps: int, pe: int) -> bool:
        """'Question:', 'Remark:', 'Reporter:': a label that is no one's turn, so ends the one before."""
        match = LABEL.match(self.text, ps, pe)
        span = self.doc.char_span(ps, match.end("label"), alignment_mode="expand") if match else None
        return span is not None and len(span) <= 5 and not has_finite(span)

    def titled(self, label: Span, ent: Span) -> bool:
        """A known full name after only a title ('President of the Republic of Korea'), not 'Quote from'."""
        name = ent._.canonical or (self.doc._.canonical_names or {}).get(ent.text) or ent.text
        if len(name.replace("-", " ").split()) < 2 and known(name) is None:
            return False
        title = self.doc[label.start : ent.start]
        return all(t.text[:1].isupper() or t.lower_ in TITLE_WORDS or t.is_punct for t in title)

    def person(self, label: Span, ent: Span) -> Speaker:
        name = ent._.canonical or (self.doc._.canonical_names or {}).get(ent.text) or ent.text
        before = self.doc[label.start : ent.start]
        role = before.text.strip(" ,") if self.reader.has_role(before) else None
        return Speaker(label.text, name, "person", role, label.start_char)

    def greeting(self, start: int, end: int) -> bool:
        """'Thank you.', 'Good afternoon, colleagues,', 'Esteemed President, friends!', 'I welcome you'."""
        body = self.text[start:end].strip()
        lowered = " " + re.sub(r"[^\w’']+", " ", body.lower()) + " "
        short = words(body) <= self.cues.max_greeting_words
        if body.endswith((",", ":")) or (short and any(f" {g} " in lowered for g in self.cues.greetings)):
            return True
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return words(body) < self.cues.min_quote_words or span is None or not has_finite(span)

    def introducer(self, ps: int, pe: int) -> Speaker | None:
        """'Ushakov said:', 'Here is what the minister told reporters:', 'statements by X after the call:'."""
        if not self.text[ps:pe].rstrip().endswith(":"):
            return None
        span = self.doc.char_span(find_sentences(self.text, [(ps, pe)])[-1][0], pe, alignment_mode="expand")
        if span is None:
            return None
        for i in range(span.start, span.end):
            att = self.reader.read(i, span.start, span.end)
            if att is not None and att.speaker is not None:
                return self.resolver.resolve(att.speaker, att.role)
        return self.issued_by(span)

    def issued_by(self, span: Span) -> Speaker | None:
        """'statements by the aide Yuri Ushakov', 'Quote from Ushakov': the first name after 'by'/'from'."""
        nouns = [t.i for t in span if t.lower_ in self.cues.intro_nouns and t.i + 1 < span.end]
        if not nouns or self.doc[nouns[0] + 1].lower_ not in ("by", "from"):
            return None
        ents = self.reader.ents_within(nouns[0] + 2, span.end)
        ent = next((e for e in ents if e.label_ in ("PERSON", "ORG")), None)
        return self.resolver.resolve(ent) if ent is not None else None

    def kicker(self, ps: int, pe: int) -> tuple[Speaker, int] | None:
        """'Quote from the minister: "..."': the words after the colon are the named speaker's."""
        match = LABEL.match(self.text, ps, pe)
        span = self.doc.char_span(ps, match.end("label"), alignment_mode="expand") if match else None
        if match is None or span is None or not self.text[match.end() : pe].strip():
            return None
        speaker = self.issued_by(span)
        return (speaker, match.end()) if speaker is not None else None

    def list_item(self, ps: int, pe: int, found: list[Spoken]) -> bool:
        """A bullet, a paragraph opening with a quote mark or ending in ';', or one after a ';' item."""
        body = self.text[ps:pe]
        previous = self.text[found[-1].paragraph[0] : found[-1].paragraph[1]] if found else ""
        after_semicolon = bool(found) and previous.rstrip().endswith(";") and self.adjacent(found[-1], ps)
        return (
            bool(BULLET.match(body))
            or body[:1] in QUOTE_CHARS
            or body.rstrip().endswith(";")
            or after_semicolon
        )

    def adjacent(self, last: Spoken, ps: int) -> bool:
        return not self.text[last.paragraph[1] : ps].strip()

    def item_words(self, ps: int, pe: int) -> Range:
        """A list item without its bullet or its opening quote mark."""
        bullet = BULLET.match(self.text, ps, pe)
        start = bullet.end() if bullet else ps
        return strip_range(self.text, start + (self.text[start : start + 1] in QUOTE_CHARS), pe)
