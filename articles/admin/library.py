"""Admin for what stories are made of (sections, authors, photos) and the read-only logs."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import admin_guards

from ..models import AuditEntry, Author, Correction, Photo, Section


@admin.register(Section)
class SectionAdmin(admin_guards.ModelAdmin):
    list_display = ("name", "slug", "order", "language")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Author)
class AuthorAdmin(admin_guards.ModelAdmin):
    list_display = ("name", "slug", "user")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "bio")
    autocomplete_fields = ("photo", "user")


@admin.register(Photo)
class PhotoAdmin(admin_guards.ModelAdmin):
    list_display = ("thumbnail", "caption", "credit", "width", "height", "uploaded_at")
    search_fields = ("caption", "credit", "alt_text")
    list_filter = ("uploaded_at",)
    readonly_fields = ("width", "height", "thumbnail")

    @admin.display(description=_("Preview"))
    def thumbnail(self, photo: Photo) -> str:
        if not photo.image:
            return ""
        return format_html(
            '<img src="{}" alt="{}" style="max-height:4rem;max-width:8rem">',
            photo.image.url,
            photo.alt_text,
        )


@admin.register(Correction)
class CorrectionAdmin(admin_guards.ModelAdmin):
    """Read-only log: corrections are added from the story's page through the service."""

    list_display = ("article", "kind", "created_at", "created_by")
    list_filter = ("kind", "created_at")
    list_select_related = ("article", "created_by")
    search_fields = ("text", "article__headline")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin_guards.ModelAdmin):
    list_display = ("created_at", "article", "action", "from_status", "to_status", "actor")
    list_filter = ("action", "to_status", "created_at")
    list_select_related = ("article", "actor")
    search_fields = ("article__headline", "note")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
