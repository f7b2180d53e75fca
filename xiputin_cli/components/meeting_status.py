"""Whether a meeting clause reports a meeting held or planned, or one only doubted ('could visit', 'did
not meet'): read off the tense and modality of the verbs the meeting hangs from.
"""

from __future__ import annotations

from spacy.tokens import Token

from xiputin_cli.components.meeting_parts import Context, Unit, child, clause_verb


def modal_chain(unit: Unit, ctx: Context) -> list[Token] | None:
    """The verbs whose tense and modality the meeting takes ('is due to speak': speak, due, is); None when
    the meeting is only a time reference ('Ahead of their meeting', 'after his summit with Biden')."""
    cur = unit.head
    if unit.bare_noun:
        verb, prep = clause_verb(unit.trigger)
        neutral = ctx.cues["status.neutral_preps"]
        path = {t.lower_ for t in list(unit.trigger.ancestors)[:3] if verb is None or t.i != verb.i}
        if verb is None or prep in neutral or path & neutral:
            return None
        cur = verb
    chain = [cur]
    while climbs(chain[-1]) and len(chain) < 5:
        chain.append(chain[-1].head)
    return chain


def climbs(verb: Token) -> bool:
    """Whether a verb takes its tense from its head ('due to speak', 'met and spoke', 'expect X to meet',
    'his plans to visit')."""
    infinitive = verb.dep_ in ("ccomp", "acl") and child(verb, ["aux"], ["to"]) is not None
    return verb.head.i != verb.i and (verb.dep_ in ("xcomp", "acomp", "conj") or infinitive)


def unit_status(unit: Unit, ctx: Context) -> tuple[str | None, bool]:
    """(held | planned | None when the clause does not say, doubtful: 'could visit', 'did not meet')."""
    cues, chain = ctx.cues, modal_chain(unit, ctx)
    mods = {c.lower_ for c in [*unit.trigger.children, *unit.head.children]}
    planned_mod = bool(mods & cues["status.planned_modifiers"])
    if mods & cues["status.speculative_words"] or child(unit.head, ["neg"]) is not None:
        return None, True
    if chain is None:
        return ("planned" if planned_mod else None), False
    if accepted_invitation(chain, ctx):
        return "planned", False  # 'accepted Xi's invitation to visit China'
    little = {c.lower_ for n in chain for c in n.children if c.dep_ in ("aux", "neg", "mark", "det")}
    doubt = little & (cues["status.speculative_aux"] | {"not", "n't", "never", "if", "unless", "whether"})
    if doubt or {n.lower_ for n in chain} & cues["status.speculative_words"]:
        return None, True
    subject_noun = unit.noun and unit.trigger.dep_ in ("nsubj", "nsubjpass")  # 'the event is scheduled'
    said = {n.lower_ for n in (chain if subject_noun else chain[1:])}
    said |= {c.lower_ for c in chain[0].children if c.dep_ == "acomp"} if subject_noun else set()  # 'are due'
    frames = said & cues["status.planned_frames"]
    if little & cues["status.planned_aux"] or frames or planned_mod or is_to_infinitive_plan(chain):
        return "planned", False
    return tense_status(chain[0], unit), False


def accepted_invitation(chain: list[Token], ctx: Context) -> bool:
    """'accepted an invitation to visit': the invitation, accepted, is a plan (not a hope)."""
    top = chain[-1]
    return top.lower_ in ("invitation", "invitations") and top.head.lower_ in ctx.cues["status.accept_verbs"]


def is_to_infinitive_plan(chain: list[Token]) -> bool:
    """'Xi is to visit Moscow': be + to-infinitive announces a plan."""
    return len(chain) > 1 and chain[0].dep_ == "xcomp" and chain[1].lower_ in ("is", "are")


def tense_status(verb: Token, unit: Unit) -> str | None:
    if verb.lower_ in ("is", "are", "'s", "be") and unit.noun:
        return None  # 'This is Xi's second video meeting': says nothing about when
    if verb.tag_ in ("VBD", "VBN") or (verb.tag_ == "VBG" and child(verb, ["aux"]) is not None):
        return "held"
    return None  # a headline's present ('Putin, Xi meet at summit') says nothing: the body tells
