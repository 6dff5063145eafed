from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jixiao.web.api"
    label = "api"
    verbose_name = "接口与令牌"
