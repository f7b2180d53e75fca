"""paused_gc: the collector is off inside, back on after; what the block made is left for the oldest
generation (no young collection has to walk it), and a program's own frozen objects stay frozen."""

from __future__ import annotations

import gc

from xiputin_cli.gc_pause import paused_gc


def test_the_block_runs_without_the_collector_and_leaves_it_as_it_was() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner pause leaves the outer one paused
    assert gc.isenabled()


def test_what_the_block_made_is_not_young_after_it() -> None:
    gc.collect()
    with paused_gc():
        made = [[n] for n in range(50_000)]  # lists: always tracked by the collector
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert id(made[0]) in oldest and id(made[-1]) in oldest  # else a young collection walks them all
    assert gc.get_freeze_count() == 0 and len(made) == 50_000


def test_objects_a_program_froze_itself_stay_frozen() -> None:
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            made = [[n] for n in range(1_000)]
        assert gc.get_freeze_count() == frozen and made
    finally:
        gc.unfreeze()
