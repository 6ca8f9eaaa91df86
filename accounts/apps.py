from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .deferred import PASSKEY_MODULE, defer_module

        # Before the URLconf is first loaded, which would import the passkey code.
        defer_module(PASSKEY_MODULE)

        from allauth.account import signals as account_signals
        from allauth.mfa import signals as mfa_signals
        from django.contrib import admin
        from django.contrib.auth import signals as auth_signals

        from . import receivers
        from .staff_mfa import admin_login, admits_to_admin

        auth_signals.user_logged_in.connect(receivers.on_user_logged_in, dispatch_uid="accounts")
        auth_signals.user_logged_out.connect(receivers.on_user_logged_out, dispatch_uid="accounts")
        for signal in (
            account_signals.password_changed,
            account_signals.password_set,
            account_signals.password_reset,
        ):
            signal.connect(receivers.on_password_changed, dispatch_uid="accounts")
        for signal in (mfa_signals.authenticator_used, mfa_signals.authenticator_added):
            signal.connect(receivers.on_second_factor, dispatch_uid="accounts")

        # The admin signs in through allauth, so staff get the second factor there.
        # Replacing two methods of the one default site (rather than swapping the site class)
        # keeps every other app's `admin.site.register` untouched.
        admin.site.login = admin_login(admin.site.login)  # type: ignore[method-assign]
        admin.site.has_permission = admits_to_admin  # type: ignore[method-assign]
