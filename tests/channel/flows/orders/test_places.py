"""Place-name folding and the per-parent index (pure)."""
from __future__ import annotations

import pytest

from channel.flows.orders.places import PlaceIndex, fold


@pytest.mark.parametrize(("left", "right"), [
    ("İstanbul", "ISTANBUL"), ("istanbul", "İSTANBUL"), ("Kadıköy", "KADIKÖY"), ("Çankaya", "cankaya"),
    ("Şişli", "sisli"), ("  Iğdır ", "igdir"),
])
def test_fold_matches_turkish_spellings(left, right):
    assert fold(left) == fold(right)


def test_index_finds_by_name_then_by_channel_mapping_code():
    index = PlaceIndex()
    index.add(1, [{"pk": 10, "name": "İstanbul", "mapping": [{"code": "6_Istanbul Avrupa"}]},
                  {"pk": 11, "name": "Ankara", "mapping": [{"code": "7_Angora"}]}], channel_id=6)
    assert index.find(1, "ISTANBUL") == 10
    assert index.find(1, "istanbul avrupa") == 10
    assert index.find(1, "Angora") is None  # another channel's mapping
    assert index.find(2, "Ankara") is None and not index.known(2) and index.known(1)
