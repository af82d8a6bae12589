"""Stored addresses take the one spelling sign-up now gives them (NFKC, punycode read, lower).

An address that would collide with another account's, or that the new rules refuse, is left as
it was: its owner can still log in, and support can sort it out.
"""

from django.db import migrations

from accounts.emails import LookalikeEmail, normalise


def renormalise(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set(User.objects.values_list("email", flat=True))
    for user in User.objects.order_by("pk").iterator():
        try:
            spelled = normalise(user.email)
        except LookalikeEmail:
            continue
        if spelled != user.email and spelled not in taken:
            taken.discard(user.email)
            taken.add(spelled)
            User.objects.filter(pk=user.pk).update(email=spelled)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(renormalise, migrations.RunPython.noop)]
