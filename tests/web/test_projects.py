"""The project pages: a unit fills a project (re-scored on every save), submits, its 主管部门 returns and approves;
the finance bureau imports projects from a 绩效目标表; the round's project view and 项目自评汇总表."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest

pytestmark = pytest.mark.web


@pytest.fixture
def projects(demo):
    from jixiao.web.projects.models import ProjectSubmission

    return {p.project: p for p in ProjectSubmission.objects.filter(round=demo)}


def _form(submission, **changes):
    from jixiao.web.projects import services

    data = {}
    for line, values in (submission.facts.get("funds") or {}).items():
        for key, value in values.items():
            data[f"funds|{line}|{key}"] = value
    for name, values in (submission.facts.get("indicators") or {}).items():
        for key, value in values.items():
            data[f"ind|{name}|{key}"] = value
    for key, _label in services.TEXTS:
        data[f"text|{key}"] = submission.facts.get(key, "")
    data.update(changes)
    return data


def test_the_demo_project_is_scored_as_the_cli_scores_it(projects, login):
    farmland = projects["高标准农田建设项目"]
    # the same figures as examples/projects/高标准农田建设项目.yaml: 9.39 + 49.17 + 30 + 10 = 98.56
    assert farmland.score == Decimal("98.56") and farmland.grade == "优"
    page = login("filler_own").get(f"/projects/{farmland.pk}/").content.decode()
    assert "98.56" in page and "项目完工时间" in page and "偏差原因分析及改进措施" in page


def test_fill_submit_return_approve(projects, login):
    from jixiao.web.projects.models import ProjectSubmission

    farmland = projects["高标准农田建设项目"]
    filler, reviewer = login("filler_own"), login("reviewer_own")
    # a missed target without its reason: re-scored at once (htmx), the reason asked for, submitting refused
    response = filler.post(f"/projects/{farmland.pk}/save/", _form(farmland, **{"ind|新建高标准农田面积|actual": "1.8"}), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and 'hx-swap-oob="true"' in body and "<html" not in body and "<input" not in body
    # 1.8 / 2 × 20 = 18: 98.56 − 2 = 96.56
    assert "96.56" in body and "未填写偏差原因分析及改进措施" in body
    filler.post(f"/projects/{farmland.pk}/submit/")
    assert ProjectSubmission.objects.get(pk=farmland.pk).state == "draft"
    filler.post(f"/projects/{farmland.pk}/save/", _form(ProjectSubmission.objects.get(pk=farmland.pk), **{"ind|新建高标准农田面积|reason": "两个片区延至下年；加快施工"}))
    response = filler.post(f"/projects/{farmland.pk}/submit/")
    assert response.status_code == 302 and ProjectSubmission.objects.get(pk=farmland.pk).state == "submitted"
    reviewer.post(f"/projects/{farmland.pk}/return/", {"comment": "请附验收报告"})
    returned = ProjectSubmission.objects.get(pk=farmland.pk)
    assert returned.state == "returned" and returned.comment == "请附验收报告"
    assert "请附验收报告" in filler.get(f"/projects/{farmland.pk}/").content.decode()
    filler.post(f"/projects/{farmland.pk}/submit/")
    reviewer.post(f"/projects/{farmland.pk}/approve/")
    assert ProjectSubmission.objects.get(pk=farmland.pk).state == "approved"


def test_wrong_unit_is_shown_at_its_field_and_what_was_typed_is_kept(projects, login):
    farmland = projects["高标准农田建设项目"]
    response = login("filler_own").post(f"/projects/{farmland.pk}/save/", _form(farmland, **{"ind|工程验收合格率|actual": "93个"}))
    body = response.content.decode()
    # the field keeps what was typed and says why; the rest is scored without it: 98.56 − 15 = 83.56
    assert 'value="93个"' in body and "单位不同" in body and "83.56" in body


def test_finance_imports_projects_from_a_targets_workbook(demo, login, tmp_path):
    from jixiao.projects.load import load_targets
    from jixiao.projects.targets_xlsx import write_targets_xlsx
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.projects.models import ProjectSubmission
    from conftest import EXAMPLES

    path = tmp_path / "目标表.xlsx"
    write_targets_xlsx(path, load_targets(EXAMPLES / "projects" / "目标表.yaml"))
    unit = Organisation.objects.get(name="演示市政务服务数据管理局本级").parent.children.exclude(name="演示市政务服务数据管理局本级").first()
    with path.open("rb") as handle:
        response = login("finance_own").post(f"/rounds/{demo.pk}/projects/import/", {"unit": unit.pk, "targets": handle})
    assert response.status_code == 302
    assert set(ProjectSubmission.objects.filter(unit=unit).values_list("project", flat=True)) == {"高标准农田建设项目", "农村人居环境整治项目"}
    broken = io.BytesIO(b"department: x\nyear: 2023\nprojects: [{project: p, indicators: [{name: a, nature: \xe2\x89\xa5, value: 1, weight: 50}]}]\n")
    broken.name = "坏的目标表.yaml"
    response = login("finance_own").post(f"/rounds/{demo.pk}/projects/import/", {"unit": unit.pk, "targets": broken}, follow=True)
    page = response.content.decode()
    assert "坏的目标表.yaml" in page and "/tmp" not in page


def test_round_project_view_and_summary(demo, projects, login):
    from openpyxl import load_workbook

    page = login("finance_own").get(f"/rounds/{demo.pk}/projects/").content.decode()
    assert "高标准农田建设项目" in page and "98.56" in page and "导入项目" in page
    response = login("reviewer_own").get(f"/rounds/{demo.pk}/projects/summary.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["项目自评汇总表"]
    rows = [[c.value for c in row] for row in workbook.active.iter_rows(min_row=3, max_row=4)]
    # 农村人居环境整治项目 starts from the demo's 1–6 月 monitoring (its forecasts, every target met; 全年预计执行数 290):
    # 290 / 300 = 96.67% → 9.67, + 50 + 30 + 10 = 99.67 until the unit types its year-end figures
    assert [(r[1], r[4], r[5], r[7], r[8]) for r in rows] == [("农村人居环境整治项目", 300, 290, 99.67, "优"), ("高标准农田建设项目", 1150, 1080, 98.56, "优")]
    assert login("filler_foreign").get(f"/rounds/{demo.pk}/projects/").content.decode().count("高标准农田建设项目") == 0


def test_department_figures_from_its_projects(demo, projects, login):
    page = login("reviewer_own").get(f"/rounds/{demo.pk}/projects/").content.decode()
    # 高标准农田: 7 targets, 6 reached (项目完工时间 12 > 11 月); 农村人居环境 starts from the monitoring's forecasts: 5 of 5
    assert "部门整体自评取自项目自评的数据" in page and "绩效目标 12 个，已实现 11 个" in page and "未按期：高标准农田建设项目" in page
    assert "2 个项目中 2 个设置了绩效目标" in page



def test_a_target_changed_on_the_page_keeps_who_when_and_why(projects, login):
    from jixiao.web.projects.models import ProjectSubmission

    farmland = projects["高标准农田建设项目"]
    reviewer = login("reviewer_own")
    reviewer.post(f"/projects/{farmland.pk}/targets/", {"indicator": "项目完工时间", "field": "value", "value": "12", "reason": " "})
    assert ProjectSubmission.objects.get(pk=farmland.pk).targets["indicators"][2]["value"] == "11"  # no reason: refused
    reviewer.post(f"/projects/{farmland.pk}/targets/", {"indicator": "项目完工时间", "field": "value", "value": "十二", "reason": "汛期"})
    assert ProjectSubmission.objects.get(pk=farmland.pk).targets["indicators"][2]["value"] == "11"  # not a number: refused
    reviewer.post(f"/projects/{farmland.pk}/targets/", {"indicator": "项目完工时间", "field": "value", "value": "12", "reason": "汛期顺延一个月，经财政局同意"})
    changed = ProjectSubmission.objects.get(pk=farmland.pk)
    last = changed.targets["history"][-1]
    assert (last["indicator"], last["before"], last["after"], last["reason"]) == ("项目完工时间", "11", "12", "汛期顺延一个月，经财政局同意")
    assert last["by"] and last["at"]
    # 完工 12 ≤ 12 月 now met: 9.17 → 10, total 98.56 + 0.83 = 99.39
    page = login("filler_own").get(f"/projects/{farmland.pk}/").content.decode()
    assert "99.39" in page and "汛期顺延一个月" in page


def test_the_year_end_starts_from_the_last_monitoring_and_checks_its_forecast(demo, projects, login):
    # the demo's 2021 1–6 月 项目 monitoring (examples/某县农业农村局-2023-1至6月-监控.yaml), approved on 12 July
    village = login("filler_own").get(f"/projects/{projects['农村人居环境整治项目'].pk}/").content.decode()
    assert 'value="20个"' in village  # 整治行政村数量: the forecast, as a starting value the unit types over
    assert "取自1-6月监控：全年预计完成情况 20个（1-6月执行情况 9个" in village and "上次绩效运行监控：2021 年 1–6 月项目绩效运行监控" in village
    farmland = login("filler_own").get(f"/projects/{projects['高标准农田建设项目'].pk}/").content.decode()
    # typed at year end: 项目完工时间 12 against ≤11月, which the monitoring forecast as 11月 with 确定能
    assert "1-6月监控时完成目标可能性为“确定能”（全年预计完成情况 11月），年底实际完成值 12月 未达到年度指标值 ≤11月" in farmland
    listing = login("reviewer_own").get(f"/rounds/{demo.pk}/projects/").content.decode()
    # both projects in dw1's 监控表, submitted on 10 July before the 15 July due date
    assert "绩效监控开展情况（取自“2021 年 1–6 月项目绩效运行监控”）" in listing
    assert "应监控 2 个项目，已监控 2 个（未监控：无），按时报送 2 个（截止 2021-07-15）（逾期：无）" in listing


def test_a_value_typed_over_the_monitoring_loses_its_note(projects, login):
    village = projects["农村人居环境整治项目"]
    login("filler_own").post(f"/projects/{village.pk}/save/", _form(village, **{"ind|整治行政村数量|actual": "18"}))
    village.refresh_from_db()
    typed, kept = village.facts["indicators"]["整治行政村数量"], village.facts["indicators"]["垃圾收运覆盖率"]
    assert typed["actual"] == "18" and typed["basis"] == ""  # typed wins; no longer "取自1-6月监控"
    assert kept["actual"] == "100%" and kept["basis"].startswith("取自1-6月监控：全年预计完成情况 100%")
