"""`{{ message|on_page }}`: an engine message with the page's field labels instead of YAML names (scoring.on_page)."""
from django import template

from jixiao.web.rounds.scoring import on_page as _on_page

register = template.Library()


@register.filter
def on_page(message: object) -> str:
    return _on_page(str(message))
