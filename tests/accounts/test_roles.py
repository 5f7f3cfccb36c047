from django.contrib.auth.models import Group

import pytest

from accounts import roles
from tests.factories import MemberFactory, ModeratorFactory, TeamLeadFactory, TranslatorFactory

pytestmark = pytest.mark.django_db


def test_every_role_group_exists_after_migrations():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.all_group_names()) <= names
    assert "Translators – Español" in names
    assert len([n for n in names if n.startswith(roles.TRANSLATORS_PREFIX)]) == 8


def test_admin_access_only_for_roles_that_need_it():
    assert ModeratorFactory().has_perm("wagtailadmin.access_admin")
    assert TranslatorFactory().has_perm("wagtailadmin.access_admin")
    assert not TeamLeadFactory().has_perm("wagtailadmin.access_admin")
    assert not MemberFactory().has_perm("wagtailadmin.access_admin")


def test_privileged_roles_are_the_ones_that_need_mfa():
    assert roles.is_privileged(ModeratorFactory())
    assert roles.is_privileged(TranslatorFactory())
    assert not roles.is_privileged(TeamLeadFactory())
    assert not roles.is_privileged(MemberFactory())
