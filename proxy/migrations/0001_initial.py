# Permissions only: the Flower model is unmanaged and never gets a table.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Flower',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'permissions': [('view_flower', 'Can view Flower (workers, tasks, API reads)'), ('control_flower', 'Can control Celery through Flower (send/revoke tasks, control workers)')],
                'managed': False,
                'default_permissions': (),
            },
        ),
    ]
