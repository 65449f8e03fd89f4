"""Runtime hook: runs before any bundled module, so before numpy/OpenBLAS are loaded.

BLAS thread pools are sized when the library loads; Mixtape shares the computer with the UI
and the recommender limits threads itself (recommender/threads.py, at most 2), so the pools
never start bigger than that. A value the user set wins.
"""

import os

_threads = str(max(1, min(2, os.cpu_count() or 1)))
for _name in (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
):
    os.environ.setdefault(_name, _threads)
