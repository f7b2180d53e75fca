"""The meetings component: sentences of each mode, status and phrasing, readings it must not make, and the
five seeds against their hand-made gold."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS, gold_files
from xiputin_cli.extract import extract_articles, extract_text
from xiputin_cli.records import Article, Meeting

XI, PUTIN, BIDEN = "Xi Jinping", "Vladimir Putin", "Joe Biden"


@pytest.fixture(scope="session")
def meeting_nlp() -> Any:
    """Its own pipeline (the shared one stays as the lead assembles it), with the meetings component."""
    import xiputin_cli.components.meetings  # noqa: F401  registers the factory
    from xiputin_cli.pipeline import load_pipeline

    nlp = load_pipeline()
    if "xiputin_meetings" not in nlp.pipe_names:
        last = "xiputin_portable" if "xiputin_portable" in nlp.pipe_names else None
        nlp.add_pipe("xiputin_meetings", before=last)
    return nlp


@pytest.fixture(scope="session")
def seed_results(meeting_nlp: Any) -> dict[str, Article]:
    """The five seeds through the pipeline with meetings, keyed by file name."""
    found = extract_articles([SEEDS], nlp=meeting_nlp)
    return {Path(a.source).name: a for a in found if isinstance(a, Article)}


def meetings(nlp: Any, text: str, published: str | None = "2024-05-10") -> list[Meeting]:
    return extract_text(text, nlp=nlp, published=published).meetings


def only(nlp: Any, text: str, published: str | None = "2024-05-10") -> Meeting:
    found = meetings(nlp, text, published)
    assert len(found) == 1, [m.model_dump() for m in found]
    return found[0]


# --- each mode, status and phrasing ---------------------------------------------------------------------


def summary(m: Meeting) -> str:
    """'Putin+Xi video held 2024-05-06..2024-05-06 -': people by surname, mode, status, date, place."""
    people = "+".join(sorted(p.split()[-1] if p != XI else "Xi" for p in m.participants))
    return f"{people} {m.mode} {m.status} {m.date.start}..{m.date.end} {m.location or '-'}"


CASES = [
    (
        "Chinese President Xi Jinping held talks with Russian President Putin in Beijing on Thursday.",
        "Putin+Xi in_person held 2024-05-09..2024-05-09 Beijing",
    ),
    (
        "Xi Jinping and Vladimir Putin spoke by phone on Tuesday, the Kremlin said on Wednesday.",
        "Putin+Xi phone held 2024-05-07..2024-05-07 -",
    ),
    (
        "Putin phoned Xi on Monday to discuss the situation in Ukraine.",
        "Putin+Xi phone held 2024-05-06..2024-05-06 -",
    ),
    (
        "Xi Jinping and Vladimir Putin held a video call on Monday.",
        "Putin+Xi video held 2024-05-06..2024-05-06 -",
    ),
    (
        "Putin and Xi will hold a virtual summit on Tuesday, officials said.",
        "Putin+Xi video planned 2024-05-14..2024-05-14 -",
    ),
    (
        "Xi and Putin are scheduled to meet in Astana next month on the sidelines of the SCO summit.",
        "Putin+Xi in_person planned 2024-06-01..2024-06-30 Astana",
    ),
    (
        "Xi is expected to hold talks with Putin in Kazan in October.",
        "Putin+Xi in_person planned 2024-10-01..2024-10-31 Kazan",
    ),
    (
        "Putin is due to arrive in Beijing on Thursday for talks with Xi.",
        "Putin+Xi in_person planned 2024-05-16..2024-05-16 Beijing",
    ),
    (
        "Xi hosted Putin in Beijing on Thursday for a two-day state visit.",
        "Putin+Xi in_person held 2024-05-09..2024-05-09 Beijing",
    ),
    (
        "Putin told Xi during a phone call on Monday that Russia valued its ties with China.",
        "Putin+Xi phone held 2024-05-06..2024-05-06 -",
    ),
    (
        "The summit between Xi and Putin will take place on May 16.",
        "Putin+Xi in_person planned 2024-05-16..2024-05-16 -",
    ),
    ("Xi met Putin for the 40th time on Thursday.", "Putin+Xi unknown held 2024-05-09..2024-05-09 -"),
    (
        "Putin and Biden held a summit in Geneva on June 16, 2021.",
        "Biden+Putin in_person held 2021-06-16..2021-06-16 Geneva",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_one_sentence_one_meeting(meeting_nlp: Any, text: str, expected: str) -> None:
    assert summary(only(meeting_nlp, text)) == expected


def test_two_contacts_recalled_in_one_sentence(meeting_nlp: Any) -> None:
    text = "Putin and Xi held talks via a video link in January and spoke over the phone in late February."
    found = meetings(meeting_nlp, text, "2025-05-08")
    assert [(m.mode, (m.date.start or "")[:7], m.status) for m in found] == [
        ("video", "2025-01", "held"),
        ("phone", "2025-02", "held"),
    ]


def test_several_sentences_about_one_meeting_give_one_record(meeting_nlp: Any) -> None:
    text = (
        "Xi Jinping met with Vladimir Putin at the Kremlin on Tuesday. During the meeting, Xi said China was "
        "ready to work with Russia. The two leaders also signed a joint statement on energy cooperation."
    )
    m = only(meeting_nlp, text)
    assert len(m.evidence) == 3
    assert m.mode == "in_person"
    assert m.outcomes and m.outcomes[0].startswith("signed a joint statement")


def test_evidence_offsets_point_into_the_text(meeting_nlp: Any) -> None:
    text = (
        " date 2023-10-18 TOKYO, Oct 18 (KUNA) -- Xi held talks with Putin Wednesday in Beijing, Xinhua said."
    )
    article = extract_text(text, nlp=meeting_nlp)
    evidence = article.meetings[0].evidence[0]
    assert text[evidence.start : evidence.end] == evidence.text
    assert not evidence.text.startswith("date")


def test_dateline_place_is_never_the_meeting_place(meeting_nlp: Any) -> None:
    text = " date 2023-10-18 TOKYO, Oct 18 (KUNA) -- Chinese President Xi held talks with Putin Wednesday."
    m = only(meeting_nlp, text, None)
    assert m.location is None
    assert m.date.start == "2023-10-18"


def test_an_unresolvable_day_stays_null_with_its_words(meeting_nlp: Any) -> None:
    m = only(
        meeting_nlp, "Russian President Vladimir Putin will hold talks by video link with Xi on Friday.", None
    )
    assert (m.date.start, m.date.text, m.status, m.mode) == (None, "Friday", "planned", "video")


def test_their_summit_means_the_clause_s_own_pair(meeting_nlp: Any) -> None:
    text = "Xi met Putin in May. Putin and U.S. President Joe Biden agreed at their summit in June to talk."
    pairs = [set(m.participants) for m in meetings(meeting_nlp, text)]
    assert {PUTIN, BIDEN} in pairs and {XI, PUTIN} in pairs


def test_the_two_leaders_resolve_to_the_article_s_pair(meeting_nlp: Any) -> None:
    text = "Chinese President Xi Jinping praised Russian President Putin. The two leaders met on Monday."
    assert set(only(meeting_nlp, text).participants) == {XI, PUTIN}


def test_a_visit_meets_the_host_country_s_leader(meeting_nlp: Any) -> None:
    text = "Xi Jinping praised Vladimir Putin. Xi will pay a state visit to Russia from May 7 to 10."
    m = only(meeting_nlp, text, "2024-05-01")
    assert (set(m.participants), m.status, m.occasion, m.cameo) == (
        {XI, PUTIN},
        "planned",
        "state visit",
        "036",
    )


def test_an_analyst_s_online_meeting_is_the_announced_one(meeting_nlp: Any) -> None:
    text = (
        "Chinese President Xi Jinping will have a video meeting with Russian President Putin on Monday. "
        "The online meeting between top Chinese and Russian leaders would be of great importance, Yang said. "
        '"The timing of Monday\'s online meeting is of particular importance," Wang said.'
    )
    m = only(meeting_nlp, text, None)
    assert (m.status, m.mode, len(m.evidence)) == ("planned", "video", 3)


def test_announcement_and_report_of_one_meeting_merge_within_an_article(meeting_nlp: Any) -> None:
    text = (
        "Xi, who is on a state visit to Russia, held talks in Moscow with Putin on Thursday. "
        "They are also scheduled to hold strategic consultations on pressing international issues."
    )
    m = only(meeting_nlp, text)
    assert (m.status, m.location, m.cameo) == ("held", "Moscow", "042")
    assert "pressing international issues" in m.topics


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        ("talks", "Xi and Putin held talks on Monday.", "040"),
        ("phone", "Xi and Putin spoke by phone on Monday.", "041"),
        ("host", "Xi hosted Putin on Monday.", "043"),
        ("planned", "Xi will meet Putin on Monday.", "036"),
    ],
)
def test_cameo_codes(meeting_nlp: Any, kind: str, text: str, code: str) -> None:
    assert only(meeting_nlp, text).cameo == code, kind


# --- readings it must not make --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Xi and Putin did not meet during the summit.",
        "Putin said he could meet Xi at some point.",
        "Putin hopes to meet Xi soon.",
        "Xi invited Putin to visit China.",
        "The two countries held consultations on security issues.",
        "Chinese and Russian officials held talks in Moscow on Monday.",
        "Xi told Putin that China supports Russia.",
        "Xi and Putin have met dozens of times.",
        "Their frequent meetings show deepening mutual trust, the Global Times said.",
        "Xi called for peace on Thursday.",
        "Zhao Lijian said at a routine press conference on June 15 that ties were strong.",
        "Since March 2020, Xi and Putin have spoken on the phone five times.",
    ],
)
def test_no_meeting(meeting_nlp: Any, text: str) -> None:
    assert meetings(meeting_nlp, text) == []


def test_a_counted_series_yields_only_its_dated_contact(meeting_nlp: Any) -> None:
    text = (
        "Chinese President Xi Jinping met Russian President Vladimir Putin. Since March 2020, the main "
        "leaders of the two countries have spoken on the phone five times, and on December 28, 2020, "
        "the two leaders indicated that cooperation would grow."
    )
    dated = [m for m in meetings(meeting_nlp, text, None) if m.date.start]
    assert [(m.date.start, m.status) for m in dated] == [("2020-12-28", "held")]


def test_an_embedded_tweet_is_not_a_report(meeting_nlp: Any) -> None:
    text = (
        "Xi arrived in Moscow on Wednesday.\n\nPutin and Xi Jinping have just met in a ceremonial video. "
        "Nothing is safe. pic.twitter.com/xnccKxdaEP — Bricktop_NAFO (@Bricktop_NAFO) May 8, 2025\n\n"
        "Xi was welcomed at the airport."
    )
    assert meetings(meeting_nlp, text, "2025-05-08") == []


# --- the seeds against the gold -------------------------------------------------------------------------


def canon(name: str) -> str:
    low = name.lower()
    return XI if re.search(r"\bxi\b", low) else PUTIN if "putin" in low else low


def is_xi_putin(participants: list[str]) -> bool:
    return {XI, PUTIN} <= {canon(p) for p in participants}


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def same_evidence(gold: str, pred: Meeting) -> bool:
    """As the scorer: one text inside the other, or token F1 ≥ 0.6."""
    a, b = " ".join(words(gold)), " ".join(words(" ".join(e.text for e in pred.evidence)))
    common = len(set(a.split()) & set(b.split()))
    f1 = 2 * common / (len(a.split()) + len(b.split())) if a and b else 0.0
    return a in b or b in a or f1 >= 0.6


def date_right(gold: str | None, pred: Meeting) -> bool | None:
    """True when right, None when left null (allowed: never a guess), False when wrong."""
    start, end = pred.date.start, pred.date.end or pred.date.start
    if gold is None or start is None:
        return True if gold is None and start is None else None if start is None else False
    return start.startswith(gold) and (end or "").startswith(gold)


def match_score(gold: dict[str, Any], pred: Meeting) -> int:
    score = 2 * same_evidence(gold["evidence"], pred) + 2 * bool(
        gold.get("date") and date_right(gold["date"], pred)
    )
    return score + (score > 0 and gold["mode"] == pred.mode) if score >= 2 else 0


def match(golds: list[dict[str, Any]], preds: list[Meeting]) -> list[tuple[dict[str, Any], Meeting]]:
    pairs, used = [], set()
    for gold in golds:
        scored = [(match_score(gold, p), i) for i, p in enumerate(preds) if i not in used]
        best = max(scored, default=(0, -1))
        if best[0]:
            used.add(best[1])
            pairs.append((gold, preds[best[1]]))
    return pairs


def test_seed_meetings_match_the_gold(seed_results: dict[str, Article]) -> None:
    tp = npred = ngold = 0
    pairs: list[tuple[str, dict[str, Any], Meeting]] = []
    for gold_file in gold_files():
        golds = [m for m in gold_file["meetings"] if m.get("core", True) and is_xi_putin(m["participants"])]
        preds = [m for m in seed_results[gold_file["file"]].meetings if is_xi_putin(m.participants)]
        found = match(golds, preds)
        tp, npred, ngold = tp + len(found), npred + len(preds), ngold + len(golds)
        pairs += [(gold_file["file"], g, p) for g, p in found]
    precision, recall = tp / max(npred, 1), tp / max(ngold, 1)
    assert 2 * precision * recall / max(precision + recall, 1e-9) >= 0.9, (precision, recall)
    for name, gold, pred in pairs:
        assert date_right(gold.get("date"), pred) is not False, (name, gold["date"], pred.date)
        assert gold["status"] == pred.status, (name, gold["evidence"][:60])
        assert gold["mode"] == pred.mode or gold["mode"] == "unknown", (name, gold["evidence"][:60])
        if gold.get("location"):
            assert gold["location"] == pred.location, name
    assert sum(date_right(g.get("date"), p) is True for _, g, p in pairs) >= len(pairs) - 2


def test_seed_004_is_in_beijing_not_the_dateline_s_tokyo(seed_results: dict[str, Article]) -> None:
    (m,) = seed_results["004_3b4c38bc7d014705.txt"].meetings
    assert (m.location, m.mode, m.date.start) == ("Beijing", "in_person", "2023-10-18")
    assert m.occasion == "third Belt and Road Forum for International Cooperation"


def test_seed_non_xi_putin_meetings_are_kept_apart(seed_results: dict[str, Article]) -> None:
    pairs = [set(m.participants) for a in seed_results.values() for m in a.meetings]
    assert {PUTIN, BIDEN} in pairs
    assert all(len(p) >= 2 for p in pairs)
