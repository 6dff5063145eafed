from django.urls import path

from jixiao.web.people import views

urlpatterns = [
    path("rounds/<int:pk>/roster/", views.roster_page, name="roster"),
    path("people/", views.people_page, name="people"),
    path("people/<int:pk>/", views.person_change, name="person_change"),
]
