from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "jixiao.web.projects"
    label = "projects"
    verbose_name = "项目支出绩效自评"
    default_auto_field = "django.db.models.BigAutoField"
