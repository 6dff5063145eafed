from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "jixiao.web.deadlines"
    label = "deadlines"
    verbose_name = "填报截止与延期"
