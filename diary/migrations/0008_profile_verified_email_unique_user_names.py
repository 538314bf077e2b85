"""Case-insensitive unique user names and unique (non-empty) emails on auth_user, enforced by
the database so two sign-ups at once cannot both succeed; and each profile's confirmed email."""

from django.db import migrations, models
from django.db.models.functions import Lower


def refuse_duplicates(apps, schema_editor):
    """Stop with a list rather than guess which account keeps a name or an address."""
    User = apps.get_model("auth", "User")
    problems = []
    for field in ("username", "email"):
        clashes = (
            User.objects.exclude(**{field: ""})
            .annotate(key=Lower(field))
            .values("key")
            .annotate(n=models.Count("pk"))
            .filter(n__gt=1)
        )
        problems += [f"{field} {row['key']!r} is used by {row['n']} accounts" for row in clashes]
    if problems:
        raise RuntimeError(
            "Resolve these before migrating (rename or clear in the admin): " + "; ".join(problems)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("diary", "0007_anticoagulation"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="verified_email",
            field=models.EmailField(blank=True, default="", max_length=254),
        ),
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.RunSQL(
            "CREATE UNIQUE INDEX diary_user_username_ci ON auth_user (LOWER(username))",
            "DROP INDEX diary_user_username_ci",
        ),
        migrations.RunSQL(
            "CREATE UNIQUE INDEX diary_user_email_ci ON auth_user (LOWER(email)) WHERE email <> ''",
            "DROP INDEX diary_user_email_ci",
        ),
    ]
