"""Introspection: read a database's structure into the ``schema.json`` contract.

One introspector per engine (``postgres.py``, ``sqlite.py``, ``odbc.py``); the connection's
engine (:mod:`datalchemy.engines`) picks it.

Example:
    >>> from datalchemy import create_fixture
    >>> from datalchemy.introspect import introspect
    >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
    >>> result = introspect("sqlite://car_rental.db")
    >>> result.metrics.counts.tables
    20
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from datalchemy._stage_package import export_lazily, make_callable

if TYPE_CHECKING:
    from datalchemy.introspect.runner import (
        IntrospectionResult,
        IntrospectRun,
        introspect,
        run_introspect,
    )

__all__ = ["IntrospectRun", "IntrospectionResult", "introspect", "run_introspect"]

make_callable(__name__)  # datalchemy.introspect(...) is the stage function too (see _stage_package)
export_lazily(__name__, dict.fromkeys(__all__, "datalchemy.introspect.runner"))
