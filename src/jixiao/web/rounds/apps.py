from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "jixiao.web.rounds"
    label = "rounds"
    verbose_name = "评价批次与填报"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_log_login, dispatch_uid="jixiao-login-history")


def _log_login(sender, request, user, **kwargs) -> None:
    from jixiao.web.rounds.models import HistoryEntry

    HistoryEntry.objects.create(user=user, action=HistoryEntry.LOGIN, comment=request.META.get("REMOTE_ADDR", "") if request else "")
