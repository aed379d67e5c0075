"""`/flower/<path>`: Flower's UI and API, streamed through Django for authorised staff.

Order of checks: the path (400), cross-site unsafe requests (403), the caller (login or
401), the permission (403); then a channel_app_template task name is resolved to its flow's
task (404 when none replaces it); only then is one request made to settings.FLOWER_URL, with
Flower's own Basic credentials added here and the response streamed back untouched.

Example (a staff user with proxy.control_flower, as in the seeds' curl):

    POST /flower/api/task/apply/channel.noop
    Authorization: Basic <base64 of django-user:password>
    {"args": []}

    200 {"task-id": "c60be250-...", "state": "SUCCESS", "result": {...}}

    POST /flower/api/task/apply/channel_app_template.app.tasks.insert_and_update_products
    -> the same, for a run of channel.products_sync
"""
from __future__ import annotations

import json
import logging

import urllib3
from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.csrf import csrf_exempt

from security import bodies

from . import apply, auth, headers, paths, responses, tasks, upstream

logger = logging.getLogger(__name__)

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


@csrf_exempt
def flower(request: HttpRequest, subpath: str = "") -> HttpResponseBase:
    """Check the request, then forward it to Flower and stream the answer back."""
    if request.method not in METHODS:
        return responses.error(request.path_info, 405, f"Method {request.method} is not proxied.")
    try:
        path = paths.check_subpath(subpath, request.META.get("RAW_URI") or request.META.get("REQUEST_URI", ""))
    except paths.PathRefused as exc:
        return responses.error(request.path_info, 400, f"Bad path: {exc}.")
    refused = refuse(request, path)
    if refused is not None:
        return refused
    try:
        path = apply.resolve_template_task(path)
    except apply.UnknownTemplateTask as exc:
        return responses.error(path, 404, str(exc))
    try:
        body = request_body(request, path)
    except apply.ApplyBodyRefused as exc:
        return responses.error(path, exc.status, f"Bad apply body: {exc}.")
    except tasks.TaskBodyRefused as exc:
        return responses.error(path, 400, f"Bad task arguments: {exc}.")
    try:
        return forward(request, path, body)
    except upstream.UpstreamError as exc:
        return responses.error(path, exc.status, str(exc))


def refuse(request: HttpRequest, path: str) -> HttpResponse | None:
    """The answer for a request that may not go upstream, or None when it may."""
    reason = auth.cross_site(request)
    if reason:
        return responses.error(path, 403, reason)
    try:
        user = auth.current_user(request)
    except auth.BadCredentials as exc:
        return responses.unauthorized(path, str(exc))
    if user is None:
        return responses.login_required(request)
    reason = auth.denial(user, request.method or "GET", path)
    if reason:
        logger.info("flower proxy refused %s %s for user %s: %s", request.method, path, user.pk, reason)
        return responses.error(path, 403, reason)
    return None


def request_body(request: HttpRequest, path: str) -> HttpRequest | bytes | None:
    """The body to send: the request stream as is; for task-sending paths the checked JSON body,
    for the blocking apply with a capped timeout."""
    task = tasks.sent_task(path) if request.method == "POST" else None
    if task is not None:
        if content_length(request) > bodies.max_bytes():  # refused before Django reads it into memory
            raise apply.ApplyBodyRefused(f"body is larger than {bodies.max_bytes()} bytes", 413)
        try:
            parsed = apply.parse_body(request.body)
        except bodies.BodyRefused as exc:
            raise apply.ApplyBodyRefused(str(exc), exc.status) from exc
        tasks.check(task, parsed)
        if apply.is_apply(path):
            return apply.cap_timeout(request.body, float(settings.FLOWER_APPLY_TIMEOUT))
        return json.dumps(parsed).encode()  # as parsed: also the seeds' curl body with literal \n
    if content_length(request) > 0:
        return request  # file-like: urllib3 reads it in blocks, nothing is buffered here
    return None


def content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def forward(request: HttpRequest, path: str, body: HttpRequest | bytes | None) -> StreamingHttpResponse:
    """Make the upstream request and wrap its response; raises upstream.UpstreamError."""
    origin = settings.FLOWER_URL
    if not settings.FLOWER_BASIC_AUTH:
        raise upstream.UpstreamError("FLOWER_BASIC_AUTH is not set; Flower refuses to start without it.", 502)
    url = paths.upstream_url(origin, path, request.META.get("QUERY_STRING", ""))
    sent = headers.request_headers(
        request.headers.items(),
        client_ip=request.META.get("REMOTE_ADDR", ""),
        scheme=request.scheme or "http",
        host=request.get_host(),
        basic_auth=settings.FLOWER_BASIC_AUTH,
    )
    if isinstance(body, bytes):
        sent["Content-Length"] = str(len(body))
    elif body is not None:
        sent["Content-Length"] = str(content_length(request))
    read_timeout = float(settings.FLOWER_READ_TIMEOUT)
    if apply.is_apply(path):
        read_timeout += float(settings.FLOWER_APPLY_TIMEOUT)
    answer = upstream.open_response(
        request.method or "GET", url, sent, body, float(settings.FLOWER_CONNECT_TIMEOUT), read_timeout
    )
    if answer.status == 401:
        answer.close()
        answer.release_conn()
        logger.error("flower rejected the proxy's credentials: check FLOWER_BASIC_AUTH")
        raise upstream.UpstreamError("Flower rejected the proxy's credentials (FLOWER_BASIC_AUTH).", 502)
    return streamed(answer, origin)


def streamed(answer: urllib3.BaseHTTPResponse, origin: str) -> StreamingHttpResponse:
    """A StreamingHttpResponse carrying Flower's status, filtered headers and raw body."""
    upstream_headers = list(answer.headers.items())
    response = StreamingHttpResponse(upstream.StreamedBody(answer), status=answer.status, reason=answer.reason)
    del response["Content-Type"]
    for name, value in headers.response_headers(upstream_headers, origin):
        response[name] = value
    response.cookies = headers.scoped_cookies(upstream_headers)
    return response
