"""The API's project endpoints: read the result as the CLI gives it, write facts, refuse to submit what has errors."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.web


@pytest.fixture
def projects(demo):
    from jixiao.web.projects.models import ProjectSubmission

    return {p.project: p for p in ProjectSubmission.objects.filter(round=demo)}


def test_api_reads_writes_and_refuses(projects, api):
    farmland = projects["高标准农田建设项目"]
    client = api("filler_own")
    body = client.get(f"/api/projects/{farmland.pk}").json()
    assert body["result"]["total"] == 98.56 and body["targets"]["indicators"][0]["name"] == "新建高标准农田面积"
    facts = dict(body["facts"])
    facts["indicators"] = {**facts["indicators"], "工程验收合格率": {"actual": "93个"}}
    answer = client.put(f"/api/projects/{farmland.pk}/facts", {"facts": facts}, content_type="application/json").json()
    assert answer["result"]["total"] == 83.56 and any("单位不同" in p["message"] and p["field"] == "ind|工程验收合格率|actual" for p in answer["problems"])
    refused = client.post(f"/api/projects/{farmland.pk}/submit")
    assert refused.status_code == 409 and "须先处理" in refused.json()["message"]
