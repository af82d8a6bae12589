from django.contrib import admin

from counselling.models import CounsellorAccess, CounsellorNote, NoteReply


class SupportOnlyAdmin(admin.ModelAdmin):
    """For support: find and read, or delete on request; never create or rewrite.

    A grant is the client's consent and a note is the counsellor's words: staff making or
    editing either would speak for someone else.
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CounsellorAccess)
class CounsellorAccessAdmin(SupportOnlyAdmin):
    list_display = ["client", "counsellor", "granted_at"]
    list_select_related = ["client", "counsellor"]
    search_fields = ["client__email", "client__name", "counsellor__email", "counsellor__name"]
    date_hierarchy = "granted_at"


@admin.register(CounsellorNote)
class CounsellorNoteAdmin(SupportOnlyAdmin):
    list_display = ["comparison", "client", "author", "created_at", "hidden_by_client"]
    list_filter = ["hidden_by_client"]
    list_select_related = ["comparison__owner", "author"]
    search_fields = ["text", "author__email", "comparison__title", "comparison__owner__email"]
    date_hierarchy = "created_at"

    @admin.display(description="client", ordering="comparison__owner__email")
    def client(self, obj):
        return obj.comparison.owner


@admin.register(NoteReply)
class NoteReplyAdmin(SupportOnlyAdmin):
    list_display = ["note", "author", "created_at"]
    list_select_related = ["note__comparison", "note__author", "author"]
    search_fields = ["text", "author__email", "note__comparison__owner__email"]
    date_hierarchy = "created_at"
