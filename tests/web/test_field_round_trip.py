"""Every field of a prefilled draft survives the page, the 填报表 and YAML unchanged, and so does its score.

The page is read as a browser reads it: a one-line <input> drops the newlines of its value (HTML's value
sanitisation), which is how 未达到的评分要点 [3, 4] written “3\\n4” came back as “34” and 绩效指标明确性 rose
from 5 to 7.
"""
from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from jixiao.loaders.yaml_source import load_yaml
from jixiao.web.rounds import scoring
from jixiao.web.rounds.context import round_framework, state_of
from jixiao.web.rounds.prefill import prefilled_template
from jixiao.web.rounds.services import flatten
from jixiao.web.rounds.views_files import _workbook_bytes
from jixiao.web.rounds.views_fill import read_facts_upload

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OTHER_EXAMPLES = (("guangzhou-2021", "guangzhou-2021.yaml"), ("jiangxi-2021", "jiangxi-demo-2021.yaml"))
CHECKLIST_ROW = "部门决策/目标设置/绩效指标明确性"  # 7 分 = 2+2+1+1+1; 大鹏 2021 criteria 3 and 4 unmet → 5


class BrowserFields(HTMLParser):
    """The values a browser would post for the page's fields (ids f-…), as it shows them."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if not str(attrs.get("id", "")).startswith("f-"):
            if tag == "option" and self._select is not None and "selected" in attrs:
                self.values[self._select] = attrs.get("value") or ""
            return
        name = attrs["name"]
        if tag == "input":
            # HTML: a text input's value has its line breaks stripped.
            self.values[name] = (attrs.get("value") or "").replace("\r", "").replace("\n", "")
        elif tag == "textarea":
            self._textarea, self.values[name] = name, ""
        elif tag == "select":
            self._select, self.values[name] = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            text = self.values[self._textarea]
            self.values[self._textarea] = text[1:] if text.startswith("\n") else text  # a leading newline is dropped
            self._textarea = None
        elif tag == "select":
            self._select = None


def shown_fields(client, submission) -> dict[str, str]:
    response = client.get(f"/submissions/{submission.pk}/")
    assert response.status_code == 200
    parser = BrowserFields()
    parser.feed(response.content.decode())
    return parser.values


def scores(submission) -> tuple:
    evaluation = state_of(submission).scored.evaluation
    assert evaluation is not None
    return evaluation.total, tuple((row.path, row.score) for row in evaluation.rows)


@pytest.fixture
def drafts(demo):
    """Every prefilled draft: the demo's (大鹏 2021 renamed to each unit) and one draft each of the other examples."""
    from jixiao.web.orgs.models import Membership, Organisation
    from jixiao.web.rounds.services import open_round

    out = [s for s in demo.submissions.select_related("unit") if s.facts.get("figures")]
    assert len(out) == 4  # dw2–dw5; dw1's draft starts empty
    department = Organisation.objects.get(name="演示市教育局")
    for framework_id, example in OTHER_EXAMPLES:
        unit = Organisation.objects.create(name=f"{framework_id} 示例单位", kind=Organisation.UNIT, parent=department)
        Membership.objects.create(user=Membership.objects.get(organisation__name="演示市第一中学").user, organisation=unit, role=Membership.FILLER)
        round_ = open_round(demo.region, None, year=2021, title=f"{framework_id} 试填", framework_id=framework_id, units=[unit])
        submission = round_.submissions.get()
        submission.facts = {**scoring.normalise(scoring.plain(load_yaml(EXAMPLES / example)), round_framework(round_)), "department": unit.name, "year": 2021, "framework": framework_id}
        submission.save()
        out.append(submission)
    return out


def _filler(submission):
    from django.test import Client

    from jixiao.web.orgs.models import Membership

    client = Client()
    client.force_login(Membership.objects.filter(organisation=submission.unit, role=Membership.FILLER).first().user)
    return client


def test_every_field_of_every_prefilled_draft_saved_as_shown_changes_nothing(drafts):
    for submission in drafts:
        client = _filler(submission)
        before_facts, before_scores = flatten(submission.facts), scores(submission)
        shown = shown_fields(client, submission)
        assert shown.get(f"rows|{CHECKLIST_ROW}|unmet", "3,4") == "3,4"  # 大鹏: criteria 3 and 4, as the hint writes them
        response = client.post(f"/submissions/{submission.pk}/save/", {**shown, "version": submission.version})
        assert response.status_code == 302
        submission.refresh_from_db()
        assert scores(submission) == before_scores, submission.unit.name
        assert flatten(submission.facts) == before_facts, submission.unit.name
        assert state_of(submission).scored.problems == {}


def test_every_prefilled_draft_round_trips_through_yaml(drafts):
    """The round archive's 填报数据.yaml read back as an upload (the 填报表 goes through the page's links below)."""
    with_lists = 0
    for submission in drafts:
        framework = round_framework(submission.round)
        before = scoring.score(submission.facts, framework)
        dumped = yaml.safe_dump(submission.facts, allow_unicode=True, sort_keys=False).encode()  # as the round archive writes it
        raw = read_facts_upload(dumped, "填报数据.yaml", framework)
        raw.update(department=submission.unit.name, year=submission.round.year, framework=submission.facts["framework"])
        after = scoring.score(raw, framework)
        assert after.evaluation.total == before.evaluation.total, submission.unit.name
        assert [r.score for r in after.evaluation.rows] == [r.score for r in before.evaluation.rows]
        assert flatten(raw) == flatten(submission.facts)
        with_lists += any(k.rsplit("|", 1)[-1] in scoring.LIST_FIELDS for k in flatten(raw))
    assert with_lists == 5  # 大鹏's unmet [3, 4] in the four demo drafts, 广州's bonuses


def test_list_typed_with_commas_is_saved_as_a_list_and_shown_as_typed(demo):
    submission = demo.submissions.get(unit__name="演示市政务服务中心")  # dw2's prefilled draft
    client = _filler(submission)
    key = f"rows|{CHECKLIST_ROW}|unmet"
    for typed in ("5", "3,4", "3，4", "3、4", "3 4"):
        submission.refresh_from_db()
        client.post(f"/submissions/{submission.pk}/save/", {key: typed, "version": submission.version})
        submission.refresh_from_db()
        if typed == "5":  # criterion 5 (1 分) alone: 7 − 1 = 6, the total 93.76 − 5 + 6
            assert scores(submission)[0] == Decimal("94.76")
            continue
        assert [str(item) for item in submission.facts["rows"][CHECKLIST_ROW]["unmet"]] == ["3", "4"]
        assert shown_fields(client, submission)[key] == "3,4"
        assert scores(submission)[0] == Decimal("93.76")  # 大鹏 2021 as reported: 3 and 4 (1 + 1 分) unmet → 5


def test_an_unknown_criterion_is_an_error_at_its_field_not_a_different_score(demo):
    submission = demo.submissions.get(unit__name="演示市政务服务中心")
    client = _filler(submission)
    key = f"rows|{CHECKLIST_ROW}|unmet"
    response = client.post(f"/submissions/{submission.pk}/save/", {key: "34", "version": submission.version}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "评分要点“34”不在本指标的要点中" in page  # sent to the field's error slot
    submission.refresh_from_db()
    state = state_of(submission)
    assert state.scored.problems[key][0].startswith("评分要点“34”不在本指标的要点中")
    assert shown_fields(client, submission)[key] == "34"  # what was typed is kept
    html = client.get(f"/submissions/{submission.pk}/").content.decode()
    assert "填写有误，改正后计分" in html and "改正前总分不作数" in html  # no score for the row (it would be 7, not 5); the total says so
    assert not [f.message for f in state.scored.findings if "/".join(f.path) == CHECKLIST_ROW]  # nor “5 项中 5 项达到，得满分”
    assert any("评分要点“34”" in b for b in state.scored.blocking())  # cannot be submitted like this


def test_the_template_keeps_typed_criteria_as_text(demo):
    """In a number cell Excel reads “3,4” as 34 (a thousands separator); the column is text, read back as [3, 4]."""
    from io import BytesIO

    from openpyxl import load_workbook

    from jixiao.loaders.template_layout import ROW_COLUMNS, SHEET_ROWS

    framework = round_framework(demo)
    workbook = load_workbook(BytesIO(_workbook_bytes(prefilled_template(framework, scoring.new_draft("x", 2021, framework.id)))))
    sheet = workbook[SHEET_ROWS]
    column = [key for _t, key, _w in ROW_COLUMNS].index("unmet") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == CHECKLIST_ROW)
    assert sheet.cell(row=row, column=column).number_format == "@"
    sheet.cell(row=row, column=column).value = "3,4"
    content = BytesIO()
    workbook.save(content)
    raw = read_facts_upload(content.getvalue(), "填报表.xlsx", framework)
    assert raw["rows"][CHECKLIST_ROW]["unmet"] == ["3", "4"]


def test_list_texts_read_back_as_the_same_lists():
    from jixiao.loaders.list_fields import criteria_text, list_text, parse_list

    for name, items in (("unmet", ["3", "4"]), ("unmet", ["12"]), ("deductions", ["未按时报送决算，扣 0.5 分", "资产盘点不及时"]), ("bonuses", ["受到通报表扬"])):
        assert parse_list(name, list_text(name, items)) == items
    assert list_text("unmet", [3, 4]) == "3,4" and parse_list("unmet", "3，4、 5;6\n7") == ["3", "4", "5", "6", "7"]
    # A criterion named by a name with a separator in it is shown by its number, which reads back as the same criterion.
    names = ["目标明确、细化", "指标可衡量"]
    assert criteria_text(["目标明确、细化", "9"], names) == "1,9"  # an unknown reference is kept as it was, for its error


def test_the_downloaded_template_uploaded_again_changes_no_score(drafts):
    """Through the page's own links: 下载填报表 (prefilled) and 上传填报表, for every prefilled draft."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    for submission in drafts:
        client = _filler(submission)
        before_scores = scores(submission)
        lists = {k: v for k, v in flatten(submission.facts).items() if k.rsplit("|", 1)[-1] in scoring.LIST_FIELDS}
        workbook = client.get(f"/submissions/{submission.pk}/template.xlsx").content
        upload = SimpleUploadedFile("填报表.xlsx", workbook, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response = client.post(f"/submissions/{submission.pk}/upload/", {"file": upload, "version": submission.version}, follow=True)
        assert "已导入" in response.content.decode(), submission.unit.name
        submission.refresh_from_db()
        assert scores(submission) == before_scores, submission.unit.name
        assert {k: flatten(submission.facts).get(k) for k in lists} == lists
