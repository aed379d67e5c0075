"""Responses map onto one error tree that keeps the evidence and hides secrets."""
from __future__ import annotations

import pytest
import requests

from omnitron import errors


def response(status: int, body: bytes, url: str = "http://h/api/v1/x/") -> requests.Response:
    made = requests.Response()
    made.status_code, made._content, made.url = status, body, url
    return made


@pytest.mark.parametrize(("status", "cls"), [
    (400, errors.BadRequest), (401, errors.AuthenticationError), (403, errors.PermissionDenied),
    (404, errors.NotFound), (406, errors.NotAcceptable), (429, errors.RateLimited), (500, errors.ServerError),
    (503, errors.ServerError), (409, errors.APIError),
])
def test_status_maps_to_class(status, cls):
    err = errors.error_from_response("GET", response(status, b'{"detail": "x"}'))
    assert type(err) is cls and isinstance(err, errors.OmnitronError)
    assert (err.method, err.status, err.body, err.url) == ("GET", status, {"detail": "x"}, "http://h/api/v1/x/")


def test_non_json_body_is_kept_as_text():
    assert errors.error_from_response("GET", response(502, b"<html>bad gateway</html>")).body == "<html>bad gateway</html>"


def test_redaction_is_recursive_and_case_insensitive():
    body = {"Password": "p", "nested": [{"api_key": "k", "ok": 1}], "token": "t", "detail": "d"}
    assert errors.redact(body) == {"Password": "***", "nested": [{"api_key": "***", "ok": 1}], "token": "***",
                                   "detail": "d"}


def test_illegal_transition_message_names_both_states():
    assert "'done' -> 'commit'" in str(errors.IllegalTransition(3, "done", "commit"))
