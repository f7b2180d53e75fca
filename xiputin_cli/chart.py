"""The meeting timeline as one hand-written SVG: no JS library, so the chart is one file that works offline.

The words, dates and order it shows come from presentation.py, shared with the terminal and HTML views.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from xiputin_cli.presentation import (
    MODE_LABEL,
    ArticleRefs,
    When,
    date_label,
    meeting_refs,
    meeting_when,
    order_meetings,
    place_text,
    source_url,
    where_text,
)
from xiputin_cli.records import Meeting
from xiputin_cli.spans import month_end

MODE_COLOR = {"in_person": "#1b7f5f", "video": "#2f63c9", "phone": "#9b3fc4", "unknown": "#7b8190"}
MODE_SHAPE = {"in_person": "circle", "video": "square", "phone": "triangle", "unknown": "diamond"}

WIDTH, LEFT, RIGHT = 1200, 50, 1150
LANE_H, STACK_H, MAX_LANES = 38, 17, 14
NUMBER_LANE_H = 20  # when some label finds no lane, every point is labelled by its number in the list
FONT = "-apple-system, 'Segoe UI', 'DejaVu Sans', Helvetica, Arial, sans-serif"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Link = Callable[[int, Meeting], str | None]


def esc(value: object) -> str:
    """Text for HTML or XML content and quoted attributes (and free of characters XML forbids)."""
    return escape(_XML_BAD.sub("", str(value)), quote=True)


def tooltip(meeting: Meeting, limit: int = 280, refs: ArticleRefs | None = None) -> str:
    """Everything a hover should tell: date, mode, status, who, where, evidence and where it was read."""
    names = {ref.id: ref.label for ref in meeting_refs(meeting, refs)}
    where = where_text(meeting) + (f" — {meeting.occasion}" if meeting.occasion else "")
    lines = [f"{date_label(meeting.date)} · {MODE_LABEL[meeting.mode]} · {meeting.status}"]
    lines += [" – ".join(meeting.participants), where]
    for ev in meeting.evidence[:3]:
        text = ev.text if len(ev.text) <= limit else ev.text[: limit - 1] + "…"
        lines.append(f"“{text}” ({names.get(ev.article) or ev.article})")
    lines.append("Sources: " + ("; ".join(names.values()) or "none"))
    return "\n".join(lines)


def marker_svg(mode: str, status: str, x: float, y: float, size: float = 1.0, color: str = "") -> str:
    """One point: shape and colour by mode, filled when held and hollow when planned."""
    color = color or MODE_COLOR.get(mode, MODE_COLOR["unknown"])
    fill = color if status == "held" else "#ffffff"
    paint = f'fill="{fill}" stroke="{color}" stroke-width="{2.2 if status != "held" else 1.2}"'
    shape, s = MODE_SHAPE.get(mode, "diamond"), 6.5 * size
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" {paint}/>'
    if shape == "square":
        side = f'width="{2 * s:.1f}" height="{2 * s:.1f}"'
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" {side} rx="1.5" {paint}/>'
    if shape == "triangle":
        points = [(x, y - s * 1.15), (x + s * 1.05, y + s * 0.8), (x - s * 1.05, y + s * 0.8)]
    else:
        points = [(x, y - s * 1.15), (x + s * 1.15, y), (x, y + s * 1.15), (x - s * 1.15, y)]
    coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polygon points="{coords}" {paint}/>'


@dataclass
class Point:
    """A dated meeting placed on the chart."""

    number: int
    meeting: Meeting
    when: When
    x: float
    x0: float
    x1: float
    stack: int = 0
    lane: int | None = None
    flip: bool = False
    numbered: bool = False  # a crowded chart labels points by their number in the list
    joined: list[int] = field(default_factory=list)  # numbers of the points stacked on this one
    base: Point | None = None  # the point whose number label also names this stacked one

    @property
    def lines(self) -> tuple[str, str]:
        """The label: date, then place and mode (cut short: the tooltip and the list have the rest)."""
        if self.numbered:
            return " ".join(map(str, [self.number, *self.joined])), ""
        place = place_text(self.meeting)
        place = (place if len(place) <= 30 else place[:29] + "…") + (
            " (planned)" * (self.meeting.status == "planned")
        )
        return date_label(self.meeting.date), place

    @property
    def width(self) -> float:
        first, second = self.lines
        return max(len(first) * 7.6, len(second) * 6.5) + 4

    @property
    def text_box(self) -> tuple[float, float]:
        """Where the label's letters are: right of the pole, or left of it when flipped at the edge; a
        number sits centred over its pole."""
        if self.numbered:
            return self.x - self.width / 2, self.x + self.width / 2
        return (self.x - 5 - self.width, self.x - 5) if self.flip else (self.x + 5, self.x + 5 + self.width)

    @property
    def box(self) -> tuple[float, float]:
        """The label with its pole: the room it needs in its lane."""
        if self.numbered:
            return self.text_box
        return (self.text_box[0], self.x + 1) if self.flip else (self.x - 1, self.text_box[1])


@dataclass(frozen=True)
class Axis:
    """The time scale: whole years, so ticks fall on year and month starts."""

    first: date
    last: date

    @classmethod
    def covering(cls, whens: list[When]) -> Axis:
        return cls(
            date(min(w.start for w in whens).year, 1, 1), date(max(w.end for w in whens).year + 1, 1, 1)
        )

    def x(self, day: date) -> float:
        return LEFT + (day - self.first).days / (self.last - self.first).days * (RIGHT - LEFT)

    @property
    def month_px(self) -> float:
        return (RIGHT - LEFT) / ((self.last.year - self.first.year) * 12)


def place_points(meetings: list[Meeting], axis: Axis) -> list[Point]:
    """Positions, marker stacks for coinciding dates, and label lanes so nearby labels never overlap."""
    points: list[Point] = []
    for number, meeting in enumerate(meetings, 1):
        when = meeting_when(meeting.date)
        if when is not None:
            end = axis.x(when.end + timedelta(days=1))
            points.append(Point(number, meeting, when, axis.x(when.mid), axis.x(when.start), end))
    for i, point in enumerate(points):
        near = [p.stack for p in points[:i] if abs(p.x - point.x) < 13]
        point.stack = max(near) + 1 if near else 0
    _assign_lanes(points)
    if any(p.lane is None for p in points):
        _number_points(points)
    return points


def _number_points(points: list[Point]) -> None:
    """Label every point by its number; points stacked on one marker share one label ('30 31')."""
    bases: list[Point] = []
    for point in points:
        point.numbered, point.lane = True, None
        base = next((b for b in reversed(bases) if abs(b.x - point.x) < 13), None)
        if point.stack and base is not None:
            point.base = base
            base.joined.append(point.number)
        else:
            bases.append(point)
    _assign_lanes(bases)


def lane_height(points: list[Point]) -> float:
    return NUMBER_LANE_H if any(p.numbered for p in points) else LANE_H


def _assign_lanes(points: list[Point]) -> None:
    """Greedy, right to left: each label takes the lowest lane where it overlaps no label and no pole crosses
    it, so crowds climb in a staircase. Past MAX_LANES the label is dropped; point, tooltip and link stay."""
    placed: list[tuple[Point, int]] = []
    for point in sorted(points, key=lambda p: -p.x):
        point.flip = not point.numbered and point.x + 5 + point.width > WIDTH - 8
        point.lane = next((lane for lane in range(MAX_LANES) if _fits(point, lane, placed)), None)
        if point.lane is not None:
            placed.append((point, point.lane))


def _fits(point: Point, lane: int, placed: list[tuple[Point, int]]) -> bool:
    """No overlap with a label in this lane; no pole through this label; this pole through no lower label."""
    box, text = point.box, point.text_box
    for other, other_lane in placed:
        if other_lane == lane and box[1] + 6 > other.box[0] and box[0] < other.box[1] + 6:
            return False
        if other_lane < lane and other.text_box[0] - 3 <= point.x <= other.text_box[1] + 3:
            return False  # this point's pole would cross that label
        if other_lane > lane and text[0] - 3 <= other.x <= text[1] + 3:
            return False  # that point's pole would cross this label
    return True


def _axis_svg(axis: Axis, y: float, top: float) -> list[str]:
    """Axis line, year ticks, labels and faint gridlines, month ticks (and month names when there is room)."""
    out = [f'<line x1="{LEFT}" y1="{y}" x2="{RIGHT}" y2="{y}" class="axis"/>']
    show_months, name_months = axis.month_px >= 5, axis.month_px >= 30
    for year in range(axis.first.year, axis.last.year + 1):
        x = axis.x(date(year, 1, 1))
        out.append(f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{y - 7}" class="grid"/>')
        out.append(f'<line x1="{x:.1f}" y1="{y - 7}" x2="{x:.1f}" y2="{y + 9}" class="tick"/>')
        if year < axis.last.year:  # at the year's start, beside its tick
            out.append(
                f'<text x="{x + 3:.1f}" y="{y + (40 if name_months else 26)}" class="year">{year}</text>'
            )
        for month in range(2, 13) if show_months and year < axis.last.year else ():
            mx = axis.x(date(year, month, 1))
            out.append(f'<line x1="{mx:.1f}" y1="{y - 3}" x2="{mx:.1f}" y2="{y + 4}" class="mtick"/>')
        for month in range(1, 13) if name_months and year < axis.last.year else ():
            mx = (axis.x(date(year, month, 1)) + axis.x(month_end(date(year, month, 1)))) / 2
            out.append(f'<text x="{mx:.1f}" y="{y + 21}" class="month">{calendar.month_abbr[month]}</text>')
    return out


@dataclass(frozen=True)
class Frame:
    """What every point's drawing shares: where the axis and the lanes are, links and article names."""

    axis_y: float
    lanes_bottom: float
    lane_h: float
    link: Link
    refs: ArticleRefs | None


def _point_svg(point: Point, frame: Frame) -> str:
    """One meeting: interval band, flag pole, marker, two-line label (or its number), tooltip, link."""
    m, y = point.meeting, frame.axis_y - point.stack * STACK_H
    color = MODE_COLOR[m.mode]
    parts = [f"<title>{esc(tooltip(m, refs=frame.refs))}</title>"]
    if point.x1 - point.x0 >= 3:
        w = point.x1 - point.x0
        parts.append(
            f'<rect x="{point.x0:.1f}" y="{y - 5}" width="{w:.1f}" height="10" rx="5" '
            f'fill="{color}" fill-opacity="0.22" stroke="{color}" stroke-opacity="0.5"/>'
        )
    if point.lane is not None:
        top = frame.lanes_bottom - (point.lane + 1) * frame.lane_h
        dash = ' stroke-dasharray="3 2"' if m.status == "planned" else ""
        pole_top = top + (17 if point.numbered else 3)  # a number sits on its pole, a label beside it
        parts.append(
            f'<line x1="{point.x:.1f}" y1="{pole_top:.1f}" x2="{point.x:.1f}" y2="{y - 7:.1f}" '
            f'stroke="{color}" class="pole"{dash}/>'
        )
        tx, anchor = (point.x - 5, "end") if point.flip else (point.x + 5, "start")
        tx, anchor = (point.x, "middle") if point.numbered else (tx, anchor)
        first, second = (esc(s) for s in point.lines)
        place = f'<tspan x="{tx:.1f}" dy="15" class="place">{second}</tspan>' if second else ""
        parts.append(
            f'<text x="{tx:.1f}" y="{top + 13:.1f}" text-anchor="{anchor}" class="label">'
            f'<tspan class="date">{first}</tspan>{place}</text>'
        )
    parts.append(marker_svg(m.mode, m.status, point.x, y))
    group = f'<g class="meeting" id="point-{point.number}">{"".join(parts)}</g>'
    href = frame.link(point.number, m)
    return f'<a href="{esc(href)}">{group}</a>' if href else group


def _legend_svg(y: float) -> list[str]:
    """Shapes and colours for modes, filled vs hollow for status, the band for month/range dates."""
    out, x = [], float(LEFT)
    for mode in MODE_LABEL:
        out.append(marker_svg(mode, "held", x + 7, y - 4))
        out.append(f'<text x="{x + 20:.1f}" y="{y}" class="legend">{MODE_LABEL[mode]}</text>')
        x += 38 + len(MODE_LABEL[mode]) * 7
    x += 24
    for status in ("held", "planned"):
        out.append(marker_svg("in_person", status, x + 7, y - 4, color="#39404d"))
        out.append(f'<text x="{x + 20:.1f}" y="{y}" class="legend">{status}</text>')
        x += 80
    out.append(
        f'<rect x="{x + 16:.1f}" y="{y - 9}" width="46" height="10" rx="5" fill="#7b8190" '
        'fill-opacity="0.22" stroke="#7b8190" stroke-opacity="0.5"/>'
    )
    out.append(f'<text x="{x + 70:.1f}" y="{y}" class="legend">month or range (point at the middle)</text>')
    return out


def _undated_svg(
    meetings: list[tuple[int, Meeting]], y: float, link: Link, refs: ArticleRefs | None
) -> list[str]:
    """Meetings without a date are listed under the axis, never placed on it."""
    out = [f'<text x="{LEFT}" y="{y}" class="heading">Date unknown</text>']
    for row, (number, m) in enumerate(meetings, 1):
        ry = y + row * 24
        names = "; ".join(ref.label for ref in meeting_refs(m, refs))
        text = f"{number}. {place_text(m)} · {m.status} · {names or 'no source'}"
        text = text if len(text) <= 140 else text[:139] + "…"
        body = (
            f"<title>{esc(tooltip(m, refs=refs))}</title>{marker_svg(m.mode, m.status, LEFT + 8, ry - 4)}"
            f'<text x="{LEFT + 22}" y="{ry}" class="undated">{esc(text)}</text>'
        )
        group = f'<g class="meeting" id="point-{number}">{body}</g>'
        href = link(number, m)
        out.append(f'<a href="{esc(href)}">{group}</a>' if href else group)
    return out


STYLE = f"""<style>
.xt-chart text {{ font-family: {FONT}; fill: #222831; }}
.xt-chart .title {{ font-size: 20px; font-weight: 700; }}
.xt-chart .subtitle, .xt-chart .legend, .xt-chart .undated {{ font-size: 13px; fill: #4a5160; }}
.xt-chart .axis, .xt-chart .tick {{ stroke: #39404d; stroke-width: 1.4; }}
.xt-chart .grid {{ stroke: #e6e9ee; }} .xt-chart .mtick {{ stroke: #9aa1ad; }}
.xt-chart .year, .xt-chart .heading {{ font-size: 14px; font-weight: 700; }}
.xt-chart .month {{ font-size: 11px; fill: #6b7280; }}
.xt-chart .month {{ text-anchor: middle; }}
.xt-chart .label .date {{ font-size: 12.5px; font-weight: 700; }}
.xt-chart .label .place {{ font-size: 11.5px; fill: #4a5160; }}
.xt-chart .pole {{ stroke-width: 1.2; stroke-opacity: 0.7; }}
.xt-chart a:hover .label .date, .xt-chart a:focus .label .date {{ text-decoration: underline; }}
.xt-chart .empty {{ font-size: 15px; fill: #6b7280; }}
</style>"""


def render_timeline_svg(
    meetings: list[Meeting], *, link: Link | None = None, title: str = "", articles: ArticleRefs | None = None
) -> str:
    """A standalone SVG document; `link(number, meeting)` gives each point's href (default: a source URL);
    `articles` names the meetings' articles (by title and outlet) in tooltips and the undated list."""
    ordered = order_meetings(meetings)
    link = link or (lambda _n, m: source_url(m))
    dated = [meeting_when(m.date) for m in ordered]
    whens = [w for w in dated if w is not None]
    undated = [(n, m) for n, (m, w) in enumerate(zip(ordered, dated, strict=True), 1) if w is None]
    body = [
        f'<text x="{LEFT}" y="30" class="title">{esc(title or "Xi–Putin meetings")}</text>',
        f'<text x="{LEFT}" y="52" class="subtitle">{esc(_summary(ordered, whens))}</text>',
        *_legend_svg(80),
    ]
    y = 104.0
    if whens:
        axis = Axis.covering(whens)
        points = place_points(ordered, axis)
        lanes = 1 + max((p.lane for p in points if p.lane is not None), default=0)
        lane_h = lane_height(points)
        lanes_bottom = y + lanes * lane_h + 4
        axis_y = lanes_bottom + max(p.stack for p in points) * STACK_H + 16
        frame = Frame(axis_y, lanes_bottom, lane_h, link, articles)
        if points[0].numbered:  # too many for labels: say what the numbers are
            note = f"{_summary(ordered, whens)} · points numbered in date order; hover one for its details"
            body[1] = f'<text x="{LEFT}" y="52" class="subtitle">{esc(note)}</text>'
        body += _axis_svg(axis, axis_y, top=y)
        body += [_point_svg(p, frame) for p in points]
        y = axis_y + (56 if axis.month_px >= 30 else 42)
    elif not undated:
        body.append(f'<text x="{LEFT}" y="{y + 20}" class="empty">No meetings to show.</text>')
        y += 30
    if undated:
        body += _undated_svg(undated, y + 20, link, articles)
        y += 20 + len(undated) * 24
    return _svg_document(body, height=y + 24)


def _summary(ordered: list[Meeting], whens: list[When]) -> str:
    """'9 meetings, 2020–2025 (1 with unknown date)'."""
    count = f"{len(ordered)} meeting{'s' if len(ordered) != 1 else ''}"
    if not whens:
        return count
    first, last = min(w.start for w in whens).year, max(w.end for w in whens).year
    years = f"{first}" if first == last else f"{first}–{last}"
    undated = len(ordered) - len(whens)
    return f"{count}, {years}" + (f" ({undated} with unknown date)" if undated else "")


def _svg_document(body: list[str], *, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="xt-chart" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" aria-label="Timeline of meetings">'
        f'{STYLE}<rect width="100%" height="100%" fill="#ffffff"/>' + "\n".join(body) + "</svg>\n"
    )
