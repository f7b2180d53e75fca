"""Merging claims across articles at size, where many reports are near-identical: the growth of
claim_merge.merge_claims from 10k → 100k → 1M claims (it must stay near-linear: no pairwise comparison).

    python -m benchmarks.claims_merge                    # 10k, 100k, 1M claims (a few minutes, ~4 GB at 1M)
    python -m benchmarks.claims_merge --sizes 10000 100000

Each size runs in a fresh process, so peak memory is its own. Statements are drawn from a pool that grows
with the corpus; each report words one in one of the ways outlets do (quote marks, punctuation, a dropped
article, British spelling, a trailing clause cut), so about a third of the reports join another's claim.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from xiputin_cli.records import Claim, Evidence

RESULTS = Path(__file__).with_name("claims_merge_results.json")
SPEAKERS = ["Xi Jinping", "Vladimir Putin", "Dmitry Peskov", "Mao Ning", "Yury Ushakov", "Wang Yi"]
WORDS = "trade energy grain rail bridge port harbour defence centre ties border talks forum summit".split()


def statement(rng: random.Random) -> str:
    picked = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9)))
    return f"the {picked} will grow, and the {rng.choice(WORDS)} will follow"


def worded(rng: random.Random, text: str) -> str:
    """One outlet's wording of a statement."""
    roll = rng.random()
    if roll < 0.2:
        return f"“{text.capitalize()}.”"
    if roll < 0.35:
        return text.removeprefix("the ")
    if roll < 0.45:
        return text.replace("harbour", "harbor").replace("defence", "defense").replace("centre", "center")
    if roll < 0.6:
        return text.rsplit(",", 1)[0]  # the trailing clause cut
    return text


def synthetic_claims(count: int, seed: int = 3) -> list[Claim]:
    rng = random.Random(seed)
    pool = [(rng.choice(SPEAKERS), statement(rng)) for _ in range(max(10, count // 3))]
    claims = []
    for n in range(count):
        speaker, text = rng.choice(pool)
        article = f"feed{n % 9}/{n // 3:07d}"
        start = 100 * (n % 3)
        evidence = Evidence(article=article, text=f"{speaker} said {text}", start=start, end=start + 90)
        claims.append(
            Claim(
                speaker=speaker,
                speaker_text=speaker,
                text=worded(rng, text),
                kind="direct",
                evidence=evidence,
            )
        )
    return claims


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def merge_once(count: int) -> dict[str, Any]:
    from xiputin_cli.claim_merge import merge_claims

    claims = synthetic_claims(count)
    start, cpu = time.perf_counter(), time.process_time()
    merged = merge_claims(claims)
    return {
        "claims": count,
        "merged": len(merged),
        "seconds": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "peak_mb": round(peak_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--merge-once", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.merge_once:
        print(json.dumps(merge_once(args.merge_once)))
        return
    rows = []
    for size in args.sizes:
        command = [sys.executable, "-m", "benchmarks.claims_merge", "--merge-once", str(size)]
        row = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        rows.append(row)
        print(
            f"merge {row['claims']:>9,} claims → {row['merged']:>8,}: {row['seconds']:6.2f} s "
            f"({row['cpu_seconds']:.2f} s CPU), peak {row['peak_mb']:,} MB",
            flush=True,
        )
    for before, after in itertools.pairwise(rows):
        grow = after["claims"] / before["claims"]
        print(
            f"  ×{grow:.0f} claims: ×{after['cpu_seconds'] / max(before['cpu_seconds'], 1e-3):.1f} CPU time"
        )
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
