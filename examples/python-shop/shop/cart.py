"""A shopping cart with line items, a coupon and VAT."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Dict, Optional

from .money import round_money
from .pricing import apply_percent_discount, unit_price_for_quantity


@dataclass
class LineItem:
    sku: str
    list_price: Decimal
    quantity: int

    @property
    def total(self) -> Decimal:
        return unit_price_for_quantity(self.list_price, self.quantity) * self.quantity


@dataclass
class Cart:
    vat_rate: Decimal = Decimal("0.20")
    items: Dict[str, LineItem] = field(default_factory=dict)
    coupon_percent: Optional[int] = None

    def add(self, sku: str, list_price: Decimal, quantity: int = 1) -> None:
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        if sku in self.items:
            self.items[sku].quantity += quantity
        else:
            self.items[sku] = LineItem(sku, list_price, quantity)

    def remove(self, sku: str, quantity: int = 1) -> None:
        item = self.items.get(sku)
        if item is None:
            raise KeyError(f"{sku} is not in the cart")
        item.quantity -= quantity
        if item.quantity <= 0:
            del self.items[sku]

    def apply_coupon(self, percent: int) -> None:
        self.coupon_percent = percent

    @property
    def subtotal(self) -> Decimal:
        return sum((item.total for item in self.items.values()), Decimal(0))

    @property
    def total(self) -> Decimal:
        """Subtotal, minus the coupon, plus VAT, rounded to cents."""
        amount = self.subtotal
        if self.coupon_percent:
            amount = apply_percent_discount(amount, self.coupon_percent)
        return round_money(amount * (1 + self.vat_rate))
