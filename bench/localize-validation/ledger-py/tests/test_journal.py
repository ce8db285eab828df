from datetime import date
from decimal import Decimal

import pytest

from ledger.journal import UnbalancedEntry, entry_from_rows


def test_entry_must_balance():
    with pytest.raises(UnbalancedEntry):
        entry_from_rows(date(2024, 1, 1), "bad", [("1100", "10.00", ""), ("4000", "", "9.99")])


def test_line_cannot_be_both_sides():
    with pytest.raises(UnbalancedEntry):
        entry_from_rows(date(2024, 1, 1), "bad", [("1100", "10.00", "10.00"), ("4000", "", "")])


def test_balances_roll_up_sub_accounts(ledger):
    assert ledger.balance("1100") == Decimal("14200.00")
    assert ledger.balance("1000") == Decimal("15450.50")
    assert ledger.balance("4000") == Decimal("1250.50")
    assert ledger.balance("1100", until=date(2024, 1, 31)) == Decimal("10000.00")


def test_trial_balance_is_even(ledger):
    debits, credits = ledger.trial_balance()
    assert debits == credits == Decimal("17050.50")


def test_posting_to_unknown_account_fails(ledger):
    from ledger.accounts import AccountError

    with pytest.raises(AccountError):
        ledger.post(entry_from_rows(date(2024, 3, 1), "x", [("9999", "1.00", ""), ("1100", "", "1.00")]))
