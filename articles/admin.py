from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleAuthor, Author, Photo, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order", "language")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "user")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "bio")
    autocomplete_fields = ("photo", "user")


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
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


class BylineInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ("author",)
    verbose_name = _("byline")
    verbose_name_plural = _("bylines (in order)")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("headline", "status", "section", "published_at", "updated_at")
    list_filter = ("status", "section", "published_at")
    list_select_related = ("section",)
    search_fields = ("headline", "standfirst", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("lede_photo", "section")
    inlines = (BylineInline,)
    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst", "body")}),
        (_("Lede photo"), {"fields": ("lede_photo", "lede_caption")}),
        (_("Placement"), {"fields": ("section", "tags", "language")}),
        (_("Publication"), {"fields": ("status", "published_at")}),
    )
