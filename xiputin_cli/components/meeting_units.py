"""Units: the words that report a meeting ('held talks', 'met', 'a video call', 'a welcoming ceremony for',
'got together', 'opened ... together') and the clause each governs (its scope), without the occasions
they name ('at the SCO summit') or the words that only describe another unit ('a video call conversation').
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from xiputin_cli.components.claim_cues import reporting_words
from xiputin_cli.components.doc_arrays import doc_arrays
from xiputin_cli.components.meeting_parts import (
    DEFINITE,
    PLURAL_PRONOUNS,
    SINGULAR_PRONOUNS,
    Context,
    Unit,
    anchor_verb,
    child,
    mode_cue,
    people,
    pruned,
)
from xiputin_cli.components.meeting_places import lowered


def find_units(sent: Span, ctx: Context) -> list[Unit]:
    words, doc, able = lowered(ctx), ctx.doc, candidates(ctx)
    found = (doc[i] for i in range(sent.start, sent.end) if words[i] in able or " " in words[i])
    units = [unit for t in found if not ctx.skip(t) for unit in [trigger_unit(t, ctx)] if unit is not None]
    heads, triggers = {u.head.i for u in units}, {u.trigger.i for u in units}
    units = [u for u in units if not nested_occasion(u, heads, ctx) and not modifier_unit(u, triggers)]
    for unit in units:
        unit.scope = unit_scope(unit, units, ctx)
    return units


def candidates(ctx: Context) -> frozenset[str]:
    """The words trigger_unit can take: a verb or noun form, or a phrasal verb's first word (a Token is
    built per access, so the others are never looked at)."""
    maps = ctx.cues.maps
    key = id(maps)
    if key not in CANDIDATES:
        phrasal = {k.split(" ", 1)[0] for k in maps["event_verbs.phrasal"]}
        forms = {*maps["event_verbs.forms"], *maps["event_nouns.forms"], *phrasal}
        CANDIDATES[key] = (maps, frozenset(forms))
    return CANDIDATES[key][1]


CANDIDATES: dict[int, tuple[object, frozenset[str]]] = {}  # the cue tables (kept alive) and their words


def trigger_unit(t: Token, ctx: Context) -> Unit | None:
    verbs, nouns = ctx.cues.maps["event_verbs.forms"], ctx.cues.maps["event_nouns.forms"]
    if t.tag_.startswith("VB") and t.lower_ in verbs and verb_reports_meeting(t, verbs[t.lower_], ctx):
        return Unit(t, t, verbs[t.lower_])
    phrasal = phrasal_kind(t, ctx)
    if phrasal is not None:
        return Unit(t, t, phrasal)
    if t.tag_.startswith("NN") and t.lower_ in nouns and noun_reports_meeting(t, ctx):
        light = t.dep_ in ("dobj", "nsubjpass") and t.head.lower_ in ctx.cues["light_verbs"]
        return Unit(t.head if light else t, t, nouns[t.lower_])
    return None


def phrasal_kind(t: Token, ctx: Context) -> str | None:
    """'got together', 'sat down with': a verb and its particle."""
    if not t.tag_.startswith("VB"):
        return None
    phrasal = ctx.cues.maps["event_verbs.phrasal"]
    return next((phrasal[k] for c in t.children for k in [f"{t.lower_} {c.lower_}"] if k in phrasal), None)


def verb_reports_meeting(token: Token, kind: str, ctx: Context) -> bool:
    """'met', 'visited' always; 'attended' a ceremony; 'hosted' or 'called' a person; 'spoke' with someone."""
    cues = ctx.cues
    obj = child(token, ["dobj"])
    if obj is not None and obj.lower_ in cues.maps["event_nouns.forms"] and noun_reports_meeting(obj, ctx):
        return False  # 'attended the summit', 'held a meeting': the noun is the trigger
    obj_people = bool(people(pruned(obj), ctx)) if obj is not None else False
    if kind == "attend":
        return obj is not None and obj.lower_ in cues["event_verbs.attend_objects"]
    agent = child(token, ["agent"])
    if kind == "host":  # 'hosted Xi', 'was welcomed by Xi'
        return obj_people or (agent is not None and bool(people(agent.subtree, ctx)))
    if kind == "joint":
        return done_together(token, obj, ctx)
    if kind == "call" and obj is not None and naming_call(token, obj, ctx):
        return False
    if kind in cues["event_verbs.need_partner"]:
        partner = [c for c in token.children if c.dep_ == "prep" and c.lower_ in cues["partner_preps"]]
        has_partner = bool(people([t for p in partner for t in p.subtree], ctx))
        return has_partner or obj_people or bool(mode_cue({t.i for t in token.subtree}, ctx))
    return True


def done_together(verb: Token, obj: Token | None, ctx: Context) -> bool:
    """'celebrated his birthday with Xi', 'opened a crossing together', 'signed a joint statement'."""
    markers = ctx.cues["event_verbs.joint_markers"]
    partners = [child(c, ["pobj"]) for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"]
    if any(p is not None and people([p], ctx) for p in partners):  # the person, not 'with Xi's support'
        return True
    near = [*verb.children, *(g for c in verb.children if c.dep_ == "prep" for g in c.children)]
    if any(c.lower_ in markers and c.dep_ in ("advmod", "prt") for c in near):  # 'together on Saturday'
        return True
    return obj is not None and any(c.lower_ in markers for c in obj.children)


def naming_call(verb: Token, obj: Token, ctx: Context) -> bool:
    """'Putin called Xi a "dear friend"', 'called him an old friend': calling someone something is no call."""
    named_person = obj.i in ctx.persons or obj.lower_ in SINGULAR_PRONOUNS | PLURAL_PRONOUNS
    second = [
        c for c in verb.children if c.dep_ in ("dobj", "attr") and c.i != obj.i and c.tag_.startswith("NN")
    ]
    described = (
        bool(second) or child(verb, ["oprd", "ccomp"]) is not None or child(obj, ["appos"]) is not None
    )
    return described or (not named_person and any(c.i in ctx.persons for c in obj.children))


def noun_reports_meeting(token: Token, ctx: Context) -> bool:
    """Not a press conference, a call for peace, or 'an event' that is not 'the event'."""
    cues = ctx.cues
    mods = {c.lower_ for c in token.children}
    if token.lower_ == "conference":
        return bool(mods & cues["event_nouns.conference_needs"])
    if token.lower_ == "ceremony":  # 'a welcoming ceremony for Putin', not any ceremony
        return bool(mods & cues["event_nouns.ceremony_needs"])
    if token.lower_ in cues["event_nouns.anaphoric_only"]:
        return bool(mods & DEFINITE)
    if token.lower_ in ("call", "calls"):
        light = token.head.lower_ in cues["light_verbs"]
        definite = bool(mods & DEFINITE) and "for" not in mods  # 'the call', not 'the call for'
        return light or definite or bool(mods & {"phone", "telephone", "video", "between", "with"})
    return True


def nested_occasion(unit: Unit, heads: set[int], ctx: Context) -> bool:
    """'met Putin at the SCO summit', 'see her counterpart at the forum': the summit is what the
    meeting was part of, not a second meeting."""
    t = unit.trigger
    prep = t.head
    if not (unit.bare_noun and t.dep_ == "pobj" and prep.lower_ in ctx.cues["occasion.preps"]):
        return False
    if prep.head.i in heads:
        return True
    partner = prep.head.tag_.startswith("NN") or prep.head.tag_ == "PRP"
    return partner and any(a.i in heads for a in list(prep.head.ancestors)[:2])


def modifier_unit(unit: Unit, triggers: set[int]) -> bool:
    """'a video call conversation': the call only describes the conversation (its mode), not a second one."""
    t = unit.trigger
    return unit.bare_noun and t.dep_ == "compound" and t.head.i in triggers


def unit_scope(unit: Unit, units: list[Unit], ctx: Context) -> set[int]:
    """The unit's subtree (plus its anchor verb's adjuncts: 'The summit ... will take place on May 16') minus
    other units' clauses and reporting clauses ('the Kremlin said on Friday')."""
    arrays = doc_arrays(ctx.doc)  # subtrees as indices: no Token built for their words
    scope = arrays.subtree(unit.head.i)
    own, words, reporting = set(scope), arrays.words, reporting_words()
    verb = anchor_verb(unit, ctx)
    for c in arrays.children[verb.i] if verb is not None else ():
        inner = arrays.subtree(c)
        if arrays.deps[c] in ("prep", "npadvmod", "advmod") and unit.trigger.i not in inner:
            scope |= inner
    for other in units:
        if other.head.i != unit.head.i and other.head.i in scope:
            scope -= arrays.subtree(other.head.i)
        elif other.trigger.i != unit.trigger.i:
            inner = arrays.subtree(other.trigger.i)
            if unit.trigger.i not in inner:
                scope -= inner  # 'hold talks on Monday and negotiations on Tuesday'
    for i in own:
        if words[i] in reporting and i != unit.head.i and arrays.tags[i].startswith("VB"):
            scope -= arrays.subtree(i)
    return scope
