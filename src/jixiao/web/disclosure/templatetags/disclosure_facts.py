"""{% last_publication submission %}: when and where the unit's previous year's self-evaluation was published,
the facts its 公开 rows (预决算信息公开, 绩效自评材料公开) are scored on."""
from django import template

register = template.Library()


@register.inclusion_tag("disclosure/_last_publication.html")
def last_publication(submission):
    from jixiao.web.disclosure.services import last_publication as find

    found = find(submission)
    return {"publication": found[0] if found else None, "unit": found[1] if found else None}
