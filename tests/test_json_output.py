"""JSON output: a list of records (a store query's answer) is written in batches, a stream one record at a
time; both give the same bytes, which parse back to the records."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from xiputin_cli.output import JSON_BATCH, to_json
from xiputin_cli.records import Claim, DateValue, Evidence, Meeting

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


def claim(text: str, number: int) -> Claim:
    evidence = Evidence(article=f"a{number}", text=text, start=number, end=number + len(text))
    return Claim(speaker="Xi Jinping", speaker_text="Xi", text=text, kind="direct", evidence=evidence)


def meeting(number: int) -> Meeting:
    return Meeting(participants=["Vladimir Putin", "Xi Jinping"], date=DateValue(text=str(number)))


@settings(max_examples=25, deadline=None)
@given(st.lists(texts, max_size=2 * JSON_BATCH + 3))
def test_a_list_gives_the_same_bytes_as_a_stream(words: list[str]) -> None:
    records = [claim(text, n) for n, text in enumerate(words)]
    listed = "".join(to_json(records))
    assert listed == "".join(to_json(iter(records)))
    assert [Claim.model_validate(item) for item in json.loads(listed)] == records


def test_records_of_two_kinds_in_one_list_keep_their_order() -> None:
    records = [claim("one", 1), meeting(2), claim("three", 3)] * (JSON_BATCH // 2)
    listed = "".join(to_json(records))
    assert listed == "".join(to_json(iter(records)))
    assert [("speaker" in item) for item in json.loads(listed)] == [isinstance(r, Claim) for r in records]


def test_an_empty_list_is_an_empty_array() -> None:
    assert "".join(to_json([])) == "[]\n" == "".join(to_json(iter([])))
