from django.urls import path

from jixiao.web.deadlines import views

urlpatterns = [path("submissions/<int:pk>/deadline/", views.deadline_page, name="deadline")]
