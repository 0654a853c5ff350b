"""Cases and helpers shared by the primitive.* tests."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import all_generators
from datalchemy.generators.base import ColumnFacts, GenContext, Generator, ParamError

UUID_V4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
LABELS = ("novo", "qualificado", "perdido")
ENUM_FACTS = ColumnFacts(family=TypeFamily.ENUM, enum_labels=LABELS)

GEO_KINDS = ("point", "line", "lseg", "box", "path", "polygon", "circle", "cube")
RANGE_KINDS = ("int4", "int8", "num", "date", "ts", "tstz")

#: Params (and column facts) per ID, for the tests that run every generator.
CASES: dict[str, tuple[dict[str, Any] | None, ColumnFacts]] = {
    "primitive.bool": (None, ColumnFacts()),
    "primitive.int": (None, ColumnFacts()),
    "primitive.int.range": ({"min": -50, "max": 50}, ColumnFacts()),
    "primitive.int.sequence_hint": ({"start": 10, "step": 3, "max": 1000}, ColumnFacts()),
    "primitive.float": (None, ColumnFacts()),
    "primitive.float.range": ({"min": 10, "max": 1000}, ColumnFacts()),
    "primitive.decimal.numeric": ({"min": -5, "max": 99.5, "scale": 3}, ColumnFacts()),
    "primitive.text": (None, ColumnFacts()),
    "primitive.text.pattern": ({"pattern": r"[A-Z]{3}-\d{4}"}, ColumnFacts()),
    "primitive.text.lorem": (None, ColumnFacts()),
    "primitive.uuid": (None, ColumnFacts()),
    "primitive.uuid.v4": (None, ColumnFacts()),
    "primitive.date": (None, ColumnFacts()),
    "primitive.date.range": ({"min": "1990-01-01", "max": "2000-12-31"}, ColumnFacts()),
    "primitive.time": (None, ColumnFacts()),
    "primitive.time.range": ({"min": "08:00:00", "max": "18:00:00"}, ColumnFacts()),
    "primitive.timestamp": (None, ColumnFacts()),
    "primitive.timestamp.range": (
        {"min": "2024-01-01T00:00:00Z", "max": "2024-01-10 00:00:00"},
        ColumnFacts(),
    ),
    "primitive.enum": (None, ENUM_FACTS),
    "primitive.normal": ({"mean": 100, "std": 15}, ColumnFacts()),
    "primitive.lognormal": ({"mean": 3, "sigma": 0.5}, ColumnFacts()),
    "primitive.exponential": ({"scale": 30}, ColumnFacts()),
    "primitive.zipf": ({"n": 100, "s": 1.2}, ColumnFacts()),
    "primitive.choice": ({"values": ["a", "b", "c", "d"]}, ColumnFacts()),
    "primitive.choice.weighted": ({"values": [1, 2, 3], "weights": [1, 2, 7]}, ColumnFacts()),
    "primitive.json.template": (
        {"template": {"id": {"$gen": "primitive.int.range"}, "ok": True}},
        ColumnFacts(),
    ),
    "primitive.array": (
        {"element": "primitive.int.range", "element_params": {"max": 9}, "max_len": 4},
        ColumnFacts(),
    ),
    "primitive.text.words": (None, ColumnFacts()),
    "primitive.text.slug": (None, ColumnFacts(length=20)),
    "primitive.bytes": ({"min_len": 1, "max_len": 3}, ColumnFacts()),
    "primitive.bits": ({"min_len": 1}, ColumnFacts(length=12)),
    "primitive.interval": (None, ColumnFacts()),
    "primitive.hstore": (None, ColumnFacts()),
    "primitive.tsquery": (None, ColumnFacts()),
    "primitive.xml": (None, ColumnFacts()),
    "primitive.tid": (None, ColumnFacts()),
    **{f"primitive.geo.{k}": (None, ColumnFacts()) for k in GEO_KINDS},
    **{f"primitive.range.{k}": (None, ColumnFacts()) for k in RANGE_KINDS},
}

GENERATORS: dict[str, Generator[Any]] = {
    g.id: g for g in all_generators() if g.id.startswith("primitive.")
}

ARROW: dict[TypeFamily, Any] = {
    TypeFamily.BOOLEAN: pa.types.is_boolean,
    TypeFamily.INTEGER: lambda t: t == pa.int64(),
    TypeFamily.DECIMAL: lambda t: pa.types.is_decimal(t) and t.precision == 38,
    TypeFamily.FLOAT: lambda t: t == pa.float64(),
    TypeFamily.TEXT: lambda t: t == pa.string(),
    TypeFamily.UUID: lambda t: t == pa.string(),
    TypeFamily.JSON: lambda t: t == pa.string(),
    TypeFamily.ENUM: lambda t: t == pa.string(),
    TypeFamily.DATE: lambda t: t == pa.date32(),
    TypeFamily.TIME: lambda t: t == pa.time64("us"),
    TypeFamily.TIMESTAMP: lambda t: t == pa.timestamp("us"),
    TypeFamily.ARRAY: pa.types.is_list,
    TypeFamily.BYTES: lambda t: t == pa.binary(),
    TypeFamily.BIT: lambda t: t == pa.string(),
    TypeFamily.INTERVAL: lambda t: t == pa.string(),
    TypeFamily.GEOMETRY: lambda t: t == pa.string(),
    TypeFamily.RANGE: lambda t: t == pa.string(),
    TypeFamily.XML: lambda t: t == pa.string(),
}


def ctx_for(facts: ColumnFacts = ColumnFacts(), seed: int = 1, column: str = "c") -> GenContext:
    return GenContext.for_column(seed=seed, table="crm.leads", column=column, facts=facts)


def run(
    gen_id: str,
    raw: dict[str, Any] | None = None,
    rows: Any = 10_000,
    facts: ColumnFacts = ColumnFacts(),
    seed: int = 1,
) -> pa.Array:
    gen = GENERATORS[gen_id]
    r = np.arange(rows, dtype=np.int64) if isinstance(rows, int) else np.asarray(rows)
    return gen.generate(ctx_for(facts, seed), gen.parse_params(raw), r)


def family(gen: Generator[Any], raw: dict[str, Any] | None) -> TypeFamily:
    """The output family (choices declare it per params)."""
    per_params = getattr(gen, "output_family", None)
    return per_params(gen.parse_params(raw)) if per_params else gen.output


def param_error(gen_id: str, raw: Any) -> ParamError:
    with pytest.raises(ParamError) as info:
        GENERATORS[gen_id].parse_params(raw)
    return info.value
