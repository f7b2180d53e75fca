"""Place names → what they are: a country, a city (and its country), or a venue (and its city).

The world list of countries and cities is models/places.json (generated from GeoNames by
tools/build_places.py); venues and the cue words of place rules are models/venues.json. Both are read once,
on first use: nothing here is imported before an article is analysed, so `xiputin --help` never loads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from xiputin_cli.assets import read_json

PlaceKind = Literal["country", "region", "city", "venue", "place"]


@dataclass(frozen=True)
class Place:
    """A name as the article writes it, what it is, the city it stands for and the country it lies in."""

    name: str
    kind: PlaceKind
    city: str | None = None  # the city: itself, or a venue's
    country: str | None = None  # ISO code


@dataclass(frozen=True)
class Gazetteer:
    countries: dict[str, str]  # lower-cased name → ISO code
    country_names: dict[str, str]  # ISO code → name
    cities: dict[str, str]  # lower-cased name → ISO code
    venues: dict[str, str]  # lower-cased venue → city as written
    capitals: dict[str, str]  # ISO code → capital
    demonyms: dict[str, str]  # lower-cased nationality adjective → ISO code
    regions: frozenset[str]  # lower-cased, without 'the': too wide to be a meeting's city
    cues: dict[str, frozenset[str]]


@cache
def gazetteer() -> Gazetteer:
    """Both lists, read on first use and kept."""
    world: dict[str, Any] = read_json("places.json")
    local: dict[str, Any] = read_json("venues.json")
    return Gazetteer(
        countries={k.lower(): v for k, v in world["country_names"].items()},
        country_names=dict(world["countries"]),
        cities={k.lower(): v for k, v in world["cities"].items()},
        venues={k.lower(): v for k, v in local["venues"].items()},
        capitals=dict(world["capitals"]),
        demonyms={k.lower(): v for k, v in local["demonyms"].items()},
        regions=frozenset(bare(r).lower() for r in local["regions"]),
        cues={k: frozenset(w.lower() for w in v) for k, v in local["cues"].items()},
    )


def cue(name: str) -> frozenset[str]:
    """A word list of models/venues.json 'cues' ('travel_words', 'place_nouns', ...)."""
    return gazetteer().cues[name]


def bare(name: str) -> str:
    """'the Kremlin's' → 'Kremlin': the name without a leading article, possessive or outer punctuation."""
    text = name.strip().strip('.,;:()[]"“”')
    text = text.removesuffix("'s").removesuffix("’s")
    for article in ("the ", "The "):
        text = text.removeprefix(article)
    return text


def resolve(name: str) -> Place:
    """What a place name is. A name the lists do not know is a 'place' (an island, a small town): a place
    of its own, never a country; a 'region' ('Central Asia', 'Europe') is wider than any meeting's city."""
    text = bare(name)
    key, world = text.lower(), gazetteer()
    if key in world.venues:
        city = world.venues[key]
        return Place(text, "venue", city, world.cities.get(city.lower()))
    if key in world.countries:
        return Place(text, "country", None, world.countries[key])
    owner = region_owner(text)
    if owner is not None:
        return Place(text, "region", None, owner)
    if key in world.regions:
        return Place(text, "region")
    if key in world.cities:
        return Place(text, "city", text, world.cities[key])
    return Place(text, "place", text, None)


OWNED = (
    re.compile(r"(?P<owner>.+?)['’]s (?P<region>.+)"),  # 'Portugal's north', 'Spain's interior'
    re.compile(r"(?:the )?(?P<region>.+?) of (?P<owner>.+)", re.IGNORECASE),  # 'the north of Portugal'
    re.compile(r"(?:the )?(?P<owner>\S+) (?P<region>.+)", re.IGNORECASE),  # 'the Russian Far East'
)


def region_owner(text: str) -> str | None:
    """The country (ISO code) a region of a country lies in: 'Portugal's north', 'the north of Portugal',
    'the Russian Far East' (a region of the lists or a compass word, owned by a country or its
    nationality adjective); None for anything else ('Central Asia', 'the Far East', 'East Timor')."""
    world = gazetteer()
    for pattern in OWNED:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        region, owner = bare(match["region"]).lower(), bare(match["owner"]).lower()
        code = world.countries.get(owner) or world.demonyms.get(owner)
        if code and (region in world.regions or region in world.cues["compass_words"]):
            return code
    return None


def capital_of(country: str) -> Place | None:
    """'the Chinese capital', 'the capital of Kazakhstan': the capital of the country a nationality adjective
    or a country name stands for."""
    world = gazetteer()
    code = world.demonyms.get(bare(country).lower()) or world.countries.get(bare(country).lower())
    capital = world.capitals.get(code or "")
    return Place(capital, "city", capital, code) if capital else None


def place_key(name: str) -> str:
    """A name compared loosely: 'St. Petersburg', 'St Petersburg' and 'Saint Petersburg' are one key."""
    words = re.sub(r"[.'’]", "", bare(name).casefold()).replace("-", " ").split()
    return " ".join("st" if w == "saint" else w for w in words)


def same_place(a: str, b: str) -> bool:
    """One place named twice: the same key, or one name inside the other ('Beijing' in 'Beijing city')."""
    ka, kb = place_key(a), place_key(b)
    return ka in kb or kb in ka


def is_country(name: str) -> bool:
    """A country's name ('Portugal', 'the United States', 'PRC')."""
    return resolve(name).kind == "country"


def is_known(name: str) -> bool:
    """A country, city or venue of the lists (not merely a capitalised word)."""
    return resolve(name).kind != "place"


def venue_in(words: str) -> Place | None:
    """The venue a phrase names, as the phrase ends or begins ('talks at the Kremlin in Moscow',
    'Putin's Novo-Ogaryovo residence'): the longest venue name the phrase contains as whole words."""
    text = f" {bare(words).lower()} "
    found = [v for v in gazetteer().venues if f" {v} " in text]
    return resolve(max(found, key=len)) if found else None
