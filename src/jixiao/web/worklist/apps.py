from django.apps import AppConfig


class WorklistConfig(AppConfig):
    name = "jixiao.web.worklist"
    label = "worklist"
    verbose_name = "待办与批量审核"
