"""Admin: rounds and submissions to look at; history and evidence strictly read-only."""
from django.contrib import admin

from jixiao.web.rounds.models import DepartmentReport, Evidence, HistoryEntry, Round, Submission


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "region", "framework_id", "is_open")
    exclude = ("framework_text",)
    # Drafts were made for this region, year and framework; only the title, deadlines and openness change here.
    readonly_fields = ("region", "year", "framework_id", "framework_filename")

    def has_add_permission(self, request, obj=None):
        return False  # rounds are opened on /rounds/new/, which gives every unit its draft


@admin.register(Submission)
class SubmissionAdmin(ReadOnly):
    list_display = ("unit", "round", "state", "version", "updated")
    list_filter = ("state", "round")


@admin.register(HistoryEntry)
class HistoryAdmin(ReadOnly):
    list_display = ("at", "user", "action", "submission", "organisation", "field", "old", "new", "comment")
    list_filter = ("action",)
    search_fields = ("field", "comment", "user__username")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnly):
    list_display = ("original_name", "submission", "path", "size", "sha256", "at")


@admin.register(DepartmentReport)
class ReportAdmin(ReadOnly):
    list_display = ("department", "round", "state", "at")
