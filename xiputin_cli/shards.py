"""One shard of a corpus for a job array: which articles are this task's (a stable hash of their id), and
the part file it writes (through a temporary file and a rename, so a killed and retried task never leaves
half a file where `merge` would read it).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from xiputin_cli.load import Columns, LoadFailure, load_articles
from xiputin_cli.records import Article

if TYPE_CHECKING:
    from xiputin_cli.store import Store

PART_SUFFIX = ".jsonl.gz"


@dataclass(frozen=True)
class Shard:
    index: int
    count: int

    def holds(self, key: str) -> bool:
        return shard_of(key, self.count) == self.index

    @property
    def part_name(self) -> str:
        return f"part-{self.index:05d}{PART_SUFFIX}"


def shard_of(key: str, count: int) -> int:
    """The same shard for the same id on every machine and Python (str hash() is salted per process)."""
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") % count


def parse_shard(spec: str, environ: Mapping[str, str] | None = None) -> Shard:
    """`i/N`; `auto` (a Slurm job array: SLURM_ARRAY_TASK_ID from SLURM_ARRAY_TASK_MIN, of
    SLURM_ARRAY_TASK_COUNT); `auto/N` (N tasks, the index from Slurm or Kubernetes' JOB_COMPLETION_INDEX).
    Raises ValueError with the message to show."""
    env = os.environ if environ is None else environ
    given, _, count_text = spec.partition("/")
    if given == "auto":
        index, count = auto_index(env), count_text or env.get("SLURM_ARRAY_TASK_COUNT", "")
        if not count:
            raise ValueError(
                "--shard auto: SLURM_ARRAY_TASK_COUNT is not set; give the count: --shard auto/N"
            )
    else:
        index, count = given, count_text
    if not (str(index).isdigit() and count.isdigit()):
        raise ValueError(f"--shard {spec!r}: expected i/N (0 ≤ i < N), auto or auto/N")
    shard = Shard(int(index), int(count))
    if shard.count < 1 or shard.index >= shard.count:
        raise ValueError(f"--shard {spec!r}: the index must be from 0 to {max(shard.count - 1, 0)}")
    return shard


def auto_index(env: Mapping[str, str]) -> str:
    if "SLURM_ARRAY_TASK_ID" in env:
        task, low = env["SLURM_ARRAY_TASK_ID"], env.get("SLURM_ARRAY_TASK_MIN", "0")
        return str(int(task) - int(low)) if task.isdigit() and low.isdigit() else task
    if "JOB_COMPLETION_INDEX" in env:
        return env["JOB_COMPLETION_INDEX"]
    raise ValueError("--shard auto: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set")


def extract_shard(
    paths: Iterable[str | Path],
    shard: Shard,
    *,
    model: str | None,
    n_process: int,
    store: Store | None,
    columns: Columns | None = None,
) -> Iterator[Article | LoadFailure]:
    """extract_articles() of one shard's articles. A one-article file is chosen by the id its path gives
    before it is opened, so a task reads only its own files; a file of many is read whole by every task
    (its ids are inside) but each runs spaCy over its own records only; a load failure is reported by the
    one task its file (and line) falls to. The store is never pruned here: the other shards' articles are
    not gone."""
    from xiputin_cli.extract import extract_sources

    chosen = load_articles(paths, analyse=False, columns=columns, wanted=shard.holds)
    return extract_sources(chosen, model=model, n_process=n_process, store=store)


def write_part(records: Iterable[BaseModel], folder: Path, shard: Shard) -> Path:
    """`folder/part-0000i.jsonl.gz`, complete or absent: written beside it under a hidden name, synced,
    then renamed over it. A try killed earlier left only its hidden file, removed here."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / shard.part_name
    for stale in folder.glob(f".{shard.part_name}.*.tmp"):
        stale.unlink(missing_ok=True)
    temp = folder / f".{shard.part_name}.{os.getpid()}.tmp"
    try:
        with temp.open("wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as zipped:  # mtime 0: the same bytes twice
                for record in records:
                    zipped.write((record.model_dump_json() + "\n").encode("utf-8"))
            raw.flush()
            os.fsync(raw.fileno())
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)
    return target
