"""URLs as PATH, fetched from a local server (a thread with http.server on 127.0.0.1): one line a failure."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xiputin_cli.cli import app
from xiputin_cli.load import LoadFailure, SourceText, load_articles
from xiputin_cli.readers import url as url_reader
from xiputin_cli.store import source_key

pytest.importorskip("trafilatura", reason="pages need trafilatura (a core dependency: pip install -e .)")

PARAGRAPH = (
    "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Tuesday for talks that "
    "both governments described as friendly, covering trade, energy supplies and regional security. "
)
PAGE = (
    "<!doctype html><html><head><title>Talks in Moscow</title>"
    '<meta property="og:site_name" content="Harbour Post"></head><body><nav><a href="/">Home Page Link</a>'
    f"</nav><article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
).encode()
ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/talks": (200, "text/html; charset=utf-8", PAGE),
    "/notes.txt": (200, "text/plain", b"Putin said the two countries would keep talking."),
    "/gone": (404, "text/html", b"<html><body>Not here</body></html>"),
    "/photo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
    "/huge": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(2)
        status, kind, body = ROUTES.get(self.path, (200, "text/html", PAGE))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:  # the test output stays clean
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(url_reader, "TIMEOUT", 0.5)
    monkeypatch.setattr(url_reader, "MAX_PAGE_BYTES", 4000)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_at_a_url_is_read_with_its_metadata(server: str) -> None:
    (article,) = list(load_articles([f"{server}/talks"]))
    assert isinstance(article, SourceText), article
    assert article.url == f"{server}/talks" and article.outlet == "Harbour Post"
    assert "Home Page Link" not in article.text and article.text.startswith("Chinese President")
    assert article.id == f"127.0.0.1:{server.rsplit(':', 1)[1]}/talks"  # from the URL: the same every run
    assert source_key(article) == f"{server}/talks"
    (again,) = list(load_articles([f"{server}/talks"]))
    assert isinstance(again, SourceText) and (again.id, again.digest) == (article.id, article.digest)


def test_plain_text_at_a_url(server: str) -> None:
    (article,) = list(load_articles([f"{server}/notes.txt"]))
    assert isinstance(article, SourceText) and article.text.startswith("Putin said")
    assert article.url == f"{server}/notes.txt"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/gone", "HTTP 404 Not Found"),
        ("/photo.png", "not an HTML page or text (image/png)"),
        ("/huge", "too large (5,007 bytes; the limit is 4,000)"),
        ("/slow", "no answer within 0.5 s (timed out)"),
    ],
)
def test_each_url_that_cannot_be_had_is_one_clear_failure(server: str, path: str, message: str) -> None:
    items = list(load_articles([f"{server}{path}", f"{server}/talks"]))
    assert isinstance(items[0], LoadFailure) and items[0].message == message
    assert isinstance(items[1], SourceText)  # the next URL is still read


def test_nothing_listens_there(server: str) -> None:
    (failure,) = list(load_articles(["http://127.0.0.1:9/talks"]))
    assert isinstance(failure, LoadFailure) and failure.message.startswith("cannot fetch:")


def test_urls_file_on_the_command_line(server: str, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# the week's pages\n{server}/talks\n\n{server}/gone\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--urls", str(listing), "-f", "json", "--no-store"])
    assert result.exit_code == 1  # one URL failed; the other was read and printed
    (record,) = json.loads(result.stdout)
    assert record["url"] == f"{server}/talks" and record["outlet"] == "Harbour Post"
    assert f"{server}/gone: HTTP 404 Not Found" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_urls_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", "--urls", str(tmp_path / "none.txt"), "--no-store"])
    assert result.exit_code == 2 and "none.txt" in result.stderr
