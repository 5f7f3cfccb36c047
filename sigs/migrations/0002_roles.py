"""SIG proposal permissions for the portal's roles (docs/roles.md)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "SIG reviewers": ["review_proposal", "view_proposal"],
    "Moderators": ["review_proposal", "decide_proposal", "view_proposal"],
    "Administrators": ["review_proposal", "decide_proposal", "view_proposal"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("sigs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="sigs", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="sigs"))


class Migration(migrations.Migration):
    dependencies = [("sigs", "0001_initial"), ("accounts", "0002_roles")]
    operations = [migrations.RunPython(grant, revoke)]
