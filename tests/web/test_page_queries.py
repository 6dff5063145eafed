"""Each page asks the database a fixed number of questions, however many units, rows, evidence, history or review
scores it shows: a province's pages cost the same number of queries as the demo's (bench/web.py measures the time)."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.web.orgs.models import Organisation
from jixiao.web.rounds.models import Evidence, HistoryEntry, ReviewScore, Submission

pytestmark = pytest.mark.web


def _queries(client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm: score summaries of new units are written once here
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _grow(round_, submission, user, times: int) -> None:
    """More units under the submission's 主管部门, and more evidence, history and review scores on the submission."""
    department = submission.unit.parent
    for index in range(times):
        unit = Organisation.objects.create(name=f"{department.name}增加单位{index}", kind=Organisation.UNIT, parent=department)
        Submission.objects.create(round=round_, unit=unit, facts={**submission.facts, "department": unit.name})
    paths = list(submission.score_summary.data["rows"])[:times]
    for index, path in enumerate(paths):
        Evidence.objects.create(submission=submission, path=path, original_name=f"材料{index}.pdf", sha256=f"{index:064d}", size=1, content_type="application/pdf", uploaded_by=user)
        HistoryEntry.objects.create(user=user, action=HistoryEntry.CHANGE, round=round_, submission=submission, field=f"figures|数{index}", new=str(index))
        ReviewScore.objects.create(submission=submission, stage=ReviewScore.DEPARTMENT, path=path, score=0, reason="材料不足", by=user)


PAGES = {  # (who, url) with {round}, {submission} and {department}
    "unit_home": ("filler_foreign", "/"),  # dw2, the unit of the prefilled submission below
    "reviewer_home": ("reviewer_own", "/"),
    "finance_home": ("finance_own", "/"),
    "fill_page": ("filler_foreign", "/submissions/{submission}/"),
    "fill_page_read_only": ("reviewer_own", "/submissions/{submission}/"),
    "review_page": ("reviewer_own", "/submissions/{submission}/review/"),
    "department_page": ("reviewer_own", "/rounds/{round}/departments/{department}/"),
    "round_page": ("finance_own", "/rounds/{round}/"),
    "region_summary": ("finance_own", "/rounds/{round}/summary.xlsx"),
    "department_summary": ("reviewer_own", "/rounds/{round}/departments/{department}/summary.xlsx"),
}


def test_no_page_asks_more_questions_for_more_units_rows_or_records(demo, login, users):
    submission = demo.submissions.select_related("unit__parent").get(unit__name="演示市政务服务中心")  # prefilled from 大鹏
    clients = {role: login(role) for role in {role for role, _ in PAGES.values()}}
    urls = {name: (role, url.format(round=demo.pk, submission=submission.pk, department=submission.unit.parent_id)) for name, (role, url) in PAGES.items()}
    before = {name: _queries(clients[role], url) for name, (role, url) in urls.items()}
    _grow(demo, submission, users["reviewer_own"], 12)
    after = {name: _queries(clients[role], url) for name, (role, url) in urls.items()}
    assert after == before, (before, after)
    # And they are few: the session, the person, their roles, then what the page shows; a 主管部门's page also finds,
    # sorts and pages its units as the unit list does (the kept overview's fingerprint, the due-date extensions).
    assert max(before.values()) <= 15 and max(v for k, v in before.items() if k != "department_page") <= 12, before


def test_templates_are_parsed_once_per_process():
    """Django's cached template loader (on whenever no loaders are configured): a page's templates are not re-read per request."""
    from django.template import engines
    from django.template.loaders.cached import Loader

    loaders = engines["django"].engine.template_loaders
    assert len(loaders) == 1 and isinstance(loaders[0], Loader)
