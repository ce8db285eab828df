"""Price rules: percentage discounts and bulk pricing."""

from decimal import Decimal

from .money import round_money

# (minimum quantity, discount rate): orders of 10 or more units get 5% off, 50 or more 12%.
BULK_TIERS = [(50, Decimal("0.12")), (10, Decimal("0.05"))]


def apply_percent_discount(price: Decimal, percent: int) -> Decimal:
    """Takes ``percent`` percent off ``price``; percent must be between 0 and 100."""
    if not 0 <= percent <= 100:
        raise ValueError(f"discount must be between 0 and 100 percent, got {percent}")
    return round_money(price * (Decimal(100) - percent) / Decimal(100))


def bulk_discount_rate(quantity: int) -> Decimal:
    """Discount rate for buying ``quantity`` units of one product (see BULK_TIERS)."""
    if quantity < 0:
        raise ValueError("quantity cannot be negative")
    for minimum, rate in BULK_TIERS:
        if quantity > minimum:
            return rate
    return Decimal(0)


def unit_price_for_quantity(list_price: Decimal, quantity: int) -> Decimal:
    """Unit price after the bulk discount for ``quantity`` units."""
    return round_money(list_price * (1 - bulk_discount_rate(quantity)))
