import pytest

from ledger.accounts import Account, AccountError, Chart


def test_normal_sign():
    assert Account("1", "Cash", "asset").normal_sign() == 1
    assert Account("2", "Sales", "income").normal_sign() == -1
    with pytest.raises(AccountError):
        Account("3", "Odd", "weird").normal_sign()


def test_chart_rejects_duplicates_and_orphans(chart):
    with pytest.raises(AccountError):
        chart.add(Account("1100", "Bank again", "asset"))
    with pytest.raises(AccountError):
        chart.add(Account("9100", "Orphan", "asset", parent="9000"))


def test_tree_navigation(chart):
    assert chart.children("1000") == ["1100", "1200"]
    chart.add(Account("1110", "Savings", "asset", parent="1100"))
    assert chart.descendants("1000") == ["1100", "1110", "1200"]
    assert [a.code for a in chart.by_kind("expense")] == ["5000", "5100"]
