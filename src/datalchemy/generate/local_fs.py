"""The local file system with the few fsspec-style methods the part files use.

Local runs do not need fsspec; Dask runs pass an fsspec file system with the same methods.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import IO, Any

__all__ = ["LocalFileSystem"]


class LocalFileSystem:
    """``open`` / ``makedirs`` / ``mv`` / ``rm`` / ``ls`` on local paths."""

    def open(self, path: str, mode: str = "rb") -> IO[Any]:
        return open(path, mode)

    def makedirs(self, path: str, exist_ok: bool = False) -> None:
        os.makedirs(path, exist_ok=exist_ok)

    def mv(self, path1: str, path2: str) -> None:
        os.replace(path1, path2)

    def ls(self, path: str, detail: bool = False) -> list[Any]:
        return sorted(os.path.join(path, name) for name in os.listdir(path))

    def rm(self, path: str, recursive: bool = False) -> None:
        if recursive and Path(path).is_dir():
            shutil.rmtree(path)
        else:
            os.unlink(path)
