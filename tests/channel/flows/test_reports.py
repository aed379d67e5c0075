"""Error reports: the marketplace's reason per failed object, capped per run, plus a run report."""
from __future__ import annotations

import pytest


pytestmark = pytest.mark.timeout(120)


def test_per_object_reports_are_capped_and_the_run_report_is_not_ok(channel):
    bad = sorted(row["pk"] for row in channel.omnitron.table("products") if row["product_type"] == "0")[:3]
    for pk in bad:
        channel.omnitron.control("POST", "prices", {"product": pk, "price": "99999.00"})

    result = channel.run("products_insert", max_error_reports=2)

    assert result["failed"] == 3 and len(result["errors"]) == 3
    reports = channel.omnitron.table("error_reports")
    per_object = [r for r in reports if "-Omnitron-" in r["error_code"]]
    assert len(per_object) == 2 and all("listPrice" in r["raw_response"] for r in per_object)
    assert {r["action_object_id"] for r in per_object} <= set(bad)
    [run_report] = [r for r in reports if "-Channel-" in r["error_code"]]
    assert run_report["action_object_id"] == result["batch_ids"][-1]
    assert run_report["is_ok"] is False and "failed=3" in run_report["raw_response"]
    assert run_report["error_desc"] == "products_insert"


def test_every_report_is_followed_by_its_operational_event(channel):
    bad = sorted(row["pk"] for row in channel.omnitron.table("products") if row["product_type"] == "0")[:2]
    for pk in bad:
        channel.omnitron.control("POST", "prices", {"product": pk, "price": "99999.00"})

    result = channel.run("products_insert")

    reports = channel.omnitron.table("error_reports")
    events = channel.omnitron.table("operational_events")
    assert len(events) == len(reports) == 3
    per_object = [e for e in events if e["event_type"] == "product_error"]
    assert {e["action_object_id"] for e in per_object} == set(bad)
    assert all(e["level"] == "error" and e["action_content_type"] == "product" and "listPrice" in
               e["raw_data"]["raw_response"] for e in per_object)
    [run_event] = [e for e in events if e["event_type"] == "batch_request_error"]
    assert run_event["action_object_id"] == result["batch_ids"][-1] and run_event["level"] == "error"
    assert run_event["tags"] == {"action_content_type": "batchrequest"} and run_event["source"] == "channel_app"


def test_a_clean_run_posts_an_info_event(channel):
    channel.run("products_insert")
    [event] = channel.omnitron.table("operational_events")
    assert (event["event_type"], event["level"], event["raw_data"]) == ("batch_request_error", "info", None)
