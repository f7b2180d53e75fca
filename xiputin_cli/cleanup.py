"""Inputs that are text but not plain English prose: HTML saved as .txt (told apart here, read by
readers/html.py), and other languages."""

from __future__ import annotations

import re

HTML_SIGNS = re.compile(
    r"<!doctype html|<html[\s>]|<body[\s>]|<(?:p|div|span|br|a|h[1-6])[\s>/]", re.IGNORECASE
)
LETTER = re.compile(r"[^\W\d_]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
FUNCTION_WORDS = set(
    "the of and to in a is that for on with as was by said it at from his he be are has have will an its "
    "their this which were not but or had would they been after who also".split()
)


def looks_like_html(text: str) -> bool:
    return len(HTML_SIGNS.findall(text[:5000])) >= 2


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
