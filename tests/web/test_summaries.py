"""The cached score summaries give exactly what scoring each submission afresh gives, and follow every change."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.web


def _fresh(round_):
    from jixiao.web.rounds.context import state_of, summary_order

    return [(s.pk, state_of(s).evaluation.total if state_of(s).evaluation else None, state_of(s).summary_reviewed) for s in summary_order(round_.submissions.select_related("unit", "unit__parent", "round"))]


def _cached(round_):
    from jixiao.web.rounds.summaries import briefs

    return [(b.pk, b.total, b.summary_reviewed) for b in briefs(round_.submissions.select_related("unit", "unit__parent", "round"))]


def test_briefs_equal_fresh_scoring_and_follow_saves_and_reviews(demo, django_assert_max_num_queries):
    from decimal import Decimal

    from jixiao.web.rounds import services
    from jixiao.web.rounds.context import state_of
    from jixiao.web.rounds.models import ReviewScore, ScoreSummary, Submission

    assert _cached(demo) == _fresh(demo)
    assert ScoreSummary.objects.count() == demo.submissions.count()
    # Prefilled from the 大鹏 example: its computed total is 93.76 (README, tests/web/test_workflow.py).
    school = demo.submissions.get(unit__name="演示市第一中学")
    assert dict((pk, total) for pk, total, _ in _cached(demo))[school.pk] == Decimal("93.76")
    # Warm: a fixed number of queries whatever the number of units (submissions, summaries' amounts, the row scores of
    # reviewed or approved ones, review scores, framework file).
    with django_assert_max_num_queries(5):
        _cached(demo)
    # A save makes that one summary stale; a review score and an approval change the 复核分数 without a save.
    from django.contrib.auth import get_user_model

    dw4 = get_user_model().objects.get(username="dw4")
    before = dict((pk, total) for pk, total, _ in _cached(demo))[school.pk]
    school = services.save_fields(school, dw4, {"rows|部门决策/预算编制/预算编制合理性|unmet": "1\n2"}, school.version)
    after = dict((pk, total) for pk, total, _ in _cached(demo))[school.pk]
    assert after < before and _cached(demo) == _fresh(demo)  # two criteria unmet cost points; the cache followed
    Submission.objects.filter(pk=school.pk).update(state=Submission.SUBMITTED)
    school.refresh_from_db()
    framework = state_of(school).framework
    row = state_of(school).evaluation.rows[0]
    services.set_review_score(school, get_user_model().objects.get(username="zgbm2"), ReviewScore.DEPARTMENT, "/".join(row.path), "0", "材料不足", framework)
    cached = _cached(demo)
    assert cached == _fresh(demo)
    reviewed = dict((pk, r) for pk, _, r in cached)[school.pk]
    total = dict((pk, t) for pk, t, _ in cached)[school.pk]
    assert reviewed is not None and reviewed < total


def test_a_live_save_keeps_the_summary_of_the_new_version(own_submission, login):
    from jixiao.web.rounds.models import ScoreSummary
    from jixiao.web.rounds.summaries import ENGINE, computed

    response = login("filler_own").post(f"/submissions/{own_submission.pk}/save/", {"figures|年初预算": "5000", "version": own_submission.version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    own_submission.refresh_from_db()
    kept = ScoreSummary.objects.get(submission=own_submission)
    assert (kept.version, kept.engine) == (own_submission.version, ENGINE)
    from jixiao.web.rounds.context import round_framework

    assert kept.data == computed(own_submission.facts, round_framework(own_submission.round))


def test_a_draft_score_is_labelled_on_pages_and_left_out_of_the_summary(demo, login):
    # The 教育局's three units are drafts prefilled with the 大鹏 example (自评 93.76, docs/web.md); 退回 is a draft again.
    import io

    from openpyxl import load_workbook

    from jixiao.web.rounds.models import Submission

    first, second = demo.submissions.get(unit__name="演示市第一中学"), demo.submissions.get(unit__name="演示市第二中学")
    Submission.objects.filter(pk=first.pk).update(state=Submission.SUBMITTED)
    Submission.objects.filter(pk=second.pk).update(state=Submission.RETURNED)
    department = first.unit.parent
    page = login("reviewer_foreign").get(f"/rounds/{demo.pk}/departments/{department.pk}/").content.decode()
    assert page.count('93.76 <small class="meta">（草稿）</small>') == 2  # 本级 (草稿) and 第二中学 (已退回); not 第一中学
    sheet = load_workbook(io.BytesIO(login("reviewer_foreign").get(f"/rounds/{demo.pk}/departments/{department.pk}/summary.xlsx").content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=5, min_col=2, max_col=10)]
    assert rows == [
        ["主管部门", "预算单位", "全年预算数（万元）", "全年执行数（万元）", "执行率", "自评分数", "主管部门复核分数", "等级", "状态"],
        ["演示市教育局", "演示市教育局本级", rows[1][2], rows[1][3], rows[1][4], None, None, None, "草稿"],
        ["演示市教育局", "演示市第一中学", rows[2][2], rows[2][3], rows[2][4], 93.76, None, "优", "已提交"],
        ["演示市教育局", "演示市第二中学", rows[3][2], rows[3][3], rows[3][4], None, None, None, "已退回"],
    ]


def test_a_review_score_given_while_a_list_is_read_still_counts(demo, users, monkeypatch):
    """The row scores are read only for reviewed or approved submissions; one reviewed between those reads and the
    review scores' own read (another person's click) has its row scores read then, and its 复核分数 is right."""
    from jixiao.web.rounds import summaries
    from jixiao.web.rounds.context import state_of
    from jixiao.web.rounds.models import ReviewScore, Submission

    _cached(demo)  # every summary kept
    school = demo.submissions.get(unit__name="演示市第一中学")
    Submission.objects.filter(pk=school.pk).update(state=Submission.SUBMITTED)
    row = state_of(school).evaluation.rows[0]
    read = summaries._summaries

    def meanwhile(submissions, ids):
        found = read(submissions, ids)
        ReviewScore.objects.create(submission=school, stage=ReviewScore.DEPARTMENT, path="/".join(row.path), score=0, reason="材料不足", by=users["reviewer_foreign"])
        return found

    monkeypatch.setattr(summaries, "_summaries", meanwhile)
    cached = _cached(demo)
    monkeypatch.undo()
    assert cached == _fresh(demo)
    # 复核分数 = 自评总分 with the first row's score replaced by the reviewer's 0 (every row rounded as the framework says).
    rounded = state_of(school).framework.rounding.apply(row.score)
    assert rounded > 0 and dict((pk, r) for pk, _, r in cached)[school.pk] == dict((pk, t) for pk, t, _ in cached)[school.pk] - rounded


def test_a_finance_spot_check_keeps_the_departments_reported_score(demo, login, users):
    # Issue 18 §5: after the 财政局 re-scored one row, the department's 汇总表 showed the 财政局's total as “复核分数”.
    import io
    from decimal import Decimal

    from openpyxl import load_workbook

    from jixiao.web.rounds import services
    from jixiao.web.rounds.context import state_of
    from jixiao.web.rounds.models import ReviewScore, Submission
    from jixiao.web.rounds.summaries import briefs

    school = demo.submissions.get(unit__name="演示市第一中学")  # the 大鹏 example: 自评 93.76
    Submission.objects.filter(pk=school.pk).update(state=Submission.SUBMITTED)
    school.refresh_from_db()
    state = state_of(school)
    first, second = state.evaluation.rows[0], state.evaluation.rows[1]
    services.set_review_score(school, users["reviewer_foreign"], ReviewScore.DEPARTMENT, "/".join(first.path), "0", "材料不足", state.framework)
    Submission.objects.filter(pk=school.pk).update(state=Submission.APPROVED)  # the department reported it
    school.refresh_from_db()
    services.set_review_score(school, users["finance_own"], ReviewScore.FINANCE, "/".join(second.path), "0", "抽查不符", state.framework)
    # 主管部门: 93.76 less its row set to 0; 财政局抽查: less the second row as well.
    department_total = Decimal("93.76") - first.score
    finance_total = department_total - second.score
    assert first.score > 0 and second.score > 0
    brief = next(b for b in briefs(demo.submissions.select_related("unit", "unit__parent", "round")) if b.pk == school.pk)
    assert (brief.total, brief.summary_reviewed, brief.finance_checked) == (Decimal("93.76"), department_total, finance_total)
    assert state_of(school).summary_reviewed == department_total and state_of(school).finance_total == finance_total
    department = school.unit.parent
    page = login("reviewer_foreign").get(f"/rounds/{demo.pk}/departments/{department.pk}/").content.decode()
    assert "<th>主管部门复核分数</th><th>财政局抽查分数</th>" in page
    assert f'<td class="num">{department_total}</td><td class="num">{finance_total}</td>' in page
    for client, url in ((login("reviewer_foreign"), f"/rounds/{demo.pk}/departments/{department.pk}/summary.xlsx"), (login("finance_own"), f"/rounds/{demo.pk}/summary.xlsx")):
        sheet = load_workbook(io.BytesIO(client.get(url).content)).active
        header = [cell.value for cell in sheet[2]]
        row = next([cell.value for cell in line] for line in sheet.iter_rows(min_row=3) if line[2].value == "演示市第一中学")
        assert header[1:3] == ["主管部门", "预算单位"] and "等级" in header
        found = dict(zip(header, row))
        assert (found["自评分数"], found["主管部门复核分数"], found["财政局抽查分数"]) == (93.76, float(department_total), float(finance_total)), url
        assert found["主管部门"] == "演示市教育局" and found["等级"] == state.framework.grade_for(finance_total)
