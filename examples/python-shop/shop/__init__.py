"""A tiny shop: prices, carts, coupons and shipping."""

from .money import round_money, to_money
from .pricing import apply_percent_discount, bulk_discount_rate, unit_price_for_quantity
from .cart import Cart, LineItem
from .shipping import shipping_cost

__all__ = [
    "Cart",
    "LineItem",
    "apply_percent_discount",
    "bulk_discount_rate",
    "round_money",
    "shipping_cost",
    "to_money",
    "unit_price_for_quantity",
]
