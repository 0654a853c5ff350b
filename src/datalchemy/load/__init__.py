"""Load a generated dataset into a database: PostgreSQL (COPY), SQLite (executemany), ODBC.

Example:
    >>> from datalchemy.load import run_load  # doctest: +SKIP
    >>> url = "postgresql://u:p@host/db"
    >>> run = run_load("out/2024-..__generate_ab12", schema, url)  # doctest: +SKIP
    >>> run.report.status, run.report.counts_verified  # doctest: +SKIP
    ('ok', True)

Modules: ``dataset`` (read and check the files), ``work`` (plan of work, transaction scope),
``runner`` (the load itself), ``checkpoint`` (``--resume``), one module per target
(``postgres``, ``sqlite``, ``odbc``) behind the :class:`~datalchemy.load.target.Target` protocol.
The connection's engine (:meth:`datalchemy.engines.base.Engine.load_target`) says which target
and which connection pool a load gets; every target works on one pooled connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from datalchemy._stage_package import export_lazily, make_callable

if TYPE_CHECKING:
    from datalchemy.load.runner import LoadRun, run_load

__all__ = ["LoadRun", "run_load"]

make_callable(__name__)  # datalchemy.load(...) is the stage function too (see _stage_package)
export_lazily(__name__, dict.fromkeys(__all__, "datalchemy.load.runner"))
