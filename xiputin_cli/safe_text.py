"""Data made safe to show: what an article or a file name contains must never drive the terminal.

Article text, claims and file names are data from anywhere; raw, an escape sequence in them retitles the
window, clears the screen or plants a link (OSC 8), and a NUL or bell corrupts what is shown. Every terminal
rendering passes its data through `visible`, which swaps each C0/C1 control character, one for one (offsets
into the text stay valid), for a harmless visible stand-in. File names are also made valid Unicode here, so
that a name in no encoding can still be stored, printed and serialised.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 (except tab and newline), DEL, C1, and lone surrogates (a terminal cannot even be sent those)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
LAYOUT = re.compile(r"[\t\n]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
C0_PICTURES = 0x2400  # U+2400 SYMBOL FOR NULL ... U+241F SYMBOL FOR UNIT SEPARATOR
DEL_PICTURE = "\u2421"
STAND_IN = "\ufffd"  # C1 controls have no pictures; U+FFFD says "a character that cannot be shown"


def stand_in(char: str) -> str:
    """The visible character shown for one control character (a carriage return reads as a space)."""
    code = ord(char)
    if char == "\r":
        return " "  # CRLF text stays readable, and a lone CR can no longer overwrite the line before it
    if code < 0x20:
        return chr(C0_PICTURES + code)
    return DEL_PICTURE if code == 0x7F else STAND_IN


def visible(text: str, *, layout: bool = True) -> str:
    """The text with every control character made visible, one character for one; tab and newline are kept
    when `layout` (running text), made visible too when not (one-line things: names, table cells)."""
    cleaned = CONTROL.sub(lambda m: stand_in(m.group()), text)
    return cleaned if layout else LAYOUT.sub(lambda m: chr(C0_PICTURES + ord(m.group())), cleaned)


def shown(value: str | None, style: str = "", *, layout: bool = False) -> Text:
    """A data value as a rich cell: made visible, and a Text, so that "[bold]" or "[/]" in it is shown as
    typed, never read as markup (as a plain string in a table would be)."""
    return Text(visible(value or "", layout=layout), style=style)


def safe_name(name: str) -> str:
    """A file name as valid, printable Unicode: bytes that are not UTF-8 (which Python carries as lone
    surrogates) read as \\xNN, and control characters as their visible stand-ins. Stable from run to run,
    so a store keyed by it finds the file again."""
    if SURROGATE.search(name):
        name = SURROGATE.sub(lambda m: undecodable(m.group()), name)
    return visible(name, layout=False)


def undecodable(char: str) -> str:
    """A lone surrogate: U+DC80..U+DCFF is how os.fsdecode carries the byte 0x80..0xFF it could not decode."""
    code = ord(char)
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else STAND_IN
