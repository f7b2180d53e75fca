"""Self-contained HTML pages: one article with its entities, meetings and claims; the meeting timeline.

Every page is one file with inline CSS and no scripts, fonts or requests, so it opens offline and can be
mailed around. All text from articles and records is escaped here (displaCy escapes only the text it slices),
and a Content-Security-Policy forbids scripts as a second line of defence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from xiputin_cli.card_history import accounts_section, events_line
from xiputin_cli.chart import esc, marker_svg, render_timeline_svg
from xiputin_cli.presentation import (
    MODE_LABEL,
    ArticleRef,
    ArticleRefs,
    article_ref,
    body_start,
    date_label,
    evidence_blocks,
    meeting_refs,
    order_meetings,
    where_text,
    year_label,
)
from xiputin_cli.records import Article, Claim, Evidence, Meeting
from xiputin_cli.safe_text import visible

# displaCy's own palette, passed explicitly so the legend and the marks cannot disagree.
ENTITY_COLORS = {
    "ORG": "#7aecec", "PRODUCT": "#bfeeb7", "GPE": "#feca74", "LOC": "#ff9561", "PERSON": "#aa9cfc",
    "NORP": "#c887fb", "FAC": "#9cc9cc", "EVENT": "#ffeb80", "LAW": "#ff8197", "LANGUAGE": "#ff8197",
    "WORK_OF_ART": "#f0d0ff", "DATE": "#bfe1d9", "TIME": "#bfe1d9", "MONEY": "#e4e7d2",
    "QUANTITY": "#e4e7d2", "ORDINAL": "#e4e7d2", "CARDINAL": "#e4e7d2", "PERCENT": "#e4e7d2",
}  # fmt: skip
DEFAULT_ENTITY_COLOR = "#dddddd"
# displaCy fills {label} and {text} (text escaped by displaCy, label escaped by us) and our params.
ENT_TEMPLATE = (
    '<mark class="entity" data-label="{label}" title="{canonical}" style="background: {bg}">{text}'
    '<span class="entity-label">{label}</span></mark>'
)
_DISPLACY_WRAPPER = re.compile(r'^\s*<div class="entities"[^>]*>(?P<inner>.*)</div>\s*$', re.DOTALL)
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #1f2430; line-height: 1.5;
  font: 16px/1.55 -apple-system, 'Segoe UI', 'DejaVu Sans', Helvetica, Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 28px 32px 64px; }
h1 { font-size: 28px; line-height: 1.25; margin: 0 0 6px; }
h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #dde1e7; }
.meta { color: #5b6372; margin: 0; font-size: 14px; }
.meta b { color: #1f2430; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin: 16px 0 0;
  font-size: 13px; }
.legend .swatch { padding: 1px 8px; border-radius: 4px; font-weight: 700; font-size: 12px; }
table { width: 100%; border-collapse: collapse; background: #fff; font-size: 14px;
  box-shadow: 0 1px 2px rgba(0,0,0,.06); }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid #e7eaee; }
th { background: #eef1f5; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #4a5160; }
tr:target, li:target { background: #fff6d6; }
.num { color: #6b7280; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.muted { color: #6b7280; }
.none { color: #6b7280; font-style: italic; }
a { color: #2450b3; }
.article-text { background: #fff; padding: 22px 28px; line-height: 2.3; font-size: 16px;
  box-shadow: 0 1px 2px rgba(0,0,0,.06); overflow-wrap: anywhere; }
mark.entity { padding: 0.3em 0.45em; margin: 0 0.15em; line-height: 1; border-radius: 0.35em; color: #111; }
.entity-label { font-size: 0.62em; font-weight: 700; margin-left: 0.4em; vertical-align: middle;
  letter-spacing: .03em; }
mark.evidence { background: #fff1b8; box-shadow: 0 0 0 2px #f2d264; border-radius: 3px; color: inherit; }
mark.evidence:target { background: #ffd84d; box-shadow: 0 0 0 3px #e0a800; }
.ev-tag { font-size: 11px; font-weight: 700; background: #7a5a00; color: #fff; border-radius: 3px;
  padding: 1px 5px; margin-right: 4px; text-decoration: none; vertical-align: super; line-height: 1; }
.chart { margin: 18px 0 0; background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.06); padding: 6px;
  overflow-x: auto; }
.chart svg { display: block; width: 100%; min-width: 900px; height: auto; }
.table-wrap { overflow-x: auto; }
ol.meetings li, blockquote { overflow-wrap: anywhere; }
@media (max-width: 600px) { main { padding: 16px 10px 40px; } h1 { font-size: 22px; } }
ol.meetings { list-style: none; padding: 0; margin: 0; }
ol.meetings li { background: #fff; margin: 0 0 10px; padding: 12px 16px;
  box-shadow: 0 1px 2px rgba(0,0,0,.06); }
.card-head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; font-size: 15px; }
.badge { font-size: 12px; border-radius: 10px; padding: 0 8px; border: 1px solid currentColor; }
blockquote { margin: 8px 0 4px; padding: 4px 12px; border-left: 3px solid #d0d5dd; color: #30364a;
  font-size: 14.5px; }
cite { font-style: normal; color: #6b7280; font-size: 13px; }
"""


def _page(title: str, body: str) -> str:
    """The shared shell: charset, strict CSP, inline CSS; nothing is fetched. Control characters and half
    characters from the data are made visible: HTML forbids them, and a page must be writable as UTF-8."""
    return visible(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


def _icon(mode: str, status: str) -> str:
    """The chart's marker for a mode and status, small enough for a table cell."""
    return (
        f'<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">'
        f"{marker_svg(mode, status, 8, 8.5, size=0.85)}</svg>"
    )


def _clean_entities(article: Article, text: str) -> list[tuple[int, int, str, str]]:
    """Entity spans displaCy can draw: inside the text, sorted, not overlapping."""
    out: list[tuple[int, int, str, str]] = []
    for ent in sorted(article.entities, key=lambda e: (e.start, -e.end)):
        if 0 <= ent.start < ent.end <= len(text) and (not out or ent.start >= out[-1][1]):
            out.append((ent.start, ent.end, ent.label, ent.canonical))
    return out


def _render_segment(text: str, start: int, end: int, ents: list[tuple[int, int, str, str]]) -> str:
    """displaCy markup for text[start:end], entities clipped to it, without displaCy's block wrapper."""
    from spacy import displacy

    spans: list[dict[str, Any]] = [
        {"start": max(s, start) - start, "end": min(e, end) - start, "label": esc(label),
         "params": {"canonical": esc(canonical)}}
        for s, e, label, canonical in ents if s < end and e > start
    ]  # fmt: skip
    options = {"colors": ENTITY_COLORS, "template": ENT_TEMPLATE}
    doc = {"text": text[start:end], "ents": spans, "title": None}
    markup = str(displacy.render(doc, style="ent", manual=True, page=False, jupyter=False, options=options))
    match = _DISPLACY_WRAPPER.match(markup)
    return match.group("inner") if match else markup


def render_article_text(article: Article, text: str) -> str:
    """The article text with entity marks (displaCy) and evidence blocks as <mark id="ev-N">."""
    blocks, _ = evidence_blocks(article, text)
    ents = _clean_entities(article, text)
    out, pos = [], body_start(text)  # the ' date …' header line is metadata, shown above, not text
    for block in blocks:
        out.append(_render_segment(text, pos, block.start, ents))
        tags = "".join(f'<a class="ev-tag" href="#{_row_id(ref)}">{esc(ref)}</a>' for ref in block.refs)
        title = "Evidence for " + ", ".join(block.refs)
        inner = _render_segment(text, block.start, block.end, ents)
        out.append(f'<mark class="evidence" id="{block.id}" title="{esc(title)}">{tags}{inner}</mark>')
        pos = block.end
    out.append(_render_segment(text, pos, len(text), ents))
    return f'<div class="article-text">{"".join(out)}</div>'


def _row_id(ref: str) -> str:
    return f"{'meeting' if ref.startswith('M') else 'claim'}-{ref[1:]}"


def _evidence_links(evidence: list[Evidence], anchors: dict[int, str]) -> str:
    """Links from a table row down to its highlighted sentences (or a note when one is not in the text)."""
    links = [
        f'<a class="nowrap" href="#{anchors[id(ev)]}">see text ↓</a>'
        if id(ev) in anchors
        else f'<span class="muted" title="{esc(ev.text)}">not in this text ({esc(ev.article)})</span>'
        for ev in evidence
    ]
    return "<br>".join(links) or '<span class="muted">none</span>'


def _table(head: str, rows: list[str]) -> str:
    """A table that scrolls inside its own box on a narrow screen, so the page itself never does."""
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    return f'<div class="table-wrap">{table}</div>'


def _meetings_table(meetings: list[Meeting], anchors: dict[int, str]) -> str:
    if not meetings:
        return '<p class="none">No meetings found in this article.</p>'
    head = "".join(
        f"<th>{h}</th>" for h in ("#", "date", "mode", "place", "status", "who", "occasion", "text")
    )
    rows = [
        f'<tr id="meeting-{n}"><td class="num">M{n}</td><td class="nowrap">{esc(date_label(m.date))}</td>'
        f'<td class="nowrap">{_icon(m.mode, m.status)} {esc(MODE_LABEL[m.mode])}</td>'
        f"<td>{esc(m.location or '')}</td><td>{esc(m.status)}</td><td>{esc(' – '.join(m.participants))}</td>"
        f"<td>{esc(m.occasion or '')}</td><td>{_evidence_links(m.evidence, anchors)}</td></tr>"
        for n, m in enumerate(order_meetings(meetings), 1)
    ]
    return _table(head, rows)


def _speaker_cell(claim: Claim) -> str:
    """Canonical speaker, with the words the article used and the role when they add something."""
    extra = [claim.speaker_text] if claim.speaker_text and claim.speaker_text != claim.speaker else []
    extra += [claim.speaker_role] if claim.speaker_role else []
    note = f'<br><span class="muted">{esc(" · ".join(extra))}</span>' if extra else ""
    return f"<b>{esc(claim.speaker)}</b>{note}"


def _claims_table(claims: list[Claim], anchors: dict[int, str]) -> str:
    if not claims:
        return '<p class="none">No claims found in this article.</p>'
    head = "".join(f"<th>{h}</th>" for h in ("#", "speaker", "kind", "cue / via", "claim", "text"))
    rows = [
        f'<tr id="claim-{n}"><td class="num">C{n}</td><td>{_speaker_cell(c)}</td><td>{esc(c.kind)}</td>'
        f"<td>{esc(' / '.join(p for p in (c.cue, c.via) if p))}</td><td>{esc(c.text)}</td>"
        f"<td>{_evidence_links([c.evidence], anchors)}</td></tr>"
        for n, c in enumerate(claims, 1)
    ]
    return _table(head, rows)


def _entity_legend(article: Article) -> str:
    """A swatch for every label in this article, with how often it occurs."""
    counts: dict[str, int] = defaultdict(int)
    for ent in article.entities:
        counts[ent.label] += 1
    swatches = [
        f'<span class="swatch" style="background: {ENTITY_COLORS.get(label.upper(), DEFAULT_ENTITY_COLOR)}">'
        f'{esc(label)}</span> <span class="muted">{count}</span>'
        for label, count in sorted(counts.items(), key=lambda kv: -kv[1])
    ]
    evidence = '<mark class="evidence">evidence for a meeting or claim</mark>'
    return f'<div class="legend"><b>Entities</b> {" ".join(swatches) or "none"} · {evidence}</div>'


def article_link(ref: ArticleRef) -> str:
    """An article by title and outlet, linked to its URL when it has one (else its name alone)."""
    name = f"<b>{esc(ref.name)}</b>" + (
        f' <span class="muted">{esc(ref.outlet)}</span>' if ref.outlet else ""
    )
    return f'<a href="{esc(ref.link)}" title="{esc(ref.id)}">{name}</a>' if ref.link else name


def _article_meta(article: Article) -> str:
    ref = article_ref(article)
    published = article.published or "unknown"
    if article.published and article.published_from:
        published += f" (from {article.published_from})"
    parts = [f"outlet <b>{esc(ref.outlet)}</b>"] if ref.outlet else []
    parts += [f"{k} <b>{esc(v)}</b>" for k, v in (("published", published), ("id", article.id))]
    parts += [f"source <b>{esc(article.source)}</b>"]
    if article.dateline and article.dateline.place:
        parts.append(f"dateline <b>{esc(article.dateline.place)}</b>")
    if ref.link:
        parts.append(f'<a href="{esc(ref.link)}">original ↗</a>')
    return '<p class="meta">' + " · ".join(parts) + "</p>"


def render_article_html(article: Article, text: str) -> str:
    """One article as a page: entities coloured, meetings and claims linked to their sentences."""
    _, anchors = evidence_blocks(article, text)
    warnings = "".join(f"<li>{esc(w)}</li>" for w in article.warnings)
    body = [
        f"<header><h1>{esc(article.title or article.id)}</h1>{_article_meta(article)}",
        f"{_entity_legend(article)}</header>",
        f'<section id="meetings"><h2>Meetings ({len(article.meetings)})</h2>',
        f"{_meetings_table(article.meetings, anchors)}</section>",
        f'<section id="claims"><h2>Claims ({len(article.claims)})</h2>',
        f"{_claims_table(article.claims, anchors)}</section>",
        f'<section id="text"><h2>Text</h2>{render_article_text(article, text)}</section>',
        f'<section id="warnings"><h2>Warnings</h2><ul>{warnings}</ul></section>' if warnings else "",
    ]
    return _page(article.title or article.id, "\n".join(body))


def _meeting_card(number: int, meeting: Meeting, refs: ArticleRefs | None) -> str:
    """One meeting in the list below the chart: what, where, the evidence sentences and their articles,
    each article named by title and outlet and linked to the original when it has a URL."""
    m = meeting
    head = (
        f'<div class="card-head">{_icon(m.mode, m.status)}<a href="#point-{number}" class="num">{number}</a>'
        f"<b>{esc(date_label(m.date))}</b><span>{esc(where_text(m))}</span>"
        f'<span class="badge">{esc(MODE_LABEL[m.mode])}</span>'
        f'<span class="badge">{esc(m.status)}</span></div>'
    )
    about = " · ".join(esc(p) for p in (" – ".join(m.participants), m.occasion, ", ".join(m.topics)) if p)
    articles = meeting_refs(m, refs)
    by_id = {ref.id: ref for ref in articles}
    quotes = "".join(
        f"<blockquote>{esc(ev.text)} <cite>— {article_link(by_id.get(ev.article) or ArticleRef(ev.article))}"
        "</cite></blockquote>"
        for ev in m.evidence
    )
    sources = "; ".join(article_link(ref) for ref in articles) or "none"
    return (
        f'<li id="meeting-{number}">{head}<div class="muted">{about}</div>{events_line(m)}{quotes}'
        f"{accounts_section(m)}"
        f'<div class="articles">Articles: {sources}</div></li>'
    )


def _meeting_list(ordered: list[Meeting], refs: ArticleRefs | None) -> str:
    """Cards grouped by year; undated meetings last, under their own heading."""
    groups: dict[str, list[str]] = defaultdict(list)
    for number, meeting in enumerate(ordered, 1):
        groups[year_label(meeting)].append(_meeting_card(number, meeting, refs))
    return "\n".join(f'<h2>{esc(k)}</h2><ol class="meetings">{"".join(v)}</ol>' for k, v in groups.items())


def render_timeline_html(
    meetings: list[Meeting], *, title: str = "Xi–Putin meetings", articles: ArticleRefs | None = None
) -> str:
    """The timeline page: the chart, whose points link to a list of meetings with their evidence; `articles`
    (id → ArticleRef) names the articles by title and outlet, and links them to their URLs."""
    ordered = order_meetings(meetings)
    svg = render_timeline_svg(ordered, link=lambda n, _m: f"#meeting-{n}", title=title, articles=articles)
    body = f'<figure class="chart">{svg}</figure>\n{_meeting_list(ordered, articles)}'
    if not ordered:
        body += '<p class="none">No meetings to show.</p>'
    return _page(title, body)
