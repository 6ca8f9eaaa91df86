from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Reader site")

    def ready(self) -> None:
        from articles.signals import story_changed

        from .pagecache import on_story_changed

        # Changed stories purge exactly the cached pages that show them.
        story_changed.connect(on_story_changed, dispatch_uid="newsroom.pagecache.purge")
