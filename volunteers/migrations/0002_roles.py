"""Volunteer permissions for the portal's roles (docs/roles.md).

Moderators and administrators see every application, decide, and export the
list as CSV; they manage teams and their leads. Team leads decide only for
their own team, on the public site (volunteers.services.can_decide)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    "view_team",
    "add_team",
    "change_team",
    "export_volunteers",
    "view_application",
    "change_application",
    "view_volunteer",
]
ROLE_PERMISSIONS = {"Moderators": PERMISSIONS, "Administrators": PERMISSIONS}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("volunteers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="volunteers", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="volunteers"))


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial"), ("accounts", "0002_roles")]
    operations = [migrations.RunPython(grant, revoke)]
