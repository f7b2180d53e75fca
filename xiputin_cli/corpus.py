"""The corpus as a Python user asks for it: "the meetings of this store since 2021", "the claims of these
paths by Xi". Each call returns records and never prints; load failures go to a callback (the CLI prints
them), store and model problems are raised (StoreError, ModelNotFound).

Without paths, meetings and claims come from the store's tables (the timeline kept merged there), never
from whole article records; with paths, what the store lacks is extracted first (or everything, without a
store).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xiputin_cli.presentation import ArticleRef, article_ref, meeting_articles
from xiputin_cli.records import Article, Claim, Meeting

if TYPE_CHECKING:
    from xiputin_cli.load import Columns, LoadFailure
    from xiputin_cli.shards import Shard
    from xiputin_cli.store import Store

PARALLEL_FROM_BYTES = 1_000_000  # below this much input, starting worker processes costs more than it saves

Records = Callable[[Iterator["Article | LoadFailure"]], Iterator[Article]]


def default_jobs(paths: list[str]) -> int:
    """All cores for a real corpus; one process for a handful of articles or stdin of unknown size."""
    from xiputin_cli.load import is_article_file  # the loaders only when there are paths

    cores = os.cpu_count() or 1
    if cores == 1 or any(p == "-" for p in paths):
        return 1
    total = 0
    for given in paths:
        path = Path(given)
        files = path.rglob("*") if path.is_dir() else [path]
        total += sum(f.stat().st_size for f in files if is_article_file(f) and f.is_file())
        if total >= PARALLEL_FROM_BYTES:
            return cores
    return 1


def articles_only(items: Iterator[Article | LoadFailure]) -> Iterator[Article]:
    """The default way with load failures: leave them out (the CLI reports them instead)."""
    return (item for item in items if isinstance(item, Article))


class Corpus:
    """Where articles come from: PATHs (extracted, or cached in the store) or the store alone.

    `records` sees every article record and load failure as it comes, and passes the articles on: the CLI
    reports failures and shows progress there. Use as a context manager, or call close().
    """

    def __init__(
        self,
        db: Path | None = None,
        *,
        no_store: bool = False,
        model: str | None = None,
        jobs: int | None = None,
        records: Records = articles_only,
        columns: Columns | None = None,
    ) -> None:
        self.db, self.no_store, self.model, self.jobs, self.records = db, no_store, model, jobs, records
        self.columns = columns  # which columns of a table hold what (load.Columns)
        self.store: Store | None = None
        self.duplicates: dict[str, str] = {}
        self.refs: dict[str, ArticleRef] = {}  # the names of the articles this run extracted

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open_store(self, *, readonly: bool = False) -> Store | None:
        """The store, opened once (None with no_store): read-only for queries, which then create and change
        nothing; raises StoreError."""
        if self.store is not None and self.store.readonly and not readonly:
            self.close()
        if self.store is None and not self.no_store:
            from xiputin_cli.store import Store

            self.store = Store(self.db, readonly=readonly)
        return self.store

    def prepare(self) -> None:
        """Find the model and open the store before any output starts, so their errors come first."""
        from xiputin_cli.modelinfo import check_model

        check_model(self.model)
        self.open_store()

    def close(self, *, after_error: bool = False) -> None:
        """Commit what is finished (and bring the stored timeline up to date); safe to call twice. After an
        error the store's own complaint, if any, must not hide the error being reported."""
        from xiputin_cli.store import StoreError

        store, self.store = self.store, None
        if store is not None:
            try:
                store.close()
            except StoreError:
                if not after_error:
                    raise

    def extract(self, paths: list[str], *, shard: Shard | None = None) -> Iterator[Article]:
        """Article records for the paths, in input order, through the store unless no_store; with a shard,
        only that shard's (shards.py)."""
        from xiputin_cli.extract import extract_articles
        from xiputin_cli.shards import extract_shard

        self.prepare()
        jobs = self.jobs or default_jobs(paths)
        if shard is None:
            found = extract_articles(
                paths, model=self.model, n_process=jobs, store=self.store, columns=self.columns
            )
        else:
            found = extract_shard(
                paths, shard, model=self.model, n_process=jobs, store=self.store, columns=self.columns
            )
        try:
            for article in self.records(found):
                self.refs[article.id] = article_ref(article)
                yield article
        except BaseException:
            self.close(after_error=True)
            raise
        self.close()

    def extract_loaded(self, loaded: list[Any]) -> Iterator[Article]:
        """Like extract(), for articles already loaded (show needs their text)."""
        from xiputin_cli.extract import extract_sources

        self.prepare()
        try:
            yield from self.records(extract_sources(loaded, model=self.model, n_process=1, store=self.store))
        except BaseException:
            self.close(after_error=True)
            raise
        self.close()

    def articles(self, paths: list[str] | None = None) -> Iterator[Article]:
        """Records for the paths (extracting what the store lacks), or every stored record."""
        if paths:
            yield from self.extract(paths)
            return
        store = self.stored()
        yield from store.articles()

    def stored(self) -> Store:
        store = self.open_store(readonly=True)
        if store is None:
            from xiputin_cli.store import StoreError

            raise StoreError("--no-store without PATH: there is nothing to read; give the articles to read")
        with store.reading():  # a damaged file is one clear error here too
            empty = not store.count()
        if empty:
            from xiputin_cli.store import StoreError

            raise StoreError(
                f"the store at {store.path} holds no articles yet: fill it with `xiputin extract PATH...`, "
                "or give this command the articles to read"
            )
        return store

    def meetings(
        self,
        paths: list[str] | None = None,
        *,
        since: date | None = None,
        until: date | None = None,
        mode: str | None = None,
        with_name: str | None = None,
        status: str | None = None,
        all_pairs: bool = False,
    ) -> list[Meeting]:
        """The merged timeline of the paths (or of the store), filtered, by date."""
        from xiputin_cli.timeline import filter_meetings, merge_records, prepare_merge

        filters: dict[str, Any] = {"since": since, "until": until, "mode": mode, "status": status}
        if paths:
            prepared = prepare_merge(self.extract(paths))
            self.duplicates = prepared.duplicates
            merged: Iterable[Meeting] = merge_records(prepared)
        else:
            merged = self.stored().timeline(all_pairs=all_pairs, **filters)
        return filter_meetings(merged, with_name=with_name, all_pairs=all_pairs, **filters)

    def article_refs(self, meetings: Iterable[Meeting]) -> dict[str, ArticleRef]:
        """How the meetings' articles are named (title, outlet, URL): from this run's extraction, the rest
        from the store (read in SQL, never whole records); an article known nowhere is left out."""
        ids = {article for meeting in meetings for article in meeting_articles(meeting)}
        found = {i: self.refs[i] for i in ids if i in self.refs}
        missing = ids - found.keys()
        if missing and not self.no_store:
            for key, names in self.stored().article_names(missing).items():
                title, outlet, url = (value if isinstance(value, str) and value else None for value in names)
                found[key] = ArticleRef(key, title, outlet, url)
        return found

    def claims(
        self,
        paths: list[str] | None = None,
        *,
        speaker: str | None = None,
        since: date | None = None,
        until: date | None = None,
        kind: str | None = None,
        grep: str | None = None,
        via: str | None = None,
        outlet: str | None = None,
        article: str | None = None,
        per_article: bool = False,
    ) -> Iterable[Claim]:
        """Who said what in the paths (or in the store), filtered; dates are the articles' publication. The
        same claim in several articles (near-identical wording, claim_merge.py) is one claim with all of them
        in `sources`, unless `per_article`. Per article they stream; merged, they come as a list."""
        from xiputin_cli.claim_merge import merge_claims
        from xiputin_cli.gc_pause import paused_gc
        from xiputin_cli.query import claim_test

        passes = claim_test(
            speaker=speaker, since=since, until=until, kind=kind, grep=grep, via=via, outlet=outlet,
            article=article,
        )  # fmt: skip
        if paths:
            pairs = ((claim, a.published) for a in self.extract(paths) for claim in a.claims)
            found = (claim for claim, published in pairs if passes(claim, published))
            return found if per_article else merge_claims(found)
        rows = self.stored().claim_rows(
            speaker_like=speaker, kind=kind, since=since, until=until, own_sources=not per_article
        )
        if per_article:
            return (claim for claim, published, _ in rows if passes(claim, published))
        with paused_gc():  # thousands of records read at once (gc_pause.py)
            kept = [(claim, key) for claim, published, key in rows if passes(claim, published)]
            return merge_claims((claim for claim, _ in kept), (key for _, key in kept))


def meetings(paths: list[str] | None = None, *, db: Path | None = None, **filters: Any) -> list[Meeting]:
    """`meetings(since=date(2021, 1, 1))`: the store's timeline since 2021; with paths, theirs."""
    with Corpus(db) as corpus:
        return corpus.meetings(paths, **filters)


def claims(paths: list[str] | None = None, *, db: Path | None = None, **filters: Any) -> list[Claim]:
    """`claims(["seeds/"], speaker="Xi")`: what Xi Jinping said in those articles."""
    with Corpus(db) as corpus:
        return list(corpus.claims(paths, **filters))
