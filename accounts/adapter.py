from django.urls import reverse
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

    def get_login_redirect_url(self, request):
        # A visitor who filled in the participation form before signing up
        # goes back to it, their answers kept in the session.
        import time

        from volunteers.views import DRAFT_KEY, DRAFT_SECONDS, DRAFT_TIME_KEY

        fresh = time.time() - request.session.get(DRAFT_TIME_KEY, 0) <= DRAFT_SECONDS
        if request.session.get(DRAFT_KEY) and fresh:
            return reverse("volunteers:join")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        """Render in the recipient's language, then send through Celery after commit."""
        language = services.language_for_email(email, fallback=translation.get_language())
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        services.queue_email(message)
