"""SIGTERM (what `timeout`, Slurm and Kubernetes send) handled like Ctrl-C, in a module of its own so the
command can install the handler without importing the extraction side."""

from __future__ import annotations


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: finished work is kept."""


def terminate(signum: int, frame: object) -> None:
    raise Terminated
