"""Who sends campaigns (docs/roles.md): moderators and administrators."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Moderators": ["send_campaign"],
    "Administrators": ["send_campaign"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("announcements")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="announcements", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="announcements"))


class Migration(migrations.Migration):
    dependencies = [("announcements", "0001_initial"), ("accounts", "0002_roles")]
    operations = [migrations.RunPython(grant, revoke)]
