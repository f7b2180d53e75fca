"""The corpus stage at size: the merge at 10k → 100k → 1M meeting records, and store queries at 100,000
articles. Records are generated directly (benchmarks/records.py): no spaCy, so the numbers are the corpus
stage's alone.

    python -m benchmarks.corpus_stage                 # everything (a few minutes)
    python -m benchmarks.corpus_stage --sizes 10000   # the merge at one size only, no store

Each merge size runs in a fresh process, so peak memory is its own. Targets (issue 13): 100k records ≤ 10 s,
1M ≤ 120 s with memory linear in the records; `meetings --since 2021` and `claims --speaker Xi` over a
100,000-article store ≤ 1 s warm; the first `meetings` after adding 100 articles ≤ 5 s.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.records import records_count, synthetic_articles

RECORDS_PER_ARTICLE = 2.2  # what synthetic_articles averages
RESULTS = Path(__file__).with_name("corpus_results.json")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def merge_once(records: int) -> dict[str, Any]:
    """Generate about `records` meeting records, then time preparing and merging them."""
    from xiputin_cli.timeline import merge_records, prepare_merge

    articles = synthetic_articles(int(records / RECORDS_PER_ARTICLE), seed=1, claims=False)
    generated = peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    merged = merge_records(prepare_merge(articles))
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    return {
        "records": records_count(articles),
        "meetings": len(merged),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "peak_mb_after_generating": round(generated),
        "peak_mb": round(peak_mb()),
    }


def merge_growth(sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        command = [sys.executable, "-m", "benchmarks.corpus_stage", "--merge-once", str(size)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        rows.append(json.loads(done.stdout))
        row = rows[-1]
        print(
            f"merge {row['records']:>9,} records → {row['meetings']:>7,} meetings: {row['seconds']:7.2f} s "
            f"({row['cpu_seconds']:.2f} s CPU), "
            f"peak {row['peak_mb']:,} MB ({row['peak_mb_after_generating']:,} MB after generating)",
            flush=True,
        )
    for before, after in itertools.pairwise(rows):
        grow = after["records"] / before["records"]
        print(f"  ×{grow:.0f} records: ×{after['seconds'] / max(before['seconds'], 1e-3):.1f} time, "
              f"×{after['peak_mb'] / before['peak_mb']:.1f} memory")  # fmt: skip
    return rows


def fill_store(path: Path, articles: list[Any]) -> tuple[float, float]:
    """Save the articles (closing the store brings its timeline up to date): wall and CPU seconds. CPU time
    says what the work costs when the shared machine is loaded and wall time says more about the load."""
    from xiputin_cli.load import make_source_text
    from xiputin_cli.store import Store

    start, cpu = time.perf_counter(), time.process_time()
    with Store(path) as store:
        for article in articles:
            source = make_source_text(
                article.id, id=article.id, source=f"/bench/{article.id}.txt", analyse=False
            )
            store.save(source, article, "bench", batch=2000)
    return time.perf_counter() - start, time.process_time() - cpu


def command_seconds(args: list[str], db: Path, runs: int = 3) -> tuple[float, int]:
    """Median wall time of a xiputin command in a fresh process (as a user runs it), warm, and its output
    size. Warm means after one untimed run, and with the package's bytecode written as `pip install` writes
    it (an editable install under PYTHONDONTWRITEBYTECODE would recompile every module on every run)."""
    command = [sys.executable, "-m", "xiputin_cli", *args, "--db", str(db), "--format", "json"]
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, capture_output=True, env=env)
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
        size = len(done.stdout)
    return statistics.median(times), size


def store_queries(count: int) -> dict[str, Any]:
    articles = synthetic_articles(count + 100, seed=2)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        filled, _ = fill_store(db, articles[:count])
        print(f"store of {count:,} articles filled (and merged) in {filled:.1f} s", flush=True)
        command_seconds(["meetings", "--since", "2021"], db, runs=1)  # warm the page cache
        meetings, meetings_bytes = command_seconds(["meetings", "--since", "2021"], db)
        claims, claims_bytes = command_seconds(["claims", "--speaker", "Xi"], db)
        added, added_cpu = fill_store(db, articles[count:])  # saving them brings the timeline up to date
        first, _ = command_seconds(["meetings", "--since", "2021"], db, runs=1)
    result = {
        "articles": count,
        "fill_seconds": round(filled, 1),
        "meetings_since_2021_seconds": round(meetings, 2),
        "meetings_output_bytes": meetings_bytes,
        "claims_speaker_xi_seconds": round(claims, 2),
        "claims_output_bytes": claims_bytes,
        "add_100_articles_seconds": round(added, 2),
        "add_100_articles_cpu_seconds": round(added_cpu, 2),
        "first_meetings_after_100_new_seconds": round(first, 2),
    }
    print(
        f"meetings --since 2021: {meetings:.2f} s ({meetings_bytes:,} bytes); "
        f"claims --speaker Xi: {claims:.2f} s ({claims_bytes:,} bytes); "
        f"adding 100 articles (saved, timeline brought up to date): {added:.2f} s ({added_cpu:.2f} s CPU), "
        f"then the first meetings: {first:.2f} s",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--store-articles", type=int, default=100_000, help="0: no store benchmark")
    parser.add_argument("--merge-once", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.merge_once:
        print(json.dumps(merge_once(args.merge_once)))
        return
    results: dict[str, Any] = {"merge": merge_growth(args.sizes)}
    if args.store_articles:
        results["store"] = store_queries(args.store_articles)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
