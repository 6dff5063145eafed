"""Notices in the app and by mail: each once; the mail received by a real SMTP server on 127.0.0.1 (aiosmtpd)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from web.mailbox import smtp_server

pytestmark = pytest.mark.web


@pytest.fixture
def smtp(settings):
    with smtp_server() as inbox:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.JIXIAO_MAIL_ENABLED = "127.0.0.1", inbox.port, True
        settings.DEFAULT_FROM_EMAIL = "jixiao@demo.example"
        yield inbox


def _user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


def test_returned_and_submitted_notify_the_right_people_once(demo, own_submission):
    from jixiao.web.notices.models import Notice
    from jixiao.web.rounds.models import Submission
    from jixiao.web.rounds.services import log, return_submission

    Submission.objects.filter(pk=own_submission.pk).update(state=Submission.SUBMITTED)
    own_submission.refresh_from_db()
    return_submission(own_submission, _user("zgbm1"), "请补充编外人员数量")
    notice = Notice.objects.get(user__username="dw1")
    assert notice.kind == Notice.RETURNED and "已被退回：请补充编外人员数量" in notice.text and notice.url == f"/submissions/{own_submission.pk}/"
    assert not Notice.objects.exclude(user__username="dw1").exists()
    log(_user("dw1"), "transition", submission=own_submission, field="状态", old="已退回", new="已提交")
    assert list(Notice.objects.filter(kind=Notice.SUBMITTED).values_list("user__username", flat=True)) == ["zgbm1"]


def test_remind_makes_due_and_overdue_notices_and_mails_each_once(demo, smtp):
    from django.core.management import call_command

    from jixiao.web.notices.models import Notice
    from jixiao.web.notices.remind import run
    from jixiao.web.people import mail

    get = _user
    dw1, dw2 = get("dw1"), get("dw2")
    dw1.email, dw2.email = "dw1@demo.example", "dw2@demo.example"
    dw1.save(), dw2.save()
    demo.submit_deadline = date.today() + timedelta(days=3)
    demo.save()
    call_command("remind")
    due = Notice.objects.filter(kind=Notice.DUE_SOON)
    assert due.count() == 5  # the five drafts' fillers, due in 3 days
    addressed = sorted(rcpt for rcpts, _m in smtp.messages for rcpt in rcpts)
    assert addressed == ["dw1@demo.example", "dw2@demo.example"]  # only they have addresses
    _to, message = smtp.messages[0]
    assert message["Subject"] == "jixiao 绩效：即将截止" and "将于" in message.get_content() and message["From"] == "jixiao@demo.example"
    call_command("remind")  # again the same day: nothing new, nothing mailed twice
    assert Notice.objects.count() == 5 and len(smtp.messages) == 2
    # Past the due date: an 逾期 notice, once.
    report = run(today=date.today() + timedelta(days=4), mail=mail.send)
    assert report.made == 5 and report.mailed == 2 and Notice.objects.filter(kind=Notice.OVERDUE).count() == 5


def test_mail_off_by_default_keeps_notices_in_the_app(demo, login, settings):
    from django.core.management import call_command

    from jixiao.web.notices.models import Notice

    assert not settings.JIXIAO_MAIL_ENABLED
    demo.submit_deadline = date.today() - timedelta(days=1)
    demo.save()
    call_command("remind")
    assert Notice.objects.filter(kind=Notice.OVERDUE, mailed__isnull=True).count() == 5
    client = login("filler_own")
    page = client.get("/notices/").content.decode()
    assert "已过填报截止日期" in page and "<strong>新</strong>" in page
    assert "<strong>新</strong>" not in client.get("/notices/").content.decode()  # read once opened


def test_the_new_account_password_is_mailed_not_shown(demo, login, smtp):
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(("单位名称", "单位代码", "上级单位", "联系人", "手机", "邮箱", "用户名"))
    book.active.append(("演示市第三中学", "A1", "演示市教育局", "王老师", "13800138000", "wang@demo.example", "sanzhong"))
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "名单.xlsx"
    page = login("finance_own").post(f"/rounds/{demo.pk}/roster/", {"file": data}).content.decode()
    assert "已发送邮件" in page and "<code>" not in page
    (rcpts, message), = smtp.messages
    body = message.get_content()
    password = body.split("初始密码：")[1].split()[0]
    assert rcpts == ["wang@demo.example"] and _user("sanzhong").check_password(password)


def test_rectification_due_and_overdue_notify_the_units_people_once_by_app_and_mail(demo, own_submission, smtp, login):
    from django.core.management import call_command

    from jixiao.web.notices.models import Notice
    from jixiao.web.rectification.models import Item

    dw1 = _user("dw1")
    dw1.email = "dw1@demo.example"
    dw1.save()
    demo.submit_deadline = date.today() + timedelta(days=30)  # no 填报 reminder gets in the way
    demo.save()
    today = date.today()

    def item(problem, deadline, state=Item.OPEN):
        return Item.objects.create(submission=own_submission, source=Item.REVIEW, problem=problem, required="限期整改", feedback_date=today - timedelta(days=60),
                                   deadline=deadline, state=state, created_by=_user("zgbm1"))

    soon = item("三公经费控制率未达标", today + timedelta(days=3))  # the third day still counts as “in 3 days”
    late = item("项目完成及时性不足，两个项目延期", today - timedelta(days=1), state=Item.RETURNED)  # returned to be redone: still the unit's
    item("资产管理制度不健全", today - timedelta(days=5), state=Item.REPORTED)  # measures reported: waits for the check, not the unit
    item("预算编制不细", today - timedelta(days=5), state=Item.ACCEPTED)
    item("绩效目标不明确", today + timedelta(days=4))  # not yet
    call_command("remind")
    made = {n.kind: n for n in Notice.objects.all()}
    assert set(made) == {Notice.RECTIFY_SOON, Notice.RECTIFY_OVERDUE} and Notice.objects.count() == 2
    assert set(Notice.objects.values_list("user__username", flat=True)) == {"dw1"}  # the unit's filler only
    assert made[Notice.RECTIFY_SOON].text == f"演示市政务服务数据管理局本级的整改事项“三公经费控制率未达标”将于 {soon.deadline:%Y-%m-%d} 到期，尚未报送整改情况"
    assert f"已过整改期限 {late.deadline:%Y-%m-%d}" in made[Notice.RECTIFY_OVERDUE].text
    assert login("filler_own").get(made[Notice.RECTIFY_OVERDUE].url).status_code == 200  # the item's own page
    subjects = sorted(message["Subject"] for _to, message in smtp.messages)
    assert subjects == ["jixiao 绩效：整改即将到期", "jixiao 绩效：整改已逾期"]
    assert all(rcpts == ["dw1@demo.example"] for rcpts, _m in smtp.messages)
    call_command("remind")  # the next run: nothing twice, in the app or by mail
    assert Notice.objects.count() == 2 and len(smtp.messages) == 2
    # The item due soon is now past its deadline: one 逾期 notice more, once.
    from jixiao.web.notices.remind import run
    from jixiao.web.people import mail

    report = run(today=today + timedelta(days=4), mail=mail.send)
    assert (report.made, report.mailed) == (2, 2)  # 三公 overdue; 绩效目标 now due in 0 days
    assert Notice.objects.filter(kind=Notice.RECTIFY_OVERDUE).count() == 2
