"""Seeded schedule descriptions lose their "when" part ("Every 15 minutes. ..."): the admin derives it.

Only rows still carrying the seeded marker are touched; a description an operator rewrote is theirs.
"""
from django.db import migrations

SEEDED = "(seeded default; edit freely, re-seeding keeps your changes)"


def drop_schedule_text(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for task in PeriodicTask.objects.filter(description__endswith=SEEDED, task__startswith="channel."):
        when, sep, rest = task.description.partition(". ")
        if sep and rest.endswith(SEEDED):
            task.description = rest
            task.save(update_fields=["description"])


class Migration(migrations.Migration):
    dependencies = [
        ("channel", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(drop_schedule_text, migrations.RunPython.noop)]
