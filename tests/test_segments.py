"""Over-long articles run in parts and come back as one record whose offsets point into the whole text."""

from __future__ import annotations

from collections import deque
from typing import Any

from xiputin_cli.extract import extract_text
from xiputin_cli.load import make_source_text
from xiputin_cli.segments import PART_CHARS, Parted, cut_points, split_parts

PARAGRAPH = (
    "Trade between the two countries grew again last year, officials in both capitals said on Monday. "
    "Analysts expect the new pipeline to carry more gas from next winter onwards.\n\n"
)


def test_cuts_fall_after_paragraph_breaks_and_bound_every_part() -> None:
    text = PARAGRAPH * (3 * PART_CHARS // len(PARAGRAPH))
    starts = cut_points(text)
    ends = [*starts[1:], len(text)]
    assert starts[0] == 0 and len(starts) >= 3
    assert all(0 < end - start <= PART_CHARS for start, end in zip(starts, ends, strict=True))
    assert all(text[cut - 2 : cut] == "\n\n" for cut in starts[1:])  # a part begins a paragraph


def test_without_paragraphs_cuts_fall_at_sentence_ends_then_spaces() -> None:
    sentences = "The talks went on for hours. " * (PART_CHARS // 10)
    assert all(sentences[cut - 2 : cut] == ". " for cut in cut_points(sentences)[1:])
    words = "talks " * (PART_CHARS // 2)
    assert all(words[cut - 1] == " " for cut in cut_points(words)[1:])
    assert cut_points("short text") == [0]


def test_parts_carry_the_loaders_spans_in_their_own_offsets() -> None:
    text = " date 2024-05-16 \n" + PARAGRAPH * (2 * PART_CHARS // len(PARAGRAPH))
    article = make_source_text(text, id="long", source="long.txt")
    far = len(text) - 200
    article = article.model_copy(update={"boilerplate": [(far, far + 50, "related")]})
    parted: deque[Parted] = deque()
    parts = list(split_parts([article], parted))
    ((whole, starts),) = parted
    assert whole is article and len(parts) == len(starts) > 1
    assert "".join(part.text for part in parts) == text
    assert parts[0].header_end == article.header_end and all(p.header_end == 0 for p in parts[1:])
    last, at = parts[-1], starts[-1]
    assert last.boilerplate == [(far - at, far - at + 50, "related")]
    assert all(p.published == article.published and p.id == "long" for p in parts)


def test_a_long_article_is_one_record_with_exact_offsets(nlp: Any) -> None:
    opening = "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow.\n\n"
    closing = '"We will deepen our cooperation," Putin told reporters after the talks.\n'
    text = opening + PARAGRAPH * (2 * PART_CHARS // len(PARAGRAPH)) + closing
    article = extract_text(text, nlp=nlp, id="long", published="2024-05-20")
    assert article.words == len(text.split())
    assert any("read in 3 parts" in w for w in article.warnings)
    assert all(text[e.start : e.end] == e.text for e in article.entities)
    for item in [*(ev for m in article.meetings for ev in m.evidence), *(c.evidence for c in article.claims)]:
        assert text[item.start : item.end] == item.text and item.article == "long"
    assert any(e.start > len(text) - len(closing) and e.text == "Putin" for e in article.entities)
    assert any(c.evidence.start >= len(text) - len(closing) for c in article.claims)
    assert article.meetings and article.meetings[0].evidence[0].start == 0


def test_a_long_run_of_claims_is_read_in_bounded_parts(nlp: Any) -> None:
    """The whole text as one part took over a minute (the claim rules are super-linear in a part's length);
    in parts of at most PART_CHARS it takes seconds. The parts are checked, not the clock."""
    text = "Xi said the two sides would win. " * (60_000 // 33)
    article = extract_text(text, nlp=nlp)
    parts = len(cut_points(text))
    assert parts >= len(text) // PART_CHARS and any(f"read in {parts} parts" in w for w in article.warnings)
    assert len(article.claims) > 1000
    assert all(text[c.evidence.start : c.evidence.end] == c.evidence.text for c in article.claims)
