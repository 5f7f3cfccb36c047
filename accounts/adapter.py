from django.utils import translation

from allauth.account.adapter import DefaultAccountAdapter

from accounts import services


class PortalAccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A new member reads the portal in the language they signed up in.
        user.preferred_language = services.supported_language(translation.get_language())
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.user_set_language(user=user, language=user.preferred_language)
        return user

    def send_mail(self, template_prefix, email, context):
        """Render in the recipient's language, then send through Celery after commit."""
        language = services.language_for_email(email, fallback=translation.get_language())
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        services.queue_email(message)
