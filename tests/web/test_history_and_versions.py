"""History is append-only; a stale save is refused with both versions shown, nothing overwritten."""
from __future__ import annotations

import pytest

from jixiao.web.rounds.models import AppendOnly, HistoryEntry, Submission

pytestmark = pytest.mark.web


def test_history_cannot_be_changed_or_deleted(own_submission, users):
    entry = HistoryEntry.objects.create(user=users["filler_own"], action=HistoryEntry.CHANGE, submission=own_submission, field="figures|年初预算", old="", new="1")
    entry.new = "2"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        HistoryEntry.objects.filter(pk=entry.pk).update(new="3")
    with pytest.raises(AppendOnly):
        HistoryEntry.objects.all().delete()
    assert HistoryEntry.objects.get(pk=entry.pk).new == "1"


def test_the_database_refuses_a_raw_update_of_history(own_submission, users):
    """Past the model: a raw UPDATE (another program on the same database) is refused by a trigger; on PostgreSQL a raw DELETE too."""
    from django.db import DatabaseError, connection, transaction

    entry = HistoryEntry.objects.create(user=users["filler_own"], action=HistoryEntry.CHANGE, submission=own_submission, field="figures|年初预算", old="", new="1")
    with pytest.raises(DatabaseError, match="历史记录只能追加"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE rounds_historyentry SET new = '2' WHERE id = %s", [entry.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="历史记录只能追加"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM rounds_historyentry WHERE id = %s", [entry.pk])
    assert HistoryEntry.objects.get(pk=entry.pk).new == "1"


def test_each_saved_change_is_logged_with_old_and_new(login, own_submission):
    client = login("filler_own")
    client.post(f"/submissions/{own_submission.pk}/save/", {"figures|年初预算": "5281.87", "version": 1}, HTTP_HX_REQUEST="true")
    client.post(f"/submissions/{own_submission.pk}/save/", {"figures|年初预算": "5300", "version": 2}, HTTP_HX_REQUEST="true")
    changes = list(own_submission.history.filter(action=HistoryEntry.CHANGE).values_list("user__username", "field", "old", "new", "version"))
    assert changes == [("dw1", "figures|年初预算", "", "5281.87", 2), ("dw1", "figures|年初预算", "5281.87", "5300", 3)]
    page = client.get(f"/submissions/{own_submission.pk}/").content.decode()
    assert "5281.87" in page and "历史记录" in page
    export = client.get(f"/submissions/{own_submission.pk}/history.csv").content.decode("utf-8-sig").splitlines()
    assert export[0] == "时间（北京时间）,人员,类别,字段,原值,新值,说明,版本"
    assert export[-1].endswith("+08:00,dw1,修改,年初预算,5281.87,5300,,3")  # the field as the page names it


def test_login_and_downloads_are_logged(demo, client, own_submission):
    client.post("/accounts/login/", {"username": "dw1", "password": "jixiao-demo-2026"})
    assert HistoryEntry.objects.filter(action=HistoryEntry.LOGIN, user__username="dw1").count() == 1
    client.get(f"/submissions/{own_submission.pk}/template.xlsx")  # not logged: an empty form
    fill = {"figures|年初预算": "1"}
    client.post(f"/submissions/{own_submission.pk}/save/", {**fill, "version": 1}, HTTP_HX_REQUEST="true")
    assert own_submission.history.filter(action=HistoryEntry.CHANGE).count() == 1


def test_csv_export_defuses_formulas(login, own_submission):
    client = login("filler_own")
    client.post(f"/submissions/{own_submission.pk}/save/", {"narrative|存在问题": "=HYPERLINK(\"http://x\")", "version": 1}, HTTP_HX_REQUEST="true")
    export = client.get(f"/submissions/{own_submission.pk}/history.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in export


def test_archive_history_defuses_formulas_as_the_download_does(login, demo, own_submission):
    # archive.zip's 历史记录.csv wrote the same rows unescaped; both now come from one writer.
    import io
    import zipfile

    client = login("filler_own")
    for number, text in enumerate(("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)"), start=1):
        client.post(f"/submissions/{own_submission.pk}/save/", {"narrative|存在问题": text, "version": number}, HTTP_HX_REQUEST="true")
    download = client.get(f"/submissions/{own_submission.pk}/history.csv").content.decode("utf-8-sig")
    archive = zipfile.ZipFile(io.BytesIO(login("finance_own").get(f"/rounds/{demo.pk}/archive.zip").content))
    name = next(n for n in archive.namelist() if n.endswith(f"/{own_submission.unit.name}/历史记录.csv"))
    archived = archive.read(name).decode("utf-8-sig")
    for text in ("'=HYPERLINK", "'+1+1", "'-2+3", "'@SUM(A1)"):
        assert text in archived and text in download
    cells = [cell for line in archived.splitlines()[1:] for cell in line.split(",")]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert archived.splitlines()[0] == "时间（北京时间）,人员,类别,字段,原值,新值,说明,版本"


def test_stale_save_shows_both_versions_and_overwrites_nothing(login, own_submission):
    first, second = login("filler_own"), login("filler_own")
    url = f"/submissions/{own_submission.pk}/save/"
    first.post(url, {"figures|年初预算": "5281.87", "version": 1}, HTTP_HX_REQUEST="true")
    response = second.post(url, {"figures|年初预算": "9999", "version": 1}, HTTP_HX_REQUEST="true")  # loaded before the first save
    html = response.content.decode()
    assert "此填报已被他人修改（您打开页面后又保存过 1 次），您的修改未保存" in html
    assert "<td>9999</td><td>5281.87</td>" in html  # yours, and what is saved
    assert "<td>年初预算</td>" in html and "figures" not in html.split('id="conflict"')[1]  # the field as the page labels it
    own_submission.refresh_from_db()
    assert own_submission.facts["figures"]["年初预算"] == "5281.87" and own_submission.version == 2


def test_slot_rows_are_added_and_removed_with_versions(login, demo):
    """Slots need a framework with 个性指标: a jiangxi-2021 round for dw1's unit."""
    from jixiao.web.rounds import services

    unit = demo.submissions.get(unit__name="演示市政务服务数据管理局本级").unit
    czj = login("finance_own")
    czj.post("/rounds/new/", {"region": unit.parent.parent_id, "title": "江西体系试点", "year": 2022, "framework_id": "jiangxi-2021", "units": [unit.pk]})
    submission = Submission.objects.get(round__title="江西体系试点")
    client = login("filler_own")
    slot = "产出指标/数量指标"
    client.post(f"/submissions/{submission.pk}/slots/add/", {"slot": slot, "version": 1})
    client.post(f"/submissions/{submission.pk}/slots/add/", {"slot": slot, "version": 2})
    submission.refresh_from_db()
    assert [row["name"] for row in submission.facts["slots"][slot]] == ["个性指标1", "个性指标2"]
    client.post(f"/submissions/{submission.pk}/save/", {f"slots|{slot}|1|weight": "9", "version": 3}, HTTP_HX_REQUEST="true")
    page = client.get(f"/submissions/{submission.pk}/").content.decode()
    assert "数量指标第2项：分值" in page
    client.post(f"/submissions/{submission.pk}/slots/remove/", {"slot": slot, "index": "0", "version": 4})
    submission.refresh_from_db()
    assert submission.facts["slots"][slot] == [{"name": "个性指标2", "weight": "9"}]
    with pytest.raises(services.Stale):
        services.add_slot_row(submission, None, slot, None, version=1)


@pytest.mark.parametrize("key", ["year", "department", "framework", "rows|部门决策/预算编制/预算编制合理性|score|x", "slots|a|x|name", "slots|产出指标/数量指标|0|name", "figures", "reviewed_total", "rows||score"])
def test_only_fields_of_the_page_can_be_saved(login, own_submission, key):
    response = login("filler_own").post(f"/submissions/{own_submission.pk}/save/", {key: "1", "version": 1}, HTTP_HX_REQUEST="true")
    assert "不能填写字段" in response.content.decode()
    own_submission.refresh_from_db()
    assert own_submission.version == 1 and own_submission.facts["year"] == 2021
