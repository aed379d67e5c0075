"""Request parsing and response shapes of the trigger API (DRF serializers; also the OpenAPI schema)."""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from channel.flows.options import InvalidOptions, validate_options
from channel.flows.registry import Flow
from channel.schedules import configured_channels

RESERVED_KWARGS = frozenset({"channel_id", "dry_run"})


def schedule_text(spec: Flow) -> str | None:
    schedule = spec.schedule
    if schedule is None:
        return None
    if schedule.every_minutes:
        return f"every {schedule.every_minutes} min"
    return schedule.description or " ".join(f"{k}={v}" for k, v in sorted((schedule.crontab or {}).items()))


class FlowSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    task_name = serializers.CharField()
    template_alias = serializers.CharField(
        help_text="The channel_app_template task name that also runs this flow (empty when none).")
    default_schedule = serializers.SerializerMethodField()
    options = serializers.DictField(help_text="Options the flow accepts in `kwargs`, with their defaults.")

    def get_default_schedule(self, spec: Flow) -> str | None:
        return schedule_text(spec)


class TriggerSerializer(serializers.Serializer):
    """Body of POST /api/v1/flows/<flow>/runs/; needs the Flow as context["flow"]."""

    channel_id = serializers.IntegerField(
        required=False, allow_null=True, min_value=1,
        help_text="A configured channel; the default is OMNITRON_CHANNEL_ID.")
    dry_run = serializers.BooleanField(required=False, default=False)
    kwargs = serializers.DictField(required=False, default=dict, help_text="Flow options, see the flow's `options`.")

    def validate_channel_id(self, value: int | None) -> int | None:
        channels = configured_channels()
        if value is not None and value not in channels:
            raise serializers.ValidationError(
                _("Channel %(id)s is not configured; configured channels: %(ids)s.")
                % {"id": value, "ids": ", ".join(map(str, channels))})
        return value

    def validate_kwargs(self, value: dict[str, Any]) -> dict[str, Any]:
        """Each option checked against the flow's declaration (type, range); errors by option name."""
        try:
            return validate_options(self.context["flow"], value)
        except InvalidOptions as exc:
            raise serializers.ValidationError({name: [message] for name, message in exc.errors.items()}) from None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("channel_id") is None:
            channels = configured_channels()
            if not channels:
                raise serializers.ValidationError({"channel_id": _("No channel is configured; pass channel_id.")})
            attrs["channel_id"] = channels[0]
        return attrs


class RunAcceptedSerializer(serializers.Serializer):
    task_id = serializers.CharField()
    flow = serializers.CharField()
    channel_id = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    status_url = serializers.URLField()
    replayed = serializers.BooleanField(help_text="True when an Idempotency-Key returned an earlier run.")
    already_running = serializers.CharField(
        allow_null=True, help_text="Task id of a run of this flow and channel holding the lock now; "
                                   "the queued run will then end SKIPPED.")


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)
    stage = serializers.CharField(allow_blank=True)


class RunSerializer(serializers.Serializer):
    task_id = serializers.CharField()
    flow = serializers.CharField(allow_null=True)
    state = serializers.CharField(help_text="PENDING, STARTED, PROGRESS, SUCCESS, FAILURE, RETRY, SKIPPED, REVOKED")
    finished = serializers.BooleanField()
    progress = ProgressSerializer(allow_null=True)
    summary = serializers.DictField(allow_null=True)
    error = serializers.CharField(allow_null=True)
    date_created = serializers.DateTimeField(allow_null=True)
    date_done = serializers.DateTimeField(allow_null=True)
