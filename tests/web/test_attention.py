"""What the unit must see and do next: the 退回意见 at the top and on the 工作台, 问题说明 labelled and kept live,
explanations and 复核得分 saved in place, reason boxes where points are lost, and the 待处理 list (issue 18, items 6–8)."""
from __future__ import annotations

import html
import re

import pytest
from django.utils.html import strip_tags

from jixiao.web.rounds.models import Submission

pytestmark = pytest.mark.web

COMMENT = "公用经费控制率失分 1 分，请写明未达标原因和改进措施后重新提交。"
COST_ROW = "部门绩效/经济性/公用经费控制率"  # 大鹏: 得 5 / 6, no reason given in the prefilled draft
OOB = re.compile(r'<[^>]+id="([^"]+)"[^>]*hx-swap-oob="true"')


def _text(response) -> str:
    return html.unescape(strip_tags(response.content.decode()))


@pytest.fixture
def prefilled(demo):
    """dw2's draft, which seed_demo filled with the 大鹏 example (93.76 优)."""
    return demo.submissions.get(unit__name="演示市政务服务中心")


def _save(client, submission, key: str, text: str):
    submission.refresh_from_db()
    return client.post(f"/submissions/{submission.pk}/save/", {key: text, "version": submission.version}, HTTP_HX_REQUEST="true")


def _returned(submission, users):
    from jixiao.web.rounds import services

    Submission.objects.filter(pk=submission.pk).update(state=Submission.SUBMITTED)
    submission.refresh_from_db()
    services.return_submission(submission, users["reviewer_own"], COMMENT)
    submission.refresh_from_db()


def test_the_return_comment_is_at_the_top_of_the_fill_page_and_on_the_home_page(login, users, prefilled):
    _returned(prefilled, users)
    page = login("filler_foreign").get(f"/submissions/{prefilled.pk}/").content.decode()
    note = page.split('id="return-note"', 1)[1].split("</section>", 1)[0]
    assert COMMENT in note and "演示市政务服务数据管理局审核人" in note and " 于 20" in note
    assert page.index('id="return-note"') < page.index('id="scorebar"')  # above everything to fill in
    home = _text(login("filler_foreign").get("/"))
    row = next(line for line in home.splitlines() if "退回意见" in line)
    assert COMMENT in row
    reviewer_home = _text(login("reviewer_own").get("/"))
    assert COMMENT in reviewer_home  # the 主管部门 sees what it asked for beside the submission too


def test_no_return_note_while_a_draft_or_once_resubmitted(login, prefilled):
    assert 'id="return-note"' not in login("filler_foreign").get(f"/submissions/{prefilled.pk}/").content.decode()


def test_explanations_are_labelled_by_indicator_and_marked_when_explained(login, prefilled):
    from jixiao.web.rounds.attention import explanation_items
    from jixiao.web.rounds.context import state_of

    client = login("filler_foreign")
    items = explanation_items(state_of(prefilled).scored, {})
    cost = next(item for item in items if item.title == COST_ROW)
    page = _text(client.get(f"/submissions/{prefilled.pk}/"))
    assert f"{COST_ROW}：失分 1（得 5 / 6），未写明未达标原因和改进措施" in page
    assert page.count("待说明") == len(items) >= 2
    # Saved in place: the answer marks this item 已说明 and re-sends the 待处理 list, nothing else of the page.
    response = client.post(f"/submissions/{prefilled.pk}/explain/", {"key": cost.key, "text": "已在报告中说明"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert set(OOB.findall(response.content.decode())) == {"save-status", f"xs-{cost.id}", "todo"}
    assert "已说明" in _text(response) and "说明已保存" in _text(response)
    page = _text(client.get(f"/submissions/{prefilled.pk}/"))
    assert page.count("已说明") == 1 and page.count("待说明") == len(items) - 1
    todo = page.split("待处理", 1)[1].split("指标评分", 1)[0]
    assert COST_ROW not in todo  # explained: nothing left to do there


def test_the_explanation_list_follows_each_save(login, prefilled):
    client = login("filler_foreign")
    before = _text(client.get(f"/submissions/{prefilled.pk}/")).count("待说明")
    _save(client, prefilled, f"rows|{COST_ROW}|reason", "“三公”经费控制率 33.49%。")
    response = _save(client, prefilled, f"rows|{COST_ROW}|improvement", "加强日常公用经费预算编制。")
    body = response.content.decode()
    assert "explanations" in OOB.findall(body)  # the list is re-sent with the save, as the findings are
    explanations = html.unescape(body.split('id="explanations"', 1)[1].split("</section>", 1)[0])
    assert COST_ROW not in explanations and explanations.count("待说明") == before - 1
    # A save that changes no warning leaves the list (and what is typed in its boxes) alone.
    assert "explanations" not in OOB.findall(_save(client, prefilled, "narrative|存在问题", "部分项目进度偏慢").content.decode())


def test_the_submit_refusal_and_the_reviewer_name_the_indicator(login, users, prefilled):
    client = login("filler_foreign")
    refusal = _text(client.post(f"/submissions/{prefilled.pk}/submit/", follow=True))
    assert f"警告须写明说明：{COST_ROW}：失分 1（得 5 / 6）" in refusal
    Submission.objects.filter(pk=prefilled.pk).update(state=Submission.SUBMITTED)
    review = _text(login("reviewer_own").get(f"/submissions/{prefilled.pk}/review/"))
    said = review.split("单位对问题的说明", 1)[1]
    assert f"{COST_ROW}：失分 1（得 5 / 6），未写明未达标原因和改进措施" in said and "（未说明）" in said


def test_a_review_score_is_saved_in_place(login, prefilled):
    Submission.objects.filter(pk=prefilled.pk).update(state=Submission.SUBMITTED)
    reviewer = login("reviewer_own")
    path = "部门绩效/公平性/公众或服务对象满意度"
    url = f"/submissions/{prefilled.pk}/review/score/"
    response = reviewer.post(url, {"stage": "department", "path": path, "score": "5.5", "reason": "样本偏少"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # no redirect, no reload
    body = response.content.decode()
    sent = set(OOB.findall(body))
    assert "review-bar" in sent and any(i.startswith("rv-") for i in sent) and len(sent) == 2
    assert "<template>" in body  # a table row stands out of band only inside a template
    assert re.search(r'id="review-total">93\.26<', body)  # 93.76 − 0.5
    assert "复核得分已保存" in _text(response)
    refused = reviewer.post(url, {"stage": "department", "path": path, "score": "9", "reason": ""}, HTTP_HX_REQUEST="true")
    text = _text(refused)
    assert "复核得分应在 0 至 6 之间" in text and 'value="9"' in refused.content.decode()  # at its row, what was typed kept


def test_approve_needs_its_confirmation(login, prefilled):
    Submission.objects.filter(pk=prefilled.pk).update(state=Submission.SUBMITTED)
    reviewer = login("reviewer_own")
    url = f"/submissions/{prefilled.pk}/review/approve/"
    assert "请先勾选“确认审核通过”" in _text(reviewer.post(url, {}, follow=True))
    prefilled.refresh_from_db()
    assert prefilled.state == Submission.SUBMITTED
    reviewer.post(url, {"confirm": "1"})
    prefilled.refresh_from_db()
    assert prefilled.state == Submission.APPROVED


def test_reason_boxes_are_open_only_where_points_are_lost(login, prefilled):
    from jixiao.web.rounds.sheet import element_id

    client = login("filler_foreign")
    page = client.get(f"/submissions/{prefilled.pk}/").content.decode()
    folds = dict(re.findall(r'<details class="reasons" id="([^"]+)"( open)?', page))
    cost, full = element_id("rs", COST_ROW), element_id("rs", "部门决策/预算编制/预算编制合理性")  # 5 / 6 and 5 / 5
    assert folds[cost] == " open" and folds[full] == ""
    assert len(folds) > 20 and sum(1 for v in folds.values() if v) < len(folds) / 2  # most rows ask for nothing
    # A save that makes a row lose points opens its boxes, live.
    response = _save(client, prefilled, "figures|在编人数", "30")  # 财政供养人员控制率 over 100%: the row loses its point
    lost = element_id("rs", "部门管理/人员管理/财政供养人员控制率")
    assert re.search(rf'<details class="reasons" id="{lost}" open hx-swap-oob="true">', response.content.decode())


def test_the_todo_list_jumps_to_each_row_that_needs_something(login, own_submission):
    client = login("filler_own")
    _save(client, own_submission, "figures|年初预算", "五千万")
    page = client.get(f"/submissions/{own_submission.pk}/").content.decode()
    todo = page.split('id="todo"', 1)[1].split("</section>", 1)[0]
    targets = re.findall(r'href="#([^"]+)"', todo)
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert len(targets) > 10 and set(targets) <= ids  # every link lands on the page
    text = html.unescape(strip_tags(todo))
    assert "部门管理/资金管理/政府采购执行情况</a>：缺少数据</li>" in todo  # the data first: its lost points follow from it
    assert "年初预算：填写有误" in text
    assert "部门管理/资金管理/预决算信息公开：须填写评定得分和评分依据" in text
