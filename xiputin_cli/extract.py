"""Doc → records; extract_articles() streams Article records for paths or texts."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import suppress
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from xiputin_cli.interrupts import Terminated
from xiputin_cli.load import Columns, LoadFailure, SourceText, analysed, load_articles
from xiputin_cli.records import Article, Claim, DateValue, Entity, Meeting
from xiputin_cli.segments import Parted, join_parts, split_parts

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from xiputin_cli.store import Store

T = TypeVar("T")
DEFAULT_BATCH_SIZE = 16  # small batches keep both processes busy (DEPENDENCIES.md: ~2x over 1000)


def prepare_doc(nlp: Language, article: SourceText) -> Doc:
    """Tokenise and attach what the loader knows, so components can read it."""
    return attach_context(nlp.make_doc(article.text), article)


def attach_context(doc: Doc, article: SourceText) -> Doc:
    doc._.article_id = article.id
    doc._.reference_date = article.published
    doc._.header_end = article.header_end
    doc._.dateline = article.dateline_span
    doc._.boilerplate = list(article.boilerplate)
    return doc


def entity_record(ent: Span) -> Entity:
    """Built without validation: every field comes straight from spaCy with the right type, and entities are
    the most numerous records (validating each one cost 5% of the whole extraction)."""
    value, text, label = None, ent.text, ent.label_  # each Span property is computed on every access
    if label == "DATE":
        found = ent._.date_value
        value = DateValue.model_validate(found) if found is not None else DateValue(text=text)
    return Entity.model_construct(
        text=text,
        label=label,
        start=ent.start_char,
        end=ent.end_char,
        canonical=ent._.canonical or text,
        value=value,
    )


def doc_to_article(doc: Doc, article: SourceText) -> Article:
    record = Article(
        id=article.id,
        source=article.source,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        author=article.author,
        published=article.published,
        published_from=article.published_from,
        dateline=article.dateline,
        words=len(article.text.split()),
        entities=[entity_record(ent) for ent in doc.ents],
        meetings=[Meeting.model_validate(m) for m in doc._.meetings or ()],
        claims=[Claim.model_validate(c) for c in doc._.claims or ()],
        warnings=list(article.warnings),
        extra=article.extra,
    )
    return cite_article(record)


def cite_article(record: Article) -> Article:
    """Every evidence sentence names its article (title, outlet, url, publication date), so meetings and
    claims say who reported them without a join, also once merged across articles."""
    cite = {
        "title": record.title,
        "outlet": record.outlet,
        "url": record.url,
        "published": record.published,
    }
    evidence = [e for m in record.meetings for e in m.evidence] + [c.evidence for c in record.claims]
    for sentence in evidence:
        for field, value in cite.items():
            setattr(sentence, field, value)
    return record


# Components that read what the loader knows (reference date, dateline, boilerplate), not only the text.
CONTEXT_COMPONENTS = ("xiputin_dates", "xiputin_meetings", "xiputin_meeting_roles", "xiputin_claims")


def process_articles(
    nlp: Language,
    articles: Iterable[SourceText],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[Article]:
    """Run the pipeline over a stream of loaded articles, in order, without holding the corpus in memory.
    An over-long article runs in parts, joined back into one record (segments.py: bounded work)."""
    parted: deque[Parted] = deque()
    parts = split_parts(articles, parted)
    yield from join_parts(process_whole(nlp, parts, n_process=n_process, batch_size=batch_size), parted)


def process_whole(
    nlp: Language, articles: Iterable[SourceText], *, n_process: int, batch_size: int
) -> Iterator[Article]:
    if n_process > 1:
        yield from process_in_parallel(nlp, articles, n_process, batch_size)
        return
    pairs = ((prepare_doc(nlp, article), article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield doc_to_article(doc, article)


def process_in_parallel(
    nlp: Language, articles: Iterable[SourceText], n_process: int, batch_size: int
) -> Iterator[Article]:
    """Workers get plain text, as cheap to send as it gets, and run every component that reads only the
    text (the model, names); the components that read the loader's context run here as the Docs come back.
    Sending Docs with their context instead costs the main process more than all of xiputin's rules."""
    late = [name for name in nlp.pipe_names if name in CONTEXT_COMPONENTS]
    pending: deque[SourceText] = deque()

    def texts() -> Iterator[str]:
        for article in articles:
            pending.append(article)
            yield article.text

    docs = nlp.pipe(texts(), n_process=n_process, batch_size=batch_size, disable=late)
    for doc in workers_ignore_ctrl_c(docs):
        article = pending.popleft()
        doc = attach_context(doc, article)
        for name in late:
            doc = nlp.get_pipe(name)(doc)
        yield doc_to_article(doc, article)


class Workers:
    """Whether this process has started spaCy worker processes (the CLI must then exit hard on Ctrl-C:
    their queue threads would otherwise keep the interpreter from finishing)."""

    started = False
    bound = False


def die_with_parent() -> None:
    """Linux: every process forked from here from now on (spaCy's workers) is killed when this one dies,
    even by kill -9, instead of living on with ~200 MB each; and SIGTERM ends it without a traceback."""
    if Workers.bound or not sys.platform.startswith("linux"):
        return
    import ctypes

    parent = os.getpid()

    def in_child() -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # terminate() ends a worker quietly
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    os.register_at_fork(after_in_child=in_child)
    Workers.bound = True


def workers_ignore_ctrl_c(results: Iterator[T]) -> Iterator[T]:
    """Start spaCy's workers with SIGINT ignored, so that Ctrl-C reaches only this process; then let Ctrl-C
    terminate them before it interrupts us, or spaCy's clean-up would wait for them forever."""
    if threading.current_thread() is not threading.main_thread():
        yield from results
        return
    import multiprocessing

    die_with_parent()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    previous_term = signal.getsignal(signal.SIGTERM) or signal.SIG_DFL
    Workers.started = True
    ours_before = set(multiprocessing.active_children())
    try:
        first = next(results, None)  # the workers start here
    finally:
        spacy_workers = [p for p in multiprocessing.active_children() if p not in ours_before]
        signal.signal(signal.SIGINT, lambda signum, frame: stop_then_interrupt(spacy_workers))
        signal.signal(signal.SIGTERM, lambda signum, frame: stop_then_interrupt(spacy_workers, Terminated))
    try:
        if first is not None:
            yield first
            yield from results
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.signal(signal.SIGTERM, previous_term)


def stop_then_interrupt(workers: list[Any], interrupt: type[KeyboardInterrupt] = KeyboardInterrupt) -> None:
    """Ctrl-C or SIGTERM: stop spaCy's workers (only those: the host program's own processes are left
    alone)."""
    for worker in workers:
        worker.terminate()
    raise interrupt


Pending = tuple[str, "SourceText | LoadFailure | tuple[str, str]"]


def extract_articles(
    inputs: Iterable[str | Path],
    *,
    model: str | None = None,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    store: Store | None = None,
    columns: Columns | None = None,
) -> Iterator[Article | LoadFailure]:
    """Article records for every file, directory, URL or '-' given, in input order (`columns`: which
    columns of a table hold what).

    Load failures are yielded in place, never raised. With a store, unchanged articles come from it and
    spaCy is loaded only when something is new; new records are saved as they come (committed in batches).
    """
    if store is None:
        loaded = load_articles(inputs, analyse=False, columns=columns)
        yield from extract_sources(loaded, model=model, nlp=nlp, n_process=n_process, batch_size=batch_size)
        return
    from xiputin_cli.load import holds_many, is_url
    from xiputin_cli.store import source_key

    paths = [p if isinstance(p, str) and is_url(p) else Path(p) for p in inputs]  # a URL is no path
    seen, unreadable = set(), set()

    def remembered() -> Iterator[SourceText | LoadFailure]:
        for item in load_articles(paths, analyse=False, columns=columns):
            if isinstance(item, SourceText):
                seen.add(source_key(item))
            elif item.source != "<stdin>":  # unreadable this time is not gone: keep what was stored
                if item.line:
                    seen.add(f"{Path(item.source).resolve()}:{item.line}")
                else:
                    unreadable.update(path_keys(item.source))
            yield item

    yield from extract_sources(
        remembered(), model=model, nlp=nlp, n_process=n_process, batch_size=batch_size, store=store
    )
    for path in paths:  # only after a complete run: an interrupted one must not forget what it did not reach
        if isinstance(path, Path) and holds_many(path):
            store.prune(path, seen, keep=unreadable)


def path_keys(source: str) -> set[str]:
    """The store keys a file could have been saved under: its resolved path, and the path itself when it
    has become a (broken) symbolic link since."""
    path = Path(source)
    return {str(path.resolve()), str(path.absolute().parent.resolve() / path.name)}


def extract_sources(
    loaded: Iterable[SourceText | LoadFailure],
    *,
    model: str | None = None,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    store: Store | None = None,
) -> Iterator[Article | LoadFailure]:
    """extract_articles() over articles already loaded (or made with make_source_text)."""
    from xiputin_cli.modelinfo import pipeline_fingerprint, pipeline_fingerprint_of

    fingerprint = ""
    if store is not None:
        fingerprint = pipeline_fingerprint(model) if nlp is None else pipeline_fingerprint_of(nlp)
    pending: deque[Pending] = deque()

    def new_articles() -> Iterator[SourceText]:
        """Feeds the pipeline; queues, in input order, failures and the keys of stored records (the records
        themselves are read only when their turn comes, so a long run of cached articles costs no memory)."""
        for item in loaded:
            key = (
                store.find(item, fingerprint) if store is not None and isinstance(item, SourceText) else None
            )
            if isinstance(item, LoadFailure):
                pending.append(("failed", item))
            elif key is not None:
                pending.append(("stored", (key, item.source)))
            else:
                fresh = analysed(item)
                pending.append(("new", fresh))
                yield fresh

    def settled() -> Iterator[Article | LoadFailure]:
        while pending and pending[0][0] != "new":
            _, item = pending.popleft()
            if isinstance(item, LoadFailure):
                yield item
            elif isinstance(item, tuple) and store is not None:
                yield store.record(*item)

    for record in process_lazily(new_articles(), model, nlp, n_process, batch_size):
        yield from settled()
        _, source = pending.popleft()
        if store is not None and isinstance(source, SourceText):
            store.save(source, record, fingerprint, batch=batch_size)
        yield record
    if store is not None:
        store.commit()
    yield from settled()


def process_lazily(
    articles: Iterator[SourceText], model: str | None, nlp: Language | None, n_process: int, batch_size: int
) -> Iterator[Article]:
    """Load spaCy only once a new article turns up: a fully cached re-run never pays for it."""
    first = next(articles, None)
    if first is None:
        return
    from xiputin_cli.pipeline import load_pipeline

    pipeline = nlp or load_pipeline(model)
    yield from process_articles(
        pipeline, chain([first], articles), n_process=n_process, batch_size=batch_size
    )


def extract_text(text: str, *, nlp: Language, id: str = "text", published: str | None = None) -> Article:
    """One article from a string: the simplest way in for a Python user."""
    from xiputin_cli.load import make_source_text

    source = make_source_text(text, id=id, source="<text>", published=published)
    return next(process_articles(nlp, [source]))
