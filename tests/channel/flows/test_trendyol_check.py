"""`manage.py trendyol_check --channel N` against both sandboxes (Omnitron holds the channel conf)."""
from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from channel.adapters.trendyol.check import CheckReport, _tier
from tests.channel.flows.sandbox_setup import CHANNEL_ID
from tests.fixtures.processes import free_port


def check() -> str:
    out = io.StringIO()
    call_command("trendyol_check", "--channel", str(CHANNEL_ID), stdout=out)
    return out.getvalue()


def set_conf(channel, **changes: str) -> None:
    conf = {**channel.client.channels.get()["conf"], **changes}
    channel.client.channels.update({"conf": conf})


def test_good_credentials(channel) -> None:
    out = check()
    assert "OK    conf complete: seller 1000, User-Agent '1000 - SelfIntegration', tier 50k" in out
    assert "(custom)" in out and "reachable; API key, secret and User-Agent accepted" in out
    assert "seller 1000 answers: 0 approved and 0 unapproved products" in out
    assert "tier 50k: Trendyol offers no API to read it" in out
    assert channel.trendyol.counts()["statuses"] == {"200": 3}  # three reads, nothing written


def test_bad_credentials(channel) -> None:
    set_conf(channel, api_secret="wrong")
    with pytest.raises(CommandError, match=r"rejected the API key or secret \(HTTP 401\): check api_key"):
        check()


def test_wrong_seller_id(channel) -> None:
    set_conf(channel, seller_id="2000")
    with pytest.raises(CommandError, match=r"refused the User-Agent '2000 - SelfIntegration' \(HTTP 403\).*seller_id"):
        check()


def test_unreachable_host(channel) -> None:
    set_conf(channel, base_url=f"http://127.0.0.1:{free_port()}/integration")
    with pytest.raises(CommandError, match="cannot connect to .*nothing answers there; check environment / base_url"):
        check()


def test_bad_conf_is_reported_before_any_call(channel) -> None:
    set_conf(channel, tier="10k")
    with pytest.raises(CommandError, match="channel conf: .*tier"):
        check()
    assert channel.trendyol.counts()["total"] == 0


def test_more_products_than_the_tier_allows_is_noted() -> None:
    report = CheckReport()
    _tier(report, "50k", 60_000)
    assert report.ok and "its tier is at least 75k" in report.lines[0]
