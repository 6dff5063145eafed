"""API tokens in the admin: seen, never made or changed there (a token is shown only to its owner, once)."""
from django.contrib import admin

from jixiao.web.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created", "last_used", "revoked")
    list_filter = ("revoked",)
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("user", "name", "prefix", "digest", "created", "last_used", "revoked")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
