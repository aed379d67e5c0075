"""The operator's view in headless Chromium against a live stack: a sync's progress moving on the
dashboard without a reload, the 7-day chart, task results at 1280 px, the Turkish admin with no
English in the operator's path, and the API docs page. Screenshots go to artifacts/browser/
(the README shows copies from docs/screens/).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests
from django.contrib.auth import get_user_model

from security.models import ApiToken
from tests.browser.test_first_run import ARTIFACTS, CHROMIUM, PASSWORD, live_stack  # noqa: F401 - fixture
from tests.test_translations import english_left, english_source_strings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1280
PAGE_SIZE = 2  # 20 sandbox products in pages of 2: the run reports ten steps
BATCH_DELAY_S = 1.0  # the Trendyol sandbox takes this long per batch, so the run lasts long enough to watch


@pytest.fixture
def token() -> str:
    """Created before Playwright starts: its event loop forbids ORM calls in this thread."""
    user = get_user_model().objects.create_superuser("operator", "operator@example.com", PASSWORD)
    return ApiToken.objects.issue(user)[1]


@pytest.fixture
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
            "--disable-background-networking", "--disable-component-update"])
        yield chromium
        chromium.close()


def logged_in(browser, url: str, locale: str = "en-US"):
    page = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale=locale).new_page()
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{url}/admin/")
    return page


def shot(page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def progress_of(row) -> tuple[int, int] | None:
    match = re.match(r"\s*(\d+)/(\d+)", row.locator("td.running .progress-text").first.inner_text()) \
        if row.locator("td.running .progress-text").count() else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def test_dashboard_shows_a_sync_moving_then_its_chart(live_stack, token, trendyol, browser):  # noqa: F811
    requests.post(f"{trendyol.url}/_sandbox/config", json={"batch_delay": BATCH_DELAY_S}, timeout=5).raise_for_status()
    page = logged_in(browser, live_stack)
    page.goto(f"{live_stack}/admin/channel/dashboard/")
    assert page.locator("#attention").count() == 1
    assert [h.inner_text() for h in page.locator(".area > h2").all()] == ["Setup", "Catalog", "Orders",
                                                                                  "Order webhooks"]
    page.evaluate("window.notReloaded = true")

    queued = requests.post(f"{live_stack}/api/v1/flows/products_sync/runs/", timeout=10,
                           headers={"Authorization": f"Token {token}"},
                           json={"channel_id": 1, "kwargs": {"page_size": PAGE_SIZE}})
    assert queued.status_code == 202, queued.text
    row = page.locator("tr[data-flow='products_sync']")
    page.wait_for_function("""() => {
        const text = document.querySelector("tr[data-flow='products_sync'] td.running .progress-text");
        const m = text && text.textContent.match(/^(\\d+)\\/(\\d+)/);
        return m && +m[1] > 0 && +m[1] < +m[2]; }""", timeout=60000)
    first = progress_of(row)
    shot(page, "10-dashboard-sync-running-a", full_page=False)
    page.wait_for_function(f"""() => {{
        const text = document.querySelector("tr[data-flow='products_sync'] td.running .progress-text");
        const m = text && text.textContent.match(/^(\\d+)\\/(\\d+)/);
        return m && +m[1] > {first[0]}; }}""", timeout=60000)
    second = progress_of(row)
    assert second[0] > first[0] and second[1] == first[1] == 20, (first, second)
    assert "/s" in row.locator("td.running .progress-text").inner_text()
    assert page.evaluate("window.notReloaded === true"), "the page reloaded instead of polling"
    shot(page, "11-dashboard-sync-running-b", full_page=False)

    page.wait_for_function("""() => !document.querySelector("tr[data-flow='products_sync'] td.running[data-active]")""",
                           timeout=120000)
    page.goto(f"{live_stack}/admin/channel/dashboard/")
    assert row.locator("td.state").inner_text().strip().startswith("SUCCESS")
    assert row.locator("svg.run-chart rect.run").count() >= 1
    box = row.locator("svg.run-chart").bounding_box()
    assert box and box["width"] > 100 and box["height"] > 20
    shot(page, "12-dashboard-finished-with-chart")

    page.goto(f"{live_stack}/admin/django_celery_results/taskresult/")
    fits = page.evaluate("""() => { const t = document.querySelector('#result_list');
        return t.getBoundingClientRect().right <= window.innerWidth; }""")
    shot(page, "13-task-results-1280")
    assert fits, "the task results list is wider than 1280 px"
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_selector(".run-facts", timeout=15000)
    assert page.content().count("&quot;fetched&quot;") <= 1
    shot(page, "14-task-result-detail")

    page.goto(f"{live_stack}/api/v1/docs/")
    page.wait_for_selector("text=/api/v1/flows/", timeout=30000)
    shot(page, "15-api-docs")


def test_turkish_admin_has_no_english_in_the_operators_path(live_stack, token, browser):  # noqa: F811
    english = english_source_strings()
    page = logged_in(browser, live_stack, locale="tr-TR")
    screens = {"20-tr-admin-index": "/admin/", "21-tr-dashboard": "/admin/channel/dashboard/",
               "22-tr-periodic-tasks": "/admin/django_celery_beat/periodictask/",
               "23-tr-periodic-task-form": "/admin/django_celery_beat/periodictask/add/",
               "24-tr-task-results": "/admin/django_celery_results/taskresult/",
               "25-tr-tokens": "/admin/security/apitoken/"}
    for name, path in screens.items():
        page.goto(f"{live_stack}{path}")
        assert page.locator("html").get_attribute("lang") == "tr"
        left = english_left(page.content(), english)
        assert not left, f"English on {path}: {left}"
        shot(page, name)
    page.goto(f"{live_stack}/admin/")
    caption = page.locator(".module caption").first
    assert caption.evaluate("node => getComputedStyle(node).textTransform") == "none"
    assert "PERİODİC" not in page.locator("body").inner_text()
    assert "Periyodik Görevler" in page.locator("body").inner_text()
