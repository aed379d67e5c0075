"""Routes for the Flower proxy, included at the site root (`path("", include("proxy.urls"))`).

`/flower` redirects to `/flower/`, because Flower under `--url_prefix` answers 404 without
the slash (mher/flower#1207).
"""
from django.urls import path, re_path
from django.views.generic import RedirectView

from . import views

app_name = "proxy"

urlpatterns = [
    path("flower", RedirectView.as_view(url="/flower/", query_string=True), name="flower-root"),
    re_path(r"^flower/(?P<subpath>.*)$", views.flower, name="flower"),
]
