"""Find what is not article content: donation appeals, related-coverage lists, pasted headlines, photo
credits, the page's date stamps ('Updated on: ...'); and embedded tweets, which are content of their own
author's. A transcript's 'DATE, PLACE' line is its dateline, not a headline.

Rules are data (models/boilerplate.json); this module only applies them. Spans are (start, end, kind).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from xiputin_cli.assets import read_json
from xiputin_cli.header import page_lines, parse_header

Span = tuple[int, int, str]
WORD = re.compile(r"[\w’'‘-]+")
INLINE_KICKER = re.compile(
    r"(?:(?<=[.!?][\"”’ ])|(?<=[\"”] )|(?<=[.!?] ))([A-Z][^\s:.]*(?: [^\s:.]+){0,4}): (?=[A-Z])"
)
SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])[.!?](?=\s|$)")


@cache
def rules() -> dict[str, Any]:
    data: dict[str, Any] = read_json("boilerplate.json")
    return data


@cache
def compiled(kind: str) -> list[re.Pattern[str]]:
    spec = rules()
    patterns = spec["line_patterns"][kind] if kind in spec["line_patterns"] else spec[kind]
    return [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in patterns]


def find_boilerplate(text: str) -> list[Span]:
    page = page_lines(text, parse_header(text).body_start)
    stamps = [(p.span[0], p.span[1], "stamp") for p in page if p.kind == "stamp"]
    dated = [p.span for p in page]
    headlines = [h for h in find_headlines(text) if not any(s <= h[0] < e for s, e in dated)]
    spans = [*find_to_end(text), *find_lists(text), *find_tweets(text), *headlines]
    for kind in rules()["line_patterns"]:
        spans += [(m.start(), m.end(), kind) for p in compiled(kind) for m in p.finditer(text)]
    return sorted({*spans, *(with_gap_before(text, s) for s in stamps)})


def with_gap_before(text: str, span: Span) -> Span:
    """A stamp line's span reaches back over the blank lines before it, so that a sentence the parser ran
    on from a title through the stamp into the lead keeps its lead as evidence."""
    start = len(text[: span[0]].rstrip())
    return (start if "\n" in text[start : span[0]] else span[0], span[1], span[2])


def find_to_end(text: str) -> list[Span]:
    """An outlet's appeal runs from its first line to the end of the text."""
    starts = [m.start() for p in compiled("to_end_markers") for m in p.finditer(text)]
    return [(min(starts), len(text.rstrip()), "appeal")] if starts else []


def find_lists(text: str) -> list[Span]:
    """'Related coverage:' and the headline-like lines that follow it."""
    spans = []
    for pattern in compiled("list_markers"):
        for match in pattern.finditer(text):
            end = match.end()
            for line in re.finditer(r"[^\n]*\n?", text[match.end() :]):
                body = line.group().strip()
                if body and (len(body) > 160 or body.endswith((".", "?", "!"))):
                    break
                if body:
                    end = match.end() + line.start() + len(line.group().rstrip())
            spans.append((match.start(), end, "related"))
    return spans


def find_tweets(text: str) -> list[Span]:
    pattern = re.compile(rules()["tweet"])
    return [(m.start(), m.end(), "tweet") for m in pattern.finditer(text)]


def tweet_author(text: str) -> str | None:
    """The author's name of an embedded tweet span, as its signature gives it."""
    match = re.search(rules()["tweet"], text)
    return match.group("name").strip() if match else None


def is_headline(words: list[str], min_words: int) -> bool:
    spec = rules()["headline"]
    minor = set(spec["minor_words"])
    major = [w for w in words if w.lower() not in minor and not w[0].isdigit()]
    if len(words) < min_words or not major:
        return False
    capitalised = sum(1 for w in major if w[0].isupper() or w[0] in "‘'")
    return capitalised / len(major) >= float(spec["min_capitalised_share"])


def find_headlines(text: str) -> list[Span]:
    """Title-case lines of their own, and 'Kicker: Title Case Words' pasted inside a paragraph."""
    spec = rules()["headline"]
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        body = line.group().strip()
        label = re.match(spec["speaker_label"], body)  # a transcript's 'Name (retranslated): Friends,'
        plain = not SENTENCE_END.search(body) and not label
        if plain and is_headline(WORD.findall(body), spec["min_words_line"]):
            spans.append((line.start() + line.group().index(body[0]), line.end(), "headline"))
    for kicker in INLINE_KICKER.finditer(text):
        line_end = text.find("\n", kicker.start())
        line_end = len(text) if line_end < 0 else line_end
        end_match = SENTENCE_END.search(text, kicker.end(), line_end)
        end = end_match.end() if end_match else line_end
        if is_headline(WORD.findall(text[kicker.start() : end]), spec["min_words_inline"]):
            spans.append((kicker.start(), end, "headline"))
    return spans
