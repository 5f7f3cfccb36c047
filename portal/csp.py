"""Content-Security-Policy: strict on every public page, the admin's own policy
on the Wagtail and Django admin (which still ship inline scripts and styles)."""

from django.conf import settings

from csp.middleware import CSPMiddleware, PolicyParts


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(settings.ADMIN_PATH_PREFIXES))
        ):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if request.path_info.startswith(tuple(settings.ADMIN_PATH_PREFIXES)):
            # Wagtail's live preview frames admin pages inside the admin.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
