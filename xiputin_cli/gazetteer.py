"""The people and organisations xiputin knows by name (models/names.jsonl), without importing spaCy."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from xiputin_cli.assets import read_jsonl


class KnownName(BaseModel):
    model_config = ConfigDict(extra="forbid")

    canonical: str
    label: str
    aliases: list[str]
    roles: list[str] = []
    role: str | None = None
    country: str | None = None
    outlet: bool = False


@cache
def known_names() -> tuple[KnownName, ...]:
    return tuple(KnownName.model_validate(row) for row in read_jsonl("names.jsonl"))


@cache
def alias_index() -> dict[str, KnownName]:
    """Exact mention (any alias, with or without a leading 'the') → entry."""
    index: dict[str, KnownName] = {}
    for entry in known_names():
        for alias in entry.aliases:
            index.setdefault(alias, entry)
            index.setdefault(alias.removeprefix("the "), entry)
    return index


@cache
def role_index() -> dict[str, KnownName]:
    """Lower-cased role description ('the chinese leader') → entry."""
    return {role.lower(): entry for entry in known_names() for role in entry.roles}


def lookup(mention: str) -> KnownName | None:
    """The known entry a mention names: exact alias first, then without 'the'/possessive."""
    text = mention.strip().removesuffix("'s").removesuffix("’s")
    return alias_index().get(text) or alias_index().get(text.removeprefix("the ").removeprefix("The "))


def is_outlet(name: str) -> bool:
    entry = lookup(name)
    return bool(entry and entry.outlet)
