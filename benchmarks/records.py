"""Synthetic article records (no spaCy, no text): many articles reporting a realistic set of real meetings.

Real meetings are spread as they are in the world (a few a year per pair of leaders, however large the
corpus); each article reports one to four of them near its publication date, at day, month or year
precision or undated ('on Monday'), with the mode or the place sometimes unknown, planned when the meeting
lies after publication. Used by the merge benchmark and by the tests of merge invariants.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from xiputin_cli.records import Article, Claim, DateValue, Evidence, Meeting
from xiputin_cli.spans import month_end

LEADERS = ["Xi Jinping", "Vladimir Putin", "Joe Biden", "Narendra Modi", "Recep Tayyip Erdogan", "Lula"]
PAIRS = [(a, b) for i, a in enumerate(LEADERS) for b in LEADERS[i + 1 :]]
MODES = ["in_person", "video", "phone"]
PLACES = ["Beijing", "Moscow", "Kazan", "Astana", "Samarkand", "New Delhi", "Ankara"]
FIRST, YEARS = date(2000, 1, 1), 30
PER_PAIR_PER_YEAR = 6
SPEAKERS = [
    "Xi Jinping",
    "Vladimir Putin",
    "Dmitry Peskov",
    "Kremlin",
    "Mao Ning",
    "Yury Ushakov",
    "Joe Biden",
]
OUTLETS = [None, None, "Xinhua", "TASS", "RIA Novosti"]


def real_meetings(rng: random.Random) -> list[tuple[tuple[str, str], date, str, str]]:
    """(people, day, mode, place) for every pair, a few times a year."""
    found = []
    for pair in PAIRS:
        for _ in range(PER_PAIR_PER_YEAR * YEARS):
            day = FIRST + timedelta(days=rng.randrange(365 * YEARS))
            found.append((pair, day, rng.choice(MODES), rng.choice(PLACES)))
    return sorted(found, key=lambda m: m[1])


def reported_date(rng: random.Random, day: date) -> DateValue:
    roll = rng.random()
    if roll < 0.7:
        return DateValue(start=day.isoformat(), end=day.isoformat(), precision="day", text=day.isoformat())
    if roll < 0.85:
        first, last = day.replace(day=1), month_end(day)
        return DateValue(start=first.isoformat(), end=last.isoformat(), precision="month", text=f"{day:%B}")
    if roll < 0.9:
        return DateValue(
            start=f"{day.year}-01-01", end=f"{day.year}-12-31", precision="year", text="this year"
        )
    return DateValue(text=day.strftime("%A"))


def report(rng: random.Random, article: str, real: tuple[tuple[str, str], date, str, str], n: int) -> Meeting:
    (a, b), day, mode, place = real
    published = day + timedelta(days=rng.randrange(-20, 40))
    return Meeting(
        participants=[a, b] if rng.random() < 0.5 else [b, a],
        date=reported_date(rng, day),
        mode=mode if rng.random() < 0.8 else "unknown",
        location=place if rng.random() < 0.5 and mode == "in_person" else None,
        status="planned" if day > published else "held",
        topics=[rng.choice(["trade", "energy", "security", "Ukraine"])],
        evidence=[
            Evidence(
                article=article,
                text=f"{a} and {b} held talks ({article}, {n}).",
                start=n * 80,
                end=n * 80 + 60,
            )
        ],
        cameo="040",
    )


def synthetic_articles(
    count: int, *, seed: int = 7, undated_share: float = 0.1, claims: bool = True
) -> list[Article]:
    """`count` articles, each reporting meetings close in time; some without a publication date."""
    rng = random.Random(seed)
    pool = real_meetings(rng)
    articles = []
    for n in range(count):
        start = rng.randrange(len(pool))
        chosen = {pool[min(len(pool) - 1, start + rng.randrange(8))] for _ in range(rng.randint(1, 4))}
        ident = f"feed{n % 7}/{n:07d}"
        published = pool[start][1] + timedelta(days=rng.randrange(0, 30))
        found = [report(rng, ident, real, i) for i, real in enumerate(sorted(chosen))]
        articles.append(
            Article(
                id=ident,
                source=f"{ident}.txt",
                published=None if rng.random() < undated_share else published.isoformat(),
                meetings=found,
                claims=[claim(rng, ident, i) for i in range(rng.randint(0, 4) if claims else 0)],
            )
        )
    return articles


def claim(rng: random.Random, article: str, n: int) -> Claim:
    speaker = rng.choice(SPEAKERS)
    text = f"relations are at their best in history ({article}, {n})"
    start = 1000 + n * 120
    return Claim(
        speaker=speaker,
        speaker_text=speaker.split()[-1],
        text=text,
        kind=rng.choice(["direct", "indirect"]),
        cue="said",
        via=rng.choice(OUTLETS),
        evidence=Evidence(article=article, text=f"{speaker} said {text}.", start=start, end=start + 80),
    )


def records_count(articles: list[Article]) -> int:
    return sum(len(a.meetings) for a in articles)
