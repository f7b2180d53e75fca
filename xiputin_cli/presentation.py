"""How meetings and articles are presented, whatever draws them: the terminal views, the HTML pages and
the SVG chart share these words (mode and date labels), this order (meeting numbering), these names for
articles and these evidence stretches, so the three views agree about every meeting.

Nothing here draws, escapes or imports rich or spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from xiputin_cli.header import parse_header
from xiputin_cli.records import Article, DateValue, Disagreement, Evidence, Meeting
from xiputin_cli.spans import month_end, view_interval

MODE_LABEL = {"in_person": "in person", "video": "video", "phone": "phone", "unknown": "mode unknown"}
LINK_SCHEMES = ("http://", "https://", "file://")


@dataclass(frozen=True)
class When:
    """Where a meeting sits in time: an inclusive day interval (one day for day precision)."""

    start: date
    end: date

    @property
    def mid(self) -> date:
        return self.start + (self.end - self.start) / 2


def meeting_when(value: DateValue) -> When | None:
    """The interval a date covers: month and year precision widen to the whole month or year."""
    span = view_interval(value)
    return None if span is None else When(*span)


def date_label(value: DateValue) -> str:
    """How a date reads on every view: as precise as the record, never more."""
    when = meeting_when(value)
    if when is None:
        return "date unknown"
    if value.precision == "year":
        return f"{when.start.year}"
    if value.precision == "month" or (when.start.day == 1 and when.end == month_end(when.start)):
        return when.start.strftime("%Y-%m")
    if when.end == when.start:
        return when.start.isoformat()
    if when.end.year == when.start.year:
        return f"{when.start.isoformat()} – {when.end.strftime('%m-%d')}"
    return f"{when.start.isoformat()} – {when.end.isoformat()}"


def year_label(meeting: Meeting) -> str:
    """The group a meeting is listed under: its year, or 'Date unknown'."""
    when = meeting_when(meeting.date)
    return str(when.start.year) if when else "Date unknown"


def where_text(meeting: Meeting) -> str:
    """The place, or why there is none: a call has no place to be unknown."""
    return meeting.location or ("place unknown" if meeting.mode in ("in_person", "unknown") else "")


def place_text(meeting: Meeting) -> str:
    """A short 'where and how' for labels: place when known, always the mode."""
    parts = [meeting.location, MODE_LABEL[meeting.mode]]
    return " · ".join(p for p in parts if p)


def alternatives_text(told: Disagreement) -> str:
    """'video (a, b) vs phone (c)': every value the articles give a field, each with its articles."""
    return " vs ".join(f"{v.value} ({', '.join(v.sources)})" for v in told.values)


def disputed(meeting: Meeting) -> set[str]:
    """The fields of a merged meeting its articles give different values for (each view marks them)."""
    return {told.field for told in meeting.disagreements}


def roles_text(meeting: Meeting) -> str | None:
    """Who visited whom, in the meeting's tense: 'Xi Jinping visited Vladimir Putin', 'to visit' when
    planned, 'hosted by ...' when only the host is known; None when the record does not say."""
    held = meeting.status == "held"
    if meeting.visitor and meeting.host:
        return f"{meeting.visitor} {'visited' if held else 'to visit'} {meeting.host}"
    if meeting.host:
        return f"{'hosted' if held else 'to be hosted'} by {meeting.host}"
    return None


def order_meetings(meetings: Iterable[Meeting]) -> list[Meeting]:
    """Dated meetings by date, then the undated ones in their given order: the numbering every view uses."""
    whens = [(meeting, meeting_when(meeting.date)) for meeting in meetings]
    return [m for m, w in sorted(whens, key=lambda mw: (mw[1] is None, mw[1].start if mw[1] else date.min))]


def meeting_articles(meeting: Meeting) -> list[str]:
    """The articles a meeting was read from: its sources, else the articles of its evidence."""
    return list(meeting.sources) or list(dict.fromkeys(e.article for e in meeting.evidence))


def safe_link(value: str | None) -> str | None:
    """A value usable as a link target: web and file addresses only (never javascript: or data:)."""
    return value if value and value.strip().lower().startswith(LINK_SCHEMES) else None


def source_url(meeting: Meeting) -> str | None:
    """A link for the standalone chart: the first source that is a URL, if any."""
    return next((s for s in meeting.sources if safe_link(s)), None)


@dataclass(frozen=True)
class ArticleRef:
    """How views name an article: by title and outlet, with a link to it when it has a URL; by id last."""

    id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None

    @property
    def name(self) -> str:
        return self.title or self.id

    @property
    def label(self) -> str:
        """'Title — Outlet' (or the id when the article has no title)."""
        return " — ".join(p for p in (self.name, self.outlet) if p)

    @property
    def link(self) -> str | None:
        return safe_link(self.url) or safe_link(self.id)


def article_ref(article: Article) -> ArticleRef:
    """An article's names, read from its record."""
    return ArticleRef(article.id, article.title or None, article.outlet or None, article.url or None)


ArticleRefs = Mapping[str, ArticleRef]


def meeting_refs(meeting: Meeting, refs: ArticleRefs | None = None) -> list[ArticleRef]:
    """The articles of a meeting, named as well as what is known about them allows: `refs` first, then the
    names its evidence sentences carry, else the bare id."""
    known: dict[str, ArticleRef] = {}
    for ev in meeting.evidence:
        if ev.title or ev.outlet or ev.url:
            known.setdefault(ev.article, ArticleRef(ev.article, ev.title, ev.outlet, ev.url))
    known.update(refs or {})
    return [known.get(article) or ArticleRef(article) for article in meeting_articles(meeting)]


def body_start(text: str) -> int:
    """Where the story starts: after a ' date YYYY-MM-DD ' header line, which is metadata, not text."""
    return parse_header(text).body_start


@dataclass
class Block:
    """A highlighted stretch of text: overlapping evidence merged, so marks never have to cross."""

    start: int
    end: int
    refs: list[str] = field(default_factory=list)
    id: str = ""


SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’", "'", ")")


def locate(evidence: Evidence, text: str) -> tuple[int, int] | None:
    """Where evidence sits in the text: its offsets when they give its text back, else where its text is;
    None when the text is not there (offsets alone would mark some other words)."""
    start, end = evidence.start, evidence.end
    if not (0 <= start < end <= len(text) and text[start:end] == evidence.text):
        start = text.find(evidence.text) if evidence.text.strip() else -1
        if start < 0:
            return None
        end = start + len(evidence.text)
    return sentence_part(text, start, end)


def sentence_part(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentences of an evidence stretch, without the headline, kicker or dateline lines a sentence span
    can begin with ('Putin meets Xi\\n\\nPresident Xi Jinping held talks...'): leading lines that end no
    sentence are left unmarked, and so is the white space around the rest."""
    lines, pos = [], start
    for piece in text[start:end].split("\n"):
        if piece.strip():
            lines.append((pos + len(piece) - len(piece.lstrip()), pos + len(piece.rstrip())))
        pos += len(piece) + 1
    while len(lines) > 1 and not text[lines[0][0] : lines[0][1]].endswith(SENTENCE_END):
        lines.pop(0)
    return (lines[0][0], lines[-1][1]) if lines else (start, end)


def evidence_of(article: Article) -> list[tuple[str, Evidence]]:
    """Every evidence item with its record reference: M1, M2 for meetings; C1, C2 for claims."""
    pairs = [(f"M{i}", ev) for i, m in enumerate(order_meetings(article.meetings), 1) for ev in m.evidence]
    return pairs + [(f"C{i}", c.evidence) for i, c in enumerate(article.claims, 1)]


def evidence_blocks(article: Article, text: str) -> tuple[list[Block], dict[int, str]]:
    """Merged highlight blocks, and for each evidence item (by object id) the anchor of its block."""
    spans: list[tuple[int, int, str, Evidence]] = []
    body = body_start(text)  # a sentence span can begin in the header line, which is not shown
    for ref, ev in evidence_of(article):
        where = locate(ev, text) if ev.article in (article.id, "") else None
        if where and max(where[0], body) < where[1]:
            spans.append((max(where[0], body), where[1], ref, ev))
    blocks: list[Block] = []
    anchors: dict[int, str] = {}
    for start, end, ref, ev in sorted(spans, key=lambda s: (s[0], s[1])):
        if not blocks or start >= blocks[-1].end:
            blocks.append(Block(start, end, id=f"ev-{len(blocks) + 1}"))
        block = blocks[-1]
        block.end = max(block.end, end)
        block.refs += [ref] if ref not in block.refs else []
        anchors[id(ev)] = block.id
    return blocks, anchors
