from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "jixiao.web.overview"
    label = "overview"
    verbose_name = "批次总览"
