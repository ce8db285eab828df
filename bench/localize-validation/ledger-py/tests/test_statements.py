from datetime import date
from decimal import Decimal

from ledger.statements import activity, income_statement, render_activity


def test_activity_running_balance(ledger):
    rows = activity(ledger, "1100")
    assert [(r[2], r[3]) for r in rows] == [
        (Decimal("10000.00"), Decimal("10000.00")),
        (Decimal("-800.00"), Decimal("9200.00")),
        (Decimal("5000.00"), Decimal("14200.00")),
    ]


def test_income_statement(ledger):
    assert income_statement(ledger) == {"income": Decimal("1250.50"), "expenses": Decimal("800.00"), "net": Decimal("450.50")}


def test_render_activity(ledger):
    lines = render_activity(activity(ledger, "1100"), width=10)
    assert lines[1] == "2024-02-01 Rent February          (800.00)   9,200.00"
