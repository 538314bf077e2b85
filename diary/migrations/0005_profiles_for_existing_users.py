"""Profiles are now created with the user, never on first read: give every existing user who
has none the defaults that reading used to create."""

from django.conf import settings
from django.db import migrations


def create_missing_profiles(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Profile = apps.get_model("diary", "Profile")
    missing = User.objects.filter(profile__isnull=True).values_list("pk", flat=True)
    Profile.objects.bulk_create([Profile(user_id=pk) for pk in missing])


class Migration(migrations.Migration):
    dependencies = [
        ("diary", "0004_favourite"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create_missing_profiles, migrations.RunPython.noop)]
