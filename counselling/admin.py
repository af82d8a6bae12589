from django.contrib import admin

from counselling.models import CounsellorAccess, CounsellorNote


@admin.register(CounsellorAccess)
class CounsellorAccessAdmin(admin.ModelAdmin):
    list_display = ["client", "counsellor", "granted_at"]
    list_select_related = ["client", "counsellor"]
    search_fields = ["client__email", "client__name", "counsellor__email", "counsellor__name"]
    date_hierarchy = "granted_at"
    raw_id_fields = ["client", "counsellor"]
    readonly_fields = ["granted_at"]


@admin.register(CounsellorNote)
class CounsellorNoteAdmin(admin.ModelAdmin):
    list_display = ["comparison", "client", "author", "created_at", "hidden_by_client"]
    list_filter = ["hidden_by_client"]
    list_select_related = ["comparison__owner", "author"]
    search_fields = ["text", "author__email", "comparison__title", "comparison__owner__email"]
    date_hierarchy = "created_at"
    raw_id_fields = ["comparison", "author"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description="client", ordering="comparison__owner__email")
    def client(self, obj):
        return obj.comparison.owner
