from django.contrib import admin

from jixiao.web.rectification.models import Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("submission", "source", "deadline", "state")
    list_filter = ("state", "source")
    readonly_fields = ("submission", "source", "source_key", "created_by", "closed")
