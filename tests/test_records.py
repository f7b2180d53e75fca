from __future__ import annotations

import csv
import io
import json

import pytest
from pydantic import ValidationError

from xiputin_cli.output import OutputFormat, format_records
from xiputin_cli.records import Article, Claim, DateValue, Evidence, Meeting


def meeting() -> Meeting:
    return Meeting(
        participants=["Xi Jinping", "Vladimir Putin"],
        date=DateValue(start="2023-10-18", end="2023-10-18", precision="day", text="Wednesday"),
        mode="in_person",
        location="Beijing",
        evidence=[Evidence(article="a", text="They met.", start=0, end=9)],
    )


def test_contract_field_names() -> None:
    assert set(Article.model_fields) >= {
        "id", "source", "title", "published", "published_from", "dateline", "entities", "meetings", "claims",
        "warnings",
    }  # fmt: skip
    assert set(Meeting.model_fields) >= {
        "participants", "date", "mode", "location", "status", "occasion", "topics", "outcomes", "evidence",
        "sources",
    }  # fmt: skip
    assert set(Claim.model_fields) >= {
        "speaker", "speaker_text", "speaker_role", "text", "kind", "cue", "via", "evidence"
    }  # fmt: skip


def test_records_reject_unknown_fields_and_values() -> None:
    with pytest.raises(ValidationError):
        DateValue.model_validate({"start": None, "colour": "red"})
    with pytest.raises(ValidationError):
        Meeting.model_validate({**meeting().model_dump(), "mode": "telepathy"})


def test_json_and_jsonl_round_trip() -> None:
    records = [meeting(), meeting()]
    as_json = "".join(format_records(records, OutputFormat.json))
    assert [Meeting.model_validate(m) for m in json.loads(as_json)] == records
    lines = "".join(format_records(records, OutputFormat.jsonl)).splitlines()
    assert [Meeting.model_validate_json(line) for line in lines] == records
    assert json.loads("".join(format_records([], OutputFormat.json))) == []


def test_meeting_csv_row() -> None:
    text = "".join(format_records([meeting()], OutputFormat.csv))
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert list(row)[1:7] == ["date_start", "date_end", "date_precision", "date_text", "participants", "mode"]
    assert [row["date_start"], row["participants"], row["mode"], row["location"]] == [
        "2023-10-18", "Xi Jinping; Vladimir Putin", "in_person", "Beijing"
    ]  # fmt: skip
