"""Paragraphs of a page that are no one's claim: the title line, a standfirst under it, photo captions.

A headline ('Minister says tariffs will not hurt farmers') and the summary under it restate the story in the
outlet's words; a caption describes a picture. The story's own sentences say who said what.
"""

from __future__ import annotations

import re

from xiputin_cli.components.claim_cues import ClaimCues
from xiputin_cli.components.quotes import Range
from xiputin_cli.header import find_title

CLOSED = re.compile(r"[.!?…][\"”’')\]]*$")


def page_furniture(text: str, paragraphs: list[Range], start: int, cues: ClaimCues) -> list[Range]:
    """The title paragraph and the unpunctuated ones right under it, and every captioned paragraph."""
    return [*heading(text, paragraphs, start), *captions(text, paragraphs, cues), *repeated(text, paragraphs)]


def heading(text: str, paragraphs: list[Range], start: int) -> list[Range]:
    """The title (as the header reads it) and the lines after it that end without a full stop, up to the
    story's first sentence (a section name, a date stamp, a standfirst)."""
    title = find_title(text, start)
    if title is None or not paragraphs or text[paragraphs[0][0] : paragraphs[0][1]].strip() != title:
        return []
    found = [paragraphs[0]]
    for ps, pe in paragraphs[1:6]:
        if CLOSED.search(text[ps:pe].rstrip()):
            break
        found.append((ps, pe))  # a standfirst: 'Farm groups say the duties will raise costs'
    return found


def repeated(text: str, paragraphs: list[Range]) -> list[Range]:
    """A summary line near the top that the story repeats as a sentence later: the page's standfirst."""
    found = []
    for ps, pe in paragraphs[:8]:
        body = text[ps:pe].strip()
        if len(body.split()) >= 6 and not CLOSED.search(body) and text.find(body, pe) > 0:
            found.append((ps, pe))
    return found


def captions(text: str, paragraphs: list[Range], cues: ClaimCues) -> list[Range]:
    """A paragraph carrying a photo credit ('REUTERS/Jane Doe', 'Getty Images') is a caption."""
    if not cues.caption_credit:
        return []
    credit = re.compile(cues.caption_credit)
    return [(ps, pe) for ps, pe in paragraphs if credit.search(text, ps, pe)]
