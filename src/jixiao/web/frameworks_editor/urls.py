"""The framework editor's pages, included by jixiao.web.urls under frameworks/."""
from django.urls import path

from jixiao.web.frameworks_editor import views

urlpatterns = [
    path("", views.framework_list, name="fw_list"),
    path("new/", views.framework_new, name="fw_new"),
    path("check/", views.framework_check, name="fw_check"),
    path("whatif/<int:pk>/", views.framework_what_if, name="fw_whatif"),
    path("<int:pk>/", views.framework_edit, name="fw_edit"),
    path("<int:pk>/versions/<int:number>/export.<str:fmt>", views.framework_export, name="fw_export"),
    path("<int:pk>/versions/<int:number>/round/", views.framework_round, name="fw_round"),
]
