"""Statements: an account's activity and the income statement."""
from .amounts import format_amount, quantize


def activity(ledger, code):
    """(day, memo, signed amount, running balance) for each line of the account."""
    sign = ledger.chart.get(code).normal_sign()
    running = quantize(0)
    rows = []
    for entry in sorted(ledger.entries, key=lambda e: e.day):
        for line in entry.lines:
            if line.account != code:
                continue
            amount = (line.debit - line.credit) * sign
            running += amount
            rows.append((entry.day, entry.memo, amount, running))
    return rows


def income_statement(ledger):
    """Income, expenses and net income over the ledger's top-level income/expense accounts."""
    income = sum((ledger.balance(a.code) for a in ledger.chart.by_kind("income") if a.parent is None), quantize(0))
    expenses = sum((ledger.balance(a.code) for a in ledger.chart.by_kind("expense") if a.parent is None), quantize(0))
    return {"income": income, "expenses": expenses, "net": income - expenses}


def render_activity(rows, width=12):
    lines = []
    for day, memo, amount, running in rows:
        lines.append(f"{day.isoformat()} {memo[:20]:<20} {format_amount(amount, width)} {format_amount(running, width)}")
    return lines
