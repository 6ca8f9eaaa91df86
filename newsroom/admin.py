from django.contrib import admin

from accounts import admin_guards

from .models import FrontPagePin, Page


@admin.register(FrontPagePin)
class FrontPagePinAdmin(admin_guards.ModelAdmin):
    list_display = ("article", "position", "expires_at")
    list_editable = ("position", "expires_at")
    list_select_related = ("article",)
    autocomplete_fields = ("article",)


@admin.register(Page)
class PageAdmin(admin_guards.ModelAdmin):
    list_display = ("title", "slug", "updated_at")
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
