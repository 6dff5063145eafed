"""A finance bureau running the full demo region in a real browser: the overview (ECharts drawn under the CSP),
a search in the unit list, a 主管部门's batch approval, a seeded 抽查 draw assigned to an outside evaluator who
sees only those units; a unit added from a 单位名单 whose new account (password by mail) changes its password at
first login, is late, gets `jixiao remind`'s 逾期 mail, cannot submit until the 财政局 extends its due date, then can.
Mail goes to a real SMTP server (aiosmtpd) in this test process."""
from __future__ import annotations

import hashlib
import io
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from web.mailbox import smtp_server

from . import pages

pytestmark = [pytest.mark.web, pytest.mark.browser]
DEMO = "full"  # this module's server runs the full demo (four more 主管部门, last year's round, an evaluator)


@pytest.fixture(scope="module")
def inbox():
    with smtp_server() as received:
        yield received


@pytest.fixture(scope="module")
def server_settings(inbox):
    """The server (and `jixiao remind` run against its data) mails to `inbox`."""
    return {"JIXIAO_SMTP_HOST": "127.0.0.1", "JIXIAO_SMTP_PORT": str(inbox.port), "JIXIAO_MAIL_FROM": "jixiao@demo.example"}


def test_overview_search_batch_approval_and_a_seeded_draw(log_in):
    finance = log_in("czj")
    finance.get_by_role("link", name="总览").first.click()
    expect(finance.locator("h1")).to_contain_text("总览")
    # ECharts (served by this site) drew every chart: a canvas in each chart box.
    expect(finance.locator("[data-chart] canvas")).to_have_count(4)
    assert int(finance.locator("#late-count").inner_text()) > 0
    expect(finance.locator("#table-grades")).to_contain_text("上年单位数")

    finance.get_by_role("link", name="单位列表").click()
    finance.get_by_label("单位名称或代码").fill("医院")
    finance.get_by_role("button", name="查找").click()
    expect(finance.locator("#found-count")).to_contain_text("共 2 个单位")
    expect(finance.locator("#unit-list tbody tr")).to_have_count(2)

    reviewer = log_in("zgbm4")
    reviewer.goto(finance.url.split("?")[0] + "?state=submitted")
    boxes = reviewer.locator("#unit-list input[type=checkbox]")
    expect(boxes).to_have_count(2)
    for index in range(2):
        boxes.nth(index).check()
    reviewer.get_by_label("意见（退回时必填）").fill("材料齐全，同意")
    reviewer.get_by_role("button", name="批量审核通过").click()
    expect(reviewer.locator("#messages")).to_contain_text("已审核通过 2 个单位")

    finance.goto(finance.url.split("/units/")[0] + "/sample/")
    finance.get_by_label("或抽取个数").fill("3")
    finance.get_by_label("随机种子（不填则随机生成并记录）").fill("20261201")
    finance.get_by_role("button", name="抽取").click()
    expect(finance.locator("#messages")).to_contain_text("已抽取 3 个单位（种子 20261201）")
    shown = finance.locator(".draw").first.locator("tbody tr td:first-child").all_inner_texts()
    lots = finance.locator(".draw").first.locator("tbody code").all_inner_texts()
    # Each shown lot is the start of SHA-256("20261201:<unit>"), smallest first.
    assert lots == [hashlib.sha256(f"20261201:{name}".encode()).hexdigest()[:12] for name in shown] and lots == sorted(lots)

    # The drawn units go to the outside evaluator, who sees those and nothing else of the round.
    finance.locator(".draw").first.get_by_role("button", name="委托").click()
    expect(finance.locator("#messages")).to_contain_text("已委托演示绩效评价咨询有限公司评价 3 个单位")
    evaluator = log_in("pg1", by_request=True)
    evaluator.goto("/evaluations/")
    expect(evaluator.locator("#assigned tbody tr")).to_have_count(3)
    assert sorted(evaluator.locator("#assigned tbody td:first-child").all_inner_texts()) == sorted(shown)
    evaluator.locator("#assigned tbody a").first.click()
    assert evaluator.locator("h1").inner_text().split(" · ")[0] in shown
    assert "复核得分" in evaluator.locator("table").first.inner_text()
    round_url = finance.url.split("/sample/")[0] + "/"
    for url in (round_url, round_url + "units/", round_url + "overview/"):
        assert evaluator.goto(url).status == 403, url


def _roster(unit: str, department: str, contact: str, email: str, username: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(("单位名称", "单位代码", "上级单位", "联系人", "手机", "邮箱", "用户名"))
    book.active.append((unit, "11440300MB2E54321K", department, contact, "13800138000", email, username))
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_an_added_late_unit_with_its_new_account_a_mailed_reminder_and_an_extension(log_in, demo_server, inbox, tmp_path):
    from web.dapeng import corrected_dapeng

    unit, address = "演示市出租汽车服务中心", "li.ming@demo.example"
    finance = log_in("czj", by_request=True)
    finance.goto("/")
    finance.get_by_role("link", name="2021 年度部门整体支出绩效自评").first.click()
    finance.get_by_role("link", name="加入单位").click()
    roster = tmp_path / "单位名单.xlsx"
    roster.write_bytes(_roster(unit, "演示市交通运输局", "李明", address, "czfw"))
    finance.get_by_label("单位名单（.xlsx）").set_input_files(str(roster))
    finance.get_by_role("button", name="导入并加入批次").click()
    expect(finance.locator("#added-count")).to_have_text("1")
    expect(finance.locator("#new-accounts")).to_contain_text("已发送邮件")  # mail is on: the password is not on the page
    (mail,) = inbox.to(address)
    password = re.search(r"初始密码：(\S+)", mail.get_content()).group(1)

    # The new account's first login: the password must be changed before anything else.
    person = log_in(None)
    person.goto("/")
    person.locator("input[name=username]").fill("czfw")
    person.locator("input[name=password]").fill(password)
    person.get_by_role("button", name="登录").click()
    person.goto("/")  # anywhere else: back to the password change
    assert "/password" in person.url, person.url
    person.locator("input[name=old_password]").fill(password)
    person.locator("input[name=new_password1]").fill("Chuzu-Qiche-2027")
    person.locator("input[name=new_password2]").fill("Chuzu-Qiche-2027")
    person.locator("form:has(input[name=new_password1]) button[type=submit]").click()
    person.wait_for_load_state()
    pages.open_submission(person, unit)
    submission_url = person.url

    # The round's due date passed five days ago: `jixiao remind` (as cron runs it) sends the 逾期 notice by mail.
    assert "发送邮件" in demo_server.command("remind")
    overdue = [m for m in inbox.to(address) if m["Subject"] == "jixiao 绩效：已逾期"]
    assert len(overdue) == 1 and f"{unit}的填报" in overdue[0].get_content()  # run again, nothing doubles: tests/web/test_notices.py

    # The unit loads its figures, explains the warnings, and is refused: it is late.
    facts = tmp_path / "出租汽车.yaml"
    facts.write_bytes(corrected_dapeng(unit))
    person.locator("#facts-file").set_input_files(str(facts))
    pages.press(person, "导入")
    assert "已导入" in pages.messages(person), pages.messages(person)
    assert pages.explain_warnings(person, "已在报告“存在的问题”中说明。") > 0
    pages.press(person, "提交")
    assert "如需延期，请联系财政局" in pages.messages(person) and pages.state(person) == "草稿"

    # The 财政局 extends this unit's due date, with a reason; now it can submit.
    finance.goto(submission_url.rstrip("/") + "/deadline/")
    later = date.today() + timedelta(days=7)
    finance.get_by_label("延长至").fill(later.isoformat())
    finance.get_by_label("理由").fill("新加入本批次的单位，给予一周填报时间")
    finance.get_by_role("button", name="延期").click()
    expect(finance.locator("#unit-due")).to_have_text(later.isoformat())
    person.reload()
    pages.press(person, "提交")
    assert pages.state(person) == "已提交", pages.messages(person)
