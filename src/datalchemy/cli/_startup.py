"""Start-up costs the command line can skip because it owns its process.

pyarrow imports pandas the first time ``pa.array`` runs, only to ask whether its input is a
pandas object: about 0.2 CPU-s and 45 MB per process, paid by every ``generate`` (and every
forked worker) although datalchemy never hands pyarrow a pandas object. :func:`skip_pandas_probe`
lets that first probe find no pandas and then puts the import system back, so code that wants
pandas can still import it (pyarrow alone keeps treating its inputs as non-pandas).

Not used by the library API: a program that imports datalchemy may pass pandas objects to
pyarrow itself.
"""

from __future__ import annotations

import sys

__all__ = ["skip_pandas_probe"]


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
