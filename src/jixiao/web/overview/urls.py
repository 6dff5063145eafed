"""The round overview (docs/overview.md); included from jixiao.web.urls."""
from django.urls import path

from jixiao.web.overview import views, views_list

urlpatterns = [
    path("rounds/<int:pk>/overview/", views.overview_page, name="overview"),
    path("rounds/<int:pk>/overview.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("rounds/<int:pk>/overview.docx", views.overview_docx, name="overview_docx"),
    path("rounds/<int:pk>/units/", views_list.unit_list, name="unit_list"),
]
