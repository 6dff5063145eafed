"""The project pages, included by jixiao.web.urls with one line."""
from django.urls import path

from jixiao.web.projects import views

urlpatterns = [
    path("rounds/<int:pk>/projects/", views.project_list, name="project_list"),
    path("rounds/<int:pk>/projects/import/", views.project_import, name="project_import"),
    path("rounds/<int:pk>/projects/summary.xlsx", views.project_summary, name="project_summary"),
    path("projects/<int:pk>/", views.project_page, name="project"),
    path("projects/<int:pk>/save/", views.project_save, name="project_save"),
    path("projects/<int:pk>/submit/", views.project_submit, name="project_submit"),
    path("projects/<int:pk>/return/", views.project_return, name="project_return"),
    path("projects/<int:pk>/approve/", views.project_approve, name="project_approve"),
    path("projects/<int:pk>/sheet.xlsx", views.project_xlsx, name="project_xlsx"),
    path("projects/<int:pk>/targets/", views.project_target_change, name="project_target_change"),
]
