"""Inputs that are text but not plain English prose: HTML saved as .txt, and other languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

HTML_SIGNS = re.compile(
    r"<!doctype html|<html[\s>]|<body[\s>]|<(?:p|div|span|br|a|h[1-6])[\s>/]", re.IGNORECASE
)
BLOCK_TAGS = set(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr section article header footer blockquote figcaption title".split()
)
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
LETTER = re.compile(r"[^\W\d_]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
FUNCTION_WORDS = set(
    "the of and to in a is that for on with as was by said it at from his he be are has have will an its "
    "their this which were not but or had would they been after who also".split()
)


def looks_like_html(text: str) -> bool:
    return len(HTML_SIGNS.findall(text[:5000])) >= 2


class TextOfHtml(HTMLParser):
    """Visible text of a page, paragraphs kept apart; script and style never reach the words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: str | None = None
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skipping += 1
        self.in_title = tag == "title"
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS and self.skipping:
            self.skipping -= 1
        self.in_title = False
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title and self.title is None:
            self.title = " ".join(data.split()) or None
        elif not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """(text, title): whitespace inside paragraphs folded, paragraphs separated by one blank line."""
    parser = TextOfHtml()
    parser.feed(html)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p), parser.title


def language_problem(text: str) -> str | None:
    """Why a text is not English prose, or None. Short texts get the benefit of the doubt."""
    sample = text[:5000]
    letters = len(LETTER.findall(sample))
    if letters < 80:
        return None
    if len(LATIN_LETTER.findall(sample)) / letters < 0.6:
        return "not English (mostly non-Latin script)"
    words = re.findall(r"[a-z]+", sample.lower())
    if len(words) >= 30 and sum(1 for w in words if w in FUNCTION_WORDS) / len(words) < 0.1:
        return "not English (few English function words)"
    return None
