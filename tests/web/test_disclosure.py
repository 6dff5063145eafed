"""公开: publishing a reviewed round as a frozen snapshot, the public pages without login, open data, withdrawal, limits."""
from __future__ import annotations

import csv
import hashlib
import io
import json

import openpyxl
import pytest
from django.test import Client

from web.reviewed import review_prefilled

pytestmark = pytest.mark.web
PLACE = "演示市人民政府门户网站·预决算公开专栏"


@pytest.fixture
def reviewed(demo):
    review_prefilled(demo)
    return demo


def _approved(round_):
    return list(round_.submissions.filter(state="approved").select_related("unit").order_by("unit__name"))


def _publish(round_, users, withheld=None, pdf=False):
    from jixiao.web.disclosure import services

    return services.publish(round_, users["finance_own"], place=PLACE, units=[s.pk for s in _approved(round_)], withheld=withheld, pdf=pdf)


def test_unreviewed_units_are_refused_with_the_list_and_nothing_published(reviewed, login):
    from jixiao.web.disclosure.models import Publication, PublishedFile

    everyone = [str(s.pk) for s in reviewed.submissions.all()]
    response = login("finance_own").post(f"/disclosure/rounds/{reviewed.pk}/publish/", {"units": everyone, "place": PLACE})
    page = response.content.decode()
    assert "未公开：以下单位尚未审核通过，不能公开：演示市政务服务数据管理局本级（草稿）" in page
    assert f'value="{PLACE}"' in page  # typing kept
    assert not Publication.objects.exists() and not PublishedFile.objects.exists()
    withheld = _approved(reviewed)[0]
    response = login("finance_own").post(f"/disclosure/rounds/{reviewed.pk}/publish/", {"units": [str(withheld.pk)], "withheld": [str(withheld.pk)], "place": PLACE})
    assert f"不予公开须写明理由：{withheld.unit.name}" in response.content.decode()
    assert not Publication.objects.exists()


def test_anonymous_reader_finds_filters_and_downloads(reviewed, users):
    from jixiao.web.disclosure.models import PublishedFile
    from jixiao.web.rounds import evidence as store
    from jixiao.web.orgs.models import Organisation

    # hostile names are published as text: HTML-escaped on the pages, never a formula in CSV / xlsx
    Organisation.objects.filter(name="演示市第二中学").update(name="=HYPERLINK(\"x\")<b>二中</b>")
    secret = reviewed.submissions.get(unit__name="演示市第一中学")
    publication = _publish(reviewed, users, withheld={secret.pk: "涉及国家秘密"})
    reader = Client()
    index = reader.get("/public/").content.decode()
    assert f'href="/public/{publication.pk}/"' in index and PLACE in index
    page = reader.get(f"/public/{publication.pk}/").content.decode()
    assert "共 4 个单位" in page and "不予公开：涉及国家秘密" in page
    assert "&lt;b&gt;二中&lt;/b&gt;" in page and "<b>二中</b>" not in page
    # search by name, filter by grade: 93.76 优 ×1 (政务服务中心), 81.76 良 (二中), 75.76 中 (教育局本级)
    found = reader.get(f"/public/{publication.pk}/", {"q": "教育局"}).content.decode()
    assert "共 1 个单位" in found and "75.76" in found
    good = reader.get(f"/public/{publication.pk}/", {"grade": "良"}).content.decode()
    assert "共 1 个单位" in good and "81.76" in good
    central = publication.units.get(unit="演示市政务服务中心")
    unit_page = reader.get(f"/public/{publication.pk}/units/{central.pk}/").content.decode()
    assert '<td id="final-score">93.76</td>' in unit_page and '<td id="grade">优</td>' in unit_page
    sheet = central.files.get(kind=PublishedFile.SCORESHEET)
    content = reader.get(f"/public/files/{sheet.pk}/").content
    assert hashlib.sha256(content).hexdigest() == sheet.sha256 and sheet.sha256 in unit_page
    assert store.read(sheet.sha256) == content
    # withheld: listed with its reason, no page content, no files
    hidden = publication.units.get(unit="演示市第一中学")
    assert hidden.files.count() == 0 and hidden.final_score == ""
    # the region's 汇总表 of the published units only
    summary = publication.files.get(kind=PublishedFile.SUMMARY)
    book = openpyxl.load_workbook(io.BytesIO(reader.get(f"/public/files/{summary.pk}/").content))
    header = [cell.value for cell in book.active[2]]
    column = header.index("预算单位")  # the 汇总表 has a 主管部门 column before it (issue 18 §11)
    names = [row[column] for row in book.active.iter_rows(min_row=3, values_only=True) if row[column]]
    assert "演示市第一中学" not in names and "演示市政务服务中心" in names

    rows = list(csv.reader(io.StringIO(reader.get(f"/public/{publication.pk}/data.csv").content.decode("utf-8-sig"))))
    by_unit = {row[1]: row for row in rows[1:]}
    # 大鹏: 预算 7,621.05 万元, 支出 7,606.15 万元; 主管部门复核 93.76 as it reported it, the 财政局's 抽查 75.76 final (issue 18 §5)
    assert by_unit["演示市教育局本级"][2:9] == ["76210500.00", "76061500.00", "93.76", "93.76", "75.76", "中", "是"]
    assert by_unit["'=HYPERLINK(\"x\")<b>二中</b>"][7] == "良"
    assert by_unit["演示市第一中学"][4:10] == ["", "", "", "", "否", "涉及国家秘密"]
    data = json.loads(reader.get(f"/public/{publication.pk}/data.json").content)
    assert data["version"] == 1 and data["publication"]["place"] == PLACE
    secret_record = next(u for u in data["units"] if u["unit"] == "演示市第一中学")
    assert secret_record == {"department": "演示市教育局", "unit": "演示市第一中学", "withheld": True, "withheld_reason": "涉及国家秘密"}
    education = next(u for u in data["units"] if u["unit"] == "演示市教育局本级")
    assert (education["final_score"], education["grade"], education["files"][0]["sha256"]) == ("75.76", "中", education["files"][0]["sha256"])
    book = openpyxl.load_workbook(io.BytesIO(reader.get(f"/public/{publication.pk}/data.xlsx").content))
    cells = [c for row in book.active.iter_rows(min_row=3) for c in row]
    assert all(c.data_type == "s" for c in cells if c.value is not None)


def test_published_snapshot_is_frozen_after_the_units_data_change(reviewed, users):
    from jixiao.web.disclosure.models import PublishedFile
    from jixiao.web.rounds import services as round_services
    from jixiao.web.rounds.models import Submission

    publication = _publish(reviewed, users)
    central = publication.units.get(unit="演示市政务服务中心")
    sheet = central.files.get(kind=PublishedFile.SCORESHEET)
    before = Client().get(f"/public/files/{sheet.pk}/").content
    submission = Submission.objects.get(pk=central.submission_id)
    Submission.objects.filter(pk=submission.pk).update(state=Submission.RETURNED)
    submission.refresh_from_db()
    round_services.save_fields(submission, users["filler_foreign"], {"figures|年初预算": "1"}, submission.version)
    assert Client().get(f"/public/files/{sheet.pk}/").content == before
    page = Client().get(f"/public/{publication.pk}/units/{central.pk}/").content.decode()
    assert '<td id="final-score">93.76</td>' in page


def test_withdrawal_leaves_a_notice_and_serves_nothing(reviewed, users, login):
    publication = _publish(reviewed, users)
    sheet = publication.files.first()
    login("finance_own").post(f"/disclosure/publications/{publication.pk}/withdraw/", {"reason": ""})
    publication.refresh_from_db()
    assert publication.live
    login("finance_own").post(f"/disclosure/publications/{publication.pk}/withdraw/", {"reason": "数据更正后重新公开"})
    publication.refresh_from_db()
    assert not publication.live and publication.withdrawn_reason == "数据更正后重新公开"
    reader = Client()
    page = reader.get(f"/public/{publication.pk}/").content.decode()
    assert "本次公开已撤回" in page and "撤回理由：数据更正后重新公开" in page and "演示市政务服务中心" not in page
    assert reader.get(f"/public/files/{sheet.pk}/").status_code == 410
    assert reader.get(f"/public/{publication.pk}/data.csv").status_code == 410
    assert "已撤回" in reader.get("/public/").content.decode()


def test_anonymous_readers_are_rate_limited(reviewed, users, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setenv("JIXIAO_PUBLIC_RATE", "3")
    reader = Client(REMOTE_ADDR="203.0.113.9")
    assert [reader.get("/public/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert Client(REMOTE_ADDR="203.0.113.10").get("/public/").status_code == 200
    cache.clear()


def test_next_years_page_shows_when_and_where_it_was_published(reviewed, users):
    from django.contrib.auth import get_user_model

    from jixiao.web.rounds.services import open_round

    publication = _publish(reviewed, users)
    unit = reviewed.submissions.get(unit__name="演示市政务服务中心").unit
    next_round = open_round(reviewed.region, users["finance_own"], year=2022, title="2022 年度自评", framework_id="shenzhen-2019", units=[unit])
    client = Client()
    client.force_login(get_user_model().objects.get(username="dw2"))
    page = client.get(f"/submissions/{next_round.submissions.get().pk}/").content.decode()
    from django.utils.timezone import localtime

    assert f"2021 年度自评结果于 <strong>{localtime(publication.published_at):%Y-%m-%d}</strong> 在“{PLACE}”公开" in page
    assert "可作为“预决算信息公开”指标的依据" in page  # shenzhen-2019's 公开 row


def test_login_page_links_to_the_public_pages(demo):
    assert 'href="/public/"' in Client().get("/accounts/login/").content.decode()


def test_published_pdf_is_byte_identical_after_the_units_data_change(reviewed, users, login, monkeypatch):
    """Through the page and the job: request one unit's publication (queued: nothing inline), `publish` makes its
    自评报告 PDF (LibreOffice), an anonymous reader downloads it; the unit is edited; the same bytes are served."""
    from django.core.management import call_command

    from jixiao.web.disclosure.models import Publication, PublishedFile
    from jixiao.web.rounds import services as round_services
    from jixiao.web.rounds.models import Submission

    monkeypatch.setenv("JIXIAO_PUBLISH_INLINE", "0")
    submission = reviewed.submissions.get(unit__name="演示市政务服务中心")
    client = login("finance_own")
    response = client.post(f"/disclosure/rounds/{reviewed.pk}/publish/", {"units": [str(submission.pk)], "place": PLACE}, follow=True)
    publication = Publication.objects.get()
    assert publication.state == Publication.QUEUED and "排队中" in response.content.decode() and response["Refresh"] == "15"
    assert Client().get(f"/public/{publication.pk}/").status_code == 404
    call_command("publish", str(reviewed.pk))
    publication.refresh_from_db()
    assert publication.state == Publication.PUBLISHED and "已公开" in client.get(f"/disclosure/rounds/{reviewed.pk}/").content.decode()
    report = PublishedFile.objects.get(kind=PublishedFile.REPORT_PDF)
    first = Client().get(f"/public/files/{report.pk}/")
    assert first["Content-Type"] == "application/pdf" and first.content.startswith(b"%PDF")
    assert hashlib.sha256(first.content).hexdigest() == report.sha256
    Submission.objects.filter(pk=submission.pk).update(state=Submission.RETURNED)
    submission.refresh_from_db()
    round_services.save_fields(submission, users["filler_foreign"], {"figures|实际支出": "1"}, submission.version)
    assert Client().get(f"/public/files/{report.pk}/").content == first.content


def test_an_interrupted_publication_is_not_shown_and_a_rerun_completes_it(reviewed, users, monkeypatch):
    """Four units, one per batch; the job dies after two: nothing of it is public. `jixiao publish` again makes the
    other two only (each unit's documents are made once) and then shows it whole."""
    from django.core.management import call_command

    from jixiao.web.disclosure import building, services
    from jixiao.web.disclosure.models import Publication, PublishedFile

    made = []
    real = building.document_bytes
    monkeypatch.setattr(building, "document_bytes", lambda submission, which: made.append(submission.unit.name) or real(submission, which))
    publication = services.request_publication(reviewed, users["finance_own"], place=PLACE, units=[s.pk for s in _approved(reviewed)], pdf=False)
    assert (publication.state, publication.total) == (Publication.QUEUED, 4)

    def killed(done, total):
        if done == 2:
            raise KeyboardInterrupt  # as Ctrl-C or systemd's SIGTERM would stop `jixiao publish`

    with pytest.raises(KeyboardInterrupt):
        building.build(publication, killed, batch=1)
    publication.refresh_from_db()
    assert (publication.state, publication.built, publication.claimed_until) == (Publication.BUILDING, 2, None)
    assert publication.progress == "生成中（2/4）"
    reader = Client()
    built = PublishedFile.objects.filter(publication=publication).first()
    assert built is not None and reader.get(f"/public/files/{built.pk}/").status_code == 404
    assert reader.get(f"/public/{publication.pk}/").status_code == 404 and reader.get(f"/public/{publication.pk}/data.csv").status_code == 404
    assert f"/public/{publication.pk}/" not in reader.get("/public/").content.decode()

    call_command("publish")
    publication.refresh_from_db()
    assert (publication.state, publication.built) == (Publication.PUBLISHED, 4) and publication.published_at is not None
    assert sorted(made) == sorted(s.unit.name for s in _approved(reviewed))  # 4 评分表, each made once
    assert PublishedFile.objects.filter(publication=publication, kind=PublishedFile.SCORESHEET).count() == 4
    assert PublishedFile.objects.filter(publication=publication, kind=PublishedFile.SUMMARY).count() == 1
    assert "共 4 个单位" in reader.get(f"/public/{publication.pk}/").content.decode()
    call_command("publish")  # nothing left: nothing made again
    assert len(made) == 4


def test_a_unit_changed_after_the_request_stops_the_publication(reviewed, users):
    from django.core.management import call_command

    from jixiao.web.disclosure import services
    from jixiao.web.disclosure.models import Publication
    from jixiao.web.rounds import services as round_services
    from jixiao.web.rounds.models import Submission

    publication = services.request_publication(reviewed, users["finance_own"], place=PLACE, units=[s.pk for s in _approved(reviewed)], pdf=False)
    submission = reviewed.submissions.get(unit__name="演示市政务服务中心")
    Submission.objects.filter(pk=submission.pk).update(state=Submission.RETURNED)
    submission.refresh_from_db()
    round_services.save_fields(submission, users["filler_foreign"], {"figures|实际支出": "1"}, submission.version)
    call_command("publish", str(reviewed.pk))
    publication.refresh_from_db()
    assert publication.state == Publication.FAILED
    assert publication.error == "演示市政务服务中心的填报在申请公开之后已退回或修改，未公开任何内容：请重新申请公开"
    assert Client().get(f"/public/{publication.pk}/").status_code == 404


def test_admin_cannot_edit_a_publication(reviewed, users, client):
    from django.contrib.auth import get_user_model

    publication = _publish(reviewed, users)
    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get("/admin/disclosure/publication/").status_code == 200
    assert client.post(f"/admin/disclosure/publication/{publication.pk}/change/", {"place": "改"}).status_code == 403
    publication.refresh_from_db()
    assert publication.place == PLACE
