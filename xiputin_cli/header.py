"""The lines before a story's body: a ' date YYYY-MM-DD ' header, a dateline, a title."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from xiputin_cli.assets import read_json
from xiputin_cli.gazetteer import lookup
from xiputin_cli.records import Dateline, PublishedFrom

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
HEADER = re.compile(r"\A\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:.+Z-]+)?\s+", re.IGNORECASE)
SOURCE_PREFIX = re.compile(r"\((?:[^()\n]|\([^()\n]*\)){1,80}\)\s+")
PLACE = r"[A-Z][A-Za-z.'’-]*(?:[ -][A-Z][A-Za-z.'’-]*){0,3}"
MONTH_DAY = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?"
MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s"
REGION = (
    rf"(?: /[A-Z][A-Za-z]+/)?(?:, (?!{MONTH_WORD})[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=[ ,]))?"
    r"(?: \([A-Z][a-z]+(?: [A-Z][a-z]+)?\)(?= \())?"  # 'Porto (Portugal) (AFP)'
)
AGENCY = r" \([A-Z][\w .&-]{0,30}\)|\. /[A-Z][\w-]{1,20}/\.| \| [A-Z][\w ]{1,20} \|"
DATELINE = re.compile(
    rf"(?P<place>{PLACE}){REGION}(?:, (?P<date>{MONTH_DAY}))?(?P<agency>{AGENCY})?"
    r"(?:\s*(?::|--|—|–| -)\s|(?<=/\.)\s|(?<=\|)\s|(?P<alone>(?<=\))[ \t]*\n))"
)


class Header(NamedTuple):
    published: str | None
    body_start: int


def parse_header(text: str) -> Header:
    match = HEADER.match(text)
    if not match:
        return Header(None, 0)
    try:
        return Header(date.fromisoformat(match.group(1)).isoformat(), match.end())
    except ValueError:
        return Header(None, 0)


def parse_dateline(
    text: str, start: int, published: str | None
) -> tuple[Dateline | None, tuple[int, int] | None]:
    """'Moscow, May 8:', 'TOKYO, Oct 18 (KUNA) --', 'PORTO, April 19. /Lusa/.', 'Porto (Portugal) (AFP)'
    alone on its line, at the start of the body or of its first paragraph after a title and captions: where
    the story was filed."""
    for at, sure in dateline_starts(text, start):
        prefix = SOURCE_PREFIX.match(text, at)
        match = DATELINE.match(text, prefix.end() if prefix else at)
        if not match:
            continue
        place, when = match.group("place"), match.group("date")
        if not (
            when or match.group("agency") or (sure and place.isupper() and len(place) > 2 and known(place))
        ):
            continue
        if match.group("alone") and not (match.group("agency") and known(place)):
            continue  # 'Porto (Portugal) (AFP)' alone on its line: a known place only ('Top Story (AFP)')
        if is_person(place) or any(p.span[0] <= match.start() < p.span[1] for p in page_lines(text, start)):
            continue  # a speaker's label ('Xi Jinping (retranslated):'), a stamp ('PUBLISHED :')
        dateline = Dateline(
            place=place.title() if place.isupper() else place, date=dateline_date(when, published)
        )
        return dateline, (match.start(), match.start("alone") if match.group("alone") else match.end())
    return None, None


def known(place: str) -> bool:
    """A bare 'MOSCOW —' is a dateline only when the place lists know the place ('BREAKING:' is none)."""
    from xiputin_cli.places import is_known

    return is_known(place)


def is_person(name: str) -> bool:
    """A person xiputin knows by name (a speaker's label 'Xi Jinping (retranslated):' is no dateline)."""
    known = lookup(name)
    return known is not None and known.label == "PERSON"


def dateline_starts(text: str, start: int) -> list[tuple[int, bool]]:
    """Where a dateline may begin: the body's start, each head line and the first paragraph (sure: a bare
    'MOSCOW —' counts), and the line after that paragraph (only with a date or an agency)."""
    starts, paragraphs = [(start, True)], 0
    for match in re.finditer(r"[^\n]+", text[start:]):
        line = match.group()
        if not line.strip():
            continue
        starts.append((start + match.start() + len(line) - len(line.lstrip()), paragraphs == 0))
        paragraphs += is_paragraph(line)
        if paragraphs > 1 or starts[-1][1] is False or len(starts) > head_limits()["max_lines"]:
            break
    return starts


def dateline_date(when: str | None, published: str | None) -> str | None:
    """ISO date; a month-day whose year the article does not give stays ISO '--MM-DD'."""
    if not when:
        return None
    parts = re.match(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:, (\d{4}))?", when)
    if not parts:
        return None
    month, day = MONTHS.get(parts.group(1).lower()), int(parts.group(2))
    year = int(parts.group(3)) if parts.group(3) else year_near(published, month)
    try:
        return date(year, month or 0, day).isoformat() if year else f"--{month:02d}-{day:02d}"
    except ValueError:
        return None


def year_near(published: str | None, month: int | None) -> int | None:
    """A dateline's month-day lies on or just before the publication date (December datelines in January)."""
    if not published or not month:
        return None
    pub = date.fromisoformat(published)
    return pub.year - 1 if month > pub.month + 1 else pub.year


def find_title(text: str, start: int) -> str | None:
    """A short first line without closing punctuation, set off by a blank line, reads as the title; a
    date stamp or a one- or two-word kicker ('Vladimir Putin') set off above it is passed over."""
    dated = [p.span[0] for p in page_lines(text, start)]
    at = start
    for _ in range(3):
        body = text[at:]
        at += len(body) - len(body.lstrip())
        first, sep, rest = text[at:].partition("\n")
        if not (sep and rest.startswith("\n")) or not (at in dated or len(first.split()) < 3):
            break
        at += len(first) + 1
    return title_line(text[at:])


def title_line(text: str) -> str | None:
    """The text's first line when it reads as a title."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or len(first) > 150 or len(first.split()) < 3:
        return None
    if first.endswith((".", "!", "?", ":", ",", '"', "”")) or not rest.startswith("\n"):
        return None
    return first


# --- the page's own date: stamp lines and date lines in its head -----------------------------------------

WRITTEN_DMY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3})[a-z]*\.?(?:,? ?|-)(\d{4})")
WRITTEN_MDY = re.compile(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?,? ?(\d{4})")
CLOSED = re.compile(r"[.!:;][\"”’']?\s*$")  # not '?': headlines ask questions


class PageDate(NamedTuple):
    """A date the page states for itself; a 'dateline' kind also names the place (a transcript's line)."""

    published: str
    span: tuple[int, int]
    kind: str
    place: str | None = None
    rank: int = 0  # the rule's place in models/page_dates.json: earlier rules are surer
    bare: bool = False  # a date (and place) alone on its line, no 'Published' word
    explicit: bool = False  # the page's own publication stamp ('Published ...', 'Source | ... | DATE')


class PageRule(NamedTuple):
    """One line form of models/page_dates.json."""

    kind: str
    pattern: re.Pattern[str]
    bare: bool  # a date (and place) alone on its line
    explicit: bool  # the page's own publication stamp: its day wins over a dateline's
    once: bool  # counts only when no other line of the article has its form (a table's rows)


@cache
def page_rules() -> tuple[PageRule, ...]:
    """The line forms from models/page_dates.json, pieces filled in, in the order they are tried."""
    spec: dict[str, Any] = read_json("page_dates.json")
    pieces: dict[str, str] = dict(spec["pieces"])
    for _ in range(3):  # pieces may use pieces ('{month}' inside '{date}')
        pieces = {k: fill(v, pieces) for k, v in pieces.items()}
    return tuple(
        PageRule(
            str(r["kind"]),
            re.compile(fill(r["pattern"], pieces)),
            bool(r.get("bare")),
            bool(r.get("explicit")),
            bool(r.get("once")),
        )
        for r in spec["lines"]
    )


def fill(pattern: str, pieces: dict[str, str]) -> str:
    """A pattern with its '{date}', '{time}' ... pieces written out."""
    return re.sub(r"\{(month|date|weekday|time|place)\}", lambda m: pieces[m.group(1)], pattern)


@cache
def head_limits() -> dict[str, int]:
    """How far a page's head reaches and what counts as a paragraph (models/page_dates.json)."""
    limits: dict[str, int] = read_json("page_dates.json")["head"]
    return limits


def is_paragraph(line: str) -> bool:
    """A line of running text: a sentence of some length, closed, or long whatever its ending."""
    words = len(line.split())
    limits = head_limits()
    closed = CLOSED.search(line) is not None
    return (words >= limits["paragraph_min_words"] and closed) or words >= limits[
        "paragraph_words_any_ending"
    ]


def head_lines(text: str, start: int) -> list[tuple[int, str]]:
    """(offset, line) of the page's head: the non-empty lines before its first paragraph."""
    lines: list[tuple[int, str]] = []
    for match in re.finditer(r"[^\n]+", text[start:]):
        line = match.group()
        if not line.strip():
            continue
        if is_paragraph(line) or len(lines) >= head_limits()["max_lines"]:
            break
        lines.append((start + match.start(), line))
    return lines


def page_lines(text: str, start: int) -> list[PageDate]:
    """Every head line that states the page's date, each by the first rule (in models/ order) it matches."""
    found = []
    for offset, line in head_lines(text, start):
        for rank, rule in enumerate(page_rules()):
            match = rule.pattern.match(line)
            when = written_date(match.group("date")) if match else None
            if match and when:
                place = match.groupdict().get("place")
                span = (offset, offset + len(line.rstrip()))
                found.append(PageDate(when, span, rule.kind, place, rank, rule.bare, rule.explicit))
                break
    return found


def find_page_date(text: str, start: int) -> PageDate | None:
    """'Published on Dec 26, 2022', 'Updated on: 19 March,2023', a date line under the title, 'March 12,
    2019, Porto': the line of the earliest rule in models/ (a 'Published' line before an 'Updated' one).
    A caption's or a sentence's date is never one: it is in a paragraph, or not a whole line's form."""
    lines = page_lines(text, start)
    if any(p.bare for p in lines) and bare_lines(text) > 1:
        lines = [p for p in lines if not p.bare]  # a list of dated entries
    lines = [p for p in lines if not page_rules()[p.rank].once or form_lines(text, p.rank) == 1]
    return min(lines, key=lambda p: (p.rank, p.span[0])) if lines else None


def form_lines(text: str, rank: int) -> int:
    """How many lines of the whole text have the form of rule `rank` (rows of a table are no stamp)."""
    pattern = page_rules()[rank].pattern
    return sum(1 for m in re.finditer(r"[^\n]+", text) if pattern.match(m.group()))


def bare_lines(text: str) -> int:
    """How many lines of the whole text are a date (and place) alone."""
    bare = [rule.pattern for rule in page_rules() if rule.bare]
    lines = (m.group() for m in re.finditer(r"[^\n]+", text))
    return sum(1 for line in lines if any(p.match(line) for p in bare))


def written_date(text: str) -> str | None:
    """'17 November, 2014', 'May 03, 2015', '2024-05-21', '2024/05/21' → ISO; None when not a real date."""
    try:
        iso = re.fullmatch(r"(\d{4})([-/.])(\d{2})\2(\d{2})", text)  # year first: never ambiguous
        if iso:
            return date(int(iso.group(1)), int(iso.group(3)), int(iso.group(4))).isoformat()
        dmy, mdy = WRITTEN_DMY.fullmatch(text), WRITTEN_MDY.fullmatch(text)
        if dmy:
            day, month, year = int(dmy.group(1)), MONTHS.get(dmy.group(2).lower()), int(dmy.group(3))
        elif mdy:
            month, day, year = MONTHS.get(mdy.group(1).lower()), int(mdy.group(2)), int(mdy.group(3))
        else:
            return None
        return date(year, month or 0, day).isoformat()
    except ValueError:
        return None


def page_dateline(page: PageDate) -> Dateline:
    """A transcript's 'DATE, PLACE' line read as its dateline: where the page was written, on that day;
    of 'The Kremlin, Moscow' the first part the place lists know."""
    from xiputin_cli.places import is_known  # the lists load only for pages that have such a line

    parts = [p.strip() for p in (page.place or "").split(",") if p.strip()]
    place = next((p for p in parts if is_known(p)), parts[0] if parts else "")
    return Dateline(place=place.title() if place.isupper() else place, date=page.published)


class Head(NamedTuple):
    """What the page's head says about the page: its date (and from where) and its dateline."""

    published: str | None
    published_from: PublishedFrom | None
    dateline: Dateline | None
    dateline_span: tuple[int, int] | None
    own_line: bool = False  # the dateline is the page's own 'DATE, PLACE' line: where the event took place


def read_head(text: str, start: int, published: str | None) -> Head:
    """The dateline, and the publication date from the header's date, a dateline with a year or the page's
    own stamp or date line ('text'; a 'Published' stamp over a dateline's filing day where the two differ);
    a transcript's 'DATE, PLACE' line is its dateline when it has no other.
    `published` (the header's or the caller's) only places a dateline's month-day in its year."""
    page = find_page_date(text, start)
    dateline, span = parse_dateline(text, start, published or (page.published if page else None))
    if dateline is None and page is not None and page.kind == "dateline":
        return Head(page.published, "text", page_dateline(page), page.span, own_line=True)
    below = place_below(text, start, page) if dateline is None and page is not None else None
    if below is not None and page is not None:
        return Head(
            page.published, "text", Dateline(place=below[0], date=page.published), below[1], own_line=True
        )
    filed = dateline.date if dateline else None
    stamped = page is not None and page.explicit and page.published != filed
    if dateline and dateline.date and not dateline.date.startswith("--") and not stamped:
        return Head(dateline.date, "dateline", dateline, span)
    return Head(page.published if page else None, "text" if page else None, dateline, span)


TIME_LINE = re.compile(r"\s*\d{1,2}[:.]\d{2}(?:\s*[A-Za-z.]{2,4})?\s*")


def place_below(text: str, start: int, page: PageDate) -> tuple[str, tuple[int, int]] | None:
    """A date line with the place on a line of its own below it (and perhaps a time between): 'May 21,
    2024' / '17:30' / 'Porto'. The place must be one the place lists know."""
    from xiputin_cli.places import is_known

    lines = [(at, line) for at, line in head_lines(text, start) if at > page.span[0]]
    lines = [(at, line) for at, line in lines[:2] if not TIME_LINE.fullmatch(line)][:1]
    for at, line in lines:
        words = line.strip()
        first = words.split(",")[0].strip()
        if len(words.split()) <= 4 and is_known(first):
            return first, (page.span[0], at + len(line.rstrip()))
    return None
