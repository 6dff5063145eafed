from django.core.management.base import BaseCommand

from jixiao.web.notices import remind
from jixiao.web.people import mail


class Command(BaseCommand):
    help = "每日提醒：为尚未提交的单位、尚待整改的整改事项生成“即将截止”（3 天内）与“已逾期”通知，并把尚未发送的通知发邮件（已开启邮件时）；可重复执行，不会重复通知。"

    def handle(self, *args, **options):
        report = remind.run(mail=mail.send if mail.enabled() else None)
        self.stdout.write(f"新通知 {report.made} 条，发送邮件 {report.mailed} 封" + ("" if mail.enabled() else "（未开启邮件：JIXIAO_SMTP_HOST 未设置）"))
