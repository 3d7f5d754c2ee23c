"""An indicator's value for one unit, kept as numerator and denominator.

Higher levels are recomputed from summed numerators and denominators (`Value.combine`),
never by averaging or adding percentages. A ratio whose denominator is 0 is undefined:
its `value` is None and it is shown as "không xác định", never as 0 %.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

COUNT = "count"  # a number of records or a sum of a figure; adds up across units
RATIO = "ratio"  # numerator / denominator × 100, in %
GROWTH = "growth"  # (end − base) / base × 100, in %; numerator = end figure, denominator = base figure
AVERAGE = "average"  # numerator / denominator (e.g. revenue per cooperative)
KINDS = (COUNT, RATIO, GROWTH, AVERAGE)

UNDEFINED_TEXT = _("không xác định")
HUNDRED = Decimal(100)

Number = int | Decimal


def _decimal(x: Number) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(x)


def ratio_value(kind: str, numerator: Number, denominator: Number | None) -> Number | None:
    """The displayed figure of a kind, from its numerator and denominator (None when undefined)."""
    if kind == COUNT:
        return numerator
    if not denominator:
        return None
    num, den = _decimal(numerator), _decimal(denominator)
    if kind == RATIO:
        return num * HUNDRED / den
    if kind == GROWTH:
        return (num - den) * HUNDRED / den
    if kind == AVERAGE:
        return num / den
    raise ValueError(f"Unknown indicator kind {kind!r}")


@dataclass(frozen=True)
class Value:
    """numerator, denominator (None for counts) and the value derived from them.

    `breakdown` optionally splits a count by a category (e.g. value-chain models by funding source);
    its values add up to `numerator`.
    """

    kind: str
    numerator: Number = 0
    denominator: Number | None = None
    breakdown: Mapping[str, Number] | None = field(default=None, compare=True)

    @property
    def value(self) -> Number | None:
        return ratio_value(self.kind, self.numerator, self.denominator)

    @property
    def is_defined(self) -> bool:
        return self.value is not None

    @classmethod
    def zero(cls, kind: str, *, with_breakdown: bool = False) -> "Value":
        return cls(kind, 0, None if kind == COUNT else 0, {} if with_breakdown else None)

    @classmethod
    def combine(cls, values: Iterable["Value"], kind: str | None = None) -> "Value":
        """The value of a set of units: sums of numerators and denominators, value recomputed."""
        values = list(values)
        if kind is None:
            if not values:
                raise ValueError("combine() needs a kind when no values are given")
            kind = values[0].kind
        numerator = sum((v.numerator for v in values), 0)
        denominator = None if kind == COUNT else sum((v.denominator or 0 for v in values), 0)
        breakdown = None
        if any(v.breakdown is not None for v in values):
            breakdown = {}
            for v in values:
                for key, n in (v.breakdown or {}).items():
                    breakdown[key] = breakdown.get(key, 0) + n
        return cls(kind, numerator, denominator, breakdown)

    def as_dict(self, decimals: int = 1) -> dict:
        """JSON-ready: exact numerator/denominator, value rounded for display (None when undefined)."""
        return {
            "numerator": json_number(self.numerator),
            "denominator": json_number(self.denominator),
            "value": json_number(self.value, decimals if self.kind != COUNT else None),
            **({"breakdown": {k: json_number(n) for k, n in self.breakdown.items()}} if self.breakdown is not None else {}),
        }


def json_number(x: Number | None, decimals: int | None = None) -> int | float | None:
    """int where whole, else a float (rounded to `decimals` when given); None stays None."""
    if x is None:
        return None
    d = _decimal(x)
    if decimals is not None:
        d = round(d, decimals)
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def format_number(x: Number | None, decimals: int = 0) -> str:
    """Vietnamese number format: 1.234,5 (dot for thousands, comma for decimals)."""
    if x is None:
        return str(UNDEFINED_TEXT)
    d = round(_decimal(x), decimals)
    if decimals and d == d.to_integral_value():
        decimals = 0
    text = f"{d:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_value(value: Value | None, unit: str = "") -> str:
    """A value as a reader sees it: "12", "52,4 %", "+12,5 %", or "không xác định"."""
    if value is None or value.value is None:
        return str(UNDEFINED_TEXT)
    v = value.value
    if value.kind == COUNT:
        text = format_number(v, 0 if _decimal(v) == _decimal(v).to_integral_value() else 1)
        return f"{text} {unit}".strip()
    if value.kind == RATIO:
        return f"{format_number(v, 1)} %"
    if value.kind == GROWTH:
        sign = "+" if v > 0 else ""
        return f"{sign}{format_number(v, 1)} %"
    return f"{format_number(v, 1)} {unit}".strip()
