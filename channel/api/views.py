"""The trigger API views: list flows, start a run, read a run. Every request is logged with its user.

    GET  /api/v1/flows/                 -> 200 [{"name": "noop", "description": ..., "task_name": "channel.noop", ...}]
    POST /api/v1/flows/noop/runs/       {"channel_id": 1, "dry_run": false, "kwargs": {"steps": 3}}
                                        -> 202 {"task_id": "...", "status_url": ".../api/v1/runs/<id>/", ...}
    POST /api/v1/flows/channel_app_template.app.tasks.insert_and_update_products/runs/
                                        -> 202, a run of products_sync (the template's name is an alias)
    GET  /api/v1/runs/<task_id>/        -> 200 {"state": "SUCCESS", "summary": {...}, "progress": null, ...}
"""
from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from channel.api import idempotency
from channel.api.auth import CanTrigger, CanView, RememberingTokenAuthentication, StaffBasicAuthentication
from channel.api.parsers import BoundedJSONParser
from channel.api.runs import run_status
from channel.api.schema import COMMON_ERRORS, FIELD_ERRORS, FlowPathSchema, error
from channel.api.serializers import FlowSerializer, RunAcceptedSerializer, RunSerializer, TriggerSerializer
from channel.api.trigger import BrokerUnavailable, Run, enqueue, new_task_id
from channel.flows.registry import Flow, UnknownFlow, all_flows, resolve_flow
from channel.locks import lock_holder

logger = logging.getLogger(__name__)

UNAVAILABLE = (BrokerUnavailable, DatabaseError, RedisError, KombuOperationalError)
RETRY_AFTER_S = 10  # a broker or cache restart takes seconds


class ServiceUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = gettext_lazy("A backing service (broker, cache or database) is unavailable; retry later.")
    default_code = "service_unavailable"


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = gettext_lazy("This Idempotency-Key was used for a different request.")
    default_code = "idempotency_key_reused"


class ApiView(APIView):
    """JSON in, JSON out; backing-service failures become 503, and each request is logged."""

    authentication_classes = [RememberingTokenAuthentication, StaffBasicAuthentication, SessionAuthentication]
    renderer_classes = [JSONRenderer]
    parser_classes = [BoundedJSONParser]
    task_id: str | None = None

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, UNAVAILABLE):
            logger.error("api %s %s: backing service unavailable: %s", self.request.method,
                         self.request.path, exc)
            exc = ServiceUnavailable()
        response = super().handle_exception(exc)
        if isinstance(exc, ServiceUnavailable):
            response["Retry-After"] = str(RETRY_AFTER_S)
        return response

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        user = getattr(request, "_user", None)  # read without re-running authentication
        logger.info("api %s %s -> %s user=%s task=%s", request.method, request.path, response.status_code,
                    getattr(user, "username", None) or "anonymous", self.task_id or "-")
        return response


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="A retried POST with the same key (same user, same body) returns the first run "
                "instead of starting another; kept for a day.")


class FlowList(ApiView):
    permission_classes = [CanView]

    @extend_schema(operation_id="flows_list", responses={200: FlowSerializer(many=True), **COMMON_ERRORS})
    def get(self, request: Request) -> Response:
        """Every registered flow, with the options it accepts and its default schedule."""
        return Response(FlowSerializer(all_flows(), many=True).data)


class FlowRuns(ApiView):
    permission_classes = [CanTrigger]
    schema = FlowPathSchema()

    @extend_schema(
        operation_id="flow_runs_create", request=TriggerSerializer, parameters=[IDEMPOTENCY_KEY],
        responses={202: RunAcceptedSerializer, 400: FIELD_ERRORS,
                   404: error("No flow of that name."), 413: error("The body is larger than JSON_BODY_MAX_BYTES."),
                   415: error("The body is not JSON."),
                   422: error("Idempotency-Key reused for a different request."), **COMMON_ERRORS})
    def post(self, request: Request, flow: str) -> Response:
        """Queue a run of `flow` once the request's transaction commits; answers at once with its id."""
        spec = self.flow(flow)
        body = TriggerSerializer(data=request.data, context={"flow": spec})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        key = self.idempotency_key(request)
        run = Run(new_task_id(), spec.name, data["channel_id"], data["dry_run"])
        if key:
            try:
                claim = idempotency.claim(request.user.pk, key, {"flow": spec.name, **data}, run.task_id)
            except idempotency.KeyReused:
                raise KeyReused() from None
            if not claim.first:
                self.task_id = claim.task_id
                return self.accepted(request, Run(claim.task_id, spec.name, run.channel_id, run.dry_run), True)
        try:
            run = enqueue(spec, run.channel_id, run.dry_run, data["kwargs"], task_id=run.task_id)
        except UNAVAILABLE:
            if key:
                idempotency.release(request.user.pk, key)
            raise
        self.task_id = run.task_id
        return self.accepted(request, run, False)

    @staticmethod
    def flow(name: str) -> Flow:
        try:
            return resolve_flow(name)  # our name, or the channel_app_template task it replaces
        except UnknownFlow as exc:
            raise NotFound(str(exc)) from None

    @staticmethod
    def idempotency_key(request: Request) -> str | None:
        key = request.headers.get("Idempotency-Key")
        if key is not None and not 1 <= len(key) <= idempotency.MAX_KEY_LENGTH:
            raise ValidationError({"Idempotency-Key": [_("Must be 1 to 255 characters long.")]})
        return key or None

    def accepted(self, request: Request, run: Run, replayed: bool) -> Response:
        url = request.build_absolute_uri(reverse("channel-api:run-detail", args=[run.task_id]))
        body = RunAcceptedSerializer({
            "task_id": run.task_id, "flow": run.flow, "channel_id": run.channel_id, "dry_run": run.dry_run,
            "status_url": url, "replayed": replayed, "already_running": lock_holder(run.flow, run.channel_id),
        }).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


class RunDetail(ApiView):
    permission_classes = [CanView]

    @extend_schema(operation_id="runs_retrieve",
                   responses={200: RunSerializer, 404: error("No run with that id (never queued here, or expired)."),
                              **COMMON_ERRORS})
    def get(self, request: Request, task_id: str) -> Response:
        """State, progress, summary and error of one run (PENDING until a worker picks it up)."""
        self.task_id = task_id
        found = run_status(task_id)
        if found is None:
            raise NotFound(_("No run with id %(id)s.") % {"id": task_id})
        return Response(RunSerializer({**found.__dict__, "finished": found.finished}).data)
