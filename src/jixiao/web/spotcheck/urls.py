from django.urls import path

from jixiao.web.spotcheck import views

urlpatterns = [
    path("rounds/<int:pk>/sample/", views.sample_page, name="sample"),
    path("rounds/<int:pk>/assign/", views.assign, name="assign_evaluator"),
    path("evaluations/", views.evaluations, name="evaluations"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
]
