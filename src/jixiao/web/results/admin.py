from django.contrib import admin

from jixiao.web.results.models import Decision, ProjectDecision


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("submission", "kind", "proposed", "amount", "by", "at")
    readonly_fields = ("submission", "kind", "proposed", "amount", "basis", "reason", "by")


@admin.register(ProjectDecision)
class ProjectDecisionAdmin(admin.ModelAdmin):
    list_display = ("project", "kind", "proposed", "amount", "by", "at")
    readonly_fields = ("project", "kind", "proposed", "amount", "basis", "reason", "by")
