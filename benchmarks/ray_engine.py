"""Ray Data against `xiputin extract --jobs 2` on generated corpora, on a local cluster of 2 CPUs.

Words/s is the steady state of each engine, measured the same way for both in alternating runs: each record
is timed as it reaches the caller, and the words that arrive after the first quarter of them, over the
seconds they take, leave out what a run pays once (Ray's actors starting and loading the model, spaCy's
workers forking, Ray Data planning). That is reported apart, as the seconds until the first quarter is in,
with ray.init and a 4-article run: what `extract --engine ray` pays before its articles. Whole-run words/s
is shown too.
Needs the ray extra (`nox -s bench` installs it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.corpus import write_corpus

Arrivals = list[tuple[float, int]]  # (seconds since the run began, words) of each record as it arrives
Runner = Callable[[Path], Arrivals]
WARM = 0.25  # the steady state: records after the first quarter of the words has arrived


def cli_jobs(nlp: Any, jobs: int) -> Runner:
    """extract_articles as `xiputin extract --jobs N` runs it, the model already loaded."""
    from xiputin_cli.extract import extract_articles
    from xiputin_cli.records import Article

    def run(corpus: Path) -> Arrivals:
        start, arrivals = time.perf_counter(), []
        for record in extract_articles([corpus], nlp=nlp, n_process=jobs):
            assert isinstance(record, Article), record
            arrivals.append((time.perf_counter() - start, record.words))
        return arrivals

    return run


def ray_run(corpus: Path) -> Arrivals:
    """A folder of .txt files through Ray Data, as `xiputin extract --engine ray` reads it; every result row
    comes back to the driver as the actors finish it."""
    from xiputin_cli import ray as engine

    start, arrivals = time.perf_counter(), []
    for row in engine.extract_paths(str(corpus)).iter_rows():
        assert row["error"] is None, row["error"]
        arrivals.append((time.perf_counter() - start, row["words"]))
    return arrivals


def rates(arrivals: Arrivals) -> tuple[float, float, float]:
    """Whole-run words/s, steady-state words/s (the words that arrive once a quarter has, over the seconds
    they take), and the seconds until that quarter had arrived."""
    total, seen, warm = sum(words for _, words in arrivals), 0, len(arrivals) - 1
    for index, (_, words) in enumerate(arrivals):
        seen += words
        if seen >= WARM * total:
            warm = index
            break
    at, end = arrivals[warm][0], arrivals[-1][0]
    later = sum(words for _, words in arrivals[warm + 1 :])
    return total / end, later / max(end - at, 1e-9), at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=400, help="articles in the large corpus")
    parser.add_argument("--words", type=int, default=250, help="words an article")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    import ray

    from xiputin_cli.pipeline import load_pipeline

    results: dict[str, Any] = {"articles": args.articles, "cpus": 2, "warm_fraction": WARM}
    with tempfile.TemporaryDirectory() as tmp:
        corpus, tiny = Path(tmp) / "corpus", Path(tmp) / "tiny"
        results["words"] = write_corpus(corpus, args.articles, words=args.words)
        write_corpus(tiny, 4, words=args.words, seed=7)
        start = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        init = time.perf_counter() - start
        first = ray_run(tiny)[-1][0]
        engines: dict[str, Runner] = {"jobs_2": cli_jobs(load_pipeline(), 2), "ray": ray_run}
        runs: dict[str, list[tuple[float, float, float]]] = {engine: [] for engine in engines}
        for _ in range(args.repeat):  # alternating, so that a change in the machine's load hits both
            for engine, run in engines.items():
                runs[engine].append(rates(run(corpus)))
        ray.shutdown()
    median = {e: [statistics.median(r[i] for r in rs) for i in range(3)] for e, rs in runs.items()}
    results.update(
        runs={e: [[round(x, 2) for x in r] for r in rs] for e, rs in runs.items()},
        jobs_2_wps=round(median["jobs_2"][1]),
        ray_wps=round(median["ray"][1]),
        ratio=round(median["ray"][1] / median["jobs_2"][1], 3),
        pair_ratios=[round(r[1] / j[1], 3) for j, r in zip(runs["jobs_2"], runs["ray"], strict=True)],
        whole_run_wps={e: round(m[0]) for e, m in median.items()},
        whole_run_ratio=round(median["ray"][0] / median["jobs_2"][0], 3),
        warm_up_s={e: round(m[2], 2) for e, m in median.items()},
        ray_init_s=round(init, 2),
        ray_startup_s=round(init + first, 2),
    )
    print(
        f"steady state: --jobs 2 {median['jobs_2'][1]:,.0f} w/s, Ray on 2 CPUs {median['ray'][1]:,.0f} w/s: "
        f"{results['ratio']:.2f}x (pairs {results['pair_ratios']}; "
        f"whole runs: {results['whole_run_ratio']:.2f}x)"
    )
    print(
        f"Ray start-up: init {init:.1f} s, init and a 4-article run {init + first:.1f} s; a quarter of the "
        f"words in: Ray {median['ray'][2]:.1f} s, --jobs 2 {median['jobs_2'][2]:.1f} s"
    )
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
