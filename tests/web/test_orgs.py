"""Organisations: import from an org list xlsx (errors by cell, all or nothing), CLI, scope of the seed."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from jixiao.web.orgs.models import Membership, Organisation

pytestmark = pytest.mark.web


def _org_list(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["单位名称", "上级单位", "联系人", "手机"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_seed_is_idempotent_and_shaped_as_documented(demo):
    from jixiao.web.orgs.demo import seed_demo

    seed_demo()
    assert Organisation.objects.filter(kind=Organisation.DEPARTMENT).count() == 2
    assert list(Organisation.objects.filter(own_level=True).values_list("name", flat=True).order_by("name")) == ["演示市政务服务数据管理局本级", "演示市教育局本级"]
    assert demo.submissions.count() == 5
    assert demo.submissions.get(unit__name="演示市政务服务数据管理局本级").facts["figures"] == {}  # dw1: empty for the browser test
    assert demo.submissions.get(unit__name="演示市第一中学").facts["figures"]["年初预算"] == "5281.87"


def test_import_org_list(login, demo):
    content = _org_list([
        ("演示市卫生健康委员会", "演示市财政局", "张三", "13800000000"),
        ("演示市卫生健康委员会本级", "演示市卫生健康委员会", "李四", "13900000000"),
        ("演示市人民医院", "演示市卫生健康委员会", "", ""),
    ])
    response = login("finance_own").post("/orgs/import/", {"file": SimpleUploadedFile("名单.xlsx", content)}, follow=True)
    assert "已导入 3 个单位" in response.content.decode()
    department = Organisation.objects.get(name="演示市卫生健康委员会")
    assert department.kind == Organisation.DEPARTMENT and department.parent.name == "演示市财政局" and department.contact == "张三"
    own = Organisation.objects.get(name="演示市卫生健康委员会本级")
    assert own.kind == Organisation.UNIT and own.own_level and own.parent == department


def test_import_errors_by_cell_and_nothing_imported(login, demo):
    content = _org_list([
        ("演示市卫生健康委员会", "演示市财政局", "张三", "一三八"),
        ("演示市人民医院", "不存在的部门", "", ""),
        ("", "演示市财政局", "", ""),
    ])
    response = login("finance_own").post("/orgs/import/", {"file": SimpleUploadedFile("名单.xlsx", content)})
    html = response.content.decode()
    assert "名单.xlsx，单元格 Sheet!D2：手机号码应为数字，收到“一三八”" in html
    assert "名单.xlsx，单元格 Sheet!A4：单位名称不能为空" in html
    # Every problem of the list at once, the 上级单位 that fits nowhere too, in row order.
    assert html.index("Sheet!D2") < html.index("名单.xlsx，单元格 Sheet!B3：上级单位“不存在的部门”既不是本财政局") < html.index("Sheet!A4")
    assert not Organisation.objects.filter(name="演示市卫生健康委员会").exists()
    response = login("finance_own").post("/orgs/import/", {"file": SimpleUploadedFile("名单.xlsx", _org_list([("演示市人民医院", "不存在的部门", "", "")]))})
    assert "名单.xlsx，单元格 Sheet!B2：上级单位“不存在的部门”既不是本财政局（演示市财政局），也不是表中或已有的主管部门" in response.content.decode()
    assert not Organisation.objects.filter(name="演示市人民医院").exists()


def test_cli_import_and_add_person(demo, tmp_path, capsys):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(_org_list([("演示市水务局", "演示市财政局", "", "")]))
    call_command("import_orgs", str(path), "--region", "演示市财政局")
    call_command("add_person", "sw1", "--org", "演示市水务局", "--password", "long-enough-pass")
    assert Membership.objects.get(user__username="sw1").role == Membership.REVIEWER
    call_command("add_person", "dw1", "--org", "演示市水务局")  # one person, roles in two organisations
    assert Membership.objects.filter(user__username="dw1").count() == 2
    with pytest.raises(CommandError, match="没有名为“无此单位”的单位"):
        call_command("add_person", "x", "--org", "无此单位", "--password", "p")
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(_org_list([("演示市林业局", "无此上级", "", "")]))
    with pytest.raises(CommandError, match="单元格 Sheet!B2"):
        call_command("import_orgs", str(bad), "--region", "演示市财政局")


def test_person_with_two_roles_sees_both_scopes(login, demo, users):
    """dw1 also reviews 演示市教育局: it sees that department's units, and still fills its own."""
    education = Organisation.objects.get(name="演示市教育局")
    Membership.objects.create(user=users["filler_own"], organisation=education, role=Membership.REVIEWER)
    client = login("filler_own")
    school = demo.submissions.get(unit__name="演示市第一中学")
    assert client.get(f"/submissions/{school.pk}/review/").status_code == 200
    assert client.get(f"/submissions/{demo.submissions.get(unit__name='演示市政务服务中心').pk}/").status_code == 403


def test_jixiao_org_cli(demo, tmp_path, cli):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(_org_list([("演示市水务局", "演示市财政局", "", "")]))
    code, out, _err = cli("org", "import", path, "--region", "演示市财政局")
    assert code == 0 and "已导入 1 个单位" in out
    code, _out, err = cli("org", "add-person", "x", "--org", "无此单位", "--password", "long-enough-pass")
    assert code == 2 and "没有名为“无此单位”的单位" in err
