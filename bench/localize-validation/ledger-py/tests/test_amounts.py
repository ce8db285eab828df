from decimal import Decimal

import pytest

from ledger.amounts import AmountError, allocate, format_amount, parse_amount, quantize


class TestParse:
    def test_plain_and_grouped(self):
        assert parse_amount("12.5") == Decimal("12.50")
        assert parse_amount(" 1,234.567 ") == Decimal("1234.57")

    def test_accounting_negative(self):
        assert parse_amount("(12.00)") == Decimal("-12.00")

    def test_garbage(self):
        with pytest.raises(AmountError):
            parse_amount("abc")


def test_quantize_uses_bankers_rounding():
    assert quantize(Decimal("0.125")) == Decimal("0.12")
    assert quantize(Decimal("0.135")) == Decimal("0.14")


def test_format_amount():
    assert format_amount(Decimal("-1234.5")) == "(1,234.50)"
    assert format_amount(Decimal("7"), width=8) == "    7.00"


def test_allocate_keeps_the_total():
    shares = allocate(Decimal("100.00"), [1, 1, 1])
    assert shares == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(allocate(Decimal("10.01"), [3, 1])) == Decimal("10.01")


def test_allocate_rejects_no_weights():
    with pytest.raises(AmountError):
        allocate(Decimal("1"), [])
