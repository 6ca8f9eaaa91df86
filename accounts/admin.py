from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import UserChangeForm, UserCreationForm
from .models import User

# The role allowed to give people staff access and roles (the group is created by the
# articles app's role migration).
ROLE_GRANTING_GROUP = "Chief editor"
# Fields that grant access: only chief editors and superusers may change them, and only
# superusers may hand out superuser status or single permissions.
ROLE_FIELDS = ("is_staff", "groups")
SUPERUSER_FIELDS = ("is_superuser", "user_permissions")


def may_grant_roles(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=ROLE_GRANTING_GROUP).exists()
    )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "display_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "display_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")},
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        # Read-only fields are left out of the form, so a tampered POST cannot set them.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += SUPERUSER_FIELDS
            if not may_grant_roles(request.user):
                readonly += ROLE_FIELDS
        return readonly

    def has_change_permission(self, request, obj=None):
        # A superuser's account (password, email) is out of reach for everyone else.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
