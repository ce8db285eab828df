"""Interest on balances: simple daily accrual and compound growth."""
from datetime import date, timedelta
from decimal import Decimal

from .amounts import quantize


def days_between(start, end):
    if end < start:
        raise ValueError("end before start")
    return (end - start).days


def daily_accrual(balance, annual_rate, days, basis=365):
    """Simple interest for `days` days."""
    return quantize(balance * Decimal(str(annual_rate)) * days / basis)


def compound(principal, annual_rate, years, periods_per_year=12):
    rate = Decimal(str(annual_rate)) / periods_per_year
    value = Decimal(principal)
    for _ in range(int(years * periods_per_year)):
        value = value * (1 + rate)
    return quantize(value)


def month_ends(start, count):
    """The last day of `count` consecutive months from `start`'s month."""
    result = []
    year, month = start.year, start.month
    for _ in range(count):
        next_first = date(year + month // 12, month % 12 + 1, 1)
        result.append(next_first - timedelta(days=1))
        year, month = next_first.year, next_first.month
    return result


def accrue_monthly(ledger, account, annual_rate, start, months):
    """Interest per month end on the account's balance at that day."""
    schedule = []
    previous = start
    for end in month_ends(start, months):
        balance = ledger.balance(account, until=end)
        schedule.append((end, daily_accrual(balance, annual_rate, days_between(previous, end))))
        previous = end
    return schedule
