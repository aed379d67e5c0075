"""A local imitation of Trendyol's seller integration API (product side), for tests and demos.

Run `python -m sandboxes.trendyol --port 8102`; readiness is `GET /_sandbox/health`.
Credentials: API key `sandbox-key`, secret `sandbox-secret`, seller `1000`, User-Agent
`1000 - SelfIntegration`. Speaks the API of docs/trendyol.md under `/integration/...`; control
endpoints are listed in `control.py`. Never imported outside sandboxes/, tests/, bench/.
"""
