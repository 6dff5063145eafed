"""The demo region (docs/web.md): one 财政局, two 主管部门 with 本级 and 所属单位, an open 2021 round on shenzhen-2019."""
from __future__ import annotations

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
