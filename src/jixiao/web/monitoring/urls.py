from django.urls import path

from jixiao.web.monitoring import views, views_board, views_fill

urlpatterns = [
    path("", views.monitoring_home, name="monitoring_home"),
    path("<int:pk>/", views_board.monitoring_round, name="monitoring_round"),
    path("<int:pk>/thresholds/", views_fill.round_thresholds, name="monitoring_thresholds"),
    path("<int:pk>/warnings.xlsx", views.warnings_xlsx, name="monitoring_warnings_xlsx"),
    path("reports/<int:pk>/", views.report_page, name="monitoring_report"),
    path("reports/<int:pk>/fill/", views_fill.report_fill, name="monitoring_fill"),
    path("reports/<int:pk>/save/", views_fill.report_save, name="monitoring_save"),
    path("reports/<int:pk>/template.xlsx", views.report_template, name="monitoring_template"),
    path("reports/<int:pk>/upload/", views.report_upload, name="monitoring_upload"),
    path("reports/<int:pk>/submit/", views.report_submit, name="monitoring_submit"),
    path("reports/<int:pk>/return/", views.report_return, name="monitoring_return"),
    path("reports/<int:pk>/approve/", views.report_approve, name="monitoring_approve"),
    path("reports/<int:pk>/dispose/", views.report_dispose, name="monitoring_dispose"),
]
