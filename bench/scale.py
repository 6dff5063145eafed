"""A province-sized round for the web benchmarks: 5,000 units under 200 主管部门, seeded and reproducible.

Each unit's facts come from bench/generate.py's shenzhen-2019 department generator (the same spread of budgets,
execution, unmet criteria and judged rows as the engine benchmarks). Run inside a configured Django
(bench/web.py does this); people share one password hash so seeding does not spend minutes hashing.
  python bench/scale.py [UNITS] [DEPARTMENTS]   — seeds the instance in JIXIAO_DATA_DIR / JIXIAO_DATABASE_URL
"""
from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import department  # noqa: E402 - bench/generate.py beside this file

PASSWORD = "jixiao-bench-2026"
REGION = "基准省财政厅"
SEED = 20211231


def web_bench(prefix: str) -> str:
    """Django migrated on a scratch data folder, or on JIXIAO_DATABASE_URL's PostgreSQL: which of the two."""
    import tempfile

    database = "PostgreSQL" if os.environ.get("JIXIAO_DATABASE_URL") else "SQLite"
    os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix=prefix))
    setup_django()
    return database


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def seed_people_and_orgs(units: int, departments: int) -> dict:
    """The region, its 主管部门 (本级 first in each) and units, a reviewer per department and a filler per unit."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from jixiao.web.orgs.models import Membership, Organisation

    User = get_user_model()
    hashed = make_password(PASSWORD)
    with transaction.atomic():
        region = Organisation.objects.create(name=REGION, kind=Organisation.FINANCE)
        depts = Organisation.objects.bulk_create([Organisation(name=f"基准部门{d:03d}", kind=Organisation.DEPARTMENT, parent=region) for d in range(departments)])
        per = units // departments
        leaves = Organisation.objects.bulk_create([
            Organisation(name=f"基准部门{d:03d}{'本级' if i == 0 else f'所属单位{i:02d}'}", kind=Organisation.UNIT, parent=depts[d], own_level=i == 0)
            for d in range(departments) for i in range(per)
        ], batch_size=1000)
        users = User.objects.bulk_create(
            [User(username="bench-czj", password=hashed)] + [User(username=f"bench-zg{d:03d}", password=hashed) for d in range(departments)]
            + [User(username=f"bench-dw{u:05d}", password=hashed) for u in range(len(leaves))], batch_size=1000
        )
        memberships = [Membership(user=users[0], organisation=region, role=Membership.FINANCE)]
        memberships += [Membership(user=users[1 + d], organisation=dept, role=Membership.REVIEWER) for d, dept in enumerate(depts)]
        memberships += [Membership(user=users[1 + departments + u], organisation=unit, role=Membership.FILLER) for u, unit in enumerate(leaves)]
        Membership.objects.bulk_create(memberships, batch_size=1000)
    return {"region": region, "units": leaves, "finance": users[0], "departments": depts}


def open_round(seeded: dict, framework_id: str = "shenzhen-2019"):
    from jixiao.web.rounds.services import open_round as open_

    return open_(seeded["region"], seeded["finance"], year=2021, title="2021 年度部门整体支出绩效自评（基准）", framework_id=framework_id, units=seeded["units"])


def fill_facts(round_) -> None:
    """Every draft given its generated department's facts, as if typed and saved."""
    from django.db import transaction

    from jixiao.web.rounds import scoring
    from jixiao.web.rounds.context import round_framework

    framework = round_framework(round_)
    rng = random.Random(SEED)
    submissions = list(round_.submissions.select_related("unit").order_by("id"))
    for index, submission in enumerate(submissions):
        raw = scoring.normalise(scoring.plain(department(index, rng)), framework)
        submission.facts = {**raw, "department": submission.unit.name}
        submission.version = 2
    with transaction.atomic():
        type(submissions[0]).objects.bulk_update(submissions, ["facts", "version"], batch_size=500)


if __name__ == "__main__":
    setup_django()
    count, depts = (int(sys.argv[1]) if len(sys.argv) > 1 else 5000), (int(sys.argv[2]) if len(sys.argv) > 2 else 200)
    start = time.perf_counter()
    seeded = seed_people_and_orgs(count, depts)
    round_ = open_round(seeded)
    fill_facts(round_)
    print(f"已建立 {len(seeded['units'])} 个单位、{depts} 个主管部门的评价批次（编号 {round_.pk}），用时 {time.perf_counter() - start:.1f} 秒；账号密码 {PASSWORD}")
