"""What the fields of a JSON Lines record may hold, and what is made of those that hold something odd.

JSON can spell what no file, store or terminal takes (half a character, control characters) and give an id
that is no name (a list, a number, true). Each is read as something stable, with a warning saying so.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import JsonValue

from xiputin_cli.safe_text import SURROGATE, safe_name


def whole_characters(obj: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """JSON may spell half a character ("\\ud800"), which no file, store or terminal can take: each becomes
    U+FFFD (one for one, so offsets hold), as undecodable bytes do in a text file."""
    mended = {
        key: SURROGATE.sub("\ufffd", value)
        for key, value in obj.items()
        if isinstance(value, str) and SURROGATE.search(value)
    }
    return ({**obj, **mended}, True) if mended else (obj, False)


def record_id(obj: dict[str, Any], fallback: str, notes: list[str]) -> str:
    """A record's "id" when it is a string; a number as JSON writes it (0 is an id too, and stays the same
    from run to run); anything else (a list, an object, true) is not an id: the file-and-line id instead.
    Missing, null or empty: the file-and-line id, silently. Control characters in it are made visible."""
    given = obj.get("id")
    if isinstance(given, str) and given:
        safe = safe_name(given)  # an id is a name, shown everywhere: no control characters in it
        if safe != given:
            notes.append(f'"id" {json.dumps(given)} has control characters: read as {json.dumps(safe)}')
        return safe
    if given is None or given == "":
        return fallback
    if isinstance(given, int | float) and not isinstance(given, bool):
        notes.append(f'"id" {json.dumps(given)} is a number, not a string: read as "{json.dumps(given)}"')
        return json.dumps(given)
    notes.append(f'"id" {json.dumps(given)[:40]} is not a string: the record is read as "{fallback}"')
    return fallback


def extra_fields(obj: dict[str, Any], read: frozenset[str]) -> dict[str, JsonValue]:
    """The record's fields xiputin does not read itself, kept for the output as plain JSON: values JSON
    cannot hold (a date, a number type of some library) as their text, half characters as U+FFFD."""
    rest = {key: value for key, value in obj.items() if key not in read}
    if not rest:
        return {}
    spelled = SURROGATE.sub("\ufffd", json.dumps(rest, default=str, ensure_ascii=False))
    kept: dict[str, JsonValue] = json.loads(spelled)
    return kept
