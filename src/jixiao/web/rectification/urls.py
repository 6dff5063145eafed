from django.urls import path

from jixiao.web.rectification import views

urlpatterns = [
    path("rounds/<int:pk>/", views.ledger, name="rectification_ledger"),
    path("rounds/<int:pk>/ledger.xlsx", views.ledger_xlsx, name="rectification_ledger_xlsx"),
    path("rounds/<int:pk>/settings/", views.settings_save, name="rectification_settings"),
    path("submissions/<int:sub>/", views.unit_items, name="rectification_unit"),
    path("submissions/<int:sub>/raise/", views.raise_item, name="rectification_raise"),
    path("submissions/<int:sub>/feedback.docx", views.feedback, name="rectification_feedback"),
    path("items/<int:pk>/", views.item_page, name="rectification_item"),
    path("items/<int:pk>/measures/", views.measures, name="rectification_measures"),
    path("items/<int:pk>/close/", views.close, name="rectification_close"),
    path("evidence/<int:pk>/", views.evidence_download, name="rectification_evidence"),
]
