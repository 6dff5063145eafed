"""Every form field on every page carries a <label>; the live total and grade have their ids."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.web


class Fields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.labels: set[str] = set()
        self.fields: list[dict] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "textarea", "select") and attrs.get("type") not in ("hidden", "submit"):
            self.fields.append(attrs)


def _parse(html: str) -> Fields:
    parser = Fields()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(
    "role,url",
    [
        ("filler_own", "/submissions/{s}/"),
        ("reviewer_own", "/submissions/{s}/review/"),
        ("finance_own", "/rounds/new/"),
        ("finance_own", "/orgs/import/"),
        ("reviewer_own", "/rounds/{r}/departments/{d}/"),
        ("finance_own", "/"),
        ("finance_own", "/frameworks/new/?from=guangzhou-2021"),
    ],
)
def test_every_field_has_a_label_and_ids_are_unique(login, own_submission, role, url):
    from jixiao.web.rounds.models import Submission

    Submission.objects.filter(pk=own_submission.pk).update(state=Submission.SUBMITTED) if "review" in url else None
    page = login(role).get(url.format(s=own_submission.pk, r=own_submission.round_id, d=own_submission.unit.parent_id))
    assert page.status_code == 200
    parsed = _parse(page.content.decode())
    unlabelled = [f.get("name") for f in parsed.fields if f.get("id") not in parsed.labels]
    assert not unlabelled, unlabelled
    assert len(parsed.ids) == len(set(parsed.ids)), sorted({i for i in parsed.ids if parsed.ids.count(i) > 1})


def test_fill_page_has_total_grade_and_one_field_per_fact(login, own_submission):
    parsed = _parse(login("filler_own").get(f"/submissions/{own_submission.pk}/").content.decode())
    assert {"total", "grade", "save-status", "version", "state"} <= set(parsed.ids)
    names = [f.get("name") for f in parsed.fields]
    assert "figures|年初预算" in names and "rows|部门决策/目标设置/绩效指标明确性|unmet" in names
    assert "rows|部门管理/资金管理/预决算信息公开|parts|部门预算公开|score" in names
    facts = [n for n in names if "|" in n or n in ("unit", "stated_total", "stated_grade")]
    assert len(facts) == len(set(facts)), sorted({n for n in facts if facts.count(n) > 1})
