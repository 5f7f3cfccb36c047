"""The portal's roles, as Django groups. docs/roles.md describes each one.

Groups are created by a data migration (accounts/migrations/0002_roles.py)
from the definitions here, so code and database cannot drift apart.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MODERATORS = "Moderators"
ADMINISTRATORS = "Administrators"
SIG_REVIEWERS = "SIG reviewers"
TEAM_LEADS = "Team leads"
TRANSLATORS_PREFIX = "Translators – "

ROLE_LABELS = {
    MODERATORS: _("Moderators"),
    ADMINISTRATORS: _("Administrators"),
    SIG_REVIEWERS: _("SIG reviewers"),
    TEAM_LEADS: _("Team leads"),
}

# Groups whose members use the Wagtail admin.
ADMIN_ACCESS_GROUPS = [MODERATORS, ADMINISTRATORS, SIG_REVIEWERS]


def translator_group_name(language_code: str) -> str:
    """'Translators – Español' for 'es': named in the language itself."""
    names = dict(settings.LANGUAGES)
    return f"{TRANSLATORS_PREFIX}{names[language_code]}"


def translation_languages():
    """Languages that have a translator group (every language but the source)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def all_group_names():
    return [MODERATORS, ADMINISTRATORS, SIG_REVIEWERS, TEAM_LEADS] + [
        translator_group_name(code) for code in translation_languages()
    ]


def is_privileged(user) -> bool:
    """Privileged users must have a second factor before admin or review pages open."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin"):
        # Whatever gives admin access (a role, a new group, a direct permission).
        return True
    names = _group_names(user)
    if names & set(settings.PORTAL_PRIVILEGED_GROUPS):
        return True
    return any(name.startswith(tuple(settings.PORTAL_PRIVILEGED_GROUP_PREFIXES)) for name in names)


def _group_names(user) -> set[str]:
    cached = getattr(user, "_portal_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._portal_group_names = cached
    return cached


def has_role(user, group_name: str) -> bool:
    return user.is_authenticated and group_name in _group_names(user)


def translator_languages(user) -> list[str]:
    """Languages this person may translate: their translator groups; every
    language for moderators, administrators and superusers."""
    if not user.is_authenticated:
        return []
    if user.is_superuser or has_role(user, MODERATORS) or has_role(user, ADMINISTRATORS):
        return translation_languages()
    return [code for code in translation_languages() if has_role(user, translator_group_name(code))]
