from datetime import date

import pytest

from ledger.accounts import Account, Chart
from ledger.journal import Ledger, entry_from_rows


@pytest.fixture
def chart():
    c = Chart()
    for account in [
        Account("1000", "Assets", "asset"),
        Account("1100", "Bank", "asset", parent="1000"),
        Account("1200", "Cash", "asset", parent="1000"),
        Account("2000", "Loan", "liability"),
        Account("3000", "Equity", "equity"),
        Account("4000", "Sales", "income"),
        Account("5000", "Expenses", "expense"),
        Account("5100", "Rent", "expense", parent="5000"),
    ]:
        c.add(account)
    return c


@pytest.fixture
def ledger(chart):
    book = Ledger(chart)
    book.post(entry_from_rows(date(2024, 1, 1), "Owner investment", [("1100", "10,000.00", ""), ("3000", "", "10,000.00")]))
    book.post(entry_from_rows(date(2024, 1, 15), "Sale", [("1200", "1,250.50", ""), ("4000", "", "1,250.50")]))
    book.post(entry_from_rows(date(2024, 2, 1), "Rent February", [("5100", "800.00", ""), ("1100", "", "800.00")]))
    book.post(entry_from_rows(date(2024, 2, 10), "Loan", [("1100", "5,000.00", ""), ("2000", "", "5,000.00")]))
    return book
