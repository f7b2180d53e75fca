"""spaCy component `xiputin_meeting_roles`: who visited whom at each meeting, and its coded events.

It reads only each meeting's evidence sentences, and only when one holds a visit or host word
(models/meeting_roles.json): 'Xi's state visit to Russia', 'Xi arrived in Moscow', 'Putin hosted Xi',
'visiting Russian President Vladimir Putin', 'Putin, who is visiting China', 'was welcomed by',
'during his visit to China', 'Putin will visit China'. A cue counts for a participant of the meeting,
never for someone going home or to another country than the meeting's; cues naming different visitors
cancel out. meeting_events.py then checks them against the meeting's place (which also decides when the
text is silent) and codes the events.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import registry

from xiputin_cli.assets import read_json
from xiputin_cli.components.doc_arrays import doc_arrays
from xiputin_cli.components.extensions import register_extensions
from xiputin_cli.components.meeting_parts import (
    Context,
    child,
    clause_verb,
    make_context,
    meeting_cues,
    people,
    pruned,
    subject_of,
)
from xiputin_cli.meeting_events import coded, leader_country, place_country
from xiputin_cli.records import Meeting


class RoleCues(BaseModel):
    """models/meeting_roles.json, typed: a misspelt key fails when the file is read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str
    visit_nouns: frozenset[str]
    visit_verbs: frozenset[str]
    visit_light_verbs: frozenset[str]
    host_verbs: frozenset[str]
    visiting_adjectives: frozenset[str]
    owner_preps: frozenset[str]
    guest_preps: frozenset[str]
    destination_preps: frozenset[str]
    home_words: frozenset[str]

    @cached_property
    def triggers(self) -> frozenset[str]:
        return self.visit_nouns | self.visit_verbs | self.host_verbs | self.visiting_adjectives


@registry.misc("xiputin.meeting_roles.v1")  # type: ignore[untyped-decorator]
def meeting_roles_cues(path: str = "meeting_roles.json") -> RoleCues:
    return load_role_cues(path)


@lru_cache(maxsize=4)
def load_role_cues(path: str = "meeting_roles.json") -> RoleCues:
    return RoleCues.model_validate(read_json(path))


@Language.factory(
    "xiputin_meeting_roles",
    assigns=["doc._.meetings"],
    requires=["doc._.meetings"],
    default_config={"cues": {"@misc": "xiputin.meeting_roles.v1"}},
)
def make_meeting_roles(nlp: Language, name: str, cues: RoleCues) -> MeetingRoles:
    register_extensions()
    return MeetingRoles(cues)


@dataclass(frozen=True)
class Cue:
    """What one visit or host word says: who visits, who hosts, and where to (an ISO code)."""

    visitors: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    destination: str | None = None


class MeetingRoles:
    """Replaces each of `doc._.meetings` by the same meeting with `visitor`, `host` and `events`."""

    def __init__(self, cues: RoleCues) -> None:
        self.cues = cues

    def __call__(self, doc: Doc) -> Doc:
        meetings: list[Meeting] = doc._.meetings or []
        if not meetings:
            return doc
        reader = RoleReader(doc, self.cues)
        doc._.meetings = [coded(m, *reader.roles(m)) for m in meetings]
        return doc


class RoleReader:
    """The cues of one Doc's sentences; the article context (names, pronouns) built once one has a cue."""

    def __init__(self, doc: Doc, cues: RoleCues) -> None:
        self.doc, self.cues = doc, cues
        self.words = doc_arrays(doc).words
        self.ctx: Context | None = None

    def roles(self, meeting: Meeting) -> tuple[str | None, str | None]:
        """The one visitor and the one host the evidence names for this meeting, None where it names none
        or several."""
        if meeting.mode in ("phone", "video"):
            return None, None
        where = place_country(meeting.location)
        cues = [c for c in self.cues_of(meeting) if fits(c, meeting, where)]
        visitors = {v for c in cues for v in c.visitors}
        hosts = {h for c in cues for h in c.hosts}
        if len(visitors) > 1 or len(hosts) > 1 or visitors & hosts:
            return None, None
        return next(iter(visitors), None), next(iter(hosts), None)

    def cues_of(self, meeting: Meeting) -> Iterator[Cue]:
        for evidence in meeting.evidence:
            span = self.doc.char_span(evidence.start, evidence.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                if self.words[i] in self.cues.triggers:
                    yield from self.token_cues(self.doc[i])

    def context(self) -> Context:
        if self.ctx is None:
            self.ctx = make_context(self.doc, meeting_cues())
        return self.ctx

    def token_cues(self, token: Token) -> Iterator[Cue]:
        word, cues = token.lower_, self.cues
        if token.tag_.startswith("NN") and word in cues.visit_nouns:
            yield self.visit_noun(token)
        elif token.tag_.startswith("VB") and word in cues.host_verbs:
            yield self.hosting(token)
        elif token.tag_.startswith("VB") and word in cues.visit_verbs:
            if token.dep_ in ("amod", "compound") and word in cues.visiting_adjectives:
                yield Cue(visitors=self.named([phrase_head(token)]))  # 'visiting Russian President Putin'
            elif not any(c.lower_ in cues.home_words for c in token.children):
                yield Cue(self.named(subject_of(token)), destination=self.destination(token))

    def visit_noun(self, noun: Token) -> Cue:
        """'Xi's state visit to Russia', 'the visit of Xi', 'Xi paid a state visit', 'Xi, who is on a
        visit': the owner, else the subject of a verb that makes the visit (not 'Putin met Xi during the
        visit': the one who met is not thereby the visitor)."""
        owner = child(noun, ["poss"])
        by = child(noun, ["prep"], self.cues.owner_preps)
        named = [owner] if owner is not None else [o for o in (child(by, ["pobj"]),) if o is not None]
        if not named:
            verb, _ = clause_verb(noun)
            named = (
                subject_of(verb) if verb is not None and verb.lower_ in self.cues.visit_light_verbs else []
            )
        return Cue(visitors=self.named(named), destination=self.destination(noun))

    def hosting(self, verb: Token) -> Cue:
        """'Putin hosted Xi', 'hosted talks with Xi', 'Xi was welcomed by Putin'."""
        passive = child(verb, ["nsubjpass"])
        if passive is not None:
            agent = child(child(verb, ["agent"]), ["pobj"])
            return Cue(self.named([passive]), self.named([agent] if agent is not None else []))
        guest = child(verb, ["dobj"])
        if guest is not None and not self.named([guest]):
            guest = child(child(guest, ["prep"], self.cues.guest_preps), ["pobj"])
        return Cue(self.named([guest] if guest is not None else []), self.named(subject_of(verb)))

    def destination(self, token: Token) -> str | None:
        """The country a visit goes to: 'visit China', 'a visit to Russia', 'arrived in Moscow'."""
        place = child(token, ["dobj"])
        prep = child(token, ["prep"], self.cues.destination_preps)
        place = place if place is not None and place.ent_type_ in ("GPE", "LOC") else child(prep, ["pobj"])
        if place is None or place.ent_type_ not in ("GPE", "LOC", "FAC", "ORG"):
            return None
        ent = self.context().ent_at.get(place.i)
        return place_country(ent.text if ent is not None else place.text)

    def named(self, heads: Iterable[Token]) -> tuple[str, ...]:
        """The people some phrases name or refer to ('he', 'the Russian president'), without their clauses."""
        return tuple(people([t for h in heads for t in pruned(h)], self.context()))


def fits(cue: Cue, meeting: Meeting, where: str | None) -> bool:
    """A cue about this meeting's participants, one visitor at most, not a trip home nor to a country
    other than the meeting's."""
    names = set(meeting.participants)
    if not (cue.visitors or cue.hosts) or not set(cue.visitors + cue.hosts) <= names or len(cue.visitors) > 1:
        return False
    if cue.destination is None:
        return True
    home = {leader_country(v) for v in cue.visitors}
    others = [leader_country(p) for p in meeting.participants if p not in cue.visitors]
    if others and all(others) and cue.destination not in others:
        return False  # 'Putin could visit China after his summit with Biden': not Biden's country
    return cue.destination not in home and (where is None or cue.destination == where)


def phrase_head(modifier: Token) -> Token:
    """The noun a modifier belongs to, through compounds ('visiting' → 'President' → 'Putin')."""
    head = modifier.head
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    return head
