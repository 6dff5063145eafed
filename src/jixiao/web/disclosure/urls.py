"""公开: the 财政局's publish / withdraw under disclosure/, the public pages (no login) under public/."""
from django.urls import path

from jixiao.web.disclosure import views_admin, views_public

admin_urls = [
    path("rounds/<int:pk>/", views_admin.round_page, name="disclosure"),
    path("rounds/<int:pk>/publish/", views_admin.publish, name="disclosure_publish"),
    path("publications/<int:pk>/withdraw/", views_admin.withdraw, name="disclosure_withdraw"),
]
public_urls = [
    path("", views_public.index, name="public_index"),
    path("<int:pk>/", views_public.publication, name="public_publication"),
    path("<int:pk>/units/<int:unit_pk>/", views_public.unit, name="public_unit"),
    path("<int:pk>/data.csv", views_public.data_csv, name="public_csv"),
    path("<int:pk>/data.json", views_public.data_json, name="public_json"),
    path("<int:pk>/data.xlsx", views_public.data_xlsx, name="public_xlsx"),
    path("files/<int:pk>/", views_public.download, name="public_file"),
]
