"""Ray Data against `xiputin extract --jobs 2` on one generated corpus, on a local cluster of 2 CPUs.

Reports words/s of both (medians of alternating runs; Ray's include starting its actors, which load the
model, as every `extract --engine ray` pays), their ratio, and Ray's start-up: ray.init plus a run over a
handful of articles. Needs the ray extra (`nox -s bench` installs it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import write_corpus


def cli_jobs(corpus: Path, nlp: Any, jobs: int) -> float:
    from xiputin_cli.extract import extract_articles

    start = time.perf_counter()
    count = sum(1 for _ in extract_articles([corpus], nlp=nlp, n_process=jobs))
    assert count, "no articles"
    return time.perf_counter() - start


def ray_run(corpus: Path) -> float:
    import ray.data

    from xiputin_cli import ray as engine

    start = time.perf_counter()
    files = ray.data.read_binary_files(str(corpus), include_paths=True, num_cpus=engine.IO_CPUS)
    rows = engine.extract_files(files, root=str(corpus)).select_columns(["id", "error"]).take_all()
    assert rows and not any(row["error"] for row in rows), "Ray gave error rows"
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--words", type=int, default=250, help="words an article")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    import ray

    from xiputin_cli.pipeline import load_pipeline

    results: dict[str, object] = {"articles": args.articles, "cpus": 2}
    with tempfile.TemporaryDirectory() as tmp:
        corpus, small = Path(tmp) / "corpus", Path(tmp) / "small"
        words = write_corpus(corpus, args.articles, words=args.words)
        write_corpus(small, 4, words=args.words, seed=7)
        start = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        init = time.perf_counter() - start
        first = ray_run(small)
        results.update(ray_init_s=round(init, 2), ray_startup_s=round(init + first, 2), words=words)
        nlp = load_pipeline()
        times: dict[str, list[float]] = {"jobs_2": [], "ray": []}
        for _ in range(args.repeat):
            times["jobs_2"].append(cli_jobs(corpus, nlp, 2))
            times["ray"].append(ray_run(corpus))
        ray.shutdown()
    jobs2, on_ray = statistics.median(times["jobs_2"]), statistics.median(times["ray"])
    results.update(
        runs={k: [round(t, 2) for t in v] for k, v in times.items()},
        jobs_2_wps=round(words / jobs2),
        ray_wps=round(words / on_ray),
        ratio=round(jobs2 / on_ray, 3),
    )
    print(
        f"--jobs 2 {words / jobs2:,.0f} w/s, Ray on 2 CPUs {words / on_ray:,.0f} w/s: {jobs2 / on_ray:.2f}x"
    )
    print(f"Ray start-up: init {init:.1f} s, init and a 4-article run {init + first:.1f} s")
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
