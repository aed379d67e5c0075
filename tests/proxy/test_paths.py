"""proxy.paths: only plain paths below /flower/ reach the one configured origin."""
import pytest

from proxy.paths import PathRefused, check_subpath, is_api, upstream_url

ORIGIN = "http://127.0.0.1:5555"


@pytest.mark.parametrize("subpath", [
    "", "workers", "static/css/flower.css", "task/2f3e-11", "worker/celery@host-1",
    "api/task/apply/channel.noop", "login/",
])
def test_check_subpath_accepts_plain_paths(subpath):
    assert check_subpath(subpath) == "/flower/" + subpath


@pytest.mark.parametrize("subpath", [
    "../admin/", "api/../../admin", "./workers", "static/..", "a\\..\\b", "..\\admin",
    "%2e%2e/admin", "%2fetc", "a%5cb", "%252e%252e", "/evil.example/x", "a//b", "tasks\r\nX-Injected: 1",
    "nul\x00byte",
])
def test_check_subpath_refuses_traversal_and_encoded_forms(subpath):
    with pytest.raises(PathRefused):
        check_subpath(subpath)


@pytest.mark.parametrize("raw_uri", [
    "/flower/api%2Fworkers", "/flower/%2e%2e/admin/", "/flower/%2E%2e/x", "/flower/a%5Cb",
])
def test_check_subpath_refuses_encoded_separators_in_raw_uri(raw_uri):
    with pytest.raises(PathRefused):
        check_subpath("api/workers", raw_uri=raw_uri)


def test_check_subpath_ignores_encoded_slash_in_query_of_raw_uri():
    assert check_subpath("tasks", raw_uri="/flower/tasks?search=a%2Fb") == "/flower/tasks"


def test_upstream_url_keeps_origin_path_and_query_as_sent():
    url = upstream_url(ORIGIN, "/flower/api/tasks", "limit=5&search=a%2Fb&state=SUCCESS")
    assert url == "http://127.0.0.1:5555/flower/api/tasks?limit=5&search=a%2Fb&state=SUCCESS"


def test_upstream_url_quotes_spaces_and_keeps_at_sign():
    assert upstream_url(ORIGIN, "/flower/worker/celery@my host", "") == (
        "http://127.0.0.1:5555/flower/worker/celery@my%20host"
    )


@pytest.mark.parametrize("path", ["//evil.example/flower/x", "/admin/", "@evil.example/flower/"])
def test_upstream_url_never_leaves_the_origin(path):
    with pytest.raises(PathRefused):
        upstream_url(ORIGIN, path, "")


def test_is_api_only_for_the_api_prefix():
    assert is_api("/flower/api/workers")
    assert not is_api("/flower/workers")
    assert not is_api("/flower/apix")
