"""Permissions for the Flower proxy, hung on a model that has no table.

Django permissions need a content type; an unmanaged, table-less model gives the `proxy`
app one, so the permissions show up in the admin and can be granted to users or groups.
"""
from django.db import models


class Flower(models.Model):
    """Access to the Flower dashboard through `/flower/`; never queried."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_flower", "Can view Flower (workers, tasks, API reads)"),
            ("control_flower", "Can control Celery through Flower (send/revoke tasks, control workers)"),
        ]
