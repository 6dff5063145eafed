"""Finding and sorting a round's units (/rounds/<批次>/units/) on the full demo region."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

pytestmark = pytest.mark.web


@pytest.fixture
def full(demo, seeds):
    from jixiao.web.orgs.demo import seed_more_units

    seeds.make("more units", seed_more_units)
    demo.refresh_from_db()
    return demo


def _names(client, round_, query="") -> tuple[int, list[str]]:
    response = client.get(f"/rounds/{round_.pk}/units/{query}")
    assert response.status_code == 200
    page = response.content.decode()
    count = int(re.search(r"共 (\d+) 个单位", page).group(1))
    return count, re.findall(r'<td><a href="/submissions/\d+/">([^<]+)</a>', page)


def test_search_by_name_and_by_code(full, login):
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.people.models import UnitCode

    client = login("finance_own")
    assert _names(client, full, "?q=医院") == (2, ["演示市中医院", "演示市人民医院"])
    UnitCode.objects.create(organisation=Organisation.objects.get(name="演示市博物馆"), code="11440300MB2C12345X")
    assert _names(client, full, "?q=mb2c123") == (1, ["演示市博物馆"])


def test_filters_agree_with_the_database(full, login):
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.rounds.models import Submission

    client = login("finance_own")
    health = Organisation.objects.get(name="演示市卫生健康委员会")
    count, names = _names(client, full, f"?department={health.pk}")
    assert count == full.submissions.filter(unit__parent=health).count() == 7
    returned = set(full.submissions.filter(state=Submission.RETURNED).values_list("unit__name", flat=True))
    assert set(_names(client, full, "?state=returned")[1]) == returned and returned
    # Late: past the due date (five days ago in the full demo) and not submitted; the five core units are extended.
    from jixiao.web.deadlines.services import due_dates

    extended = due_dates(full)
    assert len(extended) == 5
    late = full.submissions.filter(state__in=Submission.EDITABLE).exclude(pk__in=extended).count()
    assert _names(client, full, "?late=1")[0] == late > 0


def test_sorted_by_score_and_filtered_by_grade(full, login):
    from jixiao.web.rounds.summaries import briefs
    from jixiao.web.rounds.models import Submission

    client = login("finance_own")
    scored = {b.unit: b.total for b in briefs(full.submissions.all())}
    _count, names = _names(client, full, "?sort=-score&state=approved")
    totals = [scored[name] for name in names]
    assert totals == sorted(totals, reverse=True) and len(totals) >= 5
    final = {b.unit: b.total for b in briefs(full.submissions.filter(state__in=(Submission.SUBMITTED, Submission.APPROVED)))}
    good = {name for name, total in final.items() if Decimal(80) <= total < Decimal(90)}
    assert set(_names(client, full, "?grade=良")[1]) == good
    in_range = {name for name, total in scored.items() if total is not None and Decimal(85) <= total <= Decimal(92)}
    assert set(_names(client, full, "?score_min=85&score_max=92")[1]) == in_range


def test_paginated_fifty_a_page(full, login, users):
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.rounds.models import Submission
    from jixiao.web.rounds import scoring

    department = Organisation.objects.get(name="演示市民政局")
    units = [Organisation.objects.create(name=f"演示市社区服务站{index:02d}", kind=Organisation.UNIT, parent=department) for index in range(40)]
    Submission.objects.bulk_create([Submission(round=full, unit=u, facts=scoring.new_draft(u.name, 2021, "shenzhen-2019")) for u in units])
    client = login("finance_own")
    total = full.submissions.count()  # 26 + 40 = 66
    count, first = _names(client, full, "?sort=unit")
    assert count == total == 66 and len(first) == 50
    _count, second = _names(client, full, "?sort=unit&page=2")
    assert len(second) == 16 and not set(first) & set(second)


def test_the_rows_links_are_the_named_urls(full, login):
    from django.urls import reverse

    page = login("finance_own").get(f"/rounds/{full.pk}/units/?sort=unit").content.decode()
    first = full.submissions.order_by("unit__name").first().pk
    for name in ("submission", "review", "deadline"):
        assert f'href="{reverse(name, args=[first])}"' in page, name


def test_a_unit_sees_only_itself(full, login):
    assert _names(login("filler_own"), full) == (1, ["演示市政务服务数据管理局本级"])


def test_a_departments_page_finds_sorts_and_pages_its_own_units(full, login):
    from django.test import Client

    from jixiao.web.orgs.models import Membership, Organisation
    from jixiao.web.rounds import scoring
    from jixiao.web.rounds.models import Submission
    from jixiao.web.rounds.summaries import briefs

    department = Organisation.objects.get(name="演示市民政局")
    units = [Organisation.objects.create(name=f"演示市社区服务站{index:02d}", kind=Organisation.UNIT, parent=department) for index in range(50)]
    Submission.objects.bulk_create([Submission(round=full, unit=u, facts=scoring.new_draft(u.name, 2021, "shenzhen-2019")) for u in units])
    own = full.submissions.filter(unit__parent=department)
    reviewer = Client()
    reviewer.force_login(Membership.objects.get(organisation=department, role=Membership.REVIEWER).user)
    url = f"/rounds/{full.pk}/departments/{department.pk}/"

    def names(query=""):
        page = reviewer.get(url + query).content.decode()
        return int(re.search(r"共 (\d+) 个单位", page).group(1)), re.findall(r'<td><a href="/submissions/\d+/">([^<]+)</a>', page)

    count, first = names("?sort=unit")
    assert count == own.count() == 54 and len(first) == 50 and first == sorted(first)  # the demo's 4 and 50 added
    second = names("?sort=unit&page=2")[1]
    assert len(second) == 4 and set(first) | set(second) == set(own.values_list("unit__name", flat=True))
    assert names("?q=服务站4") == (10, [f"演示市社区服务站4{i}" for i in range(10)])
    # Sorted by score, highest first; drafts never saved have none and come last.
    scored = {b.unit: b.total for b in briefs(own)}
    ranked = names("?sort=-score")[1]
    totals = [scored[name] for name in ranked if scored[name] is not None]
    assert totals == sorted(totals, reverse=True) and len(totals) >= 5 and ranked[: len(totals)] == [n for n in ranked if scored[n] is not None]
    # Another 主管部门 named in the query changes nothing: the page is this department's.
    other = Organisation.objects.get(name="演示市卫生健康委员会")
    assert names(f"?department={other.pk}&sort=unit")[1] == first
