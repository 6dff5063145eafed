"""Amounts in 元 as the documents write them: 1,234,567.89 (exact Decimal, never a float, whatever the locale)."""
from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"
