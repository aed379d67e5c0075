"""The sync command's bar ends full and its table says what the run did, dry runs included."""
from __future__ import annotations

from io import StringIO

from rich.console import Console

from channel.management.run_display import RunDisplay, finished_line, summary_table, summary_title


def shown(table) -> str:
    out = StringIO()
    Console(file=out, width=120).print(table)
    return out.getvalue()


def test_bar_reaches_the_total_when_the_last_report_came_before_the_end():
    out = StringIO()
    with RunDisplay("products_sync", dry_run=False, file=out) as display:
        display.update({"done": 150, "total": 200, "stage": "products"})
        display.finish({"fetched": 200})
    assert "200/200" in out.getvalue() and "100%" in out.getvalue() and "150/200" not in out.getvalue()


def test_bar_without_a_total_ends_at_what_the_run_did():
    out = StringIO()
    with RunDisplay("orders_import", dry_run=False, file=out) as display:
        display.update({"done": 7, "total": None})
        display.finish({"fetched": 7})
    assert "7/7" in out.getvalue()


def test_table_of_a_dry_run_says_so_and_what_it_would_send():
    summary = {"dry_run": True, "fetched": 3, "sent": 0, "would_send": 3,
               "samples": [{}, {}], "requests": {"omnitron": 2}, "duration_s": 0.5}
    text = shown(summary_table(summary))
    assert summary_title("prices_sync", 1, summary) == "prices_sync · channel 1 · DRY RUN: nothing was changed"
    assert "would send" in text and "2 kept in the task result" in text and "omnitron 2" in text
    assert finished_line("prices_sync", {"dry_run": True, "fetched": 3}) == "prices_sync finished (dry run): fetched=3"


def test_table_lists_failed_objects_with_their_reasons():
    errors = [{"object_id": n, "reason": f"reason {n}"} for n in range(12)]
    text = shown(summary_table({"fetched": 12, "failed": 12, "errors": errors}))
    assert "0: reason 0" in text and "9: reason 9" in text and "10: reason 10" not in text
    assert "… 2 more failed objects in the task result" in text
