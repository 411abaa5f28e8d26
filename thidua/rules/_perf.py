"""Keep the cyclic garbage collector out of the hot loops.

Evaluating a province allocates millions of small tuples that live until the result is read;
each allocation burst triggers collections that walk every live object (the facts included),
which more than doubled the evaluation time. The engine creates no reference cycles, so pausing
the collector for the duration of one call is safe; it is restored (if it was on) on exit.
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
            gc.enable()
