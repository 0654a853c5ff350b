"""Start-up costs the command line can skip because it owns its process.

pyarrow imports pandas the first time ``pa.array`` runs, only to ask whether its input is a
pandas object: about 0.2 CPU-s and 45 MB per process, paid by every ``generate`` (and every
forked worker) although datalchemy never hands pyarrow a pandas object. :func:`skip_pandas_probe`
lets that first probe find no pandas and then puts the import system back, so code that wants
pandas can still import it (pyarrow alone keeps treating its inputs as non-pandas).

glibc returns freed heap memory to the kernel as soon as a large block is freed, so each new
block of rows faults its pages in again (about 10 % of a large run's CPU on a virtual machine).
:func:`keep_freed_memory` raises the thresholds that decide it; the run's memory stays bounded by
its blocks.

At exit CPython collects and frees every object the run built, cycles included: about 0.1
CPU-s for the modules, models and tables of a ``generate`` (a fifth of its fixed cost).
:func:`freeze_at_exit` moves them out of the collector's reach at exit instead, as the
operating system reclaims the memory anyway; files are closed (and renamed into place) by the
commands themselves, never left to a collector. Not done when DuckDB is loaded: its extension
(nanobind) checks at exit that its objects were freed and prints warnings otherwise; then even
what :mod:`datalchemy.gc_pause` froze at start-up is handed back to the collector.

NumPy's OpenBLAS starts one thread per core when NumPy is imported, and those threads spin for a
while: about 0.1 CPU-s of every run on two cores, for a library datalchemy hardly uses (a few
small check-digit products per block). :func:`single_thread_blas` asks for one thread before
NumPy is first imported, unless the user chose a number.

Not used by the library API: a program that imports datalchemy may pass pandas objects to
pyarrow itself, and owns its allocator.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

__all__ = ["freeze_at_exit", "keep_freed_memory", "single_thread_blas", "skip_pandas_probe"]

#: mallopt parameters (malloc.h) and the values set: blocks up to 32 MiB come from the heap, and
#: up to 256 MiB of free heap is kept for the next block.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_TRIM_BYTES, _MMAP_BYTES = 256 << 20, 32 << 20


class _NoPandas:
    """A meta path finder that fails ``import pandas`` (pyarrow catches the ImportError)."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name == "pandas":
            raise ModuleNotFoundError("No module named 'pandas'", name=name)


def skip_pandas_probe() -> None:
    """Make pyarrow's one-time pandas probe find none, unless pandas is already imported."""
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])  # the probe: pyarrow records "no pandas" for this process
    finally:
        sys.meta_path.remove(finder)


def keep_freed_memory() -> None:
    """Keep freed heap memory for the next block instead of faulting it in again (glibc only;
    a no-op elsewhere). Workers forked from this process inherit it; those a fork server starts
    keep glibc's defaults (only a little slower)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:  # the process's own symbols: libc's, found without find_library's ldconfig subprocess
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return
    mallopt(_M_MMAP_THRESHOLD, _MMAP_BYTES)
    mallopt(_M_TRIM_THRESHOLD, _TRIM_BYTES)


def single_thread_blas() -> None:
    """Start OpenBLAS with one thread (inherited by worker processes), unless the user set
    ``OPENBLAS_NUM_THREADS`` or NumPy is already imported (then it would change nothing)."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _freeze() -> None:
    if "_duckdb" not in sys.modules:
        gc.freeze()
    else:  # what datalchemy.gc_pause froze goes back to the collector, DuckDB's objects with it
        gc.unfreeze()


def freeze_at_exit() -> None:
    """At exit, leave the objects of the run to the operating system instead of the cyclic
    collector (see the module docstring)."""
    # Exit handlers run last registered first: this one, registered before the command runs,
    # comes after those its libraries register (Dask closing a cluster, for one).
    atexit.register(_freeze)
