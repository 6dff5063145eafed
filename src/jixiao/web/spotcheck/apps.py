from django.apps import AppConfig


class SpotcheckConfig(AppConfig):
    name = "jixiao.web.spotcheck"
    label = "spotcheck"
    verbose_name = "抽查与第三方评价"
