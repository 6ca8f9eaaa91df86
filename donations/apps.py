from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = _("Reader revenue")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import panels
        from accounts.signals import personal_data_erased, personal_data_requested

        from . import receivers
        from .panels import account_panel

        panels.register(account_panel)

        personal_data_requested.connect(receivers.export_donations, dispatch_uid="donations")
        personal_data_erased.connect(receivers.erase_donations, dispatch_uid="donations")
        user_logged_in.connect(receivers.quiet_prompts_for_donor, dispatch_uid="donations")
