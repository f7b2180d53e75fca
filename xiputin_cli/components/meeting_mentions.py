"""From a trigger to a Mention: status, participants, date, mode, place, occasion, topics, outcomes.

Everything is read inside the trigger's own clause (its `scope`), so 'held talks via a video link in
January and spoke over the phone in late February' gives two mentions with their own dates and modes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from xiputin_cli.components.meeting_parts import (
    DEFINITE,
    Context,
    Unit,
    child,
    clause_verb,
    mode_cue,
    people,
    phrase_text,
    pruned,
    subject_words,
)
from xiputin_cli.components.meeting_people import listed_partners, unit_people
from xiputin_cli.components.meeting_places import doc_facts, lowered
from xiputin_cli.components.meeting_places import unit_places as clause_places
from xiputin_cli.components.meeting_recalls import is_habit, place_by_place, since_meeting
from xiputin_cli.components.meeting_status import unit_status
from xiputin_cli.components.meeting_units import find_units
from xiputin_cli.components.meeting_when import unit_date, usable_date, value_of
from xiputin_cli.records import DateValue


@dataclass
class Mention:
    """One clause reporting a meeting; with fewer than two participants it only adds to a meeting found
    elsewhere ('the meeting', 'Xi's visit'), as does a 'detail' (topics and outcomes of the pair)."""

    token: int
    sent: int
    evidence: tuple[int, int]
    kind: str
    participants: list[str]
    date: DateValue | None = None
    mode: str | None = None
    location: str | None = None
    country: str | None = None
    status: str | None = None
    occasions: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    again: bool = False
    sequel: bool = False
    unqualified: bool = False  # a bare 'useful talks', naming no party ('talks between Russia and Ukraine')
    background: bool = False
    recalled: bool = False
    days_before: int | None = None

    @property
    def explicit(self) -> bool:
        return len(self.participants) >= 2 and self.kind not in ("event", "detail")


PAST_TAGS = ("VBD", "VBN")


def sentence_mentions(sent: Span, ctx: Context) -> Iterator[Mention]:
    """Every meeting mention in a sentence; a counted series ('five times') yields only its dated clauses."""
    units = find_units(sent, ctx)
    counted = False
    for unit in units:
        status, doubtful = unit_status(unit, ctx)
        if doubtful or is_habit(unit, ctx):
            continue
        if is_series(unit, ctx):
            counted = True
            yield from numbered_mentions(unit, status, sent, ctx)
        else:
            mention = since_meeting(unit_mention(unit, status, sent, ctx), unit, units, ctx)
            for each in place_by_place(mention, unit, ctx):
                yield from split_mention(each, listed_partners(unit, ctx))
    if counted:
        yield from instance_mentions(sent, units, ctx)


def split_mention(mention: Mention, partners: list[str]) -> Iterator[Mention]:
    """One mention per listed partner, with the rest of the participants (the one who met them)."""
    hosts = [p for p in mention.participants if p not in partners]
    if not partners or not hosts:
        yield mention
        return
    for partner in partners:
        yield replace(mention, participants=[*hosts, partner])


def numbered_mentions(unit: Unit, status: str | None, sent: Span, ctx: Context) -> Iterator[Mention]:
    """'Their three earlier summits took place in 2011, 2016 and 2019': as many meetings as the number
    says, one for each of as many dates; a count without its dates ('have met 40 times') stays out."""
    number = child(unit.trigger, ["nummod"])
    count = NUMBERS.get(number.lower_) if number is not None else None
    dates = [value_of(e) for e in ctx.dates if ctx.root(e) in unit.scope and usable_date(e, ctx)]
    if count is None or len(dates) != count or status == "planned":
        return
    first = unit_mention(unit, status, sent, ctx)
    for when in dates:
        yield replace(first, date=when)


NUMBERS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}


def unit_mention(unit: Unit, status: str | None, sent: Span, ctx: Context) -> Mention:
    occasions = unit_occasions(unit, ctx)
    city, country = unit_places(unit, ctx, {i for _, ids in occasions for i in ids})
    mode = mode_cue(unit.scope, ctx) or kind_mode(unit, ctx)
    near = [*unit.head.children, *unit.trigger.children]
    return Mention(
        token=unit.trigger.i,
        sent=sent.start,
        evidence=evidence_span(sent, ctx),
        kind=unit.kind,
        participants=unit_people(unit, ctx),
        date=unit_date(unit, sent, ctx, status),
        mode=mode or ("in_person" if city or country else None),
        location=city,
        country=country,
        status=status,
        occasions=[text for text, _ in occasions],
        topics=topics_in(unit.scope, ctx),
        outcomes=outcomes_in(unit.scope, ctx),
        again=any(c.lower_ in ctx.cues["status.new_meeting"] for c in near),
        sequel=any(c.lower_ in ctx.cues["status.sequel_words"] for c in near),
        unqualified=names_no_party(unit),
        background=is_background(unit, status, ctx),
        days_before=days_earlier(unit, ctx),
        recalled=is_recalled(unit, ctx),
    )


def names_no_party(unit: Unit) -> bool:
    """'Fruitful talks were held in March', 'The conversation happened on ...': the meeting noun names no
    one ('talks between Russia and Ukraine', 'US-China talks', 'the meeting of foreign ministers' do)."""
    if not unit.bare_noun:
        return False
    for c in unit.trigger.children:
        if c.ent_type_ or c.dep_ in ("poss", "nmod", "appos") or (c.dep_ == "compound" and c.tag_ == "NNP"):
            return False
        if c.dep_ == "prep" and c.lower_ not in ("in", "on", "at", "during"):
            return False
    return True


def is_recalled(unit: Unit, ctx: Context) -> bool:
    """Told in passing, not as the news: 'when Putin visited Beijing', 'Putin, who met Xi in Beijing, ...'."""
    marked = child(unit.head, ["mark", "advmod"], ctx.cues["status.recall_marks"]) is not None
    return marked or (unit.head.dep_ == "relcl" and not unit.noun)


def days_earlier(unit: Unit, ctx: Context) -> int | None:
    """'had met three days before': how many days before the article's news the meeting was."""
    for c in [*unit.head.children, *unit.trigger.children]:
        measure = child(c, ["npadvmod"]) if c.lower_ in ("earlier", "before") else None
        count = (
            child(measure, ["nummod"]) if measure is not None and measure.lower_ in ("days", "day") else None
        )
        if count is not None and count.lower_ in DAY_COUNTS:
            return DAY_COUNTS[count.lower_]
    return None


DAY_COUNTS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "1": 1, "2": 2, "3": 3}


def is_background(unit: Unit, status: str | None, ctx: Context) -> bool:
    """An earlier meeting recalled beside the news: 'their last meeting', 'they last met', 'the previous
    talks', 'had met two days earlier' (a past perfect outside reported speech, or a measured 'earlier')."""
    if status == "planned":
        return False
    near = [*unit.trigger.children, *unit.head.children, ctx.doc[max(unit.trigger.i - 1, 0)]]
    if unit.head.dep_ == "advcl" or when_of_date(unit.head):  # 'they last met in May(,) when Putin visited'
        governor = unit.head.head if unit.head.dep_ == "advcl" else clause_verb(unit.head.head)[0]
        if governor is not None:
            near += [*governor.children, ctx.doc[max(governor.i - 1, 0)]]
    if any(c.lower_ in ctx.cues["status.background_words"] for c in near):
        return True
    measured = any(  # 'two days before', not 'hours before the opening ceremony' (a time of its own day)
        c.lower_ in ctx.cues["status.background_measured"]
        and child(c, ["npadvmod"]) is not None
        and child(c, ["pobj", "pcomp"]) is None
        for c in near
    )
    perfect = unit.head.tag_ == "VBN" and child(unit.head, ["aux"], ["had", "'d"]) is not None
    return measured or (perfect and unit.head.dep_ not in ("ccomp", "conj"))


def when_of_date(verb: Token) -> bool:
    """'in October, when the Chinese leader visited Moscow': a when-clause the parser hangs on the date."""
    return verb.dep_ == "relcl" and child(verb, ["advmod", "mark"], ["when"]) is not None


def kind_mode(unit: Unit, ctx: Context) -> str | None:
    """A call is by phone, a visit in person; but 'the call' may point back to a video call."""
    if unit.kind == "call" and unit.bare_noun and child(unit.trigger, ["det"], DEFINITE) is not None:
        return None
    return ctx.cues.maps["kind_modes"].get(unit.kind)


def is_series(unit: Unit, ctx: Context) -> bool:
    """'frequent meetings', 'have spoken on the phone five times': many contacts, not one meeting."""
    if unit.trigger.tag_ == "NNS" and unit.trigger.lower_ not in ctx.cues["event_nouns.plural_singular"]:
        return True
    near = [*unit.trigger.children, *unit.head.children]
    words, count_words = lowered(ctx), ctx.cues["aggregate.count_words"]
    counts = (ctx.doc[i] for i in sorted(unit.scope) if words[i] in count_words)
    return any(c.lower_ in ctx.cues["aggregate.modifiers"] for c in near) or any(
        t.head.lower_ != "at" for t in counts
    )


def instance_mentions(sent: Span, units: list[Unit], ctx: Context) -> Iterator[Mention]:
    """In a sentence counting contacts, a dated clause by the same pair is one of those contacts ('and on
    December 28, 2020, the two leaders indicated ...')."""
    triggers = {u.trigger.i for u in units}
    clauses = {"ccomp", "advcl", "relcl", "parataxis", "conj"}
    for t in sent:
        if t.i in triggers or t.lower_ not in ctx.cues["aggregate.instance_verbs"] or t.tag_ not in PAST_TAGS:
            continue
        names = people(subject_words(t), ctx)
        when = unit_date(Unit(t, t, "talks", {w.i for w in pruned(t, clauses)}), sent, ctx, "held")
        if len(names) >= 2 and when is not None and when.start:
            yield Mention(t.i, sent.start, evidence_span(sent, ctx), "talks", names, when, status="held")


# --- place, occasion, topics, outcomes ----------------------------------------------------------------


def unit_places(unit: Unit, ctx: Context, occasion_ids: set[int]) -> tuple[str | None, str | None]:
    """(city or place, country) of the clause: see meeting_places.py."""
    return clause_places(unit, ctx, occasion_ids)


def unit_occasions(unit: Unit, ctx: Context) -> list[tuple[str, set[int]]]:
    """What the meeting was part of ('state visit', 'the third Belt and Road Forum ...'), with each phrase's
    tokens (a place inside an occasion is the meeting's place)."""
    adjectives = ctx.cues["occasion.visit_adjectives"]
    phrases = []
    if unit.kind == "visit":
        phrases += [(f"{c.lower_} visit", {c.i}) for c in unit.trigger.children if c.lower_ in adjectives][:1]
    words, deps = lowered(ctx), doc_facts(ctx).deps
    able = ctx.cues["occasion.heads"] | ctx.cues["occasion.verbs"]
    for t in (ctx.doc[i] for i in sorted(unit.scope) if words[i] in able or deps[i] == "pobj"):
        target = occasion_target(t, unit, ctx)
        if target is not None:
            text = phrase_text(ctx.text, target, strip_place=True)
            phrases.append((text, {s.i for s in target.subtree}))
    texts = [p for p, _ in phrases]
    return [(p, ids) for p, ids in phrases if p and not any(p != q and p in q for q in texts)]


def occasion_target(t: Token, unit: Unit, ctx: Context) -> Token | None:
    """The phrase after 'on the sidelines of', 'to mark', 'coincide with', 'attended', 'during' an event."""
    cues = ctx.cues
    if t.lower_ in cues["occasion.heads"]:
        return child(child(t, ["prep"], ["of"]), ["pobj"])
    if t.lower_ in cues["occasion.verbs"] and t.tag_.startswith("VB"):
        return child(t, ["dobj"]) or child(child(t, ["prep"], ["with"]), ["pobj"])
    if t.dep_ == "pobj" and t.head.lower_ in cues["occasion.preps"] and t.i != unit.trigger.i:
        eventish = t.ent_type_ == "EVENT" or t.lower_ in cues["occasion.event_words"]
        owner = t.head.head  # 'met Xi at the summit'; 'see her counterpart at the forum'
        near = {owner.i, *(a.i for a in list(owner.ancestors)[:2] if owner.tag_.startswith("NN"))}
        return t if eventish and near & {unit.head.i, unit.trigger.i} else None
    return None


def topics_in(scope: set[int], ctx: Context) -> list[str]:
    """'discuss the scope of their partnership', 'consultations on pressing ... issues'."""
    cues, topics, words = ctx.cues, [], lowered(ctx)
    able = cues["topics.verbs"] | cues["topics.nouns"]
    for t in (ctx.doc[i] for i in sorted(scope) if words[i] in able):
        target = child(t, ["dobj"]) if t.lower_ in cues["topics.verbs"] and t.tag_.startswith("VB") else None
        if target is None and t.lower_ in cues["topics.verbs"] | cues["topics.nouns"]:
            target = child(child(t, ["prep"], cues["topics.preps"]), ["pobj", "pcomp"])
        if target is not None and target.lower_ not in cues["topics.not_topics"]:
            topics.append(phrase_text(ctx.text, target))
    return [t for t in dict.fromkeys(topics) if t]


def outcomes_in(scope: set[int], ctx: Context) -> list[str]:
    """'signed a joint statement', 'extended the ... Treaty': from the verb to the end of its object."""
    found, words, verbs = [], lowered(ctx), ctx.cues["outcomes.verbs"]
    for t in (ctx.doc[i] for i in sorted(scope) if words[i] in verbs):
        obj = child(t, ["dobj", "xcomp"]) if t.tag_ in PAST_TAGS else None
        if obj is None:
            continue
        tail = sorted(s.i for s in pruned(obj, {"relcl", "parataxis", "punct", "advcl"}))
        end = next((i for i in tail if ctx.doc[i].text == ","), tail[-1] + 1)
        last = ctx.doc[max(i for i in tail if i < end)]
        found.append(ctx.text[t.idx : last.idx + len(last)])
    return found


def sentence_details(sent: Span, ctx: Context) -> Iterator[Mention]:
    """Topics and outcomes the pair's own clauses give without naming the meeting ('the two leaders also
    signed a joint statement'): participant-only mentions, attached to a meeting later."""
    cues = ctx.cues
    words, lower = cues["topics.verbs"] | cues["topics.nouns"] | cues["outcomes.verbs"], lowered(ctx)
    for t in (ctx.doc[i] for i in range(sent.start, sent.end) if lower[i] in words):
        if ctx.skip(t):
            continue
        verb = t if t.tag_.startswith("VB") else clause_verb(t)[0]
        names = people(subject_words(verb), ctx)
        topics, outcomes = topics_in({t.i}, ctx), outcomes_in({t.i}, ctx)
        if len(names) >= 2 and (topics or outcomes):
            planned = child(verb, ["aux"], cues["status.planned_aux"]) is not None
            status = "planned" if planned else None
            evidence = evidence_span(sent, ctx)
            yield Mention(
                t.i, sent.start, evidence, "detail", names, status=status, topics=topics, outcomes=outcomes
            )


def evidence_span(sent: Span, ctx: Context) -> tuple[int, int]:
    """The sentence's characters, without the header, boilerplate at its edges, or surrounding space."""
    key = (sent.start, sent.end)
    if key not in ctx.evidence:
        ctx.evidence[key] = sentence_evidence(sent, ctx)
    return ctx.evidence[key]


def sentence_evidence(sent: Span, ctx: Context) -> tuple[int, int]:
    doc = ctx.doc
    start, end = max(sent.start_char, doc._.header_end or 0), sent.end_char
    for s, e, _ in sorted(doc._.boilerplate or ()):
        if s <= start < e:
            start = e
        elif start < s < end:
            end = s
    text = ctx.text[start:end]
    start += len(text) - len(text.lstrip())
    return start, start + len(text.strip())
