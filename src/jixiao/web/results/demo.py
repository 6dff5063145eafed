"""Demo data after the review (docs/web.md): a round's prefilled units submitted and approved, one lowered by a
财政局 抽查 so the grades differ, then the 结果应用 rule and decisions. Called from orgs/demo.py and the tests."""
from __future__ import annotations

from django.contrib.auth import get_user_model

from jixiao.web.orgs.models import Membership
from jixiao.web.rounds import scoring, services
from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.models import ReviewScore, Round, Submission
from jixiao.web.rounds.attention import explanation_items

IMPACT = "部门绩效/效果性/社会效益、经济效益、生态效益及可持续影响等"  # 20 points
# The 大鹏 report's two checked errors, corrected as its figures allow (README): 资产 parts sum to 9,899.86 万元; the
# stated 三公 rate (33.51%) dropped so the computed 33.49% is used.
CORRECTIONS = {"figures|总资产": "9899.86", "figures|三公经费控制率": ""}
# 抽查 of the 效果性 row (大鹏 scored it 18 / 20): 93.76 − 18 = 75.76 → 中; 93.76 − (18 − 6) = 81.76 → 良
LOWERED = {"演示市教育局本级": "0", "演示市第二中学": "6"}


def _person(org, role):
    return get_user_model().objects.filter(memberships__organisation=org, memberships__role=role).order_by("id").first()


def review_round(round_: Round) -> list[Submission]:
    """Submit (explaining each warning) and approve every filled-in draft of the round; returns those approved."""
    framework = round_framework(round_)
    finance = _person(round_.region, Membership.FINANCE)
    approved = []
    for submission in round_.submissions.select_related("unit", "unit__parent", "round").order_by("id"):
        if submission.state != Submission.DRAFT or not submission.facts.get("figures"):
            continue
        filler, reviewer = _person(submission.unit, Membership.FILLER), _person(submission.unit.parent, Membership.REVIEWER)
        raw = submission.facts
        for key, text in CORRECTIONS.items():
            raw = scoring.set_value(raw, key, text)
        submission = services.save_fields(submission, filler, {}, submission.version) if raw == submission.facts else services.replace_facts(submission, filler, raw, "演示数据", submission.version)
        scored = scoring.score(submission.facts, framework)
        for item in explanation_items(scored, submission.explanations):
            submission = services.explain(submission, filler, item.key, "已在自评报告“存在的问题和改进措施”中说明。")
        try:
            submission = services.submit(submission, filler, framework)
        except services.Refused:
            continue  # the demo's own data should always pass; a unit that does not stays a draft
        submission = services.approve(submission, reviewer, "复核无误")
        if submission.unit.name in LOWERED:
            services.set_review_score(submission, finance, ReviewScore.FINANCE, IMPACT, LOWERED[submission.unit.name], "抽查：效益指标缺少佐证材料", framework)
        approved.append(submission)
    return approved


def approve_projects(round_: Round) -> list:
    """Submit and approve every project of the round whose filled-in figures score; returns those approved."""
    from jixiao.web.projects import services as projects
    from jixiao.web.projects.models import ProjectSubmission

    approved = []
    for project in round_.project_submissions.select_related("unit", "unit__parent", "round").filter(state=ProjectSubmission.DRAFT):
        if not (project.summary or {}).get("complete"):
            continue
        try:
            projects.submit(project, _person(project.unit, Membership.FILLER))
        except projects.Refused:
            continue
        projects.approve(project, _person(project.unit.parent, Membership.REVIEWER))
        approved.append(project)
    return approved


def seed_demo(round_: Round) -> None:
    """结果应用 for a reviewed round: the default rule saved, each approved unit's proposal confirmed but one overridden."""
    from jixiao.web.results import services as results

    finance = _person(round_.region, Membership.FINANCE)
    results.save_rule(round_, finance, results.rule_data(round_))
    for line in results.lines(round_):
        if line.proposal is None or line.decision is not None or line.proposal.proposed is None:
            continue
        submission = Submission.objects.select_related("unit").get(pk=line.brief.pk)
        if line.proposal.entry.cuts and line.brief.unit == "演示市教育局本级":
            results.decide(round_, submission, finance, str(-line.proposal.cut_high), "重点工作未完成，按区间上限压减")
        else:
            results.decide(round_, submission, finance, "", "")
    for line in results.project_lines(round_):
        if line.proposal is not None and line.decision is None and line.proposal.proposed is not None:
            results.decide_project(round_, line.project, finance, "", "")


EARLIER_TITLE = "2020 年度部门整体支出绩效自评（已审核）"
EARLIER_YEAR = 2020


def earlier_round() -> Round | None:
    """The demo region's reviewed earlier round: the units seed_demo prefilled, the 大鹏 example renamed, all approved.
    (Another demo round with varied units may take its place; seed_after_review works on any reviewed round.)"""
    from jixiao.web.orgs.demo import EXAMPLE, FINANCE
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.rounds.services import open_round

    region = Organisation.objects.filter(name=FINANCE).first()
    if region is None or not EXAMPLE.is_file():
        return None
    existing = Round.objects.filter(region=region, year=EARLIER_YEAR, title=EARLIER_TITLE).first()
    if existing is not None:
        return existing
    from jixiao.loaders.yaml_source import load_yaml

    finance = _person(region, Membership.FINANCE)
    units = list(Organisation.objects.filter(kind=Organisation.UNIT, parent__parent=region, own_level=False) | Organisation.objects.filter(
        kind=Organisation.UNIT, parent__parent=region, own_level=True, parent__name="演示市教育局"))
    round_ = open_round(region, finance, year=EARLIER_YEAR, title=EARLIER_TITLE, framework_id="shenzhen-2019", units=units)
    round_.is_open = False
    round_.save(update_fields=["is_open"])
    example = scoring.normalise(scoring.plain(load_yaml(EXAMPLE)), round_framework(round_))
    for submission in round_.submissions.select_related("unit"):
        submission.facts = {**example, "department": submission.unit.name, "year": EARLIER_YEAR, "framework": "shenzhen-2019"}
        submission.save()
    review_round(round_)
    return round_


def _seed_projects(round_: Round) -> None:
    """教育局本级's two example projects in the reviewed round (if it has that unit and no projects yet), the filled one approved."""
    from jixiao.web.projects.demo import seed_projects

    school = round_.submissions.filter(unit__name="演示市教育局本级").select_related("unit").first()
    if school is not None and not round_.project_submissions.exists():
        seed_projects(round_, {"dw1": school.unit})
        approve_projects(round_)


def seed_after_review(round_: Round) -> None:
    """Everything after the review for one reviewed round: 结果应用, 整改 items and the publication."""
    from jixiao.web.disclosure.demo import seed_demo as publish_demo
    from jixiao.web.rectification.demo import seed_demo as rectification_demo

    _seed_projects(round_)
    seed_demo(round_)
    rectification_demo(round_)
    publish_demo(round_)
