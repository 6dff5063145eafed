"""Opening a round: built-in or uploaded framework (validated with its places), units, a draft each."""
from __future__ import annotations

from importlib import resources

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web.rounds.models import HistoryEntry, Round, Submission

pytestmark = pytest.mark.web


def _builtin_text(name: str) -> str:
    return (resources.files("jixiao") / "frameworks" / f"{name}.yaml").read_text(encoding="utf-8")


def test_open_round_with_builtin_framework_gives_each_unit_a_draft(login, demo):
    from jixiao.web.orgs.models import Organisation

    units = Organisation.objects.filter(name__in=["演示市第一中学", "演示市第二中学"])
    region = Organisation.objects.get(name="演示市财政局")
    response = login("finance_own").post("/rounds/new/", {"region": region.pk, "title": "2022 年度自评", "year": 2022, "framework_id": "shenzhen-2019", "units": [u.pk for u in units], "submit_deadline": "2023-03-31"})
    round_ = Round.objects.get(title="2022 年度自评")
    assert response.status_code == 302 and response["Location"] == f"/rounds/{round_.pk}/"
    drafts = list(round_.submissions.order_by("unit__name").values_list("unit__name", "state", "version"))
    assert drafts == [("演示市第一中学", Submission.DRAFT, 1), ("演示市第二中学", Submission.DRAFT, 1)]
    assert round_.submissions.first().facts["year"] == 2022
    assert HistoryEntry.objects.filter(round=round_, action=HistoryEntry.TRANSITION, new="开启 2022 年度自评（2 个单位）").exists()
    page = login("reviewer_foreign").get(f"/rounds/{round_.pk}/").content.decode()
    assert "演示市第一中学" in page and "填报截止 2023年3月31日" in page


def test_uploaded_framework_is_validated_with_places(login, demo):
    from jixiao.web.orgs.models import Organisation

    unit = Organisation.objects.get(name="演示市第一中学")
    region = unit.parent.parent.pk
    broken = _builtin_text("jiangxi-2021").replace("weight: 9,", "weight: 九,", 1)
    response = login("finance_own").post("/rounds/new/", {"region": region, "title": "上传体系", "year": 2022, "units": [unit.pk], "framework_file": SimpleUploadedFile("县级体系.yaml", broken.encode())})
    html = response.content.decode()
    assert response.status_code == 200 and "县级体系.yaml，第 54 行" in html
    assert not Round.objects.filter(title="上传体系").exists()

    good = _builtin_text("jiangxi-2021").replace("id: jiangxi-2021", "id: county-2022")
    response = login("finance_own").post("/rounds/new/", {"region": region, "title": "上传体系", "year": 2022, "units": [unit.pk], "framework_file": SimpleUploadedFile("县级体系.yaml", good.encode())})
    round_ = Round.objects.get(title="上传体系")
    assert round_.framework_filename == "县级体系.yaml" and round_.framework_id == ""
    submission = round_.submissions.get()
    page = login("filler_foreign").get(f"/submissions/{submission.pk}/")
    assert page.status_code == 403  # dw2 is not this school
    from django.contrib.auth import get_user_model

    school = login("filler_own")
    school.force_login(get_user_model().objects.get(username="dw4"))
    page = school.get(f"/submissions/{submission.pk}/").content.decode()
    assert "数量指标（个性指标，共 9 分" in page  # the uploaded framework's slots, from the loaders


def test_a_draft_past_its_deadline_says_so(login, own_submission):
    import datetime

    Round.objects.filter(pk=own_submission.round_id).update(submit_deadline=datetime.date(2022, 3, 31))
    page = login("filler_own").get(f"/submissions/{own_submission.pk}/").content.decode()
    assert "填报截止 2022年3月31日" in page and "已过填报截止日期" in page
    Submission.objects.filter(pk=own_submission.pk).update(state=Submission.SUBMITTED)
    assert "已过填报截止日期" not in login("filler_own").get(f"/submissions/{own_submission.pk}/").content.decode()


def test_units_of_another_region_are_refused(login, demo, users):
    from jixiao.web.orgs.models import Membership, Organisation

    other = Organisation.objects.get(name="另一市财政局")
    Membership.objects.create(user=users["finance_own"], organisation=other, role=Membership.FINANCE)  # czj in two regions
    unit = Organisation.objects.get(name="演示市第一中学")
    response = login("finance_own").post("/rounds/new/", {"region": other.pk, "title": "跨地区", "year": 2022, "framework_id": "shenzhen-2019", "units": [unit.pk]})
    assert "以下单位不属于另一市财政局：演示市第一中学" in response.content.decode()
    assert not Round.objects.filter(title="跨地区").exists()


def test_pages_name_the_framework_not_only_its_id(login, demo):
    # shenzhen-2019.yaml: `name: 部门整体支出绩效评价共性指标体系框架（2019年修订）`; the id stays as small print.
    name = "部门整体支出绩效评价共性指标体系框架（2019年修订）"
    home = login("finance_own").get("/").content.decode()
    assert f'{name} <small class="meta">shenzhen-2019</small>' in home
    page = login("reviewer_own").get(f"/rounds/{demo.pk}/").content.decode()
    assert f"指标体系 {name} <small>（shenzhen-2019）</small>" in page
    form = login("finance_own").get("/rounds/new/").content.decode()
    assert f'<option value="shenzhen-2019">{name}（shenzhen-2019）</option>' in form
