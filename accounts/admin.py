import json

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import admin_guards, services
from .forms import UserChangeForm, UserCreationForm
from .models import Reader, StaffMember, User
from .permissions import can_manage_staff
from .personal_data import collect_personal_data

STAFF_FIELDS = ("is_staff", "groups")
SUPERUSER_FIELDS = ("is_superuser", "user_permissions")


@admin.register(User)
class UserAdmin(admin_guards.ModelAdmin, BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "display_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "display_name")
    actions = ("download_personal_data", "deactivate_accounts")
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
        """Only chief editors (and superusers) grant staff status and groups; only superusers
        grant superuser status and single permissions."""
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_manage_staff(request.user):
            readonly += STAFF_FIELDS
        if not request.user.is_superuser:
            readonly += SUPERUSER_FIELDS
        return readonly

    def _protected(self, request, obj) -> bool:
        """A staff account may be changed or deleted only by those who manage staff, and a
        superuser only by another superuser."""
        if obj is None:
            return False
        if obj.is_superuser and not request.user.is_superuser:
            return True
        return obj.is_staff and not can_manage_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return not self._protected(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._protected(request, obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.deactivate_user(user=obj, by=request.user)

    def delete_model(self, request, obj):
        # Deleting from the admin erases personal data everywhere, as the reader's own
        # "Delete my account" does.
        services.delete_account(user=obj, by=request.user)

    def get_deleted_objects(self, objs, request):
        # The rows that hang off an account (addresses, sessions, second factors, log lines)
        # are removed by delete_account itself: no permission on their models is needed.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.delete_account(user=user, by=request.user)

    @admin.action(description=_("Download personal data of selected accounts"))
    def download_personal_data(self, request, queryset):
        data = {user.email: collect_personal_data(user) for user in queryset}
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        name = f"personal-data-{timezone.now():%Y-%m-%d-%H%M}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @admin.action(description=_("Deactivate selected accounts and end their sessions"))
    def deactivate_accounts(self, request, queryset):
        done = 0
        for user in queryset:
            if user.pk == request.user.pk:
                self.message_user(request, _("You cannot deactivate yourself."), messages.ERROR)
                continue
            if self._protected(request, user):
                self.message_user(
                    request,
                    _("You may not deactivate %(email)s: it was left as is.")
                    % {"email": user.email},
                    messages.ERROR,
                )
                continue
            services.deactivate_user(user=user, by=request.user)
            done += 1
        if done:
            self.message_user(
                request,
                ngettext("Deactivated %(count)d account.", "Deactivated %(count)d accounts.", done)
                % {"count": done},
                messages.SUCCESS,
            )


class ConcreteUserPermissionsMixin:
    """Proxy admins answer to the permissions on User itself, so groups granted
    `accounts.change_user` and friends need nothing more."""

    def _user_perm(self, request, action: str) -> bool:
        return request.user.has_perm(f"accounts.{action}_user")

    def has_view_permission(self, request, obj=None):
        return self._user_perm(request, "view") or self._user_perm(request, "change")

    def has_add_permission(self, request):
        return self._user_perm(request, "add")

    def has_change_permission(self, request, obj=None):
        return not self._protected(request, obj) and self._user_perm(request, "change")

    def has_delete_permission(self, request, obj=None):
        return not self._protected(request, obj) and self._user_perm(request, "delete")

    def has_module_permission(self, request):
        return request.user.has_module_perms("accounts")


@admin.register(Reader)
class ReaderAdmin(ConcreteUserPermissionsMixin, UserAdmin):
    def get_list_display(self, request):
        return ("email", "display_name", "is_active", "date_joined", "last_login")

    def get_list_filter(self, request):
        return ("is_active",)


@admin.register(StaffMember)
class StaffMemberAdmin(ConcreteUserPermissionsMixin, UserAdmin):
    def get_list_display(self, request):
        return ("email", "display_name", "is_superuser", "is_active", "last_login")

    def get_list_filter(self, request):
        return ("is_superuser", "is_active", "groups")

    def has_add_permission(self, request):
        return can_manage_staff(request.user) and self._user_perm(request, "add")

    def has_change_permission(self, request, obj=None):
        return can_manage_staff(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_manage_staff(request.user) and super().has_delete_permission(request, obj)
