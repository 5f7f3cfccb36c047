"""Sponsor permissions for the portal's roles (docs/roles.md).

Administrators run sponsorships: levels, sponsors, inquiries and the CSV
exports. Moderators review sponsors and decide what shows on public pages
(publish_sponsor); administrators may too."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Moderators": ["view_sponsor", "publish_sponsor", "view_sponsorlevel"],
    "Administrators": [
        "view_sponsor",
        "add_sponsor",
        "change_sponsor",
        "delete_sponsor",
        "publish_sponsor",
        "export_sponsors",
        "view_sponsorlevel",
        "add_sponsorlevel",
        "change_sponsorlevel",
        "delete_sponsorlevel",
        "view_sponsorshipinquiry",
        "change_sponsorshipinquiry",
    ],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("sponsors")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="sponsors", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="sponsors"))


class Migration(migrations.Migration):
    dependencies = [("sponsors", "0001_initial"), ("accounts", "0002_roles")]
    operations = [migrations.RunPython(grant, revoke)]
