"""The coded events of a meeting record (meeting_events.py) and of a merged meeting (timeline), no spaCy."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from xiputin_cli.cli import app
from xiputin_cli.meeting_events import code_events, coded, event_rules, signed
from xiputin_cli.output import OutputFormat, format_records
from xiputin_cli.records import DateValue, Meeting
from xiputin_cli.timeline import merge_meetings

XI, PUTIN, MODI = "Xi Jinping", "Vladimir Putin", "Narendra Modi"
DAY = DateValue(start="2024-05-16", end="2024-05-16", precision="day", text="May 16")


def meeting(**fields: object) -> Meeting:
    base: dict[str, object] = {"participants": [XI, PUTIN], "date": DAY, "mode": "in_person"}
    return Meeting.model_validate(base | fields)


def test_every_code_has_its_plover_category_in_the_model_file() -> None:
    codes = event_rules().codes
    assert {c: codes[c].plover for c in ("036", "040", "041", "042", "043", "044", "057")} == {
        "036": "AGREE",
        "040": "CONSULT",
        "041": "CONSULT",
        "042": "CONSULT",
        "043": "CONSULT",
        "044": "CONSULT",
        "057": "SUPPORT",
    }
    assert "CAMEO2PLOVER" in event_rules().about


def test_the_place_decides_when_no_text_says() -> None:
    m = coded(meeting(location="Moscow", cameo="040"))
    assert (m.visitor, m.host, m.cameo) == (XI, PUTIN, "042")
    m = coded(meeting(location="Astana", cameo="040"))
    assert (m.visitor, m.host, m.cameo) == (None, None, "044")
    m = coded(meeting(location=None, cameo="040"))
    assert (m.visitor, m.host, m.cameo) == (None, None, "040")


def test_a_visitor_at_home_is_not_believed() -> None:
    m = coded(meeting(location="Beijing"), visitor=XI)
    assert (m.visitor, m.host) == (PUTIN, XI)


def test_a_host_with_several_guests_hosts_each() -> None:
    m = coded(meeting(participants=[XI, PUTIN, MODI], location="Beijing"))
    assert (m.visitor, m.host) == (None, XI)
    assert [(e.cameo, e.actor, e.target) for e in m.events] == [
        ("042", PUTIN, XI),
        ("043", XI, PUTIN),
        ("042", MODI, XI),
        ("043", XI, MODI),
    ]


def test_a_visitor_without_a_host_is_not_said() -> None:
    m = coded(meeting(participants=[XI, PUTIN, "Ana Lima"]), visitor=PUTIN)
    assert (m.visitor, m.host) == (None, None)
    assert {e.cameo for e in m.events} == {"040"}


def test_the_rules_cameo_stays_when_it_is_one_of_the_events() -> None:
    assert coded(meeting(location="Moscow", cameo="043")).cameo == "043"
    assert coded(meeting(mode="video", cameo="040")).cameo == "041"
    assert coded(meeting(status="planned", location="Moscow", cameo="036")).cameo == "036"


def test_signing_is_an_outcome_that_begins_by_signing() -> None:
    assert signed(["signed a joint statement on trade"])
    assert signed(["Witnessed the signing of eight documents"])
    assert not signed(["extended the treaty, signed in 2001"])
    assert not signed(["agreed to deepen ties"])
    planned = meeting(status="planned", outcomes=["signed a joint statement"])
    assert "057" not in {e.cameo for e in code_events(planned)}


def test_a_merged_meeting_takes_the_visitor_a_source_named() -> None:
    quiet = meeting(sources=["a"], cameo="040")
    told = coded(meeting(sources=["b"], cameo="040"), visitor=PUTIN)
    (merged,) = merge_meetings([quiet, told])
    assert (merged.visitor, merged.host, merged.sources) == (PUTIN, XI, ["a", "b"])
    assert [e.cameo for e in merged.events] == ["042", "043"]


def test_a_merged_meeting_is_coded_from_its_own_fields() -> None:
    (merged,) = merge_meetings([meeting(sources=["a"], mode="phone", cameo="041")])
    assert (merged.visitor, merged.host, [e.cameo for e in merged.events]) == (None, None, ["041", "041"])


def test_the_schema_shows_the_new_fields() -> None:
    result = CliRunner().invoke(app, ["schema", "meeting"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert {"visitor", "host", "events"} <= set(schema["properties"])
    event = schema["$defs"]["Event"]
    assert set(event["properties"]) == {"cameo", "plover", "plover_mode", "actor", "target"}


def test_csv_rows_carry_visitor_host_and_events_behind_the_formula_guard() -> None:
    hostile = "=HYPERLINK(1)"
    m = coded(meeting(participants=[hostile, PUTIN], location="Moscow"), visitor=hostile)
    (row,) = csv.DictReader(io.StringIO("".join(format_records([m], OutputFormat.csv))))
    assert (row["visitor"], row["host"]) == (f"'{hostile}", PUTIN)
    assert row["events"] == f"042 {hostile} > {PUTIN}; 043 {PUTIN} > {hostile}"
    plain = coded(meeting(location="Moscow"))
    (row,) = csv.DictReader(io.StringIO("".join(format_records([plain], OutputFormat.csv))))
    assert row["events"] == f"042 {XI} > {PUTIN}; 043 {PUTIN} > {XI}"


def test_sources_that_name_different_visitors_disagree() -> None:
    kremlin = coded(meeting(sources=["kremlin"], cameo="040"), visitor=XI)
    xinhua = coded(meeting(sources=["xinhua"], cameo="040"), visitor=PUTIN)
    (merged,) = merge_meetings([kremlin, xinhua])
    (told,) = [d for d in merged.disagreements if d.field == "visitor"]
    assert {(v.value, tuple(v.sources)) for v in told.values} == {(XI, ("kremlin",)), (PUTIN, ("xinhua",))}
    assert told.values[0].value == merged.visitor  # the chosen value first
    assert merged.host == ({XI, PUTIN} - {merged.visitor}).pop()
    quiet = merge_meetings([kremlin, meeting(sources=["tass"], cameo="040")])
    assert [d.field for d in quiet[0].disagreements] == []
