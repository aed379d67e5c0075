"""Root URLconf: admin, health probe, the REST API and the /flower/ proxy."""
from django.contrib import admin
from django.urls import include, path

from channel.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

# Apps whose URLconf lands later join here; a missing module is not an error during that time.
for prefix, module in (("", "proxy.urls"), ("", "channel.api.urls"), ("", "channel.webhooks.urls")):
    try:
        urlpatterns.append(path(prefix, include(module)))
    except ModuleNotFoundError as exc:
        if exc.name not in (module, module.rsplit(".", 1)[0]):
            raise
