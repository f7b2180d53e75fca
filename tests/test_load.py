from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiputin_cli.load import (
    LoadFailure,
    SourceText,
    decode_bytes,
    load_articles,
    make_source_text,
    read_jsonl,
    read_stream,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def only_articles(items: list[SourceText | LoadFailure]) -> list[SourceText]:
    return [i for i in items if isinstance(i, SourceText)]


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second article body here.", encoding="utf-8")
    (tmp_path / "1.txt").write_text("First article body here.", encoding="utf-8")
    (tmp_path / "notes.docx").write_text("not an article", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "j1", "text": "Third one."}) + "\n", encoding="utf-8")
    ids = [a.id for a in only_articles(list(load_articles([tmp_path])))]
    assert ids == ["1", "b/2", "j1"]  # a file's id is its path under the root given (ids.py)


def test_seed_headers_give_published_dates_and_keep_offsets() -> None:
    articles = {a.id[:3]: a for a in only_articles(list(load_articles([SEEDS])))}
    assert {k: a.published for k, a in articles.items()} == {
        "000": None, "001": None, "002": "2025-05-08", "003": None, "004": "2023-10-18"
    }  # fmt: skip
    assert articles["002"].published_from == "header"
    for article in articles.values():
        path = SEEDS / Path(article.source).name
        assert article.text == path.read_bytes().decode("utf-8")  # text kept exactly as read


def test_datelines_are_read() -> None:
    articles = {a.id[:3]: a for a in only_articles(list(load_articles([SEEDS])))}
    moscow, tokyo = articles["002"], articles["004"]
    assert moscow.dateline is not None and moscow.dateline.place == "Moscow"
    assert moscow.dateline.date == "2025-05-08"
    assert tokyo.dateline is not None and tokyo.dateline.place == "Tokyo"
    assert tokyo.dateline.date == "2023-10-18"
    assert moscow.dateline_span is not None
    assert moscow.text[slice(*moscow.dateline_span)].startswith("Moscow, May 8:")


@pytest.mark.parametrize(
    ("text", "place", "date", "published"),
    [
        ("BEIJING, June 28 (Xinhua) -- Chinese President Xi Jinping held talks.", "Beijing", "--06-28", None),
        ("MOSCOW, Dec. 30, 2022 (Reuters) - Putin spoke.", "Moscow", "2022-12-30", "2022-12-30"),
        ("MOSCOW — The Kremlin said on Friday.", "Moscow", None, None),
        ("Chinese President Xi Jinping said: the talks went well.", None, None, None),
        ("PORTO, May 2. /TASS/. Prime Minister Anna Kovacs arrived.", "Porto", "--05-02", None),
        ("PORTO /Portugal/, May 2. /TASS/. Kovacs arrived.", "Porto", "--05-02", None),
        ("LISBON, Portugal (Reuters) — Kovacs arrived.", "Lisbon", None, None),
        ("NOVO-OGARYOVO | TASS | Kovacs spoke by video link.", "Novo-Ogaryovo", None, None),
        (
            "Kovacs Flies to Lisbon\n\nKovacs at the airport [AFP]\n\nLISBON (AFP) - Kovacs arrived.",
            "Lisbon",
            None,
            None,
        ),
        (
            "Talks in Porto\n\nKovacs arrived on Monday for two days of talks.\n\nPORTO (Lusa) - The talks.",
            "Porto",
            None,
            None,
        ),
        (
            "Talks in Porto\n\nKovacs arrived on Monday for two days of talks.\n\nPORTO - The talks.",
            None,
            None,
            None,
        ),
        ("Vladimir Putin (retranslated): Thank you.", None, None, None),
        # a dateline alone on its line under the title: a known place with its agency
        ("Talks in Porto\n\nPorto (Portugal) (AFP)\n\nKovacs arrived here.", "Porto", None, None),
        ("Talks in Porto\n\nPORTO (Lusa)\n\nKovacs arrived here.", "Porto", None, None),
        ("Talks in Porto\n\nTop Story (AFP)\n\nKovacs arrived here.", None, None, None),
        ("Talks in Porto\n\nPORTO\n\nKovacs arrived here.", None, None, None),
        ("PUBLISHED : Saturday, 9 March, 2019, 7:00am\n\nKovacs arrived.", None, None, "2019-03-09"),
    ],
)
def test_dateline_forms(text: str, place: str | None, date: str | None, published: str | None) -> None:
    article = make_source_text(text, id="x", source="x")
    assert (article.dateline.place if article.dateline else None) == place
    assert (article.dateline.date if article.dateline else None) == date
    assert article.published == published


def test_jsonl_metadata_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Xi met Putin.", "published": "2024-05-16T09:00:00Z", "title": "T"}),
        "{not json",
        json.dumps({"id": "b", "title": "no text"}),
        json.dumps({"id": "c", "text": "Putin spoke.", "url": "https://example.org/c"}),
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(load_articles([path]))
    good = only_articles(items)
    assert [a.id for a in good] == ["a", "c"]
    assert good[0].published == "2024-05-16" and good[0].published_from == "metadata"
    assert good[0].title == "T" and good[0].source == f"{path}:1"
    failures = [str(i) for i in items if isinstance(i, LoadFailure)]
    assert failures == [f"{path}:2: invalid JSON: Expecting property name enclosed in double quotes",
                        f'{path}:3: no "text" string in this record']  # fmt: skip


def test_stdin_plain_text_and_jsonl() -> None:
    plain = list(read_stream(io.BytesIO(b"Xi Jinping met Vladimir Putin in Moscow."), source="<stdin>"))
    assert isinstance(plain[0], SourceText) and plain[0].id == "stdin" and plain[0].source == "<stdin>"
    lines = b'{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n'
    assert [a.id for a in only_articles(list(read_stream(io.BytesIO(lines), source="<stdin>")))] == [
        "s1",
        "s2",
    ]


@pytest.mark.parametrize(
    ("data", "text", "warned"),
    [
        ("Xi met Putin in Moscow.".encode("utf-16"), "Xi met Putin in Moscow.", False),
        (b"\xef\xbb\xbfXi met Putin.", "Xi met Putin.", False),
        (b"Xi met Putin \xff in Moscow.", "Xi met Putin \ufffd in Moscow.", True),
    ],
)
def test_odd_encodings(data: bytes, text: str, warned: bool) -> None:
    decoded, warnings = decode_bytes(data)
    assert decoded == text
    assert bool(warnings) is warned


def test_binary_empty_and_missing_inputs_fail_alone(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "b.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Xi met Putin.", encoding="utf-8")
    items = list(load_articles([tmp_path, tmp_path / "nope.txt"]))
    assert [a.id for a in only_articles(items)] == ["c"]
    messages = [i.message for i in items if isinstance(i, LoadFailure)]
    assert messages == ["binary file (a PNG image), not text", "empty article (no text)",
                        "no such file or directory"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_load_or_fail_cleanly(data: bytes) -> None:
    for item in read_stream(io.BytesIO(data), source="<stdin>"):
        if isinstance(item, SourceText):
            assert 0 <= item.header_end <= len(item.text)
            for start, end, _ in item.boilerplate:
                assert 0 <= start <= end <= len(item.text)
        else:
            assert item.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_jsonl_text_loads_or_fails_cleanly(text: str) -> None:
    for item in read_jsonl(text.encode("utf-8"), source="f.jsonl"):
        assert isinstance(item, SourceText | LoadFailure)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.dates().map(lambda d: d.isoformat()))
def test_header_and_dateline_parser_never_raise(body: str, day: str) -> None:
    article = make_source_text(f" date {day} {body}", id="h", source="h")
    assert article.published == day and article.published_from == "header"
    if article.dateline_span:
        assert article.header_end <= article.dateline_span[0] <= article.dateline_span[1] <= len(article.text)
