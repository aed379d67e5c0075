"""Order webhooks: the marketplace pushes package changes; we store them, then import them at once.

    registration.py  create / update / activate / remove the channel's webhook at the marketplace
    credentials.py   the per-channel secret: generated, stored, looked up (briefly cached per process)
    parsing.py       a delivery's body -> validated event rows (bounded size and depth)
    receiver.py      the view: authenticate, validate, one INSERT, enqueue after commit, 200
    queueing.py      enqueue one drain per channel at a time (`channel.process_webhook_events`)
    processing.py    a worker drains a channel's pending events in batches through the order flows
    stats.py         received, failed, pending and lag for the dashboard and `trendyol_webhook status`

Polling stays the source of truth (Trendyol advises it, and deliveries can stop); the webhook
only makes an order arrive within seconds instead of at the next scheduled import.
"""
