"""Everyone who had an account before address confirmation existed keeps logging in."""

from django.db import migrations


def confirm_existing(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    known = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        EmailAddress(user_id=pk, email=email, verified=True, primary=True)
        for pk, email in User.objects.values_list("pk", "email").iterator()
        if pk not in known
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_renormalise_emails"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(confirm_existing, migrations.RunPython.noop)]
