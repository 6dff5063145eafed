"""The demo region (docs/web.md): one 财政局, two 主管部门 with 本级 and 所属单位, an open 2021 round on shenzhen-2019.

seed_demo() is the core the tests and the browser tests build on (five units, one round); seed_full_demo()
(what `jixiao serve --demo` and `make serve` show) adds four more 主管部门 with varied units in that round
(seed_more_units) and the region's previous-year round, reviewed and reported (seed_previous_round).
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from jixiao.web.orgs.models import Membership, Organisation

DEMO_PASSWORD = "jixiao-demo-2026"
FINANCE = "演示市财政局"
# (主管部门, reviewer, [(unit, filler, 本级?)])
DEPARTMENTS = (
    ("演示市政务服务数据管理局", "zgbm1", (("演示市政务服务数据管理局本级", "dw1", True), ("演示市政务服务中心", "dw2", False))),
    ("演示市教育局", "zgbm2", (("演示市教育局本级", "dw3", True), ("演示市第一中学", "dw4", False), ("演示市第二中学", "dw5", False))),
)
ROUND_TITLE = "2021 年度部门整体支出绩效自评"
ROUND_YEAR, ROUND_FRAMEWORK = 2021, "shenzhen-2019"
EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "dapeng-2021.yaml"
EMPTY_DRAFTS = ("dw1",)  # the browser test types the 大鹏 figures into this one


def _person(username: str, full_name: str, org: Organisation, role: str, staff: bool = False):
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.first_name, user.is_staff, user.is_superuser = full_name, staff, staff
    user.set_password(DEMO_PASSWORD)
    user.save()
    if org is not None:
        Membership.objects.get_or_create(user=user, organisation=org, role=role)
    return user


def seed_demo() -> list[tuple[str, str]]:
    """Create (or leave as they are) the demo organisations, people and round; returns (username, who) pairs."""
    from jixiao.web.rounds.models import Round
    from jixiao.web.rounds.services import open_round

    accounts = []
    with transaction.atomic():
        region, _ = Organisation.objects.get_or_create(name=FINANCE, defaults={"kind": Organisation.FINANCE})
        finance_user = _person("czj", "财政局绩效科", region, Membership.FINANCE)
        accounts.append(("czj", f"{FINANCE}（财政局）"))
        fillers: dict[str, Organisation] = {}
        for name, reviewer, units in DEPARTMENTS:
            department, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": Organisation.DEPARTMENT, "parent": region})
            _person(reviewer, f"{name}审核人", department, Membership.REVIEWER)
            accounts.append((reviewer, f"{name}（主管部门审核）"))
            for unit_name, filler, own_level in units:
                unit, _ = Organisation.objects.get_or_create(name=unit_name, defaults={"kind": Organisation.UNIT, "parent": department, "own_level": own_level})
                _person(filler, f"{unit_name}填报人", unit, Membership.FILLER)
                accounts.append((filler, f"{unit_name}（单位填报）"))
                fillers[filler] = unit
        _person("admin", "系统管理员", None, "", staff=True)
        accounts.append(("admin", "系统管理员（Django 管理后台 /admin/）"))
        if not Round.objects.filter(region=region, year=ROUND_YEAR, title=ROUND_TITLE).exists():
            round_ = open_round(region, finance_user, year=ROUND_YEAR, title=ROUND_TITLE, framework_id=ROUND_FRAMEWORK, units=list(fillers.values()))
            _prefill(round_, fillers, finance_user)
            from jixiao.web.projects.demo import seed_projects  # 项目支出绩效自评: dw1's projects

            seed_projects(round_, fillers)
        from jixiao.web.monitoring.demo import seed_demo_monitoring

        seed_demo_monitoring(region, finance_user, fillers)
    return accounts


def _prefill(round_, fillers: dict, user) -> None:
    """Every draft but dw1's starts from the 大鹏 example, renamed to the unit."""
    if not EXAMPLE.is_file():
        return
    from jixiao.loaders.yaml_source import load_yaml
    from jixiao.web.rounds import scoring
    from jixiao.web.rounds.context import round_framework

    framework = round_framework(round_)
    example = scoring.normalise(scoring.plain(load_yaml(EXAMPLE)), framework)
    for filler, unit in fillers.items():
        if filler in EMPTY_DRAFTS:
            continue
        submission = round_.submissions.get(unit=unit)
        submission.facts = {**example, "department": unit.name, "year": round_.year, "framework": round_.framework_id}
        submission.save()


PREVIOUS_YEAR = ROUND_YEAR - 1
PREVIOUS_TITLE = f"{PREVIOUS_YEAR} 年度部门整体支出绩效自评"
# The full demo's current round is past its due date: the five core units have extensions (so the browser
# flows still submit), the added ones that have not submitted are late.
DUE_DAYS_AGO = 5


def _example_raw() -> dict | None:
    if not EXAMPLE.is_file():
        return None
    from jixiao.loaders.yaml_source import load_yaml
    from jixiao.web.rounds import scoring

    return scoring.plain(load_yaml(EXAMPLE))


def _more_units() -> list[Organisation]:
    """The added 主管部门 (each with its 本级 and 所属单位) and a reviewer account for each; made once."""
    from jixiao.web.orgs.demo_region import MORE_DEPARTMENTS

    region = Organisation.objects.get(name=FINANCE)
    units = []
    for name, reviewer, members in MORE_DEPARTMENTS:
        department, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": Organisation.DEPARTMENT, "parent": region})
        if not get_user_model().objects.filter(username=reviewer).exists():
            _person(reviewer, f"{name}审核人", department, Membership.REVIEWER)
        for unit_name, own_level in ((f"{name}本级", True),) + tuple((member, False) for member in members):
            unit, _ = Organisation.objects.get_or_create(name=unit_name, defaults={"kind": Organisation.UNIT, "parent": department, "own_level": own_level})
            units.append(unit)
    return units


def _fill(round_, units, rng: random.Random, shift: float) -> dict:
    """Varied facts for these units' drafts in round_; returns unit id → quality."""
    from jixiao.web.orgs.demo_region import qualities, varied_facts
    from jixiao.web.rounds import scoring
    from jixiao.web.rounds.context import round_framework

    example = _example_raw()
    framework = round_framework(round_)
    out = {}
    for unit, quality in zip(units, qualities(len(units), rng, shift)):
        submission = round_.submissions.get(unit=unit)
        if example is not None:
            facts = scoring.normalise(varied_facts(example, rng, quality), framework)
            submission.facts = {**facts, "department": unit.name, "year": round_.year, "framework": round_.framework_id}
            submission.save()
        out[unit.id] = quality
    return out


def _move(submission, user, states: tuple[str, ...]) -> None:
    """Walk a demo submission through states, logging each step as the real actions do."""
    from jixiao.web.rounds.models import HistoryEntry, Submission
    from jixiao.web.rounds.services import log

    labels = dict(Submission.STATES)
    comments = {Submission.RETURNED: "演示：请补充项目完成情况的佐证材料"}
    for state in states:
        old = submission.get_state_display()
        Submission.objects.filter(pk=submission.pk).update(state=state)
        submission.state = state
        log(user, HistoryEntry.TRANSITION, submission=submission, field="状态", old=old, new=labels[state], comment=comments.get(state, "演示数据"))


def seed_more_units() -> None:
    """Four more 主管部门 with 27 units in the demo's current round, with varied facts and every state:
    not started, drafts, submitted, returned, approved, and one 主管部门 reported. Once only."""
    from jixiao.web.rounds.models import DepartmentReport, Round, Submission
    from jixiao.web.rounds.services import log
    from jixiao.web.rounds.models import HistoryEntry

    with transaction.atomic():
        round_ = Round.objects.get(region__name=FINANCE, year=ROUND_YEAR, title=ROUND_TITLE)
        units = _more_units()
        new = [u for u in units if not round_.submissions.filter(unit=u).exists()]
        if not new:
            return
        from jixiao.web.rounds import scoring

        Submission.objects.bulk_create([Submission(round=round_, unit=u, facts=scoring.new_draft(u.name, round_.year, round_.framework_id)) for u in new])
        rng = random.Random(SEED_CURRENT)
        finance_user = get_user_model().objects.get(username="czj")
        # Every ninth left 未开始, except in the 卫生健康委员会, whose units are all approved and reported.
        started = [u for index, u in enumerate(new) if index % 9 != 4 or u.parent.name == "演示市卫生健康委员会"]
        _fill(round_, started, rng, shift=0.0)
        round_.submit_deadline = date.today() - timedelta(days=DUE_DAYS_AGO)
        round_.save(update_fields=["submit_deadline"])
        reviewers = {}
        for index, unit in enumerate(started):
            submission = round_.submissions.get(unit=unit)
            reviewer = reviewers.setdefault(unit.parent_id, Membership.objects.filter(organisation=unit.parent, role=Membership.REVIEWER).first().user)
            first_department = unit.parent.name == "演示市卫生健康委员会"
            if first_department:
                _move(submission, finance_user, (Submission.SUBMITTED,))
                _move(submission, reviewer, (Submission.APPROVED,))
            elif index % 5 == 0:
                continue  # a draft, late
            elif index % 5 == 1:
                _move(submission, finance_user, (Submission.SUBMITTED,))
                _move(submission, reviewer, (Submission.RETURNED,))
            elif index % 5 == 2:
                _move(submission, finance_user, (Submission.SUBMITTED,))
                _move(submission, reviewer, (Submission.APPROVED,))
            else:
                _move(submission, finance_user, (Submission.SUBMITTED,))
        health = Organisation.objects.get(name="演示市卫生健康委员会")
        if not round_.submissions.filter(unit__parent=health).exclude(state=Submission.APPROVED).exists():
            DepartmentReport.objects.get_or_create(round=round_, department=health, defaults={"state": DepartmentReport.REPORTED})
            log(reviewers.get(health.id), HistoryEntry.TRANSITION, round_=round_, organisation=health, field="汇总表", new="已报送")
        _extend_core_units(round_, finance_user)


def _extend_core_units(round_, user) -> None:
    """The five core units keep a due date ahead of them (a deadline extension when that exists)."""
    try:
        from jixiao.web.deadlines.services import extend
    except ImportError:  # pragma: no cover - before the deadlines app
        return
    for _name, _reviewer, units in DEPARTMENTS:
        for unit_name, _filler, _own in units:
            submission = round_.submissions.get(unit__name=unit_name)
            extend(submission, user, date.today() + timedelta(days=30), "演示：核心演示单位延期填报")


def seed_previous_round():
    """The region's previous-year round (2020), every unit in it submitted, reviewed (approved, some with
    复核得分) and every 主管部门's 汇总表 reported; returns it. Made once; for 整改 / results (issue 21),
    the overview's 上年 comparison and the framework editor (issue 23)."""
    from jixiao.web.rounds.models import DepartmentReport, HistoryEntry, ReviewScore, Round, Submission
    from jixiao.web.rounds.services import log, open_round

    region = Organisation.objects.get(name=FINANCE)
    existing = Round.objects.filter(region=region, year=PREVIOUS_YEAR, title=PREVIOUS_TITLE).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        finance_user = get_user_model().objects.get(username="czj")
        units = list(Organisation.objects.filter(kind=Organisation.UNIT, parent__parent=region).order_by("parent__name", "-own_level", "name"))
        round_ = open_round(
            region, finance_user, year=PREVIOUS_YEAR, title=PREVIOUS_TITLE, framework_id=ROUND_FRAMEWORK, units=units,
            submit_deadline=date(PREVIOUS_YEAR + 1, 4, 30), review_deadline=date(PREVIOUS_YEAR + 1, 5, 31),
        )
        round_.is_open = False
        round_.save(update_fields=["is_open"])
        _fill(round_, units, random.Random(SEED_PREVIOUS), shift=-0.08)
        reviewers = {}
        for index, submission in enumerate(round_.submissions.select_related("unit", "unit__parent")):
            unit = submission.unit
            reviewer = reviewers.setdefault(unit.parent_id, Membership.objects.filter(organisation=unit.parent, role=Membership.REVIEWER).first().user)
            _move(submission, finance_user, (Submission.SUBMITTED,))
            if index % 3 == 0:
                path = "部门绩效/效果性/社会效益、经济效益、生态效益及可持续影响等"
                judged = submission.facts.get("rows", {}).get(path, {}).get("score")
                if judged is not None:
                    ReviewScore.objects.create(submission=submission, stage=ReviewScore.DEPARTMENT, path=path, score=max(0, int(judged) - 2), reason="演示：部分绩效目标未达成，复核扣 2 分", by=reviewer)
            _move(submission, reviewer, (Submission.APPROVED,))
        for department_id, reviewer in reviewers.items():
            department = Organisation.objects.get(pk=department_id)
            DepartmentReport.objects.create(round=round_, department=department, state=DepartmentReport.REPORTED)
            log(reviewer, HistoryEntry.TRANSITION, round_=round_, organisation=department, field="汇总表", new="已报送")
    return round_


SEED_CURRENT, SEED_PREVIOUS = 2021, 2020


EVALUATOR, EVALUATOR_AGENCY = "pg1", "演示绩效评价咨询有限公司"


def seed_evaluator() -> None:
    """A third-party evaluator engaged by the demo 财政局 (nothing assigned yet: the 财政局 assigns from a 抽查 draw)."""
    from jixiao.web.spotcheck.models import Evaluator

    region = Organisation.objects.get(name=FINANCE)
    if not Evaluator.objects.filter(user__username=EVALUATOR).exists():
        user = _person(EVALUATOR, f"{EVALUATOR_AGENCY}评价人员", None, "")
        Evaluator.objects.create(user=user, agency=EVALUATOR_AGENCY, region=region)


def seed_full_demo() -> list[tuple[str, str]]:
    """The demo as `jixiao serve --demo` shows it: the core, the added units, last year's round and an evaluator."""
    accounts = seed_demo()
    seed_more_units()
    seed_previous_round()
    seed_evaluator()
    from jixiao.web.orgs.demo_region import MORE_DEPARTMENTS

    return accounts + [(reviewer, f"{name}（主管部门审核）") for name, reviewer, _units in MORE_DEPARTMENTS] + [(EVALUATOR, f"{EVALUATOR_AGENCY}（第三方评价）")]
