from decimal import Decimal

import pytest

from shop.money import format_money, round_money, to_money


def test_to_money_accepts_strings_and_ints():
    assert to_money("12.50") == Decimal("12.50")
    assert to_money(3) == Decimal(3)


def test_to_money_refuses_floats():
    with pytest.raises(TypeError):
        to_money(0.1)


def test_round_money_keeps_whole_cents():
    assert round_money(Decimal("4.20")) == Decimal("4.20")


def test_round_money_rounds_half_up():
    assert round_money(Decimal("2.675")) == Decimal("2.68")
    assert round_money(Decimal("0.125")) == Decimal("0.13")


def test_format_money():
    assert format_money(Decimal("7.5")) == "EUR 7.50"
