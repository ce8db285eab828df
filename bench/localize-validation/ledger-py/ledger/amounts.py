"""Amounts as Decimal with two places; parsing accepts accounting notation."""
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

TWO_PLACES = Decimal("0.01")


class AmountError(ValueError):
    pass


def parse_amount(text):
    """'1,234.50' -> Decimal('1234.50'); '(12.00)' is negative (accounting style)."""
    cleaned = text.strip().replace(",", "").replace(" ", "")
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise AmountError(f"not an amount: {text!r}") from None
    value = quantize(value)
    return -value if negative else value


def quantize(value):
    """Banker's rounding to cents."""
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_EVEN)


def format_amount(value, width=0):
    """Decimal('-1234.5') -> '(1,234.50)', right-aligned to `width`."""
    text = f"{abs(value):,.2f}"
    if value < 0:
        text = f"({text})"
    return text.rjust(width)


def allocate(total, weights):
    """Split `total` in proportion to `weights`; the rounding remainder goes to the largest share."""
    if not weights or sum(weights) <= 0:
        raise AmountError("weights must be positive")
    shares = [quantize(total * Decimal(w) / Decimal(sum(weights))) for w in weights]
    remainder = total - sum(shares)
    largest = max(range(len(shares)), key=lambda i: weights[i])
    shares[largest] += remainder
    return shares
