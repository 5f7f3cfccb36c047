"""Tighten two roles.

- Administrators lose user management: Wagtail's user form lets anyone with
  change_user grant superuser status, so only superusers manage accounts and
  roles (docs/roles.md).
- Moderators lose the delete permissions on images and documents that
  Wagtail's own initial migration gave its Moderators group.
"""

from django.db import migrations


def tighten(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    administrators = Group.objects.filter(name="Administrators").first()
    if administrators is not None:
        administrators.permissions.remove(
            *Permission.objects.filter(content_type__app_label="accounts", codename__in=["add_user", "change_user", "delete_user"])
        )
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        deletes = Permission.objects.filter(codename__in=["delete_image", "delete_document"])
        GroupCollectionPermission.objects.filter(group=moderators, permission__in=deletes).delete()
        moderators.permissions.remove(*deletes)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_translators_use_the_workspace")]
    operations = [migrations.RunPython(tighten, migrations.RunPython.noop)]
