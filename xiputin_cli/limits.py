"""How much one input may cost: bytes read, characters kept, and text shapes that no pipeline reads in bounded
time. Everything here refuses early with a message rather than running out of memory or time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from typing import IO

from xiputin_cli.components.quotes import QUOTE_CHARS  # the marks the claim rules pair (no spaCy there)

MAX_CHARS = 1_000_000  # spaCy's own max_length: the parser needs ~1 GB per 100,000 characters beyond it
# A character takes at most 4 bytes in UTF-8 or UTF-16 (and a byte that cannot be decoded becomes one U+FFFD):
# more bytes than this cannot be an article under MAX_CHARS, so nothing beyond them is ever read.
MAX_TEXT_BYTES = 4 * MAX_CHARS
# A JSON Lines record may spell every character as \uXXXX, and carries its metadata besides.
MAX_LINE_BYTES = 6 * MAX_CHARS + 65_536
CHUNK = 65_536
SKIP_LINES = 4  # an over-long line is skipped up to this many limits' worth of bytes, then reading stops
MAX_BAD_RUN = 1_000  # JSON Lines on a pipe: this many unreadable lines in a row are not JSON Lines at all

# Prose breaks into sentences every few hundred characters at most (the longest in the dev set: ~700); a
# stretch this long without one is not article text, and per-sentence rules would pay quadratically for it.
MAX_UNBROKEN = 10_000
SENTENCE_BREAK = re.compile(r"[.!?…。！？\n]")
# Of the characters that are not spaces, prose is mostly letters (over 90% in news, half in a table of
# figures); a long text below this share is punctuation, symbols or noise: 20 KB of quotation marks took
# minutes to read as quotes.
MIN_LETTER_SHARE = 0.25
# News quotes a few dozen times at most. Pairing quotes costs xiputin's claim rules words x quotes, so the
# time per 10 KB grows with the number of marks: capped here at under a second per 10 KB (a megabyte of
# dialogue marks took hours).
MAX_QUOTE_MARKS = 5_000
SPACE, LETTER = re.compile(r"\s"), re.compile(r"[^\W\d_]")
SHAPE_FROM = 5_000  # shorter texts are cheap whatever they look like


def too_long_bytes(size: int | None) -> str:
    amount = f"{size:,} bytes" if size is not None else f"more than {MAX_TEXT_BYTES:,} bytes"
    return f"article too long ({amount}; the limit is {MAX_CHARS:,} characters): split it"


def too_long_chars(length: int) -> str:
    return f"article too long ({length:,} characters; the limit is {MAX_CHARS:,}): split it"


def read_bounded(stream: IO[bytes], limit: int = MAX_TEXT_BYTES, head: bytes = b"") -> bytes | None:
    """The whole stream if it holds at most `limit` bytes, else None, having read no more than one chunk
    beyond the limit (/dev/zero and /dev/urandom never end)."""
    parts, size = [head], len(head)
    while size <= limit:
        chunk = stream.read(CHUNK)
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
    return None


def stream_lines(stream: IO[bytes], head: bytes = b"", limit: int = MAX_LINE_BYTES) -> Iterator[bytes | None]:
    """The stream's lines, split on b"\\n" only (U+2028 and friends are legal inside a JSON string), read a
    chunk at a time; a line longer than `limit` is dropped as it streams and yields None in its place. A line
    that has not ended after SKIP_LINES times the limit ends the stream too (it may never end: /dev/zero)."""
    pending, dropped = bytearray(head), 0
    while True:
        cut = pending.find(b"\n")
        if cut >= 0:
            yield None if dropped or cut > limit else bytes(pending[:cut])
            del pending[: cut + 1]
            dropped = 0
            continue
        if len(pending) > limit:
            dropped += len(pending)
            pending.clear()
            if dropped > SKIP_LINES * limit:
                yield None
                return
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        pending += chunk
    if dropped or pending:
        yield None if dropped or len(pending) > limit else bytes(pending)


def shape_problem(text: str) -> str | None:
    """Why a text is not prose that can be read in bounded time, or None."""
    if len(text) < SHAPE_FROM:
        return None
    solid = len(text) - len(SPACE.findall(text))
    letters = len(LETTER.findall(text))
    if solid and letters / solid < MIN_LETTER_SHARE:
        return f"not article text: only {letters / solid:.0%} of its characters are letters"
    marks = sum(text.count(mark) for mark in QUOTE_CHARS)
    if marks > MAX_QUOTE_MARKS:
        return f"not article text: {marks:,} quotation marks (the limit is {MAX_QUOTE_MARKS:,})"
    start = 0
    for end in chain((m.start() for m in SENTENCE_BREAK.finditer(text)), [len(text)]):
        if end - start > MAX_UNBROKEN:
            return (
                f"not article text: {end - start:,} characters without a sentence break from character "
                f"{start:,} (the limit is {MAX_UNBROKEN:,})"
            )
        start = end + 1
    return None
