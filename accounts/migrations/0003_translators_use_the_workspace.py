"""Translators start and update translations from the translator workspace,
which limits them to their own language; wagtail-localize's own submit and
update views would let them pick any language, so they lose that permission.
Their page permissions (their language's tree only) are granted by
localization.services.translator_page_permissions_sync."""

from django.db import migrations


def remove_submit_permission(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(content_type__app_label="wagtail_localize", codename="submit_translation").first()
    if permission is None:
        return
    for group in Group.objects.filter(name__startswith="Translators – "):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]
    operations = [migrations.RunPython(remove_submit_permission, migrations.RunPython.noop)]
