"""The checks every article passes, whatever it was read from: bytes that are text (encoding, binary), and
a text worth the pipeline's time (empty, too long, odd shapes, language). Stable names: the batch API and
every reader call these.
"""

from __future__ import annotations

from xiputin_cli.cleanup import language_problem
from xiputin_cli.limits import MAX_CHARS, shape_problem, too_long_chars

__all__ = ["BINARY_SIGNATURES", "UnreadableInput", "decode_bytes", "text_problem"]


class UnreadableInput(ValueError):
    """Raised by decode_bytes for content that is not text."""


BINARY_SIGNATURES = {
    b"%PDF-": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "gzip-compressed data",
    b"PK\x03\x04": "a ZIP archive (or a Word/Excel file)",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"BZh": "bzip2-compressed data",
    b"\xfd7zXZ": "xz-compressed data",
    b"SQLite format 3": "an SQLite database",
}


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode article bytes: BOMs honoured, UTF-8 preferred, bad bytes replaced with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise UnreadableInput("starts with a UTF-16 mark but is not valid UTF-16") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise UnreadableInput(f"binary file ({kind}), not text")
    if b"\x00" in data[:4096]:
        raise UnreadableInput("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        text = data.decode("utf-8", errors="replace")
        return text, [f"invalid UTF-8 at byte {err.start}; undecodable bytes replaced with U+FFFD"]


def text_problem(text: str) -> tuple[str, bool] | None:
    """(message, skipped) when a decoded text cannot or should not go through the pipeline."""
    if not text.strip():
        return "empty article (no text)", False
    if len(text) > MAX_CHARS:
        return too_long_chars(len(text)), False
    shape = shape_problem(text)
    if shape:
        return shape, False
    language = language_problem(text)
    return (f"{language}; skipped", True) if language else None
