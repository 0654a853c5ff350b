"""Name rules for numbers: money, rates, measures, counts and scores (:data:`NUMBER_RULES`).

Every rule proposes a realistic *distribution*, not a range: money is log-normal around a median
that depends on what it is (a unit price, an order total, a salary, a freight charge) and on the
locale's currency, kept inside the column's precision (a ``numeric(4,2)`` rental rate stays
under 100); counts are small and skewed (most order lines hold one item); ratings lean to the
top; fractions stay in 0..1 when the type says so (``numeric(3,2)``, ``REAL``) and in 0..100
otherwise. :mod:`.heuristics` puts these rules after the text rules.

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> col = Column(ordinal=1, name="preco", declared_type="numeric(10,2)",
    ...              family=TypeFamily.DECIMAL, nullable=False, precision=10, scale=2)
    >>> amount(HeuristicInput(col, "produtos", locale="pt_BR"), 80, 1.0)
    ('semantic.number.amount', {'median': 80.0, 'sigma': 1.0, 'min': 2.0, 'max': 4800.0, 'scale': 2})
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from datalchemy.contracts.schema import TypeFamily
from datalchemy.plan.resolve.names import (
    INTS,
    NUMS,
    HeuristicInput,
    NameRule,
    Params,
    Pick,
    has_words,
    in_table,
    rule,
)
from datalchemy.plan.resolve.ranges import decimal_limit, decimal_params, int_limits, int_range

__all__ = ["NUMBER_RULES", "amount", "fraction_type", "weighted"]

_T = TypeFamily
NUMBERS = INTS | {_T.DECIMAL, _T.FLOAT}  # not MONEY: the shapes below are plain numbers
_MONEY_HINTS = "valor preco price amount total custo cost pagamento payment"


def _limit(info: HeuristicInput) -> float | None:
    col = info.column
    if col.family == _T.INTEGER:
        return float(int_limits(col)[1])
    return decimal_limit(col)


def amount(info: HeuristicInput, median: float, sigma: float = 0.9) -> tuple[str, Params]:
    """``semantic.number.amount`` around ``median`` inside the column's limits."""
    limit = _limit(info)
    if limit is not None and median * 20 > limit:
        median = limit / 20  # keep room for the long tail inside numeric(p, s)
    scale = info.column.scale if info.column.family == _T.DECIMAL else None
    if info.column.family == _T.INTEGER:
        scale = 0
    step = 10.0 ** -(scale if scale is not None else 2)
    lo = max(step, round(median / 40, 2))
    hi = median * 60 if limit is None else min(limit, median * 60)
    params: Params = {
        "median": _clean(median),
        "sigma": sigma,
        "min": _clean(lo),
        "max": _clean(hi),
    }
    if scale is not None and info.column.family != _T.INTEGER:
        params["scale"] = min(scale, 2)
    elif info.column.family == _T.FLOAT:
        params["scale"] = 2
    return "semantic.number.amount", params


def _clean(x: float) -> float:
    return float(round(x, 6))


def money(pt: float, en: float, sigma: float = 0.9) -> Pick:
    """Money around ``pt`` reais (Portuguese) or ``en`` dollars (any other locale)."""

    def make(info: HeuristicInput) -> tuple[str, Params]:
        return amount(info, pt if info.pt else en, sigma)

    return make


def weighted(values: Sequence[Any], weights: Sequence[float]) -> tuple[str, Params]:
    """``primitive.choice.weighted`` over ``values``."""
    return "primitive.choice.weighted", {"values": list(values), "weights": list(weights)}


def fraction_type(info: HeuristicInput) -> bool:
    """Whether the column holds a fraction (0..1) rather than a percentage: ``REAL`` / ``FLOAT``,
    or a decimal with at most one digit before the point (``numeric(3,2)``)."""
    col = info.column
    if col.family == _T.FLOAT:
        return True
    if col.family == _T.DECIMAL and col.precision is not None and col.scale is not None:
        return col.precision - col.scale <= 1 and col.scale >= 1
    return False


def _discount(info: HeuristicInput) -> tuple[str, Params]:
    if fraction_type(info):
        return weighted([0, 0.05, 0.1, 0.15, 0.2, 0.25], [55, 12, 14, 8, 7, 4])
    col = info.column
    if col.family == _T.DECIMAL and (col.precision or 12) - (col.scale or 0) > 3:
        return amount(info, 15 if info.pt else 5, 1.0)  # an amount off, not a percentage
    return weighted([0, 5, 10, 15, 20, 25, 30, 50], [50, 12, 15, 8, 7, 4, 3, 1])


def _places(info: HeuristicInput, most: int) -> int:
    """Decimal places for a fraction: the column's scale, at most ``most``."""
    if info.column.family == _T.FLOAT:
        return most
    return min(info.column.scale or most, most)


def _percent(info: HeuristicInput) -> tuple[str, Params]:
    if fraction_type(info):
        return "primitive.decimal.numeric", decimal_params(info, 0, 1, _places(info, 3))
    if info.column.family == _T.INTEGER:
        return int_range(info, 0, 100)
    name, params = amount(info, 12, 0.8)
    return name, {**params, "max": min(float(params["max"]), 100.0)}


def _rate(info: HeuristicInput) -> tuple[str, Params]:
    """An interest, tax or commission rate: a few percent (0.0x when the type is a fraction)."""
    if fraction_type(info):
        params = {"median": 0.05, "sigma": 0.6, "min": 0.001, "max": 0.5}
        return "semantic.number.amount", {**params, "scale": _places(info, 4)}
    return amount(info, 5, 0.7)


def _deal(info: HeuristicInput) -> tuple[str, Params]:
    return "domain.crm.deal_value", {"min": 1000.0, "max": 75000.0}


def _is_deal(info: HeuristicInput) -> bool:
    digits = (info.column.precision or 12) - (info.column.scale or 0)
    return has_words(info, _MONEY_HINTS) and digits >= 5


def _salary(info: HeuristicInput) -> tuple[str, Params]:
    if info.pt:
        return amount(info, 4200, 0.55)
    annual = (_limit(info) or 1e9) >= 2e6  # room for yearly figures
    return amount(info, 62000 if annual else 5200, 0.55)


_RENTALS = "rental rentals locacao locacoes aluguel alugueis"


def _total(info: HeuristicInput) -> tuple[str, Params]:
    if in_table(info, _RENTALS):
        return amount(info, 180 if info.pt else 4.99, 0.8)
    return amount(info, 250 if info.pt else 90, 1.0)


def _money_total_fits(info: HeuristicInput) -> bool:
    return info.family != _T.INTEGER or bool({"valor", "amount", "price"} & set(info.tokens))


def _is_count(info: HeuristicInput) -> bool:
    t = info.tokens
    if "count" in t or info.compact.endswith("count"):
        return True
    return len(t) > 1 and t[0] in {"num", "n", "qtd", "total", "contador", "nr"}


def _longitude(info: HeuristicInput) -> tuple[str, Params]:
    if info.pt:
        return "primitive.decimal.numeric", decimal_params(info, -73.99, -34.79, 6)
    return "primitive.decimal.numeric", decimal_params(info, -124, -67, 6)


def _latitude(info: HeuristicInput) -> tuple[str, Params]:
    if info.pt:
        return "primitive.decimal.numeric", decimal_params(info, -33.75, 5.27, 6)
    return "primitive.decimal.numeric", decimal_params(info, 25, 49, 6)


def _height(info: HeuristicInput) -> tuple[str, Params]:
    if info.family == _T.INTEGER:
        return _normal(170, 10, 140, 210)(info)
    return _normal(1.70, 0.1, 1.4, 2.1, 2)(info)


_MEDIA = "film films filme filmes movie movies video videos musica musicas song songs track tracks"


def _rating(info: HeuristicInput) -> tuple[str, Params]:
    stars = [1, 2, 3, 4, 5]
    weights = [6, 6, 14, 32, 42]  # J-shaped: most reviews are 4 or 5 stars
    if info.column.family == _T.INTEGER:
        return weighted(stars, weights)
    halves = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]
    return weighted(halves, [4, 2, 4, 4, 8, 12, 22, 22, 22])


def _normal(mean: float, std: float, lo: float, hi: float, decimals: int = 0) -> Pick:
    def make(info: HeuristicInput) -> tuple[str, Params]:
        d = 0 if info.column.family == _T.INTEGER else decimals
        return "primitive.normal", {"mean": mean, "std": std, "min": lo, "max": hi, "decimals": d}

    return make


def _count(median: float, sigma: float) -> Pick:
    def make(info: HeuristicInput) -> tuple[str, Params]:
        name, params = amount(info, median, sigma)
        return name, {**params, "min": 0.0, "scale": 0}

    return make


def _zipf(n: int, s: float) -> Pick:
    def make(info: HeuristicInput) -> tuple[str, Params]:
        return "primitive.zipf", {"n": n, "s": s}

    return make


def _minutes(info: HeuristicInput) -> tuple[str, Params]:
    if in_table(info, "film films filme filmes movie movies video videos episodio episode"):
        return _normal(112, 22, 46, 200)(info)
    if in_table(info, "musica musicas song songs track tracks faixa faixas"):
        return _normal(215, 45, 90, 480)(info)  # seconds
    return amount(info, 45, 0.6)


def _days(info: HeuristicInput) -> tuple[str, Params]:
    if in_table(info, "film films filme filmes " + _RENTALS):
        return weighted([3, 4, 5, 6, 7], [20, 20, 22, 20, 18])
    return weighted([7, 10, 15, 30, 45, 60, 90], [12, 8, 18, 35, 12, 10, 5])


NUMBER_RULES: tuple[NameRule, ...] = (
    # --- money: what it is decides the median -----------------------------------------------------
    rule(NUMS, "estimado deal", _deal, 0.8, "an estimated deal value", when=_is_deal),
    rule(NUMBERS, "desconto discount abatimento", _discount, 0.8,
         "a discount: mostly none, then 5-25 (a fraction 0..1 when the type says so)"),
    rule(NUMS, "rental_rate rentalrate diaria diarias daily_rate dailyrate",
         money(150, 2.99, 0.5), 0.85, "a daily rental rate"),
    rule(NUMS, "replacement_cost replacementcost", money(90, 19.99, 0.3), 0.85,
         "a replacement cost"),
    rule(NUMS | INTS, "frete freight shipping envio postage entrega delivery", money(25, 12, 0.7),
         0.85, "a freight charge (log-normal, tens)", substrings="frete freight shipping",
         when=lambda i: not has_words(i, "prazo dias days")),
    rule(NUMS | INTS, "salario salary salarios salaries remuneracao wage wages vencimentos pay",
         _salary, 0.85, "a salary (log-normal, the locale's currency)",
         substrings="salario salary"),
    rule(NUMS | INTS, "orcamento budget investimento investment verba",
         money(250_000, 120_000, 1.1), 0.8, "a budget (log-normal, large)"),
    rule(NUMS | INTS, "receita revenue faturamento faturado sales vendas",
         money(1_200_000, 500_000, 1.4), 0.75, "revenue (log-normal, very skewed)",
         when=lambda i: not in_table(i, "item itens items pedido pedidos order orders")),
    rule(NUMS | INTS, "saldo balance", money(2500, 1800, 1.3), 0.75, "an account balance"),
    rule(NUMS | INTS, "mensalidade assinatura subscription monthly mensal plano plan",
         money(99, 29, 0.5), 0.7, "a monthly fee",
         when=lambda i: has_words(i, _MONEY_HINTS + " mensalidade subscription fee")),
    rule(NUMS | INTS, "limite_credito credit_limit creditlimit limitecredito",
         money(5000, 3000, 0.8), 0.8, "a credit limit"),
    rule(NUMS | INTS, "multa fine fines penalty penalidade", money(195, 75, 0.7), 0.8, "a fine"),
    rule(NUMS | INTS, "juros interest", money(25, 15, 1.0), 0.7, "interest charged",
         when=lambda i: not fraction_type(i)),
    rule(NUMS | INTS, "tarifa fee fees taxa_servico comissao commission gorjeta tip tips",
         money(35, 15, 0.8), 0.75, "a fee"),
    rule(NUMS | INTS, "imposto impostos tax taxes icms iss ipi pis cofins vat",
         money(18, 9, 1.0), 0.75, "a tax amount", when=lambda i: not fraction_type(i)),
    rule(NUMS | INTS, "unit_price unitprice preco_unitario precounitario valor_unitario "
         "valorunitario list_price listprice msrp preco_venda precovenda",
         money(80, 25, 1.0), 0.9, "a unit price (log-normal)"),
    rule(NUMS | INTS, "custo cost costs custos", money(60, 20, 1.0), 0.8, "a cost (log-normal)",
         when=lambda i: not has_words(i, "total")),
    rule(NUMS | INTS, "total subtotal grand_total valor_total valortotal montante amount_due "
         "amount valor valores pagamento payment pago paid", _total, 0.8,
         "an amount of money (log-normal around an order total)", when=_money_total_fits),
    rule(NUMS | INTS, "preco precos price prices preco_custo custo_unitario",
         money(80, 25, 1.0), 0.85, "a price (log-normal)"),
    rule(NUMS, "aliquota tax_rate taxrate interest_rate juros rate taxa", _rate, 0.7,
         "a rate of a few percent"),
    rule(NUMS | INTS, "percentual percent percentage porcentagem pct perc", _percent, 0.75,
         "a percentage (0..1 when the type is a fraction)", substrings="percent"),
    rule(NUMS | INTS, "probabilidade probability chance", _percent, 0.7, "a probability"),
    # --- ratings and scores ----------------------------------------------------------------------
    rule(NUMBERS, "nota rating ratings estrelas stars avaliacao review_score",
         _rating, 0.8, "a rating, mostly 4 or 5 stars",
         when=lambda i: i.family != _T.INTEGER or not has_words(i, "fiscal")),
    rule(NUMBERS, "score pontuacao pontos points nps", _normal(70, 15, 0, 100), 0.75,
         "a score around 70 of 100"),
    # --- quantities, stock, counts ---------------------------------------------------------------
    rule(NUMBERS, "quantidade qtd qtde qty quantity quant quantities itens_qtd",
         _zipf(12, 1.6), 0.85, "a quantity: 1 most often, rarely above 5"),
    rule(NUMBERS, "estoque stock inventory units_in_stock unitsinstock saldo_estoque on_hand "
         "onhand disponivel available", _count(40, 1.2), 0.8, "a stock count (skewed)",
         substrings="estoque stock inventory"),
    rule(NUMBERS, "units_on_order unitsonorder reorder_level reorderlevel ponto_pedido",
         _count(10, 1.0), 0.75, "a reorder quantity"),
    rule(NUMBERS, "visualizacoes views pageviews acessos visitas visits impressions impressoes "
         "cliques clicks plays reproducoes downloads", _count(350, 1.6), 0.8,
         "a view count (heavy-tailed)"),
    rule(NUMBERS, "curtidas likes favoritos favorites compartilhamentos shares upvotes votos "
         "votes", _count(25, 1.5), 0.8, "a like count (heavy-tailed)"),
    rule(NUMBERS, "seguidores followers assinantes subscribers inscritos fans",
         _count(300, 1.8), 0.8, "a follower count (heavy-tailed)"),
    rule(NUMBERS, "tentativas attempts retries retry tries falhas failures erros errors",
         _zipf(6, 2.0), 0.75, "attempts: 1 most often"),
    rule(INTS, "contador counter count contagem total num numero_de qtd_total",
         _count(5, 1.2), 0.6, "a count (small, skewed)", when=_is_count),
    rule(NUMBERS, "parcelas installments", ("domain.finance.installments", {}), 0.85,
         "installments"),
    rule(NUMBERS, "filhos children dependentes dependents", _zipf(6, 1.8), 0.75,
         "children: a few",
         when=lambda i: i.family == _T.INTEGER),
    rule(NUMBERS, "quartos bedrooms dormitorios banheiros bathrooms vagas garagem parking",
         weighted([1, 2, 3, 4, 5], [18, 38, 30, 10, 4]), 0.75, "rooms of a home"),
    rule(NUMBERS, "andar floor pavimento", weighted(list(range(0, 21)), [8] + [6] * 10 + [3] * 10),
         0.6, "a floor"),
    rule(NUMBERS, "paginas pages num_pages", _count(250, 0.5), 0.75, "a page count"),
    rule(NUMBERS, "capacidade capacity lotacao assentos seats vagas_totais", _count(50, 1.0), 0.7,
         "a capacity"),
    # --- time spans ------------------------------------------------------------------------------
    rule(NUMBERS, "rental_duration rentalduration", _days, 0.9, "a rental period in days"),
    rule(NUMBERS, "duracao duration runtime length comprimento tempo minutos minutes",
         _minutes, 0.75, "a duration in minutes (a film runs about two hours)",
         when=lambda i: "length" not in i.tokens or in_table(i, _MEDIA)),
    rule(NUMBERS, "dias days prazo prazo_dias lead_time leadtime", _days, 0.7,
         "a number of days (terms of 30 days are usual)"),
    rule(NUMBERS, "horas hours horas_trabalhadas worked_hours", _normal(8, 2, 1, 16, 1), 0.7,
         "hours, about a working day"),
    # --- people and things -----------------------------------------------------------------------
    rule(NUMBERS, "idade age", _normal(38, 14, 18, 90), 0.8, "an age: adults, around 38"),
    rule(NUMBERS, "altura height", _height, 0.7, "a height"),
    rule(NUMBERS, "largura width profundidade depth comprimento_cm length_cm",
         _count(30, 0.7), 0.6, "a dimension in cm"),
    rule(NUMS, "peso weight", ("domain.logistics.weight_kg", {}), 0.7, "a weight in kg"),
    rule(NUMBERS, "temperatura temperature", _normal(24, 6, -10, 45, 1), 0.7, "a temperature"),
    rule(NUMBERS, "area metragem m2 area_m2 square_feet sqft", _count(70, 0.6), 0.7,
         "an area (m2)", when=lambda i: not has_words(i, "codigo code")),
    rule(NUMBERS, "distancia distance km_rodados", _count(12, 1.0), 0.7, "a distance in km"),
    rule(NUMBERS, "km quilometragem mileage odometro odometer",
         lambda i: amount(i, 45_000, 0.8), 0.8, "a mileage in km"),
    rule(NUMS, "latitude lat", _latitude, 0.8, "a latitude"),
    rule(NUMS, "longitude lng lon long", _longitude, 0.8, "a longitude"),
)  # fmt: skip
