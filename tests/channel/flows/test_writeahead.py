"""Write-ahead records: a record left under a batch id Omnitron gives out again is replaced."""
from __future__ import annotations

import pytest

from channel.flows import writeahead
from channel.locks import flow_lock
from channel.models import PendingPush

pytestmark = pytest.mark.django_db


def test_begin_replaces_a_stale_record_of_a_reused_batch_id():
    PendingPush.objects.create(batch_pk=7, channel_id=2, flow="images_sync", content_type="productimage",
                               keys=["old"], phase="pushing", lock_key="gone", lock_token="dead-run")
    with flow_lock("products_insert", 1, token="this-run"):
        writeahead.begin({"pk": 7}, "products_insert", "product", 1, ["BC1"])
    record = PendingPush.objects.get(batch_pk=7)
    assert (record.flow, record.keys, record.phase, record.lock_token) == ("products_insert", ["BC1"], "committing",
                                                                          "this-run")
