"""Rows for spreadsheets and pandas: every meeting and claim says which article (title, outlet, url, date)
reported it, cameo codes stay text, every evidence sentence is reachable, the formula guard holds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from xiputin_cli.cli import app
from xiputin_cli.extract import cite_article
from xiputin_cli.output import OutputFormat, evidence_rows, format_records
from xiputin_cli.records import Article, Claim, DateValue, Evidence, Meeting

runner = CliRunner()


def sentence(article: str, text: str, **cited: Any) -> Evidence:
    return Evidence(article=article, text=text, start=0, end=len(text), **cited)


def merged_meeting() -> Meeting:
    """One meeting reported by two articles, the first with two sentences about it."""
    return Meeting(
        participants=["Xi Jinping", "Vladimir Putin"],
        date=DateValue(start="2024-05-16", end="2024-05-16", precision="day", text="Thursday"),
        mode="in_person",
        location="Beijing",
        cameo="040",
        sources=["wire/1", "paper/7"],
        evidence=[
            sentence("wire/1", "The two leaders met in Beijing.", title="Leaders meet", outlet="Wire",
                     url="https://wire.example/1", published="2024-05-16"),
            sentence("wire/1", "They talked for three hours.", title="Leaders meet", outlet="Wire",
                     url="https://wire.example/1", published="2024-05-16"),
            sentence("paper/7", "Xi hosted Putin on Thursday.", title="=HYPERLINK(\"http://x\")",
                     published="2024-05-17"),
        ],
    )  # fmt: skip


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_cameo_stays_text_for_a_reader_that_keeps_quoted_cells_as_text() -> None:
    text = "".join(format_records([merged_meeting()], OutputFormat.csv))
    assert '"040"' in text
    # QUOTE_NONNUMERIC reads unquoted cells as numbers, quoted ones as text: as LibreOffice's
    # "quoted field as text" and other quote-aware importers do
    header, row = list(csv.reader(io.StringIO(text), quoting=csv.QUOTE_NONNUMERIC))
    cells = dict(zip(header, row, strict=True))
    assert cells["cameo"] == "040" and cells["evidence_count"] == 3.0


def test_meeting_row_names_every_source_article_and_every_sentence() -> None:
    [row] = csv_rows("".join(format_records([merged_meeting()], OutputFormat.csv)))
    assert row["sources"] == "wire/1; paper/7"
    assert row["outlets"] == "Wire; "  # one value per source, in order: the second outlet is unknown
    assert row["urls"] == "https://wire.example/1; "
    assert row["published"] == "2024-05-16; 2024-05-17"
    assert row["titles"] == 'Leaders meet; =HYPERLINK("http://x")'  # not a formula: the cell starts as text
    assert row["all_evidence"].split("\n") == [e.text for e in merged_meeting().evidence]
    assert row["evidence"] == "The two leaders met in Beijing."


def test_evidence_rows_give_one_row_per_sentence_with_its_article() -> None:
    meeting = merged_meeting()
    text = "".join(format_records([meeting], OutputFormat.csv, evidence_rows))
    rows = csv_rows(text)
    assert [r["evidence"] for r in rows] == [e.text for e in meeting.evidence]
    assert [r["article"] for r in rows] == ["wire/1", "wire/1", "paper/7"]
    assert [r["outlet"] for r in rows] == ["Wire", "Wire", ""]
    assert {r["cameo"] for r in rows} == {"040"} and {r["date_start"] for r in rows} == {"2024-05-16"}
    assert rows[2]["title"].startswith("'=")


def test_claim_row_carries_its_article() -> None:
    claim = Claim(
        speaker="Xi Jinping", speaker_text="Xi", text="Ties are strong", kind="direct", cue="said",
        evidence=sentence("wire/1", '"Ties are strong," Xi said.', title="Talks", outlet="Wire",
                          url="https://wire.example/1", published="2024-05-16"),
    )  # fmt: skip
    [row] = csv_rows("".join(format_records([claim], OutputFormat.csv)))
    assert [row[k] for k in ("article", "title", "outlet", "url", "published")] == [
        "wire/1", "Talks", "Wire", "https://wire.example/1", "2024-05-16"
    ]  # fmt: skip
    assert row["evidence"] == '"Ties are strong," Xi said.'


def test_every_evidence_sentence_of_an_article_is_cited() -> None:
    record = Article(
        id="wire/1",
        source="wire.jsonl:1",
        title="Leaders meet",
        published="2024-05-16",
        meetings=[merged_meeting().model_copy(update={"evidence": [sentence("wire/1", "They met.")]})],
        claims=[Claim(speaker="Kremlin", speaker_text="Kremlin", text="x", kind="indirect",
                      evidence=sentence("wire/1", "The Kremlin said x."))],
    )  # fmt: skip
    cited = cite_article(record)
    everywhere = [cited.meetings[0].evidence[0], cited.claims[0].evidence]
    assert [(e.title, e.published) for e in everywhere] == [("Leaders meet", "2024-05-16")] * 2
    assert all(e.outlet is None and e.url is None for e in everywhere)  # unknown stays null


def test_meetings_and_claims_from_json_lines_name_their_article(tmp_path: Path) -> None:
    text = "Xi Jinping held talks with Vladimir Putin in Beijing on Thursday, Xinhua reported."
    line = {"id": "w1", "title": "Talks in Beijing", "published": "2024-05-16", "text": text,
            "url": "https://wire.example/w1", "outlet": "Wire"}  # fmt: skip
    source = tmp_path / "wire.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["meetings", str(source), "--db", str(db), "-f", "json"])
    assert result.exit_code == 0, result.output
    [meeting] = json.loads(result.stdout)
    cited = {(e["article"], e["title"], e["outlet"], e["url"], e["published"]) for e in meeting["evidence"]}
    assert cited == {("w1", "Talks in Beijing", "Wire", "https://wire.example/w1", "2024-05-16")}
    rows = csv_rows(runner.invoke(app, ["meetings", "--db", str(db), "-f", "csv", "--evidence"]).stdout)
    assert [(r["article"], r["title"], r["outlet"]) for r in rows] == [("w1", "Talks in Beijing", "Wire")]
    [claim] = json.loads(runner.invoke(app, ["claims", "--db", str(db), "--outlet", "wire"]).stdout)
    assert claim["evidence"]["url"] == "https://wire.example/w1" and claim["evidence"]["outlet"] == "Wire"
    assert json.loads(runner.invoke(app, ["claims", "--db", str(db), "--outlet", "Reuters"]).stdout) == []
    assert rows[0]["cameo"] == meeting["cameo"] and rows[0]["cameo"].startswith("0")


def test_evidence_rows_are_csv_only(tmp_path: Path) -> None:
    result = runner.invoke(app, ["meetings", "--evidence", "-f", "json", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "--evidence makes CSV rows" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_a_csv_without_rows_still_has_its_header() -> None:
    for kind, rows, first in ((Meeting, None, "id"), (Claim, None, "article"), (Article, None, "article"),
                              (Meeting, evidence_rows, "id")):  # fmt: skip
        text = "".join(format_records([], OutputFormat.csv, rows, kind))
        reader = csv.DictReader(io.StringIO(text))
        assert list(reader) == [] and reader.fieldnames and reader.fieldnames[0] == first
        some = [merged_meeting()] if kind is Meeting else []
        if some:  # the same columns as a CSV with rows
            with_rows = "".join(format_records(some, OutputFormat.csv, rows, kind))
            assert with_rows.splitlines()[0] == text.splitlines()[0]
    assert "".join(format_records([], OutputFormat.csv)) == ""  # no type known: nothing to head


def test_claims_csv_with_no_match_gives_the_columns(tmp_path: Path) -> None:
    source = tmp_path / "one.txt"
    source.write_text('"Trade keeps growing," Xi Jinping said on Monday.', encoding="utf-8")
    result = runner.invoke(app, ["claims", str(source), "--no-store", "--speaker", "Nobody", "-f", "csv"])
    assert result.exit_code == 0
    assert next(csv.reader(io.StringIO(result.stdout)))[:3] == ["article", "title", "outlet"]
    assert len(result.stdout.splitlines()) == 1
