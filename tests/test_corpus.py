"""The corpus stage end to end: ids that name one article, and the timeline of several folders."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from xiputin_cli.load import LoadFailure, SourceText, load_articles
from xiputin_cli.records import Article

OUTLETS = {
    "nyt": "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on "
    "May 8, 2025, the Kremlin said.",
    "wapo": "Vladimir Putin held talks with Xi Jinping in Moscow on May 8, 2025, the Kremlin said.",
    "ft": "Xi Jinping and Vladimir Putin held talks in Moscow on May 8, 2025, state media reported.",
}


def articles(items: list[SourceText | LoadFailure]) -> list[SourceText]:
    return [i for i in items if isinstance(i, SourceText)]


def three_folders(root: Path) -> list[Path]:
    """Three outlets' folders with the same file name, each its own report of one meeting."""
    folders = []
    for outlet, text in OUTLETS.items():
        (root / outlet).mkdir()
        (root / outlet / "001.txt").write_text(f" date 2025-05-09 \n{text}\n", encoding="utf-8")
        folders.append(root / outlet)
    return folders


def test_a_file_id_is_its_path_under_the_root_given(tmp_path: Path) -> None:
    folders = three_folders(tmp_path)
    assert [a.id for a in articles(list(load_articles([tmp_path])))] == ["ft/001", "nyt/001", "wapo/001"]
    assert [a.id for a in articles(list(load_articles([folders[0] / "001.txt"])))] == ["001"]


def test_the_same_name_under_three_roots_gives_three_ids_with_a_warning(tmp_path: Path) -> None:
    found = articles(list(load_articles(three_folders(tmp_path))))
    assert len({a.id for a in found}) == 3
    assert found[0].id == "001" and not found[0].warnings
    assert all("already another article's" in a.warnings[-1] for a in found[1:])
    assert len({a.digest for a in found}) == 3  # the store keys them apart too


def test_json_lines_ids_are_the_field_else_file_and_line(tmp_path: Path) -> None:
    lines = [{"id": "a-1", "text": "One article."}, {"text": "Another article."}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    assert [a.id for a in articles(list(load_articles([tmp_path / "feed.jsonl"])))] == ["a-1", "feed.jsonl:2"]


def test_two_stdin_articles_get_two_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    ids = []
    for text in (b"Xi Jinping spoke with Vladimir Putin by phone.", b"Putin met Xi in Beijing."):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text)))
        ids += [a.id for a in articles(list(load_articles(["-"])))]
    assert len(set(ids)) == 2 and all(i.startswith("stdin-") for i in ids)


def test_the_same_stdin_text_keeps_its_id(monkeypatch: pytest.MonkeyPatch) -> None:
    ids = []
    for _ in range(2):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Putin met Xi in Beijing.")))
        ids += [a.id for a in articles(list(load_articles(["-"])))]
    assert ids[0] == ids[1]


def test_three_outlets_give_one_meeting_with_three_sources(tmp_path: Path, nlp: Any) -> None:
    from xiputin_cli.extract import extract_articles
    from xiputin_cli.timeline import filter_meetings, merge_meetings

    records = [r for r in extract_articles(three_folders(tmp_path), nlp=nlp) if isinstance(r, Article)]
    merged = filter_meetings(merge_meetings(records), since="2025-05")
    assert [(m.date.start, sorted(m.sources)) for m in merged] == [("2025-05-08", ["001", "001~2", "001~3"])]


def test_byte_identical_copies_collapse_into_one_source(tmp_path: Path, nlp: Any) -> None:
    from xiputin_cli.extract import extract_articles
    from xiputin_cli.timeline import merge_meetings, prepare_merge

    for name in ("wire", "copy"):
        (tmp_path / f"{name}.txt").write_text(f" date 2025-05-09 \n{OUTLETS['ft']}\n", encoding="utf-8")
    records = [r for r in extract_articles([tmp_path], nlp=nlp) if isinstance(r, Article)]
    assert prepare_merge(records).duplicates == {"wire": "copy"}
    assert [m.sources for m in merge_meetings(records)] == [["copy"]]
