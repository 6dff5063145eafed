"""{% last_publication submission %}: when and where the unit's previous year's self-evaluation was published,
the facts its 公开 rows (预决算信息公开, 绩效自评材料公开) are scored on."""
from django import template

register = template.Library()


@register.inclusion_tag("disclosure/_last_publication.html")
def last_publication(submission):
    from jixiao.web.disclosure.services import last_publication as find

    found = find(submission)
    if not found:
        return {"publication": None}
    from jixiao.web.rounds.context import round_framework

    # The rows this fact answers: the framework's own 公开 indicators (预决算信息公开, 绩效自评材料公开 …)
    rows = [path[-1] for path, node in round_framework(submission.round).walk() if node.is_leaf and "公开" in path[-1]]
    return {"publication": found[0], "unit": found[1], "rows": rows}
