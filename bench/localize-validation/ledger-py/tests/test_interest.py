from datetime import date
from decimal import Decimal

from ledger.interest import accrue_monthly, compound, daily_accrual, days_between, month_ends


def test_days_and_daily_accrual():
    assert days_between(date(2024, 1, 1), date(2024, 3, 1)) == 60
    assert daily_accrual(Decimal("10000"), 0.05, 30) == Decimal("41.10")


def test_compound_monthly():
    assert compound(1000, 0.12, 1) == Decimal("1126.83")


def test_month_ends_cross_the_year():
    assert month_ends(date(2024, 11, 15), 3) == [date(2024, 11, 30), date(2024, 12, 31), date(2025, 1, 31)]


def test_accrue_monthly_on_the_loan(ledger):
    schedule = accrue_monthly(ledger, "2000", 0.06, date(2024, 2, 1), 2)
    assert schedule == [(date(2024, 2, 29), Decimal("23.01")), (date(2024, 3, 31), Decimal("25.48"))]
