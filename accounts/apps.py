from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib import admin

        from allauth.account.decorators import secure_admin_login

        # Django's admin has no password form of its own: allauth's login
        # (with MFA and rate limits) is the only way in.
        admin.site.login = secure_admin_login(admin.site.login)
