"""The monitoring web: the demo's round, the warnings board, a unit's upload / submit, review, dispositions."""
from __future__ import annotations

import io

import openpyxl
import pytest

pytestmark = pytest.mark.web


@pytest.fixture
def report(demo):
    from jixiao.web.monitoring.demo import TITLE
    from jixiao.web.monitoring.models import MonitoringReport

    return MonitoringReport.objects.get(unit__name="演示市政务服务数据管理局本级", round__title=TITLE)


def _template(client, report) -> openpyxl.Workbook:
    response = client.get(f"/monitoring/reports/{report.pk}/template.xlsx")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _upload(client, report, book):
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "监控填报表.xlsx"
    return client.post(f"/monitoring/reports/{report.pk}/upload/", {"file": data})


def test_demo_round_and_board(login, report):
    page = login("finance_own").get(f"/monitoring/{report.round_id}/").content.decode()
    # five units × (部门整体 + 3 projects); red (校园安全提升工程 in each unit) listed before yellow and green
    assert page.count("校园安全提升工程") == 5
    assert page.index("light-red") < page.index("light-yellow") < page.index("light-green")
    assert "低于节点要求" in page
    red_only = login("finance_own").get(f"/monitoring/{report.round_id}/?colour=red").content.decode()
    assert "学生营养改善计划" not in red_only and red_only.count("校园安全提升工程") == 5
    # a 主管部门 sees its own two units only
    mine = login("reviewer_own").get(f"/monitoring/{report.round_id}/").content.decode()
    assert mine.count("校园安全提升工程") == 2 and "演示市第一中学" not in mine


def test_warnings_xlsx(login, report):
    response = login("reviewer_own").get(f"/monitoring/{report.round_id}/warnings.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["预警清单"]
    listed = [(row[1].value, row[2].value, row[4].value) for row in sheet.iter_rows(min_row=3)]
    assert ("演示市政务服务数据管理局本级", "校园安全提升工程", "红") in listed
    assert all(unit.startswith("演示市政务服务") for unit, _, _ in listed)


def test_upload_bad_cell_keeps_the_stored_data(login, report):
    client = login("filler_own")
    book = _template(client, report)
    book["预算"]["E3"] = "九十"
    page = _upload(client, report, book).content.decode()
    assert "未保存" in page and "单元格 预算!E3" in page and "九十" in page
    report.refresh_from_db()
    assert report.version == 2  # as the demo stored it


def test_upload_changes_the_lights_and_submit_needs_the_causes(login, report):
    client = login("filler_own")
    book = _template(client, report)
    sheet = book["预算"]
    project_row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"A{r}"].value == "学生营养改善计划")
    sheet[f"E{project_row}"] = 100  # 100 / 500 = 20% at 6 月末 → red (below 40%)
    targets = book["指标"]
    meals = next(r for r in range(2, targets.max_row + 1) if targets[f"D{r}"].value == "供餐天数")
    targets[f"G{meals}"] = "40天"  # 40 / (190 × 182/366) = 42.3 → red, and no 偏差原因 ticked
    assert _upload(client, report, book).status_code == 302
    page = client.get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert "实际 20.00%，低于节点要求" in page and "须勾选偏差原因" in page
    client.post(f"/monitoring/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.state == "draft"  # refused until the cause is given
    targets[f"K{meals}"] = "√"
    targets[f"N{meals}"] = "食堂改造停伙 3 周"
    targets[f"O{meals}"] = "有可能"
    assert _upload(client, report, book).status_code == 302
    client.post(f"/monitoring/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.state == "submitted"


def test_return_comment_at_the_top_and_disposition_seen_by_the_unit(login, report):
    from jixiao.web.monitoring.models import MonitoringEvent

    login("filler_own").post(f"/monitoring/reports/{report.pk}/submit/")
    login("reviewer_own").post(f"/monitoring/reports/{report.pk}/return/", {"comment": "安防设备的原因说明请写明哪几所学校"})
    page = login("filler_own").get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert page.index("退回意见") < page.index("<h2>填报</h2>") and "哪几所学校" in page
    response = login("finance_own").post(
        f"/monitoring/reports/{report.pk}/dispose/",
        {"project": "校园安全提升工程", "action": "cut", "amount": "", "reason": "进度滞后", "decided_on": "2024-07-20"},
    )
    assert "须填写金额" in response.content.decode()  # a cut without its amount: at the field, nothing recorded
    login("finance_own").post(
        f"/monitoring/reports/{report.pk}/dispose/",
        {"project": "校园安全提升工程", "action": "cut", "amount": "50", "reason": "进度滞后", "decided_on": "2024-07-20"},
    )
    page = login("filler_own").get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert "校园安全提升工程</strong>：调减预算 50.00 万元" in page
    assert MonitoringEvent.objects.filter(report=report, action="预警处理").count() == 1
    with pytest.raises(ValueError):
        MonitoringEvent.objects.filter(report=report).first().delete()


def _default_thresholds(prefix: str = "") -> dict:
    """The thresholds form as the page shows it prefilled (the reference's defaults), as a browser posts it."""
    from jixiao.monitoring.thresholds import DEFAULT_THRESHOLDS
    from jixiao.web.monitoring.forms import ThresholdsForm

    return {prefix + key: ("" if value is None else value) for key, value in ThresholdsForm.initial_of(DEFAULT_THRESHOLDS).items()}


def test_open_a_round(login, demo):
    from jixiao.web.monitoring.models import MonitoringRound

    client = login("finance_own")
    page = client.post("/monitoring/", {"title": "2025 年 1–6 月监控", "year": "2025", "as_of": "2024-06-30", **_default_thresholds("t-")}).content.decode()
    assert "监控截止日期应在 2025 年度内" in page and "2025 年 1–6 月监控" in page  # what was typed is kept
    response = client.post("/monitoring/", {"title": "2025 年 1–6 月监控", "year": "2025", "as_of": "2025-06-30", "due": "2025-07-15", **_default_thresholds("t-")})
    assert response.status_code == 302
    assert MonitoringRound.objects.get(year=2025).reports.count() == 5
    assert login("filler_own").post("/monitoring/", {"title": "x", "year": "2025", "as_of": "2025-06-30"}).status_code == 403


# The field-by-field 监控表 (views_fill): dw1's draft in the demo round, 1–6 月 2024, 序时进度 182 / 366 = 49.73%.

def _form(report) -> dict:
    """Every field of the fill page as a browser posts it (an unticked box absent), with the page's version."""
    from jixiao.web.monitoring import services
    from jixiao.web.monitoring.fill import build_sheet

    report.refresh_from_db()
    sheet = build_sheet(report.data, *services.try_review(report), report.round.as_of.month)
    posted = {i.key: i.value for i in sheet.inputs if i.widget != "checkbox"}
    posted.update({i.key: "1" for i in sheet.inputs if i.widget == "checkbox" and i.value})
    return {**posted, "version": str(report.version)}


def _key(report, project: str, *rest) -> str:
    if project == "部门整体":
        return "|".join(str(p) for p in rest)
    index = next(i for i, p in enumerate(report.data["projects"]) if p["name"] == project)
    return "|".join(str(p) for p in ("projects", index, *rest))


def _target(report, project: str, name: str, field: str) -> str:
    targets = next(p for p in report.data["projects"] if p["name"] == project)["targets"]
    return _key(report, project, "targets", next(i for i, t in enumerate(targets) if t["name"] == name), field)


def _save(client, report, **changes):
    return client.post(f"/monitoring/reports/{report.pk}/save/", {**_form(report), **changes}, HTTP_HX_REQUEST="true")


def _error_at(page: str, key: str) -> str:
    """The text of the message element under the field `key` (its id is the key's hash, as the page makes it)."""
    import re

    from jixiao.web.rounds.sheet import element_id

    match = re.search(rf'id="{element_id("e", key)}"[^>]*>(.*?)</div>\s*(?:</div>|$|<)', page, re.S)
    assert match, key
    return re.sub(r"<[^>]+>", "", match.group(1))


def _light(page: str, key: str) -> str:
    import re

    from jixiao.web.rounds.sheet import element_id

    match = re.search(rf'id="{element_id("l", key)}"[^>]*>(?:<span class="light light-(\w+)")?', page)
    assert match, key
    return match.group(1) or ""


def test_fill_page_is_prefilled_with_the_lights(login, report):
    page = login("filler_own").get(f"/monitoring/reports/{report.pk}/fill/").content.decode()
    assert "年度指标值 ≥300台 · 累计指标" in page and 'value="90台"' in page  # the target from the 目标表, the 1–6 月 value
    assert "部分达成目标并具有一定效果" in page and "序时进度 49.73%" in page
    # 校园安全提升工程: 90 / 300 = 30% at 6 月末, below the 40% checkpoint → red; 安防设备 90 / (300 × 49.73%) = 60.33
    # → yellow progress, but its forecast 280台 < 300台 → red; 改造校舍面积 5000 / (12000 × 49.73%) = 83.78 → green
    assert _light(page, _key(report, "校园安全提升工程")) == "red"
    assert _light(page, _target(report, "校园安全提升工程", "安防设备安装数", "")[:-1]) == "red"
    assert "全年预计 280台，达不到年度指标值 ≥300台" in page and "完成程度 60.33" in page
    assert _light(page, _target(report, "校园安全提升工程", "改造校舍面积", "")[:-1]) == "green"
    readonly = login("reviewer_own").get(f"/monitoring/reports/{report.pk}/fill/").content.decode()
    assert "disabled" in readonly and "提交主管部门审核" not in readonly


def test_live_save_changes_the_lights_as_the_library_computes(login, report):
    client = login("filler_own")
    meals = _target(report, "学生营养改善计划", "供餐天数", "current")
    block = _key(report, "学生营养改善计划")
    before = client.get(f"/monitoring/reports/{report.pk}/fill/").content.decode()
    # 260 / 500 = 52% ≥ 40% and 52 / 49.73 × 100 = 104.6; 95 / (190 × 49.73%) = 100.5: all green
    assert _light(before, block) == "green" and _light(before, meals.rsplit("|", 1)[0]) == "green"
    live = _save(client, report, **{_key(report, "学生营养改善计划", "budget", "执行数"): "100"}).content.decode()
    # 100 / 500 = 20% < 40% → red, with its figures; swapped in place (hx-swap-oob), the page not reloaded
    assert 'hx-swap-oob="true"' in live and _light(live, block) == "red" and "实际 20.00%，低于节点要求" in live
    live = _save(client, report, **{meals: "40天"}).content.decode()
    # 40 / (190 × 182 / 366) × 100 = 42.34 < 60 → red, and a red target needs a 偏差原因 before the submit
    assert _light(live, meals.rsplit("|", 1)[0]) == "red" and "完成程度 42.34" in live
    assert "供餐天数：亮红灯，须勾选偏差原因" in live
    report.refresh_from_db()
    assert report.data["projects"][2]["targets"][1]["current"] == "40天"
    assert report.lights.get(name="学生营养改善计划").colour == "red"  # the board's cache follows
    assert report.events.filter(action="填报监控表").count() == 2


def test_bad_input_at_the_field_with_what_was_typed_kept(login, report):
    client = login("filler_own")
    spent = _key(report, "校园安全提升工程", "budget", "执行数")
    devices = _target(report, "校园安全提升工程", "安防设备安装数", "forecast")
    note = _target(report, "中小学教师培训", "培训教师人次", "cause_notes|经费保障")
    tick = _target(report, "中小学教师培训", "培训教师人次", "causes|经费保障")
    area = _target(report, "校园安全提升工程", "改造校舍面积", "current")
    live = _save(client, report, **{spent: "九十", devices: "80台", tick: "1", area: "大部分"}).content.decode()
    assert _error_at(live, spent) == "应为金额，实际为“九十”"
    assert _error_at(live, area) == "“大部分”中没有可与年度指标值 ≥12,000平方米 比较的数值"
    assert "小于已完成的 90台" in _error_at(live, devices)  # a cumulative target: 80台 forecast below the 90台 done
    assert "勾选了偏差原因“经费保障”，须写明其原因说明" in _error_at(live, note)
    page = client.get(f"/monitoring/reports/{report.pk}/fill/").content.decode()
    assert 'value="九十"' in page and 'value="80台"' in page and 'value="大部分"' in page  # kept as typed, at their fields, after a reload too
    assert _error_at(page, devices) == _error_at(live, devices)
    # execution above the budget: refused at the field until an adjustment is stated
    live = _save(client, report, **{spent: "320"}).content.decode()
    assert "执行数超过预算，且未写调整说明" in _error_at(live, spent)
    live = _save(client, report, **{spent: "320", _key(report, "校园安全提升工程", "budget", "调整说明"): "追加 20 万元（区财预〔2024〕15号）"}).content.decode()
    assert _error_at(live, spent) == ""


def test_submit_refused_with_the_list_then_accepted(login, report):
    client = login("filler_own")
    meals = _target(report, "学生营养改善计划", "供餐天数", "current")
    _save(client, report, **{meals: "40天"})
    response = client.post(f"/monitoring/reports/{report.pk}/submit/", {"from": "fill"}, follow=True)
    page = response.content.decode()
    report.refresh_from_db()
    assert report.state == "draft" and "还有 1 处须补填或更正，未提交" in page and "供餐天数：亮红灯，须勾选偏差原因" in page
    row = meals.rsplit("|", 1)[0]
    _save(client, report, **{f"{row}|causes|其他": "1", f"{row}|cause_notes|其他": "食堂改造停伙 3 周", f"{row}|likelihood": "有可能"})
    client.post(f"/monitoring/reports/{report.pk}/submit/", {"from": "fill"})
    report.refresh_from_db()
    assert report.state == "submitted" and report.data["projects"][2]["targets"][1]["cause_notes"] == {"其他": "食堂改造停伙 3 周"}


def test_save_from_an_older_page_is_not_saved(login, report):
    client = login("filler_own")
    form = _form(report)
    _save(client, report, **{_key(report, "部门整体", "budget", "执行数"): "570"})
    answer = client.post(f"/monitoring/reports/{report.pk}/save/", {**form, _key(report, "部门整体", "budget", "执行数"): "580"}, HTTP_HX_REQUEST="true")
    assert "未保存：监控表已在别处修改" in answer.content.decode()
    report.refresh_from_db()
    assert report.data["budget"]["执行数"] == "570"


def test_thresholds_form(login, demo):
    from jixiao.monitoring.thresholds import read_thresholds
    from jixiao.web.monitoring.models import MonitoringRound

    client = login("finance_own")
    opened = client.post("/monitoring/", {"title": "2025 年 1–9 月监控", "year": "2025", "as_of": "2025-09-30", **_default_thresholds("t-")})
    round_ = MonitoringRound.objects.get(year=2025)
    page = client.get(f"/monitoring/{round_.pk}/thresholds/").content.decode()
    assert opened.status_code == 302 and 'name="checkpoint_6" value="40"' in page and 'name="progress_blue_lower" value="120"' in page
    # 黄 60–85 and 绿 from 80 overlap; the typed 85 is kept
    overlap = client.post(f"/monitoring/{round_.pk}/thresholds/", {**_default_thresholds(), "execution_yellow_upper": "85"}).content.decode()
    assert "执行进度：与黄档 60–85 重叠：80–85 同属两档" in overlap and 'name="execution_yellow_upper" value="85"' in overlap
    gap = client.post(f"/monitoring/{round_.pk}/thresholds/", {**_default_thresholds(), "progress_yellow_upper": "75"}).content.decode()
    assert "目标进度：与黄档 60–75 之间有空档：75–80 的数值没有颜色" in gap
    falling = client.post(f"/monitoring/{round_.pk}/thresholds/", {**_default_thresholds(), "checkpoint_8": "30"}).content.decode()
    assert "执行节点的累计执行率应随月份不减" in falling
    round_.refresh_from_db()
    assert read_thresholds(round_.thresholds, lambda loc: None)[0].execution.describe() == "红 <60，黄 60–80，绿 ≥80"  # nothing saved
    saved = client.post(f"/monitoring/{round_.pk}/thresholds/", {**_default_thresholds(), "execution_yellow_upper": "70", "execution_green_lower": "70", "execution_basis": "执行节点"})
    round_.refresh_from_db()
    thresholds = read_thresholds(round_.thresholds, lambda loc: None)[0]
    assert saved.status_code == 302 and thresholds.execution.describe() == "红 <60，黄 60–70，绿 ≥70" and thresholds.execution_basis == "checkpoints"
    assert client.post(f"/monitoring/{round_.pk}/thresholds/", {}).status_code == 200  # (empty form: errors, not a 500)
    assert login("filler_own").post(f"/monitoring/{round_.pk}/thresholds/", _default_thresholds()).status_code == 403
    locked = client.get(f"/monitoring/{demo_round(demo)}/thresholds/").content.decode()
    assert "已有单位开始填报，阈值不能再改" in locked and "保存阈值" not in locked


def demo_round(demo) -> int:
    from jixiao.web.monitoring.models import MonitoringRound

    return MonitoringRound.objects.get(year=2024).pk


def test_a_new_round_is_prefilled_from_the_last_period(login, report):
    from jixiao.web.monitoring.models import MonitoringRound

    client = login("finance_own")
    client.post("/monitoring/", {"title": "2024 年 1–9 月监控", "year": "2024", "as_of": "2024-09-30", **_default_thresholds("t-")})
    september = MonitoringRound.objects.get(title="2024 年 1–9 月监控").reports.get(unit=report.unit)
    page = login("filler_own").get(f"/monitoring/reports/{september.pk}/fill/").content.decode()
    # the 1–6 月 targets and budgets, none of its progress: 1–9 月 is still to be filled in
    assert "安防设备安装数" in page and "年度指标值 ≥300台" in page and 'value="300"' in page and 'value="90台"' not in page
    assert "1–9月执行情况" in page and "未填写 1–9月执行情况" in page and "1–N月" not in page  # (培训质量, a qualitative target)
    assert _error_at(page, _key(september, "校园安全提升工程", "budget", "执行数")) == "缺少执行数"
    # a year without an earlier period: the projects' 绩效目标表 (dw1 has the two demo projects in the 2021 round)
    client.post("/monitoring/", {"title": "2021 年 1–6 月监控", "year": "2021", "as_of": "2021-06-30", **_default_thresholds("t-")})
    first = MonitoringRound.objects.get(title="2021 年 1–6 月监控").reports.get(unit=report.unit)
    assert [(p["name"], p["budget"]) for p in first.data["projects"]] == [("农村人居环境整治项目", {"年初预算数": "300"}), ("高标准农田建设项目", {"年初预算数": "1200"})]
    assert [t["target"] for t in first.data["projects"][1]["targets"]][:3] == ["≥2万亩", "=100%", "≤11月"]
