"""The OpenAPI document is valid, describes our endpoints, and the live API keeps to it (schemathesis)."""
from __future__ import annotations

import os
import re

import pytest
import requests
import schemathesis
from schemathesis import GenerationMode
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.channel.api.conftest import make_user

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def isolated_api(gunicorn_factory):
    """A gunicorn whose broker is a Redis database no worker reads: fuzzed runs are queued, never run."""
    return gunicorn_factory("gunicorn-schema", env={"BROKER_URL": os.environ["TEST_REDIS_BASE"] + "/9"})


def test_schema_needs_a_login(client, db):
    assert client.get("/api/v1/schema/").status_code == 401


def test_schema_is_valid_openapi_3_listing_our_operations(client, db):
    client.force_login(make_user("reader", "view_sync").user)
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = response.json()
    validate_schema(document)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/api/v1/flows/", "/api/v1/flows/{flow}/runs/", "/api/v1/runs/{task_id}/"}
    post = document["paths"]["/api/v1/flows/{flow}/runs/"]["post"]
    assert set(post["responses"]) >= {"202", "400", "401", "403", "404", "503"}
    assert {"tokenAuth", "basicAuth"} <= set(document["components"]["securitySchemes"])


@pytest.mark.django_db(transaction=True)
def test_live_api_never_answers_5xx_and_keeps_to_its_schema(isolated_api):
    operator = make_user("fuzzer", "view_sync", "trigger_sync")
    headers = operator.headers
    schema = schemathesis.openapi.from_url(isolated_api.url + "/api/v1/schema/", headers=headers)
    session = requests.Session()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 3
    statuses: list[int] = []
    for operation in operations:
        # Only the POST has a body and headers that invalid data can be made of.
        modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if operation.method == "post" else [])
        for mode in modes:
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=30, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def conforms(case):
                response = case.call_and_validate(base_url=isolated_api.url, session=session, headers=headers,
                                                  checks=CHECKS)
                statuses.append(response.status_code)

            conforms()
    assert len(statuses) >= 100
    assert {202, 400, 404} <= set(statuses)  # the fuzzer reached acceptance, validation and lookups


def test_docs_page_sends_a_browser_without_a_session_to_the_login(client, db):
    response = client.get("/api/v1/docs/", HTTP_ACCEPT="text/html")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=/api/v1/docs/")


def test_docs_page_renders_swagger_ui_from_our_static_files(client, db, static_root):
    client.force_login(make_user("docs-reader").user)
    page = client.get("/api/v1/docs/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    html = page.content.decode()
    assert '"/api/v1/schema/"' in html
    assert '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.' in html
    assets = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert assets and all(url.startswith("/static/") for url in assets if not url.startswith("#")), assets
    assert not re.search(r"https?://|//cdn|cdn\.", html)  # nothing from a CDN (a random nonce may spell "cdn")
