"""Each HTML card says who visited whom and lists the coded events, escaped like the rest of the page."""

from __future__ import annotations

from xiputin_cli.html import render_timeline_html
from xiputin_cli.meeting_events import coded
from xiputin_cli.records import DateValue, Meeting

XI, PUTIN = "Xi Jinping", "Vladimir Putin"
DAY = DateValue(start="2024-05-16", end="2024-05-16", precision="day", text="May 16")


def meeting(**fields: object) -> Meeting:
    return coded(Meeting.model_validate({"participants": [XI, PUTIN], "date": DAY} | fields))


def test_a_visit_card_names_visitor_host_and_events() -> None:
    page = render_timeline_html([meeting(mode="in_person", location="Beijing")])
    assert (
        f"{PUTIN} visited {XI}. Events: 042 {PUTIN} → {XI}, CONSULT visit; 043 {XI} → {PUTIN}, CONSULT host"
        in page
    )


def test_a_call_card_lists_its_events_without_a_visit() -> None:
    page = render_timeline_html([meeting(mode="phone")])
    assert f"Events: 041 {XI} → {PUTIN}, CONSULT phone" in page and "visited" not in page


def test_a_card_escapes_the_names_in_its_events() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    page = render_timeline_html([meeting(participants=[hostile, PUTIN], mode="in_person", location="Moscow")])
    assert hostile not in page and "&lt;img src=x onerror=alert(1)&gt; → Vladimir Putin" in page
