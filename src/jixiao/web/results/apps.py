from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "jixiao.web.results"
    label = "results"
    verbose_name = "结果应用"
