"""URLs of the trigger API; config/urls.py includes this module at the root."""
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from channel.api import views
from channel.api.docs import ApiDocsView

app_name = "channel-api"

urlpatterns = [
    path("api/v1/flows/", views.FlowList.as_view(), name="flow-list"),
    path("api/v1/flows/<str:flow>/runs/", views.FlowRuns.as_view(), name="flow-runs"),
    path("api/v1/runs/<str:task_id>/", views.RunDetail.as_view(), name="run-detail"),
    # Like every control surface, the API's own description needs a login (token, staff Basic or session).
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", ApiDocsView.as_view(), name="docs"),
]
