from django.urls import path

from jixiao.web.results import views

urlpatterns = [
    path("rounds/<int:pk>/", views.results_page, name="results"),
    path("rounds/<int:pk>/rule/", views.rule_save, name="results_rule"),
    path("rounds/<int:pk>/submissions/<int:sub>/decide/", views.decide, name="results_decide"),
    path("rounds/<int:pk>/projects/<int:sub>/decide/", views.decide_project, name="results_project_decide"),
    path("rounds/<int:pk>/budget.xlsx", views.results_xlsx, name="results_xlsx"),
    path("rounds/<int:pk>/ranking/", views.ranking, name="results_ranking"),
]
