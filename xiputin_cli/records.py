"""The output contract as pydantic models: the only record types xiputin has.

Field names here are a promise to users (see the output contract); add fields, never rename them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

Precision = Literal["day", "month", "year", "range"]
Mode = Literal["in_person", "video", "phone", "unknown"]
Status = Literal["held", "planned"]
ClaimKind = Literal["direct", "indirect", "mixed"]
PublishedFrom = Literal["header", "dateline", "metadata", "text"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DateValue(Record):
    """A resolved date; `start`/`end` stay null when the text cannot support them."""

    start: str | None = None
    end: str | None = None
    precision: Precision | None = None
    text: str = ""


class Dateline(Record):
    place: str | None = None
    date: str | None = None


class Entity(Record):
    text: str
    label: str
    start: int
    end: int
    canonical: str
    value: DateValue | None = None


class Evidence(Record):
    """A sentence that proves a record, and the article it is from: its id, title, outlet, url and
    publication date, so a row of meetings or claims says who reported it without a join."""

    article: str
    text: str
    start: int
    end: int
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None


class Report(Record):
    """What one article said of a merged meeting: its status and date, and when the article came out."""

    source: str
    published: str | None = None
    status: Status
    date: DateValue


class Alternative(Record):
    """One value some articles give a field, and which."""

    value: str
    sources: list[str]


class Disagreement(Record):
    """A field the articles of a merged meeting give different values for (the meeting's own first)."""

    field: Literal["date", "location", "mode", "occasion", "visitor"]
    values: list[Alternative]


class Event(Record):
    """One coded action of a meeting, from one participant to another (CAMEO, with its PLOVER category)."""

    cameo: str = Field(
        description="CAMEO event code: 036 intent to meet, 040 consult, 041 phone or video, "
        "042 make a visit, 043 host a visit, 044 meet at a third location, 057 sign an agreement"
    )
    plover: str = Field(description="PLOVER category of the CAMEO code (CONSULT, AGREE, SUPPORT)")
    plover_mode: str | None = Field(
        default=None, description="PLOVER's mode: phone, visit, host, third-party"
    )
    actor: str
    target: str


class Meeting(Record):
    participants: list[str]
    date: DateValue
    mode: Mode = "unknown"
    location: str | None = None
    status: Status = "held"
    occasion: str | None = None
    topics: list[str] = Field(default_factory=list)
    outcomes: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    cameo: str | None = Field(default=None, description="CAMEO event code, e.g. 040 consult")
    sources: list[str] = Field(default_factory=list)
    id: str | None = Field(
        default=None,
        description="merged meetings: a stable id (the same in every run, shard and input order); null in "
        "an article's own meetings",
    )
    history: list[Report] = Field(
        default_factory=list,
        description="merged meetings: what each article said (status, date), in order of publication "
        "(undated articles last); empty in an article's own meetings",
    )
    disagreements: list[Disagreement] = Field(
        default_factory=list,
        description="merged meetings: fields (date at one precision, location, mode, occasion, visitor) "
        "the articles give different values for, each value with its sources",
    )
    visitor: str | None = Field(
        default=None,
        description="who came to the other's country, when the text or the place says; null "
        "for a call, a meeting in a third country or one the text does not place",
    )
    host: str | None = Field(default=None, description="who received the visitor, on the same terms")
    events: list[Event] = Field(
        default_factory=list,
        description="the meeting's coded actions, each with actor and target: a visit is 042 by the visitor "
        "and 043 by the host; 057 beside them when the outcomes say an agreement was signed",
    )


class Claim(Record):
    speaker: str
    speaker_text: str
    speaker_role: str | None = None
    text: str
    kind: ClaimKind
    cue: str | None = None
    via: str | None = None
    evidence: Evidence
    sources: list[str] = Field(
        default_factory=list,
        description="in `claims` over a corpus: every article reporting this claim (same speaker, "
        "near-identical words: equal once case, punctuation, quote marks, a/an/the/our and British spelling "
        "are set aside, or one wording the other with its end cut off, keeping at least 60% of its words), "
        "the first one's evidence kept; empty in an article's own claims and with --per-article",
    )


class Article(Record):
    id: str
    source: str
    title: str | None = None
    url: str | None = Field(
        default=None, description="where the article was published, as its input gives it"
    )
    outlet: str | None = Field(default=None, description="the site or publication, as its input names it")
    author: str | None = None
    published: str | None = None
    published_from: PublishedFrom | None = None
    dateline: Dateline | None = None
    words: int = Field(default=0, description="length of the text in whitespace-separated words")
    entities: list[Entity] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    extra: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="the input record's other fields (JSON Lines, table columns), as given",
    )


class ArticleError(Record):
    """An article a batch could not (or would not) extract, in the article's place: the batch goes on."""

    id: str
    source: str
    message: str
    skipped: bool = Field(default=False, description="left out on purpose (not English), not broken")


SCHEMAS: dict[str, type[Record]] = {
    "article": Article,
    "meeting": Meeting,
    "claim": Claim,
    "error": ArticleError,
}
