from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "jixiao.web.people"
    label = "people"
    verbose_name = "单位代码与人员"

    def ready(self):
        from jixiao.web.people import middleware  # noqa: F401  (connects the login signal)
