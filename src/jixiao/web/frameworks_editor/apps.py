from django.apps import AppConfig


class FrameworksEditorConfig(AppConfig):
    name = "jixiao.web.frameworks_editor"
    label = "frameworks_editor"
    verbose_name = "指标体系编写"
    default_auto_field = "django.db.models.BigAutoField"
