"""The browser journey for a project (jixiao.web.projects): dw1 fills the 农村人居环境整治项目 draft (started from the
demo's 1–6 月 monitoring), watching the score change as it types, submits; zgbm1 returns it; dw1 submits again; zgbm1
approves."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.web, pytest.mark.browser]

# examples/projects/农村人居环境整治项目.yaml as a person types it; hand calculation in that file: 88.30 (良)
TYPING = [
    ("funds|年度资金总额|initial", "300"), ("funds|年度资金总额|budget", "300"), ("funds|年度资金总额|spent", "264"),
    ("text|execution_reason", "2 个村的整治工程年底完工，尾款 36 万元尚未支付；今后加快验收结算。"),
    ("ind|整治行政村数量|actual", "18"), ("ind|整治行政村数量|reason", "2 个村因土地协调延后；今后提前协调。"),
    ("ind|垃圾收运覆盖率|actual", "100"), ("ind|整治任务按期完成率|actual", "100"),
    ("ind|村容村貌改善|actual", "18 个村明显改善，2 个村尚未完成"), ("ind|村容村貌改善|score", "22"),
    ("ind|村容村貌改善|basis", "18 个整治村改善明显，2 个村未完成整治。"), ("ind|村容村貌改善|reason", "2 个村整治延后；下年优先完成。"),
    ("ind|群众满意度|actual", "92"),
]


def _type(page, name: str, text: str) -> None:
    """One field typed and left: the page saves it (htmx) and the scores come back in place."""
    field = page.locator(f"[name='{name}']")
    if field.input_value() == text:
        return  # prefilled from the 绩效目标表 (年初/全年预算数): no change to send
    with page.expect_response(re.compile(r"/projects/\d+/save/$")):
        field.fill(text)
        field.press("Tab")


def test_a_project_filled_submitted_returned_and_approved(log_in):
    unit = log_in("dw1")
    unit.goto("/")
    unit.get_by_role("link", name=re.compile("2021 年度部门整体支出绩效自评")).first.click()
    unit.get_by_role("link", name="项目支出绩效自评").click()
    unit.get_by_role("link", name="农村人居环境整治项目").click()
    project_url = unit.url
    # the draft starts from the demo's 1–6 月 monitoring: its forecast, and where it came from, until typed over
    expect(unit.locator("[name='ind|整治行政村数量|actual']")).to_have_value("20个")
    expect(unit.locator("body")).to_contain_text("上次绩效运行监控：2021 年 1–6 月项目绩效运行监控")
    for name, text in TYPING[:3]:
        _type(unit, name, text)
    expect(unit.locator("#funds-score")).to_have_text("8.80")  # 264 / 300 = 88% × 10
    with unit.expect_response(re.compile(r"/save/$")):
        unit.locator("[name='ind|村容村貌改善|state']").select_option("部分达成")
    for name, text in TYPING[3:]:
        _type(unit, name, text)
    expect(unit.locator("#project-total")).to_contain_text("88.30")
    expect(unit.locator("[name='ind|整治行政村数量|actual']")).to_have_value("18")  # what was typed stays
    unit.get_by_role("button", name="提交").click()
    expect(unit.locator("body")).to_contain_text("已提交，自评分 88.30（良）")
    # 18 个 at year end against the monitoring's 确定能 20个: a warning, which does not stop submitting
    expect(unit.locator("body")).to_contain_text("1-6月监控时完成目标可能性为“确定能”（全年预计完成情况 20个），年底实际完成值 18个")

    reviewer = log_in("zgbm1")
    reviewer.goto(project_url)
    reviewer.locator("textarea[name=comment]").fill("请补充 2 个未完成村的整治计划")
    reviewer.get_by_role("button", name="退回").click()
    expect(reviewer.locator("body")).to_contain_text("已退回项目")

    unit.goto(project_url)
    expect(unit.locator("body")).to_contain_text("退回意见：请补充 2 个未完成村的整治计划")
    _type(unit, "text|improvements", "下年一季度完成剩余 2 个村的整治。")
    unit.get_by_role("button", name="提交").click()
    expect(unit.locator("body")).to_contain_text("已提交")

    reviewer.goto(project_url)
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.locator("body")).to_contain_text("已审核通过")
    reviewer.goto(re.sub(r"/projects/\d+/$", "", project_url) or "/")
