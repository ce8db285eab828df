"""Shipping costs."""

from decimal import Decimal

ZONES = ("domestic", "eu", "world")


def shipping_cost(weight_kg: Decimal, zone: str, order_total: Decimal) -> Decimal:
    """Shipping cost of a parcel.

    - ``zone`` is one of ``ZONES``; any other zone raises ``ValueError``.
    - ``weight_kg`` must be positive, else ``ValueError``.
    - Base price per zone: domestic 4.90, eu 9.90, world 19.90.
    - Every started kilogram above the first 2 kg adds 1.50 (domestic), 2.50 (eu) or 5.00 (world).
    - Domestic orders with ``order_total`` of 50.00 or more ship free.
    - The result is a Decimal rounded to cents.
    """
    raise NotImplementedError
