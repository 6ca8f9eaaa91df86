from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _ensure_search_objects(sender, using="default", **kwargs) -> None:
    # Schema upkeep, not business flow: SQLite drops triggers whenever a migration rebuilds
    # the articles table, so they are checked after every migrate.
    from .search import ensure_sqlite_search_objects

    ensure_sqlite_search_objects(using)


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Reader site")

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_objects, sender=self)

        from articles.models import Section

        from .selectors import forget_masthead_sections

        for signal in (post_save, post_delete):
            signal.connect(forget_masthead_sections, sender=Section)

        from articles.signals import story_changed

        from .pagecache import on_story_changed

        # Changed stories purge exactly the cached pages that show them.
        story_changed.connect(on_story_changed, dispatch_uid="newsroom.pagecache.purge")

        from django.core import checks

        from .cdn import check_cdn_settings

        checks.register(check_cdn_settings)
