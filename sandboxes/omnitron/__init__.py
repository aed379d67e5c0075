"""An in-memory Omnitron imitation speaking the dialect described in docs/omnitron.md.

Run it with `python -m sandboxes.omnitron --port 8101 --products 500`. It models Omnitron's
state (products, prices, stocks, images, categories, attributes, integration actions, batch
requests, orders) rather than replaying canned answers, so a flow that commits a batch sees
its objects leave `inserts` exactly as it would against the real service.
"""
