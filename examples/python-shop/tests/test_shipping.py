from decimal import Decimal

import pytest

from shop.shipping import shipping_cost


def test_light_domestic_parcel_pays_the_base_price():
    assert shipping_cost(Decimal("1.2"), "domestic", Decimal("20.00")) == Decimal("4.90")


def test_every_started_kilogram_above_two_costs_extra():
    # 3.1 kg: two started kilograms above the first 2 kg
    assert shipping_cost(Decimal("3.1"), "eu", Decimal("20.00")) == Decimal("14.90")


def test_domestic_orders_from_fifty_ship_free():
    assert shipping_cost(Decimal("5"), "domestic", Decimal("50.00")) == Decimal("0.00")


def test_free_shipping_is_domestic_only():
    assert shipping_cost(Decimal("1"), "world", Decimal("500.00")) == Decimal("19.90")


@pytest.mark.parametrize("zone", ["moon", ""])
def test_unknown_zone_is_refused(zone):
    with pytest.raises(ValueError):
        shipping_cost(Decimal("1"), zone, Decimal("10.00"))


def test_weight_must_be_positive():
    with pytest.raises(ValueError):
        shipping_cost(Decimal("0"), "eu", Decimal("10.00"))
