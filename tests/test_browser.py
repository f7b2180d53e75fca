"""The pages in a real browser: headless Chromium renders them, screenshots them and dumps the live DOM.

Skipped when Chromium is missing (CI installs the Debian `chromium` package). Set XIPUTIN_UPDATE_DOCS=1 to
also rewrite docs/timeline.png, the README's picture, from the seeds' timeline.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.test_html import REFS, assert_safe, evil_article, seeded, sixty_meetings
from xiputin_cli.chart import render_timeline_svg
from xiputin_cli.html import render_article_html, render_timeline_html
from xiputin_cli.records import Article, DateValue, Meeting

CHROMIUM = Path(os.environ.get("XIPUTIN_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--no-first-run", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]  # fmt: skip
DOCS = Path(__file__).resolve().parents[1] / "docs"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"headless Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
)


def chromium(tmp_path: Path, *args: str) -> str:
    """Run Chromium once with a throwaway profile; its stdout (the DOM for --dump-dom)."""
    profile = tmp_path / "profile"
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def dump_dom(tmp_path: Path, page: str, name: str = "page.html") -> str:
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return chromium(tmp_path, "--dump-dom", path.as_uri())


def screenshot(tmp_path: Path, page_path: Path, size: tuple[int, int] = (1280, 2000)) -> Path:
    """A PNG of the page as rendered; checked to be the requested size and not blank."""
    png = page_path.with_suffix(".png")
    chromium(tmp_path, f"--screenshot={png}", f"--window-size={size[0]},{size[1]}", page_path.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == size
    assert len(data) > 20_000  # a blank page compresses to a few kB
    return png


def title_of(dom: str) -> str:
    found = re.search(r"<title>(.*?)</title>", dom, re.DOTALL)
    return found.group(1) if found else ""


@pytest.fixture(scope="module")
def seeds(seed_articles: dict[str, Any]) -> list[tuple[Article, str]]:
    return seeded(seed_articles)


@pytest.fixture(scope="module")
def seed_meetings(seeds: list[tuple[Article, str]]) -> list[Meeting]:
    return [m for article, _ in seeds for m in article.meetings]


def test_dump_dom_shows_what_scripts_do(tmp_path: Path) -> None:
    """The control: a script that does run is visible in the dump, so the checks below can see one."""
    page = "<!DOCTYPE html><title>ok</title><body><script>document.title='PWNED'</script></body>"
    assert title_of(dump_dom(tmp_path, page)) == "PWNED"


def test_article_page_renders_entities_and_meetings(tmp_path: Path, seeds: list[tuple[Article, str]]) -> None:
    article, text = next(s for s in seeds if s[0].id.startswith("004"))
    page = render_article_html(article, text)
    dom = dump_dom(tmp_path, page, "article.html")
    assert title_of(dom) == article.id
    assert '<tr id="meeting-1">' in dom and "third Belt and Road Forum for International Cooperation" in dom
    assert re.search(r'data-label="PERSON"[^>]*>Vladimir Putin<', dom)
    assert re.search(r'data-label="GPE"[^>]*>Beijing<', dom)
    assert '<mark class="evidence" id="ev-1"' in dom and 'href="#ev-1"' in dom
    screenshot(tmp_path, tmp_path / "article.html")


def test_injected_script_does_not_run(tmp_path: Path) -> None:
    article, text = evil_article()
    dom = dump_dom(tmp_path, render_article_html(article, text), "evil.html")
    assert (
        title_of(dom) == "&lt;/title&gt;&lt;script&gt;document.title='PWNED'&lt;/script&gt;&lt;title&gt;Evil"
    )
    assert_safe(dom)  # the live DOM has no script, img or handler: the data stayed text
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom  # shown as text instead
    assert "Beijing\"'&gt;&lt;img src=x onerror=\"document.title='PWNED'\"&gt;" in dom.replace("&quot;", '"')
    timeline = dump_dom(tmp_path, render_timeline_html(article.meetings), "evil-timeline.html")
    assert title_of(timeline) == "Xi–Putin meetings"
    assert_safe(timeline)


def test_timeline_page_shows_every_meeting(tmp_path: Path, seed_meetings: list[Meeting]) -> None:
    dom = dump_dom(tmp_path, render_timeline_html(seed_meetings), "timeline.html")
    for label in ("2020-12-28", "2021-05-19", "2023-10-18", "2025-01", "2025-02-21 – 02-28", "2025-05-08"):
        assert dom.count(label) >= 2, label  # on the chart and in the list
    assert "Date unknown" in dom and "003_1a121907ce788c61" in dom
    points = re.findall(r'<g class="meeting" id="point-(\d+)"', dom)
    assert sorted(map(int, points)) == list(range(1, len(seed_meetings) + 1))
    screenshot(tmp_path, tmp_path / "timeline.html")


def test_a_timeline_card_shows_what_each_article_said(
    tmp_path: Path, seeds: list[tuple[Article, str]]
) -> None:
    from xiputin_cli.timeline import merge_meetings

    merged = merge_meetings([article for article, _ in seeds])
    told = [m for m in merged if len(m.history) > 1]
    assert told, "the seeds have a meeting two articles report"
    dom = dump_dom(tmp_path, render_timeline_html(merged), "timeline.html")
    assert dom.count('<ol class="history">') == len(told)
    for report in told[0].history:
        assert f"{report.source}: <b>{report.status}</b>" in dom


def test_a_timeline_card_marks_what_the_articles_disagree_about_and_who_visited_whom(
    tmp_path: Path, seeds: list[tuple[Article, str]]
) -> None:
    """Two articles of one call, one saying video and one phone (a synthetic pair), and the seeds' state
    visit: the rendered cards list both modes with their articles, and the visit's coded events."""
    from xiputin_cli.timeline import merge_meetings

    call = Meeting(participants=["Vladimir Putin", "Xi Jinping"], date=DateValue(start="2024-03-05",
                   end="2024-03-05", precision="day", text="5 March"), mode="video")  # fmt: skip
    told = [
        Article(id=name, source=f"{name}.txt", meetings=[call.model_copy(update={"mode": mode})])
        for name, mode in (("wire-a", "video"), ("wire-b", "phone"))
    ]
    merged = merge_meetings([article for article, _ in seeds] + told)
    disputed = next(m for m in merged if m.date.start == "2024-03-05")
    assert disputed.disagreements and disputed.disagreements[0].field == "mode"
    visit = next(m for m in merged if m.date.start == "2025-05-08" and m.visitor)
    dom = dump_dom(tmp_path, render_timeline_html(merged), "timeline.html")
    assert dom.count('<ul class="disagreements">') == sum(1 for m in merged if m.disagreements)
    assert "<b>mode</b>: video (wire-a); phone (wire-b)" in dom
    events = re.findall(r'<div class="events">(.*?)</div>', dom)
    assert any(f"{visit.visitor} visited {visit.host}" in line and "042" in line for line in events)


def test_standalone_svg_renders(tmp_path: Path, seed_meetings: list[Meeting]) -> None:
    svg = render_timeline_svg(seed_meetings)
    path = tmp_path / "timeline.svg"
    path.write_text(svg, encoding="utf-8")
    match = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert match
    png = screenshot(tmp_path, path, (int(match.group(1)), int(match.group(2))))
    if os.environ.get("XIPUTIN_UPDATE_DOCS") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(png, DOCS / "timeline.png")


MEASURE = """<script>
const box = (e) => { const r = e.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: e.textContent}; };
const out = {
  labels: [...document.querySelectorAll("svg text.label")].map(box),
  years: [...document.querySelectorAll("svg text.year")].map(box),
  ticks: [...document.querySelectorAll("svg line.tick")].map(box),
  dates: [...document.querySelectorAll("svg text.label tspan.date")].map((e) => box(e).bottom - box(e).top),
  marks: [...document.querySelectorAll("mark.evidence[id]")].map((e) => { const c = e.cloneNode(true);
    c.querySelectorAll(".entity-label, .ev-tag").forEach((x) => x.remove()); return c.textContent; }),
  text: (document.querySelector(".article-text") || {textContent: ""}).textContent,
  page: document.documentElement.scrollWidth, viewport: window.innerWidth,
};
const pre = document.createElement("pre"); pre.id = "geometry"; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def measure(tmp_path: Path, page: str, width: int, name: str) -> dict[str, Any]:
    """Render at a window width and read the layout back from the live DOM (the page's CSP, which forbids
    scripts, is taken out of this copy only so that the measuring script can run)."""
    measured = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page).replace(
        "</body>", MEASURE + "</body>"
    )
    path = tmp_path / f"{name}.html"
    path.write_text(measured, encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", f"--window-size={width},2000", path.as_uri())
    found = re.search(r'<pre id="geometry">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[-2000:]
    return dict(json.loads(html.unescape(found.group(1))))


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of boxes that overlap (sorted by left edge, each box is compared with its neighbours in x)."""
    ordered, out = sorted(boxes, key=lambda b: b["left"]), []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b["left"] >= a["right"]:
                break
            if a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                out.append((a["text"], b["text"]))
    return out


@pytest.mark.parametrize("width", [1280, 375])
def test_real_sized_timeline_is_legible_wide_and_narrow(tmp_path: Path, width: int) -> None:
    page = render_timeline_html(sixty_meetings(), articles=REFS)
    geometry = measure(tmp_path, page, width, f"sixty-{width}")
    labels = geometry["labels"]
    numbers = sorted(int(n) for label in labels for n in label["text"].split())
    assert numbers == list(range(1, 61))  # every dated meeting named on the chart
    assert overlapping(labels) == []
    assert overlapping(geometry["years"]) == []
    assert min(geometry["dates"]) >= 10  # label text at least 10 px high on screen, also at 375 px
    assert geometry["page"] <= geometry["viewport"]  # the chart scrolls in its box; the page never does
    ticks = sorted(t["left"] for t in geometry["ticks"])
    for year in geometry["years"]:  # each year's label starts just right of its year's tick
        tick = max(t for t in ticks if t <= year["left"] + 0.5)
        assert year["left"] - tick < 8, year
    path = tmp_path / f"shot-{width}.html"
    path.write_text(page, encoding="utf-8")
    screenshot(tmp_path, path, (width, 1400))


def test_article_page_marks_evidence_sentences_and_hides_the_header(
    tmp_path: Path, seeds: list[tuple[Article, str]]
) -> None:
    article, text = next(s for s in seeds if s[0].id.startswith("004"))
    geometry = measure(tmp_path, render_article_html(article, text), 375, "article-375")
    assert not geometry["text"].lstrip().startswith("date")  # the ' date …' header is not body text
    evidence = [ev.text for m in article.meetings for ev in m.evidence] + [
        c.evidence.text for c in article.claims
    ]
    assert geometry["marks"]
    for marked in geometry["marks"]:  # entity labels and record tags taken out: the words marked
        assert any(marked.strip() in ev for ev in evidence), marked  # inside some evidence, nothing more
    assert geometry["page"] <= geometry["viewport"]
