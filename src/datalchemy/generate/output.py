"""Where a generation run writes: a local folder, or any fsspec URL (``s3://``, ``gs://``, ...).

A run writes into ``<root>/<UTC stamp>__generate_<id>.partial/`` and renames it without
``.partial`` only when every table is complete, so a folder without the suffix is always whole.
Locally the small files are written atomically (temp file, fsync, rename). On an fsspec file
system the data files are streamed to their final names inside the partial folder, the run log is
kept in a local temp file and uploaded with the report, and the final rename is the file system's
``mv`` (on object stores a copy: documented in ``docs/scaling.md``).

Example:
    >>> import tempfile
    >>> out = open_output(tempfile.mkdtemp(), "2024-01-01T00-00-00Z__generate_0a1b2c3d")
    >>> out.write_text("note.txt", "hello")
    >>> out.finish().endswith("__generate_0a1b2c3d")
    True
"""

from __future__ import annotations

import posixpath
import shutil
import tempfile
from pathlib import Path
from typing import Any

from datalchemy.errors import UsageError
from datalchemy.generate.local_fs import LocalFileSystem
from datalchemy.generate.parts import FileSystem
from datalchemy.runs import RunLog, atomic_write_text

__all__ = ["Output", "is_url", "open_output"]


def is_url(location: str | Path) -> bool:
    """True for ``scheme://...`` locations other than plain local paths."""
    return isinstance(location, str) and "://" in location and not location.startswith("file://")


class Output:
    """A run folder: its ``.partial`` name while writing, its final name when complete."""

    def __init__(self, fs: FileSystem, root: str, name: str, *, remote: bool) -> None:
        self.fs = fs
        self.remote = remote
        self.final = posixpath.join(root, name)
        self.partial = self.final + ".partial"
        fs.makedirs(self.partial, exist_ok=True)
        self._staging = Path(tempfile.mkdtemp(prefix="datalchemy-run-")) if remote else None
        log_dir = self._staging if self._staging is not None else Path(self.partial)
        self.log = RunLog(log_dir / "logs.ndjson")

    def path(self, name: str) -> str:
        """The path of ``name`` inside the partial folder (for sinks and part files)."""
        return posixpath.join(self.partial, name)

    def write_text(self, name: str, text: str) -> None:
        """A small file (plan, report): atomic locally, one whole object on a remote store."""
        if not self.remote:
            atomic_write_text(Path(self.path(name)), text)
            return
        with self.fs.open(self.path(name), "wb") as fh:
            fh.write(text.encode("utf-8"))

    def _upload_log(self) -> None:
        if self._staging is not None:
            with self.fs.open(self.path("logs.ndjson"), "wb") as fh:
                fh.write(self.log.path.read_bytes())

    def fail(self) -> None:
        """Leave the partial folder (with its report) for the user to inspect."""
        self._upload_log()
        self._cleanup()

    def finish(self) -> str:
        """Rename the partial folder to its final name; return that location."""
        self._upload_log()
        self._cleanup()
        if self.remote:
            self.fs.mv(self.partial, self.final, recursive=True)  # type: ignore[call-arg]
            return str(self.fs.unstrip_protocol(self.final))  # type: ignore[attr-defined]
        else:
            if Path(self.final).exists():
                shutil.rmtree(self.final)
            Path(self.partial).rename(self.final)
        return self.final

    def _cleanup(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None


def _fsspec(url: str) -> tuple[Any, str]:
    try:
        import fsspec
    except ImportError:
        raise UsageError(
            "fsspec_missing",
            f"writing to {url.split('://', 1)[0]}:// needs fsspec",
            hint="pip install 'datalchemy[dask]' (and the file system's package, e.g. s3fs)",
        ) from None
    try:
        fs, root = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise UsageError(
            "output_url_unsupported",
            f"cannot write to {url}: {exc}",
            hint="install the fsspec implementation of this URL scheme (e.g. s3fs, gcsfs)",
        ) from None
    return fs, root


def open_output(root: str | Path, name: str) -> Output:
    """The run folder ``name`` under ``root`` (a local path, ``file://`` or an fsspec URL)."""
    location = str(root)
    if is_url(location):
        fs, path = _fsspec(location)
        return Output(fs, path, name, remote=True)
    if location.startswith("file://"):
        location = location[len("file://") :]
    return Output(LocalFileSystem(), str(Path(location)), name, remote=False)
