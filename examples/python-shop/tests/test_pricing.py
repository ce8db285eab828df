from decimal import Decimal

import pytest

from shop.pricing import apply_percent_discount, bulk_discount_rate, unit_price_for_quantity


def test_percent_discount():
    assert apply_percent_discount(Decimal("80.00"), 25) == Decimal("60.00")


def test_percent_discount_rejects_out_of_range():
    with pytest.raises(ValueError):
        apply_percent_discount(Decimal("10.00"), 120)


def test_no_bulk_discount_below_ten_units():
    assert bulk_discount_rate(9) == 0


def test_bulk_discount_starts_at_ten_units():
    assert bulk_discount_rate(10) == Decimal("0.05")


def test_large_orders_get_the_top_tier():
    assert bulk_discount_rate(200) == Decimal("0.12")


def test_unit_price_for_a_bulk_order():
    assert unit_price_for_quantity(Decimal("2.00"), 60) == Decimal("1.76")
