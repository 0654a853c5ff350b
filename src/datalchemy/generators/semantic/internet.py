"""``semantic.internet.*``: IP and MAC addresses, user agents, domains, passwords."""

from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np
import pyarrow as pa

from datalchemy.determinism import Stream, U64Array, mix64
from datalchemy.generators import pii
from datalchemy.generators._arrow import (
    hex_digits,
    int_strings,
    join,
    take,
)
from datalchemy.generators.base import GenContext, Rows
from datalchemy.generators.faker_bridge.params import PasswordParams
from datalchemy.generators.fixed_text import masked
from datalchemy.generators.semantic.alias import (
    NET_FITS,
    Alias,
    Kind,
    declare,
    kind,
    vocab_kind,
)
from datalchemy.generators.semantic.helpers import (
    choose,
    int_text,
    weighted,
)
from datalchemy.generators.semantic.locale_data import LocaleData

__all__: list[str] = []


_IPV4_FIRST = np.array([o for o in range(1, 224) if o != 127], dtype=np.uint64)
_IPV4_SPACE = len(_IPV4_FIRST) << 24


def _dotted(v: U64Array) -> pa.Array:
    octets = [
        int_strings(((v >> np.uint64(sh)) & np.uint64(255)).astype(np.int64))
        for sh in (24, 16, 8, 0)
    ]
    return join(octets, ".")


def _i_ipv4(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    first = _IPV4_FIRST[(idx >> np.uint64(24)).astype(np.intp)]
    return _dotted((first << np.uint64(24)) | (idx & np.uint64(0xFFFFFF)))


def _b_ipv4(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    return _i_ipv4(d, ctx, p, s.words(rows) % np.uint64(_IPV4_SPACE))


@functools.cache
def _hex_groups() -> pa.Array:
    return pa.array([format(i, "x") for i in range(65536)], pa.string())


def _ipv6(hi: U64Array, lo: U64Array) -> pa.Array:
    groups = _hex_groups()
    mask = np.uint64(0xFFFF)
    parts = [take(groups, (w >> np.uint64(sh)) & mask) for w in (hi, lo) for sh in (48, 32, 16, 0)]
    return join(parts, ":")


def _b_ipv6(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    return _ipv6(s.words(rows), s.sub("lo").words(rows))


def _i_ipv6(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    with np.errstate(over="ignore"):
        hi = mix64(idx + np.uint64(0x5BD1E9955BD1E995))
    lo = mix64(idx ^ np.uint64(0x2545F4914F6CDD1D))  # a bijection of uint64: distinct lo
    return _ipv6(hi, lo)


def _mac(v: U64Array) -> pa.Array:
    return masked(hex_digits(v, 12), "##:##:##:##:##:##")


def _unicast48(v: U64Array) -> U64Array:
    """47 bits -> a 48-bit address with the multicast bit (bit 40) clear."""
    return ((v >> np.uint64(40)) << np.uint64(41)) | (v & np.uint64((1 << 40) - 1))


def _b_mac(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    return _mac(_unicast48(s.words(rows) >> np.uint64(17)))


def _i_mac(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    return _mac(_unicast48(idx))


_UA_TEMPLATES: tuple[tuple[float, str], ...] = (
    (
        0.30,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/{M}.0.{B}.{P} Safari/537.36",
    ),
    (
        0.10,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/{M}.0.{B}.{P} Safari/537.36",
    ),
    (0.08, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{F}.0) Gecko/20100101 Firefox/{F}.0"),
    (0.04, "Mozilla/5.0 (X11; Linux x86_64; rv:{F}.0) Gecko/20100101 Firefox/{F}.0"),
    (
        0.08,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/{S}.{s} Safari/605.1.15",
    ),
    (
        0.15,
        "Mozilla/5.0 (iPhone; CPU iPhone OS {S}_{s} like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/{S}.{s} Mobile/15E148 Safari/604.1",
    ),
    (
        0.17,
        "Mozilla/5.0 (Linux; Android {A}; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/{M}.0.0.0 Mobile Safari/537.36",
    ),
    (
        0.08,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/{M}.0.0.0 Safari/537.36 Edg/{M}.0.{B}.{P}",
    ),
)
_UA_RANGES = {
    "M": (110, 131),
    "B": (5000, 6999),
    "P": (0, 199),
    "F": (115, 133),
    "S": (15, 18),
    "s": (0, 6),
    "A": (10, 15),
}


def _b_user_agent(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    fields = {k: int_text(s.sub(k), rows, lo, hi) for k, (lo, hi) in _UA_RANGES.items()}
    arrays = []
    for _, template in _UA_TEMPLATES:
        parts: list[pa.Array | str] = []
        for i, piece in enumerate(re.split(r"\{(\w)\}", template)):
            if i % 2:
                parts.append(fields[piece])
            elif piece:
                parts.append(piece)
        arrays.append(join(parts))
    return choose(weighted(s.sub("fmt"), rows, [w for w, _ in _UA_TEMPLATES]), arrays)


declare(
    __name__,
    [
        Alias(
            "semantic.internet.ipv4",
            "faker.internet.raw.IPv4",
            Kind(
                "A unicast IPv4 address (1-223, not 127); unique by construction.",
                pii.NETWORK,
                _b_ipv4,
                lambda d, ctx, p: _IPV4_SPACE,
                _i_ipv4,
                locale_free=True,
                fits=NET_FITS,
            ),
        ),
        Alias(
            "semantic.internet.ipv6",
            "faker.internet.raw.IPv6",
            Kind(
                "An IPv6 address; unique by construction.",
                pii.NETWORK,
                _b_ipv6,
                lambda d, ctx, p: 2**62,
                _i_ipv6,
                locale_free=True,
                fits=NET_FITS,
            ),
        ),
        Alias(
            "semantic.internet.mac",
            "faker.internet.raw.MACAddress",
            Kind(
                "A unicast MAC address; unique by construction.",
                pii.NETWORK,
                _b_mac,
                lambda d, ctx, p: 2**47,
                _i_mac,
                locale_free=True,
                fits=NET_FITS,
            ),
        ),
        Alias(
            "semantic.internet.domain_suffix",
            "faker.internet.raw.DomainSuffix",
            kind("A top-level domain (com, com.br).", vocab_kind(lambda d: d.tlds)),
        ),
        Alias(
            "semantic.internet.free_email_provider",
            "faker.internet.raw.FreeEmailProvider",
            kind("A free e-mail domain of the locale.", vocab_kind(lambda d: d.free_domains)),
        ),
        Alias(
            "semantic.internet.user_agent",
            "faker.internet.raw.UserAgent",
            Kind(
                "A current browser user agent (Chrome, Firefox, Safari, Edge; desktop and mobile).",
                build=_b_user_agent,
                locale_free=True,
            ),
        ),
        Alias(
            "semantic.internet.password",
            "faker.internet.raw.Password",
            Kind(
                "A password (Faker; params length, special_chars, digits, upper_case, lower_case).",
                params=PasswordParams,
            ),
        ),
    ],
)
