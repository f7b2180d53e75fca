"""A realistic synthetic news corpus of any size: every article distinct, so caching cannot cheat.

Articles are assembled from sentence templates in the style of the seeds (talks, calls, visits, quotes,
background), filled with varied leaders, places, dates, outlets and numbers from a seeded random generator.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

LEADERS = [
    ("Chinese President", "Xi Jinping", "Xi"), ("Russian President", "Vladimir Putin", "Putin"),
    ("U.S. President", "Joe Biden", "Biden"), ("Indian Prime Minister", "Narendra Modi", "Modi"),
    ("Brazilian President", "Luiz Inacio Lula da Silva", "Lula"),
    ("Turkish President", "Recep Tayyip Erdogan", "Erdogan"),
]  # fmt: skip
SPOKESPEOPLE = [
    ("Kremlin spokesperson", "Dmitry Peskov", "Peskov"),
    ("Chinese Foreign Ministry spokesperson", "Mao Ning", "Mao"),
    ("Russian Presidential Aide", "Yury Ushakov", "Ushakov"),
    ("Chinese Foreign Ministry spokesman", "Lin Jian", "Lin"),
]  # fmt: skip
PLACES = [
    "Beijing",
    "Moscow",
    "Kazan",
    "Astana",
    "Samarkand",
    "New Delhi",
    "Shanghai",
    "Vladivostok",
    "Bishkek",
]
OUTLETS = ["Xinhua", "TASS", "the Global Times", "RIA Novosti", "Interfax", "CCTV"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TOPICS = ["energy cooperation", "the Power of Siberia-2 gas pipeline", "trade in national currencies",
          "the situation in Ukraine", "regional security", "the BRICS summit", "grain exports",
          "nuclear power plants", "space exploration", "the Shanghai Cooperation Organization"]  # fmt: skip
TEMPLATES = [
    "{t1} {n1} held talks with {t2} {n2} in {place} on {weekday}, {outlet} reported.",
    "{s1} and {s2} spoke by phone in {month}, the {k}th conversation between the two leaders this year.",
    '"We discussed {topic} in detail," {s1} told reporters after the meeting in {place}.',
    "{st} {sn} said on {weekday} that the two sides would sign {k} agreements on {topic}.",
    "According to {outlet}, {s1} called on both countries to deepen cooperation on {topic} and {topic2}.",
    "{s2} will visit {place} in {month} {year} for a summit, the {k}th such visit, officials said.",
    "The two leaders agreed to expand {topic}, with trade rising {pct} percent to {amount} billion dollars.",
    '"Relations are at their best level in history," {s2} was quoted by {outlet} as telling {s1}.',
    "Analysts in {place} said the talks on {topic} showed growing trust, {k} years after the treaty.",
    "{sn} told {outlet} on {weekday} that preparations for the {month} meeting were under way.",
    "Earlier, {s1} and {s2} held a video call on {month} {day} to discuss {topic}.",
    "The Kremlin said {s2} and {s1} would exchange views on {topic} and {topic2}.",
]


def article(rng: random.Random, number: int, sentences: int) -> str:
    """One article: a lead, then a shuffled body of filled templates, in paragraphs."""
    (t1, n1, s1), (t2, n2, s2) = rng.sample(LEADERS, 2)
    st, sn, _ = rng.choice(SPOKESPEOPLE)
    lines = []
    for i in range(sentences):
        template = TEMPLATES[0] if i == 0 else rng.choice(TEMPLATES)
        topic, topic2 = rng.sample(TOPICS, 2)
        lines.append(template.format(
            t1=t1, n1=n1, s1=s1, t2=t2, n2=n2, s2=s2, st=st, sn=sn, topic=topic, topic2=topic2,
            place=rng.choice(PLACES), outlet=rng.choice(OUTLETS), month=rng.choice(MONTHS),
            weekday=rng.choice(WEEKDAYS), year=rng.randint(2019, 2026), day=rng.randint(1, 28),
            k=rng.randint(2, 40), pct=rng.randint(2, 45), amount=rng.randint(50, 300),
        ))  # fmt: skip
    lines.append(f"(Story {number}, filed with reference {rng.getrandbits(48):x}.)")
    paragraphs = [" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3)]
    return "\n\n".join(paragraphs)


def generate(count: int, *, words: int = 300, seed: int = 2021) -> Iterator[tuple[str, str]]:
    """(id, text) pairs; about `words` words an article."""
    rng = random.Random(seed)
    sentences = max(2, words // 17)
    for number in range(count):
        yield f"bench-{number:06d}", article(rng, number, sentences)


def write_corpus(folder: Path, count: int, *, words: int = 300, seed: int = 2021) -> int:
    """A folder of .txt files; returns the number of words written."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for ident, text in generate(count, words=words, seed=seed):
        (folder / f"{ident}.txt").write_text(text, encoding="utf-8")
        total += len(text.split())
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--jsonl", action="store_true", help="print JSON Lines instead of writing files")
    parser.add_argument("--out", type=Path, default=Path("bench-corpus"))
    args = parser.parse_args()
    if args.jsonl:
        for ident, text in generate(args.count, words=args.words):
            print(json.dumps({"id": ident, "text": text}))
    else:
        print(write_corpus(args.out, args.count, words=args.words), "words")


if __name__ == "__main__":
    main()
