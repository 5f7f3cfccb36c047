import time

from django.contrib.auth.models import Group

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from accounts import roles
from accounts.models import User

PASSWORD = "correct horse battery staple"


def with_groups(*default_names):
    """A post-generation hook adding the user to role groups (overridable with groups=[...])."""

    def add_groups(obj, create, extracted, **kwargs):
        names = default_names if extracted is None else extracted
        if create and names:
            obj.groups.add(*[Group.objects.get(name=name) for name in names])

    return factory.PostGeneration(add_groups)


class MemberFactory(factory.django.DjangoModelFactory):
    """A signed-up member with a verified primary email address."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    username = factory.SelfAttribute("email")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    preferred_language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)

    groups = with_groups()


class ModeratorFactory(MemberFactory):
    email = factory.Sequence(lambda n: f"moderator{n}@example.org")
    groups = with_groups(roles.MODERATORS)


class AdministratorFactory(MemberFactory):
    email = factory.Sequence(lambda n: f"administrator{n}@example.org")
    groups = with_groups(roles.ADMINISTRATORS)


class ReviewerFactory(MemberFactory):
    email = factory.Sequence(lambda n: f"reviewer{n}@example.org")
    groups = with_groups(roles.SIG_REVIEWERS)


class TeamLeadFactory(MemberFactory):
    email = factory.Sequence(lambda n: f"lead{n}@example.org")
    groups = with_groups(roles.TEAM_LEADS)


class TranslatorFactory(MemberFactory):
    """A translator for one language (Spanish unless `groups` says otherwise)."""

    email = factory.Sequence(lambda n: f"translator{n}@example.org")
    groups = with_groups(roles.translator_group_name("es"))


class SuperuserFactory(MemberFactory):
    email = factory.Sequence(lambda n: f"root{n}@example.org")
    is_staff = True
    is_superuser = True


def give_totp(user) -> str:
    """Activate a TOTP authenticator for `user`; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, offset: int = 0) -> str:
    counter = int(time.time()) // 30 + offset
    return format_hotp_value(hotp_value(secret, counter))
