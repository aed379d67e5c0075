"""`TrendyolWebhooks`: Trendyol's webhook management calls (docs/trendyol.md, "Webhooks").

    create      POST   /webhook/sellers/{id}/webhooks                 -> {"id": "<uuid>"}
    list        GET    /webhook/sellers/{id}/webhooks                 -> [{id, url, authenticationType, status, ...}]
    update      PUT    /webhook/sellers/{id}/webhooks/{hook}          same body as create
    activate    PUT    /webhook/sellers/{id}/webhooks/{hook}/activate
    deactivate  PUT    /webhook/sellers/{id}/webhooks/{hook}/deactivate
    delete      DELETE /webhook/sellers/{id}/webhooks/{hook}

Webhooks exist for order packages only. At most 15 per seller (passive ones count); the URL
must not contain "trendyol", "dolap" or "localhost". An `API_KEY` webhook sends the key in
`x-api-key`; a `BASIC_AUTHENTICATION` one sends Basic credentials.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from channel.adapters.orders import RemotePackage
from channel.adapters.trendyol.order_mappers import package_from_json
from channel.adapters.webhooks import RemoteWebhook, WebhooksAdapter, WebhookSpec

if TYPE_CHECKING:
    from channel.adapters.trendyol.http import TrendyolHTTP


def webhook_body(spec: WebhookSpec) -> dict[str, Any]:
    """The create/update body: the credentials the authentication type needs, nothing else."""
    body: dict[str, Any] = {"url": spec.url, "authenticationType": spec.auth_type}
    if spec.auth_type == "API_KEY":
        body["apiKey"] = spec.secret
    else:
        body.update(username=spec.username, password=spec.secret)
    if spec.statuses:
        body["subscribedStatuses"] = list(spec.statuses)
    return body


def webhook_from_json(row: dict[str, Any]) -> RemoteWebhook:
    return RemoteWebhook(remote_id=str(row.get("id") or ""), url=str(row.get("url") or ""),
                         auth_type=str(row.get("authenticationType") or ""), status=str(row.get("status") or ""),
                         statuses=tuple(row.get("subscribedStatuses") or ()))


class TrendyolWebhooks(WebhooksAdapter):
    """Webhook side of the Trendyol adapter (uses its `http` and `seller_id`)."""

    http: TrendyolHTTP
    seller_id: int

    @property
    def _webhooks_path(self) -> str:
        return f"/webhook/sellers/{self.seller_id}/webhooks"

    def list_webhooks(self) -> list[RemoteWebhook]:
        rows = self.http.call("GET", self._webhooks_path, "webhook.list") or []
        return [webhook_from_json(row) for row in rows]

    def create_webhook(self, spec: WebhookSpec) -> str:
        answer = self.http.call("POST", self._webhooks_path, "webhook.create", json=webhook_body(spec)) or {}
        return str(answer["id"])

    def update_webhook(self, remote_id: str, spec: WebhookSpec) -> None:
        self.http.call("PUT", f"{self._webhooks_path}/{remote_id}", "webhook.update", json=webhook_body(spec),
                       text_ok=True)

    def set_webhook_active(self, remote_id: str, active: bool) -> None:
        verb = "activate" if active else "deactivate"
        self.http.call("PUT", f"{self._webhooks_path}/{remote_id}/{verb}", f"webhook.{verb}", text_ok=True)

    def delete_webhook(self, remote_id: str) -> None:
        self.http.call("DELETE", f"{self._webhooks_path}/{remote_id}", "webhook.delete", text_ok=True)

    def pushed_package(self, body: dict[str, Any]) -> RemotePackage:
        """A delivered package carries the getShipmentPackages fields: the stream's mapping applies."""
        return package_from_json(body)
