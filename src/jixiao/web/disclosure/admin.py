"""公开 in the admin: read only — a publication is changed by withdrawing it on its page, never edited."""
from django.contrib import admin

from jixiao.web.disclosure.models import Publication, PublishedUnit


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(ReadOnly):
    list_display = ("title", "region", "year", "state", "published_at", "place", "withdrawn_at")


@admin.register(PublishedUnit)
class PublishedUnitAdmin(ReadOnly):
    list_display = ("unit", "department", "final_score", "grade", "withheld", "publication")
    list_filter = ("grade", "withheld")
