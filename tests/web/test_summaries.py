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
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=5, min_col=2, max_col=8)]
    assert rows == [
        ["预算单位", "全年预算数（万元）", "全年执行数（万元）", "执行率", "自评分数", "复核分数", "状态"],
        ["演示市教育局本级", rows[1][1], rows[1][2], rows[1][3], None, None, "草稿"],
        ["演示市第一中学", rows[2][1], rows[2][2], rows[2][3], 93.76, None, "已提交"],
        ["演示市第二中学", rows[3][1], rows[3][2], rows[3][3], None, None, "已退回"],
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
