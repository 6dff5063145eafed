"""Mail through Django's mail framework, on only when JIXIAO_SMTP_HOST is set (docs/deploy.md)."""
from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail


def enabled() -> bool:
    return bool(getattr(settings, "JIXIAO_MAIL_ENABLED", False))


def send(to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def password_mailer():
    """A send_mail(user, password) for roster.join, or None while mail is off (passwords are then shown once)."""
    if not enabled():
        return None

    def mail_password(user, password: str) -> None:
        send(user.email, "jixiao 绩效：您的账号", f"{user.first_name}：\n\n已为您建立绩效自评系统的账号。\n用户名：{user.username}\n初始密码：{password}\n\n首次登录后须修改密码。\n")

    return mail_password
