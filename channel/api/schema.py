"""OpenAPI pieces drf-spectacular cannot infer: our Basic scheme and the shared error body."""
from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from channel.flows.registry import all_flows


class StaffBasicScheme(OpenApiAuthenticationExtension):
    target_class = "channel.api.auth.StaffBasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic", "description": "Django credentials of a staff user."}


ERROR = inline_serializer("Error", {"detail": serializers.CharField()})


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ERROR, description=description)


FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Invalid request: lists of messages by field name (or `detail` for a body that is not JSON).")

COMMON_ERRORS = {
    401: error("No or invalid credentials."),
    403: error("Authenticated, but without the permission this action needs."),
    406: error("The Accept header asks for a format the API does not produce."),
    503: error("The broker, cache or database is unavailable; retry later."),
}


class FlowPathSchema(AutoSchema):
    """Documents the `{flow}` path parameter as the registered flow names, read when the schema is built."""

    def get_override_parameters(self):
        flow = OpenApiParameter("flow", OpenApiTypes.STR, OpenApiParameter.PATH,
                                enum=[spec.name for spec in all_flows()], description="A registered flow name.")
        return [*super().get_override_parameters(), flow]
