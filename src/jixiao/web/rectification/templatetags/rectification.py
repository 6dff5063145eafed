"""{% after_review submission %} on the submission page: last years' open 整改 items of the unit (shown on this
year's self-evaluation) and, once approved, the link to its 整改 page."""
from django import template

register = template.Library()


@register.inclusion_tag("rectification/_on_submission.html")
def after_review(submission):
    from jixiao.web.rectification.services import open_items_before

    return {"submission": submission, "previous": list(open_items_before(submission))}
