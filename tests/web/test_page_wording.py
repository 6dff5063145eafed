"""Engine messages on the web pages name fields by their page labels, not by the YAML addresses the CLI shows."""
from __future__ import annotations

import pytest

from jixiao.web.rounds.scoring import on_page

pytestmark = pytest.mark.web


@pytest.mark.parametrize(("engine", "page"), [
    # rules/judgement.py: the labels of the two fields (scoring.LABELS) replace the YAML names and their glosses.
    ("本指标需评价人员评分：请填写 score（得分）和 basis（评分依据）", "本指标需评价人员评分：请填写评定得分和评分依据"),
    # checks/impossible.py: the figure's name already says it; a different name keeps the figure's label in brackets.
    ("政府采购执行率（figures.政府采购执行率）为负数：-5%，比率不可能为负", "政府采购执行率为负数：-5%，比率不可能为负"),
    ("资产总额（figures.总资产）低于负债（figures.负债）", "资产总额（总资产）低于负债"),
    ("缺少年度指标值（target）", "缺少年度指标值"),
    ("评定得分须写明评分依据（basis）", "评定得分须写明评分依据"),
    ("请填写 met（是/否）或评定得分", "请填写是否达成（是/否）或评定得分"),
    ("由评价人员评定得分（score 与 basis）", "由评价人员评定得分（评定得分与评分依据）"),
    ("自评总分（stated_total）超过 100 分", "自评总分（报告所列总分）超过 100 分"),
    ("“x”下的指标须注明所属类别 group（可选：产出指标、效益指标）", "“x”下的指标须注明所属类别（可选：产出指标、效益指标）"),
    # What was typed, quoted in “”, is never rewritten.
    ("实际完成值（actual）“score 5”没有写单位", "实际完成值“score 5”没有写单位"),
])
def test_yaml_names_become_page_labels(engine, page):
    assert on_page(engine) == page


def test_pages_show_labels_and_the_engine_keeps_yaml_names(login, own_submission):
    from jixiao.web.rounds.context import state_of

    client = login("filler_own")
    page = client.get(f"/submissions/{own_submission.pk}/").content.decode()
    # The empty draft's judged rows (e.g. 编外人员控制率) wait for a score.
    assert "请填写评定得分和评分依据" in page and "score（得分）" not in page
    response = client.post(f"/submissions/{own_submission.pk}/save/", {"figures|政府采购执行率": "-5%", "version": own_submission.version}, HTTP_HX_REQUEST="true")
    live = response.content.decode()
    assert "政府采购执行率为负数" in live and "figures." not in live
    own_submission.refresh_from_db()
    messages = [f.message for f in state_of(own_submission).scored.findings]
    # The CLI's message (from the same engine) is unchanged.
    assert any(m.startswith("政府采购执行率（figures.政府采购执行率）为负数") for m in messages)
    assert any("请填写 score（得分）和 basis（评分依据）" in m for m in messages)


def test_an_english_browser_still_gets_chinese_pages(demo, login):
    """LocaleMiddleware followed the browser's Accept-Language: Chromium's default en-US showed the monitoring
    round's dates as "June 30, 2024" (and would give Django's own messages in English). The one language is 简体中文."""
    from jixiao.web.monitoring.models import MonitoringRound

    round_ = MonitoringRound.objects.order_by("id").first()
    page = login("finance_own").get(f"/monitoring/{round_.pk}/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    as_of = round_.as_of
    assert f"数据截至 {as_of.year}年{as_of.month}月{as_of.day}日" in page
    assert as_of.strftime("%B") not in page
    assert 'lang="zh-hans"' in page
