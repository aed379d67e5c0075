"""The screens, as a person uses them, in headless Chromium against a live stack.

Log in to admin, open the sync dashboard, press Run now on the products flow, see it finish with
its counts, then open Flower through /flower/ and find that task. Every step leaves a screenshot
in artifacts/browser/. The stack is private to this test (its own Redis, worker, Flower, gunicorn)
and talks to both sandboxes over HTTP.
"""
from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.channel.flows.sandbox_setup import admin_client, configure_channel
from tests.fixtures.bootstrap import RUN_DIR
from tests.fixtures.processes import PYTHON, ROOT, free_port, http_ready, redis_server, start_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "artifacts" / "browser"
PRODUCTS_FLOW = "products_sync"
PASSWORD = "browser-test-password"


@pytest.fixture
def live_stack(omnitron, trendyol, worker_factory, gunicorn_factory, test_database_env) -> Iterator[str]:
    """Web, worker and Flower sharing a Redis of their own, pointed at the sandboxes."""
    from django.core.cache import cache

    configure_channel(admin_client(omnitron.url, cache), trendyol.conf)
    with redis_server(RUN_DIR) as (redis_url, _redis):
        flower_port = free_port()
        env = {"BROKER_URL": f"{redis_url}/1", "CACHE_URL": f"{redis_url}/2", "OMNITRON_URL": omnitron.url,
               "FLOWER_URL": f"http://127.0.0.1:{flower_port}"}
        flower = start_process(
            "browser-flower",
            [PYTHON, "-m", "celery", "-A", "config", "flower", "--address=127.0.0.1", f"--port={flower_port}"],
            RUN_DIR, env={**test_database_env, **env},
            ready=http_ready(f"http://127.0.0.1:{flower_port}/flower/healthcheck"),
        )
        worker_factory("browser-worker", env=env)
        web = gunicorn_factory("browser-web", env=env)
        try:
            yield web.url
        finally:
            flower.stop()


@pytest.fixture
def page() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
            "--disable-background-networking", "--disable-component-update"])
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        yield context.new_page()
        browser.close()


def shot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def operator() -> str:
    """Created before Playwright starts: its event loop forbids ORM calls in this thread."""
    get_user_model().objects.create_superuser("operator", "operator@example.com", PASSWORD)
    return "operator"


def test_run_now_on_the_dashboard_then_find_the_task_in_flower(live_stack, operator, page):
    page.goto(f"{live_stack}/admin/login/")
    page.fill("#id_username", operator)
    page.fill("#id_password", PASSWORD)
    shot(page, "01-login")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_stack}/admin/")
    shot(page, "02-admin-index")

    page.goto(f"{live_stack}/admin/channel/dashboard/")
    row = page.locator(f"tr[data-flow='{PRODUCTS_FLOW}']")
    assert row.count() == 1, f"no {PRODUCTS_FLOW} row on the dashboard"
    shot(page, "03-dashboard")
    row.get_by_role("button", name="Run now").click()
    page.wait_for_load_state()
    assert page.locator("ul.messagelist").count() == 1
    shot(page, "04-run-queued")

    for _ in range(60):
        page.goto(f"{live_stack}/admin/channel/dashboard/")
        state = row.locator("td.state").all_inner_texts()
        if state and state[0].strip().startswith("SUCCESS"):
            break
        page.wait_for_timeout(1000)
    counts = row.locator("td.counts").inner_text()
    assert row.locator("td.state").inner_text().strip().startswith("SUCCESS")
    succeeded = re.search(r"succeeded=(\d+)", counts)
    assert succeeded and int(succeeded.group(1)) > 0, counts
    shot(page, "05-run-finished")

    flower_link = row.locator("a", has_text="Flower").first.get_attribute("href")
    task_id = flower_link.rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"{live_stack}/flower/")
    page.wait_for_selector("text=Workers", timeout=15000)
    shot(page, "06-flower-dashboard")
    page.goto(f"{live_stack}/flower/task/{task_id}")
    page.wait_for_selector(f"text=channel.{PRODUCTS_FLOW}", timeout=15000)
    assert task_id in page.content()
    assert "SUCCESS" in page.content()
    shot(page, "07-flower-task")
