"""Batch approve / return with one comment (each still checked) and each person's 待办, on the full demo region."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.web


@pytest.fixture
def full(demo, seeds):
    from jixiao.web.orgs.demo import seed_more_units

    seeds.make("more units", seed_more_units)
    demo.refresh_from_db()
    return demo


def _client(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_batch_approve_checks_each_submission(full):
    from jixiao.web.rounds.models import HistoryEntry, Submission

    transport = list(full.submissions.filter(unit__parent__name="演示市交通运输局", state=Submission.SUBMITTED))
    foreign = full.submissions.filter(unit__parent__name="演示市民政局", state=Submission.SUBMITTED).first()
    draft = full.submissions.filter(unit__parent__name="演示市交通运输局", state=Submission.DRAFT).first()
    assert len(transport) == 2 and foreign and draft
    ids = [s.pk for s in transport] + [foreign.pk, draft.pk]
    response = _client("zgbm4").post(f"/rounds/{full.pk}/batch/", {"action": "approve", "ids": ids, "comment": "材料齐全"}, follow=True)
    page = response.content.decode()
    assert "已审核通过 2 个单位" in page
    assert f"{foreign.unit.name}：未审核通过，不是本部门所属单位，无权审核" in page
    assert f"{draft.unit.name}：未审核通过，填报状态为“草稿”，不能执行此操作" in page
    states = dict(Submission.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert [states[s.pk] for s in transport] == [Submission.APPROVED, Submission.APPROVED]
    assert (states[foreign.pk], states[draft.pk]) == (Submission.SUBMITTED, Submission.DRAFT)
    entries = HistoryEntry.objects.filter(submission__in=transport, new="已审核", comment="材料齐全")
    assert entries.count() == 2 and {e.user.username for e in entries} == {"zgbm4"}


def test_batch_return_needs_one_comment_and_changes_nothing_without(full):
    from jixiao.web.rounds.models import Submission

    submitted = list(full.submissions.filter(unit__parent__name="演示市交通运输局", state=Submission.SUBMITTED).values_list("pk", flat=True))
    client = _client("zgbm4")
    page = client.post(f"/rounds/{full.pk}/batch/", {"action": "return", "ids": submitted, "comment": "  "}, follow=True).content.decode()
    assert "退回须写明意见" in page
    assert set(Submission.objects.filter(pk__in=submitted).values_list("state", flat=True)) == {Submission.SUBMITTED}
    page = client.post(f"/rounds/{full.pk}/batch/", {"action": "return", "ids": submitted, "comment": "请补充佐证材料"}, follow=True).content.decode()
    assert "已退回 2 个单位" in page
    assert set(Submission.objects.filter(pk__in=submitted).values_list("state", flat=True)) == {Submission.RETURNED}


def test_the_unit_list_offers_checkboxes_only_to_reviewers(full, login):
    page = _client("zgbm4").get(f"/rounds/{full.pk}/units/?state=submitted").content.decode()
    assert 'form="batch-form"' in page and "批量审核通过" in page
    assert "批量审核通过" not in login("finance_own").get(f"/rounds/{full.pk}/units/").content.decode()


def test_todo_lists_what_waits_for_each_person(full):
    from jixiao.web.rounds.models import Submission

    transport = full.submissions.filter(unit__parent__name="演示市交通运输局", state=Submission.SUBMITTED).count()
    page = _client("zgbm4").get("/todo/").content.decode()
    assert page.count(">审核</a>") == transport == 2
    unit = _client("dw1").get("/todo/").content.decode()
    assert ">填报</a>" in unit and "演示市政务服务数据管理局本级" in unit and "已逾期" not in unit  # extended by 30 days
    finance = _client("czj").get("/todo/").content.decode()
    assert "查看报送的汇总表" in finance and "演示市卫生健康委员会" in finance
