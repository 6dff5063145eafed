"""Every write that takes a version refuses one that is missing or malformed (400), page and API alike (issue 18, item 15).

Before the fix a save without a valid version skipped the lost-update check and overwrote another person's save.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.web

BAD_VERSIONS = (None, "", "abc", "-1", "0", "1.5", "２")  # None: the field left out


def _form(version, **fields) -> dict:
    return fields if version is None else {**fields, "version": version}


@pytest.mark.parametrize("version", BAD_VERSIONS)
@pytest.mark.parametrize("htmx", (True, False))
def test_page_save_without_a_valid_version_is_400_and_saves_nothing(login, own_submission, version, htmx):
    client = login("filler_own")
    url = f"/submissions/{own_submission.pk}/save/"
    assert client.post(url, {"figures|年初预算": "5281.87", "version": 1}, HTTP_HX_REQUEST="true").status_code == 200  # someone's save
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(url, _form(version, **{"figures|年初预算": "9999"}), **extra)
    assert response.status_code == 400
    assert "请重新载入页面" in response.content.decode()
    own_submission.refresh_from_db()
    assert own_submission.version == 2 and own_submission.facts["figures"]["年初预算"] == "5281.87"


SLOT = "产出指标/数量指标"


@pytest.fixture
def slotted(login, demo):
    """dw1's draft in a jiangxi-2021 round (a framework with 个性指标), with one slot row (version 2)."""
    from jixiao.web.rounds.models import Submission

    unit = demo.submissions.get(unit__name="演示市政务服务数据管理局本级").unit
    login("finance_own").post("/rounds/new/", {"region": unit.parent.parent_id, "title": "江西体系试点", "year": 2022, "framework_id": "jiangxi-2021", "units": [unit.pk]})
    submission = Submission.objects.get(round__title="江西体系试点")
    login("filler_own").post(f"/submissions/{submission.pk}/slots/add/", {"slot": SLOT, "version": "1"})
    submission.refresh_from_db()
    assert len(submission.facts["slots"][SLOT]) == 1 and submission.version == 2
    return submission


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_slot_add_and_remove_and_upload_without_a_valid_version_are_400(login, slotted, version):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submission, slot = slotted, SLOT
    client = login("filler_own")
    before = (submission.version, submission.facts)
    base = f"/submissions/{submission.pk}"
    assert client.post(f"{base}/slots/add/", _form(version, slot=slot)).status_code == 400
    assert client.post(f"{base}/slots/remove/", _form(version, slot=slot, index="0")).status_code == 400
    upload = SimpleUploadedFile("数据.yaml", b"figures:\n  \xe5\xb9\xb4\xe5\x88\x9d\xe9\xa2\x84\xe7\xae\x97: 1\n")
    assert client.post(f"{base}/upload/", _form(version, file=upload)).status_code == 400
    submission.refresh_from_db()
    assert (submission.version, submission.facts) == before


def test_slot_remove_with_the_current_version_still_works(login, slotted):
    login("filler_own").post(f"/submissions/{slotted.pk}/slots/remove/", {"slot": SLOT, "index": "0", "version": "2"})
    slotted.refresh_from_db()
    assert slotted.facts["slots"][SLOT] == [] and slotted.version == 3
