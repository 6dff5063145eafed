from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "jixiao.web.notices"
    label = "notices"
    verbose_name = "通知"

    def ready(self):
        from jixiao.web.notices import events  # noqa: F401  (connects to the history log)
