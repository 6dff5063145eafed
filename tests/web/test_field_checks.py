"""Values nobody can mean are said at the field where they were typed, with what was typed kept.

A fraction in a percentage (满意度 0.985 read as 0.985%), a negative budget, a 评定得分 above the row's
points, a 个性指标 分值 above its slot, a 分值 in words: each at its field, once, never clamped in silence,
and the findings card never says 未发现问题 under a list of what must be fixed.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.loaders.yaml_source import load_yaml
from jixiao.web.rounds import scoring
from jixiao.web.rounds.context import round_framework, state_of
from jixiao.web.rounds.models import Submission
from jixiao.web.rounds.sheet import element_id
from web.test_field_round_trip import _filler, shown_fields

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SLOT = "产出指标/数量指标"  # 江西 2021: 9 分, the example's two rows 4.5 + 4.5


def _prefilled(demo) -> Submission:
    return demo.submissions.get(unit__name="演示市政务服务中心")  # dw2: 大鹏 2021, 93.76


def _save(client, submission, key: str, text: str):
    submission.refresh_from_db()
    response = client.post(f"/submissions/{submission.pk}/save/", {key: text, "version": submission.version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    submission.refresh_from_db()
    return response.content.decode()


def _field_errors(html: str, key: str) -> str:
    """The text of a field's error slot in a page or a live answer ("" when not there: nothing said)."""
    start = html.find(f'id="{element_id("e", key)}"')
    return "" if start < 0 else html[start:html.index("</div>", start)]


def _jiangxi(login, demo) -> Submission:
    unit = demo.submissions.get(unit__name="演示市政务服务数据管理局本级").unit
    login("finance_own").post("/rounds/new/", {"region": unit.parent.parent_id, "title": "江西体系试点", "year": 2021, "framework_id": "jiangxi-2021", "units": [unit.pk]})
    submission = Submission.objects.get(round__title="江西体系试点")
    raw = scoring.normalise(scoring.plain(load_yaml(EXAMPLES / "jiangxi-demo-2021.yaml")), round_framework(submission.round))
    submission.facts = {**raw, "department": unit.name, "year": 2021, "framework": "jiangxi-2021"}
    submission.save()
    return submission


def test_a_fraction_typed_into_a_percentage_is_warned_at_the_field_with_both_readings(demo):
    submission = _prefilled(demo)
    client = _filler(submission)
    answer = _save(client, submission, "figures|满意度", "0.985")
    message = "服务对象满意度填的是 0.985%，如指 98.5% 请填 98.5%"
    assert message in _field_errors(answer, "figures|满意度")  # live, at the field
    assert message in _field_errors(client.get(f"/submissions/{submission.pk}/").content.decode(), "figures|满意度")
    # read as typed (0.985% is below every tier: 1 分 instead of 6), but never in silence
    assert state_of(submission).scored.evaluation.total == Decimal("93.76") - 6 + 1
    answer = _save(client, submission, "figures|满意度", "98.5")
    assert message not in _field_errors(answer, "figures|满意度")


def test_a_negative_budget_is_an_error_at_its_field(demo):
    submission = _prefilled(demo)
    client = _filler(submission)
    answer = _save(client, submission, "figures|调整后预算", "-100")
    assert "全年调整预算不能为负数（填的是 -100）" in _field_errors(answer, "figures|调整后预算")
    assert shown_fields(client, submission)["figures|调整后预算"] == "-100"  # kept as typed
    assert any("不能为负数" in reason for reason in state_of(submission).scored.blocking())


def test_a_judged_score_above_the_row_is_an_error_at_its_field_not_clamped(demo):
    submission = _prefilled(demo)
    client = _filler(submission)
    key = "rows|部门管理/人员管理/编外人员控制率|score"  # a 1-point row
    _save(client, submission, "rows|部门管理/人员管理/编外人员控制率|basis", "按佐证材料评定")
    answer = _save(client, submission, key, "5")
    assert "评定得分 5 超出本指标的分值范围（0 至 1 分）" in _field_errors(answer, key)
    state = state_of(submission)
    assert not any("按边界计" in f.message for f in state.scored.findings)
    assert shown_fields(client, submission)[key] == "5"


def test_a_slot_weight_above_its_slot_is_an_error_at_the_field(login, demo):
    submission = _jiangxi(login, demo)
    key = f"slots|{SLOT}|0|weight"
    assert "分值 50 超过“数量指标”的总分值 9" in _field_errors(_save(login("filler_own"), submission, key, "50"), key)


def test_the_findings_card_never_says_nothing_was_found_under_a_must_fix_list(login, demo):
    submission = _jiangxi(login, demo)
    client = login("filler_own")
    _save(client, submission, f"slots|{SLOT}|0|weight", "50")  # 50 + 4.5 ≠ 9: nothing can be scored
    page = client.get(f"/submissions/{submission.pk}/").content.decode()
    findings = page[page.index('id="findings"'):]
    findings = findings[:findings.index("</section>")]
    assert "须先处理" in findings and "未发现问题" not in findings
    assert "填写有误" in findings[:findings.index("须先处理")]  # the heading counts them too


def test_a_weight_in_words_gives_one_message(login, demo):
    submission = _jiangxi(login, demo)
    key = f"slots|{SLOT}|0|weight"
    errors = _field_errors(_save(login("filler_own"), submission, key, "四十"), key)
    assert errors.count('role="alert"') == 1 and "四十" in errors and "缺少" not in errors, errors
