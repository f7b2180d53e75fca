"""nox sessions: tests, lint, typecheck (default) and bench (on demand: `nox -s bench`)."""

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
    merge at 10k → 100k → 1M records, store queries at 100,000 articles): see benchmarks/corpus_stage.py."""
    session.install("-e", ".")
    session.run("python", "-m", "benchmarks.run", *session.posargs)
    session.run("python", "-m", "benchmarks.corpus_stage")
