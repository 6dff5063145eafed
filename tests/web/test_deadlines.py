"""Due dates enforced: after the round's 填报截止日期 a unit cannot submit unless the 财政局 extends its own."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

pytestmark = pytest.mark.web

LATE = "不能提交；如需延期，请联系财政局"


@pytest.fixture
def past_due(demo):
    demo.submit_deadline = date.today() - timedelta(days=1)
    demo.save()
    return demo.submissions.get(unit__name="演示市政务服务中心")  # dw2's draft


def _submit(client, submission) -> str:
    response = client.post(f"/submissions/{submission.pk}/submit/", follow=True)
    return response.content.decode()


def test_submit_after_the_due_date_is_refused(past_due, login):
    from jixiao.web.rounds.models import Submission

    page = _submit(login("filler_foreign"), past_due)
    assert LATE in page and "如需延期，请联系财政局" in page
    past_due.refresh_from_db()
    assert past_due.state == Submission.DRAFT


def test_the_due_day_itself_still_counts(demo):
    from jixiao.web.deadlines import services

    submission = demo.submissions.first()
    demo.submit_deadline = date(2026, 3, 31)
    demo.save()
    submission.round.refresh_from_db()
    services.check_open(submission, today=date(2026, 3, 31))
    with pytest.raises(services.Refused, match="2026-03-31"):
        services.check_open(submission, today=date(2026, 4, 1))


def test_an_extension_reopens_one_unit_with_its_reason_in_history(past_due, login, demo):
    from jixiao.web.rounds.models import HistoryEntry

    finance = login("finance_own")
    page = finance.post(f"/submissions/{past_due.pk}/deadline/", {"due": "", "reason": ""}).content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    page = finance.post(f"/submissions/{past_due.pk}/deadline/", {"due": yesterday, "reason": "补交材料"}).content.decode()
    assert "不能早于今天" in page and "补交材料" in page  # what was typed is kept
    later = date.today() + timedelta(days=7)
    response = finance.post(f"/submissions/{past_due.pk}/deadline/", {"due": later.isoformat(), "reason": "单位负责人出差，经批准延期一周"}, follow=True)
    page = response.content.decode()
    assert f'<strong id="unit-due">{later:%Y-%m-%d}</strong>' in page and "单位负责人出差" in page
    entry = HistoryEntry.objects.filter(submission=past_due, field="填报截止日期").get()
    assert (entry.new, entry.comment) == (f"{later:%Y-%m-%d}", "单位负责人出差，经批准延期一周")
    # This unit is no longer refused for lateness (its draft still has its own problems to fix) …
    assert LATE not in _submit(login("filler_foreign"), past_due)
    # … while the others still are.
    other = demo.submissions.get(unit__name="演示市政务服务数据管理局本级")
    assert LATE in _submit(login("filler_own"), other)


def test_late_units_are_listed_until_extended(past_due, login):
    from jixiao.web.deadlines import services
    from django.contrib.auth import get_user_model

    client = login("finance_own")
    page = client.get(f"/rounds/{past_due.round_id}/units/?late=1").content.decode()
    assert "共 5 个单位" in page
    services.extend(past_due, get_user_model().objects.get(username="czj"), date.today() + timedelta(days=3), "延期")
    page = client.get(f"/rounds/{past_due.round_id}/units/?late=1").content.decode()
    assert "共 4 个单位" in page and "演示市政务服务中心" not in page


def test_the_fill_page_shows_the_units_own_due_date(past_due, login, users):
    from jixiao.web.deadlines import services

    client = login("filler_foreign")
    assert "已过填报截止日期</strong>" in client.get(f"/submissions/{past_due.pk}/").content.decode()
    later = date.today() + timedelta(days=5)
    services.extend(past_due, users["finance_own"], later, "延期")
    page = client.get(f"/submissions/{past_due.pk}/").content.decode()
    assert "已过填报截止日期</strong>" not in page and f"填报截止 {later.year}年{later.month}月{later.day}日" in page
