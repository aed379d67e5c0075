"""The receiver's URL. Trendyol refuses webhook URLs that contain "trendyol", "dolap" or "localhost"."""
from django.urls import path

from channel.webhooks.receiver import receive

urlpatterns = [path("hooks/orders/<int:channel_id>/", receive, name="order_webhook")]
