"""nox sessions: tests, lint, typecheck (default); bench and dist on demand (`nox -s bench`, `-s dist`)."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.6")
    session.run("ruff", "check", "xiputin_cli", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "xiputin_cli", "tests", "benchmarks", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Throughput of xiputin extract against bare spaCy, caching, memory; then the corpus stage at size (the
    merge at 10k → 100k → 1M records, store queries at 100,000 articles): see benchmarks/corpus_stage.py;
    claims merged across articles at 10k → 100k → 1M (benchmarks/claims_merge.py);
    and Ray's words/s on 2 CPUs next to --jobs 2, with its start-up (benchmarks/ray_engine.py)."""
    session.install("-e", ".[ray]")
    session.run("python", "-m", "benchmarks.run", *session.posargs)
    session.run("python", "-m", "benchmarks.corpus_stage")
    session.run("python", "-m", "benchmarks.claims_merge")
    session.run("python", "-m", "benchmarks.ray_engine")


@nox.session(default=False)
def dist(session: nox.Session) -> None:
    """Past one machine: the ray extra installed, its tests run on a local 2-CPU Ray cluster (the shard and
    merge tests need no extra and run in `tests`)."""
    session.install("-e", ".[test,ray]")
    session.run("pytest", "-m", "ray", "tests/test_ray.py", *session.posargs)
