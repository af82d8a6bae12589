from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.forms import UserAdminChangeForm, UserAdminCreationForm
from accounts.models import User
from accounts.services import email_confirmed


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "is_counsellor", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_counsellor", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name", "is_counsellor")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "is_counsellor", "password1", "password2"),
            },
        ),
    )
    actions = ["mark_as_counsellor", "unmark_as_counsellor"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Staff vouch for the address of an account they create or change.
        if not change or "email" in form.changed_data:
            email_confirmed(user=obj)

    @admin.action(description="Mark selected users as career counsellors")
    def mark_as_counsellor(self, request, queryset):
        updated = queryset.update(is_counsellor=True)
        self.message_user(request, f"{updated} user(s) marked as counsellor.")

    @admin.action(description="Remove the counsellor role from selected users")
    def unmark_as_counsellor(self, request, queryset):
        updated = queryset.update(is_counsellor=False)
        self.message_user(request, f"{updated} user(s) are no longer counsellors.")
