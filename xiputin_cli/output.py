"""Records → JSON / JSON Lines / CSV text, streamed so a large corpus never sits in memory as one string."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, TypeAdapter

from xiputin_cli.records import Article, Claim, DateValue, Entity, Evidence, Meeting


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


JSON_BATCH = 256  # records of a list serialised in one call: pydantic's per-call cost is a third of the time


def to_json(records: Iterable[BaseModel]) -> Iterator[str]:
    """A JSON array, one indented record at a time as records come; a list (a store query's answer, all in
    memory already) in batches of one kind, the same bytes."""
    first = True
    yield "["
    for body in json_bodies(records):
        yield ("\n  " if first else ",\n  ") + body
        first = False
    yield "\n]\n" if not first else "]\n"


LIST_ADAPTERS: dict[type[BaseModel], TypeAdapter[list[Any]]] = {}


def list_adapter(kind: type[BaseModel]) -> TypeAdapter[list[Any]]:
    if kind not in LIST_ADAPTERS:
        LIST_ADAPTERS[kind] = TypeAdapter(list[kind])  # type: ignore[valid-type]
    return LIST_ADAPTERS[kind]


def json_bodies(records: Iterable[BaseModel]) -> Iterator[str]:
    """Each record's JSON indented to sit in an array (a batch: several records, already comma-joined)."""
    if not isinstance(records, list):
        yield from (record.model_dump_json(indent=2).replace("\n", "\n  ") for record in records)
        return
    for start in range(0, len(records), JSON_BATCH):
        batch = records[start : start + JSON_BATCH]
        if any(type(record) is not type(batch[0]) for record in batch):
            yield from json_bodies(iter(batch))
            continue
        array = list_adapter(type(batch[0])).dump_json(batch, indent=2).decode()
        yield array[4:-2]  # without "[\n  " and "\n]"


def to_jsonl(records: Iterable[BaseModel]) -> Iterator[str]:
    for record in records:
        yield record.model_dump_json() + "\n"


def joined(values: Iterable[Any], sep: str = "; ") -> str:
    return sep.join(str(v) for v in values)


def article_columns(record: Article | Evidence) -> dict[str, Any]:
    """Who reported it: the article's title, outlet, url and publication date."""
    return {"title": record.title, "outlet": record.outlet, "url": record.url, "published": record.published}


def entity_rows(article: Article) -> Iterator[dict[str, Any]]:
    """extract --format csv: one row per entity, with its article."""
    for ent in article.entities:
        value = ent.value
        yield {
            "article": article.id, "source": article.source, **article_columns(article),
            "text": ent.text, "label": ent.label, "start": ent.start, "end": ent.end,
            "canonical": ent.canonical,
            "date_start": value.start if value else None, "date_end": value.end if value else None,
            "date_precision": value.precision if value else None,
        }  # fmt: skip


def meeting_columns(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": getattr(meeting, "id", None),
        "date_start": meeting.date.start, "date_end": meeting.date.end,
        "date_precision": meeting.date.precision, "date_text": meeting.date.text,
        "participants": joined(meeting.participants), "mode": meeting.mode, "location": meeting.location,
        "status": meeting.status, "occasion": meeting.occasion, "topics": joined(meeting.topics),
        "outcomes": joined(meeting.outcomes), "cameo": meeting.cameo,
        "visitor": meeting.visitor, "host": meeting.host, "events": event_cell(meeting),
    }  # fmt: skip


def event_cell(meeting: Meeting) -> str:
    """The coded events in one cell: '042 Xi Jinping > Vladimir Putin; 043 Vladimir Putin > Xi Jinping'."""
    return joined(f"{e.cameo} {e.actor} > {e.target}" for e in meeting.events)


def meeting_row(meeting: Meeting) -> dict[str, Any]:
    """meetings --format csv: one row per meeting. `evidence` is its first sentence, `all_evidence` every one
    (a line each); `titles`, `outlets`, `urls` and `published` hold one value per article of `sources`, in
    that order (empty where unknown)."""
    evidence = meeting.evidence
    first = evidence[0] if evidence else None
    sources = meeting.sources or sorted({e.article for e in evidence})
    firsts: dict[str, Evidence] = {}
    for sentence in evidence:
        firsts.setdefault(sentence.article, sentence)
    cited = [article_columns(firsts[s]) if s in firsts else {} for s in sources]
    by_source = {
        f"{field}s": joined(c.get(field) or "" for c in cited) for field in ("title", "outlet", "url")
    }
    return {
        **meeting_columns(meeting),
        "sources": joined(sources),
        "evidence_count": len(evidence), "evidence_article": first.article if first else None,
        "evidence_start": first.start if first else None, "evidence_end": first.end if first else None,
        "evidence": first.text if first else None, "all_evidence": joined((e.text for e in evidence), "\n"),
        **by_source, "published": joined(c.get("published") or "" for c in cited),
    }  # fmt: skip


def evidence_rows(meeting: Meeting) -> Iterator[dict[str, Any]]:
    """meetings --evidence --format csv: one row per evidence sentence, with its meeting and its article."""
    for evidence in meeting.evidence:
        yield {
            **meeting_columns(meeting), "article": evidence.article, **article_columns(evidence),
            "evidence_start": evidence.start, "evidence_end": evidence.end, "evidence": evidence.text,
        }  # fmt: skip


def claim_row(claim: Claim) -> dict[str, Any]:
    """claims --format csv: one row per claim, with its evidence and its article."""
    return {
        "article": claim.evidence.article, **article_columns(claim.evidence),
        "speaker": claim.speaker, "speaker_text": claim.speaker_text,
        "speaker_role": claim.speaker_role, "kind": claim.kind, "cue": claim.cue, "via": claim.via,
        "text": claim.text, "evidence_start": claim.evidence.start, "evidence_end": claim.evidence.end,
        "evidence": claim.evidence.text,
    }  # fmt: skip


def rows_for(record: BaseModel) -> Iterator[dict[str, Any]]:
    if isinstance(record, Article):
        yield from entity_rows(record)
    elif isinstance(record, Meeting):
        yield meeting_row(record)
    elif isinstance(record, Claim):
        yield claim_row(record)
    else:
        yield record.model_dump(mode="json")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as the start of a formula


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text, never runs (OWASP's CSV-injection advice): a text beginning like a
    formula ("=HYPERLINK(...)", "+1", "@SUM") gets a leading single quote; a NUL, which no CSV reader
    expects, becomes U+FFFD. Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    value = value.replace("\x00", "\ufffd")
    return "'" + value if value.startswith(FORMULA_STARTS) else value


Rows = Callable[[Any], Iterable[dict[str, Any]]]


def blank_record(kind: type[BaseModel] | None) -> BaseModel | None:
    """A record of this type with one empty row of each kind, whose columns head a CSV with no rows."""
    sentence = Evidence(article="", text="", start=0, end=0)
    if kind is Meeting:
        return Meeting(participants=[], date=DateValue(), evidence=[sentence])
    if kind is Claim:
        return Claim(speaker="", speaker_text="", text="", kind="direct", evidence=sentence)
    if kind is Article:
        return Article(id="", source="", entities=[Entity(text="", label="", start=0, end=0, canonical="")])
    return None


def to_csv(
    records: Iterable[BaseModel], rows: Rows = rows_for, kind: type[BaseModel] | None = None
) -> Iterator[str]:
    """CSV with a header row taken from the first row (with no rows, from a blank record of `kind`: pandas
    and spreadsheets still get the columns); nested values are flattened to text; every text cell is made
    safe to open in a spreadsheet (csv_cell) and quoted, so codes such as cameo "040" stay text for a reader
    that keeps quoted cells as text (numbers are not quoted)."""
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for record in records:
        for row in rows(record):
            if writer is None:
                writer = csv.DictWriter(
                    buffer, fieldnames=list(row), lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC
                )
                writer.writeheader()
            writer.writerow({key: csv_cell(value) for key, value in row.items()})
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    blank = blank_record(kind) if writer is None else None
    if blank is not None:
        columns = list(next(iter(rows(blank))))
        csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC).writerow(columns)
        yield buffer.getvalue()


WRITERS: dict[OutputFormat, Callable[[Iterable[BaseModel]], Iterator[str]]] = {
    OutputFormat.json: to_json,
    OutputFormat.jsonl: to_jsonl,
    OutputFormat.csv: to_csv,
}


def format_records(
    records: Iterable[BaseModel],
    fmt: OutputFormat,
    rows: Rows | None = None,
    kind: type[BaseModel] | None = None,
) -> Iterator[str]:
    """Text chunks of the records in a machine format (table output is render.py's); `rows` chooses the CSV
    rows of a record (default: rows_for), `kind` the record type, whose columns head an empty CSV."""
    if fmt is OutputFormat.csv:
        return to_csv(records, rows or rows_for, kind)
    return WRITERS[fmt](records)
