"""Who said it: the name a speaker mention refers to, from the mention and what the article said before.

`SpeakerResolver` turns mentions ("he", "the Chinese leader", "the report", "a tabloid affiliated with ...")
into the names records use; attribution.py finds the mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from spacy.tokens import Doc, Span, Token

from xiputin_cli.components.claim_cues import ClaimCues
from xiputin_cli.components.phrases import SPEAKER_LABELS, PhraseReader
from xiputin_cli.gazetteer import KnownName, lookup, role_index
from xiputin_cli.places import gazetteer

ISSUERS = SPEAKER_LABELS - {"NORP"}  # 'the Russian statement' is not by 'Russian'
ACRONYM = re.compile(r"\s\(([A-Z][A-Za-z&]{1,9})\)")
NEAR = 2_000  # characters: a pronoun's person is looked for here first, in the whole text before if not


def known(text: str) -> KnownName | None:
    """The gazetteer entry for a mention, also when news lower-cases it ("China's foreign ministry")."""
    return lookup(text) or lookup(" ".join(w[:1].upper() + w[1:] for w in text.split()))


def entry_kind(entry: KnownName | None, label: str = "PERSON") -> str:
    if entry is not None and entry.outlet:
        return "outlet"
    return "person" if (entry.label if entry is not None else label) == "PERSON" else "org"


def outlet_entry(ent: Span) -> KnownName | None:
    """The gazetteer entry of an entity that names a news outlet ('Xinhua', 'the Global Times')."""
    entry = lookup(ent._.canonical or ent.text)
    return entry if entry is not None and entry.outlet else None


def country_of(word: str) -> str | None:
    """The country (ISO code) a one-word nationality or country name stands for ('brazilian', 'brazil')."""
    world = gazetteer()
    return world.demonyms.get(word) or world.countries.get(word)


def head_noun(mention: Span) -> Token | None:
    """The noun ending the mention's first noun phrase: 'a tabloid affiliated with ...' → 'tabloid'."""
    nouns = [t for t in mention if t.tag_.startswith("NN")]
    ends = (t for t in nouns if t.i + 1 == mention.end or not t.nbor().tag_.startswith(("NN", "POS")))
    return next(ends, nouns[-1]) if nouns else None


@lru_cache(maxsize=4)  # one article at a time: never every text of a long run
def acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines: 'the European Space Agency (ESA)' → {'ESA': 'European Space Agency'}."""
    found: dict[str, str] = {}
    for match in ACRONYM.finditer(text):
        letters = [c for c in match.group(1) if c.isupper()]
        before = text[max(0, match.start() - 120) : match.start()].split()
        for n in range(1, min(len(before), 12) + 1):
            words = before[-n:]
            if words[0][:1].isupper() and [w[0] for w in words if w[:1].isupper()] == letters:
                found.setdefault(match.group(1), " ".join(words))
                break
    return found


@dataclass
class Speaker:
    """A resolved speaker: the mention as written, the name records use, and what kind of thing it is."""

    text: str
    name: str
    kind: str  # person | org | outlet | group
    role: str | None = None
    start: int = 0


@dataclass
class SpeakerResolver:
    """Names for speaker mentions: their own entity, or a speaker or outlet the article named before."""

    doc: Doc
    cues: ClaimCues
    reader: PhraseReader
    history: list[Speaker] = field(default_factory=list)
    heard: list[tuple[int, int]] = field(default_factory=list)  # (start, n) of history[n], sorted
    outlets: list[tuple[int, str]] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)
    text: str = ""  # the Doc's text, read once: Doc.text joins every token again on each read

    def __post_init__(self) -> None:
        self.text = self.text or self.doc.text

    # What the article's text and entities give, read once per Doc: a speaker look-up must not scan the
    # whole article again (a long article has a mention in nearly every sentence).
    @cached_property
    def defined(self) -> dict[str, str]:
        return acronyms(self.text)

    @cached_property
    def subjects(self) -> tuple[list[Speaker], list[int]]:
        """person_subjects() in text order, with their starts to bisect."""
        found = self.person_subjects()
        return found, [s.start for s in found]

    @cached_property
    def orgs(self) -> tuple[list[Span], list[int]]:
        found = [e for e in self.reader.ents if e.label_ == "ORG"]
        return found, [e.start_char for e in found]

    @cached_property
    def ent_outlets(self) -> list[tuple[int, str, str]]:
        """(start, name, role) of every entity naming an outlet, in text order."""
        return [
            (e.start_char, entry.canonical, (entry.role or "").lower())
            for e in self.reader.ents
            if (entry := outlet_entry(e)) is not None
        ]

    def remember(self, speaker: Speaker, via: str | None = None) -> None:
        """Record a claim's speaker (and relaying outlet) for the pronouns and role phrases that follow."""
        self.history.append(speaker)
        insort(self.heard, (speaker.start, len(self.history) - 1))
        said = f"{speaker.text} {speaker.role or ''}".lower().replace(".", " ").split()
        for gender, cue_words in (("f", self.cues.female_words), ("m", self.cues.male_words)):
            if speaker.kind == "person" and cue_words.intersection(said):
                self.genders.setdefault(speaker.name, gender)  # 'Ms Berg', 'the spokeswoman
        if speaker.kind == "outlet":
            self.outlets.append((speaker.start, speaker.name))
        if via:
            self.outlets.append((speaker.start, via))

    def resolve(self, mention: Span, role: str | None = None) -> Speaker | None:
        """The speaker a mention names, with a defined acronym spelled out and a capital read as its
        government ('Moscow said' → 'Russian government'); None when the mention is no noun phrase."""
        speaker = self.resolve_mention(mention, role)
        if speaker is None:
            return None
        defined = self.defined
        name = defined.get(speaker.name, speaker.name)
        if name.startswith(("The ", "the ")) and name[4:] in defined.values():
            name = name[4:]
        if speaker.kind != "person" and speaker.text.removeprefix("the ") == speaker.name:
            name = self.cues.capitals.get(name.lower(), name)
        return replace(speaker, name=name)

    def resolve_mention(self, mention: Span, role: str | None = None) -> Speaker | None:
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
        others = [
            e
            for e in self.reader.ents_within(mention.start, mention.end)
            if e.label_ == ent.label_ and e.end < ent.start
        ]
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
        """'he' → the last person who spoke or was a subject before it and is not known to be a woman;
        'she' likewise; 'it' → the last organisation."""
        gender = self.cues.pronoun_genders.get(text.lower())
        fitting: list[Speaker] = []
        for since in (start - NEAR, None):
            fitting = self.of_gender(self.candidates(kind, start, since), gender)
            # the near ones decide when one fits ('she': one marked as a woman); the latest of all that
            # fit is then among them, so the answer is the one a look at the whole text gives
            if fitting and (gender != "f" or self.genders.get(fitting[0].name) == "f"):
                break
        last = max(fitting, key=lambda s: s.start, default=Speaker(text, text, kind))
        if gender is not None and last.kind == "person":
            self.genders.setdefault(last.name, gender)
        return Speaker(text, last.name, last.kind, None, start)

    def candidates(self, kind: str, start: int, since: int | None) -> list[Speaker]:
        """Who a pronoun may mean, starting before `start` (and at `since` or later): the speakers so far
        in the order they spoke, then for a person the subjects in text order."""
        wanted = {"person": ("person",), "org": ("org", "outlet"), "group": ("group", "org")}[kind]
        lo = 0 if since is None else bisect_left(self.heard, (since, -1))
        spoke = sorted(n for _, n in self.heard[lo : bisect_left(self.heard, (start, -1))])
        found = [self.history[n] for n in spoke if self.history[n].kind in wanted]
        if kind == "person":
            subjects, starts = self.subjects
            found += subjects[0 if since is None else bisect_left(starts, since) : bisect_left(starts, start)]
        return found

    def of_gender(self, candidates: list[Speaker], gender: str | None) -> list[Speaker]:
        """'she': a person the article marked as a woman ('Ms', 'spokeswoman', an earlier 'she'), else one
        of unknown gender; 'he': anyone not marked as a woman."""
        if gender is None:
            return candidates
        same = [s for s in candidates if self.genders.get(s.name) == gender]
        unknown = [s for s in candidates if s.name not in self.genders]
        return same + unknown if gender == "m" else same or unknown

    def person_subjects(self) -> list[Speaker]:
        """People who are subjects of a clause, with the gender a title before the name gives ('Ms Berg')."""
        ents = [e for e in self.reader.ents if e.label_ == "PERSON" and e.root.dep_ in ("nsubj", "nsubjpass")]
        for e in ents:
            title = self.doc[e.start - 1].lower_.rstrip(".") if e.start else ""
            for gender, cue_words in (("f", self.cues.female_words), ("m", self.cues.male_words)):
                if title in cue_words:
                    self.genders.setdefault(e._.canonical or e.text, gender)
        return [Speaker(e.text, e._.canonical or e.text, "person", None, e.start_char) for e in ents]

    def from_description(self, mention: Span, role: str | None) -> Speaker | None:
        """'the report', 'a tabloid affiliated with ...', 'the spokesman', 'Chinese experts'."""
        noun = head_noun(mention)
        if noun is None:
            return None
        head, text, start = noun.lower_, mention.text, mention.start_char
        definite = mention[0].lower_ in ("the", "this", "its")
        inside = [e for e in self.reader.ents_within(mention.start, mention.end) if e.label_ in ISSUERS]
        named = next((entry.canonical for e in inside if (entry := outlet_entry(e)) is not None), None)
        if head in self.cues.outlet_nouns and (name := named or self.outlet_for(head, start, definite)):
            return Speaker(text, name, "outlet", role, start)  # 'the AFP report', 'the report'
        if head in self.cues.statement_nouns and inside:
            return self.from_entity(mention, inside[-1], role)  # 'a statement from the Kremlin'
        issuer = self.issuer_for(head, start, definite) or (
            self.by_nationality(mention, head) if definite else None
        )
        if issuer is not None:
            return Speaker(text, issuer.name, issuer.kind, role, start)
        kind = "person" if all(t.tag_.startswith("NNP") for t in mention) else "group"
        return Speaker(text, text, kind, role, start)

    def issuer_for(self, head: str, start: int, definite: bool) -> Speaker | None:
        """'the statement' → the last organisation to speak; 'the spokesman' → the last speaker so titled."""
        if head in self.cues.statement_nouns:
            spoke = next((s for s in reversed(self.history) if s.kind == "org" and s.start < start), None)
            return spoke or (self.named_issuer(start) if definite else None)
        if not definite or head not in self.cues.role_nouns:
            return None
        return next((s for s in reversed(self.history) if s.role and head in s.role.lower()), None)

    def by_nationality(self, mention: Span, head: str) -> Speaker | None:
        """'the Brazilian leader' → the last person the article introduced as 'Brazilian President NAME'
        or 'President of Brazil NAME' (the country and the role, or any head of government's title for
        'leader')."""
        countries = {country_of(t.lower_) for t in mention} - {None}
        if not countries or head not in self.cues.role_nouns:
            return None
        titles = self.cues.leader_titles if head in self.cues.leader_titles else {head}
        # a name after a title may be tagged an organisation ('Kazakh President NAME'); a known one is not
        people = [e for e in self.reader.ents if e.label_ in ("PERSON", "ORG") and e.end <= mention.start]
        for ent in reversed(people):
            if ent.label_ == "ORG" and known(ent.text) is not None:
                continue
            before = {t.lower_ for t in self.doc[max(0, ent.start - 5) : ent.start] if not t.is_punct}
            if titles & before and countries & {country_of(w) for w in before}:
                return Speaker(ent.text, ent._.canonical or ent.text, "person", None, ent.start_char)
        return None

    def named_issuer(self, start: int) -> Speaker | None:
        """'The Kremlin issued a statement ... The statement said': the organisation named just before."""
        orgs, starts = self.orgs
        k = bisect_left(starts, start) - 1  # the last organisation named before, within 400 characters
        ent = orgs[k] if k >= 0 and starts[k] > start - 400 else None
        if ent is None or outlet_entry(ent) is not None:
            return None
        name = ent._.canonical or ent.text
        return Speaker(ent.text, name.removeprefix("the ").removeprefix("The "), "org", None, ent.start_char)

    def outlet_for(self, noun: str, start: int, definite: bool) -> str | None:
        """The outlet a description means: 'the report' → the last outlet; 'a tabloid' → by gazetteer role."""
        outlets = self.ent_outlets
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
