"""Chart of accounts: each account has a type that decides the sign of its balance."""
from dataclasses import dataclass, field

DEBIT_NORMAL = {"asset", "expense"}
CREDIT_NORMAL = {"liability", "equity", "income"}


class AccountError(KeyError):
    pass


@dataclass
class Account:
    code: str
    name: str
    kind: str
    parent: str | None = None
    tags: set = field(default_factory=set)

    def normal_sign(self):
        if self.kind in DEBIT_NORMAL:
            return 1
        if self.kind in CREDIT_NORMAL:
            return -1
        raise AccountError(f"unknown account kind {self.kind!r}")


class Chart:
    def __init__(self):
        self._accounts = {}

    def add(self, account):
        if account.code in self._accounts:
            raise AccountError(f"duplicate account {account.code}")
        if account.parent is not None and account.parent not in self._accounts:
            raise AccountError(f"unknown parent {account.parent}")
        account.normal_sign()
        self._accounts[account.code] = account

    def get(self, code):
        try:
            return self._accounts[code]
        except KeyError:
            raise AccountError(f"unknown account {code}") from None

    def children(self, code):
        return sorted(a.code for a in self._accounts.values() if a.parent == code)

    def descendants(self, code):
        """All accounts below `code`, depth first."""
        result = []
        for child in self.children(code):
            result.append(child)
            result.extend(self.descendants(child))
        return result

    def by_kind(self, kind):
        return [a for a in self._accounts.values() if a.kind == kind]
