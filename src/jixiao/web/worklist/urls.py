from django.urls import path

from jixiao.web.worklist import views

urlpatterns = [
    path("todo/", views.todo_page, name="todo"),
    path("rounds/<int:pk>/batch/", views.batch_review, name="batch_review"),
]
