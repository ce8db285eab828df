"""Journal entries: balanced sets of debits and credits, posted to a ledger."""
from dataclasses import dataclass
from datetime import date

from .amounts import parse_amount, quantize


class UnbalancedEntry(ValueError):
    pass


@dataclass(frozen=True)
class Line:
    account: str
    debit: object
    credit: object


@dataclass
class Entry:
    day: date
    memo: str
    lines: list

    def total_debits(self):
        return sum((line.debit for line in self.lines), quantize(0))

    def total_credits(self):
        return sum((line.credit for line in self.lines), quantize(0))

    def check(self):
        if len(self.lines) < 2:
            raise UnbalancedEntry("an entry needs at least two lines")
        if self.total_debits() != self.total_credits():
            raise UnbalancedEntry(f"debits {self.total_debits()} != credits {self.total_credits()} in {self.memo!r}")


def entry_from_rows(day, memo, rows):
    """rows: (account, debit text, credit text); blank cells are zero."""
    lines = []
    for account, debit, credit in rows:
        d = parse_amount(debit) if debit.strip() else quantize(0)
        c = parse_amount(credit) if credit.strip() else quantize(0)
        if d and c:
            raise UnbalancedEntry(f"line for {account} has both a debit and a credit")
        lines.append(Line(account, d, c))
    entry = Entry(day, memo, lines)
    entry.check()
    return entry


class Ledger:
    def __init__(self, chart):
        self.chart = chart
        self.entries = []

    def post(self, entry):
        entry.check()
        for line in entry.lines:
            self.chart.get(line.account)
        self.entries.append(entry)

    def balance(self, code, until=None):
        """Balance in the account's normal direction, including its sub-accounts."""
        codes = {code, *self.chart.descendants(code)}
        sign = self.chart.get(code).normal_sign()
        total = quantize(0)
        for entry in self.entries:
            if until is not None and entry.day > until:
                continue
            for line in entry.lines:
                if line.account in codes:
                    total += (line.debit - line.credit) * sign
        return total

    def trial_balance(self):
        """(debit total, credit total) over all accounts without parents."""
        debits = credits = quantize(0)
        for entry in self.entries:
            for line in entry.lines:
                debits += line.debit
                credits += line.credit
        return debits, credits
