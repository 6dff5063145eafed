"""Units and people: a 单位名单 joined to an open round, accounts with one-time passwords, the 财政局's people page."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook

pytestmark = pytest.mark.web

HEADER = ("单位名称", "单位代码", "上级单位", "联系人", "手机", "邮箱", "用户名")


def _xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "名单.xlsx"
    return data


def _upload(client, round_, rows):
    return client.post(f"/rounds/{round_.pk}/roster/", {"file": _xlsx(rows)})


GOOD = [
    ("演示市第三中学", "12440300A01", "演示市教育局", "王老师", "13800138000", "", ""),
    ("演示市第一中学", "12440300A02", "演示市教育局", "", "", "", ""),  # already in the round
    ("演示市科学技术局", "", "演示市财政局", "", "", "", ""),  # a new 主管部门
    ("演示市科技服务中心", "12440300B01", "演示市科学技术局", "李主任", "0755-12345678", "", "kjfw"),
]


def test_the_list_joins_the_round_and_says_what_was_added(demo, login):
    from jixiao.web.people.models import FirstLogin, UnitCode

    response = _upload(login("finance_own"), demo, GOOD)
    page = response.content.decode()
    assert response.status_code == 200, page
    assert re.search(r'新加入本批次 <strong id="added-count">2</strong> 个单位：演示市第三中学、演示市科技服务中心', page)
    assert '<strong id="already-count">1</strong> 个：演示市第一中学' in page
    assert set(demo.submissions.values_list("unit__name", flat=True)) >= {"演示市第三中学", "演示市科技服务中心"}
    assert UnitCode.objects.get(code="12440300B01").organisation.name == "演示市科技服务中心"
    # Accounts: username from the code (lower case) or the 用户名 column; passwords shown once, to change at first login.
    passwords = dict(re.findall(r"<td>(12440300a01|kjfw)</td><td>[^<]*</td><td><code>([^<]+)</code>", page))
    assert set(passwords) == {"12440300a01", "kjfw"} and FirstLogin.objects.count() == 2
    assert response["Cache-Control"] == "no-store"
    # Again: nothing added twice, no new account.
    again = _upload(login("finance_own"), demo, GOOD).content.decode()
    assert '<strong id="added-count">0</strong>' in again and "已有账号（未改密码）：12440300a01、kjfw" in again


def test_a_new_account_must_change_its_password_first(demo, login, client):
    page = _upload(login("finance_own"), demo, GOOD[:1]).content.decode()
    password = re.search(r"<code>([^<]+)</code>", page).group(1)
    response = client.post("/accounts/login/", {"username": "12440300a01", "password": password})
    assert response.status_code == 302
    assert client.get("/").url == "/accounts/password/"
    assert client.get("/todo/").url == "/accounts/password/"
    changed = client.post("/accounts/password/", {"old_password": password, "new_password1": "新的密码-2026-abc", "new_password2": "新的密码-2026-abc"})
    assert changed.status_code == 302
    assert client.get("/").status_code == 200
    assert "演示市第三中学" in client.get("/").content.decode()


@pytest.mark.parametrize("row,message", [
    (("演示市第四中学", "X1", "演示市教育局", "赵", "1380013800", "", ""), "第 2 行：手机号码应为 11 位数字，收到“1380013800”（10 位）"),
    (("演示市第四中学", "X1", "演示市卫生局", "", "", "", ""), "第 2 行：主管部门“演示市卫生局”不存在"),
    (("演示市第四中学", "X1", "演示市教育局", "赵", "", "不是邮箱", ""), "第 2 行：邮箱格式不对"),
])
def test_a_bad_row_refuses_the_whole_list(demo, login, row, message):
    from jixiao.web.orgs.models import Organisation

    before = demo.submissions.count()
    response = _upload(login("finance_own"), demo, [row, ("演示市第五中学", "X2", "演示市教育局", "", "", "", "")])
    assert response.status_code == 400 and message in response.content.decode()
    assert demo.submissions.count() == before and not Organisation.objects.filter(name="演示市第五中学").exists()


def test_duplicate_codes_are_refused_with_both_rows_named(demo, login):
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.people.models import UnitCode

    page = _upload(login("finance_own"), demo, [
        ("演示市第四中学", "Y1", "演示市教育局", "", "", "", ""), ("演示市第五中学", "Y1", "演示市教育局", "", "", "", ""),
    ]).content.decode()
    assert "第 2 行：单位代码“Y1”在表中重复" in page and "第 3 行：单位代码“Y1”在表中重复" in page
    UnitCode.objects.create(organisation=Organisation.objects.get(name="演示市第一中学"), code="Y9")
    page = _upload(login("finance_own"), demo, [("演示市第四中学", "Y9", "演示市教育局", "", "", "", "")]).content.decode()
    assert "第 2 行：单位代码“Y9”已属于“演示市第一中学”" in page


def test_people_page_adds_deactivates_and_re_roles_within_the_region(demo, login, client):
    from django.contrib.auth import get_user_model

    from jixiao.web.orgs.models import Membership, Organisation

    finance = login("finance_own")
    school = Organisation.objects.get(name="演示市第二中学")
    page = finance.post("/people/", {"username": "dw9", "full_name": "新填报人", "organisation": school.pk}).content.decode()
    password = re.search(r'<code id="issued-password">([^<]+)</code>', page).group(1)
    person = get_user_model().objects.get(username="dw9")
    assert person.check_password(password) and person.memberships.get().role == Membership.FILLER
    taken = finance.post("/people/", {"username": "dw1", "full_name": "重名", "organisation": school.pk})
    assert taken.status_code == 400 and "用户名“dw1”已被使用" in taken.content.decode() and 'value="重名"' in taken.content.decode()
    # Re-role: to the 主管部门 the role becomes 主管部门审核.
    department = Organisation.objects.get(name="演示市教育局")
    finance.post(f"/people/{person.pk}/", {"action": "move", "organisation": department.pk})
    assert list(person.memberships.values_list("organisation__name", "role")) == [("演示市教育局", Membership.REVIEWER)]
    finance.post(f"/people/{person.pk}/", {"action": "deactivate"})
    person.refresh_from_db()
    assert not person.is_active
    assert client.post("/accounts/login/", {"username": "dw9", "password": password}).status_code == 200  # refused
    # Another region's 财政局 cannot touch this region's people; nor move them outside its own region.
    assert login("finance_foreign").post(f"/people/{person.pk}/", {"action": "activate"}).status_code == 404
    other = Organisation.objects.get(name="另一市财政局")
    finance.post(f"/people/{person.pk}/", {"action": "move", "organisation": other.pk})
    assert person.memberships.get().organisation == department
