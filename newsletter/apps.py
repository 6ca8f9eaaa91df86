from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from anymail.signals import tracking

        from accounts import panels
        from accounts.signals import personal_data_erased, personal_data_requested

        from . import receivers
        from .panels import account_panel

        panels.register(account_panel)

        personal_data_requested.connect(receivers.report_personal_data, dispatch_uid="newsletter")
        personal_data_erased.connect(receivers.erase_personal_data, dispatch_uid="newsletter")
        if receivers.anymail_configured():
            # Bounces and complaints reported by the email service's tracking webhook.
            tracking.connect(receivers.handle_tracking_event, dispatch_uid="newsletter")
