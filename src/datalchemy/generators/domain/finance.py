"""``domain.finance.*``: transaction labels, banks (COMPE codes), agencies and accounts with their
check digits, and installments."""

from __future__ import annotations

from functools import cached_property
from typing import Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import assets, checkdigits, pii
from datalchemy.generators._arrow import (
    digit_matrix,
    int_strings,
    join,
    strings_from_matrix,
    take,
    vocabulary,
)
from datalchemy.generators.base import GenContext, Generator, Params, Rows
from datalchemy.generators.domain.labels import ENUM_FITS, ChoiceParams, LabelParams, LabelPick
from datalchemy.generators.registry import register
from datalchemy.generators.vocab import ascii_fold

__all__ = [
    "AccountParams",
    "BankAccount",
    "BankAgency",
    "BankCode",
    "FinanceCategory",
    "Installments",
    "InvoiceStatus",
    "PaymentMethod",
    "TransactionType",
    "banks",
]


U64 = npt.NDArray[np.uint64]
#: Column families an amount fits.


@register
class TransactionType(LabelPick):
    id = "domain.finance.transaction_type"
    summary = "Transaction type: debito, credito, pix."


@register
class PaymentMethod(LabelPick):
    id = "domain.finance.payment_method"
    summary = "Payment method: cartao_credito, cartao_debito, pix, boleto, transferencia."


@register
class InvoiceStatus(LabelPick):
    """``aberta`` / ``paga`` / ``cancelada`` (enum ``crm.status_fatura``)."""

    id = "domain.finance.invoice_status"
    summary = "Invoice status: aberta, paga, cancelada (enum crm.status_fatura)."
    fits = ENUM_FITS


@register
class FinanceCategory(LabelPick):
    id = "domain.finance.category"
    summary = "Spending / income category: alimentacao, transporte, moradia, saude, ..."


class BankParams(LabelParams):
    output: Literal["code", "name", "code_name"] = Field(
        "code", description="`code` (`341`), `name` (`Itaú Unibanco`) or `code_name` (`341 - ...`)."
    )


@register
class BankCode(LabelPick):
    """Real Brazilian COMPE bank codes (``001`` Banco do Brasil, ``341`` Itaú, ``260`` Nu, ...)."""

    id = "domain.finance.bank_code"
    summary = "Brazilian bank (COMPE code, name, or both), weighted by customer base."
    params_model = BankParams

    def _label_rows(self) -> list[tuple[str, ...]]:
        return [(code, weight, name) for code, name, weight in _bank_rows()]

    @cached_property
    def _by_output(self) -> dict[tuple[str, bool], pa.Array]:
        out: dict[tuple[str, bool], pa.Array] = {}
        for fold in (False, True):
            names = [ascii_fold(n) if fold else n for n in self.extra]
            out["code", fold] = vocabulary(self.labels)
            out["name", fold] = vocabulary(names)
            out["code_name", fold] = vocabulary(
                [f"{c} - {n}" for c, n in zip(self.labels, names, strict=True)]
            )
        return out

    def _vocabulary(self, params: ChoiceParams) -> pa.Array:
        assert isinstance(params, BankParams)
        return self._by_output[params.output, params.ascii]


_AGENCY_DIGITS = vocabulary([*"0123456789", "X"])


def banks() -> tuple[tuple[str, str, float], ...]:
    """(COMPE code, name, weight) of the Brazilian banks in ``assets/pt_BR/banks.tsv``."""
    return tuple((code, name, float(weight)) for code, name, weight in _bank_rows())


def _bank_rows() -> tuple[tuple[str, ...], ...]:
    return assets.rows("pt_BR", "banks.tsv")


class _CodeParams(Params):
    formatted: bool = Field(True, description="Separate the check digit with `-` (`1234-5`).")


def _with_check_char(body: pa.Array, check: pa.Array, formatted: bool) -> pa.Array:
    return join([body, "-" if formatted else "", check])


@register
class BankAgency(Generator[_CodeParams]):
    """Agency number: 4 digits and a mod-11 check digit (weights 5,4,3,2; 10 → ``X``).

    Example: ``1234-3``. The value space is the 9,999 agency numbers ``0001`` to ``9999``.
    """

    id = "domain.finance.agency"
    summary = "Bank agency: 4 digits + mod-11 check digit (`1234-3`)."
    params_model = _CodeParams
    pii = pii.BANK_ACCOUNT

    def generate(self, ctx: GenContext, params: _CodeParams, rows: Rows) -> pa.Array:
        number = ctx.stream(self.id, params).integers(rows, 0, 9998)
        return self._build(number.astype(np.uint64), params)

    def value_space(self, ctx: GenContext, params: _CodeParams) -> int | None:
        return 9999

    def from_index(self, ctx: GenContext, params: _CodeParams, idx: U64) -> pa.Array:
        return self._build(idx, params)

    @staticmethod
    def _build(idx: U64, params: _CodeParams) -> pa.Array:
        number = idx + np.uint64(1)
        digits = digit_matrix(number, 4)
        dv = checkdigits.mod11(digits, (5, 4, 3, 2))  # 0..10, 10 written X
        check = take(_AGENCY_DIGITS, dv)
        return _with_check_char(strings_from_matrix(digits + np.uint8(48)), check, params.formatted)


class AccountParams(_CodeParams):
    digits: int = Field(5, ge=4, le=12, description="Digits before the check digit.")


@register
class BankAccount(Generator[AccountParams]):
    """Account number with a mod-11 check digit (weights 2..9 from the right; 10 and 11 → 0).

    Example: ``12345-6``. The value space is ``10**digits``.
    """

    id = "domain.finance.account"
    summary = "Bank account number with a mod-11 check digit (`12345-6`)."
    params_model = AccountParams
    pii = pii.BANK_ACCOUNT

    def generate(self, ctx: GenContext, params: AccountParams, rows: Rows) -> pa.Array:
        number = ctx.stream(self.id, params).integers(rows, 0, 10**params.digits - 1)
        return self._build(number.astype(np.uint64), params)

    def value_space(self, ctx: GenContext, params: AccountParams) -> int | None:
        return int(10**params.digits)

    def from_index(self, ctx: GenContext, params: AccountParams, idx: U64) -> pa.Array:
        return self._build(idx, params)

    @staticmethod
    def _build(number: U64, params: AccountParams) -> pa.Array:
        digits = digit_matrix(number, params.digits)
        dv = checkdigits.mod11_zero(digits, checkdigits.weights_from_right(params.digits))
        body = strings_from_matrix(digits + np.uint8(48))
        if not params.formatted:
            return strings_from_matrix(
                np.concatenate([digits, dv[:, None].astype(np.uint8)], 1) + 48
            )
        return join([body, "-", int_strings(dv)])


class InstallmentsParams(ChoiceParams):
    min: int = Field(1, ge=1, le=99, description="Fewest installments.")
    max: int = Field(12, ge=1, le=99, description="Most installments.")

    @model_validator(mode="after")
    def _order(self) -> InstallmentsParams:
        if self.min > self.max:
            raise ValueError("min must be <= max")
        return self


# Relative frequency of n installments (index n); card purchases favour 1x, 2x-3x, 6x, 10x, 12x.
_INSTALLMENT_WEIGHTS = np.array(
    [0, 40, 9, 10, 5, 4, 8, 2, 2, 1.5, 8, 1, 9] + [0.4] * 87, dtype=np.float64
)


@register
class Installments(Generator[InstallmentsParams]):
    """Number of installments in ``[min, max]``, weighted toward 1x, 3x, 6x, 10x and 12x."""

    id = "domain.finance.installments"
    summary = "Number of installments (1x to 12x by default), realistically weighted."
    params_model = InstallmentsParams
    output = TypeFamily.INTEGER
    fits = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT})

    def generate(self, ctx: GenContext, params: InstallmentsParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        if params.uniform:
            return pa.array(s.integers(rows, params.min, params.max))
        weights = _INSTALLMENT_WEIGHTS[params.min : params.max + 1]
        return pa.array(params.min + s.weighted(rows, weights))

    def value_space(self, ctx: GenContext, params: InstallmentsParams) -> int | None:
        return params.max - params.min + 1

    def from_index(self, ctx: GenContext, params: InstallmentsParams, idx: U64) -> pa.Array:
        return pa.array(idx.astype(np.int64) + params.min)
