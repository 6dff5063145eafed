"""结果应用 on the web: the rule form refuses bad rules at the page, proposals per approved unit, confirm/override with history, xlsx, ranking."""
from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from web.reviewed import review_prefilled

pytestmark = pytest.mark.web


@pytest.fixture
def reviewed(demo):
    review_prefilled(demo)
    return demo


def _rule_post(client, round_, **changes):
    from jixiao.web.results import services

    data = services.rule_data(round_)
    post = {"name": data["name"], "count": str(len(data["grades"]))}
    for index, entry in enumerate(data["grades"]):
        entry = {**entry, **changes.get(entry["grade"], {})}
        for field in ("grade", "score_from", "score_to", "action", "cut_min", "cut_max"):
            post[f"g{index}-{field}"] = "" if entry[field] is None else str(entry[field])
        for flag in ("may_increase", "rectify", "bar_similar_funds"):
            if entry[flag]:
                post[f"g{index}-{flag}"] = "on"
    return client.post(f"/results/rounds/{round_.pk}/rule/", post)


def test_proposals_follow_the_default_rule(reviewed, login):
    from jixiao.web.results import services

    lines = {line.brief.unit: line for line in services.lines(reviewed)}
    assert lines["演示市政务服务数据管理局本级"].proposal is None  # dw1's draft
    central = lines["演示市政务服务中心"].proposal
    # 大鹏 2021: 93.76, 优; 调整后预算 7,621.05 万元 = 76,210,500 元; 优 → no cut
    assert (central.score, central.grade, central.budget, central.proposed) == (Decimal("93.76"), "优", Decimal("76210500"), Decimal("0.00"))
    lowered = lines["演示市教育局本级"].proposal
    # 抽查 scores the 效果性 row 0 (大鹏: 18): 93.76 − 18 = 75.76 → 中; 76,210,500 × 10% = 7,621,050.00, × 30% = 22,863,150.00
    assert (lowered.score, lowered.grade, lowered.cut_low, lowered.cut_high) == (Decimal("75.76"), "中", Decimal("7621050.00"), Decimal("22863150.00"))
    page = login("finance_own").get(f"/results/rounds/{reviewed.pk}/").content.decode()
    assert "-7,621,050.00" in page and "尚未审核通过" in page and "整改到位前不得申请同类资金" in page


def test_a_bad_rule_is_refused_at_the_form_and_typing_kept(reviewed, login):
    client = login("finance_own")
    response = _rule_post(client, reviewed, 良={"score_to": "95", "action": "保障（试）"}, 差={"action": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "规则未保存：等级“差”的预算安排未填写" in page
    assert "规则未保存：等级“良”（80 至 95）与“优”（自 90）的分数区间重叠" in page
    assert 'value="保障（试）"' in page  # what was typed is kept
    from jixiao.web.results.models import RoundRule

    assert not RoundRule.objects.exists()


def test_a_changed_rule_changes_the_proposal(reviewed, login):
    from jixiao.web.results import services

    response = _rule_post(login("finance_own"), reviewed, 中={"cut_min": "15"})
    assert response.status_code == 302
    lowered = next(l for l in services.lines(reviewed) if l.brief.unit == "演示市教育局本级").proposal
    assert lowered.cut_low == Decimal("11431575.00")  # 76,210,500 × 15%


def test_confirm_and_override_with_reason_and_history(reviewed, login):
    from jixiao.web.results.models import Decision
    from jixiao.web.rounds.models import HistoryEntry

    client = login("finance_own")
    lowered = reviewed.submissions.get(unit__name="演示市教育局本级")
    url = f"/results/rounds/{reviewed.pk}/submissions/{lowered.pk}/decide/"
    client.post(url, {"amount": "", "reason": ""})
    decision = Decision.objects.get(submission=lowered)
    assert (decision.kind, decision.amount) == (Decision.CONFIRMED, Decimal("-7621050.00"))
    client.post(url, {"amount": "-10000000", "reason": ""})  # override without a reason: refused
    assert Decision.objects.get(submission=lowered).amount == Decimal("-7621050.00")
    client.post(url, {"amount": "-10,000,000", "reason": "重点项目已完成，压减 1,000 万元"})
    decision = Decision.objects.get(submission=lowered)
    assert (decision.kind, decision.amount, decision.proposed) == (Decision.OVERRIDDEN, Decimal("-10000000.00"), Decimal("-7621050.00"))
    history = list(HistoryEntry.objects.filter(submission=lowered, field="结果应用").values_list("old", "new", "comment"))
    assert history == [("", "确认建议 -7,621,050.00 元", ""), ("确认建议 -7,621,050.00 元", "调整 -10,000,000.00 元", "重点项目已完成，压减 1,000 万元")]
    draft = reviewed.submissions.get(unit__name="演示市政务服务数据管理局本级")
    response = client.post(f"/results/rounds/{reviewed.pk}/submissions/{draft.pk}/decide/", {"amount": "0"}, follow=True)
    assert "尚未审核通过，没有结果应用建议" in response.content.decode()

    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/results/rounds/{reviewed.pk}/budget.xlsx").content))
    rows = {row[2]: row for row in book.active.iter_rows(min_row=3, values_only=True)}
    row = rows["演示市教育局本级"]
    assert row[3:7] == (75.76, "中", 76210500, -7621050) and row[9:13] == (-10000000, "调整", "重点项目已完成，压减 1,000 万元", 66210500)
    assert row[14] == "是"


def test_ranking(reviewed, login):
    page = login("finance_own").get(f"/results/rounds/{reviewed.pk}/ranking/").content.decode()
    # 93.76 (two units share rank 1), 81.76 (二中), 75.76 (教育局本级); 4 units → 前十/后十 are halves of 2
    assert "<td>3</td><td>演示市第二中学</td><td>81.76</td><td>后十</td>" in page
    assert "<td>4</td><td>演示市教育局本级</td><td>75.76</td><td>后十</td>" in page
    assert page.count("前十</strong>") == 3  # two units and one 主管部门
    # 主管部门: 政务服务数据管理局 93.76 (one approved unit); 教育局 (75.76 + 93.76 + 81.76) / 3 = 83.76
    assert "<td>1</td><td>演示市政务服务数据管理局</td><td>93.76</td><td><strong>前十</strong></td>" in page
    assert "<td>2</td><td>演示市教育局</td><td>83.76</td><td>后十</td>" in page


def test_a_stored_rule_that_no_longer_applies_is_shown_not_applied(reviewed, users, login):
    """A stored rule whose 差 band runs from 70 to 60 (saved before, or by hand): the page lists the problem, the
    xlsx is refused with it, nothing crashes."""
    from jixiao.model.framework import DEFAULT_GRADES
    from jixiao.results.rule import default_rule_data
    from jixiao.web.results.models import RoundRule

    data = default_rule_data(DEFAULT_GRADES)
    data["grades"][-1]["score_from"] = "70"
    RoundRule.objects.create(round=reviewed, data=data, by=users["finance_own"])
    client = login("finance_own")
    page = client.get(f"/results/rounds/{reviewed.pk}/").content.decode()
    assert "等级“差”的分数上限 60 应大于下限 70" in page
    response = client.get(f"/results/rounds/{reviewed.pk}/budget.xlsx", follow=True)
    assert "结果应用规则有误，请先修改规则：等级“差”的分数上限 60 应大于下限 70" in response.content.decode()


def test_projects_get_the_rounds_rule_and_the_finance_bureau_decides(reviewed, users, login):
    """dw1's 高标准农田建设项目 (examples/projects): 自评 98.56 优, 全年预算数 1,150 万元 = 11,500,000 元. The second
    project is a draft: listed without a proposal."""
    from jixiao.web.projects.models import ProjectSubmission
    from jixiao.web.results import services
    from jixiao.web.results.demo import approve_projects
    from jixiao.web.results.models import ProjectDecision
    from jixiao.web.rounds.models import HistoryEntry

    from jixiao.web.projects import services as projects

    # the second project starts prefilled from dw1's 1–6月 monitoring (projects/monitored.py); its unit clears it
    # again, so it stays a draft that does not score
    other = ProjectSubmission.objects.get(round=reviewed, project="农村人居环境整治项目")
    projects.save_facts(other, {}, users["filler_own"])
    assert [p.project for p in approve_projects(reviewed)] == ["高标准农田建设项目"]
    lines = {line.project.project: line for line in services.project_lines(reviewed)}
    farm, draft = lines["高标准农田建设项目"], lines["农村人居环境整治项目"]
    assert draft.proposal is None
    assert (farm.proposal.score, farm.proposal.grade, farm.budget, farm.proposal.proposed) == (Decimal("98.56"), "优", Decimal("11500000"), Decimal("0.00"))
    client = login("finance_own")
    # a rule asking 优 for a 5%–10% cut: 11,500,000 × 5% = 575,000.00, × 10% = 1,150,000.00
    assert _rule_post(client, reviewed, 优={"cut_min": "5", "cut_max": "10"}).status_code == 302
    farm = next(l for l in services.project_lines(reviewed) if l.project.project == "高标准农田建设项目")
    assert (farm.proposal.cut_low, farm.proposal.cut_high) == (Decimal("575000.00"), Decimal("1150000.00"))
    assert "11,500,000.00 × 5% = 575,000.00 元" in farm.proposal.basis

    url = f"/results/rounds/{reviewed.pk}/projects/{farm.project.pk}/decide/"
    response = client.post(url, {"amount": "-600000", "reason": "", "grade": "优"})
    assert response["Location"] == f"/results/rounds/{reviewed.pk}/?grade=%E4%BC%98#projects"  # the filter kept
    assert not ProjectDecision.objects.exists()  # an override without a reason: refused
    client.post(url, {"amount": "-600,000", "reason": "项目完工延期"})
    decision = ProjectDecision.objects.get()
    assert (decision.kind, decision.proposed, decision.amount) == (ProjectDecision.OVERRIDDEN, Decimal("-575000.00"), Decimal("-600000.00"))
    assert HistoryEntry.objects.filter(field="结果应用：项目 高标准农田建设项目", new="调整 -600,000.00 元", comment="项目完工延期").exists()
    other = ProjectSubmission.objects.get(project="农村人居环境整治项目")
    follow = client.post(f"/results/rounds/{reviewed.pk}/projects/{other.pk}/decide/", {"amount": "0"}, follow=True).content.decode()
    assert "项目“农村人居环境整治项目”尚未审核通过，没有结果应用建议" in follow

    page = client.get(f"/results/rounds/{reviewed.pk}/", {"grade": "优"}).content.decode()
    projects = page[page.index('id="projects"'):]
    assert "高标准农田建设项目" in projects and "农村人居环境整治项目" not in projects and "-575,000.00" in projects
    page = client.get(f"/results/rounds/{reviewed.pk}/", {"department": "演示市教育局"}).content.decode()
    assert "没有符合筛选条件的项目" in page
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/results/rounds/{reviewed.pk}/budget.xlsx").content))
    rows = {row[3]: row for row in book["项目结果应用"].iter_rows(min_row=3, values_only=True)}
    # 下年预算参考数 = 11,500,000 − 600,000 = 10,900,000
    assert rows["高标准农田建设项目"][1:8] == ("演示市政务服务数据管理局", "演示市政务服务数据管理局本级", "高标准农田建设项目", 98.56, "优", 11500000, -575000)
    assert rows["高标准农田建设项目"][10:14] == (-600000, "调整", "项目完工延期", 10900000)
    assert rows["农村人居环境整治项目"][5] == "（草稿，尚未审核通过）"
