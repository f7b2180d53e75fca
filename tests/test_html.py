"""HTML pages and the SVG chart: escaped, self-contained, every link lands, every meeting placed or listed.

The helpers here (seeded articles, the hostile article, the page parser) are shared with test_views and
test_browser, so all three look at the same records.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from xiputin_cli.chart import Axis, place_points, render_timeline_svg
from xiputin_cli.html import render_article_html, render_timeline_html
from xiputin_cli.presentation import ArticleRef, date_label, meeting_when, order_meetings
from xiputin_cli.records import Article, Claim, DateValue, Entity, Evidence, Meeting

RECORDS = Path(__file__).parent / "data" / "views_seed_records.json"
XP = ["Xi Jinping", "Vladimir Putin"]
SCRIPT = "<script>document.title='PWNED'</script>"
BREAKER = "\"'><img src=x onerror=\"document.title='PWNED'\">"
EVIL_TEXT = (
    f'Putin said {SCRIPT} in Moscow.\n\nXi replied "{BREAKER}" & left <div id="pwned">for Beijing</div>.'
)


def evidence_for(article_id: str, text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(article=article_id, text=sentence, start=start, end=start + len(sentence))


def with_records(article: Article, text: str, records: dict[str, Any]) -> Article:
    """The article's real entities with hand-made meetings and claims (tests/data) in place of what the
    extractors found, so that the views are tested on known records whatever the extractors do."""
    meetings = [
        Meeting.model_validate(
            {
                **m,
                "evidence": [evidence_for(article.id, text, s) for s in m["evidence"]],
                "sources": [article.id],
            }
        )
        for m in records.get("meetings", [])
    ]
    claims = [
        Claim.model_validate({**c, "evidence": evidence_for(article.id, text, c["evidence"])})
        for c in records.get("claims", [])
    ]
    return article.model_copy(update={"meetings": meetings, "claims": claims})


def seeded(seed_articles: dict[str, Any]) -> list[tuple[Article, str]]:
    """The five seeds (real entities from the pipeline) with their text and hand-made records."""
    records = json.loads(RECORDS.read_text(encoding="utf-8"))
    out = []
    for name in sorted(seed_articles):
        article = seed_articles[name]
        text = Path(article.source).read_bytes().decode("utf-8")
        out.append((with_records(article, text, records.get(article.id, {})), text))
    return out


def evil_article() -> tuple[Article, str]:
    """An article whose text, title, labels, speaker and occasion all try to break out of the markup."""
    text = EVIL_TEXT

    def ent(word: str, label: str, canonical: str | None = None) -> Entity:
        start = text.index(word)
        return Entity(text=word, label=label, start=start, end=start + len(word), canonical=canonical or word)

    first, second = text.split("\n\n")
    meeting = Meeting(
        participants=XP, date=DateValue(start="2024-05-16", end="2024-05-16", precision="day", text="May 16"),
        mode="in_person", location=f"Beijing{BREAKER}", occasion=f"state visit {SCRIPT}",
        evidence=[evidence_for("evil", text, second)],
    )  # fmt: skip
    claim = Claim(
        speaker='Xi Jinping" onmouseover="document.title=1', speaker_text=f"Xi{BREAKER}", text=SCRIPT,
        kind="direct", cue="replied", via="<b>TASS</b>", evidence=evidence_for("evil", text, first),
    )  # fmt: skip
    entities = [
        ent("Putin", "PERSON", "Vladimir Putin"),
        ent(SCRIPT, '<img src=x onerror="document.title=1">', f'x" onmouseover="{SCRIPT}'),
        ent("Moscow", "GPE"),
        ent("Xi", "PERSON", "Xi Jinping"),
    ]
    title = f"</title>{SCRIPT}<title>Evil"
    return Article(
        id="evil", source="evil.txt", title=title, entities=entities, meetings=[meeting], claims=[claim]
    ), text


class PageParser(HTMLParser):
    """What a browser would build from the markup: tags, attributes, ids, links and visible text."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def values(self, name: str) -> list[str]:
        return [v for n, v in self.attrs if n == name]

    def broken_links(self) -> list[str]:
        ids = set(self.values("id"))
        return [h for h in self.values("href") if h.startswith("#") and h[1:] not in ids]


def assert_safe(page: str) -> None:
    """No element or event handler that the data could have smuggled in; no request to any host (a link
    to an article's own URL is no request: it is followed only when clicked); no script URL."""
    parsed = PageParser(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "iframe" not in parsed.tags
    assert not [n for n, _ in parsed.attrs if n.startswith("on")]
    assert "pwned" not in parsed.values("id")
    external = [
        v
        for tag, attrs in parsed.elements
        for n, v in attrs.items()
        if (n == "src" or (n == "href" and tag != "a")) and v.startswith(("http:", "https:", "//"))
    ]
    assert external == []
    assert not [
        v for n, v in parsed.attrs if n == "href" and v.strip().lower().startswith(("javascript:", "data:"))
    ]
    assert "<link" not in page and "@import" not in page and "url(" not in page


@pytest.fixture(scope="module")
def seeds(seed_articles: dict[str, Any]) -> list[tuple[Article, str]]:
    return seeded(seed_articles)


def test_article_page_escapes_everything() -> None:
    article, text = evil_article()
    page = render_article_html(article, text)
    assert_safe(page)
    parsed = PageParser(page)
    visible = "".join(parsed.text)
    assert SCRIPT in visible  # shown as text, exactly as written
    assert "onerror=\"document.title='PWNED'\"" in visible
    assert "&lt;script&gt;" in page and "&quot;" in page
    assert parsed.values("title")  # the canonical tooltip survived as one attribute value
    assert any('onmouseover="' in v for v in parsed.values("title"))
    assert '<img src=x onerror="document.title=1">' in parsed.values("data-label")


def test_article_page_links_every_meeting_and_claim(seeds: list[tuple[Article, str]]) -> None:
    for article, text in seeds:
        page = render_article_html(article, text)
        parsed = PageParser(page)
        ids = set(parsed.values("id"))
        assert {f"meeting-{n}" for n in range(1, len(article.meetings) + 1)} <= ids
        assert {f"claim-{n}" for n in range(1, len(article.claims) + 1)} <= ids
        jumps = [h for h in parsed.values("href") if h.startswith("#ev-")]
        assert len(jumps) == sum(len(m.evidence) for m in article.meetings) + len(article.claims)
        assert parsed.broken_links() == []
        assert_safe(page)


def test_evidence_marks_wrap_the_evidence_text(seeds: list[tuple[Article, str]]) -> None:
    article, text = next(s for s in seeds if s[0].id.startswith("004"))
    page = render_article_html(article, text)
    assert page.count('<mark class="evidence" id="ev-') == 2  # M1 and C1 share the first sentence
    first = page.split('id="ev-1"', 1)[1].split("</mark></mark>", 1)[0]
    assert "M1</a>" in first and "C1</a>" in first


def test_article_page_shows_the_seed_entities(seeds: list[tuple[Article, str]]) -> None:
    article, text = next(s for s in seeds if s[0].id.startswith("002"))
    parsed = PageParser(render_article_html(article, text))
    labels = parsed.values("data-label")
    assert labels.count("PERSON") == sum(e.label == "PERSON" for e in article.entities)
    assert "Xi Jinping" in parsed.values("title") and "Vladimir Putin" in parsed.values("title")
    assert {"GPE", "ORG", "DATE"} <= set(labels)


def test_evidence_not_in_the_text_is_listed_not_linked() -> None:
    article, text = evil_article()
    stray = Evidence(article="other", text="Elsewhere they met.", start=0, end=19)
    article.meetings[0].evidence.append(stray)
    page = render_article_html(article, text)
    assert "not in this text (other)" in page
    assert PageParser(page).broken_links() == []


def meeting(start: str | None, precision: str | None = "day", end: str | None = None, **kw: Any) -> Meeting:
    value = DateValue(start=start, end=end or start, precision=precision, text=start or "Friday")
    return Meeting(participants=XP, date=value, **kw)


def test_dates_read_as_precisely_as_recorded() -> None:
    assert date_label(DateValue(start="2025-01-01", end="2025-01-31", precision="month")) == "2025-01"
    assert (
        date_label(DateValue(start="2025-02-21", end="2025-02-28", precision="range")) == "2025-02-21 – 02-28"
    )
    assert date_label(DateValue(start="2024-01-01", end="2024-12-31", precision="year")) == "2024"
    assert date_label(DateValue(text="on Friday")) == "date unknown"
    assert date_label(DateValue(start="--05-19", precision="day")) == "date unknown"
    month = meeting_when(DateValue(start="2025-01-01", end="2025-01-31", precision="month"))
    assert month is not None and month.mid == date(2025, 1, 16)


def test_month_precision_sits_mid_month_with_its_interval() -> None:
    jan = meeting("2025-01-01", "month", "2025-01-31", mode="video")
    axis = Axis.covering([w for m in [jan] if (w := meeting_when(m.date))])
    (point,) = place_points([jan], axis)
    assert point.x == axis.x(date(2025, 1, 16))
    assert point.x0 == axis.x(date(2025, 1, 1)) and point.x1 == axis.x(date(2025, 2, 1))


def test_nearby_labels_are_staggered_never_overlapping_or_crossed() -> None:
    crowd = [meeting(f"2021-06-{d:02d}", location="Dushanbe") for d in range(1, 29, 3)]
    crowd += [meeting("2021-06-10", mode="phone", status="planned"), meeting("2021-12-30", mode="video")]
    axis = Axis.covering([w for m in crowd if (w := meeting_when(m.date))])
    points = place_points(order_meetings(crowd), axis)
    assert all(p.lane is not None for p in points) and len({p.lane for p in points}) > 5
    for a in points:
        for b in points:
            assert a.lane is not None and b.lane is not None
            if a is not b and a.lane == b.lane:
                assert a.box[1] <= b.box[0] or b.box[1] <= a.box[0]
            if b.lane > a.lane:  # b's pole passes a's lane
                assert not a.text_box[0] <= b.x <= a.text_box[1]
    (flipped,) = [p for p in points if p.flip]  # the label at the right edge turns left
    assert flipped.meeting.date.start == "2021-12-30" and flipped.text_box[1] < flipped.x


@pytest.mark.parametrize("count", [0, 1, 40])
def test_timeline_svg_is_well_formed_for_any_number(count: int) -> None:
    meetings = [meeting(f"{2010 + n % 15}-{1 + n % 12:02d}-15", mode="phone") for n in range(count)]
    root = ET.fromstring(render_timeline_svg(meetings))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    points = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("id", "").startswith("point-")]
    assert len(points) == count
    if count == 0:
        assert "No meetings to show." in ET.tostring(root, encoding="unicode")


def test_timeline_svg_tooltips_links_and_undated() -> None:
    web = meeting("2023-10-18", mode="in_person", location="Beijing", sources=["https://example.org/a"],
                  evidence=[Evidence(article="a", text="They met in Beijing.", start=0, end=20)])  # fmt: skip
    local = meeting("2025-05-08", location="Moscow", sources=["b"])
    undated = meeting(None, None, mode="video", status="planned", sources=["c"])
    svg = render_timeline_svg([undated, local, web])
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert [a.get("href") for a in root.iter(f"{ns}a")] == ["https://example.org/a"]
    titles = [t.text or "" for t in root.iter(f"{ns}title")]
    assert any("They met in Beijing." in t and "(a)" in t for t in titles)
    assert any("Sources: b" in t for t in titles)
    last = next(g for g in root.iter(f"{ns}g") if g.get("id") == "point-3")
    assert "Date unknown" in svg and "video · planned · c" in ET.tostring(last, encoding="unicode")


def test_timeline_page_links_points_to_the_list(seeds: list[tuple[Article, str]]) -> None:
    meetings = [m for article, _ in seeds for m in article.meetings]
    evil, _ = evil_article()
    page = render_timeline_html([*meetings, *evil.meetings])
    assert_safe(page)
    parsed = PageParser(page)
    assert parsed.broken_links() == []
    total = len(meetings) + 1
    assert {f"#meeting-{n}" for n in range(1, total + 1)} <= set(parsed.values("href"))
    visible = "".join(parsed.text)
    for label in ("2023-10-18", "2025-05-08", "2025-01", "2025-02-21 – 02-28", "Date unknown", "Beijing"):
        assert label in visible
    assert f"state visit {SCRIPT}" in visible


def test_empty_timeline_page() -> None:
    page = render_timeline_html([])
    assert "No meetings to show." in page
    assert_safe(page)


def sixty_meetings() -> list[Meeting]:
    """A synthetic timeline the size of the real one: about 60 meetings and calls, 2013–2025, some close
    together (a summit week), some month-dated, some planned, two undated."""
    places = ["Moscow", "Beijing", "Dushanbe", "Astana", "Samarkand", "Kazan", "Bishkek", "Vladivostok"]
    out = []
    for n in range(58):
        day = date(2013, 3, 22) + timedelta(days=n * 80 + (n % 5) * 3)
        mode = ("in_person", "in_person", "video", "phone")[n % 4]
        place = places[n % len(places)] if mode == "in_person" else None
        if n % 9 == 4:
            out.append(meeting(f"{day:%Y-%m}-01", "month", f"{day:%Y-%m}-28", mode=mode, location=place))
        else:
            status = "planned" if n % 11 == 10 else "held"
            out.append(meeting(day.isoformat(), mode=mode, location=place, status=status, sources=[f"a{n}"]))
    out += [meeting("2019-06-05", location="Moscow"), meeting("2019-06-06", location="St Petersburg")]
    return [*out, meeting(None, None, mode="phone"), meeting(None, None, sources=["a3"])]


def test_a_real_sized_timeline_labels_every_point_without_overlap() -> None:
    meetings = order_meetings(sixty_meetings())
    dated = [m for m in meetings if meeting_when(m.date)]
    axis = Axis.covering([w for m in dated if (w := meeting_when(m.date))])
    points = place_points(meetings, axis)
    assert len(points) == len(dated) == 60 and all(p.numbered for p in points)
    labelled = [p for p in points if p.lane is not None]
    assert all(p.base in labelled for p in points if p.lane is None)  # stacked: named on the base's label
    assert len({p.lane for p in labelled}) <= 4  # numbers need few lanes: the chart stays short
    for a in labelled:
        for b in labelled:
            if a is not b and a.lane == b.lane:
                assert a.box[1] <= b.box[0] or b.box[1] <= a.box[0]
    root = ET.fromstring(render_timeline_svg(meetings))
    ns = "{http://www.w3.org/2000/svg}"
    labels = [t for t in root.iter(f"{ns}text") if t.get("class") == "label"]
    numbers = sorted(int(n) for t in labels for n in "".join(t.itertext()).split())
    assert numbers == [p.number for p in points]
    assert "points numbered in date order" in render_timeline_svg(meetings)


def test_few_meetings_keep_their_date_and_place_labels() -> None:
    meetings = [meeting("2023-10-18", location="Beijing"), meeting("2024-05-16", location="Beijing")]
    axis = Axis.covering([w for m in meetings if (w := meeting_when(m.date))])
    assert not any(p.numbered for p in place_points(meetings, axis))
    assert "2023-10-18</tspan>" in render_timeline_svg(meetings)


def test_year_labels_sit_at_year_starts() -> None:
    meetings = order_meetings(sixty_meetings())
    axis = Axis.covering([w for m in meetings if (w := meeting_when(m.date))])
    root = ET.fromstring(render_timeline_svg(meetings))
    years = {t.text: float(t.get("x", "0")) for t in root.iter("{http://www.w3.org/2000/svg}text")
             if t.get("class") == "year"}  # fmt: skip
    assert list(years) == [str(y) for y in range(2013, 2026)]
    for year, x in years.items():
        assert axis.x(date(int(year), 1, 1)) <= x < axis.x(date(int(year), 2, 1))


REFS = {
    "a1": ArticleRef(
        "a1", title="Leaders meet in Moscow", outlet="Example Wire", url="https://example.org/a1"
    ),
    "a2": ArticleRef("a2", title="Video call on trade"),
    "evil": ArticleRef("evil", title=f"Evil {SCRIPT}", outlet=BREAKER, url="javascript:alert(1)"),
}


def test_timeline_names_articles_by_title_and_outlet_with_links() -> None:
    ev = [Evidence(article="a1", text="They met in Moscow.", start=0, end=19)]
    meetings = [
        meeting("2023-03-21", location="Moscow", sources=["a1", "a2", "a9"], evidence=ev),
        meeting("2024-05-16", location="Beijing", sources=["evil"]),
    ]
    page = render_timeline_html(meetings, articles=REFS)
    assert_safe(page)
    parsed = PageParser(page)
    links = [(tag, attrs.get("href")) for tag, attrs in parsed.elements if tag == "a"]
    assert ("a", "https://example.org/a1") in links
    assert not [h for _, h in links if h and h.startswith("javascript:")]
    visible = "".join(parsed.text)
    for name in ("Leaders meet in Moscow", "Example Wire", "Video call on trade", "a9", f"Evil {SCRIPT}"):
        assert name in visible
    assert "Articles: Leaders meet in Moscow Example Wire; Video call on trade; a9" in visible  # not by id
    svg = render_timeline_svg(meetings, articles=REFS)
    assert "Sources: Leaders meet in Moscow — Example Wire; Video call on trade; a9" in svg


def test_timeline_without_article_names_falls_back_to_ids() -> None:
    page = render_timeline_html([meeting("2023-03-21", sources=["002_abc"])])
    assert "Articles: <b>002_abc</b>" in page


def test_article_page_hides_the_date_header_and_marks_sentences_only() -> None:
    sentence = "Xi Jinping held talks with Vladimir Putin in Beijing on Thursday."
    text = f" date 2024-05-16 Leaders meet in Beijing\n\n{sentence} Trade grew."
    stretch = "Leaders meet in Beijing\n\n" + sentence  # a sentence span that began at the headline
    start = text.index(stretch)
    evidence = [Evidence(article="x", text=stretch, start=start, end=start + len(stretch))]
    found = meeting("2024-05-16", evidence=evidence)
    article = Article(id="x", source="x.txt", published="2024-05-16", meetings=[found])
    page = render_article_html(article, text)
    body = page.split('<div class="article-text">', 1)[1]
    assert "date 2024-05-16" not in body and body.lstrip().startswith("Leaders meet")
    marked = body.split('<mark class="evidence"', 1)[1].split("</mark>", 1)[0]
    assert sentence in marked and "Leaders meet" not in marked and "Trade grew" not in marked
    stray = Evidence(article="x", text="Not in this article at all.", start=start, end=start + 27)
    moved = article.model_copy(update={"meetings": [meeting("2024-05-16", evidence=[stray])]})
    assert '<mark class="evidence" id=' not in render_article_html(moved, text)  # offsets alone mark nothing


def test_timeline_command_names_articles_by_title_from_the_run_and_from_the_store(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from xiputin_cli.cli import app

    line = {
        "id": "talks-1",
        "title": "Leaders hold talks in Moscow",
        "published": "2023-03-21",
        "text": "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on "
        "Tuesday, the Kremlin said. The two leaders signed a joint statement.",
    }
    source = tmp_path / "articles.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    db, runner = str(tmp_path / "store.db"), CliRunner()
    for name, args in (("run", [str(source)]), ("store", [])):
        page = tmp_path / f"{name}.html"
        done = runner.invoke(app, ["timeline", *args, "--html", str(page), "--db", db])
        assert done.exit_code == 0, done.output
        visible = "".join(PageParser(page.read_text(encoding="utf-8")).text)
        assert "Articles: Leaders hold talks in Moscow" in visible, name
