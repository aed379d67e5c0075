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
