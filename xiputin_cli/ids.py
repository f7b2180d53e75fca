"""Article ids that name one article: `nyt/001.txt` and `wapo/001.txt` are two articles, not one.

A file's id is its path relative to the input root given on the command line, without the suffix (a file
given directly: its stem); a JSON Lines record's is its `id` field, else `file.jsonl:LINE`; stdin's is a
hash of its content. An id already taken in the run gets a suffix and a warning, so that `sources` in the
merged timeline are unambiguous and "one article never merges with itself" holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePath

from xiputin_cli.source_text import LoadFailure, SourceText, content_digest, digest_of

STDIN_SOURCE = "<stdin>"


def relative_id(root: Path, file: Path) -> str:
    """'corpus/nyt/001.txt' under root 'corpus' → 'nyt/001'; a file given itself → its stem."""
    try:
        relative = PurePath(file).relative_to(root)
    except ValueError:
        relative = PurePath(file.name)
    if not relative.parts or relative == PurePath("."):
        relative = PurePath(file.name)
    return relative.with_suffix("").as_posix() if relative.suffix else relative.as_posix()


class IdRegistry:
    """The ids handed out in one run of the loader."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def files(
        self, items: Iterator[SourceText | LoadFailure], root: Path, file: Path, *, many: bool = False
    ) -> Iterator[SourceText | LoadFailure]:
        """A one-article file's article is named by its path under the root; records of a file of many keep
        their own ids."""
        for item in items:
            if isinstance(item, SourceText) and not many:
                item = renamed(item, relative_id(root, file), item.warnings)
            yield self.unique(item)

    def stdin(self, items: Iterator[SourceText | LoadFailure]) -> Iterator[SourceText | LoadFailure]:
        """stdin has no name: its text's hash tells two runs (or two pastes) apart."""
        for item in items:
            if isinstance(item, SourceText):
                _, _, line = item.source.rpartition(":")
                default = f"{STDIN_SOURCE}:{line}" if line.isdigit() else "stdin"
                if item.id in (default, "stdin"):
                    hashed = "stdin-" + content_digest(item.text, item.published, item.title, item.url)[:12]
                    item = renamed(item, hashed + (f":{line}" if line.isdigit() else ""), item.warnings)
            yield self.unique(item)

    def unique(self, item: SourceText | LoadFailure) -> SourceText | LoadFailure:
        if not isinstance(item, SourceText):
            return item
        if item.id not in self.taken:
            self.taken.add(item.id)
            return item
        number = 2
        while f"{item.id}~{number}" in self.taken:
            number += 1
        new = f"{item.id}~{number}"
        self.taken.add(new)
        note = f"id {item.id!r} is already another article's in this run; this one is {new!r}"
        return renamed(item, new, [*item.warnings, note])


def renamed(item: SourceText, new_id: str, warnings: list[str]) -> SourceText:
    """The article under another id, its cache key recomputed (the key covers the id)."""
    digest = digest_of(item, new_id)
    return item.model_copy(update={"id": new_id, "digest": digest, "warnings": warnings})
