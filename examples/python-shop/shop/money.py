"""Money helpers. Amounts are Decimals with two places, rounded half up like a till."""

from decimal import Decimal

CENT = Decimal("0.01")


def to_money(value) -> Decimal:
    """Converts an int, str or Decimal to a Decimal amount (floats are refused: they are inexact)."""
    if isinstance(value, float):
        raise TypeError("use a str or Decimal for money, not float")
    return Decimal(value)


def round_money(amount: Decimal) -> Decimal:
    """Rounds an amount to whole cents, halves going up (2.675 -> 2.68)."""
    return Decimal(str(round(float(amount), 2))).quantize(CENT)


def format_money(amount: Decimal, currency: str = "EUR") -> str:
    """Formats an amount for a receipt, e.g. ``EUR 12.50``."""
    return f"{currency} {round_money(amount):.2f}"
