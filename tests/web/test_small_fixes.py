"""The small ones of issue 18, item 12: live unit hints, 报送 once, the 财政局's 工作台, no version numbers,
no “。；” in a 评分依据, form labels without an ASCII colon."""
from __future__ import annotations

import html
import re

import pytest
from django.utils.html import strip_tags

from jixiao.web.rounds.models import DepartmentReport, HistoryEntry, Submission

pytestmark = pytest.mark.web


def _text(response) -> str:
    return html.unescape(strip_tags(response.content.decode()))


def test_amount_hints_follow_the_money_unit_live(login, own_submission):
    from jixiao.web.rounds.sheet import element_id

    client = login("filler_own")
    hint = element_id("h", "figures|年初预算")
    assert re.search(rf'id="{hint}">[^<]*（万元）<', client.get(f"/submissions/{own_submission.pk}/").content.decode())
    response = client.post(f"/submissions/{own_submission.pk}/save/", {"unit": "元", "version": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert re.search(rf'id="{hint}" hx-swap-oob="true">[^<]*（元）<', body), body[:2000]
    assert "（万元）" not in body
    assert re.search(r"已保存（\d\d:\d\d:\d\d）", body) and "版本" not in _text(response)


def test_reporting_twice_is_refused_and_logged_once(login, demo):
    from jixiao.web.orgs.models import Organisation

    department = Organisation.objects.get(name="演示市政务服务数据管理局")
    demo.submissions.filter(unit__parent=department).update(state=Submission.APPROVED)
    reviewer = login("reviewer_own")
    url = f"/rounds/{demo.pk}/departments/{department.pk}/"
    first = _text(reviewer.post(f"{url}report/", follow=True))
    assert "汇总表已报送财政局" in first and "已于" in first
    assert 'action="/rounds/' not in reviewer.get(url).content.decode().split('id="report-state"', 1)[1].split("本级与所属单位")[0]  # no 报送 button
    second = _text(reviewer.post(f"{url}report/", follow=True))
    assert "汇总表已报送，无需再次报送" in second
    reported = HistoryEntry.objects.filter(round=demo, organisation=department, field="汇总表", new="已报送")
    assert reported.count() == 1 and DepartmentReport.objects.get(round=demo, department=department).state == DepartmentReport.REPORTED


def test_the_finance_home_does_not_say_none_visible(login):
    page = _text(login("finance_own").get("/"))
    assert "暂无。" not in page and "各单位的填报在评价批次页面查看" in page
    filler = _text(login("filler_own").get("/"))
    assert "我可见的填报" in filler and "版本" not in filler and "最后修改" in filler


def test_a_basis_of_parts_has_no_full_stop_before_its_score(login, demo):
    prefilled = demo.submissions.get(unit__name="演示市政务服务中心")
    page = _text(login("filler_foreign").get(f"/submissions/{prefilled.pk}/"))
    assert "。；" not in page
    # 预决算信息公开 adds its parts' judged scores: each part's basis then “；该项得 … 分”.
    assert "部门预算公开（1.5分）：2021年9月18日公开《2021年部门预算》；该项得 1.5 分" in page


@pytest.mark.parametrize("url,role", [("/rounds/new/", "finance_own"), ("/accounts/password/", "filler_own")])
def test_form_labels_have_no_ascii_colon(login, url, role):
    page = login(role).get(url).content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", page)
    assert labels and not [label for label in labels if label.rstrip().endswith(":")], labels
