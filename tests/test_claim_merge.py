"""Claims across articles: one claim per speaker and near-identical wording, with every article reporting it;
the same from the store (its stored wording keys) and from record files (`merge --claims`)."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xiputin_cli.claim_match import joined_claims, match_key
from xiputin_cli.claim_merge import merge_claims
from xiputin_cli.cli import app
from xiputin_cli.records import Article, Claim, Evidence
from xiputin_cli.store import Store

runner = CliRunner()


def said(article: str, speaker: str, text: str, start: int = 5) -> Claim:
    evidence = Evidence(article=article, text=f"{speaker} said {text}", start=start, end=start + 35)
    return Claim(speaker=speaker, speaker_text=speaker, text=text, kind="indirect", evidence=evidence)


def merged(*claims: Claim) -> list[tuple[str, list[str], str]]:
    return [(c.speaker, c.sources, c.evidence.article) for c in merge_claims(claims)]


def test_the_same_words_of_one_speaker_in_several_articles_are_one_claim() -> None:
    assert merged(
        said("tass", "Xi Jinping", "Relations are at their best."),
        said("xinhua", "Xi Jinping", "relations are at their “best”"),
        said("xinhua", "Xi Jinping", "relations are at their best"),
        said("ria", "Vladimir Putin", "relations are at their best"),
    ) == [("Vladimir Putin", ["ria"], "ria"), ("Xi Jinping", ["tass", "xinhua"], "tass")]


def test_near_identical_wordings_from_three_outlets_are_one_claim_with_every_source() -> None:
    found = merge_claims(
        [
            said(
                "wire-c", "Lena Moss", "Our harbour will reopen to the ferries in spring, and fares will fall"
            ),
            said(
                "wire-a", "Lena Moss", "'The harbor will reopen to ferries in spring, and fares will fall.'"
            ),
            said(
                "wire-b", "Lena Moss", "harbour will reopen to ferries in spring"
            ),  # the trailing clause cut
        ]
    )
    assert [(c.sources, c.evidence.article) for c in found] == [(["wire-a", "wire-b", "wire-c"], "wire-a")]
    assert found[0].text == "'The harbor will reopen to ferries in spring, and fares will fall.'"


def test_different_words_stay_different_claims() -> None:
    found = merge_claims([said("a", "Xi", "trade will grow"), said("b", "Xi", "trade will not grow")])
    assert [c.sources for c in found] == [["a"], ["b"]]


def test_the_same_words_of_two_speakers_stay_apart() -> None:
    found = merged(said("a", "Lena Moss", "the bridge is safe"), said("b", "Ivo Marr", "the bridge is safe"))
    assert found == [("Lena Moss", ["a"], "a"), ("Ivo Marr", ["b"], "b")]


def test_statements_sharing_most_words_stay_apart() -> None:
    found = merge_claims(
        [
            said("a", "Ivo Marr", "we will attend the regional summit in the autumn"),
            said("b", "Ivo Marr", "we will not attend the regional summit in the autumn"),
            said("c", "Ivo Marr", "we will attend the regional summit in the winter"),
        ]
    )
    assert [c.sources for c in found] == [["a"], ["b"], ["c"]]


def test_a_short_claim_does_not_swallow_a_long_one() -> None:
    long = "the new rail line will carry grain and timber to the coast within two years"
    found = merge_claims([said("a", "Lena Moss", "the new rail line will"), said("b", "Lena Moss", long)])
    assert [c.sources for c in found] == [["a"], ["b"]]


def test_ever_shorter_cuts_do_not_chain_into_the_fullest_claim() -> None:
    words = "one two three four five six seven eight nine ten".split()
    keys = [" ".join(words[:n]) for n in (10, 7, 5)]  # 7 of 10 joins; 5 of 10 does not, though 5 of 7 would
    assert joined_claims(keys) == {keys[1]: keys[0]}


def test_a_cut_joins_the_fullest_claim_it_starts() -> None:
    keys = ["a b c d e", "a b c d e f", "a b c d x y", "a b c d"]
    assert joined_claims(keys) == {"a b c d e": "a b c d e f", "a b c d": "a b c d e f"}


def test_the_wording_key_sets_aside_case_marks_articles_and_british_spelling() -> None:
    assert (
        match_key("The Centre’s “DEFENCE” programme, our neighbours") == "center s defense program neighbors"
    )
    assert match_key("?!") == "?!"  # no words: the text itself, case-folded
    assert match_key("We will not go") != match_key("We will go")


def test_any_order_of_articles_and_any_sharding_give_the_same_claims() -> None:
    rng = random.Random(4)
    texts = ["ports will open", "Ports will open.", "ports will open soon to traders", "fares will fall"]
    articles = [
        [
            said(f"art{n}", rng.choice(["A B", "C D"]), rng.choice(texts), rng.randrange(0, 200, 50))
            for _ in range(4)
        ]
        for n in range(15)
    ]  # two claims of one sentence keep their order in the article
    once = [c.model_dump() for c in merge_claims(c for claims in articles for c in claims)]
    assert 1 < len(once) < 8 and any(len(c["sources"]) > 3 for c in once)
    for speaker in ("A B", "C D"):  # the sources of a speaker's claims are the articles reporting them
        reported = {c.evidence.article for claims in articles for c in claims if c.speaker == speaker}
        assert {s for c in once if c["speaker"] == speaker for s in c["sources"]} == reported
    assert all(
        c["sources"] == sorted(set(c["sources"])) and c["evidence"]["article"] in c["sources"] for c in once
    )
    for _ in range(5):
        rng.shuffle(articles)
        assert [c.model_dump() for c in merge_claims(c for claims in articles for c in claims)] == once
        half = rng.randrange(len(articles))
        shards = [
            merge_claims(c for claims in part for c in claims) for part in (articles[:half], articles[half:])
        ]
        assert [c.model_dump() for c in merge_claims(shards[1] + shards[0])] == once


def test_a_claim_already_right_is_passed_on_not_copied() -> None:
    claim = said("a", "A B", "ports will open").model_copy(update={"sources": ["a"]})
    assert merge_claims([claim])[0] is claim


def test_claims_over_a_corpus_merge_and_per_article_keeps_every_row(tmp_path: Path) -> None:
    lines = [
        {"id": "first", "published": "2024-05-16", "text": "Chinese President Xi Jinping said the two "
         "countries would deepen their trade ties. The talks ended in the evening."},
        {"id": "second", "published": "2024-05-17", "text": "Speaking in Moscow, Chinese President Xi "
         "Jinping said the two countries would deepen their trade ties. Markets barely moved."},
    ]  # fmt: skip
    corpus = tmp_path / "two.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    args = ["claims", str(corpus), "--no-store", "-f", "json", "-j", "1"]
    merged = runner.invoke(app, args)
    rows = runner.invoke(app, [*args, "--per-article"])
    assert merged.exit_code == 0 and rows.exit_code == 0, merged.output + rows.output
    claims, each = json.loads(merged.stdout), json.loads(rows.stdout)
    trade = [c for c in claims if "trade ties" in c["text"]]
    assert len(trade) == 1 and trade[0]["sources"] == ["first", "second"]
    assert sorted(c["evidence"]["article"] for c in each if "trade ties" in c["text"]) == ["first", "second"]
    assert all(c["sources"] == [] for c in each)


# --- from the store and from record files ------------------------------------------------------------------


def article(ident: str, *claims: tuple[str, str]) -> Article:
    found = [said(ident, speaker, text, 10 + 60 * n) for n, (speaker, text) in enumerate(claims)]
    return Article(id=ident, source=f"{ident}.txt", published="2024-03-0" + ident[-1], claims=found)


ARTICLES = [
    article(
        "desk3", ("Lena Moss", "The harbour will reopen in spring, and fares fall."), ("Ivo Marr", "No.")
    ),
    article("desk1", ("Lena Moss", "the harbor will reopen in spring"), ("Ivo Marr", "we will not attend")),
    article("desk2", ("Lena Moss", "“The harbour will reopen in spring, and fares fall”")),
    article("desk4", ("Ivo Marr", "we will attend"), ("Lena Moss", "the harbor will reopen in spring")),
]


@pytest.fixture
def shards(tmp_path: Path) -> Path:
    """Two shards' record files, as a job array leaves them (in no particular article order)."""
    folder = tmp_path / "parts"
    folder.mkdir()
    for name, part in (("part-1.jsonl", ARTICLES[2:]), ("part-0.jsonl", ARTICLES[:2])):
        (folder / name).write_text("".join(a.model_dump_json() + "\n" for a in part), encoding="utf-8")
    return folder


def claims_json(*args: str) -> list[dict[str, object]]:
    done = runner.invoke(app, [*args, "-f", "json"])
    assert done.exit_code == 0, done.output
    return list(json.loads(done.stdout))


def test_merge_of_shard_files_gives_what_the_store_gives(tmp_path: Path, shards: Path) -> None:
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["store", "import", str(shards), "--db", db, "-q"]).exit_code == 0
    from_store = claims_json("claims", "--db", db)
    assert claims_json("merge", str(shards), "--claims") == from_store
    assert [(c["speaker"], c["sources"]) for c in from_store] == [
        ("Lena Moss", ["desk1", "desk2", "desk3", "desk4"]),
        ("Ivo Marr", ["desk1"]),
        ("Ivo Marr", ["desk3"]),
        ("Ivo Marr", ["desk4"]),
    ]
    assert claims_json("claims", "--db", db, "--speaker", "Lena") == from_store[:1]
    assert len(claims_json("claims", "--db", db, "--per-article")) == 7


def stored_keys(db: Path) -> list[str | None]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT match_key FROM claims ORDER BY article_id, position")]


def test_the_store_keeps_each_claims_wording_key_and_reads_it(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        for a in ARTICLES:
            store.save_as(a.id, a.id, "test", a)
    assert stored_keys(db)[:2] == ["harbor will reopen in spring", "we will not attend"]
    with sqlite3.connect(db) as conn:  # a key the store holds is the one the merge uses
        conn.execute("UPDATE claims SET match_key = 'same' WHERE speaker = 'Ivo Marr'")
    ivo = claims_json("claims", "--db", str(db), "--speaker", "Ivo")
    assert [c["sources"] for c in ivo] == [["desk1", "desk3", "desk4"]]


def test_keys_made_under_other_rules_are_made_again(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        for a in ARTICLES:
            store.save_as(a.id, a.id, "test", a)
    right = claims_json("claims", "--db", str(db))
    with sqlite3.connect(db) as conn:  # keys from other rules: a reader makes its own, a writer remakes them
        conn.execute("UPDATE claims SET match_key = 'same'")
        conn.execute("UPDATE state SET value = 'older rules' WHERE key = 'claim_match_rules'")
    assert claims_json("claims", "--db", str(db)) == right
    Store(db).close()
    assert "same" not in stored_keys(db) and claims_json("claims", "--db", str(db)) == right


def test_a_schema_5_store_gains_the_wording_keys(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        for a in ARTICLES:
            store.save_as(a.id, a.id, "test", a)
    right = claims_json("claims", "--db", str(db))
    with sqlite3.connect(db) as conn:  # the claims table as schema 5 made it: no wording keys
        conn.execute("ALTER TABLE claims DROP COLUMN match_key")
        conn.execute("DELETE FROM state WHERE key = 'claim_match_rules'")
        conn.execute("PRAGMA user_version = 5")
    Store(db).close()
    assert None not in stored_keys(db) and claims_json("claims", "--db", str(db)) == right
