"""Keep the cyclic garbage collector out of the hot loops.

Evaluating a province allocates millions of small tuples that live until the result is read;
each allocation burst triggers collections that walk every live object (the facts included),
which more than doubled the evaluation time. The engine creates no reference cycles, so pausing
the collector for the duration of one call is safe; it is restored (if it was on) on exit.

Re-enabling it is not free either: every object allocated during the pause is still in the
youngest generation, and the first allocation afterwards would walk them all (≈ 2 s for a
province's results). They are long-lived by construction (the caller keeps the result), so on
exit they are moved straight to the oldest generation — what surviving those collections would
have done — with ``gc.freeze(); gc.unfreeze()``, which moves lists without walking any object.
They stay tracked: a later full collection still sees them. This is skipped when the process
has frozen objects of its own (a pre-fork server's ``gc.freeze()``), which ``unfreeze`` would
release.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()  # every tracked object → the permanent generation (a list splice)
                gc.unfreeze()  # … → the oldest generation, where full collections still see it
            gc.enable()
