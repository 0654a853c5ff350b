"""``domain.finance.boleto_line``: boleto digitable lines with valid check digits."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.generators import checkdigits
from datalchemy.generators._arrow import digit_matrix
from datalchemy.generators.base import GenContext, Generator, Params, Rows
from datalchemy.generators.domain.finance import banks
from datalchemy.generators.fixed_text import masked
from datalchemy.generators.registry import register

__all__ = ["BoletoLine", "BoletoParams", "boleto_due_factor"]


I64 = npt.NDArray[np.int64]
#: Column families an amount fits.

#: Day 1000 of the due-date factor: factor 1000 was 1997-10-07 + 1000 days; it reached 9999 on
#: 2025-02-21 and restarted at 1000 on 2025-02-22 (FEBRABAN rule), then cycles every 9000 days.
_BOLETO_BASE = date(1997, 10, 7)


def boleto_due_factor(days_since_base: npt.ArrayLike) -> I64:
    """The 4-digit due-date factor for days since 1997-10-07 (with the 2025 restart)."""
    d = np.asarray(days_since_base, dtype=np.int64)
    return np.where(d > 9999, (d - 10000) % 9000 + 1000, np.maximum(d, 0))


class BoletoParams(Params):
    bank_code: str | None = Field(
        None, pattern=r"^\d{3}$", description="COMPE code of the bank; default: weighted pick."
    )
    min_amount: float = Field(10.0, ge=0, le=99_999_999.99, description="Smallest amount (BRL).")
    max_amount: float = Field(5000.0, ge=0, le=99_999_999.99, description="Largest amount (BRL).")
    min_due_days: int = Field(0, ge=-3650, le=3650, description="Earliest due date, base_date + N.")
    max_due_days: int = Field(30, ge=-3650, le=3650, description="Latest due date, base_date + N.")
    formatted: bool = Field(False, description="`00190.00009 01234.567891 ...` instead of digits.")

    @model_validator(mode="after")
    def _ranges(self) -> BoletoParams:
        if self.min_amount > self.max_amount:
            raise ValueError("min_amount must be <= max_amount")
        if self.min_due_days > self.max_due_days:
            raise ValueError("min_due_days must be <= max_due_days")
        return self


@register
class BoletoLine(Generator[BoletoParams]):
    """A 47-digit boleto "linha digitável" with valid field digits (mod 10) and general digit
    (mod 11), for a bank, an amount and a due-date factor counted from ``ctx.base_date``.

    Layout: ``BBBMC.CCCCD CCCCC.CCCCCD CCCCC.CCCCCD K FFFFVVVVVVVVVV`` (bank, currency 9, free
    field, field digits, general digit, due factor, amount in cents).
    """

    id = "domain.finance.boleto_line"
    summary = "Boleto digitable line (47 digits, valid mod-10 and mod-11 check digits)."
    params_model = BoletoParams

    def generate(self, ctx: GenContext, params: BoletoParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        n = rows.shape[0]
        if params.bank_code is not None:
            bank = np.full(n, int(params.bank_code), dtype=np.int64)
        else:
            table = banks()
            codes = np.array([int(c) for c, _, _ in table], dtype=np.int64)
            bank = codes[s.sub("bank").weighted(rows, [w for _, _, w in table])]
        lo, hi = round(params.min_amount * 100), round(params.max_amount * 100)
        amount = s.sub("amount").integers(rows, lo, hi)
        days = s.sub("due").integers(rows, params.min_due_days, params.max_due_days)
        factor = boleto_due_factor(days + (ctx.base_date - _BOLETO_BASE).days)
        # barcode: bank(3) 9 DV factor(4) amount(10) free(25); the DV is computed last
        code = np.empty((n, 44), dtype=np.uint8)
        code[:, 0:3] = digit_matrix(bank, 3)
        code[:, 3] = 9
        code[:, 5:9] = digit_matrix(factor, 4)
        code[:, 9:19] = digit_matrix(amount, 10)
        code[:, 19:32] = digit_matrix(s.sub("free1").integers(rows, 0, 10**13 - 1), 13)
        code[:, 32:44] = digit_matrix(s.sub("free2").integers(rows, 0, 10**12 - 1), 12)
        code[:, 4] = checkdigits.boleto_mod11(np.delete(code, 4, axis=1))
        line = np.empty((n, 47), dtype=np.uint8)
        line[:, 0:4], line[:, 4:9] = code[:, 0:4], code[:, 19:24]
        line[:, 10:20], line[:, 21:31] = code[:, 24:34], code[:, 34:44]
        line[:, 9] = checkdigits.luhn(line[:, 0:9])
        line[:, 20] = checkdigits.luhn(line[:, 10:20])
        line[:, 31] = checkdigits.luhn(line[:, 21:31])
        line[:, 32] = code[:, 4]
        line[:, 33:47] = code[:, 5:19]
        line += np.uint8(48)
        return masked(line, _FORMATTED if params.formatted else "#" * 47)


#: The typed line's 47 digits as printed: ``AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEE...``.
_FORMATTED = "#####.##### #####.###### #####.###### # ##############"
