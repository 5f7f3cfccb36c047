from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalUserManager(UserManager):
    """Users are identified by email; the username is an internal handle."""

    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email)
        username = username or email
        return super()._create_user(username, email, password, **extra_fields)

    def create_user(self, email=None, password=None, username=None, **extra_fields):
        return super().create_user(username, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, username=None, **extra_fields):
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Pages and every mail the portal sends you use this language."),
    )

    public_name = models.CharField(
        _("public name"),
        max_length=80,
        blank=True,
        help_text=_("How the portal names you in public, for example on the contributors wall."),
    )
    thank_publicly = models.BooleanField(
        _("thank me publicly"),
        default=False,
        help_text=_("Show my public name on the contributors wall."),
    )

    objects = PortalUserManager()

    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        """The name shown in public: never the email address."""
        return self.public_name or self.get_full_name()
