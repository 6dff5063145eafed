"""API writes that take a version refuse a missing or malformed one with 400 (issue 18, item 15)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.web


@pytest.mark.parametrize("version", ("-1", "0"))
def test_api_writes_with_a_malformed_version_are_400(api, own_submission, version):
    base = f"/api/submissions/{own_submission.pk}"
    put = api("filler_own").put(f"{base}/facts?version={version}", {"figures": {"年初预算": 1}}, content_type="application/json")
    assert put.status_code == 400 and put.json()["code"] == "bad_version"
    patch = api("filler_own").patch(f"{base}/fields", {"version": int(version), "changes": {"figures|年初预算": "1"}}, content_type="application/json")
    assert patch.status_code == 400 and patch.json()["code"] == "bad_version"
    own_submission.refresh_from_db()
    assert own_submission.version == 1


@pytest.mark.parametrize("version", ("", "abc"))
def test_api_writes_with_a_missing_or_text_version_are_400(api, own_submission, version):
    base = f"/api/submissions/{own_submission.pk}"
    query = f"?version={version}" if version else ""
    put = api("filler_own").put(f"{base}/facts{query}", {"figures": {"年初预算": 1}}, content_type="application/json")
    assert put.status_code == 400
    patch = api("filler_own").patch(f"{base}/fields", {"changes": {"figures|年初预算": "1"}, **({"version": version} if version else {})}, content_type="application/json")
    assert patch.status_code == 400
