from decimal import Decimal

import pytest

from shop.cart import Cart


def make_cart() -> Cart:
    cart = Cart()
    cart.add("BOOK-1", Decimal("24.95"))
    cart.add("NOTE-3", Decimal("3.50"), quantity=2)
    return cart


def test_subtotal_sums_line_items():
    assert make_cart().subtotal == Decimal("31.95")


def test_adding_the_same_sku_increases_quantity():
    cart = make_cart()
    cart.add("NOTE-3", Decimal("3.50"))
    assert cart.items["NOTE-3"].quantity == 3


def test_removing_the_last_unit_drops_the_line():
    cart = make_cart()
    cart.remove("BOOK-1")
    assert "BOOK-1" not in cart.items


def test_removing_an_unknown_sku_fails():
    with pytest.raises(KeyError):
        make_cart().remove("NOPE")


def test_total_adds_vat():
    assert make_cart().total == Decimal("38.34")


def test_total_applies_coupon_before_tax():
    cart = make_cart()
    cart.apply_coupon(10)
    # 31.95 - 10% = 28.755 -> 28.76, plus 20% VAT = 34.512 -> 34.51
    assert cart.total == Decimal("34.51")
