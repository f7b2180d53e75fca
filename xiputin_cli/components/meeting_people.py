"""Who took part in the meeting a unit reports: subjects, partners ('with', 'between', 'for' a guest, 'by'
a host), objects, owners ('their talks'), the actor after 'after talks with', the inviter of 'at X's
invitation', the people a verbless caption names, and the host of a visit ('visited China' meets Xi).
"""

from __future__ import annotations

from spacy.tokens import Token

from xiputin_cli.components.meeting_parts import (
    Context,
    Unit,
    anchor_verb,
    child,
    clause_verb,
    people,
    pruned,
    subject_words,
)
from xiputin_cli.components.meeting_places import lowered


def unit_people(unit: Unit, ctx: Context) -> list[str]:
    """The subject (of a noun's verb only when it hosts or attends it: 'held talks', 'at a meeting with'),
    partners ('with', 'between'), objects ('met Putin', 'told Xi during a call'), owners ('their talks'),
    and the host of a visit."""
    anchor = anchor_verb(unit, ctx)
    verb = clause_verb(unit.trigger)[0] if unit.bare_noun else unit.head
    found = subject_words(verb) if not unit.bare_noun or anchor is not None else []
    if verb is not None and not unit.bare_noun and found and in_paragraph(found, verb, ctx) != found:
        found = paragraph_subject(verb, ctx)
    if anchor is not None:
        found += [t for c in anchor.children if c.dep_ in ("dobj", "dative") for t in pruned(c)]
    found += after_subject(unit, ctx) + inviter_words(unit, ctx) + caption_people(unit, ctx)
    found += acceptor_words(unit, ctx) + when_subjects(unit, ctx)
    partner_preps = ctx.cues["partner_preps"] | (ctx.cues["host_preps"] if unit.kind == "host" else set())
    partner_preps |= (
        {"of"} if unit.kind == "visit" and unit.noun else set()
    )  # 'the visit of the Chinese leader'
    for word in {unit.head.i: unit.head, unit.trigger.i: unit.trigger}.values():
        for c in word.children:
            if (c.dep_ == "prep" and c.lower_ in partner_preps) or c.dep_ == "agent":
                found += list(c.subtree)
            elif c.dep_ == "prep" and word.i == unit.trigger.i:
                found += attached_partner(c, partner_preps)
            elif (c.dep_ == "dobj" and not unit.noun) or c.dep_ in ("poss", "compound", "nmod"):
                found += pruned(c)
    names = people(in_paragraph(found, unit.trigger, ctx), ctx)
    names = (
        addressee_visitor(unit, ctx) if not names or names == own_country_visitor(unit, names, ctx) else names
    )
    return names + (visit_host(unit, names, ctx) or stay_host(unit, names, ctx))


def stay_host(unit: Unit, names: list[str], ctx: Context) -> list[str]:
    """'Xi spent three days in Russia, holding talks in the Kremlin': talks of one visitor, told under a
    stay in a country, are with that country's leader, when the article knows who that is."""
    stay = unit.head.head
    if unit.kind not in ("talk", "talks", "meeting") or len(names) != 1 or unit.head.dep_ != "advcl":
        return []
    places = [child(c, ["pobj"]) for c in stay.children if c.dep_ == "prep" and c.lower_ == "in"]
    hosts = [ctx.leaders.get(country_of(p.text, ctx) or "") for p in places if p is not None]
    host = next((h for h in hosts if h), None)
    return [host] if host and host not in names and set(names) <= set(subject_names(stay, ctx)) else []


def subject_names(verb: Token, ctx: Context) -> list[str]:
    return people(subject_words(verb), ctx)


def paragraph_of(token: Token, ctx: Context) -> tuple[int, int]:
    start = ctx.text.rfind("\n\n", 0, token.idx) + 1
    end = ctx.text.find("\n\n", token.idx)
    return start, end if end >= 0 else len(ctx.text)


def in_paragraph(tokens: list[Token], word: Token, ctx: Context) -> list[Token]:
    """The tokens in the word's own paragraph: the parser joins a headline to the lead when no full stop
    ends it, and may give the lead's verb the headline's subject ('Xi, Putin congratulate each other' over
    'PORTUGUESE President Ana Costa and her Spanish counterpart Luis Gil talked by phone')."""
    start, end = paragraph_of(word, ctx)
    return [t for t in tokens if start <= t.idx < end]


def paragraph_subject(verb: Token, ctx: Context) -> list[Token]:
    """The words before the verb in its own paragraph, when the parse found its subject outside it."""
    start = paragraph_of(verb, ctx)[0]
    return [t for t in verb.doc[verb.sent.start : verb.i] if t.idx >= start]


def own_country_visitor(unit: Unit, names: list[str], ctx: Context) -> list[str]:
    """'his visit to Russia' read as Putin's (the nearest 'he'): a leader does not visit his own country, so
    the visitor is the other of the pair."""
    owner = child(unit.trigger, ["poss"])
    if unit.kind != "visit" or owner is None or owner.lower_ not in ("his", "her") or len(names) != 1:
        return []
    target = visit_target(unit)
    host = ctx.leaders.get(country_of(target.text, ctx) or "") if target is not None else None
    return names if host == names[0] else []


def attached_partner(prep: Token, partner_preps: frozenset[str]) -> list[Token]:
    """'a conversation on tea with Xi': a partner the parser hung on the meeting noun's own phrase."""
    obj = child(prep, ["pobj"])
    inner = child(obj, ["prep"], partner_preps) if obj is not None else None
    return list(inner.subtree) if inner is not None else []


def caption_people(unit: Unit, ctx: Context) -> list[Token]:
    """'Ana Costa and Luis Gil during talks in Porto': a caption without a verb names who met."""
    prep = unit.trigger.head
    if not unit.bare_noun or unit.trigger.dep_ != "pobj" or prep.lower_ not in ctx.cues["occasion.preps"]:
        return []
    named = prep.head
    if named.i not in ctx.persons or named.dep_ != "ROOT":
        return []
    return [t for t in named.subtree if t.i < prep.i]


def after_subject(unit: Unit, ctx: Context) -> list[Token]:
    """'After talks with Weber on Monday, Kovacs unveiled ...': whoever acts after talks with someone took
    part (not 'weeks after Gil's trip to Porto, Costa will ...')."""
    if not unit.bare_noun or child(unit.trigger, ["prep"], ["with"]) is None:
        return []
    verb, prep = clause_verb(unit.trigger)
    return subject_words(verb) if prep in ctx.cues["after_preps"] else []


def inviter_words(unit: Unit, ctx: Context) -> list[Token]:
    """'travel to Brazil at President Silva's invitation', 'at the invitation of Xi': the host."""
    found: list[Token] = []
    inviters = ctx.cues["inviter_nouns"]
    for t in (ctx.doc[i] for i in sorted(unit.scope) if lowered(ctx)[i] in inviters):
        if t.head.lower_ == "at":
            owner = child(t, ["poss"]) or child(child(t, ["prep"], ["of"]), ["pobj"])
            found += pruned(owner) if owner is not None else []
    return found


def acceptor_words(unit: Unit, ctx: Context) -> list[Token]:
    """'Putin accepted Xi's invitation to visit China': who accepted and who invited."""
    invitation = unit.head.head
    if unit.head.dep_ not in ("acl", "xcomp") or invitation.lower_ not in ("invitation", "invitations"):
        return []
    if invitation.head.lower_ not in ctx.cues["status.accept_verbs"]:
        return []
    owner = child(invitation, ["poss"])
    return subject_words(invitation.head) + (pruned(owner) if owner is not None else [])


def when_subjects(unit: Unit, ctx: Context) -> list[Token]:
    """'Formal negotiations are due on Tuesday, when the two leaders are expected to sign ...': talks with
    no party of their own are held by whoever the when-clause of their day names."""
    verb = clause_verb(unit.trigger)[0]
    if not unit.bare_noun or unit.trigger.dep_ not in ("nsubj", "nsubjpass") or verb is None:
        return []
    whens = [
        t
        for t in verb.subtree
        if t.dep_ in ("relcl", "advcl") and child(t, ["advmod", "mark"], ["when"]) is not None
    ]
    return [w for t in whens for w in subject_words(t)]


def addressee_visitor(unit: Unit, ctx: Context) -> list[str]:
    """'your visit to China' said to one of the article's pair ('his visit to Russia', when 'his' cannot be
    the host): the visitor is the other one, the host's guest."""
    if unit.kind != "visit" or child(unit.trigger, ["poss"], ["your", "his", "her"]) is None:
        return []
    target = visit_target(unit)
    host = ctx.leaders.get(country_of(target.text, ctx) or "") if target is not None else None
    others = [p for p in ctx.pair if p != host]
    return others[:1] if host in ctx.pair else []


def country_of(place: str, ctx: Context) -> str | None:
    name = place.lower().removeprefix("the ")
    return ctx.cues.maps["places.country_names"].get(name) or ctx.cues.maps["places.capitals"].get(name)


def visit_target(unit: Unit) -> Token | None:
    """What a visit is to: 'visited China', 'a state visit to Russia', 'arrived in Moscow for a visit'."""
    if unit.kind != "visit":
        return None
    to = child(child(unit.trigger, ["prep"], ["to"]), ["pobj"])
    if not unit.noun:
        return child(unit.trigger, ["dobj"]) or to
    return to or arrival_place(unit.trigger)


ARRIVALS = frozenset({"arrived", "arrives", "arrive", "arriving", "landed", "lands"})


def arrival_place(visit: Token) -> Token | None:
    """'Xi arrived in Moscow ... for a state visit': where the visitor arrived."""
    verb = visit.head.head if visit.dep_ == "pobj" and visit.head.lower_ in ("for", "on") else None
    if verb is None or verb.lower_ not in ARRIVALS:
        return None
    return child(child(verb, ["prep"], ["in", "at"]), ["pobj"])


def visit_host(unit: Unit, visitors: list[str], ctx: Context) -> list[str]:
    """A visit to a country (or its capital) meets that country's leader, when the article knows who it is."""
    target = visit_target(unit)
    if target is None or not visitors:
        return []
    host = ctx.leaders.get(country_of(target.text, ctx) or "")
    return [host] if host and host not in visitors else []


def listed_partners(unit: Unit, ctx: Context) -> list[str]:
    """'met Chancellor Lena Weber of Germany, President Pedro Silva of Portugal and ...': partners listed
    each with their country, one meeting with each (not one meeting of them all)."""
    if unit.noun:
        return []
    first = child(unit.trigger, ["dobj"]) or child(child(unit.trigger, ["prep"], ["with"]), ["pobj"])
    listed = [first] if first is not None else []
    while listed and (following := child(listed[-1], ["conj"])) is not None:
        listed.append(following)
    if len(listed) < 2 or not all(t.i in ctx.persons and child(t, ["prep"], ["of"]) for t in listed):
        return []
    return [ctx.persons[t.i] for t in listed]
