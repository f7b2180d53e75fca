"""The building blocks of meeting extraction: cue lists, article context, syntax helpers, people.

A *unit* is one word that reports a meeting ('held talks', 'spoke', 'a video meeting', 'a state visit') and
the clause it governs (its `scope`); meeting_units.py finds them, meeting_mentions.py reads a Mention off
each (who took part: meeting_people.py; when: meeting_when.py). Rules read the
dependency parse: the lemmatizer is off, so words are matched lower-cased, and every word list lives in
models/meeting_cues.json.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from xiputin_cli.assets import read_json
from xiputin_cli.components.dates import is_date
from xiputin_cli.components.doc_arrays import doc_arrays
from xiputin_cli.components.extensions import doc_text, in_boilerplate
from xiputin_cli.gazetteer import known_names, lookup
from xiputin_cli.places import is_known, resolve

SINGULAR_PRONOUNS = {"he", "him", "his", "she", "her"}
PLURAL_PRONOUNS = {"they", "them", "their", "our", "we", "us"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis"}
MODES = ("video", "phone", "in_person")
DEFINITE = {"the", "this", "that"}


class MeetingCues:
    """The lists of models/meeting_cues.json under dotted keys: `cues["status.planned_aux"]` is a set of
    lower-cased words, `cues.lists[key]` the list as written, `cues.maps[key]` a word → value table."""

    def __init__(self, data: dict[str, Any], cameo: dict[str, Any]) -> None:
        self.words: dict[str, frozenset[str]] = {}
        self.lists: dict[str, tuple[str, ...]] = {}
        self.maps: dict[str, dict[str, str]] = {}
        self._flatten(data, "")
        self.cameo = tuple((str(rule["when"]), str(rule["code"])) for rule in cameo["rules"])

    def _flatten(self, data: dict[str, Any], prefix: str) -> None:
        for key, value in data.items():
            if isinstance(value, list):
                self.lists[prefix + key] = tuple(value)
                self.words[prefix + key] = frozenset(str(v).lower() for v in value)
            elif isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
                self.maps[prefix + key] = {str(k).lower(): v for k, v in value.items()}
            elif isinstance(value, dict):
                self._flatten(value, f"{prefix}{key}.")

    def __getitem__(self, key: str) -> frozenset[str]:
        return self.words[key]


@registry.misc("xiputin.meeting_cues.v1")  # type: ignore[untyped-decorator]
def meeting_cues(cues_file: str = "meeting_cues.json", cameo_file: str = "meeting_cameo.json") -> MeetingCues:
    """Cue lists from models/ (read once per process: every pipeline shares them)."""
    return load_cues(cues_file, cameo_file)


@lru_cache(maxsize=4)
def load_cues(cues_file: str = "meeting_cues.json", cameo_file: str = "meeting_cameo.json") -> MeetingCues:
    return MeetingCues(read_json(cues_file), read_json(cameo_file))


@dataclass
class Context:
    """What every rule needs about the article: cues, named people, dates, and the pair it is about."""

    doc: Doc
    cues: MeetingCues
    persons: dict[int, str]
    dates: list[Span]
    text: str = ""
    outside: frozenset[int] = frozenset()
    pair: list[str] = field(default_factory=list)
    leaders: dict[str, str] = field(default_factory=dict)
    ents: list[Span] = field(default_factory=list)  # doc.ents once: it rebuilds its Spans on every access
    roots: dict[tuple[int, int], int] = field(default_factory=dict)  # (start, end) → root index
    ent_at: dict[int, Span] = field(default_factory=dict)  # token index → the entity covering it
    dateline: tuple[int, int] | None = None  # doc._.dateline, read once (an extension access is costly)
    evidence: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # sentence → its chars

    def root(self, span: Span) -> int:
        """The index of the span's root, found once per span (Span.root walks its tokens on every access)."""
        key = (span.start, span.end)
        if key not in self.roots:
            self.roots[key] = span.root.i
        return self.roots[key]

    def skip(self, token: Token) -> bool:
        """Not article content: boilerplate, an embedded tweet ('Putin and Xi have just met ...')."""
        return token.i in self.outside


def make_context(doc: Doc, cues: MeetingCues) -> Context:
    """The article's context, built once per Doc: the meeting roles component reads the one the meetings
    component built (the last Doc's is kept until the next Doc comes, as doc_arrays keeps its lists)."""
    if not (_CONTEXT and _CONTEXT[0].doc is doc and _CONTEXT[0].cues is cues):
        _CONTEXT[:] = [build_context(doc, cues)]
    return _CONTEXT[0]


_CONTEXT: list[Context] = []


def build_context(doc: Doc, cues: MeetingCues) -> Context:
    ents = list(doc.ents)
    persons = {
        i: ent._.canonical or ent.text
        for ent in ents
        if ent.label_ == "PERSON" and not place_named_person(ent)
        for i in range(ent.start, ent.end)
    }
    body = doc._.header_end or 0
    dates = [e for e in ents if is_date(e) and e.start_char >= body]
    dates = [e for e in dates if not in_boilerplate(doc, e.start_char, e.end_char)]
    spans = (doc.char_span(s, e, alignment_mode="expand") for s, e, _ in doc._.boilerplate or ())
    outside = frozenset(t.i for span in spans for t in span or ())
    ctx = Context(doc, cues, persons, dates, doc_text(doc), outside, ents=ents, dateline=doc._.dateline)
    ctx.ent_at = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    ctx.pair = article_pair(ctx)
    ctx.leaders = country_leaders(ctx.pair, cues)
    return ctx


def place_named_person(ent: Span) -> bool:
    """The recogniser often calls 'Lisbon' or 'Porto' a person: a name that is exactly a known country or
    city, that nobody of names.jsonl bears and the article gives no fuller name, takes part in nothing."""
    name = ent._.canonical or ent.text
    return name == ent.text and lookup(name) is None and resolve(name).kind in ("city", "country")


def has_role(name: str, roles: Iterable[str]) -> bool:
    entry = lookup(name)
    return bool(entry and entry.role and any(entry.role.startswith(r) for r in roles))


def article_pair(ctx: Context) -> list[str]:
    """The two leaders the article is about: the first sentence naming two, else the two most named people."""
    counts: dict[str, int] = {}
    for sent in ctx.doc.sents:
        ids = (i for i in range(sent.start, sent.end) if i in ctx.persons and i not in ctx.outside)
        names = list(dict.fromkeys(ctx.persons[i] for i in ids))
        leaders = [n for n in names if has_role(n, ctx.cues.lists["leader_roles"])]
        if len(leaders) >= 2:
            return leaders[:2]
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts, key=lambda n: -counts[n])
    return ranked[:2] if len(ranked) >= 2 and counts[ranked[1]] >= 2 else []


def country_leaders(pair: list[str], cues: MeetingCues) -> dict[str, str]:
    """Country → its head of state: the pair's own, else a gazetteer one when the country has only one."""
    found: dict[str, list[str]] = {}
    for entry in known_names():
        if entry.country and has_role(entry.canonical, cues.lists["head_of_state_roles"]):
            found.setdefault(entry.country, []).append(entry.canonical)
    leaders = {country: names[0] for country, names in found.items() if len(names) == 1}
    for name in pair:
        known = lookup(name)
        if known and known.country:
            leaders[known.country] = name
    return leaders


# --- syntax helpers -----------------------------------------------------------------------------------


def child(token: Token | None, deps: Iterable[str], words: Iterable[str] | None = None) -> Token | None:
    """The first child of `token` by one of `deps` (and, given `words`, spelled as one of them)."""
    if token is None:
        return None
    wanted, allowed = set(deps), set(words) if words is not None else None
    arrays = doc_arrays(token.doc)  # a Token is built only for the child found
    labels, lowered = arrays.deps, arrays.words
    for c in arrays.children[token.i]:
        if labels[c] in wanted and (not allowed or lowered[c] in allowed):
            return token.doc[c]
    return None


def pruned(token: Token, drop: Iterable[str] = CLAUSE_DEPS) -> list[Token]:
    """A phrase's tokens without the clauses hanging off it ('Xi, who is on a visit, ...' → 'Xi')."""
    cut = set(drop)
    tokens = [token]
    for c in token.children:
        if c.dep_ not in cut:
            tokens += pruned(c, cut)
    return tokens


def phrase_text(text: str, token: Token, limit: int = 16, *, strip_place: bool = False) -> str:
    """A noun phrase as written: no leading article or aside; with `strip_place`, no 'in Beijing in May'."""
    tokens = sorted(pruned(token, {"relcl", "advcl", "parataxis"}), key=lambda t: t.i)
    for i, t in enumerate(tokens):
        if (i and t.i != tokens[i - 1].i + 1) or t.text in {",", "(", ";"}:
            tokens = tokens[:i]
            break
    if strip_place:  # 'the SCO summit in Astana in July' → 'SCO summit'
        placed = [i for i, t in enumerate(tokens) if i and t.dep_ == "prep" and is_place_or_time(t)]
        tokens = tokens[: placed[0]] if placed else tokens
    while tokens and (tokens[0].dep_ in ("det", "poss", "case") or tokens[0].is_punct):
        tokens = tokens[1:]
    tokens = tokens[:limit]
    return text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])] if tokens else ""


def is_place_or_time(prep: Token) -> bool:
    obj = child(prep, ["pobj"])
    return prep.lower_ in ("in", "at", "on") and obj is not None and obj.ent_type_ in ("GPE", "LOC", "DATE")


def clause_verb(token: Token) -> tuple[Token | None, str | None]:
    """The verb a noun hangs from, and the preposition it hangs by ('at a meeting' → cited, 'at')."""
    cur, prep = token, None
    for _ in range(6):
        if cur.head.i == cur.i:
            return (cur if cur.tag_.startswith("VB") else None), prep
        if cur.dep_ == "pobj":
            prep = cur.head.lower_
        cur = cur.head
        if cur.tag_.startswith("VB") or cur.tag_ == "MD":
            return cur, prep
    return None, prep


def subject_of(token: Token | None) -> list[Token]:
    """The subjects of a verb, shared through 'is due to speak' and 'held ... and spoke'; for 'who', the
    person it stands for; for 'his plans to visit', the owner of the plans."""
    cur = token
    for _ in range(4):
        if cur is None:
            return []
        found = [c for c in cur.children if c.dep_ in SUBJECT_DEPS]
        if found:
            relative = cur.dep_ == "relcl" and found[0].lower_ in ("who", "that", "which")
            return [cur.head] if relative else found
        owner = child(cur.head, ["poss"]) if cur.dep_ == "acl" else None
        if owner is not None:  # 'his plans to visit China', 'Xi's decision to meet Putin'
            return [owner]
        if cur.dep_ not in ("xcomp", "acomp", "conj", "advcl") or cur.head.i == cur.i:
            return []
        cur = cur.head
    return []


def subject_words(verb: Token | None) -> list[Token]:
    return [t for s in subject_of(verb) for t in pruned(s)]


# --- people -------------------------------------------------------------------------------------------


def people(tokens: Iterable[Token], ctx: Context) -> list[str]:
    """Canonical names of the people a phrase names or refers to ('he', 'the two leaders', 'their')."""
    names: list[str] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if t.i in ctx.persons:
            names.append(ctx.persons[t.i])
        elif t.lower_ in SINGULAR_PRONOUNS and t.tag_.startswith("PRP"):
            names += previous_person(t, ctx)
        elif t.lower_ in PLURAL_PRONOUNS and t.tag_.startswith("PRP"):  # not 'US-China talks'
            names += plural_reference(t, ctx)
        else:
            names += pair_reference(t, ctx) or leader_reference(t, ctx)
    return list(dict.fromkeys(names))


def leader_reference(token: Token, ctx: Context) -> list[str]:
    """'his Russian counterpart', 'the Kremlin leader', 'the Chinese president': the leader of the country
    named, when the article knows who that is; 'his counterpart': the other of the pair."""
    cues = ctx.cues
    if token.lower_ not in cues["leader_nouns"] or token.tag_ != "NN":
        return []
    countries = [
        cues.maps["nationalities"].get(c.lower_) for c in token.children if c.dep_ in ("amod", "compound")
    ]
    country = next((c for c in countries if c), None)
    if country is not None or countries:  # 'his French counterpart': not the pair's when France is unknown
        return [ctx.leaders[country]] if country in ctx.leaders else []
    owner = child(token, ["poss"])
    if token.lower_ != "counterpart" or owner is None:
        return []
    owners = people([owner], ctx)
    others = [p for p in ctx.pair if p not in owners]
    return others if len(others) == 1 and len(owners) == 1 and owners[0] in ctx.pair else []


def previous_person(token: Token, ctx: Context) -> list[str]:
    """'he' / 'his': the nearest person named before it, or the surname subject the recogniser took for an
    organisation of the clause the pronoun's hangs from ('Kovacs flew to Braga, where she met ...')."""
    governing = next((a for a in token.ancestors if a.tag_.startswith("VB") and a.i < token.i), None)
    surname = child(governing, ["nsubj"]) if governing is not None else None
    if surname is not None and surname.tag_ == "NNP" and surname.ent_type_ == "ORG" and surname.n_lefts == 0:
        if not any(i in ctx.persons for i in range(surname.i, token.i)) and not is_known(surname.text):
            return [ctx.doc._.canonical_names.get(surname.text, surname.text)]
    for i in range(token.i - 1, max(-1, token.i - 300), -1):
        if i in ctx.persons and not ctx.skip(ctx.doc[i]):
            return [ctx.persons[i]]
    return []


def plural_reference(token: Token, ctx: Context) -> list[str]:
    """'their summit': the people its clause's subject names when two or more, else the article's pair."""
    subjects = subject_of(clause_verb(token)[0])
    if subjects and all(token.i not in {t.i for t in s.subtree} for s in subjects):
        named = [ctx.persons[t.i] for s in subjects for t in pruned(s) if t.i in ctx.persons]
        if len(set(named)) >= 2:
            return list(dict.fromkeys(named))
    return list(ctx.pair)


def pair_reference(token: Token, ctx: Context) -> list[str]:
    """'the two leaders', 'the main leaders of the two countries', 'top Chinese and Russian leaders'."""
    cues = ctx.cues
    if token.lower_ == "two" and token.dep_ in {*SUBJECT_DEPS, "pobj", "dobj"}:
        return list(ctx.pair) if child(token, ["det"], ["the"]) is not None else []
    if token.lower_ not in cues["pair_nouns"] or token.tag_ != "NNS":
        return []
    countries = [cues.maps["nationalities"].get(t.lower_) for t in token.subtree if t.i < token.i]
    named = [ctx.leaders[c] for c in dict.fromkeys(countries) if c and c in ctx.leaders]
    if len(named) >= 2:
        return named
    of = child(token, ["prep"], ["of"])
    if of is not None and not any(t.lower_ in ("two", "both", "state") for t in of.subtree):
        return []  # 'the leaders of the EU'
    return list(ctx.pair) if any(c.lower_ in cues["pair_determiners"] for c in token.children) else []


# --- units: a trigger word and its clause ---------------------------------------------------------------


@dataclass
class Unit:
    """A trigger and the word carrying its clause: the light verb of 'held talks', else the trigger."""

    head: Token
    trigger: Token
    kind: str
    scope: set[int] = field(default_factory=set)

    @property
    def noun(self) -> bool:
        return self.trigger.tag_.startswith("NN")

    @property
    def bare_noun(self) -> bool:
        return self.noun and self.head.i == self.trigger.i


def anchor_verb(unit: Unit, ctx: Context) -> Token | None:
    """The verb a bare meeting noun is the subject of, or hangs from by 'at', 'during', 'for' ..."""
    if not unit.bare_noun:
        return None
    verb, prep = clause_verb(unit.trigger)
    join = ctx.cues["visit_join_preps"] if unit.kind == "visit" else ctx.cues["join_preps"]
    described = prep is None and is_latest(unit.trigger, ctx)  # 'kept in touch, most recently a call'
    return verb if unit.trigger.dep_ in SUBJECT_DEPS or prep in join or described else None


def is_latest(noun: Token, ctx: Context) -> bool:
    """'(they have kept in touch,) most recently a video call': the last of the verb's contacts."""
    latest = ctx.cues["status.latest_words"]
    return noun.dep_ in ("oprd", "dobj", "appos", "npadvmod") and child(noun, ["advmod"], latest) is not None


def tokens_of(scope: set[int], doc: Doc) -> Iterator[Token]:
    return (doc[i] for i in sorted(scope))


def mode_cue(scope: set[int], ctx: Context) -> str | None:
    """'video link', 'over the phone', 'on the sidelines': the first mode (video, phone, in person) whose
    cue the clause contains, words outside the clause breaking phrases."""
    if not scope:
        return None
    lowered = doc_arrays(ctx.doc).words
    words = " ".join(lowered[i] if i in scope else "|" for i in range(min(scope), max(scope) + 1))
    for mode in MODES:
        if cue_pattern(tuple(ctx.cues.lists[f"mode_cues.{mode}"])).search(words):
            return mode
    return None


@cache
def cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation a cue list: whole words or phrases, never inside a longer word."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(cue) for cue in cues) + r")(?![\w-])")
