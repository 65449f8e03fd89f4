"""How many threads the recommender's number crunching may use.

Mixtape runs on the listener's computer next to the UI, so training uses at most two threads
(the machine it is benchmarked on has two cores) and never more than the machine has.
"""

from __future__ import annotations

import os

MAX_THREADS = 2


def compute_threads() -> int:
    """Threads for our own parallel loops (implicit's ALS solver)."""
    return max(1, min(MAX_THREADS, os.cpu_count() or 1))


def blas_threads() -> int:
    """Threads for BLAS calls outside ALS (implicit wants BLAS single-threaded)."""
    return compute_threads()
