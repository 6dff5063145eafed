"""抽查 draws with a recorded seed, and third-party evaluators who see and score only what was assigned to them."""
from __future__ import annotations

import hashlib
import re

import pytest

pytestmark = pytest.mark.web


@pytest.fixture
def full(demo, seeds):
    from jixiao.web.orgs.demo import seed_evaluator, seed_more_units

    seeds.make("more units and an evaluator", lambda: (seed_more_units(), seed_evaluator()))
    demo.refresh_from_db()
    return demo


def _client(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _drawable(round_):
    from jixiao.web.rounds.models import Submission

    return sorted(round_.submissions.filter(state__in=(Submission.SUBMITTED, Submission.APPROVED)).values_list("unit__name", flat=True))


def test_a_seeded_draw_is_recorded_and_can_be_redone_by_hand(full):
    from jixiao.web.spotcheck.models import SampleDraw

    client = _client("czj")
    response = client.post(f"/rounds/{full.pk}/sample/", {"count": "4", "seed": "20261201"}, follow=True)
    assert "已抽取 4 个单位（种子 20261201）" in response.content.decode()
    record = SampleDraw.objects.get()
    population = _drawable(full)
    assert record.population == population and record.seed == 20261201
    by_hand = sorted(population, key=lambda name: hashlib.sha256(f"20261201:{name}".encode()).hexdigest())[:4]
    assert record.chosen == by_hand
    # The same seed over the same population draws the same units again.
    client.post(f"/rounds/{full.pk}/sample/", {"count": "4", "seed": "20261201"})
    assert SampleDraw.objects.order_by("id").last().chosen == by_hand


def test_amount_range_and_ratio(full):
    from jixiao.web.rounds.summaries import briefs
    from jixiao.web.rounds.models import Submission
    from jixiao.web.spotcheck.models import SampleDraw

    drawable = briefs(full.submissions.filter(state__in=(Submission.SUBMITTED, Submission.APPROVED)))
    # Budgets in 万元 (the demo scales the 大鹏 7,621.05 万元 by 0.35–2.4): keep those from 5,000 to 12,000.
    inside = sorted(b.unit for b in drawable if 5000 <= b.budget / 10000 <= 12000)
    assert 0 < len(inside) < len(drawable)
    _client("czj").post(f"/rounds/{full.pk}/sample/", {"amount_min": "5000", "amount_max": "12000", "ratio": "50", "seed": "7"})
    record = SampleDraw.objects.get()
    assert record.population == inside
    assert len(record.chosen) == -(-len(inside) // 2)  # 50%, rounded up


def test_a_sample_larger_than_the_population_is_refused(full):
    from jixiao.web.spotcheck.models import SampleDraw

    population = len(_drawable(full))
    response = _client("czj").post(f"/rounds/{full.pk}/sample/", {"count": str(population + 1), "seed": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"要抽取 {population + 1} 个，但符合条件的只有 {population} 个" in page
    assert f'value="{population + 1}"' in page  # what was typed is kept
    assert not SampleDraw.objects.exists()
    response = _client("czj").post(f"/rounds/{full.pk}/sample/", {"count": "三", "seed": "1"})
    assert "应为正整数，收到“三”" in response.content.decode()


def test_an_evaluator_sees_and_scores_only_its_assigned_units(full, login):
    from jixiao.web.rounds.models import ReviewScore, Submission
    from jixiao.web.spotcheck.models import Evaluator

    evaluator = Evaluator.objects.get(user__username="pg1")
    chosen = list(full.submissions.filter(state=Submission.APPROVED).order_by("unit__name")[:2])
    other = full.submissions.filter(state=Submission.APPROVED).exclude(pk__in=[s.pk for s in chosen]).first()
    response = _client("czj").post(f"/rounds/{full.pk}/assign/", {"evaluator": evaluator.pk, "ids": [s.pk for s in chosen]}, follow=True)
    assert "已委托演示绩效评价咨询有限公司评价 2 个单位" in response.content.decode()
    pg = _client("pg1")
    listing = pg.get("/evaluations/").content.decode()
    assert all(s.unit.name in listing for s in chosen) and other.unit.name not in listing
    assert pg.get(f"/evaluations/{other.pk}/").status_code == 404
    # Nothing else of the round is open to the evaluator.
    assert pg.get(f"/submissions/{chosen[0].pk}/review/").status_code == 403
    assert pg.get(f"/rounds/{full.pk}/overview/").status_code == 403
    path = "部门绩效/效果性/社会效益、经济效益、生态效益及可持续影响等"
    page = pg.post(f"/evaluations/{chosen[0].pk}/", {"path": path, "score": "25", "reason": "超出"}).content.decode()
    assert "复核得分应在 0 至 20 之间" in page and 'value="25"' in page
    pg.post(f"/evaluations/{chosen[0].pk}/", {"path": path, "score": "10", "reason": "第三方核实：两项目标未达成"})
    review = ReviewScore.objects.get(submission=chosen[0])
    assert (review.stage, review.score, review.by.username) == (ReviewScore.FINANCE, 10, "pg1")
    assert "委托评价" in pg.get("/").content.decode()


def test_assigning_outside_the_region_is_refused(full, users):
    from django.contrib.auth import get_user_model

    from jixiao.web.orgs.models import Organisation
    from jixiao.web.rounds import scoring
    from jixiao.web.rounds.models import Round, Submission
    from jixiao.web.rounds.services import open_round
    from jixiao.web.spotcheck.models import Assignment, Evaluator

    other_region = Organisation.objects.get(name="另一市财政局")
    department = Organisation.objects.create(name="另一市教育局", kind=Organisation.DEPARTMENT, parent=other_region)
    unit = Organisation.objects.create(name="另一市第一中学", kind=Organisation.UNIT, parent=department)
    foreign_round = open_round(other_region, users["finance_foreign"], year=2021, title="另一市 2021", framework_id="shenzhen-2019", units=[unit])
    foreign = foreign_round.submissions.get()
    ours = full.submissions.first()
    evaluator = Evaluator.objects.get(user__username="pg1")
    response = _client("czj").post(f"/rounds/{full.pk}/assign/", {"evaluator": evaluator.pk, "ids": [ours.pk, foreign.pk]}, follow=True)
    assert "以下单位不属于演示市财政局，不能委托给演示绩效评价咨询有限公司：另一市第一中学" in response.content.decode()
    assert not Assignment.objects.exists()  # refused whole
    # Nor may another region's 财政局 use this evaluator.
    assert _client("czj2").post(f"/rounds/{foreign_round.pk}/assign/", {"evaluator": evaluator.pk, "ids": [foreign.pk]}, follow=True).content.decode().count("不是另一市财政局委托的第三方") == 1
