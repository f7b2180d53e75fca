"""spaCy component `xiputin_meetings`: one Meeting record per meeting an article reports.

Mentions (meeting_mentions.py) are grouped in two passes. Mentions naming two or more people make meetings:
a later one joins an earlier meeting when nothing tells them apart (people, date, mode, place, status).
Mentions naming fewer ('the meeting', 'Xi's state visit', 'the two leaders also signed ...') then add
their evidence, place, occasion, topics and outcomes to the meeting they most likely mean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from xiputin_cli.components.extensions import register_extensions
from xiputin_cli.components.meeting_lists import list_mentions
from xiputin_cli.components.meeting_mentions import Mention, sentence_details, sentence_mentions
from xiputin_cli.components.meeting_news import news_month, orphan_of_pair, record_day
from xiputin_cli.components.meeting_parts import Context, MeetingCues, make_context
from xiputin_cli.components.meeting_trips import settle_places
from xiputin_cli.places import same_place
from xiputin_cli.records import DateValue, Evidence, Meeting
from xiputin_cli.spans import MONTH_WORDS, WEEKDAYS, dates_agree, finer, interval, precision, words_fit

NEWS_DAYS = timedelta(days=7)
"""How far from the article's date a held meeting can be and still be the news an announcement was about."""


@Language.factory(
    "xiputin_meetings",
    assigns=["doc._.meetings"],
    requires=["doc.ents", "token.dep", "token.tag"],
    default_config={"cues": {"@misc": "xiputin.meeting_cues.v1"}},
)
def make_meetings(nlp: Language, name: str, cues: MeetingCues) -> MeetingFinder:
    register_extensions()
    return MeetingFinder(cues)


class MeetingFinder:
    """Sets `doc._.meetings`; runs after the names (and, when present, dates) components."""

    def __init__(self, cues: MeetingCues) -> None:
        self.cues = cues

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):  # every rule reads the parse: no parser, no meetings
            doc._.meetings = []
            return doc
        ctx = make_context(doc, self.cues)
        mentions: list[Mention] = []
        details: list[Mention] = []
        for sent in doc.sents:
            mentions += sentence_mentions(sent, ctx)
            details += sentence_details(sent, ctx)
        published = reference_day(doc._.reference_date)
        drafts = group_mentions(mentions, published, ctx)
        for entry in list_mentions(ctx):
            add_entry(drafts, entry)
        for detail in details:
            attach(drafts, detail, published, details=True)
        day_line = record_day(ctx)
        for draft in drafts:
            draft.date = news_month(draft, published, ctx, day_line) or draft.date
        for draft in drafts:
            draft.date = draft.date or days_before_news(draft, drafts)
        settle_places(drafts, ctx, published)
        doc._.meetings = [to_meeting(d, ctx) for d in drafts]
        return doc


@dataclass
class Draft:
    """A meeting being assembled from its mentions."""

    participants: list[str]
    mentions: list[Mention] = field(default_factory=list)
    date: DateValue | None = None
    mode: str | None = None
    location: str | None = None
    country: str | None = None
    background: bool = False
    about_pair: bool = False

    @property
    def status(self) -> str | None:
        said = {m.status for m in self.mentions}
        return "held" if "held" in said else "planned" if "planned" in said else None

    @property
    def sentences(self) -> set[int]:
        return {m.sent for m in self.mentions}

    def add(self, mention: Mention, *, weak: bool = False) -> None:
        """Take the mention's facts; a weak (anaphoric) one sets the date only when a day fills a gap (or
        resolves a weekday the fit already checked)."""
        self.mentions.append(mention)
        unresolved = self.date is None or not self.date.start  # 'on Monday' in an undated article
        if not weak or (unresolved and mention.date is not None and mention.date.precision == "day"):
            self.date = finer(self.date, mention.date) if self.date else mention.date
        self.mode = self.mode or mention.mode
        self.location = self.location or mention.location
        self.country = self.country or mention.country


def group_mentions(mentions: list[Mention], published: date | None, ctx: Context) -> list[Draft]:
    drafts: list[Draft] = []
    for mention in (m for m in mentions if m.explicit):
        if not attach(drafts, mention, published):
            people = list(mention.participants)
            drafts.append(
                Draft(people, background=mention.background, about_pair=set(people) == set(ctx.pair))
            )
            drafts[-1].add(mention)
    for mention in (m for m in mentions if not m.explicit):
        if attach(drafts, mention, published, weak=True) or same_day_other_words(drafts, mention, published):
            continue
        if orphan_of_pair(mention, ctx):
            drafts.append(Draft(list(ctx.pair), about_pair=True))
            drafts[-1].add(mention)
    return drafts


def add_entry(drafts: list[Draft], entry: Mention) -> None:
    """A list entry ('June 8, 2017 / Astana / SCO summit') is the meeting of that day found in the text
    (whoever else it names: 'Costa and Gil both opened the fair in Braga'), else a meeting of its own."""
    people = set(entry.participants)
    same = [d for d in drafts if people <= set(d.participants) and both_dated(d.date, entry.date)]
    same = [d for d in same if dates_agree(d.date, entry.date)]
    if same:
        same[0].mentions.append(entry)
        return
    drafts.append(Draft(list(entry.participants), background=True, about_pair=True))
    drafts[-1].add(entry)


def same_day_other_words(drafts: list[Draft], mention: Mention, published: date | None) -> bool:
    """'The video link, which was held on the holiday' about a day a phone call was already dated
    to: one contact the article names two ways; it joins that meeting (keeping the meeting's mode)."""
    if mention.date is None or not mention.mode:
        return False
    dated = [d for d in drafts if d.date is not None and (d.date.start or d.date.text)]
    return attach(dated, replace(mention, mode=None), published, weak=True)


def attach(
    drafts: list[Draft],
    mention: Mention,
    published: date | None,
    *,
    weak: bool = False,
    details: bool = False,
) -> bool:
    """Add the mention to the meeting it most likely means; False when none fits."""
    fits = [d for d in drafts if fits_draft(d, mention, published, weak=weak or details)]
    if not fits:
        return False
    best = max(fits, key=lambda d: preference(d, mention))
    if details:
        best.mentions.append(mention)
    else:
        best.add(mention, weak=weak)
    return True


def fits_draft(draft: Draft, mention: Mention, published: date | None, *, weak: bool) -> bool:
    """Nothing tells them apart. A weak mention ('the meeting') need only name some of the people, and its
    date counts only when both dates are resolved (a visit's 'May 7-10' may hold the talks of 'May 8')."""
    people = set(mention.participants)
    if not (people <= set(draft.participants) if weak else people == set(draft.participants)):
        return False
    if weak and draft.date is None and mention.date is not None and far_from(draft, mention):
        return False  # a dated 'the conversation took place on ...' pages later is not the undated lead
    if draft.date is None and not draft.background and recalled(mention, published):
        return False  # 'had visited Lisbon last year', 'a state visit in May' is not the undated news
    if mention.background != draft.background and not weak and not both_dated(draft.date, mention.date):
        return False  # 'they last met in May': an earlier meeting, not the one in the news
    if mention.mode and draft.mode and mention.mode != draft.mode:
        return False
    if mention.location and draft.location and not places_agree(mention.location, draft.location):
        return False
    if not weak and mention.country and draft.country and mention.country != draft.country:
        return False  # 'his state visit to Spain' is not 'Costa's state visit to Portugal'
    if not dates_fit(draft.date, mention.date, loose=weak):
        return False
    if mention.again and draft.status == "held":
        return False
    if (
        mention.sequel
        and not weak
        and not (both_dated(draft.date, mention.date) and dates_agree(draft.date, mention.date))
    ):
        return False  # 'the two presidents are also due to meet at a summit in Chile afterwards'
    return statuses_agree(draft, mention, published)


FAR_TOKENS = 150
"""Tokens (about six sentences) beyond which a weak dated mention no longer dates an undated meeting."""


def far_from(draft: Draft, mention: Mention) -> bool:
    """Far from every mention that named the pair (weak ones attached before do not stretch the reach)."""
    return all(abs(m.token - mention.token) > FAR_TOKENS for m in draft.mentions if m.explicit)


def recalled(mention: Mention, published: date | None) -> bool:
    """A mention dated weeks or more before the page: another occasion than the news."""
    span = interval(mention.date)
    return span is not None and published is not None and span[1] < published - NEWS_DAYS


def statuses_agree(draft: Draft, mention: Mention, published: date | None) -> bool:
    """An announcement without a date of its own ('They are also scheduled to hold consultations') may be
    the meeting the article reports held, when that is the day's news, not one recalled from months ago (a
    dated one in an undated article could be either)."""
    ours, theirs = draft.status, mention.status
    if ours is None or theirs is None or ours == theirs:
        return True
    planned, held = (draft.date, mention.date) if ours == "planned" else (mention.date, draft.date)
    span = interval(held)
    return planned is None and (
        span is None or (published is not None and abs(span[1] - published) <= NEWS_DAYS)
    )


def dates_fit(a: DateValue | None, b: DateValue | None, *, loose: bool) -> bool:
    """Whether two dates can name one meeting: resolved ones overlap; an unresolved one ('on Wednesday') names
    a day of the resolved one (8 July 2015, a Wednesday); two unresolved ones must be spelled alike, or, for
    a weak mention, at least not name different months, weekdays or years ('in May' is not 'in July')."""
    ia, ib = interval(a), interval(b)
    if ia and ib:
        return dates_agree(a, b)
    if ia or ib:
        span, words = (ia, b) if ia else (ib, a)
        return words is None or not words.text or span is None or words_fit(words, span)
    return not date_words_clash(a, b) if loose else dates_agree(a, b)


def both_dated(a: DateValue | None, b: DateValue | None) -> bool:
    return interval(a) is not None and interval(b) is not None


def date_words_clash(a: DateValue | None, b: DateValue | None) -> bool:
    """Two unresolved dates naming different months, weekdays or years."""
    if a is None or b is None:
        return False
    pairs = zip(named_date_words(a.text), named_date_words(b.text), strict=True)
    return any(x and y and not x & y for x, y in pairs)


@lru_cache(maxsize=4096)
def named_date_words(text: str) -> tuple[frozenset[str], ...]:
    """The months, weekdays and years a date's words name (each text read once: mentions are compared
    with every meeting)."""
    words = set(re.findall(r"[a-z]+|\d{4}", text.lower()))
    return tuple(
        frozenset(w for w in words if (w in kind if kind is not None else w.isdigit()))
        for kind in (MONTH_WORDS, set(WEEKDAYS), None)
    )


def places_agree(a: str, b: str) -> bool:
    """'St. Petersburg' and 'Saint Petersburg' are one place (places.same_place)."""
    return same_place(a, b)


def preference(draft: Draft, mention: Mention) -> tuple[int, ...]:
    """Same sentence, shared occasion words, both recalled or both news, same status, mode and date, then a
    meeting of the article's pair, the most reported meeting, then the nearest one before the mention."""
    occasion_words = {w for o in mention.occasions for w in o.lower().split() if len(w) > 3}
    shared = any(occasion_words & set(o.lower().split()) for m in draft.mentions for o in m.occasions)
    before = [m.token for m in draft.mentions if m.token < mention.token]
    return (
        mention.sent in draft.sentences,
        shared,
        mention.background == draft.background,
        mention.status is not None and mention.status == draft.status,
        bool(mention.mode) and mention.mode == draft.mode,
        bool(mention.date and draft.date) and dates_agree(mention.date, draft.date),
        draft.about_pair,
        len(draft.mentions),
        max(before, default=-1),
    )


def to_meeting(draft: Draft, ctx: Context) -> Meeting:
    mentions = sorted(draft.mentions, key=lambda m: m.token)
    status = final_status(draft, reference_day(ctx.doc._.reference_date))
    spans = sorted({m.evidence for m in mentions})
    article = ctx.doc._.article_id or ""
    kinds = {m.kind for m in mentions}
    return Meeting(
        participants=draft.participants,
        date=draft.date or DateValue(),
        mode=draft.mode or ("in_person" if draft.location else "unknown"),  # placed later: met there
        location=draft.location or draft.country,
        status=status,
        occasion="; ".join(distinct(o for m in mentions for o in m.occasions)) or None,
        topics=unique(t for m in mentions for t in m.topics),
        outcomes=unique(o for m in mentions for o in m.outcomes),
        evidence=[Evidence(article=article, text=ctx.text[s:e], start=s, end=e) for s, e in spans],
        cameo=cameo_code(ctx.cues, status, draft.mode, kinds),
        sources=[article] if article else [],
    )


def days_before_news(draft: Draft, drafts: list[Draft]) -> DateValue | None:
    """'They had met in Oslo three days before': counted back from the day of the article's news
    meeting (the first one not recalled, dated to the day)."""
    counts = {m.days_before for m in draft.mentions if m.days_before is not None}
    news = next((d.date for d in drafts if not d.background and d.date and d.date.precision == "day"), None)
    if not draft.background or len(counts) != 1 or news is None or not news.start:
        return None
    day = (date.fromisoformat(news.start) - timedelta(days=counts.pop())).isoformat()
    return DateValue(start=day, end=day, precision="day", text="")


def reference_day(reference: str | None) -> date | None:
    try:
        return date.fromisoformat(reference[:10]) if reference else None
    except ValueError:
        return None


def final_status(draft: Draft, published: date | None) -> str:
    """Held unless only announced; an announced meeting dated before the article's own date was held."""
    status = draft.status or "held"
    span = interval(draft.date)
    if status == "planned" and span and published and precision(draft.date) >= 2 and span[1] < published:
        return "held"
    return status


def cameo_code(cues: MeetingCues, status: str, mode: str | None, kinds: set[str]) -> str | None:
    """The first rule of models/meeting_cameo.json that applies."""
    facts = {f"status={status}", f"mode={mode}", *(f"kind={k}" for k in kinds), "always"}
    return next((code for when, code in cues.cameo if when in facts), None)


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def distinct(items: Iterable[str]) -> list[str]:
    """Unique phrases, without those another contains ('groundbreaking ceremony' in '... ceremony for')."""
    phrases = unique(items)
    return [p for p in phrases if not any(p != q and p in q for q in phrases)]
