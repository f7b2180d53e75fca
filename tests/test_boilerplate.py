from __future__ import annotations

from pathlib import Path

from xiputin_cli.boilerplate import find_boilerplate, tweet_author

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def marked(text: str, kind: str) -> list[str]:
    return [text[s:e] for s, e, k in find_boilerplate(text) if k == kind]


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_donation_appeal_runs_to_the_end() -> None:
    text = seed("003")
    (appeal,) = marked(text, "appeal")
    assert appeal.startswith("A Message from The Moscow Times:")
    assert appeal.endswith("Remind me later.")
    assert "We, the journalists of The Moscow Times, refuse to be silenced." in appeal


def test_related_coverage_list() -> None:
    (related,) = marked(seed("000"), "related")
    assert related.startswith("Related coverage:")
    assert related.endswith("seeks arms control with China")


def test_pasted_headlines_inside_and_between_paragraphs() -> None:
    headlines = marked(seed("002"), "headline")
    assert any(h.startswith("Russia-Ukraine War: Vladimir Putin Declares a Ceasefire") for h in headlines)
    assert any(h.startswith("US V-Day: Donald Trump Declares May 8") for h in headlines)
    assert "Putin-Xi Jinping Meeting in Moscow" in headlines
    assert not any("Xi said" in h or "emphasised" in h for h in headlines)


def test_photo_credit_and_tweet() -> None:
    assert marked(seed("001"), "photo_credit") == ["Photo: Xinhua"]
    (tweet,) = marked(seed("002"), "tweet")
    assert tweet.startswith("Putin and Xi Jinping have just met") and tweet.endswith("May 8, 2025")
    assert tweet_author(tweet) == "Bricktop_NAFO"


def test_ordinary_news_prose_is_not_boilerplate() -> None:
    text = (
        "On Friday Prime Minister Anna Kovacs and President Pedro Silva are to talk by video link, "
        'her office said.\nA spokesman said: "Our leaders will discuss the rail link."\n'
        "Related talks were held in Porto last year, officials said."
    )
    assert find_boilerplate(text) == []
