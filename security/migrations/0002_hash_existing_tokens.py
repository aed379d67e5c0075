"""Existing plaintext DRF tokens become hashed API tokens (they keep working), then the plaintext goes."""
import hashlib

from django.db import migrations


def hash_plaintext_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("security", "ApiToken")
    for token in Token.objects.all():
        ApiToken.objects.create(user_id=token.user_id, name="migrated", prefix=token.key[:8],
                                digest=hashlib.sha256(token.key.encode()).hexdigest())
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(hash_plaintext_tokens, migrations.RunPython.noop)]
