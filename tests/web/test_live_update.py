"""The live answer to a save carries only the page's parts that changed, each one the page has."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.web.rounds.models import Submission
from web.dapeng import dapeng_typing

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

pytestmark = pytest.mark.web

OOB = re.compile(r'<[^>]+id="([^"]+)"[^>]*hx-swap-oob="true"')
ALWAYS = {"version", "scorebar"}  # the version carried along and the save status


def _oob_ids(response) -> set[str]:
    return set(OOB.findall(response.content.decode()))


def _page_ids(client, submission) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', client.get(f"/submissions/{submission.pk}/").content.decode()))


def _save(client, submission, key: str, text: str):
    submission.refresh_from_db()
    return client.post(f"/submissions/{submission.pk}/save/", {key: text, "version": submission.version}, HTTP_HX_REQUEST="true")


def _filled(login, submission):
    client = login("filler_own")
    for key, text in dapeng_typing().items():
        assert _save(client, submission, key, text).status_code == 200
    return client


def test_a_save_that_changes_no_score_sends_only_version_and_status(login, own_submission):
    client = _filled(login, own_submission)
    # A line of the report's narrative is not scored: no row, field error or finding changes.
    assert _oob_ids(_save(client, own_submission, "narrative|存在问题", "部分项目进度偏慢")) == ALWAYS


def test_a_changed_figure_sends_its_rows_and_subtotals_and_all_exist_on_the_page(login, own_submission):
    client = _filled(login, own_submission)
    page = _page_ids(client, own_submission)
    # 在编人数 22 → 30 of 核定编制 24: 财政供养人员控制率 goes over 100% and its row loses its point,
    # so the row, its 评分依据, its subtotals (人员管理, 部门管理), the findings and the total change; nothing else.
    response = _save(client, own_submission, "figures|在编人数", "30")
    sent = _oob_ids(response)
    assert sent <= page, sent - page
    assert "findings" in sent and 3 < len(sent) < 20, sorted(sent)
    assert 'id="total"' in response.content.decode()


def test_an_error_is_sent_to_its_field_and_cleared_when_corrected(login, own_submission):
    client = _filled(login, own_submission)
    wrong = _save(client, own_submission, "figures|年初预算", "五千万")
    error_ids = {i for i in _oob_ids(wrong) if i.startswith("e-")}
    assert len(error_ids) == 1 and "数据项“年初预算”：应为金额，实际为“五千万”" in wrong.content.decode()
    corrected = _save(client, own_submission, "figures|年初预算", "5281.87")
    assert error_ids <= _oob_ids(corrected)  # the message is taken away again
    assert "五千万" not in corrected.content.decode()


def test_a_stale_page_gets_every_live_part(login, own_submission):
    client = _filled(login, own_submission)
    response = client.post(f"/submissions/{own_submission.pk}/save/", {"figures|年初预算": "1", "version": 1}, HTTP_HX_REQUEST="true")
    assert "此填报已被他人修改" in response.content.decode()
    assert len(_oob_ids(response)) > 100  # every row and field of the page, which was loaded before all those saves
    # The next save from that page (it now carries the current version) succeeds, and leaves the conflict table
    # in place: the field still shows the unsaved text, and only the table says it was not saved.
    later = _save(client, own_submission, "figures|在编人数", "22")
    assert "已保存" in later.content.decode() and "conflict" not in _oob_ids(later)


def test_a_renamed_slot_row_keeps_its_element_ids(login, demo):
    """The page's ids of a 个性指标 row stay its own after a rename, so later live updates still reach it."""
    from jixiao.loaders.yaml_source import load_yaml
    from jixiao.web.rounds import scoring
    from jixiao.web.rounds.context import round_framework

    unit = demo.submissions.get(unit__name="演示市政务服务数据管理局本级").unit
    login("finance_own").post("/rounds/new/", {"region": unit.parent.parent_id, "title": "江西体系试点", "year": 2021, "framework_id": "jiangxi-2021", "units": [unit.pk]})
    submission = Submission.objects.get(round__title="江西体系试点")
    raw = scoring.normalise(scoring.plain(load_yaml(EXAMPLES / "jiangxi-demo-2021.yaml")), round_framework(submission.round))
    submission.facts = {**raw, "department": unit.name, "year": 2021, "framework": "jiangxi-2021"}
    submission.save()
    client = login("filler_own")
    page = _page_ids(client, submission)
    slot = "产出指标/时效指标"
    _save(client, submission, f"slots|{slot}|0|name", "项目按期完工比例")
    # 85% → 88% of the ≥90% target: the row's score moves (85/90 × 4 = 3.78 → 88/90 × 4 = 3.91).
    response = _save(client, submission, f"slots|{slot}|0|actual", "88%")
    sent = _oob_ids(response)
    assert sent <= page, sent - page
    assert {i for i in sent if i.startswith("s-r-")} and "3.91" in response.content.decode()


@pytest.mark.parametrize(
    ("key", "title"),
    [
        ("figures|在编人数", "在编人数"),
        ("rows|部门管理/资金管理/财务合规性|score", "部门管理/资金管理/财务合规性：评定得分"),
        ("rows|部门管理/资金管理/预决算信息公开|parts|部门预算公开|basis", "部门管理/资金管理/预决算信息公开 > 部门预算公开：评分依据"),
        ("slots|产出指标/数量指标|0|weight", "产出指标/数量指标第1项：分值"),
        ("narrative|存在问题", "概况：存在问题"),
        ("unit", "金额单位"),
    ],
)
def test_field_titles_in_messages_are_the_page_labels(key, title):
    from jixiao.web.rounds.scoring import field_title, titled

    assert field_title(key) == title
    assert titled(key, "应为数字") == f"{title}：应为数字"
    assert titled(key, f"“{title}”不能为空") == f"“{title}”不能为空"  # already named: not twice


def test_a_row_a_pushed_report_left_unscored_is_shown_and_can_be_scored(login, own_submission):
    """score_missing (a report's blank 得分, e.g. pushed by `jixiao push`) is a field of its row: shown with its finding,
    and clearing it lets the rule score the row again."""
    client = _filled(login, own_submission)
    own_submission.refresh_from_db()
    keys = [k for k in client.get(f"/submissions/{own_submission.pk}/").content.decode().split('name="')[1:] if k.startswith("rows|")]
    row = next(k.split('"')[0] for k in keys if "预算编制合理性" in k and k.split('"')[0].endswith("|score_missing"))
    saved = _save(client, own_submission, row, "报告未列得分")
    assert "已保存" in saved.content.decode()
    page = client.get(f"/submissions/{own_submission.pk}/").content.decode()
    # 预算编制合理性 (5 分, all criteria met in the 大鹏 facts) is now a 0 placeholder: 93.76 − 5 = 88.76, said incomplete
    assert "未列得分的说明" in page and "报告未列得分" in page and "“预算编制合理性”未列得分" in page and "（不完整：1 项未列得分）" in page
    assert 'id="total"' in page and "88.76" in page
    cleared = _save(client, own_submission, row, "")
    assert "已保存" in cleared.content.decode() and "93.76" in cleared.content.decode() and "不完整" not in cleared.content.decode()
