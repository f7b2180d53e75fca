"""Articles at URLs (http://, https://): fetched with a timeout and a size limit, then read as the page or
text they are. Each URL that cannot be had is one clear line (its status, a timeout, too large, not a page
or text); the URL is the article's `url` and names it (id and store key), so it is the same from run to run.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from urllib.parse import urlsplit

from xiputin_cli.input_checks import UnreadableInput, decode_bytes
from xiputin_cli.limits import MAX_TEXT_BYTES, read_bounded
from xiputin_cli.readers.html import read_html
from xiputin_cli.readers.text import read_text
from xiputin_cli.safe_text import safe_name
from xiputin_cli.source_text import Loaded, LoadFailure

TIMEOUT = 20.0  # seconds without a byte from the server
MAX_PAGE_BYTES = MAX_TEXT_BYTES  # a page is markup around the article: as many bytes as a text may have
PAGE_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown")
USER_AGENT = "xiputin (news article reader)"


def is_url(given: str) -> bool:
    return given.lower().startswith(("http://", "https://"))


def url_id(url: str) -> str:
    """'https://news.example/world/talks/' → 'news.example/world/talks': readable, and stable."""
    parts = urlsplit(url)
    name = (parts.netloc + parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")
    return safe_name(name or url)


def read_url(url: str) -> Iterator[Loaded]:
    source = safe_name(url)
    fetched = fetch(url, source)
    if isinstance(fetched, LoadFailure):
        yield fetched
        return
    data, content_type = fetched
    ident = url_id(url)
    if content_type in TEXT_TYPES:
        yield from read_text(data, id=ident, source=source, url=url)
        return
    try:
        html, warnings = decode_bytes(data)
    except UnreadableInput as err:
        yield LoadFailure(source=source, message=str(err))
        return
    yield read_html(html, id=ident, source=source, url=url, warnings=warnings)


def fetch(url: str, source: str) -> tuple[bytes, str] | LoadFailure:
    """(body, content type) of a page or text, or why not."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/*"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            content_type = media_type(response.headers)
            if content_type not in (*PAGE_TYPES, *TEXT_TYPES):
                return LoadFailure(source=source, message=f"not an HTML page or text ({content_type})")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > MAX_PAGE_BYTES:
                return LoadFailure(source=source, message=too_large(int(length)))
            data = read_bounded(response, MAX_PAGE_BYTES)
    except urllib.error.HTTPError as err:
        return LoadFailure(source=source, message=f"HTTP {err.code} {err.reason}")
    except TimeoutError:
        return LoadFailure(source=source, message=f"no answer within {TIMEOUT:g} s (timed out)")
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            return LoadFailure(source=source, message=f"no answer within {TIMEOUT:g} s (timed out)")
        return LoadFailure(source=source, message=f"cannot fetch: {reason}")
    except (OSError, ValueError) as err:  # a connection reset, a malformed URL or header
        return LoadFailure(source=source, message=f"cannot fetch: {err}")
    if data is None:
        return LoadFailure(source=source, message=too_large(None))
    return data, content_type


def media_type(headers: Message) -> str:
    return (headers.get_content_type() if headers.get("Content-Type") else "text/html").lower()


def too_large(size: int | None) -> str:
    amount = f"{size:,} bytes" if size is not None else f"more than {MAX_PAGE_BYTES:,} bytes"
    return f"too large ({amount}; the limit is {MAX_PAGE_BYTES:,})"


def url_list(text: str) -> list[str]:
    """The URLs of a `--urls` file: one a line; blank lines and `#` comments left out."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]
