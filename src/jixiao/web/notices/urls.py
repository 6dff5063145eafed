from django.urls import path

from jixiao.web.notices import views

urlpatterns = [path("notices/", views.notices_page, name="notices")]
