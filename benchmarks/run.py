"""xiputin extract against bare spaCy on one generated corpus, plus caching and memory.

Reports, in one run: words/s of bare `nlp.pipe` with the same model and of xiputin's extraction, their ratio,
at 1 and N processes; a first vs second run over the unchanged corpus with the store; peak memory of an
extraction at two corpus sizes (in fresh processes, so one measurement cannot inflate the next).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.corpus import write_corpus


def timed(work: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    count = work()
    return time.perf_counter() - start, count


def bare_spacy(corpus: Path, nlp: Any, jobs: int, batch_size: int) -> float:
    """Seconds for the model alone over the corpus texts (read from disk, like xiputin does)."""

    def work() -> int:
        texts = (p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
        return sum(1 for _ in nlp.pipe(texts, n_process=jobs, batch_size=batch_size))

    return timed(work)[0]


def xiputin_extract(corpus: Path, nlp: Any, jobs: int, store_path: Path | None) -> float:
    from xiputin_cli.extract import extract_articles
    from xiputin_cli.store import Store

    def work() -> int:
        if store_path is None:
            return sum(1 for _ in extract_articles([corpus], nlp=nlp, n_process=jobs))
        with Store(store_path) as store:
            return sum(1 for _ in extract_articles([corpus], nlp=nlp, n_process=jobs, store=store))

    return timed(work)[0]


def cached_rerun(corpus: Path, jobs: int, store_path: Path) -> tuple[float, float]:
    """First and second `xiputin extract` over the corpus as a user runs it (fresh process, model load)."""
    command = [sys.executable, "-m", "xiputin_cli", "extract", str(corpus), "--db", str(store_path),
               "--format", "jsonl", "--jobs", str(jobs)]  # fmt: skip

    def run() -> int:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return 0

    return timed(run)[0], timed(run)[0]


def peak_memory(count: int, words: int, jobs: int, workdir: Path) -> dict[str, float]:
    corpus = workdir / f"mem-{count}"
    write_corpus(corpus, count, words=words, seed=count)
    code = (
        "import resource, sys, json; from xiputin_cli.extract import extract_articles; "
        f"n = sum(1 for _ in extract_articles([{str(corpus)!r}], n_process={jobs})); "
        "print(json.dumps({'articles': n, "
        "'main_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "
        "'worker_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=250, help="words an article")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--memory-sizes", default="1000,10000")
    parser.add_argument("--memory-words", type=int, default=80)
    parser.add_argument("--model", default=None)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, alternating; medians compared")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    from xiputin_cli.extract import DEFAULT_BATCH_SIZE
    from xiputin_cli.modelinfo import default_model

    model = args.model or default_model()
    results: dict[str, object] = {"model": model, "articles": args.articles, "jobs": args.jobs}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        words = write_corpus(corpus, args.articles, words=args.words)
        results["words"] = words
        import spacy

        from xiputin_cli.pipeline import load_pipeline

        bare_nlp, our_nlp = spacy.load(model), load_pipeline(model)
        for jobs in sorted({1, args.jobs}):
            # alternate the two, several times, and compare medians: one cold run each is noise, not a figure
            times: dict[str, list[float]] = {"bare": [], "ours": []}
            for _ in range(args.repeat):
                times["bare"].append(bare_spacy(corpus, bare_nlp, jobs, DEFAULT_BATCH_SIZE))
                times["ours"].append(xiputin_extract(corpus, our_nlp, jobs, None))
            bare, ours = statistics.median(times["bare"]), statistics.median(times["ours"])
            results[f"runs_{jobs}"] = {k: [round(t, 2) for t in v] for k, v in times.items()}
            results[f"bare_wps_{jobs}"] = round(words / bare)
            results[f"xiputin_wps_{jobs}"] = round(words / ours)
            results[f"ratio_{jobs}"] = round(bare / ours, 3)
            rates = f"bare {words / bare:,.0f} w/s, xiputin {words / ours:,.0f} w/s"
            print(f"jobs={jobs}: {rates}, ratio {bare / ours:.2f}")
        if args.jobs > 1:
            results["speedup"] = round(results[f"xiputin_wps_{args.jobs}"] / results["xiputin_wps_1"], 2)  # type: ignore[operator]
        first, second = cached_rerun(corpus, args.jobs, work / "store.db")
        results.update(
            first_run_s=round(first, 2), second_run_s=round(second, 2), rerun_speedup=round(first / second, 1)
        )
        print(f"store: first run {first:.1f} s, unchanged re-run {second:.2f} s ({first / second:.0f}x)")
        for size in (int(s) for s in args.memory_sizes.split(",") if s):
            memory = peak_memory(size, args.memory_words, args.jobs, work)
            results[f"peak_mb_{size}"] = memory
            main_mb, worker_mb = memory["main_mb"], memory["worker_mb"]
            print(f"peak memory at {size} articles: main {main_mb:.0f} MB, worker {worker_mb:.0f} MB")
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
