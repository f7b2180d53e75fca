"""Who visited whom (components/meeting_roles.py): the text's visit and host words, the meeting's place when
the text is silent, and the coded events. Every sentence is written for the test; Xi Jinping and Vladimir
Putin appear where the rule needs a leader's country (names.jsonl), made-up people where it must not."""

from __future__ import annotations

from typing import Any

import pytest

from xiputin_cli.extract import extract_text
from xiputin_cli.records import Meeting

XI, PUTIN, BIDEN = "Xi Jinping", "Vladimir Putin", "Joe Biden"
CASTRO, MORENO = "Maria Castro", "David Moreno"


def only(nlp: Any, text: str, published: str | None = "2024-05-10") -> Meeting:
    (meeting,) = extract_text(text, nlp=nlp, published=published).meetings
    return meeting


def actions(meeting: Meeting) -> list[tuple[str, str, str]]:
    return [(e.cameo, e.actor, e.target) for e in meeting.events]


@pytest.mark.parametrize(
    ("text", "visitor", "host"),
    [
        ("Xi Jinping began his state visit to Russia on Tuesday and met Vladimir Putin.", XI, PUTIN),
        ("Xi Jinping arrived in Moscow on Tuesday and held talks with Vladimir Putin.", XI, PUTIN),
        ("Vladimir Putin hosted Xi Jinping on Tuesday.", XI, PUTIN),
        ("Xi Jinping held talks with visiting Russian President Vladimir Putin on Tuesday.", PUTIN, XI),
        ("Putin, who is visiting China, held talks with Xi on Tuesday.", PUTIN, XI),
        ("Xi welcomed Putin to Beijing on Tuesday.", PUTIN, XI),
        ("Putin met Xi on Tuesday during his visit to China.", PUTIN, XI),
        ("Xi Jinping was received by Vladimir Putin on Tuesday.", XI, PUTIN),
        ("Maria Castro received David Moreno in her office on Friday.", MORENO, CASTRO),
    ],
)
def test_the_text_names_the_visitor_and_the_host(nlp: Any, text: str, visitor: str, host: str) -> None:
    m = only(nlp, text)
    assert (m.visitor, m.host) == (visitor, host)
    assert actions(m) == [("042", visitor, host), ("043", host, visitor)]


def test_a_visit_is_coded_with_its_plover_category_and_mode(nlp: Any) -> None:
    m = only(nlp, "Xi Jinping began his state visit to Russia on Tuesday and held talks with Vladimir Putin.")
    assert [(e.plover, e.plover_mode) for e in m.events] == [("CONSULT", "visit"), ("CONSULT", "host")]
    assert m.cameo == "042"


def test_the_place_says_who_hosts_when_the_text_does_not(nlp: Any) -> None:
    m = only(nlp, "Xi Jinping and Vladimir Putin held talks in Beijing on Tuesday.")
    assert (m.visitor, m.host) == (PUTIN, XI)
    m = only(nlp, "Xi Jinping and Vladimir Putin held talks in St. Petersburg on Tuesday.")
    assert (m.visitor, m.host) == (XI, PUTIN)


def test_a_meeting_in_a_third_country_has_no_visitor(nlp: Any) -> None:
    m = only(nlp, "Xi Jinping and Vladimir Putin met in Samarkand on Tuesday on the sidelines of a summit.")
    assert (m.visitor, m.host, m.cameo) == (None, None, "044")
    assert actions(m) == [("044", XI, PUTIN), ("044", PUTIN, XI)]
    assert {e.plover_mode for e in m.events} == {"third-party"}


@pytest.mark.parametrize("how", ["spoke by phone", "held a video call"])
def test_a_call_has_no_visitor(nlp: Any, how: str) -> None:
    m = only(nlp, f"Xi Jinping, who is visiting Kazakhstan, {how} with Vladimir Putin on Tuesday.")
    assert (m.visitor, m.host, m.cameo) == (None, None, "041")
    assert [e.cameo for e in m.events] == ["041", "041"]


def test_a_planned_visit_names_its_visitor(nlp: Any) -> None:
    m = only(nlp, "Putin will visit China next year to meet Xi Jinping, the Kremlin said.")
    assert (m.status, m.visitor, m.host) == ("planned", PUTIN, XI)
    assert actions(m) == [("036", PUTIN, XI), ("036", XI, PUTIN)]
    assert {e.plover for e in m.events} == {"AGREE"}


def test_a_sentence_about_another_visit_does_not_leak(nlp: Any) -> None:
    text = (
        "Vladimir Putin and Joe Biden held talks on Wednesday. "
        "Putin could visit China after his summit with Biden, experts said."
    )
    m = only(nlp, text)
    assert set(m.participants) == {PUTIN, BIDEN}
    assert (m.visitor, m.host, m.cameo) == (None, None, "040")


def test_going_home_is_not_a_visit(nlp: Any) -> None:
    m = only(nlp, "Xi held talks with Putin on Monday and flew back home on Tuesday.")
    assert (m.visitor, m.host) == (None, None)
    assert [e.cameo for e in m.events] == ["040", "040"]


def test_a_visitor_cannot_visit_the_country_the_meeting_puts_at_home(nlp: Any) -> None:
    """'hosted' read the wrong way round by the place: in Beijing, Xi is at home."""
    m = only(nlp, "Putin hosted Xi in Beijing on Monday.")
    assert (m.visitor, m.host) == (PUTIN, XI)


def test_signing_an_agreement_adds_057_both_ways(nlp: Any) -> None:
    m = only(nlp, "Xi Jinping and Vladimir Putin met in Beijing on Tuesday and signed a joint statement.")
    signed = [(e.actor, e.target, e.plover) for e in m.events if e.cameo == "057"]
    assert signed == [(XI, PUTIN, "SUPPORT"), (PUTIN, XI, "SUPPORT")]
    m = only(nlp, "Xi Jinping and Vladimir Putin held talks in Beijing on Tuesday.")
    assert "057" not in {e.cameo for e in m.events}
